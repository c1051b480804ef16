// Package redact hides credentials in text pat2app prints or writes: literal
// GitHub tokens and the bodies of PEM private key blocks. It is the one
// redaction rule of the project; every output passes through it, either as
// a whole string (String) or as a stream (Writer), and both give the same
// result for the same text however a stream is cut into writes.
//
// A token is one of GitHub's prefixes (ghp_, gho_, ghu_, ghs_, ghr_,
// github_pat_) not preceded by a letter or digit, followed by at least
// eight token characters; it becomes its prefix and four asterisks
// ("ghp_****"). An underscore may be written "\_", as Markdown writers
// escape it, so escaping never hides a token from the rule. A key
// block starts at a line like "-----BEGIN RSA PRIVATE KEY-----"; every run
// of two or more base64 characters after it becomes "****", until its END
// line or the first character a PEM body cannot hold (so a key cut short,
// or quoted inside JSON, ends where its text ends). Line breaks, blanks and
// backslash escapes are kept, so a redacted diff keeps its lines and a
// redacted JSON string stays valid.
package redact

import (
	"bytes"
	"io"
	"strings"
)

// Mask replaces what is redacted.
const Mask = "****"

// minTokenBody is the fewest characters after a prefix that make a token:
// real tokens have 36 or more; shorter strings are names such as
// "ghp_token".
const minTokenBody = 8

// maxLabel bounds the label of a PEM boundary line ("RSA PRIVATE KEY").
const maxLabel = 64

// fineGrained is the prefix of fine-grained tokens, whose body holds
// underscores too.
const fineGrained = "github_pat_"

// prefixes are GitHub's token prefixes.
var prefixes = []string{"ghp_", "gho_", "ghu_", "ghs_", "ghr_", fineGrained}

// String returns s with tokens and private key bodies redacted.
func String(s string) string {
	if !mayHold(s) {
		return s
	}
	var r redactor
	out := r.run([]byte(s), true, make([]byte, 0, len(s)))
	if string(out) == s {
		return s
	}
	return string(out)
}

// mayHold is a cheap test that s holds nothing to redact.
func mayHold(s string) bool {
	return strings.Contains(s, "gh") || strings.Contains(s, "github") || strings.Contains(s, "-----BEGIN")
}

// Writer redacts what is written through it before passing it on. It holds
// back only the few bytes that may still turn out to start a token or a
// boundary line; Flush writes them at the end of the stream.
type Writer struct {
	w    io.Writer
	r    redactor
	pend []byte // bytes not yet decided
	out  []byte // reused output buffer
}

// NewWriter returns a Writer passing redacted text to w.
func NewWriter(w io.Writer) *Writer { return &Writer{w: w} }

// Write redacts p (together with the bytes held from earlier writes) and
// writes what is decided. It reports len(p) written unless w fails.
func (w *Writer) Write(p []byte) (int, error) {
	in := p
	if len(w.pend) > 0 {
		w.pend = append(w.pend, p...)
		in = w.pend
	}
	out, used := w.r.feed(in, false, w.out[:0])
	w.out = out
	rest := in[used:]
	if len(rest) > 0 {
		w.pend = append(w.pend[:0:0], rest...)
	} else {
		w.pend = w.pend[:0]
	}
	if len(out) > 0 {
		if _, err := w.w.Write(out); err != nil {
			return 0, err
		}
	}
	return len(p), nil
}

// Flush writes the bytes held back, deciding them as the end of the text.
// Writing may go on after it.
func (w *Writer) Flush() error {
	if len(w.pend) == 0 {
		return nil
	}
	out := w.r.run(w.pend, true, w.out[:0])
	w.out = out[:0]
	w.pend = w.pend[:0]
	_, err := w.w.Write(out)
	return err
}

// Underlying is the writer w writes to.
func (w *Writer) Underlying() io.Writer { return w.w }

// skip modes: the rest of a redacted run is dropped.
const (
	skipNone   = iota
	skipAlnum  // the body of a classic token
	skipWord   // the body of a fine-grained token (underscores too)
	skipBase64 // a run of a key body
)

// redactor is the state carried from one piece of a stream to the next.
type redactor struct {
	prevAlnum bool // the byte before is a letter or digit
	skip      int
	inKey     bool
}

// run redacts all of in as the end of the text.
func (r *redactor) run(in []byte, final bool, out []byte) []byte {
	out, _ = r.feed(in, final, out)
	return out
}

// match outcomes.
const (
	noMatch = iota
	matched
	needMore // in ends before the answer is known
)

