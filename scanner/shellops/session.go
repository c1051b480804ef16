package shellops

import (
	"strconv"
	"strings"

	"github.com/pat2app/pat2app/redact"
)

// Session lets the reader of another shell language (PowerShell, cmd, ...)
// run the commands it parsed through this package's command handlers: gh,
// git, curl, wget, docker, npm, the known tools and scripts mean the same
// whatever shell runs them. The session keeps what Analyze keeps between
// statements: the environment, git remotes and configuration, logins,
// files written from credentials, $GITHUB_ENV and $GITHUB_OUTPUT writes.
//
// The reader keeps its own language's variables; the session holds the
// environment only (Input.Cred and what the reader sets with SetEnv). A
// Session is not safe for concurrent use.
type Session struct {
	a *analyzer
}

// NewSession readies a session for in. in.Script is the whole script: its
// ${{ }} expressions become placeholder references (see [Session.Script]);
// in.Shell names the shell in unresolved entries.
func (r *Reader) NewSession(in Input) *Session {
	a := newAnalyzer(in, r.last)
	r.last = a
	a.reader = r
	script := in.Script
	if len(script) > MaxScriptSize {
		script = script[:MaxScriptSize]
		a.parseErr = &ParseError{Message: "script larger than " + strconv.Itoa(MaxScriptSize) + " bytes: read in part"}
	}
	a.script, a.ph = Placeholders(script)
	a.src = a.script
	return &Session{a: a}
}

// Script is the text the reader parses: Input.Script with every ${{ }}
// expression replaced by ${__P2A_E<n>}, line for line. A reader resolves a
// ${__P2A_E<n>} reference with [Session.Env] and text holding one with
// [Session.Lit].
func (s *Session) Script() string { return s.a.script }

// Word is a symbolic string a reader built: literal text and values that
// are not known literally (variables, command output), each keeping the
// credentials it carries.
type Word struct {
	v value
}

// Lit is literal text on a script line. Placeholder references in it stand
// for their expressions (GitHub substitutes them before any shell reads the
// script, even inside single quotes).
func (s *Session) Lit(text string, line int) Word {
	return Word{v: s.a.litValue(text, line)}
}

// Text is literal text that stands for nothing else: a separator or a
// name the reader makes.
func Text(s string) Word {
	return Word{v: litValue(s, 0)}
}

// Args are the script's arguments (Input.Args), one word each, as a
// reader binds them to the script's parameters.
func (s *Session) Args() []Word {
	out := make([]Word, len(s.a.positional))
	for i, v := range s.a.positional {
		out[i] = Word{v: v}
	}
	return out
}

// Env is the value of environment variable name as the script sees it on
// line: what the step's env gives, what the reader set, a value the runner
// defines (GITHUB_API_URL, ...), or an unknown {name}. A placeholder name
// (__P2A_E<n>) gives its expression's value.
func (s *Session) Env(name string, line int) Word {
	v, _ := s.a.lookup(s.EnvName(name))
	return Word{v: withLine(v, line)}
}

// EnvName is the name under which the session knows the environment
// variable name, compared without case as Windows does ($env:gh_token is
// GH_TOKEN there); name itself when the session knows none.
func (s *Session) EnvName(name string) string {
	if _, ok := s.a.vars[name]; ok {
		return name
	}
	for n := range s.a.vars {
		if strings.EqualFold(n, name) {
			return n
		}
	}
	if _, ok := s.a.known[name]; ok {
		return name
	}
	for n := range s.a.known {
		if strings.EqualFold(n, name) && isName(n) {
			return n
		}
	}
	return name
}

// Opaque is a value that is not known literally, shown as {name}, carrying
// the credentials of from (the output of a method call, a conversion).
func Opaque(name string, line int, from ...Word) Word {
	var all value
	for _, w := range from {
		all.appendValue(w.v)
	}
	return Word{v: all.opaque(name, line)}
}

// OneOf is a value that is not known literally, shown as {name}, that is
// one of the literal texts (a loop variable over a literal list): a
// repository named with it is each of them.
func OneOf(name string, line int, texts []string) Word {
	return Word{v: oneOf(name, line, texts)}
}

// Join is the words one after the other, as one string.
func Join(ws ...Word) Word {
	if len(ws) == 1 {
		return ws[0]
	}
	var v value
	for _, w := range ws {
		v.appendValue(w.v)
	}
	return Word{v: v}
}

// String is the word's text, with {NAME} for what is not known.
func (w Word) String() string { return w.v.String() }

// Known reports whether the whole word is literal.
func (w Word) Known() bool { return w.v.known() }

// Credentials lists the credential ids the word carries, sorted.
func (w Word) Credentials() []string { return w.v.creds() }

// HasCredentials reports whether the word carries a credential.
func (w Word) HasCredentials() bool { return w.v.hasCreds() }

// Ref is the variable or expression the word is exactly the value of, ""
// when it is anything else.
func (w Word) Ref() string {
	n, _ := w.v.onlyRef()
	return n
}

// SetEnv sets an environment variable for the commands that follow, under
// the name [Session.EnvName] gives.
func (s *Session) SetEnv(name string, w Word) {
	s.a.setVar(s.EnvName(name), w.v, true)
}

