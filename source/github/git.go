package github

import (
	"bufio"
	"bytes"
	"compress/zlib"
	"context"
	"crypto/sha1"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
)

// The git smart-HTTP transport (protocol v2): ls-refs for HEAD, then narrow
// fetches — the commit and its root tree (filter tree:1), the .github tree
// with its blobs up to gitInlineBlobLimit (filter blob:limit), and any
// wanted blob left by id. None of it counts against the REST or GraphQL
// rate limits.

// Limits of what one git answer may hold.
const (
	maxPackBytes   = 64 << 20
	maxPackObjects = 200000
	// gitInlineBlobLimit is the largest blob fetched with the .github tree.
	gitInlineBlobLimit = 64 << 10
)

// gitFetcher reads files over git smart-HTTP.
type gitFetcher struct{ c *Client }

func (gitFetcher) name() string { return TransportGit }
func (gitFetcher) batch() int   { return 1 }

// gitAuth sends git requests with the token as basic auth, refreshing an
// App token once on 401, and lets only reads through (info/refs and
// git-upload-pack, never git-receive-pack).
type gitAuth struct {
	base   http.RoundTripper
	tokens TokenSource
}

func (g *gitAuth) RoundTrip(req *http.Request) (*http.Response, error) {
	okRead := (req.Method == http.MethodGet && strings.HasSuffix(req.URL.Path, "/info/refs") && req.URL.Query().Get("service") == "git-upload-pack") ||
		(req.Method == http.MethodPost && strings.HasSuffix(req.URL.Path, "/git-upload-pack"))
	if !okRead {
		return nil, fmt.Errorf("%s %s: %w", req.Method, req.URL.Path, errReadOnly)
	}
	for attempt := 0; ; attempt++ {
		tok, err := g.tokens.Token(req.Context())
		if err != nil {
			return nil, fmt.Errorf("get token: %w", err)
		}
		r := req.Clone(req.Context())
		if req.GetBody != nil {
			if r.Body, err = req.GetBody(); err != nil {
				return nil, fmt.Errorf("rewind request body: %w", err)
			}
		}
		r.Header.Set("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte("x-access-token:"+tok)))
		resp, err := g.base.RoundTrip(r)
		if err != nil || resp.StatusCode != http.StatusUnauthorized || attempt > 0 || !g.tokens.CanRefresh() {
			return resp, err
		}
		drain(resp)
		if _, err := g.tokens.Refresh(req.Context()); err != nil {
			return nil, fmt.Errorf("refresh token after 401: %w", err)
		}
	}
}

// pkt appends one pkt-line.
func pkt(b *bytes.Buffer, s string) {
	fmt.Fprintf(b, "%04x%s", len(s)+4, s)
}

// readPkt reads one pkt-line: its payload, or a special packet (0 flush,
// 1 delim, 2 response end) as nil with that code.
func readPkt(r io.Reader) ([]byte, int, error) {
	var hdr [4]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil {
		return nil, 0, err
	}
	n, err := strconv.ParseUint(string(hdr[:]), 16, 16)
	if err != nil {
		return nil, 0, fmt.Errorf("bad pkt-line length %q", hdr[:])
	}
	if n < 4 {
		return nil, int(n), nil
	}
	buf := make([]byte, n-4)
	if _, err := io.ReadFull(r, buf); err != nil {
		return nil, 0, err
	}
	return buf, -1, nil
}

// uploadPack posts one protocol-v2 command.
func (c *Client) uploadPack(ctx context.Context, repoURL string, body []byte) (*http.Response, error) {
	if err := c.gitHello(ctx, repoURL); err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, repoURL+"/git-upload-pack", bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/x-git-upload-pack-request")
	req.Header.Set("Accept", "application/x-git-upload-pack-result")
	req.Header.Set("Git-Protocol", "version=2")
	resp, err := c.gitHTTP.Do(req)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		drain(resp)
		return nil, &repoError{Status: resp.StatusCode, Msg: "git: " + http.StatusText(resp.StatusCode)}
	}
	return resp, nil
}

