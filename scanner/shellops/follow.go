package shellops

import (
	"fmt"
	"maps"
	"mvdan.cc/sh/v3/syntax"
	"path"
	"slices"
	"strings"

	"github.com/pat2app/pat2app/knowledge"
)

// A Follower reads the repository code a command runs: a script, a
// package.json script, a Makefile target, a program's source. Analyze asks
// it about every such command that has a credential in reach (in its
// environment, its arguments, or a tool's configuration); what it reports
// replaces the "runs with $X in its environment; what it does with it is
// not visible" entry the command would otherwise get.
type Follower interface {
	Follow(r *Run) Followed
}

// PackageLister is a Follower that also lists the folders of a
// JavaScript monorepo's packages (lerna exec runs its command in each):
// dir is the monorepo's root as Run.Dir, root the repository's place as
// Input.RepoRoot; ok is false when they cannot all be listed.
type PackageLister interface {
	PackageFolders(dir, root string) (folders []string, ok bool)
}

// FileReader is a Follower that also reads a file of the repository: dir
// is a folder as Run.Dir, root the repository's place as Input.RepoRoot,
// name the file's name there; ok is false when it is not there or cannot
// be read.
type FileReader interface {
	RepoFile(dir, root, name string) (data []byte, ok bool)
}

// RunKind says how a command names the repository code it runs.
type RunKind int

// The kinds of Run.
const (
	// RunFile is a file run directly (./release.sh) or by an interpreter
	// (bash x.sh, node x.mjs, python x.py, tsx x.ts).
	RunFile RunKind = iota + 1
	// RunSource is a shell file read into the running shell (source, .).
	RunSource
	// RunModule is a Python module run with python -m.
	RunModule
	// RunPackageScript is a package.json script run by npm, pnpm, yarn or
	// bun (npm run X, npm test, yarn X).
	RunPackageScript
	// RunMake is make with its targets.
	RunMake
	// RunGo is go run or go test with its packages.
	RunGo
	// RunInline is code an interpreter reads from a here-document
	// (python3 <<'EOF' ... EOF): Code holds it, CodeLine its first line.
	RunInline
	// RunTox is tox running environments (tox -e NAME, tox run -e NAME):
	// Target lists them (comma-separated, "" for its env_list), Flags
	// -c its configuration file and -m the labels it selects by, Args
	// the positional arguments after --.
	RunTox
)

// InlineTarget is the Target of a RunInline, the File of the uses a
// follower reports in its code before they are placed in the script.
const InlineTarget = "(here-document)"

// Run is one command that runs repository code.
type Run struct {
	Kind RunKind
	// Program is the interpreter or tool as a base name ("bash", "node",
	// "python3", "npm", "make", "go"), "" for a file run directly.
	Program string
	// Sub is the tool's subcommand where it matters: "run" or "test" for
	// go, the npm subcommand ("run", "test", "start", ...).
	Sub string
	// Target is what is run, as the command writes it with unknown parts
	// as {NAME}: the file, the Python module, the package.json script, the
	// make targets (space separated; "" for the default goal), the go
	// packages or files (space separated).
	Target string
	// Flags are the tool's own options that change where it looks (make's
	// -C DIR and -f FILE, npm's --prefix DIR), by name.
	Flags map[string]string
	// Args are the arguments after the target: the script's positional
	// parameters, make's VAR=value assignments, a package script's extra
	// arguments.
	Args []Arg
	// Env holds the exported variables that carry credentials, with the
	// credential ids each carries.
	Env map[string][]string
	// EnvSet names the variables of Input.EnvSet the script did not
	// assign or unset before the command: the command sees them set.
	EnvSet []string
	// Dir is the working directory from the repository root ("." at the
	// root), valid when DirKnown.
	Dir      string
	DirKnown bool
	// Line is the file line of the command; Evidence its text.
	Line     int
	Evidence string
	// Script names the run as the command's unresolved entry would
	// ("./scripts/release.sh", "make release", "npm release").
	Script string
	// Code is the code of a RunInline, and CodeLine the script line it
	// starts at.
	Code     string
	CodeLine int
	// Call is, for a RunSource, a function the sourced file defines to
	// call after reading its definitions, with Args as its arguments: a
	// later command of the script that sourced it (Followed.Funcs).
	Call string
	// Base is what a shell script run by the command needs to be analysed
	// in the same job: the caller's Input with the credentials left in
	// tool configuration so far (Stored), the persisted checkout
	// credential, the repository and the known values. Its Script, Cred,
	// Exprs, Args and Follow are not set.
	Base Input
}

// Arg is one argument of a Run.
type Arg struct {
	// Text is the argument with unknown parts as {NAME}.
	Text string
	// Known is true when Text is the exact value.
	Known bool
	// Creds are the credential ids the argument carries.
	Creds []string
}

