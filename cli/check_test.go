package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/pat2app/pat2app/check"
	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/scanner"
)

// The workflows of the end-to-end tests. patWorkflow's `token:` is on line
// 11: peter-evans/create-pull-request with a PAT secret is a `pat` finding.
const (
	cleanWorkflow = `name: ci
on: pull_request
permissions:
  contents: read
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: make test
`
	patWorkflow = `name: release
on:
  push:
    branches: [main]
jobs:
  release:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: peter-evans/create-pull-request@v7
        with:
          token: ${{ secrets.GH_PAT }}
          title: Release
`
	patWorkflowLine = 12
	// The same usage, moved down and reformatted.
	patWorkflowMoved = `# Release automation.
# Opens the release pull request.
name: release

on:
  push:
    branches:
      - main

jobs:
  release:
    runs-on: ubuntu-latest
    timeout-minutes: 10
    steps:
      - name: Check out
        uses: actions/checkout@v4

      - name: Open the release PR
        uses: peter-evans/create-pull-request@v7
        with:
          title: "Release"
          token: "${{ secrets.GH_PAT }}"
`
	syncWorkflow = `name: sync
on:
  schedule:
    - cron: "0 3 * * *"
jobs:
  sync:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: peter-evans/create-pull-request@v7
        with:
          token: ${{ secrets.SYNC_PAT }}
`
)

var testNow = time.Date(2026, 6, 15, 12, 0, 0, 0, time.UTC)

// testRepo is a throwaway git repository.
type testRepo struct {
	dir string
}

func gitEnv() []string {
	return append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_SYSTEM=/dev/null",
		"GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com")
}

func newTestRepo(t testing.TB, files map[string]string) *testRepo {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	r := &testRepo{dir: t.TempDir()}
	r.git(t, "init", "-q", "-b", "main")
	r.write(t, files)
	r.commit(t, "base")
	return r
}

func (r *testRepo) git(t testing.TB, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-C", r.dir}, args...)...)
	cmd.Env = gitEnv()
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
	return string(out)
}

