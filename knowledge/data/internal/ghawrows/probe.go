package main

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"path"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing/fstest"

	"gopkg.in/yaml.v3"

	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/knowledge"
	"github.com/pat2app/pat2app/planner"
	"github.com/pat2app/pat2app/scanner"
	"github.com/pat2app/pat2app/scanner/jsops"
)

// runtimeDir is where the probe checkout holds the runtime, as the setup
// action's destination folder holds it on a runner.
const runtimeDir = "rt"

// probeFile is the path of the probe workflow.
const probeFile = ".github/workflows/probe.yml"

// runtime is gh-aw's runtime as the setup action installs it: every
// script of setup/js and setup/sh in one folder.
type runtime struct {
	fsys fstest.MapFS
	// names are the scripts, sorted; handlers maps a safe output type to
	// the script safe_output_handler_manager.cjs loads for it.
	names    []string
	handlers map[string]string
}

// readRuntime reads setup/js/*.cjs (not tests) and setup/sh/*.sh.
func readRuntime(src fs.FS) (*runtime, error) {
	rt := &runtime{fsys: fstest.MapFS{}, handlers: map[string]string{}}
	for _, pattern := range []string{"setup/js/*.cjs", "setup/sh/*.sh"} {
		files, err := fs.Glob(src, pattern)
		if err != nil {
			return nil, err
		}
		for _, f := range files {
			name := path.Base(f)
			if strings.Contains(name, ".test.") || strings.HasSuffix(name, "_test.sh") {
				continue
			}
			data, err := fs.ReadFile(src, f)
			if err != nil {
				return nil, err
			}
			rt.fsys[runtimeDir+"/"+name] = &fstest.MapFile{Data: data}
			rt.names = append(rt.names, name)
		}
	}
	if len(rt.names) == 0 {
		return nil, fmt.Errorf("no setup/js/*.cjs or setup/sh/*.sh: is this gh-aw-actions at a release?")
	}
	sort.Strings(rt.names)
	if f, ok := rt.fsys[runtimeDir+"/safe_output_handler_manager.cjs"]; ok {
		rt.handlers = handlerMap(string(f.Data))
	}
	return rt, nil
}

// handlerMapRE finds the entries of the manager's HANDLER_MAP object:
// `  add_comment: "./add_comment.cjs",`.
var handlerMapRE = regexp.MustCompile(`(?m)^\s*([a-z_]+):\s*"\./([a-z_0-9]+\.cjs)",?\s*$`)

// handlerMap reads HANDLER_MAP of safe_output_handler_manager.cjs.
func handlerMap(code string) map[string]string {
	out := map[string]string{}
	start := strings.Index(code, "HANDLER_MAP = {")
	if start < 0 {
		return out
	}
	body := code[start:]
	if end := strings.Index(body, "};"); end >= 0 {
		body = body[:end]
	}
	for _, m := range handlerMapRE.FindAllStringSubmatch(body, -1) {
		out[m[1]] = m[2]
	}
	return out
}

// envRE finds the variables a script reads: process.env.NAME,
// process.env["NAME"], and $NAME / ${NAME} in shell.
var envRE = regexp.MustCompile(`process\.env\.([A-Z][A-Z0-9_]*)|process\.env\[["']([A-Z][A-Z0-9_]*)["']\]|\$\{?([A-Z][A-Z0-9_]*)`)

// credentialWords are the words of a variable name that may hold a
// credential; the probe gives such variables a secret.
var credentialWords = []string{"TOKEN", "KEY", "SECRET", "PAT", "AUTH", "PASSWORD"}

// credentialVars are the variables a script (and the modules it loads)
// reads whose names may hold a credential.
func (rt *runtime) credentialVars(name string) []string {
	seen := map[string]bool{}
	vars := map[string]bool{}
	var visit func(string)
	visit = func(n string) {
		if seen[n] {
			return
		}
		seen[n] = true
		f, ok := rt.fsys[runtimeDir+"/"+n]
		if !ok {
			return
		}
		code := string(f.Data)
		for _, m := range envRE.FindAllStringSubmatch(code, -1) {
			v := m[1] + m[2] + m[3]
			for _, part := range strings.Split(v, "_") {
				if slices.Contains(credentialWords, part) {
					vars[v] = true
				}
			}
		}
		if strings.HasSuffix(n, ".cjs") {
			for _, rq := range jsops.Requires(code) {
				if strings.HasPrefix(rq.Spec, "./") {
					visit(path.Base(rq.Spec))
				}
			}
		}
	}
	visit(name)
	out := make([]string, 0, len(vars))
	for v := range vars {
		out = append(out, v)
	}
	sort.Strings(out)
	return out
}

