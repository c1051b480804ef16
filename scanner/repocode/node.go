package repocode

import (
	"cmp"
	"maps"
	"path"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/knowledge"
	"github.com/pat2app/pat2app/scanner/codeflow"
	"github.com/pat2app/pat2app/scanner/jsops"
	"github.com/pat2app/pat2app/scanner/shellops"
)

// nodeExtensions are tried, in order, for a local module named without
// its extension.
var nodeExtensions = []string{"", ".ts", ".mts", ".cts", ".js", ".mjs", ".cjs", "/index.ts", "/index.js", "/index.mjs", "/index.cjs"}

// maxImports bounds the local modules one module's reading follows.
const maxImports = 64

// maxUnattributed bounds the review entries of one module's routes and
// pushes that no call read makes (the rest are counted in the last).
const maxUnattributed = 3

// credSources maps a module's credential sources (jsops.SourceEnv ...) to
// the credentials a run gives it.
type credSources struct {
	r *shellops.Run
	// runtime names what runs the code (node, python), for the uses.
	runtime string
	// client is the credential of the client actions/github-script hands
	// a module it requires; nil for a script run by node.
	client []string
}

// of returns the credentials a source stands for and how they reach the
// module; unknown is true for a value the module's caller passes or a
// github-script client outside github-script.
func (cs credSources) of(src string) (creds []string, via string, unknown bool) {
	r := cs.r
	switch {
	case src == jsops.SourceEnv+"*":
		for _, n := range slices.Sorted(maps.Keys(r.Env)) {
			creds = codeflow.Union(creds, r.Env[n]...)
		}
		return creds, "env", false
	case strings.HasPrefix(src, jsops.SourceEnv):
		return r.Env[strings.TrimPrefix(src, jsops.SourceEnv)], "env", false
	case strings.HasPrefix(src, jsops.SourceArg):
		n, err := strconv.Atoi(strings.TrimPrefix(src, jsops.SourceArg))
		if err == nil && n >= 1 && n <= len(r.Args) {
			return r.Args[n-1].Creds, "arg", false
		}
	case strings.HasPrefix(src, jsops.SourceFlag):
		return flagCreds(r.Args, strings.TrimPrefix(src, jsops.SourceFlag)), "arg", false
	case src == jsops.SourceClient:
		if cs.client != nil {
			return cs.client, "input", false
		}
		return nil, "", true
	case strings.HasPrefix(src, jsops.SourceParam):
		return nil, "", true
	case src == jsops.SourceMade:
		// A client made by code that is not read: the GitHub token
		// variables of the environment, which such code reads.
		for _, n := range codeflow.GitHubTokenVars {
			creds = codeflow.Union(creds, r.Env[n]...)
		}
		if len(creds) > 0 {
			return creds, "env", false
		}
		return nil, "", true
	}
	return nil, "", false
}

// all maps sources to credentials; unknown is true when one of them is
// not known.
func (cs credSources) all(srcs []string) (creds []string, via string, unknown bool) {
	for _, s := range srcs {
		c, v, u := cs.of(s)
		if len(c) > 0 && via == "" {
			via = v
		}
		creds = codeflow.Union(creds, c...)
		unknown = unknown || u
	}
	return creds, via, unknown
}

// flagCreds returns the credentials of the value of --name (--name V or
// --name=V).
func flagCreds(args []shellops.Arg, name string) []string {
	for i, a := range args {
		switch {
		case a.Text == "--"+name && i+1 < len(args):
			return args[i+1].Creds
		case strings.HasPrefix(a.Text, "--"+name+"="):
			return a.Creds
		}
	}
	return nil
}

// nodeFile follows a run's credentials into a Node.js module.
func (f *Follower) nodeFile(r *shellops.Run, fl *file) shellops.Followed {
	defer f.newProgram()()
	out := shellops.Followed{Handled: true}
	out.Accounted = f.module(r, fl, credSources{r: r, runtime: "node"}, moduleUse{}, &out)
	return out
}

// newProgram starts the reading of a Node.js or Python program (a run of
// its own, which a command of another program may start): its modules
// are read once (a Node.js module once a use). The function it returns
// gives back the outer program's.
func (f *Follower) newProgram() func() {
	saved := f.moduleDone
	f.moduleDone = map[string]bool{}
	return func() { f.moduleDone = saved }
}

