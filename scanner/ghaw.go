package scanner

import (
	"io/fs"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/rhysd/actionlint"

	"github.com/pat2app/pat2app/expression"
	"github.com/pat2app/pat2app/ghaw"
	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/knowledge"
	"github.com/pat2app/pat2app/scanner/jsops"
)

// A gh-aw compiled workflow (a lock file) runs scripts its setup action
// copies onto the runner, not scripts of the repository: what each does
// with the token it is given is a row of knowledge/data/ghaw-runtime.tsv,
// the safe outputs the handler step applies are rows of
// ghaw-safe-outputs.tsv, the GitHub MCP server's toolsets rows of
// ghaw-toolsets.tsv and the engine's model token a row of
// ghaw-engines.tsv. ghawResolve answers the uses the walk could not read
// with those rows, step by step; a step it cannot answer whole keeps its
// unresolved uses.

// ghawLock is what resolving a lock file's steps needs.
type ghawLock struct {
	lock *ghaw.Lock
	// dirs are the folders the setup steps copy the runtime into.
	dirs []string
	// md is the .md front matter the file is compiled from (nil when not
	// read) and mdPath its path.
	md     *ghaw.Frontmatter
	mdPath string
	// triggers are the workflow's events.
	triggers []string
}

// ghawStep is one step of a lock file's job with the lines it spans.
type ghawStep struct {
	step       *actionlint.Step
	start, end int
}

// ghawResolve answers the unresolved uses of a gh-aw lock file's findings.
func (a *analysis) ghawResolve(findings []inventory.Finding) {
	lock, ok := ghaw.ParseLock(a.file.Data)
	if !ok || a.wf == nil {
		return
	}
	gl := &ghawLock{lock: lock, dirs: []string{ghaw.DefaultRuntimeDir}, triggers: a.triggers}
	for _, j := range a.wf.Jobs {
		for _, s := range j.Steps {
			if ex, ok := s.Exec.(*actionlint.ExecAction); ok && ex.Uses != nil && ghaw.IsSetupAction(ex.Uses.Value) {
				if in := ex.Inputs["destination"]; in != nil && in.Value != nil {
					gl.dirs = append(gl.dirs, in.Value.Value)
				}
			}
		}
	}
	if md, ok := ghaw.SourcePath(a.file.Path); ok && a.rs.repo.Tree != nil {
		if data, err := fs.ReadFile(a.rs.repo.Tree, md); err == nil {
			if fm, err := ghaw.ParseFrontmatter(data); err == nil {
				gl.md, gl.mdPath = fm, md
			}
		}
	}
	advice := ghaw.CompileAdvice(a.file.Path)
	for i := range findings {
		f := &findings[i]
		if f.JobInfo == nil {
			f.JobInfo = &inventory.JobInfo{}
		}
		f.JobInfo.Generated = advice
		j := a.wfJob(f.Job)
		if j == nil {
			continue
		}
		steps := ghawSteps(j, a.lines.count())
		// The steps with something the walk could not read: an unresolved
		// use, or a github-script step whose code it could not follow.
		todo := map[int]bool{}
		unresolvedAt := map[int]bool{}
		for _, u := range f.Unresolved {
			if k := stepAt(steps, u.Evidence.Line); k >= 0 {
				todo[k] = true
				unresolvedAt[k] = true
			}
		}
		scriptStep := map[int]inventory.Evidence{}
		for _, op := range f.Operations {
			if op.Kind == inventory.OpAction && op.Action == "actions/github-script" {
				if k := stepAt(steps, op.Evidence.Line); k >= 0 {
					todo[k] = true
					scriptStep[k] = op.Evidence
				}
			}
		}
		answered := map[int]bool{}
		var added []inventory.Operation
		var unres []inventory.Unresolved
		for k := range steps {
			if !todo[k] {
				continue
			}
			ops, u, ok := gl.step(steps[k].step, f.Credential)
			if ok {
				answered[k] = true
				added = append(added, ops...)
				unres = append(unres, u...)
				continue
			}
			if name, line, ok := gl.unknownScript(steps[k].step); ok {
				// A runtime script the table does not hold: what it does
				// is not known, whatever else the job's calls are.
				unres = append(unres, inventory.Unresolved{Evidence: inventory.Evidence{Line: line, Text: "require " + name},
					Reason: "gh-aw runtime script " + name + " is not in pat2app's table of the runtime (knowledge/data/ghaw-runtime.tsv)", Subject: inventory.Subject{Script: name}})
			} else if ev, ok := scriptStep[k]; ok && !unresolvedAt[k] && loadsModules(steps[k].step) {
				// Code the walk did not follow, in a job whose other
				// steps' calls would otherwise hide it.
				unres = append(unres, inventory.Unresolved{Evidence: ev,
					Reason: "actions/github-script code loads modules that were not read", Subject: inventory.Subject{Action: "actions/github-script"}})
			}
		}
		if len(answered) == 0 && len(unres) == 0 {
			continue
		}
		f.Operations = append(f.Operations, added...)
		var keep []inventory.Unresolved
		for _, u := range f.Unresolved {
			if k := stepAt(steps, u.Evidence.Line); k < 0 || !answered[k] {
				keep = append(keep, u)
			}
		}
		f.Unresolved = append(keep, unres...)
	}
}

