package knowledge

import "sort"

// This file is the one place that reconciles permission names. Three
// vocabularies meet here:
//
//   - GitHub's docs data (github-app-permissions.tsv, "permission_key"),
//   - GitHub App permission names, as App manifests, the installation-token
//     API (POST /app/installations/{id}/access_tokens) and
//     actions/create-github-app-token's permission-* inputs spell them,
//   - the GITHUB_TOKEN `permissions:` keys of a workflow job.
//
// Every name any table in this package emits must be an App permission
// (IsAppPermission) or a job-only permission (IsJobOnlyPermission); a test
// checks that.

// Sources cited below:
//
//	[schema]  @octokit/openapi 23.0.2 generated/api.github.com.json,
//	          components.schemas.app-permissions (the installation-token API
//	          body); also in zz_generated_openapi.go as openapiAppPermissions.
//	[cgat]    actions/create-github-app-token action.yml, permission-* inputs
//	          (generated from an earlier app-permissions schema).
//	[pat]     GitHub docs "Managing your personal access tokens"
//	          (docs.github.com/en/authentication/keeping-your-account-and-data-secure/managing-your-personal-access-tokens),
//	          "Permissions" tables: the parameter name and access levels of
//	          each fine-grained permission; the same names GitHub's docs data
//	          uses, emails/keys included.
//	[gogh]    google/go-github v88 InstallationPermissions JSON tags (the
//	          installation "permissions" object the API returns).
//	[issues]  github/rest-api-description#5437 and github/docs#34014: the
//	          variables permissions are accepted by the API but missing from
//	          the app-permissions schema.

// appPermissionNames is the set of GitHub App permission names this
// package may emit, each with the source that shows the name is real.
var appPermissionNames = map[string]string{
	// Repository permissions [schema].
	"actions":                      "schema",
	"administration":               "schema",
	"artifact_metadata":            "schema",
	"attestations":                 "schema",
	"checks":                       "schema",
	"code_quality":                 "schema",
	"codespaces":                   "schema",
	"contents":                     "schema",
	"dependabot_secrets":           "schema",
	"deployments":                  "schema",
	"discussions":                  "schema",
	"environments":                 "schema",
	"issues":                       "schema",
	"merge_queues":                 "schema",
	"metadata":                     "schema",
	"packages":                     "schema",
	"pages":                        "schema",
	"pull_requests":                "schema",
	"repository_custom_properties": "schema",
	"repository_hooks":             "schema",
	"repository_projects":          "schema",
	"secret_scanning_alerts":       "schema",
	"secrets":                      "schema",
	"security_events":              "schema",
	"single_file":                  "schema",
	"statuses":                     "schema",
	"vulnerability_alerts":         "schema",
	"workflows":                    "schema",
	// Organization permissions [schema].
	"custom_properties_for_organizations":            "schema",
	"enterprise_custom_properties_for_organizations": "schema",
	"members":                                     "schema",
	"organization_administration":                 "schema",
	"organization_announcement_banners":           "schema",
	"organization_copilot_agent_settings":         "schema",
	"organization_copilot_seat_management":        "schema",
	"organization_custom_org_roles":               "schema",
	"organization_custom_properties":              "schema",
	"organization_custom_roles":                   "schema",
	"organization_events":                         "schema",
	"organization_hooks":                          "schema",
	"organization_packages":                       "schema",
	"organization_personal_access_token_requests": "schema",
	"organization_personal_access_tokens":         "schema",
	"organization_plan":                           "schema",
	"organization_projects":                       "schema",
	"organization_secrets":                        "schema",
	"organization_self_hosted_runners":            "schema",
	"organization_user_blocking":                  "schema",
	// Account permissions [schema].
	"email_addresses":    "schema",
	"followers":          "schema",
	"git_ssh_keys":       "schema",
	"gpg_keys":           "schema",
	"interaction_limits": "schema",
	"profile":            "schema",
	"starring":           "schema",
	// Real permissions missing from the schema.
	"actions_variables":                "pat, gogh, issues",
	"organization_actions_variables":   "pat, gogh, issues",
	"organization_dependabot_secrets":  "pat, gogh",
	"repository_advisories":            "pat, gogh",
	"codespaces_lifecycle_admin":       "pat, gogh",
	"codespaces_metadata":              "pat, gogh",
	"codespaces_secrets":               "pat, gogh",
	"organization_api_insights":        "pat, gogh",
	"organization_codespaces":          "pat, gogh",
	"organization_codespaces_secrets":  "pat, gogh",
	"organization_codespaces_settings": "pat, gogh",
	"team_discussions":                 "cgat, pat, gogh",
	"blocking":                         "pat, gogh",
	"codespaces_user_secrets":          "pat, gogh",
	"gists":                            "pat, gogh",
	"git_signing_ssh_public_keys":      "pat, gogh",
	"plan":                             "pat, gogh",
	"watching":                         "pat, gogh",
}

