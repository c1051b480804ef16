package shellops

import (
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/pat2app/pat2app/knowledge"
)

// A push needs the workflows permission as well as contents when what it
// pushes changes files under .github/workflows. A script shows that when it
// pushes those files by name, but also when the commits it pushes hold
// changes it did not write itself: another branch merged, rebased on or
// cherry-picked, a patch applied, files a generator regenerated, a branch
// moved to another branch's commits. The analyzer notes the first such
// reason (for the later steps of the job too) and every push after it
// carries it.

// noteTreeWorkflows records, once, why what is pushed from now on may
// change .github/workflows; line is a file line.
func (a *analyzer) noteTreeWorkflows(line int, why string) {
	if a.integrated != (remoteBranch{}) {
		// This reason holds for any push, the integration's not.
		a.treeWorkflows, a.integrated = "", remoteBranch{}
	}
	if a.treeWorkflows == "" {
		a.treeWorkflows = "line " + strconv.Itoa(line) + ": " + why
	}
}

// noteIntegration records, as noteTreeWorkflows does, commits brought in
// from branch of remote: they change .github/workflows for a push
// anywhere but back to that branch, which has them already.
func (a *analyzer) noteIntegration(line int, why, remote, branch string) {
	switch {
	case a.treeWorkflows == "":
		a.treeWorkflows = "line " + strconv.Itoa(line) + ": " + why
		if remote != "" && branch != "" {
			a.integrated = remoteBranch{remote, branch}
		}
	case a.integrated != (remoteBranch{}) && a.integrated != (remoteBranch{remote, branch}):
		a.integrated = remoteBranch{} // two branches: a push to either brings the other's
	}
}

// setBranch records the branch checked out; a push of the branch before
// it no longer says where gh pr create finds the new one.
func (a *analyzer) setBranch(b string) {
	if b != a.branch {
		a.upstreamPushed = ""
	}
	a.branch = b
}

// remoteBranch is a branch of a remote: origin and main.
type remoteBranch struct {
	remote, branch string
}

// RunRefName is the branch a checkout of the run's own ref is on, as
// Head.Branch: a script names it $GITHUB_REF_NAME or
// ${{ github.ref_name }} (runRefSpellings).
const RunRefName = "{github.ref_name}"

// runRefSpellings are the ways a script writes the run's ref name.
var runRefSpellings = map[string]bool{RunRefName: true, "{GITHUB_REF_NAME}": true, "{env.GITHUB_REF_NAME}": true}

// sameBranch reports whether a branch a command names is the one checked
// out, written the same way or both the run's ref name.
func sameBranch(named, checkedOut string) bool {
	return named == checkedOut || runRefSpellings[named] && runRefSpellings[checkedOut]
}

// pushTarget is the remote branch a push with these positional arguments
// updates, when it names one branch; the zero value otherwise.
func pushTarget(pos []value) remoteBranch {
	// A workflow expression has one value for the whole job (the
	// branch a pull named as ${{ env.branch }} is the one pushed so).
	if len(pos) != 2 || !pos[0].known() || !pos[1].known() && !namedByExpression(pos[1]) {
		return remoteBranch{}
	}
	ref := strings.TrimPrefix(pos[1].String(), "+")
	if _, dst, ok := strings.Cut(ref, ":"); ok {
		ref = dst
	}
	if ref == "" || strings.HasPrefix(ref, "refs/tags/") || strings.EqualFold(ref, "HEAD") {
		return remoteBranch{}
	}
	return remoteBranch{pos[0].String(), strings.TrimPrefix(ref, "refs/heads/")}
}

// underWorkflows reports a path under .github/workflows, or .github itself
// (a copy into .github/ may write workflows).
func underWorkflows(p string) bool {
	p = strings.Trim(strings.TrimSpace(p), `"'`)
	p = strings.TrimPrefix(p, "./")
	return strings.Contains(p, workflowsDir) || p == ".github" || p == ".github/" || strings.HasSuffix(p, "/.github") || strings.HasSuffix(p, "/.github/")
}

