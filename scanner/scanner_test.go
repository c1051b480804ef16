package scanner

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/pat2app/pat2app/inventory"
	"github.com/rhysd/actionlint"
)

// Cases of what the scanner finds in a workflow are files under
// testdata/cases (cases_test.go); the tests here check one property each.

// scanOne scans one workflow (or several files) of repo acme/demo.
func scanOne(t *testing.T, files map[string]string) []inventory.Finding {
	t.Helper()
	rf := RepoFiles{Name: "acme/demo"}
	for p, d := range files {
		rf.Files = append(rf.Files, File{Path: p, Data: []byte(d)})
	}
	findings, errs := New(Options{}).ScanRepo(context.Background(), rf)
	for _, e := range errs {
		t.Logf("input error: %+v", e)
	}
	return findings
}

// scanTree scans the workflows of a repository named name whose files are
// tree, read through the tree as a checkout is (.gitmodules, Dependabot's
// configuration); an input error fails the test.
func scanTree(t *testing.T, name string, tree fstest.MapFS) []inventory.Finding {
	t.Helper()
	rf := RepoFiles{Name: name, Tree: tree}
	for p, f := range tree {
		if strings.HasPrefix(p, ".github/workflows/") {
			rf.Files = append(rf.Files, File{Path: p, Data: f.Data})
		}
	}
	return scanRepo(t, rf)
}

// scanRepo scans rf; an input error fails the test.
func scanRepo(t *testing.T, rf RepoFiles) []inventory.Finding {
	t.Helper()
	findings, errs := New(Options{}).ScanRepo(context.Background(), rf)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	return findings
}

func find(fs []inventory.Finding, job, cred string) *inventory.Finding {
	for i := range fs {
		if fs[i].Job == job && strings.EqualFold(fs[i].Credential, cred) {
			return &fs[i]
		}
	}
	return nil
}

const wf = ".github/workflows/w.yml"

func dump(fs []inventory.Finding) string {
	var b strings.Builder
	for _, f := range fs {
		b.WriteString("\n  " + f.Job + " " + f.Credential + " " + string(f.Kind))
	}
	return b.String()
}

func TestLeakedTokenIsRedacted(t *testing.T) {
	tok := "ghp_" + strings.Repeat("aB3", 12)
	fs := scanOne(t, map[string]string{wf: "on: push\njobs:\n  j:\n    runs-on: x\n    steps:\n      - run: echo " + tok + "\n"})
	var leak *inventory.Finding
	for i := range fs {
		if fs[i].Kind == inventory.KindLeakedToken {
			leak = &fs[i]
		}
	}
	if leak == nil {
		t.Fatalf("no leaked_token finding: %s", dump(fs))
	}
	if leak.Job != "j" || leak.Lines[0] != 6 {
		t.Errorf("leak at %s line %v, want j line 6", leak.Job, leak.Lines)
	}
	out, _ := json.Marshal(fs)
	if strings.Contains(string(out), tok) || strings.Contains(string(out), tok[4:]) {
		t.Fatalf("token value printed: %s", out)
	}
}

func TestFingerprintStableAcrossLineMoves(t *testing.T) {
	a := scanOne(t, map[string]string{wf: "on: push\njobs:\n  j:\n    runs-on: x\n    steps:\n      - uses: peter-evans/create-pull-request@v6\n        with:\n          token: ${{ secrets.P }}\n"})
	b := scanOne(t, map[string]string{wf: "# moved\n\non: push\njobs:\n  j:\n    runs-on: x\n    steps:\n      - run: echo\n      - uses: peter-evans/create-pull-request@v6\n        with:\n          token: ${{ secrets.P }}\n"})
	fa, fb := find(a, "j", "secrets.P"), find(b, "j", "secrets.P")
	if fa == nil || fb == nil || fa.Fingerprint != fb.Fingerprint {
		t.Fatalf("fingerprints differ: %v %v", fa, fb)
	}
	if fa.Lines[0] == fb.Lines[0] {
		t.Fatalf("test is wrong: lines did not move")
	}
}

func TestRepositoryFromCondition(t *testing.T) {
	rf := RepoFiles{Files: []File{{Path: "w.yml", Data: []byte(`on: push
jobs:
  j:
    if: github.repository == 'acme/tool'
    runs-on: x
    steps:
      - run: gh pr list -R acme/tool && gh issue list -R acme/other
        env:
          GH_TOKEN: ${{ secrets.T }}
`)}}}
	fs, _ := New(Options{}).ScanRepo(context.Background(), rf)
	f := find(fs, "j", "secrets.T")
	if f == nil || strings.Join(f.TargetRepos, ",") != "acme/other" {
		t.Fatalf("targets = %+v", f)
	}
}

// TestBuiltinFallbackLines: a credential falls back to the built-in token
// on a line only when every expression there naming it is a chain of
// references whose last is the built-in token; a condition's branch is
// no such chain.
func TestBuiltinFallbackLines(t *testing.T) {
	for _, tc := range []struct {
		name, value, cred string
		want              []int
	}{
		{"chain to github.token", "${{ secrets.PAT || github.token }}", "secrets.PAT", []int{8}},
		{"chain to secrets.GITHUB_TOKEN", "${{ secrets.PAT || secrets.GITHUB_TOKEN }}", "secrets.PAT", []int{8}},
		{"longer chain", "${{ secrets.A || secrets.B || github.token }}", "secrets.B", []int{8}},
		{"chain to another secret", "${{ secrets.PAT || secrets.OTHER }}", "secrets.PAT", nil},
		{"built-in token first", "${{ github.token || secrets.PAT }}", "secrets.PAT", nil},
		{"condition's branch", "${{ github.repository_owner == 'acme' && secrets.PAT || github.token }}", "secrets.PAT", nil},
		{"alone", "${{ secrets.PAT }}", "secrets.PAT", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := "on: push\njobs:\n  j:\n    runs-on: x\n    steps:\n      - uses: actions/checkout@v4\n        with:\n          token: " + tc.value + "\n      - run: git push\n"
			f := find(scanOne(t, map[string]string{wf: src}), "j", tc.cred)
			if f == nil {
				t.Fatalf("no finding for %s", tc.cred)
			}
			if !slices.Equal(f.BuiltinFallbackLines, tc.want) {
				t.Errorf("BuiltinFallbackLines = %v, want %v", f.BuiltinFallbackLines, tc.want)
			}
		})
	}
}

