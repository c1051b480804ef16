package codeflow

import (
	"fmt"
	"strings"
	"testing"
)

func TestRouteShape(t *testing.T) {
	for in, want := range map[string]string{
		"POST /repos/{owner}/{repo}/pulls":                  "/repos/{}/{}/pulls",
		"https://api.github.com/repos/o/r/statuses/{x}?a=1": "/repos/o/r/statuses/{}",
		"https://ghe.example/api/v3/gists":                  "/gists",
		"https://api.github.com":                            "/",
		"/user":                                             "/user",
	} {
		if got := RouteShape(in); got != want {
			t.Errorf("RouteShape(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestUnattributed(t *testing.T) {
	strs := []Text{
		{1, "https://api.github.com"},               // a base URL: any request
		{2, "POST /gists"},                          // no request sends it
		{3, "/repos/{owner}/{repo}/statuses/{sha}"}, // sent at line 9 in another shape of holes
		{4, "git push origin main"},                 // run at line 4
		{5, "git push --tags"},                      // another push is run: attributed
		{6, "hello /repos"},                         // not a route
		{7, "DELETE /repos/o/r/git/refs/x"},         // no request sends it
	}
	routes := []Text{{9, "POST /repos/o/r/statuses/{commit}"}}
	cmds := []Command{{Line: 4, Text: "git push origin main"}}
	var got []string
	for _, f := range Unattributed(strs, routes, cmds) {
		got = append(got, fmt.Sprintf("%d %s", f.Line, f.Evidence))
	}
	want := "2 POST /gists\n7 DELETE /repos/o/r/git/refs/x"
	if strings.Join(got, "\n") != want {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), want)
	}
	if got := Unattributed([]Text{{1, "git push"}}, nil, nil); len(got) != 1 {
		t.Errorf("a push no command runs: %v", got)
	}
}
