package scanner

import (
	"encoding/json"
	"errors"
	"io/fs"
	"maps"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/knowledge"
	"github.com/pat2app/pat2app/repofiles"
	"github.com/pat2app/pat2app/scanner/shellops"
	"github.com/rhysd/actionlint"
)

// The generic reading of an action step, from the action's row of
// knowledge/data/actions.tsv: a credential given to one of its token inputs
// or variables is the action's operation; one given to a step of an action
// without a row, or to an input the row does not name, is left for review.

// actionInput records one credential passed to an action input.
func (js *jobState) actionInput(s *actionStep, c, input string, line int) {
	b := js.a.get(js.id, c)
	name := s.name
	subj := inventory.Subject{Action: name, Input: input}
	b.use(inventory.Use{Line: line, Step: s.label, Via: inventory.ViaInput, Target: s.shown() + " " + input, Subject: subj})
	if s.h.input(js, s, b, input, line) || js.sourcedInput(s, b, input, false, line) {
		return
	}
	ev := name + " " + input
	if host, ok := credURLHost(s.rawInput(input)); ok && knowledge.IsGitHubHost(host) {
		// https://user:TOKEN@github.com given to an action is a git
		// credential for GitHub, which git commands of later steps
		// may use (setup-git-credentials and the like store it).
		b.signal(1, true, "a git credential for "+host+" given to "+name)
		js.stored = append(js.stored, shellops.Stored{Tool: "git", Host: host, Credentials: []string{c}})
	}
	switch {
	case s.known && s.info.Registry != "" && containsFold(s.info.TokenInputs, input) && s.otherRegistry() != "":
		// A registry login whose row is for GitHub's registry, given
		// another registry: the password is that registry's.
		b.signal(-1, true, "input "+input+" of "+name+", whose registry input names "+s.otherRegistry())
		return
	case s.known && containsFold(s.info.TokenInputs, input):
		b.signal(1, true, "token input of "+name)
		js.tokenOp(s, b, input, line, ev)
		return
	case strings.HasPrefix(name, "./") && s.checkedOut == "":
		if callee := js.localAction(name); callee != nil {
			if !callee.hasCredential("inputs."+input) || len(knownInputs(s.ex.Inputs, nil)) > 0 || js.persistedDefault {
				// An input not named like a credential, inputs given
				// literal values (a repository to work on), or the
				// workflow's token in the git configuration (a push goes
				// with it, not with a helper the action sets up): read
				// the action again with what this step gives bound.
				if bound := js.localComposite(s, false, js.persistedDefault); bound != nil {
					callee = bound
				}
			}
			js.fromCallee(b, callee, "inputs."+input)
			return
		}
	case !s.known && knowledge.OtherServiceAction(name) && namedGitHubTokenInput(input):
		// A publisher row says the actions are another service's, but
		// the input is named for a GitHub token (gitHubToken: a
		// deployment of the workflow's repository): it is meant for
		// GitHub, and the row does not say what the action does with it.
		b.signal(1, false, "input "+input+" of "+name)
		b.unresolved(line, ev, "action "+name+" is not in the knowledge base (its publisher's row says another service), and its input "+input+" is named for a GitHub token; what it does with it is not known", subj)
		b.op(inventory.Operation{Kind: inventory.OpAction, Method: "ACTION", Path: name, Name: name, Subject: subj, Inputs: js.literalInputs(s), Evidence: at(line, ev)})
		return
	case knowledge.OtherServiceAction(name) || s.known && s.info.OtherService:
		b.signal(-1, true, "input of "+name)
		return
	case !s.known && !strings.HasPrefix(name, "./") && knowledge.IsAppKeyInput(input) && strings.Contains(input, "app"):
		// An App's private key input named for a GitHub App
		// (github-app-private-key, app-private-key): the action
		// mints the App's tokens itself. A bare private-key input
		// may be an SSH or signing key, and is not read so.
		// The token it mints is used inside the action, which is not
		// read: what that token does, and so the App's permissions, is
		// left for review.
		b.appKey = true
		b.signal(1, true, "App private key input "+input+" of "+name)
		b.unresolved(line, ev, js.unknownAction(s)+" (it mints the App's token from the key and uses it itself)", subj)
		return
	case !s.known && !strings.HasPrefix(name, "./") && knowledge.IsGitHubTokenInput(input) && s.otherHost() != "":
		// The input is named like a GitHub token's, but the step names
		// the service the action talks to, and it is not GitHub.
		b.signal(-1, false, "input "+input+" of "+name+", whose host input names "+s.otherHost())
		return
	case !s.known && !strings.HasPrefix(name, "./") && postsToMessagingService(name) && !spellsGitHub(input):
		// An action named for the chat service it posts to takes that
		// service's token in its generic token input.
		b.signal(-1, false, "input "+input+" of "+name+", an action named for the messaging service it posts to")
		return
	case !s.known && !strings.HasPrefix(name, "./") && repoNameSuggests(name, knowledge.WordRemoteShell) && !namesGitHub(input):
		// An action named for the remote shell or copy it runs (a fork
		// of appleboy/ssh-action) takes that host's key and password.
		b.signal(-1, false, "input "+input+" of "+name+", an action named for the remote shell or copy it runs on another host")
		return
	case !s.known && knowledge.IsGitHubTokenInput(input):
		b.signal(1, false, "input "+input+" of "+name)
		b.gitHubNamedPos = b.gitHubNamedPos || namesGitHub(input) && !strings.Contains(strings.ToLower(input), "repo")
		op := inventory.Operation{Kind: inventory.OpAction, Method: "ACTION", Path: name, Name: name, Subject: subj, Inputs: js.literalInputs(s), Evidence: at(line, ev)}
		if strings.HasPrefix(name, "./") && s.checkedOut == "" {
			b.unresolved(line, ev, "passed to the local action "+name+"; see its own findings", subj)
		} else {
			b.unresolved(line, ev, js.unknownAction(s), subj)
			// What it does is not known, but where is: the
			// repositories its target inputs name (owner: qgis, repo:
			// QGIS-Documentation), which the job's token must reach.
			op.Repos = js.stepTargets(s, b, line)
		}
		b.op(op)
		return
	}
	if s.known && !containsFold(s.info.TokenInputs, input) && !knowledge.IsGitHubTokenInput(input) {
		// The action's row lists the inputs that take a GitHub token;
		// another credential input (server-password) is not one.
		b.notGitHubHint("input " + input + " of " + name + " is not one of its GitHub token inputs")
		b.unresolved(line, ev, "passed to input "+input+" of "+name+", which is not a token input", subj)
		return
	}
	flag := credFlagName(s.rawInput(input), c)
	switch {
	case !s.known && flag != "" && knowledge.IsGitHubTokenInput(strings.ToLower(flag)):
		// A command line in the input (args: --token=${{ secrets.X }}):
		// the option it is given to names what it is, not the input.
		b.signal(1, false, "--"+flag+" in input "+input+" of "+name)
	case !s.known && !strings.HasPrefix(name, "./") && (flag != "" && namesOtherPurpose(flag) || flag == "" && namesOtherPurpose(input)) && !namedForGitHubToken(name):
		what := "input " + input
		if flag != "" {
			what = "--" + flag + " in input " + input
		}
		b.notGitHubHint(what + " of " + name + " is named for another purpose than GitHub")
	default:
		b.signal(0, false, "")
	}
	if why := js.notRead(s); why != "" {
		b.unresolved(line, ev, "passed to input "+input+"; "+why, subj)
		return
	}
	if s.checkedOut != "" {
		b.unresolved(line, ev, "passed to input "+input+"; "+js.unknownAction(s), subj)
		return
	}
	b.unresolved(line, ev, "passed to "+name+" input "+input+"; its use is not visible", subj)
}

