package report

import (
	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/planner"
)

// Rule is one kind of result pat2app reports. Every renderer (SARIF, the
// workbook, the Markdown plan, the terminal) takes its texts from Rules, so a
// finding reads the same wherever it is shown.
type Rule struct {
	// ID is stable: code scanning and baselines key on it.
	ID string
	// Name is a PascalCase name (SARIF reportingDescriptor.name).
	Name string
	// Short is one line: what was found.
	Short string
	// Full says why it matters.
	Full string
	// Help says what to do, in Markdown.
	Help string
	// Level is the SARIF level: error, warning or note.
	Level string
}

// Rule IDs.
const (
	RulePATInWorkflow       = "pat-in-workflow"
	RuleLeakedToken         = "leaked-token"
	RuleGitHubTokenSuffices = "github-token-suffices"
	RuleManualReview        = "manual-review"
)

// Rules lists every rule, in the order renderers show them.
var Rules = []Rule{
	{
		ID:    RuleLeakedToken,
		Name:  "LeakedToken",
		Short: "A literal GitHub token is committed in a workflow file",
		Full: "The file contains a literal GitHub token (ghp_, github_pat_, gho_, ghu_, ghs_ or ghr_). " +
			"Anyone who can read the repository, its forks or its history can use it until it is revoked.",
		Help: "Revoke the token now (the value is in the git history even after the line is removed), " +
			"then replace the use with `${{ github.token }}` and a `permissions:` block, or with a GitHub App " +
			"installation token from `actions/create-github-app-token`.",
		Level: "error",
	},
	{
		ID:    RulePATInWorkflow,
		Name:  "PersonalAccessTokenInWorkflow",
		Short: "A workflow job uses a personal access token",
		Full: "A personal access token acts as the person who created it, on every repository that person can reach, " +
			"usually for a long time. When the person leaves or the token expires, the automation breaks; " +
			"while it lives, any workflow that can read the secret holds that person's access.",
		Help: "Replace the PAT with a GitHub App installation token scoped to the permissions and repositories the job needs " +
			"(`actions/create-github-app-token` with `permission-*` inputs). `pat2app plan` writes the smallest permission set, " +
			"the step to add and the App manifest.",
		Level: "warning",
	},
	{
		ID:    RuleGitHubTokenSuffices,
		Name:  "GitHubTokenSuffices",
		Short: "The built-in GITHUB_TOKEN would do what this PAT is used for",
		Full: "Everything the job does with the personal access token is allowed to the workflow's own GITHUB_TOKEN " +
			"with a `permissions:` block, which expires when the job ends and cannot reach other repositories.",
		Help: "Use `${{ github.token }}` (or `secrets.GITHUB_TOKEN`) instead of the PAT and add the `permissions:` block " +
			"shown in the message to the job. Then delete the secret once no other job uses it.",
		Level: "warning",
	},
	{
		ID:    RuleManualReview,
		Name:  "ManualReview",
		Short: "A job's use of a PAT needs a human to decide",
		Full: "pat2app could not determine everything the job does with the token (a script builds the request, " +
			"the token is passed to code pat2app does not model, or an operation GitHub Apps cannot perform), " +
			"so it cannot propose the smallest permission set on its own.",
		Help: "Read the lines named in the message, decide which permissions the job needs, and record the decision " +
			"in the permissions workbook (Owner, Status, Notes) so the next `pat2app plan --annotations` keeps it.",
		Level: "note",
	},
}

// RuleByID returns the rule with the given ID.
func RuleByID(id string) (Rule, bool) {
	for _, r := range Rules {
		if r.ID == id {
			return r, true
		}
	}
	return Rule{}, false
}

// RuleForFinding says which rule a finding falls under, given its plan job
// (nil when there is no plan). ok is false for findings that are not a
// problem (the built-in token, App tokens, other services' secrets, and
// credentials of unknown use that the plan does not send to review).
func RuleForFinding(f *inventory.Finding, job *planner.Job) (id string, ok bool) {
	if f.Kind == inventory.KindLeakedToken {
		return RuleLeakedToken, true
	}
	if f.Kind == inventory.KindUnknown && job != nil && job.Decision == planner.DecisionManualReview {
		// A secret whose use could not be determined, which the planner
		// could not settle either.
		return RuleManualReview, true
	}
	if f.Kind != inventory.KindPAT {
		return "", false
	}
	if job == nil {
		return RulePATInWorkflow, true
	}
	switch job.Decision {
	case planner.DecisionGitHubToken:
		return RuleGitHubTokenSuffices, true
	case planner.DecisionManualReview:
		return RuleManualReview, true
	default:
		return RulePATInWorkflow, true
	}
}
