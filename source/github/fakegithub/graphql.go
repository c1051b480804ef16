package fakegithub

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// A small GraphQL engine: enough of the language for pat2app's queries
// (aliases, arguments with literal values, inline fragments) over the
// fake's repositories.

type selection struct {
	alias, name string
	args        map[string]any
	sub         []selection
	on          string // inline fragment type condition
}

type gqlParser struct {
	toks []string
	i    int
}

func lex(src string) ([]string, error) {
	var toks []string
	for i := 0; i < len(src); {
		c := rune(src[i])
		switch {
		case unicode.IsSpace(c) || c == ',':
			i++
		case c == '#':
			for i < len(src) && src[i] != '\n' {
				i++
			}
		case strings.ContainsRune("{}():!$", c):
			toks = append(toks, string(c))
			i++
		case strings.HasPrefix(src[i:], "..."):
			toks = append(toks, "...")
			i += 3
		case c == '"':
			j := i + 1
			for j < len(src) && src[j] != '"' {
				if src[j] == '\\' {
					j++
				}
				j++
			}
			if j >= len(src) {
				return nil, errors.New("unterminated string")
			}
			toks = append(toks, src[i:j+1])
			i = j + 1
		case c == '_' || c == '-' || unicode.IsLetter(c) || unicode.IsDigit(c):
			j := i
			for j < len(src) && (src[j] == '_' || src[j] == '-' || src[j] == '.' || unicode.IsLetter(rune(src[j])) || unicode.IsDigit(rune(src[j]))) {
				j++
			}
			toks = append(toks, src[i:j])
			i = j
		default:
			return nil, fmt.Errorf("unexpected character %q", c)
		}
	}
	return toks, nil
}

func (p *gqlParser) peek() string {
	if p.i < len(p.toks) {
		return p.toks[p.i]
	}
	return ""
}

func (p *gqlParser) next() string { t := p.peek(); p.i++; return t }

func (p *gqlParser) expect(t string) error {
	if got := p.next(); got != t {
		return fmt.Errorf("expected %q, got %q", t, got)
	}
	return nil
}

func (p *gqlParser) selectionSet() ([]selection, error) {
	if err := p.expect("{"); err != nil {
		return nil, err
	}
	var out []selection
	for p.peek() != "}" {
		if p.peek() == "" {
			return nil, errors.New("unexpected end of query")
		}
		if p.peek() == "..." {
			p.next()
			if p.next() != "on" {
				return nil, errors.New("only inline fragments are supported")
			}
			typ := p.next()
			sub, err := p.selectionSet()
			if err != nil {
				return nil, err
			}
			out = append(out, selection{on: typ, sub: sub})
			continue
		}
		s := selection{name: p.next()}
		if p.peek() == ":" {
			p.next()
			s.alias, s.name = s.name, p.next()
		}
		if s.alias == "" {
			s.alias = s.name
		}
		if p.peek() == "(" {
			p.next()
			s.args = map[string]any{}
			for p.peek() != ")" {
				k := p.next()
				if err := p.expect(":"); err != nil {
					return nil, err
				}
				v := p.next()
				switch {
				case strings.HasPrefix(v, `"`):
					var str string
					if err := json.Unmarshal([]byte(v), &str); err != nil {
						return nil, fmt.Errorf("bad string %s", v)
					}
					s.args[k] = str
				default:
					n, err := strconv.Atoi(v)
					if err != nil {
						s.args[k] = v
					} else {
						s.args[k] = n
					}
				}
				if p.peek() == "" {
					return nil, errors.New("unterminated arguments")
				}
			}
			p.next()
		}
		if p.peek() == "{" {
			sub, err := p.selectionSet()
			if err != nil {
				return nil, err
			}
			s.sub = sub
		}
		out = append(out, s)
	}
	p.next()
	return out, nil
}

func parseQuery(q string) ([]selection, error) {
	toks, err := lex(q)
	if err != nil {
		return nil, err
	}
	p := &gqlParser{toks: toks}
	if p.peek() == "query" {
		p.next()
		if p.peek() != "{" {
			p.next() // operation name
		}
	}
	return p.selectionSet()
}

// gqlObject is a GraphQL object of the fake schema.
type gqlObject interface {
	typeName() string
	field(s *Server, name string, args map[string]any) (any, *gqlErr)
}

type gqlErr struct {
	Type    string `json:"type,omitempty"`
	Message string `json:"message"`
	Path    []any  `json:"path,omitempty"`
}

