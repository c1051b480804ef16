package github

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
)

// The request budget: what a scan will spend, said before it spends it,
// and Options.MaxRequests, a cap on what one run may spend.

// readRateLimits asks GET /rate_limit once (it spends nothing) for the
// budget left of REST and GraphQL and when each resets; unknown when the
// server does not say.
func (c *Client) readRateLimits(ctx context.Context) {
	rl, _, err := c.gh.RateLimit.Get(ctx)
	if err != nil || rl == nil {
		return
	}
	if rl.Core != nil {
		c.api.record("core", rl.Core.Remaining, rl.Core.Reset.Time)
	}
	if rl.GraphQL != nil {
		c.api.record("graphql", rl.GraphQL.Remaining, rl.GraphQL.Reset.Time)
	}
}

// estimate is what reading the files and secrets of a scan's repositories
// will spend.
type estimate struct {
	repos, reused, toRead int
	// graphql and rest are the metered requests reading files needs.
	graphql, rest int
	// secretsMax is the most REST requests listing secrets needs.
	secretsMax int
}

// estimateOf counts what states need: a repository whose record or files
// are cached needs no request for its files; GraphQL reads 25
// repositories a query and their blobs in about as many more, REST one
// tarball each. Secrets are listed for at most every repository with
// workflows (one request each, more for environments; a repository whose
// answers are unchanged since they were cached answers 304, which is
// free).
func (c *Client) estimateOf(states []*repoState) estimate {
	var e estimate
	for _, st := range states {
		switch {
		case st.meta.Disabled:
			continue
		case st.resumed || st.stored || st.cachedFiles:
			e.reused++
		default:
			e.toRead++
		}
		e.repos++
	}
	if c.opts.Transport == TransportREST {
		e.rest = e.toRead
	} else {
		e.graphql = 2 * ((e.toRead + graphqlRepoBatch - 1) / graphqlRepoBatch)
	}
	if !c.opts.SkipSecrets {
		for _, st := range states {
			if !st.meta.Disabled && st.secrets == nil {
				e.secretsMax++
			}
		}
	}
	return e
}

// sayEstimate tells the user what the scan will spend and what it has:
// the budget left of each resource, and whether the scan may have to wait
// for a reset or stop at Options.MaxRequests.
func (c *Client) sayEstimate(e estimate) {
	if c.log == nil || c.log.w == nil || e.repos == 0 {
		return
	}
	var files []string
	if e.graphql > 0 {
		files = append(files, fmt.Sprintf("about %d GraphQL queries", e.graphql))
	}
	if e.rest > 0 {
		files = append(files, fmt.Sprintf("about %d REST requests", e.rest))
	}
	if len(files) == 0 {
		files = append(files, "no request")
	}
	msg := fmt.Sprintf("%d repositories, %d of them unchanged since they were read: reading files needs %s", e.repos, e.reused, strings.Join(files, " and "))
	if e.secretsMax > 0 {
		msg += fmt.Sprintf("; listing secrets at most %d REST requests (only where workflows use a PAT, unknown or leaked token)", e.secretsMax)
	}
	var left []string
	for _, res := range []string{"core", "graphql"} {
		if n := c.api.rateLeft(res); n >= 0 {
			left = append(left, fmt.Sprintf("%s %d until %s", resourceName(res), n, c.api.resetOf(res).UTC().Format("15:04 UTC")))
		}
	}
	if len(left) > 0 {
		msg += "; budget left: " + strings.Join(left, ", ")
	}
	c.log.notef("%s", msg)
	need := map[string]int{"core": e.rest + e.secretsMax, "graphql": e.graphql}
	for _, res := range []string{"core", "graphql"} {
		if n := c.api.rateLeft(res); n >= 0 && need[res] > n {
			c.log.notef("the %s budget left (%d) may not last: the scan waits for its reset at %s if it comes within %s, else stops there (run it again with --resume after the reset)",
				resourceName(res), n, c.api.resetOf(res).UTC().Format("15:04 UTC"), c.waits.limits.MaxWait)
		}
	}
	if m := c.opts.MaxRequests; m > 0 && e.rest+e.graphql+e.secretsMax > m {
		c.log.notef("--max-requests %d may be less than the scan needs: it stops before sending request %d; run it again with --resume to go on", m, m+1)
	}
}

// requestCap stops a run before it sends more metered requests than
// Options.MaxRequests. A request holds a place from when it is sent; an
// answer 304 (free) gives it back.
type requestCap struct {
	max   int64
	spent atomic.Int64
	stop  func(max int64) error
}

// take holds a place for one metered request, or returns the stop.
func (r *requestCap) take() error {
	if r == nil {
		return nil
	}
	if r.spent.Add(1) > r.max {
		r.spent.Add(-1)
		return r.stop(r.max)
	}
	return nil
}

// give returns a place (the answer was free).
func (r *requestCap) give() {
	if r != nil {
		r.spent.Add(-1)
	}
}
