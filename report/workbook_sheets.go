package report

import (
	"fmt"
	"sort"
	"strings"

	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/planner"
)

// Inventory columns (1-based positions used for the drop-downs).
var inventoryCols = []column{
	{header: "Repo", width: 20},
	{header: "Location", width: 40},
	{header: "Job", width: 22},
	{header: "Credential", width: 26},
	{header: "Kind", width: 13},
	{header: "Part", width: 11},
	{header: "Confidence", width: 11},
	{header: "Operations", width: 48, style: "wrap"},
	{header: "Cross-repo targets", width: 24, style: "wrap"},
	{header: "Decision", width: 15},
	{header: "App", width: 18},
	{header: "Permissions", width: 32, style: "wrap"},
	{header: "To review", width: 48, style: "wrap"},
	{header: "Warnings", width: 40, style: "wrap"},
	{header: HeaderOwner, width: 18, style: "edit"},
	{header: HeaderBusinessCritical, width: 11, style: "edit"},
	{header: HeaderStatus, width: 12, style: "edit"},
	{header: HeaderNotes, width: 40, style: "edit"},
	{header: HeaderFingerprint, width: 20, style: "grey"},
}

const (
	invColBusinessCritical = 16
	invColStatus           = 17
)

func (b *workbook) annotationFor(fp string) planner.Annotation {
	a := b.opts.Annotations[fp]
	if j, ok := b.jobs[fp]; ok {
		if j.Owner != "" {
			a.Owner = j.Owner
		}
		if j.BusinessCritical {
			a.BusinessCritical = true
		}
		if j.Status != "" {
			a.Status = j.Status
		}
		if j.Notes != "" {
			a.Notes = j.Notes
		}
	}
	if a.Status == "" {
		a.Status = planner.StatusTodo
	}
	return a
}

func (b *workbook) writeInventory() error {
	s, err := b.newSheet(SheetInventory, inventoryCols)
	if err != nil {
		return err
	}
	for i := range b.findings {
		f := &b.findings[i]
		var decision, app, perms string
		var warnings, review []string
		part := string(planner.PartOf(f.Kind))
		if j := b.jobs[f.Fingerprint]; j != nil {
			decision, app, perms, warnings = string(j.Decision), j.App, PermissionsText(j.Permissions), j.Warnings
			review = reviewItems(j)
		}
		a := b.annotationFor(f.Fingerprint)
		bc := ""
		if a.BusinessCritical {
			bc = "yes"
		}
		ops := make([]string, 0, len(f.Operations))
		seen := map[string]bool{}
		for _, op := range f.Operations {
			t := op.Label()
			if !seen[t] {
				seen[t] = true
				ops = append(ops, t)
			}
		}
		if len(f.Unresolved) > 0 {
			ops = append(ops, fmt.Sprintf("%d unresolved", len(f.Unresolved)))
		}
		kindStyle := ""
		if f.Kind == inventory.KindLeakedToken {
			kindStyle = "riskRed"
		}
		if err := s.add(
			txt(f.Repo),
			b.location(f.Repo, f.File, firstLine(f.Lines)),
			txt(f.Job),
			txt(f.Credential),
			cell{v: string(f.Kind), style: kindStyle},
			txt(part),
			txt(f.Confidence),
			cell{v: lines(ops)},
			cell{v: lines(f.TargetRepos)},
			txt(decision),
			txt(app),
			txt(perms),
			cell{v: lines(review)},
			cell{v: lines(warnings)},
			txt(a.Owner),
			cell{v: bc},
			txt(a.Status),
			txt(a.Notes),
			txt(f.Fingerprint),
		); err != nil {
			return err
		}
	}
	if err := s.colorStatus(invColStatus, planner.JobStatuses); err != nil {
		return err
	}
	return s.finish(
		dropDown{col: invColBusinessCritical, values: []string{"yes", "no"}, prompt: "yes: migrate this job first"},
		dropDown{col: invColStatus, values: planner.JobStatuses, prompt: "todo, migrating, migrated, or kept (stays on a PAT on purpose)"},
	)
}

// reviewItems is what a person must look at for a job the plan cannot
// decide: each review item at file:line (the callee's file for what a
// reusable workflow does), those with a line first, then what concerns
// the whole job; for a job GitHub Apps cannot do, why.
func reviewItems(j *planner.Job) []string {
	if !planner.NeedsPerson(j) {
		return nil
	}
	var located, whole []string
	for _, e := range j.Review {
		if e.Line > 0 {
			located = append(located, placed(j, e))
		} else {
			whole = append(whole, e.Text)
		}
	}
	out := append(located, whole...)
	if j.Decision == planner.DecisionNotSupported {
		out = append(out, j.Reasons...)
	}
	return out
}

