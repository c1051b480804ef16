package report

import (
	"bufio"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"sort"
	"strings"

	"github.com/pat2app/pat2app/planner"
)

// WriteMarkdown writes migration-plan.md: summary counts, the proposed
// Apps, one slice per workflow family (jobs, changes, deletable secrets,
// rollback), the 7-day rollout and the jobs needing review. It renders on
// GitHub: text from scanned repositories only appears in code spans, code
// blocks or escaped prose, so it can never become a link, HTML or a mention.
func WriteMarkdown(w io.Writer, p *planner.Plan) error {
	bw := bufio.NewWriter(w)
	m := &mdWriter{w: bw, plan: p, jobs: map[string]*planner.Job{}}
	for i := range p.Jobs {
		m.jobs[p.Jobs[i].Fingerprint] = &p.Jobs[i]
	}
	m.all()
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write migration plan: %w", err)
	}
	return nil
}

type mdWriter struct {
	w    *bufio.Writer
	plan *planner.Plan
	jobs map[string]*planner.Job
}

func (m *mdWriter) p(format string, args ...any) {
	fmt.Fprintf(m.w, format, args...)
}

func (m *mdWriter) all() {
	m.p("# Migration plan: personal access tokens to GitHub Apps\n\n")
	if !m.plan.Complete {
		m.p("> [!WARNING]\n> Results are partial: %d input(s) could not be read. See [Inputs that could not be read](#inputs-that-could-not-be-read).\n\n", len(m.plan.Errors))
	}
	m.summary()
	m.apps()
	m.slices()
	m.rollout()
	m.review()
	m.secrets()
	m.errors()
}

func (m *mdWriter) summary() {
	count := map[planner.Decision]int{}
	kinds := map[string]int{}
	for _, j := range m.plan.Jobs {
		count[j.Decision]++
		kinds[string(j.Kind)]++
	}
	deletable := 0
	for _, s := range m.plan.Secrets {
		if s.Deletion == planner.DeletionUnused || s.Deletion == planner.DeletionAfterSlice {
			deletable++
		}
	}
	m.p("## Summary\n\n")
	m.p("| | count |\n| --- | ---: |\n")
	m.p("| jobs planned (job × credential) | %d |\n", len(m.plan.Jobs))
	for _, k := range sortedMapKeys(kinds) {
		m.p("| … with credential kind `%s` | %d |\n", k, kinds[k])
	}
	for _, d := range Decisions {
		m.p("| %s | %d |\n", d.Summary, count[d.Decision])
	}
	m.p("| proposed GitHub Apps | %d |\n", len(m.plan.Apps))
	m.p("| PAT secrets that become deletable | %d of %d |\n", deletable, len(m.plan.Secrets))
	m.p("\n")
}

func (m *mdWriter) apps() {
	m.p("## Proposed GitHub Apps\n\n")
	if len(m.plan.Apps) == 0 {
		m.p("No job needs a new GitHub App.\n\n")
		return
	}
	m.p("Jobs are grouped by trust level, so a comment bot and a release bot never share an identity. Install each App on the listed repositories only.\n\n")
	m.p("| App | trust level | permissions | repositories | jobs |\n| --- | --- | --- | --- | ---: |\n")
	for _, a := range m.plan.Apps {
		m.p("| %s | %s | %s | %s | %d |\n", code(a.Name, true), a.TrustLevel, permList(a.Permissions, true), codeList(a.Repositories, true), len(a.Jobs))
	}
	m.p("\n")
	for _, a := range m.plan.Apps {
		m.p("### App %s\n\n", code(a.Name, false))
		prefix := strings.ToUpper(strings.ReplaceAll(a.Name, "-", "_"))
		m.p("- Trust level: %s\n", a.TrustLevel)
		m.p("- Permissions: %s (and the implied `metadata: read`)\n", permList(a.Permissions, false))
		m.p("- Install on: %s\n", codeList(a.Repositories, false))
		m.p("- Store its ID as the variable `%s_APP_ID` and its private key as the secret `%s_PRIVATE_KEY`.\n", prefix, prefix)
		m.p("- Jobs:\n")
		for _, fp := range a.Jobs {
			if j := m.jobs[fp]; j != nil {
				m.p("  - %s\n", jobRef(j))
			}
		}
		data, err := json.MarshalIndent(a.Manifest, "", "  ")
		if err == nil {
			m.p("\n<details><summary>Manifest (<code>apps/%s.manifest.json</code>)</summary>\n\n", html.EscapeString(a.Name))
			m.p("%s\n</details>\n\n", fence(string(data), "json"))
		}
	}
}

