package fix

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pat2app/pat2app/config"
	"github.com/pat2app/pat2app/internal/golden"
	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/planner"
	"github.com/pat2app/pat2app/scanner"
)

// copyTree copies the folder src into dst.
func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// fixTree scans, plans and rewrites root in place, as `fix --write` does,
// and returns the rewrite of each changed file.
func fixTree(t *testing.T, root string) (map[string]Result, *inventory.Inventory) {
	t.Helper()
	ctx := context.Background()
	cfg, err := config.Load(filepath.Join(root, config.FileName), true)
	if err != nil {
		t.Fatal(err)
	}
	ws, err := Scan(ctx, scanner.New(scanner.Options{Config: cfg}), root)
	if err != nil {
		t.Fatal(err)
	}
	plan, err := planner.Build(ctx, ws.Inventory, planner.Options{Config: cfg})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := ws.Apply(plan, Options{Write: true})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]Result{}
	for _, fc := range rep.Changed {
		rel, _ := filepath.Rel(root, fc.Path)
		out[filepath.ToSlash(rel)] = fc.Result
	}
	return out, ws.Inventory
}

func TestGoldenDemoOrg(t *testing.T) {
	// The demo has App jobs, GITHUB_TOKEN jobs and jobs left for review;
	// forks-org has workflows that run for forks' pull requests, long
	// jobs and a generated file.
	for _, tc := range []struct {
		org, golden string
		atLeast     int
	}{
		{filepath.Join("..", "testdata", "demo-org"), filepath.Join("testdata", "golden"), 5},
		{filepath.Join("testdata", "forks-org"), filepath.Join("testdata", "golden-forks"), 4},
	} {
		t.Run(filepath.Base(tc.org), func(t *testing.T) {
			root := t.TempDir()
			copyTree(t, tc.org, root)
			results, _ := fixTree(t, root)

			// The golden folder holds every file fix changed, as fix wrote it.
			changed := map[string][]byte{}
			for rel := range results {
				got, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(rel)))
				if err != nil {
					t.Fatal(err)
				}
				changed[rel] = got
			}
			golden.CheckDir(t, tc.golden, changed)
			if len(changed) < tc.atLeast {
				t.Errorf("fix changed %d files, want at least %d", len(changed), tc.atLeast)
			}
		})
	}
}

// TestFixedDemoHasNoPATInRewrittenJobs re-scans the fixed demo: no job fix
// rewrote may still use a PAT, the jobs it left alone keep theirs, and a
// second run changes nothing.
func TestFixedDemoHasNoPATInRewrittenJobs(t *testing.T) {
	root := t.TempDir()
	copyTree(t, filepath.Join("..", "testdata", "demo-org"), root)
	results, before := fixTree(t, root)
	rewritten := map[string]bool{} // file \x00 job
	for rel, res := range results {
		for _, c := range res.Applied {
			rewritten[rel+"\x00"+c.Job] = true
		}
	}
	if len(rewritten) < 6 {
		t.Fatalf("only %d jobs rewritten", len(rewritten))
	}
	patsBefore := 0
	for _, f := range before.Findings {
		if f.Kind == inventory.KindPAT {
			patsBefore++
		}
	}
	again, after := fixTree(t, root)
	patsAfter := 0
	for _, f := range after.Findings {
		if f.Kind != inventory.KindPAT {
			continue
		}
		patsAfter++
		if rewritten[f.File+"\x00"+f.Job] {
			t.Errorf("after fix, %s job %s still uses %s (a PAT)", f.File, f.Job, f.Credential)
		}
	}
	if patsAfter >= patsBefore {
		t.Errorf("PAT findings: %d before fix, %d after", patsBefore, patsAfter)
	}
	for rel, res := range again {
		if res.Changed {
			t.Errorf("a second fix changed %s again", rel)
		}
	}
	// The leaked token line is left as it was.
	data, err := os.ReadFile(filepath.Join(root, "web", ".github", "workflows", "ci.yml"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), "ghp_EXAMPLE") {
		t.Error("the line with a committed token was changed")
	}
}
