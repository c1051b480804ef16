package pwshops

import (
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/pat2app/pat2app/scanner/shellops"
)

// Limits on the walk.
const (
	// maxList bounds the elements of an array value; beyond it they merge
	// into one.
	maxList = 64
	// maxFuncWalks bounds how often one function's body is walked.
	maxFuncWalks = 4
	// maxWalkDepth bounds nested function calls, script blocks and
	// Invoke-Expression.
	maxWalkDepth = 16
)

// pval is a PowerShell value as the walk knows it: a string (a shellops
// word, which keeps the credentials it carries), an array, a hashtable or
// a script block.
type pval struct {
	w     shellops.Word
	list  []pval
	arr   bool
	hash  *hashVal
	block *blockExpr
	// some is true when the value exists (a missing one is $null).
	some bool
}

// hashVal is a hashtable: keys compared without case, in order of
// insertion.
type hashVal struct {
	keys []string
	vals map[string]pval
}

func (h *hashVal) set(key string, v pval) {
	k := strings.ToLower(key)
	if _, ok := h.vals[k]; !ok {
		h.keys = append(h.keys, k)
	}
	h.vals[k] = v
}

func (h *hashVal) get(key string) (pval, bool) {
	v, ok := h.vals[strings.ToLower(key)]
	return v, ok
}

func newHash() *hashVal { return &hashVal{vals: map[string]pval{}} }

func scalar(w shellops.Word) pval { return pval{w: w, some: true} }

func listOf(vs []pval) pval {
	if len(vs) > maxList {
		var all []shellops.Word
		for _, v := range vs[maxList-1:] {
			all = append(all, v.words()...)
		}
		vs = append(vs[:maxList-1:maxList-1], scalar(shellops.Opaque("...", 0, all...)))
	}
	return pval{list: vs, arr: true, some: true}
}

// word is the value as one string: array elements joined by spaces, a
// hashtable as an opaque value carrying its values' credentials.
func (v pval) word() shellops.Word {
	switch {
	case v.arr:
		ws := make([]shellops.Word, 0, 2*len(v.list))
		for i, x := range v.list {
			if i > 0 {
				ws = append(ws, litWord(" "))
			}
			ws = append(ws, x.word())
		}
		return shellops.Join(ws...)
	case v.hash != nil:
		var ws []shellops.Word
		for _, k := range v.hash.keys {
			ws = append(ws, v.hash.vals[k].word())
		}
		return shellops.Opaque("hashtable", 0, ws...)
	}
	return v.w
}

// words is the value as a native command's arguments: one per array
// element.
func (v pval) words() []shellops.Word {
	if v.arr {
		var out []shellops.Word
		for _, x := range v.list {
			out = append(out, x.words()...)
		}
		return out
	}
	if !v.some && v.block == nil {
		return nil
	}
	return []shellops.Word{v.word()}
}

func (v pval) hasCreds() bool {
	switch {
	case v.arr:
		for _, x := range v.list {
			if x.hasCreds() {
				return true
			}
		}
		return false
	case v.hash != nil:
		for _, x := range v.hash.vals {
			if x.hasCreds() {
				return true
			}
		}
		return false
	}
	return v.w.HasCredentials()
}

// litWord is literal text the reader makes (a separator, a newline).
func litWord(s string) shellops.Word { return shellops.Text(s) }

// interp walks a parsed script with a session.
type interp struct {
	s  *shellops.Session
	sc *script
	p  *parser
	// scopes are the variable scopes, innermost last; names in lower case.
	scopes []map[string]pval
	funcs  map[string]*funcStmt
	walks  map[string]int
	// unread is the next unread stretch to report.
	unread    int
	cond      int
	depth     int
	windowsPS bool
	// line is the line every node is reported on while code from a
	// string (Invoke-Expression, pwsh -Command) is walked, 0 otherwise;
	// outer is then the call that runs it.
	line  int
	outer node
	steps int
}

func newInterp(s *shellops.Session, sc *script, windowsPS bool) *interp {
	return &interp{s: s, sc: sc, p: sc.p, scopes: []map[string]pval{{}}, funcs: map[string]*funcStmt{},
		walks: map[string]int{}, windowsPS: windowsPS}
}

