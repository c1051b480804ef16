package shellops

import (
	"cmp"
	"maps"
	"mvdan.cc/sh/v3/syntax"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/knowledge"
)

// git handles a git invocation: credentials in URLs, remotes, config
// (insteadOf, extraheader, credential helpers) and the network commands
// that use them.
func (a *analyzer) git(ctx *callCtx, args []value) {
	cmdCfg := askpassCreds(ctx)
	cdir := "" // git -C DIR
	i := 0
	for i < len(args) {
		s := args[i].String()
		switch {
		case s == "-C" || s == "--git-dir" || s == "--work-tree" || s == "--namespace" || s == "--exec-path":
			if s == "-C" && i+1 < len(args) && args[i+1].known() {
				cdir = args[i+1].String()
			}
			i += 2
			continue
		case s == "-c" && i+1 < len(args):
			k, v, _ := args[i+1].cut("=")
			creds := union(k.creds(), v.creds())
			if isCredentialHelperKey(strings.ToLower(k.String())) {
				// git -c credential.helper='!f() { echo password=$T; }; f'
				// push: the inline helper reads $T when git runs it.
				creds = union(creds, a.mentionedEnvCreds(v.String()))
			}
			if len(creds) > 0 {
				cmdCfg = append(cmdCfg, gitCred{host: gitConfigHost(k.String()), creds: creds, line: ctx.sline})
			}
			i += 2
			continue
		case strings.HasPrefix(s, "-"):
			i++
			continue
		}
		break
	}
	if i >= len(args) {
		return
	}
	sub := args[i].String()
	rest := args[i+1:]
	if !gitKeepsHead(sub, rest) {
		a.skipCI = "" // the branch's head may now be another commit
	}
	switch sub {
	case "config":
		a.gitConfig(ctx, rest)
	case "remote":
		a.gitRemote(ctx, rest)
	case "push", "fetch", "pull", "ls-remote", "clone":
		if sub == "pull" {
			a.gitIntegrates(ctx, sub, rest)
		}
		a.gitNet(ctx, sub, rest, cmdCfg, cdir)
	case "merge", "rebase", "am", "apply", "cherry-pick", "reset", "checkout", "restore", "switch":
		a.gitIntegrates(ctx, sub, rest)
	case "tag":
		a.gitTag(rest)
	case "branch":
		a.gitBranchRename(rest)
		a.gitBranchCreate(ctx, rest)
	case "commit":
		a.commitTakesStagedOnly(rest)
		a.gitCommit(ctx, rest)
	case "add":
		a.gitAdd(rest)
	case "submodule":
		if indexOf(rest, "update") >= 0 {
			a.gitNet(ctx, "submodule", nil, cmdCfg, cdir)
		}
	default:
		// Credentials handed to other git commands (git commit -m "$X"...)
		// are not network uses.
	}
}

// askpassCreds are the credentials of a git command's own assignments
// when one of them names a GIT_ASKPASS program (GIT_ASKPASS="$helper"
// GIT_PASSWORD="$T" git push): git runs that program for the username
// and password of every remote, and it answers from the environment it
// is given, so each credential there is the command's, for any host.
func askpassCreds(ctx *callCtx) []gitCred {
	if _, ok := ctx.overlay["GIT_ASKPASS"]; !ok {
		return nil
	}
	var creds []string
	for _, name := range slices.Sorted(maps.Keys(ctx.overlay)) {
		if v := ctx.overlay[name]; v != nil {
			creds = union(creds, v.val.creds())
		}
	}
	if len(creds) == 0 {
		return nil
	}
	return []gitCred{{creds: creds, line: ctx.sline}}
}

// gitKeepsHead reports a git subcommand that makes no commit of its own:
// it reads, sends, stages or configures (a rebasing pull keeps the commit
// made last on top; git commit says itself what it made, gitCommit).
func gitKeepsHead(sub string, rest []value) bool {
	switch sub {
	case "push", "fetch", "status", "diff", "log", "show", "config", "remote", "rev-parse", "add", "ls-remote", "describe", "commit":
		return true
	case "pull":
		return slices.ContainsFunc(rest, func(v value) bool { s := v.String(); return s == "--rebase" || s == "-r" })
	}
	return false
}

// skipCIMarks are the words in a commit message that keep GitHub from
// starting the push and pull_request workflows of the push whose head
// commit it is.
var skipCIMarks = []string{"[skip ci]", "[ci skip]", "[no ci]", "[skip actions]", "[actions skip]"}

// gitCommit records whether the commit git commit makes says, in a
// message given with -m or --message, that no workflow is to run on it
// (skipCIMarks); any other commit clears it.
func (a *analyzer) gitCommit(ctx *callCtx, args []value) {
	a.skipCI = ""
	for i := 0; i < len(args); i++ {
		s := args[i].String()
		var msg string
		switch {
		case (s == "--message" || len(s) >= 2 && s[0] == '-' && s[1] != '-' && strings.HasSuffix(s, "m")) && i+1 < len(args):
			// -m MSG, or a cluster of short options ending in m (-am MSG).
			i++
			msg = args[i].String()
		case strings.HasPrefix(s, "--message="):
			msg = strings.TrimPrefix(s, "--message=")
		case strings.HasPrefix(s, "-m") && len(s) > 2 && !strings.HasPrefix(s, "--"):
			msg = s[2:]
		default:
			continue
		}
		low := strings.ToLower(msg)
		for _, m := range skipCIMarks {
			if strings.Contains(low, m) {
				a.skipCI = "line " + strconv.Itoa(ctx.line) + ": its commit message holds " + m
				return
			}
		}
	}
}

