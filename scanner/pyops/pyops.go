// Package pyops reads a Python script a workflow step runs and reports
// what it does with the credentials it reads: HTTP requests to the GitHub
// API (requests, httpx, urllib), PyGithub calls (through
// knowledge.PyGithubMethod), programs it runs (subprocess, os.system),
// and every other place a credential goes.
//
// The reading is at the level of tokens and expressions, not a full
// Python parser: logical lines are split into statements (imports,
// assignments, def, return, if/while/assert conditions, with, for) and
// their expressions are parsed; variables are followed by name, whatever
// their scope. Where a credential comes from is named as in
// scanner/jsops: env:NAME (os.environ, os.getenv), arg:N (sys.argv[N]),
// flag:NAME (argparse's --NAME), param:NAME (a parameter no call in the
// script binds).
package pyops

import (
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/pat2app/pat2app/knowledge"
	"github.com/pat2app/pat2app/scanner/codeflow"
)

// MaxScriptSize is the largest script Analyze reads, in bytes.
const MaxScriptSize = 1 << 20

// Program is what a script does with the credentials it reads.
type Program struct {
	Calls    []Call
	Commands []Command
	// Imports are the modules it imports that may be the repository's
	// own (not the standard library's), by dotted name.
	Imports []Import
	Flows   []Flow
	// Unattributed are the GitHub API routes and git push command lines
	// its strings hold that no request or command read makes (see
	// codeflow.Unattributed).
	Unattributed []Flow
	// Modules are the top-level names of every module it imports by
	// absolute name, the standard library's included, once each in
	// import order.
	Modules []string
}

// Call is one HTTP request or PyGithub call (File is always "").
type Call = codeflow.Request

// Command is a program a script runs (File is always "").
type Command = codeflow.Command

// Import is a module a script imports.
type Import struct {
	Line   int
	Module string
	// Relative counts the leading dots of `from .x import y`.
	Relative int
}

// Flow is a credential that goes where the reading stops.
type Flow = codeflow.Flow

// stmt is one statement: what it assigns and the expressions it holds.
type stmt struct {
	line   int
	indent int
	// targets and value are an assignment's; cond marks expressions that
	// are conditions (if, while, assert); ret marks a return's value.
	targets []*node
	value   *node
	exprs   []*node
	cond    bool
	ret     bool
	fn      string // the function the statement is in
}

// funcDef is a function the script defines.
type funcDef struct {
	params  []string
	returns []*node
	// star is the place of the *args parameter among params, -1 when the
	// function has none.
	star int
}

type analyzer struct {
	stmts    []*stmt
	imports  map[string]string
	assigns  map[string][]*node
	items    map[string]map[string]*node // NAME['KEY'] = value
	funcs    map[string]*funcDef
	paramOf  map[string]bool
	bound    map[string][]string
	argsVars map[string]bool
	// positional maps an argparse positional's name to its place among
	// the program's arguments (args.NAME is argument N), when every
	// positional before it takes one value and no subcommand parser
	// shifts them.
	positional map[string]int
	// consumed marks the nodes a recognised call reads a credential
	// through; accounted, the calls of the script's own functions that
	// pass one.
	consumed  map[*node]bool
	accounted map[*node]bool
	prog      *Program
	budget    int
	cmdN      int
	// nameCache holds what each name carries, for the flows;
	// headerUpdates the s.headers.update(...) calls by session.
	nameCache     map[string][]string
	typeCache     map[string]string
	sessionCache  map[string][]string
	headerUpdates map[string][]*node
	// clientAuth holds pyGithubClients once read.
	clientAuth *[]string
	// curFn is the function of the statement being read; assignFn the
	// function each assigned value was assigned in ("" at module level);
	// globals the names a global statement declares.
	curFn    string
	assignFn map[*node]string
	globals  map[string]bool
}

// maxWork bounds the steps spent following one value.
const maxWork = 20000