// write writes files; an empty content deletes the file.
func (r *testRepo) write(t testing.TB, files map[string]string) {
	t.Helper()
	for p, content := range files {
		full := filepath.Join(r.dir, filepath.FromSlash(p))
		if content == "" {
			if err := os.Remove(full); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func (r *testRepo) commit(t testing.TB, msg string) {
	t.Helper()
	r.git(t, "add", "-A")
	r.git(t, "commit", "-q", "--allow-empty", "-m", msg)
}

type cliResult struct {
	code           int
	stdout, stderr string
}

// runCLI runs pat2app with args, in GitHub Actions when env has
// GITHUB_ACTIONS=true.
func runCLI(t testing.TB, env map[string]string, args ...string) cliResult {
	t.Helper()
	var out, errb bytes.Buffer
	stdio := &IO{
		In: strings.NewReader(""), Out: &out, Err: &errb,
		Getenv:     func(k string) string { return env[k] },
		Now:        func() time.Time { return testNow },
		IsTerminal: func(io.Writer) bool { return false },
	}
	code := Main(context.Background(), args, stdio)
	return cliResult{code, out.String(), errb.String()}
}

// requireScanner fails when the scanner does not report the PAT of
// patWorkflow (every end-to-end test depends on it). It returns how the scanner spells a
// credential expression (secret names are case-insensitive, and the scanner
// may normalise them).
func requireScanner(t testing.TB) func(string) string {
	t.Helper()
	dir := t.TempDir()
	p := filepath.Join(dir, ".github", "workflows", "release.yml")
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(patWorkflow), 0o644); err != nil {
		t.Fatal(err)
	}
	inv, err := scanner.New(scanner.Options{}).ScanPaths(context.Background(), []string{dir})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range inv.Findings {
		if f.Kind == inventory.KindPAT && strings.EqualFold(f.Credential, "secrets.GH_PAT") {
			if f.Credential == "secrets.GH_PAT" {
				return func(s string) string { return s }
			}
			return strings.ToLower
		}
	}
	t.Fatalf("the scanner does not report the PAT of patWorkflow: %+v", inv.Findings)
	return nil
}

func actionsEnv(t testing.TB, workspace string) map[string]string {
	return map[string]string{
		"GITHUB_ACTIONS":      "true",
		"GITHUB_WORKSPACE":    workspace,
		"GITHUB_STEP_SUMMARY": filepath.Join(t.TempDir(), "summary.md"),
	}
}

func TestCheckFailsOnAddedPATWithAnnotation(t *testing.T) {
	c := requireScanner(t)
	r := newTestRepo(t, map[string]string{".github/workflows/ci.yml": cleanWorkflow})
	if res := runCLI(t, nil, "baseline", r.dir); res.code != 0 {
		t.Fatalf("baseline: exit %d\n%s%s", res.code, res.stdout, res.stderr)
	}
	r.write(t, map[string]string{".github/workflows/release.yml": patWorkflow})
	env := actionsEnv(t, r.dir)
	res := runCLI(t, env, "check", r.dir)
	if res.code != ExitViolation {
		t.Fatalf("exit %d, want 1\n%s%s", res.code, res.stdout, res.stderr)
	}
	want := fmt.Sprintf("::error file=.github/workflows/release.yml,line=%d,title=New PAT usage%%3A %s::", patWorkflowLine, c("secrets.GH_PAT"))
	if !strings.Contains(res.stdout, want) {
		t.Errorf("no annotation %q in:\n%s", want, res.stdout)
	}
	if !strings.Contains(res.stdout, `job "release" uses `+c("secrets.GH_PAT")) || !strings.Contains(res.stdout, "Use a GitHub App installation token") {
		t.Errorf("the message does not say what the job does and what to use instead:\n%s", res.stdout)
	}
	summary, err := os.ReadFile(env["GITHUB_STEP_SUMMARY"])
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(summary), "## pat2app check: ❌ 1 new PAT usage") || !strings.Contains(string(summary), "release.yml:") {
		t.Errorf("job summary:\n%s", summary)
	}

	// Outside Actions: plain text with file:line.
	res = runCLI(t, nil, "check", r.dir)
	if res.code != ExitViolation || !strings.Contains(res.stdout, fmt.Sprintf(".github/workflows/release.yml:%d: error: New PAT usage", patWorkflowLine)) {
		t.Errorf("text mode: exit %d\n%s", res.code, res.stdout)
	}
	if strings.Contains(res.stdout, "::error") {
		t.Errorf("workflow commands outside Actions:\n%s", res.stdout)
	}
}

func TestCheckPassesWhenAcceptedUsageMovesOrIsReformatted(t *testing.T) {
	requireScanner(t)
	r := newTestRepo(t, map[string]string{
		".github/workflows/ci.yml":      cleanWorkflow,
		".github/workflows/release.yml": patWorkflow,
	})
	if res := runCLI(t, nil, "baseline", r.dir, "--reason", "release bot, PLAT-1"); res.code != 0 {
		t.Fatalf("baseline: exit %d\n%s%s", res.code, res.stdout, res.stderr)
	}
	r.write(t, map[string]string{".github/workflows/release.yml": patWorkflowMoved})
	res := runCLI(t, actionsEnv(t, r.dir), "check", r.dir)
	if res.code != 0 {
		t.Fatalf("exit %d, want 0\n%s%s", res.code, res.stdout, res.stderr)
	}
	if strings.Contains(res.stdout, "::error") || !strings.Contains(res.stdout, "PASS") || !strings.Contains(res.stdout, "1 accepted") {
		t.Errorf("output:\n%s", res.stdout)
	}
}

func TestCheckPassesAndReportsRemovedUsage(t *testing.T) {
	c := requireScanner(t)
	r := newTestRepo(t, map[string]string{
		".github/workflows/release.yml": patWorkflow,
		".github/workflows/sync.yml":    syncWorkflow,
	})
	if res := runCLI(t, nil, "baseline", r.dir); res.code != 0 {
		t.Fatalf("baseline: exit %d\n%s%s", res.code, res.stdout, res.stderr)
	}
	r.write(t, map[string]string{".github/workflows/sync.yml": ""})
	res := runCLI(t, nil, "check", r.dir)
	if res.code != 0 {
		t.Fatalf("exit %d, want 0\n%s%s", res.code, res.stdout, res.stderr)
	}
	if !strings.Contains(res.stdout, "Removed since the baseline (1):") || !strings.Contains(res.stdout, `.github/workflows/sync.yml: job "sync" no longer uses `+c("secrets.SYNC_PAT")) {
		t.Errorf("removed usage not reported:\n%s", res.stdout)
	}
	res = runCLI(t, actionsEnv(t, r.dir), "check", r.dir)
	if res.code != 0 || !strings.Contains(res.stdout, "::notice title=PAT usage removed%3A "+c("secrets.SYNC_PAT")+"::") {
		t.Errorf("actions: exit %d\n%s", res.code, res.stdout)
	}
}

func TestCheckFailsOnExpiredAllowlistEntry(t *testing.T) {
	c := requireScanner(t)
	cfg := `allowlist:
  - credential: secrets.GH_PAT
    until: 2026-06-01
    reason: release bot moves to an App in May
  - credential: secrets.SYNC_PAT
    until: 2026-12-31
    reason: vendor sync
`
	r := newTestRepo(t, map[string]string{
		".pat2app.yaml":                 cfg,
		".github/workflows/release.yml": patWorkflow,
		".github/workflows/sync.yml":    syncWorkflow,
	})
	res := runCLI(t, nil, "check", r.dir)
	if res.code != ExitViolation {
		t.Fatalf("exit %d, want 1\n%s%s", res.code, res.stdout, res.stderr)
	}
	if !strings.Contains(res.stdout, "error: Allowlist entry expired: "+c("secrets.GH_PAT")) ||
		!strings.Contains(res.stdout, "(until 2026-06-01, reason: release bot moves to an App in May) has expired") {
		t.Errorf("expiry not said:\n%s", res.stdout)
	}
	if strings.Contains(res.stdout, c("secrets.SYNC_PAT")+":") {
		t.Errorf("the live allowlist entry did not accept SYNC_PAT:\n%s", res.stdout)
	}
	// Still expired when the baseline holds the usage: the date is a deadline.
	if res := runCLI(t, nil, "baseline", r.dir); res.code != 0 {
		t.Fatalf("baseline: exit %d\n%s", res.code, res.stderr)
	}
	if res := runCLI(t, nil, "check", r.dir); res.code != ExitViolation {
		t.Errorf("with baseline: exit %d, want 1\n%s", res.code, res.stdout)
	}
}

// errorLines are the verdict lines of text output: "file:line: error: title".
var verdictLine = regexp.MustCompile(`(?m)^(\S+: (?:error|warning): [^:]+: \S+):`)

func verdicts(out string) string {
	m := verdictLine.FindAllStringSubmatch(out, -1)
	var s []string
	for _, x := range m {
		s = append(s, x[1])
	}
	sort.Strings(s)
	return strings.Join(s, "\n")
}

// TestBaseRefGivesTheSameVerdictsAsTheBaselineFile runs each scenario twice:
// against a baseline file written at the base commit, and against the base
// commit itself with --base-ref.
func TestBaseRefGivesTheSameVerdictsAsTheBaselineFile(t *testing.T) {
	c := requireScanner(t)
	base := map[string]string{
		".github/workflows/ci.yml":      cleanWorkflow,
		".github/workflows/release.yml": patWorkflow,
		".github/workflows/sync.yml":    syncWorkflow,
	}
	tests := []struct {
		name     string
		change   map[string]string
		commit   bool
		wantCode int
		wantOut  string
	}{
		{name: "unchanged", wantCode: 0},
		{name: "added PAT usage", change: map[string]string{".github/workflows/deploy.yml": strings.ReplaceAll(syncWorkflow, "SYNC_PAT", "DEPLOY_PAT")},
			wantCode: 1, wantOut: ".github/workflows/deploy.yml:12: error: New PAT usage: " + c("secrets.DEPLOY_PAT")},
		{name: "moved and reformatted, committed", change: map[string]string{".github/workflows/release.yml": patWorkflowMoved}, commit: true, wantCode: 0},
		{name: "removed usage", change: map[string]string{".github/workflows/sync.yml": ""}, wantCode: 0, wantOut: "no longer uses " + c("secrets.SYNC_PAT")},
		{name: "PAT added to a clean workflow", change: map[string]string{".github/workflows/ci.yml": strings.Replace(cleanWorkflow, "      - run: make test\n",
			"      - run: make test\n        env:\n          GH_TOKEN: ${{ secrets.CI_PAT }}\n      - run: gh pr comment 1 --body ok\n        env:\n          GH_TOKEN: ${{ secrets.CI_PAT }}\n", 1)},
			wantCode: 1, wantOut: "error: New PAT usage: " + c("secrets.CI_PAT")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newTestRepo(t, base)
			baseline := filepath.Join(t.TempDir(), "baseline.json")
			if res := runCLI(t, nil, "baseline", r.dir, "-o", baseline); res.code != 0 {
				t.Fatalf("baseline: exit %d\n%s", res.code, res.stderr)
			}
			if tt.change != nil {
				r.git(t, "checkout", "-q", "-b", "pr")
				r.write(t, tt.change)
				if tt.commit {
					r.commit(t, "change")
				}
			}
			byFile := runCLI(t, nil, "check", r.dir, "--baseline", baseline)
			byRef := runCLI(t, nil, "check", r.dir, "--base-ref", "main")
			if byFile.code != tt.wantCode || byRef.code != tt.wantCode {
				t.Fatalf("exit codes: baseline file %d, base ref %d; want %d\n--- file ---\n%s%s\n--- ref ---\n%s%s",
					byFile.code, byRef.code, tt.wantCode, byFile.stdout, byFile.stderr, byRef.stdout, byRef.stderr)
			}
			if a, b := verdicts(byFile.stdout), verdicts(byRef.stdout); a != b {
				t.Errorf("verdicts differ:\n--- file ---\n%s\n--- ref ---\n%s", a, b)
			}
			for _, res := range []cliResult{byFile, byRef} {
				if tt.wantOut != "" && !strings.Contains(res.stdout, tt.wantOut) {
					t.Errorf("output lacks %q:\n%s", tt.wantOut, res.stdout)
				}
			}
		})
	}
}

