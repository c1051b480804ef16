package planner

import (
	"fmt"
	"path"
	"sort"
	"strings"

	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/knowledge"
)

// Workflow families, in the order their slices are migrated: the least
// risky automation first, releases and deployments last.
const (
	FamilyTriage       = "triage"
	FamilyCI           = "ci"
	FamilyDependencies = "dependency-updates"
	FamilyPRAutomation = "pr-automation"
	FamilyDocs         = "docs-and-sync"
	FamilyDeploy       = "deploy"
	FamilyRelease      = "release"
)

var familyOrder = []string{FamilyTriage, FamilyCI, FamilyDependencies, FamilyPRAutomation, FamilyDocs, FamilyDeploy, FamilyRelease}

// familyWords are the words in a workflow file or job name that put it in
// a family; the first family with a match wins.
var familyWords = []struct {
	family string
	words  []string
}{
	{FamilyDependencies, []string{"renovate", "dependabot", "bump", "deps", "dependenc", "upgrade", "update-go", "golang-version"}},
	{FamilyRelease, []string{"release", "publish", "tag", "version", "changelog", "goreleaser", "changeset", "winget", "homebrew", "brew", "canary"}},
	{FamilyDeploy, []string{"deploy", "pages", "gh-pages", "site", "cd"}},
	{FamilyPRAutomation, []string{"backport", "cherry", "cp", "merge", "rebase", "commit-queue", "automerge", "pr"}},
	{FamilyTriage, []string{"triage", "label", "project", "issue", "stale", "assign", "comment", "welcome", "greet", "on-open", "command"}},
	{FamilyDocs, []string{"doc", "readme", "sync", "mirror", "translation", "i18n", "crowdin", "metrics"}},
}

// family puts a finding in a workflow family from the names of its file and
// job, falling back to what its permissions do.
func family(f *inventory.Finding, perms knowledge.Permissions) string {
	base := strings.ToLower(path.Base(strings.ReplaceAll(f.File, "\\", "/")))
	if i := strings.LastIndex(base, "__"); i >= 0 {
		base = base[i+2:] // corpus-style owner__repo__file.yml
	}
	base = strings.TrimSuffix(strings.TrimSuffix(base, ".yml"), ".yaml")
	for _, name := range []string{base, strings.ToLower(f.Job)} {
		words := splitWords(name)
		for _, fw := range familyWords {
			for _, w := range fw.words {
				if matchesWord(name, words, w) {
					return fw.family
				}
			}
		}
	}
	switch TrustLevel(perms) {
	case TrustTriage:
		return FamilyTriage
	case TrustContentsWrite, TrustWorkflowWrite:
		return FamilyRelease
	}
	if _, ok := perms["organization_projects"]; ok {
		return FamilyTriage
	}
	return FamilyCI
}

func splitWords(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	})
}

// matchesWord matches short words (pr, cd, cp) as whole words only and
// longer ones as substrings.
func matchesWord(name string, words []string, w string) bool {
	if len(w) <= 3 {
		for _, x := range words {
			if x == w {
				return true
			}
		}
		return false
	}
	return strings.Contains(name, w)
}

// migratable reports whether a job's decision lets it move in a slice.
func migratable(j *Job) bool {
	if j.Kind == inventory.KindAppToken {
		return false
	}
	return j.Decision == DecisionGitHubToken || j.Decision == DecisionGitHubApp
}

// inRollout reports whether a job is in the plan's rollout: every
// migration job, and the hardening jobs when the plan hardens.
func inRollout(j *Job, harden bool) bool {
	return j.Migrates() || harden
}

