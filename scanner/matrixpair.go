package scanner

import (
	"regexp"
	"slices"
	"strings"

	"github.com/rhysd/actionlint"
)

// matrixSecretRE is an input that is wholly secrets[matrix.PATH];
// matrixValueRE one that is wholly matrix.PATH.
var (
	matrixSecretRE = regexp.MustCompile(`^\$\{\{\s*secrets\[\s*matrix\.([A-Za-z0-9_.-]+)\s*\]\s*\}\}$`)
	matrixValueRE  = regexp.MustCompile(`^\$\{\{\s*matrix\.([A-Za-z0-9_.-]+)\s*\}\}$`)
)

// pairedMatrixValues is, for a step one of whose inputs is
// ${{ secrets[matrix.A] }} and whose otherInput is ${{ matrix.B }}, the
// values B takes in the matrix entries whose A names cred's secret: the
// repository each entry's token is for (one entry's repository, its
// secret). ok is false when the inputs are not written so, or the matrix
// does not give every entry's A and B literally in one object or include
// combination.
func (js *jobState) pairedMatrixValues(s *actionStep, otherInput, cred string) ([]string, bool) {
	name, isSecret := strings.CutPrefix(cred, "secrets.")
	om := matrixValueRE.FindStringSubmatch(strings.TrimSpace(s.rawInput(otherInput)))
	if !isSecret || om == nil {
		return nil, false
	}
	var sm []string
	for _, k := range sortedKeys(s.ex.Inputs) {
		if m := matrixSecretRE.FindStringSubmatch(strings.TrimSpace(s.rawInput(k))); m != nil {
			if sm != nil {
				return nil, false // two tokens chosen by the matrix
			}
			sm = m
		}
	}
	if sm == nil {
		return nil, false
	}
	sp, op := strings.Split(strings.ToLower(sm[1]), "."), strings.Split(strings.ToLower(om[1]), ".")
	var entries []func(path []string) (string, bool)
	switch {
	case len(sp) > 1 && len(op) > 1 && sp[0] == op[0]:
		// Objects of one matrix key: target: [{repository, secret}, ...].
		vals, complete := js.matrixEntry(sp[0])
		if !complete {
			return nil, false
		}
		for _, v := range vals {
			entries = append(entries, func(path []string) (string, bool) { return rawField(v, path[1:]) })
		}
	case len(sp) == 1 && len(op) == 1 && sp[0] != op[0]:
		// Keys of the include combinations: include: [{repo, secret}, ...].
		m := js.job.Strategy
		if m == nil || m.Matrix == nil || m.Matrix.Expression != nil || m.Matrix.Include == nil || m.Matrix.Include.Expression != nil ||
			m.Matrix.Rows[sp[0]] != nil || m.Matrix.Rows[op[0]] != nil {
			return nil, false
		}
		for _, c := range m.Matrix.Include.Combinations {
			if c == nil {
				return nil, false
			}
			entries = append(entries, func(path []string) (string, bool) {
				a := c.Assigns[path[0]]
				if a == nil {
					return "", false
				}
				return rawField(a.Value, nil)
			})
		}
	default:
		return nil, false
	}
	var out []string
	for _, e := range entries {
		secret, ok1 := e(sp)
		other, ok2 := e(op)
		if !ok1 || !ok2 {
			return nil, false
		}
		if strings.EqualFold(secret, name) {
			out = append(out, other)
		}
	}
	slices.Sort(out)
	return slices.Compact(out), len(out) > 0
}

// rawField is the literal string at path in a matrix value.
func rawField(v actionlint.RawYAMLValue, path []string) (string, bool) {
	for _, f := range path {
		obj, ok := v.(*actionlint.RawYAMLObject)
		if !ok {
			return "", false
		}
		v = obj.Props[f]
	}
	str, ok := v.(*actionlint.RawYAMLString)
	if !ok || strings.Contains(str.Value, "${{") {
		return "", false
	}
	return str.Value, true
}