func TestBaselineCommand(t *testing.T) {
	c := requireScanner(t)
	r := newTestRepo(t, map[string]string{".github/workflows/release.yml": patWorkflow})
	res := runCLI(t, nil, "baseline", r.dir, "--reason", "accepted at rollout")
	if res.code != 0 {
		t.Fatalf("exit %d\n%s", res.code, res.stderr)
	}
	path := filepath.Join(r.dir, filepath.FromSlash(check.DefaultBaselinePath))
	b := readBaselineForTest(t, path)
	if len(b.Entries) != 1 {
		t.Fatalf("entries %+v", b.Entries)
	}
	e := b.Entries[0]
	if e.File != ".github/workflows/release.yml" || e.Job != "release" || e.Credential != c("secrets.GH_PAT") || e.Kind != "pat" ||
		e.Added != "2026-06-15" || e.Reason != "accepted at rollout" ||
		e.Fingerprint != scanner.Fingerprint(e.Repo, e.File, e.Job, e.Credential) {
		t.Errorf("entry %+v", e)
	}
	// Re-recording keeps the date and reason of known entries.
	before, _ := os.ReadFile(path)
	if res := runCLI(t, nil, "baseline", r.dir, "--reason", "other"); res.code != 0 {
		t.Fatalf("exit %d\n%s", res.code, res.stderr)
	}
	if after, _ := os.ReadFile(path); string(after) != string(before) {
		t.Errorf("re-recorded baseline changed:\n%s\nwas\n%s", after, before)
	}
	// -o - prints a fresh baseline.
	out := runCLI(t, nil, "baseline", r.dir, "-o", "-", "--reason", "other")
	if out.code != 0 || !strings.Contains(out.stdout, `"reason": "other"`) || !strings.Contains(out.stdout, `"schema_version": 1`) {
		t.Errorf("exit %d, stdout:\n%s", out.code, out.stdout)
	}
}