// permLetter is the matrix cell for an access level.
func permLetter(access string) (string, string) {
	switch access {
	case "read":
		return "R", "read"
	case "write":
		return "W", "write"
	case "admin":
		return "A", "admin"
	case "":
		return "", ""
	default:
		return strings.ToUpper(access[:1]), "write"
	}
}

func (b *workbook) writePermissions() error {
	names := map[string]bool{}
	for _, j := range b.plan.Jobs {
		for p := range j.Permissions {
			names[p] = true
		}
	}
	perms := make([]string, 0, len(names))
	for p := range names {
		perms = append(perms, p)
	}
	sort.Strings(perms)
	cols := []column{
		{header: "Repo", width: 20},
		{header: "Location", width: 40},
		{header: "Job", width: 22},
		{header: "Credential", width: 24},
		{header: "Decision", width: 15},
		{header: "App", width: 18},
	}
	hs := make([]string, len(cols))
	// The permission headers are rotated; the row is as tall as the
	// longest name (about 6.5 points a character).
	height := 30.0
	for _, p := range perms {
		cols = append(cols, column{header: p, width: 5})
		hs = append(hs, "headerRotated")
		height = max(height, 6.5*float64(len(p))+12)
	}
	s, err := b.newSheetHeight(SheetPermissions, cols, min(height, 409), hs...)
	if err != nil {
		return err
	}
	for i := range b.plan.Jobs {
		j := &b.plan.Jobs[i]
		row := []cell{
			txt(j.Repo), b.location(j.Repo, j.File, firstLine(j.Lines)), txt(j.Job), txt(j.Credential),
			txt(string(j.Decision)), txt(j.App),
		}
		for _, p := range perms {
			letter, style := permLetter(j.Permissions[p])
			row = append(row, cell{v: letter, style: style})
		}
		if err := s.add(row...); err != nil {
			return err
		}
	}
	return s.finish()
}

func (b *workbook) writeApps() error {
	s, err := b.newSheet(SheetApps, []column{
		{header: "App", width: 22},
		{header: "Trust level", width: 16},
		{header: "Permissions", width: 34, style: "wrap"},
		{header: "Repositories", width: 30, style: "wrap"},
		{header: "Client ID variable", width: 30},
		{header: "Private key secret", width: 30},
		{header: "Jobs", width: 7, style: "num"},
		{header: "Job list", width: 60, style: "wrap"},
	})
	if err != nil {
		return err
	}
	for _, a := range b.plan.Apps {
		perms := PermissionItems(a.Permissions)
		labels := make([]string, len(a.Jobs))
		for i, fp := range a.Jobs {
			labels[i] = b.jobLabel(fp)
		}
		if err := s.add(txt(a.Name), txt(a.TrustLevel), cell{v: lines(perms)},
			cell{v: listCell(cellTexts(a.Repositories), "\n", "the Inventory sheet lists every job: filter its App column")},
			txt(a.Variable), txt(a.Secret), cell{v: len(a.Jobs)},
			cell{v: listCell(labels, "\n", "the Inventory sheet lists every job: filter its App column")}); err != nil {
			return err
		}
	}
	return s.finish()
}

// repeatLimit is the longest text a row repeats from the row above: a
// longer one (a secret defined in many places, or needed by many jobs) is
// written once, in a secret's first row, and the rows after it give a count
// and that row's number.
const repeatLimit = 200

