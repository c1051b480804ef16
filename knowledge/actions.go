package knowledge

import (
	"github.com/pat2app/pat2app/expression"
	"maps"
	"slices"
	"strings"
	"sync"
)

// ActionInfo describes what an action does with the GitHub token it is
// given: one row of data/actions.tsv.
type ActionInfo struct {
	// Name is owner/repo or owner/repo/path, lower case.
	Name string
	// TokenInputs are the inputs (lower case) that take a GitHub token.
	TokenInputs []string
	// TokenEnv are the environment variables the action reads a token from.
	TokenEnv []string
	// Permissions is what the action needs in its usual configuration; it
	// may be empty. It may hold job-only names such as id_token (see
	// IsJobOnlyPermission).
	Permissions Permissions
	// Dynamic is true when the permissions depend entirely on a script,
	// route or query the step gives.
	Dynamic bool
	// MintsAppToken is true for actions that mint a GitHub App
	// installation token from an App id and private key.
	MintsAppToken bool
	// OtherService is true when the action's credentials go to another
	// service.
	OtherService bool
	// PushesWithPersistedCredentials is true when the action pushes with
	// the credentials an earlier actions/checkout persisted, whatever token
	// it is given.
	PushesWithPersistedCredentials bool
	// Registry is the GitHub Packages registry the action logs in to with
	// its token (ghcr.io), when it does.
	Registry string
	// Triggers says what the action's events are when those must start
	// other workflows ("opens backport pull requests whose CI must run");
	// empty when they need not.
	Triggers string
	// OtherRepos names the repositories other than the workflow's own the
	// action works on when the step does not name them.
	OtherRepos string
	// OtherReposWritten is true when the action writes to those
	// repositories (pushes, pull requests, forks), not only reads them.
	OtherReposWritten bool
	// Unavailable says why no GitHub App installation token can do the
	// action's work (not_supported); empty when one can.
	Unavailable string
	// Fallback is what to keep instead when Unavailable is set; empty for
	// the plan's generic advice.
	Fallback string
	// Blocker says why GITHUB_TOKEN cannot do the action's work even on the
	// workflow's own repository.
	Blocker string
	// NamedItems is true when the action works on the issues and pull
	// requests its commits or configuration name (a release's), not on
	// the event's: it needs issues and pull_requests alike.
	NamedItems bool
	// Inputs are the permissions the action needs when an input has a
	// given value (data/action-inputs.tsv).
	Inputs []ActionInput
	// Note says which inputs add or drop permissions, and caveats.
	Note string
	// Source names the files the row was taken from.
	Source string
}

// actionRow is the generated form of one row of data/actions.tsv.
type actionRow struct {
	name, match                   string
	inputs, env                   []string
	permissions                   string
	dynamic, mints                bool
	pushesPersisted               bool
	otherService                  bool
	otherReposWritten             bool
	registry                      string
	triggers, otherRepos, blocker string
	unavailable, fallback         string
	namedItems                    bool
	note, source                  string
}

// ActionInput is one row of data/action-inputs.tsv: what an action needs
// when an input is set to one of Values, or is not given when Values holds
// UnsetInput.
type ActionInput struct {
	// Input is the input's name, lower case.
	Input string
	// Values are the values (lower case) that turn the row on.
	Values      []string
	Permissions Permissions
	// Unavailable says why no installation token can do the action's work
	// with those values (not_supported); empty when one can.
	Unavailable string
	// Fallback is what to keep instead when Unavailable is set.
	Fallback string
	// Why says why those values need Permissions, when the input's
	// name does not make it plain.
	Why string
	// StartsNoWorkflows is set when, with those values, what the action
	// makes starts no workflow run whatever the token (a draft release):
	// its row's TriggersWorkflows does not hold then.
	StartsNoWorkflows bool
	// Replaces is set when the action does with those values only what
	// Permissions grant (none: it makes no GitHub call), instead of what
	// its row says: the action's permissions are then those of its
	// replacing rows that apply (ReplacedPermissions).
	Replaces bool
	// Triggers, when set, is what the action's events are with those
	// values, in place of its row's TriggersWorkflows (a tag it pushes
	// only when tag_name is given).
	Triggers string
	// UnlessUnique names another input that, given a value unique to each
	// run (UniquePerRun: a branch named after github.run_id), keeps the
	// row from applying: a branch made new each run is never rebuilt.
	UnlessUnique string
	// OwnRepoOnly is set when, with those values, the action works on the
	// workflow's own repository only: the other repositories its row
	// names (ActionInfo.OtherRepos) are not reached. It holds when every
	// such row of the action applies (OwnRepoOnly).
	OwnRepoOnly bool
}

