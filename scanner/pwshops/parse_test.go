package pwshops

import (
	"fmt"
	"strings"
	"testing"
)

// dump renders statements as a compact tree for table tests.
func dump(ss []stmt) string {
	var out []string
	for _, s := range ss {
		out = append(out, dumpStmt(s))
	}
	return strings.Join(out, "; ")
}

func dumpStmt(s stmt) string {
	switch x := s.(type) {
	case *pipeline:
		var el []string
		for _, e := range x.elems {
			el = append(el, dumpElem(e))
		}
		return strings.Join(el, " | ")
	case *chainStmt:
		var el []string
		for _, p := range x.pipes {
			el = append(el, dumpStmt(p))
		}
		return "chain(" + strings.Join(el, " && ") + ")"
	case *assignStmt:
		return dumpExpr(x.target) + " " + x.op + " " + dumpStmt(x.value)
	case *ifStmt:
		var b strings.Builder
		for i := range x.conds {
			fmt.Fprintf(&b, "if(%s){%s}", dumpStmt(x.conds[i]), dump(x.bodies[i]))
		}
		if x.els != nil {
			fmt.Fprintf(&b, "else{%s}", dump(x.els))
		}
		return b.String()
	case *loopStmt:
		var heads []string
		for _, h := range x.heads {
			heads = append(heads, dumpStmt(h))
		}
		v := ""
		if x.variable != "" {
			v = "$" + x.variable + " in "
		}
		return fmt.Sprintf("%s(%s%s){%s}", x.kind, v, strings.Join(heads, ", "), dump(x.body))
	case *switchStmt:
		var cl []string
		for i := range x.conds {
			cl = append(cl, dumpExpr(x.conds[i])+"{"+dump(x.bodies[i])+"}")
		}
		return "switch(" + dumpStmt(x.value) + "){" + strings.Join(cl, " ") + "}"
	case *tryStmt:
		s := "try{" + dump(x.body) + "}"
		for _, c := range x.catches {
			s += "catch{" + dump(c) + "}"
		}
		if x.finally != nil {
			s += "finally{" + dump(x.finally) + "}"
		}
		return s
	case *funcStmt:
		var ps []string
		for _, p := range x.params {
			ps = append(ps, "$"+p.name)
		}
		return "function " + x.name + "(" + strings.Join(ps, ",") + "){" + dump(x.body) + "}"
	case *paramStmt:
		var ps []string
		for _, p := range x.params {
			ps = append(ps, "$"+p.name)
		}
		return "param(" + strings.Join(ps, ",") + ")"
	case *flowStmt:
		if x.value != nil {
			return x.kind + " " + dumpStmt(x.value)
		}
		return x.kind
	case *blockStmt:
		return "(" + dump(x.body) + ")"
	case *skippedStmt:
		return "skipped " + x.what
	}
	return fmt.Sprintf("?%T", s)
}

func dumpElem(e *element) string {
	var s string
	if e.cmd != nil {
		var parts []string
		if e.cmd.invoke != "" {
			parts = append(parts, e.cmd.invoke)
		}
		parts = append(parts, dumpExpr(e.cmd.name))
		for _, a := range e.cmd.args {
			switch {
			case a.splat != "":
				parts = append(parts, "@"+a.splat)
			case a.verbatim:
				parts = append(parts, "--% "+dumpExpr(a.value))
			case a.param != "" && a.colon:
				parts = append(parts, "-"+a.param+":"+dumpExpr(a.value))
			case a.param != "":
				parts = append(parts, "-"+a.param)
			default:
				parts = append(parts, dumpExpr(a.value))
			}
		}
		s = "cmd[" + strings.Join(parts, " ") + "]"
	} else {
		s = dumpExpr(e.expr)
	}
	for _, r := range e.redirs {
		op := ">"
		if r.app {
			op = ">>"
		}
		if r.target == nil {
			s += " " + r.stream + op + "&"
		} else {
			s += " " + r.stream + op + dumpExpr(r.target)
		}
	}
	return s
}

