package scanner

import (
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/rhysd/actionlint"

	"github.com/pat2app/pat2app/expression"
	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/knowledge"
)

// A job that checks out, names or fetches a pull request's head
// repository may push to the pull request's branch: in a contributor's
// fork when the pull request comes from one. Such pushes are marked
// (Operation.PRHead) so that the plan can say what a token of this
// repository cannot do there.

// noteHeadRepo records a step that names a pull request's head
// repository in its inputs, env or script.
func (js *jobState) noteHeadRepo(st *actionlint.Step) {
	if js.prHead != "" {
		return
	}
	var found []string
	note := func(v *actionlint.String) {
		if v == nil || !hasWordFold(v.Value, "head") {
			return // every head-repository path has "head" in it
		}
		for _, sp := range expression.Find(v.Value) {
			for _, p := range sp.Parse().Paths() {
				if isHeadRepoPath(p.Lower()) {
					where := strings.Join(p.Parts, ".")
					if v.Pos != nil {
						where += " (line " + strconv.Itoa(v.Pos.Line) + ")"
					}
					found = append(found, where)
				}
			}
		}
	}
	if st.Env != nil {
		for _, v := range st.Env.Vars {
			if v != nil {
				note(v.Value)
			}
		}
	}
	switch ex := st.Exec.(type) {
	case *actionlint.ExecAction:
		for _, in := range ex.Inputs {
			if in != nil {
				note(in.Value)
			}
		}
	case *actionlint.ExecRun:
		note(ex.Run)
	}
	if len(found) > 0 {
		sort.Strings(found) // inputs and env come from maps
		js.prHead = "the job names the pull request's head repository: " + found[0]
	}
}

// isHeadRepoPath reports a context path that holds a pull request's head
// repository: the event's head repo, a workflow_run's head repository, or
// an input, env variable or output named for it (head-repository,
// HEAD_REPO).
func isHeadRepoPath(lower string) bool {
	if strings.HasPrefix(lower, "github.event.pull_request.head.repo") ||
		strings.HasPrefix(lower, "github.event.workflow_run.head_repository") {
		return true
	}
	parts := strings.Split(lower, ".")
	switch parts[0] {
	case "inputs", "env", "steps", "needs", "vars":
	default:
		return false
	}
	name := nameSeparators.Replace(parts[len(parts)-1])
	return strings.Contains(name, "headrepo")
}

// isHeadRepoValue reports a value that is one expression and nothing else,
// naming the pull request's head repository (knowledge.IsHeadRepoFullName):
// `${{ github.event.workflow_run.head_repository.full_name }}`. A value
// that adds to it, falls back to something else or names a head
// repository by an input or variable is not one: it may be any
// repository.
func isHeadRepoValue(v string) bool {
	v = strings.TrimSpace(v)
	if !hasWordFold(v, "head") {
		return false
	}
	p, ok := expression.SolePath(v)
	return ok && knowledge.IsHeadRepoFullName(p.Lower())
}

// nameSeparators drops the separators of a name (head-repo, head_repo).
var nameSeparators = strings.NewReplacer("-", "", "_", "")

// markPRHeadPushes marks the job's pushes when the job names a pull
// request's head repository or checks out a pull request with gh.
func (js *jobState) markPRHeadPushes(builders []*builder) {
	why := js.prHead
	if why == "" {
		for _, b := range builders {
			for _, o := range b.f.Operations {
				if o.Kind == inventory.OpGH && o.Name == "gh pr checkout" {
					why = "gh pr checkout sets the branch to push to the pull request's head (" + o.Evidence.String() + ")"
					break
				}
			}
			if why != "" {
				break
			}
		}
	}
	if why == "" || js.job != nil && js.job.If != nil && sameRepoOnly(js.job.If.Value, js.a.triggers) {
		return
	}
	for _, b := range builders {
		for i := range b.f.Operations {
			o := &b.f.Operations[i]
			if o.Kind == inventory.OpGit && strings.HasPrefix(o.Name, "push") {
				o.PRHead = why
			}
		}
	}
}

// sameRepoOnly reports a job condition that holds only when the pull
// request's head repository is this repository: it compares the head
// repository with this one (`github.event.pull_request.head.repo.full_name
// == github.repository`), asks for a head that is no fork
// (`!github.event.pull_request.head.repo.fork`), or asks for a workflow_run
// of a push (`github.event.workflow_run.event == 'push'`), whose head
// repository is this one; in a conjunction, or on every side of a
// disjunction. A fork flag counts only when every trigger of the workflow
// carries it: a missing one is null, which `!` and `== false` take for
// true.
func sameRepoOnly(cond string, triggers []string) bool {
	e := expression.Condition(cond)
	if e == nil {
		return false
	}
	var holds func(n actionlint.ExprNode) bool
	holds = func(n actionlint.ExprNode) bool {
		switch n := n.(type) {
		case *actionlint.LogicalOpNode:
			if n.Kind == actionlint.LogicalOpNodeKindAnd {
				return holds(n.Left) || holds(n.Right)
			}
			return holds(n.Left) && holds(n.Right)
		case *actionlint.NotOpNode:
			p, ok := e.PathOf(n.Operand)
			return ok && isForkFlag(p.Lower(), triggers)
		case *actionlint.CompareOpNode:
			if n.Kind != actionlint.CompareOpNodeKindEq {
				return false
			}
			l, lok := e.PathOf(n.Left)
			r, rok := e.PathOf(n.Right)
			switch {
			case lok && rok:
				return knowledge.IsSameRepoPair(l.Lower(), r.Lower()) || knowledge.IsSameRepoPair(r.Lower(), l.Lower())
			case lok:
				return sameRepoValue(l.Lower(), n.Right, triggers)
			case rok:
				return sameRepoValue(r.Lower(), n.Left, triggers)
			}
		}
		return false
	}
	return holds(e.Root)
}

// isForkFlag reports the event path that says the head repository is a
// fork, when every one of the triggers carries it.
func isForkFlag(lower string, triggers []string) bool {
	events := knowledge.HeadForkFlag(lower)
	if len(events) == 0 || len(triggers) == 0 {
		return false
	}
	for _, t := range triggers {
		if !slices.Contains(events, t) {
			return false
		}
	}
	return true
}

// sameRepoValue reports a comparison of path with literal v that holds
// only for a head in this repository: a workflow_run of a push, or a fork
// flag that is false.
func sameRepoValue(path string, v actionlint.ExprNode, triggers []string) bool {
	switch v := v.(type) {
	case *actionlint.StringNode:
		return path == "github.event.workflow_run.event" && strings.EqualFold(v.Value, "push")
	case *actionlint.BoolNode:
		return isForkFlag(path, triggers) && !v.Value
	}
	return false
}
