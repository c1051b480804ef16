package planner

import (
	"strings"

	"github.com/pat2app/pat2app/knowledge"
)

// extraAction is what the planner knows about an action that the shared
// actions table (knowledge.Action) does not list. knowledge.Action wins
// when both know an action; .pat2app.yaml `actions:` wins over both.
type extraAction struct {
	permissions string
	// triggers: the action's events must start other workflows.
	triggers string
	// blocker: why GITHUB_TOKEN cannot do the work even on this repository.
	blocker string
	// otherRepos: the action works on repositories other than the
	// workflow's own (forks, upstream registries).
	otherRepos string
	// pushesPersisted: the action pushes with the credentials
	// actions/checkout persisted, whatever token it is given.
	pushesPersisted bool
	note            string
	// inputs add permissions when an input is set to yes or true.
	inputs map[string]string
}

// extraActions lists widely used actions missing from the shared table,
// each from the action's README/action.yml.
var extraActions = map[string]extraAction{
	// lowlighter/metrics docs: the token reads the user's profile and
	// repositories through the API; plugin_traffic reads repository traffic
	// (administration: read for an App). The rendered image is committed
	// with committer_token, which defaults to github.token.
	"lowlighter/metrics": {
		permissions: "metadata:read",
		otherRepos:  "the user's repositories and profile (activity, stats)",
		inputs:      map[string]string{"plugin_traffic": "administration:read"},
		note:        "lowlighter/metrics reads user-level data (private contributions, achievements) that App installation tokens cannot see at all: only the per-repository plugins work with an App",
	},
	// README: "github_token: used to create and label pull requests and to
	// comment"; the backport branch is pushed with the credentials
	// actions/checkout persisted, not with this token.
	"korthout/backport-action": {
		permissions:     "pull_requests:write",
		triggers:        "korthout/backport-action opens backport pull requests whose CI must run",
		pushesPersisted: true,
		note:            "korthout/backport-action pushes the backport branches with the credentials actions/checkout persisted: that token needs contents: write",
	},
	// README: forks microsoft/winget-pkgs under the token's owner, commits
	// the manifests there and opens a pull request upstream.
	"vedantmgoyal2009/winget-releaser": {
		permissions: "contents:write,pull_requests:write",
		otherRepos:  "a fork of microsoft/winget-pkgs and microsoft/winget-pkgs itself",
		note:        "an App would need installations on the fork's owner and on microsoft/winget-pkgs, which is rarely possible: plan a machine-user fine-grained PAT if not",
	},
	// README: approves the Dependabot pull request and comments
	// "@dependabot merge" (or squash and merge).
	"ahmadnassri/action-dependabot-auto-merge": {
		permissions: "pull_requests:write",
		blocker:     "Dependabot obeys @dependabot commands only from accounts with write access, so comments from github-actions[bot] are ignored; an App could merge or enable auto-merge directly instead",
	},
	// README: moves labeled or milestoned issues into a column of a
	// (classic) repository project board.
	"konradpabjan/move-labeled-or-milestoned-issue": {
		permissions: "repository_projects:write,issues:read",
		note:        "classic Projects are retired by GitHub: port the job to Projects (organization_projects)",
	},
	// README: forks Homebrew/homebrew-core (or the tap) under the token's
	// owner, commits the formula bump and opens a pull request upstream.
	"mislav/bump-homebrew-formula-action": {
		permissions: "contents:write,pull_requests:write",
		otherRepos:  "the Homebrew tap (or its fork) and the upstream pull request",
		triggers:    "mislav/bump-homebrew-formula-action opens pull requests whose CI must run",
	},
	// README: reads the merged pull request through its token and commits
	// the release-notes change with the credentials actions/checkout
	// persisted (the README asks for persist-credentials: true).
	"tiangolo/latest-changes": {
		permissions:     "pull_requests:read",
		pushesPersisted: true,
		note:            "tiangolo/latest-changes pushes with the credentials actions/checkout persisted: that token needs contents: write",
	},
}

// actionSupplement adds to what the shared actions table says of an action,
// where the action's own documentation shows more.
type actionSupplement struct {
	permissions string
	note        string
}

// actionSupplements are permissions the shared table leaves out.
var actionSupplements = map[string]actionSupplement{
	// Renovate's "GitHub App" permission docs: it reads commit statuses and
	// check runs to decide automerge and to show branch status.
	"renovatebot/github-action": {
		permissions: "checks:read,statuses:read",
		note:        "renovatebot/github-action: Renovate reads check runs and commit statuses (automerge, branch status), so checks: read and statuses: read",
	},
	// A rebase force-pushes the branch with the base branch's commits under
	// it; when those commits changed .github/workflows the push needs the
	// workflows permission.
	"cirrus-actions/rebase": {
		permissions: "workflows:write",
		note:        "cirrus-actions/rebase force-pushes the rebased branch, which carries the base branch's changes to .github/workflows: workflows: write",
	},
}

