package report

import (
	"bufio"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"sort"
	"strings"

	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/planner"
	"github.com/pat2app/pat2app/redact"
)

// WriteMarkdown writes migration-plan.md. Its first page is what a team
// reads first: the summary (with the decision split as a pie chart), the
// Apps to create with their permissions, repositories and rollout day, the
// rollout as a Gantt chart, and what needs a person. The detail follows:
// one short entry per job in its slice (the workbook holds the rest), the
// rollout's tasks, the jobs needing a person, the Apps' manifests, the
// secrets, and the optional GITHUB_TOKEN hardening at the end. It renders
// on GitHub: text from scanned repositories only appears in code spans,
// code blocks or escaped prose, so it can never become a link, HTML or a
// mention.
func WriteMarkdown(w io.Writer, p *planner.Plan) error {
	bw := bufio.NewWriter(w)
	m := &mdWriter{w: bw, plan: p, jobs: map[string]*planner.Job{}, sliceOf: map[string]*planner.Slice{}}
	for i := range p.Jobs {
		m.jobs[p.Jobs[i].Fingerprint] = &p.Jobs[i]
	}
	for i := range p.Slices {
		for _, fp := range p.Slices[i].Jobs {
			m.sliceOf[fp] = &p.Slices[i]
		}
	}
	m.all()
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write migration plan: %w", err)
	}
	return nil
}

// FirstPageEnd is the heading that ends the Markdown plan's first page.
const FirstPageEnd = "## Migration slices"

// jobReviewItems caps the review items one job lists in the Markdown
// detail (a job whose token reaches a large program can have hundreds);
// the rest are counted and named where they are.
const jobReviewItems = 25

// firstPageRows caps the tables of the first page; the detail lists all.
const firstPageRows = 5

type mdWriter struct {
	w       *bufio.Writer
	plan    *planner.Plan
	jobs    map[string]*planner.Job
	sliceOf map[string]*planner.Slice
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
	m.appsTable()
	m.gantt()
	m.needsPerson()
	m.slices()
	m.rollout()
	m.review()
	m.appDetails()
	m.secrets()
	m.hardening()
	m.errors()
}

func (m *mdWriter) summary() {
	s := planner.Summarize(m.plan)
	m.p("## Summary\n\n")
	var kinds []string
	for _, k := range planner.KindsInOrder(s.Kinds) {
		kinds = append(kinds, fmt.Sprintf("%d `%s`", s.Kinds[k], k))
	}
	m.p("- **%s to migrate** (one per job and credential) in **%s** of %s", plural(s.Uses, "credential use"), plural(s.Jobs, "job"), plural(s.Repos, "repository"))
	if len(kinds) > 0 {
		m.p(": %s", strings.Join(kinds, ", "))
	}
	m.p(".\n")
	m.p("- **%s** (GitHub personal access tokens): %d deletable after the rollout", plural(s.PATSecrets, "PAT secret"), s.Deletable)
	switch {
	case s.Unverified == 0:
	case s.Unverified == s.Deletable:
		m.p(" if stored as repository or organisation secrets (a scan of checkouts cannot see secrets)")
	default:
		m.p(" (%d of them if stored as repository or organisation secrets: a scan of checkouts cannot see secrets)", s.Unverified)
	}
	m.p(", %d kept (see [PAT secrets](#pat-secrets))", s.PATSecrets-s.Deletable)
	if s.OtherSecrets > 0 {
		m.p("; %s of unknown use", plural(s.OtherSecrets, "more secret"))
	}
	m.p(".\n")
	m.p("- **%s** to create; **%s a person**", plural(s.Apps, "App"), plural(s.NeedPerson, "use needs", "uses need"))
	if s.HardeningUses > 0 {
		if m.plan.Harden {
			m.p("; GITHUB\\_TOKEN hardening: %s, in the rollout (day 4)", plural(s.HardeningUses, "use"))
		} else {
			m.p("; GITHUB\\_TOKEN hardening, optional: %s ([at the end](#github_token-hardening-optional))", plural(s.HardeningUses, "use"))
		}
	}
	m.p(".\n")
	if s.OfflineOnly > 0 {
		m.p("- **%s in manual review wait only on actions or reusable workflows this scan did not read (offline)**: `--online`, or a scan of the organisation, reads them at their pinned refs and may decide them.\n", plural(s.OfflineOnly, "use", "uses"))
	}
	m.p("\n")
	if s.Uses == 0 {
		return
	}
	m.p("```mermaid\npie title Decisions (job × credential)\n")
	for _, d := range Decisions {
		if n := s.Decisions[d.Decision]; n > 0 {
			m.p("    \"%s (%d)\" : %d\n", d.Decision, n, n)
		}
	}
	m.p("```\n\n")
}

