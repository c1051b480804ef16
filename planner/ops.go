package planner

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/knowledge"
)

// analyzeOp maps one operation to the permissions it needs and to anything
// that stops a plain migration.
func (pl *planner) analyzeOp(fc *findingContext, op inventory.Operation) opResult {
	var r opResult
	switch op.Kind {
	case inventory.OpREST:
		r = pl.restNeeds(fc, op)
	case inventory.OpAction:
		r = pl.actionNeeds(fc, op)
	case inventory.OpGH:
		r = pl.ghNeeds(fc, op)
	case inventory.OpGraphQL:
		r = graphqlNeeds(fc, op)
	case inventory.OpGit:
		r = gitNeeds(op)
	case inventory.OpDocker:
		r = dockerNeeds(fc, op)
	case inventory.OpPackage:
		r = packageNeeds(op)
	case inventory.OpGhAW:
		r = ghawNeeds(fc, op)
	default:
		r.review = fmt.Sprintf("operation of unknown kind %q", op.Kind)
	}
	if r.notSupported == "" {
		r.closedUpstream(op, fc.repo)
	}
	r.evidence = validText(withText(op.Evidence, opLabel(op)))
	// A merge action merges the pull requests its labels or rules pick,
	// and gh pr merge on a pull request event (knowledge.OnPullRequests)
	// the one that started the run: whoever opened them.
	anyPR := (op.Kind == inventory.OpAction || op.Kind == inventory.OpGH && knowledge.OnPullRequests(fc.triggers)) && len(op.Repos) == 0
	switch {
	case r.review != "" || r.notSupported != "" || !mergesPullRequests(op):
	case fc.dependabotActions != "":
		// A dependency bot's GitHub Actions updates change
		// .github/workflows: an App merges them only with workflows: write.
		r.needs = append(r.needs, need{"workflows", "write"})
		r.evidence.Text += "; it merges a dependency bot's pull requests, and " + fc.dependabotActions + " updates GitHub Actions, whose pull requests change .github/workflows"
	case fc.anyAuthorBotActions != "" && anyPR:
		r.needs = append(r.needs, need{"workflows", "write"})
		which := "the pull requests its labels or rules pick, whoever opened them"
		if op.Kind == inventory.OpGH {
			which = "the pull request that started the run, whoever opened it"
		}
		r.evidence.Text += "; it merges " + which + ", and " + fc.anyAuthorBotActions + " updates GitHub Actions, whose pull requests change .github/workflows"
	case fc.mergesAnyAuthor && anyPR:
		// It merges whoever's pull requests: a person's, or those a
		// workflow of the repository opens (workflowPRs), may change
		// .github/workflows, which an App merges only with the
		// permission.
		r.needs = append(r.needs, need{"workflows", "write"})
		because := "one may change .github/workflows"
		if fc.workflowPRs != "" {
			because = fc.workflowPRs + " opens pull requests that change .github/workflows"
		}
		r.evidence.Text += "; it merges pull requests whoever opened them, and " + because
	default:
		r.notes = append(r.notes, mergeWorkflowsWarning)
	}
	if op.StartsWorkflows != "" && r.triggers == "" {
		r.triggers = "it " + activityDone(op.StartsWorkflows) + ", and " + op.StartsWorkflows
	}
	return r
}

// activityDone says what an operation does to issues and pull requests,
// by the activity types its StartsWorkflows text ends with ("... runs on
// labeled and closed"): "adds labels and closes issues or pull requests".
func activityDone(starts string) string {
	types := strings.Split(starts[strings.LastIndex(starts, " on ")+len(" on "):], " and ")
	var done []string
	has := func(t string) bool { return slices.Contains(types, t) }
	switch {
	case has("labeled") && has("unlabeled"):
		done = append(done, "adds and removes labels")
	case has("labeled"):
		done = append(done, "adds labels")
	case has("unlabeled"):
		done = append(done, "removes labels")
	}
	for _, t := range []struct{ typ, says string }{
		{"opened", "opens issues"},
		{"closed", "closes issues or pull requests"},
		{"reopened", "reopens issues or pull requests"},
	} {
		if has(t.typ) {
			done = append(done, t.says)
		}
	}
	if len(done) == 0 {
		return "changes issues or pull requests"
	}
	return strings.Join(done, " and ")
}

