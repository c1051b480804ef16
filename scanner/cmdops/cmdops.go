// Package cmdops reads a workflow step's `run:` script for cmd (shell:
// cmd, Windows' command interpreter) at the command level and reports
// what it does with its credentials, as scanner/shellops reports it for
// bash: the commands it runs go through a [shellops.Session], so gh, git,
// curl and the known tools are read the same way.
//
// Lines are joined where a caret continues them, split into commands at &,
// &&, || and |, and each command into words (double quotes group, a caret
// escapes). %NAME% expands to the environment; set NAME=value sets it;
// echo prints; > and >> write files, $GITHUB_ENV and $GITHUB_OUTPUT among
// them; if runs its command when its condition holds (a condition is a
// test, not a use); for runs the command after do; call runs a script;
// REM, :: and labels are comments. goto is not followed: every line is
// read once, in order.
package cmdops

import (
	"strings"

	"github.com/pat2app/pat2app/scanner/shellops"
)

// maxDepth bounds how deeply if and for nest on one line.
const maxDepth = 16

// Analyze reads a cmd script. in is what the shell reader takes; it never
// fails.
func Analyze(in shellops.Input) shellops.Result {
	var sh shellops.Reader
	s := sh.NewSession(in)
	r := &reader{s: s}
	for _, l := range logicalLines(s.Script()) {
		if s.Stopped() {
			break
		}
		r.line(l.text, l.line)
	}
	return s.Result()
}

// reader walks a script's lines with a session.
type reader struct {
	s *shellops.Session
}

// logical is a line with its caret continuations joined, and its first
// script line.
type logical struct {
	text string
	line int
}

// logicalLines splits a script into lines, joining a line that ends in
// an unescaped caret with the next.
func logicalLines(script string) []logical {
	var out []logical
	var cur strings.Builder
	start := 0
	for i, l := range strings.Split(script, "\n") {
		l = strings.TrimSuffix(l, "\r")
		if cur.Len() == 0 {
			start = i + 1
		}
		if n := trailingCarets(l); n%2 == 1 {
			cur.WriteString(l[:len(l)-1])
			continue
		}
		cur.WriteString(l)
		out = append(out, logical{text: cur.String(), line: start})
		cur.Reset()
	}
	if cur.Len() > 0 {
		out = append(out, logical{text: cur.String(), line: start})
	}
	return out
}

func trailingCarets(s string) int {
	n := 0
	for i := len(s) - 1; i >= 0 && s[i] == '^'; i-- {
		n++
	}
	return n
}

// line reads one logical line.
func (r *reader) line(text string, line int) {
	t := strings.TrimSpace(text)
	for strings.HasPrefix(t, "@") {
		t = strings.TrimSpace(t[1:])
	}
	if t == "" || strings.HasPrefix(t, ":") || isRem(t) {
		return
	}
	r.commands(t, line, 0)
}

// isRem reports a REM comment.
func isRem(t string) bool {
	return len(t) >= 3 && strings.EqualFold(t[:3], "rem") && (len(t) == 3 || t[3] == ' ' || t[3] == '\t')
}

// commands reads commands joined by &, &&, || and |: the first always
// runs, the others may not; a pipe feeds the next command.
func (r *reader) commands(t string, line, depth int) {
	var out shellops.Word
	for i, seg := range splitCommands(t) {
		var stdin shellops.Word
		if seg.op == "|" {
			stdin = out
		}
		text := strings.TrimSpace(seg.text)
		// Blocks: ( opens, ) closes, ") else (" goes on.
		for strings.HasPrefix(text, "(") || strings.HasPrefix(text, ")") {
			text = strings.TrimSpace(text[1:])
			if w := firstWord(text); strings.EqualFold(w, "else") {
				text = strings.TrimSpace(text[len(w):])
			}
		}
		text = strings.TrimSpace(strings.TrimRight(text, ")"))
		if text == "" {
			continue
		}
		if i > 0 && (seg.op == "&&" || seg.op == "||") {
			leave := r.s.Branch()
			out = r.command(text, line, stdin, depth)
			leave()
		} else {
			out = r.command(text, line, stdin, depth)
		}
	}
}