// probed is one shell script's probe: the secrets it was given and what
// the scanner and planner found of each.
type probed struct {
	script, job string
	// env maps each variable to its secret.
	env   map[string]string
	found map[string]*inventory.Finding
	jobs  map[string]*planner.Job
}

// jobID is a job id for a script name.
func jobID(script string) string {
	return "s_" + strings.NewReplacer(".", "_", "-", "_").Replace(script)
}

// probeWorkflow is a workflow with one job per shell script, each running
// it as a lock file does.
func (rt *runtime) probeWorkflow(probes []*probed) ([]byte, error) {
	jobs := map[string]any{}
	for _, p := range probes {
		env := map[string]string{}
		for v, s := range p.env {
			env[v] = "${{ secrets." + s + " }}"
		}
		step := map[string]any{"run": "bash ./" + runtimeDir + "/" + p.script + "\n"}
		if len(env) > 0 {
			step["env"] = env
		}
		jobs[p.job] = map[string]any{"runs-on": "ubuntu-latest", "steps": []any{step}}
	}
	wf := map[string]any{
		"name": "probe",
		// Issues and pull requests both, so the planner keeps both
		// permissions of the endpoints GitHub lists under each.
		"on":   []string{"workflow_dispatch", "issues", "pull_request_target"},
		"jobs": jobs,
	}
	return yaml.Marshal(wf)
}

// run probes the scripts (all when names is empty) and prints the
// candidates.
func run(ctx context.Context, w io.Writer, rt *runtime, ref string, names []string) error {
	if len(names) == 0 {
		names = rt.names
	}
	var probes []*probed
	var scripts []string
	for _, n := range names {
		if _, ok := rt.fsys[runtimeDir+"/"+n]; !ok {
			return fmt.Errorf("%s is not a runtime script", n)
		}
		if strings.HasSuffix(n, ".cjs") {
			scripts = append(scripts, n)
			continue
		}
		p := &probed{script: n, job: jobID(n), env: map[string]string{}, found: map[string]*inventory.Finding{}, jobs: map[string]*planner.Job{}}
		for _, v := range rt.credentialVars(n) {
			p.env[v] = "ENV_" + strings.ToUpper(p.job) + "_" + v
		}
		probes = append(probes, p)
	}
	wf, err := rt.probeWorkflow(probes)
	if err != nil {
		return err
	}
	s := scanner.New(scanner.Options{})
	findings, errs := s.ScanRepo(ctx, scanner.RepoFiles{Name: "ghawrows/probe", Files: []scanner.File{{Path: probeFile, Data: wf}}, Tree: rt.fsys})
	for _, e := range errs {
		fmt.Fprintf(w, "# input error: %s:%d: %s\n", e.File, e.Line, e.Message)
	}
	plan, err := planner.Build(ctx, &inventory.Inventory{Findings: findings}, planner.Options{})
	if err != nil {
		return err
	}
	byJob := map[string]*probed{}
	for _, p := range probes {
		byJob[p.job] = p
	}
	for i := range findings {
		f := &findings[i]
		if p := byJob[f.Job]; p != nil {
			p.found[strings.TrimPrefix(f.Credential, "secrets.")] = f
		}
	}
	for i := range plan.Jobs {
		j := &plan.Jobs[i]
		if p := byJob[j.Job]; p != nil {
			p.jobs[strings.TrimPrefix(j.Credential, "secrets.")] = j
		}
	}
	fmt.Fprintf(w, "# ghaw-runtime.tsv candidates: github/gh-aw-actions@%s, %d scripts\n", ref, len(names))
	for _, n := range scripts {
		rt.writeJS(w, ref, n)
	}
	for _, p := range probes {
		p.write(w, ref)
	}
	rt.writeHandlers(w, ref)
	return nil
}