// wfJob is the job of the file's workflow with that id.
func (a *analysis) wfJob(id string) *actionlint.Job {
	for k, j := range a.wf.Jobs {
		if strings.EqualFold(k, id) {
			return j
		}
	}
	return nil
}

// ghawSteps lists a job's steps with their lines; the last step ends at
// the job's last line, at most last.
func ghawSteps(j *actionlint.Job, last int) []ghawStep {
	var out []ghawStep
	for i, s := range j.Steps {
		if s.Pos == nil {
			continue
		}
		end := last
		if i+1 < len(j.Steps) && j.Steps[i+1].Pos != nil {
			end = j.Steps[i+1].Pos.Line - 1
		}
		out = append(out, ghawStep{step: s, start: s.Pos.Line, end: end})
	}
	return out
}

// stepAt is the index of the step that spans line, or -1.
func stepAt(steps []ghawStep, line int) int {
	for i, s := range steps {
		if line >= s.start && line <= s.end {
			return i
		}
	}
	return -1
}

// refersTo reports whether a workflow value's expressions name cred
// (secrets.NAME or github.token, case-insensitive).
func refersTo(v *actionlint.String, cred string) bool {
	if v == nil {
		return false
	}
	cred = strings.ToLower(cred)
	for _, sp := range expression.Find(v.Value) {
		for _, p := range sp.Parse().Paths() {
			if strings.ToLower(strings.Join(p.Parts, ".")) == cred {
				return true
			}
		}
	}
	return false
}

// credEnv lists the step's variables whose value names cred, sorted.
func credEnv(s *actionlint.Step, cred string) []string {
	var out []string
	if s.Env == nil {
		return out
	}
	for _, v := range s.Env.Vars {
		if v.Name != nil && refersTo(v.Value, cred) {
			out = append(out, v.Name.Value)
		}
	}
	sort.Strings(out)
	return out
}

// envValue is the literal value of a step variable and its line.
func envValue(s *actionlint.Step, name string) (string, int) {
	if s.Env == nil {
		return "", 0
	}
	for _, v := range s.Env.Vars {
		if v.Name != nil && v.Name.Value == name && v.Value != nil {
			line := v.Name.Pos.Line
			return v.Value.Value, line
		}
	}
	return "", 0
}

// step answers what one step does with cred: the operations, the uses it
// still cannot answer, and ok when it understood the step whole (the
// step's unresolved uses are then replaced by what it returns).
func (gl *ghawLock) step(s *actionlint.Step, cred string) ([]inventory.Operation, []inventory.Unresolved, bool) {
	if s.If != nil && cannotRun(s.If.Value, gl.triggers) {
		return nil, nil, true // it never runs on these events
	}
	switch ex := s.Exec.(type) {
	case *actionlint.ExecAction:
		if ex.Uses == nil || !strings.HasPrefix(strings.ToLower(ex.Uses.Value), "actions/github-script@") {
			return nil, nil, false
		}
		in := ex.Inputs["script"]
		if in == nil || in.Value == nil {
			return nil, nil, false
		}
		client := false
		if t := ex.Inputs["github-token"]; t != nil {
			client = refersTo(t.Value, cred)
		} else {
			client = isBuiltinToken(cred)
		}
		var names []string
		for _, rq := range jsops.Requires(in.Value.Value) {
			name, ok := ghaw.RuntimeFile(rq.Spec, gl.dirs)
			if !ok {
				return nil, nil, false // code that is not the runtime's
			}
			names = append(names, name)
		}
		if len(names) == 0 {
			return nil, nil, false
		}
		return gl.scripts(s, names, client, credEnv(s, cred), in.Value.Pos.Line)
	case *actionlint.ExecRun:
		if ex.Run == nil {
			return nil, nil, false
		}
		return gl.run(s, ex.Run, cred)
	}
	return nil, nil, false
}

