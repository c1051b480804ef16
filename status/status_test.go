package status

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/planner"
)

// testPlan has a triage slice on day 3 (a PAT job and a GITHUB_TOKEN job
// that needs a permissions block), a release slice on day 4 (a PAT job
// and a GITHUB_TOKEN job moving to an App), and a job under review.
func testPlan() *planner.Plan {
	return &planner.Plan{
		Jobs: []planner.Job{
			{Fingerprint: "t1", Repo: "acme/bot", File: ".github/workflows/triage.yml", Job: "label", Credential: "secrets.TRIAGE_PAT", Kind: "pat", Decision: planner.DecisionGitHubToken},
			{Fingerprint: "t2", Repo: "acme/bot", File: ".github/workflows/triage.yml", Job: "close", Credential: "github.token", Kind: "github_token",
				Decision: planner.DecisionGitHubToken, Permissions: map[string]string{"issues": "write"}},
			{Fingerprint: "r1", Repo: "acme/rel", File: ".github/workflows/release.yml", Job: "release", Credential: "secrets.RELEASE_PAT", Kind: "pat", Decision: planner.DecisionGitHubApp, App: "release-bot"},
			{Fingerprint: "r2", Repo: "acme/rel", File: ".github/workflows/release.yml", Job: "notes", Credential: "github.token", Kind: "github_token", Decision: planner.DecisionGitHubApp, App: "release-bot"},
			{Fingerprint: "m1", Repo: "acme/rel", File: ".github/workflows/odd.yml", Job: "odd", Credential: "secrets.ODD_PAT", Kind: "pat", Decision: planner.DecisionManualReview},
		},
		Slices: []planner.Slice{{Name: "triage", Jobs: []string{"t1", "t2"}, Day: 3}, {Name: "release", Jobs: []string{"r1", "r2"}, Day: 4}},
		Secrets: []planner.SecretPlan{
			{Name: "TRIAGE_PAT", UsedBy: []string{"t1"}, DeletableAfter: "triage"},
			{Name: "RELEASE_PAT", UsedBy: []string{"r1"}, DeletableAfter: "release"},
		},
		Rollout: []planner.RolloutDay{{Day: 1, Title: "Inventory"}, {Day: 3, Title: "First"}, {Day: 4, Title: "Rest"}, {Day: 5, Title: "Delete"}},
	}
}

func finding(fp, repo, file, job, cred string, kind inventory.Kind, perms map[string]string) inventory.Finding {
	f := inventory.Finding{Fingerprint: fp, Repo: repo, File: file, Job: job, Credential: cred, Kind: kind}
	if perms != nil {
		f.JobInfo = &inventory.JobInfo{Permissions: perms}
	}
	return f
}

