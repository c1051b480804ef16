package scanner

import (
	"strconv"
	"strings"
	"testing"

	"github.com/pat2app/pat2app/inventory"
)

// TestFileLines checks the line index against strings.Split, which it
// replaces, and lineAt against a count of newlines.
func TestFileLines(t *testing.T) {
	for _, text := range []string{"", "a", "a\n", "a\nb", "a\n\nb\n", "\n\n", "x\r\ny\r\n", "${{ secrets.A }}\n  b: ${{ c }}"} {
		fl := newFileLines([]byte(text))
		want := strings.Split(text, "\n")
		if fl.count() != len(want) {
			t.Errorf("%q: count %d, want %d", text, fl.count(), len(want))
			continue
		}
		for i, w := range want {
			if got := fl.line(i + 1); got != w {
				t.Errorf("%q: line %d = %q, want %q", text, i+1, got, w)
			}
		}
		if fl.line(0) != "" || fl.line(len(want)+1) != "" {
			t.Errorf("%q: out-of-range lines are not empty", text)
		}
		for off := 0; off < len(text); off++ {
			if got, want := fl.lineAt(off), 1+strings.Count(text[:off], "\n"); got != want {
				t.Errorf("%q: lineAt(%d) = %d, want %d", text, off, got, want)
			}
		}
	}
}

// TestBuilderDedupes: uses, operations and unresolved entries are kept
// once each, below and above the size where the builder starts a map.
func TestBuilderDedupes(t *testing.T) {
	b := &builder{lines: map[int]bool{}}
	for round := 0; round < 2; round++ {
		for i := 0; i < 3*smallSet; i++ {
			b.use(inventory.Use{Line: i, Via: "env", Target: "gh"})
			b.op(inventory.Operation{Kind: "rest", Method: "GET", Path: "/x", Evidence: inventory.Evidence{Line: i, Text: "round " + strconv.Itoa(round)}})
			b.unresolved(i, "e", "r", inventory.Subject{})
			b.unresolved(i, "e", "another reason, same entry", inventory.Subject{})
		}
	}
	if n := 3 * smallSet; len(b.f.Uses) != n || len(b.f.Operations) != n || len(b.f.Unresolved) != n {
		t.Fatalf("%d uses, %d operations, %d unresolved; want %d each", len(b.f.Uses), len(b.f.Operations), len(b.f.Unresolved), n)
	}
}
