package scanner

import (
	"strings"

	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/scanner/gqlops"
)

// The API operations several readers record: REST calls and GraphQL
// documents sent through an action, a script's client or gh api.

// graphqlOps parses a GraphQL document and records its top-level fields.
func (js *jobState) graphqlOps(b *builder, query string, ev inventory.Evidence, subj inventory.Subject) {
	if strings.TrimSpace(query) == "" || strings.Contains(query, "{__") && !strings.Contains(query, "{") {
		b.unresolvedAt(inventory.Unresolved{Evidence: ev, Reason: "GraphQL query is not visible", Subject: subj})
		return
	}
	ops, err := gqlops.Parse(query)
	if err != nil || len(ops) == 0 {
		b.unresolvedAt(inventory.Unresolved{Evidence: ev, Reason: "GraphQL query could not be read", Subject: subj})
		return
	}
	for _, o := range ops {
		js.gqlOperation(b, o, ev, subj)
	}
}

// gqlOperation records the top-level fields of a GraphQL operation.
func (js *jobState) gqlOperation(b *builder, o gqlops.Operation, ev inventory.Evidence, subj inventory.Subject) {
	for _, f := range o.Fields {
		var repos []string
		if f.Name == "repository" && f.Args["owner"] != "" && f.Args["name"] != "" && !strings.HasPrefix(f.Args["owner"], "$") && !strings.HasPrefix(f.Args["name"], "$") {
			repos = []string{f.Args["owner"] + "/" + f.Args["name"]}
		}
		mutation := o.Type == "mutation"
		b.op(inventory.Operation{Kind: inventory.OpGraphQL, Method: "GRAPHQL", Path: o.Type + " " + f.Name, Name: f.Name, Subject: subj,
			Mutation: mutation, Fields: f.Sub, Writes: mutation, Repos: repos, Evidence: ev})
	}
}

// restOp is a REST call through an action's or a script's client.
func restOp(method, path, repo string, subj inventory.Subject, ev inventory.Evidence) inventory.Operation {
	o := inventory.Operation{Kind: inventory.OpREST, Method: method, Path: path, Subject: subj, Evidence: ev,
		Writes: method != "GET" && method != "HEAD", TouchesWorkflows: strings.Contains(path, ".github/workflows")}
	if repo != "" {
		o.Repos = []string{repo}
	}
	return o
}
