package shellops

import (
	"errors"
	"maps"
	"path"
	"slices"
	"sort"
	"strconv"
	"strings"

	"mvdan.cc/sh/v3/syntax"

	"github.com/pat2app/pat2app/expression"
	"github.com/pat2app/pat2app/knowledge"
	"github.com/pat2app/pat2app/redact"
)

// variable is one shell variable's symbolic state.
type variable struct {
	val      value
	arr      []value
	isArr    bool
	exported bool
	// alts are the values the variable may hold when every assignment
	// gave it one whose program name is known (`x=false` and, in a
	// branch, `x=true`; `JAVACMD=java` or `JAVACMD=$JAVA_HOME/bin/java`);
	// nil when one did not.
	alts []value
}

// maxLoopWords bounds the literal values kept for a loop variable.
const maxLoopWords = 32

// maxAlts bounds the values a variable's alternatives list.
const maxAlts = 8

// gitCred is a credential configured for git: an insteadOf rewrite, an
// http.extraheader, a .git-credentials or .netrc entry. host "" matches any
// host.
type gitCred struct {
	host  string
	creds []string
	line  int
}

// npmCred is an _authToken for a registry, from an .npmrc written by the
// script or npm config set.
type npmCred struct {
	host  string
	creds []string
}

// analyzer holds the state of one Analyze call.
type analyzer struct {
	in Input
	// upstreamPushed is where the script pushed a branch with
	// --set-upstream (a later gh pr create finds it pushed).
	upstreamPushed string
	known          map[string]string
	ph             []Placeholder
	script         string // with placeholders
	// src is the text the nodes being walked were parsed from (script, or
	// an `sh -c` argument); evidence is cut from it. funcSrc holds it for
	// functions defined in an `sh -c` argument.
	src     string
	funcSrc map[*syntax.FuncDecl]string

	vars map[string]*variable
	// arms are the branch arms being read, innermost last, and armDepth
	// the a.cond of the innermost one (branches.go).
	arms     []*arm
	armDepth int
	// unsetNames are the variables the script unset.
	unsetNames []string
	positional []value
	funcs      map[string]*syntax.FuncDecl
	funcWalks  map[string]int
	// sourcedFuncs are the functions files the script sourced define, by
	// name, with the source command's run (Run.Call calls one).
	sourcedFuncs map[string]Run
	files        map[string][]string
	// written are the files the script wrote credentials to, in order,
	// and read the files it read back: a file written and never read
	// hands its credentials to whatever reads it later.
	written    []fileWrite
	read       map[string]bool
	allExport  bool
	touchedGH  bool
	ghLogin    []string
	ghGitCreds []string
	// gitHelper says why git may read a token from its environment: a
	// credential helper or hooks folder the script configured.
	gitHelper string
	// opaque are the programs run with credentials in their environment
	// that pat2app neither reads nor knows to leave them alone.
	opaque []UnreadProgram

	remotes     map[string]value
	gitRewrites []gitCred
	gitHeaders  []gitCred
	gitStore    []gitCred
	// netrc are the machines a .netrc entry written here or by an earlier
	// step gives a credential, for curl --netrc and wget.
	netrc       []gitCred
	clonedCreds []string
	clonedRepo  string
	// skipCI says why the last commit made keeps workflows from running
	// on the push of it (a [skip ci] message); "" when none does.
	skipCI string
	// treeWorkflows says why what is pushed may change .github/workflows.
	treeWorkflows string
	// integrated is the remote branch (origin, main) when treeWorkflows
	// is only that this script pulled, merged or rebased on that branch:
	// a push back to it pushes no commit the remote branch does not have
	// but the script's own. The zero value is none.
	integrated   remoteBranch
	dockerLogins map[string][]string
	npmAuth      []npmCred

	uses      []*Use
	useIndex  map[useKey]*Use
	implicit  []pendingUse
	pending   []Pending
	envWrites []EnvWrite

	// lineOverride is the script line of a `sh -c` call whose script is
	// being walked: every node in it is reported on that line.
	lineOverride int
	qn           int
	qdisp        [][2]string

	// dir is the working directory from the repository root, valid when
	// dirKnown (cd changes it).
	dir      string
	dirKnown bool
	// tags are the names of the tags git tag created, as written.
	tags map[string]bool
	// branch is the branch git checkout or git switch last checked out
	// by name, as written ("" when none).
	branch string
	// created is the branch git checkout -b/-B (switch -c/-C) made from
	// the commit checked out, as written ("" for an --orphan branch, whose
	// history starts afresh).
	created string
	// createdDir is the folder the script was in when it made created
	// ("" when not known).
	createdDir string
	// worktreeOnly is true when treeWorkflows comes from a change to the
	// working tree alone (git apply without --index or --cached): only
	// what is staged for a commit reaches it. staged lists the paths git
	// add gave since, as written; stagedAll is true once a git add took
	// every change (-A, ., -u, a path that is not known).
	worktreeOnly bool
	staged       []string
	stagedAll    bool
	// moved maps where mv or cp put a file of the repository (from the
	// repository root, as dir) to where it was (noteMove).
	moved map[string]string
	// clones are the folders (from the workspace root, as
	// Input.Checkouts) the script cloned another repository into.
	clones map[string]string
	// cloneDirs are the folders (from the workspace root) the script
	// cloned any repository into, its own included: git there reads that
	// clone's configuration, not what actions/checkout persisted.
	cloneDirs map[string]bool
	// cloneVars are the variables, as assigned, that name a clone's
	// folder the script does not know (git clone URL "$WORK" after
	// WORK=$(mktemp -d)); inCloneRef is true while the script is in one
	// (cd "$WORK" with WORK not assigned again, and folders below it).
	cloneVars map[*variable]bool
	// headTags are the tags the script created on its own HEAD (git tag
	// NAME, no commit named): commits it made.
	headTags   map[string]bool
	inCloneRef bool
	// followedRemotes are the remotes gh prefers that code the script
	// runs added (Followed.Remotes).
	followedRemotes map[string]string

	hasLoops bool
	// readsIndirect is Result.ReadsIndirect.
	readsIndirect bool
	// bareFirstPush is Result.PushWithoutCredential.
	bareFirstPush string
	parseErr      *ParseError
	nodes         int
	depth         int
	cond          int
	stopped       bool
	// dynamicCall is set once the script runs a command whose name is
	// known only at run time, which may be any function it defines or
	// sourced.
	dynamicCall bool
	// uncalled is set while a function no command called is walked for
	// the uses it would show (walkFile).
	uncalled bool
	// reader lends its parsers.
	reader *Reader
}

