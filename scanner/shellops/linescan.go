package shellops

import (
	"strings"
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
		ev := Redact(oneLine(restoreExprs(t, a.ph), 120))
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
			for _, c := range ghCreds {
				a.addUse(Use{Credential: c, Line: line, Command: "gh", Via: ghVia, Host: "api.github.com", GitHub: +1,
					Unresolved: "gh in a " + shell + " script; arguments not parsed", Evidence: ev})
			}
		}
	}
}
