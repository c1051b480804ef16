package scanner

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/rhysd/actionlint"

	"github.com/pat2app/pat2app/config"
	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/knowledge"
	"github.com/pat2app/pat2app/scanner/actionsrc"
	"github.com/pat2app/pat2app/scanner/jsops"
)

// An action without a row in the knowledge base is read from its own
// repository at the ref the step pins, when the scan has an ActionSource:
// its action.yml (inputs whose default is the workflow's token, a
// composite action's steps, a Docker action's image) and a JavaScript
// action's source (package actionsrc). Without one (a local scan that
// is offline), such an action is left for review: "action not read
// (offline)".

// ActionSource gives third-party actions' repositories.
type ActionSource interface {
	// ActionRepo returns owner/repo at ref: its files and the commit ref
	// resolved to.
	ActionRepo(ctx context.Context, owner, repo, ref string) (ActionRepo, error)
}

// ActionRepo is an action's repository at one commit.
type ActionRepo struct {
	// FS holds the repository's files (those an action's reading needs:
	// action metadata, source modules, Docker files), by slash-separated
	// path from its root.
	FS fs.FS
	// Commit is the commit the ref resolved to.
	Commit string
}

// ErrActionOffline is the error of an ActionSource that may not fetch.
var ErrActionOffline = errors.New("offline")

// maxActionDepth bounds how deep composite actions read from their
// repositories may call others.
const maxActionDepth = 3

// actionReads holds what was read of each action in one Scanner, so an
// organisation's scan reads each action and ref once.
type actionReads struct {
	mu sync.Mutex
	m  map[string]*actionRead
}

// actionRead is one action at one ref, read once.
type actionRead struct {
	once sync.Once
	// where names the action and ref in evidence: owner/repo@ref.
	where  string
	commit string
	act    *actionsrc.Action
	err    error
}

// remoteUses splits owner/repo[/path]@ref; ok is false for local and
// docker:// actions and for a uses: without a ref.
func remoteUses(uses string) (owner, repo, dir, ref string, ok bool) {
	name, ref, found := strings.Cut(strings.TrimSpace(uses), "@")
	if !found || ref == "" || strings.HasPrefix(name, ".") || strings.Contains(name, "://") || strings.Contains(ref, "${{") {
		return "", "", "", "", false
	}
	parts := strings.SplitN(name, "/", 3)
	if len(parts) < 2 || parts[0] == "" || parts[1] == "" {
		return "", "", "", "", false
	}
	dir = "."
	if len(parts) == 3 {
		dir = path.Clean(parts[2])
		if dir == ".." || strings.HasPrefix(dir, "../") || strings.HasPrefix(dir, "/") {
			return "", "", "", "", false
		}
	}
	return parts[0], parts[1], dir, ref, true
}

// readAction reads the action a step uses, once per Scanner.
func (s *Scanner) readAction(ctx context.Context, uses string) *actionRead {
	owner, repo, dir, ref, ok := remoteUses(uses)
	if !ok {
		return &actionRead{err: errors.New("not an action of another repository")}
	}
	key := strings.ToLower(owner+"/"+repo+"/"+dir) + "@" + ref
	if sc, root, ok := scannedCheckout(ctx, owner+"/"+repo); ok {
		// A repository this scan reads from its checkout: the action is
		// read there, once a scan, at the checkout's commit (which may
		// not be ref's).
		sc.mu.Lock()
		r, found := sc.reads[key]
		if !found {
			r = &actionRead{where: owner + "/" + repo + "@" + ref + " (scanned checkout)"}
			sc.reads[key] = r
		}
		sc.mu.Unlock()
		r.once.Do(func() {
			tree := openTree(root)
			if tree == nil {
				r.err = fmt.Errorf("the checkout of %s/%s cannot be opened", owner, repo)
				return
			}
			defer tree.(rootTree).Close()
			r.act, r.err = actionsrc.Read(ctx, tree, dir, actionsrc.Options{IsMethod: isOctokitMethod, IsBundledLibrary: knowledge.IsBundledPlumbing})
		})
		return r
	}
	s.actions.mu.Lock()
	if s.actions.m == nil {
		s.actions.m = map[string]*actionRead{}
	}
	r, ok := s.actions.m[key]
	if !ok {
		r = &actionRead{where: owner + "/" + repo + "@" + ref}
		s.actions.m[key] = r
	}
	s.actions.mu.Unlock()
	r.once.Do(func() {
		if s.source == nil {
			r.err = ErrActionOffline
			return
		}
		got, err := s.source.ActionRepo(ctx, owner, repo, ref)
		if err != nil {
			r.err = err
			return
		}
		r.commit = got.Commit
		r.act, r.err = actionsrc.Read(ctx, got.FS, dir, actionsrc.Options{IsMethod: isOctokitMethod, IsBundledLibrary: knowledge.IsBundledPlumbing})
	})
	return r
}