// moduleUse is how the module that loads a module uses it.
type moduleUse struct {
	// params are the sources it passes the module's functions.
	params map[string][][]string
	// members are the exports it uses; nil for any.
	members []string
	// runs are the functions it calls as command runners, whose every
	// call it reads as the command it runs (jsops.Import.Runs).
	runs []string
}

// key renders the use for the key of a reading.
func (u moduleUse) key() string {
	return paramsKey(u.params) + usesKey(u.members) + "#runs(" + strings.Join(u.runs, ",") + ")"
}

// module reads a Node.js module with the credentials cs gives it, as its
// loader uses it (use), adding what it finds to out. With use.members,
// the functions none of them reaches are not read, nor a module it loads
// only from the bodies of other exports. A command that use.runs leaves
// to its callers (jsops.Command.Wrapper) is theirs to report.
//
// It reports whether the module and what it loads are all read: no
// package other than the Node.js built-ins pat2app reads or knows to use
// no credential, no module named at run time, no code given as a string,
// and the same of each local module it loads (shellops.Followed.Accounted).
func (f *Follower) module(r *shellops.Run, fl *file, cs credSources, use moduleUse, out *shellops.Followed) bool {
	key := fl.path + "#" + use.key()
	return f.once(f.moduleDone, key, func() bool { return f.moduleOnce(r, fl, key, cs, use, out) })
}

// moduleOnce reads one module for module; key is its reading's.
func (f *Follower) moduleOnce(r *shellops.Run, fl *file, key string, cs credSources, use moduleUse, out *shellops.Followed) bool {
	params, members := use.params, use.members
	if why, ok := f.push(key); !ok {
		if why != "runs itself" {
			out.Uses = append(out.Uses, unread(r, fl.path, 0, "", why)...)
			return false
		}
		return true
	}
	defer f.pop()
	m, err := f.analyzeModule(fl, params, members)
	if err != nil {
		line := 0
		if se, ok := err.(*jsops.SyntaxError); ok {
			line = se.Line
		}
		out.Uses = append(out.Uses, unread(r, fl.path, line, "", "is only partly read: "+err.Error())...)
	}
	if m == nil {
		return false
	}
	accounted := err == nil && !m.LoadsUnknown && !slices.ContainsFunc(m.Packages, unreadNodeModule) && len(m.Imports) <= maxImports
	if len(m.WorkflowWrites) > 0 && out.TreeWorkflows == "" {
		w := m.WorkflowWrites[0]
		out.TreeWorkflows = fl.path + " line " + strconv.Itoa(w.Line) + ": " + w.Evidence + " writes under .github/workflows"
	}
	if len(use.runs) > 0 {
		own := *m // the analysis may be shared: filter a copy
		own.Commands = slices.DeleteFunc(slices.Clone(m.Commands), func(c jsops.Command) bool {
			return c.Wrapper != "" && slices.Contains(use.runs, c.Wrapper)
		})
		m = &own
	}
	f.program(r, fl.path, cs, m, out)
	unattributedUses(r, fl.path, m.Unattributed, out)
	for i, imp := range m.Imports {
		if members != nil && len(imp.Exports) > 0 && !slices.ContainsFunc(imp.Exports, func(e string) bool { return slices.Contains(members, e) }) {
			continue // loaded only by exports the caller does not use
		}
		if i >= maxImports {
			out.Uses = append(out.Uses, unread(r, fl.path, imp.Line, "", "loads more local modules than are read")...)
			break
		}
		accounted = f.moduleImport(r, fl.path, cs, imp, out) && accounted
	}
	return accounted
}

// unreadNodeModule reports a module a Node.js program loads that pat2app
// does not read and does not know to use no credential: any package, and
// the built-ins that run programs or talk to the network, except
// child_process, whose calls the reading turns into the commands it runs.
func unreadNodeModule(spec string) bool {
	switch strings.TrimPrefix(spec, "node:") {
	case "child_process":
		return false
	}
	return !knowledge.IsInertNodeBuiltin(spec)
}

