package inventory

import "strings"

// FlagValues lists, in order, the values a command line's arguments give
// the flags named (FLAG VALUE or FLAG=VALUE, as in Operation.Args).
// complete is false when one of the flags ends the line without its value.
func FlagValues(args []string, flags ...string) (values []string, complete bool) {
	complete = true
	for i, a := range args {
		for _, f := range flags {
			if a == f {
				if i+1 < len(args) {
					values = append(values, args[i+1])
				} else {
					complete = false
				}
				continue
			}
			if v, ok := strings.CutPrefix(a, f+"="); ok {
				values = append(values, v)
			}
		}
	}
	return values, complete
}
