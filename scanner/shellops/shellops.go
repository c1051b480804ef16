// Package shellops reads a workflow step's `run:` script and reports what it
// does with the credentials it is given: every command that uses a
// credential-carrying variable, how the credential reaches that command, and
// the GitHub operations the command performs when they can be known.
//
// Scripts for bash and POSIX sh are parsed with mvdan.cc/sh/v3/syntax and
// walked statement by statement, tracking variables, exports, git remotes and
// config, docker and npm logins, gh logins and files written from
// credentials. Scripts for other shells (pwsh, python, ...) get a best-effort
// line scan: every line that mentions a credential variable becomes an
// unresolved use.
//
// The package does not map gh commands to API operations: a gh use carries
// the resolved gh arguments in [Use.GHArgs] and the caller maps them.
//
// # The script contract
//
// [Input.Script] is the run: text as the YAML value holds it, with GitHub
// expressions (`${{ ... }}`) left in. Analyze replaces each expression by a
// shell variable reference `${__P2A_E<n>}` (see [Placeholders]) before parsing,
// keeping the line count, so lines in results map to file lines through
// [Input.StartLine]. An expression's credentials come from [Input.Exprs]
// (keyed by the expression text without `${{ }}`, trimmed), its literal value
// from [Input.Known]; an `env.NAME` expression falls back to [Input.Cred] and
// [Input.Known] for NAME. A caller that substitutes placeholders itself may
// instead key [Input.Cred] by the placeholder variable names (evidence then
// shows those names instead of the expressions).
//
// # What is recognised
//
//   - Variable flow in statement order: assignments, export/local/declare -x,
//     ${X:-$Y} and other expansions, command-prefix and env(1) assignments,
//     arrays, function arguments, read, printf -v, set -a. Inside if, case
//     and loops values are merged (union of credentials).
//   - gh with GH_TOKEN/GITHUB_TOKEN/GH_ENTERPRISE_TOKEN (gh's precedence),
//     gh auth login --with-token (pipe, here-string, file), gh auth token,
//     gh auth setup-git; through $(...), pipelines, functions, sh -c, and
//     wrappers (sudo, env, timeout, xargs, retry, npx, ...).
//   - curl, wget and httpie: method, URL (host, REST path with
//     {placeholders}, GraphQL field), and how the credential is sent.
//   - git: credentials in URLs, remotes, insteadOf, extraheader (config and
//     -c), credential helpers, .git-credentials and .netrc, clones, and
//     actions/checkout's persisted credential.
//   - docker/podman login, push and pull; npm/yarn/pnpm registry commands
//     with .npmrc, npm config set and NODE_AUTH_TOKEN.
//   - Tools known to call the GitHub API from the environment (hub,
//     goreleaser, semantic-release, ...), tools of other services (twine,
//     cargo, vsce, gpg, ...), and scripts that get a credential as an
//     argument, on stdin or (when likely) through the environment.
//   - Writes to $GITHUB_ENV and $GITHUB_OUTPUT (echo, printf, heredocs,
//     blocks, tee, ::set-output).
//
// Existence checks ([ -n "$X" ], [[ -z $X ]]) and data handling (echo to a
// file, base64, jq, ...) are not uses.
//
// Evidence text never holds a credential value: variable references and
// expressions are kept as written, and literal token patterns (ghp_...,
// github_pat_...) are redacted to their prefix followed by ****.
package shellops

import (
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"

	"mvdan.cc/sh/v3/syntax"
)

// Limits on the work done for one script. Larger input is reported as a
// ParseError and analysed only in part.
const (
	// MaxScriptSize is the largest script parsed, in bytes. Larger scripts are
	// scanned line by line (first MaxScriptSize bytes only).
	MaxScriptSize = 1 << 20
	// MaxNodes is the largest number of syntax nodes (statements and words)
	// visited; the walk stops there.
	MaxNodes = 400_000
	// maxDepth bounds nesting of command substitutions, functions and
	// compound commands that the walk follows.
	maxDepth = 64
)