// ghTokenVars are the variables gh reads a token from, in precedence order
// (its row of knowledge/data/tools.tsv).
func ghTokenVars() []string {
	gh, _ := knowledge.Tool("gh")
	return gh.TokenEnv
}

// newAnalyzer readies an analyzer for in. A previous analyzer, when given,
// lends its maps, emptied: a Reader analyses many short scripts.
func newAnalyzer(in Input, prev *analyzer) *analyzer {
	if prev == nil {
		prev = &analyzer{vars: map[string]*variable{}, funcs: map[string]*syntax.FuncDecl{}, funcWalks: map[string]int{},
			files: map[string][]string{}, remotes: map[string]value{}, dockerLogins: map[string][]string{}, useIndex: map[useKey]*Use{}}
	}
	a := prev
	*a = analyzer{vars: a.vars, funcs: a.funcs, funcWalks: a.funcWalks, files: a.files,
		remotes: a.remotes, dockerLogins: a.dockerLogins, useIndex: a.useIndex}
	clear(a.vars)
	clear(a.funcs)
	clear(a.funcWalks)
	clear(a.files)
	clear(a.remotes)
	clear(a.dockerLogins)
	clear(a.useIndex)
	a.in = in
	a.dir, a.dirKnown = ".", !in.DirUnknown
	if in.Dir != "" {
		a.dir = path.Clean(in.Dir)
	}
	a.positional = argValues(in.Args)
	a.skipCI, a.branch, a.upstreamPushed = in.Head.SkipCI, in.Head.Branch, in.Head.UpstreamPushed
	a.created, a.createdDir = in.Head.Created, in.Head.CreatedDir
	for _, t := range in.Head.Tags {
		if a.tags == nil {
			a.tags = map[string]bool{}
		}
		a.tags[t] = true
	}
	a.treeWorkflows = in.TreeWorkflows
	a.worktreeOnly = in.TreeWorktreeOnly && in.TreeWorkflows != ""
	if len(in.SourcedFuncs) > 0 {
		a.sourcedFuncs = maps.Clone(in.SourcedFuncs)
	}
	a.known = defaultKnown
	if len(in.Known) > 0 {
		a.known = DefaultKnown()
		for k, v := range in.Known {
			a.known[k] = v
		}
	}
	if a.in.StartLine <= 0 {
		a.in.StartLine = 1
	}
	a.absorbStored(in.Stored)
	for name, creds := range in.Cred {
		if len(creds) == 0 {
			continue
		}
		val := value{parts: []part{{text: "{" + name + "}", ref: name, creds: uniq(creds)}}}
		if raw, ok := in.CredValues[name]; ok {
			val = credTemplate(raw, uniq(creds))
		}
		a.vars[name] = &variable{val: val, exported: placeholderIndex(name) < 0}
	}
	return a
}

