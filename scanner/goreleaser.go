package scanner

import (
	"cmp"
	"errors"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/pat2app/pat2app/expression"
	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/scanner/goreleaserconf"
	"github.com/pat2app/pat2app/scanner/shellops"
	"mvdan.cc/sh/v3/shell"
)

// maxGoReleaserConfig is the largest GoReleaser configuration read.
const maxGoReleaserConfig = 512 << 10

// goreleaserTokenEnv is the variable GoReleaser takes its own GitHub token
// from: the release, milestones and every publisher that names no token
// of its own use it.
const goreleaserTokenEnv = "GITHUB_TOKEN"

// goreleaserConf is the GoReleaser configuration a step runs with.
type goreleaserConf struct {
	// path is the file, from the repository root; "" when the folder has
	// none (GoReleaser's defaults: a release in the repository itself).
	path string
	conf *goreleaserconf.Config
	// why says why a configuration could not be read; with conf nil and
	// why empty, the repository's other files are not part of the scan.
	why string
	// skipPublish is set for a run that publishes nothing (--skip=publish,
	// --snapshot): the release and the publishers do not run.
	skipPublish bool
}

// publishSections are the parts of a GoReleaser configuration that run
// only when it publishes.
var publishSections = map[string]bool{
	"release": true, "milestones": true, "brews": true, "homebrew_casks": true, "scoops": true, "krews": true,
	"nix": true, "winget": true, "aurs": true, "aur_sources": true, "announce": true, "publishers": true,
}

// goreleaserSkipsPublish reports a command line that publishes nothing:
// --snapshot, --skip=publish (or a list holding it), --skip-publish.
func goreleaserSkipsPublish(args []string) bool {
	for i, a := range args {
		switch {
		case a == "--snapshot", a == "--skip-publish":
			return true
		case strings.HasPrefix(a, "--skip="):
			if slices.Contains(strings.Split(strings.TrimPrefix(a, "--skip="), ","), "publish") {
				return true
			}
		case a == "--skip" && i+1 < len(args):
			if slices.Contains(strings.Split(args[i+1], ","), "publish") {
				return true
			}
		}
	}
	return false
}

// forRun is the configuration as a run with args reads it.
func (c *goreleaserConf) forRun(args []string) *goreleaserConf {
	if !goreleaserSkipsPublish(args) {
		return c
	}
	cp := *c
	cp.skipPublish = true
	return &cp
}

// goreleaserConfig reads the configuration GoReleaser finds in dir (from
// the repository root), or the one --config names; once per repository
// scan for each.
func (rs *repoScan) goreleaserConfig(dir, explicit string) *goreleaserConf {
	key := dir + "\x00" + explicit
	if c, ok := rs.goreleaser[key]; ok {
		return c
	}
	c := rs.readGoReleaserConfig(dir, explicit)
	if rs.goreleaser == nil {
		rs.goreleaser = map[string]*goreleaserConf{}
	}
	rs.goreleaser[key] = c
	return c
}

func (rs *repoScan) readGoReleaserConfig(dir, explicit string) *goreleaserConf {
	if rs.repo.Tree == nil {
		return &goreleaserConf{}
	}
	candidates := goreleaserconf.Names
	if explicit != "" {
		if strings.ContainsAny(explicit, "${}") || strings.Contains(explicit, runTimeArg) {
			return &goreleaserConf{why: "its configuration file is chosen at run time (" + explicit + ")"}
		}
		candidates = []string{explicit}
	}
	for _, name := range candidates {
		p := path.Clean(path.Join(dir, name))
		data, err := fs.ReadFile(rs.repo.Tree, p)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			continue
		case err != nil:
			return &goreleaserConf{path: p, why: p + " cannot be read"}
		case len(data) > maxGoReleaserConfig:
			return &goreleaserConf{path: p, why: p + " is over " + strconv.Itoa(maxGoReleaserConfig) + " bytes"}
		}
		if _, bomb := aliasBomb(data); bomb {
			return &goreleaserConf{path: p, why: p + " expands too many YAML aliases"}
		}
		conf, err := goreleaserconf.Parse(data)
		if err != nil {
			return &goreleaserConf{path: p, why: p + ": " + err.Error()}
		}
		return &goreleaserConf{path: p, conf: conf}
	}
	if explicit != "" {
		return &goreleaserConf{why: "its configuration " + path.Join(dir, explicit) + " is not in the repository"}
	}
	// No file: GoReleaser's defaults release in the repository itself.
	conf, _ := goreleaserconf.Parse(nil)
	conf.Writes = []goreleaserconf.Write{{Section: goreleaserconf.SectionRelease}}
	return &goreleaserConf{conf: conf}
}

