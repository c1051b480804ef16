package pyops

// Expression node kinds.
const (
	nName = iota + 1
	nStr
	nNum
	nAttr   // x.name
	nCall   // x(args, kw=...)
	nIndex  // x[y]
	nBin    // x op y (name holds the operator: + % or and == ...)
	nUnary  // op x (not, -)
	nDict   // {k: v}
	nList   // [a, b], (a, b), {a, b}
	nCond   // x if y else z
	nStar   // *x or **x in a call or a literal (name holds * or **)
	nLambda // lambda ...: (not read)
	// nComp is a comprehension: x is the element, args the iterables and
	// conditions of its clauses, comp its for clauses.
	nComp
	nOther
)

// node is a Python expression.
type node struct {
	kind int
	name string
	x, y *node
	z    *node
	args []*node
	kw   []kwarg
	keys []*node // dict keys (nil for **spread)
	vals []*node // dict values
	str  *strLit
	// fexprs are the parsed replacement fields of an f-string.
	fexprs []*node
	// comp are a comprehension's for clauses (nComp).
	comp []compFor
	line int
}

// compFor is one `for target in iter` clause of a comprehension.
type compFor struct {
	target, iter *node
}

type kwarg struct {
	name string // "" for **x
	val  *node
}

// maxExprDepth bounds the parser's recursion.
const maxExprDepth = 200

// parser reads expressions from one logical line's tokens.
type parser struct {
	t     []token
	i     int
	depth int
}

func (p *parser) peek() token {
	if p.i < len(p.t) {
		return p.t[p.i]
	}
	return token{}
}

func (p *parser) next() token {
	t := p.peek()
	if p.i < len(p.t) {
		p.i++
	}
	return t
}

func (p *parser) isOp(s string) bool {
	t := p.peek()
	return t.kind == tOp && t.text == s
}

func (p *parser) isName(s string) bool {
	t := p.peek()
	return t.kind == tName && t.text == s
}

func (p *parser) eat(s string) bool {
	if p.isOp(s) || p.isName(s) {
		p.i++
		return true
	}
	return false
}

// exprList reads a comma-separated list at the top level, as a tuple when
// there are several.
func (p *parser) exprList() *node {
	line := p.peek().line
	first := p.expr()
	if !p.isOp(",") {
		return first
	}
	n := &node{kind: nList, args: []*node{first}, line: line}
	for p.eat(",") {
		if p.atEnd() || p.isOp("=") || p.isOp(")") || p.isOp("]") || p.isOp("}") || p.isOp(":") {
			break
		}
		n.args = append(n.args, p.expr())
	}
	return n
}

func (p *parser) atEnd() bool { return p.i >= len(p.t) || p.peek().kind == tNewline }

// expr reads one expression (ternary, lambda, walrus).
func (p *parser) expr() *node {
	p.depth++
	defer func() { p.depth-- }()
	if p.depth > maxExprDepth || p.atEnd() {
		return &node{kind: nOther, line: p.peek().line}
	}
	if p.isName("lambda") {
		line := p.next().line
		// lambda params: body — the body is read for the calls in it.
		for !p.atEnd() && !p.isOp(":") {
			p.next()
		}
		p.eat(":")
		body := p.expr()
		return &node{kind: nLambda, x: body, line: line}
	}
	if p.isName("yield") || p.isName("await") {
		p.next()
		p.eat("from")
		if p.atEnd() || p.isOp(")") || p.isOp(",") {
			return &node{kind: nOther, line: p.peek().line}
		}
		return p.expr()
	}
	x := p.or()
	if p.isName("if") && p.depth > 0 {
		save := p.i
		p.next()
		cond := p.or()
		if p.eat("else") {
			return &node{kind: nCond, x: x, y: cond, z: p.expr(), line: x.line}
		}
		p.i = save
	}
	if p.isOp(":=") {
		p.next()
		return &node{kind: nBin, name: "=", x: x, y: p.expr(), line: x.line}
	}
	return x
}

func (p *parser) or() *node {
	x := p.and()
	for p.isName("or") {
		p.next()
		x = &node{kind: nBin, name: "or", x: x, y: p.and(), line: x.line}
	}
	return x
}

func (p *parser) and() *node {
	x := p.not()
	for p.isName("and") {
		p.next()
		x = &node{kind: nBin, name: "and", x: x, y: p.not(), line: x.line}
	}
	return x
}

func (p *parser) not() *node {
	if p.isName("not") {
		line := p.next().line
		return &node{kind: nUnary, name: "not", x: p.not(), line: line}
	}
	return p.comparison()
}

