package jsops

import (
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// describeProgram renders what AnalyzeProgram found, one line per item.
func describeProgram(m *Program) []string {
	var out []string
	for _, c := range m.Calls {
		what := c.Route
		switch c.Kind {
		case KindREST:
			what = c.Namespace + "." + c.Method
		case KindGraphQL:
			var fs []string
			for _, o := range c.GraphQL {
				for _, f := range o.Fields {
					fs = append(fs, o.Type+" "+f.Name)
				}
			}
			what = strings.Join(fs, ",")
		case KindOther:
			what = c.Host
		case KindUnknown:
			what = c.Evidence
		}
		line := fmt.Sprintf("call %d %s %s auth=%s", c.Line, c.Kind, what, strings.Join(c.Auth, ","))
		if c.RunTimeRepo != "" {
			line += " repo=run-time:" + c.RunTimeRepo
		}
		out = append(out, line)
	}
	for _, c := range m.Commands {
		out = append(out, c.String())
	}
	for _, i := range m.Imports {
		s := fmt.Sprintf("import %d %s", i.Line, i.Spec)
		for _, k := range slices.Sorted(maps.Keys(i.Calls)) {
			s += fmt.Sprintf(" %s%v", k, i.Calls[k])
		}
		if len(i.Exports) > 0 {
			s += " loaded by " + strings.Join(i.Exports, ",")
		}
		if i.Uses != nil {
			s += " uses " + strings.Join(i.Uses, ",")
		}
		out = append(out, s)
	}
	for _, f := range m.Flows {
		out = append(out, f.String())
	}
	return out
}

func TestAnalyzeProgram(t *testing.T) {
	cases := []struct {
		name string
		code string
		ts   bool
		want []string
	}{
		{
			name: "an Octokit client made from the environment",
			code: `const { Octokit } = require('@octokit/rest')
const octokit = new Octokit({ auth: process.env.GH_TOKEN })
await octokit.rest.issues.createComment({ owner: 'acme', repo: 'demo', issue_number: 1, body: 'x' })`,
			want: []string{"call 3 rest issues.createComment auth=env:GH_TOKEN"},
		},
		{
			name: "fetch-like clients with an authorization header, anonymous calls, other hosts",
			code: `import { $fetch } from 'ofetch'
import axios from 'axios'
const TOKEN = process.env.GITHUB_TOKEN
const headers = { Authorization: ` + "`token ${TOKEN}`" + ` }
await $fetch('https://api.github.com/repos/acme/demo/pulls', { method: 'POST', headers })
await $fetch('https://api.github.com/repos/acme/demo/pulls')
await axios.put(` + "`${process.env.GITHUB_API_URL}/repos/${process.env.GITHUB_REPOSITORY}/topics`" + `, {}, { headers: { authorization: 'Bearer ' + TOKEN } })
await fetch('https://hooks.slack.com/x', { method: 'POST', headers: { 'X-Token': process.env.SLACK } })`,
			want: []string{
				"call 5 request POST /repos/acme/demo/pulls auth=env:GITHUB_TOKEN",
				"call 6 request GET /repos/acme/demo/pulls auth=", // anonymous: no credential
				"call 7 request PUT /repos/{owner}/{repo}/topics auth=env:GITHUB_TOKEN",
				"call 8 other hooks.slack.com auth=env:SLACK",
			},
		},
		{
			name: "a file of a repository downloaded from raw.githubusercontent.com with a token",
			code: `const headers = { Authorization: ` + "`token ${process.env.ACCESS_TOKEN}`" + ` }
await fetch('https://raw.githubusercontent.com/acme/mapping/main/data/map.json', { headers })
await fetch('https://raw.githubusercontent.com/acme/mapping/main/data/map.json')`,
			want: []string{"call 2 request GET /repos/acme/mapping/contents/data/map.json auth=env:ACCESS_TOKEN"},
		},
		{
			name: "a repository named by a value known only at run time, and ones this repository's variables name",
			code: `const { Octokit } = require('@octokit/rest')
const gh = new Octokit({ auth: process.env.BOT })
const [owner, repo] = process.env.GITHUB_REPOSITORY.split('/')
for (const sdk of ['go-sdk', 'js-sdk']) {
  await gh.rest.issues.create({ owner: 'acme', repo: sdk, title: 't' })
}
await gh.rest.issues.create({ owner, repo, title: 't' })`,
			want: []string{
				"call 5 rest issues.create auth=env:BOT repo=run-time:acme/{sdk}",
				"call 7 rest issues.create auth=env:BOT",
				"flow 7 env:GITHUB_REPOSITORY gh.rest.issues.create(…)",
				"flow 7 env:GITHUB_REPOSITORY gh.rest.issues.create(…)",
			},
		},
		{
			name: "programs run with child_process, their environment and arguments",
			code: `const { execSync, execFileSync } = require('node:child_process')
const { values } = require('node:util').parseArgs({ options: { token: { type: 'string' } } })
execSync('gh pr merge --auto 1', { env: { ...process.env, GH_TOKEN: values.token } })
execFileSync('git', ['push', 'origin', 'HEAD'])
execSync('gh api /user', { env: { PATH: process.env.PATH } })`,
			want: []string{
				"cmd 3 gh pr merge --auto 1 env GH_TOKEN=flag:token",
				"cmd 4 git push origin HEAD",
				"cmd 5 gh api /user env PATH=env:PATH (no inherit)",
			},
		},
		{
			name: "a wrapper's commands are read at each call",
			code: `import { execFileSync } from 'node:child_process'
function git(...args) { return execFileSync('git', args) }
git('fetch', '--tags')
git('push', 'origin', process.argv[2])`,
			want: []string{
				"cmd 3 git fetch --tags",
				"cmd 4 git push origin \"$__js1\" $__js1=arg:1",
			},
		},
		{
			name: "a wrapper with a leading parameter, and one that calls it",
			code: `import { spawnSync } from 'node:child_process'
function git(cwd, ...args) {
  const res = spawnSync('git', args, { cwd, stdio: 'inherit' })
  return res.status === 0
}
function gitOrThrow(cwd, ...args) { if (!git(cwd, ...args)) throw new Error('x') }
const workdir = 'store'
if (git(workdir, 'push')) console.log('ok')
gitOrThrow(workdir, 'reset', '--hard', 'origin/main')`,
			want: []string{
				"cmd 8 git push",
				"cmd 9 git reset --hard origin/main",
			},
		},
		{
			name: "a credential written into a string: what holds the string decides",
			code: `import { spawnSync } from 'node:child_process'
const token = process.env.PUSH_TOKEN
if (!token) throw new Error('PUSH_TOKEN is not set')
const url = ` + "`https://x-access-token:${token}@github.com/acme/store.git`" + `
spawnSync('git', ['clone', url, 'store'])
uploader.send(` + "`Bearer ${token}`" + `)
other.send('token ' + token)`,
			want: []string{
				"cmd 5 git clone https://x-access-token:\"$__js1\"@github.com/acme/store.git store $__js1=env:PUSH_TOKEN",
				"flow 6 env:PUSH_TOKEN uploader.send(…)",
				"flow 7 env:PUSH_TOKEN other.send(…)",
			},
		},
		{
			name: "arguments spread in after a subcommand that never contacts a remote, and after one that may",
			code: `import { execFileSync } from 'node:child_process'
const paths = process.argv.slice(2)
execFileSync('git', ['add', ...paths])
execFileSync('git', ['push', ...paths])
execFileSync('git', ['-C', 'site', 'commit', '-m', 'x', ...paths])`,
			want: []string{
				"cmd 3 git add \"$__js1\"",
				"cmd 4 git push unknown: its arguments are built at run time",
				"cmd 5 git -C site commit -m x \"$__js1\"",
			},
		},
		{
			name: "a helper's GraphQL documents are read at each call",
			ts:   true,
			code: `const TOKEN: string = process.env.GITHUB_TOKEN!
async function gql<T>(query: string, variables: Record<string, unknown>): Promise<T> {
  const r = await fetch('https://api.github.com/graphql', { method: 'POST', headers: { authorization: ` + "`bearer ${TOKEN}`" + ` },
    body: JSON.stringify({ query, variables }) })
  return (await r.json()).data as T
}
await gql(` + "`mutation($id: ID!) { closeIssue(input: {issueId: $id}) { clientMutationId } }`" + `, { id: 'x' })`,
			want: []string{"call 7 graphql mutation closeIssue auth=env:GITHUB_TOKEN"},
		},
		{
			name: "a credential passed to a local module's function",
			code: `import { release } from './lib/release.js'
const token = process.env.RELEASE_TOKEN ?? process.argv[2]
await release(token, 'v1')`,
			want: []string{"import 1 ./lib/release.js release[[env:RELEASE_TOKEN arg:1] []] uses release"},
		},
		{
			name: "parameters bound by the caller",
			code: `export async function release(token) {
  const { Octokit } = await import('@octokit/rest')
  const gh = new Octokit({ auth: token })
  await gh.rest.repos.createRelease({ owner: 'a', repo: 'b', tag_name: 'v1' })
}`,
			want: []string{"call 4 rest repos.createRelease auth=param:token"},
		},
		{
			name: "a credential that goes where the reading stops, and existence checks that are not uses",
			code: `const token = process.env.GITHUB_TOKEN
if (!token) throw new Error('no token')
if (process.env.NPM_TOKEN === undefined) process.exit(1)
someSdk.configure({ key: token })
console.log(process.env.OTHER)`,
			want: []string{"flow 4 env:GITHUB_TOKEN someSdk.configure(…)", "flow 5 env:OTHER console.log(…)"},
		},
		{
			name: "Node's assert tests a value and sends it nowhere; another function called assert is not it",
			code: `const assert = require('node:assert')
const { strict } = require('assert')
const T = process.env.GITHUB_TOKEN
assert(T, 'GITHUB_TOKEN must be set')
assert.ok(process.env.GH_TOKEN)
const check = require('./check')
check(process.env.NPM_TOKEN)`,
			want: []string{"import 6 ./check", "flow 7 env:NPM_TOKEN check(…)"},
		},
		{
			name: "the whole environment handed to something unknown",
			code: `const env = process.env
runner.start(env)
console.log(env.HOME)`,
			want: []string{"flow 2 env:* runner.start(…)", "flow 3 env:HOME console.log(…)"},
		},
		{
			name: "github-script's module: the client it is handed",
			code: `module.exports = async ({ github, context }) => {
  await github.rest.issues.addLabels({ ...context.repo, issue_number: 1, labels: ['x'] })
}`,
			want: []string{"call 2 rest issues.addLabels auth=client"},
		},
		{
			name: "github-script's module: the client unpacked in the body",
			code: `async function main(param) {
  const { github, context } = param;
  await github.rest.issues.createComment({ ...context.repo, issue_number: 1, body: 'x' })
}
async function other(args) {
  await args.octokit.rest.issues.lock({ ...args.context.repo, issue_number: 1 })
}
module.exports = { main, other }`,
			want: []string{"call 3 rest issues.createComment auth=client", "call 6 rest issues.lock auth=client"},
		},
		{
			name: "a parameter's other members and a bound parameter are not the client",
			code: `async function main(param) {
  const { client } = param;
  await client.rest.issues.createComment({ owner: 'a', repo: 'b', issue_number: 1, body: 'x' })
}
async function helper(opts) { await opts.github.rest.issues.lock({ owner: 'a', repo: 'b', issue_number: 1 }) }
helper({ github: makeClient() })
module.exports = main`,
			want: []string{"call 3 rest issues.createComment auth=made", "call 5 rest issues.lock auth=made"}, // clients made by code not read
		},
		{
			name: "a dispatcher loads each module only when its export is called",
			code: `const utils = require('./utils.cjs')
module.exports = {
  ensure: (...args) => require('./ensure.cjs')(...args),
  rebase(...args) { return require('./rebase.cjs')(...args) },
  eager: require('./eager.cjs'),
  both: (...args) => require('./utils.cjs').x(...args),
}
exports.publish = async function (args) { return require('./publish.cjs')(args) }`,
			want: []string{
				"import 1 ./utils.cjs x[[param:args]]", // loaded at load time too
				"import 3 ./ensure.cjs loaded by ensure",
				"import 4 ./rebase.cjs loaded by rebase",
				"import 5 ./eager.cjs",
				"import 8 ./publish.cjs loaded by publish",
			},
		},
		{
			name: "@octokit/request and @octokit/graphql send requests without a client",
			code: `import { request } from "@octokit/request";
import { graphql } from "@octokit/graphql";
function getToken() {
  let token = process.env.GITHUB_TOKEN;
  if (!token) throw new Error("GITHUB_TOKEN is required");
  return token;
}
function requestOptions() {
  return { owner: "acme", repo: "web", headers: { authorization: ` + "`token ${getToken()}`" + ` } };
}
await request("POST /repos/{owner}/{repo}/releases", { ...requestOptions(), tag_name: "v1" });
const gql = graphql.defaults({ headers: { authorization: ` + "`token ${process.env.GQL_TOKEN}`" + ` } });
await gql("mutation { addStar(input: { starrableId: \"x\" }) { clientMutationId } }");
await request("GET /repos/acme/web/pulls");`,
			want: []string{
				"call 11 request POST /repos/{owner}/{repo}/releases auth=env:GITHUB_TOKEN",
				"call 13 graphql mutation addStar auth=env:GQL_TOKEN",
				"call 14 request GET /repos/acme/web/pulls auth=",
			},
		},
		{
			name: "what a module imports by name, and loads whole",
			code: `import { getPrFiles, createPr as open } from "./github.ts";
import * as all from "./all.ts";
const { addLabels } = require("./labels.cjs");
const gh = require("./gh.cjs");
gh.comment(); gh.review();
const raw = require("./raw.cjs");
run(raw);
require("./side.cjs")(process.env.X);`,
			want: []string{
				"import 1 ./github.ts uses createPr,getPrFiles",
				"import 2 ./all.ts",
				"import 3 ./labels.cjs uses addLabels",
				"import 4 ./gh.cjs uses comment,review",
				"import 6 ./raw.cjs",
				"import 8 ./side.cjs",
				"flow 8 env:X require(…)(…)",
			},
		},
		{
			name: "Deno and Bun read the environment their own way",
			ts:   true,
			code: `import { Octokit } from 'npm:@octokit/rest'
const gh = new Octokit({ auth: Deno.env.get('GITHUB_TOKEN') })
await gh.rest.repos.createRelease({ owner: 'a', repo: 'b', tag_name: 'v1' })
await fetch('https://api.github.com/repos/a/b/dispatches', { method: 'POST', headers: { Authorization: 'Bearer ' + Bun.env.DISPATCH_TOKEN } })
const env = Deno.env.toObject()
runner.start(env)`,
			want: []string{
				"call 3 rest repos.createRelease auth=env:GITHUB_TOKEN",
				"call 4 request POST /repos/a/b/dispatches auth=env:DISPATCH_TOKEN",
				"flow 6 env:* runner.start(…)",
			},
		},
		{
			name: "a method of an environment value reads that variable, not the whole environment",
			code: `const ref = Deno.env.get('GITHUB_REF') ?? ''
const isTag = ref.startsWith('refs/tags/')
console.log(process.env.TAG_NAME.trim())`,
			want: []string{"flow 3 env:TAG_NAME process.env.TAG_NAME.trim(…)"}, // a test of GITHUB_REF is no flow
		},
		{
			name: "zx and execa templates",
			code: `import { $ } from 'zx'
await $` + "`gh release create ${process.env.TAG}`",
			want: []string{"cmd 2 gh release create \"$__js1\" $__js1=env:TAG"},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m, err := AnalyzeProgram(c.code, ProgramOptions{TypeScript: c.ts})
			if err != nil {
				t.Fatalf("error %v", err)
			}
			got := describeProgram(m)
			if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(c.want, "\n"))
			}
		})
	}
}

