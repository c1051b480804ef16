package jsops

import (
	"strings"

	"github.com/pat2app/pat2app/scanner/codeflow"
	"github.com/tdewolff/parse/v2/js"
)

// A module's strings can show a GitHub request or a push that no call or
// command the reading understands makes: a route handed to a client of a
// shape it does not know, a command line run by a function it does not
// follow. Such a string is listed (Program.Unattributed) so that the
// module is never taken to use nothing.

// stringTexts collects the module's string literals and untagged templates
// (holes written {x}), with their lines; not those it only prints
// (console.log("  git push") tells a person what to run).
func (a *analyzer) stringTexts(ast *js.AST) []codeflow.Text {
	printed := map[int]bool{} // offsets of the strings console.* prints
	js.Walk(visitor(func(n js.INode) {
		if c, ok := n.(*js.CallExpr); ok && isConsoleCall(c.X) {
			for _, arg := range c.Args.List {
				switch arg.Value.(type) {
				case *js.LiteralExpr, *js.TemplateExpr:
					printed[a.firstOffset(arg.Value, 0)] = true
				}
			}
		}
	}), ast)
	var out []codeflow.Text
	js.Walk(visitor(func(n js.INode) {
		var text string
		off := -1
		switch e := n.(type) {
		case *js.LiteralExpr:
			if e.TokenType != js.StringToken {
				return
			}
			text, _ = a.stringLiteral(*e)
			off = a.offset(e.Data)
		case *js.TemplateExpr:
			if e.Tag != nil && isDollarTag(e.Tag) {
				return // a command, read as one
			}
			var b strings.Builder
			for _, p := range e.List {
				b.WriteString(templateChunk(a.source(p.Value)))
				b.WriteString("{x}")
			}
			b.WriteString(templateChunk(a.source(e.Tail)))
			text = b.String()
			off = a.firstOffset(e, 0)
		default:
			return
		}
		if off >= 0 && !printed[off] {
			out = append(out, codeflow.Text{Line: a.line(off), Text: truncate(strings.TrimSpace(text), maxEvidence)})
		}
	}), ast)
	return out
}

// unattributed lists the module's routes and pushes no call or command
// read makes.
func (a *analyzer) unattributed(ast *js.AST) []Flow {
	var routes []codeflow.Text
	for _, c := range a.calls {
		switch c.Kind {
		case KindRequest, KindREST, KindGraphQL, KindUnknown:
			routes = append(routes, codeflow.Text{Line: c.Line, Text: c.Route})
		}
	}
	return codeflow.Unattributed(a.stringTexts(ast), routes, a.prog.module.Commands)
}

// isConsoleCall reports console.log, info, warn, error and debug, which
// only print what they are given.
func isConsoleCall(callee js.IExpr) bool {
	d, ok := callee.(*js.DotExpr)
	if !ok {
		return false
	}
	v, ok := d.X.(*js.Var)
	if !ok || string(v.Name()) != "console" {
		return false
	}
	switch calleeName(callee) {
	case "log", "info", "warn", "error", "debug":
		return true
	}
	return false
}
