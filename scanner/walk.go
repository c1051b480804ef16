package scanner

import (
	"bytes"
	"cmp"
	"fmt"
	"maps"
	"path"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/rhysd/actionlint"

	"github.com/pat2app/pat2app/expression"
	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/knowledge"
	"github.com/pat2app/pat2app/scanner/codeflow"
	"github.com/pat2app/pat2app/scanner/shellops"
)

// envEntry is one environment variable as a step sees it.
type envEntry struct {
	creds []string // credential expressions the value carries
	line  int
	level string // workflow, job, step, github-env
	raw   string
}

// jobState is the walk through one job's steps.
type jobState struct {
	// secretStore is the first action of the job that reads secrets from
	// a store (step-outputs.tsv stored_secret), which may also export
	// them as environment variables for the later steps.
	secretStore string
	// defaultNeeds and defaultSteps are what the steps that use the
	// workflow's token by default need (inventory.JobInfo.DefaultTokenNeeds).
	defaultNeeds knowledge.Permissions
	defaultSteps []string
	// unreadDefaults are the steps of actions that have no row and were
	// not read, which may use the workflow's token by an input's default
	// (unreadDefaultToken).
	unreadDefaults []*actionStep
	// allowlist is inventory.JobInfo.StepAllowlist.
	allowlist string
	// matrixNote is matrixImagesNote's answer once worked out.
	matrixNote *string
	// bareFirstPush is inventory.JobInfo.PushWithoutCredential.
	bareFirstPush string
	// unseen are the credentials of the job's or workflow's env that a
	// step may use unseen: a program its script runs that is not read, a
	// script in a shell other than sh or bash, an action without a row.
	unseen map[string]bool
	// stepUnseen, while a run step is read, collects what markUnseen
	// marks for that step alone.
	stepUnseen map[string]bool
	// runner is what the job's runs-on may give, worked out on the first
	// run: step without a shell (runnerOS).
	runner *struct{ windows, other bool }
	a      *analysis
	id     string
	job    *actionlint.Job
	env    map[string]envEntry // workflow + job env
	ghEnv  map[string]envEntry // written to $GITHUB_ENV by earlier steps
	// merged is env + ghEnv, shared by steps without env of their own; nil
	// when ghEnv changed since it was built.
	merged  map[string]envEntry
	outputs map[string][]string // "stepid.name" -> creds written to $GITHUB_OUTPUT
	minting map[string]bool     // step ids of token-minting actions
	// producers are the steps with an id, for the credentials their
	// outputs hold.
	producers map[string]*stepProducer
	// persisted is the credential actions/checkout stored in git config,
	// persistedBy the step that stored it.
	persisted   []string
	persistedBy int
	// persistedDefault is true when that checkout persisted the
	// workflow's own token (it was given none).
	persistedDefault bool
	// persistedDir is the folder the persisting checkout checked out to
	// ("." the workspace, "" not known).
	persistedDir string
	// persistedElsewhere are what earlier checkouts into other folders
	// persisted: each folder's git configuration keeps its own.
	persistedElsewhere []shellops.PersistedFolder
	// stepIndex is the step being read, and actionLine the line of its
	// uses: when it is an action.
	stepIndex, actionLine int
	// lastSecretAction is the number (from 1) of the job's last step that
	// hands an action a secret other than GITHUB_TOKEN (a push action's
	// PAT); 0 when none does. Scripts of the steps before it are read for
	// what they change in the tree even when no credential reaches them.
	lastSecretAction int
	// stepConditional is true when the step being read has an if: that
	// may keep it from running; stepEvents are the events it may run on
	// (nil: every one), and persistEvents those of the checkouts that
	// persisted each credential ("" the workflow's own token).
	stepConditional bool
	stepEvents      eventSet
	persistEvents   map[persistKey]eventSet
	// ghcrLogin are the credentials docker/login-action logged in to ghcr.io.
	ghcrLogin []string
	// headSkipCI is, while an action step is read, why the commit the
	// steps before it made last starts no push workflow (Head.SkipCI).
	headSkipCI string
	// npmRegistry is the host setup-node's registry-url points at.
	npmRegistry string
	hasLoops    bool
	// stored is what earlier run steps left in tool configuration (git
	// credentials, gh and docker logins, npm tokens).
	stored []shellops.Stored
	// script holds the API calls of the github-script step being read.
	script *scriptCalls
	// stepInputs are the with: inputs of the action step being read.
	stepInputs map[string]*actionlint.Input
	// repoRoot is where in the workspace the repository's own checkout
	// is (actions/checkout's path), for the scripts steps run: "." by
	// default, "" when it is not known, shellops.ForeignRoot when another
	// repository was checked out at the workspace's root.
	repoRoot string
	// treeWorktreeOnly is true while treeWorkflows comes from files an
	// action changed in the working tree alone (shellops.Input.TreeWorktreeOnly).
	treeWorktreeOnly bool
	// treeWorkflows says why what later steps push may change
	// .github/workflows (a merge, a patch, a generator in an earlier step).
	treeWorkflows string
	// head is what earlier steps left of the branch's head: a [skip ci]
	// commit, the branch checked out and where it was pushed
	// (shellops.Result.Head).
	head shellops.Head
	// clones are the folders of the workspace earlier scripts of the job
	// cloned another repository into, with its owner/name
	// (shellops.Result.Clones).
	clones map[string]string
	// remotes are the git remotes gh prefers to origin that earlier
	// scripts of the job added (shellops.Result.Remotes).
	remotes map[string]string
	// prHead says why the job's pushes may go to a pull request's head
	// branch (forkhead.go).
	prHead string
	// checkouts are the job's actions/checkout steps so far, for the
	// local actions later steps use (checkedout.go).
	checkouts []checkedOut
	// otherRoots are the folders of earlier checkouts of this repository
	// than the one at repoRoot (shellops.Input.OtherRoots).
	otherRoots []string
	// ownRootSeen is set once a checkout of this repository with a
	// known folder set repoRoot.
	ownRootSeen bool
	// persistedRepos are, by credential, the repositories of the
	// checkouts that persisted it ("" for this repository's or one not
	// named).
	persistedRepos map[string][]string
}

// noteCheckout records where an actions/checkout step puts a checkout:
// this repository's at its path, another repository's over the
// workspace root when it has no path.
func (js *jobState) noteCheckout(repo, dest string) {
	dest = strings.TrimSpace(dest)
	repo = strings.TrimSpace(repo)
	own := isOwnRepoValue(repo, js.a.self)
	switch {
	case strings.Contains(dest, "${{") || strings.Contains(dest, "$") || strings.HasPrefix(dest, "/"):
		if own {
			js.repoRoot = ""
		}
	case own:
		if js.ownRootSeen && js.repoRoot != "" && js.repoRoot != shellops.ForeignRoot && js.repoRoot != path.Clean("./"+dest) {
			js.otherRoots = appendUnique(js.otherRoots, js.repoRoot)
		}
		js.ownRootSeen = true
		js.repoRoot = path.Clean("./" + dest)
	case dest == "" || path.Clean(dest) == ".":
		if js.repoRoot == "." {
			js.repoRoot = shellops.ForeignRoot
		}
	}
}

// workflow walks every job.
func (a *analysis) workflow() {
	wf := a.wf
	for _, ev := range wf.On {
		a.triggers = append(a.triggers, ev.EventName())
	}
	if a.self == "" {
		a.self = repoFromConditions(wf)
	}
	ids := make([]string, 0, len(wf.Jobs))
	for id, j := range wf.Jobs {
		ids = append(ids, id)
		line := 0
		if j.ID != nil && j.ID.Pos != nil {
			line = j.ID.Pos.Line
		} else if j.Pos != nil {
			line = j.Pos.Line
		}
		a.jobLines = append(a.jobLines, jobRange{id: jobName(id, j, a.composite), start: line})
	}
	sort.Slice(a.jobLines, func(i, j int) bool { return a.jobLines[i].start < a.jobLines[j].start })
	sort.Strings(ids)
	for _, id := range ids {
		a.walkJob(jobName(id, wf.Jobs[id], a.composite), wf.Jobs[id])
	}
	// Workflow-level env lines are seen even with no jobs.
	if wf.Env != nil {
		for _, v := range wf.Env.Vars {
			if v.Value != nil && v.Value.Pos != nil {
				a.seen[v.Value.Pos.Line] = true
			}
		}
	}
}

func jobName(id string, j *actionlint.Job, composite bool) string {
	if composite {
		return CompositeJob
	}
	if j != nil && j.ID != nil && j.ID.Value != "" {
		return j.ID.Value
	}
	return id
}

