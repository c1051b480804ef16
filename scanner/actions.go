package scanner

import (
	"path"
	"regexp"
	"sort"
	"strings"

	"github.com/rhysd/actionlint"

	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/knowledge"
	"github.com/pat2app/pat2app/repofiles"
	"github.com/pat2app/pat2app/scanner/gqlops"
	"github.com/pat2app/pat2app/scanner/jsops"
	"github.com/pat2app/pat2app/scanner/shellops"
)

// mintingActions mint GitHub App installation tokens from an App id and
// private key; their `token` output is an App token.
var mintingActions = map[string]bool{
	"actions/create-github-app-token":                          true,
	"tibdex/github-app-token":                                  true,
	"getsentry/action-github-app-token":                        true,
	"navikt/github-app-token-generator":                        true,
	"peter-murray/workflow-application-token-action":           true,
	"machine-learning-apps/actions-app-token":                  true,
	"jnwng/github-app-installation-token-action":               true,
	"electron/github-app-auth-action":                          true,
	"cloudposse/github-action-github-app-token":                true,
	"wow-actions/use-app-token":                                true,
	"philips-software/app-token-action":                        true,
	"labd/action-gh-app-token":                                 true,
	"actions-cool/github-app-token":                            true,
	"kurtjd/gh-app-token":                                      true,
	"googleapis/code-suggester/github-app-token":               true,
	"uesteibar/github-app-token":                               true,
	"bitwarden/gh-actions/get-github-app-token":                true,
	"equinor/github-app-token":                                 true,
	"grafana/shared-workflows/actions/create-github-app-token": true,
}

// nonGitHubActionPrefixes are actions whose credentials go to another service.
var nonGitHubActionPrefixes = []string{
	"aws-actions/", "azure/", "google-github-actions/", "codecov/", "slackapi/", "rtcamp/action-slack-notify",
	"8398a7/action-slack", "pypa/gh-action-pypi-publish", "huggingface/", "cloudflare/", "amondnet/vercel-action",
	"netlify/", "nwtgck/actions-netlify", "appleboy/", "webfactory/ssh-agent", "crazy-max/ghaction-import-gpg",
	"sonarsource/", "coverallsapp/", "1password/", "hashicorp/vault-action", "hashicorp/setup-terraform",
	"sentry/", "getsentry/action-release", "docker/setup-", "js-devtools/npm-publish", "snyk/", "chromaui/",
	"cachix/", "pulumi/", "firebaseextended/", "w9jds/firebase-action", "dawidd6/action-send-mail",
	"discord", "appleboy/telegram-action", "mattermost/", "zulip/", "datadog/", "digitalocean/",
	"superfly/", "cypress-io/", "ruby/setup-ruby", "rubygems/", "rust-lang/crates-io-auth-action",
}

// tokenMintInputs are the App credentials a minting action takes.
var appKeyInputs = map[string]bool{"private-key": true, "private_key": true, "app-private-key": true, "app_private_key": true, "app-key": true, "pem": true}

// isGitHubTokenVar reports env names that hold a GitHub token for a tool
// that reads several (goreleaser's HOMEBREW_TAP_GITHUB_TOKEN, ...).
func isGitHubTokenVar(name string) bool {
	up := strings.ToUpper(name)
	for _, suf := range []string{"GITHUB_TOKEN", "GH_TOKEN", "GITHUB_PAT", "GH_PAT"} {
		if up == suf || strings.HasSuffix(up, "_"+suf) {
			return true
		}
	}
	return false
}

func isMinting(name string) bool {
	if mintingActions[name] {
		return true
	}
	return strings.HasSuffix(name, "github-app-token") || strings.HasSuffix(name, "create-github-app-token")
}

