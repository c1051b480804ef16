package shellops

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// env returns a Cred map where each NAME carries secrets.NAME.
func env(names ...string) map[string][]string {
	m := map[string][]string{}
	for _, n := range names {
		m[n] = []string{"secrets." + n}
	}
	return m
}

// fmtUse renders a use compactly for table tests.
func fmtUse(u Use) string {
	s := fmt.Sprintf("%d %s %s via=%s", u.Line, u.Command, u.Credential, u.Via)
	if u.Host != "" {
		s += " host=" + u.Host
	}
	s += fmt.Sprintf(" gh=%+d", u.GitHub)
	if len(u.GHArgs) > 0 {
		s += " args=[" + strings.Join(u.GHArgs, " ") + "]"
	}
	for _, op := range u.Ops {
		s += " op=" + op.Kind + ":" + op.Method + ":" + op.Path
		if op.Name != "" && op.Kind != KindGit && op.Kind != KindPackage {
			s += "#" + op.Name
		}
		if op.Repo != "" {
			s += "@" + op.Repo
		}
	}
	if len(u.TargetRepos) > 0 {
		s += " repos=" + strings.Join(u.TargetRepos, ",")
	}
	if u.Unresolved != "" {
		s += " unresolved"
	}
	return s
}

func fmtUses(us []Use) []string {
	out := []string{}
	for _, u := range us {
		out = append(out, fmtUse(u))
	}
	return out
}

type useCase struct {
	name string
	in   Input
	want []string
}

func runUseCases(t *testing.T, cases []useCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in := tc.in
			if in.StartLine == 0 {
				in.StartLine = 1
			}
			r := Analyze(in)
			if r.ParseError != nil {
				t.Fatalf("parse error: %v", r.ParseError)
			}
			got := fmtUses(r.Uses)
			want := tc.want
			if want == nil {
				want = []string{}
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("uses:\n got: %s\nwant: %s", strings.Join(got, "\n      "), strings.Join(want, "\n      "))
			}
		})
	}
}

func TestVariableFlow(t *testing.T) {
	runUseCases(t, []useCase{
		// An assignment in a branch arm holds for the rest of the arm.
		{"reassigned in a function called under if", Input{Script: "f() {\n  endpoint=\"https://api.github.com/repos/o/r/pulls\"\n  curl -H \"Authorization: token $T\" \"${endpoint}\"\n}\ng() {\n  endpoint=\"https://api.github.com/repos/o/r\"\n  curl -X PATCH -H \"Authorization: token $T\" \"${endpoint}\"\n}\nx=$(f)\nif g; then g; fi\n", Cred: env("T")},
			[]string{
				"3 curl secrets.T via=header host=api.github.com gh=+1 op=rest:GET:/repos/o/r/pulls@o/r repos=o/r",
				"7 curl secrets.T via=header host=api.github.com gh=+1 op=rest:PATCH:/repos/o/r@o/r repos=o/r",
			}},
		// A function is read once for each list of arguments it gets.
		{"function called for two repositories", Input{Script: "dispatch() {\n  curl -X POST -H \"Authorization: token $T\" \"https://api.github.com/repos/$1/dispatches\"\n}\ndispatch o/a\ndispatch o/b\n", Cred: env("T")},
			[]string{"2 curl secrets.T via=header host=api.github.com gh=+1 op=rest:POST:/repos/o/a/dispatches@o/a op=rest:POST:/repos/o/b/dispatches@o/b repos=o/a,o/b"}},
		{"function called for a repository named at run time", Input{Script: "dispatch() {\n  curl -X POST -H \"Authorization: token $T\" \"https://api.github.com/repos/$1/dispatches\"\n}\ndispatch o/a\ndispatch \"$UNKNOWN\"\n", Cred: env("T")},
			[]string{"2 curl secrets.T via=header host=api.github.com gh=+1 op=rest:POST:/repos/o/a/dispatches@o/a op=rest:POST:/repos/{UNKNOWN}/dispatches repos=o/a,run-time:{UNKNOWN}"}},
		{"function called past the walk limit", Input{Script: "dispatch() {\n  curl -X POST -H \"Authorization: token $T\" \"https://api.github.com/repos/$1/dispatches\"\n}\ndispatch o/a\ndispatch o/b\ndispatch o/c\ndispatch o/d\ndispatch o/e\ndispatch o/f\n", Cred: env("T")},
			[]string{"2 curl secrets.T via=header host=api.github.com gh=+1 op=rest:POST:/repos/o/a/dispatches@o/a op=rest:POST:/repos/o/b/dispatches@o/b op=rest:POST:/repos/o/c/dispatches@o/c op=rest:POST:/repos/o/d/dispatches@o/d op=rest:POST:/repos/{1}/dispatches repos=o/a,o/b,o/c,o/d,run-time:{1}"}},
		// After the conditional, either arm's value may hold.
		{"if and else assign, used after", Input{Script: "U=https://api.github.com/repos/o/a\nif [ -n \"$X\" ]; then U=https://api.github.com/repos/o/b; else U=https://api.github.com/repos/o/c; fi\ncurl -X POST -H \"Authorization: token $T\" \"$U/dispatches\"", Cred: env("T")},
			[]string{"3 curl secrets.T via=header gh=+0 unresolved"}},
		{"unset before, if and else assign", Input{Script: "if [ -n \"$X\" ]; then U=https://api.github.com/repos/o/b; else U=https://api.github.com/repos/o/c; fi\ncurl -X POST -H \"Authorization: token $T\" \"$U/dispatches\"", Cred: env("T")},
			[]string{"2 curl secrets.T via=header gh=+0 unresolved"}},
		// A repository every assignment writes out is one of those.
		{"repository chosen by if and elif, empty otherwise", Input{Script: "for f in dist/*.zip; do\n  R=\"\"\n  if [[ \"$f\" == *win* ]]; then\n    R=o/bin-win\n  elif [[ \"$f\" == *linux* ]]; then\n    R=o/bin-linux\n  fi\n  curl -X POST -H \"Authorization: token $T\" \"https://api.github.com/repos/$R/releases\"\ndone", Cred: env("T")},
			[]string{"8 curl secrets.T via=header host=api.github.com gh=+1 op=rest:POST:/repos/{R}/releases repos=o/bin-linux,o/bin-win"}},
		{"a repository one arm takes from the environment stays run-time", Input{Script: "R=o/a\nif [ -n \"$X\" ]; then R=$OTHER; fi\ncurl -X POST -H \"Authorization: token $T\" \"https://api.github.com/repos/$R/releases\"", Cred: env("T")},
			[]string{"3 curl secrets.T via=header host=api.github.com gh=+1 op=rest:POST:/repos/{R}/releases repos=run-time:{R}"}},
		{"assigned in && arm, used after", Input{Script: "U=https://api.github.com/repos/o/a\n[ -n \"$X\" ] && U=https://api.github.com/repos/o/b\ncurl -X POST -H \"Authorization: token $T\" \"$U/dispatches\"", Cred: env("T")},
			[]string{"3 curl secrets.T via=header gh=+0 unresolved"}},
		{"assign then export", Input{Script: "T=$GH_PAT\nexport GH_TOKEN=$T\ngh pr list", Cred: env("GH_PAT")},
			[]string{"3 gh secrets.GH_PAT via=env host=api.github.com gh=+1 args=[pr list]"}},
		{"export quoted braces", Input{Script: `export GH_TOKEN="${X}"` + "\ngh issue list", Cred: env("X")},
			[]string{"2 gh secrets.X via=env host=api.github.com gh=+1 args=[issue list]"}},
		{"default value", Input{Script: "export GH_TOKEN=${X:-$Y}\ngh release list", Cred: env("X", "Y")},
			[]string{
				"2 gh secrets.X via=env host=api.github.com gh=+1 args=[release list]",
				"2 gh secrets.Y via=env host=api.github.com gh=+1 args=[release list]",
			}},
		{"default when unset", Input{Script: "export GH_TOKEN=${NOPE:-$Y}\ngh release list", Cred: env("Y")},
			[]string{"2 gh secrets.Y via=env host=api.github.com gh=+1 args=[release list]"}},
		{"command prefix env", Input{Script: "GH_TOKEN=$X gh pr list", Cred: env("X")},
			[]string{"1 gh secrets.X via=env host=api.github.com gh=+1 args=[pr list]"}},
		{"not exported is not seen by gh", Input{Script: "GH_TOKEN=$X\ngh pr list", Cred: env("X")}, nil},
		{"declare -x", Input{Script: "f() {\n  declare -x GH_TOKEN=$X\n  gh pr view 1\n}\nf", Cred: env("X")},
			[]string{"3 gh secrets.X via=env host=api.github.com gh=+1 args=[pr view 1]"}},
		{"local in function then curl", Input{Script: "post() {\n  local tok=\"$1\"\n  curl -H \"Authorization: Bearer $tok\" https://api.github.com/user\n}\npost \"$X\"", Cred: env("X")},
			[]string{"3 curl secrets.X via=header host=api.github.com gh=+1 op=rest:GET:/user"}},
		{"env wrapper", Input{Script: "env GH_TOKEN=$X gh pr list", Cred: env("X")},
			[]string{"1 gh secrets.X via=env host=api.github.com gh=+1 args=[pr list]"}},
		{"set -a exports", Input{Script: "set -a\nGH_TOKEN=$X\ngh pr list", Cred: env("X")},
			[]string{"3 gh secrets.X via=env host=api.github.com gh=+1 args=[pr list]"}},
		{"if branches union", Input{Script: "if [ -n \"$A\" ]; then\n  export GH_TOKEN=$A\nelse\n  export GH_TOKEN=$B\nfi\ngh pr list", Cred: env("A", "B")},
			[]string{
				"6 gh secrets.A via=env host=api.github.com gh=+1 args=[pr list]",
				"6 gh secrets.B via=env host=api.github.com gh=+1 args=[pr list]",
			}},
		{"unset removes", Input{Script: "unset GH_TOKEN\ngh pr list", Cred: env("GH_TOKEN")}, nil},
		{"existence checks are not uses", Input{Script: "if [ -z \"$X\" ]; then exit 1; fi\n[[ -n \"$X\" ]] && echo ok\ntest -n \"$X\"", Cred: env("X")}, nil},
		{"read from stdin", Input{Script: "echo \"$X\" | read -r T\nexport GH_TOKEN=$T\ngh pr list", Cred: env("X")},
			[]string{"3 gh secrets.X via=env host=api.github.com gh=+1 args=[pr list]"}},
	})
}