// hookConfigSubcommands are the subcommands of pre-commit and prek (which
// takes pre-commit's) that write only the hook configuration or git's
// hooks, never the files the hooks match (pre-commit.com: autoupdate
// updates the revs of .pre-commit-config.yaml, migrate-config rewrites
// it, install and install-hooks set up git hooks and environments).
var hookConfigSubcommands = map[string]bool{
	"autoupdate": true, "migrate-config": true, "validate-config": true, "validate-manifest": true,
	"sample-config": true, "install": true, "install-hooks": true, "uninstall": true, "clean": true, "gc": true,
}

// configOnly reports a workflow writer run with a subcommand that writes
// only its own configuration (hookConfigSubcommands for pre-commit and
// prek): the first word of args that is no option.
func configOnly(tool string, args []value) bool {
	if tool != "pre-commit" && tool != "prek" {
		return false
	}
	for _, a := range args {
		if s := a.String(); !strings.HasPrefix(s, "-") {
			return a.known() && hookConfigSubcommands[s]
		}
	}
	return false
}

// namesFilesOutsideGitHub reports a command given the files to work on
// with --files (pre-commit run HOOK --files CHANGELOG.md), none of them
// under .github: it rewrites those files only.
func namesFilesOutsideGitHub(args []value) bool {
	for i, x := range args {
		if x.String() != "--files" {
			continue
		}
		n := 0
		for _, f := range args[i+1:] {
			s := f.String()
			if strings.HasPrefix(s, "-") {
				break
			}
			if !f.known() || strings.Contains(s, ".github") {
				return false
			}
			n++
		}
		return n > 0
	}
	return false
}

// installVerbs are the subcommands of package managers that install or
// remove packages: the package words after them are not run.
var installVerbs = map[string]bool{"install": true, "i": true, "add": true, "upgrade": true, "update": true, "uninstall": true, "remove": true, "tap": true}

// readOnlyCommands only read the files they name.
var readOnlyCommands = map[string]bool{
	"cat": true, "ls": true, "grep": true, "egrep": true, "rg": true, "head": true, "tail": true,
	"wc": true, "diff": true, "cmp": true, "test": true, "[": true, "[[": true, "echo": true, "printf": true,
	"stat": true, "file": true, "jq": true, "actionlint": true, "zizmor": true, "shellcheck": true,
	"yamllint": true, "sha256sum": true, "md5sum": true, "less": true, "more": true, "realpath": true,
	"dirname": true, "basename": true, "readlink": true,
	// Changing folder writes nothing (what runs there is judged itself).
	"cd": true, "pushd": true, "popd": true,
}

// workflowsWrite notes a command that writes under .github/workflows: a
// workflow generator (knowledge/data/name-words.tsv, writes_workflows), run
// directly or through a package runner, or any command other than a reader
// or git that names a path there.
func (a *analyzer) workflowsWrite(ctx *callCtx, base string, args []value) {
	if a.treeWorkflows != "" {
		return
	}
	// The command itself, or what a package runner (npx, yarn) runs.
	word, n := base, 0
	for i := -1; i < len(args) && n < 3; i++ {
		if i >= 0 {
			if word = args[i].String(); strings.HasPrefix(word, "-") {
				continue
			}
		}
		n++
		if installVerbs[word] {
			break // brew install pre-commit, pip install prek: installs it, runs nothing
		}
		if isWorkflowWriter(baseName(word)) && !namesFilesOutsideGitHub(args) && !configOnly(baseName(word), args[i+1:]) {
			a.noteTreeWorkflows(ctx.line, oneLine(a.evidenceOf(ctx), 80)+" regenerates files, .github/workflows included")
			return
		}
	}
	if base == "prettier" && formatsWorkflows(args) && !a.prettierIgnoresWorkflows(args) {
		a.noteTreeWorkflows(ctx.line, oneLine(a.evidenceOf(ctx), 80)+" rewrites the YAML files it is given, .github/workflows included")
		return
	}
	if why := emptiesWorkTree(base, args); why != "" {
		a.noteTreeWorkflows(ctx.line, oneLine(a.evidenceOf(ctx), 80)+" "+why)
		return
	}
	if readOnlyCommands[base] || base == "git" {
		return
	}
	if (base == "source" || base == ".") && len(args) > 0 {
		args = args[1:] // source .github/workflows/common.sh: read, not written
	}
	if knowledge.IsInterpreter(base) {
		// python3 .github/workflows/scripts/x.py: the program it runs,
		// not a file it writes (unless -c or -e gives the program).
		for i, x := range args {
			s := x.String()
			if s == "-c" || s == "-e" || s == "--eval" {
				break
			}
			if !strings.HasPrefix(s, "-") {
				args = append(append([]value(nil), args[:i]...), args[i+1:]...)
				break
			}
		}
	}
	for _, x := range args {
		if underWorkflows(x.String()) {
			a.noteTreeWorkflows(ctx.line, oneLine(a.evidenceOf(ctx), 80)+" writes under .github")
			return
		}
	}
}

