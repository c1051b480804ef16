// Package fix rewrites workflow files so that each planned job stops using a
// personal access token: jobs the plan moves to GITHUB_TOKEN get
// ${{ github.token }} and a permissions: block, jobs that need a GitHub App get
// an actions/create-github-app-token step and its output. Edits are located
// with yaml.v3 nodes and applied as text splices, so every byte outside the
// edits (comments, quoting, blank lines) stays as it was; each rewrite is
// checked by parsing it again before it is kept.
package fix

import (
	"github.com/pat2app/pat2app/ghaw"

	"fmt"
	"sort"
	"strings"

	"github.com/rhysd/actionlint"
	"gopkg.in/yaml.v3"

	"github.com/pat2app/pat2app/expression"
	"github.com/pat2app/pat2app/planner"
)

// Result is what Rewrite did to one file.
type Result struct {
	// Output is the rewritten file; it equals the input when nothing changed.
	Output  []byte
	Changed bool
	// Applied lists the jobs that were rewritten.
	Applied []Change
	// Skipped lists the planned jobs left unchanged, each with the reason.
	Skipped []Skip

	src   []byte // the input
	edits []edit // the edits kept, in text order
}

// Change is one rewritten job.
type Change struct {
	Job string `json:"job"`
	// Replaced lists "secrets.GH_PAT -> github.token (lines 12, 30)".
	Replaced []string `json:"replaced,omitempty"`
	// Permissions is the job's permissions after the rewrite, when fix set
	// or changed them ("contents: read, issues: write").
	Permissions string `json:"permissions,omitempty"`
	// TokenSteps say where each inserted token step is and when it runs.
	TokenSteps []TokenStep `json:"token_steps,omitempty"`
	// Guarded are the lines of the steps that got the fork guard.
	Guarded []int `json:"guarded_lines,omitempty"`
	// Notes say what else a reviewer should know.
	Notes []string `json:"notes,omitempty"`
}

// TokenStep is an inserted App token step.
type TokenStep struct {
	ID string `json:"id"`
	// Before is the line (in the original file) of the first step that
	// uses its token; the token step is inserted right before it.
	Before int `json:"before_line"`
	// If is its condition ("" when it has none).
	If string `json:"if,omitempty"`
	// Guarded is set when If keeps it from running for pull requests
	// from forks.
	Guarded bool `json:"fork_guard"`
}

// Skip is a planned job (job x credential) left unchanged.
type Skip struct {
	Job        string `json:"job"`
	Credential string `json:"credential"`
	Decision   string `json:"decision"`
	Reason     string `json:"reason"`
}

// edit replaces src[start:end] with text.
type edit struct {
	start, end int
	text       string
}

// Rewrite applies the plan's jobs for one file to src. jobs are the plan
// jobs whose File is this file; jobs of other decisions are listed as
// skipped with their reason. It never panics on odd input and returns src
// unchanged for every job whose rewrite it cannot verify.
//
// The file is parsed once; every job's edits are worked out against it,
// applied together and verified together, so the work grows with the size
// of the file, not with the size times the number of jobs.
func Rewrite(src []byte, jobs []planner.Job) Result {
	res := Result{Output: src, src: src}
	if _, ok := ghaw.ParseLock(src); ok && len(jobs) > 0 {
		// gh-aw generated the file: an edit is lost at the next compile.
		why := "gh-aw generated this file, which fix never edits: " + ghaw.CompileAdvice(jobs[0].File)
		for _, j := range jobs {
			res.Skipped = append(res.Skipped, skipOf(j, why))
		}
		return res
	}
	text := string(src)
	// Group by job, in the order the plan gives them.
	var names []string
	groups := map[string][]planner.Job{}
	for _, j := range jobs {
		if _, ok := groups[j.Job]; !ok {
			names = append(names, j.Job)
		}
		groups[j.Job] = append(groups[j.Job], j)
	}
	s := newSource(text)
	wf, err := parseWorkflow(text, s)
	if err != nil {
		for _, name := range names {
			res.Skipped = append(res.Skipped, skipAll(groups[name], fmt.Sprintf("the file cannot be rewritten: %v", err))...)
		}
		return res
	}
	var planned []*jobEdit
	for _, name := range names {
		planned = append(planned, planJob(s, wf, name, groups[name]))
	}
	out, kept := applyVerified(text, wf.root, planned)
	for _, je := range planned {
		res.Skipped = append(res.Skipped, je.skips...)
		if je.change != nil {
			res.Applied = append(res.Applied, *je.change)
		}
	}
	if out != text {
		res.Output = []byte(out)
		res.Changed = true
		res.edits = kept
	}
	return res
}

