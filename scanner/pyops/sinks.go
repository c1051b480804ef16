package pyops

import (
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/pat2app/pat2app/knowledge"
	"github.com/pat2app/pat2app/scanner/codeflow"
)

// maxDepth bounds how far values are followed.
const maxDepth = 48

func (a *analyzer) spend() bool {
	if a.budget <= 0 {
		return false
	}
	a.budget--
	return true
}

// sources lists where the value of n comes from, as far as it carries a
// credential. With mark, the nodes it reads through are marked consumed.
func (a *analyzer) sources(n *node, depth int, mark bool) []string {
	if n == nil || depth > maxDepth || !a.spend() {
		return nil
	}
	if mark {
		a.consumed[n] = true
	}
	if s := a.sourceOf(n); s != "" {
		return []string{s}
	}
	switch n.kind {
	case nName:
		return a.nameSources(n.name, depth, mark)
	case nAttr:
		if n.x.kind == nName && a.argsVars[n.x.name] {
			return []string{a.optionSource(n.name)}
		}
		if d := dotted(n); d != "" {
			if _, ok := a.assigns[d]; ok {
				return a.nameSources(d, depth, mark)
			}
		}
	case nIndex:
		if k, ok := constString(n.y); ok && containsSource(a.sources(n.x, depth+1, false), codeflow.SourceEnv+"*") {
			// A copy of the environment, indexed: that variable.
			if mark {
				a.sources(n.x, depth+1, true)
			}
			return []string{codeflow.SourceEnv + k}
		}
		if d := dotted(n.x); d != "" {
			if k, ok := constString(n.y); ok {
				if v, ok := a.items[d][k]; ok {
					return a.sources(v, depth+1, mark)
				}
				for _, v := range a.assigns[d] {
					if v.kind == nDict {
						if val := dictValue(v, k); val != nil {
							return a.sources(val, depth+1, mark)
						}
					}
				}
			}
		}
	case nStr:
		var out []string
		for _, f := range n.fexprs {
			out = codeflow.Union(out, a.sources(f, depth+1, mark)...)
		}
		return out
	case nBin:
		switch n.name {
		case "+", "%", "or":
			return codeflow.Union(a.sources(n.x, depth+1, mark), a.sources(n.y, depth+1, mark)...)
		case "and":
			return a.sources(n.y, depth+1, mark)
		}
	case nCond:
		return codeflow.Union(a.sources(n.x, depth+1, mark), a.sources(n.z, depth+1, mark)...)
	case nList:
		var out []string
		for _, e := range n.args {
			out = codeflow.Union(out, a.sources(e, depth+1, mark)...)
		}
		return out
	case nDict:
		var out []string
		for _, v := range n.vals {
			out = codeflow.Union(out, a.sources(v, depth+1, mark)...)
		}
		return out
	case nStar:
		return a.sources(n.x, depth+1, mark)
	case nCall:
		q := a.qual(n.x)
		switch q {
		case "str", "format", "Auth.Token", "github.Auth.Token", "github.Auth.Login":
			var out []string
			for _, arg := range n.args {
				out = codeflow.Union(out, a.sources(arg, depth+1, mark)...)
			}
			return out
		case "dict":
			if len(n.args) > 0 {
				return a.sources(n.args[0], depth+1, mark)
			}
		}
		if n.x.kind == nAttr && n.x.name == "get" && len(n.args) > 0 {
			if k, ok := constString(n.args[0]); ok && containsSource(a.sources(n.x.x, depth+1, false), codeflow.SourceEnv+"*") {
				return []string{codeflow.SourceEnv + k}
			}
		}
		if n.x.kind == nAttr {
			switch n.x.name {
			case "strip", "rstrip", "lstrip", "format", "replace", "encode", "decode", "copy", "get":
				out := a.sources(n.x.x, depth+1, mark)
				for _, arg := range n.args {
					out = codeflow.Union(out, a.sources(arg, depth+1, mark)...)
				}
				return out
			}
		}
		if n.x.kind == nName {
			if f, ok := a.funcs[n.x.name]; ok {
				var out []string
				for _, r := range f.returns {
					out = codeflow.Union(out, a.sources(r, depth+1, mark)...)
				}
				return out
			}
		}
	}
	return nil
}

// nameSources follows a variable to what is assigned to it, or what the
// calls of its function bind to it as a parameter. What a name carries is
// worked out once; with mark, the values assigned to it are marked
// consumed.
func (a *analyzer) nameSources(name string, depth int, mark bool) []string {
	if mark {
		for _, v := range a.assigns[name] {
			a.consumed[v] = true
		}
		for _, v := range a.items[name] {
			a.consumed[v] = true
		}
	}
	if srcs, ok := a.nameCache[name]; ok {
		return srcs
	}
	a.nameCache[name] = nil // a cycle adds nothing
	budget := a.budget
	a.budget = maxWork
	var out []string
	if b, ok := a.bound[name]; ok {
		out = codeflow.Union(out, b...)
	}
	vals, assigned := a.assigns[name]
	for _, v := range vals {
		out = codeflow.Union(out, a.sources(v, depth+1, false)...)
	}
	for _, v := range a.items[name] {
		out = codeflow.Union(out, a.sources(v, depth+1, false)...)
	}
	if len(out) == 0 && !assigned && a.paramOf[name] {
		out = []string{codeflow.SourceParam + name}
	}
	a.budget = budget
	a.nameCache[name] = out
	return out
}

// sourceOf names the source a node reads directly: os.environ['X'],
// os.getenv('X'), os.environ.get('X'), sys.argv[N], os.environ.
func (a *analyzer) sourceOf(n *node) string {
	switch n.kind {
	case nIndex:
		switch a.qual(n.x) {
		case "os.environ":
			if k, ok := constString(n.y); ok {
				return codeflow.SourceEnv + k
			}
			return codeflow.SourceEnv + "*"
		case "sys.argv":
			if n.y.kind == nNum {
				if i, err := strconv.Atoi(n.y.name); err == nil && i >= 1 {
					return codeflow.SourceArg + strconv.Itoa(i)
				}
			}
		}
	case nCall:
		switch a.qual(n.x) {
		case "os.getenv", "os.environ.get", "os.environ.setdefault":
			if len(n.args) > 0 {
				if k, ok := constString(n.args[0]); ok {
					return codeflow.SourceEnv + k
				}
			}
			return codeflow.SourceEnv + "*"
		case "os.environ.copy", "dict":
			if a.qual(n.x) == "os.environ.copy" || len(n.args) == 1 && a.qual(n.args[0]) == "os.environ" {
				return codeflow.SourceEnv + "*"
			}
		case "argparse.ArgumentParser.parse_args":
		}
		if n.x.kind == nAttr && (n.x.name == "parse_args" || n.x.name == "parse_known_args") {
			return "" // the parsed options object: its fields are read
		}
	case nAttr:
		if a.qual(n) == "os.environ" {
			return codeflow.SourceEnv + "*"
		}
	}
	return ""
}

