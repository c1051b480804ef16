// Package github reads an organisation's (or some repositories') workflow
// files, composite actions and secrets inventory through the GitHub API,
// within rate limits and without losing a repository: App or token auth,
// retries, an on-disk conditional-request cache, and interchangeable
// transports (GraphQL batches, REST git trees and blobs).
package github

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/gofri/go-github-ratelimit/v2/github_ratelimit/github_secondary_ratelimit"
	gh "github.com/google/go-github/v88/github"
)

// DefaultAPIURL is GitHub.com's REST API.
const DefaultAPIURL = "https://api.github.com/"

// DefaultConcurrency is the number of requests in flight unless --concurrency
// says otherwise: GitHub asks integrations not to run many more at once.
const DefaultConcurrency = 8

// Transports, as --transport names them.
const (
	TransportAuto    = "auto"
	TransportGraphQL = "graphql"
	TransportREST    = "rest"
)

// errGitTransport answers --transport git, which no longer exists.
var errGitTransport = errors.New("the git transport was removed: GraphQL reads the same files with fewer round trips and REST reads what GraphQL cannot (use auto, graphql or rest)")

// Options configure a Client.
type Options struct {
	// APIURL is the REST API root (GitHub Enterprise Server:
	// https://HOST/api/v3/); empty means DefaultAPIURL.
	APIURL string
	// Token authenticates when App is nil.
	Token string
	// App authenticates as a GitHub App installation.
	App *App
	// Owner and Repo locate the App installation when App.InstallationID is 0.
	Owner, Repo string
	// Concurrency bounds requests in flight; 0 means DefaultConcurrency.
	Concurrency int
	// CacheDir holds the conditional-request and file cache; empty means no cache.
	CacheDir string
	// Transport is auto, graphql, rest or git; empty means auto.
	Transport string
	// IncludeArchived and IncludeForks widen an organisation's repositories.
	IncludeArchived, IncludeForks bool
	// SkipSecrets leaves out the secrets and token inventory.
	SkipSecrets bool
	// AllSecrets lists the Actions secrets of every repository with
	// workflows, not only of those whose secrets the plan needs (to find
	// secrets defined but never used everywhere).
	AllSecrets bool
	// Resume continues the last run of the same scan (targets and
	// options) when it stopped before the end: the repositories, files and
	// secrets it read are taken as it read them, without a request. It
	// needs the cache (where every run keeps its journal) and the same
	// ScannerKey.
	Resume bool
	// MaxRequests caps the metered requests (REST and GraphQL, 304s not
	// counted) this run sends: the request past it is not sent, and the
	// scan stops as at a rate-limit wall. 0 means no cap.
	MaxRequests int
	// ScannerKey identifies the RepoScanner's code and configuration: a
	// repository unchanged since a scan with the same key takes that
	// scan's findings from the cache without being scanned again. Empty
	// means findings are never taken from an earlier scan.
	ScannerKey string
	// Log receives one-line notes for the user (fallbacks, rate-limit
	// waits); nil discards them.
	Log io.Writer
	// Progress receives the scan's progress: a line redrawn in place (a
	// terminal) or, with ProgressEvery, a line every ProgressEvery and one
	// at the end (a log); nil for none.
	Progress      io.Writer
	ProgressEvery time.Duration
	// Clock replaces time in tests; nil means the real clock.
	Clock Clock
	// HTTPTransport is the underlying transport; nil means a clone of
	// http.DefaultTransport with Limits.ConnectTimeout.
	HTTPTransport http.RoundTripper
	// Limits bound time, bytes and pages; zero fields take the defaults.
	Limits Limits
}

// Client reads repositories through the GitHub API.
type Client struct {
	opts       Options
	gh         *gh.Client
	http       *http.Client
	graphqlURL string
	meter      *meter
	api        *apiTransport
	cache      diskCache
	clock      Clock
	log        *logger
	waits      *waiter
	// runID names this client's records that no later scan may reuse.
	runID string
	// strs interns the strings repositories share.
	strs interner
	// actions reads third-party actions, once a run each (Actions);
	// actionLog logs them and unmoved checks earlier runs' logs
	// (actionlog.go).
	actions     *Actions
	actionsOnce sync.Once
	actionLog   actionLog
	unmoved     unmoved
	// scanned are the repositories (lower-case owner/name) an
	// organisation scan reads, set before the first is scanned.
	scanned map[string]bool
}