// program reports what a program's calls, commands and flows do with the
// credentials cs gives it.
func (f *Follower) program(r *shellops.Run, p string, cs credSources, m *jsops.Program, out *shellops.Followed) {
	for _, c := range m.Calls {
		f.moduleCall(r, p, cs, c, out)
	}
	// Tool configuration one command leaves (a clone whose origin holds
	// a credential) is there for the next.
	stored := r.Base.Stored
	for _, c := range m.Commands {
		stored = f.moduleCommand(r, p, cs, c, stored, out)
	}
	for _, fw := range m.Flows {
		creds, via, _ := cs.all(fw.Sources)
		for _, c := range creds {
			out.Uses = append(out.Uses, shellops.Use{Credential: c, Command: p, Via: via, File: p, FileLine: fw.Line,
				Evidence: fw.Evidence, Unresolved: p + " reads " + sourceNames(fw.Sources) + " and hands it to " + fw.Evidence + "; what that does with it is not visible"})
		}
	}
}

// sourceNames renders sources for people: $GITHUB_TOKEN, argument 1,
// --token.
func sourceNames(srcs []string) string {
	var out []string
	for _, s := range srcs {
		switch {
		case s == jsops.SourceEnv+"*":
			out = append(out, "the environment")
		case strings.HasPrefix(s, jsops.SourceEnv):
			out = append(out, "$"+strings.TrimPrefix(s, jsops.SourceEnv))
		case strings.HasPrefix(s, jsops.SourceArg):
			out = append(out, "argument "+strings.TrimPrefix(s, jsops.SourceArg))
		case strings.HasPrefix(s, jsops.SourceFlag):
			out = append(out, "--"+strings.TrimPrefix(s, jsops.SourceFlag))
		}
	}
	if len(out) == 0 {
		return "a credential"
	}
	return strings.Join(out, " or ")
}

// paramsKey renders the sources passed to a module's functions.
func paramsKey(params map[string][][]string) string {
	var b strings.Builder
	for _, name := range slices.Sorted(maps.Keys(params)) {
		b.WriteString(name + "(")
		for _, srcs := range params[name] {
			b.WriteString(strings.Join(srcs, ",") + ";")
		}
		b.WriteString(")")
	}
	return b.String()
}

// analyzeModule parses a module once for each set of parameters.
func (f *Follower) analyzeModule(fl *file, params map[string][][]string, uses []string) (*jsops.Program, error) {
	ext := strings.ToLower(path.Ext(fl.path))
	ts := ext == ".ts" || ext == ".mts" || ext == ".cts" || ext == ".tsx"
	return parseOnce(fl, "node#"+paramsKey(params)+usesKey(uses), func(b []byte) (*jsops.Program, error) {
		return jsops.AnalyzeProgram(string(b), jsops.ProgramOptions{TypeScript: ts, TSX: ext == ".tsx", Name: fl.path, Params: params, Uses: uses})
	})
}

// usesKey renders the exports a module's importer uses for a cache key.
func usesKey(uses []string) string {
	if uses == nil {
		return ""
	}
	return "#uses(" + strings.Join(uses, ",") + ")"
}

