package knowledge

import (
	"sort"
	"strings"
	"sync"
)

// ghawRuntimeRow is the generated form of one row of data/ghaw-runtime.tsv.
type ghawRuntimeRow struct {
	script, via, env, does, method, path, where, release string
}

// ghawSafeOutputRow is the generated form of one row of
// data/ghaw-safe-outputs.tsv.
type ghawSafeOutputRow struct {
	typ, script, permissions string
}

// ghawToolsetRow is the generated form of one row of data/ghaw-toolsets.tsv.
type ghawToolsetRow struct {
	toolset, read, write string
	includes             []string
}

// ghawEngineRow is the generated form of one row of data/ghaw-engines.tsv.
type ghawEngineRow struct {
	engine, tokenEnv, tool string
}

// GhawCall is one thing a script of gh-aw's runtime does with the token it
// is given (a row of data/ghaw-runtime.tsv).
type GhawCall struct {
	// Via is "client" for the github-script client (its github-token) or
	// "env" for the variable Env.
	Via, Env string
	// Does is rest, graphql, git, none (reads it, no GitHub call; with no
	// Env, the script reads no credential variable), unresolved (a call
	// the reader could not resolve: Path says what) or runs (the script
	// runs the main() of the runtime script Path, with the same token).
	Does string
	// Method and Path: the HTTP method and path (rest), query or mutation
	// and the top-level field (graphql), GIT and the git command (git).
	Method, Path string
	// Where is the runtime file and line (or function) of the call, and
	// Release the gh-aw-actions release it was read at ("v0.72.0"), or
	// the gh-aw commit ("gh-aw@cbbf98e") for a script read by hand there.
	Where, Release string
}

var ghawScripts = sync.OnceValue(func() map[string][]GhawCall {
	m := map[string][]GhawCall{}
	for _, r := range ghawRuntimeTable {
		m[r.script] = append(m[r.script], GhawCall{Via: r.via, Env: r.env, Does: r.does, Method: r.method, Path: r.path, Where: r.where, Release: r.release})
	}
	return m
})

// GhawScript looks up what a runtime script ("add_labels.cjs") does with
// its token; ok is false for a script the table does not hold. The slice
// is shared: read it only.
func GhawScript(name string) ([]GhawCall, bool) {
	c, ok := ghawScripts()[name]
	return c, ok
}

// GhawSafeOutput looks up a safe output type as compiled ("add_labels"):
// the runtime script that applies it and the permissions its token needs.
func GhawSafeOutput(typ string) (script string, perms Permissions, ok bool) {
	i := sort.Search(len(ghawSafeOutputTable), func(i int) bool { return ghawSafeOutputTable[i].typ >= typ })
	if i == len(ghawSafeOutputTable) || ghawSafeOutputTable[i].typ != typ {
		return "", nil, false
	}
	r := ghawSafeOutputTable[i]
	p, err := ParsePermissions(r.permissions)
	if err != nil {
		return "", nil, false // a test checks every row parses
	}
	return r.script, p, true
}

// GhawToolset looks up a GitHub MCP server toolset: the permissions its
// read tools need, those its write tools need, and for a name that
// stands for others ("default") the toolsets it includes.
func GhawToolset(name string) (read, write Permissions, includes []string, ok bool) {
	name = strings.ToLower(strings.TrimSpace(name))
	i := sort.Search(len(ghawToolsetTable), func(i int) bool { return ghawToolsetTable[i].toolset >= name })
	if i == len(ghawToolsetTable) || ghawToolsetTable[i].toolset != name {
		return nil, nil, nil, false
	}
	r := ghawToolsetTable[i]
	read, err1 := ParsePermissions(r.read)
	write, err2 := ParsePermissions(r.write)
	if err1 != nil || err2 != nil {
		return nil, nil, nil, false // a test checks every row parses
	}
	return read, write, r.includes, true
}

// GhawEngine looks up the engine a lock file runs ("copilot"): the
// variable its model token is in and the tools.tsv tool that token is
// for; ok is false for an engine whose model token is not a GitHub token.
func GhawEngine(engine string) (tokenEnv, tool string, ok bool) {
	for _, r := range ghawEngineTable {
		if strings.EqualFold(r.engine, engine) {
			return r.tokenEnv, r.tool, true
		}
	}
	return "", "", false
}