func isNonGitHubAction(name string) bool {
	for _, p := range nonGitHubActionPrefixes {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}

// action analyses a `uses:` step: its inputs and env.
func (js *jobState) action(st *actionlint.Step, ex *actionlint.ExecAction, step string, env map[string]envEntry) {
	if ex.Uses == nil {
		return
	}
	a := js.a
	uses := ex.Uses.Value
	name := actionRef(uses)
	info, known := knowledge.ActionShared(uses)
	if known {
		name = info.Name
	}
	minting := isMinting(name)
	if minting && st.ID != nil {
		js.minting[st.ID.Value] = true
	}
	inputs := make([]string, 0, len(ex.Inputs))
	for k := range ex.Inputs {
		inputs = append(inputs, k)
	}
	sort.Strings(inputs)
	lit := func(k string) string {
		if in, ok := ex.Inputs[k]; ok && in.Value != nil {
			return expandEnv(in.Value.Value, env)
		}
		return ""
	}
	js.stepInputs = ex.Inputs
	// Non-credential facts of the step that matter to operations.
	if name == "actions/setup-node" {
		if u := lit("registry-url"); u != "" {
			js.npmRegistry = hostOf(u)
		}
	}
	if name == "actions/checkout" {
		js.noteCheckout(lit("repository"), lit("path"))
	}
	// github-script code: read once; calls through the action's client
	// belong to its github-token, calls through a client the script makes
	// belong to the credential that client is given.
	js.script = nil
	if name == "actions/github-script" {
		if in, ok := ex.Inputs["script"]; ok && in.Value != nil {
			// Read when a credential reaches the step: most github-script
			// steps run on the default token, which is not a finding.
			js.script = &scriptCalls{src: in.Value}
		}
	}
	for _, k := range inputs {
		in := ex.Inputs[k]
		if in == nil || in.Value == nil {
			continue
		}
		for _, ref := range a.stringExprs(in.Value) {
			var creds []string
			for _, r := range ref.span.Refs {
				for _, c := range js.resolve(r, env) {
					a.get(js.id, c).line(ref.line)
					if !ref.span.Existence {
						creds = appendUnique(creds, c)
					}
				}
			}
			for _, c := range creds {
				js.actionInput(c, k, ref.line, step, uses, name, info, known, minting, lit)
			}
		}
	}
	// Env of the step that an action reads a token from.
	if st.Env != nil {
		for k, e := range env {
			if e.level != "step" || len(e.creds) == 0 {
				continue
			}
			js.actionEnv(k, e, step, uses, name, info, known, lit)
		}
	}
	js.persistedUse(name, uses, step, info, known, ex, lit)
	js.buildPush(name, step, ex, lit)
	for k, e := range env {
		if e.level == "step" || len(e.creds) == 0 {
			continue
		}
		// Inherited env reaches the action too; count it when the action is
		// known to read that variable.
		if known && (containsFold(info.TokenEnv, k) || len(info.TokenEnv) > 0 && isGitHubTokenVar(k)) {
			js.actionEnv(k, e, step, uses, name, info, known, lit)
		}
	}
	js.scriptClients(env, step)
}

// persistedUse records what an action does with the credentials an earlier
// actions/checkout persisted: a known pusher pushes with them; an action not
// in the knowledge base may, which a reviewer must check.
func (js *jobState) persistedUse(name, uses, step string, info knowledge.ActionInfo, known bool, ex *actionlint.ExecAction, lit func(string) string) {
	if len(js.persisted) == 0 || name == "actions/checkout" || strings.HasPrefix(name, "actions/") {
		return
	}
	line := 0
	if ex.Uses.Pos != nil {
		line = ex.Uses.Pos.Line
	}
	for _, c := range js.persisted {
		b := js.a.get(js.id, c)
		switch {
		case known && strings.Contains(strings.ToLower(info.TokenInputsText), "persisted"):
			b.use(inventory.Use{Line: line, Step: step, Via: "checkout-persisted", Target: name})
			b.signal(1, true, name+" pushes with the persisted credentials")
			js.knownActionOp(b, name, "(persisted credentials)", line, name+" (pushes with the credentials actions/checkout persisted)", info, lit)
		case !known && !isNonGitHubAction(name) && !strings.HasPrefix(name, "docker://") && mayWriteGit(name):
			b.use(inventory.Use{Line: line, Step: step, Via: "checkout-persisted", Target: name})
			b.unresolved(line, name+" runs with the credentials actions/checkout persisted", "action "+name+" is not in the knowledge base; it may push with them")
		}
	}
}

// buildPush records a docker/build-push-action push to ghcr.io as a push
// with the credentials docker/login-action logged in with.
func (js *jobState) buildPush(name, step string, ex *actionlint.ExecAction, lit func(string) string) {
	if name != "docker/build-push-action" || len(js.ghcrLogin) == 0 || strings.ToLower(strings.TrimSpace(lit("push"))) != "true" {
		return
	}
	tags := lit("tags")
	if !strings.Contains(strings.ToLower(tags), "ghcr.io") && !strings.Contains(tags, "${{") {
		return
	}
	line := 0
	if ex.Uses.Pos != nil {
		line = ex.Uses.Pos.Line
	}
	for _, c := range js.ghcrLogin {
		b := js.a.get(js.id, c)
		b.use(inventory.Use{Line: line, Step: step, Via: "stored", Target: "docker/build-push-action push ghcr.io"})
		b.op(inventory.Operation{Kind: inventory.OpDocker, Method: "DOCKER", Path: "push " + oneLine(tags, 80), Name: "push", Line: line, Evidence: "docker/build-push-action push: true, tags " + oneLine(tags, 80)})
	}
}

// expandMatrix replaces ${{ matrix.NAME }} with NAME's value when the job's
// matrix gives it exactly one (a common way to name a target repository).
func (js *jobState) expandMatrix(v string) string {
	if !strings.Contains(v, "matrix.") || js.job.Strategy == nil || js.job.Strategy.Matrix == nil {
		return v
	}
	m := js.job.Strategy.Matrix
	return substituteExprs(v, func(text string) (string, bool) {
		name, ok := strings.CutPrefix(text, "matrix.")
		if !ok {
			return "", false
		}
		row := m.Rows[strings.ToLower(name)]
		if row == nil || len(row.Values) != 1 {
			return "", false
		}
		str, ok := row.Values[0].(*actionlint.RawYAMLString)
		if !ok {
			return "", false
		}
		return str.Value, true
	})
}

// gitWriteWords are words in an action's name that suggest it commits,
// pushes or publishes with the repository's git credentials.
var gitWriteWords = map[string]bool{
	"push": true, "commit": true, "git": true, "release": true, "publish": true, "deploy": true, "pages": true,
	"changelog": true, "changes": true, "version": true, "bump": true, "tag": true, "sync": true, "merge": true,
	"rebase": true, "backport": true, "pr": true, "pull": true, "request": true, "update": true, "auto": true,
	"format": true, "fix": true, "docs": true, "readme": true, "generate": true, "mirror": true,
}

// mayWriteGit reports whether an action's name suggests git writes.
func mayWriteGit(name string) bool {
	for _, w := range strings.FieldsFunc(strings.ToLower(name), func(r rune) bool { return r == '/' || r == '-' || r == '_' || r == '.' }) {
		if gitWriteWords[w] {
			return true
		}
	}
	return false
}

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
		for _, sp := range findExprs(client) {
			for _, r := range sp.Refs {
				creds = appendUnique(creds, js.resolve(r, env)...)
			}
		}
		calls := byClient[client]
		line := js.script.start + calls[0].Line - 1
		for _, c := range creds {
			b := js.a.get(js.id, c)
			b.use(inventory.Use{Line: line, Step: step, Via: "script-client", Target: "actions/github-script " + oneLine(client, 80)})
			b.signal(1, true, "an Octokit client made in actions/github-script code")
			js.scriptOps(b, calls)
		}
	}
}

