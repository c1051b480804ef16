package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/knowledge"
	"github.com/pat2app/pat2app/planner"
	"github.com/pat2app/pat2app/scanner"
	"github.com/pat2app/pat2app/scanner/actionsrc"
	"github.com/pat2app/pat2app/scanner/jsops"
)

// probeOwner is the owner the probe workflow names the action under, so
// that the scanner reads it from its source even when the table already
// has a row for its real name.
const probeOwner = "actionrows-probe"

// probeFile is the path of the probe workflow.
const probeFile = ".github/workflows/probe.yml"

// printRepo prints the candidates of every action of one repository.
func printRepo(ctx context.Context, w io.Writer, sp spec) error {
	fsys, commit, err := openRepo(ctx, sp)
	if err != nil {
		return err
	}
	dirs := []string{sp.dir}
	if sp.dir == "" {
		if dirs, err = actionDirs(fsys); err != nil {
			return err
		}
		if len(dirs) == 0 {
			return errors.New("no action.yml in the repository")
		}
	}
	for _, dir := range dirs {
		c, err := probe(ctx, fsys, commit, sp, dir)
		if err != nil {
			fmt.Fprintf(w, "# %s: %v\n\n", actionName(sp, dir), err)
			continue
		}
		if err := c.write(w); err != nil {
			return err
		}
	}
	return nil
}

// actionName is owner/repo or owner/repo/dir.
func actionName(sp spec, dir string) string {
	if dir == "" || dir == "." {
		return sp.owner + "/" + sp.repo
	}
	return sp.owner + "/" + sp.repo + "/" + dir
}

// probed is one input or variable given its own secret.
type probed struct {
	name string
	env  bool
	// why it was chosen: its default, its name, a client made from it.
	why    string
	secret string
	// token is set when what was read shows it takes a GitHub token.
	token   bool
	finding *inventory.Finding
	job     *planner.Job
}

// candidate is what was found of one action.
type candidate struct {
	name, commit, ref string
	// alias is owner/repo as the probe workflow names it, and repo the
	// real owner/repo, which the output says instead.
	alias, repo string
	act         *actionsrc.Action
	probes      []*probed
	// errs are the scan's input errors.
	errs []inventory.InputError
}

// probe reads one action and runs the scanner and planner over a step
// that gives each of its credential inputs (and the variables its source
// reads tokens from) a secret of its own.
func probe(ctx context.Context, fsys fs.FS, commit string, sp spec, dir string) (*candidate, error) {
	act, err := actionsrc.Read(ctx, fsys, dir, actionsrc.Options{IsMethod: isOctokitMethod, IsBundledLibrary: knowledge.IsBundledPlumbing})
	if err != nil {
		return nil, err
	}
	c := &candidate{name: actionName(sp, dir), commit: commit, ref: sp.ref, act: act,
		alias: probeOwner + "/" + sp.repo, repo: sp.owner + "/" + sp.repo}
	c.probes = choose(fsys, act)
	if len(c.probes) == 0 {
		return c, nil
	}
	wf, err := probeWorkflow(sp.repo, dir, commit, c.probes)
	if err != nil {
		return nil, err
	}
	s := scanner.New(scanner.Options{Actions: fixedRepo{fsys: fsys, commit: commit}})
	findings, errs := s.ScanRepo(ctx, scanner.RepoFiles{Name: "actionrows/probe", Files: []scanner.File{{Path: probeFile, Data: wf}}})
	c.errs = errs
	plan, err := planner.Build(ctx, &inventory.Inventory{Findings: findings}, planner.Options{})
	if err != nil {
		return nil, err
	}
	for _, p := range c.probes {
		cred := "secrets." + p.secret
		for i := range findings {
			if strings.EqualFold(findings[i].Credential, cred) {
				p.finding = &findings[i]
			}
		}
		for i := range plan.Jobs {
			if strings.EqualFold(plan.Jobs[i].Credential, cred) {
				p.job = &plan.Jobs[i]
			}
		}
		p.token = p.token || takesToken(act, p)
	}
	return c, nil
}