// appDays is the rollout days of an App's jobs.
func (m *mdWriter) appDays(a *planner.App) string {
	days := map[int]bool{}
	for _, fp := range a.Jobs {
		if s := m.sliceOf[fp]; s != nil && s.Day > 0 {
			days[s.Day] = true
		}
	}
	var out []string
	for d := 1; d <= 7; d++ {
		if days[d] {
			out = append(out, fmt.Sprintf("day %d", d))
		}
	}
	if len(out) == 0 {
		return "—"
	}
	return strings.Join(out, ", ")
}

func (m *mdWriter) appsTable() {
	m.p("## Apps to create (day 2)\n\n")
	if len(m.plan.Apps) == 0 {
		m.p("No job needs a new GitHub App.\n\n")
		return
	}
	m.p("| App | permissions | install on | jobs migrate on |\n| --- | --- | --- | --- |\n")
	for i := range m.plan.Apps {
		a := &m.plan.Apps[i]
		repos := a.Repositories
		more := ""
		if len(repos) > firstPageRows {
			repos, more = repos[:firstPageRows], fmt.Sprintf(" and %d more", len(repos)-firstPageRows)
		}
		m.p("| %s | %s | %s%s | %s |\n", code(a.Name, true), permList(a.Permissions, true), codeList(repos, true), more, m.appDays(a))
	}
	m.p("\nOne App per trust level and organisation; each job's token is narrowed to its own permissions. Create each from `apps/<name>.manifest.json`, install it on the listed repositories only, and store its client ID and private key as the variable and secret in [App details](#app-details).\n\n")
}

func (m *mdWriter) gantt() {
	m.p("## Rollout\n\n")
	m.p("```mermaid\ngantt\n    dateFormat YYYY-MM-DD\n    axisFormat day %%e\n")
	slicesOn := map[int][]string{}
	for _, s := range m.plan.Slices {
		slicesOn[s.Day] = append(slicesOn[s.Day], MermaidText(s.Name))
	}
	for _, d := range m.plan.Rollout {
		name := MermaidText(d.Title)
		switch {
		case len(slicesOn[d.Day]) > 0:
			name = "Migrate " + strings.Join(slicesOn[d.Day], ", ")
		case d.Day == 3 || d.Day == 4:
			name = "Watch the migrated workflows"
		}
		m.p("    %s :d%d, 2000-01-%02d, 1d\n", name, d.Day, d.Day)
	}
	m.p("```\n\n")
}

// placed renders evidence as file:line: text, with the job's file when the
// evidence is in it.
func placed(j *planner.Job, e inventory.Evidence) string {
	if e.Line <= 0 {
		return e.Text
	}
	if e.File == "" {
		e.File = j.File
	}
	return e.Located()
}

func (m *mdWriter) needPerson() []*planner.Job {
	var list []*planner.Job
	for i := range m.plan.Jobs {
		j := &m.plan.Jobs[i]
		if j.Migrates() && planner.NeedsPerson(j) {
			list = append(list, j)
		}
	}
	return list
}

func (m *mdWriter) needsPerson() {
	list := m.needPerson()
	m.p("## Needs a person\n\n")
	if h := planner.Summarize(m.plan).HardeningNeedPerson; h > 0 {
		// They are listed with the hardening at the end; a reader of
		// this section alone must not take "nothing" for all.
		verb := "need"
		if h == 1 {
			verb = "needs"
		}
		defer m.p("%s to harden (GITHUB\\_TOKEN and App tokens) %s a person as well: see [GITHUB\\_TOKEN hardening](#github_token-hardening-optional).\n\n", plural(h, "credential use"), verb)
	}
	if len(list) == 0 {
		m.p("Nothing: every credential use to migrate has a decision.\n\n")
		return
	}
	m.p("| job | credential | decision | what to look at |\n| --- | --- | --- | --- |\n")
	// A longer list gives its last row to the line that points to the
	// rest, so the section never takes more lines than a full table.
	rows := len(list)
	if rows > firstPageRows {
		rows = firstPageRows - 1
	}
	for i, j := range list {
		if i == rows {
			m.p("\n%d more in [Jobs needing a person](#jobs-needing-a-person).\n", len(list)-rows)
			break
		}
		look := reviewItems(j)
		first := "—"
		if len(look) > 0 {
			first = code(look[0], true)
			if len(look) > 1 {
				first += fmt.Sprintf(" and %d more", len(look)-1)
			}
		}
		m.p("| %s | %s | %s | %s |\n", jobCell(j), code(j.Credential, true), j.Decision, first)
	}
	m.p("\n")
}

