package scanner

import (
	"context"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/knowledge"
	"github.com/pat2app/pat2app/planner"
)

// TestGhawLockFile scans a gh-aw lock file with its .md beside it: the
// runtime's steps are answered from the ghaw tables, and what the tables
// do not hold (a script, a safe output type, a toolset) stays unresolved
// or is left for the planner to review.
func TestGhawLockFile(t *testing.T) {
	const lock = ".github/workflows/triage.lock.yml"
	data, err := os.ReadFile(casesDir + "/ghaw-lock-file/" + lock)
	if err != nil {
		t.Fatal(err)
	}
	s := New(Options{})
	findings, errs := s.ScanRepo(context.Background(), RepoFiles{Name: "acme/demo",
		Files: []File{{Path: lock, Data: data}}, Tree: os.DirFS(casesDir + "/ghaw-lock-file")})
	if len(errs) > 0 {
		t.Fatalf("input errors: %v", errs)
	}
	byKey := map[string]inventory.Finding{}
	for _, f := range findings {
		byKey[f.Job+" "+f.Credential] = f
	}
	tests := []struct {
		key string
		// ops are the operations' labels (sorted), unresolved the
		// unresolved uses' reasons, each a substring.
		ops        []string
		unresolved []string
		command    string
	}{
		{key: "agent secrets.GH_AW_GITHUB_TOKEN",
			ops: []string{"gh-aw toolset issues read", "gh-aw toolset nosuchtoolset read", "gh-aw toolset repos read"}},
		{key: "agent secrets.COPILOT_GITHUB_TOKEN",
			unresolved: []string{"copilot engine authenticates its model requests"}, command: "copilot"},
		{key: "conclusion secrets.GH_AW_GITHUB_TOKEN",
			ops:        []string{"GET /search/issues", "POST /repos/{owner}/{repo}/issues", "POST /repos/{owner}/{repo}/issues/{issue_number}/comments", "gh-aw runtime script handle_noop_message.cjs", "run actions/github-script"},
			unresolved: []string{"runtime script no_such_script.cjs is not in pat2app's table"}},
		{key: "custom secrets.GH_AW_GITHUB_TOKEN",
			ops:        []string{"POST /repos/{owner}/{repo}/issues/{issue_number}/comments", "POST /repos/{owner}/{repo}/issues/{issue_number}/labels", "run actions/github-script"},
			unresolved: []string{"code loads modules that were not read"}},
		// add_comment's target-repo is ${{ github.repository }}, this
		// one; create_issue's is acme/tracker, another.
		{key: "safe_outputs secrets.GH_AW_GITHUB_TOKEN",
			ops:        []string{"gh-aw runtime script safe_output_handler_manager.cjs", "gh-aw safe output add_comment", "gh-aw safe output add_labels", "run actions/github-script"},
			unresolved: []string{"safe output create_issue writes to other repositories", "safe output unknown_output is not in pat2app's table"}},
	}
	for _, tt := range tests {
		t.Run(tt.key, func(t *testing.T) {
			f, ok := byKey[tt.key]
			if !ok {
				t.Fatalf("no finding; have %v", keys(byKey))
			}
			var ops []string
			seen := map[string]bool{}
			for _, op := range f.Operations {
				if l := op.Label(); !seen[l] {
					seen[l] = true
					ops = append(ops, l)
				}
			}
			sort.Strings(ops)
			if strings.Join(ops, "|") != strings.Join(tt.ops, "|") {
				t.Errorf("operations\n got %q\nwant %q", ops, tt.ops)
			}
			if len(f.Unresolved) != len(tt.unresolved) {
				t.Fatalf("unresolved: got %d %+v, want %q", len(f.Unresolved), f.Unresolved, tt.unresolved)
			}
			for i, u := range f.Unresolved {
				if !strings.Contains(u.Reason, tt.unresolved[i]) {
					t.Errorf("unresolved %d: %q does not say %q", i, u.Reason, tt.unresolved[i])
				}
				if tt.command != "" && u.Command != tt.command {
					t.Errorf("unresolved %d: command %q, want %q", i, u.Command, tt.command)
				}
			}
			if f.JobInfo == nil || !strings.Contains(f.JobInfo.Generated, "triage.md") || !strings.Contains(f.JobInfo.Generated, "gh aw compile") {
				t.Errorf("JobInfo.Generated does not name the .md and gh aw compile: %+v", f.JobInfo)
			}
		})
	}
	// Evidence points into the lock file and names the .md's line.
	for _, op := range byKey["safe_outputs secrets.GH_AW_GITHUB_TOKEN"].Operations {
		if op.Kind != inventory.OpGhAW || op.Name != "safe output add_labels" {
			continue
		}
		if op.Evidence.Line != 76 || !strings.Contains(op.Evidence.Text, "triage.md:7 safe-outputs.add-labels") {
			t.Errorf("safe output evidence = %+v, want line 76 naming triage.md:7", op.Evidence)
		}
	}
}

