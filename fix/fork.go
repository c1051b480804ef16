package fix

import (
	"regexp"
	"strings"

	"github.com/rhysd/actionlint"

	"github.com/pat2app/pat2app/expression"
	"github.com/pat2app/pat2app/knowledge"
)

// Runs that start from a pull request of a fork get no secrets: for the
// events below GitHub runs the workflow in the fork's context, with a
// read-only GITHUB_TOKEN and empty secrets (unless the repository sends
// secrets to forks, which a private repository may). An App token step in
// such a run fails, and with it the job. The other events run in the
// repository's own context with its secrets, whoever caused them:
// pull_request_target, workflow_run, issue_comment, merge_group, push
// (a fork's pushes run in the fork), schedule, workflow_dispatch and the
// rest.
var forkEvents = []string{"pull_request", "pull_request_review", "pull_request_review_comment"}

// sameRepository is true in a pull request event when the pull request's
// branch is in this repository, false when it comes from a fork.
const sameRepository = "github.event.pull_request.head.repo.full_name == github.repository"

// forkContext is what a job's runs may be, as far as secrets go.
type forkContext struct {
	// events are the fork events among the workflow's triggers, in
	// forkEvents order; none means no run of the workflow lacks secrets
	// because of a fork.
	events []string
	// only is set when every trigger of the workflow is a fork event.
	only bool
	// secretsForForks lists the triggers that run with secrets for
	// pull requests of forks (pull_request_target, workflow_run).
	secretsForForks []string
	// repo is the repository (owner/name) the workflow is in, when known.
	repo string
}

// newForkContext reads the workflow's triggers.
func newForkContext(events []string, repo string) forkContext {
	fc := forkContext{repo: repo}
	on := map[string]bool{}
	for _, e := range events {
		on[strings.ToLower(e)] = true
	}
	for _, e := range forkEvents {
		if on[e] {
			fc.events = append(fc.events, e)
		}
	}
	fc.only = len(fc.events) > 0 && len(fc.events) == len(on)
	for _, e := range []string{"pull_request_target", "workflow_run"} {
		if on[e] {
			fc.secretsForForks = append(fc.secretsForForks, e)
		}
	}
	return fc
}

// guard is the condition that is false exactly in the runs of a fork's
// pull request: the same-repository test, and, when the workflow has
// other triggers too, only for the fork events.
func (fc forkContext) guard() string {
	if fc.only {
		return sameRepository
	}
	var not []string
	for _, e := range fc.events {
		not = append(not, "github.event_name != '"+e+"'")
	}
	first := strings.Join(not, " && ")
	if len(not) > 1 {
		first = "(" + first + ")"
	}
	return first + " || " + sameRepository
}

// excludesForks reports whether a condition (an if: body, without ${{ }})
// is false in every run of the workflow that comes from a fork's pull
// request. It knows the same-repository tests, the fork flag, the event
// name and github.ref (a pull request's ref is refs/pull/N/merge, so a
// test for a branch or tag excludes it); anything else is not known to
// exclude forks.
func (fc forkContext) excludesForks(cond string) bool {
	if len(fc.events) == 0 {
		return true
	}
	e := expression.Parse(cond)
	if e.Root == nil {
		return false
	}
	f, _ := fc.truth(e, e.Root)
	return f
}

// truth says whether n is false in every fork run (falsy) and whether it
// is true in every fork run (truthy).
func (fc forkContext) truth(e *expression.Expr, n actionlint.ExprNode) (falsy, truthy bool) {
	switch n := n.(type) {
	case *actionlint.BoolNode:
		return !n.Value, n.Value
	case *actionlint.NotOpNode:
		f, t := fc.truth(e, n.Operand)
		return t, f
	case *actionlint.LogicalOpNode:
		lf, lt := fc.truth(e, n.Left)
		rf, rt := fc.truth(e, n.Right)
		if n.Kind == actionlint.LogicalOpNodeKindAnd {
			return lf || rf, lt && rt
		}
		return lf && rf, lt || rt
	case *actionlint.CompareOpNode:
		if n.Kind != actionlint.CompareOpNodeKindEq && n.Kind != actionlint.CompareOpNodeKindNotEq {
			return false, false
		}
		eq := fc.equalInForks(e, n.Left, n.Right)
		if n.Kind == actionlint.CompareOpNodeKindNotEq {
			eq = -eq
		}
		return eq < 0, eq > 0
	case *actionlint.FuncCallNode:
		if strings.EqualFold(n.Callee, "startsWith") && len(n.Args) == 2 {
			if p, ok := pathText(e, n.Args[0]); ok && p == "github.ref" {
				if s, ok := n.Args[1].(*actionlint.StringNode); ok {
					prefix := strings.ToLower(s.Value)
					if !strings.HasPrefix("refs/pull/", prefix) && !strings.HasPrefix(prefix, "refs/pull/") {
						return true, false
					}
				}
			}
		}
		return false, false
	}
	if p, ok := pathText(e, n); ok && p == "github.event.pull_request.head.repo.fork" {
		return false, true
	}
	return false, false
}

