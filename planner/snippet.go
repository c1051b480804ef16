package planner

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/pat2app/pat2app/config"
	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/knowledge"
)

// TokenStepID is the step id of the create-github-app-token step the plan
// proposes; replaced references point at its output.
const TokenStepID = "app-token"

// permissionsBlock renders the exact `permissions:` block for a job that
// moves to GITHUB_TOKEN. Grants the job already declares are kept (other
// steps may rely on them); write-all/read-all are replaced; contents: read
// stays unless the job declares contents: none.
func permissionsBlock(perms knowledge.Permissions, info *inventory.JobInfo) string {
	scopes := map[string]string{}
	if info != nil {
		for k, v := range info.Permissions {
			if k == "*" || v == "none" || v == "" {
				continue
			}
			k = strings.ReplaceAll(strings.ToLower(k), "_", "-")
			if v != "read" && v != "write" {
				continue
			}
			scopes[k] = v
		}
	}
	if info != nil && info.Permissions == nil {
		// No block today: the one written replaces the defaults every
		// step has, so it keeps what the steps that use the workflow's
		// token without naming it need.
		perms = perms.Clone()
		perms.Merge(info.DefaultTokenNeeds)
	}
	for name, access := range perms {
		scope, ok := knowledge.GitHubTokenScope(name)
		if !ok || scope == "" {
			continue
		}
		if access == "admin" {
			access = "write"
		}
		if knowledge.AccessRank(access) > knowledge.AccessRank(scopes[scope]) {
			scopes[scope] = access
		}
	}
	if _, ok := scopes["contents"]; !ok && (info == nil || !strings.EqualFold(info.Permissions["contents"], "none")) {
		// The block replaces the token's defaults; the job's
		// actions/checkout (and anything else reading the repository with
		// the default token) needs contents: read in a private
		// repository. Only a job that declares contents: none goes
		// without.
		scopes["contents"] = "read"
	}
	var b strings.Builder
	b.WriteString("permissions:\n")
	for _, k := range sortedKeys(scopes) {
		fmt.Fprintf(&b, "  %s: %s\n", k, scopes[k])
	}
	return b.String()
}

var credPartRE = regexp.MustCompile(`(?i)secrets\s*\.\s*[A-Za-z_][A-Za-z0-9_-]*|secrets\s*\[\s*['"][^'"]+['"]\s*\]|github\s*\.\s*token|env\s*\.\s*[A-Za-z0-9_]+|inputs\s*\.\s*[A-Za-z0-9_-]+`)

// replaceRefs lists the references to replace with expr.
// A job that passes every secret to a reusable workflow (`secrets:
// inherit`) has no reference to replace: its callee's are replaced.
func replaceRefs(cred, expr string) []string {
	cred = strings.TrimSpace(cred)
	if cred == "" || cred == inventory.InheritCredential {
		return nil
	}
	return []string{fmt.Sprintf("${{ %s }} -> ${{ %s }}", cred, expr)}
}

// secretNames returns the secret names in a credential expression.
func secretNames(cred string) []string {
	var out []string
	for _, m := range credPartRE.FindAllString(cred, -1) {
		m = strings.Join(strings.Fields(m), "")
		lower := strings.ToLower(m)
		if !strings.HasPrefix(lower, "secrets") {
			continue
		}
		name := m[len("secrets"):]
		name = strings.TrimLeft(name, ".[")
		name = strings.Trim(name, `'"]`)
		if strings.EqualFold(name, "GITHUB_TOKEN") {
			continue
		}
		out = appendUnique(out, name)
	}
	return out
}

