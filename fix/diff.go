package fix

import (
	"fmt"
	"strings"

	"github.com/pat2app/pat2app/redact"
)

// diffLine is one line of an edit script.
type diffLine struct {
	op   byte // ' ', '-', '+'
	text string
	ai   int // index in a (for ' ' and '-')
	bi   int // index in b (for ' ' and '+')
}

// Diff returns the unified diff of the rewrite (3 lines of context),
// labelled with the two names, or "" when nothing changed. Both sides are
// redacted whole first, so neither a token nor a private key (even one
// whose BEGIN line is outside a hunk) is printed. The changed lines come
// from the edits themselves, so the diff costs the size of the file, not
// its size times the number of changes.
func (r Result) Diff(oldName, newName string) string {
	if !r.Changed {
		return ""
	}
	a := splitLines(redact.String(string(r.src)))
	b := splitLines(redact.String(string(r.Output)))
	return formatDiff(oldName, newName, editScript(string(r.src), r.edits, a, b))
}

// editScript turns edits of src (sorted, not overlapping) into a line edit
// script from a to b, the redacted lines of src and of src with the edits
// applied. Edits on the same or neighbouring lines form one change, whose
// old and new lines are diffed with Myers' algorithm: a change is a few
// lines, so the whole costs the size of the file.
func editScript(src string, edits []edit, a, b []string) []diffLine {
	s := newSource(src)
	orig := splitLines(src)
	sb := &scriptBuilder{a: a, b: b}
	for k := 0; k < len(edits); {
		// One change: the lines of a from the first edit's line to the
		// last edit's, while the next edit starts on that line or the one
		// after.
		lo := s.lineOf(edits[k].start) - 1
		hi := s.lineOf(max(edits[k].end, edits[k].start)) // exclusive, 0-based
		var repl strings.Builder
		last := s.lineStart(lo + 1)
		for ; k < len(edits) && s.lineOf(edits[k].start)-1 <= hi; k++ {
			e := edits[k]
			repl.WriteString(src[last:e.start])
			repl.WriteString(e.text)
			last = e.end
			hi = max(hi, s.lineOf(e.end))
		}
		end := s.lineEnd(hi)
		if hi > len(orig) {
			end = len(src)
		}
		repl.WriteString(src[last:end])
		old := orig[lo:min(hi, len(orig))]
		nu := splitLines(repl.String())
		// Equal lines at either end are context, not change.
		p := 0
		for p < len(old) && p < len(nu) && old[p] == nu[p] {
			p++
		}
		q := 0
		for q < len(old)-p && q < len(nu)-p && old[len(old)-1-q] == nu[len(nu)-1-q] {
			q++
		}
		sb.keep(lo + p)
		sb.apply(myers(old[p:len(old)-q], nu[p:len(nu)-q]))
		sb.keep(lo + len(old))
	}
	sb.keep(len(a))
	return sb.lines
}

// scriptBuilder writes an edit script from a to b line by line.
type scriptBuilder struct {
	a, b   []string
	ai, bi int // the next line of a and of b
	lines  []diffLine
}

// keep adds the lines of a up to index to as context.
func (sb *scriptBuilder) keep(to int) {
	for ; sb.ai < to && sb.ai < len(sb.a); sb.ai++ {
		sb.lines = append(sb.lines, diffLine{' ', sb.a[sb.ai], sb.ai, sb.bi})
		sb.bi++
	}
}

// apply adds the lines of an edit script of '=', '-' and '+' (myers).
func (sb *scriptBuilder) apply(ops []byte) {
	for _, op := range ops {
		switch op {
		case '=':
			sb.keep(sb.ai + 1)
		case '-':
			sb.lines = append(sb.lines, diffLine{'-', sb.a[sb.ai], sb.ai, sb.bi})
			sb.ai++
		case '+':
			sb.lines = append(sb.lines, diffLine{'+', sb.b[sb.bi], sb.ai, sb.bi})
			sb.bi++
		}
	}
}

