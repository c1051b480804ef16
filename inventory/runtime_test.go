package inventory

import "testing"

func TestRunTimeRepo(t *testing.T) {
	for _, tc := range []struct {
		s    string
		want bool
	}{
		{RunTimeRepo("{GH_REPO}"), true},
		{RunTimeRepo("acme/{NAME}"), true},
		{"acme/web", false},
		{"{owner}/{repo}", false},
		{"", false},
	} {
		if got := IsRunTimeRepo(tc.s); got != tc.want {
			t.Errorf("IsRunTimeRepo(%q) = %v, want %v", tc.s, got, tc.want)
		}
	}
}