func (a *analyzer) run() {
	script := a.in.Script
	if len(script) > MaxScriptSize {
		a.parseErr = &ParseError{Message: "script larger than " + strconv.Itoa(MaxScriptSize) + " bytes: scanned line by line only"}
		script = script[:MaxScriptSize]
		a.script, a.ph = Placeholders(script)
		a.lineScan(a.script, 1)
		return
	}
	a.script, a.ph = Placeholders(script)
	kind := shellKind(a.in.Shell)
	if kind == "" {
		a.lineScan(a.script, 1)
		return
	}
	// Node offsets point into src: the script, or a prefix of it below.
	a.src = a.script
	f, err := a.reader.parse(a.script, kind)
	if err == nil {
		a.walkFile(f)
		return
	}
	line := 0
	var pe syntax.ParseError
	var le syntax.LangError
	switch {
	case errors.As(err, &pe):
		line = int(pe.Pos.Line())
	case errors.As(err, &le):
		line = int(le.Pos.Line())
	}
	a.parseErr = &ParseError{Message: "parse " + kind + " script: " + err.Error()}
	if line > 0 {
		a.parseErr.Line = a.fileLine(line)
	}
	// Salvage: analyse the lines before the error when they parse on their
	// own, and scan the rest line by line.
	from := 1
	if line > 1 {
		lines := strings.SplitAfter(a.script, "\n")
		if line-1 <= len(lines) {
			head := strings.Join(lines[:line-1], "")
			if f, err := a.reader.parse(head, kind); err == nil {
				a.walkFile(f)
				from = line
			}
		}
	}
	a.lineScan(a.script, from)
}

func (r *Reader) parse(src, kind string) (*syntax.File, error) {
	variant := syntax.LangBash
	if kind == "sh" {
		variant = syntax.LangPOSIX
	}
	f, err := r.parser(variant).Parse(strings.NewReader(src), "")
	if err != nil && kind == "sh" {
		// Many "sh" scripts use bash features that dash would reject at
		// run time; analysing them as bash is the more useful answer.
		if f2, err2 := r.parser(syntax.LangBash).Parse(strings.NewReader(src), ""); err2 == nil {
			return f2, nil
		}
	}
	return f, err
}

func (a *analyzer) walkFile(f *syntax.File) {
	// What the script prints goes nowhere the analysis follows.
	for _, s := range f.Stmts {
		if a.stopped {
			break
		}
		a.stmt(s, value{})
	}
	// Functions that were defined but never called: walk them once so
	// that their uses are still seen (a sourced library's run when the
	// script that sourced it calls them).
	for _, name := range sortedKeys(a.funcs) {
		if a.in.Library && !a.dynamicCall {
			break
		}
		if a.funcWalks[name] == 0 {
			a.uncalled = true
			a.callFunc(name, nil, value{})
			a.uncalled = false
		}
	}
	a.flushImplicit()
}

func (a *analyzer) fileLine(scriptLine int) int {
	if a.lineOverride > 0 {
		scriptLine = a.lineOverride
	}
	return a.in.FileLine(scriptLine)
}

func (a *analyzer) tick() bool {
	if a.stopped {
		return false
	}
	a.nodes++
	if a.nodes > MaxNodes {
		a.stopped = true
		if a.parseErr == nil {
			a.parseErr = &ParseError{Message: "analysis stopped after " + strconv.Itoa(MaxNodes) + " syntax nodes"}
		}
		return false
	}
	return true
}

func (a *analyzer) stmts(ss []*syntax.Stmt, stdin value) value {
	var out value
	for _, s := range ss {
		if a.stopped {
			break
		}
		out.appendValue(a.stmt(s, stdin))
	}
	return out
}