func (b *workbook) writeSecrets() error {
	s, err := b.newSheet(SheetSecrets, []column{
		{header: "Secret", width: 22},
		{header: "Kind", width: 10},
		{header: "Defined in", width: 22, style: "wrap"},
		{header: "Deletable after", width: 18},
		{header: "Jobs using it", width: 8, style: "num"},
		{header: "Repo", width: 20},
		{header: "Location", width: 40},
		{header: "Job", width: 22},
		{header: "Decision", width: 15},
		{header: "Owner", width: 18},
	})
	if err != nil {
		return err
	}
	for _, sec := range b.plan.Secrets {
		// Each text once per secret, not once per row.
		name := txt(sec.Name)
		first := s.row + 1
		defined := cell{v: listCell(cellTexts(sec.DefinedIn), "\n", "the organisation's secret settings list every place")}
		definedNext := defined
		if len(sec.DefinedIn) == 0 {
			defined = cell{v: "(not known)", style: "grey"}
			definedNext = defined
		} else if cellUnits(defined.v.(string)) > repeatLimit {
			definedNext = cell{v: fmt.Sprintf("%d places (listed in row %d)", len(sec.DefinedIn), first)}
		}
		kind := txt(string(sec.Kind))
		deletable, deletableNext := b.deletableText(sec, first)
		if len(sec.UsedBy) == 0 {
			if err := s.add(name, kind, defined, deletable, cell{v: 0}); err != nil {
				return err
			}
			continue
		}
		for i, fp := range sec.UsedBy {
			if i == 1 {
				defined, deletable = definedNext, deletableNext
			}
			j := b.jobs[fp]
			if j == nil {
				if err := s.add(name, kind, defined, deletable, cell{v: len(sec.UsedBy)}, cell{}, cell{}, txt(fp)); err != nil {
					return err
				}
				continue
			}
			if err := s.add(name, kind, defined, deletable, cell{v: len(sec.UsedBy)},
				txt(j.Repo), b.location(j.Repo, j.File, firstLine(j.Lines)), txt(j.Job), txt(string(j.Decision)),
				txt(b.annotationFor(fp).Owner)); err != nil {
				return err
			}
		}
	}
	return s.finish()
}

// deletableText is a secret's "Deletable after" cell for its first row
// (row first) and for the rows after it.
func (b *workbook) deletableText(sec planner.SecretPlan, first int) (cell, cell) {
	text := cellText(sec.DeletableAfter)
	if cellUnits(text) <= repeatLimit {
		return cell{v: text}, cell{v: text}
	}
	jobs := fmt.Sprintf("%d jobs", len(sec.KeptBy))
	if len(sec.KeptBy) == 1 {
		jobs = "1 job"
	}
	if cellUnits(text) > maxCellChars {
		note := fmt.Sprintf(" … [cut: a cell holds %d characters; the %s that keep it are rows of this secret]", maxCellChars, jobs)
		head := cutUnits(text, maxCellChars-cellUnits(note))
		if i := strings.LastIndex(head, ", "); i > 0 {
			head = head[:i]
		}
		text = head + note
	}
	next := fmt.Sprintf("(see row %d)", first)
	if sec.Deletion == planner.DeletionBlocked && len(sec.KeptBy) > 0 {
		next = fmt.Sprintf("not yet: kept by %s (listed in row %d)", jobs, first)
	}
	return cell{v: text}, cell{v: next}
}

// cellTexts is cellText of each value.
func cellTexts(vals []string) []string {
	out := make([]string, len(vals))
	for i, v := range vals {
		out[i] = cellText(v)
	}
	return out
}

func (b *workbook) writeRollout() error {
	s, err := b.newSheet(SheetRollout, []column{
		{header: "Step", width: 6, style: "num"},
		{header: "Day", width: 6, style: "num"},
		{header: "Phase", width: 28},
		{header: "Task", width: 70, style: "wrap"},
		{header: "Status", width: 12, style: "edit"},
		{header: "Owner", width: 18, style: "edit"},
		{header: "Notes", width: 36, style: "edit"},
	})
	if err != nil {
		return err
	}
	step := 0
	for _, d := range b.plan.Rollout {
		for _, t := range d.Tasks {
			step++
			if err := s.add(cell{v: step}, cell{v: d.Day}, txt(d.Title), txt(t), cell{v: "todo"}, cell{}, cell{}); err != nil {
				return err
			}
		}
	}
	// The slices in migration order, business-critical jobs first
	// (the planner orders them by the annotations), one task per job.
	for _, sl := range b.plan.Slices {
		for _, fp := range sl.Jobs {
			step++
			task := "Migrate " + b.jobLabel(fp)
			status := "todo"
			owner := ""
			if j := b.jobs[fp]; j != nil {
				task += " (" + string(j.Decision)
				if j.App != "" {
					task += ", App " + cellText(j.App)
				}
				task += ")"
				a := b.annotationFor(fp)
				owner = a.Owner
				if a.BusinessCritical {
					task += " [business critical]"
				}
				switch a.Status {
				case planner.StatusMigrated:
					status = "done"
				case planner.StatusKept:
					status = "skipped"
				case planner.StatusMigrating:
					status = "in progress"
				}
			}
			if err := s.add(cell{v: step}, cell{}, txt("slice "+sl.Name), cell{v: task}, cell{v: status}, txt(owner), cell{}); err != nil {
				return err
			}
		}
		if len(sl.Deletable) > 0 {
			step++
			task := "Delete secrets: " + listCell(cellTexts(sl.Deletable), ", ", "the Secrets sheet lists them")
			if sl.Rollback != "" {
				task += " (rollback: " + sl.Rollback + ")"
			}
			if err := s.add(cell{v: step}, cell{}, txt("slice "+sl.Name), txt(task), cell{v: "todo"}, cell{}, cell{}); err != nil {
				return err
			}
		}
	}
	if err := s.colorStatus(5, taskStatuses); err != nil {
		return err
	}
	return s.finish(dropDown{col: 5, values: taskStatuses})
}

