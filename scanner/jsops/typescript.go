package jsops

import (
	"github.com/tdewolff/parse/v2"
	"github.com/tdewolff/parse/v2/js"
)

// EraseTypes turns TypeScript into JavaScript the parser reads, the way
// Node.js's --experimental-strip-types does: the type-only syntax is
// replaced by spaces, so every offset and line stays where it was. It
// erases type annotations (parameters, variables, return types, class
// fields, optional `?` markers), `as` and `satisfies` casts, non-null `!`
// assertions, generic parameters and arguments, `type` and `interface`
// declarations, `import type`/`export type` and type-only specifiers,
// `declare` blocks, `implements` clauses and accessibility modifiers.
// Syntax that is not erasable (enum, namespace) is left, and the parse
// that follows reports it.
func EraseTypes(code []byte) []byte {
	out := make([]byte, len(code))
	copy(out, code)
	toks := tsTokens(code)
	e := &eraser{t: toks, out: out, pair: pairs(toks)}
	e.run()
	return out
}

// pairs maps each bracket token (and template start and end) to the one
// that closes or opens it, -1 when it has none.
func pairs(toks []tsToken) []int {
	pair := make([]int, len(toks))
	var stack []int
	for i, t := range toks {
		pair[i] = -1
		switch {
		case closerOf(t.tt) != 0:
			stack = append(stack, i)
		case t.tt == js.CloseParenToken || t.tt == js.CloseBracketToken || t.tt == js.CloseBraceToken || t.tt == js.TemplateEndToken:
			if len(stack) == 0 {
				continue
			}
			open := stack[len(stack)-1]
			if closerOf(toks[open].tt) != t.tt {
				continue // unbalanced: leave both unpaired
			}
			stack = stack[:len(stack)-1]
			pair[open], pair[i] = i, open
		}
	}
	return pair
}

// maxLookback bounds the tokens scanned back from one colon.
const maxLookback = 4096

// tsToken is one significant token: its type, its text's offsets, and
// whether a line break comes before it.
type tsToken struct {
	tt         js.TokenType
	start, end int
	text       string // identifiers and keywords only
	nl         bool
}

// tsTokens lexes code, deciding between division and regular expression
// from the previous token as callSites does.
func tsTokens(code []byte) []tsToken {
	buf := make([]byte, len(code), len(code)+1)
	copy(buf, code)
	l := js.NewLexer(parse.NewInputBytes(buf))
	var toks []tsToken
	off, nl := 0, false
	for {
		tt, data := l.Next()
		if tt == js.DivToken || tt == js.DivEqToken {
			if len(toks) == 0 || regexpMayFollow(toks[len(toks)-1].tt) {
				tt, data = l.RegExp()
			}
		}
		if tt == js.ErrorToken {
			break
		}
		switch tt {
		case js.WhitespaceToken, js.CommentToken:
		case js.LineTerminatorToken, js.CommentLineTerminatorToken:
			nl = true
		default:
			t := tsToken{tt: tt, start: off, end: off + len(data), nl: nl}
			if js.IsIdentifierName(tt) {
				t.text = string(data)
			}
			toks = append(toks, t)
			nl = false
		}
		off += len(data)
	}
	return toks
}

// eraser blanks type syntax in out, token by token.
type eraser struct {
	t    []tsToken
	out  []byte
	pair []int
	// classDepth holds the brace depths at which class bodies open.
	classBraces map[int]bool
}

// blank replaces tokens i..j (inclusive) and what lies between them with
// spaces, keeping line breaks.
func (e *eraser) blank(i, j int) {
	if i > j || i < 0 || j >= len(e.t) {
		return
	}
	for k := e.t[i].start; k < e.t[j].end && k < len(e.out); k++ {
		if c := e.out[k]; c != '\n' && c != '\r' {
			e.out[k] = ' '
		}
	}
}

func (e *eraser) is(i int, tt js.TokenType) bool { return i >= 0 && i < len(e.t) && e.t[i].tt == tt }

func (e *eraser) word(i int, w string) bool {
	return i >= 0 && i < len(e.t) && js.IsIdentifierName(e.t[i].tt) && e.t[i].text == w
}

// opener and closer pair brackets.
func closerOf(tt js.TokenType) js.TokenType {
	switch tt {
	case js.OpenParenToken:
		return js.CloseParenToken
	case js.OpenBracketToken:
		return js.CloseBracketToken
	case js.OpenBraceToken:
		return js.CloseBraceToken
	case js.TemplateStartToken:
		return js.TemplateEndToken
	}
	return 0
}

