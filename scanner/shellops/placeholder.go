package shellops

import (
	"strconv"
	"strings"

	"github.com/pat2app/pat2app/expression"
)

// PlaceholderPrefix starts the name of the shell variable that stands for a
// GitHub expression in a script: expression n becomes ${__P2A_E<n>}.
const PlaceholderPrefix = "__P2A_E"

// Placeholder is one ${{ }} expression replaced in a script.
type Placeholder struct {
	// Name is the shell variable standing for it (__P2A_E1, ...).
	Name string
	// Expr is the expression text without ${{ }}, trimmed.
	Expr string
	// Line is the script line (1-based) where it starts.
	Line int
}

// Placeholders replaces every ${{ expr }} in script with ${__P2A_E<n>} (n
// from 1, in order of appearance) and returns the new script and the
// expressions. Newlines inside an expression are kept after the placeholder
// so that every line keeps its number. An unterminated ${{ is left as is.
func Placeholders(script string) (string, []Placeholder) {
	spans := expression.Find(script)
	if len(spans) == 0 {
		return script, nil
	}
	var b strings.Builder
	b.Grow(len(script))
	out := make([]Placeholder, 0, len(spans))
	line, last := 1, 0
	for _, sp := range spans {
		b.WriteString(script[last:sp.Start])
		line += strings.Count(script[last:sp.Start], "\n")
		name := PlaceholderPrefix + strconv.Itoa(len(out)+1)
		out = append(out, Placeholder{Name: name, Expr: strings.TrimSpace(sp.Body), Line: line})
		b.WriteString("${" + name + "}")
		if n := strings.Count(sp.Body, "\n"); n > 0 {
			b.WriteString(strings.Repeat("\n", n))
			line += n
		}
		last = sp.End
	}
	b.WriteString(script[last:])
	return b.String(), out
}

// placeholderIndex parses "__P2A_E<n>" and returns n-1, or -1.
func placeholderIndex(name string) int {
	if !strings.HasPrefix(name, PlaceholderPrefix) {
		return -1
	}
	n, err := strconv.Atoi(name[len(PlaceholderPrefix):])
	if err != nil || n < 1 {
		return -1
	}
	return n - 1
}

// restoreExprs writes back the ${{ }} text of every placeholder reference in
// s (both ${__P2A_En} and $__P2A_En forms).
func restoreExprs(s string, ph []Placeholder) string {
	if len(ph) == 0 || !strings.Contains(s, PlaceholderPrefix) {
		return s
	}
	var b strings.Builder
	for {
		i := strings.Index(s, PlaceholderPrefix)
		if i < 0 {
			b.WriteString(s)
			break
		}
		k := i + len(PlaceholderPrefix)
		for k < len(s) && s[k] >= '0' && s[k] <= '9' {
			k++
		}
		idx := placeholderIndex(s[i:k])
		start, end := i, k
		if i >= 2 && s[i-2:i] == "${" && k < len(s) && s[k] == '}' {
			start, end = i-2, k+1
		} else if i >= 1 && s[i-1] == '$' {
			start = i - 1
		}
		if idx < 0 || idx >= len(ph) {
			b.WriteString(s[:k])
			s = s[k:]
			continue
		}
		b.WriteString(s[:start])
		b.WriteString("${{ " + ph[idx].Expr + " }}")
		s = s[end:]
	}
	return b.String()
}

// isTokenChar reports a byte of a word: letters, digits, underscore.
func isTokenChar(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// oneLine collapses s to a single line of at most max runes.
// Folded reports whether s is already one line of printable ASCII words
// separated by single spaces: what folding white space would leave as it is.
func Folded(s string) bool {
	if s == "" {
		return true
	}
	if s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == ' ' {
			if s[i+1] == ' ' {
				return false
			}
			continue
		}
		if c < 0x21 || c > 0x7e {
			return false
		}
	}
	return true
}

func oneLine(s string, max int) string {
	if len(s) <= max && Folded(s) {
		return strings.Clone(s) // s may be part of a whole script
	}
	s = strings.ReplaceAll(s, "\\\n", " ")
	f := strings.Fields(s)
	s = strings.Join(f, " ")
	if r := []rune(s); len(r) > max {
		s = string(r[:max-1]) + "…"
	}
	return s
}
