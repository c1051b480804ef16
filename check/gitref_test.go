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

func TestOwnerNameFromURL(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://github.com/acme/web.git", "acme/web"},
		{"https://github.com/acme/web", "acme/web"},
		{"https://x-access-token@github.com/acme/web/", "acme/web"},
		{"git@github.com:acme/web.git", "acme/web"},
		{"ssh://git@ghe.example.com:2222/acme/web.git", "acme/web"},
		{"https://ghe.example.com/scm/team/acme/web.git", "acme/web"},
		{"/srv/git/web.git", ""},
		{"../web", ""},
		{"https://github.com/acme", ""},
		{"git@github.com:web.git", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := OwnerNameFromURL(tt.in); got != tt.want {
			t.Errorf("OwnerNameFromURL(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestIsWorkflowPath(t *testing.T) {
	tests := map[string]bool{
		".github/workflows/ci.yml":             true,
		".github/workflows/ci.yaml":            true,
		".github/workflows/CI.YML":             true,
		".github/workflows/sub/ci.yml":         false, // GitHub only runs top-level workflows
		".github/workflows/sub/action.yml":     false,
		".github/workflows/README.md":          false,
		".github/actions/setup/action.yml":     true,
		".github/action.yaml":                  true,
		"action.yaml":                          true,
		"action.yml":                           true,
		"tools/deploy/action.yml":              false, // the scanner does not read these in a checkout
		".github/dependabot.yml":               false,
		"src/workflows/ci.yml":                 false,
		".github/workflows/ci.yml.disabled":    false,
		".github/actions/setup/action.yml.bak": false,
	}
	for p, want := range tests {
		if got := IsWorkflowPath(p); got != want {
			t.Errorf("IsWorkflowPath(%q) = %v, want %v", p, got, want)
		}
	}
}

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

func TestRepoNameAndTopLevel(t *testing.T) {
	dir := gitRepo(t, map[string]string{"a.txt": "a\n"})
	ctx := context.Background()
	if got := RepoName(ctx, dir); got != filepath.Base(dir) {
		t.Errorf("without origin: %q, want folder name %q", got, filepath.Base(dir))
	}
	if out, err := exec.Command("git", "-C", dir, "remote", "add", "origin", "git@github.com:acme/web.git").CombinedOutput(); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if got := RepoName(ctx, dir); got != "acme/web" {
		t.Errorf("with origin: %q", got)
	}
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

func FuzzOwnerNameFromURL(f *testing.F) {
	for _, s := range []string{"https://github.com/acme/web.git", "git@github.com:acme/web.git", "ssh://git@h:22/a/b", "/srv/x", "a:b/c"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, u string) {
		got := OwnerNameFromURL(u)
		if got == "" {
			return
		}
		parts := strings.Split(got, "/")
		if len(parts) != 2 || parts[0] == "" || parts[1] == "" {
			t.Fatalf("OwnerNameFromURL(%q) = %q, want owner/name", u, got)
		}
	})
}
