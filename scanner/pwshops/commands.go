package pwshops

import (
	"strings"

	"github.com/pat2app/pat2app/scanner/shellops"
)

// call is a command call with its arguments bound to a cmdlet's
// parameters.
type call struct {
	c     *command
	line  int
	stdin pval
	// named are the parameters given by name or position (lower case
	// canonical names); switches the switches given; extra the positional
	// values no parameter took.
	named    map[string]pval
	switches map[string]bool
	extra    []pval
}

func (k *call) get(names ...string) (pval, bool) {
	for _, n := range names {
		if v, ok := k.named[n]; ok {
			return v, true
		}
	}
	return pval{}, false
}

// cmdlet is what the reader knows of one of PowerShell's commands: its
// parameters (the first npos take positional values, in order), its
// switches, and what it does.
type cmdlet struct {
	params   []string
	npos     int
	switches []string
	run      func(e *interp, k *call) pval
}

// commandKey is the name a command is looked up by: its last path
// element in lower case, without .exe.
func commandKey(name string) string {
	n := strings.ToLower(name)
	if i := strings.LastIndexAny(n, `/\`); i >= 0 {
		n = n[i+1:]
	}
	return strings.TrimSuffix(n, ".exe")
}

// command walks a command call.
func (e *interp) command(c *command, stdin pval) pval {
	line := e.lineOf(c.off)
	name := e.expr(c.name)
	if name.block != nil {
		return e.callBlock(name.block, c, stdin, c.invoke == ".")
	}
	text := name.word().String()
	if f, ok := e.funcs[strings.ToLower(text)]; ok && name.word().Known() {
		return e.callFunc(f, c, stdin, line, false)
	}
	key := commandKey(text)
	if a, ok := aliases[key]; ok {
		key = a
	} else if e.windowsPS && (key == "curl" || key == "wget") && !strings.HasSuffix(strings.ToLower(text), ".exe") {
		key = "invoke-webrequest"
	}
	if cl, ok := cmdlets[key]; ok && name.word().Known() {
		return cl.run(e, e.bind(c, cl, stdin, line))
	}
	if (key == "pwsh" || key == "powershell") && name.word().Known() {
		if code, ok := e.inlineCode(c); ok {
			return e.runCode(code, line, c.node)
		}
	}
	return e.native(c, name, stdin, line)
}

// native runs an external program through the session.
func (e *interp) native(c *command, name pval, stdin pval, line int) pval {
	nw := name.word()
	if nw.Known() {
		t := nw.String()
		if !strings.ContainsAny(t, `/\`) {
			// Windows finds programs whatever the case of their name.
			t = strings.ToLower(t)
		}
		if strings.HasSuffix(strings.ToLower(t), ".exe") {
			t = t[:len(t)-4]
		}
		nw = e.lit(t, line)
	}
	words := []shellops.Word{nw}
	for _, a := range c.args {
		switch {
		case a.splat != "":
			v, _ := e.getVar(strings.ToLower(a.splat))
			if v.hash != nil {
				for _, k := range v.hash.keys {
					words = append(words, shellops.Join(litWord("-"+k+":"), v.hash.vals[k].word()))
				}
			} else {
				words = append(words, v.words()...)
			}
		case a.verbatim:
			for _, f := range strings.Fields(e.p.text(a.value.at())) {
				words = append(words, e.lit(f, line))
			}
		case a.param != "" && a.colon:
			words = append(words, shellops.Join(litWord("-"+a.param+":"), e.expr(a.value).word()))
		case a.param != "":
			words = append(words, litWord("-"+a.param))
		default:
			words = append(words, e.expr(a.value).words()...)
		}
	}
	var in shellops.Word
	if stdin.some {
		in = stdin.word()
	}
	out := e.s.Run(shellops.Call{Line: line, Words: words, Stdin: in, Evidence: e.evidence(c.node)})
	return scalar(out)
}

// bind binds a command's arguments to a cmdlet's parameters as PowerShell
// does: names may be shortened to an unambiguous prefix, a parameter that
// is not a switch takes the next value, positional values fill the
// positional parameters not given by name.
func (e *interp) bind(c *command, cl *cmdlet, stdin pval, line int) *call {
	k := &call{c: c, line: line, stdin: stdin, named: map[string]pval{}, switches: map[string]bool{}}
	var pos []pval
	for i := 0; i < len(c.args); i++ {
		a := c.args[i]
		switch {
		case a.splat != "":
			v, _ := e.getVar(strings.ToLower(a.splat))
			if v.hash == nil {
				pos = append(pos, v.list...)
				if !v.arr && v.some {
					pos = append(pos, v)
				}
				continue
			}
			for _, key := range v.hash.keys {
				n := cl.match(key)
				if cl.isSwitch(n) {
					k.switches[n] = true
				} else {
					k.named[n] = v.hash.vals[key]
				}
			}
		case a.param != "":
			n := cl.match(a.param)
			switch {
			case a.colon:
				k.named[n] = e.expr(a.value)
				if cl.isSwitch(n) {
					k.switches[n] = true
				}
			case cl.isSwitch(n):
				k.switches[n] = true
			case i+1 < len(c.args) && c.args[i+1].param == "" && c.args[i+1].splat == "" && !c.args[i+1].verbatim:
				k.named[n] = e.expr(c.args[i+1].value)
				i++
			default:
				k.switches[n] = true
			}
		case a.value != nil:
			pos = append(pos, e.expr(a.value))
		}
	}
	next := 0
	for _, v := range pos {
		for next < cl.npos {
			if _, ok := k.named[cl.params[next]]; !ok {
				break
			}
			next++
		}
		if next < cl.npos {
			k.named[cl.params[next]] = v
			next++
			continue
		}
		k.extra = append(k.extra, v)
	}
	return k
}

// match is the parameter a given name stands for.
func (cl *cmdlet) match(given string) string {
	g := strings.ToLower(given)
	found := ""
	for _, list := range [][]string{cl.params, cl.switches} {
		for _, p := range list {
			if p == g {
				return p
			}
			if strings.HasPrefix(p, g) {
				if found != "" && found != p {
					return g // ambiguous
				}
				found = p
			}
		}
	}
	if found != "" {
		return found
	}
	return g
}

func (cl *cmdlet) isSwitch(n string) bool {
	for _, s := range cl.switches {
		if s == n {
			return true
		}
	}
	return false
}

// inlineCode is the literal code of pwsh -Command CODE (or -c).
func (e *interp) inlineCode(c *command) (string, bool) {
	for i, a := range c.args {
		p := strings.ToLower(a.param)
		if p == "" || !strings.HasPrefix("command", p) {
			continue
		}
		var v pval
		switch {
		case a.colon:
			v = e.expr(a.value)
		case i+1 < len(c.args) && c.args[i+1].value != nil:
			v = e.expr(c.args[i+1].value)
		default:
			return "", false
		}
		if v.block != nil {
			return e.p.text(v.block.node), true
		}
		if w := v.word(); w.Known() {
			return w.String(), true
		}
		return "", false
	}
	return "", false
}

// runCode walks PowerShell code given as a string (Invoke-Expression,
// pwsh -Command), reporting everything on the line of the call.
func (e *interp) runCode(code string, line int, outer node) pval {
	if e.depth >= maxWalkDepth || e.line > 0 {
		e.s.Unread(line, e.sc.p.text(outer), "PowerShell code run from a string inside another is not read", true, e.mentioned(code)...)
		return pval{}
	}
	sub := parse(code)
	savedP, savedLine, savedOuter := e.p, e.line, e.outer
	e.p, e.line, e.outer = sub.p, line, outer
	e.depth++
	out := e.stmts(sub.body)
	for _, u := range sub.unread {
		e.s.Unread(line, e.sc.p.text(outer), "PowerShell not read ("+u.reason+")", true, e.mentioned(sub.p.text(node{u.off, u.end}))...)
	}
	e.depth--
	e.p, e.line, e.outer = savedP, savedLine, savedOuter
	return out
}

// callFunc walks a function's body for a call (c nil: a function no
// statement calls, walked once so that its uses are seen).
func (e *interp) callFunc(f *funcStmt, c *command, stdin pval, line int, uncalled bool) pval {
	name := strings.ToLower(f.name)
	params := f.params
	if len(params) == 0 {
		params = paramsOf(f.body)
	}
	scope := e.bindParams(params, c, stdin, line)
	var sig []string
	for _, v := range scope {
		sig = append(sig, v.word().Credentials()...)
	}
	key := name + "\x00" + strings.Join(sig, ",")
	if e.depth >= maxWalkDepth || e.walks[key] > 0 || e.walks[name] >= maxFuncWalks {
		return pval{}
	}
	e.walks[key]++
	e.walks[name]++
	e.depth++
	e.scopes = append(e.scopes, scope)
	out := e.stmts(f.body)
	e.scopes = e.scopes[:len(e.scopes)-1]
	e.depth--
	_ = uncalled
	return out
}

// callBlock walks a script block run by & or . (in the caller's scope).
func (e *interp) callBlock(b *blockExpr, c *command, stdin pval, dot bool) pval {
	if e.depth >= maxWalkDepth {
		return pval{}
	}
	e.depth++
	defer func() { e.depth-- }()
	if dot {
		return e.stmts(b.body)
	}
	e.scopes = append(e.scopes, e.bindParams(b.params, c, stdin, e.lineOf(b.off)))
	out := e.stmts(b.body)
	e.scopes = e.scopes[:len(e.scopes)-1]
	return out
}

// paramsOf is the param(...) block at the start of a body.
func paramsOf(body []stmt) []param {
	for _, s := range body {
		if ps, ok := s.(*paramStmt); ok {
			return ps.params
		}
	}
	return nil
}

// paramsCmdlet is a param(...) block as a command's parameters, each
// also taken by position.
func paramsCmdlet(params []param) *cmdlet {
	cl := &cmdlet{}
	for _, p := range params {
		cl.params = append(cl.params, strings.ToLower(p.name))
	}
	cl.npos = len(cl.params)
	return cl
}

// bindParams makes a function's scope: its parameters bound to the call's
// arguments, $args the rest, $_ the pipeline input.
func (e *interp) bindParams(params []param, c *command, stdin pval, line int) map[string]pval {
	scope := map[string]pval{}
	cl := paramsCmdlet(params)
	var k *call
	if c != nil {
		k = e.bind(c, cl, stdin, line)
	} else {
		k = &call{named: map[string]pval{}}
	}
	for _, p := range params {
		n := strings.ToLower(p.name)
		if v, ok := k.named[n]; ok {
			scope[n] = v
		} else if p.def != nil {
			scope[n] = e.expr(p.def)
		} else {
			scope[n] = scalar(shellops.Opaque(p.name, line))
		}
	}
	scope["args"] = listOf(k.extra)
	if stdin.some {
		scope["_"] = stdin
		scope["psitem"] = stdin
		scope["input"] = stdin
	}
	return scope
}

// readFile is what reading a file gives: the credentials written to it
// earlier in the script.
func (e *interp) readFile(path shellops.Word, line int) pval {
	return scalar(e.s.Run(shellops.Call{Line: line, Words: []shellops.Word{litWord("cat"), path}}))
}

// envPath is the variable name of an env: drive path (env:NAME,
// Env:\NAME), "" for another path.
func envPath(v pval) string {
	w := v.word()
	if !w.Known() {
		return ""
	}
	s := w.String()
	if len(s) < 4 || !strings.EqualFold(s[:4], "env:") {
		return ""
	}
	return strings.TrimLeft(s[4:], `\/`)
}

// lines is a value written as text, one element a line.
func lines(v pval, newline bool) shellops.Word {
	var ws []shellops.Word
	for i, w := range v.words() {
		if i > 0 {
			ws = append(ws, litWord("\n"))
		}
		ws = append(ws, w)
	}
	if newline {
		ws = append(ws, litWord("\n"))
	}
	return shellops.Join(ws...)
}

// member evaluates x.name, x.name(args), [type]::name(args).
func (e *interp) member(t *memberExpr, line int) pval {
	if t.static {
		return e.staticMember(t, line)
	}
	recv := e.expr(t.x)
	name := e.expr(t.name).word().String()
	ln := strings.ToLower(name)
	if !t.call {
		if recv.hash != nil {
			if v, ok := recv.hash.get(name); ok {
				return v
			}
			return scalar(shellops.Opaque(name, line, recv.word()))
		}
		return scalar(shellops.Opaque(name, line, recv.words()...))
	}
	args, argWords := e.evalArgs(t.args)
	switch ln {
	case "add", "append", "appendline", "push", "enqueue", "addrange", "set_item":
		switch {
		case recv.hash != nil && len(args) >= 2:
			recv.hash.set(args[0].word().String(), args[1])
		case len(args) > 0:
			if root := rootVar(t.x); root != nil {
				prev := e.expr(root)
				if prev.arr && root == t.x {
					e.assignTo(root, listOf(append(append([]pval(nil), prev.list...), args[len(args)-1])), line)
				} else if anyCreds(args) {
					e.assignTo(root, merge(prev, scalar(shellops.Opaque(root.name, line, argWords...)), root.name, line), line)
				}
			}
		}
		return pval{}
	case "invoke", "invokereturnasis":
		if recv.block != nil {
			return e.callBlock(recv.block, nil, pval{}, false)
		}
	}
	all := append(recv.words(), argWords...)
	if !pureMethods[ln] && (recv.hasCreds() || anyCreds(args)) {
		e.s.Unread(line, e.lineText(t.off), "method "+name+" is given the credential; what it does with it is not visible", false,
			shellops.Join(all...))
	}
	return scalar(shellops.Opaque(name, line, all...))
}

// evalArgs evaluates a method's arguments: their values, and all their
// words.
func (e *interp) evalArgs(xs []expr) ([]pval, []shellops.Word) {
	args := make([]pval, 0, len(xs))
	var words []shellops.Word
	for _, a := range xs {
		v := e.expr(a)
		args = append(args, v)
		words = append(words, v.words()...)
	}
	return args, words
}

func anyCreds(vs []pval) bool {
	for _, v := range vs {
		if v.hasCreds() {
			return true
		}
	}
	return false
}

// lineText is the text of the line holding off.
func (e *interp) lineText(off int) string {
	if e.line > 0 {
		return e.sc.p.text(e.outer)
	}
	return e.p.text(node{e.p.lineStart(off), e.p.lineEnd(off)})
}

// staticMember evaluates [type]::name and [type]::name(args).
func (e *interp) staticMember(t *memberExpr, line int) pval {
	typ := ""
	if te, ok := t.x.(*typeExpr); ok {
		typ = strings.TrimPrefix(strings.ToLower(te.name), "system.")
	}
	name := strings.ToLower(e.expr(t.name).word().String())
	args, ws := e.evalArgs(t.args)
	switch typ + "::" + name {
	case "environment::setenvironmentvariable":
		if len(args) >= 2 && args[0].word().Known() {
			target := ""
			if len(args) >= 3 {
				target = strings.ToLower(args[2].word().String())
			}
			// User and Machine variables do not reach this process.
			if target == "" || strings.Contains(target, "process") {
				e.s.SetEnv(args[0].word().String(), args[1].word())
			}
		}
		return pval{}
	case "environment::getenvironmentvariable":
		if len(args) >= 1 && args[0].word().Known() {
			return scalar(e.s.Env(args[0].word().String(), line))
		}
	case "io.file::writealltext", "io.file::appendalltext", "io.file::writealllines", "io.file::appendalllines", "io.file::writeallbytes":
		if len(args) >= 2 {
			app := strings.HasPrefix(name, "append")
			content := args[1].word()
			if strings.HasSuffix(name, "lines") {
				content = lines(args[1], true)
			}
			e.s.Write(line, args[0].word(), content, app)
		}
		return pval{}
	case "io.file::readalltext", "io.file::readalllines":
		if len(args) >= 1 {
			return e.readFile(args[0].word(), line)
		}
	}
	if !pureMethods[name] && anyCreds(args) {
		// [IO.File]::WriteAllBytes isn't the only static method that
		// sends what it is given somewhere: one not known to only make a
		// value is a use the reading does not follow.
		e.s.Unread(line, e.lineText(t.off), "method ["+typ+"]::"+name+" is given the credential; what it does with it is not visible", false,
			shellops.Join(ws...))
	}
	return scalar(shellops.Opaque(name, line, ws...))
}

// pureMethods are .NET methods that turn their receiver and arguments
// into a value and do nothing else with them: the value carries their
// credentials.
var pureMethods = map[string]bool{}

func init() {
	for _, m := range strings.Fields(`tostring trim trimstart trimend replace substring split tolower toupper
	tolowerinvariant toupperinvariant contains containskey containsvalue startswith endswith equals padleft
	padright insert remove indexof lastindexof join format concat getbytes getstring getnetworkcredential
	normalize tochararray clone where foreach length count getenumerator gettype compareto tobase64string
	frombase64string isnullorempty isnullorwhitespace escapedatastring escapeuristring unescapedatastring
	urlencode urldecode htmlencode parse tryparse new create combine getfilename getdirectoryname
	getextension getfullpath exists getvalue get_item toarray sort reverse matches match ismatch escape
	unescape securestringtobstr ptrtostringauto ptrtostringbstr ptrtostringunicode zerofreebstr
	converttojson convertfromjson getproperty item trimend encode decode computehash tohexstring
	makeabsolute makerelativeuri gettemppath gettempfilename select first last`) {
		pureMethods[m] = true
	}
}
