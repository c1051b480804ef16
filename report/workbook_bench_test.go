package report

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/planner"
)

// largeOrg builds an inventory and plan of n findings over n/25 repositories:
// every finding a PAT job with two operations, two permissions with evidence
// and an unresolved use every tenth job.
func largeOrg(n int) (*inventory.Inventory, *planner.Plan) {
	inv := &inventory.Inventory{SchemaVersion: 1, Complete: true}
	plan := &planner.Plan{SchemaVersion: 1, Complete: true}
	nrepos := n/25 + 1
	for r := 0; r < nrepos; r++ {
		name := fmt.Sprintf("acme/repo-%04d", r)
		inv.Repos = append(inv.Repos, inventory.RepoSummary{Name: name, DefaultBranch: "main", URL: "https://github.com/" + name,
			Workflows: []string{".github/workflows/release.yml", ".github/workflows/triage.yml"}})
	}
	decisions := []planner.Decision{planner.DecisionGitHubApp, planner.DecisionGitHubToken, planner.DecisionManualReview, planner.DecisionNotSupported}
	secretUsers := map[string][]string{}
	for i := 0; i < n; i++ {
		repo := fmt.Sprintf("acme/repo-%04d", i%nrepos)
		fp := fmt.Sprintf("%016x", uint64(i)*0x9E3779B97F4A7C15)
		file := fmt.Sprintf(".github/workflows/wf-%d.yml", i%40)
		cred := fmt.Sprintf("secrets.PAT_%d", i%100)
		f := inventory.Finding{
			Fingerprint: fp, Repo: repo, File: file, Job: fmt.Sprintf("job-%d", i),
			Credential: cred, Kind: inventory.KindPAT, Confidence: inventory.ConfidenceHigh, Lines: []int{10 + i%50, 40},
			Operations: []inventory.Operation{
				{Kind: inventory.OpREST, Method: "POST", Path: "/repos/{owner}/{repo}/pulls", Evidence: inventory.Evidence{Line: 40, Text: "peter-evans/create-pull-request"}},
				{Kind: inventory.OpGit, Method: "GIT", Path: "push", Name: "push", Evidence: inventory.Evidence{Line: 33, Text: "git push"}},
			},
		}
		if i%10 == 0 {
			f.Unresolved = []inventory.Unresolved{{Evidence: inventory.Evidence{Line: 50, Text: `curl -X POST "$URL"`}}}
		}
		inv.Findings = append(inv.Findings, f)
		plan.Jobs = append(plan.Jobs, planner.Job{
			Fingerprint: fp, Repo: repo, File: file, Job: f.Job, Credential: cred, Kind: "pat",
			Permissions: map[string]string{"contents": "write", "pull_requests": "write"},
			Evidence: map[string][]planner.PermissionEvidence{
				"contents:write":      {{Evidence: inventory.Evidence{Line: 33, Text: "git push"}}},
				"pull_requests:write": {{Evidence: inventory.Evidence{Line: 40, Text: "peter-evans/create-pull-request"}}},
			},
			Decision: decisions[i%4], App: "release-bot", Lines: f.Lines, Family: "release",
		})
		secretUsers[cred[len("secrets."):]] = append(secretUsers[cred[len("secrets."):]], fp)
	}
	for name, users := range secretUsers {
		plan.Secrets = append(plan.Secrets, planner.SecretPlan{Name: name, UsedBy: users, DeletableAfter: "release"})
	}
	plan.Apps = []planner.App{{Name: "release-bot", TrustLevel: "release", Permissions: map[string]string{"contents": "write"}, Repositories: []string{"acme/repo-0000"}, Jobs: []string{plan.Jobs[0].Fingerprint}}}
	return inv, plan
}