// moduleCall reports one API call or request of a module.
func (f *Follower) moduleCall(r *shellops.Run, p string, cs credSources, c jsops.Call, out *shellops.Followed) {
	creds, via, unknown := cs.all(c.Auth)
	if len(creds) == 0 {
		if !unknown {
			return // no credential of this run: anonymous, or another value
		}
		if c.Host != "" && !knowledge.IsGitHubHost(strings.ToLower(c.Host)) {
			// A request to another service (http://nginx-plus-api/...):
			// whatever its client sends, it needs nothing of GitHub.
			return
		}
		// A client or request whose credential the module's caller
		// passes: any credential in reach may be it.
		why := p + " calls the GitHub API with a credential its caller passes; which one is not known"
		if slices.Contains(c.Auth, jsops.SourceMade) {
			why = p + " calls the GitHub API (" + callEvidence(c) + ") through a client made by code that is not read (" + c.Client + "); which credential it sends is not known"
		}
		for _, cred := range reach(r, "") {
			out.Uses = append(out.Uses, shellops.Use{Credential: cred, Command: p, Via: viaOf(r, cred), File: p, FileLine: c.Line,
				Evidence: c.Evidence, Unresolved: why})
		}
		return
	}
	u := shellops.Use{Command: cs.runtime, Via: via, Host: c.Host, GitHub: 1, File: p, FileLine: c.Line, Evidence: callEvidence(c)}
	if slices.Contains(c.Auth, jsops.SourceMade) {
		// The client is made out of view: say which variable it is taken
		// to send.
		var names []string
		for _, n := range codeflow.GitHubTokenVars {
			if len(r.Env[n]) > 0 {
				names = append(names, "$"+n)
			}
		}
		what := c.Route
		if c.Kind != jsops.KindRequest {
			what = c.Evidence
		}
		u.Evidence = what + " by " + c.Client + " (not read; taken to send " + strings.Join(names, " or ") + ")"
	}
	if u.Host == "" {
		u.Host = "api.github.com"
	}
	repo := ""
	switch {
	case c.Owner != "" && c.Repo != "":
		repo = c.Owner + "/" + c.Repo
	case c.Owner == "" && c.Repo != "":
		repo = "{owner}/" + c.Repo
	}
	if c.RunTimeRepo != "" {
		// A repository named at run time: it may be another one.
		repo = inventory.RunTimeRepo(c.RunTimeRepo)
	}
	switch c.Kind {
	case jsops.KindREST:
		op, ok := knowledge.RestMethod(c.Namespace, c.Method)
		if !ok {
			u.Unresolved = "Octokit method " + c.Namespace + "." + c.Method + " is not in GitHub's OpenAPI description"
			break
		}
		u.Ops = []shellops.Op{{Kind: shellops.KindREST, Method: op.Method, Path: op.Path, Name: op.ID, Repo: repo, Writes: writes(op.Method),
			Params: inventory.RESTParams(c.TeamReviewers, c.State, c.OtherItem)}}
		if why := jsops.RefWorkflows(c, op.Method, op.Path); why != "" {
			u.Ops[0].TouchesWorkflows, u.Ops[0].WorkflowsBecause = true, why
		}
	case jsops.KindRequest:
		m, pth, ok := strings.Cut(strings.TrimSpace(c.Route), " ")
		if !ok {
			m, pth = "GET", c.Route
		}
		if i := strings.IndexAny(pth, "?#"); i >= 0 {
			pth = pth[:i]
		}
		m = strings.ToUpper(m)
		u.Ops = []shellops.Op{{Kind: shellops.KindREST, Method: m, Path: pth, Repo: repo, Writes: writes(m)}}
		if why := jsops.RefWorkflows(c, m, pth); why != "" {
			u.Ops[0].TouchesWorkflows, u.Ops[0].WorkflowsBecause = true, why
		}
	case jsops.KindGraphQL:
		for _, o := range c.GraphQL {
			for _, fd := range o.Fields {
				op := shellops.Op{Kind: shellops.KindGraphQL, Method: "GRAPHQL", Path: o.Type, Name: fd.Name, Fields: fd.Sub, Nested: fd.Deep, Writes: o.Type == "mutation"}
				if fd.Name == "repository" && fd.Args["owner"] != "" && fd.Args["name"] != "" && !strings.HasPrefix(fd.Args["owner"], "$") && !strings.HasPrefix(fd.Args["name"], "$") {
					op.Repo = fd.Args["owner"] + "/" + fd.Args["name"]
				}
				u.Ops = append(u.Ops, op)
			}
		}
		if len(u.Ops) == 0 {
			u.Unresolved = "GraphQL document is built at run time"
		}
	case jsops.KindOther:
		u.GitHub, u.Host = -1, c.Host
		if knowledge.IsGitHubHost(c.Host) {
			// A GitHub host that is not the API (github.com downloads):
			// a GitHub use whose operation is not known.
			u.GitHub = 1
			u.Unresolved = "request to " + c.Host + " with the credential: " + c.Evidence
		}
	case jsops.KindUnknown:
		u.Unresolved = "GitHub API call that cannot be resolved"
		if strings.Contains(c.Evidence, codeflow.HostAtRunTime) || strings.Contains(c.Evidence, codeflow.URLAtRunTime) {
			// Not known to be GitHub's: the service is chosen at run time.
			u.GitHub, u.Unresolved = 0, "request to a host chosen at run time with the credential: "+c.Evidence
		}
	default:
		u.Unresolved = "GitHub API call that cannot be resolved"
	}
	if repo != "" && (!strings.Contains(repo, "{") || inventory.IsRunTimeRepo(repo)) {
		u.TargetRepos = []string{repo}
	}
	for _, cred := range creds {
		u.Credential = cred
		out.Uses = append(out.Uses, u)
	}
}