// isOctokitMethod reports whether ns.method is an Octokit REST method.
func isOctokitMethod(ns, method string) bool {
	_, ok := knowledge.RestMethod(ns, method)
	return ok
}

// notRead says why the action a step uses was not read, in an unresolved
// entry's words; "" when it was.
// actionCodeUnavailable says why a script a composite action read from
// its own repository runs is not followed: only the action's metadata and
// source are read, not the rest of its repository.
const actionCodeUnavailable = "script of an action read from its repository is not followed"

func (js *jobState) notRead(s *actionStep) string {
	if !s.remote() {
		return ""
	}
	r := js.sourceOf(s)
	as := ""
	if s.checkedOutAs != "" {
		as = " (the workflow uses it as " + s.checkedOutAs + ")"
	}
	switch {
	case r.err == nil:
		return ""
	case errors.Is(r.err, ErrActionOffline):
		return "action " + inventory.NotReadOffline + ": " + s.uses + as + " is not in the knowledge base (scan with --online, or scan the organisation, to read it at the pinned ref)"
	}
	return "action not read: " + s.uses + as + ": " + oneLine(r.err.Error(), 160)
}

// remote reports whether the step's action is one of another repository
// without a row, which the scan may read.
func (s *actionStep) remote() bool {
	if s.known {
		return false
	}
	_, _, _, _, ok := remoteUses(s.uses)
	return ok
}

// sourceOf is what was read of the step's action.
func (js *jobState) sourceOf(s *actionStep) *actionRead {
	if s.src == nil {
		if js.a.rs.depth >= maxActionDepth {
			s.src = &actionRead{err: fmt.Errorf("called through %d actions read from their repositories; not followed further", maxActionDepth)}
		} else {
			s.src = js.a.s.readAction(js.a.rs.ctx, s.uses)
		}
	}
	return s.src
}

// sourceEvidence places a line of the action's own files in evidence.
func (r *actionRead) evidence(file string, line int, text string) inventory.Evidence {
	return inventory.Evidence{Repo: r.where, File: file, Line: line, Text: text}
}

// sourcedInput reads a credential given to an input (env false) or a
// variable (env true) of an action read from its repository. It reports
// false when the action was not read.
func (js *jobState) sourcedInput(s *actionStep, b *builder, name string, env bool, line int) bool {
	if !s.remote() {
		return false
	}
	r := js.sourceOf(s)
	if r.err != nil {
		return false
	}
	subj := inventory.Subject{Action: s.name, Input: name}
	ev := s.name + " " + name
	if env {
		ev = s.name + " env " + name
	}
	switch r.act.Meta.Kind() {
	case actionsrc.KindComposite:
		if env {
			// A composite action's steps see the caller's env as theirs.
			b.signal(0, false, "")
			b.unresolved(line, ev, "env "+name+" reaches the steps of the composite action "+r.where+"; read its findings with the variable set", subj)
			return true
		}
		callee := js.remoteComposite(s, r)
		if callee == nil {
			return false
		}
		js.fromCallee(b, callee, "inputs."+name)
		return true
	case actionsrc.KindJavaScript:
		js.sourcedToken(s, r, b, name, env, line, ev)
		return true
	default:
		js.dockerToken(s, r, b, name, env)
		return true
	}
}

