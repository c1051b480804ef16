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

// TestToolReadsEnv: a tool row's token variables are read without a file
// naming them; a name no row lists is not.
func TestToolReadsEnv(t *testing.T) {
	for name, want := range map[string]bool{"GH_TOKEN": true, "CONVENTIONAL_GITHUB_RELEASER_TOKEN": true, "CROWDIN_PERSONAL_TOKEN": true, "FASTLANE_REPO_PAT": false} {
		if got := ToolReadsEnv(name); got != want {
			t.Errorf("ToolReadsEnv(%q) = %v, want %v", name, got, want)
		}
	}
}