// fixedRepo is an ActionSource that gives one repository whatever is
// asked.
type fixedRepo struct {
	fsys   fs.FS
	commit string
}

func (r fixedRepo) ActionRepo(context.Context, string, string, string) (scanner.ActionRepo, error) {
	return scanner.ActionRepo{FS: r.fsys, Commit: r.commit}, nil
}

func isOctokitMethod(ns, method string) bool {
	_, ok := knowledge.RestMethod(ns, method)
	return ok
}

// choose lists the inputs and variables to give a secret: inputs whose
// default is the workflow's token, whose name says they hold a
// credential, or that the source makes a client from; variables the
// source makes a client from, and for a Docker action the usual token
// variables.
func choose(fsys fs.FS, act *actionsrc.Action) []*probed {
	var out []*probed
	fromSource := map[string]bool{}
	envs := map[string]string{}
	for _, e := range mentionedEnv(fsys, act) {
		envs[e.name] = "mentioned in " + e.file
	}
	for _, cl := range act.Clients {
		for _, in := range cl.Token.Inputs {
			fromSource[in] = true
		}
		for _, e := range cl.Token.Env {
			envs[e] = "the source makes a client from it"
		}
	}
	for _, call := range act.Calls {
		if call.Token == nil {
			continue
		}
		for _, in := range call.Token.Inputs {
			fromSource[in] = true
		}
		for _, e := range call.Token.Env {
			envs[e] = "the source makes a client from it"
		}
	}
	for _, in := range act.Meta.Inputs {
		var why []string
		if in.DefaultsToToken() {
			why = append(why, "default "+in.Default)
		}
		if fromSource[strings.ToLower(in.Name)] {
			why = append(why, "the source makes a client from it")
		}
		if len(why) == 0 && looksLikeCredential(in.Name) {
			why = append(why, "its name")
		}
		if len(why) > 0 {
			out = append(out, &probed{name: in.Name, why: strings.Join(why, "; ")})
		}
	}
	if act.Meta.Kind() == actionsrc.KindDocker {
		for _, e := range tokenEnvNames {
			if envs[e] == "" {
				envs[e] = "a Docker action may read it"
			}
		}
	}
	for _, e := range sortedKeys(envs) {
		if !strings.HasPrefix(strings.ToUpper(e), "INPUT_") {
			out = append(out, &probed{name: e, env: true, why: envs[e]})
		}
	}
	for i, p := range out {
		p.secret = fmt.Sprintf("PROBE_%d", i+1)
	}
	return out
}

// tokenEnvNames are the variables GitHub tooling most often reads a token
// from.
var tokenEnvNames = []string{"GITHUB_TOKEN", "GH_TOKEN"}

// envMention is a token variable a file names.
type envMention struct{ name, file string }

// mentionedEnv lists the token variables a JavaScript action's source
// files name, with the first file naming each: a program the action runs
// may read them, which the source does not show.
func mentionedEnv(fsys fs.FS, act *actionsrc.Action) []envMention {
	var out []envMention
	for _, name := range tokenEnvNames {
		for _, f := range act.Files {
			data, err := fs.ReadFile(fsys, f)
			if err == nil && strings.Contains(string(data), name) {
				out = append(out, envMention{name, f})
				break
			}
		}
	}
	return out
}

// looksLikeCredential reports whether an input's name says it holds a
// credential of any kind.
func looksLikeCredential(name string) bool {
	if knowledge.IsGitHubTokenInput(strings.ToLower(name)) {
		return true
	}
	for _, m := range []knowledge.NameMeaning{knowledge.NameGitHub, knowledge.NameAppKey, knowledge.NameOtherService, knowledge.NameCredential} {
		if knowledge.NameMeans(name, m) {
			return true
		}
	}
	return false
}

