package fix

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/pat2app/pat2app/planner"
)

// tokenLifeMinutes is how long an installation token lives.
const tokenLifeMinutes = 60

// tokenPlan is where a job's App token steps go, which steps each serves,
// on what condition each runs, and the fork guards its users get.
type tokenPlan struct {
	steps []*tokenStep
	// serve maps a user (app key, step index) to its token step.
	serve map[userKey]*tokenStep
	// keep marks users whose fallback to the built-in token stays, so
	// that they still have a token when the guarded token step is skipped.
	keep map[userKey]bool
	// edits, newValues and addIf give users the fork guard: edits of the
	// text, the if: values they change, and the if: keys they add (by
	// step index).
	edits     []edit
	newValues map[*yaml.Node]string
	addIf     map[int]string
	guarded   []int // lines of the users given the guard
	notes     []string
	// superseded are plan warnings that notes say better: the plan's
	// advice on a long job, which the token steps already follow.
	superseded map[string]bool
	// failed says, by app key, why its token steps cannot be placed.
	failed map[string]string
}

type userKey struct {
	key  string
	step int
}

// tokenStep is one App token step to insert.
type tokenStep struct {
	key     string
	id      string
	users   []int  // indices of the steps it serves, in order
	cond    string // its if: ("" for none)
	guarded bool   // cond holds the fork guard
	text    string
	item    *yaml.Node
	at      int // where its text goes
	line    int // the line of the first step it serves
}

