// Package inventory holds the data the scanner produces and every later
// stage (planner, report, check) consumes: findings of credentials in
// workflows, what each job does with them, and the inputs that could not be
// read. It is a leaf package: it imports nothing from the project.
package inventory

import (
	"strconv"
	"strings"
)

// SchemaVersion is the version of the Inventory JSON written by `scan`.
const SchemaVersion = 2

// InheritCredential is the credential of a finding for a job that passes
// every secret to a reusable workflow (`secrets: inherit`).
const InheritCredential = "secrets: inherit"

// Kind classifies a credential reference.
type Kind string

// Kinds of credential, as in the SPEC's Inventory JSON.
const (
	KindPAT         Kind = "pat"
	KindGitHubToken Kind = "github_token"
	KindAppToken    Kind = "app_token"
	KindNotGitHub   Kind = "not_github"
	KindUnknown     Kind = "unknown"
	KindLeakedToken Kind = "leaked_token"
)

// Confidence levels of a finding's kind.
const (
	ConfidenceHigh   = "high"
	ConfidenceMedium = "medium"
	ConfidenceLow    = "low"
)

// Inventory is the result of a scan (`scan --format json`).
type Inventory struct {
	SchemaVersion int          `json:"schema_version"`
	Complete      bool         `json:"complete"`
	Findings      []Finding    `json:"findings"`
	Errors        []InputError `json:"errors"`
	// Repos lists every repository that was scanned, read or not, so that
	// reports can count them and nothing is lost silently.
	Repos []RepoSummary `json:"repos,omitempty"`
	// Secrets is the secrets and token inventory of an API scan (names only).
	Secrets *SecretInventory `json:"secrets,omitempty"`
}

// RepoSummary says what was read of one repository.
type RepoSummary struct {
	Name      string   `json:"name"`
	Workflows []string `json:"workflows"`
	// DefaultBranch is the ref used for links, when known.
	DefaultBranch string `json:"default_branch,omitempty"`
	// URL is the repository's web address when known (for links).
	URL string `json:"url,omitempty"`
	// Visibility is public, private or internal when the scan knows it
	// (an organisation scan); empty for a local scan.
	Visibility string `json:"visibility,omitempty"`
}

// Finding is one (file, job, credential expression) and everything the job
// does with that credential.
type Finding struct {
	Fingerprint string       `json:"fingerprint"`
	Repo        string       `json:"repo"`
	File        string       `json:"file"`
	Job         string       `json:"job"`
	Credential  string       `json:"credential"`
	Kind        Kind         `json:"kind"`
	Confidence  string       `json:"confidence"`
	Lines       []int        `json:"lines"`
	Uses        []Use        `json:"uses"`
	Operations  []Operation  `json:"operations"`
	Unresolved  []Unresolved `json:"unresolved"`
	CrossRepo   bool         `json:"cross_repo"`
	TargetRepos []string     `json:"target_repos"`

	// Expressions are the whole expressions the credential stands in when
	// they name more than one credential, e.g. the fallback
	// "secrets.PAT || github.token" (each credential is its own finding).
	Expressions []string `json:"expressions,omitempty"`
	// FallbackLines are, for the built-in token, the lines of the file
	// where it is only another credential's fallback (secrets.PAT ||
	// secrets.GITHUB_TOKEN): that credential's finding plans what is done
	// there, and the job runs with the built-in token there only when
	// the other is empty.
	FallbackLines []int `json:"fallback_lines,omitempty"`
	// BuiltinFallbackLines are, for another credential, the lines where
	// it stands in a chain of references whose last is the built-in
	// token (secrets.PAT || github.token, by the expression's syntax
	// tree; a condition's branch such as c && secrets.PAT || github.token
	// is no such chain): there the job runs with the built-in token when
	// the credential is empty.
	BuiltinFallbackLines []int `json:"builtin_fallback_lines,omitempty"`
	// Reason says in one sentence why the kind was chosen.
	Reason string `json:"reason,omitempty"`
	// AppKey marks an app_token finding that is a GitHub App's private
	// key or ID given to a token-minting action (a secret, or a value a
	// step read from a secret store), not a token: the permissions belong
	// to the token it mints.
	AppKey bool `json:"app_key,omitempty"`
	// AgentMentions are the lines of the steps using the credential whose
	// scripts write a mention of an agent that acts only on mentions a
	// person wrote (knowledge/data/mention-agents.tsv: @codex): what the
	// job posts with it must come from a person's account.
	AgentMentions []Evidence `json:"agent_mentions,omitempty"`
	// JobInfo carries facts about the job the planner needs.
	JobInfo *JobInfo `json:"job_info,omitempty"`
	// EnvRead is true for a credential of the job's or workflow's env
	// when every step was accounted for: each script read to its end with
	// every program it runs known (knowledge/data/tools.tsv) or read, each
	// action known; no step may use it unseen.
	EnvRead bool `json:"env_read,omitempty"`
	// HandedOn says where a script wrote the credential's value, or a
	// value made from it (jq '[range(length)]'), to $GITHUB_OUTPUT or
	// $GITHUB_ENV ("line 75: $GITHUB_OUTPUT indices"): later steps or jobs
	// may depend on it, so the reference is not unused.
	HandedOn string `json:"handed_on,omitempty"`
}

