package goops

import (
	"go/ast"
	"go/token"
	"strconv"
	"strings"

	"github.com/pat2app/pat2app/knowledge"
	"github.com/pat2app/pat2app/scanner/codeflow"
)

// call reads one call of the package.
func (a *analyzer) call(c *ast.CallExpr, file string) {
	pkg, fn := a.callee(c)
	switch {
	case pkg == "net/http" && (fn == "NewRequest" || fn == "NewRequestWithContext"):
		a.httpRequest(c, fn == "NewRequestWithContext", file)
		return
	case pkg == "os/exec" && (fn == "Command" || fn == "CommandContext"):
		a.command(c, fn == "CommandContext", file)
		return
	}
	sel, ok := c.Fun.(*ast.SelectorExpr)
	if !ok {
		return
	}
	svc, ok := sel.X.(*ast.SelectorExpr)
	if !ok || !knowledge.IsGoGithubService(svc.Sel.Name) {
		return
	}
	auth, isClient := a.clientAuth(svc.X, 0)
	if !isClient {
		return
	}
	a.consumed[c] = true
	call := Call{File: file, Line: a.line(c), Host: "api.github.com", Auth: auth, Evidence: dotted(sel)}
	if len(auth) == 0 {
		return // an unauthenticated client
	}
	m, p, ok := knowledge.GoGithubMethod(svc.Sel.Name, sel.Sel.Name)
	if !ok {
		call.Unknown = "go-github method " + svc.Sel.Name + "." + sel.Sel.Name + " is not in the knowledge base"
		a.prog.Calls = append(a.prog.Calls, call)
		return
	}
	call.Method, call.Path = m, p
	if strings.HasPrefix(p, "/repos/{owner}/{repo}") && len(c.Args) >= 3 {
		owner, ok1 := constString(c.Args[1])
		repo, ok2 := constString(c.Args[2])
		if ok1 && ok2 {
			call.Repo = owner + "/" + repo
		}
	}
	a.prog.Calls = append(a.prog.Calls, call)
}

// clientAuth follows an expression to a go-github client and returns the
// sources of its credential; isClient is false when it is not one.
func (a *analyzer) clientAuth(e ast.Expr, depth int) ([]string, bool) {
	if e == nil || depth > maxDepth || !a.spend() {
		return nil, false
	}
	switch e := e.(type) {
	case *ast.Ident, *ast.SelectorExpr:
		d := dotted(e)
		vals := a.assigns[d]
		if sel, ok := e.(*ast.SelectorExpr); ok && len(vals) == 0 {
			vals = a.fields[sel.Sel.Name] // g.client of a struct made with {client: c}
		}
		if id, ok := e.(*ast.Ident); ok && len(vals) == 0 {
			// A parameter: what the function's calls pass.
			for _, pp := range a.params[id.Name] {
				for _, site := range a.callSites[pp.fn] {
					if pp.i < len(site.Args) {
						vals = append(vals, site.Args[pp.i])
					}
				}
			}
		}
		var auth []string
		found := false
		for _, v := range vals {
			if au, ok := a.clientAuth(v, depth+1); ok {
				auth, found = codeflow.Union(auth, au...), true
			}
		}
		if found {
			return auth, true
		}
	case *ast.ParenExpr:
		return a.clientAuth(e.X, depth+1)
	case *ast.UnaryExpr:
		return a.clientAuth(e.X, depth+1)
	case *ast.CallExpr:
		if id, ok := e.Fun.(*ast.Ident); ok {
			// A function of the package that returns a client.
			if fd, ok := a.funcs[id.Name]; ok && fd.Body != nil {
				var auth []string
				found := false
				ast.Inspect(fd.Body, func(n ast.Node) bool {
					if r, ok := n.(*ast.ReturnStmt); ok && len(r.Results) > 0 {
						if au, ok := a.clientAuth(r.Results[0], depth+1); ok {
							auth, found = codeflow.Union(auth, au...), true
						}
					}
					return true
				})
				if found {
					a.accounted[e] = true
					return auth, true
				}
			}
		}
		pkg, fn := a.callee(e)
		if strings.Contains(pkg, "go-github") {
			switch fn {
			case "NewTokenClient":
				if len(e.Args) >= 2 {
					a.consumed[e] = true
					return a.orUnknown(a.sources(e.Args[1], 0, true)), true
				}
			case "NewClient", "NewEnterpriseClient":
				a.consumed[e] = true
				if len(e.Args) == 0 {
					return nil, true
				}
				hc := e.Args[len(e.Args)-1]
				if id, ok := hc.(*ast.Ident); ok && id.Name == "nil" {
					return nil, true // unauthenticated
				}
				return a.orUnknown(a.sources(hc, 0, true)), true
			}
			return nil, false
		}
		if sel, ok := e.Fun.(*ast.SelectorExpr); ok && strings.HasPrefix(sel.Sel.Name, "With") {
			if inner, ok := a.clientAuth(sel.X, depth+1); ok {
				a.consumed[e] = true
				if sel.Sel.Name == "WithAuthToken" && len(e.Args) == 1 {
					return a.orUnknown(a.sources(e.Args[0], 0, true)), true
				}
				return inner, true // WithEnterpriseURLs and the like keep the client's
			}
		}
	}
	return nil, false
}

