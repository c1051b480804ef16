package makefile

import (
	"regexp"
	"strconv"
	"strings"
)

// Step is one recipe line make runs, as shell text.
type Step struct {
	// Target is the rule the line belongs to.
	Target string
	// Line is the recipe line's first line in the Makefile, or in File
	// when it is in an included file.
	Line int
	File string
	// Text is the line with make's variables expanded, as the shell gets
	// it (unknown values as ${NAME}, a function that cannot be expanded as
	// ${__make_fn}).
	Text string
}

// Plan lists the recipe lines `make GOALS` runs, in order: each goal's
// prerequisites that have rules first, each rule once. overrides are
// the command line's VAR=value assignments; inEnv names the environment
// variables the command has (they win over ?= assignments). Missing lists
// the goals that have no explicit rule. Truncated is set when the plan
// stopped at its line limit.
func (f *File) Plan(goals []string, overrides map[string]string, inEnv map[string]bool) (steps []Step, missing []string, truncated bool) {
	if len(overrides) > 0 {
		// A command-line value hides the environment's: an $(if) on it
		// is decided by that value (see resolveIfs).
		env := make(map[string]bool, len(inEnv)+len(overrides))
		for k, v := range inEnv {
			env[k] = v
		}
		for k, v := range overrides {
			env[k] = strings.TrimSpace(v) != "" && !strings.Contains(v, "$")
		}
		inEnv = env
	}
	p := &planner{f: f, overrides: overrides, inEnv: inEnv, done: map[string]bool{}}
	if len(goals) == 0 && f.DefaultGoal != "" {
		goals = []string{f.DefaultGoal}
	}
	for _, g := range goals {
		if _, ok := p.rule(g); !ok {
			missing = append(missing, g)
			continue
		}
		p.visit(g, 0)
	}
	return p.steps, missing, p.truncated
}

type planner struct {
	f         *File
	overrides map[string]string
	inEnv     map[string]bool
	done      map[string]bool
	steps     []Step
	truncated bool
}

// rule is the rule that builds a goal: its explicit rule, else the one a
// pattern rule makes for it.
func (p *planner) rule(target string) (*Rule, bool) {
	if r, ok := p.f.Rules[target]; ok {
		return r, true
	}
	return p.f.matchPattern(target)
}

func (p *planner) visit(target string, depth int) {
	if p.done[target] || depth > maxExpandDepth || p.truncated {
		return
	}
	p.done[target] = true
	r, ok := p.f.Rules[target]
	if !ok && depth == 0 {
		// A goal a pattern rule builds (log-%: for make log-release); a
		// prerequisite without a rule of its own is taken for a file.
		r, ok = p.f.matchPattern(target)
	}
	if !ok {
		return // a file
	}
	ex := &expander{f: p.f, rule: r, overrides: p.overrides, inEnv: p.inEnv}
	for _, pre := range r.Prereqs {
		for _, w := range strings.Fields(ex.expand(pre, 0, nil)) {
			if w == "|" {
				continue
			}
			p.visit(w, depth+1)
		}
	}
	for _, rl := range r.Recipe {
		if len(p.steps) >= maxRecipeLines {
			p.truncated = true
			return
		}
		text := ex.expand(rl.Text, 0, nil)
		text = strings.TrimLeft(text, " \t")
		for len(text) > 0 && strings.IndexByte("@-+", text[0]) >= 0 {
			text = strings.TrimLeft(text[1:], " \t")
		}
		if strings.TrimSpace(text) == "" {
			continue
		}
		p.steps = append(p.steps, Step{Target: r.Target, Line: rl.Line, File: rl.File, Text: text})
	}
}

// Expand expands make references in s as a recipe of no rule sees it.
func (f *File) Expand(s string) string {
	ex := &expander{f: f}
	return ex.expand(s, 0, nil)
}

// expandAssigned expands the value of a := assignment as Parse meets it.
func (f *File) expandAssigned(s string) string {
	ex := &expander{f: f, parsing: true}
	return ex.expand(s, 0, nil)
}

