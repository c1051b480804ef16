package github

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/source/github/fakegithub"
)

// The hostile-server suite: a fake GitHub that hangs, drips, pages or
// streams without end, or waits hours, must cost a bounded scan that says
// what it could not read. Each scan runs under a watchdog: a scan that
// outlives it fails the test instead of hanging it.

// watchdog bounds one hostile scan's wall time.
const watchdog = 20 * time.Second

// hostileRun is the outcome of one scan of a hostile server.
type hostileRun struct {
	inv   *inventory.Inventory
	rec   *recorder
	log   string
	stats Stats
	fake  fakegithub.Counts
	wall  time.Duration
}

// scanHostile scans acme (the small org) on a fake with cfg and options
// changed by mod, failing when the scan outlives the watchdog.
func scanHostile(t *testing.T, cfg fakegithub.Config, mod func(*Options)) hostileRun {
	t.Helper()
	cfg.Orgs = []*fakegithub.Org{smallOrg()}
	cfg.Token = "test-token"
	srv := fakegithub.New(cfg)
	defer srv.Close()
	var log bytes.Buffer
	c := newClient(t, srv, func(o *Options) {
		o.Log = &log
		if mod != nil {
			mod(o)
		}
	})
	ctx, cancel := context.WithTimeout(context.Background(), watchdog)
	defer cancel()
	start := time.Now()
	rec := &recorder{}
	inv, err := c.Scan(ctx, Targets{Orgs: []string{"acme"}}, rec)
	wall := time.Since(start)
	if err != nil {
		t.Fatalf("scan did not end by itself within %s (%v); log:\n%s", watchdog, err, log.String())
	}
	return hostileRun{inv: inv, rec: rec, log: log.String(), stats: c.Stats(), fake: srv.Counts(), wall: wall}
}

// errorOf is the error listed for repo ("" when none).
func errorOf(inv *inventory.Inventory, repo string) string {
	for _, e := range inv.Errors {
		if e.Repo == repo {
			return e.Message
		}
	}
	return ""
}

// TestHangingServer: a server that accepts and never answers, or drips a
// byte at a time, costs each request its deadline; the repository is
// listed with the reason and the others are read.
func TestHangingServer(t *testing.T) {
	for _, tc := range []struct {
		name   string
		serve  func(context.Context, http.ResponseWriter, *http.Request)
		limits Limits
		want   string
	}{
		{"hang", fakegithub.Hang, Limits{IdleTimeout: 500 * time.Millisecond, RequestTimeout: 10 * time.Second}, "nothing received for 500ms"},
		{"drip", fakegithub.Drip(50 * time.Millisecond), Limits{IdleTimeout: 5 * time.Second, RequestTimeout: time.Second}, "no complete answer within 1s"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			clock := newFakeClock()
			run := scanHostile(t, fakegithub.Config{Hostile: []fakegithub.Hostile{
				{Match: fakegithub.PathHasPrefix("/repos/acme/web/"), Serve: tc.serve},
			}}, func(o *Options) {
				o.Transport, o.Clock, o.Limits = TransportREST, clock, tc.limits
			})
			if msg := errorOf(run.inv, "acme/web"); !strings.Contains(msg, tc.want) {
				t.Errorf("acme/web: want an error saying %q, got %q\n%s", tc.want, msg, errText(run.inv))
			}
			if run.inv.Complete || errorOf(run.inv, "acme/api") != "" || len(run.inv.Repos) != 5 {
				t.Errorf("want only acme/web unread, every repository listed: %s", errText(run.inv))
			}
		})
	}
}

// TestEndlessBody: an answer that never ends is cut at the body cap.
func TestEndlessBody(t *testing.T) {
	run := scanHostile(t, fakegithub.Config{Hostile: []fakegithub.Hostile{
		{Match: fakegithub.PathIs("/orgs/acme/repos"), Serve: fakegithub.EndlessArray},
	}}, func(o *Options) { o.Limits = Limits{MaxBody: 1 << 20} })
	if msg := errorOf(run.inv, "acme/*"); !strings.Contains(msg, "answer larger than 1048576 bytes") {
		t.Errorf("want the listing cut at 1 MiB, got %s", errText(run.inv))
	}
}

