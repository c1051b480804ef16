package planner

import (
	"fmt"
	"strings"

	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/knowledge"
)

// graphqlNeeds maps a top-level GraphQL field to its permissions. The
// scanner names the field in Name ("createPullRequest", or "mutation
// createPullRequest"), its type in Args["type"], and the first level of
// child fields, comma-separated, in Args["fields"].
func graphqlNeeds(fc *findingContext, op inventory.Operation) opResult {
	var r opResult
	name := strings.TrimSpace(op.Name)
	mutation := strings.EqualFold(op.Args["type"], "mutation") || strings.EqualFold(op.Args["operation"], "mutation")
	if f := strings.Fields(name); len(f) >= 2 && (f[0] == "mutation" || f[0] == "query" || f[0] == "subscription") {
		mutation = f[0] == "mutation"
		name = f[1]
	}
	name = strings.TrimSuffix(name, "()")
	lookup := name
	if g, ok := knowledge.GraphQLField(name, mutation); ok && g.Successor != "" {
		lookup = g.Successor
		r.notes = append(r.notes, fmt.Sprintf("graphql %s is retired (ProjectNext); it needs the permission of %s, and the workflow must be ported to it", name, g.Successor))
	}
	info, ok := knowledge.GraphQLField(lookup, mutation)
	if !ok {
		kind := "query"
		if mutation {
			kind = "mutation"
		}
		r.review = fmt.Sprintf("GraphQL %s %s is not in the knowledge base", kind, name)
		return r
	}
	perms := info.Permissions.AppOnly()
	if !mutation {
		for _, sub := range strings.Split(op.Args["fields"], ",") {
			sub = strings.TrimSpace(sub)
			if sub == "" {
				continue
			}
			if p, ok := knowledge.GraphQLSubfield(lookup, sub); ok {
				perms.Merge(p.AppOnly())
			}
		}
	}
	// Comments, labels, assignees and locks on a pull request take
	// pull_requests instead of issues.
	if info.IssuesOrPullRequests {
		if access, ok := perms["issues"]; ok {
			keepI, keepP, note := fc.items.narrowShared()
			if keepP {
				perms.Add("pull_requests", access)
				if !keepI {
					delete(perms, "issues")
				}
				r.notes = append(r.notes, strings.Replace(note, "shared endpoint", "graphql "+name, 1))
			}
		}
	}
	if info.ReadsAddedItem {
		keepI, keepP, _ := fc.items.narrowShared()
		if keepI {
			perms.Add("issues", "read")
		}
		if keepP {
			perms.Add("pull_requests", "read")
		}
	}
	if len(perms) > 1 {
		delete(perms, "metadata")
	}
	if info.Dynamic && len(perms) == 0 && op.Args["fields"] == "" {
		r.notes = append(r.notes, fmt.Sprintf("graphql %s: the permission depends on the fields selected; only public data was assumed", name))
	}
	for _, n := range perms.Names() {
		r.needs = append(r.needs, need{n, perms[n]})
	}
	if info.Note != "" {
		r.notes = append(r.notes, "graphql "+name+": "+info.Note)
	}
	if mutation && info.Triggers != "" {
		r.triggers = "it " + info.Triggers
	}
	return r
}
