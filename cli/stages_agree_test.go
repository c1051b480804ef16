package cli

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// These tests run scan and plan on one small repository and check that the
// stages read the same facts: what scan says of a step is what plan
// decides from.

// writeRepo writes files (path -> content) into a new checkout named
// acme__web and returns its root.
func writeRepo(t *testing.T, files map[string]string) string {
	t.Helper()
	in := make(map[string]string, len(files))
	for p, content := range files {
		in["acme__web/"+p] = content
	}
	return filepath.Join(writeWeekCheckouts(t, t.TempDir(), in), "acme__web")
}

// runJSON runs a pat2app command that prints JSON and returns its output.
func runJSON(t *testing.T, args ...string) []byte {
	t.Helper()
	stdio, out, errb := apiTestIO(nil)
	if code := Main(context.Background(), args, stdio); code != ExitOK {
		t.Fatalf("pat2app %s: exit %d: %s", strings.Join(args, " "), code, errb.String())
	}
	return out.Bytes()
}

// planJob runs plan --format json on root and returns the job of id job
// with credential cred.
func planJob(t *testing.T, root, job, cred string) planJobJSON {
	t.Helper()
	j, ok := planJobs(t, root)[[2]string{job, cred}]
	if !ok {
		t.Fatalf("no plan for %s / %s", job, cred)
	}
	return j
}

// planJobs runs plan --format json on root and returns its jobs by
// job id and credential.
func planJobs(t *testing.T, root string) map[[2]string]planJobJSON {
	t.Helper()
	var plan struct {
		Jobs []planJobJSON `json:"jobs"`
	}
	out := runJSON(t, "plan", "--format", "json", root)
	if err := json.Unmarshal(out, &plan); err != nil {
		t.Fatalf("plan JSON: %v\n%s", err, out)
	}
	jobs := map[[2]string]planJobJSON{}
	for _, j := range plan.Jobs {
		jobs[[2]string{j.Job, j.Credential}] = j
	}
	return jobs
}

type planJobJSON struct {
	File        string            `json:"file"`
	Job         string            `json:"job"`
	Credential  string            `json:"credential"`
	Decision    string            `json:"decision"`
	Permissions map[string]string `json:"permissions"`
	Review      []struct {
		Text string `json:"text"`
	} `json:"review"`
}

// An action the planner can plan is one the scan knows: the scan must not
// call it unknown while the plan grants its permissions.
func TestScanAndPlanKnowTheSameActions(t *testing.T) {
	root := writeRepo(t, map[string]string{".github/workflows/backport.yml": `on:
  pull_request_target:
    types: [closed]
jobs:
  backport:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          token: ${{ secrets.BACKPORT_PAT }}
      - uses: korthout/backport-action@v3
        with:
          github_token: ${{ secrets.BACKPORT_PAT }}
`})
	scan := runJSON(t, "scan", "--format", "json", root)
	if strings.Contains(string(scan), "korthout/backport-action is not in the knowledge base") {
		t.Errorf("scan calls korthout/backport-action unknown:\n%s", scan)
	}
	j := planJob(t, root, "backport", "secrets.BACKPORT_PAT")
	if j.Permissions["pull_requests"] != "write" {
		t.Errorf("permissions = %v, want pull_requests: write", j.Permissions)
	}
}

// A .pat2app.yaml scripts: entry covers its script whichever interpreter
// runs it.
func TestConfigScriptsAnyInterpreter(t *testing.T) {
	for _, interp := range []string{"bash", "sh", "zsh", "python3", ""} {
		t.Run(interp, func(t *testing.T) {
			run := strings.TrimSpace(interp + " ./scripts/release.sh")
			root := writeRepo(t, map[string]string{
				".pat2app.yaml": "scripts:\n  ./scripts/release.sh: {contents: write}\n",
				".github/workflows/release.yml": `on: push
jobs:
  release:
    runs-on: ubuntu-latest
    steps:
      - run: ` + run + `
        env:
          RELEASE_TOKEN: ${{ secrets.RELEASE_PAT }}
`})
			j := planJob(t, root, "release", "secrets.RELEASE_PAT")
			if j.Decision == "manual_review" || j.Permissions["contents"] != "write" {
				t.Errorf("%s: decision %s, permissions %v; want the .pat2app.yaml scripts: permissions (contents: write)", run, j.Decision, j.Permissions)
			}
		})
	}
}

// A job that calls a reusable workflow gets what the callee's steps need:
// the callee's file path is where the evidence is, not what it touches.
func TestReusableWorkflowPushNeedsNoWorkflowsPermission(t *testing.T) {
	root := writeRepo(t, map[string]string{
		".github/workflows/caller.yml": `on: push
jobs:
  call:
    uses: ./.github/workflows/release.yml
    secrets:
      token: ${{ secrets.RELEASE_PAT }}
`,
		".github/workflows/release.yml": `on:
  workflow_call:
    secrets:
      token:
        required: true
jobs:
  push:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          token: ${{ secrets.token }}
      - run: |
          git commit -am "bump version"
          git push origin HEAD:main
`})
	j := planJob(t, root, "call", "secrets.RELEASE_PAT")
	if j.Permissions["contents"] != "write" {
		t.Errorf("permissions = %v, want contents: write (the callee pushes)", j.Permissions)
	}
	if _, ok := j.Permissions["workflows"]; ok {
		t.Errorf("permissions = %v: workflows granted though the push touches no workflow file", j.Permissions)
	}
}