// segment is a command and the operator before it.
type segment struct {
	op, text string
}

// splitCommands splits a line at &, &&, || and | outside double quotes.
func splitCommands(t string) []segment {
	var out []segment
	op := ""
	start := 0
	quoted := false
	for i := 0; i < len(t); i++ {
		c := t[i]
		switch {
		case c == '"':
			quoted = !quoted
		case c == '^' && !quoted:
			i++
		case !quoted && (c == '&' || c == '|'):
			if c == '&' && i > 0 && t[i-1] == '>' {
				continue // 2>&1
			}
			out = append(out, segment{op: op, text: t[start:i]})
			op = string(c)
			if i+1 < len(t) && t[i+1] == c {
				op += string(c)
				i++
			}
			start = i + 1
		}
	}
	return append(out, segment{op: op, text: t[start:]})
}

func firstWord(t string) string {
	if i := strings.IndexAny(t, " \t("); i >= 0 {
		return t[:i]
	}
	return t
}

// token is a word of a command: its text without quotes and carets, and
// where it starts and ends in the command's text.
type token struct {
	text       string
	start, end int
}

// redirect is > or >> to a target.
type redirect struct {
	stream string
	app    bool
	target string
}

// tokenize splits a command into words and redirections.
func tokenize(t string) ([]token, []redirect) {
	var toks []token
	var redirs []redirect
	i := 0
	for i < len(t) {
		for i < len(t) && (t[i] == ' ' || t[i] == '\t') {
			i++
		}
		if i >= len(t) {
			break
		}
		// Redirection: [n]>, [n]>>, [n]>&m, <.
		j := i
		stream := "1"
		if t[j] >= '0' && t[j] <= '9' && j+1 < len(t) && t[j+1] == '>' {
			stream = t[j : j+1]
			j++
		}
		if t[j] == '>' || t[j] == '<' {
			in := t[j] == '<'
			j++
			app := !in && j < len(t) && t[j] == '>'
			if app {
				j++
			}
			if j < len(t) && t[j] == '&' {
				j += 2 // a stream merge
				i = min(j, len(t))
				continue
			}
			for j < len(t) && (t[j] == ' ' || t[j] == '\t') {
				j++
			}
			tok, end := word(t, j)
			if !in {
				redirs = append(redirs, redirect{stream: stream, app: app, target: tok})
			}
			i = end
			continue
		}
		tok, end := word(t, i)
		toks = append(toks, token{text: tok, start: i, end: end})
		if end == i {
			end++
		}
		i = end
	}
	return toks, redirs
}

// word reads one word from i: up to a blank or a redirection outside
// double quotes, quotes dropped, a caret escaping the next character.
func word(t string, i int) (string, int) {
	var b strings.Builder
	quoted := false
	for i < len(t) {
		c := t[i]
		switch {
		case c == '"':
			quoted = !quoted
		case c == '^' && !quoted && i+1 < len(t):
			i++
			b.WriteByte(t[i])
		case !quoted && (c == ' ' || c == '\t' || c == '>' || c == '<'):
			return b.String(), i
		default:
			b.WriteByte(c)
		}
		i++
	}
	return b.String(), i
}