// match returns the index of the token closing the bracket at i, or -1.
func (e *eraser) match(i int) int {
	if i < 0 || i >= len(e.pair) || closerOf(e.t[i].tt) == 0 {
		return -1
	}
	return e.pair[i]
}

// angle returns the index of the > closing a generic list opened by the <
// at i when everything between reads as types, or -1.
func (e *eraser) angle(i int) int {
	depth := 0
	for k := i; k < len(e.t) && k < i+512; k++ {
		switch tt := e.t[k].tt; tt {
		case js.LtToken:
			depth++
		case js.GtToken:
			depth--
			if depth == 0 {
				return k
			}
		case js.GtGtToken:
			depth -= 2
			if depth <= 0 {
				return k
			}
		case js.GtGtGtToken:
			depth -= 3
			if depth <= 0 {
				return k
			}
		case js.OpenParenToken, js.OpenBracketToken, js.OpenBraceToken:
			m := e.match(k)
			if m < 0 {
				return -1
			}
			k = m
		case js.CommaToken, js.DotToken, js.BitOrToken, js.BitAndToken, js.QuestionToken, js.ColonToken,
			js.ArrowToken, js.StringToken, js.ExtendsToken, js.TypeofToken, js.EqToken, js.CloseBracketToken,
			js.NullToken, js.TrueToken, js.FalseToken, js.VoidToken, js.SubToken, js.EllipsisToken:
		default:
			if js.IsNumeric(tt) || js.IsIdentifierName(tt) {
				continue
			}
			return -1
		}
	}
	return -1
}

// typeEnd returns the last index of a type starting at i: a union or
// intersection of primaries (names with dots and generic arguments,
// literals, bracketed types, typeof/keyof/infer/readonly, arrays) and
// conditional types. stop says which token ends it at depth zero.
func (e *eraser) typeEnd(i int) int {
	last := i - 1
	k := i
	for k < len(e.t) {
		// Prefix operators and leading | or &.
		for e.is(k, js.BitOrToken) || e.is(k, js.BitAndToken) || e.word(k, "keyof") || e.word(k, "infer") ||
			e.word(k, "readonly") || e.word(k, "unique") || e.is(k, js.TypeofToken) || e.word(k, "asserts") || e.word(k, "new") || e.is(k, js.NewToken) {
			k++
		}
		if k >= len(e.t) {
			return last
		}
		switch tt := e.t[k].tt; {
		case tt == js.OpenParenToken || tt == js.OpenBracketToken || tt == js.OpenBraceToken:
			m := e.match(k)
			if m < 0 {
				return last
			}
			k = m
			if tt == js.OpenParenToken && e.is(k+1, js.ArrowToken) {
				// A function type: (a: T) => R.
				k = e.typeEnd(k+2) + 1
				last = k - 1
				continue
			}
		case tt == js.LtToken:
			// A generic function type: <T>(a: T) => R.
			m := e.angle(k)
			if m < 0 {
				return last
			}
			k = m
			continue
		case js.IsIdentifierName(tt) || tt == js.StringToken || js.IsNumeric(tt) || tt == js.TemplateToken ||
			tt == js.NullToken || tt == js.TrueToken || tt == js.FalseToken || tt == js.VoidToken || tt == js.ThisToken:
			for e.is(k+1, js.DotToken) && k+2 < len(e.t) && js.IsIdentifierName(e.t[k+2].tt) {
				k += 2
			}
		case tt == js.SubToken && k+1 < len(e.t) && js.IsNumeric(e.t[k+1].tt):
			k++
		default:
			return last
		}
		last = k
		k++
		// Postfix: generic arguments, array brackets, indexed access.
		for {
			if e.is(k, js.LtToken) && !e.t[k].nl {
				if m := e.angle(k); m >= 0 {
					last, k = m, m+1
					continue
				}
			}
			if e.is(k, js.OpenBracketToken) && !e.t[k].nl {
				if m := e.match(k); m >= 0 {
					last, k = m, m+1
					continue
				}
			}
			break
		}
		switch {
		case e.is(k, js.BitOrToken) || e.is(k, js.BitAndToken):
			k++
			continue
		case e.is(k, js.ExtendsToken) || e.word(k, "is"):
			// T extends U ? X : Y, and type predicates (x is T).
			k++
			continue
		case e.is(k, js.QuestionToken) && e.t[k-1].tt != js.CloseParenToken && e.conditionalType(i, k):
			k++
			continue
		case e.is(k, js.ColonToken) && e.conditionalType(i, k):
			k++
			continue
		}
		return last
	}
	return last
}

