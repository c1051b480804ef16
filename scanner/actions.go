package scanner

import (
	"strconv"
	"strings"

	"github.com/rhysd/actionlint"

	"github.com/pat2app/pat2app/expression"
	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/knowledge"
	"github.com/pat2app/pat2app/repofiles"
	"github.com/pat2app/pat2app/scanner/actionsrc"
)

// actionHandlers read the actions whose steps need more than their row of
// knowledge/data/actions.tsv: what their other inputs say (a registry, a
// route, a script), or what they leave for the steps after them (persisted
// credentials, a registry login). The first whose handles says yes reads a
// step; every other action is read by genericAction, from its row alone.
// Each handler lives in a file of its own (action_*.go).
var actionHandlers = []actionHandler{
	mintingAction{},
	checkoutAction{},
	githubScriptAction{},
	octokitRequestAction{},
	octokitGraphQLAction{},
	goreleaserAction{},
	dockerLoginAction{},
	buildPushAction{},
	setupNodeAction{},
}

// actionHandler reads the steps of one kind of action. Each hook may leave
// the work to the generic reading of the action's row (input and tokenOp
// return false then).
type actionHandler interface {
	// handles reports whether the handler reads s.
	handles(s *actionStep) bool
	// begin is called once for each step, before its inputs are read.
	begin(js *jobState, s *actionStep)
	// input reads a credential given to the step's input: it reports
	// false to have the generic reading do it.
	input(js *jobState, s *actionStep, b *builder, input string, line int) bool
	// tokenOp records what the action does with a token it takes, which
	// the generic reading makes op of: it reports false to have op (with
	// the target repositories the step names) recorded as it is.
	tokenOp(js *jobState, s *actionStep, b *builder, op *inventory.Operation) bool
	// end is called once for each step, after its inputs and env are read.
	end(js *jobState, s *actionStep)
	// envUnread reports that the action never reads the step's env
	// variable k, so a credential there is not a use.
	envUnread(js *jobState, s *actionStep, k string) bool
	// envRead records what the action does with the credentials of the
	// step's env variable k when its own reading accounts for every use
	// of the variable, and reports whether it did.
	envRead(js *jobState, s *actionStep, k string, creds []string) bool
}

// baseHandler is an actionHandler that leaves everything to the generic
// reading; handlers embed it and override the hooks they need.
type baseHandler struct{}

func (baseHandler) begin(*jobState, *actionStep)                                        {}
func (baseHandler) input(*jobState, *actionStep, *builder, string, int) bool            { return false }
func (baseHandler) tokenOp(*jobState, *actionStep, *builder, *inventory.Operation) bool { return false }
func (baseHandler) end(*jobState, *actionStep)                                          {}
func (baseHandler) envUnread(*jobState, *actionStep, string) bool                       { return false }
func (baseHandler) envRead(*jobState, *actionStep, string, []string) bool               { return false }

// genericAction reads every action no handler claims, from its row.
type genericAction struct{ baseHandler }

func (genericAction) handles(*actionStep) bool { return true }

// actionStep is one `uses:` step being read.
type actionStep struct {
	st *actionlint.Step
	ex *actionlint.ExecAction
	// uses is the uses: value as written, name the action in lower case
	// without its @ref (its row's name when it has a row).
	uses, name string
	info       knowledge.ActionInfo
	// known is true when the action has a row of knowledge/data/actions.tsv.
	known bool
	// label names the step in uses; line is the uses: line.
	label string
	line  int
	env   map[string]envEntry
	h     actionHandler
	// src is what was read of an action without a row from its own
	// repository (action_source.go), once needed.
	src *actionRead
	// checkedOutAs says how the workflow names an action of another
	// repository that an earlier step checked out: "./DIR after the
	// checkout of OWNER/REPO@REF at line N". checkedOut names such a
	// checkout, and why it is not read, for a local action that is not
	// this repository's and whose repository or ref is not known
	// (checkedout.go).
	checkedOutAs, checkedOut string
	// ownAs is the uses: value as written for this repository's own
	// action named OWNER/REPO/PATH@REF (uses is then $/PATH); "" otherwise.
	ownAs string
}

// shown is how a use names the step's action: its name, or for this
// repository's own action named OWNER/REPO/PATH@REF, that reference and
// where it was read (the scanned checkout, which may be at another ref
// than REF).
func (s *actionStep) shown() string {
	if s.ownAs != "" {
		return s.name + " (" + strings.TrimSpace(s.ownAs) + ", read from the scanned checkout)"
	}
	return s.name
}

