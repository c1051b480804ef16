package shellops

import (
	"maps"
	"path"
	"slices"
	"sort"
	"strconv"
	"strings"

	"mvdan.cc/sh/v3/syntax"
)

// callCtx is what every command handler needs about the call.
type callCtx struct {
	node    *syntax.CallExpr
	line    int // file line
	sline   int // script line
	ev      string
	overlay map[string]*variable
	stdin   value
}

// words are the command's words as written; nil for a command given as
// values (Session.Run).
func (ctx *callCtx) words() []*syntax.Word {
	if ctx.node == nil {
		return nil
	}
	return ctx.node.Args
}

func (a *analyzer) call(c *syntax.CallExpr, stdin value) value {
	if len(c.Args) == 0 {
		for _, as := range c.Assigns {
			a.assign(as, false)
		}
		return value{}
	}
	// The overlay is made only when the command has assignments of its
	// own (envAssigns makes it for `env NAME=VALUE cmd`).
	var overlay map[string]*variable
	if len(c.Assigns) > 0 {
		overlay = make(map[string]*variable, len(c.Assigns))
	}
	for _, as := range c.Assigns {
		if as.Name == nil {
			continue
		}
		var v value
		if as.Value != nil {
			v = a.word(as.Value)
		}
		overlay[as.Name.Value] = &variable{val: v, exported: true}
	}
	if body, ok := negatedSubshell(c); ok {
		// `if !(gem list x) > /dev/null; then`: bash, without extglob
		// (a script's default), runs the negation of a subshell; the
		// parser reads it as the pattern !(...).
		sline := int(c.Pos().Line())
		return a.shellC(&callCtx{node: c, line: a.fileLine(sline), sline: sline, overlay: overlay, stdin: stdin}, litValue(body, sline), nil)
	}
	fields := a.fields(c.Args)
	if len(fields) == 0 {
		return value{}
	}
	sline := int(c.Pos().Line())
	ctx := &callCtx{node: c, line: a.fileLine(sline), sline: sline, overlay: overlay, stdin: stdin}
	return a.exec(ctx, fields)
}

// evidenceOf lazily renders the call's evidence.
func (a *analyzer) evidenceOf(ctx *callCtx) string {
	if ctx.ev == "" && ctx.node != nil {
		ctx.ev = a.evidence(ctx.node)
	}
	return ctx.ev
}