// UnsetEnv removes an environment variable.
func (s *Session) UnsetEnv(name string) {
	s.a.unset(s.EnvName(name))
}

// Call is one command a reader parsed, its words expanded.
type Call struct {
	// Line is the script line of the command.
	Line int
	// Words are the command's name and its arguments. The name is matched
	// as Analyze matches it (gh, gh.exe, curl.exe, git, ...): a reader of a
	// shell whose command names ignore case gives it in lower case.
	Words []Word
	// Stdin is what is piped into the command.
	Stdin Word
	// Evidence is the command as written in the script (placeholders are
	// turned back into their expressions and tokens redacted here).
	Evidence string
}

// Run runs one command through the handlers Analyze uses and returns what
// it prints.
func (s *Session) Run(c Call) Word {
	a := s.a
	if len(c.Words) == 0 || !a.tick() {
		return Word{}
	}
	fields := make([]value, len(c.Words))
	for i, w := range c.Words {
		fields[i] = w.v
	}
	ctx := s.ctx(c.Line, c.Evidence, c.Stdin)
	return Word{v: a.exec(ctx, fields)}
}

func (s *Session) ctx(line int, evidence string, stdin Word) *callCtx {
	return &callCtx{line: s.a.fileLine(line), sline: line, stdin: stdin.v, ev: s.evidence(evidence)}
}

// evidence is text of the script as a use shows it: one line,
// expressions restored, tokens redacted.
func (s *Session) evidence(text string) string {
	return redact.String(oneLine(restoreExprs(text, s.a.ph), 120))
}

// Request is one HTTP request a reader's own HTTP command makes
// (PowerShell's Invoke-RestMethod).
type Request struct {
	// Command is the command as the use names it.
	Command string
	// Line is the script line; Evidence the command as written.
	Line     int
	Evidence string
	// Method is the HTTP method; "" when the command's default (GET).
	Method string
	// URLs are the URLs requested.
	URLs []Word
	// Auth are values sent to authenticate: headers, a bearer token, user
	// and password.
	Auth []Word
	// Body is what is sent as the request's body.
	Body []Word
	// Stdin is what is piped into the command (sent as the body).
	Stdin Word
}

// Request reports an HTTP request as Analyze reports curl's: the GitHub
// REST or GraphQL operation of a GitHub URL, how each credential is sent.
func (s *Session) Request(r Request) {
	a := s.a
	if !a.tick() {
		return
	}
	req := &httpReq{method: "GET", urls: make([]value, 0, len(r.URLs))}
	if r.Method != "" {
		req.method, req.explicit = strings.ToUpper(r.Method), true
	}
	for _, w := range r.Auth {
		req.addCreds(w.v, "header")
	}
	for _, w := range r.Body {
		req.data = append(req.data, w.v)
		req.addCreds(w.v, "arg")
	}
	if len(r.Stdin.v.parts) > 0 {
		req.data = append(req.data, r.Stdin.v)
		req.addCreds(r.Stdin.v, "stdin")
	}
	for _, w := range r.URLs {
		req.urls = append(req.urls, w.v)
	}
	a.httpUse(s.ctx(r.Line, r.Evidence, r.Stdin), r.Command, req)
}

// Write records content written to the file target on line (appended when
// app): $GITHUB_ENV and $GITHUB_OUTPUT writes, tool configuration files
// (.npmrc, .git-credentials, .netrc), and files later commands read.
func (s *Session) Write(line int, target, content Word, app bool) {
	if !s.a.tick() {
		return
	}
	s.a.writeTo(target.v, content.v, line, app)
}

// Branch enters code that may not run (a branch, a loop body, a catch
// block): variables set there are merged with their values before. The
// returned function leaves it.
func (s *Session) Branch() func() {
	s.a.cond++
	return func() { s.a.cond-- }
}

// Loop records that the script loops (its job may outlive a one-hour
// token).
func (s *Session) Loop() { s.a.hasLoops = true }

// Unread records a script line the reader could not read: every credential
// the line names (an environment variable that carries one, an expression,
// or a value of mentioned) becomes an unresolved use saying reason, and a
// gh on it an unresolved gh use. With inEnv, every credential in the
// environment counts as named: the line runs something that may read it.
func (s *Session) Unread(line int, text, reason string, inEnv bool, mentioned ...Word) {
	a := s.a
	refs := a.lineRefs()
	if inEnv {
		for i := range refs {
			refs[i].always = refs[i].always || refs[i].env
		}
	}
	for _, w := range mentioned {
		if cs := w.v.creds(); len(cs) > 0 {
			refs = append(refs, lineRef{creds: cs, always: true})
		}
	}
	a.scanLine(text, line, refs, reason)
}

// Stopped reports whether the session reached its limits (MaxNodes): the
// reader may stop walking.
func (s *Session) Stopped() bool { return s.a.stopped }

// Result is what the commands run in the session did, as Analyze reports
// it.
func (s *Session) Result() Result {
	s.a.flushImplicit()
	return s.a.result()
}
