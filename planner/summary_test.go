package planner

import (
	"testing"

	"github.com/pat2app/pat2app/inventory"
)

func TestOfflineOnly(t *testing.T) {
	offline := inventory.Evidence{Line: 9, Text: "acme/tool token (action " + inventory.NotReadOffline + ": acme/tool@v1 is not in the knowledge base)"}
	script := inventory.Evidence{Line: 12, Text: "./release.sh (not found)"}
	for _, tc := range []struct {
		name string
		job  Job
		want bool
	}{
		{"every item an action not read offline", Job{Decision: DecisionManualReview, Review: []inventory.Evidence{offline, offline}}, true},
		{"another item too", Job{Decision: DecisionManualReview, Review: []inventory.Evidence{offline, script}}, false},
		{"no item", Job{Decision: DecisionManualReview}, false},
		{"decided", Job{Decision: DecisionGitHubApp, Review: []inventory.Evidence{offline}}, false},
	} {
		if got := offlineOnly(&tc.job); got != tc.want {
			t.Errorf("%s: offlineOnly = %v, want %v", tc.name, got, tc.want)
		}
	}
	p := &Plan{Jobs: []Job{
		{Kind: inventory.KindPAT, Part: PartMigration, Decision: DecisionManualReview, OfflineOnly: true, Job: "a"},
		{Kind: inventory.KindPAT, Part: PartMigration, Decision: DecisionManualReview, Job: "b"},
	}}
	if s := Summarize(p); s.OfflineOnly != 1 {
		t.Errorf("Summarize: OfflineOnly = %d, want 1", s.OfflineOnly)
	}
}
