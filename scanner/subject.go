package scanner

import (
	"slices"
	"strings"

	"github.com/rhysd/actionlint"

	"github.com/pat2app/pat2app/expression"
)

// Item subjects a job's if: can keep an issue_comment or issues event to.
const (
	subjectPullRequest = "pull_request"
	subjectIssue       = "issue"
)

// conditionSubject reads a job's if: for a test of
// github.event.issue.pull_request, which an issue_comment event carries
// only when the comment is on a pull request: a conjunct that requires it
// keeps the job to pull requests, one that requires its absence keeps it
// to issues. Anything else (no test, or one inside ||) gives "".
func conditionSubject(cond *actionlint.String) string {
	if cond == nil || !hasWordFold(cond.Value, "pull_request") {
		return ""
	}
	text := strings.TrimSpace(cond.Value)
	if sp, ok := expression.Sole(text); ok {
		text = sp.Body
	}
	e := expression.Parse(text)
	if e.Root == nil {
		return ""
	}
	return nodeSubject(e, e.Root)
}

// nodeSubject reads one conjunct, or each conjunct of a && chain (the
// first that says something wins).
func nodeSubject(e *expression.Expr, n actionlint.ExprNode) string {
	switch x := n.(type) {
	case *actionlint.LogicalOpNode:
		if x.Kind != actionlint.LogicalOpNodeKindAnd {
			return ""
		}
		if s := nodeSubject(e, x.Left); s != "" {
			return s
		}
		return nodeSubject(e, x.Right)
	case *actionlint.NotOpNode:
		if isIssuePRField(e, x.Operand) {
			return subjectIssue
		}
	case *actionlint.CompareOpNode:
		field, other := x.Left, x.Right
		if !isIssuePRField(e, field) {
			field, other = x.Right, x.Left
		}
		if !isIssuePRField(e, field) || !isEmptyLiteral(other) {
			return ""
		}
		switch x.Kind {
		case actionlint.CompareOpNodeKindNotEq:
			return subjectPullRequest
		case actionlint.CompareOpNodeKindEq:
			return subjectIssue
		}
	default:
		if isIssuePRField(e, n) {
			return subjectPullRequest
		}
	}
	return ""
}

// isIssuePRField reports github.event.issue.pull_request or one of its
// fields (.url, .html_url).
func isIssuePRField(e *expression.Expr, n actionlint.ExprNode) bool {
	p, ok := e.PathOf(n)
	if !ok {
		return false
	}
	l := p.Lower()
	return l == "github.event.issue.pull_request" || strings.HasPrefix(l, "github.event.issue.pull_request.")
}

// isEmptyLiteral reports null, the empty string or false.
func isEmptyLiteral(n actionlint.ExprNode) bool {
	switch x := n.(type) {
	case *actionlint.NullNode:
		return true
	case *actionlint.StringNode:
		return x.Value == ""
	case *actionlint.BoolNode:
		return !x.Value
	}
	return false
}

// sameOnForkRuns are the contexts and github properties an if: condition
// may read and still decide the same on a fork's pull request run as on
// the repository's own runs.
var sameOnForkRuns = map[string]bool{
	"vars": true, "needs": true, "matrix": true, "inputs": true, "strategy": true, "runner": true, "job": true,
	"github.repository": true, "github.repository_owner": true, "github.workflow": true, "github.job": true,
	"github.server_url": true, "github.api_url": true, "github.run_id": true, "github.run_number": true, "github.run_attempt": true,
}

// runConditions are the lines of the job's and its steps' if: conditions
// that can decide differently on a fork's pull request than on the
// repository's own runs, and of their env values, inputs and scripts that
// read the event (inventory.JobInfo.RunConditions). A condition that does
// not parse counts.
func (js *jobState) runConditions() []int {
	var out []int
	check := func(cond *actionlint.String) {
		if cond == nil || strings.TrimSpace(cond.Value) == "" {
			return
		}
		line := 0
		if cond.Pos != nil {
			line = cond.Pos.Line
		}
		e := expression.Condition(cond.Value)
		if e == nil {
			out = append(out, line)
			return
		}
		for _, p := range e.Paths() {
			parts := strings.Split(p.Lower(), ".")
			if sameOnForkRuns[parts[0]] || len(parts) > 1 && sameOnForkRuns[parts[0]+"."+parts[1]] {
				continue
			}
			out = append(out, line)
			return
		}
	}
	// A value that reads the event (DRY_RUN: ${{ github.event_name != 'push' }},
	// $GITHUB_REF in a script) can run a step differently too.
	value := func(v *actionlint.String) {
		if v == nil || v.Pos == nil {
			return
		}
		if eventDependent(v.Value) {
			out = append(out, v.Pos.Line)
		}
	}
	env := func(e *actionlint.Env) {
		if e == nil {
			return
		}
		value(e.Expression)
		for _, ev := range e.Vars {
			if ev != nil {
				value(ev.Value)
			}
		}
	}
	check(js.job.If)
	env(js.job.Env)
	for _, st := range js.job.Steps {
		if st == nil {
			continue
		}
		check(st.If)
		env(st.Env)
		switch ex := st.Exec.(type) {
		case *actionlint.ExecRun:
			value(ex.Run)
		case *actionlint.ExecAction:
			for _, in := range ex.Inputs {
				if in != nil {
					value(in.Value)
				}
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// eventRefs are the shell variables of the runner that carry the event.
var eventRefs = []string{"GITHUB_EVENT_NAME", "GITHUB_REF", "GITHUB_HEAD_REF", "GITHUB_BASE_REF", "GITHUB_EVENT_PATH", "GITHUB_ACTOR"}

// eventDependent reports whether a value or script reads the event a run
// is for: an expression naming github.event*, github.ref*, github.head_ref,
// github.base_ref or the actor, or a runner variable that carries them.
func eventDependent(text string) bool {
	for _, r := range eventRefs {
		if strings.Contains(text, r) {
			return true
		}
	}
	for _, sp := range expression.Find(text) {
		e := sp.Parse()
		if e.Root == nil {
			continue
		}
		for _, p := range e.Paths() {
			parts := strings.Split(p.Lower(), ".")
			if len(parts) < 2 || parts[0] != "github" {
				continue
			}
			switch {
			case strings.HasPrefix(parts[1], "event"), strings.HasPrefix(parts[1], "ref"),
				parts[1] == "head_ref", parts[1] == "base_ref", parts[1] == "actor", parts[1] == "triggering_actor":
				return true
			}
		}
	}
	return false
}
