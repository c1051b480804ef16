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
		want      []string
		wantState string
		wantGiven bool
	}{
		{false, "", nil, "", false},
		{true, "", []string{"team_reviewers"}, "", false},
		{false, "closed", []string{"state=closed"}, "closed", true},
		{false, "open", []string{"state=open"}, "open", true},
		{false, "*", []string{"state"}, "", true},
		{true, "closed", []string{"team_reviewers", "state=closed"}, "closed", true},
	}
	for _, tt := range tests {
		got := RESTParams(tt.team, tt.state)
		if !slices.Equal(got, tt.want) {
			t.Errorf("RESTParams(%v, %q) = %q, want %q", tt.team, tt.state, got, tt.want)
		}
		state, given := ParamState(got)
		if state != tt.wantState || given != tt.wantGiven {
			t.Errorf("ParamState(%q) = %q, %v, want %q, %v", got, state, given, tt.wantState, tt.wantGiven)
		}
	}
}