// closedUpstream makes an operation that writes to a public upstream
// taking contributions only as pull requests from a user account's fork
// (knowledge.ClosedUpstream) not supported: no organisation's App is
// installed there, but the upstream's own (the owner of ownRepo, the
// workflow's repository, when it is the upstream's).
func (r *opResult) closedUpstream(op inventory.Operation, ownRepo string) {
	writes := false
	for _, n := range r.needs {
		writes = writes || n.access == "write" || n.access == "admin"
	}
	if !writes {
		return
	}
	for _, repo := range op.Repos {
		if ownRepo != "" && strings.EqualFold(ownerOf(repo), ownerOf(ownRepo)) {
			// The upstream's own organisation runs the job: it can
			// install its App there (conda-forge's admin jobs push to
			// conda-forge/staged-recipes).
			continue
		}
		if fallback, closed := knowledge.ClosedUpstream(repo); closed {
			r.notSupported = fmt.Sprintf("%s writes to %s, which takes contributions only as pull requests from a user account's fork and has no organisation's App installed: no installation token can do it", op.Label(), repo)
			r.fallback = asSentence(fallback)
			return
		}
	}
}

// opLabel is the readable form of an operation for evidence lines: its
// label, and the text it was read from when that says more.
func opLabel(op inventory.Operation) string {
	ev := strings.TrimSpace(op.Evidence.Text)
	what := op.Label()
	if ev == "" || ev == what {
		return what
	}
	return what + " (" + ev + ")"
}

// narrowPerms drops issues or pull_requests from permissions that grant
// both alike (an action or a gh-aw safe output that handles issues and
// pull requests), when the workflow evidently works on one kind; it
// returns the note saying why, "" when it keeps both.
func (fc *findingContext) narrowPerms(perms knowledge.Permissions, what string) string {
	_, hasI := perms["issues"]
	_, hasP := perms["pull_requests"]
	if !hasI || !hasP || perms["issues"] != perms["pull_requests"] || fc.items.pr == fc.items.issue {
		return ""
	}
	keepI, keepP, note := fc.items.narrowShared()
	if keepI == keepP {
		return ""
	}
	if !keepI {
		delete(perms, "issues")
	}
	if !keepP {
		delete(perms, "pull_requests")
	}
	return strings.Replace(note, "shared endpoint", what, 1)
}

// eventPermissions lowers what an action needs only on events its
// workflow does not run on (knowledge.EventPermissions) to what it needs
// otherwise, and returns the note saying so ("" when nothing changed). A
// job whose events are not known here keeps them: a reusable workflow's
// are its callers', a composite action's those of the workflows using it.
func (fc *findingContext) eventPermissions(name, uses string, perms knowledge.Permissions) string {
	if len(fc.triggers) == 0 || slices.Contains(fc.triggers, "workflow_call") {
		return ""
	}
	var notes []string
	for _, ep := range knowledge.EventPermissions(uses) {
		if slices.ContainsFunc(fc.triggers, func(t string) bool { return slices.Contains(ep.Events, t) }) {
			continue
		}
		changed := false
		for n, a := range ep.Permissions {
			if perms[n] == a {
				delete(perms, n)
				changed = true
			}
		}
		if !changed {
			continue
		}
		perms.Merge(ep.Otherwise)
		notes = append(notes, fmt.Sprintf("%s needs %s only on %s, which the workflow does not run on (it runs on %s): %s", name, ep.Permissions, strings.Join(ep.Events, " or "), strings.Join(fc.triggers, ", "), ep.Why))
	}
	return strings.Join(notes, "; ")
}

// asSentence is a fallback's advice as the plan writes it: its first
// letter upper case and a full stop after it.
func asSentence(s string) string {
	return strings.ToUpper(s[:1]) + s[1:] + "."
}