// hasCreds reports whether any variable of env carries a credential.
func hasCreds(env map[string]envEntry) bool {
	for _, e := range env {
		if len(e.creds) > 0 {
			return true
		}
	}
	return false
}

func containsFold(list []string, s string) bool {
	for _, l := range list {
		if strings.EqualFold(l, s) {
			return true
		}
	}
	return false
}

// actionInput records one credential passed to an action input.
func (js *jobState) actionInput(c, input string, line int, step, uses, name string, info knowledge.ActionInfo, known, minting bool, lit func(string) string) {
	a := js.a
	b := a.get(js.id, c)
	b.use(inventory.Use{Line: line, Step: step, Via: "input", Target: name + " " + input})
	ev := name + " " + input
	switch {
	case minting:
		if appKeyInputs[input] || strings.Contains(input, "private") || strings.Contains(input, "key") {
			b.appKey = true
			b.signal(1, true, "App private key of "+name)
			return
		}
		if strings.Contains(input, "app") && strings.Contains(input, "id") || input == "client-id" || input == "client_id" {
			b.appKey = true
			b.signal(1, true, "App id of "+name)
			return
		}
		b.signal(0, false, "")
		return
	case name == "docker/login-action":
		reg := strings.ToLower(lit("registry"))
		if input == "username" {
			b.signal(-1, false, "a registry user name, not a credential")
			return
		}
		if input == "password" {
			if strings.Contains(reg, "ghcr.io") || strings.Contains(reg, "docker.pkg.github.com") {
				b.signal(1, true, "docker/login-action password for ghcr.io")
				b.op(inventory.Operation{Kind: inventory.OpDocker, Method: "DOCKER", Path: "login ghcr.io", Name: "login", Line: line, Evidence: ev})
				js.ghcrLogin = appendUnique(js.ghcrLogin, b.f.Credential)
				// Later docker commands in run steps push with this login.
				js.stored = append(js.stored, shellops.Stored{Tool: "docker", Host: "ghcr.io", Credentials: []string{b.f.Credential}})
				return
			}
			if strings.Contains(reg, "${{") {
				b.signal(0, false, "")
				b.unresolved(line, ev, "registry is chosen at run time")
				return
			}
			b.signal(-1, true, "docker/login-action for "+firstNonEmpty(reg, "Docker Hub"))
			return
		}
	case known && containsFold(info.TokenInputs, input):
		b.signal(1, true, "token input of "+name)
		js.knownActionOp(b, name, input, line, ev, info, lit)
		return
	case known && name == "actions/checkout" && input == "ssh-key":
		b.signal(0, false, "actions/checkout ssh-key (deploy key)")
		b.unresolved(line, ev, "an SSH deploy key, not a token; an App token given as `token:` can replace it")
		return
	case strings.HasPrefix(name, "./"):
		if callee := js.localAction(name); callee != nil {
			js.fromCallee(b, callee, "inputs."+input)
			return
		}
	case isNonGitHubAction(name):
		b.signal(-1, true, "input of "+name)
		return
	case !known && gitHubTokenInputs[input]:
		b.signal(1, false, "input "+input+" of "+name)
		if strings.HasPrefix(name, "./") {
			b.unresolved(line, ev, "passed to the local action "+name+"; see its own findings")
		} else {
			b.unresolved(line, ev, "action "+name+" is not in the knowledge base; what it does with the token is not known")
		}
		b.op(inventory.Operation{Kind: inventory.OpAction, Method: "ACTION", Path: name, Name: name, Line: line, Evidence: ev, Args: js.inputArgs(input)})
		return
	}
	if known && !containsFold(info.TokenInputs, input) && !isTokenish(input) {
		b.signal(0, false, "")
		b.unresolved(line, ev, "passed to input "+input+" of "+name+", which is not a token input")
		return
	}
	b.signal(0, false, "")
	b.unresolved(line, ev, "passed to "+name+" input "+input+"; its use is not visible")
}

