// Package jsops reads the JavaScript of an actions/github-script `script:`
// and reports every GitHub API call it makes through the client the action
// hands it (`github`, `octokit` and their aliases): Octokit REST methods,
// github.request routes, GraphQL documents, paginate calls, fetch calls to
// the API, and calls that cannot be resolved (dynamic members, code loaded
// with require) so that a person can look.
//
// The script is parsed with github.com/tdewolff/parse/v2/js; nothing is
// matched with regular expressions. Variables are followed through the
// parser's scopes, so `const gh = github`, `const { rest } = github`,
// `const { owner, repo } = context.repo` and string constants resolve.
package jsops

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/pat2app/pat2app/expression"
	"github.com/pat2app/pat2app/scanner/gqlops"
	"github.com/tdewolff/parse/v2"
	"github.com/tdewolff/parse/v2/js"
)

// MaxScriptSize is the largest script Analyze reads, in bytes.
const MaxScriptSize = 1 << 20

// maxRetries bounds how many times a script that does not parse is parsed
// again with the offending line blanked, to return partial results.
const maxRetries = 8

// maxResolveDepth bounds how far variable definitions are followed (it also
// breaks cycles such as `a = b; b = a`).
const maxResolveDepth = 64

// Kinds of Call.
const (
	KindREST    = "rest"
	KindRequest = "request"
	KindGraphQL = "graphql"
	KindUnknown = "unknown"
)

const (
	// maxEvidence bounds rendered expressions.
	maxEvidence = 120
	// exprPrefix and exprSuffix wrap the number of a placeholder put in a
	// GraphQL document where its text is not known.
	exprPrefix = "__jsexpr"
	exprSuffix = "__"
	// maskFillByte replaces workflow expressions before parsing.
	maskFillByte = '_'
)

// Call is one GitHub API call found in a script.
type Call struct {
	// Line is the 1-based line within the script.
	Line int
	// Kind is KindREST (github.rest.ns.method, the legacy github.ns.method,
	// or github.paginate over one), KindRequest (github.request("METHOD
	// /path") or fetch of an API URL), KindGraphQL (github.graphql), or
	// KindUnknown (a call that cannot be resolved; Evidence says what).
	Kind string
	// Namespace and Method name the Octokit REST method, e.g. "issues",
	// "addLabels".
	Namespace, Method string
	// Route is "METHOD /path" for a request; the parts of a template string
	// that are expressions are written "{expr}".
	Route string
	// Paginate is set when the call goes through github.paginate.
	Paginate bool
	// GraphQL is the parsed document of a graphql call.
	GraphQL []gqlops.Operation
	// Owner and Repo are the literal owner and repository the call targets,
	// "" when they come from the workflow's context or a variable. A
	// literal may contain an unexpanded ${{ }} expression.
	Owner, Repo string
	// Client is empty when the call goes through the client github-script
	// hands the script (authenticated with its github-token input), and
	// otherwise says how the script made the client it uses, e.g.
	// "github.getOctokit(process.env.ORG_TOKEN)": that client carries
	// another credential.
	Client string
	// Org is the literal org parameter (orgs.*, teams.*, ...), "" when
	// absent or not a literal.
	Org string
	// TeamReviewers is set when the call's parameters name team_reviewers
	// (pulls.requestReviewers): a team's review is asked.
	TeamReviewers bool
	// State is the state parameter of a call that gives one (issues.update,
	// pulls.update): its literal value ("open", "closed"), or "*" when it
	// is known only at run time; "" when the call gives none.
	State string
	// OtherItem is set when the call's issue_number is not the event's
	// (context.issue.number, context.payload.issue.number, ...): a number
	// the script finds or reads elsewhere may be an issue's or a pull
	// request's, whatever the workflow runs on.
	OtherItem bool
	// TagRef is set when the ref parameter of a call that creates or
	// moves a ref (git.createRef's refs/tags/NAME, git.updateRef's
	// tags/NAME) names a tag, whatever the name.
	TagRef bool
	// OtherSHA is, as written, the sha parameter of a call that sets one
	// (git.createRef, git.updateRef) when it is not the run's own commit
	// (context.sha, GITHUB_SHA, github.sha): a commit chosen at run time.
	OtherSHA string
	// ContextRepo is set when the target comes from context.repo,
	// context.issue or context.payload.repository.
	ContextRepo bool
	// RunTimeRepo is the call's repository as owner/name, with {expr} for
	// the part given by a value known only at run time (not a constant,
	// not the context's, not GITHUB_REPOSITORY's: repo: sdk in a loop); ""
	// when both are known.
	RunTimeRepo string
	// Evidence is short source text of the callee, e.g.
	// "github.rest.issues.addLabels", or why the call is unknown.
	Evidence string
	// Token, in an action's module, says where the token of the client the
	// call goes through comes from; nil when the client is not one the
	// module makes in view (a parameter, a field, another module's).
	Token *Token
	// Auth lists, in a program a step runs (AnalyzeProgram), where the
	// credential the call sends comes from (see SourceEnv); empty for a
	// call that sends none. Host is the host a request goes to.
	Auth []string
	Host string
}

