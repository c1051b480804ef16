package fix

import (
	"fmt"
	"strings"
)

// Diff returns a unified diff (3 lines of context) from a to b, labelled
// with the two names, or "" when they are equal. It is a line diff by
// Myers' O(ND) algorithm: rewrites change few lines, so D stays small.
func Diff(oldName, newName string, a, b []byte) string {
	if string(a) == string(b) {
		return ""
	}
	x, y := splitLines(string(a)), splitLines(string(b))
	ops := myers(x, y)
	var out strings.Builder
	fmt.Fprintf(&out, "--- %s\n+++ %s\n", oldName, newName)
	const ctx = 3
	// Walk the edit script and cut it into hunks.
	type line struct {
		op   byte // ' ', '-', '+'
		text string
		ai   int // index in a (for ' ' and '-')
		bi   int // index in b (for ' ' and '+')
	}
	var script []line
	ai, bi := 0, 0
	for _, op := range ops {
		switch op {
		case '=':
			script = append(script, line{' ', x[ai], ai, bi})
			ai++
			bi++
		case '-':
			script = append(script, line{'-', x[ai], ai, bi})
			ai++
		case '+':
			script = append(script, line{'+', y[bi], ai, bi})
			bi++
		}
	}
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
