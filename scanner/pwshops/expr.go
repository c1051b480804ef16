package pwshops

import (
	"strings"
)

// Expressions: what PowerShell reads in expression mode ($x + 1, "a" -f $b,
// @{ k = v }, [type]::Member(...)), strings and variables.

// expression reads an expression: operands joined by binary operators
// (precedence is not kept, except that commas bind first: the reader needs
// what flows where, not the value).
func (p *parser) expression() expr { return p.binary(true) }

// argExpression reads an expression that ends at a comma (a method's
// argument).
func (p *parser) argExpression() expr { return p.binary(false) }

func (p *parser) binary(commas bool) expr {
	p.enter()
	defer p.leave()
	start := p.pos
	operand := p.unary
	if commas {
		operand = p.commaList
	}
	x := operand()
	for {
		p.skipSpace()
		op := p.binaryOp()
		if op == "" || op == "," {
			return x
		}
		p.pos += len(op)
		p.skipNewlines()
		y := operand()
		x = &binExpr{node: node{start, p.pos}, op: strings.ToLower(op), l: x, r: y}
	}
}

// commaList reads unary expressions joined by commas (an array).
func (p *parser) commaList() expr {
	start := p.pos
	x := p.unary()
	for {
		p.skipSpace()
		if p.peek() != ',' {
			return x
		}
		p.pos++
		p.skipNewlines()
		x = &binExpr{node: node{start, p.pos}, op: ",", l: x, r: p.unary()}
	}
}

// dashOperators are PowerShell's operators written -name (without the c
// and i prefixes for case).
var dashOperators = map[string]bool{
	"eq": true, "ne": true, "gt": true, "ge": true, "lt": true, "le": true, "like": true, "notlike": true,
	"match": true, "notmatch": true, "replace": true, "contains": true, "notcontains": true, "in": true,
	"notin": true, "split": true, "join": true, "is": true, "isnot": true, "as": true, "and": true,
	"or": true, "xor": true, "not": true, "band": true, "bor": true, "bxor": true, "bnot": true,
	"f": true, "shl": true, "shr": true,
}

// dashOperator is the -operator at off ("-eq", "-creplace"), "" when none.
func (p *parser) dashOperator(off int) string {
	if off >= len(p.src) || p.src[off] != '-' {
		return ""
	}
	i := off + 1
	for i < len(p.src) && isLetter(p.src[i]) {
		i++
	}
	if i < len(p.src) && (isNameChar(p.src[i]) || p.src[i] == ':') {
		return ""
	}
	w := strings.ToLower(p.src[off+1 : i])
	if dashOperators[w] || len(w) > 1 && (w[0] == 'c' || w[0] == 'i') && dashOperators[w[1:]] && w[1:] != "f" {
		return p.src[off:i]
	}
	return ""
}

// binaryOp is the binary operator at the current position, "" when none.
func (p *parser) binaryOp() string {
	c := p.peek()
	switch c {
	case '-':
		if op := p.dashOperator(p.pos); op != "" && !strings.EqualFold(op, "-not") && !strings.EqualFold(op, "-bnot") {
			return op
		}
		if p.peekAt(1) != '=' && p.peekAt(1) != '-' && !isLetter(p.peekAt(1)) {
			return "-"
		}
	case '+', '*', '/', '%':
		if p.peekAt(1) != '=' && !(c == '+' && p.peekAt(1) == '+') {
			return string(c)
		}
	case ',':
		return ","
	case '.':
		if p.peekAt(1) == '.' {
			return ".."
		}
	case '?':
		if p.peekAt(1) == '?' && p.peekAt(2) != '=' {
			return "??"
		}
		if isSpace(p.peekAt(1)) || p.peekAt(1) == '\n' {
			return "?" // cond ? a : b
		}
	case ':':
		if isSpace(p.peekAt(1)) || p.peekAt(1) == '\n' {
			return ":"
		}
	}
	return ""
}

// unary reads prefix operators and casts, then a postfix expression.
func (p *parser) unary() expr {
	p.enter()
	defer p.leave()
	start := p.pos
	p.skipSpace()
	c := p.peek()
	switch {
	case c == '!' || c == ',':
		p.pos++
		p.skipNewlines()
		return &unaryExpr{node: node{start, p.pos}, op: string(c), x: p.unary()}
	case (c == '+' || c == '-') && p.peekAt(1) == c:
		p.pos += 2
		return &unaryExpr{node: node{start, p.pos}, op: string(c) + string(c), x: p.unary()}
	case c == '-' && p.dashOperator(p.pos) != "":
		op := p.dashOperator(p.pos)
		p.pos += len(op)
		p.skipNewlines()
		return &unaryExpr{node: node{start, p.pos}, op: strings.ToLower(op), x: p.unary()}
	case c == '+' || c == '-' && !isDigit(p.peekAt(1)):
		p.pos++
		p.skipNewlines()
		return &unaryExpr{node: node{start, p.pos}, op: string(c), x: p.unary()}
	case c == '[':
		t := p.typeLiteral()
		save := p.pos
		p.skipSpace()
		if p.hasPrefix("::") {
			return p.postfix(t)
		}
		if p.startsOperand() {
			x := p.unary()
			return &unaryExpr{node: node{start, p.pos}, op: "[" + t.(*typeExpr).name + "]", x: x}
		}
		p.pos = save
		return p.postfix(t)
	}
	return p.postfix(p.primary())
}

