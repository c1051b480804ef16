package jsops

import (
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/pat2app/pat2app/scanner/codeflow"
	"github.com/tdewolff/parse/v2/js"
)

// Sources name where a value a module uses as a credential comes from:
//
//	env:NAME   process.env.NAME (also destructured, or through a variable)
//	arg:N      the script's N-th argument (process.argv[N+1])
//	flag:NAME  the --NAME option (node:util parseArgs, minimist, yargs)
//	client     the client actions/github-script hands the module
//
// ProgramOptions.Params adds the values a caller passes to the module's
// functions, named the same way.
const (
	SourceEnv    = codeflow.SourceEnv
	SourceArg    = codeflow.SourceArg
	SourceFlag   = codeflow.SourceFlag
	SourceClient = codeflow.SourceClient
	SourceParam  = codeflow.SourceParam
	SourceMade   = codeflow.SourceMade
)

// ProgramOptions say how a module runs.
type ProgramOptions struct {
	// TypeScript compiles the module first (TypeScriptToJS), as TSX with
	// TSX; Name is its file name, for messages.
	TypeScript, TSX bool
	Name            string
	// Params binds parameters of the module's named functions to the
	// sources a caller passes them: Params["release"][0] is what the
	// first parameter of release() carries.
	Params map[string][][]string
	// Inline reads the code as a github-script body: top-level await and
	// return are allowed, as the action wraps the body in an async
	// function.
	Inline bool
	// Uses are the exports the module's importer uses; the functions
	// none of them reaches are not read. Nil reads them all.
	Uses []string
}

// Program is what a Node.js module (a script run with node, tsx, ...; or
// one required from actions/github-script) does with the credentials it
// reads.
type Program struct {
	// Calls are its GitHub API calls (Octokit clients it makes or is
	// handed, fetch-like requests to the API) and its requests to other
	// hosts that carry a credential; Auth says which.
	Calls []Call
	// Commands are the programs it runs (child_process, execa, zx,
	// tinyexec), as shell text.
	Commands []Command
	// Imports are the local modules it loads, with the credentials it
	// passes to their functions.
	Imports []Import
	// Flows are the places a credential goes that are not understood.
	Flows []Flow
	// WorkflowWrites are the calls that write, copy or remove files under
	// .github/workflows (a commit pushed later then needs the workflows
	// permission).
	WorkflowWrites []Flow
	// Packages are the modules it loads that are not files of the
	// repository (packages, Node.js built-ins), as written; LoadsUnknown
	// is true when it loads a module named at run time or runs code given
	// as a string (eval, new Function). Neither is read here: code there
	// may use what the environment holds.
	Packages     []string
	LoadsUnknown bool
	// Unattributed are the GitHub API routes (Evidence "POST /gists", an
	// api.github.com URL) and git push command lines the module's strings
	// hold that no call or command read sends: something the reading
	// does not follow does.
	Unattributed []Flow
}

// Command is a program a module runs (File is always "": the module's own
// file); Node is true for fork(), Inherit for the default environment or
// env: {...process.env, ...}, Dir for a constant cwd option.
type Command = codeflow.Command

// Import is a local module a module loads.
type Import struct {
	Line int
	// Spec is the module specifier as written ("./_utils.ts").
	Spec string
	// Calls maps the names of the module's functions called with values
	// that carry a credential to the sources of each argument.
	Calls map[string][][]string
	// Exports are the module's exported functions that load it, when
	// only they do: the module is loaded only when one of them is called.
	// Empty when it is loaded whatever the caller calls.
	Exports []string
	// Uses are the module's exports this module uses, when every load
	// of it names them; nil when it may use any (ProgramOptions.Uses).
	Uses []string
	// Runs are the module's functions this module calls as command
	// runners (logAndExec): each call is read as the command line its
	// first argument holds, so what the function's own reading leaves
	// unknown for want of its parameters (Command.Wrapper) is known.
	Runs []string
}

// Flow is a credential that goes where the module's reading stops.
type Flow = codeflow.Flow

