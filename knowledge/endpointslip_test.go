package knowledge

import (
	"reflect"
	"slices"
	"strings"
	"testing"
)

func TestMatchEndpointNumberSlip(t *testing.T) {
	cases := []struct {
		name, method, path string
		// want is "METHOD template" of the route planned, "" for none.
		want, written, documented string
	}{
		{"pull for pulls", "POST", "https://api.github.com/repos/${GITHUB_REPOSITORY}/pull/${N}/comments", "POST /repos/{owner}/{repo}/pulls/{pull_number}/comments", "pull", "pulls"},
		{"issue for issues", "POST", "/repos/acme/web/issue/12/labels", "POST /repos/{owner}/{repo}/issues/{issue_number}/labels", "issue", "issues"},
		{"label for labels", "POST", "/repos/acme/web/issues/12/label", "POST /repos/{owner}/{repo}/issues/{issue_number}/labels", "label", "labels"},
		{"comment for comments", "POST", "/repos/acme/web/issues/12/comment", "POST /repos/{owner}/{repo}/issues/{issue_number}/comments", "comment", "comments"},
		{"release for releases", "GET", "/repos/acme/web/release/latest", "GET /repos/{owner}/{repo}/releases/latest", "release", "releases"},
		{"plural for singular", "GET", "/repos/acme/web/commits/abc/statuses", "", "", ""},
		{"branch for branches (es)", "GET", "/repos/acme/web/branch/main/protection", "GET /repos/{owner}/{repo}/branches/{branch}/protection", "branch", "branches"},
		{"repository for repositories (ies)", "GET", "/orgs/acme/installation/repository", "", "", ""},
		{"case kept as written", "PATCH", "/repos/acme/web/Release/7", "PATCH /repos/{owner}/{repo}/releases/{release_id}", "Release", "releases"},
		{"placeholder owner/repo", "POST", "/repos/${{ github.repository }}/pull/3/requested_reviewers", "POST /repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers", "pull", "pulls"},
		{"two slips are not one", "POST", "/repos/acme/web/issue/12/label", "", "", ""},
		{"documented path is no slip", "POST", "/repos/acme/web/pulls/3/comments", "", "", ""},
		{"no route either way", "GET", "/repos/acme/web/widget/3", "", "", ""},
		{"method decides", "POST", "/repos/acme/web/release/latest", "", "", ""},
		{"a placeholder is never changed", "GET", "/repos/acme/web/issues/{issue}s", "", "", ""},
		{"no loose second guess", "GET", "/users/{username}/repo", "GET /users/{username}/repos", "repo", "repos"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, ok := MatchEndpointNumberSlip(c.method, c.path)
			got := ""
			if ok {
				got = s.Match.Method + " " + s.Match.Template
			}
			if got != c.want {
				t.Fatalf("MatchEndpointNumberSlip(%s %s) = %q, want %q", c.method, c.path, got, c.want)
			}
			if ok && (s.Written != c.written || s.Documented != c.documented) {
				t.Errorf("segment %q -> %q, want %q -> %q", s.Written, s.Documented, c.written, c.documented)
			}
			if ok && (len(s.Match.Rows) == 0 || s.Match.Ambiguous) {
				t.Errorf("match %+v: want the route's rows, unambiguous", s.Match)
			}
		})
	}
}

