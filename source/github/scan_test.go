package github

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"net/http"
	"os"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/scanner"
	"github.com/pat2app/pat2app/source/github/fakegithub"
)

// TestScanTransports reads the small org through each transport and checks
// every wanted file, and only those, reaches the scanner.
func TestScanTransports(t *testing.T) {
	for _, tc := range []struct {
		transport   string
		refuseGQL   bool
		wantNote    string
		archiveGone bool
	}{
		{TransportREST, false, "", false},
		{TransportREST, false, "", true},
		{TransportGraphQL, false, "", false},
		{TransportAuto, false, "", false},
		{TransportAuto, true, "graphql refused", false},
	} {
		name := tc.transport + map[bool]string{true: "-graphql-refused"}[tc.refuseGQL] + map[bool]string{true: "-no-archive"}[tc.archiveGone]
		t.Run(name, func(t *testing.T) {
			org := smallOrg()
			srv := fakegithub.New(fakegithub.Config{Orgs: []*fakegithub.Org{org}, Token: "test-token", GraphQLRefused: tc.refuseGQL,
				ArchiveGone: tc.archiveGone})
			defer srv.Close()
			var log bytes.Buffer
			c := newClient(t, srv, func(o *Options) { o.Transport = tc.transport; o.Log = &log })
			rec := &recorder{}
			inv, err := c.Scan(context.Background(), Targets{Orgs: []string{"acme"}}, rec)
			if err != nil {
				t.Fatal(err)
			}
			if !inv.Complete {
				t.Fatalf("incomplete: %s", errText(inv))
			}
			want := []string{"acme/api", "acme/empty", "acme/frozen", "acme/no-actions", "acme/web"}
			if got := repoNames(inv); !reflect.DeepEqual(got, want) {
				t.Errorf("repos = %v, want %v (archived and forks left out)", got, want)
			}
			for _, r := range org.Repos {
				if r.Archived || r.Fork || r.Disabled {
					if _, seen := rec.repos[r.FullName()]; seen {
						t.Errorf("%s was read", r.FullName())
					}
					continue
				}
				if got, want := rec.filesOf(r.FullName()), wantedOf(r.Files); !reflect.DeepEqual(got, want) {
					t.Errorf("%s files = %v, want %v", r.FullName(), keys(got), keys(want))
				}
			}
			if len(rec.filesOf("acme/api")) != 5 {
				t.Errorf("acme/api: want 2 workflows + 3 composite actions, got %v", keys(rec.filesOf("acme/api")))
			}
			notes := withoutEstimate(log.String())
			if tc.wantNote != "" && strings.Count(notes, tc.wantNote) != 1 {
				t.Errorf("want the fallback said once on the log, got %q", notes)
			}
			if tc.wantNote == "" && notes != "" {
				t.Errorf("unexpected notes: %q", notes)
			}
			st := c.Stats()
			if tc.transport == TransportREST && st.GraphQL != 0 {
				t.Errorf("rest transport sent %d GraphQL queries", st.GraphQL)
			}
			if tc.transport == TransportREST && !tc.archiveGone {
				// One tarball per repository with files (4) + the listing
				// + one tree answer 409 for the empty one, + secrets.
				if fc := srv.Counts(); fc.Archive != 3 || st.Other != 4 {
					t.Errorf("archive downloads: fake %d, client %d (with GET /rate_limit); want 3 and 4", fc.Archive, st.Other)
				}
			}
			if tc.transport == TransportGraphQL && !tc.refuseGQL && st.GraphQL > 2 {
				t.Errorf("graphql transport: %d queries for one small org, want ≤ 2", st.GraphQL)
			}
		})
	}
}