// OwnRepoOnly reports whether a step's literal inputs keep an action to
// the workflow's own repository: the action has ActionInput.OwnRepoOnly
// rows and every one of them applies (contributor-assistant stores its
// signatures there unless remote-organization-name or
// remote-repository-name is given). It returns the inputs that say so.
func OwnRepoOnly(rows []ActionInput, inputs map[string]string) ([]string, bool) {
	var by []string
	for _, in := range rows {
		if !in.OwnRepoOnly {
			continue
		}
		if !in.Applies(inputs) {
			return nil, false
		}
		by = append(by, in.Input)
	}
	return by, len(by) > 0
}

// ReplacedPermissions is what an action whose data/action-inputs.tsv
// rows include replacing ones (ActionInput.Replaces) needs for a step's
// literal inputs: the union of the replacing rows that apply. ok is false
// when the action has none, or when an input they key on has a value no
// row of that input matches (one chosen at run time, or a value the rows
// do not list): the action's own permissions hold then.
func ReplacedPermissions(rows []ActionInput, inputs map[string]string) (perms Permissions, applied []ActionInput, ok bool) {
	matched := map[string]bool{}
	keyed := false
	perms = Permissions{}
	for _, in := range rows {
		if !in.Replaces {
			continue
		}
		keyed = true
		if _, seen := matched[in.Input]; !seen {
			matched[in.Input] = false
		}
		if in.Applies(inputs) {
			matched[in.Input] = true
			perms.Merge(in.Permissions)
			applied = append(applied, in)
		}
	}
	if !keyed {
		return nil, nil, false
	}
	for _, m := range matched {
		if !m {
			return nil, nil, false
		}
	}
	return perms, applied, true
}

// UnsetInput is the value of data/action-inputs.tsv that stands for an
// input the step does not give (the action then uses its default).
const UnsetInput = "(unset)"

// SetInput is the value of data/action-inputs.tsv that stands for any
// value the step gives the input, one chosen at run time included.
const SetInput = "(set)"

// Applies reports whether the row is on for a step's literal inputs: the
// input's value is one of Values (compared in lower case, surrounding space
// ignored; a value ending in * matches the values it begins), or the input is not given and Values holds UnsetInput, or it is
// given a value that is not empty and Values holds SetInput. A value
// chosen at run time (an expression) may be any: it matches a row that
// only adds permissions (a write the value may ask for is not left out),
// and no other row.
func (in ActionInput) Applies(inputs map[string]string) bool {
	if in.UnlessUnique != "" && UniquePerRun(inputs[in.UnlessUnique]) {
		return false
	}
	raw, given := inputs[in.Input]
	v := strings.ToLower(strings.TrimSpace(raw))
	if !given {
		v = UnsetInput
	}
	if given && v != "" && slices.Contains(in.Values, SetInput) {
		return true
	}
	if slices.ContainsFunc(in.Values, func(w string) bool {
		if prefix, ok := strings.CutSuffix(w, "*"); ok && given {
			return strings.HasPrefix(v, prefix) // ${{* lists a value chosen at run time
		}
		return w == v
	}) {
		return true
	}
	return given && strings.Contains(v, "${{") && in.onlyAdds() && slices.ContainsFunc(in.Values, func(w string) bool { return w != UnsetInput })
}

// onlyAdds reports a row that adds permissions and changes nothing else
// the plan says of the action.
func (in ActionInput) onlyAdds() bool {
	return len(in.Permissions) > 0 && !in.Replaces && in.Unavailable == "" && !in.StartsNoWorkflows && in.Triggers == "" && !in.OwnRepoOnly
}

