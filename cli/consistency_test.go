package cli

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/pat2app/pat2app/check"
	"github.com/pat2app/pat2app/config"
	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/planner"
	"github.com/pat2app/pat2app/report"
	"github.com/pat2app/pat2app/scanner"
	"github.com/pat2app/pat2app/source/github/fakegithub"
)

// sameFilesRepo has a workflow whose extension is in capitals and an
// action in a subfolder of .github/workflows, each with a credential (the
// action's is the built-in token: a value only a caller gives it would
// have no finding in an action no workflow uses).
var sameFilesRepo = map[string]string{
	".github/workflows/ci.yml":         "on: push\njobs:\n  ci:\n    runs-on: x\n    steps:\n      - run: gh pr list\n        env:\n          GH_TOKEN: ${{ secrets.CI_PAT }}\n",
	".github/workflows/release.YML":    "on: push\njobs:\n  rel:\n    runs-on: x\n    steps:\n      - run: gh release create v1\n        env:\n          GH_TOKEN: ${{ secrets.RELEASE_PAT }}\n",
	".github/workflows/sub/action.yml": "name: push\ndescription: push\ninputs:\n  token:\n    description: t\nruns:\n  using: composite\n  steps:\n    - shell: bash\n      run: git push \"https://x-access-token:${{ github.token }}@github.com/acme/demo.git\" HEAD\n",
	".github/workflows/sub/notes.yml":  "on: push\njobs:\n  x:\n    runs-on: x\n    steps:\n      - run: echo ${{ secrets.NOT_READ }}\n",
}

// TestLocalOrgAndBaseRefReadTheSameFiles: a local scan, an organisation scan
// and `check --base-ref` read the same files of one repository, so they find
// the same credentials.
func TestLocalOrgAndBaseRefReadTheSameFiles(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	ctx := context.Background()
	want := []string{
		".github/workflows/ci.yml ci secrets.CI_PAT pat",
		".github/workflows/release.YML rel secrets.RELEASE_PAT pat",
		".github/workflows/sub/action.yml (composite) github.token github_token",
	}

	// Local scan of a checkout.
	files := map[string]string{}
	for p, content := range sameFilesRepo {
		files["acme__web/"+p] = content
	}
	dir := filepath.Join(writeWeekCheckouts(t, t.TempDir(), files), "acme__web")
	stdio, out, errb := apiTestIO(nil)
	if code := Main(ctx, []string{"scan", "--format", "json", dir}, stdio); code != ExitOK {
		t.Fatalf("local scan: exit %d: %s", code, errb.String())
	}
	if got := foundIn(t, out.Bytes()); !slices.Equal(got, want) {
		t.Errorf("local scan found %q, want %q", got, want)
	}

	// Organisation scan of the same files.
	srv := fakegithub.New(fakegithub.Config{Token: "test-token", Orgs: []*fakegithub.Org{{Login: "acme",
		Repos: []*fakegithub.Repo{{Name: "web", Files: sameFilesRepo}}}}})
	defer srv.Close()
	stdio, out, errb = apiTestIO(map[string]string{"GH_TOKEN": "test-token"})
	if code := Main(ctx, []string{"scan", "--org", "acme", "--format", "json", "--api-url", srv.URL,
		"--cache-dir", "off", "--no-secrets", "--quiet"}, stdio); code != ExitOK {
		t.Fatalf("organisation scan: exit %d: %s", code, errb.String())
	}
	if got := foundIn(t, out.Bytes()); !slices.Equal(got, want) {
		t.Errorf("organisation scan found %q, want %q", got, want)
	}

	// The base side of `check --base-ref`: the files at a git ref.
	for _, args := range [][]string{{"init", "-q", "-b", "main"}, {"add", "-A"}, {"commit", "-q", "-m", "x"}} {
		cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
		cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_SYSTEM=/dev/null",
			"GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com")
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, b)
		}
	}
	rf, errs, err := check.ReadRef(ctx, dir, "main", "acme/web", 0)
	if err != nil || len(errs) != 0 {
		t.Fatalf("ReadRef: %v %+v", err, errs)
	}
	found, errs := scanner.New(scanner.Options{}).ScanRepo(ctx, rf)
	if len(errs) != 0 {
		t.Fatalf("scan at the ref: %+v", errs)
	}
	if got := describe(found); !slices.Equal(got, want) {
		t.Errorf("check --base-ref found %q, want %q", got, want)
	}
}

