package jsops

import (
	"strconv"
	"strings"

	"github.com/pat2app/pat2app/knowledge"
	"github.com/pat2app/pat2app/scanner/codeflow"
	"github.com/tdewolff/parse/v2/js"
)

// How a function that runs a program takes the command.
const (
	shapeShell    = "shell"    // a shell command line: exec("gh pr list")
	shapeFile     = "file"     // a program and an array of arguments
	shapeSplit    = "split"    // a command line split on spaces, no shell
	shapeTemplate = "template" // a tagged template: $`gh pr list`
	shapeNode     = "node"     // a Node.js module run with node: fork
)

// processFunction is a function of a package that runs a program.
type processFunction struct {
	shape string
	// optsArg is the index of the options argument.
	optsArg int
	// extendEnv is true when an env option adds to the process's
	// environment instead of replacing it (execa).
	extendEnv bool
}

// processFunctions are the functions that run programs, by package and
// name (node:child_process, execa, zx, tinyexec, cross-spawn,
// @actions/exec, shelljs).
var processFunctions = map[string]map[string]processFunction{
	"child_process": {
		"exec": {shapeShell, 1, false}, "execSync": {shapeShell, 1, false},
		"execFile": {shapeFile, 2, false}, "execFileSync": {shapeFile, 2, false},
		"spawn": {shapeFile, 2, false}, "spawnSync": {shapeFile, 2, false},
		"fork": {shapeNode, 2, false},
	},
	"execa": {
		"execa": {shapeFile, 2, true}, "execaSync": {shapeFile, 2, true},
		"execaCommand": {shapeSplit, 1, true}, "execaCommandSync": {shapeSplit, 1, true},
		"$": {shapeTemplate, -1, true}, "execaNode": {shapeNode, 2, true},
	},
	"zx":            {"$": {shapeTemplate, -1, true}},
	"tinyexec":      {"x": {shapeFile, 2, true}, "exec": {shapeFile, 2, true}},
	"cross-spawn":   {"": {shapeFile, 2, false}, "spawn": {shapeFile, 2, false}, "sync": {shapeFile, 2, false}},
	"@actions/exec": {"exec": {shapeSplit, 2, false}, "getExecOutput": {shapeSplit, 2, false}},
	"shelljs":       {"exec": {shapeShell, 1, false}},
}

// processFunctionOf returns the function a callee resolves to when it
// runs a program.
func (a *analyzer) processFunctionOf(callee js.IExpr) (processFunction, string, bool) {
	r := a.resolve(callee, 0)
	if r.kind != refModule {
		return processFunction{}, "", false
	}
	mod := strings.TrimPrefix(r.module, "node:")
	fns, ok := processFunctions[mod]
	if !ok {
		return processFunction{}, "", false
	}
	name := ""
	if len(r.path) > 0 {
		name = r.path[len(r.path)-1]
	}
	f, ok := fns[name]
	return f, name, ok
}

// commandBuilder renders a command's parts as shell text.
type commandBuilder struct {
	a *analyzer
	b strings.Builder
	// holes carries the Vars and Shown of the parts that are not constants.
	holes Command
	n     int
}

// hole writes a part that is not a constant as a shell variable
// carrying its sources.
func (cb *commandBuilder) hole(e js.IExpr) string {
	cb.n++
	return cb.holes.Hole("__js"+strconv.Itoa(cb.n), cb.a.sources(e, 0, true), "${"+cb.a.render(e)+"}")
}

// word writes one argument, quoted.
func (cb *commandBuilder) word(e js.IExpr) {
	if cb.b.Len() > 0 {
		cb.b.WriteByte(' ')
	}
	if s, ok := cb.a.constString(e, 0); ok {
		cb.b.WriteString(codeflow.ShellQuote(s))
		return
	}
	s := cb.a.stringValue(e, 0, func(h js.IExpr) string { return "\x01" + cb.hole(h) + "\x01" })
	if s == "\x00" {
		cb.b.WriteString(cb.hole(e))
		return
	}
	// Constant parts quoted, holes as variables: 'v'"$__js1".
	for i, piece := range strings.Split(s, "\x01") {
		if i%2 == 1 {
			cb.b.WriteString(piece)
		} else if piece != "" {
			cb.b.WriteString(codeflow.ShellQuote(piece))
		}
	}
}