// buildSlices makes one slice per family with jobs to migrate, and with
// harden one more for the hardening jobs.
func buildSlices(jobs []Job, harden bool) []Slice {
	byFamily := map[string][]string{}
	var hardening []string
	for i := range jobs {
		j := &jobs[i]
		if !migratable(j) || j.Kind == inventory.KindGitHubToken && j.Decision == DecisionGitHubToken && len(j.Replace) == 0 {
			continue
		}
		switch {
		case j.Migrates():
			byFamily[j.Family] = append(byFamily[j.Family], j.Fingerprint)
		case harden:
			hardening = append(hardening, j.Fingerprint)
		}
	}
	var out []Slice
	for _, fam := range familyOrder {
		fps := byFamily[fam]
		if len(fps) == 0 {
			continue
		}
		sort.Strings(fps)
		out = append(out, Slice{
			Name:      fam,
			Jobs:      fps,
			Deletable: []string{},
			Rollback:  rollbackText(fam),
		})
	}
	if len(hardening) > 0 {
		sort.Strings(hardening)
		out = append(out, Slice{Name: HardeningSlice, Jobs: hardening, Deletable: []string{},
			Rollback: "Revert the workflow commit: the jobs run with the token they had before."})
	}
	return out
}

func rollbackText(fam string) string {
	s := "Revert the workflow commit of this slice: the PAT secrets stay defined until day 5, so the reverted workflows run exactly as before. "
	switch fam {
	case FamilyRelease, FamilyDeploy:
		s += "Migrate outside a release window and keep the previous run's logs to compare; if a tag or release was half-created, delete it before re-running with the old token."
	case FamilyDependencies, FamilyPRAutomation:
		s += "Pull requests opened by the App during the trial can stay open; close duplicates after the revert."
	default:
		s += "Nothing to clean up: labels, comments and project items made by the App remain valid."
	}
	return s
}

// planSecrets lists every secret the migration's jobs read and when it
// can be deleted: only once every use is migrated to a decision that
// covers what the job does, and only when it is a stored secret (the
// organisation scan's secrets say so; a local scan cannot tell, and says
// so). A secret a reusable workflow receives from a caller of the scan is
// not a stored secret: the caller's is, and it waits for the callee's jobs
// too. From the inventory's secrets it adds the ones nothing uses.
func planSecrets(jobs []Job, slices []Slice, harden bool, inv *inventory.SecretInventory) []SecretPlan {
	sliceOf := map[string]int{}
	for i, s := range slices {
		for _, fp := range s.Jobs {
			sliceOf[fp] = i
		}
	}
	byFP := make(map[string]*Job, len(jobs))
	for i := range jobs {
		byFP[jobs[i].Fingerprint] = &jobs[i]
	}
	bySecret := map[string]*SecretPlan{}
	keptBy := map[string][]string{}
	last := map[string]int{}
	add := func(key string, sp *SecretPlan, j *Job) {
		sp.UsedBy = appendUnique(sp.UsedBy, j.Fingerprint)
		if why := notCovered(j, harden); why != "" {
			keptBy[key] = appendUnique(keptBy[key], fmt.Sprintf("%s/%s (%s)", j.File, j.Job, why))
			return
		}
		if si, ok := sliceOf[j.Fingerprint]; ok && si > last[key] {
			last[key] = si
		}
	}
	for i := range jobs {
		j := &jobs[i]
		if !j.Migrates() {
			continue
		}
		for _, name := range secretNames(j.Credential) {
			if receivedFromCaller(j, name, byFP) {
				continue
			}
			key := strings.ToUpper(name)
			sp := bySecret[key]
			if sp == nil {
				sp = &SecretPlan{Name: name, UsedBy: []string{}}
				bySecret[key] = sp
				last[key] = -1
			}
			if j.Kind == inventory.KindPAT || sp.Kind == "" {
				sp.Kind = j.Kind
			}
			add(key, sp, j)
			// What a reusable workflow receives, its jobs use: the
			// secret waits for them too.
			for _, fp := range j.Calls {
				if c := byFP[fp]; c != nil {
					add(key, sp, c)
				}
			}
		}
	}
	known := inv != nil && !secretsPartial(inv)
	if inv != nil {
		for _, s := range inv.Secrets {
			key := strings.ToUpper(s.Name)
			if sp := bySecret[key]; sp != nil {
				if s.Status != "broken" {
					sp.DefinedIn = appendUnique(sp.DefinedIn, secretScope(s))
				}
				continue
			}
			if s.Status == "unused" {
				key += "@" + secretScope(s)
				bySecret[key] = &SecretPlan{Name: s.Name, UsedBy: []string{}, Deletion: DeletionUnused, DeletableAfter: "day 1 (unused)", DefinedIn: []string{secretScope(s)}}
			}
		}
	}
	out := make([]SecretPlan, 0, len(bySecret))
	for _, k := range sortedKeys(bySecret) {
		sp := bySecret[k]
		sort.Strings(sp.UsedBy)
		switch {
		case sp.Deletion == DeletionUnused:
		case len(keptBy[k]) > 0:
			sp.Deletion, sp.KeptBy = DeletionBlocked, keptBy[k]
			sp.DeletableAfter = "not yet: kept by " + strings.Join(keptBy[k], ", ")
		case known && len(sp.DefinedIn) == 0:
			sp.Deletion = DeletionNotFound
			sp.DeletableAfter = "nothing to delete: the organisation scan found no repository, environment or organisation secret of this name"
		case last[k] >= 0 && known:
			sp.Deletion, sp.AfterSlice = DeletionAfterSlice, slices[last[k]].Name
			sp.DeletableAfter = slices[last[k]].Name
		case last[k] >= 0:
			sp.Deletion, sp.AfterSlice = DeletionUnverified, slices[last[k]].Name
			sp.DeletableAfter = slices[last[k]].Name + ", if it is a repository or organisation secret: a scan of checkouts cannot see which secrets exist"
		}
		out = append(out, *sp)
	}
	return out
}

