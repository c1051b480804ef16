// Package gqlops reads a GraphQL executable document (a query or mutation as
// sent by a workflow) and reports what it asks for: each operation's type and
// its top-level fields, with the literal arguments and the first level of
// child fields, which is what decides the GitHub App permission it needs.
//
// It is a small tokenizer and recursive-descent parser with no dependencies.
// It checks syntax, not the schema: field names are reported as written.
package gqlops

import (
	"fmt"
	"sort"
	"strings"
)

// MaxDocumentSize is the largest document Parse accepts, in bytes.
const MaxDocumentSize = 1 << 20

// MaxDepth is the deepest nesting of selection sets, lists, objects and
// types that Parse accepts.
const MaxDepth = 200

// Field is one top-level field of an operation.
type Field struct {
	// Name is the real field name (the alias resolved). A fragment spread
	// at the top level, whose fields are not resolved, is named "..." plus
	// the fragment name, e.g. "...RepoFields".
	Name string
	// Alias is the alias written before the name, or "".
	Alias string
	// Args maps argument names to their values: the decoded string for a
	// string, the source text for numbers, booleans, null and enum values,
	// "$name" for a variable, and a compact GraphQL rendering for lists and
	// input objects (e.g. `{projectId:$project,contentId:$item}`).
	Args map[string]string
	// Sub lists the names of the field's child fields (aliases resolved) in
	// document order. An inline fragment appears as "... on Type" followed
	// by its own fields; a fragment spread as "...Name".
	Sub []string
	// Deep lists, once each in document order, the names of every field
	// below the field's children (grandchildren and deeper), inline
	// fragments as "... on Type": what the query reads beyond its
	// children, such as a pull request's closingIssuesReferences.
	Deep []string
	// Line is the field's line within the document, 1-based.
	Line int
}

// Operation is one operation definition of a document.
type Operation struct {
	// Type is "query", "mutation" or "subscription"; the shorthand
	// `{ ... }` is a query.
	Type string
	// Name is the operation name, or "".
	Name string
	// Fields are the operation's top-level fields in document order; the
	// fields of top-level inline fragments are included.
	Fields []Field
}

// SyntaxError is a malformed document, with the 1-based position of the
// offending token.
type SyntaxError struct {
	Line, Col int
	Msg       string
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("graphql: %d:%d: %s", e.Line, e.Col, e.Msg)
}

// Parse reads a GraphQL executable document and returns its operations in
// document order. Fragment definitions are checked for syntax and otherwise
// ignored. A document with no operation is an error, as are type-system
// definitions, documents over MaxDocumentSize bytes and nesting deeper than
// MaxDepth.
func Parse(doc string) ([]Operation, error) {
	if len(doc) > MaxDocumentSize {
		return nil, fmt.Errorf("graphql: document is %d bytes, over the %d-byte limit", len(doc), MaxDocumentSize)
	}
	p := &parser{lex: newLexer(doc)}
	if err := p.advance(); err != nil {
		return nil, err
	}
	var ops []Operation
	for p.tok.kind != tokEOF {
		op, isOp, err := p.definition()
		if err != nil {
			return nil, err
		}
		if isOp {
			ops = append(ops, op)
		}
	}
	if len(ops) == 0 {
		return nil, &SyntaxError{Line: p.tok.line, Col: p.tok.col, Msg: "document has no operation"}
	}
	return ops, nil
}

type parser struct {
	lex   *lexer
	tok   token
	depth int
}

func (p *parser) advance() error {
	t, err := p.lex.next()
	if err != nil {
		return err
	}
	p.tok = t
	return nil
}

func (p *parser) errorf(format string, a ...any) error {
	return &SyntaxError{Line: p.tok.line, Col: p.tok.col, Msg: fmt.Sprintf(format, a...)}
}

func (p *parser) isPunct(s string) bool { return p.tok.kind == tokPunct && p.tok.text == s }

