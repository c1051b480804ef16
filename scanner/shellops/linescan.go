package shellops

import (
	"strings"

	"mvdan.cc/sh/v3/syntax"

	"github.com/pat2app/pat2app/redact"
)

// maxLineScanRefs bounds the credential references a line scan looks for.
const maxLineScanRefs = 64

// lineRef is a credential a line scan looks for: a variable named on the
// line (needle, as a whole word when env), a placeholder reference, or
// (always) a value a reader found on the line.
type lineRef struct {
	needle string
	env    bool
	always bool
	creds  []string
}

// lineScan is the fallback for scripts that are not parsed (other shells,
// parse errors, oversized scripts): every line from script line `from` that
// mentions a credential variable or a credential expression becomes an
// unresolved use, and a line that runs gh with a credential in gh's
// environment an unresolved gh use.
func (a *analyzer) lineScan(script string, from int) {
	refs := a.lineRefs()
	for i, text := range strings.Split(script, "\n") {
		if i+1 >= from {
			a.scanLine(text, i+1, refs, "")
		}
	}
}

// lineRefs lists the variables and expressions that carry credentials.
func (a *analyzer) lineRefs() []lineRef {
	var refs []lineRef
	for _, name := range sortedKeys(a.vars) {
		v := a.vars[name]
		if v.isArr || !v.val.hasCreds() {
			continue
		}
		refs = append(refs, lineRef{needle: name, env: placeholderIndex(name) < 0, creds: v.val.creds()})
	}
	for i := range a.ph {
		ev := a.exprValue(i)
		if cs := ev.creds(); len(cs) > 0 {
			refs = append(refs, lineRef{needle: "${" + a.ph[i].Name + "}", creds: cs})
		}
	}
	if len(refs) > maxLineScanRefs {
		refs = refs[:maxLineScanRefs]
	}
	return refs
}

// scanLine reports one line that is not parsed (script line sline): each
// credential of refs it mentions is an unresolved use saying reason (a
// default names the shell when reason is ""), and gh run on it with a
// credential in gh's environment a gh use.
func (a *analyzer) scanLine(text string, sline int, refs []lineRef, reason string) {
	t := strings.TrimSpace(text)
	if t == "" || strings.HasPrefix(t, "#") || strings.HasPrefix(t, "//") || strings.HasPrefix(strings.ToUpper(t), "REM ") {
		return
	}
	shell := strings.Fields(a.in.Shell + " bash")[0]
	if reason == "" {
		reason = "line of a " + shell + " script mentions the credential; not analysed"
	}
	cmd := lineCommand(t)
	ev := redact.String(oneLine(restoreExprs(t, a.ph), 120))
	line := a.fileLine(sline)
	done := map[string]bool{}
	if cmd == "gh" || cmd == "gh.exe" {
		ghCreds, ghVia := a.ghCreds(nil)
		args, ok := simpleArgs(t)
		for _, c := range ghCreds {
			done[c] = true
			u := Use{Credential: c, Line: line, Command: "gh", Via: ghVia, Host: "api.github.com", GitHub: +1, Evidence: ev}
			if ok && len(args) > 1 {
				u.GHArgs = args[1:]
			} else {
				u.Unresolved = "gh in a " + shell + " script; arguments not parsed"
			}
			a.addUse(u)
		}
	}
	if cmd == "git" || cmd == "git.exe" {
		// git reads the credentials it is configured with, whatever the
		// line says: those an earlier command or step left.
		for _, c := range a.gitConfigured() {
			if !done[c] {
				done[c] = true
				a.addUse(Use{Credential: c, Line: line, Command: "git", Via: "git-config", GitHub: 0, Evidence: ev,
					Unresolved: "git on a line that is not read may use the credentials git is configured with"})
			}
		}
	}
	for _, r := range refs {
		found := r.always
		switch {
		case found:
		case r.env:
			found = mentions(t, r.needle)
		default:
			found = strings.Contains(t, r.needle)
		}
		if !found {
			continue
		}
		via := "arg"
		if r.env {
			via = "env"
		}
		for _, c := range r.creds {
			if !done[c] {
				done[c] = true
				a.addUse(Use{Credential: c, Line: line, Command: cmd, Via: via, GitHub: 0, Unresolved: reason, Evidence: ev})
			}
		}
	}
}

// lineCommand names what a line that is not parsed runs: its first word
// (a program's base name, or a variable and member up to its arguments).
func lineCommand(t string) string {
	first := strings.Fields(t)[0]
	if strings.HasPrefix(first, "$") {
		if i := strings.IndexAny(first, "(["); i > 0 {
			first = first[:i]
		}
		return first
	}
	return baseName(strings.Trim(first, `"'&`))
}

// simpleArgs splits a command line that uses nothing but words and quotes
// (the common ground of sh, pwsh and cmd) into its arguments.
func simpleArgs(line string) ([]string, bool) {
	if strings.ContainsAny(line, "$`@(){}|;&<>%^\\") {
		return nil, false
	}
	f, err := syntax.NewParser().Parse(strings.NewReader(line), "")
	if err != nil || len(f.Stmts) != 1 || len(f.Stmts[0].Redirs) > 0 {
		return nil, false
	}
	call, ok := f.Stmts[0].Cmd.(*syntax.CallExpr)
	if !ok || len(call.Assigns) > 0 {
		return nil, false
	}
	var out []string
	for _, w := range call.Args {
		var b strings.Builder
		for _, p := range w.Parts {
			switch x := p.(type) {
			case *syntax.Lit:
				b.WriteString(x.Value)
			case *syntax.SglQuoted:
				b.WriteString(x.Value)
			case *syntax.DblQuoted:
				for _, q := range x.Parts {
					l, ok := q.(*syntax.Lit)
					if !ok {
						return nil, false
					}
					b.WriteString(l.Value)
				}
			default:
				return nil, false
			}
		}
		out = append(out, b.String())
	}
	return out, true
}

// gitConfigured lists the credentials git is configured with: in its
// configuration and credential store, in remotes' URLs, in repositories
// cloned with one, and actions/checkout's persisted one.
func (a *analyzer) gitConfigured() []string {
	var creds []string
	for _, list := range [][]gitCred{a.gitHeaders, a.gitRewrites, a.gitStore} {
		for _, gc := range list {
			creds = append(creds, gc.creds...)
		}
	}
	for _, name := range sortedKeys(a.remotes) {
		creds = append(creds, a.remotes[name].creds()...)
	}
	creds = append(creds, a.ghGitCreds...)
	creds = append(creds, a.clonedCreds...)
	return uniq(append(creds, a.allPersisted()...))
}