// dictValue is the value of key k in a dict display.
func dictValue(d *node, k string) *node {
	for i, key := range d.keys {
		if key == nil {
			continue
		}
		if s, ok := constString(key); ok && s == k {
			return d.vals[i]
		}
	}
	return nil
}

// requestMethods are the HTTP methods named by a client function.
var requestMethods = map[string]string{"get": "GET", "post": "POST", "put": "PUT", "patch": "PATCH", "delete": "DELETE", "head": "HEAD", "options": "OPTIONS"}

// sessionTypes are the HTTP session and client classes.
var sessionTypes = map[string]bool{"requests.Session": true, "requests.session": true, "requests.sessions.Session": true,
	"httpx.Client": true, "httpx.AsyncClient": true}

// typeOf names the type of a value: a session class, or pygithub:CLASS.
func (a *analyzer) typeOf(n *node, depth int) string {
	if n == nil || depth > maxDepth || !a.spend() {
		return ""
	}
	switch n.kind {
	case nName:
		if t, ok := a.typeCache[n.name]; ok {
			return t
		}
		a.typeCache[n.name] = ""
		for _, v := range a.assigns[n.name] {
			if t := a.typeOf(v, depth+1); t != "" {
				a.typeCache[n.name] = t
				return t
			}
		}
	case nAttr:
		if d := dotted(n); d != "" {
			for _, v := range a.assigns[d] {
				if t := a.typeOf(v, depth+1); t != "" {
					return t
				}
			}
		}
	case nCall:
		q := a.qual(n.x)
		switch {
		case sessionTypes[q]:
			return q
		case q == "github.Github" || q == "Github" && a.imports["Github"] == "github.Github":
			return "pygithub:Github"
		}
		if n.x.kind == nAttr {
			if t := a.typeOf(n.x.x, depth+1); strings.HasPrefix(t, "pygithub:") {
				if c, ok := a.pyGithubCall(n, strings.TrimPrefix(t, "pygithub:"), n.x.name); ok && c.Returns != "" {
					return "pygithub:" + c.Returns
				}
			}
		}
	case nIndex:
		return a.typeOf(n.x, depth+1)
	}
	for _, v := range a.valuesOf(n) {
		if t := a.typeOf(v, depth+1); t != "" {
			return t
		}
	}
	return ""
}

// valuesOf are the expressions whose values a call of one of the script's
// own functions (what it returns) or a comprehension (its element) stands
// for; the elements of a comprehension stand for it as a PaginatedList's
// class does.
func (a *analyzer) valuesOf(n *node) []*node {
	switch {
	case n.kind == nComp:
		return []*node{n.x}
	case n.kind == nCall && n.x.kind == nName:
		if f, ok := a.funcs[n.x.name]; ok {
			return f.returns
		}
	}
	return nil
}

// visitCalls finds the calls in an expression that use a credential.
func (a *analyzer) visitCalls(e *node) {
	walk(e, func(n *node) {
		if n.kind != nCall {
			return
		}
		a.budget = maxWork
		a.call(n)
	})
}

// call reads one call.
func (a *analyzer) call(n *node) {
	q := a.qual(n.x)
	switch {
	case strings.HasPrefix(q, "subprocess.") || q == "os.system" || q == "os.popen" || strings.HasPrefix(q, "os.exec") || strings.HasPrefix(q, "os.spawn"):
		a.subprocess(n, q)
		return
	case q == "urllib.request.Request" || q == "Request" && a.imports["Request"] == "urllib.request.Request":
		a.urllibRequest(n)
		return
	}
	if m, ok := httpFunction(q); ok {
		a.httpCall(n, m, nil)
		return
	}
	if a.gitWrapperCall(n, q) {
		return
	}
	if n.x.kind != nAttr {
		return
	}
	recv := n.x.x
	t := a.typeOf(recv, 0)
	switch {
	case sessionTypes[t]:
		if m, ok := requestMethods[n.x.name]; ok || n.x.name == "request" || n.x.name == "stream" {
			a.httpCall(n, m, recv)
		}
	case strings.HasPrefix(t, "pygithub:"):
		a.pyGithub(n, strings.TrimPrefix(t, "pygithub:"))
	case t == "" && pyGithubWriteName(n.x.name):
		// A PyGithub write method on an object whose class is not
		// followed (a parameter, a loop over a list the script built):
		// what it writes is not known, so it is not taken for nothing.
		if auth := a.pyGithubClients(); len(auth) > 0 {
			a.prog.Calls = append(a.prog.Calls, Call{Line: n.line, Auth: auth, Host: "api.github.com", Evidence: renderNode(n.x),
				Unknown: "PyGithub write method " + n.x.name + " called on an object whose class is not known"})
		}
	}
}

// builtinMethods are the methods of Python's str, list, dict and set,
// which a PyGithub object does not have.
var builtinMethods = map[string]bool{
	"append": true, "extend": true, "insert": true, "pop": true, "remove": true, "clear": true, "copy": true, "count": true,
	"index": true, "reverse": true, "sort": true, "keys": true, "values": true, "items": true, "get": true, "setdefault": true,
	"update": true, "add": true, "discard": true, "union": true, "intersection": true, "difference": true,
	"split": true, "rsplit": true, "strip": true, "lstrip": true, "rstrip": true, "join": true, "format": true, "lower": true,
	"upper": true, "replace": true, "startswith": true, "endswith": true, "encode": true, "decode": true, "splitlines": true,
}