// gitConfigHost is the host of a URL-scoped config key such as
// http.https://github.com/.extraheader or url.https://x@github.com/.insteadOf.
func gitConfigHost(key string) string {
	i := strings.Index(key, "://")
	if i < 0 {
		return ""
	}
	s := key[i+3:]
	if j := strings.IndexAny(s, "/"); j >= 0 {
		s = s[:j]
	} else if j := strings.LastIndexByte(s, '.'); j >= 0 {
		s = s[:j] // http.https://github.com.extraheader
	}
	if at := strings.LastIndexByte(s, '@'); at >= 0 {
		s = s[at+1:]
	}
	return strings.ToLower(s)
}

// isCredentialHelperKey reports a git configuration key (lower case) that
// names a credential helper: credential.helper, credential.URL.helper.
func isCredentialHelperKey(k string) bool {
	return k == "credential.helper" || strings.HasPrefix(k, "credential.") && strings.HasSuffix(k, ".helper")
}

func (a *analyzer) gitConfig(ctx *callCtx, args []value) {
	var pos []value
	unset := false
	for i := 0; i < len(args); i++ {
		s := args[i].String()
		switch {
		case s == "--file" || s == "-f" || s == "--type" || s == "--blob":
			i++
		case s == "--unset" || s == "--unset-all" || s == "--remove-section":
			unset = true
		case s == "--get" || s == "--get-all" || s == "--get-regexp" || s == "-l" || s == "--list":
			return
		case strings.HasPrefix(s, "-") && len(pos) == 0:
		default:
			pos = append(pos, args[i])
		}
	}
	if len(pos) == 0 || unset {
		return
	}
	key := pos[0]
	var val value
	if len(pos) > 1 {
		val = pos[1]
	}
	k := strings.ToLower(key.String())
	creds := union(key.creds(), val.creds())
	switch {
	case strings.HasPrefix(k, "url.") && (strings.HasSuffix(k, ".insteadof") || strings.HasSuffix(k, ".pushinsteadof")):
		if len(creds) == 0 {
			return
		}
		host := gitConfigHost(key.String())
		a.gitRewrites = append(a.gitRewrites, gitCred{host: host, creds: creds, line: ctx.sline})
		a.gitConfigUse(ctx, creds, host, val)
	case strings.HasSuffix(k, ".extraheader"):
		if len(creds) == 0 {
			return
		}
		host := gitConfigHost(key.String())
		a.gitHeaders = append(a.gitHeaders, gitCred{host: host, creds: creds, line: ctx.sline})
		a.gitConfigUse(ctx, creds, host, value{})
	case isCredentialHelperKey(k):
		// An inline helper ('!f() { echo password=$T; }; f') reads the
		// variable when git runs it; any other helper may read one.
		a.gitHelper = "the credential helper it configured (" + oneLine(val.String(), 40) + ")"
		creds = union(creds, a.mentionedEnvCreds(val.String()))
		if len(creds) == 0 {
			return
		}
		host := gitConfigHost(key.String())
		a.gitStore = append(a.gitStore, gitCred{host: host, creds: creds, line: ctx.sline})
		a.gitConfigUse(ctx, creds, host, value{})
	case strings.HasPrefix(k, "remote.") && (strings.HasSuffix(k, ".url") || strings.HasSuffix(k, ".pushurl")):
		name := strings.TrimPrefix(key.String(), "remote.")
		if i := strings.LastIndexByte(name, '.'); i >= 0 {
			name = name[:i]
		}
		a.remotes[name] = val
		if len(creds) > 0 {
			a.gitRemoteUse(ctx, val)
		}
	case strings.HasPrefix(k, "user.") && k != "user.signingkey":
		// The user section holds the identity commits are made with
		// (user.name, user.email); git reads no credential there, so a
		// token written as user.password reaches nothing.
		return
	default:
		if k == "core.hookspath" {
			// Hooks git runs (pre-commit, pre-push) get its environment.
			a.gitHelper = "the hooks of " + oneLine(val.String(), 40)
		}
		if len(creds) > 0 {
			a.argUses(ctx, "git", pos, 0, "", "")
		}
	}
}

// gitConfigUse reports a git config entry that stores credentials; the
// operations come later, with the git commands that use it.
func (a *analyzer) gitConfigUse(ctx *callCtx, creds []string, host string, target value) {
	gh := a.classifyHost(host)
	var repos []string
	if target.String() != "" {
		if r := a.gitURLRepo(target); r != "" {
			repos = append(repos, r)
		}
	}
	for _, c := range creds {
		a.addUse(Use{Credential: c, Line: ctx.line, Command: "git", Via: "git-config", Host: host, GitHub: gh,
			TargetRepos: repos, Evidence: a.evidenceOf(ctx)})
	}
}