func dumpExpr(e expr) string {
	switch x := e.(type) {
	case nil:
		return "<nil>"
	case *litExpr:
		return fmt.Sprintf("%q", x.text)
	case *strExpr:
		var ps []string
		for _, p := range x.parts {
			ps = append(ps, dumpExpr(p))
		}
		return "str(" + strings.Join(ps, " ") + ")"
	case *varExpr:
		if x.scope != "" {
			return "$" + x.scope + ":" + x.name
		}
		return "$" + x.name
	case *subExpr:
		return "$(" + dump(x.body) + ")"
	case *parenExpr:
		return "(" + dump(x.body) + ")"
	case *hashExpr:
		var ps []string
		for i := range x.keys {
			ps = append(ps, dumpExpr(x.keys[i])+"="+dumpStmt(x.vals[i]))
		}
		return "@{" + strings.Join(ps, "; ") + "}"
	case *arrayExpr:
		var ps []string
		for _, p := range x.elems {
			ps = append(ps, dumpExpr(p))
		}
		return "array(" + strings.Join(ps, ", ") + ")"
	case *binExpr:
		return "(" + dumpExpr(x.l) + " " + x.op + " " + dumpExpr(x.r) + ")"
	case *unaryExpr:
		return x.op + "(" + dumpExpr(x.x) + ")"
	case *memberExpr:
		sep := "."
		if x.static {
			sep = "::"
		}
		s := dumpExpr(x.x) + sep + dumpExpr(x.name)
		if x.call {
			var ps []string
			for _, a := range x.args {
				ps = append(ps, dumpExpr(a))
			}
			s += "(" + strings.Join(ps, ", ") + ")"
		}
		return s
	case *indexExpr:
		return dumpExpr(x.x) + "[" + dumpExpr(x.i) + "]"
	case *typeExpr:
		return "[" + x.name + "]"
	case *blockExpr:
		return "{" + dump(x.body) + "}"
	case *splatExpr:
		return "@" + x.name
	}
	return fmt.Sprintf("?%T", e)
}

func dumpUnread(sc *script) string {
	var out []string
	for _, u := range sc.unread {
		out = append(out, fmt.Sprintf("%d-%d: %s", sc.p.lineOf(u.off), sc.p.lineOf(u.end), u.reason))
	}
	return strings.Join(out, "; ")
}