// Head is what a job's steps carry to the next of the branch's head:
// SkipCI says why the commit made last keeps workflows from running on
// its push (a [skip ci] message, with no command after it that may
// commit); Branch is the branch checked out, UpstreamPushed where it was
// pushed (gh pr create then finds it pushed); Created is the branch made
// from the commit checked out (git checkout -b), in the folder CreatedDir;
// Tags are the tags git tag made, as written (git tag "$V" in one step,
// git push origin "$V" in the next pushes that tag).
type Head struct {
	SkipCI, Branch, UpstreamPushed string
	Created, CreatedDir            string
	Tags                           []string
}

// Input is one run: script and what the caller knows about its environment.
type Input struct {
	// Script is the run: text with ${{ }} expressions left in (see the
	// package documentation).
	Script string
	// Shell is the step's shell: "" or "bash" (the default), "sh", or any
	// other (pwsh, python, cmd, ...), which gets the line scan. A custom
	// shell string such as "bash -e {0}" is judged by its first word.
	Shell string
	// StartLine is the file line of the script's first line.
	StartLine int
	// Lines, when set, is the file line of each script line (Lines[i] for
	// line i+1), for a script not laid out line by line from StartLine:
	// the values of expressions written into it may span several lines
	// that all stand at the expression's line. See [Input.FileLine].
	Lines []int
	// Cred maps an environment variable name to the credential ids it
	// carries (from the step's env: and inherited env), e.g.
	// "GH_TOKEN" -> ["secrets.GH_PAT"]. These variables are exported.
	Cred map[string][]string
	// CredValues holds, for a variable of Cred whose env: value is
	// written as text around expressions (URL:
	// https://u:${{ secrets.T }}@github.com/o/r.git), that value as
	// written: the variable is that text with the credentials in its
	// expressions' places, so a URL built that way is read as a URL.
	CredValues map[string]string
	// Exprs maps an expression text (without ${{ }}, trimmed, e.g.
	// "secrets.GH_PAT") to the credential ids it carries.
	Exprs map[string][]string
	// Known maps a variable name or an expression text to its literal
	// value, e.g. "GITHUB_REPOSITORY" -> "{owner}/{repo}" or
	// "github.api_url" -> "https://api.github.com". Entries override
	// DefaultKnown; a nil map means DefaultKnown.
	Known map[string]string
	// ImplicitGH is the credential ids gh and the GitHub API tools would pick
	// up from the environment (GH_TOKEN, GITHUB_TOKEN, GH_ENTERPRISE_TOKEN of
	// the step), in gh's precedence order. It is used only when Cred says
	// nothing of those variables and the script does not set them.
	ImplicitGH []string
	// KeptUnread says that the scripts this code runs are meant to be
	// read (the scan has the repository's files, or the code is another
	// repository's, read without its files): one that is not read may use
	// the credentials git and gh keep in their configuration, and a use
	// saying so is kept. A scan of bare workflow files reads no script and
	// says so once, in the README, not at every script.
	KeptUnread bool
	// Checkouts are the folders of the workspace where earlier steps
	// checked out another repository than this one, with its owner/name:
	// a gh command run there without --repo works on that repository.
	Checkouts map[string]string
	// Remotes are the git remotes gh prefers to origin (upstream, github)
	// that earlier steps of the job added (Result.Remotes): the owner/name
	// of each one's repository, "" when it is not known.
	Remotes map[string]string
	// PersistedDir is the folder of the workspace whose git configuration
	// holds Persisted ("." the workspace; "" not known): a script run
	// outside it reaches them only by changing into it.
	PersistedDir string
	// Persisted is the credential ids actions/checkout persisted into the git
	// config earlier in the job; git fetch/pull/push without a credential of
	// their own use them.
	Persisted []string
	// DefaultPersisted is true when the checkout that persisted its
	// credentials (in PersistedDir) was given no token: the workflow's own
	// token is there. A git fetch, pull or push of the script's that has
	// no credential of its own uses it (DefaultToken), which the job's
	// permissions block must grant. Unlike Persisted, it does not make
	// the programs the script runs suspects: they would use the token the
	// job's block already governs.
	DefaultPersisted bool
	// PersistedElsewhere are the credentials earlier checkouts persisted
	// in other folders than PersistedDir (each folder's git configuration
	// keeps its own): git in one of those folders uses that folder's.
	PersistedElsewhere []PersistedFolder
	// OwnCheckout is true when an earlier step checked this repository out
	// (at RepoRoot): its history is there to push.
	OwnCheckout bool
	// Repo is the scanned repository (owner/name), "" when unknown. Paths
	// built from $GITHUB_REPOSITORY resolve to it.
	Repo string
	// Stored is what earlier steps of the job left in tool configuration
	// (Result.Stored of those steps): git credentials and remotes, gh and
	// docker logins, npm tokens. Commands of this script use them.
	Stored []Stored
	// NPMRegistry is the host the job's setup-node registry-url points at
	// (e.g. "npm.pkg.github.com"), "" when unknown (npm's default,
	// registry.npmjs.org, is then assumed).
	NPMRegistry string
	// Args are the script's positional parameters ($1, $2, ...), for a
	// script file run with arguments; Name is its $0 (the path it was run
	// by), "" when unknown.
	Args []Arg
	Name string
	// Dir is the working directory the script starts in, from the
	// repository root ("" or "." for the root); DirUnknown says it is not
	// known (a working-directory built at run time).
	Dir        string
	DirUnknown bool
	// RepoRoot is where the repository's checkout is in the workspace
	// (actions/checkout's path): "" or "." for the workspace root,
	// ForeignRoot when another repository is checked out there. Dir is
	// relative to the workspace.
	RepoRoot string
	// Library is set for a file a script sources: a function it defines
	// runs when the script calls it (Run.Call), so one nothing calls is
	// not walked for the uses it would show, as it is in a script run on
	// its own.
	Library bool
	// SourcedFuncs are, for a file a script sources (or a function of
	// one it calls), the functions of the files the script sourced before
	// it, with the run that reads each file: the sourced file runs in the
	// same shell and may call them.
	SourcedFuncs map[string]Run
	// OtherRoots are other folders of the workspace where earlier steps
	// checked this repository out (actions/checkout's path, at its own
	// ref): a script named under one of them is that repository file.
	OtherRoots []string
	// Follow, when set, reads the repository code the script's commands
	// run (see Follower).
	Follow Follower
	// Nested is true for repository code a Follower reads: a script it
	// runs that only the environment could give a credential to is
	// returned in Result.Pending, for the step's own analysis to judge
	// (kept when its name suggests GitHub work or nothing else in the
	// step uses the credential), instead of being judged within this
	// file.
	Nested bool
	// TreeWorkflows says why the working tree or the history an earlier
	// step left may hold .github/workflows changes the remote does not
	// have (Result.TreeWorkflows of those steps); "" when nothing shows it.
	TreeWorkflows string
	// TreeWorktreeOnly is true when TreeWorkflows comes from files changed
	// in the working tree alone (a linter's fixes): only what a git add
	// stages for a commit reaches a push (Result.TreeWorktreeOnly).
	TreeWorktreeOnly bool
	// FollowForTree follows the repository code the script runs even when
	// no credential reaches it, for what it changes in the tree
	// (Result.TreeWorkflows): a later step pushes with a credential.
	FollowForTree bool
	// Head is what earlier steps left of the branch's head (Result.Head
	// of the step before).
	Head Head
	// EnvSet names the variables the step's, job's and workflow's env:
	// give a value that is not empty as written (a literal or an
	// expression), sorted. Code the script runs sees them set unless the
	// script changes them (see Run.EnvSet).
	EnvSet []string
	// HeadRepo names the variables and expression texts whose value is
	// the pull request's head repository as owner/name: this repository,
	// or a contributor's fork of it. A git URL naming a repository by one
	// of them is taken as this repository's; by any other value not
	// known before the run, it is left for review.
	HeadRepo map[string]bool
}

