package knowledge

import (
	"sort"
	"strings"
	"sync"
	"unicode"
)

// RestOperation is one operation of GitHub's OpenAPI description.
type RestOperation struct {
	// ID is the operationId, e.g. "issues/add-labels".
	ID string
	// Method is the upper-case HTTP method.
	Method string
	// Path is the path template, e.g. /repos/{owner}/{repo}/issues/{issue_number}/labels.
	Path string
	// EnabledForApps is x-github.enabledForGitHubApps: false when GitHub
	// Apps cannot call the operation at all.
	EnabledForApps bool
}

// octokitMethod is one generated octokit method: key "namespace.method",
// operationId (empty when the OpenAPI description lacks the route), route.
type octokitMethod struct {
	key, id, method, path string
}

// OperationByID looks an operation up by operationId ("issues/add-labels").
func OperationByID(id string) (RestOperation, bool) {
	i := sort.Search(len(restTable), func(i int) bool { return restTable[i].ID >= id })
	if i < len(restTable) && restTable[i].ID == id {
		return restTable[i], true
	}
	return RestOperation{}, false
}

// RestMethod maps an octokit method, github.rest.<namespace>.<method> (as
// actions/github-script exposes it), to its operation: RestMethod("issues",
// "addLabels") gives issues/add-labels. It uses octokit's own method list
// (which also knows renamed and aliased methods), and falls back to
// converting camelCase to kebab-case ("namespace/kebab-name"). A method
// octokit still has but the OpenAPI description no longer lists (retired
// endpoints such as team discussions) comes back with an empty ID, its
// route, and EnabledForApps false.
func RestMethod(namespace, method string) (RestOperation, bool) {
	key := namespace + "." + method
	i := sort.Search(len(octokitMethods), func(i int) bool { return octokitMethods[i].key >= key })
	if i < len(octokitMethods) && octokitMethods[i].key == key {
		m := octokitMethods[i]
		if m.id == "" {
			return RestOperation{Method: m.method, Path: m.path}, true
		}
		return OperationByID(m.id)
	}
	return OperationByID(namespace + "/" + kebab(method))
}

// kebab turns addLabels into add-labels (and getRepoSBOM into get-repo-sbom).
func kebab(s string) string {
	var b strings.Builder
	rs := []rune(s)
	for i, r := range rs {
		if unicode.IsUpper(r) {
			prevLower := i > 0 && (unicode.IsLower(rs[i-1]) || unicode.IsDigit(rs[i-1]))
			nextLower := i > 0 && i+1 < len(rs) && unicode.IsLower(rs[i+1]) && unicode.IsUpper(rs[i-1])
			if prevLower || nextLower {
				b.WriteByte('-')
			}
			b.WriteRune(unicode.ToLower(r))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// RestOperations returns every operation, sorted by ID.
func RestOperations() []RestOperation {
	return append([]RestOperation(nil), restTable[:]...)
}

// OpenAPISource names the OpenAPI description the operation table was
// generated from.
func OpenAPISource() string { return openapiSource }

// restIndex routes method+path to restTable entries.
var restIndex = sync.OnceValue(func() *routeIndex {
	ix := newRouteIndex()
	for _, op := range restTable {
		ix.add(op.Method, op.Path)
	}
	return ix
})

// MatchOperation finds the OpenAPI operation for an HTTP method and a
// concrete or templated path, with the same rules as MatchEndpoint. Use it
// for endpoints GitHub's permission list does not name (public reads such
// as GET /users/{username}, App JWT endpoints such as POST
// /app/installations/{installation_id}/access_tokens): EnabledForApps false
// means an installation token cannot call the operation at all.
func MatchOperation(method, path string) (op RestOperation, ambiguous, ok bool) {
	ix := restIndex()
	i, ambiguous, ok := ix.match(method, path)
	if !ok {
		return RestOperation{}, false, false
	}
	// An OpenAPI description has each method+path once, so the index
	// entries line up with restTable (a test checks it).
	return restTable[i], ambiguous, true
}