// writeEvidence writes the Evidence sheet: one row per operation that
// needs a permission, linked to its line.
func (b *workbook) writeEvidence() error {
	s, err := b.newSheet(SheetEvidence, []column{
		{header: "Repo", width: 20},
		{header: "Location", width: 40},
		{header: "Job", width: 22},
		{header: "Permission", width: 26},
		{header: "Access", width: 8},
		{header: "Evidence", width: 60, style: "wrap"},
		{header: "Decision", width: 15},
		{header: HeaderFingerprint, width: 20, style: "grey"},
	})
	if err != nil {
		return err
	}
	for i := range b.plan.Jobs {
		j := &b.plan.Jobs[i]
		keys := make([]string, 0, len(j.Evidence))
		for k := range j.Evidence {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			name, access, _ := strings.Cut(k, ":")
			for _, ev := range j.Evidence[k] {
				// The operation's own access; the job is granted the
				// highest of its operations' (Permissions sheet).
				opAccess := access
				if ev.Needs != "" {
					opAccess = ev.Needs
				}
				if err := s.add(txt(j.Repo), b.evidenceLocation(j.Repo, j.File, ev.Evidence), txt(j.Job), txt(name), txt(opAccess),
					txt(ev.Text), txt(string(j.Decision)), txt(j.Fingerprint)); err != nil {
					return err
				}
			}
		}
	}
	// Without a plan, the inventory's operations; with one, what the plan
	// could not map: the unresolved uses.
	for i := range b.findings {
		f := &b.findings[i]
		decision := ""
		if j := b.jobs[f.Fingerprint]; j != nil {
			decision = string(j.Decision)
		} else if len(b.plan.Jobs) == 0 {
			for _, op := range f.Operations {
				if err := s.add(txt(f.Repo), b.evidenceLocation(f.Repo, f.File, op.Evidence), txt(f.Job), txt("(not planned)"), cell{},
					txt(op.Label()+": "+op.Evidence.Located()), cell{}, txt(f.Fingerprint)); err != nil {
					return err
				}
			}
		}
		for _, u := range f.Unresolved {
			text := u.Evidence.Located()
			if u.Reason != "" {
				text += " (" + u.Reason + ")"
			}
			if err := s.add(txt(f.Repo), b.evidenceLocation(f.Repo, f.File, u.Evidence), txt(f.Job), txt("(unresolved)"), cell{},
				txt(text), txt(decision), txt(f.Fingerprint)); err != nil {
				return err
			}
		}
	}
	return s.finish()
}

// ---- Summary ----

// maxRisksPerKind caps the rows of one kind of risk on the Summary sheet.
const maxRisksPerKind = 100

type risk struct {
	kind            string
	repo, file, job string
	line            int
	detail          string
}

// isOrgAdmin reports an organisation-level permission with write or admin
// access, or any admin access.
func isOrgAdmin(name, access string) bool {
	if access == "admin" {
		return true
	}
	if access != "write" {
		return false
	}
	return strings.HasPrefix(name, "organization_") || name == "members"
}

// outlivesToken reports a planner warning about the one-hour token.
func outlivesToken(w string) bool {
	l := strings.ToLower(w)
	return strings.Contains(l, "hour") || strings.Contains(l, "expire") || strings.Contains(l, "timeout")
}