// unknownScript reports a github-script step that loads a runtime script
// the table does not hold, with the line of the step's script.
func (gl *ghawLock) unknownScript(s *actionlint.Step) (string, int, bool) {
	ex, ok := s.Exec.(*actionlint.ExecAction)
	if !ok || ex.Uses == nil || !strings.HasPrefix(strings.ToLower(ex.Uses.Value), "actions/github-script@") {
		return "", 0, false
	}
	in := ex.Inputs["script"]
	if in == nil || in.Value == nil {
		return "", 0, false
	}
	for _, rq := range jsops.Requires(in.Value.Value) {
		if name, ok := ghaw.RuntimeFile(rq.Spec, gl.dirs); ok {
			if _, known := knowledge.GhawScript(name); !known {
				return name, in.Value.Pos.Line + rq.Line, true
			}
		}
	}
	return "", 0, false
}

// loadsModules reports whether a github-script step's code loads other
// code (require, import), whose calls the step's own do not show.
func loadsModules(s *actionlint.Step) bool {
	ex, ok := s.Exec.(*actionlint.ExecAction)
	if !ok {
		return false
	}
	in := ex.Inputs["script"]
	return in != nil && in.Value != nil && len(jsops.Requires(in.Value.Value)) > 0
}

// runtimePathRE finds the runtime files a run script names.
var runtimePathRE = regexp.MustCompile(`(?:\$\{\{\s*runner\.temp\s*\}\}|\$\{RUNNER_TEMP\}|\$RUNNER_TEMP)/gh-aw/actions/[A-Za-z0-9_.-]+`)

// run answers a run step: the MCP gateway's start, the agent's run in the
// firewall, or a runtime script.
func (gl *ghawLock) run(s *actionlint.Step, run *actionlint.String, cred string) ([]inventory.Operation, []inventory.Unresolved, bool) {
	vars := credEnv(s, cred)
	if len(vars) == 0 {
		return nil, nil, false
	}
	script := run.Value
	line := run.Pos.Line
	var names []string
	for _, p := range runtimePathRE.FindAllString(script, -1) {
		if name, ok := ghaw.RuntimeFile(p, gl.dirs); ok {
			names = append(names, name)
		}
	}
	var ops []inventory.Operation
	var unres []inventory.Unresolved
	// The gateway's configuration: which MCP servers get the variables.
	gatewayNames := map[string]bool{}
	if docs, err := ghaw.HereDocs(script); err == nil {
		for _, d := range docs {
			if !strings.Contains(d.Text, "mcpServers") {
				continue
			}
			gw, err := ghaw.ParseGateway(d.Text)
			if err != nil {
				return nil, nil, false
			}
			for _, n := range names {
				if strings.Contains(n, "mcp_gateway") {
					gatewayNames[n] = true // it starts the servers configured
				}
			}
			o, u, ok := gl.gateway(gw, vars, line+d.Line)
			if !ok {
				return nil, nil, false
			}
			ops, unres = append(ops, o...), append(unres, u...)
		}
	}
	// The agent's run: the variables awf keeps out of the sandbox are not
	// the agent's; the engine's model token is the engine's.
	understood := false
	if sb, ok := ghaw.FindSandbox(script); ok {
		understood = true
		for _, v := range vars {
			if !slices.Contains(sb.Excluded, v) {
				if sb.EnvAll {
					return nil, nil, false // the agent sees it
				}
				continue
			}
			if env, tool, ok := knowledge.GhawEngine(gl.lock.Engine); ok && env == v {
				unres = append(unres, inventory.Unresolved{
					Evidence: inventory.Evidence{Line: line + sb.Line - 1, Text: "awf --exclude-env " + v + ": the " + gl.lock.Engine + " engine's model token"},
					Reason:   "gh-aw's " + gl.lock.Engine + " engine authenticates its model requests with $" + v,
					Subject:  inventory.Subject{Command: tool, Input: v},
				})
			}
		}
	}
	for _, n := range expandRuns(names) {
		if gatewayNames[n] {
			continue
		}
		o, u, ok := gl.script(n, false, vars, line)
		if !ok {
			return nil, nil, false
		}
		ops, unres = append(ops, o...), append(unres, u...)
	}
	if !understood {
		unres = append(unres, gl.engineToken(vars, names, line)...)
	}
	if len(names) == 0 && len(ops) == 0 && len(unres) == 0 && !understood {
		return nil, nil, false
	}
	return ops, unres, true
}

