package knowledge

import (
	"slices"
	"strings"
)

// routeIndex matches HTTP method + path against a set of path templates
// (/repos/{owner}/{repo}/issues) with one segment trie per method, so a
// lookup costs a walk over the path's segments, not a scan of every
// template. It is built once and read-only afterwards.
type routeIndex struct {
	roots   map[string]*trieNode
	entries []routeEntry
	byKey   map[string]int
}

// routeEntry is one method + template, in insertion order.
type routeEntry struct {
	method, template string
	literals         int // literal (non-placeholder) segments
}

// trieNode is one segment position in a method's template trie.
type trieNode struct {
	literal map[string]*trieNode // lower-cased literal segment
	param   *trieNode            // any {placeholder}
	// end holds routes ending here; wild holds routes whose last
	// placeholder (a wildcardParams name) ends here and may eat more.
	end, wild []int
}

func newRouteIndex() *routeIndex {
	return &routeIndex{roots: map[string]*trieNode{}, byKey: map[string]int{}}
}

// add inserts method+template (method upper case) and returns its entry
// index; adding the same pair again returns the existing index.
func (ix *routeIndex) add(method, template string) int {
	key := method + " " + template
	if i, ok := ix.byKey[key]; ok {
		return i
	}
	i := len(ix.entries)
	ix.byKey[key] = i
	e := routeEntry{method: method, template: template}
	root := ix.roots[method]
	if root == nil {
		root = &trieNode{}
		ix.roots[method] = root
	}
	segs := splitPath(template)
	n := root
	for _, seg := range segs {
		if !isPlaceholder(seg) {
			e.literals++
		}
		n = n.child(seg)
	}
	if len(segs) > 0 && wildcardParams[placeholderName(segs[len(segs)-1])] {
		n.wild = append(n.wild, i)
	} else {
		n.end = append(n.end, i)
	}
	ix.entries = append(ix.entries, e)
	return i
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

// candidate is one route that matched, with its count of literal template
// segments matched by literal input segments.
type candidate struct {
	entry, literals int
}

// match returns the best route for method and path (see MatchEndpoint for
// the rules), whether the choice was ambiguous, and whether any matched.
func (ix *routeIndex) match(method, path string) (entry int, ambiguous, ok bool) {
	return ix.matchWith(method, path, true)
}

// matchWith is match; allowLoose false leaves out the last resort of
// letting an input placeholder stand for a literal template segment.
func (ix *routeIndex) matchWith(method, path string, allowLoose bool) (entry int, ambiguous, ok bool) {
	root := ix.roots[strings.ToUpper(strings.TrimSpace(method))]
	if root == nil {
		return 0, false, false
	}
	segs := pathSegments(path)
	var buf [16]candidate
	cands := buf[:0]
	cands = walk(root, segs, 0, 0, false, cands)
	loose := false
	if len(segs) >= 2 && strings.EqualFold(segs[0], "repos") && isPlaceholder(segs[1]) && (len(cands) == 0 || len(segs) >= 3 && !isPlaceholder(segs[2])) {
		// "/repos/{repository}/pulls": one placeholder standing for
		// owner/repo, as ${{ github.repository }} does. Followed by a
		// literal, it is tried even when the placeholder alone as the
		// owner matched ("/repos/$REPO/issues/comments/1/reactions" is
		// not a commit comment's of a repository named issues): the
		// reading with more literal segments wins.
		expanded := append([]string{segs[0], "{owner}", "{repo}"}, segs[2:]...)
		cands = walk(root, expanded, 0, 0, false, cands)
	}
	if len(cands) == 0 && allowLoose {
		cands = walk(root, segs, 0, 0, true, cands)
		loose = true
		// A path whose every segment is known only at run time ("/{path}")
		// fits any route of its length: no reading of it.
		cands = slices.DeleteFunc(cands, func(c candidate) bool { return c.literals == 0 })
	}
	if len(cands) == 0 {
		return 0, false, false
	}
	// The most literal segments wins; ties go to the earliest route.
	best := cands[0]
	for _, c := range cands[1:] {
		if c.literals > best.literals || (c.literals == best.literals && c.entry < best.entry) {
			best = c
		}
	}
	ambiguous = loose
	for _, c := range cands {
		if c.literals == best.literals && c.entry != best.entry {
			ambiguous = true
			break
		}
	}
	return best.entry, ambiguous, true
}

// walk appends to out the routes under n matching segs[i:] and returns
// it. lits counts the literal matches so far; loose lets an input
// placeholder match a literal.
func walk(n *trieNode, segs []string, i, lits int, loose bool, out []candidate) []candidate {
	// Routes ending in a wildcard placeholder at n (always a placeholder
	// node) match here and may take the rest of the path as well.
	for _, e := range n.wild {
		out = append(out, candidate{e, lits})
	}
	if i == len(segs) {
		for _, e := range n.end {
			out = append(out, candidate{e, lits})
		}
		return out
	}
	seg := segs[i]
	if isPlaceholder(seg) {
		if n.param != nil {
			out = walk(n.param, segs, i+1, lits, loose, out)
		}
		if loose {
			for _, c := range n.literal {
				out = walk(c, segs, i+1, lits, loose, out)
			}
		}
		return out
	}
	if c := n.literal[strings.ToLower(seg)]; c != nil {
		out = walk(c, segs, i+1, lits+1, loose, out)
	}
	if n.param != nil {
		out = walk(n.param, segs, i+1, lits, loose, out)
	}
	return out
}