func readBaselineForTest(t *testing.T, path string) *check.Baseline {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	b, err := check.ReadBaseline(f)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestCheckUsageErrors(t *testing.T) {
	r := newTestRepo(t, map[string]string{".github/workflows/ci.yml": cleanWorkflow})
	bad := filepath.Join(t.TempDir(), "bad.json")
	if err := os.WriteFile(bad, []byte(`{"schema_version": 9}`), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"both baselines", []string{"check", r.dir, "--baseline", "x.json", "--base-ref", "main"}, "not both"},
		{"missing baseline", []string{"check", r.dir, "--baseline", filepath.Join(r.dir, "nope.json")}, "baseline"},
		{"bad baseline", []string{"check", r.dir, "--baseline", bad}, "schema_version 9"},
		{"unknown ref", []string{"check", r.dir, "--base-ref", "no-such-branch"}, "git fetch"},
		{"option-like ref", []string{"check", r.dir, "--base-ref=--output=x"}, "bad git ref"},
		{"bad fail-on", []string{"check", r.dir, "--fail-on", "pat,tokens"}, `unknown finding kind "tokens"`},
		{"bad format", []string{"check", r.dir, "--format", "xml"}, "unknown --format"},
		{"missing path", []string{"check", filepath.Join(r.dir, "nope")}, "nope"},
		{"two paths", []string{"check", r.dir, r.dir}, "accepts at most 1 arg"},
		{"base ref in a subfolder", []string{"check", filepath.Join(r.dir, ".github"), "--base-ref", "main"}, "top folder"},
		{"baseline bad fail-on", []string{"baseline", r.dir, "--fail-on", "x"}, "unknown finding kind"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := runCLI(t, nil, tt.args...)
			if res.code != ExitUsage || !strings.Contains(res.stderr, tt.want) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", res.code, res.stderr, tt.want)
			}
		})
	}
}

