package knowledge

import "strings"

// nodeBuiltinRow is the generated form of one row of
// data/node-builtins.tsv.
type nodeBuiltinRow struct {
	module string
}

// IsInertNodeBuiltin reports a Node.js built-in module (with or without
// the node: prefix) of data/node-builtins.tsv: loading it loads no code
// that runs a program or sends a request.
func IsInertNodeBuiltin(spec string) bool {
	spec = strings.TrimPrefix(spec, "node:")
	for _, r := range nodeBuiltinTable {
		if r.module == spec {
			return true
		}
	}
	return false
}
