package jsops

import (
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/pat2app/pat2app/expression"
	"github.com/pat2app/pat2app/knowledge"
	"github.com/pat2app/pat2app/scanner/codeflow"
	"github.com/pat2app/pat2app/scanner/gqlops"
	"github.com/tdewolff/parse/v2/js"
)

// clientMembers are members of the Octokit client that make no API call
// themselves.
var clientMembers = map[string]bool{
	"log": true, "hook": true, "auth": true, "getOctokit": true, "plugin": true,
	"endpoint": true, "defaults": true, "constructor": true, "then": true,
	"toString": true, "valueOf": true,
}

// visitCall classifies one call expression.
func (a *analyzer) visitCall(n js.INode) {
	call, ok := n.(*js.CallExpr)
	if !ok || call.X == nil {
		return
	}
	a.resetBudget()
	if v, ok := call.X.(*js.Var); ok {
		a.locatePlainCall(call, string(v.Name()))
	}
	if ce, ok := a.bound(indirectCallee(call.X)).(*js.CondExpr); ok {
		// post = cond ? github.rest.reactions.createForIssueComment
		//             : github.rest.reactions.createForPullRequestReviewComment:
		// a call of post may be either method; each is a call.
		both := false
		for _, br := range []js.IExpr{ce.X, ce.Y} {
			if r := a.resolve(br, 0); r.kind == refClient {
				a.clientCall(call, r)
				both = true
			}
		}
		if both {
			return
		}
	}
	r := a.resolve(indirectCallee(call.X), 0)
	switch r.kind {
	case refClient:
		a.clientCall(call, r)
	case refReceiver:
		a.receiverCall(call, r)
	case refModule:
		if a.prog != nil && a.madeClientCall(call) {
			return
		}
		if a.anyArgPassesClient(call) {
			a.add(call, Call{Kind: KindUnknown, Evidence: "require " + r.module})
		}
	case refNone:
		if a.prog != nil && a.madeClientCall(call) {
			return
		}
		if v, ok := call.X.(*js.Var); ok && string(v.Name()) == "fetch" && a.prog == nil {
			if _, defined := a.defs[canon(v)]; !defined {
				a.fetchCall(call)
			}
		}
	}
}

// indirectCallee is f of (0, f): how esbuild and TypeScript's CommonJS
// output call an imported function (`(0, import_exec.exec)("git", ...)`).
func indirectCallee(x js.IExpr) js.IExpr {
	g, ok := x.(*js.GroupExpr)
	if !ok {
		return x
	}
	c, ok := g.X.(*js.CommaExpr)
	if !ok || len(c.List) != 2 {
		return x
	}
	if l, ok := c.List[0].(*js.LiteralExpr); !ok || l.TokenType != js.DecimalToken && l.TokenType != js.IntegerToken {
		return x
	}
	return c.List[1]
}

func (a *analyzer) anyArgPassesClient(call *js.CallExpr) bool {
	for _, arg := range call.Args.List {
		if a.passesClient(arg.Value) {
			return true
		}
	}
	return false
}

// locatePlainCall pairs a call of a plain name, visited in source order,
// with the next `name(` token: the AST keeps no position for a variable's
// uses.
func (a *analyzer) locatePlainCall(call *js.CallExpr, name string) {
	if a.located[call] {
		return
	}
	a.located[call] = true
	if a.sites == nil {
		a.sites = callSites(a.buf)
	}
	i := a.next[name]
	a.next[name] = i + 1
	if i < len(a.sites[name]) {
		a.at[call] = a.sites[name][i]
	}
}

// add appends c with the call's line and, unless set, its evidence and
// client.
func (a *analyzer) add(call *js.CallExpr, c Call) {
	r := a.resolve(call.X, 0)
	if a.made != nil {
		if c.Client == "" {
			c.Client = a.made.text
		}
		if a.prog != nil && c.Auth == nil {
			c.Auth = a.made.auth
		}
	}
	if c.Client == "" {
		c.Client = r.client
		if a.mod != nil && r.kind == refClient && r.client != "" {
			c.Token = a.traceToken(r.auth)
		}
	}
	if a.prog != nil && c.Auth == nil && r.kind == refClient {
		// A call through a client: the client's credential.
		if r.client == "" {
			c.Auth = []string{SourceClient}
		} else {
			c.Auth = a.sources(r.auth, 0, true)
			a.markConsumed(r.maker)
		}
	}
	off := a.firstOffset(call, 0)
	if site, ok := a.at[call]; ok {
		// The pairing is trusted unless it lands after the arguments.
		if argOff := a.argsOffset(call); argOff < 0 || site <= argOff {
			off = site
		}
	}
	c.Line = 1
	if off >= 0 {
		c.Line = a.line(off)
	}
	if c.Evidence == "" {
		c.Evidence = a.render(call.X)
	}
	c.Evidence = truncate(c.Evidence, 2*maxEvidence)
	a.calls = append(a.calls, c)
}