// New builds a Client: the transport stack (stop gate → secondary limits →
// auth, primary limits, retries → conditional cache → meter → deadlines and
// size cap → network) and, for an App, the installation token source.
func New(ctx context.Context, opts Options) (*Client, error) {
	switch opts.Transport {
	case "":
		opts.Transport = TransportAuto
	case TransportAuto, TransportGraphQL, TransportREST:
	case "git":
		return nil, errGitTransport
	default:
		return nil, fmt.Errorf("unknown transport %q (want auto, graphql or rest)", opts.Transport)
	}
	var u *url.URL
	var err error
	if opts.APIURL, u, err = apiRoot(opts.APIURL); err != nil {
		return nil, err
	}
	if opts.Concurrency <= 0 {
		opts.Concurrency = DefaultConcurrency
	}
	if opts.Clock == nil {
		opts.Clock = realClock{}
	}
	limits := opts.Limits.withDefaults()
	c := &Client{opts: opts, clock: opts.Clock, cache: hostCache(opts.CacheDir, u), log: &logger{w: opts.Log}, runID: newRunID()}
	c.waits = newWaiter(opts.Clock, limits, c.log.notef)
	c.meter = meteredNetwork(opts.HTTPTransport, limits, opts.Concurrency*2, u.Host)
	if opts.MaxRequests > 0 {
		c.meter.cap = &requestCap{max: int64(opts.MaxRequests), stop: func(max int64) error {
			return c.waits.stop(allResources, &stoppedError{reason: fmt.Sprintf("%d metered requests were sent, the most this run may send (--max-requests)", max)})
		}}
	}
	var ts TokenSource = StaticToken(opts.Token)
	if opts.App != nil {
		at, err := newAppTokens(ctx, *opts.App, opts.APIURL, &tokenRetry{base: c.meter, waits: c.waits}, opts.Owner, opts.Repo)
		if err != nil {
			return nil, err
		}
		ts = at
	} else if opts.Token == "" {
		return nil, errors.New("no credentials: set GH_TOKEN or GITHUB_TOKEN, log in with gh, or give --app-id and --app-private-key")
	}
	cached := &cacheTransport{base: c.meter, cache: c.cache, apiHost: u.Host}
	c.api = newAPITransport(cached, ts, c.waits, c.meter, u)
	secondary := github_secondary_ratelimit.New(c.api, c.waits.secondaryOptions()...)
	c.http = &http.Client{Transport: &stopGate{base: secondary, waits: c.waits, apiHost: u.Host}, CheckRedirect: noDowngrade}
	c.gh, err = newGitHubClient(c.http, opts.APIURL)
	if err != nil {
		return nil, err
	}
	c.graphqlURL = graphQLURL(u)
	return c, nil
}

