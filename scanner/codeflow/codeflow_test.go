package codeflow

import "testing"

func TestSplitURL(t *testing.T) {
	cases := []struct{ in, host, path string }{
		{"https://api.github.com/repos/a/b/pulls?state=open", "api.github.com", "/repos/a/b/pulls"},
		{"https://GHE.example.com/api/v3/repos/a/b", "api.github.com", "/repos/a/b"},
		{"https://github.acme.com/api/v3/user", "api.github.com", "/user"},
		{"https://readthedocs.org/api/v3/projects/x/sync-versions/", "readthedocs.org", "/api/v3/projects/x/sync-versions/"},
		{"http://hooks.slack.com/x#y", "hooks.slack.com", "/x"},
		{"/repos/a/b", "", "/repos/a/b"},
	}
	for _, c := range cases {
		if h, p := SplitURL(c.in); h != c.host || p != c.path {
			t.Errorf("SplitURL(%q) = %q, %q; want %q, %q", c.in, h, p, c.host, c.path)
		}
	}
}

func TestRepoOfPathAndQuote(t *testing.T) {
	if RepoOfPath("/repos/acme/demo/issues") != "acme/demo" || RepoOfPath("/repos/{owner}/demo") != "" || RepoOfPath("/user") != "" {
		t.Error("RepoOfPath")
	}
	if ShellQuote("v1") != "v1" || ShellQuote("a b") != "'a b'" || ShellQuote("it's") != `'it'\''s'` || ShellQuote("") != "''" {
		t.Error("ShellQuote")
	}
	if got := Union([]string{"a"}, "b", "a", "c"); len(got) != 3 {
		t.Errorf("Union = %v", got)
	}
}

func TestCommandHoleAndRendering(t *testing.T) {
	c := Command{Line: 3, Inherit: false}
	c.Text = "gh pr merge " + c.Hole("__x1", []string{SourceArg + "1"}, "{n}") + " " + c.Hole("__x2", nil, "{m}")
	c.Env = map[string][]string{"GH_TOKEN": {SourceEnv + "PAT"}}
	want := `cmd 3 gh pr merge "$__x1" "$__x2" $__x1=arg:1 env GH_TOKEN=env:PAT (no inherit)`
	if got := c.String(); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	if c.Shown["__x2"] != "{m}" || c.Vars["__x2"] != nil {
		t.Errorf("Shown %v Vars %v", c.Shown, c.Vars)
	}
	r := Request{File: "a.go", Line: 7, Method: "POST", Path: "/repos/a/b/pulls", Host: "api.github.com", Repo: "a/b", Auth: []string{EnvAll}}
	if got := r.String(); got != "call a.go:7 POST /repos/a/b/pulls repo=a/b auth=env:*" {
		t.Errorf("Request.String() = %s", got)
	}
	if got := (Flow{Line: 2, Sources: []string{"env:T"}, Evidence: "f(t)"}).String(); got != "flow 2 env:T f(t)" {
		t.Errorf("Flow.String() = %s", got)
	}
}

func TestRunnerURLPart(t *testing.T) {
	for in, want := range map[string]string{"GITHUB_REPOSITORY": "{owner}/{repo}", "GITHUB_REPOSITORY_OWNER": "{owner}", "GITHUB_API_URL": "https://api.github.com", "OTHER": ""} {
		got, ok := RunnerURLPart([]string{SourceArg + "1", SourceEnv + in})
		if got != want || ok != (want != "") {
			t.Errorf("RunnerURLPart(%s) = %q, %v", in, got, ok)
		}
	}
}
