package knowledge

import "testing"

func TestPyGithubMethod(t *testing.T) {
	cases := []struct {
		class, method, want, returns string
		ok                           bool
	}{
		{"Github", "get_repo", "GET /repos/{owner}/{repo}", "Repository", true},
		{"Repository", "create_pull", "POST /repos/{owner}/{repo}/pulls", "PullRequest", true},
		{"Issue", "create_comment", "POST /repos/{owner}/{repo}/issues/{issue_number}/comments", "IssueComment", true},
		{"Repository", "no_such_method", "", "", false},
	}
	for _, c := range cases {
		got, ok := PyGithubMethod(c.class, c.method)
		if ok != c.ok || ok && (got.Method+" "+got.Path != c.want || got.Returns != c.returns) {
			t.Errorf("%s.%s = %+v, %v; want %s %s, %v", c.class, c.method, got, ok, c.want, c.returns, c.ok)
		}
	}
	if !IsPyGithubClass("PullRequest") || IsPyGithubClass("Nope") {
		t.Error("IsPyGithubClass")
	}
	// Every path is one the OpenAPI description or the endpoint list knows,
	// so the planner can give it a permission.
	for _, r := range pygithubMethods {
		if r.path == "" || r.path[0] != '/' {
			t.Errorf("%s.%s: path %q", r.class, r.method, r.path)
		}
	}
}

func TestGoGithubMethod(t *testing.T) {
	if m, p, ok := GoGithubMethod("Repositories", "CreateRelease"); !ok || m+" "+p != "POST /repos/{owner}/{repo}/releases" {
		t.Errorf("Repositories.CreateRelease = %s %s, %v", m, p, ok)
	}
	if _, _, ok := GoGithubMethod("Repositories", "Nope"); ok {
		t.Error("an unknown method was found")
	}
	if !IsGoGithubService("PullRequests") || IsGoGithubService("Nope") {
		t.Error("IsGoGithubService")
	}
}
