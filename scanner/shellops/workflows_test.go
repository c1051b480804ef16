package shellops

import (
	"strings"
	"testing"
)

func TestIgnoresGitHubFolder(t *testing.T) {
	cases := []struct {
		name, text string
		want       bool
	}{
		{"the folder", "dist\nnode_modules\n.github\n*.md\n", true},
		{"rooted, with a slash", "/.github/\n", true},
		{"its workflows", ".github/workflows/**\n", true},
		{"not there", "dist\n*.md\n", false},
		{"another folder under it", ".github/ISSUE_TEMPLATE\n", false},
		{"brought back by a negation", ".github\n!.github/workflows/ci.yml\n", false},
		{"a negation of everything", ".github\n!*\n", false},
		{"a negation of something else", ".github\n!docs/keep.md\n", true},
		{"a comment", "# .github\n", false},
	}
	for _, c := range cases {
		if got := ignoresGitHubFolder(c.text); got != c.want {
			t.Errorf("%s: ignoresGitHubFolder(%q) = %v, want %v", c.name, c.text, got, c.want)
		}
	}
}

func TestCredentialInAnotherHostsURL(t *testing.T) {
	runUseCases(t, []useCase{
		{"a package index's user information", Input{Script: "uv pip install --default-index https://pydantic:${PPPR_TOKEN}@pppr.example.dev/simple/ mkdocs-material", Cred: env("PPPR_TOKEN")},
			[]string{"1 uv secrets.PPPR_TOKEN via=url host=pppr.example.dev gh=-1"}},
		{"a GitHub URL is not another service's", Input{Script: "some-tool https://x-access-token:${T}@github.com/o/r.git", Cred: env("T")},
			[]string{"1 some-tool secrets.T via=arg gh=+0 unresolved"}},
		{"the credential in the path is not the host's", Input{Script: "some-tool https://hooks.example.com/${T}", Cred: env("T")},
			[]string{"1 some-tool secrets.T via=arg gh=+0 unresolved"}},
	})
}

func TestMirrorPush(t *testing.T) {
	const why = "it pushes the history of acme/app's checkout to bot/app, which need not have its .github/workflows changes"
	cases := []struct {
		name string
		in   Input
		want string
	}{
		{"this checkout's history pushed to a bot's fork", Input{Script: "git remote add bot https://github.com/bot/app.git\ngit push --force bot main", Repo: "acme/app", RepoRoot: ".", OwnCheckout: true, Persisted: []string{"secrets.P"}}, why},
		{"a folder of built files is not the checkout's history", Input{Script: "cd site\ngit push https://x:$T@github.com/bot/app.git HEAD:gh-pages", Cred: env("T"), Repo: "acme/app", RepoRoot: ".", OwnCheckout: true}, ""},
		{"no checkout of this repository", Input{Script: "git push https://x:$T@github.com/bot/app.git HEAD:main", Cred: env("T"), Repo: "acme/app", RepoRoot: "."}, ""},
		{"tags alone", Input{Script: "git push https://x:$T@github.com/bot/app.git refs/tags/v1:refs/tags/v1", Cred: env("T"), Repo: "acme/app", RepoRoot: ".", OwnCheckout: true}, ""},
		{"its own origin", Input{Script: "git push origin main", Repo: "acme/app", RepoRoot: ".", OwnCheckout: true, Persisted: []string{"secrets.P"}}, ""},
	}
	for _, c := range cases {
		got, n := pushWorkflowsBecause(c.in)
		if n != 1 || got != c.want {
			t.Errorf("%s: %d pushes, workflows because %q; want one, %q", c.name, n, got, c.want)
		}
	}
}

