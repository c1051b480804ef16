package fakegithub

import (
	"cmp"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"
)

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

func notFound() (int, []byte, bool, string) {
	return http.StatusNotFound, mustJSON(map[string]string{"message": "Not Found", "documentation_url": "https://docs.github.com/rest"}), false, ""
}

func refusedAnswer(status int) (int, []byte, bool, string) {
	msg := "Resource not accessible by integration"
	if status == http.StatusNotFound {
		msg = "Not Found"
	}
	return status, mustJSON(map[string]string{"message": msg, "documentation_url": "https://docs.github.com/rest"}), false, ""
}

func (s *Server) repoJSON(r *Repo) map[string]any {
	return map[string]any{
		"id": r.ID, "name": r.Name, "full_name": r.FullName(), "owner": map[string]any{"login": r.Owner},
		"private": r.Visibility != "public", "visibility": r.Visibility, "archived": r.Archived, "fork": r.Fork,
		"disabled": r.Disabled, "default_branch": r.DefaultBranch, "html_url": s.URL + "/" + r.FullName(),
		"clone_url": cmp.Or(s.cfg.CloneURLBase, s.URL) + "/" + r.FullName() + ".git",
		"pushed_at": r.PushedAt.UTC().Format(time.RFC3339), "size": len(r.Files),
	}
}

// route answers REST GETs: status, body, whether the body is raw, and the
// Link header.
func (s *Server) route(r *http.Request, seg []string) (int, []byte, bool, string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case len(seg) == 3 && seg[0] == "orgs" && seg[2] == "repos":
		o := s.orgs[strings.ToLower(seg[1])]
		if o == nil {
			return notFound()
		}
		// Page first: building every repository's JSON per page would
		// make the fake's garbage dominate memory figures.
		pg, link := page(r, o.Repos)
		items := make([]map[string]any, 0, len(pg))
		for _, rp := range pg {
			items = append(items, s.repoJSON(rp))
		}
		return http.StatusOK, mustJSON(items), false, link
	case len(seg) == 4 && seg[0] == "orgs" && seg[2] == "actions" && seg[3] == "secrets":
		o := s.orgs[strings.ToLower(seg[1])]
		if o == nil {
			return notFound()
		}
		if o.RefuseOrgSc {
			return refusedAnswer(http.StatusForbidden)
		}
		items := []map[string]any{}
		for _, sc := range o.Secrets {
			items = append(items, map[string]any{"name": sc.Name, "visibility": sc.Visibility,
				"created_at": "2025-01-01T00:00:00Z", "updated_at": "2025-01-01T00:00:00Z"})
		}
		pg, link := page(r, items)
		return http.StatusOK, mustJSON(map[string]any{"total_count": len(items), "secrets": pg}), false, link
	case len(seg) == 6 && seg[0] == "orgs" && seg[2] == "actions" && seg[3] == "secrets" && seg[5] == "repositories":
		o := s.orgs[strings.ToLower(seg[1])]
		if o == nil {
			return notFound()
		}
		for _, sc := range o.Secrets {
			if sc.Name == seg[4] {
				items := []map[string]any{}
				for _, full := range sc.Repos {
					if rp := s.repos[strings.ToLower(full)]; rp != nil {
						items = append(items, s.repoJSON(rp))
					}
				}
				pg, link := page(r, items)
				return http.StatusOK, mustJSON(map[string]any{"total_count": len(items), "repositories": pg}), false, link
			}
		}
		return notFound()
	case len(seg) == 3 && seg[0] == "orgs" && (seg[2] == "personal-access-tokens" || seg[2] == "credential-authorizations"):
		o := s.orgs[strings.ToLower(seg[1])]
		if o == nil {
			return notFound()
		}
		if o.RefusePATs {
			return refusedAnswer(http.StatusForbidden)
		}
		items := []map[string]any{}
		if seg[2] == "personal-access-tokens" {
			for _, p := range o.PATs {
				items = append(items, map[string]any{"id": p.ID, "owner": map[string]any{"login": p.Owner}, "token_name": p.Name,
					"token_expires_at": p.ExpiresAt.UTC().Format(time.RFC3339), "token_last_used_at": p.LastUsedAt.UTC().Format(time.RFC3339),
					"repository_selection": p.Selection, "permissions": map[string]any{"repository": p.Permissions}})
			}
		} else {
			for _, c := range o.CredAuths {
				items = append(items, map[string]any{"login": c.Login, "credential_type": "personal access token",
					"authorized_credential_note": c.Note, "scopes": c.Scopes, "credential_accessed_at": "2026-01-01T00:00:00Z"})
			}
		}
		pg, link := page(r, items)
		return http.StatusOK, mustJSON(pg), false, link
	case len(seg) == 5 && seg[0] == "repositories" && seg[2] == "environments" && seg[4] == "secrets":
		// /repositories/{id}/environments/{env}/secrets
		id, _ := strconv.ParseInt(seg[1], 10, 64)
		for _, rp := range s.repos {
			if rp.ID != id {
				continue
			}
			if rp.Refuse != 0 {
				return refusedAnswer(rp.Refuse)
			}
			names, ok := rp.Environments[seg[3]]
			if !ok {
				return notFound()
			}
			return secretsList(r, names)
		}
		return notFound()
	case len(seg) >= 3 && seg[0] == "repos":
		rp := s.repos[strings.ToLower(seg[1]+"/"+seg[2])]
		if rp == nil {
			return notFound()
		}
		return s.repoRoute(r, rp, seg[3:])
	}
	return notFound()
}

