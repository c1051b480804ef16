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
	mergeAction := opOf(inventory.OpAction, "pascalgn/automerge-action", 20)
	for _, tc := range []struct {
		name       string
		op         inventory.Operation
		dependabot string
		anyAuthor  string
		triggers   []string
		want       string
		warned     bool
	}{
		{"gh pr merge --auto of Dependabot's GitHub Actions updates", gh(20, "pr merge --auto --squash 1"), ".github/dependabot.yml:7", "", nil, "contents:write,pull_requests:write,workflows:write", false},
		{"the REST merge of them", rest(20, "PUT", "/repos/{owner}/{repo}/pulls/1/merge"), ".github/dependabot.yml:7", "", nil, "contents:write,workflows:write", false},
		{"a merge of pull requests not known to change workflows", gh(20, "pr merge --auto --squash 1"), "", "", nil, "contents:write,pull_requests:write", true},
		// A job naming no author whose merge action picks pull requests
		// by label merges the bots' too; its own gh pr merge (of the pull
		// request it opened) does not.
		{"a merge action of a job naming no author", mergeAction, "", ".github/dependabot.yml:7", nil, "contents:write,pull_requests:write,workflows:write", false},
		{"gh pr merge of a job naming no author", gh(20, "pr merge --auto --squash 1"), "", ".github/dependabot.yml:7", nil, "contents:write,pull_requests:write", true},
		// On pull requests, gh pr merge merges the one that started the
		// run, whoever opened it: the bots' too.
		{"gh pr merge of the event's pull request, naming no author", gh(20, "pr merge --auto --squash 1"), "", ".github/dependabot.yml:7", []string{"pull_request_target"}, "contents:write,pull_requests:write,workflows:write", false},
	} {
		f := finding("merge", "secrets.BOT", inventory.KindPAT, tc.op)
		f.JobInfo.DependabotActions = tc.dependabot
		f.JobInfo.AnyAuthorBotActions = tc.anyAuthor
		f.JobInfo.Triggers = tc.triggers
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
		// The token step mints from that account's installation.
		if want := len(tc.others) == 1; strings.Contains(j.Snippet, "owner: ") != want ||
			want && !strings.Contains(j.Snippet, "owner: "+tc.others[0]+"\n") {
			t.Errorf("%s: token step\n%s", tc.url, j.Snippet)
		}
	}
}

// TestUserProjectNotSupported: a user's project is no App's to reach
// (knowledge/data/action-inputs.tsv): the job keeps a personal token.
func TestUserProjectNotSupported(t *testing.T) {
	op := opOf(inventory.OpAction, "actions/add-to-project", 14)
	op.Inputs = map[string]string{"project-url": "https://github.com/users/octocat/projects/1"}
	j := planOne(t, nil, finding("triage", "secrets.BOT", inventory.KindPAT, op))
	if j.Decision != DecisionNotSupported || j.Snippet != "" || j.Fallback == "" {
		t.Errorf("decision %s, snippet %q, fallback %q", j.Decision, j.Snippet, j.Fallback)
	}
}

func TestGHProjectOwner(t *testing.T) {
	for _, tc := range []struct {
		args   string
		others []string
	}{
		{"project item-add 67 --owner matrix-org --url x", []string{"matrix-org"}},
		{"project item-add 67 --owner acme --url x", nil},
		{"project item-add 67 --owner @me --url x", nil},
	} {
		j := planOne(t, nil, finding("triage", "secrets.BOT", inventory.KindPAT, gh(20, tc.args)))
		if got := j.OtherAccounts(); !slices.Equal(got, tc.others) {
			t.Errorf("gh %s: other accounts %q, want %q", tc.args, got, tc.others)
		}
	}
	// An owner named at run time is not decided: the review item says
	// which value names the account.
	j := planOne(t, nil, finding("triage", "secrets.BOT", inventory.KindPAT, gh(20, "project item-add 67 --owner {PROJECT_OWNER} --url x")))
	if j.Decision != DecisionManualReview || len(j.Review) != 1 || j.Review[0].Line != 20 || !strings.Contains(j.Review[0].Text, "{PROJECT_OWNER}") {
		t.Errorf("owner named at run time: %s %+v, want manual_review naming {PROJECT_OWNER} at line 20", j.Decision, j.Review)
	}
}

// TestRunTimeRepository: a job whose operation's repository is named only
// when the step runs is not decided, however well its permissions are
// known: the review item says which value names the repository.
func TestRunTimeRepository(t *testing.T) {
	op := gh(12, "release create v1")
	op.Repos = []string{inventory.RunTimeRepo("{GH_REPO}")}
	j := planOne(t, nil, finding("publish", "secrets.ARCHIVE_PAT", inventory.KindPAT, op))
	if j.Decision != DecisionManualReview || len(j.Review) != 1 || j.Review[0].Line != 12 || !strings.Contains(j.Review[0].Text, "run-time:{GH_REPO}") {
		t.Errorf("%s %+v, want manual_review naming run-time:{GH_REPO} at line 12", j.Decision, j.Review)
	}
	if j.Permissions["contents"] != "write" {
		t.Errorf("permissions %v: what is known is still listed", j.Permissions)
	}
}

// TestGHRepoFork: gh repo fork without --org forks into the token's user,
// which an installation token does not have; with --org it forks into an
// organisation the App can be installed on.
func TestGHRepoFork(t *testing.T) {
	for _, tc := range []struct {
		args     string
		decision Decision
	}{
		{"repo fork --clone=false --default-branch-only", DecisionNotSupported},
		{"repo fork acme/web --org acme-forks", DecisionGitHubApp},
	} {
		j := planOne(t, nil, finding("sync", "secrets.SYNC", inventory.KindPAT, gh(20, tc.args)))
		if j.Decision != tc.decision {
			t.Errorf("gh %s: %s, want %s (%v)", tc.args, j.Decision, tc.decision, j.Reasons)
		}
		if tc.decision == DecisionNotSupported && !strings.Contains(j.Fallback, "classic PAT") {
			// The fork and its parent have two owners: one fine-grained
			// PAT cannot reach both.
			t.Errorf("gh %s: fallback %q does not keep a classic PAT", tc.args, j.Fallback)
		}
	}
}

// TestUserOnlyEndpoint: an endpoint the OpenAPI description does not
// enable for GitHub Apps (GET /user) fails with an installation token,
// which the review item says (a script may cope with the failure); a path
// no description has stays a review item of its own.
func TestUserOnlyEndpoint(t *testing.T) {
	for _, tc := range []struct {
		method, path string
		decision     Decision
		says         string
	}{
		{"GET", "/user", DecisionManualReview, "not available to GitHub App installation tokens"},
		{"GET", "/repos/acme/web/no-such-thing", DecisionManualReview, "matches no documented REST endpoint"},
	} {
		j := planOne(t, nil, finding("relock", "secrets.BOT", inventory.KindPAT, rest(30, tc.method, tc.path)))
		if j.Decision != tc.decision || len(j.Review) != 1 || !strings.Contains(j.Review[0].Text, tc.says) {
			t.Errorf("%s %s: %s %v, want %s saying %q", tc.method, tc.path, j.Decision, j.Review, tc.decision, tc.says)
		}
	}
}
