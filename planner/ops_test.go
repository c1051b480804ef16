package planner

import "testing"

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