// ActorGate is a job's condition that runs it only for named accounts
// (JobInfo.ActorGates).
type ActorGate struct {
	// Condition is the job's if:, with the job's name and line.
	Condition string `json:"condition"`
	// Accounts are the literal names it compares the actor or commit
	// author with (emscripten-bot, github-actions[bot]).
	Accounts []string `json:"accounts"`
}

// JobInfo is what the planner needs to know about the job a finding is in.
type JobInfo struct {
	// Generated says what to change instead of the file when a tool
	// generated it (a gh-aw lock file: its .md, then `gh aw compile`);
	// fix never edits such a file.
	Generated string `json:"generated,omitempty"`
	// TimeoutMinutes is the job's timeout-minutes, 0 when not set.
	TimeoutMinutes int `json:"timeout_minutes,omitempty"`
	// HasLoops is true when a run script of the job loops (for, while).
	HasLoops bool `json:"has_loops,omitempty"`
	// Triggers are the workflow's `on:` events.
	Triggers []string `json:"triggers,omitempty"`
	// Subject is "pull_request" or "issue" when the job's if: keeps an
	// event shared by issues and pull requests (issue_comment) to one of
	// them (github.event.issue.pull_request); "" otherwise.
	Subject string `json:"subject,omitempty"`
	// Line is the line of the job's id.
	Line int `json:"line,omitempty"`
	// RunConditions are the lines of the job's and its steps' if:
	// conditions that can decide differently on a fork's pull request
	// than on the repository's own runs (they read the event, the ref,
	// the actor, secrets, env or step outputs), and of the env values,
	// inputs and scripts that read the event, the ref or the actor.
	RunConditions []int `json:"run_conditions,omitempty"`
	// Permissions is the job's (or workflow's) current permissions: block,
	// as scope -> access ("write-all"/"read-all" under key "*").
	Permissions map[string]string `json:"permissions,omitempty"`
	// DefaultTokenNeeds is what the job's steps that use the workflow's
	// token without naming it need (App permission -> access): actions
	// with a row whose token input the step leaves to its default
	// (dorny/test-reporter creates a check run). A permissions: block
	// written for a job that has none must keep them.
	DefaultTokenNeeds map[string]string `json:"default_token_needs,omitempty"`
	// DefaultTokenSteps names those steps ("line 155: dorny/test-reporter").
	DefaultTokenSteps []string `json:"default_token_steps,omitempty"`
	// PushWithoutCredential is the first git push to GitHub over HTTPS in
	// the job that no credential the scan sees reaches (a checkout made
	// with persist-credentials: false): it fails today, or uses one set up
	// out of view.
	PushWithoutCredential string `json:"push_without_credential,omitempty"`
	// StepAllowlist names a step whose action accepts the job only when
	// every step uses one of a list of actions (Scorecard publishing its
	// results): a step added to mint an App token breaks it.
	StepAllowlist string `json:"step_allowlist,omitempty"`
	// DependabotActions is, for a job that handles a dependency bot's pull
	// requests (it runs dependabot/fetch-metadata, or its if: names
	// dependabot[bot] or renovate[bot]), where that bot's configuration
	// updates GitHub Actions (".github/dependabot.yml:22", "renovate.json:1"):
	// those pull requests change .github/workflows.
	DependabotActions string `json:"dependabot_actions,omitempty"`
	// AnyAuthorBotActions is, for a job that names no pull request
	// author, where the repository's dependency bot configuration updates
	// GitHub Actions: a merge action of the job (one that merges pull
	// requests by label or rule) merges those bots' pull requests too.
	AnyAuthorBotActions string `json:"any_author_bot_actions,omitempty"`
	// MergesAnyAuthor is set for a job that names no pull request author
	// and merges (or enables auto-merge of) pull requests by label, rule
	// or the event's: it merges whoever's pull requests, those another
	// workflow of the repository opens included.
	MergesAnyAuthor bool `json:"merges_any_author,omitempty"`
	// TagRunsOnly is true when the workflow runs only when a tag is pushed
	// (on: push with tag filters and no branch filters): its runs'
	// github.ref is a tag that already exists.
	TagRunsOnly bool `json:"tag_runs_only,omitempty"`
	// WorkflowsRead is true when the scan read every workflow of the
	// repository (a checkout or an organisation scan, every file parsed),
	// so that Listeners is complete.
	WorkflowsRead bool `json:"workflows_read,omitempty"`
	// Listeners names, by event ("tag": pushed or created tags, "release"),
	// the repository's workflows that run on it ("release.yml (on push)").
	Listeners map[string][]string `json:"listeners,omitempty"`
	// ActorGates gives, for a listener of Listeners with a job that runs
	// only when the event's actor or pushed commit's author is a named
	// account (an if: comparing github.actor or head_commit.author with a
	// literal), that job's condition and line: a token of another identity
	// makes events it skips.
	ActorGates map[string]ActorGate `json:"actor_gates,omitempty"`
	// CalledOnly is true for a job of a workflow that runs only on
	// workflow_call: its events are made in its callers' repositories,
	// which may be others than this one. Listeners (this repository's)
	// then say who hears them here, never that no one does.
	CalledOnly bool `json:"called_only,omitempty"`
	// BranchFilters gives, for a listener of Listeners that runs on push
	// with branch filters ("ci.yml (on push)"), those filters: a push to a
	// branch they do not match starts no run of it. A listener without an
	// entry runs on every pushed branch.
	BranchFilters map[string]BranchFilter `json:"branch_filters,omitempty"`
	// TagFilters gives, for a listener of Listeners' tags that runs on
	// push with tag filters ("release.yml (on push)"), those filters: a
	// tag they do not match starts no run of it. A listener without an
	// entry runs on every pushed tag.
	TagFilters map[string]TagFilter `json:"tag_filters,omitempty"`
}