func (a *analyzer) gitRemote(ctx *callCtx, args []value) {
	if len(args) == 0 {
		return
	}
	verb := args[0].String()
	var pos []value
	for i := 1; i < len(args); i++ {
		s := args[i].String()
		switch {
		case s == "-t" || s == "-m":
			i++
		case strings.HasPrefix(s, "-"):
		default:
			pos = append(pos, args[i])
		}
	}
	switch verb {
	case "add", "set-url":
		if len(pos) < 2 {
			return
		}
		name := pos[0].String()
		url := a.gitURLUser(ctx, pos[1])
		a.remotes[name] = url
		if url.hasCreds() {
			a.gitRemoteUse(ctx, url)
		}
	case "remove", "rm":
		if len(pos) > 0 {
			delete(a.remotes, pos[0].String())
		}
	}
}

// gitRemoteUse reports a remote URL that carries credentials (used later
// by push/fetch to that remote).
func (a *analyzer) gitRemoteUse(ctx *callCtx, url value) {
	info := a.parseURL(url)
	gh := a.classifyHost(info.host)
	var repos []string
	if r := a.gitURLRepo(url); r != "" {
		repos = append(repos, r)
	}
	for _, c := range url.creds() {
		a.addUse(Use{Credential: c, Line: ctx.line, Command: "git", Via: "url", Host: info.host, GitHub: gh,
			TargetRepos: repos, Evidence: a.evidenceOf(ctx)})
	}
}

// gitURLRepo is owner/name of a GitHub git URL, "" otherwise.
func (a *analyzer) gitURLRepo(url value) string {
	s := url.String()
	info := a.parseURL(url)
	path := info.path
	if info.host == "" {
		// scp-like git@github.com:o/r.git
		if at := strings.IndexByte(s, '@'); at >= 0 {
			if c := strings.IndexByte(s[at:], ':'); c >= 0 {
				host := s[at+1 : at+c]
				if a.classifyHost(host) > 0 {
					return a.resolveRepo(s[at+c+1:])
				}
			}
		}
		return ""
	}
	if a.classifyHost(info.host) <= 0 {
		return ""
	}
	seg := strings.Split(strings.Trim(path, "/"), "/")
	if len(seg) < 2 {
		return ""
	}
	return a.resolveRepo(seg[0] + "/" + seg[1])
}

// git options that take the next word as value, per command.
var gitValueOpts = map[string]bool{
	"-b": true, "--branch": true, "--depth": true, "-o": true, "--origin": true, "--reference": true,
	"--filter": true, "-j": true, "--jobs": true, "--template": true, "-u": true, "--upload-pack": true,
	"--separate-git-dir": true, "--push-option": true, "--repo": true, "--receive-pack": true,
	"--exec": true, "--deepen": true, "--shallow-since": true, "--shallow-exclude": true, "-c": true,
	"--config": true, "--server-option": true, "--negotiation-tip": true, "--refmap": true,
}

// mirrorPush says why a push from the repository's own checkout, at its
// root, to another repository (a remote the script added, or a URL) may
// change that repository's .github/workflows: it carries this history,
// whose workflow changes the other repository need not have (a bot's fork
// synchronised with main). "" otherwise, and for tags alone.
func (a *analyzer) mirrorPush(target, remoteName string, pos []value) string {
	cwd, ok := a.cwdInWorkspace()
	if target == "" || remoteName == "origin" || !ok || inventory.IsRunTimeRepo(target) {
		return ""
	}
	here := a.in.Repo
	if r, ok := a.foreignCheckout(); ok {
		here = r
	} else if !a.in.OwnCheckout || a.in.RepoRoot == ForeignRoot || cwd != path.Clean("./"+a.in.RepoRoot) {
		return "" // not at the root of this repository's checkout
	}
	if here == "" || strings.EqualFold(here, target) || strings.HasSuffix(strings.ToLower(target), ".wiki") {
		// A wiki's repository (OWNER/NAME.wiki) runs no workflows, and
		// a push to it is not checked for them.
		return ""
	}
	refs := pos[min(1, len(pos)):]
	tagsOnly := len(refs) > 0
	for _, p := range refs {
		if !strings.Contains(p.String(), "refs/tags/") {
			tagsOnly = false
		}
	}
	if tagsOnly {
		return ""
	}
	return "it pushes the history of " + here + "'s checkout to " + target + ", which need not have its .github/workflows changes"
}

// gitPushValueOpts are git push's options that take the next word as
// value (git-push(1)); its -u is --set-upstream, which takes none.
var gitPushValueOpts = map[string]bool{
	"-o": true, "--push-option": true, "--repo": true, "--receive-pack": true, "--exec": true,
}

// gitTagValueOpts are the options of git tag that take the next word as
// their value (git-tag(1)).
var gitTagValueOpts = map[string]bool{
	"-m": true, "--message": true, "-F": true, "--file": true, "-u": true, "--local-user": true,
	"--cleanup": true, "--format": true,
}

