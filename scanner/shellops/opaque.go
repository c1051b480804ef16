package shellops

import (
	"strings"

	"github.com/pat2app/pat2app/knowledge"
)

// UnreadProgram is a program a script runs with a credential in its
// environment that pat2app neither reads nor knows to leave it alone: an
// unknown program, a script that is not read, an install that runs
// packages' scripts. A script whose programs are all known and read
// (Followed.Accounted with no UnreadProgram for a credential) shows every
// use of that credential; one with an UnreadProgram may use it unseen.
type UnreadProgram struct {
	// Program is the program as a reviewer reads it ("acme-release",
	// "npm install (its dependencies' install scripts)").
	Program string
	// Line is the file line of the command; File and FileLine say where
	// in a repository file it is (set by the follower, like Use's).
	Line     int
	File     string
	FileLine int
	// Credentials are those in the program's environment.
	Credentials []string
	// RunsLocal is true for a program pat2app neither reads nor knows (no
	// row of knowledge/data/tools.tsv) given something of the checkout to
	// run (nix run .#importer, tool ./cmd/x): the repository's own code,
	// which may do anything with the environment.
	RunsLocal bool
	// NPMRC lists, for an npm registry command, the variables holding
	// the credentials: npm reads a token an .npmrc names (${VAR}), which
	// the follower checks in the repository's .npmrc files from Dir (when
	// DirKnown) up to the root. The entry stands only when one names a
	// variable of NPMRC, or the files cannot be checked.
	NPMRC    []string
	Dir      string
	DirKnown bool
}

// shellBuiltins are the commands the shell runs itself (bash(1) SHELL
// BUILTIN COMMANDS, POSIX special built-ins): they run no program, so a
// credential in the environment goes nowhere through them. eval, exec,
// command and builtin run what their arguments name and are not here.
var shellBuiltins = map[string]bool{
	":": true, "true": true, "false": true, "test": true, "[": true, "[[": true,
	"echo": true, "printf": true, "read": true, "cd": true, "pushd": true, "popd": true,
	"pwd": true, "export": true, "local": true, "declare": true, "typeset": true,
	"readonly": true, "unset": true, "set": true, "shift": true, "exit": true,
	"return": true, "break": true, "continue": true, "shopt": true, "trap": true,
	"wait": true, "let": true, "getopts": true, "alias": true, "unalias": true,
	"hash": true, "type": true, "umask": true, "ulimit": true, "times": true,
	"mapfile": true, "readarray": true, "dirs": true, "enable": true, "help": true,
	"history": true, "jobs": true, "kill": true, "disown": true, "suspend": true,
	"caller": true, "compgen": true, "complete": true, "source": true, ".": true,
}

// credsInEnv lists the variables of the command's environment that carry
// credentials and the credentials they carry.
func (a *analyzer) credsInEnv(ctx *callCtx) ([]string, []string) {
	names := a.exportedCreds(ctx.overlay)
	var creds []string
	for _, n := range names {
		v, _ := a.envVar(n, ctx.overlay)
		creds = union(creds, v.creds())
	}
	return names, creds
}

// opaqueRun records that the command runs program with the credentials of
// its environment, which pat2app cannot follow.
func (a *analyzer) opaqueRun(ctx *callCtx, program string) {
	if names, creds := a.credsInEnv(ctx); len(creds) > 0 {
		a.opaque = append(a.opaque, UnreadProgram{Program: program, Line: ctx.line, Credentials: creds})
		a.handedToOpaque(ctx, program, names)
	}
}

// handedToOpaque records, for a program whose use of its environment is
// not visible, each credential the script itself exported under a name
// of its choosing (export GITHUB_TOKEN="$BOT_TOKEN"; sbt githubRelease):
// the script hands it to what runs next, which is a use to read, not a
// credential the step merely sees. names are the variables of the
// command's environment that carry credentials (credsInEnv).
func (a *analyzer) handedToOpaque(ctx *callCtx, program string, names []string) {
	if strings.Contains(program, "/") {
		return // a script of the repository: its reading says more
	}
	for _, n := range names {
		if _, given := a.in.Cred[n]; given {
			continue // the step's own environment, as the workflow set it
		}
		v, _ := a.envVar(n, ctx.overlay)
		for _, c := range v.creds() {
			a.addUse(Use{Credential: c, Line: ctx.line, Command: program, Via: "env",
				Unresolved: program + " runs with $" + n + ", which the script set from the credential, in its environment; what it does with it is not visible",
				Evidence:   a.evidenceOf(ctx)})
		}
	}
}