// expander expands make references within one rule's recipe.
type expander struct {
	f *File
	// parsing is true while a := assignment is expanded, before the
	// environment is known: an $(if) on an environment variable is kept
	// for the plan to decide (resolveIfs).
	parsing   bool
	rule      *Rule
	overrides map[string]string
	inEnv     map[string]bool
	size      int
}

// unknownFn stands for a function whose value is not known.
const unknownFn = "${__make_fn}"

// HiddenShell is what a function that is not expanded expands to when
// its arguments hold a $(shell ...): a command make runs that the
// expansion does not show.
const HiddenShell = "${__make_shell}"

func (ex *expander) expand(s string, depth int, params []string) string {
	if !strings.Contains(s, "$") {
		return s
	}
	if depth > maxExpandDepth {
		return unknownFn
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '$' || i+1 >= len(s) {
			b.WriteByte(c)
			continue
		}
		i++
		switch n := s[i]; n {
		case '$':
			b.WriteByte('$')
		case '(', '{':
			end := matching(s, i)
			if end < 0 {
				b.WriteString(s[i-1:])
				return b.String()
			}
			b.WriteString(ex.reference(s[i+1:end], n, depth, params))
			i = end
		case '@':
			if ex.rule != nil {
				b.WriteString(ex.rule.Target)
			} else {
				b.WriteString(unknownFn)
			}
		case '*':
			if ex.rule != nil && ex.rule.Stem != "" {
				b.WriteString(ex.rule.Stem)
			} else {
				b.WriteString(unknownFn)
			}
		case '<':
			if ex.size++; ex.size > 10000 {
				// A first prerequisite that names $< again grows without end.
				b.WriteString(unknownFn)
				continue
			}
			if ex.rule != nil && len(ex.rule.Prereqs) > 0 {
				b.WriteString(strings.Fields(ex.expand(ex.rule.Prereqs[0], depth+1, params) + " ")[0])
			} else {
				b.WriteString(unknownFn)
			}
		case '^', '+':
			if ex.rule != nil {
				if ex.size++; ex.size > 10000 {
					// Prerequisites that name $^ again grow without end.
					b.WriteString(unknownFn)
					continue
				}
				b.WriteString(ex.expand(strings.Join(ex.rule.Prereqs, " "), depth+1, params))
			}
		default:
			if n >= '0' && n <= '9' && params != nil {
				b.WriteString(param(params, int(n-'0')))
				continue
			}
			b.WriteString(ex.variable(string(n), depth, params))
		}
		if b.Len() > maxExpansion {
			return b.String()[:maxExpansion]
		}
	}
	return b.String()
}

// matching finds the paren or brace closing the one at s[i].
func matching(s string, i int) int {
	open, close := s[i], byte(')')
	if open == '{' {
		close = '}'
	}
	depth := 0
	for j := i; j < len(s); j++ {
		switch s[j] {
		case open:
			depth++
		case close:
			depth--
			if depth == 0 {
				return j
			}
		}
	}
	return -1
}

func param(params []string, n int) string {
	if n < len(params) {
		return params[n]
	}
	return ""
}

// CommandSubstitution is the shell's $(cmd) for a $(shell cmd): a space
// keeps a command that starts with a subshell, $(shell (a || b) | c), from
// reading as the arithmetic $((...)).
func CommandSubstitution(cmd string) string {
	if strings.HasPrefix(cmd, "(") {
		return "$( " + cmd + ")"
	}
	return "$(" + cmd + ")"
}

