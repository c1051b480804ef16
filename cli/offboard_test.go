package cli

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/pat2app/pat2app/offboard"
	"github.com/pat2app/pat2app/report"
	"github.com/pat2app/pat2app/source/github/fakegithub"
)

// offboardWorld is acme with its plan (acme/api's release job on
// RELEASE_PAT, no owner recorded), alice's fine-grained PAT limited to
// acme/api, bob's limited to acme/docs, and carol's
// SSO-authorised classic PAT.
func offboardWorld(t *testing.T) (*weekOrg, string) {
	t.Helper()
	w := newWeekOrg(t)
	plan := writeWeekPlan(t, w)
	w.acme.PATs = []fakegithub.PAT{
		{ID: 1, Owner: "alice", Name: "release automation", Selection: "subset", Repos: []string{"acme/api"},
			Permissions: map[string]string{"contents": "write"}, ExpiresAt: time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC), LastUsedAt: time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)},
		{ID: 2, Owner: "bob", Name: "docs", Selection: "subset", Repos: []string{"acme/docs"}, Permissions: map[string]string{"contents": "write"}},
	}
	w.acme.CredAuths = []fakegithub.CredentialAuthorization{{Login: "carol", Note: "old laptop", Scopes: []string{"repo"}}}
	return w, plan
}

func runOffboardCmd(t *testing.T, w *weekOrg, args ...string) (int, string, string) {
	t.Helper()
	stdio, out, errb := apiTestIO(map[string]string{"GH_TOKEN": weekReaderToken})
	base := []string{"offboard", "--api-url", w.srv.URL, "--cache-dir", "off", "--quiet"}
	code := Main(context.Background(), append(base, args...), stdio)
	return code, out.String(), errb.String()
}

func TestOffboard(t *testing.T) {
	w, plan := offboardWorld(t)
	for _, tc := range []struct {
		login string
		code  int
		want  []string
	}{
		// alice's PAT reaches acme/api, whose job has no recorded owner.
		{"alice", ExitViolation, []string{"Offboarding alice breaks 0 jobs and may break 1 more", "fine-grained PAT “release automation”",
			"`RELEASE_PAT`", "| fine_grained_pat | `release automation` | `acme/api` | `contents: write` |"}},
		// bob's PAT reaches only acme/docs: his tokens cannot be behind it.
		{"bob", ExitOK, []string{"Nothing breaks", "| fine_grained_pat | `docs` | `acme/docs` |"}},
		// carol authorised a classic PAT: it could be anywhere.
		{"carol", ExitViolation, []string{"may break 1 more", "authorised classic PATs", "| credential_authorization | `old laptop` | none | `repo` |"}},
		{"dave", ExitOK, []string{"Nothing breaks", "A classic PAT's owner is not visible through the API", "Secret values are never readable"}},
	} {
		code, out, errb := runOffboardCmd(t, w, tc.login, "--plan", plan, "--org", "acme")
		if code != tc.code {
			t.Errorf("%s: exit %d, want %d\n%s\n%s", tc.login, code, tc.code, out, errb)
		}
		for _, s := range tc.want {
			if !strings.Contains(out, s) {
				t.Errorf("%s: output lacks %q:\n%s", tc.login, s, out)
			}
		}
	}
}

// TestOffboardOwnerColumnAndMigration: the workbook's Owner column ties
// the job to dave; once the job is migrated nothing breaks.
func TestOffboardOwnerColumnAndMigration(t *testing.T) {
	w, plan := offboardWorld(t)
	book := filepath.Join(filepath.Dir(plan), "permissions.xlsx")
	x, err := excelize.OpenFile(book)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := x.GetRows(report.SheetInventory)
	if err != nil {
		t.Fatal(err)
	}
	for c, h := range rows[0] {
		if h == report.HeaderOwner {
			name, _ := excelize.CoordinatesToCellName(c+1, 2)
			x.SetCellStr(report.SheetInventory, name, "Dave (platform)")
		}
	}
	if err := x.Save(); err != nil {
		t.Fatal(err)
	}
	code, out, _ := runOffboardCmd(t, w, "dave", "--plan", plan, "--annotations", book, "--org", "acme", "--format", "json")
	var rep offboard.Report
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if code != ExitViolation || len(rep.Breaks) != 1 || rep.Breaks[0].Link != offboard.LinkOwner || strings.Join(rep.Secrets, ",") != "RELEASE_PAT" {
		t.Errorf("dave owns the job: exit %d, %+v", code, rep)
	}
	// alice is not the recorded owner: her PAT is no longer a suspect.
	if code, out, _ := runOffboardCmd(t, w, "alice", "--plan", plan, "--annotations", book, "--org", "acme"); code != ExitOK || !strings.Contains(out, "Jobs using PATs with another owner in the Owner column: 1") {
		t.Errorf("alice with an owner recorded: exit %d\n%s", code, out)
	}

	// The release job moves to the App: nothing breaks.
	w.srv.SetFiles("acme/api", map[string]string{".github/workflows/release.yml": strings.ReplaceAll(releaseWorkflow,
		"${{ secrets.RELEASE_PAT }}", "${{ steps.app-token.outputs.token }}")})
	code, out, _ = runOffboardCmd(t, w, "dave", "--plan", plan, "--annotations", book, "--org", "acme")
	if code != ExitOK || !strings.Contains(out, "Nothing breaks") || !strings.Contains(out, "## Already migrated") || !strings.Contains(out, "| migrated |") {
		t.Errorf("after the migration: exit %d\n%s", code, out)
	}
}

// TestOffboardUnknown: without the token lists nothing can tie a job to a
// login; the answer says so and exits 3.
func TestOffboardUnknown(t *testing.T) {
	w, plan := offboardWorld(t)
	w.acme.RefusePATs = true
	code, out, _ := runOffboardCmd(t, w, "alice", "--plan", plan, "--org", "acme")
	if code != ExitPartial || !strings.Contains(out, "## Owner unknown") || !strings.Contains(out, "organization\\_personal\\_access\\_tokens: read") {
		t.Errorf("exit %d\n%s", code, out)
	}
	root := writeWeekCheckouts(t, t.TempDir(), map[string]string{"acme__api/.github/workflows/release.yml": releaseWorkflow})
	code, out, _ = runOffboardCmd(t, w, "alice", "--plan", plan, root)
	if code != ExitPartial || !strings.Contains(out, "were not read: scan with --org") {
		t.Errorf("local scan: exit %d\n%s", code, out)
	}
	if code, _, errb := runOffboardCmd(t, w, "alice", root); code != ExitUsage || !strings.Contains(errb, "--plan") {
		t.Errorf("no plan: exit %d %s", code, errb)
	}
}
