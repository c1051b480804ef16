package scanner

import (
	"path"
	"strconv"
	"strings"

	"github.com/pat2app/pat2app/expression"
	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/knowledge"
	"github.com/pat2app/pat2app/repofiles"
	"github.com/pat2app/pat2app/scanner/shellops"
)

// A step may use an action that an earlier actions/checkout step put in
// the workspace: `repository: owner/tools`, `ref: v3`, `path: ./tools`,
// then `uses: ./tools/label`. Such an action is owner/tools/label@v3, read
// as any action of another repository is (its row, else its repository at
// the ref, else "not read (offline)"), not as an action of the scanned
// repository at that path.

// checkedOut is a repository an actions/checkout step of the job put in
// the workspace.
type checkedOut struct {
	// repo and ref are the step's inputs as written, literal variables
	// expanded; "" when not given.
	repo, ref string
	// dir is the folder under the workspace ("." for its root); "" when
	// the path is chosen at run time or lies outside the workspace.
	dir string
	// own is true for this repository's checkout.
	own  bool
	line int
}

// recordCheckout notes an actions/checkout step's repository and folder,
// for the local actions later steps use.
func (js *jobState) recordCheckout(s *actionStep) {
	c := checkedOut{repo: strings.TrimSpace(js.expandKnown(s.lit("repository"))), ref: strings.TrimSpace(js.expandKnown(s.lit("ref"))), line: s.line}
	c.own = isOwnRepoValue(c.repo, js.a.self)
	if !c.own {
		c.repo = withOwner(c.repo, js.a.self)
	}
	dest := strings.TrimSpace(s.lit("path"))
	if !strings.Contains(dest, "$") && !strings.HasPrefix(dest, "/") {
		if d := path.Clean("./" + dest); d != ".." && !strings.HasPrefix(d, "../") {
			c.dir = d
		}
	}
	js.checkouts = append(js.checkouts, c)
}

// isOwnRepoValue reports a checkout's repository input that names the
// workflow's own repository: none, owner/name of self (the owner may be
// written ${{ github.repository_owner }}), github.repository
// or the event's repository. The pull request's head repository is not:
// its files are what the pull request makes them.
func isOwnRepoValue(v, self string) bool {
	v = strings.TrimSpace(v)
	if v == "" || self != "" && (strings.EqualFold(v, self) || strings.EqualFold(withOwner(v, self), self)) {
		return true
	}
	switch strings.ReplaceAll(v, " ", "") {
	case "${{github.repository}}", "${{github.event.repository.full_name}}":
		return true
	}
	return false
}

// withOwner writes the owner of self (owner/name) for every
// ${{ github.repository_owner }} in v: another repository of the owner.
func withOwner(v, self string) string {
	owner, _, ok := strings.Cut(self, "/")
	if !ok || owner == "" {
		return v
	}
	return writeOwner(v, owner)
}

// writeOwner writes owner for every ${{ github.repository_owner }} (or
// github.event.repository.owner.login) in v; {owner} stands for the
// workflow's account when its name is not known.
func writeOwner(v, owner string) string {
	if !strings.Contains(v, "${{") {
		return v
	}
	spans := expression.Find(v)
	for i := len(spans) - 1; i >= 0; i-- {
		sp := spans[i]
		if e := sp.Parse(); e.Root != nil {
			if p, ok := e.PathOf(e.Root); ok && (p.Lower() == "github.repository_owner" || p.Lower() == "github.event.repository.owner.login") {
				v = v[:sp.Start] + owner + v[sp.End:]
			}
		}
	}
	return v
}

// fromCheckout resolves a step's local action (uses: ./DIR) that lies in
// a folder an earlier step checked another repository out to: the step
// then uses OWNER/REPO/SUB@REF. A checkout whose repository or ref is
// chosen at run time leaves the action local, with s.checkedOut saying
// where it comes from; this repository's checkout leaves it local at its
// path in the repository.
func (js *jobState) fromCheckout(s *actionStep) {
	dir, ok := repofiles.LocalRef(s.uses)
	if !ok || !strings.HasPrefix(strings.TrimSpace(s.uses), "./") {
		return // $/DIR is the workflow's own repository wherever the workspace is
	}
	for i := len(js.checkouts) - 1; i >= 0; i-- {
		c := js.checkouts[i]
		if c.dir == "" {
			continue
		}
		sub, ok := underDir(dir, c.dir)
		if !ok {
			continue
		}
		if c.own {
			s.uses = "./" + sub
			s.name = s.uses
			return
		}
		where := "the checkout of " + c.repo
		if c.ref != "" {
			where += "@" + c.ref
		}
		where += " at line " + strconv.Itoa(c.line)
		switch {
		case isHeadRepoValue(c.repo):
			s.checkedOut = where + ", the pull request's head repository, whose files the pull request may change"
			return
		case strings.Contains(c.repo, "${{") || strings.Count(c.repo, "/") != 1:
			s.checkedOut = where + ", whose repository is chosen at run time"
			return
		case strings.Contains(c.ref, "${{"):
			s.checkedOut = where + ", whose ref is chosen at run time"
			return
		case c.ref == "":
			// The scan reads actions at a ref; a default branch is
			// not resolved to one.
			s.checkedOut = where + ", of its default branch, which the scan does not read"
			return
		}
		uses := c.repo
		if sub != "." {
			uses += "/" + sub
		}
		uses += "@" + c.ref
		s.uses, s.name = uses, actionRef(uses)
		s.info, s.known = knowledge.ActionShared(uses)
		if s.known {
			s.name = s.info.Name
		}
		s.checkedOutAs = "./" + dir + " after " + where
		return
	}
}