func TestCheckCleanRepoPasses(t *testing.T) {
	requireScanner(t)
	r := newTestRepo(t, map[string]string{".github/workflows/ci.yml": cleanWorkflow})
	env := actionsEnv(t, r.dir)
	res := runCLI(t, env, "check", r.dir, "--base-ref", "main")
	if res.code != 0 || !strings.Contains(res.stdout, "pat2app check: PASS: no new PAT usage (compared with base ref main;") {
		t.Fatalf("exit %d\n%s%s", res.code, res.stdout, res.stderr)
	}
	if summary, err := os.ReadFile(env["GITHUB_STEP_SUMMARY"]); err != nil || !strings.Contains(string(summary), "✅ no new PAT usage") {
		t.Errorf("summary %q, %v", summary, err)
	}
}

func TestWorkspacePrefix(t *testing.T) {
	ws := t.TempDir()
	sub := filepath.Join(ws, "services", "web")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	g := &globalOptions{io: &IO{Getenv: func(string) string { return ws }}}
	for _, tt := range []struct {
		root  string
		isDir bool
		want  string
	}{
		{ws, true, ""},
		{sub, true, "services/web"},
		{t.TempDir(), true, ""}, // outside the workspace
		{filepath.Join(sub, "x.yml"), false, ""},
	} {
		if got := workspacePrefix(g, tt.root, tt.isDir); got != tt.want {
			t.Errorf("workspacePrefix(%s) = %q, want %q", tt.root, got, tt.want)
		}
	}
}

// BenchmarkCheck200 checks an unchanged repository of 200 workflows (100
// with a PAT) against its baseline file: the cost of `pat2app check` in a
// pull request that touched nothing.
func BenchmarkCheck200(b *testing.B) {
	r, baseline := bench200(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if res := runCLI(b, nil, "check", r.dir, "--baseline", baseline); res.code != 0 {
			b.Fatalf("exit %d\n%s%s", res.code, res.stdout, res.stderr)
		}
	}
}