func (a *analysis) walkJob(name string, j *actionlint.Job) {
	js := &jobState{
		a: a, id: name, job: j,
		env:      map[string]envEntry{},
		ghEnv:    map[string]envEntry{},
		outputs:  map[string][]string{},
		minting:  map[string]bool{},
		repoRoot: ".",
	}
	if a.callerPersisted {
		js.persisted, js.persistedBy, js.persistedDir = []string{callerGitCredential}, -1, "."
	}
	if a.callerDefaultPersisted {
		js.persistedDefault, js.persistedBy, js.persistedDir = true, -1, "."
	}
	if j.WorkflowCall == nil {
		// A job that calls a reusable workflow runs no step: the
		// workflow's env reaches none of it, and the callee gets only
		// what the call passes (with:, secrets:).
		js.addEnv(a.wf.Env, "workflow", js.env)
		js.addEnv(j.Env, "job", js.env)
		for _, k := range a.callerEnv {
			// The calling step's variable, seen by every step of the
			// composite action as a job's env is.
			js.env[k] = envEntry{creds: []string{"env." + k}, level: "job"}
		}
		if j.Container != nil {
			// The job's container starts with these in its environment,
			// which every step run in it inherits.
			js.addEnv(j.Container.Env, "job", js.env)
		}
	}
	if j.If != nil {
		js.exprs(j.If, "", viaCondition, "job if")
	}
	if j.WorkflowCall != nil {
		js.reusableCall(j.WorkflowCall)
		js.jobInfo()
		return
	}
	if j.Container != nil && j.Container.Credentials != nil {
		js.containerCreds(j.Container.Image, j.Container.Credentials, "container")
	}
	if j.Services != nil {
		for _, svc := range j.Services.Value {
			if svc != nil && svc.Container != nil && svc.Container.Credentials != nil {
				js.containerCreds(svc.Container.Image, svc.Container.Credentials, "service")
			}
		}
	}
	ids := map[string]bool{}
	for _, st := range j.Steps {
		if st != nil && st.ID != nil {
			ids[strings.ToLower(st.ID.Value)] = true
		}
	}
	js.lastSecretAction = secretActionStep(j.Steps)
	for i, st := range j.Steps {
		if js.skipsStep(st, ids) {
			a.skipStep(st)
			continue
		}
		js.step(i, st)
	}
	if a.composite {
		a.left = &leftState{persisted: js.persisted, persistedDir: js.persistedDir, ghEnv: js.ghEnv, stored: js.stored}
	}
	js.unreadDefaultUses()
	js.markEnvRead()
	js.jobInfo()
}

// markEnvRead says, on the finding of each credential of the job's or
// workflow's env, that every step was accounted for (inventory.Finding.
// EnvRead): no step may use it unseen.
func (js *jobState) markEnvRead() {
	for _, k := range sortedKeys(js.env) {
		e := js.env[k]
		if e.level != "job" && e.level != "workflow" {
			continue
		}
		for _, c := range e.creds {
			js.a.get(js.id, c).f.EnvRead = !js.unseen[c]
		}
	}
}

// markUnseen records that a step may use the job's or workflow's env
// credentials unseen (those of creds, or all when creds is nil).
func (js *jobState) markUnseen(env map[string]envEntry, creds []string) {
	if js.unseen == nil {
		js.unseen = map[string]bool{}
	}
	mark := func(c string) {
		js.unseen[c] = true
		if js.stepUnseen != nil {
			js.stepUnseen[c] = true
		}
	}
	if creds != nil {
		for _, c := range creds {
			mark(c)
		}
		return
	}
	for _, e := range env {
		for _, c := range e.creds {
			mark(c)
		}
	}
}

// jobInfo fills JobInfo on every finding of the job.
func (js *jobState) jobInfo() {
	info := &inventory.JobInfo{HasLoops: js.hasLoops, Triggers: js.a.triggers, Subject: conditionSubject(js.job.If), RunConditions: js.runConditions()}
	info.TagRunsOnly = js.a.wf != nil && runsOnlyOnTags(js.a.wf)
	info.PushWithoutCredential = js.bareFirstPush
	info.StepAllowlist = js.allowlist
	if len(js.defaultNeeds) > 0 {
		info.DefaultTokenNeeds, info.DefaultTokenSteps = map[string]string(js.defaultNeeds.Clone()), js.defaultSteps
	}
	if js.job.TimeoutMinutes != nil {
		info.TimeoutMinutes = int(js.job.TimeoutMinutes.Value)
	}
	if js.job.Pos != nil {
		info.Line = js.job.Pos.Line
	}
	perms := js.job.Permissions
	if perms == nil {
		perms = js.a.wf.Permissions
	}
	if perms != nil {
		info.Permissions = map[string]string{}
		if perms.All != nil {
			info.Permissions["*"] = perms.All.Value
		}
		for k, v := range perms.Scopes {
			if v != nil && v.Value != nil {
				info.Permissions[k] = v.Value.Value
			}
		}
	}
	prefix := builderKey(js.id, "")
	var builders []*builder
	for _, k := range js.a.order {
		if b := js.a.builders[k]; b != nil && strings.HasPrefix(k, prefix) {
			b.f.JobInfo = info
			b.secretStore = js.secretStore
			builders = append(builders, b)
		}
	}
	if len(builders) > 0 {
		dependabot, renovate := js.handledBots()
		if dependabot {
			info.DependabotActions = js.a.rs.dependabotActions()
		}
		if renovate && info.DependabotActions == "" {
			info.DependabotActions = js.a.rs.renovateActions()
		}
		if !dependabot && !renovate && (js.usesMergeAction() || js.mergesEventPR(builders)) && !js.namesOtherBot() && !js.excludesDependencyBots() {
			info.MergesAnyAuthor = true
			// A job that names no author: an action of it that merges
			// pull requests by label or rule merges the bots' too.
			// Renovate counts only when the repository configures it.
			renovate := js.a.rs.renovateActions()
			if renovate == renovateDefaults {
				renovate = ""
			}
			info.AnyAuthorBotActions = cmp.Or(js.a.rs.dependabotActions(), renovate)
		}
	}
	js.markPRHeadPushes(builders)
}

// addEnv records an env: block's variables and the credentials they carry.
func (js *jobState) addEnv(env *actionlint.Env, level string, into map[string]envEntry) {
	if env == nil {
		return
	}
	if env.Expression != nil {
		js.exprs(env.Expression, "", inventory.ViaEnv, "env: "+env.Expression.Value)
		return
	}
	for _, k := range sortedKeys(env.Vars) {
		v := env.Vars[k]
		if v == nil || v.Value == nil || v.Name == nil {
			continue
		}
		creds := js.valueCreds(v.Value, into)
		if knowledge.IsRunnerDefaultEnv(v.Name.Value) {
			// The runner sets GITHUB_REPOSITORY, RUNNER_TEMP and the
			// other default variables after env: is applied: the entry
			// changes nothing, and a credential in it reaches nothing.
			continue
		}
		e := envEntry{creds: creds, raw: v.Value.Value, level: level}
		if v.Value.Pos != nil {
			e.line = v.Value.Pos.Line
		}
		into[v.Name.Value] = e
		for _, c := range creds {
			b := js.a.get(js.id, c)
			b.line(e.line)
			if level == "job" || level == "workflow" {
				// Every step of the job sees it: whatever a step runs may
				// read it, which a finding with no other use must say.
				b.use(inventory.Use{Line: e.line, Via: inventory.ViaEnv, Target: "env " + v.Name.Value + " of every step (" + level + " env)", Subject: inventory.Subject{Input: v.Name.Value}})
			}
			b.variableHint(v.Name.Value)
		}
	}
}

// valueCreds resolves the credentials a string value carries, marking its
// lines seen and recording existence checks as lines only.
func (js *jobState) valueCreds(s *actionlint.String, env map[string]envEntry) []string {
	var out []string
	for _, ref := range js.a.stringExprs(s) {
		for _, r := range ref.span.Refs {
			for _, c := range js.resolve(r, env) {
				if _, passed := js.credAt(c, ref, ""); passed {
					out = appendUnique(out, c)
				}
			}
		}
	}
	return out
}

// credAt records that the expression at ref names credential c (in step,
// when not empty): the line, and a comparison with a literal as a value
// test. passed reports whether the expression passes c's value on, which a
// value test or a test for being set does not.
func (js *jobState) credAt(c string, ref located, step string) (b *builder, passed bool) {
	b = js.a.get(js.id, c)
	b.line(ref.line)
	if ref.span.ValueTest {
		js.valueTest(b, ref.line, step, ref.span.Text)
		return b, false
	}
	return b, !ref.span.Existence
}

