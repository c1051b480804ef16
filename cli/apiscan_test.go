package cli

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/pat2app/pat2app/report"
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
		{"scan", "--org", "acme", "--no-secrets", "--all-secrets", "--api-url", srv.URL},
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

// testAppKey is an App key and its PEM.
func testAppKey(t *testing.T) (*rsa.PrivateKey, string) {
	t.Helper()
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	return k, string(pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(k)}))
}

// TestSecretFlagsNotRepeated: a key given where a path belongs, an API
// URL with credentials, a token given to a number flag or a path that
// cannot be read are refused without repeating the value; the key is
// taken from PAT2APP_APP_PRIVATE_KEY.
func TestSecretFlagsNotRepeated(t *testing.T) {
	_, keyPEM := testAppKey(t)
	const tok = "ghp_Mdga0123456789abcdefghijklmnopqrstuv"
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"key as path", []string{"--app-id", "5", "--app-private-key", keyPEM}, "looks like a key, not a path"},
		{"key body as path", []string{"--app-id", "5", "--app-private-key", strings.Split(keyPEM, "\n")[1] + strings.Split(keyPEM, "\n")[2]}, "looks like a key, not a path"},
		{"missing key file", []string{"--app-id", "5", "--app-private-key", "/nonexistent/" + tok}, "read the --app-private-key file"},
		{"user info", []string{"--api-url", "ftp://u:" + tok + "@ghe.example.com/"}, "must not carry credentials"},
		{"token as user", []string{"--api-url", "https://" + tok + "@ghe.example.com/api/v3/"}, "must not carry credentials"},
		{"token as app id", []string{"--app-id", tok}, "--app-id: not a number"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			stdio, out, errb := apiTestIO(map[string]string{"GH_TOKEN": "test-token"})
			args := append([]string{"scan", "--org", "acme", "--cache-dir", "off"}, tc.args...)
			if code := Main(context.Background(), args, stdio); code != ExitUsage {
				t.Errorf("exit %d, want %d", code, ExitUsage)
			}
			got := out.String() + errb.String()
			if !strings.Contains(got, tc.want) {
				t.Errorf("want %q, got %q", tc.want, got)
			}
			for _, secret := range append(strings.Split(strings.TrimSpace(keyPEM), "\n")[1:4], tok) {
				if strings.Contains(got, secret) {
					t.Errorf("the secret was repeated: %q", got)
				}
			}
		})
	}
	t.Run("key from the environment", func(t *testing.T) {
		key, keyPEM := testAppKey(t)
		srv := fakegithub.New(fakegithub.Config{AppID: 42, AppKey: &key.PublicKey, Orgs: []*fakegithub.Org{{Login: "acme", Installed: 7,
			Repos: []*fakegithub.Repo{{Name: "api", Files: map[string]string{".github/workflows/ci.yml": "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: echo hi\n"}}}}}})
		defer srv.Close()
		// Stored with escaped line breaks, as some secret stores do.
		stdio, _, errb := apiTestIO(map[string]string{"PAT2APP_APP_PRIVATE_KEY": strings.ReplaceAll(keyPEM, "\n", `\n`)})
		code := Main(context.Background(), []string{"scan", "--org", "acme", "--app-id", "42", "--api-url", srv.URL, "--cache-dir", "off", "--format", "json"}, stdio)
		if code != ExitOK || srv.Counts().TokensIssued == 0 {
			t.Errorf("exit %d, %d installation tokens: %s", code, srv.Counts().TokensIssued, errb.String())
		}
	})
}

// TestScanStopsAtFarReset: a rate limit that resets in ten hours ends the
// scan at once with exit 3, what was read, and when to run it again.
func TestScanStopsAtFarReset(t *testing.T) {
	srv := fakegithub.New(fakegithub.Config{Token: "test-token", RateLimit: 2, Window: 10 * time.Hour, Orgs: []*fakegithub.Org{{Login: "acme", Repos: []*fakegithub.Repo{
		{Name: "api", Files: map[string]string{".github/workflows/ci.yml": "on: push\n"}},
		{Name: "web", Files: map[string]string{".github/workflows/ci.yml": "on: push\n"}},
	}}}})
	defer srv.Close()
	stdio, out, errb := apiTestIO(map[string]string{"GH_TOKEN": "test-token"})
	start := time.Now()
	code := Main(context.Background(), []string{"scan", "--org", "acme", "--format", "json", "--api-url", srv.URL,
		"--cache-dir", "off", "--transport", "rest", "--concurrency", "1", "--no-secrets"}, stdio)
	if code != ExitPartial || time.Since(start) > 10*time.Second {
		t.Fatalf("exit %d after %s, want %d at once: %s", code, time.Since(start), ExitPartial, errb.String())
	}
	resume := time.Now().Add(10 * time.Hour).UTC().Format("2006-01-02")
	if !strings.Contains(errb.String(), "run it again after "+resume) || strings.Contains(errb.String(), "acme/api") ||
		!strings.Contains(errb.String(), "acme/web: not read") || !strings.Contains(out.String(), `.github/workflows/ci.yml`) {
		t.Errorf("want what was read and when to resume:\nstdout %s\nstderr %s", out.String(), errb.String())
	}
}

