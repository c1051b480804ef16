package scanner

import (
	"strings"

	"github.com/pat2app/pat2app/inventory"
)

// octokitRequestAction reads octokit/request-action: its route input names
// the REST call its token makes.
type octokitRequestAction struct{ baseHandler }

func (octokitRequestAction) handles(s *actionStep) bool { return s.name == "octokit/request-action" }

func (octokitRequestAction) tokenOp(js *jobState, s *actionStep, b *builder, op *inventory.Operation) bool {
	r := s.lit("route")
	if r == "" {
		return false
	}
	if m, p, ok := strings.Cut(strings.TrimSpace(r), " "); ok {
		b.op(restOp(strings.ToUpper(m), strings.TrimSpace(p), repoOfPath(p), op.Subject, op.Evidence))
		return true
	}
	b.op(restOp("GET", strings.TrimSpace(r), "", op.Subject, op.Evidence))
	return true
}

// octokitGraphQLAction reads octokit/graphql-action: its query input is
// the GraphQL document its token sends.
type octokitGraphQLAction struct{ baseHandler }

func (octokitGraphQLAction) handles(s *actionStep) bool { return s.name == "octokit/graphql-action" }

func (octokitGraphQLAction) tokenOp(js *jobState, s *actionStep, b *builder, op *inventory.Operation) bool {
	js.graphqlOps(b, s.lit("query"), op.Evidence, op.Subject)
	return true
}
