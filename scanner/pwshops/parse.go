package pwshops

import (
	"sort"
	"strings"

	"github.com/pat2app/pat2app/scanner/shellops"
)

// Limits on the parser's work, so that any input is parsed in bounded
// time and stack.
const (
	// maxDepth bounds the nesting of blocks, parentheses and expressions.
	maxDepth = 100
	// maxSteps bounds the syntax nodes made for one script.
	maxSteps = 200_000
)

// script is a parsed script: its statements, and the parts of the text
// that could not be read.
type script struct {
	body   []stmt
	unread []unread
	p      *parser
}

// unread is a stretch of text the parser could not read, and why.
type unread struct {
	off, end int
	reason   string
}

// parser reads PowerShell text into statements. PowerShell reads text in
// two modes: command arguments (barewords, -Parameters) and expressions
// ($x + 1, "a" -f $b); the parser switches the way PowerShell does, by the
// first character of each element.
type parser struct {
	src    string
	pos    int
	depth  int
	steps  int
	nl     []int
	unread []unread
}

// parseError is a place the parser could not read, raised as a panic and
// recovered at the statement that holds it.
type parseError struct {
	off int
	msg string
}

// parse reads src. It never fails: what it cannot read is listed in
// script.unread.
func parse(src string) *script {
	p := &parser{src: asciiQuotes(src)}
	src = p.src
	for i := 0; i < len(src); i++ {
		if src[i] == '\n' {
			p.nl = append(p.nl, i)
		}
	}
	body := p.statements(0)
	return &script{body: body, unread: p.unread, p: p}
}

// lineOf is the 1-based line of offset off.
func (p *parser) lineOf(off int) int {
	return sort.SearchInts(p.nl, off) + 1
}

// lineStart is the offset of the start of the line holding off.
func (p *parser) lineStart(off int) int {
	i := sort.SearchInts(p.nl, off)
	if i == 0 {
		return 0
	}
	return p.nl[i-1] + 1
}

// lineEnd is the offset of the newline ending the line holding off (or
// the end of the text).
func (p *parser) lineEnd(off int) int {
	i := sort.SearchInts(p.nl, off)
	if i < len(p.nl) {
		return p.nl[i]
	}
	return len(p.src)
}

// text is the source of a node.
func (p *parser) text(n node) string {
	if n.off < 0 || n.end > len(p.src) || n.off > n.end {
		return ""
	}
	return p.src[n.off:n.end]
}

func (p *parser) fail(msg string) {
	panic(&parseError{off: min(p.pos, len(p.src)), msg: msg})
}

func (p *parser) failAt(off int, msg string) {
	panic(&parseError{off: min(off, len(p.src)), msg: msg})
}

// step counts a node and bounds the nesting.
func (p *parser) enter() {
	p.steps++
	p.depth++
	if p.steps > maxSteps {
		p.fail("script too large to read")
	}
	if p.depth > maxDepth {
		p.fail("nested too deeply")
	}
}

func (p *parser) leave() { p.depth-- }

// statements reads statements up to close ('}' or ')'; 0 for the end of
// the text), which it leaves for the caller. A statement it cannot read is
// recorded as unread, and reading goes on after it.
func (p *parser) statements(close byte) []stmt {
	var out []stmt
	for {
		p.skipTerminators()
		if p.eof() {
			if close != 0 {
				p.fail("missing closing '" + string(close) + "'")
			}
			return out
		}
		c := p.peek()
		if close != 0 && c == close {
			return out
		}
		start := p.pos
		if c == '}' || c == ')' {
			// A closer with nothing open at this level.
			p.unread = append(p.unread, unread{off: start, end: p.lineEnd(start), reason: "unexpected '" + string(c) + "'"})
			p.pos = max(p.lineEnd(start), start+1)
			continue
		}
		inner := len(p.unread)
		st, err := p.tryStatement()
		if err == nil {
			p.skipSpace()
			switch c := p.peek(); {
			case followable(st, p.src[:p.pos]) || p.eof() || c == '\n' || c == ';' || (close != 0 && c == close):
				out = append(out, st)
				continue
			default:
				err = &parseError{off: p.pos, msg: "unexpected '" + string(c) + "'"}
			}
		}
		end := p.resume(err.off, close)
		// The statement is unread as a whole, whatever was unread in it.
		p.unread = append(p.unread[:inner], unread{off: start, end: max(end, err.off), reason: err.msg})
		p.pos = max(end, start+1)
	}
}

