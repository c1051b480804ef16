package github

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"
)

// errTimeout marks a request the server did not answer in time.
var errTimeout = errors.New("timed out")

// errTooLarge marks an answer larger than Limits.MaxBody.
var errTooLarge = errors.New("answer too large")

// limitError is a request cut short by a limit of guardTransport.
type limitError struct {
	what string // method, host and path (never the query)
	msg  string
	kind error // errTimeout or errTooLarge
}

func (e *limitError) Error() string { return e.what + ": " + e.msg }
func (e *limitError) Unwrap() error { return e.kind }

// guardTransport is the innermost transport: every request gets a deadline
// (IdleTimeout without a byte, from sending through the end of the answer;
// RequestTimeout in all) and every answer a size cap, so a server that
// hangs, drips or streams without end costs one bounded request.
type guardTransport struct {
	base    http.RoundTripper
	idle    time.Duration
	total   time.Duration
	maxBody int64
}

func (g *guardTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx, cancel := context.WithCancelCause(req.Context())
	what := req.Method + " " + req.URL.Host + req.URL.Path // never the query: archive URLs carry a token
	total := time.AfterFunc(g.total, func() {
		cancel(&limitError{what: what, msg: fmt.Sprintf("no complete answer within %s", g.total), kind: errTimeout})
	})
	idle := time.AfterFunc(g.idle, func() {
		cancel(&limitError{what: what, msg: fmt.Sprintf("nothing received for %s", g.idle), kind: errTimeout})
	})
	stop := func() {
		total.Stop()
		idle.Stop()
		cancel(nil)
	}
	resp, err := g.base.RoundTrip(req.WithContext(ctx))
	if err != nil {
		cause := context.Cause(ctx)
		stop()
		if errors.Is(cause, errTimeout) {
			return nil, cause
		}
		return nil, err
	}
	idle.Reset(g.idle)
	resp.Body = &guardedBody{body: resp.Body, ctx: ctx, stop: stop, idle: idle, idleFor: g.idle, max: g.maxBody, what: what}
	return resp, nil
}

// guardedBody keeps an answer's deadline while it is read and stops at the
// size cap.
type guardedBody struct {
	body      io.ReadCloser
	ctx       context.Context
	idle      *time.Timer
	idleFor   time.Duration
	read, max int64
	what      string
	once      sync.Once
	stop      func()
}

func (b *guardedBody) Read(p []byte) (int, error) {
	if b.read >= b.max {
		// One byte more tells an answer that ends here from one that goes on.
		var one [1]byte
		n, err := b.body.Read(one[:])
		if n > 0 {
			return 0, &limitError{what: b.what, msg: fmt.Sprintf("answer larger than %d bytes", b.max), kind: errTooLarge}
		}
		return 0, b.cause(err)
	}
	if rest := b.max - b.read; int64(len(p)) > rest {
		p = p[:rest]
	}
	n, err := b.body.Read(p)
	b.read += int64(n)
	if n > 0 {
		b.idle.Reset(b.idleFor)
	}
	return n, b.cause(err)
}

// cause names the deadline when it ended the read.
func (b *guardedBody) cause(err error) error {
	if err != nil && err != io.EOF {
		if c := context.Cause(b.ctx); errors.Is(c, errTimeout) {
			return c
		}
	}
	return err
}

func (b *guardedBody) Close() error {
	err := b.body.Close()
	b.once.Do(b.stop)
	return err
}
