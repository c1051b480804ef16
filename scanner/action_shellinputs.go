package scanner

import (
	"sort"
	"strings"

	"github.com/rhysd/actionlint"

	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/knowledge"
)

// shellInputAction reads a step whose action runs inputs as shell scripts
// with the step's environment (knowledge.ActionShellInputs: nick-fields/retry's
// command) the way a run: step is read: each such input by the reader of
// the shell that runs it, starting in the workspace. A credential in any
// other input of the action is named as passed and not seen used. It
// reports false, doing nothing, for any other action.
func (js *jobState) shellInputAction(st *actionlint.Step, ex *actionlint.ExecAction, name string, env map[string]envEntry) bool {
	if ex.Uses == nil {
		return false
	}
	rows := knowledge.ActionShellInputs(ex.Uses.Value)
	if len(rows) == 0 {
		return false
	}
	action := actionRef(ex.Uses.Value)
	scripts, used := map[string]bool{}, map[string]bool{}
	for _, r := range rows {
		scripts[r.Input] = true
		in := inputNamed(ex.Inputs, r.Input)
		if in == nil || strings.TrimSpace(in.Value) == "" {
			continue
		}
		shells := js.osShells(st, r.Shell, r.WindowsShell)
		if sh := inputNamed(ex.Inputs, r.ShellInput); r.ShellInput != "" && sh != nil && strings.TrimSpace(sh.Value) != "" {
			shells = js.chosenShells(sh.Value)
		}
		js.readStepScript(st, in, name+" ("+action+" "+r.Input+")", env, shells, "", false, used)
	}
	js.unusedStepEnv(name, env, used, nil)
	for _, k := range sortedKeys(ex.Inputs) {
		in := ex.Inputs[k]
		if in == nil || in.Value == nil || scripts[k] {
			continue
		}
		js.eachCred(in.Value, env, func(c string, line int) {
			subj := inventory.Subject{Action: action, Input: k}
			b := js.a.get(js.id, c)
			b.use(inventory.Use{Line: line, Step: name, Via: inventory.ViaInput, Target: action + " input " + k, Subject: subj})
			b.unresolved(line, action+" input "+k, "passed to input "+k+", which "+action+" does not run as a script; what it does with it is not visible", subj)
		})
	}
	return true
}

// inputNamed is the value of a step's input, or nil (actionlint keeps
// input names in lower case, as the table's rows are).
func inputNamed(inputs map[string]*actionlint.Input, name string) *actionlint.String {
	if in := inputs[name]; in != nil {
		return in.Value
	}
	return nil
}

// chosenShells are the shells a shell input's value names: the value as
// written, or the values its expressions may take; when those are not
// known, bash and pwsh, so that what only a shell pat2app does not list
// calls is still counted as not seen.
func (js *jobState) chosenShells(v string) []string {
	if !strings.Contains(v, "${{") {
		return []string{v}
	}
	vals := js.exprValues(v)
	if len(vals) == 0 {
		return []string{"bash", "pwsh"}
	}
	sort.Strings(vals)
	return vals
}
