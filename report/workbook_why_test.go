package report

import (
	"context"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/planner"
)

// sheetRows returns a sheet's rows as header -> value maps.
func sheetRows(t *testing.T, f *excelize.File, sheet string) []map[string]string {
	t.Helper()
	rows, err := f.GetRows(sheet)
	if err != nil || len(rows) == 0 {
		t.Fatalf("sheet %s: %v", sheet, err)
	}
	var out []map[string]string
	for _, r := range rows[1:] {
		m := map[string]string{}
		for i, v := range r {
			m[rows[0][i]] = v
		}
		out = append(out, m)
	}
	return out
}

// whyInventory: a caller that passes a PAT to a reusable workflow of its
// repository (whose job cannot be decided: a script runs with the token),
// a job pushing after a checkout, a secret of another service with an
// unresolved use, a secret of unknown use, and a PAT job with an
// unresolved item that has no line.
func whyInventory() *inventory.Inventory {
	callee := ".github/workflows/callee.yml"
	return &inventory.Inventory{SchemaVersion: 2, Complete: true, Findings: []inventory.Finding{
		{Fingerprint: "caller", Repo: "acme/app", File: ".github/workflows/caller.yml", Job: "call", Credential: "secrets.BOT_PAT", Kind: inventory.KindPAT, Lines: []int{7},
			Uses:       []inventory.Use{{Line: 7, Via: inventory.ViaReusableWorkflow, Subject: inventory.Subject{Workflow: "./" + callee, Secret: "token"}}},
			Operations: []inventory.Operation{{Kind: inventory.OpGit, Name: "push", Writes: true, Evidence: inventory.Evidence{File: callee, Line: 16, Text: "git push"}}},
			Unresolved: []inventory.Unresolved{{Evidence: inventory.Evidence{File: callee, Line: 21, Text: "./release.sh"}, Reason: "a script runs with the token"}}},
		{Fingerprint: "callee", Repo: "acme/app", File: callee, Job: "push", Credential: "secrets.token", Kind: inventory.KindPAT, Lines: []int{13},
			Operations: []inventory.Operation{{Kind: inventory.OpGit, Name: "push", Writes: true, Evidence: inventory.Evidence{Line: 16, Text: "git push"}}},
			Unresolved: []inventory.Unresolved{{Evidence: inventory.Evidence{Line: 21, Text: "./release.sh"}, Reason: "a script runs with the token"}},
			JobInfo:    &inventory.JobInfo{Triggers: []string{"workflow_call"}}},
		{Fingerprint: "release", Repo: "acme/app", File: ".github/workflows/release.yml", Job: "release", Credential: "secrets.RELEASE_PAT", Kind: inventory.KindPAT, Lines: []int{9},
			Operations: []inventory.Operation{
				{Kind: inventory.OpAction, Name: "actions/checkout", Subject: inventory.Subject{Action: "actions/checkout", Input: "token"}, Evidence: inventory.Evidence{Line: 9, Text: "actions/checkout token"}},
				{Kind: inventory.OpGit, Name: "push", Writes: true, Evidence: inventory.Evidence{Line: 20, Text: "git push"}}}},
		{Fingerprint: "sentry", Repo: "acme/app", File: ".github/workflows/release.yml", Job: "release", Credential: "secrets.SENTRY_AUTH_TOKEN", Kind: inventory.KindNotGitHub, Lines: []int{30},
			Unresolved: []inventory.Unresolved{{Evidence: inventory.Evidence{Line: 30, Text: "sentry-cli releases new"}}}},
		{Fingerprint: "turbo", Repo: "acme/app", File: ".github/workflows/build.yml", Job: "build", Credential: "secrets.TURBO_TOKEN", Kind: inventory.KindUnknown, Lines: []int{5}},
		{Fingerprint: "noline", Repo: "acme/app", File: ".github/workflows/sync.yml", Job: "sync", Credential: "secrets.SYNC_PAT", Kind: inventory.KindPAT, Lines: []int{4},
			Unresolved: []inventory.Unresolved{{Evidence: inventory.Evidence{Text: "the job's container reads the token"}}}},
	}}
}

// TestWorkbookSaysWhy: the Inventory says what to review in a column of
// its own, the Evidence sheet's Access is the operation's access, evidence
// reached through a reusable workflow is at the callee's file and line,
// and the Risk list holds neither other services' secrets nor line-less
// entries.
func TestWorkbookSaysWhy(t *testing.T) {
	inv := whyInventory()
	p, err := planner.Build(context.Background(), inv, planner.Options{})
	if err != nil {
		t.Fatal(err)
	}
	f := writeFixtureWorkbook(t, p, inv, WorkbookOptions{})

	review := map[string]string{}
	for _, r := range sheetRows(t, f, SheetInventory) {
		review[r[HeaderFingerprint]] = r["To review"]
	}
	if want := ".github/workflows/callee.yml:21: ./release.sh (a script runs with the token)"; !strings.Contains(review["callee"], want) {
		t.Errorf("callee's To review = %q, want %q", review["callee"], want)
	}
	if !strings.Contains(review["caller"], ".github/workflows/callee.yml:21: ./release.sh") {
		t.Errorf("caller's To review = %q, want the callee's file and line", review["caller"])
	}
	if review["release"] != "" {
		t.Errorf("a decided job has something to review: %q", review["release"])
	}

	var checkout, calleePush string
	for _, r := range sheetRows(t, f, SheetEvidence) {
		switch {
		case r[HeaderFingerprint] == "release" && strings.Contains(r["Evidence"], "checkout"):
			checkout = r["Access"]
		case r[HeaderFingerprint] == "caller" && r["Permission"] == "contents":
			calleePush = r["Location"]
		}
	}
	if checkout != "read" {
		t.Errorf("checkout's Access = %q, want read (the job's write is another operation's)", checkout)
	}
	if calleePush != ".github/workflows/callee.yml:16" {
		t.Errorf("the caller's push evidence is at %q, want the callee's file and line", calleePush)
	}

	var risks []map[string]string
	counts := map[string]string{}
	for _, r := range sheetRows(t, f, SheetSummary) {
		switch r["Section"] {
		case "Risk":
			risks = append(risks, r)
		case "Count":
			counts[r["Item"]] = r["Count"] + " " + r["Detail"]
		}
	}
	for _, r := range risks {
		if strings.Contains(r["Detail"], "sentry") || strings.Contains(r["Detail"], "line 0") || strings.HasSuffix(r["Location"], ":0") {
			t.Errorf("risk row %v: another service's secret or a line-less entry", r)
		}
		if r["Job"] == "call" && r["Location"] != ".github/workflows/callee.yml:21" {
			t.Errorf("the caller's unresolved use is at %q, want the callee's file and line", r["Location"])
		}
	}
	for item, want := range map[string]string{
		// BOT_PAT, RELEASE_PAT, SYNC_PAT: not the input token, not TURBO_TOKEN.
		"PAT secrets": "3 ",
		// The call and its callee are counted once.
		"Uses to migrate":        "4 job × credential",
		"Secrets of unknown use": "1 ",
	} {
		if !strings.HasPrefix(counts[item], want) {
			t.Errorf("count %q = %q, want it to start %q", item, counts[item], want)
		}
	}
}
