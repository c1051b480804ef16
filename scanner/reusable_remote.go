package scanner

import (
	"context"
	"errors"
	"fmt"
	"path"
	"sort"
	"strings"
	"sync"

	"github.com/rhysd/actionlint"
)

// A reusable workflow of another repository (jobs.<id>.uses:
// owner/repo/.github/workflows/x.yml@ref) is read at the ref the call
// pins when the scan's ActionSource is also a WorkflowSource, and
// analysed as a called workflow of the repository is: the secrets and
// inputs the caller gives it take on what its jobs do with them, with
// evidence in its file. Without one (a local scan that is offline) the
// call is left for review: "reusable workflow not read (offline)".

// WorkflowSource gives reusable workflows of other repositories. An
// ActionSource that is also a WorkflowSource reads them.
type WorkflowSource interface {
	// ReusableWorkflow returns file (.github/workflows/x.yml) of
	// owner/repo at ref, or ErrInScan when the scan reads that repository
	// itself, or ErrActionOffline when it may not fetch it.
	ReusableWorkflow(ctx context.Context, owner, repo, file, ref string) (CalledWorkflow, error)
}

// CalledWorkflow is a reusable workflow read at one commit.
type CalledWorkflow struct {
	Data []byte
	// Commit is the commit the ref resolved to.
	Commit string
}

// ErrInScan is the error of a WorkflowSource asked for a workflow of a
// repository the scan reads itself: its callers are linked to its
// findings when the scan ends (LinkReusableWorkflows).
var ErrInScan = errors.New("a repository of this scan")

// workflowReads holds what was read of each reusable workflow in one
// Scanner, so that an organisation's scan reads each once.
type workflowReads struct {
	mu sync.Mutex
	m  map[string]*workflowRead
}

// workflowRead is one reusable workflow at one ref, read once.
type workflowRead struct {
	once sync.Once
	// where names the repository and ref in evidence: owner/repo@ref.
	where, file string
	data        []byte
	err         error
}

// splitWorkflowRef splits owner/repo/.github/workflows/x.yml@ref; ok is
// false for a local call, a ref chosen at run time or a path outside the
// repository's workflows.
func splitWorkflowRef(uses string) (owner, repo, file, ref string, ok bool) {
	name, ref, found := strings.Cut(strings.TrimSpace(uses), "@")
	if !found || ref == "" || strings.Contains(ref, "${{") || strings.Contains(name, "${{") {
		return "", "", "", "", false
	}
	full, file, ok := splitRemoteWorkflow(name + "@" + ref)
	if !ok || !strings.HasPrefix(file, ".github/workflows/") {
		return "", "", "", "", false
	}
	owner, repo, _ = strings.Cut(full, "/")
	return owner, repo, file, ref, owner != "" && repo != ""
}

// readWorkflow reads the reusable workflow a job calls, once per Scanner.
func (s *Scanner) readWorkflow(ctx context.Context, uses string) *workflowRead {
	owner, repo, file, ref, ok := splitWorkflowRef(uses)
	if !ok {
		return &workflowRead{err: errors.New("not a reusable workflow of another repository at a fixed ref")}
	}
	key := strings.ToLower(owner+"/"+repo) + "/" + file + "@" + ref
	s.workflows.mu.Lock()
	if s.workflows.m == nil {
		s.workflows.m = map[string]*workflowRead{}
	}
	r, found := s.workflows.m[key]
	if !found {
		r = &workflowRead{where: owner + "/" + repo + "@" + ref, file: file}
		s.workflows.m[key] = r
	}
	s.workflows.mu.Unlock()
	r.once.Do(func() {
		src, ok := s.source.(WorkflowSource)
		if !ok {
			r.err = ErrActionOffline
			return
		}
		got, err := src.ReusableWorkflow(ctx, owner, repo, file, ref)
		r.data, r.err = got.Data, err
	})
	return r
}

// remoteWorkflow is the analysis of the reusable workflow of another
// repository a job calls, with the inputs the call gives credentials
// standing for them; once per workflow and set of inputs in a
// repository's scan. When it was not read, why says so in an unresolved
// entry's words ("" for a workflow the scan links itself).
func (js *jobState) remoteWorkflow(uses string, wc *actionlint.WorkflowCall) (res *fileResult, why string) {
	rs := js.a.rs
	if _, _, _, _, ok := splitWorkflowRef(uses); !ok {
		return nil, "its use is not visible here"
	}
	if rs.depth >= maxActionDepth {
		return nil, fmt.Sprintf("called through %d workflows or actions read from their repositories; not followed further", maxActionDepth)
	}
	r := rs.s.readWorkflow(rs.ctx, uses)
	switch {
	case errors.Is(r.err, ErrInScan):
		return nil, "its use is not visible here"
	case errors.Is(r.err, ErrActionOffline):
		return nil, "reusable workflow not read (offline): scan with --online, or scan the organisation, to read it at the pinned ref"
	case r.err != nil:
		return nil, "reusable workflow not read: " + oneLine(r.err.Error(), 160)
	}
	var bound []string
	for k, in := range wc.Inputs {
		if in != nil && in.Value != nil && strings.Contains(in.Value.Value, "${{") {
			bound = append(bound, strings.ToLower(k))
		}
	}
	sort.Strings(bound)
	key := "workflow\x00" + r.where + "\x00" + r.file + "\x00" + strings.Join(bound, ",")
	if res, ok := rs.remoteWorkflows[key]; ok {
		return res, ""
	}
	f := &File{Path: r.file, Data: r.data}
	// The called workflow runs for the caller: github.repository is the
	// caller's, and a script it runs is in the caller's checkout or its
	// own repository, neither of which is read here.
	sub := rs.s.newRepoScan(rs.ctx, RepoFiles{Name: rs.repo.Name, Config: rs.repo.Config, Files: []File{*f}, TreeNote: workflowCodeUnavailable})
	sub.depth, sub.remote, sub.remoteWorkflows = rs.depth+1, rs.remote, rs.remoteWorkflows
	f = sub.byPath[path.Clean(f.Path)]
	p := rs.s.parseFile(r.where, f)
	sub.parsed = map[string]parsedFile{path.Clean(f.Path): p}
	res = &fileResult{errs: p.errs}
	if p.wf != nil && p.analyse && !p.composite {
		a := newAnalysis(rs.s, sub, f)
		a.bound = map[string]bool{}
		for _, n := range bound {
			a.bound[n] = true
		}
		a.evidenceRepo = r.where
		a.wf = p.wf
		a.workflow()
		res.analysis = a
		res.findings = a.finish()
	}
	rs.remoteWorkflows[key] = res
	if res.analysis == nil {
		msg := "not a workflow"
		if len(p.errs) > 0 {
			msg = p.errs[0].Message
		}
		return res, "reusable workflow read from " + r.where + " but not analysed: " + oneLine(msg, 120)
	}
	return res, ""
}

// workflowCodeUnavailable says why a script a reusable workflow read from
// its repository runs is not followed.
const workflowCodeUnavailable = "script run by a reusable workflow read from its repository is not followed"