// gitIntegrates notes git commands that bring changes the script did not
// write into the branch: merges, rebases and pulls of a named branch,
// applied patches, cherry-picked commits (their changes are made
// elsewhere and copied into new commits), and paths under
// .github/workflows checked out from another commit.
func (a *analyzer) gitIntegrates(ctx *callCtx, sub string, args []value) {
	var pos []string
	dashdash := false
	var paths []string
	for _, x := range args {
		s := x.String()
		switch {
		case s == "--":
			dashdash = true
		case dashdash:
			paths = append(paths, s)
		case strings.HasPrefix(s, "-"):
			switch s {
			case "--abort", "--continue", "--skip", "--quit", "--check", "--stat", "--numstat", "--summary":
				return // finishes or inspects, brings nothing new
			}
		default:
			pos = append(pos, s)
		}
	}
	ev := oneLine(a.evidenceOf(ctx), 80)
	switch sub {
	case "merge", "rebase":
		if len(pos) > 0 {
			// origin/main: the remote's branch.
			remote, branch, _ := strings.Cut(pos[len(pos)-1], "/")
			if len(pos) > 1 || remote != "origin" {
				remote, branch = "", ""
			}
			a.noteIntegration(ctx.line, ev+" brings in commits whose .github/workflows may differ", remote, branch)
		}
	case "pull":
		if len(pos) > 1 {
			remote, branch := "", ""
			if len(pos) == 2 && !strings.Contains(pos[1], ":") {
				remote, branch = pos[0], strings.TrimPrefix(pos[1], "refs/heads/")
			}
			if remote == "origin" && branch != "" && sameBranch(branch, a.branch) {
				// The branch checked out, from where it came: its
				// commits are on the remote already, and pushing them
				// back changes nothing there.
				return
			}
			a.noteIntegration(ctx.line, ev+" merges a named branch, whose .github/workflows may differ", remote, branch)
		}
	case "am", "apply":
		fresh := a.treeWorkflows == ""
		a.noteTreeWorkflows(ctx.line, ev+" applies a patch whose files are not known")
		if fresh && sub == "apply" && !hasFlag(args, "--index", "--cached", "-3", "--3way") {
			// The patch changes the working tree only: what a commit
			// takes of it is what is staged.
			a.worktreeOnly, a.staged, a.stagedAll = true, nil, false
		}
	case "cherry-pick":
		if len(pos) > 0 && !slices.ContainsFunc(pos, func(p string) bool { return !a.headTags[refBase(p)] }) {
			// Commits the script made and tagged itself (git tag _old;
			// git reset --hard HEAD~2; git cherry-pick _old _old~1): its
			// own changes, which it is read for already.
			return
		}
		if len(pos) > 0 {
			a.noteTreeWorkflows(ctx.line, ev+" copies commits whose changes, .github/workflows included, are made elsewhere")
		}
	case "checkout", "restore", "reset", "switch":
		if (sub == "checkout" || sub == "switch") && len(pos) >= 1 && len(paths) == 0 {
			creates := hasFlag(args, "-b", "-B", "-c", "-C")
			orphan := hasFlag(args, "--orphan")
			switch {
			case creates || orphan:
				a.setBranch(pos[0]) // the branch it creates is checked out
				a.created, a.createdDir = pos[0], a.knownCwd()
				if orphan {
					a.created = "" // its history starts afresh, with only what the script adds
				}
			case len(pos) == 1:
				a.setBranch(pos[0])
			}
			if creates && len(pos) == 2 && strings.TrimPrefix(pos[1], "+") == "FETCH_HEAD" {
				// git checkout -b local FETCH_HEAD: the branch holds commits
				// fetched from elsewhere.
				a.noteTreeWorkflows(ctx.line, ev+" starts a branch at commits it fetched from another remote, whose .github/workflows may differ")
				return
			}
		}
		to := ""
		switch {
		case sub == "reset" && len(pos) == 1 && len(paths) == 0 && hasFlag(args, "--hard", "--keep", "--merge", "--soft", "--mixed"):
			to = pos[0]
		case sub != "reset" && len(pos) == 2 && len(paths) == 0 && hasFlag(args, "-B", "-C", "--force-create"):
			// git checkout -B name origin/main resets name as well.
			to = pos[1]
		}
		if to != "" && !strings.HasPrefix(to, "HEAD") && !strings.HasPrefix(to, "@") {
			// git reset --hard origin/release: the branch now holds
			// another branch's commits, and a push moves it there.
			remote, branch, _ := strings.Cut(to, "/")
			if remote != "origin" {
				remote, branch = "", ""
			}
			a.noteIntegration(ctx.line, ev+" moves the branch to another commit, whose .github/workflows may differ", remote, branch)
			return
		}
		for _, p := range append(paths, pos...) {
			if underWorkflows(p) {
				a.noteTreeWorkflows(ctx.line, ev+" takes .github/workflows from another commit")
				return
			}
		}
	}
}

