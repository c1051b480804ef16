package jsops

import (
	"slices"
	"strings"

	"github.com/pat2app/pat2app/scanner/codeflow"
	"github.com/pat2app/pat2app/scanner/gqlops"
	"github.com/tdewolff/parse/v2/js"
)

// A program often gets its Octokit client from code out of view: a
// factory of a package (createOctoKit() of a jsr: or npm: module), a
// function of another local module, a field or a parameter. A call on such
// an object still counts when its shape is an Octokit call's and what it
// sends says it is GitHub's: X.request("POST /repos/..."),
// X.rest.ns.method(...), X.graphql(`query {...}`), X.paginate("GET /...").
// The credential it sends is what the factory is handed, or else the
// GitHub token variables of the environment (SourceMade), which such
// factories read.

// madeClient is a client made out of view.
type madeClient struct {
	// text says how it was made, for evidence.
	text string
	auth []string
}

// memberPath splits a callee into its root object and the names of the
// member reads below it; ok is false when a member is computed or there
// is none.
func memberPath(x js.IExpr) (root js.IExpr, path []string, ok bool) {
	for i := 0; i < maxResolveDepth; i++ {
		switch e := x.(type) {
		case *js.DotExpr:
			l, isLit := e.Y.(js.LiteralExpr)
			if !isLit {
				return nil, nil, false
			}
			path = append([]string{string(l.Data)}, path...)
			x = e.X
		case *js.GroupExpr:
			x = e.X
		default:
			return x, path, len(path) > 0
		}
	}
	return nil, nil, false
}

// octokitShape reduces a member path to an Octokit call's ([rest ns m],
// [request], [graphql], [paginate], [paginate iterator]), nil when it has
// none.
func octokitShape(p []string) []string {
	n := len(p)
	for i, seg := range p {
		if seg == "rest" && n-i-1 == 2 {
			return p[i:]
		}
	}
	switch {
	case n == 0:
		return nil
	case n >= 2 && (p[n-2] == "graphql" || p[n-2] == "paginate") && (p[n-1] == "paginate" || p[n-1] == "iterator"):
		return p[n-2:]
	case p[n-1] == "request" || p[n-1] == "graphql" || p[n-1] == "paginate":
		return p[n-1:]
	}
	return nil
}

// isAPIRouteText reports text that names a GitHub API request.
func isAPIRouteText(s string) bool { return codeflow.IsAPIRoute(s) }

// isRoute reports an expression whose text is a GitHub API route.
func (a *analyzer) isRoute(expr js.IExpr) bool {
	if expr == nil {
		return false
	}
	s := a.stringValue(expr, 0, func(js.IExpr) string { return "{x}" })
	return s != "\x00" && isAPIRouteText(s)
}

// isGraphQLDocument reports an expression whose text is a GraphQL
// document with at least one operation.
func (a *analyzer) isGraphQLDocument(expr js.IExpr) bool {
	if obj := a.objectOf(expr, 0); obj != nil {
		expr = a.property(obj, "query", 0)
	}
	if expr == nil {
		return false
	}
	s := a.stringValue(expr, 0, func(js.IExpr) string { return "x" })
	if s == "\x00" || !strings.Contains(s, "{") {
		return false
	}
	ops, err := gqlops.Parse(s)
	return err == nil && len(ops) > 0
}

// madeClientCall reads a call on an object of unknown origin that has an
// Octokit call's shape and sends a GitHub request; it reports whether it
// did.
func (a *analyzer) madeClientCall(call *js.CallExpr) bool {
	_, path, ok := memberPath(call.X)
	if !ok {
		return false
	}
	shape := octokitShape(path)
	if shape == nil {
		return false
	}
	first := arg(call, 0)
	switch shape[0] {
	case "rest":
	case "request":
		if !a.isRoute(first) {
			return false
		}
	case "graphql":
		if !a.isGraphQLDocument(first) {
			return false
		}
	case "paginate":
		_, p, isMember := memberPath(first)
		if !a.isRoute(first) && (!isMember || octokitShape(p) == nil || octokitShape(p)[0] != "rest") {
			return false
		}
	}
	obj := call.X
	for range shape {
		obj = unwrapGroup(obj).(*js.DotExpr).X
	}
	m := a.madeOf(obj)
	a.made = &m
	defer func() { a.made = nil }()
	r := ref{kind: refClient, path: shape}
	if shape[0] == "paginate" {
		a.madePaginate(call)
		return true
	}
	a.clientCall(call, r)
	return true
}

// madePaginate reads paginate(route or rest method, params) on a client
// made out of view.
func (a *analyzer) madePaginate(call *js.CallExpr) {
	first := arg(call, 0)
	if _, p, ok := memberPath(first); ok {
		if s := octokitShape(p); s != nil && s[0] == "rest" {
			c := Call{Kind: KindREST, Namespace: s[1], Method: s[2], Paginate: true,
				Evidence: a.render(call.X) + "(" + a.render(first) + ")"}
			a.targetFromParams(&c, arg(call, 1))
			a.add(call, c)
			return
		}
	}
	a.requestCall(call, first, arg(call, 1), true)
}

// unwrapGroup drops parentheses around an expression.
func unwrapGroup(x js.IExpr) js.IExpr {
	for i := 0; i < maxResolveDepth; i++ {
		g, ok := x.(*js.GroupExpr)
		if !ok {
			return x
		}
		x = g.X
	}
	return x
}

