package shellops

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"
)

// recorder is a Follower that records the runs it is asked about.
type recorder struct {
	runs []*Run
	res  Followed
}

func (r *recorder) Follow(run *Run) Followed {
	r.runs = append(r.runs, run)
	return r.res
}

// describe renders a run for comparison.
func describe(r *Run) string {
	var args []string
	for _, a := range r.Args {
		s := a.Text
		if len(a.Creds) > 0 {
			s += "<" + strings.Join(a.Creds, ",") + ">"
		}
		args = append(args, s)
	}
	var flags []string
	for k, v := range r.Flags {
		flags = append(flags, k+"="+v)
	}
	sort.Strings(flags)
	dir := r.Dir
	if !r.DirKnown {
		dir = "?"
	}
	return fmt.Sprintf("%d %s %s %q %v %v dir=%s", r.Kind, r.Program, r.Sub, r.Target, args, flags, dir)
}

func TestRuns(t *testing.T) {
	cases := []struct {
		script string
		want   string // "" when the command runs no repository code
	}{
		{"./scripts/release.sh v1 \"$GH_TOKEN\"", `1   "./scripts/release.sh" [v1 {GH_TOKEN}<secrets.A>] [] dir=.`},
		{"bash -eu scripts/x.sh a", `1 bash  "scripts/x.sh" [a] [] dir=.`},
		{"node --require ./setup.js .github/scripts/x.mjs", `1 node  ".github/scripts/x.mjs" [] [] dir=.`},
		{"npx tsx scripts/y.ts --token \"$GH_TOKEN\"", `1 tsx  "scripts/y.ts" [--token {GH_TOKEN}<secrets.A>] [] dir=.`},
		{"python3 -m tools.release --dry-run", `3 python3  "tools.release" [--dry-run] [] dir=.`},
		{"python -c 'print(1)'", `7 python  "(here-document)" [] [] dir=.`}, // inline code, read as a file of its language
		{"node -p \"require('./package.json').version\"", `7 node  "(here-document)" [] [] dir=.`},
		{"python -c \"$CODE\"", ``}, // code built at run time: read as the command's own text
		{"source ./env.sh", `2   "./env.sh" [] [] dir=.`},
		{". ./env.sh", `2   "./env.sh" [] [] dir=.`},
		{"npm run release -- --ci", `4 npm run "release" [--ci] [] dir=.`},
		{"npm test", `4 npm test "test" [] [] dir=.`},
		{"pnpm --filter web run build", `4 pnpm run "build" [] [filter=web] dir=.`},
		{"yarn release", `4 yarn release "release" [] [] dir=.`},
		{"yarn install --frozen-lockfile", `4 yarn install "" [] [] dir=.`}, // its lifecycle scripts
		{"npm ci", `4 npm ci "" [] [] dir=.`},
		{"npm install left-pad", ``},
		{"bun run deploy", `4 bun run "deploy" [] [] dir=.`},
		{"npm --prefix web run build", `4 npm run "build" [] [prefix=web] dir=.`},
		{"make -C tools release VERSION=1", `5 make  "release" [VERSION=1] [-C=tools] dir=.`},
		{"make", `5 make  "" [] [] dir=.`},
		{"make -C sdk -C go publish", `5 make  "publish" [] [-C=sdk/go] dir=.`},
		{"make --directory=npm -j 4 publish", `5 make  "publish" [] [-C=npm] dir=.`},
		{"make -j release", `5 make  "release" [] [] dir=.`},
		{"gmake -f build/release.mk -Cweb release", `5 gmake  "release" [] [-C=web -f=build/release.mk] dir=.`},
		{"make --makefile=ci.mk -I inc deploy X=1", `5 make  "deploy" [X=1] [-f=ci.mk] dir=.`},
		{"go run ./cmd/release -v", `6 go run "./cmd/release" [-v] [] dir=.`},
		{"go run script/relnotes.go --new-ver 1", `6 go run "script/relnotes.go" [--new-ver 1] [] dir=.`},
		{"go test -race -run X ./...", `6 go test "./..." [] [] dir=.`},
		{"go run -C pkg ./cmd/pulumi generate-cli-spec", `6 go run "./pkg/cmd/pulumi" [generate-cli-spec] [] dir=.`},
		{"go test -C=sdk ./...", `6 go test "./sdk/..." [] [] dir=.`},
		{"go build ./...", ``},
		{"deno run -A --config deno.jsonc scripts/release.ts v1", `1 deno  "scripts/release.ts" [v1] [] dir=.`},
		{"deno run --allow-env=GH_TOKEN -c deno.json main.ts", `1 deno  "main.ts" [] [] dir=.`},
		{"deno main.ts", `1 deno  "main.ts" [] [] dir=.`},
		{"deno serve --port 8000 server.ts", `1 deno  "server.ts" [] [] dir=.`},
		{"deno task --cwd web release -- --ci", `4 deno task "release" [--ci] [cwd=web] dir=.`},
		{"deno task -c tools/deno.json build", `4 deno task "build" [] [c=tools/deno.json] dir=.`},
		{"deno task --eval 'gh release create v1'", ``},
		{"deno run -A jsr:@std/http/file-server", ``},
		{"deno run npm:semantic-release", ``},
		{"deno test -A", ``},
		{"deno fmt --check", ``},
		{"cd web && npm run build", `4 npm run "build" [] [] dir=web`},
		{"cd $DIR && npm run build", `4 npm run "build" [] [] dir=?`},
	}
	for _, c := range cases {
		rec := &recorder{}
		Analyze(Input{Script: c.script, Cred: map[string][]string{"GH_TOKEN": {"secrets.A"}}, Follow: rec})
		got := ""
		if len(rec.runs) > 0 {
			got = describe(rec.runs[0])
		}
		if got != c.want {
			t.Errorf("%s:\n got %s\nwant %s", c.script, got, c.want)
		}
	}
}

