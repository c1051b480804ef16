package scanner

import (
	"path"
	"slices"
	"sort"
	"strings"

	"github.com/rhysd/actionlint"

	"github.com/pat2app/pat2app/expression"
	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/knowledge"
)

// markLabelTriggers marks the operations that add or remove labels, or
// open, close or reopen issues and pull requests, when a workflow of the
// repository runs on that activity for that kind of item: an item changed
// with GITHUB_TOKEN starts no workflow run, so the job's token must be one
// whose events do (StartsWorkflows names the workflows and the activity
// types: "runs on labeled", "run on reopened").
func (rs *repoScan) markLabelTriggers(findings []inventory.Finding) {
	listeners := rs.activityListeners()
	if len(listeners) == 0 {
		return
	}
	for i := range findings {
		f := &findings[i]
		if f.Job == CompositeJob {
			continue // its callers' findings carry its operations
		}
		for j := range f.Operations {
			o := &f.Operations[j]
			lc := labelChangeOf(*o).within(f.JobInfo)
			if !lc.adds && !lc.removes && len(lc.states) == 0 {
				continue
			}
			// A workflow that runs again on its own changes is left
			// out: that is a loop GITHUB_TOKEN prevents, not a chain.
			var others []string
			var on []string
			for _, l := range listeners {
				if l.file == path.Clean(f.File) {
					continue
				}
				heard := lc.heardBy(l)
				if len(heard) == 0 {
					continue
				}
				others = append(others, l.name)
				for _, t := range heard {
					on = appendUnique(on, t)
				}
			}
			if len(others) > 0 {
				slices.SortStableFunc(on, func(a, b string) int { return activityOrder(a) - activityOrder(b) })
				o.StartsWorkflows = strings.Join(others, ", ") + " " + runs(len(others)) + " on " + strings.Join(on, " and ")
			}
		}
	}
}

// activityTypes are the activity types of issues and pull requests whose
// workflows markLabelTriggers marks, in the order a StartsWorkflows text
// names them: labels first, as the planner reads them.
var activityTypes = []string{"labeled", "unlabeled", "opened", "closed", "reopened"}

// activityOrder is an activity type's place in activityTypes.
func activityOrder(t string) int {
	return slices.Index(activityTypes, t)
}

// activityListeners lists the repository's workflows that run when a
// label is added or removed, or an issue or pull request is opened,
// closed or reopened: on pull_request or pull_request_target with those
// types (pull requests; with no types: listed, their defaults opened,
// synchronize and reopened), or on issues with them or with no types,
// every type (issues).
func (rs *repoScan) activityListeners() []listener {
	var out []listener
	for p, pf := range rs.parsed {
		if pf.wf == nil || pf.composite {
			continue
		}
		for _, ev := range pf.wf.On {
			we, ok := ev.(*actionlint.WebhookEvent)
			if !ok || we.Hook == nil {
				continue
			}
			hook := we.Hook.Value
			if hook != "pull_request" && hook != "pull_request_target" && hook != "issues" {
				continue
			}
			l := listener{file: p, name: p + " (" + hook + ")", issues: hook == "issues", hook: hook, conds: jobConditions(pf.wf), types: map[string]bool{}}
			switch {
			case len(we.Types) > 0:
				for _, t := range we.Types {
					if t != nil {
						l.types[strings.ToLower(t.Value)] = true
					}
				}
			case l.issues:
				l.all = true
			default:
				l.types["opened"], l.types["synchronize"], l.types["reopened"] = true, true, true
			}
			if slices.ContainsFunc(activityTypes, l.runsOn) {
				out = append(out, l)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].file != out[j].file {
			return out[i].file < out[j].file
		}
		return out[i].name < out[j].name
	})
	return out
}

// listener is a workflow that runs on activity of issues or pull
// requests: its path, how the plan names it, whether it runs for issues
// (else pull requests), and on which activity types.
type listener struct {
	file, name string
	issues     bool
	// types are the activity types it runs on; all is true for every
	// type (issues with no types: listed).
	types map[string]bool
	all   bool
	// hook is the event (issues, pull_request, pull_request_target);
	// conds are the if: conditions of the workflow's jobs, "" for a job
	// without one.
	hook  string
	conds []string
}

// runsOn reports whether the listener's trigger runs on activity type t.
func (l listener) runsOn(t string) bool {
	return l.all || l.types[t]
}

// jobConditions lists the if: condition of each job of wf ("" for none).
func jobConditions(wf *actionlint.Workflow) []string {
	var out []string
	for _, j := range wf.Jobs {
		if j == nil {
			continue
		}
		c := ""
		if j.If != nil {
			c = j.If.Value
		}
		out = append(out, c)
	}
	return out
}

