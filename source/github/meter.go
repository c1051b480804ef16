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
	// Other counts archive downloads (on another host), which the API rate
	// limits do not meter.
	Other int64
	// Retries counts requests sent again after a 5xx, a 401 or a rate limit.
	Retries int64
	// CacheHits counts repositories whose files came from the on-disk cache
	// without any request (their pushed_at had not changed).
	CacheHits int64
}

// Metered is REST + GraphQL requests that were not answered 304.
func (s Stats) Metered() int64 { return s.REST + s.GraphQL - s.NotModified }

// meter is the innermost transport: it counts every request that leaves.
type meter struct {
	base                                             http.RoundTripper
	apiHost                                          string
	other                                            atomic.Int64
	requests, rest, graphql, notModified, auth, retr atomic.Int64
	cacheHits                                        atomic.Int64
}

func (m *meter) RoundTrip(req *http.Request) (*http.Response, error) {
	m.requests.Add(1)
	switch {
	case req.URL.Host != m.apiHost || strings.HasPrefix(req.URL.Path, "/_codeload/"):
		m.other.Add(1)
	case isGraphQL(req):
		m.graphql.Add(1)
	case isAuthPath(req.URL.Path):
		m.auth.Add(1)
	default:
		m.rest.Add(1)
	}
	resp, err := m.base.RoundTrip(req)
	if err == nil && resp.StatusCode == http.StatusNotModified {
		m.notModified.Add(1)
	}
	return resp, err
}

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