// valueTest records a credential compared with a literal value
// (secrets.PUSH == 'ENABLE_PUSH'): a switch whose value decides what the
// job does, so the reference cannot go, and one whose value is never sent
// anywhere, so no GitHub credential.
func (js *jobState) valueTest(b *builder, line int, step, text string) {
	b.use(inventory.Use{Line: line, Step: step, Via: viaCondition, Target: "compared with a value: " + oneLine(text, 80)})
	b.signal(-1, false, "compared with a literal value ("+oneLine(text, 80)+"): a switch whose value is sent nowhere")
}

// located is an expression with its file line.
type located struct {
	span exprSpan
	line int
}

// noteFallbacks records, for the references of an expression on line l
// that names several, whether each is there only as a fallback
// (credRef.Fallback) and whether each falls back to the built-in token
// (a chain whose last reference is it): either holds for a line only
// when every expression of the line that names the reference has it so.
func (a *analysis) noteFallbacks(l int, refs []credRef) {
	toBuiltin := false
	for _, r := range refs {
		toBuiltin = toBuiltin || r.Fallback && isBuiltinToken(r.Expr)
	}
	for _, r := range refs {
		k := strings.ToLower(r.Expr)
		noteAll(&a.fallbackAt, l, k, r.Fallback)
		noteAll(&a.builtinFallbackAt, l, k, toBuiltin && !r.Fallback)
	}
}

// noteAll sets (*m)[l][k] to v unless an earlier note of the line made it
// false: the line has it so only when every note does.
func noteAll(m *map[int]map[string]bool, l int, k string, v bool) {
	if *m == nil {
		*m = map[int]map[string]bool{}
	}
	line := (*m)[l]
	if line == nil {
		line = map[string]bool{}
		(*m)[l] = line
	}
	if was, seen := line[k]; !seen || was {
		line[k] = v
	}
}

// stringExprs finds the expressions of a YAML string with their file lines.
func (a *analysis) stringExprs(s *actionlint.String) []located {
	if s == nil || !strings.Contains(s.Value, "${{") {
		return nil
	}
	lm := a.lineMap(s)
	var out []located
	// Spans come in order: count the newlines between one and the next.
	n, at := 0, 0
	for _, sp := range a.findExprs(s.Value) {
		n += strings.Count(s.Value[at:sp.Start], "\n")
		at = sp.Start
		l := lm.lineOfValueLine(n)
		if lm.folded {
			l = a.exprLine(l, s.Value[sp.Start:sp.End])
		}
		a.seen[l] = true
		if len(sp.Refs) > 1 {
			a.multi[l] = appendUnique(a.multi[l], sp.Text)
			a.noteFallbacks(l, sp.Refs)
		}
		if len(sp.Refs) > 0 {
			// Callers look only at the references.
			out = append(out, located{span: sp, line: l})
		}
	}
	return out
}

// exprLine is the file line that holds an expression's text at or after
// line l: a folded block (run: >) joins its lines into one value line, so
// an expression of the value's first line may stand on a later line of
// the file. l itself when no line near it holds the text.
func (a *analysis) exprLine(l int, text string) int {
	if k, ok := a.lines.find(l, []byte(text), 60); ok {
		return k
	}
	return l
}

// matrixSecrets is, for secrets[matrix.X], the secrets the job's matrix
// names there (secrets.NAME each), when it gives every value literally;
// nil otherwise (the name is chosen at run time).
func (js *jobState) matrixSecrets(r credRef) []string {
	if len(r.Matrix) == 0 {
		return nil
	}
	_, complete := js.matrixEntry(r.Matrix[0])
	if !complete {
		return nil
	}
	var out []string
	for _, v := range js.matrixValues(r.Matrix) {
		if u, err := strconv.Unquote(v); err == nil {
			v = u // a string value prints quoted
		}
		if v == "" {
			// secrets[''] is empty: an entry that gives no name (the
			// row of a platform that signs nothing) names no secret.
			continue
		}
		if !secretNameRE.MatchString(v) {
			return nil
		}
		out = appendUnique(out, "secrets."+v)
	}
	return out
}

// secretNameRE is a secret's name as GitHub allows it.
var secretNameRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// resolve maps a reference to the credentials it stands for.
func (js *jobState) resolve(r credRef, env map[string]envEntry) []string {
	switch r.Context {
	case "secrets":
		if names := js.matrixSecrets(r); names != nil {
			return names
		}
		return []string{r.Expr}
	case "github":
		return []string{"github.token"}
	case "steps":
		if js.minting[r.ID] {
			// The token; the App's slug and installation id are no
			// credentials.
			if isTokenish(r.Name) {
				return []string{r.Expr}
			}
			return nil
		}
		if c, ok := js.outputs[r.ID+"."+r.Name]; ok {
			return c
		}
		if p := js.producers[r.ID]; p != nil && p.holdsCredential(r.Name) {
			js.a.get(js.id, r.Expr).producer = p
			return []string{r.Expr}
		}
		return nil
	case "env":
		if e, ok := env[r.Name]; ok {
			return e.creds
		}
		if e, ok := js.ghEnv[r.Name]; ok {
			return e.creds
		}
		if e, ok := js.env[r.Name]; ok {
			return e.creds
		}
		if knowledge.IsRunnerToken(r.Name) {
			return nil // the runner's own, exported by an earlier step
		}
		if isTokenish(r.Name) {
			// A composite action's caller sets it; in a job, an earlier
			// step did at run time (an action that exports a secret
			// store's values): either way a credential pat2app cannot
			// read, not nothing.
			return []string{r.Expr}
		}
		return nil
	case "inputs":
		if js.a.bound != nil {
			if js.a.bound[strings.ToLower(r.Name)] {
				return []string{r.Expr}
			}
			return nil
		}
		if (js.a.composite || js.isReusable()) && isTokenish(r.Name) && !strings.Contains(strings.ToLower(r.Name), "secret_name") {
			return []string{r.Expr} // a caller's credential
		}
		if js.hasTrigger("workflow_dispatch") && knowledge.IsGitHubTokenInput(r.Name) {
			// A GitHub token typed in by whoever runs the workflow by
			// hand (an input named token, github_token, pat).
			return []string{r.Expr}
		}
	}
	return nil
}

func (js *jobState) isReusable() bool { return js.hasTrigger("workflow_call") }

// hasTrigger reports whether the workflow runs on the event.
func (js *jobState) hasTrigger(event string) bool {
	return slices.Contains(js.a.triggers, event)
}

// viaCondition marks the references of an if: condition: they are lines of
// the finding, never uses.
const viaCondition inventory.Via = "condition"

// exprs records every credential in a string as a use of the given kind
// (conditions, names, other places).
//
// An if: condition is an expression whether or not it is written inside
// ${{ }}: one written bare is read as if it were.
func (js *jobState) exprs(s *actionlint.String, step string, via inventory.Via, target string) {
	if via == viaCondition && s != nil && !strings.Contains(s.Value, "${{") && strings.TrimSpace(s.Value) != "" {
		wrapped := *s
		wrapped.Value = "${{ " + s.Value + " }}"
		s = &wrapped
	}
	for _, ref := range js.a.stringExprs(s) {
		for _, r := range ref.span.Refs {
			for _, c := range js.resolve(r, js.env) {
				if via == viaCondition && c == r.Expr && r.Context == "env" && !js.a.composite {
					// A condition on a variable a step set: no credential
					// is used there, and none is known to be one.
					continue
				}
				b, passed := js.credAt(c, ref, step)
				if via == viaCondition || !passed {
					continue
				}
				b.use(inventory.Use{Line: ref.line, Step: step, Via: via, Target: target})
				b.signal(0, false, "")
			}
		}
	}
}

// stepEnv is the env a step sees: workflow and job env, $GITHUB_ENV writes
// of earlier steps, then the step's own env.
func (js *jobState) stepEnv(st *actionlint.Step) map[string]envEntry {
	if st.Env == nil && js.merged != nil {
		// Shared, read-only: steps without env of their own see the same map.
		return js.merged
	}
	env := make(map[string]envEntry, len(js.env)+len(js.ghEnv))
	for k, v := range js.env {
		env[k] = v
	}
	for k, v := range js.ghEnv {
		env[k] = v
	}
	if st.Env == nil {
		js.merged = env
		return env
	}
	js.addEnv(st.Env, "step", env)
	return env
}

func stepName(st *actionlint.Step, i int) string {
	switch {
	case st.Name != nil && st.Name.Value != "":
		if v := st.Name.Value; len(v) <= 80 && shellops.Folded(v) {
			return v // the parser's own string: nothing to copy out of
		}
		return oneLine(st.Name.Value, 80)
	case st.ID != nil && st.ID.Value != "":
		return st.ID.Value
	}
	if ex, ok := st.Exec.(*actionlint.ExecAction); ok && ex.Uses != nil {
		return ex.Uses.Value
	}
	return fmt.Sprintf("step %d", i+1)
}

