package report

import (
	"github.com/pat2app/pat2app/config"
	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/planner"
)

// This file holds pat2app's words for what it reports: every rule, every
// credential kind and every plan decision. The table, SARIF, the workbook,
// the Markdown plan and `check` take their texts here, so a finding reads
// the same wherever it is shown, and docs/rules.md (one section each,
// written from these tables by TestRulesPage) explains them.

// RulesPageURL is the rules page in the repository; each rule, kind,
// decision and review reason has a section, whose address Anchor gives.
const RulesPageURL = "https://github.com/pat2app/pat2app/blob/main/docs/rules.md"

// Rule is one kind of result pat2app reports.
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
	// Before and After show the remediation on a workflow job.
	Before, After string
}

// Heading is the rule's section heading on the rules page.
func (r Rule) Heading() string { return "Rule `" + r.ID + "`" }

// HelpURI is the address of the rule's section on the rules page.
func (r Rule) HelpURI() string { return RulesPageURL + "#" + Anchor(r.Heading()) }

// Rule IDs.
const (
	RulePATInWorkflow       = "pat-in-workflow"
	RuleLeakedToken         = "leaked-token"
	RuleGitHubTokenSuffices = "github-token-suffices"
	RuleManualReview        = "manual-review"
)

// appTokenStep is the step the remediations add: the token step the plan
// writes by default (config's token_step defaults).
const appTokenStep = `      - uses: ` + config.DefaultTokenStepUses + ` # ` + config.DefaultTokenStepVersion + `
        id: ` + planner.TokenStepID + `
        with:
          ` + config.DefaultTokenStepIDInput + `: ${{ vars.ACME_RELEASE_BOT_CLIENT_ID }}
          private-key: ${{ secrets.ACME_RELEASE_BOT_PRIVATE_KEY }}
          permission-contents: write
          permission-pull-requests: write
`

