package inventory

import (
	"reflect"
	"testing"
)

// TestFlagValues: each value a flag is given, spaced or with =, in order;
// a flag that ends the line leaves the list incomplete.
func TestFlagValues(t *testing.T) {
	for _, tc := range []struct {
		args     []string
		flags    []string
		want     []string
		complete bool
	}{
		{[]string{"pr", "edit", "7", "--add-label", "a", "--add-label=b"}, []string{"--add-label"}, []string{"a", "b"}, true},
		{[]string{"pr", "create", "-r", "acme/docs", "--reviewer", "octocat"}, []string{"--reviewer", "-r"}, []string{"acme/docs", "octocat"}, true},
		{[]string{"issue", "edit", "7", "--add-label"}, []string{"--add-label"}, nil, false},
		{[]string{"issue", "edit", "7"}, []string{"--add-label"}, nil, true},
	} {
		got, complete := FlagValues(tc.args, tc.flags...)
		if !reflect.DeepEqual(got, tc.want) || complete != tc.complete {
			t.Errorf("FlagValues(%v, %v) = %v, %v; want %v, %v", tc.args, tc.flags, got, complete, tc.want, tc.complete)
		}
	}
}