// lookCell is a table cell with every review item of a job, one a line.
func lookCell(j *planner.Job) string {
	var look []string
	for _, r := range reviewItems(j) {
		look = append(look, code(r, true))
	}
	return strings.Join(look, "<br>")
}

// jobCell names a job in a table: repository, file:line and job.
func jobCell(j *planner.Job) string {
	where := j.File
	if len(j.Lines) > 0 && j.Lines[0] > 0 {
		where = fmt.Sprintf("%s:%d", j.File, j.Lines[0])
	}
	s := code(where, true) + " " + code(j.Job, true)
	if j.Repo != "" {
		s = code(j.Repo, true) + " " + s
	}
	return s
}

func (m *mdWriter) slices() {
	m.p("%s\n\n", FirstPageEnd)
	if len(m.plan.Slices) == 0 {
		m.p("Nothing to migrate automatically.\n\n")
		return
	}
	m.p("One slice per workflow family, least risky first. Each job's change, reasons and evidence are in the collapsed entries; the workbook has every operation.\n\n")
	for i, s := range m.plan.Slices {
		m.p("### Slice %d: %s (day %d)\n\n", i+1, s.Name, s.Day)
		m.p("| job | credential | change | permissions |\n| --- | --- | --- | --- |\n")
		for _, fp := range s.Jobs {
			if j := m.jobs[fp]; j != nil {
				m.p("| %s | %s | %s | %s |\n", jobCell(j), code(j.Credential, true), changeText(j, m.jobs), jobPermCell(j))
			}
		}
		m.p("\n")
		for _, fp := range s.Jobs {
			if j := m.jobs[fp]; j != nil {
				m.job(j)
			}
		}
		if len(s.Deletable) > 0 {
			m.p("**Secrets deletable after this slice:** %s\n\n", codeList(s.Deletable, false))
		}
		m.p("**Rollback:** %s\n\n", prose(s.Rollback))
	}
}

// changeText says in a table cell what the job becomes.
func changeText(j *planner.Job, jobs map[string]*planner.Job) string {
	switch {
	case len(j.Calls) > 0:
		var to []string
		for _, fp := range j.Calls {
			if c := jobs[fp]; c != nil {
				to = append(to, code(c.File, true)+" "+code(c.Job, true))
			}
		}
		return "passes it to " + strings.Join(to, ", ")
	case j.Decision == planner.DecisionGitHubToken:
		return "GITHUB\\_TOKEN"
	case j.App != "":
		return "App " + code(j.App, true)
	}
	return string(j.Decision)
}

// job renders one job's change, collapsed: why, notes, the step or block
// to add, what to replace and the evidence for each permission.
func (m *mdWriter) job(j *planner.Job) {
	m.p("#### %s\n\n<details><summary>Change, reasons and evidence</summary>\n\n", jobRef(j))
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
	items := reviewItems(j)
	for i, r := range items {
		if i == jobReviewItems && len(items) > jobReviewItems+1 {
			m.p("- Look at: %d more items, each in plan.json (`jobs[].review`) and the workbook's Inventory sheet\n", len(items)-i)
			break
		}
		m.p("- Look at: %s\n", code(r, false))
	}
	if j.Fallback != "" {
		m.p("- Fallback: %s\n", prose(j.Fallback))
	}
	for _, k := range sortedMapKeys(j.Evidence) {
		var ev []string
		for _, e := range j.Evidence[k] {
			ev = append(ev, code(e.String(), false))
		}
		m.p("- %s: %s\n", code(k, false), strings.Join(ev, "; "))
	}
	m.p("\n")
	switch {
	case len(j.Calls) > 0:
		m.p("This job calls a reusable workflow: the change goes into the called jobs (%s); pass them what their token step reads instead of the personal access token.\n\n", changeText(j, m.jobs))
	case j.PermissionsBlock != "":
		m.p("Add this block to the job:\n\n%s\n", fence(j.PermissionsBlock, "yaml"))
	case j.Snippet != "":
		m.p("Add this step before the first step that uses the token:\n\n%s\n", fence(j.Snippet, "yaml"))
	}
	if len(j.Calls) == 0 {
		for _, r := range j.Replace {
			m.p("Replace %s\n\n", code(r, false))
		}
	}
	m.p("</details>\n\n")
}

func (m *mdWriter) rollout() {
	m.p("## Rollout tasks\n\n")
	for _, d := range m.plan.Rollout {
		m.p("### Day %d: %s\n\n", d.Day, prose(d.Title))
		for _, t := range d.Tasks {
			m.p("- [ ] %s\n", prose(t))
		}
		m.p("\n")
	}
}

