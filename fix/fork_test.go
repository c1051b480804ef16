package fix

import (
	"strings"
	"testing"

	"github.com/pat2app/pat2app/planner"
)

// tokenStepText is releaseSnippet as fix inserts it at indent 6, with id
// and, when cond is set, if: cond (as YAML writes it).
func tokenStepText(id, cond string) string {
	s := indent(releaseSnippet, 6)
	s = strings.Replace(s, "id: app-token\n", "id: "+id+"\n", 1)
	if cond != "" {
		s = strings.Replace(s, "id: "+id+"\n", "id: "+id+"\n        if: "+cond+"\n", 1)
	}
	return s
}

func TestForkGuard(t *testing.T) {
	const same = "github.event.pull_request.head.repo.full_name == github.repository"
	const mixed = "github.event_name != 'pull_request' || " + same
	tests := []struct {
		name string
		src  string
		want string
		note string // a substring of a note, when one is wanted
		skip string // a substring of the reason, when the job is left alone
	}{
		{
			name: "pull_request only: the token step and its user are guarded",
			src: `on: pull_request
jobs:
  label:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/labeler@v5
        with:
          repo-token: ${{ secrets.PAT }}
`,
			want: `on: pull_request
jobs:
  label:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
` + tokenStepText("app-token", same) + `      - if: ` + same + `
        uses: actions/labeler@v5
        with:
          repo-token: ${{ steps.app-token.outputs.token }}
`,
			note: "pull requests from forks get no secrets",
		},
		{
			name: "push and pull_request: the guard holds for pushes; a named step gets if: after its name",
			src: `on: [push, pull_request]
jobs:
  label:
    runs-on: ubuntu-latest
    steps:
      - name: Label
        # the labeler needs a PAT
        uses: actions/labeler@v5
        with:
          repo-token: ${{ secrets.PAT }}
`,
			want: `on: [push, pull_request]
jobs:
  label:
    runs-on: ubuntu-latest
    steps:
` + tokenStepText("app-token", mixed) + `      - name: Label
        if: ` + mixed + `
        # the labeler needs a PAT
        uses: actions/labeler@v5
        with:
          repo-token: ${{ steps.app-token.outputs.token }}
`,
		},
		{
			name: "the job's own fork guard is carried: nothing added",
			src: `on: pull_request
jobs:
  label:
    if: github.event.pull_request.head.repo.fork == false
    runs-on: ubuntu-latest
    steps:
      - uses: actions/labeler@v5
        with:
          repo-token: ${{ secrets.PAT }}
`,
			want: `on: pull_request
jobs:
  label:
    if: github.event.pull_request.head.repo.fork == false
    runs-on: ubuntu-latest
    steps:
` + tokenStepText("app-token", "") + `      - uses: actions/labeler@v5
        with:
          repo-token: ${{ steps.app-token.outputs.token }}
`,
		},
		{
			name: "the user's condition excludes forks: the token step carries it",
			src: `on: [push, pull_request]
jobs:
  bench:
    runs-on: ubuntu-latest
    steps:
      - run: cargo bench
      - name: Post benchmarks
        if: ${{ github.repository == 'acme/app' && github.ref == 'refs/heads/main' }}
        run: git push "https://x-access-token:${{ secrets.PAT }}@github.com/acme/bench.git"
`,
			want: `on: [push, pull_request]
jobs:
  bench:
    runs-on: ubuntu-latest
    steps:
      - run: cargo bench
` + tokenStepText("app-token", "github.repository == 'acme/app' && github.ref == 'refs/heads/main'") + `      - name: Post benchmarks
        if: ${{ github.repository == 'acme/app' && github.ref == 'refs/heads/main' }}
        run: git push "https://x-access-token:${{ steps.app-token.outputs.token }}@github.com/acme/bench.git"
`,
		},
		{
			name: "a fallback to the built-in token stays, so the user still has a token for forks",
			src: `on: pull_request
jobs:
  comment:
    runs-on: ubuntu-latest
    steps:
      - run: gh pr comment 1 --body hi
        env:
          GH_TOKEN: ${{ secrets.PAT || github.token }}
`,
			want: `on: pull_request
jobs:
  comment:
    runs-on: ubuntu-latest
    steps:
` + tokenStepText("app-token", same) + `      - run: gh pr comment 1 --body hi
        env:
          GH_TOKEN: ${{ steps.app-token.outputs.token || github.token }}
`,
			note: "keep that fallback",
		},
		{
			name: "a user that runs after failures: guard and always() on both",
			src: `on: pull_request_review
jobs:
  report:
    runs-on: ubuntu-latest
    steps:
      - run: make test
      - if: always()
        run: gh pr comment 1 --body done
        env:
          GH_TOKEN: ${{ secrets.PAT }}
`,
			want: `on: pull_request_review
jobs:
  report:
    runs-on: ubuntu-latest
    steps:
      - run: make test
` + tokenStepText("app-token", same+" && always()") + `      - if: ` + same + ` && always()
        run: gh pr comment 1 --body done
        env:
          GH_TOKEN: ${{ steps.app-token.outputs.token }}
`,
		},
		{
			name: "a condition over several lines is joined and guarded",
			src: `on: pull_request
jobs:
  report:
    runs-on: ubuntu-latest
    steps:
      - run: gh pr comment 1 --body done
        if: |
          github.event.action == 'opened' ||
            github.event.action == 'reopened'
        env:
          GH_TOKEN: ${{ secrets.PAT }}
`,
			want: `on: pull_request
jobs:
  report:
    runs-on: ubuntu-latest
    steps:
` + tokenStepText("app-token", same+" && (github.event.action == 'opened' || github.event.action == 'reopened')") + `      - run: gh pr comment 1 --body done
        if: ` + same + ` && (github.event.action == 'opened' || github.event.action == 'reopened')
        env:
          GH_TOKEN: ${{ steps.app-token.outputs.token }}
`,
		},
		{
			name: "a carried condition that starts with ! is quoted",
			src: `on: push
jobs:
  release:
    runs-on: ubuntu-latest
    steps:
      - if: ${{ !startsWith(github.ref, 'refs/tags/') }}
        uses: a/b@v1
        with:
          token: ${{ secrets.PAT }}
`,
			want: `on: push
jobs:
  release:
    runs-on: ubuntu-latest
    steps:
` + tokenStepText("app-token", "'!startsWith(github.ref, ''refs/tags/'')'") + `      - if: ${{ !startsWith(github.ref, 'refs/tags/') }}
        uses: a/b@v1
        with:
          token: ${{ steps.app-token.outputs.token }}
`,
		},
		{
			name: "pull_request_target has secrets for forks: no guard, a note",
			src: `on: pull_request_target
jobs:
  label:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/labeler@v5
        with:
          repo-token: ${{ secrets.PAT }}
`,
			want: `on: pull_request_target
jobs:
  label:
    runs-on: ubuntu-latest
    steps:
` + tokenStepText("app-token", "") + `      - uses: actions/labeler@v5
        with:
          repo-token: ${{ steps.app-token.outputs.token }}
`,
			note: "pull_request_target runs with this repository's secrets",
		},
		{
			name: "a step written as a flow mapping cannot be guarded: refused with the reason",
			src: `on: pull_request
jobs:
  label:
    runs-on: ubuntu-latest
    steps:
      - { uses: actions/labeler@v5, with: { repo-token: "${{ secrets.PAT }}" } }
`,
			want: `on: pull_request
jobs:
  label:
    runs-on: ubuntu-latest
    steps:
      - { uses: actions/labeler@v5, with: { repo-token: "${{ secrets.PAT }}" } }
`,
			skip: "must not run for pull requests from forks",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := checkRewrite(t, tc.src, []planner.Job{appJob(firstJob(tc.src), "secrets.PAT", releaseSnippet)}, tc.want)
			if tc.skip != "" {
				if len(res.Skipped) != 1 || !strings.Contains(res.Skipped[0].Reason, tc.skip) {
					t.Fatalf("skipped = %+v, want a reason with %q", res.Skipped, tc.skip)
				}
				return
			}
			if len(res.Skipped) != 0 || len(res.Applied) != 1 {
				t.Fatalf("applied %+v, skipped %+v", res.Applied, res.Skipped)
			}
			if tc.note != "" && !hasNote(res.Applied[0], tc.note) {
				t.Fatalf("notes %q lack %q", res.Applied[0].Notes, tc.note)
			}
		})
	}
}

// Events that run in the repository's own context with its secrets need
// no guard, whoever caused them.
func TestNoForkGuardWhereSecretsAreThere(t *testing.T) {
	for _, on := range []string{"push", "workflow_run:\n    workflows: [CI]\n    types: [completed]", "issue_comment", "merge_group", "schedule:\n    - cron: '0 0 * * *'", "workflow_dispatch"} {
		src := "on:\n  " + on + "\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: a/b@v1\n        with:\n          token: ${{ secrets.PAT }}\n"
		want := strings.Replace(src, "      - uses: a/b@v1", tokenStepText("app-token", "")+"      - uses: a/b@v1", 1)
		want = strings.Replace(want, "secrets.PAT", "steps.app-token.outputs.token", 1)
		t.Run(strings.Fields(on)[0], func(t *testing.T) {
			checkRewrite(t, src, []planner.Job{appJob("x", "secrets.PAT", releaseSnippet)}, want)
		})
	}
}

func firstJob(src string) string {
	_, rest, _ := strings.Cut(src, "\njobs:\n  ")
	name, _, _ := strings.Cut(rest, ":")
	return name
}
