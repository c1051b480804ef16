package jsops

import (
	"slices"
	"strings"

	"github.com/tdewolff/parse/v2/js"
)

// pruneUnused empties the bodies of the module's top-level functions that
// nothing its importer uses can reach, so their calls are not the
// importer's: uses are the exports the importer names (`import { a }`,
// `const { a } = require(...)`, `m.a` of `const m = require(...)`). Code
// that runs when the module loads is always reached, and so is what it
// names; a function reached names what it calls. A module that picks its
// exports by a computed name (exports[name]) is not pruned.
func (a *analyzer) pruneUnused(ast *js.AST, uses []string) {
	if strings.Contains(a.orig, "exports[") {
		return
	}
	bodies := map[string]*js.BlockStmt{}
	addFunc := func(name string, x js.IExpr) {
		switch x.(type) {
		case *js.FuncDecl, *js.ArrowFunc:
			bodies[name] = blockOf(x)
		}
	}
	addVars := func(d *js.VarDecl) bool {
		all := len(d.List) > 0
		for _, b := range d.List {
			v, ok := b.Binding.(*js.Var)
			if !ok || b.Default == nil {
				all = false
				continue
			}
			switch b.Default.(type) {
			case *js.FuncDecl, *js.ArrowFunc:
				addFunc(string(v.Name()), b.Default)
			default:
				all = false
			}
		}
		return all
	}
	var rootCode []js.INode
	roots := slices.Clone(uses)
	for _, st := range ast.List {
		switch s := st.(type) {
		case *js.FuncDecl:
			if s.Name != nil {
				addFunc(string(s.Name.Name()), s)
				continue
			}
		case *js.VarDecl:
			if addVars(s) {
				continue
			}
		case *js.ExportStmt:
			switch d := s.Decl.(type) {
			case *js.FuncDecl:
				if d.Name != nil && !s.Default {
					addFunc(string(d.Name.Name()), d)
					continue
				}
			case *js.VarDecl:
				if addVars(d) {
					continue
				}
			case nil:
				// export { a, b as c }: wiring, no code; a used alias
				// reaches the function it names.
				for _, al := range s.List {
					exported, local := string(al.Binding), string(al.Name)
					if exported == "" {
						exported = local
					}
					if local == "" {
						local = exported
					}
					if slices.Contains(uses, exported) {
						roots = append(roots, local)
					}
				}
				continue
			}
			if s.Default && !slices.Contains(uses, "default") {
				continue
			}
		case *js.ExprStmt:
			if b, ok := s.Value.(*js.BinaryExpr); ok && b.Op == js.EqToken {
				// exported is one export: a function is reached when
				// used; any other value is code the export runs.
				exported := func(name string, x js.IExpr) {
					if body := blockOf(x); body != nil && name != "" && bodies[name] == nil {
						bodies[name] = body
						return
					}
					if name == "" || slices.Contains(uses, name) {
						rootCode = append(rootCode, x)
					}
				}
				switch target := exportTarget(b.X); {
				case target == "module.exports":
					if obj, ok := b.Y.(*js.ObjectExpr); ok {
						for _, p := range obj.List {
							exported(a.exportedName(p), p.Value)
						}
						continue
					}
				case target != "":
					exported(target, b.Y)
					continue
				}
			}
		}
		rootCode = append(rootCode, st)
	}
	if len(bodies) == 0 {
		return
	}
	// names lists the functions a piece of code may reach: every name it
	// mentions, as a variable or as a member (this.b(), exports.b(),
	// obj['b']), so that pruning never drops code a used export can run.
	names := func(n js.INode) []string {
		var out []string
		add := func(name string) {
			if _, isFunc := bodies[name]; isFunc {
				out = append(out, name)
			}
		}
		js.Walk(visitor(func(n js.INode) {
			switch x := n.(type) {
			case *js.Var:
				add(string(x.Name()))
			case *js.DotExpr:
				if l, ok := x.Y.(js.LiteralExpr); ok {
					add(string(l.Data))
				}
			case *js.IndexExpr:
				if l, ok := x.Y.(*js.LiteralExpr); ok && l.TokenType == js.StringToken {
					add(a.literalName(*l))
				}
			}
		}), n)
		return out
	}
	for _, n := range rootCode {
		roots = append(roots, names(n)...)
	}
	reached := map[string]bool{}
	for len(roots) > 0 {
		name := roots[len(roots)-1]
		roots = roots[:len(roots)-1]
		body, ok := bodies[name]
		if !ok || reached[name] {
			continue
		}
		reached[name] = true
		roots = append(roots, names(body)...)
	}
	// Plain calls are paired with their text in the order they are
	// visited: pair every one before the unreached bodies go.
	js.Walk(ordered(func(n js.INode) {
		if call, ok := n.(*js.CallExpr); ok {
			if v, ok := call.X.(*js.Var); ok {
				a.locatePlainCall(call, string(v.Name()))
			}
		}
	}), ast)
	for name, body := range bodies {
		if !reached[name] {
			body.List = nil
		}
	}
}

