package fix

import (
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/planner"
)

// gtJob is a plan job that moves to GITHUB_TOKEN with block.
func gtJob(job, cred, block string) planner.Job {
	return planner.Job{Job: job, Credential: cred, Kind: "pat", Decision: planner.DecisionGitHubToken, PermissionsBlock: block}
}

const releaseSnippet = `- name: Create a GitHub App token
  id: app-token
  uses: actions/create-github-app-token@v2
  with:
    app-id: ${{ vars.RELEASE_BOT_APP_ID }}
    private-key: ${{ secrets.RELEASE_BOT_PRIVATE_KEY }}
    permission-contents: write
`

const crossSnippet = `- name: Create a GitHub App token
  id: app-token
  uses: actions/create-github-app-token@v2
  with:
    app-id: ${{ vars.READER_BOT_APP_ID }}
    private-key: ${{ secrets.READER_BOT_PRIVATE_KEY }}
    owner: acme
    repositories: |
      infra
      terraform-modules
    permission-contents: read
`

func appJob(job, cred, snippet string) planner.Job {
	return planner.Job{Job: job, Credential: cred, Kind: "pat", Decision: planner.DecisionGitHubApp, App: "release-bot", Snippet: snippet}
}

func TestRewrite(t *testing.T) {
	tests := []struct {
		name string
		src  string
		jobs []planner.Job
		want string // "" means unchanged
		// skip is a substring of the reason of the first skipped job.
		skip string
	}{
		{
			name: "token input moves to an App token step",
			src: `on: push
jobs:
  release:
    runs-on: ubuntu-latest
    steps:
      # Publish
      - uses: softprops/action-gh-release@v2
        with:
          token: ${{ secrets.RELEASE_PAT }}   # the PAT
`,
			jobs: []planner.Job{appJob("release", "secrets.RELEASE_PAT", releaseSnippet)},
			want: `on: push
jobs:
  release:
    runs-on: ubuntu-latest
    steps:
      - name: Create a GitHub App token
        id: app-token
        uses: actions/create-github-app-token@v2
        with:
          app-id: ${{ vars.RELEASE_BOT_APP_ID }}
          private-key: ${{ secrets.RELEASE_BOT_PRIVATE_KEY }}
          permission-contents: write
      # Publish
      - uses: softprops/action-gh-release@v2
        with:
          token: ${{ steps.app-token.outputs.token }}   # the PAT
`,
		},
		{
			name: "a token that must reach another account's repositories is left alone",
			src: `on: push
jobs:
  sync:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          repository: other-org/skills
          token: ${{ secrets.SYNC_PAT }}
          path: skills
`,
			jobs: []planner.Job{func() planner.Job {
				j := appJob("sync", "secrets.SYNC_PAT", releaseSnippet)
				j.Repo, j.CrossRepo, j.TargetRepos = "acme/web", true, []string{"other-org/skills"}
				return j
			}()},
			skip: "repositories of other-org",
		},
		{
			name: "a token that must reach a repository named only at run time is left alone",
			src: `on: workflow_dispatch
jobs:
  publish:
    runs-on: ubuntu-latest
    steps:
      - env:
          GH_TOKEN: ${{ secrets.ARCHIVE_PAT }}
          GH_REPO: ${{ inputs.archive }}
        run: gh release create v1
`,
			jobs: []planner.Job{func() planner.Job {
				j := appJob("publish", "secrets.ARCHIVE_PAT", releaseSnippet)
				j.Repo, j.CrossRepo, j.TargetRepos = "acme/web", true, []string{"run-time:{GH_REPO}"}
				return j
			}()},
			skip: "named only at run time (run-time:{GH_REPO})",
		},
		{
			name: "job env GH_TOKEN moves to github.token with a permissions block",
			src: `on: issues
jobs:
  assign:
    runs-on: ubuntu-latest
    env:
      GH_TOKEN: ${{secrets.TRIAGE_BOT_TOKEN}}
    steps:
      - run: gh issue edit 1 --add-assignee octocat
`,
			jobs: []planner.Job{gtJob("assign", "secrets.TRIAGE_BOT_TOKEN", "permissions:\n  issues: write\n")},
			want: `on: issues
jobs:
  assign:
    runs-on: ubuntu-latest
    env:
      GH_TOKEN: ${{github.token}}
    permissions:
      issues: write
    steps:
      - run: gh issue edit 1 --add-assignee octocat
`,
		},
		{
			name: "run script expression, checkout keeps contents read",
			src: `on: push
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: |
          echo "${{ secrets.GHCR_PAT }}" | docker login ghcr.io -u bot --password-stdin
          # ${{ secrets.GHCR_PAT }} in a script comment is script text
          docker push ghcr.io/acme/app
`,
			jobs: []planner.Job{gtJob("deploy", "secrets.GHCR_PAT", "permissions:\n  packages: write\n")},
			want: `on: push
jobs:
  deploy:
    runs-on: ubuntu-latest
    permissions:
      contents: read
      packages: write
    steps:
      - uses: actions/checkout@v4
      - run: |
          echo "${{ github.token }}" | docker login ghcr.io -u bot --password-stdin
          # ${{ github.token }} in a script comment is script text
          docker push ghcr.io/acme/app
`,
		},
		{
			name: "fallback expression becomes the replacement whole",
			src: `on: push
jobs:
  docs:
    runs-on: ubuntu-latest
    permissions:
      contents: read
    steps:
      - run: gh release create v1
        env:
          GH_TOKEN: ${{ secrets.DOCS_PAT || github.token }}
`,
			jobs: []planner.Job{gtJob("docs", "secrets.DOCS_PAT", "permissions:\n  contents: write\n")},
			want: `on: push
jobs:
  docs:
    runs-on: ubuntu-latest
    permissions:
      contents: write
    steps:
      - run: gh release create v1
        env:
          GH_TOKEN: ${{ github.token }}
`,
		},
		{
			name: "existing job permissions are raised and extended in place",
			src: `on: pull_request
jobs:
  comment:
    permissions:
      contents: read  # checkout
      pull-requests: read
    runs-on: ubuntu-latest
    steps:
      - uses: actions/github-script@v7
        with:
          github-token: "${{ secrets['BOT_PAT'] }}"
          script: github.rest.issues.createComment({})
`,
			jobs: []planner.Job{gtJob("comment", "secrets.BOT_PAT", "permissions:\n  issues: write\n  pull-requests: write\n")},
			want: `on: pull_request
jobs:
  comment:
    permissions:
      contents: read  # checkout
      pull-requests: write
      issues: write
    runs-on: ubuntu-latest
    steps:
      - uses: actions/github-script@v7
        with:
          github-token: "${{ github.token }}"
          script: github.rest.issues.createComment({})
`,
		},
		{
			name: "workflow-level grants are repeated in a new job block",
			src: `on: push
permissions:
  contents: read
  checks: write
jobs:
  label:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/labeler@v5
        with:
          repo-token: ${{ secrets.LABEL_PAT }}
`,
			jobs: []planner.Job{gtJob("label", "secrets.LABEL_PAT", "permissions:\n  pull-requests: write\n")},
			want: `on: push
permissions:
  contents: read
  checks: write
jobs:
  label:
    runs-on: ubuntu-latest
    permissions:
      checks: write
      contents: read
      pull-requests: write
    steps:
      - uses: actions/labeler@v5
        with:
          repo-token: ${{ github.token }}
`,
		},
		{
			name: "a none grant is raised",
			src: `on: push
jobs:
  label:
    runs-on: ubuntu-latest
    permissions:
      pull-requests: none
    steps:
      - uses: actions/labeler@v5
        with:
          repo-token: '${{ secrets.LABEL_PAT }}'
`,
			jobs: []planner.Job{gtJob("label", "secrets.LABEL_PAT", "permissions:\n  pull-requests: write\n")},
			want: `on: push
jobs:
  label:
    runs-on: ubuntu-latest
    permissions:
      pull-requests: write
    steps:
      - uses: actions/labeler@v5
        with:
          repo-token: '${{ github.token }}'
`,
		},
		{
			name: "flow permissions are rewritten as a flow mapping",
			src: `on: push
jobs:
  label:
    permissions: { contents: read } # narrow
    runs-on: ubuntu-latest
    steps:
      - uses: actions/labeler@v5
        with:
          repo-token: ${{ secrets.LABEL_PAT }}
`,
			jobs: []planner.Job{gtJob("label", "secrets.LABEL_PAT", "permissions:\n  pull-requests: write\n")},
			want: `on: push
jobs:
  label:
    permissions: { contents: read, pull-requests: write } # narrow
    runs-on: ubuntu-latest
    steps:
      - uses: actions/labeler@v5
        with:
          repo-token: ${{ github.token }}
`,
		},
		{
			name: "workflow write-all already covers: only the reference changes",
			src: `on: push
permissions: write-all
jobs:
  label:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/labeler@v5
        with:
          repo-token: ${{ secrets.LABEL_PAT }}
`,
			jobs: []planner.Job{gtJob("label", "secrets.LABEL_PAT", "permissions:\n  pull-requests: write\n")},
			want: `on: push
permissions: write-all
jobs:
  label:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/labeler@v5
        with:
          repo-token: ${{ github.token }}
`,
		},
		{
			name: "workflow read-all is left for a human",
			src: `on: push
permissions: read-all
jobs:
  label:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/labeler@v5
        with:
          repo-token: ${{ secrets.LABEL_PAT }}
`,
			jobs: []planner.Job{gtJob("label", "secrets.LABEL_PAT", "permissions:\n  pull-requests: write\n")},
			skip: "read-all",
		},
		{
			name: "cross-repo App step with owner and repositories",
			src: `on: push
jobs:
  terraform:
    runs-on: ubuntu-latest
    steps:
    - uses: actions/checkout@v4
      with:
        repository: acme/terraform-modules
        token: ${{ secrets.MODULES_PAT }}
`,
			jobs: []planner.Job{appJob("terraform", "secrets.MODULES_PAT", crossSnippet)},
			want: `on: push
jobs:
  terraform:
    runs-on: ubuntu-latest
    steps:
    - name: Create a GitHub App token
      id: app-token
      uses: actions/create-github-app-token@v2
      with:
        app-id: ${{ vars.READER_BOT_APP_ID }}
        private-key: ${{ secrets.READER_BOT_PRIVATE_KEY }}
        owner: acme
        repositories: |
          infra
          terraform-modules
        permission-contents: read
    - uses: actions/checkout@v4
      with:
        repository: acme/terraform-modules
        token: ${{ steps.app-token.outputs.token }}
`,
		},
		{
			name: "an existing app-token id gets a unique one",
			src: `on: push
jobs:
  sync:
    runs-on: ubuntu-latest
    steps:
      - id: app-token
        run: echo hi
      - run: gh label clone acme/a --repo acme/b
        env:
          GH_TOKEN: ${{ format('{0}', secrets.SYNC_PAT) }}
`,
			jobs: []planner.Job{appJob("sync", "secrets.SYNC_PAT", releaseSnippet)},
			want: `on: push
jobs:
  sync:
    runs-on: ubuntu-latest
    steps:
      - id: app-token
        run: echo hi
      - name: Create a GitHub App token
        id: app-token-2
        uses: actions/create-github-app-token@v2
        with:
          app-id: ${{ vars.RELEASE_BOT_APP_ID }}
          private-key: ${{ secrets.RELEASE_BOT_PRIVATE_KEY }}
          permission-contents: write
      - run: gh label clone acme/a --repo acme/b
        env:
          GH_TOKEN: ${{ format('{0}', steps.app-token-2.outputs.token) }}
`,
		},
		{
			name: "manual review is left alone",
			src: `on: push
jobs:
  notify:
    runs-on: ubuntu-latest
    steps:
      - run: 'curl -H "Authorization: token ${{ secrets.PAT }}" "$URL"'
`,
			jobs: []planner.Job{{Job: "notify", Credential: "secrets.PAT", Kind: "pat", Decision: planner.DecisionManualReview, Review: []inventory.Evidence{{Line: 6, Text: "request to a URL that is not known"}}}},
			skip: "manual_review: line 6",
		},
		{
			name: "an App token cannot go into job-level env",
			src: `on: push
jobs:
  assign:
    runs-on: ubuntu-latest
    env:
      GH_TOKEN: ${{ secrets.BOT_PAT }}
    steps:
      - run: gh issue edit 1 --add-assignee octocat
`,
			jobs: []planner.Job{appJob("assign", "secrets.BOT_PAT", releaseSnippet)},
			skip: "only steps can read",
		},
		{
			name: "a reusable-workflow call is left alone",
			src: `on: push
jobs:
  plan:
    uses: ./.github/workflows/terraform.yml
    secrets:
      gh_token: ${{ secrets.INFRA_BOT_PAT }}
`,
			jobs: []planner.Job{appJob("plan", "secrets.INFRA_BOT_PAT", releaseSnippet)},
			skip: "reusable-workflow call",
		},
		{
			name: "a comparison is not rewritten",
			src: `on: push
jobs:
  x:
    runs-on: ubuntu-latest
    steps:
      - run: echo ${{ secrets.PAT != '' }}
      - uses: a/b@v1
        with:
          token: ${{ secrets.PAT }}
`,
			jobs: []planner.Job{gtJob("x", "secrets.PAT", "permissions:\n  contents: read\n")},
			skip: "larger expression",
		},
		{
			name: "a fallback to another PAT is not rewritten",
			src: `on: push
jobs:
  x:
    runs-on: ubuntu-latest
    steps:
      - uses: a/b@v1
        with:
          token: ${{ secrets.PAT || secrets.OTHER_PAT }}
`,
			jobs: []planner.Job{gtJob("x", "secrets.PAT", "permissions:\n  contents: read\n")},
			skip: "falls back to another credential",
		},
		{
			name: "a credential from workflow-level env is not rewritten in the job",
			src: `on: push
env:
  TOKEN: ${{ secrets.PAT }}
jobs:
  x:
    runs-on: ubuntu-latest
    steps:
      - run: gh pr list
        env:
          GH_TOKEN: ${{ env.TOKEN }}
`,
			jobs: []planner.Job{gtJob("x", "secrets.PAT", "permissions:\n  pull-requests: read\n")},
			skip: "workflow-level env (line 3)",
		},
		{
			name: "a reusable workflow cannot get an App key by itself",
			src: `on:
  workflow_call:
    secrets:
      gh_token:
        required: true
jobs:
  x:
    runs-on: ubuntu-latest
    steps:
      - uses: a/b@v1
        with:
          token: ${{ secrets.gh_token }}
`,
			jobs: []planner.Job{appJob("x", "secrets.gh_token", releaseSnippet)},
			skip: "workflow_call",
		},
		{
			name: "a leaked token is left alone",
			src: `on: push
jobs:
  x:
    runs-on: ubuntu-latest
    steps:
      - run: echo hi
`,
			jobs: []planner.Job{{Job: "x", Credential: "ghp_****abcd", Kind: "leaked_token", Decision: planner.DecisionGitHubToken, PermissionsBlock: "permissions: {}\n"}},
			skip: "revoke it",
		},
		{
			name: "a snippet that is not the App token step is refused",
			src: `on: push
jobs:
  x:
    runs-on: ubuntu-latest
    steps:
      - uses: a/b@v1
        with:
          token: ${{ secrets.PAT }}
`,
			jobs: []planner.Job{appJob("x", "secrets.PAT", "- uses: evil/action@v1\n  id: app-token\n")},
			skip: "not the expected",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := Rewrite([]byte(tc.src), tc.jobs)
			got := string(res.Output)
			if tc.want == "" {
				if res.Changed || got != tc.src {
					t.Fatalf("changed, want unchanged:\n%s", got)
				}
			} else if got != tc.want {
				t.Fatalf("got:\n%s\nwant:\n%s\nskipped: %+v", got, tc.want, res.Skipped)
			}
			if tc.skip != "" {
				if len(res.Skipped) == 0 || !strings.Contains(res.Skipped[0].Reason, tc.skip) {
					t.Fatalf("skipped = %+v, want a reason with %q", res.Skipped, tc.skip)
				}
			} else if len(res.Skipped) != 0 {
				t.Fatalf("unexpected skips: %+v", res.Skipped)
			}
			if res.Changed {
				assertOnlyEditedLines(t, tc.src, got, tc.jobs)
				// Fixing the fixed file again changes nothing.
				again := Rewrite(res.Output, tc.jobs)
				if again.Changed {
					t.Fatalf("second rewrite changed the file:\n%s", again.Output)
				}
			}
		})
	}
}

