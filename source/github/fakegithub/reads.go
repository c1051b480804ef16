package fakegithub

import (
	"fmt"
	"strconv"
	"strings"
)

// The read log: what each metered answer (one that spent the rate limit:
// not a 304, not a refusal) read of which repository, so tests can check
// that no repository is read twice over metered requests.

// Reads returns how many metered answers read each thing of a repository,
// keyed "owner/name what": "tarball", "tree REF", "blob OID", "secrets",
// "environments", "environment ENV secrets", "repository", "contents PATH", and over GraphQL
// "graphql tree EXPRESSION", "blob OID" and "graphql environments".
func (s *Server) Reads() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]int, len(s.reads))
	for k, v := range s.reads {
		out[k] = v
	}
	return out
}

// logRead records one metered read; s.mu is not held.
func (s *Server) logRead(key string) {
	if key == "" {
		return
	}
	s.mu.Lock()
	if s.reads == nil {
		s.reads = map[string]int{}
	}
	s.reads[key]++
	s.mu.Unlock()
}

// restReadKey is what a REST GET of path segments seg reads, or "".
func (s *Server) restReadKey(seg []string) string {
	switch {
	case len(seg) >= 3 && seg[0] == "repos":
		repo := seg[1] + "/" + seg[2]
		rest := seg[3:]
		switch {
		case len(rest) == 0:
			return repo + " repository"
		case len(rest) == 2 && rest[0] == "tarball":
			return repo + " tarball"
		case len(rest) == 3 && rest[0] == "git" && rest[1] == "trees":
			return repo + " tree " + rest[2]
		case len(rest) == 3 && rest[0] == "git" && rest[1] == "blobs":
			return repo + " blob " + rest[2]
		case len(rest) == 2 && rest[0] == "actions" && rest[1] == "secrets":
			return repo + " secrets"
		case len(rest) == 1 && rest[0] == "environments":
			return repo + " environments"
		case len(rest) >= 2 && rest[0] == "contents":
			return repo + " contents " + strings.Join(rest[1:], "/")
		}
	case len(seg) == 5 && seg[0] == "repositories" && seg[2] == "environments" && seg[4] == "secrets":
		id, _ := strconv.ParseInt(seg[1], 10, 64)
		s.mu.Lock()
		defer s.mu.Unlock()
		for _, rp := range s.repos {
			if rp.ID == id {
				return rp.FullName() + " environment " + seg[3] + " secrets"
			}
		}
	}
	return ""
}

// graphqlReadKeys are what a query's repository selections read.
func graphqlReadKeys(sels []selection) []string {
	var out []string
	for _, sel := range sels {
		if sel.name != "repository" {
			continue
		}
		repo := fmt.Sprintf("%v/%v", sel.args["owner"], sel.args["name"])
		for _, sub := range sel.sub {
			switch {
			case sub.name == "object" && sub.args["oid"] != nil:
				out = append(out, fmt.Sprintf("%s blob %v", repo, sub.args["oid"]))
			case sub.name == "object":
				out = append(out, fmt.Sprintf("%s graphql tree %v", repo, sub.args["expression"]))
			case sub.name == "environments":
				out = append(out, repo+" graphql environments")
			}
		}
	}
	return out
}
