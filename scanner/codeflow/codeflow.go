// Package codeflow holds the terms the readers of repository code share
// (scanner/jsops for Node.js programs, scanner/pyops for Python,
// scanner/goops for Go): where a credential a program uses comes from, the
// requests it makes, the programs it runs and the places a credential goes
// that the reading does not follow; and the small helpers they all need.
package codeflow

import (
	"maps"
	"slices"
	"strconv"
	"strings"
)

// Sources name where a value a program uses as a credential comes from.
const (
	// SourceEnv+NAME is the environment variable NAME; SourceEnv+"*" the
	// whole environment (or a name built at run time).
	SourceEnv = "env:"
	// SourceArg+N is the program's N-th argument.
	SourceArg = "arg:"
	// SourceFlag+NAME is the value of its --NAME option.
	SourceFlag = "flag:"
	// SourceParam+NAME is a parameter of the program's function that no
	// call in it binds: what the program's caller passes, not known here.
	SourceParam = "param:"
	// SourceClient is the client actions/github-script hands a module.
	SourceClient = "client"
)

// EnvAll is the source of the whole environment.
const EnvAll = SourceEnv + "*"

// Request is a request a program makes, as far as it is known.
type Request struct {
	// File is the file it is in, "" for the file being read.
	File string
	Line int
	// Method and Path are the REST call, Path from the API's root;
	// GraphQL is the query of a POST /graphql when it is a constant.
	Method, Path, GraphQL string
	// Host is the host it goes to ("api.github.com", or another).
	Host string
	// Repo is the literal owner/name it targets, when known.
	Repo string
	// Auth lists where the credential it sends comes from; empty for a
	// request that sends none.
	Auth []string
	// Unknown says why the request is not known, "" when it is.
	Unknown  string
	Evidence string
}

// Command is a program a program runs.
type Command struct {
	// File is the file it is in, "" for the file being read.
	File string
	Line int
	// Text is the command as shell text: a shell string as written, or a
	// program and its arguments quoted; parts that are not constants are
	// shell variables named in Vars.
	Text string
	// Vars maps the variables of Text to the sources their values carry;
	// Shown, to the source text they stand for, for evidence.
	Vars  map[string][]string
	Shown map[string]string
	// Env maps the variables the call sets in the child's environment to
	// the sources their values carry.
	Env map[string][]string
	// Inherit is true when the child gets the program's environment.
	Inherit bool
	// Dir is the child's working directory when it is a constant.
	Dir string
	// Node is true for a Node.js module run with node (fork): Text is its
	// path.
	Node bool
	// Unknown says why the command is not known (its program or its
	// arguments are built at run time), "" when Text is it.
	Unknown string
	// Wrapper is, for an unknown command that runs what the parameters of
	// one of the module's functions give it and no call of that function
	// in the module says, the function's name: a module that imports it
	// may read each of its calls as the command it runs (Import.Runs).
	Wrapper  string
	Evidence string
}

// Flow is a credential that goes where the reading stops.
type Flow struct {
	// File is the file it is in, "" for the file being read.
	File     string
	Line     int
	Sources  []string
	Evidence string
}

// Union adds the items not yet in list.
func Union(list []string, items ...string) []string {
	for _, it := range items {
		found := false
		for _, l := range list {
			if l == it {
				found = true
				break
			}
		}
		if !found {
			list = append(list, it)
		}
	}
	return list
}

