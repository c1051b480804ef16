package knowledge

import "strings"

// The operations that merge a pull request, or have GitHub merge it:
// REST "Merge a pull request", the GraphQL mutations mergePullRequest and
// enablePullRequestAutoMerge, gh pr merge (which calls one of them,
// cli/cli pkg/cmd/pr/merge), and actions whose purpose is to merge or
// auto-merge pull requests (their READMEs). A merge whose changes touch
// .github/workflows is refused to a GitHub App without workflows: write.
var (
	mergeRoutes    = []string{"PUT /repos/{owner}/{repo}/pulls/{pull_number}/merge"}
	mergeMutations = []string{"mergePullRequest", "enablePullRequestAutoMerge"}
	mergeCommands  = []string{"gh pr merge", "gh pr merge --auto", "gh pr merge --delete-branch"}
	mergeActions   = []string{
		"peter-evans/enable-pull-request-automerge", // README: enables auto-merge
		"pascalgn/automerge-action",                 // README: merges pull requests
		"fastify/github-action-merge-dependabot",    // README: merges Dependabot pull requests
		"ahmadnassri/action-dependabot-auto-merge",  // README: merges Dependabot pull requests
		"ridedott/merge-me-action",                  // README: merges pull requests by bots
	}
)

// MergesPullRequests reports an operation that merges a pull request:
// kind is the inventory operation kind ("rest", "graphql", "gh",
// "action"), and what its route ("PUT /repos/{owner}/{repo}/pulls/{pull_number}/merge"),
// mutation, gh command form or action (owner/repo) in any case.
func MergesPullRequests(kind, what string) bool {
	var list []string
	switch kind {
	case "rest":
		list = mergeRoutes
	case "graphql":
		list = mergeMutations
	case "gh":
		list = mergeCommands
	case "action":
		list = mergeActions
	}
	for _, m := range list {
		if strings.EqualFold(m, what) {
			return true
		}
	}
	return false
}

// mergeAuthorFilters are the settings of merge actions (env or with keys)
// that keep them to the pull requests of one author: set, the action
// merges no other author's.
var mergeAuthorFilters = map[string]string{
	// README: "MERGE_FILTER_AUTHOR: When set, only pull requests raised
	// by this author will be merged automatically."
	"pascalgn/automerge-action": "MERGE_FILTER_AUTHOR",
}

// MergeAuthorFilter is the env or with key of a merge action (owner/repo,
// any case) that keeps it to one author's pull requests; ok is false for
// an action without one.
func MergeAuthorFilter(action string) (key string, ok bool) {
	key, ok = mergeAuthorFilters[strings.ToLower(action)]
	return key, ok
}
