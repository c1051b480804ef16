package cli

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/pat2app/pat2app/apptoken"
)

func TestTokenPrintsTokenAloneAndCountsAttempts(t *testing.T) {
	w := newWeekOrg(t)
	metrics := filepath.Join(w.dir, "pat2app.prom")
	stdio, out, errb := apiTestIO(map[string]string{"NEW_KEY": string(weekPEMOf(t, 1))})
	code := Main(context.Background(), []string{"token", "--api-url", w.srv.URL, "--client-id", "Iv23liRelease",
		"--private-key", w.keyFile[3], "--private-key", "env:NEW_KEY", "--owner", "acme",
		"--repositories", "acme/api", "--permission", "contents=write", "--metrics-file", metrics}, stdio)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	tok := strings.TrimSuffix(out.String(), "\n")
	if strings.ContainsAny(tok, " \n") {
		t.Fatalf("stdout is not the token alone: %q", out.String())
	}
	if reach, ok := w.srv.TokenReach(tok); !ok || !reflect.DeepEqual(reach, []string{"acme/api"}) {
		t.Errorf("the token reaches %v (%v)", reach, ok)
	}
	stderr := errb.String()
	fpOld, fpNew := apptoken.Fingerprint(&weekPrivOf(t, 3).PublicKey), apptoken.Fingerprint(&weekPrivOf(t, 1).PublicKey)
	for _, s := range []string{"expires ", "(in 1h0m0s)", "contents:write", "acme/api", fpNew, "key 1 of 2", "minted with key 2 of 2"} {
		if !strings.Contains(stderr, s) {
			t.Errorf("stderr lacks %q:\n%s", s, stderr)
		}
	}
	if strings.Contains(stderr, tok) {
		t.Errorf("the token is on stderr")
	}

	// A failure is counted too, and the file parses with Prometheus' parser.
	stdio, _, errb = apiTestIO(nil)
	code = Main(context.Background(), []string{"token", "--api-url", w.srv.URL, "--client-id", "Iv23liRelease",
		"--private-key", w.keyFile[0], "--repo", "acme/docs", "--metrics-file", metrics}, stdio)
	if code != ExitViolation || !strings.Contains(errb.String(), "acme/docs is not one of them") {
		t.Errorf("repository outside the installation: exit %d, %s", code, errb.String())
	}
	f, err := os.Open(metrics)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	parser := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := parser.TextToMetricFamilies(f)
	if err != nil {
		t.Fatalf("the metrics file does not parse: %v", err)
	}
	got := map[string]float64{}
	for _, m := range fams[apptoken.MetricAttempts].GetMetric() {
		l := map[string]string{}
		for _, p := range m.GetLabel() {
			l[p.GetName()] = p.GetValue()
		}
		got[l["key"]+" "+l["result"]+" "+l["reason"]] = m.GetCounter().GetValue()
	}
	fp0 := apptoken.Fingerprint(&weekPrivOf(t, 0).PublicKey)
	want := map[string]float64{
		fpOld + " failure key_rejected":              1,
		fpNew + " success ok":                        1,
		fp0 + " failure not_installed_on_repository": 1,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("attempts = %v, want %v", got, want)
	}
	if fams[apptoken.MetricDuration].GetType().String() != "HISTOGRAM" || len(fams[apptoken.MetricLastSuccess].GetMetric()) != 1 {
		t.Errorf("families: %v", fams)
	}
}

func TestTokenJSONFromPlannedJob(t *testing.T) {
	w := newWeekOrg(t)
	plan := writeWeekPlan(t, w)
	stdio, out, errb := apiTestIO(nil)
	cfg := filepath.Join(w.dir, "pat2app.yaml")
	if err := os.WriteFile(cfg, []byte("apps:\n  acme-release-bot:\n    client_id: Iv23liRelease\n    private_keys: ["+w.keyFile[0]+"]\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	code := Main(context.Background(), []string{"token", "--api-url", w.srv.URL, "--config", cfg, "--plan", plan,
		"--job", "acme/api:.github/workflows/release.yml:release", "--format", "json"}, stdio)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	var tok apptoken.Token
	if err := json.Unmarshal(out.Bytes(), &tok); err != nil {
		t.Fatalf("%v: %s", err, out.String())
	}
	if !reflect.DeepEqual(tok.Permissions, map[string]string{"contents": "write", "pull_requests": "write"}) ||
		!reflect.DeepEqual(tok.Repositories, []string{"acme/api"}) || tok.InstallationID != 100 || tok.ExpiresAt.IsZero() {
		t.Errorf("token = %+v", tok)
	}
	if _, ok := w.srv.TokenReach(tok.Token); !ok {
		t.Errorf("the JSON's token is not one the fake issued")
	}
}

