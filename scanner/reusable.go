package scanner

import (
	"bytes"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/rhysd/actionlint"

	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/knowledge"
	"github.com/pat2app/pat2app/repofiles"
	"github.com/pat2app/pat2app/scanner/actionsrc"
)

// reusableCall handles a job that calls a reusable workflow.
func (js *jobState) reusableCall(wc *actionlint.WorkflowCall) {
	a := js.a
	uses := ""
	line := 0
	if wc.Uses != nil {
		uses = wc.Uses.Value
		if wc.Uses.Pos != nil {
			line = wc.Uses.Pos.Line
		}
	}
	localPath, local := repofiles.LocalRef(uses)
	if !local {
		// owner/repo/.github/workflows/x.yml@ref naming the scanned
		// repository itself is read from the scanned files.
		localPath, local = ownRepoPath(uses, a.rs.repo.Name)
	}
	var callee *fileResult
	notRead := "" // why a workflow of another repository was not read
	if local {
		if f, ok := a.rs.byPath[localPath]; ok {
			callee = a.rs.file(f)
		}
	}
	// A workflow of another repository with a row of its own in the
	// knowledge base is what the row says; another is read when the call
	// first gives it a credential.
	row, known := knowledge.ReusableWorkflow(uses)
	known = known && !local
	readRemote := !local && !known
	calleeOf := func() *fileResult {
		if readRemote {
			readRemote = false
			callee, notRead = js.remoteWorkflow(uses, wc)
		}
		return callee
	}
	// A ghcr.io image among the call's inputs says what a registry
	// password passed along is for.
	ghcrImage := ""
	for _, in := range wc.Inputs {
		if in != nil && in.Value != nil && strings.Contains(strings.ToLower(in.Value.Value), "ghcr.io") {
			ghcrImage = oneLine(in.Value.Value, 100)
		}
	}
	pass := func(c, secretName string, l int) {
		b := a.get(js.id, c)
		subj := inventory.Subject{Workflow: uses, Secret: secretName}
		b.use(inventory.Use{Line: l, Via: inventory.ViaReusableWorkflow, Target: uses + " secret " + secretName, Subject: subj})
		if known {
			js.workflowRowUse(b, row, wc, uses, "secret", secretName, l, subj)
			return
		}
		if callee := calleeOf(); callee != nil && callee.analysis != nil {
			js.fromCallee(b, callee.analysis, "secrets."+secretName)
			js.partlyReadCallee(b, callee, uses, l, subj)
			return
		}
		if ghcrImage != "" && isTokenish(secretName) && !nameSaysNotGitHub(secretName) {
			b.signal(1, false, "registry credential passed with the ghcr.io image "+ghcrImage)
			b.op(inventory.Operation{Kind: inventory.OpDocker, Method: "DOCKER", Path: "push " + ghcrImage, Name: "push", Writes: true, Subject: subj,
				Evidence: at(l, uses+" secret "+secretName+" with image "+ghcrImage)})
		}
		if knowledge.IsGitHubTokenEnv(strings.ToUpper(secretName)) {
			// The callee names it as gh and the GitHub clients name
			// their token (GH_TOKEN, GITHUB_TOKEN).
			b.signal(1, false, "passed as the secret "+secretName+" of "+uses+", the name GitHub's tools read their token from")
		}
		calleeNameHints(b, c, secretName, uses)
		b.signal(0, false, "")
		reason := "passed to the reusable workflow " + uses + "; its use is not visible here"
		if notRead != "" {
			reason = notRead
		}
		if local {
			reason = "passed to " + uses + ", which was not found in this repository"
		}
		b.unresolved(l, uses+" secret "+secretName, reason, subj)
	}
	if wc.InheritSecrets {
		a.seen[line] = true
		b := a.get(js.id, inventory.InheritCredential)
		if known {
			js.inheritRow(b, row, wc, uses, line)
		} else if callee := calleeOf(); callee != nil && callee.analysis != nil {
			js.inheritFrom(b, callee, uses, line)
			js.partlyReadCallee(b, callee, uses, line, inventory.Subject{Workflow: uses})
		} else {
			b.use(inventory.Use{Line: line, Via: inventory.ViaReusableWorkflow, Target: uses + " (secrets: inherit)", Subject: inventory.Subject{Workflow: uses}})
			reason := "every secret is passed to a reusable workflow whose use of them is not visible here"
			if notRead != "" {
				reason = notRead
			}
			b.unresolved(line, uses+" secrets: inherit", reason, inventory.Subject{Workflow: uses})
		}
	}
	cp := callerPass{file: a.file.Path, line: line, inherit: wc.InheritSecrets, secrets: map[string][]string{}}
	for _, k := range sortedKeys(wc.Secrets) {
		sec := wc.Secrets[k]
		if sec == nil || sec.Value == nil {
			continue
		}
		secretName := k
		if sec.Name != nil {
			secretName = sec.Name.Value
		}
		key := strings.ToLower(secretName)
		cp.secrets[key] = nil // passed, even with no credential in it
		js.eachCred(sec.Value, js.env, func(c string, line int) {
			cp.secrets[key] = appendUnique(cp.secrets[key], c)
			pass(c, secretName, line)
		})
	}
	if local {
		if a.rs.passes == nil {
			a.rs.passes = map[string][]callerPass{}
		}
		a.rs.passes[localPath] = append(a.rs.passes[localPath], cp)
	}
	for _, k := range sortedKeys(wc.Inputs) {
		in := wc.Inputs[k]
		if in == nil || in.Value == nil {
			continue
		}
		subj := inventory.Subject{Workflow: uses, Input: k}
		js.eachCred(in.Value, js.env, func(c string, line int) {
			b := a.get(js.id, c)
			b.use(inventory.Use{Line: line, Via: inventory.ViaReusableWorkflow, Target: uses + " input " + k, Subject: subj})
			if known {
				js.workflowRowUse(b, row, wc, uses, "input", k, line, subj)
				return
			}
			if callee := calleeOf(); !local && callee != nil && callee.analysis != nil {
				js.fromCallee(b, callee.analysis, "inputs."+k)
				return
			}
			b.signal(0, false, "")
			b.unresolved(line, uses+" input "+k, "a credential passed as a reusable-workflow input", subj)
		})
	}
}