// actionNeeds maps an action's token input to the action's permissions,
// with .pat2app.yaml `actions:` taking precedence.
func (pl *planner) actionNeeds(fc *findingContext, op inventory.Operation) opResult {
	var r opResult
	name := actionName(op.Action)
	if pl.cfg != nil {
		for k, v := range pl.cfg.Actions {
			if strings.EqualFold(actionName(k), name) {
				p := permsFromConfig(v)
				if op.TouchesWorkflows {
					p.Add("workflows", "write")
				}
				r.addNeeds(p)
				r.notes = append(r.notes, "permissions of "+k+" from .pat2app.yaml actions (override)")
				r.triggers = actionTriggers(name, p)
				r.supersedes = true
				return r
			}
		}
	}
	info, ok := knowledge.Action(op.Action)
	if !ok {
		r.review = fmt.Sprintf("action %s is not in the knowledge base: read what it does with the token, then add it to .pat2app.yaml actions:", name)
		return r
	}
	if info.Dynamic {
		// The scanner turns github-script calls and octokit routes into REST
		// and GraphQL operations of their own; the action itself needs none.
		if !fc.hasResolvedCalls {
			r.review = fmt.Sprintf("%s runs code whose API calls could not be resolved", name)
		}
		return r
	}
	if own, ok := knowledge.OwnRepoTokenInputOf(name, op.Input); ok {
		// A token input whose credential does one thing here, whatever
		// the step's other inputs say.
		if own.Unused(op.Inputs) {
			r.notes = append(r.notes, fmt.Sprintf("%s: its %s is not used with %s: %s", name, op.Input, own.UnusedInput, op.Inputs[own.UnusedInput]))
			return r
		}
		r.addNeeds(own.Permissions.AppOnly())
		r.notes = append(r.notes, name+": "+op.Input+": "+own.Why)
		return r
	}
	perms := info.Permissions.AppOnly()
	unavailable := info.Unavailable
	if unavailable != "" && info.Fallback != "" {
		r.fallback = asSentence(info.Fallback)
	}
	startsNone := ""
	triggers := info.Triggers
	// Replacing rows (knowledge.ReplacedPermissions) say all the action
	// does with the step's inputs; none that applies grants anything when
	// it makes no GitHub call at all.
	replaced, applied, isReplaced := knowledge.ReplacedPermissions(info.Inputs, op.Inputs)
	inert := false
	if isReplaced {
		perms = replaced.AppOnly()
		var by []string
		for _, in := range applied {
			v, given := op.Inputs[in.Input]
			if !given {
				v = "not given"
			}
			by = appendUnique(by, in.Input+": "+v)
		}
		what := "needs only " + perms.String()
		if inert = len(perms) == 0; inert {
			what = "makes no GitHub call"
		}
		note := fmt.Sprintf("%s with %s %s", name, strings.Join(by, ", "), what)
		for _, in := range applied {
			if in.Why != "" {
				note += ": " + in.Why
				break
			}
		}
		r.notes = append(r.notes, note)
	}
	for _, in := range info.Inputs {
		if in.Replaces || !in.Applies(op.Inputs) {
			continue
		}
		v, given := op.Inputs[in.Input]
		if !given {
			v = "not given"
		}
		if in.StartsNoWorkflows {
			startsNone = fmt.Sprintf("%s: %s: %s makes %s, which starts no workflow run", name, in.Input, v, in.Why)
		}
		if in.Triggers != "" {
			triggers = in.Triggers
		}
		if len(in.Permissions) > 0 {
			perms.Merge(in.Permissions.AppOnly())
			note := fmt.Sprintf("%s: %s: %s needs %s", name, in.Input, v, in.Permissions)
			if in.Why != "" {
				note += ": " + in.Why
			}
			r.notes = append(r.notes, note)
		}
		if in.Unavailable != "" && unavailable == "" {
			unavailable = in.Input + " " + v + ": " + in.Unavailable
			if in.Fallback != "" {
				r.fallback = asSentence(in.Fallback)
			}
		}
	}
	if note := fc.eventPermissions(name, op.Action, perms); note != "" {
		r.notes = append(r.notes, note)
	}
	if name == "peter-evans/create-or-update-comment" && (op.Inputs["reactions"] != "" || op.Inputs["reaction-type"] != "") && op.Inputs["body"] == "" && op.Inputs["body-path"] == "" && op.Inputs["body-file"] == "" {
		// Reactions only: POST .../issues/comments/{comment_id}/reactions,
		// which GitHub lists under issues alone.
		perms = knowledge.Permissions{"issues": "write"}
		r.notes = append(r.notes, name+": reactions only, which need issues: write on issue and pull request comments alike")
	}
	if info.NamedItems {
		r.notes = append(r.notes, name+" works on the issues and pull requests its release resolves, not on the event's: issues and pull_requests both stay")
	} else if note := fc.narrowPerms(perms, "action "+name); note != "" {
		r.notes = append(r.notes, note)
	}
	if op.TouchesWorkflows && !inert {
		// What it pushes can change .github/workflows (the scanner says why).
		perms.Add("workflows", "write")
	}
	if len(perms) > 1 {
		delete(perms, "metadata")
	}
	r.addNeeds(perms)
	if _, ok := info.Permissions["packages"]; ok && info.Registry != "" {
		r.registry = info.Registry
	}
	if info.Note != "" {
		r.notes = append(r.notes, name+": "+info.Note)
	}
	switch {
	case inert:
	case triggers != "" && startsNone != "":
		r.notes = append(r.notes, startsNone)
	case triggers != "":
		r.setTriggers(name, triggers)
	}
	r.blocker, r.otherRepos, r.otherReposWritten = info.Blocker, info.OtherRepos, info.OtherReposWritten
	if by, ok := knowledge.OwnRepoOnly(info.Inputs, op.Inputs); ok && r.otherRepos != "" {
		// The inputs that would send it elsewhere are not given.
		r.notes = append(r.notes, fmt.Sprintf("%s works on this repository only: %s not given, so it does not reach %s", name, strings.Join(by, " and "), r.otherRepos))
		r.otherRepos, r.otherReposWritten = "", false
	}
	if unavailable != "" {
		r.notSupported = name + ": " + unavailable
	}
	return r
}