// maxHoles is the most non-constant parts a route or query may have before
// it is given up as not visible.
const maxHoles = 256

// argsOffset is the first kept position among the call's arguments, not
// counting variables (whose position is their first occurrence), or -1.
func (a *analyzer) argsOffset(call *js.CallExpr) int {
	for _, arg := range call.Args.List {
		if _, isVar := arg.Value.(*js.Var); isVar {
			continue
		}
		if off := a.firstOffset(arg.Value, 0); off >= 0 {
			return off
		}
	}
	return -1
}

// arg returns the i-th argument, or nil.
func arg(call *js.CallExpr, i int) js.IExpr {
	if i < len(call.Args.List) && !call.Args.List[i].Rest {
		return call.Args.List[i].Value
	}
	return nil
}

// clientCall handles a call on the client: r.path is the member path below
// it, e.g. [rest issues addLabels].
func (a *analyzer) clientCall(call *js.CallExpr, r ref) {
	path := r.path
	if r.dynamic {
		a.add(call, Call{Kind: KindUnknown, Evidence: a.render(call.X) + " (dynamic member)"})
		return
	}
	rest := len(path) > 0 && path[0] == "rest"
	if rest {
		path = path[1:]
	}
	if len(path) == 0 {
		if rest {
			a.add(call, Call{Kind: KindUnknown, Evidence: a.render(call.X) + " (no method)"})
		}
		return
	}
	if !rest {
		switch path[0] {
		case "request":
			if len(path) == 1 {
				a.requestCall(call, arg(call, 0), arg(call, 1), false)
			}
			return
		case "graphql":
			if len(path) == 1 || len(path) == 2 && path[1] == "paginate" {
				a.graphqlCall(call)
			}
			return
		case "paginate":
			if len(path) == 1 || len(path) == 2 && path[1] == "iterator" {
				a.paginateCall(call)
			}
			return
		}
		if clientMembers[path[0]] {
			return
		}
	}
	switch len(path) {
	case 1:
		a.add(call, Call{Kind: KindUnknown, Evidence: a.render(call.X) + " (no method)"})
	case 2:
		c := Call{Kind: KindREST, Namespace: path[0], Method: path[1]}
		a.targetFromParams(&c, arg(call, 0))
		a.add(call, c)
	}
	// Longer paths are github.rest.ns.method.endpoint(...) and the like:
	// they build requests without sending them.
}

// paginateCall handles github.paginate(method or route, params, mapFn).
func (a *analyzer) paginateCall(call *js.CallExpr) {
	first := arg(call, 0)
	if first == nil {
		a.add(call, Call{Kind: KindUnknown, Paginate: true, Evidence: a.render(call.X) + " (no arguments)"})
		return
	}
	if r := a.resolve(first, 0); (r.kind == refClient || r.kind == refReceiver) && !r.dynamic {
		path := r.path
		if r.kind == refReceiver {
			path = a.octokitPath(path)
		}
		if len(path) > 0 && path[0] == "rest" {
			path = path[1:]
		}
		if len(path) == 2 && !clientMembers[path[0]] {
			c := Call{Kind: KindREST, Namespace: path[0], Method: path[1], Paginate: true,
				Evidence: a.render(call.X) + "(" + a.render(first) + ")"}
			a.targetFromParams(&c, arg(call, 1))
			a.add(call, c)
			return
		}
	}
	if ns, method, params, ok := a.endpointOptions(first); ok {
		c := Call{Kind: KindREST, Namespace: ns, Method: method, Paginate: true,
			Evidence: a.render(call.X) + "(" + ns + "." + method + ".endpoint.merge)"}
		a.targetFromParams(&c, params)
		a.add(call, c)
		return
	}
	if _, isObj := first.(*js.ObjectExpr); isObj || a.stringValue(first, 0, func(js.IExpr) string { return "" }) != "\x00" {
		a.requestCall(call, first, arg(call, 1), true)
		return
	}
	a.add(call, Call{Kind: KindUnknown, Paginate: true, Evidence: a.render(call.X) + "(" + a.render(first) + ")"})
}