// run walks the script, then the functions no statement called.
func (e *interp) run() {
	if ps := paramsOf(e.sc.body); len(ps) > 0 {
		e.bindScriptParams(ps, e.s.Args())
	}
	e.stmts(e.sc.body)
	e.flushUnread(len(e.p.src) + 1)
	names := make([]string, 0, len(e.funcs))
	for n := range e.funcs {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if e.walks[n] == 0 {
			f := e.funcs[n]
			e.callFunc(f, nil, pval{}, e.lineOf(f.off), true)
		}
	}
}

// bindScriptParams binds a script's param(...) block to the arguments it
// is run with (./Configure.ps1 -Branch x -Key $env:KEY, or by position):
// a known word -Name (or -Name:value) names the parameter whose name it
// is or starts, the next argument its value; the others fill the
// parameters not named, in order, and $args holds the rest. A parameter
// given nothing takes its default.
func (e *interp) bindScriptParams(params []param, args []shellops.Word) {
	scope := e.scopes[0]
	cl := paramsCmdlet(params)
	bound := map[string]bool{}
	var rest []pval
	next := 0
	for i := 0; i < len(args); i++ {
		a := args[i]
		if name, val, ok := namedArg(cl, a); ok {
			switch {
			case val != "":
				scope[name] = scalar(shellops.Text(val))
			case i+1 < len(args):
				if _, _, flag := namedArg(cl, args[i+1]); !flag {
					i++
					scope[name] = scalar(args[i])
					break
				}
				scope[name] = scalar(shellops.Text("True"))
			default:
				scope[name] = scalar(shellops.Text("True"))
			}
			bound[name] = true
			continue
		}
		for next < cl.npos && bound[cl.params[next]] {
			next++
		}
		if next < cl.npos {
			n := cl.params[next]
			scope[n], bound[n] = scalar(a), true
			next++
			continue
		}
		rest = append(rest, scalar(a))
	}
	for _, p := range params {
		if n := strings.ToLower(p.name); !bound[n] && p.def != nil {
			scope[n] = e.expr(p.def)
		}
	}
	scope["args"] = listOf(rest)
}

// namedArg reads a known argument -Name or -Name:value that names one of
// the script's parameters (by its whole name or a prefix only it starts
// with, cmdlet.match): the parameter's name in lower case and the value the
// argument itself holds.
func namedArg(cl *cmdlet, a shellops.Word) (name, val string, ok bool) {
	t := a.String()
	if !a.Known() || len(t) < 2 || t[0] != '-' {
		return "", "", false
	}
	t, val, _ = strings.Cut(t[1:], ":")
	name = cl.match(t)
	return name, val, slices.Contains(cl.params, name)
}

func (e *interp) lineOf(off int) int {
	if e.line > 0 {
		return e.line
	}
	return e.p.lineOf(off)
}

// lit is literal text on a line.
func (e *interp) lit(s string, line int) shellops.Word { return e.s.Lit(s, line) }

// evidence is the text of n as a use shows it.
func (e *interp) evidence(n node) string {
	t := e.p.text(n)
	if e.line > 0 {
		// Code run from a string: the call says more.
		t = e.sc.p.text(e.outer)
	}
	t = strings.ReplaceAll(t, "`\r\n", " ")
	return strings.ReplaceAll(t, "`\n", " ")
}

// stopped reports whether the walk reached its limits.
func (e *interp) stopped() bool {
	e.steps++
	return e.steps > 4*shellops.MaxNodes || e.s.Stopped()
}

// branch enters code that may not run.
func (e *interp) branch() func() {
	e.cond++
	leave := e.s.Branch()
	return func() {
		e.cond--
		leave()
	}
}

// flushUnread reports the unread stretches that start before off.
func (e *interp) flushUnread(off int) {
	if e.p != e.sc.p {
		return
	}
	for e.unread < len(e.sc.unread) && e.sc.unread[e.unread].off < off {
		u := e.sc.unread[e.unread]
		e.unread++
		e.unreadText(u.off, u.end, "PowerShell not read ("+u.reason+")")
	}
}

