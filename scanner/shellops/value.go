package shellops

import (
	"sort"
	"strings"
)

// Caps on symbolic values so that pathological scripts stay cheap.
const (
	maxParts    = 256
	maxTextSize = 8 << 10
)

// part is one piece of a symbolic string: literal text, or the value of a
// reference that is not known literally (rendered as {NAME}).
type part struct {
	text  string
	creds []string
	// ref is the variable (or expression) the part came from, "" for
	// literal text.
	ref string
	// lit is true when text is the exact value.
	lit  bool
	line int // script line the part comes from (0 unknown)
	// oneOf, for a part that is not literal, lists the literal values it
	// is one of: a loop variable over literal words (`for r in web docs`).
	oneOf []string
}

// value is a symbolic string.
type value struct {
	parts []part
}

func litValue(s string, line int) value {
	return value{parts: []part{{text: s, lit: true, line: line}}}
}

func (v value) String() string {
	if len(v.parts) == 1 {
		return v.parts[0].text
	}
	var b strings.Builder
	for _, p := range v.parts {
		b.WriteString(p.text)
	}
	return b.String()
}

// known reports whether the whole value is literal.
func (v value) known() bool {
	for _, p := range v.parts {
		if !p.lit {
			return false
		}
	}
	return true
}

// creds returns the credentials the value carries, sorted and unique.
func (v value) creds() []string {
	var out []string
	for _, p := range v.parts {
		out = append(out, p.creds...)
	}
	return sortUniq(out)
}

func (v value) hasCreds() bool {
	for _, p := range v.parts {
		if len(p.creds) > 0 {
			return true
		}
	}
	return false
}

// append adds parts, merging literal neighbours and respecting the caps.
// The parts are copied: v never shares its array with another value.
func (v *value) append(ps ...part) {
	if v.parts == nil && len(ps) > 1 {
		v.parts = make([]part, 0, min(len(ps), maxParts))
	}
	for _, p := range ps {
		if p.text == "" && len(p.creds) == 0 && p.ref == "" {
			continue
		}
		if n := len(v.parts); n > 0 && p.lit && p.ref == "" && len(p.creds) == 0 {
			last := &v.parts[n-1]
			if last.lit && last.ref == "" && len(last.creds) == 0 {
				if len(last.text) < maxTextSize {
					last.text += p.text
				}
				continue
			}
		}
		if len(v.parts) >= maxParts {
			// keep the credentials, drop the text
			last := &v.parts[len(v.parts)-1]
			last.creds = uniq(append(last.creds, p.creds...))
			last.lit = false
			continue
		}
		if len(p.text) > maxTextSize {
			p.text = p.text[:maxTextSize]
		}
		v.parts = append(v.parts, p)
	}
}

func (v *value) appendValue(w value) { v.append(w.parts...) }

// opaque returns a single non-literal part named {name} carrying the
// credentials of v.
func (v value) opaque(name string, line int) value {
	return value{parts: []part{{text: "{" + name + "}", creds: v.creds(), ref: name, line: line}}}
}

// oneOf returns a single non-literal part named {name} that is one of the
// literal words (see part.oneOf); at most maxLoopWords are kept, else it
// is only opaque.
func oneOf(name string, line int, words []string) value {
	v := value{parts: []part{{text: "{" + name + "}", ref: name, line: line}}}
	if len(words) > 1 && len(words) <= maxLoopWords {
		v.parts[0].oneOf = words
	}
	return v
}

// onlyRef reports whether the value is exactly one reference part and
// returns its name.
func (v value) onlyRef() (string, bool) {
	if len(v.parts) == 1 && v.parts[0].ref != "" {
		return v.parts[0].ref, true
	}
	return "", false
}

// lines splits the value at newlines of its literal text. Each line keeps
// the parts (and so the credentials) it holds.
func (v value) lines() []value {
	var out []value
	var cur value
	for _, p := range v.parts {
		if !p.lit || !strings.Contains(p.text, "\n") {
			cur.append(p)
			continue
		}
		segs := strings.Split(p.text, "\n")
		for i, s := range segs {
			q := p
			q.text = s
			q.line = p.line + i
			if p.line == 0 {
				q.line = 0
			}
			if i > 0 {
				out = append(out, cur)
				cur = value{}
			}
			if s != "" || len(q.creds) > 0 {
				cur.append(q)
			}
		}
	}
	if len(cur.parts) > 0 {
		out = append(out, cur)
	}
	return out
}

// firstLine returns the first non-zero line of the value's parts.
func (v value) firstLine() int {
	for _, p := range v.parts {
		if p.line > 0 {
			return p.line
		}
	}
	return 0
}

// cut splits the value at the first occurrence of sep in its literal text.
func (v value) cut(sep string) (before, after value, ok bool) {
	for i, p := range v.parts {
		if !p.lit || p.ref != "" {
			continue
		}
		k := strings.Index(p.text, sep)
		if k < 0 {
			continue
		}
		before.parts = append(before.parts, v.parts[:i]...)
		if k > 0 {
			q := p
			q.text = p.text[:k]
			before.parts = append(before.parts, q)
		}
		if rest := p.text[k+len(sep):]; rest != "" {
			q := p
			q.text = rest
			after.parts = append(after.parts, q)
		}
		after.parts = append(after.parts, v.parts[i+1:]...)
		return before, after, true
	}
	return v, value{}, false
}

func uniq(s []string) []string {
	if len(s) <= 1 {
		return s
	}
	return sortUniq(append([]string(nil), s...))
}

// sortUniq sorts s and drops repeats in place; s is the caller's own.
func sortUniq(s []string) []string {
	if len(s) <= 1 {
		return s
	}
	sort.Strings(s)
	out := s[:1]
	for _, x := range s[1:] {
		if x != out[len(out)-1] {
			out = append(out, x)
		}
	}
	return out
}

func union(a, b []string) []string {
	if len(b) == 0 {
		return uniq(a)
	}
	return sortUniq(append(append([]string(nil), a...), b...))
}
