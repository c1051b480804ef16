package planner

import (
	"strconv"
	"strings"

	"github.com/pat2app/pat2app/config"
	"github.com/pat2app/pat2app/inventory"
)

// visibility says which repositories are public, from what an
// organisation scan saw (inventory.RepoSummary.Visibility) and what
// .pat2app.yaml public_repos names. Repositories it knows nothing of are
// taken as private, and the plan says so.
type visibility struct {
	public, known map[string]bool // lower-case owner/name
}

func newVisibility(inv *inventory.Inventory, cfg *config.Config) visibility {
	v := visibility{public: map[string]bool{}, known: map[string]bool{}}
	for _, r := range inv.Repos {
		if r.Visibility == "" {
			continue
		}
		n := strings.ToLower(r.Name)
		v.known[n] = true
		v.public[n] = r.Visibility == "public"
	}
	if cfg != nil {
		for _, r := range cfg.PublicRepos {
			n := strings.ToLower(strings.TrimSpace(r))
			v.known[n], v.public[n] = true, true
		}
	}
	return v
}

// isPublic reports whether repo is known to be public.
func (v visibility) isPublic(repo string) bool { return v.public[strings.ToLower(repo)] }

// isKnown reports whether repo's visibility is known.
func (v visibility) isKnown(repo string) bool { return v.known[strings.ToLower(repo)] }

// readsPublicOnly reports whether an operation only reads repositories
// known to be public and other than the workflow's own: any token, or none,
// can do that, so it needs no permission and no App installed there.
func (v visibility) readsPublicOnly(op inventory.Operation, self string) bool {
	if op.Writes || len(op.Repos) == 0 {
		return false
	}
	for _, r := range op.Repos {
		if strings.EqualFold(r, self) || !v.isPublic(r) {
			return false
		}
	}
	return true
}

// repoAccess sorts the repositories other than the workflow's own that a
// finding reaches: those only read, and the others (written, or reached
// by something whose access is not known).
func repoAccess(f *inventory.Finding, targets []string) (readOnly map[string]bool) {
	readOnly = map[string]bool{}
	written := map[string]bool{}
	seen := map[string]bool{}
	for _, op := range f.Operations {
		for _, r := range op.Repos {
			k := strings.ToLower(r)
			seen[k] = true
			if op.Writes {
				written[k] = true
			}
		}
	}
	for _, t := range targets {
		k := strings.ToLower(t)
		if seen[k] && !written[k] {
			readOnly[k] = true
		}
	}
	return readOnly
}

// unusedEvidence says why a credential no step receives can go: where it
// is referenced (an if: condition, a presence test), and that no step's
// environment, arguments or inputs receive its value. It returns false
// when the finding has any use, operation or unresolved entry: a
// credential in the environment of a step whose programs were not all
// read may be used unseen.
func unusedEvidence(f *inventory.Finding) ([]inventory.Evidence, bool) {
	if len(f.Operations) > 0 || len(f.Unresolved) > 0 || f.HandedOn != "" {
		// A value written for later steps or jobs (HandedOn) is read
		// there, whatever this job does with it.
		return nil, false
	}
	if len(f.Uses) > 0 {
		return envUnusedEvidence(f)
	}
	var lines []string
	for _, l := range f.Lines {
		lines = append(lines, strconv.Itoa(l))
	}
	where := "it is referenced"
	if len(lines) > 0 {
		where += " only at line " + strings.Join(lines, ", ")
	}
	return []inventory.Evidence{{Text: where + ", where nothing takes its value: a condition or a test that it is set, or an env: entry no command of its step reads (git pushes with what actions/checkout persisted, not $GITHUB_TOKEN); no step receives its value in its environment, arguments or inputs"}}, true
}

// envUnusedEvidence says why a credential put in the job's or workflow's
// env can go when every step that sees it was accounted for (the
// scanner's EnvRead: scripts read to their end whose programs are all
// known or read, known actions) and none uses it. Any other use keeps it.
//
// A variable a condition reads (if: env.IS_FORK != ”) is not unused: the
// value decides which steps run, so a line of the finding other than
// where the env puts it keeps it.
func envUnusedEvidence(f *inventory.Finding) ([]inventory.Evidence, bool) {
	if !f.EnvRead {
		return nil, false
	}
	var out []inventory.Evidence
	envLines := map[int]bool{}
	for i := range f.Uses {
		u := &f.Uses[i]
		if !isEveryStepEnv(u) {
			return nil, false
		}
		envLines[u.Line] = true
		out = append(out, inventory.Evidence{Line: u.Line, Text: u.Target + ": every step was read (each script to its end, with every program it runs known or read; each action known) and none uses $" + u.Input})
	}
	for _, l := range f.Lines {
		if !envLines[l] {
			return nil, false
		}
	}
	return out, true
}

// everyStepEnv is the use of a credential put in the job's or workflow's
// env, which every step sees; nil when there is none.
func everyStepEnv(f *inventory.Finding) *inventory.Use {
	for i := range f.Uses {
		u := &f.Uses[i]
		if isEveryStepEnv(u) {
			return u
		}
	}
	return nil
}

// isEveryStepEnv reports a use that is the job's or workflow's env, seen
// by every step, rather than one step's, action's, command's or script's.
func isEveryStepEnv(u *inventory.Use) bool {
	return u.Via == inventory.ViaEnv && u.Step == "" && u.Action == "" && u.Command == "" && u.Script == ""
}

// oneSecret reports whether a credential is one named secret
// (secrets.NAME), not every secret or one chosen at run time.
func oneSecret(cred string) bool {
	name, ok := strings.CutPrefix(strings.ToLower(cred), "secrets.")
	return ok && name != "*" && name != "[dynamic]" && name != ""
}
