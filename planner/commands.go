package planner

import (
	"github.com/pat2app/pat2app/config"
	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/knowledge"
)

// commandNeeds resolves an unresolved command through .pat2app.yaml
// `scripts:` or the tool's row of knowledge/data/tools.tsv, from the script
// and command the scanner named.
func (pl *planner) commandNeeds(u inventory.Unresolved) (opResult, bool) {
	var r opResult
	if u.Script == "" && u.Command == "" {
		return r, false
	}
	if pl.cfg != nil {
		for _, k := range sortedKeys(pl.cfg.Scripts) {
			if !config.ScriptKeyMatches(k, u.Script, u.Command) {
				continue
			}
			p := permsFromConfig(pl.cfg.Scripts[k])
			r.addNeeds(p)
			r.notes = append(r.notes, "permissions of "+k+" from .pat2app.yaml scripts (override)")
			return r, true
		}
	}
	t, ok := knowledge.Tool(u.Command)
	if ok && t.Unavailable != "" {
		r.notSupported = t.Name + ": " + t.Unavailable
		if t.Note != "" {
			r.fallback = asSentence(t.Note)
		}
		return r, true
	}
	if !ok || len(t.Permissions) == 0 {
		return r, false
	}
	r.addNeeds(t.Permissions)
	if t.Triggers != "" {
		r.setTriggers(t.Name, t.Triggers)
	}
	if t.Note != "" {
		r.notes = append(r.notes, t.Note)
	}
	return r, true
}

// persistedPushes reports what an action does with the credentials
// actions/checkout persisted: pushes is true when it pushes with them, known
// is false when nothing says (an action the planner does not know).
func (pl *planner) persistedPushes(name string) (pushes, known bool) {
	if pl.cfg != nil {
		for k := range pl.cfg.Actions {
			if actionName(k) == name {
				return false, true
			}
		}
	}
	if info, ok := knowledge.Action(name); ok {
		return info.PushesWithPersistedCredentials, true
	}
	return false, false
}

// knownAction reports whether the planner can map an action's token use.
func (pl *planner) knownAction(name string) bool {
	_, known := pl.persistedPushes(name)
	return known
}