// TestPersistedCredentialsUnknownAction: an action without a row that
// runs after a checkout persisted a PAT is a review item when its name
// suggests git writes (a container image's too) or the step gives the
// identity of the commits it makes; otherwise nothing says it pushes.
func TestPersistedCredentialsUnknownAction(t *testing.T) {
	for _, tc := range []struct {
		name, step string
		want       bool
	}{
		{"container image named for releases", "      - uses: docker://ghcr.io/acme/release-bot-action:1.0\n", true},
		{"container image of a linter", "      - uses: docker://ghcr.io/acme/lint:1.0\n", false},
		{"action named for pushes", "      - uses: acme/push-changes@v1\n", true},
		{"action with a commit identity in env", "      - uses: acme/thing@v1\n        env:\n          GIT_USER_NAME: bot\n", true},
		{"action with a commit identity input", "      - uses: acme/thing@v1\n        with:\n          commit_user_email: bot@example.com\n", true},
		{"container image with git's author variable", "      - uses: docker://acme/tool:2\n        env:\n          GIT_AUTHOR_NAME: bot\n", true},
		{"action with other env", "      - uses: acme/thing@v1\n        env:\n          LOG_LEVEL: debug\n", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := "on: push\njobs:\n  j:\n    runs-on: x\n    steps:\n      - uses: actions/checkout@v4\n        with:\n          token: ${{ secrets.RELEASE_PAT }}\n" + tc.step
			f := find(scanOne(t, map[string]string{wf: src}), "j", "secrets.RELEASE_PAT")
			if f == nil {
				t.Fatal("no finding for secrets.RELEASE_PAT")
			}
			got := slices.ContainsFunc(f.Unresolved, func(u inventory.Unresolved) bool {
				return strings.Contains(u.Evidence.Text, "runs with the credentials actions/checkout persisted")
			})
			if got != tc.want {
				t.Errorf("review item for the persisted credentials = %v, want %v (unresolved %+v)", got, tc.want, f.Unresolved)
			}
		})
	}
}

// TestActionNamedForAnotherService: an action without a row whose
// repository name says the chat service it posts to, or the remote shell
// or copy it runs on another host, takes that service's or host's
// credentials in its inputs; an input named for GitHub still says
// GitHub, and so does an action named for neither.
func TestActionNamedForAnotherService(t *testing.T) {
	for _, tc := range []struct {
		name, step string
		want       inventory.Kind
	}{
		{"a fork of an ssh action", "      - uses: acme/ssh-action@v1\n        with:\n          host: ${{ secrets.HOST }}\n          key: ${{ secrets.DEPLOY }}\n", inventory.KindNotGitHub},
		{"an rsync deploy action", "      - uses: acme/rsync-deployments@v1\n        with:\n          remote_key: ${{ secrets.DEPLOY }}\n", inventory.KindNotGitHub},
		{"a chat action's token", "      - uses: acme/action-discord@v1\n        with:\n          token: ${{ secrets.DEPLOY }}\n", inventory.KindNotGitHub},
		{"an ssh action's input named for GitHub", "      - uses: acme/ssh-action@v1\n        with:\n          github_token: ${{ secrets.DEPLOY }}\n", inventory.KindPAT},
		{"an action named for neither", "      - uses: acme/release-action@v1\n        with:\n          token: ${{ secrets.DEPLOY }}\n", inventory.KindPAT},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := "on: push\njobs:\n  j:\n    runs-on: x\n    steps:\n" + tc.step
			f := find(scanOne(t, map[string]string{wf: src}), "j", "secrets.DEPLOY")
			if f == nil {
				t.Fatal("no finding for secrets.DEPLOY")
			}
			if f.Kind != tc.want {
				t.Errorf("kind %s (%s), want %s", f.Kind, f.Reason, tc.want)
			}
		})
	}
}