func (m *mdWriter) review() {
	list := m.needPerson()
	if len(list) == 0 {
		return
	}
	m.p("## Jobs needing a person\n\n")
	m.p("| job | credential | decision | what to look at |\n| --- | --- | --- | --- |\n")
	for _, j := range list {
		m.p("| %s | %s | %s | %s |\n", jobCell(j), code(j.Credential, true), j.Decision, lookCell(j))
	}
	m.p("\n")
	for _, j := range list {
		m.job(j)
	}
}

func (m *mdWriter) appDetails() {
	if len(m.plan.Apps) == 0 {
		return
	}
	m.p("## App details\n\n")
	for _, a := range m.plan.Apps {
		m.p("### App %s\n\n", code(a.Name, false))
		m.p("- Trust level: %s; permissions: %s (and the implied `metadata: read`)\n", a.TrustLevel, permList(a.Permissions, false))
		m.p("- Install on: %s\n", codeList(a.Repositories, false))
		m.p("- Store its client ID as the variable %s and its private key as the secret %s.\n", code(a.Variable, false), code(a.Secret, false))
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

func (m *mdWriter) secrets() {
	if len(m.plan.Secrets) == 0 {
		return
	}
	m.p("## PAT secrets\n\n")
	m.p("| secret | kind | used by (job × credential) | deletable | defined in |\n| --- | --- | ---: | --- | --- |\n")
	for _, s := range m.plan.Secrets {
		kind := "—"
		if s.Kind != "" {
			kind = "`" + string(s.Kind) + "`"
		}
		defined := "not known"
		if len(s.DefinedIn) > 0 {
			defined = codeList(s.DefinedIn, true)
		}
		m.p("| %s | %s | %d | %s | %s |\n", code(s.Name, true), kind, len(s.UsedBy), prose(s.DeletableAfter), defined)
	}
	m.p("\n")
}

func (m *mdWriter) hardening() {
	var list []*planner.Job
	for i := range m.plan.Jobs {
		if j := &m.plan.Jobs[i]; !j.Migrates() {
			list = append(list, j)
		}
	}
	if len(list) == 0 {
		return
	}
	m.p("## GITHUB_TOKEN hardening (optional)\n\n")
	if m.plan.Harden {
		m.p("These jobs already use GITHUB\\_TOKEN or an App token; narrowing them is in the rollout (slice %s, day 4).\n\n", code(planner.HardeningSlice, false))
	} else {
		m.p("These jobs already use GITHUB\\_TOKEN or an App token: nothing to migrate. Narrowing them is optional and not in the rollout (`pat2app plan --harden` adds it).\n\n")
	}
	m.p("| job | credential | decision | permissions |\n| --- | --- | --- | --- |\n")
	var person []*planner.Job
	for _, j := range list {
		m.p("| %s | %s | %s | %s |\n", jobCell(j), code(j.Credential, true), decisionText(j), jobPermCell(j))
		if planner.NeedsPerson(j) {
			person = append(person, j)
		}
	}
	m.p("\n")
	if len(person) == 0 {
		return
	}
	// The section "Needs a person" sends its reader here for these.
	m.p("What a person must read before narrowing these:\n\n")
	m.p("| job | credential | what to look at |\n| --- | --- | --- |\n")
	for _, j := range person {
		m.p("| %s | %s | %s |\n", jobCell(j), code(j.Credential, true), lookCell(j))
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
		file := e.File
		if e.Line > 0 {
			file = fmt.Sprintf("%s:%d", e.File, e.Line)
		}
		m.p("| %s | %s | %s |\n", code(e.Repo, true), code(file, true), code(e.Message, true))
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

// jobPermCell is a job's permissions in a table: for a token kept as it
// is because part of its use is not read, those seen, marked so.
func jobPermCell(j *planner.Job) string {
	if j.NotNarrowed {
		return permList(j.Permissions, true) + " (seen; kept as it is, not narrowed: parts are not read)"
	}
	return permList(j.Permissions, true)
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
	// Redacted before escaping: an escaped underscore would hide a token
	// from the redaction of the output stream.
	s = strings.ReplaceAll(redact.String(SanitizeTerminal(s)), "\n", " ")
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

// plural is "1 job", "2 jobs"; with a second word, that is the plural.
func plural(n int, one string, many ...string) string {
	if n == 1 {
		return "1 " + one
	}
	if len(many) > 0 {
		return fmt.Sprintf("%d %s", n, many[0])
	}
	if strings.HasSuffix(one, "y") {
		return fmt.Sprintf("%d %sies", n, strings.TrimSuffix(one, "y"))
	}
	return fmt.Sprintf("%d %ss", n, one)
}
