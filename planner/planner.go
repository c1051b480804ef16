// Package planner turns an inventory of credentials into a migration plan:
// for every job the smallest GitHub App permission set (each permission
// justified by the operations that need it), a decision (GITHUB_TOKEN with a
// permissions: block, a GitHub App, manual review or not supported), Apps
// grouped by trust level, the PAT secrets that become deletable and a
// 7-day rollout.
package planner

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/pat2app/pat2app/config"
	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/knowledge"
)

// Options configure Build.
type Options struct {
	// Config is the parsed .pat2app.yaml (in-house actions, scripts and
	// endpoint overrides); nil means none.
	Config *config.Config
	// Annotations are what the team recorded in an edited workbook, by
	// fingerprint: each job gets its own, and the rollout puts
	// business-critical jobs first and migrated or kept ones last.
	Annotations map[string]Annotation
	// Harden puts the hardening jobs (GITHUB_TOKEN and App tokens to
	// narrow) in the rollout too: Apps, a slice of their own. Without it
	// they are planned, listed apart and left out of the rollout.
	Harden bool
	// RepoConfig is, by repository name, the configuration of a repository
	// that has its own (a checkout's .pat2app.yaml over Config): its
	// findings' actions, scripts and endpoints come from it. What spans
	// the plan (App names, the token step) is always Config's.
	RepoConfig map[string]*config.Config
}

// planner holds what one Build needs; it has no state across builds.
type planner struct {
	cfg *config.Config
	// vis says which repositories are public.
	vis visibility
	// workflowPRs names, by repository (lower case), a job whose pull
	// requests can change .github/workflows (workflowPullRequests).
	workflowPRs map[string]string
}

// findingContext is what the mapping of one finding's operations needs to
// know about the rest of the finding.
type findingContext struct {
	items itemContext
	// orgProjects is true when the job works on organization Projects.
	orgProjects bool
	// hasResolvedCalls is true when the scanner resolved REST or GraphQL
	// calls for the finding (github-script code, octokit routes).
	hasResolvedCalls bool
	// dependabotActions is inventory.JobInfo.DependabotActions: the job
	// handles Dependabot's pull requests, which change .github/workflows.
	dependabotActions string
	// anyAuthorBotActions is inventory.JobInfo.AnyAuthorBotActions.
	anyAuthorBotActions string
	// workflowPRs is, for a job that merges any author's pull requests
	// (inventory.JobInfo.MergesAnyAuthor), a job of the same repository
	// whose pull requests can change .github/workflows.
	workflowPRs string
	// repo is the workflow's repository (owner/name; "" when not known).
	repo string
	// triggers are the workflow's events (inventory.JobInfo.Triggers).
	triggers []string
	// mergesAnyAuthor is inventory.JobInfo.MergesAnyAuthor.
	mergesAnyAuthor bool
}

// Build plans every finding of inv. Findings of kind not_github are not
// GitHub credentials and get no job. The result's order is deterministic.
func Build(ctx context.Context, inv *inventory.Inventory, opts Options) (*Plan, error) {
	if inv == nil {
		return nil, fmt.Errorf("plan: no inventory")
	}
	cfg := opts.Config
	if cfg == nil {
		cfg = config.Default()
	}
	workflowPRs := workflowPullRequests(inv.Findings)
	pl := &planner{cfg: cfg, vis: newVisibility(inv, cfg), workflowPRs: workflowPRs}
	own := map[*config.Config]*planner{}
	plan := &Plan{
		SchemaVersion: SchemaVersion,
		Complete:      inv.Complete,
		Jobs:          []Job{},
		Apps:          []App{},
		Secrets:       []SecretPlan{},
		Slices:        []Slice{},
		Rollout:       []RolloutDay{},
		Harden:        opts.Harden,
	}
	findings := append([]inventory.Finding(nil), inv.Findings...)
	sort.SliceStable(findings, func(i, j int) bool { return inventory.CompareFindings(&findings[i], &findings[j]) < 0 })
	for i := range findings {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("plan: %w", err)
		}
		f := &findings[i]
		if f.Kind == inventory.KindNotGitHub {
			continue
		}
		p := pl
		if rc := opts.RepoConfig[f.Repo]; rc != nil {
			// A checkout's own configuration adds to what the inventory
			// knows of repositories' visibility; it does not replace it.
			if own[rc] == nil {
				own[rc] = &planner{cfg: rc, vis: newVisibility(inv, rc), workflowPRs: workflowPRs}
			}
			p = own[rc]
		}
		plan.Jobs = append(plan.Jobs, p.planJob(f))
	}
	step := cfg.TokenStep.WithDefaults()
	plan.Apps = groupApps(plan.Jobs, opts.Harden, cfg, step)
	for i := range plan.Jobs {
		finishJob(&plan.Jobs[i], plan.Apps, step)
		plan.Jobs[i].OfflineOnly = offlineOnly(&plan.Jobs[i])
	}
	linkCalls(plan.Jobs, findings)
	keptSecretChecks(plan.Jobs)
	jobBlocks(plan.Jobs)
	annotate(plan.Jobs, opts.Annotations)
	plan.Slices = buildSlices(plan.Jobs, opts.Harden)
	orderSlices(plan.Jobs, plan.Slices)
	plan.Secrets = planSecrets(plan.Jobs, plan.Slices, opts.Harden, inv.Secrets)
	fillDeletable(plan.Slices, plan.Secrets)
	plan.Rollout = buildRollout(plan)
	for _, e := range inv.Errors {
		plan.Errors = append(plan.Errors, PlanError{Repo: e.Repo, File: e.File, Line: e.Line, Message: e.Message})
	}
	return plan, nil
}

// withoutFallbackUses is the built-in token's finding without the
// operations and unresolved parts of the lines where it is only another
// credential's fallback (inventory.Finding.FallbackLines): the other
// credential's plan covers them, and the built-in token is planned for
// what it alone does. Other findings are returned as they are.
func withoutFallbackUses(f *inventory.Finding) *inventory.Finding {
	if f.Kind != inventory.KindGitHubToken || len(f.FallbackLines) == 0 {
		return f
	}
	at := func(e inventory.Evidence) bool { return e.File == "" && slices.Contains(f.FallbackLines, e.Line) }
	g := *f
	g.Operations = slices.DeleteFunc(slices.Clone(f.Operations), func(op inventory.Operation) bool { return at(op.Evidence) })
	g.Unresolved = slices.DeleteFunc(slices.Clone(f.Unresolved), func(u inventory.Unresolved) bool { return at(u.Evidence) })
	g.Uses = slices.DeleteFunc(slices.Clone(f.Uses), func(u inventory.Use) bool { return slices.Contains(f.FallbackLines, u.Line) })
	return &g
}

// evidenceEntry is one operation that needs a permission, at access.
type evidenceEntry struct {
	access   string
	evidence inventory.Evidence
}

// workflowPullRequests names, by repository (lower case), the first job
// (by file and job) that opens pull requests in its own repository whose
// changes can touch .github/workflows: an operation that opens a pull
// request (gh pr create, a REST POST to /pulls, an action whose row opens
// them) and may change workflows. A job elsewhere in the repository that
// merges any author's pull requests merges those too.
func workflowPullRequests(findings []inventory.Finding) map[string]string {
	out := map[string]string{}
	for i := range findings {
		f := &findings[i]
		for _, op := range f.Operations {
			if !op.TouchesWorkflows || !opensPullRequest(op) || len(op.Repos) > 0 && !slices.ContainsFunc(op.Repos, func(r string) bool { return strings.EqualFold(r, f.Repo) }) {
				continue
			}
			k := strings.ToLower(f.Repo)
			what := fmt.Sprintf("%s job %s (line %d: %s)", f.File, f.Job, op.Evidence.Line, opLabel(op))
			if prev, ok := out[k]; !ok || what < prev {
				out[k] = what
			}
		}
	}
	return out
}

