package scanner

import (
	"cmp"
	"regexp"
	"slices"
	"strings"

	"github.com/rhysd/actionlint"

	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/knowledge"
	"github.com/pat2app/pat2app/scanner/jsops"
	"github.com/pat2app/pat2app/scanner/repocode"
	"github.com/pat2app/pat2app/scanner/shellops"
)

// githubScriptAction reads actions/github-script: the API calls of its
// script, through the action's client (its github-token) or through
// clients the script makes with credentials of its own.
type githubScriptAction struct{ baseHandler }

func (githubScriptAction) handles(s *actionStep) bool { return s.name == "actions/github-script" }

// begin keeps the script, read when a credential reaches the step: the
// one given to github-token, else the workflow's token (end).
func (githubScriptAction) begin(js *jobState, s *actionStep) {
	if in, ok := s.ex.Inputs["script"]; ok && in.Value != nil {
		js.script = &scriptCalls{src: in.Value}
	}
}

// tokenOp records the script's own calls, those through the action's
// client; the action adds an operation of its own only when the script
// loads other code (require), whose calls are not visible.
func (githubScriptAction) tokenOp(js *jobState, s *actionStep, b *builder, op *inventory.Operation) bool {
	allRead := true
	if js.script != nil {
		js.script.load(js.a)
		if js.script.err != nil && len(js.script.calls) == 0 {
			b.unresolved(js.script.start, op.Evidence.Text, "github-script code could not be read: "+js.script.err.Error(), op.Subject)
		}
		js.followModules(s)
		var own []jsops.Call
		for _, c := range js.script.calls {
			if c.Client != "" || js.script.onDefault && viaFetch(c) {
				continue
			}
			if c.Kind == jsops.KindUnknown && js.script.moduleRead(c.Evidence) {
				continue // the module's own calls are reported
			}
			own = append(own, c)
		}
		js.scriptOps(b, withStepEnv(own, s.env, js.a.self))
		allRead = js.script.allModulesRead()
		// A comment the script posts may hold an agent's mention
		// (`@claude fix this`), written in its text.
		js.noteAgentMentions(js.script.src.Value, js.script.start, map[string]bool{b.f.Credential: true})
	}
	return !strings.Contains(s.lit("script"), "require(") || allRead
}

// withStepEnv writes into the calls' repositories named at run time the
// step's env values they read (owner: process.env.REPO_OWNER) when those
// are known: literal text, or this repository's name and owner
// (${{ github.repository_owner }}), with self's when self is known. A
// repository whose every part is then known is no longer a run-time one.
// calls is changed in place.
func withStepEnv(calls []jsops.Call, env map[string]envEntry, self string) []jsops.Call {
	selfOwner, selfName, selfKnown := strings.Cut(self, "/")
	here := strings.NewReplacer("{owner}", selfOwner, "{repo}", selfName)
	placeholders := strings.NewReplacer("{owner}", "", "{repo}", "")
	for i := range calls {
		c := &calls[i]
		parts := strings.SplitN(c.RunTimeRepo, "/", 2)
		if !strings.Contains(c.RunTimeRepo, "{process.env.") || len(parts) != 2 {
			continue
		}
		for k, p := range parts {
			varName, ok := strings.CutPrefix(p, "{process.env.")
			e, set := env[strings.TrimSuffix(varName, "}")]
			v, known := withKnownExprs(e.raw)
			if !ok || !set || !known || v == "" || strings.Contains(v, "/") {
				continue
			}
			if selfKnown {
				v = here.Replace(v)
			}
			parts[k] = v
		}
		repo := parts[0] + "/" + parts[1]
		if strings.Contains(placeholders.Replace(repo), "{") {
			c.RunTimeRepo = repo // what is known, written in
			continue
		}
		c.Owner, c.Repo, c.RunTimeRepo = parts[0], parts[1], ""
	}
	return calls
}

// end follows the clients the script makes, and the local modules it
// loads. A step that gives no github-token runs the script's client on the
// workflow's token (the input's default is github.token): its calls are
// that token's, as those of any action's input that defaults to it, so a
// permissions block written for the job keeps them.
func (githubScriptAction) end(js *jobState, s *actionStep) {
	js.scriptClients(s.env, s.label)
	if js.script == nil {
		return
	}
	if !hasInput(s.ex, "github-token") && js.script.usesClient(js.a) {
		b := js.a.get(js.id, shellops.DefaultToken)
		ev := s.name + " github-token (default: ${{ github.token }})"
		b.use(inventory.Use{Line: s.line, Step: s.label, Via: inventory.ViaInput, Target: ev,
			Subject: inventory.Subject{Action: s.name, Input: "github-token"}})
		js.script.onDefault = true
		js.tokenOp(s, b, "github-token", s.line, ev)
		js.script.onDefault = false
	}
	js.followModules(s)
	for _, m := range js.script.modules {
		if !m.res.Handled {
			continue
		}
		for _, u := range m.res.Uses {
			js.shellUse(u, s.label, s.env)
		}
		for _, p := range m.res.Pending {
			// A module the loaded code loads that is not in the checkout.
			js.shellUse(p.Use, s.label, s.env)
		}
	}
}