// runsFor reports whether a job of the workflow may run on activity
// action (labeled, unlabeled, closed, ...) with one of the labels added or
// removed: a job's if: that decides false for every label, with
// github.event_name, github.event.action and github.event.label.name
// known, keeps it from running ("github.event.label.name == 'discuss'",
// "github.event.action == 'opened'"). Labels not known (nil) may be any
// label.
func (l listener) runsFor(action string, labels []string) bool {
	names, known := labels, true
	if len(labels) == 0 {
		names, known = []string{""}, false
	}
	for _, c := range l.conds {
		if strings.TrimSpace(c) == "" {
			return true
		}
		for _, name := range names {
			truth, ok := expression.Truth(c, func(p expression.Path) (string, bool) {
				switch p.Lower() {
				case "github.event_name":
					return l.hook, true
				case "github.event.action":
					return action, true
				case "github.event.label.name":
					return name, known
				}
				return "", false
			})
			if !ok || truth {
				return true
			}
		}
	}
	return false
}

func runs(n int) string {
	if n == 1 {
		return "runs"
	}
	return "run"
}

// labelChange is what an operation does to labels: which items it may
// label, and whether it adds or removes labels.
type labelChange struct {
	issues, pulls bool
	adds, removes bool
	// states are the other activity types it makes: opened (an issue),
	// closed, reopened.
	states []string
	// added and removed are the labels' names when the command names
	// them all; nil when they are not known.
	added, removed []string
}

// within narrows a change that may label issues and pull requests alike
// to the items the job runs for: its if: (github.event.issue.pull_request
// tested, JobInfo.Subject), or triggers that are all of one kind.
func (lc labelChange) within(info *inventory.JobInfo) labelChange {
	if info == nil || !lc.issues || !lc.pulls {
		return lc
	}
	kinds := map[string]bool{}
	for _, t := range info.Triggers {
		kinds[knowledge.EventSubject(t)] = true
	}
	switch {
	case info.Subject == "pull_request":
		lc.issues = false
	case info.Subject == "issue" && !kinds["pull_request"]:
		lc.pulls = false
	case len(kinds) == 1 && kinds["pull_request"]:
		lc.issues = false
	case len(kinds) == 1 && kinds["issue"]:
		lc.pulls = false
	}
	return lc
}

// heardBy is the activity types of the change that a workflow listening
// as l runs on, none when it runs on none of them.
func (lc labelChange) heardBy(l listener) []string {
	if !(l.issues && lc.issues || !l.issues && lc.pulls) {
		return nil
	}
	var on []string
	if lc.adds && l.runsOn("labeled") && l.runsFor("labeled", lc.added) {
		on = append(on, "labeled")
	}
	if lc.removes && l.runsOn("unlabeled") && l.runsFor("unlabeled", lc.removed) {
		on = append(on, "unlabeled")
	}
	for _, t := range lc.states {
		if l.runsOn(t) && l.runsFor(t, nil) {
			on = append(on, t)
		}
	}
	return on
}

// updateStates is what a REST update's state parameter (inventory
// StateParam) does to its issue or pull request: "closed" closes it,
// "open" reopens it, a value known only at run time may do either.
func updateStates(o inventory.Operation) []string {
	state, given := inventory.ParamState(o.Params)
	switch {
	case !given:
		return nil
	case state == "closed":
		return []string{"closed"}
	case state == "open":
		return []string{"reopened"}
	case state == "":
		return []string{"closed", "reopened"}
	}
	return nil
}

