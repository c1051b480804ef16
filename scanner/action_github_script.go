package scanner

import (
	"regexp"
	"strings"

	"github.com/rhysd/actionlint"

	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/knowledge"
	"github.com/pat2app/pat2app/scanner/jsops"
)

// githubScriptAction reads actions/github-script: the API calls of its
// script, through the action's client (its github-token) or through
// clients the script makes with credentials of its own.
type githubScriptAction struct{ baseHandler }

func (githubScriptAction) handles(s *actionStep) bool { return s.name == "actions/github-script" }

// begin keeps the script, read only when a credential reaches the step:
// most github-script steps run on the default token, which is not a
// finding.
func (githubScriptAction) begin(js *jobState, s *actionStep) {
	if in, ok := s.ex.Inputs["script"]; ok && in.Value != nil {
		js.script = &scriptCalls{src: in.Value}
	}
}

// tokenOp records the script's own calls, those through the action's
// client; the action adds an operation of its own only when the script
// loads other code (require), whose calls are not visible.
func (githubScriptAction) tokenOp(js *jobState, s *actionStep, b *builder, op *inventory.Operation) bool {
	if js.script != nil {
		js.script.load(js.a)
		if js.script.err != nil && len(js.script.calls) == 0 {
			b.unresolved(js.script.start, op.Evidence.Text, "github-script code could not be read: "+js.script.err.Error(), op.Subject)
		}
		var own []jsops.Call
		for _, c := range js.script.calls {
			if c.Client == "" {
				own = append(own, c)
			}
		}
		js.scriptOps(b, own)
	}
	return !strings.Contains(s.lit("script"), "require(")
}

// end follows the clients the script makes.
func (githubScriptAction) end(js *jobState, s *actionStep) { js.scriptClients(s.env, s.label) }

// scriptCalls are the API calls of a github-script step.
type scriptCalls struct {
	src   *actionlint.String
	read  bool
	calls []jsops.Call
	err   error
	start int // file line of the script's first line
}

// load reads the script once, on first need.
func (sc *scriptCalls) load(a *analysis) {
	if !sc.read {
		sc.read = true
		sc.calls, sc.err = jsops.Analyze(sc.src.Value)
		sc.start = a.lineMap(sc.src).start
	}
}

// processEnvRE finds process.env.NAME in how a script builds a client.
var processEnvRE = regexp.MustCompile(`process\.env\.([A-Za-z_][A-Za-z0-9_]*)|process\.env\[['"]([^'"]+)['"]\]`)

// scriptClients attributes calls made through clients the script builds
// (github.getOctokit(process.env.ORG_TOKEN)) to the credentials of the
// env vars or expressions those clients are given.
func (js *jobState) scriptClients(env map[string]envEntry, step string) {
	if js.script == nil {
		return
	}
	// A client the script makes carries a credential only through the
	// step's env or an expression in the code.
	code := js.script.src.Value
	if !jsops.MayMakeClient(code) || !hasCreds(env) && !strings.Contains(code, "${{") {
		return
	}
	js.script.load(js.a)
	byClient := map[string][]jsops.Call{}
	var order []string
	for _, c := range js.script.calls {
		if c.Client == "" {
			continue
		}
		if _, ok := byClient[c.Client]; !ok {
			order = append(order, c.Client)
		}
		byClient[c.Client] = append(byClient[c.Client], c)
	}
	for _, client := range order {
		var creds []string
		for _, m := range processEnvRE.FindAllStringSubmatch(client, -1) {
			name := m[1] + m[2]
			if e, ok := env[name]; ok {
				creds = appendUnique(creds, e.creds...)
			}
		}
		for _, sp := range js.a.findExprs(client) {
			for _, r := range sp.Refs {
				creds = appendUnique(creds, js.resolve(r, env)...)
			}
		}
		calls := byClient[client]
		line := js.script.start + calls[0].Line - 1
		for _, c := range creds {
			b := js.a.get(js.id, c)
			b.use(inventory.Use{Line: line, Step: step, Via: inventory.ViaScriptClient, Target: "actions/github-script " + oneLine(client, 80), Subject: inventory.Subject{Action: "actions/github-script"}})
			b.signal(1, true, "an Octokit client made in actions/github-script code")
			js.scriptOps(b, calls)
		}
	}
}

// scriptOps turns github-script calls into operations.
func (js *jobState) scriptOps(b *builder, calls []jsops.Call) {
	js.callOps(b, calls, inventory.Subject{Action: "actions/github-script"}, "", func(i int) inventory.Evidence {
		return at(js.script.start+calls[i].Line-1, oneLine(calls[i].Evidence, 120))
	})
}

// callOps turns JavaScript API calls into operations about subj, each
// with the evidence where gives the call of that index. A call that names
// no repository of its own works on target when that is set.
func (js *jobState) callOps(b *builder, calls []jsops.Call, subj inventory.Subject, target string, where func(i int) inventory.Evidence) {
	for i, c := range calls {
		ev := where(i)
		repo := ""
		switch {
		case target != "" && c.Owner == "" && c.Repo == "" && !c.ContextRepo:
			repo = target
		case c.Owner != "" && c.Repo != "" && !strings.Contains(c.Owner+c.Repo, "${{"):
			repo = c.Owner + "/" + c.Repo
		case c.Owner == "" && c.Repo != "" && !strings.Contains(c.Repo, "${{"):
			repo = "{owner}/" + c.Repo
		}
		switch c.Kind {
		case jsops.KindREST:
			op, ok := knowledge.RestMethod(c.Namespace, c.Method)
			if !ok {
				b.unresolvedAt(inventory.Unresolved{Evidence: ev, Reason: "Octokit method " + c.Namespace + "." + c.Method + " is not in GitHub's OpenAPI description", Subject: subj})
				continue
			}
			o := restOp(op.Method, op.Path, repo, subj, ev)
			o.Name = op.ID
			b.op(o)
		case jsops.KindRequest:
			m, p, ok := strings.Cut(strings.TrimSpace(c.Route), " ")
			if !ok {
				m, p = "GET", c.Route
			}
			if r := repoOfPath(p); r != "" {
				repo = r
			}
			b.op(restOp(strings.ToUpper(m), p, repo, subj, ev))
		case jsops.KindGraphQL:
			for _, o := range c.GraphQL {
				js.gqlOperation(b, o, ev, subj)
			}
			if len(c.GraphQL) == 0 {
				b.unresolvedAt(inventory.Unresolved{Evidence: ev, Reason: "GraphQL document is built at run time", Subject: subj})
			}
		case jsops.KindExec:
			b.unresolvedAt(inventory.Unresolved{Evidence: ev, Reason: "runs " + oneLine(c.Route, 100) + "; which credentials it uses and what it changes is not read", Subject: subj})
		default:
			b.unresolvedAt(inventory.Unresolved{Evidence: ev, Reason: "GitHub API call that cannot be resolved", Subject: subj})
		}
	}
}