func (m *mdWriter) slices() {
	m.p("## Migration slices\n\n")
	if len(m.plan.Slices) == 0 {
		m.p("Nothing to migrate automatically.\n\n")
		return
	}
	m.p("One slice per workflow family, least risky first. A PAT secret is deletable only once no remaining job anywhere uses it.\n\n")
	for i, s := range m.plan.Slices {
		m.p("### Slice %d: %s\n\n", i+1, s.Name)
		m.p("| repository | workflow | job | credential | decision | permissions |\n| --- | --- | --- | --- | --- | --- |\n")
		for _, fp := range s.Jobs {
			j := m.jobs[fp]
			if j == nil {
				continue
			}
			m.p("| %s | %s | %s | %s | %s | %s |\n", code(j.Repo, true), code(j.File, true), code(j.Job, true), code(j.Credential, true), decisionText(j), permList(j.Permissions, true))
		}
		m.p("\n")
		for _, fp := range s.Jobs {
			if j := m.jobs[fp]; j != nil {
				m.job(j)
			}
		}
		if len(s.Deletable) > 0 {
			m.p("**Secrets deletable after this slice:** %s\n\n", codeList(s.Deletable, false))
		} else {
			m.p("**Secrets deletable after this slice:** none (other jobs still use them).\n\n")
		}
		m.p("**Rollback:** %s\n\n", prose(s.Rollback))
	}
}

// job renders one job's change.
func (m *mdWriter) job(j *planner.Job) {
	m.p("#### %s\n\n", jobRef(j))
	m.p("- Decision: **%s**", j.Decision)
	if j.App != "" {
		m.p(" (App %s)", code(j.App, false))
	}
	m.p("\n")
	for _, r := range j.Reasons {
		m.p("- Why: %s\n", prose(r))
	}
	for _, w := range j.Warnings {
		m.p("- Note: %s\n", prose(w))
	}
	for _, r := range j.ReviewText() {
		m.p("- Look at: %s\n", code(r, false))
	}
	if j.Fallback != "" {
		m.p("- Fallback: %s\n", prose(j.Fallback))
	}
	m.p("\n")
	switch {
	case j.PermissionsBlock != "":
		m.p("Add this block to the job:\n\n%s\n", fence(j.PermissionsBlock, "yaml"))
	case j.Snippet != "":
		m.p("Add this step before the first step that uses the token:\n\n%s\n", fence(j.Snippet, "yaml"))
	}
	if len(j.Replace) > 0 {
		m.p("Replace:\n\n")
		for _, r := range j.Replace {
			m.p("- %s\n", code(r, false))
		}
		m.p("\n")
	}
	m.evidence(j)
}

func (m *mdWriter) evidence(j *planner.Job) {
	if len(j.Evidence) == 0 {
		return
	}
	m.p("<details><summary>Evidence for each permission</summary>\n\n")
	m.p("| permission | evidence |\n| --- | --- |\n")
	for _, k := range sortedMapKeys(j.Evidence) {
		for _, e := range j.Evidence[k] {
			m.p("| %s | %s |\n", code(k, true), code(e.String(), true))
		}
	}
	m.p("\n</details>\n\n")
}

func (m *mdWriter) rollout() {
	m.p("## Rollout (7 days)\n\n")
	for _, d := range m.plan.Rollout {
		m.p("### Day %d: %s\n\n", d.Day, prose(d.Title))
		for _, t := range d.Tasks {
			m.p("- [ ] %s\n", prose(t))
		}
		m.p("\n")
	}
}

func (m *mdWriter) review() {
	m.p("## Jobs needing review\n\n")
	var list []*planner.Job
	for i := range m.plan.Jobs {
		j := &m.plan.Jobs[i]
		if j.Decision == planner.DecisionManualReview || j.Decision == planner.DecisionNotSupported {
			list = append(list, j)
		}
	}
	if len(list) == 0 {
		m.p("None.\n\n")
		return
	}
	m.p("| repository | workflow | job | credential | decision | what to look at |\n| --- | --- | --- | --- | --- | --- |\n")
	for _, j := range list {
		var look []string
		for _, r := range j.ReviewText() {
			look = append(look, code(r, true))
		}
		if j.Decision == planner.DecisionNotSupported {
			for _, r := range j.Reasons {
				look = append(look, prose(r))
			}
		}
		m.p("| %s | %s | %s | %s | %s | %s |\n", code(j.Repo, true), code(j.File, true), code(j.Job, true), code(j.Credential, true), j.Decision, strings.Join(look, "<br>"))
	}
	m.p("\n")
	for _, j := range list {
		m.job(j)
	}
}

