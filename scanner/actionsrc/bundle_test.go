package actionsrc

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
)

// libraryNoise is what a bundled HTTP client reads as: calls nobody can
// resolve.
const libraryNoise = `class HttpClient {
  options(requestUrl, additionalHeaders) { return this.request('OPTIONS', requestUrl, null, additionalHeaders || {}) }
  request(verb, url) { return self2.request(connectOptions) }
}
`

const commentMeta = "name: comment\ninputs:\n  gh_token:\n    required: true\nruns:\n  using: node20\n  main: dist/index.js\n"

// calls renders an action's calls as file:line kind what.
func calls(a *Action) []string {
	var out []string
	for _, c := range a.Calls {
		what := c.Namespace + "." + c.Method
		if c.Kind != "rest" {
			what = c.Route
			if what == "" {
				what = c.Evidence
			}
		}
		out = append(out, fmt.Sprintf("%s:%d %s %s", c.File, c.Line, c.Kind, what))
	}
	return out
}

// TestBundleSource: a bundle is read from the source it was built from
// when the repository holds it, and a call only the bundle shows is kept.
func TestBundleSource(t *testing.T) {
	ownBundle := libraryNoise + "const octokit = getOctokit(core.getInput('gh_token'))\nawait octokit.rest.issues.createComment({})\n"
	for _, tc := range []struct {
		name  string
		dir   string
		fsys  fstest.MapFS
		files []string
		calls []string
		notes []string
	}{
		{
			name: "monorepo package with the same action.yml",
			dir:  "actions/comment",
			fsys: fstest.MapFS{
				"actions/comment/action.yml":    {Data: []byte(commentMeta)},
				"actions/comment/dist/index.js": {Data: []byte(ownBundle)},
				"packages/comment/action.yml":   {Data: []byte(strings.ReplaceAll(commentMeta, "\n", "\r\n"))},
				"packages/comment/index.ts":     {Data: []byte("import * as core from '@actions/core'\nimport { push } from './git.js'\nconst octokit = getOctokit(core.getInput('gh_token'))\nawait octokit.rest.issues.createComment({})\nawait push()\n")},
				"packages/comment/git.ts":       {Data: []byte("import { exec } from '@actions/exec'\nexport async function push(): Promise<void> {\n  await exec('git', ['push'])\n}\n")},
				"packages/other/action.yml":     {Data: []byte("name: other\nruns:\n  using: node20\n  main: dist/index.js\n")},
				"packages/other/index.ts":       {Data: []byte("await o.rest.repos.delete({})\n")},
			},
			files: []string{"packages/comment/index.ts", "packages/comment/git.ts", "actions/comment/dist/index.js"},
			calls: []string{"packages/comment/index.ts:4 rest issues.createComment", "packages/comment/git.ts:3 exec git push"},
		},
		{
			name: "module of the bundle's name at the top of the action's folder",
			dir:  ".",
			fsys: fstest.MapFS{
				"action.yml":    {Data: []byte(commentMeta)},
				"dist/index.js": {Data: []byte(ownBundle)},
				"index.js":      {Data: []byte("const lib = require('./lib')\nconst octokit = getOctokit(core.getInput('gh_token'))\nawait octokit.rest.issues.createComment({})\n")},
				"lib/index.js":  {Data: []byte("exports.f = () => octokit.rest.issues.addLabels({})\n")},
				"release.js":    {Data: []byte("exec('git', ['push', '--tags'])\n")},
			},
			files: []string{"index.js", "lib/index.js", "dist/index.js"},
			calls: []string{"index.js:3 rest issues.createComment", "lib/index.js:1 rest issues.addLabels"},
		},
		{
			name: "a call only the bundle shows is kept",
			dir:  ".",
			fsys: fstest.MapFS{
				"action.yml":    {Data: []byte(commentMeta)},
				"dist/index.js": {Data: []byte(ownBundle + "await octokit.rest.issues.lock({})\nexec('git', ['push', 'origin', `${branch}`])\n")},
				"index.ts":      {Data: []byte("await octokit.rest.issues.createComment({})\n")},
			},
			files: []string{"index.ts", "dist/index.js"},
			calls: []string{"index.ts:1 rest issues.createComment", "dist/index.js:7 rest issues.lock", "dist/index.js:8 exec git push origin {branch}"},
		},
		{
			name: "an import the repository does not hold is said",
			dir:  ".",
			fsys: fstest.MapFS{
				"action.yml":    {Data: []byte(commentMeta)},
				"dist/index.js": {Data: []byte(ownBundle)},
				"index.ts":      {Data: []byte("import data from './data.json'\nimport { f } from './gone'\nimport '../../outside'\nawait octokit.rest.issues.createComment(f(data))\n")},
			},
			files: []string{"index.ts", "dist/index.js"},
			calls: []string{"index.ts:4 rest issues.createComment"},
			notes: []string{"index.ts:2 imports ./gone, which the action's repository does not hold; not read", "index.ts:3 imports ../../outside, outside the repository; not read"},
		},
		{
			name: "an entry at the top of its folder is the code itself",
			dir:  ".",
			fsys: fstest.MapFS{
				"action.yml": {Data: []byte(strings.Replace(commentMeta, "dist/index.js", "index.js", 1))},
				"index.js":   {Data: []byte(ownBundle)},
				"index.ts":   {Data: []byte("await octokit.rest.issues.lock({})\n")},
			},
			files: []string{"index.js"},
			calls: []string{"index.js:2 request GET OPTIONS", "index.js:3 unknown self2.request(connectOptions)", "index.js:6 rest issues.createComment"},
		},
		{
			name: "no source: the bundle",
			dir:  "actions/comment",
			fsys: fstest.MapFS{
				"actions/comment/action.yml":    {Data: []byte(commentMeta)},
				"actions/comment/dist/index.js": {Data: []byte(ownBundle)},
				"packages/comment/action.yml":   {Data: []byte(commentMeta + "  post: dist/post.js\n")},
				"packages/comment/index.ts":     {Data: []byte("await o.rest.repos.delete({})\n")},
			},
			files: []string{"actions/comment/dist/index.js"},
			calls: []string{"actions/comment/dist/index.js:2 request GET OPTIONS", "actions/comment/dist/index.js:3 unknown self2.request(connectOptions)", "actions/comment/dist/index.js:6 rest issues.createComment"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, err := Read(context.Background(), tc.fsys, tc.dir, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(a.Files, tc.files) {
				t.Errorf("files %q, want %q", a.Files, tc.files)
			}
			if got := calls(a); !reflect.DeepEqual(got, tc.calls) {
				t.Errorf("calls\n%q\nwant\n%q", got, tc.calls)
			}
			var notes []string
			for _, n := range a.Notes {
				notes = append(notes, fmt.Sprintf("%s:%d %s", n.File, n.Line, n.Text))
			}
			if !reflect.DeepEqual(notes, tc.notes) {
				t.Errorf("notes %q, want %q", notes, tc.notes)
			}
		})
	}
}