func TestAnalyzeModuleParams(t *testing.T) {
	code := `export async function release(token, tag) {
  const gh = new (require('@octokit/rest').Octokit)({ auth: token })
  await gh.request('POST /repos/{owner}/{repo}/releases', { owner: 'a', repo: 'b', tag_name: tag })
}`
	m, err := AnalyzeProgram(code, ProgramOptions{Params: map[string][][]string{"release": {{"env:GH_TOKEN"}}}})
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(describeProgram(m), "\n")
	if got != "call 3 request POST /repos/{owner}/{repo}/releases auth=env:GH_TOKEN" {
		t.Errorf("got %s", got)
	}
}

func TestAnalyzeModuleSyntaxError(t *testing.T) {
	m, err := AnalyzeProgram("const a = process.env.T\nthis is not javascript\nfetch('https://api.github.com/user', {headers: {authorization: a}})", ProgramOptions{})
	var se *SyntaxError
	if err == nil || !asSyntax(err, &se) || se.Line != 2 {
		t.Fatalf("error %v, want a syntax error at line 2", err)
	}
	if got := strings.Join(describeProgram(m), "\n"); got != "call 3 request GET /user auth=env:T" {
		t.Errorf("what was read around the error: %s", got)
	}
}

func asSyntax(err error, se **SyntaxError) bool {
	s, ok := err.(*SyntaxError)
	*se = s
	return ok
}