// AnalyzeProgram reads a Node.js module a step runs (or one it loads).
// With ProgramOptions.TypeScript the module is compiled first
// (TypeScriptToJS) and lines are the TypeScript's; TypeScript that does not
// compile is a *SyntaxError and nothing is read. JavaScript that does not
// parse is a *SyntaxError and what was found with the offending lines
// blanked is still returned.
func AnalyzeProgram(code string, opts ProgramOptions) (*Program, error) {
	if len(code) > MaxScriptSize {
		return nil, fmt.Errorf("javascript: module is %d bytes, over the %d-byte limit", len(code), MaxScriptSize)
	}
	var lines []int
	if opts.TypeScript {
		js, l, err := TypeScriptToJS(opts.Name, code, opts.TSX)
		if err != nil {
			return &Program{}, err
		}
		code, lines = js, l
	}
	m := &Program{}
	err := parseRetrying(maskExpressions(code), js.Options{Inline: opts.Inline}, func(ast *js.AST, buf []byte) {
		m = newAnalyzer(buf, code).runProgram(ast, opts)
	})
	if lines != nil {
		m.mapLines(lines)
	}
	return m, err
}

// mapLines turns the lines of compiled JavaScript into the TypeScript's.
func (m *Program) mapLines(lines []int) {
	at := func(l int) int {
		if l > 0 && l < len(lines) && lines[l] > 0 {
			return lines[l]
		}
		return l
	}
	for i := range m.Calls {
		m.Calls[i].Line = at(m.Calls[i].Line)
	}
	for i := range m.Commands {
		m.Commands[i].Line = at(m.Commands[i].Line)
	}
	for i := range m.Imports {
		m.Imports[i].Line = at(m.Imports[i].Line)
	}
	for i := range m.Flows {
		m.Flows[i].Line = at(m.Flows[i].Line)
	}
	for i := range m.WorkflowWrites {
		m.WorkflowWrites[i].Line = at(m.WorkflowWrites[i].Line)
	}
	for i := range m.Unattributed {
		m.Unattributed[i].Line = at(m.Unattributed[i].Line)
	}
}

// programState is what the module reading adds to the analyzer.
type programState struct {
	imports map[string]ref // imported names: the module and member
	// consumed marks the expressions a recognised sink reads a credential
	// through; accounted, the arguments bound to a local or imported
	// function's parameters.
	consumed   map[js.INode]bool
	accounted  map[js.INode]bool
	params     map[*js.Var][]string
	paramVars  map[*js.Var]bool
	paramOf    map[*js.Var]*js.Params // the parameter list a parameter is in
	varSources map[*js.Var][]string
	byName     map[string]function
	// callsOf lists the calls of each of the module's functions (by the
	// variable that names it); nameOf names a function by its parameters.
	callsOf map[*js.Var][]*js.CallExpr
	nameOf  map[*js.Params]*js.Var
	// siteFn is the function a call of callsOf is in, when it is in one.
	siteFn map[*js.CallExpr]*js.Params
	// expanding is how deep a call is being read once per call site of
	// the function it is in.
	expanding int
	module    *Program
	importAt  map[string]int // spec -> index in module.Imports
}