// localAction returns the analysis of a composite action in the same
// repository (uses: ./path or $/path), or nil.
func (js *jobState) localAction(name string) *analysis {
	dir, ok := repofiles.LocalRef(name)
	if !ok {
		return nil
	}
	for _, n := range repofiles.ActionNames {
		if f, ok := js.a.rs.byPath[path.Join(dir, n)]; ok {
			if r := js.a.rs.file(f); r != nil && r.analysis != nil {
				return r.analysis
			}
		}
	}
	return nil
}

// hasCredential reports whether the analysis holds a finding for cred
// (compared without regard to case).
func (a *analysis) hasCredential(cred string) bool {
	return a.builderOf(cred) != nil
}

// builderOf is the first finding's builder of cred (compared without
// case), nil when the analysis has none.
func (a *analysis) builderOf(cred string) *builder {
	for _, k := range a.order {
		if b := a.builders[k]; strings.EqualFold(b.f.Credential, cred) {
			return b
		}
	}
	return nil
}

// localComposite scans the steps of the repository's own composite action
// the step uses with the inputs it gives expressions standing for
// credentials, as remoteComposite does for one read from another
// repository: its own analysis takes only inputs named like credentials
// (token, key, ...), and a caller may pass one in an input named
// otherwise (turbo-api). Once per action and set of inputs in a scan; nil
// when the action is not a composite action of this repository.
//
// callerEnv names variables of the step's environment, each read there as
// the credential env.NAME (localEnvFollow).
func (js *jobState) localComposite(s *actionStep, persisted, defaultPersisted bool, callerEnv ...string) *analysis {
	dir, ok := repofiles.LocalRef(s.name)
	rs := js.a.rs
	if !ok || s.ex == nil || rs.depth >= maxActionDepth {
		return nil
	}
	bound := boundInputs(s.ex.Inputs, stepInputValue)
	for _, n := range repofiles.ActionNames {
		f, ok := rs.byPath[path.Join(dir, n)]
		if !ok {
			continue
		}
		// The action's defaults are the same for every step: the step's
		// own literal values key the reading.
		key := "local\x00" + f.Path + "\x00" + strings.Join(bound, ",") + "\x00" + strconv.FormatBool(persisted) + strconv.FormatBool(defaultPersisted) + "\x00" + inputsKey(knownInputs(s.ex.Inputs, nil)) + "\x00" + strings.Join(callerEnv, ",")
		a, ok := rs.remote[key]
		if !ok {
			meta := rs.localActionMetadata(path.Join(dir, n))
			a, _ = rs.analyseRemote(remoteFile{file: *f, scanAs: rs.repo.Name, bound: bound, whole: &rs.repo, persisted: persisted, defaultPersisted: defaultPersisted, inputs: knownInputs(s.ex.Inputs, meta), env: callerEnv}, true)
			rs.remote[key] = a
		}
		return a
	}
	return nil
}