// orUnknown stands for a credential that is not visible when none is
// found: a client made with an http.Client of its own.
func (a *analyzer) orUnknown(srcs []string) []string {
	if len(srcs) == 0 {
		return []string{codeflow.SourceParam + "client"}
	}
	return srcs
}

// httpRequest reads http.NewRequest(method, url, body) and the headers
// set on the request it makes.
func (a *analyzer) httpRequest(c *ast.CallExpr, withCtx bool, file string) {
	a.consumed[c] = true
	args := c.Args
	if withCtx && len(args) > 0 {
		args = args[1:]
	}
	if len(args) < 2 {
		return
	}
	call := Call{File: file, Line: a.line(c), Evidence: "http.NewRequest"}
	method, ok := a.methodOf(args[0])
	if !ok {
		call.Unknown = "its method is chosen at run time"
	}
	for _, name := range a.assignedTo(c) {
		call.Auth = codeflow.Union(call.Auth, a.requestAuth(name, a.enclosing[c], 0)...)
	}
	text, ok := a.strText(args[1])
	if !ok {
		if len(call.Auth) > 0 {
			call.Unknown = codeflow.URLAtRunTime
			a.prog.Calls = append(a.prog.Calls, call)
		}
		return
	}
	host, path := codeflow.SplitURL(text)
	call.Host = host
	if host != "api.github.com" {
		if len(call.Auth) > 0 {
			a.prog.Calls = append(a.prog.Calls, call)
		}
		return
	}
	call.Method, call.Path = method, path
	call.Repo = codeflow.RepoOfPath(path)
	a.prog.Calls = append(a.prog.Calls, call)
}

// methodOf reads an HTTP method: a string or http.MethodX.
func (a *analyzer) methodOf(e ast.Expr) (string, bool) {
	if s, ok := constString(e); ok {
		return strings.ToUpper(s), true
	}
	if sel, ok := e.(*ast.SelectorExpr); ok && a.pkgOf(sel.X) == "net/http" && strings.HasPrefix(sel.Sel.Name, "Method") {
		return strings.ToUpper(strings.TrimPrefix(sel.Sel.Name, "Method")), true
	}
	return "", false
}

// assignedTo lists the names a value is assigned to.
func (a *analyzer) assignedTo(v ast.Expr) []string {
	var out []string
	for name, vals := range a.assigns {
		for _, x := range vals {
			if x == v {
				out = append(out, name)
			}
		}
	}
	return out
}

