package scanner

import (
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/rhysd/actionlint"

	"github.com/pat2app/pat2app/expression"
	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/scanner/shellops"
)

// GitHub writes the values of a run: script's expressions into its text
// before the shell reads it, so `run: ${{ matrix.cmd }}` runs whatever
// the matrix holds. The shell reader treats a program named by an
// expression as one that may use every credential in its reach. When the
// workflow gives such an expression its values literally (a matrix row or
// include: entry, a literal env: value, the options of a
// workflow_dispatch input), the script is read again once with each
// combination of them written in.

// maxRunVariants bounds how many readings one run: script gets; a script
// whose expressions have more combinations of values is read as written.
const maxRunVariants = 32

// runVariant is a run: script with the values of some expressions written
// in, and the file line of each of its lines.
type runVariant struct {
	script string
	lines  []int
	// env holds the values of the step's variables given by a matrix
	// entry (REPO: ${{ matrix.repo }}) in this reading.
	env map[string]string
}

// valuedExpr is an expression of a script whose values are known.
type valuedExpr struct {
	span expression.Span
	// matrix is the path after "matrix" for a matrix expression; values
	// are then taken from the matrix's combinations.
	matrix []string
	values []string
	// envName is, for a step variable whose value is a matrix entry
	// (REPO: ${{ matrix.repo }}), its name: the value is the variable's,
	// not written into the script.
	envName string
}

// runVariants returns the readings of a run: script with the values of
// its expressions named in only (their text without ${{ }}, trimmed)
// written in, when the workflow gives them literally; nil when it gives
// none of them (or more than maxRunVariants combinations): the script is
// then read as written. lm places the script's lines in the file; env is
// the step's.
func (js *jobState) runVariants(script string, lm lineMap, env map[string]envEntry, only map[string]bool) []runVariant {
	if len(only) == 0 {
		return nil
	}
	var exprs []valuedExpr
	var matrixKeys []string
	for _, sp := range expression.Find(script) {
		if !only[strings.TrimSpace(sp.Body)] {
			continue
		}
		if v, ok := js.compositeInputValue(script[sp.Start:sp.End]); ok {
			// A composite action's inputs, or an expression of them,
			// given literal values by the calling step.
			exprs = append(exprs, valuedExpr{span: sp, values: []string{v}})
			continue
		}
		e := sp.Parse()
		if e.Root == nil {
			continue
		}
		p, ok := e.PathOf(e.Root)
		if !ok || len(p.Parts) < 2 {
			continue
		}
		switch strings.ToLower(p.Parts[0]) {
		case "matrix":
			exprs = append(exprs, valuedExpr{span: sp, matrix: p.Parts[1:]})
			matrixKeys = append(matrixKeys, strings.ToLower(p.Parts[1]))
		case "env":
			if v, ok := literalEnv(env, p.Parts); ok {
				exprs = append(exprs, valuedExpr{span: sp, values: []string{v}})
			}
		case "inputs":
			if vs := js.inputValues(p.Parts); len(vs) > 0 {
				exprs = append(exprs, valuedExpr{span: sp, values: vs})
			}
		case "github":
			// github.event.inputs.NAME is workflow_dispatch's inputs.NAME.
			if len(p.Parts) == 4 && strings.EqualFold(p.Parts[1], "event") && strings.EqualFold(p.Parts[2], "inputs") {
				if vs := js.inputValues([]string{"inputs", p.Parts[3]}); len(vs) > 0 {
					exprs = append(exprs, valuedExpr{span: sp, values: vs})
				}
			}
		}
	}
	// A step variable the script reads whose value is a matrix entry.
	for _, name := range slices.Sorted(maps.Keys(only)) {
		e, ok := env[name]
		if !ok || strings.Contains(name, ".") || len(e.creds) > 0 {
			continue
		}
		if p, ok := expression.SolePath(strings.TrimSpace(e.raw)); ok && len(p.Parts) == 2 && strings.EqualFold(p.Parts[0], "matrix") {
			exprs = append(exprs, valuedExpr{matrix: p.Parts[1:], envName: name})
			matrixKeys = append(matrixKeys, strings.ToLower(p.Parts[1]))
		}
	}
	combos := []map[string]actionlint.RawYAMLValue{nil}
	if len(matrixKeys) > 0 {
		var ok bool
		if combos, ok = js.matrixCombos(matrixKeys); !ok {
			// The matrix is built at run time: its expressions stay
			// unknown.
			kept := exprs[:0]
			for _, x := range exprs {
				if x.matrix == nil {
					kept = append(kept, x)
				}
			}
			exprs, combos = kept, []map[string]actionlint.RawYAMLValue{nil}
		}
	}
	if len(exprs) == 0 {
		return nil
	}
	// Every combination of the matrix's values with every value of the
	// other expressions.
	rows := [][]string{}
	for _, c := range combos {
		row := make([]string, len(exprs))
		for i, x := range exprs {
			if x.matrix == nil {
				continue
			}
			v, known := matrixValue(c, x.matrix)
			if !known {
				// One value the workflow does not give (an expression,
				// an object): the script is read as written, and its
				// program stays unresolved.
				return nil
			}
			row[i] = v
		}
		rows = append(rows, row)
	}
	if len(rows) == 0 {
		return nil
	}
	for i, x := range exprs {
		if x.matrix != nil {
			continue
		}
		var next [][]string
		for _, r := range rows {
			for _, v := range x.values {
				n := append([]string(nil), r...)
				n[i] = v
				next = append(next, n)
			}
		}
		rows = next
		if len(rows) > maxRunVariants {
			return nil
		}
	}
	rows = uniqueRows(rows)
	if len(rows) > maxRunVariants {
		return nil
	}
	out := make([]runVariant, 0, len(rows))
	for _, r := range rows {
		out = append(out, writeValues(script, lm, exprs, r))
	}
	return out
}