// fromCallee copies what a local callee does with its secret into the
// caller's finding: kind signals and operations (with the callee's lines
// named in the evidence).
func (js *jobState) fromCallee(b *builder, callee *analysis, cred string) {
	found := false
	for _, k := range callee.order {
		cb := callee.builders[k]
		if !strings.EqualFold(cb.f.Credential, cred) {
			continue
		}
		found = true
		b.pos += cb.pos
		b.neg += cb.neg
		b.hintPos += cb.hintPos
		b.hintNeg += cb.hintNeg
		b.strongPos = b.strongPos || cb.strongPos
		b.strongNeg = b.strongNeg || cb.strongNeg
		b.unknown = b.unknown || cb.unknown
		b.appKey = b.appKey || cb.appKey
		b.reasons = append(b.reasons, cb.reasons...)
		for _, o := range cb.f.Operations {
			o.Evidence = inFile(o.Evidence, callee.evidenceRepo, callee.file.Path)
			b.op(o)
		}
		for _, u := range cb.f.Unresolved {
			u.Evidence = inFile(u.Evidence, callee.evidenceRepo, callee.file.Path)
			b.unresolvedAt(u)
		}
		for t := range cb.targets {
			if callee.self != "" && strings.EqualFold(t, callee.self) {
				// The callee's own repository, when it was read from
				// its repository (owner/repo@ref), is the caller's: a
				// composite action works on the repository it runs in.
				continue
			}
			b.target(t)
		}
	}
	if callee.composite && callee.left != nil {
		js.takeLeft(b, callee.left, cred)
	}
	if found && callee.composite && callee.evidenceRepo == "" && js.onlyTested(callee, cred) {
		b.testedOnly++
	}
	if !found {
		b.signal(0, false, "")
		if callee.evidenceRepo != "" {
			reason := "the composite action's steps show no use of this input"
			if !callee.composite {
				reason = "the called workflow does not use this " + strings.TrimSuffix(strings.SplitN(cred, ".", 2)[0], "s")
			}
			b.unresolvedAt(inventory.Unresolved{Evidence: inventory.Evidence{Repo: callee.evidenceRepo, File: callee.file.Path, Text: cred},
				Reason: reason})
			return
		}
		reason := "the called workflow does not use this secret"
		if callee.composite {
			reason = "the composite action's steps show no use of this input"
		}
		b.unresolved(0, callee.file.Path+" "+cred, reason, inventory.Subject{})
	}
}

// onlyTested reports whether a local composite action's steps do nothing
// with cred but test or compare it: no use, operation or unresolved part,
// nothing handed on or left to the job.
func (js *jobState) onlyTested(callee *analysis, cred string) bool {
	for _, k := range callee.order {
		cb := callee.builders[k]
		if !strings.EqualFold(cb.f.Credential, cred) {
			continue
		}
		if len(cb.f.Uses) > 0 || len(cb.f.Operations) > 0 || len(cb.f.Unresolved) > 0 || cb.f.HandedOn != "" || cb.testedOnly > 0 {
			return false
		}
	}
	return callee.left == nil || !callee.left.holds(cred)
}