// pushWorkflows says why a git push can change .github/workflows ("" when
// nothing shows it can): it names them, an earlier command brought in
// changes (treeWorkflows), it pushes every branch, or a refspec moves one
// branch to another's commits (git push origin main:release).
func (a *analyzer) pushWorkflows(evidence string, pos []value, flags []string) string {
	if strings.Contains(evidence, workflowsDir) {
		return "it pushes files under .github/workflows"
	}
	if a.treeWorkflows != "" && (a.integrated == (remoteBranch{}) || pushTarget(pos) != a.integrated) {
		return a.treeWorkflows
	}
	for _, f := range flags {
		if f == "--all" || f == "--mirror" {
			return "it pushes every branch (" + f + "), whose .github/workflows may differ from the remote's"
		}
	}
	if why := a.forceTagWorkflows(pos, flags); why != "" {
		return why
	}
	if why := a.forcePushWorkflows(pos, flags); why != "" {
		return why
	}
	for _, p := range pos[min(1, len(pos)):] {
		src, dst, ok := strings.Cut(strings.TrimPrefix(p.String(), "+"), ":")
		if src == "FETCH_HEAD" {
			// git fetch gerrit master; git push trybot FETCH_HEAD:master:
			// commits made elsewhere, whatever the destination's name.
			return "it pushes commits it fetched from another remote (FETCH_HEAD), whose .github/workflows may differ from the destination's"
		}
		if !ok || src == "" || dst == "" || !p.known() {
			continue
		}
		if strings.HasPrefix(dst, "refs/tags/") || strings.EqualFold(src, "HEAD") || src == "@" {
			continue
		}
		if branchName(src) != branchName(dst) {
			return "it moves " + branchName(dst) + " to " + src + ", whose .github/workflows may differ"
		}
	}
	return ""
}

// forcePushWorkflows says why a forced push to origin of a branch the
// script made in this repository's own work tree can change
// .github/workflows ("" when it cannot): the branch, made again from the
// commit checked out (git checkout -B automation/bump), replaces the remote branch's history, and
// since that was pushed the base may have changed its workflows, which
// GitHub refuses to take without the workflows permission (the rule the
// data gives create-pull-request's fixed branch). A push of the current
// branch without a name, of tags, of an orphan branch (its tree is only
// what the script adds) or from another repository's clone is left out.
func (a *analyzer) forcePushWorkflows(pos []value, flags []string) string {
	if len(pos) < 2 || a.created == "" || pos[0].String() != "origin" {
		return ""
	}
	if _, foreign := a.foreignCheckout(); foreign {
		// Another repository's clone: the branch counts when it was made
		// in that clone, from the commit its checkout gave.
		if cwd := a.knownCwd(); a.createdDir == "" || cwd != a.createdDir {
			return ""
		}
	} else if !a.in.OwnCheckout {
		return ""
	}
	force := slices.ContainsFunc(flags, isForceFlag)
	for _, p := range pos[1:] {
		ref, plus := strings.CutPrefix(p.String(), "+")
		if !force && !plus {
			continue
		}
		src, dst, ok := strings.Cut(ref, ":")
		if !ok {
			dst = src
		}
		if dst == "" || strings.HasPrefix(dst, "refs/tags/") || a.tags[dst] || strings.EqualFold(dst, "HEAD") {
			continue
		}
		if branchName(dst) != a.created && branchName(src) != a.created {
			continue // not the branch made here
		}
		return "it force-pushes " + branchName(dst) + ", replacing the remote branch's history with one made from the checked-out commit, whose .github/workflows may have changed since that branch was pushed"
	}
	return ""
}

