package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/pat2app/pat2app/planner"
	"github.com/pat2app/pat2app/report"
)

// copyDemoRepo copies one demo repository into a temp folder of checkouts.
func copyDemoRepo(t *testing.T, name string) string {
	t.Helper()
	root := t.TempDir()
	src := filepath.Join("..", "testdata", "demo-org", name)
	err := filepath.Walk(src, func(p string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		dst := filepath.Join(root, "acme__"+name, rel)
		if info.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(dst, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// TestPlanCarriesAnnotations: a team edits Owner and Status in the workbook,
// one workflow changes, and the re-plan keeps the edits by fingerprint,
// holds back the secret of a kept job, and reports the row whose finding
// is gone.
func TestPlanCarriesAnnotations(t *testing.T) {
	root := copyDemoRepo(t, "triage-bot")
	out1 := t.TempDir()
	if r := runCLI(t, nil, "plan", root, "--out", out1); r.code != 0 {
		t.Fatalf("plan: exit %d: %s", r.code, r.stderr)
	}
	book := filepath.Join(out1, "permissions.xlsx")
	x, err := excelize.OpenFile(book)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := x.GetRows(report.SheetInventory)
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	cell := func(c, r int) string { n, _ := excelize.CoordinatesToCellName(c+1, r+1); return n }
	edited := map[string]string{} // fingerprint -> job
	for r := 1; r < len(rows); r++ {
		row := rows[r]
		job := row[col["Job"]]
		fp := row[col[report.HeaderFingerprint]]
		switch job {
		case "label":
			x.SetCellStr(report.SheetInventory, cell(col[report.HeaderOwner], r), "alice")
			x.SetCellStr(report.SheetInventory, cell(col[report.HeaderStatus], r), planner.StatusKept)
			edited[fp] = job
		case "add-to-project":
			x.SetCellStr(report.SheetInventory, cell(col[report.HeaderOwner], r), "bob")
			x.SetCellStr(report.SheetInventory, cell(col[report.HeaderBusinessCritical], r), "yes")
			edited[fp] = job
		}
	}
	if len(edited) != 2 {
		t.Fatalf("edited %d rows, want 2 (columns %v)", len(edited), rows[0])
	}
	if err := x.Save(); err != nil {
		t.Fatal(err)
	}
	// The add-to-project job goes away.
	wfPath := filepath.Join(root, "acme__triage-bot", ".github", "workflows", "triage.yml")
	data, _ := os.ReadFile(wfPath)
	cut := strings.Index(string(data), "  add-to-project:")
	end := strings.Index(string(data), "  assign:")
	if cut < 0 || end < 0 {
		t.Fatal("demo workflow changed; update the test")
	}
	if err := os.WriteFile(wfPath, append(data[:cut:cut], data[end:]...), 0o644); err != nil {
		t.Fatal(err)
	}
	out2 := t.TempDir()
	r := runCLI(t, nil, "plan", root, "--out", out2, "--annotations", book)
	if r.code != 0 {
		t.Fatalf("re-plan: exit %d: %s", r.code, r.stderr)
	}
	if !strings.Contains(r.stderr, "no longer exists") || !strings.Contains(r.stderr, "bob") {
		t.Errorf("the orphaned row is not reported: %s", r.stderr)
	}
	f, err := os.Open(filepath.Join(out2, "plan.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	plan, err := planner.ReadJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, j := range plan.Jobs {
		if j.Job == "label" {
			found = true
			if j.Owner != "alice" || j.Status != planner.StatusKept {
				t.Errorf("label job: owner %q status %q, want alice kept", j.Owner, j.Status)
			}
		}
	}
	if !found {
		t.Fatal("label job missing from the re-plan")
	}
	for _, s := range plan.Secrets {
		if s.Name == "TRIAGE_BOT_TOKEN" && !strings.HasPrefix(s.DeletableAfter, "not yet") {
			t.Errorf("TRIAGE_BOT_TOKEN deletable after %q although a job keeps it", s.DeletableAfter)
		}
	}
	// The new workbook carries the edit too.
	g, err := os.Open(filepath.Join(out2, "permissions.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	ann, err := report.ReadAnnotations(g)
	if err != nil {
		t.Fatal(err)
	}
	kept := 0
	for fp, a := range ann {
		if edited[fp] == "label" && a.Owner == "alice" && a.Status == planner.StatusKept {
			kept++
		}
	}
	if kept != 1 {
		b, _ := json.Marshal(ann)
		t.Errorf("new workbook annotations = %s", b)
	}
}