// stmt walks one statement and returns what it writes to stdout (when not
// redirected).
func (a *analyzer) stmt(s *syntax.Stmt, stdin value) value {
	if s == nil || !a.tick() {
		return value{}
	}
	if a.depth > maxDepth {
		return value{}
	}
	a.depth++
	defer func() { a.depth-- }()

	type sink struct {
		target value
		app    bool
	}
	var sinks []sink
	for _, r := range s.Redirs {
		switch r.Op {
		case syntax.RdrIn:
			if r.Word != nil {
				p := a.word(r.Word).String()
				stdin = value{parts: []part{{text: "{<" + p + "}", creds: a.fileCreds(p), line: int(r.Pos().Line())}}}
			}
		case syntax.Hdoc, syntax.DashHdoc:
			if r.Hdoc != nil {
				stdin = a.wordQuoted(r.Hdoc)
			} else {
				stdin = value{}
			}
		case syntax.WordHdoc:
			if r.Word != nil {
				stdin = a.word(r.Word)
				stdin.append(part{text: "\n", lit: true})
			}
		case syntax.RdrOut, syntax.AppOut, syntax.RdrClob, syntax.RdrAll, syntax.AppAll:
			if r.N != nil && r.N.Value != "1" {
				continue
			}
			if r.Word != nil {
				sinks = append(sinks, sink{target: a.word(r.Word), app: r.Op == syntax.AppOut || r.Op == syntax.AppAll})
			}
		}
	}
	out := a.command(s.Cmd, stdin)
	if len(sinks) == 0 {
		return out
	}
	line := int(s.Pos().Line())
	for _, sk := range sinks {
		a.writeTo(sk.target, out, line, sk.app)
	}
	return value{}
}

func (a *analyzer) command(cmd syntax.Command, stdin value) value {
	switch c := cmd.(type) {
	case nil:
		return value{}
	case *syntax.CallExpr:
		return a.call(c, stdin)
	case *syntax.BinaryCmd:
		switch c.Op {
		case syntax.Pipe, syntax.PipeAll:
			out := a.stmt(c.X, stdin)
			return a.stmt(c.Y, out)
		default:
			out := a.stmt(c.X, stdin)
			out.appendValue(a.readArms(1, func(int) value { return a.stmt(c.Y, stdin) }))
			return out
		}
	case *syntax.Block:
		return a.stmts(c.Stmts, stdin)
	case *syntax.Subshell:
		dir, known := a.dir, a.dirKnown
		out := a.stmts(c.Stmts, stdin)
		a.dir, a.dirKnown = dir, known
		return out
	case *syntax.IfClause:
		defer a.dirAfterBranch(a.dir)
		var clauses []*syntax.IfClause
		for ic := c; ic != nil; ic = ic.Else {
			clauses = append(clauses, ic)
		}
		return a.readArms(len(clauses), func(i int) value {
			out := a.stmts(clauses[i].Cond, stdin)
			out.appendValue(a.stmts(clauses[i].Then, stdin))
			return out
		})
	case *syntax.WhileClause:
		a.hasLoops = true
		if symlinkLoop(c) {
			// while [ -h "$SOURCE" ]; do SOURCE=$(readlink "$SOURCE"); done
			// resolves the script's own path through links: the file
			// it names is the same, which is what is read from it.
			return a.stmts(c.Cond, stdin)
		}
		a.cond++
		defer func() { a.cond-- }()
		defer a.dirAfterBranch(a.dir)
		out := a.stmts(c.Cond, stdin)
		out.appendValue(a.stmts(c.Do, stdin))
		return out
	case *syntax.ForClause:
		a.hasLoops = true
		a.cond++
		defer func() { a.cond-- }()
		defer a.dirAfterBranch(a.dir)
		if wi, ok := c.Loop.(*syntax.WordIter); ok && wi.Name != nil {
			var all value
			var words []string
			for _, f := range a.fields(wi.Items) {
				all.appendValue(f)
				words = append(words, f.String())
			}
			name := wi.Name.Value
			line := int(wi.Name.Pos().Line())
			v := all.opaque(name, line)
			switch {
			case all.known() && len(wi.Items) == 1:
				v = all
			case all.known() && !all.hasCreds():
				v = oneOf(name, line, words)
			}
			a.setVar(name, v, false)
		}
		return a.stmts(c.Do, stdin)
	case *syntax.CaseClause:
		var w value
		if c.Word != nil {
			w = a.word(c.Word)
		}
		if items, ok := a.caseItems(c, w); ok {
			// The word is known: only the branch bash takes runs.
			var out value
			for _, item := range items {
				out.appendValue(a.stmts(item.Stmts, stdin))
			}
			return out
		}
		defer a.dirAfterBranch(a.dir)
		return a.readArms(len(c.Items), func(i int) value { return a.stmts(c.Items[i].Stmts, stdin) })
	case *syntax.FuncDecl:
		if c.Name != nil && c.Body != nil {
			a.funcs[c.Name.Value] = c
			if a.src != a.script {
				// Defined in an `sh -c` script: its nodes point there.
				if a.funcSrc == nil {
					a.funcSrc = map[*syntax.FuncDecl]string{}
				}
				a.funcSrc[c] = a.src
			}
		}
		return value{}
	case *syntax.DeclClause:
		a.decl(c)
		return value{}
	case *syntax.TimeClause:
		return a.stmt(c.Stmt, stdin)
	case *syntax.CoprocClause:
		return a.stmt(c.Stmt, stdin)
	case *syntax.TestClause, *syntax.ArithmCmd, *syntax.LetClause, *syntax.TestDecl:
		// Existence checks and arithmetic use no credential.
		return value{}
	}
	return value{}
}

