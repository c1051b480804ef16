package scanner

import (
	"cmp"
	"fmt"
	"strings"

	"github.com/rhysd/actionlint"

	"github.com/pat2app/pat2app/scanner/cmdops"
	"github.com/pat2app/pat2app/scanner/pwshops"
	"github.com/pat2app/pat2app/scanner/shellops"
)

// Which shell runs a run: step is decided here, once, and the step's
// script is read by that shell's reader: bash and sh by shellops, pwsh and
// powershell by pwshops, cmd by cmdops, node by jsops, python by a reading
// of its lines; any other shell's lines are scanned for the credentials
// they name.

// runShells names the shells that run a run: step, as its shell: values
// ("bash -e {0}" stays as written): its shell:, else the job's and then
// the workflow's defaults.run.shell, else the runner's default, pwsh on
// Windows runners and bash elsewhere. A job whose runs-on may give a
// Windows runner or another (a matrix of both) runs the step with both,
// unless the step's if: keeps it to one.
func (js *jobState) runShells(st *actionlint.Step, ex *actionlint.ExecRun) []string {
	if ex.Shell != nil && strings.TrimSpace(ex.Shell.Value) != "" {
		return []string{ex.Shell.Value}
	}
	if sh := js.defaultShell(); sh != "" {
		return []string{sh}
	}
	return js.osShells(st, "bash", "pwsh")
}

// osShells names the shells that run a step's script by the runner's
// system: windows on Windows runners, other elsewhere, both when runs-on
// may give either (a matrix of both) unless the step's if: keeps it to one.
func (js *jobState) osShells(st *actionlint.Step, other, windows string) []string {
	if js.runner == nil {
		w, o := js.runnerOS()
		js.runner = &struct{ windows, other bool }{w, o}
	}
	win, oth := js.runner.windows, js.runner.other
	if win && oth {
		if w, o, ok := conditionOS(st.If); ok {
			win, oth = w, o
		}
	}
	switch {
	case win && oth:
		return []string{other, windows}
	case win:
		return []string{windows}
	}
	return []string{other}
}

// defaultShell is the job's defaults.run.shell, else the workflow's.
// (A composite action has no defaults: each run step names its shell.)
func (js *jobState) defaultShell() string {
	if js.a.composite {
		return ""
	}
	if js.job.Defaults != nil && js.job.Defaults.Run != nil && js.job.Defaults.Run.Shell != nil {
		return js.job.Defaults.Run.Shell.Value
	}
	if js.a.wf.Defaults != nil && js.a.wf.Defaults.Run != nil && js.a.wf.Defaults.Run.Shell != nil {
		return js.a.wf.Defaults.Run.Shell.Value
	}
	return ""
}

// runnerOS says whether the job's runner may be Windows and whether it may
// be another: a label naming Windows makes it Windows; labels built from
// expressions are read through their string literals and the job's matrix
// (runs-on: ${{ matrix.os }}). A runner nothing names is not Windows.
func (js *jobState) runnerOS() (windows, other bool) {
	ro := js.job.RunsOn
	if ro == nil {
		return false, true
	}
	labels := ro.Labels
	if ro.LabelsExpr != nil {
		labels = append(append([]*actionlint.String(nil), labels...), ro.LabelsExpr)
	}
	mixed := false
	for _, l := range labels {
		if l == nil {
			continue
		}
		w, o := js.labelOS(l.Value)
		if w && !o {
			// Every label must match one runner: this one is Windows.
			return true, false
		}
		mixed = mixed || w && o
	}
	return mixed, true
}

// labelOS says whether a runs-on label may name a Windows runner and
// whether it may name another.
func (js *jobState) labelOS(label string) (windows, other bool) {
	spans := findExprs(label)
	literal := label
	for i := len(spans) - 1; i >= 0; i-- {
		literal = literal[:spans[i].Start] + literal[spans[i].End:]
	}
	if isWindowsName(literal) {
		return true, false
	}
	var values []string
	for _, sp := range spans {
		values = append(values, js.exprValues(sp.Text)...)
	}
	if len(values) == 0 {
		return false, true
	}
	for _, v := range values {
		if isWindowsName(v) {
			windows = true
		} else {
			other = true
		}
	}
	return windows, other
}

func isWindowsName(s string) bool { return strings.Contains(strings.ToLower(s), "windows") }