// TestEndlessPagination: lists whose pages always link a next page, or
// link back to the first, stop at the page cap or at the loop, with an
// error (listing) or a note (secrets), and the scan ends.
func TestEndlessPagination(t *testing.T) {
	for _, tc := range []struct{ mode, want string }{
		{fakegithub.PagesEndless, "more than 5 pages"},
		{fakegithub.PagesLoop, "links back to page 1"},
	} {
		t.Run(tc.mode, func(t *testing.T) {
			run := scanHostile(t, fakegithub.Config{Pages: tc.mode}, func(o *Options) {
				o.Transport = TransportREST
				o.Limits = Limits{MaxPages: 5}
			})
			if msg := errorOf(run.inv, "acme/*"); !strings.Contains(msg, tc.want) {
				t.Errorf("listing: want %q, got %s", tc.want, errText(run.inv))
			}
			if notes := strings.Join(run.inv.Secrets.Notes, "\n"); !strings.Contains(notes, tc.want) {
				t.Errorf("secrets lists: want a note saying %q, got %q", tc.want, notes)
			}
			if got := repoNames(run.inv); len(got) != 5 {
				t.Errorf("repositories listed before the stop must be scanned once each, got %v", got)
			}
			if run.fake.REST > 200 {
				t.Errorf("%d REST requests for an org of 7 repositories", run.fake.REST)
			}
		})
	}
}

// TestFarRateLimitReset: a spent budget whose reset is hours (or decades)
// away stops the scan at once: it says when to run again, lists what it
// did not read, and never waits for the reset.
func TestFarRateLimitReset(t *testing.T) {
	for _, window := range []time.Duration{10 * time.Hour, time.Until(time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC))} {
		t.Run(window.Round(time.Hour).String(), func(t *testing.T) {
			clock := newFakeClock()
			run := scanHostile(t, fakegithub.Config{RateLimit: 3, Window: window, Now: clock.Now}, func(o *Options) {
				o.Transport, o.Clock, o.Concurrency = TransportREST, clock, 1
			})
			resume := clock.Now().Add(window).UTC().Format("2006-01-02")
			if clock.slept > time.Second {
				t.Errorf("slept %s for a reset %s away", clock.slept, window)
			}
			if run.inv.Complete || !strings.Contains(errText(run.inv), "scan stopped: the REST rate limit is spent until "+resume) ||
				!strings.Contains(errText(run.inv), "run it again after "+resume) {
				t.Errorf("want unread repositories listed with the stop and when to resume, got\n%s", errText(run.inv))
			}
			if !strings.Contains(run.log, "scan stopped") {
				t.Errorf("the stop was not told on the log: %q", run.log)
			}
		})
	}
}

// TestGraphQLBackoffTold: GraphQL answers RATE_LIMITED without saying when
// the budget resets; the wait is told, it is not repeated when nothing came
// back, and the files are read over REST instead.
func TestGraphQLBackoffTold(t *testing.T) {
	clock := newFakeClock()
	run := scanHostile(t, fakegithub.Config{Now: clock.Now, Hostile: []fakegithub.Hostile{{Match: fakegithub.PathIs("/graphql"),
		Serve: fakegithub.Answer(http.StatusOK, map[string]string{"Content-Type": "application/json"},
			[]byte(`{"errors":[{"type":"RATE_LIMITED","message":"API rate limit exceeded"}]}`))}}},
		func(o *Options) { o.Clock = clock })
	if !strings.Contains(run.log, "graphql rate limit nearly spent: waiting 1m") {
		t.Errorf("the GraphQL back-off was not told: %q", run.log)
	}
	if clock.slept > 2*time.Minute {
		t.Errorf("slept %s on a budget that never came back", clock.slept)
	}
	if !run.inv.Complete {
		t.Errorf("want the files read over REST: %s", errText(run.inv))
	}
}