// noSlash hides "/" from path.Match, whose * does not match it as a case
// pattern's does.
var noSlash = strings.NewReplacer("/", "\x01")

// caseItems returns the items of a case statement that run when its word
// is known (a script's argument, a literal): the first item with a
// matching pattern and those it falls through to. ok is false when the
// word or a pattern before the match is not known, or a pattern is not a
// plain glob: then any branch may run.
func (a *analyzer) caseItems(c *syntax.CaseClause, w value) ([]*syntax.CaseItem, bool) {
	if !w.known() || len(w.parts) == 0 {
		return nil, false
	}
	// A case pattern's * matches / too, which path.Match's does not.
	word := noSlash.Replace(w.String())
	for i, item := range c.Items {
		matched := false
		for _, pw := range item.Patterns {
			p := a.word(pw)
			if !p.known() {
				return nil, false
			}
			ok, err := path.Match(noSlash.Replace(p.String()), word)
			if err != nil || strings.ContainsAny(p.String(), "()|@!+") {
				return nil, false
			}
			if ok {
				matched = true
				break
			}
		}
		if !matched {
			continue
		}
		out := []*syntax.CaseItem{item}
		for j := i; j+1 < len(c.Items) && c.Items[j].Op != syntax.Break; j++ {
			// ;& and ;;& go on to the next branch.
			out = append(out, c.Items[j+1])
		}
		return out, true
	}
	return nil, true
}

// dirAfterBranch makes the working directory unknown when a conditional
// or a loop changed it: whether the cd ran is not known.
func (a *analyzer) dirAfterBranch(before string) {
	if a.dir != before {
		a.dirKnown = false
	}
}

// decl handles export/local/declare/typeset/readonly.
func (a *analyzer) decl(c *syntax.DeclClause) {
	export := c.Variant != nil && c.Variant.Value == "export"
	for _, as := range c.Args {
		if as.Naked && as.Name == nil && as.Value != nil {
			flag := a.word(as.Value).String()
			if strings.HasPrefix(flag, "-") && strings.Contains(flag, "x") {
				export = true
			}
			continue
		}
		if as.Name == nil {
			continue
		}
		name := as.Name.Value
		if as.Naked {
			if v, ok := a.vars[name]; ok {
				if export {
					v.exported = true
				}
			} else if export {
				a.vars[name] = &variable{val: value{parts: []part{{text: "{" + name + "}", ref: name}}}, exported: true}
			}
			continue
		}
		a.assign(as, export)
	}
}

// assign performs one assignment to the shell state.
func (a *analyzer) assign(as *syntax.Assign, export bool) {
	if as == nil || as.Name == nil {
		return
	}
	name := as.Name.Value
	a.noteAssign(name)
	prev := a.vars[name]
	if as.Array != nil {
		var elems []value
		for _, e := range as.Array.Elems {
			if e.Value != nil {
				elems = append(elems, a.fields([]*syntax.Word{e.Value})...)
			}
		}
		if as.Append && prev != nil && prev.isArr {
			elems = append(append([]value(nil), prev.arr...), elems...)
		} else if a.cond > 0 && !a.inArm() && prev != nil && prev.isArr {
			elems = append(append([]value(nil), prev.arr...), elems...)
		}
		if len(elems) > maxParts {
			elems = elems[:maxParts]
		}
		v := &variable{arr: elems, isArr: true, exported: export || (prev != nil && prev.exported) || a.allExport}
		a.vars[name] = v
		return
	}
	var val value
	if as.Value != nil {
		val = a.word(as.Value)
	}
	if as.Index != nil && prev != nil && prev.isArr {
		if len(prev.arr) < maxParts {
			prev.arr = append(prev.arr, val)
		}
		return
	}
	if as.Append && prev != nil {
		nv := value{parts: append([]part(nil), prev.val.parts...)}
		nv.appendValue(val)
		val = nv
	}
	a.setVar(name, val, export)
}