// planTokens places the App token steps of a job's live candidates: each
// right before the first step that uses it, or, in a job that may outlive
// the token, before each group of steps that use it; each on a condition
// that holds whenever one of its users runs; and, in a workflow that runs
// for pull requests of forks, guarded so that it does not fail there.
// taken are the step ids in use.
func planTokens(src *source, wf *workflow, job *yaml.Node, refs []*scalarRef, cands []*candidate, taken map[string]bool, fc forkContext) *tokenPlan {
	tp := &tokenPlan{serve: map[userKey]*tokenStep{}, keep: map[userKey]bool{}, newValues: map[*yaml.Node]string{}, addIf: map[int]string{}, failed: map[string]string{}}
	live := map[string]*candidate{}
	var keys []string
	for _, c := range cands {
		if c.failed != "" {
			continue
		}
		live[c.path] = c
		if c.key != "gt" && !slices.Contains(keys, c.key) {
			keys = append(keys, c.key)
		}
	}
	if len(keys) == 0 {
		return tp
	}
	stepsKey, steps := mapKey(job, "steps"), mapValue(job, "steps")

	// The steps that use each App's token, and which of them use it only
	// with a fallback to the built-in token.
	users := map[string][]int{}
	plain := map[userKey]bool{}
	for _, r := range refs {
		if r.step < 0 || r.escaped || r.bareIf {
			continue
		}
		for _, sp := range r.spans {
			shape, cs := classify(sp.Body)
			for _, ch := range cs {
				c := live[ch.path]
				if c == nil || c.key == "gt" {
					continue
				}
				users[c.key] = appendInt(users[c.key], r.step)
				if shape != shapeFallback || builtinIn(cs) == nil {
					plain[userKey{c.key, r.step}] = true
				}
			}
		}
	}

	minutes, long := jobMinutes(job)
	jobExcludes := false
	if n := mapValue(job, "if"); n != nil && n.Kind == yaml.ScalarNode {
		if body, ok := conditionBody(n.Value); ok {
			jobExcludes = fc.excludesForks(body)
		}
	}
	ids := map[string]bool{}
	for id := range taken {
		ids[id] = true
	}
	for _, key := range keys {
		us := users[key]
		sort.Ints(us)
		if len(us) == 0 {
			tp.failed[key] = "no step of the job uses the credential"
			continue
		}
		var groups [][]int
		for i, u := range us {
			if i == 0 || long && u != us[i-1]+1 {
				groups = append(groups, nil)
			}
			groups[len(groups)-1] = append(groups[len(groups)-1], u)
		}
		var made []*tokenStep
		for _, g := range groups {
			id := planner.TokenStepID
			for n := 2; ids[id]; n++ {
				id = fmt.Sprintf("%s-%d", planner.TokenStepID, n)
			}
			at, dash, why := stepInsertPoint(src, wf, stepsKey, steps, g[0])
			if why != "" {
				tp.failed[key] = why
				break
			}
			ts := &tokenStep{key: key, id: id, users: g, at: at, line: steps.Content[g[0]].Line}
			base := usersCondition(steps, g)
			if len(fc.events) > 0 && !jobExcludes && (base == "" || !fc.excludesForks(base)) {
				ts.guarded = true
				ts.cond = fc.guard()
				if base != "" {
					ts.cond = conjoin(ts.cond, base)
				}
			} else {
				ts.cond = base
			}
			text, item, err := renderSnippet(strings.TrimPrefix(key, "app:"), id, dash, ts.cond)
			if err != nil {
				tp.failed[key] = err.Error()
				break
			}
			ts.text, ts.item = text, item
			ids[id] = true
			made = append(made, ts)
		}
		if tp.failed[key] != "" {
			continue
		}
		for _, ts := range made {
			tp.steps = append(tp.steps, ts)
			for _, u := range ts.users {
				tp.serve[userKey{key, u}] = ts
			}
		}
	}

	// The users of a guarded token step get the guard too, unless their
	// own condition already excludes forks or they keep a fallback to the
	// built-in token.
	guard := map[int][]string{} // step index -> the keys it serves
	for _, ts := range tp.steps {
		if !ts.guarded {
			continue
		}
		for _, u := range ts.users {
			switch {
			case !plain[userKey{ts.key, u}]:
				tp.keep[userKey{ts.key, u}] = true
			case !stepExcludesForks(steps.Content[u], fc):
				guard[u] = append(guard[u], ts.key)
			}
		}
	}
	var guarded []int
	for u := range guard {
		guarded = append(guarded, u)
	}
	sort.Ints(guarded)
	for _, u := range guarded {
		st := steps.Content[u]
		e, node, value, why := guardEdit(src, wf, st, fc.guard())
		if why != "" {
			for _, k := range guard[u] {
				if tp.failed[k] == "" {
					tp.failed[k] = why
				}
			}
			continue
		}
		tp.edits = append(tp.edits, e)
		if node != nil {
			tp.newValues[node] = value
		} else {
			tp.addIf[u] = value
		}
		tp.guarded = append(tp.guarded, st.Line)
	}
	if len(tp.failed) > 0 {
		return tp // the caller drops the failed candidates and plans again
	}
	tp.notes = tokenNotes(tp, steps, fc, long, minutes)
	if long && len(tp.steps) > 0 {
		tp.superseded = map[string]bool{planner.LongJobWarning(minutes): true}
	}
	return tp
}