// ShellQuote quotes a word for sh.
func ShellQuote(s string) string {
	if s != "" && !strings.ContainsAny(s, " \t\n'\"\\$`|&;<>()*?[]{}#~!=%") {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// SplitURL splits an http(s) URL text into its host (lower case) and path
// (without query or fragment); a GitHub Enterprise Server /api/v3 path is
// the API's. A text that is not such a URL is returned as the path.
func SplitURL(text string) (host, path string) {
	rest, ok := strings.CutPrefix(text, "https://")
	if !ok {
		rest, ok = strings.CutPrefix(text, "http://")
	}
	if !ok {
		return "", text
	}
	host, path, _ = strings.Cut(rest, "/")
	path = "/" + path
	if i := strings.IndexAny(path, "?#"); i >= 0 {
		path = path[:i]
	}
	if p, ok := strings.CutPrefix(path, "/api/v3/"); ok && namedForGitHub(host) {
		// GitHub Enterprise Server's REST API (https://ghe.acme.com/api/v3/repos/...).
		// Other services use /api/v3 too (readthedocs.org/api/v3/projects):
		// only a host named for GitHub is read as one.
		path, host = "/"+p, "api.github.com"
	}
	return strings.ToLower(host), path
}

// namedForGitHub reports a host whose name says GitHub: a label that holds
// "github", or one that is "ghe" (ghe.acme.com), as GitHub Enterprise
// Server hosts are usually named.
func namedForGitHub(host string) bool {
	for _, l := range strings.FieldsFunc(strings.ToLower(host), func(r rune) bool { return r == '.' || r == '-' }) {
		if l == "ghe" || strings.Contains(l, "github") {
			return true
		}
	}
	return false
}

// HostAtRunTime starts the Unknown of a request whose URL's host is a
// value known only at run time (f"{server}/api/v4/posts"): GitHub's or
// another service's.
const HostAtRunTime = "a request to a URL whose host is known only at run time"

// URLAtRunTime is the Unknown of a request whose whole URL is a value
// known only at run time (urllib.request.Request(url)): its host may be
// GitHub's or another service's, as with HostAtRunTime.
const URLAtRunTime = "a request to a URL built at run time"

// RepoOfPath is the literal owner/name of a /repos/OWNER/NAME/... path,
// "" when either is a placeholder.
func RepoOfPath(p string) string {
	parts := strings.Split(strings.TrimPrefix(p, "/"), "/")
	if len(parts) >= 3 && parts[0] == "repos" && !strings.ContainsAny(parts[1]+parts[2], "{}") {
		return parts[1] + "/" + parts[2]
	}
	return ""
}

// Hole stands for a part of the command's text that is not a constant:
// the shell variable name, carrying sources (none for a value that carries
// no credential) and shown as shown in evidence. It returns the variable's
// reference, quoted, to write in Text.
func (c *Command) Hole(name string, sources []string, shown string) string {
	if len(sources) > 0 {
		if c.Vars == nil {
			c.Vars = map[string][]string{}
		}
		c.Vars[name] = sources
	}
	if c.Shown == nil {
		c.Shown = map[string]string{}
	}
	c.Shown[name] = shown
	return `"$` + name + `"`
}

// RunnerURLPart is what a part of a URL whose value carries sources stands
// for when it is one of the runner's variables that name the API or this
// repository: "{owner}/{repo}", "{owner}", or the API's root; none when
// the sources name two different parts.
func RunnerURLPart(sources []string) (string, bool) {
	part := ""
	for _, s := range sources {
		p := ""
		switch s {
		case SourceEnv + "GITHUB_REPOSITORY":
			p = "{owner}/{repo}"
		case SourceEnv + "GITHUB_REPOSITORY_OWNER":
			p = "{owner}"
		case SourceEnv + "GITHUB_API_URL":
			p = "https://api.github.com"
		}
		if p == "" {
			continue
		}
		if part != "" && part != p {
			return "", false // a value that is one or the other
		}
		part = p
	}
	return part, part != ""
}

// String renders a request on one line, for tests and debugging:
// "call [FILE:]LINE METHOD PATH [GRAPHQL] [repo=R] auth=SOURCES", the host
// in place of the route for another host, "unknown: WHY" for an unknown
// one.
func (r Request) String() string {
	what := r.Method + " " + r.Path
	switch {
	case r.Unknown != "":
		what = "unknown: " + r.Unknown
	case r.Host != "api.github.com":
		what = r.Host
	}
	if r.GraphQL != "" {
		what += " " + strings.Join(strings.Fields(r.GraphQL), " ")
	}
	if r.Repo != "" {
		what += " repo=" + r.Repo
	}
	return "call " + at(r.File, r.Line) + " " + what + " auth=" + strings.Join(r.Auth, ",")
}

// String renders a command on one line, for tests and debugging:
// "cmd [FILE:]LINE TEXT [$VAR=SOURCES...] [env NAME=SOURCES...] [(no
// inherit)] [unknown: WHY]".
func (c Command) String() string {
	s := "cmd " + at(c.File, c.Line) + " " + c.Text
	for _, k := range sortedKeys(c.Vars) {
		s += " $" + k + "=" + strings.Join(c.Vars[k], ",")
	}
	for _, k := range sortedKeys(c.Env) {
		s += " env " + k + "=" + strings.Join(c.Env[k], ",")
	}
	if !c.Inherit {
		s += " (no inherit)"
	}
	if c.Unknown != "" {
		s += " unknown: " + c.Unknown
	}
	return s
}

// String renders a flow on one line: "flow [FILE:]LINE SOURCES EVIDENCE".
func (f Flow) String() string {
	return "flow " + at(f.File, f.Line) + " " + strings.Join(f.Sources, ",") + " " + f.Evidence
}

func at(file string, line int) string {
	if file == "" {
		return strconv.Itoa(line)
	}
	return file + ":" + strconv.Itoa(line)
}

func sortedKeys(m map[string][]string) []string {
	return slices.Sorted(maps.Keys(m))
}

// SourceMade is the credential of an API client made by code that is not
// read (a factory of another package, an object a parameter or a field
// holds): such clients take their token from the environment, so it
// stands for the GitHub token variables of the program's environment.
const SourceMade = "made"

// GitHubTokenVars are the environment variables GitHub clients read their
// token from when none is given (gh, Octokit helpers, GitHub's SDKs).
var GitHubTokenVars = []string{"GH_TOKEN", "GITHUB_TOKEN", "GH_ENTERPRISE_TOKEN"}

// githubRoots are the first segments of GitHub REST paths a route written
// without its method (Octokit's GET default) is recognised by.
var githubRoots = []string{"/repos/", "/orgs/", "/user", "/users/", "/gists", "/search/", "/installation",
	"/app/", "/enterprises/", "/teams/", "/notifications", "/graphql", "/rate_limit", "/meta"}

// IsAPIRoute reports text that names a GitHub API request: "VERB /path",
// an https://api.github.com URL, or a path under the API's top-level
// folders. A bare host name is not one.
func IsAPIRoute(s string) bool {
	s = strings.TrimSpace(s)
	if strings.Contains(s, "://api.github.com") {
		return true
	}
	if i := strings.IndexAny(s, " \t"); i > 0 && IsHTTPMethod(s[:i]) {
		rest := strings.TrimSpace(s[i+1:])
		return strings.HasPrefix(rest, "/") || strings.HasPrefix(rest, "{") || strings.HasPrefix(rest, "https://")
	}
	for _, root := range githubRoots {
		if strings.HasPrefix(s, root) {
			return true
		}
	}
	return false
}

// IsHTTPMethod reports an HTTP method name, in any case.
func IsHTTPMethod(s string) bool {
	switch strings.ToUpper(s) {
	case "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS":
		return true
	}
	return false
}

// IsGitPush reports a command line that runs git push.
func IsGitPush(s string) bool {
	f := strings.Fields(s)
	for i := 0; i+1 < len(f); i++ {
		if f[i] == "git" && f[i+1] == "push" {
			return true
		}
	}
	return false
}

// RouteShape is the path of a route or API URL without its method, host,
// query, with each {placeholder} written {}, so that a route's text and a
// call's match whatever their holes are named.
func RouteShape(route string) string {
	s := strings.TrimSpace(route)
	if i := strings.IndexAny(s, " \t"); i > 0 && IsHTTPMethod(s[:i]) {
		s = strings.TrimSpace(s[i+1:])
	}
	if i := strings.Index(s, "://"); i >= 0 {
		rest := s[i+3:]
		if j := strings.IndexByte(rest, '/'); j >= 0 {
			s = rest[j:]
		} else {
			s = "/"
		}
		if k := strings.Index(s, "/api/v3"); k == 0 {
			s = s[len("/api/v3"):]
		}
	}
	if i := strings.IndexAny(s, "?#"); i >= 0 {
		s = s[:i]
	}
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '{')
		if i < 0 {
			break
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			break
		}
		b.WriteString(s[:i] + "{}")
		s = s[i+j+1:]
	}
	b.WriteString(s)
	return b.String()
}

