package expression

import (
	"math"
	"strconv"
	"strings"

	"github.com/rhysd/actionlint"
)

// A value is what an expression evaluates to: a string, a number, a
// boolean or null (GitHub Actions' expression types, objects aside).
type value struct {
	kind byte // 's', 'n', 'b', 'z' (null)
	s    string
	n    float64
	b    bool
}

// Truth evaluates an if: condition whose every property is one lookup
// knows (a composite action's inputs given literal values), by the rules
// of GitHub Actions' expressions: == and != compare strings without regard
// to case and other types as numbers; !, && and || work on truthiness
// (false, 0, "" and null are falsy). ok is false when the condition names
// anything else (a function, a context lookup does not know) or does not
// parse: such a condition may be true.
func Truth(cond string, lookup func(Path) (string, bool)) (truth, ok bool) {
	e := Condition(cond)
	if e == nil {
		return false, false
	}
	v, ok := e.eval(e.Root, lookup)
	if !ok {
		return false, false
	}
	return v.truthy(), true
}

// Evaluate is the string value of an expression's body whose every
// property lookup knows, by Truth's rules (a && b is b when a is truthy,
// else a; a || b is a when a is truthy, else b): the value
// `inputs.dir == 'vscode' && 'extensions/vscode' || inputs.dir` has when
// inputs.dir is gui. ok is false when it names anything else or does not
// parse, or when a left side of && or || cannot be evaluated (Truth may
// decide a condition without it; a value is not known without it).
func Evaluate(body string, lookup func(Path) (string, bool)) (string, bool) {
	e := Parse(body)
	if e == nil {
		return "", false
	}
	e.whole = true
	v, ok := e.eval(e.Root, lookup)
	if !ok {
		return "", false
	}
	return v.string(), true
}

func (e *Expr) eval(n actionlint.ExprNode, lookup func(Path) (string, bool)) (value, bool) {
	switch n := n.(type) {
	case *actionlint.StringNode:
		return value{kind: 's', s: n.Value}, true
	case *actionlint.IntNode:
		return value{kind: 'n', n: float64(n.Value)}, true
	case *actionlint.FloatNode:
		return value{kind: 'n', n: n.Value}, true
	case *actionlint.BoolNode:
		return value{kind: 'b', b: n.Value}, true
	case *actionlint.NullNode:
		return value{kind: 'z'}, true
	case *actionlint.VariableNode, *actionlint.ObjectDerefNode, *actionlint.IndexAccessNode:
		p, ok := e.PathOf(n)
		if !ok {
			return value{}, false
		}
		s, ok := lookup(p)
		return value{kind: 's', s: s}, ok
	case *actionlint.NotOpNode:
		v, ok := e.eval(n.Operand, lookup)
		return value{kind: 'b', b: !v.truthy()}, ok
	case *actionlint.LogicalOpNode:
		// && and || return an operand, and stop at the first that
		// decides (a right side that cannot be evaluated is then not
		// needed). A left side that cannot be evaluated still gives
		// the truth of the whole when the right side decides it
		// (`always() && github.repository == 'x/y'`).
		and := n.Kind == actionlint.LogicalOpNodeKindAnd
		l, ok := e.eval(n.Left, lookup)
		if !ok && e.whole {
			return value{}, false
		}
		if !ok {
			r, ok := e.eval(n.Right, lookup)
			if ok && and != r.truthy() {
				return r, true
			}
			return value{}, false
		}
		if and != l.truthy() {
			return l, true
		}
		return e.eval(n.Right, lookup)
	case *actionlint.FuncCallNode:
		return e.call(n, lookup)
	case *actionlint.CompareOpNode:
		l, ok1 := e.eval(n.Left, lookup)
		r, ok2 := e.eval(n.Right, lookup)
		if !ok1 || !ok2 {
			return value{}, false
		}
		switch n.Kind {
		case actionlint.CompareOpNodeKindEq:
			return value{kind: 'b', b: equal(l, r)}, true
		case actionlint.CompareOpNodeKindNotEq:
			return value{kind: 'b', b: !equal(l, r)}, true
		}
	}
	return value{}, false
}

