package github

import (
	"fmt"
	"io"
	"sync"
	"sync/atomic"
	"time"
)

// progress redraws "repositories done/total, findings, requests, budget
// left" on a terminal.
type progress struct {
	w        io.Writer
	total    int
	n        atomic.Int64
	findings atomic.Int64
	c        *Client
	stop     chan struct{}
	wg       sync.WaitGroup
}

func newProgress(w io.Writer, total int, c *Client) *progress {
	p := &progress{w: w, total: total, c: c, stop: make(chan struct{})}
	if w == nil {
		return p
	}
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		t := time.NewTicker(200 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-p.stop:
				p.draw()
				fmt.Fprintln(p.w)
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

func (p *progress) draw() {
	st := p.c.Stats()
	left := ""
	if n := p.c.api.rateLeft("core"); n >= 0 {
		left = fmt.Sprintf(", REST budget %d", n)
	}
	if n := p.c.api.rateLeft("graphql"); n >= 0 {
		left += fmt.Sprintf(", GraphQL budget %d", n)
	}
	fmt.Fprintf(p.w, "\r\x1b[Krepositories %d/%d, %d findings, %d requests (%d answered 304)%s", p.n.Load(), p.total, p.findings.Load(), st.Requests, st.NotModified, left)
}

func (p *progress) done() {
	if p.w == nil {
		return
	}
	close(p.stop)
	p.wg.Wait()
}