// newRunID is a random name for one client's run.
func newRunID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// apiRoot is an API URL with a trailing slash (DefaultAPIURL when empty),
// and parsed. One that is not http(s) or that carries credentials is
// refused without being repeated: user info holds a secret.
func apiRoot(raw string) (string, *url.URL, error) {
	if raw == "" {
		raw = DefaultAPIURL
	}
	if !strings.HasSuffix(raw, "/") {
		raw += "/"
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil {
		return "", nil, errors.New("bad API URL: want https://HOST/ (or https://HOST/api/v3/) without credentials")
	}
	return raw, u, nil
}

// meteredNetwork is the bottom of every client's stack: the network (base,
// else a clone of http.DefaultTransport with the connect deadline and
// perHost idle connections), under the deadlines and answer cap of
// limits, under the request meter.
func meteredNetwork(base http.RoundTripper, limits Limits, perHost int, apiHost string) *meter {
	if base == nil {
		t := http.DefaultTransport.(*http.Transport).Clone()
		t.MaxIdleConnsPerHost = max(perHost, 2)
		t.DialContext = (&net.Dialer{Timeout: limits.ConnectTimeout, KeepAlive: 30 * time.Second}).DialContext
		t.TLSHandshakeTimeout = limits.ConnectTimeout
		base = t
	}
	guarded := &guardTransport{base: base, idle: limits.IdleTimeout, total: limits.RequestTimeout, maxBody: limits.MaxBody}
	return &meter{base: guarded, apiHost: apiHost}
}

// noDowngrade follows up to ten redirects, never from https to plain http.
// (Credentials never follow a redirect to another host: apiTransport sends
// the token only to the API's own scheme and host.)
func noDowngrade(req *http.Request, via []*http.Request) error {
	if len(via) >= 10 {
		return errors.New("stopped after 10 redirects")
	}
	if via[0].URL.Scheme == "https" && req.URL.Scheme != "https" {
		return fmt.Errorf("refusing a redirect from https to %s://%s", req.URL.Scheme, req.URL.Host)
	}
	return nil
}

// newGitHubClient is a go-github client on hc for apiURL. go-github's own
// rate-limit check is off: apiTransport waits instead of failing.
func newGitHubClient(hc *http.Client, apiURL string) (*gh.Client, error) {
	c, err := gh.NewClient(gh.WithHTTPClient(hc), gh.WithURLs(&apiURL, &apiURL), gh.WithDisableRateLimitCheck(),
		gh.WithUserAgent("pat2app"))
	if err != nil {
		return nil, fmt.Errorf("github client for %s: %w", apiURL, err)
	}
	return c, nil
}

// graphQLURL is the GraphQL endpoint beside a REST root: api.github.com →
// /graphql, GHES /api/v3/ → /api/graphql, anything else (tests) → root +
// graphql.
func graphQLURL(u *url.URL) string {
	g := *u
	switch {
	case strings.HasSuffix(g.Path, "/api/v3/"):
		g.Path = strings.TrimSuffix(g.Path, "v3/") + "graphql"
	default:
		g.Path += "graphql"
	}
	return g.String()
}

// Stats returns what the client asked of the server so far.
func (c *Client) Stats() Stats { return c.meter.stats() }

// logger writes one-line notes, each at most once.
type logger struct {
	w    io.Writer
	mu   sync.Mutex
	said map[string]bool
}

func (l *logger) notef(format string, args ...any) {
	if l == nil || l.w == nil {
		return
	}
	msg := fmt.Sprintf(format, args...)
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.said == nil {
		l.said = map[string]bool{}
	}
	if l.said[msg] {
		return
	}
	l.said[msg] = true
	fmt.Fprintf(l.w, "pat2app: %s\n", msg)
}

// tokenRetry carries App requests (installation look-up and tokens): it
// retries 5xx and rate-limited answers, as the token must survive the same
// faults as the scan, from the same retry budget.
type tokenRetry struct {
	base  http.RoundTripper
	waits *waiter
}

func (t *tokenRetry) RoundTrip(req *http.Request) (*http.Response, error) {
	for attempt := 0; ; attempt++ {
		r := req
		if attempt > 0 && req.GetBody != nil {
			b, err := req.GetBody()
			if err != nil {
				return nil, fmt.Errorf("rewind request body: %w", err)
			}
			r = req.Clone(req.Context())
			r.Body = b
		}
		resp, err := t.base.RoundTrip(r)
		retry := err != nil || resp.StatusCode >= 500 || resp.StatusCode == http.StatusTooManyRequests ||
			(resp.StatusCode == http.StatusForbidden && resp.Header.Get("Retry-After") != "")
		if !retry || attempt >= maxServerRetries || req.Context().Err() != nil {
			return resp, err
		}
		d := backoff(attempt)
		if resp != nil {
			if ra := retryAfter(resp.Header); ra > 0 {
				if resp.StatusCode < 500 && ra > maxRetryAfter {
					return resp, nil
				}
				d = min(ra, maxRetryAfter)
				if resp.StatusCode >= 500 {
					d = min(ra, backoffCap)
				}
			}
			drain(resp)
		}
		if err := t.waits.retrySleep(req.Context(), d, "installation token request failed"); err != nil {
			return nil, err
		}
	}
}