func TestPushAfterIntegration(t *testing.T) {
	pull := "line 1: git pull --autostash --rebase origin main merges a named branch, whose .github/workflows may differ"
	cases := []struct {
		name, script, want string
	}{
		{"pulled and pushed back to the same branch", "git pull --autostash --rebase origin main\ngit commit -am x\ngit push origin HEAD:main", ""},
		{"the same branch by name", "git pull origin main\ngit push origin main", ""},
		{"the same branch named by one workflow expression", "git pull --rebase origin ${{ env.branch }}\ngit push --set-upstream origin ${{ env.branch }}", ""},
		{"another expression's branch", "git pull --rebase origin ${{ env.branch }}\ngit push origin ${{ env.other }}", "line 1: git pull --rebase origin ${{ env.branch }} merges a named branch, whose .github/workflows may differ"},
		{"a shell variable may change between", "git pull origin \"$B\"\ngit push origin \"$B\"", "line 1: git pull origin \"$B\" merges a named branch, whose .github/workflows may differ"},
		{"rebased on the remote's branch, pushed to it", "git fetch origin\ngit rebase origin/main\ngit push origin HEAD:main", ""},
		{"pushed to another branch", "git pull --autostash --rebase origin main\ngit push origin HEAD:release", pull},
		{"pushed with no branch named", "git pull --autostash --rebase origin main\ngit push", pull},
		{"two branches pulled", "git pull origin main\ngit pull origin next\ngit push origin HEAD:main", "line 1: git pull origin main merges a named branch, whose .github/workflows may differ"},
		{"the branch checked out, pulled from origin: a tag on it brings nothing", "git checkout \"$BRANCH\"\ngit pull origin \"$BRANCH\"\ngit tag v2\ngit push origin v2", ""},
		{"the branch pulled, then reset to another branch's commits", "git checkout \"$PR\"\ngit pull origin \"$PR\"\ngit reset --hard origin/release\ngit push origin \"$PR\" --force", "line 3: git reset --hard origin/release moves the branch to another commit, whose .github/workflows may differ"},
		{"a branch reset to another with checkout -B", "git checkout -B bot/update origin/main\ngit commit -am x\ngit push --force origin bot/update", "line 1: git checkout -B bot/update origin/main moves the branch to another commit, whose .github/workflows may differ"},
		{"reset to a commit of its own history", "git reset --hard HEAD~1\ngit push origin main --force", ""},
		{"another branch than the one checked out", "git checkout main\ngit pull origin next\ngit push origin v2", "line 2: git pull origin next merges a named branch, whose .github/workflows may differ"},
		{"commits the script made and tagged itself, cherry-picked back in another order", "git commit -m relevant\ngit commit -am boilerplate\ngit tag _old\ngit reset --hard HEAD~2\ngit cherry-pick _old _old~1\ngit tag -d _old\ngit push origin HEAD:main", ""},
		{"a tag on another commit is not the script's own", "git tag _old origin/next\ngit cherry-pick _old\ngit push origin HEAD:main", "line 2: git cherry-pick _old copies commits whose changes, .github/workflows included, are made elsewhere"},
		{"a later reason holds for any push", "git pull origin main\ngit cherry-pick abc123\ngit push origin HEAD:main", "line 2: git cherry-pick abc123 copies commits whose changes, .github/workflows included, are made elsewhere"},
	}
	for _, c := range cases {
		got, n := pushWorkflowsBecause(ownCheckoutScript(c.script))
		if n != 1 || got != c.want {
			t.Errorf("%s: %d pushes, workflows because %q; want one, %q", c.name, n, got, c.want)
		}
	}
}

