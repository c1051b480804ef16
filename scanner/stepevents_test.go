package scanner

import (
	"maps"
	"slices"
	"strings"
	"testing"
)

func TestEventsIf(t *testing.T) {
	triggers := []string{"push", "pull_request", "release"}
	cases := []struct {
		cond     string
		triggers []string
		want     string // events, comma-separated; "*" for every event
	}{
		{"", triggers, "*"},
		{"success()", triggers, "*"},
		{"${{ github.event_name == 'pull_request' }}", triggers, "pull_request"},
		{"github.event_name == 'release' || github.event_name == 'push'", triggers, "push,release"},
		{"github.event_name != 'pull_request'", triggers, "push,release"},
		{"github.event_name == 'Pull_Request'", triggers, "pull_request"},
		// Anything else the condition reads may make it true.
		{"github.event_name == 'push' || steps.x.outputs.y == 'z'", triggers, "*"},
		{"github.event_name == 'push' && steps.x.outputs.y == 'z'", triggers, "push"},
		{"github.ref == 'refs/heads/main'", triggers, "*"},
		{"github.event_name == 'schedule'", triggers, ""},
		// A reusable workflow's event is its caller's.
		{"github.event_name == 'push'", []string{"push", "workflow_call"}, "*"},
	}
	for _, c := range cases {
		got := "*"
		if ev := eventsIf(c.cond, c.triggers); ev != nil {
			got = strings.Join(slices.Sorted(maps.Keys(ev)), ",")
		}
		if got != c.want {
			t.Errorf("eventsIf(%q, %v) = %q, want %q", c.cond, c.triggers, got, c.want)
		}
	}
}

func TestEventSetDisjoint(t *testing.T) {
	pr, rel := eventSet{"pull_request": true}, eventSet{"release": true, "push": true}
	cases := []struct {
		a, b eventSet
		want bool
	}{
		{pr, rel, true},
		{pr, pr.union(rel), false},
		{nil, pr, false},
		{pr, nil, false},
		{pr.union(nil), rel, false},
	}
	for i, c := range cases {
		if got := c.a.disjoint(c.b); got != c.want {
			t.Errorf("case %d: disjoint = %v, want %v", i, got, c.want)
		}
	}
}