// Analyze reads a Python script. A script that does not tokenize is read
// up to the error, which is returned as a *SyntaxError.
func Analyze(src string) (*Program, error) {
	if len(src) > MaxScriptSize {
		return &Program{}, &SyntaxError{Line: 1, Msg: "script over " + strconv.Itoa(MaxScriptSize) + " bytes"}
	}
	toks, err := tokenize(src)
	a := &analyzer{imports: map[string]string{}, assigns: map[string][]*node{}, items: map[string]map[string]*node{},
		funcs: map[string]*funcDef{}, paramOf: map[string]bool{}, bound: map[string][]string{}, argsVars: map[string]bool{},
		consumed: map[*node]bool{}, accounted: map[*node]bool{}, prog: &Program{},
		nameCache: map[string][]string{}, typeCache: map[string]string{}, sessionCache: map[string][]string{},
		assignFn: map[*node]string{}, globals: map[string]bool{}}
	a.statements(toks)
	a.comprehensionTargets()
	a.positionals()
	a.bindCalls()
	for _, s := range a.stmts {
		for _, e := range s.all() {
			a.visitCalls(e)
		}
	}
	a.flows()
	sort.SliceStable(a.prog.Calls, func(i, j int) bool { return a.prog.Calls[i].Line < a.prog.Calls[j].Line })
	sort.SliceStable(a.prog.Commands, func(i, j int) bool { return a.prog.Commands[i].Line < a.prog.Commands[j].Line })
	sort.SliceStable(a.prog.Flows, func(i, j int) bool { return a.prog.Flows[i].Line < a.prog.Flows[j].Line })
	a.prog.Unattributed = unattributed(toks, a.prog)
	return a.prog, err
}

// comprehensionTargets binds the names each comprehension's for clauses
// assign, as a for statement's are: to the iterable.
func (a *analyzer) comprehensionTargets() {
	for _, st := range a.stmts {
		for _, e := range st.all() {
			walk(e, func(n *node) {
				for _, c := range n.comp {
					a.assign([]*node{c.target}, c.iter)
				}
			})
		}
	}
}

// positionals numbers argparse's positional arguments in the order the
// script adds them (parser.add_argument("token")). A positional whose
// nargs is not one value ends the numbering, and a script with
// subcommand parsers (add_subparsers) or several parsers gets none: their
// positions are not known.
func (a *analyzer) positionals() {
	var adds []*node
	parsers := map[string]bool{}
	sub := false
	var walk func(n *node, depth int)
	walk = func(n *node, depth int) {
		if n == nil || depth > maxDepth {
			return
		}
		if n.kind == nCall && n.x != nil && n.x.kind == nAttr {
			switch n.x.name {
			case "add_argument":
				adds = append(adds, n)
				parsers[dotted(n.x.x)] = true
			case "add_subparsers", "add_argument_group", "add_mutually_exclusive_group":
				sub = true
			}
		}
		for _, c := range children(n) {
			walk(c, depth+1)
		}
	}
	for _, st := range a.stmts {
		for _, e := range st.all() {
			walk(e, 0)
		}
	}
	if sub || len(parsers) != 1 {
		return
	}
	sort.SliceStable(adds, func(i, j int) bool { return adds[i].line < adds[j].line })
	pos := 0
	for _, n := range adds {
		if len(n.args) == 0 {
			return
		}
		name, ok := constString(n.args[0])
		if !ok {
			return
		}
		if strings.HasPrefix(name, "-") {
			continue
		}
		if d := kwValue(n, "dest"); d != nil {
			return
		}
		pos++
		if a.positional == nil {
			a.positional = map[string]int{}
		}
		a.positional[strings.ReplaceAll(name, "-", "_")] = pos
		if k := kwValue(n, "nargs"); k != nil {
			return
		}
	}
}

// unattributed lists the routes and pushes the script's strings hold that
// no request or command read makes.
func unattributed(toks []token, p *Program) []Flow {
	var strs []codeflow.Text
	for _, t := range toks {
		if t.str == nil || t.str.bytes {
			continue
		}
		text := t.str.value
		if t.str.fparts != nil {
			var b strings.Builder
			for _, fp := range t.str.fparts {
				if fp.isEx {
					b.WriteString("{x}")
				} else {
					b.WriteString(fp.lit)
				}
			}
			text = b.String()
		}
		if len(text) > 120 {
			text = text[:120] + "…"
		}
		strs = append(strs, codeflow.Text{Line: t.line, Text: strings.TrimSpace(text)})
	}
	var routes []codeflow.Text
	for _, c := range p.Calls {
		routes = append(routes, codeflow.Text{Line: c.Line, Text: strings.TrimSpace(c.Method + " " + c.Path)})
	}
	return codeflow.Unattributed(strs, routes, p.Commands)
}

