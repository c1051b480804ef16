package main

import (
	"fmt"
	"io"
	"path"
	"sort"
	"strings"

	"github.com/pat2app/pat2app/knowledge"
	"github.com/pat2app/pat2app/scanner/codeflow"
	"github.com/pat2app/pat2app/scanner/gqlops"
	"github.com/pat2app/pat2app/scanner/jsops"
)

// A JavaScript script is read with every module it loads from the runtime
// folder, at any depth, each module's calls counted by their shape
// (X.rest.NS.M(...), X.request(route), X.graphql(query)) whatever client
// they go through: the runtime calls through the github-script client
// (github), or through a client it makes from a per-output github-token
// that stands in for it. A call through a client made from a variable
// (getOctokit(process.env.GH_AW_AGENT_TOKEN)) is that variable's. This
// over-counts what one run does (every helper's calls it can reach), which
// errs on the safe side.

// fileCall is a call with the module it is in.
type fileCall struct {
	file string
	jsops.Call
}

// moduleCalls reads script and the modules it loads. A module loaded only
// by name (const { a } = require('./m.cjs')) is read for the exports its
// importers use and what they reach (jsops.ModuleOptions.Uses); the script
// itself, and a module any importer loads whole, is read whole.
func (rt *runtime) moduleCalls(script string) ([]fileCall, []string) {
	var notes []string
	codes := map[string]string{}
	// uses[n] is the union of what n's importers use; whole[n] is set
	// when one loads it whole.
	uses := map[string][]string{}
	whole := map[string]bool{script: true}
	var order []string
	queue := []string{script}
	for len(queue) > 0 {
		n := queue[0]
		queue = queue[1:]
		if _, seen := codes[n]; seen {
			continue
		}
		f, ok := rt.fsys[runtimeDir+"/"+n]
		if !ok {
			notes = append(notes, n+" is loaded but not in the runtime")
			codes[n] = ""
			continue
		}
		code := string(f.Data)
		codes[n] = code
		order = append(order, n)
		named := map[string]bool{}
		if prog, err := jsops.AnalyzeProgram(code, jsops.ProgramOptions{Name: n}); err == nil && prog != nil {
			for _, imp := range prog.Imports {
				if !strings.HasPrefix(imp.Spec, "./") {
					continue
				}
				m := path.Base(imp.Spec)
				named[m] = true
				if imp.Uses == nil {
					whole[m] = true
				} else {
					uses[m] = codeflow.Union(uses[m], imp.Uses...)
				}
				queue = append(queue, m)
			}
		}
		// A load the program reading does not list (all of them when it
		// does not parse) is read whole.
		for _, rq := range jsops.Requires(code) {
			if m := path.Base(rq.Spec); strings.HasPrefix(rq.Spec, "./") && !named[m] {
				whole[m] = true
				queue = append(queue, m)
			}
		}
	}
	var calls []fileCall
	for _, n := range order {
		opts := jsops.ModuleOptions{IsMethod: isOctokitMethod}
		if !whole[n] {
			opts.Uses = append([]string{}, uses[n]...)
		}
		mod, err := jsops.AnalyzeModule(codes[n], opts)
		if err != nil {
			notes = append(notes, n+": "+err.Error())
		}
		for _, c := range mod.Calls {
			calls = append(calls, fileCall{file: n, Call: c})
		}
	}
	return calls, notes
}

func isOctokitMethod(ns, method string) bool {
	_, ok := knowledge.RestMethod(ns, method)
	return ok
}

// writeJS prints a JavaScript script's rows, and as comments the calls
// that need reading by hand.
func (rt *runtime) writeJS(w io.Writer, ref, script string) {
	calls, notes := rt.moduleCalls(script)
	for _, n := range notes {
		fmt.Fprintf(w, "# %s: %s\n", script, n)
	}
	seen := map[string]bool{}
	var rows []string
	// unresolved is a call the scanner could not read: the script's row
	// says so, and pat2app keeps it for a person to review.
	unresolved := func(c fileCall, what string) {
		fmt.Fprintf(w, "# %s: %s:%d: %s\n", script, c.file, c.Line, what)
		key := fmt.Sprintf("unresolved%s:%d", c.file, c.Line)
		if !seen[key] {
			seen[key] = true
			rows = append(rows, strings.Join([]string{script, "client", "", "unresolved", "", what, fmt.Sprintf("%s:%d", c.file, c.Line), ref, source(ref, script)}, "\t"))
		}
	}
	add := func(c fileCall, does, method, pth string) {
		vias := [][2]string{{"client", ""}}
		if c.Token != nil && len(c.Token.Env) > 0 {
			vias = nil
			for _, e := range c.Token.Env {
				vias = append(vias, [2]string{"env", e})
			}
		}
		for _, v := range vias {
			key := v[0] + v[1] + does + method + pth
			if seen[key] {
				continue
			}
			seen[key] = true
			rows = append(rows, strings.Join([]string{script, v[0], v[1], does, method, pth, fmt.Sprintf("%s:%d", c.file, c.Line), ref, source(ref, script)}, "\t"))
		}
	}
	for _, c := range calls {
		switch c.Kind {
		case jsops.KindREST:
			op, ok := knowledge.RestMethod(c.Namespace, c.Method)
			if !ok && c.Namespace == "rateLimit" && c.Method == "get" {
				// GET /rate_limit: any token may read its own rate limit,
				// and the call does not count against it.
				fmt.Fprintf(w, "# %s: %s:%d: rateLimit.get (GET /rate_limit) needs no permission\n", script, c.file, c.Line)
				continue
			}
			if !ok {
				unresolved(c, c.Namespace+"."+c.Method+" is not a REST operation")
				continue
			}
			add(c, "rest", op.Method, op.Path)
		case jsops.KindRequest:
			m, p, ok := strings.Cut(strings.TrimSpace(c.Route), " ")
			if !ok {
				m, p = "GET", c.Route
			}
			if !strings.HasPrefix(p, "/") {
				unresolved(c, fmt.Sprintf("request %q: route built at run time", c.Route))
				continue
			}
			add(c, "rest", strings.ToUpper(m), p)
		case jsops.KindGraphQL:
			if len(c.GraphQL) == 0 {
				unresolved(c, "graphql document built at run time")
			}
			for _, o := range c.GraphQL {
				for _, f := range o.Fields {
					add(c, "graphql", graphqlKind(o), f.Name)
				}
			}
		case jsops.KindExec:
			words := strings.Fields(c.Route)
			if len(words) >= 2 && words[0] == "git" {
				if remoteGit[words[1]] {
					add(c, "git", "GIT", words[1])
				}
				continue // a local command: no credential reaches GitHub
			}
			unresolved(c, fmt.Sprintf("runs %q", c.Route))
		default:
			unresolved(c, "call not read: "+oneLine(c.Evidence))
		}
	}
	if len(rows) == 0 {
		// Read, and no GitHub call in it or the modules it loads.
		rows = append(rows, strings.Join([]string{script, "client", "", "none", "", "", "no GitHub call", ref, source(ref, script)}, "\t"))
	}
	sort.Strings(rows)
	for _, r := range rows {
		fmt.Fprintln(w, r)
	}
}

// remoteGit are the git commands that reach the remote, and so use a
// credential; the others work on the local clone.
var remoteGit = map[string]bool{"push": true, "fetch": true, "pull": true, "clone": true, "ls-remote": true, "submodule": true}

func graphqlKind(o gqlops.Operation) string {
	if o.Type == "mutation" {
		return "mutation"
	}
	return "query"
}