// usesClient reports whether the script calls the API through the
// action's client, or loads code that may.
func (sc *scriptCalls) usesClient(a *analysis) bool {
	sc.load(a)
	if strings.Contains(sc.src.Value, "require") || strings.Contains(sc.src.Value, "import") {
		return true
	}
	return slices.ContainsFunc(sc.calls, func(c jsops.Call) bool { return c.Client == "" && !viaFetch(c) })
}

// viaFetch reports whether a call is a fetch request, which sends the
// headers the script writes, never the action's token.
func viaFetch(c jsops.Call) bool { return strings.HasPrefix(c.Evidence, "fetch") }

// followedModule is a local module a github-script script loads, and what
// reading it found.
type followedModule struct {
	spec string
	res  shellops.Followed
}

// moduleRead reports whether an unknown call "require SPEC" is a module
// that was read, or a built-in one that needs no reading.
func (sc *scriptCalls) moduleRead(evidence string) bool {
	spec, ok := strings.CutPrefix(evidence, "require ")
	if !ok {
		return false
	}
	if knowledge.IsInertNodeBuiltin(spec) {
		return true // nothing to read: no program, no request
	}
	for _, m := range sc.modules {
		if m.spec == spec && m.res.Handled {
			return true
		}
	}
	return false
}

// allModulesRead reports whether every module the script loads was read
// (built-in modules that run no program and send no request need no
// reading); a script that does not parse is never all read.
func (sc *scriptCalls) allModulesRead() bool {
	if !sc.followed || sc.err != nil || sc.unfollowed > 0 {
		return false
	}
	for _, m := range sc.modules {
		if !m.res.Handled {
			return false
		}
	}
	return true
}

// workspaceSpec turns how a script names a module from the workspace into
// a path the follower reads: ${{ github.workspace }}/x, process.cwd()/x.
var workspaceSpec = strings.NewReplacer(
	"${{ github.workspace }}", "{GITHUB_WORKSPACE}", "${{github.workspace}}", "{GITHUB_WORKSPACE}",
	"${process.env.GITHUB_WORKSPACE}", "{GITHUB_WORKSPACE}", "${process.cwd()}", "{GITHUB_WORKSPACE}")

// followModules reads, once per step, the local modules the script loads
// with require or import, handing them the action's client (its
// github-token) and the step's environment.
func (js *jobState) followModules(s *actionStep) {
	sc := js.script
	if sc == nil || sc.followed {
		return
	}
	sc.followed = true
	code := sc.src.Value
	if !strings.Contains(code, "require") && !strings.Contains(code, "import") {
		return
	}
	env := credentialEnv(s.env)
	client := []string{shellops.DefaultToken} // the input's default
	if in, ok := s.ex.Inputs["github-token"]; ok {
		client = nil
		if in.Value != nil {
			js.eachCred(in.Value, s.env, func(c string, _ int) { client = appendUnique(client, c) })
		}
	}
	var requires []jsops.Require
	for _, rq := range jsops.Requires(code) {
		if !knowledge.IsInertNodeBuiltin(rq.Spec) {
			requires = append(requires, rq) // fs, path, ...: no program, no request
		}
	}
	if len(env) == 0 && len(client) == 0 && len(js.persisted) == 0 && len(js.stored) == 0 {
		sc.unfollowed = len(requires)
		return
	}
	start := js.a.lineMap(sc.src).start
	for _, rq := range requires {
		spec := workspaceSpec.Replace(rq.Spec)
		if !strings.HasPrefix(spec, "./") && !strings.HasPrefix(spec, "../") && !strings.HasPrefix(spec, "{GITHUB_WORKSPACE}") {
			sc.unfollowed++ // a package, or a path built at run time
			continue
		}
		res := js.a.rs.code.FollowModule(repocode.ModuleRun{Spec: spec, Env: env, Client: client,
			Line: start + rq.Line - 1, Evidence: "require " + rq.Spec, Members: rq.Members,
			Base: shellops.Input{Repo: js.a.self, Persisted: js.persisted, Stored: js.stored, RepoRoot: js.repoRoot, NPMRegistry: js.npmRegistry}})
		sc.modules = append(sc.modules, followedModule{spec: rq.Spec, res: res})
	}
}