// unavailableNeeds is the permission a fine-grained personal access token
// needs for the REST call ("PATCH /gists/{gist_id}") a gh form no
// installation token can run makes: the fallback token must have it (the
// account permission Gists: write for gh gist edit).
func unavailableNeeds(api string) []need {
	method, path, ok := strings.Cut(strings.TrimSpace(api), " ")
	if !ok {
		return nil
	}
	m, found := knowledge.MatchEndpoint(method, strings.TrimSpace(path))
	if !found {
		return nil
	}
	return patNeeds(m)
}

// patNeeds are the permissions a fine-grained personal access token needs
// for an endpoint: those of its rows, GitHub Apps' or not.
func patNeeds(m knowledge.EndpointMatch) []need {
	var out []need
	for _, row := range m.Rows {
		if row.Permission != "" {
			out = append(out, need{row.Permission, row.Access})
		}
	}
	return out
}

// actionName drops the @ref and lower-cases an action reference.
func actionName(uses string) string {
	n := strings.ToLower(strings.TrimSpace(uses))
	if i := strings.IndexByte(n, '@'); i >= 0 {
		n = n[:i]
	}
	return strings.Trim(n, "/")
}

// actionTriggers says why the writes of an in-house action (.pat2app.yaml
// actions:) should start other workflows: an action that needs contents:
// write pushes, tags, releases or opens pull requests, unless it only sends
// dispatches (which GITHUB_TOKEN may send). Actions of knowledge/data say it
// in their triggers_workflows column.
func actionTriggers(name string, perms knowledge.Permissions) string {
	if strings.Contains(name, "dispatch") || strings.Contains(name, "commit-comment") {
		return ""
	}
	if perms["contents"] == "write" {
		if perms["pull_requests"] == "write" {
			return name + " pushes branches or opens pull requests whose CI must run"
		}
		return name + " pushes commits, tags or releases that later workflows react to"
	}
	return ""
}