// opensPullRequest reports an operation that opens a pull request.
func opensPullRequest(op inventory.Operation) bool {
	switch op.Kind {
	case inventory.OpGH:
		return strings.HasPrefix(op.Name, "gh pr create")
	case inventory.OpREST:
		return op.Method == "POST" && strings.HasSuffix(op.Path, "/pulls")
	case inventory.OpAction:
		info, ok := knowledge.ActionShared(op.Path)
		if !ok {
			return false
		}
		events, _ := knowledge.TriggerEvents(info.Triggers)
		return slices.Contains(events, knowledge.EventPullRequest)
	}
	return false
}

// planJob plans one finding.
func (pl *planner) planJob(f *inventory.Finding) Job {
	f = withoutFallbackUses(f)
	j := Job{
		Fingerprint: f.Fingerprint,
		Repo:        f.Repo,
		File:        f.File,
		Job:         f.Job,
		Credential:  f.Credential,
		Kind:        f.Kind,
		Part:        PartOf(f.Kind),
		Permissions: map[string]string{},
		Evidence:    map[string][]PermissionEvidence{},
		Reasons:     []string{},
		CrossRepo:   f.CrossRepo,
		Lines:       append([]int(nil), f.Lines...),
		Confidence:  f.Confidence,
	}
	fc := &findingContext{items: newItemContext(f), repo: f.Repo}
	if f.JobInfo != nil {
		fc.triggers = f.JobInfo.Triggers
		fc.dependabotActions = f.JobInfo.DependabotActions
		fc.anyAuthorBotActions = f.JobInfo.AnyAuthorBotActions
		if f.JobInfo.MergesAnyAuthor {
			fc.workflowPRs = pl.workflowPRs[strings.ToLower(f.Repo)]
			fc.mergesAnyAuthor = true
		}
	}
	for _, op := range f.Operations {
		switch op.Kind {
		case inventory.OpREST, inventory.OpGraphQL, inventory.OpGhAW:
			// gh-aw operations stand for the code of the runtime's
			// scripts, read from knowledge/data.
			fc.hasResolvedCalls = true
		}
		p := strings.ToLower(op.Path + " " + op.Name)
		if strings.Contains(p, "/orgs/") && strings.Contains(p, "project") || strings.Contains(p, "projectv2") || strings.Contains(p, "projectnext") {
			fc.orgProjects = true
		}
	}

	ops, answeredUses := pl.opsFromUses(f)
	perms := knowledge.Permissions{}
	evid := map[string][]evidenceEntry{}
	var unsupported, fallbacks, registries, triggers, notes, extraBlockers, otherRepos []string
	// deadTriggers are, for the built-in token, the tags and releases it
	// makes that a workflow of the repository listens for: they start no
	// run today.
	var deadTriggers []string
	var reviews []inventory.Evidence
	// byDefault are actions not read that may take the workflow's token
	// by an input's default (inventory.Unresolved.ByDefault).
	var byDefault []inventory.Evidence
	runTimeSaid := map[string]bool{} // run-time repositories a review item names
	unresolvedAt := map[place]bool{}
	for _, u := range f.Unresolved {
		unresolvedAt[placeOf(u.Evidence)] = true
	}
	answered := answeredUses
	for _, op := range ops {
		if acct := resourceAccount(op); acct != "" && !strings.EqualFold(acct, ownerOf(f.Repo)) && ownerOf(f.Repo) != "" {
			j.resourceAccounts = appendUnique(j.resourceAccounts, acct)
			if strings.ContainsAny(acct, "{$") {
				reviews = appendUnique(reviews, withText(op.Evidence, fmt.Sprintf(reviewRunTimeAccount, op.Name, acct)))
			} else {
				notes = appendUnique(notes, fmt.Sprintf("line %d: %s works on a Project or organisation of %s, another account than the workflow's: the token must be minted from the App's installation on %s (owner: %s)", op.Evidence.Line, op.Name, acct, acct, acct))
			}
		}
	}
	j.ownRepo = len(ops) == 0 || f.Repo == ""
	for _, op := range ops {
		if len(op.Repos) == 0 || slices.ContainsFunc(op.Repos, func(r string) bool { return strings.EqualFold(r, f.Repo) }) {
			j.ownRepo = true
		}
	}
	for _, op := range ops {
		if pl.vis.readsPublicOnly(op, f.Repo) {
			// A public repository is readable with any token.
			notes = appendUnique(notes, "line "+strconv.Itoa(op.Evidence.Line)+": reads the public repository "+strings.Join(op.Repos, ", ")+": no permission and no App are needed for it")
			continue
		}
		r := pl.analyzeOp(fc, op)
		for _, repo := range op.Repos {
			if !inventory.IsRunTimeRepo(repo) {
				continue
			}
			runTimeSaid[repo] = true
			if builtinsOwnRepo(f, repo) {
				notes = appendUnique(notes, fmt.Sprintf(noteRunTimeRepoBuiltin, op.Evidence.Line, op.Name, repo))
			} else {
				reviews = appendUnique(reviews, withText(op.Evidence, fmt.Sprintf(reviewRunTimeRepo, op.Name, repo)))
			}
		}
		if r.supersedes {
			answered[placeOf(op.Evidence)] = true
		}
		if r.blocker != "" {
			extraBlockers = appendUnique(extraBlockers, withText(op.Evidence, r.blocker).String())
		}
		if r.otherRepos != "" && f.Kind == inventory.KindGitHubToken {
			// The built-in token reaches them today (they grant this
			// repository access) or the step fails today: neither is
			// a reason to move it.
			notes = appendUnique(notes, op.Name+" works on "+r.otherRepos+"; the built-in token reaches them only where they grant this repository access")
		} else if r.otherRepos != "" && !slices.ContainsFunc(op.Repos, func(r string) bool { return !strings.EqualFold(r, f.Repo) }) {
			// The step names none of them (one that does is planned by
			// the repositories it names, which make the job cross-repo).
			otherRepos = appendUnique(otherRepos, r.otherRepos)
			if len(op.Repos) == 0 && r.otherReposWritten && r.notSupported == "" && !unresolvedAt[placeOf(op.Evidence)] {
				// Writes into repositories the step does not name: whether
				// an installation can reach them (a user's fork, another
				// organisation) decides between an App and no App.
				reviews = appendUnique(reviews, withText(op.Evidence, fmt.Sprintf(reviewUnnamedRepos, op.Name, r.otherRepos)))
			}
		}
		onOwn := len(op.Repos) == 0 || slices.ContainsFunc(op.Repos, func(r string) bool { return strings.EqualFold(r, f.Repo) })
		for _, n := range r.needs {
			if onOwn && n.access == "write" && n.perm != "members" && !strings.HasPrefix(n.perm, "organization_") {
				j.writesOwnRepo = true
			}
			perms.Add(n.perm, n.access)
			ev := r.evidence
			if n.perm == "workflows" && op.WorkflowsBecause != "" {
				ev.Text += "; " + op.WorkflowsBecause
			}
			evid[n.perm] = append(evid[n.perm], evidenceEntry{n.access, ev})
		}
		if r.review != "" && !unresolvedAt[placeOf(op.Evidence)] {
			reviews = appendUnique(reviews, withText(op.Evidence, r.review))
		}
		if r.notSupported != "" {
			unsupported = appendUnique(unsupported, withText(op.Evidence, r.notSupported).String())
		}
		if r.fallback != "" {
			fallbacks = appendUnique(fallbacks, r.fallback)
		}
		if r.registry != "" {
			registries = appendUnique(registries, r.registry)
		}
		if note := skipsCI(f.JobInfo, op, &r); note != "" {
			notes = appendUnique(notes, note)
		}
		if note := packageListeners(f.JobInfo, op, &r, onOwn); note != "" {
			notes = appendUnique(notes, note)
		}
		if r.triggers != "" {
			ofRunTag := releasesRunTag(f.JobInfo, op, &r)
			heard, toBranch := deployBranchListeners(f.JobInfo, op, &r, onOwn)
			heard, toTag := tagListeners(heard, op, &r, onOwn)
			before := len(triggers)
			notes, triggers = sayTriggers(heard, r, onOwn, f.Kind == inventory.KindGitHubToken, op.Evidence, ofRunTag+toBranch+toTag, notes, triggers)
			if f.Kind == inventory.KindGitHubToken && len(triggers) > before {
				for _, l := range releaseListeners(f.JobInfo, r, onOwn) {
					deadTriggers = appendUnique(deadTriggers, l)
				}
			}
		}
		for _, n := range r.notes {
			notes = appendUnique(notes, n)
		}
	}
	for _, u := range f.Unresolved {
		if answered[placeOf(u.Evidence)] {
			continue
		}
		if r, ok := pl.commandNeeds(u); ok {
			ev := validText(u.Evidence)
			for _, n := range r.needs {
				perms.Add(n.perm, n.access)
				evid[n.perm] = append(evid[n.perm], evidenceEntry{n.access, ev})
			}
			if r.triggers != "" {
				// A tool's repository is the finding's: its own unless a
				// use names another.
				onOwn := !slices.ContainsFunc(f.TargetRepos, func(t string) bool { return t != "" && !strings.EqualFold(t, f.Repo) })
				notes, triggers = sayTriggers(f.JobInfo, r, onOwn, f.Kind == inventory.KindGitHubToken, u.Evidence, "", notes, triggers)
			}
			if r.notSupported != "" {
				unsupported = appendUnique(unsupported, withText(u.Evidence, r.notSupported).String())
			}
			if r.fallback != "" {
				fallbacks = appendUnique(fallbacks, r.fallback)
			}
			for _, n := range r.notes {
				notes = appendUnique(notes, n)
			}
			continue
		}
		ev := validText(u.Evidence)
		if u.Reason != "" {
			ev.Text += " (" + u.Reason + ")"
		}
		if u.ByDefault {
			byDefault = appendUnique(byDefault, ev)
			continue
		}
		reviews = appendUnique(reviews, ev)
	}
	if len(f.AgentMentions) > 0 && (perms["issues"] == "write" || perms["pull_requests"] == "write" || perms["discussions"] == "write") {
		// What the job posts mentions an agent that acts only on a
		// person's mentions: an installation token posts as a bot.
		for _, m := range f.AgentMentions {
			unsupported = appendUnique(unsupported, fmt.Sprintf(reasonAgentMention, m.String()))
		}
		fallbacks = appendUnique(fallbacks, fallbackAgentMention)
	}
	// metadata: read is implied; list it only when it is the only need.
	if len(perms) > 1 {
		delete(perms, "metadata")
	}
	for name, access := range perms {
		j.Permissions[name] = access
		key := name + ":" + access
		for _, e := range evid[name] {
			pe := PermissionEvidence{Evidence: e.evidence}
			if e.access != access {
				pe.Needs = e.access
			}
			j.Evidence[key] = appendUnique(j.Evidence[key], pe)
		}
		sort.SliceStable(j.Evidence[key], func(a, b int) bool { return j.Evidence[key][a].Line < j.Evidence[key][b].Line })
	}

	targets := map[string]bool{}
	for _, t := range f.TargetRepos {
		if t != "" && !strings.EqualFold(t, f.Repo) {
			targets[t] = true
		}
	}
	for _, op := range f.Operations {
		for _, r := range op.Repos {
			if r != "" && f.Repo != "" && !strings.EqualFold(r, f.Repo) {
				targets[r] = true
			}
		}
	}
	j.TargetRepos = sortedKeys(targets)
	for _, t := range j.TargetRepos {
		if inventory.IsRunTimeRepo(t) && !runTimeSaid[t] && !builtinsOwnRepo(f, t) {
			// Named by the finding, not by an operation (a checkout's or
			// an action's repository input).
			reviews = appendUnique(reviews, inventory.Evidence{Text: fmt.Sprintf(reviewRunTimeRepo, "the job", t)})
		}
	}
	if len(j.TargetRepos) > 0 || len(otherRepos) > 0 {
		j.CrossRepo = true
	}

	var noGT []string
	for _, name := range perms.Names() {
		if _, ok := knowledge.GitHubTokenScope(name); !ok {
			noGT = append(noGT, name)
		}
	}
	fallbackToGT := len(f.BuiltinFallbackLines) > 0
	j.fallsBack = fallbackToGT && f.Kind != inventory.KindGitHubToken
	// Repositories only read need no App when they are public; which are
	// is known from an organisation scan or .pat2app.yaml public_repos,
	// and the others are taken as private.
	readOnlyRepos := repoAccess(f, j.TargetRepos)
	// The built-in token reads another repository only when it is
	// public, so what a github.token row reads elsewhere it reads today.
	readsToday := fallbackToGT || f.Kind == inventory.KindGitHubToken
	// The built-in token, a value that falls back to it, or an App's
	// token already minted reads what it reads today; a PAT's reads of
	// another account's private repository need a token of their own.
	readsCount := !readsToday && f.Kind != inventory.KindAppToken
	j.writtenAccounts = writtenAccounts(f.Repo, &j, readOnlyRepos, pl.vis, readsCount)
	if accts := j.writtenAccounts; len(accts) > 1 {
		// One installation token covers one account: the job as written
		// hands one token to write to several.
		reviews = appendUnique(reviews, inventory.Evidence{Text: fmt.Sprintf(reviewAccounts, strings.Join(accts, ", "))})
	}
	var blockingRepos, assumedPrivate []string
	for _, t := range j.TargetRepos {
		k := strings.ToLower(t)
		switch {
		case builtinsOwnRepo(f, t):
		case readOnlyRepos[k] && pl.vis.isPublic(t):
		case readOnlyRepos[k] && readsToday:
			assumedPrivate = append(assumedPrivate, t)
		default:
			blockingRepos = append(blockingRepos, t)
			if readOnlyRepos[k] && !pl.vis.isKnown(t) {
				assumedPrivate = append(assumedPrivate, t)
			}
		}
	}
	crossBlocks := len(blockingRepos) > 0 || len(otherRepos) > 0 || j.CrossRepo && len(j.TargetRepos) == 0
	if len(assumedPrivate) > 0 {
		switch {
		case fallbackToGT:
			j.Warnings = append(j.Warnings, "the other repositories ("+strings.Join(assumedPrivate, ", ")+") are only read and the expression already falls back to github.token, which can read public repositories; if one of them is private, a GitHub App installed on it is needed")
		case readsToday:
			j.Warnings = append(j.Warnings, "the other repositories ("+strings.Join(assumedPrivate, ", ")+") are only read, with the built-in token, which can read them only if they are public; if one of them is private, this step fails today, and a GitHub App installed on it is needed")
		default:
			j.Warnings = append(j.Warnings, "the scan could not see whether "+strings.Join(assumedPrivate, ", ")+" "+isAre(len(assumedPrivate))+" public, so the plan takes "+itThem(len(assumedPrivate))+" as private; a job that only reads public repositories needs no App there: name them in .pat2app.yaml public_repos")
		}
	}
	if f.JobInfo != nil && f.JobInfo.PushWithoutCredential != "" && f.Kind != inventory.KindGitHubToken {
		// The plan covers what this credential does; a push no
		// credential reaches is not among it.
		j.Warnings = append(j.Warnings, pushWithoutCredentialWarning+" ("+f.JobInfo.PushWithoutCredential+")")
	}
	considerTriggers := f.Kind != inventory.KindGitHubToken
	if f.Kind == inventory.KindGitHubToken && len(unsupported) > 0 {
		// The built-in token cannot do it either: the job runs without it
		// today (the call fails, or is tried and let go). Keeping the
		// token changes nothing; a user's token would be a new grant.
		j.Warnings = append(j.Warnings, fmt.Sprintf(warnUnsupportedToday, strings.Join(unsupported, "; ")))
		unsupported, fallbacks = nil, nil
	}
	if len(deadTriggers) > 0 {
		they := "it"
		if len(deadTriggers) > 1 {
			they = "they"
		}
		j.Warnings = append(j.Warnings, "the releases this job makes with GITHUB_TOKEN start no workflow run: "+strings.Join(deadTriggers, ", ")+" "+doesNot(len(deadTriggers))+" run on them today; if "+they+" should, the job needs a GitHub App token")
	}
	if considerTriggers && fallbackToGT && len(triggers)+len(extraBlockers) > 0 {
		// The job runs with GITHUB_TOKEN only when the secret is empty
		// (forks, first runs), and its events then start no other
		// workflow: with the secret set they do, and moving to
		// GITHUB_TOKEN would stop them for good (a pull request whose
		// required checks never run).
		j.Warnings = append(j.Warnings, "the expression falls back to the built-in token, so the job runs with GITHUB_TOKEN when the secret is empty, and its events then start no other workflow; with the secret set they do ("+strings.Join(append(append([]string{}, triggers...), extraBlockers...), "; ")+"), so an App token replaces the secret")
	}

	// Why GITHUB_TOKEN is not enough, in the order a reviewer reads them.
	var blockers []string
	if crossBlocks {
		if len(blockingRepos) > 0 || len(otherRepos) > 0 {
			blockers = append(blockers, fmt.Sprintf(reasonCrossRepo, strings.Join(append(append([]string{}, blockingRepos...), otherRepos...), ", ")))
		} else {
			blockers = append(blockers, reasonCrossRepoUnnamed)
		}
	}
	switch {
	case len(noGT) > 0 && f.Kind == inventory.KindGitHubToken && !crossBlocks && len(unsupported) == 0 && onlyReads(noGT, perms):
		// The built-in token runs the job today without reads it can
		// never be granted (an optional check's administration: read):
		// keeping it changes nothing, and an App would be a new grant,
		// not a migration. A write (an environment's secret, workflows:
		// write for a branch rebuilt from the base or a cherry-pick)
		// fails today when it is needed, and an App is the plan.
		j.Warnings = append(j.Warnings, fmt.Sprintf(warnNoGitHubTokenToday, joinPerms(noGT, perms)))
	case len(noGT) > 0:
		blockers = append(blockers, fmt.Sprintf(reasonNoGitHubToken, joinPerms(noGT, perms)))
	}
	if f.Kind == inventory.KindPAT && knowledge.NameSuggests(strings.TrimPrefix(f.Credential, "secrets."), knowledge.WordProtectionBypass) {
		if i := slices.IndexFunc(f.Operations, func(op inventory.Operation) bool {
			return op.Kind == inventory.OpGit && op.Name == "push" && !op.TagsOnly
		}); i >= 0 {
			// Its name says it is kept to push past branch protection,
			// which GITHUB_TOKEN can never be allowed to bypass.
			blockers = append(blockers, fmt.Sprintf(reasonBypassName, f.Operations[i].Evidence.String(), strings.TrimPrefix(f.Credential, "secrets.")))
		}
	}
	if considerTriggers {
		for _, t := range triggers {
			blockers = append(blockers, fmt.Sprintf(reasonTriggers, t))
		}
	}
	if considerTriggers {
		blockers = append(blockers, extraBlockers...)
	}
	if len(unsupported) > 0 {
		blockers = append(blockers, unsupported...)
	}
	if len(blockers) == 0 {
		// The workflow's token stays: what those actions may do with it
		// keeps its permissions block as it is, as any part not read.
		reviews = append(reviews, byDefault...)
		byDefault = nil
	}
	suffices := len(blockers) == 0 && len(reviews) == 0
	j.GitHubTokenSuffices = suffices
	if fallbackToGT && len(blockers) == 0 {
		// What the review items hold runs with GITHUB_TOKEN already.
		j.GitHubTokenSuffices = true
	}
	unused, isUnused := unusedEvidence(f)
	if len(byDefault) > 0 {
		j.Warnings = append(j.Warnings, fmt.Sprintf(warnByDefault, strings.Join(evidenceTexts(byDefault), "; ")))
	}

	switch {
	case isUnused && (f.Kind == inventory.KindPAT || f.Kind == inventory.KindUnknown) && oneSecret(f.Credential):
		j.Decision = DecisionRemoveReference
		j.Reasons = append(j.Reasons, reasonUnused)
		for _, e := range unused {
			j.Reasons = append(j.Reasons, e.Text)
		}
		if len(f.Uses) == 0 && len(f.Lines) > 0 {
			j.Warnings = append(j.Warnings, warnPresenceTest)
		}
		j.GitHubTokenSuffices = true
	case f.Kind == inventory.KindUnknown && len(unsupported) == 0:
		// (With a use no installation token can do, what the value is
		// does not matter: the job keeps a user's token, below.)
		j.Decision = DecisionManualReview
		why := "the credential cannot be identified from the file"
		if f.Reason != "" {
			why += ": " + f.Reason
		}
		j.Review = append([]inventory.Evidence{{Text: why}}, reviews...)
		j.Reasons = append(j.Reasons, why)
		j.GitHubTokenSuffices = false
	case f.Kind == inventory.KindAppToken:
		j.Decision = DecisionGitHubApp
		if f.AppKey || strings.HasPrefix(strings.ToLower(f.Credential), "secrets.") {
			j.Reasons = append(j.Reasons, reasonAppKey)
			j.GitHubTokenSuffices = false
			if len(reviews) > 0 {
				// The key goes where the token it mints is not seen (an
				// action that mints and uses it inside): the App's
				// permissions are not known, and stay as they are.
				keepAppUnread(&j, reviews)
			}
		} else {
			if len(reviews) > 0 {
				j.Reasons = append(j.Reasons, reasonAlreadyAppKept)
			} else {
				j.Reasons = append(j.Reasons, reasonAlreadyApp)
			}
			j.Reasons = append(j.Reasons, blockers...)
			if len(f.Operations) == 0 && len(f.Unresolved) == 0 {
				// Nothing shows what the token does: no claim that
				// GITHUB_TOKEN would do.
				j.GitHubTokenSuffices = false
				j.Reasons = append(j.Reasons, reasonAppNoUse)
			}
			if len(reviews) > 0 {
				// Narrowing the token to what is resolved could take a
				// write from what is not: it stays as it is.
				keepAppUnread(&j, reviews)
			}
		}
	case len(unsupported) > 0:
		// One use no installation token can do settles the outcome,
		// whatever else is unresolved: the job keeps a user's token. What
		// is not resolved stays listed, since the fallback token must
		// cover it too.
		j.Decision = DecisionNotSupported
		j.Reasons = append(j.Reasons, unsupported...)
		if f.Kind == inventory.KindUnknown {
			j.Reasons = append(j.Reasons, reasonUnsupportedUnknown)
		}
		j.Fallback = fallbackText(perms, "")
		if len(fallbacks) > 0 {
			j.Fallback = strings.Join(fallbacks, " ") + " Store it as its own secret, with a calendar reminder a week before it expires."
		}
		if len(reviews) > 0 {
			j.Reasons = append(j.Reasons, reasonUnsupportedUnresolved)
			j.Review = reviews
			j.Fallback += " " + reasonUnsupportedUnresolved
		}
	case f.Kind == inventory.KindPAT && len(f.Operations) == 0 && len(f.Unresolved) == 0:
		// Nothing in the job shows a use, but something may use it
		// unseen (every step sees it in its environment): a human reads
		// what the steps run.
		j.Decision = DecisionManualReview
		why := reasonNoUse
		if f.Credential == wholeSecrets {
			why = reasonWholeSecrets
		}
		j.Reasons = append(j.Reasons, why)
		item := inventory.Evidence{Text: why}
		if u := everyStepEnv(f); u != nil && f.Credential != wholeSecrets {
			item = inventory.Evidence{Line: u.Line, Text: u.Target + ": no step shows a use of it; read what the steps run (their scripts, make targets, tests) for a read of $" + u.Input}
		}
		j.Review = append([]inventory.Evidence{item}, reviews...)
		if f.HandedOn != "" {
			j.Review = append(j.Review, inventory.Evidence{Text: f.HandedOn + ": its value, or one made from it, is written for later steps or jobs, which may depend on it: read them before deleting the reference or the secret"})
		}
		j.GitHubTokenSuffices = fallbackToGT
	case len(reviews) > 0 && fallbackToGT && len(blockers) == 0 && f.Kind == inventory.KindPAT && fallbackProven(f.JobInfo, perms):
		// The job runs on pull requests, where a fork's run has no
		// secrets and the expression gives it GITHUB_TOKEN: what it does
		// there, unread parts included, works with the built-in token.
		j.Decision = DecisionGitHubToken
		j.Reasons = append(j.Reasons, reasonFallbackRuns)
		j.Warnings = append(j.Warnings, fmt.Sprintf(warnFallbackUnread, strings.Join(evidenceTexts(reviews), "; ")))
		j.Replace = replaceRefs(f.Credential, "github.token")
	case len(reviews) > 0 && f.Kind == inventory.KindGitHubToken && len(blockers) == 0:
		// The built-in token, with parts of the job not read: what is
		// not read runs today with the permissions the job has now (its
		// permissions: block, or the repository's default), so they
		// stay as they are (no block is written) and nothing moves.
		j.Decision = DecisionGitHubToken
		j.GitHubTokenSuffices = true
		j.NotNarrowed = true
		if declaresBlock(f.JobInfo) {
			j.Reasons = append(j.Reasons, reasonKeepDeclaredBlock)
		} else {
			j.Reasons = append(j.Reasons, reasonKeepDefaultPerms)
		}
		j.Warnings = append(j.Warnings, fmt.Sprintf(warnDeclaredUnread, strings.Join(evidenceTexts(reviews), "; ")))
	case len(reviews) > 0:
		j.Decision = DecisionManualReview
		j.Reasons = append(j.Reasons, reasonUnresolved)
		j.Reasons = append(j.Reasons, blockers...)
		j.Review = reviews
	case len(registries) > 0 && !suffices:
		j.Decision = DecisionNotSupported
		j.Reasons = append(j.Reasons, fmt.Sprintf(reasonRegistry, strings.Join(registries, ", ")))
		j.Reasons = append(j.Reasons, blockers...)
		j.Fallback = fallbackText(perms, strings.Join(registries, ", "))
	case suffices:
		j.Decision = DecisionGitHubToken
		if f.Kind == inventory.KindGitHubToken {
			j.Reasons = append(j.Reasons, reasonKeepGitHubToken)
		} else {
			j.Reasons = append(j.Reasons, reasonGitHubTokenEnough)
		}
		j.tokenPerms = withJobOnly(perms, ops)
		j.jobInfo = f.JobInfo
		j.PermissionsBlock = permissionsBlock(j.tokenPerms, f.JobInfo)
		j.Replace = replaceRefs(f.Credential, "github.token")
	default:
		j.Decision = DecisionGitHubApp
		j.Reasons = append(j.Reasons, blockers...)
	}
	if j.Decision == DecisionGitHubApp && f.Kind == inventory.KindGitHubToken && f.JobInfo != nil && len(f.JobInfo.DefaultTokenNeeds) > 0 {
		// The workflow's own token becomes an App's for the job: the
		// steps that take it by default (an action's token input left
		// to its default) take the App's, and need their writes there.
		defaultTokenNeeds(&j, f.JobInfo)
	}
	if j.Decision == DecisionGitHubApp && f.Kind != inventory.KindAppToken && f.Kind != inventory.KindGitHubToken && f.JobInfo != nil && f.JobInfo.StepAllowlist != "" {
		// The App token would be minted by a step of this job, which its
		// action does not accept: the job keeps a user's token.
		j.Decision = DecisionNotSupported
		j.Reasons = append(j.Reasons, fmt.Sprintf(reasonStepAllowlist, f.JobInfo.StepAllowlist))
		j.Fallback = fallbackText(perms, "")
	}
	if j.Decision == DecisionGitHubToken && f.Kind == inventory.KindPAT {
		if i := slices.IndexFunc(f.Operations, func(op inventory.Operation) bool {
			return op.Kind == inventory.OpGit && op.Name == "push"
		}); i >= 0 {
			j.Warnings = append(j.Warnings, fmt.Sprintf(warnProtectedPush, f.Operations[i].Evidence.String()))
		}
	}
	if len(registries) > 0 && j.Decision == DecisionGitHubToken {
		j.Warnings = append(j.Warnings, fmt.Sprintf("%s accepts GITHUB_TOKEN only for packages that grant this repository access (package settings, Manage Actions access); it does not accept GitHub App installation tokens", strings.Join(registries, ", ")))
	}
	if j.Decision == DecisionGitHubApp {
		if w := oneHourWarning(f.JobInfo); w != "" {
			j.Warnings = append(j.Warnings, w)
		}
	}
	if f.Kind == inventory.KindLeakedToken {
		j.Warnings = append(j.Warnings, "a literal token value is committed in this file: revoke it now, then remove it from the history")
	}
	if f.JobInfo != nil && f.JobInfo.Generated != "" {
		j.Warnings = append(j.Warnings, "this file is generated: do not edit it (pat2app fix leaves it alone); to apply the plan, "+f.JobInfo.Generated)
	}
	j.Warnings = append(j.Warnings, notes...)
	j.Family = family(f, perms)
	return j
}