// assertOnlyEditedLines checks that every line of src that does not name a
// replaced credential (and is not a permissions entry fix raised) is in out,
// byte for byte and in order.
func assertOnlyEditedLines(t *testing.T, src, out string, jobs []planner.Job) {
	t.Helper()
	outLines := strings.Split(out, "\n")
	k := 0
	for _, l := range strings.Split(src, "\n") {
		touched := false
		for _, j := range jobs {
			name := strings.TrimPrefix(strings.ToLower(j.Credential), "secrets.")
			if strings.Contains(strings.ToLower(l), name) {
				touched = true
			}
		}
		if strings.Contains(l, "permissions:") || strings.HasSuffix(strings.TrimSpace(l), ": read") || strings.HasSuffix(strings.TrimSpace(l), ": none") {
			touched = true
		}
		if touched {
			continue
		}
		for k < len(outLines) && outLines[k] != l {
			k++
		}
		if k == len(outLines) {
			t.Fatalf("line %q of the input is missing from the output", l)
		}
		k++
	}
}

func TestRewriteKeepsCRLF(t *testing.T) {
	src := "on: push\r\njobs:\r\n  x:\r\n    runs-on: ubuntu-latest\r\n    steps:\r\n      - uses: a/b@v1\r\n        with:\r\n          token: ${{ secrets.PAT }}\r\n"
	res := Rewrite([]byte(src), []planner.Job{gtJob("x", "secrets.PAT", "permissions:\n  issues: write\n")})
	want := "on: push\r\njobs:\r\n  x:\r\n    runs-on: ubuntu-latest\r\n    permissions:\r\n      issues: write\r\n    steps:\r\n      - uses: a/b@v1\r\n        with:\r\n          token: ${{ github.token }}\r\n"
	if string(res.Output) != want {
		t.Fatalf("got %q\nwant %q\nskipped %+v", res.Output, want, res.Skipped)
	}
	if len(res.Applied) != 1 || len(res.Applied[0].Notes) == 0 || !strings.Contains(res.Applied[0].Notes[0], "default token permissions") {
		t.Fatalf("applied = %+v", res.Applied)
	}
}