// ghNeeds maps a gh command line to its permissions.
func (pl *planner) ghNeeds(fc *findingContext, op inventory.Operation) opResult {
	var r opResult
	args := op.Args
	if ov, ok := pl.scriptOverride("gh " + strings.Join(args, " ")); ok {
		r.addNeeds(ov)
		r.notes = append(r.notes, "permissions from .pat2app.yaml scripts (override)")
		return r
	}
	forms := knowledge.MatchGHAll(args)
	if len(forms) == 0 {
		r.review = fmt.Sprintf("gh command %q is not in the knowledge base", "gh "+strings.Join(firstWords(args, 3), " "))
		return r
	}
	if forms[0].Command == "gh repo fork" && !hasFlag(args, "--org") {
		// Without --org the fork is made in the authenticated user's
		// account, which an installation token has none of (the row's
		// note; an installation token is refused with "Resource not
		// accessible by integration").
		r.notSupported = "gh repo fork without --org forks into the token user's own account, which an installation token does not have"
		// The fork is the token user's and its pull request goes to the
		// parent, of another owner: a fine-grained PAT has one resource
		// owner and cannot reach both.
		r.fallback = "Keep a classic PAT owned by a machine account (public_repo scope, repo for a private parent, and workflow when the pushed branch changes .github/workflows): the fork is in that account and its pull request goes to the parent, of another owner, which one fine-grained PAT cannot both reach."
		return r
	}
	if assignsCopilot(forms[0].Command, args) {
		r.notSupported = forms[0].Command + " assigns Copilot's coding agent, which GitHub's API does only for a user token (a personal access token or an App's user-to-server token), never an installation token"
		return r
	}
	perms := knowledge.Permissions{}
	for _, c := range forms {
		if c.Unavailable {
			r.notSupported = fmt.Sprintf("%s cannot run with a GitHub App installation token", c.Command)
			r.needs = append(r.needs, unavailableNeeds(c.API)...)
			return r
		}
		if c.Dynamic {
			if op.Path != "" && op.Method != "" && op.Method != "GH" {
				return pl.restNeeds(fc, op)
			}
			r.review = fmt.Sprintf("%s: the endpoint or query could not be resolved", c.Command)
			return r
		}
		perms.Merge(c.Permissions.AppOnly())
		if c.Triggers != "" && r.triggers == "" {
			r.setTriggers("it", c.Triggers)
		}
	}
	for _, c := range forms {
		if c.StartsNone {
			// A form whose events no workflow runs on (a draft release).
			r.triggers, r.events, r.eventsKnown = "", nil, false
			r.notes = append(r.notes, c.Command+": "+strings.SplitN(c.Notes, ";", 2)[0])
		}
	}
	// Classic Projects are retired; newer gh releases no longer query
	// projectCards, so the read is not planned.
	if _, ok := perms["repository_projects"]; ok && perms["repository_projects"] == "read" {
		delete(perms, "repository_projects")
		r.notes = append(r.notes, forms[0].Command+": repository_projects: read (classic projectCards) not planned; add it if an older gh fails with 'Resource not accessible by integration'")
	}
	// Default `gh pr view`/`gh pr checks` output reads check status; with
	// --json fields only the pull request is read.
	if hasFlag(args, "--json") || strings.HasPrefix(forms[0].Command, "gh pr view") {
		if forms[0].Command == "gh pr view" {
			delete(perms, "checks")
			delete(perms, "statuses")
		}
	}
	// A team as reviewer (ORG/TEAM) makes gh look the organization's
	// teams up, which an App token reads with members: read and
	// GITHUB_TOKEN cannot at all; a reviewer chosen at run time may be one.
	if team := teamReviewer(forms[0].Command, args); team != "" {
		perms.Add("members", "read")
		r.notes = append(r.notes, forms[0].Command+" "+team+": a team reviewer needs the organization's members: read, which GITHUB_TOKEN cannot be granted")
	}
	// gh pr create pushes the head branch only when it is not on the remote;
	// --head names a branch that already is.
	switch {
	case forms[0].Command == "gh pr create" && (hasFlag(args, "--head") || hasFlag(args, "-H")):
		delete(perms, "contents")
		r.notes = append(r.notes, "gh pr create --head: the branch is already pushed, so contents: write is not needed for it")
	case forms[0].Command == "gh pr create" && op.HeadPushed != "":
		delete(perms, "contents")
		r.notes = append(r.notes, "gh pr create: the script pushed the branch before with its upstream set ("+op.HeadPushed+"), so gh pushes nothing and contents: write is not needed for it")
	}
	if forms[0].Command == "gh pr merge" && hasFlag(args, "--admin") {
		r.notes = append(r.notes, adminMergeWarning)
	}
	// gh pr/issue shared commands (comment, edit --add-label) narrow to the
	// item kind they name.
	if strings.HasPrefix(forms[0].Command, "gh pr ") {
		if _, ok := perms["issues"]; ok && perms["pull_requests"] != "" {
			delete(perms, "issues")
		}
	}
	if len(perms) > 1 {
		delete(perms, "metadata")
	}
	r.addNeeds(perms)
	return r
}

