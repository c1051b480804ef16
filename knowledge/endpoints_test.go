package knowledge

import (
	"strings"
	"testing"
)

func TestMatchEndpoint(t *testing.T) {
	tests := []struct {
		name      string
		method    string
		path      string
		template  string // "" means no match
		perms     string // Permissions().String()
		s2s       bool
		ambiguous bool
	}{
		{"concrete", "POST", "/repos/acme/web/issues/12/labels", "/repos/{owner}/{repo}/issues/{issue_number}/labels", "issues:write,pull_requests:write", true, false},
		{"templated", "post", "/repos/{owner}/{repo}/issues/{issue_number}/labels", "/repos/{owner}/{repo}/issues/{issue_number}/labels", "issues:write,pull_requests:write", true, false},
		{"other placeholder names", "POST", "/repos/{o}/{r}/issues/{n}/labels", "/repos/{owner}/{repo}/issues/{issue_number}/labels", "issues:write,pull_requests:write", true, false},
		{"octokit colon params", "POST", "/repos/:owner/:repo/issues/:issue_number/comments", "/repos/{owner}/{repo}/issues/{issue_number}/comments", "issues:write,pull_requests:write", true, false},
		{"no leading slash", "POST", "repos/o/r/dispatches", "/repos/{owner}/{repo}/dispatches", "contents:write", true, false},
		{"full URL", "POST", "https://api.github.com/repos/o/r/dispatches", "/repos/{owner}/{repo}/dispatches", "contents:write", true, false},
		{"GHES URL", "POST", "https://ghe.example.com/api/v3/repos/o/r/dispatches", "/repos/{owner}/{repo}/dispatches", "contents:write", true, false},
		{"uploads host", "POST", "https://uploads.github.com/repos/o/r/releases/7/assets?name=x.zip", "/repos/{owner}/{repo}/releases/{release_id}/assets", "contents:write", true, false},
		{"query string and trailing slash", "GET", "/repos/o/r/pulls/?state=open&per_page=100", "/repos/{owner}/{repo}/pulls", "pull_requests:read", true, false},
		{"literal beats placeholder", "GET", "/repos/o/r/releases/latest", "/repos/{owner}/{repo}/releases/latest", "contents:read", true, false},
		{"placeholder when literal differs", "GET", "/repos/o/r/releases/42", "/repos/{owner}/{repo}/releases/{release_id}", "contents:read", true, false},
		{"case-insensitive literal", "GET", "/Repos/o/r/Pulls", "/repos/{owner}/{repo}/pulls", "pull_requests:read", true, false},
		{"contents multi-segment path", "PUT", "/repos/o/r/contents/docs/a/b.md", "/repos/{owner}/{repo}/contents/{path}", "contents:write,workflows:write", true, false},
		{"git ref with slash", "PATCH", "/repos/o/r/git/refs/heads/feature/x", "/repos/{owner}/{repo}/git/refs/{ref}", "contents:write,workflows:write", true, false},
		{"commit status beats wildcard ref", "GET", "/repos/o/r/commits/abc/status", "/repos/{owner}/{repo}/commits/{ref}/status", "statuses:read", true, false},
		{"ref with slash", "GET", "/repos/o/r/commits/release/1.0", "/repos/{owner}/{repo}/commits/{ref}", "contents:read", true, false},
		{"workflow dispatch", "POST", "/repos/o/r/actions/workflows/ci.yml/dispatches", "/repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches", "actions:write", true, false},
		{"user-to-server only", "POST", "/gists", "/gists", "gists:write", false, false},
		{"method mismatch", "DELETE", "/repos/o/r/dispatches", "", "", false, false},
		{"unknown method", "BREW", "/repos/o/r", "", "", false, false},
		{"unknown path", "GET", "/nope/at/all", "", "", false, false},
		{"too long", "POST", "/repos/o/r/dispatches/extra", "", "", false, false},
		{"empty path", "GET", "", "", "", false, false},
		{"expression segments", "POST", "/repos/${{ github.repository_owner }}/$REPO/issues/${{ github.event.number }}/comments", "/repos/{owner}/{repo}/issues/{issue_number}/comments", "issues:write,pull_requests:write", true, false},
		{"one placeholder for owner/repo", "POST", "/repos/{upstream}/pulls", "/repos/{owner}/{repo}/pulls", "pull_requests:write", true, false},
		{"expression for owner/repo", "POST", "https://api.github.com/repos/${{ github.repository }}/dispatches", "/repos/{owner}/{repo}/dispatches", "contents:write", true, false},
		{"owner/repo placeholder before a longer route", "POST", "repos/${REPO}/issues/comments/${COMMENT_ID}/reactions", "/repos/{owner}/{repo}/issues/comments/{comment_id}/reactions", "issues:write", true, false},
		{"owner placeholder before a repository's name", "GET", "/repos/$OWNER/web/pulls", "/repos/{owner}/{repo}/pulls", "pull_requests:read", true, false},
		{"placeholder for literal", "POST", "/repos/{owner}/{repo}/{kind}/dispatches", "", "", false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, ok := MatchEndpoint(tt.method, tt.path)
			if tt.template == "" && !tt.ambiguous {
				if ok {
					t.Fatalf("MatchEndpoint(%s, %q) = %s, want no match", tt.method, tt.path, m.Template)
				}
				return
			}
			if !ok {
				t.Fatalf("MatchEndpoint(%s, %q) found nothing", tt.method, tt.path)
			}
			if tt.ambiguous {
				if !m.Ambiguous {
					t.Errorf("MatchEndpoint(%s, %q) = %s, want Ambiguous", tt.method, tt.path, m.Template)
				}
				return
			}
			if m.Template != tt.template || m.Ambiguous {
				t.Errorf("MatchEndpoint(%s, %q) = %s (ambiguous %t), want %s", tt.method, tt.path, m.Template, m.Ambiguous, tt.template)
			}
			if got := m.Permissions().String(); got != tt.perms {
				t.Errorf("permissions = %q, want %q", got, tt.perms)
			}
			if m.ServerToServer != tt.s2s {
				t.Errorf("ServerToServer = %t, want %t", m.ServerToServer, tt.s2s)
			}
			if m.Method != strings.ToUpper(tt.method) {
				t.Errorf("Method = %q", m.Method)
			}
		})
	}
}

