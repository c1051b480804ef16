package knowledge

import (
	"sort"
	"strings"
	"sync"
)

// EndpointRow is one row of GitHub's "permissions required for GitHub Apps"
// data: the App permission and access one REST endpoint needs.
type EndpointRow struct {
	// Permission is the GitHub App permission name (canonicalised with
	// CanonicalPermission); empty when the docs key has no App permission
	// (see DocsKey).
	Permission string
	// Access is "read", "write" or "admin".
	Access string
	// Method is the HTTP method, upper case.
	Method string
	// Path is the docs' request path template, e.g. /repos/{owner}/{repo}/issues.
	Path string
	// Slug is the anchor of the endpoint's section in the REST docs.
	Slug string
	// ServerToServer is true when an installation access token can call the endpoint.
	ServerToServer bool
	// UserToServer is true when a user access token can call the endpoint.
	UserToServer bool
	// Additional is true when the endpoint is listed under more than one
	// permission and needs all of them.
	Additional bool
	// DocsKey is the permission key exactly as the docs data spells it
	// (e.g. "emails" where Permission is "email_addresses").
	DocsKey string
	// Title is the docs' title of the permission, e.g. "Contents".
	Title string
	// Extra is true for rows this package adds for endpoints the docs data
	// lacks (see extraEndpointTable); EndpointRows never returns them.
	Extra bool
}

// endpointSource is the generated form of one TSV row.
type endpointSource struct {
	key, title, access, method, path, slug string
	s2s, u2s, additional                   bool
}

func (s endpointSource) row() EndpointRow {
	perm, _ := CanonicalPermission(s.key)
	return EndpointRow{
		Permission: perm, Access: s.access, Method: s.method, Path: s.path, Slug: s.slug,
		ServerToServer: s.s2s, UserToServer: s.u2s, Additional: s.additional,
		DocsKey: s.key, Title: s.title,
	}
}

// EndpointRows returns every row of the endpoint table in source order:
// 862 rows, including the 5 rows the source lists twice under contents.
// MatchEndpoint drops those exact duplicates, leaving 857 unique rows.
func EndpointRows() []EndpointRow {
	rows := make([]EndpointRow, len(endpointTable))
	for i, s := range endpointTable {
		rows[i] = s.row()
	}
	return rows
}

// EndpointMatch is the result of MatchEndpoint.
type EndpointMatch struct {
	// Method is the upper-case HTTP method.
	Method string
	// Template is the docs' path template that matched.
	Template string
	// Rows holds every (unique) row for Method+Template: several when the
	// endpoint needs additional permissions.
	Rows []EndpointRow
	// ServerToServer is true when any row works with an installation token.
	ServerToServer bool
	// Ambiguous is true when more than one template matched equally well,
	// or when a placeholder in the input had to stand for a literal segment
	// of the template.
	Ambiguous bool
}

// Permissions returns the App permissions the matched endpoint needs: the
// union of its rows that have an App permission.
func (m EndpointMatch) Permissions() Permissions {
	p := Permissions{}
	for _, r := range m.Rows {
		if r.Permission != "" {
			p.Add(r.Permission, r.Access)
		}
	}
	return p
}

// EitherIssuesOrPullRequests reports whether the endpoint is one of those
// issues and pull requests share (comments, labels, assignees, locks...),
// listed under both issues and pull_requests: GitHub accepts either
// permission, so one of them suffices.
func (m EndpointMatch) EitherIssuesOrPullRequests() bool {
	var issues, pulls bool
	for _, r := range m.Rows {
		issues = issues || r.Permission == "issues"
		pulls = pulls || r.Permission == "pull_requests"
	}
	return issues && pulls
}

// WorkflowsConditional reports whether the endpoint lists workflows next to
// contents (creating or updating files, refs, releases): workflows:write is
// needed only when the change touches .github/workflows.
func (m EndpointMatch) WorkflowsConditional() bool {
	var contents, workflows bool
	for _, r := range m.Rows {
		contents = contents || r.Permission == "contents"
		workflows = workflows || r.Permission == "workflows"
	}
	return contents && workflows
}