// unreadText reports the lines from off to end as not read.
func (e *interp) unreadText(off, end int, reason string) {
	if e.line > 0 {
		text := e.p.text(node{off, end})
		e.s.Unread(e.line, e.sc.p.text(e.outer), reason, true, e.mentioned(text)...)
		return
	}
	for l := e.p.lineOf(off); l <= e.p.lineOf(end); l++ {
		start := 0
		if l > 1 && l-2 < len(e.p.nl) {
			start = e.p.nl[l-2] + 1
		}
		text := e.p.text(node{start, e.p.lineEnd(start)})
		if strings.Trim(text, " \t\r{}()") == "" {
			continue
		}
		e.s.Unread(l, text, reason, true, e.mentioned(text)...)
	}
}

// mentioned lists the values of the variables text names that carry a
// credential.
func (e *interp) mentioned(text string) []shellops.Word {
	lower := strings.ToLower(text)
	var out []shellops.Word
	for _, sc := range e.scopes {
		for name, v := range sc {
			if v.hasCreds() && (strings.Contains(lower, "$"+name) || strings.Contains(lower, "${"+name+"}")) {
				out = append(out, v.word())
			}
		}
	}
	return out
}

// stmts walks statements and returns what they output.
func (e *interp) stmts(ss []stmt) pval {
	var out []pval
	for _, s := range ss {
		if e.stopped() {
			break
		}
		e.flushUnread(s.at().off)
		if v := e.stmt(s); v.some {
			out = append(out, v)
		}
	}
	return joinOutputs(out)
}

// joinOutputs is the output of several statements: nothing, one value, or
// an array of them.
func joinOutputs(out []pval) pval {
	switch len(out) {
	case 0:
		return pval{}
	case 1:
		return out[0]
	}
	var all []pval
	for _, v := range out {
		if v.arr {
			all = append(all, v.list...)
		} else {
			all = append(all, v)
		}
	}
	return listOf(all)
}

func (e *interp) stmt(s stmt) pval {
	switch x := s.(type) {
	case *pipeline:
		return e.pipeline(x)
	case *chainStmt:
		var out []pval
		for i, pl := range x.pipes {
			if i == 1 {
				defer e.branch()()
			}
			out = append(out, e.pipeline(pl))
		}
		return joinOutputs(out)
	case *assignStmt:
		e.assign(x)
		return pval{}
	case *ifStmt:
		var out []pval
		for i, c := range x.conds {
			if i > 0 {
				defer e.branch()()
			}
			e.stmt(c)
			leave := e.branch()
			out = append(out, e.stmts(x.bodies[i]))
			leave()
		}
		if x.els != nil {
			leave := e.branch()
			out = append(out, e.stmts(x.els))
			leave()
		}
		return joinOutputs(out)
	case *loopStmt:
		return e.loop(x)
	case *switchStmt:
		v := e.stmt(x.value)
		if x.hasFile {
			v = e.readFile(v.word(), e.lineOf(x.off))
		}
		var out []pval
		leave := e.branch()
		e.setVar("_", v)
		e.setVar("psitem", v)
		for i := range x.conds {
			if b, ok := x.conds[i].(*blockExpr); ok {
				e.stmts(b.body)
			}
			out = append(out, e.stmts(x.bodies[i]))
		}
		leave()
		return joinOutputs(out)
	case *tryStmt:
		out := []pval{e.stmts(x.body)}
		for _, c := range x.catches {
			leave := e.branch()
			out = append(out, e.stmts(c))
			leave()
		}
		out = append(out, e.stmts(x.finally))
		return joinOutputs(out)
	case *funcStmt:
		e.funcs[strings.ToLower(x.name)] = x
		return pval{}
	case *flowStmt:
		if x.value == nil {
			return pval{}
		}
		v := e.stmt(x.value)
		if x.kind == "return" {
			return v
		}
		return pval{}
	case *blockStmt:
		return e.stmts(x.body)
	case *paramStmt:
		return pval{}
	case *skippedStmt:
		e.unreadText(x.off, x.end, "PowerShell "+x.what+" statement not read")
		return pval{}
	}
	return pval{}
}