// madeOf says how the object a call is made on was made and what
// credential it sends: the sources of its factory's arguments, what a
// parameter holds, or else SourceMade.
func (a *analyzer) madeOf(obj js.IExpr) madeClient {
	m := madeClient{text: truncate(a.render(obj), maxEvidence)}
	if maker := a.makerOf(obj); maker != nil {
		m.text = truncate(a.render(maker), maxEvidence)
		var callee js.IExpr
		var args []js.Arg
		switch mk := maker.(type) {
		case *js.CallExpr:
			callee, args = mk.X, mk.Args.List
		case *js.NewExpr:
			callee = mk.X
			if mk.Args != nil {
				args = mk.Args.List
			}
		}
		for _, ar := range args {
			a.markConsumed(ar.Value)
			if o := a.objectOf(ar.Value, 0); o != nil {
				m.auth = codeflow.Union(m.auth, a.objectSources(o, 0)...)
			} else {
				m.auth = codeflow.Union(m.auth, a.sources(ar.Value, 0, true)...)
			}
		}
		if r := a.resolve(callee, 0); r.kind == refModule {
			m.text += " of " + r.module
		}
	} else {
		if r := a.resolve(obj, 0); r.kind == refModule {
			m.text += " of " + r.module
		}
		if a.prog != nil {
			m.auth = a.sources(obj, 0, false)
		}
	}
	if len(m.auth) == 0 {
		m.auth = []string{SourceMade}
	}
	return m
}

// makerOf follows an object to the call or new expression that made it,
// nil when it is not one.
func (a *analyzer) makerOf(x js.IExpr) js.IExpr {
	for i := 0; i < maxResolveDepth && x != nil; i++ {
		switch e := x.(type) {
		case *js.CallExpr:
			return e
		case *js.NewExpr:
			return e
		case *js.GroupExpr:
			x = e.X
		case *js.UnaryExpr:
			if e.Op != js.AwaitToken {
				return nil
			}
			x = e.X
		case *js.Var:
			d, ok := a.defs[canon(e)]
			if !ok || len(d.key) > 0 {
				return nil
			}
			x = d.expr
		default:
			return nil
		}
	}
	return nil
}

// factoryResult resolves a call of the script's own function to the
// client it returns (function octokit() { return new Octokit({auth}) }).
func (a *analyzer) factoryResult(e *js.CallExpr, depth int) (ref, bool) {
	v, ok := e.X.(*js.Var)
	if !ok {
		return ref{}, false
	}
	f, ok := a.funcs[canon(v)]
	if !ok || f.body == nil {
		return ref{}, false
	}
	for _, ret := range returnValues(f.body.List, 0) {
		if r := a.resolve(ret, depth+1); r.kind == refClient {
			return r, true
		}
	}
	return ref{}, false
}

// envGetterResult resolves a call of one of the script's functions that
// returns the environment variable its parameter names
// (`function requireEnv(name) { const v = Deno.env.get(name); ...; return v }`,
// `(n) => process.env[n]`) as that variable, when the call names it with a
// constant (`requireEnv("TELEGRAM_TOKEN")` reads $TELEGRAM_TOKEN).
func (a *analyzer) envGetterResult(e *js.CallExpr, depth int) (ref, bool) {
	v, ok := e.X.(*js.Var)
	if !ok {
		return ref{}, false
	}
	f, ok := a.funcs[canon(v)]
	if !ok {
		return ref{}, false
	}
	param := a.envGetterParam(f, depth)
	if param < 0 {
		return ref{}, false
	}
	name, ok := a.constString(arg(e, param), depth+1)
	if !ok {
		// A name known at run time only: any variable.
		return ref{kind: refProcess, path: []string{"env", "[" + a.render(arg(e, param)) + "]"}, dynamic: true}, true
	}
	return ref{kind: refProcess, path: []string{"env", name}}, true
}

// envGetterParam is the index of the parameter that names the environment
// variable f returns, when every value f returns is that variable
// (process.env[name], Deno.env.get(name)); -1 otherwise.
func (a *analyzer) envGetterParam(f function, depth int) int {
	if f.params == nil {
		return -1
	}
	var rets []js.IExpr
	if f.body != nil {
		rets = returnValues(f.body.List, 0)
	}
	param := -1
	for _, ret := range rets {
		r := a.resolve(ret, depth+1)
		if r.kind != refProcess || !r.dynamic || len(r.path) != 2 || r.path[0] != "env" {
			return -1
		}
		i := slices.IndexFunc(f.params.List, func(b js.BindingElement) bool {
			pv, ok := b.Binding.(*js.Var)
			return ok && "["+string(pv.Data)+"]" == r.path[1]
		})
		if i < 0 || param >= 0 && i != param {
			return -1
		}
		param = i
	}
	return param
}

// returnValues lists the values a function body returns, in its blocks,
// ifs and trys but not in nested functions.
func returnValues(list []js.IStmt, depth int) []js.IExpr {
	if depth > maxResolveDepth {
		return nil
	}
	var out []js.IExpr
	for _, st := range list {
		switch s := st.(type) {
		case *js.ReturnStmt:
			if s.Value != nil {
				out = append(out, s.Value)
			}
		case *js.BlockStmt:
			out = append(out, returnValues(s.List, depth+1)...)
		case *js.IfStmt:
			out = append(out, returnValues([]js.IStmt{s.Body, s.Else}, depth+1)...)
		case *js.TryStmt:
			if s.Body != nil {
				out = append(out, returnValues(s.Body.List, depth+1)...)
			}
		}
	}
	return out
}
