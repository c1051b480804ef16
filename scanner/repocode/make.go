package repocode

import (
	"cmp"
	"maps"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/pat2app/pat2app/scanner/codeflow"
	"github.com/pat2app/pat2app/scanner/makefile"
	"github.com/pat2app/pat2app/scanner/shellops"
)

// makefileNames are the files make reads without -f, in its order.
var makefileNames = []string{"GNUmakefile", "makefile", "Makefile"}

// maxIncludes bounds the files a Makefile's include directives add.
const maxIncludes = 32

// makeFile is a Makefile with the files it includes merged in.
type makeFile struct {
	mk *makefile.File
	// unread lists the includes that could not be read (built at run
	// time, globs, missing non-optional files).
	unread []string
}

// runMake follows make TARGETS into the recipes of a Makefile.
func (f *Follower) runMake(r *shellops.Run) shellops.Followed {
	dir := r.Dir
	if c, ok := r.Flags["-C"]; ok {
		d, why, ok := resolve(r.Dir, r.DirKnown, c, "")
		if !ok {
			return shellops.Followed{Note: "make -C " + c + ": " + cmp.Or(why, "not a repository folder")}
		}
		dir = d
	} else if !r.DirKnown {
		return shellops.Followed{Note: "the working directory is not known"}
	}
	p, note := f.configFile(r, dir, "make", "-f", makefileNames, nil)
	if p == "" {
		return shellops.Followed{Note: cmp.Or(note, "no Makefile in "+dir)}
	}
	fl := f.read(p)
	if fl.missing {
		return shellops.Followed{Note: p + " is not in the checkout"}
	}
	if fl.err != nil {
		return shellops.Followed{Handled: true, Uses: unread(r, p, 0, "", "could not be read: "+fl.err.Error())}
	}
	key := p + "#" + r.Target
	if why, ok := f.push(key); !ok {
		if why == "runs itself" {
			return shellops.Followed{Handled: true, Accounted: true}
		}
		return shellops.Followed{Handled: true, Uses: unread(r, p, 0, "", why)}
	}
	defer f.pop()
	memo := memoKey("make", p, r.Target, r)
	if res, ok := f.memo[memo]; ok {
		return copyFollowed(res)
	}
	mf := f.makefile(fl, dir, r.Base.RepoRoot)
	res := f.planMake(r, mf, p, dir)
	f.memo[memo] = res
	return copyFollowed(res)
}

// makefile parses a Makefile once, with its includes (named from dir, in
// the workspace, where make runs).
func (f *Follower) makefile(fl *file, dir, root string) *makeFile {
	if mf, ok := fl.parsed["make"].(*makeFile); ok {
		return mf
	}
	mf := &makeFile{mk: makefile.Parse(fl.data)}
	n := 0
	for _, inc := range mf.mk.Includes {
		for _, w := range inc.Paths {
			w = mf.mk.Expand(w)
			if strings.ContainsAny(w, "*?[$") {
				if !inc.Optional {
					mf.unread = append(mf.unread, w)
				}
				continue
			}
			q, _, ok := resolve(dir, true, w, root)
			n++
			if !ok || n > maxIncludes {
				mf.unread = append(mf.unread, w)
				continue
			}
			g := f.read(q)
			if g.missing || g.err != nil {
				if !inc.Optional {
					mf.unread = append(mf.unread, w)
				}
				continue
			}
			inc := makefile.Parse(g.data)
			inc.FromFile(q)
			mf.mk.Merge(inc)
		}
	}
	if fl.parsed == nil {
		fl.parsed = map[string]any{}
	}
	fl.parsed["make"] = mf
	return mf
}

