package jsops

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/tdewolff/parse/v2/js"
)

// An action's own JavaScript (or TypeScript compiled to it) is read as a
// module: the clients it makes are not handed to it by name, so a call
// counts by its shape, whatever object it is made on: `X.rest.NS.M(`,
// `X.NS.M(` when NS.M is an Octokit method, `X.request(route)`,
// `X.graphql(query)` and `X.paginate(...)`. A call through a client the
// module makes in view (`getOctokit(token)`, `new Octokit({auth})`) says
// which input or variable its token comes from.

// MaxModuleSize is the largest module AnalyzeModule reads, in bytes (an
// action's bundled dist/index.js is often a few MiB).
const MaxModuleSize = 8 << 20

// KindExec is a call that runs git or gh (exec.exec('git', [...]),
// execSync('gh pr create ...')): Route holds the command line as far as it
// is constant.
const KindExec = "exec"

// ModuleOptions configure AnalyzeModule.
type ModuleOptions struct {
	// IsMethod reports whether ns.method is an Octokit REST method, for
	// calls written without `.rest` (`octokit.issues.create(`).
	IsMethod func(ns, method string) bool
	// Uses are the exports the module's importers use; the functions
	// none of them reaches are not read (ProgramOptions.Uses). Nil reads
	// them all.
	Uses []string
}

// Token says where the token of a client comes from.
type Token struct {
	// Inputs are the action inputs (lower case) it is read from:
	// core.getInput('x'), process.env.INPUT_X.
	Inputs []string
	// Env are other environment variables it is read from
	// (process.env.GITHUB_TOKEN).
	Env []string
	// Traced is true when every part of the value was followed to an
	// input, a variable or a literal.
	Traced bool
}

// Client is a client a module makes.
type Client struct {
	Line int
	// Text is how, e.g. "github.getOctokit(token)".
	Text  string
	Token Token
}

// Module is what AnalyzeModule finds.
type Module struct {
	Calls   []Call
	Clients []Client
}

// AnalyzeModule parses one JavaScript module of an action and returns its
// GitHub API calls, the git and gh commands it runs, and the clients it
// makes. When the module does not parse, the error is a *SyntaxError and
// what was found with the offending lines blanked is still returned.
func AnalyzeModule(code string, opts ModuleOptions) (Module, error) {
	if len(code) > MaxModuleSize {
		return Module{}, fmt.Errorf("javascript: module is %d bytes, over the %d-byte limit", len(code), MaxModuleSize)
	}
	var mod Module
	err := parseRetrying([]byte(code), js.Options{}, func(ast *js.AST, buf []byte) {
		a := newAnalyzer(buf, code)
		a.mod = &opts
		if opts.Uses != nil {
			a.pruneUnused(ast, opts.Uses)
		}
		a.run(ast)
		js.Walk(visitor(a.collectClient), ast)
		sort.SliceStable(a.clients, func(i, j int) bool { return a.clients[i].Line < a.clients[j].Line })
		mod = Module{Calls: a.calls, Clients: a.clients}
	})
	return mod, err
}

// isThis reports whether e is `this`.
func isThis(e js.IExpr) bool {
	switch l := e.(type) {
	case *js.LiteralExpr:
		return l.TokenType == js.ThisToken
	case js.LiteralExpr:
		return l.TokenType == js.ThisToken
	}
	return false
}

// octokitPath reduces the member path below any object to an Octokit
// call's path when it has one's shape ([rest ns m], [request], [graphql],
// [paginate], [ns m] of a known method), else nil.
func (a *analyzer) octokitPath(p []string) []string {
	for i, seg := range p {
		if seg == "rest" && len(p)-i-1 == 2 {
			return p[i:]
		}
	}
	n := len(p)
	switch {
	case n == 0:
		return nil
	case p[n-1] == "request" || p[n-1] == "graphql" || p[n-1] == "paginate":
		return p[n-1:]
	case n >= 2 && (p[n-2] == "graphql" || p[n-2] == "paginate") && (p[n-1] == "paginate" || p[n-1] == "iterator"):
		return p[n-2:]
	case n >= 2 && a.mod.IsMethod != nil && a.mod.IsMethod(p[n-2], p[n-1]):
		return p[n-2:]
	}
	return nil
}

