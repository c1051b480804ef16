package check

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseLsTree(t *testing.T) {
	out := "100644 blob aaaa     12\t.github/workflows/ci.yml\x00" +
		"120000 blob bbbb     7\t.github/workflows/link.yml\x00" +
		"160000 commit cccc       -\tvendor/sub\x00" +
		"100755 blob dddd 3\tname with\ttab.yml\x00"
	got, err := parseLsTree([]byte(out))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].path != ".github/workflows/ci.yml" || got[0].size != 12 || got[0].oid != "aaaa" || got[1].path != "name with\ttab.yml" {
		t.Errorf("got %+v", got)
	}
	for _, bad := range []string{"100644 blob aaaa\x00", "100644 blob aaaa x\tf\x00", "100644 blob\tf\x00"} {
		if _, err := parseLsTree([]byte(bad)); err == nil {
			t.Errorf("parseLsTree(%q): want an error", bad)
		}
	}
}

func TestParseCatFileBatch(t *testing.T) {
	out := "aaaa blob 5\nhello\nbbbb blob 0\n\ncccc blob 3\na\nb\n"
	got, err := parseCatFileBatch([]byte(out), 3)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 || string(got[0]) != "hello" || string(got[1]) != "" || string(got[2]) != "a\nb" {
		t.Errorf("got %q", got)
	}
	for _, bad := range []string{"aaaa missing\n", "aaaa blob 99\nshort\n", "aaaa blob -1\n\n", "aaaa blob 5\nhello\n"} {
		if _, err := parseCatFileBatch([]byte(bad), 2); err == nil {
			t.Errorf("parseCatFileBatch(%q): want an error", bad)
		}
	}
}

func FuzzParseGitOutput(f *testing.F) {
	f.Add([]byte("100644 blob aaaa 12\t.github/workflows/ci.yml\x00"), 1)
	f.Add([]byte("aaaa blob 5\nhello\n"), 1)
	f.Fuzz(func(t *testing.T, data []byte, n int) {
		if n < 0 || n > 100 {
			return
		}
		if entries, err := parseLsTree(data); err == nil {
			for _, e := range entries {
				if e.oid == "" || e.size < 0 && !strings.Contains(string(data), " -") {
					t.Fatalf("entry %+v from %q", e, data)
				}
			}
		}
		blobs, err := parseCatFileBatch(data, n)
		if err == nil && len(blobs) != n {
			t.Fatalf("got %d blobs, want %d", len(blobs), n)
		}
	})
}

// gitRepo makes a throwaway repository with files committed, and returns
// its folder.
func gitRepo(t *testing.T, files map[string]string) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	dir := t.TempDir()
	run := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
		cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_SYSTEM=/dev/null",
			"GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	run("init", "-q", "-b", "main")
	for p, content := range files {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	run("add", "-A")
	run("commit", "-q", "-m", "init")
	return dir
}

func TestReadRef(t *testing.T) {
	dir := gitRepo(t, map[string]string{
		".github/workflows/ci.yml":         "on: push\n",
		".github/workflows/big.yml":        strings.Repeat("#", 100) + "\n",
		".github/actions/setup/action.yml": "runs: {using: composite, steps: []}\n",
		".github/dependabot.yml":           "version: 2\n",
		"README.md":                        "hi\n",
	})
	// Local edits after the commit must not show: the ref is read from git objects.
	if err := os.WriteFile(filepath.Join(dir, ".github/workflows/ci.yml"), []byte("changed\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	rf, errs, err := ReadRef(ctx, dir, "main", "acme/web", 50)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range rf.Files {
		got = append(got, f.Path+"="+string(f.Data))
	}
	want := ".github/actions/setup/action.yml=runs: {using: composite, steps: []}\n;.github/workflows/ci.yml=on: push\n"
	if strings.Join(got, ";") != want {
		t.Errorf("files %q, want %q", strings.Join(got, ";"), want)
	}
	if rf.Name != "acme/web" {
		t.Errorf("name %q", rf.Name)
	}
	if len(errs) != 1 || errs[0].File != ".github/workflows/big.yml" || !strings.Contains(errs[0].Message, "larger than") {
		t.Errorf("errors %+v, want big.yml refused", errs)
	}

	for _, ref := range []string{"", "--output=/tmp/x", "no-such-branch", "main\nHEAD"} {
		if _, _, err := ReadRef(ctx, dir, ref, "x", 0); !errors.Is(err, ErrBadRef) {
			t.Errorf("ReadRef(%q): err = %v, want ErrBadRef", ref, err)
		}
	}
}

func TestResolveRefFindsRemoteTrackingBranch(t *testing.T) {
	dir := gitRepo(t, map[string]string{"a.txt": "a\n"})
	head, err := ResolveRef(context.Background(), dir, "HEAD")
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("git", "-C", dir, "update-ref", "refs/remotes/origin/release", head)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	got, err := ResolveRef(context.Background(), dir, "release")
	if err != nil || got != head {
		t.Errorf("ResolveRef(release) = %q, %v; want %s", got, err, head)
	}
}

func TestTopLevel(t *testing.T) {
	dir := gitRepo(t, map[string]string{"a.txt": "a\n"})
	ctx := context.Background()
	sub := filepath.Join(dir, "sub")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	top, err := TopLevel(ctx, sub)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := filepath.EvalSymlinks(dir)
	if got, _ := filepath.EvalSymlinks(top); got != want {
		t.Errorf("TopLevel = %q, want %q", top, dir)
	}
	if _, err := TopLevel(ctx, t.TempDir()); err == nil {
		t.Error("TopLevel outside a repository: want an error")
	}
}
