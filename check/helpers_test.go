package check

import (
	"path/filepath"
	"testing"

	"github.com/pat2app/pat2app/internal/golden"
	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/scanner"
)

// checkGolden compares got with testdata/name (go test ./check -update rewrites it).
func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	golden.Check(t, filepath.Join("testdata", name), got)
}

// finding builds a finding with its fingerprint computed as the scanner does.
func finding(repo, file, job, cred string, kind inventory.Kind, lines ...int) inventory.Finding {
	return inventory.Finding{
		Fingerprint: scanner.Fingerprint(repo, file, job, cred),
		Repo:        repo, File: file, Job: job, Credential: cred, Kind: kind,
		Confidence: inventory.ConfidenceHigh, Lines: lines,
	}
}