// runTimeArg stands for a ${{ }} expression in an action's args.
const runTimeArg = "{expr}"

// goreleaserConfigArg is the file a GoReleaser command line names with
// --config or -f; "" when none.
func goreleaserConfigArg(args []string) string {
	for i, a := range args {
		switch {
		case (a == "--config" || a == "-f") && i+1 < len(args):
			return args[i+1]
		case strings.HasPrefix(a, "--config="):
			return strings.TrimPrefix(a, "--config=")
		case strings.HasPrefix(a, "-f="):
			return strings.TrimPrefix(a, "-f=")
		}
	}
	return ""
}

// goreleaserReads records what GoReleaser, run with conf, does with the
// credentials of its environment variable k: the release and the
// milestones with its own token, each publisher with the token its
// template reads. base is the operation of the action's row (a release in
// the repository itself), recorded for GoReleaser's own token; nil for
// the goreleaser command, whose row the planner applies. Entries left for
// review carry subj, which must not be one the planner answers from a
// row. It reports false when the caller's reading stands.
func (js *jobState) goreleaserReads(b *builder, conf *goreleaserConf, k string, base *inventory.Operation, subj inventory.Subject, ev inventory.Evidence) bool {
	if conf.conf == nil {
		if k == goreleaserTokenEnv {
			// The tool's row: a release here, and its note on publishers.
			// A configuration that is there but not read may also send
			// publishers and release options through this token.
			if conf.why != "" {
				b.unresolvedAt(inventory.Unresolved{Evidence: ev, Subject: subj,
					Reason: "goreleaser's configuration says what else it does with $" + k + " (publishers with no token of their own, release options), and " + conf.why})
			}
			return false
		}
		reason := "goreleaser's configuration says what it writes with $" + k + ", and " + conf.why
		if conf.why == "" {
			reason = "goreleaser reads $" + k + " only where its configuration names it (a publisher's token); the configuration is not part of this scan"
		}
		b.unresolvedAt(inventory.Unresolved{Evidence: ev, Subject: subj, Reason: reason})
		return true
	}
	at := func(w goreleaserconf.Write, text string) inventory.Evidence {
		if conf.path == "" || w.Line == 0 {
			return inventory.Evidence{Line: ev.Line, Text: text}
		}
		return inventory.Evidence{File: conf.path, Line: w.Line, Text: text}
	}
	if conf.skipPublish && k == goreleaserTokenEnv {
		// GoReleaser's own token: its row stands (it may still read the
		// API, for the changelog).
		return false
	}
	if conf.skipPublish {
		// Nothing publishes: a token read only where GoReleaser
		// publishes is not used.
		onlyPublish := true
		for _, sec := range conf.conf.EnvSections[k] {
			onlyPublish = onlyPublish && publishSections[sec]
		}
		if onlyPublish {
			return true
		}
	}
	found := false
	for _, w := range conf.conf.Writes {
		if conf.skipPublish {
			break
		}
		mine := slices.Contains(w.TokenEnv, k) || w.Token == "" && k == goreleaserTokenEnv
		if !mine {
			continue
		}
		found = true
		repo, ok := w.Repo()
		if !ok || w.Templated() {
			b.unresolvedAt(inventory.Unresolved{Evidence: at(w, "goreleaser "+w.Section), Subject: subj,
				Reason: "goreleaser " + w.Section + " writes to a repository chosen at run time or taken from the git remote (" + w.Owner + "/" + w.Name + ")"})
			continue
		}
		switch w.Section {
		case goreleaserconf.SectionRelease:
			switch {
			case repo != "":
				op := restOp("POST", "/repos/"+repo+"/releases", repo, subj, at(w, "goreleaser release in "+repo))
				op.ReleaseOfHead = true
				b.op(op)
			case base != nil:
				b.op(*base)
			}
			if w.DiscussionLine > 0 {
				// The release is created with discussion_category_name:
				// GitHub opens a discussion for it, as createDiscussion
				// does (discussions: write).
				op := inventory.Operation{Kind: inventory.OpGraphQL, Method: "GRAPHQL", Path: "mutation createDiscussion", Name: "createDiscussion",
					Mutation: true, Writes: true, Subject: subj,
					Evidence: inventory.Evidence{File: conf.path, Line: w.DiscussionLine, Text: "goreleaser release: discussion_category_name opens a discussion linked to the release"}}
				if repo != "" {
					op.Repos = []string{repo}
				}
				b.op(op)
			}
		case goreleaserconf.SectionMilestones:
			p, r := "/repos/{owner}/{repo}/milestones/{milestone_number}", ""
			if repo != "" {
				p, r = "/repos/"+repo+"/milestones/{milestone_number}", repo
			}
			b.op(restOp("PATCH", p, r, subj, at(w, "goreleaser milestones: closes the release's milestone")))
		default:
			if repo == "" {
				repo = "{owner}/{repo}"
			}
			b.op(restOp("PUT", "/repos/"+repo+"/contents/{path}", repoOfPath("/repos/"+repo), subj, at(w, "goreleaser "+w.Section+": commits to "+repo)))
			if w.PullRequest {
				into := cmp.Or(w.Base(), repo)
				b.op(restOp("POST", "/repos/"+into+"/pulls", repoOfPath("/repos/"+into), subj, at(w, "goreleaser "+w.Section+": opens a pull request in "+into)))
			}
		}
	}
	if found {
		return true
	}
	if conf.conf.OnlyOtherServices(k) {
		// Read only where GoReleaser hands values to other services
		// (signing, notarization, registries, announcements).
		b.signal(-1, false, "goreleaser's "+strings.Join(conf.conf.EnvSections[k], ", ")+" in "+conf.path+" read $"+k)
		return true
	}
	if line, ok := conf.conf.Env[k]; ok {
		b.unresolvedAt(inventory.Unresolved{Evidence: inventory.Evidence{File: conf.path, Line: line, Text: "{{ .Env." + k + " }}"}, Subject: subj,
			Reason: "goreleaser reads $" + k + " in a part of its configuration pat2app does not read"})
		return true
	}
	if conf.conf.Hooks > 0 && !hooksLeave(conf.conf.HookCommands, k, b.f.Credential) {
		b.unresolvedAt(inventory.Unresolved{Evidence: inventory.Evidence{File: conf.path, Line: conf.conf.Hooks, Text: "hooks"}, Subject: subj,
			Reason: "goreleaser's configuration does not name $" + k + ", but its hooks run commands with it in their environment"})
		return true
	}
	// Nothing GoReleaser reads or runs names it: not a use.
	return true
}

