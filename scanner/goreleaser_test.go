package scanner

import "testing"

func TestGoReleaserConfigArg(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"release", "--clean"}, ""},
		{[]string{"release", "--config", "build/.goreleaser.yml"}, "build/.goreleaser.yml"},
		{[]string{"release", "-f", "g.yaml", "--clean"}, "g.yaml"},
		{[]string{"release", "--config=ci/g.yml"}, "ci/g.yml"},
		{[]string{"release", "--config"}, ""},
	} {
		if got := goreleaserConfigArg(tc.args); got != tc.want {
			t.Errorf("goreleaserConfigArg(%q) = %q, want %q", tc.args, got, tc.want)
		}
	}
}

// TestGoReleaserSkipsPublish: the command lines that publish nothing.
func TestGoReleaserSkipsPublish(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want bool
	}{
		{[]string{"release", "--clean", "--skip=publish"}, true},
		{[]string{"release", "--skip=validate,publish"}, true},
		{[]string{"release", "--skip", "publish"}, true},
		{[]string{"release", "--snapshot", "--clean"}, true},
		{[]string{"release", "--skip-publish"}, true},
		{[]string{"release", "--skip=validate"}, false},
		{[]string{"release", "--clean"}, false},
	} {
		if got := goreleaserSkipsPublish(tc.args); got != tc.want {
			t.Errorf("goreleaserSkipsPublish(%q) = %v, want %v", tc.args, got, tc.want)
		}
	}
}
