package jsops

import (
	"slices"
	"strings"

	"github.com/pat2app/pat2app/knowledge"
	"github.com/pat2app/pat2app/scanner/codeflow"
	"github.com/tdewolff/parse/v2/js"
)

// KindOther is a request to a host other than the GitHub API that carries
// a credential (Call.Host names it).
const KindOther = "other"

// requestFunction is an HTTP client function: where its URL, options and
// body are, and its method when its name fixes it.
type requestFunction struct {
	method  string
	urlArg  int // -1: the URL is the options' url
	optsArg int
}

// requestFunctions are the HTTP clients of Node.js scripts, by package
// and function ("" for the package's default export; fetch is global).
var requestFunctions = map[string]map[string]requestFunction{
	"":           {"fetch": {"", 0, 1}},
	"ofetch":     {"$fetch": {"", 0, 1}, "ofetch": {"", 0, 1}},
	"node-fetch": {"": {"", 0, 1}},
	"undici":     {"fetch": {"", 0, 1}, "request": {"", 0, 1}},
	"axios": {"": {"", 0, 1}, "request": {"", -1, 0},
		"get": {"GET", 0, 1}, "delete": {"DELETE", 0, 1}, "head": {"HEAD", 0, 1}, "options": {"OPTIONS", 0, 1},
		"post": {"POST", 0, 2}, "put": {"PUT", 0, 2}, "patch": {"PATCH", 0, 2}},
	"got": {"": {"", 0, 1}, "get": {"GET", 0, 1}, "post": {"POST", 0, 1}, "put": {"PUT", 0, 1},
		"patch": {"PATCH", 0, 1}, "delete": {"DELETE", 0, 1}, "head": {"HEAD", 0, 1}},
	"ky": {"": {"", 0, 1}, "get": {"GET", 0, 1}, "post": {"POST", 0, 1}, "put": {"PUT", 0, 1},
		"patch": {"PATCH", 0, 1}, "delete": {"DELETE", 0, 1}, "head": {"HEAD", 0, 1}},
}

// requestFunctionOf returns the HTTP client function a callee is.
func (a *analyzer) requestFunctionOf(callee js.IExpr) (requestFunction, bool) {
	if v, ok := callee.(*js.Var); ok && string(v.Name()) == "fetch" {
		if _, defined := a.defs[canon(v)]; !defined {
			if _, imported := a.prog.imports["fetch"]; !imported {
				return requestFunctions[""]["fetch"], true
			}
		}
	}
	r := a.resolve(callee, 0)
	if r.kind != refModule {
		return requestFunction{}, false
	}
	fns, ok := requestFunctions[r.module]
	if !ok {
		return requestFunction{}, false
	}
	name := ""
	if len(r.path) > 0 {
		name = r.path[len(r.path)-1]
	}
	f, ok := fns[name]
	return f, ok
}

// maxCallSites bounds the call sites a call that depends on its
// function's parameters is read for.
const maxCallSites = 32

// programWalker walks a module for the calls the github-script reading
// does not read, knowing the function each is in.
type programWalker struct {
	visit func(n js.INode, fn *js.Params)
	fns   []*js.Params
}

func (w *programWalker) Enter(n js.INode) js.IVisitor {
	switch f := n.(type) {
	case *js.FuncDecl:
		w.fns = append(w.fns, &f.Params)
	case *js.ArrowFunc:
		w.fns = append(w.fns, &f.Params)
	case *js.MethodDecl:
		w.fns = append(w.fns, &f.Params)
	}
	w.visit(n, w.current())
	return w
}

func (w *programWalker) Exit(n js.INode) {
	switch n.(type) {
	case *js.FuncDecl, *js.ArrowFunc, *js.MethodDecl:
		w.fns = w.fns[:len(w.fns)-1]
	}
}

func (w *programWalker) current() *js.Params {
	if len(w.fns) == 0 {
		return nil
	}
	return w.fns[len(w.fns)-1]
}