func baseName(s string) string {
	if i := strings.LastIndexAny(s, `/\`); i >= 0 {
		return s[i+1:]
	}
	return s
}

// exec runs one simple command with expanded fields.
func (a *analyzer) exec(ctx *callCtx, fields []value) value {
	fields = a.unwrap(ctx, fields)
	if inner := lernaExec(fields); inner != nil {
		// It runs in the folder of each package: each one the follower
		// lists, else a folder not known (what the command reads
		// relative to it, its package.json scripts, is not known).
		dir, known := a.dir, a.dirKnown
		defer func() { a.dir, a.dirKnown = dir, known }()
		if folders, ok := a.packageFolders(); ok {
			var out value
			for _, d := range folders {
				a.dir, a.dirKnown = d, true
				out = a.exec(ctx, inner)
			}
			return out
		}
		a.dirKnown = false
		fields = a.unwrap(ctx, inner)
	}
	if len(fields) == 0 {
		return value{}
	}
	if a.skipCI != "" && !keepsHeadCommit(fields) {
		a.skipCI = "" // it may make another commit
	}
	name := fields[0].String()
	if _, ok := a.funcs[name]; ok && fields[0].known() {
		return a.callFunc(name, fields[1:], ctx.stdin)
	}
	if src, ok := a.sourcedFuncs[name]; ok && fields[0].known() {
		// A function of a file the script sourced: the follower reads
		// the file's definitions and the call, with these arguments.
		r := src
		r.Call, r.Args = name, runArgs(fields[1:])
		if handled, _ := a.follow(ctx, &r); handled {
			return value{parts: []part{{text: "{" + name + "}", line: ctx.sline}}}
		}
	}
	if !fields[0].known() && !a.dynamicCall {
		// A command named at run time may be any function defined so
		// far: those of the files sourced are read, each once, as
		// calls (a library's own, uncalled, are walked at its end).
		a.dynamicCall = true
		for _, fn := range slices.Sorted(maps.Keys(a.sourcedFuncs)) {
			r := a.sourcedFuncs[fn]
			r.Call, r.Args = fn, nil
			a.follow(ctx, &r)
		}
	}
	if !baseKnown(fields[0]) && !isPath(fields[0]) {
		if booleanExpression(fields[0]) {
			// `if ${{ a == 'b' }}; then`: the shell runs true or false.
			return value{}
		}
		if alts := a.literalAlts(fields[0]); alts != nil {
			// A variable whose values all name their program runs one
			// of them.
			for _, alt := range alts {
				a.exec(ctx, append([]value{alt}, fields[1:]...))
			}
			return value{parts: []part{{text: "{" + name + "}", line: ctx.sline}}}
		}
		a.unknownCommand(ctx, fields)
		a.opaqueRun(ctx, wordAsWritten(fields[0]))
		return value{parts: []part{{text: "{" + name + "}", line: ctx.sline}}}
	}
	base := baseName(name)
	args := fields[1:]
	a.workflowsWrite(ctx, base, args)
	if a.ociRegistry(ctx, base, args) {
		return value{}
	}
	switch base {
	case "export", "local", "declare", "typeset", "readonly":
		a.builtinDecl(base, args)
		return value{}
	case "unset":
		for _, x := range args {
			n := x.String()
			if strings.HasPrefix(n, "-") {
				continue
			}
			a.unset(n)
		}
		return value{}
	case "set":
		for _, x := range args {
			s := x.String()
			if s == "-a" || s == "allexport" || (strings.HasPrefix(s, "-") && !strings.HasPrefix(s, "--") && strings.Contains(s, "a")) {
				a.allExport = true
			}
		}
		return value{}
	case "read":
		// read VAR from stdin: the variable carries what stdin carried.
		for _, x := range args {
			n := x.String()
			if isName(n) {
				a.setVar(n, ctx.stdin.opaque(n, ctx.sline), false)
			}
		}
		return value{}
	case "gh", "gh.exe":
		return a.gh(ctx, args)
	case "curl", "curl.exe":
		a.noteParsed(ctx, base, args)
		a.curl(ctx, base, args)
		return value{parts: []part{{text: "{curl}", line: ctx.sline}}}
	case "wget":
		a.noteParsed(ctx, base, args)
		a.wget(ctx, args)
		return value{parts: []part{{text: "{wget}", line: ctx.sline}}}
	case "http", "https", "xh", "xhs":
		a.noteParsed(ctx, base, args)
		a.httpie(ctx, base, args)
		return value{parts: []part{{text: "{http}", line: ctx.sline}}}
	case "git":
		a.noteGit(ctx, args)
		a.git(ctx, args)
		if root, ok := a.repoTopLevel(args); ok {
			return root
		}
		return value{parts: []part{{text: "{git}", line: ctx.sline}}}
	case "docker", "podman", "buildah", "nerdctl":
		a.noteDocker(ctx, base, args)
		a.docker(ctx, base, args)
		return value{}
	case "npm", "yarn", "pnpm":
		if a.npm(ctx, base, args) {
			a.noteNPM(ctx, base, args)
			return value{}
		}
	case "echo":
		out := echoOutput(args, ctx.sline)
		if name, val, ok := setOutput(out); ok {
			a.envWrites = append(a.envWrites, EnvWrite{Name: name, Line: ctx.line, Credentials: val.creds(), Output: true})
		}
		return out
	case "printf":
		return a.printf(ctx, args)
	case "cat":
		a.noteProgram(ctx, base, args)
		return a.cat(ctx, args)
	case "tee":
		a.noteProgram(ctx, base, args)
		for _, x := range args {
			if s := x.String(); !strings.HasPrefix(s, "-") {
				a.writeTo(x, ctx.stdin, ctx.sline, hasFlag(args, "-a", "--append"))
			}
		}
		return ctx.stdin
	}
	if filterCommands[base] {
		a.noteProgram(ctx, base, args)
		var creds []string
		for _, x := range args {
			creds = append(creds, x.creds()...)
			creds = append(creds, a.fileCreds(x.String())...)
		}
		creds = append(creds, ctx.stdin.creds()...)
		return value{parts: []part{{text: "{" + base + "}", creds: uniq(creds), line: ctx.sline}}}
	}
	switch base {
	case "cd", "pushd":
		a.chdir(args, ctx.words())
		return value{}
	case "mv", "cp":
		a.noteMove(args)
		a.noteProgram(ctx, base, args)
		return value{}
	case "popd":
		a.dir, a.dirKnown, a.inCloneRef = "", false, false
		return value{}
	case "source", ".":
		r := runOf(name, base, args)
		res, handled := a.followed(ctx, r)
		if !handled && len(args) > 0 {
			// Code read into the shell, and the functions it defines
			// that later commands call, may run git with what git keeps,
			// and read the credentials of the environment; a virtual
			// environment's activation script the job made does neither.
			if !(res.Absent && venvActivate(args[0].String())) {
				a.sourcedUnread(ctx, base+" "+args[0].String(), res.Note)
				a.keptUnread(ctx, base+" "+args[0].String(), res.Note)
			}
		}
		if handled && len(res.Funcs) > 0 {
			if a.sourcedFuncs == nil {
				a.sourcedFuncs = map[string]Run{}
			}
			for _, fn := range res.Funcs {
				a.sourcedFuncs[fn] = *r
			}
		}
		return value{}
	case "dirname", "basename", "realpath", "pwd":
		return a.pathCommand(ctx, base, args)
	case "readlink":
		// readlink -f/-e/-m prints the canonical path, as realpath does;
		// without them, a link's target.
		if slices.ContainsFunc(args, func(x value) bool {
			s := x.String()
			return s == "-f" || s == "-e" || s == "-m" || strings.HasPrefix(s, "--canonicalize")
		}) {
			return a.pathCommand(ctx, "realpath", args)
		}
	case "eval":
		if len(args) > 0 {
			// eval runs its arguments, joined by spaces, as a script in
			// this shell: read as sh -c reads its script, with this
			// shell's positional parameters.
			return a.shellC(ctx, spaceJoined(args), append([]value{{}}, a.positional...))
		}
		return value{}
	}
	if inertCommands[base] {
		a.noteProgram(ctx, base, args)
		return value{}
	}
	if shellNames[base] {
		if i := shellCommandString(args); i >= 0 {
			return a.shellC(ctx, args[i], args[i+1:])
		}
	}
	a.otherCommand(ctx, name, base, args)
	return value{parts: []part{{text: "{" + base + "}", line: ctx.sline}}}
}

// spaceJoined is the words joined by single spaces, as eval joins its
// arguments.
func spaceJoined(words []value) value {
	var out value
	for i, w := range words {
		if i > 0 {
			out.parts = append(out.parts, part{text: " ", lit: true})
		}
		out.parts = append(out.parts, w.parts...)
	}
	return out
}

// unset removes a variable.
func (a *analyzer) unset(name string) {
	a.noteAssign(name)
	delete(a.vars, name)
	a.unsetNames = append(a.unsetNames, name)
	for _, g := range ghTokenVars() {
		if g == name {
			a.touchedGH = true
		}
	}
}

// builtinDecl handles export NAME=VALUE written as a simple command (POSIX
// parse) or with dynamic arguments.
func (a *analyzer) builtinDecl(kind string, args []value) {
	export := kind == "export"
	for _, x := range args {
		s := x.String()
		if strings.HasPrefix(s, "-") {
			if strings.Contains(s, "x") {
				export = true
			}
			continue
		}
		name, val, ok := x.cut("=")
		if !ok {
			n := x.String()
			if v, ok := a.vars[n]; ok && export {
				v.exported = true
			}
			continue
		}
		if n := name.String(); isName(n) {
			a.setVar(n, val, export)
		}
	}
}

// inertCommands never use a credential they are given (they only test,
// move or print data).
var inertCommands = map[string]bool{
	"test": true, "[": true, "[[": true, "true": true, "false": true, ":": true,
	"exit": true, "return": true, "shift": true, "cd": true, "pushd": true, "popd": true,
	"mkdir": true, "rm": true, "cp": true, "mv": true, "ls": true, "sleep": true,
	"date": true, "chmod": true, "chown": true, "touch": true, "ln": true, "pwd": true,
	"shopt": true, "trap": true, "wait": true, "source": true, ".": true, "eval": true,
	"basename": true, "dirname": true, "realpath": true, "which": true, "type": true,
	"hash": true, "mktemp": true, "umask": true, "ulimit": true, "sync": true,
	"alias": true, "let": true, "getopts": true, "break": true, "continue": true,
	"tput": true, "clear": true, "stat": true, "du": true, "df": true, "find": true,
	"tar": true, "unzip": true, "zip": true, "gzip": true, "gunzip": true, "mask": true,
	"diff": true, "cmp": true, "file": true, "uname": true, "whoami": true, "id": true,
	"apt-get": true, "apt": true, "yum": true, "dnf": true, "apk": true,
}

// guards reports whether a dynamic word in front of command base guards
// it rather than names the program.
func guards(word value, base string) bool {
	if knownTool(base) {
		return true
	}
	_, lone := word.onlyRef()
	return lone && (inertCommands[base] || filterCommands[base])
}

// filterCommands transform their input and arguments into output: what
// they print carries the credentials they were given.
var filterCommands = map[string]bool{
	"base64": true, "tr": true, "sed": true, "awk": true, "gawk": true, "jq": true,
	"yq": true, "cut": true, "head": true, "tail": true, "xxd": true, "grep": true,
	"sort": true, "uniq": true, "envsubst": true, "rev": true, "fold": true,
	"openssl": true, "sha256sum": true, "md5sum": true, "wc": true, "xargs": true,
}

// unwrap strips wrappers (sudo, env, timeout, xargs, retry, npx, ...) and
// returns the fields of the real command. env's NAME=VALUE words go to the
// overlay; xargs appends what it reads from stdin.
func (a *analyzer) unwrap(ctx *callCtx, fields []value) []value {
	for round := 0; round < 6 && len(fields) > 0; round++ {
		// A dynamic word without credentials in front of a known tool is
		// a guard like `$dry_run gh release create`, and so is a lone
		// variable in front of a command that only tests, moves, prints
		// or transforms data (`$SUDO apt-get install`).
		for len(fields) > 1 && !fields[0].known() && !fields[0].hasCreds() && fields[1].known() && guards(fields[0], baseName(fields[1].String())) {
			fields = fields[1:]
		}
		base := baseName(fields[0].String())
		rest := fields[1:]
		switch base {
		case "sudo":
			rest = skipOpts(rest, "-u -g -C -h -p -D -r -t -U -T")
			rest = a.envAssigns(ctx, rest)
		case "env":
			rest = skipOpts(rest, "-u -S -C --unset --chdir")
			rest = a.envAssigns(ctx, rest)
		case "timeout":
			rest = skipOpts(rest, "-s -k --signal --kill-after")
			if len(rest) > 0 {
				rest = rest[1:] // the duration
			}
		case "nice", "ionice":
			rest = skipOpts(rest, "-n -c")
		case "nohup", "time", "command", "exec", "builtin", "unbuffer", "chronic", "caffeinate", "stdbuf", "xvfb-run", "doppler", "op", "dotenv":
			if base == "command" && len(rest) > 0 && (rest[0].String() == "-v" || rest[0].String() == "-V") {
				// command -v NAME only says where NAME is.
				return nil
			}
			if base == "doppler" || base == "op" || base == "dotenv" {
				// `doppler run -- cmd`, `op run -- cmd`
				if i := indexOf(rest, "--"); i >= 0 {
					rest = rest[i+1:]
					break
				}
				return fields
			}
			rest = skipOpts(rest, "-o -e -i -n -s -a")
		case "xargs":
			rest = skipOpts(rest, "-n -I -L -P -d -E -s -a --max-args --replace --max-lines --max-procs --delimiter --arg-file")
			if len(rest) == 0 {
				rest = []value{litValue("echo", ctx.sline)}
			}
			if indexOf(rest, "-I") < 0 && indexOf(rest, "{}") < 0 {
				// xargs appends what it reads from stdin
				in := ctx.stdin.opaque("stdin", ctx.sline)
				rest = append(append([]value(nil), rest...), in)
			}
		case "retry", "with-retry", "attempt", "backoff":
			// retry [-t N] [--times N] [--] cmd ...
			for len(rest) > 0 {
				s := rest[0].String()
				if s == "--" {
					rest = rest[1:]
					break
				}
				if strings.HasPrefix(s, "-") || isNumber(s) {
					rest = rest[1:]
					if (s == "-t" || s == "--times" || s == "-n" || s == "--delay" || s == "-d") && len(rest) > 0 {
						rest = rest[1:]
					}
					continue
				}
				break
			}
		case "npx", "pnpx", "bunx":
			rest = skipOpts(rest, "-p --package -c --call")
			if len(rest) > 0 {
				rest = append([]value{stripVersion(rest[0])}, rest[1:]...)
			}
		case "pipx", "uv", "poetry", "pipenv", "bundle", "pdm", "hatch":
			if len(rest) > 0 && (rest[0].String() == "run" || rest[0].String() == "exec") {
				// uv run's options that take a value (docs.astral.sh/uv
				// reference/cli: uv run), and pipx run --spec.
				rest = skipOpts(rest[1:], "--spec --python -p --with -w --with-editable --with-requirements --project --directory --package --extra --group --only-group --no-group --env-file --index --default-index --index-url -i --extra-index-url --find-links -f --config-file --cache-dir")
			} else {
				return fields
			}
		case "uvx":
			rest = skipOpts(rest, "--from --with --python")

		case "python", "python3", "python2", "py":
			if len(rest) >= 2 && rest[0].String() == "-m" {
				// python -m pkg.mod may run repository code: when it
				// is read, that is the answer; else the module is
				// taken as a tool (python -m twine).
				if !knownTool(baseName(rest[1].String())) {
					if handled, _ := a.follow(ctx, runOf(base, base, rest)); handled {
						return nil
					}
				}
				rest = rest[1:]
			} else {
				return fields
			}
		case "yarn", "pnpm", "npm":
			if len(rest) >= 2 && (rest[0].String() == "dlx" || rest[0].String() == "exec") {
				rest = skipOpts(rest[1:], "-p --package")
				if len(rest) > 0 && rest[0].String() == "--" {
					rest = rest[1:]
				}
			} else if (base == "yarn" || base == "pnpm") && len(rest) >= 1 && knownTool(rest[0].String()) && !npmSubcommands[rest[0].String()] && rest[0].String() != "npm" {
				// yarn semantic-release, pnpm changeset publish: the
				// package binary, unless the package has a script of
				// that name, which yarn and pnpm run instead (yarn dist
				// runs the script dist, not cargo-dist).
				if handled, _ := a.follow(ctx, packageRun(base, rest)); handled {
					return nil
				}
			} else {
				return fields
			}
		default:
			// A program's own retry subcommand: `./v retry -- git clone
			// URL DIR` runs the command after -- until it succeeds.
			if len(rest) >= 2 && retrySubcommands[rest[0].String()] {
				if i := indexOf(rest, "--"); i >= 0 {
					rest = rest[i+1:]
					break
				}
			}
			return fields
		}
		if len(rest) == 0 {
			return nil
		}
		fields = rest
	}
	return fields
}