func (b *workbook) risks() []risk {
	var out []risk
	for i := range b.findings {
		f := &b.findings[i]
		if f.Kind == inventory.KindLeakedToken {
			out = append(out, risk{"Leaked token", f.Repo, f.File, f.Job, firstLine(f.Lines), "literal token " + f.Credential + " committed: revoke it"})
		}
	}
	for i := range b.plan.Jobs {
		j := &b.plan.Jobs[i]
		var admin []string
		for name, access := range j.Permissions {
			if isOrgAdmin(name, access) {
				admin = append(admin, name+": "+access)
			}
		}
		if len(admin) > 0 {
			sort.Strings(admin)
			out = append(out, risk{"Org admin permission", j.Repo, j.File, j.Job, firstLine(j.Lines), strings.Join(admin, ", ")})
		}
	}
	for i := range b.plan.Jobs {
		j := &b.plan.Jobs[i]
		// Other warnings are in the Inventory sheet's Warnings column.
		for _, w := range j.Warnings {
			if outlivesToken(w) {
				out = append(out, risk{"Outlives one-hour token", j.Repo, j.File, j.Job, firstLine(j.Lines), w})
			}
		}
	}
	// What the migration could not resolve: GitHub credentials only, each
	// at the first line that shows it (in the callee's file for a
	// reusable workflow's); what concerns the whole job is in the
	// Inventory sheet's To review column.
	for i := range b.findings {
		f := &b.findings[i]
		if !b.migrates(f) {
			continue
		}
		var first *inventory.Unresolved
		for k := range f.Unresolved {
			if f.Unresolved[k].Evidence.Line > 0 {
				first = &f.Unresolved[k]
				break
			}
		}
		if first == nil {
			continue
		}
		d := first.Evidence.Text
		if first.Reason != "" {
			d += " (" + first.Reason + ")"
		}
		if len(f.Unresolved) > 1 {
			d += fmt.Sprintf(" (and %d more)", len(f.Unresolved)-1)
		}
		out = append(out, risk{"Unresolved use", f.Repo, f.File, f.Job, first.Evidence.Line, d})
		last := &out[len(out)-1]
		if first.Evidence.File != "" {
			last.file = first.Evidence.File
			if first.Evidence.Repo != "" {
				last.repo = first.Evidence.Repo
			}
		}
	}
	return out
}

// migrates reports whether a finding is part of the migration: a GitHub
// credential that is not already the built-in token or an App token (the
// plan's part when there is a plan).
func (b *workbook) migrates(f *inventory.Finding) bool {
	if j := b.jobs[f.Fingerprint]; j != nil {
		return j.Migrates()
	}
	return planner.PartOf(f.Kind) == planner.PartMigration
}

func (b *workbook) inputErrors() []inventory.InputError {
	if b.inv != nil {
		return b.inv.Errors
	}
	out := make([]inventory.InputError, len(b.plan.Errors))
	for i, e := range b.plan.Errors {
		out[i] = inventory.InputError{Repo: e.Repo, File: e.File, Message: e.Message}
	}
	return out
}

type countRow struct {
	item   string
	n      int
	detail string
}

func (b *workbook) counts() []countRow {
	repos := map[string]bool{}
	workflows := map[string]bool{}
	leaked := 0
	for _, r := range b.repos {
		repos[r.Name] = true
		for _, w := range r.Workflows {
			workflows[r.Name+"\x00"+w] = true
		}
	}
	for i := range b.findings {
		f := &b.findings[i]
		repos[f.Repo] = true
		workflows[f.Repo+"\x00"+f.File] = true
		if f.Kind == inventory.KindLeakedToken {
			leaked++
		}
	}
	delete(repos, "")
	complete := b.plan.Complete
	if b.inv != nil {
		complete = b.inv.Complete
	}
	partial := ""
	if !complete {
		partial = "results are partial: some inputs could not be read"
	}
	rows := []countRow{
		{"Repositories", len(repos), ""},
		{"Workflows", len(workflows), ""},
		{"Findings", len(b.findings), "credential references, every kind"},
	}
	if len(b.plan.Jobs) == 0 {
		rows = append(rows, b.inventoryCounts()...)
	} else {
		sum := planner.Summarize(b.plan)
		rows = append(rows,
			countRow{"Uses to migrate", sum.Uses, "job × credential: personal access tokens, unknown and leaked credentials (a reusable-workflow call is counted in the jobs it calls)"},
			countRow{"Jobs to migrate", sum.Jobs, "distinct workflow jobs those uses are in"},
			countRow{"PAT secrets", sum.PATSecrets, "secrets used as GitHub personal access tokens"},
			countRow{"PAT secrets deletable", sum.Deletable, deletableDetail(sum)},
			countRow{"Secrets of unknown use", sum.OtherSecrets, "secrets the migration's jobs read whose use the files do not show"},
		)
		for _, d := range Decisions {
			rows = append(rows, countRow{"Decision: " + string(d.Decision), sum.Decisions[d.Decision], d.Summary + " (uses to migrate)"})
		}
		rows = append(rows, countRow{"Hardening uses", sum.HardeningUses, "job × credential already on GITHUB_TOKEN or an App token: narrowing them is optional"})
	}
	return append(rows,
		countRow{"Leaked tokens", leaked, "literal tokens committed in workflow files"},
		countRow{"Apps", len(b.plan.Apps), ""},
		countRow{"Unreadable inputs", len(b.inputErrors()), partial})
}