// writes reports an HTTP method that changes something.
func writes(method string) bool { return method != "GET" && method != "HEAD" && method != "OPTIONS" }

// callEvidence is a call's text for evidence.
func callEvidence(c jsops.Call) string {
	switch c.Kind {
	case jsops.KindRequest:
		return c.Evidence + " " + c.Route
	case jsops.KindREST:
		if c.Client != "" {
			return c.Evidence + " (client " + c.Client + ")"
		}
	}
	return c.Evidence
}

// moduleCommand analyses a program a module runs, as shell, with the
// environment the call gives it and the tool configuration stored holds
// (what earlier commands left); it returns what that holds after it.
func (f *Follower) moduleCommand(r *shellops.Run, p string, cs credSources, c jsops.Command, stored []shellops.Stored, out *shellops.Followed) []shellops.Stored {
	env := map[string][]string{}
	if c.Inherit {
		for k, v := range r.Env {
			env[k] = v
		}
	}
	for _, name := range slices.Sorted(maps.Keys(c.Env)) {
		creds, _, _ := cs.all(c.Env[name])
		if len(creds) > 0 {
			env[name] = creds
		} else {
			delete(env, name)
		}
	}
	vars := map[string][]string{}
	for _, name := range slices.Sorted(maps.Keys(c.Vars)) {
		if creds, _, _ := cs.all(c.Vars[name]); len(creds) > 0 {
			vars[name] = creds
		}
	}
	dir := r.Dir
	if c.Dir != "" {
		d, _, ok := resolve(r.Dir, r.DirKnown, c.Dir, "")
		if !ok {
			c.Unknown = cmp.Or(c.Unknown, "it runs in a folder that is not known")
		} else {
			dir = d
		}
	}
	if c.Unknown != "" && knownServiceProgram(c.Text) {
		// A tool that reads no GitHub token (or only its own service's)
		// is read as the shell reads it, whatever its arguments are.
		c.Unknown = ""
	}
	if c.Unknown != "" {
		// The program or its arguments are not known: every credential
		// that reaches it is unresolved.
		inReach := map[string]bool{}
		for _, cs := range env {
			for _, c := range cs {
				inReach[c] = true
			}
		}
		for _, cs := range vars {
			for _, c := range cs {
				inReach[c] = true
			}
		}
		if shellops.MayUseStored(c.Text) && !programFromVariable(c.Text) {
			for _, c := range r.Base.Persisted {
				inReach[c] = true
			}
			for _, st := range r.Base.Stored {
				for _, c := range st.Credentials {
					inReach[c] = true
				}
			}
		}
		names := make([]string, 0, len(inReach))
		for c := range inReach {
			names = append(names, c)
		}
		sort.Strings(names)
		for _, cred := range names {
			out.Uses = append(out.Uses, shellops.Use{Credential: cred, Command: p, Via: "env", File: p, FileLine: c.Line,
				Evidence: c.Evidence, Unresolved: p + " runs " + c.Text + ": " + c.Unknown})
		}
		return stored
	}
	if c.Node {
		// fork(module): a Node.js module run with the same environment.
		sub := *r
		sub.Env, sub.Dir, sub.Args = env, dir, nil
		sub.Target, sub.Program, sub.Kind = strings.Trim(c.Text, "'"), "node", shellops.RunFile
		res := f.runFile(&sub)
		if res.Handled {
			out.Uses = append(out.Uses, res.Uses...)
			out.EnvWrites = append(out.EnvWrites, res.EnvWrites...)
			out.Pending = append(out.Pending, res.Pending...)
			if out.TreeWorkflows == "" {
				out.TreeWorkflows = res.TreeWorkflows
			}
		}
		return stored
	}
	for k, v := range vars {
		env[k] = v
	}
	n, tree := len(out.Uses), out.TreeWorkflows
	stored = f.shellText(r, p, shellPiece{text: c.Text, shell: "sh", start: c.Line, env: env, dir: dir,
		name: r.Base.Name, what: "command " + c.Evidence + " is only partly read"}, stored, out)
	// The evidence shows the module's expressions, not the variables
	// that stand for them.
	if len(c.Shown) > 0 {
		pairs := make([]string, 0, 4*len(c.Shown))
		for _, k := range slices.Sorted(maps.Keys(c.Shown)) {
			pairs = append(pairs, `"$`+k+`"`, c.Shown[k], "$"+k, c.Shown[k])
		}
		rp := strings.NewReplacer(pairs...)
		for i := n; i < len(out.Uses); i++ {
			out.Uses[i].Evidence = rp.Replace(out.Uses[i].Evidence)
		}
		if out.TreeWorkflows != tree {
			out.TreeWorkflows = rp.Replace(out.TreeWorkflows)
		}
	}
	return stored
}