// actionInputRow is the generated form of one row of data/action-inputs.tsv.
type actionInputRow struct {
	action, input string
	values        []string
	permissions   string
	unavailable   string
	fallback      string
	why           string
	startsNone    bool
	replaces      bool
	triggers      string
	unlessUnique  string
	ownRepoOnly   bool
}

// actionInputs groups data/action-inputs.tsv by action.
var actionInputs = sync.OnceValue(func() map[string][]ActionInput {
	m := map[string][]ActionInput{}
	for _, r := range actionInputTable {
		p, err := ParsePermissions(r.permissions)
		if err != nil {
			p = Permissions{} // a test checks every row parses
		}
		m[r.action] = append(m[r.action], ActionInput{Input: r.input, Values: r.values, Permissions: p, Unavailable: r.unavailable, Fallback: r.fallback, Why: r.why, StartsNoWorkflows: r.startsNone, Replaces: r.replaces, Triggers: r.triggers, UnlessUnique: r.unlessUnique, OwnRepoOnly: r.ownRepoOnly})
	}
	return m
})

func (s actionRow) info() ActionInfo {
	p, err := ParsePermissions(s.permissions)
	if err != nil {
		// A test checks every row parses; keep the rest of the row usable.
		p = Permissions{}
	}
	return ActionInfo{
		Name:                           s.name,
		TokenInputs:                    append([]string(nil), s.inputs...),
		TokenEnv:                       append([]string(nil), s.env...),
		Permissions:                    p,
		Dynamic:                        s.dynamic,
		MintsAppToken:                  s.mints,
		OtherService:                   s.otherService,
		PushesWithPersistedCredentials: s.pushesPersisted,
		Registry:                       s.registry,
		Triggers:                       s.triggers,
		OtherRepos:                     s.otherRepos,
		OtherReposWritten:              s.otherReposWritten,
		Blocker:                        s.blocker,
		Unavailable:                    s.unavailable,
		Fallback:                       s.fallback,
		NamedItems:                     s.namedItems,
		Inputs:                         actionInputs()[s.name],
		Note:                           s.note,
		Source:                         s.source,
	}
}

// actionIndex maps the name of each exact row to its index.
var actionIndex = sync.OnceValue(func() map[string]int {
	m := make(map[string]int, len(actionTable))
	for i, s := range actionTable {
		if s.match == "exact" {
			m[s.name] = i
		}
	}
	return m
})

// Action looks up the row of the action a `uses:` value names, such as
// "peter-evans/create-pull-request@v6" or "Owner/Repo/sub/path@sha", among
// the rows matched exactly. The match is case-insensitive and ignores the
// @ref. For owner/repo/path it falls back to owner/repo when the table has
// no row for the path. A docker:// image is found by its row
// "docker://host/owner/name", without tag or digest. Local (./...) actions
// are never found.
func Action(uses string) (ActionInfo, bool) {
	info, ok := ActionShared(uses)
	if ok {
		info.TokenInputs = slices.Clone(info.TokenInputs)
		info.TokenEnv = slices.Clone(info.TokenEnv)
		info.Permissions = maps.Clone(info.Permissions)
		info.Inputs = slices.Clone(info.Inputs)
		for i := range info.Inputs {
			info.Inputs[i].Permissions = maps.Clone(info.Inputs[i].Permissions)
		}
	}
	return info, ok
}

// ActionShared is Action without the copies: the row's slices and map are
// shared by every caller and must only be read. The scanner looks up every
// action step this way.
func ActionShared(uses string) (ActionInfo, bool) {
	name := strings.Trim(actionKey(uses), "/")
	idx := actionIndex()
	if image, ok := strings.CutPrefix(name, "docker://"); ok {
		// A container image is its own row, "docker://host/owner/name",
		// whatever its tag or digest.
		if i := strings.LastIndexByte(image, ':'); i > strings.LastIndexByte(image, '/') {
			image = image[:i]
		}
		if i, ok := idx["docker://"+image]; ok {
			return actionInfos()[i], true
		}
		return ActionInfo{}, false
	}
	if name == "" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "$/") || strings.Contains(name, "://") {
		return ActionInfo{}, false
	}
	if i, ok := idx[name]; ok {
		return actionInfos()[i], true
	}
	parts := strings.SplitN(name, "/", 3)
	if len(parts) == 3 {
		if i, ok := idx[parts[0]+"/"+parts[1]]; ok {
			return actionInfos()[i], true
		}
	}
	return ActionInfo{}, false
}