func (s *Server) resolve(sels []selection, obj gqlObject, path []any, errs *[]gqlErr) map[string]any {
	out := map[string]any{}
	for _, sel := range sels {
		if sel.on != "" {
			if sel.on == obj.typeName() {
				for k, v := range s.resolve(sel.sub, obj, path, errs) {
					out[k] = v
				}
			}
			continue
		}
		if sel.name == "__typename" {
			out[sel.alias] = obj.typeName()
			continue
		}
		v, e := obj.field(s, sel.name, sel.args)
		p := append(append([]any{}, path...), sel.alias)
		if e != nil {
			e.Path = p
			*errs = append(*errs, *e)
			out[sel.alias] = nil
			continue
		}
		out[sel.alias] = s.value(sel, v, p, errs)
	}
	return out
}

func (s *Server) value(sel selection, v any, path []any, errs *[]gqlErr) any {
	switch x := v.(type) {
	case nil:
		return nil
	case gqlObject:
		if x == nil {
			return nil
		}
		return s.resolve(sel.sub, x, path, errs)
	case []gqlObject:
		list := make([]any, 0, len(x))
		for i, o := range x {
			list = append(list, s.resolve(sel.sub, o, append(append([]any{}, path...), i), errs))
		}
		return list
	}
	return v
}

type queryRoot struct{}

func (queryRoot) typeName() string { return "Query" }

func (queryRoot) field(s *Server, name string, args map[string]any) (any, *gqlErr) {
	switch name {
	case "rateLimit":
		return rateLimitObj{s}, nil
	case "repository":
		owner, _ := args["owner"].(string)
		rname, _ := args["name"].(string)
		rp := s.repos[strings.ToLower(owner+"/"+rname)]
		if rp == nil || rp.Refuse == http.StatusNotFound {
			return nil, &gqlErr{Type: "NOT_FOUND", Message: fmt.Sprintf("Could not resolve to a Repository with the name '%s/%s'.", owner, rname)}
		}
		if rp.Refuse != 0 {
			return nil, &gqlErr{Type: "FORBIDDEN", Message: "Resource not accessible by integration"}
		}
		return repoObj{rp}, nil
	}
	return nil, &gqlErr{Message: "Field '" + name + "' doesn't exist on type 'Query'"}
}

type rateLimitObj struct{ s *Server }

func (rateLimitObj) typeName() string { return "RateLimit" }

func (o rateLimitObj) field(s *Server, name string, _ map[string]any) (any, *gqlErr) {
	b := s.rate["graphql"]
	switch name {
	case "cost":
		return 1, nil
	case "limit":
		return s.cfg.RateLimit, nil
	case "remaining":
		return b.remaining, nil
	case "resetAt":
		return b.reset.UTC().Format(time.RFC3339), nil
	}
	return nil, &gqlErr{Message: "Field '" + name + "' doesn't exist on type 'RateLimit'"}
}

type repoObj struct{ r *Repo }

func (repoObj) typeName() string { return "Repository" }

func (o repoObj) field(s *Server, name string, args map[string]any) (any, *gqlErr) {
	switch name {
	case "name":
		return o.r.Name, nil
	case "nameWithOwner":
		return o.r.FullName(), nil
	case "isEmpty":
		return o.r.root == "", nil
	case "defaultBranchRef":
		if o.r.root == "" {
			return nil, nil
		}
		return refObj{o.r}, nil
	case "object":
		if oid, ok := args["oid"].(string); ok {
			if obj := s.objs[oid]; obj != nil {
				return objOf(obj), nil
			}
			return nil, nil
		}
		expr, _ := args["expression"].(string)
		rev, p, ok := strings.Cut(expr, ":")
		if _, known := o.r.commitOf(rev); !ok || !known {
			return nil, nil
		}
		cur := s.objs[o.r.root]
		for _, part := range strings.Split(p, "/") {
			if part == "" {
				continue
			}
			var nxt *gitObject
			for _, e := range cur.entries {
				if e.name == part {
					nxt = e.obj
				}
			}
			if nxt == nil || !cur.tree {
				return nil, nil
			}
			cur = nxt
		}
		return objOf(cur), nil
	case "environments":
		first, _ := args["first"].(int)
		names := make([]string, 0, len(o.r.Environments))
		for n := range o.r.Environments {
			names = append(names, n)
		}
		sort.Strings(names)
		return envConnection{names: names, first: first}, nil
	}
	return nil, &gqlErr{Message: "Field '" + name + "' doesn't exist on type 'Repository'"}
}

// envConnection is a repository's environments: totalCount and the first
// nodes.
type envConnection struct {
	names []string
	first int
}

func (envConnection) typeName() string { return "EnvironmentConnection" }

