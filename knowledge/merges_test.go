package knowledge

import "testing"

func TestMergesPullRequests(t *testing.T) {
	for _, tc := range []struct {
		kind, what string
		want       bool
	}{
		{"rest", "PUT /repos/{owner}/{repo}/pulls/{pull_number}/merge", true},
		{"rest", "PUT /repos/{owner}/{repo}/pulls/{pull_number}/update-branch", false},
		{"graphql", "enablePullRequestAutoMerge", true},
		{"graphql", "closePullRequest", false},
		{"gh", "gh pr merge", true},
		{"gh", "gh pr merge --auto", true},
		{"gh", "gh pr merge --disable-auto", false},
		{"gh", "gh pr view", false},
		{"action", "Peter-Evans/enable-pull-request-automerge", true},
		{"action", "peter-evans/create-pull-request", false},
		{"git", "push", false},
	} {
		if got := MergesPullRequests(tc.kind, tc.what); got != tc.want {
			t.Errorf("MergesPullRequests(%q, %q) = %v, want %v", tc.kind, tc.what, got, tc.want)
		}
	}
}
