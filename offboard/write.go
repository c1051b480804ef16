package offboard

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/report"
)

// Nothing reports whether offboarding breaks nothing that can be seen.
func (r *Report) Nothing() bool {
	return len(r.Breaks) == 0 && len(r.MayBreak) == 0 && len(r.UnknownOwner) == 0
}

// Verdict says the answer in one sentence.
func (r *Report) Verdict() string {
	switch {
	case len(r.Breaks) > 0 || len(r.MayBreak) > 0:
		return fmt.Sprintf("Offboarding %s breaks %d jobs and may break %d more", r.Login, len(r.Breaks), len(r.MayBreak))
	case len(r.UnknownOwner) > 0:
		return fmt.Sprintf("Nothing is known to break, but %d jobs not yet migrated use PATs whose owner nothing tells", len(r.UnknownOwner))
	}
	return "Nothing breaks: no job that is not migrated depends on " + r.Login + "'s tokens, as far as can be seen"
}

// WriteJSON writes the report as JSON.
func WriteJSON(w io.Writer, r *Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(r); err != nil {
		return fmt.Errorf("encode the offboarding report: %w", err)
	}
	return nil
}

// WriteMarkdown writes the report.
func WriteMarkdown(w io.Writer, r *Report) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# If %s leaves\n\n**%s.**\n\n", report.MarkdownProse(r.Login), report.MarkdownProse(r.Verdict()))
	section := func(title, empty string, deps []Dependency) {
		fmt.Fprintf(&b, "## %s\n\n", title)
		if len(deps) == 0 {
			b.WriteString(empty + "\n\n")
			return
		}
		b.WriteString("| job | credential | secrets | why | state |\n| --- | --- | --- | --- | --- |\n")
		for _, d := range deps {
			fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |\n", report.MarkdownCode(d.Repo+":"+d.File+":"+d.Job.Job, true), report.MarkdownCode(d.Credential, true),
				report.MarkdownCodeList(d.Secrets, true), report.MarkdownProse(d.Evidence), d.State)
		}
		b.WriteString("\n")
	}
	section("Breaks", "Nothing the Owner column ties to this login.", r.Breaks)
	section("May break", "Nothing this login's tokens could be behind.", r.MayBreak)
	if len(r.UnknownOwner) > 0 {
		section("Owner unknown", "", r.UnknownOwner)
	}
	section("Already migrated", "None.", r.Migrated)
	if len(r.Secrets) > 0 {
		fmt.Fprintf(&b, "Secrets these jobs read (delete them once the jobs are migrated): %s.\n\n", report.MarkdownCodeList(r.Secrets, true))
	}
	if r.OtherOwners > 0 {
		fmt.Fprintf(&b, "Jobs using PATs with another owner in the Owner column: %d.\n\n", r.OtherOwners)
	}
	b.WriteString("## Tokens of this login\n\n")
	if len(r.Tokens) == 0 {
		b.WriteString("None listed (see below for what could not be read).\n\n")
	} else {
		b.WriteString("| kind | name | reaches | permissions or scopes | last used | expires |\n| --- | --- | --- | --- | --- | --- |\n")
		for _, t := range r.Tokens {
			fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s |\n", t.Source, report.MarkdownCode(t.Name, true), report.MarkdownCodeList(t.Repos, true),
				report.MarkdownCodeList(grants(t), true), report.MarkdownCode(t.LastUsed, true), report.MarkdownCode(t.Expires, true))
		}
		b.WriteString("\nRevoke them once nothing above is left.\n\n")
	}
	b.WriteString("## What cannot be known\n\n")
	for _, u := range r.Unknowable {
		fmt.Fprintf(&b, "- %s\n", report.MarkdownProse(u))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func grants(t inventory.Token) []string {
	out := append([]string{}, t.Scopes...)
	names := make([]string, 0, len(t.Permissions))
	for n := range t.Permissions {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		out = append(out, n+": "+t.Permissions[n])
	}
	return out
}
