package inventory

import (
	"cmp"
	"sort"
)

// Finish sorts the findings, errors and repositories into their
// deterministic order, sets Complete (no input errors) and gives empty
// lists as [] rather than null. Every source (local, API, git ref) ends with it.
func (inv *Inventory) Finish() {
	less := func(i, j int) bool { return CompareFindings(&inv.Findings[i], &inv.Findings[j]) < 0 }
	// Findings mostly arrive in order (each repository's sorted, the
	// repositories in path order): checking is cheaper than moving them.
	if !sort.SliceIsSorted(inv.Findings, less) {
		sort.SliceStable(inv.Findings, less)
	}
	sort.SliceStable(inv.Errors, func(i, j int) bool {
		a, b := inv.Errors[i], inv.Errors[j]
		if a.Repo != b.Repo {
			return a.Repo < b.Repo
		}
		if a.File != b.File {
			return a.File < b.File
		}
		return a.Line < b.Line
	})
	sort.SliceStable(inv.Repos, func(i, j int) bool { return inv.Repos[i].Name < inv.Repos[j].Name })
	inv.Complete = len(inv.Errors) == 0
	if inv.Findings == nil {
		inv.Findings = []Finding{}
	}
	if inv.Errors == nil {
		inv.Errors = []InputError{}
	}
}

// CompareFindings is the one order of findings every stage lists them in:
// by repository, file, job, first line, credential, then fingerprint. It
// returns a negative number when a comes first, a positive one when b
// does, 0 when they tie.
func CompareFindings(a, b *Finding) int {
	if c := cmp.Compare(a.Repo, b.Repo); c != 0 {
		return c
	}
	if c := cmp.Compare(a.File, b.File); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Job, b.Job); c != 0 {
		return c
	}
	if c := cmp.Compare(firstLine(a), firstLine(b)); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Credential, b.Credential); c != 0 {
		return c
	}
	return cmp.Compare(a.Fingerprint, b.Fingerprint)
}

func firstLine(f *Finding) int {
	if len(f.Lines) == 0 {
		return 0
	}
	return f.Lines[0]
}
