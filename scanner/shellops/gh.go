package shellops

import (
	"cmp"
	"path"
	"slices"
	"strings"

	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/knowledge"
)

// ghEnvMentioned reports whether gh's token variables are described by
// Input.Cred or set by the script (then Input.ImplicitGH is not used).
func (a *analyzer) ghEnvMentioned() bool {
	if a.touchedGH {
		return true
	}
	for _, n := range ghTokenVars() {
		if _, ok := a.in.Cred[n]; ok {
			return true
		}
	}
	return false
}

// ghCreds returns the credentials gh would use and how it gets them.
func (a *analyzer) ghCreds(overlay map[string]*variable) ([]string, string) {
	for _, n := range ghTokenVars() {
		v, ok := a.envVar(n, overlay)
		if !ok {
			continue
		}
		if cs := v.creds(); len(cs) > 0 {
			return cs, "env"
		}
		if v.known() && v.String() == "" {
			continue
		}
		return nil, "" // a token we do not track
	}
	if len(a.ghLogin) > 0 {
		return a.ghLogin, "stored"
	}
	if !a.ghEnvMentioned() && len(a.in.ImplicitGH) > 0 {
		return uniq(a.in.ImplicitGH), "env"
	}
	return nil, ""
}

// gh handles a gh invocation.
func (a *analyzer) gh(ctx *callCtx, args []value) value {
	strs := make([]string, len(args))
	for i, x := range args {
		strs[i] = x.String()
	}
	sub, verb := "", ""
	if len(strs) > 0 {
		sub = strs[0]
	}
	if len(strs) > 1 {
		verb = strs[1]
	}
	creds, via := a.ghCreds(ctx.overlay)
	if sub == "auth" {
		switch verb {
		case "login":
			if hasFlag(args, "--with-token") {
				in := ctx.stdin.creds()
				if len(in) > 0 {
					if a.cond > 0 {
						a.ghLogin = union(a.ghLogin, in)
					} else {
						a.ghLogin = in
					}
					creds, via = in, "stdin"
				}
			}
		case "token":
			return value{parts: []part{{text: "{gh auth token}", creds: creds, line: ctx.sline}}}
		case "setup-git":
			a.ghGitCreds = creds
			// git's credential helper is now gh, which reads GH_TOKEN or
			// GITHUB_TOKEN from git's environment.
			a.gitHelper = "gh's credential helper (gh auth setup-git)"
		}
	}
	// Credentials given to gh as arguments (gh secret set -b "$TOKEN") are
	// data gh stores or sends, not the token it authenticates with.
	var argCreds []string
	for _, x := range args {
		for _, c := range x.creds() {
			if !contains(creds, c) {
				argCreds = append(argCreds, c)
			}
		}
	}
	if len(argCreds) > 0 {
		what := "gh"
		if sub != "" {
			what += " " + sub
		}
		if verb != "" && !strings.HasPrefix(verb, "-") {
			what += " " + verb
		}
		for _, c := range uniq(argCreds) {
			a.addUse(Use{Credential: c, Line: ctx.line, Command: "gh", Via: "arg", GitHub: 0,
				Unresolved: "credential passed as a value to " + what + " (not gh's own token)", Evidence: a.evidenceOf(ctx)})
		}
	}
	if len(creds) == 0 {
		return value{parts: []part{{text: "{gh}", line: ctx.sline}}}
	}
	host := "api.github.com"
	if v, ok := a.envVar("GH_HOST", ctx.overlay); ok && v.known() && v.String() != "" && v.String() != "github.com" {
		host = v.String()
	}
	if v, ok := flagValue(args, "--hostname"); ok && v.known() && v.String() != "github.com" {
		host = v.String()
	}
	repos, runTime := a.ghRepos(ctx, args, strs)
	if runTime != "" {
		repos = append(repos, runTime)
	}
	for _, c := range creds {
		a.addUse(Use{
			Credential:  c,
			Line:        ctx.line,
			Command:     "gh",
			Via:         via,
			Host:        host,
			GitHub:      +1,
			GHArgs:      append([]string(nil), strs...),
			HeadPushed:  a.headPushed(strs),
			TargetRepos: repos,
			Evidence:    a.evidenceOf(ctx),
		})
	}
	return value{parts: []part{{text: "{gh}", line: ctx.sline}}}
}