// lit is the literal value of an input, with ${{ env.X }} of literal
// variables expanded; "" when the input is not given.
func (s *actionStep) lit(k string) string {
	if in, ok := s.ex.Inputs[k]; ok && in.Value != nil {
		return expandEnv(in.Value.Value, s.env)
	}
	return ""
}

// action analyses a `uses:` step: its inputs and env, through its handler.
func (js *jobState) action(st *actionlint.Step, ex *actionlint.ExecAction, step string, env map[string]envEntry) {
	if ex.Uses == nil {
		return
	}
	s := &actionStep{st: st, ex: ex, uses: ex.Uses.Value, name: actionRef(ex.Uses.Value), label: step, env: env}
	if p, ok := ownRepoPath(s.uses, js.a.rs.repo.Name); ok {
		// This repository's own action named OWNER/REPO/PATH@REF: read
		// from the scanned files, as $/PATH (which is never taken for
		// a checkout of another repository in the workspace).
		s.ownAs = s.uses
		s.uses = "$/" + p
	}
	s.info, s.known = knowledge.ActionShared(s.uses)
	if s.known {
		s.name = s.info.Name
	}
	if p, ok := repofiles.LocalRef(s.uses); ok {
		// ./DIR and $/DIR name the same local action.
		s.name = "./" + p
		js.fromCheckout(s)
	}
	if ex.Uses.Pos != nil {
		s.line = ex.Uses.Pos.Line
	}
	js.actionLine = s.line
	s.h = handlerFor(s)
	js.stepInputs = ex.Inputs
	js.script = nil
	s.h.begin(js, s)
	pass := js.localActionPass(s, env)
	for _, k := range sortedKeys(ex.Inputs) {
		if in := ex.Inputs[k]; in != nil && in.Value != nil {
			if pass != nil {
				pass.secrets[strings.ToLower(k)] = nil // passed, even with no credential in it
				pass.literal[strings.ToLower(k)] = !strings.Contains(in.Value.Value, "${{")
			}
			js.eachCred(in.Value, env, func(c string, line int) {
				if pass != nil {
					pass.secrets[strings.ToLower(k)] = appendUnique(pass.secrets[strings.ToLower(k)], c)
				}
				js.actionInput(s, c, k, line)
			})
		}
	}
	// Env of the step that an action reads a token from.
	if st.Env != nil {
		for k, e := range env {
			if e.level != "step" || len(e.creds) == 0 {
				continue
			}
			js.actionEnv(s, k, e)
		}
	}
	js.persistedUse(s)
	js.localImagePushes(s)
	for _, k := range sortedKeys(env) {
		e := env[k]
		if e.level == "step" || len(e.creds) == 0 {
			continue
		}
		// Inherited env reaches the action too: count it when the action
		// is known to read that variable, and when an action without a
		// row sees a variable GitHub tools read a token from.
		switch {
		case s.readsTokenEnv(k):
			js.actionEnv(s, k, e)
		case !s.known && knowledge.IsGitHubTokenEnv(k) && !firstPartyAction(s.name):
			js.inheritedTokenEnv(s, k, e)
		}
		switch {
		case !s.known && !firstPartyAction(s.name) && js.inheritedLocalEnv(s, k, e):
			// The repository's own composite action, read with the
			// variable: its steps say what they do with it.
		case !s.known && !firstPartyAction(s.name):
			// An action without a row may read any variable.
			js.markUnseen(env, e.creds)
		case s.known && s.info.Dynamic && !s.h.envUnread(js, s, k):
			// An action that runs the step's code (github-script) reads
			// what that code reads.
			js.markUnseen(env, e.creds)
		}
	}
	js.actionRunsCode(s, env)
	js.defaultTokenUses(s)
	js.rowDefaultToken(s)
	js.unreadDefaultToken(s)
	js.stepAllowlist(s)
	s.h.end(js, s)
}

// stepAllowlist records an action that, with the input this step gives
// it, accepts its job only when every step uses one of a list of actions
// (inventory.JobInfo.StepAllowlist): a literal value, or an expression,
// which may give it.
func (js *jobState) stepAllowlist(s *actionStep) {
	input, value, allowed, ok := knowledge.StepAllowlist(s.name)
	if !ok || js.allowlist != "" {
		return
	}
	in := s.ex.Inputs[input]
	if in == nil || in.Value == nil {
		return
	}
	v := strings.TrimSpace(in.Value.Value)
	if !strings.EqualFold(v, value) && !strings.Contains(v, "${{") {
		return
	}
	js.allowlist = "line " + strconv.Itoa(s.line) + ": " + s.name + " with " + input + ": " + v + " accepts this job only when every step uses one of " + strings.Join(allowed, ", ")
}