// TestNumberSlipSeveralRoutes: a path one slip away from two different
// routes is left alone.
func TestNumberSlipSeveralRoutes(t *testing.T) {
	ix := &endpointIdx{routes: newRouteIndex()}
	for _, tpl := range []string{"/a/things/{id}/item", "/a/thing/{id}/items", "/b/boxes/{id}"} {
		ix.routes.add("GET", tpl)
		ix.rows = append(ix.rows, []EndpointRow{{Permission: "contents", Access: "read", ServerToServer: true}})
		ix.ops = append(ix.ops, "op")
	}
	lits := ix.literals()
	if want := map[string]bool{"a": true, "b": true, "things": true, "thing": true, "item": true, "items": true, "boxes": true}; !reflect.DeepEqual(lits, want) {
		t.Fatalf("literals = %v, want %v", lits, want)
	}
	cases := []struct {
		path, want string
	}{
		{"/a/thing/1/item", ""},                     // things/{id}/item and thing/{id}/items
		{"/a/things/1/items", ""},                   // the same two the other way
		{"/b/box/1", "/b/boxes/{id}"},               // es
		{"/b/boxess/1", ""},                         // "boxes" is not a form of "boxess"
		{"/a/thing/1/item/extra", ""},               // no route of that length
		{"/b/boxes/1", ""},                          // matches already
		{"/b/{x}/1", ""},                            // placeholders are not changed
		{"/a/thingss/1/item", ""},                   // not a number form
		{"/A/Thing/1/Items", "/a/thing/{id}/items"}, // matches already (case-insensitive), so no slip
	}
	for _, c := range cases {
		s, ok := ix.numberSlip(lits, "GET", c.path)
		got := ""
		if ok {
			got = s.Match.Template
		}
		if c.path == "/A/Thing/1/Items" {
			if ok {
				t.Errorf("%s: a matching path is no slip, got %q", c.path, got)
			}
			continue
		}
		if got != c.want {
			t.Errorf("numberSlip(GET %s) = %q, want %q", c.path, got, c.want)
		}
	}
}

func TestNumberForms(t *testing.T) {
	cases := map[string][]string{
		"pull":       {"pulls", "pulles"},
		"issues":     {"issuess", "issueses", "issu", "issue"},
		"repository": {"repositorys", "repositoryes", "repositories"},
		"branches":   {"branchess", "brancheses", "branch", "branche"},
		"class":      {"classs", "classes"},
		"s":          {"ss", "ses"},
		"":           nil,
	}
	for w, want := range cases {
		if got := numberForms(w); !reflect.DeepEqual(got, want) {
			t.Errorf("numberForms(%q) = %q, want %q", w, got, want)
		}
	}
}

// TestNumberSlipOverLooseMatch: a path whose only match takes one of its
// placeholders for a literal segment (${GITHUB_REPOSITORY} for {owner},
// "pull" for {repo}, ${N} for "statuses") is a slip when one change
// matches a route without that, and the loose route is named.
func TestNumberSlipOverLooseMatch(t *testing.T) {
	path := "https://api.github.com/repos/${GITHUB_REPOSITORY}/pull/${N}/comments"
	m, ok := MatchEndpoint("POST", path)
	if !ok || !m.Ambiguous {
		t.Fatalf("MatchEndpoint(POST %s) = %+v, %v; want a loose match", path, m, ok)
	}
	s, ok := MatchEndpointNumberSlip("POST", path)
	if !ok || s.Loose != "POST "+m.Template || s.Match.Template != "/repos/{owner}/{repo}/pulls/{pull_number}/comments" {
		t.Fatalf("slip = %+v, %v; want pulls comments with Loose %q", s, ok, "POST "+m.Template)
	}
	if s, ok := MatchEndpointNumberSlip("POST", "/repos/acme/web/issue/12/labels"); !ok || s.Loose != "" {
		t.Errorf("a path matching nothing: slip %+v, %v; want one without Loose", s, ok)
	}
}

func FuzzMatchEndpointNumberSlip(f *testing.F) {
	for _, s := range []string{"/repos/o/r/pull/1/comments", "https://api.github.com/repos/${R}/issue/2/label", "/repos/o/r/release/latest", "/user/{x}/repo", "", "///", "/s/ss/ies/y"} {
		f.Add("POST", s)
		f.Add("GET", s)
	}
	f.Fuzz(func(t *testing.T, method, path string) {
		s, ok := MatchEndpointNumberSlip(method, path)
		if !ok {
			return
		}
		if s.Match.Ambiguous || len(s.Match.Rows) == 0 {
			t.Fatalf("slip %+v: want an unambiguous route with rows", s)
		}
		if s.Written == "" || strings.EqualFold(s.Written, s.Documented) {
			t.Fatalf("slip %+v: want a changed segment", s)
		}
		if !slices.Contains(numberForms(strings.ToLower(s.Written)), s.Documented) {
			t.Fatalf("slip %+v: %q is not a number form of %q", s, s.Documented, s.Written)
		}
		if m, ok := MatchEndpoint(method, path); ok && !m.Ambiguous {
			t.Fatalf("slip %+v for a path that matches %s", s, m.Template)
		}
	})
}
