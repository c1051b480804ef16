package shellops

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
)

func TestPlaceholders(t *testing.T) {
	cases := []struct {
		in      string
		out     string
		exprs   []string
		exprLns []int
	}{
		{"echo hi", "echo hi", nil, nil},
		{"a ${{ secrets.X }} b", "a ${__P2A_E1} b", []string{"secrets.X"}, []int{1}},
		{"x\n${{github.token}}${{ env.A }}", "x\n${__P2A_E1}${__P2A_E2}", []string{"github.token", "env.A"}, []int{2, 2}},
		{"${{ format('}}{0}', x) }}", "${__P2A_E1}", []string{"format('}}{0}', x)"}, []int{1}},
		{"${{ a ||\n b }} z", "${__P2A_E1}\n z", []string{"a ||\n b"}, []int{1}},
		{"open ${{ x", "open ${{ x", nil, nil},
	}
	for _, tc := range cases {
		got, ph := Placeholders(tc.in)
		if got != tc.out {
			t.Errorf("Placeholders(%q) = %q, want %q", tc.in, got, tc.out)
		}
		if strings.Count(got, "\n") != strings.Count(tc.in, "\n") {
			t.Errorf("line count changed for %q", tc.in)
		}
		var exprs []string
		var lines []int
		for _, p := range ph {
			exprs = append(exprs, p.Expr)
			lines = append(lines, p.Line)
		}
		if !reflect.DeepEqual(exprs, tc.exprs) || !reflect.DeepEqual(lines, tc.exprLns) {
			t.Errorf("Placeholders(%q) exprs %q lines %v, want %q %v", tc.in, exprs, lines, tc.exprs, tc.exprLns)
		}
		if back := restoreExprs(got, ph); len(ph) > 0 && !strings.Contains(back, "${{ "+ph[0].Expr+" }}") {
			t.Errorf("restoreExprs(%q) = %q", got, back)
		}
	}
}

func TestEvidence(t *testing.T) {
	script := "curl -H \"Authorization: token ${{ secrets.PAT }}\" \\\n  -X POST \\\n  https://api.github.com/repos/o/r/issues\n" +
		"git push https://ghp_abcdefghijklmnopqrstuvwxyz0123456789@github.com/o/r.git\n" +
		"gh pr create --title \"" + strings.Repeat("long ", 40) + "\""
	r := Analyze(Input{Script: script, StartLine: 20,
		Exprs:     map[string][]string{"secrets.PAT": {"secrets.PAT"}},
		Persisted: []string{"github.token"}, Cred: env("GH_TOKEN")})
	if len(r.Uses) != 3 {
		t.Fatalf("uses: %v", fmtUses(r.Uses))
	}
	want0 := `curl -H "Authorization: token ${{ secrets.PAT }}" -X POST https://api.github.com/repos/o/r/issues`
	if r.Uses[0].Evidence != want0 || r.Uses[0].Line != 20 {
		t.Errorf("evidence %q line %d, want %q line 20", r.Uses[0].Evidence, r.Uses[0].Line, want0)
	}
	// The literal token in the URL is not a tracked credential: the push
	// uses the persisted one, and the evidence is redacted.
	if r.Uses[1].Line != 23 || strings.Contains(r.Uses[1].Evidence, "abcdefgh") || !strings.Contains(r.Uses[1].Evidence, "ghp_****") {
		t.Errorf("use 1: %+v", r.Uses[1])
	}
	if n := len([]rune(r.Uses[2].Evidence)); n > 120 || strings.Contains(r.Uses[2].Evidence, "\n") {
		t.Errorf("evidence not cut to one short line: %d runes", n)
	}
}