// followable reports whether another statement may follow st on its line
// without a separator, as PowerShell allows: after a block's closing
// brace (if (...) { } next), a param block, or an attribute
// ([CmdletBinding()]param()).
func followable(st stmt, before string) bool {
	switch x := st.(type) {
	case *paramStmt:
		return true
	case *pipeline:
		if len(x.elems) == 1 && len(x.elems[0].redirs) == 0 {
			if _, ok := x.elems[0].expr.(*typeExpr); ok {
				return true
			}
		}
	}
	return strings.HasSuffix(strings.TrimRight(before, " \t\r"), "}")
}

// resume is where reading goes on after an error at off: the end of its
// line, or an unmatched close on that line.
func (p *parser) resume(off int, close byte) int {
	end := p.lineEnd(off)
	if close == 0 {
		return end
	}
	depth := 0
	for i := off; i < end; i++ {
		switch c := p.src[i]; c {
		case '{', '(':
			depth++
		case '}', ')':
			if depth == 0 {
				if c == close {
					return i
				}
				continue
			}
			depth--
		}
	}
	return end
}

// tryStatement reads one statement, turning a parse error into err.
func (p *parser) tryStatement() (st stmt, err *parseError) {
	depth := p.depth
	defer func() {
		if r := recover(); r != nil {
			pe, ok := r.(*parseError)
			if !ok {
				panic(r)
			}
			p.depth = depth
			st, err = nil, pe
		}
	}()
	return p.statement(), nil
}

// keywords start statements.
var keywords = map[string]bool{
	"if": true, "while": true, "for": true, "foreach": true, "do": true, "switch": true,
	"try": true, "trap": true, "function": true, "filter": true, "workflow": true,
	"return": true, "throw": true, "exit": true, "break": true, "continue": true,
	"param": true, "begin": true, "process": true, "end": true, "dynamicparam": true,
	"clean": true, "data": true, "class": true, "enum": true, "using": true, "configuration": true,
}

// keyword is the keyword at the current position (lower case), "" when
// there is none.
func (p *parser) keyword() string {
	i := p.pos
	for i < len(p.src) && isLetter(p.src[i]) {
		i++
	}
	if i == p.pos || i-p.pos > 13 {
		return ""
	}
	if i < len(p.src) && (isNameChar(p.src[i]) || p.src[i] == '-' || p.src[i] == '.' || p.src[i] == '\\' || p.src[i] == '/' || p.src[i] == ':') {
		return ""
	}
	w := strings.ToLower(p.src[p.pos:i])
	if !keywords[w] {
		return ""
	}
	switch w {
	case "begin", "process", "end", "dynamicparam", "clean", "data":
		// Only before a block: otherwise a command of that name.
		save := p.pos
		p.pos = i
		p.skipNewlines()
		ok := p.peek() == '{' || w == "data" && isNameStart(p.peek())
		p.pos = save
		if !ok {
			return ""
		}
	}
	return w
}

func (p *parser) statement() stmt {
	p.enter()
	defer p.leave()
	start := p.pos
	if p.peek() == ':' && isNameStart(p.peekAt(1)) {
		// A loop's label (:outer foreach ...).
		p.pos++
		p.name()
		p.skipSpace()
	}
	if kw := p.keyword(); kw != "" {
		p.pos += len(kw)
		return p.keywordStatement(kw, start)
	}
	return p.assignmentOrChain()
}

