package knowledge

import (
	"reflect"
	"slices"
	"testing"
)

// TestTriggerEvents: the events behind a triggers text, and none for a
// text the table does not list.
func TestTriggerEvents(t *testing.T) {
	for _, tc := range []struct {
		text string
		want []string
		ok   bool
	}{
		{"creates releases (and their tags) that later workflows react to", []string{EventRelease, EventTag}, true},
		{"pushes tags that later workflows react to", []string{EventTag}, true},
		{"pushes commits, tags or releases that later workflows react to", []string{EventBranch, EventTag, EventRelease}, true},
		{"opens pull requests whose CI must run", []string{EventPullRequest}, true},
		{"moves issues to the candidate milestone", nil, false},
		{"", nil, false},
	} {
		got, ok := TriggerEvents(tc.text)
		if ok != tc.ok || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("TriggerEvents(%q) = %v, %v; want %v, %v", tc.text, got, ok, tc.want, tc.ok)
		}
	}
}

// TestTriggerEventsRows: every row names known events, and every triggers
// text of the endpoint, gh, GraphQL, action and tool tables has a row: a
// text without one counts as making every event, which keeps a job whose
// events no workflow hears on an App token for nothing.
func TestTriggerEventsRows(t *testing.T) {
	known := []string{EventTag, EventRelease, EventReleaseEdit, EventReview, EventBranch, EventPullRequest, EventWiki, EventPackage, EventDeployment, EventIssue}
	for _, r := range triggerEventTable {
		for _, e := range r.events {
			if !slices.Contains(known, e) {
				t.Errorf("%q: event %q is not one of %v", r.triggers, e, known)
			}
		}
	}
	var texts []string
	for _, r := range endpointTriggerTable {
		texts = append(texts, r.triggers)
	}
	for _, r := range graphqlTable {
		texts = append(texts, r.triggers)
	}
	for _, c := range GHCommands() {
		texts = append(texts, c.Triggers)
	}
	for _, r := range actionTable {
		texts = append(texts, r.triggers)
	}
	for _, r := range toolTable {
		texts = append(texts, r.triggers)
	}
	for _, text := range texts {
		if _, ok := TriggerEvents(text); text != "" && !ok {
			t.Errorf("triggers text %q has no row in data/trigger-events.tsv", text)
		}
	}
}