// ghRepos lists the repositories a gh command names: -R/--repo, GH_REPO,
// the path of gh api, and the argument of gh repo <verb>. runTime is the
// first of them named, in part, by a value not known before the run (see
// runTimeOwnerName), written as inventory.RunTimeRepo writes it; "" when
// there is none.
func (a *analyzer) ghRepos(ctx *callCtx, args []value, strs []string) (repos []string, runTime string) {
	var out []string
	add := func(s string) {
		if r := a.resolveRepo(s); r != "" {
			out = append(out, r)
		}
	}
	// addValue adds a value that names a repository as [HOST/]OWNER/NAME.
	addValue := func(v value) {
		rs, rt := a.valueRepos(v)
		out = append(out, rs...)
		runTime = cmp.Or(runTime, rt)
	}
	if v, ok := flagValue(args, "-R", "--repo"); ok {
		n := len(out)
		addValue(v)
		if len(out) == n && runTime == "" && !v.known() {
			// --repo "$FORK": a repository the value names only at run
			// time (an input, a pull request's head repository, which is
			// a contributor's fork when the pull request comes from one),
			// which may be another than this one.
			what := "{the repository " + v.String() + " names}"
			if len(v.parts) == 1 && a.in.HeadRepo[v.parts[0].ref] {
				what = "{the pull request's head repository " + v.String() + ", a fork when the pull request comes from one}"
			}
			runTime = inventory.RunTimeRepo(what)
		}
	}
	if v, ok := a.envVar("GH_REPO", ctx.overlay); ok {
		addValue(v)
	} else if _, set := slices.BinarySearch(a.in.EnvSet, "GH_REPO"); set {
		// Set by the step's env: (Input.Known has its value when the
		// scan knows it).
		v, _ := a.lookup("GH_REPO")
		addValue(v)
	}
	if len(strs) >= 2 && strs[0] == "api" {
		if call, err := knowledge.ParseGHAPI(strs[1:]); err == nil && !call.IsGraphQL {
			endpoint := strings.TrimPrefix(call.Path, "/")
			for i, s := range strs[1:] {
				if strings.TrimPrefix(s, "/") != endpoint {
					continue
				}
				if seg := strings.SplitN(strings.TrimPrefix(endpoint, "repos/"), "/", 3); strings.HasPrefix(endpoint, "repos/") && len(seg) >= 2 {
					if (seg[0] == ":owner" || seg[0] == "{owner}") && (seg[1] == ":repo" || seg[1] == "{repo}") {
						add("{owner}/{repo}")
					} else if r := a.resolveRepo(seg[0] + "/" + seg[1]); r != "" {
						out = append(out, r)
					} else if rs := a.loopRepos(args[i+1], restOwnerName(s)); rs != nil {
						out = append(out, rs...)
					} else if runTime == "" && a.runTimeOwnerName(args[i+1], restOwnerName(s)) {
						runTime = a.runTimeRepo(args[i+1], restOwnerName(s))
					}
				}
				break
			}
		}
	}
	if len(strs) >= 3 && strs[0] == "repo" {
		switch strs[1] {
		case "clone", "view", "fork", "sync", "edit", "delete", "archive", "rename", "create", "set-default":
			for i, s := range strs[2:] {
				if !strings.HasPrefix(s, "-") {
					addValue(args[i+2])
					break
				}
			}
		}
	}
	if len(strs) >= 3 && (strs[0] == "pr" || strs[0] == "issue") {
		// gh pr close https://github.com/OWNER/NAME/pull/N: a pull
		// request or issue named by its URL is of the URL's repository,
		// whatever --repo and the folder say.
		for i, s := range strs[2:] {
			if i == 0 && !args[2].known() && namesItemURL(s) {
				// gh pr comment "$PR_URL": an item named by a URL known
				// only at run time (an input, a step's output) is of
				// whatever repository that URL names.
				runTime = cmp.Or(runTime, inventory.RunTimeRepo("{the repository of "+s+"}"))
				continue
			}
			t := trimGitHubPrefix(s)
			if t == s {
				continue
			}
			for _, sep := range []string{"/pull/", "/issues/"} {
				if !strings.Contains(t, sep) {
					continue
				}
				if before, _, ok := args[i+2].cut(sep); ok {
					addValue(before)
				}
				break
			}
		}
	}
	if len(out) == 0 && runTime == "" && !(len(strs) > 0 && strs[0] == "api") {
		if r, ok := a.foreignCheckout(); ok {
			// gh works on the repository of the folder it runs in: the
			// first of its remotes in gh's order (upstream, github,
			// origin) when it cannot prompt, as in a workflow. A remote
			// the script added under one of the first two names may be
			// that one, so its repository counts as well.
			out = append(out, r)
			remotes := a.preferredRemotes()
			for _, name := range ghPreferredRemotes {
				rr, set := remotes[name]
				switch {
				case !set:
				case rr != "":
					out = append(out, rr)
				default:
					runTime = cmp.Or(runTime, inventory.RunTimeRepo("{the repository of the git remote "+name+"}"))
				}
			}
		}
	}
	return uniq(out), runTime
}