// Remediation examples, each shown by a rule and by the decision that
// gives it.
const (
	tokenBefore = `    steps:
      - run: gh issue edit "$NUMBER" --add-label triaged
        env:
          GH_TOKEN: ${{ secrets.BOT_PAT }}
`
	tokenAfter = `    permissions:
      contents: read
      issues: write
    steps:
      - run: gh issue edit "$NUMBER" --add-label triaged
        env:
          GH_TOKEN: ${{ github.token }}
`
	appBefore = `    steps:
      - uses: peter-evans/create-pull-request@v7
        with:
          token: ${{ secrets.RELEASE_PAT }}
`
	appAfter = `    steps:
` + appTokenStep + `      - uses: peter-evans/create-pull-request@v7
        with:
          token: ${{ steps.app-token.outputs.token }}
`
	reviewBefore = `    steps:
      - run: ./scripts/sync.sh
        env:
          GITHUB_TOKEN: ${{ secrets.SYNC_PAT }}
`
	reviewAfter = `    steps:
      # scripts/sync.sh only reads issues and comments on them (checked by hand)
` + appTokenStep + `      - run: ./scripts/sync.sh
        env:
          GITHUB_TOKEN: ${{ steps.app-token.outputs.token }}
`
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
		Before: `    steps:
      - run: gh release create "$TAG"
        env:
          GH_TOKEN: ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx # a real token in the file
`,
		After: `    permissions:
      contents: write
    steps:
      - run: gh release create "$TAG"
        env:
          GH_TOKEN: ${{ github.token }}
`,
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
		Level:  "warning",
		Before: appBefore,
		After:  appAfter,
	},
	{
		ID:    RuleGitHubTokenSuffices,
		Name:  "GitHubTokenSuffices",
		Short: "The built-in GITHUB_TOKEN would do what this PAT is used for",
		Full: "Everything the job does with the personal access token is allowed to the workflow's own GITHUB_TOKEN " +
			"with a `permissions:` block, which expires when the job ends and cannot reach other repositories.",
		Help: "Use `${{ github.token }}` (or `secrets.GITHUB_TOKEN`) instead of the PAT and add the `permissions:` block " +
			"shown in the message to the job. Then delete the secret once no other job uses it.",
		Level:  "warning",
		Before: tokenBefore,
		After:  tokenAfter,
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
		Level:  "note",
		Before: reviewBefore,
		After:  reviewAfter,
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

// KindText is the words for a credential kind.
type KindText struct {
	Kind inventory.Kind
	// Phrase names the kind in a sentence: "a personal access token".
	Phrase string
	// Means says what pat2app found and how it tells.
	Means string
	// Next says what the plan does with it.
	Next string
}

// Heading is the kind's section heading on the rules page.
func (k KindText) Heading() string { return "Kind `" + string(k.Kind) + "`" }

// Kinds lists every credential kind, in the order reports count them.
var Kinds = []KindText{
	{
		Kind:   inventory.KindPAT,
		Phrase: "a personal access token",
		Means: "A secret the job uses as a GitHub credential (an action's token input, GH_TOKEN for gh, " +
			"an Authorization header to api.github.com, a git URL on github.com) that is neither the " +
			"built-in token nor minted from a GitHub App: a personal access token, classic or fine-grained.",
		Next: "The plan works out what the job does with it and proposes GITHUB_TOKEN or a GitHub App token in its place.",
	},
	{
		Kind:   inventory.KindLeakedToken,
		Phrase: "a GitHub token value written in the file",
		Means:  "A GitHub token value (ghp_, github_pat_, gho_, ghu_, ghs_, ghr_) written in the workflow itself. Outputs show it redacted.",
		Next:   "Revoke it first; the rule `leaked-token` fires on every one.",
	},
	{
		Kind:   inventory.KindGitHubToken,
		Phrase: "the built-in GITHUB_TOKEN",
		Means:  "`github.token` or `secrets.GITHUB_TOKEN`: the token GitHub Actions makes for each job.",
		Next:   "Nothing to migrate; the plan proposes the `permissions:` block that narrows it to what the job does.",
	},
	{
		Kind:   inventory.KindAppToken,
		Phrase: "a GitHub App token",
		Means:  "A token minted from a GitHub App (the output of actions/create-github-app-token or a similar step), or the App key that mints it.",
		Next:   "Already an App; the plan narrows it with `permission-*` inputs.",
	},
	{
		Kind:   inventory.KindNotGitHub,
		Phrase: "a secret for another service",
		Means:  "A secret the job gives to something other than GitHub (npm, PyPI, a cloud, a chat service), by where it goes or, when it goes nowhere visible, by its name. A secret that holds an account's name rather than a credential (`GH_USERNAME`, the user of `curl -u USER:TOKEN`) is one too: there is nothing to migrate.",
		Next:   "Not planned: it is not a GitHub credential.",
	},
	{
		Kind:   inventory.KindUnknown,
		Phrase: "a secret whose use could not be determined",
		Means:  "A credential whose use the file does not show: passed to a reusable workflow of another repository, to every secret (`secrets: inherit`), or an input of a composite action whose callers decide.",
		Next:   "The plan sends it to manual review when the job may use it as a GitHub token.",
	},
}

// KindPhrase names a kind for a sentence: "a personal access token".
func KindPhrase(k inventory.Kind) string {
	for _, t := range Kinds {
		if t.Kind == k {
			return t.Phrase
		}
	}
	return string(k)
}

// DecisionText is the words for a plan decision.
type DecisionText struct {
	Decision planner.Decision
	// Summary says what the decision means, in a count or a list.
	Summary string
	// Advice begins the sentence that tells what to use instead.
	Advice string
	// Means says when the planner decides it.
	Means string
	// Before and After show the change on a job.
	Before, After string
}

// Heading is the decision's section heading on the rules page.
func (d DecisionText) Heading() string { return "Decision `" + string(d.Decision) + "`" }

// Decisions lists every plan decision, in the order reports count them.
var Decisions = []DecisionText{
	{
		Decision: planner.DecisionGitHubToken,
		Summary:  "GITHUB_TOKEN with a permissions: block is enough",
		Advice:   "Use GITHUB_TOKEN",
		Means: "Every operation is on the workflow's own repository, every permission can be granted to GITHUB_TOKEN, " +
			"and nothing needs the job's events to start other workflows (events made with GITHUB_TOKEN start none). " +
			"What starts no workflow whatever the token does not count: a draft release (`draft: true` of a release action; " +
			"GitHub starts no workflow for a draft's events, and its tag is made when someone publishes it), " +
			"and tags and releases when the scan read every workflow of the repository and none runs on them " +
			"(on `push` without branch filters or with tag filters, on `create`, on `release`); " +
			"a release of the tag a workflow that runs only on pushed tags was started for makes no tag event, only a release event.",
		Before: tokenBefore,
		After:  tokenAfter,
	},
	{
		Decision: planner.DecisionGitHubApp,
		Summary:  "needs a GitHub App installation token",
		Advice:   "Use a GitHub App installation token (actions/create-github-app-token)",
		Means: "The job reaches other repositories, needs a permission GITHUB_TOKEN cannot have, or must start other " +
			"workflows. The plan groups such jobs into Apps by trust level and gives each job the token step to add. " +
			"A job that already uses an App's key or token has nothing to migrate: it keeps the App, and when part of what it does " +
			"with the token is not read, the plan says so in a warning and does not narrow the App's permissions.",
		Before: appBefore,
		After:  appAfter,
	},
	{
		Decision: planner.DecisionManualReview,
		Summary:  "needs manual review: a human must look",
		Advice:   "Needs a human look before it can move off the PAT",
		Means: "Part of what the job does with the credential could not be worked out from the file; the plan lists what to " +
			"look at (see the review reasons below) and never guesses the missing permissions.",
		Before: reviewBefore,
		After:  reviewAfter,
	},
	{
		Decision: planner.DecisionNotSupported,
		Summary:  "not supported by GitHub Apps: a fallback is given",
		Advice:   "GitHub Apps cannot do all of this",
		Means: "The job does something no GitHub App installation token can (a user-owned resource, a registry that " +
			"refuses App tokens). The plan says what to keep instead, as narrowly as it can. One such use settles the " +
			"decision even when other parts of the job could not be worked out; those stay listed as review items, for the " +
			"fallback token must cover them too. A job that does it with the built-in token is not moved: GITHUB_TOKEN " +
			"cannot do it either, so it does not work today, and the plan keeps the built-in token for the rest of the " +
			"job with a warning that names the call.",
		Before: `    steps:
      - run: npm publish
        env:
          NODE_AUTH_TOKEN: ${{ secrets.GPR_PAT }} # npm.pkg.github.com
`,
		After: `    permissions:
      packages: write
    steps:
      - run: npm publish
        env:
          NODE_AUTH_TOKEN: ${{ github.token }} # the package grants this repository write access
`,
	},
	{
		Decision: planner.DecisionRemoveReference,
		Summary:  "unused: the reference can go",
		Advice:   "No step of this job receives it: remove the reference",
		Means: "The credential is named only where no program receives its value (an if: condition, a test that it is set): " +
			"nothing in the job uses it, so the job needs no token for it. The reasons say where it is named.",
		Before: `    if: secrets.RELEASE_PAT != ''
    steps:
      - run: make release
`,
		After: `    steps:
      - run: make release
`,
	},
}

// DecisionFor returns the words for a decision; a decision it does not
// know gets its own name as every text.
func DecisionFor(d planner.Decision) DecisionText {
	for _, t := range Decisions {
		if t.Decision == d {
			return t
		}
	}
	return DecisionText{Decision: d, Summary: string(d), Advice: string(d)}
}

// ReviewReason is one family of reasons a job goes to manual review.
type ReviewReason struct {
	Title string
	// Means says what pat2app saw; Todo what the reviewer does.
	Means, Todo string
}

// Heading is the review reason's section heading on the rules page.
func (r ReviewReason) Heading() string { return "Review: " + r.Title }

// ReviewReasons are the families of review items a plan job lists.
var ReviewReasons = []ReviewReason{
	{
		Title: "the credential cannot be identified",
		Means: "The file does not show what the secret is: it goes to a reusable workflow of another repository, to every secret at once, or into a composite action's input.",
		Todo:  "Find the callee or the callers and what they do with it; if it is a PAT, plan that job.",
	},
	{
		Title: "no use of the token was found",
		Means: "The job names the token but no step visibly uses it.",
		Todo:  "Check whether the reference is still needed; delete it (and the secret, if nothing else uses it), or find what uses it unseen.",
	},
	{
		Title: "an action pat2app does not know",
		Means: "The token goes to an action that is not in pat2app's knowledge base, so what it calls is unknown.",
		Todo:  "Read the action's documentation or source for the API calls it makes, then record the permissions in the workbook (or add the action to knowledge/data).",
	},
	{
		Title: "a script or command whose calls are not known",
		Means: "The token reaches a script, an interpreter or a tool whose GitHub API calls cannot be read from the workflow (a script file, node -e, a build tool).",
		Todo:  "Read the code it runs for the API calls and git pushes it makes. For GoReleaser, read its configuration (.goreleaser.yml or the file --config names): each publisher commits to the repository it names with the token its template reads ({{ .Env.NAME }}), or with GITHUB_TOKEN when it names none.",
	},
	{
		Title: "a value chosen at run time",
		Means: "The request's URL, repository or command is built at run time (a variable, an expression pat2app cannot resolve).",
		Todo:  "Work out which repositories and endpoints the values can take.",
	},
}