// conditionalType reports whether the ? or : at k continues a conditional
// type begun at i (an `extends` came before it).
func (e *eraser) conditionalType(i, k int) bool {
	for j := i; j < k; j++ {
		if e.is(j, js.ExtendsToken) {
			return true
		}
	}
	return false
}

// statementEnd returns the last index of a type-only statement (type X =
// ..., import type ...) starting at i: up to a ; or a line break at depth
// zero that no operator continues.
func (e *eraser) statementEnd(i int) int {
	k := i
	for k < len(e.t) {
		switch tt := e.t[k].tt; {
		case tt == js.SemicolonToken:
			return k
		case closerOf(tt) != 0 && tt != js.TemplateStartToken:
			m := e.match(k)
			if m < 0 {
				return len(e.t) - 1
			}
			k = m
		case tt == js.LtToken:
			if m := e.angle(k); m >= 0 {
				k = m
			}
		}
		if k+1 < len(e.t) && e.t[k+1].nl && !continues(e.t[k].tt) && !continuesNext(e.t[k+1].tt) {
			return k
		}
		k++
	}
	return len(e.t) - 1
}

// continues reports tokens after which a type goes on past a line break.
func continues(tt js.TokenType) bool {
	switch tt {
	case js.EqToken, js.BitOrToken, js.BitAndToken, js.CommaToken, js.LtToken, js.QuestionToken,
		js.ColonToken, js.ExtendsToken, js.ArrowToken, js.DotToken, js.TypeofToken:
		return true
	}
	return false
}

// continuesNext reports tokens that continue a type from the line before.
func continuesNext(tt js.TokenType) bool {
	switch tt {
	case js.BitOrToken, js.BitAndToken, js.QuestionToken, js.ColonToken, js.ExtendsToken, js.DotToken,
		js.GtToken, js.GtGtToken, js.ArrowToken, js.EqToken:
		return true
	}
	return false
}

// atStatementStart reports whether token i begins a statement.
func (e *eraser) atStatementStart(i int) bool {
	if i == 0 {
		return true
	}
	p := e.t[i-1]
	switch p.tt {
	case js.SemicolonToken, js.OpenBraceToken, js.CloseBraceToken:
		return true
	case js.ExportToken, js.DefaultToken:
		return e.atStatementStart(i - 1)
	}
	return e.t[i].nl && !continues(p.tt)
}

