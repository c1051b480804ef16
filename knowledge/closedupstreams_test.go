package knowledge

import "testing"

func TestClosedUpstream(t *testing.T) {
	for repo, want := range map[string]bool{
		"microsoft/winget-pkgs":  true,
		"Homebrew/homebrew-core": true,
		"acme/winget-pkgs":       false,
		"microsoft/vscode":       false,
		"":                       false,
	} {
		fallback, ok := ClosedUpstream(repo)
		if ok != want || ok && fallback == "" {
			t.Errorf("ClosedUpstream(%q) = %q, %v; want %v with a fallback", repo, fallback, ok, want)
		}
	}
}
