package planner

import (
	"reflect"
	"strings"
	"testing"

	"github.com/pat2app/pat2app/inventory"
)

// TestRESTNumberSlip: a REST path one singular/plural change away from
// exactly one documented route is planned as that route, with a warning
// that the call as written returns 404; anything else stays in review.
func TestRESTNumberSlip(t *testing.T) {
	tests := []struct {
		name, method, path string
		want               map[string]string
		// warning is a part of the warning the plan must carry; "" when
		// the job stays in manual review.
		warning string
	}{
		{"pull for pulls", "POST", "https://api.github.com/repos/${GITHUB_REPOSITORY}/pull/${N}/comments",
			map[string]string{"pull_requests": "write"},
			`line 5: POST /repos/{GITHUB_REPOSITORY}/pull/{N}/comments matches no documented REST endpoint (only POST /repos/{owner}/{repo}/statuses/{sha}, by taking a variable for a literal segment) and returns 404 as written; planned as POST /repos/{owner}/{repo}/pulls/{pull_number}/comments, the only route changing "pull" to "pulls" reaches`},
		{"pull for pulls, owner and repo apart", "POST", "/repos/{owner}/{repo}/pull/{github.event.pull_request.number}/comments",
			map[string]string{"pull_requests": "write"},
			`line 5: POST /repos/{owner}/{repo}/pull/{github.event.pull_request.number}/comments matches no documented REST endpoint and returns 404 as written; planned as POST /repos/{owner}/{repo}/pulls/{pull_number}/comments`},
		{"release for releases", "PATCH", "/repos/acme/web/release/7", map[string]string{"contents": "write"}, `"release" to "releases"`},
		{"issue for issues", "POST", "/repos/acme/web/issue/12/labels", map[string]string{"issues": "write"}, `"issue" to "issues"`},
		{"comment for comments", "POST", "/repos/acme/web/issues/12/comment", map[string]string{"issues": "write"}, `"comment" to "comments"`},
		{"branch for branches", "GET", "/repos/acme/web/branch/main/protection", map[string]string{"administration": "read"}, `"branch" to "branches"`},
		{"two slips stay in review", "POST", "/repos/acme/web/issue/12/label", map[string]string{}, ""},
		{"no route either way stays in review", "POST", "/repos/acme/web/widget/3", map[string]string{}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			j := planOne(t, nil, finding("job", "secrets.GH_PAT", inventory.KindPAT, rest(5, tc.method, tc.path)))
			if !reflect.DeepEqual(j.Permissions, tc.want) {
				t.Errorf("permissions = %v, want %v", j.Permissions, tc.want)
			}
			review := j.Decision == DecisionManualReview
			if review != (tc.warning == "") {
				t.Fatalf("decision %s, review %v; want review %v", j.Decision, j.Review, tc.warning == "")
			}
			warnings := strings.Join(j.Warnings, "\n")
			if review {
				if !strings.Contains(strings.Join(reviewTexts(j), "\n"), "matches no documented REST endpoint") {
					t.Errorf("review %v: want the endpoint named", j.Review)
				}
				if strings.Contains(warnings, "404") {
					t.Errorf("warnings %q: a job in review has no slip warning", warnings)
				}
				return
			}
			if !strings.Contains(warnings, tc.warning) || !strings.Contains(warnings, "returns 404 as written") {
				t.Errorf("warnings = %q, want one containing %q", warnings, tc.warning)
			}
		})
	}
}

// reviewTexts is the text of each review item of j.
func reviewTexts(j Job) []string {
	var out []string
	for _, e := range j.Review {
		out = append(out, e.Text)
	}
	return out
}

// TestGetAUser: GET /users/{username} reads public profile data, which an
// installation token may do with no permission beyond metadata.
func TestGetAUser(t *testing.T) {
	for _, path := range []string{"/users/octocat", "https://api.github.com/users/${{ github.actor }}"} {
		j := planOne(t, nil, finding("job", "secrets.GH_PAT", inventory.KindPAT, rest(5, "GET", path)))
		if j.Decision == DecisionManualReview || !reflect.DeepEqual(j.Permissions, map[string]string{"metadata": "read"}) {
			t.Errorf("GET %s: decision %s, permissions %v, review %v; want metadata:read decided", path, j.Decision, j.Permissions, j.Review)
		}
	}
}