// gitTakesValue reports whether option name of git subcommand sub takes
// the next word as its value.
func gitTakesValue(sub, name string) bool {
	switch sub {
	case "push":
		return gitPushValueOpts[name]
	case "tag":
		return gitTagValueOpts[name]
	}
	return gitValueOpts[name]
}

// pushesTagsOnly reports a git push (its remote and refspecs, and the
// flags gitNet kept) that sends tags and nothing else: --tags with no
// refspec, or refspecs that all name refs/tags/ or come as "tag <tag>"
// (git-push(1): --tags
// pushes refs/tags in addition to the refspecs given, and with none it
// pushes no branch). A refspec without refs/tags/ may name a branch or a
// tag, so it counts as a branch, unless it names a tag the script created
// (tags, gitTag).
func pushesTagsOnly(pos []value, flags []string, tags map[string]bool) bool {
	for _, f := range flags {
		if f == "--all" || f == "--mirror" || f == "--delete" {
			return false
		}
	}
	refs := pos[min(1, len(pos)):]
	if len(refs) == 0 {
		return slices.Contains(flags, "--tags")
	}
	for i := 0; i < len(refs); i++ {
		s := strings.TrimPrefix(refs[i].String(), "+")
		if s == "tag" && i+1 < len(refs) {
			i++ // "tag <tag>" stands for refs/tags/<tag>:refs/tags/<tag>
			continue
		}
		if _, dst, ok := strings.Cut(s, ":"); ok {
			s = dst
		}
		if !strings.HasPrefix(s, "refs/tags/") && !tags[s] {
			return false
		}
	}
	return true
}

// gitBranchRename follows git branch -m/-M (--move): the branch checked
// out keeps its commits under the new name (git branch -M NEW, or OLD NEW
// where OLD is the branch checked out).
func (a *analyzer) gitBranchRename(args []value) {
	if !hasFlag(args, "-m", "-M", "--move") {
		return
	}
	var pos []string
	for _, x := range args {
		if s := x.String(); !strings.HasPrefix(s, "-") {
			pos = append(pos, s)
		}
	}
	switch {
	case len(pos) == 1:
		a.setBranch(pos[0])
	case len(pos) == 2 && a.branch != "" && pos[0] == a.branch:
		a.setBranch(pos[1])
	}
}

// gitBranchCreate records a branch git branch makes or moves without
// checking it out (git branch -f website; git branch release origin/main):
// a forced push of it replaces the remote branch's history as one made
// with git checkout -B does (forcePushWorkflows), and a start point other
// than HEAD puts another commit's tree, .github/workflows included, in it.
func (a *analyzer) gitBranchCreate(ctx *callCtx, args []value) {
	var pos []value
	for _, x := range args {
		s := x.String()
		switch {
		case s == "-f" || s == "--force" || s == "--no-track" || s == "--track" || s == "-t" || strings.HasPrefix(s, "--track="):
		case strings.HasPrefix(s, "-"):
			return // lists, deletes, renames, copies or sets upstreams: makes none
		default:
			pos = append(pos, x)
		}
	}
	if len(pos) == 0 || len(pos) > 2 || !pos[0].known() {
		return
	}
	a.created, a.createdDir = pos[0].String(), a.knownCwd()
	if len(pos) == 2 {
		start := pos[1].String()
		if !pos[1].known() || !strings.HasPrefix(start, "HEAD") && !strings.HasPrefix(start, "@") {
			remote, branch, _ := strings.Cut(start, "/")
			if remote != "origin" {
				remote, branch = "", ""
			}
			a.noteIntegration(ctx.line, "git branch "+a.created+" "+start+" puts the branch at another commit, whose .github/workflows may differ", remote, branch)
		}
	}
}

// gitTag records the name of a tag git tag creates (tags): a push that
// names it pushes that tag (git tag "$V"; git push origin "$V").
func (a *analyzer) gitTag(args []value) {
	for i := 0; i < len(args); i++ {
		s := args[i].String()
		switch {
		case gitTakesValue("tag", s):
			i++
		case s == "-d" || s == "--delete" || s == "-l" || s == "--list" || s == "-v" || s == "--verify" || s == "--contains" || s == "--points-at" || s == "--merged" || s == "--no-merged":
			return // lists, verifies or deletes: creates none
		case strings.HasPrefix(s, "-"):
		default:
			if a.tags == nil {
				a.tags = map[string]bool{}
			}
			a.tags[s] = true
			if !slices.ContainsFunc(args[i+1:], func(v value) bool { return !strings.HasPrefix(v.String(), "-") }) && args[i].known() {
				// No commit named: the tag marks the script's own HEAD.
				if a.headTags == nil {
					a.headTags = map[string]bool{}
				}
				a.headTags[s] = true
			}
			return
		}
	}
}

