package cli

import (
	"context"
	"crypto/rsa"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pat2app/pat2app/planner"
	"github.com/pat2app/pat2app/source/github/fakegithub"
	"github.com/pat2app/pat2app/verify"
)

// verifyWorld is acme with its plan, the variable and secret the token
// step reads defined (read from plan.json, whatever their names), and a
// configuration naming acme-release-bot's client ID and both keys.
type verifyWorld struct {
	*weekOrg
	plan, cfg       string
	varName, secret string
}

func newVerifyWorld(t *testing.T) *verifyWorld {
	t.Helper()
	w := &verifyWorld{weekOrg: newWeekOrg(t)}
	w.plan = writeWeekPlan(t, w.weekOrg)
	f, err := os.Open(w.plan)
	if err != nil {
		t.Fatal(err)
	}
	p, err := planner.ReadJSON(f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Apps) != 1 || p.Apps[0].Name != "acme-release-bot" || len(p.Jobs) != 1 {
		t.Fatalf("the test plan changed: apps %+v", p.Apps)
	}
	vm := regexp.MustCompile(`vars\.([A-Z0-9_]+)`).FindStringSubmatch(p.Jobs[0].Snippet)
	sm := regexp.MustCompile(`secrets\.([A-Z0-9_]+)`).FindStringSubmatch(p.Jobs[0].Snippet)
	if vm == nil || sm == nil {
		t.Fatalf("the token step reads no variable or secret:\n%s", p.Jobs[0].Snippet)
	}
	w.varName, w.secret = vm[1], sm[1]
	w.acme.Repos[0].Variables = []string{w.varName}
	w.acme.Secrets = []fakegithub.OrgSecret{{Name: w.secret, Visibility: "selected", Repos: []string{"acme/api"}}}
	w.cfg = filepath.Join(w.dir, "pat2app.yaml")
	cfg := "apps:\n  acme-release-bot:\n    client_id: Iv23liRelease\n    private_keys: [" + w.keyFile[0] + ", env:NEW_KEY]\n"
	if err := os.WriteFile(w.cfg, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	return w
}

func (w *verifyWorld) run(t *testing.T, env map[string]string, extra ...string) (int, string, string) {
	t.Helper()
	if env == nil {
		env = map[string]string{"GH_TOKEN": weekReaderToken}
	}
	env["NEW_KEY"] = string(weekPEMOf(t, 1))
	stdio, out, errb := apiTestIO(env)
	args := append([]string{"verify", "--api-url", w.srv.URL, "--config", w.cfg, "--plan", w.plan}, extra...)
	code := Main(context.Background(), args, stdio)
	return code, out.String(), errb.String()
}

func TestVerifyAllGood(t *testing.T) {
	w := newVerifyWorld(t)
	code, out, errb := w.run(t, nil)
	if code != ExitOK {
		t.Fatalf("exit %d:\n%s\n%s", code, out, errb)
	}
	for _, s := range []string{"acme-release-bot (Iv23liRelease): OK", "GitHub accepts a JWT signed with it", "installation 100 on acme (selected repositories)",
		"in installation 100's selected repositories", "a repository variable of acme/api", "an organisation secret of acme, visible to acme/api",
		"match the manifest", "result: the Apps will work"} {
		if !strings.Contains(out, s) {
			t.Errorf("output lacks %q:\n%s", s, out)
		}
	}
	if strings.Count(out, "GitHub accepts a JWT signed with it") != 2 {
		t.Errorf("both keys were not checked:\n%s", out)
	}
}

// TestVerifyFailures: each thing that would break day 3 fails the run
// (exit 1) with what to fix; warnings and unknowns do not.
func TestVerifyFailures(t *testing.T) {
	for _, tc := range []struct {
		name  string
		setup func(w *verifyWorld)
		env   map[string]string
		code  int
		want  []string
	}{
		{"App lacks a permission", func(w *verifyWorld) { delete(w.release.Permissions, "pull_requests") }, nil, ExitViolation,
			[]string{"the App lacks pull_requests: write (has none)", "Permissions & events"}},
		{"installation has not accepted a permission", func(w *verifyWorld) { delete(w.release.Installations[0].Permissions, "pull_requests") }, nil, ExitViolation,
			[]string{"installation 100 has not accepted pull_requests: write (has none)", "must accept"}},
		{"repository outside the selection", func(w *verifyWorld) { w.release.Installations[0].Repositories = []string{"web"} }, nil, ExitViolation,
			[]string{"acme/api", "not in installation 100's selected repositories", "fails here"}},
		{"not installed", func(w *verifyWorld) { w.release.Installations = nil }, nil, ExitViolation,
			[]string{"the App is not installed on acme: install it there on the repositories acme/api"}},
		{"suspended", func(w *verifyWorld) { w.release.Installations[0].Suspended = true }, nil, ExitViolation, []string{"is suspended"}},
		{"variable missing", func(w *verifyWorld) { w.acme.Repos[0].Variables = nil }, nil, ExitViolation,
			[]string{"defined neither on acme/api nor on acme"}},
		{"secret not visible", func(w *verifyWorld) { w.acme.Secrets[0].Repos = []string{"acme/web"} }, nil, ExitViolation,
			[]string{"cannot see (visibility selected)"}},
		{"a key was deleted from the App", func(w *verifyWorld) { w.release.Keys = w.release.Keys[:1] }, nil, ExitViolation,
			[]string{"refused the JWT signed with environment variable NEW_KEY", "Private keys", "installation 100 on acme"}},
		{"every key refused", func(w *verifyWorld) { w.release.Keys = []*rsa.PublicKey{&weekPrivOf(t, 3).PublicKey} }, nil, ExitViolation,
			[]string{"not checked: GitHub accepted none of the App's keys"}},
		{"drift is a warning", func(w *verifyWorld) { w.release.Permissions["issues"] = "write"; w.release.Events = []string{"push"} }, nil, ExitOK,
			[]string{"the App has issues: write where the manifest asks none", "subscribes to push events", "see the warnings"}},
		{"no token to read secrets", func(*verifyWorld) {}, map[string]string{}, ExitPartial,
			[]string{"not checked: no token to read Actions variables and secrets", "some checks could not be made"}},
		{"secrets unreadable", func(w *verifyWorld) { w.acme.RefuseOrgSc = true }, nil, ExitPartial,
			[]string{"not a repository secret; the organisation's could not be read", "organization_secrets: read"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := newVerifyWorld(t)
			tc.setup(w)
			code, out, errb := w.run(t, tc.env)
			if code != tc.code {
				t.Errorf("exit %d, want %d:\n%s\n%s", code, tc.code, out, errb)
			}
			for _, s := range tc.want {
				if !strings.Contains(out, s) {
					t.Errorf("output lacks %q:\n%s", s, out)
				}
			}
		})
	}
}

func TestVerifyOneAppFromFlagsAndFormats(t *testing.T) {
	w := newVerifyWorld(t)
	if err := os.WriteFile(w.cfg, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	// Without credentials the App is not checked: exit 3.
	code, out, _ := w.run(t, nil)
	if code != ExitPartial || !strings.Contains(out, "acme-release-bot: not checked: no credentials") {
		t.Errorf("no credentials: exit %d\n%s", code, out)
	}
	code, out, errb := w.run(t, nil, "--app", "acme-release-bot", "--client-id", "Iv23liRelease", "--private-key", w.keyFile[0], "--format", "markdown")
	if code != ExitOK {
		t.Fatalf("exit %d:\n%s\n%s", code, out, errb)
	}
	for _, s := range []string{"# Will the migration work?", "| `acme-release-bot` | `Iv23liRelease` | ok |", "## acme-release-bot: ok", "| ✅ ok | repository | `acme/api` |"} {
		if !strings.Contains(out, s) {
			t.Errorf("markdown lacks %q:\n%s", s, out)
		}
	}
	code, out, _ = w.run(t, nil, "--app", "acme-release-bot", "--client-id", "Iv23liRelease", "--private-key", w.keyFile[0], "--format", "json")
	var rep verify.Report
	if err := json.Unmarshal([]byte(out), &rep); code != ExitOK || err != nil || rep.Status != verify.StatusOK || len(rep.Apps) != 1 || len(rep.Apps[0].Checks) < 6 {
		t.Errorf("json: exit %d, %v, %+v", code, err, rep)
	}
	for _, args := range [][]string{
		{"--app", "nope", "--client-id", "x", "--private-key", w.keyFile[0]},
		{"--client-id", "x"},
		{"--format", "yaml"},
	} {
		if code, _, errb := w.run(t, nil, args...); code != ExitUsage {
			t.Errorf("%v: exit %d (%s)", args, code, errb)
		}
	}
}

// TestVerifyClockSkew: a skewed clock fails the key check with the skew.
func TestVerifyClockSkew(t *testing.T) {
	w := newVerifyWorld(t)
	stdio, out, errb := apiTestIO(map[string]string{"GH_TOKEN": weekReaderToken, "NEW_KEY": string(weekPEMOf(t, 1))})
	g := &globalOptions{io: stdio, apiURL: w.srv.URL, configPath: w.cfg}
	o := &verifyOptions{planPath: w.plan, format: "text"}
	o.clock = skewedClock{20 * time.Minute}
	err := runVerify(context.Background(), g, o)
	var ee *ExitError
	if !errors.As(err, &ee) || ee.Code != ExitViolation {
		t.Fatalf("err = %v\n%s", err, errb.String())
	}
	if !regexp.MustCompile(`clock is (19|20)m[0-9]+s ahead of GitHub's`).MatchString(out.String()) {
		t.Errorf("the skew is not told:\n%s", out.String())
	}
}

type skewedClock struct{ d time.Duration }

func (c skewedClock) Now() time.Time { return time.Now().Add(c.d) }

func (c skewedClock) Sleep(ctx context.Context, _ time.Duration) error { return ctx.Err() }