// startsOperand reports whether an operand (after a cast) starts here.
func (p *parser) startsOperand() bool {
	c := p.peek()
	return c == '$' || c == '@' || c == '\'' || c == '"' || c == '(' || c == '[' || c == '{' || isDigit(c) || c == '-' && isDigit(p.peekAt(1))
}

// typeLiteral reads [type].
func (p *parser) typeLiteral() expr {
	start := p.pos
	p.skipBalanced('[', ']')
	name := strings.TrimSpace(p.src[start+1 : p.pos-1])
	return &typeExpr{node: node{start, p.pos}, name: name}
}

// primary reads a variable, string, number, (…), $(…), @(…), @{…}, a
// script block or a type literal.
func (p *parser) primary() expr {
	p.enter()
	defer p.leave()
	start := p.pos
	c := p.peek()
	switch {
	case c == '$':
		return p.variable()
	case c == '\'' || c == '"':
		return p.quoted()
	case c == '@':
		switch p.peekAt(1) {
		case '(':
			p.pos += 2
			body := p.parenBody()
			return &subExpr{node: node{start, p.pos}, body: body}
		case '{':
			return p.hash()
		case '"', '\'':
			return p.hereString()
		}
		if isNameStart(p.peekAt(1)) {
			p.pos++
			ns := p.pos
			p.name()
			return &splatExpr{node: node{start, p.pos}, name: p.src[ns:p.pos]}
		}
	case c == '(':
		p.pos++
		body := p.parenBody()
		return &parenExpr{node: node{start, p.pos}, body: body}
	case c == '{':
		return p.scriptBlock()
	case c == '[':
		return p.typeLiteral()
	case isDigit(c) || c == '.' && isDigit(p.peekAt(1)) || c == '-' && isDigit(p.peekAt(1)):
		end := p.numberEnd(p.pos)
		if end > p.pos {
			p.pos = end
			return &litExpr{node: node{start, end}, text: p.src[start:end]}
		}
	}
	if p.eof() {
		p.fail("missing expression")
	}
	p.fail("unexpected '" + string(c) + "' in an expression")
	return nil
}

// numberEnd is the end of the number at off (off when there is none).
func (p *parser) numberEnd(off int) int {
	i := off
	if i < len(p.src) && p.src[i] == '-' {
		i++
	}
	ds := i
	if strings.HasPrefix(p.src[i:], "0x") || strings.HasPrefix(p.src[i:], "0X") {
		i += 2
		for i < len(p.src) && isHex(p.src[i]) {
			i++
		}
	} else {
		for i < len(p.src) && (isDigit(p.src[i]) || p.src[i] == '.' && i+1 < len(p.src) && isDigit(p.src[i+1])) {
			i++
		}
		if i < len(p.src) && (p.src[i] == 'e' || p.src[i] == 'E') && i+1 < len(p.src) && (isDigit(p.src[i+1]) || (p.src[i+1] == '-' || p.src[i+1] == '+') && i+2 < len(p.src) && isDigit(p.src[i+2])) {
			i += 2
			for i < len(p.src) && isDigit(p.src[i]) {
				i++
			}
		}
	}
	if i == ds {
		return off
	}
	// type and multiplier suffixes: 1kb, 10L, 1.5d
	for _, s := range []string{"kb", "mb", "gb", "tb", "pb", "l", "d", "u", "ul", "y", "uy", "s", "us", "n"} {
		if i+len(s) <= len(p.src) && strings.EqualFold(p.src[i:i+len(s)], s) && (i+len(s) == len(p.src) || !isWordChar(p.src[i+len(s)])) {
			return i + len(s)
		}
	}
	return i
}