// gitNet reports a git command that talks to a remote.
// cdir is the folder git -C names ("" for the script's own).
func (a *analyzer) gitNet(ctx *callCtx, sub string, args []value, cmdCfg []gitCred, cdir string) {
	var pos []value
	var flags []string
	if sub == "push" && slices.ContainsFunc(args, func(v value) bool {
		s := v.String()
		return s == "-u" || s == "--set-upstream"
	}) {
		a.upstreamPushed = a.evidenceOf(ctx)
	}
	for i := 0; i < len(args); i++ {
		s := args[i].String()
		if strings.HasPrefix(s, "-") && s != "-" {
			name, _, eq := strings.Cut(s, "=")
			if gitTakesValue(sub, name) && !eq {
				i++
			}
			switch name {
			case "--tags", "--follow-tags", "--force", "-f", "--force-with-lease", "--delete", "-d", "--mirror", "--all", "--prune":
				if name == "-f" {
					name = "--force"
				}
				if name == "-d" {
					name = "--delete"
				}
				flags = append(flags, name)
			}
			continue
		}
		pos = append(pos, args[i])
	}
	detail := sub
	for _, p := range pos[min(1, len(pos)):] {
		s := p.String()
		switch {
		case strings.HasPrefix(s, "+"):
			flags = append(flags, "--force")
		case strings.HasPrefix(s, ":"):
			flags = append(flags, "--delete")
		case strings.Contains(s, "refs/tags/"):
			flags = append(flags, "--tags")
		}
	}
	for _, f := range uniq(flags) {
		detail += " " + f
	}
	tagsOnly := sub == "push" && pushesTagsOnly(pos, flags, a.tags)
	if sub == "push" && len(pos) == 2 && a.branch != "" && (pos[1].String() == a.branch || pos[1].String() == "HEAD:"+a.branch || pos[1].String() == "HEAD:refs/heads/"+a.branch) {
		// The checked-out branch pushed under its own name: gh pr
		// create finds it on the remote, as after --set-upstream.
		a.upstreamPushed = a.evidenceOf(ctx)
	}

	// The remote: a URL, a remote the script set, or one configured outside
	// the script (actions/checkout's origin).
	var url value
	explicitURL := false
	remoteName := "origin"
	if len(pos) > 0 {
		p := pos[0]
		s := p.String()
		if r, ok := a.remotes[s]; ok {
			// A remote the script added, under a literal name or the
			// same variable it pushes to (git remote add "$pkg" URL;
			// git push "$pkg" ...).
			url, remoteName = r, s
		} else if looksLikeURL(s) || p.hasCreds() || !p.known() {
			url, explicitURL = a.gitURLUser(ctx, p), true
			remoteName = ""
		} else {
			remoteName = s
		}
	} else if r, ok := a.remotes["origin"]; ok {
		url = r
	}
	if sub == "submodule" {
		remoteName = ""
	}
	info := a.parseURL(url)
	host := info.host
	if len(url.parts) == 0 {
		host = "github.com" // the checkout's remote
	}
	if info.host == "" && url.String() != "" {
		if h := scpHost(url.String()); h != "" {
			host = h
		}
	}
	var creds []string
	via := ""
	switch {
	case url.hasCreds():
		creds, via = url.creds(), "url"
	default:
		for _, list := range [][]gitCred{cmdCfg, a.gitHeaders, a.gitRewrites, a.gitStore} {
			for _, gc := range list {
				if gc.host == "" || gc.host == host || host == "" {
					creds = append(creds, gc.creds...)
				}
			}
			if len(creds) > 0 {
				via = "git-config"
				break
			}
		}
		// A remote the script names by a value it does not know (a
		// variable that may hold a flag, a remote's name or a URL) may be
		// a github.com one, which the checkout's credential reaches.
		atRunTime := explicitURL && len(pos) > 0 && !pos[0].known() && !pos[0].hasCreds() && host == "" && (sub == "push" || sub == "fetch" || sub == "pull" || sub == "ls-remote")
		persisted := func() {
			if sub == "clone" || sub == "submodule" || remoteName == "" && a.classifyHost(host) <= 0 && !atRunTime || a.inClone(cdir) {
				return
			}
			here, def := a.persistedNow()
			switch {
			case len(here) > 0 && def:
				creds, via = append(slices.Clone(here), DefaultToken), "persisted"
			case len(here) > 0:
				creds, via = here, "persisted"
			case def:
				creds, via = []string{DefaultToken}, "persisted"
			}
		}
		// actions/checkout's credential is an extra header git sends with
		// every request to github.com in its folder, so gh's credential
		// helper (gh auth setup-git), asked only when a request is
		// refused, does not take over there.
		if len(creds) == 0 && (host == "github.com" || host == "") && a.inPersistedDir() {
			persisted()
		}
		if len(creds) == 0 && len(a.ghGitCreds) > 0 && (host == "github.com" || host == "") {
			creds, via = a.ghGitCreds, "stored"
		}
		if len(creds) == 0 {
			persisted()
		}
	}
	// A repository cloned with a credential in its URL keeps it in its
	// origin; the script's directory changes are not followed, so a later
	// command on origin may be that clone's (reported in addition).
	var cloned []string
	if remoteName == "origin" && !url.hasCreds() && sub != "clone" {
		if _, set := a.remotes["origin"]; !set {
			cloned = a.clonedCreds
		}
	}
	if sub == "clone" && url.hasCreds() {
		a.clonedCreds = union(a.clonedCreds, url.creds())
		a.clonedRepo = a.gitURLRepo(url)
	}
	if sub == "clone" && explicitURL {
		a.noteClone(a.gitURLRepo(url), pos[1:])
	}
	if sub == "clone" {
		a.noteCloneDir(url, pos[1:], ctx.words(), cdir)
	}
	creds = uniq(creds)
	if len(creds) == 0 && len(cloned) == 0 {
		if sub == "push" && !strings.HasPrefix(url.String(), "git@") && !strings.HasPrefix(url.String(), "ssh://") && (host == "github.com" || a.classifyHost(host) > 0) && a.bareFirstPush == "" {
			// A push over HTTPS with no credential the script or the
			// job's checkouts give it: it fails, or uses one set up out
			// of view.
			a.bareFirstPush = "line " + strconv.Itoa(ctx.line) + ": " + a.evidenceOf(ctx)
		}
		return
	}
	gh := a.classifyHost(host)
	if host == "" {
		gh = 0
	}
	u := Use{Line: ctx.line, Command: "git", Via: via, Host: host, GitHub: gh, Evidence: a.evidenceOf(ctx)}
	repo := ""
	if len(url.parts) > 0 {
		repo = a.gitURLRepo(url)
	} else if remoteName == "origin" {
		// origin of another repository's checkout or clone, when the
		// script is in its folder.
		repo, _ = a.foreignCheckout()
	}
	if repo != "" {
		u.TargetRepos = []string{repo}
	}
	if repo == "" && gh > 0 && len(url.parts) > 0 {
		start := gitURLOwnerName(url.String())
		if rs := a.loopRepos(url, start); rs != nil {
			u.TargetRepos = rs
		} else if a.runTimeOwnerName(url, start) {
			// The repository is named by a value the scan does not know:
			// it may be another one than this, which the token must reach.
			u.TargetRepos = []string{a.runTimeRepo(url, start)}
		}
	}
	switch {
	case gh > 0:
		name := sub
		if sub == "submodule" {
			name = "fetch"
			detail = "submodule update"
		}
		u.Ops = []Op{{Kind: KindGit, Method: "GIT", Path: detail, Name: name, Repo: repo, Writes: sub == "push", TagsOnly: tagsOnly}}
		if sub == "push" && !tagsOnly && !slices.Contains(flags, "--tags") && !slices.Contains(flags, "--follow-tags") && !slices.Contains(flags, "--mirror") && !slices.Contains(flags, "--all") {
			u.Ops[0].SkipsCI = a.skipCI
			if !slices.Contains(flags, "--delete") {
				u.Ops[0].Branch = pushTarget(pos).branch
			}
		}
		if sub == "push" {
			u.Ops[0].WorkflowsBecause = cmp.Or(a.pushWorkflows(u.Evidence, pos, flags), a.mirrorPush(repo, remoteName, pos))
			u.Ops[0].TouchesWorkflows = u.Ops[0].WorkflowsBecause != ""
		}
	case gh == 0:
		what := "git " + sub + " to a remote that is not known"
		if explicitURL {
			what = "git " + sub + " to a URL that is not known: " + restoreExprs(url.String(), a.ph)
		}
		u.Unresolved = what
	}
	for _, c := range creds {
		u.Credential = c
		a.addUse(u)
	}
	if len(cloned) > 0 {
		u.Via = "url"
		u.Host, u.GitHub, u.Unresolved = "github.com", +1, ""
		u.TargetRepos = nil
		if a.clonedRepo != "" {
			u.TargetRepos = []string{a.clonedRepo}
		}
		if len(u.Ops) == 0 {
			u.Ops = []Op{{Kind: KindGit, Method: "GIT", Path: detail, Name: sub, Writes: sub == "push", TagsOnly: tagsOnly}}
			if sub == "push" {
				u.Ops[0].WorkflowsBecause = a.pushWorkflows(u.Evidence, pos, flags)
				u.Ops[0].TouchesWorkflows = u.Ops[0].WorkflowsBecause != ""
			}
		}
		u.Ops = append([]Op(nil), u.Ops...)
		u.Ops[0].Repo = a.clonedRepo
		for _, c := range cloned {
			if !contains(creds, c) {
				u.Credential = c
				a.addUse(u)
			}
		}
	}
}