// TestGhawLaterRelease scans and plans a lock file pinning a later gh-aw
// release than v0.72.0: the scripts read by hand at a later gh-aw commit
// decide its jobs, evidence says the release pinned is not the one read,
// the Copilot token a script only checks is the engine's (not_supported),
// and a script the table does not hold stays listed beside it.
func TestGhawLaterRelease(t *testing.T) {
	const lock = ".github/workflows/review.lock.yml"
	dir := casesDir + "/ghaw-later-release"
	data, err := os.ReadFile(dir + "/" + lock)
	if err != nil {
		t.Fatal(err)
	}
	findings, errs := New(Options{}).ScanRepo(context.Background(), RepoFiles{Name: "acme/demo",
		Files: []File{{Path: lock, Data: data}}, Tree: os.DirFS(dir)})
	if len(errs) > 0 {
		t.Fatalf("input errors: %v", errs)
	}
	plan, err := planner.Build(context.Background(), &inventory.Inventory{Findings: findings}, planner.Options{})
	if err != nil {
		t.Fatal(err)
	}
	byKey := map[string]planner.Job{}
	for _, j := range plan.Jobs {
		byKey[j.Job+" "+j.Credential] = j
	}
	tests := []struct {
		key      string
		decision planner.Decision
		perms    string
		// review is a substring of the one review item, "" for none.
		review string
	}{
		{"activation secrets.GITHUB_TOKEN", planner.DecisionGitHubToken, "actions:read", ""},
		{"activation secrets.COPILOT_GITHUB_TOKEN", planner.DecisionGitHubToken, "copilot_requests:write", ""},
		{"activation secrets.GH_AW_GITHUB_TOKEN", planner.DecisionGitHubToken, "", ""},
		{"detection secrets.COPILOT_GITHUB_TOKEN", planner.DecisionManualReview, "copilot_requests:write", "no_such_detector.cjs"},
		// The agent job declares its block: what is unread runs within
		// it today, so the block is kept and the item becomes a warning.
		{"agent github.token", planner.DecisionGitHubToken, "", "origin remote URL"},
		{"conclusion secrets.GH_AW_GITHUB_TOKEN", planner.DecisionGitHubToken, "actions:read,issues:write", ""},
		{"safe_outputs secrets.GH_AW_GITHUB_TOKEN", planner.DecisionGitHubToken, "pull_requests:write", ""},
	}
	for _, tt := range tests {
		t.Run(tt.key, func(t *testing.T) {
			j, ok := byKey[tt.key]
			if !ok {
				t.Fatalf("no job; have %v", keys(byKey))
			}
			var perms []string
			for k, v := range j.Permissions {
				perms = append(perms, k+":"+v)
			}
			sort.Strings(perms)
			if j.Decision != tt.decision || strings.Join(perms, ",") != tt.perms {
				t.Errorf("got %s %v, want %s %s (reasons %q, review %+v)", j.Decision, perms, tt.decision, tt.perms, j.Reasons, j.Review)
			}
			switch {
			case tt.review == "" && len(j.Review) > 0:
				t.Errorf("review items %+v, want none", j.Review)
			case tt.review != "" && tt.decision == planner.DecisionManualReview && (len(j.Review) != 1 || !strings.Contains(j.Review[0].Text, tt.review)):
				t.Errorf("review items %+v, want one naming %q", j.Review, tt.review)
			case tt.review != "" && tt.decision != planner.DecisionManualReview && !strings.Contains(strings.Join(j.Warnings, " "), tt.review):
				t.Errorf("warnings %q, want one naming %q", j.Warnings, tt.review)
			}
		})
	}
	// Evidence of a row read at a gh-aw commit says the release pinned is
	// not the one read.
	for _, f := range findings {
		for _, op := range f.Operations {
			if op.Kind == inventory.OpREST && !strings.Contains(op.Evidence.Text, "gh-aw@cbbf98e") && !strings.Contains(op.Evidence.Text, "v0.72.0") {
				t.Errorf("%s %s: evidence %q names no release or commit", f.Job, op.Label(), op.Evidence.Text)
			}
			if op.Kind == inventory.OpREST && !strings.Contains(op.Evidence.Text, "this file pins v0.86.2") {
				t.Errorf("%s %s: evidence %q does not say the file pins v0.86.2", f.Job, op.Label(), op.Evidence.Text)
			}
		}
	}
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// TestGhawNotALockFile: the same steps in a workflow gh-aw did not
// generate are not read as the runtime's.
func TestGhawNotALockFile(t *testing.T) {
	data, err := os.ReadFile(casesDir + "/ghaw-lock-file/.github/workflows/triage.lock.yml")
	if err != nil {
		t.Fatal(err)
	}
	var kept []string
	for _, l := range strings.Split(string(data), "\n") {
		if !strings.HasPrefix(l, "#") {
			kept = append(kept, l)
		}
	}
	s := New(Options{})
	findings, _ := s.ScanRepo(context.Background(), RepoFiles{Name: "acme/demo",
		Files: []File{{Path: ".github/workflows/triage.yml", Data: []byte(strings.Join(kept, "\n"))}}})
	for _, f := range findings {
		for _, op := range f.Operations {
			if op.Kind == inventory.OpGhAW {
				t.Errorf("%s %s: gh-aw operation %q in a file gh-aw did not generate", f.Job, f.Credential, op.Name)
			}
		}
	}
}

func TestCannotRun(t *testing.T) {
	prOrDispatch := "github.event.pull_request || github.event.issue.pull_request || github.event_name == 'workflow_dispatch' && fromJSON(github.event.inputs.x || '{}').item_type == 'pull_request'"
	tests := []struct {
		cond     string
		triggers []string
		want     bool
	}{
		{prOrDispatch, []string{"issues"}, true},
		{"${{ " + prOrDispatch + " }}", []string{"issues"}, true},
		{prOrDispatch, []string{"issues", "workflow_dispatch"}, false},
		{prOrDispatch, []string{"pull_request"}, false},
		{prOrDispatch, []string{"issue_comment"}, false}, // a comment may be on a pull request
		{"github.event.pull_request.draft == false", []string{"issues"}, false},
		{"github.event_name == 'push'", []string{"issues", "pull_request"}, true},
		{"github.event_name == 'issues'", []string{"issues"}, false},
		{"'push' == github.event_name", []string{"schedule"}, true},
		{"github.event_name != 'push'", []string{"schedule"}, false},
		{"!github.event.pull_request", []string{"issues"}, false},
		{"always()", []string{"issues"}, false},
		{"x ${{ github.event.pull_request }}", []string{"issues"}, false},
		{"github.event.pull_request", nil, false},
		{"", []string{"issues"}, false},
		{"github.event.pull_request ||", []string{"issues"}, false},
	}
	for _, tt := range tests {
		if got := cannotRun(tt.cond, tt.triggers); got != tt.want {
			t.Errorf("cannotRun(%q, %v) = %v, want %v", tt.cond, tt.triggers, got, tt.want)
		}
	}
}

// FuzzCannotRun: any condition and triggers give an answer without
// panicking, and a condition that is always true is never called false.
func FuzzCannotRun(f *testing.F) {
	f.Add("github.event.pull_request || github.event_name == 'push'", "issues")
	f.Add("${{ github.event.issue.pull_request }}", "issues,issue_comment")
	f.Add("!(github.event_name == 'x') && ((", "schedule")
	f.Fuzz(func(t *testing.T, cond, triggers string) {
		ts := strings.Split(triggers, ",")
		got := cannotRun(cond, ts)
		if got && cannotRun("("+cond+") || true", ts) {
			t.Errorf("%q || true is called false", cond)
		}
	})
}

// TestGhawReadsKnown: a runtime script the table holds receives a
// variable; only a row for that variable, or a row saying the script reads
// no credential variable, tells what it does with it.
func TestGhawReadsKnown(t *testing.T) {
	calls := []knowledge.GhawCall{{Via: "env", Env: "GH_AW_GITHUB_TOKEN", Does: "rest", Method: "GET", Path: "/repos/{owner}/{repo}"}}
	for _, tc := range []struct {
		calls []knowledge.GhawCall
		v     string
		want  bool
	}{
		{calls, "GH_AW_GITHUB_TOKEN", true},
		{calls, "GH_TOKEN", false},
		{nil, "GH_TOKEN", false},
		{[]knowledge.GhawCall{{Does: "none"}}, "GH_TOKEN", true},
		{[]knowledge.GhawCall{{Via: "env", Env: "GITHUB_TOKEN", Does: "none"}}, "GH_TOKEN", false},
	} {
		if got := ghawReadsKnown(tc.calls, tc.v); got != tc.want {
			t.Errorf("ghawReadsKnown(%+v, %s) = %v, want %v", tc.calls, tc.v, got, tc.want)
		}
	}
}