func TestScriptUnderGitHubIsRunNotWritten(t *testing.T) {
	for _, c := range []struct{ script, want string }{
		{"python3 .github/workflows/scripts/secrets.py \"$X\"\ngit push origin main", ""},
		{"bash .github/scripts/bump.sh\ngit push origin main", ""},
		{"source gha/.github/workflows/common.sh\ngit push origin main", ""},
		{". .github/lib.sh .github/workflows/ci.yml\ngit push origin main", "line 1: . .github/lib.sh .github/workflows/ci.yml writes under .github"},
		{"python3 tools/gen.py .github/workflows/ci.yml\ngit push origin main", "line 1: python3 tools/gen.py .github/workflows/ci.yml writes under .github"},
		{"cp templates/ci.yml .github/workflows/\ngit push origin main", "line 1: cp templates/ci.yml .github/workflows/ writes under .github"},
		{"cd .github\ncurl -sS https://api.github.com/repos/a/b/commits/c > commit.json\ncd ..\ngit push origin main", ""},
		{"pre-commit run --all-files\ngit commit -am fix\ngit push origin main", "line 1: pre-commit run --all-files regenerates files, .github/workflows included"},
		{"uvx prek run --all-files\ngit push origin main", "line 1: uvx prek run --all-files regenerates files, .github/workflows included"},
		{"brew install pre-commit\npip install --upgrade prek\ngit push origin main", ""},
		{"pre-commit run trailing-whitespace --files CHANGELOG.md .changes/* || true\ngit push origin main", ""},
		{"prek autoupdate -c .pre-commit-config.yaml\ngit push origin main", ""},
		{"pre-commit autoupdate --freeze\ngit push origin main", ""},
		{"pre-commit migrate-config\ngit push origin main", ""},
		{"pre-commit run yamllint --files .github/workflows/ci.yml\ngit push origin main", "line 1: pre-commit run yamllint --files .github/workflows/ci.yml regenerates files, .github/workflows included"},
	} {
		got, _ := pushWorkflowsBecause(ownCheckoutScript(c.script))
		if got != c.want {
			t.Errorf("%q: workflows because %q, want %q", c.script, got, c.want)
		}
	}
}

// ownCheckoutScript is a script run at the root of this repository's
// checkout, with the credential actions/checkout persisted.
func ownCheckoutScript(script string) Input {
	return Input{Script: script, Repo: "acme/app", RepoRoot: ".", OwnCheckout: true, Persisted: []string{"secrets.P"}}
}

// pushWorkflowsBecause is why the last push of a script may change
// .github/workflows, and how many pushes it makes.
func pushWorkflowsBecause(in Input) (string, int) {
	got, n := "", 0
	for _, u := range Analyze(in).Uses {
		for _, o := range u.Ops {
			if o.Name == "push" {
				got, n = o.WorkflowsBecause, n+1
			}
		}
	}
	return got, n
}

// TestWorkflowWriterAction: an action is a workflow writer by its name,
// the repository's without an "action" word, or the owner's when the
// repository is named action.
func TestWorkflowWriterAction(t *testing.T) {
	for _, c := range []struct{ uses, want string }{
		{"pre-commit/action@v3.0.1", "pre-commit"},
		{"j178/prek-action@564dda4cfa5e96aafdc4a5696c4bf7b46baae5ac", "prek"},
		{"suzuki-shunsuke/pinact-action@v1", "pinact"},
		{"oxsecurity/megalinter/flavors/python@v8", "megalinter"},
		{"super-linter/super-linter/slim@v7", "super-linter"},
		{"actions/checkout@v4", ""},
		{"pre-commit-ci/lite-action@v1", ""},
		{"./.github/actions/prek-action", ""},
		{"docker://prek", ""},
		{"acme/setup-prek@v1", ""},
	} {
		if got := WorkflowWriterAction(c.uses); got != c.want {
			t.Errorf("%s: %q, want %q", c.uses, got, c.want)
		}
	}
}

// TestReadsIndirect: ${!NAME} reads the variable NAME names, any of the
// environment; ${!prefix@} and ${#X} do not.
func TestReadsIndirect(t *testing.T) {
	for _, c := range []struct {
		script string
		want   bool
	}{
		{"V=RELEASE_ACTOR_$ACTOR\necho \"A=${!V}\" >> $GITHUB_ENV", true},
		{"echo \"${!RELEASE_@}\"", false},
		{"echo \"${#X}\" \"$X\"", false},
	} {
		if got := Analyze(Input{Script: c.script, StartLine: 1}).ReadsIndirect; got != c.want {
			t.Errorf("%q: ReadsIndirect %v, want %v", c.script, got, c.want)
		}
	}
}

// TestPresenceTestIsNoUse: [ -z "$TOKEN" ] tests the value; nothing is
// left unread for it. A program given the variable in its arguments is.
func TestPresenceTestIsNoUse(t *testing.T) {
	for _, c := range []struct {
		script string
		unread int
	}{
		{"if [ -z \"$T\" ]; then\n  exit 1\nfi", 0},
		{"test -n \"$T\" || exit 1", 0},
		{"some-tool --key \"$T\"", 1},
	} {
		r := Analyze(Input{Script: c.script, StartLine: 1, Cred: map[string][]string{"T": {"secrets.T"}}})
		if len(r.Unread) != c.unread {
			t.Errorf("%q: unread %v, want %d", c.script, r.Unread, c.unread)
		}
	}
}