// takeLeft gives the job what a composite action's steps left with cred,
// the action's name for what the step passed (inputs.token), with the
// step's credential in its place: the credential its checkout persisted,
// the $GITHUB_ENV variables it wrote and the logins it made reach the
// job's later steps.
func (js *jobState) takeLeft(b *builder, left *leftState, cred string) {
	same := func(c string) bool { return strings.EqualFold(c, cred) }
	if slices.ContainsFunc(left.persisted, same) {
		if js.persistedBy != js.stepIndex {
			js.persisted, js.persistedBy, js.persistedDir = nil, js.stepIndex, left.persistedDir
		}
		js.persisted = appendUnique(js.persisted, b.f.Credential)
	}
	for _, st := range left.stored {
		if slices.ContainsFunc(st.Credentials, same) {
			st.Credentials = []string{b.f.Credential}
			js.stored = append(js.stored, st)
		}
	}
	for _, k := range sortedKeys(left.ghEnv) {
		if slices.ContainsFunc(left.ghEnv[k].creds, same) {
			e := js.ghEnv[k]
			e.creds, e.line, e.level = appendUnique(e.creds, b.f.Credential), js.actionLine, "github-env"
			js.ghEnv[k] = e
			js.merged = nil
			b.variableHint(k)
		}
	}
}

// inFile places evidence of a called workflow or local action in its file
// (and repository), unless it is already placed in a file further down.
func inFile(e inventory.Evidence, repo, file string) inventory.Evidence {
	switch {
	case e.File == "":
		e.Repo, e.File = repo, file
	case e.Repo == "":
		e.Repo = repo // a file of the same repository
	}
	return e
}

// partlyReadCallee keeps a call of a workflow that could not be read in
// full (a YAML error past which its jobs are not known) for review, naming
// the error: what the unread part does with the secrets is not visible.
func (js *jobState) partlyReadCallee(b *builder, callee *fileResult, uses string, line int, subj inventory.Subject) {
	for _, e := range callee.errs {
		b.unresolved(line, uses, "the called workflow is only partly read ("+e.File+":"+strconv.Itoa(e.Line)+": "+e.Message+"); what the rest does with the secrets passed is not visible", subj)
		return
	}
}

// inheritedKinds are the kinds a `secrets: inherit` finding can take from
// what its callee does with the secrets, the first present winning: a PAT
// among them is what the migration is about; a secret nothing identifies
// keeps the whole inheritance under review; an App key mints tokens; the
// built-in token, or no secret at all, means the callee needs no PAT; only
// other services' secrets are not GitHub credentials.
var inheritedKinds = []inventory.Kind{inventory.KindPAT, inventory.KindUnknown, inventory.KindAppToken, inventory.KindGitHubToken, inventory.KindNotGitHub}

// inheritFrom makes the caller's `secrets: inherit` finding what the local
// callee does with the secrets it reads: one use per secret, the kind of the
// most telling of them (inheritedKinds), and the operations, unresolved
// entries and target repositories of the callee's findings of that kind,
// placed in the callee's file.
func (js *jobState) inheritFrom(b *builder, callee *fileResult, uses string, line int) {
	in := inheritedFrom(callee.findings, uses)
	for _, n := range in.secrets {
		b.use(inventory.Use{Line: line, Via: inventory.ViaReusableWorkflow, Target: uses + " secret " + n, Subject: inventory.Subject{Workflow: uses, Secret: n}})
	}
	if len(in.secrets) == 0 {
		b.use(inventory.Use{Line: line, Via: inventory.ViaReusableWorkflow, Target: uses + " (secrets: inherit)", Subject: inventory.Subject{Workflow: uses}})
	}
	for _, f := range in.from {
		for _, o := range f.Operations {
			o.Evidence = inFile(o.Evidence, callee.analysis.evidenceRepo, callee.analysis.file.Path)
			b.op(o)
		}
		for _, u := range f.Unresolved {
			u.Evidence = inFile(u.Evidence, callee.analysis.evidenceRepo, callee.analysis.file.Path)
			b.unresolvedAt(u)
		}
		for _, t := range f.TargetRepos {
			b.target(t)
		}
	}
	b.fixed = &in.kindChoice
}

// inheritance is what a `secrets: inherit` caller takes from its callee's
// findings: the secrets the callee reads, the kind of the most telling of
// them (inheritedKinds), and the findings of that kind, whose operations,
// unresolved entries and target repositories become the caller's.
type inheritance struct {
	kindChoice
	secrets []string
	from    []*inventory.Finding
}

