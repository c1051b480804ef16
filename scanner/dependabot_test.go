package scanner

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"
)

func dependabotOf(data string) string {
	rs := New(Options{}).newRepoScan(context.Background(), RepoFiles{Name: "o/r", Tree: fstest.MapFS{".github/dependabot.yml": {Data: []byte(data)}}})
	return rs.dependabotActions()
}

func TestDependabotActions(t *testing.T) {
	for _, tc := range []struct{ data, want string }{
		{"version: 2\nupdates:\n  - package-ecosystem: npm\n    directory: /\n  - package-ecosystem: github-actions\n    directory: /\n", ".github/dependabot.yml:5"},
		{"version: 2\nupdates:\n  - package-ecosystem: npm\n", ""},
		{"updates: nope\n", ""},
		{"- a\n- b\n", ""},
		{"a: &a [*a, *a]\nupdates: *a\n", ""},
		{"{", ""},
	} {
		if got := dependabotOf(tc.data); got != tc.want {
			t.Errorf("%q: %q, want %q", tc.data, got, tc.want)
		}
	}
}

// FuzzDependabotActions: any bytes as .github/dependabot.yml must not
// panic, and a line is named only when the file says github-actions.
func FuzzDependabotActions(f *testing.F) {
	f.Add("version: 2\nupdates:\n  - package-ecosystem: github-actions\n")
	f.Add("updates:\n  - {package-ecosystem: [x]}\n")
	f.Fuzz(func(t *testing.T, data string) {
		if got := dependabotOf(data); got != "" && !strings.Contains(strings.ToLower(data), "github-actions") {
			t.Fatalf("%q: %q without github-actions in the file", data, got)
		}
	})
}
