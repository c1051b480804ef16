package planner

import (
	"cmp"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/pat2app/pat2app/expression"
	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/knowledge"
)

// need is one permission an operation requires.
type need struct {
	perm, access string
}

// opResult is what the planner learned from one operation.
type opResult struct {
	needs []need
	// evidence is where the operation is, with its readable form:
	// "peter-evans/create-pull-request (peter-evans/create-pull-request token)".
	evidence inventory.Evidence
	// review names something a human must resolve (manual_review).
	review string
	// notSupported names an operation GitHub Apps cannot perform, and
	// fallback what to use instead when the generic advice is wrong.
	notSupported, fallback string
	// registry names a GitHub Packages registry the operation logs in to:
	// it accepts GITHUB_TOKEN but not App installation tokens.
	registry string
	// triggers says why the events the operation causes must start other
	// workflows ("opens pull requests"), which GITHUB_TOKEN events do not.
	triggers string
	// events are the workflow events the operation makes, when
	// knowledge.TriggerEvents knows its triggers text (eventsKnown).
	events      []string
	eventsKnown bool
	// pushedBranch is the one branch of the job's own repository the
	// operation pushes, when deployBranchListeners narrowed the
	// workflows that hear it to those that run on pushes to it.
	pushedBranch string
	// blocker says why GITHUB_TOKEN cannot do this even on the workflow's
	// own repository (beyond permissions and triggers).
	blocker string
	// otherRepos names repositories outside the workflow's own that the
	// operation works on when the scanner could not name them.
	otherRepos string
	// otherReposWritten is true when it writes to those repositories.
	otherReposWritten bool
	// supersedes is true when the planner resolved an action the scanner
	// could not (.pat2app.yaml or the planner's own table): the scanner's
	// unresolved item on the same line is answered.
	supersedes bool
	// notes are remarks a reviewer should read (narrowed shared endpoints...).
	notes []string
}

// addNeeds adds each permission of p to what the operation needs, in
// name order.
func (r *opResult) addNeeds(p map[string]string) {
	for _, n := range knowledge.Permissions(p).Names() {
		r.needs = append(r.needs, need{n, p[n]})
	}
}

// itemContext says whether a finding works on pull requests, issues or
// both; it picks one permission for the endpoints GitHub lists under both
// issues and pull_requests (comments, labels, assignees).
type itemContext struct {
	pr, issue bool
	// why is the evidence for the choice, for the notes.
	why string
}

// newItemContext reads the workflow's triggers, the job's if: and the
// job's other operations. Operations on pull requests (pulls endpoints, gh
// pr, PR actions) or PR triggers mean PR; the issues trigger means issue,
// and a comment trigger (issue_comment) adds issue to PR, since its item
// may be one.
// A job whose if: keeps it to pull requests (JobInfo.Subject) is about them
// whatever the triggers; one that keeps comment events to issues adds
// issues to what its triggers say.
func newItemContext(f *inventory.Finding) itemContext {
	var c itemContext
	var why []string
	comment := "" // a trigger whose item may be an issue or a pull request
	switch {
	case f.JobInfo == nil:
	case f.JobInfo.Subject == "pull_request":
		// The job's if: keeps it to pull requests (a comment event
		// carries github.event.issue.pull_request only on one).
		c.pr = true
		why = append(why, "the job's if: runs it only for pull requests (github.event.issue.pull_request)")
	default:
		if f.JobInfo.Subject == "issue" {
			// Only for comment events: on a pull_request event the
			// test holds too, and the triggers below say so.
			c.issue = true
			why = append(why, "the job's if: runs it for issue comments only (no github.event.issue.pull_request)")
		}
		for _, t := range f.JobInfo.Triggers {
			switch knowledge.EventSubject(t) {
			case "pull_request":
				if !c.pr {
					why = append(why, "the workflow runs on "+t)
				}
				c.pr = true
			case "issue":
				c.issue = true
				why = append(why, "the workflow runs on issues")
			case "either":
				comment = t
			}
		}
	}
	for _, op := range f.Operations {
		if opTouchesPR(op) {
			if !c.pr {
				why = append(why, withText(op.Evidence, "works on pull requests").String())
			}
			c.pr = true
			break
		}
	}
	for _, op := range f.Operations {
		if n := readsIssues(op); n != "" {
			// Numbers and node ids of issues the job reads (a pull
			// request's linked issues, an issue node) may be what its
			// shared endpoints then write to, whatever the trigger.
			if !c.issue {
				why = append(why, withText(op.Evidence, "reads issues ("+n+")").String())
			}
			c.issue = true
			break
		}
	}
	if c.pr && !c.issue && comment != "" {
		// A comment's item may be an issue: pull request triggers or
		// operations on pull requests do not make it one. (Without
		// them the job's kind is left open as it was.)
		c.issue = true
		why = append(why, "the workflow runs on "+comment+", whose item may be an issue")
	}
	c.why = strings.Join(why, ", ")
	return c
}

