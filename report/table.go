package report

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/pat2app/pat2app/inventory"
)

// TableOptions tune the terminal table.
type TableOptions struct {
	// Color adds ANSI colour to kinds (only on a terminal).
	Color bool
	// Width caps each line; 0 means no cap.
	Width int
	// Wide shows every column whole; otherwise the job and credential
	// columns are cut to a width. The location (repository, file and
	// line) is always whole.
	Wide bool
}

var kindColor = map[inventory.Kind]string{
	inventory.KindPAT:         "\x1b[31m",
	inventory.KindLeakedToken: "\x1b[1;31m",
	inventory.KindUnknown:     "\x1b[33m",
	inventory.KindGitHubToken: "\x1b[32m",
	inventory.KindAppToken:    "\x1b[32m",
}

// WriteTable writes one aligned line per finding: where, job, credential,
// kind, confidence and what the job does with it; then the counts, and how
// many inputs could not be read (the command lists them on standard
// error). Repository text is stripped of control characters.
func WriteTable(w io.Writer, inv *inventory.Inventory, opt TableOptions) error {
	header := []string{"LOCATION", "JOB", "CREDENTIAL", "KIND", "CONF", "DOES"}
	rows := [][]string{}
	for _, f := range inv.Findings {
		loc := f.File
		if f.Repo != "" && !strings.HasPrefix(f.File, "/") {
			loc = f.Repo + ":" + f.File
		}
		if len(f.Lines) > 0 {
			loc += fmt.Sprintf(":%d", f.Lines[0])
		}
		rows = append(rows, []string{
			SanitizeTerminal(loc), SanitizeTerminal(f.Job), SanitizeTerminal(f.Credential),
			string(f.Kind), f.Confidence, SanitizeTerminal(summarize(f)),
		})
	}
	caps := []int{0, 20, 34, 12, 6, 0}
	switch {
	case opt.Wide:
		caps = []int{0, 0, 0, 0, 0, 0}
	case opt.Width > 0 && opt.Width < 120:
		caps = []int{0, 14, 22, 12, 6, 0}
	}
	widths := make([]int, len(header))
	for i, h := range header {
		widths[i] = utf8.RuneCountInString(h)
	}
	for _, r := range rows {
		for i, c := range r {
			c = truncate(c, caps[i])
			r[i] = c
			if n := utf8.RuneCountInString(c); n > widths[i] {
				widths[i] = n
			}
		}
	}
	var b strings.Builder
	writeRow := func(r []string, kind inventory.Kind) {
		var line strings.Builder
		for i, c := range r {
			if i == len(r)-1 {
				line.WriteString(c)
				break
			}
			line.WriteString(c)
			line.WriteString(strings.Repeat(" ", widths[i]-utf8.RuneCountInString(c)+2))
		}
		s := strings.TrimRight(line.String(), " ")
		if opt.Width > 0 && !opt.Wide {
			s = truncate(s, opt.Width)
		}
		if opt.Color && kindColor[kind] != "" {
			s = kindColor[kind] + s + "\x1b[0m"
		}
		b.WriteString(s)
		b.WriteByte('\n')
	}
	writeRow(header, "")
	for i, r := range rows {
		writeRow(r, inv.Findings[i].Kind)
	}
	counts := map[inventory.Kind]int{}
	for _, f := range inv.Findings {
		counts[f.Kind]++
	}
	var parts []string
	for _, k := range Kinds {
		if counts[k.Kind] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", counts[k.Kind], k.Kind))
		}
	}
	fmt.Fprintf(&b, "\n%d finding(s)", len(inv.Findings))
	if len(parts) > 0 {
		fmt.Fprintf(&b, ": %s", strings.Join(parts, ", "))
	}
	b.WriteByte('\n')
	if len(inv.Errors) > 0 {
		// Which ones is said once, by the command, on standard error.
		fmt.Fprintf(&b, "%d input(s) could not be read (results are partial)\n", len(inv.Errors))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// summarize says in a few words what a finding's job does with the credential.
func summarize(f inventory.Finding) string {
	var parts []string
	seen := map[string]bool{}
	for _, op := range f.Operations {
		s := op.Label()
		if !seen[s] {
			seen[s] = true
			parts = append(parts, s)
		}
	}
	if len(f.Unresolved) > 0 {
		parts = append(parts, fmt.Sprintf("%d unresolved", len(f.Unresolved)))
	}
	if f.CrossRepo {
		parts = append(parts, "cross-repo: "+strings.Join(f.TargetRepos, ","))
	}
	if len(parts) == 0 {
		if f.Reason != "" {
			return f.Reason
		}
		return "-"
	}
	return strings.Join(parts, "; ")
}

func truncate(s string, n int) string {
	if n <= 0 || utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}