func TestOtherShells(t *testing.T) {
	script := "# comment GH_TOKEN\n$headers = @{ Authorization = \"token $env:GH_PAT\" }\nInvoke-RestMethod -Uri $u -Headers $headers\ngh pr list\nWrite-Host ${{ secrets.OTHER }}\ngh pr comment 1 --body \"done\"\ngh release create $env:TAG"
	r := Analyze(Input{Script: script, Shell: "pwsh", StartLine: 5,
		Cred: env("GH_PAT", "GH_TOKEN"), Exprs: map[string][]string{"secrets.OTHER": {"secrets.OTHER"}}})
	got := fmtUses(r.Uses)
	want := []string{
		"6 $headers secrets.GH_PAT via=env gh=+0 unresolved",
		"8 gh secrets.GH_TOKEN via=env host=api.github.com gh=+1 args=[pr list]",
		"9 Write-Host secrets.OTHER via=arg gh=+0 unresolved",
		"10 gh secrets.GH_TOKEN via=env host=api.github.com gh=+1 args=[pr comment 1 --body done]",
		"11 gh secrets.GH_TOKEN via=env host=api.github.com gh=+1 unresolved",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q\nwant %q", got, want)
	}
	if r.Uses[2].Evidence != "Write-Host ${{ secrets.OTHER }}" {
		t.Errorf("evidence %q", r.Uses[2].Evidence)
	}
	py := Analyze(Input{Script: "import os\nprint(os.environ['GITHUB_TOKEN'])", Shell: "python", Cred: env("GITHUB_TOKEN")})
	if len(py.Uses) != 1 || py.Uses[0].Line != 2 {
		t.Errorf("python: %v", fmtUses(py.Uses))
	}
}

func TestShellKinds(t *testing.T) {
	for shell, want := range map[string]string{"": "bash", "bash": "bash", "bash -e {0}": "bash", "/bin/bash --noprofile": "bash",
		"sh": "sh", "sh -e {0}": "sh", "pwsh": "", "python": "", "cmd": "", "powershell": ""} {
		if got := shellKind(shell); got != want {
			t.Errorf("shellKind(%q) = %q, want %q", shell, got, want)
		}
	}
	// POSIX sh that uses bash features still gets analysed.
	r := Analyze(Input{Script: "if [[ -n $X ]]; then gh pr list; fi", Shell: "sh", Cred: env("GH_TOKEN")})
	if r.ParseError != nil || len(r.Uses) != 1 {
		t.Errorf("sh with bashisms: %v %v", r.ParseError, fmtUses(r.Uses))
	}
}

func TestParseErrorSalvage(t *testing.T) {
	script := "gh pr list\ncurl -H \"Authorization: token $T\" https://api.github.com/user\nif then fi (\necho $T\ngh issue list"
	r := Analyze(Input{Script: script, StartLine: 10, Cred: env("GH_TOKEN", "T")})
	if r.ParseError == nil {
		t.Fatal("no parse error")
	}
	if r.ParseError.Line != 12 {
		t.Errorf("parse error line %d, want 12", r.ParseError.Line)
	}
	got := fmtUses(r.Uses)
	want := []string{
		"10 gh secrets.GH_TOKEN via=env host=api.github.com gh=+1 args=[pr list]",
		"11 curl secrets.T via=header host=api.github.com gh=+1 op=rest:GET:/user",
		"13 echo secrets.T via=env gh=+0 unresolved",
		"14 gh secrets.GH_TOKEN via=env host=api.github.com gh=+1 args=[issue list]",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q\nwant %q", got, want)
	}
}

func TestLimits(t *testing.T) {
	big := strings.Repeat("echo $T\n", MaxScriptSize/8+10)
	r := Analyze(Input{Script: big, Cred: env("T")})
	if r.ParseError == nil || !strings.Contains(r.ParseError.Message, "larger") {
		t.Errorf("want size error, got %v", r.ParseError)
	}
	many := strings.Repeat(":;:;:;:\n", MaxNodes/4)
	r = Analyze(Input{Script: many + "gh pr list\n", Cred: env("GH_TOKEN")})
	if r.ParseError == nil || !strings.Contains(r.ParseError.Message, "nodes") {
		t.Errorf("want node limit error, got %v", r.ParseError)
	}
}