// readsIssues names what a GraphQL operation selects that is an issue
// (closingIssuesReferences, ... on Issue, issue, issues); "" when nothing.
func readsIssues(op inventory.Operation) string {
	if op.Kind != inventory.OpGraphQL {
		return ""
	}
	if n := strings.ToLower(op.Name); n == "issue" || n == "issues" {
		return op.Name
	}
	for _, f := range slices.Concat(op.Fields, op.Nested) {
		switch f {
		case "closingIssuesReferences", "... on Issue", "issue", "issues":
			return f
		}
	}
	return ""
}

// opTouchesPR reports whether an operation is evidently about pull requests.
func opTouchesPR(op inventory.Operation) bool {
	switch op.Kind {
	case inventory.OpREST:
		p := knowledge.NormalizePath(op.Path)
		return strings.Contains(p, "/pulls")
	case inventory.OpGH:
		return strings.HasPrefix(op.Name, "gh pr ")
	case inventory.OpGraphQL:
		n := strings.ToLower(op.Name)
		return strings.Contains(n, "pullrequest")
	case inventory.OpAction:
		info, ok := knowledge.Action(op.Action)
		if !ok {
			return false
		}
		_, hasPR := info.Permissions["pull_requests"]
		_, hasIssues := info.Permissions["issues"]
		return hasPR && !hasIssues
	}
	return false
}

// narrowShared picks issues or pull_requests for an endpoint or action
// that GitHub (or the action) lists under both. It returns the names to keep.
func (c itemContext) narrowShared() (keepIssues, keepPR bool, note string) {
	switch {
	case c.pr && !c.issue:
		return false, true, "issue/pull request shared endpoint: pull_requests chosen because " + c.why
	case c.issue && !c.pr:
		return true, false, "issue/pull request shared endpoint: issues chosen because " + c.why
	case c.pr && c.issue:
		return true, true, "issue/pull request shared endpoint: both kept because " + c.why
	default:
		return true, false, "issue/pull request shared endpoint: issues chosen (nothing shows it works on pull requests)"
	}
}