// SyntaxError is a script that does not parse as JavaScript.
type SyntaxError struct {
	Line, Col int
	Msg       string
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("javascript: %d:%d: %s", e.Line, e.Col, e.Msg)
}

// MayMakeClient reports whether code can make an Octokit client of its own
// (getOctokit(...), new Octokit(...), new GitHub(...)): a cheap test on the
// text, true whenever Analyze could return a Call with a Client.
func MayMakeClient(code string) bool {
	return strings.Contains(code, "Octokit") || strings.Contains(code, "GitHub")
}

// Analyze parses a github-script body (top-level await and return are
// allowed, as github-script wraps the script in an async function) and
// returns its GitHub API calls ordered by line. ${{ }} expressions in the
// text are tolerated. When the script does not parse, the error is a
// *SyntaxError and the calls found with the offending lines blanked out are
// still returned.
func Analyze(code string) ([]Call, error) {
	if len(code) > MaxScriptSize {
		return nil, fmt.Errorf("javascript: script is %d bytes, over the %d-byte limit", len(code), MaxScriptSize)
	}
	var calls []Call
	err := parseRetrying(maskExpressions(code), js.Options{Inline: true}, func(ast *js.AST, buf []byte) {
		a := newAnalyzer(buf, code)
		a.run(ast)
		calls = a.calls
	})
	return calls, err
}

// parseRetrying parses masked, blanking the offending line and parsing
// again (up to maxRetries times) when it does not parse, and hands the
// first tree that parses to use. The error is the first syntax error.
func parseRetrying(masked []byte, opts js.Options, use func(ast *js.AST, buf []byte)) error {
	var firstErr error
	for try := 0; try <= maxRetries; try++ {
		buf := make([]byte, len(masked), len(masked)+1)
		copy(buf, masked)
		ast, err := js.Parse(parse.NewInputBytes(buf), opts)
		if err == nil {
			use(ast, buf)
			return firstErr
		}
		serr := toSyntaxError(err)
		var se *SyntaxError
		if errors.As(serr, &se) && blankImportAttributes(masked, se.Line) {
			// The parser does not know import attributes; they say how
			// a module is loaded, not what it does.
			continue
		}
		if firstErr == nil {
			firstErr = serr
		}
		if se == nil || !blankLine(masked, se.Line) {
			break
		}
	}
	return firstErr
}

func toSyntaxError(err error) error {
	var pe *parse.Error
	if errors.As(err, &pe) {
		return &SyntaxError{Line: pe.Line, Col: pe.Column, Msg: pe.Message}
	}
	return fmt.Errorf("javascript: %w", err)
}

