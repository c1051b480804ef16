package knowledge

import (
	"strings"
	"sync"
)

// endpointTriggerRow is the generated form of one row of
// data/endpoint-triggers.tsv.
type endpointTriggerRow struct {
	method, path, match, triggers string
}

// EndpointTriggers says what the events of a REST call (method and the
// docs' path template, as MatchEndpoint gives it) are when those must start
// other workflows ("opens pull requests whose CI must run"); empty when
// they need not (dispatches, comments, labels).
func EndpointTriggers(method, template string) string {
	for _, r := range endpointTriggerTable {
		if r.method != method {
			continue
		}
		switch {
		case r.match == "exact" && template == r.path,
			r.match == "prefix" && strings.HasPrefix(template, r.path),
			r.match == "suffix" && strings.HasSuffix(template, r.path):
			return r.triggers
		}
	}
	return ""
}

// eventRow is the generated form of one row of data/events.tsv.
type eventRow struct{ event, subject string }

// EventSubject is what a workflow event is about: "pull_request" for the
// pull request events, "issue" for issues, "" otherwise.
func EventSubject(event string) string {
	for _, r := range eventTable {
		if r.event == event {
			return r.subject
		}
	}
	return ""
}

// permissionAlternativeRow is the generated form of one row of
// data/permission-alternatives.tsv.
type permissionAlternativeRow struct{ permission, alternative string }

// PermissionAlternative is a permission GitHub accepts in place of another
// for the endpoints it lists under both: when both are needed, the
// alternative alone does.
type PermissionAlternative struct{ Permission, Alternative string }

var permissionAlternatives = sync.OnceValue(func() []PermissionAlternative {
	out := make([]PermissionAlternative, len(permissionAlternativeTable))
	for i, r := range permissionAlternativeTable {
		out[i] = PermissionAlternative{r.permission, r.alternative}
	}
	return out
})

// PermissionAlternatives lists the pairs of data/permission-alternatives.tsv.
func PermissionAlternatives() []PermissionAlternative {
	return append([]PermissionAlternative(nil), permissionAlternatives()...)
}
