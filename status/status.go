// Package status compares a new scan with the plan: per slice and
// rollout day, which jobs are migrated and which still use their PAT,
// which PAT secrets are still referenced anywhere, and which can be deleted
// now.
package status

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/knowledge"
	"github.com/pat2app/pat2app/planner"
)

// JobState is where a planned job stands.
type JobState string

// Job states.
const (
	// StateMigrated: the file was scanned and the job no longer uses the
	// planned credential (for GITHUB_TOKEN jobs: it declares the planned
	// permissions, or now uses an App token).
	StateMigrated JobState = "migrated"
	// StatePending: the job still uses the credential the plan replaces.
	StatePending JobState = "pending"
	// StateRemoved: the repository was scanned and the workflow file is gone.
	StateRemoved JobState = "removed"
	// StateNotScanned: the repository was not in this scan.
	StateNotScanned JobState = "not_scanned"
)

// done reports whether the job needs nothing more.
func (s JobState) done() bool { return s == StateMigrated || s == StateRemoved }

// Job is one planned job and where it stands.
type Job struct {
	Fingerprint string           `json:"fingerprint"`
	Repo        string           `json:"repo"`
	File        string           `json:"file"`
	Job         string           `json:"job"`
	Credential  string           `json:"credential"`
	Decision    planner.Decision `json:"decision"`
	Slice       string           `json:"slice,omitempty"`
	Day         int              `json:"day,omitempty"`
	State       JobState         `json:"state"`
	// Overdue is true when the job was due on an earlier day and is
	// pending.
	Overdue bool `json:"overdue,omitempty"`
	// Uses lists the credentials the job uses now.
	Uses []string `json:"uses,omitempty"`
}

// Slice is one slice's progress.
type Slice struct {
	Name       string `json:"name"`
	Day        int    `json:"day"`
	Jobs       int    `json:"jobs"`
	Done       int    `json:"done"`
	Pending    int    `json:"pending"`
	NotScanned int    `json:"not_scanned"`
	// State is done, in_progress, not_started, overdue or unknown (some
	// jobs not scanned).
	State string `json:"state"`
}

// Secret is one PAT secret of the plan and whether it can go.
type Secret struct {
	Name           string `json:"name"`
	DeletableAfter string `json:"deletable_after"`
	// State is referenced (a job still reads it), deletable (nothing in
	// this scan reads it and every planned job using it is done), waiting
	// (its planned jobs are not all done), or deleted (an organisation
	// scan finds it defined nowhere).
	State        string   `json:"state"`
	ReferencedBy []string `json:"referenced_by,omitempty"`
	DefinedIn    []string `json:"defined_in,omitempty"`
}

// Report is where the week stands.
type Report struct {
	Day int `json:"day"`
	// Start is the date of day 1.
	Start string `json:"start"`
	// Complete is false when the scan could not read some inputs.
	Complete bool     `json:"complete"`
	Slices   []Slice  `json:"slices"`
	Jobs     []Job    `json:"jobs"`
	Secrets  []Secret `json:"secrets"`
	// Outside are planned jobs in no slice (review, not supported, App
	// tokens already).
	Outside []Job `json:"outside_rollout"`
	// Inherit lists jobs that pass every secret on (secrets: inherit):
	// the PAT secrets may be used where this scan cannot see.
	Inherit []string `json:"secrets_inherit,omitempty"`
	// SecretsKnown is true when the scan listed where secrets are defined
	// (an organisation scan).
	SecretsKnown bool                 `json:"secrets_known"`
	Overdue      int                  `json:"overdue"`
	NotScanned   int                  `json:"not_scanned"`
	Rollout      []planner.RolloutDay `json:"rollout"`
}

