package fix

import (
	"strings"
	"testing"

	"github.com/pat2app/pat2app/planner"
)

// checkRewrite runs Rewrite and compares the output with want, then checks
// that only the edited lines changed and that a second run changes nothing.
func checkRewrite(t *testing.T, src string, jobs []planner.Job, want string) Result {
	t.Helper()
	res := Rewrite([]byte(src), jobs)
	if got := string(res.Output); got != want {
		t.Fatalf("got:\n%s\nwant:\n%s\nskipped: %+v", got, want, res.Skipped)
	}
	if res.Changed {
		if again := Rewrite(res.Output, jobs); again.Changed {
			t.Fatalf("second rewrite changed the file:\n%s", again.Output)
		}
	}
	return res
}

func TestTokenStepGoesRightBeforeItsFirstUse(t *testing.T) {
	src := `on: push
jobs:
  release:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: make dist
        # Publish the release
      # Publish the release
      - uses: softprops/action-gh-release@v2
        with:
          token: ${{ secrets.RELEASE_PAT }}
      - run: echo done
`
	want := `on: push
jobs:
  release:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: make dist
        # Publish the release
      - name: Create a GitHub App token
        id: app-token
        uses: actions/create-github-app-token@v2
        with:
          app-id: ${{ vars.RELEASE_BOT_APP_ID }}
          private-key: ${{ secrets.RELEASE_BOT_PRIVATE_KEY }}
          permission-contents: write
      # Publish the release
      - uses: softprops/action-gh-release@v2
        with:
          token: ${{ steps.app-token.outputs.token }}
      - run: echo done
`
	checkRewrite(t, src, []planner.Job{appJob("release", "secrets.RELEASE_PAT", releaseSnippet)}, want)
}

func TestTokenStepAfterABlockScalarStaysOutOfIt(t *testing.T) {
	// A "# ..." line inside a run: block is script text, not a comment to
	// move above.
	src := `on: push
jobs:
  release:
    runs-on: ubuntu-latest
    steps:
      - run: |
          make dist
          # script text, part of the run: block
      - uses: softprops/action-gh-release@v2
        with:
          token: ${{ secrets.RELEASE_PAT }}
`
	want := strings.Replace(src, "      - uses: softprops", indent(releaseSnippet, 6)+"      - uses: softprops", 1)
	want = strings.Replace(want, "secrets.RELEASE_PAT", "steps.app-token.outputs.token", 1)
	checkRewrite(t, src, []planner.Job{appJob("release", "secrets.RELEASE_PAT", releaseSnippet)}, want)
}

// indent indents every line of s by n spaces.
func indent(s string, n int) string {
	pad := strings.Repeat(" ", n)
	lines := strings.SplitAfter(s, "\n")
	var b strings.Builder
	for _, l := range lines {
		if l != "" {
			b.WriteString(pad + l)
		}
	}
	return b.String()
}

func TestLongJobMintsATokenBeforeEachLaterUse(t *testing.T) {
	src := `on: push
jobs:
  release:
    runs-on: ubuntu-latest
    timeout-minutes: 180
    steps:
      - uses: actions/checkout@v4
        with:
          token: ${{ secrets.RELEASE_PAT }}
      - run: cargo build --release
      - uses: softprops/action-gh-release@v2
        with:
          token: ${{ secrets.RELEASE_PAT }}
      - uses: peter-evans/create-pull-request@v6
        with:
          token: ${{ secrets.RELEASE_PAT }}
`
	want := `on: push
jobs:
  release:
    runs-on: ubuntu-latest
    timeout-minutes: 180
    steps:
      - name: Create a GitHub App token
        id: app-token
        uses: actions/create-github-app-token@v2
        with:
          app-id: ${{ vars.RELEASE_BOT_APP_ID }}
          private-key: ${{ secrets.RELEASE_BOT_PRIVATE_KEY }}
          permission-contents: write
      - uses: actions/checkout@v4
        with:
          token: ${{ steps.app-token.outputs.token }}
      - run: cargo build --release
      - name: Create a GitHub App token
        id: app-token-2
        uses: actions/create-github-app-token@v2
        with:
          app-id: ${{ vars.RELEASE_BOT_APP_ID }}
          private-key: ${{ secrets.RELEASE_BOT_PRIVATE_KEY }}
          permission-contents: write
      - uses: softprops/action-gh-release@v2
        with:
          token: ${{ steps.app-token-2.outputs.token }}
      - uses: peter-evans/create-pull-request@v6
        with:
          token: ${{ steps.app-token-2.outputs.token }}
`
	// The plan's own advice on the job's length is what the token steps
	// now do: the change says it once, in fix's words; other warnings stay.
	j := appJob("release", "secrets.RELEASE_PAT", releaseSnippet)
	j.Warnings = []string{planner.LongJobWarning(180), "softprops/action-gh-release: a note of its own"}
	res := checkRewrite(t, src, []planner.Job{j}, want)
	if len(res.Applied) != 1 || !hasNote(res.Applied[0], "180 minutes") || !hasNote(res.Applied[0], "actions/checkout (line 7)") {
		t.Fatalf("applied = %+v, want notes on the job's length and the persisted checkout token", res.Applied)
	}
	if n := countNotes(res.Applied[0], "180 minutes"); n != 1 || !hasNote(res.Applied[0], "a note of its own") {
		t.Fatalf("notes = %q: want the job's length said once (%d times) and the plan's other warnings kept", res.Applied[0].Notes, n)
	}
}

func TestShortJobKeepsOneTokenStep(t *testing.T) {
	src := `on: push
jobs:
  release:
    runs-on: ubuntu-latest
    timeout-minutes: 30
    steps:
      - run: make
      - uses: softprops/action-gh-release@v2
        with:
          token: ${{ secrets.RELEASE_PAT }}
      - run: make more
      - uses: peter-evans/create-pull-request@v6
        with:
          token: ${{ secrets.RELEASE_PAT }}
`
	want := strings.Replace(src, "      - uses: softprops", indent(releaseSnippet, 6)+"      - uses: softprops", 1)
	want = strings.ReplaceAll(want, "secrets.RELEASE_PAT", "steps.app-token.outputs.token")
	res := checkRewrite(t, src, []planner.Job{appJob("release", "secrets.RELEASE_PAT", releaseSnippet)}, want)
	if len(res.Applied) != 1 || hasNote(res.Applied[0], "one-hour") {
		t.Fatalf("applied = %+v", res.Applied)
	}
}

func hasNote(c Change, sub string) bool {
	return countNotes(c, sub) > 0
}

func countNotes(c Change, sub string) int {
	count := 0
	for _, n := range c.Notes {
		if strings.Contains(n, sub) {
			count++
		}
	}
	return count
}