func TestRewriteKeepsBuiltinTokenSpelling(t *testing.T) {
	src := `on: pull_request
jobs:
  changelog:
    runs-on: ubuntu-latest
    steps:
      - run: gh pr comment 1 --body hi
        env:
          GH_TOKEN: ${{ secrets.GITHUB_TOKEN }}
`
	jobs := []planner.Job{{Job: "changelog", Credential: "secrets.GITHUB_TOKEN", Kind: "github_token", Decision: planner.DecisionGitHubToken, PermissionsBlock: "permissions:\n  pull-requests: write\n"}}
	// Alone, a job already on GITHUB_TOKEN is left as it is.
	if res := Rewrite([]byte(src), jobs); res.Changed || len(res.Skipped) != 0 {
		t.Fatalf("a job only on GITHUB_TOKEN was changed or listed:\n%s\n%+v", res.Output, res.Skipped)
	}
	// One the plan would move to an App (it reaches other repositories)
	// is hardening: left, and listed with why.
	hardening := []planner.Job{{Job: "changelog", Credential: "secrets.GITHUB_TOKEN", Kind: "github_token", Part: planner.PartHardening, Decision: planner.DecisionGitHubApp, Reasons: []string{"it reaches other repositories (acme/other)"}}}
	if res := Rewrite([]byte(src), hardening); res.Changed || len(res.Skipped) != 1 || !strings.Contains(res.Skipped[0].Reason, "hardening, not migration") || !strings.Contains(res.Skipped[0].Reason, "acme/other") {
		t.Fatalf("a hardening job the plan moves to an App: changed %v, skipped %+v", res.Changed, res.Skipped)
	}
	// With a PAT moving to GITHUB_TOKEN in the same job, the block covers
	// both, and the secrets.GITHUB_TOKEN spelling stays.
	src2 := src + "      - uses: a/b@v1\n        with:\n          token: ${{ secrets.PAT }}\n"
	jobs = append(jobs, gtJob("changelog", "secrets.PAT", "permissions:\n  issues: write\n"))
	res := Rewrite([]byte(src2), jobs)
	want := strings.Replace(src2, "    steps:\n", "    permissions:\n      issues: write\n      pull-requests: write\n    steps:\n", 1)
	want = strings.Replace(want, "secrets.PAT", "github.token", 1)
	if string(res.Output) != want {
		t.Fatalf("got:\n%s\nwant:\n%s", res.Output, want)
	}
}

