package scanner

import (
	"path"
	"strings"

	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/repofiles"
)

// LinkReusableWorkflows follows secrets passed to reusable workflows that
// live in another repository of the same scan (an organisation's shared
// workflows): the caller's finding takes on what the called workflow does
// with the secret, its operations named by file and line. Secrets passed
// with `secrets: inherit` are not linked (the caller's finding names no
// secret). Call it on a whole inventory before Finish.
func LinkReusableWorkflows(inv *inventory.Inventory) {
	if !callsRemoteWorkflow(inv.Findings) {
		return
	}
	type key struct{ repo, file, cred string }
	callee := map[key][]*inventory.Finding{}
	for i := range inv.Findings {
		f := &inv.Findings[i]
		if f.Repo == "" {
			continue // a file scanned alone is nobody's callee
		}
		k := key{strings.ToLower(f.Repo), path.Clean(f.File), strings.ToLower(f.Credential)}
		callee[k] = append(callee[k], f)
	}
	type fileKey struct{ repo, file string }
	var byFile map[fileKey][]inventory.Finding
	for i := range inv.Findings {
		f := &inv.Findings[i]
		if f.Credential == inventory.InheritCredential {
			for _, u := range f.Uses {
				repo, file, ok := splitRemoteWorkflow(u.Workflow)
				if u.Via != inventory.ViaReusableWorkflow || u.Secret != "" || !ok || strings.EqualFold(repo, f.Repo) {
					continue
				}
				if byFile == nil {
					byFile = map[fileKey][]inventory.Finding{}
					for _, g := range inv.Findings {
						k := fileKey{strings.ToLower(g.Repo), path.Clean(g.File)}
						byFile[k] = append(byFile[k], g)
					}
				}
				if calleeFindings := byFile[fileKey{strings.ToLower(repo), file}]; len(calleeFindings) > 0 {
					linkInherit(f, u, repo, file, calleeFindings)
				}
				break
			}
			continue
		}
		for _, u := range f.Uses {
			if u.Via != inventory.ViaReusableWorkflow || u.Secret == "" {
				continue
			}
			uses, secret := u.Workflow, u.Secret
			repo, file, ok := splitRemoteWorkflow(uses)
			if !ok || strings.EqualFold(repo, f.Repo) {
				continue // the scan of the repository followed its own
			}
			targets := callee[key{strings.ToLower(repo), file, strings.ToLower("secrets." + secret)}]
			if len(targets) == 0 {
				continue
			}
			linkFinding(f, uses, secret, targets)
		}
	}
}

// callsRemoteWorkflow reports whether any finding passes its secret to a
// reusable workflow of another repository: only then is there linking to do.
func callsRemoteWorkflow(findings []inventory.Finding) bool {
	for i := range findings {
		for _, u := range findings[i].Uses {
			if u.Via == inventory.ViaReusableWorkflow && u.Workflow != "" && !isLocalRef(u.Workflow) {
				return true
			}
		}
	}
	return false
}

// splitRemoteWorkflow splits owner/repo/.github/workflows/x.yml@ref.
func splitRemoteWorkflow(uses string) (repo, file string, ok bool) {
	ref := strings.Index(uses, "@")
	if ref < 0 || isLocalRef(uses) {
		return "", "", false
	}
	parts := strings.SplitN(uses[:ref], "/", 3)
	if len(parts) != 3 {
		return "", "", false
	}
	return parts[0] + "/" + parts[1], path.Clean(parts[2]), true
}

// linkFinding merges the callee findings into the caller's.
func linkFinding(f *inventory.Finding, uses, secret string, targets []*inventory.Finding) {
	// The "use is not visible" entry is answered now.
	kept := f.Unresolved[:0]
	for _, u := range f.Unresolved {
		if u.Workflow != uses || u.Secret != secret {
			kept = append(kept, u)
		}
	}
	f.Unresolved = kept
	best := f.Kind
	for _, t := range targets {
		for _, o := range t.Operations {
			o.Evidence = inFile(o.Evidence, t.Repo, t.File)
			f.Operations = append(f.Operations, o)
		}
		for _, u := range t.Unresolved {
			u.Evidence = inFile(u.Evidence, t.Repo, t.File)
			f.Unresolved = append(f.Unresolved, u)
		}
		for _, r := range t.TargetRepos {
			f.TargetRepos = appendUnique(f.TargetRepos, r)
		}
		if t.Kind == inventory.KindPAT || t.Kind == inventory.KindNotGitHub {
			best = t.Kind
		}
	}
	if best != f.Kind && f.Kind != inventory.KindGitHubToken && f.Kind != inventory.KindAppToken && f.Kind != inventory.KindLeakedToken {
		f.Kind = best
		f.Confidence = inventory.ConfidenceMedium
		f.Reason = "passed to " + uses + ", which uses it as its secret " + secret
	}
	f.TargetRepos = crossTargets(f.Repo, f.TargetRepos)
	f.CrossRepo = len(f.TargetRepos) > 0
}

// ownRepoPath is the path of a uses: value OWNER/REPO/PATH@REF that names
// the scanned repository itself (self, compared without case): an action
// or reusable workflow the scan reads from the scanned files, as it reads
// ./PATH. Those files are the checkout the scan was given (its default
// branch, when cloned), whatever REF says. ok is false for any other
// value, and for the repository's root action (OWNER/REPO@REF).
func ownRepoPath(uses, self string) (p string, ok bool) {
	repo, file, ok := splitRemoteWorkflow(strings.TrimSpace(uses))
	if !ok || self == "" || !strings.EqualFold(repo, self) || file == "." || file == ".." || strings.HasPrefix(file, "../") {
		return "", false
	}
	return file, true
}

// isLocalRef reports a uses: value naming a file of the workflow's own
// repository (./ or $/).
func isLocalRef(uses string) bool {
	_, ok := repofiles.LocalRef(uses)
	return ok
}

// linkInherit makes a `secrets: inherit` finding what the called workflow,
// in another repository of the scan, does with the secrets it reads, as a
// local callee's is made (inheritedFrom).
func linkInherit(f *inventory.Finding, call inventory.Use, repo, file string, callee []inventory.Finding) {
	in := inheritedFrom(callee, call.Workflow)
	kept := f.Unresolved[:0]
	for _, u := range f.Unresolved {
		if u.Workflow != call.Workflow {
			kept = append(kept, u)
		}
	}
	f.Unresolved = kept
	for _, n := range in.secrets {
		f.Uses = append(f.Uses, inventory.Use{Line: call.Line, Via: inventory.ViaReusableWorkflow, Target: call.Workflow + " secret " + n, Subject: inventory.Subject{Workflow: call.Workflow, Secret: n}})
	}
	for _, t := range in.from {
		for _, o := range t.Operations {
			o.Evidence = inFile(o.Evidence, repo, file)
			f.Operations = append(f.Operations, o)
		}
		for _, u := range t.Unresolved {
			u.Evidence = inFile(u.Evidence, repo, file)
			f.Unresolved = append(f.Unresolved, u)
		}
		for _, r := range t.TargetRepos {
			f.TargetRepos = appendUnique(f.TargetRepos, r)
		}
	}
	f.Kind, f.Confidence, f.Reason = in.kind, in.confidence, in.reason
	f.TargetRepos = crossTargets(f.Repo, f.TargetRepos)
	f.CrossRepo = len(f.TargetRepos) > 0
}