func TestTokenGitCredential(t *testing.T) {
	w := newWeekOrg(t)
	args := []string{"token", "git-credential", "--api-url", w.srv.URL, "--client-id", "Iv23liRelease", "--private-key", w.keyFile[0], "get"}
	host := strings.TrimPrefix(w.srv.URL, "http://")
	stdio, out, errb := apiTestIO(nil)
	stdio.In = strings.NewReader("protocol=http\nhost=" + host + "\npath=acme/web.git\n\n")
	if code := Main(context.Background(), args, stdio); code != ExitOK {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	lines := strings.Split(out.String(), "\n")
	if len(lines) < 3 || lines[0] != "username=x-access-token" || !strings.HasPrefix(lines[1], "password=") || !strings.HasPrefix(lines[2], "password_expiry_utc=") {
		t.Fatalf("answer = %q", out.String())
	}
	if reach, ok := w.srv.TokenReach(strings.TrimPrefix(lines[1], "password=")); !ok || !reflect.DeepEqual(reach, []string{"acme/web"}) {
		t.Errorf("the token reaches %v, want the repository git asked about", reach)
	}
	if errb.Len() != 0 {
		t.Errorf("a credential helper that works is quiet: %q", errb.String())
	}
	// Another host gets nothing; store and erase do nothing.
	for _, tc := range []struct{ op, in string }{{"get", "protocol=https\nhost=evil.example\n\n"}, {"store", "protocol=http\nhost=" + host + "\npassword=x\n\n"}, {"erase", ""}} {
		stdio, out, errb := apiTestIO(nil)
		stdio.In = strings.NewReader(tc.in)
		a := append(append([]string{}, args[:len(args)-1]...), tc.op)
		if code := Main(context.Background(), a, stdio); code != ExitOK || out.Len() != 0 {
			t.Errorf("%s %q: exit %d, out %q, err %q", tc.op, tc.in, code, out.String(), errb.String())
		}
	}
}

func TestTokenExec(t *testing.T) {
	w := newWeekOrg(t)
	dump := filepath.Join(w.dir, "env")
	stdio, out, errb := apiTestIO(nil)
	code := Main(context.Background(), []string{"token", "exec", "--api-url", w.srv.URL, "--client-id", "Iv23liTriage",
		"--private-key", w.keyFile[2], "--owner", "acme", "--permission", "issues=write", "--",
		"sh", "-c", `test "$GH_TOKEN" = "$GITHUB_TOKEN" && printf %s "$GH_TOKEN" > "$0" && echo ran; exit 7`, dump}, stdio)
	if code != 7 {
		t.Fatalf("exit %d, want the command's 7: %s", code, errb.String())
	}
	if out.String() != "ran\n" {
		t.Errorf("stdout = %q", out.String())
	}
	b, err := os.ReadFile(dump)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := w.srv.TokenReach(string(b)); !ok {
		t.Errorf("the command did not get a token the fake issued")
	}
}

func TestTokenUsage(t *testing.T) {
	w := newWeekOrg(t)
	_, pems := weekKeys(t)
	base := []string{"token", "--api-url", w.srv.URL}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--client-id", "x", "--private-key", string(pems[0]), "--owner", "acme"}, "a private key was given where a file"},
		{[]string{"--client-id", "x", "--owner", "acme"}, "no private key"},
		{[]string{"--private-key", w.keyFile[0], "--owner", "acme"}, "which App?"},
		{[]string{"--client-id", "x", "--private-key", w.keyFile[0]}, "which installation?"},
		{[]string{"--client-id", "x", "--private-key", w.keyFile[0], "--owner", "acme", "--permission", "contents=wrote"}, "not read, write or admin"},
		{[]string{"--client-id", "x", "--private-key", w.keyFile[0], "--owner", "acme", "--permission", "contnets=write"}, "unknown permission name"},
		{[]string{"--client-id", "x", "--private-key", w.keyFile[0], "--owner", "acme", "--permission", "id-token=write"}, "no GitHub App has"},
		{[]string{"--client-id", "x", "--private-key", w.keyFile[0], "--owner", "acme", "--repositories", "other/api"}, "a token covers one account"},
		{[]string{"--client-id", "x", "--private-key", w.keyFile[0], "--plan", "p.json"}, "--plan and --job go together"},
		{[]string{"--app", "acme-release-bot", "--owner", "acme"}, "no credentials for App acme-release-bot"},
	} {
		stdio, out, errb := apiTestIO(nil)
		code := Main(context.Background(), append(append([]string{}, base...), tc.args...), stdio)
		if code != ExitUsage || !strings.Contains(errb.String(), tc.want) || out.Len() != 0 {
			t.Errorf("%v: exit %d, stderr %q, want %q", tc.args, code, errb.String(), tc.want)
		}
		if strings.Contains(errb.String(), "PRIVATE KEY") {
			t.Errorf("%v: the key was repeated", tc.args)
		}
	}
}
