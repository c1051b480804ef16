package report

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"

	"github.com/pat2app/pat2app/planner"
)

// A list too long for one cell (a secret still needed by thousands of
// jobs, an App's jobs) is written once per secret, and a cell that must be
// cut says so: no cell is cut without a word, and the rows after a
// secret's first point back to it instead of repeating its long text.
func TestWorkbookLongListsAreNeverCutSilently(t *testing.T) {
	const n = 3000
	plan := &planner.Plan{SchemaVersion: 1, Complete: true}
	var blocked, fps []string
	for i := 0; i < n; i++ {
		fp := fmt.Sprintf("%016x", i)
		j := planner.Job{Fingerprint: fp, Repo: fmt.Sprintf("acme/repo-%d", i), File: ".github/workflows/release.yml",
			Job: fmt.Sprintf("release-%d", i), Credential: "secrets.SHARED_PAT", Kind: "pat", Decision: planner.DecisionManualReview}
		plan.Jobs = append(plan.Jobs, j)
		fps = append(fps, fp)
		blocked = append(blocked, fmt.Sprintf("%s/%s (manual_review)", j.File, j.Job))
	}
	plan.Secrets = []planner.SecretPlan{{Name: "SHARED_PAT", UsedBy: fps, DeletableAfter: "not yet: still needed by " + strings.Join(blocked, ", ")}}
	plan.Apps = []planner.App{{Name: "release-bot", TrustLevel: "contents-write", Jobs: fps}}
	var buf bytes.Buffer
	if err := WriteWorkbook(&buf, plan, nil, WorkbookOptions{}); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	units := func(s string) int { return len(utf16.Encode([]rune(s))) }
	for _, sheet := range f.GetSheetList() {
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		for r, row := range rows {
			for c, v := range row {
				if units(v) >= 32767 && !strings.Contains(v, "cut:") && !strings.Contains(v, "more (") {
					t.Errorf("%s row %d column %d: %d characters, cut without a word: …%s", sheet, r+1, c+1, units(v), v[len(v)-80:])
				}
			}
		}
	}
	col := func(sheet, header string) string {
		rows, err := f.GetRows(sheet)
		if err != nil || len(rows) == 0 {
			t.Fatalf("%s: %v", sheet, err)
		}
		for i, h := range rows[0] {
			if h == header {
				name, _ := excelize.ColumnNumberToName(i + 1)
				return name
			}
		}
		t.Fatalf("%s has no %q column", sheet, header)
		return ""
	}
	deletable, jobList := col(SheetSecrets, "Deletable after"), col(SheetApps, "Job list")
	first, _ := f.GetCellValue(SheetSecrets, deletable+"2")
	if !strings.HasPrefix(first, "not yet: still needed by .github/workflows/release.yml/release-0 (manual_review), ") || !strings.Contains(first, "[cut: ") {
		t.Errorf("Secrets' first row should hold the list and say it was cut: %.100s … %s", first, first[max(0, len(first)-200):])
	}
	next, _ := f.GetCellValue(SheetSecrets, deletable+"3")
	if !strings.Contains(next, "row 2") || units(next) > 200 {
		t.Errorf("Secrets' second row should point to row 2: %.300s", next)
	}
	jobs, _ := f.GetCellValue(SheetApps, jobList+"2")
	if !strings.HasPrefix(jobs, "acme/repo-0 .github/workflows/release.yml / release-0\n") || !strings.Contains(jobs, " more (") {
		t.Errorf("Apps' job list should list jobs and say how many more: %.100s … %s", jobs, jobs[max(0, len(jobs)-200):])
	}
}
