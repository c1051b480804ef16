package scanner

import (
	"bytes"
	"sort"
	"strings"

	"github.com/rhysd/actionlint"
)

// fileLines indexes a file's lines without copying it: a line is read as
// bytes, and made a string only for what a finding keeps.
type fileLines struct {
	data   []byte
	starts []int // starts[i] is the offset of line i+1; made on first use
}

func newFileLines(data []byte) fileLines { return fileLines{data: data} }

func (fl *fileLines) index() []int {
	if fl.starts == nil {
		fl.starts = make([]int, 1, 1+bytes.Count(fl.data, []byte{'\n'}))
		for off := 0; ; {
			i := bytes.IndexByte(fl.data[off:], '\n')
			if i < 0 {
				break
			}
			off += i + 1
			fl.starts = append(fl.starts, off)
		}
	}
	return fl.starts
}

// count is the number of lines (a final newline ends the last line and
// starts an empty one, as strings.Split would have it).
func (fl *fileLines) count() int { return len(fl.index()) }

// lineBytes is line l (from 1) without its newline; nil when out of range.
func (fl *fileLines) lineBytes(l int) []byte {
	starts := fl.index()
	if l < 1 || l > len(starts) {
		return nil
	}
	end := len(fl.data)
	if l < len(starts) {
		end = starts[l] - 1
	}
	return fl.data[starts[l-1]:end]
}

// line is line l (from 1) as a string; "" when out of range.
func (fl *fileLines) line(l int) string { return string(fl.lineBytes(l)) }

// find is the first line from line from on, and before from+limit, that
// holds text; ok is false when none does.
func (fl *fileLines) find(from int, text []byte, limit int) (int, bool) {
	for k := from; k >= 1 && k <= fl.count() && k < from+limit; k++ {
		if bytes.Contains(fl.lineBytes(k), text) {
			return k, true
		}
	}
	return 0, false
}

// lineAt is the line (from 1) holding byte offset off.
func (fl *fileLines) lineAt(off int) int {
	return sort.SearchInts(fl.index(), off+1)
}

// lineMap maps offsets in a YAML string value to file lines. Block scalars
// (| and >) start on the line after their indicator and keep one source line
// per value line; plain and quoted scalars are found line by line.
type lineMap struct {
	start int // file line of the value's first line
	block bool
	// folded is true for a folded block (>): its lines are joined, so a
	// value line may span several file lines.
	folded bool
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
		text := a.lines.lineBytes(l)
		col := s.Pos.Col - 1
		if col >= 0 && col < len(text) {
			rest := bytes.TrimSpace(text[col:])
			if len(rest) > 0 && (rest[0] == '|' || rest[0] == '>') {
				lm.block, lm.folded = true, rest[0] == '>'
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
			found := cur
			if k, ok := a.lines.find(cur, []byte(strings.TrimSpace(v)), 20); ok {
				found = k
			}
			lm.flow = append(lm.flow, found)
			cur = found + 1
		}
	}
	return lm
}

// lineOfValueLine is the file line of the value's line n (from 0).
func (lm lineMap) lineOfValueLine(n int) int {
	if lm.block {
		return lm.start + n
	}
	if n < len(lm.flow) {
		return lm.flow[n]
	}
	return lm.start + n
}
