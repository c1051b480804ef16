package knowledge

import (
	"strings"
	"sync"
)

// EndpointSlip is the documented route a path that matches none is one
// singular/plural slip away from: /repos/{owner}/{repo}/pull/{n}/comments
// for .../pulls/{pull_number}/comments.
type EndpointSlip struct {
	// Match is the route the changed path matches.
	Match EndpointMatch
	// Written is the segment as the path has it, Documented the form the
	// route has ("pull", "pulls").
	Written, Documented string
	// Loose is "METHOD template" of the route the path as written matches
	// only by letting one of its placeholders stand for a literal segment
	// (MatchEndpoint's last resort, Ambiguous), set aside for the slip's;
	// empty when it matches none.
	Loose string
}

// MatchEndpointNumberSlip looks for the route a path that matches no
// route was meant to call (no route but loosely, through a placeholder
// standing for a literal segment, counts as none: see Loose): it changes one literal segment at a
// time between its singular and plural forms (a trailing s, es, or y/ies),
// keeping only forms that are literal segments of documented routes, and
// matches each changed path without letting an input placeholder stand
// for a literal. It answers only when exactly one route matches,
// unambiguously, over every such change; a path that matches a route
// without that last resort, or one whose changes match no route or
// several, gets false.
func MatchEndpointNumberSlip(method, path string) (EndpointSlip, bool) {
	return endpointIndex().numberSlip(routeLiterals(), method, path)
}

// numberSlip is MatchEndpointNumberSlip over ix, whose routes' literal
// segments are literals.
func (ix *endpointIdx) numberSlip(literals map[string]bool, method, path string) (EndpointSlip, bool) {
	if _, _, ok := ix.routes.matchWith(method, path, false); ok {
		return EndpointSlip{}, false
	}
	var loose string
	if i, _, ok := ix.routes.match(method, path); ok {
		loose = ix.routes.entries[i].method + " " + ix.routes.entries[i].template
	}
	segs := pathSegments(path)
	var found EndpointSlip
	routes, route := 0, 0
	for i, seg := range segs {
		if isPlaceholder(seg) {
			continue
		}
		written := strings.ToLower(seg)
		for _, form := range numberForms(written) {
			if !literals[form] {
				continue
			}
			changed := append([]string(nil), segs...)
			changed[i] = form
			// Only a match the changed path makes without an input
			// placeholder standing for a literal counts: that one
			// would be a second guess on top of the slip.
			j, ambiguous, ok := ix.routes.matchWith(method, "/"+strings.Join(changed, "/"), false)
			if !ok {
				continue
			}
			if ambiguous {
				return EndpointSlip{}, false
			}
			if routes > 0 && j == route {
				continue
			}
			routes++
			route = j
			found = EndpointSlip{Match: ix.matchAt(j, false), Written: seg, Documented: form, Loose: loose}
		}
	}
	if routes != 1 {
		return EndpointSlip{}, false
	}
	return found, true
}

// numberForms returns the singular and plural forms English spelling gives
// a path segment: issue -> issues, branch -> branches, repository ->
// repositories, and back. Callers keep those a documented route has.
func numberForms(w string) []string {
	if w == "" {
		return nil
	}
	forms := []string{w + "s", w + "es"}
	if strings.HasSuffix(w, "y") {
		forms = append(forms, strings.TrimSuffix(w, "y")+"ies")
	}
	if strings.HasSuffix(w, "ies") {
		forms = append(forms, strings.TrimSuffix(w, "ies")+"y")
	}
	if strings.HasSuffix(w, "es") {
		forms = append(forms, strings.TrimSuffix(w, "es"))
	}
	if strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") {
		forms = append(forms, strings.TrimSuffix(w, "s"))
	}
	out := forms[:0]
	for _, f := range forms {
		if f != "" && f != w {
			out = append(out, f)
		}
	}
	return out
}

// routeLiterals is every literal segment of a documented route, lower case.
var routeLiterals = sync.OnceValue(func() map[string]bool {
	return endpointIndex().literals()
})

// literals is every literal segment of ix's routes, lower case.
func (ix *endpointIdx) literals() map[string]bool {
	out := map[string]bool{}
	for _, e := range ix.routes.entries {
		for _, seg := range splitPath(e.template) {
			if !isPlaceholder(seg) {
				out[strings.ToLower(seg)] = true
			}
		}
	}
	return out
}
