package apptoken

import (
	"context"
	"errors"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	ghsource "github.com/pat2app/pat2app/source/github"
)

func TestMintNarrowedToken(t *testing.T) {
	w := newWorld(t)
	for _, tc := range []struct {
		name string
		app  App
	}{
		{"client id", w.appWith(0)},
		{"app id", App{AppID: 42, Keys: w.appWith(0).Keys}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tok, err := w.minter(nil).Mint(context.Background(), tc.app, Request{Owner: "acme", Repositories: []string{"api"},
				Permissions: map[string]string{"contents": "write"}})
			if err != nil {
				t.Fatal(err)
			}
			if tok.InstallationID != 100 || tok.Account != "acme" || tok.KeyFingerprint != Fingerprint(&w.keys[0].PublicKey) {
				t.Errorf("token = %+v", tok)
			}
			if !reflect.DeepEqual(tok.Permissions, map[string]string{"contents": "write"}) || !reflect.DeepEqual(tok.Repositories, []string{"acme/api"}) {
				t.Errorf("as GitHub returned it: permissions %v, repositories %v", tok.Permissions, tok.Repositories)
			}
			if len(tok.GrantedLess) != 0 || tok.Unscoped {
				t.Errorf("granted less %v, unscoped %v", tok.GrantedLess, tok.Unscoped)
			}
			if d := time.Until(tok.ExpiresAt); d < 50*time.Minute || d > 61*time.Minute {
				t.Errorf("expires in %s", d)
			}
			if reach, ok := w.srv.TokenReach(tok.Token); !ok || !reflect.DeepEqual(reach, []string{"acme/api"}) {
				t.Errorf("the token reaches %v (issued: %v), want acme/api only", reach, ok)
			}
		})
	}
}

func TestMintFindsInstallationFromRepositoryAndID(t *testing.T) {
	w := newWorld(t)
	for _, req := range []Request{{Repo: "beta/site"}, {InstallationID: 200}} {
		tok, err := w.minter(nil).Mint(context.Background(), w.appWith(0), req)
		if err != nil {
			t.Fatalf("%+v: %v", req, err)
		}
		if tok.InstallationID != 200 || !tok.Unscoped || tok.Permissions["contents"] != "write" {
			t.Errorf("%+v: token %+v", req, tok)
		}
	}
}

// TestRotation: the first key is no longer the App's; the second mints,
// both attempts are counted under their fingerprints, and the user is told.
func TestRotation(t *testing.T) {
	w := newWorld(t)
	m := NewMetrics()
	tok, err := w.minter(m).Mint(context.Background(), w.appWith(2, 1), Request{Owner: "beta"})
	if err != nil {
		t.Fatal(err)
	}
	fpOld, fpNew := Fingerprint(&w.keys[2].PublicKey), Fingerprint(&w.keys[1].PublicKey)
	if tok.KeyFingerprint != fpNew {
		t.Errorf("minted with %s, want the second key %s", tok.KeyFingerprint, fpNew)
	}
	want := map[attemptKey]float64{
		{testClientID, fpOld, "failure", string(ReasonKeyRejected)}: 1,
		{testClientID, fpNew, "success", string(ReasonOK)}:          1,
	}
	if !reflect.DeepEqual(m.attempts, want) {
		t.Errorf("attempts = %v, want %v", m.attempts, want)
	}
	notes := strings.Join(w.notes, "\n")
	if !strings.Contains(notes, "key 1 of 2") || !strings.Contains(notes, fpOld) || !strings.Contains(notes, "minted with key 2 of 2") {
		t.Errorf("notes = %q", notes)
	}
}

// TestFailures: every failure the token command must explain, with its
// reason and the words that say what to fix.
func TestFailures(t *testing.T) {
	for _, tc := range []struct {
		name   string
		keys   []int
		skew   time.Duration
		req    Request
		reason Reason
		want   []string
	}{
		{"key not of the App", []int{2}, 0, Request{Owner: "beta"}, ReasonKeyRejected,
			[]string{"refused the JWT signed with file key2.pem", "Private keys"}},
		{"both keys refused", []int{2, 2}, 0, Request{Owner: "beta"}, ReasonKeyRejected, []string{"key 1:", "key 2:"}},
		{"clock ahead", []int{0}, 10 * time.Minute, Request{Owner: "beta"}, ReasonClockSkew,
			[]string{"ahead of GitHub's", "NTP"}},
		{"clock behind", []int{0}, -15 * time.Minute, Request{Owner: "beta"}, ReasonClockSkew,
			[]string{"behind GitHub's"}},
		{"unknown installation id", []int{0}, 0, Request{InstallationID: 999}, ReasonUnknownInstallation,
			[]string{"installation 999 does not exist", "--owner"}},
		{"not installed on the organisation", []int{0}, 0, Request{Owner: "nobody"}, ReasonUnknownInstallation,
			[]string{"not installed on nobody", "Install App"}},
		{"repository outside the selection, found by repository", []int{0}, 0, Request{Repo: "acme/web"}, ReasonNotInstalledOnRepo,
			[]string{"selected repositories", "acme/web is not one of them", "/organizations/acme/settings/installations/100"}},
		{"repository outside the selection, asked for", []int{0}, 0, Request{Owner: "acme", Repositories: []string{"api", "web"}}, ReasonNotInstalledOnRepo,
			[]string{"does not cover acme/web", "Repository access"}},
		{"permission the App lacks", []int{0}, 0, Request{Owner: "acme", Permissions: map[string]string{"administration": "write"}}, ReasonPermissionNotGranted,
			[]string{"was not granted administration: write", "add it to the App's permissions", "accept the new permissions on the installation"}},
		{"permission the installation has not accepted", []int{0}, 0, Request{Owner: "acme", Permissions: map[string]string{"pull_requests": "write"}}, ReasonPermissionNotGranted,
			[]string{"asks for pull_requests: write (the installation has none)", "has not accepted it yet", "owner of acme must accept"}},
		{"suspended", []int{0}, 0, Request{Owner: "gamma"}, ReasonSuspended, []string{"is suspended", "unsuspend"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorld(t)
			w.clock.offset = tc.skew
			m := NewMetrics()
			_, err := w.minter(m).Mint(context.Background(), w.appWith(tc.keys...), tc.req)
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("err = %v (%T), want *Error", err, err)
			}
			if e.Reason != tc.reason {
				t.Errorf("reason = %s, want %s (%s)", e.Reason, tc.reason, e.Msg)
			}
			if tc.skew != 0 && !regexp.MustCompile(`clock is (9|1[045])m[0-9]+s (ahead|behind)`).MatchString(e.Msg) {
				t.Errorf("the skew is not measured: %s", e.Msg)
			}
			for _, s := range tc.want {
				if !strings.Contains(e.Msg, s) {
					t.Errorf("message lacks %q:\n%s", s, e.Msg)
				}
			}
			var failures float64
			for k, n := range m.attempts {
				if k.result != "failure" || k.reason != string(tc.reason) {
					t.Errorf("attempt counted as %+v", k)
				}
				failures += n
			}
			if int(failures) != len(tc.keys) {
				t.Errorf("%v failures counted, want %d", failures, len(tc.keys))
			}
		})
	}
}