// all lists a statement's expressions.
func (s *stmt) all() []*node {
	out := append([]*node(nil), s.exprs...)
	if s.value != nil {
		out = append(out, s.value)
	}
	return out
}

// statements splits tokens into statements.
func (a *analyzer) statements(toks []token) {
	type scope struct {
		indent int
		fn     string
	}
	var scopes []scope
	var line []token
	indent := 0
	flush := func() {
		if len(line) == 0 {
			return
		}
		for len(scopes) > 0 && indent <= scopes[len(scopes)-1].indent {
			scopes = scopes[:len(scopes)-1]
		}
		fn := ""
		if len(scopes) > 0 {
			fn = scopes[len(scopes)-1].fn
		}
		if name, ok := a.statement(line, indent, fn); ok {
			scopes = append(scopes, scope{indent: indent, fn: name})
		}
		line = line[:0]
	}
	for _, t := range toks {
		switch t.kind {
		case tIndent:
			indent = len(strings.ReplaceAll(t.text, "\t", "        "))
		case tNewline:
			flush()
		default:
			line = append(line, t)
		}
	}
	flush()
}

// statement reads one logical line. It reports the name of a function it
// defines (whose body follows, indented).
func (a *analyzer) statement(toks []token, indent int, fn string) (string, bool) {
	for len(toks) > 0 && toks[0].kind == tName && toks[0].text == "async" {
		toks = toks[1:]
	}
	if len(toks) == 0 {
		return "", false
	}
	first := toks[0]
	a.curFn = fn
	s := &stmt{line: first.line, indent: indent, fn: fn}
	p := &parser{t: toks}
	switch {
	case first.kind == tName && first.text == "import":
		a.importStmt(toks[1:])
		return "", false
	case first.kind == tName && first.text == "from":
		a.fromStmt(toks[1:])
		return "", false
	case first.kind == tName && (first.text == "def" || first.text == "class"):
		if len(toks) < 2 {
			return "", false
		}
		name := toks[1].text
		if first.text == "def" {
			ps, star := params(toks[2:])
			f := &funcDef{params: ps, star: star}
			if old, ok := a.funcs[name]; ok {
				f.returns = old.returns
			}
			a.funcs[name] = f
			for _, p := range f.params {
				a.paramOf[p] = true
			}
			return name, true
		}
		return fn, true
	case first.kind == tOp && first.text == "@":
		p.next()
		s.exprs = append(s.exprs, p.expr())
	case first.kind == tName && (first.text == "if" || first.text == "elif" || first.text == "while" || first.text == "assert"):
		p.next()
		s.exprs = append(s.exprs, p.exprList())
		s.cond = true
		a.stmts = append(a.stmts, s)
		a.rest(p, indent, fn)
		return "", false
	case first.kind == tName && first.text == "for":
		p.next()
		target := p.exprListUntil("in")
		p.eat("in")
		it := p.exprList()
		s.exprs = append(s.exprs, it)
		a.assign([]*node{target}, it)
		a.stmts = append(a.stmts, s)
		a.rest(p, indent, fn)
		return "", false
	case first.kind == tName && first.text == "with":
		p.next()
		for !p.atEnd() && !p.isOp(":") {
			e := p.expr()
			s.exprs = append(s.exprs, e)
			if p.eat("as") {
				a.assign([]*node{p.primary()}, e)
			}
			if !p.eat(",") {
				break
			}
		}
		a.stmts = append(a.stmts, s)
		a.rest(p, indent, fn)
		return "", false
	case first.kind == tName && (first.text == "else" || first.text == "try" || first.text == "finally" || first.text == "except"):
		for !p.atEnd() && !p.isOp(":") {
			p.next()
		}
		a.rest(p, indent, fn)
		return "", false
	case first.kind == tName && first.text == "return":
		p.next()
		if !p.atEnd() {
			v := p.exprList()
			s.exprs, s.ret = append(s.exprs, v), true
			if f, ok := a.funcs[fn]; ok {
				f.returns = append(f.returns, v)
			}
		}
	case first.kind == tName && (first.text == "raise" || first.text == "del" || first.text == "yield" || first.text == "await"):
		p.next()
		if !p.atEnd() {
			s.exprs = append(s.exprs, p.exprList())
		}
	case first.kind == tName && (first.text == "global" || first.text == "nonlocal"):
		for _, t := range toks[1:] {
			if t.kind == tName {
				a.globals[t.text] = true
			}
		}
		return "", false
	case first.kind == tName && (first.text == "pass" || first.text == "break" || first.text == "continue"):
		return "", false
	default:
		a.assignment(s, p)
	}
	a.stmts = append(a.stmts, s)
	return "", false
}

