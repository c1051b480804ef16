package scanner

import (
	"strings"

	"github.com/rhysd/actionlint"
)

// exprSpan is one `${{ ... }}` in a string value.
type exprSpan struct {
	Start, End int    // byte offsets of "${{" and just past "}}" in the value
	Text       string // the expression between the braces, trimmed
	Refs       []credRef
	// Existence is true when the expression only compares a credential
	// with '' (checks it is set) and does not pass its value on.
	Existence bool
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
}

// findExprs returns every `${{ }}` in s with the credential references in
// each, using actionlint's expression lexer and parser.
func findExprs(s string) []exprSpan {
	var out []exprSpan
	off := 0
	for {
		i := indexExpr(s[off:])
		if i < 0 {
			return out
		}
		start := off + i
		body := s[start+3:]
		end := closingBraces(body)
		span := exprSpan{Start: start}
		if end < 0 {
			return out
		}
		span.End = start + 3 + end
		span.Text = strings.TrimSpace(body[:end-2])
		if !mayReferToCredential(span.Text) {
			out = append(out, span)
			off = span.End
			continue
		}
		if isPlainPath(span.Text) {
			// A bare property path (secrets.GH_PAT, steps.app.outputs.token)
			// needs no parser: it is its own and only reference.
			if r, ok := pathRef(span.Text); ok {
				span.Refs = []credRef{r}
			}
			out = append(out, span)
			off = span.End
			continue
		}
		node, perr := actionlint.NewExprParser().Parse(actionlint.NewExprLexer(body))
		if perr == nil && node != nil {
			span.Refs, span.Existence = refsOf(node)
			for i := range span.Refs {
				span.Refs[i] = restoreCase(span.Refs[i], span.Text)
			}
		} else {
			span.Refs = scanRefsLoosely(span.Text)
		}
		out = append(out, span)
		off = span.End
		if off >= len(s) {
			return out
		}
	}
}

// indexExpr is strings.Index(s, "${{"), looking for the rare "{{" rather
// than '$', of which shell scripts are full.
func indexExpr(s string) int {
	for off := 0; ; {
		i := strings.Index(s[off:], "{{")
		if i < 0 {
			return -1
		}
		i += off
		if i > 0 && s[i-1] == '$' {
			return i - 1
		}
		off = i + 1
	}
}

// refsOf collects credential references in an expression tree. It reports
// existence when every reference sits in a comparison with a literal
// (`secrets.X != ”`) and none is passed on as a value.
func refsOf(root actionlint.ExprNode) ([]credRef, bool) {
	var refs []credRef
	valueUse := false
	seen := map[string]bool{}
	var walk func(n actionlint.ExprNode, inCompare bool)
	walk = func(n actionlint.ExprNode, inCompare bool) {
		if r, ok := refOf(n); ok {
			if !seen[r.Expr] {
				seen[r.Expr] = true
				refs = append(refs, r)
			}
			if !inCompare {
				valueUse = true
			}
			return
		}
		switch n := n.(type) {
		case *actionlint.VariableNode:
			// The whole secrets context (toJSON(secrets)): every secret.
			if strings.EqualFold(n.Name, "secrets") {
				r := credRef{Expr: "secrets.*", Context: "secrets", Name: "*"}
				if !seen[r.Expr] {
					seen[r.Expr] = true
					refs = append(refs, r)
				}
				if !inCompare {
					valueUse = true
				}
			}
			return
		case *actionlint.CompareOpNode:
			walk(n.Left, true)
			walk(n.Right, true)
		case *actionlint.LogicalOpNode:
			walk(n.Left, inCompare)
			walk(n.Right, inCompare)
		case *actionlint.NotOpNode:
			walk(n.Operand, true)
		case *actionlint.FuncCallNode:
			for _, a := range n.Args {
				walk(a, inCompare)
			}
		case *actionlint.ObjectDerefNode:
			walk(n.Receiver, inCompare)
		case *actionlint.IndexAccessNode:
			walk(n.Operand, inCompare)
			walk(n.Index, inCompare)
		case *actionlint.ArrayDerefNode:
			walk(n.Receiver, inCompare)
		}
	}
	walk(root, false)
	return refs, len(refs) > 0 && !valueUse
}

// refOf recognises secrets.X, secrets['X'], github.token, github['token'],
// env.X, steps.ID.outputs.X and inputs.X.
func refOf(n actionlint.ExprNode) (credRef, bool) {
	recv, prop, ok := deref(n)
	if !ok {
		return credRef{}, false
	}
	if v, ok := recv.(*actionlint.VariableNode); ok {
		ctx := strings.ToLower(v.Name)
		switch ctx {
		case "secrets":
			return credRef{Expr: "secrets." + prop, Context: "secrets", Name: prop}, true
		case "github":
			if strings.EqualFold(prop, "token") {
				return credRef{Expr: "github.token", Context: "github", Name: "token"}, true
			}
		case "env":
			return credRef{Expr: "env." + prop, Context: "env", Name: prop}, true
		case "inputs":
			return credRef{Expr: "inputs." + prop, Context: "inputs", Name: prop}, true
		}
		return credRef{}, false
	}
	// steps.ID.outputs.NAME
	r2, p2, ok := deref(recv)
	if !ok || !strings.EqualFold(p2, "outputs") {
		return credRef{}, false
	}
	r3, id, ok := deref(r2)
	if !ok {
		return credRef{}, false
	}
	if v, ok := r3.(*actionlint.VariableNode); ok && strings.EqualFold(v.Name, "steps") {
		return credRef{Expr: "steps." + id + ".outputs." + prop, Context: "steps", ID: id, Name: prop}, true
	}
	return credRef{}, false
}