// compositeInputExprs is unresolvedExprs(uses), and, in a composite
// action read for a calling step, when a use stayed unresolved, the
// expressions of the action's inputs the step gives literal values (a
// folder a command changes into, ${{ inputs.c == 'vscode' &&
// 'extensions/vscode' || inputs.c }}): what was not known may be known
// once they are written in.
func (js *jobState) compositeInputExprs(script string, uses []shellops.Use) map[string]bool {
	only := unresolvedExprs(uses)
	if !slices.ContainsFunc(uses, func(u shellops.Use) bool { return u.Unresolved != "" }) {
		return only
	}
	for _, sp := range expression.Find(script) {
		if _, ok := js.compositeInputValue(script[sp.Start:sp.End]); ok {
			only[strings.TrimSpace(sp.Body)] = true
		}
	}
	return only
}

// compositeInputValue is, in a composite action read for a calling step,
// the value an expression (${{ ... }} as written) has from the action's
// inputs the step gives literal values; ok is false elsewhere, or when
// the expression reads anything else.
func (js *jobState) compositeInputValue(expr string) (string, bool) {
	if !js.a.composite || len(js.a.inputValues) == 0 {
		return "", false
	}
	v := js.a.withInputs(expr)
	return v, !strings.Contains(v, "${{")
}