// expect consumes the punctuator s.
func (p *parser) expect(s string) error {
	if !p.isPunct(s) {
		return p.errorf("expected %q, found %s", s, p.tok.describe())
	}
	return p.advance()
}

// name consumes a name token and returns it.
func (p *parser) name(what string) (token, error) {
	t := p.tok
	if t.kind != tokName {
		return t, p.errorf("expected %s, found %s", what, t.describe())
	}
	return t, p.advance()
}

// enter and leave bound the recursion depth.
func (p *parser) enter() error {
	p.depth++
	if p.depth > MaxDepth {
		return p.errorf("nesting deeper than %d levels", MaxDepth)
	}
	return nil
}

func (p *parser) leave() { p.depth-- }

// definition parses one definition; isOp tells whether it was an operation.
func (p *parser) definition() (op Operation, isOp bool, err error) {
	if p.isPunct("{") {
		fields, err := p.topSelectionSet()
		return Operation{Type: "query", Fields: fields}, true, err
	}
	if p.tok.kind != tokName {
		return op, false, p.errorf("expected an operation or fragment, found %s", p.tok.describe())
	}
	switch p.tok.text {
	case "query", "mutation", "subscription":
		op.Type = p.tok.text
		if err := p.advance(); err != nil {
			return op, false, err
		}
		if p.tok.kind == tokName {
			op.Name = p.tok.text
			if err := p.advance(); err != nil {
				return op, false, err
			}
		}
		if p.isPunct("(") {
			if err := p.variableDefinitions(); err != nil {
				return op, false, err
			}
		}
		if err := p.directives(); err != nil {
			return op, false, err
		}
		op.Fields, err = p.topSelectionSet()
		return op, true, err
	case "fragment":
		if err := p.advance(); err != nil {
			return op, false, err
		}
		if _, err := p.name("fragment name"); err != nil {
			return op, false, err
		}
		if err := p.typeCondition(); err != nil {
			return op, false, err
		}
		if err := p.directives(); err != nil {
			return op, false, err
		}
		_, err := p.selectionSet()
		return op, false, err
	}
	return op, false, p.errorf("expected query, mutation, subscription or fragment, found %s (type-system definitions are not executable)", p.tok.describe())
}

// typeCondition parses `on Type`.
func (p *parser) typeCondition() error {
	if p.tok.kind != tokName || p.tok.text != "on" {
		return p.errorf("expected \"on\", found %s", p.tok.describe())
	}
	if err := p.advance(); err != nil {
		return err
	}
	_, err := p.name("type name")
	return err
}

// variableDefinitions parses `( $name: Type = default @dir ... )`.
func (p *parser) variableDefinitions() error {
	if err := p.expect("("); err != nil {
		return err
	}
	for !p.isPunct(")") {
		if err := p.expect("$"); err != nil {
			return err
		}
		if _, err := p.name("variable name"); err != nil {
			return err
		}
		if err := p.expect(":"); err != nil {
			return err
		}
		if err := p.typeRef(); err != nil {
			return err
		}
		if p.isPunct("=") {
			if err := p.advance(); err != nil {
				return err
			}
			if _, err := p.value(true); err != nil {
				return err
			}
		}
		if err := p.directives(); err != nil {
			return err
		}
	}
	return p.advance()
}

// typeRef parses Name, [Type] and Type!.
func (p *parser) typeRef() error {
	if err := p.enter(); err != nil {
		return err
	}
	defer p.leave()
	if p.isPunct("[") {
		if err := p.advance(); err != nil {
			return err
		}
		if err := p.typeRef(); err != nil {
			return err
		}
		if err := p.expect("]"); err != nil {
			return err
		}
	} else if _, err := p.name("type name"); err != nil {
		return err
	}
	if p.isPunct("!") {
		return p.advance()
	}
	return nil
}