// inheritedFrom reads the findings of the workflow a job calls with
// `secrets: inherit` (uses as the caller wrote it).
func inheritedFrom(callee []inventory.Finding, uses string) inheritance {
	byKind := map[inventory.Kind][]*inventory.Finding{}
	var in inheritance
	for i := range callee {
		f := &callee[i]
		lc := strings.ToLower(f.Credential)
		secret, isSecret := strings.CutPrefix(f.Credential, "secrets.")
		switch {
		case isSecret:
			if secret != "*" && secret != "[dynamic]" {
				in.secrets = appendUnique(in.secrets, secret)
			}
		case lc == "github.token" || lc == inventory.InheritCredential:
		default:
			continue // the callee's inputs and minted tokens are not secrets
		}
		kind := f.Kind
		if isBuiltinToken(lc) {
			kind = inventory.KindGitHubToken
		}
		byKind[kind] = append(byKind[kind], f)
	}
	in.kindChoice = kindChoice{kind: inventory.KindGitHubToken, confidence: inventory.ConfidenceHigh,
		reason: "passed with secrets: inherit to " + uses + ", which reads none of the inherited secrets"}
	for _, k := range inheritedKinds {
		group := byKind[k]
		if len(group) == 0 {
			continue
		}
		var which []string
		in.kindChoice = kindChoice{kind: k, confidence: inventory.ConfidenceHigh}
		for _, f := range group {
			which = appendUnique(which, f.Credential)
			in.confidence = lowerConfidence(in.confidence, f.Confidence)
		}
		in.from = group
		in.reason = "passed with secrets: inherit to " + uses + ", where " + strings.Join(which, ", ") + " " + isAre(len(which)) + " " + string(k)
		break
	}
	return in
}

// kindChoice is a kind decided by what a finding stands for rather than by
// its own uses (a `secrets: inherit` finding takes its callee's).
type kindChoice struct {
	kind               inventory.Kind
	confidence, reason string
}

// lowerConfidence is the lower of two confidence levels.
func lowerConfidence(a, b string) string {
	rank := map[string]int{inventory.ConfidenceLow: 0, inventory.ConfidenceMedium: 1, inventory.ConfidenceHigh: 2}
	if rank[b] < rank[a] {
		return b
	}
	return a
}

func isAre(n int) string {
	if n == 1 {
		return "is"
	}
	return "are"
}

// callerPass is what one job calling a local reusable workflow passes it.
type callerPass struct {
	file    string
	line    int
	inherit bool
	// secrets are the credentials each named secret (lower case) is
	// given; a secret given a value with no credential in it has none.
	secrets map[string][]string
	// env, for a local composite action's caller, holds the variables
	// (upper case) the calling step's environment sets, with the
	// credentials in their values (none for a value that holds none).
	env map[string][]string
	// literal, for a local composite action's caller, marks the inputs
	// (lower case) given a value with no expression in it: text written in
	// the workflow, which holds no credential.
	literal map[string]bool
}

// resolveCallerSecrets gives a reusable workflow's secret the kind of what
// its callers pass when they agree it is the built-in token: a
// `secrets.NAME` the workflow receives from callers that all pass
// GITHUB_TOKEN is GITHUB_TOKEN, whatever its name says. Only callers in the
// scan are seen; a caller elsewhere that passes a PAT has a finding of its
// own.
func (rs *repoScan) resolveCallerSecrets(findings []inventory.Finding) {
	if len(rs.passes) == 0 {
		return
	}
	for i := range findings {
		f := &findings[i]
		callers := rs.passes[path.Clean(f.File)]
		name, ok := strings.CutPrefix(f.Credential, "secrets.")
		if len(callers) == 0 || !ok || strings.EqualFold(name, "GITHUB_TOKEN") || f.Kind == inventory.KindLeakedToken {
			continue
		}
		builtin := true
		var where []string
		for _, c := range callers {
			creds, named := c.secrets[strings.ToLower(name)]
			switch {
			case named && len(creds) > 0:
				for _, cr := range creds {
					builtin = builtin && isBuiltinToken(cr)
				}
			case named:
				builtin = false // a value that is no credential (an id, a name)
			case c.inherit:
				builtin = false // the caller's own secret of that name
			}
			// A caller that passes nothing leaves the secret empty there.
			if named || c.inherit {
				where = append(where, c.file+":"+strconv.Itoa(c.line))
			}
		}
		if !builtin || len(where) == 0 {
			continue
		}
		f.Kind, f.Confidence = inventory.KindGitHubToken, inventory.ConfidenceHigh
		f.Reason = "every caller in the scan passes the built-in GITHUB_TOKEN as this secret (" + strings.Join(where, ", ") + ")"
	}
}