// unresolvedExprs lists the expressions (text without ${{ }}, trimmed)
// that an unresolved use's command, as the step writes it, holds: the
// program a command names (`${{ matrix.cmd }}`), or a folder or file of
// code it runs (`make -C sdk/${{ matrix.language }} publish`); and those
// of a use whose repository is named at run time
// (`/repos/acme/${{ matrix.repo }}/pulls`).
func unresolvedExprs(uses []shellops.Use) map[string]bool {
	out := map[string]bool{}
	for _, u := range uses {
		runTimeRepo := slices.ContainsFunc(u.TargetRepos, func(r string) bool { return inventory.IsRunTimeRepo(r) || strings.Contains(r, "{") })
		if u.Unresolved == "" && !runTimeRepo {
			continue
		}
		if u.File != "" {
			// A use in a file the step runs: its expressions are not the
			// step's, but a repository named by a variable of the step's
			// environment ({REPO}) is the variable's value there.
			for _, r := range u.TargetRepos {
				for _, m := range placeholderExpr.FindAllStringSubmatch(r, -1) {
					if !strings.Contains(m[1], ".") {
						out[m[1]] = true
					}
				}
			}
			continue
		}
		for _, text := range []string{u.Command, u.Evidence} {
			for _, sp := range expression.Find(text) {
				out[strings.TrimSpace(sp.Body)] = true
			}
		}
		// The evidence is cut short; a repository named at run time keeps
		// the expression as the placeholder {matrix.repo}.
		for _, r := range u.TargetRepos {
			for _, m := range placeholderExpr.FindAllStringSubmatch(r, -1) {
				out[m[1]] = true
			}
		}
	}
	return out
}

// placeholderExpr finds the placeholder the shell reader writes for an
// expression's value in a repository name ({matrix.repo}, {inputs.repo}),
// or for a variable's ({REPO}).
var placeholderExpr = regexp.MustCompile(`\{((?:matrix|inputs|env)\.[A-Za-z0-9_.-]+|[A-Za-z_][A-Za-z0-9_]*)\}`)

// writeValues writes values[i] in place of exprs[i] in script, and maps
// each line of the result to its file line: a value's lines all stand at
// its expression's line.
func writeValues(script string, lm lineMap, exprs []valuedExpr, values []string) runVariant {
	var b strings.Builder
	var lines []int
	n := 0 // value line of script at `at`
	at := 0
	lines = append(lines, lm.lineOfValueLine(0))
	text := func(s string, line func() int) {
		for _, c := range s {
			b.WriteRune(c)
			if c == '\n' {
				lines = append(lines, line())
			}
		}
	}
	for i, x := range exprs {
		if x.envName != "" {
			continue // the variable's value, not the script's text
		}
		text(script[at:x.span.Start], func() int { n++; return lm.lineOfValueLine(n) })
		here := lm.lineOfValueLine(n)
		text(values[i], func() int { return here })
		// An expression written over several lines is one value.
		n += strings.Count(script[x.span.Start:x.span.End], "\n")
		at = x.span.End
	}
	text(script[at:], func() int { n++; return lm.lineOfValueLine(n) })
	var env map[string]string
	for i, x := range exprs {
		if x.envName != "" {
			if env == nil {
				env = map[string]string{}
			}
			env[x.envName] = values[i]
		}
	}
	return runVariant{script: b.String(), lines: lines, env: env}
}

// literalEnv is the value of env.NAME when the step's environment gives
// it literally (no expression, no credential).
func literalEnv(env map[string]envEntry, parts []string) (string, bool) {
	if len(parts) != 2 {
		return "", false
	}
	e, ok := env[parts[1]]
	if !ok || e.level == "github-env" || len(e.creds) > 0 || strings.Contains(e.raw, "${{") {
		return "", false
	}
	return e.raw, true
}

// inputValues lists the values inputs.NAME may have when the workflow's
// only inputs are workflow_dispatch's and the input is a choice (its
// options) or a boolean; nil otherwise (a caller or a person types it).
func (js *jobState) inputValues(parts []string) []string {
	if len(parts) != 2 || js.a.composite {
		return nil
	}
	var in *actionlint.DispatchInput
	for _, ev := range js.a.wf.On {
		switch e := ev.(type) {
		case *actionlint.WorkflowCallEvent:
			return nil
		case *actionlint.WorkflowDispatchEvent:
			in = e.Inputs[strings.ToLower(parts[1])]
		}
	}
	if in == nil {
		return nil
	}
	switch in.Type {
	case actionlint.WorkflowDispatchEventInputTypeChoice:
		var out []string
		for _, o := range in.Options {
			if o == nil || strings.Contains(o.Value, "${{") {
				return nil
			}
			out = append(out, o.Value)
		}
		return out
	case actionlint.WorkflowDispatchEventInputTypeBoolean:
		return []string{"true", "false"}
	}
	return nil
}