// endpointOptions recognises request options built by
// github.rest.ns.method.endpoint.merge(params) (or .endpoint(params)),
// directly or through a variable, and returns the method and params.
func (a *analyzer) endpointOptions(expr js.IExpr) (ns, method string, params js.IExpr, ok bool) {
	for i := 0; i < maxResolveDepth; i++ {
		v, isVar := expr.(*js.Var)
		if !isVar {
			break
		}
		d, found := a.defs[canon(v)]
		if !found || len(d.key) > 0 {
			return "", "", nil, false
		}
		expr = d.expr
	}
	call, isCall := expr.(*js.CallExpr)
	if !isCall {
		return "", "", nil, false
	}
	r := a.resolve(call.X, 0)
	path := r.path
	if len(path) > 0 && path[0] == "rest" {
		path = path[1:]
	}
	if r.kind != refClient || r.dynamic || len(path) < 3 || path[2] != "endpoint" ||
		len(path) == 4 && path[3] != "merge" || len(path) > 4 || clientMembers[path[0]] {
		return "", "", nil, false
	}
	return path[0], path[1], arg(call, 0), true
}

// requestCall handles github.request(route, params) and the object form
// github.request({method, url, ...}).
func (a *analyzer) requestCall(call *js.CallExpr, route, params js.IExpr, paginate bool) {
	if route == nil {
		a.add(call, Call{Kind: KindUnknown, Paginate: paginate, Evidence: a.render(call.X) + " (no route)"})
		return
	}
	method := ""
	if obj := a.objectOf(route, 0); obj != nil {
		params = route
		route = a.property(obj, "url", 0)
		if m := a.property(obj, "method", 0); m != nil {
			s, ok := a.constString(m, 0)
			if !ok {
				a.add(call, Call{Kind: KindUnknown, Paginate: paginate, Evidence: a.render(call.X) + " (method " + a.render(m) + ")"})
				return
			}
			method = s
		}
		if route == nil {
			a.add(call, Call{Kind: KindUnknown, Paginate: paginate, Evidence: a.render(call.X) + " (no url)"})
			return
		}
	}
	text, fromContext, ok := a.routeText(route)
	if !ok {
		a.add(call, Call{Kind: KindUnknown, Paginate: paginate, Evidence: a.render(call.X) + "(" + a.render(route) + ")"})
		return
	}
	m, path := splitRoute(text)
	if method != "" {
		m = strings.ToUpper(method)
	}
	if host := hostOfURL(path); host != "" {
		// An absolute URL that is not the API's.
		if rest, ok := strings.CutPrefix(path, "https://"+knowledge.RawContentHost); ok {
			if owner, repo, route, ok := knowledge.RawContentRoute(rest); ok && m == "GET" {
				a.add(call, Call{Kind: KindRequest, Route: "GET " + route, Owner: owner, Repo: repo, Paginate: paginate, Host: knowledge.RawContentHost})
				return
			}
		}
		if !knowledge.IsGitHubHost(host) {
			// The client sends its request, and its token, to another
			// host: no GitHub permission is needed for it.
			a.add(call, Call{Kind: KindOther, Host: host, Evidence: a.render(call.X) + " " + truncate(path, maxEvidence)})
			return
		}
	}
	c := Call{Kind: KindRequest, Route: m + " " + path, Paginate: paginate, ContextRepo: fromContext}
	c.Owner, c.Repo = repoFromPath(path)
	a.targetFromParams(&c, params)
	a.add(call, c)
}

// routeText renders a route or URL, with "{expr}" for non-constant parts. A
// route that is a single opaque expression is not resolved.
// fromContext tells whether a non-constant part is context.repo or the
// like.
func (a *analyzer) routeText(route js.IExpr) (text string, fromContext, ok bool) {
	holes := 0
	s := a.stringValue(route, 0, func(e js.IExpr) string {
		holes++
		fromContext = fromContext || a.isContextRepo(e)
		if a.prog != nil {
			// The runner's variables that name this repository.
			if part, ok := codeflow.RunnerURLPart(a.sources(e, 0, false)); ok {
				return part
			}
		}
		return "{" + a.render(e) + "}"
	})
	if s == "\x00" || a.budget <= 0 || holes > maxHoles || strings.TrimSpace(s) == "" {
		return "", false, false
	}
	if holes == 1 && strings.HasPrefix(s, "{") && strings.HasSuffix(s, "}") && strings.Count(s, "{") == 1 {
		return "", false, false
	}
	return s, fromContext, true
}