// MinimalPermissions returns the smallest permission set that makes the
// call work: like Permissions, but for endpoints shared by issues and pull
// requests it keeps only pull_requests (onPullRequest) or only issues, and
// it drops workflows unless touchesWorkflows is set.
func (m EndpointMatch) MinimalPermissions(onPullRequest, touchesWorkflows bool) Permissions {
	p := m.Permissions()
	if m.EitherIssuesOrPullRequests() {
		if onPullRequest {
			delete(p, "issues")
		} else {
			delete(p, "pull_requests")
		}
	}
	if m.WorkflowsConditional() && !touchesWorkflows {
		delete(p, "workflows")
	}
	return p
}

// wildcardParams are placeholder names that may stand for several path
// segments when they end a template: file paths, git refs such as
// heads/main, readme directories, compare ranges and release tags.
var wildcardParams = map[string]bool{"path": true, "ref": true, "dir": true, "basehead": true, "tag": true}

// trieNode is one segment position in the per-method template trie.
type trieNode struct {
	literal map[string]*trieNode // lower-cased literal segment
	param   *trieNode            // any {placeholder}
	// end holds templates ending here; wild holds templates whose last
	// placeholder (a wildcardParams name) ends here and may eat more.
	end, wild []*endpointEntry
}

type endpointEntry struct {
	method, template string
	order            int // position of the template's first row, for a stable order
	literals         int
	rows             []EndpointRow
}

func (n *trieNode) child(seg string) *trieNode {
	if isPlaceholder(seg) {
		if n.param == nil {
			n.param = &trieNode{}
		}
		return n.param
	}
	k := strings.ToLower(seg)
	if n.literal == nil {
		n.literal = map[string]*trieNode{}
	}
	c := n.literal[k]
	if c == nil {
		c = &trieNode{}
		n.literal[k] = c
	}
	return c
}

var endpointIndex = sync.OnceValue(buildEndpointIndex)

func buildEndpointIndex() map[string]*trieNode {
	entries := map[string]*endpointEntry{}
	var order []*endpointEntry
	seen := map[endpointSource]bool{}
	add := func(i int, s endpointSource, extra bool) {
		if seen[s] { // the source's exact duplicates
			return
		}
		seen[s] = true
		k := s.method + " " + s.path
		e := entries[k]
		if e == nil {
			e = &endpointEntry{method: s.method, template: s.path, order: i}
			entries[k] = e
			order = append(order, e)
		}
		r := s.row()
		r.Extra = extra
		e.rows = append(e.rows, r)
	}
	for i, s := range endpointTable {
		add(i, s, false)
	}
	for i, s := range extraEndpointTable {
		add(len(endpointTable)+i, s, true)
	}
	roots := map[string]*trieNode{}
	for _, e := range order {
		root := roots[e.method]
		if root == nil {
			root = &trieNode{}
			roots[e.method] = root
		}
		segs := splitPath(e.template)
		n := root
		for _, seg := range segs {
			if !isPlaceholder(seg) {
				e.literals++
			}
			n = n.child(seg)
		}
		if len(segs) > 0 && wildcardParams[placeholderName(segs[len(segs)-1])] {
			n.wild = append(n.wild, e)
		} else {
			n.end = append(n.end, e)
		}
	}
	return roots
}

func isPlaceholder(seg string) bool {
	return len(seg) >= 2 && seg[0] == '{' && seg[len(seg)-1] == '}'
}

func placeholderName(seg string) string {
	if isPlaceholder(seg) {
		return seg[1 : len(seg)-1]
	}
	return ""
}

func splitPath(p string) []string {
	p = strings.Trim(p, "/")
	if p == "" {
		return nil
	}
	return strings.Split(p, "/")
}

