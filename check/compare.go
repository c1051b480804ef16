package check

import (
	"sort"
	"strings"
	"time"

	"github.com/pat2app/pat2app/config"
	"github.com/pat2app/pat2app/inventory"
)

// Status is what the check decided about one finding.
type Status string

// Statuses, from worst to best.
const (
	// StatusNew: a failing kind that neither the baseline nor the allowlist accepts.
	StatusNew Status = "new"
	// StatusExpired: a failing kind whose allowlist entry has expired.
	StatusExpired Status = "expired"
	// StatusGrown: a failing kind the baseline accepted, that now needs
	// more permissions or reaches more repositories than it was accepted with.
	StatusGrown Status = "grown"
	// StatusWarn: a warning kind (default `unknown`) that the baseline does not hold.
	StatusWarn Status = "warn"
	// StatusAllowed: accepted by an allowlist entry that has not expired.
	StatusAllowed Status = "allowed"
	// StatusAccepted: in the baseline (or present at the base ref).
	StatusAccepted Status = "accepted"
)

// Verdict is the decision about one finding of a failing or warning kind.
type Verdict struct {
	Finding inventory.Finding
	Status  Status
	// Allow is the allowlist entry that matched (allowed, or expired).
	Allow *config.AllowEntry
	// Entry is the baseline entry that matched, if any.
	Entry *Entry
	// PreviousKind is the kind the baseline accepted when the finding is now
	// of a failing kind but was accepted as a warning kind (unknown -> pat).
	PreviousKind inventory.Kind
	// Moved is true when Entry was found by what the job does with the
	// credential (UsageDigest), in another file or job than the entry names:
	// the workflow file, or the job, was renamed.
	Moved bool
	// Grown is what the usage needs beyond the scope Entry accepted.
	Grown Growth
}

// Fails reports whether the verdict fails the check.
func (v Verdict) Fails() bool {
	return v.Status == StatusNew || v.Status == StatusExpired || v.Status == StatusGrown
}

// Result is the outcome of a check.
type Result struct {
	// Verdicts has one entry per finding of a failing or warning kind,
	// sorted by file, line, job and credential.
	Verdicts []Verdict
	// Removed are baseline entries no current finding matches: usages
	// removed since the baseline (progress worth reporting).
	Removed []Entry
	// ExpiredUnused are expired allowlist entries that match nothing any
	// more and can be deleted.
	ExpiredUnused []config.AllowEntry
	// Unscoped counts the usages the baseline accepted without a recorded
	// scope (a baseline written before scopes were recorded): whether they
	// grew is not known until `pat2app baseline` records them.
	Unscoped int
}

// Failed reports whether any verdict fails the check.
func (r *Result) Failed() bool {
	for _, v := range r.Verdicts {
		if v.Fails() {
			return true
		}
	}
	return false
}

// Count returns how many verdicts have status s.
func (r *Result) Count(s Status) int {
	n := 0
	for _, v := range r.Verdicts {
		if v.Status == s {
			n++
		}
	}
	return n
}

