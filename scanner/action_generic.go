package scanner

import (
	"strings"

	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/knowledge"
)

// The generic reading of an action step, from the action's row of
// knowledge/data/actions.tsv: a credential given to one of its token inputs
// or variables is the action's operation; one given to a step of an action
// without a row, or to an input the row does not name, is left for review.

// actionInput records one credential passed to an action input.
func (js *jobState) actionInput(s *actionStep, c, input string, line int) {
	b := js.a.get(js.id, c)
	name := s.name
	subj := inventory.Subject{Action: name, Input: input}
	b.use(inventory.Use{Line: line, Step: s.label, Via: inventory.ViaInput, Target: name + " " + input, Subject: subj})
	if s.h.input(js, s, b, input, line) || js.sourcedInput(s, b, input, false, line) {
		return
	}
	ev := name + " " + input
	switch {
	case s.known && containsFold(s.info.TokenInputs, input):
		b.signal(1, true, "token input of "+name)
		js.tokenOp(s, b, input, line, ev)
		return
	case strings.HasPrefix(name, "./"):
		if callee := js.localAction(name); callee != nil {
			js.fromCallee(b, callee, "inputs."+input)
			return
		}
	case knowledge.OtherServiceAction(name):
		b.signal(-1, true, "input of "+name)
		return
	case !s.known && knowledge.IsGitHubTokenInput(input):
		b.signal(1, false, "input "+input+" of "+name)
		if strings.HasPrefix(name, "./") {
			b.unresolved(line, ev, "passed to the local action "+name+"; see its own findings", subj)
		} else {
			b.unresolved(line, ev, js.unknownAction(s), subj)
		}
		b.op(inventory.Operation{Kind: inventory.OpAction, Method: "ACTION", Path: name, Name: name, Subject: subj, Inputs: js.literalInputs(), Evidence: at(line, ev)})
		return
	}
	if s.known && !containsFold(s.info.TokenInputs, input) && !isTokenish(input) {
		b.signal(0, false, "")
		b.unresolved(line, ev, "passed to input "+input+" of "+name+", which is not a token input", subj)
		return
	}
	b.signal(0, false, "")
	if why := js.notRead(s); why != "" {
		b.unresolved(line, ev, "passed to input "+input+"; "+why, subj)
		return
	}
	b.unresolved(line, ev, "passed to "+name+" input "+input+"; its use is not visible", subj)
}

// unknownAction says why what an action without a row does with a token
// is not known.
func (js *jobState) unknownAction(s *actionStep) string {
	if why := js.notRead(s); why != "" {
		return why + "; what it does with the token is not known"
	}
	return "action " + s.name + " is not in the knowledge base; what it does with the token is not known"
}

// actionEnv records a credential an action reads from its env.
func (js *jobState) actionEnv(s *actionStep, k string, e envEntry) {
	name := s.name
	for _, c := range e.creds {
		b := js.a.get(js.id, c)
		ev := name + " env " + k
		subj := inventory.Subject{Action: name, Input: k}
		b.use(inventory.Use{Line: e.line, Step: s.label, Via: inventory.ViaEnv, Target: ev, Subject: subj})
		if js.sourcedInput(s, b, k, true, e.line) {
			continue
		}
		switch {
		case s.readsTokenEnv(k):
			b.signal(1, true, "token env of "+name)
			js.tokenOp(s, b, k, e.line, ev)
		case knowledge.OtherServiceAction(name) || knowledge.IsOtherServiceEnv(k):
			b.signal(-1, false, ev)
		case knowledge.IsGitHubTokenEnv(k):
			b.signal(1, false, ev)
			if s.known {
				js.tokenOp(s, b, k, e.line, ev)
			} else {
				b.unresolved(e.line, ev, js.unknownAction(s), subj)
				b.op(inventory.Operation{Kind: inventory.OpAction, Method: "ACTION", Path: name, Name: name, Subject: subj, Evidence: at(e.line, ev)})
			}
		default:
			b.signal(0, false, "")
			b.unresolved(e.line, ev, "env "+k+" of "+name+"; its use is not visible", subj)
		}
	}
}

// tokenOp records the operation of a token the action takes (through input
// or variable input): what the step's handler records, else the action
// operation with the target repositories the step names.
func (js *jobState) tokenOp(s *actionStep, b *builder, input string, line int, ev string) {
	name := s.name
	op := inventory.Operation{Kind: inventory.OpAction, Method: "ACTION", Path: name, Name: name, Subject: inventory.Subject{Action: name, Input: input},
		Inputs: js.literalInputs(), Writes: s.info.Permissions.Writes(), Evidence: at(line, ev)}
	if s.h.tokenOp(js, s, b, &op) {
		return
	}
	if r := js.stepTarget(s, b, line); r != "" {
		op.Repos = []string{r}
	}
	b.op(op)
}

// stepTarget is the repository a step's target-repository input names
// (owner/name, or {owner}/name for the workflow's owner); "" when it
// names none or the workflow's own. One chosen at run time is left for
// review.
func (js *jobState) stepTarget(s *actionStep, b *builder, line int) string {
	for _, k := range knowledge.TargetRepoInputs() {
		r := strings.TrimSpace(js.expandMatrix(s.lit(k)))
		switch {
		case r == "":
		case !strings.Contains(r, "${{") && strings.Count(r, "/") == 1:
			return r
		default:
			own := strings.ReplaceAll(r, " ", "")
			if own == "${{github.repository}}" || own == "${{github.event.repository.full_name}}" {
				continue
			}
			if name, ok := strings.CutPrefix(own, "${{github.repository_owner}}/"); ok && !strings.Contains(name, "${{") {
				return "{owner}/" + name
			}
			b.unresolved(line, s.name+" "+k+": "+oneLine(r, 80), "the target repository is chosen at run time; it may be another repository", inventory.Subject{Action: s.name, Input: k})
		}
	}
	return ""
}

// persistedUse records what an action does with the credentials an earlier
// actions/checkout persisted: one whose row says it pushes with them does;
// an action without a row may, which a reviewer must check.
func (js *jobState) persistedUse(s *actionStep) {
	name := s.name
	if len(js.persisted) == 0 || name == "actions/checkout" || strings.HasPrefix(name, "actions/") {
		return
	}
	for _, c := range js.persisted {
		b := js.a.get(js.id, c)
		switch {
		case s.known && s.info.PushesWithPersistedCredentials:
			b.use(inventory.Use{Line: s.line, Step: s.label, Via: inventory.ViaCheckoutPersisted, Target: name, Subject: inventory.Subject{Action: name}})
			b.signal(1, true, name+" pushes with the persisted credentials")
			// The persisted credential only pushes; the permissions of the
			// action's row are its own token's.
			b.op(inventory.Operation{Kind: inventory.OpGit, Method: "GIT", Name: "push", Subject: inventory.Subject{Action: name}, Writes: true,
				Evidence: at(s.line, name+" pushes with the credentials actions/checkout persisted")})
		case !s.known && !knowledge.OtherServiceAction(name) && !strings.HasPrefix(name, "docker://") && knowledge.NameSuggests(name, knowledge.WordWritesGit):
			b.use(inventory.Use{Line: s.line, Step: s.label, Via: inventory.ViaCheckoutPersisted, Target: name, Subject: inventory.Subject{Action: name}})
			b.unresolved(s.line, name+" runs with the credentials actions/checkout persisted", "action "+name+" is not in the knowledge base; it may push with them", inventory.Subject{Action: name})
		}
	}
}