// peakHeap samples HeapAlloc until stop is closed and returns the peak.
func peakHeap(stop <-chan struct{}) <-chan uint64 {
	out := make(chan uint64, 1)
	go func() {
		var peak uint64
		var ms runtime.MemStats
		t := time.NewTicker(10 * time.Millisecond)
		defer t.Stop()
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapAlloc > peak {
				peak = ms.HeapAlloc
			}
			select {
			case <-stop:
				out <- peak
				return
			case <-t.C:
			}
		}
	}()
	return out
}

type countingWriter struct{ n int64 }

func (c *countingWriter) Write(p []byte) (int, error) { c.n += int64(len(p)); return len(p), nil }

// BenchmarkWorkbook50k writes a workbook of 50,000 inventory rows (and
// 100,000 evidence rows). Reported: peak heap while writing (sampled every
// 10 ms, minus the heap held before: the input), and the file size.
// Peak RSS: /usr/bin/time -v go test -run '^$' -bench Workbook50k -benchtime 1x ./report/
func BenchmarkWorkbook50k(b *testing.B) { benchmarkWorkbook(b, 50000) }

// BenchmarkWorkbook10k is the same at a fifth of the size, to show how
// time and memory scale.
func BenchmarkWorkbook10k(b *testing.B) { benchmarkWorkbook(b, 10000) }

func benchmarkWorkbook(b *testing.B, n int) {
	inv, plan := largeOrg(n)
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	b.ResetTimer()
	var peak uint64
	var size int64
	for i := 0; i < b.N; i++ {
		stop := make(chan struct{})
		res := peakHeap(stop)
		w := &countingWriter{}
		if err := WriteWorkbook(w, plan, inv, WorkbookOptions{}); err != nil {
			b.Fatal(err)
		}
		close(stop)
		if p := <-res; p > peak {
			peak = p
		}
		size = w.n
	}
	b.StopTimer()
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
	b.ReportMetric(float64(peak-min(peak, before.HeapAlloc))/(1<<20), "peak-heap-over-input-MB")
	b.ReportMetric(float64(before.HeapAlloc)/(1<<20), "input-heap-MB")
	b.ReportMetric(float64(size)/(1<<20), "xlsx-MB")
}

// A large workbook is well formed: every row written, links up to the cap
// (lowered here from Excel's 65,530 to keep the test fast), the Summary
// names the capped sheets.
func TestWorkbookLargeCapsLinks(t *testing.T) {
	inv, plan := largeOrg(300)
	const linkCap = 120
	var buf bytes.Buffer
	if err := writeWorkbook(&buf, plan, inv, WorkbookOptions{}, linkCap); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(SheetInventory)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 301 {
		t.Errorf("Inventory has %d rows, want 301", len(rows))
	}
	if ok, target, _ := f.GetCellHyperLink(SheetInventory, fmt.Sprintf("B%d", linkCap+1)); !ok || !strings.HasPrefix(target, "https://github.com/acme/") {
		t.Errorf("row %d: link %v %q", linkCap+1, ok, target)
	}
	if ok, _, _ := f.GetCellHyperLink(SheetInventory, fmt.Sprintf("B%d", linkCap+2)); ok {
		t.Errorf("row %d has a link past the cap", linkCap+2)
	}
	summary, _ := f.GetRows(SheetSummary)
	capped := 0
	for _, r := range summary {
		if len(r) > 1 && r[1] == "Links capped" {
			capped++
		}
	}
	if capped != 4 { // Inventory, Permissions, Secrets, Evidence
		t.Errorf("Summary notes %d capped sheets, want 4", capped)
	}
}

// Every Inventory row of a 2,000-row workbook links to its own line.
func TestWorkbookLinksEveryRow(t *testing.T) {
	inv, plan := largeOrg(2000)
	f := writeFixtureWorkbook(t, plan, inv, WorkbookOptions{})
	for r := 2; r <= 2001; r += 37 {
		ref := fmt.Sprintf("B%d", r)
		ok, target, err := f.GetCellHyperLink(SheetInventory, ref)
		if err != nil {
			t.Fatal(err)
		}
		fi := inv.Findings[r-2]
		want := fmt.Sprintf("https://github.com/%s/blob/main/%s#L%d", fi.Repo, fi.File, fi.Lines[0])
		if !ok || target != want {
			t.Errorf("%s: link %v %q, want %q", ref, ok, target, want)
		}
	}
}