// requestAuth lists what the headers set on a request carry:
// req.Header.Set/Add(k, v), req.SetBasicAuth(u, p). A request made in a
// function is read there and in the package's functions it is passed to
// (under their parameter's name): another function's local of the same
// name is another request. A request made outside any function is read
// wherever its name is used.
func (a *analyzer) requestAuth(req string, fd *ast.FuncDecl, depth int) []string {
	var out []string
	visit := func(n ast.Node) bool {
		c, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		if fd != nil && depth < 3 {
			for _, next := range a.calleeDecls(c) {
				if next == fd {
					continue
				}
				for i, arg := range c.Args {
					if dotted(arg) == req {
						if p := paramName(next, i); p != "" {
							out = codeflow.Union(out, a.requestAuth(p, next, depth+1)...)
						}
					}
				}
			}
		}
		sel, ok := c.Fun.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		switch {
		case (sel.Sel.Name == "Set" || sel.Sel.Name == "Add") && dotted(sel.X) == req+".Header" && len(c.Args) == 2,
			sel.Sel.Name == "SetBasicAuth" && dotted(sel.X) == req:
			a.consumed[c] = true
			for _, arg := range c.Args {
				out = codeflow.Union(out, a.sources(arg, 0, true)...)
			}
		}
		return true
	}
	if fd != nil {
		if fd.Body != nil {
			ast.Inspect(fd.Body, visit)
		}
		return out
	}
	for _, f := range a.files {
		ast.Inspect(f, visit)
	}
	return out
}

// calleeDecls are the declarations a call may run: the package's
// function of that name, or for x.m(...) every method m of the package's
// types (the receiver's type is not followed).
func (a *analyzer) calleeDecls(c *ast.CallExpr) []*ast.FuncDecl {
	switch f := c.Fun.(type) {
	case *ast.Ident:
		if fd, ok := a.funcs[f.Name]; ok {
			return []*ast.FuncDecl{fd}
		}
	case *ast.SelectorExpr:
		if a.pkgOf(f.X) != "" {
			return nil // another package's function
		}
		var out []*ast.FuncDecl
		for _, fd := range a.decls {
			if fd.Recv != nil && fd.Name.Name == f.Sel.Name {
				out = append(out, fd)
			}
		}
		return out
	}
	return nil
}

// paramName is the name of a function's i-th parameter, "" when it has
// none.
func paramName(fd *ast.FuncDecl, i int) string {
	for _, fl := range fd.Type.Params.List {
		if len(fl.Names) == 0 {
			if i == 0 {
				return ""
			}
			i--
			continue
		}
		for _, id := range fl.Names {
			if i == 0 {
				return id.Name
			}
			i--
		}
	}
	return ""
}

// strText renders a string value: constants as they are, fmt.Sprintf's
// verbs and other parts as {value}, the runner's variables naming the API
// and the repository as their values.
func (a *analyzer) strText(e ast.Expr) (string, bool) {
	var b strings.Builder
	var add func(e ast.Expr, depth int) bool
	add = func(e ast.Expr, depth int) bool {
		if e == nil || depth > maxDepth {
			return false
		}
		if s, ok := constString(e); ok {
			b.WriteString(s)
			return true
		}
		switch e := e.(type) {
		case *ast.BinaryExpr:
			if e.Op == token.ADD {
				return add(e.X, depth+1) && add(e.Y, depth+1)
			}
		case *ast.ParenExpr:
			return add(e.X, depth+1)
		case *ast.Ident:
			if vals := a.localValues(e); len(vals) == 1 {
				save := b.Len()
				if add(vals[0], depth+1) {
					return true
				}
				s := b.String()[:save]
				b.Reset()
				b.WriteString(s)
			}
		case *ast.CallExpr:
			if pkg, fn := a.callee(e); pkg == "fmt" && fn == "Sprintf" && len(e.Args) > 0 {
				if f, ok := constString(e.Args[0]); ok {
					b.WriteString(a.sprintf(f, e.Args[1:]))
					return true
				}
			}
		}
		b.WriteString(a.hole(e))
		return true
	}
	add(e, 0)
	s := b.String()
	if strings.Trim(s, "{}") == "" || strings.HasPrefix(s, "{") && strings.Count(s, "{") == 1 && strings.HasSuffix(s, "}") {
		return "", false
	}
	return s, true
}

// localValues lists the values assigned to a name; when the name is
// assigned in the function it is used in, only those (another function's
// local of the same name is another variable).
func (a *analyzer) localValues(id *ast.Ident) []ast.Expr {
	vals := a.assigns[id.Name]
	fd := a.funcAt(id.Pos())
	if len(vals) < 2 || fd == nil {
		return vals
	}
	var local []ast.Expr
	for _, v := range vals {
		if v.Pos() >= fd.Pos() && v.End() <= fd.End() {
			local = append(local, v)
		}
	}
	if len(local) == 0 {
		return vals
	}
	return local
}

