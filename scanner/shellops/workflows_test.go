package shellops

import "testing"

func TestIgnoresGitHubFolder(t *testing.T) {
	cases := []struct {
		name, text string
		want       bool
	}{
		{"the folder", "dist\nnode_modules\n.github\n*.md\n", true},
		{"rooted, with a slash", "/.github/\n", true},
		{"its workflows", ".github/workflows/**\n", true},
		{"not there", "dist\n*.md\n", false},
		{"another folder under it", ".github/ISSUE_TEMPLATE\n", false},
		{"brought back by a negation", ".github\n!.github/workflows/ci.yml\n", false},
		{"a negation of everything", ".github\n!*\n", false},
		{"a negation of something else", ".github\n!docs/keep.md\n", true},
		{"a comment", "# .github\n", false},
	}
	for _, c := range cases {
		if got := ignoresGitHubFolder(c.text); got != c.want {
			t.Errorf("%s: ignoresGitHubFolder(%q) = %v, want %v", c.name, c.text, got, c.want)
		}
	}
}

func TestCredentialInAnotherHostsURL(t *testing.T) {
	runUseCases(t, []useCase{
		{"a package index's user information", Input{Script: "uv pip install --default-index https://pydantic:${PPPR_TOKEN}@pppr.example.dev/simple/ mkdocs-material", Cred: env("PPPR_TOKEN")},
			[]string{"1 uv secrets.PPPR_TOKEN via=url host=pppr.example.dev gh=-1"}},
		{"a GitHub URL is not another service's", Input{Script: "some-tool https://x-access-token:${T}@github.com/o/r.git", Cred: env("T")},
			[]string{"1 some-tool secrets.T via=arg gh=+0 unresolved"}},
		{"the credential in the path is not the host's", Input{Script: "some-tool https://hooks.example.com/${T}", Cred: env("T")},
			[]string{"1 some-tool secrets.T via=arg gh=+0 unresolved"}},
	})
}