// FileLine is the file line of script line n (from 1): Lines[n-1] when
// Lines covers it, else counted from StartLine.
func (in *Input) FileLine(n int) int {
	if n >= 1 && n <= len(in.Lines) {
		return in.Lines[n-1]
	}
	if n <= 0 {
		return in.StartLine
	}
	return in.StartLine + n - 1
}

// DefaultToken is the credential of the workflow's own token that
// actions/checkout persists when it is given none (Input.DefaultPersisted).
const DefaultToken = "github.token"

// ForeignRoot is Input.RepoRoot when the workspace holds another
// repository's checkout and not this one's.
const ForeignRoot = "\x00foreign"

// Result is what a script does with its credentials.
type Result struct {
	// Uses is one entry per (command, credential), ordered by line, then
	// credential, then command, then statement order.
	Uses []Use
	// SourcedFuncs are the functions the files the script sourced define
	// (those it was given in Input.SourcedFuncs too), sorted: a file
	// sourced for its functions offers them with its own.
	SourcedFuncs []string
	// EnvWrites are the variables the script writes to $GITHUB_ENV or (with
	// Output set) $GITHUB_OUTPUT, with the credentials their values carry.
	// Writes without credentials are listed too (Credentials empty).
	EnvWrites []EnvWrite
	// Stored is what the script leaves in tool configuration for the later
	// steps of the job (pass it on in their Input.Stored), sorted by tool,
	// host and name.
	Stored []Stored
	// HasLoops is true when the script has a for, while or until loop.
	HasLoops bool
	// PushWithoutCredential is the first git push to GitHub over HTTPS
	// that no credential of the script or of the job's checkouts reaches
	// (a checkout made with persist-credentials: false): it fails, or
	// uses a credential set up out of view.
	PushWithoutCredential string
	// ReadsIndirect is true when the script reads a variable whose name
	// another holds (${!NAME}): any variable of its environment may be
	// read.
	ReadsIndirect bool
	// TreeWorkflows says why, after the script, the working tree or the
	// history may hold .github/workflows changes the remote does not have
	// (Input.TreeWorkflows, or what the script did: a merge, a rebase, a
	// patch, a generator, a write under .github/workflows).
	TreeWorkflows string
	// TreeWorktreeOnly is true when TreeWorkflows still comes from files
	// changed in the working tree alone, which no commit took yet.
	TreeWorktreeOnly bool
	// Head is what the script leaves of the branch's head, for the next
	// step (Input.Head).
	Head Head
	// Remotes are the git remotes gh prefers to origin known after the
	// script (those it added, and Input.Remotes), as Input.Remotes: pass
	// them on in later steps' Input.Remotes.
	Remotes map[string]string
	// Clones are the folders of the workspace (as Input.Checkouts) the
	// script cloned another repository into, with its owner/name: pass
	// them on in later steps' Input.Checkouts.
	Clones map[string]string
	// ParseError is set when the script could not be parsed (or was too
	// large); what could be salvaged is still reported.
	ParseError *ParseError
	// Pending are, with Input.Nested, the uses left for the step to judge.
	Pending []Pending
	// Unread are the programs the script runs with credentials in their
	// environment that pat2app neither reads nor knows to leave them
	// alone (a script only partly read has one for the rest).
	Unread []UnreadProgram
}