// gateway answers the MCP servers of a gateway configuration that get one
// of vars: the GitHub MCP server's toolsets; any other server keeps it
// unresolved (ok false).
func (gl *ghawLock) gateway(gw *ghaw.Gateway, vars []string, line int) ([]inventory.Operation, []inventory.Unresolved, bool) {
	var ops []inventory.Operation
	for _, srv := range gw.Servers {
		name := srv.Name
		gets := false
		for _, sv := range srv.Vars() {
			if slices.Contains(vars, sv.Var) {
				gets = true
			}
		}
		if !gets {
			continue
		}
		g, ok := srv.GitHub()
		if !ok {
			return nil, nil, false
		}
		toolsets := g.Toolsets
		if len(toolsets) == 0 {
			toolsets = []string{"default"}
		}
		access := "write"
		if g.ReadOnly {
			access = "read"
		}
		where := "MCP server " + name + " (GITHUB_TOOLSETS " + strings.Join(toolsets, ",") + ", read-only " + boolWord(g.ReadOnly) + ")"
		if gl.md != nil && gl.md.GitHubTools.ToolsetsLine > 0 {
			where += "; " + gl.mdPath + ":" + strconv.Itoa(gl.md.GitHubTools.ToolsetsLine) + " tools.github.toolsets"
		}
		for _, t := range expandToolsets(toolsets) {
			ops = append(ops, inventory.Operation{Kind: inventory.OpGhAW, Method: "GH-AW", Path: "toolset " + t + " " + access,
				Name: "toolset " + t + " " + access, Writes: access == "write", Evidence: inventory.Evidence{Line: line, Text: where}})
		}
	}
	return ops, nil, true
}

// expandToolsets replaces a toolset that stands for others (default) by
// those; names the table does not hold are kept for the planner to
// report.
func expandToolsets(ts []string) []string {
	var out []string
	for _, t := range ts {
		if _, _, inc, ok := knowledge.GhawToolset(t); ok && len(inc) > 0 {
			out = append(out, inc...)
			continue
		}
		out = append(out, t)
	}
	return out
}

// scripts answers a github-script step that loads runtime scripts.
func (gl *ghawLock) scripts(s *actionlint.Step, names []string, client bool, vars []string, line int) ([]inventory.Operation, []inventory.Unresolved, bool) {
	var ops []inventory.Operation
	var unres []inventory.Unresolved
	for _, n := range expandRuns(names) {
		if n == "safe_output_handler_manager.cjs" && client {
			o, u, ok := gl.safeOutputs(s)
			if !ok {
				return nil, nil, false
			}
			ops, unres = append(ops, o...), append(unres, u...)
			client = false // the manager's client is the handlers'
		}
		o, u, ok := gl.script(n, client, vars, line)
		if !ok {
			return nil, nil, false
		}
		ops, unres = append(ops, o...), append(unres, u...)
	}
	return ops, append(unres, gl.engineToken(vars, names, line)...), true
}

// expandRuns follows the runtime table's "runs" rows: each script is
// followed by the scripts whose main() it runs, each once.
func expandRuns(names []string) []string {
	var out []string
	seen := map[string]bool{}
	var visit func(string)
	visit = func(n string) {
		if seen[n] {
			return
		}
		seen[n] = true
		out = append(out, n)
		calls, _ := knowledge.GhawScript(n)
		for _, c := range calls {
			if c.Does == "runs" {
				visit(c.Path)
			}
		}
	}
	for _, n := range names {
		visit(n)
	}
	return out
}

// engineToken reports the engine's model token among vars, given to the
// runtime scripts names (outside the agent's sandbox), as the engine's
// use: a Copilot token a script checks before the agent runs is still
// the agent's Copilot token, whatever the script does with it.
func (gl *ghawLock) engineToken(vars, names []string, line int) []inventory.Unresolved {
	env, tool, ok := knowledge.GhawEngine(gl.lock.Engine)
	if !ok || len(names) == 0 || !slices.Contains(vars, env) {
		return nil
	}
	return []inventory.Unresolved{{
		Evidence: inventory.Evidence{Line: line, Text: strings.Join(names, ", ") + " gets $" + env + ": the " + gl.lock.Engine + " engine's model token"},
		Reason:   "gh-aw's " + gl.lock.Engine + " engine authenticates its model requests with $" + env,
		Subject:  inventory.Subject{Command: tool, Input: env},
	}}
}

