package main

import (
	"bytes"
	"context"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/labelbot.golden")

// TestLabelbot reads the two actions of testdata/labelbot (a JavaScript
// action with a default token, another service's key and a git push; a
// composite action running gh) and compares the candidates with
// testdata/labelbot.golden (go test ./knowledge/data/internal/actionrows
// -update rewrites it).
func TestLabelbot(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), &out, []string{"acme/labelbot=testdata/labelbot@v1"}, "HEAD"); err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "labelbot.golden")
	if *update {
		if err := os.WriteFile(golden, out.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if out.String() != string(want) {
		t.Errorf("output differs from %s (-update rewrites it):\n%s", golden, out.String())
	}
	// The facts the review starts from, whatever the wording.
	for _, row := range []string{
		"acme/labelbot\texact\trepo-token\t\tissues:write,pull_requests:write\t",
		"acme/labelbot/comment\texact\ttoken\t\tpull_requests:write\t",
	} {
		if !strings.Contains(out.String(), "\n"+row) {
			t.Errorf("no row starting %q", row)
		}
	}
	for _, s := range []string{"runs: src/main.js:12: git push", "input hook-api-key (its name): not shown to take a GitHub token"} {
		if !strings.Contains(out.String(), s) {
			t.Errorf("output lacks %q", s)
		}
	}
}

// TestBareGit reads the same action from a bare git directory at a tag:
// the row's source names the commit.
func TestBareGit(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	dir := filepath.Join(t.TempDir(), "acme+labelbot", "repo")
	src, err := filepath.Abs(filepath.Join("testdata", "labelbot"))
	if err != nil {
		t.Fatal(err)
	}
	g := func(args ...string) string {
		t.Helper()
		if args[0] != "init" {
			args = append([]string{"--git-dir", dir, "--work-tree", src}, args...)
		}
		cmd := exec.Command("git", append([]string{"-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "init.defaultBranch=main"}, args...)...)
		cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
		b, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("git %v: %v: %s", args, err, b)
		}
		return strings.TrimSpace(string(b))
	}
	g("init", "--bare", "--quiet", dir)
	g("add", "-A", ".")
	g("commit", "--quiet", "-m", "labelbot")
	g("tag", "v1")
	commit := g("rev-parse", "HEAD")
	var out bytes.Buffer
	// The name comes from the owner+repo folder; the ref from the SPEC.
	if err := run(context.Background(), &out, []string{dir + "@v1"}, "HEAD"); err != nil {
		t.Fatal(err)
	}
	want := "acme/labelbot\texact\trepo-token\t\tissues:write,pull_requests:write\t\t\t\t\t\t\t\t\t\t\tacme/labelbot@" + commit + ":action.yml, src/main.js\n"
	if !strings.Contains(out.String(), "\n"+want) {
		t.Errorf("no row %q in\n%s", want, out.String())
	}
	if !strings.Contains(out.String(), "# acme/labelbot at "+commit+" (v1)") {
		t.Errorf("the header does not name the commit and tag:\n%s", out.String())
	}
}

func TestParseSpec(t *testing.T) {
	for _, tc := range []struct {
		arg                         string
		owner, repo, dir, path, ref string
		err                         string
	}{
		{arg: "/m/octo+tool/repo", owner: "octo", repo: "tool", path: "/m/octo+tool/repo", ref: "HEAD"},
		{arg: "/m/octo+tool/repo@v2", owner: "octo", repo: "tool", path: "/m/octo+tool/repo", ref: "v2"},
		{arg: "a/b/sub/dir=x@abc", owner: "a", repo: "b", dir: "sub/dir", path: "x", ref: "abc"},
		{arg: "a/b=/tmp/a@b/c", owner: "a", repo: "b", path: "/tmp/a@b/c", ref: "HEAD"},
		{arg: "/tmp/plain", err: "no owner/repo"},
		{arg: "a=x", err: "not owner/repo"},
		{arg: "a/b/..=x", err: "inside the repository"},
		{arg: "a/b=x@", err: "empty ref"},
	} {
		t.Run(tc.arg, func(t *testing.T) {
			sp, err := parseSpec(tc.arg, "HEAD")
			switch {
			case (err != nil) != (tc.err != ""):
				t.Fatalf("error %v, want one with %q", err, tc.err)
			case err != nil && !strings.Contains(err.Error(), tc.err):
				t.Errorf("error %v, want one with %q", err, tc.err)
			case err == nil && sp != (spec{owner: tc.owner, repo: tc.repo, dir: tc.dir, path: tc.path, ref: tc.ref}):
				t.Errorf("%+v, want %+v", sp, spec{owner: tc.owner, repo: tc.repo, dir: tc.dir, path: tc.path, ref: tc.ref})
			}
		})
	}
}

// TestUnreadable: a SPEC that cannot be read is said in the output, the
// others are read, and the error counts the failures.
func TestUnreadable(t *testing.T) {
	var out bytes.Buffer
	err := run(context.Background(), &out, []string{"a/b=testdata/missing", "acme/labelbot/comment=testdata/labelbot"}, "HEAD")
	if err == nil || !strings.Contains(err.Error(), "1 of 2") {
		t.Fatalf("error %v, want 1 of 2 not read", err)
	}
	if !strings.Contains(out.String(), "# a/b=testdata/missing: ") || !strings.Contains(out.String(), "\nacme/labelbot/comment\texact\ttoken\t") {
		t.Errorf("output:\n%s", out.String())
	}
}
