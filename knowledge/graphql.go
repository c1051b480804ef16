package knowledge

// GraphQLInfo gives the App permissions one top-level GraphQL field needs.
// GitHub's permission list covers REST only, so each entry uses the
// permission of the REST equivalent (named in REST when there is one; a test
// checks the two agree).
type GraphQLInfo struct {
	// Field is the field name, e.g. createPullRequest.
	Field string
	// Mutation is true for mutations, false for query fields.
	Mutation bool
	// Permissions is what the field needs; empty when it needs nothing
	// beyond the implicit metadata:read, or when it depends on the objects
	// selected (see Note).
	Permissions Permissions
	// Note explains caveats: alternatives, subfields, what Apps cannot do.
	Note string
	// REST is the REST equivalent ("METHOD /path") the permission comes
	// from, when there is one.
	REST string
	// Dynamic is true when the permission depends on the node types or
	// subfields selected (node, nodes, search, repository subfields).
	Dynamic bool
	// Retired is true for fields GitHub has removed (ProjectNext, classic
	// Projects): the call fails whatever the token, so the workflow needs
	// fixing before any migration.
	Retired bool
}

type graphqlSource struct {
	field    string
	mutation bool
	perms    string
	rest     string
	note     string
	dynamic  bool
	retired  bool
}