// programFromVariable reports a command whose program is a variable of
// the module ("$__go1" -v: exec.Command(binaryFilename, ...)). It is one
// program, known when the code runs, and like a program a shell variable
// names it is taken not to read the credentials git or gh keep in their
// configuration (shellops' unknownCommand), unless its arguments are a git
// command's that reaches a remote; one written out (git, gh) is judged by
// the shell reader.
func programFromVariable(text string) bool {
	words := strings.Fields(text)
	if len(words) == 0 || !strings.HasPrefix(strings.TrimLeft(words[0], `"'`), "$") {
		return false
	}
	for _, w := range words[1:] {
		if gitRemoteWords[strings.Trim(w, `"'`)] {
			// exec.Command(tool, "push"): a git command by its
			// arguments, whatever the variable holds.
			return false
		}
	}
	return true
}

// gitRemoteWords are the git subcommands that reach a remote with the
// credentials git keeps.
var gitRemoteWords = map[string]bool{"push": true, "fetch": true, "pull": true, "clone": true, "ls-remote": true}

// knownServiceProgram reports a command whose program is written out and
// is a tool of knowledge/data/tools.tsv that reads no token or only its
// own service's (helm, terraform, kubectl): its arguments, even built at
// run time, do not make it use a GitHub credential.
func knownServiceProgram(text string) bool {
	words := strings.Fields(text)
	if len(words) == 0 || strings.ContainsAny(words[0], "$`\"'{") {
		return false
	}
	t, ok := knowledge.Tool(path.Base(words[0]))
	return ok && (t.Kind == knowledge.ToolNoToken || t.Kind == knowledge.ToolOtherService)
}

// moduleImport follows a local module a module loads.
//
// It reports whether the module and what it loads are all read (module).
func (f *Follower) moduleImport(r *shellops.Run, from string, cs credSources, imp jsops.Import, out *shellops.Followed) bool {
	if strings.HasSuffix(strings.ToLower(imp.Spec), ".json") {
		// A JSON module is data (import ... with { type: 'json' }):
		// it runs nothing.
		return true
	}
	p, ok := f.resolveModule(path.Dir(from), imp.Spec)
	if !ok {
		if len(reach(r, "")) == 0 {
			return false
		}
		// A module not in the checkout (generated, built), or one whose
		// name is built at run time (import(`./${name}.mts`)), may use
		// any credential in reach: judged as a script that is not read.
		why := "it is not in the checkout"
		if strings.Contains(imp.Spec, "${") {
			why = "its name is built at run time"
		}
		for _, n := range slices.Sorted(maps.Keys(r.Env)) {
			for _, c := range r.Env[n] {
				out.Pending = append(out.Pending, shellops.Pending{Use: shellops.Use{Credential: c, Command: imp.Spec, Via: "env",
					File: from, FileLine: imp.Line, Evidence: "import " + imp.Spec,
					Unresolved: imp.Spec + " is loaded with $" + n + " in the environment; " + why},
					Suggestive: knowledge.NameSuggests(imp.Spec, knowledge.WordGitHubWork)})
			}
		}
		return false
	}
	fl := f.read(p)
	if fl.err != nil {
		out.Uses = append(out.Uses, unread(r, p, 0, "", "could not be read: "+fl.err.Error())...)
		return false
	}
	var params map[string][][]string
	if len(imp.Calls) > 0 {
		params = imp.Calls
	}
	return f.module(r, fl, cs, moduleUse{params: params, members: imp.Uses, runs: imp.Runs}, out)
}

