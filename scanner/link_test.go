package scanner

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/pat2app/pat2app/inventory"
)

// TestLinkInheritAcrossRepositories: a job of one repository that passes
// every secret to a reusable workflow of another repository of the scan
// takes that workflow's use of them: its kind, operations and lines.
func TestLinkInheritAcrossRepositories(t *testing.T) {
	root := t.TempDir()
	write := func(rel, text string) {
		p := filepath.Join(root, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("acme__app/.github/workflows/release.yml", "on: push\njobs:\n  release:\n    uses: acme/shared/.github/workflows/release.yml@main\n    secrets: inherit\n  other:\n    uses: acme/elsewhere/.github/workflows/x.yml@main\n    secrets: inherit\n")
	write("acme__shared/.github/workflows/release.yml", "on: workflow_call\njobs:\n  publish:\n    runs-on: ubuntu-latest\n    steps:\n      - run: gh release create v1\n        env:\n          GH_TOKEN: ${{ secrets.SHARED_PAT }}\n")
	inv, err := New(Options{}).ScanPaths(context.Background(), []string{root})
	if err != nil {
		t.Fatal(err)
	}
	var linked, unlinked *inventory.Finding
	for i := range inv.Findings {
		f := &inv.Findings[i]
		if f.Repo != "acme/app" || f.Credential != inventory.InheritCredential {
			continue
		}
		switch f.Job {
		case "release":
			linked = f
		case "other":
			unlinked = f
		}
	}
	if linked == nil || unlinked == nil {
		t.Fatalf("findings: %+v", inv.Findings)
	}
	if linked.Kind != inventory.KindPAT || len(linked.Operations) != 1 || len(linked.Unresolved) != 0 {
		t.Errorf("linked: kind %s, operations %+v, unresolved %+v; want pat with the callee's gh release create", linked.Kind, linked.Operations, linked.Unresolved)
	}
	if len(linked.Operations) == 1 && (linked.Operations[0].Evidence.Repo != "acme/shared" || linked.Operations[0].Evidence.File != ".github/workflows/release.yml") {
		t.Errorf("the operation's evidence is not placed in the callee: %+v", linked.Operations[0].Evidence)
	}
	if unlinked.Kind != inventory.KindUnknown || len(unlinked.Unresolved) != 1 {
		t.Errorf("a callee outside the scan: kind %s, unresolved %+v; want unknown with the call unresolved", unlinked.Kind, unlinked.Unresolved)
	}
}
