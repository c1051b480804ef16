package planner

import (
	"fmt"
	"strings"

	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/knowledge"
)

// graphqlNeeds maps a top-level GraphQL field to its permissions. The
// scanner names the field in Name, says whether it is a mutation, and lists
// the first level of child fields in Fields.
func graphqlNeeds(fc *findingContext, op inventory.Operation) opResult {
	var r opResult
	name, mutation := op.Name, op.Mutation
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
		for _, sub := range op.Fields {
			if sub == "" {
				continue
			}
			if p, ok := knowledge.GraphQLSubfield(lookup, sub); ok {
				perms.Merge(p.AppOnly())
			}
			if why, fallback := knowledge.GraphQLSubfieldUnavailable(lookup, sub); why != "" && r.notSupported == "" {
				r.notSupported = fmt.Sprintf("GraphQL %s.%s reads %s", lookup, sub, why)
				if fallback != "" {
					r.fallback = asSentence(fallback)
				}
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
	if info.Dynamic && len(perms) == 0 && len(op.Fields) == 0 {
		r.notes = append(r.notes, fmt.Sprintf("graphql %s: the permission depends on the fields selected; only public data was assumed", name))
	}
	r.addNeeds(perms)
	if info.Note != "" {
		r.notes = append(r.notes, "graphql "+name+": "+info.Note)
	}
	if mutation && info.Triggers != "" {
		r.setTriggers("it", info.Triggers)
	}
	return r
}
