package scanner

import (
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/pat2app/pat2app/expression"
	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/knowledge"
	"github.com/pat2app/pat2app/scanner/shellops"
)

// checkoutAction reads actions/checkout: the repository it checks out, and
// the credential it persists in the git configuration for the git commands
// and actions of the later steps.
type checkoutAction struct{ baseHandler }

func (checkoutAction) handles(s *actionStep) bool { return s.name == "actions/checkout" }

// begin notes where the step checks out which repository, for the
// scripts later steps run.
func (checkoutAction) begin(js *jobState, s *actionStep) {
	js.noteCheckout(s.lit("repository"), s.lit("path"))
	js.recordCheckout(s)
	if isOwnRepoValue(strings.TrimSpace(s.lit("repository")), js.a.self) {
		js.head.Branch = checkedOutBranch(s.lit("ref"))
	}
}

// checkedOutBranch is the branch a checkout's ref: names, as a script's
// reading writes it (a literal name, or {EXPR} for one expression: a
// later git pull origin ${{ EXPR }} pulls the branch checked out), or
// shellops.RunRefName when the ref is not given (the run's ref); "" when
// it is a tag, a commit or refs/ path other than a branch's, or is built
// otherwise.
func checkedOutBranch(ref string) string {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		// The run's own ref: on a push, its branch, which a script
		// names as $GITHUB_REF_NAME or ${{ github.ref_name }}.
		return shellops.RunRefName
	}
	if sp, ok := expression.Sole(ref); ok {
		return "{" + strings.TrimSpace(sp.Body) + "}"
	}
	if strings.Contains(ref, "${{") {
		return ""
	}
	if b, ok := strings.CutPrefix(ref, "refs/heads/"); ok {
		return b
	}
	if strings.HasPrefix(ref, "refs/") || ref == "" || commitID.MatchString(ref) {
		return ""
	}
	return ref
}

// commitID is a commit's full or abbreviated hexadecimal name.
var commitID = regexp.MustCompile(`^[0-9a-fA-F]{7,40}$`)

// end notes, for a checkout given no token or ssh-key that persists its
// credentials, that later git commands in its folder use the workflow's
// token (github.token): a push there needs contents: write from the
// job's permissions block. A checkout given an ssh-key makes its folder a
// repository whose remote is reached over SSH with that key: no token an
// earlier checkout persisted in an enclosing folder is used there.
func (checkoutAction) end(js *jobState, s *actionStep) {
	if hasInput(s.ex, "ssh-key") && !hasInput(s.ex, "token") {
		if dir := checkoutDir(s.lit("path")); dir != "" && dir != "." {
			js.persist(dir, "")
		}
		return
	}
	if hasInput(s.ex, "token") || strings.ToLower(s.lit("persist-credentials")) == "false" {
		return
	}
	js.persist(checkoutDir(s.lit("path")), "")
	js.persistedDefault = true
}

// input reads ssh-key, a deploy key rather than a token.
func (checkoutAction) input(js *jobState, s *actionStep, b *builder, input string, line int) bool {
	if input != "ssh-key" {
		return false
	}
	// A deploy key authenticates git over SSH; it is no API token.
	b.signal(-1, true, "actions/checkout ssh-key (an SSH deploy key)")
	b.unresolved(line, s.name+" "+input, "an SSH deploy key, not a token; an App token given as `token:` can replace it", inventory.Subject{Action: s.name, Input: input})
	return true
}

