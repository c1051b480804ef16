package planner

import (
	"context"
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/pat2app/pat2app/config"
	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/knowledge"
)

// finding builds a hand-made finding in acme/web.
func finding(job, cred string, kind inventory.Kind, ops ...inventory.Operation) inventory.Finding {
	return inventory.Finding{
		Fingerprint: "fp-" + job + "-" + cred,
		Repo:        "acme/web",
		File:        ".github/workflows/" + job + ".yml",
		Job:         job,
		Credential:  cred,
		Kind:        kind,
		Confidence:  inventory.ConfidenceHigh,
		Lines:       []int{10},
		Operations:  ops,
		JobInfo:     &inventory.JobInfo{TimeoutMinutes: 10},
	}
}

func rest(line int, method, path string) inventory.Operation {
	return inventory.Operation{Kind: inventory.OpREST, Method: method, Path: path, Evidence: inventory.Evidence{Line: line, Text: "curl"}}
}

func opOf(kind inventory.OpKind, name string, line int) inventory.Operation {
	op := inventory.Operation{Kind: kind, Name: name, Evidence: inventory.Evidence{Line: line, Text: name}}
	switch kind {
	case inventory.OpAction:
		op.Action = name
	case inventory.OpGit, inventory.OpDocker:
		op.Writes = strings.HasPrefix(name, "push")
	}
	return op
}

func gh(line int, args string) inventory.Operation {
	return inventory.Operation{Kind: inventory.OpGH, Name: "gh " + strings.Join(strings.Fields(args)[:2], " "), Evidence: inventory.Evidence{Line: line, Text: "gh " + args}, Args: strings.Fields(args)}
}

func planOne(t *testing.T, cfg *config.Config, f inventory.Finding) Job {
	t.Helper()
	p, err := Build(context.Background(), &inventory.Inventory{SchemaVersion: 1, Complete: true, Findings: []inventory.Finding{f}}, Options{Config: cfg})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Jobs) != 1 {
		t.Fatalf("got %d jobs, want 1", len(p.Jobs))
	}
	checkEvidence(t, p)
	return p.Jobs[0]
}

// checkEvidence asserts every permission of every job has evidence.
func checkEvidence(t *testing.T, p *Plan) {
	t.Helper()
	for _, j := range p.Jobs {
		for name, access := range j.Permissions {
			if len(j.Evidence[name+":"+access]) == 0 {
				t.Errorf("%s/%s/%s: permission %s:%s has no evidence (evidence %v)", j.File, j.Job, j.Credential, name, access, j.Evidence)
			}
		}
	}
}

func TestOperationPermissions(t *testing.T) {
	prTrigger := func(f inventory.Finding) inventory.Finding {
		f.JobInfo.Triggers = []string{"pull_request_target"}
		return f
	}
	issueTrigger := func(f inventory.Finding) inventory.Finding {
		f.JobInfo.Triggers = []string{"issues"}
		return f
	}
	same := func(f inventory.Finding) inventory.Finding { return f }
	onPRComments := func(f inventory.Finding) inventory.Finding {
		f.JobInfo.Triggers, f.JobInfo.Subject = []string{"issue_comment", "issues"}, "pull_request"
		return f
	}
	onIssueComments := func(f inventory.Finding) inventory.Finding {
		f.JobInfo.Triggers, f.JobInfo.Subject = []string{"issue_comment"}, "issue"
		return f
	}
	issueSubjectOnPRTrigger := func(f inventory.Finding) inventory.Finding {
		f.JobInfo.Triggers, f.JobInfo.Subject = []string{"issue_comment", "pull_request_target"}, "issue"
		return f
	}
	tests := []struct {
		name   string
		op     inventory.Operation
		ctx    func(inventory.Finding) inventory.Finding
		want   map[string]string
		review bool
		notSup bool
	}{
		{"concrete labels path on an issue", rest(5, "POST", "/repos/acme/web/issues/12/labels"), issueTrigger, map[string]string{"issues": "write"}, false, false},
		{"labels on a pull request", rest(5, "POST", "https://api.github.com/repos/acme/web/issues/12/labels"), prTrigger, map[string]string{"pull_requests": "write"}, false, false},
		{"labels in a job kept to pull request comments", rest(5, "POST", "/repos/{owner}/{repo}/issues/{issue_number}/labels"), onPRComments, map[string]string{"pull_requests": "write"}, false, false},
		{"comment in a job kept to issue comments", rest(5, "POST", "/repos/{owner}/{repo}/issues/{issue_number}/comments"), onIssueComments, map[string]string{"issues": "write"}, false, false},
		{"issue-only if: on a pull request trigger keeps both", rest(5, "POST", "/repos/{owner}/{repo}/issues/{issue_number}/comments"), issueSubjectOnPRTrigger, map[string]string{"issues": "write", "pull_requests": "write"}, false, false},
		{"shared endpoint without context picks issues", rest(5, "POST", "/repos/{owner}/{repo}/issues/{issue_number}/comments"), same, map[string]string{"issues": "write"}, false, false},
		{"templated pulls", rest(5, "POST", "/repos/{owner}/{repo}/pulls"), same, map[string]string{"pull_requests": "write"}, false, false},
		{"workflow dispatch", rest(5, "POST", "/repos/acme/web/actions/workflows/ci.yml/dispatches"), same, map[string]string{"actions": "write"}, false, false},
		{"repository dispatch", rest(5, "POST", "/repos/acme/web/dispatches"), same, map[string]string{"contents": "write"}, false, false},
		{"branch protection read", rest(5, "GET", "/repos/acme/web/branches/main/protection"), same, map[string]string{"administration": "read"}, false, false},
		{"environment secret needs both", rest(5, "PUT", "/repos/acme/web/environments/prod/secrets/TOKEN"), same, map[string]string{"environments": "write", "secrets": "write"}, false, false},
		{"single pull request read", rest(5, "GET", "/repos/acme/web/pulls/3"), same, map[string]string{"pull_requests": "read"}, false, false},
		{"unknown endpoint", rest(5, "POST", "/repos/acme/web/widgets/3/comments"), same, map[string]string{}, true, false},
		{"user-to-server only endpoint", rest(5, "PUT", "/orgs/acme/public_members/octocat"), same, map[string]string{"members": "write"}, false, true},
		{"git push", opOf(inventory.OpGit, "push", 7), same, map[string]string{"contents": "write"}, false, false},
		{"a release action comments on the items it resolves, whatever the event", opOf(inventory.OpAction, "cycjimmy/semantic-release-action@v4", 9), prTrigger, map[string]string{"contents": "write", "issues": "write", "pull_requests": "write"}, false, false},
		{"a commenting action answers the event's item", opOf(inventory.OpAction, "peter-evans/create-or-update-comment@v4", 9), prTrigger, map[string]string{"pull_requests": "write"}, false, false},
		{"git clone", opOf(inventory.OpGit, "clone", 7), same, map[string]string{"contents": "read"}, false, false},
		{"a push to the wiki of a tree that may hold workflow files", func() inventory.Operation {
			op := opOf(inventory.OpGit, "push", 7)
			op.Wiki, op.TouchesWorkflows, op.WorkflowsBecause = true, true, "rsync --delete mirrors a folder into it"
			return op
		}(), same, map[string]string{"contents": "write"}, false, false},
		{"create-pull-request action", opOf(inventory.OpAction, "peter-evans/create-pull-request@v6", 9), same, map[string]string{"contents": "write", "pull_requests": "write", "workflows": "write"}, false, false}, // its fixed branch is rebuilt from the base
		{"add-to-project on issues", opOf(inventory.OpAction, "actions/add-to-project@v1", 9), issueTrigger, map[string]string{"organization_projects": "write", "issues": "read"}, false, false},
		{"unknown action", opOf(inventory.OpAction, "acme/internal-thing@v1", 9), same, map[string]string{}, true, false},
		{"gh pr create", gh(11, "pr create --fill"), same, map[string]string{"contents": "write", "pull_requests": "write"}, false, false},
		{"gh pr edit add label", gh(11, "pr edit 3 --add-label bug"), same, map[string]string{"pull_requests": "write"}, false, false},
		{"gh issue comment", gh(11, "issue comment 3 --body hi"), same, map[string]string{"issues": "write"}, false, false},
		{"gh release create with a linked discussion", gh(11, "release create v1 --discussion-category Releases --generate-notes"), same, map[string]string{"contents": "write", "discussions": "write"}, false, false},
		{"a release action with a linked discussion", func() inventory.Operation {
			op := opOf(inventory.OpAction, "softprops/action-gh-release@v2", 9)
			op.Inputs = map[string]string{"discussion_category_name": "Releases"}
			return op
		}(), same, map[string]string{"contents": "write", "discussions": "write"}, false, false},
		{"gh gist create is not available; the fallback token needs Gists", gh(11, "gist create f.txt"), same, map[string]string{"gists": "write"}, false, true},
		{"graphql add project item", inventory.Operation{Kind: inventory.OpGraphQL, Name: "addProjectV2ItemById", Mutation: true, Evidence: inventory.Evidence{Line: 4}}, issueTrigger, map[string]string{"organization_projects": "write", "issues": "read"}, false, false},
		{"graphql retired ProjectNext", inventory.Operation{Kind: inventory.OpGraphQL, Name: "addProjectNextItem", Mutation: true, Evidence: inventory.Evidence{Line: 4}}, issueTrigger, map[string]string{"organization_projects": "write", "issues": "read"}, false, false},
		{"graphql unknown", inventory.Operation{Kind: inventory.OpGraphQL, Name: "frobnicate", Mutation: true, Evidence: inventory.Evidence{Line: 4}}, same, map[string]string{}, true, false},
		{"ghcr push", opOf(inventory.OpDocker, "push ghcr.io/acme/web", 3), same, map[string]string{"packages": "write"}, false, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			j := planOne(t, nil, tc.ctx(finding("job", "secrets.GH_PAT", inventory.KindPAT, tc.op)))
			if !reflect.DeepEqual(j.Permissions, tc.want) {
				t.Errorf("permissions = %v, want %v", j.Permissions, tc.want)
			}
			if got := j.Decision == DecisionManualReview; got != tc.review {
				t.Errorf("manual review = %v, want %v (decision %s, review %v)", got, tc.review, j.Decision, j.Review)
			}
			if got := j.Decision == DecisionNotSupported && !strings.Contains(strings.Join(j.Reasons, " "), "ghcr"); got != tc.notSup {
				t.Errorf("not supported = %v, want %v (decision %s, reasons %v)", got, tc.notSup, j.Decision, j.Reasons)
			}
		})
	}
}