// NormalizePath turns a URL or path as written in a workflow into the form
// MatchEndpoint compares: it strips a scheme and host (api.github.com,
// uploads.github.com, a GitHub Enterprise host) and a following /api/v3,
// the query string and fragment, adds a missing leading slash and drops a
// trailing one. Segments starting with ':' (octokit-style :owner) become
// {placeholders}.
func NormalizePath(raw string) string {
	p := strings.TrimSpace(raw)
	if i := strings.Index(p, "://"); i >= 0 {
		rest := p[i+3:]
		if j := strings.IndexByte(rest, '/'); j >= 0 {
			p = rest[j:]
		} else {
			p = "/"
		}
		if p == "/api/v3" || strings.HasPrefix(p, "/api/v3/") {
			p = p[len("/api/v3"):]
		}
	}
	if i := strings.IndexAny(p, "?#"); i >= 0 {
		p = p[:i]
	}
	segs := splitPath(p)
	out := make([]string, 0, len(segs))
	for _, s := range segs {
		if s == "" {
			continue
		}
		if len(s) > 1 && s[0] == ':' {
			s = "{" + s[1:] + "}"
		}
		out = append(out, s)
	}
	return "/" + strings.Join(out, "/")
}

// candidate is one template that matched, with how well.
type candidate struct {
	e        *endpointEntry
	literals int // literal template segments matched by literal input segments
	loose    bool
}

// MatchEndpoint finds the docs' endpoint for an HTTP method and a concrete
// or templated path ("/repos/acme/web/issues/12/labels",
// "/repos/{owner}/{repo}/issues/{issue_number}/labels", a full
// https://api.github.com/... URL, "repos/o/r/dispatches"). See NormalizePath
// for the accepted forms. A template's {x} segment matches any one input
// segment; a literal template segment matches the same literal, case
// insensitively. The last placeholder of a template may eat several
// segments when it is {path}, {ref}, {dir}, {basehead} or {tag}. The
// template with the most literal segments wins; a tie sets Ambiguous and
// returns the template listed first in the docs. A {placeholder} in the
// input matches a literal template segment only when nothing matches
// otherwise, and then the result is Ambiguous. Method is case-insensitive.
func MatchEndpoint(method, path string) (EndpointMatch, bool) {
	root := endpointIndex()[strings.ToUpper(strings.TrimSpace(method))]
	if root == nil {
		return EndpointMatch{}, false
	}
	segs := splitPath(NormalizePath(path))
	var cands []candidate
	walk(root, segs, 0, 0, false, &cands)
	loose := false
	if len(cands) == 0 {
		walk(root, segs, 0, 0, true, &cands)
		loose = true
	}
	if len(cands) == 0 {
		return EndpointMatch{}, false
	}
	sort.SliceStable(cands, func(i, j int) bool {
		if cands[i].literals != cands[j].literals {
			return cands[i].literals > cands[j].literals
		}
		return cands[i].e.order < cands[j].e.order
	})
	best := cands[0]
	ambiguous := loose
	for _, c := range cands[1:] {
		if c.literals == best.literals && c.e != best.e {
			ambiguous = true
			break
		}
	}
	m := EndpointMatch{
		Method:    best.e.method,
		Template:  best.e.template,
		Rows:      append([]EndpointRow(nil), best.e.rows...),
		Ambiguous: ambiguous,
	}
	for _, r := range best.e.rows {
		m.ServerToServer = m.ServerToServer || r.ServerToServer
	}
	return m, true
}

// walk collects the templates under n matching segs[i:]. lits counts the
// literal matches so far; loose lets an input placeholder match a literal.
func walk(n *trieNode, segs []string, i, lits int, loose bool, out *[]candidate) {
	if i == len(segs) {
		for _, e := range n.end {
			*out = append(*out, candidate{e, lits, loose})
		}
		for _, e := range n.wild {
			*out = append(*out, candidate{e, lits, loose})
		}
		return
	}
	// Templates ending in a wildcard placeholder at n (which is always a
	// placeholder node) may take the rest of the path as well.
	for _, e := range n.wild {
		*out = append(*out, candidate{e, lits, loose})
	}
	seg := segs[i]
	if isPlaceholder(seg) {
		if n.param != nil {
			walk(n.param, segs, i+1, lits, loose, out)
		}
		if loose {
			for _, c := range n.literal {
				walk(c, segs, i+1, lits, loose, out)
			}
		}
		return
	}
	if c := n.literal[strings.ToLower(seg)]; c != nil {
		walk(c, segs, i+1, lits+1, loose, out)
	}
	if n.param != nil {
		walk(n.param, segs, i+1, lits, loose, out)
	}
}
