package planner

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/pat2app/pat2app/config"
	"github.com/pat2app/pat2app/inventory"
)

// TestDecisionRules: one case per decision rule of the planner.
func TestDecisionRules(t *testing.T) {
	withRepos := func(f inventory.Finding, repo string, write bool) inventory.Finding {
		op := inventory.Operation{Kind: inventory.OpGit, Method: "GIT", Name: "clone", Repos: []string{repo}, Evidence: inventory.Evidence{Line: 12, Text: "git clone"}}
		if write {
			op.Name, op.Writes = "push", true
		}
		f.Operations = append(f.Operations, op)
		f.TargetRepos = []string{repo}
		f.CrossRepo = true
		return f
	}
	unresolvedAt := func(f inventory.Finding, line int) inventory.Finding {
		f.Unresolved = append(f.Unresolved, inventory.Unresolved{Evidence: inventory.Evidence{Line: line, Text: "./scripts/release.sh"}, Reason: "not read"})
		return f
	}
	declared := func(f inventory.Finding, block map[string]string) inventory.Finding {
		f.JobInfo.Permissions = block
		return f
	}
	envUse := func(f inventory.Finding, read bool) inventory.Finding {
		f.Uses = append(f.Uses, inventory.Use{Line: 3, Via: inventory.ViaEnv, Target: "env GITHUB_TOKEN of every step (workflow env)", Subject: inventory.Subject{Input: "GITHUB_TOKEN"}})
		f.Lines = []int{3} // where the env puts it, as a scan gives it
		f.EnvRead = read
		return f
	}
	inCondition := func(f inventory.Finding) inventory.Finding {
		f.Lines = append(f.Lines, 9) // if: env.GITHUB_TOKEN != ''
		return f
	}
	public := &config.Config{PublicRepos: []string{"other/lib"}}
	// listened records the scan's reading of every workflow of the
	// repository: which run on tags and releases.
	listened := func(f inventory.Finding, listeners map[string][]string) inventory.Finding {
		f.JobInfo.WorkflowsRead, f.JobInfo.Listeners = true, listeners
		return f
	}
	tagPush := func(line int) inventory.Operation {
		op := opOf(inventory.OpGit, "push", line)
		op.TagsOnly = true
		return op
	}
	releaseOp := rest(6, "POST", "/repos/{owner}/{repo}/releases")
	tagsOnlyOp := func(op inventory.Operation) inventory.Operation {
		op.TagsOnly = true
		return op
	}
	onPR := func(f inventory.Finding) inventory.Finding {
		f.JobInfo.Triggers = []string{"pull_request_target"}
		return f
	}
	onTags := func(f inventory.Finding) inventory.Finding {
		f.JobInfo.TagRunsOnly = true
		return f
	}
	// ghRelease is gh release create of tag; with tag "" it is
	// softprops/action-gh-release without tag_name, and with a tag
	// holding ${{ it is that action's tag_name.
	ghRelease := func(line int, tag string) inventory.Operation {
		if tag == "" || strings.Contains(tag, "${{") {
			op := opOf(inventory.OpAction, "softprops/action-gh-release", line)
			if tag != "" {
				op.Inputs = map[string]string{"tag_name": tag}
			}
			return op
		}
		return inventory.Operation{Kind: inventory.OpGH, Method: "GH", Name: "gh release create", Args: []string{"release", "create", tag, "--generate-notes"}, Writes: true, Evidence: inventory.Evidence{Line: line, Text: "gh release create"}}
	}
	// crUpload is cr upload, which the scan leaves unresolved and its
	// tools.tsv row answers (a release and its tag).
	crUpload := func(f inventory.Finding, target string) inventory.Finding {
		f.Unresolved = append(f.Unresolved, inventory.Unresolved{Evidence: inventory.Evidence{Line: 11, Text: "cr upload -o acme -r charts"},
			Reason: "cr calls the GitHub API", Subject: inventory.Subject{Command: "cr upload"}})
		if target != "" {
			f.TargetRepos, f.CrossRepo = []string{target}, true
		}
		return f
	}
	tagsOnly := func(f inventory.Finding) inventory.Finding {
		f.Operations[len(f.Operations)-1].TagsOnly = true
		return f
	}
	// deploy is JamesIves/github-pages-deploy-action with branch (unset
	// for ""), on a repository whose workflows filters hears.
	deploy := func(branch string, filters map[string]inventory.BranchFilter, listeners map[string][]string) inventory.Finding {
		op := opOf(inventory.OpAction, "JamesIves/github-pages-deploy-action", 8)
		if branch != "" {
			op.Inputs = map[string]string{"branch": branch}
		}
		f := listened(finding("j", "secrets.BOT_TOKEN", inventory.KindPAT, op), listeners)
		f.JobInfo.BranchFilters = filters
		return f
	}
	// gitPush is a git push of branch (unnamed for ""), on a repository
	// whose workflows filters hears.
	gitPush := func(branch string, filters map[string]inventory.BranchFilter, listeners map[string][]string) inventory.Finding {
		op := opOf(inventory.OpGit, "push", 8)
		op.Branch = branch
		f := listened(finding("j", "secrets.BOT_TOKEN", inventory.KindPAT, op), listeners)
		f.JobInfo.BranchFilters = filters
		return f
	}
	// tagFiltered is a job whose operation makes a release and its tag,
	// in a repository whose release.yml runs on pushed tags v*.
	tagFiltered := func(op inventory.Operation) inventory.Finding {
		f := listened(finding("j", "secrets.PAT", inventory.KindPAT, op), map[string][]string{"tag": {"release.yml (on push)"}})
		f.JobInfo.TagFilters = map[string]inventory.TagFilter{"release.yml (on push)": {Tags: []string{"v*"}}}
		return f
	}
	// ghPages is peaceiris/actions-gh-pages with inputs, in a repository
	// whose ci.yml runs on pushes to main and release.yml on pushed tags.
	ghPages := func(inputs map[string]string) inventory.Finding {
		op := opOf(inventory.OpAction, "peaceiris/actions-gh-pages", 8)
		op.Inputs = inputs
		f := listened(finding("j", "secrets.BOT_TOKEN", inventory.KindPAT, op), map[string][]string{"branch": {"ci.yml (on push)"}, "tag": {"release.yml (on push)"}})
		f.JobInfo.BranchFilters = map[string]inventory.BranchFilter{"ci.yml (on push)": {Branches: []string{"main"}}}
		return f
	}
	// runTimeLabel adds labels to an issue of a repository a step output
	// names (owner and name set at run time).
	runTimeLabel := func(f inventory.Finding) inventory.Finding {
		op := rest(8, "POST", "/repos/{owner}/{repo}/issues/{issue_number}/labels")
		op.Repos = []string{"run-time:${{ steps.vars.outputs.owner }}/${{ steps.vars.outputs.repo }}"}
		f.Operations = append(f.Operations, op)
		f.TargetRepos, f.CrossRepo = op.Repos, true
		return f
	}
	// slashDispatch is peter-evans/slash-command-dispatch given the
	// credential through input, with the step's inputs.
	slashDispatch := func(input string, inputs map[string]string) inventory.Finding {
		op := opOf(inventory.OpAction, "peter-evans/slash-command-dispatch", 8)
		op.Input, op.Inputs = input, inputs
		return finding("j", "secrets.BOT_TOKEN", inventory.KindPAT, op)
	}
	ghcrPush := inventory.Operation{Kind: inventory.OpDocker, Method: "DOCKER", Name: "push", Path: "push ghcr.io/acme/app", Writes: true, Evidence: inventory.Evidence{Line: 9, Text: "docker push ghcr.io/acme/app"}}
	ciOnMain := map[string]inventory.BranchFilter{"ci.yml (on push)": {Branches: []string{"main"}}}
	ciListeners := map[string][]string{"branch": {"ci.yml (on pull_request)", "ci.yml (on push)"}, "pull_request": {"ci.yml (on pull_request)"}}
	tests := []struct {
		name     string
		cfg      *config.Config
		repos    []inventory.RepoSummary
		f        inventory.Finding
		decision Decision
		suffices bool
		perms    string
		mention  string
	}{
		{"peaceiris/actions-gh-pages pushes its branch only: no tag listener runs", nil, nil,
			ghPages(nil), DecisionGitHubToken, true, "contents:write", "the branch filters of ci.yml (on push) leave it out"},
		{"peaceiris/actions-gh-pages given tag_name also pushes the tag", nil, nil,
			ghPages(map[string]string{"tag_name": "deploy-${{ github.run_number }}"}), DecisionGitHubApp, false, "contents:write", "release.yml (on push)"},
		{"a deploy to the action's own gh-pages branch starts no workflow filtered to main, and no pull request's", nil, nil,
			deploy("", ciOnMain, ciListeners), DecisionGitHubToken, true, "contents:write", "the branch filters of ci.yml (on push) leave it out"},
		{"a deploy branch named in the step that a push filter matches starts that workflow", nil, nil,
			deploy("main", ciOnMain, ciListeners), DecisionGitHubApp, false, "contents:write", "ci.yml (on pull_request), ci.yml (on push) run on them"},
		{"a deploy branch other than the action's default may be a pull request's head", nil, nil,
			deploy("docs", ciOnMain, ciListeners), DecisionGitHubApp, false, "contents:write", "ci.yml (on pull_request) runs on them"},
		{"a deploy branch chosen at run time is heard by every listener", nil, nil,
			deploy("${{ inputs.branch }}", ciOnMain, ciListeners), DecisionGitHubApp, false, "contents:write", "ci.yml (on pull_request), ci.yml (on push) run on them"},
		{"a git push to gh-pages starts no workflow filtered to main, and no pull request's", nil, nil,
			gitPush("gh-pages", ciOnMain, ciListeners), DecisionGitHubToken, true, "contents:write", "it is GitHub Pages' publishing branch"},
		{"a git push to another branch a push filter leaves out may still be a pull request's head", nil, nil,
			gitPush("data", ciOnMain, ciListeners), DecisionGitHubApp, false, "contents:write", "ci.yml (on pull_request) runs on them"},
		{"a git push whose branch is not named is heard by every listener", nil, nil,
			gitPush("", ciOnMain, ciListeners), DecisionGitHubApp, false, "contents:write", "ci.yml (on pull_request), ci.yml (on push) run on them"},
		{"a release of the nightly tag starts no workflow whose tag filters want v*", nil, nil,
			tagFiltered(ghRelease(5, "nightly")), DecisionGitHubToken, true, "contents:write", "which the tag filters of release.yml (on push) leave out"},
		{"a release of a tag the filters match starts that workflow", nil, nil,
			tagFiltered(ghRelease(5, "v1.2.3")), DecisionGitHubApp, false, "contents:write", "release.yml (on push) runs on them"},
		{"a release of a tag named at run time is heard", nil, nil,
			tagFiltered(ghRelease(5, "{TAG}")), DecisionGitHubApp, false, "contents:write", "release.yml (on push) runs on them"},
		{"a push workflow without branch filters hears the deploy", nil, nil,
			deploy("", nil, ciListeners), DecisionGitHubApp, false, "contents:write", "ci.yml (on push) runs on them"},
		{"a workflow on create hears a deploy that may create the branch", nil, nil,
			deploy("", ciOnMain, map[string][]string{"branch": {"ci.yml (on push)", "new.yml (on create)"}}), DecisionGitHubApp, false, "contents:write", "new.yml (on create) runs on them"},
		{"a ghcr.io push a registry_package workflow hears keeps a personal token: GITHUB_TOKEN's package starts no run, ghcr.io takes no App token", nil, nil,
			listened(finding("j", "secrets.PAT", inventory.KindPAT, ghcrPush), map[string][]string{"package": {"mirror.yml (on registry_package)"}}), DecisionNotSupported, false, "packages:write", "mirror.yml (on registry_package) runs on them"},
		{"a ghcr.io push under another account's namespace keeps a personal token", nil, nil,
			listened(finding("j", "secrets.PAT", inventory.KindPAT, inventory.Operation{Kind: inventory.OpDocker, Method: "DOCKER", Name: "push", Writes: true,
				Path: "push ghcr.io/old-org/app:1,ghcr.io/acme/app:1", Evidence: inventory.Evidence{Line: 9}}), map[string][]string{"package": {}}),
			DecisionNotSupported, false, "packages:write", "pushes images under ghcr.io/old-org, another account's packages"},
		{"images named at run time, another account's in the job's matrix: a person checks which are pushed", nil, nil,
			listened(finding("j", "secrets.PAT", inventory.KindPAT, inventory.Operation{Kind: inventory.OpDocker, Method: "DOCKER", Name: "push", Writes: true,
				Path: "push {tag} (named at run time) (the job's matrix names ghcr.io/old-org/app, ghcr.io/acme/app)", Evidence: inventory.Evidence{Line: 9}}), map[string][]string{"package": {}}),
			DecisionManualReview, false, "packages:write", "the job's matrix names images under ghcr.io/old-org"},
		{"a deployment a workflow on deployment hears needs an App: GITHUB_TOKEN's starts no run", nil, nil,
			listened(finding("j", "secrets.PAT", inventory.KindPAT, rest(9, "POST", "/repos/acme/demo/deployments")), map[string][]string{"deployment": {"release.yml (on deployment)"}}), DecisionGitHubApp, false, "deployments:write", "release.yml (on deployment) runs on them"},
		{"a deployment no workflow hears: GITHUB_TOKEN", nil, nil,
			listened(finding("j", "secrets.PAT", inventory.KindPAT, rest(9, "POST", "/repos/acme/demo/deployments")), map[string][]string{"deployment": {}}), DecisionGitHubToken, true, "deployments:write", "no workflow of this repository runs on deployments"},
		{"a ghcr.io push no workflow hears: GITHUB_TOKEN", nil, nil,
			listened(finding("j", "secrets.PAT", inventory.KindPAT, ghcrPush), map[string][]string{"package": {}}), DecisionGitHubToken, true, "packages:write", "every permission can be granted to GITHUB_TOKEN"},
		{"a ghcr.io push where the workflows were not all read: GITHUB_TOKEN, saying what was not known", nil, nil,
			finding("j", "secrets.PAT", inventory.KindPAT, ghcrPush), DecisionGitHubToken, true, "packages:write", "whether one runs on registry_package is not known"},
		{"a reusable workflow's pull request, no workflow here running on them: its callers' repositories may have some", nil, nil,
			func() inventory.Finding {
				f := listened(finding("j", "secrets.PAT", inventory.KindPAT, rest(6, "POST", "/repos/{owner}/{repo}/pulls")), map[string][]string{"branch": {}, "pull_request": {}})
				f.JobInfo.CalledOnly = true
				return f
			}(), DecisionGitHubApp, false, "pull_requests:write", "opens pull requests"},
		{"a read of a public repository named in the config needs no App", public, nil,
			withRepos(finding("j", "secrets.PAT", inventory.KindPAT), "other/lib", false), DecisionGitHubToken, true, "", "public repository other/lib"},
		{"a read of a repository the organisation scan saw public needs no App", nil, []inventory.RepoSummary{{Name: "acme/lib", Visibility: "public"}},
			withRepos(finding("j", "secrets.PAT", inventory.KindPAT), "acme/lib", false), DecisionGitHubToken, true, "", "public repository acme/lib"},
		{"a read of a private repository needs an App", nil, []inventory.RepoSummary{{Name: "acme/lib", Visibility: "private"}},
			withRepos(finding("j", "secrets.PAT", inventory.KindPAT), "acme/lib", false), DecisionGitHubApp, false, "contents:read", "other repositories (acme/lib)"},
		{"a repository of unknown visibility is taken as private, and the plan says so", nil, nil,
			withRepos(finding("j", "secrets.PAT", inventory.KindPAT), "acme/lib", false), DecisionGitHubApp, false, "contents:read", "takes it as private"},
		{"writes to repositories of two accounts with one token: a person splits the token", nil, nil,
			withRepos(finding("j", "secrets.PAT", inventory.KindPAT, rest(5, "POST", "/repos/{owner}/{repo}/issues")), "bot-user/web", true), DecisionManualReview, false, "contents:write,issues:write", "several accounts, or reads private ones of another account besides (acme, bot-user)"},
		{"reads of another account's repository, not known public, and writes to its own: one token cannot reach both", nil, nil,
			withRepos(finding("j", "secrets.PAT", inventory.KindPAT, rest(5, "POST", "/repos/{owner}/{repo}/issues")), "bot-user/web", false), DecisionManualReview, false, "contents:read,issues:write", "reads private ones of another account besides (acme, bot-user)"},
		{"reads of another account's public repository and writes to its own: one token", &config.Config{PublicRepos: []string{"bot-user/web"}}, nil,
			withRepos(finding("j", "secrets.PAT", inventory.KindPAT, rest(5, "POST", "/repos/{owner}/{repo}/issues")), "bot-user/web", false), DecisionGitHubToken, true, "issues:write", "public repository bot-user/web"},
		{"a push to a public repository still needs an App", public, nil,
			withRepos(finding("j", "secrets.PAT", inventory.KindPAT), "other/lib", true), DecisionGitHubApp, false, "contents:write", "other repositories (other/lib)"},
		{"a fallback to the built-in token does not make GITHUB_TOKEN enough for events that must start workflows", nil, nil,
			withFallback(finding("j", "secrets.PAT", inventory.KindPAT, opOf(inventory.OpGit, "push", 7))), DecisionGitHubApp, false, "contents:write", "with the secret set they do"},
		{"a fallback to the built-in token: GITHUB_TOKEN does what starts no workflow", nil, nil,
			withFallback(finding("j", "secrets.PAT", inventory.KindPAT, rest(5, "POST", "/repos/{owner}/{repo}/issues/{issue_number}/comments"))), DecisionGitHubToken, true, "issues:write", ""},
		{"a fallback says GITHUB_TOKEN suffices even with parts to review", nil, nil,
			withFallback(unresolvedAt(finding("j", "secrets.PAT", inventory.KindPAT, rest(5, "POST", "/repos/{owner}/{repo}/issues/{issue_number}/comments")), 9)), DecisionManualReview, true, "issues:write", "line 9"},
		{"a fallback does not make a permission GITHUB_TOKEN cannot hold", nil, nil,
			withFallback(finding("j", "secrets.PAT", inventory.KindPAT, rest(5, "PUT", "/repos/acme/web/environments/prod/secrets/X"))), DecisionGitHubApp, false, "environments:write,secrets:write", "can never be granted"},
		{"a tag and a release no workflow of the repository runs on: GITHUB_TOKEN misses nothing", nil, nil,
			listened(finding("j", "secrets.PAT", inventory.KindPAT, tagPush(5), releaseOp), nil), DecisionGitHubToken, true, "contents:write", "no workflow of this repository runs on tags or releases"},
		{"a tag a workflow runs on needs a token whose events start it, and the reason names it", nil, nil,
			listened(finding("j", "secrets.PAT", inventory.KindPAT, tagPush(5)), map[string][]string{"tag": {"release.yml (on push)"}}), DecisionGitHubApp, false, "contents:write", "release.yml (on push) runs on them"},
		{"a tag made through the API that only branch pushes are heard for: GITHUB_TOKEN misses nothing", nil, nil,
			listened(finding("j", "secrets.PAT", inventory.KindPAT, tagsOnlyOp(rest(5, "POST", "/repos/{owner}/{repo}/git/refs"))), map[string][]string{"branch": {"ci.yml (on push)"}}), DecisionGitHubToken, true, "contents:write", "no workflow of this repository runs on tags"},
		{"a ref made through the API, branch or tag, that branch pushes are heard for needs an App", nil, nil,
			listened(finding("j", "secrets.PAT", inventory.KindPAT, rest(5, "POST", "/repos/{owner}/{repo}/git/refs")), map[string][]string{"branch": {"ci.yml (on push)"}}), DecisionGitHubApp, false, "contents:write", "ci.yml (on push) runs on them"},
		{"a push with a secret named for an admin's power needs an App a bypass list can hold", nil, nil,
			listened(finding("j", "secrets.ADMIN_PAT", inventory.KindPAT, opOf(inventory.OpGit, "push", 5)), map[string][]string{"branch": {}, "tag": {}, "pull_request": {}}), DecisionGitHubApp, false, "contents:write", "bypass list"},
		{"a push with another PAT keeps GITHUB_TOKEN, with the protection warning", nil, nil,
			listened(finding("j", "secrets.BOT_PAT", inventory.KindPAT, opOf(inventory.OpGit, "push", 5)), map[string][]string{"branch": {}, "tag": {}, "pull_request": {}}), DecisionGitHubToken, true, "contents:write", ""},
		{"slash-command-dispatch's token sends repository dispatches and reads the pull request", nil, nil,
			slashDispatch("token", nil), DecisionGitHubToken, true, "contents:write,pull_requests:read", ""},
		{"slash-command-dispatch's token with dispatch-type workflow needs actions: write, not contents", nil, nil,
			slashDispatch("token", map[string]string{"dispatch-type": "workflow"}), DecisionGitHubToken, true, "actions:write,pull_requests:read", ""},
		{"slash-command-dispatch's reaction-token only reacts to the comment", nil, nil,
			slashDispatch("reaction-token", map[string]string{"dispatch-type": "workflow"}), DecisionGitHubToken, true, "issues:write", ""},
		{"slash-command-dispatch's reaction-token with reactions: false does nothing", nil, nil,
			slashDispatch("reaction-token", map[string]string{"reactions": "false"}), DecisionGitHubToken, true, "", ""},
		{"a release a workflow runs on needs an App", nil, nil,
			listened(finding("j", "secrets.PAT", inventory.KindPAT, releaseOp), map[string][]string{"release": {"publish.yml (on release)"}}), DecisionGitHubApp, false, "contents:write", "publish.yml (on release) runs on them"},
		{"a release with only tag listeners still needs an App: the release makes its tag", nil, nil,
			listened(finding("j", "secrets.PAT", inventory.KindPAT, releaseOp), map[string][]string{"tag": {"ci.yml (on push)"}}), DecisionGitHubApp, false, "contents:write", "ci.yml (on push) runs on them"},
		{"a release of the pushed tag the workflow runs for makes no tag event: tag listeners do not count", nil, nil,
			onTags(listened(finding("j", "secrets.PAT", inventory.KindPAT, ghRelease(5, "{GITHUB_REF_NAME}")), map[string][]string{"tag": {"release.yml (on push)"}})), DecisionGitHubToken, true, "contents:write", "the release is of the pushed tag"},
		{"softprops/action-gh-release with tag_name unset releases the run's tag", nil, nil,
			onTags(listened(finding("j", "secrets.PAT", inventory.KindPAT, ghRelease(5, "")), map[string][]string{"tag": {"release.yml (on push)"}})), DecisionGitHubToken, true, "contents:write", "no workflow of this repository runs on releases"},
		{"a push to this repository's wiki starts no workflow when none runs on gollum", nil, nil,
			listened(finding("j", "secrets.PAT", inventory.KindPAT, func() inventory.Operation { op := opOf(inventory.OpGit, "push", 7); op.Wiki = true; return op }()), map[string][]string{"tag": {"ci.yml (on push)"}}), DecisionGitHubToken, true, "contents:write", "no workflow of this repository runs on wiki page changes"},
		{"a push to this repository's wiki where a workflow runs on gollum needs an App", nil, nil,
			listened(finding("j", "secrets.PAT", inventory.KindPAT, func() inventory.Operation { op := opOf(inventory.OpGit, "push", 7); op.Wiki = true; return op }()), map[string][]string{"wiki": {"wiki.yml (on gollum)"}}), DecisionGitHubApp, false, "contents:write", "wiki.yml (on gollum) runs on them"},
		{"a draft release makes no release event: release listeners do not make it need an App", nil, nil,
			listened(finding("j", "secrets.PAT", inventory.KindPAT, inventory.Operation{Kind: inventory.OpGH, Method: "GH", Name: "gh release create", Args: []string{"release", "create", "v2", "--draft"}, Writes: true, Evidence: inventory.Evidence{Line: 5, Text: "gh release create"}}), map[string][]string{"release": {"publish.yml (on release)"}}), DecisionGitHubToken, true, "contents:write", "a draft release makes no release event"},
		{"gh release create --verify-tag releases a tag that exists: with no release listener, GITHUB_TOKEN", nil, nil,
			listened(finding("j", "secrets.PAT", inventory.KindPAT, inventory.Operation{Kind: inventory.OpGH, Method: "GH", Name: "gh release create", Args: []string{"release", "create", "v2", "--verify-tag"}, Writes: true, Evidence: inventory.Evidence{Line: 5, Text: "gh release create"}}), map[string][]string{"tag": {"ci.yml (on push)"}}), DecisionGitHubToken, true, "contents:write", "no workflow of this repository runs on releases"},
		{"gh release create --verify-tag, a workflow on releases: an App", nil, nil,
			listened(finding("j", "secrets.PAT", inventory.KindPAT, inventory.Operation{Kind: inventory.OpGH, Method: "GH", Name: "gh release create", Args: []string{"release", "create", "v2", "--verify-tag"}, Writes: true, Evidence: inventory.Evidence{Line: 5, Text: "gh release create"}}), map[string][]string{"release": {"publish.yml (on release)"}}), DecisionGitHubApp, false, "contents:write", "publish.yml (on release) runs on them"},
		{"the built-in token's release that a workflow runs on starts nothing today: a warning says so", nil, nil,
			listened(finding("j", "secrets.GITHUB_TOKEN", inventory.KindGitHubToken, releaseOp), map[string][]string{"release": {"homebrew.yml (on release)"}}), DecisionGitHubToken, true, "contents:write", "homebrew.yml (on release) does not run on them today"},
		{"a push of a [skip ci] commit starts no workflow: GITHUB_TOKEN suffices", nil, nil,
			listened(finding("j", "secrets.PAT", inventory.KindPAT, func() inventory.Operation {
				op := opOf(inventory.OpGit, "push", 7)
				op.SkipsCI = "line 6: its commit message holds [skip ci]"
				return op
			}()), map[string][]string{"tag": {"ci.yml (on push)"}}), DecisionGitHubToken, true, "contents:write", "so GitHub starts no push or pull_request workflow"},
		{"a [skip ci] push where a workflow runs on create keeps the App: a new branch makes a create event", nil, nil,
			listened(finding("j", "secrets.PAT", inventory.KindPAT, func() inventory.Operation {
				op := opOf(inventory.OpGit, "push", 7)
				op.SkipsCI = "line 6: its commit message holds [skip ci]"
				return op
			}()), map[string][]string{"tag": {"branches.yml (on create)"}, "branch": {"branches.yml (on create)"}}), DecisionGitHubApp, false, "contents:write", "pushes commits that CI or later workflows must see"},
		{"a [skip ci] push with workflows not all read keeps the App", nil, nil,
			finding("j", "secrets.PAT", inventory.KindPAT, func() inventory.Operation {
				op := opOf(inventory.OpGit, "push", 7)
				op.SkipsCI = "line 6: its commit message holds [skip ci]"
				return op
			}()), DecisionGitHubApp, false, "contents:write", "pushes commits that CI or later workflows must see"},
		{"a GoReleaser release (of the tag on the built commit) in a tags-only workflow makes no tag event", nil, nil,
			onTags(listened(finding("j", "secrets.PAT", inventory.KindPAT, func() inventory.Operation { op := releaseOp; op.ReleaseOfHead = true; return op }()), map[string][]string{"tag": {"release.yml (on push)"}})), DecisionGitHubToken, true, "contents:write", "the release is of the pushed tag"},
		{"a GoReleaser release outside a tags-only workflow may make its tag", nil, nil,
			listened(finding("j", "secrets.PAT", inventory.KindPAT, func() inventory.Operation { op := releaseOp; op.ReleaseOfHead = true; return op }()), map[string][]string{"tag": {"release.yml (on push)"}}), DecisionGitHubApp, false, "contents:write", "release.yml (on push) runs on them"},
		{"a release of another tag than the run's may make a tag a workflow runs on", nil, nil,
			onTags(listened(finding("j", "secrets.PAT", inventory.KindPAT, ghRelease(5, "v${{ github.ref_name }}")), map[string][]string{"tag": {"release.yml (on push)"}})), DecisionGitHubApp, false, "contents:write", "release.yml (on push) runs on them"},
		{"a release of the run's ref outside a tags-only workflow may make the tag", nil, nil,
			listened(finding("j", "secrets.PAT", inventory.KindPAT, ghRelease(5, "{github.ref_name}")), map[string][]string{"tag": {"release.yml (on push)"}}), DecisionGitHubApp, false, "contents:write", "release.yml (on push) runs on them"},
		{"a tool's release no workflow of the repository runs on: GITHUB_TOKEN misses nothing", nil, nil,
			listened(crUpload(finding("j", "secrets.PAT", inventory.KindPAT), ""), nil), DecisionGitHubToken, true, "contents:write", "no workflow of this repository runs on tags or releases"},
		{"a tool's release a workflow runs on needs an App", nil, nil,
			listened(crUpload(finding("j", "secrets.PAT", inventory.KindPAT), ""), map[string][]string{"release": {"index.yml (on release)"}}), DecisionGitHubApp, false, "contents:write", "index.yml (on release) runs on them"},
		{"a tool's release in another repository is not judged by this one's workflows", nil, nil,
			listened(crUpload(finding("j", "secrets.PAT", inventory.KindPAT), "acme/charts"), nil), DecisionGitHubApp, false, "contents:write", "creates releases (and their tags) that later workflows react to"},
		{"a branch push in a scan that did not record branch listeners is taken to start workflows", nil, nil,
			listened(finding("j", "secrets.PAT", inventory.KindPAT, opOf(inventory.OpGit, "push", 7)), nil), DecisionGitHubApp, false, "contents:write", "pushes commits that CI"},
		{"a branch push where a workflow runs on push needs an App", nil, nil,
			listened(finding("j", "secrets.PAT", inventory.KindPAT, opOf(inventory.OpGit, "push", 7)), map[string][]string{"branch": {"ci.yml (on push)"}, "pull_request": {}}), DecisionGitHubApp, false, "contents:write", "ci.yml (on push) runs on them"},
		{"a branch push where no workflow runs on push, pull_request or create: GITHUB_TOKEN suffices", nil, nil,
			listened(finding("j", "secrets.PAT", inventory.KindPAT, opOf(inventory.OpGit, "push", 7)), map[string][]string{"branch": {}, "pull_request": {}, "tag": {"release.yml (on push)"}}), DecisionGitHubToken, true, "contents:write", "no workflow of this repository runs on pushed branches"},
		{"without the scan's reading of every workflow a tag is taken to start one", nil, nil,
			finding("j", "secrets.PAT", inventory.KindPAT, tagPush(5)), DecisionGitHubApp, false, "contents:write", "pushes tags that later workflows react to"},
		{"a tag pushed to another repository is not judged by this one's workflows", nil, nil,
			listened(tagsOnly(withRepos(finding("j", "secrets.PAT", inventory.KindPAT), "acme/lib", true)), nil), DecisionGitHubApp, false, "contents:write", "pushes tags that later workflows react to"},
		{"gh pr create after the script pushed the branch with its upstream: no contents write", nil, nil,
			finding("j", "secrets.PAT", inventory.KindPAT, inventory.Operation{Kind: inventory.OpGH, Method: "GH", Name: "gh pr create", Args: []string{"pr", "create", "--fill"}, Writes: true,
				HeadPushed: "git push --set-upstream origin bump", Evidence: inventory.Evidence{Line: 9, Text: "gh pr create --fill"}}), DecisionGitHubApp, false, "pull_requests:write", "gh pushes nothing"},
		{"gh pr create alone may push the branch", nil, nil,
			finding("j", "secrets.PAT", inventory.KindPAT, inventory.Operation{Kind: inventory.OpGH, Method: "GH", Name: "gh pr create", Args: []string{"pr", "create", "--fill"}, Writes: true,
				Evidence: inventory.Evidence{Line: 9, Text: "gh pr create --fill"}}), DecisionGitHubApp, false, "contents:write,pull_requests:write", "opens pull requests"},
		{"a team asked for review with gh needs members: read, which GITHUB_TOKEN cannot hold", nil, nil,
			finding("j", "secrets.PAT", inventory.KindPAT, inventory.Operation{Kind: inventory.OpGH, Method: "GH", Name: "gh pr edit", Args: []string{"pr", "edit", "7", "--add-reviewer", "acme/maintainers"}, Writes: true,
				Evidence: inventory.Evidence{Line: 9, Text: "gh pr edit"}}), DecisionGitHubApp, false, "members:read,pull_requests:write", "a team reviewer needs"},
		{"a user asked for review with gh needs no members read", nil, nil,
			finding("j", "secrets.PAT", inventory.KindPAT, inventory.Operation{Kind: inventory.OpGH, Method: "GH", Name: "gh pr edit", Args: []string{"pr", "edit", "7", "--add-reviewer", "octocat"}, Writes: true,
				Evidence: inventory.Evidence{Line: 9, Text: "gh pr edit"}}), DecisionGitHubToken, true, "pull_requests:write", ""},
		{"a shared issues endpoint on a pull request job that reads linked issues keeps issues", nil, nil,
			onPR(finding("j", "secrets.PAT", inventory.KindPAT,
				inventory.Operation{Kind: inventory.OpGraphQL, Method: "GRAPHQL", Name: "repository", Fields: []string{"pullRequest"}, Nested: []string{"closingIssuesReferences", "nodes", "number"}, Evidence: inventory.Evidence{Line: 4, Text: "github.graphql"}},
				rest(6, "DELETE", "/repos/{owner}/{repo}/issues/{issue_number}/assignees"))), DecisionGitHubToken, true, "issues:write,pull_requests:write", "reads issues (closingIssuesReferences)"},
		{"a shared issues endpoint on a pull request job is the pull request's", nil, nil,
			onPR(finding("j", "secrets.PAT", inventory.KindPAT, rest(6, "DELETE", "/repos/{owner}/{repo}/issues/{issue_number}/assignees"))), DecisionGitHubToken, true, "pull_requests:write", ""},
		{"assigning Copilot with gh is for a user token only", nil, nil,
			finding("j", "secrets.PAT", inventory.KindPAT, inventory.Operation{Kind: inventory.OpGH, Method: "GH", Name: "gh issue edit", Args: []string{"issue", "edit", "7", "--add-assignee", "@copilot"}, Writes: true,
				Evidence: inventory.Evidence{Line: 9, Text: "gh issue edit"}}), DecisionNotSupported, false, "", "Copilot's coding agent"},
		{"the built-in token asked to do what no installation token can keeps the built-in token, with the call named", nil, nil,
			finding("j", "secrets.GITHUB_TOKEN", inventory.KindGitHubToken, rest(5, "POST", "/repos/{owner}/{repo}/pulls"), inventory.Operation{Kind: inventory.OpGH, Method: "GH", Name: "gh pr edit", Args: []string{"pr", "edit", "7", "--add-assignee", "@copilot"}, Writes: true,
				Evidence: inventory.Evidence{Line: 9, Text: "gh pr edit"}}), DecisionGitHubToken, true, "pull_requests:write", "GITHUB_TOKEN included, so it does not work today either: line 9"},
		{"an action's other repositories, named by the step, are planned by their names", nil, nil,
			finding("j", "secrets.PAT", inventory.KindPAT, inventory.Operation{Kind: inventory.OpAction, Method: "ACTION", Path: "mislav/bump-homebrew-formula-action", Name: "mislav/bump-homebrew-formula-action",
				Repos: []string{"other/homebrew-tap"}, Inputs: map[string]string{"homebrew-tap": "other/homebrew-tap"}, Writes: true, Subject: inventory.Subject{Action: "mislav/bump-homebrew-formula-action"}, Evidence: inventory.Evidence{Line: 9, Text: "mislav/bump-homebrew-formula-action"}}), DecisionGitHubApp, false, "contents:write,pull_requests:write", "it reaches other repositories (other/homebrew-tap);"},
		{"a PAT posting a mention of an agent that ignores bots keeps a person's token", nil, nil,
			func() inventory.Finding {
				f := finding("j", "secrets.PAT", inventory.KindPAT, gh(9, "issue create --title x --body-file b.md"))
				f.AgentMentions = []inventory.Evidence{{Line: 7, Text: "@codex"}}
				return f
			}(), DecisionNotSupported, false, "issues:write", "line 7: @codex: what the job posts mentions an agent"},
		{"a mention in a job that only reads is no reason to keep a person's token", nil, nil,
			func() inventory.Finding {
				f := finding("j", "secrets.PAT", inventory.KindPAT, gh(9, "issue list"))
				f.AgentMentions = []inventory.Evidence{{Line: 7, Text: "@codex"}}
				return f
			}(), DecisionGitHubToken, true, "issues:read", ""},
		{"a token nothing receives: remove the reference", nil, nil,
			finding("j", "secrets.OLD", inventory.KindPAT), DecisionRemoveReference, true, "", "or an env: entry no command of its step reads"},
		{"a token only tested: remove the reference, and say the test may decide what runs", nil, nil,
			func() inventory.Finding {
				f := finding("j", "secrets.OLD", inventory.KindPAT)
				f.Lines = []int{12}
				return f
			}(), DecisionRemoveReference, true, "", "point the test at the credential that replaces this one"},
		{"workflow env no step uses, every step accounted for: remove the reference", nil, nil,
			envUse(finding("j", "secrets.BOT", inventory.KindPAT), true), DecisionRemoveReference, true, "", "every step was read"},
		{"workflow env a condition reads is not unused: its value decides which steps run", nil, nil,
			inCondition(envUse(finding("j", "secrets.BOT", inventory.KindPAT), true)), DecisionManualReview, false, "", "no step shows a use"},
		{"workflow env no step shows a use of, a step not accounted for: a person reads it", nil, nil,
			envUse(finding("j", "secrets.BOT", inventory.KindPAT), false), DecisionManualReview, false, "", "no step shows a use"},
		{"workflow env with another use is not unused, however well read", nil, nil,
			envUse(finding("j", "secrets.BOT", inventory.KindPAT, opOf(inventory.OpGit, "push", 7)), true), DecisionGitHubApp, false, "contents:write", ""},
		{"a user-owned package is not supported, with the classic-token fallback", nil, nil,
			finding("j", "secrets.PAT", inventory.KindPAT, rest(5, "DELETE", "/user/packages/container/web/versions/7")), DecisionNotSupported, false, "packages:write", "read:packages"},
		{"one use no installation token can do decides not_supported though other parts are unresolved; the review items stay to size the fallback", nil, nil,
			unresolvedAt(finding("j", "secrets.PAT", inventory.KindPAT, rest(5, "POST", "/gists"), rest(6, "POST", "/repos/{owner}/{repo}/pulls")), 9), DecisionNotSupported, false, "gists:write,pull_requests:write", "line 9"},
		{"a value the scan cannot identify, used for what no installation token can do: not_supported whatever it is", nil, nil,
			finding("j", "steps.creds.outputs.token", inventory.KindUnknown, rest(5, "POST", "/gists")), DecisionNotSupported, false, "gists:write", "whatever the value is now"},
		{"a value the scan cannot identify, used for what an App can do: a person identifies it", nil, nil,
			finding("j", "steps.creds.outputs.token", inventory.KindUnknown, rest(5, "POST", "/repos/{owner}/{repo}/pulls")), DecisionManualReview, false, "pull_requests:write", "cannot be identified"},
		{"a gist edit keeps a token of the gist's owner with Gists: write", nil, nil,
			finding("j", "secrets.PAT", inventory.KindPAT, gh(5, "gist edit abc -f a.md")), DecisionNotSupported, false, "gists:write", "owned by the account that owns the gists"},
		{"an App key given to an action that mints and uses the token itself, not read: the App is kept, its permissions as they are", nil, nil,
			unresolvedAt(finding("j", "secrets.APP_PRIVATE_KEY", inventory.KindAppToken), 9), DecisionGitHubApp, false, "", "not narrowed: line 9"},
		{"an App key given to a minting step: its token's own row holds the permissions", nil, nil,
			finding("j", "secrets.APP_PRIVATE_KEY", inventory.KindAppToken), DecisionGitHubApp, false, "", "permissions belong to the token it mints"},
		{"the built-in token under a declared block, with parts unread: kept, the block not narrowed", nil, nil,
			declared(unresolvedAt(finding("j", "github.token", inventory.KindGitHubToken, rest(5, "POST", "/repos/{owner}/{repo}/pulls")), 9), map[string]string{"contents": "write", "pull-requests": "write"}), DecisionGitHubToken, true, "pull_requests:write", "not narrowed"},
		{"the built-in token without a block, with parts unread: kept with today's permissions, no block written", nil, nil,
			unresolvedAt(finding("j", "github.token", inventory.KindGitHubToken, rest(5, "POST", "/repos/{owner}/{repo}/pulls")), 9), DecisionGitHubToken, true, "pull_requests:write", "no block is written"},
		{"the built-in token under write-all, with parts unread: kept as it is", nil, nil,
			declared(unresolvedAt(finding("j", "github.token", inventory.KindGitHubToken, rest(5, "POST", "/repos/{owner}/{repo}/pulls")), 9), map[string]string{"*": "write-all"}), DecisionGitHubToken, true, "pull_requests:write", "no block is written"},
		{"the built-in token with parts unread and a write to another repository: reviewed", nil, nil,
			unresolvedAt(withRepos(finding("j", "github.token", inventory.KindGitHubToken), "acme/other", true), 9), DecisionManualReview, false, "contents:write", "line 9"},
		{"the built-in token on a repository named at run time: its own, kept", nil, nil,
			runTimeLabel(finding("j", "github.token", inventory.KindGitHubToken)), DecisionGitHubToken, true, "issues:write", "the built-in token writes only to the workflow's own repository"},
		{"the built-in token whose finding names a repository at run time: its own, kept", nil, nil,
			func() inventory.Finding {
				f := finding("j", "secrets.GITHUB_TOKEN", inventory.KindGitHubToken, rest(5, "POST", "/repos/{owner}/{repo}/labels"))
				f.TargetRepos, f.CrossRepo = []string{"run-time:{__js1}"}, true
				return f
			}(), DecisionGitHubToken, true, "issues:write", "narrows it to what the job uses"},
		{"the built-in token where it is only a secret's fallback: planned for what it alone does", nil, nil,
			func() inventory.Finding {
				f := finding("j", "secrets.GITHUB_TOKEN", inventory.KindGitHubToken, rest(5, "POST", "/repos/{owner}/{repo}/labels"), rest(9, "POST", "/repos/{owner}/{repo}/pulls"))
				f.FallbackLines = []int{9}
				return f
			}(), DecisionGitHubToken, true, "issues:write", "narrows it to what the job uses"},
		{"a PAT on a repository named at run time: reviewed", nil, nil,
			runTimeLabel(finding("j", "secrets.BOT", inventory.KindPAT)), DecisionManualReview, false, "issues:write", "a repository named only when the step runs"},
		{"a documented endpoint no permission set lists is reviewed as such, not as no route", nil, nil,
			finding("j", "secrets.PAT", inventory.KindPAT, rest(5, "GET", "/orgs/acme")), DecisionManualReview, false, "", "documented endpoint enabled for GitHub Apps"},
		{"an App token with parts to review is kept, not narrowed", nil, nil,
			unresolvedAt(finding("j", "steps.app.outputs.token", inventory.KindAppToken, rest(5, "POST", "/repos/{owner}/{repo}/pulls")), 9), DecisionGitHubApp, false, "pull_requests:write", "not narrowed: line 9"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			inv := &inventory.Inventory{Complete: true, Findings: []inventory.Finding{tc.f}, Repos: tc.repos}
			p, err := Build(context.Background(), inv, Options{Config: tc.cfg})
			if err != nil {
				t.Fatal(err)
			}
			j := p.Jobs[0]
			if j.Decision != tc.decision || j.GitHubTokenSuffices != tc.suffices {
				t.Errorf("decision %s suffices %v; want %s %v (reasons %q, review %v)", j.Decision, j.GitHubTokenSuffices, tc.decision, tc.suffices, j.Reasons, j.Review)
			}
			if got := permsText(j.Permissions); got != tc.perms {
				t.Errorf("permissions %s, want %s", got, tc.perms)
			}
			all := strings.Join(append(append(append([]string{}, j.Reasons...), j.Warnings...), append(j.ReviewText(), j.Fallback)...), " | ")
			if !strings.Contains(all, tc.mention) {
				t.Errorf("plan does not say %q: %s", tc.mention, all)
			}
		})
	}
}

