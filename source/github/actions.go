package github

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path"
	"strings"
	"sync"
	"testing/fstest"

	"github.com/pat2app/pat2app/scanner"
	"github.com/pat2app/pat2app/scanner/jsops"
)

// Actions gives the repositories of third-party actions the scanner reads
// (scanner.ActionSource): through the scan's client, each repository and
// ref once per run, and from the on-disk cache (one file per commit, under
// the API host's folder) when it holds the commit. Without a client it
// reads the cache only, and an action the cache does not hold is offline.
type Actions struct {
	c     *Client // nil: offline
	cache diskCache
	runs  onceMap[scanner.ActionRepo]
	// workflows are the reusable workflows read, refs the refs resolved
	// (workflows.go).
	workflows onceMap[scanner.CalledWorkflow]
	refs      onceMap[string]
}

// Limits of what is kept of an action's repository.
const (
	// maxActionFile is the largest file kept (an action's bundle).
	maxActionFile = jsops.MaxModuleSize
	// maxActionTotal is the most bytes kept of one repository.
	maxActionTotal = 48 << 20
)

// Actions reads actions' repositories through the client: one reader a
// client, so that the scan and the scanner ask each action once.
func (c *Client) Actions() *Actions {
	c.actionsOnce.Do(func() { c.actions = &Actions{c: c, cache: c.cache} })
	return c.actions
}

// CachedActions reads actions' repositories from the cache under root
// (the folder --cache-dir names) written by scans of the API at apiURL
// ("" for GitHub.com), without a request.
func CachedActions(root, apiURL string) (*Actions, error) {
	_, u, err := apiRoot(apiURL)
	if err != nil {
		return nil, err
	}
	return &Actions{cache: hostCache(root, u)}, nil
}

// ActionRepo returns owner/repo at ref.
func (a *Actions) ActionRepo(ctx context.Context, owner, repo, ref string) (scanner.ActionRepo, error) {
	if !validName(owner) || !validName(repo) || ref == "" || strings.ContainsAny(ref, "\x00\n") {
		return scanner.ActionRepo{}, fmt.Errorf("not a repository and ref: %s/%s@%s", owner, repo, ref)
	}
	return a.runs.do(strings.ToLower(owner+"/"+repo)+"@"+ref, func() (scanner.ActionRepo, error) {
		got, err := a.fetch(ctx, owner, repo, ref)
		if a.c != nil {
			// Before any repository that needs it can finish (actionlog.go).
			a.c.logAction(owner+"/"+repo+"@"+ref, got.Commit)
		}
		return got, err
	})
}

// onceMap holds one value per key, each made once however many ask for
// it at the same time.
type onceMap[T any] struct {
	mu sync.Mutex
	m  map[string]*onceCell[T]
}

type onceCell[T any] struct {
	once sync.Once
	v    T
	err  error
}

// do returns key's value, made by compute the first time it is asked for.
func (o *onceMap[T]) do(key string, compute func() (T, error)) (T, error) {
	o.mu.Lock()
	if o.m == nil {
		o.m = map[string]*onceCell[T]{}
	}
	c, ok := o.m[key]
	if !ok {
		c = &onceCell[T]{}
		o.m[key] = c
	}
	o.mu.Unlock()
	c.once.Do(func() { c.v, c.err = compute() })
	return c.v, c.err
}

// validName reports whether s can be an owner or repository name.
func validName(s string) bool {
	if s == "" || s == "." || s == ".." || len(s) > 100 {
		return false
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
			return false
		}
	}
	return true
}

// isCommit reports whether ref is a full commit id.
func isCommit(ref string) bool { return len(ref) == 40 && validOID(strings.ToLower(ref)) }

func (a *Actions) fetch(ctx context.Context, owner, repo, ref string) (scanner.ActionRepo, error) {
	commit, err := a.commit(ctx, owner, repo, ref)
	if err != nil {
		return scanner.ActionRepo{}, err
	}
	if commit != "" {
		if b, ok := a.cache.read("actions", commit); ok {
			if fsys, err := readActionTar(b); err == nil {
				return scanner.ActionRepo{FS: fsys, Commit: commit}, nil
			}
		}
	}
	if a.c == nil {
		return scanner.ActionRepo{}, scanner.ErrActionOffline
	}
	data, err := a.c.actionArchive(ctx, owner, repo, commit)
	if err != nil {
		return scanner.ActionRepo{}, err
	}
	fsys, err := readActionTar(data)
	if err != nil {
		return scanner.ActionRepo{}, err
	}
	_ = a.cache.write("actions", commit, data) // a cache that cannot be written only costs requests
	return scanner.ActionRepo{FS: fsys, Commit: commit}, nil
}