// tokenNotes are what a reviewer should know about the token steps.
func tokenNotes(tp *tokenPlan, steps *yaml.Node, fc forkContext, long bool, minutes int) []string {
	var notes []string
	var guarded []string
	for _, ts := range tp.steps {
		if ts.guarded {
			guarded = append(guarded, ts.id)
		}
	}
	if len(guarded) > 0 {
		which := "the token step " + guarded[0] + " runs"
		if len(guarded) > 1 {
			which = "the token steps " + strings.Join(guarded, ", ") + " run"
		}
		n := fmt.Sprintf("the workflow runs on %s, where pull requests from forks get no secrets: %s only when `%s`", strings.Join(fc.events, ", "), which, fc.guard())
		switch len(tp.guarded) {
		case 0:
		case 1:
			n += fmt.Sprintf(", and so does the step that uses the token (line %d)", tp.guarded[0])
		default:
			n += fmt.Sprintf(", and so do the steps that use the token (lines %s)", strings.TrimPrefix(linesText(tp.guarded), "lines "))
		}
		if len(tp.keep) > 0 {
			n += "; steps that fell back to the built-in token keep that fallback"
		}
		notes = append(notes, n)
	}
	if len(fc.secretsForForks) > 0 {
		notes = append(notes, fmt.Sprintf("%s runs with this repository's secrets for pull requests from forks too: the token step needs no guard there, but do not let code from the pull request run where the token is", strings.Join(fc.secretsForForks, " and ")))
	}
	if !long {
		return notes
	}
	var later []string // token steps that mint a fresh token for later uses
	seen := map[string]bool{}
	for _, ts := range tp.steps {
		if seen[ts.key] {
			later = append(later, ts.id)
		}
		seen[ts.key] = true
	}
	what := "each token step is minted right before the steps that use it, and a use more than an hour after it fails"
	if len(later) > 0 {
		what = strings.Join(later, ", ") + " mint a fresh token before the later steps that use it"
		if len(later) == 1 {
			what = later[0] + " mints a fresh token before the later steps that use it"
		}
	}
	notes = append(notes, fmt.Sprintf("the job may run %d minutes, longer than an installation token's hour: %s", minutes, what))
	for _, ts := range tp.steps {
		for _, u := range ts.users {
			if st := steps.Content[u]; persistsCheckoutToken(st) {
				notes = append(notes, fmt.Sprintf("actions/checkout (line %d) keeps the token in the git configuration for later git commands, which fail once it expires an hour after %s: run them within the hour, or check out again with a fresh token", st.Line, ts.id))
			}
		}
	}
	return notes
}

// persistsCheckoutToken reports an actions/checkout step that leaves its
// token in the git configuration (persist-credentials is not false).
func persistsCheckoutToken(st *yaml.Node) bool {
	uses := mapValue(st, "uses")
	if uses == nil || !strings.HasPrefix(strings.ToLower(uses.Value), "actions/checkout@") {
		return false
	}
	p := mapValue(mapValue(st, "with"), "persist-credentials")
	return p == nil || !strings.EqualFold(strings.TrimSpace(p.Value), "false")
}

// jobMinutes is how long the job may run when that is longer than a
// token lives: its timeout-minutes, or, without one, the longest
// timeout-minutes of a step.
func jobMinutes(job *yaml.Node) (int, bool) {
	if t := minutesOf(mapValue(job, "timeout-minutes")); t > 0 {
		return t, t > tokenLifeMinutes
	}
	longest := 0
	if steps := mapValue(job, "steps"); steps != nil && steps.Kind == yaml.SequenceNode {
		for _, st := range steps.Content {
			if t := minutesOf(mapValue(st, "timeout-minutes")); t > longest {
				longest = t
			}
		}
	}
	return longest, longest > tokenLifeMinutes
}

func minutesOf(n *yaml.Node) int {
	if n == nil || n.Kind != yaml.ScalarNode {
		return 0
	}
	f, err := strconv.ParseFloat(strings.TrimSpace(n.Value), 64)
	if err != nil || f <= 0 {
		return 0
	}
	return int(f + 0.999)
}

// usersCondition is a condition for a token step that holds whenever one
// of the steps it serves runs: their conditions joined with ||, when each
// step has one that means the same before them (it reads only contexts
// that do not change while the job runs); always() when one of them can
// run after a failure or cancellation; else none (the implicit
// success(), which holds whenever a later step's does).
func usersCondition(steps *yaml.Node, users []int) string {
	var conds []string
	steady, late := true, false
	for _, u := range users {
		n := mapValue(steps.Content[u], "if")
		if n == nil || n.Kind != yaml.ScalarNode {
			steady = false
			continue
		}
		body, ok := conditionBody(n.Value)
		if !ok {
			steady, late = false, true
			continue
		}
		s, l := conditionKind(body)
		late = late || l
		one, ok := oneLine(body)
		if !s || !ok {
			steady = false
			continue
		}
		if !slices.Contains(conds, one) {
			conds = append(conds, one)
		}
	}
	switch {
	case late:
		return "always()"
	case steady && len(conds) > 0:
		return strings.Join(conds, " || ")
	}
	return ""
}