// Compare compares a scan with the plan on the given rollout day; start is
// the date of day 1.
func Compare(p *planner.Plan, inv *inventory.Inventory, day int, start time.Time) *Report {
	r := &Report{Day: day, Start: start.Format("2006-01-02"), Complete: inv.Complete, Slices: []Slice{}, Jobs: []Job{},
		Secrets: []Secret{}, Outside: []Job{}, SecretsKnown: inv.Secrets != nil, Rollout: p.Rollout}
	cur := indexScan(inv)
	sliceOf := map[string]*planner.Slice{}
	for i := range p.Slices {
		for _, fp := range p.Slices[i].Jobs {
			sliceOf[fp] = &p.Slices[i]
		}
	}
	states := map[string]JobState{}
	for i := range p.Jobs {
		pj := &p.Jobs[i]
		j := Job{Fingerprint: pj.Fingerprint, Repo: pj.Repo, File: pj.File, Job: pj.Job, Credential: pj.Credential,
			Decision: pj.Decision, State: cur.state(pj), Uses: cur.uses(pj)}
		states[pj.Fingerprint] = j.State
		s := sliceOf[pj.Fingerprint]
		if s == nil {
			r.Outside = append(r.Outside, j)
			continue
		}
		j.Slice, j.Day = s.Name, s.Day
		j.Overdue = j.State == StatePending && j.Day < day
		if j.Overdue {
			r.Overdue++
		}
		if j.State == StateNotScanned {
			r.NotScanned++
		}
		r.Jobs = append(r.Jobs, j)
	}
	sort.SliceStable(r.Jobs, func(a, b int) bool { return r.Jobs[a].Day < r.Jobs[b].Day })
	for i := range p.Slices {
		r.Slices = append(r.Slices, sliceProgress(&p.Slices[i], states, day))
	}
	r.Secrets = secretProgress(p, inv, cur, states)
	for _, f := range inv.Findings {
		if strings.TrimSpace(f.Credential) == inventory.InheritCredential {
			r.Inherit = append(r.Inherit, f.Repo+":"+f.File+":"+f.Job)
		}
	}
	sort.Strings(r.Inherit)
	return r
}

func sliceProgress(s *planner.Slice, states map[string]JobState, day int) Slice {
	out := Slice{Name: s.Name, Day: s.Day, Jobs: len(s.Jobs)}
	for _, fp := range s.Jobs {
		switch st := states[fp]; {
		case st.done():
			out.Done++
		case st == StateNotScanned:
			out.NotScanned++
		default:
			out.Pending++
		}
	}
	switch {
	case out.Done == out.Jobs:
		out.State = "done"
	case out.Pending > 0 && s.Day < day:
		out.State = "overdue"
	case out.NotScanned > 0 && out.Pending == 0:
		out.State = "unknown"
	case out.Done > 0 || s.Day == day:
		out.State = "in_progress"
	default:
		out.State = "not_started"
	}
	return out
}

// scan indexes a scan's findings and files.
type scan struct {
	byFP    map[string]*inventory.Finding
	byJob   map[string][]*inventory.Finding // repo \x00 file \x00 job
	repos   map[string]bool                 // lower-case names
	files   map[string]bool                 // lower-case repo \x00 file
	secrets map[string][]string             // upper-case secret name -> referencing jobs
}

func jobKey(repo, file, job string) string {
	return strings.ToLower(repo) + "\x00" + file + "\x00" + job
}

func indexScan(inv *inventory.Inventory) *scan {
	s := &scan{byFP: map[string]*inventory.Finding{}, byJob: map[string][]*inventory.Finding{}, repos: map[string]bool{},
		files: map[string]bool{}, secrets: map[string][]string{}}
	for _, r := range inv.Repos {
		s.repos[strings.ToLower(r.Name)] = true
		for _, w := range r.Workflows {
			s.files[strings.ToLower(r.Name)+"\x00"+w] = true
		}
	}
	for i := range inv.Findings {
		f := &inv.Findings[i]
		s.byFP[f.Fingerprint] = f
		k := jobKey(f.Repo, f.File, f.Job)
		s.byJob[k] = append(s.byJob[k], f)
		s.repos[strings.ToLower(f.Repo)] = true
		s.files[strings.ToLower(f.Repo)+"\x00"+f.File] = true
		for _, n := range planner.SecretNames(f.Credential) {
			n = strings.ToUpper(n)
			s.secrets[n] = append(s.secrets[n], f.Repo+":"+f.File+":"+f.Job)
		}
	}
	return s
}

