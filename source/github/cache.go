package github

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// DefaultCacheDir is where the HTTP cache lives unless --cache-dir says
// otherwise: pat2app/ under the user cache directory.
func DefaultCacheDir() (string, error) {
	d, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("find the user cache directory: %w", err)
	}
	return filepath.Join(d, "pat2app"), nil
}

// maxCachedBody is the largest body kept on disk.
const maxCachedBody = 8 << 20

// diskCache stores files atomically under dir: a temporary file renamed into
// place, so an interrupted scan never leaves a half-written entry.
type diskCache struct{ dir string }

// hostCache is the cache of one API host under root (none for ""): what
// one server said is never read back for another.
func hostCache(root string, api *url.URL) diskCache {
	if root == "" {
		return diskCache{}
	}
	host := []byte(strings.ToLower(api.Host))
	for i, c := range host {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '-') {
			host[i] = '_'
		}
	}
	return diskCache{dir: filepath.Join(root, string(host))}
}

// readBlob is a cached file's content, only when it is the content of oid.
func (c diskCache) readBlob(oid string) ([]byte, bool) {
	b, ok := c.read("blobs", oid)
	if !ok || gitBlobID(b) != oid {
		return nil, false
	}
	return b, true
}

// writeBlob caches data as the content of oid, only when it is and the
// cache does not hold it yet: a blob's name is its content's hash, so one
// already there needs no second write (one whose content does not match is
// replaced).
func (c diskCache) writeBlob(oid string, data []byte) {
	if c.dir == "" || gitBlobID(data) != oid {
		return
	}
	if old, ok := c.readBlob(oid); ok && len(old) == len(data) {
		return
	}
	_ = c.write("blobs", oid, data) // a cache that cannot be written only costs requests
}

// has reports whether the cache holds an entry (without reading it).
func (c diskCache) has(kind, key string) bool {
	if c.dir == "" {
		return false
	}
	_, err := os.Stat(c.path(kind, key))
	return err == nil
}

func (c diskCache) path(kind, key string) string {
	return filepath.Join(c.dir, kind, key[:2], key)
}

func (c diskCache) read(kind, key string) ([]byte, bool) {
	if c.dir == "" {
		return nil, false
	}
	b, err := os.ReadFile(c.path(kind, key))
	return b, err == nil
}

func (c diskCache) write(kind, key string, data []byte) error {
	if c.dir == "" {
		return nil
	}
	p := c.path(kind, key)
	if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
		return fmt.Errorf("cache: %w", err)
	}
	f, err := os.CreateTemp(filepath.Dir(p), ".tmp-*")
	if err != nil {
		return fmt.Errorf("cache: %w", err)
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(f.Name())
		return fmt.Errorf("cache: write %s: %w", p, err)
	}
	if err := f.Close(); err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("cache: write %s: %w", p, err)
	}
	if err := os.Rename(f.Name(), p); err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("cache: %w", err)
	}
	return nil
}

func hashKey(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		io.WriteString(h, p)
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))
}

// cacheEntry is one cached GET answer.
type cacheEntry struct {
	URL          string      `json:"url"`
	ETag         string      `json:"etag,omitempty"`
	LastModified string      `json:"last_modified,omitempty"`
	Header       http.Header `json:"header"`
	Body         []byte      `json:"body"`
}

// keptHeaders are the headers a cached answer replays.
var keptHeaders = []string{"Content-Type", "Link", "ETag", "Last-Modified"}

// cacheTransport makes GETs conditional on what is cached and answers 304s
// from the cache, as 200s marked X-From-Cache.
type cacheTransport struct {
	base    http.RoundTripper
	cache   diskCache
	apiHost string
}

func (t *cacheTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	// Archives are streamed, never cached (the file cache keeps what was
	// read of them).
	// Nor is the rate limit: it must be today's.
	if req.Method != http.MethodGet || t.cache.dir == "" || req.URL.Host != t.apiHost || strings.Contains(req.URL.Path, "/tarball/") ||
		isRateLimitPath(req.URL.Path) {
		return t.base.RoundTrip(req)
	}
	key := hashKey(req.URL.String(), req.Header.Get("Accept"))
	var entry *cacheEntry
	if b, ok := t.cache.read("http", key); ok {
		var e cacheEntry
		if json.Unmarshal(b, &e) == nil && e.URL == req.URL.String() {
			entry = &e
		}
	}
	if entry != nil {
		req = req.Clone(req.Context())
		if entry.ETag != "" {
			req.Header.Set("If-None-Match", entry.ETag)
		}
		if entry.LastModified != "" {
			req.Header.Set("If-Modified-Since", entry.LastModified)
		}
	}
	resp, err := t.base.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode == http.StatusNotModified && entry != nil {
		drain(resp)
		h := resp.Header.Clone()
		for _, k := range keptHeaders {
			h.Del(k)
			for _, v := range entry.Header.Values(k) {
				h.Add(k, v)
			}
		}
		h.Set("X-From-Cache", "1")
		h.Set("Content-Length", strconv.Itoa(len(entry.Body)))
		return &http.Response{
			Status: "200 OK", StatusCode: http.StatusOK, Proto: resp.Proto, ProtoMajor: resp.ProtoMajor, ProtoMinor: resp.ProtoMinor,
			Header: h, Body: io.NopCloser(bytes.NewReader(entry.Body)), ContentLength: int64(len(entry.Body)), Request: req,
		}, nil
	}
	etag, lm := resp.Header.Get("ETag"), resp.Header.Get("Last-Modified")
	if resp.StatusCode != http.StatusOK || (etag == "" && lm == "") {
		return resp, nil
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxCachedBody+1))
	if err != nil {
		resp.Body.Close()
		return nil, fmt.Errorf("read %s: %w", req.URL.Path, err)
	}
	if len(body) > maxCachedBody {
		// Too large to keep: hand on what was read and the rest.
		resp.Body = struct {
			io.Reader
			io.Closer
		}{io.MultiReader(bytes.NewReader(body), resp.Body), resp.Body}
		return resp, nil
	}
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(body))
	e := cacheEntry{URL: req.URL.String(), ETag: etag, LastModified: lm, Header: http.Header{}, Body: body}
	for _, k := range keptHeaders {
		for _, v := range resp.Header.Values(k) {
			e.Header.Add(k, v)
		}
	}
	if b, err := json.Marshal(e); err == nil {
		_ = t.cache.write("http", key, b) // a cache that cannot be written only costs requests
	}
	return resp, nil
}
