package knowledge

import (
	"strings"
	"testing"
)

// TestEmittedNamesAreAppPermissions checks that every permission name any
// table emits is one an App manifest accepts (or a job-only name that the
// planner keeps on GITHUB_TOKEN), at an access level GitHub accepts for it.
func TestEmittedNamesAreAppPermissions(t *testing.T) {
	check := func(where string, p Permissions, jobOnlyOK bool) {
		t.Helper()
		for n, a := range p {
			switch {
			case IsAppPermission(n):
				if !ValidAccess(n, a) {
					t.Errorf("%s emits %s:%s; GitHub accepts only %q", where, n, a, AccessLevels(n))
				}
			case jobOnlyOK && IsJobOnlyPermission(n):
			default:
				t.Errorf("%s emits %q, which is not an App permission", where, n)
			}
		}
	}
	for _, r := range EndpointRows() {
		if r.Permission == "" {
			if _, ok := docsKeysWithoutApp[r.DocsKey]; !ok {
				t.Errorf("endpoint %s %s: docs key %q has no App name and is not listed in docsKeysWithoutApp", r.Method, r.Path, r.DocsKey)
			}
			continue
		}
		check("endpoint "+r.Method+" "+r.Path, Permissions{r.Permission: r.Access}, false)
	}
	for _, s := range extraEndpoints() {
		r := s.row()
		check("extra endpoint "+r.Method+" "+r.Path, Permissions{r.Permission: r.Access}, false)
	}
	for _, a := range Actions() {
		check("action "+a.Name, a.Permissions, true)
	}
	for _, c := range GHCommands() {
		check(c.Command, c.Permissions, false)
	}
	for _, g := range GraphQLFields() {
		check("graphql "+g.Field, g.Permissions, false)
	}
	for k, v := range graphqlSubfields {
		p, err := ParsePermissions(v)
		if err != nil {
			t.Errorf("graphql subfield %s: %v", k, err)
		}
		check("graphql subfield "+k, p, false)
	}
	for n := range githubTokenScopes {
		check("githubTokenScopes", Permissions{n: "read"}, false)
	}
}

func TestAccessLevels(t *testing.T) {
	tests := []struct {
		name string
		want string
	}{
		{"workflows", "write"},
		{"contents", "read,write"},
		{"organization_projects", "read,write,admin"},
		{"actions_variables", "read,write"},
		{"codespaces_metadata", "read"},
		{"emails", ""},
		{"id_token", ""},
	}
	for _, tt := range tests {
		got := strings.Join(AccessLevels(tt.name), ",")
		if got != tt.want {
			t.Errorf("AccessLevels(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
	if ValidAccess("workflows", "read") || !ValidAccess("workflows", "write") || ValidAccess("bogus", "read") {
		t.Error("ValidAccess disagrees with AccessLevels")
	}
	for n := range extraAccessLevels {
		if !IsAppPermission(n) {
			t.Errorf("extraAccessLevels names %q, not an App permission", n)
		}
	}
}

// TestSchemaNamesAccepted checks the reconciliation table knows every name
// of the OpenAPI app-permissions schema, and that every name it marks
// "schema" really is in the schema.
func TestSchemaNamesAccepted(t *testing.T) {
	schema := map[string]bool{}
	for _, sp := range openapiAppPermissions {
		n := sp.name
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
