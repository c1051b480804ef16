package report

import (
	"fmt"
	"strings"
	"testing"

	"github.com/pat2app/pat2app/planner"
)

func TestFitCell(t *testing.T) {
	if s := strings.Repeat("a", maxCellChars); fitCell(s) != s {
		t.Error("a cell at the limit was changed")
	}
	// Astral characters count twice, as a spreadsheet counts them.
	emoji := strings.Repeat("😀", maxCellChars/2+1)
	got := fitCell(emoji)
	if cellUnits(got) > maxCellChars || !strings.Contains(got, "[cut: a cell holds 32767 characters; ") {
		t.Errorf("%d units: …%s", cellUnits(got), got[len(got)-80:])
	}
	long := strings.Repeat("b", maxCellChars+1000)
	got = fitCell(long)
	if cellUnits(got) > maxCellChars || !strings.HasSuffix(got, " more not shown]") {
		t.Errorf("%d units: …%s", cellUnits(got), got[len(got)-80:])
	}
}

func TestListCell(t *testing.T) {
	if got := listCell([]string{"a", "b"}, ", ", "x"); got != "a, b" {
		t.Errorf("short list: %q", got)
	}
	var items []string
	for i := 0; i < 5000; i++ {
		items = append(items, fmt.Sprintf("acme/repo-%04d", i))
	}
	got := listCell(items, "\n", "the Inventory sheet lists them")
	if cellUnits(got) > maxCellChars {
		t.Fatalf("%d units", cellUnits(got))
	}
	shown := strings.Count(got, "\n")
	if want := fmt.Sprintf("… and %d more (the Inventory sheet lists them)", 5000-shown); !strings.HasSuffix(got, want) {
		t.Errorf("ends …%s, want %q", got[len(got)-80:], want)
	}
}

// A long "Deletable after" is written in the secret's first row; the rows
// after it count the jobs that keep the secret and point to that row.
func TestDeletableText(t *testing.T) {
	b := &workbook{}
	var labels []string
	for i := 0; i < 40; i++ {
		labels = append(labels, fmt.Sprintf(".github/workflows/ci.yml/job-%d (manual_review)", i))
	}
	sec := planner.SecretPlan{Name: "PAT", Deletion: planner.DeletionBlocked, DeletableAfter: "not yet: kept by " + strings.Join(labels, ", "), KeptBy: labels}
	first, next := b.deletableText(sec, 7)
	if first.v != sec.DeletableAfter || next.v != "not yet: kept by 40 jobs (listed in row 7)" {
		t.Errorf("first %q\nnext %q", first.v, next.v)
	}
	short := planner.SecretPlan{Name: "PAT", DeletableAfter: "release"}
	if first, next := b.deletableText(short, 7); first.v != "release" || next.v != "release" {
		t.Errorf("a short text is repeated: %q %q", first.v, next.v)
	}
}
