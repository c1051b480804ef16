package knowledge

import (
	"slices"
	"strings"
	"sync"
)

// ToolKind says what a command-line tool does with a credential
// (data/tools.tsv, column kind).
type ToolKind string

// Kinds of tool.
const (
	// ToolParsed tools have a reader of their own in scanner/shellops
	// (gh, curl, git, docker, npm, ...), which turns their commands into
	// operations.
	ToolParsed ToolKind = "parsed"
	// ToolGitHubAPI tools call the GitHub API with a token they read from
	// the environment; their calls are not visible in the script.
	ToolGitHubAPI ToolKind = "github_api"
	// ToolOtherService tools work with another service: credentials they
	// get are not GitHub credentials.
	ToolOtherService ToolKind = "other_service"
	// ToolInterpreter tools run the script named by their first argument
	// that is not an option.
	ToolInterpreter ToolKind = "interpreter"
	// ToolNoToken tools read no token from their environment: a
	// credential there is not used by them (jq, sed, tar, changie, go
	// build). What makes one reach a token anyway (a jq filter's $ENV.X,
	// an awk program's ENVIRON["X"]) names the variable in its
	// arguments, which the shell reader checks.
	ToolNoToken ToolKind = "no_token"
	// ToolStores tools keep a credential they are given as data for
	// something else to read later (kubectl create secret, vault kv put):
	// the tool's own service says nothing of what the credential is for.
	ToolStores ToolKind = "stores"
)

// ToolInfo is one row of data/tools.tsv.
type ToolInfo struct {
	// Name is the command's name as typed (goreleaser, bash, gh).
	Name string
	Kind ToolKind
	// TokenEnv are the variables the tool reads a token from, in its
	// order of precedence. Shared: read only.
	TokenEnv []string
	// Host is the service the tool talks to, when fixed.
	Host string
	// ReadsConfig is true for GitHub API tools whose configuration can
	// name any environment variable as a token (goreleaser's
	// {{ .Env.X }}, semantic-release plugins).
	ReadsConfig bool
	// Permissions is what the tool needs in its usual use, when known
	// (GitHub API tools); empty when not known.
	Permissions Permissions
	// Triggers says what the tool's events are when those must start other
	// workflows (releases, pull requests); empty when they need not.
	Triggers string
	// PushesWithGit is true for tools that push commits or tags with the
	// repository's git credentials (what actions/checkout persisted, a
	// credential store, a remote's URL) rather than a token of their own.
	PushesWithGit bool
	// Unavailable says why no GitHub App installation token can do the
	// tool's work (a fork under the token's own account, a user
	// permission); empty when one can.
	Unavailable string
	// Note is a caveat shown to reviewers.
	Note string
	// RunsCode says what code of the repository, its plugins or its
	// packages the tool runs with its environment (build scripts, hooks,
	// providers), which may read any variable; empty when it runs none.
	RunsCode string
	// RunsChosenCommands is true for tools that run shell commands they
	// decide on at run time (an AI coding agent): a git push among them
	// uses the repository's git credentials, and what it pushes is not
	// known before the run.
	RunsChosenCommands bool
	// RepoFlags are the flags that name the repository (owner/name) the
	// tool works on, when it can work on another than the workflow's.
	RepoFlags []string
	// OwnerFlags are the flags that name the repository's owner when
	// RepoFlags name only the repository (cr upload -o OWNER -r NAME).
	OwnerFlags []string
	// Repos are the repositories the tool works on when no flag names
	// one (a target fixed in its code); one written {like this} says how
	// the tool finds a repository it is given only at run time.
	Repos []string
}

// toolRow is the generated form of one row of data/tools.tsv.
type toolRow struct {
	tool, kind  string
	env         []string
	host        string
	readsConfig bool
	permissions string
	triggers    string
	pushesGit   bool
	unavailable string
	note        string
	runsCode    string
	runsChosen  bool
	repoFlags   []string
	ownerFlags  []string
	repos       []string
}

// hostRow is the generated form of one row of data/hosts.tsv.
type hostRow struct {
	host, match string
	registry    bool
}