// assignmentOrChain reads an assignment or a pipeline chain.
func (p *parser) assignmentOrChain() stmt {
	start := p.pos
	if p.startsExpression() {
		e := p.expression()
		p.skipSpace()
		if op := p.assignOp(); op != "" {
			p.pos += len(op)
			p.skipNewlines()
			v := p.valueStatement()
			return &assignStmt{node: node{start, p.pos}, target: e, op: op, value: v}
		}
		first := &element{node: node{start, p.pos}, expr: e}
		p.redirections(first)
		first.end = p.pos
		return p.chain(first)
	}
	return p.chain(nil)
}

// valueStatement reads what an assignment or a hash entry gives: a
// keyword statement (if, switch, foreach, ...), a pipeline chain, or
// another assignment ($a = $b = 1).
func (p *parser) valueStatement() stmt {
	if kw := p.keyword(); kw != "" {
		at := p.pos
		p.pos += len(kw)
		return p.keywordStatement(kw, at)
	}
	return p.assignmentOrChain()
}

// assignOp is the assignment operator at the current position.
func (p *parser) assignOp() string {
	for _, op := range []string{"=", "+=", "-=", "*=", "/=", "%=", "??="} {
		if p.hasPrefix(op) && !(op == "=" && p.peekAt(1) == '=') {
			return op
		}
	}
	return ""
}

// chain reads pipelines joined by && and ||; first is an element already
// read.
func (p *parser) chain(first *element) stmt {
	start := p.pos
	if first != nil {
		start = first.off
	}
	pl := p.pipeline(first)
	pipes := []*pipeline{pl}
	for {
		p.skipSpace()
		if !p.hasPrefix("&&") && !p.hasPrefix("||") {
			break
		}
		p.pos += 2
		p.skipNewlines()
		pipes = append(pipes, p.pipeline(nil))
	}
	if len(pipes) == 1 {
		return pl
	}
	return &chainStmt{node: node{start, p.pos}, pipes: pipes}
}

// pipeline reads elements joined by |.
func (p *parser) pipeline(first *element) *pipeline {
	start := p.pos
	pl := &pipeline{}
	if first != nil {
		start = first.off
		pl.elems = append(pl.elems, first)
	} else {
		pl.elems = append(pl.elems, p.element())
	}
	for {
		p.skipSpace()
		if p.peek() != '|' {
			// PowerShell 7 goes on with a pipe at the start of the next
			// line.
			save := p.pos
			p.skipNewlines()
			if p.peek() != '|' || p.peekAt(1) == '|' {
				p.pos = save
				break
			}
		}
		if p.peekAt(1) == '|' {
			break
		}
		p.pos++
		p.skipNewlines()
		pl.elems = append(pl.elems, p.element())
	}
	pl.node = node{start, p.pos}
	return pl
}

// element reads a command or an expression with its redirections.
func (p *parser) element() *element {
	p.enter()
	defer p.leave()
	p.skipSpace()
	start := p.pos
	if p.eof() || strings.IndexByte("\n;|)}", p.peek()) >= 0 {
		p.fail("missing command")
	}
	el := &element{}
	if p.startsExpression() {
		el.expr = p.expression()
		p.redirections(el)
	} else {
		el.cmd = p.command(el)
	}
	el.node = node{start, p.pos}
	return el
}