// formatDiff cuts an edit script into hunks with 3 lines of context.
func formatDiff(oldName, newName string, script []diffLine) string {
	var out strings.Builder
	fmt.Fprintf(&out, "--- %s\n+++ %s\n", oldName, newName)
	const ctx = 3
	for i := 0; i < len(script); {
		if script[i].op == ' ' {
			i++
			continue
		}
		start := i - ctx
		if start < 0 {
			start = 0
		}
		end := i
		for end < len(script) {
			if script[end].op != ' ' {
				end++
				continue
			}
			// Count the run of context; a short run joins two changes.
			run := end
			for run < len(script) && script[run].op == ' ' {
				run++
			}
			if run < len(script) && run-end <= 2*ctx {
				end = run
				continue
			}
			end += ctx
			if end > run {
				end = run
			}
			break
		}
		h := script[start:end]
		aStart, bStart := h[0].ai, h[0].bi
		aLen, bLen := 0, 0
		for _, l := range h {
			if l.op != '+' {
				aLen++
			}
			if l.op != '-' {
				bLen++
			}
		}
		fmt.Fprintf(&out, "@@ -%s +%s @@\n", hunkRange(aStart, aLen), hunkRange(bStart, bLen))
		for _, l := range h {
			out.WriteByte(l.op)
			out.WriteString(l.text)
			if !strings.HasSuffix(l.text, "\n") {
				out.WriteString("\n\\ No newline at end of file\n")
			}
		}
		i = end
	}
	return out.String()
}

func hunkRange(start, n int) string {
	if n == 0 {
		return fmt.Sprintf("%d,0", start)
	}
	if n == 1 {
		return fmt.Sprintf("%d", start+1)
	}
	return fmt.Sprintf("%d,%d", start+1, n)
}

// splitLines splits s after each newline; the last line may lack one.
func splitLines(s string) []string {
	var out []string
	for len(s) > 0 {
		i := strings.IndexByte(s, '\n')
		if i < 0 {
			out = append(out, s)
			break
		}
		out = append(out, s[:i+1])
		s = s[i+1:]
	}
	return out
}

// myers returns the shortest edit script from x to y as a string of '='
// (keep), '-' (delete from x) and '+' (insert from y).
func myers(x, y []string) []byte {
	n, m := len(x), len(y)
	max := n + m
	off := max + 1
	v := make([]int, 2*max+3)
	var trace [][]int
	for d := 0; d <= max; d++ {
		snap := make([]int, len(v))
		copy(snap, v)
		trace = append(trace, snap)
		for k := -d; k <= d; k += 2 {
			var i int
			if k == -d || (k != d && v[off+k-1] < v[off+k+1]) {
				i = v[off+k+1] // down: insertion
			} else {
				i = v[off+k-1] + 1 // right: deletion
			}
			j := i - k
			for i < n && j < m && x[i] == y[j] {
				i++
				j++
			}
			v[off+k] = i
			if i >= n && j >= m {
				return backtrack(trace, x, y, d, off)
			}
		}
	}
	return nil
}

func backtrack(trace [][]int, x, y []string, d, off int) []byte {
	var ops []byte
	i, j := len(x), len(y)
	for ; d > 0; d-- {
		v := trace[d] // the furthest points after round d-1
		k := i - j
		pk := k - 1
		if k == -d || (k != d && v[off+k-1] < v[off+k+1]) {
			pk = k + 1
		}
		pi := v[off+pk]
		pj := pi - pk
		for i > pi && j > pj {
			ops = append(ops, '=')
			i--
			j--
		}
		if i == pi {
			ops = append(ops, '+')
		} else {
			ops = append(ops, '-')
		}
		i, j = pi, pj
	}
	for i > 0 && j > 0 {
		ops = append(ops, '=')
		i--
		j--
	}
	for l, r := 0, len(ops)-1; l < r; l, r = l+1, r-1 {
		ops[l], ops[r] = ops[r], ops[l]
	}
	return ops
}