// compositeCallerToken is the credential a composite action's steps use
// when they read the GitHub token its caller put in GITHUB_TOKEN or
// GH_TOKEN: gh and API calls without a token of their own, $GITHUB_TOKEN.
const compositeCallerToken = "env.GITHUB_TOKEN"

// localActionPass records a step that uses a composite action of the
// repository as one of its callers, with the variables env (the step's
// environment) sets, and returns the record for the step's inputs to fill;
// nil for any other action.
func (js *jobState) localActionPass(s *actionStep, env map[string]envEntry) *callerPass {
	if !strings.HasPrefix(s.name, "./") || s.checkedOut != "" || js.a.rs.depth > 0 {
		return nil
	}
	dir, ok := repofiles.LocalRef(s.uses)
	if !ok {
		return nil
	}
	for _, n := range repofiles.ActionNames {
		p := path.Join(dir, n)
		if _, ok := js.a.rs.byPath[p]; !ok {
			continue
		}
		if js.a.rs.inputPasses == nil {
			js.a.rs.inputPasses = map[string][]*callerPass{}
		}
		cp := &callerPass{file: js.a.file.Path, line: s.line, secrets: map[string][]string{}, env: map[string][]string{}, literal: map[string]bool{}}
		for k, e := range env {
			cp.env[strings.ToUpper(k)] = e.creds
		}
		js.a.rs.inputPasses[p] = append(js.a.rs.inputPasses[p], cp)
		return cp
	}
	return nil
}

// dropCallerCovered removes a local composite action's finding for a
// value only its callers give when the scan has callers of the action and
// they account for it (callersCover): the callers' findings hold its
// uses, and a caller in another repository has a finding of its own.
//
// A composite action under .github/ that no workflow of the repository
// uses (unusedAction), when the scan read them all, has no finding for such a value
// either: no caller gives it one here, and a workflow of another
// repository that uses it reads it with what that workflow gives.
func (rs *repoScan) dropCallerCovered(findings []inventory.Finding) []inventory.Finding {
	out := findings[:0]
	for _, f := range findings {
		file := path.Clean(f.File)
		callers := rs.inputPasses[file]
		fromCaller := f.Kind == inventory.KindUnknown && f.Job == CompositeJob
		switch {
		case fromCaller && len(callers) > 0 && callersCover(f.Credential, callers, rs.inputWithoutDefault(file)):
			continue
		case fromCaller && len(callers) == 0 && rs.repo.AllWorkflows && strings.HasPrefix(file, ".github/") && rs.unusedAction(file) &&
			(strings.HasPrefix(f.Credential, "inputs.") || strings.HasPrefix(f.Credential, "env.")):
			continue
		}
		out = append(out, f)
	}
	return out
}

// unusedAction reports a local action (its action.yml at file) that no
// workflow or action of a repository that has workflows names in a uses:
// (./DIR, or DIR@ref after the repository's name). A repository with no
// workflow is taken to hold its actions for others.
func (rs *repoScan) unusedAction(file string) bool {
	if unused, known := rs.unusedActions[file]; known {
		return unused
	}
	unused := rs.noUsesOf(file)
	if rs.unusedActions == nil {
		rs.unusedActions = map[string]bool{}
	}
	rs.unusedActions[file] = unused
	return unused
}

