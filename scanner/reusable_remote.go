package scanner

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/rhysd/actionlint"

	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/knowledge"
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
// entry's words ("" when nothing more is to say: a workflow the scan
// links itself, a call whose ref is chosen at run time).
func (js *jobState) remoteWorkflow(uses string, wc *actionlint.WorkflowCall) (res *fileResult, why string) {
	rs := js.a.rs
	if _, _, _, _, ok := splitWorkflowRef(uses); !ok {
		return nil, ""
	}
	if rs.depth >= maxActionDepth {
		return nil, fmt.Sprintf("called through %d workflows or actions read from their repositories; not followed further", maxActionDepth)
	}
	r := rs.s.readWorkflow(rs.ctx, uses)
	switch {
	case errors.Is(r.err, ErrInScan):
		return nil, ""
	case errors.Is(r.err, ErrActionOffline):
		return nil, "reusable workflow " + inventory.NotReadOffline + ": it is not in the knowledge base (scan with --online, or scan the organisation, to read it at the pinned ref)"
	case r.err != nil:
		return nil, "reusable workflow not read: " + oneLine(r.err.Error(), 160)
	}
	bound := boundInputs(wc.Inputs, callInputValue)
	key := "workflow\x00" + r.where + "\x00" + r.file + "\x00" + strings.Join(bound, ",")
	if res, ok := rs.remoteWorkflows[key]; ok {
		return res, ""
	}
	// The called workflow runs for the caller: github.repository is the
	// caller's, and a script it runs is in the caller's checkout or its
	// own repository, neither of which is read here.
	a, p := rs.analyseRemote(remoteFile{where: r.where, file: File{Path: r.file, Data: r.data}, scanAs: rs.repo.Name, config: rs.repo.Config,
		treeNote: workflowCodeUnavailable, bound: bound}, false)
	res = &fileResult{analysis: a, errs: p.errs}
	if a != nil {
		res.findings = a.finish()
	}
	rs.remoteWorkflows[key] = res
	if res.analysis == nil {
		msg := "not a workflow"
		if len(p.errs) > 0 {
			msg = p.errs[0].Message
		}
		return res, "reusable workflow read but not analysed: " + oneLine(msg, 120)
	}
	return res, ""
}

// workflowCodeUnavailable says why a script a reusable workflow read from
// its repository runs is not followed.
const workflowCodeUnavailable = "script run by a reusable workflow read from its repository is not followed"

// workflowRowUse records a credential given to a reusable workflow that
// has a row of its own in the knowledge base (knowledge.ReusableWorkflow)
// as the row says: a token secret or input is the workflow's operation,
// which the planner reads from the same row; one of a row whose
// credentials go to another service is not GitHub's; any other is left
// for review. what is "secret" or "input".
func (js *jobState) workflowRowUse(b *builder, row knowledge.ActionInfo, wc *actionlint.WorkflowCall, uses, what, name string, line int, subj inventory.Subject) {
	ev := uses + " " + what + " " + name
	switch {
	case containsFold(row.TokenInputs, name):
		if row.Registry != "" {
			img, where := callRegistry(wc, row)
			switch where {
			case registryRunTime:
				b.signal(0, false, "")
				b.unresolved(line, ev, "the image "+img+", and so the registry "+name+" logs in to, is chosen at run time: a GitHub credential only for "+row.Registry, subj)
				return
			case registryOther:
				b.signal(-1, true, what+" "+name+" of "+uses+" logs in to the registry of "+img+", not "+row.Registry)
				return
			}
			b.signal(1, true, what+" "+name+" of "+uses+" logs in to "+row.Registry+" for "+img)
		} else {
			b.signal(1, true, "token "+what+" of the reusable workflow "+uses)
		}
		b.op(inventory.Operation{Kind: inventory.OpAction, Method: "ACTION", Path: row.Name, Name: row.Name,
			Subject: inventory.Subject{Action: row.Name, Input: strings.ToLower(name)}, Inputs: callInputs(wc),
			Writes: row.Permissions.Writes(), Evidence: at(line, ev)})
	case row.OtherService:
		b.signal(-1, true, what+" "+name+" of "+uses+", which gives its credentials to another service")
	case row.Registry != "" && strings.Contains(strings.ToLower(name), "username"):
		b.signal(-1, false, what+" "+name+" of "+uses+" is a registry user name, not a credential")
	default:
		b.notGitHubHint(what + " " + name + " is not one of the GitHub token secrets or inputs of " + uses)
		b.unresolved(line, ev, "passed to "+what+" "+name+" of "+uses+", which is not one of its token secrets or inputs", subj)
	}
}