// Text is a string a program holds, at its line.
type Text struct {
	Line int
	Text string
}

// Unattributed lists the strings of a program that name a GitHub API
// route or a git push that none of what the reading understood makes:
// routes are the routes of the requests read (with their lines), commands
// the commands read. A route is matched at its line or by its shape (a
// route kept in a variable); a bare API URL by any request; a push by a
// command at its line or any command that pushes.
func Unattributed(strs []Text, routes []Text, cmds []Command) []Flow {
	var out []Flow
	for _, s := range strs {
		switch {
		case IsAPIRoute(s.Text):
			shape := RouteShape(s.Text)
			bare := shape == "/" || shape == ""
			found := false
			for _, r := range routes {
				if r.Line == s.Line || bare || shapesMatch(RouteShape(r.Text), shape) {
					found = true
					break
				}
			}
			if !found {
				out = append(out, Flow{Line: s.Line, Evidence: s.Text})
			}
		case IsGitPush(s.Text):
			found := false
			for _, c := range cmds {
				if c.Line == s.Line || IsGitPush(c.Text) {
					found = true
					break
				}
			}
			if !found {
				out = append(out, Flow{Line: s.Line, Evidence: s.Text})
			}
		}
	}
	return out
}

// shapesMatch reports whether two route shapes can be the same request,
// a {} segment matching any (a segment that is only {} may also stand for
// two that are only {}: {repo} holding what {owner}/{repo} name), or one
// is the start of the other (a base path a request extends).
func shapesMatch(a, b string) bool {
	if a == "" || a == "/" || b == "" || b == "/" {
		return a == b
	}
	return segmentsMatch(strings.Split(strings.Trim(a, "/"), "/"), strings.Split(strings.Trim(b, "/"), "/"))
}

// segmentsMatch is shapesMatch on the shapes' segments.
func segmentsMatch(as, bs []string) bool {
	if len(as) == 0 || len(bs) == 0 {
		return true
	}
	for _, p := range [][2][]string{{as, bs}, {bs, as}} {
		x, y := p[0], p[1]
		if x[0] == "{}" && len(y) >= 2 && y[0] == "{}" && y[1] == "{}" && segmentsMatch(x[1:], y[2:]) {
			return true
		}
	}
	if as[0] != bs[0] && !strings.Contains(as[0], "{}") && !strings.Contains(bs[0], "{}") {
		return false
	}
	return segmentsMatch(as[1:], bs[1:])
}
