package scanner

import (
	"strings"

	"github.com/rhysd/actionlint"
)

// slashDispatchAction is peter-evans/slash-command-dispatch: on an issue
// comment that starts with one of its commands it sends a
// repository_dispatch event whose type is the command and its
// event-type-suffix ("-command" unless the step gives another) to the
// repository its repository input names (github.repository unless given),
// with the comment's github context as client_payload.github (its
// README).
const slashDispatchAction = "peter-evans/slash-command-dispatch"

// slashCommandRepoValue is the expression that names, in the workflow a
// slash command starts, the repository whose issue comment gave the
// command: client_payload.github is the dispatching run's github context.
const slashCommandRepoValue = "${{github.event.client_payload.github.payload.repository.full_name}}"

// slashCommandTypes lists the repository_dispatch types the repository's
// own slash-command-dispatch steps send to this repository: each command
// with the step's event-type suffix, for steps that name no other
// repository and dispatch as repository events (the action's default;
// workflow dispatches carry no client_payload). A step whose commands,
// suffix or repository are built at run time adds none.
func (rs *repoScan) slashCommandTypes() map[string]bool {
	if rs.slashTypes != nil {
		return rs.slashTypes
	}
	out := map[string]bool{}
	rs.slashTypes = out
	for _, pf := range rs.parsed {
		if pf.wf == nil || pf.composite {
			continue
		}
		for _, job := range pf.wf.Jobs {
			if job == nil {
				continue
			}
			for _, st := range job.Steps {
				ex, ok := st.Exec.(*actionlint.ExecAction)
				if !ok || ex.Uses == nil || actionRef(ex.Uses.Value) != slashDispatchAction {
					continue
				}
				in := func(k string) (string, bool) {
					v, given := ex.Inputs[k]
					if !given || v == nil || v.Value == nil {
						return "", false
					}
					return strings.TrimSpace(v.Value.Value), true
				}
				if repo, given := in("repository"); given && !isOwnRepoValue(repo, rs.repo.Name) {
					continue
				}
				if t, given := in("dispatch-type"); given && t != "repository" {
					continue
				}
				suffix := "-command"
				if s, given := in("event-type-suffix"); given {
					suffix = s
				}
				commands, _ := in("commands")
				if strings.Contains(commands+suffix, "${{") {
					continue
				}
				for _, c := range strings.FieldsFunc(commands, func(r rune) bool { return r == ',' || r == '\n' || r == ' ' || r == '\t' }) {
					out[strings.ToLower(c+suffix)] = true
				}
			}
		}
	}
	return out
}

// slashCommandOwnRepo reports a repository value that names, in a workflow
// that runs only on repository_dispatch events of types the repository's
// own slash-command-dispatch steps send to it (slashCommandTypes), the
// repository the command was given in: this one.
func (js *jobState) slashCommandOwnRepo(v string) bool {
	if strings.ReplaceAll(strings.TrimSpace(v), " ", "") != slashCommandRepoValue || js.a.wf == nil {
		return false
	}
	var types []string
	for _, ev := range js.a.wf.On {
		rd, ok := ev.(*actionlint.RepositoryDispatchEvent)
		if !ok {
			continue
		}
		if len(rd.Types) == 0 {
			return false // any type: anyone's payload
		}
		for _, t := range rd.Types {
			if t == nil {
				return false
			}
			types = append(types, strings.ToLower(t.Value))
		}
	}
	if len(types) == 0 {
		return false
	}
	sent := js.a.rs.slashCommandTypes()
	for _, t := range types {
		if !sent[t] {
			return false
		}
	}
	return true
}
