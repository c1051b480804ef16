package report

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/planner"
)

func writeFixtureWorkbook(t testing.TB, plan *planner.Plan, inv *inventory.Inventory, opts WorkbookOptions) *excelize.File {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteWorkbook(&buf, plan, inv, opts); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatalf("workbook does not open: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// dumpWorkbook renders every sheet as text: frozen panes, autofilter,
// drop-downs, then each non-empty cell with its hyperlink and any formula.
func dumpWorkbook(t *testing.T, f *excelize.File) string {
	t.Helper()
	var b strings.Builder
	for _, sh := range f.GetSheetList() {
		fmt.Fprintf(&b, "=== %s\n", sh)
		panes, err := f.GetPanes(sh)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "frozen: %v ysplit=%d topleft=%s\n", panes.Freeze, panes.YSplit, panes.TopLeftCell)
		dns := f.GetDefinedName()
		for _, dn := range dns {
			if dn.Name == "_xlnm._FilterDatabase" && strings.HasPrefix(dn.RefersTo, "'"+sh+"'!") {
				fmt.Fprintf(&b, "autofilter: %s\n", dn.RefersTo)
			}
		}
		dvs, err := f.GetDataValidations(sh)
		if err != nil {
			t.Fatal(err)
		}
		for _, dv := range dvs {
			fmt.Fprintf(&b, "dropdown: %s %s %s\n", dv.Sqref, dv.Type, dv.Formula1)
		}
		cfs, err := f.GetConditionalFormats(sh)
		if err != nil {
			t.Fatal(err)
		}
		var cfRanges []string
		for rng := range cfs {
			cfRanges = append(cfRanges, rng)
		}
		sort.Strings(cfRanges)
		for _, rng := range cfRanges {
			for _, cf := range cfs[rng] {
				fmt.Fprintf(&b, "colour: %s %s %s %s\n", rng, cf.Type, cf.Criteria, cf.Value)
			}
		}
		rows, err := f.GetRows(sh)
		if err != nil {
			t.Fatal(err)
		}
		for r, row := range rows {
			var cells []string
			for c, v := range row {
				ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
				ok, target, err := f.GetCellHyperLink(sh, ref)
				if err != nil {
					t.Fatal(err)
				}
				form, err := f.GetCellFormula(sh, ref)
				if err != nil {
					t.Fatal(err)
				}
				if v == "" && !ok && form == "" {
					continue
				}
				s := fmt.Sprintf("%s=%q", ref, v)
				if ok {
					s += " -> " + target
				}
				if form != "" {
					s += " FORMULA " + form
				}
				cells = append(cells, s)
			}
			fmt.Fprintf(&b, "%s\n", strings.Join(cells, " | "))
		}
	}
	return b.String()
}

func TestWorkbookGolden(t *testing.T) {
	cases := []struct {
		name   string
		golden string
		opts   WorkbookOptions
		plan   bool
		inv    bool
	}{
		{"plan and inventory", "workbook/fixture.txt", WorkbookOptions{}, true, true},
		{"plan only, enterprise server, pinned ref", "workbook/plan-only.txt", WorkbookOptions{BaseURL: "https://ghe.example.com/", Ref: "v1.2"}, true, false},
		{"inventory only", "workbook/inventory-only.txt", WorkbookOptions{}, false, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			inv, plan := fixture()
			if !tc.plan {
				plan = nil
			}
			if !tc.inv {
				inv = nil
			}
			f := writeFixtureWorkbook(t, plan, inv, tc.opts)
			want := []string{SheetSummary, SheetInventory, SheetPermissions, SheetApps, SheetSecrets, SheetRollout, SheetEvidence}
			if got := f.GetSheetList(); strings.Join(got, ",") != strings.Join(want, ",") {
				t.Fatalf("sheets %v, want %v", got, want)
			}
			checkGolden(t, tc.golden, []byte(dumpWorkbook(t, f)))
		})
	}
}

// Every sheet has a frozen header row and an autofilter.
func TestWorkbookSheetsFrozenAndFiltered(t *testing.T) {
	inv, plan := fixture()
	f := writeFixtureWorkbook(t, plan, inv, WorkbookOptions{})
	filtered := map[string]bool{}
	for _, dn := range f.GetDefinedName() {
		if dn.Name == "_xlnm._FilterDatabase" {
			sh, _, _ := strings.Cut(strings.TrimPrefix(dn.RefersTo, "'"), "'!")
			filtered[sh] = true
		}
	}
	for _, sh := range f.GetSheetList() {
		p, err := f.GetPanes(sh)
		if err != nil {
			t.Fatal(err)
		}
		if !p.Freeze || p.YSplit != 1 {
			t.Errorf("%s: header row not frozen: %+v", sh, p)
		}
		if !filtered[sh] {
			t.Errorf("%s: no autofilter", sh)
		}
		w, err := f.GetColWidth(sh, "B")
		if err != nil {
			t.Fatal(err)
		}
		if w < 5 {
			t.Errorf("%s: column B width %.1f", sh, w)
		}
	}
}