// expand reads a call that depends on the parameters of the function fn
// it is in once per call site of fn, with the parameters bound to the
// site's arguments: a wrapper such as `function git(...args) {
// execFileSync('git', args) }` then shows each git command it runs, at
// the line of the call that runs it. It reports false when fn has no
// such call sites (or too many), leaving the call as it was read.
func (a *analyzer) expand(fn *js.Params, read func()) bool {
	if fn == nil || a.prog.expanding >= 2 {
		return false
	}
	name, ok := a.prog.nameOf[fn]
	if !ok {
		return false
	}
	sites := a.prog.callsOf[name]
	if len(sites) == 0 || len(sites) > maxCallSites {
		return false
	}
	var vars []*js.Var
	for _, p := range fn.List {
		v, _ := p.Binding.(*js.Var)
		vars = append(vars, v)
	}
	rest, _ := fn.Rest.(*js.Var)
	a.prog.expanding++
	defer func() { a.prog.expanding-- }()
	for _, site := range sites {
		saved := map[*js.Var]def{}
		had := map[*js.Var]bool{}
		bindTo := func(v *js.Var, e js.IExpr) {
			v = canon(v)
			saved[v], had[v] = a.defs[v]
			a.defs[v] = def{expr: e}
		}
		for i, v := range vars {
			if v == nil {
				continue
			}
			if i < len(site.Args.List) && !site.Args.List[i].Rest {
				bindTo(v, site.Args.List[i].Value)
			}
		}
		if rest != nil {
			arr := &js.ArrayExpr{}
			for i := len(vars); i < len(site.Args.List); i++ {
				arr.List = append(arr.List, js.Element{Value: site.Args.List[i].Value, Spread: site.Args.List[i].Rest})
			}
			bindTo(rest, arr)
		}
		line := a.callLine(site)
		nc, nk := len(a.prog.module.Commands), len(a.calls)
		read()
		if outer := a.prog.siteFn[site]; outer != nil && outer != fn && a.dependsOnParams(nc, nk) && a.reread(outer, nc, nk, read) {
			// The site passes on parameters of the function it is in
			// (gitOrThrow(cwd, ...args) calling git(cwd, ...args)): it was
			// read again at each call site of that one, which names the
			// lines.
			nc, nk = len(a.prog.module.Commands), len(a.calls)
		}
		for i := nc; i < len(a.prog.module.Commands); i++ {
			a.prog.module.Commands[i].Line = line
		}
		for i := nk; i < len(a.calls); i++ {
			a.calls[i].Line = line
		}
		for v, d := range saved {
			if had[v] {
				a.defs[v] = d
			} else {
				delete(a.defs, v)
			}
		}
	}
	return true
}

// dependsOnParams reports whether what a call just read (from command
// and call index nc, nk on) is not known because of a parameter.
func (a *analyzer) dependsOnParams(nc, nk int) bool {
	for _, c := range a.prog.module.Commands[nc:] {
		if c.Unknown != "" {
			return true
		}
		for _, srcs := range c.Vars {
			for _, s := range srcs {
				if strings.HasPrefix(s, SourceParam) {
					return true
				}
			}
		}
	}
	for _, c := range a.calls[nk:] {
		if c.Kind == KindUnknown {
			return true
		}
		for _, s := range c.Auth {
			if strings.HasPrefix(s, SourceParam) {
				return true
			}
		}
	}
	return false
}

// readSink reads a call with read, again per call site of the function
// it is in when what it read depends on the function's parameters.
func (a *analyzer) readSink(fn *js.Params, read func()) {
	nc, nk := len(a.prog.module.Commands), len(a.calls)
	read()
	if !a.dependsOnParams(nc, nk) || a.reread(fn, nc, nk, read) {
		return
	}
	if name := a.prog.nameOf[fn]; name != nil && len(a.prog.callsOf[name]) == 0 {
		// No call in this module says what it runs: a module that
		// imports fn may (Command.Wrapper).
		for i := nc; i < len(a.prog.module.Commands); i++ {
			if a.prog.module.Commands[i].Unknown != "" {
				a.prog.module.Commands[i].Wrapper = string(name.Name())
			}
		}
	}
}

// reread replaces what a reading added from command and call index nc, nk
// on with the readings at each call site of fn (expand). When fn has none
// to read there, it keeps the first reading and reports false.
func (a *analyzer) reread(fn *js.Params, nc, nk int, read func()) bool {
	cmds := append([]Command(nil), a.prog.module.Commands[nc:]...)
	calls := append([]Call(nil), a.calls[nk:]...)
	a.prog.module.Commands = a.prog.module.Commands[:nc]
	a.calls = a.calls[:nk]
	if a.expand(fn, read) {
		return true
	}
	a.prog.module.Commands = append(a.prog.module.Commands, cmds...)
	a.calls = append(a.calls, calls...)
	return false
}