// loop walks foreach, for, while and do loops.
func (e *interp) loop(x *loopStmt) pval {
	e.s.Loop()
	var coll pval
	if x.kind != "foreach" {
		for _, h := range x.heads {
			e.stmt(h)
		}
	} else if len(x.heads) > 0 {
		coll = e.stmt(x.heads[0])
	}
	leave := e.branch()
	defer leave()
	if x.kind == "foreach" {
		e.setVar(x.variable, itemOf(coll, x.variable, e.lineOf(x.off)))
	}
	return e.stmts(x.body)
}

// itemOf is one element of a collection: the collection's credentials
// in a value that is not known.
func itemOf(coll pval, name string, line int) pval {
	if !coll.arr {
		return coll
	}
	if len(coll.list) == 1 {
		return coll.list[0]
	}
	ws := coll.words()
	texts := make([]string, 0, len(ws))
	for _, w := range ws {
		if !w.Known() || w.HasCredentials() {
			return scalar(shellops.Opaque(name, line, ws...))
		}
		texts = append(texts, w.String())
	}
	return scalar(shellops.OneOf(name, line, texts))
}

// pipeline walks the elements of a pipeline, each fed the previous one's
// output.
func (e *interp) pipeline(pl *pipeline) pval {
	var in pval
	for _, el := range pl.elems {
		var out pval
		if el.cmd != nil {
			out = e.command(el.cmd, in)
		} else {
			out = e.expr(el.expr)
		}
		for _, r := range el.redirs {
			if r.target == nil || (r.stream != "1" && r.stream != "*") {
				continue
			}
			line := e.lineOf(el.off)
			target := e.expr(r.target).word()
			e.s.Write(line, target, shellops.Join(out.word(), litWord("\n")), r.app)
			out = pval{}
		}
		in = out
	}
	return in
}

// assign walks an assignment and returns the value assigned ($a = $b =
// value assigns value to both).
func (e *interp) assign(x *assignStmt) pval {
	var v pval
	if inner, ok := x.value.(*assignStmt); ok {
		v = e.assign(inner)
	} else {
		v = e.stmt(x.value)
	}
	line := e.lineOf(x.off)
	switch x.op {
	case "=":
	case "+=", "??=":
		prev := e.expr(x.target)
		switch {
		case x.op == "??=" && prev.some:
			v = merge(prev, v, "", line)
		case prev.arr:
			v = listOf(append(append([]pval(nil), prev.list...), v.list...))
			if !v.arr {
				v = listOf(append(append([]pval(nil), prev.list...), v))
			}
		case prev.hash != nil && v.hash != nil:
			h := newHash()
			for _, k := range prev.hash.keys {
				h.set(k, prev.hash.vals[k])
			}
			for _, k := range v.hash.keys {
				h.set(k, v.hash.vals[k])
			}
			v = pval{hash: h, some: true}
		default:
			v = scalar(shellops.Join(prev.word(), v.word()))
		}
	default:
		prev := e.expr(x.target)
		v = scalar(shellops.Opaque("value", line, prev.word(), v.word()))
	}
	e.assignTo(x.target, v, line)
	return v
}

// assignTo stores v in an assignment's target.
func (e *interp) assignTo(target expr, v pval, line int) {
	switch t := target.(type) {
	case *varExpr:
		if t.scope == "env" {
			e.s.SetEnv(t.name, v.word())
			return
		}
		e.setScoped(t.scope, t.name, v, line)
	case *unaryExpr:
		if strings.HasPrefix(t.op, "[") {
			e.assignTo(t.x, v, line)
		}
	case *binExpr:
		if t.op == "," {
			for _, x := range flattenComma(t) {
				e.assignTo(x, scalar(shellops.Opaque("value", line, v.words()...)), line)
			}
		}
	case *memberExpr, *indexExpr:
		key, recv := memberKey(t)
		if key != nil {
			if h := e.expr(recv); h.hash != nil {
				if k := e.expr(key).word(); k.Known() {
					h.hash.set(k.String(), v)
					return
				}
			}
		}
		// Anything else gives the variable behind it the value's
		// credentials ($client.DefaultRequestHeaders.Authorization = ...).
		if root := rootVar(t); root != nil && v.hasCreds() {
			prev := e.expr(root)
			e.assignTo(root, merge(prev, v, root.name, line), line)
		}
	}
}

