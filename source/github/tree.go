package github

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"path"
	"sort"
	"strings"
	"sync"
	"time"

	gh "github.com/google/go-github/v88/github"
)

// maxTreeFileSize is the largest repository file the tree reads (the
// script follower's own limit; a larger one is reported by its size).
const maxTreeFileSize = 1 << 20

// remoteTree is a repository's files at one commit, read through the
// client only when the scanner opens them: a script a credential reaches
// costs one GraphQL query (the file with its folder's listing, so the
// scanner's look-ups of its neighbours cost nothing), a file whose folder
// is already listed and whose blob is cached costs none. Every answer
// goes through the client's budget, rate limits and answer limits, and
// every file's content is checked against its git object id before it is
// used or cached. It is read-only and safe for concurrent use.
type remoteTree struct {
	ctx    context.Context
	c      *Client
	repo   *repoMeta
	commit string
	// rest reads over the REST contents API (a folder's listing, then
	// the file unless its blob is cached: two requests, answered 304 on
	// a re-scan) instead of GraphQL.
	rest bool

	mu sync.Mutex
	// dirs holds each folder listed, by clean path ("." for the root); a
	// nil map is a folder that does not exist.
	dirs map[string]map[string]treeItem
	// data holds the files read, by path.
	data map[string][]byte
	// failures holds why files could not be read, by path.
	failures map[string]error
	// unsure is the first error that kept a file from being read for a
	// reason that may pass (a spent budget, a network error): the
	// repository's findings then hold for this scan only.
	unsure error
}

// treeItem is one entry of a listed folder.
type treeItem struct {
	dir bool
	// link is a symbolic link, which is not followed: what it points to
	// may be outside the repository.
	link bool
	oid  string
	size int64
}

// gitSymlinkMode is the mode git gives a symbolic link.
const gitSymlinkMode = 0o120000

// errUnsafePath refuses a path that is not a clean path inside the
// repository.
var errUnsafePath = errors.New("not a clean path inside the repository")

func newRemoteTree(ctx context.Context, c *Client, r *repoMeta, commit string, rest bool) *remoteTree {
	return &remoteTree{ctx: ctx, c: c, repo: r, commit: commit, rest: rest, dirs: map[string]map[string]treeItem{},
		data: map[string][]byte{}, failures: map[string]error{}}
}

