package knowledge

import "testing"

// TestFastlaneReadsEnv: the variables fastlane's actions take options from
// and its code reads are listed; a repository's own name is not.
func TestFastlaneReadsEnv(t *testing.T) {
	for _, c := range []struct {
		name string
		want bool
	}{
		{"FL_GITHUB_RELEASE_API_TOKEN", true}, // set_github_release api_token
		{"GITHUB_API_TOKEN", true},            // its default value
		{"MATCH_GIT_BASIC_AUTHORIZATION", true},
		{"MATCH_READONLY", true},
		{"FASTLANE_REPO_PAT", false},
		{"fl_github_release_api_token", false}, // names are compared as written
	} {
		if got := FastlaneReadsEnv(c.name); got != c.want {
			t.Errorf("FastlaneReadsEnv(%q) = %v, want %v", c.name, got, c.want)
		}
	}
}
