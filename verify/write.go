package verify

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/pat2app/pat2app/report"
)

// WriteText writes a table per App for the terminal.
func WriteText(w io.Writer, r *Report) error {
	var b strings.Builder
	for _, a := range r.Apps {
		fmt.Fprintf(&b, "%s (%s): %s\n", report.SanitizeTerminal(a.Name), report.SanitizeTerminal(a.Issuer), strings.ToUpper(string(a.Status)))
		tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "  STATUS\tCHECK\tSUBJECT\tDETAIL")
		for _, c := range a.Checks {
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", c.Status, c.Check, report.SanitizeTerminal(c.Subject), report.SanitizeTerminal(c.Detail))
		}
		_ = tw.Flush()
		b.WriteByte('\n')
	}
	for _, n := range r.NotChecked {
		fmt.Fprintf(&b, "%s: not checked: no credentials (add it to the apps: section of .pat2app.yaml, or give --app %s with --client-id and --private-key)\n",
			report.SanitizeTerminal(n), report.SanitizeTerminal(n))
	}
	fmt.Fprintf(&b, "result: %s\n", verdict(r))
	_, err := io.WriteString(w, b.String())
	return err
}

// WriteMarkdown writes the report for the design review: a summary, then a
// table per App.
func WriteMarkdown(w io.Writer, r *Report) error {
	var b strings.Builder
	b.WriteString("# Will the migration work? `pat2app verify`\n\n")
	fmt.Fprintf(&b, "**Result: %s.**\n\n", verdict(r))
	b.WriteString("| App | client ID or App ID | result | failed | unknown | warnings |\n| --- | --- | --- | --- | --- | --- |\n")
	for _, a := range r.Apps {
		fails, unknown, warns := counts(a)
		fmt.Fprintf(&b, "| %s | %s | %s | %d | %d | %d |\n", report.MarkdownCode(a.Name, true), report.MarkdownCode(a.Issuer, true), a.Status, fails, unknown, warns)
	}
	for _, n := range r.NotChecked {
		fmt.Fprintf(&b, "| %s | — | not checked (no credentials) | | | |\n", report.MarkdownCode(n, true))
	}
	for _, a := range r.Apps {
		fmt.Fprintf(&b, "\n## %s: %s\n\n", report.MarkdownProse(a.Name), a.Status)
		b.WriteString("| status | check | subject | detail |\n| --- | --- | --- | --- |\n")
		for _, c := range a.Checks {
			fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", statusMark(c.Status), c.Check, report.MarkdownCode(c.Subject, true), report.MarkdownProse(c.Detail))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// WriteJSON writes the report as JSON.
func WriteJSON(w io.Writer, r *Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(r); err != nil {
		return fmt.Errorf("encode the verify report: %w", err)
	}
	return nil
}

func counts(a AppReport) (fails, unknown, warns int) {
	for _, c := range a.Checks {
		switch c.Status {
		case StatusFail:
			fails++
		case StatusUnknown:
			unknown++
		case StatusWarn:
			warns++
		}
	}
	return fails, unknown, warns
}

func statusMark(s Status) string {
	switch s {
	case StatusOK:
		return "✅ ok"
	case StatusWarn:
		return "⚠️ warn"
	case StatusFail:
		return "❌ fail"
	}
	return "❔ unknown"
}

// verdict says in words what the result means for the migration.
func verdict(r *Report) string {
	switch r.Status {
	case StatusFail:
		return "something would fail: fix the failed checks before migrating workflows"
	case StatusUnknown:
		return "nothing failed, but some checks could not be made"
	case StatusWarn:
		return "the Apps will work; see the warnings"
	}
	return "the Apps will work"
}
