package scanner

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzScanRepo: any bytes as a workflow or composite action must not panic,
// must name the file in errors, and never print a literal token.
func FuzzScanRepo(f *testing.F) {
	f.Add([]byte(goodWorkflow), false)
	f.Add([]byte("on: push\njobs:\n  j:\n    steps:\n      - run: echo ${{ secrets.X }} | gh auth login --with-token\n"), false)
	f.Add([]byte("runs:\n  using: composite\n  steps:\n    - run: git push\n      shell: bash\n"), true)
	f.Add([]byte("a: &a [*a]\n"), false)
	f.Add([]byte("on: push\nenv:\n  GH_TOKEN: ${{ secrets.X }}\njobs:\n  j:\n    strategy:\n      matrix:\n        c: [\"gh release create v1\", \"$T x\"]\n        include: [{c: \"${{ 1 }}\"}]\n    steps:\n      - run: |\n          ${{ matrix.c }} \\\n          ${{ matrix.c }}\n"), false)
	for _, glob := range []string{"../testdata/demo-org/*/.github/workflows/*.yml", casesDir + "/*.yml", casesDir + "/*/.github/workflows/*.yml"} {
		files, _ := filepath.Glob(glob)
		for _, p := range files {
			if d, err := os.ReadFile(p); err == nil {
				f.Add(d, false)
			}
		}
	}
	s := New(Options{})
	f.Fuzz(func(t *testing.T, data []byte, composite bool) {
		p := ".github/workflows/f.yml"
		if composite {
			p = ".github/actions/x/action.yml"
		}
		fs, errs := s.ScanRepo(context.Background(), RepoFiles{Name: "o/r", Files: []File{{Path: p, Data: data}}})
		for _, e := range errs {
			if e.File != p {
				t.Fatalf("error without the file: %+v", e)
			}
		}
		out, _ := json.Marshal(fs)
		for _, m := range leakRE.FindAllString(string(data), -1) {
			if strings.Contains(string(out), m) {
				t.Fatalf("token printed")
			}
		}
		for _, fd := range fs {
			if fd.Fingerprint == "" || fd.Kind == "" {
				t.Fatalf("incomplete finding %+v", fd)
			}
		}
	})
}
