package knowledge

import "testing"

func TestIsBundledPlumbing(t *testing.T) {
	for pkg, want := range map[string]bool{
		"@actions/http-client": true,
		"@octokit/request":     true,
		"undici":               true,
		"@octokit/auth-app":    false, // makes calls of its own
		"simple-git":           false,
		"":                     false,
	} {
		if got := IsBundledPlumbing(pkg); got != want {
			t.Errorf("IsBundledPlumbing(%q) = %v, want %v", pkg, got, want)
		}
	}
}