// TestBranchFilterMatches: a push trigger's branch filters, read as
// GitHub reads them; patterns the planner does not read count as matching.
func TestBranchFilterMatches(t *testing.T) {
	for _, tc := range []struct {
		bf     inventory.BranchFilter
		branch string
		want   bool
	}{
		{inventory.BranchFilter{Branches: []string{"main"}}, "main", true},
		{inventory.BranchFilter{Branches: []string{"main"}}, "gh-pages", false},
		{inventory.BranchFilter{Branches: []string{"main", "releases/*"}}, "releases/v1", true},
		{inventory.BranchFilter{Branches: []string{"releases/*"}}, "releases/v1/fix", false},
		{inventory.BranchFilter{Branches: []string{"releases/**"}}, "releases/v1/fix", true},
		{inventory.BranchFilter{Branches: []string{"*"}}, "gh-pages", true},
		{inventory.BranchFilter{Branches: []string{"**", "!gh-pages"}}, "gh-pages", false},
		{inventory.BranchFilter{Branches: []string{"!gh-pages", "**"}}, "gh-pages", true},
		{inventory.BranchFilter{Branches: []string{"v[0-9]"}}, "gh-pages", true},
		{inventory.BranchFilter{Branches: []string{"ma?in"}}, "gh-pages", true},
		{inventory.BranchFilter{Branches: []string{"a.b"}}, "axb", false},
		{inventory.BranchFilter{BranchesIgnore: []string{"gh-pages"}}, "gh-pages", false},
		{inventory.BranchFilter{BranchesIgnore: []string{"gh-*"}}, "gh-pages", false},
		{inventory.BranchFilter{BranchesIgnore: []string{"docs"}}, "gh-pages", true},
		{inventory.BranchFilter{BranchesIgnore: []string{"gh-page?"}}, "gh-pages", true},
		{inventory.BranchFilter{}, "gh-pages", true},
	} {
		if got := branchFilterMatches(tc.bf, tc.branch); got != tc.want {
			t.Errorf("%+v on %s: %v, want %v", tc.bf, tc.branch, got, tc.want)
		}
	}
}