// retrySubcommands are subcommand names that rerun the command given after
// -- (v retry, as vlang's CI runs git clone through it).
var retrySubcommands = map[string]bool{"retry": true, "with-retry": true}

// packageFolders lists the package folders of the monorepo in the
// working directory (PackageLister); ok is false when the directory or
// the follower cannot tell them.
func (a *analyzer) packageFolders() ([]string, bool) {
	l, ok := a.in.Follow.(PackageLister)
	if !ok || !a.dirKnown {
		return nil, false
	}
	return l.PackageFolders(a.dir, a.in.RepoRoot)
}

// lernaExec is the command `lerna exec [options] -- CMD` runs in each
// package's folder with lerna's environment
// (lerna.js.org/docs/api-reference/commands, lerna exec); nil for any
// other command, and for lerna exec without -- (its options and the
// command's are not told apart).
func lernaExec(fields []value) []value {
	if len(fields) < 3 || baseName(fields[0].String()) != "lerna" || fields[1].String() != "exec" {
		return nil
	}
	i := indexOf(fields, "--")
	if i < 0 || i+1 >= len(fields) {
		return nil
	}
	return fields[i+1:]
}

// envAssigns moves leading NAME=VALUE words into the overlay.
func (a *analyzer) envAssigns(ctx *callCtx, rest []value) []value {
	for len(rest) > 0 {
		name, val, ok := rest[0].cut("=")
		n := name.String()
		if !ok || !isName(n) {
			break
		}
		if ctx.overlay == nil {
			ctx.overlay = map[string]*variable{}
		}
		ctx.overlay[n] = &variable{val: val, exported: true}
		rest = rest[1:]
	}
	return rest
}

