package knowledge

import "testing"

func TestHeadRepo(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want bool
	}{
		{"github.event.pull_request.head.repo.full_name", "github.repository", true},
		{"github.event.pull_request.head.repo.full_name", "github.event.pull_request.base.repo.full_name", true},
		{"github.event.pull_request.head.repo.owner.login", "github.repository_owner", true},
		{"github.event.workflow_run.head_repository.full_name", "github.repository", true},
		{"github.event.workflow_run.head_repository.full_name", "github.event.pull_request.base.repo.full_name", false},
		{"github.repository", "github.event.pull_request.head.repo.full_name", false}, // callers try both orders
		{"github.event.pull_request.head.repo.full_name", "github.repository_owner", false},
	} {
		if got := IsSameRepoPair(c.a, c.b); got != c.want {
			t.Errorf("IsSameRepoPair(%q, %q) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
	if !IsHeadRepoFullName("github.event.workflow_run.head_repository.full_name") || IsHeadRepoFullName("github.event.pull_request.head.repo.name") {
		t.Error("IsHeadRepoFullName: wrong paths")
	}
	if ev := HeadForkFlag("github.event.workflow_run.head_repository.fork"); len(ev) != 1 || ev[0] != "workflow_run" {
		t.Errorf("HeadForkFlag(workflow_run) = %v", ev)
	}
	if ev := HeadForkFlag("github.event.pull_request.head.repo.full_name"); ev != nil {
		t.Errorf("HeadForkFlag of a path that is no flag = %v", ev)
	}
}