// blankLine replaces the text of 1-based line n with spaces, keeping the
// line's length, and tells whether it changed anything.
// blankImportAttributes blanks, on line n, the attributes of a static
// import or export (from 'x' with { type: 'json' }, or assert { ... }):
// the text from the with or assert that follows the module's quoted name
// up to the closing brace. It reports whether it blanked any.
func blankImportAttributes(b []byte, n int) bool {
	start, end := lineSpan(b, n)
	line := string(b[start:end])
	changed := false
	for _, kw := range []string{"from", "import"} {
		for i := 0; i < len(line); {
			k := strings.Index(line[i:], kw)
			if k < 0 {
				break
			}
			j := i + k + len(kw)
			i = j
			for j < len(line) && line[j] == ' ' {
				j++
			}
			if j >= len(line) || line[j] != '\'' && line[j] != '"' {
				continue
			}
			q := strings.IndexByte(line[j+1:], line[j])
			if q < 0 {
				continue
			}
			a := j + 1 + q + 1
			rest := strings.TrimLeft(line[a:], " ")
			kwLen := 0
			switch {
			case strings.HasPrefix(rest, "with"):
				kwLen = 4
			case strings.HasPrefix(rest, "assert"):
				kwLen = 6
			default:
				continue
			}
			open := a + (len(line[a:]) - len(rest)) + kwLen
			brace := strings.TrimLeft(line[open:], " ")
			if !strings.HasPrefix(brace, "{") {
				continue
			}
			closeAt := strings.IndexByte(line[open:], '}')
			if closeAt < 0 {
				continue
			}
			for p := start + a; p <= start+open+closeAt; p++ {
				b[p] = ' '
			}
			changed = true
		}
	}
	return changed
}

// lineSpan is the byte span of line n (1-based) of b, without its newline.
func lineSpan(b []byte, n int) (start, end int) {
	line := 1
	for i, c := range b {
		if line == n {
			start = i
			break
		}
		if c == '\n' {
			line++
		}
	}
	if line != n {
		return len(b), len(b)
	}
	end = start
	for end < len(b) && b[end] != '\n' {
		end++
	}
	return start, end
}

func blankLine(b []byte, n int) bool {
	start, end := lineSpan(b, n)
	changed := false
	for i := start; i < end; i++ {
		if b[i] != ' ' && b[i] != '\r' {
			b[i] = ' '
			changed = true
		}
	}
	return changed
}

// maskExpressions replaces each ${{ ... }} with underscores of the same
// byte length (newlines kept), so the script parses and offsets still point
// at the original text.
func maskExpressions(code string) []byte {
	b := []byte(code)
	for _, sp := range expression.Find(code) {
		for p := sp.Start; p < sp.End; p++ {
			if b[p] != '\n' && b[p] != '\r' {
				b[p] = maskFillByte
			}
		}
	}
	return b
}

// refKind is what an expression resolves to.
type refKind int

const (
	refNone    refKind = iota
	refClient          // the Octokit client, path = members below it
	refContext         // github-script's context, path = members below it
	refModule          // a module loaded with require/import
	// refReceiver is any other object of an action's module, whose calls
	// count when their shape is an Octokit call's (module.go).
	refReceiver
	refProcess // Node.js's process (process.env.X, process.argv)
	refArgs    // parsed command-line options (parseArgs, yargs)
)

type ref struct {
	kind    refKind
	path    []string
	dynamic bool
	module  string
	client  string // for a client made in the script, how (see Call.Client)
	// auth is the expression a client made in the code was given its
	// token in (the argument of getOctokit, the auth of new Octokit);
	// maker is the expression that makes the client.
	auth  js.IExpr
	maker js.INode
}

// isArgvOf reports yargs's parsed options: X.argv, or .parse() or
// .parseSync() at the end of a chain that starts with yargs.
func (a *analyzer) isArgvOf(e *js.DotExpr) bool {
	l, ok := e.Y.(js.LiteralExpr)
	if !ok || string(l.Data) != "argv" {
		return false
	}
	return a.rootedAtYargs(e.X, 0)
}

// rootedAtYargs reports a method chain whose root is yargs (imported or
// required), called or not.
func (a *analyzer) rootedAtYargs(x js.IExpr, depth int) bool {
	for ; depth < maxResolveDepth && x != nil; depth++ {
		switch e := x.(type) {
		case *js.CallExpr:
			x = e.X
		case *js.DotExpr:
			x = e.X
		case *js.UnaryExpr:
			x = e.X
		case *js.GroupExpr:
			x = e.X
		case *js.Var:
			if r := a.resolve(e, depth); r.kind == refModule && strings.HasPrefix(r.module, "yargs") {
				return true
			}
			return string(e.Name()) == "yargs"
		default:
			return false
		}
	}
	return false
}

