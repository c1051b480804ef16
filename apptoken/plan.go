package apptoken

import (
	"fmt"
	"sort"
	"strings"

	"github.com/pat2app/pat2app/planner"
)

// FindJob finds a plan's job by fingerprint or by repo:file:job (repo is
// owner/name).
func FindJob(p *planner.Plan, ref string) (*planner.Job, error) {
	ref = strings.TrimSpace(ref)
	var matches []*planner.Job
	for i := range p.Jobs {
		j := &p.Jobs[i]
		if j.Matches(ref) {
			matches = append(matches, j)
		}
	}
	switch len(matches) {
	case 0:
		return nil, fmt.Errorf("no job %q in the plan: give its fingerprint or repo:file:job (owner/name:.github/workflows/x.yml:job)", ref)
	case 1:
		return matches[0], nil
	}
	var fps []string
	for _, j := range matches {
		fps = append(fps, j.Fingerprint+" ("+j.Credential+")")
	}
	return nil, fmt.Errorf("%q names %d planned jobs (one per credential): give one fingerprint of %s", ref, len(matches), strings.Join(fps, ", "))
}

// PlannedRequest is the token a planned job's App token step would get:
// the job's repository and the targets of the same owner, and its
// permissions. It refuses jobs the plan does not give an App.
func PlannedRequest(j *planner.Job) (Request, error) {
	if j.Decision != planner.DecisionGitHubApp || j.App == "" {
		return Request{}, fmt.Errorf("job %s (%s:%s:%s) is planned as %s, not for a GitHub App token", j.Fingerprint, j.Repo, j.File, j.Job, j.Decision)
	}
	owner, _, ok := strings.Cut(j.Repo, "/")
	if !ok {
		return Request{}, fmt.Errorf("job %s: repository %q is not owner/name", j.Fingerprint, j.Repo)
	}
	names := map[string]bool{}
	var others []string
	for _, r := range append([]string{j.Repo}, j.TargetRepos...) {
		o, n, ok := strings.Cut(r, "/")
		switch {
		case !ok || strings.ContainsAny(r, "{}$<>* \t"):
			return Request{}, fmt.Errorf("job %s targets %q, which is not a concrete repository: mint with --repositories instead", j.Fingerprint, r)
		case strings.EqualFold(o, owner):
			names[n] = true
		default:
			others = append(others, r)
		}
	}
	if len(others) > 0 {
		return Request{}, fmt.Errorf("job %s reaches repositories of other owners (%s): an installation token covers one account; mint one per owner with --owner and --repositories",
			j.Fingerprint, strings.Join(others, ", "))
	}
	req := Request{Repo: j.Repo, Permissions: map[string]string{}}
	for n := range names {
		req.Repositories = append(req.Repositories, n)
	}
	sort.Strings(req.Repositories)
	for name, access := range j.Permissions {
		if name != "metadata" {
			req.Permissions[name] = access
		}
	}
	return req, nil
}