func (a *analyzer) runProgram(ast *js.AST, opts ProgramOptions) *Program {
	a.prog = &programState{imports: map[string]ref{}, consumed: map[js.INode]bool{}, accounted: map[js.INode]bool{},
		params: map[*js.Var][]string{}, paramVars: map[*js.Var]bool{}, paramOf: map[*js.Var]*js.Params{}, varSources: map[*js.Var][]string{}, byName: map[string]function{},
		module: &Program{}, importAt: map[string]int{}, callsOf: map[*js.Var][]*js.CallExpr{}, nameOf: map[*js.Params]*js.Var{},
		siteFn: map[*js.CallExpr]*js.Params{}}
	if opts.Uses != nil {
		a.pruneUnused(ast, opts.Uses)
	}
	js.Walk(visitor(a.collectImports), ast)
	js.Walk(visitor(a.collectDefs), ast)
	js.Walk(&programWalker{visit: a.collectNames}, ast)
	for name, args := range opts.Params {
		f, ok := a.prog.byName[name]
		if !ok || f.params == nil {
			continue
		}
		for i, srcs := range args {
			if i < len(f.params.List) {
				if v, ok := f.params.List[i].Binding.(*js.Var); ok && len(srcs) > 0 {
					a.prog.params[canon(v)] = append(a.prog.params[canon(v)], srcs...)
				}
			}
		}
	}
	js.Walk(visitor(a.bindParams), ast)
	js.Walk(visitor(a.bindSourceParams), ast)
	js.Walk(ordered(a.visitCall), ast)
	js.Walk(&programWalker{visit: a.visitProgramCall}, ast)
	m := a.prog.module
	m.Calls = a.calls
	fw := &flowWalker{a: a}
	js.Walk(fw, ast)
	sort.SliceStable(m.Calls, func(i, j int) bool { return m.Calls[i].Line < m.Calls[j].Line })
	sort.SliceStable(m.Commands, func(i, j int) bool { return m.Commands[i].Line < m.Commands[j].Line })
	sort.SliceStable(m.Flows, func(i, j int) bool { return m.Flows[i].Line < m.Flows[j].Line })
	a.resetBudget()
	m.Unattributed = a.unattributed(ast)
	m.Packages, m.LoadsUnknown = a.loadedPackages(ast)
	a.loadedBy(ast)
	a.importedNames(ast)
	return m
}

// collectImports records what `import` statements bind.
func (a *analyzer) collectImports(n js.INode) {
	s, ok := n.(*js.ImportStmt)
	if !ok {
		return
	}
	mod := string(s.Module)
	if len(mod) >= 2 {
		mod = unescapeJS(mod[1 : len(mod)-1])
	}
	if s.Default != nil {
		a.prog.imports[string(s.Default)] = ref{kind: refModule, module: mod}
	}
	for _, al := range s.List {
		binding := string(al.Binding)
		if binding == "" {
			continue
		}
		name := string(al.Name)
		if name == "" || name == "*" {
			a.prog.imports[binding] = ref{kind: refModule, module: mod}
			if name == "" {
				a.prog.imports[binding] = ref{kind: refModule, module: mod, path: []string{binding}}
			}
			continue
		}
		a.prog.imports[binding] = ref{kind: refModule, module: mod, path: []string{name}}
	}
	if isLocalSpec(mod) {
		line := 0
		if off := a.offset(s.Module); off >= 0 {
			line = a.line(off)
		}
		a.importOf(mod, line)
	}
}

// collectNames records the module's named functions, every function's
// parameters, and the calls of named functions with the function each is
// in (fn).
func (a *analyzer) collectNames(n js.INode, fn *js.Params) {
	switch n := n.(type) {
	case *js.Params:
		for _, b := range n.List {
			if v, ok := b.Binding.(*js.Var); ok {
				a.prog.paramVars[canon(v)] = true
				a.prog.paramOf[canon(v)] = n
			}
		}
		if v, ok := n.Rest.(*js.Var); ok {
			a.prog.paramVars[canon(v)] = true
		}
	}
	switch n := n.(type) {
	case *js.CallExpr:
		if v, ok := n.X.(*js.Var); ok {
			a.prog.callsOf[canon(v)] = append(a.prog.callsOf[canon(v)], n)
			if fn != nil {
				a.prog.siteFn[n] = fn
			}
		}
	case *js.FuncDecl:
		if n.Name != nil {
			a.prog.byName[string(n.Name.Name())] = function{&n.Params, &n.Body}
			a.prog.nameOf[&n.Params] = canon(n.Name)
		}
	case *js.VarDecl:
		for _, b := range n.List {
			v, ok := b.Binding.(*js.Var)
			if !ok {
				continue
			}
			switch f := b.Default.(type) {
			case *js.ArrowFunc:
				a.prog.byName[string(v.Name())] = function{&f.Params, &f.Body}
				a.prog.nameOf[&f.Params] = canon(v)
			case *js.FuncDecl:
				a.prog.byName[string(v.Name())] = function{&f.Params, &f.Body}
				a.prog.nameOf[&f.Params] = canon(v)
			}
		}
	}
}

