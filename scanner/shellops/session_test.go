package shellops

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// TestSession drives a session as another shell's reader would and checks
// that its commands give the uses Analyze gives for the same commands.
func TestSession(t *testing.T) {
	tests := []struct {
		name   string
		script string
		in     Input
		drive  func(s *Session)
		want   []string
		writes []EnvWrite
	}{
		{
			name: "gh with the step's GH_TOKEN",
			in:   Input{Cred: env("GH_TOKEN")},
			drive: func(s *Session) {
				s.Run(Call{Line: 2, Words: []Word{s.Lit("gh", 2), s.Lit("release", 2), s.Lit("create", 2), s.Lit("v1", 2)}, Evidence: "gh release create v1"})
			},
			want: []string{"2 gh secrets.GH_TOKEN via=env host=api.github.com gh=+1 args=[release create v1]"},
		},
		{
			name: "environment names compare without case",
			in:   Input{Cred: env("GH_TOKEN")},
			drive: func(s *Session) {
				s.SetEnv("gh_token", s.Env("Gh_Token", 1))
				s.Run(Call{Line: 3, Words: []Word{s.Lit("gh", 3), s.Lit("pr", 3), s.Lit("list", 3)}, Evidence: "gh pr list"})
			},
			want: []string{"3 gh secrets.GH_TOKEN via=env host=api.github.com gh=+1 args=[pr list]"},
		},
		{
			name: "unset environment variable: gh has no token",
			in:   Input{Cred: env("GH_TOKEN")},
			drive: func(s *Session) {
				s.UnsetEnv("GH_TOKEN")
				s.Run(Call{Line: 1, Words: []Word{s.Lit("gh", 1), s.Lit("pr", 1), s.Lit("list", 1)}, Evidence: "gh pr list"})
			},
		},
		{
			name:   "expression in a literal and a git URL",
			script: "git push https://x:${{ secrets.PAT }}@github.com/o/r",
			in:     Input{Exprs: map[string][]string{"secrets.PAT": {"secrets.PAT"}}},
			drive: func(s *Session) {
				url := s.Lit(strings.Fields(s.Script())[2], 1)
				s.Run(Call{Line: 1, Words: []Word{s.Lit("git", 1), s.Lit("push", 1), url}, Evidence: s.Script()})
			},
			want: []string{"1 git secrets.PAT via=url host=github.com gh=+1 op=git:GIT:push@o/r repos=o/r"},
		},
		{
			name: "HTTP request with an authorization header",
			in:   Input{Cred: env("T"), Repo: "o/r"},
			drive: func(s *Session) {
				url := Join(s.Env("GITHUB_API_URL", 4), s.Lit("/repos/", 4), s.Env("GITHUB_REPOSITORY", 4), s.Lit("/releases", 4))
				s.Request(Request{Command: "Invoke-RestMethod", Line: 4, Evidence: "Invoke-RestMethod ...", Method: "post", URLs: []Word{url},
					Auth: []Word{Join(s.Lit("Bearer ", 4), s.Env("T", 4))}})
			},
			want: []string{"4 Invoke-RestMethod secrets.T via=header host=api.github.com gh=+1 op=rest:POST:/repos/{owner}/{repo}/releases@o/r repos=o/r"},
		},
		{
			name: "GITHUB_ENV write, then a variable read in a branch",
			in:   Input{Cred: env("T")},
			drive: func(s *Session) {
				s.Write(5, s.Env("GITHUB_ENV", 5), Join(s.Lit("TOKEN=", 5), s.Env("T", 5), s.Lit("\n", 5)), true)
				leave := s.Branch()
				s.SetEnv("GH_TOKEN", Opaque("t", 6, s.Env("T", 6)))
				leave()
				s.Run(Call{Line: 7, Words: []Word{s.Lit("gh", 7), s.Lit("api", 7), s.Lit("user", 7)}, Evidence: "gh api user"})
			},
			want:   []string{"7 gh secrets.T via=env host=api.github.com gh=+1 args=[api user]"},
			writes: []EnvWrite{{Name: "TOKEN", Line: 5, Credentials: []string{"secrets.T"}}},
		},
		{
			name: "unread line naming a credential variable and a value",
			in:   Input{Cred: env("T"), Shell: "pwsh"},
			drive: func(s *Session) {
				s.Unread(8, "Do-Something $env:T", "not read", false)
				s.Unread(9, "Do-Other $x", "not read", false, Opaque("x", 9, s.Env("T", 9)))
				s.Unread(10, "Do-Third", "not read", false)
				s.Unread(11, "Do-Fourth", "not read", true)
			},
			want: []string{"8 Do-Something secrets.T via=env gh=+0 unresolved", "9 Do-Other secrets.T via=arg gh=+0 unresolved",
				"11 Do-Fourth secrets.T via=env gh=+0 unresolved"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := tc.in
			in.Script = tc.script
			in.StartLine = 1
			var r Reader
			s := r.NewSession(in)
			tc.drive(s)
			res := s.Result()
			got := fmtUses(res.Uses)
			want := tc.want
			if want == nil {
				want = []string{}
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("uses:\n got: %s\nwant: %s", strings.Join(got, "\n      "), strings.Join(want, "\n      "))
			}
			if !reflect.DeepEqual(res.EnvWrites, tc.writes) {
				t.Errorf("env writes: got %+v, want %+v", res.EnvWrites, tc.writes)
			}
		})
	}
}

// TestLineScanGit: a git line that is not parsed may use what git is
// configured with (here actions/checkout's persisted credential), in a
// script of another shell and after a bash parse error alike.
func TestLineScanGit(t *testing.T) {
	for _, in := range []Input{
		{Script: "git push origin HEAD", Shell: "nu"},
		{Script: "if then fi (\ngit push origin HEAD", Shell: "bash"},
	} {
		in.Persisted = []string{"secrets.P"}
		in.StartLine = 1
		got := fmtUses(Analyze(in).Uses)
		want := []string{fmt.Sprintf("%d git secrets.P via=git-config gh=+0 unresolved", strings.Count(in.Script, "\n")+1)}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%q: uses %q, want %q", in.Script, got, want)
		}
	}
}