// visitProgramCall reads the calls a module makes that the github-script
// reading does not: programs run, HTTP clients, local modules. fn is the
// function the node is in.
func (a *analyzer) visitProgramCall(n js.INode, fn *js.Params) {
	switch e := n.(type) {
	case *js.TemplateExpr:
		if e.Tag == nil {
			return
		}
		a.resetBudget()
		if f, _, ok := a.processFunctionOf(e.Tag); ok && f.shape == shapeTemplate || isDollarTag(e.Tag) {
			a.readSink(fn, func() { a.resetBudget(); a.templateCall(e) })
		}
	case *js.NewExpr:
		a.resetBudget()
		a.readSink(fn, func() { a.resetBudget(); a.denoCommand(e) })
	case *js.CallExpr:
		a.resetBudget()
		if f, name, ok := a.processFunctionOf(e.X); ok {
			a.readSink(fn, func() { a.resetBudget(); a.processCall(e, f, name) })
			return
		}
		if f, ok := a.requestFunctionOf(e.X); ok {
			a.readSink(fn, func() { a.resetBudget(); a.httpCall(e, f) })
			return
		}
		if name, defaults, ok := a.octokitFunctionOf(e.X); ok {
			a.readSink(fn, func() { a.resetBudget(); a.octokitFunctionCall(e, name, defaults) })
			return
		}
		switch calleeName(e.X) {
		case "require", "import":
			if spec, ok := a.constString(arg(e, 0), 0); ok && isLocalSpec(spec) {
				a.importOf(spec, a.callLine(e))
			}
			return
		}
		if a.isDenoRun(e) {
			a.readSink(fn, func() { a.resetBudget(); a.denoCommand(e) })
			return
		}
		a.readSink(fn, func() { a.resetBudget(); a.wrapperCall(e) })
		a.resetBudget()
		a.workflowWrite(e)
		r := a.resolve(e.X, 0)
		if r.kind == refModule && isLocalSpec(r.module) && len(r.path) >= 1 {
			imp := a.importOf(r.module, 0)
			var args [][]string
			any := false
			for _, arg := range e.Args.List {
				srcs := a.sources(arg.Value, 0, false)
				args = append(args, srcs)
				if len(srcs) > 0 {
					any = true
					a.markAccounted(e) // the module's own reading judges it
				}
			}
			if any {
				name := r.path[len(r.path)-1]
				prev := imp.Calls[name]
				for i, s := range args {
					if i < len(prev) {
						prev[i] = codeflow.Union(prev[i], s...)
					} else {
						prev = append(prev, s)
					}
				}
				imp.Calls[name] = prev
			}
		}
	}
}