// TestPushWithoutCredential: a push over HTTPS that no credential reaches
// is recorded; one with the checkout's credential, a token in the URL, or
// over SSH is not.
func TestPushWithoutCredential(t *testing.T) {
	for _, c := range []struct {
		in   Input
		want string
	}{
		{Input{Script: "git add results\ngit commit -m r\ngit push", StartLine: 10}, "line 12: git push"},
		{Input{Script: "git push", StartLine: 1, Persisted: []string{"secrets.P"}}, ""},
		{Input{Script: "git push https://x:$T@github.com/o/r.git main", StartLine: 1, Cred: map[string][]string{"T": {"secrets.T"}}}, ""},
		{Input{Script: "git push git@github.com:o/r.git main", StartLine: 1}, ""},
	} {
		if got := Analyze(c.in).PushWithoutCredential; got != c.want {
			t.Errorf("%q: %q, want %q", c.in.Script, got, c.want)
		}
	}
}

// TestRepoTopLevel: $(git rev-parse --show-toplevel) is the checkout's
// root when the script runs there, so a script named under it is that
// file of the checkout; elsewhere it stays a value of the run.
func TestRepoTopLevel(t *testing.T) {
	const script = "ROOT=$(git rev-parse --show-toplevel)\n\"$ROOT/scripts/x.sh\" --go"
	for _, c := range []struct {
		root, dir, want string
	}{
		{".", "", "{GITHUB_WORKSPACE}/scripts/x.sh"},
		{"app", "app", "{GITHUB_WORKSPACE}/app/scripts/x.sh"},
		{".", "vendor/lib", "{git}/scripts/x.sh"},
		{ForeignRoot, "", "{git}/scripts/x.sh"},
	} {
		r := Analyze(Input{Script: script, StartLine: 1, RepoRoot: c.root, Dir: c.dir, Cred: map[string][]string{"T": {"secrets.T"}}})
		if len(r.Unread) != 1 || r.Unread[0].Program != c.want {
			t.Errorf("root %q dir %q: unread %+v, want %s", c.root, c.dir, r.Unread, c.want)
		}
	}
}

// TestEmptiesWorkTree: deleting a work tree's entries but .git, or
// mirroring a folder into it with rsync --delete and .git excluded, may
// delete or replace workflow files; leaving .github out, or deleting in a
// folder that is not shown to be a work tree, does not.
func TestEmptiesWorkTree(t *testing.T) {
	for _, c := range []struct {
		script string
		want   bool
	}{
		{"find target -maxdepth 1 -not -name '.git' -not -name . -exec rm -rf {} +", true},
		{"find target -mindepth 1 -maxdepth 1 ! -name .git -delete", true},
		{"rsync -a --delete --exclude .git out/ target/", true},
		{"rsync -a --delete-after --exclude=.git/ out/ target/", true},
		{"rsync -aC --delete out/ target/", false}, // -aC is one word: not read as -C
		{"rsync -a -C --delete out/ target/", true},
		{"find dist -name '*.map' -delete", false},
		{"rsync -a --exclude .git out/ target/", false},
		{"rsync -a --delete out/ site/", false},
	} {
		got, _ := pushWorkflowsBecause(Input{Script: c.script + "\ngit push origin main", Repo: "acme/app", RepoRoot: ".", OwnCheckout: true, Persisted: []string{"secrets.P"}})
		if (got != "") != c.want {
			t.Errorf("%s: workflows because %q, want %v", c.script, got, c.want)
		}
	}
	// .github left out by name: this rule says nothing (a command naming
	// .github is judged by the rule for paths under it).
	for _, words := range [][]string{
		{"target", "-maxdepth", "1", "-not", "-name", ".git", "-not", "-name", ".github", "-exec", "rm", "-rf", "{}", "+"},
		{"-a", "--delete", "--exclude", ".git", "--exclude", ".github", "out/", "target/"},
	} {
		var args []value
		for _, w := range words {
			args = append(args, litValue(w, 1))
		}
		for _, base := range []string{"find", "rsync"} {
			if why := emptiesWorkTree(base, args); why != "" {
				t.Errorf("%s %v: %q", base, words, why)
			}
		}
	}
}