// forceTagWorkflows says why a forced push of tags can change
// .github/workflows ("" when it cannot): it moves a tag that exists (a
// major version's v4, git tag -f v4 TARGET) to another commit, and GitHub
// refuses a ref update whose tree differs from the ref's old one in
// .github/workflows without the workflows permission, tags included.
func (a *analyzer) forceTagWorkflows(pos []value, flags []string) string {
	force := slices.ContainsFunc(flags, isForceFlag)
	tags := slices.Contains(flags, "--tags") || pushesTagsOnly(pos, flags, a.tags)
	for _, p := range pos[min(1, len(pos)):] {
		ref, plus := strings.CutPrefix(p.String(), "+")
		_, dst, ok := strings.Cut(ref, ":")
		if !ok {
			dst = ref
		}
		if plus && (strings.HasPrefix(dst, "refs/tags/") || a.tags[dst]) {
			force, tags = true, true
		}
	}
	if !force || !tags {
		return ""
	}
	return "it force-pushes tags, moving a tag to another commit, whose .github/workflows may differ from those of the commit it pointed to"
}

// isForceFlag reports whether a git push flag forces the update.
func isForceFlag(f string) bool {
	return f == "-f" || f == "--force" || strings.HasPrefix(f, "--force-with-lease") || f == "--force-if-includes"
}

// branchName drops refs/heads/ and a remote's prefix from a ref.
func branchName(ref string) string {
	r := strings.TrimPrefix(ref, "refs/heads/")
	r = strings.TrimPrefix(r, "refs/remotes/")
	if rest, ok := strings.CutPrefix(r, "origin/"); ok {
		r = rest
	}
	return r
}

// formatsWorkflows reports a prettier command line that rewrites files
// (--write, -w) among which .github/workflows can be: the folder ".", a
// path under .github, or a ** pattern that does not leave YAML out
// (prettier.io/docs/cli: it formats YAML, and files it is given in place
// with --write; prettierIgnoresWorkflows reads the ignore files that may
// leave them out).
func formatsWorkflows(args []value) bool {
	write := false
	var paths []string
	for _, x := range args {
		switch s := x.String(); {
		case s == "--write" || s == "-w":
			write = true
		case strings.HasPrefix(s, "-"):
		default:
			paths = append(paths, s)
		}
	}
	if !write {
		return false
	}
	for _, p := range paths {
		p = strings.Trim(p, `"'`)
		switch {
		case p == "." || p == "./" || strings.Contains(p, ".github"):
			return true
		case strings.HasPrefix(p, "**"):
			// **/*.{js,ts} names its extensions; **/*, **/*.* and
			// **/*.yml do not leave YAML out.
			if globMatchesYAML(p[strings.LastIndex(p, "/")+1:]) {
				return true
			}
		}
	}
	return false
}

// globMatchesYAML reports whether the last part of a glob matches a
// workflow file's name (ci.yml, ci.yaml), with its {a,b} alternatives
// written out.
func globMatchesYAML(last string) bool {
	alts := []string{last}
	if i := strings.IndexByte(last, '{'); i >= 0 {
		if j := strings.IndexByte(last[i:], '}'); j > 0 {
			alts = nil
			for _, alt := range strings.Split(last[i+1:i+j], ",") {
				alts = append(alts, last[:i]+alt+last[i+j+1:])
			}
		}
	}
	for _, g := range alts {
		for _, name := range []string{"ci.yml", "ci.yaml"} {
			if ok, err := path.Match(g, name); err == nil && ok {
				return true
			}
		}
	}
	return false
}