// inputArgs are an action operation's details: the credential's input and
// the step's literal inputs, which change what an action does (reactions
// only, a target repository, a plugin). Credentials never go here.
func (js *jobState) inputArgs(input string) map[string]string {
	args := map[string]string{"input": input}
	for k, in := range js.stepInputs {
		if in == nil || in.Value == nil || k == "script" || k == "query" {
			continue
		}
		if v := in.Value.Value; v != "" && len(v) <= 200 && !strings.Contains(strings.ToLower(v), "secrets.") && !mayHoldToken([]byte(v)) {
			args[k] = oneLine(v, 120)
		}
	}
	return args
}

// knownActionOp records the operation of a known action's token input, with
// the special cases that change what later steps do.
func (js *jobState) knownActionOp(b *builder, name, input string, line int, ev string, info knowledge.ActionInfo, lit func(string) string) {
	args := js.inputArgs(input)
	op := inventory.Operation{Kind: inventory.OpAction, Method: "ACTION", Path: name, Name: name, Line: line, Evidence: ev, Args: args}
	switch name {
	case "actions/checkout":
		if r := lit("repository"); r != "" {
			if strings.Contains(r, "${{") {
				if !strings.Contains(r, "github.repository") {
					b.unresolved(line, "actions/checkout repository: "+oneLine(r, 80), "repository chosen at run time")
				}
			} else {
				op.Repo = r
			}
		}
		if strings.ToLower(lit("persist-credentials")) != "false" {
			// Every credential of this checkout's token (a fallback names
			// several) is what later git commands use; an earlier
			// checkout's are replaced.
			if js.persistedBy != js.stepIndex {
				js.persisted = nil
				js.persistedBy = js.stepIndex
			}
			js.persisted = appendUnique(js.persisted, b.f.Credential)
		}
	case "actions/github-script":
		if js.script != nil {
			js.script.load(js.a)
			if js.script.err != nil && len(js.script.calls) == 0 {
				b.unresolved(js.script.start, ev, "github-script code could not be read: "+js.script.err.Error())
			}
			var own []jsops.Call
			for _, c := range js.script.calls {
				if c.Client == "" {
					own = append(own, c)
				}
			}
			js.scriptOps(b, own)
		}
		if !strings.Contains(lit("script"), "require(") {
			// The script's own calls are the operations; the action adds none.
			return
		}
	case "octokit/request-action":
		if r := lit("route"); r != "" {
			if m, p, ok := strings.Cut(strings.TrimSpace(r), " "); ok {
				b.op(inventory.Operation{Kind: inventory.OpREST, Method: strings.ToUpper(m), Path: strings.TrimSpace(p), Line: line, Evidence: ev, Repo: repoOfPath(p)})
				return
			}
			b.op(inventory.Operation{Kind: inventory.OpREST, Method: "GET", Path: strings.TrimSpace(r), Line: line, Evidence: ev})
			return
		}
	case "octokit/graphql-action":
		js.graphqlOps(b, lit("query"), line, ev)
		return
	}
	for _, k := range []string{"repository", "repo", "target-repo", "target_repo", "destination-repo", "destination_repository"} {
		r := strings.TrimSpace(js.expandMatrix(lit(k)))
		if r == "" || op.Repo != "" {
			continue
		}
		switch {
		case !strings.Contains(r, "${{") && strings.Count(r, "/") == 1:
			op.Repo = r
		case strings.Contains(r, "${{"):
			own := strings.ReplaceAll(r, " ", "")
			if own == "${{github.repository}}" || own == "${{github.event.repository.full_name}}" {
				continue
			}
			if strings.HasPrefix(own, "${{github.repository_owner}}/") && !strings.Contains(strings.TrimPrefix(own, "${{github.repository_owner}}/"), "${{") {
				op.Repo = "{owner}/" + strings.TrimPrefix(own, "${{github.repository_owner}}/")
				continue
			}
			b.unresolved(line, name+" "+k+": "+oneLine(r, 80), "the target repository is chosen at run time; it may be another repository")
		}
	}
	b.op(op)
}

