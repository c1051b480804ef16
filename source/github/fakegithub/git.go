package fakegithub

import (
	"bufio"
	"bytes"
	"compress/zlib"
	"crypto/sha1"
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
)

// The git smart-HTTP host, protocol v2: info/refs advertises ls-refs and
// fetch (with filter); git-upload-pack answers ls-refs and fetch commands
// with packs honouring blob:none and tree:<depth> filters. Not metered.

func pktLine(b *bytes.Buffer, s string) { fmt.Fprintf(b, "%04x%s", len(s)+4, s) }

func (s *Server) gitAuthorized(r *http.Request) bool {
	a := strings.TrimPrefix(r.Header.Get("Authorization"), "Basic ")
	raw, err := base64.StdEncoding.DecodeString(a)
	if err != nil {
		return false
	}
	_, pw, _ := strings.Cut(string(raw), ":")
	if pw != "" && pw == s.cfg.Token {
		return true
	}
	s.mu.Lock()
	issued, ok := s.tokens[pw]
	s.mu.Unlock()
	return ok && s.cfg.Now().Sub(issued) < s.cfg.TokenTTL
}

// serveGit answers /{owner}/{repo}.git/info/refs and /git-upload-pack.
func (s *Server) serveGit(w http.ResponseWriter, r *http.Request, p string) {
	s.gitN.Add(1)
	repoPath, op, _ := strings.Cut(p, ".git/")
	s.mu.Lock()
	rp := s.repos[strings.ToLower(repoPath)]
	s.mu.Unlock()
	if !s.gitAuthorized(r) {
		s.u401.Add(1)
		w.Header().Set("WWW-Authenticate", `Basic realm="GitHub"`)
		http.Error(w, "Invalid username or token.", http.StatusUnauthorized)
		return
	}
	if rp == nil || rp.Refuse != 0 {
		http.Error(w, "Repository not found.", http.StatusNotFound)
		return
	}
	switch {
	case op == "info/refs" && r.Method == http.MethodGet && r.URL.Query().Get("service") == "git-upload-pack":
		var b bytes.Buffer
		pktLine(&b, "version 2\n")
		pktLine(&b, "agent=git/fake\n")
		pktLine(&b, "ls-refs=unborn\n")
		pktLine(&b, "fetch=shallow filter\n")
		pktLine(&b, "object-format=sha1\n")
		b.WriteString("0000")
		w.Header().Set("Content-Type", "application/x-git-upload-pack-advertisement")
		_, _ = w.Write(b.Bytes())
	case op == "git-upload-pack" && r.Method == http.MethodPost:
		s.uploadPack(w, r, rp)
	default:
		http.Error(w, "not found", http.StatusNotFound)
	}
}

