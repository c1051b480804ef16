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

// buildSlices makes one slice per family with jobs to migrate.
func buildSlices(jobs []Job) []Slice {
	byFamily := map[string][]string{}
	for i := range jobs {
		j := &jobs[i]
		if !migratable(j) || j.Kind == inventory.KindGitHubToken && j.Decision == DecisionGitHubToken && len(j.Replace) == 0 {
			continue
		}
		byFamily[j.Family] = append(byFamily[j.Family], j.Fingerprint)
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

// planSecrets lists every PAT secret the jobs use and, from the inventory's
// secrets, the ones nothing uses.
func planSecrets(jobs []Job, slices []Slice, inv *inventory.SecretInventory) []SecretPlan {
	sliceOf := map[string]int{}
	for i, s := range slices {
		for _, fp := range s.Jobs {
			sliceOf[fp] = i
		}
	}
	bySecret := map[string]*SecretPlan{}
	blocked := map[string][]string{}
	last := map[string]int{}
	for i := range jobs {
		j := &jobs[i]
		if j.Kind != inventory.KindPAT && j.Kind != inventory.KindLeakedToken && j.Kind != inventory.KindUnknown {
			continue
		}
		for _, name := range secretNames(j.Credential) {
			sp := bySecret[name]
			if sp == nil {
				sp = &SecretPlan{Name: name, UsedBy: []string{}}
				bySecret[name] = sp
				last[name] = -1
			}
			sp.UsedBy = appendUnique(sp.UsedBy, j.Fingerprint)
			if j.Status == StatusKept {
				blocked[name] = append(blocked[name], fmt.Sprintf("%s/%s (kept on this secret by its owner)", j.File, j.Job))
				continue
			}
			si, ok := sliceOf[j.Fingerprint]
			if !ok {
				blocked[name] = append(blocked[name], fmt.Sprintf("%s/%s (%s)", j.File, j.Job, j.Decision))
				continue
			}
			if si > last[name] {
				last[name] = si
			}
		}
	}
	if inv != nil {
		for _, s := range inv.Secrets {
			if sp := bySecret[s.Name]; sp != nil {
				sp.DefinedIn = appendUnique(sp.DefinedIn, secretScope(s))
				continue
			}
			if s.Status == "unused" {
				key := s.Name + "@" + secretScope(s)
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
		case len(blocked[k]) > 0:
			sp.Deletion = DeletionBlocked
			sp.DeletableAfter = "not yet: still needed by " + strings.Join(blocked[k], ", ")
		case last[k] >= 0:
			sp.Deletion, sp.AfterSlice = DeletionAfterSlice, slices[last[k]].Name
			sp.DeletableAfter = slices[last[k]].Name
		}
		out = append(out, *sp)
	}
	return out
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
			if s.Deletion == DeletionAfterSlice && s.AfterSlice == slices[i].Name {
				slices[i].Deletable = appendUnique(slices[i].Deletable, s.Name)
			}
		}
		sort.Strings(slices[i].Deletable)
	}
}

// buildRollout writes the 7-day rollout for the plan, and the day of
// each slice in it.
func buildRollout(p *Plan) []RolloutDay {
	count := map[Decision]int{}
	for _, j := range p.Jobs {
		count[j.Decision]++
	}
	var appNames, sliceNames, deletable, unused []string
	for _, a := range p.Apps {
		appNames = append(appNames, fmt.Sprintf("%s (%d repositories)", a.Name, len(a.Repositories)))
	}
	for _, s := range p.Slices {
		sliceNames = append(sliceNames, s.Name)
	}
	for _, s := range p.Secrets {
		switch s.Deletion {
		case DeletionUnused:
			unused = append(unused, s.Name)
		case DeletionBlocked:
		default:
			deletable = append(deletable, s.Name)
		}
	}
	half := (len(sliceNames) + 1) / 2
	day3, day4 := sliceNames[:half], sliceNames[half:]
	for i := range p.Slices {
		p.Slices[i].Day = 3
		if i >= half {
			p.Slices[i].Day = 4
		}
	}
	orNone := func(l []string) string {
		if len(l) == 0 {
			return "none"
		}
		return strings.Join(l, ", ")
	}
	days := []RolloutDay{
		{Day: 1, Title: "Inventory and criticality", Tasks: []string{
			fmt.Sprintf("Review the %d planned jobs (%d github_token, %d github_app, %d manual_review, %d not_supported) in permissions.xlsx; fill in owner and business criticality.", len(p.Jobs), count[DecisionGitHubToken], count[DecisionGitHubApp], count[DecisionManualReview], count[DecisionNotSupported]),
			"Resolve the jobs needing review (see the last section) or move them out of this rollout.",
			"Find who owns each PAT and when it expires; note the machine accounts behind them.",
			"Delete secrets nothing uses: " + orNone(unused) + ".",
		}},
		{Day: 2, Title: "Create the Apps and install them on selected repositories", Tasks: []string{
			"Create each App from its manifest (apps/<name>.manifest.json): " + orNone(appNames) + ".",
			"Install each App on the listed repositories only (never all repositories), store its ID as the variable <NAME>_APP_ID and its private key as the secret <NAME>_PRIVATE_KEY.",
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
			"Rotate one App's private key: generate a new key, update the <NAME>_PRIVATE_KEY secret, run a workflow that uses it, then delete the old key in the App settings.",
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