// permsText renders permissions as the data files write them.
func permsText(p map[string]string) string {
	var out []string
	for _, k := range sortedKeys(p) {
		out = append(out, k+":"+p[k])
	}
	return strings.Join(out, ",")
}

// TestUnresolvedPartKeepsReview is the safety rule: whatever the rest of a
// job resolves to, a part that could write and was not resolved keeps the
// job in manual review, with an item saying where to read. A job that also
// does what no installation token can is not_supported instead (it keeps a
// user's token, nothing is narrowed), and the item stays listed to size
// that token. The built-in token and an App's token, which need no
// migration, are kept as they are, not narrowed, the part named in a
// warning.
func TestUnresolvedPartKeepsReview(t *testing.T) {
	unresolved := map[string]inventory.Unresolved{
		"a script not read":                    {Evidence: inventory.Evidence{Line: 21, Text: "./scripts/release.sh"}, Reason: "./scripts/release.sh runs with $GH_TOKEN in its environment; what it does with it is not visible", Subject: inventory.Subject{Script: "./scripts/release.sh"}},
		"an action not read":                   {Evidence: inventory.Evidence{Line: 22, Text: "acme/publish token"}, Reason: "action not read (offline)", Subject: inventory.Subject{Action: "acme/publish", Input: "token"}},
		"a request to a URL built at run time": {Evidence: inventory.Evidence{Line: 23, Text: `curl -X POST "$API/$PATH"`}, Reason: "the URL is built at run time"},
		"a push to an unknown remote":          {Evidence: inventory.Evidence{Line: 24, Text: "git push $REMOTE"}, Reason: "git push to a remote that is not known"},
		"a step in a called workflow":          {Evidence: inventory.Evidence{File: ".github/workflows/release.yml", Line: 25, Text: "make publish"}, Reason: "make publish runs with $GITHUB_TOKEN in its environment"},
		"a tool without a row":                 {Evidence: inventory.Evidence{Line: 26, Text: "acme-release --publish"}, Reason: "credential passed to acme-release", Subject: inventory.Subject{Command: "acme-release"}},
	}
	bases := map[string]inventory.Finding{
		"a PAT that comments":                   finding("j", "secrets.PAT", inventory.KindPAT, rest(5, "POST", "/repos/{owner}/{repo}/issues/{issue_number}/comments")),
		"a PAT that pushes":                     finding("j", "secrets.PAT", inventory.KindPAT, opOf(inventory.OpGit, "push", 7)),
		"a PAT with a fallback to the built-in": withFallback(finding("j", "secrets.PAT", inventory.KindPAT, rest(5, "GET", "/repos/{owner}/{repo}/pulls"))),
		"the built-in token":                    finding("j", "github.token", inventory.KindGitHubToken, rest(5, "GET", "/repos/{owner}/{repo}/pulls")),
		"an App token":                          finding("j", "steps.app.outputs.token", inventory.KindAppToken, rest(5, "POST", "/repos/{owner}/{repo}/pulls")),
		"a PAT that also does what no App can":  finding("j", "secrets.PAT", inventory.KindPAT, rest(5, "POST", "/gists")),
		"a PAT nothing else uses":               finding("j", "secrets.PAT", inventory.KindPAT),
	}
	for bn, base := range bases {
		for un, u := range unresolved {
			t.Run(bn+" and "+un, func(t *testing.T) {
				f := base
				f.Unresolved = []inventory.Unresolved{u}
				j := planOne(t, nil, f)
				want := DecisionManualReview
				switch bn {
				case "a PAT that also does what no App can":
					want = DecisionNotSupported
				case "the built-in token":
					// Kept as it is, the unread part in a warning.
					want = DecisionGitHubToken
				case "an App token":
					// What the job migrates to already: kept as it is,
					// not narrowed, the unread part in a warning.
					want = DecisionGitHubApp
				}
				if j.Decision != want {
					t.Fatalf("decision %s with %s unresolved; want %s (reasons %q)", j.Decision, un, want, j.Reasons)
				}
				if want == DecisionGitHubToken || want == DecisionGitHubApp {
					if j.PermissionsBlock != "" || len(j.Review) > 0 || !strings.Contains(strings.Join(j.Warnings, " "), u.Evidence.String()) {
						t.Errorf("block %q, review %v, warnings %q: want no block, no review item and a warning naming %s", j.PermissionsBlock, j.ReviewText(), j.Warnings, u.Evidence.String())
					}
					return
				}
				found := false
				for _, e := range j.Review {
					found = found || e.Line == u.Evidence.Line && e.File == u.Evidence.File
				}
				if !found {
					t.Errorf("review %v does not name %s", j.ReviewText(), u.Evidence.String())
				}
			})
		}
	}
}

