package gqlops

import (
	"fmt"
	"strings"
)

// tokKind is the kind of a GraphQL lexical token.
type tokKind int

const (
	tokEOF tokKind = iota
	tokPunct
	tokName
	tokInt
	tokFloat
	tokString
	tokBlockString
)

func (k tokKind) String() string {
	switch k {
	case tokEOF:
		return "end of document"
	case tokPunct:
		return "punctuator"
	case tokName:
		return "name"
	case tokInt:
		return "integer"
	case tokFloat:
		return "float"
	case tokString, tokBlockString:
		return "string"
	}
	return "token"
}

// token is one lexical token with its 1-based position. For strings, text is
// the decoded value; for every other kind it is the source text.
type token struct {
	kind      tokKind
	text      string
	line, col int
}

func (t token) describe() string {
	switch t.kind {
	case tokEOF:
		return "end of document"
	case tokString, tokBlockString:
		return "string"
	}
	if len(t.text) > 40 {
		return fmt.Sprintf("%q…", t.text[:40])
	}
	return fmt.Sprintf("%q", t.text)
}

// lexer splits a GraphQL document into tokens following the October 2021
// specification's lexical grammar (ignored tokens: whitespace, commas,
// comments, byte order mark).
type lexer struct {
	src       string
	pos       int
	line, col int // position of src[pos]
}

func newLexer(src string) *lexer {
	return &lexer{src: src, line: 1, col: 1}
}

// advance moves past n bytes that contain no line terminator.
func (l *lexer) advance(n int) {
	l.pos += n
	l.col += n
}

// newline moves past a line terminator of n bytes.
func (l *lexer) newline(n int) {
	l.pos += n
	l.line++
	l.col = 1
}

func (l *lexer) errorf(line, col int, format string, a ...any) error {
	return &SyntaxError{Line: line, Col: col, Msg: fmt.Sprintf(format, a...)}
}

// skipIgnored skips whitespace, commas, comments and line terminators.
func (l *lexer) skipIgnored() {
	for l.pos < len(l.src) {
		c := l.src[l.pos]
		switch {
		case c == ' ' || c == '\t' || c == ',':
			l.advance(1)
		case c == '\n':
			l.newline(1)
		case c == '\r':
			if l.pos+1 < len(l.src) && l.src[l.pos+1] == '\n' {
				l.newline(2)
			} else {
				l.newline(1)
			}
		case strings.HasPrefix(l.src[l.pos:], "\uFEFF"):
			l.advance(len("\uFEFF"))
		case c == '#':
			for l.pos < len(l.src) && l.src[l.pos] != '\n' && l.src[l.pos] != '\r' {
				l.advance(1)
			}
		default:
			return
		}
	}
}