// TestSecondaryLimitForever: a secondary limit answered with Retry-After: 1
// on every request is waited out only up to the run's retry budget; then
// the scan stops and says so.
func TestSecondaryLimitForever(t *testing.T) {
	run := scanHostile(t, fakegithub.Config{Faults: fakegithub.Faults{SecondaryEvery: 1, SecondaryCount: 1 << 30, RetryAfter: 1}},
		func(o *Options) { o.Limits = Limits{MaxRetrySleep: 2 * time.Second} })
	if run.inv.Complete || !strings.Contains(errText(run.inv), "retries have slept 2s this run") {
		t.Errorf("want the stop listed, got %s", errText(run.inv))
	}
	if !strings.Contains(run.log, "scan stopped") {
		t.Errorf("the stop was not told: %q", run.log)
	}
	if run.fake.Secondary > 10 {
		t.Errorf("%d requests met the limit: the scan must stop asking", run.fake.Secondary)
	}
}

// TestServerErrorRetryAfter: a 5xx asking to come back in ten hours is
// retried after the 30 s back-off cap, and the retry is told.
func TestServerErrorRetryAfter(t *testing.T) {
	clock := newFakeClock()
	run := scanHostile(t, fakegithub.Config{Now: clock.Now, Faults: fakegithub.Faults{Error502Every: 1, Error502Count: 3, RetryAfter502: 36000}},
		func(o *Options) { o.Clock = clock })
	if !run.inv.Complete {
		t.Errorf("incomplete after three 502s: %s", errText(run.inv))
	}
	if clock.slept > 3*backoffCap || clock.slept < 3*backoffCap/2 {
		t.Errorf("slept %s for three 502s, want at most 3 × %s", clock.slept, backoffCap)
	}
	if !strings.Contains(run.log, "HTTP 502 from the server: retrying") {
		t.Errorf("the retries were not told: %q", run.log)
	}
}

// TestTooManyRequests: a 429 without GitHub's secondary-limit wording is
// retried after its Retry-After.
func TestTooManyRequests(t *testing.T) {
	clock := newFakeClock()
	run := scanHostile(t, fakegithub.Config{Now: clock.Now, Faults: fakegithub.Faults{TooManyEvery: 1, TooManyCount: 2, RetryAfter: 7}},
		func(o *Options) { o.Clock = clock })
	if !run.inv.Complete || run.fake.TooMany != 2 {
		t.Errorf("want two 429s retried and everything read: %d 429s, %s", run.fake.TooMany, errText(run.inv))
	}
	if clock.slept < 14*time.Second {
		t.Errorf("slept %s, want the two Retry-After: 7 honoured", clock.slept)
	}
}

// elsewhere is a server on another host that records what reached it.
type elsewhere struct {
	*httptest.Server
	mu   sync.Mutex
	hits []string // method, path and Authorization of each request
}

func newElsewhere() *elsewhere {
	e := &elsewhere{}
	e.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		e.mu.Lock()
		e.hits = append(e.hits, r.Method+" "+r.URL.Path+" auth="+r.Header.Get("Authorization")+" query="+r.URL.RawQuery)
		e.mu.Unlock()
		http.NotFound(w, r)
	}))
	return e
}

func (e *elsewhere) seen() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]string(nil), e.hits...)
}

// TestCredentialsStayHome: a listing whose clone_url names another host,
// and an API answer that redirects to another host, get no credentials
// there; a redirect from https to plain http is not followed at all.
func TestCredentialsStayHome(t *testing.T) {
	t.Run("other host", func(t *testing.T) {
		evil := newElsewhere()
		defer evil.Close()
		run := scanHostile(t, fakegithub.Config{CloneURLBase: evil.URL, GraphQLRefused: true, Hostile: []fakegithub.Hostile{
			{Match: fakegithub.PathIs("/repos/acme/web/tarball/main"), Serve: fakegithub.Redirect(evil.URL)},
		}}, nil)
		for _, h := range evil.seen() {
			if !strings.HasSuffix(h, "/repos/acme/web/tarball/main auth= query=") {
				t.Errorf("another host was sent %q", h)
			}
		}
		if !run.inv.Complete {
			t.Errorf("the files must be read from the API itself: %s", errText(run.inv))
		}
	})
	t.Run("https to http", func(t *testing.T) {
		evil := newElsewhere()
		defer evil.Close()
		cfg := fakegithub.Config{TLS: true, Orgs: []*fakegithub.Org{smallOrg()}, Token: "test-token", Hostile: []fakegithub.Hostile{
			{Match: fakegithub.PathIs("/repos/acme/web/tarball/main"), Serve: fakegithub.Redirect(evil.URL)},
		}}
		srv := fakegithub.New(cfg)
		defer srv.Close()
		c := newClient(t, srv, func(o *Options) { o.Transport, o.HTTPTransport = TransportREST, srv.Client().Transport })
		inv, err := c.Scan(context.Background(), Targets{Orgs: []string{"acme"}}, &recorder{})
		if err != nil {
			t.Fatal(err)
		}
		if got := evil.seen(); len(got) > 0 {
			t.Errorf("a redirect from https to http was followed: %q", got)
		}
		if !inv.Complete {
			t.Errorf("the files must be read from the trees instead: %s", errText(inv))
		}
	})
}

