package report

import (
	"testing"

	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/planner"
)

func TestRulesComplete(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range Rules {
		if r.ID == "" || r.Name == "" || r.Short == "" || r.Full == "" || r.Help == "" {
			t.Errorf("rule %+v lacks a text", r)
		}
		if seen[r.ID] {
			t.Errorf("rule %s defined twice", r.ID)
		}
		seen[r.ID] = true
		switch r.Level {
		case "error", "warning", "note":
		default:
			t.Errorf("rule %s: level %q", r.ID, r.Level)
		}
		if got, ok := RuleByID(r.ID); !ok || got.ID != r.ID {
			t.Errorf("RuleByID(%s) = %+v, %v", r.ID, got, ok)
		}
		if securitySeverity[r.ID] == "" {
			t.Errorf("rule %s has no security-severity", r.ID)
		}
	}
	if _, ok := RuleByID("nope"); ok {
		t.Error("RuleByID found an unknown rule")
	}
}

func TestRuleForFinding(t *testing.T) {
	cases := []struct {
		kind     inventory.Kind
		decision planner.Decision // "" means no plan job
		want     string
	}{
		{inventory.KindLeakedToken, "", RuleLeakedToken},
		{inventory.KindLeakedToken, planner.DecisionGitHubToken, RuleLeakedToken},
		{inventory.KindPAT, "", RulePATInWorkflow},
		{inventory.KindPAT, planner.DecisionGitHubApp, RulePATInWorkflow},
		{inventory.KindPAT, planner.DecisionNotSupported, RulePATInWorkflow},
		{inventory.KindPAT, planner.DecisionGitHubToken, RuleGitHubTokenSuffices},
		{inventory.KindPAT, planner.DecisionManualReview, RuleManualReview},
		{inventory.KindGitHubToken, "", ""},
		{inventory.KindAppToken, planner.DecisionGitHubApp, ""},
		{inventory.KindNotGitHub, "", ""},
		{inventory.KindUnknown, "", ""},
		{inventory.KindUnknown, planner.DecisionGitHubApp, ""},
		{inventory.KindUnknown, planner.DecisionManualReview, RuleManualReview},
	}
	for _, c := range cases {
		var job *planner.Job
		if c.decision != "" {
			job = &planner.Job{Decision: c.decision}
		}
		got, ok := RuleForFinding(&inventory.Finding{Kind: c.kind}, job)
		if got != c.want || ok != (c.want != "") {
			t.Errorf("RuleForFinding(%s, %q) = %q, %v; want %q", c.kind, c.decision, got, ok, c.want)
		}
	}
}
