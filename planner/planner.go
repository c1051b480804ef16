// Package planner turns an inventory of credentials into a migration plan:
// for every job the smallest GitHub App permission set (each permission
// justified by the operations that need it), a decision (GITHUB_TOKEN with a
// permissions: block, a GitHub App, manual review or not supported), Apps
// grouped by trust level, the PAT secrets that become deletable and a
// 7-day rollout.
package planner

import (
	"context"
	"fmt"
	"sort"
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
}

// planner holds what one Build needs; it has no state across builds.
type planner struct {
	cfg *config.Config
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
}

// Build plans every finding of inv. Findings of kind not_github are not
// GitHub credentials and get no job. The result's order is deterministic.
func Build(ctx context.Context, inv *inventory.Inventory, opts Options) (*Plan, error) {
	if inv == nil {
		return nil, fmt.Errorf("plan: no inventory")
	}
	pl := &planner{cfg: opts.Config}
	plan := &Plan{
		SchemaVersion: SchemaVersion,
		Complete:      inv.Complete,
		Jobs:          []Job{},
		Apps:          []App{},
		Secrets:       []SecretPlan{},
		Slices:        []Slice{},
		Rollout:       []RolloutDay{},
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
		plan.Jobs = append(plan.Jobs, pl.planJob(f))
	}
	plan.Apps = groupApps(plan.Jobs)
	for i := range plan.Jobs {
		finishJob(&plan.Jobs[i], plan.Apps)
	}
	plan.Slices = buildSlices(plan.Jobs)
	plan.Secrets = planSecrets(plan.Jobs, plan.Slices, inv.Secrets)
	fillDeletable(plan.Slices, plan.Secrets)
	plan.Rollout = buildRollout(plan)
	for _, e := range inv.Errors {
		msg := e.Message
		if e.Line > 0 {
			msg = fmt.Sprintf("line %d: %s", e.Line, msg)
		}
		plan.Errors = append(plan.Errors, PlanError{Repo: e.Repo, File: e.File, Message: msg})
	}
	return plan, nil
}

// evidenceEntry is one line of evidence for a permission.
type evidenceEntry struct {
	access, text string
}