// resolveModule finds the file a local module specifier names from the
// folder dir, as Node.js and TypeScript's resolvers do (a .js specifier
// may name a .ts source).
func (f *Follower) resolveModule(dir, spec string) (string, bool) {
	if strings.HasPrefix(spec, "/") {
		return "", false
	}
	base, _, ok := resolve(dir, true, spec, "")
	if !ok {
		return "", false
	}
	cands := make([]string, 0, len(nodeExtensions)+2)
	for _, ext := range nodeExtensions {
		cands = append(cands, base+ext)
	}
	for _, js := range []string{".js", ".mjs", ".cjs"} {
		if stem, ok := strings.CutSuffix(base, js); ok {
			cands = append(cands, stem+".ts", stem+".mts", stem+".cts")
		}
	}
	for _, c := range cands {
		if f.exists(c) {
			return c, true
		}
	}
	return "", false
}

// ModuleRun is a local module actions/github-script loads (require or
// import) from its script.
type ModuleRun struct {
	// Spec is the module as the script names it, with ${{
	// github.workspace }} written {GITHUB_WORKSPACE}.
	Spec string
	// Env holds the step's environment variables that carry credentials.
	Env map[string][]string
	// Client is the credential of the client the action hands the module
	// (its github-token input); nil for the built-in token.
	Client []string
	// Line and Evidence are the script's, where it loads the module.
	Line     int
	Evidence string
	// Members are the module's exports the script uses (jsops.Require);
	// nil for all of them.
	Members []string
	// Base is the job's context (repository, checkout, persisted git
	// credentials) as for a run: script.
	Base shellops.Input
}

// FollowModule reads a module actions/github-script loads: what the
// function it exports does with the client it is handed and with the
// step's environment. Uses are at the script's line, located in the
// module's files. It is not handled when the module is not a file of
// the checkout.
func (f *Follower) FollowModule(m ModuleRun) shellops.Followed {
	if f.tree == nil {
		return shellops.Followed{Note: f.opts.Unavailable}
	}
	dir := "."
	if m.Base.Dir != "" {
		dir = m.Base.Dir
	}
	r := &shellops.Run{Kind: shellops.RunFile, Program: "node", Target: m.Spec, Env: m.Env, Dir: dir, DirKnown: true,
		Line: m.Line, Evidence: m.Evidence, Base: m.Base}
	rel, why, ok := resolve(dir, true, ".", m.Base.RepoRoot)
	if !ok {
		return shellops.Followed{Note: why}
	}
	spec := m.Spec
	for _, ws := range []string{"{GITHUB_WORKSPACE}", "{github.workspace}"} {
		if rest, ok := strings.CutPrefix(spec, ws); ok {
			spec, rel = "."+rest, "."
			if root := m.Base.RepoRoot; root != "" && root != "." {
				if r2, ok := strings.CutPrefix(strings.TrimPrefix(rest, "/"), strings.Trim(root, "./")+"/"); ok {
					spec = "./" + r2
				} else {
					return shellops.Followed{Note: "outside the repository's checkout (" + root + ")"}
				}
			}
			break
		}
	}
	if strings.Contains(spec, "{") || !isRelative(spec) {
		return shellops.Followed{Note: "the module's path is built at run time"}
	}
	p, ok := f.resolveModule(rel, spec)
	if !ok {
		return shellops.Followed{Note: strings.TrimPrefix(path.Join(rel, spec), "./") + " is not in the checkout"}
	}
	fl := f.read(p)
	out := shellops.Followed{Handled: true}
	if fl.err != nil {
		out.Uses = unread(r, p, 0, "", "could not be read: "+fl.err.Error())
		return out
	}
	cs := credSources{r: r, client: m.Client, runtime: "node"}
	if cs.client == nil {
		cs.client = []string{} // the built-in token: no finding
	}
	func() {
		defer f.newProgram()()
		f.module(r, fl, cs, moduleUse{members: m.Members}, &out)
	}()
	for i := range out.Uses {
		out.Uses[i].Line = m.Line
	}
	for i := range out.Pending {
		out.Pending[i].Use.Line = m.Line
	}
	return out
}