func TestGH(t *testing.T) {
	runUseCases(t, []useCase{
		{"GH_TOKEN from env", Input{Script: "gh pr create --fill", Cred: env("GH_TOKEN")},
			[]string{"1 gh secrets.GH_TOKEN via=env host=api.github.com gh=+1 args=[pr create --fill]"}},
		{"GH_TOKEN beats GITHUB_TOKEN", Input{Script: "gh pr list", Cred: env("GH_TOKEN", "GITHUB_TOKEN")},
			[]string{"1 gh secrets.GH_TOKEN via=env host=api.github.com gh=+1 args=[pr list]"}},
		{"GITHUB_TOKEN alone", Input{Script: "gh pr list", Cred: env("GITHUB_TOKEN")},
			[]string{"1 gh secrets.GITHUB_TOKEN via=env host=api.github.com gh=+1 args=[pr list]"}},
		{"implicit", Input{Script: "gh pr list", ImplicitGH: []string{"secrets.PAT"}},
			[]string{"1 gh secrets.PAT via=env host=api.github.com gh=+1 args=[pr list]"}},
		{"implicit not used when script sets GH_TOKEN", Input{Script: "export GH_TOKEN=$(cat tok)\ngh pr list", ImplicitGH: []string{"secrets.PAT"}}, nil},
		{"no credential, no use", Input{Script: "gh pr list"}, nil},
		{"an item named by a URL known only at run time", Input{Script: "gh pr comment $PR_URL --body agree", Cred: env("GH_TOKEN")},
			[]string{"1 gh secrets.GH_TOKEN via=env host=api.github.com gh=+1 args=[pr comment {PR_URL} --body agree] repos=run-time:{the repository of {PR_URL}}"}},
		{"an item named by a number known only at run time", Input{Script: "gh pr comment $PR_NUMBER --body hi", Cred: env("GH_TOKEN")},
			[]string{"1 gh secrets.GH_TOKEN via=env host=api.github.com gh=+1 args=[pr comment {PR_NUMBER} --body hi]"}},
		{"auth login with-token pipe", Input{Script: "echo \"$X\" | gh auth login --with-token\ngh repo clone o/r", Cred: env("X")},
			[]string{
				"1 gh secrets.X via=stdin host=api.github.com gh=+1 args=[auth login --with-token]",
				"2 gh secrets.X via=stored host=api.github.com gh=+1 args=[repo clone o/r] repos=o/r",
			}},
		{"auth login here-string", Input{Script: "gh auth login --with-token <<< \"$X\"\ngh issue list", Cred: env("X")},
			[]string{
				"1 gh secrets.X via=stdin host=api.github.com gh=+1 args=[auth login --with-token]",
				"2 gh secrets.X via=stored host=api.github.com gh=+1 args=[issue list]",
			}},
		{"auth login from file", Input{Script: "echo $X > tok.txt\ngh auth login --with-token < tok.txt\ngh issue list", Cred: env("X")},
			[]string{
				"2 gh secrets.X via=stdin host=api.github.com gh=+1 args=[auth login --with-token]",
				"3 gh secrets.X via=stored host=api.github.com gh=+1 args=[issue list]",
			}},
		{"command substitution and pipeline", Input{Script: "n=$(gh pr list --json number | jq length)\nif gh api repos/o/r/pulls && true; then :; fi", Cred: env("GH_TOKEN")},
			[]string{
				"1 gh secrets.GH_TOKEN via=env host=api.github.com gh=+1 args=[pr list --json number]",
				"2 gh secrets.GH_TOKEN via=env host=api.github.com gh=+1 args=[api repos/o/r/pulls] repos=o/r",
			}},
		{"for loop body", Input{Script: "for n in 1 2; do\n  gh pr close $n\ndone", Cred: env("GH_TOKEN")},
			[]string{"2 gh secrets.GH_TOKEN via=env host=api.github.com gh=+1 args=[pr close {n}]"}},
		{"function body", Input{Script: "label() {\n  gh pr edit \"$1\" --add-label x\n}\nlabel 5", Cred: env("GH_TOKEN")},
			[]string{"2 gh secrets.GH_TOKEN via=env host=api.github.com gh=+1 args=[pr edit 5 --add-label x]"}},
		{"uncalled function still seen", Input{Script: "label() {\n  gh pr edit 1 --add-label x\n}", Cred: env("GH_TOKEN")},
			[]string{"2 gh secrets.GH_TOKEN via=env host=api.github.com gh=+1 args=[pr edit 1 --add-label x]"}},
		{"xargs with guard", Input{Script: "guard=echo\n[ \"$P\" = false ] || guard=\"\"\nls dist | xargs $guard gh release create v1 --", Cred: env("GH_TOKEN")},
			[]string{"3 gh secrets.GH_TOKEN via=env host=api.github.com gh=+1 args=[release create v1 -- {stdin}]"}},
		{"sudo timeout retry", Input{Script: "sudo -E gh pr list\ntimeout 60 gh issue list\nretry -t 3 -- gh run list", Cred: env("GH_TOKEN")},
			[]string{
				"1 gh secrets.GH_TOKEN via=env host=api.github.com gh=+1 args=[pr list]",
				"2 gh secrets.GH_TOKEN via=env host=api.github.com gh=+1 args=[issue list]",
				"3 gh secrets.GH_TOKEN via=env host=api.github.com gh=+1 args=[run list]",
			}},
		{"a cluster of short options whose last takes a value", Input{Script: "sudo -Eu packager gh pr list\ntimeout -sKILL 60 gh issue list\nsudo -uroot gh run list", Cred: env("GH_TOKEN")},
			[]string{
				"1 gh secrets.GH_TOKEN via=env host=api.github.com gh=+1 args=[pr list]",
				"2 gh secrets.GH_TOKEN via=env host=api.github.com gh=+1 args=[issue list]",
				"3 gh secrets.GH_TOKEN via=env host=api.github.com gh=+1 args=[run list]",
			}},
		{"array args", Input{Script: "args=(\"$TAG\" --title \"T\")\nargs+=( --prerelease )\ngh release create \"${args[@]}\"", Cred: env("GH_TOKEN")},
			[]string{"3 gh secrets.GH_TOKEN via=env host=api.github.com gh=+1 args=[release create {TAG} --title T --prerelease]"}},
		{"expressions in args and -R", Input{
			Script: "gh pr comment ${{ github.event.pull_request.number }} -R ${{ github.repository }} -b hi",
			Cred:   env("GITHUB_TOKEN"), Repo: "flutter/flutter"},
			[]string{"1 gh secrets.GITHUB_TOKEN via=env host=api.github.com gh=+1 args=[pr comment {github.event.pull_request.number} -R {owner}/{repo} -b hi] repos=flutter/flutter"}},
		{"GH_REPO env", Input{Script: "export GH_REPO=other/repo\ngh issue list", Cred: env("GH_TOKEN")},
			[]string{"2 gh secrets.GH_TOKEN via=env host=api.github.com gh=+1 args=[issue list] repos=other/repo"}},
		{"gh api with placeholders", Input{Script: "gh api repos/:owner/:repo/git/ref/tags/v1", Cred: env("GH_TOKEN"), Repo: "me/r"},
			[]string{"1 gh secrets.GH_TOKEN via=env host=api.github.com gh=+1 args=[api repos/:owner/:repo/git/ref/tags/v1] repos=me/r"}},
		{"gh secret set with credential arg", Input{Script: "gh secret set TOKEN -b \"$X\"", Cred: env("X", "GH_TOKEN")},
			[]string{
				"1 gh secrets.GH_TOKEN via=env host=api.github.com gh=+1 args=[secret set TOKEN -b {X}]",
				"1 gh secrets.X via=arg gh=+0 unresolved",
			}},
		{"gh secret set without gh token", Input{Script: "gh secret set TOKEN -b \"$X\"", Cred: env("X")},
			[]string{"1 gh secrets.X via=arg gh=+0 unresolved"}},
		{"gh auth token feeds curl", Input{Script: "T=$(gh auth token)\ncurl -H \"Authorization: token $T\" https://api.github.com/repos/o/r/issues", Cred: env("GH_TOKEN")},
			[]string{"2 curl secrets.GH_TOKEN via=header host=api.github.com gh=+1 op=rest:GET:/repos/o/r/issues@o/r repos=o/r"}},
	})
}

func TestCurlWgetHTTPie(t *testing.T) {
	runUseCases(t, []useCase{
		{"token header POST data", Input{Script: `curl -sSf -H "Authorization: token $T" -d '{"body":"x"}' https://api.github.com/repos/o/r/issues/1/comments`, Cred: env("T")},
			[]string{"1 curl secrets.T via=header host=api.github.com gh=+1 op=rest:POST:/repos/o/r/issues/1/comments@o/r repos=o/r"}},
		{"bearer and -XPATCH", Input{Script: `curl -XPATCH -H "Authorization: Bearer ${T}" "https://api.github.com/repos/o/r/pulls/2"`, Cred: env("T")},
			[]string{"1 curl secrets.T via=header host=api.github.com gh=+1 op=rest:PATCH:/repos/o/r/pulls/2@o/r repos=o/r"}},
		{"--request=DELETE", Input{Script: `curl --request=DELETE --header "Authorization: token $T" https://api.github.com/repos/o/r/git/refs/heads/x`, Cred: env("T")},
			[]string{"1 curl secrets.T via=header host=api.github.com gh=+1 op=rest:DELETE:/repos/o/r/git/refs/heads/x@o/r repos=o/r"}},
		{"-u user:token and -T", Input{Script: `curl -u "me:$T" -T file.zip "https://uploads.github.com/repos/o/r/releases/1/assets?name=a.zip"`, Cred: env("T")},
			[]string{"1 curl secrets.T via=header host=uploads.github.com gh=+1 op=rest:PUT:/repos/o/r/releases/1/assets@o/r repos=o/r"}},
		{"-u USER:TOKEN: the account's name is not a credential", Input{Script: `curl -XPOST -u "$U:$T" https://api.github.com/repos/o/r/dispatches`, Cred: env("T", "U")},
			[]string{"1 curl secrets.T via=header host=api.github.com gh=+1 op=rest:POST:/repos/o/r/dispatches@o/r repos=o/r"}},
		{"-u TOKEN:x-oauth-basic: the token is the user", Input{Script: `curl -u "$T:x-oauth-basic" https://api.github.com/repos/o/r`, Cred: env("T")},
			[]string{"1 curl secrets.T via=header host=api.github.com gh=+1 op=rest:GET:/repos/o/r@o/r repos=o/r"}},
		{"--oauth2-bearer and --json", Input{Script: `curl --oauth2-bearer "$T" --json '{}' https://api.github.com/repos/o/r/dispatches`, Cred: env("T")},
			[]string{"1 curl secrets.T via=header host=api.github.com gh=+1 op=rest:POST:/repos/o/r/dispatches@o/r repos=o/r"}},
		{"GITHUB_API_URL and GITHUB_REPOSITORY", Input{Script: `curl -X POST -H "Authorization: token $T" "$GITHUB_API_URL/repos/$GITHUB_REPOSITORY/labels"`, Cred: env("T"), Repo: "me/r"},
			[]string{"1 curl secrets.T via=header host=api.github.com gh=+1 op=rest:POST:/repos/{owner}/{repo}/labels@me/r repos=me/r"}},
		{"api_url expression", Input{Script: `curl -H "Authorization: token ${{ secrets.PAT }}" "${{ github.api_url }}/repos/${{ github.repository }}/issues"`,
			Exprs: map[string][]string{"secrets.PAT": {"secrets.PAT"}}},
			[]string{"1 curl secrets.PAT via=header host=api.github.com gh=+1 op=rest:GET:/repos/{owner}/{repo}/issues"}},
		{"URL from variable", Input{Script: "URL=\"https://api.github.com/repos/$GITHUB_REPOSITORY/releases\"\ncurl -H \"Authorization: token $T\" -F a=b \"$URL\"", Cred: env("T"), Repo: "me/r"},
			[]string{"2 curl secrets.T via=header host=api.github.com gh=+1 op=rest:POST:/repos/{owner}/{repo}/releases@me/r repos=me/r"}},
		{"unknown URL", Input{Script: `curl -H "Authorization: token $T" "$URL"`, Cred: env("T")},
			[]string{"1 curl secrets.T via=header gh=+0 unresolved"}},
		{"slack webhook is the secret", Input{Script: `curl -X POST -d '{"text":"hi"}' "$SLACK_WEBHOOK"`, Cred: env("SLACK_WEBHOOK")},
			[]string{"1 curl secrets.SLACK_WEBHOOK via=url gh=-1"}},
		{"a webhook kept in a secret with a query after it is the secret", Input{Script: `curl -sf -X POST -d '{}' "${HOOK_URL}?trigger_title=v${VERSION}+released"`, Cred: env("HOOK_URL")},
			[]string{"1 curl secrets.HOOK_URL via=url gh=-1"}},
		{"a secret followed by a path is not the whole URL", Input{Script: `curl -X POST "${BASE}/repos/o/r/dispatches"`, Cred: env("BASE")},
			[]string{"1 curl secrets.BASE via=url gh=+0 unresolved"}},
		{"data sent in the body to a webhook kept in a secret goes to another service", Input{Script: `curl -X POST --data "{\"avatar_url\": \"$AVATAR\"}" "$WEBHOOK"`, Cred: map[string][]string{"AVATAR": {"secrets.AVATAR"}, "WEBHOOK": {"secrets.WEBHOOK"}}},
			[]string{"1 curl secrets.AVATAR via=arg gh=-1", "1 curl secrets.WEBHOOK via=url gh=-1"}},
		{"data sent in the body of a GitHub API request stays unresolved", Input{Script: `curl -X POST -H "Authorization: token $T" --data "{\"value\": \"$V\"}" https://api.github.com/repos/o/r/dispatches`, Cred: env("T", "V")},
			[]string{"1 curl secrets.T via=header host=api.github.com gh=+1 op=rest:POST:/repos/o/r/dispatches@o/r repos=o/r", "1 curl secrets.V via=arg gh=+0 unresolved"}},
		{"a multipart form posted to a URL kept in a secret goes to another service, with its header's token", Input{Script: `curl -X POST -F "file=@/tmp/a.zip;type=application/zip" -H "Authorization: Bearer $TOKEN" "$UPLOAD_URL"`, Cred: map[string][]string{"TOKEN": {"secrets.TOKEN"}, "UPLOAD_URL": {"secrets.UPLOAD_URL"}}},
			[]string{"1 curl secrets.TOKEN via=header gh=-1", "1 curl secrets.UPLOAD_URL via=url gh=-1"}},
		{"a URL kept in a secret, with a token in the header: the URL is an address, where the token goes is not known", Input{Script: `curl -H "Authorization: token $TOKEN" -H "Accept: application/vnd.github.v3.raw" "$SCRIPT_URL" -o build.sh`, Cred: map[string][]string{"TOKEN": {"secrets.TOKEN"}, "SCRIPT_URL": {"secrets.SCRIPT_URL"}}},
			[]string{"1 curl secrets.SCRIPT_URL via=url gh=-1", "1 curl secrets.TOKEN via=header gh=+0 unresolved"}},
		{"ibmcloud's API key is IBM Cloud's", Input{Script: `ibmcloud login --apikey "$CLOUD_PWD" -r us-south`, Cred: env("CLOUD_PWD")},
			[]string{"1 ibmcloud secrets.CLOUD_PWD via=arg host=cloud.ibm.com gh=-1"}},
		{"rosa's token is OpenShift's", Input{Script: `rosa login --token="$ROSA_TOKEN"`, Cred: env("ROSA_TOKEN")},
			[]string{"1 rosa secrets.ROSA_TOKEN via=env host=api.openshift.com gh=-1"}},
		{"Chef Habitat's token in its variable", Input{Script: `hab pkg upload results/*.hart`, Cred: map[string][]string{"HAB_AUTH_TOKEN": {"secrets.HAB_AUTH_TOKEN"}}},
			[]string{"1 hab secrets.HAB_AUTH_TOKEN via=env host=bldr.habitat.sh gh=-1"}},
		{"codecov is another service", Input{Script: `curl -H "Authorization: token $CODECOV" https://codecov.io/upload`, Cred: env("CODECOV")},
			[]string{"1 curl secrets.CODECOV via=header host=codecov.io gh=-1"}},
		{"graphql mutation", Input{Script: `curl -H "Authorization: bearer $T" -X POST -d '{"query":"mutation { addProjectV2ItemById(input: {}) { item { id } } }"}' https://api.github.com/graphql`, Cred: env("T")},
			[]string{"1 curl secrets.T via=header host=api.github.com gh=+1 op=graphql:GRAPHQL:mutation#addProjectV2ItemById"}},
		{"graphql query with name and alias", Input{Script: `curl -H "Authorization: bearer $T" -d '{"query":"query Q($o: String!) { org: organization(login: $o) { id } }"}' https://api.github.com/graphql`, Cred: env("T")},
			[]string{"1 curl secrets.T via=header host=api.github.com gh=+1 op=graphql:GRAPHQL:query#organization"}},
		{"raw.githubusercontent download", Input{Script: `curl -H "Authorization: token $T" -o f https://raw.githubusercontent.com/o/r/main/path/f.txt`, Cred: env("T")},
			[]string{"1 curl secrets.T via=header host=raw.githubusercontent.com gh=+1 op=rest:GET:/repos/o/r/contents/path/f.txt@o/r repos=o/r"}},
		{"token in query on github.com web", Input{Script: `curl -L "https://github.com/o/r/releases/download/v1/x.tgz" -H "Authorization: token $T"`, Cred: env("T")},
			[]string{"1 curl secrets.T via=header host=github.com gh=+1 repos=o/r unresolved"}},
		{"GHES api v3", Input{Script: `curl -H "Authorization: token $T" https://ghe.example.com/api/v3/repos/o/r/issues`, Cred: env("T"),
			Known: map[string]string{"GITHUB_SERVER_URL": "https://ghe.example.com", "GITHUB_API_URL": "https://ghe.example.com/api/v3"}},
			[]string{"1 curl secrets.T via=header host=ghe.example.com gh=+1 op=rest:GET:/repos/o/r/issues@o/r repos=o/r"}},
		{"credential in the body of an authenticated request is data", Input{Script: `curl -H "Authorization: token $T" -d "{\"value\":\"$NPM\"}" -X PUT https://api.github.com/repos/o/r/actions/variables/X`, Cred: env("T", "NPM")},
			[]string{
				"1 curl secrets.NPM via=arg gh=+0 unresolved",
				"1 curl secrets.T via=header host=api.github.com gh=+1 op=rest:PUT:/repos/o/r/actions/variables/X@o/r repos=o/r",
			}},
		{"credential in the body alone authenticates", Input{Script: `curl -d "token=$SLACK" https://slack.com/api/chat.postMessage`, Cred: env("SLACK")},
			[]string{"1 curl secrets.SLACK via=arg host=slack.com gh=-1"}},
		{"curl without credential", Input{Script: `curl https://api.github.com/repos/o/r`, Cred: env("T")}, nil},
		{"wget header", Input{Script: `wget -q --header="Authorization: token $T" -O out.json https://api.github.com/repos/o/r/releases/latest`, Cred: env("T")},
			[]string{"1 wget secrets.T via=header host=api.github.com gh=+1 op=rest:GET:/repos/o/r/releases/latest@o/r repos=o/r"}},
		{"wget post-data", Input{Script: `wget --header "Authorization: token $T" --post-data='{}' https://api.github.com/repos/o/r/dispatches`, Cred: env("T")},
			[]string{"1 wget secrets.T via=header host=api.github.com gh=+1 op=rest:POST:/repos/o/r/dispatches@o/r repos=o/r"}},
		{"httpie header item and data", Input{Script: `http POST https://api.github.com/repos/o/r/issues "Authorization:token $T" title=x`, Cred: env("T")},
			[]string{"1 http secrets.T via=header host=api.github.com gh=+1 op=rest:POST:/repos/o/r/issues@o/r repos=o/r"}},
		{"httpie -a and implicit POST", Input{Script: `https -a "me:$T" api.github.com/repos/o/r/labels name=bug`, Cred: env("T")},
			[]string{"1 http secrets.T via=header host=api.github.com gh=+1 op=rest:POST:/repos/o/r/labels@o/r repos=o/r"}},
		{"token pattern redacted in evidence", Input{Script: `curl -H "Authorization: token $T" https://example.com/ghp_abcdefghijklmnopqrstuvwxyz0123456789`, Cred: env("T")},
			[]string{"1 curl secrets.T via=header host=example.com gh=-1"}},
	})
}