func TestHasLoops(t *testing.T) {
	for script, want := range map[string]bool{
		"for i in 1 2; do :; done":        true,
		"while true; do break; done":      true,
		"until false; do :; done":         true,
		"f() { for x in a; do :; done; }": true,
		"echo hi":                         false,
	} {
		if got := Analyze(Input{Script: script}).HasLoops; got != want {
			t.Errorf("HasLoops(%q) = %v", script, got)
		}
	}
}

func TestDeterministicOrder(t *testing.T) {
	script := "gh pr list\ncurl -H \"Authorization: token $A\" -H \"X: $B\" https://api.github.com/user\ngit push"
	in := Input{Script: script, Cred: env("GH_TOKEN", "A", "B"), Persisted: []string{"p2", "p1"}}
	first := fmtUses(Analyze(in).Uses)
	for i := 0; i < 20; i++ {
		if got := fmtUses(Analyze(in).Uses); !reflect.DeepEqual(got, first) {
			t.Fatalf("run %d differs:\n%q\n%q", i, got, first)
		}
	}
	want := []string{
		"1 gh secrets.GH_TOKEN via=env host=api.github.com gh=+1 args=[pr list]",
		"2 curl secrets.A via=header host=api.github.com gh=+1 op=rest:GET:/user",
		"2 curl secrets.B via=header host=api.github.com gh=+1 op=rest:GET:/user",
		"3 git p1 via=persisted host=github.com gh=+1 op=git:GIT:push",
		"3 git p2 via=persisted host=github.com gh=+1 op=git:GIT:push",
	}
	if !reflect.DeepEqual(first, want) {
		t.Errorf("got %q\nwant %q", first, want)
	}
}

// TestPathologicalScripts checks that scripts built to blow up the walk
// (many variables times many commands, call fan-out, deep nesting, values
// and arrays that double) cost work that grows no faster than their size.
// Work is counted in allocations, which, unlike wall time, does not depend
// on how busy the machine is: each script is analysed at size n and 8n, and
// the larger may cost at most 3 times 8 as much (a quadratic walk costs 64).
func TestPathologicalScripts(t *testing.T) {
	scripts := map[string]func(n int) string{
		"vars x scripts": func(n int) string {
			var b strings.Builder
			for i := 0; i < n; i++ {
				fmt.Fprintf(&b, "export a%d=$T\n", i)
			}
			b.WriteString(strings.Repeat("./x.sh\n", n))
			return b.String()
		},
		"call fan-out": func(n int) string {
			var b strings.Builder
			for i := 0; i < n; i++ {
				fmt.Fprintf(&b, "f%d() { f%d; f%d; f%d; gh pr list; }\n", i, i+1, i+1, i+1)
			}
			b.WriteString("f0\n")
			return b.String()
		},
		"deep nesting": func(n int) string {
			return strings.Repeat("$(", n) + "gh" + strings.Repeat(")", n)
		},
		"doubling value": func(n int) string {
			return "x=a\n" + strings.Repeat("x=\"$x$x\"\n", n/50) + "curl -H \"$T\" $x\n"
		},
		"doubling array": func(n int) string {
			return "x=(a)\n" + strings.Repeat("x=(\"${x[@]}\" \"${x[@]}\")\n", n/75) + "gh ${x[@]}\n"
		},
	}
	const small, factor = 400, 8
	for name, gen := range scripts {
		cost := func(n int) float64 {
			s := gen(n)
			return testing.AllocsPerRun(1, func() { Analyze(Input{Script: s, Cred: env("T", "GH_TOKEN")}) })
		}
		a, b := cost(small), cost(small*factor)
		if b > 3*factor*a {
			t.Errorf("%s: %.0f allocations at size %d, %.0f at size %d: more than linear", name, a, small, b, small*factor)
		}
	}
}

