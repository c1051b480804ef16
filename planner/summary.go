package planner

import (
	"sort"
	"strings"

	"github.com/pat2app/pat2app/inventory"
)

// Summary is what a plan counts, each count saying what it counts: the
// migration's credential uses (one per job and credential) and the jobs
// they are in, its PAT secrets, and the hardening part apart. Every report
// takes its counts from here.
type Summary struct {
	// Uses are the migration's job × credential rows.
	Uses int
	// Jobs are the distinct workflow jobs (repository, file, job) they
	// are in, and Repos their repositories.
	Jobs, Repos int
	// Kinds and Decisions split Uses.
	Kinds     map[inventory.Kind]int
	Decisions map[Decision]int
	// NeedPerson are the uses a person must decide (manual review, not
	// supported).
	NeedPerson int
	// PATSecrets are the secrets that hold GitHub personal access tokens
	// (found used as one), Deletable how many of them can be deleted after
	// the rollout, Unverified how many of those the scan could not see
	// defined (a local scan), and OtherSecrets the secrets of the
	// migration whose kind is unknown.
	PATSecrets, Deletable, Unverified, OtherSecrets int
	// Apps is the number of Apps to create.
	Apps int
	// HardeningUses are the job × credential rows of the hardening part,
	// HardeningNeedPerson those of them a person must decide.
	HardeningUses, HardeningNeedPerson int
	// OfflineOnly are the migration's manual_review uses that wait only on
	// actions and reusable workflows an offline scan did not read
	// (Job.OfflineOnly).
	OfflineOnly int
}

// offlineOnly reports a manual_review job whose every review item names
// an action or reusable workflow not read offline.
func offlineOnly(j *Job) bool {
	if j.Decision != DecisionManualReview || len(j.Review) == 0 {
		return false
	}
	for _, e := range j.Review {
		if !strings.Contains(e.Text, inventory.NotReadOffline) {
			return false
		}
	}
	return true
}

// Summarize counts the plan.
func Summarize(p *Plan) Summary {
	s := Summary{Kinds: map[inventory.Kind]int{}, Decisions: map[Decision]int{}, Apps: len(p.Apps)}
	jobs, repos := map[string]bool{}, map[string]bool{}
	for i := range p.Jobs {
		j := &p.Jobs[i]
		if !j.Migrates() {
			s.HardeningUses++
			if NeedsPerson(j) {
				s.HardeningNeedPerson++
			}
			continue
		}
		if CountedApart(j) {
			continue
		}
		s.Uses++
		s.Kinds[j.Kind]++
		s.Decisions[j.Decision]++
		if NeedsPerson(j) {
			s.NeedPerson++
		}
		if j.OfflineOnly {
			s.OfflineOnly++
		}
		jobs[strings.ToLower(j.Repo)+"\x00"+j.File+"\x00"+j.Job] = true
		if j.Repo != "" {
			repos[strings.ToLower(j.Repo)] = true
		}
	}
	s.Jobs, s.Repos = len(jobs), len(repos)
	for _, sp := range p.Secrets {
		if sp.Kind != inventory.KindPAT {
			if sp.Kind != "" {
				s.OtherSecrets++
			}
			continue
		}
		s.PATSecrets++
		switch sp.Deletion {
		case DeletionAfterSlice, DeletionUnused:
			s.Deletable++
		case DeletionUnverified:
			s.Deletable++
			s.Unverified++
		}
	}
	return s
}

// NeedsPerson reports whether a person must decide the job: manual review
// or not supported.
func NeedsPerson(j *Job) bool {
	return j.Decision == DecisionManualReview || j.Decision == DecisionNotSupported
}

// KindsInOrder returns the kinds of a count, in a fixed order.
func KindsInOrder(m map[inventory.Kind]int) []inventory.Kind {
	out := make([]inventory.Kind, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Slice(out, func(a, b int) bool { return out[a] < out[b] })
	return out
}