// Pending is a script that runs with a credential in its environment and
// is not read, for the step's analysis to keep or drop.
type Pending struct {
	Use Use
	// Suggestive is true when the script's name suggests GitHub work.
	Suggestive bool
}

// Use is one command that uses one credential.
type Use struct {
	// Credential is the credential id, e.g. "secrets.GH_PAT".
	Credential string
	// Line is the file line of the command.
	Line int
	// Command is the tool ("gh", "curl", "git", "docker", "wget", "http",
	// "npm", "hub", "goreleaser", ...) or the script run ("./release.sh").
	Command string
	// Via says how the credential reaches the command: "env" (read from the
	// environment), "arg" (a command argument), "header" (an HTTP
	// Authorization or other header, or -u user:password), "url" (embedded
	// in a URL), "git-config" (git config, .git-credentials, .netrc),
	// "stdin", "config" (written into .npmrc/.yarnrc or npm config set),
	// "persisted" (actions/checkout's persisted credential) or "stored"
	// (saved earlier by docker login, gh auth login, gh auth setup-git, npm
	// config or an .npmrc written by the script).
	Via string
	// Host is the service host when known: api.github.com, github.com,
	// ghcr.io, npm.pkg.github.com, uploads.github.com, registry.npmjs.org,
	// hooks.slack.com, ...
	Host string
	// GitHub is +1 when the use is a GitHub use (a GitHub host, gh, or a
	// GitHub-aware tool), -1 when it clearly goes to another service, 0 when
	// unknown.
	GitHub int
	// GHArgs is, for gh, the arguments after "gh". Unknown values are shown
	// as {NAME} (a variable) or {expr} (an expression, e.g.
	// {github.event.pull_request.number}); known ones are substituted.
	GHArgs []string
	// HeadPushed is, for gh pr create, the earlier git push of the script
	// that set the branch's upstream ("git push --set-upstream origin
	// x"): gh finds the branch pushed and pushes nothing.
	HeadPushed string
	// Ops are the operations recognised (for curl, wget, httpie, git,
	// docker and npm). Only GitHub uses carry Ops.
	Ops []Op
	// Script is the script or build target the command runs
	// ("./scripts/release.sh", "make release", "npm release"), when it runs
	// one; Command is then the same text.
	Script string
	// Unresolved is non-empty when the use could not be turned into an
	// operation; it says what was not understood.
	Unresolved string
	// NotCredential says why the value is not a credential where it is
	// used (the user name of a URL whose password is the credential);
	// such a use goes to no service.
	NotCredential string
	// TargetRepos are the owner/name repositories seen in API paths, git
	// URLs and gh -R/--repo flags ($GITHUB_REPOSITORY resolves to
	// Input.Repo). The caller decides what is cross-repo.
	TargetRepos []string
	// Evidence is the command as written (one line, at most ~120
	// characters, credentials never expanded).
	Evidence string
	// File is set when the use is in a repository file the script runs
	// (a script, a Makefile, a program's source; its path from the
	// repository root), and FileLine is the line there. Line stays the
	// line of the command that runs it.
	File     string
	FileLine int
	// Var is the environment variable the command reads the credential
	// from, Args the command's arguments as written and Dir the folder it
	// runs in (from the repository root; "" when not known), for a tool
	// that reads a configuration file (knowledge.ToolInfo.ReadsConfig):
	// its configuration may say what it does with that variable.
	Var  string
	Args []string
	Dir  string
}

