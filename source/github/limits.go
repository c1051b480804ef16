package github

import "time"

// Limits bound what a server can make a scan spend: time per request,
// bytes per answer, pages per list and time asleep. source/github/README.md
// lists them for users; a zero field takes its default.
type Limits struct {
	// ConnectTimeout bounds a TCP connection and TLS handshake (10 s).
	ConnectTimeout time.Duration
	// IdleTimeout is how long a request may receive nothing, from the
	// moment it is sent through the last byte of its answer (60 s).
	IdleTimeout time.Duration
	// RequestTimeout bounds one request, answer included (5 min).
	RequestTimeout time.Duration
	// MaxBody is the largest answer read (64 MiB).
	MaxBody int64
	// MaxPages is the most pages one list is followed for (1,000: 100,000
	// items at 100 a page).
	MaxPages int
	// MaxWait is the longest wait for a rate-limit reset (65 min); a
	// later reset stops the scan, which says when to run it again.
	MaxWait time.Duration
	// MaxRetrySleep is the total time a run sleeps before retries:
	// secondary rate limits, 429s, 5xx and network errors (15 min).
	MaxRetrySleep time.Duration
}

// Defaults of Limits, and fixed limits of retries.
const (
	defaultConnectTimeout = 10 * time.Second
	defaultIdleTimeout    = 60 * time.Second
	defaultRequestTimeout = 5 * time.Minute
	defaultMaxBody        = 64 << 20
	defaultMaxPages       = 1000
	defaultMaxWait        = 65 * time.Minute
	defaultMaxRetrySleep  = 15 * time.Minute

	maxServerRetries  = 5                      // per request: 5xx, 429 and network errors
	maxResetWaits     = 3                      // per request: waits for a rate-limit reset
	maxTimeoutRetries = 1                      // per request: answers that timed out
	backoffBase       = 500 * time.Millisecond // first backoff
	backoffCap        = 30 * time.Second       // longest backoff, Retry-After of a 5xx included
	maxRetryAfter     = 5 * time.Minute        // longest single wait a 429 or secondary limit may ask
	paceAtRemaining   = 50                     // slow down below this many requests left
	maxPaceDelay      = 10 * time.Second
)

// withDefaults fills the zero fields.
func (l Limits) withDefaults() Limits {
	set := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	set(&l.ConnectTimeout, defaultConnectTimeout)
	set(&l.IdleTimeout, defaultIdleTimeout)
	set(&l.RequestTimeout, defaultRequestTimeout)
	set(&l.MaxWait, defaultMaxWait)
	set(&l.MaxRetrySleep, defaultMaxRetrySleep)
	if l.MaxBody <= 0 {
		l.MaxBody = defaultMaxBody
	}
	if l.MaxPages <= 0 {
		l.MaxPages = defaultMaxPages
	}
	return l
}