// MatrixImages starts what a docker push's path says of the ghcr.io
// images the job's matrix names, when the step's own image names are made
// at run time: possible targets, not certain ones.
const MatrixImages = " (the job's matrix names "

// BranchFilter is a push trigger's branches and branches-ignore patterns,
// as the workflow writes them.
type BranchFilter struct {
	Branches       []string `json:"branches,omitempty"`
	BranchesIgnore []string `json:"branches_ignore,omitempty"`
}

// TagFilter is a push trigger's tags and tags-ignore patterns, as the
// workflow writes them.
type TagFilter struct {
	Tags       []string `json:"tags,omitempty"`
	TagsIgnore []string `json:"tags_ignore,omitempty"`
}

// Via is how a credential reaches what uses it.
type Via string

// The ways a credential reaches its consumer.
const (
	ViaInput                Via = "input"                 // an action's with: input
	ViaEnv                  Via = "env"                   // an environment variable
	ViaArg                  Via = "arg"                   // a command argument
	ViaHeader               Via = "header"                // an HTTP header or -u user:password
	ViaURL                  Via = "url"                   // embedded in a URL
	ViaGitConfig            Via = "git-config"            // git config, .git-credentials, .netrc
	ViaStdin                Via = "stdin"                 // piped to the command
	ViaConfig               Via = "config"                // written into .npmrc or npm config
	ViaPersisted            Via = "persisted"             // a git command with actions/checkout's persisted credential
	ViaStored               Via = "stored"                // saved by an earlier login (docker, gh, npm)
	ViaCheckoutPersisted    Via = "checkout-persisted"    // an action run after actions/checkout persisted it
	ViaReusableWorkflow     Via = "reusable-workflow"     // passed to a reusable workflow
	ViaContainerCredentials Via = "container-credentials" // a job container's or service's registry login
	ViaScriptClient         Via = "script-client"         // an Octokit client github-script code makes
	ViaLiteral              Via = "literal"               // written in the file
	ViaExpression           Via = "expression"            // another expression (a step name)
)