// TestFollowedUses checks that what a Follower reports replaces the
// command's own unresolved entry, at the command's line.
func TestFollowedUses(t *testing.T) {
	rec := &recorder{res: Followed{Handled: true, Uses: []Use{{Credential: "secrets.A", Line: 3, Command: "gh", File: "r.sh", FileLine: 3, GHArgs: []string{"pr", "list"}}},
		EnvWrites: []EnvWrite{{Name: "T", Line: 9, Credentials: []string{"secrets.A"}}}}}
	res := Analyze(Input{Script: "echo start\n./r.sh", StartLine: 20, Cred: map[string][]string{"GH_TOKEN": {"secrets.A"}}, Follow: rec})
	if len(res.Uses) != 1 {
		t.Fatalf("uses %+v", res.Uses)
	}
	u := res.Uses[0]
	if u.Line != 21 || u.File != "r.sh" || u.FileLine != 3 || u.Unresolved != "" {
		t.Errorf("use %+v", u)
	}
	if len(res.EnvWrites) != 1 || res.EnvWrites[0].Line != 21 {
		t.Errorf("env writes %+v", res.EnvWrites)
	}
	// Nothing in reach: the follower is not asked.
	rec = &recorder{}
	Analyze(Input{Script: "./r.sh", Follow: rec})
	if len(rec.runs) != 0 {
		t.Errorf("asked about a run with no credential in reach: %s", describe(rec.runs[0]))
	}
	// Persisted credentials are in reach of a script (it may push).
	Analyze(Input{Script: "./r.sh", Persisted: []string{"secrets.P"}, Follow: rec})
	if len(rec.runs) != 1 || len(rec.runs[0].Base.Persisted) != 1 {
		t.Errorf("persisted credentials not passed on: %d runs", len(rec.runs))
	}
}

func TestCaseOfKnownWord(t *testing.T) {
	script := `case "${1:-default}" in
  release) gh release create v1 ;;
  a/*) gh pr merge 1 ;;
  *) gh issue close 2 ;;
esac`
	cases := []struct {
		args []Arg
		want string
	}{
		{[]Arg{{Text: "release", Known: true}}, "release create"},
		{[]Arg{{Text: "a/b/c", Known: true}}, "pr merge"},
		{[]Arg{{Text: "other", Known: true}}, "issue close"},
		{nil, "issue close"}, // default
		{[]Arg{{Text: "{X}"}}, "release create,pr merge,issue close"}, // not known: every branch
	}
	for _, c := range cases {
		res := Analyze(Input{Script: script, Args: c.args, Cred: map[string][]string{"GH_TOKEN": {"secrets.A"}}})
		var got []string
		for _, u := range res.Uses {
			got = append(got, strings.Join(u.GHArgs[:2], " "))
		}
		if strings.Join(got, ",") != c.want {
			t.Errorf("args %v: gh %v, want %s", c.args, got, c.want)
		}
	}
}