// takesToken reports whether what was read shows the input or variable
// is a GitHub token: the source makes a client from it or its default is
// the workflow's token (JavaScript), or the scan of a composite action's
// steps finds GitHub operations for it.
func takesToken(act *actionsrc.Action, p *probed) bool {
	switch act.Meta.Kind() {
	case actionsrc.KindJavaScript:
		if act.TokenUse(p.name, p.env).Reaches {
			return true
		}
		// The scanner's reading of a token-named input: clients whose
		// token the source does not show, with calls it maps to
		// permissions.
		if !p.env && p.finding != nil && p.job != nil && isGitHubKind(p.finding.Kind) && len(p.job.Permissions) > 0 {
			p.why += "; by its name (the source's clients take a token it does not show)"
			return true
		}
		return false
	case actionsrc.KindComposite:
		if !p.env {
			if in, ok := act.Meta.Input(p.name); ok && in.DefaultsToToken() {
				return true
			}
		}
		return p.finding != nil && p.finding.Kind != inventory.KindNotGitHub && len(p.finding.Operations) > 0
	}
	if in, ok := act.Meta.Input(p.name); ok && !p.env && in.DefaultsToToken() {
		return true
	}
	return false
}

// isGitHubKind reports whether a finding's kind is a GitHub credential.
func isGitHubKind(k inventory.Kind) bool {
	return k == inventory.KindPAT || k == inventory.KindGitHubToken || k == inventory.KindAppToken
}

// probeWorkflow is a workflow with one step that uses the action (under
// probeOwner, at commit) and gives each probe its secret.
func probeWorkflow(repo, dir, commit string, probes []*probed) ([]byte, error) {
	uses := probeOwner + "/" + repo
	if dir != "" && dir != "." {
		uses += "/" + dir
	}
	with := map[string]string{}
	env := map[string]string{}
	for _, p := range probes {
		v := "${{ secrets." + p.secret + " }}"
		if p.env {
			env[p.name] = v
		} else {
			with[p.name] = v
		}
	}
	step := map[string]any{"uses": uses + "@" + commit}
	if len(with) > 0 {
		step["with"] = with
	}
	if len(env) > 0 {
		step["env"] = env
	}
	wf := map[string]any{
		"name": "probe",
		// Issues and pull requests both, so the planner keeps both
		// permissions of the endpoints GitHub lists under each.
		"on": []string{"workflow_dispatch", "issues", "pull_request_target"},
		"jobs": map[string]any{"probe": map[string]any{
			"runs-on": "ubuntu-latest",
			"steps":   []any{step},
		}},
	}
	return yaml.Marshal(wf)
}

// write prints the candidate: what was found, as comments, then the row.
func (c *candidate) write(w io.Writer) error {
	var b bytes.Buffer
	c.writeTo(&b)
	_, err := io.WriteString(w, strings.ReplaceAll(b.String(), c.alias, c.repo))
	return err
}

// real names the action by its own owner in a text of the scan or plan.
func (c *candidate) real(s string) string { return strings.ReplaceAll(s, c.alias, c.repo) }

