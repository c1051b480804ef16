package knowledge

import (
	"testing"
)

// TestEmittedNamesAreAppPermissions checks that every permission name any
// table emits is one an App manifest accepts (or a job-only name that the
// planner keeps on GITHUB_TOKEN).
func TestEmittedNamesAreAppPermissions(t *testing.T) {
	check := func(where, name string, jobOnlyOK bool) {
		t.Helper()
		if IsAppPermission(name) {
			return
		}
		if jobOnlyOK && IsJobOnlyPermission(name) {
			return
		}
		t.Errorf("%s emits %q, which is not an App permission", where, name)
	}
	for _, r := range EndpointRows() {
		if r.Permission == "" {
			if _, ok := docsKeysWithoutApp[r.DocsKey]; !ok {
				t.Errorf("endpoint %s %s: docs key %q has no App name and is not listed in docsKeysWithoutApp", r.Method, r.Path, r.DocsKey)
			}
			continue
		}
		check("endpoint "+r.Method+" "+r.Path, r.Permission, false)
	}
	for _, a := range Actions() {
		for n := range a.Permissions {
			check("action "+a.Name, n, true)
		}
	}
	for _, c := range GHCommands() {
		for n := range c.Permissions {
			check(c.Command, n, false)
		}
	}
	for _, g := range GraphQLFields() {
		for n := range g.Permissions {
			check("graphql "+g.Field, n, false)
		}
	}
	for k, v := range graphqlSubfields {
		p, err := ParsePermissions(v)
		if err != nil {
			t.Errorf("graphql subfield %s: %v", k, err)
		}
		for n := range p {
			check("graphql subfield "+k, n, false)
		}
	}
	for n := range githubTokenScopes {
		check("githubTokenScopes", n, false)
	}
}

// TestSchemaNamesAccepted checks the reconciliation table knows every name
// of the OpenAPI app-permissions schema, and that every name it marks
// "schema" really is in the schema.
func TestSchemaNamesAccepted(t *testing.T) {
	schema := map[string]bool{}
	for _, n := range openapiAppPermissions {
		schema[n] = true
		if !IsAppPermission(n) {
			t.Errorf("app-permissions schema name %q is not accepted by IsAppPermission", n)
		}
	}
	for n, src := range appPermissionNames {
		if src == "schema" && !schema[n] {
			t.Errorf("%q is marked as from the schema but %s does not list it", n, openapiSource)
		}
		if src == "" {
			t.Errorf("%q has no source", n)
		}
	}
	for k, v := range docsKeyRenames {
		if !schema[v] {
			t.Errorf("rename %s -> %s: target not in the schema", k, v)
		}
		if IsAppPermission(k) {
			t.Errorf("renamed docs key %q must not be an App permission itself", k)
		}
	}
	for n := range jobOnlyPermissions {
		if IsAppPermission(n) {
			t.Errorf("job-only %q must not be an App permission", n)
		}
	}
}

func TestCanonicalPermission(t *testing.T) {
	tests := []struct {
		in   string
		want string
		ok   bool
	}{
		{"contents", "contents", true},
		{"pull-requests", "pull_requests", true},
		{"Pull_Requests", "pull_requests", true},
		{" security-events ", "security_events", true},
		{"emails", "email_addresses", true},
		{"keys", "git_ssh_keys", true},
		{"permission-issues", "issues", true},
		{"actions_variables", "actions_variables", true},
		{"organization_actions_variables", "organization_actions_variables", true},
		{"organization_dependabot_secrets", "organization_dependabot_secrets", true},
		{"repository-projects", "repository_projects", true},
		{"notifications", "", false},
		{"id_token", "", false},
		{"id-token", "", false},
		{"models", "", false},
		{"", "", false},
		{"permission_", "", false},
		{"bogus", "", false},
	}
	for _, tt := range tests {
		got, ok := CanonicalPermission(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("CanonicalPermission(%q) = %q, %t; want %q, %t", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestIsAppPermission(t *testing.T) {
	for _, n := range []string{"contents", "pull_requests", "workflows", "organization_projects", "email_addresses", "git_ssh_keys", "actions_variables", "metadata"} {
		if !IsAppPermission(n) {
			t.Errorf("IsAppPermission(%q) = false", n)
		}
	}
	for _, n := range []string{"emails", "keys", "id_token", "pull-requests", "Contents", "notifications", "models", ""} {
		if IsAppPermission(n) {
			t.Errorf("IsAppPermission(%q) = true", n)
		}
	}
	if len(AppPermissionNames()) != len(appPermissionNames) {
		t.Errorf("AppPermissionNames has %d names, table %d", len(AppPermissionNames()), len(appPermissionNames))
	}
}

func TestGitHubTokenScope(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"contents", "contents", true},
		{"pull_requests", "pull-requests", true},
		{"security_events", "security-events", true},
		{"id_token", "id-token", true},
		{"repository_projects", "repository-projects", true},
		{"actions", "actions", true},
		{"checks", "checks", true},
		{"deployments", "deployments", true},
		{"discussions", "discussions", true},
		{"issues", "issues", true},
		{"packages", "packages", true},
		{"pages", "pages", true},
		{"statuses", "statuses", true},
		{"attestations", "attestations", true},
		{"models", "models", true},
		{"metadata", "", true},
		{"workflows", "", false},
		{"administration", "", false},
		{"secrets", "", false},
		{"environments", "", false},
		{"members", "", false},
		{"organization_projects", "", false},
		{"organization_administration", "", false},
		{"actions_variables", "", false},
		{"pull-requests", "", false},
	}
	for _, tt := range tests {
		got, ok := GitHubTokenScope(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("GitHubTokenScope(%q) = %q, %t; want %q, %t", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}