func TestCompare(t *testing.T) {
	p := testPlan()
	repos := []inventory.RepoSummary{
		{Name: "acme/bot", Workflows: []string{".github/workflows/triage.yml"}},
		{Name: "acme/rel", Workflows: []string{".github/workflows/release.yml", ".github/workflows/odd.yml"}},
	}
	// Nothing migrated yet.
	before := &inventory.Inventory{Complete: true, Repos: repos, Findings: []inventory.Finding{
		finding("t1", "acme/bot", ".github/workflows/triage.yml", "label", "secrets.TRIAGE_PAT", inventory.KindPAT, nil),
		finding("t2", "acme/bot", ".github/workflows/triage.yml", "close", "github.token", inventory.KindGitHubToken, map[string]string{"*": "write-all"}),
		finding("r1", "acme/rel", ".github/workflows/release.yml", "release", "secrets.RELEASE_PAT", inventory.KindPAT, nil),
		finding("r2", "acme/rel", ".github/workflows/release.yml", "notes", "github.token", inventory.KindGitHubToken, nil),
		finding("m1", "acme/rel", ".github/workflows/odd.yml", "odd", "secrets.ODD_PAT", inventory.KindPAT, nil),
		finding("i1", "acme/rel", ".github/workflows/odd.yml", "shared", "secrets: inherit", inventory.KindUnknown, nil),
	}}
	start := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	r := Compare(p, before, 4, start)
	if r.Overdue != 2 || r.Slices[0].State != "overdue" || r.Slices[1].State != "in_progress" {
		t.Errorf("day 4 before any migration: overdue %d, slices %+v", r.Overdue, r.Slices)
	}
	if r.Secrets[0].State != "referenced" || len(r.Inherit) != 1 {
		t.Errorf("secrets %+v, inherit %v", r.Secrets, r.Inherit)
	}

	// Triage migrated: the PAT replaced by github.token with a block, the
	// GITHUB_TOKEN job given its block; release: the PAT job on an App
	// token, the github.token job still on github.token alone.
	afterRepos := []inventory.RepoSummary{repos[0], {Name: "acme/rel", Workflows: []string{".github/workflows/release.yml"}}}
	after := &inventory.Inventory{Complete: true, Repos: afterRepos, Findings: []inventory.Finding{
		finding("x1", "acme/bot", ".github/workflows/triage.yml", "label", "github.token", inventory.KindGitHubToken, map[string]string{"issues": "write"}),
		finding("t2", "acme/bot", ".github/workflows/triage.yml", "close", "github.token", inventory.KindGitHubToken, map[string]string{"issues": "write", "contents": "read"}),
		finding("x2", "acme/rel", ".github/workflows/release.yml", "release", "steps.app-token.outputs.token", inventory.KindAppToken, nil),
		finding("r2", "acme/rel", ".github/workflows/release.yml", "notes", "github.token", inventory.KindGitHubToken, nil),
	}, Secrets: &inventory.SecretInventory{Secrets: []inventory.Secret{{Name: "RELEASE_PAT", Scope: "org"}}}}
	r = Compare(p, after, 5, start)
	states := map[string]JobState{}
	for _, j := range r.Jobs {
		states[j.Fingerprint] = j.State
	}
	want := map[string]JobState{"t1": StateMigrated, "t2": StateMigrated, "r1": StateMigrated, "r2": StatePending}
	for fp, st := range want {
		if states[fp] != st {
			t.Errorf("%s: %s, want %s", fp, states[fp], st)
		}
	}
	if r.Overdue != 1 || r.Slices[0].State != "done" || r.Slices[1].State != "overdue" {
		t.Errorf("day 5: overdue %d, slices %+v", r.Overdue, r.Slices)
	}
	// The odd workflow was deleted: the job under review is removed.
	if len(r.Outside) != 1 || r.Outside[0].State != StateRemoved {
		t.Errorf("outside = %+v", r.Outside)
	}
	// TRIAGE_PAT is defined nowhere (deleted); RELEASE_PAT is still
	// defined on the organisation and nothing reads it.
	sec := map[string]Secret{}
	for _, s := range r.Secrets {
		sec[s.Name] = s
	}
	if sec["TRIAGE_PAT"].State != "deleted" || sec["RELEASE_PAT"].State != "deletable" || sec["RELEASE_PAT"].DefinedIn[0] != "org" {
		t.Errorf("secrets = %+v", r.Secrets)
	}

	// A repository the scan did not read.
	partial := &inventory.Inventory{Complete: true, Repos: repos[:1], Findings: after.Findings[:2]}
	r = Compare(p, partial, 5, start)
	if r.NotScanned != 2 || r.Overdue != 0 || r.Slices[1].State != "unknown" {
		t.Errorf("not scanned: %d, overdue %d, slices %+v", r.NotScanned, r.Overdue, r.Slices)
	}
}

func TestWriteMarkdownAndJSON(t *testing.T) {
	p := testPlan()
	inv := &inventory.Inventory{Complete: true, Repos: []inventory.RepoSummary{{Name: "acme/bot", Workflows: []string{".github/workflows/triage.yml"}}},
		Findings: []inventory.Finding{finding("t1", "acme/bot", ".github/workflows/triage.yml", "label", "secrets.TRIAGE_PAT", inventory.KindPAT, nil)}}
	r := Compare(p, inv, 4, time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC))
	var b bytes.Buffer
	if err := WriteMarkdown(&b, r); err != nil {
		t.Fatal(err)
	}
	md := b.String()
	for _, s := range []string{
		"```mermaid\ngantt\n", "section Day 3\n    triage 1 of 2 done :crit, t2, 2026-03-04, 1d\n",
		"section Day 4\n    release 0 of 2 done :t3, 2026-03-05, 1d\n",
		"section Day 5\n    delete PAT secrets, 1 still read :t4, 2026-03-06, 1d\n",
		"section Day 1\n    Inventory :t1, 2026-03-02, 1d\n",
		"| 3 | `triage` | `acme/bot:.github/workflows/triage.yml:label` | `secrets.TRIAGE_PAT` | **overdue** (due day 3) | `secrets.TRIAGE_PAT (pat)` |",
		"Where the secrets are defined is not known from a local scan",
	} {
		if !strings.Contains(md, s) {
			t.Errorf("markdown lacks %q:\n%s", s, md)
		}
	}
	b.Reset()
	if err := WriteJSON(&b, r); err != nil {
		t.Fatal(err)
	}
	var back Report
	if err := json.Unmarshal(b.Bytes(), &back); err != nil || back.Day != 4 || back.Overdue != 1 || back.Start != "2026-03-02" || len(back.Slices) != 2 {
		t.Errorf("json round trip: %v %+v", err, back)
	}
}