// prettierIgnoresWorkflows reports a prettier run whose ignore files,
// read from the repository, leave .github out: .prettierignore and
// .gitignore in the folder it runs in (prettier 3's defaults), or the
// files --ignore-path names. An ignore file that cannot be read, or a
// negation that could bring .github back, ignores nothing here.
func (a *analyzer) prettierIgnoresWorkflows(args []value) bool {
	fr, ok := a.in.Follow.(FileReader)
	if !ok || !a.dirKnown {
		return false
	}
	files := []string{".prettierignore", ".gitignore"}
	var named []string
	for i, x := range args {
		s := x.String()
		switch {
		case s == "--ignore-path" && i+1 < len(args):
			named = append(named, args[i+1].String())
		case strings.HasPrefix(s, "--ignore-path="):
			named = append(named, strings.TrimPrefix(s, "--ignore-path="))
		}
	}
	if len(named) > 0 {
		files = named
	}
	for _, name := range files {
		if strings.ContainsAny(name, "{}$") || strings.Contains(name, "/") {
			return false
		}
		data, ok := fr.RepoFile(a.dir, a.in.RepoRoot, name)
		if ok && ignoresGitHubFolder(string(data)) {
			return true
		}
	}
	return false
}

// ignoresGitHubFolder reports ignore-file text (gitignore syntax) that
// leaves out the .github folder or its workflows, with no negation after
// it that mentions .github or YAML.
func ignoresGitHubFolder(text string) bool {
	ignored := false
	for _, ln := range strings.Split(text, "\n") {
		ln = strings.TrimSpace(ln)
		if strings.HasPrefix(ln, "!") {
			if strings.Contains(ln, ".github") || strings.Contains(ln, "yml") || strings.Contains(ln, "yaml") || strings.Contains(ln, "*") {
				return false
			}
			continue
		}
		switch strings.TrimSuffix(strings.TrimPrefix(ln, "/"), "/") {
		case ".github", ".github/*", ".github/**", ".github/workflows", ".github/workflows/*", ".github/workflows/**":
			ignored = true
		}
	}
	return ignored
}

// workflowWriters are the commands that regenerate workflow files
// (knowledge/data/name-words.tsv, writes_workflows).
var workflowWriters = sync.OnceValue(func() []string { return knowledge.WordsMeaning(knowledge.WordWritesWorkflows) })

// isWorkflowWriter reports whether a command's name is one of
// workflowWriters.
func isWorkflowWriter(name string) bool {
	for _, w := range workflowWriters() {
		if name == w {
			return true
		}
	}
	return false
}

// WorkflowWriterAction names the workflow writer (workflowWriters) an
// action runs, known by the action's name: its repository's name with an
// "action" word taken off (j178/prek-action, suzuki-shunsuke/pinact-action),
// or its owner's when the repository is named action (pre-commit/action).
// It is "" for any other action, and for local and docker actions.
func WorkflowWriterAction(uses string) string {
	ref, _, _ := strings.Cut(strings.ToLower(uses), "@")
	if strings.HasPrefix(ref, "./") || strings.HasPrefix(ref, "docker://") {
		return ""
	}
	owner, rest, ok := strings.Cut(ref, "/")
	if !ok {
		return ""
	}
	repo, _, _ := strings.Cut(rest, "/")
	if repo == "action" || repo == "actions" {
		repo = owner
	}
	repo = strings.TrimPrefix(strings.TrimSuffix(repo, "-action"), "action-")
	if isWorkflowWriter(repo) {
		return repo
	}
	return ""
}

// gitIntegrating are the git subcommands gitIntegrates reads.
var gitIntegrating = []string{"merge", "rebase", "pull", "am", "apply", "cherry-pick", "checkout", "restore", "reset"}