// TestScanDemoOrg serves testdata/demo-org through the documented REST
// endpoints with GraphQL refused, and checks the files match the checkout.
func TestScanDemoOrg(t *testing.T) {
	org := demoOrg(t)
	srv := fakegithub.New(fakegithub.Config{Orgs: []*fakegithub.Org{org}, Token: "test-token", GraphQLRefused: true})
	defer srv.Close()
	c := newClient(t, srv, func(o *Options) { o.Transport = TransportAuto })
	rec := &recorder{}
	inv, err := c.Scan(context.Background(), Targets{Orgs: []string{org.Login}}, rec)
	if err != nil {
		t.Fatal(err)
	}
	if !inv.Complete || len(inv.Repos) != len(org.Repos) {
		t.Fatalf("complete=%v repos=%d/%d: %s", inv.Complete, len(inv.Repos), len(org.Repos), errText(inv))
	}
	for _, r := range org.Repos {
		if got, want := rec.filesOf(r.FullName()), wantedOf(r.Files); !reflect.DeepEqual(got, want) {
			t.Errorf("%s files = %v, want %v", r.FullName(), keys(got), keys(want))
		}
	}
}

// TestRefusedRepository: a repository the API refuses is listed in errors
// with the permission that would unlock it, and the inventory is partial.
func TestRefusedRepository(t *testing.T) {
	for _, status := range []int{http.StatusForbidden, http.StatusNotFound} {
		for _, transport := range []string{TransportAuto, TransportREST, TransportGraphQL} {
			org := smallOrg()
			org.Repos[1].Refuse = status // acme/web
			srv := fakegithub.New(fakegithub.Config{Orgs: []*fakegithub.Org{org}, Token: "test-token"})
			c := newClient(t, srv, func(o *Options) { o.Transport = transport })
			inv, err := c.Scan(context.Background(), Targets{Orgs: []string{"acme"}, Repos: []string{"acme/nope"}}, &recorder{})
			srv.Close()
			if err != nil {
				t.Fatal(err)
			}
			if inv.Complete {
				t.Errorf("%d/%s: complete with a refused repository", status, transport)
			}
			var web, nope *inventory.InputError
			for i, e := range inv.Errors {
				switch e.Repo {
				case "acme/web":
					web = &inv.Errors[i]
				case "acme/nope":
					nope = &inv.Errors[i]
				}
			}
			if web == nil || !strings.HasPrefix(web.Message, "skipped:") || !strings.Contains(web.Message, "contents: read") {
				t.Errorf("%d/%s: want acme/web skipped naming contents: read, got %s", status, transport, errText(inv))
			}
			if nope == nil {
				t.Errorf("%d/%s: want the missing --repo listed, got %s", status, transport, errText(inv))
			}
			if len(inv.Repos) != 5 {
				t.Errorf("%d/%s: every listed repository must be in repos (got %v)", status, transport, repoNames(inv))
			}
		}
	}
}

// appKey makes an RSA key and its PEM.
func appKey(t testing.TB) (*rsa.PrivateKey, []byte) {
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	return k, pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(k)})
}

// expiringScanner advances the fake's clock past the token lifetime after
// the first repository, so the rest of the scan meets 401s.
type expiringScanner struct {
	recorder
	real  *scanner.Scanner
	clock *fakeClock
	once  bool
}

func (e *expiringScanner) ScanRepo(ctx context.Context, rf scanner.RepoFiles) ([]inventory.Finding, []inventory.InputError) {
	e.recorder.mu.Lock()
	if !e.once {
		e.once = true
		e.clock.advance(61 * time.Minute)
	}
	e.recorder.mu.Unlock()
	e.recorder.ScanRepo(ctx, rf)
	return e.real.ScanRepo(ctx, rf)
}

