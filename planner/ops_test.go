package planner

import (
	"testing"

	"github.com/pat2app/pat2app/inventory"
)

// TestActivityDone: what an operation does to issues and pull requests,
// read off the activity types its StartsWorkflows text ends with.
func TestActivityDone(t *testing.T) {
	for _, tc := range []struct{ starts, want string }{
		{".github/workflows/checker.yml (pull_request_target) runs on labeled", "adds labels"},
		{"a.yml (issues), b.yml (issues) run on labeled and unlabeled", "adds and removes labels"},
		{"a.yml (issues) runs on unlabeled", "removes labels"},
		{"ci.yml (pull_request) runs on reopened", "reopens issues or pull requests"},
		{"a.yml (issues) runs on labeled and opened", "adds labels and opens issues"},
		{"a.yml (pull_request_target) runs on closed", "closes issues or pull requests"},
		{"a.yml (issues) runs on transferred", "changes issues or pull requests"},
	} {
		if got := activityDone(tc.starts); got != tc.want {
			t.Errorf("activityDone(%q) = %q, want %q", tc.starts, got, tc.want)
		}
	}
}

// TestOpensPullRequest: the operations that open a pull request, an
// action's by the events of its row's triggers text.
func TestOpensPullRequest(t *testing.T) {
	for _, tc := range []struct {
		name string
		op   inventory.Operation
		want bool
	}{
		{"gh pr create", inventory.Operation{Kind: inventory.OpGH, Name: "gh pr create"}, true},
		{"gh pr merge", inventory.Operation{Kind: inventory.OpGH, Name: "gh pr merge"}, false},
		{"REST pulls", inventory.Operation{Kind: inventory.OpREST, Method: "POST", Path: "/repos/{owner}/{repo}/pulls"}, true},
		{"REST pull comment", inventory.Operation{Kind: inventory.OpREST, Method: "POST", Path: "/repos/{owner}/{repo}/pulls/{pull_number}/comments"}, false},
		{"create-pull-request", inventory.Operation{Kind: inventory.OpAction, Path: "peter-evans/create-pull-request"}, true},
		{"backport action", inventory.Operation{Kind: inventory.OpAction, Path: "korthout/backport-action"}, true},
		{"tag action", inventory.Operation{Kind: inventory.OpAction, Path: "rickstaa/action-create-tag"}, false},
		{"unknown action", inventory.Operation{Kind: inventory.OpAction, Path: "someone/unknown-action"}, false},
	} {
		if got := opensPullRequest(tc.op); got != tc.want {
			t.Errorf("%s: opensPullRequest = %v, want %v", tc.name, got, tc.want)
		}
	}
}