// resolveRef asks which commit ref names (one conditional request: a
// re-scan is answered 304 from the cache).
func (c *Client) resolveRef(ctx context.Context, owner, repo, ref string) (string, error) {
	u := c.gh.BaseURL() + "repos/" + url.PathEscape(owner) + "/" + url.PathEscape(repo) + "/commits/" + url.PathEscape(ref)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return "", err
	}
	req.Header.Set("Accept", "application/vnd.github.sha")
	resp, err := c.http.Do(req)
	if err != nil {
		return "", fmt.Errorf("resolve %s/%s@%s: %w", owner, repo, ref, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 4096))
	if err != nil {
		return "", fmt.Errorf("resolve %s/%s@%s: %w", owner, repo, ref, err)
	}
	if resp.StatusCode != http.StatusOK {
		return "", &repoError{Status: resp.StatusCode, Msg: fmt.Sprintf("ref %s of %s/%s: %s", ref, owner, repo, http.StatusText(resp.StatusCode))}
	}
	sha := strings.ToLower(strings.TrimSpace(string(b)))
	if !isCommit(sha) {
		return "", &repoError{Msg: fmt.Sprintf("ref %s of %s/%s: the answer is not a commit id", ref, owner, repo)}
	}
	return sha, nil
}

// actionArchive downloads owner/repo at commit and keeps the files an
// action's reading needs, as an uncompressed tar (what the cache holds).
func (c *Client) actionArchive(ctx context.Context, owner, repo, commit string) ([]byte, error) {
	u := c.gh.BaseURL() + "repos/" + url.PathEscape(owner) + "/" + url.PathEscape(repo) + "/tarball/" + url.PathEscape(commit)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, fmt.Errorf("download %s/%s@%s: %w", owner, repo, commit, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, &repoError{Status: resp.StatusCode, Msg: fmt.Sprintf("download %s/%s@%s: %s", owner, repo, commit, http.StatusText(resp.StatusCode))}
	}
	data, err := keepActionFiles(resp.Body)
	if err != nil {
		return nil, fmt.Errorf("download %s/%s@%s: %w", owner, repo, commit, err)
	}
	return data, nil
}

// keptActionFile reports whether a repository file is kept for an
// action's reading: action metadata, source modules outside node_modules,
// Dockerfiles and shell scripts.
func keptActionFile(p string) bool {
	base := path.Base(p)
	if strings.HasPrefix(p, "node_modules/") || strings.Contains(p, "/node_modules/") {
		return false
	}
	switch path.Ext(base) {
	case ".js", ".mjs", ".cjs", ".ts", ".mts", ".cts", ".tsx", ".jsx", ".sh":
		return true
	}
	return base == "action.yml" || base == "action.yaml" || base == "Dockerfile"
}

// keepActionFiles reads a .tar.gz archive whose entries sit under one top
// folder and writes the kept files, paths relative to that folder, to an
// uncompressed tar. Entries outside the folder or whose path is not clean
// are left out; a file over maxActionFile is left out (the reader says the
// file is missing), and the whole is refused past maxActionTotal.
func keepActionFiles(body io.Reader) ([]byte, error) {
	zr, err := gzip.NewReader(body)
	if err != nil {
		return nil, err
	}
	tr := tar.NewReader(zr)
	var out bytes.Buffer
	tw := tar.NewWriter(&out)
	top := ""
	total := int64(0)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		if h.Typeflag != tar.TypeReg && h.Typeflag != tar.TypeDir {
			continue // the pax global header git archive starts with, links
		}
		dir, p, _ := strings.Cut(h.Name, "/")
		if top == "" {
			top = dir
		}
		if h.Typeflag != tar.TypeReg || dir != top || p == "" || !cleanPath(p) || !keptActionFile(p) || h.Size > maxActionFile {
			continue
		}
		total += h.Size
		if total > maxActionTotal {
			return nil, fmt.Errorf("the repository's source is over %d bytes", maxActionTotal)
		}
		data, err := io.ReadAll(io.LimitReader(tr, maxActionFile+1))
		if err != nil {
			return nil, err
		}
		if err := tw.WriteHeader(&tar.Header{Name: p, Typeflag: tar.TypeReg, Mode: 0o644, Size: int64(len(data))}); err != nil {
			return nil, err
		}
		if _, err := tw.Write(data); err != nil {
			return nil, err
		}
	}
	if err := tw.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// readActionTar reads what keepActionFiles wrote into a file system.
func readActionTar(data []byte) (fstest.MapFS, error) {
	fsys := fstest.MapFS{}
	tr := tar.NewReader(bytes.NewReader(data))
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return fsys, nil
		}
		if err != nil {
			return nil, err
		}
		if h.Typeflag != tar.TypeReg || !cleanPath(h.Name) || h.Size > maxActionFile {
			return nil, errors.New("cached action: bad entry")
		}
		b, err := io.ReadAll(io.LimitReader(tr, maxActionFile+1))
		if err != nil {
			return nil, err
		}
		fsys[h.Name] = &fstest.MapFile{Data: b, Mode: 0o644}
	}
}