func TestParse(t *testing.T) {
	tests := []struct {
		src, want, unread string
	}{
		{`gh release create v1 --notes "x"`, `cmd["gh" "release" "create" "v1" "--notes" str("x")]`, ""},
		{"git push `\n  origin main", `cmd["git" "push" "origin" "main"]`, ""},
		{"a; b\nc # comment\n<# block\ncomment #> d", `cmd["a"]; cmd["b"]; cmd["c"]; cmd["d"]`, ""},
		{`$x = "Bearer $env:GH_TOKEN"`, `$x = str("Bearer " $env:GH_TOKEN)`, ""},
		{`$env:GH_TOKEN = '${__P2A_E1}'`, `$env:GH_TOKEN = "${__P2A_E1}"`, ""},
		{`$h = @{ Authorization = "token ${env:T}"; Accept = 'application/json' }`, `$h = @{"Authorization"=str("token " $env:T); "Accept"="application/json"}`, ""},
		{"$h = @{\n  'Authorization' = \"Bearer $t\"\n  X = 1\n}", `$h = @{"Authorization"=str("Bearer " $t); "X"="1"}`, ""},
		{`Invoke-RestMethod -Uri "https://api.github.com/repos/$repo" -Method Post -Headers $h -Body ($b | ConvertTo-Json)`,
			`cmd["Invoke-RestMethod" -Uri str("https://api.github.com/repos/" $repo) -Method "Post" -Headers $h -Body ($b | cmd["ConvertTo-Json"])]`, ""},
		{`"X=$v" | Out-File -FilePath $env:GITHUB_ENV -Append`, `str("X=" $v) | cmd["Out-File" -FilePath $env:GITHUB_ENV -Append]`, ""},
		{`"TOKEN=$t" >> $env:GITHUB_ENV`, `str("TOKEN=" $t) 1>>$env:GITHUB_ENV`, ""},
		{`echo "a=b" >> "$env:GITHUB_OUTPUT" 2>&1`, `cmd["echo" str("a=b")] 1>>str($env:GITHUB_OUTPUT) 2>&`, ""},
		{"$x = @\"\nline $y\n\"@\n$z = @'\nraw $y\n'@", `$x = str("line " $y); $z = "raw $y"`, ""},
		{`& "C:\tools\gh.exe" pr list; . .\lib.ps1`, `cmd[& str("C:\\tools\\gh.exe") "pr" "list"]; cmd[. ".\\lib.ps1"]`, ""},
		{`gh api --method POST repos/$($env:GITHUB_REPOSITORY)/dispatches -f event_type=x`, `cmd["gh" "api" "--method" "POST" str("repos/" $($env:GITHUB_REPOSITORY) "/dispatches") -f "event_type=x"]`, ""},
		{"if ($env:T) { gh pr list } elseif ($x -eq 1) { a } else { b }", `if(($env:T)){cmd["gh" "pr" "list"]}if((($x -eq "1"))){cmd["a"]}else{cmd["b"]}`, ""},
		{"if (-not $env:T)\n{\n  throw \"missing\"\n}\nelse\n{\n  exit 1\n}", `if((-not($env:T))){throw str("missing")}else{exit "1"}`, ""},
		{"foreach ($r in $repos) {\n  gh repo view $r\n}", `foreach($r in $repos){cmd["gh" "repo" "view" $r]}`, ""},
		{"do { $i++ } while ($i -lt 3)", `do-while((($i -lt "3"))){++($i)}`, ""},
		{`$list | ForEach-Object { gh pr close $_ }`, `$list | cmd["ForEach-Object" {cmd["gh" "pr" "close" $_]}]`, ""},
		{`$list | % { $_ }`, `$list | cmd["%" {$_}]`, ""},
		{"try { gh pr merge 1 } catch [System.Exception] { Write-Host $_ } finally { x }", `try{cmd["gh" "pr" "merge" "1"]}catch{cmd["Write-Host" $_]}finally{cmd["x"]}`, ""},
		{"function Invoke-Api([string]$Path, $Token = $env:T) {\n  irm \"https://api.github.com/$Path\" -Headers @{Authorization=\"token $Token\"}\n}\nInvoke-Api repos/o/r",
			`function Invoke-Api($Path,$Token){cmd["irm" str("https://api.github.com/" $Path) -Headers @{"Authorization"=str("token " $Token)}]}; cmd["Invoke-Api" "repos/o/r"]`, ""},
		{"function f {\n  [CmdletBinding()]\n  param([Parameter(Mandatory)][string]$A)\n  $A\n}", `function f(){[CmdletBinding()]; param($A); $A}`, ""},
		{`[Environment]::SetEnvironmentVariable('GH_TOKEN', $t, 'Process')`, `[Environment]::"SetEnvironmentVariable"("GH_TOKEN", $t, "Process")`, ""},
		{`$b64 = [Convert]::ToBase64String([Text.Encoding]::ASCII.GetBytes("x:$t"))`, `$b64 = [Convert]::"ToBase64String"([Text.Encoding]::"ASCII"."GetBytes"(str("x:" $t)))`, ""},
		{`[void]$h.Add("Authorization", "Bearer $t")`, `[void]($h."Add"(str("Authorization"), str("Bearer " $t)))`, ""},
		{`$s = "{0}:{1}" -f $u, $t`, `$s = (str("{0}:{1}") -f ($u , $t))`, ""},
		{`git clone "https://x-access-token:$($env:T)@github.com/o/r.git"`, `cmd["git" "clone" str("https://x-access-token:" $($env:T) "@github.com/o/r.git")]`, ""},
		{"gh pr create --title \"a`\"b\" --body ''", `cmd["gh" "pr" "create" "--title" str("a\"b") "--body" ""]`, ""},
		{`Write-Host "a" -ForegroundColor Green && gh pr list || exit 1`, `chain(cmd["Write-Host" str("a") -ForegroundColor "Green"] && cmd["gh" "pr" "list"] && cmd["exit" "1"])`, ""},
		{"switch ($x) {\n  'a' { gh pr list }\n  default { b }\n}", `switch(($x)){"a"{cmd["gh" "pr" "list"]} "default"{cmd["b"]}}`, ""},
		{`$a, $b = $t.Split(':')`, `($a , $b) = $t."Split"(":")`, ""},
		{`komac update Foo.Bar --version $v --urls $u --submit --token $env:KOMAC`, `cmd["komac" "update" "Foo.Bar" "--version" $v "--urls" $u "--submit" "--token" $env:KOMAC]`, ""},
		{`.\build.ps1 -Token:$env:T -Verbose`, `cmd[".\\build.ps1" -Token:$env:T -Verbose]`, ""},
		{`Invoke-WebRequest @params`, `cmd["Invoke-WebRequest" @params]`, ""},
		{`exit $LASTEXITCODE`, `exit $LASTEXITCODE`, ""},
		{`7z a out.zip *`, `cmd["7z" "a" "out.zip" "*"]`, ""},
		{`$n = 7 + $x.Count`, `$n = ("7" + $x."Count")`, ""},
		{"${__P2A_E1}/.github/setup.ps1 -Fast\n$x = ${__P2A_E2}", `cmd[str($__P2A_E1 "/.github/setup.ps1") -Fast]; $x = $__P2A_E2`, ""},
		{"$t = $env:A ? $env:B : 'none'", `$t = (($env:A ? $env:B) : "none")`, ""},
		{":outer foreach ($r in $rs) { break outer }", `foreach($r in $rs){break}`, ""},
		{"Get-Foo\n  | Where-Object { $_ }\n  | gh pr list\nnext", `cmd["Get-Foo"] | cmd["Where-Object" {$_}] | cmd["gh" "pr" "list"]; cmd["next"]`, ""},
		{"a || b\n|| c", `chain(cmd["a"] && cmd["b"])`, "2-2: missing command"},
		{"$a = $b = \"x$t\"", `$a = $b = str("x" $t)`, ""},
		{"$l.ForEach{ gh pr close $_ }\n{ param($a) $a }", `$l."ForEach"({cmd["gh" "pr" "close" $_]}); {param($a); $a}`, ""},
		{"function f {\n  param([int] $A = 10,\n    [string] $B = 'x')\n}\nclass C : B\n{\n  [string] M() { return 'x' }\n}\n$x.AddDays(+1)", `function f(){param($A,$B)}; skipped class; $x."AddDays"(+("1"))`, ""},
		{"function b($g) { if($g) { return $d } $s }\n[CmdletBinding()]param($x)\n${a}?[0]", `function b($g){if(($g)){return $d}; $s}; [CmdletBinding()]; param($x); $a["0"]`, ""},
		{"$x = \u201cBearer $t\u201d", `$x = str("  Bearer " $t)`, ""},
		{"$ps = [powershell]::Create().\n    AddCommand('gh')\ntry\n{ a }\ncatch\n[int]\n{ b }", `$ps = [powershell]::"Create"()."AddCommand"("gh"); try{cmd["a"]}catch{cmd["b"]}`, ""},
		{"class Foo {\n  [string]$A # it's\n}\ngh pr list", `skipped class; cmd["gh" "pr" "list"]`, ""},
		// Unreadable lines are listed and reading goes on after them.
		{"gh pr list\n$x = (\ngh pr view", `cmd["gh" "pr" "list"]`, "2-3: missing closing ')'"},
		{"a\n}\nb", `cmd["a"]; cmd["b"]`, "2-2: unexpected '}'"},
		{"if ($x) { a b c ) }\nd", `if(($x)){}; cmd["d"]`, "1-1: unexpected ')'"},
		{"$x = 'unterminated\ngh pr list", `cmd["gh" "pr" "list"]`, "1-1: missing closing quote"},
	}
	for _, tc := range tests {
		t.Run(tc.src, func(t *testing.T) {
			sc := parse(tc.src)
			if got := dump(sc.body); got != tc.want {
				t.Errorf("parse:\n got: %s\nwant: %s", got, tc.want)
			}
			if got := dumpUnread(sc); got != tc.unread {
				t.Errorf("unread:\n got: %s\nwant: %s", got, tc.unread)
			}
		})
	}
}