// isRelative reports a module path named from the working directory
// (a bare name is a package).
func isRelative(spec string) bool {
	return strings.HasPrefix(spec, "./") || strings.HasPrefix(spec, "../")
}

// unattributedUses reports, for every credential in reach of the file p,
// the routes and pushes its strings hold that no call or command read
// makes (at most maxUnattributed, the rest counted in the last).
func unattributedUses(r *shellops.Run, p string, list []codeflow.Flow, out *shellops.Followed) {
	for i, u := range list {
		if i == maxUnattributed {
			break
		}
		why := p + " names the GitHub API route " + u.Evidence + ", but no call the reading understands sends it; what sends it, with which credential, is not known"
		creds := requestReach(r)
		if !codeflow.IsAPIRoute(u.Evidence) {
			creds = reach(r, "")
			why = p + " holds the command line " + u.Evidence + ", but no command the reading understands runs it; what runs it, with which credential, is not known"
		}
		if i == maxUnattributed-1 && len(list) > maxUnattributed {
			why += " (and " + strconv.Itoa(len(list)-maxUnattributed) + " more such strings in the file)"
		}
		for _, cred := range creds {
			out.Uses = append(out.Uses, shellops.Use{Credential: cred, Command: p, Via: viaOf(r, cred), File: p, FileLine: u.Line,
				Evidence: u.Evidence, Unresolved: why})
		}
	}
}

// InlineRun is the body of an actions/github-script step, read for what
// it does with the step's environment.
type InlineRun struct {
	// Code is the script as written (its ${{ }} expressions kept).
	Code string
	// Env holds the step's environment variables that carry credentials.
	Env map[string][]string
	// Line is the file line of the script's first line; Evidence names it.
	Line     int
	Evidence string
	// Base is the job's context, as for a run: script.
	Base shellops.Input
}

// FollowInline reads the requests a github-script body sends with a
// credential it takes from the step's environment (fetch with an
// Authorization header, an Octokit client made from process.env.X) and
// the calls of the client the action hands the body, and of the clients
// it makes, are the scanner's. accounted lists the credentials whose
// every use the reading found. Uses are at the body's lines. ok is false when the body does not parse,
// runs programs or loads modules (they inherit the environment), or when a
// credential of the environment goes where the reading stops
// (Program.Flows) or into a call that cannot be resolved: the caller then
// keeps its own review item.
func (f *Follower) FollowInline(m InlineRun) (out shellops.Followed, accounted []string, ok bool) {
	prog, err := jsops.AnalyzeProgram(m.Code, jsops.ProgramOptions{Inline: true})
	if err != nil || prog == nil {
		return out, nil, false
	}
	r := &shellops.Run{Kind: shellops.RunFile, Program: "node", Env: m.Env, Dir: ".", DirKnown: true,
		Line: m.Line, Evidence: m.Evidence, Base: m.Base}
	cs := credSources{r: r, client: []string{}, runtime: "node"}
	fromEnv := func(srcs []string) bool {
		creds, _, _ := cs.all(srcs)
		return len(creds) > 0
	}
	if len(prog.Commands) > 0 || len(prog.Imports) > 0 {
		// Programs it runs inherit the environment, and modules it
		// loads may read it: the scanner's own reading of those says.
		return out, nil, false
	}
	for _, fl := range prog.Flows {
		if fromEnv(fl.Sources) {
			return out, nil, false
		}
	}
	out.Handled = true
	for _, c := range prog.Calls {
		creds, _, _ := cs.all(c.Auth)
		if len(creds) == 0 {
			continue
		}
		if c.Kind == jsops.KindUnknown {
			return shellops.Followed{}, nil, false
		}
		accounted = codeflow.Union(accounted, creds...)
		if c.Client != "" {
			continue // a client the body makes: the scanner reads its calls
		}
		f.moduleCall(r, "", cs, c, &out)
	}
	for i := range out.Uses {
		out.Uses[i].Line = m.Line + out.Uses[i].FileLine - 1
		out.Uses[i].File, out.Uses[i].FileLine = "", 0
	}
	return out, accounted, true
}