// TestSlashCommandRepository: in a workflow run only by the
// repository_dispatch types this repository's own slash-command-dispatch
// sends to it, client_payload.github.payload.repository.full_name is this
// repository; a dispatcher that names another repository, or a workflow
// that takes any dispatch type, leaves it chosen at run time.
func TestSlashCommandRepository(t *testing.T) {
	target := func(types string) string {
		return "on:\n  repository_dispatch:\n    types: " + types + "\njobs:\n  j:\n    runs-on: x\n    steps:\n      - uses: peter-evans/create-or-update-comment@v4\n        with:\n          token: ${{ secrets.PAT }}\n          repository: ${{ github.event.client_payload.github.payload.repository.full_name }}\n          issue-number: ${{ github.event.client_payload.github.payload.issue.number }}\n          body: done\n"
	}
	dispatcher := func(extra string) string {
		return "on:\n  issue_comment:\n    types: [created]\njobs:\n  d:\n    runs-on: x\n    steps:\n      - uses: peter-evans/slash-command-dispatch@v4\n        with:\n          token: ${{ secrets.PAT }}\n          commands: |\n            rebuild\n            test-all\n" + extra
	}
	for _, tc := range []struct {
		name, dispatch, types string
		runTime               bool
	}{
		{"own dispatcher's command types", dispatcher(""), "[test-all-command]", false},
		{"a type no dispatcher here sends", dispatcher(""), "[deploy-command]", true},
		{"a dispatcher that sends to another repository", dispatcher("          repository: acme/other\n"), "[test-all-command]", true},
		{"a workflow that takes any dispatch type", dispatcher(""), "[]", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fs := scanOne(t, map[string]string{".github/workflows/slash.yml": tc.dispatch, ".github/workflows/ci.yml": target(tc.types)})
			f := find(fs, "j", "secrets.PAT")
			if f == nil {
				t.Fatal("no finding for secrets.PAT in job j")
			}
			got := slices.ContainsFunc(f.Unresolved, func(u inventory.Unresolved) bool { return strings.Contains(u.Reason, "chosen at run time") })
			if got != tc.runTime {
				t.Errorf("repository chosen at run time = %v, want %v (unresolved %+v)", got, tc.runTime, f.Unresolved)
			}
		})
	}
}

// TestActionPushesWithPersistedDefaultToken: a checkout given no token
// persists the workflow's own; an action whose row pushes with the
// persisted credentials then pushes with github.token, which needs
// contents: write (a permissions: block of contents: read breaks it).
func TestActionPushesWithPersistedDefaultToken(t *testing.T) {
	for _, tc := range []struct {
		name, checkout string
		push           bool
	}{
		{"checkout given no token", "      - uses: actions/checkout@v4\n", true},
		{"checkout that persists nothing", "      - uses: actions/checkout@v4\n        with:\n          persist-credentials: false\n", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := "on: push\njobs:\n  j:\n    runs-on: x\n    steps:\n" + tc.checkout + "      - uses: stefanzweifel/git-auto-commit-action@v5\n        with:\n          commit_message: update\n"
			fs := scanOne(t, map[string]string{wf: src})
			f := find(fs, "j", "github.token")
			got := f != nil && slices.ContainsFunc(f.Operations, func(o inventory.Operation) bool { return o.Kind == inventory.OpGit && o.Name == "push" && o.Writes })
			if got != tc.push {
				t.Errorf("github.token pushes = %v, want %v (%s)", got, tc.push, dump(fs))
			}
		})
	}
}

// TestUnknownActionTargets: an action without a row given the token still
// names, by its target-repository inputs, the repositories the token must
// reach.
func TestUnknownActionTargets(t *testing.T) {
	src := "on: push\njobs:\n  j:\n    runs-on: x\n    steps:\n      - uses: acme/create-issue@v1\n        with:\n          token: ${{ secrets.GITHUB_TOKEN }}\n          owner: acme\n          repo: docs\n"
	f := find(scanOne(t, map[string]string{wf: src}), "j", "secrets.GITHUB_TOKEN")
	if f == nil || !slices.Contains(f.TargetRepos, "acme/docs") {
		t.Fatalf("target repos of the unknown action's token: %v, want acme/docs", f)
	}
}

// TestUpdateStateStartsWorkflows: an update that gives a pull request a
// state reopens it (or may, when the state is chosen at run time), and a
// workflow on pull_request's default types runs on reopened; an update of
// its body alone reopens nothing.
func TestUpdateStateStartsWorkflows(t *testing.T) {
	ci := "on: pull_request\njobs:\n  t:\n    runs-on: x\n    steps:\n      - run: make test\n"
	for _, tc := range []struct {
		name, params string
		want         bool
	}{
		{"close then reopen", "for (const state of ['closed', 'open']) { await github.rest.pulls.update({...context.repo, pull_number: 1, state}) }", true},
		{"reopen", "await github.rest.pulls.update({...context.repo, pull_number: 1, state: 'open'})", true},
		{"close only", "await github.rest.pulls.update({...context.repo, pull_number: 1, state: 'closed'})", false},
		{"body only", "await github.rest.pulls.update({...context.repo, pull_number: 1, body: 'x'})", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := "on: workflow_dispatch\njobs:\n  j:\n    runs-on: x\n    steps:\n      - uses: actions/github-script@v7\n        with:\n          github-token: ${{ secrets.PAT }}\n          script: |\n            " + tc.params + "\n"
			f := find(scanOne(t, map[string]string{wf: w, ".github/workflows/ci.yml": ci}), "j", "secrets.PAT")
			if f == nil {
				t.Fatal("no finding for secrets.PAT")
			}
			got := slices.ContainsFunc(f.Operations, func(o inventory.Operation) bool { return strings.Contains(o.StartsWorkflows, "reopened") })
			if got != tc.want {
				t.Errorf("starts workflows on reopened = %v, want %v (%+v)", got, tc.want, f.Operations)
			}
		})
	}
}

// TestGHRepoOfThePullRequestHead: gh --repo given the pull request's head
// repository (a contributor's fork when the pull request comes from one)
// works on a repository named only at run time, not on this one.
func TestGHRepoOfThePullRequestHead(t *testing.T) {
	src := "on: pull_request_target\njobs:\n  j:\n    runs-on: x\n    env:\n      FORK: ${{ github.event.pull_request.head.repo.full_name }}\n    steps:\n      - run: gh pr close --repo \"$FORK\" \"acme:fix-$N\"\n        env:\n          GH_TOKEN: ${{ secrets.BOT }}\n"
	f := find(scanOne(t, map[string]string{wf: src}), "j", "secrets.BOT")
	if f == nil || !slices.ContainsFunc(f.TargetRepos, inventory.IsRunTimeRepo) {
		t.Fatalf("target repos %v, want one named at run time", f)
	}
}

