package scanner

import (
	"strings"

	"github.com/rhysd/actionlint"
)

// lineMap maps offsets in a YAML string value to file lines. Block scalars
// (| and >) start on the line after their indicator and keep one source line
// per value line; plain and quoted scalars are found line by line.
type lineMap struct {
	start int // file line of the value's first line
	block bool
	// lines of a multi-line non-block scalar, in order: value line i is on
	// file line flow[i].
	flow []int
}

func (a *analysis) lineMap(s *actionlint.String) lineMap {
	if s == nil || s.Pos == nil {
		return lineMap{start: 0}
	}
	l := s.Pos.Line
	lm := lineMap{start: l}
	if l >= 1 && l <= len(a.lines) {
		text := a.lines[l-1]
		col := s.Pos.Col - 1
		if col >= 0 && col < len(text) {
			rest := strings.TrimSpace(text[col:])
			if strings.HasPrefix(rest, "|") || strings.HasPrefix(rest, ">") {
				lm.block = true
				lm.start = l + 1
				return lm
			}
		}
	}
	if strings.Contains(s.Value, "\n") {
		// Find each value line in the source, in order.
		vl := strings.Split(s.Value, "\n")
		cur := l
		for _, v := range vl {
			v = strings.TrimSpace(v)
			found := cur
			for k := cur; k <= len(a.lines) && k < cur+20; k++ {
				if v == "" || strings.Contains(a.lines[k-1], v) {
					found = k
					break
				}
			}
			lm.flow = append(lm.flow, found)
			cur = found + 1
		}
	}
	return lm
}

// lineOf is the file line of byte offset off in value.
func (lm lineMap) lineOf(value string, off int) int {
	if off > len(value) {
		off = len(value)
	}
	n := strings.Count(value[:off], "\n")
	if lm.block {
		return lm.start + n
	}
	if n < len(lm.flow) {
		return lm.flow[n]
	}
	return lm.start + n
}
