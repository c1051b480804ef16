package github

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"path"
	"strings"
	"time"

	gh "github.com/google/go-github/v88/github"

	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/repofiles"
	"github.com/pat2app/pat2app/scanner"
)

// repoMeta is what the repository listing says about one repository.
type repoMeta struct {
	Owner, Name   string
	ID            int64
	DefaultBranch string
	URL           string
	// PushedAt is when the default branch was last pushed (Unix
	// seconds; 0 when unknown).
	PushedAt   int64
	Visibility string
	Archived   bool
	Fork       bool
	Disabled   bool
	// fullName is Owner/Name, made once (setFull).
	fullName string
}

func (r *repoMeta) full() string {
	if r.fullName != "" {
		return r.fullName
	}
	return r.Owner + "/" + r.Name
}

// setFull makes the full name once, with Owner and Name parts of it: an
// organisation's repositories hold one string each.
func (r *repoMeta) setFull() {
	r.fullName = r.Owner + "/" + r.Name
	r.Owner, r.Name = r.fullName[:len(r.Owner)], r.fullName[len(r.Owner)+1:]
}

func metaOf(r *gh.Repository) *repoMeta {
	m := &repoMeta{
		Owner: r.GetOwner().GetLogin(), Name: r.GetName(), ID: r.GetID(),
		DefaultBranch: r.GetDefaultBranch(), URL: r.GetHTMLURL(),
		Visibility: r.GetVisibility(), Archived: r.GetArchived(), Fork: r.GetFork(), Disabled: r.GetDisabled(),
	}
	if m.Visibility == "" {
		m.Visibility = "public"
		if r.GetPrivate() {
			m.Visibility = "private"
		}
	}
	if r.PushedAt != nil {
		m.PushedAt = r.PushedAt.Unix()
	}
	if m.Owner == "" || m.Name == "" {
		if o, n, ok := strings.Cut(r.GetFullName(), "/"); ok {
			m.Owner, m.Name = o, n
		}
	}
	m.setFull()
	return m
}

// fileRef is a wanted file of a repository: its path and blob id.
type fileRef struct {
	Path string `json:"path"`
	OID  string `json:"oid"`
	Size int64  `json:"size,omitempty"`
	// data is the content when the listing brought it (tarball).
	data []byte
	// problem says why the listing's entry is not read.
	problem string
}

// wantedFile reports whether a repository path is read: repofiles.Wanted,
// the rule the local scan and check --base-ref use too.
func wantedFile(p string) bool { return repofiles.Wanted(p) }

