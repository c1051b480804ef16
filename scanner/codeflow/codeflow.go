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
	Unknown  string
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
	if p, ok := strings.CutPrefix(path, "/api/v3/"); ok {
		path, host = "/"+p, "api.github.com"
	}
	return strings.ToLower(host), path
}

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
// repository: "{owner}/{repo}", "{owner}", or the API's root.
func RunnerURLPart(sources []string) (string, bool) {
	for _, s := range sources {
		switch s {
		case SourceEnv + "GITHUB_REPOSITORY":
			return "{owner}/{repo}", true
		case SourceEnv + "GITHUB_REPOSITORY_OWNER":
			return "{owner}", true
		case SourceEnv + "GITHUB_API_URL":
			return "https://api.github.com", true
		}
	}
	return "", false
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
