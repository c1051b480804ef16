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

func TestMirrorPush(t *testing.T) {
	const why = "it pushes the history of acme/app's checkout to bot/app, which need not have its .github/workflows changes"
	cases := []struct {
		name string
		in   Input
		want string
	}{
		{"this checkout's history pushed to a bot's fork", Input{Script: "git remote add bot https://github.com/bot/app.git\ngit push --force bot main", Repo: "acme/app", RepoRoot: ".", OwnCheckout: true, Persisted: []string{"secrets.P"}}, why},
		{"a folder of built files is not the checkout's history", Input{Script: "cd site\ngit push https://x:$T@github.com/bot/app.git HEAD:gh-pages", Cred: env("T"), Repo: "acme/app", RepoRoot: ".", OwnCheckout: true}, ""},
		{"no checkout of this repository", Input{Script: "git push https://x:$T@github.com/bot/app.git HEAD:main", Cred: env("T"), Repo: "acme/app", RepoRoot: "."}, ""},
		{"tags alone", Input{Script: "git push https://x:$T@github.com/bot/app.git refs/tags/v1:refs/tags/v1", Cred: env("T"), Repo: "acme/app", RepoRoot: ".", OwnCheckout: true}, ""},
		{"its own origin", Input{Script: "git push origin main", Repo: "acme/app", RepoRoot: ".", OwnCheckout: true, Persisted: []string{"secrets.P"}}, ""},
	}
	for _, c := range cases {
		res := Analyze(c.in)
		got, n := "", 0
		for _, u := range res.Uses {
			for _, o := range u.Ops {
				if o.Name == "push" {
					got, n = o.WorkflowsBecause, n+1
				}
			}
		}
		if n != 1 || got != c.want {
			t.Errorf("%s: %d pushes, workflows because %q; want one, %q", c.name, n, got, c.want)
		}
	}
}