// importedNames records, for each local module the program loads, the
// names of its exports the program uses when every load of it names them
// (Import.Uses); a load that may use any of it (a default or namespace
// import, a module bound whole and used otherwise than by member, called
// or passed) leaves Uses nil.
func (a *analyzer) importedNames(ast *js.AST) {
	uses := map[string][]string{}
	all := map[string]bool{}
	note := func(spec string, names []string, whole bool) {
		if whole {
			all[spec] = true
			return
		}
		for _, n := range names {
			if !slices.Contains(uses[spec], n) {
				uses[spec] = append(uses[spec], n)
			}
		}
		if uses[spec] == nil {
			uses[spec] = []string{}
		}
	}
	bound := map[*js.CallExpr]bool{}
	js.Walk(visitor(func(n js.INode) {
		switch n := n.(type) {
		case *js.ImportStmt:
			spec := string(n.Module)
			if len(spec) >= 2 {
				spec = unescapeJS(spec[1 : len(spec)-1])
			}
			if n.Default != nil {
				note(spec, nil, true)
				return
			}
			var names []string
			for _, al := range n.List {
				name := string(al.Name)
				if name == "*" {
					note(spec, nil, true)
					return
				}
				if name == "" {
					name = string(al.Binding)
				}
				names = append(names, name)
			}
			note(spec, names, false)
		case *js.VarDecl:
			for _, b := range n.List {
				x := b.Default
				if u, ok := x.(*js.UnaryExpr); ok && u.Op == js.AwaitToken {
					x = u.X
				}
				call, ok := x.(*js.CallExpr)
				if !ok {
					continue
				}
				switch calleeName(call.X) {
				case "require", "import":
				default:
					continue
				}
				a.resetBudget()
				spec, ok := a.constString(arg(call, 0), 0)
				if !ok {
					continue
				}
				bound[call] = true
				switch bd := b.Binding.(type) {
				case *js.BindingObject:
					var names []string
					whole := bd.Rest != nil
					for _, item := range bd.List {
						if item.Key == nil || item.Key.IsComputed() {
							if v, ok := item.Value.Binding.(*js.Var); ok && item.Key == nil {
								names = append(names, string(v.Name()))
								continue
							}
							whole = true
							continue
						}
						names = append(names, a.literalName(item.Key.Literal))
					}
					note(spec, names, whole)
				case *js.Var:
					members := memberUses(ast, canon(bd))
					note(spec, members, members == nil)
				default:
					note(spec, nil, true)
				}
			}
		}
	}), ast)
	js.Walk(visitor(func(n js.INode) {
		call, ok := n.(*js.CallExpr)
		if !ok || bound[call] {
			return
		}
		switch calleeName(call.X) {
		case "require", "import":
			a.resetBudget()
			if spec, ok := a.constString(arg(call, 0), 0); ok {
				note(spec, nil, true) // require('./x')(...), import('./x').then(...)
			}
		}
	}), ast)
	for i := range a.prog.module.Imports {
		imp := &a.prog.module.Imports[i]
		if names, ok := uses[imp.Spec]; ok && !all[imp.Spec] {
			imp.Uses = names
			slices.Sort(imp.Uses)
		}
	}
}

// blockOf returns the body of a function expression, or nil.
func blockOf(x js.IExpr) *js.BlockStmt {
	switch f := x.(type) {
	case *js.ArrowFunc:
		return &f.Body
	case *js.FuncDecl:
		return &f.Body
	case *js.MethodDecl:
		return &f.Body
	}
	return nil
}