// bindSourceParams binds the parameters of the module's own functions to
// the arguments of calls that pass a credential, so that a helper
// `makeClient(token)` called with process.env.GH_TOKEN resolves.
func (a *analyzer) bindSourceParams(n js.INode) {
	a.paramArgs(n, func(call *js.CallExpr, p js.BindingElement, arg js.IExpr) {
		if len(a.sources(arg, 0, false)) > 0 {
			a.bind(p.Binding, arg, nil)
			a.markAccounted(call) // the function's own reading judges it
		}
	})
}

func (a *analyzer) markAccounted(n js.INode) {
	if _, isVar := n.(*js.Var); !isVar && markable(n) {
		a.prog.accounted[n] = true
	}
}

// markConsumed marks a node a sink reads a credential through. A
// variable is never marked: all its occurrences share one node, and each
// is judged by what holds it.
func (a *analyzer) markConsumed(n js.INode) {
	if _, isVar := n.(*js.Var); isVar || a.prog == nil || !markable(n) {
		return
	}
	a.prog.consumed[n] = true
}

// markable reports whether a node can be a map key (pointer nodes).
func markable(n js.INode) bool {
	return n != nil && reflect.TypeOf(n).Kind() == reflect.Pointer
}

// resolveModuleVar resolves names a module gets from outside: process,
// imported bindings.
func (a *analyzer) resolveModuleVar(v *js.Var) (ref, bool) {
	name := string(v.Name())
	if a.prog == nil {
		return ref{}, false
	}
	if r, ok := a.prog.imports[name]; ok {
		if m := strings.TrimPrefix(r.module, "node:"); m == "process" {
			// import process from 'node:process'; import { env } from ...
			return ref{kind: refProcess, path: r.path}, true
		}
		return r, true
	}
	switch name {
	case "process":
		return ref{kind: refProcess}, true
	case "Deno", "Bun":
		// Deno.env.get('X'), Deno.env.toObject(), Bun.env.X: the
		// environment as process.env holds it.
		return ref{kind: refProcess}, true
	case "require":
		return ref{}, false
	}
	return ref{}, false
}

// refSource names the credential source a reference is, "" when none.
func refSource(r ref) string {
	switch r.kind {
	case refProcess:
		if len(r.path) >= 2 && r.path[0] == "env" && !r.dynamic {
			// process.env.X, or a member of it (process.env.X.trim).
			return SourceEnv + r.path[1]
		}
		if len(r.path) >= 1 && r.path[0] == "env" {
			return SourceEnv + "*" // the whole environment, or a name built at run time
		}
		if len(r.path) == 2 && r.path[0] == "argv" {
			if n, err := strconv.Atoi(r.path[1]); err == nil && n >= 2 {
				return SourceArg + strconv.Itoa(n-1)
			}
		}
	case refArgs:
		p := r.path
		if len(p) > 0 && p[0] == "values" {
			p = p[1:]
		}
		if len(p) == 1 && p[0] != "_" && !r.dynamic {
			return SourceFlag + p[0]
		}
	case refClient:
		if r.client == "" && len(r.path) == 0 {
			return SourceClient
		}
	}
	return ""
}

// stringKeepers are string methods whose result carries the string's
// value.
var stringKeepers = map[string]bool{"trim": true, "trimStart": true, "trimEnd": true, "toString": true, "valueOf": true, "replace": true, "replaceAll": true, "split": true}

