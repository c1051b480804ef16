package report

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/planner"
)

// headerCols maps the Inventory header texts to column names ("L").
func headerCols(t testing.TB, f *excelize.File) map[string]string {
	t.Helper()
	rows, err := f.GetRows(SheetInventory)
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]string{}
	for i, h := range rows[0] {
		name, _ := excelize.ColumnNumberToName(i + 1)
		m[h] = name
	}
	return m
}

// rowOf returns the Inventory row holding fingerprint fp.
func rowOf(t testing.TB, f *excelize.File, fp string) int {
	t.Helper()
	rows, _ := f.GetRows(SheetInventory)
	col := headerCols(t, f)[HeaderFingerprint]
	for r := 2; r <= len(rows); r++ {
		v, _ := f.GetCellValue(SheetInventory, col+itoa(r))
		if v == fp {
			return r
		}
	}
	t.Fatalf("no Inventory row for %s", fp)
	return 0
}

func itoa(i int) string {
	ref, _ := excelize.CoordinatesToCellName(1, i)
	return strings.TrimPrefix(ref, "A")
}

func saveBytes(t testing.TB, f *excelize.File) []byte {
	t.Helper()
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// The team edits Owner / Business critical / Status / Notes (and moves
// rows about); a re-plan with the edits carries them over by fingerprint,
// orders the business-critical job first and leaves the row whose finding
// is gone unmatched.
func TestAnnotationsRoundTrip(t *testing.T) {
	inv, plan := fixture()
	f := writeFixtureWorkbook(t, plan, inv, WorkbookOptions{})
	h := headerCols(t, f)

	set := func(fp, header, v string) {
		t.Helper()
		if err := f.SetCellStr(SheetInventory, h[header]+itoa(rowOf(t, f, fp)), v); err != nil {
			t.Fatal(err)
		}
	}
	set(fpRelease, HeaderOwner, "alice")
	set(fpRelease, HeaderStatus, "migrating")
	set(fpDeploy, HeaderOwner, "platform-team")
	set(fpDeploy, HeaderBusinessCritical, "yes")
	set(fpDeploy, HeaderNotes, "=owner said: keep until Q3")
	set(fpLabel, HeaderStatus, "Migrated")
	set(fpEvil, HeaderStatus, "kept")
	// A finding that the next scan will not find any more.
	set(fpSlack, HeaderOwner, "bob")
	// Swap two rows' contents entirely: matching must not depend on row numbers.
	r1, r2 := rowOf(t, f, fpRelease), rowOf(t, f, fpLabel)
	row1, _ := f.GetRows(SheetInventory)
	a, b := row1[r1-1], row1[r2-1]
	for i := range a {
		ref, _ := excelize.CoordinatesToCellName(i+1, r2)
		_ = f.SetCellStr(SheetInventory, ref, a[i])
	}
	for i := range b {
		ref, _ := excelize.CoordinatesToCellName(i+1, r1)
		_ = f.SetCellStr(SheetInventory, ref, b[i])
	}

	ann, err := ReadAnnotations(bytes.NewReader(saveBytes(t, f)))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]planner.Annotation{
		fpRelease: {Fingerprint: fpRelease, Owner: "alice", Status: planner.StatusMigrating},
		fpDeploy:  {Fingerprint: fpDeploy, Owner: "platform-team", BusinessCritical: true, Status: planner.StatusTodo, Notes: "=owner said: keep until Q3"},
		fpLabel:   {Fingerprint: fpLabel, Status: planner.StatusMigrated},
		fpEvil:    {Fingerprint: fpEvil, Status: planner.StatusKept},
		fpSlack:   {Fingerprint: fpSlack, Owner: "bob", Status: planner.StatusTodo},
	}
	if len(ann) != len(want) {
		t.Errorf("read %d annotations, want %d: %+v", len(ann), len(want), ann)
	}
	for fp, w := range want {
		got := ann[fp]
		got.Row = 0
		if got != w {
			t.Errorf("%s: got %+v, want %+v", fp, got, w)
		}
	}

	// Re-plan: a new plan from a new scan (release moved lines, the Slack
	// finding and job are gone) gets the annotations.
	inv2, _ := fixture()
	var kept []inventory.Finding
	for _, fi := range inv2.Findings {
		if fi.Fingerprint == fpSlack {
			continue
		}
		if fi.Fingerprint == fpRelease {
			fi.Lines = []int{16, 44}
		}
		kept = append(kept, fi)
	}
	inv2.Findings = kept
	ann[fpSlack] = planner.Annotation{Fingerprint: fpSlack, Owner: "bob"}
	plan2, err := planner.Build(context.Background(), inv2, planner.Options{Annotations: ann})
	if err != nil {
		t.Fatal(err)
	}
	orphans := planner.UnmatchedAnnotations(plan2, ann)
	if len(orphans) != 1 || orphans[0].Fingerprint != fpSlack || orphans[0].Owner != "bob" {
		t.Errorf("orphans = %+v, want the %s annotation", orphans, fpSlack)
	}
	jobs := planJobsByFingerprint(plan2)
	if j := jobs[fpRelease]; j.Owner != "alice" || j.Status != planner.StatusMigrating {
		t.Errorf("release job: owner %q status %q", j.Owner, j.Status)
	}
	if j := jobs[fpDeploy]; !j.BusinessCritical || j.Owner != "platform-team" || j.Notes != "=owner said: keep until Q3" {
		t.Errorf("deploy job: %+v", j)
	}
	if j := jobs[fpLabel]; j.Status != planner.StatusMigrated {
		t.Errorf("label job status %q", j.Status)
	}

	// The next workbook shows the carried annotations, and reading it back
	// gives them again (without the orphan).
	f2 := writeFixtureWorkbook(t, plan2, inv, WorkbookOptions{})
	h2 := headerCols(t, f2)
	if v, _ := f2.GetCellValue(SheetInventory, h2[HeaderOwner]+itoa(rowOf(t, f2, fpRelease))); v != "alice" {
		t.Errorf("new workbook owner of release = %q", v)
	}
	if v, _ := f2.GetCellValue(SheetInventory, h2[HeaderBusinessCritical]+itoa(rowOf(t, f2, fpDeploy))); v != "yes" {
		t.Errorf("new workbook business critical of deploy = %q", v)
	}
	ann2, err := ReadAnnotations(bytes.NewReader(saveBytes(t, f2)))
	if err != nil {
		t.Fatal(err)
	}
	if a, ok := ann2[fpSlack]; ok {
		t.Errorf("orphan annotation reappeared: %+v", a)
	}
	for fp, w := range want {
		if fp == fpSlack {
			continue
		}
		got := ann2[fp]
		got.Row = 0
		if got != w {
			t.Errorf("second round %s: got %+v, want %+v", fp, got, w)
		}
	}
}