func (checkoutAction) tokenOp(js *jobState, s *actionStep, b *builder, op *inventory.Operation) bool {
	if repos, ok := js.pairedMatrixValues(s, "repository", b.f.Credential); ok {
		// Each matrix entry checks its repository out with its own
		// secret: this secret's are those of the entries naming it.
		op.Repos = repos
	} else if r := js.expandKnown(s.lit("repository")); r != "" {
		if strings.Contains(r, "${{") {
			// The pull request's head repository is this one or a
			// fork of it: its operations are planned as this
			// repository's, and the job's pushes say what a fork
			// needs (forkhead.go).
			if !strings.Contains(r, "github.repository") && !isHeadRepoValue(r) {
				b.unresolved(op.Evidence.Line, "actions/checkout repository: "+oneLine(r, 80), "repository chosen at run time", op.Subject)
			}
		} else {
			op.Repos = []string{r}
		}
	}
	js.submodulesOp(s, b, op)
	if strings.ToLower(s.lit("persist-credentials")) != "false" {
		// Every credential of this checkout's token (a fallback names
		// several) is what later git commands use; an earlier checkout's
		// are replaced.
		js.persist(checkoutDir(s.lit("path")), b.f.Credential)
		repo := ""
		if len(op.Repos) == 1 && !isOwnRepoValue(op.Repos[0], js.a.self) {
			repo = op.Repos[0]
		}
		js.notePersistedRepo(b.f.Credential, repo)
	}
	return false
}

// keepElsewhere moves what the last checkout persisted to
// persistedElsewhere when the next one checks out into another folder
// (a folder named at run time may be any), and forgets what was
// persisted in that folder before.
func (js *jobState) keepElsewhere(dir string) {
	kept := js.persistedElsewhere[:0:0]
	for _, f := range js.persistedElsewhere {
		if f.Dir != dir || dir == "" {
			kept = append(kept, f)
		}
	}
	if (len(js.persisted) > 0 || js.persistedDefault) && (js.persistedDir != dir || dir == "") {
		kept = append(kept, shellops.PersistedFolder{Dir: js.persistedDir, Credentials: slices.Clone(js.persisted), Default: js.persistedDefault})
	}
	js.persistedElsewhere = kept
}

// allPersisted lists the credentials checkouts persisted in any folder.
func (js *jobState) allPersisted() []string {
	all := slices.Clone(js.persisted)
	for _, f := range js.persistedElsewhere {
		for _, c := range f.Credentials {
			all = appendUnique(all, c)
		}
	}
	return all
}

// actionFolder is the folder of the workspace an action works in, from
// the input data/worktree-actions.tsv names for it (its default, the
// workspace, when the step does not give it); ok is false when the table
// names none or the value is chosen at run time.
func (js *jobState) actionFolder(s *actionStep) (string, bool) {
	in := knowledge.WorktreeDirInput(s.name)
	if in == "" {
		return "", false
	}
	if !hasInput(s.ex, in) {
		return ".", true
	}
	dir := checkoutDir(s.lit(in))
	return dir, dir != ""
}

// persistedIn lists the credentials persisted in the git configuration
// git reads in dir (shellops.PersistedIn).
func (js *jobState) persistedIn(dir string) []string {
	creds, _ := js.persistedInWithDefault(dir)
	return creds
}

// persistedInWithDefault is persistedIn, and whether the workflow's own
// token is persisted there (a checkout given no token). A checkout that
// persisted nothing (persist-credentials: false) is a folder of its own
// too: git there reads its configuration, not that of a checkout around
// it.
func (js *jobState) persistedInWithDefault(dir string) ([]string, bool) {
	folders := append([]shellops.PersistedFolder{{Dir: js.persistedDir, Credentials: js.persisted, Default: js.persistedDefault}}, js.persistedElsewhere...)
	for _, c := range js.checkouts {
		if c.dir != "" && !slices.ContainsFunc(folders, func(f shellops.PersistedFolder) bool { return f.Dir == c.dir }) {
			folders = append(folders, shellops.PersistedFolder{Dir: c.dir})
		}
	}
	return shellops.PersistedIn(folders, dir, true)
}

// anyDefaultPersisted reports whether a checkout persisted the workflow's
// own token in any folder.
func (js *jobState) anyDefaultPersisted() bool {
	if js.persistedDefault {
		return true
	}
	return slices.ContainsFunc(js.persistedElsewhere, func(f shellops.PersistedFolder) bool { return f.Default })
}

