package jsops

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/pat2app/pat2app/scanner/gqlops"
)

// summary renders a call compactly for table tests.
func summary(c Call) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d %s", c.Line, c.Kind)
	switch c.Kind {
	case KindREST:
		fmt.Fprintf(&b, " %s.%s", c.Namespace, c.Method)
	case KindRequest:
		fmt.Fprintf(&b, " %s", c.Route)
	case KindGraphQL:
		for _, op := range c.GraphQL {
			fmt.Fprintf(&b, " %s", op.Type)
			for _, f := range op.Fields {
				fmt.Fprintf(&b, " %s", f.Name)
			}
		}
	case KindUnknown:
		fmt.Fprintf(&b, " %q", c.Evidence)
	case KindOther:
		fmt.Fprintf(&b, " %s", c.Host)
	}
	if c.Paginate {
		b.WriteString(" paginate")
	}
	if c.Owner != "" || c.Repo != "" {
		fmt.Fprintf(&b, " %s/%s", c.Owner, c.Repo)
	}
	if c.Org != "" {
		fmt.Fprintf(&b, " org=%s", c.Org)
	}
	if c.ContextRepo {
		b.WriteString(" ctx")
	}
	if c.Client != "" {
		fmt.Fprintf(&b, " client=%s", c.Client)
	}
	if c.RunTimeRepo != "" {
		fmt.Fprintf(&b, " run-time=%s", c.RunTimeRepo)
	}
	return b.String()
}

func summaries(calls []Call) []string {
	out := make([]string, 0, len(calls))
	for _, c := range calls {
		out = append(out, summary(c))
	}
	return out
}