// Text from repositories that looks like a formula stays text: the cell
// reads back unchanged, with no formula, as a string cell.
func TestWorkbookFormulaLookingTextStaysText(t *testing.T) {
	inv, plan := fixture()
	evil := []string{
		evilName,
		"+cmd|' /C calc'!A0",
		"-2+3",
		"@SUM(1,2)",
		"\t=1+1",
		"\r=1+1",
	}
	for i, e := range evil {
		inv.Findings = append(inv.Findings, inventory.Finding{
			Fingerprint: fmt.Sprintf("fp-x%d", i), Repo: "acme/app", File: ".github/workflows/x.yml",
			Job: e, Credential: "secrets." + e, Kind: inventory.KindPAT, Lines: []int{1},
		})
		plan.Jobs = append(plan.Jobs, planner.Job{
			Fingerprint: fmt.Sprintf("fp-x%d", i), Repo: "acme/app", File: ".github/workflows/x.yml",
			Job: e, Credential: "secrets." + e, Kind: "pat", Decision: planner.DecisionManualReview, App: e,
			Permissions: map[string]string{"contents": "read"},
			Evidence:    map[string][]planner.PermissionEvidence{"contents:read": {{Evidence: inventory.Evidence{Line: 1, Text: e}}}},
		})
	}
	plan.Apps = append(plan.Apps, planner.App{Name: evilName, TrustLevel: "=1+1"})
	f := writeFixtureWorkbook(t, plan, inv, WorkbookOptions{})
	found := map[string]int{}
	for _, sh := range f.GetSheetList() {
		rows, err := f.GetRows(sh)
		if err != nil {
			t.Fatal(err)
		}
		for r, row := range rows {
			for c, v := range row {
				ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
				form, err := f.GetCellFormula(sh, ref)
				if err != nil {
					t.Fatal(err)
				}
				if form != "" {
					t.Errorf("%s!%s has formula %q", sh, ref, form)
				}
				if v == "" {
					continue
				}
				typ, err := f.GetCellType(sh, ref)
				if err != nil {
					t.Fatal(err)
				}
				if strings.ContainsAny(v[:1], "=+-@") && typ != excelize.CellTypeInlineString && typ != excelize.CellTypeSharedString {
					t.Errorf("%s!%s %q has cell type %v, want a string", sh, ref, v, typ)
				}
				for _, e := range evil {
					if v == SanitizeTerminal(e) {
						found[e]++
					}
				}
			}
		}
	}
	for _, e := range evil[:4] {
		// Job column of Inventory, Permissions, Evidence at least.
		if found[e] < 3 {
			t.Errorf("%q found %d times verbatim, want >= 3", e, found[e])
		}
	}
	// The job named like a formula reads back literally in the Inventory.
	rows, _ := f.GetRows(SheetInventory)
	ok := false
	for _, row := range rows {
		if len(row) > 2 && row[2] == evilName {
			ok = true
		}
	}
	if !ok {
		t.Errorf("Inventory has no Job cell equal to %q", evilName)
	}
}

func TestWorkbookNeverWritesTokens(t *testing.T) {
	inv, plan := fixture()
	var buf bytes.Buffer
	if err := WriteWorkbook(&buf, plan, inv, WorkbookOptions{}); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, sh := range f.GetSheetList() {
		rows, _ := f.GetRows(sh)
		for _, row := range rows {
			for _, v := range row {
				if strings.Contains(v, "abcdefghijklmnop") {
					t.Fatalf("%s holds a token value: %q", sh, v)
				}
			}
		}
	}
}

func TestFileURL(t *testing.T) {
	b := &workbook{
		opts: WorkbookOptions{BaseURL: "https://github.com"},
		repos: map[string]inventory.RepoSummary{
			"acme/app":   {Name: "acme/app", URL: "https://github.com/acme/app/", DefaultBranch: "release/v2"},
			"acme/local": {Name: "acme/local"},
			"acme/evil":  {Name: "acme/evil", URL: "javascript:alert(1)"},
		},
	}
	cases := []struct {
		repo, file string
		line       int
		ref        string
		want       string
	}{
		{"acme/app", ".github/workflows/ci.yml", 12, "", "https://github.com/acme/app/blob/release/v2/.github/workflows/ci.yml#L12"},
		{"acme/app", ".github/workflows/my flow.yml", 0, "main", "https://github.com/acme/app/blob/main/.github/workflows/my%20flow.yml"},
		{"acme/local", ".github/workflows/ci.yml", 3, "", ".github/workflows/ci.yml"},
		{"acme/evil", ".github/workflows/ci.yml", 3, "", ".github/workflows/ci.yml"},
		{"acme/unknown", ".github/workflows/ci.yml", 3, "", ".github/workflows/ci.yml"},
		{"", "/abs/path/wf.yml", 3, "", "file:///abs/path/wf.yml"},
		{"", "wf#1.yml", 3, "", "wf%231.yml"},
	}
	for _, c := range cases {
		b.opts.Ref = c.ref
		if got := b.fileURL(c.repo, c.file, c.line); got != c.want {
			t.Errorf("fileURL(%q, %q, %d, ref %q) = %q, want %q", c.repo, c.file, c.line, c.ref, got, c.want)
		}
	}
	// Without any repository list (a plan alone), owner/name repos link to BaseURL.
	nb := &workbook{opts: WorkbookOptions{BaseURL: "https://ghe.example.com"}, repos: map[string]inventory.RepoSummary{}}
	if got, want := nb.fileURL("acme/app", "a.yml", 2), "https://ghe.example.com/acme/app/blob/HEAD/a.yml#L2"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestWorkbookNeedsInput(t *testing.T) {
	if err := WriteWorkbook(&bytes.Buffer{}, nil, nil, WorkbookOptions{}); err == nil {
		t.Fatal("no error without plan and inventory")
	}
}