// TestGoToolRun: go tool runs a go.mod tool by its path or last element,
// a major version suffix dropped; a Go distribution tool reads no token;
// go run MODULE@VERSION runs a command with a tools.tsv row.
func TestGoToolRun(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
		ok   bool
	}{
		{[]string{"tool", "github.com/goreleaser/goreleaser/v2", "release", "--clean"}, "goreleaser release --clean", true},
		{[]string{"tool", "golangci-lint", "run"}, "golangci-lint run", true},
		{[]string{"tool", "cover", "-html=c.out"}, "", true},
		{[]string{"run", "github.com/goreleaser/goreleaser/v2@latest", "release"}, "goreleaser release", true},
		{[]string{"run", "example.com/acme/unknown-tool@v1", "x"}, "", false},
		{[]string{"run", "./cmd/release"}, "", false},
		{[]string{"build", "./..."}, "", false},
	} {
		var args []value
		for _, w := range c.args {
			args = append(args, litValue(w, 1))
		}
		bin, ok := goToolRun("go", args)
		var words []string
		for _, b := range bin {
			words = append(words, b.String())
		}
		if got := strings.Join(words, " "); ok != c.ok || got != c.want {
			t.Errorf("go %v: %q, %v; want %q, %v", c.args, got, ok, c.want, c.ok)
		}
	}
}

// TestForcePushOfRemadeBranch: a branch made again from the checked-out
// commit and force-pushed over the remote one may bring the base's
// workflow changes; a plain push, an orphan branch or a push of the
// current branch without a name does not.
func TestForcePushOfRemadeBranch(t *testing.T) {
	const why = "it force-pushes auto/bump, replacing the remote branch's history with one made from the checked-out commit, whose .github/workflows may have changed since that branch was pushed"
	for _, c := range []struct {
		script, want string
	}{
		{"git checkout -B auto/bump\ngit commit -am x\ngit push --force-with-lease origin HEAD:refs/heads/auto/bump", why},
		{"git checkout -B auto/bump\ngit commit -am x\ngit push -f origin auto/bump", why},
		{"git checkout -B auto/bump\ngit commit -am x\ngit push origin +auto/bump", why},
		{"git checkout -B auto/bump\ngit commit -am x\ngit push origin auto/bump", ""},
		{"git checkout --orphan gh-pages\ngit add site\ngit commit -m x\ngit push -f origin gh-pages", ""},
		{"git commit --amend --no-edit\ngit push -f", ""},
		{"git branch -f auto/bump\ngit push -f origin auto/bump", why},
		{"git branch auto/bump\ngit push origin auto/bump", ""},
		{"git branch -f auto/bump origin/release\ngit push -f origin auto/bump", "line 1: git branch auto/bump origin/release puts the branch at another commit, whose .github/workflows may differ"},
		{"git branch --show-current\ngit push -f origin main", ""},
	} {
		got, n := pushWorkflowsBecause(Input{Script: c.script, Repo: "acme/app", RepoRoot: ".", OwnCheckout: true, Persisted: []string{"secrets.P"}})
		if n != 1 || got != c.want {
			t.Errorf("%q: %d pushes, workflows because %q; want %q", c.script, n, got, c.want)
		}
	}
}

// TestForcedTagPush: a forced push of tags moves a tag that exists to
// another commit (a major version's v4), which GitHub refuses without the
// workflows permission when the two commits' .github/workflows differ; a
// new tag pushed without force, or a forced push of a branch, is not that.
func TestForcedTagPush(t *testing.T) {
	const why = "it force-pushes tags, moving a tag to another commit, whose .github/workflows may differ from those of the commit it pointed to"
	for _, c := range []struct {
		script, want string
	}{
		{"git tag -f v4 \"$TARGET\"\ngit push origin v4 --force", why},
		{"git tag -fa v4 -m v4\ngit push -f origin refs/tags/v4", why},
		{"git tag -f v4\ngit push origin +v4", why},
		{"git push --force --tags", why},
		{"git tag v4.1.0\ngit push origin v4.1.0", ""},
		{"git push origin --tags", ""},
	} {
		got, n := pushWorkflowsBecause(Input{Script: c.script, Repo: "acme/app", RepoRoot: ".", OwnCheckout: true, Persisted: []string{"secrets.P"}})
		if n != 1 || got != c.want {
			t.Errorf("%q: %d pushes, workflows because %q; want %q", c.script, n, got, c.want)
		}
	}
}