// equalInForks says whether l == r holds in every fork run (1), in none
// (-1), or is not known (0).
func (fc forkContext) equalInForks(e *expression.Expr, l, r actionlint.ExprNode) int {
	lp, lok := pathText(e, l)
	rp, rok := pathText(e, r)
	if lok && rok {
		if sameRepoPair(lp, rp) || sameRepoPair(rp, lp) {
			return -1
		}
		return 0
	}
	if !lok {
		if !rok {
			return 0
		}
		r, lp = l, rp
	}
	switch lit := r.(type) {
	case *actionlint.BoolNode:
		if lp == "github.event.pull_request.head.repo.fork" {
			if lit.Value {
				return 1
			}
			return -1
		}
	case *actionlint.StringNode:
		v := strings.ToLower(lit.Value)
		switch lp {
		case "github.event_name":
			for _, ev := range fc.events {
				if v == ev && len(fc.events) == 1 {
					return 1
				}
				if v == ev {
					return 0
				}
			}
			return -1
		case "github.ref":
			if !strings.HasPrefix(v, "refs/pull/") {
				return -1
			}
		case "github.event.pull_request.head.repo.full_name":
			if fc.repo != "" && strings.EqualFold(v, fc.repo) {
				return -1
			}
		}
	}
	return 0
}

// sameRepoPair reports a comparison that holds only for a pull request
// whose branch is in this repository.
func sameRepoPair(a, b string) bool { return knowledge.IsSameRepoPair(a, b) }

// pathText is the lower-case dotted path node n is, if it is one.
func pathText(e *expression.Expr, n actionlint.ExprNode) (string, bool) {
	p, ok := e.PathOf(n)
	if !ok {
		return "", false
	}
	return p.Lower(), true
}

// conditionBody is the expression of an if: value: the text itself, or the
// body of the one ${{ }} that is the whole value. ok is false for a value
// that mixes ${{ }} and text.
func conditionBody(v string) (string, bool) {
	t := strings.TrimSpace(v)
	if !strings.Contains(t, "${{") {
		return t, t != ""
	}
	if sp, ok := expression.Sole(t); ok {
		body := strings.TrimSpace(sp.Body)
		return body, body != ""
	}
	return "", false
}

var lineBreak = regexp.MustCompile(`[ \t]*\r?\n[ \t]*`)

// oneLine writes a condition on one line: the line breaks between its
// tokens become blanks. ok is false when a string literal holds a line
// break (joining would change it) or the condition does not parse.
func oneLine(cond string) (string, bool) {
	e := expression.Parse(cond)
	if e.Root == nil {
		return "", false
	}
	broken := false
	var walk func(n actionlint.ExprNode)
	walk = func(n actionlint.ExprNode) {
		if s, ok := n.(*actionlint.StringNode); ok && strings.ContainsAny(s.Value, "\r\n") {
			broken = true
		}
		for _, c := range expression.Children(n) {
			walk(c)
		}
	}
	walk(e.Root)
	if broken {
		return "", false
	}
	return strings.TrimSpace(lineBreak.ReplaceAllString(cond, " ")), true
}

// conjoin is a && b, with parentheses around an operand that is an ||.
func conjoin(a, b string) string {
	return paren(a) + " && " + paren(b)
}

func paren(c string) string {
	if e := expression.Parse(c); e.Root != nil && !isOr(e.Root) {
		return c
	}
	return "(" + c + ")"
}

func isOr(n actionlint.ExprNode) bool {
	l, ok := n.(*actionlint.LogicalOpNode)
	return ok && l.Kind == actionlint.LogicalOpNodeKindOr
}

// Status functions other than success() let a step run after an earlier
// step failed or the run was cancelled.
var lateStatus = map[string]bool{"always": true, "failure": true, "cancelled": true}

// steadyContexts are the contexts whose values do not change while a job
// runs; a condition on them alone means the same before any step.
var steadyContexts = map[string]bool{"github": true, "inputs": true, "vars": true, "matrix": true, "needs": true, "strategy": true, "runner": true}

// steadyFuncs are the functions whose results depend only on their
// arguments (and success(), which only becomes false as steps run).
var steadyFuncs = map[string]bool{"success": true, "contains": true, "startswith": true, "endswith": true, "format": true, "join": true, "tojson": true, "fromjson": true}

// conditionKind says how a condition may be read earlier than where it
// is written: steady (it means the same before any step of the job),
// late (it can be true after a failure or cancellation), or neither.
func conditionKind(cond string) (steady, late bool) {
	e := expression.Parse(cond)
	if e.Root == nil {
		return false, true // not known: read it as the widest
	}
	steady = true
	var walk func(n actionlint.ExprNode)
	walk = func(n actionlint.ExprNode) {
		switch n := n.(type) {
		case *actionlint.VariableNode:
			if !steadyContexts[strings.ToLower(n.Name)] {
				steady = false
			}
		case *actionlint.ObjectDerefNode:
			// github.action* names the running step.
			if v, ok := n.Receiver.(*actionlint.VariableNode); ok && strings.EqualFold(v.Name, "github") && strings.HasPrefix(strings.ToLower(n.Property), "action") {
				steady = false
			}
		case *actionlint.FuncCallNode:
			name := strings.ToLower(n.Callee)
			switch {
			case lateStatus[name]:
				late = true
			case !steadyFuncs[name]:
				steady = false
			}
		}
		for _, c := range expression.Children(n) {
			walk(c)
		}
	}
	walk(e.Root)
	return steady, late
}