// skipAll lists every plan job of a group as skipped for why.
func skipAll(group []planner.Job, why string) []Skip {
	out := make([]Skip, 0, len(group))
	for _, j := range group {
		out = append(out, skipOf(j, why))
	}
	return out
}

func skipOf(j planner.Job, why string) Skip {
	return Skip{Job: j.Job, Credential: j.Credential, Decision: string(j.Decision), Reason: why}
}

// workflow is the parsed file and the nodes fix looks at.
type workflow struct {
	root     *yaml.Node // the document's mapping
	jobs     *yaml.Node // the jobs: mapping
	env      *yaml.Node // workflow-level env: (may be nil)
	perms    *yaml.Node // workflow-level permissions: (may be nil)
	reusable bool       // on: workflow_call
	events   []string   // the triggers, lower case
	offsets  []int      // start offsets of every node, sorted
	// byName maps a job id to its index in jobs.Content (the key).
	byName map[string]int
}

func parseWorkflow(text string, src *source) (*workflow, error) {
	dec := yaml.NewDecoder(strings.NewReader(text))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("parse: %w", err)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		return nil, fmt.Errorf("the file holds more than one YAML document")
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, fmt.Errorf("not a workflow: the document is not a mapping")
	}
	w := &workflow{root: doc.Content[0], byName: map[string]int{}}
	w.jobs = mapValue(w.root, "jobs")
	if w.jobs != nil && w.jobs.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(w.jobs.Content); i += 2 {
			if _, dup := w.byName[w.jobs.Content[i].Value]; !dup {
				w.byName[w.jobs.Content[i].Value] = i
			}
		}
	}
	w.env = mapValue(w.root, "env")
	w.perms = mapValue(w.root, "permissions")
	// The triggers, as actionlint reads them (as the scanner does).
	if awf, _ := actionlint.Parse([]byte(text)); awf != nil {
		for _, ev := range awf.On {
			name := strings.ToLower(ev.EventName())
			w.events = append(w.events, name)
			w.reusable = w.reusable || name == "workflow_call"
		}
	}
	if len(w.events) == 0 {
		// Triggers that cannot be read may be any: fork events among them.
		w.events = append([]string{"(unknown)"}, forkEvents...)
	}
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		if n.Kind != yaml.DocumentNode {
			if off := src.offset(n.Line, n.Column); off >= 0 {
				w.offsets = append(w.offsets, off)
			}
		}
		for _, c := range n.Content {
			walk(c)
		}
	}
	walk(&doc)
	sort.Ints(w.offsets)
	return w, nil
}

// nextOffset is the first node start after off (len(text) when none).
func (w *workflow) nextOffset(off, textLen int) int {
	i := sort.SearchInts(w.offsets, off+1)
	if i < len(w.offsets) {
		return w.offsets[i]
	}
	return textLen
}

// mapKey returns the key node of key in mapping m.
func mapKey(m *yaml.Node, key string) *yaml.Node {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i]
		}
	}
	return nil
}

