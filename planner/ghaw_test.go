package planner

import (
	"sort"
	"strings"
	"testing"

	"github.com/pat2app/pat2app/inventory"
)

func TestGhawNeeds(t *testing.T) {
	tests := []struct {
		name     string
		ops      []string
		triggers []string
		want     string
		decision Decision
	}{
		{"labels on issues", []string{"safe output add_labels"}, []string{"issues"}, "issues:write", DecisionGitHubToken},
		{"labels on pull requests", []string{"safe output add_labels"}, []string{"pull_request_target"}, "pull_requests:write", DecisionGitHubToken},
		{"comment and type", []string{"safe output add_comment", "safe output set_issue_type", "safe output noop"}, []string{"issues"}, "issues:write", DecisionGitHubToken},
		{"read-only toolsets", []string{"toolset issues read", "toolset repos read", "toolset search read"}, []string{"issues"}, "contents:read,issues:read", DecisionGitHubToken},
		{"write toolset", []string{"toolset repos write"}, []string{"issues"}, "contents:write", DecisionGitHubToken},
		{"unknown safe output", []string{"safe output push_to_nowhere"}, []string{"issues"}, "", DecisionManualReview},
		{"unknown toolset", []string{"toolset nosuch read"}, []string{"issues"}, "", DecisionManualReview},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var ops []inventory.Operation
			for i, n := range tt.ops {
				ops = append(ops, inventory.Operation{Kind: inventory.OpGhAW, Method: "GH-AW", Path: n, Name: n, Evidence: inventory.Evidence{Line: 20 + i, Text: n}})
			}
			f := finding("triage", "secrets.GH_AW_GITHUB_TOKEN", inventory.KindPAT, ops...)
			f.JobInfo.Triggers = tt.triggers
			f.JobInfo.Generated = "change .github/workflows/triage.md and run `gh aw compile`"
			j := planOne(t, nil, f)
			var got []string
			for k, v := range j.Permissions {
				got = append(got, k+":"+v)
			}
			sort.Strings(got)
			if strings.Join(got, ",") != tt.want {
				t.Errorf("permissions %v, want %s", got, tt.want)
			}
			if j.Decision != tt.decision {
				t.Errorf("decision %s, want %s (%v)", j.Decision, tt.decision, j.Reasons)
			}
			if !strings.Contains(strings.Join(j.Warnings, " "), "gh aw compile") {
				t.Errorf("warnings do not say to compile the .md: %v", j.Warnings)
			}
		})
	}
}
