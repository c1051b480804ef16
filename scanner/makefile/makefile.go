// Package makefile reads a Makefile well enough to say what `make TARGET`
// runs: its rules (targets, prerequisites, recipe lines with their line
// numbers), its variables, its include directives, and the recipe lines of
// a goal and of the prerequisites built before it, with make's variables
// expanded into the shell text make hands to the shell.
//
// It reads GNU make's syntax at the level a workflow's `make release`
// needs: `=`, `:=`, `::=`, `?=`, `+=` and `!=` assignments (with export and
// override), define ... endef, rules with `;` recipes and backslash
// continuations, conditionals (both branches are kept, since which one
// make takes is not known), include, and in expansions $(VAR), ${VAR},
// substitution references $(VAR:a=b) and $(VAR:%=%_x), $@, $<, $^, $$,
// $(call ...), $(shell ...) and $(if ...) (decided when its condition is
// known text or a variable of the environment, see Plan). Other functions and
// automatic variables expand to a placeholder the shell analysis treats
// as unknown.
package makefile

import (
	"strings"
)

// Limits on what one Makefile may cost.
const (
	// maxExpandDepth bounds nested expansions ($(A) whose value holds $(B)
	// ...), which also breaks recursive definitions.
	maxExpandDepth = 32
	// maxExpansion bounds the size of one expanded text.
	maxExpansion = 64 << 10
	// maxRecipeLines bounds the recipe lines one goal plans.
	maxRecipeLines = 4096
)

// File is a parsed Makefile.
type File struct {
	// Rules are the explicit rules by target, in file order in Order.
	Rules map[string]*Rule
	Order []string
	// Vars are the variables the file assigns.
	Vars map[string]*Var
	// Includes are the include directives.
	Includes []Include
	// DefaultGoal is the first target that is neither special (.PHONY)
	// nor a pattern.
	DefaultGoal string
	// PatternRules is true when the file has pattern rules (%: ...), which
	// may build a goal that has no explicit rule; Patterns are those rules
	// (their Target holds the %), in file order.
	PatternRules bool
	Patterns     []*Rule
	// OneShell is true under .ONESHELL: (a recipe is one shell script).
	OneShell bool
}

// Rule is one target's explicit rule.
type Rule struct {
	Target string
	// Prereqs are the prerequisites as written (expanded when planned).
	Prereqs []string
	Recipe  []RecipeLine
	// Line is the line of the rule's first `target:` line.
	Line int
	// Stem is what a pattern rule's % stands for when it builds a goal
	// ($*); "" for an explicit rule.
	Stem string
}

// RecipeLine is one recipe line: its text without the leading tab and
// with backslash continuations kept, and its first line.
type RecipeLine struct {
	Text string
	Line int
	// File is the included file the line is in (FromFile); "" for the
	// Makefile itself.
	File string
}

// Var is one variable assignment.
type Var struct {
	Value string
	Line  int
	// Simple is true for := and ::= (expanded when assigned).
	Simple bool
	// Export is true for export VAR ...
	Export bool
	// Shell is true for != (the value is a command's output).
	Shell bool
	// Cond is true for ?= (the environment's value wins).
	Cond bool
	// Define is true for a define ... endef variable.
	Define bool
}

// Include is an include directive.
type Include struct {
	// Paths are the words after include, as written.
	Paths    []string
	Line     int
	Optional bool
}

// logicalLine is a line with its continuation lines joined.
type logicalLine struct {
	text  string // joined with a space (for directives) or kept (recipes)
	raw   string // continuations kept, for recipes
	line  int
	isTab bool
}

// Parse reads a Makefile. It never fails: what it cannot read is skipped.
func Parse(data []byte) *File {
	f := &File{Rules: map[string]*Rule{}, Vars: map[string]*Var{}}
	// NUL has no place in a Makefile; the expansion uses it for marks.
	lines := splitLines(strings.ReplaceAll(string(data), "\x00", ""))
	var cur []*Rule // the rules the recipe lines that follow belong to
	for i := 0; i < len(lines); i++ {
		ll := lines[i]
		if ll.isTab && cur != nil {
			for _, r := range cur {
				r.Recipe = append(r.Recipe, RecipeLine{Text: ll.raw, Line: ll.line})
			}
			continue
		}
		text := stripComment(ll.text)
		trimmed := strings.TrimSpace(text)
		if trimmed == "" {
			continue // blank and comment lines do not end a recipe
		}
		word, rest := firstWord(trimmed)
		switch word {
		case "ifeq", "ifneq", "ifdef", "ifndef", "else", "endif":
			continue // both branches are kept
		case "define":
			name, _ := firstWord(rest)
			name = strings.TrimRight(name, ":=+?!")
			var body []string
			j := i + 1
			for ; j < len(lines); j++ {
				if w, _ := firstWord(strings.TrimSpace(lines[j].text)); w == "endef" && !lines[j].isTab {
					break
				}
				body = append(body, lines[j].raw)
			}
			if name != "" {
				f.Vars[name] = &Var{Value: strings.Join(body, "\n"), Line: ll.line, Define: true}
			}
			i = j
			cur = nil
			continue
		case "include", "-include", "sinclude":
			f.Includes = append(f.Includes, Include{Paths: strings.Fields(rest), Line: ll.line, Optional: word != "include"})
			cur = nil
			continue
		case "vpath", "undefine", "unexport":
			if word == "undefine" {
				delete(f.Vars, strings.TrimSpace(rest))
			}
			continue
		}
		export := false
		for word == "export" || word == "override" || word == "private" {
			export = export || word == "export"
			trimmed = rest
			word, rest = firstWord(trimmed)
		}
		if name, op, value, ok := assignment(trimmed); ok {
			f.assign(name, op, value, ll.line, export)
			cur = nil
			continue
		}
		if export {
			// export NAME ...: mark them exported.
			for _, n := range strings.Fields(trimmed) {
				if v, ok := f.Vars[n]; ok {
					v.Export = true
				} else {
					f.Vars[n] = &Var{Export: true, Line: ll.line, Value: envRef(n)}
				}
			}
			continue
		}
		if rules, ok := f.rule(trimmed, ll.line); ok {
			cur = rules
			continue
		}
		cur = nil
	}
	return f
}