// receiverCall reads a call on any object of a module by its shape.
func (a *analyzer) receiverCall(call *js.CallExpr, r ref) {
	if r.dynamic {
		return // obj[name](...) on an object that is not a client
	}
	p := a.octokitPath(r.path)
	if p == nil {
		a.execCall(call)
		return
	}
	r.kind, r.path = refClient, p
	a.clientCall(call, r)
}

// execNames are the functions that run a program.
var execNames = map[string]bool{
	"exec": true, "execSync": true, "getExecOutput": true, "spawn": true, "spawnSync": true,
	"execFile": true, "execFileSync": true, "execa": true, "execaSync": true,
}

// execCall records a call that runs git or gh.
func (a *analyzer) execCall(call *js.CallExpr) {
	if !execNames[calleeName(call.X)] {
		return
	}
	cmd := a.stringValue(arg(call, 0), 0, func(e js.IExpr) string { return "{" + a.render(e) + "}" })
	if cmd == "\x00" {
		return
	}
	word, _, _ := strings.Cut(strings.TrimSpace(cmd), " ")
	if word != "git" && word != "gh" {
		return
	}
	if args, ok := arg(call, 1).(*js.ArrayExpr); ok {
		for _, el := range args.List {
			cmd += " " + a.templateText(el.Value, "{", "}")
		}
	}
	a.add(call, Call{Kind: KindExec, Route: truncate(cmd, 2*maxEvidence), Evidence: a.render(indirectCallee(call.X)) + "(" + truncate(cmd, maxEvidence) + ")"})
}

// collectClient records a client the module makes.
func (a *analyzer) collectClient(n js.INode) {
	a.resetBudget()
	var c Client
	switch e := n.(type) {
	case *js.CallExpr:
		if calleeName(e.X) != "getOctokit" {
			return
		}
		c.Text = a.clientText(e.X, arg(e, 0))
		c.Token = *a.traceToken(arg(e, 0))
		c.Line = a.line(max(0, a.firstOffset(e, 0)))
	case *js.NewExpr:
		switch calleeName(e.X) {
		case "Octokit", "GitHub":
		default:
			return
		}
		var first js.IExpr
		if e.Args != nil && len(e.Args.List) > 0 {
			first = e.Args.List[0].Value
		}
		c.Text = "new " + a.clientText(e.X, first)
		c.Token = *a.traceToken(a.authOf(first))
		off := a.firstOffset(e.X, 0)
		if off < 0 && first != nil {
			off = a.firstOffset(first, 0)
		}
		c.Line = a.line(max(0, off))
	default:
		return
	}
	a.clients = append(a.clients, c)
}

// authOf is the token expression of a client's options: the auth property
// of an object, or the argument itself (new GitHub(token)).
func (a *analyzer) authOf(first js.IExpr) js.IExpr {
	if first == nil {
		return nil
	}
	if obj := a.objectOf(first, 0); obj != nil {
		return a.property(obj, "auth", 0)
	}
	return first
}

// traceToken follows a token expression to the inputs and variables it is
// read from.
func (a *analyzer) traceToken(expr js.IExpr) *Token {
	t := &Token{Traced: true}
	if expr == nil {
		t.Traced = false
		return t
	}
	a.trace(expr, 0, t)
	sort.Strings(t.Inputs)
	sort.Strings(t.Env)
	return t
}