// clientText describes a client made in the script from its constructor
// and first argument, naming the auth option of an options object:
// "github.getOctokit(process.env.ORG_TOKEN)", "new Octokit({auth: token})".
func (a *analyzer) clientText(callee, first js.IExpr) string {
	argText := ""
	if first != nil {
		argText = a.render(first)
		if obj := a.objectOf(first, 0); obj != nil {
			argText = "{}"
			if auth := a.property(obj, "auth", 0); auth != nil {
				argText = "{auth: " + a.render(auth) + "}"
			}
		}
	}
	return a.render(callee) + "(" + argText + ")"
}

func (r ref) with(seg string) ref {
	if (r.kind == refModule && r.module == "@actions/github" || r.kind == refReceiver) && len(r.path) == 0 && seg == "context" {
		return ref{kind: refContext} // the toolkit's context is github-script's
	}
	p := make([]string, len(r.path), len(r.path)+1)
	copy(p, r.path)
	r.path = append(p, seg)
	return r
}

// function is a function declared in the script.
type function struct {
	params *js.Params
	body   *js.BlockStmt
}

// returned is the expression a function returns when its body is one
// return statement after any declarations, e.g. a query builder
// `(id) => \`query { node(id: "${id}") { id } }\“; nil otherwise.
func (f function) returned() js.IExpr {
	if f.body == nil || len(f.body.List) == 0 {
		return nil
	}
	for _, st := range f.body.List[:len(f.body.List)-1] {
		if _, ok := st.(*js.VarDecl); !ok {
			return nil
		}
	}
	if r, ok := f.body.List[len(f.body.List)-1].(*js.ReturnStmt); ok {
		return r.Value
	}
	return nil
}

// def is what a variable was bound to: expr, then the member path key
// (for destructuring `const { a: { b } } = expr`, key is [a b]).
type def struct {
	expr js.IExpr
	key  []string
}

type analyzer struct {
	buf        []byte // the parsed (masked) text; AST literals alias it
	orig       string // the original script, same length
	lineStarts []int
	defs       map[*js.Var]def
	funcs      map[*js.Var]function
	calls      []Call
	// sites are the offsets of plain `name(` calls (built on first use),
	// next the number of each name's sites visited so far, and at the
	// offset of each such call visited.
	sites map[string][]int
	next  map[string]int
	at    map[*js.CallExpr]int
	// located marks the calls already paired with their site.
	located map[*js.CallExpr]bool
	// prog is set when a program a step runs is read (AnalyzeProgram).
	prog *programState
	// budget bounds the work spent following definitions for one call,
	// which could otherwise grow exponentially (`a = b + b; b = c + c;
	// ...`); total bounds it for the whole script.
	budget, total int
	// mod is set when the code is an action's module rather than a
	// github-script body (module.go).
	mod *ModuleOptions
	// clients are the clients a module makes.
	clients []Client
	// made, while a call on a client made out of view is read, says how
	// the client was made and what credential it sends (made.go).
	made *madeClient
}

// maxWork is the budget of resolve and string steps for one call, and
// maxTotalWork for one script.
const (
	maxWork      = 10000
	maxTotalWork = 2000000
)

// minWork is the budget a call still gets once the script's is spent:
// enough to resolve a callee, so no call goes unreported.
const minWork = 256

// resetBudget gives the next call its budget.
func (a *analyzer) resetBudget() {
	a.budget = max(minWork, min(maxWork, a.total))
}

// maxStringLen bounds strings built from constants.
const maxStringLen = MaxScriptSize

// spend takes one step from the budget and tells whether any was left.
func (a *analyzer) spend() bool {
	if a.budget <= 0 {
		return false
	}
	a.budget--
	a.total--
	return true
}

