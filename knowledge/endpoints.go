package knowledge

import (
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
	// Extra is true for rows of endpoints the docs data lacks (marked extra
	// in data/endpoints.tsv); EndpointRows never returns them.
	Extra bool
}

// endpointSource is the generated form of one row of data/endpoints.tsv.
type endpointSource struct {
	key, title, access, method, path, slug string
	s2s, u2s, additional                   bool
	// extra marks rows for endpoints GitHub's permission list lacks.
	extra bool
}

func (s endpointSource) row() EndpointRow {
	perm, _ := CanonicalPermission(s.key)
	return EndpointRow{
		Permission: perm, Access: s.access, Method: s.method, Path: s.path, Slug: s.slug,
		ServerToServer: s.s2s, UserToServer: s.u2s, Additional: s.additional,
		DocsKey: s.key, Title: s.title, Extra: s.extra,
	}
}

// EndpointRows returns every row of GitHub's permission list in source
// order: 862 rows, including the 5 rows the source lists twice under
// contents (MatchEndpoint drops those exact duplicates, leaving 857 unique
// rows), without the rows marked extra.
func EndpointRows() []EndpointRow {
	rows := make([]EndpointRow, 0, len(endpointTable))
	for _, s := range endpointTable {
		if !s.extra {
			rows = append(rows, s.row())
		}
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
	// OperationID is the OpenAPI operationId of Method+Template; empty when
	// Retired.
	OperationID string
	// Retired is true when the OpenAPI description the REST tables come
	// from (OpenAPISource) no longer has Method+Template: GitHub has removed
	// the endpoint (classic Projects, older billing and Copilot metrics,
	// team-discussion reactions, tag protection), so the call fails
	// whatever the token.
	Retired bool
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

var endpointIndex = sync.OnceValue(buildEndpointIndex)

// endpointIdx is the route index over every row of endpointTable;
// rows[i] holds the unique rows of route i, ops[i] its operationId.
type endpointIdx struct {
	routes *routeIndex
	rows   [][]EndpointRow
	ops    []string // operationId of route i, "" when retired
}

func buildEndpointIndex() *endpointIdx {
	ix := &endpointIdx{routes: newRouteIndex()}
	seen := map[endpointSource]bool{}
	for _, s := range endpointTable {
		if seen[s] { // the source's exact duplicates
			continue
		}
		seen[s] = true
		i := ix.routes.add(s.method, s.path)
		if i == len(ix.rows) {
			ix.rows = append(ix.rows, nil)
		}
		ix.rows[i] = append(ix.rows[i], s.row())
	}
	rest := restIndex()
	ix.ops = make([]string, len(ix.routes.entries))
	for i, e := range ix.routes.entries {
		if j, ok := rest.byKey[e.method+" "+e.template]; ok {
			ix.ops[i] = restTable[j].ID
		}
	}
	return ix
}

// isPlaceholder reports whether seg is one whole {name} placeholder
// ("{base}...{head}" is not: it is compared literally).
func isPlaceholder(seg string) bool {
	return len(seg) >= 2 && seg[0] == '{' && seg[len(seg)-1] == '}' &&
		!strings.ContainsAny(seg[1:len(seg)-1], "{}")
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
// trailing one. Segments starting with ':' (octokit-style :owner) and
// segments holding a workflow expression or shell variable
// ("${{ github.repository }}", "$REPO", "v${VERSION}") become
// {placeholders}.
func NormalizePath(raw string) string {
	return "/" + strings.Join(pathSegments(raw), "/")
}

// pathSegments does NormalizePath's work and returns the segments.
func pathSegments(raw string) []string {
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
	out := segs[:0]
	for _, s := range segs {
		switch {
		case s == "":
			continue
		case len(s) > 1 && s[0] == ':':
			s = "{" + s[1:] + "}"
		case strings.Contains(s, "$"):
			s = "{" + variableName(s) + "}"
		}
		out = append(out, s)
	}
	return out
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
	ix := endpointIndex()
	i, ambiguous, ok := ix.routes.match(method, path)
	if !ok {
		return EndpointMatch{}, false
	}
	return ix.matchAt(i, ambiguous), true
}

// matchAt is the EndpointMatch of route i.
func (ix *endpointIdx) matchAt(i int, ambiguous bool) EndpointMatch {
	e := ix.routes.entries[i]
	m := EndpointMatch{
		Method:    e.method,
		Template:  e.template,
		Rows:      append([]EndpointRow(nil), ix.rows[i]...),
		Ambiguous: ambiguous,
	}
	for _, r := range ix.rows[i] {
		m.ServerToServer = m.ServerToServer || r.ServerToServer
	}
	m.OperationID = ix.ops[i]
	m.Retired = m.OperationID == ""
	return m
}

// variableName turns an expression or shell variable segment into a
// placeholder name: "${{ github.repository }}" -> "github.repository",
// "$REPO" -> "REPO". It never returns braces.
func variableName(seg string) string {
	name := strings.NewReplacer("${{", "", "}}", "", "${", "", "$", "", "{", "", "}", "", " ", "").Replace(seg)
	if name == "" {
		return "var"
	}
	return name
}

// repoSubresources are the literal segments that follow
// /repos/{owner}/{repo}/ in the endpoint table (issues, pulls, actions,
// contents, ...).
var repoSubresources = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{}
	for _, e := range endpointIndex().routes.entries {
		segs := strings.Split(strings.Trim(e.template, "/"), "/")
		if len(segs) > 3 && segs[0] == "repos" && segs[1] == "{owner}" && segs[2] == "{repo}" && !strings.HasPrefix(segs[3], "{") {
			m[strings.ToLower(segs[3])] = true
		}
	}
	return m
})

// IsRepoSubresource reports whether seg is a segment the REST API puts
// right after /repos/{owner}/{repo}/ (issues, pulls, contents, ...): after
// /repos/$X/, it shows that $X holds owner/repo.
func IsRepoSubresource(seg string) bool {
	return repoSubresources()[strings.ToLower(seg)]
}