// TestPersistedNotInANonPersistingCheckout: an action working in the
// folder of a checkout that persisted nothing pushes with none of the
// credentials a checkout around it persisted.
func TestPersistedNotInANonPersistingCheckout(t *testing.T) {
	src := "on: push\njobs:\n  j:\n    runs-on: x\n    steps:\n      - uses: actions/checkout@v4\n      - uses: actions/checkout@v4\n        with:\n          repository: acme/results\n          path: results\n          persist-credentials: false\n      - uses: ad-m/github-push-action@v0.8.0\n        with:\n          github_token: ${{ secrets.RESULTS_PAT }}\n          repository: acme/results\n          directory: results\n"
	fs := scanOne(t, map[string]string{wf: src})
	if f := find(fs, "j", "github.token"); f != nil && slices.ContainsFunc(f.Operations, func(o inventory.Operation) bool { return o.Name == "push" }) {
		t.Errorf("github.token pushes from a checkout that persisted nothing: %s", dump(fs))
	}
}

// TestLocalCompositeEnv: a GitHub token variable a step sets for the
// repository's own composite action is read through the action's steps,
// in the folder its inputs name (an expression of them written in), and
// stays unresolved when a step of the action uses an action without a row.
func TestLocalCompositeEnv(t *testing.T) {
	action := "name: setup\ninputs:\n  component:\n    required: true\nruns:\n  using: composite\n  steps:\n    - uses: actions/setup-node@v4\n    - shell: bash\n      run: |\n        cd ${{ inputs.component == 'vscode' && 'extensions/vscode' || inputs.component }}\n        ./release.sh\n"
	caller := "on: push\njobs:\n  j:\n    runs-on: x\n    steps:\n      - uses: actions/checkout@v4\n      - uses: ./.github/actions/setup\n        with:\n          component: gui\n        env:\n          GITHUB_TOKEN: ${{ secrets.REL_PAT }}\n"
	tree := fstest.MapFS{wf: {Data: []byte(caller)}, ".github/actions/setup/action.yml": {Data: []byte(action)},
		"gui/release.sh": {Data: []byte("#!/bin/bash\ngh release create v1\n")}, "extensions/vscode/release.sh": {Data: []byte("#!/bin/bash\ngh issue close 1\n")}}
	scan := func() []inventory.Finding {
		rf := RepoFiles{Name: "acme/demo", Tree: tree}
		for _, p := range []string{wf, ".github/actions/setup/action.yml"} {
			rf.Files = append(rf.Files, File{Path: p, Data: tree[p].Data})
		}
		fs, errs := New(Options{}).ScanRepo(context.Background(), rf)
		if len(errs) > 0 {
			t.Fatal(errs)
		}
		return fs
	}
	f := find(scan(), "j", "secrets.REL_PAT")
	if f == nil {
		t.Fatalf("no finding for secrets.REL_PAT")
	}
	got := strings.Join(findingLines(f), "\n")
	if !strings.Contains(got, "gui/release.sh") || strings.Contains(got, "issues") || len(f.Unresolved) > 0 {
		t.Errorf("want gh release create of gui/release.sh and nothing unresolved, got:\n%s", got)
	}

	tree[".github/actions/setup/action.yml"] = &fstest.MapFile{Data: []byte(strings.Replace(action, "actions/setup-node@v4", "acme/unknown-setup@v1", 1))}
	f = find(scan(), "j", "secrets.REL_PAT")
	if f == nil || !slices.ContainsFunc(f.Unresolved, func(u inventory.Unresolved) bool { return strings.Contains(u.Reason, "not in the knowledge base") }) {
		t.Errorf("an inner action without a row: want the use unresolved, got %+v", f)
	}
}

// TestSourcedFromAnotherCheckoutOfThisRepository: a script sourced from
// one checkout of the repository while another is at repoRoot is that
// repository file, and the functions it defines push with the PAT a
// checkout persisted; a sourced file that cannot be read leaves what the
// persisted credential does unresolved, never unseen.
func TestSourcedFromAnotherCheckoutOfThisRepository(t *testing.T) {
	src := "on: workflow_dispatch\njobs:\n  j:\n    runs-on: x\n    steps:\n      - uses: actions/checkout@v4\n        with:\n          token: ${{ secrets.BOT_PAT }}\n          path: gha\n      - uses: actions/checkout@v4\n        with:\n          token: ${{ secrets.BOT_PAT }}\n          path: work\n          ref: other\n      - run: |\n          source gha/SOURCED\n          cd work\n          git commit -am x\n          push_changes\n"
	lib := "function push_changes() {\n  git -C work push\n}\n"
	for _, c := range []struct{ sourced, want string }{
		{".github/lib.sh", "op .github/lib.sh:2 GIT push"},
		{"lib/missing.sh", "unresolved 16 source gha/lib/missing.sh"},
	} {
		tree := fstest.MapFS{wf: {Data: []byte(strings.Replace(src, "SOURCED", c.sourced, 1))}, ".github/lib.sh": {Data: []byte(lib)}}
		got := strings.Join(findingLines(find(scanTree(t, "acme/demo", tree), "j", "secrets.BOT_PAT")), "\n")
		if !strings.Contains(got, c.want) {
			t.Errorf("source gha/%s: want %q in:\n%s", c.sourced, c.want, got)
		}
	}
}