// unknownAction says why what an action without a row does with a token
// is not known.
func (js *jobState) unknownAction(s *actionStep) string {
	if s.checkedOut != "" {
		return "action " + s.name + " is not read: it comes from " + s.checkedOut + "; what it does with the token is not known"
	}
	if why := js.notRead(s); why != "" {
		return why + "; what it does with the token is not known"
	}
	return "action " + s.name + " is not in the knowledge base; what it does with the token is not known"
}

// actionEnv records a credential an action reads from its env.
func (js *jobState) actionEnv(s *actionStep, k string, e envEntry) {
	name := s.name
	envUnread := takesTokenByInput(s) && !s.readsTokenEnv(k) && s.flagPassing(k) == "" && !knowledge.IsGitHubTokenEnv(k)
	for _, c := range e.creds {
		if envUnread && js.tokenInputHolds(s, c) {
			// An action whose row says it takes its token through an
			// input, reads none from the environment and runs no code
			// of the repository, given this credential through that
			// input, has no use for it in $k too (an env: entry only
			// the step's if: tests, say). An older release that read
			// its token from the environment (peaceiris/actions-gh-pages
			// v2's PERSONAL_TOKEN) is given none through an input.
			continue
		}
		b := js.a.get(js.id, c)
		ev := name + " env " + k
		subj := inventory.Subject{Action: name, Input: k}
		b.use(inventory.Use{Line: e.line, Step: s.label, Via: inventory.ViaEnv, Target: s.shown() + " env " + k, Subject: subj})
		if js.sourcedInput(s, b, k, true, e.line) {
			continue
		}
		flag := s.flagPassing(k)
		switch {
		case s.readsTokenEnv(k):
			b.signal(1, true, "token env of "+name)
			js.tokenOp(s, b, k, e.line, ev)
		case flag != "" && !s.known:
			// A literal input hands the variable to a --github-token
			// flag of what the action runs.
			b.signal(1, false, name+" passes $"+k+" as --"+flag)
			b.unresolved(e.line, ev, "action "+name+" passes it as --"+flag+" to what it runs; what that does with it is not known", subj)
			if !strings.HasPrefix(name, "./") {
				b.op(inventory.Operation{Kind: inventory.OpAction, Method: "ACTION", Path: name, Name: name, Subject: subj, Evidence: at(e.line, ev)})
			}
		case knowledge.OtherServiceAction(name) && knowledge.IsGitHubTokenEnv(k) && e.level == "step" && !s.known:
			// A publisher row says the actions are another service's,
			// but the step's own env: gives this one a GitHub token: it
			// is meant for it (an agent that runs gh), and the row does
			// not say what the action does with it.
			b.signal(1, false, ev)
			b.unresolved(e.line, ev, "action "+name+" is not in the knowledge base (its publisher's row says another service), and the step gives it $"+k+"; what it does with it is not known", subj)
			b.op(inventory.Operation{Kind: inventory.OpAction, Method: "ACTION", Path: name, Name: name, Subject: subj, Evidence: at(e.line, ev)})
		case knowledge.OtherServiceAction(name) && knowledge.IsGitHubTokenEnv(k):
			// Another service's action does not read a variable GitHub
			// tools take their token from: not a use, of either kind.
			b.signal(0, false, "")
		case knowledge.OtherServiceAction(name) || knowledge.IsOtherServiceEnv(k):
			b.signal(-1, false, ev)
		case knowledge.IsGitHubTokenEnv(k):
			b.signal(1, false, ev)
			if s.known {
				js.tokenOp(s, b, k, e.line, ev)
			} else if js.localCompositeEnv(s, b) {
				// The repository's own composite action: its steps say
				// what they do with the variable.
			} else {
				b.unresolved(e.line, ev, js.unknownAction(s), subj)
				b.op(inventory.Operation{Kind: inventory.OpAction, Method: "ACTION", Path: name, Name: name, Subject: subj, Evidence: at(e.line, ev)})
			}
		case s.h.envUnread(js, s, k):
			// Nothing the action runs reads it: not a use.
			b.signal(0, false, "")
		case s.h.envRead(js, s, k, []string{c}):
			// The action's reading of its code says what it does with it.
		default:
			// A github-script body that names the variable hands it to
			// code not followed (a function of a required file): that code
			// may send it to GitHub whatever the variable's name says.
			if namesOtherPurpose(k) && !githubScriptNames(s, k) {
				b.notGitHubHint("env " + k + " of " + name + " is named for another purpose than GitHub")
			} else {
				b.signal(0, false, "")
			}
			if namesOtherPurpose(k) || !js.followLocalEnv(s, b, k, e.line, ev, subj) {
				// Not the repository's own composite action, whose
				// steps would say what they do with the variable, or a
				// variable named for another purpose (STORE_FILE), whose
				// name says more than what else its steps run.
				b.unresolved(e.line, ev, "env "+k+" of "+name+"; its use is not visible", subj)
			}
		}
	}
}