// stepExcludesForks reports a step whose own if: never holds in a fork's
// pull request.
func stepExcludesForks(st *yaml.Node, fc forkContext) bool {
	n := mapValue(st, "if")
	if n == nil || n.Kind != yaml.ScalarNode {
		return false
	}
	body, ok := conditionBody(n.Value)
	return ok && fc.excludesForks(body)
}

// guardEdit gives a step the fork guard: its if: becomes guard && (its
// condition), or it gets if: guard. It returns the edit and either the if:
// node it changes or nil for a new key, with the new value; why says
// when the step cannot be given the guard.
func guardEdit(src *source, wf *workflow, st *yaml.Node, guard string) (edit, *yaml.Node, string, string) {
	byHand := func(what string) (edit, *yaml.Node, string, string) {
		return edit{}, nil, "", fmt.Sprintf("line %d: the step that uses the token must not run for pull requests from forks, and %s: add `if: %s` to it by hand", st.Line, what, guard)
	}
	if st.Kind != yaml.MappingNode || st.Style&yaml.FlowStyle != 0 || len(st.Content) < 2 {
		return byHand("it is not a block mapping")
	}
	if n := mapValue(st, "if"); n != nil {
		body, ok := conditionBody(n.Value)
		if n.Kind != yaml.ScalarNode || !ok {
			return byHand("its if: mixes ${{ }} with text")
		}
		one, ok := oneLine(body)
		if !ok {
			return byHand("its if: does not parse or has a line break inside a string")
		}
		value := conjoin(guard, one)
		text, err := yamlScalar(value)
		start := src.offset(n.Line, n.Column)
		var s, e int
		if err == nil && start >= 0 {
			s, e, ok = src.scalarSpan(n, wf.nextOffset(start, len(src.text)))
		}
		if err != nil || start < 0 || !ok {
			return byHand("its if: cannot be located")
		}
		if n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 && strings.HasSuffix(src.text[s:e], "\n") {
			text += "\n"
		}
		return edit{start: s, end: e, text: text}, n, value, ""
	}
	text, err := yamlScalar(guard)
	if err != nil {
		return byHand(err.Error())
	}
	first := st.Content[0]
	// After a leading name: or id:, when the next key starts its own line.
	if (first.Value == "name" || first.Value == "id") && len(st.Content) >= 4 {
		next := st.Content[2]
		ls, off := src.lineStart(next.Line), src.offset(next.Line, next.Column)
		if off >= 0 && strings.Trim(src.text[ls:off], " ") == "" {
			at := commentsAbove(src, next.Line, off-ls, src.lastLine(wf, st.Content[1]), true)
			return edit{start: at, end: at, text: strings.Repeat(" ", off-ls) + "if: " + text + "\n"}, nil, guard, ""
		}
	}
	// Before the first key, which the new key pushes to the next line.
	ls, off := src.lineStart(first.Line), src.offset(first.Line, first.Column)
	if off < 0 || strings.Count(src.text[ls:off], "-") > 1 || strings.Trim(src.text[ls:off], " -") != "" {
		return byHand("its keys are not laid out one per line")
	}
	return edit{start: off, end: off, text: "if: " + text + "\n" + strings.Repeat(" ", off-ls)}, nil, guard, ""
}

// yamlScalar writes s as one YAML scalar on one line, quoted when it
// must be.
func yamlScalar(s string) (string, error) {
	b, err := yaml.Marshal(s)
	if err != nil {
		return "", err
	}
	t := strings.TrimSuffix(string(b), "\n")
	if strings.Contains(t, "\n") {
		return "", fmt.Errorf("the condition does not fit on one line")
	}
	return t, nil
}

// builtinIn is the first access of the built-in token among cs, or nil.
func builtinIn(cs []chain) *chain {
	for i := range cs {
		if isBuiltinToken(cs[i].path) {
			return &cs[i]
		}
	}
	return nil
}