// mapValue returns the value node of key in mapping m.
func mapValue(m *yaml.Node, key string) *yaml.Node {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

// candidate is one plan job fix will try to apply.
type candidate struct {
	job    planner.Job
	path   string // normalised credential
	key    string // "gt" or "app:"+snippet: candidates with one key share a replacement
	failed string // why it cannot be applied ("" while it can)
	refs   []int  // lines of its references in the job
}

// scalarRef is one scalar of the job that references a credential of the
// group.
type scalarRef struct {
	node       *yaml.Node
	start, end int    // its text in the source
	key        string // the mapping key it is the value of
	inSteps    bool
	step       int               // the index of its step; -1 outside steps:
	spans      []expression.Span // ${{ }} spans, offsets relative to start
	bareIf     bool              // an if: condition without ${{ }}
	escaped    bool              // the source spans differ from the value's
}

// jobEdit is what fix will do to one job: its edits of the original text
// and what they must read back as, or only why it leaves the job alone.
type jobEdit struct {
	name      string
	job       *yaml.Node
	edits     []edit
	newValues map[*yaml.Node]string
	perms     map[string]string // the job's permissions after the edit, when set
	// inserted are the new steps, by the index of the step they go
	// before; addIf are the if: keys added to steps, by index.
	inserted map[int][]*yaml.Node
	addIf    map[int]string
	change   *Change // nil when nothing is changed
	// skips are the plan jobs left unchanged; live are those the edits
	// apply, listed as skipped when the edits are refused.
	skips []Skip
	live  []planner.Job
}

// refuse drops the job's edits, listing its applied plan jobs as skipped.
func (je *jobEdit) refuse(err error) {
	for _, j := range je.live {
		je.skips = append(je.skips, skipOf(j, fmt.Sprintf("the rewrite was refused: %v", err)))
	}
	je.edits, je.change, je.live = nil, nil, nil
}

// planJob works out the edits of one job against the parsed file.
func planJob(src *source, wf *workflow, name string, group []planner.Job) *jobEdit {
	je := &jobEdit{name: name}
	leave := func(why string) *jobEdit {
		je.skips = skipAll(group, why)
		return je
	}
	skip := skipOf
	if name == compositeJob {
		return leave("a composite action: it uses what its callers pass; rewrite the callers' inputs")
	}
	jobKey, job := wf.findJob(name)
	if job == nil {
		return leave("the job was not found in the file")
	}
	if job.Kind != yaml.MappingNode || job.Style&yaml.FlowStyle != 0 {
		return leave("the job is not a block mapping; rewrite it by hand")
	}
	if mapValue(job, "uses") != nil {
		return leave("a reusable-workflow call: the called workflow's jobs are rewritten where they are defined; change what this job passes by hand")
	}
	if hasAliases(job) {
		return leave("the job uses YAML anchors, aliases or merge keys; rewrite it by hand")
	}
	je.job = job

	// Which plan jobs can be applied.
	var skips []Skip
	interest := map[string]bool{}
	var cands []*candidate
	builtinBlocked := ""
	for _, j := range group {
		p := normCred(j.Credential)
		if p != "" {
			interest[p] = true
		}
		switch {
		case j.Kind == "leaked_token":
			skips = append(skips, skip(j, "a literal token is committed in this file: revoke it and remove it from the history; fix leaves that line alone"))
			continue
		case j.Kind == "app_token":
			continue // already an App token: nothing to do
		case j.Decision == planner.DecisionManualReview || j.Decision == planner.DecisionNotSupported:
			why := string(j.Decision) + ": " + firstNonEmpty(strings.Join(j.ReviewText(), "; "), strings.Join(j.Reasons, "; "), "see the plan")
			if j.Fallback != "" {
				why += "; fallback: " + j.Fallback
			}
			skips = append(skips, skip(j, why))
			if isBuiltinToken(p) {
				builtinBlocked = j.Credential
			}
			continue
		case j.Decision != planner.DecisionGitHubToken && j.Decision != planner.DecisionGitHubApp:
			skips = append(skips, skip(j, "decision "+string(j.Decision)+" is not one fix applies"))
			continue
		case p == "":
			skips = append(skips, skip(j, "the credential is not a single reference fix can replace"))
			continue
		}
		c := &candidate{job: j, path: p, key: "gt"}
		if j.Decision == planner.DecisionGitHubApp {
			c.key = "app:" + j.Snippet
			switch {
			case j.Snippet == "" && !j.Migrates():
				c.failed = "hardening, not migration: the job already runs on " + j.Credential + "; the plan gives it an App (" +
					firstNonEmpty(strings.Join(j.Reasons, "; "), "see the plan") + ") only with plan --harden, and fix leaves it"
			case j.Snippet == "":
				c.failed = "the plan assigns no App to this job"
			case wf.reusable:
				c.failed = "a reusable workflow (on: workflow_call): the App's private key must be passed by every caller; change the callers and this workflow together"
			case len(j.OtherAccounts()) > 0:
				c.failed = "its token must reach repositories of " + strings.Join(j.OtherAccounts(), ", ") +
					": that needs the App installed on each of those accounts and a token step per account, which fix cannot set up; see the plan's warnings"
			case len(j.RunTimeTargets()) > 0:
				c.failed = "its token must reach repositories named only at run time (" + strings.Join(j.RunTimeTargets(), ", ") +
					"): the token step must list each one they can be, which fix cannot know; see the plan's warnings"
			}
		}
		cands = append(cands, c)
	}
	if len(cands) == 0 {
		je.skips = skips
		return je
	}

	refs := collectRefs(src, wf, job, interest)
	steps := mapValue(job, "steps")
	stepIDs := map[string]bool{}
	if steps != nil && steps.Kind == yaml.SequenceNode {
		for _, st := range steps.Content {
			if id := mapValue(st, "id"); id != nil {
				stepIDs[id.Value] = true
			}
		}
	}

	// settle decides which candidates stand, to a fixed point, and the
	// permissions edit the GITHUB_TOKEN ones need.
	settle := func() *permEdit {
		for {
			resolveRefs(src, refs, cands, interest)
			for _, c := range cands {
				if c.failed == "" && len(c.refs) == 0 && !(c.key == "gt" && isBuiltinToken(c.path)) {
					if l := envRefLine(wf.env, c.path); l > 0 {
						c.failed = fmt.Sprintf("the credential reaches this job through workflow-level env (line %d): move that env entry into the jobs that use it, then run fix again", l)
					} else {
						c.failed = "no reference to the credential was found in the job"
					}
				}
			}
			var gt []*candidate
			movesPAT := false // some credential moves to GITHUB_TOKEN
			for _, c := range cands {
				if c.failed == "" && c.key == "gt" {
					gt = append(gt, c)
					movesPAT = movesPAT || !isBuiltinToken(c.path)
				}
			}
			if !movesPAT {
				// A job that only uses GITHUB_TOKEN already works with the
				// token it has; fix does not narrow it (that is hardening,
				// not a PAT migration, and could break steps that use the
				// token without naming it).
				return nil
			}
			perm, why := planPermissions(src, wf, jobKey, job, gt)
			if why == "" && perm != nil && builtinBlocked != "" {
				// A new or raised block would change what that use gets.
				why = "another use of GITHUB_TOKEN in this job (" + builtinBlocked + ") needs review, and moving this credential would change the job's permissions: under it"
			}
			if why == "" {
				return perm
			}
			for _, c := range gt {
				c.failed = why
			}
		}
	}
	perm := settle()

	// App token steps. A candidate whose steps cannot be placed or
	// guarded fails; that can fail others that share an expression with
	// it, so settle again and place what is left.
	fc := newForkContext(wf.events, group[0].Repo)
	var tp *tokenPlan
	for {
		tp = planTokens(src, wf, job, refs, cands, stepIDs, fc)
		if len(tp.failed) == 0 {
			break
		}
		for _, c := range cands {
			if c.failed == "" && tp.failed[c.key] != "" {
				c.failed = tp.failed[c.key]
			}
		}
		perm = settle()
	}

	repl := func(c *candidate, step int) string {
		if c.key == "gt" {
			return "github.token"
		}
		ts := tp.serve[userKey{c.key, step}]
		if ts == nil { // cannot happen: users come from the same references
			for _, t := range tp.steps {
				if t.key == c.key && ts == nil {
					ts = t
				}
			}
		}
		if ts == nil {
			return "steps." + planner.TokenStepID + ".outputs.token"
		}
		return "steps." + ts.id + ".outputs.token"
	}
	// Reference edits.
	var edits []edit
	newValues := map[*yaml.Node]string{}
	byPath := map[string]*candidate{}
	for _, c := range cands {
		if c.failed == "" {
			byPath[c.path] = c
		}
	}
	for _, r := range refs {
		if r.escaped || r.bareIf {
			continue
		}
		val := r.node.Value
		vs := valueSpans(val)
		var sb strings.Builder
		last := 0
		changed := false
		stepRepl := func(c *candidate) string { return repl(c, r.step) }
		keep := func(c *candidate) bool { return tp.keep[userKey{c.key, r.step}] }
		for k, sp := range r.spans {
			newExpr, ok := rewriteExpr(sp.Body, byPath, stepRepl, keep)
			if !ok || newExpr == sp.Body || k >= len(vs) {
				continue
			}
			changed = true
			sb.WriteString(val[last : vs[k].Start+3])
			sb.WriteString(newExpr)
			last = vs[k].End - 2
			edits = append(edits, edit{start: r.start + sp.Start + 3, end: r.start + sp.End - 2, text: newExpr})
		}
		if changed {
			sb.WriteString(val[last:])
			newValues[r.node] = sb.String()
		}
	}

	ch := &Change{Job: name}
	for _, c := range cands {
		if c.failed != "" {
			skips = append(skips, skip(c.job, c.failed))
			continue
		}
		if len(c.refs) > 0 && !(c.key == "gt" && isBuiltinToken(c.path)) {
			to := "github.token"
			if c.key != "gt" {
				var ids []string
				for _, ts := range tp.steps {
					if ts.key == c.key {
						ids = append(ids, "steps."+ts.id+".outputs.token")
					}
				}
				to = strings.Join(ids, ", ")
			}
			ch.Replaced = append(ch.Replaced, fmt.Sprintf("%s -> %s (%s)", c.job.Credential, to, linesText(c.refs)))
		}
		for _, w := range c.job.Warnings {
			if !tp.superseded[w] {
				ch.Notes = appendString(ch.Notes, w)
			}
		}
	}
	var expectPerms map[string]string
	if perm != nil {
		edits = append(edits, perm.edits...)
		expectPerms = perm.final
		ch.Permissions = permText(perm.final)
		ch.Notes = append(ch.Notes, perm.notes...)
	}
	inserted := map[int][]*yaml.Node{}
	for _, ts := range tp.steps {
		edits = append(edits, edit{start: ts.at, end: ts.at, text: ts.text})
		inserted[ts.users[0]] = append(inserted[ts.users[0]], ts.item)
		ch.TokenSteps = append(ch.TokenSteps, TokenStep{ID: ts.id, Before: ts.line, If: ts.cond, Guarded: ts.guarded})
	}
	edits = append(edits, tp.edits...)
	for n, v := range tp.newValues {
		newValues[n] = v
	}
	ch.Guarded = tp.guarded
	ch.Notes = append(ch.Notes, tp.notes...)
	if len(edits) == 0 {
		je.skips = skips
		return je
	}
	if strings.Contains(src.text, "\r\n") { // keep the file's line endings
		for i := range edits {
			edits[i].text = strings.ReplaceAll(edits[i].text, "\n", "\r\n")
		}
	}
	for _, c := range cands {
		if c.failed != "" {
			continue
		}
		je.live = append(je.live, c.job)
		if l := envRefLine(wf.env, c.path); l > 0 && (c.key != "gt" || !isBuiltinToken(c.path)) {
			ch.Notes = append(ch.Notes, fmt.Sprintf("workflow-level env (line %d) still passes %s to every job", l, c.job.Credential))
		}
	}
	je.edits, je.newValues, je.perms = edits, newValues, expectPerms
	je.inserted, je.addIf = inserted, tp.addIf
	je.change, je.skips = ch, skips
	return je
}

// compositeJob is the job name the scanner gives composite actions.
const compositeJob = "(composite)"

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

// findJob returns the key and value nodes of job name (the first, when
// the id is given twice).
func (w *workflow) findJob(name string) (*yaml.Node, *yaml.Node) {
	i, ok := w.byName[name]
	if !ok {
		return nil, nil
	}
	return w.jobs.Content[i], w.jobs.Content[i+1]
}

func hasAliases(n *yaml.Node) bool {
	if n.Kind == yaml.AliasNode || n.Anchor != "" {
		return true
	}
	if n.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == "<<" && n.Content[i].Tag == "!!merge" {
				return true
			}
		}
	}
	for _, c := range n.Content {
		if hasAliases(c) {
			return true
		}
	}
	return false
}

