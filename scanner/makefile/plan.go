package makefile

import (
	"strconv"
	"strings"
)

// Step is one recipe line make runs, as shell text.
type Step struct {
	// Target is the rule the line belongs to.
	Target string
	// Line is the recipe line's first line in the Makefile.
	Line int
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
	p := &planner{f: f, overrides: overrides, inEnv: inEnv, done: map[string]bool{}}
	if len(goals) == 0 && f.DefaultGoal != "" {
		goals = []string{f.DefaultGoal}
	}
	for _, g := range goals {
		if _, ok := f.Rules[g]; !ok {
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

func (p *planner) visit(target string, depth int) {
	if p.done[target] || depth > maxExpandDepth || p.truncated {
		return
	}
	p.done[target] = true
	r, ok := p.f.Rules[target]
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
		p.steps = append(p.steps, Step{Target: r.Target, Line: rl.Line, Text: text})
	}
}

// Expand expands make references in s as a recipe of no rule sees it.
func (f *File) Expand(s string) string {
	ex := &expander{f: f}
	return ex.expand(s, 0, nil)
}

// expander expands make references within one rule's recipe.
type expander struct {
	f         *File
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
		case '<':
			if ex.rule != nil && len(ex.rule.Prereqs) > 0 {
				b.WriteString(strings.Fields(ex.expand(ex.rule.Prereqs[0], depth+1, params) + " ")[0])
			} else {
				b.WriteString(unknownFn)
			}
		case '^', '+':
			if ex.rule != nil {
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
			return "$(" + ex.expand(args, depth+1, params) + ")"
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
				return v.Value
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
		return unknownFn // $(VAR:.c=.o)
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
		return v.Value
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