// noteCloneDir records the folder git clone makes (its second argument,
// else the last part of the URL without .git), from the workspace root.
func (a *analyzer) noteCloneDir(url value, rest []value, words []*syntax.Word, cdir string) {
	if v := a.cloneVar(words, rest); v != nil && cdir == "" {
		// A folder the script names by a variable: cd to the same
		// variable goes into the clone.
		if a.cloneVars == nil {
			a.cloneVars = map[*variable]bool{}
		}
		a.cloneVars[v] = true
		return
	}
	cwd, ok := a.cwdInWorkspace()
	if !ok || path.IsAbs(cdir) {
		return
	}
	dest := ""
	switch {
	case len(rest) > 0 && rest[0].known():
		dest = rest[0].String()
	case len(rest) == 0:
		dest = cloneDefaultDir(url)
	}
	if dest == "" || path.IsAbs(dest) {
		return
	}
	d := path.Clean(path.Join(cwd, cdir, dest))
	if d == "." || d == ".." || strings.HasPrefix(d, "../") {
		return
	}
	if a.cloneDirs == nil {
		a.cloneDirs = map[string]bool{}
	}
	a.cloneDirs[d] = true
}

// cloneVar is the variable, as assigned now, that a clone's folder
// argument (the last of rest, one positional after the URL) is wholly
// written as ($WORK, "${WORK}"), when the command's last word is it and
// its value is not known; nil otherwise.
func (a *analyzer) cloneVar(words []*syntax.Word, rest []value) *variable {
	if len(rest) != 1 || rest[0].known() || len(words) == 0 {
		return nil
	}
	name := wordVarName(words[len(words)-1])
	if name == "" {
		return nil
	}
	v := a.vars[name]
	if v == nil || v.isArr || v.val.String() != rest[0].String() {
		return nil
	}
	return v
}