// TestPoisonedContent: content whose git object id is not the one the
// tree names is neither scanned nor cached, and a later scan of a genuine
// server with the same cache reads the genuine file.
func TestPoisonedContent(t *testing.T) {
	dir := t.TempDir()
	ci := gitBlobID([]byte(ciYAML))
	poison := strings.Replace(ciYAML, "BOT_PAT", "POISONED_PAT", 1)
	scan := func(cfg fakegithub.Config) (*inventory.Inventory, *recorder) {
		cfg.Orgs, cfg.Token = []*fakegithub.Org{smallOrg()}, "test-token"
		srv := fakegithub.New(cfg)
		defer srv.Close()
		rec := &recorder{}
		inv, err := newClient(t, srv, func(o *Options) { o.Transport, o.CacheDir = TransportGraphQL, dir }).
			Scan(context.Background(), Targets{Orgs: []string{"acme"}}, rec)
		if err != nil {
			t.Fatal(err)
		}
		return inv, rec
	}
	inv, rec := scan(fakegithub.Config{Poison: map[string]string{ci: poison}})
	for _, r := range []string{"acme/api", "acme/web"} {
		if strings.Contains(rec.filesOf(r)[".github/workflows/ci.yml"], "POISONED") {
			t.Errorf("%s: poisoned content was scanned", r)
		}
		if msg := errorOf(inv, r); !strings.Contains(msg, "is not the content of object "+ci) {
			t.Errorf("%s: want the mismatch listed, got %q", r, msg)
		}
	}
	_, rec = scan(fakegithub.Config{})
	if got := rec.filesOf("acme/api")[".github/workflows/ci.yml"]; got != ciYAML {
		t.Errorf("genuine server after a poisoned one: ci.yml = %q", got)
	}
}

// TestCachePerHost: two servers with the same organisation, repository
// ids, branches and push times but different files; a scan of the second
// with the first's cache reads the second's files.
func TestCachePerHost(t *testing.T) {
	dir := t.TempDir()
	for _, content := range []string{ciYAML, strings.Replace(ciYAML, "BOT_PAT", "OTHER_PAT", 1)} {
		org := smallOrg()
		org.Repos[1].Files = map[string]string{".github/workflows/ci.yml": content}
		srv := fakegithub.New(fakegithub.Config{Orgs: []*fakegithub.Org{org}, Token: "test-token"})
		rec := &recorder{}
		_, err := newClient(t, srv, func(o *Options) { o.CacheDir = dir }).Scan(context.Background(), Targets{Orgs: []string{"acme"}}, rec)
		srv.Close()
		if err != nil {
			t.Fatal(err)
		}
		if got := rec.filesOf("acme/web")[".github/workflows/ci.yml"]; got != content {
			t.Errorf("acme/web read %q, want this server's file %q", got, content)
		}
	}
}

// TestLargeAnswerNotCut: an answer larger than the HTTP cache keeps is
// read whole, not cut at the cache's size.
func TestLargeAnswerNotCut(t *testing.T) {
	body := []byte(`[{"name":"api","full_name":"acme/api","owner":{"login":"acme"},"default_branch":"main"}` +
		strings.Repeat(" ", maxCachedBody) + `]`)
	run := scanHostile(t, fakegithub.Config{Hostile: []fakegithub.Hostile{{Match: fakegithub.PathIs("/orgs/acme/repos"),
		Serve: fakegithub.Answer(http.StatusOK, map[string]string{"Content-Type": "application/json", "ETag": `"big"`}, body)}}}, nil)
	if got := repoNames(run.inv); len(got) != 1 || !run.inv.Complete {
		t.Errorf("repos = %v: %s", got, errText(run.inv))
	}
}

