package scanner

import (
	"context"
	"encoding/json"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pat2app/pat2app/internal/golden"
	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/repofiles"
)

// casesDir holds the scanner's cases: NAME.yml is one workflow, scanned as
// .github/workflows/NAME.yml; a folder NAME/ is a repository's files laid
// out as in a checkout (workflows, actions, and the scripts they run).
// NAME.golden.json beside it holds what the scan finds
// (testdata/cases/README.md says how to add one).
const casesDir = "testdata/cases"

// actionsDir holds the actions' repositories the cases read
// (testdata/actions/README.md).
const actionsDir = "testdata/actions"

// dirActions is an ActionSource of folders OWNER/REPO@REF under a root;
// an action not there is offline.
type dirActions string

func (d dirActions) ActionRepo(_ context.Context, owner, repo, ref string) (ActionRepo, error) {
	dir := filepath.Join(string(d), owner, repo+"@"+ref)
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return ActionRepo{}, ErrActionOffline
	}
	return ActionRepo{FS: os.DirFS(dir), Commit: ref}, nil
}

// ReusableWorkflow reads file of the folder OWNER/REPO@REF (a
// WorkflowSource); a repository not there is offline.
func (d dirActions) ReusableWorkflow(_ context.Context, owner, repo, file, ref string) (CalledWorkflow, error) {
	dir := filepath.Join(string(d), owner, repo+"@"+ref)
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return CalledWorkflow{}, ErrActionOffline
	}
	data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(file)))
	if err != nil {
		return CalledWorkflow{}, err
	}
	return CalledWorkflow{Data: data, Commit: ref}, nil
}

// caseRepo is the repository every case is scanned as.
const caseRepo = "acme/demo"

// caseResult is what a case's golden file holds.
type caseResult struct {
	Findings []inventory.Finding    `json:"findings"`
	Errors   []inventory.InputError `json:"errors"`
}

// TestCases scans every case and compares the findings and input errors
// with its golden file (go test ./scanner -run TestCases -update rewrites
// them).
func TestCases(t *testing.T) {
	entries, err := os.ReadDir(casesDir)
	if err != nil {
		t.Fatal(err)
	}
	cases := map[string]bool{}
	for _, e := range entries {
		name, ok := caseName(e)
		if !ok {
			continue
		}
		cases[name] = true
		t.Run(name, func(t *testing.T) {
			rf := readCase(t, e)
			findings, errs := New(Options{Actions: dirActions(actionsDir)}).ScanRepo(context.Background(), rf)
			for _, f := range findings {
				if len(f.Lines) == 0 || f.Fingerprint == "" {
					t.Errorf("%s/%s: a finding needs lines and a fingerprint: %+v", f.Job, f.Credential, f)
				}
			}
			out, err := json.MarshalIndent(caseResult{Findings: findings, Errors: errs}, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			golden.Check(t, filepath.Join(casesDir, name+".golden.json"), append(out, '\n'))
		})
	}
	if len(cases) == 0 {
		t.Fatalf("no cases in %s", casesDir)
	}
	// A golden file whose case was removed or renamed is stale.
	for _, e := range entries {
		if name, ok := strings.CutSuffix(e.Name(), ".golden.json"); ok && !cases[name] {
			t.Errorf("%s/%s has no case %s.yml or %s/", casesDir, e.Name(), name, name)
		}
	}
}

// caseName is the name of the case an entry of casesDir is, if it is one.
func caseName(e fs.DirEntry) (string, bool) {
	if e.IsDir() {
		return e.Name(), true
	}
	return strings.CutSuffix(e.Name(), ".yml")
}

// readCase reads a case's files as the repository caseRepo.
func readCase(t *testing.T, e fs.DirEntry) RepoFiles {
	t.Helper()
	rf := RepoFiles{Name: caseRepo}
	p := filepath.Join(casesDir, e.Name())
	if !e.IsDir() {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		rf.Files = []File{{Path: ".github/workflows/" + e.Name(), Data: data}}
		return rf
	}
	err := filepath.WalkDir(p, func(file string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(file)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(p, file)
		if rel = filepath.ToSlash(rel); repofiles.Wanted(rel) {
			rf.Files = append(rf.Files, File{Path: rel, Data: data})
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// The other files are the repository's scripts, read as a checkout's,
	// and its workflows are all there.
	rf.Tree = openTree(p)
	rf.AllWorkflows = true
	if c, ok := rf.Tree.(io.Closer); ok {
		t.Cleanup(func() { c.Close() })
	}
	return rf
}
