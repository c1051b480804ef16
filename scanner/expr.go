package scanner

import (
	"slices"
	"strings"

	"github.com/rhysd/actionlint"

	"github.com/pat2app/pat2app/expression"
)

// exprSpan is one `${{ ... }}` in a string value.
type exprSpan struct {
	Start, End int    // byte offsets of "${{" and just past "}}" in the value
	Text       string // the expression between the braces, trimmed
	Refs       []credRef
	// Existence is true when the expression only compares a credential
	// with '' (checks it is set) and does not pass its value on.
	Existence bool
	// ValueTest is true when it compares a credential with a value that
	// is not empty (secrets.PUSH == 'ENABLE_PUSH'): the credential is a
	// switch whose value decides, not one that is only set or not.
	ValueTest bool
}

// credRef is a context reference that may carry a credential.
type credRef struct {
	// Expr is the normalised reference: secrets.NAME, github.token,
	// env.NAME, steps.ID.outputs.NAME, inputs.NAME.
	Expr string
	// Context is secrets, github, env, steps or inputs.
	Context string
	// Name is the secret, env var, input or output name; ID the step id.
	Name, ID string
	// Matrix is, for secrets[matrix.X] (Name [dynamic]), the matrix
	// entry's path (X, and its properties): its values name the secrets.
	Matrix []string
	// Fallback is set when the reference is only the last alternative of
	// an expression that is a chain of references joined by || (secrets.PAT
	// || secrets.GITHUB_TOKEN): its value is the expression's only when
	// the others are empty. A condition's branch (c && secrets.A ||
	// github.token) is no such chain.
	Fallback bool
}

// findExprs returns every `${{ }}` in s with the credential references in
// each, read by package expression (actionlint's lexer and parser).
func findExprs(s string) []exprSpan { return findExprsIn(s, nil) }

// exprRefs is what one expression text names. A workflow repeats its
// expressions (secrets.GITHUB_TOKEN in every step), so each file reads
// each text once; the references are shared and never changed.
type exprRefs struct {
	refs      []credRef
	existence bool
	valueTest bool
}

// findExprs is findExprs with the file's expressions remembered.
func (a *analysis) findExprs(s string) []exprSpan {
	if a.exprs == nil {
		a.exprs = map[string]exprRefs{}
	}
	return findExprsIn(s, a.exprs)
}

// findExprsIn finds the expressions of s, reading each text's references
// once when known is not nil.
func findExprsIn(s string, known map[string]exprRefs) []exprSpan {
	spans := expression.Find(s)
	if len(spans) == 0 {
		return nil
	}
	out := make([]exprSpan, len(spans))
	for i, sp := range spans {
		out[i] = exprSpan{Start: sp.Start, End: sp.End, Text: strings.TrimSpace(sp.Body)}
		if !mayReferToCredential(out[i].Text) {
			continue
		}
		r, ok := known[out[i].Text]
		if !ok {
			r.refs, r.existence, r.valueTest = credRefs(sp.Parse())
			if known != nil {
				known[out[i].Text] = r
			}
		}
		out[i].Refs, out[i].Existence, out[i].ValueTest = r.refs, r.existence, r.valueTest
	}
	return out
}

// credRefs returns the credential references of an expression, and whether
// it only checks that they are set. An expression that does not parse
// still shows the names it holds (no existence check is assumed).
func credRefs(e *expression.Expr) ([]credRef, bool, bool) {
	if e.Root == nil {
		var out []credRef
		for _, name := range expression.NamesInUnparsed(e.Text) {
			if r, ok := refOfParts(strings.Split(name, ".")); ok {
				out = append(out, r)
			}
		}
		return out, false, false
	}
	return refsOf(e)
}

// booleanFuncs are the expression functions that return true or false,
// never their arguments.
var booleanFuncs = map[string]bool{"contains": true, "startswith": true, "endswith": true}