// FuzzAnalyzeProgram checks that any text is read without panicking and
// that every line reported is in it.
func FuzzAnalyzeProgram(f *testing.F) {
	f.Add("const t = process.env.X\nfetch('https://api.github.com/x', {headers: {authorization: t}})", false)
	f.Add("import {execSync} from 'child_process'\nfunction g(...a) { execSync(`git ${a}`) }\ng(process.argv[2])", false)
	f.Add("const x: T = y as Z\nnew Octokit({auth: x}).rest.a.b()", true)
	f.Add("import { createOctoKit, $ } from './deps.ts'\nawait createOctoKit().request('POST /gists', {})\nawait repo.gitPush('origin', t)\nawait $`git push ${b}`", true)
	f.Add("new Deno.Command('git', {args: ['push', ...r], env: {T: process.env.X}})\nDeno.run({cmd: ['gh']})\nx.command(['git', 'tag'])", false)
	f.Add("send('POST /gists')\nfs.writeFileSync(path.join('.github', 'workflows', f), x)\nrun(`git push ${b}`)", false)
	f.Add("function mk() { if (a) { return new Octokit({auth: process.env.T}) } }\nmk().graphql(`query { viewer { login } }`)", false)
	f.Add("import { request } from '@octokit/request'\nexport function a() { return b() }\nfunction b() { return request('POST /repos/o/r/releases') }\nexport const c = () => request('DELETE /repos/o/r')", false)
	f.Fuzz(func(t *testing.T, code string, ts bool) {
		m, _ := AnalyzeProgram(code, ProgramOptions{TypeScript: ts})
		if m == nil {
			return
		}
		lines := strings.Count(code, "\n") + 1
		check := func(what string, l int) {
			if l < 1 || l > lines {
				t.Fatalf("%s at line %d of %d", what, l, lines)
			}
		}
		for _, c := range m.Calls {
			check("call", c.Line)
		}
		for _, c := range m.Commands {
			check("command", c.Line)
		}
		for _, fl := range m.Flows {
			check("flow", fl.Line)
		}
		for _, w := range m.WorkflowWrites {
			check("workflow write", w.Line)
		}
		for _, u := range m.Unattributed {
			check("unattributed", u.Line)
		}
		// Reading only what the importer uses never finds a call that
		// reading the whole module does not.
		pruned, _ := AnalyzeProgram(code, ProgramOptions{TypeScript: ts, Uses: []string{"a", "default"}})
		if pruned == nil {
			return
		}
		whole := map[string]bool{}
		for _, c := range m.Calls {
			whole[fmt.Sprint(c.Line, c.Kind, c.Namespace, c.Method, c.Route)] = true
		}
		for _, c := range pruned.Calls {
			if !whole[fmt.Sprint(c.Line, c.Kind, c.Namespace, c.Method, c.Route)] {
				t.Fatalf("call at line %d (%s %s %s) found only when pruned", c.Line, c.Kind, c.Method, c.Route)
			}
		}
	})
}

