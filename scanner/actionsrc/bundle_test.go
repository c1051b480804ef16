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

// TestBundledLibraries: in a bundle that says where each module comes
// from, what a listed library's module leaves unresolved is the
// library's, not the action's; everything else is kept.
func TestBundledLibraries(t *testing.T) {
	isLib := func(pkg string) bool {
		return pkg == "@actions/http-client" || pkg == "undici" || pkg == "@actions/github"
	}
	meta := "inputs:\n  token:\n    required: true\nruns:\n  using: node20\n  main: dist/index.js\n"
	for _, tc := range []struct {
		name, bundle string
		calls, lib   []string
		clients      int
	}{
		{
			name: "esbuild",
			bundle: `// node_modules/@actions/http-client/lib/index.js
var require_lib = __commonJS({
  "node_modules/@actions/http-client/lib/index.js"(exports) {
    class HttpClient { options(u) { return this.request('OPTIONS', u) } request(verb) { return info.httpModule.request(info.options) } }
  }
});

// node_modules/.pnpm/undici@5.28.4/node_modules/undici/lib/client.js
class Client { dispatch(verb) { return this.request(verb) } }

// node_modules/@actions/github/lib/utils.js
var GitHub = Octokit.plugin(restEndpointMethods);
function getOctokit(token, options) { return new GitHub(getOctokitOptions(token, options)) }
function sneaky(o) { return o.rest.repos.delete({}) }

// node_modules/some-helper/index.js
function helper(c) { return c.request(route) }

// src/main.ts
const octokit = getOctokit(core.getInput('token'))
await octokit.rest.issues.createComment({})
await octokit.request(route)
await exec('git', ['push'])
`,
			calls:   []string{"dist/index.js:14 rest repos.delete", "dist/index.js:17 unknown c.request(route)", "dist/index.js:21 rest issues.createComment", "dist/index.js:22 unknown octokit.request(route)", "dist/index.js:23 exec git push"},
			lib:     []string{"dist/index.js:4 request GET OPTIONS", "dist/index.js:4 unknown info.httpModule.request(info.options)", "dist/index.js:9 unknown this.request(verb)"},
			clients: 1,
		},
		{
			name: "webpack module paths",
			bundle: `var __webpack_modules__ = ({
/***/ "./node_modules/@actions/http-client/lib/index.js":
/***/ ((module, exports) => {
class HttpClient { request(verb) { return info.httpModule.request(info.options) } }
/***/ }),
/***/ "./src/main.js":
/***/ ((module, exports) => {
octokit.request(route)
/***/ })
});
`,
			calls: []string{"dist/index.js:8 unknown octokit.request(route)"},
			lib:   []string{"dist/index.js:4 unknown info.httpModule.request(info.options)"},
		},
		{
			name: "ncc keeps no paths: everything is kept",
			bundle: `var __webpack_modules__ = ({
/***/ 6551:
/***/ (function(module, exports, __nccwpck_require__) {
class HttpClient { request(verb) { return info.httpModule.request(info.options) } }
/***/ }),
});
`,
			calls: []string{"dist/index.js:4 unknown info.httpModule.request(info.options)"},
		},
		{
			name:    "a marker line in a string still delimits (a line scan); a traced client stays",
			bundle:  "const s = `\n// node_modules/undici/index.js\n`\nconst octokit = getOctokit(process.env.TOKEN)\nawait octokit.request(route)\n",
			calls:   nil,
			lib:     []string{"dist/index.js:5 unknown octokit.request(route)"},
			clients: 1,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := fstest.MapFS{"action.yml": {Data: []byte(meta)}, "dist/index.js": {Data: []byte(tc.bundle)}}
			a, err := Read(context.Background(), fsys, ".", Options{IsBundledLibrary: isLib})
			if err != nil {
				t.Fatal(err)
			}
			if got := calls(a); !reflect.DeepEqual(got, tc.calls) {
				t.Errorf("calls\n%q\nwant\n%q", got, tc.calls)
			}
			if got := calls(&Action{Calls: a.Library}); !reflect.DeepEqual(got, tc.lib) {
				t.Errorf("library\n%q\nwant\n%q", got, tc.lib)
			}
			if len(a.Clients) != tc.clients {
				t.Errorf("clients %+v, want %d", a.Clients, tc.clients)
			}
			without, err := Read(context.Background(), fsys, ".", Options{})
			if err != nil {
				t.Fatal(err)
			}
			if len(without.Library) != 0 || len(without.Calls) != len(tc.calls)+len(tc.lib) {
				t.Errorf("without a library list: calls %q library %q", calls(without), calls(&Action{Calls: without.Library}))
			}
		})
	}
}

func TestPackageOf(t *testing.T) {
	for in, want := range map[string]string{
		"node_modules/@actions/core/lib/core.js":                              "@actions/core",
		"../../node_modules/.pnpm/undici@5.28.4/node_modules/undici/index.js": "undici",
		"./node_modules/axios/lib/axios.js":                                   "axios",
		"src/main.ts":                                                         "",
		"node_modules/@scope":                                                 "",
		"node_modules/x.js":                                                   "",
	} {
		if got := packageOf(in); got != want {
			t.Errorf("packageOf(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzBundle: whatever a bundle and its source hold, reading must not
// panic, a library's part only ever takes unresolved calls, and with the
// source read every resolved call of the bundle is still there.
func FuzzBundle(f *testing.F) {
	f.Add([]byte("// node_modules/undici/index.js\nclass C { r(v) { return this.request(v) } }\n// src/main.ts\nawait o.rest.issues.create({})\n"), []byte("import './b'\nawait o.rest.issues.create({})\n"))
	f.Add([]byte("/***/ \"./node_modules/axios/lib/axios.js\":\nexec('git', ['push'])\n"), []byte("require('./x.js')\n"))
	isLib := func(pkg string) bool { return pkg == "undici" || pkg == "axios" }
	f.Fuzz(func(t *testing.T, bundle, src []byte) {
		meta := []byte("runs:\n  using: node20\n  main: dist/index.js\n")
		only := fstest.MapFS{"action.yml": {Data: meta}, "dist/index.js": {Data: bundle}}
		with, err := Read(context.Background(), only, ".", Options{IsBundledLibrary: isLib})
		if err != nil {
			t.Fatal(err)
		}
		without, err := Read(context.Background(), only, ".", Options{})
		if err != nil {
			t.Fatal(err)
		}
		if len(with.Calls)+len(with.Library) != len(without.Calls) {
			t.Fatalf("calls %d + library %d, without a list %d", len(with.Calls), len(with.Library), len(without.Calls))
		}
		for _, c := range with.Library {
			if callKey(c.Call) != "" {
				t.Fatalf("a resolved call counted as a library's: %+v", c)
			}
		}
		both := fstest.MapFS{"action.yml": {Data: meta}, "dist/index.js": {Data: bundle}, "index.ts": {Data: src}, "b.ts": {Data: src}}
		a, err := Read(context.Background(), both, ".", Options{IsBundledLibrary: isLib})
		if err != nil {
			t.Fatal(err)
		}
		keys := map[string]bool{}
		for _, c := range a.Calls {
			keys[callKey(c.Call)] = true
		}
		for _, c := range without.Calls {
			if k := callKey(c.Call); k != "" && !keys[k] {
				t.Fatalf("bundle call %q lost when the source is read", k)
			}
		}
	})
}