func newAnalyzer(buf []byte, orig string) *analyzer {
	a := &analyzer{buf: buf, orig: orig, defs: map[*js.Var]def{}, funcs: map[*js.Var]function{},
		next: map[string]int{}, at: map[*js.CallExpr]int{}, located: map[*js.CallExpr]bool{}, budget: maxWork, total: maxTotalWork}
	a.lineStarts = append(a.lineStarts, 0)
	for i, c := range orig {
		if c == '\n' {
			a.lineStarts = append(a.lineStarts, i+1)
		}
	}
	return a
}

func canon(v *js.Var) *js.Var {
	for i := 0; v.Link != nil && i < maxResolveDepth; i++ {
		v = v.Link
	}
	return v
}

func (a *analyzer) run(ast *js.AST) {
	js.Walk(visitor(a.collectDefs), ast)
	js.Walk(visitor(a.bindParams), ast)
	js.Walk(ordered(a.visitCall), ast)
	sort.SliceStable(a.calls, func(i, j int) bool { return a.calls[i].Line < a.calls[j].Line })
}

// visitor adapts a function to js.IVisitor.
type visitor func(js.INode)

func (v visitor) Enter(n js.INode) js.IVisitor { v(n); return v }
func (v visitor) Exit(js.INode)                {}

// collectDefs records variable initialisers, single assignments and
// function parameters.
func (a *analyzer) collectDefs(n js.INode) {
	switch n := n.(type) {
	case *js.VarDecl:
		for _, b := range n.List {
			if b.Default != nil {
				a.bind(b.Binding, b.Default, nil)
				if v, ok := b.Binding.(*js.Var); ok {
					switch f := b.Default.(type) {
					case *js.ArrowFunc:
						a.funcs[canon(v)] = function{&f.Params, &f.Body}
					case *js.FuncDecl:
						a.funcs[canon(v)] = function{&f.Params, &f.Body}
					}
				}
			}
		}
	case *js.FuncDecl:
		if n.Name != nil {
			a.funcs[canon(n.Name)] = function{&n.Params, &n.Body}
		}
	case *js.BinaryExpr:
		if n.Op == js.EqToken {
			if v, ok := n.X.(*js.Var); ok {
				if _, seen := a.defs[canon(v)]; !seen {
					a.defs[canon(v)] = def{expr: n.Y}
				}
			}
		}
	}
}

// bind records what the names in binding are bound to.
func (a *analyzer) bind(binding js.IBinding, expr js.IExpr, key []string) {
	switch b := binding.(type) {
	case *js.Var:
		v := canon(b)
		if _, seen := a.defs[v]; !seen {
			a.defs[v] = def{expr: expr, key: key}
		}
	case *js.BindingObject:
		for _, item := range b.List {
			name := ""
			if item.Key != nil && !item.Key.IsComputed() {
				name = a.literalName(item.Key.Literal)
			} else if item.Key == nil {
				if v, ok := item.Value.Binding.(*js.Var); ok {
					name = string(v.Name())
				}
			}
			if name == "" {
				continue
			}
			k := make([]string, len(key), len(key)+1)
			copy(k, key)
			a.bind(item.Value.Binding, expr, append(k, name))
		}
	case *js.BindingArray:
		// const [owner, repo] = process.env.GITHUB_REPOSITORY.split('/'):
		// each element is a part of the whole value.
		for _, item := range b.List {
			if item.Binding != nil {
				a.bind(item.Binding, expr, key)
			}
		}
		if b.Rest != nil {
			a.bind(b.Rest, expr, key)
		}
	}
}

// bindParams binds the parameters of functions defined in the script to the
// arguments of calls that pass the client, so `async function f(gh) {
// gh.rest... }` called as f(github) resolves.
func (a *analyzer) bindParams(n js.INode) {
	a.paramArgs(n, func(_ *js.CallExpr, p js.BindingElement, arg js.IExpr) {
		if a.passesClient(arg) {
			a.bind(p.Binding, arg, nil)
		}
	})
}