// namesItemURL reports an argument of gh pr or gh issue, as the scan
// writes it ({NAME} for a value known only at run time), that is a URL by
// its name (PR_URL, inputs.pr_url, steps.x.outputs.url) and not the
// event's own item's (github.event.pull_request.html_url, which is of
// this repository).
func namesItemURL(s string) bool {
	l := strings.ToLower(s)
	if !strings.Contains(l, "url") || strings.Contains(l, "github.event.") {
		return false
	}
	return strings.HasPrefix(l, "{") || strings.HasPrefix(l, "$")
}

// valueRepos are the repositories a value that names one as
// [HOST/]OWNER/NAME stands for: the one it names, the combinations of a
// loop's words, or, when part of it is known only at run time, that
// (runTime, as inventory.RunTimeRepo writes it).
func (a *analyzer) valueRepos(v value) (repos []string, runTime string) {
	s := v.String()
	start := len(s) - len(trimGitHubPrefix(s))
	if r := a.resolveRepo(s); r != "" {
		return []string{r}, ""
	}
	if rs := a.loopRepos(v, start); rs != nil {
		return rs, ""
	}
	if a.runTimeOwnerName(v, start) {
		return nil, a.runTimeRepo(v, start)
	}
	return nil, ""
}

// foreignCheckout is the repository checked out (Input.Checkouts) in the
// folder the script is in, when that is another repository's checkout.
// A repository the script cloned counts as well, the latest clone into a
// folder first.
func (a *analyzer) foreignCheckout() (string, bool) {
	cwd, ok := a.cwdInWorkspace()
	if !ok || len(a.in.Checkouts) == 0 && len(a.clones) == 0 {
		return "", false
	}
	best, repo := "", ""
	for _, m := range []map[string]string{a.in.Checkouts, a.clones} {
		for d, r := range m {
			if (cwd == d || strings.HasPrefix(cwd, d+"/")) && len(d) >= len(best) {
				best, repo = d, r
			}
		}
	}
	return repo, best != ""
}

// cwdInWorkspace is the folder the script is in, from the workspace root
// (a.dir is from there, wherever the repository's checkout is), when known
// and inside the workspace.
func (a *analyzer) cwdInWorkspace() (string, bool) {
	if !a.dirKnown || a.in.RepoRoot == "" || path.IsAbs(a.dir) {
		return "", false
	}
	cwd := path.Clean(a.dir)
	if cwd == ".." || strings.HasPrefix(cwd, "../") {
		return "", false
	}
	return cwd, true
}

