package fix

import (
	"strings"

	"github.com/rhysd/actionlint"

	"github.com/pat2app/pat2app/expression"
)

// chain is one property access (secrets.GH_PAT, secrets['GH_PAT'],
// steps.app-token.outputs.token) in an expression.
type chain struct {
	path       string // lower case, dotted: "secrets.gh_pat"
	start, end int    // byte offsets in the expression; -1 when it did not parse
	// bare is set for a whole argument of a top-level format() or join().
	bare bool
}

// normCred is the dotted lower-case path of a credential expression as the
// planner names it ("secrets.GH_PAT" -> "secrets.gh_pat"), or "" when the
// credential is not a single property access.
func normCred(cred string) string {
	e := expression.Parse(cred)
	if p, ok := e.PathOf(e.Root); ok && e.Root != nil {
		return p.Lower()
	}
	return ""
}

// isBuiltinToken reports whether a normalised path is a spelling of the
// built-in GITHUB_TOKEN.
func isBuiltinToken(path string) bool {
	return path == "github.token" || path == "secrets.github_token"
}

// exprShape is what an expression is, as far as rewriting goes.
type exprShape int

const (
	shapeOther    exprShape = iota // anything else: not rewritten
	shapeRef                       // exactly one property access
	shapeFallback                  // a || b || c, each a property access
	shapeFormat                    // format(...) or join(...); its bare arguments can be rewritten
)

// classify returns the shape of an expression and its property accesses.
// An expression that does not parse is shapeOther, with the names it holds.
func classify(text string) (exprShape, []chain) {
	e := expression.Parse(text)
	if e.Root == nil {
		var cs []chain
		for _, n := range expression.NamesInUnparsed(text) {
			cs = append(cs, chain{path: strings.ToLower(n), start: -1, end: -1})
		}
		return shapeOther, cs
	}
	var cs []chain
	for _, p := range e.Paths() {
		cs = append(cs, chain{path: p.Lower(), start: p.Start, end: p.End})
	}
	if _, ok := e.PathOf(e.Root); ok {
		return shapeRef, cs
	}
	if isFallback(e, e.Root) {
		return shapeFallback, cs
	}
	if call, ok := e.Root.(*actionlint.FuncCallNode); ok && (strings.EqualFold(call.Callee, "format") || strings.EqualFold(call.Callee, "join")) {
		for _, arg := range call.Args {
			if p, ok := e.PathOf(arg); ok {
				for i := range cs {
					if cs[i].start == p.Start {
						cs[i].bare = true
					}
				}
			}
		}
		return shapeFormat, cs
	}
	return shapeOther, cs
}

// isFallback reports a || b || ... whose operands are all property accesses.
func isFallback(e *expression.Expr, n actionlint.ExprNode) bool {
	or, ok := n.(*actionlint.LogicalOpNode)
	if !ok || or.Kind != actionlint.LogicalOpNodeKindOr {
		return false
	}
	for _, side := range []actionlint.ExprNode{or.Left, or.Right} {
		if _, ok := e.PathOf(side); !ok && !isFallback(e, side) {
			return false
		}
	}
	return true
}
