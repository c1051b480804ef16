package knowledge

import (
	"reflect"
	"strings"
	"testing"
)

func TestMatchGH(t *testing.T) {
	tests := []struct {
		args  string
		want  string // "" = no match
		perms string
	}{
		{"pr merge --auto --squash 123", "gh pr merge --auto", "contents:write,pull_requests:write"},
		{"pr merge 123 --squash", "gh pr merge", "contents:write,pull_requests:read"},
		{"pr merge --squash --auto=true 12", "gh pr merge --auto", "contents:write,pull_requests:write"},
		{"pr merge -d 12", "gh pr merge --delete-branch", ""},
		{"pr review --approve 5", "gh pr review --approve", ""},
		{"pr review -a 5", "gh pr review --approve", ""},
		{"pr edit 5 --add-label bug", "gh pr edit --add-label", ""},
		{"pr edit 5 --title x", "gh pr edit", ""},
		{"secret set FOO --org acme --body x", "gh secret set --org", ""},
		{"secret set FOO -o acme", "gh secret set --org", ""},
		{"secret set FOO --app dependabot", "gh secret set --app dependabot", "dependabot_secrets:write"},
		{"secret set FOO --app=Dependabot", "gh secret set --app dependabot", "dependabot_secrets:write"},
		{"secret set FOO --app actions", "gh secret set", ""},
		{"secret set FOO --user", "gh secret set --user", ""},
		{"repo deploy-key add key.pub", "gh repo deploy-key add", ""},
		{"api repos/o/r/dispatches -f event_type=x", "gh api", ""},
		{"api graphql -f query=x", "gh api graphql", ""},
		{"release create v1 --generate-notes", "gh release create", ""},
		{"release create v1 --draft", "gh release create --draft", ""},
		{"release create v1 --draft=false", "gh release create", ""},
		{"release create v1 --draft=FALSE --verify-tag", "gh release create --verify-tag", ""},
		{"release edit v1 --draft=false", "gh release edit --draft false", ""},
		{"release edit v1 --draft false --repo o/r", "gh release edit --draft false", ""},
		{"release edit v1 --draft=true", "gh release edit", ""},
		{"release edit v1 --notes x", "gh release edit", ""},
		{"workflow run ci.yml --ref main", "gh workflow run", ""},
		{"pr --repo o/r merge 1", "gh pr merge", ""},
		{"PR MERGE 1", "gh pr merge", ""},
		{"pr ls --state open", "gh pr list", ""},
		{"issue new --title x", "gh issue create", ""},
		{"secret remove FOO", "gh secret delete", ""},
		{"pr", "", ""},
		{"frobnicate now", "", ""},
		{"", "", ""},
	}
	for _, tt := range tests {
		got, ok := MatchGH(strings.Fields(tt.args))
		if tt.want == "" {
			if ok {
				t.Errorf("MatchGH(%q) = %q, want no match", tt.args, got.Command)
			}
			continue
		}
		if !ok || got.Command != tt.want {
			t.Errorf("MatchGH(%q) = %q, %t; want %q", tt.args, got.Command, ok, tt.want)
			continue
		}
		if tt.perms != "" && got.Permissions.String() != tt.perms {
			t.Errorf("MatchGH(%q) permissions = %q, want %q", tt.args, got.Permissions, tt.perms)
		}
	}
}

func TestMatchGHFlags(t *testing.T) {
	c, _ := MatchGH([]string{"secret", "set", "X", "--user"})
	if !c.Unavailable || c.Dynamic {
		t.Errorf("gh secret set --user: Unavailable %t Dynamic %t", c.Unavailable, c.Dynamic)
	}
	for _, args := range [][]string{{"gist", "create", "a.md"}, {"gist", "edit", "abc", "-f", "a.md"}, {"gist", "delete", "abc"}} {
		if c, ok := MatchGH(args); !ok || !c.Unavailable {
			t.Errorf("gh %v: matched %t, Unavailable %t; want a gist write no installation token can do", args, ok, c.Unavailable)
		}
	}
	c, _ = MatchGH([]string{"api", "/user"})
	if !c.Dynamic || c.Unavailable {
		t.Errorf("gh api: Unavailable %t Dynamic %t", c.Unavailable, c.Dynamic)
	}
	c, _ = MatchGH([]string{"pr", "create"})
	if c.Dynamic || c.Unavailable || c.API == "" || c.Notes == "" {
		t.Errorf("gh pr create: %+v", c)
	}
}

func TestMatchGHAll(t *testing.T) {
	all := MatchGHAll(strings.Fields("pr merge --delete-branch --auto 7"))
	var names []string
	for _, c := range all {
		names = append(names, c.Command)
	}
	want := []string{"gh pr merge --auto", "gh pr merge --delete-branch", "gh pr merge"}
	if !reflect.DeepEqual(names, want) {
		t.Errorf("MatchGHAll = %q, want %q", names, want)
	}
	if got := MatchGHAll([]string{"nothing"}); len(got) != 0 {
		t.Errorf("MatchGHAll(nothing) = %v", got)
	}
}

