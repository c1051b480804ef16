package fix

import (
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/pat2app/pat2app/planner"
)

// manyJobs is a workflow of n jobs that use a PAT: even jobs comment with
// gh (GITHUB_TOKEN with issues: write suffices), odd jobs open a pull
// request (a GitHub App), and the plan jobs fix gets for it.
func manyJobs(n int) (string, []planner.Job) {
	var b strings.Builder
	b.WriteString("name: many\non: push\njobs:\n")
	var jobs []planner.Job
	for i := 0; i < n; i++ {
		name := fmt.Sprintf("job-%d", i)
		fmt.Fprintf(&b, "  %s:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n", name)
		if i%2 == 0 {
			b.WriteString("      - run: gh issue comment 1 --body hi\n        env:\n          GH_TOKEN: ${{ secrets.PAT }}\n")
			jobs = append(jobs, gtJob(name, "secrets.PAT", "permissions:\n  issues: write\n"))
		} else {
			b.WriteString("      - uses: peter-evans/create-pull-request@v7\n        with:\n          token: ${{ secrets.PAT }}\n")
			jobs = append(jobs, appJob(name, "secrets.PAT", releaseSnippet))
		}
	}
	return b.String(), jobs
}

// allocated is the bytes and allocations f makes.
func allocated(f func()) (bytes, count uint64) {
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc, after.Mallocs - before.Mallocs
}

// Rewriting a file does work in proportion to the file: eight times the
// jobs allocate about eight times the memory, not sixty-four times. (Work
// is counted in allocations, which do not depend on the machine's load.)
func TestRewriteIsLinearInJobs(t *testing.T) {
	const small, large = 60, 480
	measure := func(n int) (uint64, uint64) {
		src, jobs := manyJobs(n)
		var res Result
		b, c := allocated(func() { res = Rewrite([]byte(src), jobs) })
		if len(res.Applied) != n {
			t.Fatalf("%d jobs: %d rewritten, skipped %+v", n, len(res.Applied), res.Skipped[:min(3, len(res.Skipped))])
		}
		return b, c
	}
	b1, c1 := measure(small)
	b2, c2 := measure(large)
	t.Logf("%d jobs: %d bytes, %d allocations; %d jobs: %d bytes, %d allocations", small, b1, c1, large, b2, c2)
	const limit = 1.5 * large / small
	if r := float64(b2) / float64(b1); r > limit {
		t.Errorf("%d jobs allocate %.1f× the bytes of %d jobs (%d / %d); want at most %.0f×", large, r, small, b2, b1, limit)
	}
	if r := float64(c2) / float64(c1); r > limit {
		t.Errorf("%d jobs make %.1f× the allocations of %d jobs; want at most %.0f×", large, r, small, limit)
	}
}