// memberKey is the key of $h.key and $h['key'], and the hashtable's
// expression.
func memberKey(x expr) (expr, expr) {
	switch t := x.(type) {
	case *memberExpr:
		if !t.static && !t.call {
			return t.name, t.x
		}
	case *indexExpr:
		return t.i, t.x
	}
	return nil, nil
}

// rootVar is the variable a member or index chain starts from.
func rootVar(x expr) *varExpr {
	for {
		switch t := x.(type) {
		case *varExpr:
			return t
		case *memberExpr:
			x = t.x
		case *indexExpr:
			x = t.x
		default:
			return nil
		}
	}
}

// merge is what a variable holds after code that may or may not have set
// it: either value.
func merge(prev, v pval, name string, line int) pval {
	if !prev.some {
		return v
	}
	if prev.hash != nil && v.hash != nil {
		h := newHash()
		for _, k := range prev.hash.keys {
			h.set(k, prev.hash.vals[k])
		}
		for _, k := range v.hash.keys {
			if old, ok := h.get(k); ok {
				h.set(k, merge(old, v.hash.vals[k], k, line))
			} else {
				h.set(k, v.hash.vals[k])
			}
		}
		return pval{hash: h, some: true}
	}
	if !prev.hasCreds() && !prev.arr && prev.hash == nil && prev.w.Known() && !v.hasCreds() {
		return v
	}
	if name == "" {
		name = "value"
	}
	return scalar(shellops.Opaque(name, line, append(prev.words(), v.words()...)...))
}

// setVar sets a variable in the innermost scope.
func (e *interp) setVar(name string, v pval) {
	e.scopes[len(e.scopes)-1][strings.ToLower(name)] = v
}

// setScoped sets a variable as an assignment does: in its scope, merged
// with its value before inside code that may not run.
func (e *interp) setScoped(scope, name string, v pval, line int) {
	n := strings.ToLower(name)
	sc := e.scopes[len(e.scopes)-1]
	if scope == "global" || scope == "script" {
		sc = e.scopes[0]
	}
	if e.cond > 0 {
		if prev, ok := e.getVar(n); ok {
			v = merge(prev, v, name, line)
		}
	}
	sc[n] = v
}

func (e *interp) getVar(n string) (pval, bool) {
	for i := len(e.scopes) - 1; i >= 0; i-- {
		if v, ok := e.scopes[i][n]; ok {
			return v, true
		}
	}
	return pval{}, false
}

// variable is the value of a variable reference.
func (e *interp) variable(x *varExpr) pval {
	line := e.lineOf(x.off)
	switch x.scope {
	case "env":
		return scalar(e.s.Env(x.name, line))
	case "function", "alias":
		return scalar(shellops.Opaque(x.name, line))
	}
	n := strings.ToLower(x.name)
	if v, ok := e.getVar(n); ok {
		return v
	}
	switch n {
	case "true":
		return scalar(e.lit("True", line))
	case "false":
		return scalar(e.lit("False", line))
	case "null":
		return pval{}
	}
	if strings.HasPrefix(x.name, shellops.PlaceholderPrefix) {
		return scalar(e.s.Env(x.name, line))
	}
	return scalar(shellops.Opaque(x.name, line))
}

