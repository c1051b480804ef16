package shellops

import (
	"maps"
	"path"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"

	"github.com/pat2app/pat2app/expression"
	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/knowledge"
	"github.com/pat2app/pat2app/redact"
)

// knownTool reports whether s is a tool of knowledge/data/tools.tsv that
// is neither an interpreter nor a no_token program: one with a reader of
// its own, a GitHub API tool or another service's.
func knownTool(s string) bool {
	t, ok := knowledge.Tool(s)
	return ok && t.Kind != knowledge.ToolInterpreter && t.Kind != knowledge.ToolNoToken
}

// toolOfKind looks s up in knowledge/data/tools.tsv and reports whether it
// is of kind k.
func toolOfKind(s string, k knowledge.ToolKind) (knowledge.ToolInfo, bool) {
	t, ok := knowledge.Tool(s)
	return t, ok && t.Kind == k
}

// commandRow looks a command line up in knowledge/data/tools.tsv, a row
// for its subcommand ("dist host", "cargo release") first, and reports
// whether the row is of kind k.
func commandRow(tool string, args []value, k knowledge.ToolKind) (knowledge.ToolInfo, bool) {
	words := []string{tool}
	for _, x := range args {
		if !x.known() {
			if len(words) > 2 {
				continue // an option row may still match a later option
			}
			break
		}
		words = append(words, x.String())
	}
	t, ok := knowledge.ToolCommand(words...)
	return t, ok && t.Kind == k
}

// npmSubcommands are package-manager commands that are not a bin name.
var npmSubcommands = map[string]bool{
	"install": true, "i": true, "ci": true, "add": true, "publish": true, "run": true,
	"test": true, "build": true, "exec": true, "dlx": true, "config": true, "whoami": true,
}

// otherCommand handles every command that is not one of the tools whose
// operations are recognised.
func (a *analyzer) otherCommand(ctx *callCtx, name, base string, args []value) {
	if bin, ok := goToolRun(base, args); ok {
		if bin != nil {
			a.exec(ctx, bin)
		}
		return
	}
	tool := strings.TrimSuffix(strings.TrimSuffix(base, ".exe"), ".sh")
	if _, ok := toolOfKind(tool, knowledge.ToolGitHubAPI); strings.HasPrefix(name, "./") && !ok ||
		strings.Contains(name, "/") && strings.HasSuffix(base, ".sh") {
		// A script of the repository is read as a script, even when it
		// is named like a tool (./tools/brew.sh runs a shell script, not
		// Homebrew); a binary put in the workspace (./goreleaser) is the
		// tool.
		tool = base
	}
	if t, ok := commandRow(tool, args, knowledge.ToolGitHubAPI); ok {
		a.toolUse(ctx, t, args, +1)
		a.toolPush(ctx, t)
		a.toolChosenCommands(ctx, t)
		a.noteTool(ctx, t, args)
		return
	}
	if t, ok := commandRow(tool, args, knowledge.ToolStores); ok {
		a.storeUse(ctx, t, args)
		return
	}
	// mvn -B release:prepare, ./gradlew --no-daemon release: a build
	// goal's row, wherever among the options it is, else the command's.
	t, ok := buildGoalRow(tool, args)
	if !ok {
		t, ok = commandRow(tool, args, knowledge.ToolOtherService)
	}
	if ok {
		a.serviceUse(ctx, t.Name, t.Host, t.TokenEnv, args)
		a.toolPush(ctx, t)
		a.toolChosenCommands(ctx, t)
		a.noteTool(ctx, t, args)
		return
	}
	if base == "go" && len(args) > 0 {
		switch args[0].String() {
		case "get", "install", "build", "mod", "test", "run", "vet", "list", "generate":
			// Go fetches modules with git, through the git configuration.
			a.goFetch(ctx)
		}
	}
	// A script: a path, an interpreter running a file, or a package
	// manager running a named script.
	script, implicit := a.scriptTarget(name, base, args)
	run := runOf(name, base, args)
	if run != nil && run.Kind == RunFile {
		if p, ok := a.movedScript(run.Target); ok {
			run.Target = p
		}
	}
	if run != nil {
		run.Script = script
		if run.Kind == RunInline {
			run.CodeLine = ctx.sline
		}
	}
	res, handled := a.followed(ctx, run)
	if bin := binaryRun(run, res, args); !handled && bin != nil {
		a.exec(ctx, bin)
		return
	}
	if !handled && res.Absent && run != nil && run.Kind == RunFile && run.Program == "" {
		if _, ok := toolOfKind(tool, knowledge.ToolNoToken); ok {
			// A program the build puts at a path of the workspace
			// (bin/controller-gen, which a Makefile target installs with
			// go install) named like a tool that reads no token is
			// that tool.
			a.argUses(ctx, base, args, 0, "", "")
			a.noteProgram(ctx, tool, args)
			return
		}
	}
	if handled {
		// What the code does is reported; a credential piped to it is
		// still said.
		if script == "" {
			script = base
		}
		a.argUses(ctx, script, nil, 0, "", script)
		if implicit {
			a.unusedInScript(ctx, script, run.Env, res)
		}
		return
	}
	if script != "" {
		a.scriptUse(ctx, script, args, implicit, res.Note)
		a.keptUnread(ctx, script, res.Note)
		a.opaqueRun(ctx, script)
		return
	}
	a.argUses(ctx, base, args, 0, "", "")
	a.noteProgram(ctx, base, args)
}

