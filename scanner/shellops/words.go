package shellops

import (
	"strings"

	"mvdan.cc/sh/v3/syntax"
)

// word evaluates a word symbolically.
func (a *analyzer) word(w *syntax.Word) value {
	if w == nil || !a.tick() {
		return value{}
	}
	return a.wordParts(w.Parts, false)
}

// wordQuoted evaluates a here-document body (no backslash removal of
// unquoted text).
func (a *analyzer) wordQuoted(w *syntax.Word) value {
	if w == nil || !a.tick() {
		return value{}
	}
	return a.wordParts(w.Parts, true)
}

func (a *analyzer) wordParts(ps []syntax.WordPart, quoted bool) value {
	if len(ps) == 1 {
		// Most words are one literal (a command name, a flag): its parts
		// are the value, with no copy.
		switch x := ps[0].(type) {
		case *syntax.Lit:
			return a.litValue(unescape(x.Value, quoted), int(x.Pos().Line()))
		case *syntax.SglQuoted:
			return a.litValue(x.Value, int(x.Pos().Line()))
		}
	}
	var v value
	for _, p := range ps {
		if a.stopped {
			break
		}
		line := int(p.Pos().Line())
		switch x := p.(type) {
		case *syntax.Lit:
			a.appendLit(&v, unescape(x.Value, quoted), line)
		case *syntax.SglQuoted:
			a.appendLit(&v, x.Value, line)
		case *syntax.DblQuoted:
			v.appendValue(a.wordParts(x.Parts, true))
		case *syntax.ParamExp:
			v.appendValue(a.param(x, line))
		case *syntax.CmdSubst:
			dir, known := a.dir, a.dirKnown
			out := a.stmts(x.Stmts, value{})
			a.dir, a.dirKnown = dir, known
			out = trimTrailingNewlines(out)
			if name, ok := lookedUpProgram(x.Stmts); ok {
				// $(which yq) is where yq is: the program yq.
				out = value{parts: []part{{text: name, lit: true, line: line}}}
			}
			if len(out.parts) == 0 {
				out = value{parts: []part{{text: "{$(...)}", line: line}}}
			}
			v.appendValue(out)
		case *syntax.ProcSubst:
			out := a.stmts(x.Stmts, value{})
			v.append(part{text: "{<(...)}", creds: out.creds(), line: line})
		case *syntax.ArithmExp:
			v.append(part{text: "{$((...))}", line: line})
		default:
			v.append(part{text: "{...}", line: line})
		}
	}
	return v
}

// lookedUpProgram reports the program a command substitution looks up on
// the PATH (which NAME, command -v NAME): what it prints is that
// program's path.
func lookedUpProgram(stmts []*syntax.Stmt) (string, bool) {
	if len(stmts) != 1 || stmts[0].Background || len(stmts[0].Redirs) > 0 {
		return "", false
	}
	if bin, ok := stmts[0].Cmd.(*syntax.BinaryCmd); ok {
		return foundProgram(bin)
	}
	call, ok := stmts[0].Cmd.(*syntax.CallExpr)
	if !ok || len(call.Assigns) > 0 {
		return "", false
	}
	var words []string
	for _, w := range call.Args {
		s, ok := litWord(w)
		if !ok {
			return "", false
		}
		words = append(words, s)
	}
	var name string
	switch {
	case len(words) == 2 && words[0] == "which":
		name = words[1]
	case len(words) == 3 && words[0] == "command" && words[1] == "-v":
		name = words[2]
	default:
		return "", false
	}
	if name == "" || strings.ContainsAny(name, "/\\$`") || strings.HasPrefix(name, "-") {
		return "", false
	}
	return name, true
}

// pathFilters are the commands a list of paths is narrowed with to pick
// one (find DIR/*/tool | sort | tail -n1).
var pathFilters = map[string]bool{"sort": true, "tail": true, "head": true, "uniq": true}