func hasFlag(args []string, flag string) bool {
	for _, a := range args {
		if a == flag || strings.HasPrefix(a, flag+"=") {
			return true
		}
	}
	return false
}

// flagValue is the value of a command's flag, given as --flag VALUE or
// --flag=VALUE; ok is false when the flag is not given.
func flagValue(args []string, flag string) (string, bool) {
	if vs, _ := inventory.FlagValues(args, flag); len(vs) > 0 {
		return vs[0], true
	}
	return "", false
}

func firstWords(args []string, n int) []string {
	var out []string
	for _, a := range args {
		if strings.HasPrefix(a, "-") || len(out) == n {
			break
		}
		out = append(out, a)
	}
	return out
}

// scriptOverride looks a command up in .pat2app.yaml `scripts:`; the key
// matches when the command line starts with it.
func (pl *planner) scriptOverride(cmdline string) (knowledge.Permissions, bool) {
	if pl.cfg == nil {
		return nil, false
	}
	best := ""
	for k := range pl.cfg.Scripts {
		if strings.HasPrefix(cmdline, k) && len(k) > len(best) {
			best = k
		}
	}
	if best == "" {
		return nil, false
	}
	return permsFromConfig(pl.cfg.Scripts[best]), true
}

// gitNeeds maps git commands over HTTPS with the credential to contents.
func gitNeeds(op inventory.Operation) opResult {
	var r opResult
	name := strings.ToLower(strings.TrimSpace(op.Name))
	switch {
	case strings.HasPrefix(name, "push"):
		r.needs = []need{{"contents", "write"}}
		if op.TouchesWorkflows && !op.Wiki {
			// A wiki's repository runs no workflows: whatever its tree
			// holds, a push there asks no workflows permission.
			r.needs = append(r.needs, need{"workflows", "write"})
		}
		switch {
		case op.Wiki:
			r.setTriggers("it", pushWikiTriggers)
		case op.TagsOnly:
			r.setTriggers("it", pushTagsTriggers)
		default:
			r.setTriggers("it", pushTriggers)
		}
		if op.PRHead != "" {
			r.notes = append(r.notes, forkHeadWarning+" ("+op.PRHead+")")
		}
	case name == "clone", name == "fetch", name == "pull", name == "ls-remote", name == "submodule", strings.HasPrefix(name, "clone"), strings.HasPrefix(name, "fetch"):
		r.needs = []need{{"contents", "read"}}
	default:
		r.review = fmt.Sprintf("git %s with the credential: check what it reads or writes", op.Name)
	}
	return r
}