// state says where a planned job stands in the scan.
func (s *scan) state(pj *planner.Job) JobState {
	switch {
	case !s.repos[strings.ToLower(pj.Repo)]:
		return StateNotScanned
	case !s.files[strings.ToLower(pj.Repo)+"\x00"+pj.File]:
		return StateRemoved
	}
	f := s.byFP[pj.Fingerprint]
	if f == nil {
		return StateMigrated
	}
	// The credential is still there. For GITHUB_TOKEN itself that is
	// expected: the job is migrated once it declares the planned
	// permissions, or uses an App token when the plan gives it one.
	if f.Kind != inventory.KindGitHubToken || f.Credential != "github.token" {
		return StatePending
	}
	switch pj.Decision {
	case planner.DecisionGitHubToken:
		if declares(f.JobInfo, pj.Permissions) {
			return StateMigrated
		}
	case planner.DecisionGitHubApp:
		for _, o := range s.byJob[jobKey(pj.Repo, pj.File, pj.Job)] {
			if o.Kind == inventory.KindAppToken {
				return StateMigrated
			}
		}
	}
	return StatePending
}

// declares reports whether a job's permissions: block is explicit (not
// write-all or absent) and grants each planned permission.
func declares(info *inventory.JobInfo, want map[string]string) bool {
	if info == nil || len(info.Permissions) == 0 {
		return false
	}
	if _, all := info.Permissions["*"]; all {
		return false
	}
	for name, access := range want {
		scope, ok := knowledge.GitHubTokenScope(name)
		if !ok {
			return false
		}
		if scope == "" {
			continue
		}
		if access == "admin" {
			access = "write"
		}
		if knowledge.AccessRank(info.Permissions[scope]) < knowledge.AccessRank(access) {
			return false
		}
	}
	return true
}

// uses lists the credentials the planned job's job uses now.
func (s *scan) uses(pj *planner.Job) []string {
	var out []string
	for _, f := range s.byJob[jobKey(pj.Repo, pj.File, pj.Job)] {
		out = append(out, fmt.Sprintf("%s (%s)", f.Credential, f.Kind))
	}
	sort.Strings(out)
	return out
}

// secretProgress says, for each PAT secret of the plan, whether anything
// still reads it and whether it can go.
func secretProgress(p *planner.Plan, inv *inventory.Inventory, cur *scan, states map[string]JobState) []Secret {
	defined := map[string][]string{}
	if inv.Secrets != nil {
		for _, s := range inv.Secrets.Secrets {
			if s.Status == "broken" {
				continue
			}
			where := s.Scope
			switch s.Scope {
			case "repo":
				where = s.Repo
			case "environment":
				where = s.Repo + " environment " + s.Environment
			}
			n := strings.ToUpper(s.Name)
			defined[n] = append(defined[n], where)
		}
	}
	out := []Secret{}
	for _, sp := range p.Secrets {
		n := strings.ToUpper(sp.Name)
		s := Secret{Name: sp.Name, DeletableAfter: sp.DeletableAfter, ReferencedBy: cur.secrets[n], DefinedIn: defined[n]}
		jobsDone := true
		for _, fp := range sp.UsedBy {
			if !states[fp].done() {
				jobsDone = false
			}
		}
		switch {
		case len(s.ReferencedBy) > 0:
			s.State = "referenced"
		case !jobsDone:
			s.State = "waiting"
		case inv.Secrets != nil && len(s.DefinedIn) == 0:
			s.State = "deleted"
		default:
			s.State = "deletable"
		}
		out = append(out, s)
	}
	return out
}