// rowDefaultToken records what an action with a row needs of the
// workflow's token when the step gives none of its token inputs: such an
// input defaults to that token (github.token), as actions' token inputs
// do. Actions that read a token from the environment, mint one, run the
// step's own code or talk to another service are left out.
func (js *jobState) rowDefaultToken(s *actionStep) {
	i := s.info
	if !s.known || len(i.TokenInputs) == 0 || len(i.TokenEnv) > 0 || i.Dynamic || i.MintsAppToken || i.OtherService || len(i.Permissions) == 0 {
		return
	}
	for _, in := range i.TokenInputs {
		if hasInput(s.ex, in) {
			return
		}
	}
	if js.defaultNeeds == nil {
		js.defaultNeeds = knowledge.Permissions{}
	}
	js.defaultNeeds.Merge(i.Permissions)
	js.defaultSteps = append(js.defaultSteps, "line "+strconv.Itoa(s.line)+": "+s.name+" ("+i.Permissions.String()+")")
}

// unreadDefaultToken notes a step of an action that has no row and whose
// action.yml was not read: an input the step does not give may default to
// the workflow's token, as most actions' token inputs do (nvdaes/build-
// discussion's token is ${{ github.token }}), and what the action does
// with it is not known. The repository's own actions (read as composite
// actions), container images (which have no inputs' defaults) and another
// service's actions are left out.
func (js *jobState) unreadDefaultToken(s *actionStep) {
	if s.known || strings.HasPrefix(s.name, "./") || strings.HasPrefix(s.name, "$/") || strings.HasPrefix(s.uses, "docker://") ||
		s.checkedOut != "" || knowledge.OtherServiceAction(strings.ToLower(s.name)) {
		return
	}
	if s.remote() && js.sourceOf(s).err == nil {
		return // read: defaultTokenUses has its inputs' defaults
	}
	js.unreadDefaults = append(js.unreadDefaults, s)
}

// unreadDefaultUses puts the steps unreadDefaultToken noted on the job's
// finding of the workflow's token (github.token, else
// secrets.GITHUB_TOKEN), when it has one: its permissions:
// block must not be narrowed past what they may need. A job with no such
// finding gets no block from the plan.
func (js *jobState) unreadDefaultUses() {
	if len(js.unreadDefaults) == 0 {
		return
	}
	b := js.a.existing(js.id, "github.token")
	if b == nil {
		// The job names the same token as the secret (env GITHUB_TOKEN:
		// ${{ secrets.GITHUB_TOKEN }}): its finding is the token's.
		b = js.a.existing(js.id, "secrets.GITHUB_TOKEN")
	}
	if b == nil {
		return
	}
	for _, s := range js.unreadDefaults {
		b.unresolvedAt(inventory.Unresolved{Evidence: at(s.line, s.name), ByDefault: true, Subject: inventory.Subject{Action: s.name},
			Reason: js.unknownAction(s) + ": an input the step does not give may default to the workflow's token (${{ github.token }}), as actions' token inputs do"})
	}
}

// handlerFor is the handler of the step: the first of actionHandlers that
// handles it, else genericAction.
func handlerFor(s *actionStep) actionHandler {
	for _, h := range actionHandlers {
		if h.handles(s) {
			return h
		}
	}
	return genericAction{}
}

// readsTokenEnv reports whether the action's row says it reads a token from
// the variable k.
func (s *actionStep) readsTokenEnv(k string) bool {
	return s.known && (containsFold(s.info.TokenEnv, k) || len(s.info.TokenEnv) > 0 && knowledge.IsGitHubTokenVarName(k))
}

// withheldInput stands for the value of an input that is given but not
// shown (it holds a secret or a token, or is long).
const withheldInput = "(not shown)"

