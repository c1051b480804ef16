package scanner

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/pat2app/pat2app/inventory"
)

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

func find(fs []inventory.Finding, job, cred string) *inventory.Finding {
	for i := range fs {
		if fs[i].Job == job && strings.EqualFold(fs[i].Credential, cred) {
			return &fs[i]
		}
	}
	return nil
}

func hasOp(f *inventory.Finding, pred func(o inventory.Operation) bool) bool {
	for _, o := range f.Operations {
		if pred(o) {
			return true
		}
	}
	return false
}

const wf = ".github/workflows/w.yml"

func TestCredentialPatterns(t *testing.T) {
	type want struct {
		job, cred string
		kind      inventory.Kind
		op        func(o inventory.Operation) bool // nil: no check
		cross     bool
		unres     bool
	}
	rest := func(m, p string) func(o inventory.Operation) bool {
		return func(o inventory.Operation) bool { return o.Kind == inventory.OpREST && o.Method == m && o.Path == p }
	}
	kindName := func(k inventory.OpKind, n string) func(o inventory.Operation) bool {
		return func(o inventory.Operation) bool { return o.Kind == k && o.Name == n }
	}
	tests := []struct {
		name  string
		files map[string]string
		want  []want
		none  []string // credentials that must not be findings
	}{
		{
			name: "token input of a known GitHub action",
			files: map[string]string{wf: `on: push
jobs:
  pr:
    runs-on: ubuntu-latest
    steps:
      - uses: peter-evans/create-pull-request@v6
        with:
          token: ${{ secrets.BOT_PAT }}
`},
			want: []want{{job: "pr", cred: "secrets.BOT_PAT", kind: inventory.KindPAT, op: kindName(inventory.OpAction, "peter-evans/create-pull-request")}},
		},
		{
			name: "gh with GH_TOKEN from step env",
			files: map[string]string{wf: `on: push
jobs:
  j:
    runs-on: ubuntu-latest
    steps:
      - run: gh pr create --fill
        env:
          GH_TOKEN: ${{ secrets.SOMETHING }}
`},
			want: []want{{job: "j", cred: "secrets.SOMETHING", kind: inventory.KindPAT, op: kindName(inventory.OpGH, "gh pr create")}},
		},
		{
			name: "curl to the API on another repository",
			files: map[string]string{wf: `on: push
jobs:
  j:
    runs-on: ubuntu-latest
    steps:
      - env:
          T: ${{ secrets.DISPATCH }}
        run: |
          curl -X POST -H "Authorization: token $T" https://api.github.com/repos/other/repo/dispatches -d '{}'
`},
			want: []want{{job: "j", cred: "secrets.DISPATCH", kind: inventory.KindPAT, op: rest("POST", "/repos/other/repo/dispatches"), cross: true}},
		},
		{
			name: "npm token for the public registry is not GitHub",
			files: map[string]string{wf: `on: push
jobs:
  j:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/setup-node@v4
        with:
          registry-url: https://registry.npmjs.org
      - run: npm publish
        env:
          NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}
`},
			want: []want{{job: "j", cred: "secrets.NPM_TOKEN", kind: inventory.KindNotGitHub}},
		},
		{
			name: "fallback yields one finding per credential, secrets['X'] form",
			files: map[string]string{wf: `on: push
jobs:
  j:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          token: ${{ secrets['MY_PAT'] || github.token }}
`},
			want: []want{
				{job: "j", cred: "secrets.MY_PAT", kind: inventory.KindPAT},
				{job: "j", cred: "github.token", kind: inventory.KindGitHubToken},
			},
		},
		{
			name: "GITHUB_ENV carries a token to a later gh call",
			files: map[string]string{wf: `on: push
jobs:
  j:
    runs-on: ubuntu-latest
    steps:
      - run: echo "GH_TOKEN=${{ secrets.LATER }}" >> "$GITHUB_ENV"
      - run: gh issue close 12
`},
			want: []want{{job: "j", cred: "secrets.LATER", kind: inventory.KindPAT, op: kindName(inventory.OpGH, "gh issue close")}},
		},
		{
			name: "checkout persists the token for a later push",
			files: map[string]string{wf: `on: push
jobs:
  j:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          token: ${{ secrets.PUSHER }}
      - run: git push origin HEAD:main
`},
			want: []want{{job: "j", cred: "secrets.PUSHER", kind: inventory.KindPAT, op: kindName(inventory.OpGit, "push")}},
		},
		{
			name: "App token minting",
			files: map[string]string{wf: `on: push
jobs:
  j:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/create-github-app-token@v1
        id: app
        with:
          app-id: ${{ vars.APP_ID }}
          private-key: ${{ secrets.APP_KEY }}
      - uses: peter-evans/create-pull-request@v6
        with:
          token: ${{ steps.app.outputs.token }}
`},
			want: []want{
				{job: "j", cred: "secrets.APP_KEY", kind: inventory.KindAppToken},
				{job: "j", cred: "steps.app.outputs.token", kind: inventory.KindAppToken, op: kindName(inventory.OpAction, "peter-evans/create-pull-request")},
			},
		},
		{
			name: "workflow env counts for every job",
			files: map[string]string{wf: `on: push
env:
  GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: gh release list
  b:
    runs-on: ubuntu-latest
    steps:
      - run: echo hi
`},
			want: []want{
				{job: "a", cred: "secrets.GITHUB_TOKEN", kind: inventory.KindGitHubToken, op: kindName(inventory.OpGH, "gh release list")},
				{job: "b", cred: "secrets.GITHUB_TOKEN", kind: inventory.KindGitHubToken},
			},
		},
		{
			name: "local reusable workflow: the caller's kind comes from the callee",
			files: map[string]string{
				".github/workflows/caller.yml": `on: push
jobs:
  call:
    uses: ./.github/workflows/callee.yml
    secrets:
      tok: ${{ secrets.OPAQUE_NAME }}
`,
				".github/workflows/callee.yml": `on:
  workflow_call:
    secrets:
      tok:
        required: true
jobs:
  work:
    runs-on: ubuntu-latest
    steps:
      - run: gh pr list
        env:
          GH_TOKEN: ${{ secrets.tok }}
`},
			want: []want{
				{job: "call", cred: "secrets.OPAQUE_NAME", kind: inventory.KindPAT, op: kindName(inventory.OpGH, "gh pr list")},
				{job: "work", cred: "secrets.tok", kind: inventory.KindPAT},
			},
		},
		{
			name: "remote reusable workflow with secrets: inherit",
			files: map[string]string{wf: `on: push
jobs:
  call:
    uses: acme/shared/.github/workflows/x.yml@main
    secrets: inherit
`},
			want: []want{{job: "call", cred: "secrets: inherit", kind: inventory.KindUnknown, unres: true}},
		},
		{
			name: "composite action input pushed with git",
			files: map[string]string{".github/actions/push/action.yml": `name: push
description: push
inputs:
  token:
    description: t
runs:
  using: composite
  steps:
    - shell: bash
      run: git push "https://x-access-token:${{ inputs.token }}@github.com/acme/other.git" HEAD
`},
			want: []want{{job: CompositeJob, cred: "inputs.token", kind: inventory.KindUnknown, op: kindName(inventory.OpGit, "push"), cross: true}},
		},
		{
			name: "Hugging Face token in a git URL is not GitHub",
			files: map[string]string{wf: `on: push
jobs:
  j:
    runs-on: ubuntu-latest
    steps:
      - env:
          HF: ${{ secrets.HFTOKEN }}
        run: git push https://user:$HF@huggingface.co/spaces/u/s main
`},
			want: []want{{job: "j", cred: "secrets.HFTOKEN", kind: inventory.KindNotGitHub}},
		},
		{
			name: "docker login to ghcr.io",
			files: map[string]string{wf: `on: push
jobs:
  j:
    runs-on: ubuntu-latest
    steps:
      - uses: docker/login-action@v3
        with:
          registry: ghcr.io
          username: bot
          password: ${{ secrets.CR_TOKEN }}
`},
			want: []want{{job: "j", cred: "secrets.CR_TOKEN", kind: inventory.KindPAT, op: kindName(inventory.OpDocker, "login")}},
		},
		{
			name: "github-script calls become REST operations",
			files: map[string]string{wf: `on: issues
jobs:
  j:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/github-script@v7
        with:
          github-token: ${{ secrets.BOT }}
          script: |
            await github.rest.issues.addLabels({...context.repo, issue_number: 1, labels: ['x']})
`},
			want: []want{{job: "j", cred: "secrets.BOT", kind: inventory.KindPAT, op: rest("POST", "/repos/{owner}/{repo}/issues/{issue_number}/labels")}},
		},
		{
			name: "existence check alone is no use; kind falls back to the name",
			files: map[string]string{wf: `on: push
jobs:
  j:
    runs-on: ubuntu-latest
    if: ${{ secrets.SLACK_TOKEN != '' }}
    steps:
      - run: echo hi
`},
			want: []want{{job: "j", cred: "secrets.SLACK_TOKEN", kind: inventory.KindNotGitHub}},
		},
		{
			name: "an unresolvable curl URL is unresolved, not guessed",
			files: map[string]string{wf: `on: push
jobs:
  j:
    runs-on: ubuntu-latest
    steps:
      - env:
          GH_PAT: ${{ secrets.GH_PAT }}
        run: |
          curl -H "Authorization: token $GH_PAT" "$URL"
`},
			want: []want{{job: "j", cred: "secrets.GH_PAT", kind: inventory.KindPAT, unres: true}},
		},
		{
			name: "a known action pushes with the credentials checkout persisted",
			files: map[string]string{wf: `on: push
jobs:
  j:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          token: ${{ secrets.PUSH_TOKEN }}
      - uses: stefanzweifel/git-auto-commit-action@v5
`},
			want: []want{{job: "j", cred: "secrets.PUSH_TOKEN", kind: inventory.KindPAT, op: kindName(inventory.OpGit, "push")}},
		},
		{
			name: "an unknown action after checkout may use the persisted credentials",
			files: map[string]string{wf: `on: push
jobs:
  j:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          token: ${{ secrets.PUSH_TOKEN }}
      - uses: someone/commit-things@v1
`},
			want: []want{{job: "j", cred: "secrets.PUSH_TOKEN", kind: inventory.KindPAT, unres: true}},
		},
		{
			name: "a tool's extra GitHub token env var",
			files: map[string]string{wf: `on: push
jobs:
  j:
    runs-on: ubuntu-latest
    steps:
      - uses: goreleaser/goreleaser-action@v6
        env:
          HOMEBREW_TAP_GITHUB_TOKEN: ${{ secrets.TAP }}
`},
			want: []want{{job: "j", cred: "secrets.TAP", kind: inventory.KindPAT, op: kindName(inventory.OpAction, "goreleaser/goreleaser-action")}},
		},
		{
			name: "git credentials set in one step push in a later one",
			files: map[string]string{wf: `on: push
jobs:
  j:
    runs-on: ubuntu-latest
    steps:
      - run: git remote set-url origin "https://x-access-token:${{ secrets.LATER_PUSH }}@github.com/acme/demo.git"
      - run: echo building
      - run: git push origin HEAD:main
`},
			want: []want{{job: "j", cred: "secrets.LATER_PUSH", kind: inventory.KindPAT, op: func(o inventory.Operation) bool {
				return o.Kind == inventory.OpGit && o.Name == "push" && o.Line == 8
			}}},
		},
		{
			name: "registry password passed to a reusable workflow with a ghcr.io image",
			files: map[string]string{wf: `on: push
jobs:
  provenance:
    uses: slsa-framework/slsa-github-generator/.github/workflows/generator_container_slsa3.yml@v1
    with:
      image: ghcr.io/acme/app
    secrets:
      registry-password: ${{ secrets.REG }}
`},
			want: []want{{job: "provenance", cred: "secrets.REG", kind: inventory.KindPAT, op: kindName(inventory.OpDocker, "push"), unres: true}},
		},
		{
			name: "a token passed to a local composite action follows into it",
			files: map[string]string{
				wf: `on: push
jobs:
  j:
    runs-on: ubuntu-latest
    steps:
      - uses: ./.github/actions/pusher
        with:
          gh-token: ${{ secrets.OPAQUE }}
`,
				".github/actions/pusher/action.yml": `name: pusher
description: push
inputs:
  gh-token:
    description: t
runs:
  using: composite
  steps:
    - shell: bash
      env:
        GH_TOKEN: ${{ inputs.gh-token }}
      run: gh release create v1
`},
			want: []want{
				{job: "j", cred: "secrets.OPAQUE", kind: inventory.KindPAT, op: kindName(inventory.OpGH, "gh release create")},
				{job: CompositeJob, cred: "inputs.gh-token", kind: inventory.KindUnknown},
			},
		},
		{
			name: "docker login to a registry named in env",
			files: map[string]string{wf: `on: push
env:
  REGISTRY: ghcr.io
jobs:
  j:
    runs-on: ubuntu-latest
    steps:
      - uses: docker/login-action@v3
        with:
          registry: ${{ env.REGISTRY }}
          username: bot
          password: ${{ secrets.CR_TOKEN_2 }}
`},
			want: []want{{job: "j", cred: "secrets.CR_TOKEN_2", kind: inventory.KindPAT, op: kindName(inventory.OpDocker, "login")}},
		},
		{
			name: "a fallback token persisted by checkout pushes with both credentials",
			files: map[string]string{wf: `on: push
jobs:
  j:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          token: ${{ secrets.FB_PAT || github.token }}
      - run: git push origin HEAD:main
`},
			want: []want{
				{job: "j", cred: "secrets.FB_PAT", kind: inventory.KindPAT, op: kindName(inventory.OpGit, "push")},
				{job: "j", cred: "github.token", kind: inventory.KindGitHubToken, op: kindName(inventory.OpGit, "push")},
			},
		},
		{
			name: "gh api paths with run-time values inside segments; gh auth is no operation",
			files: map[string]string{wf: `on: push
jobs:
  j:
    runs-on: ubuntu-latest
    steps:
      - env:
          T: ${{ secrets.CMP_PAT }}
        run: |
          echo "$T" | gh auth login --with-token
          gh api "repos/${{ github.repository }}/compare/${PREV}...${NEXT}"
`},
			want: []want{{job: "j", cred: "secrets.CMP_PAT", kind: inventory.KindPAT, op: rest("GET", "/repos/{owner}/{repo}/compare/{value}")}},
		},
		{
			name: "docker/login-action user name is not a credential; build-push-action pushes with the login",
			files: map[string]string{wf: `on: push
jobs:
  j:
    runs-on: ubuntu-latest
    steps:
      - uses: docker/login-action@v3
        with:
          registry: ghcr.io
          username: ${{ secrets.GHCR_USERNAME }}
          password: ${{ secrets.GHCR_PW_TOKEN }}
      - uses: docker/build-push-action@v6
        with:
          push: true
          tags: ghcr.io/acme/app:latest
`},
			want: []want{
				{job: "j", cred: "secrets.GHCR_USERNAME", kind: inventory.KindNotGitHub},
				{job: "j", cred: "secrets.GHCR_PW_TOKEN", kind: inventory.KindPAT, op: kindName(inventory.OpDocker, "push")},
			},
		},
		{
			name: "a dispatch target from a one-value matrix is another repository",
			files: map[string]string{wf: `on: push
jobs:
  j:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        repo: [acme/website]
    steps:
      - uses: peter-evans/repository-dispatch@v3
        with:
          token: ${{ secrets.DISPATCH_PAT }}
          repository: ${{ matrix.repo }}
          event-type: release
`},
			want: []want{{job: "j", cred: "secrets.DISPATCH_PAT", kind: inventory.KindPAT, cross: true}},
		},
		{
			name: "a dispatch target chosen at run time is unresolved, not our repository",
			files: map[string]string{wf: `on: push
jobs:
  j:
    runs-on: ubuntu-latest
    steps:
      - uses: peter-evans/repository-dispatch@v3
        with:
          token: ${{ secrets.DISPATCH_PAT }}
          repository: ${{ inputs.target }}
          event-type: release
`},
			want: []want{{job: "j", cred: "secrets.DISPATCH_PAT", kind: inventory.KindPAT, unres: true}},
		},
		{
			name: "a credential given to a step whose script shows no use of it is said",
			files: map[string]string{wf: `on: push
jobs:
  j:
    runs-on: ubuntu-latest
    steps:
      - run: breeze ci set-milestone
        env:
          GH_TOKEN: ${{ secrets.MILESTONE_PAT }}
`},
			want: []want{{job: "j", cred: "secrets.MILESTONE_PAT", kind: inventory.KindPAT, unres: true}},
		},
		{
			name: "expressions in comments are not references",
			files: map[string]string{wf: `on: push
jobs:
  j:
    runs-on: ubuntu-latest
    steps:
      # token: ${{ secrets.OLD_PAT }}
      - run: echo hi
`},
			none: []string{"secrets.OLD_PAT"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fs := scanOne(t, tc.files)
			for _, w := range tc.want {
				f := find(fs, w.job, w.cred)
				if f == nil {
					t.Fatalf("no finding for %s/%s; got %s", w.job, w.cred, dump(fs))
				}
				if f.Kind != w.kind {
					t.Errorf("%s/%s kind = %s (%s), want %s", w.job, w.cred, f.Kind, f.Reason, w.kind)
				}
				if w.op != nil && !hasOp(f, w.op) {
					t.Errorf("%s/%s: operation missing; got %+v", w.job, w.cred, f.Operations)
				}
				if f.CrossRepo != w.cross {
					t.Errorf("%s/%s cross_repo = %v (%v), want %v", w.job, w.cred, f.CrossRepo, f.TargetRepos, w.cross)
				}
				if w.unres && len(f.Unresolved) == 0 {
					t.Errorf("%s/%s: want an unresolved use", w.job, w.cred)
				}
				if len(f.Lines) == 0 {
					t.Errorf("%s/%s: no lines", w.job, w.cred)
				}
				if f.Fingerprint == "" {
					t.Errorf("%s/%s: no fingerprint", w.job, w.cred)
				}
			}
			for _, c := range tc.none {
				for _, f := range fs {
					if strings.EqualFold(f.Credential, c) {
						t.Errorf("unexpected finding %s/%s", f.Job, f.Credential)
					}
				}
			}
		})
	}
}

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

