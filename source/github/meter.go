package github

import (
	"net/http"
	"strings"
	"sync/atomic"
)

// Stats counts what a scan asked of the server. Metered requests are the
// ones that count against the REST or GraphQL rate limit (304 answers do
// not).
type Stats struct {
	// Requests is every HTTP request sent, retries included.
	Requests int64
	// REST and GraphQL count requests to the REST API and the GraphQL
	// endpoint (304 answers included).
	REST    int64
	GraphQL int64
	// NotModified counts 304 answers to conditional requests.
	NotModified int64
	// Auth counts installation-token and installation look-up requests.
	Auth int64
	// Other counts requests the API rate limits do not meter: archive
	// downloads (on another host) and GET /rate_limit.
	Other int64
	// Retries counts requests sent again after a 5xx, a 401 or a rate limit.
	Retries int64
	// CacheHits counts repositories whose files came from the on-disk cache
	// without any request (their pushed_at had not changed).
	CacheHits int64
}

// Metered is REST + GraphQL requests that were not answered 304.
func (s Stats) Metered() int64 { return s.REST + s.GraphQL - s.NotModified }

// NotModifiedShare is the share of REST and GraphQL requests answered 304
// (0 when none was sent).
func (s Stats) NotModifiedShare() float64 {
	if s.REST+s.GraphQL == 0 {
		return 0
	}
	return float64(s.NotModified) / float64(s.REST+s.GraphQL)
}

// meter is the innermost transport: it counts every request that leaves,
// and holds metered ones to the run's cap when there is one.
type meter struct {
	base                                             http.RoundTripper
	apiHost                                          string
	cap                                              *requestCap
	other                                            atomic.Int64
	requests, rest, graphql, notModified, auth, retr atomic.Int64
	cacheHits                                        atomic.Int64
}

func (m *meter) RoundTrip(req *http.Request) (*http.Response, error) {
	metered := false
	switch {
	case !isMetered(req, m.apiHost):
		m.other.Add(1)
	case isGraphQL(req):
		m.graphql.Add(1)
		metered = true
	case isAuthPath(req.URL.Path):
		m.auth.Add(1)
	default:
		m.rest.Add(1)
		metered = true
	}
	if metered {
		if err := m.cap.take(); err != nil {
			// Not sent: uncount it.
			if isGraphQL(req) {
				m.graphql.Add(-1)
			} else {
				m.rest.Add(-1)
			}
			return nil, err
		}
	}
	m.requests.Add(1)
	resp, err := m.base.RoundTrip(req)
	if err == nil && resp.StatusCode == http.StatusNotModified {
		m.notModified.Add(1)
		if metered {
			m.cap.give()
		}
	}
	return resp, err
}

// isMetered reports whether a request may count against an API rate limit:
// not an archive download (another host) and not GET /rate_limit.
func isMetered(req *http.Request, apiHost string) bool {
	return req.URL.Host == apiHost && !strings.HasPrefix(req.URL.Path, "/_codeload/") && !isRateLimitPath(req.URL.Path)
}

func isRateLimitPath(p string) bool { return strings.HasSuffix(p, "/rate_limit") }

func (m *meter) stats() Stats {
	return Stats{
		Requests: m.requests.Load(), REST: m.rest.Load(), GraphQL: m.graphql.Load(),
		NotModified: m.notModified.Load(), Auth: m.auth.Load(), Retries: m.retr.Load(),
		CacheHits: m.cacheHits.Load(), Other: m.other.Load(),
	}
}

func isGraphQL(req *http.Request) bool {
	return strings.HasSuffix(req.URL.Path, "/graphql")
}

func isAuthPath(p string) bool {
	return strings.Contains(p, "/app/installations/") || strings.HasSuffix(p, "/installation")
}