// sourcedToken records what a JavaScript action's source does with a
// value given to it.
func (js *jobState) sourcedToken(s *actionStep, r *actionRead, b *builder, name string, env bool, line int, ev string) {
	subj := inventory.Subject{Action: s.name, Input: name}
	u := r.act.TokenUse(name, env)
	tokenish := knowledge.IsGitHubTokenInput(name)
	if env {
		tokenish = knowledge.IsGitHubTokenEnv(strings.ToUpper(name))
	}
	files := strings.Join(r.act.Files, ", ")
	if files == "" {
		files = r.act.MetaFile
	}
	if !u.Reaches && !(u.Untraced && tokenish) {
		b.signal(0, false, "")
		what := "input "
		if env {
			what = "variable "
		}
		b.unresolved(line, ev, "the source of "+r.where+" ("+oneLine(files, 120)+") makes no client from its "+what+name+"; what it does with it is not read", subj)
		return
	}
	b.signal(1, true, "token "+map[bool]string{false: "input", true: "variable"}[env]+" of "+s.name+" (read from its source at "+r.where+")")
	calls := make([]jsops.Call, len(u.Calls))
	for i, c := range u.Calls {
		calls[i] = c.Call
	}
	js.callOps(b, calls, subj, js.stepTarget(s, b, line), func(i int) inventory.Evidence {
		return r.evidence(u.Calls[i].File, u.Calls[i].Line, oneLine(u.Calls[i].Evidence, 120))
	})
	js.actionNotes(r, b, subj)
	if len(u.Calls) == 0 && !r.act.Partial() {
		b.unresolved(line, ev, "the source of "+r.where+" ("+oneLine(files, 120)+") makes no API call with it that pat2app can see", subj)
	}
}

// actionNotes records what was not read of an action: each keeps the
// job in review.
func (js *jobState) actionNotes(r *actionRead, b *builder, subj inventory.Subject) {
	for _, n := range r.act.Notes {
		b.unresolvedAt(inventory.Unresolved{Evidence: inventory.Evidence{Repo: r.where, File: n.File, Line: n.Line, Text: oneLine(n.Text, 160)},
			Reason: "the action's source is only partly read; what it does with the token there is not known", Subject: subj})
	}
}

// dockerToken records a value given to a Docker action: its image's code
// is not read.
func (js *jobState) dockerToken(s *actionStep, r *actionRead, b *builder, name string, env bool) {
	subj := inventory.Subject{Action: s.name, Input: name}
	m := r.act.Meta
	tokenish := knowledge.IsGitHubTokenInput(name)
	if in, ok := m.Input(name); ok && in.DefaultsToToken() {
		tokenish = true
	}
	if env {
		tokenish = knowledge.IsGitHubTokenEnv(strings.ToUpper(name))
	}
	if tokenish {
		b.signal(1, false, "token input of the Docker action "+s.name)
	} else {
		b.signal(0, false, "")
	}
	b.unresolvedAt(inventory.Unresolved{Evidence: r.evidence(r.act.MetaFile, m.Runs.Line, "runs: docker, image "+oneLine(m.Runs.Image, 80)),
		Reason: "a Docker action: what its image's code does with " + name + " is not read", Subject: subj})
}

// defaultTokenUses records the workflow's token an action read from its
// repository uses through inputs whose default is that token and which
// the step does not give.
func (js *jobState) defaultTokenUses(s *actionStep) {
	if !s.remote() {
		return
	}
	r := js.sourceOf(s)
	if r.err != nil {
		return
	}
	for _, in := range r.act.Meta.Inputs {
		if !in.DefaultsToToken() || hasInput(s.ex, in.Name) {
			continue
		}
		b := js.a.get(js.id, "github.token")
		ev := s.name + " " + in.Name + " (default: " + oneLine(in.Default, 60) + ")"
		subj := inventory.Subject{Action: s.name, Input: strings.ToLower(in.Name)}
		b.use(inventory.Use{Line: s.line, Step: s.label, Via: inventory.ViaInput, Target: ev, Subject: subj})
		switch r.act.Meta.Kind() {
		case actionsrc.KindJavaScript:
			js.sourcedToken(s, r, b, in.Name, false, s.line, ev)
		case actionsrc.KindComposite:
			if callee := js.remoteComposite(s, r); callee != nil {
				js.fromCallee(b, callee, "inputs."+in.Name)
			}
		default:
			js.dockerToken(s, r, b, in.Name, false)
		}
	}
}

func hasInput(ex *actionlint.ExecAction, name string) bool {
	_, ok := ex.Inputs[strings.ToLower(name)]
	return ok
}

// remoteComposite scans the steps of a composite action read from its
// repository, with the inputs the step gives expressions (and those whose
// default is the workflow's token) standing for credentials; once per
// action and set of inputs in a repository's scan.
func (js *jobState) remoteComposite(s *actionStep, r *actionRead) *analysis {
	bound := boundInputs(s.ex.Inputs, stepInputValue)
	for _, in := range r.act.Meta.Inputs {
		if in.DefaultsToToken() {
			bound = append(bound, strings.ToLower(in.Name))
		}
	}
	sort.Strings(bound)
	rs := js.a.rs
	inputs := knownInputs(s.ex.Inputs, r.act.Meta)
	key := r.where + "\x00" + r.act.MetaFile + "\x00" + strings.Join(bound, ",") + "\x00" + inputsKey(inputs)
	if a, ok := rs.remote[key]; ok {
		return a
	}
	a, _ := rs.analyseRemote(remoteFile{where: r.where, file: File{Path: r.act.MetaFile, Data: r.act.MetaData}, scanAs: r.where, treeNote: actionCodeUnavailable, bound: bound, inputs: inputs}, true)
	rs.remote[key] = a
	return a
}