// TestKeptUnread: a script the follower does not read, run after git or gh
// kept a credential, may push with it; where scripts are meant to be read
// (Input.KeptUnread) that is an unresolved use of the kept credential.
func TestKeptUnread(t *testing.T) {
	notRead := Followed{Note: "r.sh is not in the checkout"}
	for _, c := range []struct {
		name   string
		in     Input
		unread []string // credentials with an unresolved use
	}{
		{"persisted", Input{Script: "./r.sh", Persisted: []string{"secrets.P"}, KeptUnread: true}, []string{"secrets.P"}},
		{"bare workflow files", Input{Script: "./r.sh", Persisted: []string{"secrets.P"}}, nil},
		{"gh login", Input{Script: "./r.sh", KeptUnread: true,
			Stored: []Stored{{Tool: "gh", Host: "github.com", Credentials: []string{"secrets.G"}}}}, []string{"secrets.G"}},
		{"docker login", Input{Script: "./r.sh", KeptUnread: true,
			Stored: []Stored{{Tool: "docker", Host: "ghcr.io", Credentials: []string{"secrets.D"}}}}, nil},
		{"function nothing calls", Input{Script: "f() { ./r.sh; }\necho hi", Persisted: []string{"secrets.P"}, KeptUnread: true}, nil},
		{"persisted in another folder: a script not read may change into it", Input{Script: "./r.sh", Persisted: []string{"secrets.P"}, PersistedDir: "fixtures", KeptUnread: true}, []string{"secrets.P"}},
		{"persisted elsewhere: every folder's credential is within reach", Input{Script: "./r.sh", Persisted: []string{"secrets.P"}, PersistedDir: "site",
			PersistedElsewhere: []PersistedFolder{{Dir: ".", Credentials: []string{"secrets.Q"}}}, KeptUnread: true}, []string{"secrets.P", "secrets.Q"}},
		{"out of the workspace none is", Input{Script: "cd /tmp/x\n./r.sh", Persisted: []string{"secrets.P"}, PersistedDir: ".", KeptUnread: true}, nil},
		{"run in the persisting folder", Input{Script: "cd fixtures/sub\n./r.sh", Persisted: []string{"secrets.P"}, PersistedDir: "fixtures", KeptUnread: true}, []string{"secrets.P"}},
		{"no script named", Input{Script: "pnpm dedupe", Persisted: []string{"secrets.P"}, KeptUnread: true}, nil},
		{"perl inline code", Input{Script: "perl -ne 'print if /x/' f.txt", Persisted: []string{"secrets.P"}, KeptUnread: true}, nil},
		{"function called", Input{Script: "f() { ./r.sh; }\nf", Persisted: []string{"secrets.P"}, KeptUnread: true}, []string{"secrets.P"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			c.in.Follow = &recorder{res: notRead}
			var got []string
			for _, u := range Analyze(c.in).Uses {
				if u.Unresolved != "" {
					if !strings.Contains(u.Unresolved, notRead.Note) {
						t.Errorf("reason %q does not say why the script is not read", u.Unresolved)
					}
					got = append(got, u.Credential)
				}
			}
			if !slices.Equal(got, c.unread) {
				t.Errorf("unresolved uses of %v, want %v", got, c.unread)
			}
		})
	}
}

// TestSourcedDefinitions: a sourced file's top-level functions are named,
// and its text keeps them, assignments and declarations, line for line,
// with every other command blanked.
func TestSourcedDefinitions(t *testing.T) {
	for _, tc := range []struct {
		text      string
		names     []string
		kept, not []string
	}{
		{"API=https://api.github.com\necho loaded\ncurl_gh() {\n  curl \"$@\"\n}\n", []string{"curl_gh"}, []string{"API=https://api.github.com", "curl_gh() {", "curl \"$@\""}, []string{"echo"}},
		{"function a { gh pr merge 1; }\nexport B=1\ngh release create v1\nb() { a; }\n", []string{"a", "b"}, []string{"function a", "export B=1", "b() { a; }"}, []string{"gh release"}},
		{"if true; then f() { :; }; fi\n", nil, nil, []string{"f()"}},
		{"f() {\n", nil, nil, nil},
	} {
		names, defs := SourcedDefinitions(tc.text)
		if !slices.Equal(names, tc.names) {
			t.Errorf("%q: names %v, want %v", tc.text, names, tc.names)
		}
		if defs != "" && strings.Count(defs, "\n") != strings.Count(tc.text, "\n") {
			t.Errorf("%q: definitions %q do not keep the lines", tc.text, defs)
		}
		for _, k := range tc.kept {
			if !strings.Contains(defs, k) {
				t.Errorf("%q: definitions %q lost %q", tc.text, defs, k)
			}
		}
		for _, n := range tc.not {
			if strings.Contains(defs, n) {
				t.Errorf("%q: definitions %q keep %q", tc.text, defs, n)
			}
		}
	}
}
