package planner

import (
	"fmt"
	"sort"
	"strings"

	"github.com/pat2app/pat2app/config"
	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/knowledge"
)

// Trust levels of proposed Apps, least to most trusted.
const (
	TrustReadOnly      = "read-only"
	TrustTriage        = "triage"
	TrustContentsWrite = "contents-write"
	TrustWorkflowWrite = "workflow-write"
	TrustOrgAdmin      = "org-admin"
)

// trustOrder ranks trust levels for sorting.
var trustOrder = map[string]int{
	TrustReadOnly: 0, TrustTriage: 1, TrustContentsWrite: 2, TrustWorkflowWrite: 3, TrustOrgAdmin: 4,
}

// appRole is the part of an App's name that says what it does, by trust
// level.
var appRole = map[string]string{
	TrustReadOnly:      "reader-bot",
	TrustTriage:        "triage-bot",
	TrustContentsWrite: "release-bot",
	TrustWorkflowWrite: "workflow-bot",
	TrustOrgAdmin:      "org-bot",
}

// maxAppName is the longest name GitHub accepts for an App.
const maxAppName = 34

// appName names the App of one trust level on one account: a prefix, then
// the level's role (acme-release-bot). The prefix is .pat2app.yaml
// app_prefix (followed by the account when that is not the configured
// owner), else the account. The name depends on nothing else, so a job's
// App has the same name whatever was scanned with it. Names longer than
// GitHub allows lose the end of their prefix.
func appName(cfg *config.Config, account, level string) string {
	role := appRole[level]
	prefix := account
	if cfg.AppPrefix != "" {
		prefix = cfg.AppPrefix
		if account != "" && cfg.Owner != "" && !strings.EqualFold(account, cfg.Owner) {
			prefix += "-" + account
		}
	}
	if prefix == "" {
		prefix = strings.ToLower(cfg.Owner)
	}
	prefix = appNamePart(prefix)
	if prefix == "" {
		return role
	}
	if room := maxAppName - len(role) - 1; len(prefix) > room {
		prefix = strings.TrimRight(prefix[:room], "-")
	}
	return prefix + "-" + role
}

// appNamePart lower-cases s and keeps what an App name shows: letters,
// digits and single hyphens.
func appNamePart(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
		case b.Len() > 0 && !strings.HasSuffix(b.String(), "-"):
			b.WriteByte('-')
		}
	}
	return strings.TrimRight(b.String(), "-")
}

// TrustLevel classifies a permission set by its writes: org-admin (members,
// administration, organization_*, secrets), workflow-write (workflows),
// contents-write (any other write: contents, packages, actions...), triage
// (issues, pull_requests and other triage writes) or read-only. Reading
// (members: read, administration: read) never raises the level.
func TrustLevel(p map[string]string) string {
	level := TrustReadOnly
	raise := func(l string) {
		if trustOrder[l] > trustOrder[level] {
			level = l
		}
	}
	for name, access := range p {
		trust := knowledge.PermissionTrust(name)
		switch {
		case access == "read" || access == "":
		case trust == "admin" || strings.HasPrefix(name, "organization_"):
			// organization_* names without a row (a .pat2app.yaml typo)
			// are taken as administering too.
			raise(TrustOrgAdmin)
		case trust == "workflow":
			raise(TrustWorkflowWrite)
		case trust == "triage":
			raise(TrustTriage)
		default:
			raise(TrustContentsWrite)
		}
	}
	return level
}