// The triggers texts of git pushes (knowledge/data/trigger-events.tsv
// lists their events).
const (
	pushTagsTriggers = "pushes tags that later workflows react to"
	pushTriggers     = "pushes commits that CI or later workflows must see"
	pushWikiTriggers = "pushes wiki pages, which workflows on gollum react to"
	// publishTriggers is said of a push to GitHub Packages.
	publishTriggers = "publishes packages, which workflows on registry_package react to"
)

// warnPresenceTest is said of a credential that is only tested (an if:,
// a script's check that it is set): the test may decide what runs.
const warnPresenceTest = "where the reference tests that the secret is set and that test decides which steps or jobs run (an if:, a step output a later job reads), point the test at the credential that replaces this one rather than deleting it"

// pushWithoutCredentialWarning is said of a job with a git push over
// HTTPS that no credential the scan sees reaches.
const pushWithoutCredentialWarning = "a git push in this job has no credential the scan sees (no token in its remote's URL or the git configuration, and no checkout credential: persist-credentials: false, or no checkout): it fails today unless the runner has one set up out of view; if this job's token is meant for it, the plan's permissions do not yet cover it (a push needs contents: write, and workflows: write when it carries workflow changes)"

// adminMergeWarning is what gh pr merge --admin needs beyond permissions.
const adminMergeWarning = "gh pr merge --admin merges past branch protection with the token owner's admin rights: an App merges that way only when it is added to the bypass list of the branch's ruleset or protection rule; otherwise the merge waits for the required reviews and checks"

// forkHeadWarning is what a push to a pull request's head branch cannot
// do with an installation token.
const forkHeadWarning = "git push to a pull request's head branch: for a pull request from a fork that branch is in the contributor's repository, where neither GITHUB_TOKEN nor an installation token of this organisation's App can push (only a user's token can, when the contributor allows edits by maintainers); the App covers pull requests from this repository's own branches, while for fork pull requests the push keeps failing and the contributor applies the change, unless a user's token is kept for them"

// dockerNeeds maps ghcr.io logins, pulls and pushes to packages; GitHub
// Packages does not reliably accept App installation tokens. A push to
// another account's namespace (ghcr.io/OTHER/...) is for a personal token:
// GITHUB_TOKEN reaches only packages that grant its repository access,
// which another account's packages cannot.
func dockerNeeds(fc *findingContext, op inventory.Operation) opResult {
	var r opResult
	// A login alone reads (pulls); pushes are their own operations.
	access := "read"
	if op.Writes || strings.HasPrefix(strings.ToLower(op.Name), "push") {
		access = "write"
	}
	if own, _, ok := strings.Cut(fc.repo, "/"); ok && access == "write" {
		// The images the step names, and those the job's matrix names
		// when the step's are made at run time (possible targets only).
		named, fromMatrix, _ := strings.Cut(op.Path, inventory.MatrixImages)
		others := otherGhcrOwners(named, own)
		if len(others) > 0 {
			r.notSupported = op.Label() + " pushes images under ghcr.io/" + strings.Join(others, ", ghcr.io/") + ", another account's packages: GITHUB_TOKEN reaches only packages that grant this repository access, which another account's cannot, and ghcr.io takes no App installation token"
		} else if others := otherGhcrOwners(fromMatrix, own); len(others) > 0 {
			r.review = "its images are named at run time, and the job's matrix names images under ghcr.io/" + strings.Join(others, ", ghcr.io/") + ", another account's: a push there needs a personal token (GITHUB_TOKEN reaches only packages that grant this repository access, which another account's cannot, and ghcr.io takes no App installation token); check which images the step pushes"
		}
	}
	r.needs = []need{{"packages", access}}
	r.registry = "ghcr.io"
	if access == "write" {
		r.setTriggers("it", publishTriggers)
	}
	return r
}