// restNeeds maps a REST endpoint (concrete or templated path) to the
// permissions it needs.
func (pl *planner) restNeeds(fc *findingContext, op inventory.Operation) opResult {
	var r opResult
	method, path := strings.ToUpper(strings.TrimSpace(op.Method)), op.Path
	if method == "" {
		method = "GET"
	}
	m, ok := knowledge.MatchEndpoint(method, path)
	if ov, key, found := pl.endpointOverride(method, path, m, ok); found {
		r.addNeeds(ov)
		r.notes = append(r.notes, "permission from .pat2app.yaml endpoints["+key+"]")
		return r
	}
	if !ok || m.Ambiguous {
		// A path that matches no route, or one only by taking a
		// placeholder for a literal segment, may be one singular/plural
		// slip from the route its author meant. The call as written
		// returns 404; planning the one route the slip reaches can only
		// over-scope the job.
		if slip, found := knowledge.MatchEndpointNumberSlip(method, path); found {
			m, ok = slip.Match, true
			asWritten := "matches no documented REST endpoint"
			if slip.Loose != "" {
				asWritten += " (only " + slip.Loose + ", by taking a variable for a literal segment)"
			}
			r.notes = append(r.notes, fmt.Sprintf("line %d: %s %s %s and returns 404 as written; planned as %s %s, the only route changing %q to %q reaches",
				op.Evidence.Line, method, knowledge.NormalizePath(path), asWritten, m.Method, m.Template, slip.Written, slip.Documented))
		}
	}
	if !ok {
		o, amb, found := knowledge.MatchOperation(method, path)
		if found && !amb && o.EnabledForApps && o.Method == "GET" && globalPath(o.Path) {
			// A read of the API's own data (GET /rate_limit, /meta,
			// /emojis, /licenses): documented for Apps and in no
			// permission set, it needs none.
			r.notes = append(r.notes, fmt.Sprintf("%s %s needs no permission (a documented read of no repository, organisation or user)", o.Method, o.Path))
			return r
		}
		if found && !o.EnabledForApps {
			// Documented, but not for GitHub Apps (GET /user, the
			// authenticated user's own resources): with an installation
			// token the call fails. Scripts often expect that (`gh api
			// user || echo`), which only a reader of the code can tell.
			r.review = fmt.Sprintf("%s %s is not available to GitHub App installation tokens (the OpenAPI description does not enable it for GitHub Apps): with an App token the call fails; check that the job copes (a fallback value) or keep a user token", o.Method, o.Path)
			return r
		}
		if found && !amb {
			// Documented and enabled for Apps (GET /orgs/{org}), but
			// in no permission set the knowledge base holds: what it
			// needs is not known, which is not the same as no route.
			r.review = fmt.Sprintf("%s %s is a documented endpoint enabled for GitHub Apps, but no permission set pat2app holds lists it: what it needs is not known", o.Method, o.Path)
			return r
		}
		r.review = fmt.Sprintf("%s %s matches no documented REST endpoint", method, knowledge.NormalizePath(path))
		return r
	}
	if !m.ServerToServer && m.Ambiguous {
		// Read loosely (a run-time value taken for a literal segment):
		// the call may be another route, one an App can make.
		r.review = fmt.Sprintf("%s %s fits %s only loosely, which GitHub App installation tokens cannot call; read what the call's path is at run time", method, knowledge.NormalizePath(path), m.Template)
		return r
	}
	if !m.ServerToServer {
		r.notSupported = fmt.Sprintf("%s %s is not available to GitHub App installation tokens", m.Method, m.Template)
		if strings.Contains(m.Template, "/packages") {
			r.fallback = "Keep a classic PAT with read:packages (write:packages, delete:packages as needed) owned by a machine account: the Packages REST API accepts neither fine-grained nor App tokens."
		}
		r.needs = append(r.needs, patNeeds(m)...)
		return r
	}
	if m.Ambiguous {
		r.notes = append(r.notes, fmt.Sprintf("%s %s matched %s loosely", method, knowledge.NormalizePath(path), m.Template))
	}
	perms := map[string]string{}
	for _, row := range m.Rows {
		if row.Permission == "" || !row.ServerToServer {
			continue
		}
		if knowledge.AccessRank(row.Access) > knowledge.AccessRank(perms[row.Permission]) {
			perms[row.Permission] = row.Access
		}
	}
	if len(perms) > 1 {
		// workflows is listed as "additional" for ref, file and release
		// writes: needed only when the change touches .github/workflows.
		if _, ok := perms["workflows"]; ok && !op.TouchesWorkflows {
			delete(perms, "workflows")
			r.notes = append(r.notes, "workflows: write is also needed if the change touches .github/workflows")
		}
		// metadata alongside another permission is implied.
		if len(perms) > 1 {
			delete(perms, "metadata")
		}
	}
	if _, hasI := perms["issues"]; hasI {
		if _, hasP := perms["pull_requests"]; hasP {
			keepI, keepP, note := fc.items.narrowShared()
			if slices.Contains(op.Params, inventory.OtherItemParam) && (fc.items.pr || fc.items.issue) {
				// The number is not the event's item, so what the
				// workflow runs on says nothing of it: it may be an
				// issue's or a pull request's.
				keepI, keepP, note = true, true, "issue/pull request shared endpoint: both kept because the number is not the event's issue or pull request"
			}
			if !keepI {
				delete(perms, "issues")
			}
			if !keepP {
				delete(perms, "pull_requests")
			}
			r.notes = append(r.notes, note)
		}
	}
	if _, hasC := perms["contents"]; hasC && strings.Contains(m.Template, "/pulls") {
		if _, hasP := perms["pull_requests"]; hasP {
			delete(perms, "contents")
		}
	}
	if _, hasO := perms["organization_projects"]; hasO {
		if _, hasR := perms["repository_projects"]; hasR {
			if fc.orgProjects {
				delete(perms, "repository_projects")
			} else {
				delete(perms, "organization_projects")
			}
		}
	}
	// GitHub accepts either permission of these pairs for the endpoints
	// it lists under both: ask for the alternative alone.
	for _, e := range knowledge.PermissionAlternatives() {
		if _, ok := perms[e.Permission]; ok {
			if _, ok := perms[e.Alternative]; ok {
				delete(perms, e.Permission)
			}
		}
	}
	// A classic project card made from an issue or pull request needs read
	// access to that item, as addProjectV2ItemById does.
	if m.Method == "POST" && m.Template == "/projects/columns/{column_id}/cards" {
		keepI, keepP, _ := fc.items.narrowShared()
		if keepI {
			perms["issues"] = maxAccess(perms["issues"], "read")
		}
		if keepP {
			perms["pull_requests"] = maxAccess(perms["pull_requests"], "read")
		}
	}
	if slices.Contains(op.Params, "team_reviewers") {
		// Asking a team's review: an App token sees the team only with
		// the organization's members: read.
		perms["members"] = maxAccess(perms["members"], "read")
		r.notes = append(r.notes, "team_reviewers: a team's review needs the organization's members: read, which GITHUB_TOKEN cannot be granted")
	}
	r.addNeeds(perms)
	if t := knowledge.EndpointTriggers(m.Method, m.Template); t != "" {
		if op.TagsOnly {
			// A ref call that makes or moves a tag: what a tag push
			// starts, not a branch's.
			t = pushTagsTriggers
		}
		r.setTriggers("it", t)
	}
	return r
}