func TestGit(t *testing.T) {
	runUseCases(t, []useCase{
		{"x-access-token URL push", Input{Script: `git push https://x-access-token:$T@github.com/o/r.git HEAD:main`, Cred: env("T")},
			[]string{"1 git secrets.T via=url host=github.com gh=+1 op=git:GIT:push@o/r repos=o/r"}},
		{"token@ URL push via expression", Input{Script: `git push https://${{ secrets.BOT }}@github.com/microsoft/TypeScript-Website.git`, Exprs: map[string][]string{"secrets.BOT": {"secrets.BOT"}}},
			[]string{"1 git secrets.BOT via=url host=github.com gh=+1 op=git:GIT:push@microsoft/TypeScript-Website repos=microsoft/TypeScript-Website"}},
		{"env expression in URL", Input{Script: `git push https://${{ env.GITHUB_TOKEN }}@github.com/bot/fork cp-branch`, Cred: env("GITHUB_TOKEN")},
			[]string{"1 git secrets.GITHUB_TOKEN via=url host=github.com gh=+1 op=git:GIT:push@bot/fork repos=bot/fork"}},
		{"user name and token in the URL: only the password is the credential", Input{Script: `git push "https://${BREW_USER}:${BREW_TOKEN}@github.com/o/spec.git" --follow-tags`, Cred: env("BREW_USER", "BREW_TOKEN")},
			[]string{
				"1 git secrets.BREW_TOKEN via=url host=github.com gh=+1 op=git:GIT:push --follow-tags@o/spec repos=o/spec",
				"1 git secrets.BREW_USER via=url gh=-1",
			}},
		{"token as the user name with a literal password", Input{Script: `git push https://$T:x-oauth-basic@github.com/o/r.git`, Cred: env("T")},
			[]string{"1 git secrets.T via=url host=github.com gh=+1 op=git:GIT:push@o/r repos=o/r"}},
		{"one credential as user name and password", Input{Script: `git push https://$T:$T@github.com/o/r.git`, Cred: env("T")},
			[]string{"1 git secrets.T via=url host=github.com gh=+1 op=git:GIT:push@o/r repos=o/r"}},
		{"user name in a remote set-url", Input{Script: "git remote set-url origin https://$U:$T@github.com/o/r\ngit push", Cred: env("U", "T")},
			[]string{
				"1 git secrets.T via=url host=github.com gh=+1 repos=o/r",
				"1 git secrets.U via=url gh=-1",
				"2 git secrets.T via=url host=github.com gh=+1 op=git:GIT:push@o/r repos=o/r",
			}},
		{"gitlab oauth2 URL", Input{Script: `git push https://oauth2:$T@gitlab.com/o/r.git --mirror`, Cred: env("T")},
			[]string{"1 git secrets.T via=url host=gitlab.com gh=-1"}},
		{"huggingface", Input{Script: `git push -f https://me:$HF_TOKEN@huggingface.co/spaces/me/app main`, Cred: env("HF_TOKEN")},
			[]string{"1 git secrets.HF_TOKEN via=url host=huggingface.co gh=-1"}},
		{"remote add then push to it", Input{Script: "git remote add pub https://x-access-token:$T@github.com/o/pub.git\ngit push pub main --tags", Cred: env("T")},
			[]string{
				"1 git secrets.T via=url host=github.com gh=+1 repos=o/pub",
				"2 git secrets.T via=url host=github.com gh=+1 op=git:GIT:push --tags@o/pub repos=o/pub",
			}},
		{"remote added under a variable's name, pushed to by that name", Input{Script: "package=$(jq -r .name composer.json)\ngit remote add \"$package\" \"https://github.com/$package\"\ngit push \"$package\" \"$sha:refs/heads/main\"", Persisted: []string{"secrets.P"}},
			[]string{
				"3 git secrets.P via=persisted host=github.com gh=+1 op=git:GIT:push repos=run-time:{jq}",
			}},
		{"a push to a remote named by a value not known may be github.com's", Input{Script: "git push $FLAGS \"$remote\" main", Persisted: []string{"secrets.P"}},
			[]string{
				"1 git secrets.P via=persisted gh=+0 unresolved",
			}},
		{"a token written to git's user section reaches nothing", Input{Script: "git config --global user.password \"$T\"\ngit config --global user.signingkey \"$T\"", Cred: env("T")},
			[]string{"2 git secrets.T via=arg gh=+0 unresolved"}},
		{"a push in a clone named by a variable is the clone's, not the checkout's", Input{Script: "WORK=$(mktemp -d)\ngit clone \"https://x-access-token:$T@github.com/acme/fork.git\" \"$WORK\"\ncd \"$WORK\"\ngit push origin main --force\ncd docs && git push origin HEAD:docs", Cred: env("T"), Persisted: []string{"secrets.P"}, DefaultPersisted: true, RepoRoot: "."},
			[]string{
				"2 git secrets.T via=url host=github.com gh=+1 op=git:GIT:clone@acme/fork repos=acme/fork",
				"4 git secrets.T via=url host=github.com gh=+1 op=git:GIT:push --force@acme/fork repos=acme/fork",
				"5 git secrets.T via=url host=github.com gh=+1 op=git:GIT:push@acme/fork repos=acme/fork",
			}},
		{"a variable assigned again after the clone names another folder", Input{Script: "WORK=$(mktemp -d)\ngit clone \"https://x-access-token:$T@github.com/acme/fork.git\" \"$WORK\"\nWORK=$(pwd)\ncd \"$WORK\"\ngit push origin main", Cred: env("T"), Persisted: []string{"secrets.P"}, RepoRoot: "."},
			[]string{
				"2 git secrets.T via=url host=github.com gh=+1 op=git:GIT:clone@acme/fork repos=acme/fork",
				"5 git secrets.P via=persisted host=github.com gh=+1 op=git:GIT:push",
				"5 git secrets.T via=url host=github.com gh=+1 op=git:GIT:push@acme/fork repos=acme/fork",
			}},
		{"after leaving a clone named by a variable, the checkout's credential is back", Input{Script: "git clone \"https://x-access-token:$T@github.com/acme/fork.git\" \"$WORK\"\ncd \"$WORK\"\ncd \"$GITHUB_WORKSPACE\"\ngit push origin main", Cred: env("T"), Persisted: []string{"secrets.P"}, RepoRoot: "."},
			[]string{
				"1 git secrets.T via=url host=github.com gh=+1 op=git:GIT:clone@acme/fork repos=acme/fork",
				"4 git secrets.P via=persisted host=github.com gh=+1 op=git:GIT:push",
				"4 git secrets.T via=url host=github.com gh=+1 op=git:GIT:push@acme/fork repos=acme/fork",
			}},
		{"a push in a folder the script cloned into is the clone's, not the checkout's", Input{Script: "git clone \"https://$T@github.com/acme/data.git\" .tmp\ngit -C .tmp push origin\ncd .tmp && git push origin main", Cred: env("T"), Persisted: []string{"secrets.P"}, RepoRoot: "."},
			[]string{
				"1 git secrets.T via=url host=github.com gh=+1 op=git:GIT:clone@acme/data repos=acme/data",
				"2 git secrets.T via=url host=github.com gh=+1 op=git:GIT:push@acme/data repos=acme/data",
				"3 git secrets.T via=url host=github.com gh=+1 op=git:GIT:push@acme/data repos=acme/data",
			}},
		{"remote set-url origin then bare push", Input{Script: "git remote set-url origin https://$T@github.com/o/r\ngit push", Cred: env("T")},
			[]string{
				"1 git secrets.T via=url host=github.com gh=+1 repos=o/r",
				"2 git secrets.T via=url host=github.com gh=+1 op=git:GIT:push@o/r repos=o/r",
			}},
		{"remote added but pushes go to origin (persisted)", Input{Script: "git remote add gh-token \"https://${{ secrets.GITHUB_TOKEN}}@github.com/y/y.git\"\ngit push origin +deno",
			Exprs: map[string][]string{"secrets.GITHUB_TOKEN": {"secrets.GITHUB_TOKEN"}}, Persisted: []string{"github.token"}},
			[]string{
				"1 git secrets.GITHUB_TOKEN via=url host=github.com gh=+1 repos=y/y",
				"2 git github.token via=persisted host=github.com gh=+1 op=git:GIT:push --force",
			}},
		{"insteadOf then clone", Input{Script: "git config --global url.\"https://${{ secrets.gh_pat }}@github.com/charm\".insteadOf \"https://github.com/charm\"\ngit clone https://github.com/charm/x",
			Exprs: map[string][]string{"secrets.gh_pat": {"secrets.gh_pat"}}},
			[]string{
				"1 git secrets.gh_pat via=git-config host=github.com gh=+1",
				"2 git secrets.gh_pat via=git-config host=github.com gh=+1 op=git:GIT:clone@charm/x repos=charm/x",
			}},
		{"extraheader basic", Input{Script: "git config http.https://github.com/.extraheader \"AUTHORIZATION: basic $(echo -n x-access-token:$T | base64)\"\ngit fetch origin", Cred: env("T")},
			[]string{
				"1 git secrets.T via=git-config host=github.com gh=+1",
				"2 git secrets.T via=git-config host=github.com gh=+1 op=git:GIT:fetch",
			}},
		{"git -c extraheader", Input{Script: `git -c http.extraheader="AUTHORIZATION: bearer $T" push origin HEAD`, Cred: env("T")},
			[]string{"1 git secrets.T via=git-config host=github.com gh=+1 op=git:GIT:push"}},
		{"persisted", Input{Script: "git add .\ngit commit -m x\ngit push", Persisted: []string{"secrets.SITE_PAT"}},
			[]string{"3 git secrets.SITE_PAT via=persisted host=github.com gh=+1 op=git:GIT:push"}},
		{"persisted not used for clone", Input{Script: "git clone https://github.com/o/r", Persisted: []string{"secrets.SITE_PAT"}}, nil},
		{"an AI agent runs with the persisted credentials", Input{Script: "claude -p \"fix the issue\" --dangerously-skip-permissions", Persisted: []string{"secrets.SITE_PAT"}},
			[]string{"1  secrets.SITE_PAT via=persisted host=github.com gh=+1 unresolved"}},
		{"an AI agent where nothing was persisted", Input{Script: "codex exec --full-auto \"fix it\""}, nil},
		{"git push delete and tags", Input{Script: "git push origin :refs/heads/old\ngit push origin refs/tags/v1", Persisted: []string{"github.token"}},
			[]string{
				"1 git github.token via=persisted host=github.com gh=+1 op=git:GIT:push --delete",
				"2 git github.token via=persisted host=github.com gh=+1 op=git:GIT:push --tags",
			}},
		{"git-credentials file", Input{Script: "git config --global credential.helper store\necho \"https://$T:x-oauth-basic@github.com\" > $HOME/.git-credentials\ngit push", Cred: env("T")},
			[]string{
				"2 git secrets.T via=git-config host=github.com gh=+1",
				"3 git secrets.T via=git-config host=github.com gh=+1 op=git:GIT:push",
			}},
		{"dynamic URL", Input{Script: `git push "$REMOTE" main`, Cred: env("REMOTE")},
			[]string{"1 git secrets.REMOTE via=url gh=+0 unresolved"}},
		{"gh's helper is not asked where actions/checkout's header already authenticates", Input{Script: "gh auth setup-git\ngit push origin main", Cred: env("GH_TOKEN"), DefaultPersisted: true, PersistedDir: "."},
			[]string{
				"1 gh secrets.GH_TOKEN via=env host=api.github.com gh=+1 args=[auth setup-git]",
				"2 git github.token via=persisted host=github.com gh=+1 op=git:GIT:push",
			}},
		{"out of the workspace no checkout's header is sent", Input{Script: "cd ~ || exit\ncd ./bench/apps/x\ngh auth setup-git\ngit push -u upstream b", Cred: env("GH_TOKEN"), DefaultPersisted: true, PersistedDir: "."},
			[]string{
				"3 gh secrets.GH_TOKEN via=env host=api.github.com gh=+1 args=[auth setup-git]",
				"4 git secrets.GH_TOKEN via=stored host=github.com gh=+1 op=git:GIT:push",
			}},
		{"an absolute path is out of the workspace too", Input{Script: "cd /tmp/site\ngh auth setup-git\ngit push origin main", Cred: env("GH_TOKEN"), DefaultPersisted: true, PersistedDir: "."},
			[]string{
				"2 gh secrets.GH_TOKEN via=env host=api.github.com gh=+1 args=[auth setup-git]",
				"3 git secrets.GH_TOKEN via=stored host=github.com gh=+1 op=git:GIT:push",
			}},
		{"gh auth setup-git", Input{Script: "gh auth setup-git\ngit push origin main", Cred: env("GH_TOKEN")},
			[]string{
				"1 gh secrets.GH_TOKEN via=env host=api.github.com gh=+1 args=[auth setup-git]",
				"2 git secrets.GH_TOKEN via=stored host=github.com gh=+1 op=git:GIT:push",
			}},
		{"clone with token then push in the clone", Input{Script: "git clone https://$T@github.com/o/site.git\ncd site\ngit push origin main", Cred: env("T"), Persisted: []string{"github.token"}},
			[]string{
				"1 git secrets.T via=url host=github.com gh=+1 op=git:GIT:clone@o/site repos=o/site",
				"3 git github.token via=persisted host=github.com gh=+1 op=git:GIT:push",
				"3 git secrets.T via=url host=github.com gh=+1 op=git:GIT:push@o/site repos=o/site",
			}},
		{"sh -c with credential", Input{Script: `sh -c "curl -H 'Authorization: token $T' https://api.github.com/user"`, Cred: env("T")},
			[]string{"1 curl secrets.T via=header host=api.github.com gh=+1 op=rest:GET:/user"}},
		{"xargs sh -c positional", Input{Script: `gh pr list -q .[].number | xargs -I{} sh -c 'gh pr close "$1"' _ {}`, Cred: env("GH_TOKEN")},
			[]string{
				"1 gh secrets.GH_TOKEN via=env host=api.github.com gh=+1 args=[pr list -q .[].number]",
				"1 gh secrets.GH_TOKEN via=env host=api.github.com gh=+1 args=[pr close {}]",
			}},
		{"remote url via git config, malformed key ignored", Input{Script: "git config remote.url $T\ngit config remote.pub.url https://$T@github.com/o/pub\ngit push pub", Cred: env("T")},
			[]string{
				"1 git secrets.T via=url gh=+0",
				"2 git secrets.T via=url host=github.com gh=+1 repos=o/pub",
				"3 git secrets.T via=url host=github.com gh=+1 op=git:GIT:push@o/pub repos=o/pub",
			}},
		{"inline credential helper for one command", Input{Script: "git -c credential.helper='!f() { echo username=x; echo \"password=${T}\"; }; f' push https://github.com/o/app.git HEAD:refs/heads/x", Cred: env("T")},
			[]string{"1 git secrets.T via=git-config host=github.com gh=+1 op=git:GIT:push@o/app repos=o/app"}},
		{"askpass program answering from the command's environment", Input{Script: "GIT_ASKPASS=\"$askpass\" GIT_TERMINAL_PROMPT=0 GIT_USERNAME=bot GIT_PASSWORD=\"$T\" git push https://github.com/o/bin.git HEAD:main", Cred: env("T")},
			[]string{"1 git secrets.T via=git-config host=github.com gh=+1 op=git:GIT:push@o/bin repos=o/bin"}},
		{"a password variable without an askpass program is no git credential", Input{Script: "GIT_PASSWORD=\"$T\" git push https://github.com/o/bin.git HEAD:main", Cred: env("T")}, nil},
		{"clone through a program's retry subcommand", Input{Script: "./v retry -- git clone --depth=1 \"https://bot:${T}@github.com/o/docs.git\" site\ngit -C site push origin main", Cred: env("T")},
			[]string{
				"1 git secrets.T via=url host=github.com gh=+1 op=git:GIT:clone@o/docs repos=o/docs",
				"2 git secrets.T via=url host=github.com gh=+1 op=git:GIT:push@o/docs repos=o/docs",
			}},
		{"clone with a credential into its default folder, then push there from a later line", Input{Script: "git clone --depth=1 \"https://bot:${T}@github.com/o/vc.git\"\ngit -C vc push", Persisted: []string{"github.token"}, Cred: env("T"), RepoRoot: "."},
			[]string{
				"1 git secrets.T via=url host=github.com gh=+1 op=git:GIT:clone@o/vc repos=o/vc",
				"2 git secrets.T via=url host=github.com gh=+1 op=git:GIT:push@o/vc repos=o/vc",
			}},
		{"inline credential helper and submodules", Input{Script: "git config --global credential.https://github.com.helper '!f() { echo password=$T; }; f'\ngit submodule update --init", Cred: env("T")},
			[]string{
				"1 git secrets.T via=git-config host=github.com gh=+1",
				"2 git secrets.T via=git-config host=github.com gh=+1 op=git:GIT:submodule update",
			}},
		{"netrc then clone", Input{Script: "echo \"machine github.com login x password $T\" > ~/.netrc\ngit clone https://github.com/o/private", Cred: env("T")},
			[]string{
				"1 git secrets.T via=git-config host=github.com gh=+1",
				"2 git secrets.T via=git-config host=github.com gh=+1 op=git:GIT:clone@o/private repos=o/private",
			}},
		{"netrc then curl --netrc and wget to the API", Input{Script: "echo \"machine api.github.com login $T\" >> ~/.netrc\ncurl -sSLn https://api.github.com/repos/o/r/releases\nwget https://api.github.com/repos/o/r/tags\ncurl -sSL https://api.github.com/repos/o/r/pulls", Cred: env("T")},
			[]string{
				"1 git secrets.T via=git-config host=api.github.com gh=+1",
				"2 curl secrets.T via=stored host=api.github.com gh=+1 op=rest:GET:/repos/o/r/releases@o/r repos=o/r",
				"3 wget secrets.T via=stored host=api.github.com gh=+1 op=rest:GET:/repos/o/r/tags@o/r repos=o/r",
			}},
		{"netrc an earlier step wrote, then curl -n", Input{Script: "curl -n -H 'Accept: application/vnd.github+json' https://api.github.com/repos/o/r/releases/latest", Stored: []Stored{{Tool: "netrc", Host: "api.github.com", Credentials: []string{"secrets.T"}}}},
			[]string{
				"1 curl secrets.T via=stored host=api.github.com gh=+1 op=rest:GET:/repos/o/r/releases/latest@o/r repos=o/r",
			}},
		{"insteadOf then go modules", Input{Script: "git config --global url.\"https://x:${T}@github.com/\".insteadOf \"https://github.com/\"\ngo mod download", Cred: env("T")},
			[]string{
				"1 git secrets.T via=git-config host=github.com gh=+1",
				"2 go secrets.T via=git-config host=github.com gh=+1 op=git:GIT:fetch (go modules)",
			}},
		{"ls-remote and pull", Input{Script: "git ls-remote --heads https://$T@github.com/o/r\ngit pull https://$T@github.com/o/r main", Cred: env("T")},
			[]string{
				"1 git secrets.T via=url host=github.com gh=+1 op=git:GIT:ls-remote@o/r repos=o/r",
				"2 git secrets.T via=url host=github.com gh=+1 op=git:GIT:pull@o/r repos=o/r",
			}},
		{"push -u takes no value; clone -u does", Input{Script: "git push -u \"https://x-access-token:$T@github.com/o/r.git\" HEAD\ngit push -o ci.skip https://$T@github.com/o/r HEAD\ngit clone -u /usr/bin/git-upload-pack https://$T@github.com/o/lib", Cred: env("T")},
			[]string{
				"1 git secrets.T via=url host=github.com gh=+1 op=git:GIT:push@o/r repos=o/r",
				"2 git secrets.T via=url host=github.com gh=+1 op=git:GIT:push@o/r repos=o/r",
				"3 git secrets.T via=url host=github.com gh=+1 op=git:GIT:clone@o/lib repos=o/lib",
			}},
		{"repository named at run time", Input{Script: "git push https://x-access-token:$T@github.com/$REPO.git HEAD\ngit clone https://$T@github.com/acme/${NAME}\ngit push git@github.com:$REPO.git", Cred: env("T")},
			[]string{
				"1 git secrets.T via=url host=github.com gh=+1 op=git:GIT:push repos=run-time:{REPO}",
				"2 git secrets.T via=url host=github.com gh=+1 op=git:GIT:clone repos=run-time:acme/{NAME}",
			}},
		{"remote set to a repository named at run time", Input{Script: "git remote set-url origin \"https://$T@github.com/${{ inputs.repo }}\"\ngit push", Cred: env("T")},
			[]string{
				"1 git secrets.T via=url host=github.com gh=+1",
				"2 git secrets.T via=url host=github.com gh=+1 op=git:GIT:push repos=run-time:{inputs.repo}",
			}},
		{"the pull request's head repository", Input{Script: "git push https://$T@github.com/$HEAD_REPO.git HEAD\ngit push https://$T@github.com/${{ github.event.pull_request.head.repo.full_name }} HEAD", Cred: env("T"),
			HeadRepo: map[string]bool{"HEAD_REPO": true, "github.event.pull_request.head.repo.full_name": true}},
			[]string{
				"1 git secrets.T via=url host=github.com gh=+1 op=git:GIT:push",
				"2 git secrets.T via=url host=github.com gh=+1 op=git:GIT:push",
			}},
		{"this repository and another of its owner", Input{Script: "git push https://$T@github.com/$GITHUB_REPOSITORY HEAD\ngit push https://$T@github.com/${GITHUB_REPOSITORY_OWNER}/site HEAD\ngit push https://$T@github.com/${{ github.repository_owner }}/demo HEAD", Cred: env("T"), Repo: "acme/demo"},
			[]string{
				"1 git secrets.T via=url host=github.com gh=+1 op=git:GIT:push@acme/demo repos=acme/demo",
				"2 git secrets.T via=url host=github.com gh=+1 op=git:GIT:push@{owner}/site repos={owner}/site",
				"3 git secrets.T via=url host=github.com gh=+1 op=git:GIT:push@acme/demo repos=acme/demo",
			}},
	})
}