func TestDecisions(t *testing.T) {
	cross := finding("sync", "secrets.GH_PAT", inventory.KindPAT, inventory.Operation{Kind: inventory.OpGit, Name: "push", Evidence: inventory.Evidence{Line: 8}, Repos: []string{"acme/site"}})
	cross.CrossRepo = true
	cross.TargetRepos = []string{"acme/site"}

	fallback := withFallback(finding("test", "secrets.PAT", inventory.KindPAT, inventory.Operation{Kind: inventory.OpGit, Name: "clone", Evidence: inventory.Evidence{Line: 8}, Repos: []string{"acme/lib"}}))
	fallback.CrossRepo = true

	// The built-in token reads another repository today only when it is
	// public; a write there is another matter.
	builtinRead := finding("build", "github.token", inventory.KindGitHubToken, inventory.Operation{Kind: inventory.OpGit, Name: "fetch", Evidence: inventory.Evidence{Line: 8}, Repos: []string{"golang/go"}})
	builtinRead.CrossRepo = true
	builtinWrite := finding("build", "github.token", inventory.KindGitHubToken, inventory.Operation{Kind: inventory.OpGit, Name: "push", Writes: true, Evidence: inventory.Evidence{Line: 8}, Repos: []string{"acme/site"}})
	builtinWrite.CrossRepo = true

	unresolved := finding("script", "secrets.GH_PAT", inventory.KindPAT, rest(4, "GET", "/repos/acme/web/pulls/1"))
	unresolved.Unresolved = []inventory.Unresolved{{Evidence: inventory.Evidence{Line: 12, Text: `curl -X POST "$URL"`}, Reason: "dynamic URL"}}

	ghcrCross := finding("image", "secrets.GHCR_PAT", inventory.KindPAT, inventory.Operation{Kind: inventory.OpDocker, Name: "push ghcr.io/other/img", Evidence: inventory.Evidence{Line: 3}, Repos: []string{"other/img"}})
	ghcrCross.CrossRepo = true

	chainedLabel := rest(5, "POST", "/repos/acme/web/issues/1/labels")
	chainedLabel.StartsWorkflows = ".github/workflows/checker.yml (pull_request_target) runs on labeled"

	release := func(inputs map[string]string) inventory.Operation {
		return inventory.Operation{Kind: inventory.OpAction, Name: "softprops/action-gh-release@v2", Subject: inventory.Subject{Action: "softprops/action-gh-release@v2", Input: "token"},
			Inputs: inputs, Evidence: inventory.Evidence{Line: 6}}
	}

	fork, upstream := rest(5, "PUT", "/repos/acme/winget-pkgs/contents/{path}"), rest(6, "POST", "/repos/microsoft/winget-pkgs/pulls")
	fork.Repos, upstream.Repos = []string{"acme/winget-pkgs"}, []string{"microsoft/winget-pkgs"}
	winget := finding("publish", "secrets.BOT_PAT", inventory.KindPAT, fork, upstream)
	winget.CrossRepo, winget.TargetRepos = true, []string{"acme/winget-pkgs", "microsoft/winget-pkgs"}
	// The upstream's own organisation can install its App there.
	ownUpstream := finding("publish", "secrets.BOT_PAT", inventory.KindPAT, upstream)
	ownUpstream.Repo, ownUpstream.CrossRepo, ownUpstream.TargetRepos = "microsoft/winget-admin", true, []string{"microsoft/winget-pkgs"}

	tests := []struct {
		name     string
		f        inventory.Finding
		decision Decision
		suffices bool
		reason   string
	}{
		{"a pull request on an upstream that takes them from forks only", winget, DecisionNotSupported, false, "no installation token can do it"},
		{"the same upstream written by a job of its own organisation", ownUpstream, DecisionGitHubApp, false, "microsoft/winget-pkgs"},
		{"a published release starts workflows", finding("rel", "secrets.BOT_PAT", inventory.KindPAT, release(map[string]string{"files": "a.tgz"})), DecisionGitHubApp, false, "later workflows react to"},
		{"a draft release starts none", finding("rel", "secrets.BOT_PAT", inventory.KindPAT, release(map[string]string{"draft": "true"})), DecisionGitHubToken, true, "every operation"},
		{"label another workflow runs on", finding("label", "secrets.GH_PAT", inventory.KindPAT, chainedLabel), DecisionGitHubApp, false, "checker.yml (pull_request_target) runs on labeled"},
		{"issue labels on own repo", finding("label", "secrets.GH_PAT", inventory.KindPAT, rest(5, "POST", "/repos/acme/web/issues/1/labels")), DecisionGitHubToken, true, "every operation"},
		{"same-repo workflow dispatch", finding("trigger", "secrets.GH_PAT", inventory.KindPAT, rest(5, "POST", "/repos/acme/web/actions/workflows/x.yml/dispatches")), DecisionGitHubToken, true, ""},
		{"cross-repo push", cross, DecisionGitHubApp, false, "acme/site"},
		{"PAT push must trigger workflows", finding("bump", "secrets.GH_PAT", inventory.KindPAT, opOf(inventory.OpGit, "push", 8)), DecisionGitHubApp, false, "start no new workflow runs"},
		{"PAT opens a PR", finding("pr", "secrets.GH_PAT", inventory.KindPAT, rest(5, "POST", "/repos/acme/web/pulls")), DecisionGitHubApp, false, "opens pull requests"},
		{"GITHUB_TOKEN push stays GITHUB_TOKEN", finding("bump", "secrets.GITHUB_TOKEN", inventory.KindGitHubToken, opOf(inventory.OpGit, "push", 8)), DecisionGitHubToken, true, "already the built-in token"},
		{"GITHUB_TOKEN cannot write environment secrets", finding("copy", "secrets.GITHUB_TOKEN", inventory.KindGitHubToken, rest(5, "PUT", "/repos/acme/web/environments/prod/secrets/X")), DecisionGitHubApp, false, "can never be granted"},
		{"the built-in token runs today without a read it can never be granted", finding("scorecard", "github.token", inventory.KindGitHubToken, rest(5, "GET", "/repos/acme/web/branches/main/protection")), DecisionGitHubToken, true, "already the built-in token"},
		{"the built-in token cannot push what may change workflows", finding("backport", "github.token", inventory.KindGitHubToken, inventory.Operation{Kind: inventory.OpGit, Name: "push", Writes: true, TouchesWorkflows: true, WorkflowsBecause: "git cherry-pick copies commits", Evidence: inventory.Evidence{Line: 9, Text: "git push"}}), DecisionGitHubApp, false, "can never be granted"},
		{"admin read needs an App", finding("audit", "secrets.GH_PAT", inventory.KindPAT, rest(5, "GET", "/repos/acme/web/branches/main/protection")), DecisionGitHubApp, false, "administration: read"},
		{"org project needs an App", finding("project", "secrets.GH_PAT", inventory.KindPAT, inventory.Operation{Kind: inventory.OpGraphQL, Name: "addProjectV2ItemById", Mutation: true, Evidence: inventory.Evidence{Line: 4}}), DecisionGitHubApp, false, "organization_projects"},
		{"fallback expression reading another repo", fallback, DecisionGitHubToken, true, ""},
		{"built-in token reading another repo", builtinRead, DecisionGitHubToken, true, "already the built-in token"},
		{"built-in token writing another repo", builtinWrite, DecisionGitHubApp, false, "acme/site"},
		{"built-in token with an action that works elsewhere", finding("clean", "secrets.GITHUB_TOKEN", inventory.KindGitHubToken, opOf(inventory.OpAction, "snok/container-retention-policy@v3", 9)), DecisionGitHubToken, true, "already the built-in token"},
		{"PAT with an action that works elsewhere", finding("clean", "secrets.PAT", inventory.KindPAT, opOf(inventory.OpAction, "snok/container-retention-policy@v3", 9)), DecisionManualReview, false, "which the step does not name"},
		{"sponsorships are a sponsored account's admins' alone", finding("fetch", "secrets.GH_PAT", inventory.KindPAT, inventory.Operation{Kind: inventory.OpGraphQL, Name: "organization", Fields: []string{"sponsorshipsAsMaintainer"}, Evidence: inventory.Evidence{Line: 4}}), DecisionNotSupported, false, "GitHub Sponsors data"},
		{"a viewer's own sponsorship is the token user's alone", finding("label", "secrets.PAT", inventory.KindPAT, inventory.Operation{Kind: inventory.OpGraphQL, Name: "user", Fields: []string{"sponsorshipForViewerAsSponsorable"}, Evidence: inventory.Evidence{Line: 4}}), DecisionNotSupported, false, "App's bot"},
		{"a release drafter keeps its release a draft, which starts nothing", finding("draft", "secrets.PAT", inventory.KindPAT, opOf(inventory.OpAction, "release-drafter/release-drafter@v6", 9)), DecisionGitHubToken, true, "every operation"},
		{"a release drafter told to publish starts release workflows", finding("draft", "secrets.PAT", inventory.KindPAT, func() inventory.Operation {
			op := opOf(inventory.OpAction, "release-drafter/release-drafter@v6", 9)
			op.Inputs = map[string]string{"publish": "true"}
			return op
		}()), DecisionGitHubApp, false, "publishes a draft release"},
		{"unresolved call", unresolved, DecisionManualReview, false, "could not be resolved"},
		{"user-to-server endpoint", finding("pub", "secrets.GH_PAT", inventory.KindPAT, rest(5, "PUT", "/orgs/acme/public_members/octocat")), DecisionNotSupported, false, "not available to GitHub App"},
		{"ghcr on own repo keeps GITHUB_TOKEN", finding("image", "secrets.GHCR_PAT", inventory.KindPAT, opOf(inventory.OpDocker, "push ghcr.io/acme/web", 3)), DecisionGitHubToken, true, ""},
		{"ghcr of another owner is not supported", ghcrCross, DecisionNotSupported, false, "ghcr.io"},
		{"unknown credential", finding("reuse", "secrets: inherit", inventory.KindUnknown), DecisionManualReview, false, "cannot be identified"},
		{"every secret handed on at once", finding("export", "secrets.*", inventory.KindPAT), DecisionManualReview, false, "keep the reference"},
		{"App token kept", finding("app", "steps.app.outputs.token", inventory.KindAppToken, rest(5, "POST", "/repos/acme/web/pulls")), DecisionGitHubApp, false, "already a GitHub App"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			j := planOne(t, nil, tc.f)
			if j.Decision != tc.decision {
				t.Errorf("decision = %s, want %s (reasons %v, review %v)", j.Decision, tc.decision, j.Reasons, j.Review)
			}
			if j.GitHubTokenSuffices != tc.suffices {
				t.Errorf("github_token_suffices = %v, want %v (reasons %v)", j.GitHubTokenSuffices, tc.suffices, j.Reasons)
			}
			all := strings.Join(append(append([]string{}, j.Reasons...), j.ReviewText()...), " | ")
			if tc.reason != "" && !strings.Contains(all, tc.reason) {
				t.Errorf("reasons %q do not mention %q", all, tc.reason)
			}
			switch j.Decision {
			case DecisionGitHubToken:
				if !strings.HasPrefix(j.PermissionsBlock, "permissions:") {
					t.Errorf("github_token job without permissions block: %q", j.PermissionsBlock)
				}
			case DecisionNotSupported:
				if j.Fallback == "" {
					t.Error("not_supported job without fallback")
				}
			case DecisionManualReview:
				if len(j.Review) == 0 {
					t.Error("manual_review job without review items")
				}
			}
		})
	}
}

func TestPermissionsBlock(t *testing.T) {
	f := finding("label", "secrets.GH_PAT", inventory.KindPAT, rest(5, "POST", "/repos/acme/web/issues/1/comments"), rest(6, "GET", "/repos/acme/web/pulls/1"))
	f.JobInfo.Permissions = map[string]string{"contents": "read", "*": "write-all"}
	j := planOne(t, nil, f)
	want := "permissions:\n  contents: read\n  pull-requests: write\n" // the comment is on a pull request
	if j.Decision != DecisionGitHubToken || j.PermissionsBlock != want {
		t.Errorf("decision %s block %q, want %q", j.Decision, j.PermissionsBlock, want)
	}
	if !reflect.DeepEqual(j.Replace, []string{"${{ secrets.GH_PAT }} -> ${{ github.token }}"}) {
		t.Errorf("replace = %v", j.Replace)
	}
}