// paramArgs calls fn with each parameter of the script's own function that
// the call n calls, and the argument the call passes it.
func (a *analyzer) paramArgs(n js.INode, fn func(call *js.CallExpr, p js.BindingElement, arg js.IExpr)) {
	call, ok := n.(*js.CallExpr)
	if !ok {
		return
	}
	a.resetBudget()
	fv, ok := call.X.(*js.Var)
	if !ok {
		return
	}
	params := a.funcs[canon(fv)].params
	if params == nil {
		return
	}
	for i, p := range params.List {
		if i >= len(call.Args.List) || call.Args.List[i].Rest {
			break
		}
		fn(call, p, call.Args.List[i].Value)
	}
}

// passesClient tells whether expr is the client, or an object literal with
// a property holding it (`{ github, context }`).
func (a *analyzer) passesClient(expr js.IExpr) bool {
	if a.resolve(expr, 0).kind == refClient {
		return true
	}
	if obj, ok := expr.(*js.ObjectExpr); ok {
		for _, p := range obj.List {
			if p.Value != nil && a.resolve(p.Value, 0).kind == refClient {
				return true
			}
		}
	}
	return false
}

// literalName returns a property or member name's text.
func (a *analyzer) literalName(l js.LiteralExpr) string {
	if l.TokenType == js.StringToken {
		if s, ok := a.stringLiteral(l); ok {
			return s
		}
	}
	return string(l.Data)
}

// resolve follows expr to the client, context or a module.
func (a *analyzer) resolve(expr js.IExpr, depth int) ref {
	if expr == nil || depth > maxResolveDepth || !a.spend() {
		return ref{}
	}
	switch e := expr.(type) {
	case *js.Var:
		v := canon(e)
		if d, ok := a.defs[v]; ok {
			if r, ok := a.handed(d.expr, d.key); ok {
				// const { github, context } = param
				for _, k := range d.key[1:] {
					r = r.with(k)
				}
				return r
			}
			if r := a.resolveMember(d.expr, d.key, depth+1); r.kind != refNone || a.mod == nil {
				return r
			}
			return ref{kind: refReceiver}
		}
		if r, ok := a.resolveModuleVar(v); ok {
			return r
		}
		switch string(v.Name()) {
		case "github", "octokit":
			if a.mod == nil {
				return ref{kind: refClient}
			}
		case "context":
			return ref{kind: refContext}
		}
		if a.mod != nil {
			return ref{kind: refReceiver}
		}
	case *js.DotExpr:
		if a.prog != nil && a.isArgvOf(e) {
			return ref{kind: refArgs}
		}
		r := a.resolve(e.X, depth+1)
		if r.kind == refNone {
			if l, ok := e.Y.(js.LiteralExpr); ok {
				if r, ok := a.handed(e.X, []string{string(l.Data)}); ok {
					return r // param.github, param.context
				}
			}
			return r
		}
		if l, ok := e.Y.(js.LiteralExpr); ok {
			return r.with(string(l.Data))
		}
		r.dynamic = true
		return r.with("#private")
	case *js.IndexExpr:
		r := a.resolve(e.X, depth+1)
		if r.kind == refNone {
			return r
		}
		if s, ok := a.constString(e.Y, depth+1); ok {
			return r.with(s)
		}
		r.dynamic = true
		return r.with("[" + a.render(e.Y) + "]")
	case *js.CallExpr:
		if r, ok := a.denoEnv(e, depth); ok {
			return r
		}
		switch calleeName(e.X) {
		case "promisify":
			// util.promisify(exec): the function, run the same way,
			// its result a promise (nodejs.org/api/util.html).
			if len(e.Args.List) == 1 {
				return a.resolve(e.Args.List[0].Value, depth+1)
			}
		case "getOctokit":
			return ref{kind: refClient, client: a.clientText(e.X, arg(e, 0)), auth: arg(e, 0), maker: e}
		case "parseArgs", "minimist", "mri", "opts":
			if a.prog != nil {
				return ref{kind: refArgs}
			}
		case "require", "import":
			if len(e.Args.List) > 0 {
				return ref{kind: refModule, module: a.templateText(e.Args.List[0].Value, "${", "}")}
			}
		}
		if r, ok := a.factoryResult(e, depth); ok {
			return r
		}
		if r, ok := a.envGetterResult(e, depth); ok {
			return r
		}
		if a.mod != nil {
			return ref{kind: refReceiver}
		}
	case *js.NewExpr:
		switch calleeName(e.X) {
		case "Octokit", "GitHub", "getOctokit":
			var first js.IExpr
			if e.Args != nil && len(e.Args.List) > 0 {
				first = e.Args.List[0].Value
			}
			return ref{kind: refClient, client: "new " + a.clientText(e.X, first), auth: a.authOf(first), maker: e}
		}
	case *js.UnaryExpr:
		if e.Op == js.AwaitToken {
			return a.resolve(e.X, depth+1)
		}
	case *js.GroupExpr:
		return a.resolve(e.X, depth+1)
	case *js.LiteralExpr, js.LiteralExpr:
		if a.mod != nil && isThis(e) {
			return ref{kind: refReceiver}
		}
	case *js.CondExpr:
		if r := a.resolve(e.X, depth+1); r.kind != refNone {
			return r
		}
		return a.resolve(e.Y, depth+1)
	case *js.BinaryExpr:
		if e.Op == js.OrToken || e.Op == js.NullishToken {
			if r := a.resolve(e.X, depth+1); r.kind != refNone {
				return r
			}
			return a.resolve(e.Y, depth+1)
		}
	}
	return ref{}
}

