package pyops

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Token kinds.
const (
	tName = iota + 1
	tNumber
	tString
	tOp
	tNewline // the end of a logical line
	tIndent  // the start of a logical line: text holds its indentation
)

// token is one Python token.
type token struct {
	kind int
	text string // the name, number or operator; a string's source text
	line int
	// str is a string literal's value; for an f-string, its parts.
	str *strLit
}

// strLit is a string literal: its decoded text, or for an f-string its
// literal parts and the source of each replacement field.
type strLit struct {
	value  string
	fparts []fpart // f-strings only
	bytes  bool
}

// fpart is one part of an f-string: literal text, or an expression.
type fpart struct {
	lit  string
	expr string
	line int
	isEx bool
}

// SyntaxError is Python the reader cannot tokenize: an unterminated
// string or bracket.
type SyntaxError struct {
	Line int
	Msg  string
}

func (e *SyntaxError) Error() string { return "python: line " + strconv.Itoa(e.Line) + ": " + e.Msg }

// tokenize splits Python source into tokens, joining lines inside brackets
// and after a backslash into one logical line. Comments are dropped. It
// stops at the first error, returning the tokens before it.
func tokenize(src string) ([]token, error) {
	var toks []token
	line := 1
	depth := 0
	atLineStart := true
	i := 0
	for i < len(src) {
		c := src[i]
		if atLineStart && depth == 0 {
			// Indentation of a new logical line (blank and comment lines
			// are skipped).
			j := i
			for j < len(src) && (src[j] == ' ' || src[j] == '\t' || src[j] == '\f') {
				j++
			}
			if j < len(src) && (src[j] == '\n' || src[j] == '#' || src[j] == '\r') {
				for j < len(src) && src[j] != '\n' {
					j++
				}
				if j < len(src) {
					j++
					line++
				}
				i = j
				continue
			}
			if j >= len(src) {
				break
			}
			toks = append(toks, token{kind: tIndent, text: src[i:j], line: line})
			atLineStart = false
			i = j
			continue
		}
		switch {
		case c == '\n':
			line++
			i++
			if depth == 0 {
				toks = append(toks, token{kind: tNewline, line: line - 1})
				atLineStart = true
			}
		case c == ' ' || c == '\t' || c == '\r' || c == '\f':
			i++
		case c == '#':
			for i < len(src) && src[i] != '\n' {
				i++
			}
		case c == '\\' && i+1 < len(src) && (src[i+1] == '\n' || src[i+1] == '\r'):
			i += 2
			if i < len(src) && src[i-1] == '\r' && src[i] == '\n' {
				i++
			}
			line++
		case isNameStart(src, i):
			j := i
			for j < len(src) {
				r, n := utf8.DecodeRuneInString(src[j:])
				if r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) {
					j += n
					continue
				}
				break
			}
			word := src[i:j]
			if j < len(src) && (src[j] == '\'' || src[j] == '"') && isStringPrefix(word) {
				t, end, nl, err := readString(src, i, j, word, line)
				if err != nil {
					return toks, err
				}
				toks = append(toks, t)
				line += nl
				i = end
				continue
			}
			toks = append(toks, token{kind: tName, text: word, line: line})
			i = j
		case c == '\'' || c == '"':
			t, end, nl, err := readString(src, i, i, "", line)
			if err != nil {
				return toks, err
			}
			toks = append(toks, t)
			line += nl
			i = end
		case c >= '0' && c <= '9' || c == '.' && i+1 < len(src) && src[i+1] >= '0' && src[i+1] <= '9':
			j := i + 1
			for j < len(src) && (isAlnum(src[j]) || src[j] == '.' || src[j] == '_') {
				j++
			}
			toks = append(toks, token{kind: tNumber, text: src[i:j], line: line})
			i = j
		default:
			op := operator(src[i:])
			switch op {
			case "(", "[", "{":
				depth++
			case ")", "]", "}":
				if depth > 0 {
					depth--
				}
			}
			toks = append(toks, token{kind: tOp, text: op, line: line})
			i += len(op)
		}
	}
	if depth > 0 {
		return toks, &SyntaxError{Line: line, Msg: "a bracket is not closed"}
	}
	if len(toks) > 0 && toks[len(toks)-1].kind != tNewline {
		toks = append(toks, token{kind: tNewline, line: line})
	}
	return toks, nil
}

func isNameStart(src string, i int) bool {
	r, _ := utf8.DecodeRuneInString(src[i:])
	return r == '_' || unicode.IsLetter(r)
}

func isAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func isStringPrefix(w string) bool {
	switch strings.ToLower(w) {
	case "r", "u", "f", "b", "br", "rb", "fr", "rf":
		return true
	}
	return false
}

// operators, longest first.
var operators = []string{"**=", "//=", ">>=", "<<=", "...", "->", ":=", "**", "//", "==", "!=", "<=", ">=", "<<", ">>",
	"+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "@="}

func operator(s string) string {
	for _, op := range operators {
		if strings.HasPrefix(s, op) {
			return op
		}
	}
	_, n := utf8.DecodeRuneInString(s)
	return s[:n]
}

// readString reads a string literal whose prefix starts at start and quote
// at q. It returns the token, the offset after it and the line breaks in
// it.
func readString(src string, start, q int, prefix string, line int) (token, int, int, error) {
	p := strings.ToLower(prefix)
	raw := strings.Contains(p, "r")
	fstr := strings.Contains(p, "f")
	quote := src[q : q+1]
	if strings.HasPrefix(src[q:], strings.Repeat(quote, 3)) {
		quote = strings.Repeat(quote, 3)
	}
	i := q + len(quote)
	body := i
	nl := 0
	for {
		if i >= len(src) {
			return token{}, 0, 0, &SyntaxError{Line: line, Msg: "a string is not closed"}
		}
		c := src[i]
		if c == '\\' && i+1 < len(src) {
			if src[i+1] == '\n' {
				nl++
			}
			i += 2
			continue
		}
		if c == '\n' {
			if len(quote) == 1 {
				return token{}, 0, 0, &SyntaxError{Line: line, Msg: "a string is not closed"}
			}
			nl++
		}
		if strings.HasPrefix(src[i:], quote) {
			break
		}
		i++
	}
	text := src[body:i]
	end := i + len(quote)
	lit := &strLit{bytes: strings.Contains(p, "b")}
	if fstr {
		lit.fparts = fstringParts(text, raw, line)
	} else if raw {
		lit.value = text
	} else {
		lit.value = unescape(text)
	}
	return token{kind: tString, text: src[start:end], line: line, str: lit}, end, nl, nil
}

// fstringParts splits an f-string's body into literal text and the source
// of its replacement fields ({expr!r:fmt} keeps expr).
func fstringParts(body string, raw bool, line int) []fpart {
	var out []fpart
	var lit strings.Builder
	flush := func() {
		if lit.Len() > 0 {
			s := lit.String()
			if !raw {
				s = unescape(s)
			}
			out = append(out, fpart{lit: s, line: line})
			lit.Reset()
		}
	}
	for i := 0; i < len(body); i++ {
		c := body[i]
		switch {
		case c == '{' && i+1 < len(body) && body[i+1] == '{':
			lit.WriteByte('{')
			i++
		case c == '}' && i+1 < len(body) && body[i+1] == '}':
			lit.WriteByte('}')
			i++
		case c == '{':
			flush()
			depth, j := 0, i+1
			for ; j < len(body); j++ {
				switch body[j] {
				case '{', '[', '(':
					depth++
				case '}', ']', ')':
					if depth == 0 {
						goto done
					}
					depth--
				}
			}
		done:
			expr := body[i+1 : min(j, len(body))]
			// Drop a conversion and a format spec at depth zero.
			if k := topLevelIndex(expr, "!:"); k >= 0 {
				expr = expr[:k]
			}
			out = append(out, fpart{expr: strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(expr), "=")), isEx: true, line: line + strings.Count(body[:i], "\n")})
			i = j
		default:
			if c == '\n' {
				line++
			}
			lit.WriteByte(c)
		}
	}
	flush()
	return out
}

// topLevelIndex is the first index of any of chars outside brackets and
// strings, or -1.
func topLevelIndex(s, chars string) int {
	depth := 0
	var quote byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case c == '(' || c == '[' || c == '{':
			depth++
		case c == ')' || c == ']' || c == '}':
			depth--
		case depth == 0 && strings.IndexByte(chars, c) >= 0:
			if c == '!' && i+1 < len(s) && s[i+1] == '=' {
				continue
			}
			return i
		}
	}
	return -1
}

// unescape decodes a string body's escapes (best effort: unknown escapes
// are kept).
func unescape(s string) string {
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
		switch s[i] {
		case 'n':
			b.WriteByte('\n')
		case 't':
			b.WriteByte('\t')
		case 'r':
			b.WriteByte('\r')
		case '\\', '\'', '"':
			b.WriteByte(s[i])
		case '\n':
		default:
			b.WriteByte('\\')
			b.WriteByte(s[i])
		}
	}
	return b.String()
}
