// Package fakegithub is an in-process fake of the GitHub REST and GraphQL
// APIs for tests: the endpoints pat2app reads (repositories, git trees and
// blobs, Actions secrets, environments, fine-grained PATs, credential
// authorizations, App installation tokens, GraphQL repository objects), with
// the behaviour long scans meet: Link pagination, X-RateLimit-* headers and
// primary limits, secondary limits with Retry-After, 502s, installation
// tokens that expire, ETags and 304s, and request latency; and, for the
// hostile-server tests, answers that hang, drip, never end, page forever,
// redirect elsewhere or lie about content (Hostile, Config).
package fakegithub

import (
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// Repo is one repository of the fake.
type Repo struct {
	Owner, Name   string
	ID            int64
	DefaultBranch string // "main" when empty
	Visibility    string // public, private, internal ("private" when empty)
	Archived      bool
	Fork          bool
	Disabled      bool
	PushedAt      time.Time
	// Files maps repository paths to content; no files is an empty
	// repository.
	Files map[string]string
	// Secrets are repository Actions secret names; Environments maps
	// environment names to their secret names.
	Secrets      []string
	Environments map[string][]string
	// Variables are repository Actions variable names.
	Variables []string
	// Refuse, when set, is the status (403, 404) of every read of the
	// repository's content and secrets, REST and GraphQL alike.
	Refuse int
	// Tags name the repository's one commit too (an action's v1, v2).
	Tags []string

	root string // root tree id
}

// FullName is owner/name.
func (r *Repo) FullName() string { return r.Owner + "/" + r.Name }

// OrgSecret is an organisation Actions secret.
type OrgSecret struct {
	Name       string
	Visibility string // all, private, selected
	Repos      []string
}

// PAT is a fine-grained personal access token with access to the org.
type PAT struct {
	ID          int64
	Owner, Name string
	ExpiresAt   time.Time
	LastUsedAt  time.Time
	Permissions map[string]string // repository permissions
	Selection   string            // all, subset
	Repos       []string          // owner/name, for Selection subset
}

// CredentialAuthorization is an SSO credential authorization.
type CredentialAuthorization struct {
	Login  string
	Note   string
	Scopes []string
}

// Org is an organisation of the fake.
type Org struct {
	Login       string
	Repos       []*Repo
	Secrets     []OrgSecret
	PATs        []PAT
	CredAuths   []CredentialAuthorization
	RefusePATs  bool // 403 on personal-access-tokens and credential-authorizations
	Installed   int64
	RefuseOrgSc bool // 403 on organisation secrets (and variables)
	Variables   []OrgVariable
}

// gitObject is a blob or a tree.
type gitObject struct {
	id      string
	tree    bool
	data    []byte
	entries []treeEntry
}

type treeEntry struct {
	name string
	obj  *gitObject
}

func gitID(kind string, body []byte) string {
	h := sha1.New()
	fmt.Fprintf(h, "%s %d\x00", kind, len(body))
	h.Write(body)
	return hex.EncodeToString(h.Sum(nil))
}

// buildTree makes git objects of files and records them in objs.
func buildTree(files map[string]string, objs map[string]*gitObject) *gitObject {
	type dir struct {
		files map[string]string
		dirs  map[string]map[string]string
	}
	d := dir{files: map[string]string{}, dirs: map[string]map[string]string{}}
	for p, c := range files {
		head, rest, ok := strings.Cut(p, "/")
		if !ok {
			d.files[head] = c
			continue
		}
		if d.dirs[head] == nil {
			d.dirs[head] = map[string]string{}
		}
		d.dirs[head][rest] = c
	}
	t := &gitObject{tree: true}
	for n, c := range d.files {
		b := &gitObject{data: []byte(c)}
		b.id = gitID("blob", b.data)
		objs[b.id] = b
		t.entries = append(t.entries, treeEntry{name: n, obj: b})
	}
	for n, sub := range d.dirs {
		t.entries = append(t.entries, treeEntry{name: n, obj: buildTree(sub, objs)})
	}
	sort.Slice(t.entries, func(i, j int) bool { return t.entries[i].name < t.entries[j].name })
	var body []byte
	for _, e := range t.entries {
		mode := "100644"
		if e.obj.tree {
			mode = "40000"
		}
		raw, _ := hex.DecodeString(e.obj.id)
		body = append(body, []byte(mode+" "+e.name+"\x00")...)
		body = append(body, raw...)
	}
	t.id = gitID("tree", body)
	t.data = body
	objs[t.id] = t
	return t
}

// LoadDir reads every file under dir into a map of slash paths (for
// testdata/demo-org/<repo>/...).
func LoadDir(dir string) (map[string]string, error) {
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if d.Name() == ".git" {
				return filepath.SkipDir
			}
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		files[filepath.ToSlash(rel)] = string(b)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", dir, err)
	}
	return files, nil
}