// noUsesOf is unusedAction's reading of the repository's files, once an
// action (each of its findings asks).
func (rs *repoScan) noUsesOf(file string) bool {
	dir := path.Dir(file)
	hasWorkflows := false
	for p := range rs.parsed {
		hasWorkflows = hasWorkflows || repofiles.Classify(p) == repofiles.Workflow
	}
	if !hasWorkflows {
		return false
	}
	for p := range rs.parsed {
		if p == file {
			continue
		}
		if af := rs.byPath[p]; af != nil && (bytes.Contains(af.Data, []byte("./"+dir)) || bytes.Contains(af.Data, []byte(dir+"@"))) {
			return false
		}
	}
	return true
}

// inputWithoutDefault reports, for the action.yml at file, whether an
// input is declared with no default (empty when a step does not give it);
// false when the metadata cannot be read.
func (rs *repoScan) inputWithoutDefault(file string) func(string) bool {
	md := rs.localActionMetadata(file)
	return func(name string) bool {
		if md == nil {
			return false
		}
		in, ok := md.Input(name)
		return ok && in.NoDefault()
	}
}

// localActionMetadata is the metadata of the repository's action.yml at
// file, read once for the scan; nil when it is not in the scan or cannot
// be read (it then says nothing of defaults).
func (rs *repoScan) localActionMetadata(file string) *actionsrc.Metadata {
	if md, read := rs.actionMetadata[file]; read {
		return md
	}
	var md *actionsrc.Metadata
	if af := rs.byPath[file]; af != nil {
		md, _ = actionsrc.ParseMetadata(af.Data) // unreadable metadata has no defaults
	}
	if rs.actionMetadata == nil {
		rs.actionMetadata = map[string]*actionsrc.Metadata{}
	}
	rs.actionMetadata[file] = md
	return md
}

// callersCover reports a composite action's `inputs.NAME` that every
// caller passes a credential or text with no expression in it, or leaves
// empty (not given, and declared with no default: noDefault), or an `env.NAME` (a variable only a caller can
// set) that none of the callers' steps' environments sets.
func callersCover(cred string, callers []*callerPass, noDefault func(string) bool) bool {
	if in, ok := strings.CutPrefix(cred, "inputs."); ok {
		for _, c := range callers {
			creds, passed := c.secrets[strings.ToLower(in)]
			if len(creds) == 0 && (passed || !noDefault(in)) && !c.literal[strings.ToLower(in)] {
				return false
			}
		}
		return true
	}
	name, ok := strings.CutPrefix(cred, "env.")
	if !ok {
		return false
	}
	for _, c := range callers {
		for k := range c.env {
			if sameTokenVar(k, name) {
				return false
			}
		}
	}
	return true
}

// callerEnvKind gives a local composite action's `env.NAME` the kind of
// the built-in token when every caller in the scan sets NAME in the
// calling step's environment (workflow, job or step env) to the built-in
// token: the action sees the variable only from its callers. A caller that
// also sets another variable the same programs read a token from
// (sameTokenVar) counts that variable's credentials too.
func callerEnvKind(f *inventory.Finding, name string, callers []*callerPass) {
	var where []string
	for _, c := range callers {
		var creds []string
		for k, cs := range c.env {
			if sameTokenVar(k, name) {
				creds = append(creds, cs...)
			}
		}
		if slices.ContainsFunc(creds, func(cr string) bool { return !isBuiltinToken(cr) }) {
			return
		}
		if len(creds) > 0 {
			where = append(where, c.file+":"+strconv.Itoa(c.line))
		}
	}
	if len(where) == 0 {
		return // none sets it: callersCover drops the finding
	}
	f.Kind, f.Confidence = inventory.KindGitHubToken, inventory.ConfidenceHigh
	f.Reason = "every caller in the scan sets $" + name + " to the built-in GITHUB_TOKEN (" + strings.Join(where, ", ") + ")"
	if len(where) < len(callers) {
		f.Reason = "every caller in the scan that sets $" + name + " sets it to the built-in GITHUB_TOKEN (" + strings.Join(where, ", ") + "); the others leave it unset"
	}
}

// sameTokenVar reports two variable names a program may read one token
// from: the same name, or two GitHub token variables (gh reads GH_TOKEN as
// well as GITHUB_TOKEN).
func sameTokenVar(a, b string) bool {
	a, b = strings.ToUpper(a), strings.ToUpper(b)
	return a == b || knowledge.IsGitHubTokenEnv(a) && knowledge.IsGitHubTokenEnv(b)
}