func (e *eraser) run() {
	e.classBraces = map[int]bool{}
	// paramLists marks the ( of parameter lists by index.
	params := e.paramLists()
	var stack []int // open bracket indexes
	for i := 0; i < len(e.t); i++ {
		t := e.t[i]
		switch {
		case closerOf(t.tt) != 0 && t.tt != js.TemplateStartToken:
			stack = append(stack, i)
		case t.tt == js.CloseParenToken || t.tt == js.CloseBracketToken || t.tt == js.CloseBraceToken:
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		}
		inParams := len(stack) > 0 && params[stack[len(stack)-1]]
		inClass := len(stack) > 0 && e.classBraces[stack[len(stack)-1]]
		switch {
		case (e.word(i, "type") || e.word(i, "interface")) && i+1 < len(e.t) && js.IsIdentifier(e.t[i+1].tt) && !e.t[i+1].nl && e.atStatementStart(i) &&
			(e.word(i, "interface") || e.is(i+2, js.EqToken) || e.is(i+2, js.LtToken)):
			end := e.statementEnd(i)
			if e.word(i, "interface") {
				end = e.blockEnd(i)
			}
			start := i
			if e.is(i-1, js.ExportToken) {
				start = i - 1
			}
			e.blank(start, end)
			i = end
		case e.word(i, "declare") && i+1 < len(e.t) && !e.t[i+1].nl && e.atStatementStart(i):
			end := e.blockEnd(i)
			e.blank(i, end)
			i = end
		case (e.is(i, js.ImportToken) || e.is(i, js.ExportToken)) && e.word(i+1, "type") && !e.is(i+2, js.EqToken) && !e.word(i+2, "from") && !e.is(i+2, js.CommaToken):
			end := e.statementEnd(i)
			e.blank(i, end)
			i = end
		case e.word(i, "type") && (e.is(i-1, js.OpenBraceToken) || e.is(i-1, js.CommaToken)) && i+1 < len(e.t) && js.IsIdentifierName(e.t[i+1].tt) && e.inSpecifiers(stack):
			// import { type A, b }: the specifier goes, with its comma.
			end := i + 1
			if e.word(end+1, "as") {
				end += 2
			}
			if e.is(end+1, js.CommaToken) {
				end++
			}
			e.blank(i, end)
			i = end
		case e.is(i, js.ClassToken):
			// The class body's brace; implements clauses and generic
			// parameters go.
			for k := i + 1; k < len(e.t); k++ {
				if e.is(k, js.LtToken) && k == i+2 {
					if m := e.angle(k); m >= 0 {
						e.blank(k, m)
						k = m
						continue
					}
				}
				if e.word(k, "implements") {
					j := k + 1
					for j < len(e.t) && !e.is(j, js.OpenBraceToken) {
						j++
					}
					e.blank(k, j-1)
					k = j - 1
					continue
				}
				if e.is(k, js.OpenBraceToken) {
					e.classBraces[k] = true
					break
				}
			}
		case (e.word(i, "public") || e.word(i, "private") || e.word(i, "protected") || e.word(i, "readonly") ||
			e.word(i, "override") || e.word(i, "abstract") || e.word(i, "declare")) && (inClass || inParams) &&
			i+1 < len(e.t) && (js.IsIdentifierName(e.t[i+1].tt) || e.is(i+1, js.OpenBracketToken) || e.is(i+1, js.OpenBraceToken)) && !e.is(i+1, js.OpenParenToken):
			e.blank(i, i)
		case t.tt == js.QuestionToken && (inParams || inClass) && e.is(i+1, js.ColonToken) && i > 0 && (js.IsIdentifierName(e.t[i-1].tt) || e.is(i-1, js.CloseBracketToken)):
			e.blank(i, i) // an optional parameter or field
		case t.tt == js.QuestionToken && inParams && (e.is(i+1, js.CommaToken) || e.is(i+1, js.CloseParenToken)) && i > 0 && js.IsIdentifierName(e.t[i-1].tt):
			e.blank(i, i)
		case t.tt == js.ColonToken && e.annotationColon(i, stack, params):
			end := e.typeEnd(i + 1)
			e.blank(i, end)
			i = end
		case t.tt == js.NotToken && i > 0 && !t.nl && (js.IsIdentifier(e.t[i-1].tt) || e.is(i-1, js.CloseParenToken) || e.is(i-1, js.CloseBracketToken) || e.is(i-1, js.ThisToken)) &&
			!e.is(i+1, js.EqToken) && (i+1 >= len(e.t) || !js.IsIdentifierName(e.t[i+1].tt) || e.t[i+1].nl):
			e.blank(i, i) // x!.y, f()!
		case (e.word(i, "as") || e.word(i, "satisfies")) && i > 0 && !t.nl && e.castContext(i, stack):
			end := e.typeEnd(i + 1)
			if e.word(i+1, "const") {
				end = i + 1
			}
			e.blank(i, end)
			i = end
		case t.tt == js.LtToken && i > 0 && js.IsIdentifierName(e.t[i-1].tt) && !t.nl:
			m := e.angle(i)
			if m < 0 {
				continue
			}
			next := m + 1
			if e.is(next, js.OpenParenToken) || e.is(next, js.TemplateToken) || e.is(next, js.TemplateStartToken) ||
				e.is(i-2, js.FunctionToken) || e.is(i-2, js.ClassToken) || e.is(i-2, js.NewToken) || e.is(i-2, js.AsyncToken) && e.is(next, js.OpenParenToken) ||
				e.is(next, js.EqToken) && e.word(i-2, "type") {
				e.blank(i, m)
				i = m
			}
		}
	}
}

// blockEnd returns the last index of a declaration whose body is a brace
// block (interface X { ... }, declare module 'x' { ... }), or of the
// statement when it has none.
func (e *eraser) blockEnd(i int) int {
	for k := i; k < len(e.t); k++ {
		switch e.t[k].tt {
		case js.OpenBraceToken:
			m := e.match(k)
			if m < 0 {
				return len(e.t) - 1
			}
			return m
		case js.SemicolonToken:
			return k
		case js.EqToken:
			return e.statementEnd(i)
		}
		if k > i && e.t[k].nl && !continues(e.t[k-1].tt) && !continuesNext(e.t[k].tt) && !e.is(k, js.OpenBraceToken) {
			return k - 1
		}
	}
	return len(e.t) - 1
}

