package shellops

import (
	"slices"
	"strings"

	"github.com/pat2app/pat2app/knowledge"
)

// httpReq is what an HTTP client invocation does.
type httpReq struct {
	method   string
	explicit bool // method given explicitly
	urls     []value
	data     []value
	// form is true when the body is a multipart form (curl -F): no
	// GitHub API takes one.
	form bool
	// creds maps a credential to how it reaches the request.
	creds map[string]string
	order []string
}

func (r *httpReq) addCreds(v value, via string) {
	for _, c := range v.creds() {
		if _, ok := r.creds[c]; ok {
			continue
		}
		if r.creds == nil {
			r.creds = map[string]string{}
		}
		r.creds[c] = via
		r.order = append(r.order, c)
	}
}

// curl options that take a value (short letters and long names).
var curlShortValue = "ACDEFHKPQTUXYbcdehmortuwxyz"

var curlLongValue = map[string]bool{}

func init() {
	for _, o := range strings.Fields(`data data-raw data-binary data-urlencode data-ascii json form form-string
	header user url request output user-agent referer cookie cookie-jar max-time connect-timeout retry
	retry-delay retry-max-time write-out proxy cacert capath cert key oauth2-bearer upload-file config
	limit-rate output-dir resolve connect-to dump-header stderr trace trace-ascii range continue-at
	expect100-timeout max-filesize max-redirs interface local-port netrc-file pass pubkey unix-socket
	aws-sigv4 variable proto proto-redir tls-max ciphers dns-servers doh-url keepalive-time
	create-file-mode service-name socks5 socks5-hostname noproxy proxy-user preproxy cert-type key-type
	retry-all-errors-delay speed-limit speed-time time-cond telnet-option login-options mail-from mail-rcpt
	proxy-header request-target hostpubmd5 happy-eyeballs-timeout-ms url-query`) {
		curlLongValue[o] = true
	}
}

func (a *analyzer) curl(ctx *callCtx, cmd string, args []value) {
	req := &httpReq{method: "GET"}
	hasData, upload, head, get := false, false, false, false
	netrc := false // curl --netrc or -n: credentials from a .netrc entry
	handle := func(opt string, v value) {
		switch opt {
		case "X", "request":
			req.method = strings.ToUpper(v.String())
			req.explicit = true
		case "H", "header", "proxy-header":
			req.addCreds(v, "header")
		case "u", "user", "proxy-user":
			// USER:PASSWORD: with a credential after the colon, what is
			// before it is the account's name (GitHub takes a token as
			// the password), not a credential; without one, the value is.
			if _, pass, ok := v.cut(":"); ok && pass.hasCreds() {
				req.addCreds(pass, "header")
				return
			}
			req.addCreds(v, "header")
		case "oauth2-bearer":
			req.addCreds(v, "header")
		case "d", "data", "data-raw", "data-binary", "data-urlencode", "data-ascii", "json", "F", "form", "form-string", "url-query":
			hasData = true
			req.form = req.form || opt == "F" || opt == "form" || opt == "form-string"
			req.data = append(req.data, v)
			if s := v.String(); strings.HasPrefix(s, "@") {
				req.addCreds(value{parts: []part{{creds: a.fileCreds(strings.TrimPrefix(s, "@"))}}}, "arg")
				if s == "@-" {
					req.addCreds(ctx.stdin, "stdin")
					req.data = append(req.data, ctx.stdin)
				}
			}
			req.addCreds(v, "arg")
		case "T", "upload-file":
			upload = true
		case "url":
			req.urls = append(req.urls, v)
		case "K", "config":
			req.addCreds(value{parts: []part{{creds: a.fileCreds(v.String())}}}, "arg")
		}
	}
	for i := 0; i < len(args); i++ {
		s := args[i].String()
		switch {
		case s == "--":
			req.urls = append(req.urls, args[i+1:]...)
			i = len(args)
		case strings.HasPrefix(s, "--"):
			name := s[2:]
			if n, _, ok := strings.Cut(name, "="); ok && curlLongValue[n] {
				_, after, _ := args[i].cut("=")
				handle(n, after)
				continue
			}
			switch name {
			case "head":
				head = true
			case "get":
				get = true
			case "netrc", "netrc-optional":
				netrc = true
			}
			if curlLongValue[name] && i+1 < len(args) {
				handle(name, args[i+1])
				i++
			}
		case strings.HasPrefix(s, "-") && len(s) > 1:
			// A cluster of short options; the first that takes a value
			// takes the rest of the word or the next word.
			rest := args[i]
			for k := 1; k < len(s); k++ {
				c := s[k]
				if c == 'I' {
					head = true
				}
				if c == 'G' {
					get = true
				}
				if c == 'n' {
					netrc = true
				}
				if strings.IndexByte(curlShortValue, c) < 0 {
					continue
				}
				if k+1 < len(s) {
					_, after, _ := rest.cut(s[:k+1])
					handle(string(c), after)
				} else if i+1 < len(args) {
					handle(string(c), args[i+1])
					i++
				}
				break
			}
		default:
			req.urls = append(req.urls, args[i])
		}
	}
	if !req.explicit {
		switch {
		case head:
			req.method = "HEAD"
		case get:
			req.method = "GET"
		case upload:
			req.method = "PUT"
		case hasData:
			req.method = "POST"
		}
	}
	if netrc {
		a.netrcCreds(req)
	}
	a.httpUse(ctx, "curl", req)
}