// defaultTokenNeeds adds to an App job for the workflow's own token what
// the steps that use that token without naming it need
// (inventory.JobInfo.DefaultTokenNeeds), each with those steps as its
// evidence.
func defaultTokenNeeds(j *Job, info *inventory.JobInfo) {
	ev := PermissionEvidence{Evidence: inventory.Evidence{Text: "steps that take the workflow's token by default: " + strings.Join(info.DefaultTokenSteps, "; ")}}
	for name, access := range info.DefaultTokenNeeds {
		if !knowledge.IsAppPermission(name) || name == "metadata" || knowledge.AccessRank(access) <= knowledge.AccessRank(j.Permissions[name]) {
			// id-token is the job's, no App's; metadata: read every
			// App has.
			continue
		}
		if old := j.Permissions[name]; old != "" {
			// The lower access's evidence moves to the higher one.
			for _, e := range j.Evidence[name+":"+old] {
				e.Needs = cmp.Or(e.Needs, old)
				j.Evidence[name+":"+access] = append(j.Evidence[name+":"+access], e)
			}
			delete(j.Evidence, name+":"+old)
		}
		j.Permissions[name] = access
		j.Evidence[name+":"+access] = append(j.Evidence[name+":"+access], ev)
	}
}

// opsFromUses adds the operations the scanner left as uses: a credential
// handed to an action the planner knows through .pat2app.yaml actions:
// (which the scanner does not read), and pushes by actions that push with
// the credentials actions/checkout persisted. It returns the places whose
// unresolved entries these answer.
func (pl *planner) opsFromUses(f *inventory.Finding) ([]inventory.Operation, map[place]bool) {
	ops := append([]inventory.Operation(nil), f.Operations...)
	answered := map[place]bool{}
	// Uses are in the finding's own file: an operation at the same line
	// of a called workflow is another step.
	hasAction := map[place]bool{}
	pushes := map[place]bool{}
	// read holds the action inputs and variables whose use the scanner
	// read in what the action runs (a configuration's operations).
	read := map[[2]string]bool{}
	for _, op := range f.Operations {
		if op.Subject.Action != "" && op.Subject.Input != "" {
			read[[2]string{actionName(op.Subject.Action), op.Subject.Input}] = true
		}
		switch {
		case op.Kind == inventory.OpAction:
			hasAction[placeOf(op.Evidence)] = true
		case op.Kind == inventory.OpGit && op.Name == "push" && op.Action != "":
			pushes[placeOf(op.Evidence)] = true
		}
	}
	for _, u := range f.Uses {
		if u.Action == "" || strings.HasPrefix(u.Action, ".") {
			continue
		}
		name := actionName(u.Action)
		switch u.Via {
		case inventory.ViaInput, inventory.ViaEnv:
			if hasAction[place{line: u.Line}] || !pl.knownAction(name) {
				continue
			}
			if a, ok := knowledge.Action(name); ok && a.Dynamic && !unresolvedAtLine(f, u.Line) {
				// The scanner read the code the action runs (github-script)
				// and it makes no call with the credential.
				continue
			}
			if a, ok := knowledge.Action(name); ok && u.Via == inventory.ViaEnv && read[[2]string{name, u.Input}] &&
				!slices.Contains(a.TokenEnv, u.Input) && u.Input != "GITHUB_TOKEN" && u.Input != "GH_TOKEN" {
				// A variable the action takes no token from, whose uses
				// the scanner read in the action's configuration (GH_PAT
				// of GoReleaser's tap repositories): those operations are
				// its uses, not the action's own work with its token.
				continue
			}
			ops = append(ops, inventory.Operation{Kind: inventory.OpAction, Method: "ACTION", Name: name,
				Subject: inventory.Subject{Action: name, Input: u.Input}, Evidence: inventory.Evidence{Line: u.Line, Text: u.Target}})
			hasAction[place{line: u.Line}] = true
		case inventory.ViaCheckoutPersisted:
			push, known := pl.persistedPushes(name)
			if !known {
				continue
			}
			answered[place{line: u.Line}] = true
			if push && !pushes[place{line: u.Line}] {
				ops = append(ops, inventory.Operation{Kind: inventory.OpGit, Method: "GIT", Name: "push", Writes: true,
					Subject: inventory.Subject{Action: name}, Evidence: inventory.Evidence{Line: u.Line, Text: name + " pushes with the credentials actions/checkout persisted"}})
			}
		}
	}
	return ops, answered
}