// MayChangeWorkflows reports whether a script names something that can
// bring .github/workflows changes into the tree a later step pushes, so
// that a script with no credential is still read for it: a path under
// .github, a git command that brings in other commits, or a workflow
// generator (knowledge/data/name-words.tsv, writes_workflows).
func MayChangeWorkflows(script string) bool {
	if strings.Contains(script, ".github") {
		return true
	}
	for rest := script; ; {
		i := strings.Index(rest, "git ")
		if i < 0 {
			break
		}
		rest = rest[i+4:]
		sub, _, _ := strings.Cut(strings.TrimLeft(rest, " "), " ")
		for _, g := range gitIntegrating {
			if strings.TrimRight(sub, ";\n") == g {
				return true
			}
		}
	}
	for _, w := range workflowWriters() {
		if mentions(script, w) {
			return true
		}
	}
	return false
}

// toolPush reports the push a tool makes with the repository's git
// credentials (knowledge/data/tools.tsv pushes_with_git_credentials): the
// credential of origin's URL, of a clone, of git configuration or a
// credential store, or what actions/checkout persisted.
func (a *analyzer) toolPush(ctx *callCtx, t knowledge.ToolInfo) {
	if !t.PushesWithGit {
		return
	}
	creds, via := a.originCreds()
	if len(creds) == 0 {
		return
	}
	op := Op{Kind: KindGit, Method: "GIT", Path: "push (" + t.Name + ")", Name: "push", Writes: true,
		TouchesWorkflows: a.treeWorkflows != "", WorkflowsBecause: a.treeWorkflows}
	if events, known := knowledge.TriggerEvents(t.Triggers); known && slices.Equal(events, []string{knowledge.EventTag}) {
		// A tool whose row says it pushes tags and nothing else.
		op.TagsOnly = true
	}
	u := Use{Line: ctx.line, Command: t.Name, Via: via, Host: "github.com", GitHub: +1, Evidence: a.evidenceOf(ctx), Ops: []Op{op}}
	if a.clonedRepo != "" && via == "url" {
		u.TargetRepos = []string{a.clonedRepo}
		u.Ops[0].Repo = a.clonedRepo
	}
	for _, c := range creds {
		u.Credential = c
		a.addUse(u)
	}
}

// toolChosenCommands reports, for a tool that runs commands it decides on
// at run time (knowledge/data/tools.tsv runs_chosen_commands: an AI
// coding agent), the git credentials a push to origin here would use
// (what actions/checkout persisted, a remote's URL, git configuration)
// as unresolved uses: a git push among its commands would take them, and
// what it pushes is not known before the run.
func (a *analyzer) toolChosenCommands(ctx *callCtx, t knowledge.ToolInfo) {
	if !t.RunsChosenCommands {
		return
	}
	creds, via := a.originCreds()
	for _, c := range creds {
		// Named as a script, not as the tool: the tool's row says what
		// it does with its own token, not what its commands do with
		// these (.pat2app.yaml scripts: can say so, by the tool's name).
		a.addUse(Use{Credential: c, Line: ctx.line, Script: t.Name, Via: via, Host: "github.com", GitHub: +1, Evidence: a.evidenceOf(ctx),
			Unresolved: t.Name + " runs the commands its model chooses, a git push among them, with the git credentials here (" + via + "); what it pushes is not known before the run"})
	}
}

// originCreds are the credentials a git push to origin on github.com would
// use, and how they reach it: origin's URL, git configuration and
// credential stores, gh's git credential helper, a clone's URL, what
// actions/checkout persisted.
func (a *analyzer) originCreds() ([]string, string) {
	if r, ok := a.remotes["origin"]; ok && r.hasCreds() {
		return r.creds(), "url"
	}
	var creds []string
	for _, list := range [][]gitCred{a.gitHeaders, a.gitRewrites, a.gitStore} {
		for _, gc := range list {
			if gc.host == "" || a.classifyHost(gc.host) > 0 {
				creds = append(creds, gc.creds...)
			}
		}
	}
	switch {
	case len(creds) > 0:
		return uniq(creds), "git-config"
	case len(a.ghGitCreds) > 0:
		return a.ghGitCreds, "stored"
	case len(a.clonedCreds) > 0:
		return a.clonedCreds, "url"
	}
	// What actions/checkout persisted, the workflow's own token included
	// when the checkout was given none.
	creds = a.allPersisted()
	if _, def := a.persistedNow(); def {
		creds = append(creds, DefaultToken)
	}
	if len(creds) > 0 {
		return creds, "persisted"
	}
	return nil, ""
}

