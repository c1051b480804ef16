package scanner

import (
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/rhysd/actionlint"

	"github.com/pat2app/pat2app/expression"
	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/knowledge"
	"github.com/pat2app/pat2app/repofiles"
)

// markEventListeners records on every job which of the repository's
// workflows run on tags and releases (inventory.JobInfo.Listeners), when
// the scan holds every workflow of the repository (RepoFiles.AllWorkflows)
// and each of them parses (a workflow that runs only on workflow_call is
// marked CalledOnly: its callers' repositories, which may be others, make
// its events): the planner then knows that
// a tag or a release made with GITHUB_TOKEN, which starts no workflow run,
// misses no workflow either. A workflow file given alone, or one that does
// not parse, leaves the jobs without the record.
func (rs *repoScan) markEventListeners(findings []inventory.Finding) {
	if !rs.repo.AllWorkflows {
		return
	}
	// Branch pushes, pull requests and packages are recorded even when
	// no workflow runs on them (an empty list): a record without them,
	// from an older scan, says nothing of them.
	listeners := map[string][]string{}
	for _, e := range knowledge.AlwaysRecordedEvents {
		listeners[e] = []string{}
	}
	var filters map[string]inventory.BranchFilter
	var tagFilterMap map[string]inventory.TagFilter
	var gates map[string]inventory.ActorGate
	for i := range rs.repo.Files {
		f := &rs.repo.Files[i]
		if repofiles.Classify(f.Path) != repofiles.Workflow {
			continue
		}
		wf := rs.scannedWorkflow(f)
		if wf == nil {
			return // a workflow not read may run on them
		}
		heard, filtered, tagFiltered := eventListeners(path.Clean(f.Path), wf)
		gate := actorGate(wf)
		for ev, names := range heard {
			listeners[ev] = append(listeners[ev], names...)
			if gate.Condition == "" {
				continue
			}
			if gates == nil {
				gates = map[string]inventory.ActorGate{}
			}
			for _, n := range names {
				gates[n] = gate
			}
		}
		for l, bf := range filtered {
			if filters == nil {
				filters = map[string]inventory.BranchFilter{}
			}
			filters[l] = bf
		}
		for l, tf := range tagFiltered {
			if tagFilterMap == nil {
				tagFilterMap = map[string]inventory.TagFilter{}
			}
			tagFilterMap[l] = tf
		}
	}
	for _, names := range listeners {
		slices.Sort(names)
	}
	for i := range findings {
		if info := findings[i].JobInfo; info != nil {
			// A reusable workflow only: its events are made in its
			// callers' repositories, which may be others, whose
			// workflows are not these. (A composite action of the
			// repository is run by its own workflows.)
			info.CalledOnly = slices.Equal(info.Triggers, []string{"workflow_call"}) && repofiles.Classify(path.Clean(findings[i].File)) == repofiles.Workflow
			info.WorkflowsRead = true
			info.Listeners = listeners
			info.BranchFilters = filters
			info.TagFilters = tagFilterMap
			info.ActorGates = gates
		}
	}
}

// actorPaths are the context values that name who made an event: the
// actor, or a pushed commit's author.
var actorPaths = map[string]bool{
	"github.actor": true, "github.triggering_actor": true, "github.event.sender.login": true,
	"github.event.head_commit.author.username": true, "github.event.head_commit.author.name": true,
	"github.event.head_commit.author.email": true, "github.event.head_commit.committer.username": true,
	"github.event.head_commit.committer.name": true, "github.event.pusher.name": true,
	"github.event.pull_request.user.login": true,
}

// actorGate is the if: of a job of wf that compares who made the event
// with a literal name (github.event.head_commit.author.username ==
// 'emscripten-bot'), with its line and the names: the job runs only for
// those accounts, and a token of another identity (an App's bot) makes
// events it skips. Empty when no job has one.
func actorGate(wf *actionlint.Workflow) inventory.ActorGate {
	for _, id := range sortedKeys(wf.Jobs) {
		j := wf.Jobs[id]
		if j == nil || j.If == nil {
			continue
		}
		e := expression.Condition(j.If.Value)
		if e == nil || e.Root == nil {
			continue
		}
		var accounts []string
		var walk func(n actionlint.ExprNode)
		walk = func(n actionlint.ExprNode) {
			if c, ok := n.(*actionlint.CompareOpNode); ok && c.Kind == actionlint.CompareOpNodeKindEq {
				for _, pair := range [][2]actionlint.ExprNode{{c.Left, c.Right}, {c.Right, c.Left}} {
					p, isPath := e.PathOf(pair[0])
					if lit, ok := pair[1].(*actionlint.StringNode); isPath && ok && actorPaths[p.Lower()] {
						accounts = appendUnique(accounts, lit.Value)
					}
				}
			}
			for _, k := range expression.Children(n) {
				walk(k)
			}
		}
		walk(e.Root)
		if len(accounts) > 0 {
			line := 0
			if j.If.Pos != nil {
				line = j.If.Pos.Line
			}
			return inventory.ActorGate{Condition: "job " + id + " line " + strconv.Itoa(line) + ": if: " + oneLine(j.If.Value, 160), Accounts: accounts}
		}
	}
	return inventory.ActorGate{}
}

// scannedWorkflow is workflow file f as the scan parsed it, nil when the
// scan did not read it or it does not parse: the scan's own parse, not a
// second one.
func (rs *repoScan) scannedWorkflow(f *File) *actionlint.Workflow {
	if res := rs.done[path.Clean(f.Path)]; res != nil && res.analysis != nil {
		return res.analysis.wf
	}
	return nil
}

