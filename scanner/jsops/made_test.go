package jsops

import (
	"fmt"
	"strings"
	"testing"
)

// TestMadeClientsAndWrappers covers clients made out of view and programs
// run through wrappers: each case's lines are what describeProgram says.
func TestMadeClientsAndWrappers(t *testing.T) {
	cases := []struct {
		name string
		code string
		ts   bool
		want []string
	}{
		{
			name: "a factory of a package the reading does not open",
			code: `import { $, createOctoKit, getGitHubRepository } from "./deps.ts";
const octoKit = createOctoKit();
await octoKit.request("POST /gists", { files: {} });
await createOctoKit().request(
  "POST /repos/{owner}/{repo}/pulls",
  { ...getGitHubRepository(), head: "x" },
);`,
			ts: true,
			want: []string{
				"call 3 request POST /gists auth=made",
				"call 4 request POST /repos/{owner}/{repo}/pulls auth=made",
				"import 1 ./deps.ts uses createOctoKit,getGitHubRepository",
			},
		},
		{
			name: "a factory handed a token sends it; rest and graphql on any object",
			code: `import { makeClient } from "@acme/gh";
const gh = makeClient(process.env.BOT_TOKEN);
await gh.rest.issues.create({ owner: "o", repo: "r", title: "t" });
await gh.graphql("mutation { addStar(input: {starrableId: \"x\"}) { clientMutationId } }");
await gh.paginate("GET /repos/o/r/issues");`,
			want: []string{
				"call 3 rest issues.create auth=env:BOT_TOKEN",
				"call 4 graphql mutation addStar auth=env:BOT_TOKEN",
				"call 5 request GET /repos/o/r/issues auth=env:BOT_TOKEN",
			},
		},
		{
			name: "an object another module exports",
			code: `import { octokit } from "./client.js";
import { gh } from "@acme/gh";
await octokit.rest.pulls.create({ owner: "o", repo: "r", head: "h", base: "main" });
await gh.request("DELETE /repos/o/r/git/refs/heads/x");`,
			want: []string{
				"call 3 rest pulls.create auth=made",
				"call 4 request DELETE /repos/o/r/git/refs/heads/x auth=made",
				"import 1 ./client.js uses octokit",
			},
		},
		{
			name: "a local function that returns new Octokit",
			code: `const { Octokit } = require("@octokit/rest");
function octokit() {
  const auth = process.env.GH_TOKEN;
  return new Octokit({ auth });
}
octokit().request("PUT /repos/o/r/topics", { names: [] });`,
			want: []string{"call 6 request PUT /repos/o/r/topics auth=env:GH_TOKEN"},
		},
		{
			name: "a parameter is what the caller passes; objects that are not Octokit's are left alone",
			code: `export async function open(client) {
  await client.request("POST /repos/o/r/pulls", {});
}
const http = makeHttp();
http.request("/local/path");
http.request(options);
db.graphql(query);
items.push(1);`,
			want: []string{"call 2 request POST /repos/o/r/pulls auth=param:client"},
		},
		{
			name: "git wrappers, runner methods, $ templates of any module, Deno.Command",
			code: `import { $ } from "./deps.ts";
await repo.gitTag(tag);
await repo.gitPush("origin", tag);
await repo.gitCherryPick(sha);
await repo.gitCurrentBranch();
await repo.command("git add .");
await repo.command(["git", "checkout", "-b", name, "origin/main"]);
await repo.command("cargo build");
await $` + "`git push origin ${branch}`" + `;
await new Deno.Command("git", { args: ["push", "origin", ...refs] }).output();
Deno.run({ cmd: ["gh", "pr", "create"] });`,
			ts: true,
			want: []string{
				`cmd 2 git tag "$__js1"`,
				`cmd 3 git push origin "$__js1"`,
				`cmd 4 git cherry-pick "$__js1"`,
				"cmd 5 git branch", // what the name says: it lists branches
				`cmd 6 git add .`,
				`cmd 7 git checkout -b "$__js1" origin/main`,
				`cmd 9 git push origin "$__js1"`,
				`cmd 10 git push origin "$__js1"`,
				`cmd 11 gh pr create`,
				"import 1 ./deps.ts uses $",
			},
		},
		{
			name: "child_process with git keeps its reading",
			code: `const { execSync, spawn } = require("child_process");
execSync("git push origin main");
spawn("git", ["push", "--tags"]);`,
			want: []string{
				"cmd 2 git push origin main",
				"cmd 3 git push --tags",
			},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m, err := AnalyzeProgram(tc.code, ProgramOptions{TypeScript: tc.ts, Name: "x.ts"})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, l := range describeProgram(m) {
				if !strings.HasPrefix(l, "flow") {
					got = append(got, l)
				}
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

func TestGitWrapperSub(t *testing.T) {
	for name, want := range map[string]string{
		"gitPush": "push", "gitForcePush": "push", "gitCherryPick": "cherry-pick", "gitFetchTags": "fetch",
		"gitCurrentBranch": "branch", "gitIsShallow": "", "github": "", "git": "", "gitlabPush": "", "pushGit": "",
	} {
		if got := gitWrapperSub(name); got != want {
			t.Errorf("gitWrapperSub(%q) = %q, want %q", name, got, want)
		}
	}
}

func TestIsAPIRouteText(t *testing.T) {
	for s, want := range map[string]bool{
		"POST /gists": true, "GET /repos/{owner}/{repo}": true, "/repos/o/r/pulls": true,
		"https://api.github.com/user": true, "delete {x}/repos": true, "/local/path": false,
		"POST": false, "hello world": false, "api.github.com": false, "GET https://api.github.com": true, "": false,
	} {
		if got := isAPIRouteText(s); got != want {
			t.Errorf("isAPIRouteText(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestWorkflowWrites(t *testing.T) {
	code := `import fs from "node:fs";
import path from "node:path";
const script = workspace.repo.folderPath.join(".github/workflows/ci.ts");
script.writeTextSync(text);
fs.writeFileSync(path.join(root, ".github", "workflows", "x.yml"), body);
fs.writeFileSync("README.md", ".github/workflows is mentioned in the content only");
const p = ".github/workflows/a.yml";
console.log(fs.readFileSync(p));
fs.copyFileSync("tmpl.yml", ` + "`${root}/.github/workflows/b.yml`" + `);`
	m, err := AnalyzeProgram(code, ProgramOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var got []int
	for _, w := range m.WorkflowWrites {
		got = append(got, w.Line)
	}
	want := []int{4, 5, 9}
	if len(got) != len(want) {
		t.Fatalf("workflow writes at lines %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("workflow writes at lines %v, want %v", got, want)
		}
	}
}

func TestUnattributed(t *testing.T) {
	code := `import { send, run } from "@acme/lib";
const API = "https://api.github.com";
await fetch(API + "/repos/o/r/issues", { method: "POST", headers: { authorization: process.env.T } });
await send("POST /gists", { files: {} });
const route = "DELETE /repos/o/r/git/refs/heads/x";
const client = new Octokit({ auth: process.env.T });
await client.request(route);
const statuses = ` + "`https://api.github.com/repos/o/r/statuses/${sha}`" + `;
await fetch(` + "`${process.env.GITHUB_API_URL}/repos/o/r/statuses/${process.env.SHA}`" + `, { method: "POST", headers: { authorization: process.env.T } });
run("git push origin main");
console.log("/local/path and hello");
const url = ` + "`https://api.github.com/repos/${owner}/${repo}/releases`" + `;
await post(url);`
	m, err := AnalyzeProgram(code, ProgramOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, u := range m.Unattributed {
		got = append(got, fmt.Sprintf("%d %s", u.Line, u.Evidence))
	}
	want := []string{"4 POST /gists", "10 git push origin main", "12 https://api.github.com/repos/{x}/{x}/releases"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