// script is what one runtime script does with the client's token (when
// client) and with the variables vars; ok is false for a script the table
// does not hold.
func (gl *ghawLock) script(name string, client bool, vars []string, line int) ([]inventory.Operation, []inventory.Unresolved, bool) {
	calls, ok := knowledge.GhawScript(name)
	if !ok {
		return nil, nil, false
	}
	subj := inventory.Subject{Script: name}
	ops := []inventory.Operation{{Kind: inventory.OpGhAW, Method: "GH-AW", Path: "runtime script " + name, Name: "runtime script " + name, Subject: subj,
		Evidence: inventory.Evidence{Line: line, Text: name + " (gh-aw runtime, knowledge/data/ghaw-runtime.tsv)"}}}
	var unres []inventory.Unresolved
	for _, v := range vars {
		if !ghawReadsKnown(calls, v) {
			// The table does not say what the script does with it: a
			// release that started reading it would otherwise go unseen.
			ev := inventory.Evidence{Line: line, Text: name + " env " + v}
			unres = append(unres, inventory.Unresolved{Evidence: ev, Subject: subj,
				Reason: "gh-aw runtime script " + name + " receives $" + v + ", which pat2app's table of the runtime (knowledge/data/ghaw-runtime.tsv) does not say it reads or ignores"})
		}
	}
	for _, c := range calls {
		if !(c.Via == "client" && client || c.Via == "env" && slices.Contains(vars, c.Env)) {
			continue
		}
		ev := inventory.Evidence{Line: line, Text: name + " (" + gl.runtimeAt(c) + ")"}
		switch c.Does {
		case "rest":
			ops = append(ops, inventory.Operation{Kind: inventory.OpREST, Method: c.Method, Path: c.Path, Writes: c.Method != "GET", Subject: subj, Evidence: ev})
		case "graphql":
			ops = append(ops, inventory.Operation{Kind: inventory.OpGraphQL, Method: "GRAPHQL", Path: c.Path, Name: c.Path, Mutation: c.Method == "mutation", Writes: c.Method == "mutation", Subject: subj, Evidence: ev})
		case "git":
			ops = append(ops, inventory.Operation{Kind: inventory.OpGit, Method: "GIT", Path: c.Path, Name: c.Path, Subject: subj, Evidence: ev})
		case "unresolved":
			unres = append(unres, inventory.Unresolved{Evidence: ev, Reason: c.Path, Subject: subj})
		}
	}
	return ops, unres, true
}

// ghawReadsKnown reports whether the runtime table says what a script
// does with the variable v: a row for v, or a row saying the script reads
// no credential variable at all.
func ghawReadsKnown(calls []knowledge.GhawCall, v string) bool {
	for _, c := range calls {
		if c.Env == v || c.Does == "none" && c.Env == "" {
			return true
		}
	}
	return false
}

// runtimeAt says where a runtime call was read, and when the lock file
// pins another gh-aw release than the one the table was read at (or the
// row was read at a gh-aw commit), says so: what changed between them is
// not read.
func (gl *ghawLock) runtimeAt(c knowledge.GhawCall) string {
	at := c.Release + " " + c.Where
	if strings.HasPrefix(c.Release, "v") {
		at = "gh-aw-actions " + at // a release; else a gh-aw commit
	}
	if gl.lock.Version != "" && c.Release != "" && !strings.EqualFold(strings.TrimPrefix(gl.lock.Version, "v"), strings.TrimPrefix(c.Release, "v")) {
		at += "; this file pins " + gl.lock.Version + ", whose changes are not read"
	}
	return at
}

