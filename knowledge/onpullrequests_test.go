package knowledge

import "testing"

// TestOnPullRequests checks which triggers run a job on the pull request
// that started the run, whoever opened it: the pull request events and
// the reviews of one.
func TestOnPullRequests(t *testing.T) {
	for _, tc := range []struct {
		triggers []string
		want     bool
	}{
		{[]string{"pull_request"}, true},
		{[]string{"push", "pull_request_target"}, true},
		{[]string{"pull_request_review"}, true},
		{[]string{"pull_request_review_comment"}, true},
		{[]string{"issue_comment"}, false},
		{[]string{"push", "workflow_dispatch"}, false},
		{nil, false},
	} {
		if got := OnPullRequests(tc.triggers); got != tc.want {
			t.Errorf("OnPullRequests(%v) = %v, want %v", tc.triggers, got, tc.want)
		}
	}
}