// labelChangeOf reads what an operation does to labels and to the state
// of issues and pull requests: the labels endpoints of issues (an issue or
// a pull request alike), gh issue/pr edit --add-label and --remove-label,
// gh issue/pr create --label, the label mutations, and the actions
// data/label-actions.tsv lists; an issue created (the issues endpoint, gh
// issue create, createIssue), and issues and pull requests closed or
// reopened by gh issue/pr close and reopen or the close and reopen
// mutations, and by the REST update endpoints given a state
// (updateStates). (A pull request opened is a trigger of its own; an
// update given no state changes none.)
func labelChangeOf(o inventory.Operation) labelChange {
	both := labelChange{issues: true, pulls: true}
	switch o.Kind {
	case inventory.OpREST:
		p := knowledge.NormalizePath(o.Path)
		m := strings.ToUpper(o.Method)
		if m == "POST" && p == "/repos/{owner}/{repo}/issues" {
			return labelChange{issues: true, states: []string{"opened"}}
		}
		if states := updateStates(o); m == "PATCH" && len(states) > 0 {
			// issues.update and pulls.update given a state close or
			// reopen the item (an issue number may be a pull request's).
			switch p {
			case "/repos/{owner}/{repo}/issues/{issue_number}":
				return labelChange{issues: true, pulls: true, states: states}
			case "/repos/{owner}/{repo}/pulls/{pull_number}":
				return labelChange{pulls: true, states: states}
			}
		}
		if !strings.Contains(p, "/issues/") {
			return labelChange{}
		}
		switch {
		case (m == "POST" || m == "PUT") && strings.HasSuffix(p, "/labels"):
			both.adds, both.removes = true, m == "PUT" // PUT replaces them
		case m == "DELETE" && (strings.HasSuffix(p, "/labels") || strings.Contains(p, "/labels/")):
			both.removes = true
		}
		return both
	case inventory.OpGH:
		// The name is the command with the flags that pick its form
		// ("gh pr edit --add-label").
		// gh issue edit takes a pull request's number too (a pull
		// request is an issue); gh issue create makes an issue.
		lc := labelChange{issues: strings.HasPrefix(o.Name, "gh issue "), pulls: strings.HasPrefix(o.Name, "gh pr ") || strings.HasPrefix(o.Name, "gh issue edit")}
		switch {
		case strings.HasPrefix(o.Name, "gh issue edit"), strings.HasPrefix(o.Name, "gh pr edit"):
			lc.adds = strings.Contains(o.Name, "--add-label") || hasArg(o.Args, "--add-label")
			lc.removes = strings.Contains(o.Name, "--remove-label") || hasArg(o.Args, "--remove-label")
			lc.added = labelNames(o.Args, "--add-label")
			lc.removed = labelNames(o.Args, "--remove-label")
		case strings.HasPrefix(o.Name, "gh issue create"), strings.HasPrefix(o.Name, "gh pr create"):
			lc.adds = hasArg(o.Args, "--label") || hasArg(o.Args, "-l")
			lc.added = labelNames(o.Args, "--label", "-l")
			if lc.issues {
				lc.states = []string{"opened"}
			}
		case strings.HasPrefix(o.Name, "gh issue close"), strings.HasPrefix(o.Name, "gh pr close"):
			lc.states = []string{"closed"}
		case strings.HasPrefix(o.Name, "gh issue reopen"), strings.HasPrefix(o.Name, "gh pr reopen"):
			lc.states = []string{"reopened"}
		}
		return lc
	case inventory.OpGraphQL:
		both.adds = strings.EqualFold(o.Name, "addLabelsToLabelable")
		both.removes = strings.EqualFold(o.Name, "removeLabelsFromLabelable") || strings.EqualFold(o.Name, "clearLabelsFromLabelable")
		switch strings.ToLower(o.Name) {
		case "createissue":
			return labelChange{issues: true, states: []string{"opened"}}
		case "closeissue":
			return labelChange{issues: true, states: []string{"closed"}}
		case "reopenissue":
			return labelChange{issues: true, states: []string{"reopened"}}
		case "closepullrequest":
			return labelChange{pulls: true, states: []string{"closed"}}
		case "reopenpullrequest":
			return labelChange{pulls: true, states: []string{"reopened"}}
		}
		return both
	case inventory.OpAction:
		name := o.Subject.Action
		if name == "" {
			name = o.Name
		}
		on, adds, removes, ok := knowledge.LabelChanges(name)
		if !ok {
			return labelChange{}
		}
		lc := labelChange{issues: on != "pull_requests", pulls: on != "issues", adds: adds, removes: removes}
		if labels, known := knowledge.LabelsAdded(name, o.Inputs); known && adds {
			// The labels its inputs name (actions/stale's Stale): a
			// workflow whose if: wants another label does not run.
			lc.added, lc.adds = labels, len(labels) > 0
		}
		return lc
	}
	return labelChange{}
}

// hasArg reports a flag among a command's arguments (--flag or
// --flag=value).
func hasArg(args []string, flag string) bool {
	for _, a := range args {
		if a == flag || strings.HasPrefix(a, flag+"=") {
			return true
		}
	}
	return false
}

// labelNames are the label names a gh command's flags give (each flag's
// value, comma-separated names), nil when a value is not a literal (a
// placeholder the scan put for a variable or an expression) or a flag has
// no value.
func labelNames(args []string, flags ...string) []string {
	vs, complete := inventory.FlagValues(args, flags...)
	if !complete {
		return nil
	}
	var out []string
	for _, v := range vs {
		if strings.ContainsAny(v, "{}$`") {
			return nil
		}
		for _, n := range strings.Split(v, ",") {
			if n = strings.TrimSpace(n); n != "" {
				out = append(out, n)
			}
		}
	}
	return out
}