// namedForGitHubToken reports an action whose repository's name says it
// takes a GitHub token or git credentials (frankdejonge/use-github-token,
// fusion-engineering/setup-git-credentials): whatever its input is called
// (authentication), what it is given is taken for GitHub's.
func namedForGitHubToken(action string) bool {
	_, repo, _ := strings.Cut(strings.ToLower(action), "/")
	repo, _, _ = strings.Cut(repo, "@")
	for _, w := range []string{"github-token", "github_token", "gh-token", "git-credential", "github-credential", "github-app-token"} {
		if strings.Contains(repo, w) {
			return true
		}
	}
	return false
}

// takesTokenByInput reports a step's action whose knowledge row says it
// takes its GitHub token through an input and from no environment
// variable, and that runs no code of the repository or the step
// (knowledge.ActionRunsCode, Dynamic): an env variable of another name
// reaches nothing it reads.
func takesTokenByInput(s *actionStep) bool {
	return s.known && !s.info.Dynamic && len(s.info.TokenInputs) > 0 && len(s.info.TokenEnv) == 0 &&
		!strings.HasPrefix(s.name, "./") && len(knowledge.ActionRunsCode(s.name)) == 0
}

// tokenInputHolds reports whether the step gives credential c to one of
// the inputs its action's row says take a GitHub token.
func (js *jobState) tokenInputHolds(s *actionStep, c string) bool {
	for _, in := range s.info.TokenInputs {
		for k, v := range s.ex.Inputs {
			if !strings.EqualFold(k, in) || v == nil || v.Value == nil {
				continue
			}
			for _, sp := range js.a.findExprs(v.Value.Value) {
				for _, r := range sp.Refs {
					if !sp.Existence && slices.Contains(js.resolve(r, s.env), c) {
						return true
					}
				}
			}
		}
	}
	return false
}

// tokenOp records the operation of a token the action takes (through input
// or variable input): what the step's handler records, else the action
// operation with the target repositories the step names.
func (js *jobState) tokenOp(s *actionStep, b *builder, input string, line int, ev string) {
	name := s.name
	op := inventory.Operation{Kind: inventory.OpAction, Method: "ACTION", Path: name, Name: name, Subject: inventory.Subject{Action: name, Input: input},
		Inputs: js.literalInputs(s), Writes: s.info.Permissions.Writes(), Evidence: at(line, ev)}
	if !s.known || s.info.Permissions["contents"] == "write" || !s.info.PushesWithPersistedCredentials {
		// An action that pushes with what actions/checkout persisted,
		// and whose own token needs no contents write, pushes nothing
		// with that token: the persisted one's push carries the changes.
		op.WorkflowsBecause = js.pushedWorkflows(s)
		op.TouchesWorkflows = op.WorkflowsBecause != ""
	}
	op.SkipsCI = js.pushSkipsCI(s)
	if s.h.tokenOp(js, s, b, &op) {
		return
	}
	if _, own := knowledge.OwnRepoTokenInputOf(name, input); own {
		// The credential of this input works on the workflow's own
		// repository alone (a reaction to the command's comment),
		// whatever repositories the step names for its other token.
		b.op(op)
		return
	}
	if isBuiltinToken(b.f.Credential) && js.givesOtherCredential(s) {
		// The step gives the action the workflow's token and another
		// credential: the other is for what the built-in token cannot
		// reach, the repositories the step names.
		b.op(op)
		return
	}
	if r := js.stepTargets(s, b, line); len(r) > 0 {
		op.Repos = r
	}
	b.op(op)
}

// givesOtherCredential reports whether an action step's inputs or its own
// env: give a credential other than the workflow's token.
func (js *jobState) givesOtherCredential(s *actionStep) bool {
	other := func(creds []string) bool {
		return slices.ContainsFunc(creds, func(c string) bool { return !isBuiltinToken(c) })
	}
	for _, e := range s.env {
		if e.level == "step" && other(e.creds) {
			return true
		}
	}
	for _, k := range sortedKeys(s.ex.Inputs) {
		in := s.ex.Inputs[k]
		if in == nil || in.Value == nil {
			continue
		}
		for _, ref := range js.a.stringExprs(in.Value) {
			for _, r := range ref.span.Refs {
				if other(js.resolve(r, s.env)) {
					return true
				}
			}
		}
	}
	return false
}

// pushSkipsCI is, for an action that pushes the commits earlier steps
// made (data/worktree-actions.tsv, worktree) and no tags by its step's
// inputs, why the last of those commits starts no push or pull_request
// workflow (a [skip ci] message, shellops.Head.SkipCI); "" otherwise.
func (js *jobState) pushSkipsCI(s *actionStep) string {
	if js.headSkipCI == "" || knowledge.WorktreePushes(s.name) != knowledge.PushesWorktree {
		return ""
	}
	if t := strings.ToLower(strings.TrimSpace(s.lit("tags"))); t != "" && t != "false" {
		return "" // it pushes tags too
	}
	return js.headSkipCI
}