// ReusableWorkflow looks up the row of a reusable workflow of another
// repository a job calls, "owner/repo/.github/workflows/x.yml@ref", in
// data/actions.tsv, where such a workflow is a row of its own: its
// token_inputs are the secrets and inputs that take a GitHub token, and
// the planner reads the row as it reads an action's. Only a row for the
// workflow itself answers: an action of the same repository says nothing
// of its workflows.
func ReusableWorkflow(uses string) (ActionInfo, bool) {
	name := actionKey(uses)
	if !strings.Contains(name, "/.github/workflows/") {
		return ActionInfo{}, false
	}
	if i, ok := actionIndex()[name]; ok {
		return actionInfos()[i], true
	}
	return ActionInfo{}, false
}

// actionInfos are the rows, read once.
var actionInfos = sync.OnceValue(func() []ActionInfo {
	out := make([]ActionInfo, len(actionTable))
	for i, s := range actionTable {
		out[i] = s.info()
	}
	return out
})

// Actions returns every row matched exactly (one action each), in table
// order.
func Actions() []ActionInfo {
	var out []ActionInfo
	for _, s := range actionTable {
		if s.match == "exact" {
			out = append(out, s.info())
		}
	}
	return out
}

// MintsAppToken reports whether the action (lower case, no @ref) mints
// GitHub App installation tokens: its row says so, or a suffix row's name
// ends it (actions named *github-app-token).
func MintsAppToken(name string) bool {
	if info, ok := ActionShared(name); ok && info.MintsAppToken {
		return true
	}
	for _, suffix := range actionPatterns().mintingSuffixes {
		if strings.HasSuffix(name, suffix) {
			return true
		}
	}
	return false
}

// patternRows are the names of the rows matched by suffix or prefix rather
// than exactly, picked out of the table once: every action step asks.
type patternRows struct {
	mintingSuffixes      []string
	otherServicePrefixes []string
}

var actionPatterns = sync.OnceValue(func() patternRows {
	var p patternRows
	for _, s := range actionTable {
		switch {
		case s.match == "suffix" && s.mints:
			p.mintingSuffixes = append(p.mintingSuffixes, s.name)
		case s.match == "prefix" && s.otherService:
			p.otherServicePrefixes = append(p.otherServicePrefixes, s.name)
		}
	}
	return p
})

// OtherServiceAction reports whether the action (lower case, no @ref) sends
// its credentials to another service: a prefix row with other_service
// starts its name.
func OtherServiceAction(name string) bool {
	for _, prefix := range actionPatterns().otherServicePrefixes {
		if strings.HasPrefix(name, prefix) {
			return true
		}
	}
	return false
}

// stepOutputRow is the generated form of one row of data/step-outputs.tsv.
type stepOutputRow struct{ action, output, kind string }

// Kinds of credential a step output holds (data/step-outputs.tsv).
const (
	OutputAppToken     = "app_token"     // a GitHub App installation token
	OutputNotGitHub    = "not_github"    // another service's token
	OutputStoredSecret = "stored_secret" // a secret read from a store
)

// StepOutput says what credential the output of an action step holds
// (data/step-outputs.tsv): OutputAppToken, OutputNotGitHub or
// OutputStoredSecret. The action is owner/repo[/path], any case, with or
// without @ref; an action with a row for "*" answers for every output.
func StepOutput(action, output string) (string, bool) {
	name := actionKey(action)
	out := strings.ToLower(output)
	kind, found := "", false
	for _, r := range stepOutputTable {
		if r.action != name {
			continue
		}
		switch r.output {
		case out:
			return r.kind, true
		case "*":
			kind, found = r.kind, true
		}
	}
	return kind, found
}

