package knowledge

import (
	"maps"
	"strings"
	"sync"
)

// GraphQLInfo gives the App permissions one top-level GraphQL field needs.
// GitHub's permission list covers REST only, so each entry uses the
// permission of the REST equivalent (named in REST when there is one; a test
// checks the two agree).
type GraphQLInfo struct {
	// Field is the field name, e.g. createPullRequest.
	Field string
	// Mutation is true for mutations, false for query fields.
	Mutation bool
	// Permissions is what the field needs; empty when it needs nothing
	// beyond the implicit metadata:read, or when it depends on the objects
	// selected (see Note).
	Permissions Permissions
	// Note explains caveats: alternatives, subfields, what Apps cannot do.
	Note string
	// REST is the REST equivalent ("METHOD /path") the permission comes
	// from, when there is one.
	REST string
	// Dynamic is true when the permission depends on the node types or
	// subfields selected (node, nodes, search, repository subfields).
	Dynamic bool
	// Retired is true for fields GitHub has removed (ProjectNext, classic
	// Projects): the call fails whatever the token, so the workflow needs
	// fixing before any migration.
	Retired bool
	// Successor is the field that replaced a retired one; it needs the
	// permissions the retired field needed.
	Successor string
	// ReadsAddedItem is true for mutations that add an issue or pull
	// request to something (a project): the App must also read the item.
	ReadsAddedItem bool
	// IssuesOrPullRequests is true for fields that work on issues and pull
	// requests alike (comments, labels, assignees, locks): on a pull
	// request pull_requests works in place of issues.
	IssuesOrPullRequests bool
	// Triggers says what the mutation's events are when those must start
	// other workflows (pull requests it opens, branches it moves), its
	// REST equivalent's when its row says none; empty when they need not.
	Triggers string
}

// graphqlSource is the generated form of one row of data/graphql-fields.tsv.
type graphqlSource struct {
	field, operation     string
	perms, rest          string
	dynamic, retired     bool
	successor            string
	readsAddedItem       bool
	issuesOrPullRequests bool
	triggers, note       string
}

// GraphQLField looks up a top-level field of a query (mutation false) or
// mutation (mutation true). Names are case-sensitive, as in GraphQL.
func GraphQLField(name string, mutation bool) (GraphQLInfo, bool) {
	op := "query"
	if mutation {
		op = "mutation"
	}
	info, ok := graphqlFields()[[2]string{name, op}]
	if !ok {
		return GraphQLInfo{}, false
	}
	info.Permissions = maps.Clone(info.Permissions) // callers may change theirs
	return info, true
}

// graphqlFields is data/graphql-fields.tsv parsed once, by field and
// operation (the first row of a pair wins, as a scan of the table would).
var graphqlFields = sync.OnceValue(func() map[[2]string]GraphQLInfo {
	m := make(map[[2]string]GraphQLInfo, len(graphqlTable))
	for _, s := range graphqlTable {
		k := [2]string{s.field, s.operation}
		if _, ok := m[k]; !ok {
			m[k] = s.info()
		}
	}
	return m
})

// GraphQLFields returns every entry of the GraphQL table.
func GraphQLFields() []GraphQLInfo {
	out := make([]GraphQLInfo, len(graphqlTable))
	for i, s := range graphqlTable {
		out[i] = s.info()
	}
	return out
}

func (s graphqlSource) info() GraphQLInfo {
	p, err := ParsePermissions(s.perms)
	if err != nil {
		p = Permissions{} // a test checks every entry parses
	}
	triggers := s.triggers
	if method, path, ok := strings.Cut(s.rest, " "); ok && triggers == "" {
		// A mutation makes the events its REST equivalent makes
		// (updatePullRequestBranch pushes to the head as PUT
		// .../update-branch does): data/endpoint-triggers.tsv is their
		// one home.
		triggers = EndpointTriggers(method, path)
	}
	return GraphQLInfo{Field: s.field, Mutation: s.operation == "mutation", Permissions: p, Note: s.note, REST: s.rest,
		Dynamic: s.dynamic, Retired: s.retired, Successor: s.successor, ReadsAddedItem: s.readsAddedItem,
		IssuesOrPullRequests: s.issuesOrPullRequests, Triggers: triggers}
}

// graphqlSubfieldRow is the generated form of one row of
// data/graphql-subfields.tsv.
type graphqlSubfieldRow struct {
	parent, field, perms string
	unavailable          string
	fallback             string
}

// GraphQLSubfieldUnavailable says why no installation token can read a
// subfield of a repository, organization or user query (sponsorships),
// and what to keep instead; "" when one can.
func GraphQLSubfieldUnavailable(parent, field string) (why, fallback string) {
	r, _ := graphqlSubfieldOf(parent, field)
	return r.unavailable, r.fallback
}

// graphqlSubfieldOf is the row of data/graphql-subfields.tsv for a
// parent's field.
func graphqlSubfieldOf(parent, field string) (graphqlSubfieldRow, bool) {
	for _, r := range graphqlSubfieldTable {
		if r.parent == parent && r.field == field {
			return r, true
		}
	}
	return graphqlSubfieldRow{}, false
}

// GraphQLSubfield gives the permissions a subfield of a repository or
// organization query adds (labels are listed under issues:read;
// pull_requests:read works as well). Unknown subfields return false: they
// need nothing beyond what their parent needs, or are not modelled.
func GraphQLSubfield(parent, field string) (Permissions, bool) {
	r, _ := graphqlSubfieldOf(parent, field)
	if r.perms == "" {
		return nil, false
	}
	p, err := ParsePermissions(r.perms)
	if err != nil {
		return nil, false
	}
	return p, true
}