// TestPushWithoutCredentialWarned: a job with a push no credential
// reaches is told so beside the plan of the credential it does use.
func TestPushWithoutCredentialWarned(t *testing.T) {
	f := finding("publish", "secrets.BENCH_PAT", inventory.KindPAT, inventory.Operation{Kind: inventory.OpGit, Method: "GIT", Name: "clone", Repos: []string{"acme/bench"}, Evidence: inventory.Evidence{Line: 5}})
	f.JobInfo.PushWithoutCredential = "line 9: git push"
	j := planOne(t, nil, f)
	if !slices.ContainsFunc(j.Warnings, func(w string) bool {
		return strings.HasPrefix(w, pushWithoutCredentialWarning) && strings.HasSuffix(w, "(line 9: git push)")
	}) {
		t.Errorf("warnings %q", j.Warnings)
	}
}

// TestPermissionsBlockKeepsDefaultTokenSteps: a block written for a job
// that has none replaces every step's default grants, so it keeps what the
// steps using the workflow's token without naming it need
// (dorny/test-reporter's check run); a job with a block already has them.
func TestPermissionsBlockKeepsDefaultTokenSteps(t *testing.T) {
	for _, tc := range []struct {
		name     string
		existing map[string]string
		want     string
	}{
		{"no block today", nil, "permissions:\n  actions: read\n  checks: write\n  contents: read\n  packages: write\n"},
		{"a block today", map[string]string{"contents": "read"}, "permissions:\n  contents: read\n  packages: write\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := finding("build", "secrets.PAT", inventory.KindPAT, inventory.Operation{Kind: inventory.OpDocker, Method: "DOCKER", Name: "push", Path: "push ghcr.io/acme/web", Writes: true, Evidence: inventory.Evidence{Line: 9}})
			f.JobInfo.Permissions = tc.existing
			f.JobInfo.DefaultTokenNeeds = map[string]string{"actions": "read", "checks": "write", "contents": "read"}
			j := planOne(t, nil, f)
			if j.Decision != DecisionGitHubToken || j.PermissionsBlock != tc.want {
				t.Errorf("decision %s block %q, want %q", j.Decision, j.PermissionsBlock, tc.want)
			}
		})
	}
}

// TestPermissionsBlockKeepsJobOnlyGrants: a job moved to GITHUB_TOKEN
// keeps the job-level grants (id-token) its actions' and reusable
// workflows' rows name, which no App gives but a narrower block would take
// away.
func TestPermissionsBlockKeepsJobOnlyGrants(t *testing.T) {
	for _, tc := range []struct {
		name string
		op   inventory.Operation
		want string
	}{
		{"action", inventory.Operation{Kind: inventory.OpAction, Method: "ACTION", Name: "actions/deploy-pages",
			Subject: inventory.Subject{Action: "actions/deploy-pages", Input: "token"}, Writes: true, Evidence: inventory.Evidence{Line: 7}},
			"permissions:\n  contents: read\n  id-token: write\n  pages: write\n"},
		{"reusable workflow", inventory.Operation{Kind: inventory.OpAction, Method: "ACTION", Name: "slsa-framework/slsa-github-generator/.github/workflows/generator_container_slsa3.yml",
			Subject: inventory.Subject{Action: "slsa-framework/slsa-github-generator/.github/workflows/generator_container_slsa3.yml", Input: "registry-password"},
			Writes:  true, Inputs: map[string]string{"image": "ghcr.io/acme/app"}, Evidence: inventory.Evidence{Line: 9}},
			"permissions:\n  actions: read\n  contents: read\n  id-token: write\n  packages: write\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			j := planOne(t, nil, finding("deploy", "secrets.DEPLOY_PAT", inventory.KindPAT, tc.op))
			if j.Decision != DecisionGitHubToken || j.PermissionsBlock != tc.want {
				t.Errorf("decision %s block %q, want %q", j.Decision, j.PermissionsBlock, tc.want)
			}
			if tc.name == "reusable workflow" && permsText(j.Permissions) != "packages:write" {
				t.Errorf("the registry password's permissions are %s; what the called jobs ask of GITHUB_TOKEN belongs in the block only", permsText(j.Permissions))
			}
		})
	}
}