// TestFaultsLoseNothing: secondary limits, 502s and an installation token
// that expires mid-scan; every repository is read and complete is true.
func TestFaultsLoseNothing(t *testing.T) {
	for _, transport := range []string{TransportREST, TransportGraphQL} {
		t.Run(transport, func(t *testing.T) {
			key, keyPEM := appKey(t)
			clock := newFakeClock()
			org := smallOrg()
			for i := range 40 {
				org.Repos = append(org.Repos, &fakegithub.Repo{Name: "svc-" + string(rune('a'+i%26)) + string(rune('a'+i/26)),
					Files: map[string]string{".github/workflows/ci.yml": ciYAML + "# " + string(rune('a'+i%26))}})
			}
			srv := fakegithub.New(fakegithub.Config{Orgs: []*fakegithub.Org{org}, AppID: 42, AppKey: &key.PublicKey, Now: clock.Now,
				Faults: fakegithub.Faults{SecondaryEvery: 7, SecondaryCount: 2, RetryAfter: 1, Error502Every: 5, Error502Count: 6}})
			defer srv.Close()
			var log bytes.Buffer
			c := newClient(t, srv, func(o *Options) {
				o.Token = ""
				o.App = &App{AppID: 42, PrivateKey: keyPEM}
				o.Owner = "acme"
				o.Transport = transport
				o.Clock = clock
				o.Log = &log
			})
			sc := &expiringScanner{clock: clock, real: scanner.New(scanner.Options{})}
			inv, err := c.Scan(context.Background(), Targets{Orgs: []string{"acme"}}, sc)
			if err != nil {
				t.Fatal(err)
			}
			if !inv.Complete {
				t.Fatalf("incomplete after retries: %s", errText(inv))
			}
			if got := len(inv.Repos); got != 45 {
				t.Errorf("repos = %d, want 45", got)
			}
			for _, r := range org.Repos {
				if r.Archived || r.Fork || r.Disabled {
					continue
				}
				if got, want := sc.filesOf(r.FullName()), wantedOf(r.Files); !reflect.DeepEqual(got, want) {
					t.Errorf("%s files = %v, want %v", r.FullName(), keys(got), keys(want))
				}
			}
			// The findings equal a local scan of the same files.
			var want []inventory.Finding
			for _, s := range inv.Repos {
				rf := scanner.RepoFiles{Name: s.Name, DefaultBranch: s.DefaultBranch, URL: s.URL, AllWorkflows: true}
				for _, r := range org.Repos {
					if r.FullName() == s.Name && !r.Disabled {
						for p, c := range wantedOf(r.Files) {
							rf.Files = append(rf.Files, scanner.File{Path: p, Data: []byte(c)})
						}
					}
				}
				if len(rf.Files) > 0 {
					f, _ := sc.real.ScanRepo(context.Background(), rf)
					want = append(want, f...)
				}
			}
			if len(want) == 0 || !reflect.DeepEqual(inv.Findings, want) {
				t.Errorf("findings (%d) differ from a local scan of the same files (%d)", len(inv.Findings), len(want))
			}
			fc := srv.Counts()
			if fc.Secondary == 0 || fc.Errors502 == 0 || fc.Unauthorized == 0 || fc.TokensIssued < 2 {
				t.Errorf("faults not all met: %+v", fc)
			}
			if !strings.Contains(log.String(), "secondary rate limit") {
				t.Errorf("the secondary limit pause was not told: %q", log.String())
			}
		})
	}
}

// TestPrimaryRateLimit: a tiny budget is spent; the scan waits for the
// reset (on the fake clock), says so, and reads everything.
func TestPrimaryRateLimit(t *testing.T) {
	for _, transport := range []string{TransportREST, TransportGraphQL} {
		t.Run(transport, func(t *testing.T) { primaryRateLimit(t, transport) })
	}
}

func primaryRateLimit(t *testing.T, transport string) {
	clock := newFakeClock()
	org := smallOrg()
	srv := fakegithub.New(fakegithub.Config{Orgs: []*fakegithub.Org{org}, Token: "test-token", Now: clock.Now, RateLimit: 1, Window: 10 * time.Minute})
	defer srv.Close()
	var log bytes.Buffer
	c := newClient(t, srv, func(o *Options) { o.Transport = transport; o.Clock = clock; o.Log = &log; o.Concurrency = 1 })
	inv, err := c.Scan(context.Background(), Targets{Orgs: []string{"acme"}}, &recorder{})
	if err != nil {
		t.Fatal(err)
	}
	if !inv.Complete {
		t.Fatalf("incomplete: %s", errText(inv))
	}
	if !strings.Contains(log.String(), "rate limit nearly spent: waiting") {
		t.Errorf("the wait was not told: %q", log.String())
	}
	if clock.slept < 10*time.Minute {
		t.Errorf("slept %s on the fake clock, want at least one reset window", clock.slept)
	}
}