func (js *jobState) step(i int, st *actionlint.Step) {
	js.stepIndex = i + 1
	js.stepConditional = st.If != nil && !alwaysRuns(st.If.Value)
	js.stepEvents = nil
	if st.If != nil {
		js.stepEvents = eventsIf(st.If.Value, js.a.triggers)
	}
	if js.neverRuns(st) {
		// Nothing it would do happens.
		return
	}
	name := stepName(st, i)
	defer js.recordProducer(st, name)
	if ex, ok := st.Exec.(*actionlint.ExecAction); ok && ex.Uses != nil && js.secretStore == "" {
		ref := actionRef(ex.Uses.Value)
		if k, _ := knowledge.StepOutput(ref, "*"); k == knowledge.OutputStoredSecret {
			js.secretStore = ref
		}
	}
	env := js.stepEnv(st)
	if st.If != nil {
		js.exprs(st.If, name, viaCondition, "step if")
	}
	js.noteHeadRepo(st)
	if st.Name != nil {
		js.exprs(st.Name, name, inventory.ViaExpression, "step name")
	}
	switch ex := st.Exec.(type) {
	case *actionlint.ExecAction:
		if !js.shellInputAction(st, ex, name, env) {
			js.headSkipCI = js.head.SkipCI // what a worktree action pushes (pushSkipsCI)
			branch := js.head.Branch
			js.head = shellops.Head{Tags: js.head.Tags} // an action may commit, or check out another branch; tags made stay
			if leavesBranch(ex) {
				js.head.Branch = branch
			}
			js.action(st, ex, name, env)
			js.actionRewritesWorkflows(st, ex)
		}
	case *actionlint.ExecRun:
		js.run(st, ex, name, env)
	default:
		js.unreadStep(st, name, env)
	}
}

// leavesBranch reports an action step that cannot change the branch
// checked out: one with a row that pushes nothing, runs no code of the
// repository or the step, and works no tree (setup-node, cache,
// upload-artifact). Any other may check out another branch.
func leavesBranch(ex *actionlint.ExecAction) bool {
	if ex.Uses == nil {
		return false
	}
	uses := ex.Uses.Value
	info, ok := knowledge.RunsNoCode(uses)
	return ok && !info.PushesWithPersistedCredentials && !strings.HasPrefix(uses, "actions/checkout@") &&
		knowledge.WorktreePushes(uses) == "" && info.Permissions["contents"] != "write"
}

// actionRewritesWorkflows notes, as a script's workflow generator is
// noted, an action that runs a tool rewriting the workspace's files,
// .github/workflows included (shellops.WorkflowWriterAction): what a later
// step commits and pushes may change workflows.
func (js *jobState) actionRewritesWorkflows(st *actionlint.Step, ex *actionlint.ExecAction) {
	if js.treeWorkflows != "" || ex.Uses == nil {
		return
	}
	tool := shellops.WorkflowWriterAction(ex.Uses.Value)
	if tool == "" {
		return
	}
	line := 0
	if st.Pos != nil {
		line = st.Pos.Line
	}
	js.treeWorkflows = "line " + strconv.Itoa(line) + ": " + ex.Uses.Value + " runs " + tool + ", which rewrites files, .github/workflows included"
	js.treeWorktreeOnly = true // it changes files; a later step commits them
}

// alwaysRuns reports an if: that runs the step whenever the steps
// before it did (success(), always(), true, or nothing).
func alwaysRuns(cond string) bool {
	c := strings.TrimSpace(cond)
	c = strings.TrimSuffix(strings.TrimPrefix(c, "${{"), "}}")
	switch strings.ReplaceAll(strings.TrimSpace(c), " ", "") {
	case "", "success()", "always()", "true", "!cancelled()":
		return true
	}
	return false
}

// unreadStep records a step that neither runs a script nor uses an
// action pat2app knows how to read (a key it does not know, a step group
// it could not rewrite): whatever it runs may use every credential in its
// reach, its environment's and those earlier steps left in git, gh,
// docker or npm configuration.
func (js *jobState) unreadStep(st *actionlint.Step, name string, env map[string]envEntry) {
	line := 0
	if st.Pos != nil {
		line = st.Pos.Line
	}
	const why = "this step neither runs a script nor uses an action in a form pat2app reads"
	js.markUnseen(env, nil)
	text := name
	if !strings.HasPrefix(name, "step ") {
		text = "step " + name
	}
	for _, k := range sortedKeys(env) {
		for _, c := range env[k].creds {
			js.a.get(js.id, c).unresolved(line, text, why+"; $"+k+" is in its environment", inventory.Subject{Input: k})
		}
	}
	kept := append([]string(nil), js.persisted...)
	for _, s := range js.stored {
		kept = appendUnique(kept, s.Credentials...)
	}
	for _, c := range kept {
		js.a.get(js.id, c).unresolved(line, text, why+"; it may use the credentials earlier steps left in git, gh, docker or npm configuration", inventory.Subject{})
	}
}

// run analyses a run: script with the reader of the shell that runs it, in
// the step's working directory.
func (js *jobState) run(st *actionlint.Step, ex *actionlint.ExecRun, name string, env map[string]envEntry) {
	if ex.Run == nil {
		return
	}
	dir, unknown := js.workingDirectory(ex, env)
	used := map[string]bool{}
	js.stepUnseen = map[string]bool{}
	js.readStepScript(st, ex.Run, name, env, js.runShells(st, ex), dir, unknown, used)
	unseen := js.stepUnseen
	js.stepUnseen = nil
	js.unusedStepEnv(name, env, used, unseen)
}

// unusedStepEnv names each credential given to a step's env: that none of
// its scripts shows a use of (used true): it is said, not dropped, since
// some command the scanner does not know may read it. One its scripts only
// hand on to later steps (used false: $GITHUB_ENV, $GITHUB_OUTPUT) is read
// there instead; the name of the variable it came in still hints at its
// kind. With unseen non-nil, the step's every command was read or is known
// to leave its environment alone but for the credentials unseen holds: a
// credential not among them is not used by the step, and no item is said.
func (js *jobState) unusedStepEnv(name string, env map[string]envEntry, used map[string]bool, unseen map[string]bool) {
	for _, k := range sortedKeys(env) {
		e := env[k]
		if e.level != "step" {
			continue
		}
		for _, c := range e.creds {
			if used[c] && ((unseen != nil && !unseen[c]) || !js.onlyStored(c)) {
				continue
			}
			b := js.a.get(js.id, c)
			if used[c] {
				// Its only use kept it in git's or a tool's configuration
				// (a remote's URL), and a command the scan did not read
				// ran after: that command may be what uses it.
				b.unresolved(e.line, "env "+k+" of step "+name, "kept in git or tool configuration for later commands, and what its script runs after that was not all read", inventory.Subject{Input: k})
				continue
			}
			if _, handedOn := used[c]; !handedOn && (unseen == nil || unseen[c]) {
				why := "set for this step, but no command in its script is known to use it"
				if unseen[c] {
					// A program the script runs is not read (its row
					// says it runs code with the environment, or it has
					// none): that is where to look.
					why = "set for this step, and its script runs a program that is not read with it in the environment, which may use it"
				}
				b.unresolved(e.line, "env "+k+" of step "+name, why, inventory.Subject{Input: k})
			}
			if namesOtherPurpose(k) {
				b.notGitHubHint("put in $" + k + ", a variable named for another purpose than GitHub")
			}
		}
	}
}

// onlyStored reports a credential the job's scripts so far only kept in
// git's or a tool's configuration (git remote set-url with it in the
// URL, git config, gh auth login): stored for later commands, with no
// operation of its own.
func (js *jobState) onlyStored(c string) bool {
	held := false
	for _, st := range js.stored {
		held = held || slices.Contains(st.Credentials, c)
	}
	b := js.a.builders[builderKey(js.id, c)]
	return held && (b == nil || len(b.f.Operations) == 0 && len(b.f.Unresolved) == 0)
}

