package knowledge

import (
	"slices"
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

// triggerEventRow is the generated form of one row of
// data/trigger-events.tsv.
type triggerEventRow struct {
	triggers string
	events   []string
}

// The workflow events of data/trigger-events.tsv.
const (
	// EventTag is a tag pushed or created.
	EventTag = "tag"
	// EventRelease is a release created, edited or published.
	EventRelease = "release"
	// EventBranch is commits pushed to a branch.
	EventBranch = "branch"
	// EventPullRequest is a pull request opened.
	EventPullRequest = "pull_request"
	// EventReview is a pull request review submitted (on
	// pull_request_review with no types or type submitted).
	EventReview = "review"
	// EventReleaseEdit is a release edited: it starts the workflows on
	// release with no types, or with types edited, prereleased or
	// released.
	EventReleaseEdit = "release_edit"
	// EventWiki is a wiki page created or updated (on gollum).
	EventWiki = "wiki"
	// EventPackage is a package published to GitHub Packages (on
	// registry_package).
	EventPackage = "package"
	// EventDeployment is a deployment or a deployment status created (on
	// deployment, deployment_status).
	EventDeployment = "deployment"
	// EventIssue is an issue opened, labelled, assigned, milestoned or
	// closed (on issues). No scan records its listeners, so it is not one
	// of ListenedEvents: an operation that makes it always counts as
	// heard.
	EventIssue = "issue"
)

// ListenedEvents are the events whose listeners a scan that read every
// workflow records (inventory.JobInfo.Listeners): a tag or release heard
// by none may be made with GITHUB_TOKEN.
var ListenedEvents = []string{EventTag, EventRelease, EventReleaseEdit, EventReview, EventWiki, EventBranch, EventPullRequest, EventPackage, EventDeployment}

// AlwaysRecordedEvents are those of ListenedEvents a scan records even
// when no workflow runs on them (an empty list): a record without one,
// from an older scan, says nothing of it.
var AlwaysRecordedEvents = []string{EventBranch, EventPullRequest, EventPackage, EventDeployment, EventReleaseEdit, EventReview}

// TriggerEvents says which workflow events an operation whose
// triggers_workflows text is triggers makes (EventTag, EventRelease,
// EventBranch, EventPullRequest, EventWiki, EventPackage, EventDeployment,
// EventIssue); ok is false for a text
// data/trigger-events.tsv does not list, which may make any event.
func TriggerEvents(triggers string) (events []string, ok bool) {
	for _, r := range triggerEventTable {
		if r.triggers == triggers {
			return slices.Clone(r.events), true
		}
	}
	return nil, false
}

// eventRow is the generated form of one row of data/events.tsv.
type eventRow struct{ event, subject string }

// OnPullRequests reports a workflow whose triggers include an event about
// a pull request (data/events.tsv subject pull_request: pull_request,
// pull_request_target, and the reviews of one): a job of it handles the
// pull request that started the run, whoever opened it.
func OnPullRequests(triggers []string) bool {
	return slices.ContainsFunc(triggers, func(t string) bool { return EventSubject(t) == "pull_request" })
}

// EventSubject is what a workflow event is about: "pull_request" for the
// pull request events, "issue" for issues, "either" for a comment event
// whose item may be of both kinds, "" otherwise.
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

// eventPermissionRow is the generated form of one row of
// data/event-permissions.tsv.
type eventPermissionRow struct {
	action, permissions string
	events              []string
	otherwise, why      string
}

// EventPermission is a permission set an action needs only when its
// workflow runs on one of Events (data/event-permissions.tsv), and what it
// needs in its place on other events.
type EventPermission struct {
	Permissions, Otherwise Permissions
	Events                 []string
	Why                    string
}

// EventPermissions lists the rows of data/event-permissions.tsv for the
// action uses (owner/repo[/path][@ref]).
func EventPermissions(uses string) []EventPermission {
	name := actionKey(uses)
	var out []EventPermission
	for _, r := range eventPermissionTable {
		if r.action != name {
			continue
		}
		p, err := ParsePermissions(r.permissions)
		if err != nil {
			continue // a test checks every row parses
		}
		o, err := ParsePermissions(r.otherwise)
		if err != nil {
			continue
		}
		out = append(out, EventPermission{Permissions: p, Otherwise: o, Events: r.events, Why: r.why})
	}
	return out
}