// wordVarName is the name of the variable a word is wholly an expansion
// of ($X, ${X}, "$X"), "" for any other word.
func wordVarName(w *syntax.Word) string {
	if w == nil || len(w.Parts) != 1 {
		return ""
	}
	wp := w.Parts[0]
	if dq, ok := wp.(*syntax.DblQuoted); ok {
		if len(dq.Parts) != 1 {
			return ""
		}
		wp = dq.Parts[0]
	}
	pe, ok := wp.(*syntax.ParamExp)
	if !ok || pe.Param == nil || pe.Exp != nil || pe.Repl != nil || pe.Index != nil || pe.Slice != nil || pe.Length || pe.Excl || pe.Names != 0 {
		return ""
	}
	return pe.Param.Value
}

// cloneDefaultDir is the folder git clone makes for url when no folder
// is given: the URL's last path segment without .git, when it is
// literal (a credential earlier in the URL, https://x:$T@github.com/o/r,
// does not hide it); "" when it is not known.
func cloneDefaultDir(url value) string {
	if len(url.parts) == 0 {
		return ""
	}
	last := url.parts[len(url.parts)-1]
	tail := strings.TrimSuffix(last.text, "/")
	i := strings.LastIndexByte(tail, '/')
	if !last.lit || i < 0 && !url.known() {
		return ""
	}
	return strings.TrimSuffix(tail[i+1:], ".git")
}

// inClone reports whether git run in the script's folder, or in dir from
// there (git -C), works in a folder the script cloned a repository into:
// that clone's own configuration holds its remote and credential.
func (a *analyzer) inClone(dir string) bool {
	if a.inCloneRef && !path.IsAbs(dir) && !strings.HasPrefix(path.Clean(dir), "..") && !strings.Contains(dir, "{") {
		return true
	}
	if len(a.cloneDirs) == 0 || path.IsAbs(dir) {
		return false
	}
	cwd, ok := a.cwdInWorkspace()
	if !ok {
		return false
	}
	d := path.Clean(path.Join(cwd, dir))
	for c := range a.cloneDirs {
		if d == c || strings.HasPrefix(d, c+"/") {
			return true
		}
	}
	return false
}

func contains(s []string, x string) bool {
	for _, y := range s {
		if y == x {
			return true
		}
	}
	return false
}

func looksLikeURL(s string) bool {
	return strings.Contains(s, "://") || strings.HasSuffix(s, ".git") || scpHost(s) != ""
}

// scpHost is the host of an scp-like address user@host:path.
func scpHost(s string) string {
	at := strings.IndexByte(s, '@')
	if at < 0 || strings.Contains(s, "://") {
		return ""
	}
	c := strings.IndexByte(s[at:], ':')
	if c < 0 {
		return ""
	}
	h := s[at+1 : at+c]
	if !strings.Contains(h, ".") {
		return ""
	}
	return strings.ToLower(h)
}

// mentionedEnvCreds returns the credentials of the exported variables that
// text references as $NAME or ${NAME} (text a program will expand later).
func (a *analyzer) mentionedEnvCreds(text string) []string {
	if !strings.Contains(text, "$") {
		return nil
	}
	var out []string
	for _, n := range a.exportedCreds(nil) {
		if strings.Contains(text, "${"+n) || mentions(text, "$"+n) {
			v, _ := a.envVar(n, nil)
			out = append(out, v.creds()...)
		}
	}
	return uniq(out)
}

// gitURLOwnerName is the byte offset in a git or web URL's text where
// its owner/name starts (after scheme://[user@]host/ or scp-like
// user@host:), -1 when the text is not such a URL.
func gitURLOwnerName(s string) int {
	if i := strings.Index(s, "://"); i >= 0 {
		// scheme://[user@]host/OWNER/NAME: the path starts at the first
		// slash after the user information.
		rest := s[i+3:]
		at := strings.LastIndexByte(rest[:strings.IndexByte(rest+"/", '/')], '@')
		slash := strings.IndexByte(rest[at+1:], '/')
		if slash < 0 {
			return -1
		}
		return i + 3 + at + 1 + slash + 1
	}
	if at := strings.IndexByte(s, '@'); at >= 0 {
		// scp-like user@host:OWNER/NAME
		c := strings.IndexByte(s[at:], ':')
		if c < 0 {
			return -1
		}
		return at + c + 1
	}
	return -1
}

