package report

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// A spreadsheet cell holds at most maxCellChars UTF-16 units (Excel's
// limit; excelize cuts longer text without a word). Cells are fitted here
// first, so a cut cell says so.

// cellUnits is the length of s in UTF-16 units, as a spreadsheet counts.
func cellUnits(s string) int {
	if len(s) <= maxCellChars { // never more units than bytes
		return utf8.RuneCountInString(s)
	}
	n := 0
	for _, r := range s {
		n++
		if r >= 0x10000 {
			n++
		}
	}
	return n
}

// cutUnits is the longest prefix of s of at most n UTF-16 units.
func cutUnits(s string, n int) string {
	units := 0
	for i, r := range s {
		w := 1
		if r >= 0x10000 {
			w = 2
		}
		if units+w > n {
			return s[:i]
		}
		units += w
	}
	return s
}

// fitCell returns s when it fits in a cell, else as much of it as fits
// followed by a note that says it was cut and how much is missing.
func fitCell(s string) string {
	if len(s) <= maxCellChars {
		return s
	}
	total := cellUnits(s)
	if total <= maxCellChars {
		return s
	}
	note := func(rest int) string {
		return fmt.Sprintf(" … [cut: a cell holds %d characters; %d more not shown]", maxCellChars, rest)
	}
	head := cutUnits(s, maxCellChars-cellUnits(note(total)))
	return head + note(total-cellUnits(head))
}

// listCell joins items with sep into one cell. When they do not all fit it
// keeps as many as fit and ends with "… and N more" and where the whole
// list is (more), so a long list is never cut without a word.
func listCell(items []string, sep, more string) string {
	size := 0
	for i, it := range items {
		if i > 0 {
			size += len(sep)
		}
		size += len(it)
	}
	if size <= maxCellChars || cellUnits(strings.Join(items, sep)) <= maxCellChars {
		return strings.Join(items, sep)
	}
	tail := func(n int) string { return fmt.Sprintf("… and %d more (%s)", n, more) }
	budget := maxCellChars - cellUnits(tail(len(items)))
	var b strings.Builder
	used, kept := 0, 0
	for _, it := range items {
		w := cellUnits(it) + cellUnits(sep)
		if used+w > budget {
			break
		}
		b.WriteString(it)
		b.WriteString(sep)
		used += w
		kept++
	}
	b.WriteString(tail(len(items) - kept))
	return b.String()
}