// rawTarGz is a .tar.gz of regular files in the order given (name,
// content pairs), after a top folder entry.
func rawTarGz(t *testing.T, top string, entries ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	tw := tar.NewWriter(zw)
	if err := tw.WriteHeader(&tar.Header{Name: top, Typeflag: tar.TypeDir, Mode: 0o755}); err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(entries); i += 2 {
		if err := tw.WriteHeader(&tar.Header{Name: entries[i], Typeflag: tar.TypeReg, Mode: 0o644, Size: int64(len(entries[i+1]))}); err != nil {
			t.Fatal(err)
		}
		if _, err := tw.Write([]byte(entries[i+1])); err != nil {
			t.Fatal(err)
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestUnsafeListings: archive entries with "..", empty parts or outside the
// repository's folder, a path listed twice, and a tree entry with a
// malformed object id are never read as files; each is listed as not read
// and the inventory is partial.
func TestUnsafeListings(t *testing.T) {
	second := strings.Replace(ciYAML, "BOT_PAT", "SECOND_PAT", 1)
	archive := rawTarGz(t, "acme-api-abc/",
		"acme-api-abc/.github/workflows/ci.yml", ciYAML,
		"acme-api-abc/.github/workflows/ci.yml", second,
		"acme-api-abc/.github/../../../../x/action.yml", compositeYAML,
		"acme-api-abc/.github//etc/action.yml", compositeYAML,
		"/etc/.github/workflows/abs.yml", ciYAML,
		".github/workflows/outside.yml", ciYAML)
	tree := `{"sha":"` + strings.Repeat("ab", 20) + `","truncated":false,"tree":[` +
		`{"path":"action.yml","mode":"100644","type":"blob","sha":"not-an-object-id","size":3}]}`
	run := scanHostile(t, fakegithub.Config{Hostile: []fakegithub.Hostile{
		{Match: fakegithub.PathIs("/repos/acme/api/tarball/main"), Serve: fakegithub.Answer(http.StatusOK, map[string]string{"Content-Type": "application/x-gzip"}, archive)},
		{Match: fakegithub.PathIs("/repos/acme/web/tarball/main"), Serve: fakegithub.Answer(http.StatusNotFound, nil, []byte(`{"message":"Not Found"}`))},
		{Match: fakegithub.PathIs("/repos/acme/web/git/trees/main"), Serve: fakegithub.Answer(http.StatusOK, map[string]string{"Content-Type": "application/json"}, []byte(tree))},
	}}, func(o *Options) { o.Transport = TransportREST })
	var api []inventory.InputError
	for _, e := range run.inv.Errors {
		if e.Repo == "acme/api" {
			api = append(api, e)
		}
	}
	if got := run.rec.filesOf("acme/api"); len(got) != 1 || got[".github/workflows/ci.yml"] != ciYAML {
		t.Errorf("acme/api: want only the first ci.yml read, got %v", keys(got))
	}
	want := []string{"listed this path twice", `/../../../../x/action.yml"`, `".github//etc/action.yml"`, `"/etc/.github/workflows/abs.yml" outside`, `".github/workflows/outside.yml" outside`}
	if len(api) != len(want) {
		t.Errorf("acme/api: want %d files listed as not read, got %s", len(want), errText(run.inv))
	}
	for _, w := range want {
		if !strings.Contains(errText(run.inv), w) {
			t.Errorf("acme/api: no error saying %s in\n%s", w, errText(run.inv))
		}
	}
	for _, f := range run.inv.Findings {
		if strings.Contains(f.File, "..") || strings.Contains(f.File, "//") || strings.HasPrefix(f.File, "/") || strings.Contains(f.File, "outside") {
			t.Errorf("finding in %q", f.File)
		}
	}
	if msg := errorOf(run.inv, "acme/web"); !strings.Contains(msg, "malformed object id") {
		t.Errorf("acme/web: want the file with a malformed id listed, got %s", errText(run.inv))
	}
	if run.inv.Complete {
		t.Errorf("complete with files not read")
	}
}