// TestMatchEndpointEqualSpecificity checks that two templates matching with
// the same number of literals are reported as ambiguous, first listed
// wins, and that a path whose every segment is known only at run time
// matches nothing: it fits any route of its length.
func TestMatchEndpointEqualSpecificity(t *testing.T) {
	// /users/{username}/{x} routes all have the literal first segment:
	// a placeholder second segment takes a literal of several of them.
	m, ok := MatchEndpoint("GET", "/users/{a}/{b}")
	if !ok || !m.Ambiguous {
		t.Fatalf("MatchEndpoint(GET, /users/{a}/{b}) = %+v, %t; want an ambiguous match", m.Template, ok)
	}
	m2, _ := MatchEndpoint("GET", "/users/{a}/{b}")
	if m2.Template != m.Template {
		t.Errorf("ambiguous result not stable: %s then %s", m.Template, m2.Template)
	}
	for _, p := range []string{"/{a}/{b}", "/{path}"} {
		if m, ok := MatchEndpoint("POST", p); ok {
			t.Errorf("MatchEndpoint(POST, %s) = %s; want no match", p, m.Template)
		}
	}
}

// TestEveryTemplateMatchesItself checks that each docs template, given
// back as input, finds itself without ambiguity.
func TestEveryTemplateMatchesItself(t *testing.T) {
	for _, r := range EndpointRows() {
		m, ok := MatchEndpoint(r.Method, r.Path)
		if !ok || m.Template != r.Path || m.Ambiguous {
			t.Errorf("MatchEndpoint(%s, %s) = %s, ok %t, ambiguous %t", r.Method, r.Path, m.Template, ok, m.Ambiguous)
		}
	}
}

func TestMatchEndpointRetired(t *testing.T) {
	m, ok := MatchEndpoint("POST", "/projects/columns/9/cards")
	if !ok || !m.Retired || m.OperationID != "" {
		t.Errorf("classic project card = %+v, %t; want Retired", m, ok)
	}
	m, ok = MatchEndpoint("POST", "/repos/o/r/dispatches")
	if !ok || m.Retired || m.OperationID != "repos/create-dispatch-event" {
		t.Errorf("dispatches = %+v, %t", m, ok)
	}
}