// actionEnv records a credential an action reads from its env.
func (js *jobState) actionEnv(k string, e envEntry, step, uses, name string, info knowledge.ActionInfo, known bool, lit func(string) string) {
	for _, c := range e.creds {
		b := js.a.get(js.id, c)
		ev := name + " env " + k
		b.use(inventory.Use{Line: e.line, Step: step, Via: "env", Target: ev})
		switch {
		case known && (containsFold(info.TokenEnv, k) || len(info.TokenEnv) > 0 && isGitHubTokenVar(k)):
			b.signal(1, true, "token env of "+name)
			js.knownActionOp(b, name, k, e.line, ev, info, lit)
		case isNonGitHubAction(name) || isNotGitHubEnv(k):
			b.signal(-1, false, ev)
		case gitHubTokenEnv[k]:
			b.signal(1, false, ev)
			if known {
				js.knownActionOp(b, name, k, e.line, ev, info, lit)
			} else {
				b.unresolved(e.line, ev, "action "+name+" is not in the knowledge base; what it does with the token is not known")
				b.op(inventory.Operation{Kind: inventory.OpAction, Method: "ACTION", Path: name, Name: name, Line: e.line, Evidence: ev, Args: map[string]string{"env": k}})
			}
		default:
			b.signal(0, false, "")
			b.unresolved(e.line, ev, "env "+k+" of "+name+"; its use is not visible")
		}
	}
}

