package planner

import (
	"slices"
	"strings"
	"testing"

	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/knowledge"
)

func TestOfflineOnly(t *testing.T) {
	offline := inventory.Evidence{Line: 9, Text: "acme/tool token (action " + inventory.NotReadOffline + ": acme/tool@v1 is not in the knowledge base)"}
	script := inventory.Evidence{Line: 12, Text: "./release.sh (not found)"}
	for _, tc := range []struct {
		name string
		job  Job
		want bool
	}{
		{"every item an action not read offline", Job{Decision: DecisionManualReview, Review: []inventory.Evidence{offline, offline}}, true},
		{"another item too", Job{Decision: DecisionManualReview, Review: []inventory.Evidence{offline, script}}, false},
		{"no item", Job{Decision: DecisionManualReview}, false},
		{"decided", Job{Decision: DecisionGitHubApp, Review: []inventory.Evidence{offline}}, false},
	} {
		if got := offlineOnly(&tc.job); got != tc.want {
			t.Errorf("%s: offlineOnly = %v, want %v", tc.name, got, tc.want)
		}
	}
	p := &Plan{Jobs: []Job{
		{Kind: inventory.KindPAT, Part: PartMigration, Decision: DecisionManualReview, OfflineOnly: true, Job: "a"},
		{Kind: inventory.KindPAT, Part: PartMigration, Decision: DecisionManualReview, Job: "b"},
	}}
	if s := Summarize(p); s.OfflineOnly != 1 {
		t.Errorf("Summarize: OfflineOnly = %d, want 1", s.OfflineOnly)
	}
}

func TestDependabotMergesNeedWorkflows(t *testing.T) {
	for _, tc := range []struct {
		name       string
		op         inventory.Operation
		dependabot string
		want       string
		warned     bool
	}{
		{"gh pr merge --auto of Dependabot's GitHub Actions updates", gh(20, "pr merge --auto --squash 1"), ".github/dependabot.yml:7", "contents:write,pull_requests:write,workflows:write", false},
		{"the REST merge of them", rest(20, "PUT", "/repos/{owner}/{repo}/pulls/1/merge"), ".github/dependabot.yml:7", "contents:write,workflows:write", false},
		{"a merge of pull requests not known to change workflows", gh(20, "pr merge --auto --squash 1"), "", "contents:write,pull_requests:write", true},
	} {
		f := finding("merge", "secrets.BOT", inventory.KindPAT, tc.op)
		f.JobInfo.DependabotActions = tc.dependabot
		j := planOne(t, nil, f)
		if got := knowledge.Permissions(j.Permissions).String(); got != tc.want {
			t.Errorf("%s: permissions %s, want %s", tc.name, got, tc.want)
		}
		if warned := slices.Contains(j.Warnings, mergeWorkflowsWarning); warned != tc.warned {
			t.Errorf("%s: warned %v, want %v (%q)", tc.name, warned, tc.warned, j.Warnings)
		}
	}
}

func TestProjectOfAnotherAccount(t *testing.T) {
	for _, tc := range []struct {
		url    string
		others []string
	}{
		{"https://github.com/orgs/element-hq/projects/120", []string{"element-hq"}},
		{"https://github.com/orgs/acme/projects/3", nil}, // the workflow's own account
		{"https://github.com/users/octocat/projects/1", []string{"octocat"}},
		{"${{ vars.PROJECT_URL }}", nil},
		{"organization=matrix-org", []string{"matrix-org"}},
		{"org=acme", nil},
	} {
		op := opOf(inventory.OpAction, "actions/add-to-project", 14)
		op.Inputs = map[string]string{"project-url": tc.url}
		if k, v, ok := strings.Cut(tc.url, "="); ok {
			op.Inputs = map[string]string{k: v}
		}
		j := planOne(t, nil, finding("triage", "secrets.BOT", inventory.KindPAT, op))
		if got := j.OtherAccounts(); !slices.Equal(got, tc.others) {
			t.Errorf("%s: other accounts %q, want %q", tc.url, got, tc.others)
		}
	}
}

func TestGHProjectOwner(t *testing.T) {
	for _, tc := range []struct {
		args   string
		others []string
	}{
		{"project item-add 67 --owner matrix-org --url x", []string{"matrix-org"}},
		{"project item-add 67 --owner {PROJECT_OWNER} --url x", []string{"{PROJECT_OWNER}"}},
		{"project item-add 67 --owner acme --url x", nil},
		{"project item-add 67 --owner @me --url x", nil},
	} {
		j := planOne(t, nil, finding("triage", "secrets.BOT", inventory.KindPAT, gh(20, tc.args)))
		if got := j.OtherAccounts(); !slices.Equal(got, tc.others) {
			t.Errorf("gh %s: other accounts %q, want %q", tc.args, got, tc.others)
		}
	}
}
