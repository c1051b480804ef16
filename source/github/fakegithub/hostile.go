package fakegithub

import (
	"context"
	"net/http"
	"strings"
	"time"
)

// Hostile answers replace the fake's own for the requests they match: a
// server that hangs, drips, pages forever, streams without end, redirects
// elsewhere or serves content of its own. Tests add one per behaviour.
type Hostile struct {
	// Match selects the requests answered (nil: every request).
	Match func(r *http.Request) bool
	// Serve writes the answer. It may block: ctx is done when the client
	// goes away or the server closes.
	Serve func(ctx context.Context, w http.ResponseWriter, r *http.Request)
}

// PathIs matches requests whose path (without the query) is p.
func PathIs(p string) func(*http.Request) bool {
	return func(r *http.Request) bool { return r.URL.Path == p }
}

// PathHasPrefix matches requests whose path starts with p.
func PathHasPrefix(p string) func(*http.Request) bool {
	return func(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, p) }
}

// Hang accepts the request and never answers.
func Hang(ctx context.Context, _ http.ResponseWriter, _ *http.Request) { <-ctx.Done() }

// Drip answers 200 with a JSON content type, then one byte every interval,
// forever.
func Drip(interval time.Duration) func(context.Context, http.ResponseWriter, *http.Request) {
	return func(ctx context.Context, w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(http.StatusOK)
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			if _, err := w.Write([]byte(" ")); err != nil {
				return
			}
			w.(http.Flusher).Flush()
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	}
}

// EndlessArray answers 200 with a JSON array that never ends.
func EndlessArray(ctx context.Context, w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	chunk := []byte(strings.Repeat(`{"name":"x","full_name":"acme/x"},`, 1024))
	if _, err := w.Write([]byte("[")); err != nil {
		return
	}
	for ctx.Err() == nil {
		if _, err := w.Write(chunk); err != nil {
			return
		}
	}
}

// Redirect answers 302 to target + the request's path and query.
func Redirect(target string) func(context.Context, http.ResponseWriter, *http.Request) {
	return func(_ context.Context, w http.ResponseWriter, r *http.Request) {
		u := strings.TrimRight(target, "/") + r.URL.Path
		if r.URL.RawQuery != "" {
			u += "?" + r.URL.RawQuery
		}
		w.Header().Set("Location", u)
		w.WriteHeader(http.StatusFound)
	}
}

// Answer serves a fixed answer with headers.
func Answer(status int, header map[string]string, body []byte) func(context.Context, http.ResponseWriter, *http.Request) {
	return func(_ context.Context, w http.ResponseWriter, _ *http.Request) {
		for k, v := range header {
			w.Header().Set(k, v)
		}
		w.WriteHeader(status)
		_, _ = w.Write(body)
	}
}

// Pagination modes of list answers (Config.Pages).
const (
	// PagesEndless links every page to the next one, past the last.
	PagesEndless = "endless"
	// PagesLoop links the last page back to the first.
	PagesLoop = "loop"
)

// pagesKey carries Config.Pages to page() in a request's context.
type pagesKey struct{}

// nextPage is the page a list answer links next: the following page while
// there is one, and past the last (or back to the first) for Config.Pages.
func nextPage(r *http.Request, pg, last int) int {
	switch mode, _ := r.Context().Value(pagesKey{}).(string); {
	case pg < last:
		return pg + 1
	case mode == PagesEndless:
		return pg + 1
	case mode == PagesLoop:
		return 1
	}
	return 0
}