// goreleaserCommand reads a goreleaser command line's use of a
// credential through GoReleaser's configuration in the folder it runs in
// (u.Dir); it reports false when the tool's row stands for the use
// (GoReleaser's own token, or no configuration to read).
func (js *jobState) goreleaserCommand(b *builder, u shellops.Use, ev inventory.Evidence) bool {
	if u.Var == "" {
		return false
	}
	var conf *goreleaserConf
	if u.Dir == "" {
		conf = &goreleaserConf{why: "the folder it runs in is chosen at run time"}
	} else {
		conf = js.a.rs.goreleaserConfig(path.Clean(u.Dir), goreleaserConfigArg(u.Args)).forRun(u.Args)
	}
	// Entries for review name the configuration: .pat2app.yaml scripts:
	// can declare it, and the tool's row does not answer them.
	subj := inventory.Subject{Script: cmp.Or(conf.path, path.Join(cmp.Or(u.Dir, "."), goreleaserconf.DefaultName))}
	handled := js.goreleaserReads(b, conf, u.Var, nil, subj, ev)
	return handled && u.Var != goreleaserTokenEnv
}

// goreleaserAction reads goreleaser/goreleaser-action: GoReleaser run in
// its workdir, with the configuration its args name or finds there.
type goreleaserAction struct{ baseHandler }

func (goreleaserAction) handles(s *actionStep) bool { return s.name == "goreleaser/goreleaser-action" }