// TestGraphQLRateLimited: a client that knows nothing of a spent GraphQL
// budget is answered RATE_LIMITED (HTTP 200); it waits for the reset and
// retries.
func TestGraphQLRateLimited(t *testing.T) {
	clock := newFakeClock()
	srv := fakegithub.New(fakegithub.Config{Orgs: []*fakegithub.Org{smallOrg()}, Token: "test-token", Now: clock.Now, RateLimit: 1, Window: 10 * time.Minute})
	defer srv.Close()
	const q = "query { rateLimit { cost remaining resetAt } }"
	if _, err := newClient(t, srv, func(o *Options) { o.Clock = clock }).query(context.Background(), q); err != nil {
		t.Fatal(err)
	}
	var log bytes.Buffer
	c := newClient(t, srv, func(o *Options) { o.Clock = clock; o.Log = &log })
	resp, err := c.query(context.Background(), q)
	if err != nil || resp.Data["rateLimit"] == nil {
		t.Fatalf("after RATE_LIMITED: %v", err)
	}
	if n := srv.Counts().GraphQL; n != 3 || !strings.Contains(log.String(), "graphql rate limit nearly spent") || clock.slept < 10*time.Minute {
		t.Errorf("want one RATE_LIMITED answer waited out: %d queries, slept %s, log %q", n, clock.slept, log.String())
	}
}

// TestWarmRescan: a second scan of an unchanged org is answered by 304s and
// the file cache; a pushed repository is read again.
func TestWarmRescan(t *testing.T) {
	for _, transport := range []string{TransportREST, TransportGraphQL} {
		t.Run(transport, func(t *testing.T) {
			org := smallOrg()
			srv := fakegithub.New(fakegithub.Config{Orgs: []*fakegithub.Org{org}, Token: "test-token"})
			defer srv.Close()
			dir := t.TempDir()
			scan := func() (*inventory.Inventory, Stats, *recorder) {
				c := newClient(t, srv, func(o *Options) { o.Transport = transport; o.CacheDir = dir })
				rec := &recorder{}
				inv, err := c.Scan(context.Background(), Targets{Orgs: []string{"acme"}}, rec)
				if err != nil {
					t.Fatal(err)
				}
				return inv, c.Stats(), rec
			}
			cold, coldSt, _ := scan()
			warm, warmSt, rec := scan()
			if !reflect.DeepEqual(cold, warm) {
				t.Errorf("warm inventory differs from cold")
			}
			if warmSt.GraphQL != 0 {
				t.Errorf("warm scan sent %d GraphQL queries", warmSt.GraphQL)
			}
			if share := warmSt.NotModifiedShare(); share < 0.9 {
				t.Errorf("warm: %d of %d answered 304 (%.0f%%), want ≥ 90%%; cold %+v", warmSt.NotModified, warmSt.REST+warmSt.GraphQL, share*100, coldSt)
			}
			if got := rec.filesOf("acme/api"); !reflect.DeepEqual(got, wantedOf(org.Repos[0].Files)) {
				t.Errorf("cached files differ: %v", keys(got))
			}
			changed := map[string]string{".github/workflows/ci.yml": ciYAML + "# changed\n"}
			srv.SetFiles("acme/web", changed)
			_, _, rec = scan()
			if got := rec.filesOf("acme/web"); !reflect.DeepEqual(got, changed) {
				t.Errorf("after a push, got %v", got)
			}
		})
	}
}

// TestSecretsInventory checks secret statuses and the token inventory, and
// the notes when tokens cannot be listed. Secrets are listed only where the
// plan needs them: repositories with a PAT (acme/api, acme/web) and those
// passing every secret on while a PAT secret exists (acme/caller), not
// acme/quiet, which uses GITHUB_TOKEN only (but with --all-secrets);
// environments come from the GraphQL listing and only named ones have
// their secrets listed.
func TestSecretsInventory(t *testing.T) {
	for _, tc := range []struct {
		name      string
		transport string
		all       bool
	}{{"auto", TransportAuto, false}, {"rest", TransportREST, false}, {"all-secrets", TransportAuto, true}} {
		t.Run(tc.name, func(t *testing.T) { secretsInventory(t, tc.transport, tc.all) })
	}
}