// skipOpts drops leading options; those listed in withValue (space
// separated) take the next word as their value unless written -oVALUE or
// --opt=VALUE.
func skipOpts(rest []value, withValue string) []value {
	takes := map[string]bool{}
	for _, o := range strings.Fields(withValue) {
		takes[o] = true
	}
	for len(rest) > 0 {
		s := rest[0].String()
		if s == "--" {
			return rest[1:]
		}
		if !strings.HasPrefix(s, "-") || s == "-" {
			return rest
		}
		rest = rest[1:]
		if strings.Contains(s, "=") {
			continue
		}
		if (takes[s] || clusterTakesValue(s, takes)) && len(rest) > 0 {
			rest = rest[1:]
		}
	}
	return rest
}

// clusterTakesValue reports a cluster of short options (sudo -Eu USER)
// whose last option takes the next word as its value, as getopt reads it.
// When the first option takes a value, the rest of the word is that value
// (sudo -uroot), and the next word is not.
func clusterTakesValue(s string, takes map[string]bool) bool {
	if len(s) < 3 || s[0] != '-' || s[1] == '-' || takes[s[:2]] {
		return false
	}
	return takes["-"+s[len(s)-1:]]
}

func indexOf(vs []value, s string) int {
	for i, v := range vs {
		if v.String() == s {
			return i
		}
	}
	return -1
}

