package status

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/pat2app/pat2app/report"
)

// WriteJSON writes the report for dashboards.
func WriteJSON(w io.Writer, r *Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(r); err != nil {
		return fmt.Errorf("encode the status: %w", err)
	}
	return nil
}

// Verdict says in one sentence where the week stands.
func Verdict(r *Report) string {
	switch {
	case r.Overdue > 0:
		return fmt.Sprintf("%d job(s) planned for an earlier day still use the credential the plan replaces", r.Overdue)
	case r.NotScanned > 0:
		return fmt.Sprintf("On track as far as this scan shows; %d planned job(s) are in repositories it did not read", r.NotScanned)
	}
	return "On track"
}

// WriteMarkdown writes the status: a Mermaid Gantt chart of the week,
// then slices, jobs not done, PAT secrets and jobs outside the rollout.
func WriteMarkdown(w io.Writer, r *Report) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# Migration status: day %d\n\n", r.Day)
	fmt.Fprintf(&b, "**%s.**", Verdict(r))
	if !r.Complete {
		b.WriteString(" The scan could not read some inputs: see its errors.")
	}
	b.WriteString("\n\n")
	r.gantt(&b)

	b.WriteString("## Slices\n\n| day | slice | jobs | done | pending | not scanned | state |\n| --- | --- | --- | --- | --- | --- | --- |\n")
	for _, s := range r.Slices {
		fmt.Fprintf(&b, "| %d | %s | %d | %d | %d | %d | %s |\n", s.Day, report.MarkdownCode(s.Name, true), s.Jobs, s.Done, s.Pending, s.NotScanned, s.State)
	}

	b.WriteString("\n## Jobs not done\n\n")
	var rows []string
	for _, j := range r.Jobs {
		if j.State.done() {
			continue
		}
		state := string(j.State)
		if j.Overdue {
			state = "**overdue** (due day " + fmt.Sprint(j.Day) + ")"
		}
		rows = append(rows, fmt.Sprintf("| %d | %s | %s | %s | %s | %s |", j.Day, report.MarkdownCode(j.Slice, true),
			report.MarkdownCode(j.Repo+":"+j.File+":"+j.Job, true), report.MarkdownCode(j.Credential, true), state, report.MarkdownCodeList(j.Uses, true)))
	}
	if len(rows) == 0 {
		b.WriteString("None: every planned job of the rollout is migrated.\n")
	} else {
		b.WriteString("| day | slice | job | planned credential | state | uses now |\n| --- | --- | --- | --- | --- | --- |\n")
		b.WriteString(strings.Join(rows, "\n") + "\n")
	}

	b.WriteString("\n## PAT secrets (the day 5 check)\n\n")
	if !r.SecretsKnown {
		b.WriteString("Where the secrets are defined is not known from a local scan: scan with `--org` to see it.\n\n")
	}
	b.WriteString("| secret | deletable after | state | still read by | defined in |\n| --- | --- | --- | --- | --- |\n")
	for _, s := range r.Secrets {
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |\n", report.MarkdownCode(s.Name, true), report.MarkdownProse(s.DeletableAfter), s.State,
			report.MarkdownCodeList(s.ReferencedBy, true), report.MarkdownCodeList(s.DefinedIn, true))
	}
	if len(r.Inherit) > 0 {
		fmt.Fprintf(&b, "\nThese jobs pass every secret on (`secrets: inherit`); a PAT secret may be read in a reusable workflow this scan did not follow: %s.\n", report.MarkdownCodeList(r.Inherit, true))
	}

	if len(r.Outside) > 0 {
		b.WriteString("\n## Outside the rollout\n\nJobs the rollout does not migrate: review them, or they already use GITHUB_TOKEN or an App (narrowing those is optional: `plan --harden`).\n\n| job | credential | decision | state |\n| --- | --- | --- | --- |\n")
		for _, j := range r.Outside {
			state := string(j.State)
			if j.State == StatePending {
				state = "still used"
			}
			fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", report.MarkdownCode(j.Repo+":"+j.File+":"+j.Job, true), report.MarkdownCode(j.Credential, true), j.Decision, state)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// ganttTask is one bar of the chart; tag is done, active, crit or "".
type ganttTask struct{ name, tag string }

// gantt draws the week: the plan's days, each slice on its day marked
// done, active or critical (overdue), and the secrets' deletion on day 5.
func (r *Report) gantt(b *strings.Builder) {
	start, err := time.Parse("2006-01-02", r.Start)
	if err != nil {
		return
	}
	b.WriteString("```mermaid\ngantt\n")
	fmt.Fprintf(b, "    title Migration week, day %d\n    dateFormat YYYY-MM-DD\n    axisFormat %%a %%d\n", r.Day)
	slicesOn := map[int][]Slice{}
	for _, s := range r.Slices {
		slicesOn[s.Day] = append(slicesOn[s.Day], s)
	}
	n := 0
	for _, d := range r.Rollout {
		fmt.Fprintf(b, "    section Day %d\n", d.Day)
		var tasks []ganttTask
		for _, s := range slicesOn[d.Day] {
			tasks = append(tasks, ganttTask{fmt.Sprintf("%s %d of %d done", report.MermaidText(s.Name), s.Done, s.Jobs), ganttTag(s.State)})
		}
		if d.Day == 5 {
			tasks = append(tasks, r.secretsTask())
		}
		if len(tasks) == 0 {
			tasks = append(tasks, ganttTask{name: report.MermaidText(d.Title)})
		}
		date := start.AddDate(0, 0, d.Day-1).Format("2006-01-02")
		for _, t := range tasks {
			n++
			tag := ""
			if t.tag != "" {
				tag = t.tag + ", "
			}
			fmt.Fprintf(b, "    %s :%st%d, %s, 1d\n", t.name, tag, n, date)
		}
	}
	b.WriteString("```\n\n")
}

// secretsTask is day 5's bar: done when an organisation scan finds every
// PAT secret deleted, critical after day 5 while any is still read.
func (r *Report) secretsTask() ganttTask {
	referenced, gone := 0, 0
	for _, s := range r.Secrets {
		switch s.State {
		case "referenced":
			referenced++
		case "deleted":
			gone++
		}
	}
	t := ganttTask{name: fmt.Sprintf("delete PAT secrets, %d still read", referenced)}
	switch {
	case len(r.Secrets) > 0 && gone == len(r.Secrets):
		t.tag = "done"
	case referenced > 0 && r.Day > 5:
		t.tag = "crit"
	case r.Day == 5:
		t.tag = "active"
	}
	return t
}

func ganttTag(state string) string {
	switch state {
	case "done":
		return "done"
	case "overdue":
		return "crit"
	case "in_progress":
		return "active"
	}
	return ""
}