// BenchmarkCheck200BaseRef is BenchmarkCheck200 with --base-ref (git reads
// and a second scan).
func BenchmarkCheck200BaseRef(b *testing.B) {
	r, _ := bench200(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if res := runCLI(b, nil, "check", r.dir, "--base-ref", "main"); res.code != 0 {
			b.Fatalf("exit %d\n%s%s", res.code, res.stdout, res.stderr)
		}
	}
}

func bench200(b *testing.B) (*testRepo, string) {
	files := map[string]string{}
	for i := 0; i < 200; i++ {
		w := cleanWorkflow
		if i%2 == 0 {
			w = strings.ReplaceAll(patWorkflow, "GH_PAT", fmt.Sprintf("PAT_%d", i))
		}
		files[fmt.Sprintf(".github/workflows/w%03d.yml", i)] = w
	}
	r := newTestRepo(b, files)
	baseline := filepath.Join(b.TempDir(), "baseline.json")
	if res := runCLI(b, nil, "baseline", r.dir, "-o", baseline); res.code != 0 {
		b.Fatalf("baseline: exit %d\n%s", res.code, res.stderr)
	}
	return r, baseline
}

// TestCheckWritesSARIFOfNewFindings: --sarif holds what fails or warns,
// not the usages the baseline accepts.
func TestCheckWritesSARIFOfNewFindings(t *testing.T) {
	requireScanner(t)
	var got []string
	for _, res := range checkSARIFAfter(t, map[string]string{".github/workflows/release.yml": patWorkflow},
		map[string]string{".github/workflows/sync.yml": syncWorkflow}) {
		for _, l := range res.Locations {
			got = append(got, fmt.Sprintf("%s:%d", l.PhysicalLocation.ArtifactLocation.URI, l.PhysicalLocation.Region.StartLine))
		}
	}
	if len(got) == 0 || strings.Contains(strings.Join(got, " "), "release.yml") || !strings.Contains(strings.Join(got, " "), "sync.yml:12") {
		t.Errorf("SARIF locations %v, want sync.yml:12 only", got)
	}
}

// ghReleaseWorkflow creates a release with a PAT; releaseGrown also deletes
// another organisation's repository with it, in the same job.
const (
	ghReleaseWorkflow = `name: release
on:
  push:
    tags: ["v*"]
jobs:
  release:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: gh release create "$GITHUB_REF_NAME"
        env:
          GH_TOKEN: ${{ secrets.RELEASE_PAT }}
`
	ghReleaseGrownStep = `      - run: gh api -X DELETE repos/other-org/other-repo
        env:
          GH_TOKEN: ${{ secrets.RELEASE_PAT }}
`
)

// TestCheckFailsWhenAnAcceptedUsageNeedsMore: the baseline records what
// each accepted usage needs; the same job with the same PAT doing more
// fails, saying what it needs now, with --baseline and with --base-ref.
func TestCheckFailsWhenAnAcceptedUsageNeedsMore(t *testing.T) {
	c := requireScanner(t)
	r := newTestRepo(t, map[string]string{".github/workflows/release.yml": ghReleaseWorkflow})
	if res := runCLI(t, nil, "baseline", r.dir); res.code != 0 {
		t.Fatalf("baseline: exit %d\n%s%s", res.code, res.stdout, res.stderr)
	}
	r.commit(t, "baseline")
	if res := runCLI(t, nil, "check", r.dir); res.code != 0 {
		t.Fatalf("unchanged: exit %d\n%s%s", res.code, res.stdout, res.stderr)
	}
	r.git(t, "checkout", "-q", "-b", "pr")
	r.write(t, map[string]string{".github/workflows/release.yml": ghReleaseWorkflow + ghReleaseGrownStep})
	for _, args := range [][]string{{"check", r.dir}, {"check", r.dir, "--base-ref", "main"}} {
		res := runCLI(t, nil, args...)
		if res.code != ExitViolation {
			t.Fatalf("%v: exit %d, want 1\n%s%s", args, res.code, res.stdout, res.stderr)
		}
		for _, want := range []string{
			"error: Accepted PAT usage needs more: " + c("secrets.RELEASE_PAT"),
			"now also needs administration: write on other-org/other-repo (line 13: ",
			"1 accepted usage that needs more",
		} {
			if !strings.Contains(res.stdout, want) {
				t.Errorf("%v: output lacks %q:\n%s", args, want, res.stdout)
			}
		}
	}
}

