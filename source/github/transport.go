package github

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// Retry and pacing limits of apiTransport.
const (
	maxServerRetries  = 5                      // 5xx and network errors
	maxPrimaryWaits   = 3                      // waits for a primary reset per request
	backoffBase       = 500 * time.Millisecond // first 5xx backoff
	backoffCap        = 30 * time.Second
	maxPrimaryWait    = 65 * time.Minute // longer resets are reported, not waited for
	paceAtRemaining   = 50               // slow down below this many requests left
	maxPaceDelay      = 10 * time.Second
	retryAfterCeiling = 5 * time.Minute
)

// errReadOnly is returned for any request that could change something.
var errReadOnly = errors.New("pat2app only reads: refusing a request that is not GET, HEAD or a GraphQL query")

// rateState is what the server last said about one rate-limit resource.
type rateState struct {
	known     bool
	remaining int
	reset     time.Time
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
	notify func(format string, args ...any)
	// apiHost is the only host the token is sent to.
	apiHost string

	mu       sync.Mutex
	rates    map[string]*rateState
	waitSaid map[string]time.Time // reset time already announced, per resource
}

func newAPITransport(base http.RoundTripper, ts TokenSource, clock Clock, m *meter, notify func(string, ...any)) *apiTransport {
	return &apiTransport{base: base, tokens: ts, clock: clock, meter: m, notify: notify,
		rates: map[string]*rateState{}, waitSaid: map[string]time.Time{}}
}

func resourceOf(req *http.Request) string {
	// (Archive downloads on another host share "core" pacing harmlessly:
	// they carry no rate-limit headers.)
	if isGraphQL(req) {
		return "graphql"
	}
	return "core"
}

func (t *apiTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if !(req.Method == http.MethodGet || req.Method == http.MethodHead || (req.Method == http.MethodPost && isGraphQL(req))) {
		return nil, fmt.Errorf("%s %s: %w", req.Method, req.URL.Path, errReadOnly)
	}
	ctx := req.Context()
	res := resourceOf(req)
	refreshed := false
	serverRetries, primaryWaits := 0, 0
	for attempt := 0; ; attempt++ {
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
			if ctx.Err() != nil || serverRetries >= maxServerRetries {
				return nil, err
			}
			if err := t.clock.Sleep(ctx, backoff(serverRetries)); err != nil {
				return nil, err
			}
			serverRetries++
			continue
		}
		t.observe(res, resp.Header)
		switch {
		case resp.StatusCode == http.StatusUnauthorized && !refreshed && t.tokens.CanRefresh():
			drain(resp)
			if _, err := t.tokens.Refresh(ctx); err != nil {
				return nil, fmt.Errorf("refresh token after 401: %w", err)
			}
			refreshed = true
			continue
		case (resp.StatusCode == http.StatusForbidden || resp.StatusCode == http.StatusTooManyRequests) &&
			resp.Header.Get("X-RateLimit-Remaining") == "0" && primaryWaits < maxPrimaryWaits:
			wait := t.untilReset(res)
			if wait > maxPrimaryWait {
				return resp, nil
			}
			drain(resp)
			t.announce(res, wait)
			if err := t.clock.Sleep(ctx, wait); err != nil {
				return nil, err
			}
			primaryWaits++
			continue
		case resp.StatusCode >= 500 && resp.StatusCode != http.StatusNotImplemented && serverRetries < maxServerRetries:
			d := backoff(serverRetries)
			if ra := retryAfter(resp.Header); ra > 0 {
				d = ra
			}
			drain(resp)
			if err := t.clock.Sleep(ctx, d); err != nil {
				return nil, err
			}
			serverRetries++
			continue
		}
		return resp, nil
	}
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
	if tok != "" && (t.apiHost == "" || req.URL.Host == t.apiHost) {
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

// pace slows requests down when the budget of res is nearly spent, and
// waits for the reset when it is spent.
func (t *apiTransport) pace(ctx context.Context, res string) error {
	t.mu.Lock()
	st := t.rates[res]
	var d time.Duration
	now := t.clock.Now()
	if st != nil && st.known && st.reset.After(now) && st.remaining < paceAtRemaining {
		left := st.reset.Sub(now)
		if st.remaining <= 0 {
			d = left
		} else {
			d = min(left/time.Duration(st.remaining+1), maxPaceDelay)
		}
		if st.remaining > 0 {
			st.remaining-- // this request spends one
		}
	}
	t.mu.Unlock()
	if d <= 0 {
		return nil
	}
	if d > time.Second {
		t.announce(res, d)
	}
	return t.clock.Sleep(ctx, d)
}

func (t *apiTransport) untilReset(res string) time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	st := t.rates[res]
	if st == nil || !st.known {
		return time.Minute
	}
	d := st.reset.Sub(t.clock.Now()) + time.Second
	if d < time.Second {
		d = time.Second
	}
	return d
}

// announce tells the user once per reset window that the scan waits.
func (t *apiTransport) announce(res string, wait time.Duration) {
	t.mu.Lock()
	st := t.rates[res]
	var reset time.Time
	if st != nil {
		reset = st.reset
	}
	said := t.waitSaid[res].Equal(reset)
	t.waitSaid[res] = reset
	t.mu.Unlock()
	if said || t.notify == nil {
		return
	}
	t.notify("%s rate limit nearly spent: waiting %s for its reset at %s", res,
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
	return min(time.Duration(s)*time.Second, retryAfterCeiling)
}

func drain(resp *http.Response) {
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	_ = resp.Body.Close()
}
