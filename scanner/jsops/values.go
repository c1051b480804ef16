package jsops

import (
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
	"unsafe"

	"github.com/tdewolff/parse/v2/js"
)

// offset returns where data starts in the parsed text when the parser
// handed out a slice of it (identifiers, literals and template parts are
// slices of the input, cut with a full slice expression so their capacity
// says nothing), or -1.
//
// The AST carries no positions, so the offset is the distance between the
// two addresses. Both point into the same live allocation (a.buf keeps it
// alive) and no pointer is made from the number, which is then checked by
// comparing addresses, so this use of unsafe is sound.
func (a *analyzer) offset(data []byte) int {
	if len(data) == 0 || len(a.buf) == 0 {
		return -1
	}
	d := int(uintptr(unsafe.Pointer(unsafe.SliceData(data))) - uintptr(unsafe.Pointer(unsafe.SliceData(a.buf))))
	if d < 0 || d+len(data) > len(a.buf) || &a.buf[d] != &data[0] {
		return -1
	}
	return d
}

// source returns the original text behind data (where ${{ }} was masked
// in the parsed text), or data itself when it is not a slice of the input.
func (a *analyzer) source(data []byte) string {
	if off := a.offset(data); off >= 0 {
		return a.orig[off : off+len(data)]
	}
	return string(data)
}

// line converts an offset to a 1-based line.
func (a *analyzer) line(off int) int {
	return sort.Search(len(a.lineStarts), func(i int) bool { return a.lineStarts[i] > off })
}

// firstOffset finds the earliest source position inside expr that the
// parser kept, looking at the callee's member name first.
func (a *analyzer) firstOffset(n js.INode, depth int) int {
	if n == nil || depth > maxResolveDepth {
		return -1
	}
	switch e := n.(type) {
	case *js.LiteralExpr:
		return a.offset(e.Data)
	case js.LiteralExpr:
		return a.offset(e.Data)
	case *js.DotExpr:
		if off := a.firstOffset(e.Y, depth+1); off >= 0 {
			return off
		}
		return a.firstOffset(e.X, depth+1)
	case *js.IndexExpr:
		if off := a.firstOffset(e.X, depth+1); off >= 0 {
			return off
		}
		return a.firstOffset(e.Y, depth+1)
	case *js.CallExpr:
		// A bare variable's position is its first occurrence, not this
		// one: look at the arguments before it.
		_, bare := e.X.(*js.Var)
		if !bare {
			if off := a.firstOffset(e.X, depth+1); off >= 0 {
				return off
			}
		}
		for _, arg := range e.Args.List {
			if off := a.firstOffset(arg.Value, depth+1); off >= 0 {
				return off
			}
		}
		if bare {
			return a.firstOffset(e.X, depth+1)
		}
	case *js.TemplateExpr:
		if len(e.List) > 0 {
			return a.offset(e.List[0].Value)
		}
		return a.offset(e.Tail)
	case *js.ObjectExpr:
		for _, p := range e.List {
			if v, ok := p.Value.(*js.Var); ok && p.Name != nil && p.Name.IsIdent(v.Data) {
				continue // shorthand {name}: the name is the variable's first occurrence
			}
			if p.Name != nil {
				if off := a.offset(p.Name.Literal.Data); off >= 0 {
					return off
				}
			}
			if off := a.firstOffset(p.Value, depth+1); off >= 0 {
				return off
			}
		}
	case *js.ArrayExpr:
		for _, el := range e.List {
			if off := a.firstOffset(el.Value, depth+1); off >= 0 {
				return off
			}
		}
	case *js.GroupExpr:
		return a.firstOffset(e.X, depth+1)
	case *js.UnaryExpr:
		return a.firstOffset(e.X, depth+1)
	case *js.Var:
		// All uses of a variable share one Var whose Data is its first
		// occurrence: a last resort only.
		return a.offset(e.Data)
	}
	return -1
}

// stringLiteral decodes a quoted string literal, using the original text.
func (a *analyzer) stringLiteral(l js.LiteralExpr) (string, bool) {
	if l.TokenType != js.StringToken {
		return "", false
	}
	s := a.source(l.Data)
	if len(s) < 2 {
		return "", false
	}
	return unescapeJS(s[1 : len(s)-1]), true
}

// constString evaluates expr when it is a string made only of literals and
// constants (quoted strings, template literals without expressions or whose
// expressions are constants, + concatenation, variables bound to those).
func (a *analyzer) constString(expr js.IExpr, depth int) (string, bool) {
	var ok = true
	s := a.stringValue(expr, depth, func(js.IExpr) string { ok = false; return "" })
	return s, ok && s != "\x00"
}