// planJob plans one finding.
func (pl *planner) planJob(f *inventory.Finding) Job {
	j := Job{
		Fingerprint: f.Fingerprint,
		Repo:        f.Repo,
		File:        f.File,
		Job:         f.Job,
		Credential:  f.Credential,
		Kind:        string(f.Kind),
		Permissions: map[string]string{},
		Evidence:    map[string][]string{},
		Reasons:     []string{},
		CrossRepo:   f.CrossRepo,
		Lines:       append([]int(nil), f.Lines...),
		Confidence:  f.Confidence,
	}
	fc := &findingContext{items: newItemContext(f)}
	for _, op := range f.Operations {
		switch op.Kind {
		case inventory.OpREST, inventory.OpGraphQL:
			fc.hasResolvedCalls = true
		}
		p := strings.ToLower(op.Path + " " + op.Name + " " + op.Args["query"])
		if strings.Contains(p, "/orgs/") && strings.Contains(p, "project") || strings.Contains(p, "projectv2") || strings.Contains(p, "projectnext") {
			fc.orgProjects = true
		}
	}

	ops, answeredUses := pl.opsFromUses(f)
	perms := knowledge.Permissions{}
	evid := map[string][]evidenceEntry{}
	var reviews, unsupported, registries, triggers, notes, extraBlockers, otherRepos []string
	unresolvedLines := map[int]bool{}
	for _, u := range f.Unresolved {
		unresolvedLines[u.Line] = true
	}
	answered := answeredUses
	for _, op := range ops {
		r := pl.analyzeOp(fc, op)
		if r.supersedes {
			answered[op.Line] = true
		}
		if r.blocker != "" {
			extraBlockers = appendUnique(extraBlockers, evidenceLine(op.Line, r.blocker))
		}
		if r.otherRepos != "" {
			otherRepos = appendUnique(otherRepos, r.otherRepos)
		}
		for _, n := range r.needs {
			perms.Add(n.perm, n.access)
			evid[n.perm] = append(evid[n.perm], evidenceEntry{n.access, r.evidence})
		}
		if r.review != "" && !unresolvedLines[op.Line] {
			reviews = appendUnique(reviews, evidenceLine(op.Line, r.review))
		}
		if r.notSupported != "" {
			unsupported = appendUnique(unsupported, evidenceLine(op.Line, r.notSupported))
		}
		if r.registry != "" {
			registries = appendUnique(registries, r.registry)
		}
		if r.triggers != "" {
			triggers = appendUnique(triggers, evidenceLine(op.Line, r.triggers))
		}
		for _, n := range r.notes {
			notes = appendUnique(notes, n)
		}
	}
	for _, u := range f.Unresolved {
		if answered[u.Line] {
			continue
		}
		if r, ok := pl.commandNeeds(u.Evidence); ok {
			ev := evidenceLine(u.Line, strings.TrimSpace(u.Evidence))
			for _, n := range r.needs {
				perms.Add(n.perm, n.access)
				evid[n.perm] = append(evid[n.perm], evidenceEntry{n.access, ev})
			}
			if r.triggers != "" {
				triggers = appendUnique(triggers, evidenceLine(u.Line, r.triggers))
			}
			for _, n := range r.notes {
				notes = appendUnique(notes, n)
			}
			continue
		}
		text := strings.TrimSpace(u.Evidence)
		if u.Reason != "" {
			text += " (" + u.Reason + ")"
		}
		reviews = appendUnique(reviews, evidenceLine(u.Line, text))
	}
	// metadata: read is implied; list it only when it is the only need.
	if len(perms) > 1 {
		delete(perms, "metadata")
	}
	for name, access := range perms {
		j.Permissions[name] = access
		key := name + ":" + access
		for _, e := range evid[name] {
			text := e.text
			if e.access != access {
				text += " (needs " + e.access + ")"
			}
			j.Evidence[key] = appendUnique(j.Evidence[key], text)
		}
		sort.SliceStable(j.Evidence[key], func(a, b int) bool { return lineOf(j.Evidence[key][a]) < lineOf(j.Evidence[key][b]) })
	}

	targets := map[string]bool{}
	for _, t := range f.TargetRepos {
		if t != "" && !strings.EqualFold(t, f.Repo) {
			targets[t] = true
		}
	}
	for _, op := range f.Operations {
		if op.Repo != "" && f.Repo != "" && !strings.EqualFold(op.Repo, f.Repo) {
			targets[op.Repo] = true
		}
	}
	j.TargetRepos = sortedKeys(targets)
	if len(j.TargetRepos) > 0 || len(otherRepos) > 0 {
		j.CrossRepo = true
	}

	var noGT []string
	for _, name := range perms.Names() {
		if _, ok := knowledge.GitHubTokenScope(name); !ok {
			noGT = append(noGT, name)
		}
	}
	fallbackToGT := hasGitHubTokenFallback(f.Credential)
	for _, e := range f.Expressions {
		fallbackToGT = fallbackToGT || hasGitHubTokenFallback(e)
	}
	crossBlocks := j.CrossRepo
	if crossBlocks && fallbackToGT && readOnly(perms) {
		crossBlocks = false
		j.Warnings = append(j.Warnings, "the other repositories are only read and the expression already falls back to github.token, which can read public repositories; if one of them is private, a GitHub App installed on it is needed")
	}
	considerTriggers := f.Kind != inventory.KindGitHubToken

	// Why GITHUB_TOKEN is not enough, in the order a reviewer reads them.
	var blockers []string
	if crossBlocks {
		if len(j.TargetRepos) > 0 || len(otherRepos) > 0 {
			blockers = append(blockers, fmt.Sprintf(reasonCrossRepo, strings.Join(append(append([]string{}, j.TargetRepos...), otherRepos...), ", ")))
		} else {
			blockers = append(blockers, reasonCrossRepoUnnamed)
		}
	}
	if len(noGT) > 0 {
		blockers = append(blockers, fmt.Sprintf(reasonNoGitHubToken, joinPerms(noGT, perms)))
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
	suffices := len(blockers) == 0 && len(reviews) == 0
	j.GitHubTokenSuffices = suffices

	switch {
	case f.Kind == inventory.KindUnknown:
		j.Decision = DecisionManualReview
		why := "the credential cannot be identified from the file"
		if f.Reason != "" {
			why += ": " + f.Reason
		}
		j.Review = append([]string{why}, reviews...)
		j.Reasons = append(j.Reasons, why)
		j.GitHubTokenSuffices = false
	case f.Kind == inventory.KindAppToken:
		j.Decision = DecisionGitHubApp
		if strings.HasPrefix(strings.ToLower(f.Credential), "secrets.") {
			j.Reasons = append(j.Reasons, reasonAppKey)
			j.GitHubTokenSuffices = false
		} else {
			j.Reasons = append(j.Reasons, reasonAlreadyApp)
			j.Reasons = append(j.Reasons, blockers...)
			if len(f.Operations) == 0 && len(f.Unresolved) == 0 {
				// Nothing shows what the token does: no claim that
				// GITHUB_TOKEN would do.
				j.GitHubTokenSuffices = false
				j.Reasons = append(j.Reasons, reasonNoUse)
			}
		}
	case len(unsupported) > 0:
		j.Decision = DecisionNotSupported
		j.Reasons = append(j.Reasons, unsupported...)
		j.Fallback = fallbackText(perms, "")
		j.Review = append(j.Review, reviews...)
	case f.Kind == inventory.KindPAT && len(f.Operations) == 0 && len(f.Unresolved) == 0:
		// Nothing in the job uses the token: it may be dead, or used by
		// something the scanner cannot see. Either way a human decides.
		j.Decision = DecisionManualReview
		j.Reasons = append(j.Reasons, reasonNoUse)
		j.Review = append([]string{reasonNoUse}, reviews...)
		j.GitHubTokenSuffices = false
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
		j.PermissionsBlock = permissionsBlock(perms, f.JobInfo)
		j.Replace = replaceRefs(f.Credential, "github.token")
	default:
		j.Decision = DecisionGitHubApp
		j.Reasons = append(j.Reasons, blockers...)
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
	j.Warnings = append(j.Warnings, notes...)
	j.Family = family(f, perms)
	return j
}

// opsFromUses adds the operations the scanner left as uses: a credential
// handed to an action the planner knows (through .pat2app.yaml or its own
// table) but the scanner did not, and pushes by actions that push with the
// credentials actions/checkout persisted. It returns the lines whose
// unresolved items these answer.
func (pl *planner) opsFromUses(f *inventory.Finding) ([]inventory.Operation, map[int]bool) {
	ops := append([]inventory.Operation(nil), f.Operations...)
	answered := map[int]bool{}
	hasAction := map[int]bool{}
	for _, op := range f.Operations {
		if op.Kind == inventory.OpAction {
			hasAction[op.Line] = true
		}
	}
	for _, u := range f.Uses {
		fields := strings.Fields(u.Target)
		if len(fields) == 0 || !strings.Contains(fields[0], "/") || strings.HasPrefix(fields[0], ".") {
			continue
		}
		name := actionName(fields[0])
		switch u.Via {
		case "input", "env":
			if hasAction[u.Line] || !pl.knownAction(name) {
				continue
			}
			ops = append(ops, inventory.Operation{Kind: inventory.OpAction, Method: "ACTION", Name: name, Line: u.Line, Evidence: u.Target})
			hasAction[u.Line] = true
		case "checkout-persisted":
			pushes, known := pl.persistedPushes(name)
			if !known {
				continue
			}
			answered[u.Line] = true
			if pushes {
				ops = append(ops, inventory.Operation{Kind: inventory.OpGit, Method: "GIT", Name: "push", Line: u.Line,
					Evidence: name + " pushes with the credentials actions/checkout persisted"})
			}
		}
	}
	return ops, answered
}

// Reason texts, shared by every renderer of the plan.
const (
	reasonCrossRepo         = "it reaches other repositories (%s); GITHUB_TOKEN only covers the workflow's own repository"
	reasonCrossRepoUnnamed  = "it reaches other repositories; GITHUB_TOKEN only covers the workflow's own repository"
	reasonNoGitHubToken     = "GITHUB_TOKEN can never be granted %s"
	reasonTriggers          = "%s; events made with GITHUB_TOKEN start no new workflow runs"
	reasonUnresolved        = "part of what the credential does could not be resolved; see the review items"
	reasonNoUse             = "no use of the token was found in this job: check whether it is still needed (delete the reference, and the secret if nothing else uses it) or what uses it unseen"
	reasonRegistry          = "%s does not accept GitHub App installation tokens, and GITHUB_TOKEN cannot do the whole job"
	reasonGitHubTokenEnough = "every operation is on this repository, every permission can be granted to GITHUB_TOKEN, and nothing needs its events to start other workflows"
	reasonKeepGitHubToken   = "already the built-in token; the permissions: block narrows it to what the job uses"
	reasonAlreadyApp        = "already a GitHub App installation token; narrow it with permission-* inputs"
	reasonAppKey            = "a GitHub App private key: the permissions belong to the token it mints"
)

// fallbackText is what to do when an App cannot do the work.
func fallbackText(perms knowledge.Permissions, registry string) string {
	var b strings.Builder
	if registry != "" {
		fmt.Fprintf(&b, "Keep GITHUB_TOKEN with `packages: write` for %s and grant this repository access to the package (package settings, Manage Actions access). ", registry)
		b.WriteString("Where GITHUB_TOKEN cannot reach the package, use a classic PAT with write:packages owned by a machine account (fine-grained PATs do not cover the Packages registries), ")
	} else {
		b.WriteString("Keep a fine-grained PAT owned by a machine account, limited to the repositories the job touches")
		if len(perms) > 0 {
			fmt.Fprintf(&b, " and to %s", perms.String())
		}
		b.WriteString(", ")
	}
	b.WriteString("stored as its own secret, with a calendar reminder a week before it expires.")
	return b.String()
}

// hasGitHubTokenFallback reports whether a credential expression falls back
// to the built-in token (secrets.PAT || github.token).
func hasGitHubTokenFallback(cred string) bool {
	c := strings.ToLower(strings.ReplaceAll(cred, " ", ""))
	return strings.Contains(c, "||") && (strings.Contains(c, "github.token") || strings.Contains(c, "secrets.github_token"))
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

func appendUnique(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

// lineOf reads the N of "line N: ..." (0 when absent).
func lineOf(s string) int {
	var n int
	if _, err := fmt.Sscanf(s, "line %d:", &n); err != nil {
		return 0
	}
	return n
}
