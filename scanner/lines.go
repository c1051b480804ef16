package scanner

import (
	"sort"
	"strings"

	"github.com/rhysd/actionlint"
)

// fileLines is a file's text with the offset of each line, so that a line
// is a substring and not a copy.
type fileLines struct {
	text   string
	starts []int // starts[i] is the offset of line i+1
}

func newFileLines(data []byte) fileLines {
	fl := fileLines{text: string(data), starts: make([]int, 1, 1+len(data)/32)}
	for off := 0; ; {
		i := strings.IndexByte(fl.text[off:], '\n')
		if i < 0 {
			break
		}
		off += i + 1
		fl.starts = append(fl.starts, off)
	}
	return fl
}

// count is the number of lines (a final newline ends the last line and
// starts an empty one, as strings.Split would have it).
func (fl *fileLines) count() int { return len(fl.starts) }

// line is line l (from 1) without its newline; "" when out of range.
func (fl *fileLines) line(l int) string {
	if l < 1 || l > len(fl.starts) {
		return ""
	}
	end := len(fl.text)
	if l < len(fl.starts) {
		end = fl.starts[l] - 1
	}
	return fl.text[fl.starts[l-1]:end]
}

// lineAt is the line (from 1) holding byte offset off.
func (fl *fileLines) lineAt(off int) int {
	return sort.SearchInts(fl.starts, off+1)
}

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
	if l >= 1 && l <= a.lines.count() {
		text := a.lines.line(l)
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
			for k := cur; k <= a.lines.count() && k < cur+20; k++ {
				if v == "" || strings.Contains(a.lines.line(k), v) {
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