// processCall records a call that runs a program.
func (a *analyzer) processCall(call *js.CallExpr, f processFunction, name string) {
	a.markConsumed(call)
	cmd := Command{Inherit: true, Evidence: truncate(a.render(call.X)+"("+a.render(arg(call, 0))+")", maxEvidence)}
	cb := &commandBuilder{a: a}
	var opts js.IExpr
	if f.optsArg >= 0 {
		opts = arg(call, f.optsArg)
	}
	switch f.shape {
	case shapeShell, shapeSplit:
		first := arg(call, 0)
		s := a.stringValue(first, 0, func(h js.IExpr) string { return cb.hole(h) })
		if s == "\x00" {
			cmd.Unknown = "the command is built at run time"
			cb.hole(first)
		} else {
			cb.b.WriteString(s)
		}
		if f.shape == shapeSplit {
			// exec(commandLine, args, opts): the arguments follow.
			if args := a.arrayOf(arg(call, 1)); args != nil {
				a.argList(&cmd, cb, strings.Fields(s), args)
			}
		}
	case shapeFile, shapeNode:
		prog, ok := a.constString(arg(call, 0), 0)
		if !ok {
			cmd.Unknown = "the program is built at run time"
			cb.b.WriteString(cb.hole(arg(call, 0)))
		} else {
			cb.b.WriteString(codeflow.ShellQuote(prog))
		}
		second := arg(call, 1)
		switch args := a.arrayOf(second); {
		case args != nil:
			var words []string
			if ok {
				words = []string{prog}
			}
			a.argList(&cmd, cb, words, args)
		case second == nil:
		case a.objectOf(second, 0) != nil:
			opts = second // run(program, options)
		default:
			cmd.Unknown = "its arguments are built at run time"
			if srcs := a.sources(second, 0, true); len(srcs) > 0 {
				cb.word(second)
			}
		}
		cmd.Node = f.shape == shapeNode
	case shapeTemplate:
		// handled by templateCall
		return
	}
	cmd.Text = cb.b.String()
	cmd.Vars, cmd.Shown = cb.holes.Vars, cb.holes.Shown
	a.processOptions(&cmd, opts, f.extendEnv)
	cmd.Line = a.callLine(call)
	a.prog.module.Commands = append(a.prog.module.Commands, cmd)
}

// argList writes a program's argument list, after the words already
// written (the program and what precedes, for gitLocalBefore). An
// element spread in (...paths) is one word the reading of the program
// judges when the words before it are git and a local subcommand (git
// add .changeset ...extraPaths is a git add whatever the paths); any
// other makes the command's arguments unknown.
//
// An element that spreads in an array the reading knows (a wrapper's rest
// parameter bound to a call's arguments) is its elements.
func (a *analyzer) argList(cmd *Command, cb *commandBuilder, words []string, args *js.ArrayExpr) {
	for _, el := range a.spreadKnown(args.List, 0) {
		if el.Spread {
			if gitLocalBefore(words) {
				cb.word(el.Value)
			} else {
				cmd.Unknown = "its arguments are built at run time"
			}
			words = append(words, "\x00")
			continue
		}
		w, ok := a.constString(el.Value, 0)
		if !ok {
			w = "\x00"
		}
		words = append(words, w)
		cb.word(el.Value)
	}
}

// spreadKnown is list with each element that spreads in an array literal
// (directly or through variables) replaced by that array's elements.
func (a *analyzer) spreadKnown(list []js.Element, depth int) []js.Element {
	var out []js.Element
	for _, el := range list {
		if el.Spread && depth < maxResolveDepth {
			if arr, ok := a.bound(el.Value).(*js.ArrayExpr); ok {
				out = append(out, a.spreadKnown(arr.List, depth+1)...)
				continue
			}
		}
		out = append(out, el)
	}
	return out
}

// gitLocalBefore reports whether words (constant ones; "\x00" for one
// that is not) are git, its global options and a subcommand that never
// contacts a remote (knowledge.IsLocalGitSubcommand).
func gitLocalBefore(words []string) bool {
	if len(words) == 0 || words[0] != "git" {
		return false
	}
	for i := 1; i < len(words); i++ {
		switch w := words[i]; {
		case w == "-C" || w == "-c" || w == "--git-dir" || w == "--work-tree" || w == "--namespace":
			i++ // and its value
		case strings.HasPrefix(w, "-"):
		default:
			return knowledge.IsLocalGitSubcommand(w)
		}
	}
	return false
}