// planMake analyses the recipe lines make runs for r's goals.
func (f *Follower) planMake(r *shellops.Run, mf *makeFile, p, dir string) shellops.Followed {
	out := shellops.Followed{Handled: true, Accounted: true}
	env := map[string][]string{}
	inEnv := map[string]bool{}
	for k, v := range r.Env {
		env[k] = v
		inEnv[k] = true
	}
	for _, k := range r.EnvSet {
		inEnv[k] = true
	}
	// Command-line variables override the Makefile's and reach the
	// recipes' environment; a credential among them is followed there.
	overrides := map[string]string{"MAKE": "make"}
	if _, set := mf.mk.Vars["CURDIR"]; !set {
		// GNU make sets CURDIR to the folder it runs in (after -C), the
		// recipes' working directory: written from the workspace, the
		// follower reads the paths built on it.
		overrides["CURDIR"] = "{GITHUB_WORKSPACE}"
		if d := path.Clean(dir); d != "." && d != "" {
			overrides["CURDIR"] += "/" + d
		}
	}
	for _, a := range r.Args {
		name, val, ok := strings.Cut(a.Text, "=")
		if !ok {
			continue
		}
		name = strings.TrimRight(name, ":")
		if len(a.Creds) > 0 || !a.Known {
			overrides[name] = "${" + name + "}"
			if len(a.Creds) > 0 {
				env[name] = a.Creds
			}
			continue
		}
		overrides[name] = val
	}
	for k, v := range overrides {
		// A command-line value hides the environment's ($(if) on it).
		inEnv[k] = strings.TrimSpace(v) != "" && !strings.Contains(v, "$")
	}
	goals, runTime := runTimeGoals(mf.mk, strings.Fields(r.Target))
	for _, g := range runTime {
		out.Uses = append(out.Uses, unread(r, p, 0, "", "the goal "+g+" is named at run time, and no rule's name fits it alone")...)
	}
	if len(goals) == 0 && len(runTime) > 0 {
		return out // not the default goal: the ones named are not known
	}
	steps, missing, truncated := mf.mk.Plan(goals, overrides, inEnv)
	for _, g := range missing {
		if mf.mk.PatternRules || len(mf.unread) > 0 {
			why := "has no explicit rule for " + g + "; a pattern rule or an included file not read may build it"
			if len(mf.unread) > 0 {
				why += " (" + strings.Join(mf.unread, ", ") + ")"
			}
			out.Uses = append(out.Uses, unread(r, p, 0, "", why)...)
		}
		// Otherwise make stops with "no rule to make target": nothing runs.
	}
	if truncated {
		out.Uses = append(out.Uses, unread(r, p, 0, "", "runs more recipe lines than are read")...)
	}
	shell := "sh"
	if v, ok := mf.mk.Vars["SHELL"]; ok && strings.Contains(v.Value, "bash") {
		shell = "bash"
	}
	stored := r.Base.Stored
	for _, pc := range parseTimeCommands(mf.mk, inEnv) {
		if strings.Contains(pc.text, makefile.HiddenShell) {
			hiddenShell(r, p, pc.line, env, &out)
		}
		stored = f.shellText(r, p, shellPiece{text: ": " + pc.text, shell: shell, start: pc.line, env: env, dir: dir,
			name: r.Base.Name, what: "$(shell ...) of line " + strconv.Itoa(pc.line) + " is only partly read"}, stored, &out)
	}
	if mf.mk.OneShell {
		steps = oneShell(steps)
	}
	for _, st := range steps {
		in := cmp.Or(st.File, p)
		if strings.Contains(st.Text, makefile.HiddenShell) {
			hiddenShell(r, in, st.Line, env, &out)
		}
		stored = f.shellText(r, in, shellPiece{text: st.Text, shell: shell, start: st.Line, env: env, dir: dir,
			name: r.Base.Name, what: "recipe of " + st.Target + " is only partly read"}, stored, &out)
	}
	return out
}

// parseTimeCommand is a command make runs while it reads the Makefile.
type parseTimeCommand struct {
	text string
	line int
}

// parseTimeCommands are the commands make runs while it reads the
// Makefile, whatever the goal: $(shell ...) in a := assignment (expanded
// when assigned, so its value holds the command as $(...)), a !=
// assignment, and $(shell ...) in a rule's prerequisites. Recipes and
// recursive (=) variables run theirs only where they are used, which the
// plan's steps show. In line order.
func parseTimeCommands(mk *makefile.File, inEnv map[string]bool) []parseTimeCommand {
	var out []parseTimeCommand
	for _, name := range slices.Sorted(maps.Keys(mk.Vars)) {
		v := mk.Vars[name]
		switch val := makefile.ResolveIfs(v.Value, inEnv); {
		case v.Shell:
			out = append(out, parseTimeCommand{text: makefile.CommandSubstitution(mk.Expand(v.Value)), line: v.Line})
		case v.Simple && (strings.Contains(val, "$(") || strings.Contains(val, makefile.HiddenShell)):
			out = append(out, parseTimeCommand{text: val, line: v.Line})
		}
	}
	for _, t := range slices.Sorted(maps.Keys(mk.Rules)) {
		rl := mk.Rules[t]
		if pre := strings.Join(rl.Prereqs, " "); strings.Contains(pre, "$(shell") {
			out = append(out, parseTimeCommand{text: mk.Expand(pre), line: rl.Line})
		}
	}
	slices.SortStableFunc(out, func(a, b parseTimeCommand) int { return a.line - b.line })
	return out
}