func TestDockerNPM(t *testing.T) {
	runUseCases(t, []useCase{
		{"docker login -p then push", Input{Script: "docker login ghcr.io -u me -p $CR_PAT\ndocker push ghcr.io/o/img:1.0", Cred: env("CR_PAT")},
			[]string{
				"1 docker secrets.CR_PAT via=arg host=ghcr.io gh=+1 op=docker:DOCKER:login ghcr.io#login",
				"2 docker secrets.CR_PAT via=stored host=ghcr.io gh=+1 op=docker:DOCKER:push ghcr.io/o/img#push",
			}},
		{"docker login stdin", Input{Script: "echo \"$T\" | docker login ghcr.io -u \"$GITHUB_ACTOR\" --password-stdin\ndocker buildx build --push -t ghcr.io/o/img:latest .", Cred: env("T")},
			[]string{
				"1 docker secrets.T via=stdin host=ghcr.io gh=+1 op=docker:DOCKER:login ghcr.io#login",
				"2 docker secrets.T via=stored host=ghcr.io gh=+1 op=docker:DOCKER:push ghcr.io/o/img#push",
			}},
		{"helm registry login and push of a chart to ghcr.io", Input{Script: "echo \"$T\" | helm registry login -u me --password-stdin ghcr.io\nhelm package charts/app\nhelm push app-1.0.tgz oci://ghcr.io/o/charts", Cred: env("T")},
			[]string{
				"1 helm secrets.T via=stdin host=ghcr.io gh=+1 op=docker:DOCKER:login ghcr.io#login",
				"3 helm secrets.T via=stored host=ghcr.io gh=+1 op=docker:DOCKER:push ghcr.io/o/charts#push",
			}},
		{"oras login and push", Input{Script: "oras login ghcr.io -u me -p \"$T\"\noras push ghcr.io/o/artifact:v1 ./file.txt", Cred: env("T")},
			[]string{
				"1 oras secrets.T via=arg host=ghcr.io gh=+1 op=docker:DOCKER:login ghcr.io#login",
				"2 oras secrets.T via=stored host=ghcr.io gh=+1 op=docker:DOCKER:push ghcr.io/o/artifact#push",
			}},
		{"docker hub", Input{Script: "echo $DH | docker login -u me --password-stdin\ndocker push me/img", Cred: env("DH")},
			[]string{
				"1 docker secrets.DH via=stdin host=docker.io gh=-1",
				"2 docker secrets.DH via=stored host=docker.io gh=-1",
			}},
		{"npm publish to GitHub Packages via npmrc", Input{Script: "echo \"//npm.pkg.github.com/:_authToken=$T\" > ~/.npmrc\nnpm publish", Cred: env("T")},
			[]string{
				"1 npm secrets.T via=config host=npm.pkg.github.com gh=+1",
				"2 npm secrets.T via=stored host=npm.pkg.github.com gh=+1 op=package:PACKAGE:npm publish",
			}},
		{"npm publish with NODE_AUTH_TOKEN defaults to npmjs", Input{Script: "npm publish", Cred: env("NODE_AUTH_TOKEN")},
			[]string{"1 npm secrets.NODE_AUTH_TOKEN via=env host=registry.npmjs.org gh=-1"}},
		{"npm publish with setup-node registry", Input{Script: "npm ci\nnpm publish", Cred: env("NODE_AUTH_TOKEN"), NPMRegistry: "npm.pkg.github.com"},
			[]string{
				"1 npm secrets.NODE_AUTH_TOKEN via=env host=npm.pkg.github.com gh=+1 op=package:PACKAGE:npm install",
				"2 npm secrets.NODE_AUTH_TOKEN via=env host=npm.pkg.github.com gh=+1 op=package:PACKAGE:npm publish",
			}},
		{"npm config set", Input{Script: "npm config set //npm.pkg.github.com/:_authToken \"$T\"\nyarn install", Cred: env("T")},
			[]string{
				"1 npm secrets.T via=config host=npm.pkg.github.com gh=+1",
				"2 yarn secrets.T via=stored host=npm.pkg.github.com gh=+1 op=package:PACKAGE:npm install",
			}},
		{"yarn npm publish with registry flag", Input{Script: "npm config set //npm.pkg.github.com/:_authToken=$T\nyarn npm publish --registry https://npm.pkg.github.com", Cred: env("T")},
			[]string{
				"1 npm secrets.T via=config host=npm.pkg.github.com gh=+1",
				"2 yarn secrets.T via=stored host=npm.pkg.github.com gh=+1 op=package:PACKAGE:npm publish",
			}},
		{"docker imagetools and manifest push", Input{Script: "docker login -p$T ghcr.io\ndocker buildx imagetools create -t ghcr.io/o/i:1 src\ndocker manifest push ghcr.io/o/m:2", Cred: env("T")},
			[]string{
				"1 docker secrets.T via=arg host=ghcr.io gh=+1 op=docker:DOCKER:login ghcr.io#login",
				"2 docker secrets.T via=stored host=ghcr.io gh=+1 op=docker:DOCKER:push ghcr.io/o/i#push",
				"3 docker secrets.T via=stored host=ghcr.io gh=+1 op=docker:DOCKER:push ghcr.io/o/m#push",
			}},
		{"an image named at run time may be on the registry the script logged in to", Input{Script: "docker login -p$T ghcr.io\nfor tag in $TAGS; do docker buildx imagetools create -t \"${tag}\" \"${tag}-amd64\"; done", Cred: env("T")},
			[]string{
				"1 docker secrets.T via=arg host=ghcr.io gh=+1 op=docker:DOCKER:login ghcr.io#login",
				"2 docker secrets.T via=stored host=ghcr.io gh=+1 op=docker:DOCKER:push {tag} (named at run time)#push",
			}},
		{"npmrc with literal env reference", Input{Script: "echo '//npm.pkg.github.com/:_authToken=${NODE_AUTH_TOKEN}' >> .npmrc\nnpm publish", Cred: env("NODE_AUTH_TOKEN")},
			[]string{
				"1 npm secrets.NODE_AUTH_TOKEN via=config host=npm.pkg.github.com gh=+1",
				"2 npm secrets.NODE_AUTH_TOKEN via=stored host=npm.pkg.github.com gh=+1 op=package:PACKAGE:npm publish",
			}},
		{"npmrc heredoc", Input{Script: "cat > .npmrc <<EOF\n@o:registry=https://npm.pkg.github.com\n//npm.pkg.github.com/:_authToken=${T}\nEOF\npnpm publish", Cred: env("T")},
			[]string{
				"3 npm secrets.T via=config host=npm.pkg.github.com gh=+1",
				"5 pnpm secrets.T via=stored host=npm.pkg.github.com gh=+1 op=package:PACKAGE:npm publish",
			}},
	})
}