// TestCheckAcceptsABaselineWithoutScopes: a baseline written before scopes
// were recorded still accepts its usages, and check says growth is not
// checked until `pat2app baseline` records them.
func TestCheckAcceptsABaselineWithoutScopes(t *testing.T) {
	requireScanner(t)
	r := newTestRepo(t, map[string]string{".github/workflows/release.yml": ghReleaseWorkflow})
	if res := runCLI(t, nil, "baseline", r.dir); res.code != 0 {
		t.Fatalf("baseline: exit %d\n%s%s", res.code, res.stdout, res.stderr)
	}
	path := filepath.Join(r.dir, filepath.FromSlash(check.DefaultBaselinePath))
	b := readBaselineForTest(t, path)
	if len(b.Entries) != 1 || b.Entries[0].Scope == nil || b.Entries[0].Scope.Permissions["contents"] != "write" {
		t.Fatalf("the baseline does not record the scope: %+v", b.Entries)
	}
	b.Entries[0].Scope, b.Entries[0].Content = nil, ""
	var buf bytes.Buffer
	if err := check.WriteBaseline(&buf, b); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	r.write(t, map[string]string{".github/workflows/release.yml": ghReleaseWorkflow + ghReleaseGrownStep})
	res := runCLI(t, nil, "check", r.dir)
	if res.code != 0 || !strings.Contains(res.stdout, "warning: The baseline accepts 1 usage without recorded permissions") {
		t.Fatalf("exit %d, want 0 and a warning\n%s%s", res.code, res.stdout, res.stderr)
	}
	// Re-running baseline records the scope and keeps the date.
	if res := runCLI(t, nil, "baseline", r.dir); res.code != 0 {
		t.Fatalf("baseline: exit %d\n%s%s", res.code, res.stdout, res.stderr)
	}
	if b := readBaselineForTest(t, path); b.Entries[0].Scope == nil || b.Entries[0].Scope.Permissions["administration"] != "write" || b.Entries[0].Added != "2026-06-15" {
		t.Errorf("re-recorded entry %+v", b.Entries[0])
	}
}

// TestCheckMatchesRenamedWorkflowByContent: renaming a workflow file (or a
// job) keeps its accepted usages, with a baseline file and with --base-ref;
// a renamed file whose job does something else is new.
func TestCheckMatchesRenamedWorkflowByContent(t *testing.T) {
	c := requireScanner(t)
	tests := []struct {
		name     string
		change   map[string]string
		wantCode int
		wantOut  string
	}{
		{name: "file renamed", change: map[string]string{".github/workflows/release.yml": "", ".github/workflows/publish.yml": patWorkflow},
			wantOut: `.github/workflows/publish.yml: job "release" uses ` + c("secrets.GH_PAT") + ` as job "release" of .github/workflows/release.yml did`},
		{name: "file and job renamed, reformatted", change: map[string]string{".github/workflows/release.yml": "",
			".github/workflows/publish.yml": strings.Replace(patWorkflowMoved, "  release:\n", "  publish:\n", 1)},
			wantOut: `.github/workflows/publish.yml: job "publish" uses ` + c("secrets.GH_PAT") + ` as job "release" of .github/workflows/release.yml did`},
		{name: "file renamed, the job does more", change: map[string]string{".github/workflows/release.yml": "",
			".github/workflows/publish.yml": patWorkflow + "      - run: gh release create v1\n        env:\n          GH_TOKEN: ${{ secrets.GH_PAT }}\n"},
			wantCode: ExitViolation, wantOut: ".github/workflows/publish.yml:12: error: New PAT usage: " + c("secrets.GH_PAT")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newTestRepo(t, map[string]string{".github/workflows/release.yml": patWorkflow, ".github/workflows/sync.yml": syncWorkflow})
			baseline := filepath.Join(t.TempDir(), "baseline.json")
			if res := runCLI(t, nil, "baseline", r.dir, "-o", baseline); res.code != 0 {
				t.Fatalf("baseline: exit %d\n%s", res.code, res.stderr)
			}
			r.git(t, "checkout", "-q", "-b", "pr")
			r.write(t, tt.change)
			r.commit(t, "rename")
			for _, args := range [][]string{{"check", r.dir, "--baseline", baseline}, {"check", r.dir, "--base-ref", "main"}} {
				res := runCLI(t, nil, args...)
				if res.code != tt.wantCode || !strings.Contains(res.stdout, tt.wantOut) {
					t.Errorf("%v: exit %d, want %d and %q\n%s%s", args[2:], res.code, tt.wantCode, tt.wantOut, res.stdout, res.stderr)
				}
			}
		})
	}
}