// hiddenShell records a $(shell ...) make runs inside a function pat2app
// does not expand: a program nobody read runs with the environment.
func hiddenShell(r *shellops.Run, p string, line int, env map[string][]string, out *shellops.Followed) {
	var creds []string
	for _, n := range slices.Sorted(maps.Keys(env)) {
		creds = codeflow.Union(creds, env[n]...)
	}
	if len(creds) > 0 {
		out.Unread = append(out.Unread, shellops.UnreadProgram{Program: "$(shell ...) inside a make function", Line: r.Line,
			File: p, FileLine: line, Credentials: creds})
	}
}

// runTimeGoals replaces each goal that is named in part at run time
// ({matrix.kind}release, as the shell reader writes a value it does not
// know) by the explicit rules whose names fit it, the unknown parts
// standing for any text: make ${{ cond && 'pre' || ” }}release builds
// release or prerelease. A goal with no literal part, or that no rule
// fits, is returned in runTime: what it builds is not known.
func runTimeGoals(mk *makefile.File, goals []string) (out, runTime []string) {
	asArgs := takesGoalsAsArgs(mk, goals)
	for _, g := range goals {
		if !strings.Contains(g, "{") {
			out = append(out, g)
			continue
		}
		re, literal := goalPattern(g)
		var fit []string
		if literal != "" && re != nil {
			for _, t := range mk.Order {
				if !strings.HasPrefix(t, ".") && re.MatchString(t) {
					fit = append(fit, t)
				}
			}
		}
		switch {
		case len(fit) == 0 && strings.ContainsAny(literal, "/."):
			// A file (make license $${chart}/Chart.yaml): a goal with
			// no rule, as a literal one is.
			out = append(out, g)
			continue
		case len(fit) == 0 && asArgs:
			// make license $$(find . -name '*.yaml'): the goal whose
			// recipe reads $(MAKECMDGOALS) takes the others as its
			// arguments.
			continue
		case len(fit) == 0:
			runTime = append(runTime, g)
			continue
		}
		out = append(out, fit...)
	}
	return out, runTime
}

// oneShell joins each rule's recipe lines into one script, as make runs
// them under .ONESHELL: (GNU make manual, "Using One Shell"): a loop or an
// if may then span lines. Blank lines keep each line at its own line of
// the Makefile.
func oneShell(steps []makefile.Step) []makefile.Step {
	var out []makefile.Step
	end := 0 // the last Makefile line of out's last step
	for _, st := range steps {
		if n := len(out); n > 0 && out[n-1].Target == st.Target && out[n-1].File == st.File && st.Line > end {
			out[n-1].Text += strings.Repeat("\n", st.Line-end) + st.Text
		} else {
			out = append(out, st)
		}
		end = st.Line + strings.Count(st.Text, "\n")
	}
	return out
}

// goalPattern reads a goal named in part at run time: a pattern its
// run-time parts ({NAME}) stand for any text in, and its literal text
// alone. re is nil when the pattern does not compile.
func goalPattern(goal string) (re *regexp.Regexp, literal string) {
	var pat, lit strings.Builder
	for rest := goal; rest != ""; {
		i := strings.IndexByte(rest, '{')
		j := strings.IndexByte(rest, '}')
		if i < 0 || j < i {
			pat.WriteString(regexp.QuoteMeta(rest))
			lit.WriteString(rest)
			break
		}
		pat.WriteString(regexp.QuoteMeta(rest[:i]) + ".*")
		lit.WriteString(rest[:i])
		rest = rest[j+1:]
	}
	re, err := regexp.Compile("^" + pat.String() + "$")
	if err != nil {
		re = nil
	}
	return re, lit.String()
}

// takesGoalsAsArgs reports a command line with a literal goal whose rule's
// recipe reads $(MAKECMDGOALS) (FILES=$(filter-out $@,$(MAKECMDGOALS))):
// the other goals are that recipe's arguments, a make idiom.
func takesGoalsAsArgs(mk *makefile.File, goals []string) bool {
	for _, g := range goals {
		r, ok := mk.Rules[g]
		if !ok || strings.Contains(g, "{") {
			continue
		}
		for _, l := range r.Recipe {
			if strings.Contains(l.Text, "MAKECMDGOALS") {
				return true
			}
		}
	}
	return false
}
