package fix

import (
	"strings"
)

// tokKind is the kind of one token of a GitHub Actions expression.
type tokKind int

const (
	tokIdent tokKind = iota
	tokString
	tokNumber
	tokDot
	tokLBrack
	tokRBrack
	tokLParen
	tokRParen
	tokComma
	tokOr  // ||
	tokOp  // any other operator: && == != < <= > >= ! *
	tokBad // a byte the expression language does not have
)

type token struct {
	kind       tokKind
	start, end int // byte offsets in the expression
	text       string
}

// lexExpr splits a GitHub Actions expression into tokens. It never fails:
// bytes it does not know become tokBad, which callers treat as "do not
// rewrite this expression".
func lexExpr(s string) []token {
	var toks []token
	i := 0
	for i < len(s) {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
			continue
		case c == '\'':
			j := i + 1
			for j < len(s) {
				if s[j] == '\'' {
					if j+1 < len(s) && s[j+1] == '\'' {
						j += 2
						continue
					}
					break
				}
				j++
			}
			if j >= len(s) { // unterminated
				toks = append(toks, token{tokBad, i, len(s), s[i:]})
				return toks
			}
			toks = append(toks, token{tokString, i, j + 1, s[i : j+1]})
			i = j + 1
			continue
		case isIdentStart(c):
			j := i + 1
			for j < len(s) && isIdentPart(s[j]) {
				j++
			}
			toks = append(toks, token{tokIdent, i, j, s[i:j]})
			i = j
			continue
		case c >= '0' && c <= '9':
			j := i + 1
			for j < len(s) && (isIdentPart(s[j]) || s[j] == '.') {
				j++
			}
			toks = append(toks, token{tokNumber, i, j, s[i:j]})
			i = j
			continue
		}
		k := tokBad
		n := 1
		switch c {
		case '.':
			k = tokDot
		case '[':
			k = tokLBrack
		case ']':
			k = tokRBrack
		case '(':
			k = tokLParen
		case ')':
			k = tokRParen
		case ',':
			k = tokComma
		case '|':
			if strings.HasPrefix(s[i:], "||") {
				k, n = tokOr, 2
			}
		case '&':
			if strings.HasPrefix(s[i:], "&&") {
				k, n = tokOp, 2
			}
		case '=':
			if strings.HasPrefix(s[i:], "==") {
				k, n = tokOp, 2
			}
		case '!', '<', '>':
			k = tokOp
			if i+1 < len(s) && s[i+1] == '=' {
				n = 2
			}
		case '*':
			k = tokOp
		}
		toks = append(toks, token{k, i, i + n, s[i : i+n]})
		i += n
	}
	return toks
}

func isIdentStart(c byte) bool {
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
}

func isIdentPart(c byte) bool {
	return isIdentStart(c) || c == '-' || (c >= '0' && c <= '9')
}

// chain is one property access (secrets.GH_PAT, secrets['GH_PAT'],
// steps.app-token.outputs.token) in an expression.
type chain struct {
	path       string // lower case, dotted: "secrets.gh_pat"
	start, end int    // byte offsets in the expression
	first      int    // index of its first token
	last       int    // index of its last token
}

// chains finds the property accesses of an expression. A function call's
// name is not a chain (format(...) is not a property of anything).
func chains(toks []token) []chain {
	var out []chain
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if t.kind != tokIdent {
			continue
		}
		if i > 0 && toks[i-1].kind == tokDot {
			continue // inside a chain already handled
		}
		if i+1 < len(toks) && toks[i+1].kind == tokLParen {
			continue // function name
		}
		parts := []string{strings.ToLower(t.text)}
		j := i + 1
		for j < len(toks) {
			if toks[j].kind == tokDot && j+1 < len(toks) && (toks[j+1].kind == tokIdent || toks[j+1].text == "*") {
				parts = append(parts, strings.ToLower(toks[j+1].text))
				j += 2
				continue
			}
			if toks[j].kind == tokLBrack && j+2 < len(toks) && toks[j+2].kind == tokRBrack && toks[j+1].kind == tokString {
				lit := toks[j+1].text
				lit = strings.ReplaceAll(lit[1:len(lit)-1], "''", "'")
				parts = append(parts, strings.ToLower(lit))
				j += 3
				continue
			}
			break
		}
		out = append(out, chain{path: strings.Join(parts, "."), start: t.start, end: toks[j-1].end, first: i, last: j - 1})
		i = j - 1
	}
	return out
}