// templateCall records $`cmd` of zx or execa.
func (a *analyzer) templateCall(t *js.TemplateExpr) {
	a.markConsumed(t)
	cb := &commandBuilder{a: a}
	for _, p := range t.List {
		cb.b.WriteString(templateChunk(a.source(p.Value)))
		if s, ok := a.constString(p.Expr, 0); ok {
			cb.b.WriteString(codeflow.ShellQuote(s))
		} else {
			cb.b.WriteString(cb.hole(p.Expr))
		}
	}
	cb.b.WriteString(templateChunk(a.source(t.Tail)))
	cmd := Command{Inherit: true, Text: cb.b.String(), Vars: cb.holes.Vars, Shown: cb.holes.Shown, Evidence: truncate(a.render(t.Tag)+"`…`", maxEvidence)}
	if off := a.firstOffset(t, 0); off >= 0 {
		cmd.Line = a.line(off)
	}
	a.prog.module.Commands = append(a.prog.module.Commands, cmd)
}

// processOptions reads a process call's env and cwd options.
func (a *analyzer) processOptions(cmd *Command, opts js.IExpr, extend bool) {
	obj := a.objectOf(opts, 0)
	if obj == nil {
		return
	}
	if cwd := a.property(obj, "cwd", 0); cwd != nil {
		if s, ok := a.constString(cwd, 0); ok {
			cmd.Dir = s
		}
	}
	if ext := a.property(obj, "extendEnv", 0); ext != nil {
		if l, ok := ext.(*js.LiteralExpr); ok && l.TokenType == js.FalseToken {
			extend = false
		}
	}
	envExpr := a.property(obj, "env", 0)
	if envExpr == nil {
		return
	}
	cmd.Inherit = extend
	if r := a.resolve(envExpr, 0); r.kind == refProcess && len(r.path) == 1 && r.path[0] == "env" {
		cmd.Inherit = true
		a.markConsumed(envExpr)
		return
	}
	env := a.objectOf(envExpr, 0)
	if env == nil {
		// An environment built elsewhere: it may hold anything.
		cmd.Inherit = true
		return
	}
	a.envProperties(cmd, env, 0)
}

// envProperties reads the properties of an env object into cmd.
func (a *analyzer) envProperties(cmd *Command, env *js.ObjectExpr, depth int) {
	if depth > maxResolveDepth {
		return
	}
	for _, p := range env.List {
		switch {
		case p.Spread:
			if r := a.resolve(p.Value, 0); r.kind == refProcess && len(r.path) == 1 && r.path[0] == "env" {
				cmd.Inherit = true
				a.markConsumed(p.Value)
			} else if inner := a.objectOf(p.Value, depth+1); inner != nil {
				a.envProperties(cmd, inner, depth+1)
			} else {
				cmd.Inherit = true
			}
		case p.Name != nil && !p.Name.IsComputed():
			name := a.literalName(p.Name.Literal)
			if srcs := a.sources(p.Value, 0, true); len(srcs) > 0 {
				if cmd.Env == nil {
					cmd.Env = map[string][]string{}
				}
				cmd.Env[name] = srcs
			}
		}
	}
}

// arrayOf returns the array literal expr is or is bound to.
func (a *analyzer) arrayOf(expr js.IExpr) *js.ArrayExpr {
	for depth := 0; depth <= maxResolveDepth && expr != nil; depth++ {
		switch e := expr.(type) {
		case *js.ArrayExpr:
			return e
		case *js.Var:
			d, ok := a.defs[canon(e)]
			if !ok || len(d.key) > 0 {
				return nil
			}
			expr = d.expr
		case *js.GroupExpr:
			expr = e.X
		default:
			return nil
		}
	}
	return nil
}

// callLine is the line of a call.
func (a *analyzer) callLine(call *js.CallExpr) int {
	off := a.firstOffset(call, 0)
	if site, ok := a.at[call]; ok {
		if argOff := a.argsOffset(call); argOff < 0 || site <= argOff {
			off = site
		}
	}
	if off < 0 {
		return 1
	}
	return a.line(off)
}
