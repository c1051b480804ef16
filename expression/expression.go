// Package expression reads GitHub Actions expressions with actionlint's
// lexer and parser: where each ${{ }} of a string starts and ends, its
// syntax tree, and the property paths it names (secrets.GH_PAT,
// secrets['GH_PAT'], steps.app.outputs.token) as written and where. The
// scanner and `fix` read expressions only through it.
package expression

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/rhysd/actionlint"
)

// Span is one ${{ }} in a string.
type Span struct {
	// Start and End are the byte offsets of "${{" and just past "}}".
	Start, End int
	// Body is the text between "${{" and "}}", blanks included.
	Body string
}

// Parse parses the span's body.
func (sp Span) Parse() *Expr { return Parse(sp.Body) }

// Find returns the expressions in s, in order. Each ends where actionlint's
// lexer reads its "}}": a "}}" inside a string literal does not end it. One
// the lexer cannot read (GitHub rejects it) ends at the next "}}", so that
// callers still see the names in it and the expressions after it. An
// expression with no "}}" after it ends the search.
func Find(s string) []Span {
	var out []Span
	for off := 0; off < len(s); {
		i := strings.Index(s[off:], "${{")
		if i < 0 {
			break
		}
		start := off + i
		rest := s[start+3:]
		k := strings.Index(rest, "}}")
		if k < 0 {
			break
		}
		end := k + 2
		if strings.IndexByte(rest[:k], '\'') >= 0 {
			// A string literal may hold the "}}": the lexer says where the
			// expression ends. (Without one, only the first "}}" can end
			// it, which FuzzFind holds to the lexer.)
			if n, ok := lexesToEnd(rest); ok {
				end = n
			}
		}
		out = append(out, Span{Start: start, End: start + 3 + end, Body: rest[:end-2]})
		off = start + 3 + end
	}
	return out
}

// lexesToEnd lexes src up to the "}}" that ends an expression and returns
// the offset just past it.
func lexesToEnd(src string) (int, bool) {
	l := actionlint.NewExprLexer(src)
	for {
		t := l.Next()
		if l.Err() != nil {
			return 0, false
		}
		if t.Kind == actionlint.TokenKindEnd {
			return l.Offset(), true
		}
	}
}

// Expr is one parsed expression.
type Expr struct {
	// Text is the expression's body, as parsed; offsets are into it.
	Text string
	// Root is its syntax tree; nil when it does not parse, and Err says why.
	Root actionlint.ExprNode
	Err  error
	// whole, set by Evaluate, makes && and || evaluate their left side
	// always: a value, unlike a truth, is not decided without it.
	whole bool
}

// Parse parses an expression body: the text between "${{" and "}}", or a
// bare if: condition.
func Parse(body string) *Expr {
	e := &Expr{Text: body}
	src := body + "}}"
	l := actionlint.NewExprLexer(src)
	root, err := actionlint.NewExprParser().Parse(l)
	switch {
	case err != nil:
		e.Err = errors.New(err.Message)
	case l.Offset() != len(src):
		e.Err = fmt.Errorf("the expression ends at offset %d, before its text does", l.Offset()-2)
	default:
		e.Root = root
	}
	return e
}

// Sole returns the expression s is when s is one ${{ }} and nothing else:
// no text or other expression around it.
func Sole(s string) (Span, bool) {
	spans := Find(s)
	if len(spans) != 1 || spans[0].Start != 0 || spans[0].End != len(s) {
		return Span{}, false
	}
	return spans[0], true
}

// SolePath returns the path s is when s is one expression and nothing
// else (`${{ github.ref_name }}`, no text or other expression around it)
// and that expression is a property access.
func SolePath(s string) (Path, bool) {
	sp, ok := Sole(s)
	if !ok {
		return Path{}, false
	}
	e := sp.Parse()
	if e.Root == nil {
		return Path{}, false
	}
	return e.PathOf(e.Root)
}

// Path is a property access: a context followed by .name, .* or ['name'].
type Path struct {
	// Parts are the names as written: "secrets", "GH_PAT"; "*" for .*.
	Parts []string
	// Start and End are the byte offsets of the path in the body.
	Start, End int
	// Node is the path's node in the syntax tree.
	Node actionlint.ExprNode
}

// Lower is the path in lower case, dotted: "secrets.gh_pat". Expressions
// compare context and property names without regard to case.
func (p Path) Lower() string { return strings.ToLower(strings.Join(p.Parts, ".")) }

// PathOf returns the path that node n of e is, if it is one.
func (e *Expr) PathOf(n actionlint.ExprNode) (Path, bool) {
	var steps []actionlint.ExprNode // from the context outwards
	for cur := n; ; {
		steps = append(steps, cur)
		switch c := cur.(type) {
		case *actionlint.VariableNode:
			return e.spell(steps)
		case *actionlint.ObjectDerefNode:
			cur = c.Receiver
		case *actionlint.ArrayDerefNode:
			cur = c.Receiver
		case *actionlint.IndexAccessNode:
			if _, ok := c.Index.(*actionlint.StringNode); !ok {
				return Path{}, false
			}
			cur = c.Operand
		default:
			return Path{}, false
		}
	}
}