func hasFlag(vs []value, flags ...string) bool {
	for _, v := range vs {
		s := v.String()
		for _, f := range flags {
			if s == f || strings.HasPrefix(s, f+"=") {
				return true
			}
		}
	}
	return false
}

// flagValue returns the value of the first of flags (as "-f V", "-fV" for
// single-letter flags, "--flag V" or "--flag=V").
func flagValue(vs []value, flags ...string) (value, bool) {
	for i, v := range vs {
		s := v.String()
		for _, f := range flags {
			switch {
			case s == f && i+1 < len(vs):
				return vs[i+1], true
			case strings.HasPrefix(s, f+"=") && strings.HasPrefix(f, "--"):
				_, after, _ := v.cut("=")
				return after, true
			case len(f) == 2 && f[0] == '-' && f[1] != '-' && len(s) > 2 && strings.HasPrefix(s, f) && !strings.HasPrefix(s, "--"):
				_, after, _ := v.cut(f)
				return after, true
			}
		}
	}
	return value{}, false
}

func isNumber(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if (s[i] < '0' || s[i] > '9') && s[i] != '.' && s[i] != 's' && s[i] != 'm' {
			return false
		}
	}
	return true
}

// stripVersion turns npx's "semantic-release@19" into "semantic-release"
// and "@changesets/cli" into "changeset"-style bin names where known.
func stripVersion(v value) value {
	s := v.String()
	if !v.known() {
		return v
	}
	if i := strings.LastIndexByte(s, '@'); i > 0 {
		s = s[:i]
	}
	switch s {
	case "@changesets/cli":
		s = "changeset"
	case "@semantic-release/cli":
		s = "semantic-release"
	case "@vscode/vsce":
		s = "vsce"
	}
	return value{parts: []part{{text: s, lit: true, line: v.firstLine()}}}
}