// place is where an operation or unresolved entry shows: its file (empty
// for the finding's own) and line.
type place struct {
	repo, file string
	line       int
}

// withJobOnly adds to perms the job-level grants (id_token) the rows of
// the job's actions name, and what its reusable workflows' jobs ask of its
// GITHUB_TOKEN (knowledge.CallerGrants): no App gives them or the
// credential does not need them, but a permissions block that left them
// out would take them from the job (a called workflow's jobs,
// actions/deploy-pages), so the block keeps them.
func withJobOnly(perms knowledge.Permissions, ops []inventory.Operation) knowledge.Permissions {
	var out knowledge.Permissions
	for _, op := range ops {
		if op.Kind != inventory.OpAction {
			continue
		}
		if g, ok := knowledge.CallerGrants(op.Action); ok {
			if out == nil {
				out = maps.Clone(perms)
			}
			out.Merge(g)
		}
		info, ok := knowledge.ActionShared(op.Action)
		if !ok {
			continue
		}
		for n, a := range info.Permissions {
			if !knowledge.IsJobOnlyPermission(n) {
				continue
			}
			if out == nil {
				out = maps.Clone(perms)
			}
			out.Merge(knowledge.Permissions{n: a})
		}
	}
	if out == nil {
		return perms
	}
	return out
}