// Followed is what a Follower found.
type Followed struct {
	// Handled is true when the code was read (wholly, or in part with
	// the unread part reported in Uses): Uses then say everything the
	// command does with its credentials.
	Handled bool
	// Note says, when not handled, why the code was not read ("not in the
	// checkout", "not read in an organisation scan"); it is added to the
	// command's unresolved entries.
	Note string
	// Absent is true when the file the command runs is not in the
	// checkout (an earlier step or the build puts it there).
	Absent bool
	// NoScript is true when yarn, pnpm or bun NAME found no package.json
	// script NAME: the package manager then runs the package binary
	// NAME with the rest of the arguments.
	NoScript bool
	// Uses are the uses found. Their Line is the Run's; File and FileLine
	// say where in the repository each shows.
	Uses []Use
	// EnvWrites are the variables the code writes to $GITHUB_ENV or
	// $GITHUB_OUTPUT (Line is the Run's).
	EnvWrites []EnvWrite
	// Stored is what the code leaves in tool configuration.
	Stored []Stored
	// HasLoops is true when the code loops.
	HasLoops bool
	// Pending are scripts the code runs that are not read, with a
	// credential only in their environment, for the step to judge.
	Pending []Pending
	// TreeWorkflows says why, after the code ran, the working tree or the
	// history may hold .github/workflows changes the remote does not
	// have (see Result.TreeWorkflows), naming the file and line; "" when
	// nothing shows it.
	TreeWorkflows string
	// Accounted is true when the reader knows every program the code
	// runs with a credential in its environment: those it reads, those
	// knowledge/data/tools.tsv says what they read, and those listed in
	// Unread. A credential of the environment that no use and no Unread
	// entry names is then not used by the code. A reader that cannot
	// tell (packages a module loads) leaves it false.
	Accounted bool
	// Unread are the programs the code runs with credentials in their
	// environment that pat2app neither reads nor knows to leave them
	// alone.
	Unread []UnreadProgram
	// Funcs are, for a RunSource, the functions the sourced file defines
	// at its top level: the script that sourced it may call them later
	// (Run.Call).
	Funcs []string
	// Clones and Remotes are what the code's scripts cloned and the
	// remotes gh prefers that they added (Result.Clones, Result.Remotes).
	Clones, Remotes map[string]string
}

// follow asks the follower about a command that runs repository code and
// records what it found. It reports whether the follower handled the
// command, and the note to add to the command's own entries when not.
func (a *analyzer) follow(ctx *callCtx, r *Run) (bool, string) {
	res, ok := a.followed(ctx, r)
	return ok, res.Note
}

// followed is follow, returning what the follower found.
func (a *analyzer) followed(ctx *callCtx, r *Run) (Followed, bool) {
	if a.in.Follow == nil || r == nil {
		return Followed{}, false
	}
	r.Env = map[string][]string{}
	for _, n := range a.exportedCreds(ctx.overlay) {
		v, _ := a.envVar(n, ctx.overlay)
		r.Env[n] = v.creds()
	}
	stored := a.stored()
	reach := len(r.Env) > 0 || len(a.allPersisted()) > 0 || len(stored) > 0
	for _, x := range r.Args {
		reach = reach || len(x.Creds) > 0
	}
	if !reach && !a.in.FollowForTree {
		return Followed{}, false
	}
	if r.Call == "" {
		// A call of a sourced file's function keeps the folder the
		// file was sourced from, which its path is relative to.
		r.Dir, r.DirKnown = a.dir, a.dirKnown
	}
	r.Line = ctx.line
	r.Evidence = a.evidenceOf(ctx)
	r.Base = a.in
	r.Base.Lines = nil // the lines of this script, not of the code it runs
	r.Base.Script, r.Base.Cred, r.Base.Exprs, r.Base.Args, r.Base.Follow = "", nil, nil, nil, nil
	r.Base.Stored = stored
	r.Base.TreeWorkflows = a.treeWorkflows
	r.Base.Checkouts = MergedRepos(a.in.Checkouts, a.clones)
	r.Base.Remotes = a.preferredRemotes()
	r.EnvSet = nil
	for _, n := range a.in.EnvSet {
		_, inOverlay := ctx.overlay[n]
		_, assigned := a.vars[n]
		if !inOverlay && !assigned && !slices.Contains(a.unsetNames, n) {
			r.EnvSet = append(r.EnvSet, n)
		}
	}
	r.Base.EnvSet = r.EnvSet
	r.Base.SourcedFuncs = nil
	if r.Kind == RunSource {
		// A sourced file shares the shell: the functions sourced before
		// it are its too. A script run on its own inherits none.
		r.Base.SourcedFuncs = a.sourcedFuncs
	}
	res := a.in.Follow.Follow(r)
	if !res.Handled {
		return res, false
	}
	if a.treeWorkflows == "" && res.TreeWorkflows != "" {
		a.treeWorkflows = res.TreeWorkflows
	}
	a.skipCI = "" // the code it ran may have committed
	for _, u := range res.Uses {
		u.Line = ctx.line
		if r.Kind == RunInline && u.File == InlineTarget {
			// A use in the here-document is at its own line of the
			// script.
			u.File, u.Line, u.FileLine = "", a.fileLine(r.CodeLine+u.FileLine-1), 0
		}
		a.addUse(u)
	}
	a.argsNotSeen(ctx, r, res)
	for _, w := range res.EnvWrites {
		w.Line = ctx.line
		a.envWrites = append(a.envWrites, w)
	}
	a.absorbStored(res.Stored)
	a.clones = MergedRepos(a.clones, res.Clones)
	a.followedRemotes = MergedRepos(a.followedRemotes, res.Remotes)
	a.hasLoops = a.hasLoops || res.HasLoops
	for _, p := range res.Pending {
		p.Use.Line = ctx.line
		a.implicit = append(a.implicit, pendingUse{use: p.Use, suggestive: p.Suggestive})
	}
	if res.Accounted {
		for _, o := range res.Unread {
			o.Line = ctx.line
			a.opaque = append(a.opaque, o)
		}
	} else {
		what := r.Script
		if what == "" {
			what = strings.TrimSpace(r.Program + " " + r.Sub + " " + r.Target)
		}
		a.opaqueRun(ctx, what+" (what it loads and runs is not all known)")
	}
	return res, true
}