// expand replaces %NAME% by the environment variable's value, as cmd does
// when it reads a line.
func (r *reader) expand(text string, line int) shellops.Word {
	var ws []shellops.Word
	var lit strings.Builder
	flush := func() {
		if lit.Len() > 0 {
			ws = append(ws, r.s.Lit(lit.String(), line))
			lit.Reset()
		}
	}
	for i := 0; i < len(text); i++ {
		c := text[i]
		if c != '%' {
			lit.WriteByte(c)
			continue
		}
		if i+1 < len(text) && text[i+1] == '%' {
			lit.WriteByte('%')
			i++
			continue
		}
		if i+1 < len(text) && (text[i+1] == '~' || text[i+1] >= '0' && text[i+1] <= '9' || text[i+1] == '*') {
			// %1, %~dp0, %*: the script's arguments and paths.
			j := i + 1
			for j < len(text) && text[j] != ' ' && text[j] != '\\' && text[j] != '"' {
				j++
			}
			flush()
			ws = append(ws, shellops.Opaque(text[i+1:j], line))
			i = j - 1
			continue
		}
		end := strings.IndexByte(text[i+1:], '%')
		if end <= 0 {
			lit.WriteByte(c)
			continue
		}
		name := text[i+1 : i+1+end]
		flush()
		if base, _, cut := strings.Cut(name, ":"); cut {
			// %NAME:~0,5% and %NAME:a=b% are made from NAME's value.
			ws = append(ws, shellops.Opaque(base, line, r.s.Env(base, line)))
		} else {
			ws = append(ws, r.s.Env(name, line))
		}
		i += end + 1
	}
	flush()
	return shellops.Join(ws...)
}

// command reads one command and returns what it prints.
func (r *reader) command(t string, line int, stdin shellops.Word, depth int) shellops.Word {
	toks, redirs := tokenize(t)
	if len(toks) == 0 {
		return shellops.Word{}
	}
	name := strings.ToLower(toks[0].text)
	rest := strings.TrimSpace(t[toks[0].end:])
	var out shellops.Word
	switch {
	case name == "rem":
		return out
	case name == "if" && depth < maxDepth:
		if cmd, ok := ifCommand(toks, t); ok {
			leave := r.s.Branch()
			r.commands(cmd, line, depth+1)
			leave()
		}
		return out
	case name == "for" && depth < maxDepth:
		if i := indexWord(toks, "do"); i >= 0 && i+1 < len(toks) {
			r.s.Loop()
			leave := r.s.Branch()
			r.commands(t[toks[i+1].start:], line, depth+1)
			leave()
		} else {
			r.s.Unread(line, t, "cmd for loop not read", true)
		}
		return out
	case name == "set" || strings.HasPrefix(name, "set/") || strings.HasPrefix(name, "set\""):
		r.set(strings.TrimSpace(t[len("set"):]), line, stdin)
		return out
	case name == "echo" || strings.HasPrefix(name, "echo.") || strings.HasPrefix(name, "echo("):
		text := strings.TrimPrefix(t[toks[0].end:], " ")
		if name != "echo" {
			text = t[toks[0].start+5:]
		}
		text = stripRedirections(text)
		if lw := strings.ToLower(strings.TrimSpace(text)); lw == "off" || lw == "on" {
			return out
		}
		out = shellops.Join(r.expand(text, line), shellops.Text("\n"))
	case name == "call" && strings.HasPrefix(rest, ":"):
		return out
	case name == "call":
		return r.command(rest, line, stdin, depth+1)
	case inert[name]:
	default:
		words := make([]shellops.Word, 0, len(toks))
		for k, tok := range toks {
			w := r.expand(tok.text, line)
			if k == 0 && w.Known() {
				w = r.s.Lit(programName(w.String()), line)
			}
			words = append(words, w)
		}
		out = r.s.Run(shellops.Call{Line: line, Words: words, Stdin: stdin, Evidence: t})
	}
	for _, rd := range redirs {
		if rd.stream == "1" {
			r.s.Write(line, r.expand(rd.target, line), out, rd.app)
			out = shellops.Word{}
		}
	}
	return out
}