// checkoutDir is the folder of the workspace actions/checkout's path:
// names, cleaned ("." for the workspace itself; "" when it is named at run
// time).
func checkoutDir(p string) string {
	p = strings.TrimSpace(p)
	if strings.Contains(p, "$") {
		return ""
	}
	if p == "" {
		return "."
	}
	return path.Clean(p)
}

// persist records that the current step's checkout into dir keeps cred in
// its git configuration ("" for the workflow's own token, which
// persistedDefault says); an earlier checkout's credentials are replaced
// in that folder, and kept for their own (persistedElsewhere). A checkout
// whose if: may keep it from running adds its credential to those of the
// checkout before it in the same folder: a later step may run after
// either (two checkouts under opposite conditions, one with a PAT).
func (js *jobState) persist(dir, cred string) {
	if js.persistedBy != js.stepIndex && js.stepConditional && js.persistedBy > 0 && dir == js.persistedDir {
		js.persistedBy = js.stepIndex
	}
	if js.persistedBy != js.stepIndex {
		js.keepElsewhere(dir)
		js.persisted, js.persistedDefault = nil, false
		js.persistedBy = js.stepIndex
		js.persistedDir = dir
	}
	if cred != "" {
		js.persisted = appendUnique(js.persisted, cred)
	}
	js.notePersistEvents(dir, cred)
}

// notePersistedRepo records that a checkout of repo ("" for this
// repository or one not named) persisted cred.
func (js *jobState) notePersistedRepo(cred, repo string) {
	if js.persistedRepos == nil {
		js.persistedRepos = map[string][]string{}
	}
	js.persistedRepos[cred] = appendUnique(js.persistedRepos[cred], repo)
}

// persistedOnlyIn is the repositories whose checkouts alone persisted
// cred, when each is another repository the scan names: git in whatever
// folder an action works in reaches only those with it. nil when a
// checkout of this repository, or of one not named, persisted it too.
func (js *jobState) persistedOnlyIn(cred string) []string {
	repos := js.persistedRepos[cred]
	if len(repos) == 0 || slices.Contains(repos, "") {
		return nil
	}
	return repos
}

// submodulesOp records the submodules a checkout given submodules: (true,
// recursive, or a value chosen at run time) fetches with its token: each
// GitHub repository the scanned repository's .gitmodules names is read
// with it. A checkout of another repository, or a .gitmodules that cannot
// be read, leaves them for review.
func (js *jobState) submodulesOp(s *actionStep, b *builder, op *inventory.Operation) {
	v := strings.ToLower(strings.TrimSpace(s.lit("submodules")))
	if v == "" || v == "false" {
		return
	}
	line := op.Evidence.Line
	if len(op.Repos) > 0 && !isOwnRepoValue(op.Repos[0], js.a.self) {
		b.unresolved(line, "actions/checkout submodules: "+oneLine(v, 40), "the submodules of "+op.Repos[0]+" are fetched with the token; which repositories they are is in its .gitmodules, which is not read", op.Subject)
		return
	}
	repos, others, ok := js.a.rs.submoduleRepos(js.a.self)
	if !ok {
		b.unresolved(line, "actions/checkout submodules: "+oneLine(v, 40), "the submodules are fetched with the token; the repository's .gitmodules, which names them, is not read", op.Subject)
		return
	}
	for _, u := range others {
		b.unresolved(line, "actions/checkout submodules: "+oneLine(u, 80), "a submodule URL that names no github.com repository; the token may be sent there", op.Subject)
	}
	var targets []string
	for _, r := range repos {
		if !strings.EqualFold(r, js.a.self) {
			targets = append(targets, r)
		}
	}
	if len(targets) == 0 {
		return
	}
	sub := *op
	sub.Repos = targets
	sub.Evidence = at(line, "actions/checkout submodules: "+oneLine(v, 40)+" (.gitmodules: "+strings.Join(targets, ", ")+")")
	b.op(sub)
}