// withFallback is f whose every line stands in a chain that falls back
// to the built-in token, as the scanner records it.
func withFallback(f inventory.Finding) inventory.Finding {
	f.Expressions = []string{f.Credential + " || github.token"}
	f.BuiltinFallbackLines = slices.Clone(f.Lines)
	return f
}

// TestWorkflowsWriteSaysWhy: a write the scanner says can change
// .github/workflows needs workflows: write, with the reason in its
// evidence, for a push and for an action that pushes.
func TestWorkflowsWriteSaysWhy(t *testing.T) {
	push := opOf(inventory.OpGit, "push", 7)
	push.TouchesWorkflows, push.WorkflowsBecause = true, "line 5: git merge origin/main brings in commits whose .github/workflows may differ"
	action := opOf(inventory.OpAction, "peter-evans/create-pull-request", 9)
	action.TouchesWorkflows, action.WorkflowsBecause = true, "line 8: git apply repo.patch applies a patch whose files are not known"
	for _, op := range []inventory.Operation{push, action} {
		j := planOne(t, nil, finding("j", "secrets.PAT", inventory.KindPAT, op))
		ev := j.Evidence["workflows:write"]
		if j.Permissions["workflows"] != "write" || len(ev) != 1 || !strings.Contains(ev[0].Text, op.WorkflowsBecause) {
			t.Errorf("%s: permissions %v, workflows evidence %v; want workflows: write saying %q", op.Name, j.Permissions, ev, op.WorkflowsBecause)
		}
	}
}