// refsOf collects credential references in an expression tree. It reports
// existence when every reference is only tested, never passed on as a
// value: compared with the empty string, negated, given to a function that
// returns a boolean, or the condition of `&&` (a presence flag such as `secrets.X && '1'`);
// and a value test when one is compared with a literal that is not empty
// or given to a function that returns a boolean (its value decides).
func refsOf(e *expression.Expr) ([]credRef, bool, bool) {
	var refs []credRef
	valueUse, valueTest := false, false
	add := func(r credRef, inCompare bool) {
		// An expression names a few references: a scan of them is
		// cheaper than a map.
		if !slices.ContainsFunc(refs, func(o credRef) bool { return o.Expr == r.Expr }) {
			refs = append(refs, r)
		}
		if !inCompare {
			valueUse = true
		}
	}
	var walk func(n actionlint.ExprNode, inCompare bool)
	walk = func(n actionlint.ExprNode, inCompare bool) {
		if r, ok := refOf(e, n); ok {
			add(r, inCompare)
			return
		}
		switch n := n.(type) {
		case *actionlint.VariableNode:
			// The whole secrets context (toJSON(secrets)): every secret.
			if n.Name == "secrets" {
				add(credRef{Expr: "secrets.*", Context: "secrets", Name: "*"}, inCompare)
			}
			return
		case *actionlint.CompareOpNode:
			inCompare = true
			if literalValue(n.Left) || literalValue(n.Right) {
				valueTest = true
			}
		case *actionlint.NotOpNode:
			inCompare = true
		case *actionlint.LogicalOpNode:
			if n.Kind == actionlint.LogicalOpNodeKindAnd {
				// `A && B` is A only when A is falsy (an unset secret):
				// A is a condition, B the value.
				walk(n.Left, true)
				walk(n.Right, inCompare)
				return
			}
		case *actionlint.FuncCallNode:
			if booleanFuncs[strings.ToLower(n.Callee)] {
				inCompare = true
				// contains(github.ref, secrets.DEPLOY_BRANCH) or
				// contains(secrets.MAINTAINERS, github.actor): the value
				// decides, as a comparison with a literal does; a check
				// of its form with a literal (startsWith(secrets.T,
				// 'ghp_')) only tests what it is.
				if len(n.Args) == 2 {
					_, haystackIsRef := refOf(e, n.Args[0])
					if _, needleIsRef := refOf(e, n.Args[1]); needleIsRef || haystackIsRef && !literalValue(n.Args[1]) {
						valueTest = true
					}
				}
			}
		}
		for _, c := range expression.Children(n) {
			walk(c, inCompare)
		}
	}
	walk(e.Root, false)
	if last, ok := orChainLast(e); ok {
		for i := range refs {
			refs[i].Fallback = refs[i].Expr == last.Expr
		}
	}
	// A switch only when no reference is passed on as a value besides.
	return refs, len(refs) > 0 && !valueUse, len(refs) > 0 && valueTest && !valueUse
}

// orChainLast is the last reference of an expression that is only
// references joined by || (A || B || C), when that reference is not also
// one of the earlier ones; ok is false for any other expression.
func orChainLast(e *expression.Expr) (credRef, bool) {
	var operands []actionlint.ExprNode
	var flatten func(n actionlint.ExprNode)
	flatten = func(n actionlint.ExprNode) {
		if or, ok := n.(*actionlint.LogicalOpNode); ok && or.Kind == actionlint.LogicalOpNodeKindOr {
			flatten(or.Left)
			flatten(or.Right)
			return
		}
		operands = append(operands, n)
	}
	flatten(e.Root)
	if len(operands) < 2 {
		return credRef{}, false
	}
	var chain []credRef
	for _, n := range operands {
		r, ok := refOf(e, n)
		if !ok {
			return credRef{}, false
		}
		chain = append(chain, r)
	}
	last := chain[len(chain)-1]
	for _, r := range chain[:len(chain)-1] {
		if strings.EqualFold(r.Expr, last.Expr) {
			return credRef{}, false
		}
	}
	return last, true
}

