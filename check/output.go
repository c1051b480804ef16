package check

import (
	"bufio"
	"fmt"
	"io"
	"path"
	"strings"

	"github.com/pat2app/pat2app/config"
	"github.com/pat2app/pat2app/planner"
	"github.com/pat2app/pat2app/report"
)

// RenderOptions say how to render a Result.
type RenderOptions struct {
	// Source names what the findings were compared with, e.g. "baseline
	// .github/pat2app-baseline.json" or "base ref main".
	Source string
	// PathPrefix is joined before each finding's file in annotations: the
	// scanned folder relative to the GitHub workspace ("" when they are the
	// same), so annotations land on the file in the pull request's diff.
	PathPrefix string
	// Plan, when not nil, gives messages the planner's decision and
	// permissions for each finding.
	Plan *planner.Plan
}

func (o RenderOptions) annotationPath(file string) string {
	if o.PathPrefix == "" || o.PathPrefix == "." || path.IsAbs(file) {
		return file
	}
	return path.Join(o.PathPrefix, file)
}

// EscapeData escapes the message of a GitHub workflow command.
func EscapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// EscapeProperty escapes a property value (file, title) of a GitHub
// workflow command.
func EscapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

// command writes one workflow command line. Property values and the
// message come from the scanned repository and are escaped, so they can
// neither end the line nor inject another command.
func command(w io.Writer, name string, props [][2]string, msg string) {
	var b strings.Builder
	b.WriteString("::")
	b.WriteString(name)
	sep := " "
	for _, p := range props {
		if p[1] == "" {
			continue
		}
		b.WriteString(sep + p[0] + "=" + EscapeProperty(p[1]))
		sep = ","
	}
	b.WriteString("::")
	b.WriteString(EscapeData(msg))
	b.WriteByte('\n')
	io.WriteString(w, b.String())
}

// WriteWorkflowCommands writes GitHub Actions workflow commands: an error
// annotation on the file and line of each failing finding, a warning for
// each warning, and a notice for each usage removed since the baseline,
// then the short plain-text verdict.
func WriteWorkflowCommands(w io.Writer, r *Result, o RenderOptions) error {
	bw := bufio.NewWriter(w)
	idx := newPlanIndex(o.Plan)
	for _, v := range r.Verdicts {
		level := v.level()
		if level == "" {
			continue
		}
		f := v.Finding
		props := [][2]string{{"file", o.annotationPath(f.File)}}
		if l := firstLine(f); l > 0 {
			props = append(props, [2]string{"line", fmt.Sprint(l)})
		}
		props = append(props, [2]string{"title", Title(v)})
		command(bw, level, props, message(v, idx[findingFingerprint(f)], o.against()))
	}
	for _, v := range r.moved() {
		command(bw, "notice", [][2]string{{"file", o.annotationPath(v.Finding.File)}, {"title", "Accepted PAT usage moved: " + v.Finding.Credential}}, movedLine(v, o))
	}
	for _, e := range r.Removed {
		command(bw, "notice", [][2]string{{"title", "PAT usage removed: " + e.Credential}}, removedLine(e))
	}
	if r.Unscoped > 0 {
		command(bw, "warning", [][2]string{{"title", "Baseline without scopes"}}, unscopedLine(r))
	}
	for _, a := range r.ExpiredUnused {
		command(bw, "notice", [][2]string{{"title", "Expired allowlist entry matches nothing"}}, "The "+allowLine(a)+" matches nothing: delete it from .pat2app.yaml.")
	}
	writeVerdict(bw, r, o)
	return bw.Flush()
}

// WriteText writes the verdicts as plain text for a terminal or a log:
// each failing and warning finding with its file:line, what was removed
// since the baseline, and a one-line verdict. Text from the repository is
// stripped of control characters.
func WriteText(w io.Writer, r *Result, o RenderOptions) error {
	bw := bufio.NewWriter(w)
	idx := newPlanIndex(o.Plan)
	for _, v := range r.Verdicts {
		level := v.level()
		if level == "" {
			continue
		}
		f := v.Finding
		loc := f.File
		if l := firstLine(f); l > 0 {
			loc += fmt.Sprintf(":%d", l)
		}
		fmt.Fprintf(bw, "%s: %s: %s: %s\n", report.SanitizeTerminal(loc), level,
			report.SanitizeTerminal(Title(v)), report.SanitizeTerminal(message(v, idx[findingFingerprint(f)], o.against())))
	}
	if moved := r.moved(); len(moved) > 0 {
		fmt.Fprintf(bw, "Moved since the %s (%d):\n", sourceNoun(o), len(moved))
		for _, v := range moved {
			fmt.Fprintf(bw, "  %s\n", report.SanitizeTerminal(movedLine(v, o)))
		}
	}
	if len(r.Removed) > 0 {
		fmt.Fprintf(bw, "Removed since the %s (%d):\n", sourceNoun(o), len(r.Removed))
		for _, e := range r.Removed {
			fmt.Fprintf(bw, "  %s\n", report.SanitizeTerminal(removedLine(e)))
		}
	}
	if r.Unscoped > 0 {
		fmt.Fprintf(bw, "warning: %s\n", unscopedLine(r))
	}
	for _, a := range r.ExpiredUnused {
		fmt.Fprintf(bw, "note: the %s matches nothing: delete it from .pat2app.yaml.\n", report.SanitizeTerminal(allowLine(a)))
	}
	writeVerdict(bw, r, o)
	return bw.Flush()
}