// Compare decides every finding of a failing or warning kind against the
// baseline and the policy's allowlist, as of now. scopes are the planned
// scopes of the findings, by fingerprint (nil: growth is not checked).
//
// Matching is by fingerprint (repo + file + job + credential). When the
// findings and the baseline each name at most one repository, entries also
// match on file + job + credential, so a baseline written where the
// repository got another name (a checkout without an origin remote, a
// renamed repository) still applies. A finding neither matches is then
// matched, one to one, with an entry nothing else matched that has the same
// credential and the same UsageDigest (what the job does with it): a
// workflow file or a job that was renamed keeps its accepted usages.
//
// An accepted usage whose scope grew (a permission it did not need, a
// higher access, another repository) fails, and the message says what
// grew. An allowlist entry is a deadline: once expired, a finding it matches
// fails even when the baseline holds it, and the message says so. A finding
// of a failing kind accepted by the baseline only as a warning kind (it was
// `unknown`, it is now `pat`) is new.
func Compare(findings []inventory.Finding, base *Baseline, p Policy, now time.Time, scopes Scopes) *Result {
	if base == nil {
		base = &Baseline{}
	}
	failing, warning := kindSet(p.Fail), kindSet(p.Warn)

	var relevant []inventory.Finding
	repos := map[string]bool{}
	for _, f := range findings {
		if failing[f.Kind] || warning[f.Kind] {
			relevant = append(relevant, f)
			repos[f.Repo] = true
		}
	}
	match, moved := matchEntries(relevant, base.Entries, len(repos) <= 1)

	allowUsed := make([]bool, len(p.Allow))
	entryUsed := make([]bool, len(base.Entries))
	res := &Result{}
	for k, f := range relevant {
		v := Verdict{Finding: f, Moved: moved[k]}
		// Baseline.
		accepted := false
		if i := match[k]; i >= 0 {
			entryUsed[i] = true
			e := base.Entries[i]
			v.Entry = &e
			if failing[f.Kind] && !failing[e.Kind] && e.Kind != "" {
				v.PreviousKind = e.Kind
			} else {
				accepted = true
				if cur := scopes[findingFingerprint(f)]; cur != nil && e.Scope != nil {
					v.Grown = grownFrom(e.Scope, cur)
				} else if scopes != nil && e.Scope == nil {
					res.Unscoped++
				}
			}
		}
		// Allowlist: a live entry accepts; an expired one is a deadline.
		var live, expired *config.AllowEntry
		for j := range p.Allow {
			a := p.Allow[j]
			if !allowMatches(a, f) {
				continue
			}
			allowUsed[j] = true
			if exp, _ := a.Expired(now); exp {
				if expired == nil {
					expired = &a
				}
			} else if live == nil {
				live = &a
			}
		}
		switch {
		case live != nil:
			v.Status, v.Allow = StatusAllowed, live
		case expired != nil && failing[f.Kind]:
			v.Status, v.Allow = StatusExpired, expired
		case expired != nil:
			v.Status, v.Allow = StatusWarn, expired
		case accepted && !v.Grown.Empty() && failing[f.Kind]:
			v.Status = StatusGrown
		case accepted && !v.Grown.Empty():
			v.Status = StatusWarn
		case accepted:
			v.Status = StatusAccepted
		case failing[f.Kind]:
			v.Status = StatusNew
		default:
			v.Status = StatusWarn
		}
		res.Verdicts = append(res.Verdicts, v)
	}
	for i, e := range base.Entries {
		if !entryUsed[i] {
			res.Removed = append(res.Removed, e)
		}
	}
	for j, a := range p.Allow {
		if exp, _ := a.Expired(now); exp && !allowUsed[j] {
			res.ExpiredUnused = append(res.ExpiredUnused, a)
		}
	}
	sort.SliceStable(res.Verdicts, func(i, j int) bool {
		return inventory.CompareFindings(&res.Verdicts[i].Finding, &res.Verdicts[j].Finding) < 0
	})
	return res
}

// matchEntries returns, for each finding, the index of the baseline entry
// it matches (-1 for none) and whether that entry was found by content in
// another file or job. byLocalKey allows matching on file + job +
// credential (both sides hold one repository).
func matchEntries(findings []inventory.Finding, entries []Entry, byLocalKey bool) ([]int, []bool) {
	byFP := map[string]int{}
	byKey := map[string]int{}
	baseRepos := map[string]bool{}
	for i, e := range entries {
		if _, ok := byFP[e.Fingerprint]; !ok {
			byFP[e.Fingerprint] = i
		}
		if _, ok := byKey[e.localKey()]; !ok {
			byKey[e.localKey()] = i
		}
		baseRepos[e.Repo] = true
	}
	byLocalKey = byLocalKey && len(baseRepos) <= 1
	match := make([]int, len(findings))
	moved := make([]bool, len(findings))
	used := make([]bool, len(entries))
	for k, f := range findings {
		i, ok := byFP[findingFingerprint(f)]
		if !ok && byLocalKey {
			i, ok = byKey[localKey(f.File, f.Job, f.Credential)]
		}
		match[k] = -1
		if ok {
			match[k] = i
			used[i] = true
		}
	}
	// Renamed files and jobs: the same credential used the same way, in an
	// entry nothing matched; an entry of the same job name first.
	byContent := map[string][]int{}
	for i, e := range entries {
		if !used[i] && e.Content != "" {
			key := contentKey(e.Repo, e.Credential, e.Content, byLocalKey)
			byContent[key] = append(byContent[key], i)
		}
	}
	if len(byContent) == 0 {
		return match, moved
	}
	for k, f := range findings {
		if match[k] >= 0 {
			continue
		}
		key := contentKey(f.Repo, f.Credential, UsageDigest(f), byLocalKey)
		cands := byContent[key]
		if len(cands) == 0 {
			continue
		}
		pick := 0
		for c, i := range cands {
			if entries[i].Job == f.Job {
				pick = c
				break
			}
		}
		match[k], moved[k] = cands[pick], true
		byContent[key] = append(cands[:pick:pick], cands[pick+1:]...)
	}
	return match, moved
}

func contentKey(repo, credential, digest string, anyRepo bool) string {
	if anyRepo {
		repo = ""
	}
	return repo + "\x00" + strings.ToLower(credential) + "\x00" + digest
}

// firstLine is the line an annotation points at: the first line the
// credential appears on, else the first use or operation, else the job.
func firstLine(f inventory.Finding) int {
	best := 0
	consider := func(l int) {
		if l > 0 && (best == 0 || l < best) {
			best = l
		}
	}
	for _, l := range f.Lines {
		consider(l)
	}
	if best == 0 {
		for _, u := range f.Uses {
			consider(u.Line)
		}
		for _, o := range f.Operations {
			consider(o.Evidence.Line)
		}
	}
	if best == 0 && f.JobInfo != nil {
		consider(f.JobInfo.Line)
	}
	return best
}
