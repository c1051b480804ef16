package jsops

import (
	"slices"

	"github.com/tdewolff/parse/v2/js"
)

// loadedBy records, for each local module the program loads, the names of
// the exported functions whose bodies load it (a dispatcher such as
// `module.exports = { release: (...a) => require('./release.cjs')(...a) }`
// loads release.cjs only when release is called). A module loaded anywhere
// else (at load time, or by code that is not an exported function) is
// loaded whatever the caller calls, and gets no names.
func (a *analyzer) loadedBy(ast *js.AST) {
	total := map[string]int{}
	inside := map[string]int{}
	names := map[string][]string{}
	countLoads := func(n js.INode, into map[string]int, name string) {
		js.Walk(visitor(func(n js.INode) {
			call, ok := n.(*js.CallExpr)
			if !ok {
				return
			}
			switch calleeName(call.X) {
			case "require", "import":
				a.resetBudget()
				if spec, ok := a.constString(arg(call, 0), 0); ok && isLocalSpec(spec) {
					into[spec]++
					if name != "" && !slices.Contains(names[spec], name) {
						names[spec] = append(names[spec], name)
					}
				}
			}
		}), n)
	}
	countLoads(ast, total, "")
	js.Walk(visitor(func(n js.INode) {
		b, ok := n.(*js.BinaryExpr)
		if !ok || b.Op != js.EqToken {
			return
		}
		switch target := exportTarget(b.X); {
		case target == "module.exports":
			obj, ok := b.Y.(*js.ObjectExpr)
			if !ok {
				return
			}
			for _, p := range obj.List {
				name := a.exportedName(p)
				if body := functionBody(p.Value); name != "" && body != nil {
					countLoads(body, inside, name)
				}
			}
		case target != "":
			// exports.release = (...) => ..., module.exports.release = ...
			if body := functionBody(b.Y); body != nil {
				countLoads(body, inside, target)
			}
		}
	}), ast)
	for i := range a.prog.module.Imports {
		imp := &a.prog.module.Imports[i]
		if n := inside[imp.Spec]; n > 0 && n == total[imp.Spec] {
			imp.Exports = names[imp.Spec]
			slices.Sort(imp.Exports)
		}
	}
}

// exportTarget names what an assignment's left side exports:
// "module.exports" for the whole, NAME for exports.NAME or
// module.exports.NAME, "" for anything else.
func exportTarget(x js.IExpr) string {
	d, ok := x.(*js.DotExpr)
	if !ok {
		return ""
	}
	name := ""
	if l, ok := d.Y.(js.LiteralExpr); ok {
		name = string(l.Data)
	}
	switch inner := d.X.(type) {
	case *js.Var:
		switch string(inner.Name()) {
		case "module":
			if name == "exports" {
				return "module.exports"
			}
		case "exports":
			return name
		}
	case *js.DotExpr:
		if exportTarget(inner) == "module.exports" {
			return name
		}
	}
	return ""
}

// functionBody returns the body of a function expression, or nil.
func functionBody(x js.IExpr) js.INode {
	if b := blockOf(x); b != nil {
		return b
	}
	return nil
}

// exportedName is the name a property of a module.exports object exports
// (`a: ...`, `a() { ... }`); "" for a spread or a computed name.
func (a *analyzer) exportedName(p js.Property) string {
	switch {
	case p.Spread:
	case p.Name != nil && !p.Name.IsComputed():
		return a.literalName(p.Name.Literal)
	case p.Name == nil:
		if m, ok := p.Value.(*js.MethodDecl); ok && !m.Name.IsComputed() && m.Name.Private == nil {
			return a.literalName(m.Name.Literal) // rebase(...args) { ... }
		}
	}
	return ""
}