// TestCallerPlaceholders covers callers that substitute expressions
// themselves and key Cred by the placeholder names.
func TestCallerPlaceholders(t *testing.T) {
	script, ph := Placeholders("git push https://${{ secrets.A }}@github.com/o/r\necho 'T=${{ secrets.A }}' >> $GITHUB_ENV")
	cred := map[string][]string{}
	for _, p := range ph {
		cred[p.Name] = []string{p.Expr}
	}
	r := Analyze(Input{Script: script, Cred: cred, StartLine: 3})
	got := fmtUses(r.Uses)
	want := []string{"3 git secrets.A via=url host=github.com gh=+1 op=git:GIT:push@o/r repos=o/r"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q want %q", got, want)
	}
	if len(r.EnvWrites) != 1 || r.EnvWrites[0].Name != "T" || !reflect.DeepEqual(r.EnvWrites[0].Credentials, []string{"secrets.A"}) || r.EnvWrites[0].Line != 4 {
		t.Errorf("env writes %+v", r.EnvWrites)
	}
}

// TestStoredAcrossSteps checks that what one step leaves in tool
// configuration is reported and used by a later step.
func TestStoredAcrossSteps(t *testing.T) {
	step1 := Analyze(Input{Script: strings.Join([]string{
		`git config --global url."https://x:${T}@github.com/".insteadOf "https://github.com/"`,
		`git remote add bot https://x-access-token:${{ secrets.BOT }}@github.com/bot/fork.git`,
		`echo "$T" | gh auth login --with-token`,
		`echo "$CR" | docker login ghcr.io -u me --password-stdin`,
		`echo "//npm.pkg.github.com/:_authToken=$T" > ~/.npmrc`,
	}, "\n"), Cred: env("T", "CR"), Exprs: map[string][]string{"secrets.BOT": {"secrets.BOT"}}})
	var got []string
	for _, st := range step1.Stored {
		got = append(got, st.Tool+" "+st.Host+" "+st.Name+" "+st.URL+" "+strings.Join(st.Credentials, ","))
	}
	want := []string{
		"docker ghcr.io   secrets.CR",
		"gh github.com   secrets.T",
		"git github.com   secrets.T",
		"git-remote github.com bot https://x-access-token:{secrets.BOT}@github.com/bot/fork.git secrets.BOT",
		"npm npm.pkg.github.com   secrets.T",
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("stored:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	step2 := Analyze(Input{Script: "git clone https://github.com/o/private\ngit push bot HEAD\ngh pr list\ndocker push ghcr.io/o/i\nnpm publish",
		Stored: step1.Stored, StartLine: 10})
	wantUses := []string{
		"10 git secrets.T via=git-config host=github.com gh=+1 op=git:GIT:clone@o/private repos=o/private",
		"11 git secrets.BOT via=url host=github.com gh=+1 op=git:GIT:push@bot/fork repos=bot/fork",
		"12 gh secrets.T via=stored host=api.github.com gh=+1 args=[pr list]",
		"13 docker secrets.CR via=stored host=ghcr.io gh=+1 op=docker:DOCKER:push ghcr.io/o/i#push",
		"14 npm secrets.T via=stored host=npm.pkg.github.com gh=+1 op=package:PACKAGE:npm publish",
	}
	if g := fmtUses(step2.Uses); !reflect.DeepEqual(g, wantUses) {
		t.Errorf("step 2 uses:\n%s\nwant:\n%s", strings.Join(g, "\n"), strings.Join(wantUses, "\n"))
	}
}

