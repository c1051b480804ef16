package planner

import (
	"strings"

	"github.com/pat2app/pat2app/knowledge"
)

// commandOf returns the command a run line starts: its first word, or the
// script an interpreter runs, without directories.
func commandOf(line string) (full, base string) {
	for _, w := range strings.Fields(line) {
		if strings.Contains(w, "=") && !strings.HasPrefix(w, "-") && !strings.Contains(w, "/") {
			continue // VAR=value prefix
		}
		if knowledge.IsInterpreter(w) || w == "run" || strings.HasPrefix(w, "-") {
			continue
		}
		base = w
		if i := strings.LastIndex(base, "/"); i >= 0 {
			base = base[i+1:]
		}
		return w, base
	}
	return "", ""
}

// commandNeeds resolves an unresolved run line through .pat2app.yaml
// `scripts:` or the tool's row of knowledge/data/tools.tsv.
func (pl *planner) commandNeeds(evidence string) (opResult, bool) {
	var r opResult
	full, base := commandOf(evidence)
	if base == "" {
		return r, false
	}
	if pl.cfg != nil {
		for k, v := range pl.cfg.Scripts {
			kk := strings.TrimSpace(k)
			if kk == full || kk == base || strings.HasPrefix(strings.TrimSpace(evidence), kk) || strings.TrimPrefix(kk, "./") == strings.TrimPrefix(full, "./") {
				p := permsFromConfig(v)
				for _, n := range p.Names() {
					r.needs = append(r.needs, need{n, p[n]})
				}
				r.notes = append(r.notes, "permissions of "+k+" from .pat2app.yaml scripts (override)")
				return r, true
			}
		}
	}
	t, ok := knowledge.Tool(base)
	if !ok || len(t.Permissions) == 0 {
		return r, false
	}
	for _, n := range t.Permissions.Names() {
		r.needs = append(r.needs, need{n, t.Permissions[n]})
	}
	if t.Triggers != "" {
		r.triggers = base + " " + t.Triggers
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
