package fakegithub

import (
	"archive/tar"
	"compress/gzip"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"
)

// The archive host: tarball requests to the API answer 302 to it, and it
// serves .tar.gz archives without counting against the rate limit (as
// GitHub's archive host does), checking the short-lived token in the URL.

func (s *Server) startArchiveHost() {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.archiveN.Add(1)
		if s.cfg.Latency > 0 {
			time.Sleep(s.cfg.Latency)
		}
		seg := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
		if s.cfg.ArchiveGone || len(seg) != 4 || seg[2] != "tar.gz" || r.URL.Query().Get("token") != archiveToken(seg[3]) {
			http.NotFound(w, r)
			return
		}
		s.mu.Lock()
		rp := s.repos[strings.ToLower(seg[0]+"/"+seg[1])]
		var root *gitObject
		if rp != nil {
			root = s.objs[seg[3]]
		}
		s.mu.Unlock()
		if root == nil {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/x-gzip")
		zw := gzip.NewWriter(w)
		tw := tar.NewWriter(zw)
		top := rp.Owner + "-" + rp.Name + "-" + root.id[:7] + "/"
		// git archive names the commit in a global header.
		_ = tw.WriteHeader(&tar.Header{Typeflag: tar.TypeXGlobalHeader, Name: "pax_global_header", PAXRecords: map[string]string{"comment": gitID("commit", []byte("tree "+root.id+"\n"))}})
		_ = tw.WriteHeader(&tar.Header{Name: top, Typeflag: tar.TypeDir, Mode: 0o755})
		var walk func(prefix string, t *gitObject)
		walk = func(prefix string, t *gitObject) {
			for _, e := range t.entries {
				if e.obj.tree {
					_ = tw.WriteHeader(&tar.Header{Name: prefix + e.name + "/", Typeflag: tar.TypeDir, Mode: 0o755})
					walk(prefix+e.name+"/", e.obj)
					continue
				}
				_ = tw.WriteHeader(&tar.Header{Name: prefix + e.name, Typeflag: tar.TypeReg, Mode: 0o644, Size: int64(len(e.obj.data))})
				_, _ = tw.Write(e.obj.data)
			}
		}
		walk(top, root)
		_ = tw.Close()
		_ = zw.Close()
	})
	if s.cfg.TLS {
		s.archive = httptest.NewTLSServer(h)
	} else {
		s.archive = httptest.NewServer(h)
	}
}

func archiveToken(root string) string { return "t" + root[:min(8, len(root))] }

// tarballRedirect answers GET /repos/{o}/{r}/tarball/{ref}.
func (s *Server) tarballRedirect(w http.ResponseWriter, rp *Repo, ref string) {
	if rp.Refuse != 0 {
		message(w, rp.Refuse, "Not Found")
		return
	}
	if _, ok := rp.commitOf(ref); rp.root == "" || !ok {
		message(w, http.StatusNotFound, "Not Found")
		return
	}
	w.Header().Set("Location", s.archive.URL+"/"+rp.Owner+"/"+rp.Name+"/tar.gz/"+rp.root+"?token="+archiveToken(rp.root))
	w.WriteHeader(http.StatusFound)
}

// Commit is the id of the repository's one commit: made from its root
// tree, so it changes with its files.
func (r *Repo) Commit() string {
	if r.root == "" {
		return ""
	}
	return gitID("commit", []byte("tree "+r.root+"\n"))
}

// commitOf is the commit a ref names: the default branch, HEAD, a tag or
// the commit's own id.
func (r *Repo) commitOf(ref string) (string, bool) {
	c := r.Commit()
	if c == "" {
		return "", false
	}
	if ref == r.DefaultBranch || ref == "HEAD" || ref == c {
		return c, true
	}
	for _, t := range r.Tags {
		if ref == t {
			return c, true
		}
	}
	return "", false
}
