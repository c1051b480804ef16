package github

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// GraphQL batching limits.
const (
	graphqlRepoBatch = 25      // repositories per tree query
	graphqlBlobBatch = 60      // blobs per content query
	graphqlBlobBytes = 2 << 20 // content bytes per query
	graphqlTreeDepth = 6       // .github/a/b/c/d/e/action.yml
	// graphqlEnvironments is how many environments the tree query asks
	// of each repository; one with more has them listed over REST when
	// they are needed.
	graphqlEnvironments = 100
	maxGraphQLRetries   = 3
)

// graphqlFetcher reads files through GraphQL: one query lists the .github
// trees of many repositories (aliases), a second fetches the wanted blobs'
// text by object id.
type graphqlFetcher struct{ c *Client }

func (graphqlFetcher) name() string { return TransportGraphQL }
func (graphqlFetcher) batch() int   { return graphqlRepoBatch }

// gqlString quotes s as a GraphQL string literal.
func gqlString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// treeSelection selects a tree's entries depth levels down, names and ids
// only.
func treeSelection(depth int) string {
	s := "entries { name type oid"
	if depth > 1 {
		s += " object { ... on Tree { " + treeSelection(depth-1) + " } }"
	}
	return s + " }"
}

// treeQuery lists the .github trees (and root action files) of repos, and
// with envs their environments too (the first graphqlEnvironments).
func treeQuery(repos []*repoMeta, envs bool) string {
	var b strings.Builder
	b.WriteString("query { rateLimit { cost remaining resetAt }")
	for i, r := range repos {
		fmt.Fprintf(&b, " r%d: repository(owner: %s, name: %s) { isEmpty defaultBranchRef { name target { oid } }", i, gqlString(r.Owner), gqlString(r.Name))
		if envs {
			fmt.Fprintf(&b, " %s: environments(first: %d) { totalCount nodes { name } }", gqlEnvironmentsAlias, graphqlEnvironments)
		}
		fmt.Fprintf(&b, " gh: object(expression: \"HEAD:.github\") { ... on Tree { %s } }", treeSelection(graphqlTreeDepth))
		b.WriteString(" a1: object(expression: \"HEAD:action.yml\") { ... on Blob { oid byteSize } }")
		b.WriteString(" a2: object(expression: \"HEAD:action.yaml\") { ... on Blob { oid byteSize } } }")
	}
	b.WriteString(" }")
	return b.String()
}

type gqlEntry struct {
	Name   string `json:"name"`
	Type   string `json:"type"`
	OID    string `json:"oid"`
	Object *struct {
		Entries []gqlEntry `json:"entries"`
	} `json:"object"`
}

type gqlBlob struct {
	OID      string  `json:"oid"`
	ByteSize int64   `json:"byteSize"`
	IsBinary bool    `json:"isBinary"`
	Text     *string `json:"text"`
}

type gqlRepo struct {
	IsEmpty          bool `json:"isEmpty"`
	DefaultBranchRef *struct {
		Name   string `json:"name"`
		Target *struct {
			OID string `json:"oid"`
		} `json:"target"`
	} `json:"defaultBranchRef"`
	GH *struct {
		Entries []gqlEntry `json:"entries"`
	} `json:"gh"`
	A1   *gqlBlob `json:"a1"`
	A2   *gqlBlob `json:"a2"`
	Envs *struct {
		TotalCount int `json:"totalCount"`
		Nodes      []struct {
			Name string `json:"name"`
		} `json:"nodes"`
	} `json:"envs"`
}

// gqlEnvironmentsAlias names a repository's environments in the tree
// query.
const gqlEnvironmentsAlias = "envs"

type gqlError struct {
	Type    string `json:"type"`
	Message string `json:"message"`
	Path    []any  `json:"path"`
}

type gqlResponse struct {
	Data   map[string]json.RawMessage `json:"data"`
	Errors []gqlError                 `json:"errors"`
}

// errorsByAlias maps each top-level alias to its first error. An error
// in a repository's environments only (a token that may read contents but
// not environments) is not the repository's: they are listed over REST
// when needed.
func (r *gqlResponse) errorsByAlias() map[string]gqlError {
	m := map[string]gqlError{}
	for _, e := range r.Errors {
		if len(e.Path) > 1 && e.Path[1] == gqlEnvironmentsAlias {
			continue
		}
		if len(e.Path) > 0 {
			if a, ok := e.Path[0].(string); ok {
				if _, seen := m[a]; !seen {
					m[a] = e
				}
			}
		}
	}
	return m
}