// netrcCreds adds to a request the credentials a .netrc entry gives the
// host of one of its URLs (curl --netrc; wget reads ~/.netrc unasked).
func (a *analyzer) netrcCreds(req *httpReq) {
	for _, u := range req.urls {
		host := a.parseURL(u).host
		for _, nc := range a.netrc {
			if nc.host == "" || host == "" || strings.EqualFold(nc.host, host) {
				req.addCreds(value{parts: []part{{creds: nc.creds}}}, "stored")
			}
		}
	}
}

// wget options that take the next word as value (when not written
// --opt=value).
var wgetShortValue = "OoaPtTUeiBDwQlXIRA"

var wgetLongValue = map[string]bool{}

func init() {
	for _, o := range strings.Fields(`header method post-data post-file body-data body-file user password
	http-user http-password output-document output-file user-agent directory-prefix tries timeout referer
	load-cookies save-cookies ca-certificate certificate private-key input-file append-output wait quota
	level execute domains accept reject include-directories exclude-directories limit-rate waitretry
	read-timeout connect-timeout dns-timeout bind-address secure-protocol`) {
		wgetLongValue[o] = true
	}
}

func (a *analyzer) wget(ctx *callCtx, args []value) {
	req := &httpReq{method: "GET"}
	hasData := false
	handle := func(opt string, v value) {
		switch opt {
		case "header":
			req.addCreds(v, "header")
		case "method":
			req.method = strings.ToUpper(v.String())
			req.explicit = true
		case "post-data", "post-file", "body-data", "body-file":
			hasData = true
			req.data = append(req.data, v)
			req.addCreds(v, "arg")
		case "user", "password", "http-user", "http-password":
			req.addCreds(v, "header")
		}
	}
	for i := 0; i < len(args); i++ {
		s := args[i].String()
		switch {
		case strings.HasPrefix(s, "--"):
			name := s[2:]
			if n, _, ok := strings.Cut(name, "="); ok {
				_, after, _ := args[i].cut("=")
				handle(n, after)
				continue
			}
			if wgetLongValue[name] && i+1 < len(args) {
				handle(name, args[i+1])
				i++
			}
		case strings.HasPrefix(s, "-") && len(s) > 1:
			if strings.IndexByte(wgetShortValue, s[1]) >= 0 && len(s) == 2 && i+1 < len(args) {
				i++
			}
		default:
			req.urls = append(req.urls, args[i])
		}
	}
	if !req.explicit && hasData {
		req.method = "POST"
	}
	a.netrcCreds(req) // wget reads ~/.netrc unless told not to
	a.httpUse(ctx, "wget", req)
}

var httpieValue = map[string]bool{
	"-a": true, "--auth": true, "-A": true, "--auth-type": true, "-o": true, "--output": true,
	"--session": true, "--session-read-only": true, "--verify": true, "--cert": true, "--cert-key": true,
	"--timeout": true, "--proxy": true, "-p": true, "--print": true, "--pretty": true, "-s": true,
	"--style": true, "--max-redirects": true, "--default-scheme": true, "--format-options": true,
	"--response-charset": true, "--response-mime": true, "--boundary": true, "--ssl": true, "--ciphers": true,
}

