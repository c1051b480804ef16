package planner

import (
	"strings"

	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/knowledge"
)

// SchemaVersion is the version of the Plan JSON written by `plan`.
const SchemaVersion = 2

// Decision is what the plan decides for a job.
type Decision string

// Decisions a job can get.
const (
	DecisionGitHubToken  Decision = "github_token"
	DecisionGitHubApp    Decision = "github_app"
	DecisionManualReview Decision = "manual_review"
	DecisionNotSupported Decision = "not_supported"
	// DecisionRemoveReference: nothing in the job receives the
	// credential's value; the reference can go (the evidence says where it
	// is and that no step receives it).
	DecisionRemoveReference Decision = "remove_reference"
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
	// Harden is true when the hardening jobs are in the rollout.
	Harden bool `json:"harden,omitempty"`
	// Errors are the scan's input errors, carried so reports show them.
	Errors []PlanError `json:"errors,omitempty"`
}

// PlanError is an input the scan could not read.
type PlanError struct {
	Repo    string `json:"repo,omitempty"`
	File    string `json:"file,omitempty"`
	Line    int    `json:"line,omitempty"`
	Message string `json:"message"`
}

// Part says which part of the plan a job is in.
type Part string

// Parts of the plan.
const (
	// PartMigration is the migration: personal access tokens, credentials
	// of unknown kind and leaked tokens, moved to GITHUB_TOKEN or an App.
	PartMigration Part = "migration"
	// PartHardening is optional: narrowing the credentials jobs already
	// should use (GITHUB_TOKEN with a permissions: block, an App token
	// with permission-* inputs). It is in the rollout only with --harden.
	PartHardening Part = "hardening"
)

// PartOf says which part of the plan a credential kind belongs to; ""
// for another service's credential, which the plan leaves out.
func PartOf(kind inventory.Kind) Part {
	switch kind {
	case inventory.KindGitHubToken, inventory.KindAppToken:
		return PartHardening
	case inventory.KindNotGitHub:
		return ""
	}
	return PartMigration
}

// Migrates reports whether the job is in the migration part (a plan
// written before jobs said their part: by its kind).
func (j *Job) Migrates() bool {
	if j.Part == "" {
		return PartOf(j.Kind) == PartMigration
	}
	return j.Part == PartMigration
}

// Job is the plan for one finding (job x credential).
type Job struct {
	Fingerprint string         `json:"fingerprint"`
	Repo        string         `json:"repo"`
	File        string         `json:"file"`
	Job         string         `json:"job"`
	Credential  string         `json:"credential"`
	Kind        inventory.Kind `json:"kind"`
	// Part is migration or hardening.
	Part Part `json:"part"`
	// Permissions is GitHub App permission name -> read|write|admin.
	Permissions map[string]string `json:"permissions"`
	// Evidence is "name:access" -> the operations that need it, in line
	// order.
	Evidence            map[string][]PermissionEvidence `json:"evidence"`
	Decision            Decision                        `json:"decision"`
	GitHubTokenSuffices bool                            `json:"github_token_suffices"`
	Reasons             []string                        `json:"reasons"`
	App                 string                          `json:"app,omitempty"`
	// PermissionsBlock is the exact `permissions:` YAML to add (github_token).
	PermissionsBlock string `json:"permissions_block,omitempty"`
	// tokenPerms are what this row needs of GITHUB_TOKEN, and jobInfo the
	// job's own grants; the job's block puts together its rows' needs
	// (jobBlocks).
	tokenPerms knowledge.Permissions
	jobInfo    *inventory.JobInfo
	// NotNarrowed is set when part of what the job does with the token is
	// not read: Permissions are only those seen, and the token is kept as
	// it is (its block or App permissions are not narrowed to them); for
	// the built-in token, another row's block for the job must not narrow
	// what that part may need unseen either.
	NotNarrowed bool `json:"not_narrowed,omitempty"`
	// fallsBack marks a row whose expression falls back to the built-in
	// token (secrets.PAT || secrets.GITHUB_TOKEN): the job runs its uses
	// with GITHUB_TOKEN when the secret is empty, so a block written for
	// the job keeps what they need while the expression stays.
	fallsBack bool
	// Snippet is the create-github-app-token step (github_app).
	Snippet string `json:"snippet,omitempty"`
	// Replace lists the references to replace ("secrets.GH_PAT -> steps.app-token.outputs.token").
	Replace []string `json:"replace,omitempty"`
	// Fallback is what to do when GitHub Apps cannot (not_supported).
	Fallback string `json:"fallback,omitempty"`
	// OfflineOnly marks a manual_review job whose every review item is an
	// action or reusable workflow the scan did not read because it was
	// offline (inventory.NotReadOffline): scanning with --online, or the
	// organisation, reads them and may decide the job.
	OfflineOnly bool `json:"offline_only,omitempty"`
	// Review names what a human must look at (manual_review), each item at
	// its line when it has one.
	Review   []inventory.Evidence `json:"review,omitempty"`
	Warnings []string             `json:"warnings,omitempty"`
	// Calls are the jobs of a reusable workflow of the same repository
	// that use what this job passes them, by fingerprint; CalledBy are the
	// jobs that pass a callee its credential. A caller's operations are its
	// callees', so reports count them once, in the callees.
	Calls    []string `json:"calls,omitempty"`
	CalledBy []string `json:"called_by,omitempty"`
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

	// ownRepo is false when every operation of the job names its
	// repositories and none is the workflow's own: the token step then
	// need not reach the own repository.
	ownRepo bool
	// resourceAccounts are the accounts whose organisation-level resources
	// the job works on (resourceAccount): a Project, teams, members.
	resourceAccounts []string
	// writesOwnRepo is set when an operation writes to the workflow's
	// own repository (a repository permission at write).
	writesOwnRepo bool
	// writtenAccounts are the accounts whose repositories the job writes
	// to (lower case): the token is minted for the one there is.
	writtenAccounts []string
}