// setVar sets a variable, merging with its previous value inside
// conditionals and loops.
func (a *analyzer) setVar(name string, val value, export bool) {
	a.noteAssign(name)
	prev := a.vars[name]
	var alts []value
	if baseKnown(val) && !val.hasCreds() {
		alts = []value{val}
	}
	for _, g := range ghTokenVars() {
		if g == name {
			a.touchedGH = true
		}
	}
	if a.cond > 0 && !a.inArm() && prev != nil && !prev.isArr {
		a.vars[name] = mergedVar(name, prev, val, alts, export, a.allExport)
		return
	}
	a.vars[name] = &variable{val: val, alts: alts, exported: export || (prev != nil && prev.exported) || a.allExport}
}

// mergedVar is a variable that may hold prev's value or val (with its
// alternatives alts): an opaque value with the credentials of both, whose
// alternatives are both's when each has some.
func mergedVar(name string, prev *variable, val value, alts []value, export, allExport bool) *variable {
	alts = addAlt(prev.alts, alts)
	if prev.val.String() != val.String() || !prev.val.known() || !val.known() {
		merged := value{parts: append([]part(nil), prev.val.parts...)}
		merged.appendValue(val)
		val = merged.opaque(name, val.firstLine())
		if words, ok := literalWords(alts); ok && !val.hasCreds() {
			// Every assignment gave it literal text: it is one of those
			// words, as a loop variable over them is.
			val = oneOf(name, val.firstLine(), words)
		}
	}
	return &variable{val: val, alts: alts, exported: export || prev.exported || allExport}
}

// literalWords are the texts of alternatives that are all literal; ok is
// false when one is not, or there are none.
func literalWords(alts []value) ([]string, bool) {
	if len(alts) == 0 {
		return nil, false
	}
	words := make([]string, 0, len(alts))
	for _, v := range alts {
		if !v.known() {
			return nil, false
		}
		words = append(words, v.String())
	}
	return words, true
}

// addAlt adds the one alternative in next to prev's, nil when either
// has none or there would be more than maxAlts.
func addAlt(prev, next []value) []value {
	if prev == nil || next == nil {
		return nil
	}
	for _, p := range prev {
		if p.String() == next[0].String() {
			return prev
		}
	}
	if len(prev) >= maxAlts {
		return nil
	}
	return append(slices.Clone(prev), next[0])
}

// lookup returns a variable's value and whether it is defined.
func (a *analyzer) lookup(name string) (value, bool) {
	if v, ok := a.vars[name]; ok {
		if v.isArr {
			var all value
			for _, e := range v.arr {
				all.appendValue(e)
			}
			return all, true
		}
		return v.val, true
	}
	if idx := placeholderIndex(name); idx >= 0 && idx < len(a.ph) {
		return a.exprValue(idx), true
	}
	if lit, ok := a.known[name]; ok {
		return value{parts: []part{{text: lit, lit: true, ref: name}}}, true
	}
	return value{parts: []part{{text: "{" + name + "}", ref: name}}}, false
}

// exprValue is the symbolic value of placeholder idx.
func (a *analyzer) exprValue(idx int) value {
	expr := a.ph[idx].Expr
	line := a.ph[idx].Line
	creds := a.in.Exprs[expr]
	text, known := a.known[expr]
	if name, ok := strings.CutPrefix(expr, "env."); ok && isName(name) {
		if v, ok := a.vars[name]; ok && !v.isArr {
			creds = union(creds, v.val.creds())
		} else if cs := a.in.Cred[name]; len(cs) > 0 {
			creds = union(creds, cs)
		}
		if !known {
			text, known = a.known[name]
		}
	}
	if known {
		return value{parts: []part{{text: text, lit: len(creds) == 0, ref: expr, creds: uniq(creds), line: line}}}
	}
	return value{parts: []part{{text: "{" + expr + "}", ref: expr, creds: uniq(creds), line: line}}}
}

