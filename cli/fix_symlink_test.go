package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeWorkflow writes a workflow file, creating its folders.
func writeWorkflow(t *testing.T, p, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// fix --write writes nothing outside the folder it was given and never
// through a symlink: a workflows folder that links elsewhere and a workflow
// that is a link are left alone (the link stays a link) and listed, while
// the plain workflow beside them is rewritten.
func TestFixWriteStaysInsideTheRoot(t *testing.T) {
	root := t.TempDir()
	outside := t.TempDir()
	// linked: .github/workflows is a link to a folder outside the root.
	outsideWF := filepath.Join(outside, "workflows", "release.yml")
	writeWorkflow(t, outsideWF, patWorkflow)
	if err := os.MkdirAll(filepath.Join(root, "linked", ".github"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(outside, "workflows"), filepath.Join(root, "linked", ".github", "workflows")); err != nil {
		t.Fatal(err)
	}
	// filelink: a workflow that is a link to a file in the same checkout.
	shared := filepath.Join(root, "filelink", "ci", "release.yml")
	writeWorkflow(t, shared, patWorkflow)
	link := filepath.Join(root, "filelink", ".github", "workflows", "release.yml")
	if err := os.MkdirAll(filepath.Dir(link), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join("..", "..", "ci", "release.yml"), link); err != nil {
		t.Fatal(err)
	}
	// innerlink: .github/workflows is a link to a folder of the checkout.
	inner := filepath.Join(root, "innerlink", "ci", "workflows", "release.yml")
	writeWorkflow(t, inner, patWorkflow)
	if err := os.MkdirAll(filepath.Join(root, "innerlink", ".github"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join("..", "ci", "workflows"), filepath.Join(root, "innerlink", ".github", "workflows")); err != nil {
		t.Fatal(err)
	}
	// plain: an ordinary workflow, which fix rewrites.
	plain := filepath.Join(root, "plain", ".github", "workflows", "release.yml")
	writeWorkflow(t, plain, patWorkflow)

	r := runCLI(t, nil, "fix", "--write", root)
	if got, _ := os.ReadFile(outsideWF); string(got) != patWorkflow {
		t.Errorf("fix --write changed a file outside the root:\n%s", got)
	}
	if st, err := os.Lstat(link); err != nil || st.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the linked workflow is no longer a link: %v %v", st, err)
	}
	for _, p := range []string{shared, inner} {
		if got, _ := os.ReadFile(p); string(got) != patWorkflow {
			t.Errorf("fix --write changed %s, which a link points to:\n%s", p, got)
		}
	}
	if got, _ := os.ReadFile(plain); string(got) == patWorkflow {
		t.Errorf("the plain workflow was not rewritten; stderr:\n%s", r.stderr)
	}
	// Each is listed: by fix, or (a link out of the checkout) by the scan,
	// which does not read it.
	for _, p := range []string{"linked", "filelink", "innerlink"} {
		found := false
		for _, l := range strings.Split(r.stderr, "\n") {
			if strings.Contains(l, p) && strings.Contains(l, ".github/workflows") && strings.Contains(l, "symlink") {
				found = true
			}
		}
		if !found {
			t.Errorf("stderr does not list the workflow of %s as a symlink left alone:\n%s", p, r.stderr)
		}
	}
}