// knownCwd is the folder the script is in, relative to the workspace, ""
// when it is not known.
func (a *analyzer) knownCwd() string {
	cwd, _ := a.cwdInWorkspace()
	return cwd
}

// noteClone records that `git clone` put repo (owner/name, another than
// the workflow's) into the folder its arguments after the URL name (rest),
// else the folder named for the repository: a gh command run there works
// on repo.
func (a *analyzer) noteClone(repo string, rest []value) {
	if repo == "" || strings.EqualFold(repo, a.in.Repo) {
		return
	}
	cwd, ok := a.cwdInWorkspace()
	if !ok {
		return
	}
	_, dest, _ := strings.Cut(repo, "/")
	if len(rest) > 0 {
		if !rest[0].known() {
			return
		}
		dest = rest[0].String()
	}
	if dest == "" || path.IsAbs(dest) {
		return
	}
	d := path.Clean(path.Join(cwd, dest))
	if d == "." || d == ".." || strings.HasPrefix(d, "../") {
		return
	}
	if a.clones == nil {
		a.clones = map[string]string{}
	}
	a.clones[d] = repo
}

// ghPreferredRemotes are the remote names gh takes before origin, in its
// order, when it picks the repository of a folder without prompting.
var ghPreferredRemotes = []string{"upstream", "github"}

// preferredRemotes are the remotes of ghPreferredRemotes known so far,
// with the owner/name of their repository ("" when not known): those the
// script set, else those code it ran added; where that names no
// repository, those earlier steps added (Input.Remotes).
func (a *analyzer) preferredRemotes() map[string]string {
	out := map[string]string{}
	for _, name := range ghPreferredRemotes {
		if v, set := a.remotes[name]; set {
			out[name] = a.gitURLRepo(v)
		} else if r, set := a.followedRemotes[name]; set {
			out[name] = r
		}
		if r, set := a.in.Remotes[name]; set && out[name] == "" {
			out[name] = r
		}
	}
	return out
}

// trimGitHubPrefix drops the github.com URL or host a repository argument
// may start with (https://github.com/OWNER/NAME, github.com/OWNER/NAME).
func trimGitHubPrefix(s string) string {
	for _, p := range []string{"https://github.com/", "http://github.com/", "github.com/"} {
		s = strings.TrimPrefix(s, p)
	}
	return s
}

// resolveRepo returns owner/name for s ({owner}/{repo} is Input.Repo), or
// "" when s is not a concrete repository.
func (a *analyzer) resolveRepo(s string) string {
	s = strings.TrimSpace(s)
	s = trimGitHubPrefix(strings.TrimSuffix(s, ".git"))
	if s == "{owner}/{repo}" {
		return a.in.Repo
	}
	if name, ok := strings.CutPrefix(s, "{owner}/"); ok && name != "" && !strings.ContainsAny(name, "{}$ :@\"'/") {
		// A repository of the workflow's owner.
		if _, self, ok := strings.Cut(a.in.Repo, "/"); ok && strings.EqualFold(self, name) {
			return a.in.Repo
		}
		return s
	}
	if a.in.Repo != "" && strings.HasPrefix(s, "{owner}/{repo}") {
		// A name made from the workflow's own (${{ github.repository
		// }}-release): another repository of the same owner.
		s = a.in.Repo + strings.TrimPrefix(s, "{owner}/{repo}")
	}
	if strings.Count(s, "/") != 1 || strings.ContainsAny(s, "{}$ :@\"'") {
		return ""
	}
	o, r, _ := strings.Cut(s, "/")
	if o == "" || r == "" {
		return ""
	}
	return s
}

// headPushed is, for gh pr create without --head, the earlier push of the
// script that set the current branch's upstream; "" otherwise.
func (a *analyzer) headPushed(args []string) string {
	if len(args) < 2 || args[0] != "pr" || args[1] != "create" || a.upstreamPushed == "" {
		return ""
	}
	return a.upstreamPushed
}