// readStepScript analyses a script a step runs with its environment (a run: step's,
// or an action input a shell runs), read by the reader of each of shells,
// starting in dir ("" for the workspace; dirUnknown when chosen at run
// time). The credentials it shows a use of are added to used.
func (js *jobState) readStepScript(st *actionlint.Step, run *actionlint.String, name string, env map[string]envEntry, shells []string, dir string, dirUnknown bool, used map[string]bool) {
	a := js.a
	script := run.Value
	lm := a.lineMap(run)
	in := shellops.Input{
		Script:           script,
		StartLine:        lm.start,
		Cred:             map[string][]string{},
		Exprs:            map[string][]string{},
		PersistedDir:     js.persistedDir,
		Stored:           js.stored,
		Repo:             a.self,
		NPMRegistry:      js.npmRegistry,
		TreeWorkflows:    js.treeWorkflows,
		Head:             js.head,
		TreeWorktreeOnly: js.treeWorktreeOnly,
	}
	in.Persisted, in.DefaultPersisted, in.PersistedElsewhere = js.persistedForStep()
	in.Follow = a.rs.code
	in.FollowForTree = js.stepIndex < js.lastSecretAction
	in.Dir, in.DirUnknown = dir, dirUnknown
	in.RepoRoot, in.OtherRoots = js.repoRoot, js.otherRoots
	in.Checkouts = js.foreignCheckouts()
	in.Remotes = js.remotes
	in.OwnCheckout = js.ownCheckedOut()
	if a.composite {
		// A local composite action's scripts are named from its folder.
		dir := "{GITHUB_WORKSPACE}/" + path.Dir(a.file.Path)
		if a.evidenceRepo != "" {
			// An action read from its own repository is not in the
			// workspace: its folder is named as such.
			dir = "{GITHUB_ACTION_PATH}"
		}
		in.Known = map[string]string{"github.action_path": dir, "GITHUB_ACTION_PATH": dir}
	}
	// Expressions in the script.
	for _, ref := range a.stringExprs(run) {
		var creds []string
		for _, r := range ref.span.Refs {
			for _, c := range js.resolve(r, env) {
				if _, passed := js.credAt(c, ref, name); passed {
					creds = appendUnique(creds, c)
				} else if !ref.span.ValueTest && js.stepUnseen != nil {
					// Tested for being set: the step's outcome depends
					// on it, which no command shows.
					js.stepUnseen[c] = true
				}
			}
		}
		if len(creds) > 0 {
			in.Exprs[ref.span.Text] = creds
		}
	}
	for k, e := range env {
		if len(e.creds) > 0 {
			in.Cred[k] = e.creds
			if raw := strings.TrimSpace(e.raw); strings.Contains(raw, "://") && strings.Contains(raw, "${{") {
				// A URL written around the credential's expression.
				if in.CredValues == nil {
					in.CredValues = map[string]string{}
				}
				in.CredValues[k] = raw
			}
		}
		if strings.TrimSpace(e.raw) != "" {
			in.EnvSet = append(in.EnvSet, k)
		}
		v, ok := knownEnvValue(a.withInputs(withEnvLiterals(e.raw, env)))
		if shellops.IsGoModuleEnv(k) {
			// Which modules go fetches from their repositories
			// (github.com/acme): read where go runs.
			v, ok = strings.TrimSpace(a.withInputs(withEnvLiterals(e.raw, env))), !strings.Contains(e.raw, "${{")
		}
		if ok && len(e.creds) == 0 {
			if in.Known == nil {
				in.Known = map[string]string{}
			}
			in.Known[k] = v
		}
		if isHeadRepoValue(e.raw) {
			if in.HeadRepo == nil {
				in.HeadRepo = map[string]bool{}
			}
			in.HeadRepo[k] = true
		}
	}
	for _, sp := range expression.Find(script) {
		if isHeadRepoValue(script[sp.Start:sp.End]) {
			if in.HeadRepo == nil {
				in.HeadRepo = map[string]bool{}
			}
			in.HeadRepo[strings.TrimSpace(sp.Body)] = true
		}
	}
	sort.Strings(in.EnvSet)
	gh, _ := knowledge.Tool("gh")
	for _, k := range gh.TokenEnv {
		if e, ok := env[k]; ok && len(e.creds) > 0 {
			in.ImplicitGH = appendUnique(in.ImplicitGH, e.creds...)
		}
	}
	if a.composite {
		// A composite action's gh and API calls use the token its caller
		// put in GITHUB_TOKEN (or GH_TOKEN) unless it sets its own.
		_, hasGH := env["GH_TOKEN"]
		if _, ok := env["GITHUB_TOKEN"]; !ok && !hasGH {
			in.Cred["GITHUB_TOKEN"] = []string{compositeCallerToken}
			in.ImplicitGH = appendUnique(in.ImplicitGH, compositeCallerToken)
		}
	}
	// Credentials an earlier step left in git, gh, docker or npm
	// configuration reach only those tools: a script that names none of
	// them, and runs no program named at run time, has nothing to follow.
	in.KeptUnread = a.rs.code.Available() || a.evidenceRepo != ""
	stored := (len(in.Persisted) > 0 || len(in.PersistedElsewhere) > 0 || len(in.Stored) > 0) && (shellops.MayUseStored(script) || strings.Contains(script, "$") || in.KeptUnread) ||
		in.DefaultPersisted && shellops.MayUseStored(script)
	if len(in.Cred) == 0 && len(in.Exprs) == 0 && !stored && !in.FollowForTree && !shellops.MayChangeWorkflows(script) && !strings.Contains(script, "git commit") && !strings.Contains(script, "git tag") && !strings.Contains(script, "git remote") {
		// Nothing to follow; still note loops for the one-hour warning.
		if strings.Contains(script, "while ") || strings.Contains(script, "for ") || strings.Contains(script, "until ") {
			js.hasLoops = true
		}
		js.head.SkipCI = "" // what it runs may commit
		if strings.Contains(script, "git") {
			js.head = shellops.Head{Tags: js.head.Tags} // or check out another branch
		}
		return
	}
	res := js.readScript(in, shells)
	// A program named by an expression (`run: ${{ matrix.cmd }}`), or a
	// folder of code a command runs (`make -C sdk/${{ matrix.language }}`),
	// is whatever the expression's values say: when the workflow gives
	// them, the script is read again with each combination written in,
	// and those readings replace this one.
	if vs := js.runVariants(script, lm, env, js.compositeInputExprs(script, res.Uses)); len(vs) > 0 {
		results := make([]shellops.Result, 0, len(vs))
		for _, v := range vs {
			vin := in
			vin.Script, vin.Lines = v.script, v.lines
			if len(v.env) > 0 {
				vin.Known = maps.Clone(in.Known)
				if vin.Known == nil {
					vin.Known = map[string]string{}
				}
				maps.Copy(vin.Known, v.env)
			}
			results = append(results, js.readScript(vin, shells))
		}
		res = unionResults(results)
	}
	js.stored = res.Stored
	js.treeWorkflows, js.treeWorktreeOnly = res.TreeWorkflows, res.TreeWorktreeOnly
	js.head = res.Head
	js.clones = shellops.MergedRepos(js.clones, res.Clones)
	js.remotes = shellops.MergedRepos(js.remotes, res.Remotes)
	js.hasLoops = js.hasLoops || res.HasLoops
	js.bareFirstPush = cmp.Or(js.bareFirstPush, res.PushWithoutCredential)
	if res.ReadsIndirect {
		// ${!NAME} may read any variable of the step's environment.
		js.markUnseen(env, nil)
	}
	if res.ParseError != nil {
		line := res.ParseError.Line
		a.errs = append(a.errs, inventory.InputError{Repo: a.rs.repo.Name, File: a.file.Path, Line: line,
			Message: "run script of step " + name + " only partly read: " + res.ParseError.Message})
	}
	for _, u := range res.Uses {
		js.shellUse(u, name, env)
		used[u.Credential] = true
	}
	for _, w := range res.EnvWrites {
		// Handed on to later steps (or the step's outputs), which are
		// read for it.
		for _, c := range w.Credentials {
			if !used[c] {
				used[c] = false
			}
		}
	}
	// What the step may do with a credential unseen: programs it runs
	// that are not read; every credential when a reader that does not
	// list them (PowerShell, cmd, node, python) read it.
	for _, sh := range shells {
		if p := shellops.ScriptProgram(sh); p != "bash" && p != "sh" {
			js.markUnseen(env, nil)
		}
	}
	// The environment the script was given (the env: entries and, in a
	// composite action, the caller's token).
	inEnv := map[string]bool{}
	for _, cs := range in.Cred {
		for _, c := range cs {
			inEnv[c] = true
		}
	}
	inherited := map[string]string{} // credential -> a job or workflow variable holding it
	for _, k := range sortedKeys(env) {
		if e := env[k]; e.level == "job" || e.level == "workflow" {
			for _, c := range e.creds {
				if _, seen := inherited[c]; !seen {
					inherited[c] = k
				}
			}
		}
	}
	for _, o := range res.Unread {
		js.markUnseen(env, o.Credentials)
		for _, c := range o.Credentials {
			if k, ok := inherited[c]; ok && !used[c] && o.RunsLocal {
				// The job's or workflow's env gives every step the
				// credential: a program pat2app does not know, given the
				// checkout's own code to run (nix run .#importer), may
				// use it as a repository script may, which no env: entry
				// of the step says (unusedStepEnv). Other programs mark
				// it unseen only.
				a.get(js.id, c).unresolved(o.Line, o.Program, o.Program+" runs with $"+k+" (the "+env[k].level+"'s env) in its environment; what it does with it is not visible", inventory.Subject{Command: o.Program})
				continue
			}
			if inEnv[c] || used[c] {
				// The step's env entries say it (unusedStepEnv), or the
				// script's reading found a use of its own.
				continue
			}
			// Given on the command line (DEV_TO_GIT_TOKEN=... npm run
			// x, a variable the script set): no env: entry speaks for
			// it, and the program is not read.
			a.get(js.id, c).unresolved(o.Line, o.Program, o.Program+" runs with it in its environment, set by the script; what it does with it is not visible", inventory.Subject{Command: o.Program})
		}
	}
	// Writes of one name in a script are branches of one another (if:
	// the App's token, else the PAT): the variable holds any of their
	// credentials.
	written := map[string][]string{}
	for _, w := range res.EnvWrites {
		if len(w.Credentials) == 0 {
			continue
		}
		key := strconv.FormatBool(w.Output) + "\x00" + w.Name
		written[key] = appendUnique(written[key], w.Credentials...)
		w.Credentials = written[key]
		for _, c := range w.Credentials {
			b := a.get(js.id, c)
			b.line(w.Line)
			if b.f.HandedOn == "" {
				file := "$GITHUB_ENV"
				if w.Output {
					file = "$GITHUB_OUTPUT"
				}
				b.f.HandedOn = "line " + strconv.Itoa(w.Line) + ": " + file + " " + w.Name
			}
			if w.Output {
				continue
			}
			// A variable later steps read, named as env: names it.
			b.variableHint(w.Name)
		}
		if w.Output {
			if st.ID != nil {
				js.outputs[st.ID.Value+"."+w.Name] = w.Credentials
			}
			continue
		}
		js.ghEnv[w.Name] = envEntry{creds: w.Credentials, line: w.Line, level: "github-env"}
		js.merged = nil
	}
	js.noteAgentMentions(script, lm.start, used)
}

