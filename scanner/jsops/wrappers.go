package jsops

import (
	"slices"
	"strings"
	"unicode"

	"github.com/pat2app/pat2app/knowledge"
	"github.com/pat2app/pat2app/scanner/codeflow"
	"github.com/tdewolff/parse/v2/js"
)

// Programs are often run through a library of the script's own or of a
// package the reading does not open. Their calls still show the program
// when their name or their first argument says it:
//
//   - a git wrapper named git + a git subcommand (repo.gitPush("origin",
//     tag), gitTag(name), gitCherryPick(sha)): git SUB with the arguments;
//   - a runner method (command, exec, run, sh, spawn, ...) on any object
//     whose first argument is a git or gh command line or argument list
//     (repo.command("git add ."), repo.command(["git", "push"]));
//   - a function of one of the repository's own modules whose name has
//     one of those words, with any command line or argument list
//     (logAndExec(`git push origin ${b}`) with logAndExec from
//     ../utils/process.ts; Import.Runs names it);
//   - a tagged template whose tag is $ from any module (dax, Bun, a
//     re-export): the template is a command line, as zx's is;
//   - new Deno.Command(program, {args, env, cwd}) and Deno.run({cmd}).

// gitSubcommands are the git subcommands a wrapper's name may carry, by
// the word (lower case) its camel-case name spells them with.
var gitSubcommands = map[string]string{
	"push": "push", "tag": "tag", "commit": "commit", "add": "add", "branch": "branch",
	"checkout": "checkout", "switch": "switch", "fetch": "fetch", "pull": "pull", "merge": "merge",
	"rebase": "rebase", "cherry": "cherry-pick", "cherrypick": "cherry-pick", "reset": "reset",
	"restore": "restore", "clone": "clone", "am": "am", "apply": "apply", "rm": "rm", "mv": "mv",
	"stash": "stash", "remote": "remote", "config": "config",
}

// runnerNames are method names that run a command line or argument list.
var runnerNames = map[string]bool{
	"command": true, "cmd": true, "exec": true, "execSync": true, "run": true, "runSync": true,
	"sh": true, "shell": true, "spawn": true, "spawnSync": true, "execCommand": true, "runCommand": true,
	"execFile": true, "execFileSync": true,
}

// localRunner returns the import and the member a callee names when it is
// a function of one of the repository's own modules whose name says it
// runs a command (logAndExec, runCommand, execGit from
// ../utils/process.ts), which the reading of this module does not open;
// nil otherwise.
func (a *analyzer) localRunner(callee js.IExpr, name string) (*Import, string) {
	if _, ok := callee.(*js.Var); !ok {
		return nil, ""
	}
	r := a.resolve(callee, 0)
	if r.kind != refModule || !isLocalSpec(r.module) || len(r.path) != 1 {
		return nil, ""
	}
	member := r.path[0]
	// "run" alone names too much that is not a command runner
	// (runTests('unit') builds its command from the suite's name).
	isRunner := func(n string) bool {
		return slices.ContainsFunc(camelWords(n), func(w string) bool { return runnerNames[w] && w != "run" })
	}
	if !isRunner(name) && !isRunner(member) {
		return nil, ""
	}
	return a.importOf(r.module, 0), member
}

// camelWords splits a camel-case name into lower-case words.
func camelWords(s string) []string {
	var out []string
	start := 0
	for i, r := range s {
		if i > start && unicode.IsUpper(r) {
			out = append(out, strings.ToLower(s[start:i]))
			start = i
		}
	}
	if start < len(s) {
		out = append(out, strings.ToLower(s[start:]))
	}
	return out
}

// gitWrapperSub returns the git subcommand a wrapper's name spells
// (gitPush -> push, gitCherryPick -> cherry-pick), "" when it is not one.
func gitWrapperSub(name string) string {
	rest, ok := strings.CutPrefix(name, "git")
	if !ok || rest == "" || !unicode.IsUpper(rune(rest[0])) {
		return ""
	}
	for _, w := range camelWords(rest) {
		if sub, ok := gitSubcommands[w]; ok {
			return sub
		}
	}
	return ""
}