// notCovered says why a job keeps its secret after the rollout, "" when
// its planned change covers what it does: it is migrated in a slice, not
// kept on purpose, and its token reaches every repository it works on.
func notCovered(j *Job, harden bool) string {
	switch {
	case j.Status == StatusKept:
		return "kept on this secret by its owner"
	case !migratable(j) || !inRollout(j, harden):
		return string(j.Decision)
	case j.Decision == DecisionGitHubApp && j.App == "":
		return "no App is planned for it"
	}
	if gaps := tokenGaps(j); len(gaps) > 0 {
		return "its App token cannot reach " + strings.Join(gaps, ", ")
	}
	return ""
}

// receivedFromCaller reports whether name is a secret a caller of the job
// (a job of the scan calling its reusable workflow) passes it: an input of
// the workflow, not a stored secret.
func receivedFromCaller(j *Job, name string, byFP map[string]*Job) bool {
	for _, fp := range j.CalledBy {
		c := byFP[fp]
		if c == nil {
			continue
		}
		isOwn := false
		for _, n := range secretNames(c.Credential) {
			isOwn = isOwn || strings.EqualFold(n, name)
		}
		if !isOwn {
			return true
		}
	}
	return false
}

// secretsPartial reports whether the organisation scan could not read
// every list of secrets (its notes say which), so a secret it did not find
// may still exist.
func secretsPartial(inv *inventory.SecretInventory) bool {
	for _, n := range inv.Notes {
		if strings.Contains(strings.ToLower(n), "secret") {
			return true
		}
	}
	return false
}

func secretScope(s inventory.Secret) string {
	switch s.Scope {
	case "repo":
		return s.Repo
	case "environment":
		return s.Repo + " environment " + s.Environment
	}
	return s.Scope
}

// fillDeletable puts each secret that a slice frees into that slice.
func fillDeletable(slices []Slice, secrets []SecretPlan) {
	for i := range slices {
		for _, s := range secrets {
			if s.Deletable() && s.AfterSlice == slices[i].Name {
				slices[i].Deletable = appendUnique(slices[i].Deletable, s.Name)
			}
		}
		sort.Strings(slices[i].Deletable)
	}
}