// conf is the configuration the step's GoReleaser reads.
func (goreleaserAction) conf(js *jobState, s *actionStep) *goreleaserConf {
	dir := strings.TrimSpace(s.lit("workdir"))
	if dir == "" {
		dir = "."
	}
	if strings.ContainsAny(dir, "${}") {
		return &goreleaserConf{why: "its workdir is chosen at run time (" + dir + ")"}
	}
	// ${{ }} expressions are not shell: each stands for one value.
	raw := s.lit("args")
	for _, sp := range slices.Backward(expression.Find(raw)) {
		raw = raw[:sp.Start] + runTimeArg + raw[sp.End:]
	}
	args, err := shell.Fields(raw, func(string) string { return "" })
	if err != nil {
		return &goreleaserConf{why: "its args cannot be read (" + err.Error() + ")"}
	}
	return js.a.rs.goreleaserConfig(path.Clean(dir), goreleaserConfigArg(args)).forRun(args).withEnv(js.envValues(s.env))
}

// hooksLeave reports hook commands, read as shell, none of which uses
// the credential in their environment variable k: each runs a program
// pat2app knows not to read it (go mod tidy, rm -rf dist).
func hooksLeave(cmds []goreleaserconf.Command, k, cred string) bool {
	if len(cmds) == 0 {
		return false
	}
	for _, c := range cmds {
		if strings.Contains(c.Text, "{{") {
			return false // a template: the command is made at run time
		}
		r := shellops.Analyze(shellops.Input{Script: c.Text, StartLine: 1, Cred: map[string][]string{k: {cred}}})
		if r.ParseError != nil || len(r.Uses) > 0 {
			return false
		}
	}
	return true
}

// envValues are the values of env entries the scan knows before the run
// (withKnownExprs: literals, and runner values such as
// ${{ github.repository_owner }}), the workflow's own owner and repository
// written for their placeholders.
func (js *jobState) envValues(env map[string]envEntry) map[string]string {
	self := js.a.ownRepo()
	owner, _, _ := strings.Cut(self, "/")
	out := map[string]string{}
	for k, e := range env {
		v, ok := withKnownExprs(e.raw)
		if !ok || self == "" && strings.Contains(v, "{") {
			continue
		}
		v = strings.NewReplacer("{owner}/{repo}", self, "{owner}", owner).Replace(v)
		if v != "" && !strings.ContainsAny(v, "${}") {
			out[k] = v
		}
	}
	return out
}

// envTemplateRE matches a template that is one environment variable and
// nothing else: {{ .Env.NAME }}.
var envTemplateRE = regexp.MustCompile(`^\{\{\s*\.Env\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}$`)

// withEnv is the configuration with the repositories its publishers
// name as {{ .Env.NAME }} written out, where the step's environment gives
// NAME a value the scan knows (env); the configuration itself when none is.
func (c *goreleaserConf) withEnv(env map[string]string) *goreleaserConf {
	if c.conf == nil || len(env) == 0 {
		return c
	}
	changed := false
	fill := func(s *string) {
		if m := envTemplateRE.FindStringSubmatch(strings.TrimSpace(*s)); m != nil {
			if v, ok := env[m[1]]; ok {
				*s, changed = v, true
			}
		}
	}
	writes := slices.Clone(c.conf.Writes)
	for i := range writes {
		w := &writes[i]
		fill(&w.Owner)
		fill(&w.Name)
		fill(&w.BaseOwner)
		fill(&w.BaseName)
	}
	if !changed {
		return c
	}
	conf := *c.conf
	conf.Writes = writes
	out := *c
	out.conf = &conf
	return &out
}

func (h goreleaserAction) tokenOp(js *jobState, s *actionStep, b *builder, op *inventory.Operation) bool {
	return js.goreleaserReads(b, h.conf(js, s), op.Subject.Input, op, op.Subject, op.Evidence)
}

func (h goreleaserAction) envRead(js *jobState, s *actionStep, k string, creds []string) bool {
	conf := h.conf(js, s)
	if conf.conf == nil {
		return false
	}
	token := false
	for _, w := range conf.conf.Writes {
		token = token || slices.Contains(w.TokenEnv, k)
	}
	for _, c := range creds {
		b := js.a.get(js.id, c)
		ev := s.name + " env " + k
		if token {
			b.signal(1, false, ev+": a goreleaser publisher's token")
		}
		base := inventory.Operation{Kind: inventory.OpAction, Method: "ACTION", Path: s.name, Name: s.name,
			Subject: inventory.Subject{Action: s.name, Input: k}, Inputs: js.literalInputs(s), Writes: s.info.Permissions.Writes(),
			Evidence: at(s.env[k].line, ev)}
		js.goreleaserReads(b, conf, k, &base, base.Subject, base.Evidence)
	}
	return true
}