// inputsKey renders literal inputs for a cache key.
func inputsKey(inputs map[string]string) string {
	var b strings.Builder
	for _, k := range slices.Sorted(maps.Keys(inputs)) {
		b.WriteString(k + "=" + inputs[k] + "\x00")
	}
	return b.String()
}

// remoteFile is one file read from another repository, to be analysed
// under a repository's scan: a composite action's metadata or a reusable
// workflow.
type remoteFile struct {
	// where names the repository and ref in evidence: owner/repo@ref.
	where string
	file  File
	// scanAs is the repository the file's own scan stands for, and
	// config that scan's configuration (nil: the scanner's).
	scanAs string
	config *config.Config
	// treeNote says why the scripts the file runs are not read.
	treeNote string
	// bound are the inputs (lower case) the caller gives credentials.
	bound []string
	// whole, when set, is the repository the file is of, whose files the
	// scan holds (a local composite action read again with its inputs
	// bound): its scripts are followed, and evidence stays in it.
	whole *RepoFiles
	// persisted is set when the calling job's actions/checkout persisted
	// a credential the composite action's steps may use through git.
	persisted bool
	// defaultPersisted is set when it persisted the workflow's own token
	// (no token input): a push in its folder uses github.token.
	defaultPersisted bool
	// inputs are the composite action's inputs with a literal value
	// (knownInputs).
	inputs map[string]string
	// env, in a composite action read for a calling step, are variables
	// of the step's environment its steps see, each as env.NAME.
	env []string
}

// boundInputs are the inputs (lower case, sorted) a step or a job's
// workflow call gives an expression, which a composite action or
// reusable workflow read for it takes for credentials; value is an
// input's value.
func boundInputs[In any](inputs map[string]*In, value func(*In) *actionlint.String) []string {
	var bound []string
	for k, in := range inputs {
		if in == nil {
			continue
		}
		if v := value(in); v != nil && strings.Contains(v.Value, "${{") {
			bound = append(bound, strings.ToLower(k))
		}
	}
	sort.Strings(bound)
	return bound
}

// stepInputValue and callInputValue are the values boundInputs reads.
func stepInputValue(in *actionlint.Input) *actionlint.String             { return in.Value }
func callInputValue(in *actionlint.WorkflowCallInput) *actionlint.String { return in.Value }

// analyseRemote analyses f in a scan of its own one level deeper than rs,
// its evidence placed in f.where: as a composite action, or as a workflow
// (a reusable workflow: composite false). The analysis is nil when the
// file is not one of that kind or does not parse; p says why.
func (rs *repoScan) analyseRemote(f remoteFile, composite bool) (a *analysis, p parsedFile) {
	files := RepoFiles{Name: f.scanAs, Config: f.config, Files: []File{f.file}, TreeNote: f.treeNote}
	if f.whole != nil {
		files = *f.whole
	}
	sub := rs.s.newRepoScan(rs.ctx, files)
	sub.depth, sub.remote, sub.remoteWorkflows = rs.depth+1, rs.remote, rs.remoteWorkflows
	if f.whole != nil {
		sub.mentions = rs.mentions // the same repository's files
	}
	file := sub.byPath[path.Clean(f.file.Path)]
	if file == nil {
		return nil, p
	}
	p = rs.s.parseFile(f.where, file)
	sub.parsed = map[string]parsedFile{path.Clean(file.Path): p}
	if p.wf == nil || p.composite != composite {
		return nil, p
	}
	a = newAnalysis(rs.s, sub, file)
	a.composite = composite
	a.bound = map[string]bool{}
	for _, n := range f.bound {
		a.bound[n] = true
	}
	a.evidenceRepo = f.where
	a.callerPersisted = f.persisted && composite
	a.callerDefaultPersisted = f.defaultPersisted && composite
	if composite {
		a.inputValues, a.callerEnv = f.inputs, f.env
	}
	a.wf = p.wf
	a.workflow()
	return a, p
}