// against names what the findings were compared with, for sentences.
func (o RenderOptions) against() string {
	if o.Source == "" {
		return ""
	}
	return "the " + sourceNoun(o)
}

func sourceNoun(o RenderOptions) string {
	if strings.HasPrefix(o.Source, "base ref") {
		return "base ref"
	}
	return "baseline"
}

// writeVerdict writes the closing line: PASS or FAIL and the counts.
func writeVerdict(w io.Writer, r *Result, o RenderOptions) {
	src := report.SanitizeTerminal(o.Source)
	if src == "" {
		src = "no baseline"
	}
	counts := fmt.Sprintf("%d accepted, %d allowlisted, %d removed", r.Count(StatusAccepted), r.Count(StatusAllowed), len(r.Removed))
	if n := r.Count(StatusWarn); n > 0 {
		counts += fmt.Sprintf(", %d warning(s)", n)
	}
	if r.Failed() {
		fmt.Fprintf(w, "pat2app check: FAIL: %s (compared with %s; %s)\n", failSummary(r), src, counts)
		if o.Source == "" {
			fmt.Fprintf(w, "pat2app check: to accept today's usages, commit the file `pat2app baseline` writes (%s), or use --base-ref\n", DefaultBaselinePath)
		}
		return
	}
	fmt.Fprintf(w, "pat2app check: PASS: no new PAT usage (compared with %s; %s)\n", src, counts)

}