// rest reads what follows the colon of a compound statement on the same
// line (if x: y).
func (a *analyzer) rest(p *parser, indent int, fn string) {
	if !p.eat(":") || p.atEnd() {
		return
	}
	a.statement(p.t[p.i:], indent+1, fn)
}

// exprListUntil reads expressions up to the name stop.
func (p *parser) exprListUntil(stop string) *node {
	end := p.i
	depth := 0
	for end < len(p.t) {
		t := p.t[end]
		if depth == 0 && t.kind == tName && t.text == stop {
			break
		}
		if t.kind == tOp {
			switch t.text {
			case "(", "[", "{":
				depth++
			case ")", "]", "}":
				depth--
			}
		}
		end++
	}
	sub := &parser{t: p.t[p.i:end]}
	n := sub.exprList()
	p.i = end
	return n
}

// assignment reads an assignment, an augmented or annotated one, or an
// expression statement.
func (a *analyzer) assignment(s *stmt, p *parser) {
	var parts []*node
	aug := false
	for {
		e := p.exprList()
		if p.isOp(":") && len(parts) == 0 && e.kind == nName {
			// An annotation: x: T = v.
			p.next()
			p.expr()
		}
		parts = append(parts, e)
		if p.eat("=") {
			continue
		}
		if t := p.peek(); t.kind == tOp && len(t.text) >= 2 && strings.HasSuffix(t.text, "=") && !comparisons[t.text] {
			p.next()
			aug = true
			continue
		}
		break
	}
	if len(parts) == 1 {
		s.exprs = append(s.exprs, parts[0])
		return
	}
	s.value = parts[len(parts)-1]
	s.targets = parts[:len(parts)-1]
	if aug {
		s.exprs = append(s.exprs, s.targets...)
	}
	a.assign(s.targets, s.value)
}

// assign records what names are bound to.
func (a *analyzer) assign(targets []*node, value *node) {
	if value.kind == nCall && value.x.kind == nAttr && (value.x.name == "parse_args" || value.x.name == "parse_known_args") {
		// argparse's options: args.NAME is the --NAME option.
		for _, t := range targets {
			if t.kind == nList && len(t.args) > 0 {
				t = t.args[0]
			}
			if t.kind == nName {
				a.argsVars[t.name] = true
			}
		}
		return
	}
	for _, t := range targets {
		switch t.kind {
		case nName:
			a.assigns[t.name] = append(a.assigns[t.name], value)
			a.assignFn[value] = a.curFn
		case nAttr:
			if n := dotted(t); n != "" {
				a.assigns[n] = append(a.assigns[n], value)
			}
		case nIndex:
			if n := dotted(t.x); n != "" {
				if k, ok := constString(t.y); ok {
					if a.items[n] == nil {
						a.items[n] = map[string]*node{}
					}
					a.items[n][k] = value
				}
			}
		case nList:
			if value.kind == nList && len(value.args) == len(t.args) {
				for i, el := range t.args {
					a.assign([]*node{el}, value.args[i])
				}
				continue
			}
			for _, el := range t.args {
				a.assign([]*node{el}, &node{kind: nOther, line: value.line})
			}
		}
	}
}

// dotted renders a name or an attribute chain (a.b.c), "" for others.
func dotted(n *node) string {
	switch n.kind {
	case nName:
		return n.name
	case nAttr:
		if x := dotted(n.x); x != "" {
			return x + "." + n.name
		}
	}
	return ""
}

// params reads a def's parameter names.
func params(toks []token) (out []string, star int) {
	star = -1
	depth := 0
	expectName := true
	starred := false
	for _, t := range toks {
		if t.kind == tOp {
			switch t.text {
			case "(", "[", "{":
				depth++
				if depth == 1 {
					expectName = true
				}
				continue
			case ")", "]", "}":
				depth--
				if depth == 0 {
					return out, star
				}
				continue
			case ",":
				if depth == 1 {
					expectName = true
					starred = false
				}
				continue
			case "*":
				starred = depth == 1 && expectName
				continue
			case "**", "/":
				continue
			}
		}
		if depth == 1 && expectName && t.kind == tName {
			if t.text != "self" && t.text != "cls" {
				if starred {
					star = len(out)
				}
				out = append(out, t.text)
			}
			expectName = false
		}
	}
	return out, star
}

