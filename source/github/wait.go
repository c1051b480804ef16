package github

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/gofri/go-github-ratelimit/v2/github_ratelimit/github_secondary_ratelimit"
)

// stoppedError says why a scan sends no more requests (of one rate-limit
// resource, or at all) and when to run it again.
type stoppedError struct {
	reason string
	resume time.Time // zero when unknown
}

func (e *stoppedError) Error() string {
	when := "later"
	if !e.resume.IsZero() {
		when = "after " + e.resume.UTC().Format("2006-01-02 15:04 UTC")
	}
	return fmt.Sprintf("scan stopped: %s; run it again %s with --resume (repositories already read are not read again)", e.reason, when)
}

// waiter is what a run may spend asleep: each wait for a rate-limit reset
// at most Limits.MaxWait, retries at most Limits.MaxRetrySleep in all
// (secondary limits included). Past either, it stops: requests fail at once
// with a stoppedError.
type waiter struct {
	clock  Clock
	limits Limits
	notify func(format string, args ...any)

	mu        sync.Mutex
	retried   time.Duration // slept before retries by apiTransport and tokenRetry
	secondary time.Duration // slept for secondary limits by go-github-ratelimit
	// pausedTo is when the last secondary limit said requests may go on.
	pausedTo time.Time
	stopped  map[string]*stoppedError
}

func newWaiter(clock Clock, limits Limits, notify func(string, ...any)) *waiter {
	return &waiter{clock: clock, limits: limits, notify: notify, stopped: map[string]*stoppedError{}}
}

// allResources stops every request.
const allResources = ""

// err is the reason requests of res are not sent, or nil.
func (w *waiter) err(res string) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if e := w.stopped[allResources]; e != nil {
		return e
	}
	if e := w.stopped[res]; e != nil {
		return e
	}
	return nil
}

// stop stops requests of res (allResources: all) and says so once.
func (w *waiter) stop(res string, e *stoppedError) error {
	w.mu.Lock()
	if old := w.stopped[res]; old != nil {
		w.mu.Unlock()
		return old
	}
	w.stopped[res] = e
	w.mu.Unlock()
	if w.notify != nil {
		w.notify("%s", e.Error())
	}
	return e
}

// retrySleep sleeps d before a retry, from the run's retry budget; why says
// what is retried, told once.
func (w *waiter) retrySleep(ctx context.Context, d time.Duration, why string) error {
	w.mu.Lock()
	over := w.retried+w.secondary+d > w.limits.MaxRetrySleep
	if !over {
		w.retried += d
	}
	w.mu.Unlock()
	if over {
		return w.stop(allResources, &stoppedError{reason: fmt.Sprintf(
			"%s, and retries have slept %s this run, the most a run sleeps for them", why, w.limits.MaxRetrySleep)})
	}
	if w.notify != nil {
		w.notify("%s: retrying after a wait (retries sleep at most %s in all this run)", why, w.limits.MaxRetrySleep)
	}
	return w.clock.Sleep(ctx, d)
}

// secondaryOptions configure go-github-ratelimit: a secondary limit that
// asks more than maxRetryAfter, or more than the run's retry budget left,
// stops the scan instead of sleeping.
func (w *waiter) secondaryOptions() []github_secondary_ratelimit.Option {
	return []github_secondary_ratelimit.Option{
		github_secondary_ratelimit.WithSingleSleepLimit(maxRetryAfter, func(cc *github_secondary_ratelimit.CallbackContext) {
			_ = w.stop(allResources, &stoppedError{reason: fmt.Sprintf("a secondary rate limit asks to wait until %s, longer than a run waits for one (%s)",
				cc.ResetTime.UTC().Format("15:04:05 UTC"), maxRetryAfter), resume: *cc.ResetTime})
		}),
		github_secondary_ratelimit.WithLimitDetectedCallback(func(cc *github_secondary_ratelimit.CallbackContext) {
			w.mu.Lock()
			w.secondary = max(w.secondary, *cc.TotalSleepTime)
			if cc.ResetTime != nil && cc.ResetTime.After(w.pausedTo) {
				w.pausedTo = *cc.ResetTime
			}
			w.mu.Unlock()
			if w.notify != nil {
				w.notify("secondary rate limit: pausing requests until %s", cc.ResetTime.UTC().Format("15:04:05 UTC"))
			}
		}),
	}
}

// secondaryUntil is when the last secondary limit ends.
func (w *waiter) secondaryUntil() time.Time {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.pausedTo
}

// secondaryBudget is the per-request option that keeps go-github-ratelimit
// within the run's retry budget.
func (w *waiter) secondaryBudget() github_secondary_ratelimit.Option {
	w.mu.Lock()
	limit := w.limits.MaxRetrySleep - w.retried
	w.mu.Unlock()
	return github_secondary_ratelimit.WithTotalSleepLimit(limit, func(cc *github_secondary_ratelimit.CallbackContext) {
		_ = w.stop(allResources, &stoppedError{reason: fmt.Sprintf(
			"secondary rate limits, and retries have slept %s this run, the most a run sleeps for them", w.limits.MaxRetrySleep),
			resume: *cc.ResetTime})
	})
}

// stopGate is the outermost transport: once the scan is stopped, requests
// fail at once, and a rate-limit refusal that stopped it is reported as
// the stop.
type stopGate struct {
	base    http.RoundTripper
	waits   *waiter
	apiHost string
}

func (g *stopGate) RoundTrip(req *http.Request) (*http.Response, error) {
	res := resourceOf(req, g.apiHost)
	if err := g.waits.err(res); err != nil {
		return nil, err
	}
	ctx := github_secondary_ratelimit.WithOverrideConfig(req.Context(), g.waits.secondaryBudget())
	resp, err := g.base.RoundTrip(req.WithContext(ctx))
	if err == nil && (resp.StatusCode == http.StatusForbidden || resp.StatusCode == http.StatusTooManyRequests) {
		if serr := g.waits.err(res); serr != nil {
			drain(resp)
			return nil, serr
		}
	}
	return resp, err
}