// sources lists the credential sources expr's value carries. With mark,
// the expressions it reads through are marked consumed.
func (a *analyzer) sources(expr js.IExpr, depth int, mark bool) []string {
	if expr == nil || depth > maxResolveDepth || !a.spend() || a.prog == nil {
		return nil
	}
	if mark {
		a.markConsumed(expr)
	}
	switch expr.(type) {
	case *js.DotExpr, *js.IndexExpr, *js.CallExpr:
		if r := a.resolve(expr, depth); r.kind != refNone {
			if s := refSource(r); s != "" {
				if mark {
					a.markResolved(expr, depth)
				}
				return []string{s}
			}
		}
	}
	switch e := expr.(type) {
	case *js.Var:
		v := canon(e)
		if ps, ok := a.prog.params[v]; ok {
			return ps
		}
		d, ok := a.defs[v]
		if !ok {
			if a.prog.paramVars[v] {
				// A parameter no call binds: what the caller passes.
				return []string{SourceParam + string(v.Name())}
			}
			return nil
		}
		if mark {
			a.markConsumed(d.expr)
		}
		if len(d.key) == 0 {
			return a.sources(d.expr, depth+1, mark)
		}
		// A destructured name: const { TOKEN } = process.env.
		if r := a.resolve(expr, depth); r.kind != refNone {
			if s := refSource(r); s != "" {
				if mark {
					a.markResolved(expr, depth)
				}
				return []string{s}
			}
		}
		if obj := a.objectOf(d.expr, depth+1); obj != nil {
			if val := a.propertyPath(obj, d.key, depth+1); val != nil {
				return a.sources(val, depth+1, mark)
			}
		}
	case *js.TemplateExpr:
		if e.Tag != nil {
			return nil
		}
		var out []string
		for _, p := range e.List {
			out = codeflow.Union(out, a.sources(p.Expr, depth+1, mark)...)
		}
		return out
	case *js.BinaryExpr:
		switch e.Op {
		case js.AddToken, js.OrToken, js.NullishToken:
			return codeflow.Union(a.sources(e.X, depth+1, mark), a.sources(e.Y, depth+1, mark)...)
		case js.AndToken:
			return a.sources(e.Y, depth+1, mark)
		}
	case *js.CondExpr:
		return codeflow.Union(a.sources(e.X, depth+1, mark), a.sources(e.Y, depth+1, mark)...)
	case *js.GroupExpr:
		return a.sources(e.X, depth+1, mark)
	case *js.UnaryExpr:
		if e.Op == js.AwaitToken {
			return a.sources(e.X, depth+1, mark)
		}
	case *js.CallExpr:
		switch x := e.X.(type) {
		case *js.DotExpr:
			if l, ok := x.Y.(js.LiteralExpr); ok && stringKeepers[string(l.Data)] {
				return a.sources(x.X, depth+1, mark)
			}
		case *js.Var:
			if n := string(x.Name()); n == "String" && len(e.Args.List) > 0 {
				return a.sources(e.Args.List[0].Value, depth+1, mark)
			}
			if f, ok := a.funcs[canon(x)]; ok && f.body != nil {
				// A helper of the module's own (getToken()): what it
				// returns.
				var out []string
				for _, r := range returnValues(f.body.List, 0) {
					out = codeflow.Union(out, a.sources(r, depth+1, mark)...)
				}
				return out
			}
		}
	case *js.DotExpr:
		if l, ok := e.Y.(js.LiteralExpr); ok {
			if obj := a.objectOf(e.X, depth+1); obj != nil {
				if val := a.property(obj, string(l.Data), depth+1); val != nil {
					return a.sources(val, depth+1, mark)
				}
			}
		}
	}
	return nil
}

// markResolved marks the definitions an expression that resolved to a
// source went through (const { TOKEN } = process.env; const env =
// process.env).
func (a *analyzer) markResolved(expr js.IExpr, depth int) {
	for i := 0; i < maxResolveDepth; i++ {
		switch e := expr.(type) {
		case *js.Var:
			d, ok := a.defs[canon(e)]
			if !ok {
				return
			}
			a.markConsumed(d.expr)
			expr = d.expr
		case *js.DotExpr:
			expr = e.X
		case *js.IndexExpr:
			expr = e.X
		case *js.GroupExpr:
			expr = e.X
		default:
			return
		}
	}
}

// propertyPath follows keys into nested object literals.
func (a *analyzer) propertyPath(obj *js.ObjectExpr, keys []string, depth int) js.IExpr {
	var val js.IExpr
	for i, k := range keys {
		val = a.property(obj, k, depth)
		if val == nil || i == len(keys)-1 {
			return val
		}
		if obj = a.objectOf(val, depth+1); obj == nil {
			return nil
		}
	}
	return val
}