// envCreds returns the credentials an exported variable (or a prefix
// assignment in overlay) carries, and whether it is set at all.
func (a *analyzer) envVar(name string, overlay map[string]*variable) (value, bool) {
	if v, ok := overlay[name]; ok {
		return v.val, true
	}
	if v, ok := a.vars[name]; ok && (v.exported || a.allExport) && !v.isArr {
		return v.val, true
	}
	return value{}, false
}

// exportedCreds lists the exported variables (and prefix assignments) that
// carry credentials, sorted by name.
func (a *analyzer) exportedCreds(overlay map[string]*variable) []string {
	seen := map[string]bool{}
	var names []string
	for n, v := range overlay {
		if v.val.hasCreds() && !seen[n] {
			seen[n] = true
			names = append(names, n)
		}
	}
	for n, v := range a.vars {
		// Each variable visited counts against MaxNodes, so that scripts
		// with many variables and many commands stay linear.
		if !a.tick() {
			break
		}
		if (v.exported || a.allExport) && !v.isArr && v.val.hasCreds() && !seen[n] {
			seen[n] = true
			names = append(names, n)
		}
	}
	sortStrings(names)
	return names
}

// maxFuncWalks bounds how many argument lists a function is walked with.
const maxFuncWalks = 4

// callFunc walks a function body for a call with the given arguments, once
// per distinct list of arguments, at most maxFuncWalks lists and then once
// with arguments not known.
func (a *analyzer) callFunc(name string, args []value, stdin value) value {
	fd := a.funcs[name]
	if fd == nil || a.depth > maxDepth {
		return value{}
	}
	// A function is walked once for each list of arguments it is called
	// with (their text, with the placeholders of values not known, and
	// their credentials): a call with other arguments may reach another
	// repository. Past maxFuncWalks, one more walk takes every argument
	// as a value not known, which stands for all later calls.
	var sig []string
	for _, x := range args {
		sig = append(sig, x.String()+"\x01"+strings.Join(x.creds(), ","))
	}
	key := name + "\x00" + strings.Join(sig, "\x00")
	if a.funcWalks[key] > 0 {
		return value{}
	}
	if a.funcWalks[name] >= maxFuncWalks {
		key = name + "\x00(any)"
		if a.funcWalks[key] > 0 {
			return value{}
		}
		opaque := make([]value, len(args))
		for i, x := range args {
			opaque[i] = x.opaque(strconv.Itoa(i+1), x.firstLine())
		}
		args = opaque
	}
	a.funcWalks[key]++
	a.funcWalks[name]++
	saved, savedSrc := a.positional, a.src
	a.positional = args
	a.src = a.script
	if src, ok := a.funcSrc[fd]; ok {
		a.src = src
	}
	a.depth++
	out := a.stmt(fd.Body, stdin)
	a.depth--
	a.positional, a.src = saved, savedSrc
	return out
}

// evidence renders a node as one short line with expressions restored and
// tokens redacted.
func (a *analyzer) evidence(n syntax.Node) string {
	var text string
	if start, end := n.Pos().Offset(), n.End().Offset(); start < end && int(end) <= len(a.src) {
		// The command as written, without printing it back.
		text = a.src[start:end]
	} else {
		// Not expected: every walked node comes from a.src.
		var b strings.Builder
		if err := syntax.NewPrinter().Print(&b, n); err != nil {
			return ""
		}
		text = b.String()
	}
	for _, q := range a.qdisp {
		text = strings.ReplaceAll(text, q[0], q[1])
	}
	return redact.String(oneLine(restoreExprs(text, a.ph), 120))
}

// useKey is what makes two uses one: the command instance and credential.
type useKey struct {
	line                          int
	command, cred, evidence, file string
	fileLine                      int
}

// addUse records a use, merging it with an earlier one for the same
// command instance and credential.
func (a *analyzer) addUse(u Use) {
	key := useKey{u.Line, u.Command, u.Credential, u.Evidence, u.File, u.FileLine}
	if old, ok := a.useIndex[key]; ok {
		for _, op := range u.Ops {
			if !hasOp(old.Ops, op) {
				old.Ops = append(old.Ops, op)
			}
		}
		old.TargetRepos = union(old.TargetRepos, u.TargetRepos)
		if old.GitHub == 0 {
			old.GitHub = u.GitHub
		}
		if old.Host == "" {
			old.Host = u.Host
		}
		if len(old.Ops) > 0 && old.GitHub > 0 {
			old.Unresolved = ""
		} else if old.Unresolved == "" && len(old.Ops) == 0 {
			old.Unresolved = u.Unresolved
		}
		return
	}
	if len(u.TargetRepos) > 0 {
		u.TargetRepos = uniq(u.TargetRepos)
	}
	c := u
	a.uses = append(a.uses, &c)
	a.useIndex[key] = &c
}