// splitRoute splits "POST /path" (method optional, default GET; a full API
// URL is reduced to its path).
func splitRoute(s string) (method, path string) {
	s = strings.TrimSpace(s)
	method = "GET"
	if i := strings.IndexAny(s, " \t"); i > 0 && isHTTPMethod(s[:i]) {
		method, s = strings.ToUpper(s[:i]), strings.TrimSpace(s[i+1:])
	}
	return method, apiPath(s)
}

func isHTTPMethod(s string) bool { return codeflow.IsHTTPMethod(s) }

// apiPath strips the scheme and host of an API URL: https://api.github.com,
// a GitHub Enterprise Server /api/v3 prefix, or a leading {expr} standing
// for the API base URL (GITHUB_API_URL, context.apiUrl).
func apiPath(s string) string {
	if rest, ok := strings.CutPrefix(s, "https://api.github.com"); ok {
		return ensureSlash(rest)
	}
	if i := strings.Index(s, "/api/v3"); i >= 0 && strings.HasPrefix(s, "http") {
		return ensureSlash(s[i+len("/api/v3"):])
	}
	if strings.HasPrefix(s, "{") {
		if end := strings.IndexByte(s, '}'); end > 0 && isAPIBase(s[1:end]) {
			return ensureSlash(s[end+1:])
		}
	}
	return s
}

func ensureSlash(s string) string {
	if !strings.HasPrefix(s, "/") {
		return "/" + s
	}
	return s
}

// isAPIBase tells whether an expression's text names the API base URL.
func isAPIBase(expr string) bool {
	return strings.Contains(expr, "GITHUB_API_URL") || strings.HasSuffix(expr, "apiUrl")
}

// repoFromPath returns the literal owner and repository of a
// /repos/{owner}/{repo}/... path.
func repoFromPath(path string) (owner, repo string) {
	rest, ok := strings.CutPrefix(path, "/repos/")
	if !ok {
		return "", ""
	}
	parts := strings.SplitN(rest, "/", 3)
	if len(parts) < 2 {
		return "", ""
	}
	literal := func(s string) string {
		if i := strings.IndexAny(s, "?#"); i >= 0 {
			s = s[:i]
		}
		if s == "" || strings.ContainsAny(s, "{}") {
			return ""
		}
		return s
	}
	return literal(parts[0]), literal(parts[1])
}

// targetFromParams fills Owner, Repo and ContextRepo from a parameters
// object: literal owner/repo properties, context.repo spreads and values.
func (a *analyzer) targetFromParams(c *Call, params js.IExpr) {
	if params == nil {
		return
	}
	if a.isContextRepo(params) {
		c.ContextRepo = true
		return
	}
	obj := a.objectOf(params, 0)
	if obj == nil {
		return
	}
	// The owner and repo known only at run time, as written.
	runTime := map[string]string{}
	a.scanTarget(c, obj, runTime, 0)
	if len(runTime) == 0 {
		return
	}
	// One part from the context (owner: context.repo.owner) and the
	// other known only at run time is a repository named at run time,
	// not this one.
	part := func(name, literal string) string {
		return cmp.Or(runTime[name], literal, "{"+name+"}")
	}
	c.RunTimeRepo = part("owner", c.Owner) + "/" + part("repo", c.Repo)
}