// scriptOps turns github-script calls into operations.
func (js *jobState) scriptOps(b *builder, calls []jsops.Call) {
	for _, c := range calls {
		l := js.script.start + c.Line - 1
		cev := oneLine(c.Evidence, 120)
		repo := ""
		switch {
		case c.Owner != "" && c.Repo != "" && !strings.Contains(c.Owner+c.Repo, "${{"):
			repo = c.Owner + "/" + c.Repo
		case c.Owner == "" && c.Repo != "" && !strings.Contains(c.Repo, "${{"):
			repo = "{owner}/" + c.Repo
		}
		switch c.Kind {
		case jsops.KindREST:
			op, ok := knowledge.RestMethod(c.Namespace, c.Method)
			if !ok {
				b.unresolved(l, cev, "Octokit method "+c.Namespace+"."+c.Method+" is not in GitHub's OpenAPI description")
				continue
			}
			b.op(inventory.Operation{Kind: inventory.OpREST, Method: op.Method, Path: op.Path, Name: op.ID, Line: l, Evidence: cev, Repo: repo})
		case jsops.KindRequest:
			m, p, ok := strings.Cut(strings.TrimSpace(c.Route), " ")
			if !ok {
				m, p = "GET", c.Route
			}
			if r := repoOfPath(p); r != "" {
				repo = r
			}
			b.op(inventory.Operation{Kind: inventory.OpREST, Method: strings.ToUpper(m), Path: p, Line: l, Evidence: cev, Repo: repo})
		case jsops.KindGraphQL:
			for _, o := range c.GraphQL {
				js.gqlOperation(b, o, l, cev)
			}
			if len(c.GraphQL) == 0 {
				b.unresolved(l, cev, "GraphQL document is built at run time")
			}
		default:
			b.unresolved(l, cev, "GitHub API call that cannot be resolved")
		}
	}
}

// graphqlOps parses a GraphQL document and records its top-level fields.
func (js *jobState) graphqlOps(b *builder, query string, line int, ev string) {
	if strings.TrimSpace(query) == "" || strings.Contains(query, "{__") && !strings.Contains(query, "{") {
		b.unresolved(line, ev, "GraphQL query is not visible")
		return
	}
	ops, err := gqlops.Parse(query)
	if err != nil || len(ops) == 0 {
		b.unresolved(line, ev, "GraphQL query could not be read")
		return
	}
	for _, o := range ops {
		js.gqlOperation(b, o, line, ev)
	}
}

func (js *jobState) gqlOperation(b *builder, o gqlops.Operation, line int, ev string) {
	for _, f := range o.Fields {
		args := map[string]string{"type": o.Type}
		if len(f.Sub) > 0 {
			args["fields"] = strings.Join(f.Sub, ",")
		}
		repo := ""
		if f.Name == "repository" && f.Args["owner"] != "" && f.Args["name"] != "" && !strings.HasPrefix(f.Args["owner"], "$") && !strings.HasPrefix(f.Args["name"], "$") {
			repo = f.Args["owner"] + "/" + f.Args["name"]
		}
		b.op(inventory.Operation{Kind: inventory.OpGraphQL, Method: "GRAPHQL", Path: o.Type + " " + f.Name, Name: f.Name, Line: line, Evidence: ev, Repo: repo, Args: args})
	}
}

