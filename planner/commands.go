package planner

import (
	"path"
	"strings"

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
			if !scriptKeyMatches(k, u.Script, u.Command) {
				continue
			}
			p := permsFromConfig(pl.cfg.Scripts[k])
			for _, n := range p.Names() {
				r.needs = append(r.needs, need{n, p[n]})
			}
			r.notes = append(r.notes, "permissions of "+k+" from .pat2app.yaml scripts (override)")
			return r, true
		}
	}
	t, ok := knowledge.Tool(u.Command)
	if ok && t.Unavailable != "" {
		r.notSupported = t.Name + ": " + t.Unavailable
		if t.Note != "" {
			r.fallback = strings.ToUpper(t.Note[:1]) + t.Note[1:] + "."
		}
		return r, true
	}
	if !ok || len(t.Permissions) == 0 {
		return r, false
	}
	for _, n := range t.Permissions.Names() {
		r.needs = append(r.needs, need{n, t.Permissions[n]})
	}
	if t.Triggers != "" {
		r.triggers = t.Name + " " + t.Triggers
	}
	if t.Note != "" {
		r.notes = append(r.notes, t.Note)
	}
	return r, true
}

// scriptKeyMatches reports whether a .pat2app.yaml `scripts:` key names the
// script or command the scanner saw: the same text ("make release"; "npm
// run release" for the script "npm release"), or the file the script runs,
// with or without its leading ./ or its directory ("./scripts/release.sh",
// "scripts/release.sh", "release.sh" for "bash ./scripts/release.sh").
func scriptKeyMatches(key, script, command string) bool {
	k := strings.TrimSpace(key)
	for _, c := range []string{script, command} {
		f := strings.Fields(c)
		if len(f) == 0 {
			continue
		}
		if k == c || withoutRun(k) == withoutRun(c) {
			return true
		}
		last := f[len(f)-1]
		if strings.TrimPrefix(k, "./") == strings.TrimPrefix(last, "./") || k == path.Base(last) {
			return true
		}
	}
	return false
}

// withoutRun drops the words run and run-script ("npm run release" and
// the scanner's "npm release" name one target).
func withoutRun(s string) string {
	var out []string
	for _, w := range strings.Fields(s) {
		if w != "run" && w != "run-script" {
			out = append(out, w)
		}
	}
	return strings.Join(out, " ")
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