// feed redacts in, appending to out. Unless final, it stops at the first
// byte that needs more text to decide and returns how much it used.
func (r *redactor) feed(in []byte, final bool, out []byte) ([]byte, int) {
	i := 0
	for i < len(in) {
		c := in[i]
		switch r.skip {
		case skipAlnum:
			if isAlnum(c) {
				i++
				continue
			}
		case skipWord:
			if isWord(c) {
				i++
				continue
			}
			if c == '\\' { // an escaped underscore
				if i+1 == len(in) && !final {
					return out, i
				}
				if i+1 < len(in) && in[i+1] == '_' {
					i += 2
					continue
				}
			}
		case skipBase64:
			if isBase64(c) {
				i++
				continue
			}
		}
		r.skip = skipNone
		if r.inKey {
			n, res := r.keyByte(in[i:], final, &out)
			if res == needMore {
				return out, i
			}
			if res == matched {
				i += n
				continue
			}
			r.inKey = false // c cannot be in a key body: handled below
		}
		switch {
		case c == 'g' && !r.prevAlnum:
			n, prefix, word, res := matchToken(in[i:])
			if res == needMore && !final {
				return out, i
			}
			if res == matched {
				out = append(out, in[i:i+prefix]...)
				out = append(out, Mask...)
				i += n
				r.skip = skipAlnum
				if word {
					r.skip = skipWord
				}
				r.prevAlnum = true
				continue
			}
		case c == '-':
			n, res := matchBoundary(in[i:], "-----BEGIN ", true)
			if res == needMore && !final {
				return out, i
			}
			if res == matched {
				out = append(out, in[i:i+n]...)
				i += n
				r.inKey = true
				r.prevAlnum = false
				continue
			}
		}
		// Copy up to the next byte that may start something.
		j := i + 1
		for j < len(in) && in[j] != 'g' && in[j] != '-' {
			j++
		}
		out = append(out, in[i:j]...)
		r.prevAlnum = isAlnum(in[j-1])
		i = j
	}
	return out, i
}

// keyByte handles in[0] inside a key block. It reports matched with the
// bytes it used, noMatch when in[0] ends the block, or needMore.
func (r *redactor) keyByte(in []byte, final bool, out *[]byte) (int, int) {
	c := in[0]
	switch {
	case c == '\\': // an escape (JSON, YAML): kept with the byte after it
		if len(in) < 2 {
			if !final {
				return 0, needMore
			}
			*out = append(*out, c)
			return 1, matched
		}
		*out = append(*out, in[:2]...)
		r.prevAlnum = isAlnum(in[1])
		return 2, matched
	case c == '-':
		n, res := matchBoundary(in, "-----END ", false)
		if res == needMore && !final {
			return 0, needMore
		}
		if res == matched {
			*out = append(*out, in[:n]...)
			r.inKey = false
			r.prevAlnum = false
			return n, matched
		}
		*out = append(*out, c) // a header such as Proc-Type
		r.prevAlnum = false
		return 1, matched
	case isBase64(c):
		j := 1
		for j < len(in) && isBase64(in[j]) {
			j++
		}
		if j >= 2 {
			*out = append(*out, Mask...)
			r.skip = skipBase64
			r.prevAlnum = true
			return j, matched
		}
		if j == len(in) && !final {
			return 0, needMore
		}
		*out = append(*out, c)
		r.prevAlnum = isAlnum(c)
		return 1, matched
	case c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ':' || c == ',':
		*out = append(*out, c)
		r.prevAlnum = false
		return 1, matched
	}
	return 0, noMatch
}

// matchToken matches a token at the start of in: its length, the length of
// its prefix as written, and whether its body may hold underscores.
func matchToken(in []byte) (n, prefix int, word bool, res int) {
	partial := false
	for _, p := range prefixes {
		k, r := matchEscaped(in, p)
		if r == needMore {
			partial = true
		}
		if r != matched {
			continue
		}
		word := p == fineGrained
		j, body := k, 0
		for j < len(in) {
			switch {
			case isAlnum(in[j]) || word && in[j] == '_':
				j++
			case word && in[j] == '\\' && j+1 < len(in) && in[j+1] == '_':
				j += 2
			default:
				goto end
			}
			body++
		}
	end:
		switch {
		case body >= minTokenBody:
			return j, k, word, matched
		case j == len(in) || j == len(in)-1 && word && in[j] == '\\':
			partial = true
		}
	}
	if partial {
		return 0, 0, false, needMore
	}
	return 0, 0, false, noMatch
}

// matchEscaped matches lit at the start of in, an underscore also written
// as "\_". It returns the bytes it covers.
func matchEscaped(in []byte, lit string) (int, int) {
	j := 0
	for k := 0; k < len(lit); k++ {
		if j == len(in) {
			return 0, needMore
		}
		if lit[k] == '_' && in[j] == '\\' {
			if j+1 == len(in) {
				return 0, needMore
			}
			if in[j+1] == '_' {
				j += 2
				continue
			}
		}
		if in[j] != lit[k] {
			return 0, noMatch
		}
		j++
	}
	return j, matched
}

// matchBoundary matches a PEM boundary line at the start of in: lead, a
// label of capitals, digits and blanks (holding "PRIVATE KEY" when
// private), then five dashes.
func matchBoundary(in []byte, lead string, private bool) (int, int) {
	k := min(len(in), len(lead))
	if !bytes.Equal(in[:k], []byte(lead[:k])) {
		return 0, noMatch
	}
	if k < len(lead) {
		return 0, needMore
	}
	j := len(lead)
	for j < len(in) && j-len(lead) <= maxLabel && (in[j] >= 'A' && in[j] <= 'Z' || in[j] >= '0' && in[j] <= '9' || in[j] == ' ') {
		j++
	}
	if j-len(lead) > maxLabel {
		return 0, noMatch
	}
	label := in[len(lead):j]
	end := j
	for end < len(in) && end-j < 5 && in[end] == '-' {
		end++
	}
	switch {
	case end-j == 5:
	case end == len(in):
		return 0, needMore
	default:
		return 0, noMatch
	}
	if private && !bytes.Contains(label, []byte("PRIVATE KEY")) {
		return 0, noMatch
	}
	return end, matched
}

func isAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func isWord(c byte) bool { return c == '_' || isAlnum(c) }

func isBase64(c byte) bool { return isAlnum(c) || c == '+' || c == '/' || c == '=' }