func (a *analyzer) importStmt(toks []token) {
	p := &parser{t: toks}
	for !p.atEnd() {
		mod := p.dottedName()
		local := strings.SplitN(mod, ".", 2)[0]
		if p.eat("as") {
			local = p.next().text
			a.imports[local] = mod
		} else {
			a.imports[local] = local
		}
		a.noteImport(mod, 0, toks[0].line)
		if !p.eat(",") {
			break
		}
	}
}

func (a *analyzer) fromStmt(toks []token) {
	p := &parser{t: toks}
	dots := 0
	for p.isOp(".") || p.isOp("...") {
		dots += len(p.next().text)
	}
	mod := ""
	if !p.isName("import") {
		mod = p.dottedName()
	}
	p.eat("import")
	p.eat("(")
	line := 1
	if len(toks) > 0 {
		line = toks[0].line
	}
	a.noteImport(mod, dots, line)
	for !p.atEnd() && !p.isOp(")") {
		name := p.next().text
		local := name
		if p.eat("as") {
			local = p.next().text
		}
		if name != "*" {
			a.imports[local] = strings.TrimPrefix(mod+"."+name, ".")
		}
		if !p.eat(",") {
			break
		}
	}
}

func (p *parser) dottedName() string {
	var b strings.Builder
	for !p.atEnd() {
		t := p.next()
		b.WriteString(t.text)
		if !p.isOp(".") {
			break
		}
		p.next()
		b.WriteByte('.')
	}
	return b.String()
}

// stdlib are the standard library's and common packages' top-level
// modules, which are never the repository's own.
var stdlib = map[string]bool{
	"os": true, "sys": true, "re": true, "json": true, "subprocess": true, "urllib": true, "http": true,
	"argparse": true, "pathlib": true, "typing": true, "datetime": true, "time": true, "logging": true,
	"collections": true, "itertools": true, "functools": true, "dataclasses": true, "shutil": true,
	"tempfile": true, "textwrap": true, "base64": true, "hashlib": true, "enum": true, "io": true,
	"contextlib": true, "requests": true, "httpx": true, "github": true, "__future__": true, "math": true,
	"random": true, "string": true, "glob": true, "fnmatch": true, "csv": true, "uuid": true, "abc": true,
	"shlex": true, "platform": true, "traceback": true, "zipfile": true, "tarfile": true, "copy": true,
	"operator": true, "warnings": true, "unittest": true, "asyncio": true, "socket": true, "email": true,
	"xml": true, "html": true, "configparser": true, "tomllib": true, "yaml": true, "click": true,
}

func (a *analyzer) noteImport(mod string, dots, line int) {
	top := strings.SplitN(mod, ".", 2)[0]
	if dots == 0 && top != "" && !slices.Contains(a.prog.Modules, top) {
		a.prog.Modules = append(a.prog.Modules, top)
	}
	if dots == 0 && (stdlib[top] || top == "") {
		return
	}
	for _, im := range a.prog.Imports {
		if im.Module == mod && im.Relative == dots {
			return
		}
	}
	a.prog.Imports = append(a.prog.Imports, Import{Line: line, Module: mod, Relative: dots})
}

// qual is the qualified name a callee refers to through the imports
// (requests.post, subprocess.run, github.Github), "" when it is a
// variable or a value.
func (a *analyzer) qual(n *node) string {
	switch n.kind {
	case nName:
		if q, ok := a.imports[n.name]; ok {
			return q
		}
		if _, ok := a.assigns[n.name]; ok {
			return ""
		}
		return n.name
	case nAttr:
		if x := a.qual(n.x); x != "" {
			return x + "." + n.name
		}
	}
	return ""
}