func (a *analyzer) httpie(ctx *callCtx, cmd string, args []value) {
	req := &httpReq{method: "GET"}
	hasData := false
	var positional []value
	for i := 0; i < len(args); i++ {
		s := args[i].String()
		if strings.HasPrefix(s, "-") && len(positional) == 0 {
			name, _, eq := strings.Cut(s, "=")
			if name == "-a" || name == "--auth" {
				if eq {
					_, after, _ := args[i].cut("=")
					req.addCreds(after, "header")
				} else if i+1 < len(args) {
					req.addCreds(args[i+1], "header")
				}
			}
			if httpieValue[name] && !eq && i+1 < len(args) {
				i++
			}
			continue
		}
		positional = append(positional, args[i])
	}
	if len(positional) > 0 && isMethod(positional[0].String()) {
		req.method = positional[0].String()
		req.explicit = true
		positional = positional[1:]
	}
	if len(positional) > 0 {
		u := positional[0]
		req.urls = append(req.urls, httpieURL(u, cmd))
		positional = positional[1:]
	}
	for _, it := range positional {
		s := it.String()
		ci := strings.IndexByte(s, ':')
		ei := strings.IndexByte(s, '=')
		switch {
		case ci >= 0 && (ei < 0 || ci < ei) && !strings.HasPrefix(s[ci:], ":="):
			req.addCreds(it, "header")
		case strings.Contains(s, "=="):
			req.addCreds(it, "url")
		case ei >= 0 || ci >= 0:
			hasData = true
			req.data = append(req.data, it)
			req.addCreds(it, "arg")
		default:
			req.addCreds(it, "arg")
		}
	}
	if !req.explicit && hasData {
		req.method = "POST"
	}
	a.httpUse(ctx, "http", req)
}

// httpieURL adds the scheme httpie assumes.
func httpieURL(u value, cmd string) value {
	s := u.String()
	if strings.Contains(s, "://") || strings.HasPrefix(s, "{") {
		return u
	}
	scheme := "http://"
	if cmd == "https" || cmd == "xhs" {
		scheme = "https://"
	}
	if strings.HasPrefix(s, ":") {
		s = "localhost" + s
		return litValue(scheme+s, u.firstLine())
	}
	out := value{parts: []part{{text: scheme, lit: true}}}
	out.appendValue(u)
	return out
}

func isMethod(s string) bool {
	switch s {
	case "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS":
		return true
	}
	return false
}

