package planner

import (
	"strings"

	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/repofiles"
)

// linkCalls ties a job that passes a credential to a reusable workflow of
// its repository to the jobs of that workflow that use what it passes
// (Calls), and those jobs back to their callers (CalledBy). The caller's
// finding carries the callee's operations too, so reports count the work
// once, in the callee's jobs, where the token step goes; the caller holds
// the stored secret the callee receives under its own name.
func linkCalls(jobs []Job, findings []inventory.Finding) {
	byFP := make(map[string]*Job, len(jobs))
	type fileKey struct{ repo, file string }
	inFile := map[fileKey][]*Job{}
	for i := range jobs {
		j := &jobs[i]
		byFP[j.Fingerprint] = j
		k := fileKey{strings.ToLower(j.Repo), j.File}
		inFile[k] = append(inFile[k], j)
	}
	for i := range findings {
		f := &findings[i]
		caller := byFP[f.Fingerprint]
		if caller == nil {
			continue
		}
		for _, u := range f.Uses {
			if u.Via != inventory.ViaReusableWorkflow || u.Secret == "" {
				continue
			}
			file, ok := repofiles.LocalRef(u.Workflow)
			if !ok {
				continue
			}
			for _, callee := range inFile[fileKey{strings.ToLower(f.Repo), file}] {
				if callee.Fingerprint == caller.Fingerprint || !receives(callee.Credential, u.Secret, f.Credential) {
					continue
				}
				caller.Calls = appendUnique(caller.Calls, callee.Fingerprint)
				callee.CalledBy = appendUnique(callee.CalledBy, caller.Fingerprint)
				// A job that calls a workflow has no steps of its own:
				// the token step and the replaced references are the
				// callee's.
				caller.Snippet, caller.Replace = "", nil
			}
		}
	}
}

// receives reports whether a callee's credential is what its caller passes
// as secret: the callee's secrets.NAME, or the caller's own secret when the
// scan names the callee's credential after what the caller passes.
func receives(calleeCred, secret, callerCred string) bool {
	for _, n := range secretNames(calleeCred) {
		if strings.EqualFold(n, secret) {
			return true
		}
		for _, c := range secretNames(callerCred) {
			if strings.EqualFold(n, c) {
				return true
			}
		}
	}
	return false
}

// CountedApart reports whether a job's work is counted in other jobs: a
// call of a reusable workflow whose jobs are planned themselves.
func CountedApart(j *Job) bool { return len(j.Calls) > 0 }
