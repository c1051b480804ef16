package goops

import (
	"fmt"
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
	for _, f := range p.Flows {
		out = append(out, f.String())
	}
	for _, e := range p.Errors {
		out = append(out, fmt.Sprintf("error %s:%d", e.File, e.Line))
	}
	return out
}

func TestAnalyze(t *testing.T) {
	cases := []struct {
		name  string
		files map[string]string
		want  []string
	}{
		{
			name: "a request's headers set by a method it is passed to",
			files: map[string]string{"main.go": `package main

import (
	"net/http"
	"os"
)

type client struct{ token string }

func (c *client) do(r *http.Request) {
	r.Header.Set("Authorization", "token "+c.token)
	http.DefaultClient.Do(r)
}

func main() {
	c := &client{token: os.Getenv("GH_TOKEN")}
	req, _ := http.NewRequest("DELETE", "https://api.github.com/repos/acme/demo/git/refs/heads/old", nil)
	c.do(req)
}
`},
			// The receiver that carries the token into a method is still a
			// flow: methods' receivers are not bound.
			want: []string{"call main.go:17 DELETE /repos/acme/demo/git/refs/heads/old repo=acme/demo auth=env:GH_TOKEN", "flow main.go:18 env:GH_TOKEN c.do(…)"},
		},
		{
			name: "two requests named req in two functions keep their own headers",
			files: map[string]string{"main.go": `package main

import (
	"net/http"
	"os"
)

func main() {
	gh := os.Getenv("GITHUB_TOKEN")
	key := os.Getenv("LLM_API_KEY")
	githubGet("https://api.github.com/repos/acme/demo/pulls/1", gh)
	ask(key)
}

func githubGet(url, token string) {
	req, _ := http.NewRequest("GET", url, nil)
	setAuth(req, token)
	http.DefaultClient.Do(req)
}

func setAuth(r *http.Request, token string) {
	r.Header.Set("Authorization", "Bearer "+token)
}

func ask(apiKey string) {
	req, _ := http.NewRequest("POST", "https://llm.example.com/v1/chat", nil)
	req.Header.Set("Authorization", "Bearer "+apiKey)
	http.DefaultClient.Do(req)
}
`},
			want: []string{"call main.go:16 unknown: a request to a URL built at run time auth=env:GITHUB_TOKEN", "call main.go:26 llm.example.com auth=env:LLM_API_KEY"},
		},
		{
			name: "net/http with an authorization header",
			files: map[string]string{"main.go": `package main

import (
	"cmp"
	"net/http"
	"os"
)

var (
	token = os.Getenv("GITHUB_TOKEN")
	repo  = cmp.Or(os.Getenv("GITHUB_REPOSITORY"), "acme/demo")
)

func main() {
	if token == "" {
		panic("no token")
	}
	req, _ := http.NewRequest(http.MethodPost, "https://api.github.com/repos/"+repo+"/releases/generate-notes", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	http.DefaultClient.Do(req)
	http.Get("https://api.github.com/repos/acme/demo")
}
`},
			want: []string{"call main.go:18 POST /repos/{owner}/{repo}/releases/generate-notes auth=env:GITHUB_TOKEN"},
		},
		{
			name: "go-github clients made in a function, handed on as parameters",
			files: map[string]string{"gh.go": `package release

import (
	"context"
	"os"

	"github.com/google/go-github/v60/github"
	"golang.org/x/oauth2"
)

func client() *github.Client {
	ts := oauth2.StaticTokenSource(&oauth2.Token{AccessToken: os.Getenv("GH_PAT")})
	return github.NewClient(oauth2.NewClient(context.Background(), ts))
}

func publish(gh *github.Client) {
	gh.Repositories.CreateRelease(context.Background(), "acme", "demo", &github.RepositoryRelease{})
	gh.Frobs.Frobnicate(context.Background())
}

func Run() {
	publish(client())
	anon := github.NewClient(nil)
	anon.Repositories.Get(context.Background(), "acme", "demo")
	tok := github.NewClient(nil).WithAuthToken(os.Getenv("T2"))
	tok.Issues.CreateComment(context.Background(), "acme", "demo", 1, nil)
}
`},
			want: []string{
				"call gh.go:17 POST /repos/{owner}/{repo}/releases repo=acme/demo auth=env:GH_PAT",
				"call gh.go:26 POST /repos/{owner}/{repo}/issues/{issue_number}/comments repo=acme/demo auth=env:T2",
			},
		},
		{
			name: "os/exec with the environment it is given, and flows",
			files: map[string]string{"x_test.go": `package x

import (
	"os"
	"os/exec"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestX(t *testing.T) {
	pat := os.Getenv("PAT")
	require.NotEmpty(t, pat)
	cmd := exec.Command("gh", "pr", "merge", os.Args[1])
	cmd.Env = append(os.Environ(), "GH_TOKEN="+pat)
	cmd.Run()
	exec.Command("git", args...).Run()
	sdk.Login(pat)
}
`},
			want: []string{
				"cmd x_test.go:14 gh pr merge \"$__go1\" $__go1=arg:1 env GH_TOKEN=env:PAT",
				"cmd x_test.go:17 git \"$__go2\" unknown: its arguments are built at run time",
				"flow x_test.go:18 env:PAT sdk.Login(…)",
			},
		},
		{
			name: "a wrapper's commands are read at each call",
			files: map[string]string{"w.go": `package main

import "os/exec"

func main() {
	run("git", "describe", "--tags")
	run("git", "push", "origin", "v1")
}

func run(name string, args ...string) {
	exec.Command(name, args...).Run()
}
`},
			want: []string{"cmd w.go:6 git describe --tags", "cmd w.go:7 git push origin v1"},
		},
		{
			name:  "a file that does not parse",
			files: map[string]string{"bad.go": "package x\nfunc (\n"},
			want:  []string{"error bad.go:2"},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			files := map[string][]byte{}
			for k, v := range c.files {
				files[k] = []byte(v)
			}
			got := describe(Analyze(files))
			if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(c.want, "\n"))
			}
		})
	}
}

// FuzzAnalyze checks that any source is read without panicking, with the
// lines it reports in it.
func FuzzAnalyze(f *testing.F) {
	f.Add("package m\nimport \"os\"\nvar t = os.Getenv(\"T\")\nfunc f() { g(t) }\n")
	f.Add("package m\nimport (\"net/http\"; \"os\")\nfunc f() { r, _ := http.NewRequest(\"GET\", \"https://api.github.com/\"+os.Args[1], nil); r.Header.Set(\"a\", os.Getenv(\"X\")) }\n")
	f.Add("package m\nimport \"github.com/google/go-github/v88/github\"\nfunc f(c *github.Client) { c.Repositories.Get(nil, \"a\", \"b\") }\nfunc g() { f(github.NewTokenClient(nil, os.Getenv(\"T\"))) }\n")
	f.Fuzz(func(t *testing.T, src string) {
		p := Analyze(map[string][]byte{"a.go": []byte(src)})
		lines := strings.Count(src, "\n") + 1
		for _, c := range p.Calls {
			if c.Line < 1 || c.Line > lines {
				t.Fatalf("call at line %d of %d", c.Line, lines)
			}
		}
		for _, fl := range p.Flows {
			if fl.Line < 1 || fl.Line > lines {
				t.Fatalf("flow at line %d of %d", fl.Line, lines)
			}
		}
	})
}
