package planner

import (
	"fmt"
	"strings"

	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/knowledge"
)

// retiredGraphQL covers GraphQL fields GitHub has retired but workflows
// still call: the ProjectNext (Projects beta) mutations, replaced by the
// ProjectV2 ones. knowledge.GraphQLField does not list them. They needed
// the permission of their ProjectV2 successors.
var retiredGraphQL = map[string]string{
	"addProjectNextItem":         "addProjectV2ItemById",
	"updateProjectNextItemField": "updateProjectV2ItemFieldValue",
	"deleteProjectNextItem":      "deleteProjectV2Item",
	"updateProjectNext":          "updateProjectV2",
}

// projectItemAdds are mutations that add an issue or pull request to a
// project: the App must also read the item it adds.
var projectItemAdds = map[string]bool{
	"addProjectV2ItemById": true,
	"addProjectNextItem":   true,
}

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
	if succ, ok := retiredGraphQL[name]; ok && mutation {
		lookup = succ
		r.notes = append(r.notes, fmt.Sprintf("graphql %s is retired (ProjectNext); it needs the permission of %s, and the workflow must be ported to it", name, succ))
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
	if strings.Contains(info.Note, "pull_requests:write works as well") || strings.Contains(info.Note, "pull_requests:write for comments on pull requests") {
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
	if projectItemAdds[name] {
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
	if mutation {
		r.triggers = graphqlTriggers[strings.ToLower(lookup)]
	}
	return r
}
