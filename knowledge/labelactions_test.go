package knowledge

import (
	"slices"
	"testing"
)

// TestLabelChanges: actions that add or remove labels, by any case and
// ref; others are not listed.
func TestLabelChanges(t *testing.T) {
	for _, tc := range []struct {
		action        string
		on            string
		adds, removes bool
		ok            bool
	}{
		{"actions-ecosystem/action-add-labels@v1", "both", true, false, true},
		{"Actions-Ecosystem/Action-Remove-Labels@v1", "both", false, true, true},
		{"actions/labeler@v5", "pull_requests", true, true, true},
		{"actions/checkout@v4", "", false, false, false},
	} {
		on, adds, removes, ok := LabelChanges(tc.action)
		if on != tc.on || adds != tc.adds || removes != tc.removes || ok != tc.ok {
			t.Errorf("LabelChanges(%q) = %q %v %v %v, want %q %v %v %v", tc.action, on, adds, removes, ok, tc.on, tc.adds, tc.removes, tc.ok)
		}
	}
}

// TestWorktreeDirInput: the input naming the folder an action pushes
// from, for the actions that have one.
func TestWorktreeDirInput(t *testing.T) {
	for action, want := range map[string]string{
		"stefanzweifel/git-auto-commit-action@v5": "repository",
		"EndBug/add-and-commit@v9":                "cwd",
		"peter-evans/create-pull-request@v7":      "path",
		"peter-evans/rebase@v3":                   "",
		"actions/checkout@v4":                     "",
	} {
		if got := WorktreeDirInput(action); got != want {
			t.Errorf("WorktreeDirInput(%q) = %q, want %q", action, got, want)
		}
	}
}

func TestLabelsAdded(t *testing.T) {
	for _, c := range []struct {
		name   string
		inputs map[string]string
		want   []string
		ok     bool
	}{
		{"defaults", nil, []string{"Stale", "Stale"}, true},
		{"given", map[string]string{"stale-issue-label": "stale", "stale-pr-label": "stale", "close-issue-label": "wontfix, closed"}, []string{"stale", "stale", "wontfix", "closed"}, true},
		{"chosen at run time", map[string]string{"stale-issue-label": "${{ vars.LABEL }}"}, nil, false},
		{"not shown", map[string]string{"stale-pr-label": "(not shown)"}, nil, false},
	} {
		got, ok := LabelsAdded("actions/stale@v9", c.inputs)
		if ok != c.ok || !slices.Equal(got, c.want) {
			t.Errorf("%s: LabelsAdded = %v, %v; want %v, %v", c.name, got, ok, c.want, c.ok)
		}
	}
	if _, ok := LabelsAdded("actions/labeler@v5", nil); ok {
		t.Errorf("actions/labeler: its labels come from its configuration, not inputs; want ok false")
	}
}