// eventListeners says which events of knowledge.TriggerEvents workflow wf
// (at file) runs on: "tag" for a push that is not kept to branches (push
// filters without branches or branches-ignore run on tags too, and path
// filters are not applied to tags) and for create, "release" for release
// of any type, "release_edit" for release with no types or types an edit
// makes (edited, prereleased, released), "review" for pull_request_review
// (submitted), "branch" for a push that is not kept to tags, for
// pull_request and pull_request_target (a push to a pull request's head
// branch synchronizes it) and for create (a new branch), "pull_request"
// for pull_request and pull_request_target, "wiki" for gollum, "package"
// for registry_package, "deployment" for deployment and deployment_status. filters
// and tags hold the branch and the tag filters of its push trigger, by
// listener name.
func eventListeners(file string, wf *actionlint.Workflow) (out map[string][]string, filters map[string]inventory.BranchFilter, tags map[string]inventory.TagFilter) {
	out = map[string][]string{}
	for _, ev := range wf.On {
		we, ok := ev.(*actionlint.WebhookEvent)
		if !ok || we.Hook == nil {
			continue
		}
		switch hook := we.Hook.Value; hook {
		case "push":
			if we.Tags != nil || we.TagsIgnore != nil || we.Branches == nil && we.BranchesIgnore == nil {
				out["tag"] = append(out["tag"], file+" (on push)")
			}
			if we.Tags != nil || we.TagsIgnore != nil {
				tags = map[string]inventory.TagFilter{file + " (on push)": {Tags: filterValues(we.Tags), TagsIgnore: filterValues(we.TagsIgnore)}}
			}
			if we.Branches != nil || we.BranchesIgnore != nil || we.Tags == nil && we.TagsIgnore == nil {
				name := file + " (on push)"
				out[knowledge.EventBranch] = append(out[knowledge.EventBranch], name)
				if we.Branches != nil || we.BranchesIgnore != nil {
					filters = map[string]inventory.BranchFilter{name: {Branches: filterValues(we.Branches), BranchesIgnore: filterValues(we.BranchesIgnore)}}
				}
			}
		case "pull_request", "pull_request_target":
			// Its default types are opened, synchronize and reopened; a
			// push to a pull request's branch makes synchronize.
			if hasType(we, "synchronize", true) {
				out[knowledge.EventBranch] = append(out[knowledge.EventBranch], file+" (on "+hook+")")
			}
			if hasType(we, "opened", true) || hasType(we, "ready_for_review", false) {
				out[knowledge.EventPullRequest] = append(out[knowledge.EventPullRequest], file+" (on "+hook+")")
			}
		case "create":
			out["tag"] = append(out["tag"], file+" (on create)")
			out[knowledge.EventBranch] = append(out[knowledge.EventBranch], file+" (on create)")
		case "release":
			out["release"] = append(out["release"], file+" (on release)")
			if len(we.Types) == 0 || hasType(we, "edited", false) || hasType(we, "prereleased", false) || hasType(we, "released", false) {
				out[knowledge.EventReleaseEdit] = append(out[knowledge.EventReleaseEdit], file+" (on release)")
			}
		case "pull_request_review":
			if hasType(we, "submitted", true) {
				out[knowledge.EventReview] = append(out[knowledge.EventReview], file+" (on pull_request_review)")
			}
		case "gollum":
			out[knowledge.EventWiki] = append(out[knowledge.EventWiki], file+" (on gollum)")
		case "registry_package":
			out[knowledge.EventPackage] = append(out[knowledge.EventPackage], file+" (on registry_package)")
		case "deployment", "deployment_status":
			out[knowledge.EventDeployment] = append(out[knowledge.EventDeployment], file+" (on "+hook+")")
		}
	}
	return out, filters, tags
}

// filterValues is the patterns of a trigger's filter (nil for none).
func filterValues(f *actionlint.WebhookEventFilter) []string {
	if f == nil {
		return nil
	}
	out := make([]string, 0, len(f.Values))
	for _, v := range f.Values {
		if v != nil {
			out = append(out, v.Value)
		}
	}
	return out
}

// hasType reports whether a webhook event's types: include t; with no
// types: listed, whether t is among the event's defaults (byDefault).
func hasType(we *actionlint.WebhookEvent, t string, byDefault bool) bool {
	if len(we.Types) == 0 {
		return byDefault
	}
	for _, x := range we.Types {
		if x != nil && strings.EqualFold(x.Value, t) {
			return true
		}
	}
	return false
}

// MissesWorkflows reports whether the input errors of reading a
// repository's files name a workflow file, or a folder workflows lie in,
// that was not read: RepoFiles.AllWorkflows is then false.
func MissesWorkflows(errs []inventory.InputError) bool {
	for _, e := range errs {
		p := path.Clean(filepath.ToSlash(e.File))
		if e.File == "" || repofiles.Classify(p) == repofiles.Workflow || p == ".github" || p == ".github/workflows" || strings.HasSuffix(p, "/.github") || strings.HasSuffix(p, "/.github/workflows") {
			return true
		}
	}
	return false
}

// runsOnlyOnTags reports a workflow that runs only when a tag is pushed:
// every event of its on: is push with tags or tags-ignore and no branches
// or branches-ignore, so its runs' github.ref is a tag that exists.
func runsOnlyOnTags(wf *actionlint.Workflow) bool {
	if len(wf.On) == 0 {
		return false
	}
	for _, ev := range wf.On {
		we, ok := ev.(*actionlint.WebhookEvent)
		if !ok || we.Hook == nil || we.Hook.Value != "push" || we.Branches != nil || we.BranchesIgnore != nil || we.Tags == nil && we.TagsIgnore == nil {
			return false
		}
	}
	return true
}
