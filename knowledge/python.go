package knowledge

import "sync"

// pythonStdlibRow is the generated form of one row of
// data/python-stdlib.tsv.
type pythonStdlibRow struct {
	module string
}

var pythonStdlib = sync.OnceValue(func() map[string]bool {
	m := make(map[string]bool, len(pythonStdlibTable))
	for _, r := range pythonStdlibTable {
		m[r.module] = true
	}
	return m
})

// IsPythonStdlib reports whether the top-level module mod is a standard
// library module of data/python-stdlib.tsv: importing it loads no code
// that reads a token from the environment unseen.
func IsPythonStdlib(mod string) bool { return pythonStdlib()[mod] }