func TestRewriteBuiltinNeedingReviewBlocksPermissions(t *testing.T) {
	src := `on: push
jobs:
  x:
    runs-on: ubuntu-latest
    steps:
      - run: 'curl -H "Authorization: token ${{ github.token }}" "$URL"'
      - uses: a/b@v1
        with:
          token: ${{ secrets.PAT }}
`
	jobs := []planner.Job{
		{Job: "x", Credential: "github.token", Kind: "github_token", Decision: planner.DecisionManualReview, Review: []inventory.Evidence{{Text: "unknown URL"}}},
		gtJob("x", "secrets.PAT", "permissions:\n  contents: write\n"),
	}
	res := Rewrite([]byte(src), jobs)
	if res.Changed {
		t.Fatalf("changed:\n%s", res.Output)
	}
	if len(res.Skipped) != 2 || !strings.Contains(res.Skipped[1].Reason, "needs review") {
		t.Fatalf("skipped = %+v", res.Skipped)
	}
}

func TestRewriteRefusesWhatDoesNotVerify(t *testing.T) {
	// Edits that do not read back as intended cannot come from Rewrite's
	// own planning; build them by hand and check the verification.
	src := "on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ secrets.PAT }}\n" +
		"  y:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ secrets.PAT }}\n"
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(src), &doc); err != nil {
		t.Fatal(err)
	}
	jobs := mapValue(doc.Content[0], "jobs")
	plan := func(name string) *jobEdit {
		return &jobEdit{name: name, job: mapValue(jobs, name), change: &Change{Job: name},
			live: []planner.Job{{Job: name, Credential: "secrets.PAT"}}}
	}
	x, y := plan("x"), plan("y")
	bad := strings.Replace(src, "runs-on: ubuntu-latest", "runs-on: windows-latest", 1)
	failed, err := verifyAll(src, bad, doc.Content[0], []*jobEdit{x, y})
	if err != nil || failed[x] == nil || failed[y] != nil {
		t.Fatalf("a wrong edit of x: failed %v, err %v; want x alone", failed, err)
	}
	for what, after := range map[string]string{
		"a change outside the jobs":  strings.Replace(src, "on: push", "on: pull_request", 1),
		"a rewrite that won't parse": strings.Replace(src, "    steps:", "   steps:", 1),
		"a job added":                src + "  z:\n    runs-on: ubuntu-latest\n",
		"a job given twice":          strings.Replace(src, "  y:", "  x:", 1),
	} {
		if _, err := verifyAll(src, after, doc.Content[0], []*jobEdit{x, y}); err == nil {
			t.Errorf("verifyAll accepted %s", what)
		}
	}

	// Applied together, the wrong edit is refused and the right one kept.
	s := newSource(src)
	runsOn := strings.Index(src, "ubuntu-latest")
	x.edits = []edit{{start: runsOn, end: runsOn + len("ubuntu"), text: "windows"}}
	yRun := mapValue(mapValue(mapValue(jobs, "y"), "steps").Content[0], "run")
	at := s.offset(yRun.Line, yRun.Column) + len("echo ${{ ")
	y.edits = []edit{{start: at, end: at + len("secrets.PAT"), text: "github.token"}}
	y.newValues = map[*yaml.Node]string{yRun: "echo ${{ github.token }}"}
	out, kept := applyVerified(src, doc.Content[0], []*jobEdit{x, y})
	if want := src[:at] + "github.token" + src[at+len("secrets.PAT"):]; out != want {
		t.Fatalf("got:\n%s\nwant:\n%s", out, want)
	}
	if len(kept) != 1 || x.change != nil || y.change == nil || len(x.skips) != 1 || !strings.Contains(x.skips[0].Reason, "refused") {
		t.Fatalf("kept %v; x %+v; y %+v", kept, x, y)
	}
}

func TestRewriteBuiltinNeedingReviewAllowsCoveredMove(t *testing.T) {
	src := `on: push
permissions:
  contents: write
jobs:
  x:
    runs-on: ubuntu-latest
    steps:
      - run: 'curl -H "Authorization: token ${{ github.token }}" "$URL"'
      - uses: a/b@v1
        with:
          token: ${{ secrets.PAT }}
`
	jobs := []planner.Job{
		{Job: "x", Credential: "github.token", Kind: "github_token", Decision: planner.DecisionManualReview, Review: []inventory.Evidence{{Text: "unknown URL"}}},
		gtJob("x", "secrets.PAT", "permissions:\n  contents: write\n"),
	}
	res := Rewrite([]byte(src), jobs)
	want := strings.Replace(src, "${{ secrets.PAT }}", "${{ github.token }}", 1)
	if string(res.Output) != want {
		t.Fatalf("got:\n%s\nskipped %+v", res.Output, res.Skipped)
	}
	if len(res.Skipped) != 1 || res.Skipped[0].Credential != "github.token" {
		t.Fatalf("skipped = %+v", res.Skipped)
	}
}