// TestGhHelperAcrossSteps: gh's credential helper an earlier step set up
// (gh auth setup-git) is asked only when no other credential answers, so
// in actions/checkout's folder a later step's push goes with the persisted
// credential, and elsewhere with gh's.
func TestGhHelperAcrossSteps(t *testing.T) {
	step1 := Analyze(Input{Script: "gh auth setup-git", Cred: env("GH_TOKEN")})
	if len(step1.Stored) != 1 || step1.Stored[0].Tool != "gh-git" {
		t.Fatalf("stored %+v, want gh's helper", step1.Stored)
	}
	for _, c := range []struct {
		name string
		in   Input
		want []string
	}{
		{"in the checkout's folder", Input{Script: "git push origin main", Stored: step1.Stored, DefaultPersisted: true, PersistedDir: ".", StartLine: 5},
			[]string{"5 git github.token via=persisted host=github.com gh=+1 op=git:GIT:push"}},
		{"checkout kept no credential", Input{Script: "git push origin main", Stored: step1.Stored, StartLine: 5},
			[]string{"5 git secrets.GH_TOKEN via=stored host=github.com gh=+1 op=git:GIT:push"}},
		{"another folder", Input{Script: "cd ../other && git push origin main", Stored: step1.Stored, DefaultPersisted: true, PersistedDir: "repo", StartLine: 5},
			[]string{"5 git secrets.GH_TOKEN via=stored host=github.com gh=+1 op=git:GIT:push"}},
	} {
		if g := fmtUses(Analyze(c.in).Uses); !reflect.DeepEqual(g, c.want) {
			t.Errorf("%s: uses:\n%s\nwant:\n%s", c.name, strings.Join(g, "\n"), strings.Join(c.want, "\n"))
		}
	}
}

// TestPersistedFolders: with checkouts in several folders, git uses the
// credential persisted in the folder it runs in (the deepest holding it),
// and any of them where the folder is not known.
func TestPersistedFolders(t *testing.T) {
	elsewhere := []PersistedFolder{{Dir: "dist", Credentials: []string{"secrets.BOT"}}, {Dir: ".", Default: true}}
	for _, c := range []struct {
		name, script, dir string
		want              []string
	}{
		{"in the later checkout's folder", "git push", "src", []string{"1 git secrets.SRC via=persisted host=github.com gh=+1 op=git:GIT:push"}},
		{"in an earlier checkout's folder", "git push", "dist", []string{"1 git secrets.BOT via=persisted host=github.com gh=+1 op=git:GIT:push"}},
		{"changing into it", "cd dist/sub && git push", "", []string{"1 git secrets.BOT via=persisted host=github.com gh=+1 op=git:GIT:push"}},
		{"the workspace's own", "git push", "", []string{"1 git github.token via=persisted host=github.com gh=+1 op=git:GIT:push"}},
		{"folder named at run time", `cd "$D" && git push`, "", []string{
			"1 git github.token via=persisted host=github.com gh=+1 op=git:GIT:push",
			"1 git secrets.BOT via=persisted host=github.com gh=+1 op=git:GIT:push",
			"1 git secrets.SRC via=persisted host=github.com gh=+1 op=git:GIT:push",
		}},
	} {
		r := Analyze(Input{Script: c.script, Dir: c.dir, Persisted: []string{"secrets.SRC"}, PersistedDir: "src", PersistedElsewhere: elsewhere})
		if g := fmtUses(r.Uses); !reflect.DeepEqual(g, c.want) {
			t.Errorf("%s: uses:\n%s\nwant:\n%s", c.name, strings.Join(g, "\n"), strings.Join(c.want, "\n"))
		}
	}
}

// TestFolded: Folded is true exactly when folding white space changes
// nothing and the text is printable ASCII.
func TestFolded(t *testing.T) {
	for _, s := range []string{"", "a", "gh pr create", "a  b", " a", "a ", "a\tb", "a\nb", "é", "a\u00a0b", "x=1 y=2", "a\\\nb"} {
		fold := strings.Join(strings.Fields(s), " ")
		ascii := true
		for i := 0; i < len(s); i++ {
			ascii = ascii && s[i] >= 0x20 && s[i] < 0x7f
		}
		if want := fold == s && ascii; Folded(s) != want {
			t.Errorf("Folded(%q) = %v, want %v", s, !want, want)
		}
	}
}