// pyGithubWriteName reports a method name that is a PyGithub write method
// and not also a common method of Python's own types (close, update,
// lock, cancel, ...): a name with an underscore, or one of PyGithub's
// single-word writes that the standard library does not use.
func pyGithubWriteName(name string) bool {
	if _, writes := knowledge.PyGithubMethodName(name); !writes {
		return false
	}
	switch name {
	case "edit", "merge", "delete", "dismiss", "rerun", "rerequest", "minimize", "unminimize":
		return true
	}
	return strings.Contains(name, "_")
}

// pyGithubClients are the credentials of the PyGithub clients the script
// makes (Github(...)), once each.
func (a *analyzer) pyGithubClients() []string {
	if a.clientAuth != nil {
		return *a.clientAuth
	}
	var out []string
	for _, st := range a.stmts {
		for _, e := range st.all() {
			walk(e, func(n *node) {
				if n.kind == nCall {
					if q := a.qual(n.x); q == "github.Github" || q == "Github" {
						a.budget = maxWork
						out = codeflow.Union(out, a.pyGithubAuth(n, 0)...)
					}
				}
			})
		}
	}
	a.clientAuth = &out
	return out
}

// httpFunction reads requests.get, httpx.post, requests.request, ...
func httpFunction(q string) (string, bool) {
	mod, fn, ok := strings.Cut(q, ".")
	if !ok || mod != "requests" && mod != "httpx" {
		return "", false
	}
	if m, ok := requestMethods[fn]; ok {
		return m, true
	}
	if fn == "request" || fn == "stream" {
		return "", true
	}
	return "", false
}

// kwValue is the value of a keyword argument.
func kwValue(n *node, name string) *node {
	for _, k := range n.kw {
		if k.name == name {
			return k.val
		}
	}
	return nil
}

// httpCall reads a request of requests or httpx; session is the session
// or client it goes through, nil for a module function.
func (a *analyzer) httpCall(n *node, method string, session *node) {
	a.consumed[n] = true
	args := n.args
	if method == "" {
		// request(method, url, ...)
		if len(args) > 0 {
			if m, ok := constString(args[0]); ok {
				method = strings.ToUpper(m)
			}
			args = args[1:]
		} else if v := kwValue(n, "method"); v != nil {
			if m, ok := constString(v); ok {
				method = strings.ToUpper(m)
			}
		}
	}
	url := kwValue(n, "url")
	if url == nil && len(args) > 0 {
		url = args[0]
	}
	auth := a.requestAuth(n)
	if session != nil {
		auth = codeflow.Union(auth, a.sessionAuth(session)...)
	}
	c := Call{Line: n.line, Auth: auth, Evidence: renderNode(n.x)}
	if method == "" {
		c.Unknown = "its method is chosen at run time"
		a.prog.Calls = append(a.prog.Calls, c)
		return
	}
	text, ok := a.urlText(url)
	if !ok && session != nil {
		if base := a.sessionBase(session); base != "" {
			if rest, ok2 := a.urlText(url); ok2 {
				text, ok = base+rest, true
			}
		}
	}
	if !ok {
		if len(auth) > 0 {
			c.Unknown = codeflow.URLAtRunTime
			a.prog.Calls = append(a.prog.Calls, c)
		}
		return
	}
	a.route(&c, method, text, n)
}

// route fills a call from its method and URL text; a POST to /graphql
// reads its query from json= or data=.
func (a *analyzer) route(c *Call, method, text string, n *node) {
	host, path := codeflow.SplitURL(text)
	if host == "" && strings.HasPrefix(path, "{") {
		// f"{server}/api/v4/posts": the host is a value known only at
		// run time, GitHub's or another service's.
		if len(c.Auth) > 0 {
			c.Unknown = codeflow.HostAtRunTime + ": " + text
			a.prog.Calls = append(a.prog.Calls, *c)
		}
		return
	}
	c.Host = host
	if host == knowledge.RawContentHost && method == "GET" {
		// A file of a repository: what the contents API reads.
		if _, _, route, ok := knowledge.RawContentRoute(path); ok {
			c.Method, c.Path = method, route
			c.Repo = codeflow.RepoOfPath(route)
			a.prog.Calls = append(a.prog.Calls, *c)
			return
		}
	}
	if host != "api.github.com" {
		if len(c.Auth) > 0 {
			a.prog.Calls = append(a.prog.Calls, *c)
		}
		return
	}
	c.Method, c.Path = method, path
	if path == "/graphql" && n != nil {
		for _, k := range []string{"json", "data"} {
			if body := kwValue(n, k); body != nil {
				if d := a.dictOf(body, 0); d != nil {
					if q, ok := a.strText(dictValue(d, "query"), nil); ok {
						c.GraphQL = q
					}
				}
			}
		}
	}
	c.Repo = codeflow.RepoOfPath(path)
	a.prog.Calls = append(a.prog.Calls, *c)
}

// requestAuth lists the credential sources of a request's headers, auth,
// cookies and params.
func (a *analyzer) requestAuth(n *node) []string {
	var out []string
	for _, k := range []string{"headers", "auth", "cookies", "params"} {
		if v := kwValue(n, k); v != nil {
			out = codeflow.Union(out, a.sources(v, 0, true)...)
		}
	}
	return out
}

// sessionAuth lists what a session's headers and auth carry: its
// constructor's headers= and auth=, s.headers.update({...}),
// s.headers['X'] = v, s.auth = v.
func (a *analyzer) sessionAuth(session *node) []string {
	name := dotted(session)
	if name == "" {
		return nil
	}
	if out, ok := a.sessionCache[name]; ok {
		return out
	}
	out := a.readSessionAuth(name)
	a.sessionCache[name] = out
	return out
}