func placeOf(e inventory.Evidence) place { return place{e.Repo, e.File, e.Line} }

// withText is the evidence's place with another text (a review, a reason).
func withText(e inventory.Evidence, text string) inventory.Evidence {
	e.Text = text
	return e
}

// validText is the evidence with its text trimmed and made valid UTF-8:
// it is cut from repository text and must read back from the plan JSON as
// written.
func validText(e inventory.Evidence) inventory.Evidence {
	e.Text = strings.ToValidUTF8(strings.TrimSpace(e.Text), "\uFFFD")
	return e
}

// Reason texts, shared by every renderer of the plan.
const (
	reasonCrossRepo        = "it reaches other repositories (%s); GITHUB_TOKEN only covers the workflow's own repository"
	reasonCrossRepoUnnamed = "it reaches other repositories; GITHUB_TOKEN only covers the workflow's own repository"
	reasonNoGitHubToken    = "GITHUB_TOKEN can never be granted %s"
	// warnNoGitHubTokenToday is said of a built-in token row that would
	// need what GITHUB_TOKEN can never be granted.
	reasonAgentMention     = "%s: what the job posts mentions an agent that acts only on mentions a person wrote; GITHUB_TOKEN and an App's installation token post as a bot, which it ignores"
	fallbackAgentMention   = "Keep the token of the account the agent should hear (a machine user's fine-grained PAT with these permissions), or have the agent allow the App's bot."
	warnUnsupportedToday   = "no installation token can do this, GITHUB_TOKEN included, so it does not work today either: %s; the plan keeps the built-in token for the rest of the job, and only a user's token could do it"
	warnNoGitHubTokenToday = "GITHUB_TOKEN can never be granted %s, so the steps that would read with it run without it today (they do less, or fail when it is needed); the plan keeps the built-in token, and a GitHub App token is the way to give it"
	reasonTriggers         = "%s; events made with GITHUB_TOKEN start no new workflow runs"
	// reasonUnsupportedUnknown is said of a value the scan cannot identify
	// that a job uses for what no installation token can do.
	reasonUnsupportedUnknown = "what the credential is cannot be told from the file (a value a step makes or reads from a store), but no installation token can do the above, so the job keeps a user's token whatever the value is now"
	reasonUnresolved         = "part of what the credential does could not be resolved; see the review items"
	// warnJobTokenUnresolved is the warning of a row moved to GITHUB_TOKEN
	// in a job whose own use of the built-in token is partly left for
	// review: the job's block may need more.
	warnJobTokenUnresolved = "the job's own use of GITHUB_TOKEN (actions/checkout's persisted token, actions given github.token) is not all read (its github.token row lists what is not): the permissions block covers what is seen; check that row before applying it"
	// noteRunTimeRepoBuiltin is the note of a built-in token's operation
	// on a repository named at run time.
	noteRunTimeRepoBuiltin = "line %d: %s works on %s, a repository named only when the step runs; the built-in token writes only to the workflow's own repository (and reads public ones), so that is the one it works on today, or the step fails today"
	// reviewRunTimeRepo is the review item of an operation on a
	// repository named only when the step runs (inventory.RunTimeRepo):
	// the plan cannot say which repositories the token must reach.
	reviewRunTimeRepo = "%s works on %s, a repository named only when the step runs: the token step must list each repository it can be (owner and repositories), with the App installed there; find them, then decide"
	// reviewRunTimeAccount is the same for a Project or organisation of an
	// account named at run time.
	reviewRunTimeAccount = "%s works on a Project or organisation of the account %s names when the step runs, which may be another than the workflow's: the token must be minted from the App's installation on that account (owner:); find it, then decide"
	// reviewAccounts is the review item of a job whose repositories belong
	// to several accounts.
	reviewAccounts = "the job writes to repositories of several accounts, or reads private ones of another account besides (%s), and one installation token covers one account: give each account's operations a token step of its own (create-pull-request's branch-token pushes to a fork with another token), name the repositories that are public in .pat2app.yaml public_repos, or keep a user token; then decide"
	// reviewUnnamedRepos is the review item of a write into repositories
	// a knowledge row describes but the step does not name.
	reviewUnnamedRepos = "%s writes to %s, which the step does not name: an installation token reaches only repositories the App is installed on and cannot fork into a user's account; check where it writes, then declare the action in .pat2app.yaml actions: (or keep a user token when the target is outside the organisation)"
	// reasonUnsupportedUnresolved is said of a not_supported job with
	// parts that are not resolved: its permissions are those seen so far.
	reasonUnsupportedUnresolved = "Part of the job could not be resolved: the permissions listed are those seen so far; the fallback token must also cover what the review items show."
	reasonAppNoUse              = "no use of the token was found in this job"
	reasonAppKeptUnread         = "part of what it does is not read (see the warning), so its permissions stay as they are: read those parts before narrowing it"
	warnAppUnread               = "not read, so the App's permissions are not narrowed: %s"
	reasonNoUse                 = "no use of the token was found in this job, but not all that its steps run was read: find what reads it (a script, a configuration file a tool loads, a test) before deleting the reference or the secret"
	reasonWholeSecrets          = "the job hands every secret at once (toJSON(secrets)) to what it runs, the personal access tokens among them; what that does with them is not visible: read it, and keep the reference (a secrets export or sync needs it), since the PATs leave it when their secrets are deleted"
	reasonUnused                = "unused: no step of this job receives the credential, so the reference can go (with the secret, when no other job uses it)"
	reasonBypassName            = "%s: it pushes commits with %s, whose name says it is kept for its owner's power to push past branch protection or a ruleset; GITHUB_TOKEN can never be put on a bypass list, a GitHub App can: add the App to the pushed branch's bypass list"
	warnProtectedPush           = "%s: a personal access token that pushes may have been chosen to get past branch protection (required status checks or reviews, a ruleset); GITHUB_TOKEN pushes as github-actions[bot], which those refuse unless it may bypass them: check the pushed branch's protection before applying, and where it applies use a GitHub App allowed to bypass it"
	reasonStepAllowlist         = "%s: the step that would mint the App token is not among them, so no installation token can serve this job; if what needs more than GITHUB_TOKEN can go, the built-in token needs no new step"
	reasonRegistry              = "%s does not accept GitHub App installation tokens, and GITHUB_TOKEN cannot do the whole job"
	reasonGitHubTokenEnough     = "every operation is on this repository, every permission can be granted to GITHUB_TOKEN, and nothing needs its events to start other workflows"
	reasonKeepGitHubToken       = "already the built-in token; the permissions: block narrows it to what the job uses"
	reasonKeepDeclaredBlock     = "already the built-in token, under a permissions: block the job declares today: part of what it does is not read (see the warning), so the block keeps every permission it grants"
	reasonKeepDefaultPerms      = "already the built-in token, with the permissions the job has today (no permissions: block of its own narrows them, or write-all): part of what it does is not read (see the warning), so no block is written; read those parts to narrow it"
	warnDeclaredUnread          = "not read, so the job's permissions are not narrowed: %s"
	warnByDefault               = "the workflow's own token stays with the steps that do not name it, under the job's permissions as they are: these actions were not read and may take it by an input's default, so do not narrow the job's permissions: block past what they need: %s"
	reasonFallbackRuns          = "the expression falls back to the built-in token and the job runs on pull requests: a fork's run has no secrets, so it already does its work with GITHUB_TOKEN, which suffices for what it does in this repository"
	warnFallbackUnread          = "part of what the job does with the token was not read, so keep its GITHUB_TOKEN permissions as they are rather than narrowing them (GITHUB_TOKEN has a lower API rate limit than a personal token); steps that run only on other events than pull requests are not covered by that evidence: %s"
	reasonAlreadyApp            = "already a GitHub App installation token; narrow it with permission-* inputs"
	reasonAlreadyAppKept        = "already a GitHub App installation token"
	reasonAppKey                = "a GitHub App's private key or ID: the permissions belong to the token it mints"
)

