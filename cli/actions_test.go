package cli

import (
	"context"
	"strings"
	"testing"

	"github.com/pat2app/pat2app/source/github/fakegithub"
)

// TestLocalScanActions: a local scan reads an action with no row only
// with --online (through the API, into the cache), then from the cache
// without it; with neither it says the action was not read (offline).
func TestLocalScanActions(t *testing.T) {
	srv := fakegithub.New(fakegithub.Config{Token: "test-token", Orgs: []*fakegithub.Org{{Login: "vendor", Repos: []*fakegithub.Repo{{
		Name: "labeler", Visibility: "public", Tags: []string{"v1"}, Files: map[string]string{
			"action.yml":  "inputs:\n  repo-token:\n    required: true\nruns:\n  using: node20\n  main: dist/index.js\n",
			"src/main.js": "const github = require('@actions/github')\nconst core = require('@actions/core')\nconst o = github.getOctokit(core.getInput('repo-token'))\no.rest.issues.addLabels({})\n",
		}}}}}})
	defer srv.Close()
	root := writeRepo(t, map[string]string{".github/workflows/label.yml": "on: pull_request\njobs:\n  label:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: vendor/labeler@v1\n        with:\n          repo-token: ${{ secrets.LABEL_PAT }}\n"})
	cache := t.TempDir()
	run := func(extra ...string) string {
		stdio, out, errb := apiTestIO(map[string]string{"GH_TOKEN": "test-token"})
		args := append([]string{"scan", "--format", "json", "--api-url", srv.URL, "--cache-dir", cache}, extra...)
		if code := Main(context.Background(), append(args, root), stdio); code != ExitOK {
			t.Fatalf("exit %d: %s", code, errb.String())
		}
		return out.String()
	}
	before := srv.Counts().Requests
	if out := run("--cache-dir", "off"); !strings.Contains(out, "action not read (offline)") || srv.Counts().Requests != before {
		t.Fatalf("offline scan: %s", out)
	}
	if out := run(); !strings.Contains(out, "action not read (offline)") || srv.Counts().Requests != before {
		t.Fatalf("a scan without --online asked the server or read an empty cache: %s", out)
	}
	out := run("--online")
	if !strings.Contains(out, `"path":"/repos/{owner}/{repo}/issues/{issue_number}/labels"`) || !strings.Contains(out, `"repo":"vendor/labeler@v1","file":"src/main.js","line":4`) {
		t.Fatalf("online scan: %s", out)
	}
	after := srv.Counts().Requests
	if out := run(); !strings.Contains(out, "/labels") || srv.Counts().Requests != after {
		t.Fatalf("a scan from the cache: %s", out)
	}
}