func (a *analyzer) scanTarget(c *Call, obj *js.ObjectExpr, runTime map[string]string, depth int) {
	if depth > maxResolveDepth {
		return
	}
	for _, p := range obj.List {
		switch {
		case p.Spread:
			if a.isContextRepo(p.Value) {
				c.ContextRepo = true
			} else if inner := a.objectOf(p.Value, depth+1); inner != nil {
				a.scanTarget(c, inner, runTime, depth+1)
			}
		case p.Name != nil && !p.Name.IsComputed():
			name := a.literalName(p.Name.Literal)
			if name == "team_reviewers" && !emptyArray(p.Value) {
				c.TeamReviewers = true
			}
			if name == "state" {
				c.State = "*"
				if v, ok := a.constString(p.Value, depth+1); ok {
					c.State = strings.ToLower(v)
				}
			}
			if name == "issue_number" && a.otherItem(p.Value) {
				c.OtherItem = true
			}
			if name == "ref" {
				// createRef's refs/tags/NAME, updateRef's tags/NAME: a
				// tag, whatever the rest of the value is.
				v := a.stringValue(p.Value, depth+1, func(js.IExpr) string { return "{}" })
				c.TagRef = strings.HasPrefix(v, "refs/tags/") || strings.HasPrefix(v, "tags/")
			}
			if name == "sha" {
				if v := a.render(p.Value); !runCommit(v) && !a.mainTip(p.Value) {
					c.OtherSHA = truncate(v, 60)
				}
			}
			if name != "owner" && name != "repo" && name != "org" {
				continue
			}
			v, ctx := a.targetValue(p.Value)
			if ctx {
				c.ContextRepo = true
			} else if v == "" && (name == "owner" || name == "repo") && !a.runnerRepoPart(p.Value) {
				// Known only at run time: kept as written.
				runTime[name] = "{" + truncate(a.render(p.Value), 60) + "}"
				continue
			}
			switch name {
			case "owner":
				c.Owner = v
			case "repo":
				c.Repo = v
			case "org":
				c.Org = v
			}
		}
	}
}

// otherItem reports an issue_number that names an item the workflow's
// event does not: a number written in the script, or one parsed from text
// (parseInt, Number) that is not the event's. An item's own number
// (pr.number, (issue || pull_request).number) is taken to be of the kind
// the job works on, and a value the reading cannot place is too.
func (a *analyzer) otherItem(v js.IExpr) bool {
	if a.eventItem(v) {
		return false
	}
	x := a.bound(v)
	if l, ok := x.(*js.LiteralExpr); ok {
		return l.TokenType == js.DecimalToken || l.TokenType == js.IntegerToken
	}
	if arg, ok := a.parsedNumber(x); ok {
		// A pull request's number handed on by name (PR_NUMBER,
		// process.env.PULL_REQUEST_NUMBER) is a pull request's.
		return !pullRequestName.MatchString(a.render(arg))
	}
	return false
}

// pullRequestName matches a value named for a pull request's number.
var pullRequestName = regexp.MustCompile(`(?i)(^|[^a-z])(pr|pull|pull_?request)([^a-z]|$)|prnumber|pullnumber|pullrequest`)

// parsedNumber is the value parseInt(v, ...) or Number(v) parses.
func (a *analyzer) parsedNumber(x js.IExpr) (js.IExpr, bool) {
	call, ok := x.(*js.CallExpr)
	if !ok || len(call.Args.List) == 0 {
		return nil, false
	}
	if name := a.render(call.X); name != "parseInt" && name != "Number" {
		return nil, false
	}
	return call.Args.List[0].Value, true
}

// eventItems are the event's issue or pull request as a script names it.
var eventItems = []string{"context.issue", "context.payload.issue", "context.payload.pull_request", "github.event.issue", "github.event.pull_request"}

// eventItem reports a value that is the number of the event's issue or
// pull request: written so (context.issue.number), or through variables
// bound to it or to the event's item (const pr = context.payload.pull_request;
// pr.number), or parsed from it (parseInt, Number).
func (a *analyzer) eventItem(v js.IExpr) bool {
	for depth := 0; depth < maxResolveDepth; depth++ {
		x := a.bound(v)
		if eventItemNumber(a.render(x)) {
			return true
		}
		if d, ok := x.(*js.DotExpr); ok {
			l, ok := d.Y.(js.LiteralExpr)
			base := strings.TrimSpace(a.render(a.bound(d.X)))
			return ok && string(l.Data) == "number" && slices.ContainsFunc(eventItems, func(item string) bool {
				return base == item || strings.HasSuffix(base, "."+item)
			})
		}
		arg, ok := a.parsedNumber(x)
		if !ok {
			return false
		}
		v = arg
	}
	return false
}

// eventItemNumber reports a value, as the reading renders it, that is the
// number of the issue or pull request of the event the workflow runs on.
func eventItemNumber(v string) bool {
	if strings.Contains(v, "context.payload.number") || strings.Contains(v, "github.event.number") {
		return true
	}
	return slices.ContainsFunc(eventItems, func(item string) bool { return strings.Contains(v, item+".number") })
}