// graphqlTable lists common top-level fields of GitHub's GraphQL API as
// workflows use them (gh, github-script's github.graphql, octokit/graphql-action).
var graphqlTable = [...]graphqlSource{
	// Pull requests.
	{"createPullRequest", true, "pull_requests:write", "POST /repos/{owner}/{repo}/pulls", "pushing the head branch needs contents:write (and workflows:write when it touches .github/workflows)", false, false},
	{"updatePullRequest", true, "pull_requests:write", "PATCH /repos/{owner}/{repo}/pulls/{pull_number}", "", false, false},
	{"closePullRequest", true, "pull_requests:write", "PATCH /repos/{owner}/{repo}/pulls/{pull_number}", "", false, false},
	{"reopenPullRequest", true, "pull_requests:write", "PATCH /repos/{owner}/{repo}/pulls/{pull_number}", "", false, false},
	{"mergePullRequest", true, "contents:write", "PUT /repos/{owner}/{repo}/pulls/{pull_number}/merge", "branch protection and rulesets still apply to the App", false, false},
	{"enablePullRequestAutoMerge", true, "contents:write,pull_requests:write", "", "no REST equivalent; gh and dependabot/fetch-metadata grant contents:write and pull_requests:write; auto-merge must be enabled on the repository", false, false},
	{"disablePullRequestAutoMerge", true, "pull_requests:write", "", "no REST equivalent; assumed by analogy with enablePullRequestAutoMerge", false, false},
	{"markPullRequestReadyForReview", true, "pull_requests:write", "", "no REST equivalent", false, false},
	{"convertPullRequestToDraft", true, "pull_requests:write", "", "no REST equivalent", false, false},
	{"updatePullRequestBranch", true, "pull_requests:write", "PUT /repos/{owner}/{repo}/pulls/{pull_number}/update-branch", "", false, false},
	{"addPullRequestReview", true, "pull_requests:write", "POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews", "", false, false},
	{"submitPullRequestReview", true, "pull_requests:write", "POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews/{review_id}/events", "", false, false},
	{"dismissPullRequestReview", true, "pull_requests:write", "PUT /repos/{owner}/{repo}/pulls/{pull_number}/reviews/{review_id}/dismissals", "", false, false},
	{"addPullRequestReviewThread", true, "pull_requests:write", "POST /repos/{owner}/{repo}/pulls/{pull_number}/comments", "", false, false},
	{"resolveReviewThread", true, "pull_requests:write", "", "no REST equivalent", false, false},
	{"requestReviews", true, "pull_requests:write", "POST /repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers", "", false, false},
	// Issues and comments.
	{"createIssue", true, "issues:write", "POST /repos/{owner}/{repo}/issues", "", false, false},
	{"updateIssue", true, "issues:write", "PATCH /repos/{owner}/{repo}/issues/{issue_number}", "", false, false},
	{"closeIssue", true, "issues:write", "PATCH /repos/{owner}/{repo}/issues/{issue_number}", "", false, false},
	{"reopenIssue", true, "issues:write", "PATCH /repos/{owner}/{repo}/issues/{issue_number}", "", false, false},
	{"deleteIssue", true, "issues:write", "", "no REST equivalent; gh-cli-permissions.tsv uses issues:write (least certain)", false, false},
	{"pinIssue", true, "issues:write", "", "no REST equivalent", false, false},
	{"transferIssue", true, "issues:write", "", "no REST equivalent; the App needs issues:write on both repositories", false, false},
	{"addComment", true, "issues:write", "POST /repos/{owner}/{repo}/issues/{issue_number}/comments", "on a pull request pull_requests:write works as well", false, false},
	{"updateIssueComment", true, "issues:write", "PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}", "on a pull request pull_requests:write works as well", false, false},
	{"deleteIssueComment", true, "issues:write", "DELETE /repos/{owner}/{repo}/issues/comments/{comment_id}", "on a pull request pull_requests:write works as well", false, false},
	{"minimizeComment", true, "issues:write", "", "no REST equivalent; pull_requests:write for comments on pull requests", false, false},
	{"addLabelsToLabelable", true, "issues:write", "POST /repos/{owner}/{repo}/issues/{issue_number}/labels", "on a pull request pull_requests:write works as well", false, false},
	{"removeLabelsFromLabelable", true, "issues:write", "DELETE /repos/{owner}/{repo}/issues/{issue_number}/labels/{name}", "on a pull request pull_requests:write works as well", false, false},
	{"addAssigneesToAssignable", true, "issues:write", "POST /repos/{owner}/{repo}/issues/{issue_number}/assignees", "on a pull request pull_requests:write works as well", false, false},
	{"removeAssigneesFromAssignable", true, "issues:write", "DELETE /repos/{owner}/{repo}/issues/{issue_number}/assignees", "on a pull request pull_requests:write works as well", false, false},
	{"lockLockable", true, "issues:write", "PUT /repos/{owner}/{repo}/issues/{issue_number}/lock", "on a pull request pull_requests:write works as well", false, false},
	{"unlockLockable", true, "issues:write", "DELETE /repos/{owner}/{repo}/issues/{issue_number}/lock", "on a pull request pull_requests:write works as well", false, false},
	{"addReaction", true, "issues:write", "", "reactions on pull requests need pull_requests:write, on discussions discussions:write; the REST reaction endpoints are user-to-server only", false, false},
	{"removeReaction", true, "issues:write", "", "as addReaction", false, false},
	// Contents.
	{"createCommitOnBranch", true, "contents:write", "", "no REST equivalent (REST builds commits with git/trees and git/commits, contents:write); workflows:write when the commit touches .github/workflows; commits are signed as the App", false, false},
	{"createRef", true, "contents:write", "POST /repos/{owner}/{repo}/git/refs", "", false, false},
	{"updateRef", true, "contents:write", "PATCH /repos/{owner}/{repo}/git/refs/{ref}", "", false, false},
	{"deleteRef", true, "contents:write", "DELETE /repos/{owner}/{repo}/git/refs/{ref}", "", false, false},
	{"createLinkedBranch", true, "contents:write,issues:write", "", "no REST equivalent", false, false},
	// Projects (new Projects; organization-owned only for Apps).
	{"createProjectV2", true, "organization_projects:write", "", "Apps can only manage organization-owned projects; user-owned projects need a user token", false, false},
	{"updateProjectV2", true, "organization_projects:write", "", "organization-owned projects only", false, false},
	{"addProjectV2ItemById", true, "organization_projects:write", "", "organization-owned projects only; the App also needs read access to the added issue or pull request", false, false},
	{"addProjectV2DraftIssue", true, "organization_projects:write", "", "organization-owned projects only", false, false},
	{"updateProjectV2ItemFieldValue", true, "organization_projects:write", "", "organization-owned projects only", false, false},
	{"clearProjectV2ItemFieldValue", true, "organization_projects:write", "", "organization-owned projects only", false, false},
	{"deleteProjectV2Item", true, "organization_projects:write", "", "organization-owned projects only", false, false},
	{"archiveProjectV2Item", true, "organization_projects:write", "", "organization-owned projects only", false, false},
	{"convertProjectV2DraftIssueItemToIssue", true, "organization_projects:write,issues:write", "", "organization-owned projects only; creates an issue in the chosen repository", false, false},
	{"linkProjectV2ToRepository", true, "organization_projects:write", "", "organization-owned projects only; the App also needs access to the repository", false, false},
	// Retired ProjectNext API (replaced by ProjectV2 in 2022, removed since).
	{"addProjectNextItem", true, "organization_projects:write", "", "retired ProjectNext API: use addProjectV2ItemById", false, true},
	{"updateProjectNextItemField", true, "organization_projects:write", "", "retired ProjectNext API: use updateProjectV2ItemFieldValue", false, true},
	{"deleteProjectNextItem", true, "organization_projects:write", "", "retired ProjectNext API: use deleteProjectV2Item", false, true},
	{"updateProjectNext", true, "organization_projects:write", "", "retired ProjectNext API: use updateProjectV2", false, true},
	// Discussions, checks, deployments, branches, repository administration.
	{"closeDiscussion", true, "discussions:write", "", "", false, false},
	{"markDiscussionCommentAsAnswer", true, "discussions:write", "", "", false, false},
	{"createDeployment", true, "deployments:write", "POST /repos/{owner}/{repo}/deployments", "", false, false},
	{"createDeploymentStatus", true, "deployments:write", "POST /repos/{owner}/{repo}/deployments/{deployment_id}/statuses", "", false, false},
	{"mergeBranch", true, "contents:write", "POST /repos/{owner}/{repo}/merges", "workflows:write when the merge brings in .github/workflows changes", false, false},
	{"revertPullRequest", true, "contents:write,pull_requests:write", "", "no REST equivalent; pushes a revert branch and opens a pull request", false, false},
	{"createDiscussion", true, "discussions:write", "", "", false, false},
	{"updateDiscussion", true, "discussions:write", "", "", false, false},
	{"addDiscussionComment", true, "discussions:write", "", "", false, false},
	{"createCheckRun", true, "checks:write", "POST /repos/{owner}/{repo}/check-runs", "", false, false},
	{"updateCheckRun", true, "checks:write", "PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}", "", false, false},
	{"archiveRepository", true, "administration:write", "", "no REST equivalent beyond PATCH /repos/{owner}/{repo} archived=true (administration:write)", false, false},
	{"unarchiveRepository", true, "administration:write", "", "as archiveRepository", false, false},
	// Queries.
	{"repository", false, "metadata:read", "GET /repos/{owner}/{repo}", "basic fields only; subfields add permissions, see GraphQLSubfield (issues -> issues:read, pullRequests -> pull_requests:read, object/ref/refs/releases -> contents:read...)", true, false},
	{"organization", false, "", "", "public organization fields need nothing; projectV2/projectsV2 need organization_projects:read, teams/membersWithRole need members:read (see GraphQLSubfield)", true, false},
	{"user", false, "", "", "public profile fields need nothing; an App cannot reach user-owned projectsV2", true, false},
	{"repositoryOwner", false, "", "", "as organization or user, depending on the owner", true, false},
	{"viewer", false, "", "", "with an installation token the viewer is the App's bot user", false, false},
	{"search", false, "metadata:read", "", "no REST row in the permission data (search endpoints are not listed); type ISSUE needs issues:read and/or pull_requests:read on the repositories searched; results are limited to the installation's repositories", true, false},
	{"node", false, "", "", "needs the read permission of the node's type (issue -> issues:read, pull request -> pull_requests:read, project -> organization_projects:read...)", true, false},
	{"nodes", false, "", "", "as node, for each node type selected", true, false},
	{"rateLimit", false, "", "", "needs no permission", false, false},
}