// handed resolves member key[0] of x when it is what actions/github-script
// hands a module: x is a parameter of one of the module's functions that
// nothing in the module binds (the caller passes it, as
// `f({ github, context })` does: the module never calls that function
// itself), and key[0] is the client's or the context's name there. A
// module that takes the object whole and unpacks it later
// (`const { github, context } = param`, `param.github.rest...`) gets them as
// surely as one that unpacks them in its parameter list.
func (a *analyzer) handed(x js.IExpr, key []string) (ref, bool) {
	if a.prog == nil || len(key) == 0 {
		return ref{}, false
	}
	var r ref
	switch key[0] {
	case "github", "octokit":
		r = ref{kind: refClient}
	case "context":
		r = ref{kind: refContext}
	default:
		return ref{}, false
	}
	v, ok := x.(*js.Var)
	if !ok {
		return ref{}, false
	}
	v = canon(v)
	if _, bound := a.defs[v]; bound {
		return ref{}, false
	}
	params, ok := a.prog.paramOf[v]
	if !ok {
		return ref{}, false
	}
	if fv := a.prog.nameOf[params]; fv != nil && len(a.prog.callsOf[fv]) > 0 {
		return ref{}, false // the module's own calls say what it gets
	}
	return r, true
}

// denoEnv resolves Deno.env.get('X') as process.env.X, and
// Deno.env.toObject() as process.env.
func (a *analyzer) denoEnv(e *js.CallExpr, depth int) (ref, bool) {
	d, ok := e.X.(*js.DotExpr)
	if !ok {
		return ref{}, false
	}
	method, _ := d.Y.(js.LiteralExpr)
	name := string(method.Data)
	if name != "get" && name != "toObject" {
		return ref{}, false
	}
	r := a.resolve(d.X, depth+1)
	if r.kind != refProcess || len(r.path) != 1 || r.path[0] != "env" {
		return ref{}, false
	}
	if name == "toObject" {
		return r, true
	}
	if s, ok := a.constString(arg(e, 0), depth+1); ok {
		return r.with(s), true
	}
	r.dynamic = true
	return r.with("[" + a.render(arg(e, 0)) + "]"), true
}

// resolveMember resolves expr.key[0].key[1]..., looking into object
// literals along the way.
func (a *analyzer) resolveMember(expr js.IExpr, key []string, depth int) ref {
	if len(key) > 0 {
		if obj := a.objectOf(expr, depth); obj != nil {
			if v := a.property(obj, key[0], depth); v != nil {
				return a.resolveMember(v, key[1:], depth+1)
			}
			return ref{}
		}
	}
	r := a.resolve(expr, depth)
	if r.kind == refNone {
		return r
	}
	for _, k := range key {
		r = r.with(k)
	}
	return r
}