// reference expands the inside of $(...): a variable, a parameter of
// $(call), a substitution reference or a function.
func (ex *expander) reference(ref string, open byte, depth int, params []string) string {
	name, args, isFn := strings.Cut(ref, " ")
	if !isFn {
		name, args, isFn = strings.Cut(ref, "\t")
	}
	if isFn {
		switch name {
		case "shell":
			return CommandSubstitution(ex.expand(args, depth+1, params))
		case "call":
			parts := splitArgs(args)
			fn := strings.TrimSpace(ex.expand(parts[0], depth+1, params))
			callParams := []string{fn}
			for _, a := range parts[1:] {
				callParams = append(callParams, ex.expand(a, depth+1, params))
			}
			v, ok := ex.f.Vars[fn]
			if !ok {
				return unknownFn
			}
			return ex.expand(v.Value, depth+1, callParams)
		case "if":
			return ex.ifFn(args, depth, params)
		case "strip":
			return strings.Join(strings.Fields(ex.expand(args, depth+1, params)), " ")
		case "info", "warning", "error", "eval":
			return ""
		case "firstword":
			w := strings.Fields(ex.expand(args, depth+1, params))
			if len(w) > 0 {
				return w[0]
			}
			return ""
		case "value":
			if v, ok := ex.f.Vars[strings.TrimSpace(args)]; ok {
				return resolveIfs(v.Value, ex.inEnv)
			}
			return ""
		}
		if strings.Contains(args, "shell") {
			// A $(shell ...) inside a function that is not expanded
			// runs a command nobody sees.
			return HiddenShell
		}
		return unknownFn
	}
	if name == "" {
		return ""
	}
	if strings.Contains(name, "$") {
		// A computed name: $($(X)_FLAGS).
		name = ex.expand(name, depth+1, params)
	}
	if i := strings.IndexByte(name, ':'); i > 0 && strings.Contains(name[i:], "=") {
		return ex.substRef(name[:i], name[i+1:], depth, params)
	}
	if n, err := strconv.Atoi(name); err == nil && params != nil {
		return param(params, n)
	}
	return ex.variable(name, depth, params)
}

// variable expands one variable: the command line's value first, then the
// Makefile's (the environment's for ?= when set), then the environment.
func (ex *expander) variable(name string, depth int, params []string) string {
	if v, ok := ex.overrides[name]; ok {
		return v
	}
	v, ok := ex.f.Vars[name]
	if !ok || v.Value == envRef(name) || (v.Cond && ex.inEnv[name]) || v.Shell || v.Export && v.Value == "" {
		return "${" + shellName(name) + "}"
	}
	if v.Simple {
		return resolveIfs(v.Value, ex.inEnv)
	}
	ex.size++
	if ex.size > 10000 {
		return unknownFn
	}
	return ex.expand(v.Value, depth+1, params)
}

// shellName makes a make variable's name a shell variable's.
func shellName(name string) string {
	var b strings.Builder
	for i := 0; i < len(name); i++ {
		c := name[i]
		if c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || i > 0 && c >= '0' && c <= '9' {
			b.WriteByte(c)
		} else {
			b.WriteByte('_')
		}
	}
	if b.Len() == 0 {
		return "__make"
	}
	return b.String()
}

// splitArgs splits a function's arguments at top-level commas.
func splitArgs(s string) []string {
	var out []string
	depth, start := 0, 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '(', '{':
			depth++
		case ')', '}':
			if depth > 0 {
				depth--
			}
		case ',':
			if depth == 0 {
				out = append(out, s[start:i])
				start = i + 1
			}
		}
	}
	return append(out, s[start:])
}

// fromEnv reports whether make takes variable name's value from the
// environment: the Makefile does not set it, or sets it with ?= while the
// environment has it.
func (ex *expander) fromEnv(name string) bool {
	if _, ok := ex.overrides[name]; ok {
		return false
	}
	v, ok := ex.f.Vars[name]
	return !ok || v.Value == envRef(name) || v.Cond && ex.inEnv[name]
}

