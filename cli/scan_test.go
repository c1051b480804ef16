package cli

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// TestScanTableShowsWholeLocation: the location (repository, file and
// line) is never cut; --wide shows the job and credential whole too.
func TestScanTableShowsWholeLocation(t *testing.T) {
	c := requireScanner(t)
	longFile := ".github/workflows/release-automation-for-every-supported-platform.yml"
	longJob := "publish-release-artifacts-to-every-registry"
	dir := filepath.Join(t.TempDir(), "a-repository-with-a-rather-long-name")
	(&testRepo{dir: dir}).write(t, map[string]string{longFile: strings.Replace(patWorkflow, "  release:\n", "  "+longJob+":\n", 1)})
	res := runCLI(t, nil, "scan", dir)
	if res.code != 0 {
		t.Fatalf("exit %d\n%s%s", res.code, res.stdout, res.stderr)
	}
	where := "a-repository-with-a-rather-long-name:" + longFile + ":12"
	if !strings.Contains(res.stdout, where+" ") {
		t.Errorf("the table does not show %q whole:\n%s", where, res.stdout)
	}
	if strings.Contains(res.stdout, longJob) {
		t.Errorf("without --wide the job column is cut:\n%s", res.stdout)
	}
	res = runCLI(t, nil, "scan", "--wide", dir)
	if !strings.Contains(res.stdout, where+" ") || !strings.Contains(res.stdout, longJob+" ") || !strings.Contains(res.stdout, c("secrets.GH_PAT")) {
		t.Errorf("--wide:\n%s", res.stdout)
	}
}

func TestScanTableKind(t *testing.T) {
	c := requireScanner(t)
	dir := t.TempDir()
	(&testRepo{dir: dir}).write(t, map[string]string{
		"web/.github/workflows/release.yml": patWorkflow,
		"web/.github/workflows/ci.yml": strings.Replace(cleanWorkflow, "      - run: make test\n",
			"      - run: gh pr comment 1 --body ok\n        env:\n          GH_TOKEN: ${{ github.token }}\n", 1),
	})
	all := runCLI(t, nil, "scan", dir)
	if !strings.Contains(all.stdout, "github_token") || !strings.Contains(all.stdout, c("secrets.GH_PAT")) {
		t.Fatalf("fixture: want a pat and a github_token finding:\n%s", all.stdout)
	}
	res := runCLI(t, nil, "scan", "--kind", "pat,unknown", dir)
	if res.code != 0 || strings.Contains(res.stdout, "github_token") || !strings.Contains(res.stdout, c("secrets.GH_PAT")) || !strings.Contains(res.stdout, "1 finding(s): 1 pat") {
		t.Errorf("--kind pat,unknown: exit %d\n%s%s", res.code, res.stdout, res.stderr)
	}
	for _, args := range [][]string{{"scan", "--kind", "pats", dir}, {"scan", "--kind", "pat", "--format", "json", dir}} {
		if res := runCLI(t, nil, args...); res.code != ExitUsage {
			t.Errorf("%v: exit %d, want 2\n%s", args, res.code, res.stderr)
		}
	}
}