func (c envConnection) field(_ *Server, name string, _ map[string]any) (any, *gqlErr) {
	switch name {
	case "totalCount":
		return len(c.names), nil
	case "nodes":
		n := len(c.names)
		if c.first > 0 {
			n = min(n, c.first)
		}
		list := make([]gqlObject, 0, n)
		for _, e := range c.names[:n] {
			list = append(list, envNode(e))
		}
		return list, nil
	}
	return nil, &gqlErr{Message: "Field '" + name + "' doesn't exist on type 'EnvironmentConnection'"}
}

type envNode string

func (envNode) typeName() string { return "Environment" }

func (e envNode) field(_ *Server, name string, _ map[string]any) (any, *gqlErr) {
	if name == "name" {
		return string(e), nil
	}
	return nil, &gqlErr{Message: "Field '" + name + "' doesn't exist on type 'Environment'"}
}

type refObj struct{ r *Repo }

func (refObj) typeName() string { return "Ref" }

func (o refObj) field(s *Server, name string, _ map[string]any) (any, *gqlErr) {
	switch name {
	case "name":
		return o.r.DefaultBranch, nil
	case "target":
		return commitObj{o.r.Commit()}, nil
	}
	return nil, &gqlErr{Message: "Field '" + name + "' doesn't exist on type 'Ref'"}
}

type commitObj struct{ oid string }

func (commitObj) typeName() string { return "Commit" }

func (o commitObj) field(_ *Server, name string, _ map[string]any) (any, *gqlErr) {
	if name == "oid" {
		return o.oid, nil
	}
	return nil, &gqlErr{Message: "Field '" + name + "' doesn't exist on type 'Commit'"}
}

func objOf(o *gitObject) gqlObject {
	if o.tree {
		return treeObj{o}
	}
	return blobObj{o}
}

type treeObj struct{ o *gitObject }

func (treeObj) typeName() string { return "Tree" }

func (t treeObj) field(_ *Server, name string, _ map[string]any) (any, *gqlErr) {
	switch name {
	case "oid":
		return t.o.id, nil
	case "entries":
		list := make([]gqlObject, 0, len(t.o.entries))
		for _, e := range t.o.entries {
			list = append(list, entryObj{e})
		}
		return list, nil
	}
	return nil, &gqlErr{Message: "Field '" + name + "' doesn't exist on type 'Tree'"}
}

type entryObj struct{ e treeEntry }

func (entryObj) typeName() string { return "TreeEntry" }

func (t entryObj) field(_ *Server, name string, _ map[string]any) (any, *gqlErr) {
	switch name {
	case "name", "path":
		return t.e.name, nil
	case "type":
		if t.e.obj.tree {
			return "tree", nil
		}
		return "blob", nil
	case "oid":
		return t.e.obj.id, nil
	case "mode":
		if t.e.obj.tree {
			return 0o40000, nil
		}
		return 0o100644, nil
	case "object":
		return objOf(t.e.obj), nil
	}
	return nil, &gqlErr{Message: "Field '" + name + "' doesn't exist on type 'TreeEntry'"}
}

type blobObj struct{ o *gitObject }

func (blobObj) typeName() string { return "Blob" }

func (b blobObj) field(s *Server, name string, _ map[string]any) (any, *gqlErr) {
	switch name {
	case "oid":
		return b.o.id, nil
	case "byteSize":
		return len(b.o.data), nil
	case "isBinary":
		return false, nil
	case "isTruncated":
		return false, nil
	case "text":
		return string(s.blobData(b.o)), nil
	}
	return nil, &gqlErr{Message: "Field '" + name + "' doesn't exist on type 'Blob'"}
}

func (s *Server) serveGraphQL(w http.ResponseWriter, r *http.Request) {
	if s.cfg.GraphQLRefused {
		message(w, http.StatusForbidden, "Resource not accessible by integration")
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil {
		message(w, http.StatusBadRequest, "bad body")
		return
	}
	var req struct {
		Query string `json:"query"`
	}
	if err := json.Unmarshal(body, &req); err != nil {
		message(w, http.StatusBadRequest, "Problems parsing JSON")
		return
	}
	sels, err := parseQuery(req.Query)
	if err != nil {
		writeJSON(w, http.StatusOK, map[string]any{"errors": []gqlErr{{Message: "Parse error: " + err.Error()}}})
		return
	}
	s.mu.Lock()
	var errs []gqlErr
	data := s.resolve(sels, queryRoot{}, nil, &errs)
	s.mu.Unlock()
	for _, k := range graphqlReadKeys(sels) {
		s.logRead(k)
	}
	out := map[string]any{"data": data}
	if len(errs) > 0 {
		out["errors"] = errs
	}
	writeJSON(w, http.StatusOK, out)
}