// echoOutput is what echo prints.
func echoOutput(args []value, line int) value {
	var out value
	newline := true
	i := 0
	for i < len(args) {
		s := args[i].String()
		if s == "-n" {
			newline = false
		} else if s != "-e" && s != "-E" && s != "-ne" && s != "-en" {
			break
		}
		if s == "-ne" || s == "-en" {
			newline = false
		}
		i++
	}
	for k, x := range args[i:] {
		if k > 0 {
			out.append(part{text: " ", lit: true, line: line})
		}
		for _, p := range x.parts {
			p.line = line
			out.append(p)
		}
	}
	if newline {
		out.append(part{text: "\n", lit: true, line: line})
	}
	return out
}

// printf approximates printf's output: %s-like verbs take the next
// argument, \n and \t escapes are expanded. printf -v VAR assigns instead.
func (a *analyzer) printf(ctx *callCtx, args []value) value {
	target := ""
	if len(args) >= 2 && args[0].String() == "-v" {
		target = args[1].String()
		args = args[2:]
	}
	if len(args) > 0 && args[0].String() == "--" {
		args = args[1:]
	}
	if len(args) == 0 {
		return value{}
	}
	format := args[0]
	rest := args[1:]
	var out value
	for _, p := range format.parts {
		if !p.lit {
			p.line = ctx.sline
			out.append(p)
			continue
		}
		t := p.text
		var b strings.Builder
		flush := func() {
			if b.Len() > 0 {
				out.append(part{text: b.String(), lit: true, line: ctx.sline})
				b.Reset()
			}
		}
		for i := 0; i < len(t); i++ {
			c := t[i]
			if c == '\\' && i+1 < len(t) {
				i++
				switch t[i] {
				case 'n':
					b.WriteByte('\n')
				case 't':
					b.WriteByte('\t')
				default:
					b.WriteByte(t[i])
				}
				continue
			}
			if c == '%' && i+1 < len(t) {
				j := i + 1
				for j < len(t) && strings.IndexByte("-+ #0123456789.", t[j]) >= 0 {
					j++
				}
				if j < len(t) {
					if t[j] == '%' {
						b.WriteByte('%')
						i = j
						continue
					}
					flush()
					if len(rest) > 0 {
						for _, q := range rest[0].parts {
							q.line = ctx.sline
							out.append(q)
						}
						rest = rest[1:]
					}
					i = j
					continue
				}
			}
			b.WriteByte(c)
		}
		flush()
	}
	if target != "" && isName(target) {
		a.setVar(target, out, false)
		return value{}
	}
	return out
}

