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
