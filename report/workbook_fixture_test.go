package report

import (
	"path/filepath"
	"testing"

	"github.com/pat2app/pat2app/internal/golden"
	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/planner"
)

// checkGolden compares got with testdata/name (go test ./report -update rewrites it).
func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	golden.Check(t, filepath.Join("testdata", name), got)
}

// Fingerprints of the fixture.
const (
	fpRelease = "fp-release"
	fpLabel   = "fp-label"
	fpDeploy  = "fp-deploy"
	fpLeak    = "fp-leak"
	fpBuiltin = "fp-builtin"
	fpSlack   = "fp-slack"
	fpEvil    = "fp-evil"
)

// evilName is repository text that looks like a formula.
const evilName = `=HYPERLINK("https://evil.example/x","click")`

// fixture builds a small inventory and the plan a planner would make of it:
// two repositories (one without a remote), every decision, a leaked token,
// a cross-repo job, unresolved uses and a job named like a formula.
func fixture() (*inventory.Inventory, *planner.Plan) {
	inv := &inventory.Inventory{
		SchemaVersion: 1,
		Complete:      false,
		Repos: []inventory.RepoSummary{
			{Name: "acme/app", Workflows: []string{".github/workflows/release.yml", ".github/workflows/triage.yml", ".github/workflows/ci.yml"}, DefaultBranch: "main", URL: "https://github.com/acme/app"},
			{Name: "acme/infra", Workflows: []string{".github/workflows/deploy.yml", ".github/workflows/my flow.yml"}},
		},
		Errors: []inventory.InputError{{Repo: "acme/infra", File: ".github/workflows/bad.yml", Line: 3, Message: "yaml: line 3: did not find expected key"}},
		Findings: []inventory.Finding{
			{
				Fingerprint: fpRelease, Repo: "acme/app", File: ".github/workflows/release.yml", Job: "release",
				Credential: "secrets.GH_PAT", Kind: inventory.KindPAT, Confidence: inventory.ConfidenceHigh, Lines: []int{14, 41},
				Uses:       []inventory.Use{{Line: 41, Step: "Open PR", Via: "input", Target: "peter-evans/create-pull-request token"}},
				Operations: []inventory.Operation{{Kind: inventory.OpREST, Method: "POST", Path: "/repos/{owner}/{repo}/pulls", Evidence: inventory.Evidence{Line: 41, Text: "peter-evans/create-pull-request"}}, {Kind: inventory.OpGit, Method: "GIT", Path: "push", Name: "push", Evidence: inventory.Evidence{Line: 30, Text: "git push origin HEAD"}}},
				JobInfo:    &inventory.JobInfo{Line: 9, TimeoutMinutes: 120},
			},
			{
				Fingerprint: fpLabel, Repo: "acme/app", File: ".github/workflows/triage.yml", Job: "label",
				Credential: "secrets.BOT_TOKEN", Kind: inventory.KindPAT, Confidence: inventory.ConfidenceMedium, Lines: []int{22},
				Operations: []inventory.Operation{{Kind: inventory.OpGH, Method: "GH", Path: "gh issue edit", Name: "gh issue edit", Evidence: inventory.Evidence{Line: 22, Text: "gh issue edit --add-label triage"}}},
			},
			{
				Fingerprint: fpDeploy, Repo: "acme/infra", File: ".github/workflows/deploy.yml", Job: "deploy",
				Credential: "secrets.GH_PAT", Kind: inventory.KindPAT, Confidence: inventory.ConfidenceHigh, Lines: []int{18, 27},
				Operations:  []inventory.Operation{{Kind: inventory.OpREST, Method: "PUT", Path: "/orgs/{org}/members/{username}", Evidence: inventory.Evidence{Line: 27, Text: "curl -X PUT api.github.com/orgs/acme/members/$U"}}},
				Unresolved:  []inventory.Unresolved{{Evidence: inventory.Evidence{Line: 33, Text: `curl -X POST "$URL"`}, Reason: "URL built at run time"}},
				CrossRepo:   true,
				TargetRepos: []string{"acme/app", "acme/docs"},
			},
			{
				Fingerprint: fpLeak, Repo: "acme/infra", File: ".github/workflows/deploy.yml", Job: "deploy",
				Credential: "ghp_abcdefghijklmnopqrstuvwxyz0123456789", Kind: inventory.KindLeakedToken, Confidence: inventory.ConfidenceHigh, Lines: []int{12},
			},
			{
				Fingerprint: fpBuiltin, Repo: "acme/app", File: ".github/workflows/ci.yml", Job: "test",
				Credential: "secrets.GITHUB_TOKEN", Kind: inventory.KindGitHubToken, Confidence: inventory.ConfidenceHigh, Lines: []int{8},
			},
			{
				Fingerprint: fpSlack, Repo: "acme/app", File: ".github/workflows/ci.yml", Job: "notify",
				Credential: "secrets.SLACK_WEBHOOK", Kind: inventory.KindNotGitHub, Confidence: inventory.ConfidenceHigh, Lines: []int{30},
			},
			{
				Fingerprint: fpEvil, Repo: "acme/infra", File: ".github/workflows/my flow.yml", Job: evilName,
				Credential: "secrets.OPS_PAT", Kind: inventory.KindPAT, Confidence: inventory.ConfidenceLow, Lines: []int{5},
				Unresolved: []inventory.Unresolved{{Evidence: inventory.Evidence{Line: 7, Text: "+cmd|' /C calc'!A0"}, Reason: "script"}},
			},
		},
	}
	plan := &planner.Plan{
		SchemaVersion: 1,
		Complete:      false,
		Jobs: []planner.Job{
			{
				Fingerprint: fpRelease, Repo: "acme/app", File: ".github/workflows/release.yml", Job: "release",
				Credential: "secrets.GH_PAT", Kind: "pat",
				Permissions: map[string]string{"contents": "write", "pull_requests": "write"},
				Evidence: map[string][]planner.PermissionEvidence{
					"pull_requests:write": {{Evidence: inventory.Evidence{Line: 41, Text: "peter-evans/create-pull-request"}}},
					"contents:write":      {{Evidence: inventory.Evidence{Line: 30, Text: "git push origin HEAD"}}, {Evidence: inventory.Evidence{Line: 41, Text: "peter-evans/create-pull-request"}}},
				},
				Decision: planner.DecisionGitHubApp, Reasons: []string{"pull requests opened with GITHUB_TOKEN do not trigger workflows"},
				App: "release-bot", Family: "release", Lines: []int{14, 41}, Confidence: "high",
				Warnings: []string{"job may run longer than the one-hour installation token (timeout-minutes: 120)"},
			},
			{
				Fingerprint: fpLabel, Repo: "acme/app", File: ".github/workflows/triage.yml", Job: "label",
				Credential: "secrets.BOT_TOKEN", Kind: "pat",
				Permissions: map[string]string{"issues": "write"},
				Evidence:    map[string][]planner.PermissionEvidence{"issues:write": {{Evidence: inventory.Evidence{Line: 22, Text: "gh issue edit --add-label triage"}}}},
				Decision:    planner.DecisionGitHubToken, GitHubTokenSuffices: true,
				PermissionsBlock: "permissions:\n  issues: write\n", Family: "triage", Lines: []int{22}, Confidence: "medium",
			},
			{
				Fingerprint: fpDeploy, Repo: "acme/infra", File: ".github/workflows/deploy.yml", Job: "deploy",
				Credential: "secrets.GH_PAT", Kind: "pat",
				Permissions: map[string]string{"members": "write", "organization_administration": "admin", "contents": "read"},
				Evidence: map[string][]planner.PermissionEvidence{
					"members:write":                     {{Evidence: inventory.Evidence{Line: 27, Text: "curl -X PUT api.github.com/orgs/acme/members/$U"}}},
					"organization_administration:admin": {{Evidence: inventory.Evidence{Line: 27, Text: "curl -X PUT api.github.com/orgs/acme/members/$U"}}},
				},
				Decision: planner.DecisionManualReview, Review: []inventory.Evidence{{Line: 33, Text: "URL built at run time"}},
				Family: "deploy", CrossRepo: true, TargetRepos: []string{"acme/app", "acme/docs"}, Lines: []int{18, 27}, Confidence: "high",
			},
			{
				Fingerprint: fpEvil, Repo: "acme/infra", File: ".github/workflows/my flow.yml", Job: evilName,
				Credential: "secrets.OPS_PAT", Kind: "pat",
				Permissions: map[string]string{},
				Decision:    planner.DecisionNotSupported, Fallback: "keep a fine-grained PAT owned by a machine user",
				Reasons: []string{"=cmd|' /C calc'!A0"}, Family: "ops", Lines: []int{5}, Confidence: "low",
			},
		},
		Apps: []planner.App{{
			Name: "release-bot", TrustLevel: "release", Permissions: map[string]string{"contents": "write", "pull_requests": "write"},
			Variable: "RELEASE_BOT_CLIENT_ID", Secret: "RELEASE_BOT_PRIVATE_KEY",
			Repositories: []string{"acme/app"}, Jobs: []string{fpRelease},
		}},
		Secrets: []planner.SecretPlan{
			{Name: "GH_PAT", Kind: inventory.KindPAT, UsedBy: []string{fpRelease, fpDeploy}, DeletableAfter: "deploy", DefinedIn: []string{"org acme"}},
			{Name: "BOT_TOKEN", Kind: inventory.KindPAT, UsedBy: []string{fpLabel}, DeletableAfter: "triage"},
		},
		Slices: []planner.Slice{
			{Name: "triage", Jobs: []string{fpLabel}, Deletable: []string{"BOT_TOKEN"}, Rollback: "restore secrets.BOT_TOKEN"},
			{Name: "release", Jobs: []string{fpRelease}, Rollback: "revert the workflow change"},
			{Name: "deploy", Jobs: []string{fpDeploy}, Deletable: []string{"GH_PAT"}, Rollback: "revert the workflow change"},
		},
		Rollout: []planner.RolloutDay{
			{Day: 1, Title: "Create the Apps", Tasks: []string{"Register release-bot from apps/release-bot.manifest.json", "Install release-bot on acme/app"}},
			{Day: 2, Title: "Migrate triage", Tasks: []string{"Switch acme/app triage.yml label to GITHUB_TOKEN", "Delete BOT_TOKEN"}},
		},
		Errors: []planner.PlanError{{Repo: "acme/infra", File: ".github/workflows/bad.yml", Message: "yaml: line 3: did not find expected key"}},
	}
	return inv, plan
}
