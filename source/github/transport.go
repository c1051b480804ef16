package github

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"time"

	"github.com/gofri/go-github-ratelimit/v2/github_ratelimit/github_secondary_ratelimit"
)

// errReadOnly is returned for any request that could change something.
var errReadOnly = errors.New("pat2app only reads: refusing a request that is not GET, HEAD or a GraphQL query")

// rateState is what the server last said about one rate-limit resource.
type rateState struct {
	known     bool
	remaining int
	reset     time.Time
	// answered counts answers that were not rate-limit refusals;
	// waitedFor is the last reset waited for and answeredAtWait the count
	// when that wait began: a new wait needs an answer in between.
	answered       int64
	waitedFor      time.Time
	answeredAtWait int64
}

// apiTransport authenticates requests and makes them survive what the API
// does to long scans: 5xx (bounded exponential backoff with jitter), primary
// rate limits (slow down near zero, wait for the reset), and an expired
// installation token (one refresh and retry). Secondary limits are handled
// by go-github-ratelimit wrapped around it.
type apiTransport struct {
	base   http.RoundTripper
	tokens TokenSource
	clock  Clock
	meter  *meter
	waits  *waiter
	notify func(format string, args ...any)
	// apiHost and apiScheme are the only host and scheme the token is
	// sent to.
	apiHost, apiScheme string

	mu       sync.Mutex
	rates    map[string]*rateState
	waitSaid map[string]time.Time // reset time already announced, per resource
	waiting  map[string]time.Time // reset being waited for, per resource
}

func newAPITransport(base http.RoundTripper, ts TokenSource, w *waiter, m *meter, api *url.URL) *apiTransport {
	return &apiTransport{base: base, tokens: ts, clock: w.clock, meter: m, waits: w, notify: w.notify,
		apiHost: api.Host, apiScheme: api.Scheme, rates: map[string]*rateState{}, waitSaid: map[string]time.Time{}, waiting: map[string]time.Time{}}
}

// resourceOf is the rate-limit resource a request spends: "graphql",
// "core" (REST), or "unmetered" for another host (the archive host) and
// GET /rate_limit, which spend nothing and are neither paced nor stopped
// with the API's budgets.
func resourceOf(req *http.Request, apiHost string) string {
	switch {
	case req.URL.Host != apiHost || isRateLimitPath(req.URL.Path):
		return "unmetered"
	case isGraphQL(req):
		return "graphql"
	}
	return "core"
}

func (t *apiTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if !(req.Method == http.MethodGet || req.Method == http.MethodHead || (req.Method == http.MethodPost && isGraphQL(req))) {
		return nil, fmt.Errorf("%s %s: %w", req.Method, req.URL.Path, errReadOnly)
	}
	ctx := req.Context()
	res := resourceOf(req, t.apiHost)
	refreshed := false
	serverRetries, timeouts, resetWaits := 0, 0, 0
	for attempt := 0; ; attempt++ {
		if err := t.waits.err(res); err != nil {
			return nil, err
		}
		if attempt > 0 {
			t.meter.retr.Add(1)
		}
		if err := t.pace(ctx, res); err != nil {
			return nil, err
		}
		r, err := t.prepare(req)
		if err != nil {
			return nil, err
		}
		resp, err := t.base.RoundTrip(r)
		if err != nil {
			var stop *stoppedError
			if ctx.Err() != nil || errors.As(err, &stop) {
				return nil, err
			}
			n := &serverRetries
			if errors.Is(err, errTimeout) {
				if timeouts >= maxTimeoutRetries {
					return nil, err
				}
				n = &timeouts
			} else if serverRetries >= maxServerRetries {
				return nil, err
			}
			if err := t.waits.retrySleep(ctx, backoff(*n), "network error"); err != nil {
				return nil, err
			}
			*n++
			continue
		}
		t.observe(res, resp.Header)
		status := resp.StatusCode
		switch {
		case status == http.StatusUnauthorized && !refreshed && t.tokens.CanRefresh():
			drain(resp)
			if _, err := t.tokens.Refresh(ctx); err != nil {
				return nil, fmt.Errorf("refresh token after 401: %w", err)
			}
			refreshed = true
			continue
		case (status == http.StatusForbidden || status == http.StatusTooManyRequests) &&
			resp.Header.Get("X-RateLimit-Remaining") == "0" && resetWaits < maxResetWaits:
			drain(resp)
			if err := t.waitReset(ctx, res); err != nil {
				return nil, err
			}
			resetWaits++
			continue
		case status == http.StatusTooManyRequests && serverRetries < maxServerRetries && !secondaryLimit(resp):
			// Not GitHub's secondary limit (go-github-ratelimit handles
			// that): a proxy's or load balancer's 429.
			d := retryAfter(resp.Header)
			if d > maxRetryAfter {
				drain(resp)
				return nil, t.waits.stop(allResources, &stoppedError{reason: fmt.Sprintf("the server answers 429 and asks to wait %s, longer than a run waits for one (%s)",
					d, maxRetryAfter), resume: t.clock.Now().Add(d)})
			}
			if d <= 0 {
				d = backoff(serverRetries)
			}
			drain(resp)
			if err := t.waits.retrySleep(ctx, d, "HTTP 429 Too Many Requests"); err != nil {
				return nil, err
			}
			serverRetries++
			continue
		case status >= 500 && status != http.StatusNotImplemented && serverRetries < maxServerRetries:
			d := backoff(serverRetries)
			if ra := retryAfter(resp.Header); ra > 0 {
				d = min(ra, backoffCap)
			}
			drain(resp)
			if err := t.waits.retrySleep(ctx, d, fmt.Sprintf("HTTP %d from the server", status)); err != nil {
				return nil, err
			}
			serverRetries++
			continue
		}
		if res != "graphql" && !(status == http.StatusForbidden || status == http.StatusTooManyRequests) {
			// (query counts GraphQL answers: they say RATE_LIMITED in a 200.)
			t.answered(res)
		}
		if resp.Header.Get("X-From-Cache") != "" {
			t.refund(res) // a 304 spent nothing
		}
		return resp, nil
	}
}