// PersistedFolder is what actions/checkout persisted in one folder of the
// workspace.
type PersistedFolder struct {
	// Dir is the folder ("." the workspace; "" when named at run time).
	Dir string
	// Credentials are the credential ids given as its token.
	Credentials []string
	// Default is true when it was given no token (the workflow's own).
	Default bool
}

// Stored is a credential kept in a tool's configuration, which outlives
// the step: ~/.gitconfig and the repository's .git/config, .git-credentials,
// gh's and docker's login files, .npmrc.
type Stored struct {
	// Tool is git (config, credential store), gh-git (gh's credential
	// helper, gh auth setup-git), git-remote (a remote whose URL carries
	// the credential), git-clone (a clone's origin), gh, docker, npm or
	// netrc.
	Tool string
	// Host is the host the credential is for, "" for any.
	Host string
	// Name is the remote name for git-remote.
	Name string
	// URL is the remote's URL for git-remote, with variables shown as
	// {NAME} (never a credential value).
	URL         string
	Credentials []string
	// Dirs are, for git-clone, the folders (from the workspace root) the
	// clones were made in: git there reads their configuration.
	Dirs []string
}

// Op is one operation a command performs.
type Op struct {
	// Kind is rest, graphql, git, docker or package.
	Kind string
	// Method is the HTTP method for rest; GRAPHQL, GIT, DOCKER, PACKAGE
	// otherwise.
	Method string
	// Path is the REST path (with {placeholders}), "query"/"mutation" for
	// graphql, or a readable form for the others ("push --tags",
	// "push ghcr.io/o/img", "npm publish").
	Path string
	// Name is the graphql top-level field, the git command (push, clone,
	// fetch, pull, ls-remote), the docker command (login, push, pull) or the
	// package command (npm publish, npm install).
	Name string
	// Repo is the concrete target repository (owner/name) when known.
	Repo string
	// Writes is true for pushes and publishes; TouchesWorkflows when what
	// it writes can change files under .github/workflows, WorkflowsBecause
	// saying why.
	Writes, TouchesWorkflows bool
	// TagsOnly is true for a git push that sends tags and nothing else:
	// --tags with no refspec, or refspecs that all name refs/tags/.
	TagsOnly bool
	// Branch is, for a git push of one branch and no tags, that branch
	// as the refspec names it literally (git push origin gh-pages,
	// HEAD:refs/heads/data); "" otherwise.
	Branch string
	// SkipsCI says, for a push of branches only, why its head commit
	// starts no push or pull_request workflow (its message holds
	// [skip ci] or a like word); "" otherwise.
	SkipsCI string
	// Fields are, for graphql, the fields the top-level field selects
	// (for a query) when known.
	Fields []string
	// Params are, for rest, the body parameters given that change what
	// the call needs (team_reviewers).
	Params []string
	// Nested are, for graphql, the fields below Fields (gqlops.Field.Deep).
	Nested           []string
	WorkflowsBecause string
	// ImageAtRunTime is true for a docker push of an image named at run
	// time: it may be any image the job builds (Path ends in
	// namedAtRunTime).
	ImageAtRunTime bool
}