// writeTo prints the candidate with the action named as the probe names
// it.
func (c *candidate) writeTo(w io.Writer) {
	act := c.act
	m := act.Meta
	kind := m.Kind()
	fmt.Fprintf(w, "# %s at %s", c.name, c.commit)
	if c.ref != c.commit {
		fmt.Fprintf(w, " (%s)", c.ref)
	}
	fmt.Fprintf(w, ": %s action (runs.using %s)\n", kind, m.Runs.Using)
	switch kind {
	case actionsrc.KindJavaScript:
		fmt.Fprintf(w, "#   source read: %s\n", clip(strings.Join(act.Files, ", "), 300))
	case actionsrc.KindDocker:
		fmt.Fprintf(w, "#   Docker image %s: its code is not read\n", m.Runs.Image)
		for _, e := range m.Runs.Env {
			fmt.Fprintf(w, "#   runs.env %s: %s\n", e.Name, clip(e.Value, 100))
		}
		for _, a := range m.Runs.Args {
			if strings.Contains(a.Text, "${{") {
				fmt.Fprintf(w, "#   runs.args: %s\n", clip(a.Text, 100))
			}
		}
	}
	for _, n := range act.Notes {
		fmt.Fprintf(w, "#   partly read: %s\n", where(n.File, n.Line, n.Text))
	}
	for _, call := range act.Calls {
		if call.Kind == jsops.KindExec {
			fmt.Fprintf(w, "#   runs: %s\n", where(call.File, call.Line, call.Route))
		}
	}
	if len(c.probes) == 0 {
		fmt.Fprintln(w, "#   no input or variable takes a credential")
	}
	for _, p := range c.probes {
		c.writeProbe(w, p)
	}
	for _, e := range c.errs {
		fmt.Fprintf(w, "#   scan error: %s\n", where(e.File, e.Line, e.Message))
	}
	fmt.Fprintln(w, c.row())
	fmt.Fprintln(w)
}

// writeProbe prints what the scan and plan found for one probe.
func (c *candidate) writeProbe(w io.Writer, p *probed) {
	what := "input"
	if p.env {
		what = "env"
	}
	verdict := "not shown to take a GitHub token"
	if p.token {
		verdict = "takes a GitHub token"
	}
	fmt.Fprintf(w, "# %s %s (%s): %s\n", what, p.name, p.why, verdict)
	if f := p.finding; f != nil {
		fmt.Fprintf(w, "#   kind %s: %s\n", f.Kind, clip(c.real(f.Reason), 160))
	}
	if j := p.job; j != nil {
		for _, k := range sortedKeys(j.Evidence) {
			for _, e := range j.Evidence[k] {
				fmt.Fprintf(w, "#   %s %s\n", k, where(e.File, e.Line, c.real(e.Text)))
			}
		}
		for _, r := range j.Reasons {
			if strings.Contains(r, "trigger") || strings.Contains(r, "workflows") {
				fmt.Fprintf(w, "#   reason: %s\n", clip(r, 200))
			}
		}
	}
	if f := p.finding; f != nil {
		for _, u := range f.Unresolved {
			fmt.Fprintf(w, "#   review: %s: %s\n", where(u.Evidence.File, u.Evidence.Line, c.real(u.Evidence.Text)), clip(c.real(u.Reason), 200))
		}
	}
}

// row is the candidate row of actions.tsv.
func (c *candidate) row() string {
	var inputs, env []string
	perms := knowledge.Permissions{}
	files := map[string]bool{}
	for _, p := range c.probes {
		if !p.token {
			continue
		}
		if p.env {
			env = append(env, p.name)
		} else {
			inputs = append(inputs, strings.ToLower(p.name))
		}
		if p.job == nil {
			continue
		}
		perms.Merge(p.job.Permissions)
		for _, evs := range p.job.Evidence {
			for _, e := range evs {
				if e.File != "" && e.File != probeFile {
					files[e.File] = true
				}
			}
		}
	}
	delete(files, c.act.MetaFile)
	src := c.name + "@" + c.commit + ":" + strings.Join(append([]string{c.act.MetaFile}, sortedKeys(files)...), ", ")
	cells := []string{
		c.name, "exact", strings.Join(inputs, ","), strings.Join(env, ","), perms.String(),
		"", "", "", "", "", "", "", "", "", "", src,
	}
	return strings.Join(cells, "\t")
}

// where is "file:line: text".
func where(file string, line int, text string) string {
	loc := file
	if loc == "" {
		loc = "step"
	}
	if line > 0 {
		loc = fmt.Sprintf("%s:%d", loc, line)
	}
	return loc + ": " + clip(text, 160)
}

// clip shortens s to one line of at most n bytes.
func clip(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > n {
		s = s[:n] + "..."
	}
	return s
}

func sortedKeys[V any](m map[string]V) []string {
	return slices.Sorted(maps.Keys(m))
}
