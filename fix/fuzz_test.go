package fix

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/pat2app/pat2app/planner"
)

// FuzzRewrite feeds arbitrary YAML and a fake plan job to Rewrite: it must
// not panic, an unchanged result must be the input itself, and a changed
// result must parse and bring no new actionlint parse problem.
// A longer run: go test ./fix -run '^$' -fuzz FuzzRewrite -fuzztime 60s
func FuzzRewrite(f *testing.F) {
	seeds := []string{
		"on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: a/b@v1\n        with:\n          token: ${{ secrets.PAT }}\n",
		"on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    env:\n      GH_TOKEN: ${{ secrets.PAT || github.token }}\n    steps:\n    - run: |\n        gh pr list # ${{ secrets.PAT }}\n",
		"on: push\npermissions: {contents: read}\njobs:\n  x: {runs-on: ubuntu-latest, steps: [{run: \"echo ${{ secrets.PAT }}\"}]}\n",
		"on: push\njobs:\n  x:\n    permissions:\n      issues: read\n    steps:\n      - &a {run: 'x ${{ secrets.PAT }}'}\n      - *a\n",
	}
	for _, org := range []string{filepath.Join("..", "testdata", "demo-org"), filepath.Join("testdata", "forks-org")} {
		matches, _ := filepath.Glob(filepath.Join(org, "*", ".github", "workflows", "*.yml"))
		for _, m := range matches {
			if b, err := os.ReadFile(m); err == nil {
				seeds = append(seeds, string(b))
			}
		}
	}
	seeds = append(seeds, "on: [push, pull_request]\njobs:\n  x:\n    runs-on: ubuntu-latest\n    timeout-minutes: 90\n    steps:\n      - name: a\n        if: |\n          github.ref == 'refs/heads/main' ||\n          always()\n        uses: a/b@v1\n        with:\n          token: ${{ secrets.PAT || github.token }}\n      - run: make\n      - run: echo ${{ secrets.PAT }}\n")
	for i, s := range seeds {
		f.Add(s, "x", "secrets.PAT", uint8(i))
	}
	f.Add(seeds[0], "release", "secrets.RELEASE_PAT", uint8(1))
	f.Fuzz(func(t *testing.T, src, job, cred string, mode uint8) {
		j := planner.Job{Job: job, Credential: cred, Kind: "pat"}
		switch mode % 4 {
		case 0:
			j.Decision = planner.DecisionGitHubToken
			j.PermissionsBlock = "permissions:\n  contents: write\n"
		case 1:
			j.Decision = planner.DecisionGitHubApp
			j.Snippet = releaseSnippet
		case 2:
			j.Decision = planner.DecisionGitHubApp
			j.Snippet = crossSnippet
		case 3:
			j.Decision = planner.DecisionManualReview
		}
		jobs := []planner.Job{j}
		if mode&4 != 0 {
			jobs = append(jobs, planner.Job{Job: job, Credential: "github.token", Kind: "github_token", Decision: planner.DecisionGitHubToken, PermissionsBlock: "permissions:\n  issues: write\n"})
		}
		res := Rewrite([]byte(src), jobs)
		if !res.Changed {
			if string(res.Output) != src {
				t.Fatalf("unchanged result differs from the input")
			}
			return
		}
		var doc yaml.Node
		if err := yaml.Unmarshal(res.Output, &doc); err != nil {
			t.Fatalf("the rewrite does not parse: %v\n%s", err, res.Output)
		}
		if err := lintDelta([]byte(src), res.Output); err != nil {
			t.Fatalf("%v\n%s", err, res.Output)
		}
		if j.Decision == planner.DecisionManualReview && len(jobs) == 1 {
			t.Fatalf("a manual_review job was rewritten")
		}
		if len(res.Applied) == 0 {
			t.Fatalf("changed without an applied job")
		}
		if !strings.Contains(string(res.Output), "github.token") && !strings.Contains(string(res.Output), "create-github-app-token") && !strings.Contains(string(res.Output), "permissions") {
			t.Fatalf("changed but holds neither github.token, an App step nor permissions:\n%s", res.Output)
		}
	})
}