// docsKeyRenames maps docs-data keys that are not App permission names to
// the App name. Source: SPEC.md and [schema]/[cgat], which spell these
// email_addresses and git_ssh_keys, while [pat] and [gogh] keep the docs
// spelling.
var docsKeyRenames = map[string]string{
	"emails": "email_addresses",
	"keys":   "git_ssh_keys",
}

// docsKeysWithoutApp lists docs-data keys that have no GitHub App permission
// at all: GET /notifications is user-to-server only and no fine-grained
// permission exists for it in [pat], [schema] or [gogh].
var docsKeysWithoutApp = map[string]bool{
	"notifications": true,
}

// jobOnlyPermissions are GITHUB_TOKEN job permissions with no GitHub App
// equivalent. id_token lets a job request an OIDC token (actions/deploy-pages,
// cloud logins); models lets it call GitHub Models. An App token can supply
// neither, so a job keeps these on GITHUB_TOKEN whatever else moves to an
// App.
var jobOnlyPermissions = map[string]string{
	"id_token": "id-token",
	"models":   "models",
}

// githubTokenScopes maps App permission names to the GITHUB_TOKEN
// `permissions:` key that grants the same access. Source: GitHub docs
// "Workflow syntax for GitHub Actions", jobs.<job_id>.permissions.
var githubTokenScopes = map[string]string{
	"actions":             "actions",
	"attestations":        "attestations",
	"checks":              "checks",
	"contents":            "contents",
	"deployments":         "deployments",
	"discussions":         "discussions",
	"issues":              "issues",
	"packages":            "packages",
	"pages":               "pages",
	"pull_requests":       "pull-requests",
	"repository_projects": "repository-projects",
	"security_events":     "security-events",
	"statuses":            "statuses",
}

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
	if r, ok := docsKeyRenames[k]; ok {
		return r, true
	}
	if docsKeysWithoutApp[k] {
		return "", false
	}
	if _, ok := appPermissionNames[k]; ok {
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
	_, ok := appPermissionNames[name]
	return ok
}

// IsJobOnlyPermission reports whether name (App-style spelling, e.g.
// "id_token") is a GITHUB_TOKEN job permission that no GitHub App can have.
// ParsePermissions keeps such names in its result; Permissions.AppOnly drops
// them.
func IsJobOnlyPermission(name string) bool {
	_, ok := jobOnlyPermissions[name]
	return ok
}

// GitHubTokenScope maps an App permission name (or a job-only one) to the
// key of a workflow's GITHUB_TOKEN `permissions:` block: contents ->
// contents, pull_requests -> pull-requests, id_token -> id-token, ... It
// returns ok=false for permissions GITHUB_TOKEN can never get (workflows,
// administration, secrets, environments, members, organization_* and the
// rest). metadata returns ("", true): GITHUB_TOKEN always has metadata:read
// and there is no key to write for it.
func GitHubTokenScope(name string) (scope string, ok bool) {
	if name == "metadata" {
		return "", true
	}
	if s, ok := githubTokenScopes[name]; ok {
		return s, true
	}
	if s, ok := jobOnlyPermissions[name]; ok {
		return s, true
	}
	return "", false
}

// schemaPermission is one generated app-permissions schema property.
type schemaPermission struct {
	name   string
	levels []string
}

// extraAccessLevels gives the access levels of App permissions missing from
// the schema, from [pat]'s "Access levels" column.
var extraAccessLevels = map[string][]string{
	"codespaces_metadata":       {"read"},
	"codespaces_secrets":        {"write"},
	"gists":                     {"write"},
	"organization_api_insights": {"read"},
	"plan":                      {"read"},
}

// AccessLevels returns the access levels GitHub accepts for an App
// permission (e.g. workflows: ["write"], metadata: ["read", "write"],
// organization_projects: ["read", "write", "admin"]), from the
// app-permissions schema, or [pat] for names the schema lacks (read and
// write unless listed otherwise). It returns nil for names that are not
// App permissions.
func AccessLevels(name string) []string {
	i := sort.Search(len(openapiAppPermissions), func(i int) bool { return openapiAppPermissions[i].name >= name })
	if i < len(openapiAppPermissions) && openapiAppPermissions[i].name == name {
		return append([]string(nil), openapiAppPermissions[i].levels...)
	}
	if !IsAppPermission(name) {
		return nil
	}
	if l, ok := extraAccessLevels[name]; ok {
		return append([]string(nil), l...)
	}
	return []string{"read", "write"}
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
	p := make(Permissions, len(appPermissionNames))
	for n := range appPermissionNames {
		p[n] = ""
	}
	return p.Names()
}
