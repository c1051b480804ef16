package scanner

import (
	"context"
	"encoding/json"
	"os"
	"testing"
)

// oneWorkflow is a WorkflowSource that gives the same bytes for every
// reusable workflow, and counts the reads.
type oneWorkflow struct {
	data  []byte
	reads *int
}

func (o oneWorkflow) ActionRepo(context.Context, string, string, string) (ActionRepo, error) {
	return ActionRepo{}, ErrActionOffline
}

func (o oneWorkflow) ReusableWorkflow(_ context.Context, owner, repo, file, ref string) (CalledWorkflow, error) {
	*o.reads++
	return CalledWorkflow{Data: o.data, Commit: ref}, nil
}

// fuzzCaller calls a reusable workflow of another repository with a
// secret, an input and secrets: inherit, from two jobs.
const fuzzCaller = "on: push\njobs:\n  a:\n    uses: vendor/shared/.github/workflows/w.yml@v1\n    with:\n      token: ${{ secrets.IN_PAT }}\n    secrets:\n      token: ${{ secrets.A_PAT }}\n  b:\n    uses: vendor/shared/.github/workflows/w.yml@v1\n    secrets: inherit\n"

func TestSplitWorkflowRef(t *testing.T) {
	for _, tt := range []struct {
		uses, owner, repo, file, ref string
	}{
		{"o/r/.github/workflows/x.yml@v1", "o", "r", ".github/workflows/x.yml", "v1"},
		{" O/R/.github/workflows/sub/../x.yaml@main ", "O", "R", ".github/workflows/x.yaml", "main"},
		{"o/r/.github/workflows/x.yml@${{ inputs.ref }}", "", "", "", ""},
		{"o/r/.github/workflows/x.yml", "", "", "", ""},
		{"o/r/.github/workflows/../../x.yml@v1", "", "", "", ""},
		{"o/r/x.yml@v1", "", "", "", ""},
		{"./.github/workflows/x.yml", "", "", "", ""},
		{"o/r@v1", "", "", "", ""},
	} {
		owner, repo, file, ref, ok := splitWorkflowRef(tt.uses)
		if ok != (tt.owner != "") || owner != tt.owner || repo != tt.repo || file != tt.file || ref != tt.ref {
			t.Errorf("splitWorkflowRef(%q) = %q %q %q %q %t", tt.uses, owner, repo, file, ref, ok)
		}
	}
}

// TestRemoteWorkflowReadOnce: one organisation scan reads a reusable
// workflow and ref once, however many repositories and jobs call it.
func TestRemoteWorkflowReadOnce(t *testing.T) {
	callee, err := os.ReadFile("testdata/actions/acme-tools/shared-workflows@v1/.github/workflows/release.yml")
	if err != nil {
		t.Fatal(err)
	}
	reads := 0
	s := New(Options{Actions: oneWorkflow{data: callee, reads: &reads}})
	for _, repo := range []string{"acme/a", "acme/b", "acme/c"} {
		fs, _ := s.ScanRepo(context.Background(), RepoFiles{Name: repo, Files: []File{{Path: ".github/workflows/c.yml", Data: []byte(fuzzCaller)}}})
		if len(fs) == 0 {
			t.Fatalf("%s: no findings", repo)
		}
	}
	if reads != 1 {
		t.Fatalf("the workflow was read %d times, want once", reads)
	}
}

// FuzzCalledWorkflow: any bytes as a reusable workflow read from another
// repository must not panic, and what the callers take from it is placed
// in that repository.
func FuzzCalledWorkflow(f *testing.F) {
	f.Add([]byte("on:\n  workflow_call:\n    secrets:\n      token:\njobs:\n  j:\n    runs-on: x\n    steps:\n      - run: gh release create v1\n        env:\n          GH_TOKEN: ${{ secrets.token }}\n"))
	f.Add([]byte("on: workflow_call\njobs:\n  j:\n    uses: vendor/shared/.github/workflows/w.yml@v1\n    secrets: inherit\n"))
	f.Add([]byte("runs:\n  using: composite\n  steps: []\n"))
	f.Add([]byte("a: &a [*a]\n"))
	f.Add([]byte{0xff, 0xfe})
	f.Fuzz(func(t *testing.T, data []byte) {
		reads := 0
		s := New(Options{Actions: oneWorkflow{data: data, reads: &reads}})
		fs, errs := s.ScanRepo(context.Background(), RepoFiles{Name: "acme/app", Files: []File{{Path: ".github/workflows/c.yml", Data: []byte(fuzzCaller)}}})
		for _, e := range errs {
			if e.File != ".github/workflows/c.yml" {
				t.Fatalf("an error of the called workflow reported as the caller's own: %+v", e)
			}
		}
		for _, fd := range fs {
			for _, o := range fd.Operations {
				if o.Evidence.File != "" && o.Evidence.Repo != "vendor/shared@v1" {
					t.Fatalf("an operation of the called workflow not placed in it: %+v", o.Evidence)
				}
			}
			if fd.Kind == "" || fd.Fingerprint == "" {
				t.Fatalf("incomplete finding %+v", fd)
			}
		}
		if _, err := json.Marshal(fs); err != nil {
			t.Fatal(err)
		}
	})
}