var comparisons = map[string]bool{"==": true, "!=": true, "<": true, ">": true, "<=": true, ">=": true}

func (p *parser) comparison() *node {
	x := p.binary(0)
	for {
		t := p.peek()
		op := ""
		switch {
		case t.kind == tOp && comparisons[t.text]:
			op = t.text
			p.next()
		case t.kind == tName && (t.text == "in" || t.text == "is"):
			op = t.text
			p.next()
			if op == "is" && p.isName("not") {
				p.next()
				op = "is not"
			}
		case t.kind == tName && t.text == "not" && p.i+1 < len(p.t) && p.t[p.i+1].text == "in":
			p.i += 2
			op = "not in"
		default:
			return x
		}
		x = &node{kind: nBin, name: op, x: x, y: p.binary(0), line: x.line}
	}
}

// binaryLevels are the binary operators from loosest to tightest.
var binaryLevels = [][]string{{"|"}, {"^"}, {"&"}, {"<<", ">>"}, {"+", "-"}, {"*", "/", "//", "%", "@"}}

func (p *parser) binary(level int) *node {
	if level >= len(binaryLevels) {
		return p.unary()
	}
	x := p.binary(level + 1)
	for {
		t := p.peek()
		matched := false
		if t.kind == tOp {
			for _, op := range binaryLevels[level] {
				if t.text == op {
					matched = true
				}
			}
		}
		if !matched {
			return x
		}
		p.next()
		x = &node{kind: nBin, name: t.text, x: x, y: p.binary(level + 1), line: x.line}
	}
}

func (p *parser) unary() *node {
	if t := p.peek(); t.kind == tOp && (t.text == "-" || t.text == "+" || t.text == "~") {
		p.next()
		return &node{kind: nUnary, name: t.text, x: p.unary(), line: t.line}
	}
	x := p.primary()
	if p.isOp("**") {
		p.next()
		return &node{kind: nBin, name: "**", x: x, y: p.unary(), line: x.line}
	}
	return x
}

// primary reads an atom and its trailers: .name, (args), [index].
func (p *parser) primary() *node {
	x := p.atom()
	for {
		switch {
		case p.isOp("."):
			p.next()
			t := p.next()
			x = &node{kind: nAttr, x: x, name: t.text, line: x.line}
		case p.isOp("("):
			p.next()
			x = p.call(x)
		case p.isOp("["):
			p.next()
			idx := p.subscript()
			p.eat("]")
			x = &node{kind: nIndex, x: x, y: idx, line: x.line}
		default:
			return x
		}
	}
}

// subscript reads an index or a slice (a slice is not read).
func (p *parser) subscript() *node {
	if p.isOp(":") || p.isOp("]") {
		p.skipTo("]")
		return &node{kind: nOther}
	}
	x := p.exprList()
	if p.isOp(":") {
		p.skipTo("]")
		return &node{kind: nOther, line: x.line}
	}
	return x
}

// skipTo moves to the closing bracket s at this depth.
func (p *parser) skipTo(s string) {
	depth := 0
	for !p.atEnd() {
		t := p.peek()
		if t.kind == tOp {
			switch t.text {
			case "(", "[", "{":
				depth++
			case ")", "]", "}":
				if depth == 0 && t.text == s {
					return
				}
				depth--
				if depth < 0 {
					return
				}
			}
		}
		p.next()
	}
}

// call reads a call's arguments after "(".
func (p *parser) call(fn *node) *node {
	c := &node{kind: nCall, x: fn, line: fn.line}
	for !p.atEnd() && !p.isOp(")") {
		switch {
		case p.isOp("*") || p.isOp("**"):
			op := p.next().text
			v := p.expr()
			if op == "**" {
				c.kw = append(c.kw, kwarg{val: v})
			} else {
				c.args = append(c.args, &node{kind: nStar, name: op, x: v, line: v.line})
			}
		case p.peek().kind == tName && p.i+1 < len(p.t) && p.t[p.i+1].kind == tOp && p.t[p.i+1].text == "=":
			name := p.next().text
			p.next()
			c.kw = append(c.kw, kwarg{name: name, val: p.expr()})
		default:
			a := p.expr()
			if p.isName("for") {
				a = p.comprehension(a)
			}
			c.args = append(c.args, a)
		}
		if !p.eat(",") {
			break
		}
	}
	p.skipTo(")")
	p.eat(")")
	return c
}