// argsNotSeen keeps a use of each credential the command passes as an
// argument that reading the code found no use of: the code receives the
// value, and a reader that does not see how it takes its arguments
// (argparse positionals, a CLI framework, a wrapper) must not make the
// credential look unused.
func (a *analyzer) argsNotSeen(ctx *callCtx, r *Run, res Followed) {
	used := res.credentials()
	what := r.Script
	if what == "" {
		what = strings.TrimSpace(r.Program + " " + r.Sub + " " + r.Target)
	}
	for i, x := range r.Args {
		for _, c := range x.Creds {
			if used[c] {
				continue
			}
			used[c] = true
			a.addUse(Use{Credential: c, Line: ctx.line, Command: what, Script: r.Script, Via: "arg", GitHub: 0,
				Unresolved: fmt.Sprintf("%s receives it as argument %d; reading it found no use of that argument, so how the code takes it is not visible", what, i+1),
				Evidence:   a.evidenceOf(ctx)})
		}
	}
}

// credentials lists the credentials the followed code is found to use,
// store, write or leave to a script it runs.
func (f Followed) credentials() map[string]bool {
	used := map[string]bool{}
	for _, u := range f.Uses {
		used[u.Credential] = true
	}
	for _, p := range f.Pending {
		used[p.Use.Credential] = true
	}
	for _, w := range f.EnvWrites {
		for _, c := range w.Credentials {
			used[c] = true
		}
	}
	for _, st := range f.Stored {
		for _, c := range st.Credentials {
			used[c] = true
		}
	}
	return used
}

// absorbStored takes credentials left in tool configuration (by an earlier
// step, or by code this script ran) into the analysis.
func (a *analyzer) absorbStored(list []Stored) {
	for _, st := range list {
		creds := uniq(st.Credentials)
		if len(creds) == 0 && st.Tool != "git-remote" {
			continue
		}
		switch st.Tool {
		case "git":
			a.gitStore = append(a.gitStore, gitCred{host: st.Host, creds: creds})
		case "git-remote":
			if st.Name != "" && len(creds) == 0 {
				a.remotes[st.Name] = value{parts: []part{{text: st.URL, lit: true}}}
			} else if st.Name != "" {
				a.remotes[st.Name] = value{parts: []part{{text: st.URL, lit: true}, {creds: creds, ref: "remote"}}}
			}
		case "git-clone":
			// A repository an earlier step cloned with a credential in
			// its URL keeps it as its origin.
			a.clonedCreds = union(a.clonedCreds, creds)
			a.clonedRepo = st.Name
			for _, d := range st.Dirs {
				if a.cloneDirs == nil {
					a.cloneDirs = map[string]bool{}
				}
				a.cloneDirs[d] = true
			}
		case "gh-git":
			// gh's credential helper stays a helper: in actions/checkout's
			// folder the persisted header is sent first (gitNet).
			a.ghGitCreds = union(a.ghGitCreds, creds)
		case "gh":
			a.ghLogin = union(a.ghLogin, creds)
		case "netrc":
			a.netrc = append(a.netrc, gitCred{host: st.Host, creds: creds})
		case "docker":
			a.dockerLogins[st.Host] = union(a.dockerLogins[st.Host], creds)
		case "npm":
			a.npmAuth = append(a.npmAuth, npmCred{host: st.Host, creds: creds})
		}
	}
}

// runArgs turns argument values into a Run's Args.
func runArgs(vs []value) []Arg {
	out := make([]Arg, 0, len(vs))
	for _, v := range vs {
		out = append(out, Arg{Text: v.String(), Known: v.known(), Creds: v.creds()})
	}
	return out
}