// literalValue reports a literal that is not empty: a string with text, a
// number or a boolean (what a switch is compared with; the empty string
// and null test whether a value is set).
func literalValue(n actionlint.ExprNode) bool {
	switch n := n.(type) {
	case *actionlint.StringNode:
		return n.Value != ""
	case *actionlint.IntNode, *actionlint.FloatNode, *actionlint.BoolNode:
		return true
	}
	return false
}

// refOf recognises the credential node n is: secrets.X, secrets['X'],
// github.token, env.X, steps.ID.outputs.X, inputs.X, and secrets[...] with
// a name chosen at run time.
func refOf(e *expression.Expr, n actionlint.ExprNode) (credRef, bool) {
	if ia, ok := n.(*actionlint.IndexAccessNode); ok {
		if v, ok := ia.Operand.(*actionlint.VariableNode); ok && v.Name == "secrets" {
			if _, lit := ia.Index.(*actionlint.StringNode); !lit {
				r := credRef{Expr: "secrets.[dynamic]", Context: "secrets", Name: "[dynamic]"}
				if p, ok := e.PathOf(ia.Index); ok && len(p.Parts) >= 2 && strings.EqualFold(p.Parts[0], "matrix") {
					r.Matrix = p.Parts[1:]
				}
				return r, true
			}
		}
	}
	p, ok := e.PathOf(n)
	if !ok {
		return credRef{}, false
	}
	return refOfParts(p.Parts)
}

// refOfParts is the credential reference a property path (its names as
// written) makes, if any: the context in lower case, names as written.
func refOfParts(parts []string) (credRef, bool) {
	ctx := strings.ToLower(parts[0])
	switch {
	case len(parts) == 2 && (ctx == "secrets" || ctx == "env" || ctx == "inputs"):
		return credRef{Expr: ctx + "." + parts[1], Context: ctx, Name: parts[1]}, true
	case len(parts) == 4 && ctx == "github" && strings.EqualFold(parts[1], "event") && strings.EqualFold(parts[2], "inputs"):
		// github.event.inputs.X is inputs.X of a workflow_dispatch run.
		return credRef{Expr: "inputs." + parts[3], Context: "inputs", Name: parts[3]}, true
	case len(parts) == 2 && ctx == "github" && strings.EqualFold(parts[1], "token"):
		return credRef{Expr: "github.token", Context: "github", Name: "token"}, true
	case len(parts) == 4 && ctx == "steps" && strings.EqualFold(parts[2], "outputs"):
		return credRef{Expr: "steps." + parts[1] + ".outputs." + parts[3], Context: "steps", ID: parts[1], Name: parts[3]}, true
	}
	return credRef{}, false
}

// mayReferToCredential is a cheap test that skips parsing expressions that
// cannot name a credential (matrix values, event fields, ...).
func mayReferToCredential(text string) bool {
	// One pass: each position is compared only with the words starting
	// with its letter.
	for i := 0; i < len(text); i++ {
		switch text[i] | 0x20 {
		case 's':
			if hasWordAt(text, i, "secrets") || hasWordAt(text, i, "steps") {
				return true
			}
		case 't':
			if hasWordAt(text, i, "token") {
				return true
			}
		case 'e':
			if hasWordAt(text, i, "env") {
				return true
			}
		case 'i':
			if hasWordAt(text, i, "inputs") {
				return true
			}
		}
	}
	return false
}

// hasWordAt reports whether text holds word at offset i, compared without
// regard to ASCII case.
func hasWordAt(text string, i int, word string) bool {
	return i+len(word) <= len(text) && strings.EqualFold(text[i:i+len(word)], word)
}

// hasWordFold reports whether s has word (lower-case ASCII) in it in
// any case: the cheap test before an expression is parsed for a context
// path, whose name is in its text whichever syntax it is written in.
func hasWordFold(s, word string) bool {
	for i := 0; i+len(word) <= len(s); i++ {
		if s[i]|0x20 == word[0] && strings.EqualFold(s[i:i+len(word)], word) {
			return true
		}
	}
	return false
}
