package cli

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// copyDemo copies testdata/demo-org into a temporary folder.
func copyDemo(t *testing.T) string {
	t.Helper()
	src := filepath.Join("..", "testdata", "demo-org")
	dst := t.TempDir()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

func TestFixDiffLeavesFilesAlone(t *testing.T) {
	dir := copyDemo(t)
	release := filepath.Join(dir, "release-tools", ".github", "workflows", "release.yml")
	before, _ := os.ReadFile(release)
	r := runCLI(t, nil, "fix", dir)
	if r.code != ExitOK {
		t.Fatalf("exit %d, stderr:\n%s", r.code, r.stderr)
	}
	for _, want := range []string{
		"--- a/release-tools/.github/workflows/release.yml\n+++ b/release-tools/.github/workflows/release.yml\n",
		"-          token: ${{ secrets.RELEASE_PAT }}\n+          token: ${{ steps.app-token.outputs.token }}\n",
		"+    permissions:\n+      contents: read\n+      issues: write\n",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("diff lacks %q:\n%s", want, r.stdout)
		}
	}
	for _, want := range []string{
		"left unchanged: deploy/.github/workflows/deploy.yml job deploy (secrets.INFRA_DISPATCH_PAT, manual_review)",
		"left unchanged: infra/.github/workflows/ci.yml job plan (secrets.INFRA_BOT_PAT, github_app): a reusable-workflow call",
		"would rewrite release-tools/.github/workflows/release.yml job release",
	} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
	if strings.Contains(r.stdout+r.stderr, "ghp_EXAMPLE") {
		t.Error("a committed token value was printed")
	}
	after, _ := os.ReadFile(release)
	if string(before) != string(after) {
		t.Error("fix without --write changed a file")
	}
}

func TestFixWrite(t *testing.T) {
	dir := copyDemo(t)
	release := filepath.Join(dir, "release-tools", ".github", "workflows", "release.yml")
	r := runCLI(t, nil, "fix", "--write", dir)
	if r.code != ExitOK {
		t.Fatalf("exit %d, stderr:\n%s", r.code, r.stderr)
	}
	if r.stdout != "" {
		t.Errorf("--write printed a diff:\n%s", r.stdout)
	}
	got, _ := os.ReadFile(release)
	if !strings.Contains(string(got), "uses: actions/create-github-app-token@bcd2ba49218906704ab6c1aa796996da409d3eb1 # v3.2.0") || strings.Contains(string(got), "RELEASE_PAT") {
		t.Fatalf("release.yml not rewritten:\n%s", got)
	}
	r = runCLI(t, nil, "fix", dir)
	if r.code != ExitOK || r.stdout != "" || !strings.Contains(r.stderr, "nothing to rewrite") {
		t.Fatalf("second run: exit %d, stdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
	}
}

func TestFixExitCodes(t *testing.T) {
	dir := copyDemo(t)
	if r := runCLI(t, nil, "fix", "--diff", "--write", dir); r.code != ExitUsage {
		t.Errorf("--diff --write: exit %d", r.code)
	}
	if r := runCLI(t, nil, "fix", filepath.Join(dir, "missing")); r.code != ExitUsage {
		t.Errorf("missing path: exit %d", r.code)
	}
	broken := filepath.Join(dir, "web", ".github", "workflows", "broken.yml")
	if err := os.Symlink(filepath.Join(dir, "nowhere.yml"), broken); err != nil {
		t.Skip("no symlinks here:", err)
	}
	r := runCLI(t, nil, "fix", dir)
	if r.code != ExitPartial {
		t.Fatalf("an unreadable workflow: exit %d, stderr:\n%s", r.code, r.stderr)
	}
	if !strings.Contains(r.stdout, "release.yml") {
		t.Error("the readable files were not fixed")
	}
}

func TestFixOneFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "release.yml")
	if err := os.WriteFile(p, []byte(patWorkflow), 0o644); err != nil {
		t.Fatal(err)
	}
	r := runCLI(t, nil, "fix", p)
	if r.code != ExitOK {
		t.Fatalf("exit %d, stderr:\n%s", r.code, r.stderr)
	}
	name := filepath.ToSlash(p)
	if !strings.HasPrefix(r.stdout, "--- "+name+"\n+++ "+name+"\n") {
		t.Fatalf("diff does not name the file:\n%s", r.stdout)
	}
	if !strings.Contains(r.stdout, "-          token: ${{ secrets.GH_PAT }}") {
		t.Fatalf("diff does not replace the PAT:\n%s\nstderr:\n%s", r.stdout, r.stderr)
	}
}