func (a *analyzer) readSessionAuth(name string) []string {
	var out []string
	for _, v := range a.assigns[name] {
		if v.kind == nCall {
			out = codeflow.Union(out, a.requestAuth(v)...)
		}
	}
	for _, k := range []string{name + ".headers", name + ".auth"} {
		out = codeflow.Union(out, a.nameSources(k, 0, true)...)
	}
	if a.headerUpdates == nil {
		a.headerUpdates = map[string][]*node{}
		for _, s := range a.stmts {
			for _, e := range s.all() {
				walk(e, func(c *node) {
					if c.kind == nCall && c.x.kind == nAttr && c.x.name == "update" && c.x.x.kind == nAttr && c.x.x.name == "headers" {
						d := dotted(c.x.x.x)
						a.headerUpdates[d] = append(a.headerUpdates[d], c)
					}
				})
			}
		}
	}
	for _, c := range a.headerUpdates[name] {
		a.consumed[c] = true
		for _, arg := range c.args {
			out = codeflow.Union(out, a.sources(arg, 0, true)...)
		}
	}
	return out
}

// sessionBase is an httpx client's base_url, "" when none.
func (a *analyzer) sessionBase(session *node) string {
	name := dotted(session)
	for _, v := range a.assigns[name] {
		if v.kind == nCall {
			if b := kwValue(v, "base_url"); b != nil {
				if s, ok := a.urlText(b); ok {
					return strings.TrimSuffix(s, "/")
				}
			}
		}
	}
	return ""
}

// dictOf is the dict display n is or is bound to.
func (a *analyzer) dictOf(n *node, depth int) *node {
	if n == nil || depth > maxDepth {
		return nil
	}
	switch n.kind {
	case nDict:
		return n
	case nName:
		for _, v := range a.assigns[n.name] {
			if d := a.dictOf(v, depth+1); d != nil {
				return d
			}
		}
	}
	return nil
}

// urlText renders a URL: constants as they are, the runner's variables
// that name the API and the repository as their values, other parts as
// {expr}.
func (a *analyzer) urlText(n *node) (string, bool) {
	return a.strText(n, func(h *node) string {
		if part, ok := codeflow.RunnerURLPart(a.sources(h, 0, false)); ok {
			return part
		}
		return "{" + renderNode(h) + "}"
	})
}

// strText renders a string-like value with hole for the parts that are
// not constants (nil: give up on them). ok is false when n is not
// string-like or is one hole.
func (a *analyzer) strText(n *node, hole func(*node) string) (string, bool) {
	var b strings.Builder
	holes, parts := 0, 0
	var add func(n *node, depth int) bool
	add = func(n *node, depth int) bool {
		if n == nil || depth > maxDepth {
			return false
		}
		switch n.kind {
		case nStr:
			if n.str == nil {
				return false
			}
			if n.str.fparts == nil {
				b.WriteString(n.str.value)
				parts++
				return true
			}
			k := 0
			for _, f := range n.str.fparts {
				if !f.isEx {
					b.WriteString(f.lit)
					parts++
					continue
				}
				if k < len(n.fexprs) && !add(n.fexprs[k], depth+1) {
					if hole == nil {
						return false
					}
					b.WriteString(hole(n.fexprs[k]))
					holes++
				}
				k++
			}
			return true
		case nBin:
			if n.name != "+" {
				break
			}
			return (add(n.x, depth+1) || hole != nil && write(&b, hole(n.x), &holes)) &&
				(add(n.y, depth+1) || hole != nil && write(&b, hole(n.y), &holes))
		case nName:
			// A name assigned once where it is read stands for its value,
			// holes and all (url = f"https://api.github.com/repos/{owner}/{repo}").
			if v := a.valueOf(n); v != nil && v != n {
				return add(v, depth+1)
			}
		case nCall:
			// "...".format(...) and "..." % (...): the template with holes.
			if n.x.kind == nAttr && n.x.name == "format" {
				if s, ok := constString(n.x.x); ok && hole != nil {
					b.WriteString(formatHoles(s))
					parts++
					return true
				}
			}
		}
		return false
	}
	if !add(n, 0) {
		if hole == nil || n == nil {
			return "", false
		}
		return "", false
	}
	s := b.String()
	if strings.TrimSpace(s) == "" || parts == 0 && holes <= 1 {
		return "", false
	}
	return s, true
}

func write(b *strings.Builder, s string, holes *int) bool {
	b.WriteString(s)
	*holes++
	return true
}