// TestPushOfFetchedCommits: commits fetched from another remote and
// pushed, as FETCH_HEAD or from a branch started there, may change the
// destination's workflows.
func TestPushOfFetchedCommits(t *testing.T) {
	for _, c := range []struct {
		script string
		want   bool
	}{
		{"git init -b x\ngit remote add trybot https://github.com/acme/trybot\ngit fetch https://review.example.com/acme/app refs/changes/1\ngit push -f trybot FETCH_HEAD:refs/heads/main", true},
		{"git fetch https://review.example.com/acme/app refs/changes/1\ngit checkout -b local FETCH_HEAD\ngit push -f https://github.com/acme/trybot local:main", true},
		{"git checkout -b local\ngit commit -am x\ngit push https://github.com/acme/trybot local:local", false},
	} {
		got, _ := pushWorkflowsBecause(Input{Script: c.script, Repo: "acme/app", RepoRoot: ".", Persisted: []string{"secrets.P"}, Cred: env("P")})
		if (got != "") != c.want {
			t.Errorf("%q: workflows because %q, want %v", c.script, got, c.want)
		}
	}
}

// TestAppliedPatchStagedInPart: a patch applied to the working tree
// reaches a commit only through what is staged; literal paths outside
// .github keep its workflow files out, git add -A or commit -a do not.
func TestAppliedPatchStagedInPart(t *testing.T) {
	const apply = "git apply update.patch\n"
	for _, c := range []struct {
		script string
		want   bool
	}{
		{apply + "git add pnpm-lock.yaml 'e2e/src/**/*.snap'\ngit commit -m x\ngit push origin HEAD:bump", false},
		{apply + "git add -A\ngit commit -m x\ngit push origin HEAD:bump", true},
		{apply + "git commit -am x\ngit push origin HEAD:bump", true},
		{apply + "git add .github/workflows/ci.yml\ngit commit -m x\ngit push origin HEAD:bump", true},
		{"git apply --index update.patch\ngit add lock.yaml\ngit commit -m x\ngit push origin HEAD:bump", true},
	} {
		got, _ := pushWorkflowsBecause(Input{Script: c.script, Repo: "acme/app", RepoRoot: ".", OwnCheckout: true, Persisted: []string{"secrets.P"}})
		if (got != "") != c.want {
			t.Errorf("%q: workflows because %q, want %v", c.script, got, c.want)
		}
	}
}

// TestWorktreeOnlyFromAnEarlierStep: files a linter changed in the
// working tree (Input.TreeWorktreeOnly) reach a push only through what a
// commit takes: git add of paths outside .github leaves them out, git add
// -A does not, and a tree an earlier step committed keeps them.
func TestWorktreeOnlyFromAnEarlierStep(t *testing.T) {
	const because = "line 5: super-linter rewrites files"
	for _, c := range []struct {
		name     string
		script   string
		worktree bool
		want     string
	}{
		{"paths outside .github staged", "git add docs/\ngit commit -m docs\ngit push origin HEAD:docs", true, ""},
		{"every change staged", "git add -A\ngit commit -m fix\ngit push origin HEAD:fix", true, because},
		{"committed by the earlier step", "git add docs/\ngit commit -m docs\ngit push origin HEAD:docs", false, because},
	} {
		in := ownCheckoutScript(c.script)
		in.TreeWorkflows, in.TreeWorktreeOnly = because, c.worktree
		if got, n := pushWorkflowsBecause(in); n != 1 || got != c.want {
			t.Errorf("%s: %d pushes, workflows because %q; want one, %q", c.name, n, got, c.want)
		}
	}
}
