package cmdops

import (
	"strings"
	"testing"
	"time"

	"github.com/pat2app/pat2app/scanner/opstest"
	"github.com/pat2app/pat2app/scanner/shellops"
)

func TestAnalyze(t *testing.T) {
	pat := map[string][]string{"GH_TOKEN": {"secrets.GH"}, "T": {"secrets.T"}}
	tests := []struct {
		name   string
		script string
		want   []string
		writes []string
	}{
		{
			name:   "gh with GH_TOKEN; an if's condition is a test",
			script: "@echo off\nif \"%GH_TOKEN%\"==\"\" exit /b 1\nif not defined GH_TOKEN (\n  exit /b 1\n)\ngh release create %TAG% --notes \"a release\"",
			want:   []string{"6 gh secrets.GH env api.github.com [release create {TAG} --notes a release]"},
		},
		{
			name:   "GITHUB_ENV by echo and >>; set NAME=value",
			script: "echo TOKEN=%T%>> %GITHUB_ENV%\nset X=%T%\n>>\"%GITHUB_OUTPUT%\" echo out=%X%\necho plain=1>>%GITHUB_ENV%",
			writes: []string{"TOKEN env 1 [secrets.T]", "out output 3 [secrets.T]", "plain env 4 []"},
		},
		{
			name:   "set then gh; caret continuation; case of names",
			script: "set \"GH_TOKEN=%t%\"\nGH.EXE pr ^\n  merge 12 --squash",
			want:   []string{"2 gh secrets.T env api.github.com [pr merge 12 --squash]"},
		},
		{
			name:   "curl with a header, && and a pipe",
			script: "curl.exe -sf -H \"Authorization: token %T%\" https://api.github.com/repos/o/r/issues -d \"{}\" && echo ok | findstr ok",
			want:   []string{"1 curl secrets.T header api.github.com POST /repos/o/r/issues repos=o/r"},
		},
		{
			name:   "for runs its command; call runs a script; comments are not read",
			script: "rem gh auth token %T%\n:: %T%\nfor %%r in (a b) do gh api repos/o/%%r -f x=1\ncall scripts\\release.cmd %T%",
			want: []string{"3 gh secrets.GH env api.github.com [api repos/o/%r -f x=1] repos=o/%r",
				"4 scripts\\release.cmd secrets.GH env unresolved", "4 scripts\\release.cmd secrets.T arg unresolved"},
		},
		{
			name:   "an expression in the script",
			script: "git clone https://x:${{ secrets.PAT }}@github.com/o/r.git",
			want:   []string{"1 git secrets.PAT url github.com GIT clone repos=o/r"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := Analyze(shellops.Input{Script: tc.script, Shell: "cmd", StartLine: 1, Cred: pat,
				Exprs: map[string][]string{"secrets.PAT": {"secrets.PAT"}}})
			opstest.Equal(t, "uses", opstest.Uses(res), tc.want)
			opstest.Equal(t, "writes", opstest.Writes(res), tc.writes)
		})
	}
}

// FuzzAnalyze checks that any script is read without panicking, within a
// time bound, with uses on lines of the script. Run longer with:
//
//	go test ./scanner/cmdops -run '^$' -fuzz FuzzAnalyze -fuzztime 60s
func FuzzAnalyze(f *testing.F) {
	for _, s := range []string{
		"@echo off\nif \"%GH_TOKEN%\"==\"\" (exit /b 1) else (gh pr list)",
		"echo TOKEN=%T%>> %GITHUB_ENV%\nset /p X=<file\nset /a N=%N%+1",
		"for /f \"tokens=*\" %%i in ('gh auth token') do set T=%%i\ncall :label %1\n:label\ngoto :eof",
		"curl -H \"Authorization: token %T:~0,4%\" https://api.github.com ^\n  -X POST 2>&1 | findstr x || exit 1",
		"set \"A=%T%\" & set B=^& & echo %A%%B%> out.txt & type out.txt | gh auth login --with-token",
		"if /i not %X% equ 1 if exist f (call x.bat) ^",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, script string) {
		n := strings.Count(script, "\n") + 1
		start := time.Now()
		res := Analyze(shellops.Input{Script: script, Shell: "cmd", StartLine: 10,
			Cred: map[string][]string{"T": {"secrets.T"}, "GH_TOKEN": {"secrets.GH"}}, Persisted: []string{"secrets.P"}})
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("Analyze took %v on %d bytes", d, len(script))
		}
		opstest.CheckBounds(t, res, 10, n)
	})
}
