package scanner

import (
	"testing"

	"github.com/rhysd/actionlint"
)

func TestConditionSubject(t *testing.T) {
	tests := []struct {
		cond, want string
	}{
		{"github.event.issue.pull_request", subjectPullRequest},
		{"${{ github.event.issue.pull_request }}", subjectPullRequest},
		{"github.event.issue.pull_request != null && startsWith(github.event.comment.body, '/run')", subjectPullRequest},
		{"contains(github.event.comment.body, '/x') && github.event.issue.pull_request.url != ''", subjectPullRequest},
		{"${{ github.event.issue.pull_request && github.event.comment.user.login == 'me' }}", subjectPullRequest},
		{"!github.event.issue.pull_request", subjectIssue},
		{"github.event.issue.pull_request == null", subjectIssue},
		{"github.event.issue.pull_request || github.event_name == 'issues'", ""},
		{"github.event.issue.pull_request == 'x'", ""},
		{"github.event_name == 'issue_comment'", ""},
		{"github.event.pull_request", ""},
		{"${{ (", ""},
		{"", ""},
	}
	for _, tc := range tests {
		if got := conditionSubject(&actionlint.String{Value: tc.cond}); got != tc.want {
			t.Errorf("conditionSubject(%q) = %q, want %q", tc.cond, got, tc.want)
		}
	}
	if got := conditionSubject(nil); got != "" {
		t.Errorf("conditionSubject(nil) = %q", got)
	}
}