// validOID reports whether s can be a git object id (and so a cache file
// name): hex only, as the server's answer is not trusted.
func validOID(s string) bool {
	if len(s) < 4 || len(s) > 64 {
		return false
	}
	for _, c := range s {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

// repoError is a repository the API would not read.
type repoError struct {
	Status int
	Msg    string
	// noText is set when GraphQL sent no text for a file (binary, or too
	// large for its text field).
	noText bool
}

func (e *repoError) Error() string {
	if e.Status == 0 {
		return e.Msg
	}
	return fmt.Sprintf("HTTP %d: %s", e.Status, e.Msg)
}

// asRepoError turns a go-github error into a repoError with its status.
func asRepoError(err error) error {
	var er *gh.ErrorResponse
	if errors.As(err, &er) && er.Response != nil {
		return &repoError{Status: er.Response.StatusCode, Msg: er.Message}
	}
	var rl *gh.RateLimitError
	if errors.As(err, &rl) && rl.Response != nil {
		return &repoError{Status: rl.Response.StatusCode, Msg: rl.Message}
	}
	var ab *gh.AbuseRateLimitError
	if errors.As(err, &ab) && ab.Response != nil {
		return &repoError{Status: ab.Response.StatusCode, Msg: ab.Message}
	}
	return err
}

func statusOf(err error) int {
	var re *repoError
	if errors.As(err, &re) {
		return re.Status
	}
	return 0
}

// skipMessage says why a repository was skipped and what would unlock it.
func skipMessage(err error, what string) string {
	var stop *stoppedError
	if errors.As(err, &stop) {
		return "not read: " + stop.Error()
	}
	var limit *limitError
	if errors.As(err, &limit) {
		return fmt.Sprintf("skipped: %s: %v", what, limit)
	}
	switch statusOf(err) {
	case http.StatusForbidden:
		return fmt.Sprintf("skipped: %s refused (%v); needs permission contents: read on this repository (and SSO authorization of the token where the org enforces SAML)", what, err)
	case http.StatusNotFound:
		return fmt.Sprintf("skipped: %s not found (%v); the token or App installation cannot see this repository: needs permission contents: read and access to it", what, err)
	case http.StatusUnauthorized:
		return fmt.Sprintf("skipped: %s: credentials rejected (%v)", what, err)
	}
	return fmt.Sprintf("skipped: %s failed after retries: %v", what, err)
}

// fetcher reads the wanted files of repositories.
type fetcher interface {
	name() string
	batch() int
	// list returns, for each repository, its wanted files (without data,
	// unless the listing brought it) or an error.
	list(ctx context.Context, repos []*repoMeta) []listing
	// blobs returns the data of the requested blobs by OID, and the
	// repositories whose blobs could not be read.
	blobs(ctx context.Context, reqs []blobReq) (map[string][]byte, map[*repoMeta]error)
}

// listing is what listing one repository's files gave: its wanted files,
// and its environments when the listing read them too.
type listing struct {
	refs      []fileRef
	envs      []string
	envsKnown bool
	// commit is the commit the files were listed at, when the listing
	// says.
	commit string
	err    error
}

// blobReq is one blob to read, of one repository.
type blobReq struct {
	repo *repoMeta
	ref  fileRef
}

// restFetcher reads files through the REST API: the repository's tarball
// (one metered request; the archive download it redirects to is not
// metered, and only its first entries are read), or, when that fails, the
// root tree, the .github subtree (recursive), then each wanted blob.
type restFetcher struct{ c *Client }

func (restFetcher) name() string { return TransportREST }
func (restFetcher) batch() int   { return 1 }

func (f restFetcher) list(ctx context.Context, repos []*repoMeta) []listing {
	out := make([]listing, len(repos))
	for i, r := range repos {
		out[i].refs, out[i].commit, out[i].err = f.listOne(ctx, r)
	}
	return out
}

// listOne lists r's wanted files and, when the listing says, the commit
// they are at.
func (f restFetcher) listOne(ctx context.Context, r *repoMeta) ([]fileRef, string, error) {
	if refs, commit, err := f.c.tarball(ctx, r); err == nil {
		return refs, commit, nil
	} else if ctx.Err() != nil {
		return nil, "", err
	}
	refs, err := f.listTrees(ctx, r)
	return refs, "", err
}

func (f restFetcher) listTrees(ctx context.Context, r *repoMeta) ([]fileRef, error) {
	branch := r.DefaultBranch
	if branch == "" {
		branch = "HEAD"
	}
	root, _, err := f.c.gh.Git.GetTree(ctx, r.Owner, r.Name, branch, false)
	if err != nil {
		err = asRepoError(err)
		if s := statusOf(err); s == http.StatusConflict {
			return nil, nil // an empty repository
		}
		return nil, fmt.Errorf("read the tree of %s: %w", branch, err)
	}
	var out []fileRef
	ghTree := ""
	for _, e := range root.Entries {
		switch {
		case e.GetType() == "tree" && e.GetPath() == ".github":
			ghTree = e.GetSHA()
		case e.GetType() == "blob" && wantedFile(e.GetPath()):
			out = append(out, fileRef{Path: e.GetPath(), OID: e.GetSHA(), Size: int64(e.GetSize())})
		}
	}
	if ghTree == "" {
		return out, nil
	}
	sub, _, err := f.c.gh.Git.GetTree(ctx, r.Owner, r.Name, ghTree, true)
	if err != nil {
		return nil, fmt.Errorf("read the .github tree: %w", asRepoError(err))
	}
	for _, e := range sub.Entries {
		p := ".github/" + e.GetPath()
		if e.GetType() == "blob" && wantedFile(p) {
			out = append(out, fileRef{Path: p, OID: e.GetSHA(), Size: int64(e.GetSize())})
		}
	}
	if sub.GetTruncated() {
		return out, &repoError{Msg: "the .github tree is too large to list in one answer (truncated)"}
	}
	return out, nil
}

func (f restFetcher) blobs(ctx context.Context, reqs []blobReq) (map[string][]byte, map[*repoMeta]error) {
	out := map[string][]byte{}
	errs := map[*repoMeta]error{}
	for _, q := range reqs {
		if errs[q.repo] != nil {
			continue
		}
		b, _, err := f.c.gh.Git.GetBlobRaw(ctx, q.repo.Owner, q.repo.Name, q.ref.OID)
		if err != nil {
			errs[q.repo] = fmt.Errorf("read %s: %w", q.ref.Path, asRepoError(err))
			continue
		}
		out[q.ref.OID] = b
	}
	return out, errs
}

// snapshot is the cached list of a repository's wanted files, valid while
// the repository's default branch and pushed_at are unchanged.
type snapshot struct {
	Key   string    `json:"key"`
	Files []fileRef `json:"files"`
	// Commit is the commit they were listed at, when known.
	Commit string `json:"commit,omitempty"`
}

func snapshotKey(r *repoMeta) string {
	return hashKey(r.full(), fmt.Sprint(r.ID), r.DefaultBranch, time.Unix(r.PushedAt, 0).UTC().Format("2006-01-02T15:04:05Z"))
}

// cachedSnapshot returns a repository's wanted files as an earlier scan
// listed them, when nothing was pushed since.
func (c *Client) cachedSnapshot(r *repoMeta) ([]fileRef, bool) {
	if r.PushedAt == 0 {
		return nil, false
	}
	b, ok := c.cache.read("repos", hashKey(strings.ToLower(r.full())))
	if !ok {
		return nil, false
	}
	var s snapshot
	if json.Unmarshal(b, &s) != nil || s.Key != snapshotKey(r) {
		return nil, false
	}
	for _, f := range s.Files {
		if !validOID(f.OID) || !wantedFile(f.Path) || !cleanPath(f.Path) {
			return nil, false
		}
	}
	if s.Files == nil {
		s.Files = []fileRef{}
	}
	return s.Files, true
}

// cachedBlobs returns the content of refs when the cache holds every blob.
func (c *Client) cachedBlobs(refs []fileRef) ([]scanner.File, bool) {
	files := make([]scanner.File, 0, len(refs))
	for _, f := range refs {
		data, ok := c.cache.readBlob(f.OID)
		if !ok {
			return nil, false
		}
		files = append(files, scanner.File{Path: f.Path, Data: data})
	}
	return files, true
}

// snapshotCommit is the commit of a repository's cached listing, when it
// is still valid and says.
func (c *Client) snapshotCommit(r *repoMeta) string {
	if r.PushedAt == 0 {
		return ""
	}
	b, ok := c.cache.read("repos", hashKey(strings.ToLower(r.full())))
	if !ok {
		return ""
	}
	var s snapshot
	if json.Unmarshal(b, &s) != nil || s.Key != snapshotKey(r) || !validOID(s.Commit) {
		return ""
	}
	return s.Commit
}

func (c *Client) saveSnapshot(r *repoMeta, refs []fileRef, commit string) {
	if r.PushedAt == 0 || c.cache.dir == "" {
		return
	}
	b, err := json.Marshal(snapshot{Key: snapshotKey(r), Files: refs, Commit: commit})
	if err == nil {
		_ = c.cache.write("repos", hashKey(strings.ToLower(r.full())), b)
	}
}

// fetched is what reading one repository's files gave.
type fetched struct {
	refs  []fileRef      // the files read
	files []scanner.File // their content, in refs order
	// dropped are listed files that were not read, each with its problem.
	dropped []fileRef
	// envs are the repository's environments when the listing read them.
	envs      []string
	envsKnown bool
	// commit is the commit the files were read at, when known; via the
	// transport that listed them.
	commit, via string
	err         error
}

// fetchBatch reads the wanted files of repos through f: list those whose
// files are not known yet (listed[i] nil), check each listing and keep it
// for the next scan, then read the blobs not in the cache (cached
// afterwards). A listing is kept before its blobs are read, so a scan
// stopped between the two lists the repository only once. Results are by
// index.
func (c *Client) fetchBatch(ctx context.Context, f fetcher, repos []*repoMeta, listed [][]fileRef) []fetched {
	out := make([]fetched, len(repos))
	for i := range out {
		out[i].via = f.name()
	}
	var toList []*repoMeta
	var at []int
	for i, r := range repos {
		if listed[i] == nil {
			toList = append(toList, r)
			at = append(at, i)
		} else {
			out[i].refs = listed[i]
		}
	}
	if len(toList) > 0 {
		for k, l := range f.list(ctx, toList) {
			i := at[k]
			out[i].envs, out[i].envsKnown = l.envs, l.envsKnown
			if out[i].err = l.err; l.err != nil {
				continue
			}
			out[i].commit = l.commit
			out[i].refs, out[i].dropped = checkListing(l.refs)
			if len(out[i].dropped) == 0 {
				c.saveSnapshot(repos[i], out[i].refs, l.commit)
			}
		}
	}
	data := map[string][]byte{}
	var need []blobReq
	for i, r := range repos {
		if out[i].err != nil {
			continue
		}
		for _, ref := range out[i].refs {
			if _, ok := data[ref.OID]; ok {
				continue
			}
			if ref.data != nil && gitBlobID(ref.data) == ref.OID {
				data[ref.OID] = ref.data
				c.cache.writeBlob(ref.OID, ref.data)
				continue
			}
			if b, ok := c.cache.readBlob(ref.OID); ok {
				data[ref.OID] = b
			} else {
				need = append(need, blobReq{repo: r, ref: ref})
			}
		}
	}
	if len(need) > 0 {
		got, berrs := f.blobs(ctx, need)
		for _, q := range need {
			b, ok := got[q.ref.OID]
			if !ok {
				continue
			}
			if gitBlobID(b) != q.ref.OID {
				// Truncated, re-encoded or forged: never scanned or cached.
				if berrs[q.repo] == nil {
					berrs[q.repo] = &repoError{Msg: fmt.Sprintf("%s: the content the server sent is not the content of object %s", q.ref.Path, q.ref.OID)}
				}
				continue
			}
			data[q.ref.OID] = b
			c.cache.writeBlob(q.ref.OID, b)
		}
		for i, r := range repos {
			if e := berrs[r]; e != nil && out[i].err == nil {
				out[i].err = e
			}
		}
	}
	for i := range out {
		if out[i].err != nil {
			continue
		}
		fs := make([]scanner.File, 0, len(out[i].refs))
		for _, ref := range out[i].refs {
			b, ok := data[ref.OID]
			if !ok {
				out[i].err = &repoError{Msg: fmt.Sprintf("%s: no content in the answer", ref.Path)}
				break
			}
			fs = append(fs, scanner.File{Path: ref.Path, Data: b})
		}
		if out[i].err == nil {
			out[i].files = fs
		}
	}
	return out
}

// checkListing splits a repository's listed files into those to read and
// those that are not: a path that is not clean inside the repository, a
// malformed object id, a path listed twice (the first is read).
func checkListing(refs []fileRef) (ok, dropped []fileRef) {
	seen := make(map[string]bool, len(refs))
	for _, r := range refs {
		switch {
		case r.problem != "":
		case !cleanPath(r.Path):
			r.problem = fmt.Sprintf("the server listed a file at %q, which is not a clean path inside the repository", r.Path)
		case !validOID(r.OID):
			r.problem = "the server listed it with a malformed object id"
		case seen[r.Path]:
			r.problem = "the server listed this path twice; the first copy was read"
		}
		if r.problem != "" {
			dropped = append(dropped, r)
			continue
		}
		seen[r.Path] = true
		ok = append(ok, r)
	}
	return ok, dropped
}

// cleanPath reports whether p is a clean relative path inside a
// repository: no leading slash, no empty, "." or ".." part, no backslash
// and no control character.
func cleanPath(p string) bool {
	if p == "" || path.Clean(p) != p || p == ".." || strings.HasPrefix(p, "../") || strings.HasPrefix(p, "/") {
		return false
	}
	for _, c := range p {
		if c < 0x20 || c == 0x7f || c == '\\' {
			return false
		}
	}
	return true
}

// droppedErrors are the input errors of files listed but not read.
func droppedErrors(repo string, dropped []fileRef) []inventory.InputError {
	out := make([]inventory.InputError, 0, len(dropped))
	for _, d := range dropped {
		e := inventory.InputError{Repo: repo, Message: "not read: " + d.problem}
		if cleanPath(d.Path) {
			e.File = d.Path
		}
		out = append(out, e)
	}
	return out
}
