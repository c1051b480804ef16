package pyops

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
)

// describe renders a Program, one line per item.
func describe(p *Program) []string {
	var out []string
	for _, c := range p.Calls {
		out = append(out, c.String())
	}
	for _, c := range p.Commands {
		out = append(out, c.String())
	}
	for _, i := range p.Imports {
		out = append(out, fmt.Sprintf("import %d %s %d", i.Line, i.Module, i.Relative))
	}
	for _, f := range p.Flows {
		out = append(out, f.String())
	}
	return out
}

func TestAnalyze(t *testing.T) {
	cases := []struct {
		name, code string
		want       []string
	}{
		{
			name: "requests with an authorization header",
			code: `import os
import requests

TOKEN = os.environ["GITHUB_TOKEN"]
HEADERS = {"Authorization": f"token {TOKEN}", "Accept": "application/vnd.github+json"}
repo = os.environ.get("GITHUB_REPOSITORY")
requests.post(f"https://api.github.com/repos/{repo}/issues/1/comments", headers=HEADERS, json={"body": "x"})
requests.get("https://api.github.com/repos/acme/demo")
requests.post("https://hooks.slack.com/services/x", json={"text": os.getenv("SLACK_URL")}, headers={"X-Key": os.environ["SLACK_KEY"]})
`,
			want: []string{
				"call 7 POST /repos/{owner}/{repo}/issues/1/comments auth=env:GITHUB_TOKEN",
				"call 8 GET /repos/acme/demo repo=acme/demo auth=", // anonymous
				"call 9 hooks.slack.com auth=env:SLACK_KEY",
			},
		},
		{
			name: "a name assigned in several functions stands for the value of the function it is read in",
			code: `import os
import requests

API = "https://api.github.com"
BASE = f"{API}/repos/acme/demo/releases"
H = {"Authorization": "token " + os.environ["T"]}

def update(release_id):
    url = f"{BASE}/{release_id}"
    requests.patch(url, headers=H)

def create():
    url = BASE
    requests.post(url, headers=H)

def twice(x):
    url = BASE
    if x:
        url = "https://example.com/x"
    requests.delete(url, headers=H)
`,
			want: []string{
				"call 10 PATCH /repos/acme/demo/releases/{release_id} repo=acme/demo auth=env:T",
				"call 14 POST /repos/acme/demo/releases repo=acme/demo auth=env:T",
				"call 20 unknown: a request to a URL built at run time auth=env:T",
			},
		},
		{
			name: "a name some function declares global or takes as a parameter is not resolved by function",
			code: `import os
import requests

H = {"Authorization": "token " + os.environ["T"]}
url = "https://api.github.com/repos/acme/demo/releases"

def create():
    requests.post(url, headers=H)

def elsewhere():
    global url
    url = "https://example.com/y"

def post(api):
    requests.post(api, headers=H)

def caller():
    api = "https://api.github.com/repos/acme/demo/issues"
    post(api)

api = "https://example.com/z"
`,
			want: []string{
				"call 8 unknown: a request to a URL built at run time auth=env:T",
				"call 15 unknown: a request to a URL built at run time auth=env:T",
			},
		},
		{
			name: "a wrapper's *args is what each call passes there",
			code: `import subprocess

def git(repo_root, *args):
    return subprocess.run(["git", "-C", repo_root, *args], capture_output=True, text=True).stdout

git(".", "tag", "--merged", "main")
git(".", "show", "HEAD:CHANGELOG.md")
`,
			want: []string{
				"cmd 4 git -C \"$__py1\" tag --merged main $__py1=param:repo_root",
				"cmd 4 git -C \"$__py2\" show HEAD:CHANGELOG.md $__py2=param:repo_root",
			},
		},
		{
			name: "a wrapper imported from another module runs git with its arguments",
			code: `from git import git_command
from common import execute_command
from shell import run

git_command("push", "-f", "origin", tag)
execute_command("git", "fetch", "origin")
run("make", "docs")
git_command("status")
`,
			want: []string{
				"cmd 5 git push -f origin \"$__py1\"",
				"cmd 6 git fetch origin",
				"import 1 git 0",
				"import 2 common 0",
				"import 3 shell 0",
			},
		},
		{
			name: "a URL whose host is a value known at run time is no GitHub request",
			code: `import os
from urllib.request import Request, urlopen

server = os.environ.get("CHAT_SERVER")
token = os.environ.get("CHAT_BOT_TOKEN")
urlopen(Request(f"{server.rstrip('/')}/api/v4/posts", data=b"{}", headers={"Authorization": f"Bearer {token}"}))
`,
			want: []string{
				"call 6 unknown: a request to a URL whose host is known only at run time: {server.rstrip(…)}/api/v4/posts auth=env:CHAT_BOT_TOKEN",
			},
		},
		{
			name: "a URL held by a name keeps its holes, and an exception's message is no sink",
			code: `import os, urllib.request

class CompatVersionError(ValueError):
    pass

TOKEN = os.environ["GH_TOKEN"]
url = (
    f"https://api.github.com/repos/{os.environ['GITHUB_REPOSITORY']}/releases"
    f"?per_page=100"
)
request = urllib.request.Request(url, headers={"Authorization": f"Bearer {TOKEN}"})
try:
    urllib.request.urlopen(request)
except OSError as err:
    raise CompatVersionError(f"cannot read {url} with {TOKEN}: {err}") from err
`,
			want: []string{"call 11 GET /repos/{owner}/{repo}/releases auth=env:GH_TOKEN"},
		},
		{
			name: "PyGithub objects through the methods table",
			code: `from github import Github, Auth
import os

g = Github(auth=Auth.Token(os.environ["GH_TOKEN"]))
repo = g.get_repo("acme/demo")
pr = repo.create_pull(title="x", body="y", head="b", base="main")
pr.create_issue_comment("done")
for issue in repo.get_issues(state="open"):
    issue.edit(state="closed")
repo.frobnicate()
g.close()
`,
			want: []string{
				"call 5 GET /repos/{owner}/{repo} repo=acme/demo auth=env:GH_TOKEN",
				"call 6 POST /repos/{owner}/{repo}/pulls repo=acme/demo auth=env:GH_TOKEN",
				"call 7 POST /repos/{owner}/{repo}/issues/{issue_number}/comments repo=acme/demo auth=env:GH_TOKEN",
				"call 8 GET /repos/{owner}/{repo}/issues repo=acme/demo auth=env:GH_TOKEN",
				"call 9 PATCH /repos/{owner}/{repo}/issues/{issue_number} repo=acme/demo auth=env:GH_TOKEN",
				"call 10 unknown: PyGithub method Repository.frobnicate is not in the knowledge base auth=env:GH_TOKEN",
			},
		},
		{
			name: "PyGithub objects from comprehensions and the script's own functions",
			code: `import os
from github import Github

repo = Github(os.getenv("TOKEN")).get_repo(os.getenv("GITHUB_REPOSITORY"))

def open_pulls(state):
    return [pr for pr in repo.get_pulls(state="open") if pr.mergeable_state == state and pr.draft is False]

for pr in open_pulls("clean"):
    pr.merge(merge_method="squash")
pulls = open_pulls("behind") or open_pulls("dirty")
for pr in pulls: pr.update_branch()
labels = {l.name: l for l in repo.get_labels()}
labels["stale"].delete()
any(i.edit(state="closed") for i in repo.get_issues(labels=["stale"]))
def close(item, handle):
    item.edit(state="closed")
    handle.close()
    handle.update({})
labels.pop("stale")
`,
			want: []string{
				"call 4 GET /repos/{owner}/{repo} auth=env:TOKEN",
				"call 7 GET /repos/{owner}/{repo}/pulls auth=env:TOKEN",
				"call 10 PUT /repos/{owner}/{repo}/pulls/{pull_number}/merge auth=env:TOKEN",
				"call 12 PUT /repos/{owner}/{repo}/pulls/{pull_number}/update-branch auth=env:TOKEN",
				"call 13 GET /repos/{owner}/{repo}/labels auth=env:TOKEN",
				"call 14 DELETE /repos/{owner}/{repo}/labels/{name} auth=env:TOKEN",
				"call 15 PATCH /repos/{owner}/{repo}/issues/{issue_number} auth=env:TOKEN",
				"call 15 GET /repos/{owner}/{repo}/issues auth=env:TOKEN",
				"call 17 unknown: PyGithub write method edit called on an object whose class is not known auth=env:TOKEN",
			},
		},
		{
			name: "programs run with subprocess and os.system",
			code: `import os, subprocess
token = os.environ["GH_TOKEN"]
env = os.environ.copy()
env["GITHUB_TOKEN"] = token
subprocess.run(["gh", "pr", "merge", "--auto", sys.argv[1]], env=env, check=True)
subprocess.check_call("git push origin HEAD", shell=True)
os.system(f"git push https://x-access-token:{token}@github.com/acme/demo.git")
subprocess.run(cmd)
subprocess.run(["gh", "api", "/user"], env={"PATH": "/usr/bin"})
`,
			want: []string{
				"cmd 5 gh pr merge --auto \"$__py1\" $__py1=arg:1 env GITHUB_TOKEN=env:GH_TOKEN",
				"cmd 6 git push origin HEAD",
				"cmd 7 git push https://x-access-token:\"$__py2\"@github.com/acme/demo.git $__py2=env:GH_TOKEN",
				"cmd 8 \"$__py3\" unknown: the command is built at run time",
				"cmd 9 gh api /user (no inherit)",
			},
		},
		{
			name: "a wrapper that runs [prog] + args, called through another with lists",
			code: `import subprocess

def run_gh(args: list[str], check: bool = True):
    command = ["gh"] + args
    return subprocess.run(command, capture_output=True, check=check)

def users(args: list[str]):
    return run_gh(args)

def add(pr, owner, repo):
    run_gh(["pr", "edit", str(pr), "--add-reviewer", "bob"])
    users(["api", "--method", "DELETE", f"repos/{owner}/{repo}/pulls/{pr}/requested_reviewers"])
`,
			want: []string{
				"cmd 5 gh pr edit \"$__py1\" --add-reviewer bob $__py1=param:pr",
				"cmd 5 gh api --method DELETE repos/\"$__py2\"/\"$__py3\"/pulls/\"$__py4\"/requested_reviewers $__py2=param:owner $__py3=param:repo $__py4=param:pr",
			},
		},
		{
			name: "a wrapper one call of which passes what is not a list stays unknown",
			code: `import subprocess

def run_gh(args):
    command = ["gh"] + args
    return subprocess.run(command)

run_gh(["pr", "list"])
run_gh(build_args())
`,
			want: []string{
				// The program as the list's text, which no reader knows.
				"cmd 5 '\"$__py1\"\"$__py2\"' $__py2=param:args",
			},
		},
		{
			name: "argparse options, a session and urllib",
			code: `import argparse, urllib.request, requests
parser = argparse.ArgumentParser()
parser.add_argument("--token")
args = parser.parse_args()
s = requests.Session()
s.headers.update({"Authorization": "Bearer " + args.token})
s.delete("https://api.github.com/repos/acme/demo/git/refs/tags/v1")
req = urllib.request.Request("https://api.github.com/repos/acme/demo/dispatches", data=b"{}", headers={"Authorization": "token %s" % args.token})
urllib.request.urlopen(req)
`,
			want: []string{
				"call 7 DELETE /repos/acme/demo/git/refs/tags/v1 repo=acme/demo auth=flag:token",
				"call 8 POST /repos/acme/demo/dispatches repo=acme/demo auth=flag:token",
			},
		},
		{
			name: "argparse positionals are the program's arguments in the order they are added",
			code: `import argparse, requests
p = argparse.ArgumentParser()
p.add_argument("repo")
p.add_argument("--dry-run", action="store_true")
p.add_argument("gh_token")
a = p.parse_args()
requests.post("https://api.github.com/repos/acme/q/releases", headers={"Authorization": f"Bearer {a.gh_token}"})
`,
			want: []string{
				"call 7 POST /repos/acme/q/releases repo=acme/q auth=arg:2",
			},
		},
		{
			name: "a positional after one with nargs, or under subcommands, has no known place",
			code: `import argparse, requests
p = argparse.ArgumentParser()
p.add_argument("files", nargs="*")
p.add_argument("token")
a = p.parse_args()
requests.post("https://api.github.com/repos/acme/q/releases", headers={"Authorization": "token " + a.token})
`,
			want: []string{
				"call 6 POST /repos/acme/q/releases repo=acme/q auth=flag:token",
			},
		},
		{
			name: "a function of the script binds its parameter; GraphQL through requests",
			code: `import os, requests
def client(token):
    return {"Authorization": "bearer " + token}
def run(query):
    return requests.post("https://api.github.com/graphql", json={"query": query}, headers=client(os.environ["T"]))
requests.post("https://api.github.com/graphql", json={"query": "mutation { addStar(input: {starrableId: \"x\"}) { clientMutationId } }"}, headers=client(os.environ["T"]))
`,
			want: []string{
				"call 5 POST /graphql auth=env:T",
				"call 6 POST /graphql mutation { addStar(input: {starrableId: \"x\"}) { clientMutationId } } auth=env:T",
			},
		},
		{
			name: "where the reading stops, and checks that are not uses",
			code: `import os
token = os.getenv("GITHUB_TOKEN")
if not token:
    raise SystemExit("no token")
if os.environ.get("NPM_TOKEN") is None:
    pass
vendor.login(token)
print(token)
from .lib import helper
import tools.release
`,
			want: []string{
				"import 9 lib 1",
				"import 10 tools.release 0",
				"flow 7 env:GITHUB_TOKEN vendor.login(…)",
				"flow 8 env:GITHUB_TOKEN print(…)",
			},
		},
		{
			name: "a file of a repository downloaded from raw.githubusercontent.com",
			code: `import os, requests
h = {"Authorization": "token " + os.environ["GH_TOKEN"]}
requests.get("https://raw.githubusercontent.com/acme/tools/main/ci/map.json", headers=h)
`,
			want: []string{"call 3 raw.githubusercontent.com repo=acme/tools auth=env:GH_TOKEN"},
		},
		{
			name: "the client library of another service, called directly and through its objects",
			code: `import os
from huggingface_hub import HfApi, upload_folder
import slack_sdk
token = os.environ["HF_TOKEN"]
upload_folder(folder_path="dist", repo_id="acme/space", token=token)
def delete(space, api=None):
    api = api or HfApi()
    api.delete_repo(space, token=token)
client = slack_sdk.WebClient(token=os.environ["SLACK_TOKEN"])
other = make_client()
other.delete_repo("x", token=token)
`,
			want: []string{
				"call 5 huggingface.co auth=env:HF_TOKEN",
				"call 8 huggingface.co auth=env:HF_TOKEN",
				"call 9 slack.com auth=env:SLACK_TOKEN",
				"import 2 huggingface_hub 0",
				"import 3 slack_sdk 0",
				"flow 11 env:HF_TOKEN other.delete_repo(…)",
			},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, err := Analyze(c.code)
			if err != nil {
				t.Fatalf("error %v", err)
			}
			got := describe(p)
			if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(c.want, "\n"))
			}
		})
	}
}