// noteAgentMentions records, on each credential a step's script used, a
// mention the script writes of an agent that acts only on a person's
// mentions (knowledge.AgentMentions): what the step posts with the
// credential may be that mention.
func (js *jobState) noteAgentMentions(script string, start int, used map[string]bool) {
	mentions, _ := knowledge.AgentMentions(script)
	if len(mentions) == 0 || len(used) == 0 {
		return
	}
	at := strings.Index(strings.ToLower(script), mentions[0])
	ev := inventory.Evidence{Line: start + strings.Count(script[:at], "\n"), Text: strings.Join(mentions, ", ")}
	for _, c := range sortedKeys(used) {
		b := js.a.get(js.id, c)
		if !slices.Contains(b.f.AgentMentions, ev) {
			b.f.AgentMentions = append(b.f.AgentMentions, ev)
		}
	}
}

// fromWorkspace writes a path that starts at the workspace
// (${{ github.workspace }}/site, and in a shell $GITHUB_WORKSPACE/site) as
// one relative to it (./site); any other path as it is. An action's input
// is no shell: only the expression names the workspace there.
func fromWorkspace(v string, shell bool) string {
	prefixes := []string{"${{ github.workspace }}", "${{github.workspace}}"}
	if shell {
		prefixes = append(prefixes, "$GITHUB_WORKSPACE", "${GITHUB_WORKSPACE}")
	}
	for _, ws := range prefixes {
		if rest, ok := strings.CutPrefix(v, ws); ok {
			return "." + rest
		}
	}
	return v
}

// workingDirectory is the directory a run step starts in, from the
// repository root: its working-directory, else the job's or the
// workflow's default, with ${{ env.X }} of the step's literal variables
// expanded (as an action's inputs are); unknown when built at run time or
// absolute.
func (js *jobState) workingDirectory(ex *actionlint.ExecRun, env map[string]envEntry) (string, bool) {
	wd := ex.WorkingDirectory
	if wd == nil && js.job.Defaults != nil && js.job.Defaults.Run != nil {
		wd = js.job.Defaults.Run.WorkingDirectory
	}
	if wd == nil && js.a.wf.Defaults != nil && js.a.wf.Defaults.Run != nil {
		wd = js.a.wf.Defaults.Run.WorkingDirectory
	}
	if wd == nil || strings.TrimSpace(wd.Value) == "" {
		return "", false
	}
	// In a composite action read for a calling step, an input the step
	// gives a literal value (working-directory: './') is that value.
	v := fromWorkspace(strings.TrimSpace(expandEnv(js.a.withInputs(wd.Value), env)), true)
	if strings.Contains(v, "${{") || strings.Contains(v, "$") || strings.HasPrefix(v, "/") || strings.HasPrefix(v, "~") {
		return "", true
	}
	return path.Clean(v), false
}

// shellUse turns one shellops use into the finding's use, operations and
// unresolved entries.
func (js *jobState) shellUse(u shellops.Use, step string, env map[string]envEntry) {
	b := js.a.get(js.id, u.Credential)
	target := u.Command
	if u.Host != "" {
		target += " " + u.Host
	}
	// A script's uses name the script; a tool's, the tool.
	subj := inventory.Subject{Script: u.Script}
	if u.Script == "" {
		subj.Command = u.Command
	}
	// A use in a repository file the step runs is shown at that file's
	// line; the use itself is at the step's line.
	ev := at(u.Line, oneLine(u.Evidence, 120))
	if u.File != "" {
		ev = inventory.Evidence{File: u.File, Line: u.FileLine, Text: ev.Text}
		target = ev.File + ":" + strconv.Itoa(ev.Line) + ": " + target
	}
	b.use(inventory.Use{Line: u.Line, Step: step, Via: inventory.Via(u.Via), Target: target, Subject: subj})
	strong := u.GitHub != 0 && (u.Command == "gh" || u.Host != "")
	var vars []string
	if u.GitHub == 0 && (u.Via == "env" && u.Script != "" || u.Via == "file") {
		// Only such uses ask which variables hold the credential.
		vars = varsHolding(env, u.Credential)
	}
	if len(vars) > 0 && allOtherPurpose(vars) {
		// A script that finds the value only under names of another
		// purpose (WEBLATE_TOKEN) does not take it for a GitHub token,
		// nor does a file it is written to from such a name.
		if u.Script != "" {
			b.notGitHubHint(u.Script + " runs with it in $" + strings.Join(vars, ", $") + ", named for another purpose than GitHub")
		} else {
			b.notGitHubHint(strings.TrimPrefix(u.Command, "write ") + " is written from $" + strings.Join(vars, ", $") + ", named for another purpose than GitHub")
		}
	} else if u.NotCredential != "" {
		b.signal(-1, true, u.NotCredential+" ("+oneLine(ev.Located(), 80)+")")
	} else {
		b.signal(u.GitHub, strong, oneLine(ev.Located(), 80))
	}
	for _, t := range u.TargetRepos {
		b.target(t)
	}
	if u.Command == "gh" && len(u.GHArgs) > 0 {
		js.ghOps(b, u, ev)
	}
	for _, o := range u.Ops {
		if o.ImageAtRunTime {
			// The images the job's matrix names are the ones a push of
			// an image named at run time may be of.
			o.Path += js.matrixImagesNote()
		}
		op := inventory.Operation{Kind: inventory.OpKind(o.Kind), Method: o.Method, Path: o.Path, Name: o.Name, Subject: subj,
			Writes: o.Writes, TouchesWorkflows: o.TouchesWorkflows, WorkflowsBecause: o.WorkflowsBecause, TagsOnly: o.TagsOnly, Branch: o.Branch, SkipsCI: o.SkipsCI, Evidence: ev}
		if o.Repo == "" && len(u.TargetRepos) > 0 && o.Kind == shellops.KindGit {
			// In a clone: its repository, which may be a wiki.
			_, op.Wiki = wikiOf(u.TargetRepos[0])
			for _, t := range u.TargetRepos[1:] {
				_, w := wikiOf(t)
				op.Wiki = op.Wiki && w
			}
		}
		if op.Kind == inventory.OpGraphQL {
			op.Mutation = o.Path == "mutation"
			op.Writes = op.Writes || op.Mutation
			op.Fields, op.Nested = o.Fields, o.Nested
		}
		if len(o.Params) > 0 {
			op.Params = o.Params
		}
		if o.Repo != "" {
			op.Repos = []string{o.Repo}
		}
		b.op(op)
	}
	if u.Command == "goreleaser" && u.Script == "" && js.goreleaserCommand(b, u, ev) {
		return
	}
	if u.Command == "fastlane" && u.Script == "" && js.fastlaneCommand(b, u, ev) {
		return
	}
	if u.Unresolved != "" {
		b.unresolvedAt(inventory.Unresolved{Evidence: ev, Reason: u.Unresolved, Subject: subj})
	}
}