// TestSourcedLibraryRunsOnlyCalledFunctions: a function of a sourced file
// runs when the script calls it; one nothing calls shows no use, unlike a
// function of a script run on its own.
func TestSourcedLibraryRunsOnlyCalledFunctions(t *testing.T) {
	lib := "function do_push() {\n  git push origin HEAD:main\n}\nfunction do_release() {\n  gh release create v1\n}\n"
	for _, c := range []struct {
		run, want, not string
	}{
		{"source lib.sh\ndo_push", "op lib.sh:2 GIT push", "lib.sh:5"},
		{"source lib.sh\ndo_release", "op lib.sh:5 GH", "lib.sh:2"},
		{"bash lib.sh", "op lib.sh:2 GIT push", ""},        // run on its own: every function is walked
		{"source lib.sh\n\"do_$1\"", "op lib.sh:5 GH", ""}, // a command named at run time may be any of them
		{"source lib.sh\n\"do_$1\"", "op lib.sh:2 GIT push", ""},
	} {
		src := "on: workflow_dispatch\njobs:\n  j:\n    runs-on: x\n    steps:\n      - uses: actions/checkout@v4\n        with:\n          token: ${{ secrets.BOT_PAT }}\n      - env:\n          GH_TOKEN: ${{ secrets.BOT_PAT }}\n        run: |\n" + indent(c.run, "          ")
		got := strings.Join(findingLines(find(scanTree(t, "acme/demo", fstest.MapFS{wf: {Data: []byte(src)}, "lib.sh": {Data: []byte(lib)}}), "j", "secrets.BOT_PAT")), "\n")
		if !strings.Contains(got, c.want) || c.not != "" && strings.Contains(got, c.not) {
			t.Errorf("%q: want %q and not %q in:\n%s", c.run, c.want, c.not, got)
		}
	}
}

func indent(s, pre string) string {
	return pre + strings.ReplaceAll(s, "\n", "\n"+pre) + "\n"
}

// TestFunctionOfANestedSource: a function a sourced file gets from a file
// it sources in turn is the script's to call; reading that call keeps the
// nested source.
func TestFunctionOfANestedSource(t *testing.T) {
	src := "on: push\njobs:\n  j:\n    runs-on: x\n    steps:\n      - uses: actions/checkout@v4\n      - env:\n          GH_TOKEN: ${{ secrets.BOT_PAT }}\n        run: |\n          source scripts/common.sh\n          this_file\n"
	tree := fstest.MapFS{wf: {Data: []byte(src)},
		"scripts/common.sh": {Data: []byte("source scripts/utils.sh\nverify() {\n  echo ok\n}\n")},
		"scripts/utils.sh":  {Data: []byte("this_file() {\n  gh api \"/repos/$GITHUB_REPOSITORY/actions/runs/$GITHUB_RUN_ID\"\n}\nunused() {\n  gh release create v1\n}\n")}}
	got := strings.Join(findingLines(find(scanTree(t, "acme/demo", tree), "j", "secrets.BOT_PAT")), "\n")
	if !strings.Contains(got, "op scripts/utils.sh:2 GET") || strings.Contains(got, "utils.sh:5") || strings.Contains(got, "unresolved") {
		t.Errorf("want the GET of utils.sh:2 only, got:\n%s", got)
	}
}

// TestPullOfTheBranchCheckedOut: pulling the branch actions/checkout's
// ref: named, written as the same expression, brings in only commits the
// remote branch has, so the push back needs no workflows: write; another
// branch's pull does.
func TestPullOfTheBranchCheckedOut(t *testing.T) {
	for _, c := range []struct {
		pulled    string
		workflows bool
	}{
		{"${{ env.branchName }}", false},
		{"master", true},
	} {
		src := "on: workflow_dispatch\nenv:\n  branchName: submit-x\njobs:\n  j:\n    runs-on: x\n    steps:\n      - uses: actions/checkout@v4\n        with:\n          ref: ${{ env.branchName }}\n          token: ${{ secrets.BOT_PAT }}\n      - run: |\n          git pull --rebase origin " + c.pulled + "\n          git commit -am x\n          git push\n"
		f := find(scanOne(t, map[string]string{wf: src}), "j", "secrets.BOT_PAT")
		if f == nil {
			t.Fatalf("no finding")
		}
		got := slices.ContainsFunc(f.Operations, func(o inventory.Operation) bool { return o.TouchesWorkflows })
		if got != c.workflows {
			t.Errorf("pull %s: touches workflows %v, want %v: %+v", c.pulled, got, c.workflows, f.Operations)
		}
	}
}

// TestAppStoreSigningKeyIsNotAnAppKey: a secret named like a GitHub App's
// key that goes only to another service's action (the Nextcloud App
// Store's, which signs the release with it) is that service's.
func TestAppStoreSigningKeyIsNotAnAppKey(t *testing.T) {
	src := "on: release\njobs:\n  j:\n    runs-on: x\n    steps:\n      - uses: nextcloud-releases/nextcloud-appstore-push-action@v1\n        with:\n          app_name: mail\n          appstore_token: ${{ secrets.APPSTORE_TOKEN }}\n          download_url: https://example.com/mail.tar.gz\n          app_private_key: ${{ secrets.APP_PRIVATE_KEY }}\n"
	fs := scanOne(t, map[string]string{wf: src})
	for _, c := range []string{"secrets.APP_PRIVATE_KEY", "secrets.APPSTORE_TOKEN"} {
		if f := find(fs, "j", c); f == nil || f.Kind != inventory.KindNotGitHub {
			t.Errorf("%s: want not_github, got %+v", c, f)
		}
	}
}