// gitHello does the capability advertisement, as git does before its
// first command, until one succeeds, and checks the server speaks protocol
// v2.
func (c *Client) gitHello(ctx context.Context, repoURL string) error {
	// One hello at a time: the others wait for its outcome.
	c.gitMu.Lock()
	defer c.gitMu.Unlock()
	if c.gitHelloOK {
		return nil
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, repoURL+"/info/refs?service=git-upload-pack", nil)
	if err != nil {
		return err
	}
	req.Header.Set("Git-Protocol", "version=2")
	resp, err := c.gitHTTP.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return &repoError{Status: resp.StatusCode, Msg: "git: " + http.StatusText(resp.StatusCode)}
	}
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<16))
	if !bytes.Contains(body, []byte("version 2")) {
		return &repoError{Msg: "git: the server does not speak protocol version 2"}
	}
	c.gitHelloOK = true
	return nil
}

// lsHead returns the commit HEAD points at, "" for an empty repository.
func (c *Client) lsHead(ctx context.Context, repoURL string) (string, error) {
	var b bytes.Buffer
	pkt(&b, "command=ls-refs\n")
	pkt(&b, "object-format=sha1\n")
	b.WriteString("0001")
	pkt(&b, "symrefs\n")
	pkt(&b, "ref-prefix HEAD\n")
	b.WriteString("0000")
	resp, err := c.uploadPack(ctx, repoURL, b.Bytes())
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	br := bufio.NewReader(resp.Body)
	head := ""
	for {
		line, code, err := readPkt(br)
		if err != nil {
			return "", fmt.Errorf("git ls-refs: %w", err)
		}
		if code == 0 {
			return head, nil
		}
		f := strings.Fields(string(line))
		if len(f) >= 2 && f[1] == "HEAD" && validOID(f[0]) && len(f[0]) == 40 {
			head = f[0]
		}
	}
}

// gitObj is an object of a received pack.
type gitObj struct {
	typ  int // 1 commit, 2 tree, 3 blob, 4 tag
	data []byte
}

var gitTypeNames = map[int]string{1: "commit", 2: "tree", 3: "blob", 4: "tag"}

// fetchObjects fetches wants (object ids) with an optional filter and
// returns the objects received, by id.
func (c *Client) fetchObjects(ctx context.Context, repoURL string, wants []string, filter string) (map[string]gitObj, error) {
	var b bytes.Buffer
	pkt(&b, "command=fetch\n")
	pkt(&b, "object-format=sha1\n")
	b.WriteString("0001")
	pkt(&b, "no-progress\n")
	for _, w := range wants {
		pkt(&b, "want "+w+"\n")
	}
	if filter != "" {
		pkt(&b, "filter "+filter+"\n")
	}
	pkt(&b, "done\n")
	b.WriteString("0000")
	resp, err := c.uploadPack(ctx, repoURL, b.Bytes())
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	pack, err := readPackSection(bufio.NewReader(io.LimitReader(resp.Body, maxPackBytes*2)))
	if err != nil {
		return nil, fmt.Errorf("git fetch: %w", err)
	}
	return parsePack(pack)
}

// readPackSection skips to the packfile section of a fetch answer and
// returns the pack, demultiplexed from side-band 1.
func readPackSection(r io.Reader) ([]byte, error) {
	for {
		line, code, err := readPkt(r)
		if err != nil {
			return nil, err
		}
		if code >= 0 {
			continue // end of a section (shallow-info, acknowledgments)
		}
		if strings.TrimSpace(string(line)) == "packfile" {
			break
		}
	}
	var pack bytes.Buffer
	for {
		line, code, err := readPkt(r)
		if err != nil {
			return nil, err
		}
		if code >= 0 {
			return pack.Bytes(), nil
		}
		if len(line) == 0 {
			continue
		}
		switch line[0] {
		case 1:
			if pack.Len()+len(line)-1 > maxPackBytes {
				return nil, fmt.Errorf("pack larger than %d bytes", maxPackBytes)
			}
			pack.Write(line[1:])
		case 2: // progress
		case 3:
			return nil, fmt.Errorf("server error: %s", strings.TrimSpace(string(line[1:])))
		default:
			return nil, fmt.Errorf("bad side-band %d", line[0])
		}
	}
}