// buildRollout writes the 7-day rollout for the plan, and the day of
// each slice in it: the first half of the migration's slices on day 3, the
// rest (and the hardening slice) on day 4.
func buildRollout(p *Plan) []RolloutDay {
	sum := Summarize(p)
	var appNames, deletable, unused []string
	for _, a := range p.Apps {
		appNames = append(appNames, fmt.Sprintf("%s (%d repositories)", a.Name, len(a.Repositories)))
	}
	for _, s := range p.Secrets {
		switch {
		case s.Deletion == DeletionUnused:
			unused = append(unused, s.Name)
		case s.Deletable():
			deletable = append(deletable, s.Name)
		}
	}
	var families []string
	for _, s := range p.Slices {
		if s.Name != HardeningSlice {
			families = append(families, s.Name)
		}
	}
	half := (len(families) + 1) / 2
	var day3, day4 []string
	for i := range p.Slices {
		s := &p.Slices[i]
		switch {
		case s.Name == HardeningSlice:
			s.Day = 4
		case len(day3) < half:
			s.Day = 3
			day3 = append(day3, s.Name)
		default:
			s.Day = 4
			day4 = append(day4, s.Name)
		}
		if s.Name == HardeningSlice {
			day4 = append(day4, s.Name)
		}
	}
	review := fmt.Sprintf("Review the %d credential uses to migrate (job × credential, in %d jobs: %d github_token, %d github_app, %d manual_review, %d not_supported) in permissions.xlsx; fill in owner and business criticality.",
		sum.Uses, sum.Jobs, sum.Decisions[DecisionGitHubToken], sum.Decisions[DecisionGitHubApp], sum.Decisions[DecisionManualReview], sum.Decisions[DecisionNotSupported])
	if sum.HardeningUses > 0 && !p.Harden {
		review += fmt.Sprintf(" The %d GITHUB_TOKEN and App token uses to narrow are not in this rollout (plan --harden adds them).", sum.HardeningUses)
	}
	orNone := func(l []string) string {
		if len(l) == 0 {
			return "none"
		}
		return strings.Join(l, ", ")
	}
	days := []RolloutDay{
		{Day: 1, Title: "Inventory and criticality", Tasks: []string{
			review,
			"Resolve the jobs that need a person (manual review, not supported) or move them out of this rollout.",
			"Find who owns each PAT and when it expires; note the machine accounts behind them.",
			"Delete secrets nothing uses: " + orNone(unused) + ".",
		}},
		{Day: 2, Title: "Create the Apps and install them on selected repositories", Tasks: []string{
			"Create each App from its manifest (apps/<name>.manifest.json): " + orNone(appNames) + ".",
			"Install each App on the listed repositories only (never all repositories), store its client ID as the variable and its private key as the secret the App's token step reads (plan.json: apps[].variable, apps[].secret).",
			"Add the Apps to the bypass list of branch rulesets only where a job pushes to a protected branch.",
		}},
		{Day: 3, Title: "Migrate the first families", Tasks: sliceTasks(day3)},
		{Day: 4, Title: "Migrate the remaining families", Tasks: sliceTasks(day4)},
		{Day: 5, Title: "Delete the PAT secrets", Tasks: []string{
			"Delete the secrets every slice freed: " + orNone(deletable) + ".",
			"Run `pat2app scan` again and `pat2app check` in CI to confirm nothing references them; watch the next scheduled runs.",
			"Revoke the PATs themselves in their owners' settings once the secrets are gone.",
		}},
		{Day: 6, Title: "Offboarding simulation", Tasks: []string{
			"Suspend (or remove from the organization) a machine account whose PAT was replaced, in a test window, and confirm every migrated workflow still runs.",
			"Confirm the remaining not_supported fallbacks have owners and expiry reminders.",
		}},
		{Day: 7, Title: "Key rotation", Tasks: []string{
			"Rotate one App's private key: generate a new key, update the App's private-key secret (plan.json: apps[].secret), run a workflow that uses it, then delete the old key in the App settings.",
			"Write down the rotation steps and schedule the next rotation.",
		}},
	}
	return days
}

func sliceTasks(names []string) []string {
	if len(names) == 0 {
		return []string{"No slice left: use the day to watch the migrated workflows."}
	}
	var out []string
	for _, n := range names {
		out = append(out, fmt.Sprintf("Migrate the %s slice: apply its changes, run each workflow once (workflow_dispatch or a test PR), check the one-hour token warnings, keep the PAT secret until day 5.", n))
	}
	return out
}