// httpUse turns an HTTP request with credentials into uses.
func (a *analyzer) httpUse(ctx *callCtx, cmd string, req *httpReq) {
	for _, u := range req.urls {
		req.addCreds(u, "url")
	}
	if len(req.order) == 0 {
		return
	}
	type target struct {
		host       string
		gh         int
		ops        []Op
		repos      []string
		unresolved string
		// address is the credential that is the whole URL, when another
		// credential authenticates the request: it is an address.
		address string
	}
	headerAuth := slices.ContainsFunc(req.order, func(c string) bool { return req.creds[c] == "header" })
	var targets []target
	for _, u := range req.urls {
		t := target{}
		info := a.parseURL(u)
		switch {
		case info.wholeSecret && headerAuth && req.form:
			// A multipart form posted to a URL kept in a secret: no
			// GitHub API takes one (its REST API takes JSON, a release
			// asset a raw body), so the header's credential is the
			// other service's.
			t.gh = -1
			if cs := u.creds(); len(cs) == 1 {
				t.address = cs[0]
			}
		case info.wholeSecret && headerAuth:
			// A URL kept in a secret, the request authenticated by a
			// header's credential: where that credential goes is not
			// known (a GitHub API or raw-content URL, or another
			// service's).
			t.unresolved = "request to a URL kept in a secret, authenticated by a header: " + restoreExprs(u.String(), a.ph)
			if cs := u.creds(); len(cs) == 1 {
				t.address = cs[0]
			}
		case info.wholeSecret:
			t.gh = -1
		case info.host == "":
			t.unresolved = "request to a URL that is not known: " + restoreExprs(u.String(), a.ph)
		default:
			t.host = info.host
			t.gh = a.classifyHost(info.host)
			if t.gh > 0 {
				op, repo, why := a.restOp(info, req)
				if op != nil {
					t.ops = append(t.ops, *op)
				} else {
					t.unresolved = why
				}
				if repo == "" && op != nil && op.Kind == KindREST {
					start := restOwnerName(u.String())
					if info.host == knowledge.RawContentHost {
						start = gitURLOwnerName(u.String())
					}
					if rs := a.loopRepos(u, start); rs != nil {
						t.repos = rs
					} else if a.runTimeOwnerName(u, start) {
						t.repos = []string{a.runTimeRepo(u, start)}
					}
				}
				if repo != "" {
					t.repos = append(t.repos, repo)
				}
			}
		}
		targets = append(targets, t)
	}
	if len(targets) == 0 {
		targets = append(targets, target{unresolved: "no URL in the command"})
	}
	// When some credential authenticates the request (header, user, URL),
	// credentials found only in the body are data sent to the service.
	authed := false
	for _, c := range req.order {
		if v := req.creds[c]; v == "header" || v == "url" {
			authed = true
		}
	}
	inPath := map[string]bool{}
	for _, u := range req.urls {
		for c := range pathOnlyCreds(u) {
			inPath[c] = true
		}
	}
	for _, c := range req.order {
		if inPath[c] && req.creds[c] == "url" {
			// A value only in a URL's path (/app/installations/${{
			// secrets.ID }}) is not what authenticates the request to
			// GitHub, which takes its token in a header or the user
			// information: an identifier kept in a secret, or another
			// service's address that is its own secret (a webhook's).
			a.addUse(Use{Credential: c, Line: ctx.line, Command: cmd, Via: "url", GitHub: -1, Evidence: a.evidenceOf(ctx)})
			continue
		}
		if authed && (req.creds[c] == "arg" || req.creds[c] == "stdin") {
			if !slices.ContainsFunc(targets, func(t target) bool { return t.gh >= 0 || t.unresolved != "" }) {
				// Data sent to another service (a webhook's address
				// kept in a secret, a host not GitHub's): it
				// authenticates nothing at GitHub.
				a.addUse(Use{Credential: c, Line: ctx.line, Command: cmd, Via: req.creds[c], GitHub: -1, Evidence: a.evidenceOf(ctx)})
				continue
			}
			a.addUse(Use{Credential: c, Line: ctx.line, Command: cmd, Via: req.creds[c], GitHub: 0,
				Unresolved: "credential sent as data in the request body", Evidence: a.evidenceOf(ctx)})
			continue
		}
		u := Use{Credential: c, Line: ctx.line, Command: cmd, Via: req.creds[c], Evidence: a.evidenceOf(ctx)}
		for _, t := range targets {
			if c == t.address {
				u.GitHub = min(u.GitHub, -1)
				continue
			}
			if u.Host == "" {
				u.Host = t.host
			}
			if t.gh > u.GitHub || u.GitHub == 0 && t.gh != 0 {
				u.GitHub = t.gh
			}
			u.Ops = append(u.Ops, t.ops...)
			u.TargetRepos = append(u.TargetRepos, t.repos...)
			if u.Unresolved == "" && len(t.ops) == 0 && t.gh >= 0 {
				u.Unresolved = t.unresolved
			}
		}
		if len(u.Ops) > 0 {
			u.Unresolved = ""
		}
		a.addUse(u)
	}
}

// urlInfo is a URL taken apart.
type urlInfo struct {
	scheme string
	host   string
	path   string // without query and fragment
	// wholeSecret is true when the URL is one credential-carrying variable,
	// alone or followed only by a query or fragment: a webhook URL is the
	// secret (its scheme and host are in it, which a token never holds).
	wholeSecret bool
	// userEnd is where the user information ends in the value's text (the
	// '@' before the host); 0 when the URL has none.
	userEnd int
}

// urlUserNames splits off the credentials a URL carries only in the user
// name of its user information when its password carries one too
// (https://$USER:$TOKEN@host/): it returns the URL without them, and them.
// A credential also found elsewhere in the URL stays in it.
func (a *analyzer) urlUserNames(u value) (value, []string) {
	info := a.parseURL(u)
	s := u.String()
	i := strings.Index(s, "://")
	if info.userEnd == 0 || i < 0 || info.userEnd <= i+3 {
		return u, nil
	}
	start := i + 3
	colon := strings.IndexByte(s[start:info.userEnd], ':')
	if colon < 0 {
		return u, nil
	}
	colon += start
	inUser := func(pos, end int) bool { return pos >= start && end <= colon }
	inPassword := func(pos, end int) bool { return pos > colon && end <= info.userEnd }
	password := false
	pos := 0
	for _, p := range u.parts {
		end := pos + len(p.text)
		password = password || len(p.creds) > 0 && inPassword(pos, end)
		pos = end
	}
	if !password {
		return u, nil
	}
	out := value{parts: make([]part, len(u.parts))}
	var names []string
	pos = 0
	for i, p := range u.parts {
		end := pos + len(p.text)
		if len(p.creds) > 0 && inUser(pos, end) {
			names = append(names, p.creds...)
			p.creds = nil
		}
		out.parts[i] = p
		pos = end
	}
	kept := out.creds()
	names = slices.DeleteFunc(sortUniq(names), func(c string) bool { return slices.Contains(kept, c) })
	return out, names
}