// stepTarget is the first of stepTargets, "" when there is none.
func (js *jobState) stepTarget(s *actionStep, b *builder, line int) string {
	if t := js.stepTargets(s, b, line); len(t) > 0 {
		return t[0]
	}
	return ""
}

// stepTargets are the repositories a step works on other than the
// workflow's own: the checkout its folder input (or the workspace) holds,
// and each repository its target-repository inputs name (owner/name, or
// {owner}/name for the workflow's owner): create-pull-request pushes to
// push-to-fork and opens the pull request in the checked-out repository.
// One chosen at run time is left for review.
func (js *jobState) stepTargets(s *actionStep, b *builder, line int) []string {
	var out []string
	if r, ok := js.workspaceTarget(s, b, line); ok {
		if r == "" {
			return nil
		}
		out = append(out, r)
	}
	for _, k := range knowledge.TargetRepoInputs() {
		if rs, ok := js.pairedMatrixValues(s, k, b.f.Credential); ok {
			// The matrix pairs each repository with its own secret.
			for _, one := range rs {
				out = js.stepTarget1(s, b, line, k, one, out)
			}
			continue
		}
		for _, r := range js.expandChoices(s.lit(k)) {
			for _, one := range lineList(r) {
				out = js.stepTarget1(s, b, line, k, one, out)
			}
		}
	}
	for _, k := range knowledge.TapInputs() {
		// A Homebrew tap USER/NAME is the repository USER/homebrew-NAME.
		for _, r := range js.expandChoices(s.lit(k)) {
			if owner, name, ok := strings.Cut(strings.TrimSpace(r), "/"); ok && owner != "" && name != "" && !strings.Contains(name, "/") {
				if !strings.HasPrefix(strings.ToLower(name), "homebrew-") {
					name = "homebrew-" + name
				}
				out = js.stepTarget1(s, b, line, k, owner+"/"+name, out)
			}
		}
	}
	for _, k := range slices.Sorted(maps.Keys(s.ex.Inputs)) {
		// A literal JSON input (peter-evans/slash-command-dispatch's
		// config) names the repositories of its entries.
		for _, r := range jsonRepositories(s.lit(k)) {
			out = js.stepTarget1(s, b, line, k, r, out)
		}
	}
	js.otherRepoInputs(s, b, line, out)
	if len(out) > 0 && js.a.self != "" && knowledge.ActsOnOwnRepo(s.name) {
		// It works here too (a permission check, a reaction).
		out = appendUnique(out, js.a.self)
	}
	return out
}