// directives parses any number of `@name(args)`.
func (p *parser) directives() error {
	for p.isPunct("@") {
		if err := p.advance(); err != nil {
			return err
		}
		if _, err := p.name("directive name"); err != nil {
			return err
		}
		if p.isPunct("(") {
			if _, err := p.arguments(); err != nil {
				return err
			}
		}
	}
	return nil
}

// arguments parses `(name: value ...)` into a map.
func (p *parser) arguments() (map[string]string, error) {
	if err := p.expect("("); err != nil {
		return nil, err
	}
	args := map[string]string{}
	for !p.isPunct(")") {
		n, err := p.name("argument name")
		if err != nil {
			return nil, err
		}
		if err := p.expect(":"); err != nil {
			return nil, err
		}
		v, err := p.value(false)
		if err != nil {
			return nil, err
		}
		args[n.text] = v
	}
	if len(args) == 0 {
		return nil, p.errorf("empty argument list")
	}
	return args, p.advance()
}

// value parses a value and returns its rendering (see Field.Args). A
// constant value (a default) may not contain variables.
func (p *parser) value(constant bool) (string, error) {
	t := p.tok
	switch t.kind {
	case tokInt, tokFloat, tokString, tokBlockString:
		return t.text, p.advance()
	case tokName:
		return t.text, p.advance()
	case tokPunct:
		switch t.text {
		case "$":
			if constant {
				return "", p.errorf("variable in a constant value")
			}
			if err := p.advance(); err != nil {
				return "", err
			}
			n, err := p.name("variable name")
			return "$" + n.text, err
		case "[":
			return p.list(constant)
		case "{":
			return p.object(constant)
		}
	}
	return "", p.errorf("expected a value, found %s", t.describe())
}

func (p *parser) list(constant bool) (string, error) {
	if err := p.enter(); err != nil {
		return "", err
	}
	defer p.leave()
	if err := p.advance(); err != nil {
		return "", err
	}
	var parts []string
	for !p.isPunct("]") {
		if p.tok.kind == tokEOF {
			return "", p.errorf("unterminated list")
		}
		v, err := p.valueRendered(constant)
		if err != nil {
			return "", err
		}
		parts = append(parts, v)
	}
	return "[" + strings.Join(parts, ",") + "]", p.advance()
}

func (p *parser) object(constant bool) (string, error) {
	if err := p.enter(); err != nil {
		return "", err
	}
	defer p.leave()
	if err := p.advance(); err != nil {
		return "", err
	}
	var parts []string
	for !p.isPunct("}") {
		n, err := p.name("field name")
		if err != nil {
			return "", err
		}
		if err := p.expect(":"); err != nil {
			return "", err
		}
		v, err := p.valueRendered(constant)
		if err != nil {
			return "", err
		}
		parts = append(parts, n.text+":"+v)
	}
	return "{" + strings.Join(parts, ",") + "}", p.advance()
}

// valueRendered is value for a value nested in a list or object, where
// strings keep their quotes so the rendering stays unambiguous.
func (p *parser) valueRendered(constant bool) (string, error) {
	if p.tok.kind == tokString || p.tok.kind == tokBlockString {
		s := fmt.Sprintf("%q", p.tok.text)
		return s, p.advance()
	}
	return p.value(constant)
}

// selection is one parsed selection of a selection set.
type selection struct {
	field Field
	// inline holds an inline fragment's type ("" when untyped) and
	// selections; isInline tells it apart from a field.
	isInline bool
	onType   string
	inner    []selection
	spread   string // fragment spread name
}

// selectionSet parses `{ selection ... }`.
func (p *parser) selectionSet() ([]selection, error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer p.leave()
	if err := p.expect("{"); err != nil {
		return nil, err
	}
	var sels []selection
	for !p.isPunct("}") {
		s, err := p.selection()
		if err != nil {
			return nil, err
		}
		sels = append(sels, s)
	}
	if len(sels) == 0 {
		return nil, p.errorf("empty selection set")
	}
	return sels, p.advance()
}