// wrapperCall reads a call that runs a program through a wrapper (see
// above); it reports whether it recorded a command.
func (a *analyzer) wrapperCall(call *js.CallExpr) bool {
	name := calleeName(call.X)
	if sub := gitWrapperSub(name); sub != "" {
		cmd := Command{Inherit: true, Evidence: truncate(a.render(call.X)+"(…)", maxEvidence)}
		cb := &commandBuilder{a: a}
		cb.b.WriteString("git " + sub)
		for _, el := range call.Args.List {
			if el.Rest {
				if arr := a.arrayOf(el.Value); arr != nil {
					for _, x := range arr.List {
						cb.word(x.Value)
					}
					continue
				}
				if knowledge.IsLocalGitSubcommand(sub) {
					// gitAdd(...paths): a git add whatever the paths.
					cb.word(el.Value)
				} else {
					cmd.Unknown = "its arguments are built at run time"
				}
				continue
			}
			if _, isObj := el.Value.(*js.ObjectExpr); isObj {
				continue // an options object
			}
			cb.word(el.Value)
		}
		a.recordCommand(call, cmd, cb)
		return true
	}
	imp, member := a.localRunner(call.X, name)
	if imp == nil && !(runnerNames[name] && isDot(call.X)) {
		return false
	}
	first := arg(call, 0)
	if first == nil {
		return false
	}
	cmd := Command{Inherit: true, Evidence: truncate(a.render(call.X)+"("+a.render(first)+")", maxEvidence)}
	cb := &commandBuilder{a: a}
	// A runner of the repository's own modules runs whatever its first
	// argument names; a method of another object is taken for one only
	// when that is git or gh.
	// Every call of such a runner is a command, known or not: the
	// runner's own reading leaves its commands to these calls.
	runs := func(word string) bool { return imp != nil || isGitOrGh(word) }
	if arr := a.arrayOf(first); arr != nil {
		program := ""
		if len(arr.List) > 0 {
			program = a.constWord(arr.List[0].Value)
		}
		switch {
		case imp != nil && strings.Contains(strings.TrimSpace(program), " ") && !arr.List[0].Spread:
			// ["git tag", "-l x"]: a runner that joins its words into a
			// command line runs the first as written (no program's name
			// has a space).
			words := strings.Fields(program)
			cb.b.WriteString(strings.Join(words, " "))
			a.argList(&cmd, cb, words, &js.ArrayExpr{List: arr.List[1:]})
		case program != "" && runs(program):
			a.argList(&cmd, cb, nil, arr)
		case imp != nil:
			cmd.Unknown = "its program is chosen at run time"
		default:
			return false
		}
	} else {
		s := a.stringValue(first, 0, func(h js.IExpr) string { return cb.hole(h) })
		word, _, _ := strings.Cut(strings.TrimSpace(s), " ")
		switch {
		case s != "\x00" && runs(word):
			cb.b.WriteString(s)
		case imp != nil:
			cmd.Unknown = "its command line is built at run time"
		default:
			return false
		}
	}
	a.recordCommand(call, cmd, cb)
	if imp != nil {
		imp.Runs = codeflow.Union(imp.Runs, member)
	}
	return true
}

func isDot(e js.IExpr) bool { _, ok := e.(*js.DotExpr); return ok }

// constWord is an expression's constant text, "" when it has none.
func (a *analyzer) constWord(e js.IExpr) string {
	s, _ := a.constString(e, 0)
	return s
}

func isGitOrGh(word string) bool { return word == "git" || word == "gh" }

// recordCommand adds a command built with cb at the call's line.
func (a *analyzer) recordCommand(call *js.CallExpr, cmd Command, cb *commandBuilder) {
	a.markConsumed(call)
	cmd.Text = cb.b.String()
	cmd.Vars, cmd.Shown = cb.holes.Vars, cb.holes.Shown
	cmd.Line = a.callLine(call)
	a.prog.module.Commands = append(a.prog.module.Commands, cmd)
}

