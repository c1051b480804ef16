package knowledge

import (
	"sort"
	"sync"
)

// This file is the one place that reconciles permission names. Three
// vocabularies meet here:
//
//   - GitHub's docs data (data/endpoints.tsv, "permission_key"),
//   - GitHub App permission names, as App manifests, the installation-token
//     API (POST /app/installations/{id}/access_tokens) and
//     actions/create-github-app-token's permission-* inputs spell them,
//   - the GITHUB_TOKEN `permissions:` keys of a workflow job.
//
// Every name any table in this package emits must be an App permission
// (IsAppPermission) or a job-only permission (IsJobOnlyPermission); a test
// checks that.

// The names and their sources are the rows of data/permissions.tsv.

// permissionRow is the generated form of one row of data/permissions.tsv.
type permissionRow struct {
	name, kind  string
	githubToken bool
	scope       string
	levels      []string
	docsKey     string
	trust       string
}

// nameIndex is data/permissions.tsv indexed by what each lookup asks.
type nameIndex struct {
	// app holds the App permission names with their access levels when
	// the app-permissions schema lacks them.
	app map[string][]string
	// renames maps docs keys that are not App names to the App name.
	renames map[string]string
	// noApp holds docs keys with no App permission at all.
	noApp map[string]bool
	// jobOnly holds GITHUB_TOKEN permissions with no App equivalent.
	jobOnly map[string]bool
	// scopes maps a permission GITHUB_TOKEN can have to its key in a
	// workflow's permissions: block ("" when there is none to write).
	scopes map[string]string
	// trust maps an App permission to its trust column.
	trust map[string]string
}

var names = sync.OnceValue(func() *nameIndex {
	ix := &nameIndex{app: map[string][]string{}, renames: map[string]string{}, noApp: map[string]bool{}, jobOnly: map[string]bool{}, scopes: map[string]string{}, trust: map[string]string{}}
	for _, r := range permissionTable {
		switch r.kind {
		case "app":
			ix.app[r.name] = r.levels
			ix.trust[r.name] = r.trust
			if r.docsKey != "" {
				ix.renames[r.docsKey] = r.name
			}
		case "job_only":
			ix.jobOnly[r.name] = true
		case "no_app":
			ix.noApp[r.name] = true
		}
		if r.githubToken {
			ix.scopes[r.name] = r.scope
		}
	}
	return ix
})

// CanonicalPermission turns a permission key from GitHub's docs data, an
// App manifest, a create-github-app-token input suffix or a GITHUB_TOKEN
// scope into the GitHub App permission name: case and surrounding space are
// ignored, hyphens become underscores, "emails" becomes "email_addresses"
// and "keys" becomes "git_ssh_keys". It returns false for names with no App
// permission, including the job-only id_token and models and the docs key
// notifications.
func CanonicalPermission(key string) (string, bool) {
	k := normalizeKey(key)
	k = trimPrefix(k, "permission_")
	ix := names()
	if r, ok := ix.renames[k]; ok {
		return r, true
	}
	if ix.noApp[k] {
		return "", false
	}
	if _, ok := ix.app[k]; ok {
		return k, true
	}
	return "", false
}

func trimPrefix(s, prefix string) string {
	if len(s) > len(prefix) && s[:len(prefix)] == prefix {
		return s[len(prefix):]
	}
	return s
}

// IsAppPermission reports whether name is a GitHub App permission name
// that App manifests and create-github-app-token's permission-* inputs
// accept, spelled exactly (lower case, underscores).
func IsAppPermission(name string) bool {
	_, ok := names().app[name]
	return ok
}

// IsJobOnlyPermission reports whether name (App-style spelling, e.g.
// "id_token") is a GITHUB_TOKEN job permission that no GitHub App can have.
// ParsePermissions keeps such names in its result; Permissions.AppOnly drops
// them.
func IsJobOnlyPermission(name string) bool {
	return names().jobOnly[name]
}

// GitHubTokenScope maps an App permission name (or a job-only one) to the
// key of a workflow's GITHUB_TOKEN `permissions:` block: contents ->
// contents, pull_requests -> pull-requests, id_token -> id-token, ... It
// returns ok=false for permissions GITHUB_TOKEN can never get (workflows,
// administration, secrets, environments, members, organization_* and the
// rest). metadata returns ("", true): GITHUB_TOKEN always has metadata:read
// and there is no key to write for it.
func GitHubTokenScope(name string) (scope string, ok bool) {
	scope, ok = names().scopes[name]
	return scope, ok
}

// schemaPermission is one generated app-permissions schema property.
type schemaPermission struct {
	name   string
	levels []string
}

// AccessLevels returns the access levels GitHub accepts for an App
// permission (e.g. workflows: ["write"], metadata: ["read", "write"],
// organization_projects: ["read", "write", "admin"]), from the
// app-permissions schema, or from data/permissions.tsv for names the schema
// lacks. It returns nil for names that are not App permissions.
func AccessLevels(name string) []string {
	i := sort.Search(len(openapiAppPermissions), func(i int) bool { return openapiAppPermissions[i].name >= name })
	if i < len(openapiAppPermissions) && openapiAppPermissions[i].name == name {
		return append([]string(nil), openapiAppPermissions[i].levels...)
	}
	return append([]string(nil), names().app[name]...)
}

// ValidAccess reports whether an App manifest may ask for access on name
// (see AccessLevels).
func ValidAccess(name, access string) bool {
	for _, l := range AccessLevels(name) {
		if l == access {
			return true
		}
	}
	return false
}

// AppPermissionNames returns every name IsAppPermission accepts, sorted.
func AppPermissionNames() []string {
	app := names().app
	p := make(Permissions, len(app))
	for n := range app {
		p[n] = ""
	}
	return p.Names()
}

// PermissionTrust says how much an App holding an App permission is
// trusted (data/permissions.tsv, column trust): "admin" when any access to
// it administers the repository or organization, "workflow" when a write
// changes workflows, "triage" when a write touches only issues, pull
// requests and their decorations, "" when a write changes code or releases
// (or the name is not an App permission).
func PermissionTrust(name string) string { return names().trust[name] }