// parseURL takes a symbolic URL apart. Hosts that are not literal are
// unknown ("").
func (a *analyzer) parseURL(u value) urlInfo {
	var info urlInfo
	if len(u.parts) > 0 && !u.parts[0].lit && len(u.parts[0].creds) > 0 &&
		(len(u.parts) == 1 || u.parts[1].lit && (strings.HasPrefix(u.parts[1].text, "?") || strings.HasPrefix(u.parts[1].text, "#"))) {
		info.wholeSecret = true
		return info
	}
	s := u.String()
	start := 0
	if i := strings.Index(s, "://"); i >= 0 {
		info.scheme = strings.ToLower(s[:i])
		s, start = s[i+3:], i+3
	} else if strings.HasPrefix(s, "{") {
		return info
	}
	end := strings.IndexAny(s, "/?#")
	auth := s
	rest := ""
	if end >= 0 {
		auth, rest = s[:end], s[end:]
	}
	userEnd := 0
	if at := strings.LastIndexByte(auth, '@'); at >= 0 {
		auth, userEnd = auth[at+1:], start+at
	}
	if c := strings.LastIndexByte(auth, ':'); c >= 0 && !strings.Contains(auth[c:], "}") {
		auth = auth[:c]
	}
	host := strings.ToLower(auth)
	if host == "" || strings.ContainsAny(host, "{}$ ") || (!strings.Contains(host, ".") && host != "localhost") {
		return urlInfo{scheme: info.scheme}
	}
	info.host, info.userEnd = host, userEnd
	if q := strings.IndexAny(rest, "?#"); q >= 0 {
		rest = rest[:q]
	}
	info.path = rest
	return info
}

// classifyHost is +1 for GitHub hosts (including the server of
// Input.Known's GITHUB_SERVER_URL/GITHUB_API_URL), -1 for any other literal
// host, 0 for an unknown one.
func (a *analyzer) classifyHost(host string) int {
	if host == "" || strings.ContainsAny(host, "{}") {
		return 0
	}
	if knowledge.IsGitHubHost(host) {
		return +1
	}
	for _, k := range []string{"GITHUB_SERVER_URL", "GITHUB_API_URL"} {
		if v, ok := a.known[k]; ok {
			if h := a.parseURL(litValue(v, 0)).host; h == host {
				return +1
			}
		}
	}
	return -1
}

// restOp turns a request to a GitHub host into an operation.
func (a *analyzer) restOp(info urlInfo, req *httpReq) (*Op, string, string) {
	path := info.path
	host := info.host
	api := host == "api.github.com" || host == "uploads.github.com" || strings.HasPrefix(host, "api.") && strings.HasSuffix(host, ".ghe.com")
	if strings.HasPrefix(path, "/api/v3/") || path == "/api/v3" {
		api, path = true, strings.TrimPrefix(path, "/api/v3")
	}
	if path == "/api/graphql" {
		api, path = true, "/graphql"
	}
	if apiURL, ok := a.known["GITHUB_API_URL"]; ok {
		if ai := a.parseURL(litValue(apiURL, 0)); ai.host == host && ai.host != "" {
			api = true
			path = strings.TrimPrefix(path, strings.TrimSuffix(ai.path, "/"))
		}
	}
	path = cleanPath(path)
	switch {
	case host == knowledge.RawContentHost:
		owner, name, route, ok := knowledge.RawContentRoute(path)
		if !ok {
			return nil, "", "download from " + knowledge.RawContentHost
		}
		repo := a.resolveRepo(owner + "/" + name)
		return &Op{Kind: KindREST, Method: "GET", Path: route, Repo: repo}, repo, ""
	case !api:
		seg := strings.SplitN(strings.TrimPrefix(path, "/"), "/", 3)
		repo := ""
		if len(seg) >= 2 {
			repo = a.resolveRepo(seg[0] + "/" + seg[1])
		}
		return nil, repo, "request to " + host + path + " (not an API URL)"
	case path == "/graphql":
		kind, field := "", ""
		for _, d := range req.data {
			if k, f := graphQLField(d.String()); f != "" {
				kind, field = k, f
				break
			}
		}
		if field == "" {
			return nil, "", "GraphQL request whose query is not visible"
		}
		return &Op{Kind: KindGraphQL, Method: "GRAPHQL", Path: kind, Name: field, Writes: kind == "mutation"}, "", ""
	}
	repo := ""
	if strings.HasPrefix(path, "/repos/") {
		seg := strings.SplitN(strings.TrimPrefix(path, "/repos/"), "/", 3)
		if len(seg) >= 2 {
			repo = a.resolveRepo(seg[0] + "/" + seg[1])
		}
	}
	method := req.method
	if method == "" {
		method = "GET"
	}
	return &Op{Kind: KindREST, Method: method, Path: path, Repo: repo,
		Writes: method != "GET" && method != "HEAD", TouchesWorkflows: strings.Contains(path, workflowsDir)}, repo, ""
}