// cat prints its files (tracked when written from credentials) or stdin.
func (a *analyzer) cat(ctx *callCtx, args []value) value {
	var out value
	n := 0
	for _, x := range args {
		s := x.String()
		if strings.HasPrefix(s, "-") && s != "-" {
			continue
		}
		n++
		if s == "-" {
			out.appendValue(ctx.stdin)
			continue
		}
		out.append(part{text: "{" + s + "}", creds: a.fileCreds(s), line: ctx.sline})
	}
	if n == 0 {
		return ctx.stdin
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func sortStrings(s []string) { sort.Strings(s) }

// setOutput parses the deprecated "::set-output name=NAME::VALUE" command.
func setOutput(v value) (string, value, bool) {
	_, rest, ok := v.cut("::set-output name=")
	if !ok {
		return "", value{}, false
	}
	name, val, ok := rest.cut("::")
	if !ok {
		return "", value{}, false
	}
	return strings.TrimSpace(name.String()), val, true
}

// venvActivate reports the activation script of a Python virtual
// environment (venv/bin/activate, .venv/bin/activate), which the job makes
// and which only sets VIRTUAL_ENV, PATH and the prompt
// (docs.python.org/3/library/venv.html, "How venvs work"): sourced, it runs
// nothing, with git's credentials or the environment's.
func venvActivate(p string) bool {
	p = strings.Trim(p, `"'`)
	return p == "bin/activate" || strings.HasSuffix(p, "/bin/activate")
}

// shellCommandString is the index of the command string a shell's
// arguments give it (sh -c STRING, bash -ec STRING, bash -x -c STRING,
// sh -o pipefail -c STRING): with -c among its options, single-letter
// ones clustered or not, the first argument that is not an option; -1
// without -c or without that argument. -o and +o (alone or in a
// cluster, -eo) take an option name;
// long options (--norc, --login) take none.
func shellCommandString(args []value) int {
	hasC := false
	for i := 0; i < len(args); i++ {
		s := args[i].String()
		switch {
		case s == "--" || s == "-":
			if hasC && i+1 < len(args) {
				return i + 1
			}
			return -1
		case strings.HasPrefix(s, "--"):
		case len(s) > 1 && (s[0] == '-' || s[0] == '+') && isLetters(s[1:]):
			hasC = hasC || (s[0] == '-' && strings.ContainsRune(s[1:], 'c'))
			if strings.ContainsAny(s[1:], "oO") {
				i++ // -o NAME, -eo NAME: the option's name
			}
		default:
			if hasC {
				return i
			}
			return -1
		}
	}
	return -1
}

// isLetters reports whether s is ASCII letters only.
func isLetters(s string) bool {
	for _, r := range s {
		if (r < 'a' || r > 'z') && (r < 'A' || r > 'Z') {
			return false
		}
	}
	return s != ""
}

var shellNames = map[string]bool{"sh": true, "bash": true, "zsh": true, "dash": true, "ksh": true}

// shellC analyses the script of `bash -c SCRIPT [ARG0 ARGS...]` as if it
// were written inline on the call's line. Parts of SCRIPT that are not
// literal become variables __P2A_Q<n> carrying their credentials.
func (a *analyzer) shellC(ctx *callCtx, script value, args []value) value {
	if p := script.parts; len(p) == 1 && !p[0].lit && len(p[0].creds) == 0 && isName(p[0].ref) {
		// The whole script is a shell variable's value, known only at
		// run time (bash -c "$RETRY_CMD", a retry wrapper's command;
		// not eval $(ssh-agent -s), a program's output): it may run git
		// with what a checkout persisted or a command stored. (A
		// workflow expression's value is a command named by an
		// expression, which unknownCommand reads so.)
		for _, k := range a.keptCreds() {
			a.addUse(Use{Credential: k.cred, Line: ctx.line, Command: "sh -c", Via: k.via,
				Unresolved: "sh -c runs a script known only when the step runs ($" + p[0].ref + "); it may use the credentials " + k.where, Evidence: a.evidenceOf(ctx)})
		}
	}
	if a.depth > maxDepth/2 || a.lineOverride > 0 {
		a.argUses(ctx, "sh -c", append([]value{script}, args...), 0, "", "")
		return value{}
	}
	var src strings.Builder
	for _, p := range script.parts {
		if p.lit {
			src.WriteString(p.text)
			continue
		}
		a.qn++
		name := "__P2A_Q" + strconv.Itoa(a.qn)
		a.vars[name] = &variable{val: value{parts: []part{p}}}
		disp := "$" + p.ref
		if p.ref == "" || !isName(p.ref) {
			disp = "${{ " + strings.Trim(p.text, "{}") + " }}"
		}
		a.qdisp = append(a.qdisp, [2]string{"${" + name + "}", disp})
		src.WriteString("${" + name + "}")
	}
	f, err := syntax.NewParser(syntax.Variant(syntax.LangBash)).Parse(strings.NewReader(src.String()), "")
	if err != nil {
		a.argUses(ctx, "sh -c", append([]value{script}, args...), 0, "", "")
		return value{}
	}
	saved := a.positional
	if len(args) > 1 {
		a.positional = args[1:] // args[0] is $0
	} else {
		a.positional = nil
	}
	a.lineOverride = ctx.sline
	a.depth++
	savedSrc := a.src
	a.src = src.String()
	out := a.stmts(f.Stmts, ctx.stdin)
	a.src = savedSrc
	a.depth--
	a.lineOverride = 0
	a.positional = saved
	return out
}

// noteMove records where mv or cp puts one file named by literal paths
// (mv .github/uploader.py .): a script later run from its new place is
// read from where it was (movedScript). A destination that is a folder
// (., a trailing /, or one that exists) holds the file under its name; as
// the scan cannot tell a folder from a file name, both are recorded.
func (a *analyzer) noteMove(args []value) {
	if !a.dirKnown {
		return
	}
	var paths []string
	for _, x := range args {
		s := x.String()
		if strings.HasPrefix(s, "-") {
			continue
		}
		if !x.known() || strings.ContainsAny(s, "*?[~") || strings.HasPrefix(s, "/") {
			return
		}
		paths = append(paths, s)
	}
	if len(paths) != 2 {
		return
	}
	from, to := path.Clean(path.Join(a.dir, paths[0])), path.Clean(path.Join(a.dir, paths[1]))
	if from == ".." || strings.HasPrefix(from, "../") || to == ".." || strings.HasPrefix(to, "../") {
		return
	}
	if earlier, ok := a.moved[from]; ok {
		from = earlier
	}
	if a.moved == nil {
		a.moved = map[string]string{}
	}
	a.moved[path.Join(to, path.Base(from))] = from
	if paths[1] != "." && !strings.HasSuffix(paths[1], "/") {
		a.moved[to] = from
	}
}

// movedScript is the path, relative to the working directory, of the file
// a script path names when mv or cp put it there (noteMove); ok is false
// when none did.
func (a *analyzer) movedScript(target string) (string, bool) {
	if len(a.moved) == 0 || !a.dirKnown || strings.ContainsAny(target, "{$") || strings.HasPrefix(target, "/") {
		return "", false
	}
	from, ok := a.moved[path.Clean(path.Join(a.dir, target))]
	if !ok {
		return "", false
	}
	up := ""
	if d := path.Clean(a.dir); d != "." {
		up = strings.Repeat("../", strings.Count(d, "/")+1)
	}
	return up + from, true
}

// keepsHeadCommit reports a command that makes no commit: the commands
// that only read (readOnlyCommands) and the shell's control builtins. git
// is judged by its own handler, which knows its subcommand (gitCommit,
// gitKeepsHead). Anything else may commit, so a [skip ci] message read
// before it says nothing of what a later push sends.
func keepsHeadCommit(fields []value) bool {
	switch base := baseName(fields[0].String()); {
	case readOnlyCommands[base], base == "git":
		return true
	default:
		return base == "exit" || base == "true" || base == "false" || base == "sleep" || base == "pwd" || base == "set" ||
			base == "export" || base == "local" || base == "return" || base == "break" || base == "continue" || base == ":"
	}
}

// negatedSubshell is the script of a command that is one word !(SCRIPT):
// bash without extglob runs it as ! (SCRIPT), the parser reads a pattern.
func negatedSubshell(c *syntax.CallExpr) (string, bool) {
	if len(c.Args) != 1 || len(c.Args[0].Parts) != 1 {
		return "", false
	}
	g, ok := c.Args[0].Parts[0].(*syntax.ExtGlob)
	if !ok || g.Op != syntax.GlobExcept || g.Pattern == nil {
		return "", false
	}
	return g.Pattern.Value, true
}