func secretsInventory(t *testing.T, transport string, all bool) {
	org := smallOrg()
	org.Repos[0].Environments["staging"] = []string{"STAGING_KEY"} // named by no job
	// A job names an environment acme/api does not have; one of acme/web
	// names its environment by an expression (any of them).
	org.Repos[0].Files[".github/workflows/ghost.yml"] = "on: push\njobs:\n  a:\n    runs-on: x\n    environment: ghost\n    steps:\n      - run: echo hi\n"
	org.Repos[1].Files[".github/workflows/dyn.yml"] = "on: workflow_dispatch\njobs:\n  a:\n    runs-on: x\n    environment: ${{ inputs.target }}\n    steps:\n      - run: echo hi\n"
	org.Repos[1].Environments = map[string][]string{"qa": {"QA_KEY"}}
	org.Repos = append(org.Repos, &fakegithub.Repo{Name: "caller", Secrets: []string{"CALLER_ONLY"}, Files: map[string]string{
		".github/workflows/call.yml": "on: push\njobs:\n  call:\n    uses: acme/shared/.github/workflows/x.yml@v1\n    secrets: inherit\n"}},
		&fakegithub.Repo{Name: "quiet", Secrets: []string{"LEFTOVER"}, Environments: map[string][]string{"prod": {"Q"}}, Files: map[string]string{
			".github/workflows/ci.yml": "on: push\njobs:\n  a:\n    runs-on: x\n    environment: prod\n    steps:\n      - run: gh pr list\n        env:\n          GH_TOKEN: ${{ github.token }}\n"}})
	srv := fakegithub.New(fakegithub.Config{Orgs: []*fakegithub.Org{org}, Token: "test-token"})
	defer srv.Close()
	c := newClient(t, srv, func(o *Options) { o.Transport, o.AllSecrets = transport, all })
	inv, err := c.Scan(context.Background(), Targets{Orgs: []string{"acme"}}, scanner.New(scanner.Options{}))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, s := range inv.Secrets.Secrets {
		got[s.Scope+":"+s.Repo+":"+s.Environment+":"+s.Name] = s.Status + " " + strings.Join(s.UnusedIn, ",")
	}
	want := map[string]string{
		"repo:acme/api::BOT_PAT":               "used ",
		"repo:acme/api::OLD_TOKEN":             "unused ",
		"environment:acme/api:prod:DEPLOY_KEY": "used ",
		"repo:acme/api::MISSING_ONE":           "broken ",
		"repo:acme/caller::CALLER_ONLY":        "used ",
		"org:::BOT_PAT":                        "over_shared acme/empty,acme/frozen,acme/no-actions,acme/quiet",
		"org:::NPM_TOKEN":                      "over_shared acme/api,acme/empty,acme/frozen,acme/no-actions,acme/quiet", // acme/caller inherits
		"org:::SELECTED":                       "unused ",
		"environment:acme/web:qa:QA_KEY":       "unused ",
	}
	wantNotListed := []string{"acme/quiet"}
	if all {
		want["repo:acme/quiet::LEFTOVER"] = "unused "
		want["environment:acme/quiet:prod:Q"] = "unused "
		wantNotListed = nil
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("secrets:\n got %v\nwant %v", got, want)
	}
	if !reflect.DeepEqual(inv.Secrets.NotListed, wantNotListed) {
		t.Errorf("not listed = %v, want %v", inv.Secrets.NotListed, wantNotListed)
	}
	if notes := strings.Join(inv.Secrets.Notes, "\n"); (len(wantNotListed) > 0) != strings.Contains(notes, "1 repositories (not_listed) were not listed") ||
		strings.Contains(notes, "ghost") {
		t.Errorf("notes = %q", notes)
	}
	reads := srv.Reads()
	for key, wantN := range map[string]int{
		"acme/api secrets":                     1,
		"acme/api environment prod secrets":    1,
		"acme/api environment staging secrets": 0,
		"acme/quiet secrets":                   map[bool]int{true: 1}[all],
		"acme/api environments":                0, // its jobs name theirs
		"acme/api environment ghost secrets":   0,
		"acme/web environments":                map[bool]int{true: 1}[transport == TransportREST],
		"acme/web environment qa secrets":      1,
		"acme/quiet environment prod secrets":  map[bool]int{true: 1}[all],
		"acme/caller environments":             0,
		"acme/api graphql environments":        map[bool]int{true: 1}[transport != TransportREST],
		"acme/no-actions secrets":              0,
	} {
		if reads[key] != wantN {
			t.Errorf("%s: read %d times, want %d", key, reads[key], wantN)
		}
	}
	if n := len(inv.Secrets.Tokens); n != 2 {
		t.Fatalf("tokens = %d, want a PAT and a credential authorization", n)
	}
	pat := inv.Secrets.Tokens[0]
	if pat.Source != "fine_grained_pat" || pat.Owner != "alice" || pat.Permissions["contents"] != "write" || pat.Expires != "2027-01-01T00:00:00Z" {
		t.Errorf("pat = %+v", pat)
	}

	if all || transport == TransportREST {
		return
	}
	org.RefusePATs = true
	inv, err = newClient(t, srv, nil).Scan(context.Background(), Targets{Orgs: []string{"acme"}}, &recorder{})
	if err != nil {
		t.Fatal(err)
	}
	notes := strings.Join(inv.Secrets.Notes, "\n")
	if !inv.Complete || !strings.Contains(notes, "organization_personal_access_tokens: read") || len(inv.Secrets.Tokens) != 0 {
		t.Errorf("refused token lists: complete=%v notes=%q", inv.Complete, notes)
	}
}