// Annotations passed in options fill the editable columns of jobs that
// carry none.
func TestWorkbookOptionsAnnotations(t *testing.T) {
	inv, plan := fixture()
	f := writeFixtureWorkbook(t, plan, inv, WorkbookOptions{Annotations: map[string]planner.Annotation{
		fpLabel: {Fingerprint: fpLabel, Owner: "carol", Status: planner.StatusKept},
	}})
	h := headerCols(t, f)
	r := itoa(rowOf(t, f, fpLabel))
	if v, _ := f.GetCellValue(SheetInventory, h[HeaderOwner]+r); v != "carol" {
		t.Errorf("owner %q", v)
	}
	if v, _ := f.GetCellValue(SheetInventory, h[HeaderStatus]+r); v != planner.StatusKept {
		t.Errorf("status %q", v)
	}
}

func TestReadAnnotationsErrors(t *testing.T) {
	inv, plan := fixture()
	cases := []struct {
		name  string
		edit  func(t *testing.T, f *excelize.File)
		want  string
		isErr bool
	}{
		{"bad status", func(t *testing.T, f *excelize.File) {
			_ = f.SetCellStr(SheetInventory, headerCols(t, f)[HeaderStatus]+"3", "done")
		}, `Inventory!Q3: status "done"`, true},
		{"bad business critical", func(t *testing.T, f *excelize.File) {
			_ = f.SetCellStr(SheetInventory, headerCols(t, f)[HeaderBusinessCritical]+"2", "maybe")
		}, `business critical "maybe"`, true},
		{"no fingerprint column", func(t *testing.T, f *excelize.File) {
			_ = f.SetCellStr(SheetInventory, headerCols(t, f)[HeaderFingerprint]+"1", "Id")
		}, "no \"Fingerprint\" column", true},
		{"conflicting duplicate", func(t *testing.T, f *excelize.File) {
			h := headerCols(t, f)
			_ = f.SetCellStr(SheetInventory, h[HeaderFingerprint]+"3", fpRelease)
			_ = f.SetCellStr(SheetInventory, h[HeaderOwner]+"2", "alice")
			_ = f.SetCellStr(SheetInventory, h[HeaderOwner]+"3", "bob")
		}, "same fingerprint", true},
		{"no inventory sheet", func(t *testing.T, f *excelize.File) {
			_ = f.DeleteSheet(SheetInventory)
		}, "sheet Inventory", true},
		{"columns moved", func(t *testing.T, f *excelize.File) {
			_ = f.InsertCols(SheetInventory, "A", 2)
			_ = f.SetCellStr(SheetInventory, "A2", "inserted")
			_ = f.SetCellStr(SheetInventory, "O3", "x")
			h := headerCols(t, f)
			_ = f.SetCellStr(SheetInventory, h[HeaderOwner]+"2", "dana")
		}, "", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := writeFixtureWorkbook(t, plan, inv, WorkbookOptions{})
			tc.edit(t, f)
			ann, err := ReadAnnotations(bytes.NewReader(saveBytes(t, f)))
			if tc.isErr {
				if err == nil || !strings.Contains(err.Error(), tc.want) {
					t.Fatalf("err = %v, want one containing %q", err, tc.want)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if ann[fpRelease].Owner != "dana" {
				t.Errorf("after inserting columns: %+v", ann)
			}
		})
	}
}

func TestReadAnnotationsNotAWorkbook(t *testing.T) {
	for _, in := range []string{"", "not a zip", "PK\x03\x04garbage"} {
		if _, err := ReadAnnotations(strings.NewReader(in)); err == nil {
			t.Errorf("ReadAnnotations(%q): no error", in)
		}
	}
}

func FuzzReadAnnotations(f *testing.F) {
	inv, plan := fixture()
	var buf bytes.Buffer
	if err := WriteWorkbook(&buf, plan, inv, WorkbookOptions{}); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Add([]byte("PK\x03\x04"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		ann, err := ReadAnnotations(bytes.NewReader(data))
		if err != nil {
			return
		}
		for fp, a := range ann {
			if fp == "" || a.Fingerprint != fp {
				t.Fatalf("annotation keyed %q has fingerprint %q", fp, a.Fingerprint)
			}
		}
	})
}

// The same round trip through the real planner: plan, write, edit, scan
// again (a finding gone, lines moved), re-plan, carry the edits over.
func TestAnnotationsRoundTripReplan(t *testing.T) {
	inv, _ := fixture()
	plan, err := planner.Build(context.Background(), inv, planner.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Jobs) == 0 {
		t.Fatal("planner made no jobs of the fixture")
	}
	f := writeFixtureWorkbook(t, plan, inv, WorkbookOptions{})
	h := headerCols(t, f)
	edits := map[string]string{HeaderOwner: "alice", HeaderStatus: planner.StatusMigrating, HeaderBusinessCritical: "yes"}
	for header, v := range edits {
		if err := f.SetCellStr(SheetInventory, h[header]+itoa(rowOf(t, f, fpRelease)), v); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.SetCellStr(SheetInventory, h[HeaderOwner]+itoa(rowOf(t, f, fpLabel)), "bob"); err != nil {
		t.Fatal(err)
	}
	ann, err := ReadAnnotations(bytes.NewReader(saveBytes(t, f)))
	if err != nil {
		t.Fatal(err)
	}

	// Next scan: the triage job is gone, the release job moved down.
	inv2, _ := fixture()
	var kept []inventory.Finding
	for _, fi := range inv2.Findings {
		if fi.Fingerprint == fpLabel {
			continue
		}
		if fi.Fingerprint == fpRelease {
			fi.Lines = []int{20, 47}
		}
		kept = append(kept, fi)
	}
	inv2.Findings = kept
	plan2, err := planner.Build(context.Background(), inv2, planner.Options{Annotations: ann})
	if err != nil {
		t.Fatal(err)
	}
	orphans := planner.UnmatchedAnnotations(plan2, ann)
	if len(orphans) != 1 || orphans[0].Fingerprint != fpLabel || orphans[0].Owner != "bob" {
		t.Errorf("orphans = %+v, want bob's annotation of %s", orphans, fpLabel)
	}
	j := planJobsByFingerprint(plan2)[fpRelease]
	if j == nil {
		t.Fatal("re-plan has no release job")
	}
	if j.Owner != "alice" || j.Status != planner.StatusMigrating || !j.BusinessCritical {
		t.Errorf("release job after re-plan: owner %q status %q critical %v", j.Owner, j.Status, j.BusinessCritical)
	}
	inSlice := false
	for _, sl := range plan2.Slices {
		for i, fp := range sl.Jobs {
			if fp == fpRelease {
				inSlice = true
				if i != 0 {
					t.Errorf("slice %s: business-critical job at position %d", sl.Name, i)
				}
				if sl.Name != plan2.Slices[0].Name {
					t.Errorf("slice %s with the business-critical job is not first (%s is)", sl.Name, plan2.Slices[0].Name)
				}
			}
		}
	}
	if !inSlice {
		t.Errorf("no slice holds the release job: %+v", plan2.Slices)
	}
	f2 := writeFixtureWorkbook(t, plan2, inv2, WorkbookOptions{})
	if v, _ := f2.GetCellValue(SheetInventory, headerCols(t, f2)[HeaderOwner]+itoa(rowOf(t, f2, fpRelease))); v != "alice" {
		t.Errorf("next workbook: release owner %q", v)
	}
	// The rollout sheet shows the business-critical job first among slices.
	rows, _ := f2.GetRows(SheetRollout)
	var firstSlice string
	for _, r := range rows[1:] {
		if len(r) > 3 && strings.HasPrefix(r[2], "slice ") {
			firstSlice = r[3]
			break
		}
	}
	if !strings.Contains(firstSlice, "release") || !strings.Contains(firstSlice, "[business critical]") {
		t.Errorf("first slice task %q, want the business-critical release job", firstSlice)
	}
}

// A workbook written by WriteWorkbook (release: owner alice, migrating;
// deploy: business critical), opened and saved again by LibreOffice Calc
// 7.4 (soffice --headless --convert-to xlsx): the annotations read back,
// and LibreOffice kept the links and the drop-downs.
func TestReadAnnotationsLibreOfficeSaved(t *testing.T) {
	fh, err := os.Open(filepath.Join("testdata", "workbook", "libreoffice-saved.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	ann, err := ReadAnnotations(fh)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]planner.Annotation{
		fpRelease: {Fingerprint: fpRelease, Owner: "alice", Status: planner.StatusMigrating},
		fpDeploy:  {Fingerprint: fpDeploy, BusinessCritical: true, Status: planner.StatusTodo},
	}
	if len(ann) != len(want) {
		t.Errorf("got %d annotations, want %d: %+v", len(ann), len(want), ann)
	}
	for fp, w := range want {
		got := ann[fp]
		got.Row = 0
		if got != w {
			t.Errorf("%s: got %+v, want %+v", fp, got, w)
		}
	}
	f, err := excelize.OpenFile(filepath.Join("testdata", "workbook", "libreoffice-saved.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	// LibreOffice moves the #L14 fragment into the link's location attribute.
	ok, target, err := f.GetCellHyperLink(SheetInventory, "B2")
	if err != nil || !ok || !strings.HasPrefix(target, "https://github.com/acme/app/blob/main/.github/workflows/release.yml") {
		t.Errorf("B2 link after LibreOffice: %v %q %v", ok, target, err)
	}
	dvs, err := f.GetDataValidations(SheetInventory)
	if err != nil || len(dvs) != 2 {
		t.Errorf("drop-downs after LibreOffice: %d, %v", len(dvs), err)
	}
}