// isLocalSpec reports a module specifier that names a file of the
// repository.
func isLocalSpec(s string) bool {
	return strings.HasPrefix(s, "./") || strings.HasPrefix(s, "../") || strings.HasPrefix(s, "/")
}

// importOf returns the Import for a local specifier, adding it.
func (a *analyzer) importOf(spec string, line int) *Import {
	m := a.prog.module
	if i, ok := a.prog.importAt[spec]; ok {
		if m.Imports[i].Line == 0 {
			m.Imports[i].Line = line
		}
		return &m.Imports[i]
	}
	a.prog.importAt[spec] = len(m.Imports)
	m.Imports = append(m.Imports, Import{Line: line, Spec: spec, Calls: map[string][][]string{}})
	return &m.Imports[len(m.Imports)-1]
}

// Require is a module a script loads with require() or import().
type Require struct {
	Line int
	// Spec is the module as written; parts that are not constants are
	// written ${expr}, a workflow expression as written (${{ ... }}).
	Spec string
	// Members are the names the script uses of what it loads, when it
	// binds the module to a name (`const bot = require(...)`) and uses
	// that name only as bot.NAME: then only those exports run. Nil when
	// the script may use any of it.
	Members []string
}

// Requires lists the modules an actions/github-script script loads, in
// order. A script that does not parse lists what its parsable part
// loads.
func Requires(code string) []Require {
	if len(code) > MaxScriptSize {
		return nil
	}
	var out []Require
	_ = parseRetrying(maskExpressions(code), js.Options{Inline: true}, func(ast *js.AST, buf []byte) {
		a := newAnalyzer(buf, code)
		js.Walk(visitor(a.collectDefs), ast)
		js.Walk(ordered(func(n js.INode) {
			call, ok := n.(*js.CallExpr)
			if !ok {
				return
			}
			if v, ok := call.X.(*js.Var); ok {
				a.locatePlainCall(call, string(v.Name()))
			}
			switch calleeName(call.X) {
			case "require", "import":
				if len(call.Args.List) > 0 {
					a.resetBudget()
					out = append(out, Require{Line: a.callLine(call), Spec: a.templateText(call.Args.List[0].Value, "${", "}"),
						Members: memberUses(ast, boundTo(ast, call))})
				}
			}
		}), ast)
	})
	return out
}

// boundTo returns the name a declaration binds call's result to
// (`const bot = require(...)`, `const bot = await import(...)`), or nil.
func boundTo(ast *js.AST, call *js.CallExpr) *js.Var {
	var found *js.Var
	js.Walk(visitor(func(n js.INode) {
		d, ok := n.(*js.VarDecl)
		if !ok || found != nil {
			return
		}
		for _, b := range d.List {
			v, ok := b.Binding.(*js.Var)
			if !ok {
				continue
			}
			x := b.Default
			if u, ok := x.(*js.UnaryExpr); ok && u.Op == js.AwaitToken {
				x = u.X
			}
			if x == js.IExpr(call) {
				found = canon(v)
			}
		}
	}), ast)
	return found
}

// memberUses lists the members used of v when every use of v is a
// member access by name (v.NAME); nil when v is nil or used otherwise.
func memberUses(ast *js.AST, v *js.Var) []string {
	if v == nil {
		return nil
	}
	var names []string
	refs, members := 0, 0
	js.Walk(visitor(func(n js.INode) {
		switch n := n.(type) {
		case *js.Var:
			if canon(n) == v {
				refs++
			}
		case *js.DotExpr:
			x, ok := n.X.(*js.Var)
			if !ok || canon(x) != v {
				return
			}
			l, ok := n.Y.(js.LiteralExpr)
			if !ok {
				return
			}
			members++
			if name := string(l.Data); !slices.Contains(names, name) {
				names = append(names, name)
			}
		}
	}), ast)
	// Each member access visits v once more; the declaration once.
	if members == 0 || refs != members+1 {
		return nil
	}
	slices.Sort(names)
	return names
}