// envRef is the value of a variable make takes from the environment.
func envRef(name string) string { return "\x00env:" + name }

// splitLines joins continuation lines and marks recipe lines (those that
// start with a tab).
func splitLines(s string) []logicalLine {
	var out []logicalLine
	n := 0
	for len(s) > 0 {
		var line string
		if i := strings.IndexByte(s, '\n'); i >= 0 {
			line, s = s[:i], s[i+1:]
		} else {
			line, s = s, ""
		}
		n++
		ll := logicalLine{line: n, isTab: strings.HasPrefix(line, "\t")}
		raw := strings.TrimSuffix(line, "\r")
		parts := []string{raw}
		for strings.HasSuffix(raw, `\`) && !strings.HasSuffix(raw, `\\`) && len(s) > 0 {
			var next string
			if i := strings.IndexByte(s, '\n'); i >= 0 {
				next, s = s[:i], s[i+1:]
			} else {
				next, s = s, ""
			}
			n++
			raw = strings.TrimSuffix(next, "\r")
			parts = append(parts, raw)
		}
		if ll.isTab {
			// A recipe's continuation lines go to the shell as written,
			// without the tab make strips from them.
			for k := range parts {
				parts[k] = strings.TrimPrefix(parts[k], "\t")
			}
			ll.raw = strings.Join(parts, "\n")
			ll.text = ll.raw
		} else {
			for k := range parts {
				parts[k] = strings.TrimSuffix(parts[k], `\`)
			}
			ll.text = strings.Join(parts, " ")
			ll.raw = strings.Join(parts, "\n")
		}
		out = append(out, ll)
	}
	return out
}

// stripComment cuts a # comment (not \# nor inside $(...)).
func stripComment(s string) string {
	depth := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '(', '{':
			if i > 0 && s[i-1] == '$' || depth > 0 {
				depth++
			}
		case ')', '}':
			if depth > 0 {
				depth--
			}
		case '#':
			if depth == 0 {
				return s[:i]
			}
		}
	}
	return s
}

func firstWord(s string) (string, string) {
	i := strings.IndexAny(s, " \t")
	if i < 0 {
		return s, ""
	}
	return s[:i], strings.TrimSpace(s[i+1:])
}

// assignment recognises NAME OP VALUE where OP is =, :=, ::=, :::=, ?=,
// += or != and comes before any rule colon.
func assignment(s string) (name, op, value string, ok bool) {
	depth := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '$' && i+1 < len(s) && (s[i+1] == '(' || s[i+1] == '{'):
			depth++
			i++
		case (c == ')' || c == '}') && depth > 0:
			depth--
		case depth > 0:
		case c == '=':
			op = "="
			j := i
			if j > 0 && strings.IndexByte("?+!:", s[j-1]) >= 0 {
				j--
				op = s[j : i+1]
				for j > 0 && s[j-1] == ':' {
					j--
					op = s[j : i+1]
				}
			}
			name = strings.TrimSpace(s[:j])
			if name == "" || strings.ContainsAny(name, " \t") {
				return "", "", "", false
			}
			return name, op, strings.TrimLeft(s[i+1:], " \t"), true
		case c == ':':
			if i+1 < len(s) && (s[i+1] == '=' || s[i+1] == ':') {
				continue
			}
			return "", "", "", false
		}
	}
	return "", "", "", false
}

// assign records a variable assignment.
func (f *File) assign(name, op, value string, line int, export bool) {
	prev := f.Vars[name]
	v := &Var{Value: value, Line: line, Export: export || prev != nil && prev.Export}
	switch op {
	case ":=", "::=", ":::=":
		v.Simple = true
		v.Value = f.expandAssigned(value)
	case "?=":
		if prev != nil {
			return
		}
		v.Cond = true
	case "+=":
		if prev != nil {
			v.Value = prev.Value + " " + value
			v.Simple = prev.Simple
			if prev.Simple {
				v.Value = prev.Value + " " + f.expandAssigned(value)
			}
		}
	case "!=":
		v.Shell = true
	}
	f.Vars[name] = v
}

// specialTargets are make's built-in targets, never a default goal.
func isSpecial(t string) bool { return strings.HasPrefix(t, ".") }

// rule reads a `targets: prerequisites [; recipe]` line.
func (f *File) rule(s string, line int) ([]*Rule, bool) {
	i := ruleColon(s)
	if i < 0 {
		return nil, false
	}
	targets := strings.Fields(f.Expand(s[:i]))
	rest := s[i+1:]
	rest = strings.TrimPrefix(rest, ":") // double-colon rule
	recipe := ""
	hasRecipe := false
	if j := strings.IndexByte(rest, ';'); j >= 0 {
		recipe, rest, hasRecipe = strings.TrimSpace(rest[j+1:]), rest[:j], true
	}
	if _, _, _, ok := assignment(strings.TrimSpace(rest)); ok {
		// A target-specific variable: no rule of its own.
		return nil, true
	}
	prereqs := strings.Fields(rest)
	var out []*Rule
	for _, t := range targets {
		switch {
		case t == ".ONESHELL":
			f.OneShell = true
			continue
		case strings.Contains(t, "%"):
			f.PatternRules = true
			r := f.pattern(t, line)
			r.Prereqs = append(r.Prereqs, prereqs...)
			if hasRecipe && recipe != "" {
				r.Recipe = append(r.Recipe, RecipeLine{Text: recipe, Line: line})
			}
			out = append(out, r)
			continue
		}
		r, ok := f.Rules[t]
		if !ok {
			r = &Rule{Target: t, Line: line}
			f.Rules[t] = r
			f.Order = append(f.Order, t)
		}
		if !isSpecial(t) {
			r.Prereqs = append(r.Prereqs, prereqs...)
			if f.DefaultGoal == "" {
				f.DefaultGoal = t
			}
		}
		if hasRecipe && recipe != "" {
			r.Recipe = append(r.Recipe, RecipeLine{Text: recipe, Line: line})
		}
		out = append(out, r)
	}
	return out, true
}

// pattern is the pattern rule for target (one with a %), made on first
// use.
func (f *File) pattern(target string, line int) *Rule {
	for _, r := range f.Patterns {
		if r.Target == target {
			return r
		}
	}
	r := &Rule{Target: target, Line: line}
	f.Patterns = append(f.Patterns, r)
	return r
}

// matchPattern is the rule a pattern rule makes for goal, with $* the
// part its % matched (the shortest stem wins, as in make); ok is false
// when no pattern rule with a recipe matches.
func (f *File) matchPattern(goal string) (*Rule, bool) {
	var best *Rule
	stem := ""
	for _, r := range f.Patterns {
		pre, suf, _ := strings.Cut(r.Target, "%")
		if len(r.Recipe) == 0 || !strings.HasPrefix(goal, pre) || !strings.HasSuffix(goal, suf) || len(goal) < len(pre)+len(suf) {
			continue
		}
		s := goal[len(pre) : len(goal)-len(suf)]
		if best == nil || len(s) < len(stem) {
			best, stem = r, s
		}
	}
	if best == nil {
		return nil, false
	}
	r := &Rule{Target: goal, Line: best.Line, Recipe: best.Recipe, Stem: stem}
	for _, p := range best.Prereqs {
		r.Prereqs = append(r.Prereqs, strings.ReplaceAll(p, "%", stem))
	}
	return r, true
}

// ruleColon is the index of a rule's colon outside $(...), or -1. A colon
// followed by = is an assignment's; "C:\" in a path is not handled.
func ruleColon(s string) int {
	depth := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '$' && i+1 < len(s) && (s[i+1] == '(' || s[i+1] == '{'):
			depth++
			i++
		case (c == ')' || c == '}') && depth > 0:
			depth--
		case c == ':' && depth == 0:
			if i+1 < len(s) && s[i+1] == '=' {
				return -1
			}
			return i
		case c == '=' && depth == 0:
			return -1
		}
	}
	return -1
}

// FromFile marks every recipe line of f as a line of the file path, for a
// file that another includes: after Merge, its lines still say where
// they are.
func (f *File) FromFile(path string) {
	for _, r := range f.Rules {
		for i := range r.Recipe {
			r.Recipe[i].File = path
		}
	}
}

// Merge adds the rules and variables of an included file.
func (f *File) Merge(g *File) {
	for _, t := range g.Order {
		r := g.Rules[t]
		if old, ok := f.Rules[t]; ok {
			old.Prereqs = append(old.Prereqs, r.Prereqs...)
			if len(old.Recipe) == 0 {
				old.Recipe = r.Recipe
			}
			continue
		}
		f.Rules[t] = r
		f.Order = append(f.Order, t)
		if f.DefaultGoal == "" && !isSpecial(t) {
			f.DefaultGoal = t
		}
	}
	for k, v := range g.Vars {
		if _, ok := f.Vars[k]; !ok {
			f.Vars[k] = v
		}
	}
	f.PatternRules = f.PatternRules || g.PatternRules
	f.Patterns = append(f.Patterns, g.Patterns...)
	f.OneShell = f.OneShell || g.OneShell
}
