package knowledge

import "testing"

func TestRawContentRoute(t *testing.T) {
	for _, tc := range []struct {
		path, owner, repo, route string
		ok                       bool
	}{
		{"/Kong/github-slack-mapping/main/mapping.json", "Kong", "github-slack-mapping", "/repos/Kong/github-slack-mapping/contents/mapping.json", true},
		{"acme/tools/v1/dir/a.sh", "acme", "tools", "/repos/acme/tools/contents/dir/a.sh", true},
		{"/acme/tools/main", "", "", "", false},
		{"/acme/tools/main/", "", "", "", false},
		{"", "", "", "", false},
	} {
		o, r, route, ok := RawContentRoute(tc.path)
		if o != tc.owner || r != tc.repo || route != tc.route || ok != tc.ok {
			t.Errorf("RawContentRoute(%q) = %q, %q, %q, %v; want %q, %q, %q, %v", tc.path, o, r, route, ok, tc.owner, tc.repo, tc.route, tc.ok)
		}
	}
}