// startsExpression reports whether the text at the current position is
// read as an expression rather than a command.
func (p *parser) startsExpression() bool {
	c := p.peek()
	if p.hasPrefix("${" + shellops.PlaceholderPrefix) {
		// GitHub replaces an expression by its text before PowerShell
		// reads the line: ${{ github.workspace }}/x.ps1 is a command.
		if end := strings.IndexByte(p.src[p.pos:], '}'); end > 0 {
			next := byte(0)
			if p.pos+end+1 < len(p.src) {
				next = p.src[p.pos+end+1]
			}
			return next == 0 || isSpace(next) || strings.IndexByte("\n;|)},.[", next) >= 0
		}
	}
	switch {
	case c == '$' || c == '\'' || c == '"' || c == '(' || c == '[' || c == '{' || c == '!' || c == ',':
		return true
	case c == '@':
		n := p.peekAt(1)
		return n == '(' || n == '{' || n == '"' || n == '\'' || isNameStart(n)
	case c == '+' || c == '-':
		n := p.peekAt(1)
		return n == c || isDigit(n) || c == '-' && p.dashOperator(p.pos) == "-not"
	case isDigit(c) || c == '.' && isDigit(p.peekAt(1)):
		end := p.numberEnd(p.pos)
		return end > p.pos && (end >= len(p.src) || !isWordChar(p.src[end]))
	}
	return false
}

// keywordStatement reads the statement of keyword kw, whose text starts at
// start and has been read.
func (p *parser) keywordStatement(kw string, start int) stmt {
	st := p.keywordBody(kw, start)
	st.(interface{ setAt(off, end int) }).setAt(start, p.pos)
	return st
}

// keywordBody reads what follows keyword kw.
func (p *parser) keywordBody(kw string, start int) stmt {
	switch kw {
	case "if":
		st := &ifStmt{}
		for {
			st.conds = append(st.conds, p.condition())
			st.bodies = append(st.bodies, p.block())
			save := p.pos
			p.skipNewlines()
			switch p.word("elseif", "else") {
			case "elseif":
				p.pos += len("elseif")
				continue
			case "else":
				p.pos += len("else")
				st.els = p.block()
				if st.els == nil {
					st.els = []stmt{}
				}
			default:
				p.pos = save
			}
			break
		}
		return st
	case "while":
		st := &loopStmt{kind: kw}
		st.heads = []stmt{p.condition()}
		st.body = p.block()
		return st
	case "for":
		st := &loopStmt{kind: kw}
		p.skipNewlines()
		p.expect('(')
		st.heads = p.parenBody()
		st.body = p.block()
		return st
	case "foreach":
		st := &loopStmt{kind: kw}
		p.skipSpace()
		for p.peek() == '-' { // -parallel, -throttlelimit N
			p.argElement()
			p.skipSpace()
		}
		p.skipNewlines()
		p.expect('(')
		p.skipNewlines()
		v, ok := p.variable().(*varExpr)
		if !ok {
			p.fail("foreach needs a variable")
		}
		st.variable = v.name
		p.skipNewlines()
		if p.word("in") == "" {
			p.fail("foreach needs 'in'")
		}
		p.pos += 2
		p.skipNewlines()
		st.heads = []stmt{p.chain(nil)}
		p.skipNewlines()
		p.expect(')')
		st.body = p.block()
		return st
	case "do":
		st := &loopStmt{kind: kw}
		st.body = p.block()
		p.skipNewlines()
		w := p.word("while", "until")
		if w == "" {
			p.fail("do needs while or until")
		}
		p.pos += len(w)
		st.kind = "do-" + w
		st.heads = []stmt{p.condition()}
		return st
	case "switch":
		return p.switchStatement(start)
	case "try":
		st := &tryStmt{body: p.block()}
		for {
			save := p.pos
			p.skipNewlines()
			switch p.word("catch", "finally") {
			case "catch":
				p.pos += len("catch")
				p.skipNewlines()
				for p.peek() == '[' || p.peek() == ',' {
					if p.peek() == ',' {
						p.pos++
					} else {
						p.skipBalanced('[', ']')
					}
					p.skipNewlines()
				}
				st.catches = append(st.catches, p.block())
				continue
			case "finally":
				p.pos += len("finally")
				st.finally = p.block()
			default:
				p.pos = save
			}
			break
		}
		return st
	case "trap":
		p.skipSpace()
		if p.peek() == '[' {
			p.skipBalanced('[', ']')
		}
		st := &tryStmt{catches: [][]stmt{p.block()}}
		return st
	case "function", "filter", "workflow":
		p.skipSpace()
		ns := p.pos
		for !p.eof() && !isSpace(p.peek()) && strings.IndexByte("(){};\n|", p.peek()) < 0 {
			p.pos++
		}
		if p.pos == ns {
			p.fail("function needs a name")
		}
		st := &funcStmt{name: p.src[ns:p.pos]}
		if i := strings.LastIndexByte(st.name, ':'); i >= 0 {
			st.name = st.name[i+1:]
		}
		p.skipNewlines()
		if p.peek() == '(' {
			p.pos++
			st.params = p.paramList()
			p.skipNewlines()
		}
		st.body = p.block()
		return st
	case "return", "throw", "exit", "break", "continue":
		st := &flowStmt{kind: kw}
		p.skipSpace()
		if kw == "break" || kw == "continue" {
			// the loop's label
			p.name()
			return st
		}
		if c := p.peek(); !p.eof() && strings.IndexByte("\n;)}", c) < 0 && !p.hasPrefix("&&") && !p.hasPrefix("||") {
			st.value = p.chain(nil)
		}
		return st
	case "param":
		p.skipNewlines()
		p.expect('(')
		st := &paramStmt{params: p.paramList()}
		return st
	case "begin", "process", "end", "dynamicparam", "clean":
		st := &blockStmt{body: p.block()}
		return st
	case "data":
		p.skipSpace()
		for p.peek() != '{' && !p.eof() && p.peek() != '\n' {
			p.pos++
		}
		st := &blockStmt{body: p.block()}
		return st
	case "using":
		p.pos = p.lineEnd(p.pos)
		return &skippedStmt{what: "using"}
	}
	// class, enum, configuration: skip to the end of their body (on the
	// line of the name or a later one).
	for !p.eof() && p.peek() != '{' {
		if p.peek() == '\n' {
			p.skipNewlines()
			continue
		}
		p.pos++
	}
	if p.eof() {
		p.fail(kw + " without a body")
	}
	p.skipBalanced('{', '}')
	return &skippedStmt{what: kw}
}