// workflowsDir is where a repository's workflows live: a write there needs
// the workflows permission.
const workflowsDir = ".github/workflows"

// Operation kinds.
const (
	KindREST    = "rest"
	KindGraphQL = "graphql"
	KindGit     = "git"
	KindDocker  = "docker"
	KindPackage = "package"
)

// EnvWrite is one variable written to $GITHUB_ENV or $GITHUB_OUTPUT.
type EnvWrite struct {
	Name        string
	Line        int
	Credentials []string
	// Output is true for $GITHUB_OUTPUT (and ::set-output).
	Output bool
}

// ParseError says why a script could not be (fully) analysed.
type ParseError struct {
	// Line is the file line of the error, 0 when it concerns the whole
	// script.
	Line    int
	Message string
}

func (e *ParseError) Error() string {
	if e.Line > 0 {
		return "line " + strconv.Itoa(e.Line) + ": " + e.Message
	}
	return e.Message
}

// defaultKnown is DefaultKnown's map, shared read-only by analyzers whose
// input adds nothing to it.
var defaultKnown = DefaultKnown()

// KnownValue is the literal value DefaultKnown gives a runner variable or
// expression (github.repository, github.event.pull_request.url), read
// from the shared map.
func KnownValue(name string) (string, bool) {
	v, ok := defaultKnown[name]
	return v, ok
}

// DefaultKnown returns the literal values of the runner's variables and
// expressions that locate the repository and the API on github.com. The
// caller may override them (GitHub Enterprise Server) through Input.Known.
func DefaultKnown() map[string]string {
	return map[string]string{
		"GITHUB_API_URL":                      "https://api.github.com",
		"GITHUB_SERVER_URL":                   "https://github.com",
		"GITHUB_GRAPHQL_URL":                  "https://api.github.com/graphql",
		"GITHUB_REPOSITORY":                   "{owner}/{repo}",
		"GITHUB_REPOSITORY_OWNER":             "{owner}",
		"github.api_url":                      "https://api.github.com",
		"github.server_url":                   "https://github.com",
		"github.graphql_url":                  "https://api.github.com/graphql",
		"github.repository":                   "{owner}/{repo}",
		"github.repository_owner":             "{owner}",
		"github.event.repository.full_name":   "{owner}/{repo}",
		"github.event.repository.name":        "{repo}",
		"github.event.repository.owner.login": "{owner}",
		// A pull request's base is the repository the workflow runs in
		// (its head may be a fork's).
		"github.event.pull_request.base.repo.full_name":   "{owner}/{repo}",
		"github.event.pull_request.base.repo.name":        "{repo}",
		"github.event.pull_request.base.repo.owner.login": "{owner}",
		"env.GITHUB_REPOSITORY":                           "{owner}/{repo}",
		// The API addresses of the event's pull request and issue, which
		// are of this repository (webhook payloads; a fork's are under
		// head.repo).
		"github.event.repository.url":                   "https://api.github.com/repos/{owner}/{repo}",
		"github.event.pull_request.url":                 "https://api.github.com/repos/{owner}/{repo}/pulls/{pull_number}",
		"github.event.pull_request.commits_url":         "https://api.github.com/repos/{owner}/{repo}/pulls/{pull_number}/commits",
		"github.event.pull_request.review_comments_url": "https://api.github.com/repos/{owner}/{repo}/pulls/{pull_number}/comments",
		"github.event.pull_request.comments_url":        "https://api.github.com/repos/{owner}/{repo}/issues/{issue_number}/comments",
		"github.event.pull_request.issue_url":           "https://api.github.com/repos/{owner}/{repo}/issues/{issue_number}",
		"github.event.issue.url":                        "https://api.github.com/repos/{owner}/{repo}/issues/{issue_number}",
		"github.event.issue.comments_url":               "https://api.github.com/repos/{owner}/{repo}/issues/{issue_number}/comments",
		"github.event.issue.pull_request.url":           "https://api.github.com/repos/{owner}/{repo}/pulls/{pull_number}",
		// Their pages (gh pr merge "$PR_URL" with the event's html_url).
		"github.event.pull_request.html_url":       "https://github.com/{owner}/{repo}/pull/{pull_number}",
		"github.event.issue.html_url":              "https://github.com/{owner}/{repo}/issues/{issue_number}",
		"github.event.issue.pull_request.html_url": "https://github.com/{owner}/{repo}/pull/{pull_number}",
	}
}