// wikiOf is the repository whose wiki the git repository OWNER/NAME.wiki
// is, with true; any other name as it is, with false. A wiki has no
// permissions of its own: its repository's contents permission covers it,
// and an App token names the repository, not the wiki.
func wikiOf(repo string) (string, bool) {
	if len(repo) > len(".wiki") && strings.EqualFold(repo[len(repo)-len(".wiki"):], ".wiki") && strings.Contains(repo, "/") {
		return repo[:len(repo)-len(".wiki")], true
	}
	return repo, false
}

// ghOps maps a gh command line to operations through the knowledge base.
func (js *jobState) ghOps(b *builder, u shellops.Use, ev inventory.Evidence) {
	args := u.GHArgs
	subj := inventory.Subject{Command: "gh"}
	if len(args) > 0 && args[0] == "api" {
		call, err := knowledge.ParseGHAPI(args[1:])
		if err != nil {
			b.unresolvedAt(inventory.Unresolved{Evidence: ev, Reason: "gh api: " + err.Error(), Subject: subj})
			return
		}
		if call.IsGraphQL {
			js.graphqlOps(b, call.Query, ev, subj)
			return
		}
		p, ok := segmentTemplate(ghPlaceholders.Replace(call.Path))
		if !ok {
			b.unresolvedAt(inventory.Unresolved{Evidence: ev, Reason: "gh api path is built at run time", Subject: subj})
			return
		}
		b.op(restOp(call.Method, p, repoOfPath(p), subj, ev))
		return
	}
	if len(args) > 0 && args[0] == "auth" {
		// gh auth login/setup-git/status/token store or show the
		// credential; what it is used for is in the other gh commands.
		return
	}
	cmd, ok := knowledge.MatchGH(args)
	if !ok {
		b.unresolvedAt(inventory.Unresolved{Evidence: ev, Reason: "gh command not in the knowledge base", Subject: subj})
		return
	}
	o := inventory.Operation{Kind: inventory.OpGH, Method: "GH", Path: cmd.API, Name: cmd.Command, Subject: subj,
		Args: append([]string(nil), args...), Writes: cmd.Permissions.Writes(), HeadPushed: u.HeadPushed, Evidence: ev}
	// The repository the command names (-R, GH_REPO, gh repo view
	// OWNER/NAME) is the one it works on: a read there stays a read. One
	// named only at run time is kept too, so that its review item cites
	// the command's line.
	for _, r := range u.TargetRepos {
		if inventory.IsRunTimeRepo(r) || strings.Count(r, "/") == 1 && !strings.ContainsAny(r, "{}$@") && !strings.EqualFold(r, js.a.self) {
			o.Repos = append(o.Repos, r)
		}
	}
	b.op(o)
}

// ghPlaceholders are gh api's own path placeholders.
var ghPlaceholders = strings.NewReplacer(":owner", "{owner}", ":repo", "{repo}", ":branch", "{branch}")

// segmentTemplate turns a path whose segments hold run-time values
// (compare/${BASE}...${HEAD}, git/refs/tags/v${VERSION}) into a template
// with one placeholder per such segment. A path whose first segment is
// run-time (a whole path in a variable) cannot be read: ok is false.
func segmentTemplate(p string) (string, bool) {
	segs := strings.Split(strings.Trim(p, "/"), "/")
	if len(segs) == 0 || strings.Contains(segs[0], "{") || strings.Contains(segs[0], "$") {
		return p, false
	}
	for i, seg := range segs {
		if strings.ContainsAny(seg, "{$") && !(strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "}") && strings.Count(seg, "{") == 1) {
			segs[i] = "{value}"
		}
	}
	return "/" + strings.Join(segs, "/"), true
}

// repoOfPath is owner/name of a literal /repos/OWNER/NAME/... path.
func repoOfPath(p string) string {
	parts := strings.Split(strings.Trim(p, "/"), "/")
	if len(parts) >= 3 && parts[0] == "repos" && !strings.Contains(parts[1], "{") && !strings.Contains(parts[2], "{") {
		return parts[1] + "/" + parts[2]
	}
	return ""
}

func appendUnique(list []string, items ...string) []string {
	return codeflow.Union(list, items...)
}

// actionRef splits "owner/repo/path@ref" into the lower-case name without ref.
func actionRef(uses string) string {
	u := strings.TrimSpace(uses)
	if i := strings.Index(u, "@"); i >= 0 {
		u = u[:i]
	}
	return strings.ToLower(u)
}

