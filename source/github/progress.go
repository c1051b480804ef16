package github

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// progress tells the user how a scan goes: repositories done of all,
// findings so far, metered requests sent and the budget left, secrets
// listed, and the wait when the scan is paused for a rate-limit reset or a
// secondary limit. On a terminal (every 0) the line is redrawn in place
// five times a second; otherwise (CI logs) a plain line is written every
// interval, and one at the end.
type progress struct {
	w        io.Writer
	every    time.Duration
	total    int
	n        atomic.Int64
	findings atomic.Int64
	// secrets and secretsTotal count repositories whose secrets are
	// listed, once that begins.
	secrets, secretsTotal atomic.Int64
	c                     *Client
	stop                  chan struct{}
	wg                    sync.WaitGroup
}

func newProgress(w io.Writer, every time.Duration, total int, c *Client) *progress {
	p := &progress{w: w, every: every, total: total, c: c, stop: make(chan struct{})}
	if w == nil {
		return p
	}
	tick := every
	if tick <= 0 {
		tick = 200 * time.Millisecond
	}
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		t := time.NewTicker(tick)
		defer t.Stop()
		for {
			select {
			case <-p.stop:
				p.draw()
				if p.every <= 0 {
					fmt.Fprintln(p.w)
				}
				return
			case <-t.C:
				p.draw()
			}
		}
	}()
	return p
}

// step counts a repository done with its findings.
func (p *progress) step(findings int) {
	p.n.Add(1)
	p.findings.Add(int64(findings))
}

// secretsToList says how many repositories' secrets will be listed;
// secretsListed counts one done.
func (p *progress) secretsToList(n int) { p.secretsTotal.Store(int64(n)) }
func (p *progress) secretsListed()      { p.secrets.Add(1) }

// line is the progress as one line of text.
func (p *progress) line() string {
	st := p.c.Stats()
	var b strings.Builder
	fmt.Fprintf(&b, "repositories %d/%d, %d findings", p.n.Load(), p.total, p.findings.Load())
	if n := p.secretsTotal.Load(); n > 0 {
		fmt.Fprintf(&b, ", secrets listed for %d/%d", p.secrets.Load(), n)
	}
	fmt.Fprintf(&b, ", %d metered requests", st.Metered())
	var left []string
	for _, res := range []string{"core", "graphql"} {
		if n := p.c.api.rateLeft(res); n >= 0 {
			left = append(left, fmt.Sprintf("%s %d", resourceName(res), n))
		}
	}
	if len(left) > 0 {
		fmt.Fprintf(&b, " (left: %s)", strings.Join(left, ", "))
	}
	now := p.c.clock.Now()
	if until, what := p.c.pausedUntil(); until.After(now) {
		fmt.Fprintf(&b, ", waiting %s for %s at %s", until.Sub(now).Round(time.Second), what, until.UTC().Format("15:04:05 UTC"))
	}
	return b.String()
}

func (p *progress) draw() {
	if p.every > 0 {
		fmt.Fprintf(p.w, "pat2app: %s\n", p.line())
		return
	}
	fmt.Fprintf(p.w, "\r\x1b[K%s", p.line())
}

func (p *progress) done() {
	if p.w == nil {
		return
	}
	close(p.stop)
	p.wg.Wait()
}

// pausedUntil is when the latest pause of the scan ends (a wait for a
// rate-limit reset or a secondary limit) and what it waits for; zero when
// it is not paused.
func (c *Client) pausedUntil() (time.Time, string) {
	until, what := c.api.waitingUntil()
	if s := c.waits.secondaryUntil(); s.After(until) {
		until, what = s, "a secondary rate limit"
	}
	return until, what
}