// endpointOverride looks the endpoint up in .pat2app.yaml `endpoints:`,
// keyed "METHOD /template" or "METHOD /concrete/path".
func (pl *planner) endpointOverride(method, path string, m knowledge.EndpointMatch, matched bool) (knowledge.Permissions, string, bool) {
	if pl.cfg == nil || len(pl.cfg.Endpoints) == 0 {
		return nil, "", false
	}
	keys := []string{method + " " + knowledge.NormalizePath(path)}
	if matched {
		keys = append([]string{method + " " + m.Template}, keys...)
	}
	for _, k := range keys {
		for ck, v := range pl.cfg.Endpoints {
			if strings.EqualFold(strings.Join(strings.Fields(ck), " "), k) {
				return permsFromConfig(v), ck, true
			}
		}
	}
	return nil, "", false
}

// permsFromConfig canonicalises a permission map from .pat2app.yaml.
func permsFromConfig(v map[string]string) knowledge.Permissions {
	out := knowledge.Permissions{}
	for k, a := range v {
		name, ok := knowledge.CanonicalPermission(k)
		if !ok {
			name = strings.ReplaceAll(strings.ToLower(strings.TrimSpace(k)), "-", "_")
		}
		out.Add(name, strings.ToLower(strings.TrimSpace(a)))
	}
	return out
}

