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

// pythonServiceClientRow is the generated form of one row of
// data/python-service-clients.tsv.
type pythonServiceClientRow struct {
	module, host string
}

// PythonServiceClient is the host of the one service other than GitHub
// whose client library the top-level Python module mod is
// (data/python-service-clients.tsv: huggingface_hub is huggingface.co);
// ok is false for any other module.
func PythonServiceClient(mod string) (host string, ok bool) {
	for _, r := range pythonServiceClientTable {
		if r.module == mod {
			return r.host, true
		}
	}
	return "", false
}
