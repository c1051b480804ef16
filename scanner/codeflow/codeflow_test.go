package codeflow

import "testing"

func TestSplitURL(t *testing.T) {
	cases := []struct{ in, host, path string }{
		{"https://api.github.com/repos/a/b/pulls?state=open", "api.github.com", "/repos/a/b/pulls"},
		{"https://GHE.example.com/api/v3/repos/a/b", "api.github.com", "/repos/a/b"},
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