func (s *Server) uploadPack(w http.ResponseWriter, r *http.Request, rp *Repo) {
	if r.Header.Get("Git-Protocol") != "version=2" {
		http.Error(w, "the fake speaks protocol v2 only", http.StatusBadRequest)
		return
	}
	br := bufio.NewReader(io.LimitReader(r.Body, 1<<20))
	var command string
	var args []string
	inArgs := false
	for {
		var hdr [4]byte
		if _, err := io.ReadFull(br, hdr[:]); err != nil {
			http.Error(w, "bad request", http.StatusBadRequest)
			return
		}
		n, err := strconv.ParseUint(string(hdr[:]), 16, 16)
		if err != nil {
			http.Error(w, "bad pkt-line", http.StatusBadRequest)
			return
		}
		if n == 0 {
			break
		}
		if n == 1 {
			inArgs = true
			continue
		}
		line := make([]byte, n-4)
		if _, err := io.ReadFull(br, line); err != nil {
			http.Error(w, "bad pkt-line", http.StatusBadRequest)
			return
		}
		l := strings.TrimSuffix(string(line), "\n")
		if !inArgs {
			if c, ok := strings.CutPrefix(l, "command="); ok {
				command = c
			}
			continue
		}
		args = append(args, l)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var out bytes.Buffer
	switch command {
	case "ls-refs":
		if rp.commit != "" {
			pktLine(&out, rp.commit+" HEAD symref-target:refs/heads/"+rp.DefaultBranch+"\n")
		}
		out.WriteString("0000")
	case "fetch":
		var wants []string
		filter := ""
		for _, a := range args {
			if v, ok := strings.CutPrefix(a, "want "); ok {
				wants = append(wants, v)
			}
			if v, ok := strings.CutPrefix(a, "filter "); ok {
				filter = v
			}
		}
		objs, err := s.collect(wants, filter)
		if err != nil {
			pktLine(&out, "\x03"+err.Error()+"\n")
			out.WriteString("0000")
			break
		}
		pktLine(&out, "packfile\n")
		pack := s.writePack(objs)
		for len(pack) > 0 {
			n := min(len(pack), 65515)
			pktLine(&out, "\x01"+string(pack[:n]))
			pack = pack[n:]
		}
		out.WriteString("0000")
	default:
		http.Error(w, "unknown command", http.StatusBadRequest)
		return
	}
	w.Header().Set("Content-Type", "application/x-git-upload-pack-result")
	_, _ = w.Write(out.Bytes())
}

// collect is the objects a fetch of wants sends under filter.
func (s *Server) collect(wants []string, filter string) ([]*gitObject, error) {
	maxDepth, blobs, blobLimit := 1<<30, true, -1
	switch {
	case filter == "":
	case filter == "blob:none":
		blobs = false
	case strings.HasPrefix(filter, "blob:limit="):
		n, err := strconv.Atoi(strings.TrimPrefix(filter, "blob:limit="))
		if err != nil {
			return nil, fmt.Errorf("bad filter %q", filter)
		}
		blobLimit = n
	case strings.HasPrefix(filter, "tree:"):
		d, err := strconv.Atoi(strings.TrimPrefix(filter, "tree:"))
		if err != nil {
			return nil, fmt.Errorf("bad filter %q", filter)
		}
		maxDepth = d
	default:
		return nil, fmt.Errorf("unsupported filter %q", filter)
	}
	seen := map[string]bool{}
	var out []*gitObject
	add := func(o *gitObject) {
		if !seen[o.id] {
			seen[o.id] = true
			out = append(out, o)
		}
	}
	var walk func(t *gitObject, depth int)
	walk = func(t *gitObject, depth int) {
		if depth >= maxDepth {
			return
		}
		add(t)
		for _, e := range t.entries {
			if e.obj.tree {
				walk(e.obj, depth+1)
			} else if blobs && depth+1 < maxDepth && (blobLimit < 0 || len(e.obj.data) <= blobLimit) {
				add(e.obj)
			}
		}
	}
	for _, w := range wants {
		o := s.objs[w]
		if o == nil {
			return nil, fmt.Errorf("upload-pack: not our ref %s", w)
		}
		switch {
		case o.commit:
			add(o)
			walk(s.objs[o.treeID], 0)
		case o.tree:
			walk(o, 0)
		default:
			add(o)
		}
	}
	return out, nil
}

// writePack writes a version-2 pack; with GitDeltas, each blob after the
// first is an offset delta against the previous blob.
func (s *Server) writePack(objs []*gitObject) []byte {
	var b bytes.Buffer
	b.WriteString("PACK")
	b.Write([]byte{0, 0, 0, 2})
	n := len(objs)
	b.Write([]byte{byte(n >> 24), byte(n >> 16), byte(n >> 8), byte(n)})
	prevBlob, prevOff := (*gitObject)(nil), 0
	for _, o := range objs {
		off := b.Len()
		typ, data := 3, o.data
		switch {
		case o.commit:
			typ = 1
		case o.tree:
			typ = 2
		}
		if typ == 3 && s.cfg.GitDeltas && prevBlob != nil {
			data = makeDelta(prevBlob.data, o.data)
			writeObjHeader(&b, 6, len(data))
			// Offset encoding of the distance back to the base.
			dist := off - prevOff
			enc := []byte{byte(dist & 0x7f)}
			for dist >>= 7; dist > 0; dist >>= 7 {
				dist--
				enc = append([]byte{byte(0x80 | (dist & 0x7f))}, enc...)
			}
			b.Write(enc)
		} else {
			writeObjHeader(&b, typ, len(data))
		}
		zw := zlib.NewWriter(&b)
		_, _ = zw.Write(data)
		_ = zw.Close()
		if typ == 3 {
			prevBlob, prevOff = o, off
		}
	}
	sum := sha1.Sum(b.Bytes())
	b.Write(sum[:])
	return b.Bytes()
}

func writeObjHeader(b *bytes.Buffer, typ, size int) {
	c := byte(typ<<4) | byte(size&15)
	size >>= 4
	for size > 0 {
		b.WriteByte(c | 0x80)
		c = byte(size & 0x7f)
		size >>= 7
	}
	b.WriteByte(c)
}

// makeDelta copies the common prefix from base and inserts the rest.
func makeDelta(base, target []byte) []byte {
	var d bytes.Buffer
	varint := func(v int) {
		for {
			c := byte(v & 0x7f)
			v >>= 7
			if v > 0 {
				d.WriteByte(c | 0x80)
				continue
			}
			d.WriteByte(c)
			return
		}
	}
	varint(len(base))
	varint(len(target))
	p := 0
	for p < len(base) && p < len(target) && p < 0xffff && base[p] == target[p] {
		p++
	}
	if p > 0 {
		// copy offset 0, size p (two bytes)
		d.WriteByte(0x80 | 0x10 | 0x20)
		d.WriteByte(byte(p))
		d.WriteByte(byte(p >> 8))
	}
	for rest := target[p:]; len(rest) > 0; {
		n := min(len(rest), 127)
		d.WriteByte(byte(n))
		d.Write(rest[:n])
		rest = rest[n:]
	}
	return d.Bytes()
}