func TestToolsAndScripts(t *testing.T) {
	runUseCases(t, []useCase{
		{"goreleaser", Input{Script: "go build .\n./goreleaser release --clean", Cred: env("GITHUB_TOKEN")},
			[]string{"2 goreleaser secrets.GITHUB_TOKEN via=env host=api.github.com gh=+1 unresolved"}},
		{"npx semantic-release", Input{Script: "npx semantic-release", Cred: env("GH_TOKEN", "NPM_TOKEN")},
			[]string{
				"1 semantic-release secrets.GH_TOKEN via=env host=api.github.com gh=+1 unresolved",
				"1 semantic-release secrets.NPM_TOKEN via=env gh=+0 unresolved",
			}},
		{"hub subcommand row", Input{Script: "hub pull-request -m x", Cred: env("GITHUB_TOKEN")},
			[]string{"1 hub pull-request secrets.GITHUB_TOKEN via=env host=api.github.com gh=+1 unresolved"}},
		{"hub without a row for its subcommand", Input{Script: "hub browse", Cred: env("GITHUB_TOKEN")},
			[]string{"1 hub secrets.GITHUB_TOKEN via=env host=api.github.com gh=+1 unresolved"}},
		{"tool that pushes with the persisted credentials", Input{Script: "npx release-it --ci", Cred: env("GITHUB_TOKEN"), Persisted: []string{"secrets.PUSH_PAT"}},
			[]string{
				"1 release-it secrets.GITHUB_TOKEN via=env host=api.github.com gh=+1 unresolved",
				"1 release-it secrets.PUSH_PAT via=persisted host=github.com gh=+1 op=git:GIT:push (release-it)",
			}},
		{"cargo release publishes with the registry token and pushes with git's", Input{Script: "cargo release --execute", Cred: env("CARGO_REGISTRY_TOKEN"), Persisted: []string{"secrets.PUSH_PAT"}},
			[]string{
				"1 cargo release secrets.CARGO_REGISTRY_TOKEN via=env host=crates.io gh=-1",
				"1 cargo release secrets.PUSH_PAT via=persisted host=github.com gh=+1 op=git:GIT:push (cargo release)",
			}},
		{"nx release creates the release with GH_TOKEN and pushes with git's", Input{Script: "npx nx release --yes", Cred: env("GH_TOKEN"), Persisted: []string{"secrets.PUSH_PAT"}},
			[]string{
				"1 nx release secrets.GH_TOKEN via=env host=api.github.com gh=+1 unresolved",
				"1 nx release secrets.PUSH_PAT via=persisted host=github.com gh=+1 op=git:GIT:push (nx release)",
			}},
		{"tbump pushes the bump commit and tag", Input{Script: "tbump --non-interactive 1.2.3", Persisted: []string{"secrets.PUSH_PAT"}},
			[]string{"1 tbump secrets.PUSH_PAT via=persisted host=github.com gh=+1 op=git:GIT:push (tbump)"}},
		{"bumpp pushes by default", Input{Script: "pnpm exec bumpp patch --yes", Persisted: []string{"secrets.PUSH_PAT"}},
			[]string{"1 bumpp secrets.PUSH_PAT via=persisted host=github.com gh=+1 op=git:GIT:push (bumpp)"}},
		// A build tool's release goal or task, wherever among its options.
		{"maven release:prepare pushes with git's credentials", Input{Script: "mvn -B -ntp release:prepare -DreleaseVersion=1.0", Persisted: []string{"secrets.PUSH_PAT"}},
			[]string{"1 mvn release:prepare secrets.PUSH_PAT via=persisted host=github.com gh=+1 op=git:GIT:push (mvn release:prepare)"}},
		{"a Gradle wrapper's release task pushes", Input{Script: "./gradlew --no-daemon --stacktrace release -PreleaseVersion=1.0", Persisted: []string{"secrets.PUSH_PAT"}},
			[]string{"1 gradlew release secrets.PUSH_PAT via=persisted host=github.com gh=+1 op=git:GIT:push (gradlew release)"}},
		{"a Gradle build does not", Input{Script: "./gradlew --no-daemon build", Persisted: []string{"secrets.PUSH_PAT"}}, nil},
		{"changelogithub releases the pushed tag with GITHUB_TOKEN", Input{Script: "npx changelogithub", Cred: env("GITHUB_TOKEN")},
			[]string{"1 changelogithub secrets.GITHUB_TOKEN via=env host=api.github.com gh=+1 unresolved"}}, // the planner answers it from its row
		{"cr index --push pushes the pages branch, an option far down the line", Input{Script: "cr index -o acme -r charts --package-path \"$P\" --pages-branch main --push", Persisted: []string{"secrets.PUSH_PAT"}},
			[]string{"1 cr index --push secrets.PUSH_PAT via=persisted host=github.com gh=+1 op=git:GIT:push (cr index --push)"}},
		{"Bundler's rake release pushes its tag", Input{Script: "bundle exec rake release[origin]", Persisted: []string{"secrets.PUSH_PAT"}},
			[]string{"1 rake release secrets.PUSH_PAT via=persisted host=github.com gh=+1 op=git:GIT:push (rake release)"}},
		{"sbt-release's release command pushes", Input{Script: "sbt -batch \"release with-defaults\"", Persisted: []string{"secrets.PUSH_PAT"}},
			[]string{"1 sbt release secrets.PUSH_PAT via=persisted host=github.com gh=+1 op=git:GIT:push (sbt release)"}},
		{"brew with its own variable", Input{Script: "brew tap-new acme/tools", Cred: env("HOMEBREW_GITHUB_API_TOKEN")},
			[]string{"1 brew secrets.HOMEBREW_GITHUB_API_TOKEN via=env host=api.github.com gh=+1 unresolved"}},
		{"a brew command with a row of its own", Input{Script: "brew update-sponsors", Cred: env("HOMEBREW_GITHUB_API_TOKEN")},
			[]string{"1 brew update-sponsors secrets.HOMEBREW_GITHUB_API_TOKEN via=env host=api.github.com gh=+1 unresolved"}},
		{"script with credential argument", Input{Script: `./scripts/release.sh "$TOKEN"`, Cred: map[string][]string{"TOKEN": {"secrets.TOKEN"}}},
			[]string{"1 ./scripts/release.sh secrets.TOKEN via=arg gh=+0 unresolved"}},
		{"python script env-implicit", Input{Script: "python3 .github/scripts/trymerge.py --force 1", Cred: env("GITHUB_TOKEN")},
			[]string{"1 .github/scripts/trymerge.py secrets.GITHUB_TOKEN via=env gh=+0 unresolved"}},
		{"unknown command with credential argument", Input{Script: `ncu-config set token "${{ secrets.GH_USER_TOKEN }}"`, Exprs: map[string][]string{"secrets.GH_USER_TOKEN": {"secrets.GH_USER_TOKEN"}}},
			[]string{"1 ncu-config secrets.GH_USER_TOKEN via=arg gh=+0 unresolved"}},
		{"implicit script dropped when the credential has a resolved use", Input{Script: "./scripts/build-assets.sh\ngh release create v1", Cred: env("GH_TOKEN")},
			[]string{"2 gh secrets.GH_TOKEN via=env host=api.github.com gh=+1 args=[release create v1]"}},
		{"implicit script kept when its name suggests GitHub work", Input{Script: "./scripts/open-pr.sh\ngh release create v1", Cred: env("GH_TOKEN")},
			[]string{
				"1 ./scripts/open-pr.sh secrets.GH_TOKEN via=env gh=+0 unresolved",
				"2 gh secrets.GH_TOKEN via=env host=api.github.com gh=+1 args=[release create v1]",
			}},
		{"inline code names the variable it reads", Input{Script: `python -c "import os; print(os.environ['A'])"`, Cred: env("A", "B")},
			[]string{"1 python -c secrets.A via=env gh=+0 unresolved"}},
		{"make target not suggestive", Input{Script: "make build", Cred: env("GITHUB_TOKEN")}, nil},
		{"npm run release", Input{Script: "npm run release", Cred: env("GITHUB_TOKEN")},
			[]string{"1 npm release secrets.GITHUB_TOKEN via=env gh=+0 unresolved"}},
		{"twine other service", Input{Script: "twine upload -u __token__ dist/*", Cred: env("TWINE_PASSWORD")},
			[]string{"1 twine secrets.TWINE_PASSWORD via=env host=upload.pypi.org gh=-1"}},
		{"cosign signs with its own key", Input{Script: "cosign sign --key env://COSIGN_PRIVATE_KEY ghcr.io/acme/app@sha256:abc", Cred: env("COSIGN_PRIVATE_KEY")},
			[]string{"1 cosign secrets.COSIGN_PRIVATE_KEY via=env host=sigstore.dev gh=-1"}},
		{"a secret only in a URL's path is no credential of the request", Input{Script: `curl -X POST -H "Authorization: Bearer $JWT" "https://api.github.com/app/installations/$ID/access_tokens"`, Cred: env("ID")},
			[]string{"1 curl secrets.ID via=url gh=-1"}},
		{"a key given beside another service's server is that service's", Input{Script: `choco push app.nupkg --key "$PUSH_TOKEN" --source="'https://push.chocolatey.org/'"`, Cred: env("PUSH_TOKEN")},
			[]string{"1 choco secrets.PUSH_TOKEN via=arg host=push.chocolatey.org gh=-1"}},
		{"a key with no server named stays for review", Input{Script: `goreleaser release --key "$K"`, Cred: env("K")},
			[]string{"1 goreleaser secrets.K via=arg gh=+0 unresolved"}},
		{"a key beside a GitHub address stays for review", Input{Script: `some-tool --key "$K" --url https://api.github.com`, Cred: env("K")},
			[]string{"1 some-tool secrets.K via=arg gh=+0 unresolved"}},
		{"scp location", Input{Script: "scp -qr ${{ secrets.LOC }} SNOPT", Exprs: map[string][]string{"secrets.LOC": {"secrets.LOC"}}},
			[]string{"1 scp secrets.LOC via=arg gh=-1"}},
		{"cargo login", Input{Script: "cargo login ${{ secrets.crate_token }}", Exprs: map[string][]string{"secrets.crate_token": {"secrets.crate_token"}}},
			[]string{"1 cargo secrets.crate_token via=arg host=crates.io gh=-1"}},
		{"gpg import", Input{Script: `base64 -d <<<"$GPG_KEY" | gpg --import --batch`, Cred: env("GPG_KEY")},
			[]string{"1 gpg secrets.GPG_KEY via=stdin gh=-1"}},
		{"python heredoc", Input{Script: "python3 << 'EOF'\nimport os\ntoken = os.environ[\"GITHUB_TOKEN\"]\nprint(1)\nEOF", Cred: env("GITHUB_TOKEN")},
			[]string{"3 python3 secrets.GITHUB_TOKEN via=env gh=+0 unresolved"}},
		{"echo is not a use", Input{Script: "echo \"::add-mask::$X\"\necho \"$X\" | sed s/a/b/", Cred: env("X")}, nil},
		{"a file written and not read back hands it on", Input{Script: "echo \"$X\" > key.txt\necho \"$Y\" > y.txt\ngh auth login --with-token < y.txt", Cred: env("X", "Y")},
			[]string{"1 write key.txt secrets.X via=file gh=+0 unresolved", "3 gh secrets.Y via=stdin host=api.github.com gh=+1 args=[auth login --with-token]"}},
		{"a key written for ssh is not a token", Input{Script: "mkdir ~/.ssh\necho \"${{ secrets.DEPLOY_KEY }}\" > ~/.ssh/id_ed25519\ngit clone git@github.com:acme/metrics.git", Exprs: map[string][]string{"secrets.DEPLOY_KEY": {"secrets.DEPLOY_KEY"}}},
			[]string{"2 ssh secrets.DEPLOY_KEY via=config host=ssh gh=-1"}},
	})
}