// literalInputs are the step's literal inputs, which change what an action
// does (reactions only, a target repository, a plugin). Credentials never
// go here.
func (js *jobState) literalInputs(s *actionStep) map[string]string {
	args := map[string]string{}
	keyed := map[string]bool{}
	for _, in := range s.info.Inputs {
		keyed[in.Input] = true
	}
	for k, in := range js.stepInputs {
		if in == nil || in.Value == nil || k == "script" || k == "query" {
			continue
		}
		switch v := in.Value.Value; {
		case v == "":
		case len(v) <= 200 && !hasWordFold(v, "secrets.") && !mayHoldToken([]byte(v)):
			args[k] = oneLine(v, 120)
		case keyed[strings.ToLower(k)]:
			// Given, but not shown: an input a row of the action keys on
			// (knowledge.UnsetInput) must not look unset.
			args[k] = withheldInput
		}
	}
	if len(args) == 0 {
		return nil
	}
	return args
}

// expandKnown replaces ${{ matrix.NAME }} with NAME's value when the job's
// matrix gives it exactly one (a common way to name a target repository),
// and, in a composite action read for a step, ${{ inputs.NAME }} with the
// literal value the step or the input's default gives (analysis.inputValues).
func (js *jobState) expandKnown(v string) string {
	v = js.a.withInputs(v)
	v = js.withOwnName(v)
	v = js.withOwnRepo(v)
	if !strings.Contains(v, "matrix.") {
		return v
	}
	return substituteExprs(v, func(text string) (string, bool) {
		vals, ok := js.matrixStrings(text)
		if !ok || len(vals) != 1 {
			return "", false
		}
		return vals[0], true
	})
}

// withOwnRepo writes the workflow's own repository (owner/name) for the
// expressions of v that evaluate with github.repository or
// github.event.repository.full_name alone: ${{ github.repository }}.wiki
// and ${{ format('{0}.wiki', github.repository) }} name its wiki. A value
// that is the repository itself (isOwnRepoValue) is left as written, as is
// every value when the repository's name is not known.
func (js *jobState) withOwnRepo(v string) string {
	self := js.a.self
	if !strings.Contains(v, "${{") || !strings.Contains(self, "/") || isOwnRepoValue(v, self) {
		return v
	}
	return substituteExprs(v, func(text string) (string, bool) {
		return expression.Evaluate(text, func(p expression.Path) (string, bool) {
			switch p.Lower() {
			case "github.repository", "github.event.repository.full_name":
				return self, true
			}
			return "", false
		})
	})
}

// withOwnName writes the workflow's own repository's name for every
// ${{ github.event.repository.name }} in v, and its owner for
// ${{ github.repository_owner }}, when the repository is known and the
// workflow runs on events of its own: a reusable workflow's or a
// composite action's github context is its caller's.
func (js *jobState) withOwnName(v string) string {
	owner, name, ok := strings.Cut(js.a.self, "/")
	if !ok || owner == "" || name == "" || js.a.composite || js.isReusable() || !strings.Contains(v, "${{") {
		return v
	}
	v = writeOwner(v, owner)
	return substituteExprs(v, func(text string) (string, bool) {
		if strings.EqualFold(strings.ReplaceAll(text, " ", ""), "github.event.repository.name") {
			return name, true
		}
		return "", false
	})
}

// maxChoices bounds how many values expandChoices lists.
const maxChoices = 64

// expandChoices lists the values v may take: expandKnown's, and when what
// is left holds one matrix entry the matrix gives several literal values
// (repository: ${{ matrix.repo }} over a list of repositories), v with
// each of them written in. A value built at run time stays as written.
func (js *jobState) expandChoices(v string) []string {
	v = js.expandKnown(v)
	var key string
	for _, sp := range expression.Find(v) {
		body := strings.TrimSpace(sp.Body)
		if _, ok := js.matrixStrings(body); !ok || key != "" && body != key {
			return []string{v}
		}
		key = body
	}
	vals, _ := js.matrixStrings(key)
	if key == "" || len(vals) > maxChoices {
		return []string{v}
	}
	out := make([]string, 0, len(vals))
	for _, val := range vals {
		out = appendUnique(out, substituteExprs(v, func(text string) (string, bool) { return val, text == key }))
	}
	return out
}