// TestCheckoutConfigKeepsVisibility: a repository planned with its own
// configuration (a checkout's .pat2app.yaml) still knows what the
// inventory and the run know of repositories' visibility, and adds the
// public repositories its own file names.
func TestCheckoutConfigKeepsVisibility(t *testing.T) {
	read := func(repo, target string) inventory.Finding {
		f := finding("j", "secrets.PAT", inventory.KindPAT)
		f.Repo = repo
		f.Operations = append(f.Operations, inventory.Operation{Kind: inventory.OpGit, Method: "GIT", Name: "clone", Repos: []string{target}, Evidence: inventory.Evidence{Line: 12, Text: "git clone"}})
		f.TargetRepos, f.CrossRepo = []string{target}, true
		return f
	}
	run := &config.Config{PublicRepos: []string{"other/run-lib"}}
	own, _, err := run.ForCheckout(&config.Config{PublicRepos: []string{"other/own-lib"}})
	if err != nil {
		t.Fatal(err)
	}
	inv := &inventory.Inventory{Complete: true,
		Repos: []inventory.RepoSummary{{Name: "acme/web", Visibility: "private"}, {Name: "acme/lib", Visibility: "public"}},
		Findings: []inventory.Finding{
			read("acme/web", "acme/lib"),      // public by the inventory
			read("acme/web", "other/run-lib"), // public by the run's file
			read("acme/web", "other/own-lib"), // public by the checkout's own file
		}}
	for i := range inv.Findings {
		inv.Findings[i].Job = []string{"a", "b", "c"}[i]
	}
	p, err := Build(context.Background(), inv, Options{Config: run, RepoConfig: map[string]*config.Config{"acme/web": own}})
	if err != nil {
		t.Fatal(err)
	}
	for _, j := range p.Jobs {
		if j.Decision != DecisionGitHubToken || !j.GitHubTokenSuffices {
			t.Errorf("job %s reading %v: decision %s suffices %v, want github_token (reasons %q)", j.Job, j.TargetRepos, j.Decision, j.GitHubTokenSuffices, j.Reasons)
		}
	}
}