func deletableDetail(sum planner.Summary) string {
	if sum.Unverified == 0 {
		return "after the rollout"
	}
	return fmt.Sprintf("after the rollout; %d of them if stored as repository or organisation secrets (a scan of checkouts cannot see secrets)", sum.Unverified)
}

// inventoryCounts are the counts of a workbook without a plan: the
// findings to migrate and the GitHub PATs among their secrets.
func (b *workbook) inventoryCounts() []countRow {
	uses := 0
	jobs, secrets := map[string]bool{}, map[string]bool{}
	for i := range b.findings {
		f := &b.findings[i]
		if !b.migrates(f) {
			continue
		}
		uses++
		jobs[strings.ToLower(f.Repo)+"\x00"+f.File+"\x00"+f.Job] = true
		if f.Kind == inventory.KindPAT {
			for _, n := range planner.SecretNames(f.Credential) {
				secrets[strings.ToUpper(n)] = true
			}
		}
	}
	return []countRow{
		{"Uses to migrate", uses, "job × credential: personal access tokens, unknown and leaked credentials"},
		{"Jobs to migrate", len(jobs), "distinct workflow jobs those uses are in"},
		{"PAT secrets", len(secrets), "secrets used as GitHub personal access tokens"},
	}
}

func (b *workbook) writeSummary() error {
	s, err := b.newSheet(SheetSummary, []column{
		{header: "Section", width: 10},
		{header: "Item", width: 26},
		{header: "Count", width: 8, style: "num"},
		{header: "Repo", width: 20},
		{header: "Location", width: 40},
		{header: "Job", width: 22},
		{header: "Detail", width: 60, style: "wrap"},
	})
	if err != nil {
		return err
	}
	for _, c := range b.counts() {
		if err := s.add(cell{v: "Count"}, cell{v: c.item, style: "bold"}, cell{v: c.n}, cell{}, cell{}, cell{}, cell{v: c.detail}); err != nil {
			return err
		}
	}
	perKind := map[string]int{}
	more := map[string]int{}
	var kinds []string
	for _, r := range b.risks() {
		if perKind[r.kind] == 0 {
			kinds = append(kinds, r.kind)
		}
		perKind[r.kind]++
		if perKind[r.kind] > maxRisksPerKind {
			more[r.kind]++
			continue
		}
		if err := s.add(cell{v: "Risk"}, cell{v: r.kind, style: "riskRed"}, cell{}, txt(r.repo), b.location(r.repo, r.file, r.line),
			txt(r.job), txt(r.detail)); err != nil {
			return err
		}
	}
	for _, k := range kinds {
		if more[k] > 0 {
			if err := s.add(cell{v: "Risk"}, cell{v: k, style: "riskRed"}, cell{v: more[k]}, cell{}, cell{}, cell{},
				cell{v: fmt.Sprintf("%d more not listed here: filter the Inventory sheet", more[k])}); err != nil {
				return err
			}
		}
	}
	for _, e := range b.inputErrors() {
		if err := s.add(cell{v: "Input"}, cell{v: "Not read"}, cell{}, txt(e.Repo), b.location(e.Repo, e.File, e.Line), cell{}, txt(e.Message)); err != nil {
			return err
		}
	}
	for _, name := range b.capped {
		if err := s.add(cell{v: "Note"}, cell{v: "Links capped"}, cell{v: b.linkCap}, cell{}, cell{}, cell{},
			cell{v: fmt.Sprintf("the %s sheet links only its first %d locations (spreadsheet limit); later rows show file:line as text", name, b.linkCap)}); err != nil {
			return err
		}
	}
	return s.finish()
}