// word returns which of words (lower case) is at the current position as a
// whole word, "" when none is.
func (p *parser) word(words ...string) string {
	for _, w := range words {
		if len(p.src)-p.pos >= len(w) && strings.EqualFold(p.src[p.pos:p.pos+len(w)], w) {
			if e := p.pos + len(w); e >= len(p.src) || !isWordChar(p.src[e]) {
				return w
			}
		}
	}
	return ""
}

func (p *parser) expect(c byte) {
	if p.peek() != c {
		p.fail("missing '" + string(c) + "'")
	}
	p.pos++
}

// closed skips terminators and reports whether close comes next (and
// reads it); the end of the text before it is an error.
func (p *parser) closed(close byte) bool {
	p.skipTerminators()
	if p.peek() == close {
		p.pos++
		return true
	}
	if p.eof() {
		p.fail("missing closing '" + string(close) + "'")
	}
	return false
}

// parenBody reads statements up to ')' (read), after an opening
// parenthesis.
func (p *parser) parenBody() []stmt {
	body := p.statements(')')
	p.pos++
	return body
}

// condition reads (statements) after if, elseif, while, until, switch.
func (p *parser) condition() stmt {
	p.skipNewlines()
	start := p.pos
	p.expect('(')
	body := p.parenBody()
	return &blockStmt{node: node{start, p.pos}, body: body}
}

// block reads { statements }.
func (p *parser) block() []stmt {
	p.skipNewlines()
	p.expect('{')
	body := p.statements('}')
	p.pos++
	if body == nil {
		body = []stmt{}
	}
	return body
}