// ownerNameSpan is where the owner/name that starts at byte start of s
// ends: at the second slash after start, a query or the end.
func ownerNameSpan(s string, start int) int {
	end := len(s)
	if k := strings.IndexByte(s[start:], '/'); k >= 0 {
		if k2 := strings.IndexByte(s[start+k+1:], '/'); k2 >= 0 {
			end = start + k + 1 + k2
		}
		// "$REPO/issues/...": a value followed by what the API puts after
		// owner/repo holds owner/repo itself.
		if first := s[start : start+k]; strings.ContainsAny(first, "${") && knowledge.IsRepoSubresource(s[start+k+1:end]) {
			end = start + k
		}
	}
	if q := strings.IndexAny(s[start:end], "?#"); q >= 0 {
		end = start + q
	}
	return end
}

// runTimeOwnerName reports whether the owner/name that starts at byte
// start of v's text is, in part, a value not known before the run: not
// literal, not one the scan resolves (GITHUB_REPOSITORY,
// ${{ github.repository }}, {owner}/{repo}) and not the pull request's
// head repository (Input.HeadRepo). (A loop variable over literal words
// is one; its callers ask loopRepos first.)
func (a *analyzer) runTimeOwnerName(v value, start int) bool {
	s := v.String()
	if start < 0 || start > len(s) {
		return false
	}
	end := ownerNameSpan(s, start)
	off := 0
	for _, p := range v.parts {
		from, to := off, off+len(p.text)
		off = to
		if to <= start || from >= end || p.lit {
			continue
		}
		if p.ref != "" && a.in.HeadRepo[p.ref] {
			continue
		}
		return true
	}
	return false
}

// runTimeRepo is the target a command whose owner/name (starting at byte
// start of v's text) is named at run time works on: that span with the
// workflow's expressions written back, as inventory.RunTimeRepo writes it.
func (a *analyzer) runTimeRepo(v value, start int) string {
	s := v.String()
	if start < 0 || start > len(s) {
		return inventory.RunTimeRepo(restoreExprs(s, a.ph))
	}
	return inventory.RunTimeRepo(restoreExprs(strings.TrimSuffix(s[start:ownerNameSpan(s, start)], ".git"), a.ph))
}

// loopRepos lists the repositories the owner/name that starts at byte
// start of v's text names when its values not known before the run are
// loop variables over literal words (`for r in web docs; do gh -R
// acme/$r ...`): each combination, resolved by resolveRepo. It is nil
// when another value takes part, or a combination is not a repository.
func (a *analyzer) loopRepos(v value, start int) []string {
	s := v.String()
	if start < 0 || start > len(s) {
		return nil
	}
	end := ownerNameSpan(s, start)
	outs := []string{""}
	looped := false
	off := 0
	for _, p := range v.parts {
		from, to := off, off+len(p.text)
		off = to
		if to <= start || from >= end {
			continue
		}
		lo, hi := max(from, start)-from, min(to, end)-from
		choices := []string{p.text[lo:hi]}
		if !p.lit {
			if p.oneOf == nil || lo != 0 || hi != len(p.text) {
				return nil
			}
			choices, looped = p.oneOf, true
		}
		var next []string
		for _, o := range outs {
			for _, c := range choices {
				next = append(next, o+c)
			}
		}
		if len(next) > maxLoopWords {
			return nil
		}
		outs = next
	}
	if !looped {
		return nil
	}
	var repos []string
	for _, o := range outs {
		// A value may hold the whole owner/name and more: the repository
		// is the first two segments.
		if seg := strings.SplitN(o, "/", 3); len(seg) == 3 {
			o = seg[0] + "/" + seg[1]
		}
		if o == "" {
			// An empty value names no repository: a request to
			// repos//releases reaches none.
			continue
		}
		r := a.resolveRepo(o)
		if r == "" {
			return nil
		}
		repos = append(repos, r)
	}
	return uniq(repos)
}

// restOwnerName is the byte offset in a REST path's or URL's text where
// the owner/name of its /repos/OWNER/NAME starts, -1 when it has none.
func restOwnerName(s string) int {
	switch {
	case strings.HasPrefix(s, "repos/"):
		return len("repos/")
	case strings.Contains(s, "/repos/"):
		return strings.Index(s, "/repos/") + len("/repos/")
	}
	return -1
}

// gitURLUser returns a git URL without the credentials it carries only as
// the user name of its user information (https://$USER:$TOKEN@github.com/o/r:
// git sends the password as the credential; the name before it is not
// one), and reports each of those as a name that goes to no service. A
// URL whose password carries no credential (https://$TOKEN:x-oauth-basic@,
// https://$TOKEN@) is returned as it is.
func (a *analyzer) gitURLUser(ctx *callCtx, url value) value {
	stripped, names := a.urlUserNames(url)
	for _, c := range names {
		a.addUse(Use{Credential: c, Line: ctx.line, Command: "git", Via: "url", GitHub: -1, Evidence: a.evidenceOf(ctx),
			NotCredential: "the user name of a git URL whose password is the credential"})
	}
	return stripped
}
