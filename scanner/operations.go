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
	if err != nil {
		// A value known only at run time inside an argument list (a
		// pagination clause the script adds) chooses no field: the
		// document without it says what is read and written.
		if q, ok := dropArgumentValues(query); ok {
			ops, err = gqlops.Parse(q)
		}
	}
	if err != nil || len(ops) == 0 {
		b.unresolvedAt(inventory.Unresolved{Evidence: ev, Reason: "GraphQL query could not be read", Subject: subj})
		return
	}
	for _, o := range ops {
		js.gqlOperation(b, o, ev, subj)
	}
}

// dropArgumentValues removes from a GraphQL document the values a script
// knows only at run time ({name}, as the shell reader writes them) that
// stand inside an argument list, where they cannot add a field; ok is
// false when there are none.
func dropArgumentValues(query string) (string, bool) {
	var out strings.Builder
	depth, dropped, quoted := 0, false, false
	for i := 0; i < len(query); i++ {
		c := query[i]
		if quoted || c == '"' {
			// A string's parentheses are text.
			if c == '\\' && i+1 < len(query) {
				out.WriteByte(c)
				i++
				c = query[i]
			} else if c == '"' {
				quoted = !quoted
			}
			out.WriteByte(c)
			continue
		}
		switch c {
		case '(':
			depth++
		case ')':
			depth = max(0, depth-1)
		case '{':
			if depth > 0 {
				if j := strings.IndexAny(query[i+1:], "{}()"); j >= 0 && query[i+1+j] == '}' {
					i += j + 1
					dropped = true
					continue
				}
			}
		}
		out.WriteByte(c)
	}
	return out.String(), dropped
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
			Mutation: mutation, Fields: f.Sub, Nested: f.Deep, Writes: mutation, Repos: repos, Evidence: ev})
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