// Where the image a registry login of a reusable workflow is for lives.
const (
	registryRow     = iota // the row's registry (ghcr.io)
	registryOther          // another registry
	registryRunTime        // chosen at run time, or not named
)

// callRegistry finds the registry a call's image is in: the values of the
// inputs and secrets named for an image, registry or repository (not
// its user name or password) that the call gives.
func callRegistry(wc *actionlint.WorkflowCall, row knowledge.ActionInfo) (string, int) {
	var vals []string
	for _, k := range sortedKeys(wc.Inputs) {
		if in := wc.Inputs[k]; in != nil && in.Value != nil && namesImage(k) {
			vals = append(vals, in.Value.Value)
		}
	}
	for _, k := range sortedKeys(wc.Secrets) {
		if sec := wc.Secrets[k]; sec != nil && sec.Value != nil && namesImage(k) {
			vals = append(vals, sec.Value.Value)
		}
	}
	other, runTime := "", ""
	for _, v := range vals {
		v = strings.TrimSpace(v)
		switch {
		case strings.Contains(strings.ToLower(v), strings.ToLower(row.Registry)) && !strings.HasPrefix(v, "${{"):
			return oneLine(v, 100), registryRow
		case strings.Contains(v, "${{"):
			runTime = oneLine(v, 100)
		case v != "" && other == "":
			other = oneLine(v, 100)
		}
	}
	switch {
	case runTime != "":
		return runTime, registryRunTime
	case other != "":
		return other, registryOther
	}
	return "(not given)", registryRunTime
}

// namesImage reports an input or secret of a call that names the image or
// registry a login is for.
func namesImage(name string) bool {
	n := strings.ToLower(name)
	if strings.Contains(n, "user") || strings.Contains(n, "password") || strings.Contains(n, "token") {
		return false
	}
	return strings.Contains(n, "image") || strings.Contains(n, "registry") || strings.Contains(n, "repository")
}

// callInputs are the literal inputs a call gives (what an action row's
// input conditions are read against).
func callInputs(wc *actionlint.WorkflowCall) map[string]string {
	args := map[string]string{}
	for k, in := range wc.Inputs {
		if in == nil || in.Value == nil {
			continue
		}
		if v := in.Value.Value; v != "" && len(v) <= 200 && !hasWordFold(v, "secrets.") && !mayHoldToken([]byte(v)) {
			args[strings.ToLower(k)] = oneLine(v, 120)
		}
	}
	if len(args) == 0 {
		return nil
	}
	return args
}

// inheritRow makes a `secrets: inherit` call of a reusable workflow that
// has a row of its own what the row says: the workflow reads its token
// secrets by name from the caller's secrets; a row whose credentials go
// to another service passes none to GitHub.
func (js *jobState) inheritRow(b *builder, row knowledge.ActionInfo, wc *actionlint.WorkflowCall, uses string, line int) {
	if len(row.TokenInputs) == 0 {
		b.use(inventory.Use{Line: line, Via: inventory.ViaReusableWorkflow, Target: uses + " (secrets: inherit)", Subject: inventory.Subject{Workflow: uses}})
		if row.OtherService {
			b.fixed = &kindChoice{kind: inventory.KindNotGitHub, confidence: inventory.ConfidenceHigh,
				reason: "passed with secrets: inherit to " + uses + ", which gives its secrets to other services only"}
			return
		}
		b.fixed = &kindChoice{kind: inventory.KindGitHubToken, confidence: inventory.ConfidenceHigh,
			reason: "passed with secrets: inherit to " + uses + ", which takes no GitHub token"}
		return
	}
	for _, n := range row.TokenInputs {
		subj := inventory.Subject{Workflow: uses, Secret: n}
		b.use(inventory.Use{Line: line, Via: inventory.ViaReusableWorkflow, Target: uses + " secret " + n, Subject: subj})
		js.workflowRowUse(b, row, wc, uses, "secret", n, line, subj)
	}
	if len(b.f.Operations) > 0 {
		// The caller's own secret of that name reaches the workflow as a
		// GitHub token; the built-in token is never inherited by name.
		b.fixed = &kindChoice{kind: inventory.KindPAT, confidence: inventory.ConfidenceMedium,
			reason: "passed with secrets: inherit to " + uses + ", which uses the secret " + strings.Join(row.TokenInputs, ", ") + " as a GitHub token"}
	}
}