// matrixStrings lists the distinct values the job's matrix gives the
// entry an expression text names (matrix.NAME, or matrix.NAME.FIELD... of
// entries that are mappings), from its row and its include entries; ok is
// false when the text is not such an entry, or when a value is not a
// literal string or may be set at run time (a row or include given by an
// expression, an include entry without the key, which runs with it unset,
// an entry without the field).
func (js *jobState) matrixStrings(text string) ([]string, bool) {
	name, ok := strings.CutPrefix(text, "matrix.")
	if !ok || name == "" || strings.ContainsAny(name, "[ ") {
		return nil, false
	}
	path := strings.Split(name, ".")
	vals, complete := js.matrixEntry(path[0])
	if !complete {
		return nil, false
	}
	fields := make([]string, 0, len(path)-1)
	for _, field := range path[1:] {
		if field == "" {
			return nil, false
		}
		fields = append(fields, strings.ToLower(field))
	}
	var out []string
	for _, v := range vals {
		str, ok := rawField(v, fields)
		if !ok {
			return nil, false
		}
		out = appendUnique(out, str)
	}
	return out, true
}

// expandEnv replaces ${{ env.NAME }} in a literal input with the value of
// NAME when that value is itself literal (REGISTRY: ghcr.io, then
// registry: ${{ env.REGISTRY }}).
func expandEnv(v string, env map[string]envEntry) string {
	return substituteExprs(v, func(text string) (string, bool) {
		name, ok := strings.CutPrefix(text, "env.")
		e, found := env[name]
		if !ok || !found || strings.Contains(e.raw, "${{") || len(e.creds) > 0 {
			return "", false
		}
		return e.raw, true
	})
}

// withInputs replaces ${{ inputs.NAME }} with the literal value the
// calling step gives the composite action's input NAME (or its default),
// and an expression of such inputs with its value.
func (a *analysis) withInputs(v string) string {
	if len(a.inputValues) == 0 || !strings.Contains(v, "inputs.") {
		return v
	}
	return substituteExprs(v, func(text string) (string, bool) {
		if name, ok := strings.CutPrefix(text, "inputs."); ok {
			if lit, ok := a.inputValues[strings.ToLower(name)]; ok {
				return lit, true
			}
		}
		// An expression of the inputs alone (inputs.c == 'vscode' &&
		// 'extensions/vscode' || inputs.c) has one value too.
		return expression.Evaluate(text, func(p expression.Path) (string, bool) {
			name, ok := strings.CutPrefix(p.Lower(), "inputs.")
			if !ok || len(p.Parts) != 2 {
				return "", false
			}
			lit, ok := a.inputValues[name]
			return lit, ok
		})
	})
}

// knownInputs are the values of a composite action's inputs known before
// it runs: a step's with: value without an expression, else the default
// action.yml gives without one (lower-case names).
func knownInputs(with map[string]*actionlint.Input, meta *actionsrc.Metadata) map[string]string {
	out := map[string]string{}
	for k, in := range with {
		if in != nil && in.Value != nil && !strings.Contains(in.Value.Value, "${{") {
			out[strings.ToLower(k)] = in.Value.Value
		}
	}
	if meta != nil {
		for _, in := range meta.Inputs {
			n := strings.ToLower(in.Name)
			if _, given := with[n]; given {
				continue
			}
			if in.Default != "" && !strings.Contains(in.Default, "${{") {
				out[n] = in.Default
			}
		}
	}
	return out
}

// substituteExprs replaces each ${{ }} in v whose text value knows with
// that value, and leaves the others as written.
func substituteExprs(v string, value func(text string) (string, bool)) string {
	if !strings.Contains(v, "${{") {
		return v
	}
	var b strings.Builder
	last := 0
	for _, sp := range expression.Find(v) {
		lit, ok := value(strings.TrimSpace(sp.Body))
		if !ok {
			continue
		}
		b.WriteString(v[last:sp.Start])
		b.WriteString(lit)
		last = sp.End
	}
	b.WriteString(v[last:])
	return b.String()
}

// hasCreds reports whether any variable of env carries a credential.
func hasCreds(env map[string]envEntry) bool {
	for _, e := range env {
		if len(e.creds) > 0 {
			return true
		}
	}
	return false
}

func containsFold(list []string, s string) bool {
	for _, l := range list {
		if strings.EqualFold(l, s) {
			return true
		}
	}
	return false
}

// hostOf returns the host of a URL-ish string.
func hostOf(u string) string {
	u = strings.TrimSpace(u)
	if i := strings.Index(u, "://"); i >= 0 {
		u = u[i+3:]
	}
	if i := strings.IndexAny(u, "/:"); i >= 0 {
		u = u[:i]
	}
	return strings.ToLower(u)
}

// firstPartyAction reports GitHub's own actions, which take a token
// through their inputs only.
func firstPartyAction(name string) bool {
	return strings.HasPrefix(name, "actions/") || strings.HasPrefix(name, "github/")
}