// funcAt is the function declaration a position is in, nil outside any.
func (a *analyzer) funcAt(pos token.Pos) *ast.FuncDecl {
	for _, fd := range a.decls {
		if pos >= fd.Pos() && pos < fd.End() {
			return fd
		}
	}
	return nil
}

// hole renders a part of a URL that is not a constant.
func (a *analyzer) hole(e ast.Expr) string {
	if part, ok := codeflow.RunnerURLPart(a.sources(e, 0, false)); ok {
		return part
	}
	return "{value}"
}

// sprintf fills a format's verbs with the arguments' text.
func (a *analyzer) sprintf(f string, args []ast.Expr) string {
	var b strings.Builder
	k := 0
	for i := 0; i < len(f); i++ {
		if f[i] != '%' || i+1 >= len(f) {
			b.WriteByte(f[i])
			continue
		}
		i++
		if f[i] == '%' {
			b.WriteByte('%')
			continue
		}
		for i < len(f) && strings.IndexByte("+-# 0123456789.", f[i]) >= 0 {
			i++
		}
		if k < len(args) {
			if s, ok := constString(args[k]); ok {
				b.WriteString(s)
			} else {
				b.WriteString(a.hole(args[k]))
			}
		} else {
			b.WriteString("{value}")
		}
		k++
	}
	return b.String()
}

// maxCallSites bounds the calls of a wrapper a command is read for.
const maxCallSites = 32

// command reads exec.Command(name, args...) and the cmd.Env it is given.
// In a wrapper (func run(name string, args ...string) { exec.Command(name,
// args...) }) it is read once per call of the wrapper, with its
// arguments, at the line of that call.
func (a *analyzer) command(c *ast.CallExpr, withCtx bool, file string) {
	a.consumed[c] = true
	args := c.Args
	if withCtx && len(args) > 0 {
		args = args[1:]
	}
	if len(args) == 0 {
		return
	}
	if fd := a.enclosing[c]; fd != nil {
		if sites := a.callSites[fd.Name.Name]; len(sites) > 0 && len(sites) <= maxCallSites && a.usesParams(fd, args) {
			for _, site := range sites {
				a.commandAt(c, a.substitute(fd, args, site), c.Ellipsis.IsValid() && !a.isVariadicParam(fd, args[len(args)-1]),
					a.fset.Position(site.Pos()).Filename, a.line(site))
			}
			return
		}
	}
	a.commandAt(c, args, c.Ellipsis.IsValid(), file, a.line(c))
}

// usesParams reports whether a command's words are the parameters of the
// function it is in.
func (a *analyzer) usesParams(fd *ast.FuncDecl, args []ast.Expr) bool {
	for _, arg := range args {
		if id, ok := arg.(*ast.Ident); ok && paramIndex(fd, id.Name) >= 0 {
			return true
		}
	}
	return false
}

// paramIndex is the position of a parameter, -1 when it is none.
func paramIndex(fd *ast.FuncDecl, name string) int {
	i := 0
	for _, fl := range fd.Type.Params.List {
		for _, id := range fl.Names {
			if id.Name == name {
				return i
			}
			i++
		}
		if len(fl.Names) == 0 {
			i++
		}
	}
	return -1
}

// isVariadicParam reports whether e is the function's ...T parameter.
func (a *analyzer) isVariadicParam(fd *ast.FuncDecl, e ast.Expr) bool {
	id, ok := e.(*ast.Ident)
	if !ok {
		return false
	}
	list := fd.Type.Params.List
	if len(list) == 0 {
		return false
	}
	last := list[len(list)-1]
	if _, ok := last.Type.(*ast.Ellipsis); !ok {
		return false
	}
	for _, n := range last.Names {
		if n.Name == id.Name {
			return true
		}
	}
	return false
}