// GraphQLField looks up a top-level field of a query (mutation false) or
// mutation (mutation true). Names are case-sensitive, as in GraphQL.
func GraphQLField(name string, mutation bool) (GraphQLInfo, bool) {
	for _, s := range graphqlTable {
		if s.field == name && s.mutation == mutation {
			return s.info(), true
		}
	}
	return GraphQLInfo{}, false
}

// GraphQLFields returns every entry of the GraphQL table.
func GraphQLFields() []GraphQLInfo {
	out := make([]GraphQLInfo, len(graphqlTable))
	for i, s := range graphqlTable {
		out[i] = s.info()
	}
	return out
}

func (s graphqlSource) info() GraphQLInfo {
	p, err := ParsePermissions(s.perms)
	if err != nil {
		p = Permissions{} // a test checks every entry parses
	}
	return GraphQLInfo{Field: s.field, Mutation: s.mutation, Permissions: p, Note: s.note, REST: s.rest, Dynamic: s.dynamic, Retired: s.retired}
}

// graphqlSubfields gives the permission a subfield adds under repository,
// organization or user queries ("parent.field").
var graphqlSubfields = map[string]string{
	"repository.issue":                 "issues:read",
	"repository.issues":                "issues:read",
	"repository.issueOrPullRequest":    "issues:read,pull_requests:read",
	"repository.milestone":             "issues:read",
	"repository.milestones":            "issues:read",
	"repository.label":                 "issues:read",
	"repository.labels":                "issues:read",
	"repository.pullRequest":           "pull_requests:read",
	"repository.pullRequests":          "pull_requests:read",
	"repository.object":                "contents:read",
	"repository.ref":                   "contents:read",
	"repository.refs":                  "contents:read",
	"repository.defaultBranchRef":      "contents:read",
	"repository.release":               "contents:read",
	"repository.releases":              "contents:read",
	"repository.latestRelease":         "contents:read",
	"repository.discussion":            "discussions:read",
	"repository.discussions":           "discussions:read",
	"repository.deployments":           "deployments:read",
	"repository.environments":          "deployments:read",
	"repository.vulnerabilityAlerts":   "vulnerability_alerts:read",
	"repository.branchProtectionRules": "administration:read",
	"repository.collaborators":         "metadata:read",
	"repository.projectV2":             "organization_projects:read",
	"repository.projectsV2":            "organization_projects:read",
	"organization.projectV2":           "organization_projects:read",
	"organization.projectsV2":          "organization_projects:read",
	"organization.teams":               "members:read",
	"organization.team":                "members:read",
	"organization.membersWithRole":     "members:read",
	"organization.repositories":        "metadata:read",
	"organization.repository":          "metadata:read",
}

// GraphQLSubfield gives the permissions a subfield of a repository or
// organization query adds (labels are listed under issues:read;
// pull_requests:read works as well). Unknown subfields return false: they
// need nothing beyond what their parent needs, or are not modelled.
func GraphQLSubfield(parent, field string) (Permissions, bool) {
	s, ok := graphqlSubfields[parent+"."+field]
	if !ok {
		return nil, false
	}
	p, err := ParsePermissions(s)
	if err != nil {
		return nil, false
	}
	return p, true
}
