package planner

// SchemaVersion is the version of the Plan JSON written by `plan`.
const SchemaVersion = 1

// Decisions a job can get.
const (
	DecisionGitHubToken  = "github_token"
	DecisionGitHubApp    = "github_app"
	DecisionManualReview = "manual_review"
	DecisionNotSupported = "not_supported"
)

// Plan is the planner's output (`plan --format json`, plan.json).
type Plan struct {
	SchemaVersion int          `json:"schema_version"`
	Complete      bool         `json:"complete"`
	Jobs          []Job        `json:"jobs"`
	Apps          []App        `json:"apps"`
	Secrets       []SecretPlan `json:"secrets"`
	Slices        []Slice      `json:"slices"`
	Rollout       []RolloutDay `json:"rollout"`
	// Errors are the scan's input errors, carried so reports show them.
	Errors []PlanError `json:"errors,omitempty"`
}

// PlanError is an input the scan could not read.
type PlanError struct {
	Repo    string `json:"repo,omitempty"`
	File    string `json:"file,omitempty"`
	Message string `json:"message"`
}

// Job is the plan for one finding (job x credential).
type Job struct {
	Fingerprint string `json:"fingerprint"`
	Repo        string `json:"repo"`
	File        string `json:"file"`
	Job         string `json:"job"`
	Credential  string `json:"credential"`
	Kind        string `json:"kind"`
	// Permissions is GitHub App permission name -> read|write|admin.
	Permissions map[string]string `json:"permissions"`
	// Evidence is "name:access" -> lines that justify it ("line 41: ...").
	Evidence            map[string][]string `json:"evidence"`
	Decision            string              `json:"decision"`
	GitHubTokenSuffices bool                `json:"github_token_suffices"`
	Reasons             []string            `json:"reasons"`
	App                 string              `json:"app,omitempty"`
	// PermissionsBlock is the exact `permissions:` YAML to add (github_token).
	PermissionsBlock string `json:"permissions_block,omitempty"`
	// Snippet is the create-github-app-token step (github_app).
	Snippet string `json:"snippet,omitempty"`
	// Replace lists the references to replace ("secrets.GH_PAT -> steps.app-token.outputs.token").
	Replace []string `json:"replace,omitempty"`
	// Fallback is what to do when GitHub Apps cannot (not_supported).
	Fallback string `json:"fallback,omitempty"`
	// Review names what a human must look at (manual_review).
	Review   []string `json:"review,omitempty"`
	Warnings []string `json:"warnings,omitempty"`
	// Family is the workflow family (release, triage, dependency-updates, deploy, ...).
	Family      string   `json:"family,omitempty"`
	CrossRepo   bool     `json:"cross_repo"`
	TargetRepos []string `json:"target_repos,omitempty"`
	Lines       []int    `json:"lines,omitempty"`
	Confidence  string   `json:"confidence,omitempty"`
	// Annotations carried from an edited workbook (report round trip).
	Owner            string `json:"owner,omitempty"`
	BusinessCritical bool   `json:"business_critical,omitempty"`
	Status           string `json:"status,omitempty"`
	Notes            string `json:"notes,omitempty"`
}

// App is a proposed GitHub App.
type App struct {
	Name         string            `json:"name"`
	TrustLevel   string            `json:"trust_level"`
	Permissions  map[string]string `json:"permissions"`
	Repositories []string          `json:"repositories"`
	Jobs         []string          `json:"jobs"`
	// Manifest is the GitHub App manifest (default_permissions, hook inactive, public false).
	Manifest map[string]any `json:"manifest"`
}

// SecretPlan is one PAT secret and when it can be deleted.
type SecretPlan struct {
	Name           string   `json:"name"`
	UsedBy         []string `json:"used_by"`
	DeletableAfter string   `json:"deletable_after"`
	DefinedIn      []string `json:"defined_in,omitempty"`
	// NeededBy are the jobs of UsedBy that keep the secret in use after
	// the rollout (kept by their owner, or in no slice): DeletableAfter
	// names each of them.
	NeededBy []string `json:"needed_by,omitempty"`
}

// Slice is one workflow family migrated together.
type Slice struct {
	Name      string   `json:"name"`
	Jobs      []string `json:"jobs"`
	Deletable []string `json:"deletable_secrets"`
	Rollback  string   `json:"rollback"`
}

// RolloutDay is one day of the 7-day rollout.
type RolloutDay struct {
	Day   int      `json:"day"`
	Title string   `json:"title"`
	Tasks []string `json:"tasks"`
}