// TestSourcedVenvActivate: a Python virtual environment's activation
// script, made by the job and so not in the checkout, runs nothing with
// the credential a checkout persisted or one in the environment; another
// sourced file not in the checkout may.
func TestSourcedVenvActivate(t *testing.T) {
	for _, c := range []struct {
		sourced    string
		unresolved bool
	}{
		{"venv/bin/activate", false},
		{".venv/bin/activate", false},
		{"build/env.sh", true},
	} {
		src := "on: push\njobs:\n  j:\n    runs-on: x\n    steps:\n      - uses: actions/checkout@v4\n        with:\n          token: ${{ secrets.BOT_PAT }}\n      - run: |\n          . " + c.sourced + "\n          mkdocs build\n"
		f := find(scanTree(t, "acme/demo", fstest.MapFS{wf: {Data: []byte(src)}}), "j", "secrets.BOT_PAT")
		if f == nil {
			t.Fatal("no finding")
		}
		if got := len(f.Unresolved) > 0; got != c.unresolved {
			t.Errorf(". %s: unresolved %v, want %v: %+v", c.sourced, got, c.unresolved, f.Unresolved)
		}
		// Nor does it with a credential in the environment: what runs
		// next is read for that.
		src = "on: push\njobs:\n  j:\n    runs-on: x\n    steps:\n      - run: |\n          . " + c.sourced + "\n          gh release create v1\n        env:\n          GH_TOKEN: ${{ secrets.RELEASE_PAT }}\n"
		f = find(scanTree(t, "acme/demo", fstest.MapFS{wf: {Data: []byte(src)}}), "j", "secrets.RELEASE_PAT")
		if f == nil {
			t.Fatal("no finding")
		}
		if got := len(f.Unresolved) > 0; got != c.unresolved {
			t.Errorf(". %s with GH_TOKEN: unresolved %v, want %v: %+v", c.sourced, got, c.unresolved, f.Unresolved)
		}
	}
}

// TestPHPCodeToolsReadNoToken: PHP analysers and fixers that Composer puts
// in vendor/bin (not in the checkout) read and write local files only:
// they leave the credential a checkout persisted alone.
func TestPHPCodeToolsReadNoToken(t *testing.T) {
	for _, cmd := range []string{"vendor/bin/rector process src --dry-run", "vendor/bin/ecs check --fix", "vendor/bin/phpcbf src", "vendor/bin/phpstan analyse", "vendor/bin/psalm", "./vendor/bin/pint --test", "vendor/bin/phpcs"} {
		src := "on: push\njobs:\n  j:\n    runs-on: x\n    steps:\n      - uses: actions/checkout@v4\n        with:\n          token: ${{ secrets.BOT_PAT }}\n      - run: " + cmd + "\n"
		f := find(scanTree(t, "acme/demo", fstest.MapFS{wf: {Data: []byte(src)}}), "j", "secrets.BOT_PAT")
		if f == nil || len(f.Unresolved) > 0 {
			t.Errorf("%s: want no unresolved use, got %+v", cmd, f)
		}
	}
}

// TestPullOfTheRunsOwnBranch: a checkout of the run's ref is on the run's
// branch, which a script pulls as $GITHUB_REF_NAME; actions that cannot
// change the branch (setup-node) leave it checked out, and the push back
// needs no workflows: write. An action that may change it forgets it.
func TestPullOfTheRunsOwnBranch(t *testing.T) {
	for _, c := range []struct {
		between   string
		workflows bool
	}{
		{"      - uses: actions/setup-node@v4\n", false},
		{"", false},
		{"      - uses: acme/unknown@v1\n", true},
	} {
		src := "on:\n  push:\n    branches: [develop]\njobs:\n  j:\n    runs-on: x\n    steps:\n      - uses: actions/checkout@v4\n        with:\n          token: ${{ secrets.BOT_PAT }}\n" + c.between + "      - run: |\n          git commit -am build\n          git pull --rebase origin \"${GITHUB_REF_NAME}\" && git push\n"
		f := find(scanOne(t, map[string]string{wf: src}), "j", "secrets.BOT_PAT")
		if f == nil {
			t.Fatal("no finding")
		}
		got := slices.ContainsFunc(f.Operations, func(o inventory.Operation) bool { return o.TouchesWorkflows })
		if got != c.workflows {
			t.Errorf("with %q between: touches workflows %v, want %v", c.between, got, c.workflows)
		}
	}
}

// TestLocalCompositeAnyEnv: a variable of any name a step's env: (or the
// job's) gives the repository's own composite action is read through the
// action's steps, as env.NAME there, through a nested composite action of
// the repository; a step of it that runs an action without a row leaves
// the use unresolved.
func TestLocalCompositeAnyEnv(t *testing.T) {
	checkout := "    - uses: actions/checkout@v4\n      with:\n        repository: acme/private\n        token: ${{ env.BUILD_GH_TOKEN }}\n        path: private\n"
	nested := "name: nested\nruns:\n  using: composite\n  steps:\n    - uses: ./.github/actions/inner\n"
	inner := "name: inner\nruns:\n  using: composite\n  steps:\n" + checkout
	for _, c := range []struct {
		name, action, envAt string
		wantOp, unresolved  bool
	}{
		{"step env", "name: a\nruns:\n  using: composite\n  steps:\n" + checkout, "step", true, false},
		{"job env", "name: a\nruns:\n  using: composite\n  steps:\n" + checkout, "job", true, false},
		{"nested composite", nested, "step", true, false},
		{"inner action without a row", "name: a\nruns:\n  using: composite\n  steps:\n    - uses: acme/unknown@v1\n" + checkout, "step", true, true},
		{"no step uses it", "name: a\nruns:\n  using: composite\n  steps:\n    - uses: actions/setup-node@v4\n", "step", false, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			step := "      - uses: ./.github/actions/a\n"
			jobEnv := ""
			if c.envAt == "step" {
				step += "        env:\n          BUILD_GH_TOKEN: ${{ secrets.BUILD_GH_TOKEN }}\n"
			} else {
				jobEnv = "    env:\n      BUILD_GH_TOKEN: ${{ secrets.BUILD_GH_TOKEN }}\n"
			}
			caller := "on: push\njobs:\n  j:\n    runs-on: x\n" + jobEnv + "    steps:\n      - uses: actions/checkout@v4\n" + step
			files := map[string]string{wf: caller, ".github/actions/a/action.yml": c.action, ".github/actions/inner/action.yml": inner}
			fs := scanFiles(t, files, false, func(string) bool { return true })
			f := find(fs, "j", "secrets.BUILD_GH_TOKEN")
			if f == nil {
				t.Fatalf("no finding: %s", dump(fs))
			}
			hasOp := slices.ContainsFunc(f.Operations, func(o inventory.Operation) bool { return slices.Contains(o.Repos, "acme/private") })
			if hasOp != c.wantOp || (len(f.Unresolved) > 0) != c.unresolved {
				t.Errorf("op on acme/private %v, unresolved %v; want %v, %v:\n%s", hasOp, len(f.Unresolved) > 0, c.wantOp, c.unresolved, strings.Join(findingLines(f), "\n"))
			}
		})
	}
}

