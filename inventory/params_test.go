package inventory

import (
	"slices"
	"testing"
)

// TestRESTParamsRoundTrip checks that ParamState reads back what
// RESTParams and StateParam wrote, so the scanner stages that write a
// state and the one that reads it agree on one format.
func TestRESTParamsRoundTrip(t *testing.T) {
	tests := []struct {
		team      bool
		state     string
		other     bool
		want      []string
		wantState string
		wantGiven bool
	}{
		{false, "", false, nil, "", false},
		{true, "", false, []string{"team_reviewers"}, "", false},
		{false, "closed", false, []string{"state=closed"}, "closed", true},
		{false, "open", false, []string{"state=open"}, "open", true},
		{false, "*", false, []string{"state"}, "", true},
		{true, "closed", false, []string{"team_reviewers", "state=closed"}, "closed", true},
		{false, "closed", true, []string{"other_item", "state=closed"}, "closed", true},
	}
	for _, tt := range tests {
		got := RESTParams(tt.team, tt.state, tt.other)
		if !slices.Equal(got, tt.want) {
			t.Errorf("RESTParams(%v, %q, %v) = %q, want %q", tt.team, tt.state, tt.other, got, tt.want)
		}
		state, given := ParamState(got)
		if state != tt.wantState || given != tt.wantGiven {
			t.Errorf("ParamState(%q) = %q, %v, want %q, %v", got, state, given, tt.wantState, tt.wantGiven)
		}
	}
}