// TestCheckSARIFSaysBaselineState: the result behind a failing check is an
// error, new to the baseline; one that grew is an error, updated.
func TestCheckSARIFSaysBaselineState(t *testing.T) {
	requireScanner(t)
	var got []string
	for _, res := range checkSARIFAfter(t, map[string]string{".github/workflows/release.yml": ghReleaseWorkflow}, map[string]string{
		".github/workflows/release.yml": ghReleaseWorkflow + ghReleaseGrownStep,
		".github/workflows/sync.yml":    syncWorkflow,
	}) {
		s := res.Locations[0].PhysicalLocation.ArtifactLocation.URI + " " + res.BaselineState + " " + res.Level
		if strings.Contains(res.Message.Text, "now also needs administration: write") {
			s += " (says what grew)"
		}
		got = append(got, s)
	}
	sort.Strings(got)
	want := ".github/workflows/release.yml updated error (says what grew)\n.github/workflows/sync.yml new error"
	if strings.Join(got, "\n") != want {
		t.Errorf("results:\n%s\nwant\n%s", strings.Join(got, "\n"), want)
	}
}

// checkSARIFResult is what the tests read of a SARIF result.
type checkSARIFResult struct {
	BaselineState string `json:"baselineState"`
	Level         string `json:"level"`
	Message       struct {
		Text string `json:"text"`
	} `json:"message"`
	Locations []struct {
		PhysicalLocation struct {
			ArtifactLocation struct {
				URI string `json:"uri"`
			} `json:"artifactLocation"`
			Region struct {
				StartLine int `json:"startLine"`
			} `json:"region"`
		} `json:"physicalLocation"`
	} `json:"locations"`
}

// checkSARIFAfter records base's usages as the baseline, makes change,
// runs a failing check with --sarif and returns the results of every run.
// The file holds no property at a SARIF default.
func checkSARIFAfter(t *testing.T, base, change map[string]string) []checkSARIFResult {
	t.Helper()
	r := newTestRepo(t, base)
	if res := runCLI(t, nil, "baseline", r.dir); res.code != 0 {
		t.Fatalf("baseline: exit %d\n%s", res.code, res.stderr)
	}
	r.write(t, change)
	path := filepath.Join(t.TempDir(), "out.sarif")
	if res := runCLI(t, nil, "check", r.dir, "--sarif", path); res.code != ExitViolation {
		t.Fatalf("exit %d\n%s%s", res.code, res.stdout, res.stderr)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(data), ": -1") || strings.Contains(string(data), ": []") {
		t.Errorf("SARIF holds defaults:\n%s", data)
	}
	var doc struct {
		Runs []struct {
			Results []checkSARIFResult `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatalf("SARIF is not JSON: %v", err)
	}
	var out []checkSARIFResult
	for _, run := range doc.Runs {
		out = append(out, run.Results...)
	}
	return out
}
