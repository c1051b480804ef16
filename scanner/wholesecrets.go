package scanner

import (
	"path"
	"sort"
	"strconv"
	"strings"

	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/repofiles"
)

// resolveWholeSecrets gives the whole secrets context the kind of the
// repository's PATs. A job that passes on every secret at once
// (toJSON(secrets) into an action that turns them into environment
// variables) hands its code every secret the repository has, so when the
// scan shows that one of them is a personal access token (a secrets.NAME
// finding of kind pat elsewhere in the repository), the job holds that
// PAT. A `secrets: inherit` call into a workflow of the repository that
// does so holds it too. The kind is of low confidence: the job's code
// may never read that secret.
func (rs *repoScan) resolveWholeSecrets(findings []inventory.Finding) {
	pats := patSecrets(findings, true)
	if len(pats) == 0 {
		return
	}
	names := make([]string, 0, len(pats))
	for n := range pats {
		names = append(names, n)
	}
	sort.Strings(names)
	var held []string
	for _, n := range names {
		held = append(held, n+" ("+pats[n]+")")
	}
	which := strings.Join(held, ", ") + ", a personal access token the scan found"
	it := "it"
	if len(held) > 1 {
		which, it = strings.Join(held, ", ")+", personal access tokens the scan found", "them"
	}
	dumps := map[string]bool{} // files with a job that reads every secret
	for i := range findings {
		f := &findings[i]
		if f.Credential != "secrets.*" || f.Kind != inventory.KindUnknown {
			continue
		}
		f.Kind, f.Confidence = inventory.KindPAT, inventory.ConfidenceLow
		f.Reason = strings.TrimSuffix(f.Reason, ".") + "; the repository's secrets include " + which + ", so this job holds " + it
		dumps[path.Clean(f.File)] = true
	}
	for i := range findings {
		f := &findings[i]
		if f.Credential != inventory.InheritCredential || f.Kind != inventory.KindUnknown {
			continue
		}
		for _, u := range f.Uses {
			callee, ok := rs.localWorkflow(u.Workflow)
			if u.Via != inventory.ViaReusableWorkflow || !ok || !dumps[callee] {
				continue
			}
			f.Kind, f.Confidence = inventory.KindPAT, inventory.ConfidenceLow
			f.Reason = "passed with secrets: inherit to " + u.Workflow + ", which passes on every secret at once; the repository's secrets include " + which
			break
		}
	}
}

// patSecrets maps the name of each secret a finding of the repository
// shows to be a personal access token (secrets.NAME of kind pat; of more
// than low confidence unless low is true) to where: its file and first
// line.
func patSecrets(findings []inventory.Finding, low bool) map[string]string {
	return secretsOfKind(findings, inventory.KindPAT, low)
}

// secretsOfKind maps the name of each secret a finding of the repository
// shows to be of kind (of more than low confidence unless low is true) to
// where: its file and first line.
func secretsOfKind(findings []inventory.Finding, kind inventory.Kind, low bool) map[string]string {
	out := map[string]string{}
	for i := range findings {
		f := &findings[i]
		name, ok := strings.CutPrefix(f.Credential, "secrets.")
		if !ok || name == "*" || name == "[dynamic]" || f.Kind != kind || !low && f.Confidence == inventory.ConfidenceLow {
			continue
		}
		if _, seen := out[name]; !seen {
			where := f.File
			if len(f.Lines) > 0 {
				where += ":" + strconv.Itoa(f.Lines[0])
			}
			out[name] = where
		}
	}
	return out
}

// resolveSameSecrets gives a secret whose kind a job does not show, or
// only hints at, the kind another job of the repository shows: a repository or organisation
// secret holds one value wherever it is read, so secrets.NAME the scan
// finds to be a personal access token in one workflow is one in the job
// that only hands it to an action or script pat2app does not read. The
// kind is of low confidence: an environment can hold another value under
// the same name.
func (rs *repoScan) resolveSameSecrets(findings []inventory.Finding) {
	pats := patSecrets(findings, false)
	others := secretsOfKind(findings, inventory.KindNotGitHub, false)
	for i := range findings {
		f := &findings[i]
		name, ok := strings.CutPrefix(f.Credential, "secrets.")
		// A job that only hints the secret is another service's (an
		// input's name) does not outweigh a job that shows it is a
		// GitHub token.
		hinted := f.Kind == inventory.KindNotGitHub && f.Confidence != inventory.ConfidenceHigh
		if !ok || f.Kind != inventory.KindUnknown && !hinted {
			continue
		}
		if where, ok := pats[name]; ok {
			f.Kind, f.Confidence = inventory.KindPAT, inventory.ConfidenceLow
			f.Reason = strings.TrimSuffix(f.Reason, ".") + "; the same secret is a personal access token at " + where
			continue
		}
		if where, ok := others[name]; ok && f.Kind == inventory.KindUnknown && len(f.Operations) == 0 && len(f.Unresolved) == 0 {
			switch {
			case len(f.Uses) == 0:
				// The job only tests that the secret is set (a gate for
				// the jobs that use it): it is what those jobs show.
				f.Kind, f.Confidence = inventory.KindNotGitHub, inventory.ConfidenceLow
				f.Reason = strings.TrimSuffix(f.Reason, ".") + "; the job only tests that it is set, and the same secret is another service's at " + where
			case onlyInheritedEnv(f):
				// The workflow's env hands it to every job, and no step
				// of this one reads it: the jobs that use it show what
				// it is.
				f.Kind, f.Confidence = inventory.KindNotGitHub, inventory.ConfidenceLow
				f.Reason = strings.TrimSuffix(f.Reason, ".") + "; the workflow's env gives it to this job, which does not read it, and the same secret is another service's at " + where
			}
		}
	}
}

// onlyInheritedEnv reports a finding whose every use is the workflow's or
// job's env handing the credential to every step, none of which reads it
// (every step accounted for: inventory.Finding.EnvRead).
func onlyInheritedEnv(f *inventory.Finding) bool {
	if !f.EnvRead || len(f.Uses) == 0 {
		return false
	}
	for _, u := range f.Uses {
		if u.Via != inventory.ViaEnv || !strings.Contains(u.Target, " of every step (") {
			return false
		}
	}
	return true
}

// localWorkflow is the path of a reusable workflow of the scanned
// repository that uses names (./path, or owner/repo/path@ref naming the
// repository itself).
func (rs *repoScan) localWorkflow(uses string) (string, bool) {
	if p, ok := repofiles.LocalRef(uses); ok {
		return path.Clean(p), true
	}
	if repo, file, ok := splitRemoteWorkflow(uses); ok && rs.repo.Name != "" && strings.EqualFold(repo, rs.repo.Name) {
		return path.Clean(file), true
	}
	return "", false
}