// worktreeActionRow is the generated form of one row of
// data/worktree-actions.tsv.
type worktreeActionRow struct{ action, match, pushes, dirInput string }

// What an action's pushes carry (data/worktree-actions.tsv).
const (
	// PushesWorktree: the action commits or pushes what earlier steps
	// left in the working tree or local history.
	PushesWorktree = "worktree"
	// PushesOtherBranches: the action merges, rebases or mirrors branches.
	PushesOtherBranches = "other_branches"
	// PushesFolder: the action copies a folder of the workspace (the
	// row's dir_input names it) into a repository and pushes it there.
	PushesFolder = "folder"
)

// WorktreePushes says what the pushes of an action (owner/repo[/path], any
// case, with or without @ref) carry that it did not write itself:
// PushesWorktree, PushesOtherBranches, PushesFolder, or "" when nothing is
// known.
func WorktreePushes(action string) string {
	r, _ := actionRowOf(worktreeActionTable[:], action, func(r worktreeActionRow) (string, string) { return r.action, r.match })
	return r.pushes
}

// actionRowOf finds the row of a table keyed by action (exact, or a
// prefix of the name) for a uses: value.
func actionRowOf[R any](rows []R, uses string, key func(R) (action, match string)) (R, bool) {
	name := actionKey(uses)
	for _, r := range rows {
		if a, m := key(r); a == name || m == "prefix" && strings.HasPrefix(name, a) {
			return r, true
		}
	}
	var zero R
	return zero, false
}

// labelActionRow is the generated form of one row of
// data/label-actions.tsv.
type labelActionRow struct{ action, match, on, changes, labelInputs string }

// LabelChanges says, for an action (owner/repo[/path], any case, with or
// without @ref) that data/label-actions.tsv lists, which items it labels
// (issues, pull_requests or both) and whether it adds labels, removes
// them or both; ok is false for an action the table does not list.
func LabelChanges(action string) (on string, adds, removes, ok bool) {
	r, ok := actionRowOf(labelActionTable[:], action, func(r labelActionRow) (string, string) { return r.action, r.match })
	if !ok {
		return "", false, false, false
	}
	return r.on, r.changes != "remove", r.changes != "add", true
}

// LabelsAdded names the labels an action data/label-actions.tsv lists
// adds, for a step's literal inputs (input name, lower case, to value):
// what its label inputs are given, else their defaults, each value split
// at commas. ok is false when the row lists no label inputs, or one is
// given a value known only at run time (an expression, or one not shown).
func LabelsAdded(action string, inputs map[string]string) (labels []string, ok bool) {
	r, found := actionRowOf(labelActionTable[:], action, func(r labelActionRow) (string, string) { return r.action, r.match })
	if !found || r.labelInputs == "" {
		return nil, false
	}
	for _, pair := range strings.Split(r.labelInputs, ";") {
		name, def, _ := strings.Cut(pair, "=")
		v, given := inputs[strings.ToLower(strings.TrimSpace(name))]
		if !given {
			v = def
		}
		if strings.Contains(v, "${{") || strings.HasPrefix(v, "(") && strings.HasSuffix(v, ")") {
			return nil, false // chosen at run time, or not shown
		}
		for _, l := range strings.Split(v, ",") {
			if l = strings.TrimSpace(l); l != "" {
				labels = append(labels, l)
			}
		}
	}
	return labels, true
}

// releaseTagInputRow is the generated form of one row of
// data/release-tag-inputs.tsv.
type releaseTagInputRow struct{ action, match, input string }

// ReleaseTagInput names the input of a release action (owner/repo[/path],
// any case, with or without @ref) that gives the tag of its release, the
// run's ref when the step does not set it; ok is false for an action
// data/release-tag-inputs.tsv does not list.
func ReleaseTagInput(action string) (input string, ok bool) {
	r, ok := actionRowOf(releaseTagInputTable[:], action, func(r releaseTagInputRow) (string, string) { return r.action, r.match })
	return r.input, ok
}