func TestAnalyzeUnterminated(t *testing.T) {
	p, err := Analyze("import os, requests\nrequests.delete('https://api.github.com/user/keys/1', headers={'Authorization': os.environ['T']})\nx = '''never closed\n")
	se, ok := err.(*SyntaxError)
	if !ok || se.Line != 3 {
		t.Fatalf("error %v, want a syntax error at line 3", err)
	}
	if got := strings.Join(describe(p), "\n"); got != "call 2 DELETE /user/keys/1 auth=env:T" {
		t.Errorf("what was read before the error: %s", got)
	}
}

// FuzzAnalyze checks that any text is read without panicking, with every
// line reported in it.
func FuzzAnalyze(f *testing.F) {
	f.Add("import os, requests\nrequests.get(f'https://api.github.com/{os.environ[\"R\"]}', headers={'a': os.getenv('T')})\n")
	f.Add("from github import Github\ng = Github(os.environ['T'])\ng.get_repo('a/b').create_issue('x')\n")
	f.Add("def f(s):\n    return [p for p in r.get_pulls() if p.x == s]\nfor p in f(1): p.merge()\nx = {k: v for k, v in (y for y in z)}\n")
	f.Add("def f(t):\n  return t\nsubprocess.run(['gh', f(os.environ['X'])], env={**os.environ})\n")
	f.Add("x = f'{a!r:{b}}' + \"\"\"\n\"\"\"\nif (a and\n    b): pass\n")
	f.Add("import lib\nlib.send('POST /gists')\nlib.run(f'git push {b}')\n")
	f.Fuzz(func(t *testing.T, code string) {
		p, _ := Analyze(code)
		lines := strings.Count(code, "\n") + 1
		check := func(what string, l int) {
			if l < 1 || l > lines {
				t.Fatalf("%s at line %d of %d", what, l, lines)
			}
		}
		for _, c := range p.Calls {
			check("call", c.Line)
		}
		for _, c := range p.Commands {
			check("command", c.Line)
		}
		for _, fl := range p.Flows {
			check("flow", fl.Line)
		}
		for _, u := range p.Unattributed {
			check("unattributed", u.Line)
		}
	})
}

func TestUnattributed(t *testing.T) {
	code := `import os, requests, lib
API = "https://api.github.com"
requests.post(f"{API}/repos/o/r/issues", headers={"Authorization": os.environ["T"]})
lib.send("POST /gists", {})
lib.run(f"git push origin {branch}")
print("done /tmp")
`
	p, err := Analyze(code)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, u := range p.Unattributed {
		got = append(got, strconv.Itoa(u.Line)+" "+u.Evidence)
	}
	if want := "4 POST /gists\n5 git push origin {x}"; strings.Join(got, "\n") != want {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), want)
	}
}