// containerCreds handles job container and service credentials.
func (js *jobState) containerCreds(image *actionlint.String, cr *actionlint.Credentials, what string) {
	img := ""
	if image != nil {
		img = strings.ToLower(image.Value)
	}
	for _, s := range []*actionlint.String{cr.Password, cr.Username} {
		if s == nil {
			continue
		}
		for _, ref := range js.a.stringExprs(s) {
			for _, r := range ref.span.Refs {
				for _, c := range js.resolve(r, js.env) {
					b := js.a.get(js.id, c)
					b.use(inventory.Use{Line: ref.line, Via: "container-credentials", Target: what + " " + img})
					if s != cr.Password {
						continue
					}
					if strings.HasPrefix(img, "ghcr.io/") {
						b.signal(1, true, what+" image on ghcr.io")
						b.op(inventory.Operation{Kind: inventory.OpDocker, Method: "DOCKER", Path: "pull " + img, Name: "pull", Line: ref.line, Evidence: what + " credentials for " + img})
					} else {
						b.signal(-1, false, what+" image "+img)
					}
				}
			}
		}
	}
}

// reusableCall handles a job that calls a reusable workflow.
func (js *jobState) reusableCall(wc *actionlint.WorkflowCall) {
	a := js.a
	uses := ""
	line := 0
	if wc.Uses != nil {
		uses = wc.Uses.Value
		if wc.Uses.Pos != nil {
			line = wc.Uses.Pos.Line
		}
	}
	localPath, local := isLocalWorkflow(uses)
	var callee *fileResult
	if local {
		if f, ok := a.rs.byPath[localPath]; ok {
			callee = a.rs.file(f)
		}
	}
	// A ghcr.io image among the call's inputs says what a registry
	// password passed along is for.
	ghcrImage := ""
	for _, in := range wc.Inputs {
		if in != nil && in.Value != nil && strings.Contains(strings.ToLower(in.Value.Value), "ghcr.io") {
			ghcrImage = oneLine(in.Value.Value, 100)
		}
	}
	pass := func(c, secretName string, l int) {
		b := a.get(js.id, c)
		b.use(inventory.Use{Line: l, Via: "reusable-workflow", Target: uses + " secret " + secretName})
		if callee != nil && callee.analysis != nil {
			js.fromCallee(b, callee.analysis, "secrets."+secretName)
			return
		}
		if ghcrImage != "" && isTokenish(secretName) {
			b.signal(1, false, "registry credential passed with the ghcr.io image "+ghcrImage)
			b.op(inventory.Operation{Kind: inventory.OpDocker, Method: "DOCKER", Path: "push " + ghcrImage, Name: "push", Line: l,
				Evidence: uses + " secret " + secretName + " with image " + ghcrImage})
		}
		b.signal(0, false, "")
		reason := "passed to the reusable workflow " + uses + "; its use is not visible here"
		if local {
			reason = "passed to " + uses + ", which was not found in this repository"
		}
		b.unresolved(l, uses+" secret "+secretName, reason)
	}
	if wc.InheritSecrets {
		a.seen[line] = true
		if callee != nil && callee.analysis != nil {
			for _, k := range callee.analysis.order {
				cb := callee.analysis.builders[k]
				cl := strings.ToLower(cb.f.Credential)
				if !strings.HasPrefix(cl, "secrets.") {
					continue
				}
				pass(cb.f.Credential, strings.TrimPrefix(cb.f.Credential, "secrets."), line)
			}
		} else {
			b := a.get(js.id, "secrets: inherit")
			b.use(inventory.Use{Line: line, Via: "reusable-workflow", Target: uses + " (secrets: inherit)"})
			b.unresolved(line, uses+" secrets: inherit", "every secret is passed to a reusable workflow whose use of them is not visible here")
		}
	}
	names := make([]string, 0, len(wc.Secrets))
	for k := range wc.Secrets {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		sec := wc.Secrets[k]
		if sec == nil || sec.Value == nil {
			continue
		}
		secretName := k
		if sec.Name != nil {
			secretName = sec.Name.Value
		}
		for _, ref := range a.stringExprs(sec.Value) {
			for _, r := range ref.span.Refs {
				for _, c := range js.resolve(r, js.env) {
					a.get(js.id, c).line(ref.line)
					if !ref.span.Existence {
						pass(c, secretName, ref.line)
					}
				}
			}
		}
	}
	inputs := make([]string, 0, len(wc.Inputs))
	for k := range wc.Inputs {
		inputs = append(inputs, k)
	}
	sort.Strings(inputs)
	for _, k := range inputs {
		in := wc.Inputs[k]
		if in == nil || in.Value == nil {
			continue
		}
		for _, ref := range a.stringExprs(in.Value) {
			for _, r := range ref.span.Refs {
				for _, c := range js.resolve(r, js.env) {
					b := a.get(js.id, c)
					b.line(ref.line)
					if ref.span.Existence {
						continue
					}
					b.use(inventory.Use{Line: ref.line, Via: "reusable-workflow", Target: uses + " input " + k})
					b.signal(0, false, "")
					b.unresolved(ref.line, uses+" input "+k, "a credential passed as a reusable-workflow input")
				}
			}
		}
	}
}

