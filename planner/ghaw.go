package planner

import (
	"strings"

	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/knowledge"
)

// ghawNeeds maps what a gh-aw compiled workflow has its runtime do (a safe
// output it applies, a GitHub MCP server toolset it loads) to the
// permissions of knowledge/data/ghaw-safe-outputs.tsv and ghaw-toolsets.tsv.
// A type or toolset the tables do not hold is left for review.
func ghawNeeds(fc *findingContext, op inventory.Operation) opResult {
	var r opResult
	words := strings.Fields(op.Name)
	var perms knowledge.Permissions
	switch {
	case len(words) == 3 && words[0] == "runtime" && words[1] == "script":
		// Its calls are operations of their own; it needs nothing more.
		if _, ok := knowledge.GhawScript(words[2]); !ok {
			r.review = "gh-aw runtime script " + words[2] + " is not in pat2app's table of the runtime"
		}
		return r
	case len(words) == 3 && words[0] == "safe" && words[1] == "output":
		_, p, ok := knowledge.GhawSafeOutput(words[2])
		if !ok {
			r.review = "gh-aw safe output " + words[2] + " is not in pat2app's table of safe outputs: read what its handler writes"
			return r
		}
		perms = p.Clone()
	case len(words) == 3 && words[0] == "toolset":
		read, write, includes, ok := knowledge.GhawToolset(words[1])
		if !ok || len(includes) > 0 {
			// The scanner expands "default"; anything else is unknown.
			r.review = "GitHub MCP server toolset " + words[1] + " is not in pat2app's table of toolsets: read what its tools call"
			return r
		}
		perms = read.Clone()
		if words[2] == "write" {
			perms.Merge(write)
		}
	default:
		r.review = "gh-aw operation " + op.Name + " is not understood"
		return r
	}
	perms = perms.AppOnly()
	// A safe output for issues and pull requests alike is narrowed only
	// when the workflow evidently works on one kind.
	if note := fc.narrowPerms(perms, "gh-aw "+op.Name); note != "" {
		r.notes = append(r.notes, note)
	}
	r.addNeeds(perms)
	return r
}