// sourcedUnread records a file sourced into this shell that was not read
// (its path is built at run time, or it is not in the checkout) as an
// unread program, and keeps a use of each credential in its environment:
// it runs with every variable of the script, and what it does is not
// visible, whatever else the script does with the credential.
func (a *analyzer) sourcedUnread(ctx *callCtx, what, note string) {
	names, creds := a.credsInEnv(ctx)
	if len(creds) == 0 {
		return
	}
	a.opaque = append(a.opaque, UnreadProgram{Program: what, Line: ctx.line, Credentials: creds})
	for _, n := range names {
		v, _ := a.envVar(n, ctx.overlay)
		for _, c := range v.creds() {
			a.implicit = append(a.implicit, pendingUse{use: Use{Credential: c, Line: ctx.line, Command: what, Script: what, Via: "env",
				Unresolved: what + " is read into the shell with $" + n + " set; what it does with it is not visible" + noteSuffix(note),
				Evidence:   a.evidenceOf(ctx)}, suggestive: true})
		}
	}
}

// namesCredVar reports the first variable carrying a credential that the
// command's arguments name (`jq -n '$ENV.GITHUB_TOKEN'`, `awk
// 'ENVIRON["GH_TOKEN"]'`, `docker build --secret id=t,env=GH_TOKEN`): a
// program told a variable's name may read it, whatever it is.
func (a *analyzer) namesCredVar(ctx *callCtx, names []string, args []value) string {
	for _, n := range names {
		for _, x := range args {
			for _, p := range x.parts {
				// The name written in the command (curl --variable
				// %GH_TOKEN) or held by a variable (the name of a
				// variable read with ${!name}), not the credential's
				// value the shell expanded into it.
				if len(p.creds) == 0 && mentions(p.text, n) {
					return n
				}
			}
		}
	}
	return ""
}

// noteProgram judges a program the script runs, whose own reader (if
// any) has run: it is opaque unless the shell runs it itself, or
// knowledge/data/tools.tsv says what it reads from the environment (a
// tool that reads a token reports its use; a no_token tool reads none)
// and its arguments name no credential variable.
func (a *analyzer) noteProgram(ctx *callCtx, base string, args []value) {
	switch base {
	case "test", "[", "[[", ":", "true", "false":
		// [ -z "$TOKEN" ]: a test of the value, which goes nowhere.
		return
	}
	names, creds, done := a.envCheck(ctx, base, args)
	if shellBuiltins[base] {
		return
	}
	if base == "find" && !hasFlag(args, "-exec", "-execdir", "-ok", "-okdir") {
		// find(1) without an action that runs a command lists and
		// tests files (or deletes them): it runs no program.
		return
	}
	if t, ok := commandRow(base, args, knowledge.ToolNoToken); ok {
		// It reads no token itself; code it runs with the environment
		// (RunsCode: rpmbuild's spec scripts, lerna's lifecycle scripts)
		// may.
		if t.RunsCode != "" && !done {
			a.opaqueRun(ctx, t.Name+" ("+t.RunsCode+")")
		}
		return
	}
	// A program pat2app neither reads nor knows: it may run gh.
	a.mayRunGH(ctx, base)
	if done {
		return
	}
	a.opaque = append(a.opaque, UnreadProgram{Program: base, Line: ctx.line, Credentials: creds, RunsLocal: !inertCommands[base] && namesLocalCode(args)})
	if len(creds) > 0 {
		a.handedToOpaque(ctx, base, names)
	}
}

// mayRunGH records, for a program pat2app neither reads nor knows, each
// credential an earlier command logged gh in with (gh auth login): what
// the program runs may be gh (xmake running a Lua script that runs gh pr
// create), which takes it from its configuration. A script that is not
// read says so through keptUnread.
func (a *analyzer) mayRunGH(ctx *callCtx, program string) {
	if !a.in.KeptUnread || a.uncalled {
		// As keptUnread: only where the step's reading keeps what is
		// stored for code it does not read.
		return
	}
	for _, st := range a.stored() {
		if st.Tool != "gh" {
			continue
		}
		for _, c := range st.Credentials {
			a.addUse(Use{Credential: c, Line: ctx.line, Command: program, Via: "stored",
				Unresolved: program + " is not read, and what it runs may be gh, which has the credential an earlier command logged it in with; what it does with it is not visible",
				Evidence:   a.evidenceOf(ctx)})
		}
	}
}

// gitHelperRisk reports why git may read a token from its environment in
// this script: a credential helper or hooks folder it configured (git
// config credential.helper, core.hooksPath, gh auth setup-git), or one
// an earlier step left (Input.Stored for git); "" when none.
func (a *analyzer) gitHelperRisk() string {
	if a.gitHelper != "" {
		return a.gitHelper
	}
	for _, st := range a.in.Stored {
		if st.Tool == "git" || st.Tool == "gh-git" {
			return "a credential helper an earlier step configured"
		}
	}
	return ""
}

