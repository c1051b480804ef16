package scanner

import (
	"strings"
	"testing"
)

// TestStepAllowlist: a Scorecard step that publishes its results (a
// literal true, or an expression that may give it) marks the job; one that
// does not publish, or leaves the input to its default, does not.
func TestStepAllowlist(t *testing.T) {
	for _, tc := range []struct {
		name, publish string
		want          bool
	}{
		{"publishes", "\n          publish_results: true", true},
		{"expression", "\n          publish_results: ${{ github.event_name != 'pull_request' }}", true},
		{"does not publish", "\n          publish_results: false", false},
		{"default", "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fs := scanOne(t, map[string]string{wf: `on: push
jobs:
  analysis:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: ossf/scorecard-action@v2.4.1
        with:
          results_file: results.sarif
          results_format: sarif
          repo_token: ${{ secrets.SCORECARD_TOKEN }}` + tc.publish + "\n"})
			f := find(fs, "analysis", "secrets.SCORECARD_TOKEN")
			if f == nil || f.JobInfo == nil {
				t.Fatalf("no finding: %s", dump(fs))
			}
			got := f.JobInfo.StepAllowlist
			if (got != "") != tc.want || tc.want && !strings.HasPrefix(got, "line 7: ossf/scorecard-action with publish_results: ") {
				t.Errorf("step_allowlist %q, want set %v", got, tc.want)
			}
		})
	}
}