// argValues turns Input.Args into positional parameters.
func argValues(args []Arg) []value {
	out := make([]value, 0, len(args))
	for i, x := range args {
		p := part{text: x.Text, lit: x.Known && len(x.Creds) == 0, creds: uniq(x.Creds)}
		if !p.lit {
			p.ref = string(rune('1' + i))
		}
		out = append(out, value{parts: []part{p}})
	}
	return out
}

// runOf names the repository code a command runs, or nil when it runs
// none that a Follower could read.
func runOf(name, base string, args []value) *Run {
	switch {
	case base == "bun" && len(args) > 0 && !looksLikeFile(args[0].String()) &&
		!(args[0].String() == "run" && len(args) > 1 && looksLikeFile(args[1].String())):
		return packageRun(base, args)
	case base == "deno":
		return denoRun(args)
	case base == "source" || base == ".":
		if len(args) == 0 {
			return nil
		}
		return &Run{Kind: RunSource, Target: args[0].String(), Args: runArgs(args[1:])}
	case knowledge.IsInterpreter(base):
		if shellNames[base] && shellCommandString(args) >= 0 {
			return nil // sh -ec STRING: inline code, read as the command's own text
		}
		for i, x := range args {
			s := x.String()
			switch {
			case (s == "-c" || s == "-e" || s == "--eval" || s == "-p" || s == "--print") && i+1 < len(args) && args[i+1].known():
				// python -c CODE, node -e|-p CODE: the follower reads the
				// code as a file of its language (Python and Node.js),
				// like a here-document's.
				return &Run{Kind: RunInline, Program: base, Target: InlineTarget, Code: args[i+1].String(), Script: base + " " + s}
			case s == "-c" || s == "-e" || s == "--eval" || s == "-p" || s == "--print" || inlineCluster(s):
				return nil // inline code: read as the command's own text
			case base == "node" && s == "--run" && i+1 < len(args):
				// node --run NAME runs package.json's script NAME, as
				// npm run NAME does (nodejs.org/api/cli.html#--run).
				return packageRun("npm", append([]value{litValue("run", 0)}, args[i+1:]...))
			case s == "-m" && i+1 < len(args):
				return &Run{Kind: RunModule, Program: base, Target: args[i+1].String(), Args: runArgs(args[i+2:])}
			case (base == "node" || base == "tsx" || base == "ts-node") && (s == "-r" || s == "--require" || s == "--import" || s == "--loader"):
				continue
			case strings.HasPrefix(s, "-"):
				continue
			}
			if i > 0 && (args[i-1].String() == "-r" || args[i-1].String() == "--require" || args[i-1].String() == "--import" || args[i-1].String() == "--loader") {
				continue
			}
			if (base == "deno" || base == "bun") && s == "run" {
				continue
			}
			return &Run{Kind: RunFile, Program: base, Target: s, Args: runArgs(args[i+1:])}
		}
		return nil
	case base == "npm" || base == "yarn" || base == "pnpm" || base == "bun":
		return packageRun(base, args)
	case base == "npm-run-all" || base == "npm-run-all2" || base == "run-s" || base == "run-p":
		return runAllRun(args)
	case base == "tox":
		return toxRun(args)
	case base == "make" || base == "gmake":
		return makeRun(base, args)
	case base == "go" && len(args) >= 2 && (args[0].String() == "run" || args[0].String() == "test"):
		r := &Run{Kind: RunGo, Program: "go", Sub: args[0].String()}
		var pkgs []string
		dir := "" // go -C DIR: the packages are DIR's
		rest := args[1:]
		for i := 0; i < len(rest); i++ {
			s := rest[i].String()
			if (s == "-C" || s == "--C") && i+1 < len(rest) && len(pkgs) == 0 {
				dir = rest[i+1].String()
				i++
				continue
			}
			if v, ok := strings.CutPrefix(s, "-C="); ok && len(pkgs) == 0 {
				dir = v
				continue
			}
			if r.Sub == "run" && len(pkgs) > 0 && !strings.HasSuffix(s, ".go") {
				// go run a.go b.go ARGS...: the arguments start here.
				r.Args = runArgs(rest[i:])
				break
			}
			if s == "--" || s == "-args" {
				r.Args = runArgs(rest[i+1:])
				break
			}
			if strings.HasPrefix(s, "-") {
				if goFlagTakesValue(s) && i+1 < len(rest) {
					i++
				}
				continue
			}
			pkgs = append(pkgs, s)
			if r.Sub == "run" && !strings.HasSuffix(s, ".go") {
				r.Args = runArgs(rest[i+1:])
				break
			}
		}
		if len(pkgs) == 0 {
			pkgs = []string{"."}
		}
		if dir != "" {
			for i, p := range pkgs {
				if p == "." || strings.HasPrefix(p, "./") || strings.HasPrefix(p, "../") {
					pkgs[i] = "./" + path.Join(dir, p)
				}
			}
		}
		r.Target = strings.Join(pkgs, " ")
		return r
	case base == "gotestsum":
		// gotestsum runs go test on its --packages (./... when they are
		// not known).
		pkgs := "./..."
		for i, x := range args {
			s := x.String()
			if s == "--" {
				break
			}
			v, ok := strings.CutPrefix(s, "--packages=")
			if s == "--packages" && i+1 < len(args) {
				v, ok = args[i+1].String(), true
			}
			if ok && x.known() && !strings.Contains(v, "{") && strings.TrimSpace(v) != "" {
				pkgs = v
			}
		}
		return &Run{Kind: RunGo, Program: "gotestsum", Sub: "test", Target: pkgs}
	case strings.ContainsAny(name, `/\`) || hasScriptExt(base):
		return &Run{Kind: RunFile, Target: name, Args: runArgs(args)}
	}
	return nil
}

// looksLikeFile tells whether a word names a file rather than a package
// script.
func looksLikeFile(s string) bool {
	return strings.ContainsAny(s, `/\`) || hasScriptExt(s)
}

// goFlagTakesValue reports go build flags written with their value as the
// next word.
func goFlagTakesValue(s string) bool {
	if strings.Contains(s, "=") {
		return false
	}
	switch strings.TrimLeft(s, "-") {
	case "C", "o", "p", "tags", "ldflags", "gcflags", "asmflags", "mod", "modfile", "overlay",
		"pkgdir", "toolexec", "exec", "run", "skip", "timeout", "count", "cpu", "parallel",
		"coverprofile", "covermode", "coverpkg", "bench", "benchtime", "outputdir", "json",
		"cpuprofile", "memprofile", "blockprofile", "mutexprofile", "trace", "shuffle", "fuzz", "fuzztime":
		return strings.TrimLeft(s, "-") != "json"
	}
	return false
}

// BinaryFallback reports a package script run that, when the package has
// no script of the name, runs the package binary of that name instead:
// yarn, pnpm or bun NAME, and yarn or bun run NAME
// (classic.yarnpkg.com/en/docs/cli/run and yarnpkg.com/cli/run: "[script]
// can also be any locally installed executable that is inside
// node_modules/.bin/"; pnpm.io/cli/run: scripts shadow binaries of the
// same name; bun.sh/docs/cli/run: bun run runs package.json scripts and
// node_modules/.bin executables). npm run and pnpm run stop with a
// missing script.
func (r *Run) BinaryFallback() bool {
	if r == nil || r.Kind != RunPackageScript || r.Target == "" {
		return false
	}
	switch {
	case r.Sub == r.Target:
		return r.Program != "npm"
	case r.Sub == "run":
		return r.Program == "yarn" || r.Program == "bun"
	}
	return false
}

// npmLifecycle are package manager subcommands that run the package.json
// script of the same name.
var npmLifecycle = map[string]bool{"test": true, "t": true, "start": true, "stop": true, "restart": true}

// packageRun names the package.json script npm, pnpm, yarn or bun runs,
// or nil when the command runs none (install, publish, exec, dlx, ...).
func packageRun(base string, args []value) *Run {
	flags := map[string]string{}
	var pos []value
	for i := 0; i < len(args); i++ {
		s := args[i].String()
		switch {
		case base == "pnpm" && (s == "-w" || s == "--workspace-root"):
			// pnpm's -w runs in the workspace's root; npm's -w names a
			// workspace.
			flags["workspace-root"] = ""
			continue
		case s == "--prefix" || s == "-C" || s == "--dir" || s == "--cwd" || s == "--filter" || s == "-F" || s == "--workspace" || s == "-w":
			if i+1 < len(args) {
				flags[strings.TrimLeft(s, "-")] = args[i+1].String()
				i++
			}
			continue
		case strings.HasPrefix(s, "--prefix=") || strings.HasPrefix(s, "--dir=") || strings.HasPrefix(s, "--cwd=") || strings.HasPrefix(s, "--filter=") || strings.HasPrefix(s, "--workspace="):
			k, v, _ := strings.Cut(strings.TrimLeft(s, "-"), "=")
			flags[k] = v
			continue
		case strings.HasPrefix(s, "-") && len(pos) == 0:
			continue
		}
		pos = append(pos, args[i])
	}
	if len(pos) == 0 {
		return nil
	}
	sub := pos[0].String()
	r := &Run{Kind: RunPackageScript, Program: base, Sub: sub, Flags: flags}
	switch {
	case sub == "run" || sub == "run-script" || sub == "rum" || sub == "urn":
		if len(pos) < 2 {
			return nil
		}
		r.Target = pos[1].String()
		r.Args = runArgs(trimDashDash(pos[2:]))
	case npmLifecycle[sub]:
		r.Target = sub
		if sub == "t" {
			r.Target = "test"
		}
		r.Args = runArgs(trimDashDash(pos[1:]))
	case base == "yarn" || base == "pnpm" || base == "bun":
		// yarn X and pnpm X run the script X when the package has one;
		// a package manager's own command is never a script.
		builtin := npmSubcommands[sub] || packageManagerCommands[sub]
		if sub == "build" && base != "bun" {
			// bun build bundles; yarn and pnpm have no build command,
			// so yarn build runs the script.
			builtin = false
		}
		if builtin || strings.ContainsAny(sub, `/\`) {
			return nil
		}
		r.Target = sub
		r.Args = runArgs(trimDashDash(pos[1:]))
	default:
		return nil
	}
	return r
}

// packageManagerCommands are yarn, pnpm and bun commands that are not
// package scripts.
var packageManagerCommands = map[string]bool{
	"remove": true, "rm": true, "link": true, "unlink": true, "pack": true, "outdated": true,
	"why": true, "list": true, "ls": true, "licenses": true, "audit": true, "cache": true,
	"init": true, "create": true, "version": true, "workspace": true, "workspaces": true,
	"import": true, "store": true, "fetch": true, "prune": true, "rebuild": true, "setup": true,
	"env": true, "dedupe": true, "patch": true, "patch-commit": true, "node": true, "set": true,
	"plugin": true, "constraints": true, "explain": true, "npm": true, "recursive": true, "-r": true,
	"upgrade-interactive": true, "global": true, "bin": true, "root": true, "help": true,
	"x": true, "pm": true, "upgrade": true, "up": true, "update": true, "install": true,
}

// RunAllProgram is the Program of a Run of npm-run-all (run-s, run-p):
// Target lists its script names and patterns (fix:*), separated by
// blanks.
const RunAllProgram = "npm-run-all"

// runAllRun reads npm-run-all [options] PATTERN...: the package scripts
// it runs, each name or pattern as written; arguments after -- and
// options are not scripts.
func runAllRun(args []value) *Run {
	var names []string
	for i := 0; i < len(args); i++ {
		s := args[i].String()
		switch {
		case s == "--":
			i = len(args)
		case s == "--max-parallel" || s == "--npm-path":
			i++
		case strings.HasPrefix(s, "-"):
		default:
			names = append(names, s)
		}
	}
	if len(names) == 0 {
		return nil
	}
	return &Run{Kind: RunPackageScript, Program: RunAllProgram, Sub: "run", Target: strings.Join(names, " ")}
}

// toxSubcommands are tox 4's commands and their short forms: only run
// (r), run-parallel (p) and legacy run environments' commands.
var toxSubcommands = map[string]bool{
	"run": true, "r": true, "run-parallel": true, "p": true, "legacy": true, "le": true,
	"depends": false, "de": false, "list": false, "l": false, "devenv": false, "d": false,
	"config": false, "c": false, "quickstart": false, "q": false, "exec": false, "e": false,
	"schema": false,
}

// toxRun reads tox [run] -e NAMES [-c FILE] [-m LABELS] [-- ARGS]: the
// environments whose commands it runs. tox list, config, devenv and the
// like run none; tox exec runs the program after --, which is not read
// as an environment's commands.
func toxRun(args []value) *Run {
	r := &Run{Kind: RunTox, Program: "tox", Flags: map[string]string{}}
	var envs []string
	sawSub := false
	for i := 0; i < len(args); i++ {
		s := args[i].String()
		switch {
		case s == "--":
			r.Args = runArgs(args[i+1:])
			i = len(args)
		case s == "--version" || s == "-h" || s == "--help":
			return nil // it prints and runs nothing
		case s == "-e" || s == "--env":
			if i+1 < len(args) {
				envs = append(envs, args[i+1].String())
				i++
			}
		case strings.HasPrefix(s, "-e") && !strings.HasPrefix(s, "--"):
			envs = append(envs, s[2:])
		case strings.HasPrefix(s, "--env="):
			envs = append(envs, strings.TrimPrefix(s, "--env="))
		case s == "-c" || s == "--conf" || s == "-m" || s == "--labels" || s == "--root":
			if i+1 < len(args) {
				flag := map[string]string{"-c": "-c", "--conf": "-c", "-m": "-m", "--labels": "-m", "--root": "--root"}[s]
				r.Flags[flag] = args[i+1].String()
				i++
			}
		case s == "-x" || s == "--override" || s == "--workdir" || s == "--installpkg" || s == "--skip-env" || s == "-f" || s == "--factors" || s == "--result-json" || s == "--hashseed" || s == "--discover" || s == "-p" || s == "--parallel" || s == "-o":
			i++
		case strings.HasPrefix(s, "-"):
		case !sawSub && len(envs) == 0:
			sawSub = true
			run, known := toxSubcommands[s]
			if !known || !run {
				return nil // not a run, or a word tox does not take here
			}
		}
	}
	r.Target = strings.Join(envs, ",")
	return r
}

// makeAssignment reports a make argument that sets a variable (NAME=value,
// NAME:=value): the name and its = written literally. A goal named at run
// time whose expression holds an = (${{ a == 'b' && 'pre' }}release) is
// a goal.
func makeAssignment(v value) bool {
	if len(v.parts) == 0 || !v.parts[0].lit {
		return false
	}
	lit := v.parts[0].text
	i := strings.IndexByte(lit, '=')
	if i <= 0 {
		return false
	}
	name := strings.TrimRight(lit[:i], ":+?!")
	return name != "" && !strings.ContainsAny(name, " \t{}$'\"")
}

// makeRun names the targets make builds and its -C/-f options.
func makeRun(base string, args []value) *Run {
	r := &Run{Kind: RunMake, Program: base, Flags: map[string]string{}}
	var targets []string
	var assigns []value
	for i := 0; i < len(args); i++ {
		s := args[i].String()
		switch {
		case s == "-C" || s == "--directory" || s == "-f" || s == "--file" || s == "--makefile":
			if i+1 < len(args) {
				makeFlag(r.Flags, flagName(s), args[i+1].String())
				i++
			}
			continue
		case strings.HasPrefix(s, "--directory=") || strings.HasPrefix(s, "--file=") || strings.HasPrefix(s, "--makefile="):
			k, v, _ := strings.Cut(s, "=")
			makeFlag(r.Flags, flagName(k), v)
			continue
		case len(s) > 2 && (strings.HasPrefix(s, "-C") || strings.HasPrefix(s, "-f")) && !strings.HasPrefix(s, "--"):
			makeFlag(r.Flags, s[:2], s[2:])
			continue
		case s == "-j" || s == "-l":
			// The job or load count is optional: a goal may follow.
			if i+1 < len(args) && isCount(args[i+1].String()) {
				i++
			}
			continue
		case s == "-o" || s == "-W" || s == "-I":
			i++
			continue
		case strings.HasPrefix(s, "-"):
			continue
		case makeAssignment(args[i]):
			assigns = append(assigns, args[i])
			continue
		}
		if !args[i].known() {
			// Parts known at run time only, as {NAME}: an expression's
			// spaces must not split the goal.
			var b strings.Builder
			for _, p := range args[i].parts {
				if p.lit {
					b.WriteString(p.text)
				} else {
					b.WriteString("{" + strings.Join(strings.Fields(strings.Trim(p.text, "{}")), "") + "}")
				}
			}
			s = b.String()
		}
		targets = append(targets, s)
	}
	r.Target = strings.Join(targets, " ")
	r.Args = runArgs(assigns)
	return r
}

// makeFlag records a -C or -f option of make: each -C is relative to the
// one before it (make -C a -C b runs in a/b), and the last -f names the
// Makefile pat2app reads (make reads them all; a script that gives
// several is rare).
func makeFlag(flags map[string]string, name, v string) {
	if prev, ok := flags[name]; ok && name == "-C" && !strings.HasPrefix(v, "/") {
		v = path.Join(prev, v)
	}
	flags[name] = v
}

// isCount reports whether s is a decimal number (4, 2.5).
func isCount(s string) bool {
	return s != "" && strings.Trim(s, "0123456789.") == ""
}

func flagName(s string) string {
	switch s {
	case "-C", "--directory":
		return "-C"
	}
	return "-f"
}

func trimDashDash(vs []value) []value {
	if len(vs) > 0 && vs[0].String() == "--" {
		return vs[1:]
	}
	return vs
}

// chdir follows a cd: a literal relative or workspace path moves the
// working directory; anything else makes it unknown.
func (a *analyzer) chdir(args []value, words []*syntax.Word) {
	var target value
	for _, x := range args {
		if s := x.String(); s == "-L" || s == "-P" || s == "-e" || s == "--" {
			continue
		}
		target = x
		break
	}
	s := target.String()
	// Into a clone named by a variable, or a folder below the one the
	// script is in when that is one.
	a.inCloneRef = a.inCloneRef && target.known() && !strings.HasPrefix(s, "/") && !strings.HasPrefix(path.Clean(s), "..")
	if len(words) > 0 {
		if v := a.vars[wordVarName(words[len(words)-1])]; v != nil && a.cloneVars[v] && v.val.String() == s {
			a.inCloneRef = true
		}
	}
	switch {
	case len(target.parts) == 0 || s == "~" || strings.HasPrefix(s, "~/") || s == "{HOME}" || strings.HasPrefix(s, "{HOME}/") ||
		target.known() && strings.HasPrefix(s, "/") && !strings.HasPrefix(s, "/home/runner/work"):
		// The home folder (cd with no argument too) or an absolute path:
		// out of the workspace, where no checkout's configuration is.
		a.dir, a.dirKnown = outsideWorkspace, false
	case s == "-":
		a.dir, a.dirKnown = "", false
	case strings.HasPrefix(s, "{GITHUB_WORKSPACE}") || strings.HasPrefix(s, "{github.workspace}"):
		// From the workspace (a folder $(pwd) gave, which is written
		// from it), whatever the folder before.
		rest := s[strings.IndexByte(s, '}')+1:]
		if strings.Contains(rest, "{") {
			a.dirKnown = false
			return
		}
		a.dir, a.dirKnown = path.Clean(path.Join(".", rest)), true
	case target.known() && !strings.HasPrefix(s, "/"):
		a.dir = path.Clean(path.Join(a.dir, s))
	default:
		a.dir, a.dirKnown = "", false
	}
}

// outsideWorkspace is the working directory of a script that changed into
// a folder out of the workspace (the home folder, /tmp/...), with
// dirKnown false: folders under it are written below it.
const outsideWorkspace = "{outside the workspace}"

// outOfWorkspace reports whether the script runs out of the workspace.
func (a *analyzer) outOfWorkspace() bool {
	return !a.dirKnown && strings.HasPrefix(a.dir, outsideWorkspace)
}

// workspaceDir is how a known working directory is written as a value:
// from the workspace, which is where a path the follower reads starts.
func (a *analyzer) workspaceDir() value {
	if !a.dirKnown {
		return value{parts: []part{{text: "{PWD}", ref: "PWD"}}}
	}
	if a.dir == "." {
		return value{parts: []part{{text: "{GITHUB_WORKSPACE}", lit: true}}}
	}
	return value{parts: []part{{text: "{GITHUB_WORKSPACE}/" + a.dir, lit: true}}}
}

// repoTopLevel is what git rev-parse --show-toplevel prints, the root of
// the repository's checkout, written from the workspace as pwd's is: known
// when the script runs at that checkout's root (below it another
// repository may be checked out).
func (a *analyzer) repoTopLevel(args []value) (value, bool) {
	if len(args) != 2 || args[0].String() != "rev-parse" || args[1].String() != "--show-toplevel" || !a.dirKnown || a.in.RepoRoot == ForeignRoot {
		return value{}, false
	}
	if a.dir != path.Clean(a.in.RepoRoot) {
		return value{}, false
	}
	return a.workspaceDir(), true
}

// pathCommand prints what dirname, basename, realpath and pwd print
// when their argument is known, so that "$(dirname "$0")/lib.sh" names a
// file.
func (a *analyzer) pathCommand(ctx *callCtx, base string, args []value) value {
	if base == "pwd" {
		return a.workspaceDir()
	}
	var operand value
	n := 0
	for _, x := range args {
		if s := x.String(); strings.HasPrefix(s, "-") && s != "-" {
			continue
		}
		operand = x
		n++
	}
	if n != 1 || !operand.known() {
		return value{parts: []part{{text: "{" + base + "}", line: ctx.sline}}}
	}
	s := operand.String()
	switch base {
	case "dirname":
		return litValue(path.Dir(s), ctx.sline)
	case "basename":
		return litValue(path.Base(s), ctx.sline)
	}
	if strings.HasPrefix(s, "/") || strings.HasPrefix(s, "{") {
		return litValue(path.Clean(s), ctx.sline)
	}
	dir := a.workspaceDir()
	if !dir.known() {
		return value{parts: []part{{text: "{" + base + "}", line: ctx.sline}}}
	}
	return litValue(path.Join(dir.String(), s), ctx.sline)
}

// MergedRepos is a copy of base with over's entries put in (folders or
// remote names to repositories, as Result.Clones and Result.Remotes);
// nil when both are empty.
func MergedRepos(base, over map[string]string) map[string]string {
	if len(base) == 0 && len(over) == 0 {
		return nil
	}
	out := maps.Clone(base)
	if out == nil {
		out = map[string]string{}
	}
	maps.Copy(out, over)
	return out
}

// SourcedDefinitions reads a shell file that is sourced for its functions:
// the names of the functions it defines at its top level, and its text
// with every other top-level command blanked out (spaces, the lines kept)
// but for assignments and declarations, which the functions may read,
// and the files it sources, whose functions they may call. A
// call of one of its functions is its definitions text followed by the
// call. A file that does not parse defines none.
func SourcedDefinitions(text string) (names []string, defs string) {
	f, err := syntax.NewParser(syntax.Variant(syntax.LangBash)).Parse(strings.NewReader(text), "")
	if err != nil {
		return nil, ""
	}
	b := []byte(text)
	for _, st := range f.Stmts {
		keep := false
		switch c := st.Cmd.(type) {
		case *syntax.FuncDecl:
			if c.Name != nil {
				names = append(names, c.Name.Value)
			}
			keep = true
		case *syntax.DeclClause:
			keep = true
		case *syntax.CallExpr:
			// Assignments, and the files it sources in turn, whose
			// functions its own may call.
			keep = len(c.Args) == 0 && len(c.Assigns) > 0 || len(c.Args) > 1 && (c.Args[0].Lit() == "source" || c.Args[0].Lit() == ".")
		}
		if keep || st.Background || st.Coprocess {
			continue
		}
		for i := int(st.Pos().Offset()); i < int(st.End().Offset()) && i < len(b); i++ {
			if b[i] != '\n' {
				b[i] = ' '
			}
		}
	}
	return names, string(b)
}