// ownRepoActionRow is the generated form of one row of
// data/own-repo-actions.tsv.
type ownRepoActionRow struct{ action, match string }

// ActsOnOwnRepo reports an action (owner/repo[/path], any case, with or
// without @ref) that works on the workflow's own repository with its token
// even when an input names another repository as its target
// (data/own-repo-actions.tsv).
func ActsOnOwnRepo(action string) bool {
	_, ok := actionRowOf(ownRepoActionTable[:], action, func(r ownRepoActionRow) (string, string) { return r.action, r.match })
	return ok
}

// deployBranchInputRow is the generated form of one row of
// data/deploy-branch-inputs.tsv.
type deployBranchInputRow struct{ action, match, input, value string }

// DeployBranchInput names the input of an action (owner/repo[/path], any
// case, with or without @ref) that publishes built files to a branch, and
// that input's default, the branch the action publishes to when the step
// does not set it; ok is false for an action data/deploy-branch-inputs.tsv
// does not list.
func DeployBranchInput(action string) (input, def string, ok bool) {
	r, ok := actionRowOf(deployBranchInputTable[:], action, func(r deployBranchInputRow) (string, string) { return r.action, r.match })
	return r.input, r.value, ok
}

// actionInputDefaultRow is the generated form of one row of
// data/action-input-defaults.tsv.
type actionInputDefaultRow struct{ action, input, value string }

// ActionInputDefault is the default of an action's input (owner/repo, any
// case, with or without @ref) as data/action-input-defaults.tsv writes it;
// ok is false when the table has no row for it.
func ActionInputDefault(action, input string) (string, bool) {
	name := actionKey(action)
	for _, r := range actionInputDefaultTable {
		if r.action == name && strings.EqualFold(r.input, input) {
			return r.value, true
		}
	}
	return "", false
}

// WorktreeDirInput names the input that gives the folder of the workspace
// an action of data/worktree-actions.tsv works in (git-auto-commit-action's
// repository), or for a PushesFolder row the folder it copies and pushes;
// "" when it has none.
func WorktreeDirInput(action string) string {
	r, _ := actionRowOf(worktreeActionTable[:], action, func(r worktreeActionRow) (string, string) { return r.action, r.match })
	return r.dirInput
}

// actionKey is how the action tables name an action: a uses: value in
// lower case, without its @ref, under its repository's current name
// (data/action-renames.tsv).
func actionKey(uses string) string {
	name := strings.ToLower(strings.TrimSpace(uses))
	if i := strings.IndexByte(name, '@'); i >= 0 {
		name = name[:i]
	}
	for _, r := range actionRenameTable {
		if rest, ok := strings.CutPrefix(name, r.from); ok && (rest == "" || strings.HasPrefix(rest, "/")) {
			return r.to + rest
		}
	}
	return name
}

// actionRenameRow is one row of data/action-renames.tsv.
type actionRenameRow struct{ from, to string }

// callerGrantRow is one row of data/caller-grants.tsv.
type callerGrantRow struct {
	workflow, perms string
}

// CallerGrants gives what the jobs of the reusable workflow a uses: value
// names ask of the calling job's GITHUB_TOKEN (caller-grants.tsv), or
// false when the table has no row for it.
func CallerGrants(uses string) (Permissions, bool) {
	name := actionKey(uses)
	for _, r := range callerGrantTable {
		if r.workflow == name {
			p, err := ParsePermissions(r.perms)
			return p, err == nil
		}
	}
	return nil, false
}

// closedUpstreamRow is the generated form of one row of
// data/closed-upstreams.tsv.
type closedUpstreamRow struct{ repo, fallback string }

// ClosedUpstream reports whether repo (owner/name) takes contributions only
// as pull requests from a user account's fork, where no organisation's App
// is installed (data/closed-upstreams.tsv), and what to keep instead.
func ClosedUpstream(repo string) (fallback string, ok bool) {
	for _, r := range closedUpstreamTable {
		if strings.EqualFold(r.repo, repo) {
			return r.fallback, true
		}
	}
	return "", false
}