// resolveCallerInputs gives a local composite action's `inputs.NAME` the
// kind of what its callers pass when every caller in the scan passes the
// built-in token as that input, as resolveCallerSecrets does for a
// reusable workflow's secrets, and its `env.NAME` likewise (callerEnvKind).
// A caller that does not pass the input gives it the action's default: the
// built-in token when action.yml says so, else nothing known, and the
// input keeps its kind.
func (rs *repoScan) resolveCallerInputs(findings []inventory.Finding) {
	if len(rs.inputPasses) == 0 {
		return
	}
	for i := range findings {
		f := &findings[i]
		file := path.Clean(f.File)
		callers := rs.inputPasses[file]
		if len(callers) == 0 || f.Kind != inventory.KindUnknown {
			continue
		}
		if name, ok := strings.CutPrefix(f.Credential, "env."); ok {
			callerEnvKind(f, name, callers)
			continue
		}
		name, ok := strings.CutPrefix(f.Credential, "inputs.")
		if !ok {
			continue
		}
		var byDefault, noDefault bool
		if md := rs.localActionMetadata(file); md != nil {
			in, ok := md.Input(name)
			byDefault = ok && in.DefaultsToToken()
			noDefault = ok && in.NoDefault()
		}
		builtin, usedDefault := true, false
		var where []string
		for _, c := range callers {
			creds, passed := c.secrets[strings.ToLower(name)]
			switch {
			case !passed && noDefault:
				continue // the input is empty: no credential from this caller
			case !passed:
				builtin, usedDefault = builtin && byDefault, true
			case len(creds) == 0:
				builtin = false // a value that is no credential
			}
			for _, cr := range creds {
				builtin = builtin && isBuiltinToken(cr)
			}
			where = append(where, c.file+":"+strconv.Itoa(c.line))
		}
		if !builtin || len(where) == 0 {
			continue // none gives it a credential: callersCover drops it
		}
		f.Kind, f.Confidence = inventory.KindGitHubToken, inventory.ConfidenceHigh
		f.Reason = "every caller in the scan passes the built-in GITHUB_TOKEN as this input (" + strings.Join(where, ", ") + ")"
		if usedDefault {
			f.Reason = "every caller in the scan passes the built-in GITHUB_TOKEN as this input or leaves its default, which is GITHUB_TOKEN (" + strings.Join(where, ", ") + ")"
		}
	}
}

// isBuiltinToken reports the workflow's built-in token.
func isBuiltinToken(cred string) bool {
	c := strings.ToLower(cred)
	return c == "github.token" || c == "secrets.github_token"
}

// calleeNameHints counts what the name a reusable workflow that is not
// read takes credential c under (secretName) says of it:
//   - a GitHub App's key or ID (app_id, app_private_key): the callee mints
//     the App's token, whatever service c's own name says;
//   - when c's own name says nothing of GitHub or another service: a
//     token (git_token) for a secret named for GitHub (GH_WORKFLOW_KEY),
//     and another service's name (npmToken) for one not named for an
//     App, as a variable of those names would.
func calleeNameHints(b *builder, c, secretName, uses string) {
	callee, own := strings.ToUpper(secretName), strings.ToUpper(strings.TrimPrefix(c, "secrets."))
	if knowledge.NameMeans(callee, knowledge.NameAppKey) || knowledge.NameMeans(callee, knowledge.NameAppID) {
		b.appKey = true
		b.signal(1, false, "passed as the secret "+secretName+" of "+uses+", named for a GitHub App's key or ID")
	}
	if nameSaysNotGitHub(own) || nameSaysGitHub(own) {
		return // its own name speaks
	}
	if isTokenish(secretName) && !nameSaysNotGitHub(secretName) && knowledge.NameMeans(own, knowledge.NameGitHub) {
		b.hintPos++
	}
	if knowledge.NameMeans(callee, knowledge.NameOtherService) && !nameSaysGitHub(secretName) &&
		!knowledge.NameMeans(own, knowledge.NameAppID) && !knowledge.NameMeans(own, knowledge.NameAppKey) {
		b.hintNeg++
	}
}
