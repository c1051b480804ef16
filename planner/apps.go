package planner

import (
	"fmt"
	"sort"
	"strings"

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

// appBaseName is the name of the first App of each level.
var appBaseName = map[string]string{
	TrustReadOnly:      "reader-bot",
	TrustTriage:        "triage-bot",
	TrustContentsWrite: "release-bot",
	TrustWorkflowWrite: "workflow-bot",
	TrustOrgAdmin:      "org-bot",
}

// TrustLevel classifies a permission set: org-admin (members,
// administration, organization_*, secrets), workflow-write (workflows),
// contents-write (any other write: contents, packages, actions...), triage
// (issues, pull_requests and other triage writes) or read-only.
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
		case trust == "admin" || strings.HasPrefix(name, "organization_"):
			// organization_* names without a row (a .pat2app.yaml typo)
			// are taken as administering too.
			raise(TrustOrgAdmin)
		case access == "read":
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

// covers reports whether p grants everything q needs.
func covers(p, q map[string]string) bool {
	for n, a := range q {
		if knowledge.AccessRank(p[n]) < knowledge.AccessRank(a) {
			return false
		}
	}
	return true
}

// groupApps proposes Apps for the github_app jobs (App tokens already in
// use are not regrouped). Jobs of one trust level share an App only when
// one's permissions cover the other's, so no merge over-grants a whole
// permission a job's App would otherwise lack; each job's token is still
// narrowed to its own permissions.
func groupApps(jobs []Job) []App {
	type group struct {
		owner string
		level string
		perms knowledge.Permissions
		idx   []int
	}
	var order []int
	for i := range jobs {
		if jobs[i].Decision == DecisionGitHubApp && jobs[i].Kind != inventory.KindAppToken && len(jobs[i].Permissions) > 0 {
			order = append(order, i)
		}
	}
	// Largest permission sets first, so smaller ones can join them.
	sort.SliceStable(order, func(a, b int) bool {
		ja, jb := &jobs[order[a]], &jobs[order[b]]
		if len(ja.Permissions) != len(jb.Permissions) {
			return len(ja.Permissions) > len(jb.Permissions)
		}
		return permKey(ja.Permissions) < permKey(jb.Permissions)
	})
	var groups []*group
	for _, i := range order {
		j := &jobs[i]
		level := TrustLevel(j.Permissions)
		owner := jobOwner(j)
		var g *group
		for _, c := range groups {
			// A private App installs only on its owner's account, so jobs
			// of different owners never share one.
			if c.owner == owner && c.level == level && covers(c.perms, j.Permissions) {
				g = c
				break
			}
		}
		if g == nil {
			g = &group{owner: owner, level: level, perms: knowledge.Permissions{}}
			groups = append(groups, g)
		}
		g.perms.Merge(j.Permissions)
		g.idx = append(g.idx, i)
	}
	sort.SliceStable(groups, func(a, b int) bool {
		if groups[a].level != groups[b].level {
			return trustOrder[groups[a].level] < trustOrder[groups[b].level]
		}
		if groups[a].owner != groups[b].owner {
			return groups[a].owner < groups[b].owner
		}
		return permKey(groups[a].perms) < permKey(groups[b].perms)
	})
	apps := make([]App, 0, len(groups))
	count := map[string]int{}
	for _, g := range groups {
		count[g.level]++
		name := appBaseName[g.level]
		if count[g.level] > 1 {
			name = fmt.Sprintf("%s-%d", name, count[g.level])
		}
		app := App{Name: name, TrustLevel: g.level, Permissions: map[string]string(g.perms.Clone())}
		repos := map[string]bool{}
		for _, i := range g.idx {
			j := &jobs[i]
			app.Jobs = append(app.Jobs, j.Fingerprint)
			if isConcreteRepo(j.Repo) {
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
		app.Manifest = manifest(app)
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
func manifest(app App) map[string]any {
	perms := map[string]any{"metadata": "read"}
	for k, v := range app.Permissions {
		perms[k] = v
	}
	owner := ""
	for _, r := range app.Repositories {
		if o, _, ok := strings.Cut(r, "/"); ok {
			owner = o
			break
		}
	}
	url := "https://github.com"
	if owner != "" {
		url += "/" + owner
	}
	return map[string]any{
		"name":        app.Name,
		"url":         url,
		"description": fmt.Sprintf("%s automation (%s) proposed by pat2app to replace personal access tokens", app.Name, app.TrustLevel),
		"public":      false,
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
func finishJob(j *Job, apps []App) {
	if j.Decision != DecisionGitHubApp || j.Kind == inventory.KindAppToken {
		return
	}
	for _, a := range apps {
		for _, fp := range a.Jobs {
			if fp == j.Fingerprint {
				j.App = a.Name
				break
			}
		}
		if j.App != "" {
			break
		}
	}
	if j.App == "" {
		return
	}
	snippet, warnings := appTokenSnippet(j, j.App)
	j.Snippet = snippet
	j.Warnings = append(warnings, j.Warnings...)
	j.Replace = replaceRefs(j.Credential, "steps."+TokenStepID+".outputs.token")
}