// Evidence is where something shows in the workflow: a line and its text.
// File (and Repo) are set when the line is in another file than the
// finding's: a called workflow or a local action.
type Evidence struct {
	Repo string `json:"repo,omitempty"`
	File string `json:"file,omitempty"`
	Line int    `json:"line"`
	Text string `json:"text"`
}

// Located is the text, preceded by its file and line when it is in another
// file than the finding's ("acme/tools:.github/workflows/release.yml:12:
// git push").
func (e Evidence) Located() string {
	if e.File == "" {
		return e.Text
	}
	where := e.File + ":" + strconv.Itoa(e.Line) + ": "
	if e.Repo != "" {
		where = e.Repo + ":" + where
	}
	return where + e.Text
}

// String renders the evidence as "line 12: text", as Located when it is in
// another file, and as the text alone when the line is not known.
func (e Evidence) String() string {
	if e.Line > 0 && e.File == "" {
		return "line " + strconv.Itoa(e.Line) + ": " + e.Text
	}
	return e.Located()
}

// Subject names what a use, operation or unresolved entry is about, one
// typed field per kind of consumer; the fields that do not apply are empty.
type Subject struct {
	// Action is the action a credential is given to (owner/repo[/path] as
	// knowledge/data/actions.tsv names it, lower case, or ./local/path).
	Action string `json:"action,omitempty"`
	// Input is the action's input, or the environment variable, that holds
	// the credential.
	Input string `json:"input,omitempty"`
	// Command is the command-line tool run (gh, git, curl, goreleaser).
	Command string `json:"command,omitempty"`
	// Script is the script or build target run ("./scripts/release.sh",
	// "make release", "npm release").
	Script string `json:"script,omitempty"`
	// Workflow is the reusable workflow called (its uses: value) and Secret
	// the name it receives the credential as.
	Workflow string `json:"workflow,omitempty"`
	Secret   string `json:"secret,omitempty"`
}

// Use is one place a credential flows to.
type Use struct {
	Line int    `json:"line"`
	Step string `json:"step,omitempty"`
	// Via is how it gets there.
	Via Via `json:"via"`
	// Target names the consumer for people: "peter-evans/create-pull-request
	// token", "gh pr create", "curl api.github.com", "git push".
	Target string `json:"target"`
	Subject
}

// OpKind says what an operation is.
type OpKind string

// Operation kinds.
const (
	OpREST    OpKind = "rest"    // Method + Path is a REST endpoint
	OpGraphQL OpKind = "graphql" // Name is the top-level query or mutation field
	OpGit     OpKind = "git"     // Name is push, clone, fetch, pull, ls-remote
	OpGH      OpKind = "gh"      // Name is the gh command form ("gh pr create")
	OpAction  OpKind = "action"  // Action (and Name) is the action (owner/repo[/path])
	OpDocker  OpKind = "docker"  // Name is login/push/pull on ghcr.io
	OpPackage OpKind = "package" // Name is the registry use (npm publish ...)
	// OpGhAW is what a gh-aw compiled workflow has its runtime do with the
	// token: Name is "safe output TYPE" (a safe output it applies),
	// "toolset NAME read|write" (a GitHub MCP server toolset it loads) or
	// "runtime script NAME" (a script of its runtime whose calls are
	// operations of their own).
	OpGhAW OpKind = "gh-aw"
)