// scriptCalls are the API calls of a github-script step.
type scriptCalls struct {
	src   *actionlint.String
	read  bool
	calls []jsops.Call
	err   error
	start int // file line of the script's first line
	// onDefault is set while the calls are read as the workflow's token's,
	// the client's when the step gives no github-token (fetch requests
	// are left out: they send their own headers).
	onDefault bool
	// followed is set once the local modules the script loads are read;
	// modules holds them, unfollowed counts the ones not read (a package,
	// a path built at run time or outside the workspace).
	followed   bool
	modules    []followedModule
	unfollowed int
	// inlineRead is set once the body is read for what it does with the
	// step's env (envRead); inline holds it when inlineOK.
	inlineRead, inlineOK bool
	inline               shellops.Followed
	inlineCreds          []string
	// envUnseen caches mayReadEnvUnseen of the body, asked once per
	// variable of the step's env.
	envUnseen *bool
}

// readsEnvUnseen is mayReadEnvUnseen of the body, read once.
func (sc *scriptCalls) readsEnvUnseen() bool {
	if sc.envUnseen == nil {
		v := mayReadEnvUnseen(sc.src.Value)
		sc.envUnseen = &v
	}
	return *sc.envUnseen
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
		if c.RunTimeRepo != "" && target == "" {
			// A repository named at run time: it may be another one.
			// (An action's code that names it from its inputs works on
			// the target the step gives.)
			repo = inventory.RunTimeRepo(c.RunTimeRepo)
		}
		if repo == "" && target == "" && strings.Contains(c.Owner+c.Repo, "${{") {
			// owner: '${{ secrets.NOTIFY_OWNER }}' in the script: a
			// repository the workflow names only when it runs, which may be
			// another one than this.
			repo = githubScriptRunTimeRepo(js, c.Owner, c.Repo)
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
			o.Params = inventory.RESTParams(c.TeamReviewers, c.State, c.OtherItem)
			if why := jsops.RefWorkflows(c, op.Method, op.Path); why != "" {
				o.TouchesWorkflows, o.WorkflowsBecause = true, why
			}
			o.TagsOnly = jsops.RefTagsOnly(c, op.Method, op.Path)
			b.op(o)
		case jsops.KindRequest:
			m, p, ok := strings.Cut(strings.TrimSpace(c.Route), " ")
			if !ok {
				m, p = "GET", c.Route
			}
			if r := repoOfPath(p); r != "" {
				repo = r
			}
			o := restOp(strings.ToUpper(m), p, repo, subj, ev)
			if why := jsops.RefWorkflows(c, m, p); why != "" {
				o.TouchesWorkflows, o.WorkflowsBecause = true, why
			}
			o.TagsOnly = jsops.RefTagsOnly(c, m, p)
			b.op(o)
		case jsops.KindGraphQL:
			for _, o := range c.GraphQL {
				js.gqlOperation(b, o, ev, subj)
			}
			if len(c.GraphQL) == 0 {
				b.unresolvedAt(inventory.Unresolved{Evidence: ev, Reason: "GraphQL document is built at run time", Subject: subj})
			}
		case jsops.KindOther:
			// A request to a host other than GitHub's: no permission.
		case jsops.KindExec:
			b.unresolvedAt(inventory.Unresolved{Evidence: ev, Reason: "runs " + oneLine(c.Route, 100) + "; which credentials it uses and what it changes is not read", Subject: subj})
		default:
			b.unresolvedAt(inventory.Unresolved{Evidence: ev, Reason: "GitHub API call that cannot be resolved", Subject: subj})
		}
	}
}

// scriptMayReadEnv finds what in a github-script script can read an
// environment variable without naming it: process.env taken whole or
// indexed at run time, and code that runs other code or programs (which
// inherit the environment).
var scriptMayReadEnv = regexp.MustCompile(`process\.env\s*(?:[^.\s\[]|\[\s*[^'"\s]|$)|process\.env\s*\.\s*[^A-Za-z_$]|\b(?:exec|execSync|execFile|spawn|spawnSync|fork|eval|Function)\b`)

// scriptLoads finds what loads modules in a github-script script: the
// script's reading (loadsOnlyInert) says which.
var scriptLoads = regexp.MustCompile(`\b(?:require|import)\b`)