// realShapedOrg is the demo organisation copied until it holds rows
// inventory rows, and planned. Each copy is another set of repositories
// with the demo's workflows, so the same secret names recur in thousands of
// jobs (and a secret some jobs keep is "not yet" deletable for all of
// them), as in a real organisation; synthetic rows (largeOrg) never take
// that path.
func realShapedOrg(tb testing.TB, rows int) (*inventory.Inventory, *planner.Plan) {
	tb.Helper()
	cfg, one, _ := demoOrg(tb)
	inv := &inventory.Inventory{SchemaVersion: one.SchemaVersion, Complete: true}
	for c := 0; len(inv.Findings) < rows; c++ {
		rename := func(repo string) string { return fmt.Sprintf("acme-%04d/%s", c, strings.TrimPrefix(repo, "acme/")) }
		for _, r := range one.Repos {
			r.Name = rename(r.Name)
			inv.Repos = append(inv.Repos, r)
		}
		for _, f := range one.Findings {
			if len(inv.Findings) == rows {
				break
			}
			f.Repo = rename(f.Repo)
			f.Fingerprint = fmt.Sprintf("%04x%s", c, f.Fingerprint[4:])
			inv.Findings = append(inv.Findings, f)
		}
	}
	plan, err := planner.Build(context.Background(), inv, planner.Options{Config: cfg})
	if err != nil {
		tb.Fatal(err)
	}
	return inv, plan
}

// BenchmarkOutputsRealShape50k writes every plan output for 50,000
// inventory rows of real shape (realShapedOrg): each writer's time per
// run, the CPU time it used (all cores, garbage collection included; a
// busy machine moves it less than wall time) and the output's size.
//
//	go test ./report -run '^$' -bench OutputsRealShape -benchtime 3x
func BenchmarkOutputsRealShape50k(b *testing.B) {
	inv, plan := realShapedOrg(b, 50000)
	writers := []struct {
		name  string
		write func(io.Writer) error
	}{
		{"workbook", func(w io.Writer) error { return WriteWorkbook(w, plan, inv, WorkbookOptions{}) }},
		{"markdown", func(w io.Writer) error { return WriteMarkdown(w, plan) }},
		{"plan-json", func(w io.Writer) error { return planner.WriteJSON(w, plan) }},
		{"inventory-json", func(w io.Writer) error { return WriteInventoryJSON(w, inv) }},
		{"sarif", func(w io.Writer) error { return WriteInventorySARIF(w, inv, plan) }},
	}
	for _, wr := range writers {
		b.Run(wr.name, func(b *testing.B) {
			var size int64
			cpu := cpuTime()
			for i := 0; i < b.N; i++ {
				w := &countingWriter{}
				if err := wr.write(w); err != nil {
					b.Fatal(err)
				}
				size = w.n
			}
			b.ReportMetric((cpuTime()-cpu).Seconds()/float64(b.N), "cpu-s/op")
			b.ReportMetric(float64(size)/(1<<20), "MB")
		})
	}
}

// The real-shaped organisation has what makes it real: one secret used
// by thousands of jobs, some of which keep it.
func TestRealShapedOrg(t *testing.T) {
	inv, plan := realShapedOrg(t, 2000)
	if len(inv.Findings) != 2000 {
		t.Fatalf("%d findings", len(inv.Findings))
	}
	widest := planner.SecretPlan{}
	for _, s := range plan.Secrets {
		if len(s.UsedBy) > len(widest.UsedBy) && len(s.KeptBy) > 0 {
			widest = s
		}
	}
	if len(widest.UsedBy) < 50 {
		t.Fatalf("no secret kept by some of many jobs: %+v", widest.Name)
	}
}