func TestLinesComeFromTheFile(t *testing.T) {
	src := `on: push
jobs:
  j:
    runs-on: ubuntu-latest
    steps:
      - run: |
          echo start
          gh release create v1 --notes x
        env:
          GH_TOKEN: ${{ secrets.REL_PAT }}
`
	fs := scanOne(t, map[string]string{wf: src})
	f := find(fs, "j", "secrets.REL_PAT")
	if f == nil {
		t.Fatalf("no finding: %s", dump(fs))
	}
	if got := f.Lines; len(got) != 2 || got[0] != 8 || got[1] != 10 {
		t.Errorf("lines = %v, want [8 10]", got)
	}
	if len(f.Operations) == 0 || f.Operations[0].Line != 8 {
		t.Errorf("operation line wrong: %+v", f.Operations)
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

func TestParseRemote(t *testing.T) {
	for in, want := range map[string]string{
		"https://github.com/acme/web.git":     "acme/web",
		"git@github.com:acme/web.git":         "acme/web",
		"ssh://git@ghe.example.com/acme/web":  "acme/web",
		"https://user:x@github.com/acme/web/": "acme/web",
		"not a url":                           "",
	} {
		if got, _ := parseRemote(in); got != want {
			t.Errorf("parseRemote(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCredentialKeepsItsCase(t *testing.T) {
	fs := scanOne(t, map[string]string{wf: "on: push\njobs:\n  j:\n    runs-on: x\n    steps:\n      - uses: actions/checkout@v4\n        with:\n          token: ${{ secrets.My_Pat_Token }}\n"})
	if len(fs) != 1 || fs[0].Credential != "secrets.My_Pat_Token" {
		t.Fatalf("credential = %q, want secrets.My_Pat_Token", dump(fs))
	}
}

func TestFallbackExpressionIsKept(t *testing.T) {
	fs := scanOne(t, map[string]string{wf: "on: push\njobs:\n  j:\n    runs-on: x\n    steps:\n      - uses: actions/checkout@v4\n        with:\n          token: ${{ secrets.PAT || github.token }}\n"})
	for _, c := range []string{"secrets.PAT", "github.token"} {
		f := find(fs, "j", c)
		if f == nil || len(f.Expressions) != 1 || f.Expressions[0] != "secrets.PAT || github.token" {
			t.Fatalf("%s: expressions = %+v", c, f)
		}
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

func TestGitHubScriptClients(t *testing.T) {
	fs := scanOne(t, map[string]string{wf: `on: push
jobs:
  j:
    runs-on: x
    steps:
      - uses: actions/github-script@v7
        env:
          ORG_TOKEN: ${{ secrets.ORG_PAT }}
        with:
          github-token: ${{ secrets.REPO_PAT }}
          script: |
            await github.rest.issues.createComment({...context.repo, issue_number: 1, body: 'x'})
            const org = github.getOctokit(process.env.ORG_TOKEN)
            await org.rest.teams.list({org: 'acme'})
`})
	repo, org := find(fs, "j", "secrets.REPO_PAT"), find(fs, "j", "secrets.ORG_PAT")
	if repo == nil || org == nil {
		t.Fatalf("findings: %s", dump(fs))
	}
	if len(repo.Operations) != 1 || repo.Operations[0].Path != "/repos/{owner}/{repo}/issues/{issue_number}/comments" || repo.Operations[0].Line != 12 {
		t.Errorf("github-token ops = %+v", repo.Operations)
	}
	if len(org.Operations) != 1 || org.Operations[0].Path != "/orgs/{org}/teams" || org.Operations[0].Line != 14 {
		t.Errorf("script client ops = %+v", org.Operations)
	}
	if org.Kind != inventory.KindPAT {
		t.Errorf("kind = %s", org.Kind)
	}
}