// objectOf returns the object literal expr is or is bound to, or nil.
func (a *analyzer) objectOf(expr js.IExpr, depth int) *js.ObjectExpr {
	for ; depth <= maxResolveDepth; depth++ {
		switch e := a.bound(expr).(type) {
		case *js.ObjectExpr:
			return e
		case *js.CallExpr:
			// A helper of the script's own that returns one object
			// (requestOptions()): that object.
			v, ok := e.X.(*js.Var)
			if !ok {
				return nil
			}
			f, ok := a.funcs[canon(v)]
			if !ok || f.body == nil {
				return nil
			}
			rs := returnValues(f.body.List, 0)
			if len(rs) != 1 {
				return nil
			}
			expr = rs[0]
		default:
			return nil
		}
	}
	return nil
}

// bound is what expr stands for through parentheses and the one
// definition of a variable (const q = ...; (q)); expr itself when neither.
func (a *analyzer) bound(expr js.IExpr) js.IExpr {
	for depth := 0; depth <= maxResolveDepth; depth++ {
		switch e := expr.(type) {
		case *js.GroupExpr:
			expr = e.X
		case *js.Var:
			d, ok := a.defs[canon(e)]
			if !ok || len(d.key) > 0 {
				return expr
			}
			expr = d.expr
		default:
			return expr
		}
	}
	return expr
}

// property returns the value of the last property called name in obj,
// looking into spread object literals, or nil.
func (a *analyzer) property(obj *js.ObjectExpr, name string, depth int) js.IExpr {
	var found js.IExpr
	for _, p := range obj.List {
		switch {
		case p.Spread:
			if inner := a.objectOf(p.Value, depth+1); inner != nil && depth < maxResolveDepth {
				if v := a.property(inner, name, depth+1); v != nil {
					found = v
				}
			}
		case p.Name != nil && !p.Name.IsComputed() && a.literalName(p.Name.Literal) == name:
			found = p.Value
		}
	}
	return found
}

// calleeName is the last name of a callee: f for f(), a.b.f(), new F().
func calleeName(x js.IExpr) string {
	switch e := x.(type) {
	case *js.Var:
		return string(e.Name())
	case *js.DotExpr:
		if l, ok := e.Y.(js.LiteralExpr); ok {
			return string(l.Data)
		}
	case *js.LiteralExpr:
		if e.TokenType == js.ImportToken {
			return "import"
		}
	case js.LiteralExpr:
		if e.TokenType == js.ImportToken {
			return "import"
		}
	case *js.GroupExpr:
		if x := indirectCallee(e); x != js.IExpr(e) {
			return calleeName(x)
		}
		return calleeName(e.X)
	}
	return ""
}

// RefTagsOnly reports a call that creates or moves a tag and no branch:
// POST /repos/{owner}/{repo}/git/refs given refs/tags/NAME, or PATCH
// .../git/refs/{ref} given tags/NAME (in its parameters or its path).
func RefTagsOnly(c Call, method, path string) bool {
	return refCall(method, path) && (c.TagRef || strings.Contains(path, "/git/refs/tags/"))
}

// refCall reports a call that creates or moves a ref: POST
// /repos/{owner}/{repo}/git/refs, PATCH .../git/refs/{ref}.
func refCall(method, path string) bool {
	m := strings.ToUpper(method)
	return m == "POST" && strings.HasSuffix(path, "/git/refs") || m == "PATCH" && strings.Contains(path, "/git/refs/")
}

// RefWorkflows says why a call that creates or moves a ref (POST
// /repos/{owner}/{repo}/git/refs, PATCH .../git/refs/{ref}) may change
// .github/workflows: it points the ref at a commit chosen at run time
// (Call.OtherSHA), whose workflow files may differ from the default
// branch's, and GitHub then asks for the workflows permission as it does
// for a push. "" for other calls and for the run's own commit.
func RefWorkflows(c Call, method, path string) string {
	if c.OtherSHA == "" {
		return ""
	}
	if refCall(method, path) {
		return "it points a ref at " + c.OtherSHA + ", a commit chosen at run time, whose .github/workflows may differ from the default branch's"
	}
	return ""
}