// Operation is one thing done with a credential. REST operations have Method
// and Path; other kinds say what in Name and put a readable form in Method
// and Path too (Method GRAPHQL/GIT/GH/ACTION/DOCKER/PACKAGE).
type Operation struct {
	Kind   OpKind `json:"kind"`
	Method string `json:"method"`
	Path   string `json:"path"`
	Name   string `json:"name,omitempty"`
	Subject
	// Inputs are an action step's literal inputs (those that change what
	// the action does: a target repository, reactions only, a plugin);
	// never credentials.
	Inputs map[string]string `json:"inputs,omitempty"`
	// Args are the arguments of a gh command, after "gh".
	Args []string `json:"args,omitempty"`
	// Mutation is true for a GraphQL mutation, Fields the child fields a
	// GraphQL query selects.
	Mutation bool     `json:"mutation,omitempty"`
	Fields   []string `json:"fields,omitempty"`
	// Params are, for a REST call, the body parameters given that change
	// what it needs or does ("team_reviewers"; StateParam's "state=closed",
	// "state=open", or "state" for a value known only at run time).
	Params []string `json:"params,omitempty"`
	// Nested are, for a GraphQL operation, the fields selected below
	// Fields, at any depth ("closingIssuesReferences", "... on Issue").
	Nested []string `json:"nested,omitempty"`
	// Writes is true when the operation changes something (a push, a
	// publish, a REST call other than GET, a mutation).
	Writes bool `json:"writes,omitempty"`
	// TouchesWorkflows is true when what it writes can change files under
	// .github/workflows (a push of those files, a contents write there, a
	// push of commits that hold changes the job did not write: a merged
	// branch, a patch, a generator's output); WorkflowsBecause says why
	// when the operation's own text does not.
	TouchesWorkflows bool   `json:"touches_workflows,omitempty"`
	WorkflowsBecause string `json:"workflows_because,omitempty"`
	// TagsOnly is true for a git push that sends tags and no branch, and
	// for a REST call that creates or moves a tag and no branch
	// (git.createRef given refs/tags/NAME).
	TagsOnly bool `json:"tags_only,omitempty"`
	// Branch is, for a git push of one branch and no tags, the branch its
	// refspec names literally.
	Branch string `json:"branch,omitempty"`
	// Wiki is true for a git operation on a repository's wiki (the git
	// repository OWNER/NAME.wiki): Repos names OWNER/NAME, whose contents
	// permission covers its wiki; a push to it makes gollum events.
	Wiki bool `json:"wiki,omitempty"`
	// SkipsCI says, for a git push of branches only, why the commit it
	// pushes starts no push or pull_request workflow: its message holds
	// [skip ci], [ci skip], [no ci], [skip actions] or [actions skip].
	SkipsCI string `json:"skips_ci,omitempty"`
	// PRHead says why a push may go to a pull request's head branch,
	// which is in the contributor's fork when the pull request comes from
	// one (the step that names the head repository, or gh pr checkout).
	PRHead string `json:"pr_head,omitempty"`
	// HeadPushed is, for gh pr create without --head, the git push earlier
	// in the same script that set the branch's upstream: gh pushes
	// nothing then.
	HeadPushed string `json:"head_pushed,omitempty"`
	// ReleaseOfHead is true for a release made of the tag that points at
	// the commit the job builds (GoReleaser releases that tag and never
	// makes one): in a workflow that runs only on pushed tags, that tag
	// exists, so the release makes no tag event.
	ReleaseOfHead bool `json:"release_of_head,omitempty"`
	// StartsWorkflows names the repository's workflows that run on the
	// events the operation makes (a label added where a workflow runs on
	// labeled), which events made with GITHUB_TOKEN do not start.
	StartsWorkflows string `json:"starts_workflows,omitempty"`
	// Repos are the concrete target repositories (owner/name, or
	// {owner}/name for the scanned owner) when known.
	Repos    []string `json:"repos,omitempty"`
	Evidence Evidence `json:"evidence"`
}

// Unresolved is a use of the credential that could not be turned into an
// operation.
type Unresolved struct {
	Evidence Evidence `json:"evidence"`
	// Reason says what was not understood.
	Reason string `json:"reason,omitempty"`
	// ByDefault marks, on a finding of the workflow's own token, an
	// action not read that may take that token by an input's default:
	// what it does concerns the token's permissions block, not a token
	// that replaces the references the job writes.
	ByDefault bool `json:"by_default,omitempty"`
	Subject
}

// InputError is an input that could not be read, fully or in part.
type InputError struct {
	Repo    string `json:"repo,omitempty"`
	File    string `json:"file,omitempty"`
	Line    int    `json:"line,omitempty"`
	Message string `json:"message"`
}

// SecretInventory is what an API scan learns about secrets and tokens.
type SecretInventory struct {
	Secrets []Secret `json:"secrets"`
	// Tokens are fine-grained PATs and SSO credential authorizations.
	Tokens []Token `json:"tokens,omitempty"`
	// Notes say what could not be read and which permission would unlock it.
	Notes []string `json:"notes,omitempty"`
	// NotListed are repositories whose own and environment secrets were
	// not listed because the plan needs none of them (a note says why).
	NotListed []string `json:"not_listed,omitempty"`
}