// postfix reads member access, method calls and indexes after x.
func (p *parser) postfix(x expr) expr {
	start := x.at().off
	for !p.eof() {
		c := p.peek()
		switch {
		case c == '.' && p.peekAt(1) != '.' || c == ':' && p.peekAt(1) == ':' || c == '?' && p.peekAt(1) == '.':
			static := c == ':'
			save := p.pos
			if c == '.' {
				p.pos++
				// The member may follow on the next line ($x.\n  Prop).
				p.skipNewlines()
			} else {
				p.pos += 2
			}
			var name expr
			switch n := p.peek(); {
			case isNameStart(n):
				ns := p.pos
				p.name()
				name = &litExpr{node: node{ns, p.pos}, text: p.src[ns:p.pos]}
			case n == '$':
				name = p.variable()
			case n == '\'' || n == '"':
				name = p.quoted()
			case n == '(':
				name = p.primary()
			default:
				p.pos = save
				return x
			}
			m := &memberExpr{x: x, name: name, static: static}
			switch p.peek() {
			case '(':
				p.pos++
				m.call = true
				m.args = p.callArgs()
			case '{':
				// .ForEach{ ... } and .Where{ ... }: one script block.
				m.call = true
				m.args = []expr{p.scriptBlock()}
			}
			m.node = node{start, p.pos}
			x = m
		case c == '[' && !isSpace(p.src[max(p.pos-1, 0)]) || c == '?' && p.peekAt(1) == '[':
			if c == '?' {
				p.pos++ // ${x}?[0]: null-conditional
			}
			p.pos++
			p.skipNewlines()
			var i expr
			if p.peek() != ']' {
				i = p.expression()
			}
			p.skipNewlines()
			p.expect(']')
			x = &indexExpr{node: node{start, p.pos}, x: x, i: i}
		case (c == '+' || c == '-') && p.peekAt(1) == c:
			p.pos += 2
			x = &unaryExpr{node: node{start, p.pos}, op: string(c) + string(c), x: x}
		default:
			return x
		}
	}
	return x
}

// callArgs reads a method's arguments up to ')' (read).
func (p *parser) callArgs() []expr {
	var out []expr
	for {
		p.skipNewlines()
		if p.peek() == ')' {
			p.pos++
			return out
		}
		out = append(out, p.argExpression())
		p.skipNewlines()
		if p.peek() == ',' {
			p.pos++
		}
	}
}

// flattenComma lists the elements of a, b, c.
func flattenComma(x expr) []expr {
	if b, ok := x.(*binExpr); ok && b.op == "," {
		return append(flattenComma(b.l), flattenComma(b.r)...)
	}
	return []expr{x}
}

// hash reads @{ key = value; ... }.
func (p *parser) hash() expr {
	start := p.pos
	p.pos += 2
	h := &hashExpr{}
	for !p.closed('}') {
		var key expr
		switch c := p.peek(); {
		case c == '\'' || c == '"' || c == '$' || c == '(':
			key = p.postfix(p.primary())
		default:
			ks := p.pos
			for !p.eof() && !isSpace(p.peek()) && strings.IndexByte("=;\n}", p.peek()) < 0 {
				p.pos++
			}
			if p.pos == ks {
				p.fail("missing key in a hash literal")
			}
			key = &litExpr{node: node{ks, p.pos}, text: p.src[ks:p.pos]}
		}
		p.skipSpace()
		p.expect('=')
		p.skipNewlines()
		h.keys = append(h.keys, key)
		h.vals = append(h.vals, p.valueStatement())
	}
	h.node = node{start, p.pos}
	return h
}

// scriptBlock reads { [param(...)] statements }.
func (p *parser) scriptBlock() expr {
	start := p.pos
	p.pos++
	body := p.statements('}')
	p.pos++
	b := &blockExpr{body: body}
	for _, s := range body {
		if ps, ok := s.(*paramStmt); ok {
			b.params = ps.params
			break
		}
	}
	b.node = node{start, p.pos}
	return b
}

// variable reads $name, ${name}, $scope:name, $(...), or a lone $ as text.
func (p *parser) variable() expr {
	start := p.pos
	p.pos++ // $
	c := p.peek()
	switch {
	case c == '(':
		p.pos++
		body := p.parenBody()
		return &subExpr{node: node{start, p.pos}, body: body}
	case c == '{':
		p.pos++
		var b strings.Builder
		for {
			if p.eof() {
				p.fail("missing closing '}' of a variable name")
			}
			ch := p.peek()
			if ch == '}' {
				p.pos++
				break
			}
			if ch == '`' && p.pos+1 < len(p.src) {
				p.pos++
				ch = p.peek()
			}
			b.WriteByte(ch)
			p.pos++
		}
		scope, name := splitScope(b.String())
		return &varExpr{node: node{start, p.pos}, scope: scope, name: name}
	case isNameChar(c):
		ns := p.pos
		p.name()
		name := p.src[ns:p.pos]
		scope := ""
		if p.peek() == ':' && isNameChar(p.peekAt(1)) {
			scope = strings.ToLower(name)
			p.pos++
			ns = p.pos
			p.name()
			name = p.src[ns:p.pos]
		}
		return &varExpr{node: node{start, p.pos}, scope: scope, name: name}
	case c == '$' || c == '?' || c == '^':
		p.pos++
		return &varExpr{node: node{start, p.pos}, name: string(c)}
	}
	return &litExpr{node: node{start, p.pos}, text: "$"}
}