// expr evaluates an expression.
func (e *interp) expr(x expr) pval {
	if x == nil || e.stopped() {
		return pval{}
	}
	line := e.lineOf(x.at().off)
	switch t := x.(type) {
	case *litExpr:
		return scalar(e.lit(t.text, line))
	case *strExpr:
		ws := make([]shellops.Word, 0, len(t.parts))
		for _, p := range t.parts {
			ws = append(ws, e.expr(p).word())
		}
		return scalar(shellops.Join(ws...))
	case *varExpr:
		return e.variable(t)
	case *subExpr:
		return e.stmts(t.body)
	case *parenExpr:
		return e.stmts(t.body)
	case *hashExpr:
		h := newHash()
		for i, k := range t.keys {
			key := e.expr(k).word()
			h.set(key.String(), e.stmt(t.vals[i]))
		}
		return pval{hash: h, some: true}
	case *arrayExpr:
		var vs []pval
		for _, el := range t.elems {
			vs = append(vs, e.expr(el))
		}
		return listOf(vs)
	case *binExpr:
		return e.binary(t, line)
	case *unaryExpr:
		v := e.expr(t.x)
		switch {
		case strings.HasPrefix(t.op, "["):
			return v
		case t.op == "-not" || t.op == "!":
			return scalar(e.lit("False", line))
		case t.op == ",":
			return listOf([]pval{v})
		case t.op == "-join":
			return scalar(shellops.Join(v.words()...))
		case t.op == "-split" || t.op == "-csplit" || t.op == "-isplit":
			return v
		}
		return scalar(shellops.Opaque("value", line, v.words()...))
	case *memberExpr:
		return e.member(t, line)
	case *indexExpr:
		v := e.expr(t.x)
		i := e.expr(t.i).word()
		if v.hash != nil && i.Known() {
			if r, ok := v.hash.get(i.String()); ok {
				return r
			}
			return pval{}
		}
		if v.arr && i.Known() {
			if k, err := strconv.Atoi(i.String()); err == nil && k >= 0 && k < len(v.list) {
				return v.list[k]
			}
		}
		if !v.arr && v.hash == nil && !v.hasCreds() && v.w.Known() {
			return scalar(shellops.Opaque("value", line))
		}
		return scalar(shellops.Opaque("value", line, v.words()...))
	case *typeExpr:
		return scalar(e.lit("["+t.name+"]", line))
	case *blockExpr:
		return pval{block: t, w: e.lit(e.p.text(t.node), line), some: true}
	case *splatExpr:
		v, _ := e.getVar(strings.ToLower(t.name))
		return v
	}
	return pval{}
}

// binary evaluates l op r.
func (e *interp) binary(t *binExpr, line int) pval {
	if t.op == "," {
		var vs []pval
		for _, x := range flattenComma(t) {
			vs = append(vs, e.expr(x))
		}
		return listOf(vs)
	}
	l, r := e.expr(t.l), e.expr(t.r)
	switch t.op {
	case "+":
		switch {
		case l.arr:
			if r.arr {
				return listOf(append(append([]pval(nil), l.list...), r.list...))
			}
			return listOf(append(append([]pval(nil), l.list...), r))
		case l.hash != nil && r.hash != nil:
			return merge(l, r, "", line)
		}
		return scalar(shellops.Join(l.word(), r.word()))
	case "-f":
		return scalar(e.format(l.word(), r.words(), line))
	case "-join":
		sep := r.word()
		var ws []shellops.Word
		for i, x := range l.words() {
			if i > 0 {
				ws = append(ws, sep)
			}
			ws = append(ws, x)
		}
		return scalar(shellops.Join(ws...))
	case "??", ":":
		// Either side's value (a ?? b, cond ? a : b).
		return merge(l, r, "", line)
	case "?":
		return r
	case "-replace", "-creplace", "-ireplace", "-split", "-csplit", "-isplit", "-as":
		return scalar(shellops.Opaque("value", line, append(l.words(), r.words()...)...))
	case "..", "-", "*", "/", "%", "-band", "-bor", "-bxor", "-shl", "-shr":
		return scalar(shellops.Opaque("value", line))
	}
	// Comparisons and logic: a test, not a use.
	return scalar(e.lit("False", line))
}

// format is `"...{0}..." -f args`: the format's literal text with each
// {n} replaced by argument n.
func (e *interp) format(f shellops.Word, args []shellops.Word, line int) shellops.Word {
	if !f.Known() {
		return shellops.Opaque("value", line, append([]shellops.Word{f}, args...)...)
	}
	s := f.String()
	var ws []shellops.Word
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c == '{' || c == '}') && i+1 < len(s) && s[i+1] == c {
			b.WriteByte(c)
			i++
			continue
		}
		if c == '{' {
			j := strings.IndexByte(s[i:], '}')
			if j > 0 {
				spec := s[i+1 : i+j]
				if k := strings.IndexAny(spec, ",:"); k >= 0 {
					spec = spec[:k]
				}
				if n, err := strconv.Atoi(strings.TrimSpace(spec)); err == nil && n >= 0 && n < len(args) {
					ws = append(ws, e.lit(b.String(), line), args[n])
					b.Reset()
					i += j
					continue
				}
			}
		}
		b.WriteByte(c)
	}
	ws = append(ws, e.lit(b.String(), line))
	return shellops.Join(ws...)
}