// Secret is one defined Actions secret (name only, never a value).
type Secret struct {
	Name string `json:"name"`
	// Scope is org, repo or environment.
	Scope       string   `json:"scope"`
	Repo        string   `json:"repo,omitempty"`
	Environment string   `json:"environment,omitempty"`
	Visibility  string   `json:"visibility,omitempty"`
	Repos       []string `json:"repos,omitempty"`
	// Status: used, unused (deletion candidate), broken (referenced, not
	// defined; on pseudo entries), over_shared (org secret visible to repos
	// that never use it).
	Status   string   `json:"status,omitempty"`
	UnusedIn []string `json:"unused_in,omitempty"`
}

// Token is one fine-grained PAT or SSO credential authorization (metadata only).
type Token struct {
	Source      string            `json:"source"` // fine_grained_pat, credential_authorization
	Owner       string            `json:"owner"`
	Name        string            `json:"name,omitempty"`
	Expires     string            `json:"expires,omitempty"`
	LastUsed    string            `json:"last_used,omitempty"`
	Scopes      []string          `json:"scopes,omitempty"`
	Permissions map[string]string `json:"permissions,omitempty"`
	Repos       []string          `json:"repos,omitempty"`
}

// Label is how every output names an operation, in one short line:
// "POST /repos/{owner}/{repo}/pulls", "graphql createPullRequest",
// "git push", "gh pr create", "run peter-evans/create-pull-request",
// "docker push ghcr.io".
func (op Operation) Label() string {
	var what string
	switch op.Kind {
	case OpREST:
		what = op.Method + " " + op.Path
	case OpGraphQL:
		what = "graphql " + op.Name
	case OpGit:
		what = "git " + op.Name
	case OpGH:
		what = op.Name
	case OpAction:
		name := op.Action
		if name == "" {
			name = op.Name
		}
		what = "run " + name
	case OpDocker:
		what = "docker " + op.Name
	default:
		if op.Name != "" {
			what = string(op.Kind) + " " + op.Name
		}
	}
	if strings.TrimSpace(what) == "" || strings.HasSuffix(what, " ") {
		what = op.Method + " " + op.Path
	}
	return strings.TrimSpace(what)
}

// NotReadOffline is the phrase an unresolved entry's reason holds when
// the action or reusable workflow it names was not read because the scan
// was offline ("action not read (offline): ..."): an online or an
// organisation scan reads it at its pinned ref. The planner counts the
// jobs in review only for such entries by it.
const NotReadOffline = "not read (offline)"

// RunTimeRepo is how a target repository named by a value known only at
// run time is written in TargetRepos: "run-time:" and the value as the
// readers show it (a shell variable in braces, an expression's body),
// "run-time:{GH_REPO}". It is no owner/name, so nothing plans a token
// for it; the planner warns that the token step must name it and fix
// leaves the job.
func RunTimeRepo(value string) string {
	return runTimePrefix + value
}

const runTimePrefix = "run-time:"

// IsRunTimeRepo reports a target written by RunTimeRepo.
func IsRunTimeRepo(s string) bool {
	return strings.HasPrefix(s, runTimePrefix)
}

// StateParam is the Params entry of a REST call that gives an issue or a
// pull request a state: "state=" and the value ("closed", "open"), or
// "state" when the value is known only at run time (v "*" or empty).
func StateParam(v string) string {
	if v == "" || v == "*" {
		return "state"
	}
	return "state=" + v
}

// OtherItemParam is the Params entry of a REST call whose issue_number
// is not the number of the event's issue or pull request: the item may be
// either, whatever the workflow runs on.
const OtherItemParam = "other_item"

// RESTParams is the Params of a REST call that names team reviewers
// ("team_reviewers"), gives a state (StateParam; state "" gives none) or
// works on an issue or pull request other than the event's
// (OtherItemParam).
func RESTParams(teamReviewers bool, state string, otherItem bool) []string {
	var params []string
	if teamReviewers {
		params = append(params, "team_reviewers")
	}
	if otherItem {
		params = append(params, OtherItemParam)
	}
	if state != "" {
		params = append(params, StateParam(state))
	}
	return params
}

// ParamState reads back the state StateParam wrote: the value ("closed",
// "open"; "" when known only at run time) and whether a state was given.
func ParamState(params []string) (value string, given bool) {
	for _, p := range params {
		if p == "state" {
			return "", true
		}
		if v, ok := strings.CutPrefix(p, "state="); ok {
			return v, true
		}
	}
	return "", false
}