// exprValues lists the strings an expression may give: its string
// literals (cond && 'windows-latest' || 'ubuntu-latest') and the values
// of the matrix entries it reads.
func (js *jobState) exprValues(text string) []string {
	node, err := actionlint.NewExprParser().Parse(actionlint.NewExprLexer(text + "}}"))
	if err != nil || node == nil {
		return nil
	}
	var out []string
	actionlint.VisitExprNode(node, func(n, parent actionlint.ExprNode, entering bool) {
		if !entering {
			return
		}
		switch x := n.(type) {
		case *actionlint.StringNode:
			switch parent.(type) {
			case *actionlint.CompareOpNode, *actionlint.FuncCallNode:
				// compared or passed on, not given
			default:
				out = append(out, x.Value)
			}
		case *actionlint.ObjectDerefNode:
			if _, inner := parent.(*actionlint.ObjectDerefNode); inner {
				return
			}
			if path, ok := matrixPath(x); ok {
				out = append(out, js.matrixValues(path)...)
			}
		}
	})
	return out
}

// matrixPath is the path of matrix.a.b, without "matrix".
func matrixPath(n actionlint.ExprNode) ([]string, bool) {
	var path []string
	for {
		switch x := n.(type) {
		case *actionlint.ObjectDerefNode:
			path = append([]string{x.Property}, path...)
			n = x.Receiver
		case *actionlint.VariableNode:
			return path, strings.EqualFold(x.Name, "matrix") && len(path) > 0
		default:
			return nil, false
		}
	}
}

// matrixValues lists the values the job's matrix gives an entry (its row
// and its include entries), as text.
func (js *jobState) matrixValues(path []string) []string {
	vals, _ := js.matrixEntry(path[0])
	var out []string
	for _, v := range vals {
		for _, p := range path[1:] {
			obj, ok := v.(*actionlint.RawYAMLObject)
			if !ok {
				v = nil
				break
			}
			v = obj.Props[strings.ToLower(p)]
		}
		if v != nil {
			out = append(out, v.String())
		}
	}
	return out
}

// matrixEntry lists the raw values the job's matrix gives the entry key
// (its row's and its include entries'). complete is false when the
// matrix may give it other values at run time: the matrix, the row or the
// include list is an expression, or an include entry without the key runs
// with it unset (which a one-entry row does not cover).
func (js *jobState) matrixEntry(key string) (vals []actionlint.RawYAMLValue, complete bool) {
	if js.job.Strategy == nil || js.job.Strategy.Matrix == nil {
		return nil, false
	}
	m := js.job.Strategy.Matrix
	key = strings.ToLower(key)
	complete = m.Expression == nil && (m.Include == nil || m.Include.Expression == nil)
	row := m.Rows[key]
	if row != nil {
		complete = complete && row.Expression == nil
		vals = append(vals, row.Values...)
	}
	if m.Include != nil {
		n := 0
		for _, c := range m.Include.Combinations {
			if c != nil && c.Assigns[key] != nil {
				vals = append(vals, c.Assigns[key].Value)
				n++
			}
		}
		complete = complete && (row != nil || n == len(m.Include.Combinations))
	}
	return vals, complete && len(vals) > 0
}

// conditionOS reads a step's if: for the runner's OS: a condition that
// requires runner.os or a matrix entry to be (or not to be) Windows keeps
// the step to Windows runners or to others. ok is false when it says
// nothing of the OS.
func conditionOS(cond *actionlint.String) (windows, other, ok bool) {
	if cond == nil {
		return false, false, false
	}
	text := strings.TrimSpace(cond.Value)
	if spans := findExprs(text); len(spans) == 1 && spans[0].Start == 0 && spans[0].End == len(text) {
		text = spans[0].Text
	}
	node, err := actionlint.NewExprParser().Parse(actionlint.NewExprLexer(text + "}}"))
	if err != nil || node == nil {
		return false, false, false
	}
	return nodeOS(node)
}