// query posts a GraphQL query. An HTTP refusal is a *repoError; a query
// answered with only RATE_LIMITED errors waits for the reset and retries.
func (c *Client) query(ctx context.Context, q string) (*gqlResponse, error) {
	body, err := json.Marshal(map[string]string{"query": q})
	if err != nil {
		return nil, fmt.Errorf("graphql: %w", err)
	}
	for attempt := 0; ; attempt++ {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.graphqlURL, bytes.NewReader(body))
		if err != nil {
			return nil, fmt.Errorf("graphql: %w", err)
		}
		req.Header.Set("Content-Type", "application/json")
		resp, err := c.http.Do(req)
		if err != nil {
			return nil, fmt.Errorf("graphql: %w", err)
		}
		data, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			return nil, fmt.Errorf("graphql: read answer: %w", err)
		}
		if resp.StatusCode != http.StatusOK {
			var m struct {
				Message string `json:"message"`
			}
			_ = json.Unmarshal(data, &m)
			if m.Message == "" {
				m.Message = http.StatusText(resp.StatusCode)
			}
			return nil, &repoError{Status: resp.StatusCode, Msg: "graphql: " + m.Message}
		}
		var out gqlResponse
		if err := json.Unmarshal(data, &out); err != nil {
			return nil, fmt.Errorf("graphql: decode answer: %w", err)
		}
		c.observeGraphQLBudget(out.Data["rateLimit"])
		if len(out.Data) == 0 && len(out.Errors) > 0 && out.Errors[0].Type == "RATE_LIMITED" && attempt < maxGraphQLRetries {
			if err := c.api.waitReset(ctx, "graphql"); err != nil {
				return nil, err
			}
			continue
		}
		c.api.answered("graphql")
		if len(out.Data) == 0 && len(out.Errors) > 0 {
			return nil, &repoError{Msg: "graphql: " + out.Errors[0].Message}
		}
		return &out, nil
	}
}

func (f graphqlFetcher) list(ctx context.Context, repos []*repoMeta) []listing {
	out := make([]listing, len(repos))
	resp, err := f.c.query(ctx, treeQuery(repos, !f.c.opts.SkipSecrets))
	if err != nil {
		for i := range out {
			out[i].err = err
		}
		return out
	}
	aliasErr := resp.errorsByAlias()
	for i := range repos {
		alias := fmt.Sprintf("r%d", i)
		raw := resp.Data[alias]
		if e, ok := aliasErr[alias]; ok || len(raw) == 0 || string(raw) == "null" {
			st := http.StatusNotFound
			if e.Type == "FORBIDDEN" {
				st = http.StatusForbidden
			}
			msg := e.Message
			if msg == "" {
				msg = "repository not returned"
			}
			out[i].err = &repoError{Status: st, Msg: "graphql: " + msg}
			continue
		}
		var g gqlRepo
		if err := json.Unmarshal(raw, &g); err != nil {
			out[i].err = fmt.Errorf("graphql: decode %s: %w", repos[i].full(), err)
			continue
		}
		if g.Envs != nil && g.Envs.TotalCount == len(g.Envs.Nodes) {
			out[i].envsKnown = true
			for _, n := range g.Envs.Nodes {
				out[i].envs = append(out[i].envs, n.Name)
			}
		}
		if g.IsEmpty || g.DefaultBranchRef == nil {
			continue
		}
		var refs []fileRef
		for _, b := range []struct {
			name string
			blob *gqlBlob
		}{{"action.yml", g.A1}, {"action.yaml", g.A2}} {
			if b.blob != nil {
				refs = append(refs, fileRef{Path: b.name, OID: b.blob.OID, Size: b.blob.ByteSize})
			}
		}
		deep := false
		if g.GH != nil {
			refs = walkEntries(refs, ".github", g.GH.Entries, &deep)
		}
		if deep {
			// Deeper than one query looks: another transport (REST's
			// recursive tree) must list this repository.
			out[i].err = &repoError{Msg: fmt.Sprintf("graphql: .github is nested deeper than %d levels", graphqlTreeDepth)}
			continue
		}
		out[i].refs = refs
		if t := g.DefaultBranchRef.Target; t != nil && validOID(t.OID) {
			out[i].commit = t.OID
		}
	}
	return out
}

