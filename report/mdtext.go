package report

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