// TestMayUseStored: a script reaches stored credentials only through the
// tools that read them, however their names are quoted.
func TestMayUseStored(t *testing.T) {
	for _, c := range []struct {
		script string
		want   bool
	}{
		{"git push origin HEAD", true},
		{`g""it push`, true},
		{`\gh pr list`, true},
		{"docker push ghcr.io/o/i", true},
		{"npm publish", true},
		{"echo done; make test", false},
		{"ls -la && cp a b", false},
	} {
		if got := MayUseStored(c.script); got != c.want {
			t.Errorf("MayUseStored(%q) = %v, want %v", c.script, got, c.want)
		}
		if !c.want {
			res := Analyze(Input{Script: c.script, Persisted: []string{"secrets.P"}, Stored: []Stored{{Tool: "gh", Host: "github.com", Credentials: []string{"secrets.G"}}}})
			if len(res.Uses) > 0 {
				t.Errorf("%q: uses %+v", c.script, res.Uses)
			}
		} else if c.script == `g""it push` {
			res := Analyze(Input{Script: c.script, Persisted: []string{"secrets.P"}})
			if len(res.Uses) == 0 {
				t.Errorf("%q: the analyzer does not see the git push the test guards against", c.script)
			}
		}
	}
}

// TestEvidenceIsTheCommandAsWritten: evidence is cut from the text the
// command was read from: the script, an `sh -c` argument, or the script of
// a function defined in one and called from the other.
func TestEvidenceIsTheCommandAsWritten(t *testing.T) {
	for _, c := range []struct{ script, want string }{
		{"gh pr create \\\n  --title x   --body \"$T\"", `gh pr create --title x --body "$T"`},
		{"sh -c 'gh pr merge 1'", "gh pr merge 1"},
		{"sh -c 'f() { gh pr close 2; }'; echo done; f", "gh pr close 2"},
		{"f() { gh issue close 3; }\nsh -c 'f'", "gh issue close 3"},
	} {
		res := Analyze(Input{Script: c.script, Cred: map[string][]string{"GH_TOKEN": {"secrets.PAT"}}, ImplicitGH: []string{"secrets.PAT"}})
		found := false
		for _, u := range res.Uses {
			found = found || u.Evidence == c.want
		}
		if !found {
			t.Errorf("%q: no use with evidence %q: %+v", c.script, c.want, res.Uses)
		}
	}
}

// TestShellCommandStringOptions: a shell's command string follows -c in
// any of the forms its options take (clustered, after other options,
// after -o NAME); without -c the first argument is a script file.
func TestShellCommandStringOptions(t *testing.T) {
	for _, c := range []struct {
		script string
		want   string // evidence of the gh use; "" for none read
	}{
		{"sh -c 'gh pr merge 1'", "gh pr merge 1"},
		{"bash -ec 'gh pr merge 1'", "gh pr merge 1"},
		{"sh -cx 'gh pr merge 1'", "gh pr merge 1"},
		{"bash -x -c 'gh pr merge 1'", "gh pr merge 1"},
		{"bash -o pipefail -c 'gh pr merge 1'", "gh pr merge 1"},
		{"bash --noprofile --norc -eo pipefail -c 'gh pr merge 1'", "gh pr merge 1"},
		{"find . -print0 | xargs -n1 -0 sh -cx 'gh pr merge 1'", "gh pr merge 1"},
		{"bash -x 'gh pr merge 1'", ""},
		{"bash -o c 'gh pr merge 1'", ""},
	} {
		res := Analyze(Input{Script: c.script, Cred: map[string][]string{"GH_TOKEN": {"secrets.PAT"}}, ImplicitGH: []string{"secrets.PAT"}})
		got := ""
		for _, u := range res.Uses {
			if u.Evidence == "gh pr merge 1" && u.Unresolved == "" {
				got = u.Evidence
			}
		}
		if got != c.want {
			t.Errorf("%q: read use %q, want %q: %+v", c.script, got, c.want, res.Uses)
		}
	}
}