// err is the first error that kept a file from being read for a reason
// that may pass on the next scan (nil for a nil tree).
func (t *remoteTree) err() error {
	if t == nil {
		return nil
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.unsure
}

// lookup says what name is: a folder, a file, or nothing (ok false).
func (t *remoteTree) lookup(name string) (treeItem, bool, error) {
	if name == "." {
		if _, err := t.list("."); err != nil {
			return treeItem{}, false, err
		}
		return treeItem{dir: true}, true, nil
	}
	items, err := t.list(path.Dir(name))
	if err != nil {
		return treeItem{}, false, err
	}
	it, ok := items[path.Base(name)]
	return it, ok, nil
}

// list returns the folder dir's entries (nil when it does not exist),
// asking for them when they are not known yet.
func (t *remoteTree) list(dir string) (map[string]treeItem, error) {
	t.mu.Lock()
	items, ok := t.dirs[dir]
	t.mu.Unlock()
	if ok {
		return items, nil
	}
	if err := t.ask(dir, ""); err != nil {
		return nil, err
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.dirs[dir], nil
}

// gqlTreeObject is a folder or a file of a tree query.
type gqlTreeObject struct {
	Typename string `json:"__typename"`
	gqlBlob
	IsTruncated bool           `json:"isTruncated"`
	Entries     []gqlTreeEntry `json:"entries"`
}

// gqlTreeEntry is an entry of a folder of a tree query.
type gqlTreeEntry struct {
	Name   string `json:"name"`
	Type   string `json:"type"`
	Mode   int    `json:"mode"`
	OID    string `json:"oid"`
	Object *struct {
		ByteSize int64 `json:"byteSize"`
	} `json:"object"`
}

// treeObjectSelection asks for a folder's entries with their sizes, or a
// file's content.
const treeObjectSelection = "{ __typename ... on Tree { entries { name type mode oid object { ... on Blob { byteSize } } } } ... on Blob { oid byteSize isBinary isTruncated text } }"

// ask reads the folder dir (when not empty) and the file or folder file
// (when not empty; over REST only when dir is empty), and records what it
// finds.
func (t *remoteTree) ask(dir, file string) error {
	var got struct {
		D *gqlTreeObject `json:"d"`
		F *gqlTreeObject `json:"f"`
	}
	var err error
	if t.rest {
		// One request: the folder (its listing names the file's blob,
		// which may be cached), else the file.
		if dir != "" {
			got.D, err = t.contents(dir)
			file = ""
		} else {
			got.F, err = t.contents(file)
		}
	} else {
		got.D, got.F, err = t.query(dir, file)
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if err != nil {
		if t.unsure == nil {
			t.unsure = err
		}
		return err
	}
	if dir != "" {
		t.record(dir, got.D)
	}
	if file != "" {
		t.record(file, got.F)
	}
	return nil
}

// contents reads p over the REST contents API; nil when it does not
// exist.
func (t *remoteTree) contents(p string) (*gqlTreeObject, error) {
	if p == "." {
		p = ""
	}
	file, dir, _, err := t.c.gh.Repositories.GetContents(t.ctx, t.repo.Owner, t.repo.Name, p, &gh.RepositoryContentGetOptions{Ref: t.commit})
	if err != nil {
		err = asRepoError(err)
		if statusOf(err) == http.StatusNotFound {
			return nil, nil
		}
		return nil, fmt.Errorf("read %s: %w", cmp.Or(p, "the root folder"), err)
	}
	if file != nil {
		o := &gqlTreeObject{Typename: "Blob"}
		o.OID, o.ByteSize = file.GetSHA(), int64(file.GetSize())
		if text, err := file.GetContent(); err == nil && (text != "" || o.ByteSize == 0) {
			o.Text = &text
		} else {
			o.IsTruncated = true
		}
		return o, nil
	}
	o := &gqlTreeObject{Typename: "Tree"}
	for _, e := range dir {
		typ, mode := "blob", 0
		switch e.GetType() {
		case "dir":
			typ = "tree"
		case "file":
		case "symlink":
			mode = gitSymlinkMode
		default:
			continue // a submodule: another repository
		}
		o.Entries = append(o.Entries, gqlTreeEntry{Name: e.GetName(), Type: typ, Mode: mode, OID: e.GetSHA(),
			Object: &struct {
				ByteSize int64 `json:"byteSize"`
			}{int64(e.GetSize())}})
	}
	if o.Entries == nil {
		o.Entries = []gqlTreeEntry{}
	}
	return o, nil
}

// query reads, in one GraphQL query, the folder dir (when not empty) and
// the file or folder file (when not empty).
func (t *remoteTree) query(dir, file string) (d, f *gqlTreeObject, err error) {
	var b strings.Builder
	fmt.Fprintf(&b, "query { rateLimit { cost remaining resetAt } r: repository(owner: %s, name: %s) {", gqlString(t.repo.Owner), gqlString(t.repo.Name))
	if dir != "" {
		fmt.Fprintf(&b, " d: object(expression: %s) %s", gqlString(t.expression(dir)), treeObjectSelection)
	}
	if file != "" {
		fmt.Fprintf(&b, " f: object(expression: %s) %s", gqlString(t.expression(file)), treeObjectSelection)
	}
	b.WriteString(" } }")
	resp, err := t.c.query(t.ctx, b.String())
	if err != nil {
		return nil, nil, err
	}
	if e, ok := resp.errorsByAlias()["r"]; ok {
		return nil, nil, &repoError{Status: http.StatusForbidden, Msg: "graphql: " + e.Message}
	}
	var got struct {
		D *gqlTreeObject `json:"d"`
		F *gqlTreeObject `json:"f"`
	}
	raw := resp.Data["r"]
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil, &repoError{Status: http.StatusNotFound, Msg: "graphql: repository not returned"}
	}
	if err := json.Unmarshal(raw, &got); err != nil {
		return nil, nil, fmt.Errorf("graphql: decode answer: %w", err)
	}
	return got.D, got.F, nil
}

// expression names p at the tree's commit.
func (t *remoteTree) expression(p string) string {
	if p == "." {
		p = ""
	}
	return t.commit + ":" + p
}

// record keeps what an answer says of p.
func (t *remoteTree) record(p string, o *gqlTreeObject) {
	switch {
	case o == nil:
		t.dirs[p] = nil
	case o.Typename == "Tree" || o.Entries != nil:
		items := make(map[string]treeItem, len(o.Entries))
		for _, e := range o.Entries {
			// A name git would not accept cannot be asked for by a
			// clean path: it is not listed.
			if e.Name == "" || e.Name == "." || e.Name == ".." || strings.ContainsAny(e.Name, "/\\\x00") || !validOID(e.OID) {
				continue
			}
			if e.Type != "tree" && e.Type != "blob" {
				continue // a submodule: another repository
			}
			it := treeItem{dir: e.Type == "tree", link: e.Mode == gitSymlinkMode, oid: e.OID}
			if e.Object != nil {
				it.size = e.Object.ByteSize
			}
			items[e.Name] = it
		}
		t.dirs[p] = items
	default:
		t.keepBlob(p, o)
	}
}

// keepBlob keeps a file's content when it is whole and matches its
// object id; else why not.
func (t *remoteTree) keepBlob(p string, o *gqlTreeObject) {
	switch {
	case o.ByteSize > maxTreeFileSize:
		return // its size says why it is not read
	case o.IsBinary || o.Text == nil:
		t.failures[p] = errors.New("binary file")
	case o.IsTruncated:
		t.failures[p] = errors.New("the server sent it truncated")
	case !validOID(o.OID) || gitBlobID([]byte(*o.Text)) != o.OID:
		t.failures[p] = fmt.Errorf("the content the server sent is not the content of object %s", o.OID)
	default:
		data := []byte(*o.Text)
		t.data[p] = data
		t.c.cache.writeBlob(o.OID, data)
	}
}

// read returns the content of the file name (whose entry is it).
func (t *remoteTree) read(name string, it treeItem) ([]byte, error) {
	if it.link {
		return nil, errors.New("a symbolic link, which the organisation scan does not follow")
	}
	if it.size > maxTreeFileSize {
		return nil, fmt.Errorf("%d bytes, over the %d-byte limit", it.size, maxTreeFileSize)
	}
	t.mu.Lock()
	data, ok := t.data[name]
	ferr := t.failures[name]
	t.mu.Unlock()
	if ok || ferr != nil {
		return data, ferr
	}
	if b, ok := t.c.cache.readBlob(it.oid); ok {
		return b, nil
	}
	if !t.rest {
		return t.readWithSiblings(name, it)
	}
	if err := t.ask("", name); err != nil {
		return nil, err
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if data, ok := t.data[name]; ok {
		return data, nil
	}
	if ferr := t.failures[name]; ferr != nil {
		return nil, ferr
	}
	return nil, errors.New("the server did not send its content")
}

// readWithSiblings reads, in one GraphQL query, the file name of a listed
// folder with the files of that folder that have its extension and are
// not read yet (as many as one content query holds): a Go package's files,
// a module's neighbours, are then read at once rather than one query
// each.
func (t *remoteTree) readWithSiblings(name string, it treeItem) ([]byte, error) {
	dir, ext := path.Dir(name), path.Ext(name)
	reqs := []blobReq{{repo: t.repo, ref: fileRef{Path: name, OID: it.oid, Size: it.size}}}
	size := it.size
	t.mu.Lock()
	names := make([]string, 0, len(t.dirs[dir]))
	for n := range t.dirs[dir] {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		sib, p := t.dirs[dir][n], path.Join(dir, n)
		if len(reqs) >= graphqlBlobBatch || ext == "" {
			break
		}
		if p == name || path.Ext(n) != ext || sib.dir || sib.link || sib.size > maxTreeFileSize || size+sib.size > graphqlBlobBytes ||
			t.data[p] != nil || t.failures[p] != nil || t.c.cache.has("blobs", sib.oid) {
			continue
		}
		reqs = append(reqs, blobReq{repo: t.repo, ref: fileRef{Path: p, OID: sib.oid, Size: sib.size}})
		size += sib.size
	}
	t.mu.Unlock()
	got, errs := graphqlFetcher{t.c}.blobs(t.ctx, reqs)
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, q := range reqs {
		if b, ok := got[q.ref.OID]; ok && gitBlobID(b) == q.ref.OID {
			t.data[q.ref.Path] = b
			t.c.cache.writeBlob(q.ref.OID, b)
		}
	}
	if data, ok := t.data[name]; ok {
		return data, nil
	}
	err := errs[t.repo]
	switch {
	case err == nil && got[it.oid] != nil:
		err = fmt.Errorf("the content the server sent is not the content of object %s", it.oid)
	case err == nil:
		err = errors.New("the server did not send its content")
	case isNoText(err):
		err = errors.New("binary, or too large for GraphQL's text")
	default:
		if t.unsure == nil {
			t.unsure = err // a network error, a spent budget
		}
	}
	t.failures[name] = err
	return nil, err
}

// check refuses a name that is not a clean path inside the repository.
func check(op, name string) error {
	if !fs.ValidPath(name) || (name != "." && !cleanPath(name)) {
		return &fs.PathError{Op: op, Path: name, Err: errUnsafePath}
	}
	return nil
}

// Stat implements fs.StatFS. A file's first Stat reads it with its
// folder's listing, as the scanner reads what it stats.
func (t *remoteTree) Stat(name string) (fs.FileInfo, error) {
	if err := check("stat", name); err != nil {
		return nil, err
	}
	if name != "." {
		if err := t.prefetch(name); err != nil {
			return nil, &fs.PathError{Op: "stat", Path: name, Err: err}
		}
	}
	it, ok, err := t.lookup(name)
	if err != nil {
		return nil, &fs.PathError{Op: "stat", Path: name, Err: err}
	}
	if !ok {
		return nil, &fs.PathError{Op: "stat", Path: name, Err: fs.ErrNotExist}
	}
	return treeInfo{name: path.Base(name), it: it}, nil
}

// prefetch asks for name and its folder in one query when the folder is
// not listed yet.
func (t *remoteTree) prefetch(name string) error {
	dir := path.Dir(name)
	t.mu.Lock()
	_, listed := t.dirs[dir]
	t.mu.Unlock()
	if listed {
		return nil
	}
	return t.ask(dir, name)
}

// ReadFile implements fs.ReadFileFS.
func (t *remoteTree) ReadFile(name string) ([]byte, error) {
	st, err := t.Stat(name)
	if err != nil {
		return nil, err
	}
	if st.IsDir() {
		return nil, &fs.PathError{Op: "read", Path: name, Err: errors.New("is a directory")}
	}
	data, err := t.read(name, st.(treeInfo).it)
	if err != nil {
		return nil, &fs.PathError{Op: "read", Path: name, Err: err}
	}
	return bytes.Clone(data), nil
}

// ReadDir implements fs.ReadDirFS.
func (t *remoteTree) ReadDir(name string) ([]fs.DirEntry, error) {
	if err := check("readdir", name); err != nil {
		return nil, err
	}
	items, err := t.list(name)
	if err != nil {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: err}
	}
	if items == nil {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrNotExist}
	}
	out := make([]fs.DirEntry, 0, len(items))
	for n, it := range items {
		out = append(out, fs.FileInfoToDirEntry(treeInfo{name: n, it: it}))
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name() < out[j].Name() })
	return out, nil
}