func failSummary(r *Result) string {
	var parts []string
	if n := r.Count(StatusNew); n > 0 {
		parts = append(parts, plural(n, "new PAT usage", "new PAT usages"))
	}
	if n := r.Count(StatusGrown); n > 0 {
		parts = append(parts, plural(n, "accepted usage that needs more", "accepted usages that need more"))
	}
	if n := r.Count(StatusExpired); n > 0 {
		parts = append(parts, plural(n, "usage whose allowlist entry expired", "usages whose allowlist entries expired"))
	}
	return strings.Join(parts, ", ")
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

func removedLine(e Entry) string {
	s := fmt.Sprintf("%s: job %s no longer uses %s (%s", e.File, quote(e.Job), e.Credential, e.Kind)
	if e.Added != "" {
		s += ", accepted " + e.Added
	}
	return s + ")"
}

// movedLine says where an accepted usage moved from; with a baseline file,
// that `pat2app baseline` records its new place.
func movedLine(v Verdict, o RenderOptions) string {
	f, e := v.Finding, v.Entry
	s := fmt.Sprintf("%s: job %s uses %s as job %s of %s did (%s", f.File, quote(f.Job), f.Credential, quote(e.Job), e.File, e.Kind)
	if e.Added != "" {
		s += ", accepted " + e.Added
	}
	s += ")"
	if sourceNoun(o) == "baseline" {
		s += "; run `pat2app baseline` to record its new place"
	}
	return s
}

// unscopedLine says that some accepted usages have no recorded scope.
func unscopedLine(r *Result) string {
	they, needs, them := "they", "need", "them"
	if r.Unscoped == 1 {
		they, needs, them = "it", "needs", "it"
	}
	return "The baseline accepts " + plural(r.Unscoped, "usage", "usages") + " without recorded permissions (the file was written by an older pat2app): whether " +
		they + " now " + needs + " more is not checked until `pat2app baseline` records " + them + " (dates and reasons are kept)."
}

// moved returns the accepted verdicts whose usage moved to another file or
// job.
func (r *Result) moved() []Verdict {
	var out []Verdict
	for _, v := range r.Verdicts {
		if v.Moved && v.Status == StatusAccepted {
			out = append(out, v)
		}
	}
	return out
}

// allowLine names an allowlist entry by what it selects.
func allowLine(a config.AllowEntry) string {
	var sel []string
	for _, kv := range [][2]string{{"fingerprint", a.Fingerprint}, {"repo", a.Repo}, {"file", a.File}, {"job", a.Job}, {"credential", a.Credential}} {
		if kv[1] != "" {
			sel = append(sel, kv[0]+" "+kv[1])
		}
	}
	s := "allowlist entry (" + strings.Join(sel, ", ")
	if a.Until != "" {
		s += ", until " + a.Until
	}
	return s + ")"
}

// WriteSummary writes the Markdown job summary (for $GITHUB_STEP_SUMMARY).
// Text from the repository is escaped so it renders as text.
func WriteSummary(w io.Writer, r *Result, o RenderOptions) error {
	bw := bufio.NewWriter(w)
	idx := newPlanIndex(o.Plan)
	src := o.Source
	if src == "" {
		src = "no baseline"
	}
	if r.Failed() {
		fmt.Fprintf(bw, "## pat2app check: ❌ %s\n\n", failSummary(r))
	} else {
		fmt.Fprintf(bw, "## pat2app check: ✅ no new PAT usage\n\n")
	}
	fmt.Fprintf(bw, "Compared with %s: %d accepted, %d allowlisted, %d removed.\n\n", md(src),
		r.Count(StatusAccepted), r.Count(StatusAllowed), len(r.Removed))
	var rows []Verdict
	for _, v := range r.Verdicts {
		if v.Fails() || v.Status == StatusWarn {
			rows = append(rows, v)
		}
	}
	if len(rows) > 0 {
		bw.WriteString("| | Where | Job | Credential | What it does | Use instead |\n|---|---|---|---|---|---|\n")
		for _, v := range rows {
			f := v.Finding
			mark := "❌"
			if !v.Fails() {
				mark = "⚠️"
			}
			loc := o.annotationPath(f.File)
			if l := firstLine(f); l > 0 {
				loc += fmt.Sprintf(":%d", l)
			}
			what := Describe(f) + statusNote(v, idx[findingFingerprint(f)], o.against())
			fmt.Fprintf(bw, "| %s | %s | %s | %s | %s | %s |\n", mark, md(loc), md(f.Job), md(f.Credential),
				md(what), md(Advice(f, idx[findingFingerprint(f)])))
		}
		bw.WriteString("\n")
	}
	if moved := r.moved(); len(moved) > 0 {
		fmt.Fprintf(bw, "### Moved since the %s (%d)\n\n", sourceNoun(o), len(moved))
		for _, v := range moved {
			fmt.Fprintf(bw, "- %s\n", md(movedLine(v, o)))
		}
		bw.WriteString("\n")
	}
	if r.Unscoped > 0 {
		fmt.Fprintf(bw, "> [!WARNING]\n> %s\n\n", md(unscopedLine(r)))
	}
	if len(r.Removed) > 0 {
		fmt.Fprintf(bw, "### Removed since the %s (%d)\n\n", sourceNoun(o), len(r.Removed))
		for _, e := range r.Removed {
			fmt.Fprintf(bw, "- %s\n", md(removedLine(e)))
		}
		bw.WriteString("\n")
	}
	if len(r.ExpiredUnused) > 0 {
		bw.WriteString("### Expired allowlist entries that match nothing\n\n")
		for _, a := range r.ExpiredUnused {
			fmt.Fprintf(bw, "- %s\n", md(allowLine(a)))
		}
		bw.WriteString("\n")
	}
	return bw.Flush()
}

// md escapes text for Markdown (inline, table cells): HTML is neutralised,
// punctuation that formats is backslash-escaped, lines are joined.
func md(s string) string {
	s = report.SanitizeTerminal(s)
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '\\', '`', '*', '_', '[', ']', '|', '#', '!', '~', '@':
			b.WriteByte('\\')
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// SARIFBaseline says how each finding that fails or warns compares with
// the accepted state, for report.WriteSARIF: "new" when nothing accepted
// it, "updated" when it was accepted but needs more now (or was accepted as
// another kind), "unchanged" when it was accepted as it is (an expired
// allowlist entry is what fails it); at level "error" when it fails the
// check, "warning" when it warns. Each note is the message's reason.
func SARIFBaseline(r *Result, o RenderOptions) map[string]report.SARIFBaseline {
	idx := newPlanIndex(o.Plan)
	out := map[string]report.SARIFBaseline{}
	for _, v := range r.Verdicts {
		level := v.level()
		if level == "" {
			continue
		}
		state := "new"
		switch {
		case v.Entry == nil:
		case !v.Grown.Empty() || v.PreviousKind != "":
			state = "updated"
		default:
			state = "unchanged"
		}
		fp := findingFingerprint(v.Finding)
		out[fp] = report.SARIFBaseline{State: state, Level: level,
			Note: strings.TrimSpace(statusNote(v, idx[fp], o.against()))}
	}
	return out
}

// level is how a verdict is shown: "error" when it fails the check,
// "warning" when it warns, "" when it is not shown.
func (v Verdict) level() string {
	switch {
	case v.Fails():
		return "error"
	case v.Status == StatusWarn:
		return "warning"
	}
	return ""
}
