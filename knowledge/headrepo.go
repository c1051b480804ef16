package knowledge

import "slices"

// A pull request's head repository is the repository itself when the pull
// request comes from one of its branches (and, for workflow_run, when the
// run was of a push), else a contributor's fork of it. These are the event
// paths that name it, and the comparisons that hold only when it is the
// repository itself. Paths are lower case and dotted, as
// expression.Path.Lower gives them.

// headRepoFullNames are the event paths holding the head repository as
// owner/name.
var headRepoFullNames = []string{
	"github.event.pull_request.head.repo.full_name",
	"github.event.workflow_run.head_repository.full_name",
}

// IsHeadRepoFullName reports an event path that holds the pull request's
// head repository as owner/name.
func IsHeadRepoFullName(path string) bool { return slices.Contains(headRepoFullNames, path) }

// sameRepoPairs maps a head repository's path to the paths of the
// repository itself it can be compared with.
var sameRepoPairs = map[string][]string{
	"github.event.pull_request.head.repo.full_name":       {"github.repository", "github.event.repository.full_name", "github.event.pull_request.base.repo.full_name"},
	"github.event.pull_request.head.repo.owner.login":     {"github.repository_owner", "github.event.repository.owner.login", "github.event.pull_request.base.repo.owner.login"},
	"github.event.pull_request.head.repo.id":              {"github.repository_id", "github.event.repository.id", "github.event.pull_request.base.repo.id"},
	"github.event.workflow_run.head_repository.full_name": {"github.repository", "github.event.repository.full_name"},
	"github.event.workflow_run.head_repository.id":        {"github.repository_id", "github.event.repository.id"},
}

// IsSameRepoPair reports a comparison a == b that holds only when the pull
// request's head repository is the repository itself
// (github.event.pull_request.head.repo.full_name == github.repository).
func IsSameRepoPair(a, b string) bool {
	return slices.Contains(sameRepoPairs[a], b)
}

// HeadForkFlag lists the events whose payload has the fork flag path
// (whether the head repository is a fork): the pull request events for
// github.event.pull_request.head.repo.fork, workflow_run for its head
// repository's; nil for another path. In any other event the path is
// null, which `!` and `== false` take for true.
func HeadForkFlag(path string) []string {
	switch path {
	case "github.event.pull_request.head.repo.fork":
		return []string{"pull_request", "pull_request_target", "pull_request_review", "pull_request_review_comment"}
	case "github.event.workflow_run.head_repository.fork":
		return []string{"workflow_run"}
	}
	return nil
}
