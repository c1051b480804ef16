package pwshops

import (
	"strings"
	"testing"
	"time"

	"github.com/pat2app/pat2app/scanner/opstest"
	"github.com/pat2app/pat2app/scanner/shellops"
)

// fuzzSeeds are scripts that reach every part of the parser.
var fuzzSeeds = []string{
	"gh pr list",
	"if (-not $env:GH_TOKEN) { throw \"missing\" } elseif ($x) { a } else { b }\ngh release upload v1 a.zip",
	"$h = @{ Authorization = \"Bearer $env:T\"; 'Accept' = 'x' }\nInvoke-RestMethod -Uri \"https://api.github.com/repos/$env:GITHUB_REPOSITORY/releases\" -Method Post -Headers $h -Body ($b | ConvertTo-Json -Depth 5)",
	"$p = @{ Uri = 'https://api.github.com/x'; Headers = @{Authorization=\"token ${{ secrets.T }}\"} }\nirm @p",
	"\"A=$env:T\" >> $env:GITHUB_ENV\n\"B=$t\" | Out-File -FilePath $env:GITHUB_OUTPUT -Append -Encoding utf8\nAdd-Content $env:GITHUB_ENV \"C=1\"",
	"$x = @\"\nline $y $(gh auth token)\n\"@\n$z = @'\nraw '${{ secrets.T }}'\n'@",
	"function f([string]$A = 'x', $B) { param($C) gh api \"repos/$A\" }\nf -A o/r b\n& { param($q) $q } 1\n. { $env:GH_TOKEN = $t }",
	"foreach ($r in @('a','b')) { git push \"https://x:$env:T@github.com/$r\" }\nfor ($i = 0; $i -lt 3; $i++) { }\nwhile ($true) { break }\ndo { $i-- } until ($i -le 0)",
	"switch -regex ($x) { '^a' { a } {$_ -gt 1} { b } default { c } }",
	"try { gh pr merge } catch [System.Net.WebException], [Exception] { $_ } finally { x }\ntrap { continue }",
	"[Environment]::SetEnvironmentVariable('GH_TOKEN', $t, 'Process')\n[IO.File]::AppendAllText($env:GITHUB_ENV, \"X=$t`n\")\n[void]$list.Add($t)",
	"$b64 = [Convert]::ToBase64String([Text.Encoding]::ASCII.GetBytes(\"x:$t\"))\n$s = '{0}/{1}' -f $a, $b\n$u = $a + '/' + $b",
	"git `\n  push `\n  origin main\n<# block\ncomment #> gh pr list # end",
	"Set-Item -Path Env:X -Value $t; Remove-Item env:X; Get-Content env:X; Get-ChildItem Env:\\X",
	"Start-Process gh -ArgumentList 'pr','list' -Wait -NoNewWindow\nInvoke-Expression \"gh pr view $n\"\npwsh -c 'gh pr list'\niex $code",
	"$a, $b = $t.Split(':')\n$x ??= $y\n$x += 1\n$h['k'] = $t\n$o.Prop.Deep = $t",
	"class Foo { [string]$A }\nenum E { A }\nusing namespace System\ngh pr list --% --raw %T%",
	"$x = (\n}\n)\n\"unterminated\n'also",
	"cmd1 && cmd2 || cmd3 &\n$x | % { $_ } | ? { $_ } | Tee-Object -FilePath f -Append",
	"$r = Invoke-WebRequest -Uri $u -Token (ConvertTo-SecureString $env:T -AsPlainText -Force) -Authentication Bearer\n$r.Content | ConvertFrom-Json",
	"${env:GH_TOKEN} = ${__P2A_E1}\n$using:x; $script:y = 1; $global:z = 2\n@\"x\"@",
	"-not $x\n!$y\n-1 + 2\n1..10 | % { }\n7z a x.zip *\n.5 * 3",
}

// FuzzParse checks that any text is parsed without panicking, with every
// node and unread stretch inside the text. Run longer with:
//
//	go test ./scanner/pwshops -run '^$' -fuzz FuzzParse -fuzztime 60s
func FuzzParse(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		start := time.Now()
		sc := parse(src)
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("parse took %v on %d bytes", d, len(src))
		}
		for _, s := range sc.body {
			n := s.at()
			if n.off < 0 || n.end > len(src) || n.off > n.end {
				t.Errorf("statement outside the text: %+v of %d bytes", n, len(src))
			}
		}
		last := -1
		for _, u := range sc.unread {
			if u.off < 0 || u.end > len(src) || u.off > u.end {
				t.Errorf("unread stretch outside the text: %+v of %d bytes", u, len(src))
			}
			if u.off <= last {
				t.Errorf("unread stretches out of order: %+v after %d", u, last)
			}
			last = u.off
		}
	})
}

// FuzzAnalyze checks that any script is read without panicking, within a
// time bound, with uses on lines of the script, evidence on one line, and
// never a parse error of the whole script. Run longer with:
//
//	go test ./scanner/pwshops -run '^$' -fuzz FuzzAnalyze -fuzztime 60s
func FuzzAnalyze(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s, "pwsh")
	}
	f.Add("curl -Uri https://api.github.com -Headers @{a=$env:T}", "powershell")
	f.Fuzz(func(t *testing.T, script, shell string) {
		nLines := strings.Count(script, "\n") + 1
		start := time.Now()
		in := shellops.Input{
			Script:     script,
			Shell:      shell,
			StartLine:  100,
			Cred:       opstest.Creds("T", "GH_TOKEN"),
			Exprs:      map[string][]string{"secrets.T": {"secrets.T"}},
			ImplicitGH: []string{"secrets.I"},
			Persisted:  []string{"secrets.P"},
			Repo:       "o/r",
			// Arguments a script's param() block binds: a name, a
			// credential, a positional word.
			Args: []shellops.Arg{{Text: "-Token", Known: true}, {Text: "{A}", Creds: []string{"secrets.A"}}, {Text: "-x:y", Known: true}, {Text: "main", Known: true}},
		}
		r := Analyze(in)
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("Analyze took %v on %d bytes", d, len(script))
		}
		if r.ParseError != nil && len(script) <= shellops.MaxScriptSize {
			t.Errorf("parse error of the whole script: %v", r.ParseError)
		}
		opstest.CheckBounds(t, r, 100, nLines)
	})
}