// stringValue evaluates expr as a string, calling hole for every part that
// is not a constant and using its result in that place. It returns "\x00"
// when expr is not string-like at all.
func (a *analyzer) stringValue(expr js.IExpr, depth int, hole func(js.IExpr) string) string {
	const notString = "\x00"
	if expr == nil || depth > maxResolveDepth || !a.spend() {
		return notString
	}
	switch e := expr.(type) {
	case *js.LiteralExpr:
		switch e.TokenType {
		case js.StringToken:
			s, _ := a.stringLiteral(*e)
			return s
		case js.DecimalToken, js.IntegerToken:
			return string(e.Data)
		}
		return notString
	case *js.TemplateExpr:
		if e.Tag != nil {
			return notString
		}
		var b strings.Builder
		for _, p := range e.List {
			b.WriteString(templateChunk(a.source(p.Value)))
			if s, ok := a.constString(p.Expr, depth+1); ok {
				b.WriteString(s)
			} else if hole != nil {
				b.WriteString(hole(p.Expr))
			} else {
				return notString
			}
		}
		b.WriteString(templateChunk(a.source(e.Tail)))
		if b.Len() > maxStringLen {
			return notString
		}
		return b.String()
	case *js.Var:
		d, ok := a.defs[canon(e)]
		if !ok || len(d.key) > 0 {
			return notString
		}
		return a.stringValue(d.expr, depth+1, hole)
	case *js.GroupExpr:
		return a.stringValue(e.X, depth+1, hole)
	case *js.CallExpr:
		// A call of a script function that returns a string, such as a
		// query builder: its parameters become holes.
		if v, ok := e.X.(*js.Var); ok {
			if r := a.funcs[canon(v)].returned(); r != nil {
				return a.stringValue(r, depth+1, hole)
			}
		}
		return notString
	case *js.BinaryExpr:
		if e.Op != js.AddToken {
			return notString
		}
		x := a.stringValue(e.X, depth+1, hole)
		y := a.stringValue(e.Y, depth+1, hole)
		if x == notString && hole != nil {
			x = hole(e.X)
		}
		if y == notString && hole != nil {
			y = hole(e.Y)
		}
		if x == notString || y == notString || len(x)+len(y) > maxStringLen {
			return notString
		}
		return x + y
	}
	return notString
}

// templateText renders a string-like expression with each non-constant
// part written open+source+close, e.g. "${process.env.X}/a.js".
func (a *analyzer) templateText(expr js.IExpr, open, close string) string {
	s := a.stringValue(expr, 0, func(e js.IExpr) string { return open + a.render(e) + close })
	if s == "\x00" {
		return open + a.render(expr) + close
	}
	return s
}

// templateChunk strips a template part's delimiters (` } ${) and decodes
// its escapes.
func templateChunk(s string) string {
	s = strings.TrimPrefix(s, "`")
	s = strings.TrimPrefix(s, "}")
	s = strings.TrimSuffix(s, "${")
	s = strings.TrimSuffix(s, "`")
	return unescapeJS(s)
}

// unescapeJS decodes the escapes of a JavaScript string body. Unknown
// escapes keep the escaped character, as JavaScript does.
func unescapeJS(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' || i+1 >= len(s) {
			b.WriteByte(c)
			continue
		}
		i++
		switch e := s[i]; e {
		case 'n':
			b.WriteByte('\n')
		case 't':
			b.WriteByte('\t')
		case 'r':
			b.WriteByte('\r')
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'v':
			b.WriteByte('\v')
		case '0':
			b.WriteByte(0)
		case '\n':
			// line continuation
		case '\r':
			if i+1 < len(s) && s[i+1] == '\n' {
				i++
			}
		case 'x':
			if i+2 < len(s) {
				if v, err := strconv.ParseUint(s[i+1:i+3], 16, 8); err == nil {
					b.WriteRune(rune(v))
					i += 2
					continue
				}
			}
			b.WriteByte(e)
		case 'u':
			if i+1 < len(s) && s[i+1] == '{' {
				if end := strings.IndexByte(s[i:], '}'); end > 0 {
					if v, err := strconv.ParseUint(s[i+2:i+end], 16, 32); err == nil && utf8.ValidRune(rune(v)) {
						b.WriteRune(rune(v))
						i += end
						continue
					}
				}
			} else if i+4 < len(s) {
				if v, err := strconv.ParseUint(s[i+1:i+5], 16, 16); err == nil {
					b.WriteRune(rune(v))
					i += 4
					continue
				}
			}
			b.WriteByte(e)
		default:
			b.WriteByte(e)
		}
	}
	return b.String()
}

// render writes short source-like text for an expression, for evidence and
// placeholders.
func (a *analyzer) render(expr js.IExpr) string {
	return truncate(a.renderDepth(expr, 0), maxEvidence)
}

// truncate cuts s to at most n bytes on a rune boundary, marking the cut.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

func (a *analyzer) renderDepth(expr js.IExpr, depth int) string {
	if expr == nil {
		return ""
	}
	if depth > 16 {
		return "…"
	}
	switch e := expr.(type) {
	case *js.Var:
		return string(e.Name())
	case *js.LiteralExpr:
		return a.source(e.Data)
	case *js.DotExpr:
		name := "#private"
		if l, ok := e.Y.(js.LiteralExpr); ok {
			name = string(l.Data)
		}
		return a.renderDepth(e.X, depth+1) + "." + name
	case *js.IndexExpr:
		return a.renderDepth(e.X, depth+1) + "[" + a.renderDepth(e.Y, depth+1) + "]"
	case *js.CallExpr:
		return a.renderDepth(e.X, depth+1) + "(…)"
	case *js.NewExpr:
		return "new " + a.renderDepth(e.X, depth+1) + "(…)"
	case *js.GroupExpr:
		return a.renderDepth(e.X, depth+1)
	case *js.UnaryExpr:
		if e.Op == js.AwaitToken {
			return "await " + a.renderDepth(e.X, depth+1)
		}
	case *js.TemplateExpr:
		if e.Tag == nil {
			var b strings.Builder
			b.WriteByte('`')
			for _, p := range e.List {
				b.WriteString(strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(a.source(p.Value), "`"), "}"), "${"))
				b.WriteString("${" + a.renderDepth(p.Expr, depth+1) + "}")
			}
			b.WriteString(strings.TrimPrefix(strings.TrimPrefix(a.source(e.Tail), "`"), "}"))
			return b.String()
		}
	case *js.ObjectExpr:
		return "{…}"
	case *js.ArrayExpr:
		return "[…]"
	}
	return "…"
}