// foundProgram reports the program a pipeline picks by path: find or ls
// given one path whose last part names it (the folders before may be
// globs: build-tools/*/apksigner), its list narrowed only by sort, tail,
// head or uniq. What it prints is a path to that program.
func foundProgram(bin *syntax.BinaryCmd) (string, bool) {
	var cmds []*syntax.CallExpr
	var walk func(c syntax.Command) bool
	walk = func(c syntax.Command) bool {
		switch c := c.(type) {
		case *syntax.BinaryCmd:
			return c.Op == syntax.Pipe && walk(c.X.Cmd) && walk(c.Y.Cmd)
		case *syntax.CallExpr:
			if len(c.Assigns) > 0 || len(c.Args) == 0 {
				return false
			}
			cmds = append(cmds, c)
			return true
		}
		return false
	}
	if !walk(bin) || len(cmds) < 2 {
		return "", false
	}
	var words []string
	for _, w := range cmds[0].Args {
		s, ok := litWord(w)
		if !ok {
			return "", false
		}
		words = append(words, s)
	}
	switch {
	case len(words) == 2 && (words[0] == "find" || words[0] == "ls"):
	case len(words) == 3 && words[0] == "ls" && words[1] == "-d":
	default:
		return "", false
	}
	for _, c := range cmds[1:] {
		if name, ok := litWord(c.Args[0]); !ok || !pathFilters[name] {
			return "", false
		}
	}
	p := words[len(words)-1]
	name := p[strings.LastIndexByte(p, '/')+1:]
	if name == "" || name == p || strings.ContainsAny(name, "*?[]{}$`\\") || strings.HasPrefix(name, "-") {
		return "", false
	}
	return name, true
}

// litWord is a word that is one literal, unquoted.
func litWord(w *syntax.Word) (string, bool) {
	if len(w.Parts) != 1 {
		return "", false
	}
	l, ok := w.Parts[0].(*syntax.Lit)
	if !ok {
		return "", false
	}
	return l.Value, true
}

// litValue is literal text as a value: litParts, merged as append merges.
func (a *analyzer) litValue(s string, line int) value {
	ps := a.litParts(s, line)
	if len(ps) == 1 && ps[0].text != "" && len(ps[0].text) <= maxTextSize {
		return value{parts: ps}
	}
	var v value
	v.append(ps...)
	return v
}

// appendLit appends literal text to v as litParts splits it; text with no
// placeholder is appended as it is, with no slice made for it.
func (a *analyzer) appendLit(v *value, s string, line int) {
	if !strings.Contains(s, "${__P2A_") {
		v.append(part{text: s, lit: true, line: line})
		return
	}
	v.append(a.litParts(s, line)...)
}

// litParts splits literal text at placeholder references (they stay
// literal in single quotes and quoted here-documents, but GitHub has
// already substituted them there).
func (a *analyzer) litParts(s string, line int) []part {
	if !strings.Contains(s, "${__P2A_") {
		return []part{{text: s, lit: true, line: line}}
	}
	var out []part
	for {
		i := strings.Index(s, "${__P2A_")
		if i < 0 {
			break
		}
		k := i + len("${__P2A_") + 1
		for k < len(s) && s[k] >= '0' && s[k] <= '9' {
			k++
		}
		var ev value
		ok := k < len(s) && s[k] == '}'
		if ok {
			name := s[i+2 : k]
			if idx := placeholderIndex(name); idx >= 0 && idx < len(a.ph) {
				ev = a.exprValue(idx)
			} else if v, found := a.vars[name]; found && !v.isArr {
				ev = v.val
			} else {
				ok = false
			}
		}
		if !ok {
			k = min(k, len(s))
			out = append(out, part{text: s[:k], lit: true, line: line})
			line += strings.Count(s[:k], "\n")
			s = s[k:]
			continue
		}
		if i > 0 {
			out = append(out, part{text: s[:i], lit: true, line: line})
			line += strings.Count(s[:i], "\n")
		}
		for _, p := range ev.parts {
			p.line = line
			out = append(out, p)
		}
		s = s[k+1:]
	}
	if s != "" {
		out = append(out, part{text: s, lit: true, line: line})
	}
	return out
}

// unescape removes the backslashes of literal text, as the shell does in
// double quotes (quoted) or outside them.
func unescape(s string, quoted bool) string {
	if quoted {
		return unescapeDouble(s)
	}
	return unescapeBare(s)
}