// TestActionFallback: an action whose row says no installation token can
// do its work gets the row's fallback rather than the generic advice.
func TestActionFallback(t *testing.T) {
	op := inventory.Operation{Kind: inventory.OpAction, Method: "ACTION", Path: "vedantmgoyal9/winget-releaser", Name: "vedantmgoyal9/winget-releaser", Writes: true,
		Subject: inventory.Subject{Action: "vedantmgoyal9/winget-releaser", Input: "token"}, Evidence: inventory.Evidence{Line: 9, Text: "vedantmgoyal9/winget-releaser token"}}
	p, err := Build(context.Background(), &inventory.Inventory{SchemaVersion: 1, Complete: true, Findings: []inventory.Finding{finding("publish", "secrets.WINGET_TOKEN", inventory.KindPAT, op)}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	j := p.Jobs[0]
	if j.Decision != DecisionNotSupported || !strings.Contains(j.Fallback, "classic PAT with the public_repo scope") || strings.Contains(j.Fallback, "fine-grained PAT owned") {
		t.Errorf("decision %s, fallback %q; want not_supported with the row's classic public_repo fallback", j.Decision, j.Fallback)
	}
}

// TestConfigReadUsesAreTheActionsUses: a variable an action takes no token
// from, whose uses the scanner read in the action's configuration (GH_PAT in
// GoReleaser's tap repositories), adds no operation of the action's own:
// the App is minted for the taps, not for the workflow's repository. The
// action's own token variable keeps its operation (the release).
func TestConfigReadUsesAreTheActionsUses(t *testing.T) {
	tap := rest(59, "PUT", "/repos/acme/homebrew-tap/contents/{path}")
	tap.Repos, tap.Evidence.File = []string{"acme/homebrew-tap"}, ".goreleaser.yml"
	for _, tc := range []struct {
		env     string
		ownRepo bool
	}{{"GH_PAT", false}, {"GITHUB_TOKEN", true}} {
		op := tap
		op.Subject = inventory.Subject{Action: "goreleaser/goreleaser-action", Input: tc.env}
		f := finding("release", "secrets.PAT", inventory.KindPAT, op)
		f.Uses = []inventory.Use{{Line: 52, Via: inventory.ViaEnv, Target: "goreleaser/goreleaser-action env " + tc.env,
			Subject: inventory.Subject{Action: "goreleaser/goreleaser-action@v6", Input: tc.env}}}
		f.TargetRepos, f.CrossRepo = []string{"acme/homebrew-tap"}, true
		j := planOne(t, nil, f)
		if j.writesOwnRepo != tc.ownRepo {
			t.Errorf("env %s: writes own repository %v, want %v (evidence %v)", tc.env, j.writesOwnRepo, tc.ownRepo, j.Evidence)
		}
	}
}

// TestCreatedTag: the tag an operation releases, when it is written out.
func TestCreatedTag(t *testing.T) {
	gh := func(args ...string) inventory.Operation {
		return inventory.Operation{Kind: inventory.OpGH, Name: "gh release create", Args: append([]string{"release", "create"}, args...)}
	}
	for _, tc := range []struct {
		name string
		op   inventory.Operation
		want string
	}{
		{"tag first", gh("nightly", "--notes", "x"), "nightly"},
		{"options with values before it", gh("--repo", "{owner}/{repo}", "--title", "nightly", "--latest=false", "--prerelease", "nightly"), "nightly"},
		{"an option not known before it", gh("--unknown", "x", "v1"), ""},
		{"named at run time", gh("{TAG}"), ""},
		{"refs/tags/ before it", gh("refs/tags/v1"), "v1"},
		{"a release action's tag input", inventory.Operation{Kind: inventory.OpAction, Subject: inventory.Subject{Action: "softprops/action-gh-release"}, Inputs: map[string]string{"tag_name": "continuous"}}, "continuous"},
		{"an action without it", inventory.Operation{Kind: inventory.OpAction, Subject: inventory.Subject{Action: "softprops/action-gh-release"}}, ""},
	} {
		got, ok := createdTag(tc.op)
		if got != tc.want || ok != (tc.want != "") {
			t.Errorf("%s: %q, %v; want %q", tc.name, got, ok, tc.want)
		}
	}
}

// TestMergesWorkflowPullRequests: a job that merges any author's pull
// requests asks workflows: write, a person's pull request may change
// .github/workflows as another job's may; one restricted to some authors
// is only warned.
func TestMergesWorkflowPullRequests(t *testing.T) {
	opener := finding("upgrade", "secrets.BOT", inventory.KindPAT, opOf(inventory.OpAction, "peter-evans/create-pull-request", 30))
	opener.Operations[0].Path, opener.Operations[0].TouchesWorkflows = "peter-evans/create-pull-request", true
	merger := func(anyAuthor bool) inventory.Finding {
		f := finding("auto-queue", "secrets.BOT", inventory.KindPAT, opOf(inventory.OpAction, "peter-evans/enable-pull-request-automerge", 20))
		f.Operations[0].Path = "peter-evans/enable-pull-request-automerge"
		f.JobInfo.MergesAnyAuthor = anyAuthor
		return f
	}
	for _, tc := range []struct {
		name     string
		findings []inventory.Finding
		want     bool
	}{
		{"any author, and a job opens workflow pull requests", []inventory.Finding{opener, merger(true)}, true},
		{"any author, no such job", []inventory.Finding{merger(true)}, true},
		{"some authors only", []inventory.Finding{opener, merger(false)}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := Build(context.Background(), &inventory.Inventory{Complete: true, Findings: tc.findings}, Options{})
			if err != nil {
				t.Fatal(err)
			}
			for _, j := range p.Jobs {
				if j.Job != "auto-queue" {
					continue
				}
				if got := j.Permissions["workflows"] == "write"; got != tc.want {
					t.Errorf("workflows: write %v, want %v (%v; warnings %q)", got, tc.want, j.Permissions, j.Warnings)
				}
			}
		})
	}
}