// nodeOS reads one condition (or the first conjunct of a && chain that
// says something of the OS).
func nodeOS(n actionlint.ExprNode) (windows, other, ok bool) {
	switch x := n.(type) {
	case *actionlint.LogicalOpNode:
		if x.Kind != actionlint.LogicalOpNodeKindAnd {
			return false, false, false
		}
		if w, o, ok := nodeOS(x.Left); ok {
			return w, o, true
		}
		return nodeOS(x.Right)
	case *actionlint.CompareOpNode:
		lit, ok := osComparison(x.Left, x.Right)
		if !ok {
			lit, ok = osComparison(x.Right, x.Left)
		}
		if !ok {
			return false, false, false
		}
		win := isWindowsName(lit)
		switch x.Kind {
		case actionlint.CompareOpNodeKindEq:
			return win, !win, true
		case actionlint.CompareOpNodeKindNotEq:
			if win {
				return false, true, true
			}
		}
	case *actionlint.FuncCallNode:
		callee := strings.ToLower(x.Callee)
		if (callee == "startswith" || callee == "contains" || callee == "endswith") && len(x.Args) == 2 {
			if s, ok := osComparison(x.Args[0], x.Args[1]); ok && isWindowsName(s) {
				return true, false, true
			}
		}
	case *actionlint.NotOpNode:
		if w, o, ok := nodeOS(x.Operand); ok && w && !o {
			return false, true, true
		}
	}
	return false, false, false
}

// osComparison is the literal compared with runner.os or a matrix entry
// (ref), when ref is one and lit a string literal.
func osComparison(ref, lit actionlint.ExprNode) (string, bool) {
	s, ok := lit.(*actionlint.StringNode)
	if !ok {
		return "", false
	}
	d, ok := ref.(*actionlint.ObjectDerefNode)
	if !ok {
		return "", false
	}
	if v, ok := d.Receiver.(*actionlint.VariableNode); ok && strings.EqualFold(v.Name, "runner") && strings.EqualFold(d.Property, "os") {
		return s.Value, true
	}
	if _, ok := matrixPath(d); ok {
		return s.Value, true
	}
	return "", false
}

// readScript reads a run: script with the reader of each shell that runs
// it; what several readers find is put together. A script that one shell
// reads in full is not reported as partly read by another's parser.
func (js *jobState) readScript(in shellops.Input, shells []string) shellops.Result {
	var results []shellops.Result
	for _, sh := range shells {
		in.Shell = sh
		results = append(results, js.readWith(in))
	}
	if len(results) == 1 {
		return results[0]
	}
	out := unionResults(results)
	for _, r := range results {
		if r.ParseError == nil {
			out.ParseError = nil
		}
	}
	return out
}

// unionResults puts together what several readings of one script found
// (by several shells, or with several values written in): every use,
// write and stored credential once, the first parse error and reason the
// tree may hold workflow changes.
func unionResults(results []shellops.Result) shellops.Result {
	out := results[0]
	seen := map[string]bool{}
	uses := out.Uses[:0:0]
	for _, r := range results {
		for _, u := range r.Uses {
			k := fmt.Sprintf("%+v", u)
			if !seen[k] {
				seen[k] = true
				uses = append(uses, u)
			}
		}
	}
	out.Uses = uses
	for _, r := range results[1:] {
		out.EnvWrites = append(out.EnvWrites, r.EnvWrites...)
		out.Stored = append(out.Stored, r.Stored...)
		out.Pending = append(out.Pending, r.Pending...)
		out.Unread = append(out.Unread, r.Unread...)
		out.HasLoops = out.HasLoops || r.HasLoops
		out.ReadsIndirect = out.ReadsIndirect || r.ReadsIndirect
		out.PushWithoutCredential = cmp.Or(out.PushWithoutCredential, r.PushWithoutCredential)
		if out.ParseError == nil {
			out.ParseError = r.ParseError
		}
		if out.TreeWorkflows == "" {
			out.TreeWorkflows, out.TreeWorktreeOnly = r.TreeWorkflows, r.TreeWorktreeOnly
		} else if r.TreeWorkflows != "" {
			// A reading that committed the files keeps them in history.
			out.TreeWorktreeOnly = out.TreeWorktreeOnly && r.TreeWorktreeOnly
		}
		out.Remotes = shellops.MergedRepos(out.Remotes, r.Remotes)
		out.Clones = shellops.MergedRepos(out.Clones, r.Clones)
	}
	return out
}

// readWith reads a script as in.Shell runs it.
func (js *jobState) readWith(in shellops.Input) shellops.Result {
	switch shellops.ScriptProgram(in.Shell) {
	case "pwsh", "powershell", "pwsh-preview":
		return pwshops.Analyze(in)
	case "node":
		return js.nodeScript(in)
	case "python", "python3", "python2", "py":
		return js.pythonScript(in)
	case "cmd":
		return cmdops.Analyze(in)
	}
	reader := js.a.s.readers.Get().(*shellops.Reader)
	defer js.a.s.readers.Put(reader)
	return reader.Analyze(in)
}