// httpCall reads a request made with an HTTP client: its URL, method,
// the credential its headers or auth option carry, and a GraphQL body.
func (a *analyzer) httpCall(call *js.CallExpr, f requestFunction) {
	a.markConsumed(call)
	var url, opts js.IExpr
	if f.urlArg >= 0 {
		url = arg(call, f.urlArg)
	}
	opts = arg(call, f.optsArg)
	if obj := a.objectOf(url, 0); obj != nil && f.urlArg == 0 {
		// axios(config), got(options): the options hold the URL.
		opts, url = url, nil
	}
	obj := a.objectOf(opts, 0)
	if url == nil && obj != nil {
		url = a.property(obj, "url", 0)
	}
	auth := a.requestAuth(obj)
	method := f.method
	if method == "" {
		method = "GET"
		if obj != nil {
			if m := a.property(obj, "method", 0); m != nil {
				s, ok := a.constString(m, 0)
				if !ok {
					if len(auth) > 0 {
						a.add(call, Call{Kind: KindUnknown, Auth: auth, Evidence: a.render(call.X) + "(" + a.render(url) + ") with method " + a.render(m)})
					}
					return
				}
				method = strings.ToUpper(s)
			}
		}
	}
	text, fromContext, ok := a.routeText(url)
	if !ok {
		if len(auth) > 0 {
			a.add(call, Call{Kind: KindUnknown, Auth: auth, Evidence: a.render(call.X) + "(" + a.render(url) + ") to a URL built at run time"})
		}
		return
	}
	path := apiPath(text)
	if rest, ok := strings.CutPrefix(text, "https://"+knowledge.RawContentHost); ok {
		// A file of a repository: what the contents API reads.
		if owner, repo, route, ok := knowledge.RawContentRoute(rest); ok && method == "GET" {
			if len(auth) > 0 {
				a.add(call, Call{Kind: KindRequest, Route: "GET " + route, Owner: owner, Repo: repo, Evidence: a.render(call.X), Auth: auth, Host: knowledge.RawContentHost})
			}
			return
		}
	}
	if !strings.HasPrefix(path, "/") {
		if len(auth) > 0 {
			a.add(call, Call{Kind: KindOther, Host: hostOfURL(text), Auth: auth, Evidence: a.render(call.X) + " " + truncate(text, maxEvidence)})
		}
		return
	}
	host := "api.github.com"
	if h := hostOfURL(text); h != "" && !strings.HasPrefix(text, "{") {
		host = h
	}
	if path == "/graphql" && method == "POST" && obj != nil {
		for _, field := range []string{"body", "json", "data"} {
			payload := a.objectOf(a.property(obj, field, 0), 0)
			if payload == nil {
				payload = a.jsonStringified(a.property(obj, field, 0))
			}
			if payload == nil {
				continue
			}
			before := len(a.calls)
			a.graphqlQuery(call, a.property(payload, "query", 0), a.property(payload, "variables", 0), a.render(call.X)+" "+text)
			for i := before; i < len(a.calls); i++ {
				a.calls[i].Auth, a.calls[i].Host = auth, host
			}
			return
		}
	}
	c := Call{Kind: KindRequest, Route: method + " " + path, ContextRepo: fromContext, Evidence: a.render(call.X), Auth: auth, Host: host}
	c.Owner, c.Repo = repoFromPath(path)
	a.add(call, c)
}

// requestAuth lists the credential sources a request's options carry: in
// its headers (any header: Authorization, a token header), or its auth,
// username, password or token options.
func (a *analyzer) requestAuth(obj *js.ObjectExpr) []string {
	if obj == nil {
		return nil
	}
	var out []string
	if h := a.property(obj, "headers", 0); h != nil {
		if hobj := a.objectOf(h, 0); hobj != nil {
			out = codeflow.Union(out, a.objectSources(hobj, 0)...)
		} else if nh, ok := h.(*js.NewExpr); ok && calleeName(nh.X) == "Headers" && nh.Args != nil && len(nh.Args.List) > 0 {
			if hobj := a.objectOf(nh.Args.List[0].Value, 0); hobj != nil {
				out = codeflow.Union(out, a.objectSources(hobj, 0)...)
			}
		} else {
			out = codeflow.Union(out, a.sources(h, 0, true)...)
		}
	}
	for _, k := range []string{"auth", "username", "password", "token"} {
		if v := a.property(obj, k, 0); v != nil {
			if o := a.objectOf(v, 0); o != nil {
				out = codeflow.Union(out, a.objectSources(o, 0)...)
			} else {
				out = codeflow.Union(out, a.sources(v, 0, true)...)
			}
		}
	}
	return out
}

// objectSources lists the sources of an object literal's values.
func (a *analyzer) objectSources(obj *js.ObjectExpr, depth int) []string {
	if depth > maxResolveDepth {
		return nil
	}
	var out []string
	for _, p := range obj.List {
		if p.Spread {
			if inner := a.objectOf(p.Value, depth+1); inner != nil {
				out = codeflow.Union(out, a.objectSources(inner, depth+1)...)
				continue
			}
		}
		out = codeflow.Union(out, a.sources(p.Value, 0, true)...)
	}
	return out
}

// hostOfURL is the host of an http(s) URL text, "" when it has none.
func hostOfURL(s string) string {
	rest, ok := strings.CutPrefix(s, "https://")
	if !ok {
		if rest, ok = strings.CutPrefix(s, "http://"); !ok {
			return ""
		}
	}
	if i := strings.IndexAny(rest, "/?#"); i >= 0 {
		rest = rest[:i]
	}
	if strings.ContainsAny(rest, "{}") {
		return ""
	}
	return strings.ToLower(rest)
}