// splitScope splits "env:NAME" into its scope (lower case) and name.
func splitScope(s string) (string, string) {
	if i := strings.IndexByte(s, ':'); i > 0 {
		scope := strings.ToLower(s[:i])
		switch scope {
		case "env", "global", "script", "local", "private", "using", "variable", "function", "alias":
			return scope, s[i+1:]
		}
	}
	return "", s
}

// quoted reads a single- or double-quoted string.
func (p *parser) quoted() expr {
	start := p.pos
	q := p.peek()
	p.pos++
	if q == '\'' {
		var b strings.Builder
		for {
			if p.eof() {
				p.failAt(start, "missing closing quote")
			}
			c := p.peek()
			p.pos++
			if c == '\'' {
				if p.peek() == '\'' {
					b.WriteByte('\'')
					p.pos++
					continue
				}
				break
			}
			b.WriteByte(c)
		}
		return &litExpr{node: node{start, p.pos}, text: b.String()}
	}
	parts := p.expandable(start, -1)
	return &strExpr{node: node{start, p.pos}, parts: parts}
}

// expandable reads the inside of a double-quoted string (up to its
// closing quote, end < 0) or of an expandable here-string (up to end):
// literal text, escapes, $variables and $(subexpressions).
func (p *parser) expandable(start, end int) []expr {
	var parts []expr
	var lit strings.Builder
	litStart := p.pos
	flush := func() {
		if lit.Len() > 0 {
			parts = append(parts, &litExpr{node: node{litStart, p.pos}, text: lit.String()})
			lit.Reset()
		}
		litStart = p.pos
	}
	for {
		if end >= 0 && p.pos >= end {
			break
		}
		if p.eof() {
			p.failAt(start, "missing closing quote")
		}
		c := p.peek()
		switch {
		case c == '"' && end < 0:
			if p.peekAt(1) == '"' {
				lit.WriteByte('"')
				p.pos += 2
				continue
			}
			flush()
			p.pos++
			return parts
		case c == '`' && p.pos+1 < len(p.src):
			p.pos++
			lit.WriteString(escaped(p.peek()))
			p.pos++
		case c == '$' && (p.peekAt(1) == '(' || p.peekAt(1) == '{' || isNameChar(p.peekAt(1)) || p.peekAt(1) == '$' || p.peekAt(1) == '?' || p.peekAt(1) == '^'):
			flush()
			parts = append(parts, p.variable())
			litStart = p.pos
		default:
			lit.WriteByte(c)
			p.pos++
		}
	}
	flush()
	return parts
}

// hereString reads @' ... '@ and @" ... "@.
func (p *parser) hereString() expr {
	start := p.pos
	q := p.peekAt(1)
	p.pos += 2
	for p.peek() == ' ' || p.peek() == '\t' || p.peek() == '\r' {
		p.pos++
	}
	if p.peek() != '\n' {
		p.fail("a here-string's text starts on the next line")
	}
	p.pos++
	bodyStart := p.pos
	closing := string(q) + "@"
	bodyEnd, after := -1, -1
	if strings.HasPrefix(p.src[bodyStart:], closing) {
		bodyEnd, after = bodyStart, bodyStart+2
	} else if k := strings.Index(p.src[bodyStart:], "\n"+closing); k >= 0 {
		bodyEnd, after = bodyStart+k, bodyStart+k+1+2
		if bodyEnd > bodyStart && p.src[bodyEnd-1] == '\r' {
			bodyEnd--
		}
	}
	if bodyEnd < 0 {
		p.failAt(start, "missing end of a here-string")
	}
	if q == '\'' {
		p.pos = after
		return &litExpr{node: node{start, after}, text: p.src[bodyStart:bodyEnd]}
	}
	parts := p.expandable(start, bodyEnd)
	p.pos = after
	return &strExpr{node: node{start, after}, parts: parts}
}

// escaped is the text of a backtick escape `c.
func escaped(c byte) string {
	switch c {
	case 'n':
		return "\n"
	case 't':
		return "\t"
	case 'r':
		return "\r"
	case '0':
		return "\x00"
	case 'a', 'b', 'e', 'f', 'v':
		return ""
	}
	return string(c)
}