func TestParseGHAPI(t *testing.T) {
	tests := []struct {
		args    []string
		want    GHAPICall
		wantErr bool
	}{
		{[]string{"repos/o/r/dispatches", "-f", "event_type=deploy"},
			GHAPICall{Method: "POST", Path: "/repos/o/r/dispatches", Fields: map[string]string{"event_type": "deploy"}}, false},
		{[]string{"/repos/{owner}/{repo}/pulls"},
			GHAPICall{Method: "GET", Path: "/repos/{owner}/{repo}/pulls", Fields: map[string]string{}}, false},
		{[]string{"https://api.github.com/repos/o/r/pulls/1/commits"},
			GHAPICall{Method: "GET", Path: "/repos/o/r/pulls/1/commits", Fields: map[string]string{}}, false},
		{[]string{"https://ghe.example.com/api/v3/repos/o/r"},
			GHAPICall{Method: "GET", Path: "https://ghe.example.com/api/v3/repos/o/r", Fields: map[string]string{}}, false},
		{[]string{"-X", "patch", "repos/o/r/issues/1", "-F", "state=closed"},
			GHAPICall{Method: "PATCH", Path: "/repos/o/r/issues/1", Fields: map[string]string{"state": "closed"}}, false},
		{[]string{"--method=DELETE", "repos/o/r/git/refs/heads/x"},
			GHAPICall{Method: "DELETE", Path: "/repos/o/r/git/refs/heads/x", Fields: map[string]string{}}, false},
		{[]string{"-XPUT", "repos/o/r/topics", "--input", "body.json"},
			GHAPICall{Method: "PUT", Path: "/repos/o/r/topics", Fields: map[string]string{}}, false},
		{[]string{"repos/o/r/releases", "--input", "-"},
			GHAPICall{Method: "POST", Path: "/repos/o/r/releases", Fields: map[string]string{}}, false},
		{[]string{"--paginate", "-H", "Accept: application/vnd.github+json", "repos/o/r/issues", "--jq", ".[].number"},
			GHAPICall{Method: "GET", Path: "/repos/o/r/issues", Fields: map[string]string{}}, false},
		{[]string{"-X", "GET", "search/issues", "-f", "q=repo:o/r is:open"},
			GHAPICall{Method: "GET", Path: "/search/issues", Fields: map[string]string{"q": "repo:o/r is:open"}}, false},
		{[]string{"graphql", "-f", "query=mutation { addComment(input:{}) { clientMutationId } }", "-F", "id=1"},
			GHAPICall{Method: "POST", Path: "/graphql", IsGraphQL: true, Query: "mutation { addComment(input:{}) { clientMutationId } }",
				Fields: map[string]string{"query": "mutation { addComment(input:{}) { clientMutationId } }", "id": "1"}}, false},
		{[]string{"graphql", "-F", "query=@q.graphql"},
			GHAPICall{Method: "POST", Path: "/graphql", IsGraphQL: true, QueryFile: "q.graphql", Fields: map[string]string{"query": "@q.graphql"}}, false},
		{[]string{"graphql", "--raw-field=query=@literal"},
			GHAPICall{Method: "POST", Path: "/graphql", IsGraphQL: true, Query: "@literal", Fields: map[string]string{"query": "@literal"}}, false},
		{[]string{"-fquery=q", "graphql"},
			GHAPICall{Method: "POST", Path: "/graphql", IsGraphQL: true, Query: "q", Fields: map[string]string{"query": "q"}}, false},
		{[]string{"https://api.github.com/repos/o/r"},
			GHAPICall{Method: "GET", Path: "/repos/o/r", Fields: map[string]string{}}, false},
		{[]string{"--", "repos/o/r"},
			GHAPICall{Method: "GET", Path: "/repos/o/r", Fields: map[string]string{}}, false},
		{[]string{}, GHAPICall{}, true},
		{[]string{"--paginate"}, GHAPICall{}, true},
		{[]string{"repos/o/r", "-X"}, GHAPICall{}, true},
		{[]string{"repos/o/r", "-X", ""}, GHAPICall{}, true},
	}
	for _, tt := range tests {
		got, err := ParseGHAPI(tt.args)
		if tt.wantErr {
			if err == nil {
				t.Errorf("ParseGHAPI(%q) = %+v, want an error", tt.args, got)
			}
			continue
		}
		if err != nil {
			t.Errorf("ParseGHAPI(%q): %v", tt.args, err)
			continue
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("ParseGHAPI(%q)\n got  %+v\n want %+v", tt.args, got, tt.want)
		}
	}
}

func FuzzMatchGH(f *testing.F) {
	for _, s := range []string{"pr merge --auto 1", "secret set X --app=dependabot", "api graphql", "--", "- -- ---", "pr --repo"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		args := strings.Fields(s)
		c, ok := MatchGH(args)
		all := MatchGHAll(args)
		if ok != (len(all) > 0) {
			t.Fatalf("MatchGH ok %t but MatchGHAll has %d", ok, len(all))
		}
		if ok && all[0].Command != c.Command {
			t.Fatalf("MatchGH %q, MatchGHAll first %q", c.Command, all[0].Command)
		}
	})
}

func FuzzParseGHAPI(f *testing.F) {
	for _, s := range []string{"repos/o/r -f a=b", "graphql -F query=@x", "-X", "-XPOST x", "-- x", "--input - x -H h"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseGHAPI(strings.Fields(s))
		if err != nil {
			return
		}
		if c.Method == "" || c.Path == "" || c.Fields == nil {
			t.Fatalf("ParseGHAPI(%q) = %+v", s, c)
		}
		if c.IsGraphQL != (c.Path == "/graphql") {
			t.Fatalf("ParseGHAPI(%q): IsGraphQL %t, path %q", s, c.IsGraphQL, c.Path)
		}
		if c.Query != "" && c.QueryFile != "" {
			t.Fatalf("ParseGHAPI(%q): both Query and QueryFile", s)
		}
	})
}