// secondaryLimit reports whether a 403 or 429 is GitHub's secondary rate
// limit, by its wording, leaving the body readable.
func secondaryLimit(resp *http.Response) bool {
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	resp.Body = struct {
		io.Reader
		io.Closer
	}{io.MultiReader(bytes.NewReader(b), resp.Body), resp.Body}
	var m github_secondary_ratelimit.SecondaryRateLimitBody
	return json.Unmarshal(b, &m) == nil && m.IsSecondaryRateLimit()
}

// prepare clones req with a fresh body and the current token.
func (t *apiTransport) prepare(req *http.Request) (*http.Request, error) {
	r := req.Clone(req.Context())
	if req.GetBody != nil {
		b, err := req.GetBody()
		if err != nil {
			return nil, fmt.Errorf("rewind request body: %w", err)
		}
		r.Body = b
	}
	tok, err := t.tokens.Token(req.Context())
	if err != nil {
		return nil, fmt.Errorf("get token: %w", err)
	}
	if tok != "" && req.URL.Host == t.apiHost && req.URL.Scheme == t.apiScheme {
		r.Header.Set("Authorization", "Bearer "+tok)
	}
	return r, nil
}

// observe records the rate-limit headers of a response.
func (t *apiTransport) observe(res string, h http.Header) {
	rem, err1 := strconv.Atoi(h.Get("X-RateLimit-Remaining"))
	reset, err2 := strconv.ParseInt(h.Get("X-RateLimit-Reset"), 10, 64)
	if err1 != nil || err2 != nil {
		return
	}
	if r := h.Get("X-RateLimit-Resource"); r != "" {
		res = r
	}
	t.record(res, rem, time.Unix(reset, 0))
}

// record notes that res has rem requests left until reset.
func (t *apiTransport) record(res string, rem int, reset time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	st := t.rates[res]
	if st == nil {
		st = &rateState{}
		t.rates[res] = st
	}
	// Concurrent answers arrive out of order: within one window keep the
	// lowest remaining count; a later reset starts a new window.
	if !st.known || reset.After(st.reset) || rem < st.remaining {
		st.known, st.remaining, st.reset = true, max(rem, 0), reset
	}
}

// refund gives back the request pace counted against res's budget when
// its answer was free (a 304).
func (t *apiTransport) refund(res string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if st := t.rates[res]; st != nil && st.known {
		st.remaining++
	}
}

// answered counts an answer of res that was not a rate-limit refusal.
func (t *apiTransport) answered(res string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.state(res).answered++
}

// state is the rate-limit state of res; t.mu is held.
func (t *apiTransport) state(res string) *rateState {
	st := t.rates[res]
	if st == nil {
		st = &rateState{}
		t.rates[res] = st
	}
	return st
}

// pace slows requests down when the budget of res is nearly spent, and
// waits for the reset when it is spent.
func (t *apiTransport) pace(ctx context.Context, res string) error {
	t.mu.Lock()
	st := t.rates[res]
	var d time.Duration
	now := t.clock.Now()
	spent := false
	if st != nil && st.known && st.reset.After(now) && st.remaining < paceAtRemaining {
		spent = st.remaining <= 0
		if st.reset.Sub(now) <= t.waits.limits.MaxWait {
			// (A reset too far to wait for is not paced towards: the
			// budget left is spent, then the requests stop.)
			d = min(st.reset.Sub(now)/time.Duration(st.remaining+1), maxPaceDelay)
		}
		if st.remaining > 0 {
			st.remaining-- // this request spends one
		}
	}
	t.mu.Unlock()
	if spent {
		return t.waitReset(ctx, res)
	}
	if d <= 0 {
		return nil
	}
	if d > time.Second {
		t.announce(res, d, t.resetOf(res))
	}
	return t.clock.Sleep(ctx, d)
}