// emptiesWorkTree says why a command deletes what a git work tree holds
// but its .git folder, .github included ("" when it does not): find's
// -delete or -exec rm over a folder's entries with .git left out by name
// (find repo -maxdepth 1 -not -name .git -exec rm -rf {} +), or rsync
// --delete with .git excluded (rsync -a --delete --exclude .git out/ repo/).
// Leaving .git out shows the folder is a work tree; nothing leaving
// .github out, the next commit may delete or replace workflow files.
func emptiesWorkTree(base string, args []value) string {
	words := make([]string, len(args))
	for i, x := range args {
		words[i] = strings.Trim(x.String(), `"'`)
	}
	namesGitHub := slices.ContainsFunc(words, func(w string) bool { return strings.Contains(w, ".github") })
	if namesGitHub {
		return ""
	}
	switch base {
	case "find":
		deletes := slices.Contains(words, "-delete")
		keepsGit := false
		for i, w := range words {
			if w == "-exec" && i+1 < len(words) && baseName(words[i+1]) == "rm" {
				deletes = true
			}
			if (w == "-not" || w == "!") && i+2 < len(words) && (words[i+1] == "-name" || words[i+1] == "-path") && strings.TrimPrefix(words[i+2], "./") == ".git" {
				keepsGit = true
			}
		}
		if deletes && keepsGit {
			return "deletes everything in a git work tree but .git, .github/workflows included"
		}
	case "rsync":
		deletes, keepsGit := false, false
		for i, w := range words {
			switch {
			case strings.HasPrefix(w, "--delete"):
				deletes = true
			case w == "-C" || w == "--cvs-exclude":
				keepsGit = true
			case w == "--exclude" && i+1 < len(words):
				keepsGit = keepsGit || strings.Trim(words[i+1], "/") == ".git"
			case strings.HasPrefix(w, "--exclude="):
				keepsGit = keepsGit || strings.Trim(strings.Trim(strings.TrimPrefix(w, "--exclude="), `"'`), "/") == ".git"
			}
		}
		if deletes && keepsGit {
			return "mirrors a folder into a git work tree, deleting what the folder lacks, .github/workflows included"
		}
	}
	return ""
}

// gitAdd records what git add stages after a change to the working tree
// alone (worktreeOnly): literal paths, or everything.
func (a *analyzer) gitAdd(args []value) {
	if !a.worktreeOnly {
		return
	}
	dashdash := false
	for _, x := range args {
		s := x.String()
		switch {
		case s == "--":
			dashdash = true
		case !dashdash && (s == "-A" || s == "--all" || s == "-u" || s == "--update"):
			a.stagedAll = true
		case !dashdash && strings.HasPrefix(s, "-"):
		case !x.known() || s == "." || s == "*" || underWorkflows(s) || strings.HasPrefix(strings.TrimPrefix(s, "./"), ".github"):
			a.stagedAll = true
		default:
			a.staged = append(a.staged, s)
		}
	}
}

// commitTakesStagedOnly clears treeWorkflows when a commit after a change
// to the working tree alone takes only literal paths outside .github (git
// add pnpm-lock.yaml e2e/**/*.snap; git commit): the patch's other files,
// workflows among them, stay out of what is pushed.
func (a *analyzer) commitTakesStagedOnly(args []value) {
	if !a.worktreeOnly {
		return
	}
	all := a.stagedAll || len(a.staged) == 0 || slices.ContainsFunc(args, func(x value) bool {
		s := x.String()
		return s == "-a" || s == "--all" || (len(s) > 2 && s[0] == '-' && s[1] != '-' && strings.Contains(s, "a"))
	})
	if !all {
		a.treeWorkflows, a.integrated = "", remoteBranch{}
	}
	a.worktreeOnly, a.staged, a.stagedAll = false, nil, false
}

// refBase is a revision's ref without the ~N and ^N that walk back from
// it (_old~1 is _old's parent).
func refBase(rev string) string {
	if i := strings.IndexAny(rev, "~^"); i >= 0 {
		return rev[:i]
	}
	return rev
}