func (p *parser) switchStatement(start int) stmt {
	st := &switchStmt{}
	for {
		p.skipSpace()
		if p.peek() != '-' {
			break
		}
		opt := p.argElement()
		if l, ok := opt.(*litExpr); ok && strings.EqualFold(l.text, "-file") {
			st.hasFile = true
			p.skipSpace()
			st.value = &pipeline{node: opt.at(), elems: []*element{{node: opt.at(), expr: p.argElement()}}}
		}
	}
	if st.value == nil {
		st.value = p.condition()
	}
	p.skipNewlines()
	p.expect('{')
	for !p.closed('}') {
		var cond expr
		if p.peek() == '{' {
			cond = p.scriptBlock()
		} else if p.startsExpression() {
			cond = p.expression()
		} else {
			cond = p.argElement()
		}
		st.conds = append(st.conds, cond)
		st.bodies = append(st.bodies, p.block())
	}
	st.node = node{start, p.pos}
	return st
}

// paramList reads parameters up to ')' (read): [attributes] $name [=
// default], ...
func (p *parser) paramList() []param {
	var out []param
	for {
		p.skipTerminators()
		switch p.peek() {
		case ')':
			p.pos++
			return out
		case ',':
			p.pos++
			continue
		case '[':
			p.skipBalanced('[', ']')
			continue
		case '$':
			v, ok := p.variable().(*varExpr)
			if !ok {
				p.fail("parameter needs a name")
			}
			pa := param{name: v.name}
			p.skipNewlines()
			if p.peek() == '=' {
				p.pos++
				p.skipNewlines()
				pa.def = p.argExpression()
			}
			out = append(out, pa)
		default:
			p.fail("unexpected text in a parameter list")
		}
	}
}

// command reads a command call and its redirections (into el).
func (p *parser) command(el *element) *command {
	start := p.pos
	c := &command{}
	switch {
	case p.peek() == '&' && p.peekAt(1) != '&':
		c.invoke = "&"
		p.pos++
		p.skipSpace()
	case p.peek() == '.' && (isSpace(p.peekAt(1)) || p.peekAt(1) == '"' || p.peekAt(1) == '\'' || p.peekAt(1) == '$' || p.peekAt(1) == '{' || p.peekAt(1) == '('):
		c.invoke = "."
		p.pos++
		p.skipSpace()
	}
	c.name = p.argElement()
	for {
		p.skipSpace()
		ch := p.peek()
		if p.eof() || strings.IndexByte("\n;|)}", ch) >= 0 || p.hasPrefix("&&") {
			break
		}
		if ch == '&' {
			p.pos++ // run in the background
			break
		}
		if p.redirection(el) {
			continue
		}
		as := p.pos
		switch {
		case p.hasPrefix("--%"):
			p.pos += 3
			vs := p.pos
			p.pos = p.lineEnd(p.pos)
			c.args = append(c.args, arg{node: node{as, p.pos}, verbatim: true, value: &litExpr{node: node{vs, p.pos}, text: strings.TrimSpace(p.src[vs:p.pos])}})
		case ch == '-' && isNameStart(p.peekAt(1)):
			p.pos++
			ns := p.pos
			for !p.eof() && !isSpace(p.peek()) && strings.IndexByte("\n;|)}:,'\"$(){}<>`", p.peek()) < 0 && !(p.peek() == '&') {
				p.pos++
			}
			a := arg{param: p.src[ns:p.pos]}
			if p.peek() == ':' {
				p.pos++
				a.colon = true
				a.value = p.argValue()
			}
			a.node = node{as, p.pos}
			c.args = append(c.args, a)
		case ch == '@' && isNameStart(p.peekAt(1)):
			p.pos++
			ns := p.pos
			p.name()
			c.args = append(c.args, arg{node: node{as, p.pos}, splat: p.src[ns:p.pos]})
		default:
			v := p.argValue()
			c.args = append(c.args, arg{node: node{as, p.pos}, value: v})
		}
	}
	c.node = node{start, p.pos}
	return c
}