// programName is how a program is matched: Windows finds it whatever the
// case of its name and whatever extension of PATHEXT it has.
func programName(s string) string {
	if strings.ContainsAny(s, `/\`) {
		return s
	}
	s = strings.ToLower(s)
	for _, ext := range []string{".exe", ".cmd", ".bat", ".com"} {
		s = strings.TrimSuffix(s, ext)
	}
	return s
}

// inert are cmd's commands that do nothing with a credential.
var inert = map[string]bool{
	"setlocal": true, "endlocal": true, "goto": true, "exit": true, "pause": true, "cls": true,
	"title": true, "color": true, "chcp": true, "pushd": true, "popd": true, "cd": true, "chdir": true,
	"md": true, "mkdir": true, "rd": true, "rmdir": true, "del": true, "erase": true, "copy": true,
	"xcopy": true, "robocopy": true, "move": true, "ren": true, "rename": true, "ver": true, "vol": true,
	"where": true, "timeout": true, "shift": true, "prompt": true, "path": true, "dir": true, "verify": true,
	"break": true,
}

// stripRedirections removes the redirections from echo's text.
func stripRedirections(text string) string {
	quoted := false
	for i := 0; i < len(text); i++ {
		switch c := text[i]; {
		case c == '"':
			quoted = !quoted
		case c == '^' && !quoted:
			i++
		case !quoted && (c == '>' || c == '<'):
			j := i
			if j > 0 && text[j-1] >= '0' && text[j-1] <= '9' && (j == 1 || text[j-2] == ' ') {
				j--
			}
			return strings.TrimRight(text[:j], " ")
		}
	}
	return text
}

// indexWord finds a word (compared without case) among tokens.
func indexWord(toks []token, w string) int {
	for i, t := range toks {
		if strings.EqualFold(t.text, w) {
			return i
		}
	}
	return -1
}

// ifCommand is the command an if runs: what follows its condition (/i,
// not, then exist X, defined X, errorlevel N, cmdextversion N, or a
// comparison A==B or A op B).
func ifCommand(toks []token, t string) (string, bool) {
	i := 1
	for i < len(toks) && (strings.EqualFold(toks[i].text, "/i") || strings.EqualFold(toks[i].text, "not")) {
		i++
	}
	if i >= len(toks) {
		return "", false
	}
	switch strings.ToLower(toks[i].text) {
	case "exist", "defined", "errorlevel", "cmdextversion":
		i += 2
	default:
		if strings.Contains(toks[i].text, "==") {
			i++
			// "a" == "b" written with blanks around ==
		} else if i+1 < len(toks) && (toks[i+1].text == "==" || isCompareOp(toks[i+1].text)) {
			i += 3
		} else if i+1 < len(toks) && strings.HasPrefix(toks[i+1].text, "==") {
			i += 2
		} else {
			i++
		}
	}
	if i >= len(toks) {
		return "", false
	}
	return t[toks[i].start:], true
}

func isCompareOp(s string) bool {
	switch strings.ToLower(s) {
	case "equ", "neq", "lss", "leq", "gtr", "geq":
		return true
	}
	return false
}

// set reads set's arguments: NAME=value, "NAME=value", /a NAME=expr,
// /p NAME=prompt (a line from stdin).
func (r *reader) set(args string, line int, stdin shellops.Word) {
	switch {
	case args == "":
		return
	case strings.HasPrefix(strings.ToLower(args), "/a"):
		expr := strings.TrimSpace(args[2:])
		if name, _, ok := strings.Cut(strings.Trim(expr, `"`), "="); ok {
			r.s.SetEnv(strings.TrimSpace(name), shellops.Opaque(strings.TrimSpace(name), line, r.expand(expr, line)))
		}
		return
	case strings.HasPrefix(strings.ToLower(args), "/p"):
		if name, _, ok := strings.Cut(strings.Trim(strings.TrimSpace(args[2:]), `"`), "="); ok {
			r.s.SetEnv(strings.TrimSpace(name), shellops.Opaque(strings.TrimSpace(name), line, stdin))
		}
		return
	}
	if strings.HasPrefix(args, `"`) {
		if end := strings.LastIndexByte(args, '"'); end > 0 {
			args = args[1:end]
		}
	}
	name, value, ok := strings.Cut(args, "=")
	if !ok || strings.TrimSpace(name) == "" {
		return
	}
	name = strings.TrimSpace(name)
	if value == "" {
		r.s.UnsetEnv(name)
		return
	}
	r.s.SetEnv(name, r.expand(value, line))
}
