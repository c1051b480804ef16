package pwshops

import (
	"testing"

	"github.com/pat2app/pat2app/scanner/opstest"
	"github.com/pat2app/pat2app/scanner/shellops"
)

// BenchmarkAnalyze reads the fuzz seeds, scripts that reach every part of
// the reader, with credentials in their environment.
func BenchmarkAnalyze(b *testing.B) {
	var r Reader
	for b.Loop() {
		for _, s := range fuzzSeeds {
			r.Analyze(shellops.Input{Script: s, Shell: "pwsh", StartLine: 1, Cred: opstest.Creds("T", "GH_TOKEN"),
				Exprs: map[string][]string{"secrets.T": {"secrets.T"}}, Persisted: []string{"secrets.P"}})
		}
	}
}