// TestStoredAppKey: a value a step read from a secret store and gave a
// token-minting action as the App's key or ID is an App key, like a
// secret given there.
func TestStoredAppKey(t *testing.T) {
	wf := "on: push\njobs:\n  j:\n    runs-on: x\n    steps:\n      - id: load\n        uses: 1password/load-secrets-action@v2\n        env:\n          OP_SERVICE_ACCOUNT_TOKEN: ${{ secrets.OP }}\n          BOT_ID: op://vault/bot/id\n          BOT_KEY: op://vault/bot/key\n" +
		"      - id: app\n        uses: actions/create-github-app-token@v2\n        with:\n          client-id: ${{ steps.load.outputs.BOT_ID }}\n          private-key: ${{ steps.load.outputs.BOT_KEY }}\n"
	fs, errs := New(Options{}).ScanRepo(context.Background(), RepoFiles{Name: "acme/demo", Files: []File{{Path: ".github/workflows/a.yml", Data: []byte(wf)}}})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	for _, c := range []string{"steps.load.outputs.BOT_ID", "steps.load.outputs.BOT_KEY"} {
		f := find(fs, "j", c)
		if f == nil || f.Kind != inventory.KindAppToken || !f.AppKey {
			t.Errorf("%s: want an App key, got %+v", c, f)
		}
	}
}

// TestRemoteReusableSecretName: a secret passed to a reusable workflow
// that is not read takes the kind the callee's name for it says when that
// name is another service's (npmToken), and stays unknown otherwise.
func TestRemoteReusableSecretName(t *testing.T) {
	for _, c := range []struct {
		callee, secret string
		want           inventory.Kind
	}{
		{"npmToken", "RELEASE_SECRET", inventory.KindNotGitHub},
		{"npm_token", "RELEASE_SECRET", inventory.KindNotGitHub},
		{"token", "RELEASE_SECRET", inventory.KindUnknown},
		{"githubToken", "RELEASE_SECRET", inventory.KindUnknown},               // only the variables gh reads say GitHub
		{"npmToken", "BOT_GITHUB_TOKEN", inventory.KindPAT},                    // the secret's own name says more
		{"client-id", "APP_CLIENT_ID", inventory.KindAppToken},                 // an OAuth-like name is no service
		{"app_private_key", "HF_BOT_STYLE_SECRET_PEM", inventory.KindAppToken}, // the callee's slot says App key
		{"app_id", "HF_BOT_STYLE_APP_ID", inventory.KindAppToken},
		{"git_token", "GH_WORKFLOW_KEY", inventory.KindPAT}, // named for GitHub, taken as a token
		{"git_token", "DEPLOY_KEY", inventory.KindUnknown},
		{"ssh_key", "GIT_AUTH_TEST_GITHUB_SSH_KEY", inventory.KindNotGitHub}, // an SSH key, GitHub's too, is no token
	} {
		wf := "on: push\njobs:\n  release:\n    uses: acme/shared/.github/workflows/release.yml@v1\n    secrets:\n      " + c.callee + ": ${{ secrets." + c.secret + " }}\n"
		fs, errs := New(Options{}).ScanRepo(context.Background(), RepoFiles{Name: "acme/demo", Files: []File{{Path: ".github/workflows/a.yml", Data: []byte(wf)}}})
		if len(errs) > 0 {
			t.Fatal(errs)
		}
		f := find(fs, "release", "secrets."+c.secret)
		if f == nil || f.Kind != c.want {
			t.Errorf("passed as %s: want kind %s, got %+v", c.callee, c.want, f)
		}
	}
}

