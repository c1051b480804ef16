// Package goops reads the Go program a workflow step runs (go run, go
// test) and reports what it does with the credentials it reads: requests
// made with net/http to the GitHub API, go-github calls (through
// knowledge.GoGithubMethod), programs run with os/exec, and every other
// place a credential goes. Files are parsed with go/parser; variables are
// followed by name within the package, parameters bound by the package's
// own calls. Sources are named as in scanner/jsops: env:NAME
// (os.Getenv, os.LookupEnv), env:* (os.Environ), arg:N (os.Args[N]),
// flag:NAME (the flag package), param:NAME (a parameter no call binds).
package goops

import (
	"errors"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"sort"
	"strconv"
	"strings"

	"github.com/pat2app/pat2app/scanner/codeflow"
)

// Program is what a Go package does with the credentials it reads.
type Program struct {
	Calls    []Call
	Commands []Command
	Flows    []Flow
	// Errors are the files that do not parse.
	Errors []FileError
}

// Call is one request to the GitHub API, or a go-github call.
type Call = codeflow.Request

// Command is a program the package runs with os/exec.
type Command = codeflow.Command

// Flow is a credential that goes where the reading stops.
type Flow = codeflow.Flow

// FileError is a file that does not parse.
type FileError struct {
	File string
	Line int
	Msg  string
}

// paramPos is where a parameter is: its function and position.
type paramPos struct {
	fn string
	i  int
}

// maxWork bounds the steps spent following one value.
const maxWork = 20000

type analyzer struct {
	fset  *token.FileSet
	files []*ast.File
	names []string
	// imports maps each file's import names to paths.
	imports map[*ast.File]map[string]string
	assigns map[string][]ast.Expr
	// fields holds the values struct literals give each field name
	// (T{client: c}), for x.client of any such struct.
	fields map[string][]ast.Expr
	funcs  map[string]*ast.FuncDecl
	// decls holds every function and method declaration.
	decls []*ast.FuncDecl
	// callSites lists the calls of each function of the package; params
	// where each parameter name is (function, position).
	callSites map[string][]*ast.CallExpr
	params    map[string][]paramPos
	// enclosing is the function each call is in.
	enclosing map[*ast.CallExpr]*ast.FuncDecl
	paramOf   map[string]bool
	bound     map[string][]string
	cache     map[string][]string
	// consumed marks the nodes a recognised call reads a credential
	// through; accounted, calls of the package's functions that pass one.
	consumed  map[ast.Node]bool
	accounted map[ast.Node]bool
	cur       *ast.File
	budget    int
	prog      *Program
	holeN     int
}

// Analyze reads the files of one Go package (path -> source). Files that
// do not parse are listed in Program.Errors; the others are read.
func Analyze(files map[string][]byte) *Program {
	a := &analyzer{fset: token.NewFileSet(), imports: map[*ast.File]map[string]string{}, assigns: map[string][]ast.Expr{}, fields: map[string][]ast.Expr{},
		funcs: map[string]*ast.FuncDecl{}, callSites: map[string][]*ast.CallExpr{}, params: map[string][]paramPos{}, enclosing: map[*ast.CallExpr]*ast.FuncDecl{}, paramOf: map[string]bool{}, bound: map[string][]string{}, cache: map[string][]string{},
		consumed: map[ast.Node]bool{}, accounted: map[ast.Node]bool{}, prog: &Program{}}
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		f, err := parser.ParseFile(a.fset, n, files[n], parser.SkipObjectResolution)
		if err != nil {
			line := 0
			var el scanner.ErrorList
			if errors.As(err, &el) && len(el) > 0 {
				line = el[0].Pos.Line
			}
			a.prog.Errors = append(a.prog.Errors, FileError{File: n, Line: line, Msg: err.Error()})
			if f == nil {
				continue
			}
		}
		a.files = append(a.files, f)
		a.names = append(a.names, n)
	}
	for _, f := range a.files {
		a.collect(f)
	}
	a.bindCalls()
	for i, f := range a.files {
		a.cur = f
		ast.Inspect(f, func(n ast.Node) bool {
			if c, ok := n.(*ast.CallExpr); ok {
				a.budget = maxWork
				a.call(c, a.names[i])
			}
			return true
		})
	}
	for i, f := range a.files {
		a.cur = f
		a.flows(f, a.names[i])
	}
	sort.SliceStable(a.prog.Calls, func(i, j int) bool {
		return less(a.prog.Calls[i].File, a.prog.Calls[i].Line, a.prog.Calls[j].File, a.prog.Calls[j].Line)
	})
	sort.SliceStable(a.prog.Commands, func(i, j int) bool {
		return less(a.prog.Commands[i].File, a.prog.Commands[i].Line, a.prog.Commands[j].File, a.prog.Commands[j].Line)
	})
	sort.SliceStable(a.prog.Flows, func(i, j int) bool {
		return less(a.prog.Flows[i].File, a.prog.Flows[i].Line, a.prog.Flows[j].File, a.prog.Flows[j].Line)
	})
	return a.prog
}

