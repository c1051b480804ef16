package knowledge

import (
	"strings"
	"testing"
)

func TestGraphQLField(t *testing.T) {
	tests := []struct {
		name     string
		mutation bool
		perms    string
	}{
		{"createPullRequest", true, "pull_requests:write"},
		{"addProjectV2ItemById", true, "organization_projects:write"},
		{"updateProjectV2ItemFieldValue", true, "organization_projects:write"},
		{"enablePullRequestAutoMerge", true, "contents:write,pull_requests:write"},
		{"mergePullRequest", true, "contents:write"},
		{"addComment", true, "issues:write"},
		{"closeIssue", true, "issues:write"},
		{"addLabelsToLabelable", true, "issues:write"},
		{"createIssue", true, "issues:write"},
		{"updateIssue", true, "issues:write"},
		{"addPullRequestReview", true, "pull_requests:write"},
		{"createCommitOnBranch", true, "contents:write"},
		{"deleteProjectV2Item", true, "organization_projects:write"},
		{"updateDiscussionComment", true, "discussions:write"},
		{"deleteDiscussionComment", true, "discussions:write"},
		{"repository", false, "metadata:read"},
		{"organization", false, ""},
		{"user", false, ""},
		{"viewer", false, ""},
		{"search", false, "metadata:read"},
		{"node", false, ""},
		{"nodes", false, ""},
	}
	for _, tt := range tests {
		g, ok := GraphQLField(tt.name, tt.mutation)
		if !ok || g.Permissions.String() != tt.perms {
			t.Errorf("GraphQLField(%s, %t) = %q, %t; want %q", tt.name, tt.mutation, g.Permissions, ok, tt.perms)
		}
	}
	if _, ok := GraphQLField("createPullRequest", false); ok {
		t.Error("createPullRequest found as a query field")
	}
	if _, ok := GraphQLField("repository", true); ok {
		t.Error("repository found as a mutation")
	}
	if _, ok := GraphQLField("CreatePullRequest", true); ok {
		t.Error("lookup should be case-sensitive")
	}
}

// TestGraphQLMatchesREST checks each GraphQL entry that names a REST
// equivalent asks for one of that endpoint's permissions at the same access.
func TestGraphQLMatchesREST(t *testing.T) {
	for _, g := range GraphQLFields() {
		if g.REST == "" {
			continue
		}
		method, path, _ := strings.Cut(g.REST, " ")
		m, ok := MatchEndpoint(method, path)
		if !ok || m.Template != path {
			t.Errorf("%s: REST %s not in the endpoint table (got %q)", g.Field, g.REST, m.Template)
			continue
		}
		rest := m.Permissions()
		matched := false
		for n, a := range g.Permissions {
			if rest[n] == a {
				matched = true
			}
		}
		if !matched {
			t.Errorf("%s: permissions %q share nothing with %s (%q)", g.Field, g.Permissions, g.REST, rest)
		}
	}
}

func TestGraphQLSubfield(t *testing.T) {
	p, ok := GraphQLSubfield("organization", "projectV2")
	if !ok || p.String() != "organization_projects:read" {
		t.Errorf("organization.projectV2 = %q, %t", p, ok)
	}
	p, ok = GraphQLSubfield("repository", "pullRequests")
	if !ok || p.String() != "pull_requests:read" {
		t.Errorf("repository.pullRequests = %q, %t", p, ok)
	}
	if _, ok := GraphQLSubfield("repository", "name"); ok {
		t.Error("repository.name should need nothing extra")
	}
}

func TestGraphQLRetired(t *testing.T) {
	g, ok := GraphQLField("addProjectNextItem", true)
	if !ok || !g.Retired || !strings.Contains(g.Note, "addProjectV2ItemById") {
		t.Errorf("addProjectNextItem = %+v, %t; want retired with a replacement", g, ok)
	}
	g, _ = GraphQLField("addProjectV2ItemById", true)
	if g.Retired {
		t.Error("addProjectV2ItemById marked retired")
	}
}

// TestGraphQLSuccessors checks every retired field names a successor that
// is itself in the table and not retired, and only retired fields do.
func TestGraphQLSuccessors(t *testing.T) {
	for _, g := range GraphQLFields() {
		if g.Retired != (g.Successor != "") {
			t.Errorf("%s: retired %t, successor %q", g.Field, g.Retired, g.Successor)
		}
		if g.Successor == "" {
			continue
		}
		s, ok := GraphQLField(g.Successor, g.Mutation)
		if !ok || s.Retired {
			t.Errorf("%s: successor %s not found or retired", g.Field, g.Successor)
		}
		if s.Permissions.String() != g.Permissions.String() {
			t.Errorf("%s needs %s, its successor %s %s", g.Field, g.Permissions, s.Field, s.Permissions)
		}
	}
}

// TestGraphQLTriggersOfREST: a mutation whose row names no events makes
// those of its REST equivalent; its own row's text wins; one without REST
// equivalent or events has none.
func TestGraphQLTriggersOfREST(t *testing.T) {
	for name, want := range map[string]string{
		"updatePullRequestBranch": EndpointTriggers("PUT", "/repos/{owner}/{repo}/pulls/{pull_number}/update-branch"),
		"mergeBranch":             EndpointTriggers("POST", "/repos/{owner}/{repo}/merges"),
		"createPullRequest":       "opens pull requests whose CI must run",
		"addComment":              "",
	} {
		g, _ := GraphQLField(name, true)
		if g.Triggers != want {
			t.Errorf("%s: triggers %q, want %q", name, g.Triggers, want)
		}
	}
	if g, _ := GraphQLField("updatePullRequestBranch", true); g.Triggers == "" {
		t.Error("updatePullRequestBranch should carry update-branch's events")
	}
}