// TestScanJSONStreamed: the JSON inventory of an organisation scan, written
// from findings read back from disk (the cache, or a spill file without
// one), is byte for byte what the in-memory writer makes of it, and the
// same either way.
func TestScanJSONStreamed(t *testing.T) {
	srv := apiTestServer(0)
	defer srv.Close()
	var outs []string
	for _, cache := range []string{t.TempDir(), "off"} {
		stdio, out, errb := apiTestIO(map[string]string{"GH_TOKEN": "test-token"})
		code := Main(context.Background(), []string{"scan", "--org", "acme", "--format", "json", "--api-url", srv.URL, "--cache-dir", cache}, stdio)
		if code != ExitOK {
			t.Fatalf("exit %d: %s", code, errb.String())
		}
		inv, err := report.ReadInventoryJSON(bytes.NewReader(out.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		if len(inv.Findings) == 0 {
			t.Fatalf("no findings: %s", out.String())
		}
		var again bytes.Buffer
		if err := report.WriteInventoryJSON(&again, inv); err != nil {
			t.Fatal(err)
		}
		if again.String() != out.String() {
			t.Errorf("cache %s: the streamed inventory differs from the in-memory writer's:\n%s\n---\n%s", cache, out.String(), again.String())
		}
		outs = append(outs, out.String())
	}
	if outs[0] != outs[1] {
		t.Errorf("with and without the cache the inventories differ")
	}
}

// TestScanMaxRequests: --max-requests stops the scan cleanly, with a
// partial inventory and exit 3; a negative cap is a usage error.
func TestScanMaxRequests(t *testing.T) {
	srv := apiTestServer(0)
	defer srv.Close()
	stdio, out, errb := apiTestIO(map[string]string{"GH_TOKEN": "test-token"})
	code := Main(context.Background(), []string{"scan", "--org", "acme", "--format", "json", "--api-url", srv.URL,
		"--cache-dir", "off", "--transport", "rest", "--concurrency", "1", "--max-requests", "2"}, stdio)
	if code != ExitPartial || !strings.Contains(errb.String(), "(--max-requests); run it again later with --resume") ||
		!strings.Contains(out.String(), `"complete": false`) {
		t.Errorf("exit %d, want %d with a partial inventory:\nstdout %s\nstderr %s", code, ExitPartial, out.String(), errb.String())
	}
	for _, args := range [][]string{{"--max-requests", "-1"}, {"--resume", "--cache-dir", "off"}} {
		stdio, _, errb = apiTestIO(map[string]string{"GH_TOKEN": "test-token"})
		if code := Main(context.Background(), append([]string{"scan", "--org", "acme", "--api-url", srv.URL}, args...), stdio); code != ExitUsage {
			t.Errorf("%v: exit %d (%s)", args, code, errb.String())
		}
	}
}

// TestScanResume: a scan stopped by --max-requests is resumed with
// --resume (and a new cap) until it completes, and ends with the inventory
// an uninterrupted scan writes.
func TestScanResume(t *testing.T) {
	srv := apiTestServer(0)
	defer srv.Close()
	run := func(cache string, args ...string) (int, string, string) {
		stdio, out, errb := apiTestIO(map[string]string{"GH_TOKEN": "test-token"})
		code := Main(context.Background(), append([]string{"scan", "--org", "acme", "--format", "json", "--api-url", srv.URL,
			"--cache-dir", cache, "--concurrency", "1"}, args...), stdio)
		return code, out.String(), errb.String()
	}
	_, want, _ := run(t.TempDir())
	cache := t.TempDir()
	if code, _, errb := run(cache, "--max-requests", "3"); code != ExitPartial {
		t.Fatalf("capped scan: exit %d: %s", code, errb)
	}
	code, got, errb := run(cache, "--resume")
	if code != ExitOK || !strings.Contains(errb, "resuming the scan started") {
		t.Fatalf("resumed scan: exit %d: %s", code, errb)
	}
	if got != want {
		t.Errorf("the resumed inventory differs from an uninterrupted scan's:\n%s\n---\n%s", got, want)
	}
}

// TestScanInterrupted: a scan cut short by Ctrl-C (or a CI job's timeout)
// exits 3 and says how to go on.
func TestScanInterrupted(t *testing.T) {
	srv := apiTestServer(0)
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	stdio, _, errb := apiTestIO(map[string]string{"GH_TOKEN": "test-token"})
	code := Main(ctx, []string{"scan", "--org", "acme", "--format", "json", "--api-url", srv.URL, "--cache-dir", t.TempDir()}, stdio)
	if code != ExitPartial || !strings.Contains(errb.String(), "scan interrupted") || !strings.Contains(errb.String(), "--resume") {
		t.Errorf("exit %d, want %d saying how to go on: %s", code, ExitPartial, errb.String())
	}
}
