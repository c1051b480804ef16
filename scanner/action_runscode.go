package scanner

import (
	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/knowledge"
)

// actionRunsCode records, for an action that runs code of the repository
// or its packages with the step's environment (knowledge.ActionRunsCode:
// pnpm/action-setup with run_install), that every credential in the step's
// environment reaches code pat2app does not read.
func (js *jobState) actionRunsCode(s *actionStep, env map[string]envEntry) {
	if !s.known {
		return
	}
	rows := knowledge.ActionRunsCode(s.name)
	if len(rows) == 0 {
		return
	}
	inputs := map[string]string{}
	for k := range s.ex.Inputs {
		inputs[k] = s.lit(k)
	}
	for _, r := range rows {
		if !r.On(inputs) {
			continue
		}
		given := r.Input
		if v, ok := inputs[r.Input]; ok {
			given += ": " + oneLine(v, 60)
		}
		ev := s.name + " " + given
		for _, k := range sortedKeys(env) {
			e := env[k]
			if len(e.creds) == 0 {
				continue
			}
			for _, c := range e.creds {
				b := js.a.get(js.id, c)
				b.use(inventory.Use{Line: s.line, Step: s.label, Via: inventory.ViaEnv, Target: s.name + " env " + k, Subject: inventory.Subject{Action: s.name, Input: k}})
				b.unresolved(s.line, ev, "with "+given+" it "+r.RunsCode+"; $"+k+" is in that environment, and what the code does with it is not visible", inventory.Subject{Action: s.name, Input: r.Input})
			}
			js.markUnseen(env, e.creds)
		}
	}
}