// safeOutputs answers the safe outputs the handler step applies: its
// GH_AW_SAFE_OUTPUTS_HANDLER_CONFIG. A type the table does not hold, or
// one that writes to another repository, stays unresolved.
func (gl *ghawLock) safeOutputs(s *actionlint.Step) ([]inventory.Operation, []inventory.Unresolved, bool) {
	text, line := envValue(s, "GH_AW_SAFE_OUTPUTS_HANDLER_CONFIG")
	if line == 0 {
		return nil, nil, false
	}
	outs, err := ghaw.ParseSafeOutputs(text)
	if err != nil {
		return nil, nil, false
	}
	var ops []inventory.Operation
	var unres []inventory.Unresolved
	for _, o := range outs {
		if o.Staged {
			continue // a preview: no API call
		}
		where := "GH_AW_SAFE_OUTPUTS_HANDLER_CONFIG " + o.Type
		if gl.md != nil {
			if l, ok := gl.md.SafeOutputs[o.Type]; ok {
				where += "; " + gl.mdPath + ":" + strconv.Itoa(l) + " safe-outputs." + strings.ReplaceAll(o.Type, "_", "-")
			}
		}
		ev := inventory.Evidence{Line: line, Text: where}
		subj := inventory.Subject{Script: "safe_output_handler_manager.cjs"}
		_, perms, ok := knowledge.GhawSafeOutput(o.Type)
		if !ok {
			unres = append(unres, inventory.Unresolved{Evidence: ev, Reason: "gh-aw safe output " + o.Type + " is not in pat2app's table of safe outputs: read what its handler writes", Subject: subj})
			continue
		}
		if o.TargetRepo != "" && !isOwnRepoValue(o.TargetRepo, "") || len(o.AllowedRepos) > 0 || o.Token != "" {
			// (target-repo: ${{ github.repository }} is this repository.)
			unres = append(unres, inventory.Unresolved{Evidence: ev, Reason: "gh-aw safe output " + o.Type + " writes to other repositories or with a token of its own", Subject: subj})
			continue
		}
		writes := false
		for _, a := range perms {
			writes = writes || a == "write"
		}
		ops = append(ops, inventory.Operation{Kind: inventory.OpGhAW, Method: "GH-AW", Path: "safe output " + o.Type, Name: "safe output " + o.Type, Writes: writes, Subject: subj, Evidence: ev})
	}
	return ops, unres, true
}

func boolWord(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// cannotRun reports whether a step's if: condition is false on every
// event the workflow runs on. Only what is certain counts: a test of the
// event's pull request (github.event.pull_request,
// github.event.issue.pull_request) when every event is about an issue
// (knowledge/data/events.tsv), which no pull request is, and
// github.event_name == 'X' for an X the workflow is not triggered by.
// Anything else may be true.
func cannotRun(cond string, triggers []string) bool {
	if strings.TrimSpace(cond) == "" || len(triggers) == 0 {
		return false
	}
	e := expression.Condition(cond)
	if e == nil {
		return false
	}
	issuesOnly := true
	for _, t := range triggers {
		if knowledge.EventSubject(t) != "issue" {
			issuesOnly = false
		}
	}
	return isFalse(e.Root, triggers, issuesOnly)
}

// isFalse reports whether n is false on every one of the events.
func isFalse(n actionlint.ExprNode, events []string, issuesOnly bool) bool {
	switch n := n.(type) {
	case *actionlint.LogicalOpNode:
		l, r := isFalse(n.Left, events, issuesOnly), isFalse(n.Right, events, issuesOnly)
		if n.Kind == actionlint.LogicalOpNodeKindOr {
			return l && r
		}
		return l || r
	case *actionlint.ObjectDerefNode:
		p := derefPath(n)
		for _, pr := range []string{"github.event.pull_request", "github.event.issue.pull_request"} {
			if p == pr || strings.HasPrefix(p, pr+".") {
				return issuesOnly
			}
		}
	case *actionlint.CompareOpNode:
		if n.Kind != actionlint.CompareOpNodeKindEq {
			return false
		}
		for _, side := range [][2]actionlint.ExprNode{{n.Left, n.Right}, {n.Right, n.Left}} {
			d, ok := side[0].(*actionlint.ObjectDerefNode)
			s, ok2 := side[1].(*actionlint.StringNode)
			if ok && ok2 && derefPath(d) == "github.event_name" {
				for _, e := range events {
					if strings.EqualFold(e, s.Value) {
						return false
					}
				}
				return true
			}
		}
	}
	return false
}

// derefPath is a property chain as dotted lower-case text
// ("github.event.pull_request"), or "" for anything else.
func derefPath(n actionlint.ExprNode) string {
	switch n := n.(type) {
	case *actionlint.VariableNode:
		return strings.ToLower(n.Name)
	case *actionlint.ObjectDerefNode:
		if r := derefPath(n.Receiver); r != "" {
			return r + "." + strings.ToLower(n.Property)
		}
	}
	return ""
}