// Open implements fs.FS.
func (t *remoteTree) Open(name string) (fs.File, error) {
	st, err := t.Stat(name)
	if err != nil {
		return nil, err
	}
	if st.IsDir() {
		entries, err := t.ReadDir(name)
		if err != nil {
			return nil, err
		}
		return &treeDir{info: st, entries: entries}, nil
	}
	data, err := t.read(name, st.(treeInfo).it)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	return &treeFile{info: st, r: bytes.NewReader(data)}, nil
}

// treeInfo describes an entry of the tree.
type treeInfo struct {
	name string
	it   treeItem
}

func (i treeInfo) Name() string { return i.name }
func (i treeInfo) Size() int64  { return i.it.size }
func (i treeInfo) Mode() fs.FileMode {
	if i.it.dir {
		return fs.ModeDir | 0o555
	}
	return 0o444
}
func (i treeInfo) ModTime() time.Time { return time.Time{} }
func (i treeInfo) IsDir() bool        { return i.it.dir }
func (i treeInfo) Sys() any           { return nil }

// treeFile is an open file of the tree.
type treeFile struct {
	info fs.FileInfo
	r    *bytes.Reader
}

func (f *treeFile) Stat() (fs.FileInfo, error) { return f.info, nil }
func (f *treeFile) Read(p []byte) (int, error) { return f.r.Read(p) }
func (f *treeFile) Close() error               { return nil }

// treeDir is an open folder of the tree.
type treeDir struct {
	info    fs.FileInfo
	entries []fs.DirEntry
}

func (d *treeDir) Stat() (fs.FileInfo, error) { return d.info, nil }
func (d *treeDir) Read([]byte) (int, error) {
	return 0, &fs.PathError{Op: "read", Path: d.info.Name(), Err: errors.New("is a directory")}
}
func (d *treeDir) Close() error { return nil }
func (d *treeDir) ReadDir(n int) ([]fs.DirEntry, error) {
	if n <= 0 {
		out := d.entries
		d.entries = nil
		return out, nil
	}
	if len(d.entries) == 0 {
		return nil, io.EOF
	}
	n = min(n, len(d.entries))
	out := d.entries[:n]
	d.entries = d.entries[n:]
	return out, nil
}

// isNoText reports GraphQL's answer that a file has no text (binary, or
// too large for its text field).
func isNoText(err error) bool {
	var re *repoError
	return errors.As(err, &re) && re.noText
}