func less(f1 string, l1 int, f2 string, l2 int) bool {
	if f1 != f2 {
		return f1 < f2
	}
	return l1 < l2
}

// ReadsCredentials reports whether Go source may read the environment or
// the command line: a cheap test that lets a caller parse only the files
// that can matter.
func ReadsCredentials(src []byte) bool {
	s := string(src)
	return strings.Contains(s, "Getenv") || strings.Contains(s, "LookupEnv") || strings.Contains(s, "Environ") ||
		strings.Contains(s, "os.Args") || strings.Contains(s, "flag.")
}

func (a *analyzer) line(n ast.Node) int { return a.fset.Position(n.Pos()).Line }

// collect records a file's imports, assignments and functions.
func (a *analyzer) collect(f *ast.File) {
	im := map[string]string{}
	for _, s := range f.Imports {
		p, _ := strconv.Unquote(s.Path.Value)
		name := p[strings.LastIndex(p, "/")+1:]
		if strings.HasPrefix(name, "v") && len(name) > 1 && name[1] >= '0' && name[1] <= '9' {
			// github.com/google/go-github/v88/github is "github"; a path
			// ending in a major version names the package before it.
			q := strings.TrimSuffix(p, "/"+name)
			name = q[strings.LastIndex(q, "/")+1:]
		}
		name = strings.TrimPrefix(name, "go-")
		if s.Name != nil {
			name = s.Name.Name
		}
		im[name] = p
	}
	a.imports[f] = im
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			a.assign(n.Lhs, n.Rhs)
		case *ast.ValueSpec:
			lhs := make([]ast.Expr, len(n.Names))
			for i, id := range n.Names {
				lhs[i] = id
			}
			a.assign(lhs, n.Values)
		case *ast.FuncDecl:
			name := n.Name.Name
			a.decls = append(a.decls, n)
			if n.Recv == nil {
				a.funcs[name] = n
			}
			if n.Body != nil {
				ast.Inspect(n.Body, func(m ast.Node) bool {
					if c, ok := m.(*ast.CallExpr); ok {
						a.enclosing[c] = n
					}
					return true
				})
			}
			i := 0
			for _, fl := range n.Type.Params.List {
				for _, id := range fl.Names {
					a.paramOf[id.Name] = true
					if n.Recv == nil {
						a.params[id.Name] = append(a.params[id.Name], paramPos{name, i})
					}
					i++
				}
				if len(fl.Names) == 0 {
					i++
				}
			}
		case *ast.CompositeLit:
			for _, el := range n.Elts {
				if kv, ok := el.(*ast.KeyValueExpr); ok {
					if id, ok := kv.Key.(*ast.Ident); ok {
						a.fields[id.Name] = append(a.fields[id.Name], kv.Value)
					}
				}
			}
		case *ast.CallExpr:
			if id, ok := n.Fun.(*ast.Ident); ok {
				a.callSites[id.Name] = append(a.callSites[id.Name], n)
			}
			// flag.StringVar(&tok, "token", ...) binds tok.
			if sel, ok := n.Fun.(*ast.SelectorExpr); ok && a.pkgOf(sel.X) == "flag" && strings.HasSuffix(sel.Sel.Name, "Var") && len(n.Args) >= 2 {
				if u, ok := n.Args[0].(*ast.UnaryExpr); ok {
					if name := dotted(u.X); name != "" {
						a.assigns[name] = append(a.assigns[name], n)
					}
				}
			}
		}
		return true
	})
}