// stepInsertPoint is where a new step goes before step idx: the start of
// that step's line, above the comments that lead into it (for the first
// step, any comment below steps:; for a later one, the comments at its
// own indentation after the step before it), and the column of its dash.
func stepInsertPoint(src *source, wf *workflow, stepsKey, steps *yaml.Node, idx int) (int, int, string) {
	if stepsKey == nil || steps == nil || steps.Kind != yaml.SequenceNode || steps.Style&yaml.FlowStyle != 0 || idx >= len(steps.Content) {
		return 0, 0, "the job has no block list of steps to put the App token step in"
	}
	item := steps.Content[idx]
	off := src.offset(item.Line, item.Column)
	if off < 0 {
		return 0, 0, fmt.Sprintf("line %d: the step cannot be located", item.Line)
	}
	ls := src.lineStart(item.Line)
	d := off - 1
	for d >= ls && src.text[d] == ' ' {
		d--
	}
	if d < ls || src.text[d] != '-' || strings.Trim(src.text[ls:d], " ") != "" {
		return 0, 0, fmt.Sprintf("line %d: the step that uses the token is not laid out as \"- key: value\"; add the App token step by hand", item.Line)
	}
	indent := d - ls
	if idx == 0 {
		return commentsAbove(src, item.Line, indent, stepsKey.Line, false), indent, ""
	}
	return commentsAbove(src, item.Line, indent, src.lastLine(wf, steps.Content[idx-1]), true), indent, ""
}

// renderSnippet checks that the plan's snippet is the expected
// create-github-app-token step, gives it id and, when cond is set, if:
// cond, and indents it. It returns the text and the parsed step.
func renderSnippet(snippet, id string, indent int, cond string) (string, *yaml.Node, error) {
	bad := fmt.Errorf("the plan's App token step is not the expected token step (uses:, id: %s, with: client-id or app-id and private-key)", planner.TokenStepID)
	item, err := snippetItem(snippet)
	if err != nil {
		return "", nil, bad
	}
	if u := mapValue(item, "uses"); u == nil || !strings.Contains(u.Value, "@") {
		return "", nil, bad
	}
	if v := mapValue(item, "id"); v == nil || v.Value != planner.TokenStepID {
		return "", nil, bad
	}
	if mapValue(item, "if") != nil {
		return "", nil, bad
	}
	with := mapValue(item, "with")
	if mapValue(with, "client-id") == nil && mapValue(with, "app-id") == nil || mapValue(with, "private-key") == nil {
		return "", nil, bad
	}
	var ifLine string
	if cond != "" {
		s, err := yamlScalar(cond)
		if err != nil {
			return "", nil, err
		}
		ifLine = "if: " + s
	}
	var lines []string
	found := false
	for _, l := range strings.Split(strings.TrimRight(snippet, "\n"), "\n") {
		if !found && strings.TrimSpace(l) == "id: "+planner.TokenStepID {
			found = true
			l = strings.Replace(l, planner.TokenStepID, id, 1)
			lines = append(lines, l)
			if ifLine != "" {
				lines = append(lines, l[:len(l)-len(strings.TrimLeft(l, " "))]+ifLine)
			}
			continue
		}
		lines = append(lines, l)
	}
	if !found {
		return "", nil, bad
	}
	pad := strings.Repeat(" ", indent)
	var b strings.Builder
	for _, l := range lines {
		if strings.TrimSpace(l) != "" {
			b.WriteString(pad)
			b.WriteString(l)
		}
		b.WriteByte('\n')
	}
	item, err = snippetItem(strings.Join(lines, "\n") + "\n")
	if err != nil || mapValue(item, "id") == nil || mapValue(item, "id").Value != id {
		return "", nil, bad
	}
	if got := mapValue(item, "if"); cond != "" && (got == nil || got.Value != cond) {
		return "", nil, bad
	}
	return b.String(), item, nil
}

func snippetItem(snippet string) (*yaml.Node, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(snippet), &doc); err != nil {
		return nil, err
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 {
		return nil, fmt.Errorf("not one document")
	}
	seq := doc.Content[0]
	if seq.Kind != yaml.SequenceNode || len(seq.Content) != 1 || seq.Content[0].Kind != yaml.MappingNode {
		return nil, fmt.Errorf("not one step")
	}
	return seq.Content[0], nil
}