// fallbackText is what to do when an App cannot do the work.
func fallbackText(perms knowledge.Permissions, registry string) string {
	var b strings.Builder
	if registry != "" {
		fmt.Fprintf(&b, "Keep GITHUB_TOKEN with `packages: write` for %s and grant this repository access to the package (package settings, Manage Actions access). ", registry)
		b.WriteString("Where GITHUB_TOKEN cannot reach the package, use a classic PAT with write:packages owned by a machine account (fine-grained PATs do not cover the Packages registries), ")
	} else {
		owner := "a machine account"
		if _, ok := perms["gists"]; ok {
			// A gist is its author's: only that account's token can
			// change it.
			owner = "the account that owns the gists the job changes"
		}
		b.WriteString("Keep a fine-grained PAT owned by " + owner + ", limited to the repositories the job touches")
		if len(perms) > 0 {
			fmt.Fprintf(&b, " and to %s", perms.String())
		}
		b.WriteString(", ")
	}
	b.WriteString("stored as its own secret, with a calendar reminder a week before it expires.")
	return b.String()
}

// onlyReads reports whether each of names is read access in perms.
func onlyReads(names []string, perms knowledge.Permissions) bool {
	for _, n := range names {
		if perms[n] != "read" {
			return false
		}
	}
	return true
}