// TestUnknownCommands: a command whose program is known only when the
// step runs (an expression, a variable) may use every credential in its
// reach; a dynamic word in front of a known command only guards it.
func TestUnknownCommands(t *testing.T) {
	runUseCases(t, []useCase{
		{"expression as the whole script", Input{Script: "${{ matrix.cmd }}", Cred: env("GITHUB_TOKEN")},
			[]string{"1 ${{ matrix.cmd }} secrets.GITHUB_TOKEN via=env gh=+0 unresolved"}},
		{"expression in command position after a resolved use", Input{Script: "gh release download v1\n${{ inputs.command }} --all", Cred: env("GH_TOKEN")},
			[]string{
				"1 gh secrets.GH_TOKEN via=env host=api.github.com gh=+1 args=[release download v1]",
				"2 ${{ inputs.command }} secrets.GH_TOKEN via=env gh=+0 unresolved",
			}},
		{"variable set at run time", Input{Script: "$TOOL publish", Cred: env("GITHUB_TOKEN")},
			[]string{"1 $TOOL secrets.GITHUB_TOKEN via=env gh=+0 unresolved"}},
		{"program read from a file", Input{Script: "TOOL=$(cat tool.txt)\n$TOOL publish", Cred: env("GITHUB_TOKEN")},
			[]string{"2 {tool.txt} secrets.GITHUB_TOKEN via=env gh=+0 unresolved"}},
		{"program named by a variable and a word", Input{Script: "./bin/${{ matrix.tool }} sync --all", Cred: env("GITHUB_TOKEN")},
			[]string{"1 ./bin/{matrix.tool} secrets.GITHUB_TOKEN via=env gh=+0 unresolved"}},
		{"a path built at run time is unresolved whatever its name", Input{Script: "gh release view v1\n./ci/${{ matrix.step }}.sh", Cred: env("GH_TOKEN")},
			[]string{
				"1 gh secrets.GH_TOKEN via=env host=api.github.com gh=+1 args=[release view v1]",
				"2 ./ci/{matrix.step}.sh secrets.GH_TOKEN via=env gh=+0 unresolved",
			}},
		{"credentials in tool configuration", Input{Script: "${{ matrix.cmd }}", Persisted: []string{"secrets.PUSH_PAT"}},
			[]string{"1 ${{ matrix.cmd }} secrets.PUSH_PAT via=persisted gh=+0 unresolved"}},
		{"one program from a variable and tool configuration", Input{Script: "$TOOL publish", Persisted: []string{"secrets.PUSH_PAT"}}, nil},
		{"credential argument", Input{Script: `$RUNNER --token "$T"`, Cred: map[string][]string{"T": {"secrets.T"}}},
			[]string{"1 $RUNNER secrets.T via=arg gh=+0 unresolved"}},
		{"guard in front of a known command", Input{Script: "$SUDO apt-get install -y jq\n$DRY gh release create v1", Cred: env("GH_TOKEN")},
			[]string{"2 gh secrets.GH_TOKEN via=env host=api.github.com gh=+1 args=[release create v1]"}},
		{"option value of a wrapper is not the program", Input{Script: `./uv run --no-project -p "${PYTHON_VERSION}" --with "$PKG" ./scripts/x.py`, Cred: env("GITHUB_TOKEN")},
			[]string{"1 ./scripts/x.py secrets.GITHUB_TOKEN via=env gh=+0 unresolved"}},
		{"command -v only looks a program up", Input{Script: `if command -v "pulumi${EXT}"; then echo ok; fi`, Cred: env("GITHUB_TOKEN")}, nil},
		{"literal value of a variable", Input{Script: "TOOL=echo\n$TOOL hi", Cred: env("GITHUB_TOKEN")}, nil},
		{"literal values set in branches", Input{Script: "cygwin=false\ncase \"$(uname)\" in CYGWIN*) cygwin=true ;; esac\nif \"$cygwin\" ; then echo w; fi", Cred: env("GITHUB_TOKEN")}, nil},
		{"each literal value is run", Input{Script: "T=echo\nif [ -n \"$X\" ]; then T=gh; fi\n$T release create v1", Cred: env("GH_TOKEN")},
			[]string{"3 gh secrets.GH_TOKEN via=env host=api.github.com gh=+1 args=[release create v1]"}},
		{"values that name their program", Input{Script: "if [ -n \"$JAVA_HOME\" ]; then JAVACMD=javaw; else JAVACMD=java; fi\nexec \"$JAVACMD\" -jar x.jar", Cred: env("GITHUB_TOKEN")}, nil},
		{"a value not literal in one branch", Input{Script: "T=echo\nif [ -n \"$X\" ]; then T=$(cat f); fi\n$T release create v1", Cred: env("GH_TOKEN")},
			[]string{"3 $T secrets.GH_TOKEN via=env gh=+0 unresolved"}},
		{"nothing in reach", Input{Script: "${{ matrix.cmd }}"}, nil},
		{"a program looked up on the PATH is that program", Input{Script: "YQ=$(which yq)\n$YQ e .version chart.yaml\n$(command -v jq) -r .a f.json", Cred: env("GITHUB_TOKEN")}, nil},
		{"an installer given a git URL with a credential clones that repository", Input{Script: "pip install git+https://${GH_TOKEN}@github.com/acme/private-lib.git@v1.2\npip3 install \"git+https://x-access-token:$PIP_GH@github.com/acme/py-lib.git#egg=py-lib\"", Cred: env("GH_TOKEN", "PIP_GH")},
			[]string{"1 pip secrets.GH_TOKEN via=url host=github.com gh=+1 op=git:GIT:clone@acme/private-lib repos=acme/private-lib", "2 pip3 secrets.PIP_GH via=url host=github.com gh=+1 op=git:GIT:clone@acme/py-lib repos=acme/py-lib"}},
		{"a value of an option named for another service is that service's", Input{Script: "tenable-build --cloudflare-access-secret \"$CF_ID:$CF_SECRET\" build\nacme-cli --github-token \"$GH\" sync", Cred: env("CF_ID", "CF_SECRET", "GH")},
			[]string{"1 tenable-build secrets.CF_ID via=arg gh=-1", "1 tenable-build secrets.CF_SECRET via=arg gh=-1", "2 acme-cli secrets.GH via=arg gh=+0 unresolved"}},
		{"the user and host of an ssh or rsync remote name an account and a machine", Input{Script: "rsync -a dist/ \"$USER_NAME@$HOST:/srv/www\"\nssh \"$USER_NAME@$HOST\" ls\nscp f.txt \"git@$HOST2\"", Cred: env("USER_NAME", "HOST", "HOST2")},
			[]string{"1 rsync secrets.HOST via=arg host=ssh gh=-1", "1 rsync secrets.USER_NAME via=arg host=ssh gh=-1", "2 ssh secrets.HOST via=arg host=ssh gh=-1", "2 ssh secrets.USER_NAME via=arg host=ssh gh=-1", "3 scp secrets.HOST2 via=arg gh=-1"}},
		{"a credential inside a remote's path is still passed on", Input{Script: "rsync -a dist/ \"deploy@example.com:/srv/$TOKEN/x\"", Cred: env("TOKEN")},
			[]string{"1 rsync secrets.TOKEN via=arg gh=+0 unresolved"}},
		{"a program picked from find's list of one path is that program", Input{Script: "$(find /sdk/build-tools/*/apksigner | sort | tail -n1) sign --ks-pass pass:\"$GITHUB_TOKEN\" app.apk", Cred: env("GITHUB_TOKEN")},
			[]string{"1 apksigner secrets.GITHUB_TOKEN via=arg gh=-1"}},
		{"a list narrowed by anything else is not known", Input{Script: "$(find /sdk -name '*signer' | grep -v old | head -1) sign app.apk", Cred: env("GITHUB_TOKEN")},
			[]string{"1 {head} secrets.GITHUB_TOKEN via=env gh=+0 unresolved"}},
		{"a program looked up by a variable's name is not known", Input{Script: "$(which $TOOL) publish", Cred: env("GITHUB_TOKEN")},
			[]string{"1 {$(...)} secrets.GITHUB_TOKEN via=env gh=+0 unresolved"}},
		{"an expression that is true or false runs the shell's true or false", Input{Script: "if ${{ github.event.label.name == 'reproduced' }}; then echo yes; fi\n${{ !inputs.dry }} && echo go", Cred: env("GH_TOKEN")}, nil},
		{"an expression of another value is still a program", Input{Script: "${{ inputs.ok == 'y' && inputs.cmd }}", Cred: env("GH_TOKEN")},
			[]string{"1 ${{ inputs.ok == 'y' && inputs.cmd }} secrets.GH_TOKEN via=env gh=+0 unresolved"}},
	})
}

