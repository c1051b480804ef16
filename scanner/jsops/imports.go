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
		add := func(spec string, line int) {
			if isLocalSpec(spec) && !seen[spec] {
				seen[spec] = true
				out = append(out, Require{Line: line, Spec: spec})
			}
		}
		module := func(m []byte) {
			if len(m) < 2 {
				return
			}
			line := 0
			if off := a.offset(m); off >= 0 {
				line = a.line(off)
			}
			add(unescapeJS(string(m[1:len(m)-1])), line)
		}
		js.Walk(ordered(func(n js.INode) {
			switch s := n.(type) {
			case *js.ImportStmt:
				module(s.Module)
			case *js.ExportStmt:
				module(s.Module)
			case *js.CallExpr:
				if v, ok := s.X.(*js.Var); ok {
					a.locatePlainCall(s, string(v.Name()))
				}
				switch calleeName(s.X) {
				case "require", "import":
					if len(s.Args.List) > 0 {
						a.resetBudget()
						if spec := a.stringValue(s.Args.List[0].Value, 0, nil); spec != "\x00" {
							add(spec, a.callLine(s))
						}
					}
				}
			}
		}), ast)
	})
	return out, err
}

// loadedPackages lists the modules the program loads that are not files
// of the repository (packages and Node.js built-ins, as written, each
// once, in order), and reports whether it loads one whose name is built
// at run time or runs code given as a string (eval, new Function).
func (a *analyzer) loadedPackages(ast *js.AST) (pkgs []string, unknown bool) {
	seen := map[string]bool{}
	add := func(spec string) {
		if spec != "" && !isLocalSpec(spec) && !seen[spec] {
			seen[spec] = true
			pkgs = append(pkgs, spec)
		}
	}
	module := func(m []byte) {
		if len(m) >= 2 {
			add(unescapeJS(string(m[1 : len(m)-1])))
		}
	}
	js.Walk(visitor(func(n js.INode) {
		switch s := n.(type) {
		case *js.ImportStmt:
			module(s.Module)
		case *js.ExportStmt:
			module(s.Module)
		case *js.NewExpr:
			if v, ok := s.X.(*js.Var); ok && string(v.Name()) == "Function" {
				unknown = true
			}
		case *js.CallExpr:
			switch calleeName(s.X) {
			case "require", "import":
				if len(s.Args.List) == 0 {
					return
				}
				a.resetBudget()
				if spec := a.stringValue(s.Args.List[0].Value, 0, nil); spec != "\x00" && !strings.Contains(spec, "\x00") {
					add(spec)
				} else {
					unknown = true
				}
			case "eval", "Function":
				if _, ok := s.X.(*js.Var); ok {
					unknown = true
				}
			}
		}
	}), ast)
	return pkgs, unknown
}