// mainTip reports a sha read from the API as the tip of a main or master
// branch: X.object.sha of git.getRef({ref: 'heads/main'}), X.commit.sha
// of repos.getBranch({branch: 'master'}) (with .data between, or not). A
// ref set there carries that branch's workflow files, which are the
// default branch's when it is the default. So does X.data.sha of
// git.createTag({object: context.sha}), a tag of the run's own commit.
func (a *analyzer) mainTip(v js.IExpr) bool {
	var chain []string
	x := v
	for depth := 0; depth < 6; depth++ {
		d, ok := x.(*js.DotExpr)
		if !ok {
			break
		}
		if l, ok := d.Y.(js.LiteralExpr); ok {
			chain = append([]string{string(l.Data)}, chain...)
		}
		x = d.X
	}
	if len(chain) < 2 || chain[len(chain)-1] != "sha" {
		return false
	}
	call := a.bound(x)
	for depth := 0; depth < 6; depth++ {
		switch e := call.(type) {
		case *js.GroupExpr:
			call = e.X
			continue
		case *js.UnaryExpr:
			call = e.X // await
			continue
		case *js.DotExpr:
			call = e.X // (await ...).data
			continue
		}
		break
	}
	c, ok := call.(*js.CallExpr)
	if !ok || len(c.Args.List) == 0 {
		return false
	}
	name := calleeName(c.X)
	if name == "createTag" {
		// The tag object git.createTag made for the run's own commit
		// (object: context.sha): a ref set to it tags that commit.
		if obj := a.objectOf(c.Args.List[0].Value, 0); obj != nil {
			val := a.property(obj, "object", 0)
			return val != nil && runCommit(a.render(val))
		}
		return false
	}
	key := map[string]string{"getRef": "ref", "getBranch": "branch"}[name]
	if key == "" {
		return false
	}
	obj := a.objectOf(c.Args.List[0].Value, 0)
	if obj == nil {
		return false
	}
	val := a.property(obj, key, 0)
	if val == nil {
		return false
	}
	b := strings.TrimPrefix(strings.Trim(a.render(val), "`'\""), "heads/")
	return b == "main" || b == "master"
}

// runCommit reports a value, as written, that is the run's own commit:
// context.sha, process.env.GITHUB_SHA, or ${{ github.sha }} in the script.
func runCommit(v string) bool {
	v = strings.Trim(strings.TrimSpace(v), "`'\"")
	switch strings.ReplaceAll(v, " ", "") {
	case "context.sha", "process.env.GITHUB_SHA", "process.env['GITHUB_SHA']", "${{github.sha}}", "github.context.sha":
		return true
	}
	return false
}

// runnerRepoPart reports a value the runner's variables naming this
// repository give (GITHUB_REPOSITORY, GITHUB_REPOSITORY_OWNER, split or
// not), in a program that reads its environment: not one known only at
// run time.
func (a *analyzer) runnerRepoPart(expr js.IExpr) bool {
	if a.prog == nil {
		// github-script and shell: node code: the value as written,
		// through its definition and split/trim.
		switch a.render(a.stringBase(expr, 0)) {
		case "process.env.GITHUB_REPOSITORY", "process.env.GITHUB_REPOSITORY_OWNER":
			return true
		}
		return false
	}
	part, ok := codeflow.RunnerURLPart(a.sources(expr, 0, false))
	return ok && strings.HasPrefix(part, "{owner}")
}

// stringBase is the value a string is taken from: through a variable's
// definition and the methods that keep part of a string (split, trim,
// ...): process.env.GITHUB_REPOSITORY for
// const [owner, repo] = process.env.GITHUB_REPOSITORY.split('/').
func (a *analyzer) stringBase(expr js.IExpr, depth int) js.IExpr {
	if depth > maxResolveDepth {
		return expr
	}
	switch e := expr.(type) {
	case *js.Var:
		if d, ok := a.defs[canon(e)]; ok && len(d.key) == 0 && d.expr != nil {
			return a.stringBase(d.expr, depth+1)
		}
	case *js.CallExpr:
		if x, ok := e.X.(*js.DotExpr); ok {
			if l, ok := x.Y.(js.LiteralExpr); ok && stringKeepers[string(l.Data)] {
				return a.stringBase(x.X, depth+1)
			}
		}
	}
	return expr
}