// ifFn expands $(if COND,THEN[,ELSE]). A condition that expands to known
// text decides; one that is a variable make takes from the environment
// decides when the environment is known (a variable the command's step,
// job or workflow sets is taken as non-empty), and is kept for the plan
// to decide while the Makefile is parsed. Any other condition is not
// known: both branches may run, so the expansion says so (HiddenShell
// when either holds a $(shell ...)).
func (ex *expander) ifFn(args string, depth int, params []string) string {
	parts := splitArgs(args)
	then, els := "", ""
	if len(parts) > 1 {
		then = parts[1]
	}
	if len(parts) > 2 {
		els = strings.Join(parts[2:], ",")
	}
	unknown := unknownFn
	if strings.Contains(args, "shell") {
		unknown = HiddenShell
	}
	cond := strings.TrimSpace(ex.expand(parts[0], depth+1, params))
	switch {
	case cond == "":
		return ex.expand(els, depth+1, params)
	case !strings.Contains(cond, "$") && !strings.Contains(cond, "\x00"):
		return ex.expand(then, depth+1, params)
	}
	m := varRefRE.FindStringSubmatch(strings.TrimSpace(parts[0]))
	if m == nil || !ex.fromEnv(m[1]) || cond != "${"+m[1]+"}" {
		return unknown
	}
	name := m[1]
	if ex.parsing {
		// A := assignment: the environment is not known yet.
		return ifMark + name + "\x00" + unknown + "\x00" + ex.expand(then, depth+1, params) + ifEnd
	}
	if ex.inEnv[name] {
		return ex.expand(then, depth+1, params)
	}
	return unknown
}

// varRefRE matches a reference to one variable, $(NAME) or ${NAME}.
var varRefRE = regexp.MustCompile(`^\$[({]([A-Za-z_][A-Za-z0-9_]*)[)}]$`)

// ifMark and ifEnd bracket an $(if) a := assignment met whose condition
// is a variable of the environment: ifMark NAME NUL UNKNOWN NUL THEN
// ifEnd, where UNKNOWN is the expansion when the environment lacks NAME.
const (
	ifMark = "\x00if:"
	ifEnd  = "\x00fi\x00"
)

// resolveIfs replaces each kept $(if) in s by its THEN text when inEnv
// has its variable, else by the text that says it is not known.
func resolveIfs(s string, inEnv map[string]bool) string {
	for {
		i := strings.Index(s, ifMark)
		if i < 0 {
			return s
		}
		// The matching end, counting nested marks.
		depth, j := 0, i
		for j < len(s) {
			switch {
			case strings.HasPrefix(s[j:], ifMark):
				depth++
				j += len(ifMark)
			case strings.HasPrefix(s[j:], ifEnd):
				depth--
				j += len(ifEnd)
			default:
				j++
				continue
			}
			if depth == 0 {
				break
			}
		}
		if depth != 0 {
			return s[:i] + unknownFn
		}
		body := s[i+len(ifMark) : j-len(ifEnd)]
		name, rest, _ := strings.Cut(body, "\x00")
		unknown, then, _ := strings.Cut(rest, "\x00")
		v := unknown
		if inEnv[name] {
			v = resolveIfs(then, inEnv)
		}
		s = s[:i] + v + s[j:]
	}
}

// ResolveIfs is s, a value of the Makefile's Vars, with the $(if) its :=
// assignment kept decided by the environment inEnv names (see Plan).
func ResolveIfs(s string, inEnv map[string]bool) string {
	return resolveIfs(s, inEnv)
}

// substRef expands the substitution reference $(VAR:FROM=TO): each word
// of VAR's value that matches FROM (a pattern with %, or a suffix) is
// rewritten to TO. A value that is not known stays unknown.
func (ex *expander) substRef(name, spec string, depth int, params []string) string {
	from, to, _ := strings.Cut(spec, "=")
	from = ex.expand(from, depth+1, params)
	to = ex.expand(to, depth+1, params)
	val := ex.expand("$("+name+")", depth+1, params)
	if strings.Contains(val, "$") || strings.Contains(val, "\x00") {
		return unknownFn
	}
	if !strings.Contains(from, "%") {
		from, to = "%"+from, "%"+to
	}
	pre, suf, _ := strings.Cut(from, "%")
	words := strings.Fields(val)
	for k, w := range words {
		if len(w) >= len(pre)+len(suf) && strings.HasPrefix(w, pre) && strings.HasSuffix(w, suf) {
			stem := w[len(pre) : len(w)-len(suf)]
			words[k] = strings.Replace(to, "%", stem, 1)
		}
	}
	return strings.Join(words, " ")
}