// underDir is dir's path inside folder base ("." for base itself), when
// dir lies in it.
func underDir(dir, base string) (string, bool) {
	if base == "." {
		return dir, true
	}
	if dir == base {
		return ".", true
	}
	rest, ok := strings.CutPrefix(dir, base+"/")
	return rest, ok
}

// repoEnvValue is the value of an env: entry that names a repository as
// owner/name, as the shell reader takes it: literal text, with the
// expressions of this repository and its owner (${{ github.repository }},
// ${{ github.repository_owner }}, see shellops.DefaultKnown) written in.
// ok is false for any other value, one with another expression in it
// included: that one is known only at run time.
func repoEnvValue(raw string) (string, bool) {
	v, ok := withKnownExprs(raw)
	if !ok || v == "" {
		return "", false
	}
	owner, name, ok := strings.Cut(v, "/")
	return v, ok && isRepoNamePart(owner, "{owner}") && isRepoNamePart(name, "{repo}")
}

// withKnownExprs is an env: value, trimmed, with each ${{ }} expression
// written as the literal value shellops.KnownValue gives it; ok is false
// when one has no known value.
func withKnownExprs(raw string) (string, bool) {
	v := strings.TrimSpace(raw)
	sp := expression.Find(v)
	for i := len(sp) - 1; i >= 0; i-- {
		lit, known := shellops.KnownValue(strings.TrimSpace(sp[i].Body))
		if !known {
			return "", false
		}
		v = v[:sp[i].Start] + lit + v[sp[i].End:]
	}
	return v, true
}

// isRepoNamePart reports an owner or repository name: letters, digits,
// '.', '-' and '_', or the placeholder that stands for this repository's.
func isRepoNamePart(s, placeholder string) bool {
	if s == placeholder {
		return true
	}
	if s == "" {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

// workspaceTarget is the repository a step works on when a folder input
// (knowledge.WorkspaceDirInputs: create-pull-request's path, cwd, ...)
// names the folder an earlier actions/checkout put another repository in:
// that repository, whose pushes and pull requests the step makes. ok is
// false when no such input names a checkout's folder, or it names this
// repository's; a checkout whose repository is chosen at run time leaves
// the step for review.
func (js *jobState) workspaceTarget(s *actionStep, b *builder, line int) (string, bool) {
	if isCheckoutAction(s) {
		return "", false // a checkout names its repository; its path is where it goes
	}
	var folders [][2]string // input, folder
	for _, k := range knowledge.WorkspaceDirInputs() {
		if strings.TrimSpace(s.rawInput(k)) != "" {
			folders = append(folders, [2]string{k, fromWorkspace(strings.TrimSpace(s.lit(k)), false)})
		}
	}
	if len(folders) == 0 && knowledge.WorktreePushes(s.name) == knowledge.PushesWorktree {
		// No folder input: the action works in the workspace, where a
		// checkout without path: put its repository.
		folders = [][2]string{{"", "."}}
	}
	for _, kv := range folders {
		k, v := kv[0], kv[1]
		if v == "" || strings.Contains(v, "${{") || strings.HasPrefix(v, "/") {
			continue
		}
		d := path.Clean("./" + v)
		for i := len(js.checkouts) - 1; i >= 0; i-- {
			c := js.checkouts[i]
			if c.dir == "" || c.dir != d {
				continue
			}
			switch {
			case c.own:
				return "", false
			case isHeadRepoValue(c.repo):
				return "", false // the pull request's head: the fork rules say what it needs
			case strings.Contains(c.repo, "${{") || strings.Count(c.repo, "/") != 1:
				b.unresolved(line, s.name+" "+k+": "+oneLine(v, 80), "it works in the checkout of "+oneLine(c.repo, 80)+" at line "+strconv.Itoa(c.line)+", a repository chosen at run time", inventory.Subject{Action: s.name, Input: k})
				return "", true
			}
			return c.repo, true
		}
	}
	return "", false
}

// foreignCheckouts maps the workspace folders where the job's checkouts so
// far put another repository than this one to its owner/name (the last
// checkout to a folder wins); nil when there is none.
//
// Folders earlier scripts of the job cloned another repository into
// (js.clones) are added, after the checkouts.
func (js *jobState) foreignCheckouts() map[string]string {
	var out map[string]string
	for _, c := range js.checkouts {
		if c.dir == "" || c.own || c.repo == "" || strings.ContainsAny(c.repo, "${}") || strings.Count(c.repo, "/") != 1 {
			if out != nil && c.dir != "" {
				delete(out, c.dir)
			}
			continue
		}
		if out == nil {
			out = map[string]string{}
		}
		out[c.dir] = c.repo
	}
	return shellops.MergedRepos(out, js.clones)
}

// ownCheckedOut reports whether an earlier actions/checkout step of the job
// checked this repository out where the job's scripts take its root to be.
func (js *jobState) ownCheckedOut() bool {
	for _, c := range js.checkouts {
		if c.own && c.dir != "" && path.Clean("./"+c.dir) == path.Clean("./"+js.repoRoot) {
			return true
		}
	}
	return false
}
