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

// TestUniquePerRun: an input's value naming the run's own number or ID is
// unique to the run, and turns off a row keyed on another input
// (create-pull-request's fixed branch, rebuilt from the base).
func TestUniquePerRun(t *testing.T) {
	for v, want := range map[string]bool{
		"auto-update-versions-${{ github.run_number }}": true,
		"bump/${{ github.run_id }}-${{ matrix.os }}":    true,
		"update-${{ github.sha }}":                      false,
		"create-pull-request/patch":                     false,
		"${{ format('x-{0}', github.run_id) }}":         true,
		"github.run_id":                                 false, // not an expression
	} {
		if got := UniquePerRun(v); got != want {
			t.Errorf("UniquePerRun(%q) = %v, want %v", v, got, want)
		}
	}
	var suffix ActionInput
	info, ok := Action("peter-evans/create-pull-request@v7")
	if !ok {
		t.Fatal("no row for peter-evans/create-pull-request")
	}
	for _, in := range info.Inputs {
		if in.Input == "branch-suffix" {
			suffix = in
		}
	}
	if suffix.UnlessUnique != "branch" {
		t.Fatalf("create-pull-request's branch-suffix row: %+v", suffix)
	}
	if !suffix.Applies(map[string]string{"branch": "auto-update"}) || suffix.Applies(map[string]string{"branch": "auto-${{ github.run_number }}"}) {
		t.Errorf("a fixed branch must need workflows: write, one named after the run must not")
	}
}
