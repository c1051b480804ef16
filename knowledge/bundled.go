package knowledge

import "sync"

// bundledLibraryRow is the generated form of one row of
// data/bundled-libraries.tsv.
type bundledLibraryRow struct {
	pkg string
}

var bundledLibraries = sync.OnceValue(func() map[string]bool {
	m := make(map[string]bool, len(bundledLibraryTable))
	for _, r := range bundledLibraryTable {
		m[r.pkg] = true
	}
	return m
})

// IsBundledPlumbing reports whether the npm package pkg (@scope/name or
// name) is one of data/bundled-libraries.tsv: bundled into an action, it
// makes no GitHub call of its own (an HTTP client, Octokit's request
// plumbing), so a call inside its modules that cannot be resolved is not
// the action's.
func IsBundledPlumbing(pkg string) bool { return bundledLibraries()[pkg] }