// call evaluates contains, startsWith and endsWith on strings, which
// GitHub compares without regard to case, and format; other functions,
// and contains on an array, are not evaluated.
func (e *Expr) call(n *actionlint.FuncCallNode, lookup func(Path) (string, bool)) (value, bool) {
	var test func(s, sub string) bool
	switch strings.ToLower(n.Callee) {
	case "format":
		return e.format(n, lookup)
	case "contains":
		test = strings.Contains
	case "startswith":
		test = strings.HasPrefix
	case "endswith":
		test = strings.HasSuffix
	default:
		return value{}, false
	}
	if len(n.Args) != 2 {
		return value{}, false
	}
	a, ok1 := e.eval(n.Args[0], lookup)
	b, ok2 := e.eval(n.Args[1], lookup)
	if !ok1 || !ok2 || a.kind != 's' {
		return value{}, false
	}
	return value{kind: 'b', b: test(strings.ToLower(a.s), strings.ToLower(b.string()))}, true
}

// format evaluates format(text, v0, v1, ...): each {N} of text becomes the
// string of argument N, and {{ and }} stand for { and }. A text that is not
// a string, a {N} with no argument, or a lone brace is not evaluated
// (GitHub fails the run on it).
func (e *Expr) format(n *actionlint.FuncCallNode, lookup func(Path) (string, bool)) (value, bool) {
	if len(n.Args) == 0 {
		return value{}, false
	}
	f, ok := e.eval(n.Args[0], lookup)
	if !ok || f.kind != 's' {
		return value{}, false
	}
	args := make([]string, 0, len(n.Args)-1)
	for _, a := range n.Args[1:] {
		v, ok := e.eval(a, lookup)
		if !ok {
			return value{}, false
		}
		args = append(args, v.string())
	}
	var b strings.Builder
	text := f.s
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch {
		case c == '{' && i+1 < len(text) && text[i+1] == '{', c == '}' && i+1 < len(text) && text[i+1] == '}':
			b.WriteByte(c)
			i++
		case c == '{':
			end := strings.IndexByte(text[i:], '}')
			if end < 0 {
				return value{}, false
			}
			k, err := strconv.Atoi(text[i+1 : i+end])
			if err != nil || k < 0 || k >= len(args) {
				return value{}, false
			}
			b.WriteString(args[k])
			i += end
		case c == '}':
			return value{}, false
		default:
			b.WriteByte(c)
		}
	}
	return value{kind: 's', s: b.String()}, true
}

// string converts a value to a string as GitHub's functions do.
func (v value) string() string {
	switch v.kind {
	case 'n':
		return strconv.FormatFloat(v.n, 'f', -1, 64)
	case 'b':
		return strconv.FormatBool(v.b)
	case 'z':
		return ""
	}
	return v.s
}

// truthy is GitHub's truthiness: false, 0, -0, "" and null are falsy.
func (v value) truthy() bool {
	switch v.kind {
	case 's':
		return v.s != ""
	case 'n':
		return v.n != 0 && !math.IsNaN(v.n)
	case 'b':
		return v.b
	}
	return false
}

// equal compares as GitHub does: strings without regard to case, values
// of different types as numbers (NaN equals nothing).
func equal(a, b value) bool {
	if a.kind == b.kind {
		switch a.kind {
		case 's':
			return strings.EqualFold(a.s, b.s)
		case 'b':
			return a.b == b.b
		case 'z':
			return true
		}
	}
	x, y := a.number(), b.number()
	return !math.IsNaN(x) && x == y
}

// number converts a value as GitHub does for comparisons of mixed types.
func (v value) number() float64 {
	switch v.kind {
	case 'n':
		return v.n
	case 'b':
		if v.b {
			return 1
		}
		return 0
	case 'z':
		return 0
	}
	s := strings.TrimSpace(v.s)
	if s == "" {
		return 0
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return math.NaN()
	}
	return f
}