// matrixCombos lists the combinations of values the job's matrix gives
// the keys (lower case): each combination of their rows, and each
// include: entry (with every row value of a key the entry does not set,
// for an entry that extends the combinations). Exclusions are not taken
// out: the list may hold more than run. ok is false when the matrix, or
// a row or entry of the keys, is an expression, or when there are more
// than maxRunVariants combinations.
func (js *jobState) matrixCombos(keys []string) ([]map[string]actionlint.RawYAMLValue, bool) {
	if js.job.Strategy == nil || js.job.Strategy.Matrix == nil {
		return nil, false
	}
	m := js.job.Strategy.Matrix
	if m.Expression != nil || m.Include != nil && m.Include.ContainsExpression() {
		return nil, false
	}
	slices.Sort(keys)
	keys = slices.Compact(keys)
	rowValues := map[string][]actionlint.RawYAMLValue{}
	for _, k := range keys {
		if r := m.Rows[k]; r != nil {
			if r.Expression != nil {
				return nil, false
			}
			rowValues[k] = r.Values
		}
	}
	var out []map[string]actionlint.RawYAMLValue
	// product extends partial combinations with the values of keys from
	// i on: fixed ones from an include entry, else the key's row.
	var product func(i int, cur map[string]actionlint.RawYAMLValue, fixed map[string]*actionlint.MatrixAssign) bool
	product = func(i int, cur map[string]actionlint.RawYAMLValue, fixed map[string]*actionlint.MatrixAssign) bool {
		if i == len(keys) {
			c := make(map[string]actionlint.RawYAMLValue, len(cur))
			for k, v := range cur {
				c[k] = v
			}
			out = append(out, c)
			return len(out) <= maxRunVariants
		}
		k := keys[i]
		if a := fixed[k]; a != nil {
			cur[k] = a.Value
			return product(i+1, cur, fixed)
		}
		vals := rowValues[k]
		if len(vals) == 0 {
			delete(cur, k)
			return product(i+1, cur, fixed)
		}
		for _, v := range vals {
			cur[k] = v
			if !product(i+1, cur, fixed) {
				return false
			}
		}
		return true
	}
	if len(m.Rows) > 0 && !product(0, map[string]actionlint.RawYAMLValue{}, nil) {
		return nil, false
	}
	if m.Include != nil {
		for _, c := range m.Include.Combinations {
			if c == nil {
				continue
			}
			if !product(0, map[string]actionlint.RawYAMLValue{}, c.Assigns) {
				return nil, false
			}
		}
	}
	return out, true
}

// matrixValue is the text of the value at path in a combination: "" for a
// key the combination does not set; known is false for an object, an
// array or an expression.
func matrixValue(c map[string]actionlint.RawYAMLValue, path []string) (string, bool) {
	v, ok := c[strings.ToLower(path[0])]
	if !ok || v == nil {
		return "", true
	}
	for _, p := range path[1:] {
		obj, ok := v.(*actionlint.RawYAMLObject)
		if !ok {
			return "", false
		}
		if v = obj.Props[strings.ToLower(p)]; v == nil {
			return "", true
		}
	}
	s, ok := v.(*actionlint.RawYAMLString)
	if !ok || strings.Contains(s.Value, "${{") {
		return "", false
	}
	return s.Value, true
}

// uniqueRows drops repeated rows, keeping the first.
func uniqueRows(rows [][]string) [][]string {
	seen := map[string]bool{}
	out := rows[:0]
	for _, r := range rows {
		k := strings.Join(r, "\x00")
		if !seen[k] {
			seen[k] = true
			out = append(out, r)
		}
	}
	return out
}
