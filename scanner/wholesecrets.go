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
	pats := map[string]string{} // secret name -> where the scan shows it is a PAT
	for i := range findings {
		f := &findings[i]
		name, ok := strings.CutPrefix(f.Credential, "secrets.")
		if !ok || name == "*" || name == "[dynamic]" || f.Kind != inventory.KindPAT {
			continue
		}
		if _, seen := pats[name]; !seen {
			where := f.File
			if len(f.Lines) > 0 {
				where += ":" + strconv.Itoa(f.Lines[0])
			}
			pats[name] = where
		}
	}
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
