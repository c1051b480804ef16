package pwshops

import (
	"testing"

	"github.com/pat2app/pat2app/scanner/opstest"
	"github.com/pat2app/pat2app/scanner/shellops"
)

func TestAnalyze(t *testing.T) {
	tests := []struct {
		name   string
		script string
		in     shellops.Input
		want   []string
		writes []string
	}{
		{
			name:   "gh with GH_TOKEN from the step, after a line bash cannot parse",
			script: "if (-not $env:GH_TOKEN) { throw \"missing\" }\ngh release upload v1 foo.zip --clobber",
			in:     shellops.Input{Cred: opstest.Creds("GH_TOKEN")},
			want:   []string{"2 gh secrets.GH_TOKEN env api.github.com [release upload v1 foo.zip --clobber]"},
		},
		{
			name:   "a certificate decoded and written to a file is a use, not nothing",
			script: "$b = [System.Convert]::FromBase64String(\"${{ secrets.PFX }}\")\n[IO.File]::WriteAllBytes(\"$env:cert_path\", $b)",
			in:     shellops.Input{Exprs: map[string][]string{"secrets.PFX": {"secrets.PFX"}}},
			want:   []string{"2 write {cert_path} secrets.PFX file unresolved"},
		},
		{
			name:   "a static method not known to only make a value is a use the reading does not follow",
			script: "[Acme.Signer]::Sign(\"${{ secrets.PFX }}\")",
			in:     shellops.Input{Exprs: map[string][]string{"secrets.PFX": {"secrets.PFX"}}},
			want:   []string{"1 [Acme.Signer]::Sign(\"${__P2A_E1}\") secrets.PFX arg unresolved"},
		},
		{
			name:   "Publish-Module's -NuGetApiKey is the PowerShell Gallery's",
			script: "Publish-Module -Path ./pwsh_module/PuppetBolt -NuGetApiKey ${{ secrets.PS_GALLERY_TOKEN }}",
			in:     shellops.Input{Exprs: map[string][]string{"secrets.PS_GALLERY_TOKEN": {"secrets.PS_GALLERY_TOKEN"}}},
			want:   []string{"1 publish-module secrets.PS_GALLERY_TOKEN arg www.powershellgallery.com"},
		},
		{
			name: "Invoke-RestMethod with a header hashtable",
			script: "$headers = @{ Authorization = \"Bearer $env:GH_TOKEN\"; Accept = 'application/vnd.github+json' }\n" +
				"Invoke-RestMethod -Uri \"https://api.github.com/repos/$env:GITHUB_REPOSITORY/releases\" -Method Post -Headers $headers -Body $json",
			in:   shellops.Input{Cred: opstest.Creds("GH_TOKEN"), Repo: "o/r"},
			want: []string{"2 Invoke-RestMethod secrets.GH_TOKEN header api.github.com POST /repos/{owner}/{repo}/releases repos=o/r"},
		},
		{
			name:   "irm with positional URL, inline headers and -Method shortened",
			script: "irm https://api.github.com/repos/o/r/dispatches -Meth POST -Headers @{Authorization=\"token ${{ secrets.PAT }}\"} -Body '{}'",
			in:     shellops.Input{Exprs: map[string][]string{"secrets.PAT": {"secrets.PAT"}}},
			want:   []string{"1 Invoke-RestMethod secrets.PAT header api.github.com POST /repos/o/r/dispatches repos=o/r"},
		},
		{
			name:   "Invoke-WebRequest defaults to GET; -Token",
			script: "$t = ConvertTo-SecureString $env:T -AsPlainText -Force\niwr -Uri https://api.github.com/user -Authentication Bearer -Token $t",
			in:     shellops.Input{Cred: opstest.Creds("T")},
			want:   []string{"2 Invoke-WebRequest secrets.T header api.github.com GET /user"},
		},
		{
			name:   "splatted request parameters",
			script: "$p = @{\n  Uri = 'https://api.github.com/repos/o/r/issues/1/comments'\n  Method = 'POST'\n  Headers = @{ Authorization = \"token $env:T\" }\n}\nInvoke-RestMethod @p",
			in:     shellops.Input{Cred: opstest.Creds("T")},
			want:   []string{"6 Invoke-RestMethod secrets.T header api.github.com POST /repos/o/r/issues/1/comments repos=o/r"},
		},
		{
			name:   "-f format builds the URL",
			script: "$url = 'https://api.github.com/repos/{0}/pulls/{1}/merge' -f $env:GITHUB_REPOSITORY, $n\nInvoke-RestMethod $url -Method Put -Headers @{Authorization = \"Bearer $env:T\"}",
			in:     shellops.Input{Cred: opstest.Creds("T"), Repo: "o/r"},
			want:   []string{"2 Invoke-RestMethod secrets.T header api.github.com PUT /repos/{owner}/{repo}/pulls/{n}/merge repos=o/r"},
		},
		{
			name:   "Headers built with .Add on a hashtable",
			script: "$h = @{}\n$h.Add('Authorization', \"token $env:T\")\nInvoke-RestMethod -Uri https://api.github.com/orgs/o/teams -Headers $h",
			in:     shellops.Input{Cred: opstest.Creds("T")},
			want:   []string{"3 Invoke-RestMethod secrets.T header api.github.com GET /orgs/o/teams"},
		},
		{
			name:   "Windows PowerShell curl is Invoke-WebRequest; curl.exe is curl",
			script: "curl -Uri https://api.github.com/user -Headers @{Authorization=\"token $env:T\"}\ncurl.exe -H \"Authorization: token $env:T\" https://api.github.com/user/repos",
			in:     shellops.Input{Cred: opstest.Creds("T"), Shell: "powershell"},
			want: []string{"1 Invoke-WebRequest secrets.T header api.github.com GET /user",
				"2 curl secrets.T header api.github.com GET /user/repos"},
		},
		{
			name:   "PowerShell 7 curl is curl",
			script: "curl -sSf -X POST -H \"Authorization: Bearer $env:T\" https://api.github.com/repos/o/r/labels",
			in:     shellops.Input{Cred: opstest.Creds("T")},
			want:   []string{"1 curl secrets.T header api.github.com POST /repos/o/r/labels repos=o/r"},
		},
		{
			name:   "chained assignment gives both variables the value",
			script: "$a = $env:GH_TOKEN = $env:T\n$h = @{ Authorization = \"token $a\" }\nirm https://api.github.com/user -Headers $h\ngh pr list",
			in:     shellops.Input{Cred: opstest.Creds("T")},
			want:   []string{"3 Invoke-RestMethod secrets.T header api.github.com GET /user", "4 gh secrets.T env api.github.com [pr list]"},
		},
		{
			name:   "$env: assignment carries the credential to gh",
			script: "$env:GH_TOKEN = \"${{ secrets.BOT }}\"\ngh pr merge 12 --squash",
			in:     shellops.Input{Exprs: map[string][]string{"secrets.BOT": {"secrets.BOT"}}},
			want:   []string{"2 gh secrets.BOT env api.github.com [pr merge 12 --squash]"},
		},
		{
			name:   "environment names ignore case; Set-Item and SetEnvironmentVariable",
			script: "$env:gh_token = $env:MY_PAT\ngh pr list\nSet-Item -Path Env:GITHUB_TOKEN -Value $env:MY_PAT\n[Environment]::SetEnvironmentVariable('GH_ENTERPRISE_TOKEN', $env:MY_PAT)\nRemove-Item env:GH_TOKEN\ngh pr view",
			in:     shellops.Input{Cred: opstest.Creds("MY_PAT", "GH_TOKEN")},
			want: []string{"2 gh secrets.MY_PAT env api.github.com [pr list]",
				"6 gh secrets.MY_PAT env api.github.com [pr view]"},
		},
		{
			name:   "git with a credential URL built in a string",
			script: "git remote set-url origin \"https://x-access-token:$($env:T)@github.com/$env:GITHUB_REPOSITORY.git\"\ngit push origin HEAD:main",
			in:     shellops.Input{Cred: opstest.Creds("T"), Repo: "o/r"},
			want: []string{"1 git secrets.T url github.com repos=o/r",
				"2 git secrets.T url github.com GIT push repos=o/r"},
		},
		{
			name:   "GITHUB_ENV by redirection, Add-Content, Out-File and Set-Content",
			script: "\"A=$env:T\" >> $env:GITHUB_ENV\nAdd-Content -Path $env:GITHUB_ENV -Value \"B=$env:T\"\n\"C=$env:T\" | Out-File -FilePath $env:GITHUB_ENV -Append -Encoding utf8\necho \"token=$env:T\" | Out-File $env:GITHUB_OUTPUT -Append\nWrite-Output \"D=x\" >> \"$env:GITHUB_ENV\"",
			in:     shellops.Input{Cred: opstest.Creds("T")},
			writes: []string{"A env 1 [secrets.T]", "B env 2 [secrets.T]", "C env 3 [secrets.T]", "token output 4 [secrets.T]", "D env 5 []"},
		},
		{
			name:   "variables carry the credential; a function's parameters too",
			script: "function Invoke-Gh([string]$Token, $Args2) {\n  $env:GH_TOKEN = $Token\n  gh workflow run deploy.yml\n}\n$t = $env:T\nInvoke-Gh -Token $t",
			in:     shellops.Input{Cred: opstest.Creds("T")},
			want:   []string{"3 gh secrets.T env api.github.com [workflow run deploy.yml]"},
		},
		{
			name:   "ForEach-Object walks its block with $_",
			script: "$repos = 'o/a', 'o/b'\n$repos | ForEach-Object { gh api \"repos/$_/dispatches\" -f event_type=go }",
			in:     shellops.Input{Cred: opstest.Creds("GH_TOKEN")},
			want:   []string{"2 gh secrets.GH_TOKEN env api.github.com [api repos/{_}/dispatches -f event_type=go] repos=o/a,o/b"},
		},
		{
			name:   "foreach over literal repositories names each; one from the environment is named at run time",
			script: "foreach ($r in 'o/a', 'o/b') { gh api \"repos/$r/dispatches\" -f event_type=go }\ngh issue create -R $env:OTHER -t x\nInvoke-RestMethod -Method Post -Headers @{Authorization=\"token $env:GH_TOKEN\"} -Uri \"https://api.github.com/repos/$env:OTHER/dispatches\"",
			in:     shellops.Input{Cred: opstest.Creds("GH_TOKEN"), Repo: "me/r"},
			want: []string{
				"1 gh secrets.GH_TOKEN env api.github.com [api repos/{r}/dispatches -f event_type=go] repos=o/a,o/b",
				"2 gh secrets.GH_TOKEN env api.github.com [issue create -R {OTHER} -t x] repos=run-time:{OTHER}",
				"3 Invoke-RestMethod secrets.GH_TOKEN header api.github.com POST /repos/{OTHER}/dispatches repos=run-time:{OTHER}",
			},
		},
		{
			name:   "a token piped to gh auth login, then gh uses it",
			script: "$env:T | gh auth login --with-token\ngh release create v1",
			in:     shellops.Input{Cred: opstest.Creds("T")},
			want: []string{"1 gh secrets.T stdin api.github.com [auth login --with-token]",
				"2 gh secrets.T stored api.github.com [release create v1]"},
		},
		{
			name:   "a script given the token",
			script: "./scripts/release.ps1 -Token $env:T -Version 1.2",
			in:     shellops.Input{Cred: opstest.Creds("T")},
			want:   []string{"1 ./scripts/release.ps1 secrets.T arg unresolved"},
		},
		{
			name:   "a module of the repository runs with the environment; a module by name does not",
			script: "Import-Module ./tools/release.psm1 -Force\nImport-Module Pester\nPublish-Release -Tag v1",
			in:     shellops.Input{Cred: opstest.Creds("GH_TOKEN")},
			want:   []string{"1 ./tools/release.psm1 secrets.GH_TOKEN env unresolved"},
		},
		{
			name:   "Invoke-Expression of literal code is read; of a variable is not",
			script: "Invoke-Expression 'gh pr list'\niex $cmd",
			in:     shellops.Input{Cred: opstest.Creds("GH_TOKEN")},
			want: []string{"1 gh secrets.GH_TOKEN env api.github.com [pr list]",
				"2 iex secrets.GH_TOKEN env unresolved"},
		},
		{
			name:   "pwsh -Command with literal code",
			script: "pwsh -NoProfile -Command \"gh pr comment 1 --body hi\"",
			in:     shellops.Input{Cred: opstest.Creds("GH_TOKEN")},
			want:   []string{"1 gh secrets.GH_TOKEN env api.github.com [pr comment 1 --body hi]"},
		},
		{
			name:   "a method given the credential is unresolved",
			script: "$wc = New-Object System.Net.WebClient\n$wc.Headers.Add('Authorization', \"token $env:T\")\n$wc.DownloadString('https://api.github.com/user')",
			in:     shellops.Input{Cred: opstest.Creds("T")},
			want:   []string{"3 $wc.DownloadString secrets.T arg unresolved"},
		},
		{
			name:   "existence checks and printing are not uses",
			script: "if ([string]::IsNullOrEmpty($env:T)) { Write-Host 'no token'; exit 1 }\nWrite-Host \"token length $($env:T.Length)\"",
			in:     shellops.Input{Cred: opstest.Creds("T")},
		},
		{
			name:   "a line that cannot be read is unresolved, and reading goes on",
			script: "$x = (\ngh pr list",
			in:     shellops.Input{Cred: opstest.Creds("GH_TOKEN")},
			want:   []string{"1 $x secrets.GH_TOKEN env unresolved", "2 gh secrets.GH_TOKEN env api.github.com [pr list]"},
		},
		{
			name:   "git on a line not read may use the credential actions/checkout persisted",
			script: "$x = (\ngit push origin HEAD",
			in:     shellops.Input{Persisted: []string{"secrets.P"}},
			want:   []string{"2 git secrets.P git-config unresolved"},
		},
		{
			name:   "tools that take a token as an argument",
			script: "wingetcreate update Foo.Bar -v 1.0 -u https://x/y.msi -t $env:T --submit\n$env:GITHUB_TOKEN = $env:K\nkomac.exe update Foo.Bar --version 1.0 --urls https://x/y.msi --submit",
			in:     shellops.Input{Cred: opstest.Creds("T", "K")},
			want: []string{"1 wingetcreate secrets.T arg api.github.com unresolved",
				"3 komac secrets.K env api.github.com unresolved"},
		},
		{
			name:   "a script's parameters bound by name (-Key, -Ke:, a prefix) and by position",
			script: "param([string]$Branch = 'main', [string]$Key = '', [string]$Other)\ngh release create $Branch\nInvoke-RestMethod -Uri https://api.github.com/user -Headers @{Authorization = \"token $Key\"}\nInvoke-RestMethod -Uri https://example.com/x -Headers @{Authorization = \"token $Other\"}",
			in: shellops.Input{Cred: opstest.Creds("GH_TOKEN"), Args: []shellops.Arg{{Text: "-Key", Known: true}, {Text: "{T}", Creds: []string{"secrets.T"}},
				{Text: "v1", Known: true}, {Text: "{U}", Creds: []string{"secrets.U"}}}},
			want: []string{"2 gh secrets.GH_TOKEN env api.github.com [release create v1]",
				"3 Invoke-RestMethod secrets.T header api.github.com GET /user",
				"4 Invoke-RestMethod secrets.U header example.com"},
		},
		{
			name:   "-Name:value; a positional argument fills the first parameter not named; $args holds the rest",
			script: "param($Repo, $Token)\ngh pr create --repo $Repo\ngh api /user --header \"Authorization: token $args\"",
			in:     shellops.Input{Cred: opstest.Creds("GH_TOKEN"), Args: []shellops.Arg{{Text: "-To:x", Known: true}, {Text: "o/r", Known: true}, {Text: "{T}", Creds: []string{"secrets.T"}}}},
			want: []string{"2 gh secrets.GH_TOKEN env api.github.com [pr create --repo o/r] repos=o/r",
				"3 gh secrets.GH_TOKEN env api.github.com [api /user --header Authorization: token {T}]",
				"3 gh secrets.T arg unresolved"},
		},
		{
			name:   "a parameter given nothing takes its default",
			script: "param($Repo = 'o/r')\ngh pr create --repo $Repo",
			in:     shellops.Input{Cred: opstest.Creds("GH_TOKEN")},
			want:   []string{"2 gh secrets.GH_TOKEN env api.github.com [pr create --repo o/r] repos=o/r"},
		},
		{
			name:   "here-string with an expression",
			script: "$body = @\"\n{\"token\": \"${{ secrets.PAT }}\"}\n\"@\nInvoke-RestMethod -Uri https://example.com/hook -Method Post -Body $body",
			in:     shellops.Input{Exprs: map[string][]string{"secrets.PAT": {"secrets.PAT"}}},
			want:   []string{"4 Invoke-RestMethod secrets.PAT arg example.com"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := tc.in
			in.Script = tc.script
			in.StartLine = 1
			res := Analyze(in)
			opstest.Equal(t, "uses", opstest.Uses(res), tc.want)
			opstest.Equal(t, "env writes", opstest.Writes(res), tc.writes)
			if res.ParseError != nil {
				t.Errorf("parse error: %v", res.ParseError)
			}
		})
	}
}