func (m *mdWriter) secrets() {
	if len(m.plan.Secrets) == 0 {
		return
	}
	m.p("## PAT secrets\n\n")
	m.p("| secret | used by jobs | deletable after |\n| --- | ---: | --- |\n")
	for _, s := range m.plan.Secrets {
		m.p("| %s | %d | %s |\n", code(s.Name, true), len(s.UsedBy), prose(s.DeletableAfter))
	}
	m.p("\n")
}

func (m *mdWriter) errors() {
	if len(m.plan.Errors) == 0 {
		return
	}
	m.p("## Inputs that could not be read\n\n")
	m.p("| repository | file | message |\n| --- | --- | --- |\n")
	for _, e := range m.plan.Errors {
		m.p("| %s | %s | %s |\n", code(e.Repo, true), code(e.File, true), code(e.Message, true))
	}
	m.p("\n")
}

func decisionText(j *planner.Job) string {
	if j.App != "" {
		return string(j.Decision) + " (" + code(j.App, true) + ")"
	}
	return string(j.Decision)
}

func jobRef(j *planner.Job) string {
	s := code(j.File, false) + " job " + code(j.Job, false) + " with " + code(j.Credential, false)
	if j.Repo != "" {
		s = code(j.Repo, false) + " " + s
	}
	return s
}

func permList(p map[string]string, inTable bool) string {
	if len(p) == 0 {
		return "none"
	}
	out := PermissionItems(p)
	for i, item := range out {
		out[i] = code(item, inTable)
	}
	return strings.Join(out, ", ")
}

func codeList(list []string, inTable bool) string {
	if len(list) == 0 {
		return "none"
	}
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = code(s, inTable)
	}
	return strings.Join(out, ", ")
}

// code renders untrusted text as an inline code span: no Markdown, HTML,
// autolink or mention is processed inside one. Control characters are
// dropped; in a table cell, pipes are escaped (GFM splits cells on them
// even inside code spans).
func code(s string, inTable bool) string {
	s = strings.ReplaceAll(SanitizeTerminal(s), "\n", " ")
	if strings.TrimSpace(s) == "" {
		return "—"
	}
	if inTable {
		s = strings.ReplaceAll(s, "|", `\|`)
	}
	longest, run := 0, 0
	for _, r := range s {
		if r == '`' {
			run++
			if run > longest {
				longest = run
			}
		} else {
			run = 0
		}
	}
	ticks := strings.Repeat("`", longest+1)
	if longest > 0 || strings.HasPrefix(s, " ") || strings.HasSuffix(s, " ") {
		return ticks + " " + s + " " + ticks
	}
	return ticks + s + ticks
}

// fence renders untrusted text as a fenced code block whose fence is
// longer than any backtick run inside.
func fence(s, lang string) string {
	s = SanitizeBlock(s)
	longest, run := 0, 0
	for _, r := range s {
		if r == '`' {
			run++
			if run > longest {
				longest = run
			}
		} else {
			run = 0
		}
	}
	n := 3
	if longest >= n {
		n = longest + 1
	}
	f := strings.Repeat("`", n)
	if !strings.HasSuffix(s, "\n") {
		s += "\n"
	}
	return f + lang + "\n" + s + f + "\n"
}

// SanitizeBlock removes control characters other than newlines and tabs
// and bidi overrides from multi-line untrusted text.
func SanitizeBlock(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = SanitizeTerminal(l)
	}
	return strings.Join(lines, "\n")
}

// prose escapes text that may carry untrusted parts (repository names in a
// reason) for use as Markdown prose: Markdown punctuation is
// backslash-escaped, HTML characters become entities, and URLs, www. and
// @mentions are broken so GitHub does not turn them into links or pings.
func prose(s string) string {
	s = strings.ReplaceAll(SanitizeTerminal(s), "\n", " ")
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '\\', '`', '*', '_', '[', ']', '(', ')', '#', '!', '~', '|', '{', '}':
			b.WriteByte('\\')
			b.WriteByte(c)
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '&':
			b.WriteString("&amp;")
		case ':':
			if strings.HasPrefix(s[i:], "://") {
				b.WriteString("&#58;")
			} else {
				b.WriteByte(c)
			}
		case '@':
			b.WriteString("@\u200b")
		case '.':
			if i >= 3 && strings.EqualFold(s[i-3:i], "www") {
				b.WriteString("&#46;")
			} else {
				b.WriteByte(c)
			}
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

func sortedMapKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
