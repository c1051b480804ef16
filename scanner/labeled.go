package scanner

import (
	"path"
	"sort"
	"strings"

	"github.com/rhysd/actionlint"

	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/knowledge"
)

// markLabelTriggers marks the operations that add labels when a workflow
// of the repository runs on labeled: a label added with GITHUB_TOKEN
// starts no workflow run, so the job's token must be one whose events do
// (StartsWorkflows names the workflows).
func (rs *repoScan) markLabelTriggers(findings []inventory.Finding) {
	listeners := rs.labeledListeners()
	if len(listeners) == 0 {
		return
	}
	for i := range findings {
		f := &findings[i]
		if f.Job == CompositeJob {
			continue // its callers' findings carry its operations
		}
		// A workflow that runs again on its own labels is left out: that
		// is a loop GITHUB_TOKEN prevents, not a chain.
		var others []string
		for _, l := range listeners {
			if l.file != path.Clean(f.File) {
				others = append(others, l.name)
			}
		}
		if len(others) == 0 {
			continue
		}
		for j := range f.Operations {
			o := &f.Operations[j]
			if addsLabels(*o) {
				o.StartsWorkflows = strings.Join(others, ", ") + " " + runs(len(others)) + " on labeled"
			}
		}
	}
}

// labeledListeners lists the repository's workflows that run when a label
// is added: on pull_request or pull_request_target with the labeled
// type, or on issues with it or with no types (every type).
func (rs *repoScan) labeledListeners() []listener {
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
			labeled := hook == "issues" && len(we.Types) == 0
			for _, t := range we.Types {
				labeled = labeled || (t != nil && t.Value == "labeled")
			}
			if labeled {
				out = append(out, listener{file: p, name: p + " (" + hook + ")"})
				break
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].file < out[j].file })
	return out
}

// listener is a workflow that runs on labeled: its path and how the
// plan names it.
type listener struct{ file, name string }

func runs(n int) string {
	if n == 1 {
		return "runs"
	}
	return "run"
}

// addsLabels reports an operation that adds labels to an issue or pull
// request: the labels endpoints, gh issue/pr edit --add-label, gh
// issue/pr create --label, and the addLabelsToLabelable mutation.
func addsLabels(o inventory.Operation) bool {
	switch o.Kind {
	case inventory.OpREST:
		p := knowledge.NormalizePath(o.Path)
		m := strings.ToUpper(o.Method)
		return (m == "POST" || m == "PUT") && strings.HasSuffix(p, "/labels") && strings.Contains(p, "/issues/")
	case inventory.OpGH:
		// The name is the command with the flags that pick its form
		// ("gh pr edit --add-label").
		switch {
		case strings.HasPrefix(o.Name, "gh issue edit"), strings.HasPrefix(o.Name, "gh pr edit"):
			return strings.Contains(o.Name, "--add-label") || hasArg(o.Args, "--add-label")
		case strings.HasPrefix(o.Name, "gh issue create"), strings.HasPrefix(o.Name, "gh pr create"):
			return hasArg(o.Args, "--label") || hasArg(o.Args, "-l")
		}
	case inventory.OpGraphQL:
		return strings.EqualFold(o.Name, "addLabelsToLabelable")
	}
	return false
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