// cleanPath collapses duplicate slashes and drops a trailing slash.
func cleanPath(p string) string {
	for strings.Contains(p, "//") {
		p = strings.ReplaceAll(p, "//", "/")
	}
	if len(p) > 1 {
		p = strings.TrimSuffix(p, "/")
	}
	if p == "" {
		p = "/"
	}
	return p
}

// graphQLField finds the operation type and the first top-level field of a
// GraphQL document inside a request body (usually JSON: {"query": "..."}).
func graphQLField(body string) (kind, field string) {
	kind = "query"
	start := -1
	if i := wordIndex(body, "mutation"); i >= 0 {
		kind, start = "mutation", i+len("mutation")
	} else if i := wordIndex(body, "subscription"); i >= 0 {
		kind, start = "subscription", i+len("subscription")
	} else if i := strings.Index(body, `"query"`); i >= 0 {
		start = i + len(`"query"`)
		if j := wordIndex(body[start:], "query"); j >= 0 {
			start += j + len("query")
		}
	} else if i := wordIndex(body, "query"); i >= 0 {
		start = i + len("query")
	} else {
		return "", ""
	}
	// Skip the operation name and variables up to the selection set.
	depth := 0
	i := start
	for ; i < len(body); i++ {
		c := body[i]
		if c == '(' {
			depth++
		} else if c == ')' {
			depth--
		} else if c == '{' && depth <= 0 {
			break
		}
	}
	if i >= len(body) {
		return "", ""
	}
	i++
	for n := 0; n < 2; n++ {
		i = skipBlank(body, i)
		j := i
		for j < len(body) && (isTokenChar(body[j])) {
			j++
		}
		if j == i {
			return "", ""
		}
		name := body[i:j]
		k := skipBlank(body, j)
		if k < len(body) && body[k] == ':' { // alias
			i = k + 1
			continue
		}
		return kind, name
	}
	return "", ""
}

func skipBlank(s string, i int) int {
	for i < len(s) {
		switch {
		case s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r':
			i++
		case s[i] == '\\' && i+1 < len(s) && (s[i+1] == 'n' || s[i+1] == 't' || s[i+1] == 'r'):
			i += 2
		default:
			return i
		}
	}
	return i
}

// wordIndex finds w in s as a whole word.
func wordIndex(s, w string) int {
	for i := 0; ; {
		k := strings.Index(s[i:], w)
		if k < 0 {
			return -1
		}
		k += i
		end := k + len(w)
		if (k == 0 || !isTokenChar(s[k-1])) && (end >= len(s) || !isTokenChar(s[end])) {
			return k
		}
		i = k + 1
	}
}

// pathOnlyCreds are the credentials a URL holds only in its path: after
// its host and before its query or fragment, none of them in its user
// information, host or query.
func pathOnlyCreds(u value) map[string]bool {
	var out map[string]bool
	other := map[string]bool{}
	pos := 0
	text := u.String()
	scheme := strings.Index(text, "://")
	if scheme < 0 {
		return nil
	}
	pathStart := strings.IndexByte(text[scheme+3:], '/')
	if pathStart < 0 {
		return nil
	}
	pathStart += scheme + 3
	pathEnd := len(text)
	if i := strings.IndexAny(text[pathStart:], "?#"); i >= 0 {
		pathEnd = pathStart + i
	}
	for _, p := range u.parts {
		start, end := pos, pos+len(p.text)
		pos = end
		for _, c := range p.creds {
			if start >= pathStart && end <= pathEnd {
				if out == nil {
					out = map[string]bool{}
				}
				out[c] = true
			} else {
				other[c] = true
			}
		}
	}
	for c := range other {
		delete(out, c)
	}
	return out
}