// lineList splits an input's value written as one item a line (a YAML
// block of repositories) into its items, trimmed, empty lines left out; a
// value on one line is itself.
func lineList(v string) []string {
	v = strings.TrimSpace(v)
	if !strings.Contains(v, "\n") {
		return []string{v}
	}
	var out []string
	for _, l := range strings.Split(v, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// jsonRepositories lists the values of the "repository" keys of a JSON
// input (an object, or an array of objects, at any depth), "" entries
// and values that are not strings left out; nil when the value is not
// JSON.
func jsonRepositories(v string) []string {
	v = strings.TrimSpace(v)
	if v == "" || v[0] != '[' && v[0] != '{' {
		return nil
	}
	var doc any
	if err := json.Unmarshal([]byte(v), &doc); err != nil {
		return nil
	}
	var out []string
	var walk func(x any, depth int)
	walk = func(x any, depth int) {
		if depth > 8 {
			return
		}
		switch x := x.(type) {
		case []any:
			for _, e := range x {
				walk(e, depth+1)
			}
		case map[string]any:
			for k, e := range x {
				if s, ok := e.(string); ok && strings.EqualFold(k, "repository") && strings.TrimSpace(s) != "" {
					out = appendUnique(out, strings.TrimSpace(s))
					continue
				}
				walk(e, depth+1)
			}
		}
	}
	walk(doc, 0)
	slices.Sort(out)
	return out
}

// otherRepoInputs leaves for review each repository an input named for a
// repository names when input-names.tsv gives that input no meaning
// (peaceiris/actions-gh-pages' external_repository was one): the action
// may work there rather than, or besides, where the plan says. out are the
// targets already known.
func (js *jobState) otherRepoInputs(s *actionStep, b *builder, line int, out []string) {
	for _, k := range slices.Sorted(maps.Keys(s.ex.Inputs)) {
		if !repoNamedInput(k) || knowledge.IsNamedInput(k) {
			continue
		}
		for _, r := range js.expandChoices(s.lit(k)) {
			r = bareRepo(strings.TrimSpace(r))
			if !ownerSlashName(r) || isOwnRepoValue(r, "") || strings.EqualFold(r, js.a.self) || containsFold(out, r) {
				continue
			}
			b.unresolved(line, s.name+" "+k+": "+oneLine(r, 80),
				"the input is named for a repository and names "+r+"; whether "+s.name+" works on that repository is not known", inventory.Subject{Action: s.name, Input: k})
		}
	}
}

// repoNamedInput reports whether an input's name says it names a
// repository the action may write to (external_repository,
// target-repo-name): not a folder, file, URL, owner or branch of one, nor
// the repository it reads from (source_repo, upstream_sync_repo,
// template-repo).
func repoNamedInput(k string) bool {
	k = strings.ToLower(k)
	if !strings.Contains(k, "repo") {
		return false
	}
	for _, w := range []string{"path", "dir", "folder", "file", "url", "owner", "org", "branch", "token", "source", "upstream", "template", "from"} {
		if strings.Contains(k, w) {
			return false
		}
	}
	return true
}

// bareRepo is a repository written as its address on github.com
// (githubAddressRepo) as OWNER/NAME; any other value as it is.
func bareRepo(v string) string {
	if r, ok := githubAddressRepo(v); ok {
		return r
	}
	return v
}

// ownerSlashName reports whether v is written owner/name with the
// characters GitHub allows, not a relative path (./dist, a/b/c) nor an
// expression.
func ownerSlashName(v string) bool {
	owner, name, ok := strings.Cut(v, "/")
	if !ok || owner == "" || name == "" || strings.HasPrefix(owner, ".") || strings.Contains(name, "/") {
		return false
	}
	for _, r := range owner + name {
		if !(r == '-' || r == '_' || r == '.' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

// stepTarget1 adds to out the repositories one value r of the step's
// target-repository input k names, or leaves it for review.
func (js *jobState) stepTarget1(s *actionStep, b *builder, line int, k, r string, out []string) []string {
	r = bareRepo(r)
	switch {
	case r == "":
	case !strings.Contains(r, "${{") && strings.Count(r, "/") == 1:
		out = appendUnique(out, r)
		if knowledge.IsForkRepoInput(k) && len(out) == 1 && js.a.self != "" {
			// It pushes to the fork and keeps working on the
			// repository it runs in (the pull request is opened in the
			// parent): both are its targets.
			out = appendUnique(out, js.a.self)
		}
	case !strings.ContainsAny(r, "/${}") && s.ownerInput() != "":
		// repo: docs beside owner: napari names napari/docs.
		out = appendUnique(out, s.ownerInput()+"/"+r)
	case isOwnRepoValue(r, ""):
	case js.slashCommandOwnRepo(r):
		// The repository whose issue comment gave the slash command
		// this repository's own dispatcher sent here.
	case isCheckoutAction(s) && isHeadRepoValue(r):
		// A checkout of the pull request's head repository, this one or
		// a fork of it: the pushes from it say what a fork needs.
		// Another action writing there is left for review.
	default:
		if w := writeOwner(r, "{owner}"); strings.HasPrefix(w, "{owner}/") && !strings.Contains(w, "${{") {
			return appendUnique(out, w)
		}
		why := "the target repository is chosen at run time; it may be another repository"
		if !strings.ContainsAny(r, "/${}") {
			why = "it names the repository " + r + " without its owner, which the action takes from elsewhere; it may be another account's"
		}
		b.unresolved(line, s.name+" "+k+": "+oneLine(r, 80), why, inventory.Subject{Action: s.name, Input: k})
	}
	return out
}

// isCheckoutAction reports whether the step is actions/checkout.
func isCheckoutAction(s *actionStep) bool {
	_, ok := s.h.(checkoutAction)
	return ok
}

// persistedUse records what an action does with the credentials an earlier
// actions/checkout persisted: one whose row says it pushes with them does;
// an action without a row may, which a reviewer must check.
func (js *jobState) persistedUse(s *actionStep) {
	name := s.name
	if js.persistedDefault && len(js.persisted) == 0 && strings.HasPrefix(name, "./") && s.checkedOut == "" {
		// The workflow's own token, persisted: what the action's steps
		// do with it in the checkout's folder is the job's github.token's.
		if callee := js.localComposite(s, false, true); callee != nil && callee.hasCredential(shellops.DefaultToken) {
			b := js.a.get(js.id, shellops.DefaultToken)
			b.use(inventory.Use{Line: s.line, Step: s.label, Via: inventory.ViaCheckoutPersisted, Target: name, Subject: inventory.Subject{Action: name}})
			js.fromCallee(b, callee, shellops.DefaultToken)
		}
		return
	}
	// An action may push in any folder a checkout persisted a
	// credential in, unless an input names its folder.
	if strings.HasPrefix(name, "actions/") {
		return
	}
	all, def := js.allPersisted(), js.anyDefaultPersisted()
	var folderRepo string
	dir, folderKnown := js.actionFolder(s)
	if folderKnown {
		all, def = js.persistedInWithDefault(dir)
		folderRepo = js.foreignCheckouts()[dir]
	}
	all = slices.DeleteFunc(all, js.persistedNever)
	def = def && !js.persistedNever("")
	if def && s.known && s.info.PushesWithPersistedCredentials {
		// The workflow's own token, persisted by a checkout given none:
		// an action whose row pushes with the persisted credentials
		// pushes with it (the job's github.token row needs the push).
		all = appendUnique(all, shellops.DefaultToken)
	}
	if len(all) == 0 {
		return
	}
	if strings.HasPrefix(name, "./") && s.checkedOut == "" && len(js.persisted) > 0 {
		if callee := js.localComposite(s, true, false); callee != nil {
			// The repository's own composite action: its steps say what
			// they do with the persisted credentials (nothing, when none
			// of them runs git or an action that may).
			if callee.hasCredential(callerGitCredential) {
				for _, c := range js.persisted {
					js.fromCallee(js.a.get(js.id, c), callee, callerGitCredential)
				}
			}
			return
		}
	}
	gitWrite := ""
	if !s.known {
		gitWrite = s.givesGitWrite()
	}
	for _, c := range all {
		b := js.a.get(js.id, c)
		switch {
		case s.known && s.info.PushesWithPersistedCredentials:
			b.use(inventory.Use{Line: s.line, Step: s.label, Via: inventory.ViaCheckoutPersisted, Target: name, Subject: inventory.Subject{Action: name}})
			b.signal(1, true, name+" pushes with the persisted credentials")
			// The persisted credential only pushes; the permissions of the
			// action's row are its own token's.
			because := js.pushedWorkflows(s)
			if because == "" && js.treeWorkflows != "" {
				because = js.treeWorkflows // it pushes what earlier steps left
			}
			op := inventory.Operation{Kind: inventory.OpGit, Method: "GIT", Name: "push", Subject: inventory.Subject{Action: name}, Writes: true,
				TouchesWorkflows: because != "", WorkflowsBecause: because, SkipsCI: js.pushSkipsCI(s),
				Evidence: at(s.line, name+" pushes with the credentials actions/checkout persisted")}
			switch {
			case folderRepo != "":
				op.Repos = []string{folderRepo}
			case !folderKnown:
				// In a folder chosen at run time the credential pushes
				// to the repository whose checkout persisted it.
				op.Repos = js.persistedOnlyIn(c)
			}
			b.op(op)
		case !s.known && !knowledge.OtherServiceAction(name) && (knowledge.NameSuggests(name, knowledge.WordWritesGit) || s.setsGitIdentity()):
			b.use(inventory.Use{Line: s.line, Step: s.label, Via: inventory.ViaCheckoutPersisted, Target: name, Subject: inventory.Subject{Action: name}})
			b.unresolved(s.line, name+" runs with the credentials actions/checkout persisted", "action "+name+" is not in the knowledge base; it may push with them", inventory.Subject{Action: name})
		case gitWrite != "":
			// A wrapper given a command to run (a retry action's cmd:
			// git push): the command writes with what is persisted.
			b.use(inventory.Use{Line: s.line, Step: s.label, Via: inventory.ViaCheckoutPersisted, Target: name, Subject: inventory.Subject{Action: name, Input: gitWrite}})
			b.unresolved(s.line, name+" "+gitWrite+": "+oneLine(s.lit(gitWrite), 80), "action "+name+" is not read, and its input "+gitWrite+" is a command that writes with git (push, commit, tag): it may push with the credentials actions/checkout persisted", inventory.Subject{Action: name, Input: gitWrite})
		}
	}
}

// setsGitIdentity reports whether the step gives, in its own env: or
// with: keys, the identity of the commits it makes
// (knowledge.NameGitIdentity: GIT_AUTHOR_NAME, GIT_USER_EMAIL,
// commit_user_name): an action that commits, which a container image's
// action (docker://) or one without a row may push with the persisted
// credentials.
func (s *actionStep) setsGitIdentity() bool {
	if s.st != nil && s.st.Env != nil {
		for _, v := range s.st.Env.Vars {
			if v != nil && v.Name != nil && knowledge.NameMeans(v.Name.Value, knowledge.NameGitIdentity) {
				return true
			}
		}
	}
	if s.ex != nil {
		for _, in := range s.ex.Inputs {
			if in != nil && in.Name != nil && knowledge.NameMeans(in.Name.Value, knowledge.NameGitIdentity) {
				return true
			}
		}
	}
	return false
}

// ownerInput is the literal owner a step names beside a repository name
// (owner:, repo_owner:, repository_owner:, and danharrin/monorepo-split-
// github-action's repository_organization:), {owner} for the workflow's
// own account (${{ github.repository_owner }}, also as the action's default
// when the step does not give it: knowledge.ActionInputDefault), "" when
// none is given or it is chosen at run time.
func (s *actionStep) ownerInput() string {
	for _, k := range knowledge.TargetOwnerInputs() {
		v := strings.TrimSpace(s.lit(k))
		if _, given := s.ex.Inputs[k]; !given {
			// Not given: the action's default, when the knowledge
			// base has it (ncipollo/release-action's owner is the
			// workflow's).
			v, _ = knowledge.ActionInputDefault(s.name, k)
		}
		if writeOwner(v, "{owner}") == "{owner}" {
			return "{owner}"
		}
		if v != "" && !strings.ContainsAny(v, "/${} ") {
			return v
		}
	}
	return ""
}

// rawInput is an input's value as written ("" when not given).
func (s *actionStep) rawInput(k string) string {
	if in, ok := s.ex.Inputs[k]; ok && in != nil && in.Value != nil {
		return in.Value.Value
	}
	return ""
}

// otherRegistry is the host the step's registry input names when it is
// written out and is not the registry its row logs in to (ghcr.io); ""
// when the input is not given or is chosen at run time.
func (s *actionStep) otherRegistry() string {
	v := s.literalHost("registry", "/@?#")
	if v == strings.ToLower(s.info.Registry) {
		return ""
	}
	return v
}

// otherHost is the host a literal host input of the step names
// (knowledge.HostInputs: host, server-url, ...) when it is not GitHub's;
// "" when the step names none, names it at run time, or names GitHub (a
// host with "github" in it may be a GitHub Enterprise Server).
func (s *actionStep) otherHost() string {
	for _, k := range knowledge.HostInputs() {
		v := s.literalHost(k, "/:@?#")
		if v == "" || !strings.Contains(v, ".") || strings.ContainsAny(v, " \t") || strings.Contains(v, "github") || knowledge.IsGitHubHost(v) {
			continue
		}
		return v
	}
	return ""
}

// literalHost is the host input k names when written out (lower case,
// without a scheme, and cut at the first byte of cut: a path, a port, user
// information); "" when the input is not given or is chosen at run time.
func (s *actionStep) literalHost(k, cut string) string {
	v := strings.ToLower(strings.TrimSpace(s.rawInput(k)))
	if v == "" || strings.Contains(v, "${{") {
		return ""
	}
	if _, rest, ok := strings.Cut(v, "://"); ok {
		v = rest
	}
	if i := strings.IndexAny(v, cut); i >= 0 {
		v = v[:i]
	}
	return v
}

// credURLRE finds a URL whose user information holds an expression:
// https://user:${{ secrets.X }}@host.
var credURLRE = regexp.MustCompile(`[a-zA-Z][a-zA-Z0-9+.-]*://[^\s/@]*\$\{\{[^}]*\}\}[^\s/@]*@([A-Za-z0-9.-]+)`)

// credURLHost is the host of the first URL in v whose user information
// holds an expression.
func credURLHost(v string) (string, bool) {
	if !strings.Contains(v, "://") || !strings.Contains(v, "${{") {
		// Most inputs hold no URL: the pattern cannot match.
		return "", false
	}
	m := credURLRE.FindStringSubmatch(v)
	if m == nil {
		return "", false
	}
	return strings.ToLower(m[1]), true
}

// flagPassing names the --FLAG of a literal input of the step that is
// given the variable k (--github-token=env:K, --token $K, --token=${K}),
// when FLAG is a name GitHub token inputs have; "" otherwise.
func (s *actionStep) flagPassing(k string) string {
	for _, in := range s.ex.Inputs {
		if in == nil || in.Value == nil {
			continue
		}
		for _, m := range flagRE.FindAllStringSubmatch(in.Value.Value, -1) {
			if m[2] == k && knowledge.IsGitHubTokenInput(strings.ToLower(m[1])) {
				return m[1]
			}
		}
	}
	return ""
}

// flagRE matches --flag=VALUE or --flag VALUE where VALUE names a variable:
// env:NAME, $NAME or ${NAME}.
var flagRE = regexp.MustCompile(`--([A-Za-z][A-Za-z0-9_-]*)(?:=|\s+)["']?(?:env:|\$\{?)([A-Za-z_][A-Za-z0-9_]*)`)

// pushedWorkflows says why what an action pushes can change
// .github/workflows: it merges or rebases other branches, or it pushes the
// working tree an earlier step changed in a way that can (knowledge/data
// worktree-actions.tsv); "" otherwise.
func (js *jobState) pushedWorkflows(s *actionStep) string {
	action := s.name
	switch knowledge.WorktreePushes(action) {
	case knowledge.PushesOtherBranches:
		return action + " brings in commits of other branches or a template, whose .github/workflows may differ"
	case knowledge.PushesWorktree:
		if js.treeWorkflows != "" {
			return action + " pushes the working tree: " + js.treeWorkflows
		}
	case knowledge.PushesFolder:
		return js.folderWorkflows(s)
	}
	return ""
}

// folderWorkflows says why the folder an action copies into another
// repository and pushes (data/worktree-actions.tsv, folder) can carry
// workflow files there: one of the folders its input names (each value
// a matrix gives it) holds .github/workflows, or the folder is chosen at
// run time or the repository's files are not at hand, so it may. "" when
// every folder is read and none holds any.
func (js *jobState) folderWorkflows(s *actionStep) string {
	in := knowledge.WorktreeDirInput(s.name)
	dirs := []string{"."}
	if hasInput(s.ex, in) {
		dirs = js.expandChoices(s.lit(in))
	}
	tree := js.a.rs.repo.Tree
	for _, d := range dirs {
		dir := checkoutDir(d)
		if dir == "" || dir == ".." || strings.HasPrefix(dir, "../") || path.IsAbs(dir) {
			return s.name + " pushes the folder " + oneLine(d, 80) + ", chosen at run time, into the target repository: it may hold .github/workflows"
		}
		if tree == nil {
			return s.name + " pushes the folder " + dir + " into the target repository, and the repository's files were not read: it may hold .github/workflows"
		}
		wf := path.Join(dir, ".github/workflows")
		entries, err := fs.ReadDir(tree, wf)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return s.name + " pushes the folder " + dir + " into the target repository, and " + wf + " could not be read: it may hold workflows"
		}
		for _, e := range entries {
			if !e.IsDir() && repofiles.IsYAMLName(e.Name()) {
				return s.name + " pushes the folder " + dir + " into the target repository, and it holds " + path.Join(wf, e.Name())
			}
		}
	}
	return ""
}

// inheritedTokenEnv records a credential that an action without a row sees
// in a variable GitHub tools read a token from (GITHUB_TOKEN, GH_TOKEN),
// put in the job's or workflow's env: a local composite action's use of it
// is the finding's, another action may read it unseen.
func (js *jobState) inheritedTokenEnv(s *actionStep, k string, e envEntry) {
	callee := (*analysis)(nil)
	if strings.HasPrefix(s.name, "./") && s.checkedOut == "" {
		callee = js.localAction(s.name)
	}
	if callee == nil {
		js.actionEnv(s, k, e)
		return
	}
	for _, c := range e.creds {
		b := js.a.get(js.id, c)
		subj := inventory.Subject{Action: s.name, Input: k}
		b.use(inventory.Use{Line: s.line, Step: s.label, Via: inventory.ViaEnv, Target: s.shown() + " env " + k, Subject: subj})
		// The callee's use of this variable, or of another GitHub token
		// variable (its gh reads GH_TOKEN as well as GITHUB_TOKEN): taking
		// it may credit this credential with more than it does, never
		// with less.
		var alike string
		for _, key := range callee.order {
			cb := callee.builders[key]
			v, ok := strings.CutPrefix(cb.f.Credential, "env.")
			if !ok || !sameTokenVar(v, k) {
				continue
			}
			if strings.EqualFold(v, k) {
				alike = cb.f.Credential // its own name first
				break
			}
			if alike == "" {
				alike = cb.f.Credential
			}
		}
		if alike != "" {
			js.fromCallee(b, callee, alike)
		}
	}
}

// postsToMessagingService reports an action whose repository name (the
// part after the owner; the owner may be anyone), or a folder of its path
// in a publisher's repository of actions, names a chat or messaging
// service (knowledge.WordMessagingService: adrey/slack-file-upload-action,
// elastic/oblt-actions/slack/send).
func postsToMessagingService(action string) bool {
	if repoNameSuggests(action, knowledge.WordMessagingService) {
		return true
	}
	name, _, _ := strings.Cut(action, "@")
	parts := strings.Split(name, "/")
	for i := 2; i < len(parts); i++ {
		if knowledge.NameSuggests(parts[i], knowledge.WordMessagingService) {
			return true
		}
	}
	return false
}

// repoNameSuggests reports whether the repository part of an action's
// name (owner/REPO/path) suggests means.
func repoNameSuggests(action string, means knowledge.WordMeaning) bool {
	_, repo, ok := strings.Cut(action, "/")
	if !ok {
		return false
	}
	repo, _, _ = strings.Cut(repo, "/")
	return knowledge.NameSuggests(repo, means)
}

// credFlagName is the option of a command line in an input's value that
// credential c is given to (--token=${{ secrets.X }}, --api-key
// "${{ secrets.X }}"), without its dashes; "" when the value gives it to
// none.
func credFlagName(v, c string) string {
	for _, m := range credFlagRE.FindAllStringSubmatch(v, -1) {
		if strings.EqualFold(strings.Join(strings.Fields(m[2]), ""), c) {
			return m[1]
		}
	}
	return ""
}

// credFlagRE matches --flag=${{ expr }} or --flag ${{ expr }}, quoted or
// not: the flag's name and the expression.
var credFlagRE = regexp.MustCompile(`--([A-Za-z][A-Za-z0-9_-]*)(?:=|\s+)["']?\$\{\{\s*([^}]*?)\s*\}\}`)

// localCompositeEnv reads a GitHub token variable a step sets for the
// repository's own composite action (uses: ./DIR): the action's steps see
// the step's environment as theirs, and its reading with the step's
// literal inputs (localComposite) holds what its scripts, and the gh and
// API calls in them, do with the caller's token as env.GITHUB_TOKEN. It
// reports false, leaving the use unresolved, for any other action, and
// when a step of the action uses an action that may read the variable
// itself: one without a row, one whose row reads a token from its
// environment, runs code of the repository or is another composite
// action or a container.
func (js *jobState) localCompositeEnv(s *actionStep, b *builder) bool {
	if !strings.HasPrefix(s.name, "./") || s.checkedOut != "" {
		return false
	}
	callee := js.localComposite(s, false, js.persistedDefault)
	if callee == nil || callee.wf == nil || !innerActionsIgnoreEnv(callee.wf) {
		return false
	}
	if !callee.hasCredential(compositeCallerToken) {
		b.signal(0, false, "") // no step of the action uses it
		return true
	}
	js.fromCallee(b, callee, compositeCallerToken)
	return true
}

// innerActionsIgnoreEnv reports whether every action a composite action's
// steps use has a row that takes no token from the environment and runs
// no code of the repository: the caller's GitHub token variable then
// reaches only the action's run: steps.
func innerActionsIgnoreEnv(wf *actionlint.Workflow) bool {
	for _, j := range wf.Jobs {
		if j == nil {
			continue
		}
		for _, st := range j.Steps {
			ex, ok := st.Exec.(*actionlint.ExecAction)
			if !ok {
				continue
			}
			if ex.Uses == nil {
				return false
			}
			uses := ex.Uses.Value
			if strings.HasPrefix(uses, "./") || strings.HasPrefix(uses, "docker://") {
				return false
			}
			if info, ok := knowledge.RunsNoCode(uses); !ok || len(info.TokenEnv) > 0 {
				return false
			}
		}
	}
	return true
}

// localEnvFollow reads what the repository's own composite action (uses:
// ./DIR) does with variable k of the calling step's environment, which
// its steps see as a job's env is: the action read with k as the
// credential env.k says what its scripts, actions and nested composite
// actions of the repository do with it, and fromCallee gives that to b.
// ok is false for any other action, and when the action cannot be read;
// unseen reports a step of the action that may read k without showing it
// (an action without a row, code that is not read).
func (js *jobState) localEnvFollow(s *actionStep, b *builder, k string) (ok, unseen bool) {
	if !strings.HasPrefix(s.name, "./") || s.checkedOut != "" {
		return false, false
	}
	callee := js.localComposite(s, false, js.persistedDefault, k)
	if callee == nil {
		return false, false
	}
	cred := "env." + k
	js.fromCallee(b, callee, cred)
	cb := callee.builderOf(cred)
	return true, cb == nil || !cb.f.EnvRead
}

// followLocalEnv is localEnvFollow for a variable the step's env: gives
// the action: a step of the action that may read it unseen leaves that
// unresolved at line.
func (js *jobState) followLocalEnv(s *actionStep, b *builder, k string, line int, ev string, subj inventory.Subject) bool {
	ok, unseen := js.localEnvFollow(s, b, k)
	if ok && unseen {
		b.unresolved(line, ev, "a step of "+s.name+" runs an action without a row or code that is not read, which may read $"+k, subj)
	}
	return ok
}

// inheritedLocalEnv is localEnvFollow for a variable of the job's or
// workflow's env: what the repository's own composite action does with
// it is each of its credentials' use, and a step of the action that may
// read it unseen marks them unseen (markUnseen). It reports false, for
// the caller to mark them, when the action is not one to read, for a
// variable GitHub tools read a token from, which inheritedTokenEnv reads,
// and for one named for another purpose.
func (js *jobState) inheritedLocalEnv(s *actionStep, k string, e envEntry) bool {
	if knowledge.IsGitHubTokenEnv(k) || namesOtherPurpose(k) {
		// inheritedTokenEnv's; a variable named for another purpose
		// stays one an action without a row may read.
		return false
	}
	for _, c := range e.creds {
		ok, unseen := js.localEnvFollow(s, js.a.get(js.id, c), k)
		if !ok {
			return false
		}
		if unseen {
			js.markUnseen(nil, []string{c})
		}
	}
	return true
}

// gitWriteRE matches a git command that writes to a remote or makes what
// a push sends: push, commit, tag, merge.
var gitWriteRE = regexp.MustCompile(`(?:^|[\s;&|(])git(?:\s+-{1,2}\S+(?:\s+[^-\s]\S*)?)*\s+(?:push|commit|tag|merge)\b`)

// givesGitWrite is the first input (sorted by name) the step gives a
// literal value holding a git command that writes (a retry wrapper's
// cmd: git push); "" when none does.
func (s *actionStep) givesGitWrite() string {
	if s.ex == nil {
		return ""
	}
	for _, k := range slices.Sorted(maps.Keys(s.ex.Inputs)) {
		if gitWriteRE.MatchString(s.lit(k)) {
			return k
		}
	}
	return ""
}