// flowWalker finds the credentials a module reads that no recognised
// sink, existence check or followed function accounts for.
type flowWalker struct {
	a     *analyzer
	stack []js.INode
}

func (w *flowWalker) Enter(n js.INode) js.IVisitor {
	w.stack = append(w.stack, n)
	w.a.resetBudget()
	switch e := n.(type) {
	case *js.Var:
		if w.inBinding() {
			return w
		}
		if srcs := w.a.varSources(e); len(srcs) > 0 {
			if containsString(srcs, SourceEnv+"*") && w.memberOfParent() {
				return w // env.NAME: the member read is judged
			}
			w.judge(srcs)
		}
	case *js.DotExpr, *js.IndexExpr:
		if s := refSource(w.a.resolve(e.(js.IExpr), 0)); s != "" && s != SourceClient {
			if strings.HasPrefix(s, SourceEnv) && w.memberOfParent() {
				return w // process.env.NAME, process.env.NAME.trim: judged as a whole
			}
			w.judge([]string{s})
		}
	case *js.CallExpr:
		// requireEnv("X"): the variable the getter returns.
		if r, ok := w.a.envGetterResult(e, 0); ok {
			w.judge([]string{refSource(r)})
		}
	}
	return w
}

func (w *flowWalker) Exit(js.INode) { w.stack = w.stack[:len(w.stack)-1] }