func (a *analyzer) trace(expr js.IExpr, depth int, t *Token) {
	if expr == nil || depth > maxResolveDepth || !a.spend() {
		t.Traced = false
		return
	}
	switch e := expr.(type) {
	case *js.Var:
		d, ok := a.defs[canon(e)]
		if !ok {
			t.Traced = false // a parameter or an import
			return
		}
		a.traceMember(d.expr, d.key, depth+1, t)
	case *js.CallExpr:
		switch calleeName(e.X) {
		case "getInput", "getMultilineInput":
			if s, ok := a.constString(arg(e, 0), depth+1); ok {
				t.Inputs = appendNew(t.Inputs, strings.ToLower(strings.TrimSpace(s)))
				return
			}
		case "trim", "toString":
			if d, ok := e.X.(*js.DotExpr); ok {
				a.trace(d.X, depth+1, t)
				return
			}
		}
		if v, ok := e.X.(*js.Var); ok {
			if r := a.funcs[canon(v)].returned(); r != nil {
				a.trace(r, depth+1, t)
				return
			}
		}
		t.Traced = false
	case *js.DotExpr, *js.IndexExpr:
		if name, ok := a.envName(e); ok {
			if in, isInput := strings.CutPrefix(strings.ToUpper(name), "INPUT_"); isInput {
				t.Inputs = appendNew(t.Inputs, strings.ToLower(in))
			} else {
				t.Env = appendNew(t.Env, name)
			}
			return
		}
		x, key := memberKey(e)
		if x == nil {
			t.Traced = false
			return
		}
		a.traceMember(x, []string{key}, depth+1, t)
	case *js.ObjectExpr:
		a.trace(a.property(e, "auth", 0), depth+1, t)
	case *js.BinaryExpr:
		switch e.Op {
		case js.OrToken, js.NullishToken, js.AddToken:
			a.trace(e.X, depth+1, t)
			a.trace(e.Y, depth+1, t)
		default:
			t.Traced = false
		}
	case *js.CondExpr:
		a.trace(e.X, depth+1, t)
		a.trace(e.Y, depth+1, t)
	case *js.TemplateExpr:
		for _, p := range e.List {
			a.trace(p.Expr, depth+1, t)
		}
	case *js.GroupExpr:
		a.trace(e.X, depth+1, t)
	case *js.UnaryExpr:
		if e.Op != js.AwaitToken {
			t.Traced = false
			return
		}
		a.trace(e.X, depth+1, t)
	case *js.LiteralExpr:
		// A literal adds no credential.
	default:
		t.Traced = false
	}
}

// traceMember traces expr.key[0].key[1]..., looking into object literals.
func (a *analyzer) traceMember(expr js.IExpr, key []string, depth int, t *Token) {
	if len(key) == 0 {
		a.trace(expr, depth, t)
		return
	}
	if v, ok := expr.(*js.Var); ok {
		if d, found := a.defs[canon(v)]; found && depth <= maxResolveDepth {
			a.traceMember(d.expr, append(append([]string(nil), d.key...), key...), depth+1, t)
			return
		}
	}
	obj := a.objectOf(expr, depth)
	if obj == nil {
		if v, ok := expr.(*js.CallExpr); ok {
			if fv, isVar := v.X.(*js.Var); isVar {
				if r := a.funcs[canon(fv)].returned(); r != nil {
					a.traceMember(r, key, depth+1, t)
					return
				}
			}
		}
		t.Traced = false
		return
	}
	v := a.property(obj, key[0], depth)
	if v == nil {
		t.Traced = false
		return
	}
	a.traceMember(v, key[1:], depth+1, t)
}

// memberKey splits obj.key and obj['key'] into obj and key.
func memberKey(e js.IExpr) (js.IExpr, string) {
	switch m := e.(type) {
	case *js.DotExpr:
		if l, ok := m.Y.(js.LiteralExpr); ok {
			return m.X, string(l.Data)
		}
	case *js.IndexExpr:
		if l, ok := m.Y.(*js.LiteralExpr); ok && l.TokenType == js.StringToken {
			s := string(l.Data)
			return m.X, strings.Trim(s, "'\"`")
		}
	}
	return nil, ""
}

// envName is NAME of process.env.NAME or process.env['NAME'].
func (a *analyzer) envName(e js.IExpr) (string, bool) {
	x, key := memberKey(e)
	if x == nil || key == "" {
		return "", false
	}
	if d, ok := x.(*js.DotExpr); ok && a.renderDepth(d, 0) == "process.env" {
		return key, true
	}
	return "", false
}

func appendNew(list []string, s string) []string {
	if s == "" || slices.Contains(list, s) {
		return list
	}
	return append(list, s)
}
