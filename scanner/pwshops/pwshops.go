// Package pwshops reads a workflow step's PowerShell `run:` script (shell
// pwsh or powershell, the default on Windows runners) and reports what it
// does with the credentials it is given, as scanner/shellops reports it for
// bash: the same uses, operations, $GITHUB_ENV and $GITHUB_OUTPUT writes
// and stored credentials.
//
// The script is parsed at the command level: statements, pipelines,
// commands and their arguments, strings (single, double and here-strings,
// with $variables, $env:NAME and $(subexpressions)), hashtables, arrays,
// script blocks, if/switch/loops/try, functions and their parameters,
// member access and method calls. The walk follows PowerShell variables
// and the environment ($env:NAME = ..., Set-Item env:NAME,
// [Environment]::SetEnvironmentVariable) through the script.
//
// What each command means comes from shellops: native commands (gh, git,
// curl and curl.exe, docker, npm, the known tools, scripts such as
// ./release.ps1) run through a [shellops.Session], so their reading is the
// shell reader's. PowerShell's own commands are read here:
// Invoke-RestMethod and Invoke-WebRequest (irm, iwr; curl and wget in
// Windows PowerShell) with -Uri, -Method, -Headers, -Body, -Token and
// -Credential; Add-Content, Set-Content, Out-File, Tee-Object and the
// > and >> redirections (to $env:GITHUB_ENV, $env:GITHUB_OUTPUT or a
// file); the environment and variable cmdlets; pipeline cmdlets that pass
// their input on (ForEach-Object, Where-Object, ConvertTo-SecureString,
// ...); Invoke-Expression and pwsh -Command with literal code; Start-Process.
//
// A line the parser cannot read, and code built at run time
// (Invoke-Expression of a variable), become unresolved uses naming the
// line: never an error of the whole script.
package pwshops

import (
	"strings"

	"github.com/pat2app/pat2app/scanner/shellops"
)

// Analyze reads a PowerShell script. in is what the shell reader takes:
// in.Shell names the shell (pwsh, powershell, or a template such as
// "pwsh -command ". '{0}'"); Windows PowerShell (powershell) runs curl and
// wget as Invoke-WebRequest.
func Analyze(in shellops.Input) shellops.Result {
	return new(Reader).Analyze(in)
}

// Reader reads scripts one after another, reusing the shell reader's
// buffers. A Reader is not safe for concurrent use; the zero value is
// ready.
type Reader struct {
	sh shellops.Reader
}

// Analyze is the package's Analyze with r's buffers.
func (r *Reader) Analyze(in shellops.Input) shellops.Result {
	if in.Shell == "" {
		in.Shell = "pwsh"
	}
	s := r.sh.NewSession(in)
	e := newInterp(s, parse(s.Script()), IsWindowsPowerShell(in.Shell))
	e.run()
	return s.Result()
}

// IsWindowsPowerShell reports whether shell (a step's shell: value) is
// Windows PowerShell 5.1 (powershell) rather than PowerShell 7 (pwsh).
func IsWindowsPowerShell(shell string) bool {
	f := strings.Fields(shell)
	if len(f) == 0 {
		return false
	}
	w := strings.ToLower(f[0])
	if i := strings.LastIndexAny(w, `/\`); i >= 0 {
		w = w[i+1:]
	}
	return strings.TrimSuffix(w, ".exe") == "powershell"
}