// inSpecifiers reports whether the innermost bracket is the braces of an
// import or export clause.
func (e *eraser) inSpecifiers(stack []int) bool {
	if len(stack) == 0 {
		return false
	}
	b := stack[len(stack)-1]
	return e.is(b, js.OpenBraceToken) && (e.is(b-1, js.ImportToken) || e.is(b-1, js.ExportToken) || e.is(b-1, js.CommaToken) && e.is(b-3, js.ImportToken) ||
		e.word(b-1, "type") && (e.is(b-2, js.ImportToken) || e.is(b-2, js.ExportToken)))
}

// castContext reports whether the `as` at i casts the expression before it
// (not import * as x, import { a as b }, export { a as b }).
func (e *eraser) castContext(i int, stack []int) bool {
	p := e.t[i-1].tt
	if !(js.IsIdentifierName(p) || p == js.CloseParenToken || p == js.CloseBracketToken || p == js.CloseBraceToken ||
		p == js.StringToken || js.IsNumeric(p) || p == js.TemplateToken || p == js.TemplateEndToken || p == js.ThisToken ||
		p == js.NullToken || p == js.TrueToken || p == js.FalseToken) {
		return false
	}
	if p == js.MulToken || e.is(i-1, js.MulToken) {
		return false
	}
	if e.inSpecifiers(stack) {
		return false
	}
	if e.is(i-2, js.MulToken) || e.is(i-1, js.MulToken) {
		return false
	}
	return i+1 < len(e.t) && (js.IsIdentifierName(e.t[i+1].tt) || e.is(i+1, js.OpenBraceToken) || e.is(i+1, js.OpenBracketToken) ||
		e.is(i+1, js.OpenParenToken) || e.is(i+1, js.StringToken) || e.is(i+1, js.TypeofToken))
}

// paramLists finds the ( that open function parameter lists: those after
// function [name], of arrow functions (the ) is followed by => or by a
// return type and =>), and of methods (name(...) followed by { or a
// return type in an object or class body).
func (e *eraser) paramLists() map[int]bool {
	out := map[int]bool{}
	for i := range e.t {
		if !e.is(i, js.OpenParenToken) {
			continue
		}
		m := e.match(i)
		if m < 0 {
			continue
		}
		prev := i - 1
		if e.is(prev, js.GtToken) || e.is(prev, js.GtGtToken) {
			// f<T>(: skip back over the generic parameters.
			depth := 0
			for k := prev; k >= 0; k-- {
				if e.is(k, js.GtToken) {
					depth++
				} else if e.is(k, js.GtGtToken) {
					depth += 2
				} else if e.is(k, js.LtToken) {
					depth--
					if depth <= 0 {
						prev = k - 1
						break
					}
				}
			}
		}
		switch {
		case e.is(prev, js.FunctionToken) || e.is(prev-1, js.FunctionToken) && prev >= 0 && js.IsIdentifier(e.t[prev].tt):
			out[i] = true
		case e.is(m+1, js.ArrowToken):
			out[i] = true
		case e.is(m+1, js.ColonToken) && e.arrowAfterReturnType(m+1):
			out[i] = true
		case prev >= 0 && (js.IsIdentifierName(e.t[prev].tt) || e.is(prev, js.CloseBracketToken) || e.is(prev, js.StringToken)) &&
			!isControlWord(e.t[prev].tt) && (e.is(m+1, js.OpenBraceToken) || e.is(m+1, js.ColonToken) && e.bodyAfterReturnType(m+1)):
			// A method: name(...) { or name(...): T {
			out[i] = true
		}
	}
	return out
}

// isControlWord reports keywords whose ( is a condition, not parameters.
func isControlWord(tt js.TokenType) bool {
	switch tt {
	case js.IfToken, js.WhileToken, js.ForToken, js.SwitchToken, js.CatchToken, js.WithToken, js.ReturnToken,
		js.TypeofToken, js.AwaitToken, js.YieldToken, js.VoidToken, js.DeleteToken, js.NewToken, js.InToken, js.OfToken,
		js.InstanceofToken, js.CaseToken, js.ThrowToken, js.ElseToken, js.DoToken:
		return true
	}
	return false
}

// arrowAfterReturnType reports whether a return type starting at the
// colon at k is followed by =>.
func (e *eraser) arrowAfterReturnType(k int) bool {
	end := e.typeEnd(k + 1)
	return end > k && e.is(end+1, js.ArrowToken)
}