// collectRefs finds the scalars of the job that mention any credential of
// interest.
func collectRefs(src *source, wf *workflow, job *yaml.Node, interest map[string]bool) []*scalarRef {
	var out []*scalarRef
	var walk func(n *yaml.Node, key string, step int)
	walk = func(n *yaml.Node, key string, step int) {
		switch n.Kind {
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				k := n.Content[i].Value
				walk(n.Content[i+1], k, step)
			}
		case yaml.SequenceNode:
			for _, c := range n.Content {
				walk(c, key, step)
			}
		case yaml.ScalarNode:
			if !mentions(n.Value, interest, key == "if") {
				return
			}
			r := &scalarRef{node: n, key: key, inSteps: step >= 0, step: step}
			if key == "if" && !strings.Contains(n.Value, "${{") {
				r.bareIf = true
				out = append(out, r)
				return
			}
			start := src.offset(n.Line, n.Column)
			var ok bool
			if start >= 0 {
				r.start, r.end, ok = src.scalarSpan(n, wf.nextOffset(start, len(src.text)))
			}
			vs := valueSpans(n.Value)
			if ok {
				r.spans = expression.Find(src.text[r.start:r.end])
			}
			if !ok || len(vs) != len(r.spans) {
				r.escaped = true
			} else {
				for k := range vs {
					if vs[k].Body != r.spans[k].Body {
						r.escaped = true
					}
				}
			}
			out = append(out, r)
		}
	}
	for i := 0; i+1 < len(job.Content); i += 2 {
		k, v := job.Content[i].Value, job.Content[i+1]
		if k == "steps" && v.Kind == yaml.SequenceNode {
			for idx, st := range v.Content {
				walk(st, k, idx)
			}
			continue
		}
		walk(v, k, -1)
	}
	return out
}

