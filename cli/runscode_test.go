package cli

import (
	"strings"
	"testing"
)

// TestActionRunsCodeIsReviewed: an action that runs the repository's
// package code with the step's environment (knowledge/data
// action-runs-code.tsv) leaves a credential in that environment to a
// person, naming the step; with the input off, the action's row decides.
func TestActionRunsCodeIsReviewed(t *testing.T) {
	cases := []struct {
		name, step string
		review     bool
	}{
		{"run_install true", "uses: pnpm/action-setup@v4\nwith:\n  version: 9\n  run_install: true\nenv:\n  GITHUB_TOKEN: ${{ secrets.PAT }}", true},
		{"run_install as a list", "uses: pnpm/action-setup@v4\nwith:\n  run_install: |\n    - cwd: ui\n      args: [--frozen-lockfile]\nenv:\n  GH_TOKEN: ${{ secrets.PAT }}", true},
		{"run_install at run time", "uses: pnpm/action-setup@v4\nwith:\n  run_install: ${{ inputs.install }}\nenv:\n  GITHUB_TOKEN: ${{ secrets.PAT }}", true},
		{"run_install not given", "uses: pnpm/action-setup@v4\nwith:\n  version: 9\nenv:\n  GITHUB_TOKEN: ${{ secrets.PAT }}", false},
		{"run_install null", "uses: pnpm/action-setup@v4\nwith:\n  run_install: null\nenv:\n  GITHUB_TOKEN: ${{ secrets.PAT }}", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			root := caseRepo(t, tc.step)
			_, out := scanCase(t, root)
			if strings.Contains(string(out), "not in the knowledge base") {
				t.Errorf("scan does not know it:\n%s", out)
			}
			j := planJob(t, root, "case", "secrets.PAT")
			review := j.Decision == "manual_review"
			if review != tc.review {
				t.Fatalf("decision %s (review %v), want review %v", j.Decision, j.Review, tc.review)
			}
			var items []string
			for _, r := range j.Review {
				items = append(items, r.Text)
			}
			text := strings.Join(items, "\n")
			if tc.review && (!strings.Contains(text, "pnpm/action-setup run_install") || !strings.Contains(text, "lifecycle scripts")) {
				t.Errorf("review items %q: want the step and what it runs named", text)
			}
			if !tc.review && len(j.Permissions) != 0 {
				t.Errorf("permissions %v, want none", j.Permissions)
			}
		})
	}
}
