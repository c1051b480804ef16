package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	ghsource "github.com/pat2app/pat2app/source/github"
	"github.com/pat2app/pat2app/source/github/fakegithub"
)

func apiTestIO(env map[string]string) (*IO, *bytes.Buffer, *bytes.Buffer) {
	var out, errb bytes.Buffer
	return &IO{In: strings.NewReader(""), Out: &out, Err: &errb, Getenv: func(k string) string { return env[k] },
		Now: time.Now, IsTerminal: func(io.Writer) bool { return false }}, &out, &errb
}

func apiTestServer(refuse int) *fakegithub.Server {
	return fakegithub.New(fakegithub.Config{Token: "test-token", Orgs: []*fakegithub.Org{{Login: "acme", Repos: []*fakegithub.Repo{
		{Name: "api", Files: map[string]string{".github/workflows/ci.yml": "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: echo ${{ secrets.BOT_PAT }}\n"}},
		{Name: "web", Refuse: refuse, Files: map[string]string{".github/workflows/ci.yml": "on: push\n"}},
	}}}})
}

func TestScanOrgThroughAPI(t *testing.T) {
	srv := apiTestServer(0)
	defer srv.Close()
	stdio, out, errb := apiTestIO(map[string]string{"GH_TOKEN": "test-token"})
	code := Main(context.Background(), []string{"scan", "--org", "acme", "--format", "json", "--api-url", srv.URL,
		"--cache-dir", t.TempDir(), "--transport", "rest"}, stdio)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	var inv struct {
		Complete bool            `json:"complete"`
		Secrets  json.RawMessage `json:"secrets"`
		Repos    []struct {
			Name      string   `json:"name"`
			Workflows []string `json:"workflows"`
		} `json:"repos"`
	}
	if err := json.Unmarshal(out.Bytes(), &inv); err != nil {
		t.Fatalf("%v: %s", err, out.String())
	}
	if !inv.Complete || len(inv.Repos) != 2 || inv.Repos[0].Name != "acme/api" || len(inv.Repos[0].Workflows) != 1 {
		t.Errorf("inventory = %+v", inv)
	}
	if strings.Contains(out.String()+errb.String(), "test-token") {
		t.Errorf("the token was printed")
	}
	if len(inv.Secrets) == 0 {
		t.Errorf("no secrets inventory")
	}
	out.Reset()
	code = Main(context.Background(), []string{"scan", "--org", "acme", "--format", "json", "--api-url", srv.URL,
		"--cache-dir", "off", "--no-secrets", "--transport", "graphql"}, stdio)
	inv.Secrets = nil
	if err := json.Unmarshal(out.Bytes(), &inv); code != ExitOK || err != nil || len(inv.Secrets) != 0 || len(inv.Repos) != 2 {
		t.Errorf("--no-secrets --transport graphql: exit %d, %v, secrets %s", code, err, inv.Secrets)
	}
}

func TestScanAPIPartialAndUsage(t *testing.T) {
	srv := apiTestServer(403)
	defer srv.Close()
	stdio, _, errb := apiTestIO(map[string]string{"GITHUB_TOKEN": "test-token"})
	code := Main(context.Background(), []string{"scan", "--org", "acme", "--format", "json", "--api-url", srv.URL, "--cache-dir", "off", "--quiet"}, stdio)
	if code != ExitPartial || !strings.Contains(errb.String(), "acme/web") {
		t.Errorf("refused repo: exit %d, stderr %q", code, errb.String())
	}
	for _, args := range [][]string{
		{"scan", "--org", "acme", "--transport", "ftp", "--api-url", srv.URL},
		{"scan", "--org", "acme", "--transport", "git", "--api-url", srv.URL},
		{"scan", "--org", "acme", "--concurrency", "0", "--api-url", srv.URL},
	} {
		stdio, _, errb := apiTestIO(map[string]string{"GH_TOKEN": "test-token"})
		if code := Main(context.Background(), args, stdio); code != ExitUsage {
			t.Errorf("%v: exit %d, want %d (%s)", args, code, ExitUsage, errb.String())
		}
	}
}

func TestCredentials(t *testing.T) {
	g := &globalOptions{}
	a := &apiOptions{ghToken: func(context.Context, string) (string, error) { return "", errors.New("no gh") }}
	g.io, _, _ = apiTestIO(nil)
	o := optsFor()
	if err := a.credentials(context.Background(), g, o); err == nil {
		t.Errorf("no credentials: want a usage error")
	}
	a.ghToken = func(_ context.Context, host string) (string, error) { return "from-gh:" + host, nil }
	g.apiURL = "https://ghe.example.com/api/v3/"
	if err := a.credentials(context.Background(), g, o); err != nil || o.Token != "from-gh:ghe.example.com" {
		t.Errorf("gh auth token: %v %q", err, o.Token)
	}
	g.io, _, _ = apiTestIO(map[string]string{"GITHUB_TOKEN": "env-token"})
	o = optsFor()
	if err := a.credentials(context.Background(), g, o); err != nil || o.Token != "env-token" {
		t.Errorf("GITHUB_TOKEN: %v %q", err, o.Token)
	}
	g.appID = 5
	if err := a.credentials(context.Background(), g, optsFor()); err == nil {
		t.Errorf("--app-id without a key: want a usage error")
	}
}

func optsFor() *ghsource.Options { return &ghsource.Options{} }