// countingReader counts the bytes read through it (zlib reads byte by byte
// from an io.ByteReader, so no byte past an object is consumed).
type countingReader struct {
	r *bytes.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

func (c *countingReader) ReadByte() (byte, error) {
	b, err := c.r.ReadByte()
	if err == nil {
		c.n++
	}
	return b, err
}

// parsePack decodes a version-2 pack: whole objects and offset or
// reference deltas, checked against the trailing checksum.
func parsePack(pack []byte) (map[string]gitObj, error) {
	if len(pack) < 32 || string(pack[:4]) != "PACK" {
		return nil, errors.New("not a pack")
	}
	if v := be32(pack[4:]); v != 2 && v != 3 {
		return nil, fmt.Errorf("pack version %d", v)
	}
	sum := sha1.Sum(pack[:len(pack)-20])
	if !bytes.Equal(sum[:], pack[len(pack)-20:]) {
		return nil, errors.New("pack checksum mismatch")
	}
	count := be32(pack[8:])
	if count > maxPackObjects {
		return nil, fmt.Errorf("pack of %d objects", count)
	}
	cr := &countingReader{r: bytes.NewReader(pack[12 : len(pack)-20])}
	byOffset := map[int64]gitObj{}
	byID := map[string]gitObj{}
	type pending struct {
		base  string
		delta []byte
	}
	var refDeltas []pending
	for i := uint32(0); i < count; i++ {
		start := cr.n
		c, err := cr.ReadByte()
		if err != nil {
			return nil, fmt.Errorf("object %d: %w", i, err)
		}
		typ := int(c>>4) & 7
		size := int64(c & 15)
		for shift := 4; c&0x80 != 0; shift += 7 {
			if c, err = cr.ReadByte(); err != nil || shift > 56 {
				return nil, fmt.Errorf("object %d: bad header", i)
			}
			size |= int64(c&0x7f) << shift
		}
		if size > maxPackBytes {
			return nil, fmt.Errorf("object %d: %d bytes", i, size)
		}
		var baseOff int64 = -1
		var baseID string
		switch typ {
		case 6:
			c, err := cr.ReadByte()
			if err != nil {
				return nil, fmt.Errorf("object %d: %w", i, err)
			}
			off := int64(c & 0x7f)
			for c&0x80 != 0 {
				if c, err = cr.ReadByte(); err != nil || off > 1<<40 {
					return nil, fmt.Errorf("object %d: bad delta offset", i)
				}
				off = ((off + 1) << 7) | int64(c&0x7f)
			}
			baseOff = start - off
		case 7:
			var id [20]byte
			if _, err := io.ReadFull(cr, id[:]); err != nil {
				return nil, fmt.Errorf("object %d: %w", i, err)
			}
			baseID = hex.EncodeToString(id[:])
		case 1, 2, 3, 4:
		default:
			return nil, fmt.Errorf("object %d: type %d", i, typ)
		}
		zr, err := zlib.NewReader(cr)
		if err != nil {
			return nil, fmt.Errorf("object %d: %w", i, err)
		}
		data, err := io.ReadAll(io.LimitReader(zr, size+1))
		if err != nil {
			return nil, fmt.Errorf("object %d: %w", i, err)
		}
		// Consume the zlib trailer: ReadAll stopped at size+1 or EOF.
		if _, err := io.Copy(io.Discard, zr); err != nil {
			return nil, fmt.Errorf("object %d: %w", i, err)
		}
		zr.Close()
		if int64(len(data)) != size {
			return nil, fmt.Errorf("object %d: %d bytes, header says %d", i, len(data), size)
		}
		switch {
		case baseOff >= 0:
			base, ok := byOffset[baseOff]
			if !ok {
				return nil, fmt.Errorf("object %d: delta base not found", i)
			}
			out, err := applyDelta(base.data, data)
			if err != nil {
				return nil, fmt.Errorf("object %d: %w", i, err)
			}
			o := gitObj{typ: base.typ, data: out}
			byOffset[start] = o
			byID[objectID(o)] = o
		case baseID != "":
			refDeltas = append(refDeltas, pending{base: baseID, delta: data})
		default:
			o := gitObj{typ: typ, data: data}
			byOffset[start] = o
			byID[objectID(o)] = o
		}
	}
	for progress := true; progress && len(refDeltas) > 0; {
		progress = false
		rest := refDeltas[:0]
		for _, p := range refDeltas {
			base, ok := byID[p.base]
			if !ok {
				rest = append(rest, p)
				continue
			}
			out, err := applyDelta(base.data, p.delta)
			if err != nil {
				return nil, err
			}
			o := gitObj{typ: base.typ, data: out}
			byID[objectID(o)] = o
			progress = true
		}
		refDeltas = rest
	}
	if len(refDeltas) > 0 {
		return nil, errors.New("delta against an object not in the pack")
	}
	return byID, nil
}

func be32(b []byte) uint32 {
	return uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
}

func objectID(o gitObj) string {
	h := sha1.New()
	fmt.Fprintf(h, "%s %d\x00", gitTypeNames[o.typ], len(o.data))
	h.Write(o.data)
	return hex.EncodeToString(h.Sum(nil))
}

// applyDelta rebuilds an object from its base and a git delta.
func applyDelta(base, delta []byte) ([]byte, error) {
	p := 0
	varint := func() (int, error) {
		v, shift := 0, 0
		for {
			if p >= len(delta) || shift > 56 {
				return 0, errors.New("bad delta header")
			}
			c := delta[p]
			p++
			v |= int(c&0x7f) << shift
			shift += 7
			if c&0x80 == 0 {
				return v, nil
			}
		}
	}
	srcSize, err := varint()
	if err != nil {
		return nil, err
	}
	if srcSize != len(base) {
		return nil, errors.New("delta base size mismatch")
	}
	dstSize, err := varint()
	if err != nil {
		return nil, err
	}
	if dstSize > maxPackBytes {
		return nil, errors.New("delta result too large")
	}
	out := make([]byte, 0, dstSize)
	for p < len(delta) {
		op := delta[p]
		p++
		if op&0x80 != 0 {
			off, n := 0, 0
			for i := range 4 {
				if op&(1<<i) != 0 {
					if p >= len(delta) {
						return nil, errors.New("truncated delta copy")
					}
					off |= int(delta[p]) << (8 * i)
					p++
				}
			}
			for i := range 3 {
				if op&(0x10<<i) != 0 {
					if p >= len(delta) {
						return nil, errors.New("truncated delta copy")
					}
					n |= int(delta[p]) << (8 * i)
					p++
				}
			}
			if n == 0 {
				n = 0x10000
			}
			if off+n > len(base) || off < 0 {
				return nil, errors.New("delta copy out of range")
			}
			out = append(out, base[off:off+n]...)
		} else if op != 0 {
			n := int(op)
			if p+n > len(delta) {
				return nil, errors.New("truncated delta insert")
			}
			out = append(out, delta[p:p+n]...)
			p += n
		} else {
			return nil, errors.New("delta opcode 0")
		}
		if len(out) > dstSize {
			return nil, errors.New("delta result larger than announced")
		}
	}
	if len(out) != dstSize {
		return nil, errors.New("delta result size mismatch")
	}
	return out, nil
}

// treeEntries parses a git tree object.
type gitTreeEntry struct {
	mode, name, id string
}

func parseTree(data []byte) ([]gitTreeEntry, error) {
	var out []gitTreeEntry
	for len(data) > 0 {
		sp := bytes.IndexByte(data, ' ')
		nul := bytes.IndexByte(data, 0)
		if sp < 0 || nul < sp || nul+21 > len(data) {
			return nil, errors.New("bad tree entry")
		}
		out = append(out, gitTreeEntry{mode: string(data[:sp]), name: string(data[sp+1 : nul]), id: hex.EncodeToString(data[nul+1 : nul+21])})
		data = data[nul+21:]
	}
	return out, nil
}

func commitTree(data []byte) (string, error) {
	line, _, _ := bytes.Cut(data, []byte("\n"))
	id, ok := bytes.CutPrefix(line, []byte("tree "))
	if !ok || len(id) != 40 || !validOID(string(id)) {
		return "", errors.New("commit without a tree")
	}
	return string(id), nil
}

func (f gitFetcher) list(ctx context.Context, repos []*repoMeta) ([][]fileRef, []error) {
	refs := make([][]fileRef, len(repos))
	errs := make([]error, len(repos))
	for i, r := range repos {
		refs[i], errs[i] = f.listOne(ctx, r)
	}
	return refs, errs
}

func (f gitFetcher) listOne(ctx context.Context, r *repoMeta) ([]fileRef, error) {
	if r.CloneURL == "" {
		return nil, &repoError{Msg: "git: no clone URL"}
	}
	repoURL := strings.TrimSuffix(r.CloneURL, "/")
	head, err := f.c.lsHead(ctx, repoURL)
	if err != nil || head == "" {
		return nil, err // "" is an empty repository
	}
	objs, err := f.c.fetchObjects(ctx, repoURL, []string{head}, "tree:1")
	if err != nil {
		return nil, err
	}
	commit, ok := objs[head]
	if !ok || commit.typ != 1 {
		return nil, &repoError{Msg: "git: HEAD commit not in the answer"}
	}
	rootID, err := commitTree(commit.data)
	if err != nil {
		return nil, err
	}
	root, ok := objs[rootID]
	if !ok || root.typ != 2 {
		return nil, &repoError{Msg: "git: root tree not in the answer"}
	}
	entries, err := parseTree(root.data)
	if err != nil {
		return nil, err
	}
	var out []fileRef
	ghTree := ""
	for _, e := range entries {
		switch {
		case e.mode == "40000" && e.name == ".github":
			ghTree = e.id
		case strings.HasPrefix(e.mode, "100") && wantedFile(e.name):
			out = append(out, fileRef{Path: e.name, OID: e.id})
		}
	}
	if ghTree == "" {
		return out, nil
	}
	// The .github tree with its small blobs in one round trip: wanted
	// files over the limit are fetched by id afterwards.
	trees, err := f.c.fetchObjects(ctx, repoURL, []string{ghTree}, fmt.Sprintf("blob:limit=%d", gitInlineBlobLimit))
	if err != nil {
		return nil, err
	}
	var walk func(dir, id string, depth int) error
	walk = func(dir, id string, depth int) error {
		t, ok := trees[id]
		if !ok || t.typ != 2 || depth > 32 {
			return &repoError{Msg: "git: tree " + dir + " not in the answer"}
		}
		es, err := parseTree(t.data)
		if err != nil {
			return err
		}
		for _, e := range es {
			if e.name == "" || e.name == "." || e.name == ".." || strings.ContainsAny(e.name, "/\x00") {
				continue
			}
			p := dir + "/" + e.name
			switch {
			case e.mode == "40000":
				if err := walk(p, e.id, depth+1); err != nil {
					return err
				}
			case strings.HasPrefix(e.mode, "100") && wantedFile(p):
				ref := fileRef{Path: p, OID: e.id}
				if b, ok := trees[e.id]; ok && b.typ == 3 {
					ref.data, ref.Size = b.data, int64(len(b.data))
				}
				out = append(out, ref)
			}
		}
		return nil
	}
	if err := walk(".github", ghTree, 0); err != nil {
		return nil, err
	}
	return out, nil
}

func (f gitFetcher) blobs(ctx context.Context, reqs []blobReq) (map[string][]byte, map[*repoMeta]error) {
	out := map[string][]byte{}
	errs := map[*repoMeta]error{}
	for _, g := range groupByRepo(reqs) {
		r := g[0].repo
		wants := make([]string, 0, len(g))
		for _, q := range g {
			wants = append(wants, q.ref.OID)
		}
		objs, err := f.c.fetchObjects(ctx, strings.TrimSuffix(r.CloneURL, "/"), wants, "")
		if err != nil {
			errs[r] = err
			continue
		}
		for _, q := range g {
			o, ok := objs[q.ref.OID]
			if !ok || o.typ != 3 {
				errs[r] = &repoError{Msg: "git: " + q.ref.Path + " not in the answer"}
				break
			}
			out[q.ref.OID] = o.data
		}
	}
	return out, errs
}