// TestPermissionsBlockKeepsContentsRead checks that a block, which
// replaces the token's defaults, keeps contents: read for the job's
// checkout unless the job declares contents: none.
func TestPermissionsBlockKeepsContentsRead(t *testing.T) {
	issues := knowledge.Permissions{"issues": "write"}
	for _, tc := range []struct {
		name string
		info *inventory.JobInfo
		want string
	}{
		{"no permissions declared", nil, "permissions:\n  contents: read\n  issues: write\n"},
		{"read-all replaced", &inventory.JobInfo{Permissions: map[string]string{"*": "read-all"}}, "permissions:\n  contents: read\n  issues: write\n"},
		{"contents: write kept", &inventory.JobInfo{Permissions: map[string]string{"contents": "write"}}, "permissions:\n  contents: write\n  issues: write\n"},
		{"contents: none declared", &inventory.JobInfo{Permissions: map[string]string{"contents": "none"}}, "permissions:\n  issues: write\n"},
	} {
		if got := permissionsBlock(issues, tc.info); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestAppSnippet(t *testing.T) {
	f := finding("release", "secrets.RELEASE_PAT", inventory.KindPAT,
		rest(20, "POST", "/repos/acme/web/pulls"),
		inventory.Operation{Kind: inventory.OpGit, Name: "push", Evidence: inventory.Evidence{Line: 18}, Repos: []string{"acme/homebrew-tap"}})
	f.TargetRepos = []string{"acme/homebrew-tap"}
	f.JobInfo = &inventory.JobInfo{TimeoutMinutes: 90}
	j := planOne(t, nil, f)
	if j.Decision != DecisionGitHubApp || j.App == "" {
		t.Fatalf("decision %s app %q", j.Decision, j.App)
	}
	for _, want := range []string{
		"uses: actions/create-github-app-token@bcd2ba49218906704ab6c1aa796996da409d3eb1 # v3.2.0\n",
		"client-id: ${{ vars.ACME_RELEASE_BOT_CLIENT_ID }}",
		"private-key: ${{ secrets.ACME_RELEASE_BOT_PRIVATE_KEY }}",
		"owner: acme",
		"      homebrew-tap\n      web\n",
		"permission-contents: write",
		"permission-pull-requests: write",
	} {
		if !strings.Contains(j.Snippet, want) {
			t.Errorf("snippet lacks %q:\n%s", want, j.Snippet)
		}
	}
	if !reflect.DeepEqual(j.Replace, []string{"${{ secrets.RELEASE_PAT }} -> ${{ steps.app-token.outputs.token }}"}) {
		t.Errorf("replace = %v", j.Replace)
	}
	if !strings.Contains(strings.Join(j.Warnings, " "), "one-hour") {
		t.Errorf("no one-hour warning for a 90-minute job: %v", j.Warnings)
	}
	if strings.Contains(j.Snippet, "app-id") {
		t.Errorf("snippet uses the deprecated app-id input:\n%s", j.Snippet)
	}
}

// TestAppSnippetConfigured writes the token step .pat2app.yaml asks for.
func TestAppSnippetConfigured(t *testing.T) {
	cfg, err := config.Parse([]byte("token_step: {uses: actions/create-github-app-token@d72941d797fd3113feb6b93fd0dec494b13a2547, version: v1.12.0, id_input: app-id}\n"))
	if err != nil {
		t.Fatal(err)
	}
	j := planOne(t, cfg, finding("release", "secrets.RELEASE_PAT", inventory.KindPAT, opOf(inventory.OpGit, "push", 8)))
	for _, want := range []string{
		"uses: actions/create-github-app-token@d72941d797fd3113feb6b93fd0dec494b13a2547 # v1.12.0\n",
		"app-id: ${{ vars.ACME_RELEASE_BOT_APP_ID }}",
	} {
		if !strings.Contains(j.Snippet, want) {
			t.Errorf("snippet lacks %q:\n%s", want, j.Snippet)
		}
	}
}

func TestOneHourWarning(t *testing.T) {
	tests := []struct {
		info *inventory.JobInfo
		warn bool
	}{
		{nil, false},
		{&inventory.JobInfo{TimeoutMinutes: 60}, false},
		{&inventory.JobInfo{TimeoutMinutes: 61}, true},
		{&inventory.JobInfo{HasLoops: true}, true},
		{&inventory.JobInfo{HasLoops: true, TimeoutMinutes: 30}, false},
	}
	for _, tc := range tests {
		if got := oneHourWarning(tc.info) != ""; got != tc.warn {
			t.Errorf("oneHourWarning(%+v) = %v, want %v", tc.info, got, tc.warn)
		}
	}
}

// TestMigrationWarnings: what a job does that an App token may not do
// with the permissions alone is a warning on the job; the permissions and
// decision stay what the operations need.
func TestMigrationWarnings(t *testing.T) {
	forkPush := opOf(inventory.OpGit, "push", 9)
	forkPush.PRHead = "gh pr checkout sets the branch to push to the pull request's head (line 8)"
	tests := []struct {
		name  string
		op    inventory.Operation
		want  string // a warning containing it; "" for none of these
		perms map[string]string
	}{
		{"admin merge", gh(5, "pr merge 3 --squash --admin"), "gh pr merge --admin", map[string]string{"contents": "write", "pull_requests": "read"}},
		{"plain merge", gh(5, "pr merge 3 --squash"), "", map[string]string{"contents": "write", "pull_requests": "read"}},
		{"push to a pull request head", forkPush, "neither GITHUB_TOKEN nor an installation token", map[string]string{"contents": "write"}},
		{"push", opOf(inventory.OpGit, "push", 9), "", map[string]string{"contents": "write"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			j := planOne(t, nil, finding("job", "secrets.GH_PAT", inventory.KindPAT, tc.op))
			if !reflect.DeepEqual(j.Permissions, tc.perms) {
				t.Errorf("permissions = %v, want %v", j.Permissions, tc.perms)
			}
			all := strings.Join(j.Warnings, "\n")
			hasAdmin, hasFork := strings.Contains(all, "--admin"), strings.Contains(all, "head branch")
			switch {
			case tc.want == "" && (hasAdmin || hasFork):
				t.Errorf("unexpected warning: %v", j.Warnings)
			case tc.want != "" && !strings.Contains(all, tc.want):
				t.Errorf("warnings %v lack %q", j.Warnings, tc.want)
			}
			if tc.op.PRHead != "" && !strings.Contains(all, tc.op.PRHead) {
				t.Errorf("warnings %v do not say why (%q)", j.Warnings, tc.op.PRHead)
			}
		})
	}
}

func TestConfigActionOverride(t *testing.T) {
	cfg, err := config.Parse([]byte("actions:\n  acme/deploy: {contents: write, deployments: write}\n"))
	if err != nil {
		t.Fatal(err)
	}
	j := planOne(t, cfg, finding("deploy", "secrets.DEPLOY_PAT", inventory.KindPAT, opOf(inventory.OpAction, "acme/deploy@v2", 14)))
	want := map[string]string{"contents": "write", "deployments": "write"}
	if !reflect.DeepEqual(j.Permissions, want) {
		t.Errorf("permissions = %v, want %v", j.Permissions, want)
	}
	if !strings.Contains(strings.Join(j.Warnings, " "), "override") {
		t.Errorf("override not shown: %v", j.Warnings)
	}
	if j.Decision == DecisionManualReview {
		t.Errorf("configured action still sent to review: %v", j.Review)
	}
}

func TestConfigEndpointOverride(t *testing.T) {
	cfg, err := config.Parse([]byte("endpoints:\n  \"POST /repos/{owner}/{repo}/dispatches\": {actions: write}\n"))
	if err != nil {
		t.Fatal(err)
	}
	j := planOne(t, cfg, finding("d", "secrets.GH_PAT", inventory.KindPAT, rest(3, "POST", "/repos/acme/web/dispatches")))
	if !reflect.DeepEqual(j.Permissions, map[string]string{"actions": "write"}) {
		t.Errorf("permissions = %v", j.Permissions)
	}
}

func TestTrustLevel(t *testing.T) {
	tests := []struct {
		perms map[string]string
		want  string
	}{
		{map[string]string{"contents": "read", "pull_requests": "read"}, TrustReadOnly},
		{map[string]string{"issues": "write", "contents": "read"}, TrustTriage},
		{map[string]string{"contents": "write", "pull_requests": "write"}, TrustContentsWrite},
		{map[string]string{"actions": "write"}, TrustContentsWrite},
		{map[string]string{"contents": "write", "workflows": "write"}, TrustWorkflowWrite},
		{map[string]string{"organization_projects": "write", "issues": "read"}, TrustOrgAdmin},
		{map[string]string{"members": "write"}, TrustOrgAdmin},
		{map[string]string{"administration": "admin"}, TrustOrgAdmin},
		// Reading is not administering.
		{map[string]string{"administration": "read"}, TrustReadOnly},
		{map[string]string{"members": "read"}, TrustReadOnly},
		{map[string]string{"members": "read", "contents": "write"}, TrustContentsWrite},
	}
	for _, tc := range tests {
		if got := TrustLevel(tc.perms); got != tc.want {
			t.Errorf("TrustLevel(%v) = %s, want %s", tc.perms, got, tc.want)
		}
	}
}

func TestAppGrouping(t *testing.T) {
	mk := func(job string, targets []string, ops ...inventory.Operation) inventory.Finding {
		f := finding(job, "secrets.BOT_PAT", inventory.KindPAT, ops...)
		f.TargetRepos = targets
		return f
	}
	inv := &inventory.Inventory{SchemaVersion: 1, Complete: true, Findings: []inventory.Finding{
		// Two comment bots on other repos: the smaller set joins the larger.
		mk("comment-a", []string{"acme/a"}, rest(3, "POST", "/repos/acme/a/issues/1/comments"), rest(4, "POST", "/repos/acme/a/issues/1/labels")),
		mk("comment-b", []string{"acme/b"}, rest(3, "POST", "/repos/acme/b/issues/1/comments")),
		// A pull-request reviewer on another repo: a triage job whose set
		// the comment bot does not cover, so it gets its own App.
		mk("review", []string{"acme/c"}, rest(3, "POST", "/repos/acme/c/pulls/1/reviews")),
		// A release bot never shares with triage.
		mk("release", nil, opOf(inventory.OpGit, "push", 8), rest(9, "POST", "/repos/acme/web/releases")),
		// Org admin.
		mk("teams", nil, rest(3, "GET", "/orgs/acme/members")),
		// Same permissions as comment-b, but another owner: a private App
		// installs only on its own account.
		func() inventory.Finding {
			f := mk("globex", []string{"globex/b"}, rest(3, "POST", "/repos/globex/b/issues/1/comments"))
			f.Repo = "globex/site"
			return f
		}(),
	}}
	p, err := Build(context.Background(), inv, Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkEvidence(t, p)
	got := map[string][]string{}
	levels := map[string]string{}
	for _, a := range p.Apps {
		for _, fp := range a.Jobs {
			got[a.Name] = append(got[a.Name], strings.TrimPrefix(strings.TrimSuffix(fp, "-secrets.BOT_PAT"), "fp-"))
		}
		levels[a.Name] = a.TrustLevel
		if a.Manifest["public"] != false {
			t.Errorf("%s manifest public = %v", a.Name, a.Manifest["public"])
		}
		hook, _ := a.Manifest["hook_attributes"].(map[string]any)
		if hook["active"] != false {
			t.Errorf("%s manifest webhook active", a.Name)
		}
		dp, _ := a.Manifest["default_permissions"].(map[string]any)
		for k, v := range a.Permissions {
			if dp[k] != v {
				t.Errorf("%s manifest %s = %v, want %s", a.Name, k, dp[k], v)
			}
		}
	}
	want := map[string][]string{
		"acme-triage-bot":   {"comment-a", "comment-b", "review"},
		"globex-triage-bot": {"globex"},
		"acme-release-bot":  {"release"},
		"acme-reader-bot":   {"teams"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("apps = %v, want %v", got, want)
	}
	for _, a := range p.Apps {
		if a.Name == "acme-triage-bot" && !reflect.DeepEqual(a.Repositories, []string{"acme/a", "acme/b", "acme/c", "acme/web"}) {
			t.Errorf("acme-triage-bot repositories = %v", a.Repositories)
		}
		if a.Name == "globex-triage-bot" && (a.Account != "globex" || a.Manifest["url"] != "https://github.com/globex") {
			t.Errorf("globex-triage-bot account %q manifest url %v", a.Account, a.Manifest["url"])
		}
	}
}

// TestAppCoveredSetsShareOneApp: a permission set that another of its
// trust level covers does not get an App of its own.
func TestAppCoveredSetsShareOneApp(t *testing.T) {
	inv := &inventory.Inventory{SchemaVersion: 1, Complete: true, Findings: []inventory.Finding{
		// contents: write + pull_requests: read (pushes, reads a PR)
		finding("push", "secrets.BOT_PAT", inventory.KindPAT, opOf(inventory.OpGit, "push", 8), rest(9, "GET", "/repos/acme/web/pulls/1")),
		// contents: write + pull_requests: write (pushes, opens a PR)
		finding("open", "secrets.BOT_PAT", inventory.KindPAT, opOf(inventory.OpGit, "push", 8), rest(9, "POST", "/repos/acme/web/pulls")),
	}}
	p, err := Build(context.Background(), inv, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Apps) != 1 || len(p.Apps[0].Jobs) != 2 {
		t.Fatalf("apps = %+v, want one App for both jobs", p.Apps)
	}
	if want := map[string]string{"contents": "write", "pull_requests": "write"}; !reflect.DeepEqual(p.Apps[0].Permissions, want) {
		t.Errorf("App permissions = %v, want %v", p.Apps[0].Permissions, want)
	}
	for _, j := range p.Jobs {
		// Each job's token stays narrowed to its own needs.
		if j.Job == "push" && !strings.Contains(j.Snippet, "permission-pull-requests: read") {
			t.Errorf("push job's token is not narrowed:\n%s", j.Snippet)
		}
	}
}

// TestAppNamesStableUnderScope: a job's App has the same name in a plan of
// its repository alone and in a plan of four, and starts with the
// organisation (or app_prefix), so the name can exist on GitHub.
func TestAppNamesStableUnderScope(t *testing.T) {
	release := finding("release", "secrets.RELEASE_PAT", inventory.KindPAT, opOf(inventory.OpGit, "push", 8), rest(9, "GET", "/repos/acme/web/pulls/1"))
	other := func(repo, job string, ops ...inventory.Operation) inventory.Finding {
		f := finding(job, "secrets.BOT_PAT", inventory.KindPAT, ops...)
		f.Repo = repo
		return f
	}
	four := []inventory.Finding{release,
		other("acme/api", "bump", opOf(inventory.OpGit, "push", 8), rest(9, "POST", "/repos/acme/api/pulls")),
		other("acme/img", "publish", rest(4, "POST", "/repos/acme/img/releases"), rest(5, "POST", "/repos/acme/img/deployments")),
		other("acme/docs", "label", rest(3, "POST", "/repos/acme/other/issues/1/labels")),
	}
	appOf := func(cfg *config.Config, findings ...inventory.Finding) string {
		p, err := Build(context.Background(), &inventory.Inventory{SchemaVersion: 1, Complete: true, Findings: findings}, Options{Config: cfg})
		if err != nil {
			t.Fatal(err)
		}
		for _, j := range p.Jobs {
			if j.Fingerprint == release.Fingerprint {
				return j.App
			}
		}
		t.Fatal("release job not planned")
		return ""
	}
	if one, all := appOf(nil, release), appOf(nil, four...); one != all || one != "acme-release-bot" {
		t.Errorf("App of the release job: %q alone, %q with three other repositories; want acme-release-bot both times", one, all)
	}
	cfg, err := config.Parse([]byte("owner: acme\napp_prefix: acme-ci\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got := appOf(cfg, four...); got != "acme-ci-release-bot" {
		t.Errorf("with app_prefix acme-ci: %q", got)
	}
}

func TestAppName(t *testing.T) {
	cfg := func(s string) *config.Config {
		c, err := config.Parse([]byte(s))
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	tests := []struct {
		cfg            *config.Config
		account, level string
		want           string
	}{
		{config.Default(), "acme", TrustContentsWrite, "acme-release-bot"},
		{config.Default(), "Acme_Corp", TrustTriage, "acme-corp-triage-bot"},
		{config.Default(), "", TrustReadOnly, "reader-bot"},
		{cfg("owner: acme\n"), "", TrustReadOnly, "acme-reader-bot"},
		{cfg("app_prefix: bots\n"), "acme", TrustOrgAdmin, "bots-org-bot"},
		{cfg("owner: acme\napp_prefix: bots\n"), "globex", TrustOrgAdmin, "bots-globex-org-bot"},
		// GitHub takes at most 34 characters: the prefix gives way.
		{config.Default(), "a-very-long-organisation-name-indeed", TrustWorkflowWrite, "a-very-long-organisat-workflow-bot"},
	}
	for _, tc := range tests {
		got := appName(tc.cfg, tc.account, tc.level)
		if got != tc.want || len(got) > maxAppName {
			t.Errorf("appName(%q, %s) = %q, want %q (at most %d characters)", tc.account, tc.level, got, tc.want, maxAppName)
		}
	}
}

func TestSecretsAndSlices(t *testing.T) {
	triage := finding("label", "secrets.BOT_PAT", inventory.KindPAT, rest(5, "POST", "/repos/acme/web/issues/1/labels"))
	release := finding("release", "secrets.BOT_PAT", inventory.KindPAT, opOf(inventory.OpGit, "push", 8))
	other := finding("triage-more", "secrets.OTHER_PAT", inventory.KindPAT, rest(5, "POST", "/repos/acme/web/issues/1/comments"))
	blocked := finding("script", "secrets.OTHER_PAT", inventory.KindPAT)
	blocked.File = ".github/workflows/build.yml"
	blocked.Unresolved = []inventory.Unresolved{{Evidence: inventory.Evidence{Line: 3, Text: "./run.sh"}}}
	inv := &inventory.Inventory{SchemaVersion: 1, Complete: true, Findings: []inventory.Finding{triage, release, other, blocked},
		Secrets: &inventory.SecretInventory{Secrets: []inventory.Secret{{Name: "OLD_PAT", Scope: "repo", Repo: "acme/web", Status: "unused"}, {Name: "BOT_PAT", Scope: "org"}}}}
	p, err := Build(context.Background(), inv, Options{})
	if err != nil {
		t.Fatal(err)
	}
	after := map[string]string{}
	for _, s := range p.Secrets {
		after[s.Name] = s.DeletableAfter
	}
	if after["BOT_PAT"] != FamilyRelease {
		t.Errorf("BOT_PAT deletable after %q, want the release slice (its last user)", after["BOT_PAT"])
	}
	if !strings.HasPrefix(after["OTHER_PAT"], "not yet") {
		t.Errorf("OTHER_PAT deletable after %q, want blocked by the manual-review job", after["OTHER_PAT"])
	}
	if !strings.HasPrefix(after["OLD_PAT"], "day 1") {
		t.Errorf("unused OLD_PAT deletable after %q", after["OLD_PAT"])
	}
	var names []string
	for _, s := range p.Slices {
		names = append(names, s.Name)
		if s.Name == FamilyTriage && len(s.Deletable) != 0 {
			t.Errorf("triage slice frees %v, but BOT_PAT is still used by the release slice", s.Deletable)
		}
		if s.Name == FamilyRelease && !reflect.DeepEqual(s.Deletable, []string{"BOT_PAT"}) {
			t.Errorf("release slice frees %v, want BOT_PAT", s.Deletable)
		}
	}
	if !reflect.DeepEqual(names, []string{FamilyTriage, FamilyRelease}) {
		t.Errorf("slices = %v", names)
	}
	if len(p.Rollout) != 7 {
		t.Errorf("rollout has %d days", len(p.Rollout))
	}
}

func TestNotGitHubIsNotPlanned(t *testing.T) {
	p, err := Build(context.Background(), &inventory.Inventory{SchemaVersion: 1, Findings: []inventory.Finding{
		finding("x", "secrets.SLACK_BOT_TOKEN", inventory.KindNotGitHub),
	}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Jobs) != 0 {
		t.Errorf("not_github finding planned: %+v", p.Jobs)
	}
}

func TestDeterministic(t *testing.T) {
	a := finding("a", "secrets.X", inventory.KindPAT, rest(5, "POST", "/repos/acme/web/issues/1/labels"))
	b := finding("b", "secrets.Y", inventory.KindPAT, opOf(inventory.OpGit, "push", 8))
	p1, _ := Build(context.Background(), &inventory.Inventory{SchemaVersion: 1, Findings: []inventory.Finding{a, b}}, Options{})
	p2, _ := Build(context.Background(), &inventory.Inventory{SchemaVersion: 1, Findings: []inventory.Finding{b, a}}, Options{})
	if !reflect.DeepEqual(p1, p2) {
		t.Error("plan depends on finding order")
	}
}

func TestSecretNames(t *testing.T) {
	tests := map[string][]string{
		"secrets.GH_PAT":                      {"GH_PAT"},
		"secrets.PAT || github.token":         {"PAT"},
		"secrets.PAT || secrets.GITHUB_TOKEN": {"PAT"},
		"secrets['MY_PAT']":                   {"MY_PAT"},
		"github.token":                        nil,
	}
	for in, want := range tests {
		if got := secretNames(in); !reflect.DeepEqual(got, want) {
			t.Errorf("secretNames(%q) = %v, want %v", in, got, want)
		}
	}
}

// FuzzBuild plans a finding with one arbitrary operation: the planner must
// not panic, and every permission it plans must carry evidence.
func FuzzBuild(f *testing.F) {
	f.Add("rest", "POST", "/repos/acme/web/issues/1/labels", "", "", "pull_request")
	f.Add("gh", "GH", "", "gh pr create", "pr create --fill", "")
	f.Add("gh", "GH", "", "gh api", "api repos/acme/web/dispatches -f event_type=x", "")
	f.Add("graphql", "GRAPHQL", "", "mutation addComment", "", "issues")
	f.Add("action", "ACTION", "", "actions/stale@v9", "", "schedule")
	f.Add("git", "GIT", "", "push", "", "")
	f.Add("docker", "DOCKER", "", "login ghcr.io", "", "")
	f.Fuzz(func(t *testing.T, kind, method, path, name, args, trigger string) {
		op := inventory.Operation{Kind: inventory.OpKind(kind), Method: method, Path: path, Name: name, Subject: inventory.Subject{Action: name}, Evidence: inventory.Evidence{Line: 3, Text: name}, Args: strings.Fields(args)}
		fi := finding("job", "secrets.GH_PAT", inventory.KindPAT, op)
		fi.JobInfo.Triggers = []string{trigger}
		p, err := Build(context.Background(), &inventory.Inventory{SchemaVersion: 1, Findings: []inventory.Finding{fi}}, Options{})
		if err != nil {
			t.Fatal(err)
		}
		checkEvidence(t, p)
		checkPlanInvariants(t, p)
	})
}

func TestActionInputs(t *testing.T) {
	react := inventory.Operation{Kind: inventory.OpAction, Name: "peter-evans/create-or-update-comment@v4", Subject: inventory.Subject{Action: "peter-evans/create-or-update-comment@v4", Input: "token"}, Evidence: inventory.Evidence{Line: 5}, Inputs: map[string]string{"comment-id": "1", "reactions": "+1"}}
	f := finding("react", "secrets.BOT_PAT", inventory.KindPAT, react, rest(6, "GET", "/repos/acme/web/pulls/2"))
	f.JobInfo.Triggers = []string{"issue_comment"}
	j := planOne(t, nil, f)
	if want := map[string]string{"issues": "write", "pull_requests": "read"}; !reflect.DeepEqual(j.Permissions, want) {
		t.Errorf("reactions: permissions = %v, want %v", j.Permissions, want)
	}
	j = planOne(t, nil, finding("pr", "secrets.BOT_PAT", inventory.KindPAT, gh(4, "pr create --base prod --head main --title x")))
	if want := map[string]string{"pull_requests": "write"}; !reflect.DeepEqual(j.Permissions, want) {
		t.Errorf("gh pr create --head: permissions = %v, want %v", j.Permissions, want)
	}
}

// TestCommentEventItemMayBeAnIssue checks that a job on issue_comment
// that also reads a pull request keeps issues for the shared endpoints:
// the comment it answers may be on an issue, where pull_requests alone
// is refused.
func TestCommentEventItemMayBeAnIssue(t *testing.T) {
	for _, tc := range []struct {
		name     string
		triggers []string
		subject  string
		want     map[string]string
	}{
		{"issue_comment", []string{"issue_comment"}, "", map[string]string{"issues": "write", "pull_requests": "write"}},
		{"issue_comment kept to pull requests", []string{"issue_comment"}, "pull_request", map[string]string{"pull_requests": "write"}},
		{"workflow_dispatch", []string{"workflow_dispatch"}, "", map[string]string{"pull_requests": "write"}},
		{"issue_comment and pull_request_target", []string{"issue_comment", "pull_request_target"}, "", map[string]string{"issues": "write", "pull_requests": "write"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := finding("bot", "secrets.BOT_PAT", inventory.KindPAT,
				rest(31, "POST", "/repos/{owner}/{repo}/issues/{issue_number}/assignees"),
				rest(62, "GET", "/repos/{owner}/{repo}/pulls/{pull_number}"))
			f.JobInfo.Triggers, f.JobInfo.Subject = tc.triggers, tc.subject
			j := planOne(t, nil, f)
			if !reflect.DeepEqual(j.Permissions, tc.want) {
				t.Errorf("permissions = %v, want %v", j.Permissions, tc.want)
			}
		})
	}
}

// TestCommentEventLeavesBothKindsToAnAction checks that issue_comment alone
// does not narrow an action that handles issues and pull requests alike
// (actions/stale on a schedule and on comments keeps both).
func TestCommentEventLeavesBothKindsToAnAction(t *testing.T) {
	stale := inventory.Operation{Kind: inventory.OpAction, Name: "actions/stale@v9", Subject: inventory.Subject{Action: "actions/stale@v9", Input: "repo-token"}, Evidence: inventory.Evidence{Line: 5}}
	f := finding("stale", "secrets.BOT_PAT", inventory.KindPAT, stale)
	f.JobInfo.Triggers = []string{"schedule", "issue_comment"}
	j := planOne(t, nil, f)
	if j.Permissions["issues"] != "write" || j.Permissions["pull_requests"] != "write" {
		t.Errorf("permissions = %v, want issues and pull_requests write", j.Permissions)
	}
}

// TestEventPermissions checks that release-drafter's pull_requests: write,
// which only its autolabeler on pull request events needs, is read on a
// push-only workflow and kept where the events are pull requests' or not
// known (a reusable workflow's are its callers').
func TestEventPermissions(t *testing.T) {
	for _, tc := range []struct {
		name     string
		triggers []string
		want     map[string]string
	}{
		{"push", []string{"push"}, map[string]string{"contents": "write", "pull_requests": "read"}},
		{"push and pull_request_target", []string{"push", "pull_request_target"}, map[string]string{"contents": "write", "pull_requests": "write"}},
		{"workflow_call", []string{"workflow_call"}, map[string]string{"contents": "write", "pull_requests": "write"}},
		{"not known", nil, map[string]string{"contents": "write", "pull_requests": "write"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			op := inventory.Operation{Kind: inventory.OpAction, Name: "release-drafter/release-drafter@v7", Subject: inventory.Subject{Action: "release-drafter/release-drafter@v7", Input: "token"}, Evidence: inventory.Evidence{Line: 9}}
			f := finding("draft", "secrets.RELEASE_PAT", inventory.KindPAT, op)
			f.JobInfo.Triggers = tc.triggers
			j := planOne(t, nil, f)
			if !reflect.DeepEqual(j.Permissions, tc.want) {
				t.Errorf("permissions = %v, want %v", j.Permissions, tc.want)
			}
		})
	}
}

func TestOpsFromUses(t *testing.T) {
	// An input the scanner could not model, to an in-house action
	// .pat2app.yaml describes.
	cfg, err := config.Parse([]byte("actions:\n  acme/move-cards: {repository_projects: write, issues: read}\n"))
	if err != nil {
		t.Fatal(err)
	}
	f := finding("move", "secrets.BOT_PAT", inventory.KindPAT)
	f.JobInfo.Triggers = []string{"issues"}
	f.Uses = []inventory.Use{{Line: 38, Via: "input", Target: "acme/move-cards action-token", Subject: inventory.Subject{Action: "acme/move-cards", Input: "action-token"}}}
	f.Unresolved = []inventory.Unresolved{{Evidence: inventory.Evidence{Line: 38, Text: "acme/move-cards action-token"}, Reason: "its use is not visible"}}
	j := planOne(t, cfg, f)
	if want := map[string]string{"repository_projects": "write", "issues": "read"}; !reflect.DeepEqual(j.Permissions, want) || j.Decision != DecisionGitHubToken {
		t.Errorf("input use: %s %v, want github_token %v (review %v)", j.Decision, j.Permissions, want, j.Review)
	}

	// Persisted checkout credentials: a known pusher pushes, a known
	// non-pusher is answered, an unknown action stays for review.
	f = finding("notes", "secrets.BOT_PAT", inventory.KindPAT, inventory.Operation{Kind: inventory.OpAction, Name: "actions/checkout", Subject: inventory.Subject{Action: "actions/checkout", Input: "token"}, Evidence: inventory.Evidence{Line: 35}})
	f.Uses = []inventory.Use{
		{Line: 43, Via: "checkout-persisted", Target: "tiangolo/latest-changes", Subject: inventory.Subject{Action: "tiangolo/latest-changes"}},
		{Line: 50, Via: "checkout-persisted", Target: "actions/setup-node", Subject: inventory.Subject{Action: "actions/setup-node"}},
		{Line: 60, Via: "checkout-persisted", Target: "acme/mystery", Subject: inventory.Subject{Action: "acme/mystery"}},
	}
	f.Unresolved = []inventory.Unresolved{
		{Evidence: inventory.Evidence{Line: 43, Text: "tiangolo/latest-changes"}, Reason: "it may push with them"},
		{Evidence: inventory.Evidence{Line: 50, Text: "actions/setup-node"}, Reason: "it may push with them"},
		{Evidence: inventory.Evidence{Line: 60, Text: "acme/mystery"}, Reason: "it may push with them"},
	}
	j = planOne(t, nil, f)
	if j.Permissions["contents"] != "write" {
		t.Errorf("persisted push not planned: %v", j.Permissions)
	}
	if j.Decision != DecisionManualReview || len(j.Review) != 1 || !strings.Contains(j.Review[0].Text, "acme/mystery") {
		t.Errorf("review = %v (decision %s), want only acme/mystery", j.Review, j.Decision)
	}
}

func TestUnresolvedCommands(t *testing.T) {
	cfg, err := config.Parse([]byte("scripts:\n  ./scripts/release.sh: {contents: write}\n"))
	if err != nil {
		t.Fatal(err)
	}
	f := finding("release", "secrets.BOT_PAT", inventory.KindPAT)
	f.Unresolved = []inventory.Unresolved{{Evidence: inventory.Evidence{Line: 12, Text: "./scripts/release.sh v1.2.3"}, Reason: "runs with $GH_TOKEN in its environment", Subject: inventory.Subject{Script: "./scripts/release.sh"}}}
	j := planOne(t, cfg, f)
	if j.Permissions["contents"] != "write" || j.Decision == DecisionManualReview {
		t.Errorf("configured script: %s %v (review %v)", j.Decision, j.Permissions, j.Review)
	}
	if !strings.Contains(strings.Join(j.Warnings, " "), "override") {
		t.Errorf("script override not shown: %v", j.Warnings)
	}
	j = planOne(t, nil, f)
	if j.Decision != DecisionManualReview {
		t.Errorf("unconfigured script: decision %s, want manual_review", j.Decision)
	}
	f.Unresolved = []inventory.Unresolved{{Evidence: inventory.Evidence{Line: 26, Text: "backport-assistant backport -gh-automerge"}, Reason: "calls the GitHub API", Subject: inventory.Subject{Command: "backport-assistant"}}}
	j = planOne(t, nil, f)
	if want := map[string]string{"contents": "write", "pull_requests": "write"}; !reflect.DeepEqual(j.Permissions, want) || j.Decision != DecisionGitHubApp {
		t.Errorf("backport-assistant: %s %v, want github_app %v", j.Decision, j.Permissions, want)
	}
}

func TestActionInputsAddPermissions(t *testing.T) {
	op := func(args map[string]string) inventory.Operation {
		o := opOf(inventory.OpAction, "lowlighter/metrics", 5)
		o.Input = args["input"]
		delete(args, "input")
		o.Inputs = args
		return o
	}
	with := planOne(t, nil, finding("metrics", "secrets.GH_TOKEN", inventory.KindPAT, op(map[string]string{"input": "token", "plugin_traffic": "yes"})))
	if with.Permissions["administration"] != "read" {
		t.Errorf("plugin_traffic: yes: permissions = %v, want administration: read", with.Permissions)
	}
	without := planOne(t, nil, finding("metrics", "secrets.GH_TOKEN", inventory.KindPAT, op(map[string]string{"input": "token", "plugin_traffic": "no"})))
	if _, ok := without.Permissions["administration"]; ok {
		t.Errorf("plugin_traffic: no: permissions = %v, want no administration", without.Permissions)
	}
	for _, j := range []Job{with, without} {
		if j.Decision != DecisionGitHubApp {
			t.Errorf("decision = %s, want github_app (the user's other repositories)", j.Decision)
		}
	}
}

func TestActionSupplements(t *testing.T) {
	j := planOne(t, nil, finding("rebase", "secrets.BOT", inventory.KindPAT, opOf(inventory.OpAction, "cirrus-actions/rebase", 7)))
	if j.Permissions["workflows"] != "write" || j.Permissions["contents"] != "write" {
		t.Errorf("cirrus-actions/rebase permissions = %v, want contents and workflows write", j.Permissions)
	}
}

func TestAppTokenWithoutVisibleUse(t *testing.T) {
	j := planOne(t, nil, finding("export", "steps.app.outputs.token", inventory.KindAppToken))
	if j.Decision != DecisionGitHubApp || j.GitHubTokenSuffices {
		t.Errorf("decision %s suffices %v, want github_app and no claim that GITHUB_TOKEN would do", j.Decision, j.GitHubTokenSuffices)
	}
	// A PAT no step receives: the reference can go, and the evidence says
	// where it is.
	j = planOne(t, nil, finding("dead", "secrets.OLD_PAT", inventory.KindPAT))
	if j.Decision != DecisionRemoveReference || !j.GitHubTokenSuffices || !strings.Contains(strings.Join(j.Reasons, " "), "no step receives its value") {
		t.Errorf("unused PAT: decision %s suffices %v reasons %v, want remove_reference with the evidence", j.Decision, j.GitHubTokenSuffices, j.Reasons)
	}
	// A PAT every step sees in its environment may be read by what a step
	// runs: a human reads them, told where it is put.
	f := finding("env", "secrets.OLD_PAT", inventory.KindPAT)
	f.Uses = []inventory.Use{{Line: 8, Via: inventory.ViaEnv, Target: "env GITHUB_TOKEN of every step (job env)", Subject: inventory.Subject{Input: "GITHUB_TOKEN"}}}
	j = planOne(t, nil, f)
	if j.Decision != DecisionManualReview || j.GitHubTokenSuffices || len(j.Review) == 0 || j.Review[0].Line != 8 {
		t.Errorf("PAT in every step's env: decision %s suffices %v review %v, want manual_review at line 8", j.Decision, j.GitHubTokenSuffices, j.Review)
	}
}

// TestPATFirst: the rollout migrates PATs (and unknown and leaked
// credentials); GITHUB_TOKEN jobs are a hardening part, in the rollout only
// with Harden.
func TestPATFirst(t *testing.T) {
	pat := finding("release", "secrets.RELEASE_PAT", inventory.KindPAT, opOf(inventory.OpGit, "push", 8))
	builtin := finding("label", "github.token", inventory.KindGitHubToken, rest(5, "POST", "/repos/acme/web/issues/1/labels"))
	crossBuiltin := finding("sync", "github.token", inventory.KindGitHubToken, inventory.Operation{Kind: inventory.OpGit, Name: "push", Writes: true, Repos: []string{"acme/site"}, Evidence: inventory.Evidence{Line: 9, Text: "git push"}})
	crossBuiltin.TargetRepos = []string{"acme/site"}
	inv := &inventory.Inventory{SchemaVersion: 1, Complete: true, Findings: []inventory.Finding{pat, builtin, crossBuiltin}}
	for _, harden := range []bool{false, true} {
		p, err := Build(context.Background(), inv, Options{Harden: harden})
		if err != nil {
			t.Fatal(err)
		}
		inSlice := map[string]int{}
		for _, s := range p.Slices {
			for _, fp := range s.Jobs {
				inSlice[fp] = s.Day
			}
			if s.Name == HardeningSlice && s.Day != 4 {
				t.Errorf("harden=%v: hardening slice on day %d", harden, s.Day)
			}
		}
		for _, j := range p.Jobs {
			wantPart := PartMigration
			if j.Kind == inventory.KindGitHubToken {
				wantPart = PartHardening
			}
			if j.Part != wantPart {
				t.Errorf("harden=%v: %s (%s) is in the %s part", harden, j.Job, j.Kind, j.Part)
			}
			_, in := inSlice[j.Fingerprint]
			if want := j.Part == PartMigration || harden; in != want {
				t.Errorf("harden=%v: %s (%s) in a slice: %v, want %v", harden, j.Job, j.Part, in, want)
			}
			if j.Job == "sync" && (j.App != "") != harden {
				t.Errorf("harden=%v: the GITHUB_TOKEN job that needs an App got App %q", harden, j.App)
			}
		}
		if want := "Review the 1 credential uses to migrate"; !strings.HasPrefix(p.Rollout[0].Tasks[0], want) {
			t.Errorf("harden=%v: day 1 counts %q, want the migration only", harden, p.Rollout[0].Tasks[0])
		}
	}
}

// TestDeletableSecrets: a secret is deletable only when it is a stored
// secret and every use is migrated to a decision that covers it; otherwise
// the plan says what keeps it, or that the scan cannot tell.
func TestDeletableSecrets(t *testing.T) {
	push := func(job, cred string) inventory.Finding {
		return finding(job, cred, inventory.KindPAT, opOf(inventory.OpGit, "push", 8))
	}
	// A caller passes BOT_PAT to a reusable workflow of its repository,
	// whose job receives it as secrets.token.
	caller := finding("call", "secrets.BOT_PAT", inventory.KindPAT, inventory.Operation{Kind: inventory.OpGit, Name: "push", Writes: true,
		Evidence: inventory.Evidence{File: ".github/workflows/callee.yml", Line: 16, Text: "git push"}})
	caller.Uses = []inventory.Use{{Line: 7, Via: inventory.ViaReusableWorkflow, Target: "./.github/workflows/callee.yml secret token",
		Subject: inventory.Subject{Workflow: "./.github/workflows/callee.yml", Secret: "token"}}}
	callee := push("callee", "secrets.token")
	callee.JobInfo.Triggers = []string{"workflow_call"}
	// The callee of a second caller cannot be decided.
	caller2 := caller
	caller2.Fingerprint, caller2.File, caller2.Credential = "fp-call2", ".github/workflows/call2.yml", "secrets.REVIEW_PAT"
	caller2.Uses = []inventory.Use{{Line: 7, Via: inventory.ViaReusableWorkflow, Subject: inventory.Subject{Workflow: "./.github/workflows/review.yml", Secret: "gh"}}}
	reviewCallee := finding("review", "secrets.gh", inventory.KindPAT)
	reviewCallee.Unresolved = []inventory.Unresolved{{Evidence: inventory.Evidence{Line: 3, Text: "./run.sh"}}}
	// Pushes to a repository of another account: one App token cannot.
	other := push("mirror", "secrets.MIRROR_PAT")
	other.Operations[0].Repos = []string{"globex/mirror"}
	other.TargetRepos = []string{"globex/mirror"}
	unknown := finding("turbo", "secrets.TURBO_TOKEN", inventory.KindUnknown)
	findings := []inventory.Finding{push("release", "secrets.RELEASE_PAT"), caller, callee, caller2, reviewCallee, other, unknown, push("gone", "secrets.GONE_PAT")}

	plans := map[string]*Plan{}
	for name, secrets := range map[string]*inventory.SecretInventory{
		"local": nil,
		"org": {Secrets: []inventory.Secret{{Name: "release_pat", Scope: "org"}, {Name: "BOT_PAT", Scope: "repo", Repo: "acme/web"},
			{Name: "REVIEW_PAT", Scope: "org"}, {Name: "MIRROR_PAT", Scope: "org"}}},
	} {
		p, err := Build(context.Background(), &inventory.Inventory{SchemaVersion: 1, Complete: true, Findings: findings, Secrets: secrets}, Options{})
		if err != nil {
			t.Fatal(err)
		}
		plans[name] = p
	}
	get := func(p *Plan, name string) *SecretPlan {
		for i := range p.Secrets {
			if p.Secrets[i].Name == name {
				return &p.Secrets[i]
			}
		}
		return nil
	}
	for name, p := range plans {
		if s := get(p, "token"); s != nil {
			t.Errorf("%s: the reusable workflow's secret input is planned as a stored secret: %+v", name, s)
		}
		if s := get(p, "gh"); s != nil {
			t.Errorf("%s: the reusable workflow's secret input is planned as a stored secret: %+v", name, s)
		}
		if s := get(p, "BOT_PAT"); s == nil || !reflect.DeepEqual(s.UsedBy, []string{"fp-call-secrets.BOT_PAT", "fp-callee-secrets.token"}) {
			t.Errorf("%s: BOT_PAT = %+v, want it used by the caller and the callee's job", name, s)
		}
		if s := get(p, "REVIEW_PAT"); s == nil || s.Deletion != DeletionBlocked || !strings.Contains(strings.Join(s.KeptBy, " "), "review.yml/review (manual_review)") {
			t.Errorf("%s: REVIEW_PAT = %+v, want kept by the callee that needs review", name, s)
		}
		if s := get(p, "MIRROR_PAT"); s == nil || s.Deletion != DeletionBlocked || !strings.Contains(strings.Join(s.KeptBy, " "), "cannot reach globex/mirror") {
			t.Errorf("%s: MIRROR_PAT = %+v, want kept: its App token cannot reach globex/mirror", name, s)
		}
		if s := get(p, "TURBO_TOKEN"); s == nil || s.Kind != inventory.KindUnknown || s.Deletable() {
			t.Errorf("%s: TURBO_TOKEN = %+v, want kind unknown, not deletable", name, s)
		}
		sum := Summarize(p)
		if sum.PATSecrets != 5 || sum.OtherSecrets != 1 {
			t.Errorf("%s: %d PAT secrets and %d others, want 5 PATs (RELEASE_PAT, BOT_PAT, REVIEW_PAT, MIRROR_PAT, GONE_PAT) and TURBO_TOKEN apart", name, sum.PATSecrets, sum.OtherSecrets)
		}
	}
	local, org := plans["local"], plans["org"]
	for _, n := range []string{"RELEASE_PAT", "BOT_PAT", "GONE_PAT"} {
		if s := get(local, n); s == nil || s.Deletion != DeletionUnverified || s.AfterSlice == "" || !strings.Contains(s.DeletableAfter, "cannot see") {
			t.Errorf("local: %s = %+v, want deletable after its slice, unverified", n, s)
		}
	}
	for _, n := range []string{"RELEASE_PAT", "BOT_PAT"} {
		if s := get(org, n); s == nil || s.Deletion != DeletionAfterSlice || len(s.DefinedIn) == 0 {
			t.Errorf("org: %s = %+v, want deletable after its slice", n, s)
		}
	}
	if s := get(org, "GONE_PAT"); s == nil || s.Deletion != DeletionNotFound || s.Deletable() {
		t.Errorf("org: GONE_PAT = %+v, want not found by the organisation scan", s)
	}
}

// TestReusableCountedOnce: a call of a reusable workflow is not counted
// apart from the callee's jobs that do the work, in either form GitHub
// accepts for the repository's own workflow; the caller gets no token
// step or replacement of its own.
func TestReusableCountedOnce(t *testing.T) {
	for _, uses := range []string{"./.github/workflows/callee.yml", "$/.github/workflows/callee.yml"} {
		caller := finding("call", "secrets.BOT_PAT", inventory.KindPAT, inventory.Operation{Kind: inventory.OpGit, Name: "push", Writes: true,
			Evidence: inventory.Evidence{File: ".github/workflows/callee.yml", Line: 16, Text: "git push"}})
		caller.Uses = []inventory.Use{{Line: 7, Via: inventory.ViaReusableWorkflow, Subject: inventory.Subject{Workflow: uses, Secret: "token"}}}
		callee := finding("callee", "secrets.token", inventory.KindPAT, opOf(inventory.OpGit, "push", 16))
		p, err := Build(context.Background(), &inventory.Inventory{SchemaVersion: 1, Complete: true, Findings: []inventory.Finding{caller, callee}}, Options{})
		if err != nil {
			t.Fatal(err)
		}
		sum := Summarize(p)
		if sum.Uses != 1 || sum.Jobs != 1 || sum.Decisions[DecisionGitHubApp]+sum.Decisions[DecisionGitHubToken] != 1 {
			t.Errorf("%s: summary = %+v, want the call and its callee counted once", uses, sum)
		}
		for _, j := range p.Jobs {
			if j.Job != "call" {
				continue
			}
			if !reflect.DeepEqual(j.Calls, []string{callee.Fingerprint}) {
				t.Errorf("%s: caller calls %v", uses, j.Calls)
			}
			if j.Snippet != "" || len(j.Replace) > 0 {
				t.Errorf("%s: caller has snippet %q and replacements %v, want none", uses, j.Snippet, j.Replace)
			}
		}
	}
}

// TestInheritNotReplaced: `secrets: inherit` is not an expression to
// replace, whatever the caller's decision.
func TestInheritNotReplaced(t *testing.T) {
	if got := replaceRefs(inventory.InheritCredential, "github.token"); got != nil {
		t.Errorf("replaceRefs(secrets: inherit) = %v, want none", got)
	}
	if got := replaceRefs(" secrets.A_PAT ", "github.token"); !reflect.DeepEqual(got, []string{"${{ secrets.A_PAT }} -> ${{ github.token }}"}) {
		t.Errorf("replaceRefs(secrets.A_PAT) = %v", got)
	}
}

// TestSummaryCounts: uses are job × credential, jobs are distinct jobs,
// and the hardening part is counted apart.
func TestSummaryCounts(t *testing.T) {
	a := finding("release", "secrets.A_PAT", inventory.KindPAT, opOf(inventory.OpGit, "push", 8))
	b := finding("release", "secrets.B_PAT", inventory.KindPAT, rest(9, "POST", "/repos/acme/web/issues/1/labels"))
	leak := finding("release", "ghp_****abcd", inventory.KindLeakedToken)
	builtin := finding("release", "github.token", inventory.KindGitHubToken, rest(9, "POST", "/repos/acme/web/issues/1/labels"))
	p, err := Build(context.Background(), &inventory.Inventory{SchemaVersion: 1, Complete: true, Findings: []inventory.Finding{a, b, leak, builtin}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	sum := Summarize(p)
	if sum.Uses != 3 || sum.Jobs != 1 || sum.Repos != 1 || sum.HardeningUses != 1 || sum.Kinds[inventory.KindPAT] != 2 || sum.Kinds[inventory.KindLeakedToken] != 1 {
		t.Errorf("summary = %+v, want 3 uses (2 pat, 1 leaked) in 1 job, 1 hardening use", sum)
	}
}

// TestUsesAndCalleeLinesApart: an operation at line 13 of a called workflow
// is not the finding's own step at line 13.
func TestUsesAndCalleeLinesApart(t *testing.T) {
	cfg, err := config.Parse([]byte("actions:\n  acme/deploy: {deployments: write}\n"))
	if err != nil {
		t.Fatal(err)
	}
	f := finding("deploy", "secrets.DEPLOY_PAT", inventory.KindPAT, inventory.Operation{Kind: inventory.OpAction, Name: "actions/checkout",
		Subject: inventory.Subject{Action: "actions/checkout", Input: "token"}, Evidence: inventory.Evidence{File: ".github/workflows/callee.yml", Line: 13, Text: "actions/checkout token"}})
	f.Uses = []inventory.Use{{Line: 13, Via: inventory.ViaInput, Target: "acme/deploy token", Subject: inventory.Subject{Action: "acme/deploy", Input: "token"}}}
	j := planOne(t, cfg, f)
	if j.Permissions["deployments"] != "write" {
		t.Errorf("permissions = %v: the in-house action at line 13 was taken for the callee's checkout at its line 13", j.Permissions)
	}
}

// TestFallbackWithUnreadParts checks when a credential that falls back to
// the built-in token is decided github_token although part of what the
// job does with it is not read: only when a fork's pull request run shows
// the job working with GITHUB_TOKEN, and then without narrowing it.
func TestFallbackWithUnreadParts(t *testing.T) {
	unread := inventory.Unresolved{Evidence: inventory.Evidence{Line: 12, Text: "./hack/test.sh"}, Reason: "runs go test with $GITHUB_TOKEN in its environment"}
	mk := func(triggers []string, conds []int, ops ...inventory.Operation) inventory.Finding {
		f := withFallback(finding("test", "secrets.E2E_TOKEN", inventory.KindPAT, ops...))
		f.Unresolved = []inventory.Unresolved{unread}
		f.JobInfo = &inventory.JobInfo{TimeoutMinutes: 10, Triggers: triggers, RunConditions: conds}
		return f
	}
	for _, tc := range []struct {
		name string
		f    inventory.Finding
		want Decision
	}{
		{"runs on pull requests, reads only", mk([]string{"push", "pull_request"}, nil, rest(5, "GET", "/repos/acme/web/pulls")), DecisionGitHubToken},
		{"no pull_request trigger", mk([]string{"push"}, nil), DecisionManualReview},
		{"pull_request_target runs with secrets", mk([]string{"pull_request_target"}, nil), DecisionManualReview},
		{"a step runs only on push", mk([]string{"push", "pull_request"}, []int{30}), DecisionManualReview},
		{"a known write", mk([]string{"pull_request"}, nil, rest(5, "POST", "/repos/acme/web/issues/1/comments")), DecisionManualReview},
	} {
		t.Run(tc.name, func(t *testing.T) {
			j := planOne(t, nil, tc.f)
			if j.Decision != tc.want {
				t.Fatalf("decision = %s, want %s (reasons %v)", j.Decision, tc.want, j.Reasons)
			}
			if j.Decision != DecisionGitHubToken {
				return
			}
			if j.PermissionsBlock != "" || !j.GitHubTokenSuffices || len(j.Replace) == 0 {
				t.Errorf("block %q, suffices %v, replace %v: want no block, suffices, a replacement", j.PermissionsBlock, j.GitHubTokenSuffices, j.Replace)
			}
			if w := strings.Join(j.Warnings, " "); !strings.Contains(w, "./hack/test.sh") || !strings.Contains(w, "rather than narrowing") {
				t.Errorf("warnings %q do not list what was not read", w)
			}
		})
	}
}

func TestGlobalReadsNeedNoPermission(t *testing.T) {
	for _, tc := range []struct {
		path   string
		review bool
	}{
		{"/rate_limit", false},
		{"/meta", false},
		{"/repos/acme/web/not-an-endpoint", true},
		{"/nope", true},
	} {
		f := finding("limits", "secrets.PAT", inventory.KindPAT, rest(5, "GET", tc.path))
		j := planOne(t, nil, f)
		if got := j.Decision == DecisionManualReview; got != tc.review {
			t.Errorf("GET %s: decision %s (review %v, permissions %v), want review %v", tc.path, j.Decision, j.Review, j.Permissions, tc.review)
		}
	}
}

// TestJobBlock: the permissions block is the job's, so each row the job
// moves to GITHUB_TOKEN carries what all of them need; a built-in token
// row kept as it is for its unread parts adds what it is seen to need, with
// a warning on the rows that write the block.
func TestJobBlock(t *testing.T) {
	push := inventory.Operation{Kind: inventory.OpGit, Name: "push", Writes: true, Evidence: inventory.Evidence{Line: 12, Text: "git push origin HEAD:preview"}}
	cases := []struct {
		name      string
		builtin   inventory.Finding
		wantBlock string
		warned    bool
	}{
		{"decided", finding("release", "github.token", inventory.KindGitHubToken, push),
			"permissions:\n  contents: write\n  issues: write\n", false},
		{"left for review", func() inventory.Finding {
			f := finding("release", "github.token", inventory.KindGitHubToken, push)
			f.Unresolved = []inventory.Unresolved{{Evidence: inventory.Evidence{Line: 14, Text: "./deploy.sh"}, Reason: "not read"}}
			return f
		}(), "permissions:\n  contents: write\n  issues: write\n", true},
	}
	for _, c := range cases {
		pat := finding("release", "secrets.BOT_PAT", inventory.KindPAT, rest(13, "POST", "/repos/acme/web/issues/1/comments"))
		p, err := Build(context.Background(), &inventory.Inventory{SchemaVersion: 1, Complete: true, Findings: []inventory.Finding{c.builtin, pat}}, Options{})
		if err != nil {
			t.Fatal(err)
		}
		for _, j := range p.Jobs {
			if j.Decision != DecisionGitHubToken {
				continue
			}
			if j.NotNarrowed {
				// The built-in token row kept as it is writes no block.
				if j.PermissionsBlock != "" {
					t.Errorf("%s: %s kept as it is, but writes %q", c.name, j.Credential, j.PermissionsBlock)
				}
				continue
			}
			if j.PermissionsBlock != c.wantBlock {
				t.Errorf("%s: %s block = %q, want %q", c.name, j.Credential, j.PermissionsBlock, c.wantBlock)
			}
			if got := slices.Contains(j.Warnings, warnJobTokenUnresolved); got != c.warned {
				t.Errorf("%s: %s warned %v, want %v", c.name, j.Credential, got, c.warned)
			}
		}
	}
}

// TestStepAllowlistKeepsUserToken: a job whose action accepts only listed
// steps (Scorecard publishing) cannot take an App token step, so what
// would need an App keeps a user's token; what GITHUB_TOKEN does and the
// built-in token itself are left as they were.
func TestStepAllowlistKeepsUserToken(t *testing.T) {
	branchProtection := rest(7, "GET", "/repos/acme/web/branches/main/protection")
	comment := rest(7, "POST", "/repos/acme/web/issues/1/comments")
	for _, tc := range []struct {
		name string
		kind inventory.Kind
		op   inventory.Operation
		want Decision
	}{
		{"needs an App", inventory.KindPAT, branchProtection, DecisionNotSupported},
		{"GITHUB_TOKEN suffices", inventory.KindPAT, comment, DecisionGitHubToken},
		// It runs today without administration: read, which GITHUB_TOKEN
		// can never be granted: kept, with a warning.
		{"built-in token", inventory.KindGitHubToken, branchProtection, DecisionGitHubToken},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := finding("analysis", "secrets.SCORECARD_TOKEN", tc.kind, tc.op)
			f.JobInfo.StepAllowlist = "line 31: ossf/scorecard-action with publish_results: true accepts this job only when every step uses one of actions/checkout"
			j := planOne(t, nil, f)
			if j.Decision != tc.want {
				t.Fatalf("decision %s, want %s (reasons %q)", j.Decision, tc.want, j.Reasons)
			}
			if tc.want == DecisionNotSupported && (j.Fallback == "" || !slices.ContainsFunc(j.Reasons, func(r string) bool { return strings.HasPrefix(r, "line 31: ossf/scorecard-action") })) {
				t.Errorf("reasons %q fallback %q", j.Reasons, j.Fallback)
			}
		})
	}
}

// TestProtectedPushWarned: a PAT job that pushes and is decided
// github_token is told that branch protection may refuse GITHUB_TOKEN's
// push; one that does not push is not.
func TestProtectedPushWarned(t *testing.T) {
	push := inventory.Operation{Kind: inventory.OpGit, Method: "GIT", Name: "push", Writes: true, Evidence: inventory.Evidence{Line: 9, Text: "git push"}}
	for _, tc := range []struct {
		name string
		op   inventory.Operation
		want bool
	}{
		{"a push", push, true},
		{"a comment", rest(7, "POST", "/repos/acme/web/issues/1/comments"), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := finding("baseline", "secrets.BASELINE_PAT", inventory.KindPAT, tc.op)
			// No workflow runs on pushed branches: the push needs no App.
			f.JobInfo.WorkflowsRead = true
			f.JobInfo.Listeners = map[string][]string{"branch": {}, "tag": {}, "pull_request": {}}
			j := planOne(t, nil, f)
			if j.Decision != DecisionGitHubToken {
				t.Fatalf("decision %s (reasons %q)", j.Decision, j.Reasons)
			}
			got := slices.ContainsFunc(j.Warnings, func(w string) bool { return strings.Contains(w, "branch protection") })
			if got != tc.want {
				t.Errorf("warnings %q, want the branch protection one: %v", j.Warnings, tc.want)
			}
		})
	}
}

// TestRunTimePathsAreNotUserRoutes: a path built wholly at run time
// (fetch("POST " + path)) is no route, and one that fits a route no App
// can call only by taking a run-time value for a literal is a review
// item, never not_supported.
func TestRunTimePathsAreNotUserRoutes(t *testing.T) {
	for _, tc := range []struct {
		name string
		op   inventory.Operation
	}{
		{"every segment at run time", rest(5, "POST", "/{path}")},
		{"a literal, then run time", rest(5, "DELETE", "/user/{what}")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			j := planOne(t, nil, finding("comment", "secrets.PAT", inventory.KindPAT, tc.op))
			if j.Decision == DecisionNotSupported || j.Decision != DecisionManualReview {
				t.Errorf("decision %s (reasons %q), want manual_review", j.Decision, j.Reasons)
			}
		})
	}
}

// TestHandedOnIsNotUnused: a credential whose value (or one made from
// it) a script writes to $GITHUB_OUTPUT is read by later steps or jobs:
// the job goes to review, never "remove the reference".
func TestHandedOnIsNotUnused(t *testing.T) {
	f := finding("matrix-setup", "secrets.CONFIG", inventory.KindPAT)
	f.Lines = []int{42}
	j := planOne(t, nil, f)
	if j.Decision != DecisionRemoveReference {
		t.Fatalf("without a write: decision %s, want remove_reference", j.Decision)
	}
	f.HandedOn = "line 75: $GITHUB_OUTPUT indices"
	j = planOne(t, nil, f)
	if j.Decision != DecisionManualReview || !slices.ContainsFunc(j.Review, func(e inventory.Evidence) bool { return strings.HasPrefix(e.Text, f.HandedOn) }) {
		t.Errorf("decision %s, review %v", j.Decision, j.Review)
	}
}

// TestKeptSecretCheck: a presence check of a secret another job keeps
// (not_supported) is told to stay while the secret does; one whose secret
// goes with the migration is not.
func TestKeptSecretCheck(t *testing.T) {
	jobs := []Job{
		{Repo: "acme/op", File: "r.yml", Job: "setup", Credential: "secrets.PAT", Decision: DecisionRemoveReference},
		{Repo: "acme/op", File: "r.yml", Job: "publish", Credential: "secrets.PAT", Decision: DecisionNotSupported},
		{Repo: "acme/op", File: "r.yml", Job: "check", Credential: "secrets.OTHER", Decision: DecisionRemoveReference},
		{Repo: "acme/op", File: "r.yml", Job: "use", Credential: "secrets.OTHER", Decision: DecisionGitHubApp},
	}
	keptSecretChecks(jobs)
	if len(jobs[0].Warnings) != 1 || !strings.Contains(jobs[0].Warnings[0], "stays for r.yml job publish (not_supported)") {
		t.Errorf("setup warnings %q", jobs[0].Warnings)
	}
	if len(jobs[2].Warnings) != 0 {
		t.Errorf("check warnings %q, want none", jobs[2].Warnings)
	}
}

// TestByDefaultUnread: an action not read that may take the workflow's
// token by default keeps the built-in token's block as it is when the
// token stays, and is a warning, not a review item, when it becomes an App
// token (the step keeps the built-in token).
func TestByDefaultUnread(t *testing.T) {
	base := inventory.Finding{Repo: "acme/demo", File: ".github/workflows/w.yml", Job: "j", Credential: "github.token", Kind: inventory.KindGitHubToken,
		Unresolved: []inventory.Unresolved{{Evidence: inventory.Evidence{Line: 9, Text: "acme/discuss"}, ByDefault: true, Reason: "not read"}},
		JobInfo:    &inventory.JobInfo{Triggers: []string{"push"}, Permissions: map[string]string{"contents": "write", "discussions": "write"}}}
	push := inventory.Operation{Kind: inventory.OpGit, Method: "GIT", Name: "push", Writes: true, Evidence: inventory.Evidence{Line: 7, Text: "git push"}}

	stays := base
	stays.Operations = []inventory.Operation{push}
	j := planOne(t, nil, stays)
	if j.Decision != DecisionGitHubToken || j.PermissionsBlock != "" || len(j.Review) > 0 {
		t.Errorf("token stays: decision %s, block %q, review %v; want github_token, no block, no review", j.Decision, j.PermissionsBlock, j.Review)
	}

	app := base
	wpush := push
	wpush.TouchesWorkflows, wpush.WorkflowsBecause = true, "line 6: git merge origin/main merges a named branch"
	app.Operations = []inventory.Operation{wpush}
	j = planOne(t, nil, app)
	if j.Decision != DecisionGitHubApp || len(j.Review) > 0 || !slices.ContainsFunc(j.Warnings, func(w string) bool { return strings.Contains(w, "acme/discuss") }) {
		t.Errorf("token becomes an App's: decision %s, review %v, warnings %v; want github_app with a warning naming acme/discuss", j.Decision, j.Review, j.Warnings)
	}
}

// TestAppForTheWorkflowTokenTakesDefaultSteps: when the workflow's own
// token becomes an App's, the steps that take it by default need their
// writes in the App's permissions.
func TestAppForTheWorkflowTokenTakesDefaultSteps(t *testing.T) {
	push := inventory.Operation{Kind: inventory.OpGit, Method: "GIT", Name: "push", Writes: true, TouchesWorkflows: true,
		WorkflowsBecause: "korthout/backport-action brings in commits of other branches", Evidence: inventory.Evidence{Line: 19, Text: "git push"}}
	f := inventory.Finding{Repo: "acme/demo", File: ".github/workflows/backport.yml", Job: "backport", Credential: "github.token", Kind: inventory.KindGitHubToken,
		Operations: []inventory.Operation{push},
		JobInfo: &inventory.JobInfo{Triggers: []string{"pull_request_target"}, DefaultTokenNeeds: map[string]string{"contents": "read", "pull_requests": "write"},
			DefaultTokenSteps: []string{"line 17: actions/checkout (contents:read)", "line 19: korthout/backport-action (pull_requests:write)"}}}
	j := planOne(t, nil, f)
	want := map[string]string{"contents": "write", "pull_requests": "write", "workflows": "write"}
	if j.Decision != DecisionGitHubApp || !maps.Equal(j.Permissions, want) {
		t.Errorf("decision %s, permissions %v; want github_app %v", j.Decision, j.Permissions, want)
	}
}

// TestActorGateWarned: a push whose events a workflow hears, whose job
// runs only for a named account, warns that a new token's identity makes
// events that job skips; one no gated workflow hears does not.
func TestActorGateWarned(t *testing.T) {
	push := inventory.Operation{Kind: inventory.OpGit, Method: "GIT", Name: "push", Writes: true, Evidence: inventory.Evidence{Line: 9, Text: "git push"}}
	for _, tc := range []struct {
		name  string
		gates map[string]inventory.ActorGate
		want  bool
	}{
		{"gated for a user account", map[string]inventory.ActorGate{"tag-release.yml (on push)": {Condition: "job t line 3: if: github.actor == 'release-bot'", Accounts: []string{"release-bot"}}}, true},
		{"gated for dependabot", map[string]inventory.ActorGate{"tag-release.yml (on push)": {Condition: "job t line 3: if: github.actor == 'dependabot[bot]'", Accounts: []string{"dependabot[bot]"}}}, false},
		{"not gated", nil, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := finding("release", "secrets.BOT_PAT", inventory.KindPAT, push)
			f.JobInfo.WorkflowsRead = true
			f.JobInfo.Listeners = map[string][]string{"branch": {"tag-release.yml (on push)"}, "tag": {}, "pull_request": {}}
			f.JobInfo.ActorGates = tc.gates
			j := planOne(t, nil, f)
			got := slices.ContainsFunc(j.Warnings, func(w string) bool { return strings.Contains(w, "runs only when the event's actor") })
			if got != tc.want {
				t.Errorf("warnings %q, want the actor gate one: %v", j.Warnings, tc.want)
			}
		})
	}
}
