package scanner

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"
)

func dependabotOf(data string) string {
	rs := New(Options{}).newRepoScan(context.Background(), RepoFiles{Name: "o/r", Tree: fstest.MapFS{".github/dependabot.yml": {Data: []byte(data)}}})
	return rs.dependabotActions()
}

func TestDependabotActions(t *testing.T) {
	for _, tc := range []struct{ data, want string }{
		{"version: 2\nupdates:\n  - package-ecosystem: npm\n    directory: /\n  - package-ecosystem: github-actions\n    directory: /\n", ".github/dependabot.yml:5"},
		{"version: 2\nupdates:\n  - package-ecosystem: npm\n", ""},
		{"updates: nope\n", ""},
		{"- a\n- b\n", ""},
		{"a: &a [*a, *a]\nupdates: *a\n", ""},
		{"{", ""},
	} {
		if got := dependabotOf(tc.data); got != tc.want {
			t.Errorf("%q: %q, want %q", tc.data, got, tc.want)
		}
	}
}

// FuzzDependabotActions: any bytes as .github/dependabot.yml must not
// panic, and a line is named only when the file says github-actions.
func FuzzDependabotActions(f *testing.F) {
	f.Add("version: 2\nupdates:\n  - package-ecosystem: github-actions\n")
	f.Add("updates:\n  - {package-ecosystem: [x]}\n")
	f.Fuzz(func(t *testing.T, data string) {
		if got := dependabotOf(data); got != "" && !strings.Contains(strings.ToLower(data), "github-actions") {
			t.Fatalf("%q: %q without github-actions in the file", data, got)
		}
	})
}

func TestRenovateActions(t *testing.T) {
	for _, tc := range []struct {
		path, data, want string
	}{
		{"renovate.json", `{"extends": ["config:base"]}`, "renovate.json:1"},
		{".github/renovate.json5", "{extends: ['config:recommended'], // all managers\n}", ".github/renovate.json5:1"},
		{"renovate.json", `{"enabledManagers": ["npm", "github-actions"]}`, "renovate.json:1"},
		{"renovate.json", `{"enabledManagers": ["npm"]}`, ""},
		{"package.json", `{"renovate": {"extends": ["config:base"]}}`, "package.json (renovate)"},
		{"package.json", `{"renovate": {"enabledManagers": ["npm"]}}`, ""},
		{"package.json", `{"name": "x"}`, renovateDefaults}, // an organisation preset may hold it
	} {
		rs := New(Options{}).newRepoScan(context.Background(), RepoFiles{Name: "o/r", Tree: fstest.MapFS{tc.path: {Data: []byte(tc.data)}}})
		if got := rs.renovateActions(); got != tc.want {
			t.Errorf("%s %q: %q, want %q", tc.path, tc.data, got, tc.want)
		}
	}
}

// FuzzRenovateActions: any bytes as renovate.json must not panic, and only
// a configuration that gives enabledManagers can keep Renovate off GitHub
// Actions.
func FuzzRenovateActions(f *testing.F) {
	f.Add(`{"enabledManagers": ["npm"]}`)
	f.Add(`{extends: ['config:base']}`)
	f.Fuzz(func(t *testing.T, data string) {
		rs := New(Options{}).newRepoScan(context.Background(), RepoFiles{Name: "o/r", Tree: fstest.MapFS{"renovate.json": {Data: []byte(data)}}})
		if got := rs.renovateActions(); got == "" && !strings.Contains(data, "enabledManagers") {
			t.Fatalf("%q: Renovate kept off GitHub Actions without enabledManagers", data)
		}
	})
}

// TestAnyAuthorBotActions: a job that names no pull request author is told
// where the repository's Dependabot configuration updates GitHub Actions;
// one that names another bot, or whose merge action is kept to another
// author, is not.
func TestAnyAuthorBotActions(t *testing.T) {
	wf := `on: pull_request_target
jobs:
  merge:
    runs-on: ubuntu-latest
    steps:
      - uses: pascalgn/automerge-action@v0.16.4
        env:
          GITHUB_TOKEN: ${{ secrets.BOT }}
  release:
    if: github.event.pull_request.user.login == 'release-please[bot]'
    runs-on: ubuntu-latest
    steps:
      - uses: pascalgn/automerge-action@v0.16.4
        env:
          GITHUB_TOKEN: ${{ secrets.BOT }}
  one-author:
    runs-on: ubuntu-latest
    steps:
      - uses: pascalgn/automerge-action@v0.16.4
        env:
          GITHUB_TOKEN: ${{ secrets.BOT }}
          MERGE_FILTER_AUTHOR: maintainer
  dependabot-author:
    runs-on: ubuntu-latest
    steps:
      - uses: pascalgn/automerge-action@v0.16.4
        env:
          GITHUB_TOKEN: ${{ secrets.BOT }}
          MERGE_FILTER_AUTHOR: dependabot[bot]
  gh-merge:
    runs-on: ubuntu-latest
    steps:
      - run: gh pr merge --auto --squash "$PR"
        env:
          GH_TOKEN: ${{ secrets.BOT }}
          PR: ${{ github.event.pull_request.html_url }}
  docs-bot:
    if: github.event.pull_request.user.login == 'DocsBot' && startsWith(github.head_ref, 'sync-')
    runs-on: ubuntu-latest
    steps:
      - run: gh pr merge --auto --squash "$PR"
        env:
          GH_TOKEN: ${{ secrets.BOT }}
          PR: ${{ github.event.pull_request.html_url }}
`
	dep := "version: 2\nupdates:\n  - package-ecosystem: github-actions\n    directory: /\n"
	findings := scanTree(t, "o/r", fstest.MapFS{".github/dependabot.yml": {Data: []byte(dep)}, ".github/workflows/m.yml": {Data: []byte(wf)}})
	got := map[string]string{}
	for _, f := range findings {
		if f.JobInfo != nil {
			got[f.Job] = f.JobInfo.AnyAuthorBotActions
		}
	}
	if got["merge"] != ".github/dependabot.yml:3" || got["release"] != "" || got["gh-merge"] != ".github/dependabot.yml:3" || got["docs-bot"] != "" ||
		got["one-author"] != "" || got["dependabot-author"] != ".github/dependabot.yml:3" {
		t.Errorf("any-author bot actions %q, want merge, gh-merge and dependabot-author at .github/dependabot.yml:3 and none for release, docs-bot and one-author (MERGE_FILTER_AUTHOR names another author)", got)
	}
}