func secretsList(r *http.Request, names []string) (int, []byte, bool, string) {
	items := []map[string]any{}
	for _, n := range names {
		items = append(items, map[string]any{"name": n, "created_at": "2025-01-01T00:00:00Z", "updated_at": "2025-01-01T00:00:00Z"})
	}
	pg, link := page(r, items)
	return http.StatusOK, mustJSON(map[string]any{"total_count": len(items), "secrets": pg}), false, link
}

func (s *Server) repoRoute(r *http.Request, rp *Repo, rest []string) (int, []byte, bool, string) {
	if len(rest) == 0 {
		if rp.Refuse == http.StatusNotFound {
			return notFound()
		}
		return http.StatusOK, mustJSON(s.repoJSON(rp)), false, ""
	}
	if rp.Refuse != 0 {
		return refusedAnswer(rp.Refuse)
	}
	switch {
	case len(rest) == 2 && rest[0] == "actions" && rest[1] == "secrets":
		return secretsList(r, rp.Secrets)
	case len(rest) == 1 && rest[0] == "environments":
		names := make([]string, 0, len(rp.Environments))
		for n := range rp.Environments {
			names = append(names, n)
		}
		sort.Strings(names) // the same answer (and ETag) every time
		items := []map[string]any{}
		for _, n := range names {
			items = append(items, map[string]any{"name": n, "id": len(items) + 1})
		}
		pg, link := page(r, items)
		return http.StatusOK, mustJSON(map[string]any{"total_count": len(items), "environments": pg}), false, link
	case len(rest) == 3 && rest[0] == "git" && rest[1] == "trees":
		ref := rest[2]
		var t *gitObject
		if ref == rp.DefaultBranch || ref == "HEAD" {
			if rp.root == "" {
				return http.StatusConflict, mustJSON(map[string]string{"message": "Git Repository is empty."}), false, ""
			}
			t = s.objs[rp.root]
		} else {
			t = s.objs[ref]
		}
		if t == nil || !t.tree {
			return notFound()
		}
		var entries []map[string]any
		var walk func(prefix string, t *gitObject)
		walk = func(prefix string, t *gitObject) {
			for _, e := range t.entries {
				m := map[string]any{"path": prefix + e.name, "sha": e.obj.id, "mode": "100644", "type": "blob",
					"url": s.URL + "/repos/" + rp.FullName() + "/git/blobs/" + e.obj.id}
				if e.obj.tree {
					m["mode"], m["type"] = "040000", "tree"
				} else {
					m["size"] = len(e.obj.data)
				}
				entries = append(entries, m)
				if e.obj.tree && r.URL.Query().Get("recursive") != "" {
					walk(prefix+e.name+"/", e.obj)
				}
			}
		}
		walk("", t)
		return http.StatusOK, mustJSON(map[string]any{"sha": t.id, "tree": entries, "truncated": false}), false, ""
	case len(rest) == 2 && rest[0] == "commits":
		// The repository has one commit, named by its default branch,
		// HEAD, its tags and its id.
		commit, ok := rp.commitOf(rest[1])
		if !ok {
			return http.StatusUnprocessableEntity, mustJSON(map[string]string{"message": "No commit found for SHA: " + rest[1]}), false, ""
		}
		if strings.Contains(r.Header.Get("Accept"), "sha") {
			return http.StatusOK, []byte(commit), true, ""
		}
		return http.StatusOK, mustJSON(map[string]any{"sha": commit}), false, ""
	case len(rest) == 3 && rest[0] == "git" && rest[1] == "blobs":
		b := s.objs[rest[2]]
		if b == nil || b.tree {
			return notFound()
		}
		data := s.blobData(b)
		if strings.Contains(r.Header.Get("Accept"), "raw") {
			return http.StatusOK, data, true, ""
		}
		return http.StatusOK, mustJSON(map[string]any{"sha": b.id, "size": len(data), "encoding": "base64",
			"content": base64.StdEncoding.EncodeToString(data)}), false, ""
	case len(rest) >= 1 && rest[0] == "contents":
		return s.contents(r, rp, rest[1:])
	}
	return notFound()
}

// contents answers GET /repos/{owner}/{repo}/contents/{path}?ref=: a
// file with its content, or a folder's entries.
func (s *Server) contents(r *http.Request, rp *Repo, parts []string) (int, []byte, bool, string) {
	ref := r.URL.Query().Get("ref")
	if ref == "" {
		ref = "HEAD"
	}
	if _, ok := rp.commitOf(ref); !ok {
		return notFound()
	}
	cur := s.objs[rp.root]
	var names []string
	for _, part := range parts {
		if part == "" {
			continue
		}
		var nxt *gitObject
		if cur.tree {
			for _, e := range cur.entries {
				if e.name == part {
					nxt = e.obj
				}
			}
		}
		if nxt == nil {
			return notFound()
		}
		cur = nxt
		names = append(names, part)
	}
	p := strings.Join(names, "/")
	if !cur.tree {
		data := s.blobData(cur)
		return http.StatusOK, mustJSON(map[string]any{"type": "file", "name": path.Base(p), "path": p, "sha": cur.id,
			"size": len(cur.data), "encoding": "base64", "content": base64.StdEncoding.EncodeToString(data)}), false, ""
	}
	items := []map[string]any{}
	for _, e := range cur.entries {
		typ, size := "file", len(e.obj.data)
		if e.obj.tree {
			typ, size = "dir", 0
		}
		items = append(items, map[string]any{"type": typ, "name": e.name, "path": path.Join(p, e.name), "sha": e.obj.id, "size": size})
	}
	return http.StatusOK, mustJSON(items), false, ""
}

// blobData is what the fake serves as a blob's content: its own, or the
// poison configured for its id.
func (s *Server) blobData(b *gitObject) []byte {
	if p, ok := s.cfg.Poison[b.id]; ok {
		return []byte(p)
	}
	return b.data
}