// TestNegatedSubshell: `!(cmd)` as a command is bash's negation of a
// subshell (extglob is off in scripts); the parser reads it as a pattern,
// which must not make its program unknown.
func TestNegatedSubshell(t *testing.T) {
	for _, c := range []struct {
		script     string
		read       string // evidence of a use read, "" for none
		unresolved bool   // a use left unresolved
	}{
		{"if !(gem list bundler -i) > /dev/null 2>&1; then echo x; fi", "", false},
		{"!(gh pr merge 1)", "gh pr merge 1", false},
		{"if !(\"$TOOL\" check); then :; fi", "", true},
		{"ls !(x)", "", false},
	} {
		res := Analyze(Input{Script: c.script, Cred: map[string][]string{"GH_TOKEN": {"secrets.PAT"}}, ImplicitGH: []string{"secrets.PAT"}})
		read, unresolved := "", false
		for _, u := range res.Uses {
			if u.Unresolved != "" {
				unresolved = true
			} else if u.Evidence == "gh pr merge 1" {
				read = u.Evidence
			}
		}
		if read != c.read || unresolved != c.unresolved {
			t.Errorf("%q: read %q unresolved %v, want %q %v: %+v", c.script, read, unresolved, c.read, c.unresolved, res.Uses)
		}
	}
}

// TestHandedToOpaque: a credential the script exports under a name of its
// own before running a program it cannot read is a use of it there; one
// the step's environment holds as the workflow set it is not.
func TestHandedToOpaque(t *testing.T) {
	for _, c := range []struct {
		script string
		want   string // the unresolved use's program, "" for none
	}{
		{"export GITHUB_TOKEN=\"$BOT_TOKEN\"\nsbt 'frontend/githubRelease'", "sbt"},
		{"GH_TOKEN=$BOT_TOKEN; export GH_TOKEN\nmytool run", "mytool"},
		{"mytool run", ""},
		{"export OTHER=plain\nmytool run", ""},
	} {
		res := Analyze(Input{Script: c.script, Cred: map[string][]string{"BOT_TOKEN": {"secrets.BOT_TOKEN"}}})
		got := ""
		for _, u := range res.Uses {
			if u.Unresolved != "" && strings.Contains(u.Unresolved, "which the script set from the credential") {
				got = u.Command
			}
		}
		if got != c.want {
			t.Errorf("%q: use by %q, want %q: %+v", c.script, got, c.want, res.Uses)
		}
	}
}

// TestMayRunGH: a program pat2app neither reads nor knows may run gh,
// which has what an earlier command logged it in with: a use to read
// there, where the step keeps stored credentials for code not read.
func TestMayRunGH(t *testing.T) {
	stored := []Stored{{Tool: "gh", Credentials: []string{"secrets.X"}}}
	for _, c := range []struct {
		script string
		kept   bool
		want   bool
	}{
		{"xmake l -vD scripts/autoupdate.lua", true, true},
		{"mytool run", true, true},
		{"jq . x.json", true, false}, // a tool that reads no token
		{"mytool run", false, false}, // the step does not keep them for code not read
	} {
		res := Analyze(Input{Script: c.script, Stored: stored, KeptUnread: c.kept})
		got := slices.ContainsFunc(res.Uses, func(u Use) bool { return strings.Contains(u.Unresolved, "may be gh") })
		if got != c.want {
			t.Errorf("%q (kept %v): may-run-gh use %v, want %v: %+v", c.script, c.kept, got, c.want, res.Uses)
		}
	}
}

// TestShellCOfRunTimeScript: bash -c "$CMD", a script known only when the
// step runs, may use what a checkout persisted; bash -c with a literal
// script is read as it is.
func TestShellCOfRunTimeScript(t *testing.T) {
	for _, c := range []struct {
		script string
		want   bool
	}{
		{`bash -c "$RETRY_CMD"`, true},
		{`sh -c "${CMD}"`, true},
		{`bash -c "echo $RETRY_CMD"`, false},
		{`bash -c 'git status'`, false},
		{`eval $(ssh-agent -s)`, false}, // a program's output: assignments
		{`eval "$CMD"`, true},
	} {
		res := Analyze(Input{Script: c.script, Persisted: []string{"secrets.PAT"}, KeptUnread: true})
		got := slices.ContainsFunc(res.Uses, func(u Use) bool { return strings.Contains(u.Unresolved, "known only when the step runs") })
		if got != c.want {
			t.Errorf("%q: run-time script use %v, want %v: %+v", c.script, got, c.want, res.Uses)
		}
	}
}