// otherGhcrOwners lists, lower case, the accounts other than own of the
// ghcr.io images text names.
func otherGhcrOwners(text, own string) []string {
	var out []string
	for _, m := range ghcrOwnerRE.FindAllStringSubmatch(text, -1) {
		if o := m[1]; !strings.EqualFold(o, own) {
			out = appendUnique(out, strings.ToLower(o))
		}
	}
	return out
}

// ghcrOwnerRE finds the account of each ghcr.io image named in a text: a
// literal name, not a placeholder or variable.
var ghcrOwnerRE = regexp.MustCompile(`(?i)ghcr\.io/([a-z0-9][a-z0-9-]*)/`)

// packageNeeds maps GitHub Packages registry use (npm, Maven, NuGet...).
func packageNeeds(op inventory.Operation) opResult {
	var r opResult
	access := "read"
	if op.Writes {
		access = "write"
	}
	r.needs = []need{{"packages", access}}
	r.registry = registryName(op.Name)
	if access == "write" {
		r.setTriggers("it", publishTriggers)
	}
	return r
}

func registryName(s string) string {
	for _, h := range knowledge.PackagesRegistries() {
		if strings.Contains(strings.ToLower(s), h) {
			return h
		}
	}
	return "GitHub Packages"
}

// mergeWorkflowsWarning is said of a merge of pull requests whose changes
// are not known: one that touches .github/workflows needs more.
const mergeWorkflowsWarning = "merging a pull request whose changes touch .github/workflows needs workflows: write, which this plan does not grant: add it if the pull requests merged here can change workflows"

// mergesPullRequests reports an operation that merges a pull request
// (knowledge.MergesPullRequests).
func mergesPullRequests(op inventory.Operation) bool {
	switch op.Kind {
	case inventory.OpREST:
		// Only a PUT to a path that ends in /merge can be one: the
		// endpoint is matched for those alone.
		if !strings.EqualFold(op.Method, "PUT") || !strings.HasSuffix(strings.TrimRight(op.Path, "/"), "/merge") {
			return false
		}
		if m, ok := knowledge.MatchEndpoint(op.Method, op.Path); ok {
			return knowledge.MergesPullRequests(string(op.Kind), m.Method+" "+m.Template)
		}
	case inventory.OpGraphQL:
		return knowledge.MergesPullRequests(string(op.Kind), op.Name)
	case inventory.OpGH:
		if !strings.HasPrefix(op.Name, "gh pr merge") {
			return false
		}
		if forms := knowledge.MatchGHAll(op.Args); len(forms) > 0 {
			return knowledge.MergesPullRequests(string(op.Kind), forms[0].Command)
		}
	case inventory.OpAction:
		return knowledge.MergesPullRequests(string(op.Kind), actionName(op.Action))
	}
	return false
}

// teamReviewer is the reviewer flag of gh pr create or gh pr edit that
// names a team (ORG/TEAM) or a value chosen at run time, as written
// ("--reviewer acme/docs"); "" when every reviewer given is a user.
func teamReviewer(command string, args []string) string {
	var flags []string
	switch command {
	case "gh pr create":
		flags = []string{"--reviewer", "-r"}
	case "gh pr edit":
		flags = []string{"--add-reviewer", "--remove-reviewer"}
	default:
		return ""
	}
	for _, f := range flags {
		vs, _ := inventory.FlagValues(args, f)
		for _, v := range vs {
			if strings.Contains(v, "/") || strings.ContainsAny(v, "{$") {
				return f + " " + v
			}
		}
	}
	return ""
}

// assignsCopilot reports a gh issue or pr command that assigns Copilot
// (--add-assignee @copilot, --assignee copilot).
func assignsCopilot(command string, args []string) bool {
	if !strings.HasPrefix(command, "gh issue ") && !strings.HasPrefix(command, "gh pr ") {
		return false
	}
	vs, _ := inventory.FlagValues(args, "--add-assignee", "--assignee", "-a")
	for _, v := range vs {
		for _, who := range strings.Split(v, ",") {
			if w := strings.ToLower(strings.TrimSpace(who)); w == "@copilot" || w == "copilot" {
				return true
			}
		}
	}
	return false
}