// substitute puts a call site's arguments in place of the parameters a
// command's words are.
func (a *analyzer) substitute(fd *ast.FuncDecl, args []ast.Expr, site *ast.CallExpr) []ast.Expr {
	var out []ast.Expr
	for _, arg := range args {
		id, ok := arg.(*ast.Ident)
		if !ok {
			out = append(out, arg)
			continue
		}
		i := paramIndex(fd, id.Name)
		switch {
		case i < 0:
			out = append(out, arg)
		case a.isVariadicParam(fd, arg):
			if i < len(site.Args) {
				out = append(out, site.Args[i:]...)
			}
		case i < len(site.Args):
			out = append(out, site.Args[i])
		}
	}
	return out
}

// commandAt records a command with its words.
func (a *analyzer) commandAt(c *ast.CallExpr, args []ast.Expr, spread bool, file string, line int) {
	if len(args) == 0 {
		return
	}
	cmd := Command{File: file, Line: line, Inherit: true, Evidence: "exec.Command"}
	var words []string
	hole := func(e ast.Expr) string {
		a.holeN++
		return cmd.Hole("__go"+strconv.Itoa(a.holeN), a.sources(e, 0, true), "{"+dottedOr(e, "value")+"}")
	}
	for i, arg := range args {
		if s, ok := constString(arg); ok {
			words = append(words, codeflow.ShellQuote(s))
		} else {
			if i == 0 {
				cmd.Unknown = "the program is built at run time"
			}
			words = append(words, hole(arg))
		}
	}
	if spread {
		cmd.Unknown = "its arguments are built at run time"
	}
	cmd.Text = strings.Join(words, " ")
	for _, name := range a.assignedTo(c) {
		for _, env := range a.assigns[name+".Env"] {
			a.commandEnv(&cmd, env)
		}
	}
	a.prog.Commands = append(a.prog.Commands, cmd)
}

// commandEnv reads cmd.Env = append(os.Environ(), "NAME="+value, ...) or
// []string{...}.
func (a *analyzer) commandEnv(cmd *Command, env ast.Expr) {
	a.consumed[env] = true
	cmd.Inherit = false
	var entries []ast.Expr
	switch e := env.(type) {
	case *ast.CallExpr:
		if id, ok := e.Fun.(*ast.Ident); ok && id.Name == "append" && len(e.Args) > 0 {
			if a.sourceOf(e.Args[0]) == codeflow.SourceEnv+"*" {
				cmd.Inherit = true
			}
			entries = e.Args[1:]
		} else if a.sourceOf(e) == codeflow.SourceEnv+"*" {
			cmd.Inherit = true
		}
	case *ast.CompositeLit:
		entries = e.Elts
	default:
		cmd.Inherit = true
	}
	for _, en := range entries {
		name := ""
		var val ast.Expr
		if b, ok := en.(*ast.BinaryExpr); ok && b.Op == token.ADD {
			if s, ok := constString(b.X); ok && strings.HasSuffix(s, "=") {
				name, val = strings.TrimSuffix(s, "="), b.Y
			}
		}
		if call, ok := en.(*ast.CallExpr); ok {
			if pkg, fn := a.callee(call); pkg == "fmt" && fn == "Sprintf" && len(call.Args) == 2 {
				if f, ok := constString(call.Args[0]); ok && strings.HasSuffix(f, "=%s") {
					name, val = strings.TrimSuffix(f, "=%s"), call.Args[1]
				}
			}
		}
		if name == "" || val == nil {
			continue
		}
		if srcs := a.sources(val, 0, true); len(srcs) > 0 {
			if cmd.Env == nil {
				cmd.Env = map[string][]string{}
			}
			cmd.Env[name] = srcs
		}
	}
}

// isAssertion reports a test assertion package (testify's require and
// assert), whose checks that a value is set are not uses of it.
func isAssertion(pkg string) bool {
	return pkg == "github.com/stretchr/testify/require" || pkg == "github.com/stretchr/testify/assert"
}

// isConversion reports a conversion to a byte slice or a string.
func isConversion(fun ast.Expr) bool {
	switch f := fun.(type) {
	case *ast.ArrayType:
		return true
	case *ast.Ident:
		return f.Name == "string"
	}
	return false
}