// knownCommands are command-line tools that call the GitHub API with the
// credential in their environment, which the scanner cannot see into.
// .pat2app.yaml `scripts:` wins over this table.
var knownCommands = map[string]extraAction{
	// hashicorp/backport-assistant README: pushes backport branches and
	// opens pull requests (optionally enabling auto-merge).
	"backport-assistant": {
		permissions: "contents:write,pull_requests:write",
		triggers:    "backport-assistant opens backport pull requests whose CI must run",
	},
	// GoReleaser docs: creates the release and uploads assets; brew, scoop
	// and other publishers commit to repositories named in .goreleaser.yml.
	"goreleaser": {
		permissions: "contents:write",
		triggers:    "goreleaser creates releases (and their tags) that later workflows react to",
		note:        "publishers in .goreleaser.yml (Homebrew taps, Scoop buckets...) write to other repositories: install the App there too",
	},
}

// interpreters run the script named after them.
var interpreters = map[string]bool{
	"python": true, "python3": true, "node": true, "bash": true, "sh": true, "ruby": true,
	"go": true, "npx": true, "pwsh": true, "deno": true, "bun": true,
}

// commandOf returns the command a run line starts: its first word, or the
// script an interpreter runs, without directories.
func commandOf(line string) (full, base string) {
	for _, w := range strings.Fields(line) {
		if strings.Contains(w, "=") && !strings.HasPrefix(w, "-") && !strings.Contains(w, "/") {
			continue // VAR=value prefix
		}
		if interpreters[w] || w == "run" || strings.HasPrefix(w, "-") {
			continue
		}
		base = w
		if i := strings.LastIndex(base, "/"); i >= 0 {
			base = base[i+1:]
		}
		return w, base
	}
	return "", ""
}

// commandNeeds resolves an unresolved run line through .pat2app.yaml
// `scripts:` or knownCommands.
func (pl *planner) commandNeeds(evidence string) (opResult, bool) {
	var r opResult
	full, base := commandOf(evidence)
	if base == "" {
		return r, false
	}
	if pl.cfg != nil {
		for k, v := range pl.cfg.Scripts {
			kk := strings.TrimSpace(k)
			if kk == full || kk == base || strings.HasPrefix(strings.TrimSpace(evidence), kk) || strings.TrimPrefix(kk, "./") == strings.TrimPrefix(full, "./") {
				p := permsFromConfig(v)
				for _, n := range p.Names() {
					r.needs = append(r.needs, need{n, p[n]})
				}
				r.notes = append(r.notes, "permissions of "+k+" from .pat2app.yaml scripts (override)")
				return r, true
			}
		}
	}
	a, ok := knownCommands[base]
	if !ok {
		return r, false
	}
	p, err := knowledge.ParsePermissions(a.permissions)
	if err != nil {
		return r, false
	}
	for _, n := range p.Names() {
		r.needs = append(r.needs, need{n, p[n]})
	}
	r.triggers = a.triggers
	if a.note != "" {
		r.notes = append(r.notes, a.note)
	}
	return r, true
}

// persistedPushes reports what an action does with the credentials
// actions/checkout persisted: pushes is true when it pushes with them, known
// is false when nothing says (an action the planner does not know).
func (pl *planner) persistedPushes(name string) (pushes, known bool) {
	if pl.cfg != nil {
		for k := range pl.cfg.Actions {
			if actionName(k) == name {
				return false, true
			}
		}
	}
	if info, ok := knowledge.Action(name); ok {
		return info.PushesWithPersistedCredentials, true
	}
	if a, ok := extraActions[name]; ok {
		return a.pushesPersisted, true
	}
	return false, false
}

// knownAction reports whether the planner can map an action's token use.
func (pl *planner) knownAction(name string) bool {
	if _, known := pl.persistedPushes(name); known {
		return true
	}
	return false
}

// lookupExtraAction finds an action in extraActions.
func lookupExtraAction(name string) (extraAction, knowledge.Permissions, bool) {
	a, ok := extraActions[name]
	if !ok {
		return extraAction{}, nil, false
	}
	p, err := knowledge.ParsePermissions(a.permissions)
	if err != nil {
		return extraAction{}, nil, false
	}
	return a, p, true
}