// Matches reports whether ref names the job: its fingerprint, or
// repo:file:job (owner/name:.github/workflows/x.yml:job), which names the
// job with each credential it uses.
func (j *Job) Matches(ref string) bool {
	ref = strings.TrimSpace(ref)
	return ref != "" && (j.Fingerprint == ref || j.Repo+":"+j.File+":"+j.Job == ref)
}

// ReviewText renders the job's review items, one string each ("line 12:
// curl ... (the URL is built at run time)").
func (j *Job) ReviewText() []string {
	return evidenceTexts(j.Review)
}

// evidenceTexts is each item of es as text, in order.
func evidenceTexts(es []inventory.Evidence) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = e.String()
	}
	return out
}

// PermissionEvidence is one operation that needs a permission: where it is
// and what it is. Needs is the access the operation itself needs when it is
// lower than the access granted (another operation needs more).
type PermissionEvidence struct {
	inventory.Evidence
	Needs string `json:"needs,omitempty"`
}

// String renders the evidence as "line 12: text", with " (needs read)" when
// the operation needs less than is granted.
func (e PermissionEvidence) String() string {
	s := e.Evidence.String()
	if e.Needs != "" {
		s += " (needs " + e.Needs + ")"
	}
	return s
}

// App is a proposed GitHub App.
type App struct {
	Name string `json:"name"`
	// Account is the organisation (or user) the App is registered on and
	// installed on: a private App installs only on its own account.
	Account    string `json:"account,omitempty"`
	TrustLevel string `json:"trust_level"`
	// Variable and Secret are the Actions variable that holds the App's
	// client ID (or App ID, as the token step's id input says) and the
	// secret that holds its private key, as the token step reads them.
	Variable     string            `json:"variable"`
	Secret       string            `json:"secret"`
	Permissions  map[string]string `json:"permissions"`
	Repositories []string          `json:"repositories"`
	Jobs         []string          `json:"jobs"`
	// Manifest is the GitHub App manifest (default_permissions, hook inactive, public false).
	Manifest map[string]any `json:"manifest"`
}

// SecretPlan is one secret the migration's jobs read and when it can be
// deleted.
type SecretPlan struct {
	Name string `json:"name"`
	// Kind is pat when a job uses it as a GitHub personal access token,
	// unknown when no job shows what it is.
	Kind   inventory.Kind `json:"kind,omitempty"`
	UsedBy []string       `json:"used_by"`
	// Deletion says when it can be deleted; AfterSlice names the slice
	// after whose migration it can (DeletionAfterSlice,
	// DeletionUnverified).
	Deletion   Deletion `json:"deletion,omitempty"`
	AfterSlice string   `json:"after_slice,omitempty"`
	// DeletableAfter says the same for people: "release", "day 1
	// (unused)", "not yet: still needed by ...".
	DeletableAfter string `json:"deletable_after"`
	// KeptBy says what keeps a blocked secret: each job that still needs
	// it, and why.
	KeptBy []string `json:"kept_by,omitempty"`
	// DefinedIn lists where an organisation scan found it defined (a
	// repository, an environment, the organisation); empty when the scan
	// could not see secrets.
	DefinedIn []string `json:"defined_in,omitempty"`
}

// Deletion says when a PAT secret can be deleted.
type Deletion string

// When secrets can be deleted.
const (
	// DeletionUnused: an organisation scan found it defined and nothing
	// uses it; it can go on day 1.
	DeletionUnused Deletion = "unused"
	// DeletionAfterSlice: it is a stored secret (the organisation scan
	// found it) and the slice that migrates its last use, to a decision
	// that covers what the job does, is done.
	DeletionAfterSlice Deletion = "after_slice"
	// DeletionUnverified: every use is migrated after the slice, but the
	// scan could not see which secrets exist (a local scan): delete it
	// then if it is a repository or organisation secret.
	DeletionUnverified Deletion = "unverified"
	// DeletionNotFound: an organisation scan found no secret of this name
	// where its jobs run: there is nothing to delete.
	DeletionNotFound Deletion = "not_found"
	// DeletionBlocked: a use is not migrated (manual review, not
	// supported, kept on purpose) or its planned token cannot do all the
	// job does; KeptBy says which.
	DeletionBlocked Deletion = "blocked"
)

// Deletable reports whether the secret can be deleted once its slice is
// done (or now): nothing keeps it and the scan did not find it missing.
func (s *SecretPlan) Deletable() bool {
	switch s.Deletion {
	case DeletionUnused, DeletionAfterSlice, DeletionUnverified:
		return true
	}
	return false
}

// HardeningSlice is the name of the slice that holds the hardening jobs
// when the plan includes them (--harden).
const HardeningSlice = "github-token-hardening"

// Slice is one workflow family migrated together.
type Slice struct {
	Name      string   `json:"name"`
	Jobs      []string `json:"jobs"`
	Deletable []string `json:"deletable_secrets"`
	Rollback  string   `json:"rollback"`
	// Day is the rollout day the slice is migrated on (3 or 4; the
	// hardening slice is on day 4).
	Day int `json:"day,omitempty"`
}

// RolloutDay is one day of the 7-day rollout.
type RolloutDay struct {
	Day   int      `json:"day"`
	Title string   `json:"title"`
	Tasks []string `json:"tasks"`
}