// groupApps proposes Apps for the github_app jobs of the rollout (App
// tokens already in use are not regrouped): one App per trust level and
// account, named by appName. Every job of a level shares it, whatever else
// was scanned, so a permission set covered by another's never gets an App
// of its own and a job's App is the same in a plan of one repository or of
// a hundred. Each job's token is still narrowed to its own permissions
// (the token step's permission-* inputs); the App holds the union, and the
// trust levels keep a comment bot and a release bot apart.
func groupApps(jobs []Job, harden bool, cfg *config.Config, step config.TokenStep) []App {
	type group struct {
		account, level string
		perms          knowledge.Permissions
		idx            []int
	}
	byKey := map[string]*group{}
	for i := range jobs {
		j := &jobs[i]
		if j.Decision != DecisionGitHubApp || j.Kind == inventory.KindAppToken || len(j.Permissions) == 0 || !inRollout(j, harden) {
			continue
		}
		level, account := TrustLevel(j.Permissions), jobOwner(j)
		key := account + "\x00" + level
		g := byKey[key]
		if g == nil {
			g = &group{account: account, level: level, perms: knowledge.Permissions{}}
			byKey[key] = g
		}
		g.perms.Merge(j.Permissions)
		g.idx = append(g.idx, i)
	}
	groups := make([]*group, 0, len(byKey))
	for _, g := range byKey {
		groups = append(groups, g)
	}
	sort.Slice(groups, func(a, b int) bool {
		if groups[a].level != groups[b].level {
			return trustOrder[groups[a].level] < trustOrder[groups[b].level]
		}
		return groups[a].account < groups[b].account
	})
	names := make([]string, len(groups))
	count := map[string]int{}
	for i, g := range groups {
		names[i] = appName(cfg, g.account, g.level)
		count[names[i]]++
	}
	apps := make([]App, 0, len(groups))
	for i, g := range groups {
		name := names[i]
		if count[name] > 1 {
			// Only with app_prefix and no owner: in the configuration can
			// two accounts' Apps meet on one name; the account tells them
			// apart.
			name = appName(&config.Config{AppPrefix: cfg.AppPrefix + "-" + appNamePart(g.account)}, "", g.level)
		}
		app := App{Name: name, Account: g.account, TrustLevel: g.level, Permissions: map[string]string(g.perms.Clone())}
		prefix := appSecretPrefix(name)
		app.Variable, app.Secret = prefix+step.VariableSuffix(), prefix+"_PRIVATE_KEY"
		repos := map[string]bool{}
		for _, i := range g.idx {
			j := &jobs[i]
			app.Jobs = append(app.Jobs, j.Fingerprint)
			// The job's own repository, unless its token step asks only
			// for others (tokenReach): minting needs no installation there.
			if isConcreteRepo(j.Repo) && (j.ownRepo || !j.CrossRepo) {
				repos[j.Repo] = true
			}
			for _, t := range j.TargetRepos {
				if isConcreteRepo(t) {
					repos[t] = true
				}
			}
		}
		sort.Strings(app.Jobs)
		app.Repositories = sortedKeys(repos)
		if app.Repositories == nil {
			app.Repositories = []string{}
		}
		app.Manifest = manifest(app, step)
		apps = append(apps, app)
	}
	return apps
}

// jobOwner is the account a job's App must be installed on: the owner of
// the workflow's repository, else of the first repository it targets.
func jobOwner(j *Job) string {
	for _, r := range append([]string{j.Repo}, j.TargetRepos...) {
		if isConcreteRepo(r) {
			o, _, _ := strings.Cut(r, "/")
			return strings.ToLower(o)
		}
	}
	return ""
}

// isConcreteRepo reports whether s is an owner/name with no placeholder or
// expression left in it.
func isConcreteRepo(s string) bool {
	o, n, ok := strings.Cut(s, "/")
	if !ok || o == "" || n == "" || strings.Contains(n, "/") {
		return false
	}
	return !strings.ContainsAny(s, "{}$<>* \t")
}

func permKey(p map[string]string) string {
	return knowledge.Permissions(p).String()
}

// manifest renders a GitHub App manifest: default permissions (with the
// implied metadata: read), webhooks inactive, private.
func manifest(app App, step config.TokenStep) map[string]any {
	perms := map[string]any{"metadata": "read"}
	for k, v := range app.Permissions {
		perms[k] = v
	}
	url := "https://github.com"
	if app.Account != "" {
		url += "/" + app.Account
	}
	return map[string]any{
		"name": app.Name,
		"url":  url,
		"description": fmt.Sprintf("%s automation (%s) proposed by pat2app to replace personal access tokens. Workflows mint its tokens with %s, %s: vars.%s, private-key: secrets.%s.",
			app.Name, app.TrustLevel, step.UsesLine(), step.IDInput, app.Variable, app.Secret),
		"public": false,
		"hook_attributes": map[string]any{
			"url":    url,
			"active": false,
		},
		"default_permissions": perms,
		"default_events":      []string{},
	}
}

// finishJob fills the App, snippet and replaced references of a
// github_app job once the Apps exist.
func finishJob(j *Job, apps []App, step config.TokenStep) {
	if j.Decision != DecisionGitHubApp || j.Kind == inventory.KindAppToken {
		return
	}
	var app *App
	for i := range apps {
		for _, fp := range apps[i].Jobs {
			if fp == j.Fingerprint {
				app = &apps[i]
				break
			}
		}
		if app != nil {
			break
		}
	}
	if app == nil {
		return
	}
	j.App = app.Name
	snippet, warnings := appTokenSnippet(j, app, step)
	j.Snippet = snippet
	j.Warnings = append(warnings, j.Warnings...)
	j.Replace = replaceRefs(j.Credential, "steps."+TokenStepID+".outputs.token")
}