// redirection reads a redirection into el when one is at the current
// position.
func (p *parser) redirection(el *element) bool {
	i := p.pos
	stream := "1"
	if i < len(p.src) && (p.src[i] == '*' || p.src[i] >= '1' && p.src[i] <= '6') && i+1 < len(p.src) && p.src[i+1] == '>' {
		stream = p.src[i : i+1]
		i++
	}
	if i >= len(p.src) || p.src[i] != '>' {
		return false
	}
	i++
	r := redirect{stream: stream}
	if i < len(p.src) && p.src[i] == '>' {
		r.app = true
		i++
	}
	p.pos = i
	if p.peek() == '&' && p.peekAt(1) >= '1' && p.peekAt(1) <= '6' {
		p.pos += 2
		el.redirs = append(el.redirs, r)
		return true
	}
	p.skipSpace()
	if p.eof() || strings.IndexByte("\n;|)}", p.peek()) >= 0 {
		p.fail("missing redirection target")
	}
	r.target = p.argElement()
	el.redirs = append(el.redirs, r)
	return true
}

// redirections reads the redirections after an expression.
func (p *parser) redirections(el *element) {
	for {
		p.skipSpace()
		if !p.redirection(el) {
			return
		}
	}
}

// argValue reads a command argument: an element, or elements joined by
// commas (an array).
func (p *parser) argValue() expr {
	start := p.pos
	v := p.argElement()
	p.skipSpace()
	if p.peek() != ',' {
		return v
	}
	arr := &arrayExpr{elems: []expr{v}}
	for p.peek() == ',' {
		p.pos++
		p.skipNewlines()
		arr.elems = append(arr.elems, p.argElement())
		p.skipSpace()
	}
	arr.node = node{start, p.pos}
	return arr
}

// argElement reads one argument in command mode: adjacent pieces of
// bareword text, strings, variables and subexpressions make one value.
func (p *parser) argElement() expr {
	p.enter()
	defer p.leave()
	start := p.pos
	var parts []expr
	var lit strings.Builder
	litStart := -1
	flush := func() {
		if litStart >= 0 {
			parts = append(parts, &litExpr{node: node{litStart, p.pos}, text: lit.String()})
			lit.Reset()
			litStart = -1
		}
	}
scan:
	for !p.eof() {
		c := p.peek()
		if isSpace(c) || strings.IndexByte("\n;|),}&>", c) >= 0 {
			break
		}
		atStart := p.pos == start
		switch {
		case c == '\'' || c == '"':
			flush()
			parts = append(parts, p.quoted())
			continue
		case c == '@' && atStart && (p.peekAt(1) == '(' || p.peekAt(1) == '{' || p.peekAt(1) == '"' || p.peekAt(1) == '\''):
			flush()
			parts = append(parts, p.postfix(p.primary()))
			continue
		case c == '$':
			flush()
			parts = append(parts, p.postfix(p.variable()))
			continue
		case c == '(':
			flush()
			parts = append(parts, p.postfix(p.primary()))
			continue
		case c == '{':
			if !atStart {
				break scan
			}
			parts = append(parts, p.scriptBlock())
			break scan
		case c == '`':
			if p.pos+1 >= len(p.src) || p.peekAt(1) == '\n' || p.peekAt(1) == '\r' && p.peekAt(2) == '\n' {
				break scan // a continuation ends the argument
			}
			if litStart < 0 {
				litStart = p.pos
			}
			p.pos++
			lit.WriteString(escaped(p.peek()))
			p.pos++
			continue
		}
		if litStart < 0 {
			litStart = p.pos
		}
		lit.WriteByte(c)
		p.pos++
	}
	flush()
	if len(parts) == 0 {
		p.fail("missing argument")
	}
	if len(parts) == 1 {
		return parts[0]
	}
	return &strExpr{node: node{start, p.pos}, parts: parts}
}