func TestMinimalPermissions(t *testing.T) {
	m, _ := MatchEndpoint("POST", "/repos/o/r/issues/1/comments")
	if !m.EitherIssuesOrPullRequests() {
		t.Fatal("issue comments should be shared by issues and pull_requests")
	}
	if got := m.MinimalPermissions(false, false).String(); got != "issues:write" {
		t.Errorf("on an issue: %q", got)
	}
	if got := m.MinimalPermissions(true, false).String(); got != "pull_requests:write" {
		t.Errorf("on a pull request: %q", got)
	}
	m, _ = MatchEndpoint("PUT", "/repos/o/r/contents/.github/workflows/ci.yml")
	if !m.WorkflowsConditional() {
		t.Fatal("contents PUT should list workflows conditionally")
	}
	if got := m.MinimalPermissions(false, false).String(); got != "contents:write" {
		t.Errorf("plain file: %q", got)
	}
	if got := m.MinimalPermissions(false, true).String(); got != "contents:write,workflows:write" {
		t.Errorf("workflow file: %q", got)
	}
	m, _ = MatchEndpoint("POST", "/repos/o/r/dispatches")
	if m.EitherIssuesOrPullRequests() || m.WorkflowsConditional() {
		t.Error("dispatches has a single permission")
	}
}

func TestNormalizePath(t *testing.T) {
	for in, want := range map[string]string{
		"repos/o/r":                            "/repos/o/r",
		"/repos/o/r/":                          "/repos/o/r",
		"https://api.github.com/repos/o/r?x=1": "/repos/o/r",
		"http://ghe.local/api/v3/user":         "/user",
		"https://api.github.com":               "/",
		"//repos//o":                           "/repos/o",
		"/repos/:owner/:repo#frag":             "/repos/{owner}/{repo}",
		"/repos/${{ github.repository }}/x":    "/repos/{github.repository}/x",
		"/repos/$OWNER/${REPO}/v${V}":          "/repos/{OWNER}/{REPO}/{vV}",
		"/a/$/b":                               "/a/{var}/b",
		"":                                     "/",
	} {
		if got := NormalizePath(in); got != want {
			t.Errorf("NormalizePath(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzMatchEndpoint(f *testing.F) {
	for _, s := range []string{"/repos/acme/web/issues/12/labels", "repos/{owner}/{repo}/contents/a/b", "https://api.github.com/x?y", "/{a}/{b}/{c}", "", "///", "/repos/o/r/git/refs/heads/a/b/c"} {
		f.Add("GET", s)
		f.Add("post", s)
	}
	f.Fuzz(func(t *testing.T, method, path string) {
		m, ok := MatchEndpoint(method, path)
		if !ok {
			return
		}
		if len(m.Rows) == 0 {
			t.Fatalf("match %s %s has no rows", m.Method, m.Template)
		}
		for _, r := range m.Rows {
			if r.Method != m.Method || r.Path != m.Template {
				t.Fatalf("row %s %s under match %s %s", r.Method, r.Path, m.Method, m.Template)
			}
		}
		// The matched template, given back, finds itself.
		again, ok := MatchEndpoint(m.Method, m.Template)
		if !ok || again.Template != m.Template {
			t.Fatalf("template %s does not match itself: %s", m.Template, again.Template)
		}
	})
}

func BenchmarkMatchEndpoint(b *testing.B) {
	paths := []string{
		"/repos/acme/web/issues/12/labels",
		"https://api.github.com/repos/acme/web/contents/docs/readme.md?ref=main",
		"/repos/{owner}/{repo}/pulls/{pull_number}/merge",
		"/orgs/acme/actions/secrets/FOO",
		"/nope/nothing",
	}
	methods := []string{"POST", "GET", "PUT", "PUT", "GET"}
	MatchEndpoint("GET", "/") // build the index outside the timer
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		MatchEndpoint(methods[i%len(paths)], paths[i%len(paths)])
	}
}

func TestIsRepoSubresource(t *testing.T) {
	for seg, want := range map[string]bool{"issues": true, "Pulls": true, "contents": true, "dispatches": true, "acme": false, "web": false, "": false} {
		if got := IsRepoSubresource(seg); got != want {
			t.Errorf("IsRepoSubresource(%q) = %v, want %v", seg, got, want)
		}
	}
}
