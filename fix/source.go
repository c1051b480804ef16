package fix

import (
	"sort"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// source is a file's text with the byte offset of every line, so that the
// line and column of a yaml.v3 node become a byte offset to splice at.
type source struct {
	text  string
	lines []int // lines[i] is the offset of line i+1
}

func newSource(text string) *source {
	s := &source{text: text, lines: []int{0}}
	for i := 0; i < len(text); i++ {
		if text[i] == '\n' && i+1 <= len(text) {
			s.lines = append(s.lines, i+1)
		}
	}
	return s
}

// lineStart is the offset of 1-based line n (len(text) past the end).
func (s *source) lineStart(n int) int {
	if n < 1 {
		return 0
	}
	if n > len(s.lines) {
		return len(s.text)
	}
	return s.lines[n-1]
}

// lineEnd is the offset just after line n's newline (or the end of text).
func (s *source) lineEnd(n int) int {
	if n >= len(s.lines) {
		return len(s.text)
	}
	return s.lines[n]
}

// lineOf is the 1-based line holding offset off.
func (s *source) lineOf(off int) int {
	return sort.Search(len(s.lines), func(i int) bool { return s.lines[i] > off })
}

// offset turns a yaml.v3 line and column (1-based, counted in characters)
// into a byte offset, or -1 when it is outside the text.
func (s *source) offset(line, col int) int {
	if line < 1 || line > len(s.lines) || col < 1 {
		return -1
	}
	off := s.lines[line-1]
	for c := 1; c < col; c++ {
		if off >= len(s.text) || s.text[off] == '\n' {
			return -1
		}
		_, n := utf8.DecodeRuneInString(s.text[off:])
		off += n
	}
	return off
}

// lastLine is the line a node's text ends on: the end of its last
// scalar, block scalars and plain scalars over several lines included.
func (s *source) lastLine(w *workflow, n *yaml.Node) int {
	for len(n.Content) > 0 {
		n = n.Content[len(n.Content)-1]
	}
	if n.Kind == yaml.ScalarNode {
		if start := s.offset(n.Line, n.Column); start >= 0 {
			if _, end, ok := s.scalarSpan(n, w.nextOffset(start, len(s.text))); ok && end > start {
				return s.lineOf(end - 1)
			}
		}
	}
	return n.Line
}

// indentOf is the number of leading spaces of line n.
func (s *source) indentOf(n int) int {
	l := s.text[s.lineStart(n):s.lineEnd(n)]
	return len(l) - len(strings.TrimLeft(l, " "))
}

// scalarSpan returns the byte range of a scalar node's text in the source:
// from its first character (after any tag) to its end. bound is where the
// next node in document order starts; a plain scalar never reaches past it.
// ok is false when the scalar's text cannot be located safely.
func (s *source) scalarSpan(n *yaml.Node, bound int) (start, end int, ok bool) {
	start = s.offset(n.Line, n.Column)
	if start < 0 {
		return 0, 0, false
	}
	t := s.text
	if n.Anchor != "" || start < len(t) && (t[start] == '&' || t[start] == '*') {
		return 0, 0, false
	}
	if start < len(t) && t[start] == '!' { // a tag: skip it and the blanks after
		for start < len(t) && t[start] != ' ' && t[start] != '\t' && t[start] != '\n' {
			start++
		}
		for start < len(t) && (t[start] == ' ' || t[start] == '\t') {
			start++
		}
	}
	if bound < start || bound > len(t) {
		bound = len(t)
	}
	switch {
	case n.Style&yaml.DoubleQuotedStyle != 0:
		if start >= len(t) || t[start] != '"' {
			return 0, 0, false
		}
		for i := start + 1; i < len(t); i++ {
			switch t[i] {
			case '\\':
				i++
			case '"':
				return start, i + 1, true
			}
		}
		return 0, 0, false
	case n.Style&yaml.SingleQuotedStyle != 0:
		if start >= len(t) || t[start] != '\'' {
			return 0, 0, false
		}
		for i := start + 1; i < len(t); i++ {
			if t[i] == '\'' {
				if i+1 < len(t) && t[i+1] == '\'' {
					i++
					continue
				}
				return start, i + 1, true
			}
		}
		return 0, 0, false
	case n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0:
		if start >= len(t) || (t[start] != '|' && t[start] != '>') {
			return 0, 0, false
		}
		header := s.lineOf(start)
		parentIndent := s.indentOf(header)
		contentIndent := -1
		// An explicit indentation indicator (|2, >-4).
		for i := start + 1; i < len(t) && t[i] != '\n' && t[i] != ' ' && t[i] != '#'; i++ {
			if t[i] >= '1' && t[i] <= '9' {
				contentIndent = parentIndent + int(t[i]-'0')
			}
		}
		end = s.lineEnd(header)
		for l := header + 1; l <= len(s.lines); l++ {
			ls, le := s.lineStart(l), s.lineEnd(l)
			if ls >= len(t) {
				break
			}
			body := strings.TrimRight(t[ls:le], "\r\n")
			if strings.TrimSpace(body) == "" {
				continue // blank lines belong to the scalar, or to nothing
			}
			ind := s.indentOf(l)
			if contentIndent < 0 {
				if ind <= parentIndent {
					break
				}
				contentIndent = ind
			}
			if ind < contentIndent {
				break
			}
			end = le
		}
		return start, end, true
	default: // plain
		i := start
		for i < bound {
			c := t[i]
			if c == '#' && (i == 0 || t[i-1] == ' ' || t[i-1] == '\t' || t[i-1] == '\n') {
				break
			}
			if c == '\n' && i+1 < len(t) {
				// A line of only a comment ends a plain scalar too.
				rest := strings.TrimLeft(t[i+1:], " \t")
				if strings.HasPrefix(rest, "#") {
					break
				}
			}
			i++
		}
		for i > start && (t[i-1] == ' ' || t[i-1] == '\t' || t[i-1] == '\n' || t[i-1] == '\r') {
			i--
		}
		return start, i, true
	}
}
