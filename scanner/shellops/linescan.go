package shellops

import (
	"strings"

	"mvdan.cc/sh/v3/syntax"

	"github.com/pat2app/pat2app/redact"
)

// maxLineScanRefs bounds the credential references a line scan looks for.
const maxLineScanRefs = 64

// lineScan is the fallback for scripts that are not parsed (other shells,
// parse errors, oversized scripts): every line from script line `from` that
// mentions a credential variable or a credential expression becomes an
// unresolved use, and a line that runs gh with a credential in gh's
// environment an unresolved gh use.
func (a *analyzer) lineScan(script string, from int) {
	type ref struct {
		needle string
		env    bool
		creds  []string
	}
	var refs []ref
	for _, name := range sortedKeys(a.vars) {
		v := a.vars[name]
		if v.isArr || !v.val.hasCreds() {
			continue
		}
		refs = append(refs, ref{needle: name, env: placeholderIndex(name) < 0, creds: v.val.creds()})
	}
	for i := range a.ph {
		ev := a.exprValue(i)
		if cs := ev.creds(); len(cs) > 0 {
			refs = append(refs, ref{needle: "${" + a.ph[i].Name + "}", creds: cs})
		}
	}
	if len(refs) > maxLineScanRefs {
		refs = refs[:maxLineScanRefs]
	}
	ghCreds, ghVia := a.ghCreds(nil)
	shell := strings.Fields(a.in.Shell + " bash")[0]
	lines := strings.Split(script, "\n")
	for i, text := range lines {
		if i+1 < from {
			continue
		}
		t := strings.TrimSpace(text)
		if t == "" || strings.HasPrefix(t, "#") || strings.HasPrefix(t, "//") || strings.HasPrefix(strings.ToUpper(t), "REM ") {
			continue
		}
		first := strings.Fields(t)[0]
		cmd := baseName(strings.Trim(first, `"'&`))
		ev := redact.String(oneLine(restoreExprs(t, a.ph), 120))
		line := a.fileLine(i + 1)
		for _, r := range refs {
			found := false
			if r.env {
				found = mentions(t, r.needle)
			} else {
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
				a.addUse(Use{Credential: c, Line: line, Command: cmd, Via: via, GitHub: 0,
					Unresolved: "line of a " + shell + " script mentions the credential; not analysed", Evidence: ev})
			}
		}
		if (cmd == "gh" || cmd == "gh.exe") && len(ghCreds) > 0 {
			args, ok := simpleArgs(t)
			for _, c := range ghCreds {
				u := Use{Credential: c, Line: line, Command: "gh", Via: ghVia, Host: "api.github.com", GitHub: +1, Evidence: ev}
				if ok && len(args) > 1 {
					u.GHArgs = args[1:]
				} else {
					u.Unresolved = "gh in a " + shell + " script; arguments not parsed"
				}
				a.addUse(u)
			}
		}
	}
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