// normCred is the dotted lower-case path of a credential expression as the
// planner names it ("secrets.GH_PAT" -> "secrets.gh_pat"), or "" when the
// credential is not a single property access.
func normCred(cred string) string {
	toks := lexExpr(cred)
	cs := chains(toks)
	if len(cs) != 1 || cs[0].first != 0 || cs[0].last != len(toks)-1 {
		return ""
	}
	return cs[0].path
}

// isBuiltinToken reports whether a normalised path is a spelling of the
// built-in GITHUB_TOKEN.
func isBuiltinToken(path string) bool {
	return path == "github.token" || path == "secrets.github_token"
}

// exprShape is what an expression is, as far as rewriting goes.
type exprShape int

const (
	shapeOther    exprShape = iota // anything else: not rewritten
	shapeRef                       // exactly one property access
	shapeFallback                  // a || b || c, each a property access
	shapeFormat                    // format(...) or join(...) whose credential arguments are bare accesses
)

// classify returns the shape of an expression and its chains.
func classify(expr string) (exprShape, []token, []chain) {
	toks := lexExpr(expr)
	cs := chains(toks)
	for _, t := range toks {
		if t.kind == tokBad {
			return shapeOther, toks, cs
		}
	}
	if len(toks) == 0 {
		return shapeOther, toks, cs
	}
	if len(cs) == 1 && cs[0].first == 0 && cs[0].last == len(toks)-1 {
		return shapeRef, toks, cs
	}
	// a || b || ...: chains separated by ||.
	ok := len(cs) > 1
	pos := 0
	for k, c := range cs {
		if c.first != pos {
			ok = false
			break
		}
		pos = c.last + 1
		if k < len(cs)-1 {
			if pos >= len(toks) || toks[pos].kind != tokOr {
				ok = false
				break
			}
			pos++
		}
	}
	if ok && pos == len(toks) {
		return shapeFallback, toks, cs
	}
	if toks[0].kind == tokIdent && len(toks) > 2 && toks[1].kind == tokLParen && toks[len(toks)-1].kind == tokRParen {
		switch strings.ToLower(toks[0].text) {
		case "format", "join":
			return shapeFormat, toks, cs
		}
	}
	return shapeOther, toks, cs
}

// bareArg reports whether chain c is a whole argument of the top-level call
// (preceded by ( or , and followed by , or ) at depth 1).
func bareArg(toks []token, c chain) bool {
	if c.first == 0 || c.last+1 >= len(toks) {
		return false
	}
	before, after := toks[c.first-1].kind, toks[c.last+1].kind
	if before != tokLParen && before != tokComma || after != tokComma && after != tokRParen {
		return false
	}
	depth := 0
	for i := 0; i < c.first; i++ {
		switch toks[i].kind {
		case tokLParen:
			depth++
		case tokRParen:
			depth--
		}
	}
	return depth == 1
}

// exprSpan is one ${{ ... }} in source text.
type exprSpan struct {
	start, end int    // offsets of "${{" and just after "}}"
	expr       string // the text between ${{ and }}
}

// findExprs finds the ${{ ... }} spans in s. The closing }} is the first
// one outside a single-quoted string; an unterminated span ends the search.
func findExprs(s string) []exprSpan {
	var out []exprSpan
	i := 0
	for {
		k := strings.Index(s[i:], "${{")
		if k < 0 {
			return out
		}
		start := i + k
		j := start + 3
		inStr := false
		end := -1
		for j < len(s) {
			c := s[j]
			if inStr {
				if c == '\'' {
					inStr = false
				}
				j++
				continue
			}
			if c == '\'' {
				inStr = true
				j++
				continue
			}
			if c == '}' && j+1 < len(s) && s[j+1] == '}' {
				end = j + 2
				break
			}
			j++
		}
		if end < 0 {
			return out
		}
		out = append(out, exprSpan{start: start, end: end, expr: s[start+3 : end-2]})
		i = end
	}
}
