package inventory

import "sort"

// Finish sorts the findings, errors and repositories into their
// deterministic order, sets Complete (no input errors) and gives empty
// lists as [] rather than null. Every source (local, API, git ref) ends with it.
func (inv *Inventory) Finish() {
	less := func(i, j int) bool {
		a, b := &inv.Findings[i], &inv.Findings[j]
		if a.Repo != b.Repo {
			return a.Repo < b.Repo
		}
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Job != b.Job {
			return a.Job < b.Job
		}
		la, lb := firstLine(a), firstLine(b)
		if la != lb {
			return la < lb
		}
		return a.Credential < b.Credential
	}
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

func firstLine(f *Finding) int {
	if len(f.Lines) == 0 {
		return 0
	}
	return f.Lines[0]
}