func hasOp(ops []Op, op Op) bool {
	for _, o := range ops {
		if o.Kind == op.Kind && o.Method == op.Method && o.Path == op.Path && o.Name == op.Name && o.Repo == op.Repo &&
			strings.Join(o.Fields, ",") == strings.Join(op.Fields, ",") {
			return true
		}
	}
	return false
}

func isName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '_' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || i > 0 && c >= '0' && c <= '9' {
			continue
		}
		return false
	}
	return true
}

// stored lists the credentials left in tool configuration.
func (a *analyzer) stored() []Stored {
	var out []Stored
	add := func(st Stored) {
		st.Credentials = uniq(st.Credentials)
		if len(st.Credentials) == 0 && st.Tool != "git-remote" {
			// A remote is kept without a credential too: a later
			// step's push to it goes where it points.
			return
		}
		for i := range out {
			o := &out[i]
			if o.Tool == st.Tool && o.Host == st.Host && o.Name == st.Name && o.URL == st.URL {
				o.Credentials = union(o.Credentials, st.Credentials)
				return
			}
		}
		out = append(out, st)
	}
	for _, list := range [][]gitCred{a.gitRewrites, a.gitHeaders, a.gitStore} {
		for _, gc := range list {
			add(Stored{Tool: "git", Host: gc.host, Credentials: gc.creds})
		}
	}
	for _, nc := range a.netrc {
		add(Stored{Tool: "netrc", Host: nc.host, Credentials: nc.creds})
	}
	add(Stored{Tool: "gh-git", Host: "github.com", Credentials: a.ghGitCreds})
	for _, name := range sortedKeys(a.remotes) {
		v := a.remotes[name]
		if v.hasCreds() || v.known() && a.gitURLRepo(v) != "" {
			add(Stored{Tool: "git-remote", Name: name, Host: a.parseURL(v).host,
				URL: redact.String(restoreExprs(v.String(), a.ph)), Credentials: v.creds()})
		}
	}
	if len(a.clonedCreds) > 0 {
		add(Stored{Tool: "git-clone", Host: "github.com", Name: a.clonedRepo, Credentials: a.clonedCreds, Dirs: slices.Sorted(maps.Keys(a.cloneDirs))})
	}
	add(Stored{Tool: "gh", Host: "github.com", Credentials: a.ghLogin})
	for _, h := range sortedKeys(a.dockerLogins) {
		add(Stored{Tool: "docker", Host: h, Credentials: a.dockerLogins[h]})
	}
	for _, na := range a.npmAuth {
		add(Stored{Tool: "npm", Host: na.host, Credentials: na.creds})
	}
	sort.SliceStable(out, func(i, j int) bool {
		x, y := out[i], out[j]
		if x.Tool != y.Tool {
			return x.Tool < y.Tool
		}
		if x.Host != y.Host {
			return x.Host < y.Host
		}
		return x.Name < y.Name
	})
	return out
}

// credTemplate is the value of a variable whose env: value is text around
// expressions: the text as it is, each expression a part that carries the
// variable's credentials when it names a secret or an input, env or step
// output that may hold one, else an unknown part.
func credTemplate(raw string, creds []string) value {
	var v value
	last := 0
	for _, sp := range expression.Find(raw) {
		if sp.Start > last {
			v.parts = append(v.parts, part{text: raw[last:sp.Start]})
		}
		body := strings.TrimSpace(sp.Body)
		p := part{text: "{" + body + "}"}
		if b := strings.ToLower(body); strings.Contains(b, "secrets.") || strings.Contains(b, "inputs.") || strings.Contains(b, "env.") || strings.Contains(b, "steps.") || strings.Contains(b, "token") {
			p.creds = creds
		}
		v.parts = append(v.parts, p)
		last = sp.End
	}
	if last < len(raw) {
		v.parts = append(v.parts, part{text: raw[last:]})
	}
	return v
}