// isDollarTag reports a template tag that is $ (dax, Bun, a re-export of
// zx's or execa's), or X.$ (Bun.$).
func isDollarTag(tag js.IExpr) bool {
	switch t := tag.(type) {
	case *js.Var:
		return string(t.Name()) == "$"
	case *js.DotExpr:
		return calleeName(t) == "$"
	}
	return false
}

// denoCommand reads new Deno.Command(program, {args, env, cwd}) and
// Deno.run({cmd: [...], env, cwd}); it reports whether it recorded one.
func (a *analyzer) denoCommand(n js.INode) bool {
	var callee js.IExpr
	var args []js.Arg
	switch e := n.(type) {
	case *js.NewExpr:
		callee = e.X
		if e.Args != nil {
			args = e.Args.List
		}
	case *js.CallExpr:
		callee, args = e.X, e.Args.List
	default:
		return false
	}
	d, ok := callee.(*js.DotExpr)
	if !ok {
		return false
	}
	r := a.resolve(d.X, 0)
	if r.kind != refProcess || len(r.path) != 0 {
		return false
	}
	name := calleeName(callee)
	_, isNew := n.(*js.NewExpr)
	at := func(i int) js.IExpr {
		if i < len(args) && !args[i].Rest {
			return args[i].Value
		}
		return nil
	}
	cmd := Command{Inherit: true, Evidence: truncate(a.render(callee)+"(…)", maxEvidence)}
	cb := &commandBuilder{a: a}
	var list *js.ArrayExpr
	var opts js.IExpr
	switch {
	case isNew && name == "Command":
		prog, ok := a.constString(at(0), 0)
		if !ok {
			cmd.Unknown = "the program is built at run time"
			cb.b.WriteString(cb.hole(at(0)))
		} else {
			cb.b.WriteString(codeflow.ShellQuote(prog))
		}
		opts = at(1)
		if obj := a.objectOf(opts, 0); obj != nil {
			if v := a.property(obj, "args", 0); v != nil {
				if list = a.arrayOf(v); list == nil {
					cmd.Unknown = "its arguments are built at run time"
				}
			}
		}
	case !isNew && name == "run":
		opts = at(0)
		obj := a.objectOf(opts, 0)
		if obj == nil {
			return false
		}
		if list = a.arrayOf(a.property(obj, "cmd", 0)); list == nil {
			cmd.Unknown = "the command is built at run time"
		}
	default:
		return false
	}
	if list != nil {
		for _, el := range list.List {
			if el.Spread {
				// Arguments spread in (a list of files): one word the
				// reading of the program judges as unknown.
				cb.word(el.Value)
				continue
			}
			cb.word(el.Value)
		}
	}
	cmd.Text = cb.b.String()
	cmd.Vars, cmd.Shown = cb.holes.Vars, cb.holes.Shown
	a.processOptions(&cmd, opts, true)
	if obj := a.objectOf(opts, 0); obj != nil {
		if ce := a.property(obj, "clearEnv", 0); ce != nil {
			if l, ok := ce.(*js.LiteralExpr); ok && l.TokenType == js.TrueToken {
				cmd.Inherit = false
			}
		}
	}
	if off := a.firstOffset(callee, 0); off >= 0 {
		cmd.Line = a.line(off)
	}
	a.markConsumed(n)
	a.prog.module.Commands = append(a.prog.module.Commands, cmd)
	return true
}

// isDenoRun reports Deno.run(...).
func (a *analyzer) isDenoRun(e *js.CallExpr) bool {
	d, ok := e.X.(*js.DotExpr)
	if !ok || calleeName(e.X) != "run" {
		return false
	}
	r := a.resolve(d.X, 0)
	return r.kind == refProcess && len(r.path) == 0
}

