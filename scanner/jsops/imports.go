package jsops

import (
	"strings"

	"github.com/tdewolff/parse/v2/js"
)

// LocalImports lists the modules of the repository an action's module
// loads: the specifiers starting with ./, ../ or / of its import and
// export-from statements and of require() and import() calls with a
// constant argument, in order, each once. A module that does not parse
// lists what its parsable part loads, and the error is a *SyntaxError.
func LocalImports(code string) ([]Require, error) {
	if len(code) > MaxModuleSize {
		return nil, nil
	}
	var out []Require
	seen := map[string]bool{}
	err := parseRetrying([]byte(code), js.Options{}, func(ast *js.AST, buf []byte) {
		a := newAnalyzer(buf, code)
		js.Walk(visitor(a.collectDefs), ast)
		out, seen = out[:0], map[string]bool{}
		a.eachLoad(ast, func(n js.INode) {
			if c, ok := n.(*js.CallExpr); ok {
				if v, ok := c.X.(*js.Var); ok {
					a.locatePlainCall(c, string(v.Name()))
				}
			}
		}, func(spec string, line int) {
			if spec != "\x00" && isLocalSpec(spec) && !seen[spec] {
				seen[spec] = true
				out = append(out, Require{Line: line, Spec: spec})
			}
		})
	})
	return out, err
}

// eachLoad walks the program in source order, calling visit on each node
// and load on each module it loads: the module of an import or
// export-from statement, and the argument of a require() or import()
// call, with its line. A name built at run time is "\x00", or holds
// "\x00" where its parts are not known.
func (a *analyzer) eachLoad(ast *js.AST, visit func(js.INode), load func(spec string, line int)) {
	js.Walk(ordered(func(n js.INode) {
		if visit != nil {
			visit(n)
		}
		var m []byte
		switch s := n.(type) {
		case *js.ImportStmt:
			m = s.Module
		case *js.ExportStmt:
			m = s.Module
		case *js.CallExpr:
			switch calleeName(s.X) {
			case "require", "import":
				if len(s.Args.List) > 0 {
					a.resetBudget()
					load(a.stringValue(s.Args.List[0].Value, 0, nil), a.callLine(s))
				}
			}
			return
		default:
			return
		}
		if len(m) < 2 {
			return
		}
		line := 0
		if off := a.offset(m); off >= 0 {
			line = a.line(off)
		}
		load(unescapeJS(string(m[1:len(m)-1])), line)
	}), ast)
}

// loadedPackages lists the modules the program loads that are not files
// of the repository (packages and Node.js built-ins, as written, each
// once, in order), and reports whether it loads one whose name is built
// at run time or runs code given as a string (eval, new Function).
func (a *analyzer) loadedPackages(ast *js.AST) (pkgs []string, unknown bool) {
	seen := map[string]bool{}
	a.eachLoad(ast, func(n js.INode) {
		switch s := n.(type) {
		case *js.NewExpr:
			if v, ok := s.X.(*js.Var); ok && string(v.Name()) == "Function" {
				unknown = true
			}
		case *js.CallExpr:
			if v, ok := s.X.(*js.Var); ok && (string(v.Name()) == "eval" || string(v.Name()) == "Function") {
				unknown = true
			}
		}
	}, func(spec string, _ int) {
		switch {
		case strings.Contains(spec, "\x00"):
			unknown = true
		case spec != "" && !isLocalSpec(spec) && !seen[spec]:
			seen[spec] = true
			pkgs = append(pkgs, spec)
		}
	})
	return pkgs, unknown
}