func isNameStart(c byte) bool {
	return c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

func isNameContinue(c byte) bool {
	return isNameStart(c) || isDigit(c)
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// next returns the next token.
func (l *lexer) next() (token, error) {
	l.skipIgnored()
	line, col := l.line, l.col
	if l.pos >= len(l.src) {
		return token{kind: tokEOF, line: line, col: col}, nil
	}
	c := l.src[l.pos]
	switch {
	case strings.IndexByte("!$&()...:=@[]{}|", c) >= 0:
		if c == '.' {
			if !strings.HasPrefix(l.src[l.pos:], "...") {
				return token{}, l.errorf(line, col, "unexpected %q (a spread is written ...)", c)
			}
			l.advance(3)
			return token{kind: tokPunct, text: "...", line: line, col: col}, nil
		}
		l.advance(1)
		return token{kind: tokPunct, text: string(c), line: line, col: col}, nil
	case isNameStart(c):
		start := l.pos
		for l.pos < len(l.src) && isNameContinue(l.src[l.pos]) {
			l.advance(1)
		}
		return token{kind: tokName, text: l.src[start:l.pos], line: line, col: col}, nil
	case c == '-' || isDigit(c):
		return l.number(line, col)
	case c == '"':
		if strings.HasPrefix(l.src[l.pos:], `"""`) {
			return l.blockString(line, col)
		}
		return l.str(line, col)
	}
	return token{}, l.errorf(line, col, "unexpected character %q", l.src[l.pos:l.pos+1])
}

func (l *lexer) digits() int {
	n := 0
	for l.pos < len(l.src) && isDigit(l.src[l.pos]) {
		l.advance(1)
		n++
	}
	return n
}

func (l *lexer) number(line, col int) (token, error) {
	start := l.pos
	kind := tokInt
	if l.src[l.pos] == '-' {
		l.advance(1)
	}
	if l.digits() == 0 {
		return token{}, l.errorf(line, col, "malformed number")
	}
	if l.pos < len(l.src) && l.src[l.pos] == '.' {
		kind = tokFloat
		l.advance(1)
		if l.digits() == 0 {
			return token{}, l.errorf(line, col, "malformed number: digits expected after '.'")
		}
	}
	if l.pos < len(l.src) && (l.src[l.pos] == 'e' || l.src[l.pos] == 'E') {
		kind = tokFloat
		l.advance(1)
		if l.pos < len(l.src) && (l.src[l.pos] == '+' || l.src[l.pos] == '-') {
			l.advance(1)
		}
		if l.digits() == 0 {
			return token{}, l.errorf(line, col, "malformed number: digits expected in exponent")
		}
	}
	if l.pos < len(l.src) && (isNameStart(l.src[l.pos]) || l.src[l.pos] == '.') {
		return token{}, l.errorf(line, col, "malformed number: unexpected %q", l.src[l.pos:l.pos+1])
	}
	return token{kind: kind, text: l.src[start:l.pos], line: line, col: col}, nil
}

// str reads a "..." string and decodes its escapes.
func (l *lexer) str(line, col int) (token, error) {
	l.advance(1)
	var b strings.Builder
	for l.pos < len(l.src) {
		c := l.src[l.pos]
		switch c {
		case '"':
			l.advance(1)
			return token{kind: tokString, text: b.String(), line: line, col: col}, nil
		case '\n', '\r':
			return token{}, l.errorf(line, col, "unterminated string")
		case '\\':
			if l.pos+1 >= len(l.src) {
				return token{}, l.errorf(line, col, "unterminated string")
			}
			e := l.src[l.pos+1]
			switch e {
			case '"', '\\', '/':
				b.WriteByte(e)
			case 'b':
				b.WriteByte('\b')
			case 'f':
				b.WriteByte('\f')
			case 'n':
				b.WriteByte('\n')
			case 'r':
				b.WriteByte('\r')
			case 't':
				b.WriteByte('\t')
			case 'u':
				if l.pos+6 > len(l.src) {
					return token{}, l.errorf(l.line, l.col, "bad unicode escape")
				}
				var r rune
				for _, h := range []byte(l.src[l.pos+2 : l.pos+6]) {
					var v byte
					switch {
					case isDigit(h):
						v = h - '0'
					case 'a' <= h && h <= 'f':
						v = h - 'a' + 10
					case 'A' <= h && h <= 'F':
						v = h - 'A' + 10
					default:
						return token{}, l.errorf(l.line, l.col, "bad unicode escape")
					}
					r = r<<4 | rune(v)
				}
				b.WriteRune(r)
				l.advance(4)
			default:
				return token{}, l.errorf(l.line, l.col, "bad escape \\%c", e)
			}
			l.advance(2)
		default:
			b.WriteByte(c)
			l.advance(1)
		}
	}
	return token{}, l.errorf(line, col, "unterminated string")
}

// blockString reads a """...""" string. The value is the raw content with
// \""" unescaped; common indentation is not removed (no caller needs it).
func (l *lexer) blockString(line, col int) (token, error) {
	l.advance(3)
	var b strings.Builder
	for l.pos < len(l.src) {
		switch {
		case strings.HasPrefix(l.src[l.pos:], `"""`):
			l.advance(3)
			return token{kind: tokBlockString, text: b.String(), line: line, col: col}, nil
		case strings.HasPrefix(l.src[l.pos:], `\"""`):
			b.WriteString(`"""`)
			l.advance(4)
		case l.src[l.pos] == '\n':
			b.WriteByte('\n')
			l.newline(1)
		case l.src[l.pos] == '\r':
			b.WriteByte('\n')
			if l.pos+1 < len(l.src) && l.src[l.pos+1] == '\n' {
				l.newline(2)
			} else {
				l.newline(1)
			}
		default:
			b.WriteByte(l.src[l.pos])
			l.advance(1)
		}
	}
	return token{}, l.errorf(line, col, "unterminated block string")
}