func valueSpans(v string) []expression.Span { return expression.Find(v) }

// mentions reports whether a value holds a ${{ }} (or, for a bare if:
// condition, an expression) that references a credential of interest.
func mentions(v string, interest map[string]bool, isIf bool) bool {
	var exprs []string
	if isIf && !strings.Contains(v, "${{") {
		exprs = []string{v}
	} else {
		for _, sp := range expression.Find(v) {
			exprs = append(exprs, sp.Body)
		}
	}
	for _, e := range exprs {
		_, cs := classify(e)
		for _, c := range cs {
			if interest[c.path] {
				return true
			}
		}
	}
	return false
}

// resolveRefs decides, to a fixed point, which candidates can be applied:
// a candidate fails when one of its references cannot be rewritten, and
// that can fail others that share an expression with it.
func resolveRefs(src *source, refs []*scalarRef, cands []*candidate, interest map[string]bool) {
	byPath := map[string]*candidate{}
	for _, c := range cands {
		byPath[c.path] = c
	}
	alive := func(p string) *candidate {
		if c := byPath[p]; c != nil && c.failed == "" {
			return c
		}
		return nil
	}
	fail := func(c *candidate, why string) bool {
		if c == nil || c.failed != "" {
			return false
		}
		c.failed = why
		return true
	}
	for {
		for _, c := range cands {
			c.refs = nil
		}
		changed := false
		for _, r := range refs {
			line := r.node.Line
			var exprs []string
			if r.bareIf {
				exprs = []string{r.node.Value}
			} else {
				for _, sp := range r.spans {
					exprs = append(exprs, sp.Body)
				}
			}
			if r.escaped {
				for _, sp := range valueSpans(r.node.Value) {
					exprs = append(exprs, sp.Body)
				}
			}
			for _, e := range exprs {
				shape, cs := classify(e)
				var live []*candidate
				blocked := ""
				for _, ch := range cs {
					if c := alive(ch.path); c != nil {
						live = appendCand(live, c)
					} else if interest[ch.path] && !isBuiltinToken(ch.path) || byPath[ch.path] != nil {
						blocked = ch.path
					}
				}
				if len(live) == 0 {
					continue
				}
				for _, c := range live {
					c.refs = appendInt(c.refs, line)
				}
				why := ""
				switch {
				case r.bareIf:
					why = fmt.Sprintf("line %d: an if: condition uses the credential; rewrite it by hand", line)
				case r.escaped:
					why = fmt.Sprintf("line %d: the expression is written with YAML escapes or across lines; rewrite it by hand", line)
				case shape == shapeRef:
				case shape == shapeFallback:
					if blocked != "" {
						why = fmt.Sprintf("line %d: the expression also names %s, which fix does not rewrite here", line, blocked)
					}
					for _, ch := range cs {
						if alive(ch.path) == nil && !isBuiltinToken(ch.path) && why == "" {
							why = fmt.Sprintf("line %d: the expression falls back to another credential", line)
						}
					}
				case shape == shapeFormat:
					for _, ch := range cs {
						if alive(ch.path) != nil && !ch.bare {
							why = fmt.Sprintf("line %d: the credential is used inside a larger expression; rewrite it by hand", line)
						}
					}
				default:
					why = fmt.Sprintf("line %d: the credential is used inside a larger expression; rewrite it by hand", line)
				}
				if why == "" {
					for _, c := range live[1:] {
						if c.key != live[0].key {
							why = fmt.Sprintf("line %d: one expression names credentials that move to different tokens", line)
						}
					}
				}
				if why == "" && !r.inSteps {
					for _, c := range live {
						if c.key != "gt" {
							why = fmt.Sprintf("line %d: %s: is not a step, and only steps can read the App token step's output; move the value into the steps that use it", line, r.key)
						}
					}
				}
				if why != "" {
					for _, c := range live {
						changed = fail(c, why) || changed
					}
				}
			}
		}
		if !changed {
			return
		}
	}
}