// formatHoles writes str.format's fields as {value}.
func formatHoles(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '{' {
			if j := strings.IndexByte(s[i:], '}'); j > 0 {
				b.WriteString("{value}")
				i += j
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// urllibRequest reads urllib.request.Request(url, data, headers, method).
func (a *analyzer) urllibRequest(n *node) {
	a.consumed[n] = true
	url := kwValue(n, "url")
	if url == nil && len(n.args) > 0 {
		url = n.args[0]
	}
	data := kwValue(n, "data")
	if data == nil && len(n.args) > 1 {
		data = n.args[1]
	}
	headers := kwValue(n, "headers")
	if headers == nil && len(n.args) > 2 {
		headers = n.args[2]
	}
	method := "GET"
	if data != nil {
		method = "POST"
	}
	if m := kwValue(n, "method"); m != nil {
		if s, ok := constString(m); ok {
			method = strings.ToUpper(s)
		}
	}
	var auth []string
	if headers != nil {
		auth = a.sources(headers, 0, true)
	}
	c := Call{Line: n.line, Auth: auth, Evidence: renderNode(n.x)}
	text, ok := a.urlText(url)
	if !ok {
		if len(auth) > 0 {
			c.Unknown = codeflow.URLAtRunTime
			a.prog.Calls = append(a.prog.Calls, c)
		}
		return
	}
	a.route(&c, method, text, nil)
}

// pyGithubLocal are PyGithub client methods that send no request: Github's
// close() and context-manager methods only close the requester's
// connections (PyGithub v2.10.0 github/MainClass.py: close, __enter__,
// __exit__; their docstrings have no :calls: line).
var pyGithubLocal = map[string]bool{"Github.close": true, "Github.__enter__": true, "Github.__exit__": true}

// pyGithub reads a method call on a PyGithub object.
func (a *analyzer) pyGithub(n *node, cls string) {
	a.consumed[n] = true
	auth := a.pyGithubAuth(n.x.x, 0)
	c := Call{Line: n.line, Auth: auth, Host: "api.github.com", Evidence: renderNode(n.x)}
	if len(auth) == 0 {
		return
	}
	if pyGithubLocal[cls+"."+n.x.name] {
		return // no request
	}
	row, ok := a.pyGithubCall(n, cls, n.x.name)
	if !ok {
		if known, _ := knowledge.PyGithubMethodName(n.x.name); builtinMethods[n.x.name] && !known {
			// x.pop() on a name also bound to a PyGithub object
			// elsewhere (names are followed whatever their scope): a
			// dict's or a list's method, no API call.
			return
		}
		c.Unknown = "PyGithub method " + cls + "." + n.x.name + " is not in the knowledge base"
		a.prog.Calls = append(a.prog.Calls, c)
		return
	}
	c.Method, c.Path = row.Method, row.Path
	if cls == "Github" && n.x.name == "get_user" && len(n.args) == 0 {
		c.Path = "/user"
	}
	c.Repo = a.pyGithubRepo(n, 0)
	a.prog.Calls = append(a.prog.Calls, c)
}

// pyGithubAuth follows a PyGithub object to the Github client it comes
// from and returns the sources of that client's credential.
func (a *analyzer) pyGithubAuth(n *node, depth int) []string {
	if n == nil || depth > maxDepth || !a.spend() {
		return nil
	}
	switch n.kind {
	case nName, nAttr:
		d := dotted(n)
		var out []string
		for _, v := range a.assigns[d] {
			out = codeflow.Union(out, a.pyGithubAuth(v, depth+1)...)
		}
		return out
	case nCall:
		q := a.qual(n.x)
		if q == "github.Github" || q == "Github" {
			a.consumed[n] = true
			var out []string
			if len(n.args) > 0 {
				out = codeflow.Union(out, a.sources(n.args[0], 0, true)...)
			}
			for _, k := range []string{"login_or_token", "auth", "password", "jwt"} {
				if v := kwValue(n, k); v != nil {
					out = codeflow.Union(out, a.sources(v, 0, true)...)
				}
			}
			if len(out) == 0 {
				return []string{codeflow.SourceParam + "Github"} // a client whose credential is not visible
			}
			return out
		}
		if n.x.kind == nAttr {
			return a.pyGithubAuth(n.x.x, depth+1)
		}
	case nIndex:
		return a.pyGithubAuth(n.x, depth+1)
	}
	var out []string
	for _, v := range a.valuesOf(n) {
		out = codeflow.Union(out, a.pyGithubAuth(v, depth+1)...)
	}
	return out
}

// pyGithubRepo finds the literal owner/name of the get_repo a call's
// object comes from.
func (a *analyzer) pyGithubRepo(n *node, depth int) string {
	if n == nil || depth > maxDepth || !a.spend() {
		return ""
	}
	switch n.kind {
	case nCall:
		if n.x.kind == nAttr && n.x.name == "get_repo" && len(n.args) > 0 {
			if s, ok := constString(n.args[0]); ok && strings.Count(s, "/") == 1 {
				return s
			}
			return ""
		}
		if n.x.kind == nAttr {
			return a.pyGithubRepo(n.x.x, depth+1)
		}
	case nName, nAttr:
		for _, v := range a.assigns[dotted(n)] {
			if r := a.pyGithubRepo(v, depth+1); r != "" {
				return r
			}
		}
	case nIndex:
		return a.pyGithubRepo(n.x, depth+1)
	}
	for _, v := range a.valuesOf(n) {
		if r := a.pyGithubRepo(v, depth+1); r != "" {
			return r
		}
	}
	return ""
}

// subprocess reads a program run: subprocess.run([...]), check_output,
// Popen, call, os.system("..."), os.popen.
func (a *analyzer) subprocess(n *node, q string) {
	a.consumed[n] = true
	if len(n.args) == 0 {
		if v := kwValue(n, "args"); v != nil {
			n.args = []*node{v}
		} else {
			return
		}
	}
	first := n.args[0]
	shell := q == "os.system" || q == "os.popen" || q == "subprocess.getoutput" || q == "subprocess.getstatusoutput"
	if v := kwValue(n, "shell"); v != nil && v.kind == nName && v.name == "True" {
		shell = true
	}
	cmd := Command{Line: n.line, Inherit: true, Evidence: renderNode(n.x) + "(" + truncate(renderNode(first), 80) + ")"}
	hole := a.holeIn(&cmd)
	list := a.listOf(first, 0)
	if list == nil || slices.ContainsFunc(list.args, func(e *node) bool { return e.kind == nStar }) {
		if variants, ok := a.listVariants(first, 0); ok && len(variants) > 0 {
			// [prog] + args, args a parameter of a wrapper every call
			// of which passes a list: one command per call.
			for _, v := range variants {
				c := cmd
				c.Vars, c.Shown = nil, nil
				a.listCommand(&c, &node{kind: nList, args: v, line: n.line}, a.holeIn(&c))
				c.Evidence = renderNode(n.x) + "(" + truncate(renderNode(&node{kind: nList, args: v}), 80) + ")"
				a.processEnv(&c, kwValue(n, "env"))
				a.prog.Commands = append(a.prog.Commands, c)
			}
			return
		}
	}
	switch {
	case list != nil:
		a.listCommand(&cmd, list, hole)
	default:
		s, ok := a.strText(first, hole)
		if !ok {
			if s2, ok2 := constString(first); ok2 {
				s, ok = s2, true
			}
		}
		switch {
		case !ok:
			cmd.Unknown = "the command is built at run time"
			cmd.Text = hole(first)
		case shell:
			cmd.Text = s
		default:
			// A string without shell=True is the program's name alone.
			cmd.Text = codeflow.ShellQuote(s)
		}
	}
	a.processEnv(&cmd, kwValue(n, "env"))
	a.prog.Commands = append(a.prog.Commands, cmd)
}

// gitSubcommands are the git commands a wrapper's first argument names
// (git_command("push", ...)): those that reach a remote, and those that
// make what a push sends.
var gitSubcommands = map[string]bool{
	"push": true, "fetch": true, "pull": true, "clone": true, "ls-remote": true,
	"commit": true, "tag": true, "merge": true, "rebase": true, "cherry-pick": true,
	"checkout": true, "switch": true, "reset": true, "am": true, "apply": true, "remote": true,
}

// gitWrapperCall reads a call of a function this file does not define
// (one imported from another module of the repository, or from a
// package) that runs git: its literal arguments are a git command line,
// run_command("git", "push", ...) or, for a function named for git,
// git_command("push", "-f", "origin", tag). Such wrappers end in
// subprocess with the arguments they are given, whose program the
// wrapper's own module knows only at run time. It reports whether the
// call was read as one.
func (a *analyzer) gitWrapperCall(n *node, q string) bool {
	name := q
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		name = name[i+1:]
	}
	if name == "" || len(n.args) == 0 {
		return false
	}
	if _, own := a.funcs[name]; own && n.x.kind == nName {
		return false // read with the file's own functions (listVariants)
	}
	first, ok := constString(n.args[0])
	if !ok {
		return false
	}
	args := n.args
	switch {
	case first == "git" && len(n.args) > 1:
		sub, ok := constString(n.args[1])
		if !ok || !gitSubcommands[sub] {
			return false
		}
		args = n.args[1:]
	case gitSubcommands[first] && strings.Contains(strings.ToLower(name), "git"):
	default:
		return false
	}
	a.consumed[n] = true
	cmd := Command{Line: n.line, Inherit: true, Evidence: renderNode(n.x) + "(" + truncate(renderNode(n.args[0]), 80) + ")"}
	list := &node{kind: nList, args: args, line: n.line}
	// The program is written out, so only *args leaves the command
	// unknown (listCommand says so).
	a.listCommand(&cmd, list, a.holeIn(&cmd))
	cmd.Text = "git " + cmd.Text
	a.prog.Commands = append(a.prog.Commands, cmd)
	return true
}

// holeIn names, in cmd's text, a value that is not a constant: a shell
// variable of its own, with the sources the value carries.
func (a *analyzer) holeIn(cmd *Command) func(*node) string {
	return func(h *node) string {
		a.cmdN++
		return cmd.Hole("__py"+strconv.Itoa(a.cmdN), a.sources(h, 0, true), "{"+renderNode(h)+"}")
	}
}

// listCommand sets cmd's text from a list display of program and
// arguments, hole naming an element that is not a constant.
func (a *analyzer) listCommand(cmd *Command, list *node, hole func(*node) string) {
	var words []string
	for _, el := range list.args {
		if el.kind == nStar {
			cmd.Unknown = "its arguments are built at run time"
			continue
		}
		if s, ok := constString(el); ok {
			words = append(words, codeflow.ShellQuote(s))
		} else if s, ok := a.strText(el, nil); ok {
			words = append(words, codeflow.ShellQuote(s))
		} else if probe, ok := a.strText(el, func(*node) string { return `"$__py0"` }); ok && plainWord(probe) {
			// f"repos/{owner}/{repo}/pulls": its text, the values
			// known only at run time as variables in it.
			s, _ := a.strText(el, hole)
			words = append(words, s)
		} else {
			words = append(words, hole(el))
		}
	}
	cmd.Text = strings.Join(words, " ")
	if len(list.args) == 0 || list.args[0].kind == nStar {
		cmd.Unknown = "the program is built at run time"
	}
}

// heldValue is a variable Command.Hole writes into a command's text.
var heldValue = regexp.MustCompile(`"\$__py[0-9]+"`)

// plainWord reports whether text with holes in it is one shell word as it
// is: nothing but the holes needs quoting.
func plainWord(text string) bool {
	rest := heldValue.ReplaceAllString(text, "")
	return rest != "" && codeflow.ShellQuote(rest) == rest
}

// maxListVariants bounds the commands listVariants gives one call.
const maxListVariants = 32

// listVariants is, for a list built with + of list displays and
// parameters of the script's functions (["gh"] + args), the element lists
// it may be: a parameter stands for what each call of a function that
// has it passes there. ok is false when a part is anything else, a call
// passes something other than a list display, or no call passes it.
func (a *analyzer) listVariants(n *node, depth int) ([][]*node, bool) {
	if n == nil || depth > maxDepth {
		return nil, false
	}
	switch n.kind {
	case nList:
		i := slices.IndexFunc(n.args, func(e *node) bool { return e.kind == nStar })
		if i < 0 {
			return [][]*node{n.args}, true
		}
		// [prog, *args], args a function's *args: what each call of it
		// passes there.
		vs, ok := a.starVariants(n.args[i])
		if !ok || slices.ContainsFunc(n.args[i+1:], func(e *node) bool { return e.kind == nStar }) {
			return [][]*node{n.args}, true // listCommand says what is not known
		}
		var out [][]*node
		for _, v := range vs {
			out = append(out, slices.Concat(n.args[:i], v, n.args[i+1:]))
		}
		return out, true
	case nBin:
		if n.name != "+" {
			return nil, false
		}
		l, ok1 := a.listVariants(n.x, depth+1)
		r, ok2 := a.listVariants(n.y, depth+1)
		if !ok1 || !ok2 || len(l)*len(r) > maxListVariants {
			return nil, false
		}
		var out [][]*node
		for _, x := range l {
			for _, y := range r {
				out = append(out, append(append([]*node(nil), x...), y...))
			}
		}
		return out, true
	case nName:
		if vals := a.assigns[n.name]; len(vals) == 1 {
			return a.listVariants(vals[0], depth+1)
		} else if len(vals) > 1 || !a.paramOf[n.name] {
			return nil, false
		}
		passed := a.passedTo(n.name)
		if len(passed) == 0 || len(passed) > maxListVariants {
			return nil, false
		}
		var out [][]*node
		for _, v := range passed {
			if v.kind == nName && v.name == n.name {
				// Handed on by a wrapper of the wrapper (f(args) in
				// g(args)): g's calls are among those passed.
				continue
			}
			vs, ok := a.listVariants(v, depth+1)
			if !ok || len(out)+len(vs) > maxListVariants {
				return nil, false
			}
			out = append(out, vs...)
		}
		return out, len(out) > 0
	}
	return nil, false
}

// starVariants is, for *name in a list where name is the *args of one of
// the script's functions, the arguments each call of it passes there:
// those after its other positional parameters. ok is false when no
// function or several have it, or a call passes *x, keywords or nothing
// known for it.
func (a *analyzer) starVariants(st *node) ([][]*node, bool) {
	if st.name != "*" || st.x == nil || st.x.kind != nName {
		return nil, false
	}
	fname := ""
	for name, f := range a.funcs {
		if f.star >= 0 && f.params[f.star] == st.x.name {
			if fname != "" {
				return nil, false
			}
			fname = name
		}
	}
	if fname == "" || a.globals[st.x.name] {
		return nil, false
	}
	f := a.funcs[fname]
	var out [][]*node
	ok := true
	for _, s := range a.stmts {
		for _, e := range s.all() {
			walk(e, func(n *node) {
				if !ok || n.kind != nCall || n.x == nil || n.x.kind != nName || n.x.name != fname {
					return
				}
				if len(n.kw) > 0 || len(n.args) < f.star || slices.ContainsFunc(n.args, func(e *node) bool { return e.kind == nStar }) {
					ok = false
					return
				}
				out = append(out, n.args[f.star:])
			})
		}
	}
	return out, ok && len(out) > 0 && len(out) <= maxListVariants
}

// passedTo lists what the calls of the script's functions that have a
// parameter named param pass for it (by place or by keyword).
func (a *analyzer) passedTo(param string) []*node {
	var out []*node
	a.callArgs(func(_ *node, p string, v *node) {
		if p == param {
			out = append(out, v)
		}
	})
	return out
}

// listOf is the list or tuple display n is or is bound to.
func (a *analyzer) listOf(n *node, depth int) *node {
	if n == nil || depth > maxDepth {
		return nil
	}
	switch n.kind {
	case nList:
		return n
	case nName:
		vals := a.assigns[n.name]
		if len(vals) == 1 {
			return a.listOf(vals[0], depth+1)
		}
	}
	return nil
}

// processEnv reads a subprocess call's env=: a dict (with **os.environ
// to inherit), or a variable holding os.environ.copy() with items set.
func (a *analyzer) processEnv(cmd *Command, env *node) {
	if env == nil {
		return
	}
	a.consumed[env] = true
	cmd.Inherit = false
	set := func(k string, v *node) {
		if srcs := a.sources(v, 0, true); len(srcs) > 0 {
			if cmd.Env == nil {
				cmd.Env = map[string][]string{}
			}
			cmd.Env[k] = srcs
		}
	}
	var read func(n *node, depth int)
	read = func(n *node, depth int) {
		if n == nil || depth > maxDepth {
			return
		}
		if s := a.sourceOf(n); s == codeflow.SourceEnv+"*" {
			cmd.Inherit = true
			return
		}
		switch n.kind {
		case nDict:
			for i, k := range n.keys {
				if k == nil {
					read(n.vals[i], depth+1)
					continue
				}
				if name, ok := constString(k); ok {
					set(name, n.vals[i])
				}
			}
		case nName:
			for _, v := range a.assigns[n.name] {
				a.consumed[v] = true
				read(v, depth+1)
			}
			for k, v := range a.items[n.name] {
				set(k, v)
			}
		case nCall:
			if a.qual(n.x) == "dict" {
				for _, arg := range n.args {
					read(arg, depth+1)
				}
				for _, kw := range n.kw {
					if kw.name == "" {
						read(kw.val, depth+1)
					} else {
						set(kw.name, kw.val)
					}
				}
				return
			}
			cmd.Inherit = true // an environment built elsewhere
		default:
			cmd.Inherit = true
		}
	}
	read(env, 0)
}

// renderNode writes short source-like text for a node.
func renderNode(n *node) string {
	return truncate(render(n, 0), 120)
}

func render(n *node, depth int) string {
	if n == nil {
		return ""
	}
	if depth > 12 {
		return "…"
	}
	switch n.kind {
	case nName, nNum:
		return n.name
	case nStr:
		if s, ok := constString(n); ok {
			return strconv.Quote(truncate(s, 60))
		}
		if n.str != nil {
			var b strings.Builder
			b.WriteString(`f"`)
			for _, f := range n.str.fparts {
				if f.isEx {
					b.WriteString("{" + f.expr + "}")
				} else {
					b.WriteString(f.lit)
				}
			}
			b.WriteString(`"`)
			return truncate(b.String(), 80)
		}
		return "…"
	case nAttr:
		return render(n.x, depth+1) + "." + n.name
	case nCall:
		return render(n.x, depth+1) + "(…)"
	case nIndex:
		return render(n.x, depth+1) + "[" + render(n.y, depth+1) + "]"
	case nBin:
		return render(n.x, depth+1) + " " + n.name + " " + render(n.y, depth+1)
	case nList:
		return "[…]"
	case nDict:
		return "{…}"
	}
	return "…"
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n] + "…"
}

// Flows: every credential the script reads that no recognised call, check
// or function of its own accounts for.
func (a *analyzer) flows() {
	for _, s := range a.stmts {
		roots := s.all()
		for ri, root := range roots {
			isCond := s.cond && ri < len(s.exprs)
			isRet := s.ret
			isValue := root == s.value
			a.flowWalk(root, nil, func(stack []*node, srcs []string) {
				a.judge(stack, srcs, isCond, isRet, isValue)
			})
		}
	}
}

// flowWalk calls found for each credential read in n, with the nodes
// above it.
func (a *analyzer) flowWalk(n *node, stack []*node, found func([]*node, []string)) {
	if n == nil || len(stack) > maxExprDepth {
		return
	}
	stack = append(stack, n)
	a.budget = maxWork
	switch n.kind {
	case nName:
		if srcs := a.credSources(a.nameSources(n.name, 0, false)); len(srcs) > 0 {
			found(stack, srcs)
		}
		return
	case nIndex, nCall, nAttr:
		if n.kind == nIndex || n.kind == nCall && n.x.kind == nAttr && n.x.name == "get" {
			// environ_copy['X'] or environ_copy.get('X'): that variable.
			if srcs := a.sources(n, 0, false); len(srcs) == 1 && strings.HasPrefix(srcs[0], codeflow.SourceEnv) && srcs[0] != codeflow.SourceEnv+"*" &&
				a.sourceOf(n) == "" && n.x != nil {
				if src := a.sources(n.x, 0, false); containsSource(src, codeflow.SourceEnv+"*") || n.kind == nCall && containsSource(a.sources(n.x.x, 0, false), codeflow.SourceEnv+"*") {
					found(stack, srcs)
					return
				}
			}
		}
		if s := a.sourceOf(n); s != "" {
			if srcs := a.credSources([]string{s}); len(srcs) > 0 && !(s == codeflow.SourceEnv+"*" && memberOf(stack)) {
				found(stack, srcs)
			}
			return
		}
		if n.kind == nAttr && n.x.kind == nName && a.argsVars[n.x.name] {
			found(stack, []string{a.optionSource(n.name)})
			return
		}
	}
	for _, c := range children(n) {
		a.flowWalk(c, stack, found)
	}
}

func containsSource(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// credSources keeps the sources that may be a credential (not a
// parameter whose value is not known).
func (a *analyzer) credSources(srcs []string) []string {
	var out []string
	for _, s := range srcs {
		if !strings.HasPrefix(s, codeflow.SourceParam) {
			out = append(out, s)
		}
	}
	return out
}

// memberOf reports whether the node on top is the object of a member read.
func memberOf(stack []*node) bool {
	if len(stack) < 2 {
		return false
	}
	p, n := stack[len(stack)-2], stack[len(stack)-1]
	return (p.kind == nAttr || p.kind == nIndex) && p.x == n
}

func children(n *node) []*node {
	var out []*node
	for _, c := range []*node{n.x, n.y, n.z} {
		if c != nil {
			out = append(out, c)
		}
	}
	out = append(out, n.args...)
	for _, k := range n.kw {
		out = append(out, k.val)
	}
	for _, k := range n.keys {
		if k != nil {
			out = append(out, k)
		}
	}
	out = append(out, n.vals...)
	out = append(out, n.fexprs...)
	return out
}

// judge decides whether the credential read on top of stack is accounted
// for, and records a Flow when it is not.
func (a *analyzer) judge(stack []*node, srcs []string, isCond, isRet, isValue bool) {
	for _, n := range stack {
		if a.consumed[n] || a.accounted[n] {
			return
		}
	}
	i := len(stack) - 1
	for i > 0 {
		p, cur := stack[i-1], stack[i]
		switch p.kind {
		case nAttr:
			if p.x == cur {
				i--
				continue
			}
		case nCall:
			if p.x == cur {
				i--
				continue
			}
			if p.x.kind == nAttr && stringMethods[p.x.name] {
				i--
				continue
			}
		case nBin:
			switch p.name {
			case "==", "!=", "is", "is not", "in", "not in", "<", ">", "<=", ">=":
				return // a comparison
			case "+", "%", "or", "and":
				i--
				continue
			}
		case nUnary:
			if p.name == "not" {
				return
			}
		case nStr, nCond, nDict, nList, nStar:
			i--
			continue
		}
		break
	}
	if i == 0 && (isCond || isRet || isValue) {
		return // a condition, a return (the callers judge), an assignment (the name's uses are judged)
	}
	if i == 0 {
		// An expression statement that only reads the credential.
		if len(stack) == 1 {
			return
		}
	}
	holder := stack[max(0, i-1)]
	for j := i - 1; j >= 0; j-- {
		if stack[j].kind == nCall {
			holder = stack[j]
			break
		}
	}
	if raisesException(holder) {
		// An exception's message goes to the log, not to a service.
		return
	}
	if host, ok := a.serviceClient(holder); ok {
		// The client library of another service sends it there.
		a.prog.Calls = append(a.prog.Calls, Call{Line: stack[len(stack)-1].line, Auth: srcs, Host: host, Evidence: renderNode(holder)})
		return
	}
	a.prog.Flows = append(a.prog.Flows, Flow{Line: stack[len(stack)-1].line, Sources: srcs, Evidence: renderNode(holder)})
}

// serviceClient is the host of the service other than GitHub whose client
// library (knowledge.PythonServiceClient) call n calls: a function of the
// package (huggingface_hub.upload_folder), or a method of an object every
// assignment of which is made by the package (api = HfApi(), also
// api = api or HfApi()). ok is false for any other call.
func (a *analyzer) serviceClient(n *node) (string, bool) {
	if n == nil || n.kind != nCall || n.x == nil {
		return "", false
	}
	if q := a.qual(n.x); q != "" {
		return knowledge.PythonServiceClient(topModule(q))
	}
	recv := n.x
	for recv.kind == nAttr && recv.x != nil {
		recv = recv.x
	}
	if recv.kind != nName || recv == n.x {
		return "", false
	}
	host := ""
	for _, v := range a.assigns[recv.name] {
		for _, op := range orOperands(v) {
			if op.kind == nName && op.name == recv.name {
				continue // api = api or HfApi()
			}
			if op.kind != nCall || op.x == nil {
				return "", false
			}
			h, ok := knowledge.PythonServiceClient(topModule(a.qual(op.x)))
			if !ok || host != "" && h != host {
				return "", false
			}
			host = h
		}
	}
	return host, host != ""
}

// orOperands are the operands of a chain of `or`, or n itself.
func orOperands(n *node) []*node {
	if n != nil && n.kind == nBin && n.name == "or" {
		return append(orOperands(n.x), orOperands(n.y)...)
	}
	return []*node{n}
}

// topModule is the top-level module of a dotted name.
func topModule(q string) string {
	top, _, _ := strings.Cut(q, ".")
	return top
}

// stringMethods keep a string's value.
var stringMethods = map[string]bool{"strip": true, "rstrip": true, "lstrip": true, "format": true, "replace": true, "encode": true, "decode": true}

// optionSource is where args.NAME of argparse comes from: the program's
// argument N for the N-th positional, else its --NAME option.
func (a *analyzer) optionSource(name string) string {
	if n, ok := a.positional[name]; ok {
		return codeflow.SourceArg + strconv.Itoa(n)
	}
	return codeflow.SourceFlag + name
}

// raisesException reports a call of an exception class: by Python's
// naming convention (PEP 8) one whose name ends in Error or Exception
// (ValueError, CompatVersionError, requests.HTTPError). It holds its
// arguments as a message and sends them nowhere.
func raisesException(n *node) bool {
	if n == nil || n.kind != nCall || n.x == nil {
		return false
	}
	name := ""
	switch n.x.kind {
	case nName, nAttr:
		name = n.x.name
	}
	return len(name) > len("Error") && (strings.HasSuffix(name, "Error") || strings.HasSuffix(name, "Exception"))
}
