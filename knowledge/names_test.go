package knowledge

import (
	"slices"
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
			if !names().noApp[r.DocsKey] {
				t.Errorf("endpoint %s %s: docs key %q has no App name and is not a no_app row of data/permissions.tsv", r.Method, r.Path, r.DocsKey)
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
	for _, r := range graphqlSubfieldTable {
		k := r.parent + "." + r.field
		p, err := ParsePermissions(r.perms)
		if err != nil {
			t.Errorf("graphql subfield %s: %v", k, err)
		}
		check("graphql subfield "+k, p, false)
	}
	for n := range names().scopes {
		level := "read"
		if ls := AccessLevels(n); len(ls) > 0 && !slices.Contains(ls, "read") {
			level = ls[0] // a write-only permission (copilot_requests)
		}
		check("GITHUB_TOKEN scope", Permissions{n: level}, true)
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
	for _, r := range permissionTable {
		if r.kind != "app" && len(r.levels) > 0 {
			t.Errorf("data/permissions.tsv gives access levels to %s, which is not an App permission", r.name)
		}
	}
}

// TestSchemaNamesAccepted checks data/permissions.tsv knows every name of
// the OpenAPI app-permissions schema, gives access levels to exactly the
// App names the schema lacks, and that every row citing the schema is in it.
func TestSchemaNamesAccepted(t *testing.T) {
	schema := map[string]bool{}
	for _, sp := range openapiAppPermissions {
		n := sp.name
		schema[n] = true
		if !IsAppPermission(n) {
			t.Errorf("app-permissions schema name %q is not accepted by IsAppPermission", n)
		}
	}
	for _, r := range permissionTable {
		if r.kind != "app" {
			continue
		}
		if schema[r.name] == (len(r.levels) > 0) {
			t.Errorf("%s: in the schema %t, access levels %q: give levels exactly to the names the schema lacks", r.name, schema[r.name], r.levels)
		}
	}
	for k, v := range names().renames {
		if !schema[v] {
			t.Errorf("rename %s -> %s: target not in the schema", k, v)
		}
		if IsAppPermission(k) {
			t.Errorf("renamed docs key %q must not be an App permission itself", k)
		}
	}
	for n := range names().jobOnly {
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
	if len(AppPermissionNames()) != len(names().app) {
		t.Errorf("AppPermissionNames has %d names, table %d", len(AppPermissionNames()), len(names().app))
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