// expandEnv replaces ${{ env.NAME }} in a literal input with the value of
// NAME when that value is itself literal (REGISTRY: ghcr.io, then
// registry: ${{ env.REGISTRY }}).
func expandEnv(v string, env map[string]envEntry) string {
	return substituteExprs(v, func(text string) (string, bool) {
		name, ok := strings.CutPrefix(text, "env.")
		e, found := env[name]
		if !ok || !found || strings.Contains(e.raw, "${{") || len(e.creds) > 0 {
			return "", false
		}
		return e.raw, true
	})
}

// substituteExprs replaces each ${{ }} in v whose text value knows with
// that value, and leaves the others as written.
func substituteExprs(v string, value func(text string) (string, bool)) string {
	if !strings.Contains(v, "${{") {
		return v
	}
	var b strings.Builder
	last := 0
	for _, sp := range findExprs(v) {
		lit, ok := value(sp.Text)
		if !ok {
			continue
		}
		b.WriteString(v[last:sp.Start])
		b.WriteString(lit)
		last = sp.End
	}
	b.WriteString(v[last:])
	return b.String()
}

// localAction returns the analysis of a composite action in the same
// repository (uses: ./path), or nil.
func (js *jobState) localAction(name string) *analysis {
	dir := path.Clean(strings.TrimPrefix(name, "./"))
	for _, n := range repofiles.ActionNames {
		if f, ok := js.a.rs.byPath[path.Join(dir, n)]; ok {
			if r := js.a.rs.file(f); r != nil && r.analysis != nil {
				return r.analysis
			}
		}
	}
	return nil
}

// fromCallee copies what a local callee does with its secret into the
// caller's finding: kind signals and operations (with the callee's lines
// named in the evidence).
func (js *jobState) fromCallee(b *builder, callee *analysis, cred string) {
	found := false
	for _, k := range callee.order {
		cb := callee.builders[k]
		if !strings.EqualFold(cb.f.Credential, cred) {
			continue
		}
		found = true
		b.pos += cb.pos
		b.neg += cb.neg
		b.strongPos = b.strongPos || cb.strongPos
		b.strongNeg = b.strongNeg || cb.strongNeg
		b.unknown = b.unknown || cb.unknown
		b.appKey = b.appKey || cb.appKey
		b.reasons = append(b.reasons, cb.reasons...)
		for _, o := range cb.f.Operations {
			o.Evidence = callee.file.Path + ":" + itoa(o.Line) + ": " + o.Evidence
			b.op(o)
		}
		for _, u := range cb.f.Unresolved {
			b.unresolved(u.Line, callee.file.Path+":"+itoa(u.Line)+": "+u.Evidence, u.Reason)
		}
		for t := range cb.targets {
			b.target(t)
		}
	}
	if !found {
		b.signal(0, false, "")
		b.unresolved(0, callee.file.Path+" "+cred, "the called workflow does not use this secret")
	}
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	neg := n < 0
	if neg {
		n = -n
	}
	var buf [20]byte
	i := len(buf)
	for n > 0 {
		i--
		buf[i] = byte('0' + n%10)
		n /= 10
	}
	if neg {
		i--
		buf[i] = '-'
	}
	return string(buf[i:])
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// hostOf returns the host of a URL-ish string.
func hostOf(u string) string {
	u = strings.TrimSpace(u)
	if i := strings.Index(u, "://"); i >= 0 {
		u = u[i+3:]
	}
	if i := strings.IndexAny(u, "/:"); i >= 0 {
		u = u[:i]
	}
	return strings.ToLower(u)
}