// appSecretPrefix is the prefix of an App's variable and secret names:
// acme-release-bot -> ACME_RELEASE_BOT.
func appSecretPrefix(app string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(app) {
		if (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	return b.String()
}

// appTokenSnippet renders the token step (as .pat2app.yaml token_step:
// says) for a job whose App is app.
func appTokenSnippet(j *Job, app *App, step config.TokenStep) (string, []string) {
	var b strings.Builder
	var warnings []string
	b.WriteString("- name: Create a GitHub App token\n")
	fmt.Fprintf(&b, "  id: %s\n", TokenStepID)
	fmt.Fprintf(&b, "  uses: %s\n", step.UsesLine())
	b.WriteString("  with:\n")
	fmt.Fprintf(&b, "    %s: ${{ vars.%s }}\n", step.IDInput, app.Variable)
	fmt.Fprintf(&b, "    private-key: ${{ secrets.%s }}\n", app.Secret)
	// The account the token is minted for: the one with most of the job's
	// repositories, else the one whose Project or organisation it works on.
	owner, names, others := tokenReach(j)
	if owner != "" {
		fmt.Fprintf(&b, "    owner: %s\n", owner)
		b.WriteString("    repositories: |\n")
		for _, n := range names {
			fmt.Fprintf(&b, "      %s\n", n)
		}
	} else if acct, ok := resourceOwner(j); ok {
		owner = acct
		fmt.Fprintf(&b, "    owner: %s\n", acct)
		if j.writesOwnRepo {
			warnings = append(warnings, fmt.Sprintf("the token is minted for %s, and the job also writes to %s: give those steps a second token step for %s", acct, j.Repo, ownerOf(j.Repo)))
		}
	}
	if gaps := tokenGaps(j); len(gaps) > 0 {
		for _, g := range gaps {
			switch {
			case inventory.IsRunTimeRepo(g):
				warnings = appendUnique(warnings, fmt.Sprintf("target %q is a repository named only at run time: install the App on each repository it can name and list them in the token step's owner and repositories inputs", g))
			case !isConcreteRepo(g):
				warnings = appendUnique(warnings, fmt.Sprintf("target %q is not a concrete repository: name it in the repositories input", g))
			}
		}
		if len(others) > 0 {
			warnings = append(warnings, fmt.Sprintf("an installation token covers one account; repositories of %s need a second App installation and token step", strings.Join(others, ", ")))
		}
	}
	if owner != "" && ownerOf(j.Repo) != "" && !strings.EqualFold(owner, ownerOf(j.Repo)) {
		warnings = append(warnings, fmt.Sprintf("the token is minted from the App's installation on %s, which the workflow's account does not control: a private App can only be installed on the account that owns it, so make %s public and have %s install it, or use an App %s owns", owner, app.Name, owner, owner))
	}
	for _, name := range sortedKeys(j.Permissions) {
		if name == "metadata" {
			continue
		}
		fmt.Fprintf(&b, "    permission-%s: %s\n", strings.ReplaceAll(name, "_", "-"), j.Permissions[name])
	}
	return b.String(), warnings
}

// resourceOwner is the one other account whose Project or organisation
// the job works on, when it reaches no other repository.
func resourceOwner(j *Job) (string, bool) {
	if j.CrossRepo || len(j.resourceAccounts) != 1 || strings.ContainsAny(j.resourceAccounts[0], "{$") {
		return "", false
	}
	return j.resourceAccounts[0], true
}

// tokenReach says which repositories a cross-repository job's token
// step asks for: the owner with most of the job's repositories (its own
// first) and their names. others are the owners the one token cannot
// reach. owner is "" for a job of its own repository only.
func tokenReach(j *Job) (owner string, names, others []string) {
	if !j.CrossRepo || len(j.TargetRepos) == 0 {
		return "", nil, nil
	}
	byOwner := map[string][]string{}
	repos := append([]string{}, j.TargetRepos...)
	if j.ownRepo {
		repos = append(repos, j.Repo)
	}
	// Account names are case-insensitive (dictybase/x and dictyBase/y are
	// one account's): the first spelling met names the account.
	spelling := map[string]string{}
	if o, _, ok := strings.Cut(j.Repo, "/"); ok {
		spelling[strings.ToLower(o)] = o
	}
	for _, r := range repos {
		if !isConcreteRepo(r) {
			continue
		}
		o, n, _ := strings.Cut(r, "/")
		if s, ok := spelling[strings.ToLower(o)]; ok {
			o = s
		} else {
			spelling[strings.ToLower(o)] = o
		}
		if !slices.ContainsFunc(byOwner[o], func(x string) bool { return strings.EqualFold(x, n) }) {
			byOwner[o] = append(byOwner[o], n)
		}
	}
	owners := sortedKeys(byOwner)
	if len(owners) == 0 {
		return "", nil, nil
	}
	owner = owners[0]
	if o, _, ok := strings.Cut(j.Repo, "/"); ok && len(byOwner[o]) > 0 {
		owner = o
	}
	for _, o := range owners {
		if len(byOwner[o]) > len(byOwner[owner]) {
			owner = o
		}
	}
	if len(j.writtenAccounts) == 1 {
		// The token writes to one account's repositories (a bot's fork
		// synchronised with this repository): it is minted there, and the
		// others are only read.
		for _, o := range owners {
			if strings.EqualFold(o, j.writtenAccounts[0]) {
				owner = o
			}
		}
	}
	for _, o := range owners {
		if o != owner {
			others = append(others, o)
		}
	}
	names = byOwner[owner]
	sort.Strings(names)
	return owner, names, others
}

// OtherAccounts lists the accounts other than the workflow's own whose
// repositories a github_app job's token must reach. fix leaves such a job
// alone: its token steps need an installation on each of those accounts,
// which nothing in the workflow's own account can set up.
func (j *Job) OtherAccounts() []string {
	if j.Decision != DecisionGitHubApp {
		return nil
	}
	owner, _, others := tokenReach(j)
	var out []string
	if own := ownerOf(j.Repo); owner != "" && own != "" && !strings.EqualFold(owner, own) {
		// (A workflow whose repository is not known, a file scanned on
		// its own, cannot tell the token's account from its own.)
		out = append(out, owner)
	}
	for _, o := range others {
		if !strings.EqualFold(o, ownerOf(j.Repo)) {
			out = appendUnique(out, o)
		}
	}
	for _, o := range j.resourceAccounts {
		out = appendUnique(out, o)
	}
	return out
}

// projectURL finds the account of a GitHub Projects URL:
// https://github.com/orgs/ACME/projects/12 or /users/NAME/projects/3.
var projectURL = regexp.MustCompile(`(?i)^https://github\.com/(?:orgs|users)/([A-Za-z0-9][A-Za-z0-9-]*)/projects/`)

// resourceAccount is the account whose organisation-level resources an
// operation works on: a Project an action's input names by URL
// (actions/add-to-project's project-url), an action's organization or
// org input (teams, members), or gh project's --owner; "" when none.
func resourceAccount(op inventory.Operation) string {
	if op.Kind == inventory.OpGH && strings.HasPrefix(op.Name, "gh project ") {
		// gh project ... --owner ACME: that account's Project; one named
		// at run time ({PROJECT_OWNER}) may be another account's.
		if v, ok := flagValue(op.Args, "--owner"); ok && v != "@me" {
			return v
		}
		return ""
	}
	if op.Kind != inventory.OpAction {
		return ""
	}
	for _, k := range sortedKeys(op.Inputs) {
		v := strings.TrimSpace(op.Inputs[k])
		if m := projectURL.FindStringSubmatch(v); m != nil {
			return m[1]
		}
		if (strings.EqualFold(k, "organization") || strings.EqualFold(k, "org")) && accountName.MatchString(v) && !isBooleanWord(v) {
			// An organisation the action works in (its teams, members).
			return v
		}
	}
	return ""
}

// isBooleanWord reports a value YAML and actions read as a boolean
// (organization: true switches a mode on): no account's name.
func isBooleanWord(v string) bool {
	switch strings.ToLower(v) {
	case "true", "false", "yes", "no", "on", "off":
		return true
	}
	return false
}

// accountName matches a literal account name.
var accountName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9-]*$`)

// RunTimeTargets lists the repositories a github_app job's token must
// reach that are named only at run time (inventory.RunTimeRepo). fix
// leaves such a job alone: the token step must name them, and only the
// team knows which they can be.
func (j *Job) RunTimeTargets() []string {
	if j.Decision != DecisionGitHubApp {
		return nil
	}
	var out []string
	for _, r := range j.TargetRepos {
		if inventory.IsRunTimeRepo(r) {
			out = append(out, r)
		}
	}
	return out
}

// ownerOf is the account of owner/name ("" when repo has none).
func ownerOf(repo string) string {
	o, _, ok := strings.Cut(repo, "/")
	if !ok {
		return ""
	}
	return o
}

// tokenGaps lists the repositories a github_app job works on that its one
// token step cannot reach without more than the workflow's account sets
// up: targets named only at run time, and repositories of other accounts
// (OtherAccounts).
func tokenGaps(j *Job) []string {
	if !j.CrossRepo {
		return nil
	}
	var gaps []string
	others := j.OtherAccounts()
	for _, r := range j.TargetRepos {
		if !isConcreteRepo(r) {
			gaps = appendUnique(gaps, r)
			continue
		}
		if slices.ContainsFunc(others, func(o string) bool { return strings.EqualFold(o, ownerOf(r)) }) {
			gaps = appendUnique(gaps, r)
		}
	}
	return gaps
}

// LongJobWarning is the warning on a job whose timeout-minutes is longer
// than an installation token lives.
func LongJobWarning(minutes int) string {
	return fmt.Sprintf("the job may run %d minutes, longer than the one-hour life of an installation token: mint the token right before the steps that use it, or split the job", minutes)
}

// oneHourWarning warns when the job can outlive its installation token.
func oneHourWarning(info *inventory.JobInfo) string {
	if info == nil {
		return ""
	}
	switch {
	case info.TimeoutMinutes > 60:
		return LongJobWarning(info.TimeoutMinutes)
	case info.TimeoutMinutes == 0 && info.HasLoops:
		return "the job has no timeout-minutes and loops in its scripts: an installation token expires after one hour, so set timeout-minutes or mint the token right before the steps that use it"
	}
	return ""
}