// targetValue returns a literal owner/repository value, or whether it comes
// from the context.
func (a *analyzer) targetValue(expr js.IExpr) (literal string, fromContext bool) {
	if s, ok := a.constString(expr, 0); ok {
		return s, false
	}
	return "", a.isContextRepo(expr)
}

// isContextRepo tells whether expr is (part of) context.repo, context.issue
// or context.payload.repository.
func (a *analyzer) isContextRepo(expr js.IExpr) bool {
	r := a.resolve(expr, 0)
	if r.kind != refContext || len(r.path) == 0 {
		return false
	}
	switch r.path[0] {
	case "repo", "issue":
		return true
	case "payload":
		return len(r.path) > 1 && r.path[1] == "repository"
	}
	return false
}

// graphqlCall handles github.graphql(query, variables) and
// github.graphql({query, ...variables}).
func (a *analyzer) graphqlCall(call *js.CallExpr) {
	query, vars := arg(call, 0), arg(call, 1)
	if obj := a.objectOf(query, 0); obj != nil {
		vars = query
		query = a.property(obj, "query", 0)
	}
	a.graphqlQuery(call, query, vars, a.render(call.X))
}

// graphqlQuery reports a GraphQL call with the given query and variables
// expressions; evidence names the callee.
func (a *analyzer) graphqlQuery(call *js.CallExpr, query, vars js.IExpr, evidence string) {
	if query == nil {
		a.add(call, Call{Kind: KindUnknown, Evidence: evidence + " (no query)"})
		return
	}
	if c := a.conditionOf(query); c != nil && a.spend() {
		// A document chosen by a condition (replyTo ? `mutation A` :
		// `mutation B`): the call sends one of the two.
		a.graphqlQuery(call, c.X, vars, evidence)
		a.graphqlQuery(call, c.Y, vars, evidence)
		return
	}
	var holes []string
	text := a.stringValue(query, 0, func(e js.IExpr) string {
		holes = append(holes, "{"+a.render(e)+"}")
		return exprPrefix + strconv.Itoa(len(holes)-1) + exprSuffix
	})
	if text == "\x00" || a.budget <= 0 || len(holes) > maxHoles ||
		len(holes) == 1 && strings.TrimSpace(text) == exprPrefix+"0"+exprSuffix {
		a.add(call, Call{Kind: KindUnknown, Evidence: evidence + "(" + a.render(query) + ") (query not visible)"})
		return
	}
	text, holes = maskGraphQLExpressions(text, holes)
	ops, err := gqlops.Parse(text)
	if err != nil {
		a.add(call, Call{Kind: KindUnknown, Evidence: fmt.Sprintf("%s (query does not parse: %v)", evidence, err)})
		return
	}
	restoreHoles(ops, holes)
	c := Call{Kind: KindGraphQL, GraphQL: ops, Evidence: evidence}
	a.targetFromParams(&c, vars)
	a.targetFromGraphQL(&c, ops, vars)
	a.add(call, c)
}

// maskGraphQLExpressions replaces ${{ }} left in a query's text with
// placeholders, so `number: ${{ env.N }}` parses.
func maskGraphQLExpressions(text string, holes []string) (string, []string) {
	var b strings.Builder
	last := 0
	for _, sp := range expression.Find(text) {
		holes = append(holes, text[sp.Start:sp.End])
		b.WriteString(text[last:sp.Start])
		b.WriteString(exprPrefix + strconv.Itoa(len(holes)-1) + exprSuffix)
		last = sp.End
	}
	b.WriteString(text[last:])
	return b.String(), holes
}

// restoreHoles puts the expressions' text back where placeholders are.
func restoreHoles(ops []gqlops.Operation, holes []string) {
	if len(holes) == 0 {
		return
	}
	pairs := make([]string, 0, 2*len(holes))
	for i := len(holes) - 1; i >= 0; i-- { // longest placeholders first
		pairs = append(pairs, exprPrefix+strconv.Itoa(i)+exprSuffix, holes[i])
	}
	r := strings.NewReplacer(pairs...)
	for i := range ops {
		for j := range ops[i].Fields {
			f := &ops[i].Fields[j]
			f.Name = r.Replace(f.Name)
			f.Alias = r.Replace(f.Alias)
			for k, v := range f.Args {
				f.Args[k] = r.Replace(v)
			}
			for k, s := range f.Sub {
				f.Sub[k] = r.Replace(s)
			}
		}
	}
}

