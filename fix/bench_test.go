package fix

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/pat2app/pat2app/planner"
	"github.com/pat2app/pat2app/scanner"
)

// fixCheckout writes a checkout holding the n-job workflow.
func fixCheckout(tb testing.TB, n int) string {
	tb.Helper()
	dir := tb.TempDir()
	src, _ := manyJobs(n)
	p := filepath.Join(dir, ".github", "workflows", "many.yml")
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
		tb.Fatal(err)
	}
	return dir
}

// rewriteTree scans, plans and rewrites every file of root as
// `pat2app fix --diff` does, calling each with the file's source and the
// result.
func rewriteTree(tb testing.TB, root string, each func(src []byte, res Result)) {
	tb.Helper()
	ctx := context.Background()
	ws, err := Scan(ctx, scanner.New(scanner.Options{}), root)
	if err != nil {
		tb.Fatal(err)
	}
	plan, err := planner.Build(ctx, ws.Inventory, planner.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	files, _ := ws.Files(plan)
	for _, fp := range files {
		src, err := os.ReadFile(fp.Path)
		if err != nil {
			tb.Fatal(err)
		}
		each(src, Rewrite(src, fp.Jobs))
	}
}

// runFix does what `pat2app fix --diff` does (scan, plan, rewrite, diff)
// and returns how many jobs it rewrote.
func runFix(tb testing.TB, root string) int {
	n := 0
	rewriteTree(tb, root, func(_ []byte, res Result) {
		n += len(res.Applied)
		_ = res.Diff("a", "b")
	})
	return n
}

// BenchmarkFixScaling runs fix (scan, plan, rewrite, diff) ten times on a
// file of 100 jobs and once on a file of 1,000, back to back, and reports
// the ratio of the two times: the same number of jobs, so about 1 when fix
// is linear in the jobs of a file (it was about 10 when each job re-read
// the whole file).
//
//	go test ./fix -run '^$' -bench FixScaling -benchtime 5x
func BenchmarkFixScaling(b *testing.B) {
	small, large := fixCheckout(b, 100), fixCheckout(b, 1000)
	var ts, tl time.Duration
	for i := 0; i < b.N; i++ {
		start := time.Now()
		for k := 0; k < 10; k++ {
			if n := runFix(b, small); n != 100 {
				b.Fatalf("100 jobs: %d rewritten", n)
			}
		}
		mid := time.Now()
		if n := runFix(b, large); n != 1000 {
			b.Fatalf("1,000 jobs: %d rewritten", n)
		}
		ts += mid.Sub(start)
		tl += time.Since(mid)
	}
	b.ReportMetric(float64(ts.Milliseconds())/float64(b.N)/10, "ms/100-jobs")
	b.ReportMetric(float64(tl.Milliseconds())/float64(b.N), "ms/1000-jobs")
	b.ReportMetric(float64(tl)/float64(ts), "ratio-1000/(10x100)")
}
