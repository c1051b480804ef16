package knowledge_test

import (
	"fmt"

	"github.com/pat2app/pat2app/knowledge"
)

func ExampleMatchEndpoint() {
	m, ok := knowledge.MatchEndpoint("post", "https://api.github.com/repos/acme/web/issues/12/labels?x=1")
	fmt.Println(ok, m.Template, m.Ambiguous)
	fmt.Println(m.Permissions(), "or, on an issue:", m.MinimalPermissions(false, false))
	// Output:
	// true /repos/{owner}/{repo}/issues/{issue_number}/labels false
	// issues:write,pull_requests:write or, on an issue: issues:write
}

func ExampleMatchGH() {
	c, _ := knowledge.MatchGH([]string{"pr", "merge", "--auto", "--squash", "123"})
	fmt.Println(c.Command, "->", c.Permissions)
	// Output: gh pr merge --auto -> contents:write,pull_requests:write
}

func ExampleParseGHAPI() {
	call, _ := knowledge.ParseGHAPI([]string{"repos/{owner}/{repo}/dispatches", "-f", "event_type=deploy"})
	m, _ := knowledge.MatchEndpoint(call.Method, call.Path)
	fmt.Println(call.Method, call.Path, "->", m.Permissions())
	// Output: POST /repos/{owner}/{repo}/dispatches -> contents:write
}

func ExampleRestMethod() {
	op, _ := knowledge.RestMethod("issues", "addLabels")
	fmt.Println(op.ID, op.Method, op.Path)
	// Output: issues/add-labels POST /repos/{owner}/{repo}/issues/{issue_number}/labels
}

func ExampleGitHubTokenScope() {
	for _, p := range []string{"pull_requests", "workflows"} {
		scope, ok := knowledge.GitHubTokenScope(p)
		fmt.Printf("%s: %q %t\n", p, scope, ok)
	}
	// Output:
	// pull_requests: "pull-requests" true
	// workflows: "" false
}
