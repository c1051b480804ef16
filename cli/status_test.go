package cli

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pat2app/pat2app/status"
)

// triageWorkflow labels issues with a PAT: GITHUB_TOKEN will do (day 3).
const triageWorkflow = `on: issues
jobs:
  label:
    runs-on: ubuntu-latest
    steps:
      - run: gh issue edit "$N" --add-label triage
        env:
          GH_TOKEN: ${{ secrets.TRIAGE_PAT }}
`

// triageMigrated is the same job on GITHUB_TOKEN with its permissions.
var triageMigrated = strings.Replace(strings.Replace(triageWorkflow, "${{ secrets.TRIAGE_PAT }}", "${{ github.token }}", 1),
	"jobs:", "permissions:\n  issues: write\njobs:", 1)

// statusWorld plans two checkouts: acme/bot (triage, day 3) and acme/api
// (release, day 4).
func statusWorld(t *testing.T) (root, plan string) {
	t.Helper()
	dir := t.TempDir()
	root = writeWeekCheckouts(t, dir, map[string]string{
		"acme__bot/.github/workflows/triage.yml":  triageWorkflow,
		"acme__api/.github/workflows/release.yml": releaseWorkflow,
	})
	out := filepath.Join(dir, "plan")
	stdio, _, errb := apiTestIO(nil)
	if code := Main(context.Background(), []string{"plan", root, "--out", out}, stdio); code != ExitOK {
		t.Fatalf("plan: exit %d: %s", code, errb.String())
	}
	return root, filepath.Join(out, "plan.json")
}

func runStatusCmd(t *testing.T, now time.Time, args ...string) (int, string, string) {
	t.Helper()
	stdio, out, errb := apiTestIO(nil)
	stdio.Now = func() time.Time { return now }
	code := Main(context.Background(), append([]string{"status"}, args...), stdio)
	return code, out.String(), errb.String()
}

func TestStatusThroughTheWeek(t *testing.T) {
	root, plan := statusWorld(t)
	now := time.Date(2026, 3, 5, 10, 0, 0, 0, time.Local)

	// Day 3, nothing migrated: on track (day 3's slice is due today).
	code, out, errb := runStatusCmd(t, now, "--plan", plan, "--day", "3", root)
	if code != ExitOK || !strings.Contains(out, "**On track.**") || !strings.Contains(out, "```mermaid") {
		t.Errorf("day 3: exit %d\n%s\n%s", code, out, errb)
	}
	// Day 4 counted from --start: the triage slice is overdue.
	code, out, errb = runStatusCmd(t, now, "--plan", plan, "--start", "2026-03-02", root)
	if code != ExitViolation || !strings.Contains(out, "# Migration status: day 4") || !strings.Contains(out, "**overdue** (due day 3)") ||
		!strings.Contains(errb, "1 job(s) planned for an earlier day") {
		t.Errorf("day 4 before migrating: exit %d\n%s\n%s", code, out, errb)
	}

	// Migrate the triage job: day 4 is on track, TRIAGE_PAT can go.
	if err := os.WriteFile(filepath.Join(root, "acme__bot/.github/workflows/triage.yml"), []byte(triageMigrated), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errb = runStatusCmd(t, now, "--plan", plan, "--day", "4", "--format", "json", root)
	if code != ExitOK {
		t.Fatalf("day 4 after migrating triage: exit %d\n%s\n%s", code, out, errb)
	}
	var rep status.Report
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	slices := map[string]string{}
	for _, s := range rep.Slices {
		slices[s.Name] = s.State
	}
	secrets := map[string]string{}
	for _, s := range rep.Secrets {
		secrets[s.Name] = s.State
	}
	if slices["triage"] != "done" || slices["release"] != "in_progress" || secrets["TRIAGE_PAT"] != "deletable" || secrets["RELEASE_PAT"] != "referenced" {
		t.Errorf("slices %v, secrets %v", slices, secrets)
	}

	// Day 5 with the release job still on its PAT: exit 1.
	if code, out, _ := runStatusCmd(t, now, "--plan", plan, "--day", "5", root); code != ExitViolation || !strings.Contains(out, "release 0 of 1 done :crit") {
		t.Errorf("day 5: exit %d\n%s", code, out)
	}

	// A scan without acme/api: its job is not scanned, exit 3.
	if code, out, errb := runStatusCmd(t, now, "--plan", plan, "--day", "4", filepath.Join(root, "acme__bot")); code != ExitPartial || !strings.Contains(out, "not_scanned") {
		t.Errorf("partial scan: exit %d\n%s\n%s", code, out, errb)
	}
}

func TestStatusUsage(t *testing.T) {
	root, plan := statusWorld(t)
	now := time.Date(2026, 3, 5, 10, 0, 0, 0, time.Local)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--plan", plan, root}, "which day of the rollout is it?"},
		{[]string{"--plan", plan, "--day", "2", "--start", "2026-03-01", root}, "not both"},
		{[]string{"--plan", plan, "--start", "2026-03-09", root}, "nothing is due yet"},
		{[]string{"--plan", plan, "--start", "03/02/2026", root}, "YYYY-MM-DD"},
		{[]string{"--day", "2", root}, "give --plan"},
		{[]string{"--plan", plan, "--day", "2", "--format", "xml", root}, "unknown --format"},
	} {
		if code, _, errb := runStatusCmd(t, now, tc.args...); code != ExitUsage || !strings.Contains(errb, tc.want) {
			t.Errorf("%v: exit %d, %q, want %q", tc.args, code, errb, tc.want)
		}
	}
}

// TestStatusOrg: an organisation scan says where the PAT secrets are still
// defined.
func TestStatusOrg(t *testing.T) {
	w := newWeekOrg(t)
	plan := writeWeekPlan(t, w)
	w.acme.Repos[0].Secrets = []string{"RELEASE_PAT"}
	stdio, out, errb := apiTestIO(map[string]string{"GH_TOKEN": weekReaderToken})
	code := Main(context.Background(), []string{"status", "--plan", plan, "--day", "3", "--org", "acme", "--api-url", w.srv.URL,
		"--cache-dir", "off", "--quiet", "--format", "json"}, stdio)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	var rep status.Report
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatal(err)
	}
	if !rep.SecretsKnown || len(rep.Secrets) != 1 || rep.Secrets[0].State != "referenced" || strings.Join(rep.Secrets[0].DefinedIn, ",") != "acme/api" {
		t.Errorf("secrets = %+v (known %v)", rep.Secrets, rep.SecretsKnown)
	}
}