// bindCalls binds the parameters of the script's functions to what its
// calls of them pass, when that carries a credential.
func (a *analyzer) bindCalls() {
	defer clear(a.nameCache) // worked out again with what is bound
	for round := 0; round < 3; round++ {
		clear(a.nameCache)
		changed := false
		a.callArgs(func(call *node, param string, v *node) {
			a.budget = maxWork
			srcs := a.sources(v, 0, false)
			if len(srcs) == 0 {
				return
			}
			a.accounted[call] = true
			before := len(a.bound[param])
			a.bound[param] = codeflow.Union(a.bound[param], srcs...)
			changed = changed || len(a.bound[param]) != before
		})
		if !changed {
			return
		}
	}
}

// callArgs calls fn for each argument a call of one of the script's
// functions passes, by place or by keyword, with the parameter it is
// given for.
func (a *analyzer) callArgs(fn func(call *node, param string, v *node)) {
	for _, s := range a.stmts {
		for _, e := range s.all() {
			walk(e, func(n *node) {
				if n.kind != nCall || n.x == nil || n.x.kind != nName {
					return
				}
				f, ok := a.funcs[n.x.name]
				if !ok {
					return
				}
				for i, arg := range n.args {
					if i < len(f.params) && arg.kind != nStar {
						fn(n, f.params[i], arg)
					}
				}
				for _, kw := range n.kw {
					for _, p := range f.params {
						if p == kw.name {
							fn(n, p, kw.val)
						}
					}
				}
			})
		}
	}
}

// walk calls fn on n and every node below it.
func walk(n *node, fn func(*node)) {
	if n == nil {
		return
	}
	fn(n)
	walk(n.x, fn)
	walk(n.y, fn)
	walk(n.z, fn)
	for _, c := range n.args {
		walk(c, fn)
	}
	for _, k := range n.kw {
		walk(k.val, fn)
	}
	for _, k := range n.keys {
		walk(k, fn)
	}
	for _, v := range n.vals {
		walk(v, fn)
	}
	for _, f := range n.fexprs {
		walk(f, fn)
	}
}

// valueOf is the one value the name n is bound to where it is used: its
// only assignment, or else the only one in the function n is read in
// (Python's names are local to the function that assigns them), or, when
// that function assigns none, the only one at module level. nil when
// that is not one value, or the name is declared global or nonlocal or
// is some function's parameter somewhere.
func (a *analyzer) valueOf(n *node) *node {
	vals := a.assigns[n.name]
	if len(vals) == 1 {
		return vals[0]
	}
	if len(vals) == 0 || a.globals[n.name] || a.paramOf[n.name] {
		return nil
	}
	pick := func(fn string) []*node {
		var out []*node
		for _, v := range vals {
			if a.assignFn[v] == fn {
				out = append(out, v)
			}
		}
		return out
	}
	fn := a.fnAt(n.line)
	local := pick(fn)
	if len(local) == 0 && fn != "" {
		local = pick("")
	}
	if len(local) == 1 {
		return local[0]
	}
	return nil
}

// fnAt is the function the statement at line is in ("" at module level):
// that of the last statement that starts at or before it.
func (a *analyzer) fnAt(line int) string {
	i := sort.Search(len(a.stmts), func(i int) bool { return a.stmts[i].line > line })
	if i == 0 {
		return ""
	}
	return a.stmts[i-1].fn
}

// constString is a string constant's value.
func constString(n *node) (string, bool) {
	if n == nil {
		return "", false
	}
	switch n.kind {
	case nStr:
		if n.str != nil && n.str.fparts == nil {
			return n.str.value, true
		}
		if n.str != nil {
			var b strings.Builder
			for _, f := range n.str.fparts {
				if f.isEx {
					return "", false
				}
				b.WriteString(f.lit)
			}
			return b.String(), true
		}
	case nBin:
		if n.name == "+" {
			x, ok1 := constString(n.x)
			y, ok2 := constString(n.y)
			return x + y, ok1 && ok2
		}
	}
	return "", false
}

// pyGithubGetUser is PyGithub's get_user: the authenticated user without
// a login, another user with one.
func pyGithubGetUser(call *node) string {
	if len(call.args) == 0 && len(call.kw) == 0 {
		return "AuthenticatedUser"
	}
	return "NamedUser"
}

// pyGithubCall reads a method call on a PyGithub object of class cls.
func (a *analyzer) pyGithubCall(call *node, cls, method string) (knowledge.PyGithubCall, bool) {
	c, ok := knowledge.PyGithubMethod(cls, method)
	if ok && cls == "Github" && method == "get_user" {
		c.Returns = pyGithubGetUser(call)
	}
	return c, ok
}