// stepAllowlistRow is the generated form of one row of
// data/step-allowlist-actions.tsv.
type stepAllowlistRow struct {
	action, match, input, value string
	allowed                     []string
}

// StepAllowlist gives, for an action (owner/repo[/path], any case, with or
// without @ref) that accepts its job only when every step uses one of the
// allowed actions once input has value (data/step-allowlist-actions.tsv),
// that input, value and list; ok is false for an action the table does
// not list.
func StepAllowlist(action string) (input, value string, allowed []string, ok bool) {
	r, ok := actionRowOf(stepAllowlistTable[:], action, func(r stepAllowlistRow) (string, string) { return r.action, r.match })
	return r.input, r.value, r.allowed, ok
}

// UniquePerRun reports a value that holds an expression of the run's own
// number or ID (github.run_id, github.run_number), which no other run of
// the workflow has: a branch so named is made new by each run.
func UniquePerRun(v string) bool {
	for _, sp := range expression.Find(v) {
		for _, p := range sp.Parse().Paths() {
			if l := p.Lower(); l == "github.run_id" || l == "github.run_number" {
				return true
			}
		}
	}
	return false
}

// ownRepoTokenInputRow is the generated form of one row of
// data/own-repo-token-inputs.tsv.
type ownRepoTokenInputRow struct {
	action, input, permissions, unusedWhen, why string
}

// OwnRepoTokenInput is a token input of an action whose credential does
// one thing, in the workflow's own repository, whatever the step's other
// inputs name (data/own-repo-token-inputs.tsv): slash-command-dispatch's
// reaction-token adds a reaction to the command's comment.
type OwnRepoTokenInput struct {
	Permissions Permissions
	// UnusedInput and UnusedValue, when set, name the input whose value
	// (lower case) leaves the credential unused.
	UnusedInput, UnusedValue string
	Why                      string
}

// OwnRepoTokenInputOf is the row of the action uses (owner/repo[@ref])
// for its token input; ok is false when it has none.
func OwnRepoTokenInputOf(uses, input string) (OwnRepoTokenInput, bool) {
	name := actionKey(uses)
	input = strings.ToLower(input)
	for _, r := range ownRepoTokenInputTable {
		if r.action != name || r.input != input {
			continue
		}
		p, err := ParsePermissions(r.permissions)
		if err != nil {
			p = Permissions{} // a test checks every row parses
		}
		k, v, _ := strings.Cut(r.unusedWhen, "=")
		return OwnRepoTokenInput{Permissions: p, UnusedInput: strings.ToLower(k), UnusedValue: strings.ToLower(v), Why: r.why}, true
	}
	return OwnRepoTokenInput{}, false
}

// Unused reports whether the step's literal inputs leave the credential
// unused.
func (t OwnRepoTokenInput) Unused(inputs map[string]string) bool {
	v, given := inputs[t.UnusedInput]
	return t.UnusedInput != "" && given && strings.ToLower(strings.TrimSpace(v)) == t.UnusedValue
}

// mentionAgentRow is the generated form of one row of
// data/mention-agents.tsv.
type mentionAgentRow struct{ mention, agent string }

// AgentMentions lists the mentions of data/mention-agents.tsv that text
// writes (@codex as a word, in any case), with the agent each names:
// agents that act only when a person wrote the mention.
func AgentMentions(text string) (mentions, agents []string) {
	lower := strings.ToLower(text)
	for _, r := range mentionAgentTable {
		for i := 0; i < len(lower); {
			j := strings.Index(lower[i:], r.mention)
			if j < 0 {
				break
			}
			at, end := i+j, i+j+len(r.mention)
			if (at == 0 || !isMentionByte(lower[at-1])) && (end == len(lower) || !isMentionByte(lower[end])) {
				mentions, agents = append(mentions, r.mention), append(agents, r.agent)
				break
			}
			i = end
		}
	}
	return mentions, agents
}

// isMentionByte reports a byte of a login or an address around a mention
// (name@codex, @codex-bot): a mention is not part of one.
func isMentionByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || b == '-' || b == '_' || b == '@'
}