// assign records what names are bound to.
func (a *analyzer) assign(lhs, rhs []ast.Expr) {
	for i, l := range lhs {
		name := dotted(l)
		if name == "" || name == "_" {
			continue
		}
		switch {
		case len(rhs) == len(lhs):
			a.assigns[name] = append(a.assigns[name], rhs[i])
		case len(rhs) == 1 && i == 0:
			a.assigns[name] = append(a.assigns[name], rhs[0]) // v, ok := f()
		}
	}
}

// dotted renders an identifier or a selector chain, "" for others.
func dotted(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.Ident:
		return e.Name
	case *ast.SelectorExpr:
		if x := dotted(e.X); x != "" {
			return x + "." + e.Sel.Name
		}
	case *ast.StarExpr:
		return dotted(e.X)
	case *ast.ParenExpr:
		return dotted(e.X)
	}
	return ""
}

// pkgOf is the import path an identifier names in the current file, ""
// when it is not a package.
func (a *analyzer) pkgOf(e ast.Expr) string {
	id, ok := e.(*ast.Ident)
	if !ok || a.cur == nil {
		return ""
	}
	if _, assigned := a.assigns[id.Name]; assigned {
		return ""
	}
	p := a.imports[a.cur][id.Name]
	return p
}

// callee is the package path and function a call names (os, Getenv), or
// "" and the method name for a method call.
func (a *analyzer) callee(c *ast.CallExpr) (pkg, fn string) {
	switch f := c.Fun.(type) {
	case *ast.SelectorExpr:
		return a.pkgOf(f.X), f.Sel.Name
	case *ast.Ident:
		return "", f.Name
	}
	return "", ""
}

// bindCalls binds the parameters of the package's functions to what its
// calls of them pass, when that carries a credential.
func (a *analyzer) bindCalls() {
	for round := 0; round < 3; round++ {
		clear(a.cache)
		changed := false
		for _, f := range a.files {
			a.cur = f
			ast.Inspect(f, func(n ast.Node) bool {
				c, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				id, ok := c.Fun.(*ast.Ident)
				if !ok {
					return true
				}
				fd, ok := a.funcs[id.Name]
				if !ok {
					return true
				}
				i := 0
				for _, fl := range fd.Type.Params.List {
					for _, pn := range fl.Names {
						if i < len(c.Args) {
							a.budget = maxWork
							if srcs := a.sources(c.Args[i], 0, false); len(srcs) > 0 {
								a.accounted[c] = true
								before := len(a.bound[pn.Name])
								a.bound[pn.Name] = codeflow.Union(a.bound[pn.Name], srcs...)
								changed = changed || before != len(a.bound[pn.Name])
							}
						}
						i++
					}
				}
				return true
			})
		}
		if !changed {
			break
		}
	}
	clear(a.cache)
}

func (a *analyzer) spend() bool {
	if a.budget <= 0 {
		return false
	}
	a.budget--
	return true
}

// maxDepth bounds how far values are followed.
const maxDepth = 48

// sources lists where a value comes from, as far as it carries a
// credential; with mark, the nodes it reads through are marked consumed.
func (a *analyzer) sources(e ast.Expr, depth int, mark bool) []string {
	if e == nil || depth > maxDepth || !a.spend() {
		return nil
	}
	if mark {
		a.consumed[e] = true
	}
	if s := a.sourceOf(e); s != "" {
		return []string{s}
	}
	switch e := e.(type) {
	case *ast.Ident:
		return a.nameSources(e.Name, mark)
	case *ast.SelectorExpr:
		if d := dotted(e); d != "" {
			if _, ok := a.assigns[d]; ok {
				return a.nameSources(d, mark)
			}
		}
		return a.sources(e.X, depth+1, mark)
	case *ast.StarExpr:
		return a.sources(e.X, depth+1, mark)
	case *ast.UnaryExpr:
		return a.sources(e.X, depth+1, mark)
	case *ast.ParenExpr:
		return a.sources(e.X, depth+1, mark)
	case *ast.BinaryExpr:
		if e.Op == token.ADD {
			return codeflow.Union(a.sources(e.X, depth+1, mark), a.sources(e.Y, depth+1, mark)...)
		}
	case *ast.CompositeLit:
		var out []string
		for _, el := range e.Elts {
			if kv, ok := el.(*ast.KeyValueExpr); ok {
				el = kv.Value
			}
			out = codeflow.Union(out, a.sources(el, depth+1, mark)...)
		}
		return out
	case *ast.CallExpr:
		pkg, fn := a.callee(e)
		switch {
		case strings.HasSuffix(pkg, "/oauth2"), pkg == "fmt" && strings.HasPrefix(fn, "Sprint"), pkg == "strings" && (fn == "TrimSpace" || fn == "Join" || fn == "ReplaceAll" || fn == "Trim" || fn == "TrimPrefix" || fn == "TrimSuffix"),
			pkg == "" && (fn == "string" || fn == "append"), pkg == "cmp" && fn == "Or":
			var out []string
			for _, arg := range e.Args {
				out = codeflow.Union(out, a.sources(arg, depth+1, mark)...)
			}
			return out
		}
		if id, ok := e.Fun.(*ast.Ident); ok {
			if fd, ok := a.funcs[id.Name]; ok {
				return a.returns(fd, depth, mark)
			}
		}
	}
	return nil
}