// resourceName is how the user knows a rate-limit resource.
func resourceName(res string) string {
	if res == "core" {
		return "REST"
	}
	return res
}

// waitReset waits for the reset of res's spent budget, unless the reset is
// further than Limits.MaxWait or an earlier reset was waited for and no
// answer came since (the budget never came back): then res is stopped.
func (t *apiTransport) waitReset(ctx context.Context, res string) error {
	t.mu.Lock()
	st := t.state(res)
	now := t.clock.Now()
	reset := st.reset
	if !st.known || !reset.After(now) || st.remaining > 0 {
		// No reset given (or past), or the budget was said to be left (a
		// refusal that contradicts it says nothing of when it comes
		// back): a minute, shared by the requests that wait at the same
		// time.
		reset = now.Add(time.Minute)
		if st.waitedFor.After(now) {
			reset = st.waitedFor
		}
	}
	var stop *stoppedError
	switch {
	case reset.Sub(now) > t.waits.limits.MaxWait:
		stop = &stoppedError{reason: fmt.Sprintf("the %s rate limit is spent until %s, longer than a run waits for a reset (%s)",
			resourceName(res), reset.UTC().Format("2006-01-02 15:04 UTC"), t.waits.limits.MaxWait), resume: reset}
	case reset.After(st.waitedFor) && !st.waitedFor.IsZero() && st.answered == st.answeredAtWait:
		stop = &stoppedError{reason: fmt.Sprintf("the %s rate limit was still spent after its reset at %s", resourceName(res),
			st.waitedFor.UTC().Format("15:04:05 UTC")), resume: reset}
	case reset.After(st.waitedFor):
		st.waitedFor, st.answeredAtWait = reset, st.answered
	}
	t.mu.Unlock()
	if stop != nil {
		return t.waits.stop(res, stop)
	}
	wait := reset.Sub(now) + time.Second
	t.announce(res, wait, reset)
	t.mu.Lock()
	t.waiting[res] = reset
	t.mu.Unlock()
	err := t.clock.Sleep(ctx, wait)
	t.mu.Lock()
	if t.waiting[res].Equal(reset) {
		delete(t.waiting, res)
	}
	t.mu.Unlock()
	return err
}

// waitingUntil is the latest reset requests are waiting for, and of what.
func (t *apiTransport) waitingUntil() (time.Time, string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	var until time.Time
	what := ""
	for res, r := range t.waiting {
		if r.After(until) {
			until, what = r, "the "+resourceName(res)+" rate limit's reset"
		}
	}
	return until, what
}

// resetOf is the known reset time of res, or zero.
func (t *apiTransport) resetOf(res string) time.Time {
	t.mu.Lock()
	defer t.mu.Unlock()
	if st := t.rates[res]; st != nil && st.known {
		return st.reset
	}
	return time.Time{}
}

// announce tells the user once per reset that the scan waits.
func (t *apiTransport) announce(res string, wait time.Duration, reset time.Time) {
	t.mu.Lock()
	said := !reset.IsZero() && t.waitSaid[res].Equal(reset)
	t.waitSaid[res] = reset
	t.mu.Unlock()
	if said || t.notify == nil {
		return
	}
	t.notify("%s rate limit nearly spent: waiting %s for its reset at %s", resourceName(res),
		wait.Round(time.Second), reset.UTC().Format("15:04:05 UTC"))
}

// rateLeft returns the remaining budget of res, or -1 when unknown.
func (t *apiTransport) rateLeft(res string) int {
	t.mu.Lock()
	defer t.mu.Unlock()
	if st := t.rates[res]; st != nil && st.known {
		return st.remaining
	}
	return -1
}

// backoff is the n-th (from 0) exponential backoff with full jitter in its
// upper half.
func backoff(n int) time.Duration {
	d := backoffBase << n
	if d > backoffCap || d <= 0 {
		d = backoffCap
	}
	return d/2 + rand.N(d/2+1)
}

func retryAfter(h http.Header) time.Duration {
	s, err := strconv.Atoi(h.Get("Retry-After"))
	if err != nil || s <= 0 {
		return 0
	}
	return time.Duration(min(s, 1<<20)) * time.Second
}

func drain(resp *http.Response) {
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	_ = resp.Body.Close()
}