// Analyze reports what the script does with the credentials named in in.
// It never fails: problems are reported in Result.ParseError.
func Analyze(in Input) Result {
	return new(Reader).Analyze(in)
}

// storedCredentialTools are the words of the commands that read
// credentials from tool configuration (Input.Persisted, Input.Stored): git
// and go through git, gh, the docker-like clients and the npm-like ones.
var storedCredentialTools = []string{"git", "gh", "go", "docker", "podman", "buildah", "nerdctl", "npm", "yarn", "pnpm"}

// toolNameQuotes drops the quotes and backslashes that may split a tool's name
// (g"h", gi\t).
var toolNameQuotes = strings.NewReplacer(`"`, "", "'", "", `\`, "")

// MayUseStored reports whether script names a command that reads
// credentials from tool configuration, also when the name is split by
// quotes or backslashes (g""it). When it does not, Analyze finds no use of
// Input.Persisted or Input.Stored in it, unless the name is built from
// variables or command output ($x, $(...)): a cheap test on the text that
// lets a caller skip scripts with only such credentials in reach.
func MayUseStored(script string) bool {
	if namesStoredTool(script) {
		return true
	}
	if strings.ContainsAny(script, `"'\`) {
		return namesStoredTool(toolNameQuotes.Replace(script))
	}
	return false
}

func namesStoredTool(text string) bool {
	for _, w := range storedCredentialTools {
		if strings.Contains(text, w) {
			return true
		}
	}
	return false
}

// Reader analyses scripts one after another, reusing its shell parsers
// (their buffers are most of what a short script costs) and its analyzer's
// maps. A Reader is not safe for concurrent use; the zero value is ready.
type Reader struct {
	bash, posix *syntax.Parser
	// last is the previous call's analyzer, whose maps the next one reuses.
	last *analyzer
}

// Analyze is the package's Analyze with r's parsers.
func (r *Reader) Analyze(in Input) Result {
	a := newAnalyzer(in, r.last)
	r.last = a
	a.reader = r
	a.run()
	return a.result()
}

// parser returns the reader's parser for a shell variant.
func (r *Reader) parser(variant syntax.LangVariant) *syntax.Parser {
	if variant == syntax.LangPOSIX {
		if r.posix == nil {
			r.posix = syntax.NewParser(syntax.Variant(syntax.LangPOSIX))
		}
		return r.posix
	}
	if r.bash == nil {
		r.bash = syntax.NewParser(syntax.Variant(syntax.LangBash))
	}
	return r.bash
}

