package checkout

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestParseRemote(t *testing.T) {
	tests := []struct{ in, name, web string }{
		{"https://github.com/acme/web.git", "acme/web", "https://github.com/acme/web"},
		{"https://github.com/acme/web", "acme/web", "https://github.com/acme/web"},
		{"https://x-access-token@github.com/acme/web/", "acme/web", "https://github.com/acme/web"},
		{"https://user:x@github.com/acme/web/", "acme/web", "https://github.com/acme/web"},
		{"git@github.com:acme/web.git", "acme/web", "https://github.com/acme/web"},
		{"ssh://git@ghe.example.com/acme/web", "acme/web", "https://ghe.example.com/acme/web"},
		{"ssh://git@ghe.example.com:2222/acme/web.git", "acme/web", "https://ghe.example.com/acme/web"},
		{"https://ghe.example.com/scm/team/acme/web.git", "acme/web", "https://ghe.example.com/acme/web"},
		{"/srv/git/web.git", "", ""},
		{"/srv/a:b/c", "", ""},
		{"../web", "", ""},
		{"https://github.com/acme", "", ""},
		{"git@github.com:web.git", "", ""},
		{"a:b@c", "", ""},
		{"not a url", "", ""},
		{"", "", ""},
	}
	for _, tt := range tests {
		name, web := ParseRemote(tt.in)
		if name != tt.name || web != tt.web {
			t.Errorf("ParseRemote(%q) = %q, %q; want %q, %q", tt.in, name, web, tt.name, tt.web)
		}
	}
}

func FuzzParseRemote(f *testing.F) {
	for _, s := range []string{"https://github.com/acme/web.git", "git@github.com:acme/web.git", "ssh://git@h:22/a/b", "/srv/x", "a:b/c", "a:b@c"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, u string) {
		name, _ := ParseRemote(u)
		if name == "" {
			return
		}
		parts := strings.Split(name, "/")
		if len(parts) != 2 || parts[0] == "" || parts[1] == "" {
			t.Fatalf("ParseRemote(%q) = %q, want owner/name", u, name)
		}
	})
}

func TestName(t *testing.T) {
	ctx := context.Background()
	base := t.TempDir()
	mk := func(rel string) string {
		d := filepath.Join(base, rel)
		if err := os.MkdirAll(filepath.Join(d, ".github"), 0o755); err != nil {
			t.Fatal(err)
		}
		return d
	}
	tests := []struct{ dir, owner, want string }{
		{mk("web"), "", "web"},
		{mk("web"), "acme", "acme/web"},
		{mk("acme__api"), "other", "acme/api"},
		{mk("a__b__c"), "", "a__b__c"},
	}
	for _, tc := range tests {
		if got, _ := Name(ctx, tc.dir, tc.owner); got != tc.want {
			t.Errorf("Name(%s, owner %q) = %q, want %q", filepath.Base(tc.dir), tc.owner, got, tc.want)
		}
	}
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	dir := mk("clone")
	for _, args := range [][]string{{"init", "-q"}, {"remote", "add", "origin", "git@github.com:acme/site.git"}} {
		if out, err := exec.Command("git", append([]string{"-C", dir}, args...)...).CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v: %s", args, err, out)
		}
	}
	if name, web := Name(ctx, dir, "other"); name != "acme/site" || web != "https://github.com/acme/site" {
		t.Errorf("with origin: %q %q", name, web)
	}
}

func TestFindAndEnclosing(t *testing.T) {
	base := t.TempDir()
	for _, d := range []string{"a/.github", "org/b/.github/workflows", "org/b/sub/.github", "node_modules/x/.github", ".hidden/y/.github", "one/two/three/four/.github"} {
		if err := os.MkdirAll(filepath.Join(base, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(filepath.Join(base, "a"), filepath.Join(base, "link")); err != nil {
		t.Skip("symlinks not supported:", err)
	}
	got, errs := Find(base)
	want := []string{filepath.Join(base, "a"), filepath.Join(base, "org", "b")}
	if !slices.Equal(got, want) || len(errs) != 0 {
		t.Errorf("Find = %q %+v, want %q", got, errs, want)
	}
	for path, want := range map[string]string{
		filepath.Join(base, "org/b/.github/workflows/ci.yml"): filepath.Join(base, "org", "b"),
		"web/.github/actions/x/action.yml":                    filepath.Join(base, "web"),
		filepath.Join(base, "ci.yml"):                         "",
	} {
		root, ok := Enclosing(path, base)
		if root != want || ok != (want != "") {
			t.Errorf("Enclosing(%q) = %q, %v; want %q", path, root, ok, want)
		}
	}
}
