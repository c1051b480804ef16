package scanner

import (
	"slices"
	"strings"

	"github.com/pat2app/pat2app/expression"
	"github.com/pat2app/pat2app/scanner/shellops"
	"github.com/rhysd/actionlint"
)

// eventSet is the workflow events a step may run on; nil is every event.
type eventSet map[string]bool

// union is the events either set holds (nil when either is every event).
func (e eventSet) union(o eventSet) eventSet {
	if e == nil || o == nil {
		return nil
	}
	out := eventSet{}
	for k := range e {
		out[k] = true
	}
	for k := range o {
		out[k] = true
	}
	return out
}

// disjoint reports whether no event is in both sets: two steps whose sets
// are disjoint never run in the same run of the job.
func (e eventSet) disjoint(o eventSet) bool {
	if e == nil || o == nil {
		return false
	}
	for k := range e {
		if o[k] {
			return false
		}
	}
	return true
}

// eventsIf is the workflow events on which a step whose if: is cond may
// run, deciding the condition with github.event_name alone known: nil
// (every event) when there is no condition, when it may be true on every
// trigger, or when the workflow is a reusable one (workflow_call), whose
// event_name is its caller's.
func eventsIf(cond string, triggers []string) eventSet {
	if cond == "" || alwaysRuns(cond) || len(triggers) == 0 || slices.Contains(triggers, "workflow_call") {
		return nil
	}
	out := eventSet{}
	for _, t := range triggers {
		truth, ok := expression.Truth(cond, func(p expression.Path) (string, bool) {
			if p.Lower() == "github.event_name" {
				return t, true
			}
			return "", false
		})
		if !ok || truth {
			out[t] = true
		}
	}
	if len(out) == len(triggers) {
		return nil
	}
	return out
}

// persistKey is a credential ("" for the workflow's own token) a
// checkout persisted in a folder.
type persistKey struct{ dir, cred string }

// notePersistEvents records that the step being read persisted cred in
// dir's git configuration: on the events the step runs on, added to those
// of earlier checkouts of it there.
func (js *jobState) notePersistEvents(dir, cred string) {
	if js.persistEvents == nil {
		js.persistEvents = map[persistKey]eventSet{}
	}
	k := persistKey{dir, cred}
	if old, ok := js.persistEvents[k]; ok {
		js.persistEvents[k] = old.union(js.stepEvents)
		return
	}
	js.persistEvents[k] = js.stepEvents
}

// persistedNeverIn reports whether no checkout that persisted cred in dir
// runs on an event the step being read runs on (a checkout for pull
// requests, a push step for releases): the step never finds it there.
func (js *jobState) persistedNeverIn(dir, cred string) bool {
	ev, ok := js.persistEvents[persistKey{dir, cred}]
	return ok && ev.disjoint(js.stepEvents)
}

// persistedNever is persistedNeverIn for every folder cred was persisted
// in.
func (js *jobState) persistedNever(cred string) bool {
	seen := false
	for k, ev := range js.persistEvents {
		if k.cred != cred {
			continue
		}
		if !ev.disjoint(js.stepEvents) {
			return false
		}
		seen = true
	}
	return seen
}

// persistedForStep is what checkouts persisted (js.persisted,
// js.persistedDefault, js.persistedElsewhere) less the credentials of
// checkouts that never run together with the step being read.
func (js *jobState) persistedForStep() (creds []string, def bool, elsewhere []shellops.PersistedFolder) {
	keep := func(dir string, cs []string) []string {
		return slices.DeleteFunc(slices.Clone(cs), func(c string) bool { return js.persistedNeverIn(dir, c) })
	}
	creds, def = keep(js.persistedDir, js.persisted), js.persistedDefault && !js.persistedNeverIn(js.persistedDir, "")
	for _, f := range js.persistedElsewhere {
		f.Credentials = keep(f.Dir, f.Credentials)
		f.Default = f.Default && !js.persistedNeverIn(f.Dir, "")
		elsewhere = append(elsewhere, f)
	}
	return creds, def, elsewhere
}

// neverRuns reports a step whose if: is false whatever the run, given
// the values the workflow's and job's env: write out as text: `if:
// env.APPLY_FIXES_MODE == 'pull_request'` under `APPLY_FIXES_MODE:
// commit` (anything else the condition reads may be anything; && stops at
// a false side). A variable the step's own env: sets, or that an earlier
// step wrote to $GITHUB_ENV, is not known; nor is any in a composite
// action, whose variables its callers set.
func (js *jobState) neverRuns(st *actionlint.Step) bool {
	if st.If == nil || js.a.composite || alwaysRuns(st.If.Value) {
		return false
	}
	truth, ok := expression.Truth(st.If.Value, func(p expression.Path) (string, bool) {
		name, isEnv := strings.CutPrefix(p.Lower(), "env.")
		if !isEnv || strings.ContainsAny(name, ".[*") {
			return "", false
		}
		if st.Env != nil && (st.Env.Expression != nil || hasVarFold(st.Env.Vars, name)) {
			return "", false
		}
		for k := range js.ghEnv {
			if strings.EqualFold(k, name) {
				return "", false
			}
		}
		val, found := "", false
		for k, e := range js.env {
			if !strings.EqualFold(k, name) {
				continue
			}
			if found || strings.Contains(e.raw, "${{") {
				return "", false // two spellings, or a value made at run time
			}
			val, found = e.raw, true
		}
		return val, found
	})
	return ok && !truth
}

// hasVarFold reports whether env: vars set name, in any case.
func hasVarFold(vars map[string]*actionlint.EnvVar, name string) bool {
	for _, v := range vars {
		if v != nil && v.Name != nil && strings.EqualFold(v.Name.Value, name) {
			return true
		}
	}
	return false
}
