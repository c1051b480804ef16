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