// comprehension reads the `for x in y if z` clauses after a
// comprehension's element.
func (p *parser) comprehension(elem *node) *node {
	n := &node{kind: nComp, x: elem, line: elem.line}
	for p.eat("for") {
		target := p.exprListUntil("in")
		if !p.eat("in") {
			break
		}
		iter := p.or()
		n.comp = append(n.comp, compFor{target: target, iter: iter})
		n.args = append(n.args, iter)
		for p.eat("if") {
			n.args = append(n.args, p.or())
		}
	}
	return n
}

func (p *parser) atom() *node {
	t := p.peek()
	switch t.kind {
	case tName:
		p.next()
		return &node{kind: nName, name: t.text, line: t.line}
	case tNumber:
		p.next()
		return &node{kind: nNum, name: t.text, line: t.line}
	case tString:
		// Adjacent literals concatenate.
		p.next()
		n := &node{kind: nStr, str: t.str, line: t.line}
		for p.peek().kind == tString {
			u := p.next()
			n = &node{kind: nBin, name: "+", x: n, y: &node{kind: nStr, str: u.str, line: u.line}, line: t.line}
		}
		return p.withFields(n)
	case tOp:
		switch t.text {
		case "(":
			p.next()
			if p.eat(")") {
				return &node{kind: nList, line: t.line}
			}
			x := p.exprList()
			if p.isName("for") {
				x = p.comprehension(x)
			}
			p.skipTo(")")
			p.eat(")")
			return x
		case "[":
			p.next()
			n := &node{kind: nList, line: t.line}
			for !p.atEnd() && !p.isOp("]") {
				if p.isOp("*") {
					p.next()
					v := p.expr()
					n.args = append(n.args, &node{kind: nStar, name: "*", x: v, line: v.line})
				} else {
					n.args = append(n.args, p.expr())
				}
				if p.isName("for") {
					// [x for ...] is its comprehension's value.
					c := p.comprehension(n.args[len(n.args)-1])
					p.skipTo("]")
					p.eat("]")
					return c
				}
				if !p.eat(",") {
					break
				}
			}
			p.skipTo("]")
			p.eat("]")
			return n
		case "{":
			p.next()
			return p.dict(t.line)
		}
	}
	p.next()
	return &node{kind: nOther, line: t.line}
}

// dict reads a dict or set display after "{".
func (p *parser) dict(line int) *node {
	n := &node{kind: nDict, line: line}
	for !p.atEnd() && !p.isOp("}") {
		if p.isOp("**") {
			p.next()
			n.keys = append(n.keys, nil)
			n.vals = append(n.vals, p.expr())
		} else {
			k := p.expr()
			if p.eat(":") {
				n.keys = append(n.keys, k)
				n.vals = append(n.vals, p.expr())
			} else {
				n.kind = nList // a set
				n.args = append(n.args, k)
			}
		}
		if p.isName("for") {
			// {k: v for ...} and {x for ...} are their element's
			// comprehension.
			elem := n
			if len(n.vals) > 0 {
				elem = n.vals[len(n.vals)-1]
			} else if len(n.args) > 0 {
				elem = n.args[len(n.args)-1]
			}
			c := p.comprehension(elem)
			if len(n.keys) > 0 && n.keys[len(n.keys)-1] != nil {
				c.args = append(c.args, n.keys[len(n.keys)-1])
			}
			p.skipTo("}")
			p.eat("}")
			return c
		}
		if !p.eat(",") {
			break
		}
	}
	p.skipTo("}")
	p.eat("}")
	return n
}

// withFields parses the replacement fields of the f-strings in a string
// node.
func (p *parser) withFields(n *node) *node {
	var walk func(n *node)
	walk = func(n *node) {
		if n == nil {
			return
		}
		if n.kind == nStr && n.str != nil {
			for _, f := range n.str.fparts {
				if f.isEx {
					n.fexprs = append(n.fexprs, parseExpr(f.expr, f.line, p.depth+1))
				}
			}
		}
		if n.kind == nBin {
			walk(n.x)
			walk(n.y)
		}
	}
	walk(n)
	return n
}

// parseExpr parses one expression's source (an f-string field).
func parseExpr(src string, line, depth int) *node {
	if depth > maxExprDepth {
		return &node{kind: nOther, line: line}
	}
	toks, _ := tokenize(src)
	for i := range toks {
		toks[i].line += line - 1
	}
	var body []token
	for _, t := range toks {
		if t.kind != tIndent && t.kind != tNewline {
			body = append(body, t)
		}
	}
	if len(body) == 0 {
		return &node{kind: nOther, line: line}
	}
	p := &parser{t: body, depth: depth}
	return p.expr()
}