// bodyAfterReturnType reports whether a return type starting at the colon
// at k is followed by a function body.
func (e *eraser) bodyAfterReturnType(k int) bool {
	end := e.typeEnd(k + 1)
	return end > k && e.is(end+1, js.OpenBraceToken)
}

// annotationColon reports whether the colon at i starts a type annotation:
// after a parameter (in a parameter list, at its top level), after a
// variable declared with const/let/var, after a parameter list (a return
// type), or after a class field's name.
func (e *eraser) annotationColon(i int, stack []int, params map[int]bool) bool {
	if i == 0 {
		return false
	}
	p := e.t[i-1]
	// A return type: ) : T { or ) : T =>.
	if p.tt == js.CloseParenToken {
		open := e.openerOf(i - 1)
		return open >= 0 && params[open]
	}
	if len(stack) > 0 {
		top := stack[len(stack)-1]
		if params[top] && e.topLevelIn(top, i) && (js.IsIdentifierName(p.tt) || p.tt == js.CloseBraceToken || p.tt == js.CloseBracketToken || p.tt == js.QuestionToken) {
			return true
		}
		if e.classBraces[top] && (js.IsIdentifierName(p.tt) || p.tt == js.QuestionToken || p.tt == js.CloseBracketToken) && e.memberStart(i-1) {
			return true
		}
	}
	// const x: T = ..., let { a }: T = ...
	if js.IsIdentifierName(p.tt) || p.tt == js.CloseBraceToken || p.tt == js.CloseBracketToken {
		start := i - 1
		if p.tt != js.CloseBraceToken && p.tt != js.CloseBracketToken {
			start = i - 1
		} else if o := e.openerOf(i - 1); o >= 0 {
			start = o
		}
		if e.is(start-1, js.ConstToken) || e.is(start-1, js.VarToken) || e.word(start-1, "let") {
			return true
		}
		// const a = 1, b: T = 2
		if e.is(start-1, js.CommaToken) && e.inDeclaration(start-1, stack) {
			return true
		}
	}
	return false
}

// memberStart reports whether the name at i begins a class member.
func (e *eraser) memberStart(i int) bool {
	k := i
	if e.is(k, js.QuestionToken) || e.is(k, js.CloseBracketToken) {
		k--
	}
	if e.is(k, js.CloseBracketToken) {
		if o := e.openerOf(k); o >= 0 {
			k = o
		}
	}
	for k > 0 && (e.word(k-1, "static") || e.word(k-1, "readonly") || e.word(k-1, "public") || e.word(k-1, "private") ||
		e.word(k-1, "protected") || e.word(k-1, "declare") || e.word(k-1, "override") || e.word(k-1, "abstract") || e.word(k-1, "accessor")) {
		k--
	}
	return k > 0 && (e.is(k-1, js.SemicolonToken) || e.is(k-1, js.OpenBraceToken) || e.is(k-1, js.CloseBraceToken) || e.t[k].nl)
}

// inDeclaration reports whether the comma at i separates declarators of a
// const/let/var statement at the same bracket depth.
func (e *eraser) inDeclaration(i int, stack []int) bool {
	depth := 0
	for k := i - 1; k >= 0 && k > i-maxLookback; k-- {
		switch tt := e.t[k].tt; {
		case tt == js.CloseParenToken || tt == js.CloseBracketToken || tt == js.CloseBraceToken:
			depth++
		case closerOf(tt) != 0:
			if depth == 0 {
				return false
			}
			depth--
		case depth == 0 && (tt == js.ConstToken || tt == js.VarToken || e.word(k, "let")):
			return true
		case depth == 0 && tt == js.SemicolonToken:
			return false
		}
	}
	return false
}

// topLevelIn reports whether token i is directly inside the bracket
// opened at open (not nested in another bracket).
func (e *eraser) topLevelIn(open, i int) bool {
	if i-open > maxLookback {
		return false
	}
	depth := 0
	for k := open + 1; k < i; k++ {
		switch tt := e.t[k].tt; {
		case closerOf(tt) != 0 && tt != js.TemplateStartToken:
			depth++
		case tt == js.CloseParenToken || tt == js.CloseBracketToken || tt == js.CloseBraceToken:
			depth--
		case tt == js.LtToken && depth == 0:
			if m := e.angle(k); m >= 0 && m < i {
				k = m
			}
		}
	}
	return depth == 0
}

// openerOf returns the index of the bracket the closer at i closes.
func (e *eraser) openerOf(i int) int {
	if i < 0 || i >= len(e.pair) || closerOf(e.t[i].tt) != 0 {
		return -1
	}
	return e.pair[i]
}
