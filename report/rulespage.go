package report

import (
	"fmt"
	"io"
	"strings"
	"unicode"
)

// WriteRulesPage writes the rules page (docs/rules.md): a section for every
// rule, credential kind, plan decision and review reason, from the tables
// in rules.go. TestRulesPage keeps the committed page current.
func WriteRulesPage(w io.Writer) error {
	var b strings.Builder
	b.WriteString("# pat2app rules, credential kinds and decisions\n\n")
	b.WriteString("<!-- Written by `go test ./report -run TestRulesPage -update` from report/rules.go; edit the texts there. -->\n\n")
	b.WriteString("What pat2app reports, in the words every output uses: the terminal table, SARIF (each rule's `helpUri` " +
		"points at its section here), the permissions workbook, the Markdown migration plan and `pat2app check`.\n\n")
	b.WriteString("- [Rules](#rules): what a finding is reported as\n")
	b.WriteString("- [Credential kinds](#credential-kinds): what a credential in a workflow is\n")
	b.WriteString("- [Decisions](#decisions): what the plan proposes for a job\n")
	b.WriteString("- [Review reasons](#review-reasons): why a job needs a human\n\n")

	b.WriteString("## Rules\n\n")
	for _, r := range Rules {
		fmt.Fprintf(&b, "### %s\n\n", r.Heading())
		fmt.Fprintf(&b, "**What it finds.** %s.\n\n", r.Short)
		fmt.Fprintf(&b, "**Why it matters.** %s\n\n", r.Full)
		fmt.Fprintf(&b, "**What to do.** %s\n\n", r.Help)
		fmt.Fprintf(&b, "SARIF level `%s`, security severity %s.\n\n", r.Level, securitySeverity[r.ID])
		example(&b, r.Before, r.After)
	}

	b.WriteString("## Credential kinds\n\n")
	for _, k := range Kinds {
		fmt.Fprintf(&b, "### %s\n\n", k.Heading())
		fmt.Fprintf(&b, "**What it is.** %s\n\n**What the plan does.** %s\n\nMessages call it %s.\n\n", k.Means, k.Next, k.Phrase)
	}

	b.WriteString("## Decisions\n\n")
	for _, d := range Decisions {
		fmt.Fprintf(&b, "### %s\n\n", d.Heading())
		fmt.Fprintf(&b, "**%s.** %s\n\n", capitalizeFirst(d.Summary), d.Means)
		example(&b, d.Before, d.After)
	}

	b.WriteString("## Review reasons\n\n")
	b.WriteString("A job under the decision `manual_review` lists what to look at, each item with its line. They fall in these families.\n\n")
	for _, r := range ReviewReasons {
		fmt.Fprintf(&b, "### %s\n\n", r.Heading())
		fmt.Fprintf(&b, "%s %s\n\n", r.Means, r.Todo)
	}
	_, err := io.WriteString(w, strings.TrimRight(b.String(), "\n")+"\n")
	return err
}

// example writes a before/after pair of YAML blocks.
func example(b *strings.Builder, before, after string) {
	if before == "" {
		return
	}
	fmt.Fprintf(b, "Before:\n\n```yaml\n%s```\n\nAfter:\n\n```yaml\n%s```\n\n", before, after)
}

func capitalizeFirst(s string) string {
	for i, r := range s {
		return string(unicode.ToUpper(r)) + s[i+len(string(r)):]
	}
	return s
}

// Anchor is the fragment GitHub gives a Markdown heading: lower case,
// punctuation but '-' and '_' dropped, spaces as '-'.
func Anchor(heading string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(heading) {
		switch {
		case r == ' ':
			b.WriteByte('-')
		case r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		}
	}
	return b.String()
}