// TestFolderOfCheckoutsHonoursEachCheckoutsConfig: in a folder of
// checkouts, web's own .pat2app.yaml names its owner, makes its secret a
// PAT and says what its script needs; api has none and gets the folder's.
// web's app_prefix is the run's to set: a warning says it is not applied.
func TestFolderOfCheckoutsHonoursEachCheckoutsConfig(t *testing.T) {
	requireScanner(t)
	workflow := `name: release
on: push
jobs:
  release:
    runs-on: ubuntu-latest
    steps:
      - run: ./release.sh
        env:
          TOKEN: ${{ secrets.RELEASE_THING }}
`
	dir := t.TempDir()
	(&testRepo{dir: dir}).write(t, map[string]string{
		".pat2app.yaml":                     "owner: acme\n",
		"web/.pat2app.yaml":                 "owner: web-team\npat_patterns: ['^RELEASE_']\nscripts:\n  ./release.sh: {contents: write}\napp_prefix: web\n",
		"web/.github/workflows/release.yml": workflow,
		"api/.github/workflows/release.yml": workflow,
	})
	res := runCLI(t, nil, "plan", "--format", "json", dir)
	if res.code != 0 {
		t.Fatalf("exit %d\n%s%s", res.code, res.stdout, res.stderr)
	}
	var plan struct {
		Jobs []struct {
			Repo        string            `json:"repo"`
			Kind        string            `json:"kind"`
			Permissions map[string]string `json:"permissions"`
		} `json:"jobs"`
	}
	if err := json.Unmarshal([]byte(res.stdout), &plan); err != nil {
		t.Fatalf("plan JSON: %v\n%s", err, res.stdout)
	}
	got := map[string]string{}
	for _, j := range plan.Jobs {
		got[j.Repo] = j.Kind + " " + j.Permissions["contents"]
	}
	if got["web-team/web"] != "pat write" || !strings.HasPrefix(got["acme/api"], "unknown") || len(got) != 2 {
		t.Errorf("jobs by repository: %v", got)
	}
	if !strings.Contains(res.stderr, filepath.Join("web", ".pat2app.yaml")+": app_prefix not applied") {
		t.Errorf("no warning about app_prefix:\n%s", res.stderr)
	}
	// With --config, that file is the only configuration.
	res = runCLI(t, nil, "--config", filepath.Join(dir, ".pat2app.yaml"), "scan", "--format", "json", dir)
	if res.code != 0 || strings.Contains(res.stdout, "web-team") || strings.Contains(res.stdout, `"kind": "pat"`) {
		t.Errorf("--config: exit %d\n%s%s", res.code, res.stdout, res.stderr)
	}
	// A checkout's file that does not parse is an input error of that
	// checkout, scanned with the folder's configuration.
	(&testRepo{dir: dir}).write(t, map[string]string{"web/.pat2app.yaml": "pat_patterns: ['(']\n"})
	res = runCLI(t, nil, "scan", dir)
	if res.code != ExitPartial || !strings.Contains(res.stderr, "acme/web: .pat2app.yaml:") || !strings.Contains(res.stdout, "acme/web:") {
		t.Errorf("bad checkout config: exit %d\n%s%s", res.code, res.stdout, res.stderr)
	}
}

// TestCheckoutReadsItsOwnActionByName: a workflow that uses its own
// repository's action by full name (acme/tool@main) reads it from the
// checkout, as a local action, instead of "not read (offline)".
func TestCheckoutReadsItsOwnActionByName(t *testing.T) {
	requireScanner(t)
	dir := filepath.Join(t.TempDir(), "tool")
	(&testRepo{dir: dir}).write(t, map[string]string{
		".pat2app.yaml": "owner: acme\n",
		"action.yml": `name: tool
inputs:
  token:
    required: true
runs:
  using: composite
  steps:
    - run: gh release create v1 --generate-notes
      shell: bash
      env:
        GH_TOKEN: ${{ inputs.token }}
`,
		".github/workflows/self.yml": `on: workflow_dispatch
jobs:
  self:
    runs-on: ubuntu-latest
    steps:
      - uses: acme/tool@main
        with:
          token: ${{ secrets.BOT_PAT }}
`,
	})
	res := runCLI(t, nil, "plan", "--format", "json", dir)
	if res.code != 0 {
		t.Fatalf("exit %d\n%s%s", res.code, res.stdout, res.stderr)
	}
	var plan struct {
		Jobs []struct {
			Credential  string            `json:"credential"`
			Decision    string            `json:"decision"`
			Permissions map[string]string `json:"permissions"`
		} `json:"jobs"`
	}
	if err := json.Unmarshal([]byte(res.stdout), &plan); err != nil {
		t.Fatalf("plan JSON: %v\n%s", err, res.stdout)
	}
	found := false
	for _, j := range plan.Jobs {
		if j.Credential == "secrets.BOT_PAT" {
			found = true
			if j.Decision == "manual_review" || j.Permissions["contents"] != "write" {
				t.Errorf("own action by name: %s %v\n%s", j.Decision, j.Permissions, res.stdout)
			}
		}
	}
	if !found {
		t.Errorf("no job for secrets.BOT_PAT:\n%s", res.stdout)
	}
}