// spell reads a path's parts as written and its extent; steps go from the
// outermost node to the variable. The syntax tree holds where each part
// starts and, lower-cased, what it is; the text between parts is blanks and
// the punctuation the tree's shape says.
func (e *Expr) spell(steps []actionlint.ExprNode) (Path, bool) {
	v := steps[len(steps)-1].Token()
	p := Path{Parts: []string{v.Value}, Start: v.Offset, Node: steps[0]}
	pos := v.Offset + len(v.Value)
	for k := len(steps) - 2; k >= 0; k-- {
		switch s := steps[k].(type) {
		case *actionlint.ObjectDerefNode:
			if pos = e.skipBlanks(e.after(pos, '.')); pos < 0 || pos+len(s.Property) > len(e.Text) || !strings.EqualFold(e.Text[pos:pos+len(s.Property)], s.Property) {
				return Path{}, false
			}
			p.Parts = append(p.Parts, e.Text[pos:pos+len(s.Property)])
			pos += len(s.Property)
		case *actionlint.ArrayDerefNode:
			if pos = e.skipBlanks(e.after(pos, '.')); pos < 0 || pos >= len(e.Text) || e.Text[pos] != '*' {
				return Path{}, false
			}
			p.Parts = append(p.Parts, "*")
			pos++
		case *actionlint.IndexAccessNode:
			lit := s.Index.(*actionlint.StringNode)
			t := lit.Token()
			if pos = e.skipBlanks(e.after(pos, '[')); pos != t.Offset {
				return Path{}, false // the name is in parentheses or built
			}
			if pos = e.after(t.Offset+len(t.Value), ']'); pos < 0 {
				return Path{}, false
			}
			p.Parts = append(p.Parts, lit.Value)
		}
	}
	p.End = pos
	return p, true
}

// after returns the offset just past punctuation c at pos (blanks before
// it skipped), or -1 when c is not there.
func (e *Expr) after(pos int, c byte) int {
	pos = e.skipBlanks(pos)
	if pos < 0 || pos >= len(e.Text) || e.Text[pos] != c {
		return -1
	}
	return pos + 1
}

// skipBlanks skips the blanks actionlint's lexer skips; -1 stays -1.
func (e *Expr) skipBlanks(pos int) int {
	for pos >= 0 && pos < len(e.Text) && (e.Text[pos] == ' ' || e.Text[pos] == '\t' || e.Text[pos] == '\n' || e.Text[pos] == '\r') {
		pos++
	}
	return pos
}

// Paths returns the longest paths of e, in source order: secrets.PAT in
// format('{0}', secrets.PAT), both operands of a || b, secrets and
// matrix.name in secrets[matrix.name]. A function's name is not a path.
func (e *Expr) Paths() []Path {
	var out []Path
	var walk func(n actionlint.ExprNode)
	walk = func(n actionlint.ExprNode) {
		if n == nil {
			return
		}
		if p, ok := e.PathOf(n); ok {
			out = append(out, p)
			return
		}
		for _, c := range Children(n) {
			walk(c)
		}
	}
	walk(e.Root)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Start < out[j].Start })
	return out
}

// Children are the operands of a node, left to right.
func Children(n actionlint.ExprNode) []actionlint.ExprNode {
	switch n := n.(type) {
	case *actionlint.ObjectDerefNode:
		return []actionlint.ExprNode{n.Receiver}
	case *actionlint.ArrayDerefNode:
		return []actionlint.ExprNode{n.Receiver}
	case *actionlint.IndexAccessNode:
		return []actionlint.ExprNode{n.Operand, n.Index}
	case *actionlint.NotOpNode:
		return []actionlint.ExprNode{n.Operand}
	case *actionlint.CompareOpNode:
		return []actionlint.ExprNode{n.Left, n.Right}
	case *actionlint.LogicalOpNode:
		return []actionlint.ExprNode{n.Left, n.Right}
	case *actionlint.FuncCallNode:
		return n.Args
	}
	return nil
}

// NamesInUnparsed returns the dotted names (secrets.GH_PAT, github.token)
// in an expression actionlint cannot parse, so that a malformed expression
// still shows what it names. The text is cut at every character a name
// cannot hold; nothing is read as syntax.
func NamesInUnparsed(text string) []string {
	var out []string
	seen := map[string]bool{}
	for _, f := range strings.FieldsFunc(text, func(r rune) bool {
		return !(r == '.' || r == '_' || r == '-' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z')
	}) {
		if strings.Contains(f, ".") && !seen[f] {
			seen[f] = true
			out = append(out, f)
		}
	}
	return out
}

// Condition parses an if: condition: a bare expression, or one ${{ }}
// that is the whole text. It is nil for a condition with text around an
// expression (always true, whatever the expression says) and for one that
// does not parse.
func Condition(cond string) *Expr {
	cond = strings.TrimSpace(cond)
	if sp := Find(cond); len(sp) == 1 && sp[0].Start == 0 && sp[0].End == len(cond) {
		cond = sp[0].Body
	} else if len(sp) > 0 {
		return nil
	}
	if e := Parse(cond); e.Root != nil {
		return e
	}
	return nil
}

// Boolean reports whether the expression body always evaluates to true or
// false: a comparison, a negation, a boolean literal, one of the functions
// that return a boolean (contains, startsWith, endsWith, success, always,
// cancelled, failure), or && and || between such operands (with other
// operands they return an operand's value). A script that writes it where
// a command goes runs the shell's true or false.
func Boolean(body string) bool {
	e := Parse(body)
	return e.Root != nil && isBoolean(e.Root)
}

func isBoolean(n actionlint.ExprNode) bool {
	switch n := n.(type) {
	case *actionlint.BoolNode, *actionlint.CompareOpNode, *actionlint.NotOpNode:
		return true
	case *actionlint.LogicalOpNode:
		return isBoolean(n.Left) && isBoolean(n.Right)
	case *actionlint.FuncCallNode:
		switch strings.ToLower(n.Callee) {
		case "contains", "startswith", "endswith", "success", "always", "cancelled", "failure":
			return true
		}
	}
	return false
}