// foundIn describes the findings of an inventory JSON.
func foundIn(t *testing.T, data []byte) []string {
	t.Helper()
	var inv inventory.Inventory
	if err := json.Unmarshal(data, &inv); err != nil {
		t.Fatalf("%v: %s", err, data)
	}
	return describe(inv.Findings)
}

// describe is each finding's file, job, credential and kind, sorted.
func describe(fs []inventory.Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.File+" "+f.Job+" "+f.Credential+" "+string(f.Kind))
	}
	slices.Sort(out)
	return out
}

// TestScanAndPlanListFindingsInOneOrder: plan.json lists jobs in the order
// the scan lists findings (one comparator), here a job whose credentials'
// first lines are not in the order of their names.
func TestScanAndPlanListFindingsInOneOrder(t *testing.T) {
	src := "on: push\njobs:\n  j:\n    runs-on: x\n    steps:\n" +
		"      - run: gh pr list\n        env:\n          GH_TOKEN: ${{ secrets.ZED_PAT }}\n" +
		"      - run: gh issue list\n        env:\n          GH_TOKEN: ${{ secrets.ALPHA_PAT }}\n"
	dir := filepath.Join(writeWeekCheckouts(t, t.TempDir(), map[string]string{"acme__web/.github/workflows/ci.yml": src}), "acme__web")
	order := func(cmd string) []string {
		stdio, out, errb := apiTestIO(nil)
		if code := Main(context.Background(), []string{cmd, "--format", "json", dir}, stdio); code != ExitOK {
			t.Fatalf("%s: exit %d: %s", cmd, code, errb.String())
		}
		var doc struct {
			Findings []struct{ Job, Credential string }
			Jobs     []struct{ Job, Credential string }
		}
		if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, f := range append(doc.Findings, doc.Jobs...) {
			got = append(got, f.Job+" "+f.Credential)
		}
		return got
	}
	scan, plan := order("scan"), order("plan")
	if want := []string{"j secrets.ZED_PAT", "j secrets.ALPHA_PAT"}; !slices.Equal(scan, want) {
		t.Errorf("scan order %q, want %q (by first line)", scan, want)
	}
	if !slices.Equal(plan, scan) {
		t.Errorf("plan order %q, scan order %q", plan, scan)
	}
}

// TestSARIFAndCheckSayTheSame: for every planned job of the demo
// organisation, the SARIF result and the `check` message name the
// credential's kind and what to use instead in the same words.
func TestSARIFAndCheckSayTheSame(t *testing.T) {
	ctx := context.Background()
	demo := filepath.Join("..", "testdata", "demo-org")
	cfg, err := config.Load(filepath.Join(demo, config.FileName), true)
	if err != nil {
		t.Fatal(err)
	}
	inv, err := scanner.New(scanner.Options{Config: cfg}).ScanPaths(ctx, []string{demo})
	if err != nil {
		t.Fatal(err)
	}
	plan, err := planner.Build(ctx, inv, planner.Options{Config: cfg})
	if err != nil {
		t.Fatal(err)
	}
	jobs := map[string]*planner.Job{}
	for i := range plan.Jobs {
		jobs[plan.Jobs[i].Fingerprint] = &plan.Jobs[i]
	}
	compared := 0
	for i := range inv.Findings {
		f := &inv.Findings[i]
		j := jobs[f.Fingerprint]
		rule, ok := report.RuleForFinding(f, j)
		if !ok || j == nil || f.Kind == inventory.KindLeakedToken {
			continue
		}
		sarif := report.ResultMessage(f, j, rule)
		desc := check.Describe(*f)
		// "job "x" uses CRED (a personal access token) ...": the kind's words.
		if _, rest, ok := strings.Cut(desc, " ("); ok {
			kind, _, _ := strings.Cut(rest, ")")
			if !strings.Contains(sarif, "("+kind+")") {
				t.Errorf("%s %s: check calls it %q; SARIF says %q", f.File, f.Job, kind, sarif)
			}
		}
		advice, _, _ := strings.Cut(check.Advice(*f, j), " Why:")
		if !strings.Contains(sarif, advice) {
			t.Errorf("%s %s (%s): check advises %q; SARIF says %q", f.File, f.Job, j.Decision, advice, sarif)
		}
		compared++
	}
	if compared < 5 {
		t.Errorf("only %d findings compared", compared)
	}
}