// baseKnown reports whether the program a command word names is known
// before the script runs: its last path element is literal text
// (`./scripts/release.sh`, `$DIR/release.sh`), not an expression or a
// variable set at run time (`${{ matrix.cmd }}`, `$TOOL`).
func baseKnown(v value) bool {
	for i := len(v.parts) - 1; i >= 0; i-- {
		p := v.parts[i]
		if !p.lit {
			return false
		}
		if strings.ContainsAny(p.text, `/\`) {
			return true
		}
	}
	return true // an empty word runs nothing
}

// isPath reports whether a command word is a path (has a literal / or
// \): a file of the repository, read as a script, whose name may still
// have parts known only at run time (`installers/install-${product}.sh`).
func isPath(v value) bool {
	for _, p := range v.parts {
		if p.lit && strings.ContainsAny(p.text, `/\`) {
			return true
		}
	}
	return false
}

// literalAlts lists the values a command word that is one variable may
// have, each naming its program (see variable.alts); nil when it is not
// one or they do not.
func (a *analyzer) literalAlts(word value) []value {
	name, lone := word.onlyRef()
	if !lone {
		return nil
	}
	if v, ok := a.vars[name]; ok && !v.isArr && len(v.alts) > 0 {
		return v.alts
	}
	return nil
}

// unknownCommand reports a command whose program is known only when the
// step runs: it may use every credential in its reach, the ones in its
// arguments, stdin and environment; one named by a workflow expression,
// which may hold a whole script, also those git, gh, docker and npm keep
// in their configuration. (A program named by a shell variable is one
// program, and like any program pat2app does not know it is taken not to
// read that configuration.)
func (a *analyzer) unknownCommand(ctx *callCtx, fields []value) {
	cmd := wordAsWritten(fields[0])
	why := "its program is known only when the step runs"
	done := a.argUsesWhy(ctx, cmd, fields, 0, "", "", " ("+why+")")
	for _, n := range a.exportedCreds(ctx.overlay) {
		v, _ := a.envVar(n, ctx.overlay)
		for _, c := range v.creds() {
			if !done[c] {
				done[c] = true
				a.addUse(Use{Credential: c, Line: ctx.line, Command: cmd, Via: "env",
					Unresolved: why + "; it runs with $" + n + " in its environment", Evidence: a.evidenceOf(ctx)})
			}
		}
	}
	if !namedByExpression(fields[0]) {
		return
	}
	for _, k := range a.keptCreds() {
		if !done[k.cred] {
			done[k.cred] = true
			a.addUse(Use{Credential: k.cred, Line: ctx.line, Command: cmd, Via: k.via,
				Unresolved: why + "; it may use the credentials " + k.where, Evidence: a.evidenceOf(ctx)})
		}
	}
}

// namedByExpression reports whether a word holds a workflow expression.
func namedByExpression(v value) bool {
	for _, p := range v.parts {
		if !p.lit && p.ref != "" && !isName(p.ref) {
			return true
		}
	}
	return false
}

// booleanExpression reports a word that is one workflow expression whose
// value is always true or false (expression.Boolean): as a command it is
// the shell's true or false builtin.
func booleanExpression(v value) bool {
	return len(v.parts) == 1 && !v.parts[0].lit && v.parts[0].ref != "" && !isName(v.parts[0].ref) && expression.Boolean(v.parts[0].ref)
}

// wordAsWritten shows a word with its references as a script writes
// them: $NAME for a variable, ${{ expr }} for an expression.
func wordAsWritten(v value) string {
	var b strings.Builder
	for _, p := range v.parts {
		switch {
		case p.lit || p.ref == "":
			b.WriteString(p.text)
		case isName(p.ref):
			b.WriteString("$" + p.ref)
		default:
			b.WriteString("${{ " + p.ref + " }}")
		}
	}
	return b.String()
}

// keptUnread keeps, for a script pat2app does not read, a use of each
// credential git or gh keeps in its configuration (actions/checkout's
// persisted one, `gh auth login`, a git credential store): the script may
// push with it, and a push nobody read may need workflows:write as well as
// contents:write. It applies where scripts are meant to be read
// (Input.KeptUnread); docker's and npm's stored credentials reach only
// those registries and are left to the commands that use them.
func (a *analyzer) keptUnread(ctx *callCtx, script, note string) {
	if !a.in.KeptUnread || a.uncalled || note == "" {
		// note says why a script is not read; without one the command
		// names no script (npm --version, pnpm dedupe, node -e CODE).
		// A function nothing calls runs nothing with them.
		return
	}
	for _, k := range a.keptCreds() {
		if k.via == "stored" && !a.storedFor(k.cred, "git", "gh-git", "gh") {
			continue
		}
		a.addUse(Use{Credential: k.cred, Line: ctx.line, Command: script, Script: script, Via: k.via,
			Unresolved: "not read" + noteSuffix(note) + "; it may use the credentials " + k.where, Evidence: a.evidenceOf(ctx)})
	}
}

// inPersistedDir reports whether the script runs where the persisted
// credentials are git's: in the folder actions/checkout checked out to, or
// anywhere when that folder or the script's is not known.
func (a *analyzer) inPersistedDir() bool {
	if a.outOfWorkspace() {
		return false
	}
	if len(a.in.PersistedElsewhere) > 0 {
		creds, def := a.persistedHere()
		return len(creds) > 0 || def
	}
	d := a.in.PersistedDir
	if d == "" || d == "." || !a.dirKnown {
		return true
	}
	return a.dir == d || strings.HasPrefix(a.dir, d+"/")
}

// persistedHere is what actions/checkout persisted in the folder the
// script is in, when several checkouts persisted credentials in folders
// of their own: the deepest folder holding the script's, with those whose
// folder is not known; every folder's when the script's folder is not
// known or is in none of them.
func (a *analyzer) persistedHere() (creds []string, def bool) {
	if a.outOfWorkspace() {
		return nil, false
	}
	folders := append([]PersistedFolder{{Dir: a.in.PersistedDir, Credentials: a.in.Persisted, Default: a.in.DefaultPersisted}}, a.in.PersistedElsewhere...)
	return PersistedIn(folders, a.dir, a.dirKnown)
}

// persistedNow is the persisted credential git may use where the script
// is: the one checkout's (Input.Persisted, Input.DefaultPersisted), or,
// when several checkouts persisted credentials, persistedHere's.
func (a *analyzer) persistedNow() (creds []string, def bool) {
	if len(a.in.PersistedElsewhere) > 0 {
		return a.persistedHere()
	}
	return a.in.Persisted, a.in.DefaultPersisted
}

// PersistedIn is what actions/checkout persisted in the git configuration
// git reads in dir: the deepest of folders holding it, with those whose
// folder is not known; every folder's when dir is not known (known false)
// or is in none of them.
func PersistedIn(folders []PersistedFolder, dir string, known bool) (creds []string, def bool) {
	best := -1
	for i, f := range folders {
		d := f.Dir
		if !known || d == "" {
			continue
		}
		if (d == "." || dir == d || strings.HasPrefix(dir, d+"/")) && (best < 0 || len(d) > len(folders[best].Dir)) {
			best = i
		}
	}
	for i, f := range folders {
		if best < 0 || i == best || f.Dir == "" {
			creds = append(creds, f.Credentials...)
			def = def || f.Default
		}
	}
	return uniq(creds), def
}

// allPersisted lists the credentials actions/checkout persisted in any
// folder.
func (a *analyzer) allPersisted() []string {
	creds := slices.Clone(a.in.Persisted)
	for _, f := range a.in.PersistedElsewhere {
		creds = append(creds, f.Credentials...)
	}
	return uniq(creds)
}

// storedFor reports whether a credential is stored in the configuration
// of one of tools.
func (a *analyzer) storedFor(cred string, tools ...string) bool {
	for _, st := range a.stored() {
		if slices.Contains(tools, st.Tool) && slices.Contains(st.Credentials, cred) {
			return true
		}
	}
	return false
}

// keptCred is a credential a tool's configuration holds for any program
// the script runs: actions/checkout's persisted one, or one an earlier
// command stored (git, gh, docker, npm).
type keptCred struct {
	cred, via, where string
}

// keptCreds lists the credentials in tool configuration, sorted.
func (a *analyzer) keptCreds() []keptCred {
	var out []keptCred
	seen := map[string]bool{}
	// Code not read may change into any folder of the workspace: every
	// folder's persisted credential is within its reach, none out of it.
	var here []string
	if !a.outOfWorkspace() {
		here = a.allPersisted()
	}
	for _, c := range uniq(here) {
		seen[c] = true
		out = append(out, keptCred{cred: c, via: "persisted", where: "actions/checkout persisted in the git configuration"})
	}
	var stored []string
	for _, st := range a.stored() {
		stored = append(stored, st.Credentials...)
	}
	for _, c := range uniq(stored) {
		if !seen[c] {
			seen[c] = true
			out = append(out, keptCred{cred: c, via: "stored", where: "an earlier command stored in git, gh, docker or npm configuration"})
		}
	}
	return out
}

// scriptTarget names the script a command runs ("" when it runs none) and
// whether environment credentials count as used by it.
func (a *analyzer) scriptTarget(name, base string, args []value) (string, bool) {
	switch {
	case base == "deno":
		return denoTarget(args)
	case knowledge.IsInterpreter(base):
		for i, x := range args {
			s := x.String()
			if s == "-c" || s == "-e" || s == "--eval" || s == "-p" || s == "--print" {
				return base + " " + s, true
			}
			if inlineCluster(s) {
				// perl -ne CODE, ruby -pe CODE: the code is inline.
				return base + " -e", true
			}
			if s == "-m" && i+1 < len(args) {
				return base + " -m " + args[i+1].String(), true
			}
			if strings.HasPrefix(s, "-") {
				continue
			}
			return s, true
		}
		// Interpreter fed by stdin (a here-document): the body is
		// scanned separately.
		return base, true
	case base == "npm" || base == "yarn" || base == "pnpm" || base == "bun":
		if r := packageRun(base, args); r != nil {
			return base + " " + r.Target, isSuggestive(r.Target)
		}
		if len(args) >= 1 {
			s := args[0].String()
			target := s
			if (s == "run" || s == "run-script") && len(args) >= 2 {
				target = args[1].String()
			}
			return base + " " + target, isSuggestive(target)
		}
	case base == "make" || base == "gmake":
		// make's options are read as make reads them: -j 4 and -C dir
		// take a value, and the target is the first goal.
		target := base
		if goals := strings.Fields(makeRun(base, args).Target); len(goals) > 0 {
			target = base + " " + goals[0]
		}
		return target, isSuggestive(target)
	case base == "tox":
		// tox -e NAME runs that environment's commands; a run of its
		// env_list is named for tox itself.
		if r := toxRun(args); r != nil {
			target := base
			if r.Target != "" {
				target = base + " -e " + r.Target
			}
			return target, isSuggestive(target)
		}
	case base == "just" || base == "task" || base == "rake" || base == "gradle" || base == "./gradlew" || base == "gradlew":
		target := base
		for i := 0; i < len(args); i++ {
			s := args[i].String()
			if s == "-C" || s == "-f" || s == "--directory" || s == "--file" {
				i++ // the option's value
				continue
			}
			if !strings.HasPrefix(s, "-") && !strings.Contains(s, "=") {
				target = base + " " + s
				break
			}
		}
		return target, isSuggestive(target)
	case base == "go" && len(args) >= 2 && args[0].String() == "run":
		return "go run " + args[1].String(), isSuggestive(args[1].String())
	case strings.ContainsAny(name, `/\`) || hasScriptExt(base):
		return name, true
	}
	return "", false
}

func hasScriptExt(s string) bool {
	for _, e := range []string{".sh", ".py", ".js", ".mjs", ".cjs", ".ts", ".rb", ".pl", ".ps1", ".bash"} {
		if strings.HasSuffix(s, e) {
			return true
		}
	}
	return false
}

// isSuggestive reports whether a script's or target's name suggests GitHub
// work (knowledge/data/name-words.tsv).
func isSuggestive(s string) bool {
	return knowledge.NameSuggests(s, knowledge.WordGitHubWork)
}

// toolUse reports a GitHub-aware tool: credentials in its token variables
// (+1), in its arguments (+1), and other exported credentials (0: it may
// read them through its configuration).
func (a *analyzer) toolUse(ctx *callCtx, t knowledge.ToolInfo, args []value, gh int) {
	tool, envs := t.Name, t.TokenEnv
	reason := tool + " calls the GitHub API; its calls are not visible in the script"
	if len(t.Permissions) == 0 && t.Note != "" {
		// No permission set is known for it: what its row says is what
		// a reviewer has to go on.
		reason += ": " + t.Note
	}
	var written []string
	dir := ""
	if t.ReadsConfig {
		for _, x := range args {
			written = append(written, x.String())
		}
		if a.dirKnown {
			dir = a.dir
		}
	}
	// withConfig adds what a tool that reads a configuration needs to
	// find it and read it for $n.
	withConfig := func(u Use, n string) Use {
		if t.ReadsConfig {
			u.Var, u.Args, u.Dir = n, written, dir
		}
		return u
	}
	repos := a.toolRepos(t, args)
	done := map[string]bool{}
	for _, n := range envs {
		v, ok := a.envVar(n, ctx.overlay)
		if !ok {
			if n == "GITHUB_TOKEN" || n == "GH_TOKEN" {
				if cs, via := a.ghCreds(ctx.overlay); len(cs) > 0 && via == "env" && !a.ghEnvMentioned() {
					for _, c := range cs {
						done[c] = true
						a.addUse(withConfig(Use{Credential: c, Line: ctx.line, Command: tool, Via: "env", GitHub: gh, Host: "api.github.com", Unresolved: reason, Evidence: a.evidenceOf(ctx), TargetRepos: repos}, n))
					}
				}
			}
			continue
		}
		for _, c := range v.creds() {
			if done[c] {
				continue
			}
			done[c] = true
			a.addUse(withConfig(Use{Credential: c, Line: ctx.line, Command: tool, Via: "env", GitHub: gh, Host: "api.github.com", Unresolved: reason, Evidence: a.evidenceOf(ctx), TargetRepos: repos}, n))
		}
		if !v.hasCreds() && v.String() != "" {
			break // the tool uses a token we do not track
		}
	}
	for i, x := range args {
		for _, c := range x.creds() {
			if done[c] {
				continue
			}
			done[c] = true
			if flag := licenceFlagName(args, i); flag != "" {
				a.licenceUse(ctx, tool, "", c, flag, "", args)
				continue
			}
			a.addUse(Use{Credential: c, Line: ctx.line, Command: tool, Via: "arg", GitHub: gh, Host: "api.github.com", Unresolved: reason, Evidence: a.evidenceOf(ctx), TargetRepos: repos})
		}
	}
	if !t.ReadsConfig {
		return
	}
	for _, n := range a.exportedCreds(ctx.overlay) {
		v, _ := a.envVar(n, ctx.overlay)
		for _, c := range v.creds() {
			if done[c] {
				continue
			}
			done[c] = true
			a.addUse(withConfig(Use{Credential: c, Line: ctx.line, Command: tool, Via: "env", GitHub: 0,
				Unresolved: tool + " may read $" + n + " through its configuration", Evidence: a.evidenceOf(ctx)}, n))
		}
	}
}

// toolRepos are the repositories a tool's repository flag names
// (knowledge.ToolInfo.RepoFlags, with OwnerFlags when the owner has a
// flag of its own): owner/name, the loop's words, or one named at run
// time; without the flag, the ones its row fixes (knowledge.ToolInfo.Repos),
// if any.
func (a *analyzer) toolRepos(t knowledge.ToolInfo, args []value) []string {
	var v value
	ok := false
	switch {
	case len(t.OwnerFlags) > 0:
		// Owner and name in flags of their own; with either missing,
		// the tool takes it from its environment or configuration.
		owner, okOwner := flagValue(args, t.OwnerFlags...)
		name, okName := flagValue(args, t.RepoFlags...)
		if ok = okOwner && okName; ok {
			v.appendValue(owner)
			v.append(part{text: "/", lit: true})
			v.appendValue(name)
		}
	case len(t.RepoFlags) > 0:
		v, ok = flagValue(args, t.RepoFlags...)
	}
	if !ok {
		// The repositories its code names, if any; one it finds at run
		// time ({go.mod-module-path}) is for review.
		out := make([]string, 0, len(t.Repos))
		for _, r := range t.Repos {
			if strings.HasPrefix(r, "{") {
				r = inventory.RunTimeRepo(r)
			}
			out = append(out, r)
		}
		return out
	}
	rs, runTime := a.valueRepos(v)
	if runTime != "" {
		return []string{runTime}
	}
	return rs
}

// storeUse reports a tool that keeps the credentials in its arguments or
// stdin for something else to read (knowledge.ToolStores): what they are
// for is not the tool's service, and what reads them is not visible.
func (a *analyzer) storeUse(ctx *callCtx, t knowledge.ToolInfo, args []value) {
	reason := t.Name + " " + t.Note + "; what reads it there is not visible"
	done := map[string]bool{}
	report := func(creds []string, via string) {
		for _, c := range creds {
			if !done[c] {
				done[c] = true
				a.addUse(Use{Credential: c, Line: ctx.line, Command: t.Name, Via: via, GitHub: 0, Unresolved: reason, Evidence: a.evidenceOf(ctx)})
			}
		}
	}
	for _, x := range args {
		report(x.creds(), "arg")
	}
	report(ctx.stdin.creds(), "stdin")
}

// serviceUse reports a tool of another service.
func (a *analyzer) serviceUse(ctx *callCtx, tool, host string, envs []string, args []value) {
	done := map[string]bool{}
	for _, n := range envs {
		if v, ok := a.envVar(n, ctx.overlay); ok {
			for _, c := range v.creds() {
				if !done[c] {
					done[c] = true
					a.addUse(Use{Credential: c, Line: ctx.line, Command: tool, Via: "env", Host: host, GitHub: -1, Evidence: a.evidenceOf(ctx)})
				}
			}
		}
	}
	var creds []string
	for _, x := range args {
		creds = append(creds, x.creds()...)
	}
	for _, c := range uniq(creds) {
		if !done[c] {
			done[c] = true
			a.addUse(Use{Credential: c, Line: ctx.line, Command: tool, Via: "arg", Host: host, GitHub: -1, Evidence: a.evidenceOf(ctx)})
		}
	}
	for _, c := range ctx.stdin.creds() {
		if !done[c] {
			done[c] = true
			a.addUse(Use{Credential: c, Line: ctx.line, Command: tool, Via: "stdin", Host: host, GitHub: -1, Evidence: a.evidenceOf(ctx)})
		}
	}
}

// scriptUse reports a script run with credentials in its arguments, its
// stdin or (when implicit) its environment.
func (a *analyzer) scriptUse(ctx *callCtx, script string, args []value, implicit bool, note string) {
	done := a.argUsesWhy(ctx, script, args, 0, "", script, noteSuffix(note))
	if knowledge.IsInterpreter(script) && len(ctx.stdin.parts) > 0 {
		// An interpreter fed a here-document: its code is read as a file
		// of its language would be; where that reading is not there, the
		// lines of the body that name a credential variable are the uses.
		if res, ok := a.followInline(ctx, script); ok {
			for c := range res.credentials() {
				done[c] = true
			}
			implicit = implicit && !res.Accounted
		} else {
			for c := range a.scanBody(ctx, script) {
				done[c] = true
			}
		}
	}
	if f := strings.Fields(script); len(f) == 2 && knowledge.IsInterpreter(f[0]) && (f[1] == "-c" || f[1] == "-e" || f[1] == "--eval") {
		// Inline code is visible: the variables it names are the uses.
		if i := indexOf(args, f[1]); i >= 0 && i+1 < len(args) {
			code := args[i+1].String()
			for _, n := range a.exportedCreds(ctx.overlay) {
				if !mentions(code, n) {
					continue
				}
				v, _ := a.envVar(n, ctx.overlay)
				for _, c := range v.creds() {
					if !done[c] {
						done[c] = true
						a.addUse(Use{Credential: c, Line: ctx.line, Command: script, Script: script, Via: "env", GitHub: 0,
							Unresolved: script + " code reads $" + n + "; what it does with it is not visible", Evidence: a.evidenceOf(ctx)})
					}
				}
			}
			implicit = false
		}
	}
	if implicit {
		for _, n := range a.exportedCreds(ctx.overlay) {
			v, _ := a.envVar(n, ctx.overlay)
			for _, c := range v.creds() {
				if done[c] {
					continue
				}
				done[c] = true
				a.implicit = append(a.implicit, pendingUse{use: Use{Credential: c, Line: ctx.line, Command: script, Script: script, Via: "env", GitHub: 0,
					Unresolved: script + " runs with $" + n + " in its environment; what it does with it is not visible" + noteSuffix(note),
					Evidence:   a.evidenceOf(ctx)}, suggestive: isSuggestive(script) || strings.Contains(script, "{")})
			}
		}
	}
}

// unusedInScript keeps, for a script that was read, the entry of each
// credential in its environment that the reading found no use of, when a
// program it runs or a package it loads that pat2app does not read
// inherits the environment and may use it. The step judges the entry as
// it judges a script that is not read. When the reader accounted for
// every program the script runs (res.Accounted) and none of those it
// could not read had the credential, the script does not use it: no
// entry.
func (a *analyzer) unusedInScript(ctx *callCtx, script string, env map[string][]string, res Followed) {
	used := res.credentials()
	for _, n := range slices.Sorted(maps.Keys(env)) {
		for _, c := range env[n] {
			if used[c] {
				continue
			}
			used[c] = true
			why := "programs it runs and packages it loads that are not read may use it"
			if res.Accounted {
				progs := unreadWith(res.Unread, c)
				if len(progs) == 0 {
					continue
				}
				why = "it runs " + strings.Join(progs, ", ") + ", which pat2app does not read and does not know to leave it alone"
			}
			a.implicit = append(a.implicit, pendingUse{use: Use{Credential: c, Line: ctx.line, Command: script, Script: script, Via: "env",
				Unresolved: script + " runs with $" + n + " in its environment; reading it found no use of it, but " + why,
				Evidence:   a.evidenceOf(ctx)}, suggestive: isSuggestive(script)})
		}
	}
}

// unreadWith names, once each and at most three, the unread programs
// that ran with credential c, with the file and line where each is run.
func unreadWith(list []UnreadProgram, c string) []string {
	var out []string
	seen := map[string]bool{}
	for _, o := range list {
		if !slices.Contains(o.Credentials, c) || seen[o.Program] {
			continue
		}
		seen[o.Program] = true
		if len(out) == 3 {
			out = append(out, "...")
			break
		}
		where := o.Program
		if o.File != "" {
			where += " (" + o.File + ":" + strconv.Itoa(o.FileLine) + ")"
		}
		out = append(out, where)
	}
	return out
}

// noteSuffix renders a follower's note after a reason.
func noteSuffix(note string) string {
	if note == "" {
		return ""
	}
	return " (" + note + ")"
}

// argUses reports credentials passed as arguments or on stdin to a command
// whose use of them is not understood.
func (a *analyzer) argUses(ctx *callCtx, cmd string, args []value, gh int, host, script string) map[string]bool {
	return a.argUsesWhy(ctx, cmd, args, gh, host, script, "")
}

// argUsesWhy is argUses with why, said after each reason: why the
// command's code was not read.
func (a *analyzer) argUsesWhy(ctx *callCtx, cmd string, args []value, gh int, host, script, why string) map[string]bool {
	done := map[string]bool{}
	for i, x := range args {
		if flag := licenceFlagName(args, i); flag != "" {
			for _, c := range x.creds() {
				if !done[c] {
					done[c] = true
					a.licenceUse(ctx, cmd, script, c, flag, why, args)
				}
			}
			continue
		}
		if flag := optionOf(args, i); flag != "" && !strings.Contains(flag, "github") && !strings.HasPrefix(flag, "gh-") &&
			knowledge.NameMeans(strings.ToUpper(strings.ReplaceAll(flag, "-", "_")), knowledge.NameOtherService) {
			// --cloudflare-access-secret "$ID:$SECRET": an option named for
			// another service takes that service's credential.
			for _, c := range x.creds() {
				if !done[c] {
					done[c] = true
					a.addUse(Use{Credential: c, Line: ctx.line, Command: cmd, Script: script, Via: "arg", GitHub: -1, Evidence: a.evidenceOf(ctx)})
				}
			}
			continue
		}
		if remoteShells[cmd] {
			// user@host:path of ssh, scp, rsync and sftp: a value that is
			// the user or the host names an account or a machine.
			for _, c := range sshAddressCreds(x) {
				if !done[c] {
					done[c] = true
					a.addUse(Use{Credential: c, Line: ctx.line, Command: cmd, Script: script, Via: "arg", GitHub: -1, Host: "ssh", Evidence: a.evidenceOf(ctx)})
				}
			}
		}
		if h, ok := a.userinfoHost(x); ok && a.classifyHost(h) > 0 && gitURLInstallers[cmd] {
			// pip install git+https://$TOKEN@github.com/OWNER/REPO.git:
			// the installer clones that repository with the credential.
			if repo := a.gitURLRepo(value{parts: []part{{text: installerGitURL(x.String()), lit: true}}}); repo != "" {
				for _, c := range x.creds() {
					if !done[c] {
						done[c] = true
						a.addUse(Use{Credential: c, Line: ctx.line, Command: cmd, Script: script, Via: "url", GitHub: +1, Host: h, TargetRepos: []string{repo},
							Ops: []Op{{Kind: KindGit, Method: "GIT", Path: "clone", Name: "clone", Repo: repo}}, Evidence: a.evidenceOf(ctx)})
					}
				}
				continue
			}
		}
		if h, ok := a.userinfoHost(x); ok && a.classifyHost(h) < 0 {
			// https://user:$SECRET@pkgs.example.com/simple/: the URL's
			// own host takes the credential, as a curl to it would.
			for _, c := range x.creds() {
				if !done[c] {
					done[c] = true
					a.addUse(Use{Credential: c, Line: ctx.line, Command: cmd, Script: script, Via: "url", GitHub: -1, Host: h, Evidence: a.evidenceOf(ctx)})
				}
			}
			continue
		}
		for _, c := range x.creds() {
			if done[c] {
				continue
			}
			done[c] = true
			a.addUse(Use{Credential: c, Line: ctx.line, Command: cmd, Script: script, Via: "arg", GitHub: gh, Host: host,
				Unresolved: "credential passed to " + cmd + "; what it does with it is not visible" + why, Evidence: a.evidenceOf(ctx)})
		}
	}
	for _, c := range ctx.stdin.creds() {
		if done[c] {
			continue
		}
		done[c] = true
		a.addUse(Use{Credential: c, Line: ctx.line, Command: cmd, Script: script, Via: "stdin", GitHub: gh, Host: host,
			Unresolved: "credential piped to " + cmd + "; what it does with it is not visible" + why, Evidence: a.evidenceOf(ctx)})
	}
	return done
}

// followInline asks the follower to read the code an interpreter reads
// from its stdin (a here-document body whose every part is known), as a
// file of its language.
func (a *analyzer) followInline(ctx *callCtx, interp string) (Followed, bool) {
	if a.in.Follow == nil || !ctx.stdin.known() {
		return Followed{}, false
	}
	lines := ctx.stdin.lines()
	if len(lines) == 0 {
		return Followed{}, false
	}
	var code []string
	for _, ln := range lines {
		code = append(code, restoreExprs(ln.String(), a.ph))
	}
	start := lines[0].firstLine()
	if start == 0 {
		start = ctx.sline
	}
	r := &Run{Kind: RunInline, Program: baseName(interp), Target: InlineTarget, Code: strings.Join(code, "\n"), CodeLine: start, Script: interp}
	return a.followed(ctx, r)
}

// userinfoHost is the host of an argument that is a URL whose user
// information, and only that, carries its credentials
// (https://user:$TOKEN@host/path).
func (a *analyzer) userinfoHost(x value) (string, bool) {
	if len(x.creds()) == 0 {
		return "", false
	}
	info := a.parseURL(x)
	if info.host == "" || info.userEnd == 0 || info.scheme == "" {
		return "", false
	}
	pos := 0
	for _, p := range x.parts {
		if len(p.creds) > 0 && pos+len(p.text) > info.userEnd {
			return "", false
		}
		pos += len(p.text)
	}
	return info.host, true
}

// scanBody reports the lines of an interpreter's stdin (a here-document
// body) that mention an exported credential variable by name.
func (a *analyzer) scanBody(ctx *callCtx, interp string) map[string]bool {
	done := map[string]bool{}
	names := a.exportedCreds(ctx.overlay)
	for _, ln := range ctx.stdin.lines() {
		text := ln.String()
		line := ln.firstLine()
		if line == 0 {
			line = ctx.sline
		}
		for _, n := range names {
			if !mentions(text, n) {
				continue
			}
			v, _ := a.envVar(n, ctx.overlay)
			for _, c := range v.creds() {
				done[c] = true
				a.addUse(Use{Credential: c, Line: a.fileLine(line), Command: interp, Script: interp, Via: "env", GitHub: 0,
					Unresolved: interp + " code reads $" + n + "; what it does with it is not visible",
					Evidence:   redact.String(oneLine(restoreExprs(text, a.ph), 120))})
			}
		}
	}
	return done
}

// Mentions reports whether text names the identifier n (not as part of a
// longer identifier): how a line of another language that is not parsed
// is searched for a variable.
func Mentions(text, n string) bool { return mentions(text, n) }

// mentions reports whether text names the identifier n (not as part of a
// longer identifier).
func mentions(text, n string) bool {
	for i := 0; ; {
		k := strings.Index(text[i:], n)
		if k < 0 {
			return false
		}
		k += i
		before := k == 0 || !isTokenChar(text[k-1])
		end := k + len(n)
		after := end >= len(text) || !isTokenChar(text[end])
		if before && after {
			return true
		}
		i = k + 1
	}
}

// pendingUse is an environment-implicit use of a credential by a script.
type pendingUse struct {
	use        Use
	suggestive bool
}

// flushImplicit keeps the environment-implicit script uses that are
// likely: the script's name suggests GitHub work (release, deploy, pr...),
// or the credential has no other use in the script (the step put it in the
// environment for some command, and the scripts are the only candidates).
func (a *analyzer) flushImplicit() {
	if a.in.Nested {
		for _, p := range a.implicit {
			a.pending = append(a.pending, Pending{Use: p.use, Suggestive: p.suggestive})
		}
		a.implicit = nil
		return
	}
	used := map[string]bool{}
	for _, u := range a.uses {
		used[u.Credential] = true
	}
	for _, p := range a.implicit {
		if p.suggestive || !used[p.use.Credential] {
			a.addUse(p.use)
		}
	}
	a.implicit = nil
}

// goFetch reports the git credentials a go command would use to download
// private modules (insteadOf rewrites, credential stores, extra headers the
// script configured).
func (a *analyzer) goFetch(ctx *callCtx) {
	for _, list := range [][]gitCred{a.gitRewrites, a.gitStore, a.gitHeaders} {
		for _, gc := range list {
			host := gc.host
			if host == "" {
				host = "github.com"
			}
			gh := a.classifyHost(host)
			u := Use{Line: ctx.line, Command: "go", Via: "git-config", Host: host, GitHub: gh, Evidence: a.evidenceOf(ctx)}
			if gh > 0 {
				u.Ops = []Op{{Kind: KindGit, Method: "GIT", Path: "fetch (go modules)", Name: "fetch"}}
				if repos := a.privateModules(ctx); len(repos) > 0 {
					u.Ops = nil
					for _, r := range repos {
						u.Ops = append(u.Ops, Op{Kind: KindGit, Method: "GIT", Path: "fetch (go modules)", Name: "fetch", Repo: r})
					}
					u.TargetRepos = repos
				}
			}
			for _, c := range gc.creds {
				u.Credential = c
				a.addUse(u)
			}
		}
	}
}

// goModuleEnv are the variables that tell go which modules it fetches
// from their repositories, with git's credentials, rather than from the
// module proxy (go help private).
var goModuleEnv = []string{"GOPRIVATE", "GONOPROXY"}

// IsGoModuleEnv reports whether name is one of goModuleEnv: its literal
// value in a workflow's env: is given to the scripts (Input.Known).
func IsGoModuleEnv(name string) bool { return slices.Contains(goModuleEnv, name) }

// privateModules are the repositories go fetches with git's credentials:
// the modules go.mod (in the working directory) requires from github.com
// that GOPRIVATE or GONOPROXY names, which go fetches from their
// repositories rather than the module proxy (go help private). Without
// either, modules come from the proxy and public repositories, and the
// list is empty; with one but no readable go.mod, the repositories are
// named at run time.
func (a *analyzer) privateModules(ctx *callCtx) []string {
	var patterns []string
	for _, n := range goModuleEnv {
		v, ok := a.envVar(n, ctx.overlay)
		if !ok {
			if lit, set := a.known[n]; set {
				v, ok = litValue(lit, 0), true
			}
		}
		if ok && v.String() != "" {
			if !v.known() {
				return []string{inventory.RunTimeRepo("{the " + n + " modules go.mod requires}")}
			}
			patterns = append(patterns, v.String())
		}
	}
	if len(patterns) == 0 {
		return nil
	}
	runTime := []string{inventory.RunTimeRepo("{the " + strings.Join(patterns, ",") + " modules go.mod requires}")}
	fr, ok := a.in.Follow.(FileReader)
	if !ok || !a.dirKnown {
		return runTime
	}
	data, ok := fr.RepoFile(a.dir, a.in.RepoRoot, "go.mod")
	if !ok {
		return runTime
	}
	mf, err := modfile.ParseLax("go.mod", data, nil)
	if err != nil {
		return runTime
	}
	var repos []string
	for _, r := range mf.Require {
		p := r.Mod.Path
		if !module.MatchPrefixPatterns(strings.Join(patterns, ","), p) {
			continue
		}
		if seg := strings.Split(p, "/"); len(seg) >= 3 && seg[0] == "github.com" {
			repos = append(repos, seg[1]+"/"+seg[2])
		}
	}
	return sortUniq(repos)
}

// inlineCluster reports a cluster of one-letter options that ends in e
// (perl -ne, -lane, ruby -pe): the next argument is code, not a file.
func inlineCluster(s string) bool {
	if len(s) < 3 || s[0] != '-' || s[1] == '-' || !strings.HasSuffix(s, "e") {
		return false
	}
	for _, r := range s[1:] {
		if r < 'a' || r > 'z' {
			return false
		}
	}
	return true
}

// licenceFlags name a program's licence or product key, never its GitHub
// token.
var licenceFlags = map[string]bool{"--key": true, "--license": true, "--licence": true, "--license-key": true, "--licence-key": true}

// licenceUse records credential c given to cmd as the value of a key
// flag (GoReleaser Pro's --key): a licence, product or API key, not the
// token the program takes for GitHub. When the command's arguments name
// the server the key goes to and every server they name is another
// service's (choco push --key K --source https://push.chocolatey.org/),
// the key is that service's; otherwise it is left for review. why, when
// not empty, follows the reason.
func (a *analyzer) licenceUse(ctx *callCtx, cmd, script, c, flag, why string, args []value) {
	if host, ok := a.argsServer(args); ok {
		a.addUse(Use{Credential: c, Line: ctx.line, Command: cmd, Script: script, Via: "arg", GitHub: -1, Host: host, Evidence: a.evidenceOf(ctx)})
		return
	}
	a.addUse(Use{Credential: c, Line: ctx.line, Command: cmd, Script: script, Via: "arg", GitHub: 0,
		Unresolved: "credential given to " + cmd + " as a licence key (" + flag + "), not as its GitHub token" + why, Evidence: a.evidenceOf(ctx)})
}

// argsServer is the host of the URLs a command's arguments name (a
// whole argument, or the value of --flag=URL, quotes around it dropped),
// when there is at least one, none carries a credential, and every one is
// a literal host of another service than GitHub: the server a key given
// beside them goes to.
func (a *analyzer) argsServer(args []value) (string, bool) {
	host := ""
	for _, x := range args {
		if x.hasCreds() {
			continue
		}
		s := x.String()
		if strings.HasPrefix(s, "-") {
			_, s, _ = strings.Cut(s, "=")
		}
		s = strings.Trim(s, `'"`)
		if !strings.HasPrefix(s, "https://") && !strings.HasPrefix(s, "http://") {
			continue
		}
		info := a.parseURL(litValue(s, 0))
		if a.classifyHost(info.host) >= 0 {
			return "", false
		}
		if host == "" {
			host = info.host
		}
	}
	return host, host != ""
}

// licenceFlagName is the licence flag args[i] is the value of (--key VALUE
// or --key=VALUE), "" when it is none.
func licenceFlagName(args []value, i int) string {
	if name, _, ok := strings.Cut(args[i].String(), "="); ok && licenceFlags[name] {
		return name
	}
	if i > 0 && licenceFlags[args[i-1].String()] {
		return args[i-1].String()
	}
	return ""
}

// binaryRun is the command yarn, pnpm or bun NAME ARGS (yarn or bun run
// NAME ARGS) runs when its package has no script NAME: the package binary
// NAME with ARGS (Run.BinaryFallback). nil for any other run, and when an option chooses another
// folder or package, where the binary's files are not the step's.
func binaryRun(run *Run, res Followed, args []value) []value {
	if run == nil || !res.NoScript || !run.BinaryFallback() || len(run.Flags) > 0 {
		return nil
	}
	for i, x := range args {
		if x.String() == run.Target {
			return args[i:]
		}
	}
	return nil
}

// buildTools are the build tools whose goals or tasks may stand anywhere
// among their options.
var buildTools = map[string]bool{"mvn": true, "mvnw": true, "gradle": true, "gradlew": true, "rake": true, "sbt": true}

// buildGoalRow is the tools.tsv row of the first goal or task a build
// tool is given that has one of its own (mvn release:prepare, gradle
// release), skipping options wherever they stand.
func buildGoalRow(tool string, args []value) (knowledge.ToolInfo, bool) {
	if !buildTools[tool] {
		return knowledge.ToolInfo{}, false
	}
	for _, x := range args {
		s := x.String()
		if !x.known() || strings.HasPrefix(s, "-") {
			continue
		}
		// sbt takes a command and its arguments as one word
		// ("release with-defaults"); rake a task with arguments
		// (release[origin]).
		goal, _, _ := strings.Cut(s, " ")
		goal, _, _ = strings.Cut(goal, "[")
		if t, ok := knowledge.ToolCommand(tool, goal); ok && t.Name != tool {
			return t, true
		}
	}
	return knowledge.ToolInfo{}, false
}

// goDistTools are the tools of the Go distribution go tool runs (go tool
// with no argument lists them): they build, inspect and profile, and read
// no token.
var goDistTools = map[string]bool{
	"addr2line": true, "asm": true, "buildid": true, "cgo": true, "compile": true, "covdata": true,
	"cover": true, "doc": true, "fix": true, "link": true, "nm": true, "objdump": true, "pack": true,
	"pprof": true, "test2json": true, "trace": true, "vet": true, "dist": true,
}

// goToolRun is the command go tool NAME ARGS runs (ok true): the tool
// NAME names, a go.mod tool directive's package by its path or by its
// last element (go.dev/doc/modules/managing-dependencies#tools), a major
// version suffix dropped (github.com/goreleaser/goreleaser/v2 runs
// goreleaser), with ARGS; nil for a tool of the Go distribution. go run
// MODULE@VERSION ARGS runs that module's command the same way when
// knowledge/data/tools.tsv has a row for it. ok is false for any other
// command.
func goToolRun(base string, args []value) (bin []value, ok bool) {
	if base != "go" || len(args) < 2 || !args[1].known() {
		return nil, false
	}
	sub, pkg := args[0].String(), args[1].String()
	mod, _, versioned := strings.Cut(pkg, "@")
	switch {
	case sub == "tool":
	case sub == "run" && versioned && strings.Contains(mod, "."):
	default:
		return nil, false
	}
	prefix, _, ok := module.SplitPathVersion(mod) // .../goreleaser/v2: .../goreleaser
	if !ok {
		prefix = mod
	}
	name := path.Base(prefix)
	if sub == "tool" && !strings.Contains(mod, "/") && goDistTools[name] {
		return nil, true
	}
	if sub == "run" && !knownTool(name) {
		return nil, false
	}
	return append([]value{litValue(name, 0)}, args[2:]...), true
}

// remoteShells are the programs that take a remote as user@host[:path].
var remoteShells = map[string]bool{"ssh": true, "scp": true, "rsync": true, "sftp": true}

// sshAddressCreds lists the credentials of an argument written
// user@host[:path] that are wholly its user (before the @) or its host
// (after it, up to a colon or the end): names of an account or a machine,
// not secrets a program sends anywhere.
func sshAddressCreds(x value) []string {
	var out []string
	for i, p := range x.parts {
		if p.lit || len(p.creds) == 0 {
			continue
		}
		before, after := "", ""
		if i > 0 && x.parts[i-1].lit {
			before = x.parts[i-1].text
		}
		if i+1 < len(x.parts) && x.parts[i+1].lit {
			after = x.parts[i+1].text
		}
		isUser := i == 0 && strings.HasPrefix(after, "@")
		isHost := strings.HasSuffix(before, "@") && (i+1 == len(x.parts) || strings.HasPrefix(after, ":"))
		if isUser || isHost {
			out = append(out, p.creds...)
		}
	}
	return out
}

// optionOf is the long option (without its dashes, lower case) whose value
// args[i] is: --name VALUE, or --name=VALUE itself; "" otherwise.
func optionOf(args []value, i int) string {
	if name, _, ok := strings.Cut(args[i].String(), "="); ok && strings.HasPrefix(name, "--") && len(name) > 2 {
		return strings.ToLower(name[2:])
	}
	if i > 0 {
		if prev := args[i-1].String(); strings.HasPrefix(prev, "--") && len(prev) > 2 && !strings.Contains(prev, "=") && args[i-1].known() {
			return strings.ToLower(prev[2:])
		}
	}
	return ""
}

// gitURLInstallers are Python package installers that clone a git URL
// they are given (pip install git+https://TOKEN@github.com/o/r.git) with
// the credential in its user information.
var gitURLInstallers = map[string]bool{"pip": true, "pip3": true, "uv": true, "pipx": true}

// installerGitURL is the repository URL of an installer's git requirement:
// without pip's git+ prefix, its @ref after .git and its #fragment.
func installerGitURL(s string) string {
	s = strings.TrimPrefix(s, "git+")
	if i := strings.Index(s, "#"); i >= 0 {
		s = s[:i]
	}
	if i := strings.Index(s, ".git@"); i >= 0 {
		s = s[:i+len(".git")]
	}
	return s
}