// fileWriters are the names of functions and methods that write, copy,
// move or remove the file their receiver or first argument names (node:fs,
// fs-extra, Deno, dax's and Bun's path objects).
var fileWriters = map[string]bool{
	"writeFile": true, "writeFileSync": true, "writeTextFile": true, "writeTextFileSync": true,
	"writeText": true, "writeTextSync": true, "writeJson": true, "writeJsonSync": true, "writeJSON": true,
	"writeJSONSync": true, "write": true, "writeSync": true, "outputFile": true, "outputFileSync": true,
	"appendFile": true, "appendFileSync": true, "copyFile": true, "copyFileSync": true, "copy": true,
	"copySync": true, "cp": true, "cpSync": true, "rename": true, "renameSync": true, "move": true,
	"moveSync": true, "rm": true, "rmSync": true, "unlink": true, "unlinkSync": true, "remove": true,
	"removeSync": true, "writeBytes": true, "writeBytesSync": true,
}

// workflowWrite records a call of a file writer whose target (its
// receiver, or its first or, for copies, second argument) names a path
// under .github/workflows.
func (a *analyzer) workflowWrite(call *js.CallExpr) {
	if !fileWriters[calleeName(call.X)] {
		return
	}
	var targets []js.IExpr
	if d, ok := call.X.(*js.DotExpr); ok {
		targets = append(targets, d.X)
	}
	targets = append(targets, arg(call, 0))
	if name := calleeName(call.X); strings.HasPrefix(name, "cop") || strings.HasPrefix(name, "cp") ||
		strings.HasPrefix(name, "mov") || strings.HasPrefix(name, "rename") {
		targets = append(targets, arg(call, 1)) // the destination
	}
	for _, t := range targets {
		if t == nil {
			continue
		}
		var parts []string
		a.constParts(t, 0, &parts)
		if namesWorkflows(parts) {
			a.prog.module.WorkflowWrites = append(a.prog.module.WorkflowWrites,
				Flow{Line: a.callLine(call), Evidence: truncate(a.render(call.X)+"("+a.render(arg(call, 0))+")", maxEvidence)})
			return
		}
	}
}

// namesWorkflows reports whether the constant parts of a path, joined as
// path.join would, name .github/workflows or a file under it.
func namesWorkflows(parts []string) bool {
	joined := strings.ReplaceAll(strings.Join(parts, "/"), "\\", "/")
	for strings.Contains(joined, "//") {
		joined = strings.ReplaceAll(joined, "//", "/")
	}
	return strings.Contains(joined, ".github/workflows")
}

// maxParts bounds the constant strings constParts collects.
const maxParts = 64

// constParts collects the string constants an expression is built from:
// literals, template chunks, the arguments and receivers of the calls
// that build it (path.join(".github", "workflows"), root.join(".github/
// workflows/ci.ts")) and the definitions of the variables it reads.
func (a *analyzer) constParts(e js.IExpr, depth int, out *[]string) {
	if e == nil || depth > maxResolveDepth/4 || len(*out) >= maxParts || !a.spend() {
		return
	}
	switch x := e.(type) {
	case *js.LiteralExpr, js.LiteralExpr:
		if s, ok := a.constString(e, depth); ok {
			*out = append(*out, s)
		}
	case *js.TemplateExpr:
		if x.Tag != nil {
			return
		}
		for _, p := range x.List {
			*out = append(*out, templateChunk(a.source(p.Value)))
			a.constParts(p.Expr, depth+1, out)
		}
		*out = append(*out, templateChunk(a.source(x.Tail)))
	case *js.Var:
		if d, ok := a.defs[canon(x)]; ok && len(d.key) == 0 {
			a.constParts(d.expr, depth+1, out)
		}
	case *js.CallExpr:
		if d, ok := x.X.(*js.DotExpr); ok {
			a.constParts(d.X, depth+1, out)
		}
		for _, ar := range x.Args.List {
			a.constParts(ar.Value, depth+1, out)
		}
	case *js.NewExpr:
		if x.Args != nil {
			for _, ar := range x.Args.List {
				a.constParts(ar.Value, depth+1, out)
			}
		}
	case *js.DotExpr:
		a.constParts(x.X, depth+1, out)
	case *js.BinaryExpr:
		a.constParts(x.X, depth+1, out)
		a.constParts(x.Y, depth+1, out)
	case *js.GroupExpr:
		a.constParts(x.X, depth+1, out)
	case *js.UnaryExpr:
		a.constParts(x.X, depth+1, out)
	}
}