// deref splits a.b and a['b'] into receiver and property.
func deref(n actionlint.ExprNode) (actionlint.ExprNode, string, bool) {
	switch n := n.(type) {
	case *actionlint.ObjectDerefNode:
		return n.Receiver, n.Property, true
	case *actionlint.IndexAccessNode:
		if s, ok := n.Index.(*actionlint.StringNode); ok {
			return n.Operand, s.Value, true
		}
		// secrets[matrix.name]: a secret chosen at run time.
		if v, ok := n.Operand.(*actionlint.VariableNode); ok && strings.EqualFold(v.Name, "secrets") {
			return n.Operand, "[dynamic]", true
		}
	}
	return nil, "", false
}

// scanRefsLoosely finds references in an expression actionlint could not
// parse, so a malformed expression still shows its credentials.
func scanRefsLoosely(text string) []credRef {
	var out []credRef
	seen := map[string]bool{}
	fields := strings.FieldsFunc(text, func(r rune) bool {
		return !(r == '.' || r == '_' || r == '-' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z')
	})
	for _, f := range fields {
		r, ok := pathRef(f)
		if ok && !seen[r.Expr] {
			seen[r.Expr] = true
			out = append(out, r)
		}
	}
	return out
}

// pathRef is the credential reference a property path (secrets.X,
// github.token, env.X, inputs.X, steps.ID.outputs.X) makes, if any.
func pathRef(f string) (credRef, bool) {
	var parts [4]string
	n := 0
	for rest := f; ; n++ {
		if n == len(parts) {
			return credRef{}, false // five or more parts: none of the forms
		}
		head, tail, more := strings.Cut(rest, ".")
		parts[n] = head
		if !more {
			n++
			break
		}
		rest = tail
	}
	// prefixed is Expr: f itself when the context is written in lower case.
	prefixed := func(ctx string) string {
		if strings.HasPrefix(f, ctx+".") {
			return f
		}
		return ctx + "." + parts[1]
	}
	switch {
	case n == 2 && strings.EqualFold(parts[0], "secrets"):
		return credRef{Expr: prefixed("secrets"), Context: "secrets", Name: parts[1]}, true
	case n == 2 && strings.EqualFold(parts[0], "github") && strings.EqualFold(parts[1], "token"):
		return credRef{Expr: "github.token", Context: "github", Name: "token"}, true
	case n == 2 && strings.EqualFold(parts[0], "env"):
		return credRef{Expr: prefixed("env"), Context: "env", Name: parts[1]}, true
	case n == 2 && strings.EqualFold(parts[0], "inputs"):
		return credRef{Expr: prefixed("inputs"), Context: "inputs", Name: parts[1]}, true
	case n == 4 && strings.EqualFold(parts[0], "steps") && strings.EqualFold(parts[2], "outputs"):
		return credRef{Expr: f, Context: "steps", ID: parts[1], Name: parts[3]}, true
	}
	return credRef{}, false
}

// restoreCase gives a reference the case it is written in: actionlint's
// parser lower-cases property names, but secret names are shown as written.
func restoreCase(r credRef, text string) credRef {
	lower := strings.ToLower(text)
	// orig finds name written after prefix (".name" or "['name']") and
	// returns it as written.
	orig := func(prefix, name string) string {
		if name == "" {
			return name
		}
		ln := strings.ToLower(name)
		for _, pat := range []string{prefix + "." + ln, prefix + "['" + ln + "']", prefix + "[\"" + ln + "\"]"} {
			if i := strings.Index(lower, pat); i >= 0 {
				j := i + len(pat) - len(ln)
				if strings.HasSuffix(pat, "]") {
					j = i + len(prefix) + 2
				}
				return text[j : j+len(name)]
			}
		}
		return name
	}
	switch r.Context {
	case "secrets", "env", "inputs":
		r.Name = orig(r.Context, r.Name)
		r.Expr = r.Context + "." + r.Name
	case "steps":
		r.ID = orig("steps", r.ID)
		r.Name = orig("outputs", r.Name)
		r.Expr = "steps." + r.ID + ".outputs." + r.Name
	}
	return r
}

// closingBraces returns the offset just past the "}}" that ends an
// expression body, skipping '...' string literals (” escapes a quote), or
// -1 when there is none.
func closingBraces(body string) int {
	inString := false
	for i := 0; i < len(body); i++ {
		c := body[i]
		switch {
		case c == '\'':
			if inString && i+1 < len(body) && body[i+1] == '\'' {
				i++
				continue
			}
			inString = !inString
		case !inString && c == '}' && i+1 < len(body) && body[i+1] == '}':
			return i + 2
		}
	}
	return -1
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

// isPlainPath reports an expression that is one property path and nothing
// else: letters, digits, '_', '-' and '.', not starting with a digit.
func isPlainPath(text string) bool {
	if text == "" || text[0] >= '0' && text[0] <= '9' {
		return false
	}
	for i := 0; i < len(text); i++ {
		c := text[i]
		if !(c == '.' || c == '_' || c == '-' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return true
}