// noteGit judges a git command: git reads no token from its environment
// itself, but a credential helper or hook it runs may.
func (a *analyzer) noteGit(ctx *callCtx, args []value) {
	_, creds, done := a.envCheck(ctx, "git", args)
	if done {
		return
	}
	why := a.gitHelperRisk()
	for i, x := range args {
		if k := strings.ToLower(x.String()); i > 0 && args[i-1].String() == "-c" &&
			(strings.HasPrefix(k, "credential.") && strings.Contains(k, "helper") || strings.HasPrefix(k, "core.hookspath")) {
			why = "the " + strings.SplitN(k, "=", 2)[0] + " its -c gives"
		}
	}
	if why != "" {
		a.opaque = append(a.opaque, UnreadProgram{Program: "git (" + why + " may read it)", Line: ctx.line, Credentials: creds})
	}
}

// noteNPM judges an npm, yarn or pnpm command npm() handled: an install
// without --ignore-scripts runs its dependencies' install scripts with
// the environment (docs.npmjs.com/cli/commands/npm-install); a registry
// command reads the token an .npmrc names, which the follower checks.
func (a *analyzer) noteNPM(ctx *callCtx, cmd string, args []value) {
	names, creds, done := a.envCheck(ctx, cmd, args)
	if done {
		return
	}
	sub := ""
	for _, x := range args {
		if s := x.String(); !strings.HasPrefix(s, "-") {
			sub = s
			break
		}
	}
	switch sub {
	case "install", "i", "ci", "add", "update", "upgrade", "up", "":
		if !hasFlag(args, "--ignore-scripts") {
			a.opaque = append(a.opaque, UnreadProgram{Program: cmd + " install (its dependencies' install scripts run with the environment)", Line: ctx.line, Credentials: creds})
			return
		}
	case "config":
		return
	}
	a.opaque = append(a.opaque, UnreadProgram{Program: cmd, Line: ctx.line, Credentials: creds, NPMRC: names, Dir: a.dir, DirKnown: a.dirKnown})
}

// unreadOpaque is the entry of a script that was not wholly read: what
// was not read may run anything.
func (a *analyzer) unreadOpaque() []UnreadProgram {
	var creds []string
	for _, cs := range a.in.Cred {
		creds = union(creds, cs)
	}
	if len(creds) == 0 {
		return nil
	}
	return []UnreadProgram{{Program: "the part of the script that was not read", Line: a.fileLine(1), Credentials: creds}}
}

// envCheck lists the variables of the command's environment that carry
// credentials and those credentials; done is true when there are none,
// or when the arguments name one of the variables (the command, label,
// is then recorded as unread).
func (a *analyzer) envCheck(ctx *callCtx, label string, args []value) (names, creds []string, done bool) {
	names, creds = a.credsInEnv(ctx)
	if len(creds) == 0 {
		return nil, nil, true
	}
	if n := a.namesCredVar(ctx, names, args); n != "" {
		a.opaque = append(a.opaque, UnreadProgram{Program: label + " (its arguments name $" + n + ")", Line: ctx.line, Credentials: creds})
		return nil, nil, true
	}
	return names, creds, false
}

// noteParsed judges a tool whose reader is scanner/shellops' own and
// which reads no token from its environment (curl, wget, HTTPie): only
// arguments that name a credential variable (curl --variable %GH_TOKEN)
// make it reach one.
func (a *analyzer) noteParsed(ctx *callCtx, base string, args []value) {
	a.envCheck(ctx, base, args)
}

// noteDocker judges a docker command: containers get only the variables
// -e, --env and --build-arg name (which noteParsed sees), but an
// --env-file, a compose file or a stack file may name any.
func (a *analyzer) noteDocker(ctx *callCtx, base string, args []value) {
	for _, x := range args {
		s := x.String()
		if s == "compose" || s == "stack" || s == "--env-file" || strings.HasPrefix(s, "--env-file=") {
			a.opaqueRun(ctx, base+" "+s)
			return
		}
	}
	a.noteParsed(ctx, base, args)
}

// noteTool judges a GitHub API or other service tool: it reads the
// variables its row names (their uses are reported), and nothing else
// unless it runs code with its environment (RunsCode: build scripts,
// hooks, providers) or its arguments name a credential variable.
func (a *analyzer) noteTool(ctx *callCtx, t knowledge.ToolInfo, args []value) {
	if _, _, done := a.envCheck(ctx, t.Name, args); done || t.RunsCode == "" {
		return
	}
	a.opaqueRun(ctx, t.Name+" ("+t.RunsCode+")")
}

// namesLocalCode reports arguments that name something of the checkout to
// run: a flake of the folder (.#app, .), a relative path (./cmd/x).
func namesLocalCode(args []value) bool {
	for _, x := range args {
		t := x.String()
		if t == "." || strings.HasPrefix(t, ".#") || strings.HasPrefix(t, "./") || strings.HasPrefix(t, "path:.") {
			return true
		}
	}
	return false
}
