package scanner

import (
	"slices"
	"testing"
	"testing/fstest"
)

func TestSubmoduleRepo(t *testing.T) {
	for _, tc := range []struct{ url, want string }{
		{"git@github.com:novuhq/packages-enterprise.git", "novuhq/packages-enterprise"},
		{"https://github.com/acme/lib.git", "acme/lib"},
		{"https://github.com/acme/lib", "acme/lib"},
		{"ssh://git@github.com/acme/lib.git", "acme/lib"},
		{"../lib.git", "acme/lib"},
		{"https://gitlab.com/acme/lib.git", ""},
		{"https://github.com/acme", ""},
		{"./sub", ""},
	} {
		if got := submoduleRepo(tc.url, "acme/app"); got != tc.want {
			t.Errorf("%q: %q, want %q", tc.url, got, tc.want)
		}
	}
}

// TestCheckoutSubmodules: a checkout given submodules fetches each
// repository .gitmodules names with its token.
func TestCheckoutSubmodules(t *testing.T) {
	wf := `on: push
jobs:
  build:
    strategy:
      matrix:
        name: [api, api-ee]
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          submodules: ${{ contains(matrix.name, '-ee') }}
          token: ${{ secrets.SUBMODULES_TOKEN }}
  other:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          repository: acme/tools
          submodules: recursive
          token: ${{ secrets.TOOLS_TOKEN }}
`
	for _, tc := range []struct {
		name       string
		gitmodules string
		repos      []string
		unresolved int
	}{
		{"private submodule", "[submodule \"ee\"]\n\tpath = .source\n\turl = git@github.com:acme/enterprise.git\n", []string{"acme/enterprise"}, 0},
		{"no .gitmodules", "", nil, 0},
		{"a submodule on another host", "[submodule \"x\"]\n\turl = https://gitlab.com/acme/x.git\n", nil, 1},
	} {
		tree := fstest.MapFS{".github/workflows/b.yml": {Data: []byte(wf)}}
		if tc.gitmodules != "" {
			tree[".gitmodules"] = &fstest.MapFile{Data: []byte(tc.gitmodules)}
		}
		for _, f := range scanTree(t, "acme/app", tree) {
			switch f.Credential {
			case "secrets.SUBMODULES_TOKEN":
				if !slices.Equal(f.TargetRepos, tc.repos) || len(f.Unresolved) != tc.unresolved {
					t.Errorf("%s: targets %q, %d unresolved (%v); want %q, %d", tc.name, f.TargetRepos, len(f.Unresolved), f.Unresolved, tc.repos, tc.unresolved)
				}
			case "secrets.TOOLS_TOKEN":
				// Another repository's submodules are not known.
				if len(f.Unresolved) != 1 {
					t.Errorf("%s: another repository's checkout: %d unresolved, want 1", tc.name, len(f.Unresolved))
				}
			}
		}
	}
}