// memberOfParent reports whether the node on top is the object of a
// member read (x in x.y or x[y]).
func (w *flowWalker) memberOfParent() bool {
	if len(w.stack) < 2 {
		return false
	}
	n := w.stack[len(w.stack)-1]
	switch p := w.stack[len(w.stack)-2].(type) {
	case *js.DotExpr:
		return p.X == n
	case *js.IndexExpr:
		return p.X == n
	}
	return false
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// varSources are the sources a variable's value carries (cached).
func (a *analyzer) varSources(v *js.Var) []string {
	v = canon(v)
	if s, ok := a.prog.varSources[v]; ok {
		return s
	}
	a.prog.varSources[v] = nil // cycles
	var s []string
	if ps, ok := a.prog.params[v]; ok {
		s = ps
	} else if _, ok := a.defs[v]; ok {
		s = a.sources(v, 0, false)
	}
	for i, x := range s {
		if x == SourceClient {
			s = append(s[:i:i], s[i+1:]...)
			break
		}
	}
	a.prog.varSources[v] = s
	return s
}

// inBinding reports whether the node on top is a name being declared.
func (w *flowWalker) inBinding() bool {
	if len(w.stack) < 2 {
		return false
	}
	n := w.stack[len(w.stack)-1]
	switch p := w.stack[len(w.stack)-2].(type) {
	case *js.BindingElement:
		return p.Binding == n
	case *js.FuncDecl, *js.Params, *js.ClassDecl, *js.BindingObjectItem, *js.BindingArray, *js.BindingObject:
		return true
	case *js.BinaryExpr:
		return p.Op == js.EqToken && p.X == n
	}
	return false
}

// judge decides whether the credential read on top of the stack is
// accounted for, and records a Flow when it is not.
func (w *flowWalker) judge(srcs []string) {
	a := w.a
	top := len(w.stack) - 1
	node := w.stack[top]
	for i := top; i >= 0; i-- {
		n := w.stack[i]
		if markable(n) && (a.prog.consumed[n] || a.prog.accounted[n]) {
			return
		}
	}
	// Climb through member reads and string methods on the value, then
	// decide by what holds it.
	i := top
	for i > 0 {
		switch p := w.stack[i-1].(type) {
		case *js.DotExpr:
			if p.X == w.stack[i] {
				i--
				continue
			}
		case *js.CallExpr:
			if p.X == w.stack[i] {
				i--
				continue
			}
		case *js.GroupExpr:
			i--
			continue
		case *js.TemplatePart:
			// Written into a string (`https://x:${token}@host`): what
			// holds the string decides.
			if i >= 2 {
				if t, ok := w.stack[i-2].(*js.TemplateExpr); ok && t.Tag == nil {
					i -= 2
					continue
				}
			}
		case *js.BinaryExpr:
			switch p.Op {
			case js.OrToken, js.NullishToken, js.AndToken, js.AddToken:
				i--
				continue
			}
		}
		break
	}
	if i == 0 {
		w.flow(node, srcs)
		return
	}
	cur := w.stack[i]
	switch p := w.stack[i-1].(type) {
	case *js.BindingElement:
		if p.Default == cur {
			return // a definition: the variable's uses are judged
		}
	case *js.BinaryExpr:
		switch p.Op {
		case js.EqToken:
			if p.Y == cur {
				return
			}
		case js.EqEqToken, js.EqEqEqToken, js.NotEqToken, js.NotEqEqToken, js.InstanceofToken, js.InToken:
			return // a comparison: an existence or value check
		}
	case *js.UnaryExpr:
		if p.Op == js.NotToken || p.Op == js.TypeofToken || p.Op == js.DeleteToken {
			return
		}
	case *js.IfStmt:
		if p.Cond == cur {
			return
		}
	case *js.WhileStmt:
		if p.Cond == cur {
			return
		}
	case *js.CondExpr:
		if p.Cond == cur {
			return
		}
	case *js.Arg:
		// An argument: stack holds the call, its Args, then this Arg.
		if i >= 3 {
			if call, ok := w.stack[i-3].(*js.CallExpr); ok && a.isAssertion(call.X) {
				return // assert(token, '...'): a check of the value
			}
		}
	case *js.ReturnStmt:
		if w.returnedToConsumers(i-1) || w.inEnvGetter(i-1) {
			return // a helper's value (getToken()): its calls' uses decide
		}
	case *js.Property:
		// { token: process.env.X } in an object: the object's use decides.
		if obj, ok := w.parentObject(i - 1); ok && markable(obj) && (a.prog.consumed[obj] || a.prog.accounted[obj]) {
			return
		}
	}
	w.flow(node, srcs)
}

// isAssertion reports a callee that is Node's assert module or one of its
// functions (const assert = require('assert'); assert(x), assert.ok(x),
// assert.strictEqual(x, y)): it tests values and sends them nowhere.
func (a *analyzer) isAssertion(callee js.IExpr) bool {
	for depth := 0; depth <= maxResolveDepth; depth++ {
		switch e := a.bound(callee).(type) {
		case *js.DotExpr:
			callee = e.X
		case *js.CallExpr:
			if calleeName(e.X) != "require" || len(e.Args.List) != 1 {
				return false
			}
			switch strings.TrimPrefix(a.stringValue(e.Args.List[0].Value, 0, nil), "node:") {
			case "assert", "assert/strict":
				return true
			}
			return false
		default:
			return false
		}
	}
	return false
}

// inEnvGetter reports whether the return statement at i is in a function
// that returns the environment variable its parameter names
// (requireEnv(name)): each call is resolved as the variable it names
// (envGetterResult), and the uses of its result decide.
// Only a getter every call of which names the variable with a constant:
// a name known at run time only reads any variable here.
func (w *flowWalker) inEnvGetter(i int) bool {
	for j := i - 1; j >= 0; j-- {
		var f function
		switch d := w.stack[j].(type) {
		case *js.FuncDecl:
			f = function{&d.Params, &d.Body}
		case *js.ArrowFunc:
			f = function{&d.Params, &d.Body}
		default:
			if _, method := d.(*js.MethodDecl); method {
				return false
			}
			continue
		}
		param := w.a.envGetterParam(f, 0)
		calls := w.a.prog.callsOf[w.a.prog.nameOf[f.params]]
		if param < 0 || len(calls) == 0 {
			return false
		}
		for _, c := range calls {
			if _, ok := w.a.constString(arg(c, param), 0); !ok {
				return false
			}
		}
		return true
	}
	return false
}

// returnedToConsumers reports whether the return statement at i is in one
// of the module's named functions every call of which a recognised sink
// reads (a getToken() helper whose result goes into a request's headers).
func (w *flowWalker) returnedToConsumers(i int) bool {
	for j := i - 1; j >= 0; j-- {
		var params *js.Params
		switch f := w.stack[j].(type) {
		case *js.FuncDecl:
			params = &f.Params
		case *js.ArrowFunc:
			params = &f.Params
		case *js.MethodDecl:
			return false
		default:
			continue
		}
		calls := w.a.prog.callsOf[w.a.prog.nameOf[params]]
		if len(calls) == 0 {
			return false
		}
		for _, c := range calls {
			if !w.a.prog.consumed[c] {
				return false
			}
		}
		return true
	}
	return false
}

// parentObject returns the object literal holding the property at i.
func (w *flowWalker) parentObject(i int) (js.INode, bool) {
	if i > 0 {
		if o, ok := w.stack[i-1].(*js.ObjectExpr); ok {
			return o, true
		}
	}
	return nil, false
}

// flow records a credential the reading cannot follow, at the line of the
// nearest enclosing node with a position.
func (w *flowWalker) flow(node js.INode, srcs []string) {
	a := w.a
	line, ev := 0, ""
	for i := len(w.stack) - 1; i >= 0 && line == 0; i-- {
		n := w.stack[i]
		if _, isVar := n.(*js.Var); isVar {
			continue
		}
		off := -1
		switch e := n.(type) {
		case js.IExpr:
			off = a.firstOffset(e, 0)
			if ev == "" {
				ev = a.render(e)
			}
		}
		if off >= 0 {
			line = a.line(off)
		}
	}
	if line == 0 {
		if v, ok := node.(*js.Var); ok {
			if off := a.offset(v.Data); off >= 0 {
				line = a.line(off) // where the variable is declared
			}
		}
	}
	if line == 0 {
		line = 1
	}
	ev = ""
	for i := len(w.stack) - 1; i >= 0 && ev == ""; i-- {
		if w.stack[i] == node {
			continue // requireEnv("X") itself: what it is handed to
		}
		switch e := w.stack[i].(type) {
		case *js.CallExpr:
			ev = a.render(e)
		case *js.NewExpr:
			ev = a.render(e)
		}
	}
	if e, ok := node.(js.IExpr); ok && ev == "" {
		ev = a.render(e)
	}
	for _, s := range srcs {
		if s == SourceClient {
			continue
		}
		a.prog.module.Flows = append(a.prog.module.Flows, Flow{Line: line, Sources: srcs, Evidence: ev})
		return
	}
}

// octokitFunctions are the Octokit packages whose function sends a request
// on its own, without a client: @octokit/request's request(route, params)
// and @octokit/graphql's graphql(query, params), the credential in the
// params' headers (or in those of the function's defaults()).
var octokitFunctions = map[string]string{"@octokit/request": "request", "@octokit/graphql": "graphql"}

// octokitFunctionOf returns which Octokit function callee is ("request",
// "graphql"), with the options of the defaults() call that made it when it
// was made so (`const req = request.defaults({ headers })`).
func (a *analyzer) octokitFunctionOf(callee js.IExpr) (name string, defaults js.IExpr, ok bool) {
	is := func(x js.IExpr, member string) (string, bool) {
		r := a.resolve(x, 0)
		if r.kind != refModule {
			return "", false
		}
		fn, known := octokitFunctions[r.module]
		want := []string{fn}
		if member != "" {
			want = append(want, member)
		}
		return fn, known && slices.Equal(r.path, want)
	}
	if fn, ok := is(callee, ""); ok {
		return fn, nil, true
	}
	made, isCall := a.bound(callee).(*js.CallExpr)
	if !isCall {
		return "", nil, false
	}
	if fn, ok := is(made.X, "defaults"); ok {
		return fn, arg(made, 0), true
	}
	return "", nil, false
}

// octokitFunctionCall reads a call of an Octokit function as the same call
// through a client, the credential being what its headers carry.
func (a *analyzer) octokitFunctionCall(call *js.CallExpr, name string, defaults js.IExpr) {
	a.markConsumed(call)
	before := len(a.calls)
	params := arg(call, 1)
	if name == "request" {
		a.requestCall(call, arg(call, 0), params, false)
	} else {
		a.graphqlCall(call)
		if obj := a.objectOf(arg(call, 0), 0); obj != nil {
			params = arg(call, 0) // graphql({ query, headers })
		}
	}
	auth := codeflow.Union(a.requestAuth(a.objectOf(params, 0)), a.requestAuth(a.objectOf(defaults, 0))...)
	for i := before; i < len(a.calls); i++ {
		a.calls[i].Auth = auth
	}
}