// TestCompositeWorkingDirectoryInput: a composite action's step that runs
// in ${{ inputs.working-directory }} runs in the folder the calling step
// gives that input literally, whose package.json scripts are then read.
func TestCompositeWorkingDirectoryInput(t *testing.T) {
	action := "name: pub\ninputs:\n  working-directory:\n    description: the package\n  gh-token:\n    description: a token\nruns:\n  using: composite\n  steps:\n    - run: npm run release\n      shell: bash\n      working-directory: ${{ inputs.working-directory }}\n      env:\n        GH_TOKEN: ${{ inputs.gh-token }}\n"
	for _, c := range []struct {
		with   string
		wantOp bool
	}{
		{"          working-directory: pkg\n", true},
		{"          working-directory: ${{ inputs.dir }}\n", false},
	} {
		caller := "on: push\njobs:\n  j:\n    runs-on: x\n    steps:\n      - uses: actions/checkout@v4\n      - uses: ./.github/actions/pub\n        with:\n          gh-token: ${{ secrets.RELEASE_PAT }}\n" + c.with
		files := map[string]string{wf: caller, ".github/actions/pub/action.yml": action, "pkg/package.json": `{"scripts": {"release": "gh release create v1"}}`}
		fs := scanFiles(t, files, false, func(p string) bool { return !strings.HasSuffix(p, "package.json") })
		f := find(fs, "j", "secrets.RELEASE_PAT")
		if f == nil {
			t.Fatalf("no finding: %s", dump(fs))
		}
		got := slices.ContainsFunc(f.Operations, func(o inventory.Operation) bool { return strings.Contains(o.Name, "release create") })
		if got != c.wantOp {
			t.Errorf("%q: gh release create read %v, want %v:\n%s", c.with, got, c.wantOp, strings.Join(findingLines(f), "\n"))
		}
	}
}

// TestOwnRepoTokenInput: slash-command-dispatch's reaction-token reacts
// in the workflow's own repository; the repositories its commands name
// are the dispatch token's.
func TestOwnRepoTokenInput(t *testing.T) {
	src := "on: issue_comment\njobs:\n  j:\n    runs-on: x\n    steps:\n      - uses: peter-evans/slash-command-dispatch@v4\n        with:\n          token: ${{ secrets.DISPATCH }}\n          reaction-token: ${{ secrets.REACT }}\n" +
		"          config: >\n            [{\"command\": \"black\", \"permission\": \"none\", \"repository\": \"acme/formatter\"}]\n"
	fs := scanOne(t, map[string]string{wf: src})
	d, r := find(fs, "j", "secrets.DISPATCH"), find(fs, "j", "secrets.REACT")
	if d == nil || r == nil {
		t.Fatalf("findings: %s", dump(fs))
	}
	if !slices.Contains(d.TargetRepos, "acme/formatter") {
		t.Errorf("the dispatch token's targets: %v, want acme/formatter", d.TargetRepos)
	}
	if len(r.TargetRepos) > 0 || slices.ContainsFunc(r.Operations, func(o inventory.Operation) bool { return len(o.Repos) > 0 }) {
		t.Errorf("the reaction token reaches other repositories: %v %+v", r.TargetRepos, r.Operations)
	}
}

// TestActorGate: a job that runs only for a named actor or commit author
// gates the workflow's events; other conditions do not.
func TestActorGate(t *testing.T) {
	for _, c := range []struct {
		cond string
		want bool
	}{
		{"github.event.head_commit.author.username == 'emscripten-bot'", true},
		{"${{ github.actor == 'dependabot[bot]' }}", true},
		{"${{ 'renovate[bot]' == github.triggering_actor && github.ref == 'refs/heads/main' }}", true},
		{"github.actor != 'dependabot[bot]'", false},
		{"github.repository == 'acme/demo'", false},
		{"contains(github.actor, 'bot')", false},
	} {
		src := "on: push\njobs:\n  j:\n    if: " + c.cond + "\n    runs-on: x\n    steps:\n      - run: echo\n"
		wf, errs := actionlint.Parse([]byte(src))
		if len(errs) > 0 {
			t.Fatalf("%q: %v", c.cond, errs)
		}
		if got := actorGate(wf).Condition != ""; got != c.want {
			t.Errorf("%q: gate %v, want %v", c.cond, got, c.want)
		}
	}
}

// TestActionGivenGitWrite: an action pat2app does not read, given a
// command that pushes (a retry wrapper's cmd:), may push with what a
// checkout persisted.
func TestActionGivenGitWrite(t *testing.T) {
	for _, c := range []struct {
		cmd  string
		want bool
	}{
		{"cd site && git push", true},
		{"git -C site commit -am x", true},
		{"make test", false},
	} {
		src := "on: push\njobs:\n  j:\n    runs-on: x\n    steps:\n      - uses: actions/checkout@v4\n        with:\n          token: ${{ secrets.PAGES_PAT }}\n      - uses: acme/retry@v1\n        with:\n          cmd: " + c.cmd + "\n"
		f := find(scanOne(t, map[string]string{wf: src}), "j", "secrets.PAGES_PAT")
		if f == nil {
			t.Fatal("no finding")
		}
		got := slices.ContainsFunc(f.Unresolved, func(u inventory.Unresolved) bool { return strings.Contains(u.Reason, "writes with git") })
		if got != c.want {
			t.Errorf("cmd %q: unresolved push %v, want %v: %+v", c.cmd, got, c.want, f.Unresolved)
		}
	}
}

// TestUnreadDefaultOnSecretsToken: an action not read that may take the
// workflow's token by an input's default is marked on the job's finding
// of that token, named secrets.GITHUB_TOKEN when the job names it so.
func TestUnreadDefaultOnSecretsToken(t *testing.T) {
	src := "on: push\njobs:\n  j:\n    runs-on: x\n    steps:\n      - run: |\n          curl -H \"Authorization: token $GITHUB_TOKEN\" https://api.github.com/repos/acme/demo\n        env:\n          GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}\n      - uses: acme/uploader@v0\n        with:\n          tag: continuous\n"
	f := find(scanOne(t, map[string]string{wf: src}), "j", "secrets.GITHUB_TOKEN")
	if f == nil || !slices.ContainsFunc(f.Unresolved, func(u inventory.Unresolved) bool { return u.ByDefault }) {
		t.Errorf("want a by_default entry for acme/uploader on secrets.GITHUB_TOKEN: %+v", f)
	}
}