func appendCand(s []*candidate, c *candidate) []*candidate {
	for _, x := range s {
		if x == c {
			return s
		}
	}
	return append(s, c)
}

func appendString(s []string, v string) []string {
	for _, x := range s {
		if x == v {
			return s
		}
	}
	return append(s, v)
}

func appendInt(s []int, v int) []int {
	for _, x := range s {
		if x == v {
			return s
		}
	}
	return append(s, v)
}

func linesText(ls []int) string {
	sort.Ints(ls)
	parts := make([]string, len(ls))
	for i, l := range ls {
		parts[i] = fmt.Sprint(l)
	}
	if len(ls) == 1 {
		return "line " + parts[0]
	}
	return "lines " + strings.Join(parts, ", ")
}

// rewriteExpr returns the expression with the live candidates' references
// replaced, keeping the blanks around it. A fallback to the built-in token
// stays when keep says so. ok is false when nothing applies.
func rewriteExpr(expr string, byPath map[string]*candidate, repl func(*candidate) string, keep func(*candidate) bool) (string, bool) {
	shape, cs := classify(expr)
	var hit *candidate
	for _, ch := range cs {
		if c := byPath[ch.path]; c != nil {
			hit = c
			break
		}
	}
	if hit == nil {
		return expr, false
	}
	if hit.key == "gt" && isBuiltinToken(hit.path) {
		allBuiltin := true
		for _, ch := range cs {
			if c := byPath[ch.path]; c != nil && !isBuiltinToken(c.path) {
				allBuiltin = false
			}
		}
		if allBuiltin {
			return expr, false // already the built-in token
		}
	}
	lead := expr[:len(expr)-len(strings.TrimLeft(expr, " \t"))]
	trail := expr[len(strings.TrimRight(expr, " \t")):]
	switch shape {
	case shapeFallback:
		if b := builtinIn(cs); b != nil && hit.key != "gt" && keep(hit) {
			return lead + repl(hit) + " || " + expr[b.start:b.end] + trail, true
		}
		return lead + repl(hit) + trail, true
	case shapeRef:
		return lead + repl(hit) + trail, true
	case shapeFormat:
		var b strings.Builder
		last := 0
		for _, ch := range cs {
			c := byPath[ch.path]
			if c == nil || !ch.bare {
				continue
			}
			b.WriteString(expr[last:ch.start])
			b.WriteString(repl(c))
			last = ch.end
		}
		b.WriteString(expr[last:])
		return b.String(), true
	}
	return expr, false
}

// envRefLine is the line of the first workflow-level env entry whose value
// references path, or 0.
func envRefLine(env *yaml.Node, path string) int {
	if env == nil || env.Kind != yaml.MappingNode {
		return 0
	}
	for i := 0; i+1 < len(env.Content); i += 2 {
		v := env.Content[i+1]
		if v.Kind == yaml.ScalarNode && mentions(v.Value, map[string]bool{path: true}, false) {
			return v.Line
		}
	}
	return 0
}

// applyEdits splices edits into text. Edits must not overlap.
func applyEdits(text string, edits []edit) (string, error) {
	sort.SliceStable(edits, func(i, j int) bool {
		if edits[i].start != edits[j].start {
			return edits[i].start < edits[j].start
		}
		return edits[i].end < edits[j].end
	})
	var b strings.Builder
	last := 0
	for _, e := range edits {
		if e.start < last || e.end < e.start || e.end > len(text) {
			return "", fmt.Errorf("internal: overlapping edits at offset %d", e.start)
		}
		b.WriteString(text[last:e.start])
		b.WriteString(e.text)
		last = e.end
	}
	b.WriteString(text[last:])
	return b.String(), nil
}