// callName renders a callee: a.b.c, or x(…).m for a method of a call's
// result.
func callName(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.SelectorExpr:
		return callName(e.X) + "." + e.Sel.Name
	case *ast.CallExpr:
		return callName(e.Fun) + "(…)"
	case *ast.Ident:
		return e.Name
	case *ast.ParenExpr:
		return callName(e.X)
	}
	return "…"
}

func dottedOr(e ast.Expr, or string) string {
	if d := dotted(e); d != "" {
		return d
	}
	return or
}

// flows records the credentials the file reads that nothing accounts for.
func (a *analyzer) flows(f *ast.File, file string) {
	var stack []ast.Node
	ast.Inspect(f, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return false
		}
		stack = append(stack, n)
		a.budget = maxWork
		var srcs []string
		switch e := n.(type) {
		case *ast.Ident:
			if a.inDecl(stack) {
				return true
			}
			for _, s := range a.nameSources(e.Name, false) {
				if !strings.HasPrefix(s, codeflow.SourceParam) {
					srcs = append(srcs, s)
				}
			}
		case *ast.CallExpr, *ast.IndexExpr:
			if s := a.sourceOf(e.(ast.Expr)); s != "" {
				srcs = []string{s}
			}
		}
		if len(srcs) > 0 {
			a.judge(stack, srcs, file)
		}
		return true
	})
}

// inDecl reports whether the identifier on top is being declared or is a
// selector's field name.
func (a *analyzer) inDecl(stack []ast.Node) bool {
	if len(stack) < 2 {
		return true
	}
	n := stack[len(stack)-1]
	switch p := stack[len(stack)-2].(type) {
	case *ast.AssignStmt:
		for _, l := range p.Lhs {
			if l == n {
				return true
			}
		}
	case *ast.ValueSpec, *ast.Field, *ast.FuncDecl, *ast.KeyValueExpr:
		if kv, ok := p.(*ast.KeyValueExpr); ok {
			return kv.Key == n
		}
		if vs, ok := p.(*ast.ValueSpec); ok {
			for _, id := range vs.Names {
				if id == n {
					return true
				}
			}
			return false
		}
		return true
	case *ast.SelectorExpr:
		return p.Sel == n
	}
	return false
}

// judge decides whether the read on top of stack is accounted for.
func (a *analyzer) judge(stack []ast.Node, srcs []string, file string) {
	for _, n := range stack {
		if a.consumed[n] || a.accounted[n] {
			return
		}
	}
	i := len(stack) - 1
	for i > 0 {
		p, cur := stack[i-1], stack[i]
		switch p := p.(type) {
		case *ast.ParenExpr, *ast.StarExpr, *ast.UnaryExpr, *ast.CompositeLit, *ast.KeyValueExpr:
			i--
			continue
		case *ast.BinaryExpr:
			switch p.Op {
			case token.EQL, token.NEQ, token.LSS, token.GTR, token.LEQ, token.GEQ:
				return // a check
			case token.ADD, token.LAND, token.LOR:
				i--
				continue
			}
		case *ast.SelectorExpr:
			if p.X == cur {
				i--
				continue
			}
		case *ast.CallExpr:
			pkg, fn := a.callee(p)
			switch {
			case fn == "len", isAssertion(pkg):
				return // its length, or a test's assertion that it is set, is not a use
			case pkg == "fmt" && strings.HasPrefix(fn, "Sprint"), pkg == "strings", pkg == "cmp", strings.HasSuffix(pkg, "/oauth2"), fn == "string", isConversion(p.Fun):
				i--
				continue
			}
		case *ast.AssignStmt:
			return // the names it is assigned to are judged
		case *ast.ValueSpec, *ast.ReturnStmt, *ast.IfStmt:
			return
		}
		break
	}
	holder := stack[len(stack)-1]
	for j := i - 1; j >= 0; j-- {
		if c, ok := stack[j].(*ast.CallExpr); ok {
			holder = c
			break
		}
		if _, ok := stack[j].(ast.Stmt); ok {
			break
		}
	}
	ev := "…"
	if c, ok := holder.(*ast.CallExpr); ok {
		ev = callName(c.Fun) + "(…)"
	}
	a.prog.Flows = append(a.prog.Flows, Flow{File: file, Line: a.line(stack[len(stack)-1]), Sources: srcs, Evidence: ev})
}
