package knowledge

import (
	"maps"
	"slices"
	"strings"
	"sync"
)

// ActionInfo describes what an action does with the GitHub token it is
// given: one row of data/actions.tsv.
type ActionInfo struct {
	// Name is owner/repo or owner/repo/path, lower case.
	Name string
	// TokenInputs are the inputs (lower case) that take a GitHub token.
	TokenInputs []string
	// TokenEnv are the environment variables the action reads a token from.
	TokenEnv []string
	// Permissions is what the action needs in its usual configuration; it
	// may be empty. It may hold job-only names such as id_token (see
	// IsJobOnlyPermission).
	Permissions Permissions
	// Dynamic is true when the permissions depend entirely on a script,
	// route or query the step gives.
	Dynamic bool
	// PushesWithPersistedCredentials is true when the action pushes with
	// the credentials an earlier actions/checkout persisted, whatever token
	// it is given.
	PushesWithPersistedCredentials bool
	// Registry is the GitHub Packages registry the action logs in to with
	// its token (ghcr.io), when it does.
	Registry string
	// Note says which inputs add or drop permissions, and caveats.
	Note string
	// Source names the files the row was taken from.
	Source string
}

// actionRow is the generated form of one row of data/actions.tsv.
type actionRow struct {
	name, match                   string
	inputs, env                   []string
	permissions                   string
	dynamic, mints                bool
	pushesPersisted               bool
	otherService                  bool
	registry                      string
	triggers, otherRepos, blocker string
	note, source                  string
}

func (s actionRow) info() ActionInfo {
	p, err := ParsePermissions(s.permissions)
	if err != nil {
		// A test checks every row parses; keep the rest of the row usable.
		p = Permissions{}
	}
	return ActionInfo{
		Name:                           s.name,
		TokenInputs:                    append([]string(nil), s.inputs...),
		TokenEnv:                       append([]string(nil), s.env...),
		Permissions:                    p,
		Dynamic:                        s.dynamic,
		PushesWithPersistedCredentials: s.pushesPersisted,
		Registry:                       s.registry,
		Note:                           s.note,
		Source:                         s.source,
	}
}

var actionIndex = sync.OnceValue(func() map[string]int {
	m := make(map[string]int, len(actionTable))
	for i, s := range actionTable {
		m[s.name] = i
	}
	return m
})

// Action looks up the action a `uses:` value names, such as
// "peter-evans/create-pull-request@v6" or "Owner/Repo/sub/path@sha". The
// match is case-insensitive and ignores the @ref. For owner/repo/path it
// falls back to owner/repo when the table has no row for the path. Local
// (./...) and docker:// actions are never found.
func Action(uses string) (ActionInfo, bool) {
	info, ok := ActionShared(uses)
	if ok {
		info.TokenInputs = slices.Clone(info.TokenInputs)
		info.TokenEnv = slices.Clone(info.TokenEnv)
		info.Permissions = maps.Clone(info.Permissions)
	}
	return info, ok
}

// ActionShared is Action without the copies: the row's slices and map are
// shared by every caller and must only be read. The scanner looks up every
// action step this way.
func ActionShared(uses string) (ActionInfo, bool) {
	name := strings.ToLower(strings.TrimSpace(uses))
	if i := strings.IndexByte(name, '@'); i >= 0 {
		name = name[:i]
	}
	name = strings.Trim(name, "/")
	if name == "" || strings.HasPrefix(name, ".") || strings.Contains(name, "://") {
		return ActionInfo{}, false
	}
	idx := actionIndex()
	if i, ok := idx[name]; ok {
		return actionInfos()[i], true
	}
	parts := strings.SplitN(name, "/", 3)
	if len(parts) == 3 {
		if i, ok := idx[parts[0]+"/"+parts[1]]; ok {
			return actionInfos()[i], true
		}
	}
	return ActionInfo{}, false
}

// actionInfos are the rows, read once.
var actionInfos = sync.OnceValue(func() []ActionInfo {
	out := make([]ActionInfo, len(actionTable))
	for i, s := range actionTable {
		out[i] = s.info()
	}
	return out
})

// Actions returns every action row in table order.
func Actions() []ActionInfo {
	out := make([]ActionInfo, len(actionTable))
	for i, s := range actionTable {
		out[i] = s.info()
	}
	return out
}
