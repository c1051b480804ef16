package knowledge

import (
	"maps"
	"slices"
	"strings"
	"sync"
)

// ActionInfo describes what a popular action does with the GitHub token it
// is given, from actions-token-permissions.tsv.
type ActionInfo struct {
	// Name is owner/repo or owner/repo/path, lower case.
	Name string
	// TokenInputs are the inputs (lower case) that take a GitHub token.
	TokenInputs []string
	// TokenEnv are the environment variables the action reads a token from
	// ("GITHUB_TOKEN env" in the table gives GITHUB_TOKEN).
	TokenEnv []string
	// Permissions is what the action needs in its usual configuration; it
	// may be empty. It may hold job-only names such as id_token (see
	// IsJobOnlyPermission).
	Permissions Permissions
	// Dynamic is true when the permissions depend entirely on a script,
	// route or query (condition starts with "DYNAMIC:").
	Dynamic bool
	// Condition is the table's free-text condition.
	Condition string
	// TokenInputsText is the table's token_inputs cell, unchanged.
	TokenInputsText string
}

// actionSource is the generated form of one TSV row.
type actionSource struct {
	name, tokenCell string
	inputs, env     []string
	permissions     string
	condition       string
}

func (s actionSource) info() ActionInfo {
	p, err := ParsePermissions(s.permissions)
	if err != nil {
		// A test checks every row parses; keep the rest of the row usable.
		p = Permissions{}
	}
	return ActionInfo{
		Name:            s.name,
		TokenInputs:     append([]string(nil), s.inputs...),
		TokenEnv:        append([]string(nil), s.env...),
		Permissions:     p,
		Dynamic:         strings.HasPrefix(s.condition, "DYNAMIC:"),
		Condition:       s.condition,
		TokenInputsText: s.tokenCell,
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
