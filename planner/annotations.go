package planner

import "sort"

// Statuses a team gives a job while it migrates (the workbook's Status
// drop-down).
const (
	StatusTodo      = "todo"
	StatusMigrating = "migrating"
	StatusMigrated  = "migrated"
	// StatusKept marks a job that stays on its PAT on purpose: its secrets
	// are not deletable.
	StatusKept = "kept"
)

// JobStatuses lists the statuses in the order the workbook offers them.
var JobStatuses = []string{StatusTodo, StatusMigrating, StatusMigrated, StatusKept}

// Annotation is what a team recorded about one job in an edited workbook;
// Build carries it into the job of the same fingerprint and orders the
// rollout by it.
type Annotation struct {
	Fingerprint      string
	Owner            string
	BusinessCritical bool
	// Status is one of JobStatuses.
	Status string
	Notes  string
	// Row is the workbook row it was read from (for messages), 0 if unknown.
	Row int
}

// annotate gives each job the annotation of its fingerprint.
func annotate(jobs []Job, ann map[string]Annotation) {
	for i := range jobs {
		j := &jobs[i]
		a, ok := ann[j.Fingerprint]
		if !ok {
			continue
		}
		j.Owner = a.Owner
		j.BusinessCritical = a.BusinessCritical
		j.Status = a.Status
		j.Notes = a.Notes
	}
}

// UnmatchedAnnotations returns the annotations whose job is not in the plan
// (its finding is gone), sorted by fingerprint, so a caller can say so
// rather than drop them silently.
func UnmatchedAnnotations(p *Plan, ann map[string]Annotation) []Annotation {
	have := map[string]bool{}
	if p != nil {
		for _, j := range p.Jobs {
			have[j.Fingerprint] = true
		}
	}
	var out []Annotation
	for fp, a := range ann {
		if have[fp] {
			continue
		}
		if a.Fingerprint == "" {
			a.Fingerprint = fp
		}
		out = append(out, a)
	}
	sort.Slice(out, func(i, k int) bool { return out[i].Fingerprint < out[k].Fingerprint })
	return out
}

// rank orders jobs for migration: business critical (0), others (1), done
// or deliberately kept (2).
func rank(j *Job) int {
	switch {
	case j == nil:
		return 1
	case j.Status == StatusMigrated || j.Status == StatusKept:
		return 2
	case j.BusinessCritical:
		return 0
	}
	return 1
}

// orderSlices orders slices and their jobs by the jobs' annotations: within
// each slice, business-critical jobs first and migrated or kept jobs last;
// slices holding a business-critical job still to migrate come first
// (stable otherwise).
func orderSlices(jobs []Job, slices []Slice) {
	byFP := make(map[string]*Job, len(jobs))
	for i := range jobs {
		byFP[jobs[i].Fingerprint] = &jobs[i]
	}
	sliceRank := make([]int, len(slices))
	for i := range slices {
		sl := &slices[i]
		sort.SliceStable(sl.Jobs, func(a, b int) bool { return rank(byFP[sl.Jobs[a]]) < rank(byFP[sl.Jobs[b]]) })
		sliceRank[i] = 1
		for _, fp := range sl.Jobs {
			if rank(byFP[fp]) == 0 {
				sliceRank[i] = 0
				break
			}
		}
	}
	idx := make([]int, len(slices))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return sliceRank[idx[a]] < sliceRank[idx[b]] })
	ordered := make([]Slice, len(slices))
	for i, k := range idx {
		ordered[i] = slices[k]
	}
	copy(slices, ordered)
}