// walkEntries collects the wanted blobs of a tree; deep is set when a
// subtree was beyond the query's depth. An entry whose name git would not
// accept ("", ".", "..", a slash) is listed with its problem.
func walkEntries(out []fileRef, dir string, entries []gqlEntry, deep *bool) []fileRef {
	for _, e := range entries {
		p := dir + "/" + e.Name
		if e.Name == "" || e.Name == "." || e.Name == ".." || strings.ContainsAny(e.Name, "/\x00") {
			out = append(out, fileRef{Path: p, OID: e.OID, problem: fmt.Sprintf("the server listed an entry named %q in %s", e.Name, dir)})
			continue
		}
		switch e.Type {
		case "blob":
			if wantedFile(p) {
				out = append(out, fileRef{Path: p, OID: e.OID})
			}
		case "tree":
			if e.Object != nil {
				out = walkEntries(out, p, e.Object.Entries, deep)
			} else {
				*deep = true
			}
		}
	}
	return out
}

// blobQuery asks for the text of blobs of several repositories: alias rI
// per repository, bJ per blob.
func blobQuery(groups [][]blobReq) string {
	var b strings.Builder
	b.WriteString("query {")
	for i, g := range groups {
		fmt.Fprintf(&b, " r%d: repository(owner: %s, name: %s) {", i, gqlString(g[0].repo.Owner), gqlString(g[0].repo.Name))
		for j, q := range g {
			fmt.Fprintf(&b, " b%d: object(oid: %s) { ... on Blob { oid isBinary byteSize text } }", j, gqlString(q.ref.OID))
		}
		b.WriteString(" }")
	}
	b.WriteString(" }")
	return b.String()
}

// groupByRepo splits reqs (in repository order) into per-repository groups.
func groupByRepo(reqs []blobReq) [][]blobReq {
	var out [][]blobReq
	for i, q := range reqs {
		if i == 0 || reqs[i-1].repo != q.repo {
			out = append(out, nil)
		}
		out[len(out)-1] = append(out[len(out)-1], q)
	}
	return out
}

func (f graphqlFetcher) blobs(ctx context.Context, reqs []blobReq) (map[string][]byte, map[*repoMeta]error) {
	out := map[string][]byte{}
	errs := map[*repoMeta]error{}
	for len(reqs) > 0 {
		n, size := 0, int64(0)
		for n < len(reqs) && n < graphqlBlobBatch && (n == 0 || size+reqs[n].ref.Size <= graphqlBlobBytes) {
			size += reqs[n].ref.Size
			n++
		}
		part := reqs[:n]
		reqs = reqs[n:]
		groups := groupByRepo(part)
		resp, err := f.c.query(ctx, blobQuery(groups))
		if err != nil {
			for _, g := range groups {
				errs[g[0].repo] = err
			}
			continue
		}
		aliasErr := resp.errorsByAlias()
		for i, g := range groups {
			alias := fmt.Sprintf("r%d", i)
			if e, ok := aliasErr[alias]; ok {
				errs[g[0].repo] = &repoError{Status: http.StatusForbidden, Msg: "graphql: " + e.Message}
				continue
			}
			var blobs map[string]*gqlBlob
			if err := json.Unmarshal(resp.Data[alias], &blobs); err != nil {
				errs[g[0].repo] = fmt.Errorf("graphql: decode blobs of %s: %w", g[0].repo.full(), err)
				continue
			}
			for j, q := range g {
				b := blobs[fmt.Sprintf("b%d", j)]
				if b == nil || b.Text == nil || b.IsBinary {
					// Binary or too large for GraphQL's text: the caller
					// falls back to REST for this repository.
					errs[q.repo] = &repoError{Msg: fmt.Sprintf("graphql: no text for %s", q.ref.Path), noText: true}
					break
				}
				out[q.ref.OID] = []byte(*b.Text)
			}
		}
	}
	return out, errs
}

// observeGraphQLBudget records the rateLimit { cost remaining resetAt } a
// query asked for, so the next queries are paced on it even where the
// headers are missing.
func (c *Client) observeGraphQLBudget(raw json.RawMessage) {
	if len(raw) == 0 {
		return
	}
	var rl struct {
		Cost      int       `json:"cost"`
		Remaining int       `json:"remaining"`
		ResetAt   time.Time `json:"resetAt"`
	}
	if json.Unmarshal(raw, &rl) != nil || rl.ResetAt.IsZero() {
		return
	}
	// Keep a query's cost in hand: below it, wait for the reset.
	c.api.record("graphql", rl.Remaining-max(rl.Cost, 1)+1, rl.ResetAt)
}