// targetFromGraphQL fills Owner and Repo from repository(owner:, name:)
// arguments, following $variables into the variables object.
func (a *analyzer) targetFromGraphQL(c *Call, ops []gqlops.Operation, vars js.IExpr) {
	value := func(arg string) (string, bool) {
		name, isVar := strings.CutPrefix(arg, "$")
		if !isVar {
			if arg == "" || strings.HasPrefix(arg, "{") {
				return "", false
			}
			return arg, false
		}
		obj := a.objectOf(vars, 0)
		if obj == nil {
			return "", false
		}
		v := a.property(obj, name, 0)
		if v == nil {
			return "", false
		}
		return a.targetValue(v)
	}
	for _, op := range ops {
		for _, f := range op.Fields {
			if f.Name != "repository" {
				continue
			}
			if o, ctx := value(f.Args["owner"]); o != "" || ctx {
				c.Owner, c.ContextRepo = o, c.ContextRepo || ctx
			}
			if n, ctx := value(f.Args["name"]); n != "" || ctx {
				c.Repo, c.ContextRepo = n, c.ContextRepo || ctx
			}
		}
	}
}

// fetchCall handles fetch(url, {method, headers}) to the GitHub API.
func (a *analyzer) fetchCall(call *js.CallExpr) {
	url := arg(call, 0)
	if url == nil {
		return
	}
	opts := arg(call, 1)
	text, fromContext, ok := a.routeText(url)
	if !ok {
		if a.sendsAuthorization(opts) {
			a.add(call, Call{Kind: KindUnknown, Evidence: "fetch(" + a.render(url) + ") with an authorization header"})
		}
		return
	}
	path := apiPath(text)
	if !strings.HasPrefix(path, "/") {
		return // not the GitHub API
	}
	method := "GET"
	obj := a.objectOf(opts, 0)
	if obj != nil {
		if m := a.property(obj, "method", 0); m != nil {
			s, ok := a.constString(m, 0)
			if !ok {
				a.add(call, Call{Kind: KindUnknown, Evidence: "fetch(" + a.render(url) + ") with method " + a.render(m)})
				return
			}
			method = strings.ToUpper(s)
		}
	}
	if path == "/graphql" && method == "POST" && obj != nil {
		// fetch(api/graphql, {method: 'POST', body: JSON.stringify({query, variables})})
		if payload := a.jsonStringified(a.property(obj, "body", 0)); payload != nil {
			vars := a.property(payload, "variables", 0)
			a.graphqlQuery(call, a.property(payload, "query", 0), vars, "fetch "+text)
			return
		}
	}
	c := Call{Kind: KindRequest, Route: method + " " + path, ContextRepo: fromContext, Evidence: "fetch"}
	c.Owner, c.Repo = repoFromPath(path)
	a.add(call, c)
}

// jsonStringified returns the object literal of JSON.stringify({...}), or
// nil.
func (a *analyzer) jsonStringified(expr js.IExpr) *js.ObjectExpr {
	if v, ok := expr.(*js.Var); ok {
		if d, ok := a.defs[canon(v)]; ok && len(d.key) == 0 {
			expr = d.expr
		}
	}
	call, ok := expr.(*js.CallExpr)
	if !ok || a.render(call.X) != "JSON.stringify" {
		return nil
	}
	return a.objectOf(arg(call, 0), 0)
}

// sendsAuthorization tells whether fetch options carry an Authorization
// header.
func (a *analyzer) sendsAuthorization(opts js.IExpr) bool {
	obj := a.objectOf(opts, 0)
	if obj == nil {
		return false
	}
	h := a.objectOf(a.property(obj, "headers", 0), 0)
	if h == nil {
		return false
	}
	for _, p := range h.List {
		if p.Name != nil && !p.Name.IsComputed() && strings.EqualFold(a.literalName(p.Name.Literal), "authorization") {
			return true
		}
	}
	return false
}

// conditionOf is the conditional expression (c ? x : y) expr is, through
// parentheses and the one definition of a variable; nil otherwise.
func (a *analyzer) conditionOf(expr js.IExpr) *js.CondExpr {
	c, _ := a.bound(expr).(*js.CondExpr)
	return c
}

// emptyArray reports an array literal with no element ([]).
func emptyArray(e js.IExpr) bool {
	arr, ok := e.(*js.ArrayExpr)
	return ok && len(arr.List) == 0
}
