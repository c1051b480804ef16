package fix

import "testing"

func TestExcludesForks(t *testing.T) {
	pr := newForkContext([]string{"pull_request"}, "acme/app")
	both := newForkContext([]string{"push", "pull_request"}, "acme/app")
	reviews := newForkContext([]string{"pull_request", "pull_request_review"}, "acme/app")
	tests := []struct {
		fc   forkContext
		cond string
		want bool
	}{
		{pr, "github.event.pull_request.head.repo.full_name == github.repository", true},
		{pr, "github.repository == github.event.pull_request.head.repo.full_name", true},
		{pr, "github.event.pull_request.head.repo.full_name != github.repository", false},
		{pr, "github.event.pull_request.head.repo.full_name == 'acme/app'", true},
		{pr, "github.event.pull_request.head.repo.full_name == 'other/app'", false},
		{pr, "!github.event.pull_request.head.repo.fork", true},
		{pr, "github.event.pull_request.head.repo.fork == false", true},
		{pr, "github.event.pull_request.head.repo.fork != true", true},
		{pr, "github.event.pull_request.head.repo.fork", false},
		{pr, "github.event.pull_request.head.repo.owner.login == github.repository_owner", true},
		{pr, "github.repository == 'acme/app'", false}, // a fork's pull request runs in acme/app
		{pr, "github.actor == 'dependabot[bot]'", false},
		{pr, "github.event.pull_request.merged", false},
		{both, "github.ref == 'refs/heads/main'", true},
		{both, "startsWith(github.ref, 'refs/tags/')", true},
		{both, "startsWith(github.ref, 'refs/')", false},
		{both, "github.event_name == 'push'", true},
		{both, "github.event_name != 'pull_request'", true},
		{reviews, "github.event_name != 'pull_request'", false},
		{both, "github.event_name == 'pull_request'", false},
		{both, "github.event_name == 'push' || github.ref == 'refs/heads/main'", true},
		{both, "github.event_name == 'push' || github.event.action == 'opened'", false},
		{both, "success() && github.ref == 'refs/heads/main'", true},
		{both, "always()", false},
		{both, both.guard(), true},
		{reviews, reviews.guard(), true},
		{pr, pr.guard(), true},
		{pr, "not an expression ==", false},
		{newForkContext([]string{"push"}, ""), "always()", true}, // no fork runs at all
	}
	for _, tc := range tests {
		if got := tc.fc.excludesForks(tc.cond); got != tc.want {
			t.Errorf("%v excludesForks(%q) = %v, want %v", tc.fc.events, tc.cond, got, tc.want)
		}
	}
}