// declaresBlock reports a job (or workflow) with a permissions: block that
// names its scopes: what runs unread in it is held to that block today.
// write-all and read-all (key "*") are no such bound.
func declaresBlock(info *inventory.JobInfo) bool {
	if info == nil || info.Permissions == nil {
		return false
	}
	_, all := info.Permissions["*"]
	return !all
}

// keepAppUnread keeps an App's key or token that part of the job uses
// where the scan does not read: the App is already what the migration
// moves to, so nothing moves and nothing is narrowed, and the warning
// says what to read before narrowing it (as the built-in token is kept,
// NotNarrowed).
func keepAppUnread(j *Job, reviews []inventory.Evidence) {
	j.NotNarrowed = true
	j.Reasons = append(j.Reasons, reasonAppKeptUnread)
	j.Warnings = append(j.Warnings, fmt.Sprintf(warnAppUnread, strings.Join(evidenceTexts(reviews), "; ")))
}

func readOnly(p knowledge.Permissions) bool {
	for _, a := range p {
		if a != "read" {
			return false
		}
	}
	return true
}

func joinPerms(names []string, p knowledge.Permissions) string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = n + ": " + p[n]
	}
	return strings.Join(out, ", ")
}

func appendUnique[T comparable](list []T, s T) []T {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

func isAre(n int) string {
	if n == 1 {
		return "is"
	}
	return "are"
}

func itThem(n int) string {
	if n == 1 {
		return "it"
	}
	return "them"
}

// builtinsOwnRepo reports whether repo, named only when the step runs, is
// the workflow's own repository because f is the built-in token: that
// token writes to no other, so the repository is this one, a public one
// read, or the step fails today (noteRunTimeRepoBuiltin).
func builtinsOwnRepo(f *inventory.Finding, repo string) bool {
	return f.Kind == inventory.KindGitHubToken && inventory.IsRunTimeRepo(repo)
}

// unresolvedAtLine reports an unresolved entry of the finding at a line of
// its own file.
func unresolvedAtLine(f *inventory.Finding, line int) bool {
	for _, u := range f.Unresolved {
		if u.Evidence.File == "" && u.Evidence.Line == line {
			return true
		}
	}
	return false
}

// writtenAccounts are the accounts whose repositories the job's one token
// must reach: the owners of its target repositories it does more than
// read, of those it only reads that are not known to be public (a token
// of this account's installation cannot read another account's private
// repository), and its own when it writes there. Reads alone of another
// account's repositories, with no write, stay one token of that account.
func writtenAccounts(repo string, j *Job, readOnly map[string]bool, vis visibility, readsCount bool) []string {
	var out []string
	if j.writesOwnRepo {
		if o := ownerOf(repo); o != "" {
			out = append(out, strings.ToLower(o))
		}
	}
	var readAccounts []string
	for _, t := range j.TargetRepos {
		if _, closed := knowledge.ClosedUpstream(t); !isConcreteRepo(t) || closed {
			// A closed upstream is not_supported of its own, whatever
			// the accounts.
			continue
		}
		if readOnly[strings.ToLower(t)] {
			if readsCount && !vis.isPublic(t) {
				readAccounts = appendUnique(readAccounts, strings.ToLower(ownerOf(t)))
			}
			continue
		}
		out = appendUnique(out, strings.ToLower(ownerOf(t)))
	}
	if len(out) > 0 {
		// With a write, every account a read needs is one more the token
		// must reach.
		for _, a := range readAccounts {
			out = appendUnique(out, a)
		}
	}
	sort.Strings(out)
	return out
}

// fallbackProven reports whether a job whose credential falls back to the
// built-in token has shown it does its work with that token: the workflow
// runs on pull_request (a fork's run gets no secrets, and its token can
// only read), nothing of the job or its steps can run it differently
// there (inventory.JobInfo.RunConditions: an if:, or a value or script
// that reads the event), and nothing known of the job writes.
func fallbackProven(info *inventory.JobInfo, perms knowledge.Permissions) bool {
	if info == nil || !slices.Contains(info.Triggers, "pull_request") || len(info.RunConditions) > 0 {
		return false
	}
	for _, n := range perms.Names() {
		if perms[n] == "write" {
			return false
		}
	}
	return true
}

// wholeSecrets is the credential of a job that reads the whole secrets
// context (toJSON(secrets)).
const wholeSecrets = "secrets.*"

// jobBlocks makes the permissions block of each row a job moves to (or
// keeps on) GITHUB_TOKEN the job's: a block is written once for the whole
// job, so it carries what every such row of the job needs (a push with the
// token actions/checkout persisted, a comment a PAT made). What the job's
// own use of the built-in token is seen to need counts even when part of
// that use is left for review, and the rows say so.
func jobBlocks(jobs []Job) {
	type jobKey struct{ repo, file, job string }
	need := map[jobKey]knowledge.Permissions{}
	unsure := map[jobKey]bool{}
	key := func(j *Job) jobKey { return jobKey{strings.ToLower(j.Repo), j.File, j.Job} }
	add := func(k jobKey, p knowledge.Permissions) {
		if need[k] == nil {
			need[k] = knowledge.Permissions{}
		}
		need[k].Merge(p)
	}
	for i := range jobs {
		j := &jobs[i]
		switch {
		case j.Decision == DecisionGitHubToken && j.PermissionsBlock != "":
			add(key(j), j.tokenPerms)
		case j.Kind == inventory.KindGitHubToken && (j.Decision == DecisionManualReview || j.NotNarrowed):
			add(key(j), knowledge.Permissions(j.Permissions))
			unsure[key(j)] = true
		case j.fallsBack && j.Decision != DecisionGitHubApp && j.Decision != DecisionRemoveReference:
			// Its expression keeps falling back to the built-in token
			// (the App token replaces it when the row moves to an App).
			add(key(j), knowledge.Permissions(j.Permissions))
		}
	}
	for i := range jobs {
		j := &jobs[i]
		if j.Decision != DecisionGitHubToken || j.PermissionsBlock == "" {
			continue
		}
		k := key(j)
		j.PermissionsBlock = permissionsBlock(need[k], j.jobInfo)
		if unsure[k] {
			j.Warnings = appendUnique(j.Warnings, warnJobTokenUnresolved)
		}
	}
}

// keptSecretChecks warns a job whose reference to a secret can go (it
// only tests that the secret is set) when another job of the repository
// keeps that secret (not_supported, or manual_review until a person
// decides): while the secret stays, such a check (a release that stops
// early without it) still does its work, and removing it only moves the
// failure later.
func keptSecretChecks(jobs []Job) {
	kept := map[string]string{}
	for _, j := range jobs {
		if j.Decision == DecisionNotSupported || j.Decision == DecisionManualReview {
			k := j.Repo + "\x00" + strings.ToLower(j.Credential)
			if _, ok := kept[k]; !ok {
				kept[k] = j.File + " job " + j.Job + " (" + string(j.Decision) + ")"
			}
		}
	}
	for i := range jobs {
		j := &jobs[i]
		if j.Decision != DecisionRemoveReference {
			continue
		}
		if where, ok := kept[j.Repo+"\x00"+strings.ToLower(j.Credential)]; ok {
			j.Warnings = append(j.Warnings, j.Credential+" stays for "+where+": while it does, keep this reference where it checks that the secret is set, and remove it with the secret")
		}
	}
}