// TestReadOnly: nothing but GET, HEAD and GraphQL POSTs leaves the client.
func TestReadOnly(t *testing.T) {
	srv := fakegithub.New(fakegithub.Config{Orgs: []*fakegithub.Org{smallOrg()}, Token: "test-token"})
	defer srv.Close()
	c := newClient(t, srv, nil)
	for _, m := range []string{http.MethodPut, http.MethodPatch, http.MethodDelete} {
		req, _ := http.NewRequest(m, srv.APIURL()+"repos/acme/api", nil)
		_, err := c.http.Do(req)
		if !errors.Is(err, errReadOnly) {
			t.Errorf("%s: err = %v, want errReadOnly", m, err)
		}
	}
	req, _ := http.NewRequest(http.MethodPost, srv.APIURL()+"repos/acme/api/issues", strings.NewReader("{}"))
	if _, err := c.http.Do(req); !errors.Is(err, errReadOnly) {
		t.Errorf("POST outside GraphQL: err = %v", err)
	}
	if srv.Counts().Requests != 0 {
		t.Errorf("a write reached the server")
	}
}

func TestWantedFile(t *testing.T) {
	for p, want := range map[string]bool{
		".github/workflows/ci.yml":           true,
		".github/workflows/ci.yaml":          true,
		".github/workflows/sub/ci.yml":       false,
		".github/workflows/notes.md":         false,
		".github/actions/a/action.yml":       true,
		".github/action.yaml":                true,
		"action.yml":                         true,
		"sub/action.yml":                     false,
		".github/dependabot.yml":             false,
		"workflows/ci.yml":                   false,
		".github/actions/a/b/c/d/action.yml": true,
	} {
		if got := wantedFile(p); got != want {
			t.Errorf("wantedFile(%q) = %v, want %v", p, got, want)
		}
	}
}

func TestValidOID(t *testing.T) {
	for s, want := range map[string]bool{"0123abcd": true, "../../etc": false, "ABCDEF12": false, "": false, "abc": false} {
		if got := validOID(s); got != want {
			t.Errorf("validOID(%q) = %v", s, got)
		}
	}
}

