package report

import "strings"

// MarkdownCode renders untrusted text as an inline code span for the
// Markdown reports of other commands (verify, status, offboard): no
// Markdown, HTML, link or mention is processed inside; in a table cell
// pipes are escaped.
func MarkdownCode(s string, inTable bool) string { return code(s, inTable) }

// MarkdownProse escapes untrusted text for Markdown prose: punctuation
// escaped, HTML characters as entities, links and @mentions broken.
func MarkdownProse(s string) string { return prose(s) }

// MarkdownCodeList renders a list of untrusted strings as code spans
// joined by commas ("none" when empty).
func MarkdownCodeList(list []string, inTable bool) string { return codeList(list, inTable) }

// MermaidText keeps what a Mermaid chart's label may hold: letters,
// digits, spaces and - _ . , / (no colon, quote, semicolon or markup).
func MermaidText(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == ' ', r == '-', r == '_', r == '.', r == ',', r == '/':
			b.WriteRune(r)
		}
	}
	return strings.TrimSpace(b.String())
}