func TestEnvWrites(t *testing.T) {
	cases := []struct {
		name   string
		script string
		want   []EnvWrite
	}{
		{"echo quoted", `echo "TOKEN=$X" >> "$GITHUB_ENV"`, []EnvWrite{{Name: "TOKEN", Line: 1, Credentials: []string{"secrets.X"}}}},
		{"echo unquoted target", `echo GH_TOKEN=${{ steps.app.outputs.token }} >> $GITHUB_ENV`, []EnvWrite{{Name: "GH_TOKEN", Line: 1, Credentials: []string{"steps.app.outputs.token"}}}},
		{"output without credential", `echo "branch=main" >> "$GITHUB_OUTPUT"`, []EnvWrite{{Name: "branch", Line: 1, Output: true}}},
		{"printf", `printf 'T=%s\n' "$X" >> "$GITHUB_ENV"`, []EnvWrite{{Name: "T", Line: 1, Credentials: []string{"secrets.X"}}}},
		{"block", "{\n  echo \"A=$X\"\n  echo \"B=plain\"\n} >> \"$GITHUB_ENV\"", []EnvWrite{
			{Name: "A", Line: 2, Credentials: []string{"secrets.X"}}, {Name: "B", Line: 3}}},
		{"heredoc", "cat >> $GITHUB_ENV <<EOF\nA=1\nTOKEN=$X\nEOF", []EnvWrite{
			{Name: "A", Line: 2}, {Name: "TOKEN", Line: 3, Credentials: []string{"secrets.X"}}}},
		{"multiline delimiter", "{\n  echo 'PR_URL<<EOF'\n  echo \"$X\"\n  echo EOF\n} >> \"$GITHUB_ENV\"", []EnvWrite{
			{Name: "PR_URL", Line: 2, Credentials: []string{"secrets.X"}}}},
		{"tee -a", `echo "T=$X" | tee -a "$GITHUB_ENV"`, []EnvWrite{{Name: "T", Line: 1, Credentials: []string{"secrets.X"}}}},
		{"set-output", `echo "::set-output name=tok::$X"`, []EnvWrite{{Name: "tok", Line: 1, Credentials: []string{"secrets.X"}, Output: true}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := Analyze(Input{Script: tc.script, Cred: env("X"), StartLine: 1,
				Exprs: map[string][]string{"steps.app.outputs.token": {"steps.app.outputs.token"}}})
			if r.ParseError != nil {
				t.Fatal(r.ParseError)
			}
			got := r.EnvWrites
			for i := range got {
				if len(got[i].Credentials) == 0 {
					got[i].Credentials = nil
				}
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

func TestRunTimeRepository(t *testing.T) {
	const auth = `-H "Authorization: token $T" `
	headRepo := map[string]bool{"HEAD_REPO": true, "github.event.pull_request.head.repo.full_name": true}
	runUseCases(t, []useCase{
		{"REST path from a variable set outside the script", Input{Script: `curl -X POST ` + auth + `https://api.github.com/repos/$OTHER/issues`, Cred: env("T"), Repo: "me/r"},
			[]string{"1 curl secrets.T via=header host=api.github.com gh=+1 op=rest:POST:/repos/{OTHER}/issues repos=run-time:{OTHER}"}},
		{"REST path from an input", Input{Script: `curl -X POST ` + auth + `"https://api.github.com/repos/${{ inputs.repo }}/dispatches"`, Cred: env("T"), Repo: "me/r"},
			[]string{"1 curl secrets.T via=header host=api.github.com gh=+1 op=rest:POST:/repos/{inputs.repo}/dispatches repos=run-time:{inputs.repo}"}},
		{"REST path with the name set at run time", Input{Script: `curl -X PATCH ` + auth + `"https://api.github.com/repos/acme/${NAME}/pulls/1"`, Cred: env("T"), Repo: "me/r"},
			[]string{"1 curl secrets.T via=header host=api.github.com gh=+1 op=rest:PATCH:/repos/acme/{NAME}/pulls/1 repos=run-time:acme/{NAME}"}},
		{"REST path from a variable the script sets", Input{Script: "OTHER=acme/tools\ncurl -X POST " + auth + `https://api.github.com/repos/$OTHER/issues`, Cred: env("T"), Repo: "me/r"},
			[]string{"2 curl secrets.T via=header host=api.github.com gh=+1 op=rest:POST:/repos/acme/tools/issues@acme/tools repos=acme/tools"}},
		{"REST path from a variable of known value", Input{Script: `curl -X POST ` + auth + `https://api.github.com/repos/$OTHER/issues`, Cred: env("T"), Repo: "me/r",
			Known: map[string]string{"OTHER": "acme/tools"}},
			[]string{"1 curl secrets.T via=header host=api.github.com gh=+1 op=rest:POST:/repos/acme/tools/issues@acme/tools repos=acme/tools"}},
		{"this repository, run-time numbers after it", Input{Script: `curl -X POST ` + auth + `"$GITHUB_API_URL/repos/$GITHUB_REPOSITORY/issues/$NUM/comments"` + "\ncurl -X POST " + auth + `"https://api.github.com/repos/${{ github.repository }}/issues/${{ github.event.number }}/labels"`, Cred: env("T"), Repo: "me/r"},
			[]string{
				"1 curl secrets.T via=header host=api.github.com gh=+1 op=rest:POST:/repos/{owner}/{repo}/issues/{NUM}/comments@me/r repos=me/r",
				"2 curl secrets.T via=header host=api.github.com gh=+1 op=rest:POST:/repos/{owner}/{repo}/issues/{github.event.number}/labels@me/r repos=me/r",
			}},
		{"the pull request's head repository", Input{Script: `curl ` + auth + `"https://api.github.com/repos/$HEAD_REPO/pulls"` + "\ncurl " + auth + `"https://api.github.com/repos/${{ github.event.pull_request.head.repo.full_name }}/pulls"`, Cred: env("T"), Repo: "me/r", HeadRepo: headRepo},
			[]string{
				"1 curl secrets.T via=header host=api.github.com gh=+1 op=rest:GET:/repos/{HEAD_REPO}/pulls",
				"2 curl secrets.T via=header host=api.github.com gh=+1 op=rest:GET:/repos/{github.event.pull_request.head.repo.full_name}/pulls",
			}},
		{"raw content of a repository named at run time", Input{Script: `curl ` + auth + `-o f "https://raw.githubusercontent.com/$OWNER/tools/main/f.txt"`, Cred: env("T"), Repo: "me/r"},
			[]string{"1 curl secrets.T via=header host=raw.githubusercontent.com gh=+1 op=rest:GET:/repos/{OWNER}/tools/contents/f.txt repos=run-time:{OWNER}/tools"}},
		{"wget to a repository named at run time", Input{Script: `wget --header "Authorization: token $T" --post-data='{}' "https://api.github.com/repos/$OTHER/dispatches"`, Cred: env("T"), Repo: "me/r"},
			[]string{"1 wget secrets.T via=header host=api.github.com gh=+1 op=rest:POST:/repos/{OTHER}/dispatches repos=run-time:{OTHER}"}},
		{"gh -R and --repo named at run time", Input{Script: "gh issue create -R \"$OTHER\" -t x -b y\ngh pr merge 1 --repo=${{ inputs.repo }}\ngh release create v1 -R acme/${NAME}", Cred: env("GH_TOKEN"), Repo: "me/r"},
			[]string{
				"1 gh secrets.GH_TOKEN via=env host=api.github.com gh=+1 args=[issue create -R {OTHER} -t x -b y] repos=run-time:{OTHER}",
				"2 gh secrets.GH_TOKEN via=env host=api.github.com gh=+1 args=[pr merge 1 --repo={inputs.repo}] repos=run-time:{inputs.repo}",
				"3 gh secrets.GH_TOKEN via=env host=api.github.com gh=+1 args=[release create v1 -R acme/{NAME}] repos=run-time:acme/{NAME}",
			}},
		{"gh -R resolved, this repository, or the pull request's head (a fork, perhaps)", Input{Script: "OTHER=acme/tools\ngh issue create -R \"$OTHER\" -t x\ngh pr list -R \"$GITHUB_REPOSITORY\"\ngh pr list -R ${{ github.repository }}\ngh pr view -R \"$HEAD_REPO\"", Cred: env("GH_TOKEN"), Repo: "me/r", HeadRepo: headRepo},
			[]string{
				"2 gh secrets.GH_TOKEN via=env host=api.github.com gh=+1 args=[issue create -R acme/tools -t x] repos=acme/tools",
				"3 gh secrets.GH_TOKEN via=env host=api.github.com gh=+1 args=[pr list -R {owner}/{repo}] repos=me/r",
				"4 gh secrets.GH_TOKEN via=env host=api.github.com gh=+1 args=[pr list -R {owner}/{repo}] repos=me/r",
				"5 gh secrets.GH_TOKEN via=env host=api.github.com gh=+1 args=[pr view -R {HEAD_REPO}] repos=run-time:{the pull request's head repository {HEAD_REPO}, a fork when the pull request comes from one}",
			}},
		{"gh -R named only at run time", Input{Script: "gh pr close --repo \"$FORK\" \"$OWNER:fix\"", Cred: env("GH_TOKEN"), Repo: "me/r"},
			[]string{"1 gh secrets.GH_TOKEN via=env host=api.github.com gh=+1 args=[pr close --repo {FORK} {OWNER}:fix] repos=run-time:{FORK}"}},
		{"GH_REPO named at run time", Input{Script: "export GH_REPO=\"$OTHER\"\ngh issue list", Cred: env("GH_TOKEN"), Repo: "me/r"},
			[]string{"2 gh secrets.GH_TOKEN via=env host=api.github.com gh=+1 args=[issue list] repos=run-time:{OTHER}"}},
		{"GH_REPO set by the step's env", Input{Script: "gh issue list\ngh pr list", Cred: env("GH_TOKEN"), Repo: "me/r", EnvSet: []string{"GH_REPO"}},
			[]string{
				"1 gh secrets.GH_TOKEN via=env host=api.github.com gh=+1 args=[issue list] repos=run-time:{GH_REPO}",
				"2 gh secrets.GH_TOKEN via=env host=api.github.com gh=+1 args=[pr list] repos=run-time:{GH_REPO}",
			}},
		{"GH_REPO set by the step's env to a known value", Input{Script: "gh issue list", Cred: env("GH_TOKEN"), Repo: "me/r", EnvSet: []string{"GH_REPO"},
			Known: map[string]string{"GH_REPO": "{owner}/{repo}"}},
			[]string{"1 gh secrets.GH_TOKEN via=env host=api.github.com gh=+1 args=[issue list] repos=me/r"}},
		{"gh api path named at run time", Input{Script: "gh api -X POST repos/$OTHER/dispatches -f event_type=x\ngh api \"/repos/${{ inputs.repo }}/issues\"", Cred: env("GH_TOKEN"), Repo: "me/r"},
			[]string{
				"1 gh secrets.GH_TOKEN via=env host=api.github.com gh=+1 args=[api -X POST repos/{OTHER}/dispatches -f event_type=x] repos=run-time:{OTHER}",
				"2 gh secrets.GH_TOKEN via=env host=api.github.com gh=+1 args=[api /repos/{inputs.repo}/issues] repos=run-time:{inputs.repo}",
			}},
		{"gh api on this repository", Input{Script: "gh api repos/{owner}/{repo}/issues/$N/labels -f labels[]=x\ngh api \"repos/$GITHUB_REPOSITORY/pulls/$PR\"\ngh api repos/${{ github.repository }}/pulls", Cred: env("GH_TOKEN"), Repo: "me/r"},
			[]string{
				"1 gh secrets.GH_TOKEN via=env host=api.github.com gh=+1 args=[api repos/{owner}/{repo}/issues/{N}/labels -f labels[]=x] repos=me/r",
				"2 gh secrets.GH_TOKEN via=env host=api.github.com gh=+1 args=[api repos/{owner}/{repo}/pulls/{PR}] repos=me/r",
				"3 gh secrets.GH_TOKEN via=env host=api.github.com gh=+1 args=[api repos/{owner}/{repo}/pulls] repos=me/r",
			}},
		{"a loop over literal repositories", Input{Script: "for repo in web docs; do\n  gh label clone acme/app --repo \"acme/$repo\" --force\n  curl -X POST " + auth + "https://api.github.com/repos/acme/$repo/dispatches\n  git push \"https://x:$T@github.com/acme/${repo}.git\" HEAD\ndone", Cred: env("GH_TOKEN", "T"), Repo: "acme/app"},
			[]string{
				"2 gh secrets.GH_TOKEN via=env host=api.github.com gh=+1 args=[label clone acme/app --repo acme/{repo} --force] repos=acme/docs,acme/web",
				"3 curl secrets.T via=header host=api.github.com gh=+1 op=rest:POST:/repos/acme/{repo}/dispatches repos=acme/docs,acme/web",
				"4 git secrets.T via=url host=github.com gh=+1 op=git:GIT:push repos=acme/docs,acme/web",
			}},
		{"a loop variable set again in the loop", Input{Script: "for repo in web docs; do\n  repo=$(pick \"$repo\")\n  gh issue list --repo \"acme/$repo\"\ndone", Cred: env("GH_TOKEN"), Repo: "acme/app"},
			[]string{"3 gh secrets.GH_TOKEN via=env host=api.github.com gh=+1 args=[issue list --repo acme/{repo}] repos=run-time:acme/{repo}"}},
		{"gh repo verb on a repository named at run time", Input{Script: "gh repo clone \"$OTHER\" out", Cred: env("GH_TOKEN"), Repo: "me/r"},
			[]string{"1 gh secrets.GH_TOKEN via=env host=api.github.com gh=+1 args=[repo clone {OTHER} out] repos=run-time:{OTHER}"}},
	})
}

func TestStoredForLater(t *testing.T) {
	runUseCases(t, []useCase{
		{"kubectl create secret keeps a token for the cluster's readers", Input{Script: `kubectl create secret generic git --from-literal=token="${GITHUB_TOKEN}" -n ci`, Cred: env("GITHUB_TOKEN")},
			[]string{"1 kubectl create secret secrets.GITHUB_TOKEN via=arg gh=+0 unresolved"}},
		{"vault kv put from stdin", Input{Script: `echo "$T" | vault kv put secret/ci token=-`, Cred: env("T")},
			[]string{"1 vault kv put secrets.T via=stdin gh=+0 unresolved"}},
		{"kubectl apply works with the cluster, a token in its environment is not stored", Input{Script: `kubectl apply -f deploy.yaml`, Cred: env("KUBE_TOKEN")},
			nil},
	})
}

func TestToolRepositoryFlag(t *testing.T) {
	runUseCases(t, []useCase{
		{"pulumictl dispatch to the repository -r names", Input{Script: `pulumictl dispatch -c update -r pulumi/docs v1.2.3`, Cred: env("GITHUB_TOKEN"), Repo: "pulumi/pulumi"},
			[]string{"1 pulumictl dispatch secrets.GITHUB_TOKEN via=env host=api.github.com gh=+1 repos=pulumi/docs unresolved"}},
		{"named at run time", Input{Script: `pulumictl dispatch --repo "$TARGET" x=y`, Cred: env("GITHUB_TOKEN"), Repo: "pulumi/pulumi"},
			[]string{"1 pulumictl dispatch secrets.GITHUB_TOKEN via=env host=api.github.com gh=+1 repos=run-time:{TARGET} unresolved"}},
		// cr names owner and repository in flags of their own.
		{"cr upload to the repository -o and -r name", Input{Script: `cr upload -o acme -r helm-charts --token "$T" --skip-existing`, Cred: env("T"), Repo: "acme/app"},
			[]string{"1 cr upload secrets.T via=arg host=api.github.com gh=+1 repos=acme/helm-charts unresolved"}},
		{"cr upload with the owner from its configuration", Input{Script: `cr upload -r helm-charts --token "$T"`, Cred: env("T"), Repo: "acme/app"},
			[]string{"1 cr upload secrets.T via=arg host=api.github.com gh=+1 repos=run-time:{CR_OWNER/CR_GIT_REPO} unresolved"}},
	})
}

func TestGHInAnotherCheckout(t *testing.T) {
	co := map[string]string{"winget-pkgs": "acme/winget-pkgs"}
	runUseCases(t, []useCase{
		{"gh pr create in a checkout of another repository", Input{Script: "cd winget-pkgs && gh pr create --fill", Cred: env("GH_TOKEN"), Repo: "acme/tool", RepoRoot: ".", Checkouts: co},
			[]string{"1 gh secrets.GH_TOKEN via=env host=api.github.com gh=+1 args=[pr create --fill] repos=acme/winget-pkgs"}},
		{"an upstream remote the script adds is gh's first", Input{Script: "cd winget-pkgs\ngit remote add upstream https://github.com/microsoft/winget-pkgs\ngh pr create --fill", Cred: env("GH_TOKEN"), Repo: "acme/tool", RepoRoot: ".", Checkouts: co},
			[]string{"3 gh secrets.GH_TOKEN via=env host=api.github.com gh=+1 args=[pr create --fill] repos=acme/winget-pkgs,microsoft/winget-pkgs"}},
		{"so is one an earlier step added", Input{Script: "cd winget-pkgs && gh pr create --fill", Cred: env("GH_TOKEN"), Repo: "acme/tool", RepoRoot: ".", Checkouts: co, Remotes: map[string]string{"upstream": "microsoft/winget-pkgs"}},
			[]string{"1 gh secrets.GH_TOKEN via=env host=api.github.com gh=+1 args=[pr create --fill] repos=acme/winget-pkgs,microsoft/winget-pkgs"}},
		{"one named at run time is named so", Input{Script: "cd winget-pkgs\ngit remote add upstream \"$UPSTREAM\"\ngh pr create --fill", Cred: env("GH_TOKEN"), Repo: "acme/tool", RepoRoot: ".", Checkouts: co},
			[]string{"3 gh secrets.GH_TOKEN via=env host=api.github.com gh=+1 args=[pr create --fill] repos=acme/winget-pkgs,run-time:{the repository of the git remote upstream}"}},
		{"a repository the script cloned", Input{Script: "git clone https://x-access-token:${GH_TOKEN}@github.com/acme/docs.git site\ncd site/content\ngh pr create --fill", Cred: env("GH_TOKEN"), Repo: "acme/tool", RepoRoot: "."},
			[]string{"1 git secrets.GH_TOKEN via=url host=github.com gh=+1 op=git:GIT:clone@acme/docs repos=acme/docs",
				"3 gh secrets.GH_TOKEN via=env host=api.github.com gh=+1 args=[pr create --fill] repos=acme/docs"}},
		{"into the folder named for it", Input{Script: "git clone https://github.com/acme/docs\ncd docs && gh release create v1", Cred: env("GH_TOKEN"), Repo: "acme/tool", RepoRoot: "."},
			[]string{"2 gh secrets.GH_TOKEN via=env host=api.github.com gh=+1 args=[release create v1] repos=acme/docs"}},
		{"a folder chosen at run time is not followed", Input{Script: "git clone https://github.com/acme/docs \"$DEST\"\ncd docs && gh release create v1", Cred: env("GH_TOKEN"), Repo: "acme/tool", RepoRoot: "."},
			[]string{"2 gh secrets.GH_TOKEN via=env host=api.github.com gh=+1 args=[release create v1]"}},
		{"with this repository checked out in a folder of its own", Input{Script: "cd winget-pkgs && gh pr create --fill\ngit push origin main", Cred: env("GH_TOKEN"), Persisted: []string{"secrets.P"}, PersistedDir: "winget-pkgs", Repo: "acme/tool", RepoRoot: "tool", Checkouts: co},
			[]string{"1 gh secrets.GH_TOKEN via=env host=api.github.com gh=+1 args=[pr create --fill] repos=acme/winget-pkgs",
				"2 git secrets.P via=persisted host=github.com gh=+1 op=git:GIT:push@acme/winget-pkgs repos=acme/winget-pkgs"}},
		{"gh issue list there works on that repository", Input{Script: "cd winget-pkgs/manifests\ngh issue list", Cred: env("GH_TOKEN"), Repo: "acme/tool", RepoRoot: ".", Checkouts: co},
			[]string{"2 gh secrets.GH_TOKEN via=env host=api.github.com gh=+1 args=[issue list] repos=acme/winget-pkgs"}},
		{"--repo names it", Input{Script: "cd winget-pkgs && gh pr create --fill -R microsoft/winget-pkgs", Cred: env("GH_TOKEN"), Repo: "acme/tool", RepoRoot: ".", Checkouts: co},
			[]string{"1 gh secrets.GH_TOKEN via=env host=api.github.com gh=+1 args=[pr create --fill -R microsoft/winget-pkgs] repos=microsoft/winget-pkgs"}},
		{"outside it, the workflow's repository", Input{Script: "gh pr create --fill", Cred: env("GH_TOKEN"), Repo: "acme/tool", RepoRoot: ".", Checkouts: co},
			[]string{"1 gh secrets.GH_TOKEN via=env host=api.github.com gh=+1 args=[pr create --fill]"}},
	})
}

func TestToolFixedRepository(t *testing.T) {
	runUseCases(t, []useCase{
		{"a target fixed in the tool's code", Input{Script: `pulumictl create docs-build pulumi-kubernetes v4.1.0`, Cred: env("GITHUB_TOKEN"), Repo: "pulumi/pulumi-kubernetes"},
			[]string{"1 pulumictl create docs-build secrets.GITHUB_TOKEN via=env host=api.github.com gh=+1 repos=pulumi/registry unresolved"}},
		{"a flag names another than the default", Input{Script: `pulumictl create cli-docs-build -d acme/docs v1.2.3`, Cred: env("GITHUB_TOKEN"), Repo: "pulumi/pulumi"},
			[]string{"1 pulumictl create cli-docs-build secrets.GITHUB_TOKEN via=env host=api.github.com gh=+1 repos=acme/docs unresolved"}},
	})
}

// TestGitPushTagsOnly: a push is tags-only when it sends refs/tags and no
// branch; a refspec that may name a branch keeps it a branch push.
func TestGitPushTagsOnly(t *testing.T) {
	for _, tc := range []struct {
		script string
		want   bool
	}{
		{`git push origin "refs/tags/$NEW_TAG"`, true},
		{`git push --tags`, true},
		{`git push origin --tags`, true},
		{`git push origin tag v1.2.3`, true},
		{`git push origin refs/tags/v1:refs/tags/v1 +refs/tags/latest`, true},
		{`git push origin main --tags`, false},
		{`git push --follow-tags`, false},
		{`git push origin v1.2.3`, false},
		// A name the script made a tag of is that tag.
		{"git tag -a -m \"v$V\" \"v$V\"\ngit push origin \"v$V\"", true},
		{"git tag \"$NEXT\"\ngit push -f https://x:$T@github.com/o/r \"$NEXT\"", true},
		{"git tag -d v1\ngit push origin v1", false},
		{`git push origin HEAD:refs/tags/v1 main`, false},
		{`git push --mirror`, false},
		{`git push origin :refs/tags/v1`, false},
		{`git push origin`, false},
		// A build tool's task whose row pushes tags and nothing else
		// (axion-release), and one that pushes its commit too.
		{`./gradlew markNextVersion -Prelease.incrementer=incrementMinor`, true},
		{`gradle pushRelease`, true},
		{`./gradlew release`, false},
	} {
		r := Analyze(Input{Script: tc.script, StartLine: 1, Persisted: []string{"secrets.PAT"}})
		if r.ParseError != nil || len(r.Uses) != 1 || len(r.Uses[0].Ops) != 1 {
			t.Errorf("%s: uses %v, parse error %v", tc.script, fmtUses(r.Uses), r.ParseError)
			continue
		}
		if got := r.Uses[0].Ops[0].TagsOnly; got != tc.want {
			t.Errorf("%s: TagsOnly = %v, want %v", tc.script, got, tc.want)
		}
	}
}

// TestHeadPushedByName: gh pr create finds the checked-out branch pushed
// under its own name, in this script or an earlier step's, as after
// --set-upstream; a branch checked out since, or another branch pushed,
// does not count.
func TestHeadPushedByName(t *testing.T) {
	for _, tc := range []struct {
		script, branch, pushed string
		want                   bool
	}{
		{"git checkout -b bump-$RUN\ngit commit -am bump\ngit push origin bump-$RUN\ngh pr create --fill", "", "", true},
		{"git switch -c bump\ngit push origin HEAD:bump\ngh pr create --fill", "", "", true},
		{"gh pr create --fill", "bump", "line 3: git push origin bump", true},
		{"git checkout -b other\ngh pr create --fill", "bump", "line 3: git push origin bump", false},
		{"git checkout -b bump\ngit push origin main\ngh pr create --fill", "", "", false},
		{"gh pr create --fill", "", "", false},
		// A branch renamed after it was checked out is pushed by its new name.
		{"git checkout -b \"$B\"\ngit branch -M \"$R\"\ngit push origin \"$R\"\ngh pr create --fill", "", "", true},
		{"git checkout -b a\ngit branch -m a b\ngit push origin b\ngh pr create --fill", "", "", true},
		{"git checkout -b a\ngit branch -m c b\ngit push origin b\ngh pr create --fill", "", "", false},
	} {
		r := Analyze(Input{Script: tc.script, StartLine: 1, Cred: map[string][]string{"GH_TOKEN": {"secrets.PAT"}}, Persisted: []string{"secrets.PAT"}, Head: Head{Branch: tc.branch, UpstreamPushed: tc.pushed}})
		got := false
		for _, u := range r.Uses {
			if u.Command == "gh" {
				got = got || u.HeadPushed != ""
			}
		}
		if got != tc.want {
			t.Errorf("%q (branch %q, pushed %q): head pushed %v, want %v", tc.script, tc.branch, tc.pushed, got, tc.want)
		}
	}
}

// TestCredValues: a variable whose env: value is a URL written around a
// credential's expression is read as that URL: a github.com repository
// (a push to it), or another host (not GitHub's).
func TestCredValues(t *testing.T) {
	for _, tc := range []struct {
		raw, script, want string
	}{
		{"https://bot:${{ secrets.TAP }}@github.com/acme/homebrew-tap.git", "git clone \"$REPO\" tap\ncd tap\ngit push origin master",
			"3 git secrets.TAP via=url host=github.com gh=+1 op=git:GIT:push@acme/homebrew-tap repos=acme/homebrew-tap"},
		{"https://cnb:${{ secrets.TAP }}@cnb.cool/acme/mirror.git", "git push -f --prune \"$REPO\" 'refs/heads/*:refs/heads/*'",
			"secrets.TAP via=url host=cnb.cool gh=-1"},
	} {
		r := Analyze(Input{Script: tc.script, StartLine: 1, Cred: map[string][]string{"REPO": {"secrets.TAP"}}, CredValues: map[string]string{"REPO": tc.raw}})
		got := strings.Join(fmtUses(r.Uses), "\n")
		if !strings.Contains(got, tc.want) {
			t.Errorf("%s with REPO=%s:\n got %s\nwant a use with %s", tc.script, tc.raw, got, tc.want)
		}
	}
}

// TestGitPushSkipsCI: a push of branches whose last commit says [skip ci]
// (or a like word) starts no workflow; a command between them that may
// commit, a merge, or a push that also sends tags keeps the trigger.
func TestGitPushSkipsCI(t *testing.T) {
	for _, tc := range []struct {
		script string
		in     string // Input.Head.SkipCI, from an earlier step
		want   bool
	}{
		{"git commit -m \"chore: update [skip ci]\"\ngit push", "", true},
		{"git commit -am \"[CI SKIP] bump\"\ngit pull --rebase\ngit push origin HEAD:main", "", true},
		{"git commit --message=\"docs [no ci]\"\necho done\ngit push", "", true},
		{"git commit -m \"release $V\"\ngit push", "", false},
		{"git commit -m \"x [skip ci]\"\nnpm version patch\ngit push", "", false},
		{"git commit -m \"x [skip ci]\"\ngit merge origin/dev\ngit push", "", false},
		{"git commit -m \"x [skip ci]\"\ngit pull\ngit push", "", false},
		{"git commit -m \"x [skip ci]\"\ngit push --follow-tags", "", false},
		{"git commit -m \"x [skip ci]\"\ngit commit --amend -m y\ngit push", "", false},
		{"git push origin HEAD:main", "line 3: its commit message holds [skip ci]", true},
		{"make release\ngit push origin HEAD:main", "line 3: its commit message holds [skip ci]", false},
	} {
		r := Analyze(Input{Script: tc.script, StartLine: 1, Persisted: []string{"secrets.PAT"}, Head: Head{SkipCI: tc.in}})
		if r.ParseError != nil || len(r.Uses) == 0 || len(r.Uses[len(r.Uses)-1].Ops) != 1 {
			t.Errorf("%s: uses %v, parse error %v", tc.script, fmtUses(r.Uses), r.ParseError)
			continue
		}
		if got := r.Uses[len(r.Uses)-1].Ops[0].SkipsCI != ""; got != tc.want {
			t.Errorf("%q: SkipsCI = %q, want set %v", tc.script, r.Uses[len(r.Uses)-1].Ops[0].SkipsCI, tc.want)
		}
	}
	r := Analyze(Input{Script: "git commit -m 'bump [skip ci]'", StartLine: 1})
	if r.Head.SkipCI == "" {
		t.Errorf("a script ending with a [skip ci] commit: Result.Head.SkipCI is empty")
	}
}

// TestGHPRCreateHeadPushed: gh pr create after a push that set the
// branch's upstream finds the branch pushed; without one, or with the push
// after it, gh may push the branch itself.
func TestGHPRCreateHeadPushed(t *testing.T) {
	for _, tc := range []struct {
		script string
		want   string
	}{
		{"git checkout -b bump\ngit push --set-upstream origin bump\ngh pr create --fill", "git push --set-upstream origin bump"},
		{"git push -u origin HEAD\ngh pr create --title t --body b", "git push -u origin HEAD"},
		{"git push origin bump\ngh pr create --fill", ""},
		{"gh pr create --fill\ngit push -u origin bump", ""},
		{"git push -u origin bump\ngh pr merge --auto", ""},
	} {
		r := Analyze(Input{Script: tc.script, StartLine: 1, Cred: env("GH_TOKEN")})
		got := ""
		for _, u := range r.Uses {
			if u.Command == "gh" {
				got = u.HeadPushed
			}
		}
		if got != tc.want {
			t.Errorf("%q: HeadPushed = %q, want %q", tc.script, got, tc.want)
		}
	}
}

// TestEval: eval runs its arguments as a script of this shell, with its
// positional parameters; a value not known stays a program known only at
// run time.
func TestEval(t *testing.T) {
	runUseCases(t, []useCase{
		{"eval of a known command line", Input{Script: "CMD=\"gh release create v1\"\neval $CMD", Cred: env("GH_TOKEN")},
			[]string{"2 gh secrets.GH_TOKEN via=env host=api.github.com gh=+1 args=[release create v1]"}},
		{"eval keeps the positional parameters", Input{Script: "rel() {\n  eval 'gh release create \"$1\"'\n}\nrel v2", Cred: env("GH_TOKEN")},
			[]string{"2 gh secrets.GH_TOKEN via=env host=api.github.com gh=+1 args=[release create v2]"}},
	})
}
