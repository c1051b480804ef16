package check

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/scanner"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	p := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(p, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(p)
	if err != nil {
		t.Fatalf("read golden (run with -update to create it): %v", err)
	}
	if string(got) != string(want) {
		t.Errorf("%s differs from the golden file (run go test ./check -run %s -update to accept):\n--- got ---\n%s\n--- want ---\n%s", p, t.Name(), got, want)
	}
}

// finding builds a finding with its fingerprint computed as the scanner does.
func finding(repo, file, job, cred string, kind inventory.Kind, lines ...int) inventory.Finding {
	return inventory.Finding{
		Fingerprint: scanner.Fingerprint(repo, file, job, cred),
		Repo:        repo, File: file, Job: job, Credential: cred, Kind: kind,
		Confidence: inventory.ConfidenceHigh, Lines: lines,
	}
}