// returns lists the sources of what a function returns.
func (a *analyzer) returns(fd *ast.FuncDecl, depth int, mark bool) []string {
	if fd.Body == nil {
		return nil
	}
	var out []string
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		if r, ok := n.(*ast.ReturnStmt); ok && len(r.Results) > 0 {
			out = codeflow.Union(out, a.sources(r.Results[0], depth+1, mark)...)
		}
		return true
	})
	return out
}

// nameSources is what a name carries, worked out once; with mark, the
// values assigned to it are marked consumed.
func (a *analyzer) nameSources(name string, mark bool) []string {
	if mark {
		for _, v := range a.assigns[name] {
			a.consumed[v] = true
		}
	}
	if s, ok := a.cache[name]; ok {
		return s
	}
	a.cache[name] = nil
	budget := a.budget
	a.budget = maxWork
	var out []string
	out = codeflow.Union(out, a.bound[name]...)
	vals, assigned := a.assigns[name]
	for _, v := range vals {
		out = codeflow.Union(out, a.sources(v, 1, false)...)
	}
	if len(out) == 0 && !assigned && a.paramOf[name] {
		out = []string{codeflow.SourceParam + name}
	}
	a.budget = budget
	a.cache[name] = out
	return out
}

// sourceOf names the source a node reads directly.
func (a *analyzer) sourceOf(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.CallExpr:
		pkg, fn := a.callee(e)
		switch {
		case pkg == "os" && (fn == "Getenv" || fn == "LookupEnv") && len(e.Args) == 1:
			if s, ok := constString(e.Args[0]); ok {
				return codeflow.SourceEnv + s
			}
			return codeflow.SourceEnv + "*"
		case pkg == "os" && fn == "Environ":
			return codeflow.SourceEnv + "*"
		case pkg == "flag" && len(e.Args) >= 1:
			if strings.HasSuffix(fn, "Var") && len(e.Args) >= 2 {
				if s, ok := constString(e.Args[1]); ok {
					return codeflow.SourceFlag + s
				}
			} else if s, ok := constString(e.Args[0]); ok {
				return codeflow.SourceFlag + s
			}
		}
	case *ast.IndexExpr:
		if sel, ok := e.X.(*ast.SelectorExpr); ok && a.pkgOf(sel.X) == "os" && sel.Sel.Name == "Args" {
			if l, ok := e.Index.(*ast.BasicLit); ok && l.Kind == token.INT {
				return codeflow.SourceArg + l.Value
			}
		}
	}
	return ""
}

// constString is a string constant's value.
func constString(e ast.Expr) (string, bool) {
	switch e := e.(type) {
	case *ast.BasicLit:
		if e.Kind == token.STRING {
			s, err := strconv.Unquote(e.Value)
			return s, err == nil
		}
	case *ast.BinaryExpr:
		if e.Op == token.ADD {
			x, ok1 := constString(e.X)
			y, ok2 := constString(e.Y)
			return x + y, ok1 && ok2
		}
	case *ast.ParenExpr:
		return constString(e.X)
	}
	return "", false
}