// source is a row's source.
func source(ref, script string) string {
	dir := "setup/js/"
	if strings.HasSuffix(script, ".sh") {
		dir = "setup/sh/"
	}
	return "github/gh-aw-actions@" + ref + " " + dir + script
}

// write prints what was found of one script, then its rows.
func (p *probed) write(w io.Writer, ref string) {
	type credential struct{ via, env, secret string }
	creds := []credential{}
	for _, v := range sortedKeys(p.env) {
		creds = append(creds, credential{"env", v, p.env[v]})
	}
	var rows []string
	for _, c := range creds {
		f := p.found[c.secret]
		if f == nil {
			continue // the probe's credential reached nothing
		}
		for _, u := range f.Unresolved {
			fmt.Fprintf(w, "# %s %s%s: unresolved %s: %s (%s)\n", p.script, c.via, prefixed(":", c.env), where(u.Evidence), oneLine(u.Evidence.Text), oneLine(u.Reason))
		}
		if j := p.jobs[c.secret]; j != nil && len(j.Permissions) > 0 {
			fmt.Fprintf(w, "# %s %s%s: plan %s\n", p.script, c.via, prefixed(":", c.env), permString(j.Permissions))
		}
		seen := map[string]bool{}
		for _, op := range f.Operations {
			does, method, pth := opCells(op)
			if does == "" {
				continue
			}
			key := does + method + pth
			if seen[key] {
				continue
			}
			seen[key] = true
			rows = append(rows, strings.Join([]string{p.script, c.via, c.env, does, method, pth, where(op.Evidence), ref, source(ref, p.script)}, "\t"))
		}
		if len(f.Operations) == 0 && len(f.Unresolved) == 0 && len(f.Uses) > 0 {
			rows = append(rows, strings.Join([]string{p.script, c.via, c.env, "none", "", "", "reads it; no GitHub call", ref, source(ref, p.script)}, "\t"))
		}
	}
	for _, r := range rows {
		fmt.Fprintln(w, r)
	}
}

// opCells are the does, method and path cells of an operation.
func opCells(op inventory.Operation) (string, string, string) {
	switch op.Kind {
	case inventory.OpREST:
		return "rest", op.Method, op.Path
	case inventory.OpGraphQL:
		m := "query"
		if op.Mutation {
			m = "mutation"
		}
		return "graphql", m, op.Name
	case inventory.OpGit:
		return "git", "GIT", op.Name
	}
	return "", "", ""
}

// writeHandlers prints the safe output types the handler manager loads,
// each with its script; the permissions are the gh-aw compiler's, to be
// written by hand.
func (rt *runtime) writeHandlers(w io.Writer, ref string) {
	if len(rt.handlers) == 0 {
		return
	}
	fmt.Fprintf(w, "\n# ghaw-safe-outputs.tsv candidates (write the permissions gh-aw's compiler grants each)\n")
	for _, typ := range sortedKeys(rt.handlers) {
		fmt.Fprintf(w, "%s\t%s\t\tgithub/gh-aw-actions@%s setup/js/safe_output_handler_manager.cjs (HANDLER_MAP)\n", typ, rt.handlers[typ], ref)
	}
}

func permString(p map[string]string) string {
	var parts []string
	for _, k := range sortedKeys(p) {
		if name, ok := knowledge.CanonicalPermission(k); ok {
			k = name
		}
		parts = append(parts, k+":"+p[k])
	}
	return strings.Join(parts, ",")
}

func where(e inventory.Evidence) string {
	file := e.File
	if file == "" {
		file = probeFile
	}
	return strings.TrimPrefix(file, runtimeDir+"/") + ":" + fmt.Sprint(e.Line)
}

func prefixed(p, s string) string {
	if s == "" {
		return ""
	}
	return p + s
}

func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 160 {
		s = s[:160] + "…"
	}
	return s
}

func sortedKeys[V any](m map[string]V) []string {
	return slices.Sorted(maps.Keys(m))
}