func (a *analyzer) result() Result {
	a.unreadWrites()
	r := Result{HasLoops: a.hasLoops, ReadsIndirect: a.readsIndirect, PushWithoutCredential: a.bareFirstPush, ParseError: a.parseErr}
	r.SourcedFuncs = slices.Sorted(maps.Keys(a.sourcedFuncs))
	r.Uses = make([]Use, 0, len(a.uses))
	for _, u := range a.uses {
		r.Uses = append(r.Uses, *u)
	}
	sort.SliceStable(r.Uses, func(i, j int) bool {
		x, y := r.Uses[i], r.Uses[j]
		if x.Line != y.Line {
			return x.Line < y.Line
		}
		if x.Credential != y.Credential {
			return x.Credential < y.Credential
		}
		if x.File != y.File {
			return x.File < y.File
		}
		if x.FileLine != y.FileLine {
			return x.FileLine < y.FileLine
		}
		return x.Command < y.Command
	})
	r.Stored = a.stored()
	r.Pending = a.pending
	r.Unread = a.opaque
	if a.parseErr != nil {
		r.Unread = append(r.Unread, a.unreadOpaque()...)
	}
	r.TreeWorkflows = a.treeWorkflows
	r.TreeWorktreeOnly = a.worktreeOnly && a.treeWorkflows != ""
	r.Head = Head{SkipCI: a.skipCI, Branch: a.branch, UpstreamPushed: a.upstreamPushed, Created: a.created, CreatedDir: a.createdDir, Tags: slices.Sorted(maps.Keys(a.tags))}
	r.Clones = a.clones
	r.Remotes = a.preferredRemotes()
	r.EnvWrites = a.envWrites
	sort.SliceStable(r.EnvWrites, func(i, j int) bool {
		return r.EnvWrites[i].Line < r.EnvWrites[j].Line
	})
	return r
}

// shellKind returns "sh" or "bash" for shells that are parsed, "" for the
// others.
func shellKind(shell string) string {
	if strings.TrimSpace(shell) == "" {
		return "bash"
	}
	switch ScriptProgram(shell) {
	case "bash", "zsh", "ksh":
		return "bash"
	case "sh", "dash", "ash", "busybox":
		return "sh"
	}
	return ""
}

// scriptPrograms are the programs a run: step's shell: may name that
// read the step's script themselves.
var scriptPrograms = map[string]bool{"bash": true, "sh": true, "zsh": true, "ksh": true, "dash": true, "ash": true, "busybox": true,
	"pwsh": true, "powershell": true, "pwsh-preview": true, "python": true, "python3": true, "python2": true, "py": true, "node": true, "cmd": true}

// ScriptProgram is the program that reads a run: step's script for its
// shell: value, in lower case without directory or .exe: the first word
// ("bash -e {0}" is bash; a quoted path, "C:\Program Files\PowerShell\7\pwsh.EXE
// -command ...", is pwsh), or, when that word is not a shell and the
// value hands the script on ({0}), the shell the command before {0}
// names, its options skipped: "nix develop --impure --command bash {0}"
// and "xvfb-run -a bash {0}" run the script with bash. An empty value is
// bash.
func ScriptProgram(shell string) string {
	shell = strings.TrimSpace(shell)
	base := func(w string) string {
		w = strings.ToLower(strings.Trim(w, `'"`))
		if i := strings.LastIndexAny(w, `/\`); i >= 0 {
			w = w[i+1:]
		}
		return strings.TrimSuffix(w, ".exe")
	}
	var first string
	if q := shell; len(q) > 1 && (q[0] == '"' || q[0] == '\'') {
		if end := strings.IndexByte(q[1:], q[0]); end >= 0 {
			first = q[1 : 1+end]
		}
	}
	f := strings.Fields(shell)
	if len(f) == 0 {
		return "bash"
	}
	if first == "" {
		first = f[0]
	}
	prog := base(first)
	if scriptPrograms[prog] {
		return prog
	}
	for i, w := range f {
		if !strings.Contains(w, "{0}") {
			continue
		}
		for j := i - 1; j > 0; j-- {
			if strings.HasPrefix(strings.Trim(f[j], `'"`), "-") {
				continue
			}
			if p := base(f[j]); scriptPrograms[p] {
				return p
			}
			break
		}
		break
	}
	return prog
}