// TestSecondaryRateLimit: Retry-After is honoured (on the client's clock)
// and the token comes; past the retries the error says what to do.
func TestSecondaryRateLimit(t *testing.T) {
	w := newWorld(t)
	w.app.RateLimited, w.app.RetryAfter = 2, 7
	m := NewMetrics()
	tok, err := w.minter(m).Mint(context.Background(), w.appWith(0), Request{Owner: "beta"})
	if err != nil {
		t.Fatal(err)
	}
	if tok.Token == "" || !reflect.DeepEqual(w.clock.slept, []time.Duration{7 * time.Second, 7 * time.Second}) {
		t.Errorf("slept %v, want two waits of 7s", w.clock.slept)
	}
	if m.waits[testClientID] != 2 || m.waitSeconds[testClientID] != 14 {
		t.Errorf("waits %v, wait seconds %v", m.waits, m.waitSeconds)
	}
	if !strings.Contains(strings.Join(w.notes, "\n"), "asks to wait 7s (Retry-After)") {
		t.Errorf("the wait was not told: %q", w.notes)
	}

	w.app.RateLimited = 100
	_, err = w.minter(m).Mint(context.Background(), w.appWith(0), Request{Owner: "beta"})
	var e *Error
	if !errors.As(err, &e) || e.Reason != ReasonSecondaryRateLimit || !strings.Contains(e.Msg, "mint less often") || !strings.Contains(e.Msg, "7s") {
		t.Fatalf("err = %v", err)
	}
}

// TestGrantedLess: a token GitHub narrowed beyond the request is reported.
func TestGrantedLess(t *testing.T) {
	priv, _ := keys(t)
	got := &ghsource.InstallationToken{Token: "t", Permissions: map[string]string{"contents": "read"},
		Repositories: []ghsource.TokenRepository{{FullName: "acme/api", Name: "api"}}}
	tok := result(got, 1, "acme", NewKey(priv[0], "file k.pem"), Request{Repositories: []string{"api", "web"},
		Permissions: map[string]string{"contents": "write", "issues": "read"}})
	want := []string{"asked contents: write, granted read", "asked issues: read, granted none", "asked repository web, not in the token"}
	if !reflect.DeepEqual(tok.GrantedLess, want) {
		t.Errorf("granted less = %q, want %q", tok.GrantedLess, want)
	}
}

func TestMetricsFileAccumulates(t *testing.T) {
	w := newWorld(t)
	path := filepath.Join(t.TempDir(), "pat2app.prom")
	for range 2 {
		m := NewMetrics()
		mn := w.minter(m)
		if _, err := mn.Mint(context.Background(), w.appWith(2, 0), Request{Owner: "beta"}); err != nil {
			t.Fatal(err)
		}
		if _, err := mn.Mint(context.Background(), w.appWith(0), Request{Owner: "nobody"}); err == nil {
			t.Fatal("minted for an organisation without the App")
		}
		if err := m.WriteFile(path); err != nil {
			t.Fatal(err)
		}
	}
	got, err := ReadMetricsFile(path)
	if err != nil {
		t.Fatal(err)
	}
	fp0, fp2 := Fingerprint(&w.keys[0].PublicKey), Fingerprint(&w.keys[2].PublicKey)
	want := map[attemptKey]float64{
		{testClientID, fp2, "failure", string(ReasonKeyRejected)}:         2,
		{testClientID, fp0, "success", string(ReasonOK)}:                  2,
		{testClientID, fp0, "failure", string(ReasonUnknownInstallation)}: 2,
	}
	if !reflect.DeepEqual(got.attempts, want) {
		t.Errorf("attempts after two runs = %v, want %v", got.attempts, want)
	}
	if h := got.durations[durationKey{testClientID, fp0, "success"}]; h == nil || h.count != 2 || h.buckets[300] != 2 {
		t.Errorf("duration histogram = %+v", h)
	}
	if ts := got.lastSuccess[lastKey{testClientID, fp0}]; time.Since(time.Unix(int64(ts), 0)) > time.Minute {
		t.Errorf("last success = %v", ts)
	}
	if _, ok := got.lastSuccess[lastKey{testClientID, fp2}]; ok {
		t.Errorf("a key that never minted has a last success")
	}
}