func unescapeBare(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
			if s[i] == '\n' {
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func unescapeDouble(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			switch s[i+1] {
			case '$', '`', '"', '\\':
				i++
			case '\n':
				i++
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func trimTrailingNewlines(v value) value {
	for len(v.parts) > 0 {
		last := &v.parts[len(v.parts)-1]
		if !last.lit {
			break
		}
		last.text = strings.TrimRight(last.text, "\n")
		if last.text != "" || len(last.creds) > 0 {
			break
		}
		v.parts = v.parts[:len(v.parts)-1]
	}
	return v
}

// firstElement reports a parameter expansion of an array's first element:
// ${NAME[0]}, or ${NAME}, which bash reads as element 0, with or without
// an operator on it (${BASH_SOURCE%/*} is the script's folder).
func firstElement(p *syntax.ParamExp) bool {
	if p.Index == nil {
		return p.Slice == nil && p.Repl == nil
	}
	w, ok := p.Index.(*syntax.Word)
	return ok && w.Lit() == "0" && p.Slice == nil && p.Repl == nil
}

// param evaluates a parameter expansion.
func (a *analyzer) param(p *syntax.ParamExp, line int) value {
	if p.Param == nil {
		return value{parts: []part{{text: "{...}", line: line}}}
	}
	name := p.Param.Value
	if p.Length {
		return value{parts: []part{{text: "{#" + name + "}", line: line}}}
	}
	if p.Excl {
		if p.Names == 0 && p.Index == nil {
			// ${!NAME}: the variable NAME names, which may be any.
			a.readsIndirect = true
		}
		return value{parts: []part{{text: "{!" + name + "}", line: line}}}
	}
	var base value
	defined := true
	switch {
	case name == "@" || name == "*":
		for i, x := range a.positional {
			if i > 0 {
				base.append(part{text: " ", lit: true})
			}
			base.appendValue(x)
		}
		if len(a.positional) == 0 {
			base = value{parts: []part{{text: "{" + name + "}", ref: name}}}
			defined = false
		}
	case len(name) == 1 && name[0] >= '1' && name[0] <= '9':
		i := int(name[0] - '1')
		if i < len(a.positional) {
			base = a.positional[i]
		} else {
			base = value{parts: []part{{text: "{" + name + "}", ref: name}}}
			defined = false
		}
	case name == "0" && a.in.Name != "":
		base = litValue(a.in.Name, line)
	case name == "BASH_SOURCE" && a.in.Name != "" && firstElement(p):
		// ${BASH_SOURCE[0]}: the file being read, run or sourced.
		base = litValue(a.in.Name, line)
	case name == "#" || name == "?" || name == "$" || name == "!" || name == "0" || name == "-":
		return value{parts: []part{{text: "{" + name + "}", line: line}}}
	case name == "PWD" && a.vars[name] == nil:
		base = a.workspaceDir()
	default:
		base, defined = a.lookup(name)
	}
	base = withLine(base, line)
	if p.Exp != nil {
		var w value
		if p.Exp.Word != nil {
			w = a.word(p.Exp.Word)
		}
		switch p.Exp.Op {
		case syntax.DefaultUnset, syntax.DefaultUnsetOrNull, syntax.AssignUnset, syntax.AssignUnsetOrNull:
			if !defined {
				if p.Exp.Op == syntax.AssignUnset || p.Exp.Op == syntax.AssignUnsetOrNull {
					a.setVar(name, w, false)
				}
				return w
			}
			if base.known() && base.String() != "" {
				return base
			}
			merged := value{parts: append([]part(nil), base.parts...)}
			merged.appendValue(w)
			return merged.opaque(name, line)
		case syntax.AlternateUnset, syntax.AlternateUnsetOrNull:
			if !defined {
				return value{}
			}
			if base.known() {
				return w
			}
			return w.opaque(name, line)
		case syntax.ErrorUnset, syntax.ErrorUnsetOrNull:
			return base
		case syntax.RemSmallPrefix, syntax.RemLargePrefix, syntax.RemSmallSuffix, syntax.RemLargeSuffix:
			if base.known() && w.known() {
				if r, ok := trimPattern(base.String(), w.String(), p.Exp.Op); ok {
					return value{parts: []part{{text: r, lit: true, line: line}}}
				}
			}
			if w.known() {
				// {owner}/{repo} style templates: keep the template half.
				if r, ok := trimPattern(base.String(), w.String(), p.Exp.Op); ok && strings.HasPrefix(r, "{") && strings.HasSuffix(r, "}") && strings.Count(r, "{") == 1 {
					return value{parts: []part{{text: r, creds: base.creds(), line: line}}}
				}
			}
		}
		return base.opaque(name, line)
	}
	if p.Repl != nil || p.Slice != nil || len(p.Modifiers) > 0 {
		return base.opaque(name, line)
	}
	return base
}

func withLine(v value, line int) value {
	if len(v.parts) == 1 && v.parts[0].line == 0 {
		out := value{parts: []part{v.parts[0]}}
		out.parts[0].line = line
		return out
	}
	return v
}

// trimPattern implements ${x#*/}, ${x##*/}, ${x%/*}, ${x%%/*} and literal
// prefixes/suffixes, the forms scripts use to split owner/repo.
func trimPattern(s, pat string, op syntax.ParExpOperator) (string, bool) {
	switch op {
	case syntax.RemSmallPrefix, syntax.RemLargePrefix:
		if strings.HasPrefix(pat, "*") && !strings.ContainsAny(pat[1:], "*?[") {
			sep := pat[1:]
			var i int
			if op == syntax.RemSmallPrefix {
				i = strings.Index(s, sep)
			} else {
				i = strings.LastIndex(s, sep)
			}
			if i < 0 {
				return s, true
			}
			return s[i+len(sep):], true
		}
		if !strings.ContainsAny(pat, "*?[") {
			return strings.TrimPrefix(s, pat), true
		}
	case syntax.RemSmallSuffix, syntax.RemLargeSuffix:
		if strings.HasSuffix(pat, "*") && !strings.ContainsAny(pat[:len(pat)-1], "*?[") {
			sep := pat[:len(pat)-1]
			var i int
			if op == syntax.RemSmallSuffix {
				i = strings.LastIndex(s, sep)
			} else {
				i = strings.Index(s, sep)
			}
			if i < 0 {
				return s, true
			}
			return s[:i], true
		}
		if !strings.ContainsAny(pat, "*?[") {
			return strings.TrimSuffix(s, pat), true
		}
	}
	return "", false
}

// fields expands command words into arguments: "${arr[@]}" and "$@" give
// one field per element, an unquoted reference to a known value is split
// on blanks (an empty one gives no field).
func (a *analyzer) fields(ws []*syntax.Word) []value {
	out := make([]value, 0, len(ws))
	for _, w := range ws {
		if a.stopped {
			break
		}
		if w == nil || len(w.Parts) == 0 {
			continue
		}
		if len(w.Parts) == 1 {
			pe, _ := w.Parts[0].(*syntax.ParamExp)
			quoted := false
			if dq, ok := w.Parts[0].(*syntax.DblQuoted); ok && len(dq.Parts) == 1 {
				pe, quoted = nil, true
				if x, ok := dq.Parts[0].(*syntax.ParamExp); ok {
					pe = x
				}
			}
			if pe != nil && pe.Param != nil && !pe.Length && !pe.Excl && pe.Exp == nil && pe.Repl == nil && pe.Slice == nil {
				a.tick()
				if elems, ok := a.arrayFields(pe); ok {
					out = append(out, elems...)
					continue
				}
				if !quoted {
					v := a.param(pe, int(pe.Pos().Line()))
					if v.known() {
						for _, f := range strings.Fields(v.String()) {
							out = append(out, value{parts: []part{{text: f, lit: true, line: int(pe.Pos().Line())}}})
						}
						continue
					}
					out = append(out, v)
					continue
				}
			}
		}
		out = append(out, a.word(w))
		if len(out) > maxParts {
			return out[:maxParts]
		}
	}
	if len(out) > maxParts {
		return out[:maxParts]
	}
	return out
}

// arrayFields expands ${arr[@]} / $@ into fields.
func (a *analyzer) arrayFields(pe *syntax.ParamExp) ([]value, bool) {
	name := pe.Param.Value
	if name == "@" || name == "*" {
		if len(a.positional) == 0 {
			return nil, false
		}
		return append([]value(nil), a.positional...), true
	}
	if pe.Index == nil {
		return nil, false
	}
	idx, ok := pe.Index.(*syntax.Word)
	if !ok {
		return nil, false
	}
	if s := idx.Lit(); s != "@" && s != "*" {
		return nil, false
	}
	v, ok := a.vars[name]
	if !ok || !v.isArr {
		return nil, false
	}
	return append([]value(nil), v.arr...), true
}