var tools = sync.OnceValue(func() map[string]ToolInfo {
	m := make(map[string]ToolInfo, len(toolTable))
	for _, r := range toolTable {
		p, err := ParsePermissions(r.permissions)
		if err != nil {
			p = Permissions{} // a test checks every row parses
		}
		m[r.tool] = ToolInfo{Name: r.tool, Kind: ToolKind(r.kind), TokenEnv: r.env, Host: r.host,
			ReadsConfig: r.readsConfig, Permissions: p, Triggers: r.triggers, PushesWithGit: r.pushesGit, Unavailable: r.unavailable, Note: r.note, RunsCode: r.runsCode, RunsChosenCommands: r.runsChosen, RepoFlags: r.repoFlags, OwnerFlags: r.ownerFlags, Repos: r.repos}
	}
	return m
})

// Tool looks up a command-line tool by the name it is run as (no
// directory, no .exe). The row is shared: read it only.
func Tool(name string) (ToolInfo, bool) {
	t, ok := tools()[name]
	return t, ok
}

// ToolCommand looks up the row for a command line: a row for the command
// with its subcommand ("dist host", "cargo release", "lerna version") wins
// over the command's own; words are the command's base name and its
// arguments. A row for the command or its subcommand with an option it
// is given ("semantic-release --dry-run", "cr index --push") wins over
// both.
func ToolCommand(words ...string) (ToolInfo, bool) {
	var subs []string
	for _, w := range words[min(1, len(words)):] {
		if strings.HasPrefix(w, "-") {
			break
		}
		subs = append(subs, w)
		if len(subs) == 2 {
			break
		}
	}
	if len(words) == 0 {
		return ToolInfo{}, false
	}
	// A row named for an option ("semantic-release --dry-run", "cr index
	// --push") is the tool, or its subcommand, run with that option among
	// the words given.
	for n := len(subs); n >= 0; n-- {
		name := strings.Join(append([]string{words[0]}, subs[:n]...), " ")
		for _, w := range words[1:] {
			if strings.HasPrefix(w, "-") {
				flag, _, _ := strings.Cut(w, "=")
				if t, ok := tools()[name+" "+flag]; ok {
					return t, true
				}
			}
		}
	}
	for n := len(subs); n >= 0; n-- {
		name := strings.Join(append([]string{words[0]}, subs[:n]...), " ")
		if t, ok := tools()[name]; ok {
			return t, true
		}
	}
	return ToolInfo{}, false
}

// IsInterpreter reports whether a command runs the script its first
// argument that is not an option names (bash, python3, node, ...).
func IsInterpreter(name string) bool {
	t, ok := tools()[name]
	return ok && t.Kind == ToolInterpreter
}

// hostSets is data/hosts.tsv indexed.
var hostSets = sync.OnceValue(func() (h struct {
	exact      map[string]bool
	suffixes   []string
	registries []string
}) {
	h.exact = map[string]bool{}
	for _, r := range hostTable {
		switch r.match {
		case "exact":
			h.exact[r.host] = true
			if r.registry {
				h.registries = append(h.registries, r.host)
			}
		case "suffix":
			h.suffixes = append(h.suffixes, r.host)
		}
	}
	return h
})

// IsGitHubHost reports whether a host (lower case) belongs to GitHub:
// github.com, api.github.com, ghcr.io, the Packages registries, and every
// host under the suffixes data/hosts.tsv lists (.github.com,
// .githubusercontent.com, .ghe.com, ...).
func IsGitHubHost(host string) bool {
	h := hostSets()
	if h.exact[host] {
		return true
	}
	for _, s := range h.suffixes {
		if strings.HasSuffix(host, s) {
			return true
		}
	}
	return false
}

// PackagesRegistries lists GitHub Packages registry hosts (npm.pkg.github.com,
// ghcr.io, ...) in the order data/hosts.tsv gives them.
func PackagesRegistries() []string {
	return append([]string(nil), hostSets().registries...)
}

// ToolReadsEnv reports whether a tool of data/tools.tsv reads a token from
// the environment variable name (its token_env): a program may then take
// the variable's value without any file naming it.
func ToolReadsEnv(name string) bool {
	for _, t := range tools() {
		if slices.Contains(t.TokenEnv, name) {
			return true
		}
	}
	return false
}