func TestCleanPath(t *testing.T) {
	for p, want := range map[string]bool{
		".github/workflows/ci.yml":  true,
		"action.yml":                true,
		".github/../x/action.yml":   false,
		"../action.yml":             false,
		"/etc/action.yml":           false,
		".github//action.yml":       false,
		"./action.yml":              false,
		".github/./action.yml":      false,
		"a\\b/action.yml":           false,
		".github/\x1b[2Jaction.yml": false,
		"":                          false,
	} {
		if got := cleanPath(p); got != want {
			t.Errorf("cleanPath(%q) = %v", p, got)
		}
	}
}

// countingScanner counts the repositories it scans.
type countingScanner struct {
	recorder
	n atomic.Int64
}

func (c *countingScanner) ScanRepo(ctx context.Context, rf scanner.RepoFiles) ([]inventory.Finding, []inventory.InputError) {
	c.n.Add(1)
	return c.recorder.ScanRepo(ctx, rf)
}

// TestWarmRescanReusesFindings: with a scanner key, an unchanged
// repository takes the earlier scan's findings without being scanned; a
// pushed one, or another scanner key, is scanned again (from cached files).
func TestWarmRescanReusesFindings(t *testing.T) {
	srv := fakegithub.New(fakegithub.Config{Orgs: []*fakegithub.Org{smallOrg()}, Token: "test-token"})
	defer srv.Close()
	dir := t.TempDir()
	scan := func(key string) (*inventory.Inventory, int64, Stats) {
		c := newClient(t, srv, func(o *Options) { o.CacheDir, o.ScannerKey = dir, key })
		sc := &countingScanner{}
		inv, err := c.Scan(context.Background(), Targets{Orgs: []string{"acme"}}, sc)
		if err != nil || !inv.Complete {
			t.Fatalf("scan: %v %s", err, errText(inv))
		}
		return inv, sc.n.Load(), c.Stats()
	}
	cold, n, _ := scan("k1")
	if n != 4 || len(cold.Findings) == 0 {
		t.Fatalf("cold: %d repositories scanned, %d findings", n, len(cold.Findings))
	}
	warm, n, st := scan("k1")
	if n != 0 || !reflect.DeepEqual(cold, warm) || st.GraphQL != 0 {
		t.Errorf("warm with the same key: %d scanned, %d GraphQL queries, same inventory %v", n, st.GraphQL, reflect.DeepEqual(cold, warm))
	}
	if _, n, st = scan("k2"); n != 4 || st.GraphQL != 0 {
		t.Errorf("another scanner key: %d scanned (want 4, from cached files), %d GraphQL queries", n, st.GraphQL)
	}
	srv.SetFiles("acme/web", map[string]string{".github/workflows/ci.yml": ciYAML + "# pushed\n"})
	if _, n, _ = scan("k2"); n != 1 {
		t.Errorf("after a push: %d scanned, want 1", n)
	}
}

// TestRunWithoutCache: without a cache the findings go through a spill
// file, come back in the inventory's order, and the file is gone after
// Close.
func TestRunWithoutCache(t *testing.T) {
	org := demoOrg(t)
	srv := fakegithub.New(fakegithub.Config{Orgs: []*fakegithub.Org{org}, Token: "test-token"})
	defer srv.Close()
	sc := scanner.New(scanner.Options{})
	res, err := newClient(t, srv, func(o *Options) { o.CacheDir = "" }).Run(context.Background(), Targets{Orgs: []string{org.Login}}, sc)
	if err != nil {
		t.Fatal(err)
	}
	var got []inventory.Finding
	if err := res.Findings(func(f *inventory.Finding) error { got = append(got, *f); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(got) == 0 || len(res.Inventory.Findings) != 0 {
		t.Fatalf("%d findings streamed, %d held", len(got), len(res.Inventory.Findings))
	}
	sorted := inventory.Inventory{Findings: append([]inventory.Finding(nil), got...)}
	sorted.Finish()
	if !reflect.DeepEqual(sorted.Findings, got) {
		t.Errorf("findings are not in the inventory's order")
	}
	spill := res.store.spill.Name()
	if err := res.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(spill); !os.IsNotExist(err) {
		t.Errorf("spill file left behind: %v", err)
	}
}