func (p *parser) selection() (selection, error) {
	if p.isPunct("...") {
		line := p.tok.line
		if err := p.advance(); err != nil {
			return selection{}, err
		}
		if p.tok.kind == tokName && p.tok.text != "on" {
			n := p.tok.text
			if err := p.advance(); err != nil {
				return selection{}, err
			}
			if err := p.directives(); err != nil {
				return selection{}, err
			}
			return selection{spread: n, field: Field{Line: line}}, nil
		}
		s := selection{isInline: true}
		if p.tok.kind == tokName {
			if err := p.advance(); err != nil {
				return s, err
			}
			n, err := p.name("type name")
			if err != nil {
				return s, err
			}
			s.onType = n.text
		}
		if err := p.directives(); err != nil {
			return s, err
		}
		inner, err := p.selectionSet()
		s.inner = inner
		return s, err
	}
	first, err := p.name("field name")
	if err != nil {
		return selection{}, err
	}
	f := Field{Name: first.text, Line: first.line}
	if p.isPunct(":") {
		if err := p.advance(); err != nil {
			return selection{}, err
		}
		n, err := p.name("field name after alias")
		if err != nil {
			return selection{}, err
		}
		f.Alias, f.Name = first.text, n.text
	}
	if p.isPunct("(") {
		if f.Args, err = p.arguments(); err != nil {
			return selection{}, err
		}
	}
	if err := p.directives(); err != nil {
		return selection{}, err
	}
	if p.isPunct("{") {
		inner, err := p.selectionSet()
		if err != nil {
			return selection{}, err
		}
		f.Sub = childNames(inner)
		f.Deep = deepNames(inner)
	}
	return selection{field: f}, nil
}

// deepNames lists, once each, the names below a selection set's fields:
// their children's names and what lies below those, inline fragments
// marked as childNames marks them.
func deepNames(sels []selection) []string {
	var out []string
	seen := map[string]bool{}
	add := func(ns ...string) {
		for _, n := range ns {
			if !seen[n] {
				seen[n] = true
				out = append(out, n)
			}
		}
	}
	for _, s := range sels {
		switch {
		case s.isInline:
			add(deepNames(s.inner)...)
			for _, in := range s.inner {
				if !in.isInline && in.spread == "" {
					add(in.field.Sub...)
				}
			}
		case s.spread == "":
			add(s.field.Sub...)
			add(s.field.Deep...)
		}
	}
	return out
}

// childNames lists the names of a selection set's fields, with inline
// fragments marked and flattened and spreads marked.
func childNames(sels []selection) []string {
	var names []string
	for _, s := range sels {
		switch {
		case s.spread != "":
			names = append(names, "..."+s.spread)
		case s.isInline:
			if s.onType != "" {
				names = append(names, "... on "+s.onType)
			}
			names = append(names, childNames(s.inner)...)
		default:
			names = append(names, s.field.Name)
		}
	}
	return names
}

// topSelectionSet parses an operation's selection set into its top-level
// fields, flattening inline fragments and marking spreads.
func (p *parser) topSelectionSet() ([]Field, error) {
	sels, err := p.selectionSet()
	if err != nil {
		return nil, err
	}
	var out []Field
	var flatten func([]selection)
	flatten = func(sels []selection) {
		for _, s := range sels {
			switch {
			case s.spread != "":
				out = append(out, Field{Name: "..." + s.spread, Line: s.field.Line})
			case s.isInline:
				flatten(s.inner)
			default:
				out = append(out, s.field)
			}
		}
	}
	flatten(sels)
	return out, nil
}

// FieldNames returns the sorted, distinct top-level field names of ops, a
// convenience for callers that only need to know what is touched.
func FieldNames(ops []Operation) []string {
	seen := map[string]bool{}
	var names []string
	for _, op := range ops {
		for _, f := range op.Fields {
			if !seen[f.Name] {
				seen[f.Name] = true
				names = append(names, f.Name)
			}
		}
	}
	sort.Strings(names)
	return names
}