// loadsOnlyInert reports whether every module a github-script script
// loads is a Node.js built-in that neither runs programs nor sends
// requests (require('fs')): such a script runs no code that could read
// the environment unseen. A script that cannot be read, loads a package
// or a file of the repository, or names what it loads at run time does
// not.
func loadsOnlyInert(code string) bool {
	prog, err := jsops.AnalyzeProgram(code, jsops.ProgramOptions{Inline: true})
	if err != nil || prog == nil || prog.LoadsUnknown || len(prog.Imports) > 0 || len(prog.Commands) > 0 {
		return false
	}
	for _, p := range prog.Packages {
		if !knowledge.IsInertNodeBuiltin(p) {
			return false
		}
	}
	return true
}

// envUnread reports a step env variable the inline script never reads:
// its name appears nowhere in the code (process.env.NAME, ${{ env.NAME }})
// and the code neither takes process.env whole nor runs other code or
// programs that would inherit it.
func (githubScriptAction) envUnread(js *jobState, s *actionStep, k string) bool {
	in, ok := s.ex.Inputs["script"]
	if !ok || in.Value == nil {
		return false
	}
	code := in.Value.Value
	if hasWordFold(code, strings.ToLower(k)) {
		return false
	}
	if js != nil && js.script != nil && js.script.src == in.Value {
		return !js.script.readsEnvUnseen()
	}
	return !mayReadEnvUnseen(code)
}

// mayReadEnvUnseen reports whether a github-script script may read an
// environment variable without naming it (scriptMayReadEnv), or loads a
// module that may (loadsOnlyInert).
func mayReadEnvUnseen(code string) bool {
	return scriptMayReadEnv.MatchString(code) || scriptLoads.MatchString(code) && !loadsOnlyInert(code)
}

// envRead records the requests the script body sends with the step's env
// variable k (fetch with an Authorization header, a client made from
// process.env.K) when reading the body accounts for every use of it
// (repocode.FollowInline); the body is read once per step.
func (githubScriptAction) envRead(js *jobState, s *actionStep, k string, creds []string) bool {
	sc := js.script
	if sc == nil || !hasWordFold(sc.src.Value, strings.ToLower(k)) {
		return false
	}
	if !sc.inlineRead {
		sc.inlineRead = true
		env := credentialEnv(s.env)
		sc.load(js.a)
		sc.inline, sc.inlineCreds, sc.inlineOK = js.a.rs.code.FollowInline(repocode.InlineRun{Code: sc.src.Value, Env: env, Line: sc.start,
			Evidence: "actions/github-script script",
			Base:     shellops.Input{Repo: js.a.self, Persisted: js.persisted, Stored: js.stored, RepoRoot: js.repoRoot, NPMRegistry: js.npmRegistry}})
	}
	if !sc.inlineOK {
		return false
	}
	if !slices.ContainsFunc(creds, func(c string) bool { return slices.Contains(sc.inlineCreds, c) }) {
		// Read whole, with no call and no flow from the variable: the
		// body only tests it (!!process.env.K, if (process.env.K)), which
		// is no use, unless it reaches the environment some other way.
		return !sc.readsEnvUnseen()
	}
	for _, u := range sc.inline.Uses {
		if slices.Contains(creds, u.Credential) {
			js.shellUse(u, s.label, s.env)
		}
	}
	return true
}

// credentialEnv is a step's environment as code it runs sees the credentials
// in it: the variables that carry one.
func credentialEnv(env map[string]envEntry) map[string][]string {
	out := map[string][]string{}
	for k, e := range env {
		if len(e.creds) > 0 {
			out[k] = e.creds
		}
	}
	return out
}

// githubScriptNames reports an actions/github-script step whose script
// body names the variable k (process.env.K).
func githubScriptNames(s *actionStep, k string) bool {
	if _, ok := s.h.(githubScriptAction); !ok {
		return false
	}
	in, ok := s.ex.Inputs["script"]
	return ok && in != nil && in.Value != nil && hasWordFold(in.Value.Value, strings.ToLower(k))
}

// githubScriptRunTimeRepo names, as inventory.RunTimeRepo writes it, the
// repository of a github-script call whose owner or repo holds a workflow
// expression: the expressions the workflow knows are written in, the
// others kept as written; an owner or repo not given is this
// repository's. "" when every expression is known and names this
// repository.
func githubScriptRunTimeRepo(js *jobState, owner, repo string) string {
	owner, repo = js.expandKnown(owner), js.expandKnown(repo)
	self := js.a.self
	selfOwner, selfName, _ := strings.Cut(self, "/")
	if owner == "" {
		owner = cmp.Or(selfOwner, "{owner}")
	}
	if repo == "" {
		repo = cmp.Or(selfName, "{repo}")
	}
	full := withOwner(owner, self) + "/" + repo
	if !strings.Contains(full, "${{") {
		if isOwnRepoValue(full, self) {
			return ""
		}
		return full
	}
	return inventory.RunTimeRepo(full)
}
