package fakegithub

import (
	"context"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Faults are injected into answers.
type Faults struct {
	// Every SecondaryEvery-th request (up to SecondaryCount times) is a
	// secondary rate limit: 403 with Retry-After: RetryAfter seconds.
	SecondaryEvery, SecondaryCount, RetryAfter int
	// Every Error502Every-th request (up to Error502Count times) is a 502,
	// with Retry-After: RetryAfter502 seconds when that is set.
	Error502Every, Error502Count, RetryAfter502 int
	// Every TooManyEvery-th request (up to TooManyCount times) is a 429
	// with Retry-After: RetryAfter seconds and a message without GitHub's
	// secondary-limit wording (a proxy's or a load balancer's answer).
	TooManyEvery, TooManyCount int
}

// Config sets up a Server.
type Config struct {
	Orgs []*Org
	// Token is the static token accepted (a PAT).
	Token string
	// AppID and AppKey: installation tokens are issued against a JWT signed
	// with the App's key.
	AppID  int64
	AppKey *rsa.PublicKey
	// TokenTTL is the age at which an installation token is refused with
	// 401 (default one hour).
	TokenTTL time.Duration
	// RateLimit is the primary limit per window for REST and for GraphQL
	// (default 5000); Window its length (default one hour).
	RateLimit int
	Window    time.Duration
	// Latency is added to every answer.
	Latency time.Duration
	// GraphQLRefused answers every GraphQL query 403.
	GraphQLRefused bool
	// ArchiveGone makes the archive host answer 404.
	ArchiveGone bool
	Faults      Faults
	// Now is the fake's clock (default time.Now).
	Now func() time.Time
	// Apps are GitHub Apps besides the one of AppID and AppKey (apps.go).
	Apps []*App
	// Hostile answers replace the fake's own for the requests they match.
	Hostile []Hostile
	// Pages makes list answers link past their last page (PagesEndless) or
	// back to the first (PagesLoop).
	Pages string
	// Poison maps object ids to content served for them instead of the
	// object's own (GraphQL blob text and REST blobs).
	Poison map[string]string
	// CloneURLBase replaces the server's URL in repositories' clone_url.
	CloneURLBase string
	// TLS serves HTTPS (the client must trust Server.Client()).
	TLS bool
}

// Counts are what the fake was asked.
type Counts struct {
	Requests, NotModified, GraphQL, REST, Secondary, Errors502, Unauthorized, TokensIssued, TooMany int64
	// Archive counts downloads from the archive host (not metered).
	Archive int64
}

// Server is a running fake GitHub.
type Server struct {
	*httptest.Server
	cfg   Config
	repos map[string]*Repo
	orgs  map[string]*Org
	objs  map[string]*gitObject

	archive  *httptest.Server
	archiveN atomic.Int64

	n                                                               atomic.Int64
	notModified, graphql, rest, secondary, e502, u401, iss, tooMany atomic.Int64
	// quit is closed by Close: hostile answers that block return.
	quit chan struct{}

	mu     sync.Mutex
	tokens map[string]time.Time
	rate   map[string]*bucket
	reads  map[string]int // reads.go

	apps appState
}

type bucket struct {
	remaining int
	reset     time.Time
}

// New starts a fake GitHub on loopback.
func New(cfg Config) *Server {
	if cfg.TokenTTL == 0 {
		cfg.TokenTTL = time.Hour
	}
	if cfg.RateLimit == 0 {
		cfg.RateLimit = 5000
	}
	if cfg.Window == 0 {
		cfg.Window = time.Hour
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Faults.RetryAfter == 0 {
		cfg.Faults.RetryAfter = 1
	}
	s := &Server{cfg: cfg, repos: map[string]*Repo{}, orgs: map[string]*Org{}, objs: map[string]*gitObject{},
		tokens: map[string]time.Time{}, rate: map[string]*bucket{}, quit: make(chan struct{})}
	var id int64 = 1000
	for _, o := range cfg.Orgs {
		s.orgs[strings.ToLower(o.Login)] = o
		for _, r := range o.Repos {
			id++
			if r.ID == 0 {
				r.ID = id
			}
			if r.Owner == "" {
				r.Owner = o.Login
			}
			if r.DefaultBranch == "" {
				r.DefaultBranch = "main"
			}
			if r.Visibility == "" {
				r.Visibility = "private"
			}
			if r.PushedAt.IsZero() {
				r.PushedAt = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
			}
			if len(r.Files) > 0 {
				r.root = buildTree(r.Files, s.objs).id
			}
			s.repos[strings.ToLower(r.FullName())] = r
		}
	}
	s.startArchiveHost()
	if cfg.TLS {
		s.Server = httptest.NewTLSServer(s)
	} else {
		s.Server = httptest.NewServer(s)
	}
	return s
}

// Close stops the API and the archive host.
func (s *Server) Close() {
	close(s.quit)
	s.Server.Close()
	s.archive.Close()
}

// URL of the REST root, with a trailing slash (GraphQL at URL + "graphql").
func (s *Server) APIURL() string { return s.URL + "/" }

// Counts returns what the fake was asked so far.
func (s *Server) Counts() Counts {
	return Counts{Requests: s.n.Load(), NotModified: s.notModified.Load(), GraphQL: s.graphql.Load(), REST: s.rest.Load(),
		Secondary: s.secondary.Load(), Errors502: s.e502.Load(), Unauthorized: s.u401.Load(), TokensIssued: s.iss.Load(), Archive: s.archiveN.Load(),
		TooMany: s.tooMany.Load()}
}

// SetFiles replaces a repository's files (a push): new objects and a new
// pushed_at.
func (s *Server) SetFiles(full string, files map[string]string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.repos[strings.ToLower(full)]
	r.Files = files
	r.root = ""
	if len(files) > 0 {
		r.root = buildTree(files, s.objs).id
	}
	r.PushedAt = r.PushedAt.Add(time.Minute)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func message(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"message": msg, "documentation_url": "https://docs.github.com/rest"})
}

// ServeHTTP answers one request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	n := s.n.Add(1)
	if s.cfg.Latency > 0 {
		time.Sleep(s.cfg.Latency)
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead && r.Method != http.MethodPost {
		message(w, http.StatusMethodNotAllowed, "the fake only reads")
		return
	}
	for _, h := range s.cfg.Hostile {
		if h.Match == nil || h.Match(r) {
			ctx, stop := context.WithCancel(r.Context())
			defer stop()
			go func() {
				select {
				case <-s.quit:
					stop()
				case <-ctx.Done():
				}
			}()
			h.Serve(ctx, w, r)
			return
		}
	}
	if s.cfg.Pages != "" {
		r = r.WithContext(context.WithValue(r.Context(), pagesKey{}, s.cfg.Pages))
	}
	f := s.cfg.Faults
	if f.Error502Every > 0 && n%int64(f.Error502Every) == 0 && s.e502.Load() < int64(f.Error502Count) {
		s.e502.Add(1)
		if f.RetryAfter502 > 0 {
			w.Header().Set("Retry-After", strconv.Itoa(f.RetryAfter502))
		}
		w.WriteHeader(http.StatusBadGateway)
		_, _ = w.Write([]byte("<html>502 Bad Gateway</html>"))
		return
	}
	if f.SecondaryEvery > 0 && n%int64(f.SecondaryEvery) == 0 && s.secondary.Load() < int64(f.SecondaryCount) {
		s.secondary.Add(1)
		w.Header().Set("Retry-After", strconv.Itoa(f.RetryAfter))
		writeJSON(w, http.StatusForbidden, map[string]string{
			"message":           "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
			"documentation_url": "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits"})
		return
	}
	if f.TooManyEvery > 0 && n%int64(f.TooManyEvery) == 0 && s.tooMany.Load() < int64(f.TooManyCount) {
		s.tooMany.Add(1)
		w.Header().Set("Retry-After", strconv.Itoa(f.RetryAfter))
		message(w, http.StatusTooManyRequests, "Too Many Requests")
		return
	}
	p := strings.Trim(r.URL.Path, "/")
	seg := strings.Split(p, "/")
	// App endpoints, Actions variables and PAT repositories (apps.go).
	if s.serveApps(w, r, seg) {
		return
	}
	if !s.authorized(w, r) {
		return
	}
	if p == "rate_limit" && r.Method == http.MethodGet {
		// Spends nothing, as GitHub's does.
		writeJSON(w, http.StatusOK, map[string]any{"resources": map[string]any{
			"core": s.rateOf("core"), "graphql": s.rateOf("graphql")}})
		return
	}
	if p == "graphql" && r.Method == http.MethodPost {
		s.graphql.Add(1)
		if !s.rateHeaders(w, "graphql", true) {
			// GraphQL says so in a 200 answer.
			writeJSON(w, http.StatusOK, map[string]any{"errors": []map[string]string{{"type": "RATE_LIMITED", "message": "API rate limit exceeded for installation."}}})
			return
		}
		s.serveGraphQL(w, r)
		return
	}
	if r.Method == http.MethodPost {
		message(w, http.StatusNotFound, "Not Found")
		return
	}
	s.rest.Add(1)
	if len(seg) == 5 && seg[0] == "repos" && seg[3] == "tarball" {
		if !s.spend(w, "core") {
			return
		}
		s.logRead(s.restReadKey(seg))
		s.mu.Lock()
		rp := s.repos[strings.ToLower(seg[1]+"/"+seg[2])]
		s.mu.Unlock()
		if rp == nil {
			message(w, http.StatusNotFound, "Not Found")
			return
		}
		s.tarballRedirect(w, rp, seg[4])
		return
	}
	status, body, raw, link := s.route(r, seg)
	if status == http.StatusOK {
		etag := `"` + hashHex(body) + `"`
		if r.Header.Get("If-None-Match") == etag {
			s.notModified.Add(1)
			s.rateHeaders(w, "core", false)
			w.Header().Set("ETag", etag)
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", etag)
	}
	if !s.spend(w, "core") {
		return
	}
	if status == http.StatusOK {
		s.logRead(s.restReadKey(seg))
	}
	if link != "" {
		w.Header().Set("Link", link)
	}
	if raw {
		w.Header().Set("Content-Type", "application/vnd.github.raw")
		w.WriteHeader(status)
		_, _ = w.Write(body)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

func hashHex(b []byte) string {
	h := sha256.Sum256(b)
	return fmt.Sprintf("%x", h[:12])
}

// authorized checks the token: the static token, or an installation token
// younger than TokenTTL.
func (s *Server) authorized(w http.ResponseWriter, r *http.Request) bool {
	a := r.Header.Get("Authorization")
	tok := strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(a, "Bearer "), "token "))
	if tok != "" && tok == s.cfg.Token {
		return true
	}
	s.mu.Lock()
	issued, ok := s.tokens[tok]
	s.mu.Unlock()
	if ok && s.cfg.Now().Sub(issued) < s.cfg.TokenTTL {
		return true
	}
	s.u401.Add(1)
	message(w, http.StatusUnauthorized, "Bad credentials")
	return false
}

// spend takes one request from the resource's budget, or answers 403 with
// X-RateLimit-Remaining: 0.
func (s *Server) spend(w http.ResponseWriter, res string) bool {
	if !s.rateHeaders(w, res, true) {
		message(w, http.StatusForbidden, "API rate limit exceeded for installation.")
		return false
	}
	return true
}

func (s *Server) rateHeaders(w http.ResponseWriter, res string, spend bool) bool {
	s.mu.Lock()
	b := s.rate[res]
	now := s.cfg.Now()
	if b == nil || !now.Before(b.reset) {
		b = &bucket{remaining: s.cfg.RateLimit, reset: now.Add(s.cfg.Window)}
		s.rate[res] = b
	}
	ok := true
	if spend {
		if b.remaining <= 0 {
			ok = false
		} else {
			b.remaining--
		}
	}
	rem, reset := b.remaining, b.reset
	s.mu.Unlock()
	h := w.Header()
	h.Set("X-RateLimit-Limit", strconv.Itoa(s.cfg.RateLimit))
	h.Set("X-RateLimit-Remaining", strconv.Itoa(rem))
	h.Set("X-RateLimit-Reset", strconv.FormatInt(reset.Unix(), 10))
	h.Set("X-RateLimit-Used", strconv.Itoa(s.cfg.RateLimit-rem))
	h.Set("X-RateLimit-Resource", res)
	return ok
}

// rateOf is a resource's rate limit as GET /rate_limit shows it.
func (s *Server) rateOf(res string) map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	b := s.rate[res]
	now := s.cfg.Now()
	rem, reset := s.cfg.RateLimit, now.Add(s.cfg.Window)
	if b != nil && now.Before(b.reset) {
		rem, reset = b.remaining, b.reset
	}
	return map[string]any{"limit": s.cfg.RateLimit, "remaining": rem, "reset": reset.Unix(), "used": s.cfg.RateLimit - rem}
}

// page cuts items to the requested page and returns the Link header.
func page[T any](r *http.Request, items []T) ([]T, string) {
	per, _ := strconv.Atoi(r.URL.Query().Get("per_page"))
	if per <= 0 {
		per = 30
	}
	per = min(per, 100)
	pg, _ := strconv.Atoi(r.URL.Query().Get("page"))
	if pg <= 0 {
		pg = 1
	}
	last := max(1, (len(items)+per-1)/per)
	lo := min((pg-1)*per, len(items))
	hi := min(lo+per, len(items))
	var links []string
	link := func(p int, rel string) {
		u := *r.URL
		q := u.Query()
		q.Set("page", strconv.Itoa(p))
		q.Set("per_page", strconv.Itoa(per))
		u.RawQuery = q.Encode()
		u.Scheme, u.Host = "http", r.Host
		links = append(links, fmt.Sprintf("<%s>; rel=%q", u.String(), rel))
	}
	if next := nextPage(r, pg, last); next > 0 {
		link(next, "next")
		link(max(last, next), "last")
	}
	if pg > 1 {
		link(1, "first")
		link(pg-1, "prev")
	}
	return items[lo:hi], strings.Join(links, ", ")
}
