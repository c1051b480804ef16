package config

import "testing"

func TestScriptKeyMatches(t *testing.T) {
	tests := []struct {
		key, script, command string
		want                 bool
	}{
		{"./scripts/release.sh", "./scripts/release.sh", "", true},
		{"scripts/release.sh", "./scripts/release.sh", "", true},
		{"release.sh", "./scripts/release.sh", "", true},
		{".github/scripts/trymerge.py", "python3 -m x .github/scripts/trymerge.py", "", true},
		{"make release", "make release", "", true},
		{"npm run release", "npm release", "", true},
		{"./cmd/release", "go run ./cmd/release", "", true},
		{"goreleaser", "", "goreleaser", true},
		{"./scripts/deploy.sh", "./scripts/release.sh", "", false},
		{"release", "make publish", "", false},
		{"goreleaser", "", "", false},
	}
	for _, tt := range tests {
		if got := ScriptKeyMatches(tt.key, tt.script, tt.command); got != tt.want {
			t.Errorf("ScriptKeyMatches(%q, %q, %q) = %v, want %v", tt.key, tt.script, tt.command, got, tt.want)
		}
	}
}