func TestAnalyze(t *testing.T) {
	tests := []struct {
		name string
		code string
		want []string
	}{
		{
			name: "rest call with context.repo values",
			code: `github.rest.issues.addLabels({
  issue_number: context.issue.number,
  owner: context.repo.owner,
  repo: context.repo.repo,
  labels: ['Z-Labs']
})`,
			want: []string{"1 rest issues.addLabels ctx"},
		},
		{
			name: "a method chosen by a condition is either method",
			code: "post = (context.eventName == 'issue_comment'\n  ? github.rest.reactions.createForIssueComment\n  : github.rest.reactions.createForPullRequestReviewComment)\n" +
				"post({ owner: context.repo.owner, repo: context.repo.repo, comment_id: 1, content: 'eyes' })",
			want: []string{"4 rest reactions.createForIssueComment ctx", "4 rest reactions.createForPullRequestReviewComment ctx"},
		},
		{
			name: "legacy v4 form without rest",
			code: "await github.issues.createComment({owner: 'octo', repo: \"hello\", issue_number: 1, body: 'hi'})",
			want: []string{"1 rest issues.createComment octo/hello"},
		},
		{
			name: "spread context.repo and cross-repo literal",
			code: "const r = await github.rest.pulls.get({ ...context.repo, pull_number: 1 })\n" +
				"await github.rest.actions.createWorkflowDispatch({\n  owner: context.repo.owner,\n  repo: 'vite-ecosystem-ci',\n  workflow_id: 'x.yml', ref: 'main'\n})",
			want: []string{"1 rest pulls.get ctx", "2 rest actions.createWorkflowDispatch /vite-ecosystem-ci ctx"},
		},
		{
			name: "aliases: const gh, destructured rest and namespace",
			code: `const gh = github
const { rest } = github
const { issues } = github.rest
const { owner, repo } = context.repo
await gh.rest.repos.get({ owner, repo })
await rest.issues.create({ owner, repo, title: 't' })
await issues.lock({ owner: 'o', repo: 'r', issue_number: 1 })`,
			want: []string{"5 rest repos.get ctx", "6 rest issues.create ctx", "7 rest issues.lock o/r"},
		},
		{
			name: "octokit global and getOctokit client",
			code: `const other = github.getOctokit(process.env.OTHER_TOKEN)
await octokit.rest.issues.get({ ...context.issue })
await other.rest.repos.createDispatchEvent({ owner: 'org', repo: 'infra', event_type: 'go' })
const { Octokit } = require('@octokit/rest')
const pat = new Octokit({ auth: process.env.PAT, userAgent: 'x' })
await pat.paginate(pat.rest.repos.listForOrg, { org: 'acme' })`,
			want: []string{"2 rest issues.get ctx", "3 rest repos.createDispatchEvent org/infra client=github.getOctokit(process.env.OTHER_TOKEN)",
				"6 rest repos.listForOrg paginate org=acme client=new Octokit({auth: process.env.PAT})"},
		},
		{
			name: "request route with placeholders and template string",
			code: `await github.request('POST /repos/{owner}/{repo}/issues/{issue_number}/labels', {
  ...context.repo, issue_number: 1, labels: ['x'] })
const name = process.env.LABEL
await github.request(` + "`DELETE /repos/${context.repo.owner}/${context.repo.repo}/labels/${name}`" + `)
await github.request("/repos/octo/hello/releases/latest")
await github.request({ method: 'patch', url: '/repos/{owner}/{repo}', owner: 'a', repo: 'b' })`,
			want: []string{
				"1 request POST /repos/{owner}/{repo}/issues/{issue_number}/labels ctx",
				"4 request DELETE /repos/{context.repo.owner}/{context.repo.repo}/labels/{name} ctx",
				"5 request GET /repos/octo/hello/releases/latest octo/hello",
				"6 request PATCH /repos/{owner}/{repo} a/b",
			},
		},
		{
			name: "request with an opaque route is unknown",
			code: "const route = process.env.ROUTE\nawait github.request(route)",
			want: []string{`2 unknown "github.request(route)"`},
		},
		{
			name: "graphql with const query and variables",
			code: "const query = `mutation($project: ID!, $item: ID!) {\n" +
				"  addProjectV2ItemById(input: {projectId: $project, contentId: $item}) { item { id } }\n}`\n" +
				"await github.graphql(query, { project: 'PVT_1', item: context.payload.issue.node_id })\n" +
				"await github.graphql(`query { repository(owner: \"octo\", name: \"hello\") { pullRequests(first: 5) { nodes { id } } } }`)\n" +
				"const q2 = 'query($owner: String!, $repo: String!) { repository(owner: $owner, name: $repo) { id } }'\n" +
				"await github.graphql(q2, { owner: context.repo.owner, repo: context.repo.repo })",
			want: []string{
				"4 graphql mutation addProjectV2ItemById",
				"5 graphql query repository octo/hello",
				"7 graphql query repository ctx",
			},
		},
		{
			name: "graphql object form and opaque query",
			code: "await github.graphql({ query: 'mutation($id: ID!) { enablePullRequestAutoMerge(input: {pullRequestId: $id}) { clientMutationId } }', id: 'x' })\n" +
				"await github.graphql(fs.readFileSync('q.graphql', 'utf8'))\n" +
				"await github.graphql('query { %%% }')",
			want: []string{
				"1 graphql mutation enablePullRequestAutoMerge",
				`2 unknown "github.graphql(fs.readFileSync(…)) (query not visible)"`,
				`3 unknown "github.graphql (query does not parse: graphql: 1:9: unexpected character \"%\")"`,
			},
		},
		{
			name: "a document chosen by a condition",
			code: "const mutation = replyToId\n  ? `mutation($d: ID!, $r: ID!) { addDiscussionComment(input: {discussionId: $d, replyToId: $r}) { comment { id } } }`\n  : `mutation($d: ID!) { deleteDiscussion(input: {id: $d}) { clientMutationId } }`;\n" +
				"await github.graphql(mutation, { d, r })\n" +
				"await github.graphql(flag ? 'query { viewer { login } }' : opaque)",
			want: []string{
				"4 graphql mutation addDiscussionComment",
				"4 graphql mutation deleteDiscussion",
				"5 graphql query viewer",
				`5 unknown "github.graphql(opaque) (query not visible)"`,
			},
		},
		{
			name: "query built by a script function",
			code: "function addItem(project, content) {\n  const unused = 1\n  return `mutation { addProjectV2ItemById(input: {projectId: \"${project}\", contentId: \"${content}\"}) { item { id } } }`\n}\n" +
				"const byNumber = (n) => `query { organization(login: \"acme\") { projectV2(number: ${n}) { id } } }`\n" +
				"await github.graphql(addItem('PVT_1', context.payload.issue.node_id))\nawait github.graphql(byNumber(3))",
			want: []string{"6 graphql mutation addProjectV2ItemById", "7 graphql query organization"},
		},
		{
			name: "toolkit module: getOctokit, new getOctokit and its context",
			code: "const gh = require('@actions/github')\nconst { getOctokit } = require('@actions/github')\nconst ok1 = gh.getOctokit(process.env.T)\nconst ok2 = new getOctokit(process.env.T)\n" +
				"await ok1.rest.issues.get({ ...gh.context.repo, issue_number: 1 })\nawait ok2.rest.pulls.list({ owner: gh.context.repo.owner, repo: 'x' })",
			want: []string{"5 rest issues.get ctx client=gh.getOctokit(process.env.T)", "6 rest pulls.list /x ctx client=new getOctokit(process.env.T)"},
		},
		{
			name: "paginate over a rest method, a route and iterator",
			code: `const issues = await github.paginate(github.rest.issues.listForRepo, { owner: 'o', repo: 'r', state: 'open' })
const runs = await github.paginate('GET /repos/{owner}/{repo}/actions/runs', context.repo)
for await (const resp of github.paginate.iterator(github.rest.pulls.list, { ...context.repo })) {}`,
			want: []string{
				"1 rest issues.listForRepo paginate o/r",
				"2 request GET /repos/{owner}/{repo}/actions/runs paginate ctx",
				"3 rest pulls.list paginate ctx",
			},
		},
		{
			name: "paginate over endpoint.merge options (github-script README)",
			code: "const creator = context.payload.sender.login\nconst opts = github.issues.listForRepo.endpoint.merge({\n  ...context.issue,\n  creator,\n  state: 'all'\n})\nconst issues = await github.paginate(opts)\n" +
				"await github.paginate(github.rest.pulls.list.endpoint({ owner: 'o', repo: 'r' }))",
			want: []string{"7 rest issues.listForRepo paginate ctx", "8 rest pulls.list paginate o/r"},
		},
		{
			name: "calls in functions, arrows, loops, try, Promise.all, IIFE",
			code: `async function label(n) {
  await github.rest.issues.addLabels({ ...context.repo, issue_number: n, labels: ['a'] })
}
const close = async (n) => github.rest.issues.update({ ...context.repo, issue_number: n, state: 'closed' })
for (const n of [1, 2]) {
  try {
    await label(n)
  } catch (e) {
    await github.rest.issues.createComment({ ...context.repo, issue_number: n, body: ` + "`failed ${e}`" + ` })
  }
}
await Promise.all([3, 4].map(n => github.rest.issues.lock({ ...context.repo, issue_number: n })))
;(async () => { await github.rest.repos.get(context.repo) })()
if (true) { return 1 }`,
			want: []string{
				"2 rest issues.addLabels ctx",
				"4 rest issues.update ctx",
				"9 rest issues.createComment ctx",
				"12 rest issues.lock ctx",
				"13 rest repos.get ctx",
			},
		},
		{
			name: "call inside a template substitution and optional chaining",
			code: "core.summary.addRaw(`Open: ${(await github.rest.pulls.list({ ...context.repo })).data.length}`)\nawait github?.rest?.issues?.get?.({ ...context.issue })",
			want: []string{"1 rest pulls.list ctx", "2 rest issues.get ctx"},
		},
		{
			name: "request of a URL from the event payload is unknown",
			code: "const diff_url = context.payload.pull_request.diff_url\nconst result = await github.request(diff_url)",
			want: []string{`2 unknown "github.request(diff_url)"`},
		},
		{
			name: "helper taking the client as a parameter",
			code: "async function run(gh, owner) {\n  return gh.rest.repos.listForOrg({ org: owner })\n}\nawait run(github, 'acme')\nawait github.rest.teams.addOrUpdateMembershipForUserInOrg({ org: 'acme', team_slug: 't', username: 'u' })",
			want: []string{"2 rest repos.listForOrg", "5 rest teams.addOrUpdateMembershipForUserInOrg org=acme"},
		},
		{
			name: "dynamic members and constants",
			code: "const method = 'addAssignees'\nawait github.rest.issues[method]({})\nawait github.rest.issues[process.env.M]({})\nawait github['rest'].pulls['merge']({})",
			want: []string{
				"2 rest issues.addAssignees",
				`3 unknown "github.rest.issues[process.env.M] (dynamic member)"`,
				"4 rest pulls.merge",
			},
		},
		{
			name: "the client's request to an absolute URL: another host, a repository file, the API",
			code: "await github.request('https://official-joke-api.appspot.com/random_joke')\n" +
				"await github.request('https://raw.githubusercontent.com/o/r/main/a.json')\n" +
				"await github.request('https://api.github.com/repos/o/r/issues')",
			want: []string{
				"1 other official-joke-api.appspot.com",
				"2 request GET /repos/o/r/contents/a.json o/r",
				"3 request GET /repos/o/r/issues o/r",
			},
		},
		{
			name: "a repository named by a loop variable, and by this repository's variable split",
			code: "for (const { repo } of [{ repo: 'web' }, { repo: 'docs' }]) {\n" +
				"  await github.rest.actions.createWorkflowDispatch({ owner: 'acme', repo, workflow_id: 'x.yml', ref: 'main' })\n}\n" +
				"const [owner, name] = process.env.GITHUB_REPOSITORY.split('/')\n" +
				"await github.rest.issues.create({ owner, repo: name, title: 't' })",
			want: []string{
				"2 rest actions.createWorkflowDispatch acme/ run-time=acme/{repo}",
				"5 rest issues.create",
			},
		},
		{
			name: "one part from the context and the other known only at run time",
			code: "const repo = process.env.CERT_REPO || 'automation'\n" +
				"await github.rest.repos.createOrUpdateFileContents({ owner: context.repo.owner, repo, path: 'a', message: 'm', content: 'x' })\n" +
				"await github.rest.issues.create({ ...context.repo, repo: process.env.TARGET, title: 't' })\n" +
				"await github.rest.issues.create({ owner: context.repo.owner, repo: 'docs', title: 't' })",
			want: []string{
				"2 rest repos.createOrUpdateFileContents ctx run-time={owner}/{repo}",
				"3 rest issues.create ctx run-time={owner}/{process.env.TARGET}",
				"4 rest issues.create /docs ctx",
			},
		},
		{
			name: "endpoint helpers and client plumbing make no call",
			code: "const opts = github.rest.issues.addLabels.endpoint.merge({ owner: 'o' })\ngithub.log.info('x')\ngithub.hook.before('request', () => {})\nconst c = github.getOctokit('t')",
			want: []string{},
		},
		{
			name: "require of local script given the client",
			code: "const script = require('./.github/scripts/triage.js')\nawait script({github, context, core})\n" +
				"const { run } = require(`${process.env.GITHUB_WORKSPACE}/scripts/run.js`)\nawait run({ github })\n" +
				"require('./other.js')({ github })\nconst lodash = require('lodash')\nlodash.map([], x => x)",
			want: []string{
				`2 unknown "require ./.github/scripts/triage.js"`,
				`4 unknown "require ${process.env.GITHUB_WORKSPACE}/scripts/run.js"`,
				`5 unknown "require ./other.js"`,
			},
		},
		{
			name: "plain calls are located by their own tokens",
			code: "const s = require('./a.js')\nif (s(github)) {\n  s(github)\n}\nconst obj = { s() { return 1 } }\nfunction f() { return s }\ns(\n  github)",
			want: []string{
				`2 unknown "require ./a.js"`,
				`3 unknown "require ./a.js"`,
				`7 unknown "require ./a.js"`,
			},
		},
		{
			name: "fetch to the API, elsewhere, and opaque with authorization",
			code: "await fetch('https://api.github.com/repos/o/r/dispatches', { method: 'POST', headers: { authorization: `token ${process.env.T}` } })\n" +
				"await fetch(`${process.env.GITHUB_API_URL}/repos/${context.repo.owner}/${context.repo.repo}/pulls`)\n" +
				"const res = await fetch(`https://pkg.pr.new/vite@${sha}`)\n" +
				"await fetch(url, { headers: { Authorization: 'Bearer ' + token } })\n" +
				"const body = JSON.stringify({ query: 'mutation($id: ID!) { closeIssue(input: {issueId: $id}) { clientMutationId } }', variables: { id } })\n" +
				"await fetch('https://api.github.com/graphql', { method: 'POST', headers: { authorization: 'bearer x' }, body })",
			want: []string{
				"1 request POST /repos/o/r/dispatches o/r",
				"2 request GET /repos/{context.repo.owner}/{context.repo.repo}/pulls ctx",
				`4 unknown "fetch(url) with an authorization header"`,
				"6 graphql mutation closeIssue",
			},
		},
		{
			name: "workflow expressions in the script",
			code: "const prData = ${{ steps.get-pr-data.outputs.result }}\n" +
				"await github.rest.issues.addLabels({ owner: '${{ github.repository_owner }}', repo: context.repo.repo, issue_number: prData.num })\n" +
				"await github.graphql(`query { organization(login: \"${{ github.repository_owner }}\") { projectV2(number: ${{ env.N }}) { id } } }`)",
			want: []string{
				"2 rest issues.addLabels ${{ github.repository_owner }}/ ctx",
				"3 graphql query organization",
			},
		},
		{
			name: "promise chain without await",
			code: "github.rest.issues.get({\n  issue_number: context.issue.number,\n  owner: context.repo.owner,\n  repo: context.repo.repo,\n})\n.then(function(issue) { return github.rest.reactions.createForIssue({ ...context.repo, issue_number: issue.data.number, content: '+1' }) })",
			want: []string{"1 rest issues.get ctx", "6 rest reactions.createForIssue ctx"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			calls, err := Analyze(tt.code)
			if err != nil {
				t.Fatalf("Analyze: %v", err)
			}
			got := summaries(calls)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Analyze:\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestAnalyzeDetails(t *testing.T) {
	code := "const q = `query { organization(login: \"acme\") { projectV2(number: ${num}) { items(first: 1) { nodes { id } } } } }`\n" +
		"await github.graphql(q)\nawait github.rest.issues.addLabels({})"
	calls, err := Analyze(code)
	if err != nil {
		t.Fatal(err)
	}
	if len(calls) != 2 {
		t.Fatalf("calls = %d, want 2", len(calls))
	}
	want := []gqlops.Operation{{Type: "query", Fields: []gqlops.Field{{
		Name: "organization", Args: map[string]string{"login": "acme"}, Sub: []string{"projectV2"}, Deep: []string{"items", "nodes", "id"}, Line: 1,
	}}}}
	if !reflect.DeepEqual(calls[0].GraphQL, want) {
		t.Errorf("GraphQL = %+v, want %+v", calls[0].GraphQL, want)
	}
	if calls[0].Evidence != "github.graphql" || calls[1].Evidence != "github.rest.issues.addLabels" {
		t.Errorf("evidence = %q, %q", calls[0].Evidence, calls[1].Evidence)
	}
	// A placeholder in an argument is given back as {expr}.
	calls, err = Analyze("await github.graphql(`query { user(login: \"${who}\") { projectV2(number: ${n}) { id } } }`)")
	if err != nil {
		t.Fatal(err)
	}
	if got := calls[0].GraphQL[0].Fields[0].Args["login"]; got != "{who}" {
		t.Errorf("login arg = %q, want {who}", got)
	}
}

func TestAnalyzeSyntaxError(t *testing.T) {
	code := "await github.rest.issues.get({ ...context.repo })\nconst = broken\nawait github.rest.pulls.list(context.repo)"
	calls, err := Analyze(code)
	var se *SyntaxError
	if !errors.As(err, &se) {
		t.Fatalf("error = %v, want *SyntaxError", err)
	}
	if se.Line != 2 {
		t.Errorf("error line = %d, want 2 (%v)", se.Line, se)
	}
	got := summaries(calls)
	want := []string{"1 rest issues.get ctx", "3 rest pulls.list ctx"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("partial calls = %q, want %q", got, want)
	}
	if _, err := Analyze("github.rest.issues.get({"); err == nil {
		t.Error("unclosed call: no error")
	}
	if _, err := Analyze(strings.Repeat(" ", MaxScriptSize+1)); err == nil || !strings.Contains(err.Error(), "limit") {
		t.Errorf("oversized script: error = %v", err)
	}
}

func TestAnalyzeBounded(t *testing.T) {
	// Each constant doubles the previous one: following definitions
	// naively takes 2^40 steps and 2^40 bytes (the test would not end).
	var b strings.Builder
	b.WriteString("const c0 = 'query { viewer { login } }'\n")
	for i := 1; i <= 40; i++ {
		fmt.Fprintf(&b, "const c%d = c%d + c%d\n", i, i-1, i-1)
	}
	b.WriteString("await github.graphql(c40)\nawait github.graphql(c1)\n")
	prefix := b.String()
	calls, err := Analyze(prefix)
	if err != nil {
		t.Fatal(err)
	}
	got := summaries(calls)
	want := []string{`42 unknown "github.graphql(c40) (query not visible)"`, "43 graphql query viewer query viewer"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("calls = %q, want %q", got, want)
	}

	// Once the script's budget is spent, calls are still reported, and each
	// costs a bounded amount of work: the work (counted in allocations, which
	// a busy machine does not change) of n costly calls grows linearly in n.
	costly := func(n int) string {
		return prefix + strings.Repeat("await github.graphql(c40)\n", n) + "await github.rest.issues.get(context.issue)\n"
	}
	const n = 3000
	calls, err = Analyze(costly(n))
	if err != nil {
		t.Fatal(err)
	}
	if len(calls) != n+3 || summary(calls[len(calls)-1]) != fmt.Sprintf("%d rest issues.get ctx", n+44) {
		t.Errorf("got %d calls ending %q, want %d ending with issues.get", len(calls), summary(calls[len(calls)-1]), n+3)
	}
	work := func(n int) float64 {
		src := costly(n)
		return testing.AllocsPerRun(1, func() { _, _ = Analyze(src) })
	}
	if small, large := work(n/8), work(n); large > 3*8*small {
		t.Errorf("%d costly calls: %.0f allocations, %d: %.0f: more than linear", n/8, small, n, large)
	}
}

func TestUnescapeJS(t *testing.T) {
	tests := map[string]string{
		`plain`:            "plain",
		`a\nb\tc`:          "a\nb\tc",
		`\'q\' \"d\"`:      `'q' "d"`,
		`\x41\u0042\u{43}`: "ABC",
		"line\\\ncont":     "linecont",
		`\\`:               `\`,
		`bad \u12`:         "bad u12",
	}
	for in, want := range tests {
		if got := unescapeJS(in); got != want {
			t.Errorf("unescapeJS(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzAnalyze(f *testing.F) {
	for _, s := range []string{
		"await github.rest.issues.addLabels({ ...context.repo, issue_number: 1, labels: ['a'] })",
		"const { rest } = github; rest.pulls.get({ owner: 'o', repo: 'r' })",
		"github.request(`POST /repos/${o}/${r}/issues`, {})\nreturn 1",
		"await github.graphql(`query { repository(owner: \"${{ github.repository_owner }}\", name: \"x\") { id } }`)",
		"const s = require('./x.js'); await s({github, context})",
		"fetch('https://api.github.com/user', {method: 'GET'})",
		"a = b; b = a; a.rest.issues.get()",
		"async function f(g) { g.rest.x.y() } f(github)",
		"const bot = require(`${process.env.GITHUB_WORKSPACE}/x/index.cjs`); return bot.run({github, context});",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, code string) {
		if len(code) > 1<<16 {
			return // the 1 MB cap is tested above; keep fuzzing fast
		}
		calls, _ := Analyze(code)
		lines := strings.Count(code, "\n") + 1
		for _, r := range Requires(code) {
			if !slices.IsSorted(r.Members) || slices.Contains(r.Members, "") {
				t.Fatalf("members of %q not sorted names: %q", r.Spec, r.Members)
			}
		}
		for _, c := range calls {
			if c.Line < 1 || c.Line > lines {
				t.Fatalf("call line %d outside 1..%d: %+v", c.Line, lines, c)
			}
			switch c.Kind {
			case KindREST, KindRequest, KindGraphQL, KindUnknown:
			default:
				t.Fatalf("bad kind %q", c.Kind)
			}
		}
	})
}

const benchScript = `const { owner, repo } = context.repo
const prNumber = context.payload.pull_request.number
const labels = ['needs-review']
const { data: pr } = await github.rest.pulls.get({ owner, repo, pull_number: prNumber })
if (pr.draft) {
  return 'draft'
}
const files = await github.paginate(github.rest.pulls.listFiles, {
  owner,
  repo,
  pull_number: prNumber,
  per_page: 100,
})
for (const file of files) {
  if (file.filename.startsWith('docs/')) {
    labels.push('documentation')
  }
  if (file.filename.endsWith('.go')) {
    labels.push('go')
  }
}
await github.rest.issues.addLabels({
  owner,
  repo,
  issue_number: prNumber,
  labels,
})
const query = ` + "`" + `query($owner: String!, $repo: String!, $number: Int!) {
  repository(owner: $owner, name: $repo) {
    pullRequest(number: $number) {
      reviewDecision
      commits(last: 1) { nodes { commit { statusCheckRollup { state } } } }
    }
  }
}` + "`" + `
const result = await github.graphql(query, { owner, repo, number: prNumber })
const state = result.repository.pullRequest.commits.nodes[0].commit.statusCheckRollup.state
try {
  await github.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
    owner,
    repo,
    issue_number: prNumber,
    body: ` + "`Checks are ${state}`" + `,
  })
} catch (error) {
  core.warning(` + "`comment failed: ${error.message}`" + `)
}
await Promise.all(labels.map(async (name) => {
  await github.rest.issues.createLabel({ owner, repo, name }).catch(() => {})
}))
const other = github.getOctokit(process.env.ORG_TOKEN)
await other.rest.repos.createDispatchEvent({
  owner: 'acme',
  repo: 'deployments',
  event_type: 'pr-labelled',
  client_payload: { pr: prNumber, labels },
})
core.setOutput('labels', labels.join(','))
return labels
`

func BenchmarkAnalyze(b *testing.B) {
	if n := strings.Count(benchScript, "\n"); n < 55 || n > 65 {
		b.Fatalf("bench script has %d lines, want about 60", n)
	}
	b.SetBytes(int64(len(benchScript)))
	for b.Loop() {
		calls, err := Analyze(benchScript)
		if err != nil || len(calls) != 7 {
			b.Fatalf("Analyze = %d calls, %v", len(calls), err)
		}
	}
}

// TestMayMakeClient: every script whose calls name a client of its own
// passes the text test, and scripts on the action's client need not.
func TestMayMakeClient(t *testing.T) {
	for _, code := range []string{
		"const o = github.getOctokit(process.env.PAT)\nawait o.rest.issues.create({})",
		"const { Octokit } = require('@octokit/rest')\nconst k = new Octokit({ auth: process.env.T })\nawait k.rest.pulls.list({})",
		"const { GitHub } = require('@actions/github/lib/utils')\nconst g = new GitHub({ auth: 'x' })\nawait g.rest.repos.get({})",
	} {
		calls, err := Analyze(code)
		if err != nil {
			t.Fatalf("%q: %v", code, err)
		}
		own := false
		for _, c := range calls {
			own = own || c.Client != ""
		}
		if !own {
			t.Errorf("%q: no call through a client of its own: %+v", code, calls)
		}
		if !MayMakeClient(code) {
			t.Errorf("%q: MayMakeClient false", code)
		}
	}
	if MayMakeClient("await github.rest.issues.createComment({ body: 'hi' })") {
		t.Error("a script on the action's client may make one of its own")
	}
}

// FuzzAnalyzeModule: any bytes as an action's module must not panic, and
// every call has a line and a kind.
func FuzzAnalyzeModule(f *testing.F) {
	f.Add("const o = require('@actions/github').getOctokit(core.getInput('token'));\nawait o.rest.issues.create({});\nexec.exec('git', ['push']);")
	f.Add("class A { async f() { await this.client.issues.createComment({}); await this.client.graphql(`query { viewer { login } }`) } }")
	f.Add("const x = new Octokit({auth: process.env.GITHUB_TOKEN || core.getInput('t')}); x.paginate(x.rest.pulls.list, {})")
	isMethod := func(ns, m string) bool { return ns == "issues" }
	f.Fuzz(func(t *testing.T, code string) {
		mod, _ := AnalyzeModule(code, ModuleOptions{IsMethod: isMethod})
		for _, c := range mod.Calls {
			if c.Line < 1 || c.Kind == "" {
				t.Fatalf("call without line or kind: %+v", c)
			}
		}
	})
}

func TestAnalyzeModule(t *testing.T) {
	code := `const core = require('@actions/core')
const github = require('@actions/github')
const inputs = { token: core.getInput('token'), other: core.getInput('app-token') }
const gh = github.getOctokit(inputs.token)
const other = new Octokit({ auth: ` + "`token ${inputs.other}`" + ` })
const envClient = github.getOctokit(process.env.GITHUB_TOKEN)
await gh.rest.pulls.create({})
await other.issues.addLabels({})
await envClient.request('DELETE /repos/{owner}/{repo}/git/refs/{ref}')
await this.client.graphql('mutation { addStar(input: {starrableId: "x"}) { clientMutationId } }')
exec.exec('git', ['push', 'origin', branch])
console.log(JSON.stringify({}))
await (0, import_exec.exec)("git", ["push", "--tags"])
await (0, import_github.getOctokit)(inputs.token).rest.issues.lock({})
await (f, import_exec.exec)("git", ["push"])
`
	mod, err := AnalyzeModule(code, ModuleOptions{IsMethod: func(ns, m string) bool { return ns == "issues" && m == "addLabels" }})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range mod.Calls {
		tok := "untraced"
		if c.Token != nil && c.Token.Traced {
			tok = strings.Join(append(append([]string{}, c.Token.Inputs...), c.Token.Env...), "+")
		}
		got = append(got, fmt.Sprintf("%d %s %s%s %s", c.Line, c.Kind, c.Namespace+"."+c.Method, c.Route, tok))
	}
	want := []string{
		"7 rest pulls.create token",
		"8 rest issues.addLabels app-token",
		"9 request .DELETE /repos/{owner}/{repo}/git/refs/{ref} GITHUB_TOKEN",
		"10 graphql . untraced",
		"11 exec .git push origin {branch} untraced",
		"13 exec .git push --tags untraced",
		"14 rest issues.lock token",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("calls:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(mod.Clients) != 4 {
		t.Errorf("clients %+v", mod.Clients)
	}
}

// TestTeamReviewers: a call that names team_reviewers asks a team's
// review; an empty list asks none.
func TestTeamReviewers(t *testing.T) {
	for _, tc := range []struct {
		code string
		want bool
	}{
		{"await github.rest.pulls.requestReviewers({owner, repo, pull_number: 1, reviewers, team_reviewers: teams});", true},
		{"await github.rest.pulls.requestReviewers({...context.repo, pull_number: 1, team_reviewers: ['core']});", true},
		{"await github.rest.pulls.requestReviewers({owner, repo, pull_number: 1, reviewers: ['octocat'], team_reviewers: []});", false},
		{"await github.rest.pulls.requestReviewers({owner, repo, pull_number: 1, reviewers: ['octocat']});", false},
	} {
		calls, err := Analyze(tc.code)
		if err != nil || len(calls) != 1 {
			t.Fatalf("%s: %v %v", tc.code, calls, err)
		}
		if calls[0].TeamReviewers != tc.want {
			t.Errorf("%s: TeamReviewers = %v, want %v", tc.code, calls[0].TeamReviewers, tc.want)
		}
	}
}

// TestUpdateState: the state an update call gives its issue or pull
// request, as written or "*" when known only at run time.
func TestUpdateState(t *testing.T) {
	for _, tc := range []struct{ code, want string }{
		{"await github.rest.pulls.update({...context.repo, pull_number: 1, state: 'closed'});", "closed"},
		{"await github.rest.issues.update({owner, repo, issue_number: 1, state: \"open\"});", "open"},
		{"for (const state of ['closed', 'open']) { await github.rest.pulls.update({owner, repo, pull_number: n, state}); }", "*"},
		{"await github.rest.pulls.update({owner, repo, pull_number: 1, body: 'new'});", ""},
	} {
		calls, err := Analyze(tc.code)
		if err != nil || len(calls) != 1 {
			t.Fatalf("%s: %v %v", tc.code, calls, err)
		}
		if calls[0].State != tc.want {
			t.Errorf("%s: State = %q, want %q", tc.code, calls[0].State, tc.want)
		}
	}
}

// TestRefWorkflows: a ref created or moved to a commit chosen at run time
// may carry workflow files the default branch does not have; the run's
// own commit, and calls that set no ref, do not.
func TestRefWorkflows(t *testing.T) {
	for _, tc := range []struct {
		code string
		want bool
	}{
		{"github.git.createRef({owner: context.repo.owner, repo: context.repo.repo, ref: 'refs/tags/v1', sha: '${{ steps.get-sha.outputs.TARGET_SHA }}'})", true},
		{"await github.rest.git.updateRef({...context.repo, ref: 'heads/release', sha: base.sha, force: true})", true},
		{"await github.request('POST /repos/{owner}/{repo}/git/refs', {...context.repo, ref: 'refs/tags/v1', sha: target})", true},
		{"await github.rest.git.createRef({...context.repo, ref: 'refs/tags/v1', sha: context.sha})", false},
		{"await github.rest.git.createRef({...context.repo, ref: 'refs/tags/v1', sha: process.env.GITHUB_SHA})", false},
		{"await github.rest.git.createRef({...context.repo, ref: 'refs/tags/v1', sha: '${{ github.sha }}'})", false},
		{"await github.rest.repos.createCommitStatus({...context.repo, sha: other, state: 'success'})", false},
		// The tip of main or master read from the API carries its workflow files.
		{"const mainRef = (await github.rest.git.getRef({owner: 'acme', repo: 'x', ref: 'heads/main'})).data;\ngithub.rest.git.createRef({owner: 'acme', repo: 'x', ref: context.ref, sha: mainRef.object.sha});", false},
		{"const b = await github.rest.repos.getBranch({owner, repo, branch: 'master'});\nawait github.rest.git.createRef({owner, repo, ref: 'refs/heads/x', sha: b.data.commit.sha});", false},
		{"const b = await github.rest.repos.getBranch({owner, repo, branch: 'release'});\nawait github.rest.git.createRef({owner, repo, ref: 'refs/tags/v1', sha: b.data.commit.sha});", true},
		// An annotated tag of the run's own commit.
		{"const tag = await github.rest.git.createTag({...context.repo, tag: t, message: t, object: context.sha, type: 'commit'});\ngithub.rest.git.createRef({...context.repo, ref: `refs/tags/${t}`, sha: tag.data.sha});", false},
		{"const tag = await github.rest.git.createTag({...context.repo, tag: t, message: t, object: other, type: 'commit'});\ngithub.rest.git.createRef({...context.repo, ref: `refs/tags/${t}`, sha: tag.data.sha});", true},
	} {
		calls, err := Analyze(tc.code)
		if err != nil || len(calls) == 0 {
			t.Fatalf("%s: %v %v", tc.code, calls, err)
		}
		c := calls[len(calls)-1]
		method, path := "POST", "/repos/{owner}/{repo}/git/refs"
		switch {
		case c.Method == "updateRef":
			method, path = "PATCH", "/repos/{owner}/{repo}/git/refs/{ref}"
		case c.Method == "createCommitStatus":
			path = "/repos/{owner}/{repo}/statuses/{sha}"
		}
		if got := RefWorkflows(c, method, path) != ""; got != tc.want {
			t.Errorf("%s: RefWorkflows = %v (OtherSHA %q), want %v", tc.code, got, c.OtherSHA, tc.want)
		}
	}
}

// TestOtherItem: an issue_number written in the script or parsed from
// text names an item the event does not; the event's own number, an
// item's number property and a number handed on by a pull request's name
// do not.
func TestOtherItem(t *testing.T) {
	for _, tc := range []struct {
		code string
		want bool
	}{
		{"await github.rest.issues.createComment({...context.repo, issue_number: 7, body: 'x'});", true},
		{"for (const num of nums) { const issue_number = parseInt(num, 10); await github.rest.issues.addLabels({owner, repo, issue_number, labels: ['x']}); }", true},
		{"await github.rest.issues.createComment({...context.repo, issue_number: context.issue.number, body: 'x'});", false},
		{"const n = context.payload.pull_request.number;\nawait github.rest.issues.createComment({...context.repo, issue_number: n, body: 'x'});", false},
		{"const pr = context.payload.pull_request;\nawait github.rest.issues.createComment({...context.repo, issue_number: pr.number, body: 'x'});", false},
		{"await github.rest.issues.createComment({...context.repo, issue_number: Number(process.env.PR_NUMBER), body: 'x'});", false},
		{"await github.rest.issues.createComment({...context.repo, issue_number: parseInt(context.payload.issue.number), body: 'x'});", false},
	} {
		calls, err := Analyze(tc.code)
		if err != nil || len(calls) == 0 {
			t.Fatalf("%s: %v %v", tc.code, calls, err)
		}
		if got := calls[len(calls)-1].OtherItem; got != tc.want {
			t.Errorf("%s: OtherItem = %v, want %v", tc.code, got, tc.want)
		}
	}
}

// TestRefTagsOnly: a ref call that names a tag (createRef's refs/tags/,
// updateRef's tags/, in its parameters or its path) makes or moves no
// branch; one that names a branch or a ref known only at run time may.
func TestRefTagsOnly(t *testing.T) {
	for _, tc := range []struct {
		code, method, path string
		want               bool
	}{
		{"github.rest.git.createRef({...context.repo, ref: `refs/tags/${tagName}`, sha: context.sha})", "POST", "/repos/{owner}/{repo}/git/refs", true},
		{"github.rest.git.createRef({...context.repo, ref: 'refs/tags/v' + version, sha: context.sha})", "POST", "/repos/{owner}/{repo}/git/refs", true},
		{"github.rest.git.createRef({...context.repo, ref: 'refs/heads/release', sha: context.sha})", "POST", "/repos/{owner}/{repo}/git/refs", false},
		{"github.rest.git.createRef({...context.repo, ref: process.env.REF, sha: context.sha})", "POST", "/repos/{owner}/{repo}/git/refs", false},
		{"github.rest.git.updateRef({...context.repo, ref: `tags/${t}`, sha: context.sha, force: true})", "PATCH", "/repos/{owner}/{repo}/git/refs/{ref}", true},
		{"github.request('PATCH /repos/{owner}/{repo}/git/refs/tags/latest', {...context.repo, sha: context.sha, force: true})", "PATCH", "/repos/{owner}/{repo}/git/refs/tags/latest", true},
		{"github.rest.git.updateRef({...context.repo, ref: 'heads/main', sha: context.sha})", "PATCH", "/repos/{owner}/{repo}/git/refs/{ref}", false},
	} {
		calls, err := Analyze(tc.code)
		if err != nil || len(calls) == 0 {
			t.Fatalf("%s: %v %v", tc.code, calls, err)
		}
		if got := RefTagsOnly(calls[len(calls)-1], tc.method, tc.path); got != tc.want {
			t.Errorf("%s: RefTagsOnly = %v, want %v", tc.code, got, tc.want)
		}
	}
}