func maxAccess(a, b string) string {
	if knowledge.AccessRank(b) > knowledge.AccessRank(a) {
		return b
	}
	return a
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// globalPath reports a REST path that names no repository, organisation,
// enterprise, user, team, installation or app: the API's own data.
func globalPath(p string) bool {
	first, _, _ := strings.Cut(strings.TrimPrefix(p, "/"), "/")
	switch first {
	case "repos", "orgs", "enterprises", "user", "users", "teams", "installation", "app", "apps", "projects", "notifications", "gists", "authorizations", "applications", "marketplace_listing", "search", "repositories", "organizations", "user-migrations":
		return false
	}
	return first != ""
}

// setTriggers says why the operation's events must start other workflows:
// who makes them ("it", an action or a tool) and the shared text of
// knowledge/data, whose events knowledge.TriggerEvents gives.
func (r *opResult) setTriggers(who, text string) {
	r.triggers = who + " " + text
	r.events, r.eventsKnown = knowledge.TriggerEvents(text)
}

// noListenerNote says why tags and releases (the events, as
// knowledge.TriggerEvents names them) that no workflow runs on need no
// token whose events start workflow runs; pushedBranch is
// opResult.pushedBranch.
func noListenerNote(events []string, pushedBranch string) string {
	what := "releases"
	switch {
	case slices.Equal(events, []string{knowledge.EventWiki}):
		what = "wiki page changes (gollum)"
	case slices.Equal(events, []string{knowledge.EventPackage}):
		what = "published packages (registry_package)"
	case slices.Equal(events, []string{knowledge.EventDeployment}):
		what = "deployments (deployment, deployment_status)"
	case slices.Equal(events, []string{knowledge.EventReview}):
		what = "submitted pull request reviews (pull_request_review)"
	case slices.Equal(events, []string{knowledge.EventReleaseEdit}):
		what = "edited releases (release with no types, or types edited, prereleased or released)"
	case pushedBranch != "":
		what = "pushes to " + pushedBranch
		if slices.Contains(events, knowledge.EventTag) || slices.Contains(events, knowledge.EventRelease) {
			what += ", tags or releases"
		}
	case slices.Contains(events, knowledge.EventBranch) || slices.Contains(events, knowledge.EventPullRequest):
		what = "pushed branches or pull requests (no push, pull_request or create trigger)"
		if slices.Contains(events, knowledge.EventTag) || slices.Contains(events, knowledge.EventRelease) {
			what = "pushed branches, pull requests, tags or releases"
		}
	case !slices.Contains(events, knowledge.EventRelease):
		what = "tags"
	case slices.Contains(events, knowledge.EventTag):
		what = "tags or releases"
	}
	note := "no workflow of this repository runs on " + what + ": made with GITHUB_TOKEN, which starts no workflow run, they miss none"
	if slices.Contains(events, knowledge.EventTag) {
		note += " (a tag ruleset that limits who creates tags must still let the job's token through)"
	}
	if slices.Contains(events, knowledge.EventBranch) {
		note += " (a branch protection rule or ruleset on the pushed branch must still let the job's token push)"
	}
	return note
}

// eventListeners reads the scan's record of the workflows that run on the
// events an operation makes (inventory.JobInfo.Listeners): unheard is true
// when the operation, on the job's own repository, makes only events
// (tags, releases, branch pushes, pull requests, wiki pages) no workflow
// of the repository runs on; heardBy names the workflows that do, for the
// reason's text. Without a record (a workflow file scanned alone, branch
// pushes and pull requests in an older scan's), or for other events, the
// events are taken to start workflows.
func eventListeners(info *inventory.JobInfo, r opResult, onOwn bool) (unheard bool, heardBy string) {
	if info == nil || !info.WorkflowsRead || !r.eventsKnown || len(r.events) == 0 || !onOwn {
		return false, ""
	}
	var by []string
	for _, e := range r.events {
		if !slices.Contains(knowledge.ListenedEvents, e) {
			return false, ""
		}
		if _, recorded := info.Listeners[e]; !recorded && slices.Contains(knowledge.AlwaysRecordedEvents, e) {
			// A scan that did not record them (an older one).
			return false, ""
		}
		for _, l := range info.Listeners[e] {
			by = appendUnique(by, l)
		}
	}
	if len(by) == 0 {
		// A reusable workflow's callers may be in other repositories,
		// whose workflows the scan did not read.
		return !info.CalledOnly, ""
	}
	return false, ": " + strings.Join(by, ", ") + " " + runsOn(len(by))
}

// releaseListeners lists, for an operation on the job's own repository
// whose every event is a tag or a release, the workflows of the
// repository that run on releases, by the scan's record of every
// workflow; nil otherwise. (Workflows on push that a tag also starts are
// left out: CI without branch filters runs on tags by accident more often
// than by design.)
func releaseListeners(info *inventory.JobInfo, r opResult, onOwn bool) []string {
	if info == nil || !info.WorkflowsRead || !r.eventsKnown || !onOwn || len(r.events) == 0 {
		return nil
	}
	var out []string
	for _, e := range r.events {
		if e != knowledge.EventTag && e != knowledge.EventRelease {
			return nil
		}
		if e == knowledge.EventRelease {
			for _, l := range info.Listeners[e] {
				out = appendUnique(out, l)
			}
		}
	}
	return out
}

// doesNot is "does not" or "do not" for n workflows.
func doesNot(n int) string {
	if n == 1 {
		return "does not"
	}
	return "do not"
}

// sayTriggers adds what an operation's events mean for the job: a note
// when, on the job's own repository, no workflow runs on them
// (eventListeners), else a trigger reason, with the workflows that do.
// ofRunTag is releasesRunTag's text; builtin says the job's token is the
// built-in one.
func sayTriggers(info *inventory.JobInfo, r opResult, onOwn, builtin bool, ev inventory.Evidence, ofRunTag string, notes, triggers []string) ([]string, []string) {
	unheard, heardBy := eventListeners(info, r, onOwn)
	if unheard {
		return appendUnique(notes, "line "+strconv.Itoa(ev.Line)+": "+r.triggers+", but "+ofRunTag+noListenerNote(r.events, r.pushedBranch)), triggers
	}
	if heardBy != "" {
		for _, e := range r.events {
			for _, l := range info.Listeners[e] {
				if gate, ok := info.ActorGates[l]; ok && gatesOwnIdentity(gate, builtin) {
					notes = appendUnique(notes, fmt.Sprintf(warnActorGate, ev.Line, l, gate.Condition))
				}
			}
		}
	}
	return notes, appendUnique(triggers, withText(ev, r.triggers+heardBy).String())
}

// gatesOwnIdentity reports a gate that may name the account the job's
// token acts as today: github-actions[bot] for the built-in token, and an
// account that is no App's bot (a user, whose token a PAT is) otherwise.
// A gate for dependabot[bot] or renovate[bot] was never the job's.
func gatesOwnIdentity(g inventory.ActorGate, builtin bool) bool {
	return slices.ContainsFunc(g.Accounts, func(a string) bool {
		a = strings.ToLower(strings.TrimSpace(a))
		if builtin {
			return a == "github-actions[bot]" || a == "github-actions"
		}
		return !strings.HasSuffix(a, "[bot]")
	})
}

// warnActorGate is said of an operation whose events a workflow hears
// whose job runs only for a named account (inventory.JobInfo.ActorGates).
const warnActorGate = "line %d: %s runs them, but its %s: it runs only when the event's actor or commit author is that account, and a token of another identity (an App's bot, github-actions[bot]) makes events it skips; add the new identity to that condition when the token changes"

// runsOn is "runs on them" or "run on them" for n workflows.
func runsOn(n int) string {
	if n == 1 {
		return "runs on them"
	}
	return "run on them"
}

// skipsCI drops the trigger of a push of branches whose head commit's
// message keeps workflows from running (inventory.Operation.SkipsCI):
// GitHub starts no push or pull_request workflow for it. A new branch
// still makes a create event, so it applies only when every workflow was
// read and none runs on create. It returns the note to give ("" when it
// does not apply).
func skipsCI(info *inventory.JobInfo, op inventory.Operation, r *opResult) string {
	if op.SkipsCI == "" || op.TagsOnly || r.triggers == "" || !r.eventsKnown || info == nil || !info.WorkflowsRead {
		return ""
	}
	for _, e := range r.events {
		if e != knowledge.EventBranch {
			return ""
		}
	}
	for _, l := range info.Listeners[knowledge.EventTag] {
		if strings.HasSuffix(l, "(on create)") {
			return ""
		}
	}
	note := "line " + strconv.Itoa(op.Evidence.Line) + ": " + r.triggers + ", but " + op.SkipsCI + ", so GitHub starts no push or pull_request workflow for it"
	r.triggers, r.events = "", nil
	return note
}

// packageListeners keeps the trigger of a push to GitHub Packages only
// where the scan read every workflow of the repository and one of them
// runs on registry_package, which a package pushed with GITHUB_TOKEN does
// not start. Where no workflow does, the trigger is dropped; where the
// scan did not read them all (a workflow file scanned alone), it is
// dropped with a note that says so, as such workflows are rare and every
// registry push would otherwise keep a personal token. It returns the
// note ("" for none).
func packageListeners(info *inventory.JobInfo, op inventory.Operation, r *opResult, onOwn bool) string {
	if !slices.Equal(r.events, []string{knowledge.EventPackage}) {
		return ""
	}
	heard, recorded := []string(nil), false
	if info != nil && info.WorkflowsRead {
		heard, recorded = info.Listeners[knowledge.EventPackage]
	}
	if recorded && len(heard) > 0 || !onOwn {
		return "" // sayTriggers names the workflows
	}
	r.triggers, r.events = "", nil
	if recorded {
		return ""
	}
	return "line " + strconv.Itoa(op.Evidence.Line) + ": it " + publishTriggers + "; not every workflow of the repository was read, so whether one runs on registry_package is not known: a package pushed with GITHUB_TOKEN starts none"
}

// deployBranchListeners narrows the workflows that hear the push of an
// action that publishes built files to a branch of the job's own
// repository (knowledge.DeployBranchInput), when the step names that
// branch literally or leaves the action's default, or of a git push whose
// refspec names its one branch (inventory.Operation.Branch; gh-pages
// counts as the deploy branch there): a push trigger whose
// branch filters leave the branch out starts no run, and the action's
// default branch (gh-pages), which holds only what the action publishes,
// is no pull request's head, so pull_request triggers do not hear it
// either. It returns the job information to read the listeners from
// (info itself when nothing narrows) and what to say of it, and records
// the branch in r.pushedBranch.
func deployBranchListeners(info *inventory.JobInfo, op inventory.Operation, r *opResult, onOwn bool) (*inventory.JobInfo, string) {
	if info == nil || !info.WorkflowsRead || info.CalledOnly || !onOwn || !r.eventsKnown || !slices.Contains(r.events, knowledge.EventBranch) {
		return info, ""
	}
	if _, recorded := info.Listeners[knowledge.EventBranch]; !recorded {
		return info, ""
	}
	var branch, def, whose string
	switch op.Kind {
	case inventory.OpAction:
		name := cmp.Or(op.Subject.Action, op.Action)
		in, d, ok := knowledge.DeployBranchInput(name)
		if !ok {
			return info, ""
		}
		branch, def, whose = d, d, "the action's own deploy branch"
		if v, set := op.Inputs[in]; set {
			branch = strings.TrimPrefix(strings.TrimSpace(v), "refs/heads/")
		}
	case inventory.OpGit:
		// A git push of one branch its refspec names: gh-pages, GitHub
		// Pages' publishing branch, is no pull request's head either.
		branch, def, whose = op.Branch, "gh-pages", "GitHub Pages' publishing branch"
	default:
		return info, ""
	}
	if !writtenOut(branch) {
		return info, "" // chosen at run time
	}
	var kept, filtered, prs []string
	for _, l := range info.Listeners[knowledge.EventBranch] {
		bf, hasFilter := info.BranchFilters[l]
		switch {
		case strings.HasSuffix(l, "(on push)") && hasFilter && !branchFilterMatches(bf, branch):
			filtered = append(filtered, l)
		case branch == def && (strings.HasSuffix(l, "(on pull_request)") || strings.HasSuffix(l, "(on pull_request_target)")):
			prs = append(prs, l)
		default:
			kept = append(kept, l)
		}
	}
	if len(filtered) == 0 && len(prs) == 0 {
		return info, ""
	}
	narrowed := withListeners(info, knowledge.EventBranch, kept)
	r.pushedBranch = branch
	var why []string
	if len(filtered) > 0 {
		why = append(why, "the branch filters of "+strings.Join(filtered, ", ")+" leave it out")
	}
	if len(prs) > 0 {
		why = append(why, "it is "+whose+", holding only what is published there, so no pull request has it as head and "+strings.Join(prs, ", ")+" "+doesNot(len(prs))+" hear it")
	}
	return narrowed, "the push goes to " + branch + ": " + strings.Join(why, "; ") + "; "
}

// tagListeners narrows the workflows that hear the tag an operation
// creates on the job's own repository when its name is written out
// (createdTag): a push trigger whose tag filters leave it out
// (inventory.JobInfo.TagFilters) starts no run. It returns the job
// information to read the listeners from (info itself when nothing
// narrows) and what to say of it.
func tagListeners(info *inventory.JobInfo, op inventory.Operation, r *opResult, onOwn bool) (*inventory.JobInfo, string) {
	if info == nil || !info.WorkflowsRead || info.CalledOnly || !onOwn || len(info.TagFilters) == 0 || !r.eventsKnown || !slices.Contains(r.events, knowledge.EventTag) {
		return info, ""
	}
	tag, ok := createdTag(op)
	if !ok {
		return info, ""
	}
	var kept, filtered []string
	for _, l := range info.Listeners[knowledge.EventTag] {
		tf, has := info.TagFilters[l]
		if strings.HasSuffix(l, "(on push)") && has && !branchFilterMatches(inventory.BranchFilter{Branches: tf.Tags, BranchesIgnore: tf.TagsIgnore}, tag) {
			filtered = append(filtered, l)
			continue
		}
		kept = append(kept, l)
	}
	if len(filtered) == 0 {
		return info, ""
	}
	return withListeners(info, knowledge.EventTag, kept), "the tag is " + tag + ", which the tag filters of " + strings.Join(filtered, ", ") + " leave out; "
}

// ghReleaseValueFlags are the options of gh release create that take a
// value as the next word; ghReleaseSwitches those that take none (gh
// release create --help).
var (
	ghReleaseValueFlags = []string{"-R", "--repo", "-t", "--title", "-n", "--notes", "-F", "--notes-file", "--target", "--discussion-category", "--notes-start-tag"}
	ghReleaseSwitches   = []string{"-d", "--draft", "-p", "--prerelease", "--latest", "--generate-notes", "--verify-tag", "--fail-on-no-commits", "--notes-from-tag"}
)

// createdTag is the one tag an operation releases, written out: the tag
// of gh release create (its first word after create, every option before
// it one the command is known to take), or the literal value of a release
// action's tag input (knowledge.ReleaseTagInput). ok is false when it is
// not known, or is built at run time.
func createdTag(op inventory.Operation) (string, bool) {
	var tag string
	switch op.Kind {
	case inventory.OpGH:
		if len(op.Args) < 3 || op.Args[0] != "release" || op.Args[1] != "create" {
			return "", false
		}
	args:
		for i := 2; i < len(op.Args); i++ {
			a := op.Args[i]
			switch {
			case strings.HasPrefix(a, "-") && strings.Contains(a, "="):
				name, _, _ := strings.Cut(a, "=")
				if !slices.Contains(ghReleaseValueFlags, name) && !slices.Contains(ghReleaseSwitches, name) {
					return "", false
				}
			case slices.Contains(ghReleaseValueFlags, a):
				i++
			case slices.Contains(ghReleaseSwitches, a):
			case strings.HasPrefix(a, "-"):
				return "", false // an option not known: its value may be the next word
			default:
				tag = a
				break args
			}
		}
	case inventory.OpAction:
		in, ok := knowledge.ReleaseTagInput(cmp.Or(op.Subject.Action, op.Action))
		if !ok {
			return "", false
		}
		tag = op.Inputs[in]
	default:
		return "", false
	}
	tag = strings.TrimPrefix(strings.TrimSpace(tag), tagsPrefix)
	if !writtenOut(tag) {
		return "", false
	}
	return tag, true
}

// withListeners is a copy of info whose listeners of event are kept, the
// others' as they are.
func withListeners(info *inventory.JobInfo, event string, kept []string) *inventory.JobInfo {
	narrowed := *info
	narrowed.Listeners = maps.Clone(info.Listeners)
	narrowed.Listeners[event] = kept
	return &narrowed
}

// writtenOut reports a branch or tag name written out in full: not empty,
// and neither built at run time nor a pattern.
func writtenOut(name string) bool {
	return name != "" && !strings.ContainsAny(name, "${}*?[] \t\n")
}

// branchFilterMatches reports whether a push to branch runs a workflow
// whose push trigger has branch filters bf. A pattern with more than
// literal text, * and ** (?, +, [...]) counts as matching, and so does
// a filter the planner cannot read: it errs toward the workflow running.
func branchFilterMatches(bf inventory.BranchFilter, branch string) bool {
	if len(bf.Branches) > 0 {
		match := false
		for _, p := range bf.Branches {
			neg := strings.HasPrefix(p, "!")
			m, known := globMatch(strings.TrimPrefix(p, "!"), branch)
			if !known {
				return true
			}
			if m {
				match = !neg
			}
		}
		return match
	}
	for _, p := range bf.BranchesIgnore {
		m, known := globMatch(p, branch)
		if !known {
			return true
		}
		if m {
			return false
		}
	}
	return true
}

// globMatch matches a workflow filter pattern against a branch name: *
// is any run of characters but /, ** any run at all. known is false for
// a pattern with other special characters (?, +, [, ], !, \).
func globMatch(pattern, name string) (match, known bool) {
	if strings.ContainsAny(pattern, "?+[]!\\") {
		return false, false
	}
	var re strings.Builder
	re.WriteString("^")
	for i := 0; i < len(pattern); i++ {
		switch {
		case strings.HasPrefix(pattern[i:], "**"):
			re.WriteString(".*")
			i++
		case pattern[i] == '*':
			re.WriteString("[^/]*")
		default:
			re.WriteString(regexp.QuoteMeta(pattern[i : i+1]))
		}
	}
	re.WriteString("$")
	return regexp.MustCompile(re.String()).MatchString(name), true
}

// releasesRunTag drops the tag event from an operation that releases the
// tag its run was started for, in a workflow that runs only on pushed
// tags (inventory.JobInfo.TagRunsOnly): that tag exists, so the release
// makes a release event and no tag event. The release is the run's ref
// when the action's tag input (knowledge.ReleaseTagInput) is unset or
// names github.ref or github.ref_name, when gh release create's tag is
// one of them, or when the release is of the tag on the commit the job
// builds (inventory.Operation.ReleaseOfHead). It returns what to say of it
// ("" when it does not apply).
func releasesRunTag(info *inventory.JobInfo, op inventory.Operation, r *opResult) string {
	if info == nil || !info.TagRunsOnly || !r.eventsKnown || !slices.Contains(r.events, knowledge.EventTag) || !slices.Contains(r.events, knowledge.EventRelease) {
		return ""
	}
	ofRef := op.ReleaseOfHead
	switch op.Kind {
	case inventory.OpAction:
		name := op.Subject.Action
		if name == "" {
			name = op.Action
		}
		if in, ok := knowledge.ReleaseTagInput(name); ok {
			v, set := op.Inputs[in]
			ofRef = !set || namesRunRef(v)
		}
	case inventory.OpGH:
		if strings.HasPrefix(op.Name, "gh release create") {
			if args := firstWords(op.Args, 3); len(args) == 3 && args[0] == "release" && args[1] == "create" {
				ofRef = namesRunRef(args[2])
			}
		}
	}
	if !ofRef {
		return ""
	}
	r.events = slices.DeleteFunc(slices.Clone(r.events), func(e string) bool { return e == knowledge.EventTag })
	return "the release is of the pushed tag the workflow runs for, which exists, so it makes no tag event; "
}

// runRefVarRE matches the run's ref as a shell variable ($GITHUB_REF,
// ${GITHUB_REF_NAME}) or as the scan's {NAME} placeholder for a variable
// or an expression ({GITHUB_REF_NAME}, {github.ref_name}).
var runRefVarRE = regexp.MustCompile(`(?i)^(\{github[._]ref(_name)?\}|\$\{?github_ref(_name)?\}?)$`)

// tagsPrefix may stand before a tag's name.
const tagsPrefix = "refs/tags/"

// namesRunRef reports a tag value that is the run's ref and nothing else:
// ${{ github.ref }} or ${{ github.ref_name }} (read by package
// expression), or a variable or placeholder for it (runRefVarRE), with
// refs/tags/ before it or not.
func namesRunRef(v string) bool {
	v = strings.TrimSpace(v)
	if len(v) >= len(tagsPrefix) && strings.EqualFold(v[:len(tagsPrefix)], tagsPrefix) {
		v = v[len(tagsPrefix):]
	}
	if runRefVarRE.MatchString(v) {
		return true
	}
	p, ok := expression.SolePath(v)
	return ok && (p.Lower() == "github.ref" || p.Lower() == "github.ref_name")
}
