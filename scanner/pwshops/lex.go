package pwshops

import (
	"strings"
)

// Characters: blanks, comments, line continuations, quotes and names as
// PowerShell tells them apart.

// typographic quotes are quotes to PowerShell: ‘ ’ ‚ ‛ as ' and “ ” „ as ".
var typographic = strings.NewReplacer("\u2018", "'  ", "\u2019", "'  ", "\u201a", "'  ", "\u201b", "'  ",
	"\u201c", "\"  ", "\u201d", "\"  ", "\u201e", "\"  ")

// asciiQuotes writes typographic quotes as the ASCII quotes PowerShell
// takes them for, followed by two blanks so that every offset and line
// stays where it was.
func asciiQuotes(src string) string {
	if !strings.Contains(src, "\xe2\x80") {
		return src
	}
	return typographic.Replace(src)
}

func (p *parser) eof() bool { return p.pos >= len(p.src) }

func (p *parser) peek() byte {
	if p.pos < len(p.src) {
		return p.src[p.pos]
	}
	return 0
}

func (p *parser) peekAt(k int) byte {
	if p.pos+k < len(p.src) {
		return p.src[p.pos+k]
	}
	return 0
}

func (p *parser) hasPrefix(s string) bool { return strings.HasPrefix(p.src[p.pos:], s) }

// skipSpace skips blanks, line continuations (a backtick before the
// newline) and comments, not newlines.
func (p *parser) skipSpace() {
	for p.pos < len(p.src) {
		c := p.src[p.pos]
		switch {
		case c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v':
			p.pos++
		case c == 0xc2 && p.peekAt(1) == 0xa0: // no-break space
			p.pos += 2
		case c == '`' && p.peekAt(1) == '\n':
			p.pos += 2
		case c == '`' && p.peekAt(1) == '\r' && p.peekAt(2) == '\n':
			p.pos += 3
		case c == '#':
			p.pos = p.lineEnd(p.pos)
		case c == '<' && p.peekAt(1) == '#':
			if k := strings.Index(p.src[p.pos+2:], "#>"); k >= 0 {
				p.pos += 2 + k + 2
			} else {
				p.pos = len(p.src)
			}
		default:
			return
		}
	}
}

// skipNewlines skips blanks, comments and newlines.
func (p *parser) skipNewlines() { p.skipLines(false) }

// skipTerminators skips blanks, comments, newlines and semicolons.
func (p *parser) skipTerminators() { p.skipLines(true) }

func (p *parser) skipLines(semicolons bool) {
	for {
		p.skipSpace()
		if c := p.peek(); c != '\n' && !(semicolons && c == ';') {
			return
		}
		p.pos++
	}
}

// name reads the characters of a variable name.
func (p *parser) name() {
	for !p.eof() && isNameChar(p.peek()) {
		p.pos++
	}
}

// skipBalanced skips from open to its matching close, over strings.
func (p *parser) skipBalanced(open, close byte) {
	depth := 0
	for !p.eof() {
		switch c := p.peek(); c {
		case '\'', '"':
			p.quoted()
			continue
		case '`':
			p.pos += 2
			continue
		case '#', '<':
			if start := p.pos; c == '#' || p.peekAt(1) == '#' {
				p.skipSpace() // a comment
				if p.pos > start {
					continue
				}
			}
		case open:
			depth++
		case close:
			depth--
			if depth == 0 {
				p.pos++
				return
			}
		}
		p.pos++
	}
	p.fail("missing closing '" + string(close) + "'")
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v' }

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isHex(c byte) bool { return isDigit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }

// isNameStart reports a character that starts a variable or parameter
// name (non-ASCII letters included).
func isNameStart(c byte) bool { return isLetter(c) || c == '_' || c == '?' || c >= 0x80 }

// isNameChar reports a character of a variable name.
func isNameChar(c byte) bool { return isLetter(c) || isDigit(c) || c == '_' || c >= 0x80 }

// isWordChar reports a character that continues a bareword.
func isWordChar(c byte) bool { return isNameChar(c) || c == '-' || c == '.' }
