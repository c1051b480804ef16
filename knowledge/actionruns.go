package knowledge

import (
	"slices"
	"strings"
)

// actionRunsCodeRow is the generated form of one row of
// data/action-runs-code.tsv.
type actionRunsCodeRow struct {
	action, input string
	off           []string
	runsCode      string
}

// ActionCode is one row of data/action-runs-code.tsv: an input that makes
// an action run code of the repository or its packages with the step's
// environment unless its value is one of Off.
type ActionCode struct {
	// Input is the input's name, lower case.
	Input string
	// Off are the values (lower case) that keep the code from running;
	// UnsetInput stands for an input the step does not give.
	Off []string
	// RunsCode says what code runs.
	RunsCode string
}

// On reports whether the action runs the code for a step's inputs (lower
// case names, values as written): the input's value, compared in lower case
// with surrounding space ignored, is not one of Off. A value chosen at run
// time (an expression) is never an off value.
func (c ActionCode) On(inputs map[string]string) bool {
	raw, given := inputs[c.Input]
	v := strings.ToLower(strings.TrimSpace(raw))
	if !given {
		v = UnsetInput
	}
	return !slices.Contains(c.Off, v)
}

// ActionRunsCode returns the rows of data/action-runs-code.tsv for an action
// (owner/repo[/path], any case, with or without @ref).
func ActionRunsCode(action string) []ActionCode {
	name := actionKey(action)
	var out []ActionCode
	for _, r := range actionRunsCodeTable {
		if r.action == name {
			out = append(out, ActionCode{Input: r.input, Off: slices.Clone(r.off), RunsCode: r.runsCode})
		}
	}
	return out
}

// RunsNoCode is the row of an action (as ActionShared) whose row says what
// it does and that runs no code of the repository, its packages or the
// step (not Dynamic, no row of data/action-runs-code.tsv); ok is false for
// any other action.
func RunsNoCode(uses string) (ActionInfo, bool) {
	info, known := ActionShared(uses)
	if !known || info.Dynamic || len(ActionRunsCode(uses)) > 0 {
		return ActionInfo{}, false
	}
	return info, true
}

// actionShellInputRow is the generated form of one row of
// data/action-shell-inputs.tsv.
type actionShellInputRow struct {
	action, input, shellInput, shell, windowsShell string
}

// ShellInput is one row of data/action-shell-inputs.tsv: an input an action
// runs as a shell script with the step's environment.
type ShellInput struct {
	// Input is the input's name, lower case.
	Input string
	// ShellInput names the input that picks the shell; empty when none
	// does.
	ShellInput string
	// Shell and WindowsShell run the script when ShellInput is not given,
	// on other runners and on Windows runners.
	Shell, WindowsShell string
}

// ActionShellInputs returns the rows of data/action-shell-inputs.tsv for an
// action (owner/repo[/path], any case, with or without @ref), in file order.
func ActionShellInputs(action string) []ShellInput {
	name := actionKey(action)
	var out []ShellInput
	for _, r := range actionShellInputTable {
		if r.action == name {
			out = append(out, ShellInput{Input: r.input, ShellInput: r.shellInput, Shell: r.shell, WindowsShell: r.windowsShell})
		}
	}
	return out
}