// repoFromConditions names the workflow's own repository from a job
// condition such as `if: github.repository == 'owner/name'`, for bare files
// whose repository is not known otherwise. Jobs are read in id order.
func repoFromConditions(wf *actionlint.Workflow) string {
	ids := make([]string, 0, len(wf.Jobs))
	for id, j := range wf.Jobs {
		if j != nil && j.If != nil && hasWordFold(j.If.Value, "repository") {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	for _, id := range ids {
		cond := wf.Jobs[id].If.Value
		bodies := []string{cond}
		if spans := expression.Find(cond); len(spans) > 0 {
			bodies = bodies[:0]
			for _, sp := range spans {
				bodies = append(bodies, sp.Body)
			}
		}
		for _, b := range bodies {
			if repo := repoComparedIn(expression.Parse(b)); repo != "" {
				return repo
			}
		}
	}
	return ""
}

// repoComparedIn finds `github.repository == 'owner/name'` (either way
// round) in an expression.
func repoComparedIn(e *expression.Expr) string {
	var found string
	var walk func(n actionlint.ExprNode)
	walk = func(n actionlint.ExprNode) {
		if n == nil || found != "" {
			return
		}
		if c, ok := n.(*actionlint.CompareOpNode); ok && c.Kind == actionlint.CompareOpNodeKindEq {
			for _, pair := range [2][2]actionlint.ExprNode{{c.Left, c.Right}, {c.Right, c.Left}} {
				p, isPath := e.PathOf(pair[0])
				lit, isLit := pair[1].(*actionlint.StringNode)
				if isPath && isLit && p.Lower() == "github.repository" && isOwnerName(lit.Value) {
					found = lit.Value
					return
				}
			}
		}
		for _, c := range expression.Children(n) {
			walk(c)
		}
	}
	walk(e.Root)
	return found
}

// isOwnerName reports an owner/name of letters, digits, '_', '.' and '-'.
func isOwnerName(s string) bool {
	o, n, ok := strings.Cut(s, "/")
	valid := func(p string) bool {
		return p != "" && strings.IndexFunc(p, func(r rune) bool {
			return !(r == '_' || r == '.' || r == '-' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z')
		}) < 0
	}
	return ok && valid(o) && valid(n)
}

// sortedKeys returns the keys of m in order, for a walk that does not
// depend on map order.
func sortedKeys[V any](m map[string]V) []string {
	names := make([]string, 0, len(m))
	for k := range m {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}

// eachCred calls use with every credential an expression of s stands for
// (existence tests excluded) and the expression's line, once each per
// expression, after recording the line on every credential it names.
func (js *jobState) eachCred(s *actionlint.String, env map[string]envEntry, use func(cred string, line int)) {
	for _, ref := range js.a.stringExprs(s) {
		var creds []string
		for _, r := range ref.span.Refs {
			for _, c := range js.resolve(r, env) {
				if _, passed := js.credAt(c, ref, ""); passed {
					creds = appendUnique(creds, c)
				}
			}
		}
		for _, c := range creds {
			use(c, ref.line)
		}
	}
}

// containerCreds handles job container and service credentials.
func (js *jobState) containerCreds(image *actionlint.String, cr *actionlint.Credentials, what string) {
	img := ""
	if image != nil {
		img = strings.ToLower(image.Value)
	}
	for _, s := range []*actionlint.String{cr.Password, cr.Username} {
		if s == nil {
			continue
		}
		for _, ref := range js.a.stringExprs(s) {
			for _, r := range ref.span.Refs {
				for _, c := range js.resolve(r, js.env) {
					b := js.a.get(js.id, c)
					b.use(inventory.Use{Line: ref.line, Via: inventory.ViaContainerCredentials, Target: what + " " + img})
					if s != cr.Password {
						continue
					}
					if strings.HasPrefix(img, "ghcr.io/") {
						b.signal(1, true, what+" image on ghcr.io")
						b.op(inventory.Operation{Kind: inventory.OpDocker, Method: "DOCKER", Path: "pull " + img, Name: "pull", Evidence: at(ref.line, what+" credentials for "+img)})
					} else {
						b.signal(-1, false, what+" image "+img)
					}
				}
			}
		}
	}
}

// varsHolding lists, sorted, the variables of env that carry cred.
func varsHolding(env map[string]envEntry, cred string) []string {
	var out []string
	for _, k := range sortedKeys(env) {
		for _, c := range env[k].creds {
			if c == cred {
				out = append(out, k)
				break
			}
		}
	}
	return out
}

// allOtherPurpose reports whether every name says another purpose than
// GitHub (namesOtherPurpose).
func allOtherPurpose(names []string) bool {
	for _, n := range names {
		if !namesOtherPurpose(n) {
			return false
		}
	}
	return true
}

// knownEnvValue is the value an env: entry gives the scripts of its step
// before they run: a repository (repoEnvValue), or an account written
// literally (PROJECT_OWNER: matrix-org, which gh --owner "$PROJECT_OWNER"
// names).
func knownEnvValue(raw string) (string, bool) {
	if v, ok := repoEnvValue(raw); ok {
		return v, true
	}
	if v := strings.TrimSpace(raw); githubRepoURL.MatchString(v) {
		// A repository's web or clone address (gh --repo takes it).
		return v, true
	}
	v := strings.TrimSpace(raw)
	if rest, ok := workspacePath(v); ok {
		// A folder of the workspace (${{ github.workspace }}/scripts),
		// which the reading of repository code places.
		return "{github.workspace}" + rest, true
	}
	if sp, ok := expression.Sole(v); ok {
		// One expression GitHub gives a known value (the event's
		// pull request's API address).
		return shellops.KnownValue(strings.TrimSpace(sp.Body))
	}
	return v, isAccountName(v)
}

// workspacePath reports a value that is the workspace's folder followed by
// a literal path in it (${{ github.workspace }}/scripts): the path, with
// its leading slash; "" for the workspace itself.
func workspacePath(v string) (string, bool) {
	sp, ok := expression.Sole(v)
	if ok {
		return "", strings.TrimSpace(sp.Body) == "github.workspace"
	}
	spans := expression.Find(v)
	if len(spans) != 1 || spans[0].Start != 0 || strings.TrimSpace(spans[0].Body) != "github.workspace" {
		return "", false
	}
	rest := v[spans[0].End:]
	if !strings.HasPrefix(rest, "/") || strings.ContainsAny(rest, "$`\"' \t\n*?") || strings.Contains(rest, "..") {
		return "", false
	}
	return path.Clean(rest), true
}

// isAccountName reports a value that can be a GitHub account's login:
// letters, digits and single hyphens, not at either end.
func isAccountName(v string) bool {
	if v == "" || len(v) > 39 || v[0] == '-' || v[len(v)-1] == '-' || strings.Contains(v, "--") {
		return false
	}
	for _, r := range v {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}

// skipsStep reports a step that never runs in the scanned repository: its
// if: condition is false with what is known of it. That is the inputs a
// calling step gives a composite action literal values (or their
// defaults): `if: inputs.publish == 'true'` under `publish: false`; and
// the repository's name and owner, when the scan knows them: a workflow
// shared by several repositories runs `if: !contains(github.repository,
// 'dbt-core')` steps only in the others; and the outputs, outcome and
// conclusion of a step id no step of the job has (ids), which are null:
// `if: steps.check-changes.outputs.changed == 'true'` where the step is
// called getdiff never runs.
//
// A condition on the job's matrix (matrix.java == '17') is tried with each
// combination of the matrix's values: the step never runs when it is false
// with every one.
func (js *jobState) skipsStep(st *actionlint.Step, ids map[string]bool) bool {
	if st == nil || st.If == nil {
		return false
	}
	var keys []string
	if e := expression.Condition(st.If.Value); e != nil {
		for _, p := range e.Paths() {
			if len(p.Parts) >= 2 && strings.EqualFold(p.Parts[0], "matrix") {
				keys = append(keys, strings.ToLower(p.Parts[1]))
			}
		}
	}
	if len(keys) == 0 {
		return js.a.falseStep(st, ids, nil)
	}
	combos, ok := js.matrixCombos(keys)
	if !ok || len(combos) == 0 {
		return false
	}
	for _, c := range combos {
		if !js.a.falseStep(st, ids, c) {
			return false
		}
	}
	return true
}

// falseStep reports a step whose if: is false with what is known of it
// (skipsStep) and, when combo is not nil, with the job's matrix values of
// that combination.
func (a *analysis) falseStep(st *actionlint.Step, ids map[string]bool, combo map[string]actionlint.RawYAMLValue) bool {
	self := a.ownRepo()
	owner, _, repoKnown := strings.Cut(self, "/")
	truth, ok := expression.Truth(st.If.Value, func(p expression.Path) (string, bool) {
		switch p.Lower() {
		case "github.repository", "github.event.repository.full_name":
			return self, repoKnown
		case "github.repository_owner", "github.event.repository.owner.login":
			return owner, repoKnown
		}
		if len(p.Parts) >= 3 && strings.EqualFold(p.Parts[0], "steps") && !a.composite && ids != nil && !ids[strings.ToLower(p.Parts[1])] {
			switch strings.ToLower(p.Parts[2]) {
			case "outputs", "outcome", "conclusion":
				return "", true // a step id the job does not have: null
			}
		}
		if combo != nil && len(p.Parts) >= 2 && strings.EqualFold(p.Parts[0], "matrix") {
			return matrixValue(combo, p.Parts[1:])
		}
		name, isInput := strings.CutPrefix(p.Lower(), "inputs.")
		if !isInput || len(p.Parts) != 2 {
			return "", false
		}
		v, known := a.inputValues[name]
		return v, known
	})
	return ok && !truth
}

// skipStep marks the lines of a step that never runs here as read: what
// they reference is not used in this repository, and is not a place
// pat2app does not follow. The step's lines are those from its first key
// down to the first line indented less than its keys.
func (a *analysis) skipStep(st *actionlint.Step) {
	if st.Pos == nil {
		return
	}
	keys := st.Pos.Col - 1
	for l := st.Pos.Line; l <= a.lines.count(); l++ {
		text := a.lines.lineBytes(l)
		body := bytes.TrimLeft(text, " ")
		if l > st.Pos.Line && len(body) > 0 && body[0] != '#' && len(text)-len(body) < keys {
			break
		}
		a.seen[l] = true
	}
}

// ownRepo is the owner/name of the repository whose workflows run this
// file, when the scan knows it from the repository itself (not guessed
// from a condition of a file given alone, not an action read from its
// own repository): "" otherwise.
func (a *analysis) ownRepo() string {
	if a.evidenceRepo != "" || a.self == "" || a.self != a.rs.repo.Name || strings.Count(a.self, "/") != 1 {
		return ""
	}
	return a.self
}

// githubRepoURL matches the web or clone address of a repository on
// github.com, written out in full.
var githubRepoURL = regexp.MustCompile(`^https://github\.com/[A-Za-z0-9-]+/[A-Za-z0-9._-]+?(\.git)?/?$`)

// withEnvLiterals writes each ${{ env.NAME }} of an env: value as the
// value the workflow's or job's env: gives NAME, when that is literal (no
// expression, no credential): a step's env: sees those, not its own.
func withEnvLiterals(raw string, env map[string]envEntry) string {
	return substituteExprs(raw, func(text string) (string, bool) {
		name, ok := strings.CutPrefix(text, "env.")
		if !ok {
			return "", false
		}
		e, ok := env[name]
		if !ok || e.level != "workflow" && e.level != "job" || len(e.creds) > 0 || strings.Contains(e.raw, "${{") {
			return "", false
		}
		return strings.TrimSpace(e.raw), true
	})
}

// secretActionStep is the number (from 1) of the last step of steps that
// uses an action with an input naming a secret other than GITHUB_TOKEN;
// 0 when none does.
func secretActionStep(steps []*actionlint.Step) int {
	last := 0
	for i, st := range steps {
		ex, ok := st.Exec.(*actionlint.ExecAction)
		if !ok {
			continue
		}
		for _, in := range ex.Inputs {
			if in != nil && in.Value != nil && namesSecret(in.Value.Value) {
				last = i + 1
				break
			}
		}
	}
	return last
}

// namesSecret reports a value whose expressions name a secret other than
// GITHUB_TOKEN.
func namesSecret(v string) bool {
	for _, sp := range findExprs(v) {
		for _, r := range sp.Refs {
			if r.Context == "secrets" && !strings.EqualFold(r.Name, "GITHUB_TOKEN") {
				return true
			}
		}
	}
	return false
}
