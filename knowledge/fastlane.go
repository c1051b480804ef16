package knowledge

import "sync"

// fastlaneEnvRow is the generated form of one row of
// data/fastlane-env.tsv.
type fastlaneEnvRow struct {
	name string
}

var fastlaneEnv = sync.OnceValue(func() map[string]bool {
	m := make(map[string]bool, len(fastlaneEnvTable))
	for _, r := range fastlaneEnvTable {
		m[r.name] = true
	}
	return m
})

// FastlaneReadsEnv reports whether fastlane reads the environment variable
// name by that name (data/fastlane-env.tsv, generated from fastlane's
// source): an action's option takes its value from it, or its code reads
// it. A name it does not read reaches fastlane's lanes only through the
// repository's own files (Fastfile, Matchfile) that name it.
func FastlaneReadsEnv(name string) bool { return fastlaneEnv()[name] }