func TestRequiresMembers(t *testing.T) {
	for _, tc := range []struct {
		name, code string
		want       [][]string // Members of each Require, in order
	}{
		{"members called on the binding", "const bot = require('./index.cjs');\nreturn bot.ensure({github, context});", [][]string{{"ensure"}}},
		{"several, awaited import", "const m = await import('./m.mjs');\nawait m.b(); await m.a(); m.b()", [][]string{{"a", "b"}}},
		{"used whole", "const bot = require('./index.cjs');\nrun(bot)", [][]string{nil}},
		{"computed member", "const bot = require('./index.cjs');\nbot[process.env.X]()", [][]string{nil}},
		{"not bound", "require('./index.cjs').ensure()", [][]string{nil}},
		{"member of a destructured binding", "const { ensure } = require('./index.cjs');\nensure()", [][]string{nil}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got [][]string
			for _, r := range Requires(tc.code) {
				got = append(got, r.Members)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestAnalyzeProgramUses(t *testing.T) {
	code := `import { request } from "@octokit/request";
const auth = { headers: { authorization: "token " + process.env.GITHUB_TOKEN } };
function helper() { return request("POST /repos/a/b/pulls", auth) }
export async function getPrFiles() { return request("GET /repos/a/b/pulls/1/files", auth) }
export async function createPr() { return helper() }
export const closePr = async () => request("PATCH /repos/a/b/pulls/1", auth);
function onlyFromClose() { return request("DELETE /repos/a/b/git/refs/heads/x", auth) }
export function close() { return onlyFromClose() }
module.exports.legacy = () => request("POST /repos/a/b/issues/1/comments", auth);`
	for _, tc := range []struct {
		name string
		uses []string
		want []string
	}{
		{"every export", nil, []string{"call 3 request POST /repos/a/b/pulls auth=env:GITHUB_TOKEN", "call 4 request GET /repos/a/b/pulls/1/files auth=env:GITHUB_TOKEN",
			"call 6 request PATCH /repos/a/b/pulls/1 auth=env:GITHUB_TOKEN", "call 7 request DELETE /repos/a/b/git/refs/heads/x auth=env:GITHUB_TOKEN", "call 9 request POST /repos/a/b/issues/1/comments auth=env:GITHUB_TOKEN"}},
		{"one export", []string{"getPrFiles"}, []string{"call 4 request GET /repos/a/b/pulls/1/files auth=env:GITHUB_TOKEN"}},
		{"an export and the helper it calls", []string{"createPr"}, []string{"call 3 request POST /repos/a/b/pulls auth=env:GITHUB_TOKEN"}},
		{"an arrow export and a CommonJS one", []string{"closePr", "legacy", "close"}, []string{"call 6 request PATCH /repos/a/b/pulls/1 auth=env:GITHUB_TOKEN",
			"call 7 request DELETE /repos/a/b/git/refs/heads/x auth=env:GITHUB_TOKEN", "call 9 request POST /repos/a/b/issues/1/comments auth=env:GITHUB_TOKEN"}},
		{"loaded for its side effects", []string{}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, err := AnalyzeProgram(code, ProgramOptions{Uses: tc.uses})
			if err != nil {
				t.Fatal(err)
			}
			got := callLines(m)
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
	// A used export that reaches another through a member (this.b(),
	// exports.b(), obj['b']) reaches it.
	members := `import { request } from "@octokit/request";
const auth = { headers: { authorization: "token " + process.env.GITHUB_TOKEN } };
module.exports = {
  a() { return this.b() },
  b() { return request("POST /repos/a/b/releases", auth) },
  c() { return request("DELETE /repos/a/b/releases/1", auth) },
};
exports.d = () => exports.e();
exports.e = () => request("PUT /repos/a/b/pulls/1/merge", auth);
exports.f = () => handlers['g']();
function g() { return request("POST /repos/a/b/issues", auth) }`
	for _, tc := range []struct {
		uses []string
		want string
	}{
		{[]string{"a"}, "call 5 request POST /repos/a/b/releases auth=env:GITHUB_TOKEN"},
		{[]string{"d"}, "call 9 request PUT /repos/a/b/pulls/1/merge auth=env:GITHUB_TOKEN"},
		{[]string{"f"}, "call 11 request POST /repos/a/b/issues auth=env:GITHUB_TOKEN"},
	} {
		m, err := AnalyzeProgram(members, ProgramOptions{Uses: tc.uses})
		if err != nil {
			t.Fatal(err)
		}
		got := callLines(m)
		if strings.Join(got, "\n") != tc.want {
			t.Errorf("uses %v: got %q, want %q", tc.uses, got, tc.want)
		}
	}
	// A module that picks an export by a computed name is read whole.
	m, err := AnalyzeProgram(code+"\nexports[process.argv[2]]()", ProgramOptions{Uses: []string{"getPrFiles"}})
	if err != nil || len(m.Calls) != 5 {
		t.Errorf("computed export: %d calls, %v; want 5", len(m.Calls), err)
	}
}

// callLines are the calls of describeProgram's lines.
func callLines(m *Program) []string {
	var out []string
	for _, l := range describeProgram(m) {
		if strings.HasPrefix(l, "call ") {
			out = append(out, l)
		}
	}
	return out
}

// TestLoadedPackages: what a module loads that is not the repository's
// own code, and what it loads by a name built at run time.
func TestLoadedPackages(t *testing.T) {
	for _, tc := range []struct {
		name, code string
		pkgs       []string
		unknown    bool
	}{
		{"built-ins and local modules", "import fs from 'node:fs'\nimport { x } from './x.js'\nconst cp = require('child_process')", []string{"node:fs", "child_process"}, false},
		{"a package, once", "import { Octokit } from '@octokit/rest'\nexport { retry } from '@octokit/plugin-retry'\nconst o = require('@octokit/rest')", []string{"@octokit/rest", "@octokit/plugin-retry"}, false},
		{"a dynamic import of a constant", "const m = await import('semver')", []string{"semver"}, false},
		{"a name built at run time", "const m = require(process.argv[2])", nil, true},
		{"code given as a string", "eval(process.env.CODE)", nil, true},
		{"new Function", "const f = new Function('return 1')", nil, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, err := AnalyzeProgram(tc.code, ProgramOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(m.Packages, tc.pkgs) || m.LoadsUnknown != tc.unknown {
				t.Errorf("packages %q, unknown %v; want %q, %v", m.Packages, m.LoadsUnknown, tc.pkgs, tc.unknown)
			}
		})
	}
}

// TestLocalRunners: a function of a local module whose name says it runs a
// command is read at each call as that command; one named only "run..."
// is not taken for one.
func TestLocalRunners(t *testing.T) {
	code := `import { logAndExec, runTests } from './utils/process.ts'
logAndExec('git push origin main')
logAndExec(['gh', 'release', 'create', 'v1'])
logAndExec(command)
runTests('unit')`
	m, err := AnalyzeProgram(code, ProgramOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"cmd 2 git push origin main",
		"cmd 3 gh release create v1",
		"cmd 4  unknown: its command line is built at run time",
	}
	var got []string
	for _, l := range describeProgram(m) {
		if strings.HasPrefix(l, "cmd ") {
			got = append(got, l)
		}
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(m.Imports) != 1 || strings.Join(m.Imports[0].Runs, ",") != "logAndExec" {
		t.Errorf("imports %+v, want ./utils/process.ts running logAndExec", m.Imports)
	}
}

// TestImportAttributes: a module whose imports carry attributes (with {
// type: 'json' }, assert { ... }) is read whole, its calls kept.
func TestImportAttributes(t *testing.T) {
	code := "import data from './data.json' with { type: 'json' };\n" +
		"import meta from \"./meta.json\" assert { type: \"json\" };\n" +
		"import { execSync } from 'node:child_process';\n" +
		"execSync('gh pr list');\n"
	p, err := AnalyzeProgram(code, ProgramOptions{})
	if err != nil {
		t.Fatalf("AnalyzeProgram: %v", err)
	}
	if len(p.Commands) != 1 || !strings.Contains(p.Commands[0].Text, "gh pr list") {
		t.Errorf("commands %+v, want gh pr list", p.Commands)
	}
	src := "import a from 'a' with { type: 'json' }; x()"
	b := []byte(src)
	if !blankImportAttributes(b, 1) || len(b) != len(src) || strings.Contains(string(b), "with") || !strings.HasPrefix(string(b), "import a from 'a' ") || !strings.HasSuffix(string(b), "; x()") {
		t.Errorf("blanked %q", b)
	}
}

// TestEnvGetters: a function that returns the variable its parameter
// names (requireEnv("X")) reads $X at each call, so what a call's result
// is handed to names that variable alone, and the getter's own read of
// the environment is no use of every variable.
func TestEnvGetters(t *testing.T) {
	for _, tc := range []struct {
		name, code string
		ts         bool
		want       []string
	}{
		{"Deno, checked", `import { Bot } from "npm:grammy";
function requireEnv(name: string): string {
  const value = Deno.env.get(name);
  if (!value) { Deno.exit(1); }
  return value;
}
const TOKEN = requireEnv("TELEGRAM_TOKEN");
new Bot(TOKEN);`, true, []string{"flow 7 env:TELEGRAM_TOKEN new Bot(…)"}},
		{"Node arrow", `import { Bot } from "grammy";
const env = (n) => process.env[n];
new Bot(env("API_KEY"));`, false, []string{"flow 3 env:API_KEY new Bot(…)"}},
		{"name not constant", `import { Bot } from "grammy";
const env = (n) => process.env[n];
new Bot(env(process.argv[2]));`, false, []string{"flow 2 env:* process.env[n]", "flow 2 arg:1 n"}},
		{"returns something else too", `import { Bot } from "grammy";
function pick(n) { if (n) return process.env[n]; return process.env.DEFAULT }
new Bot(pick("A"));`, false, []string{"flow 2 env:* process.env[n]", "flow 2 env:DEFAULT process.env.DEFAULT"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, err := AnalyzeProgram(tc.code, ProgramOptions{TypeScript: tc.ts})
			if err != nil {
				t.Fatal(err)
			}
			got := describeProgram(m)
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}
