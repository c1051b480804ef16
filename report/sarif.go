package report

import (
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"path"
	"path/filepath"
	"strings"

	"github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"

	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/knowledge"
	"github.com/pat2app/pat2app/planner"
)

// SARIF constants.
const (
	sarifToolName = "pat2app"
	sarifToolURI  = "https://github.com/pat2app/pat2app"
	// sarifSrcRoot is the uriBaseId of every location: the repository root.
	sarifSrcRoot = "%SRCROOT%"
	// sarifMaxRelated caps the related locations (uses, operations) of one result.
	sarifMaxRelated = 20
	// sarifFingerprintKey is the partialFingerprints key; its value is the
	// finding's fingerprint, stable across line moves.
	sarifFingerprintKey = "pat2appFingerprint/v1"
)

// securitySeverity is GitHub code scanning's "security-severity" per rule
// (0-10; 9+ critical, 7+ high, 4+ medium).
var securitySeverity = map[string]string{
	RuleLeakedToken:         "9.5",
	RulePATInWorkflow:       "6.0",
	RuleGitHubTokenSuffices: "5.0",
	RuleManualReview:        "4.0",
}

// WriteInventorySARIF writes SARIF 2.1.0 for an inventory, with the plan's
// recommendations when plan is not nil. It writes one result per finding that
// is a problem (a PAT or a leaked token); locations are relative to the
// repository root (uriBaseId %SRCROOT%) so code scanning shows them inline.
// When inv is nil, the plan's jobs are reported.
func WriteInventorySARIF(w io.Writer, inv *inventory.Inventory, plan *planner.Plan) error {
	if inv == nil && plan == nil {
		return fmt.Errorf("write sarif: neither an inventory nor a plan")
	}
	jobs := planJobsByFingerprint(plan)
	findings := reportFindings(inv, plan)

	run := sarif.NewRunWithInformationURI(sarifToolName, sarifToolURI)
	used := map[string]bool{}
	type pending struct {
		f    *inventory.Finding
		job  *planner.Job
		rule string
	}
	var results []pending
	for i := range findings {
		f := &findings[i]
		job := jobs[f.Fingerprint]
		id, ok := RuleForFinding(f, job)
		if !ok {
			continue
		}
		used[id] = true
		results = append(results, pending{f, job, id})
	}
	// Every rule is declared, used or not, so code scanning can close alerts
	// of a rule that no longer fires; the order is the Rules table's.
	for _, r := range Rules {
		addSARIFRule(run, r)
	}
	for _, p := range results {
		run.AddResult(sarifResult(run, p.f, p.job, p.rule))
	}
	if inv != nil && !inv.Complete || plan != nil && !plan.Complete {
		inv := sarif.NewInvocation()
		inv.WithExecutionSuccessful(true)
		inv.AddToolExecutionNotification(sarif.NewNotification().
			WithLevel(sarif.LevelWarning).
			WithMessage(sarif.NewTextMessage("Some inputs could not be read; results are partial.")))
		run.AddInvocation(inv)
	}
	if inv != nil {
		for _, e := range inv.Errors {
			n := sarif.NewNotification().WithLevel(sarif.LevelWarning).
				WithMessage(sarif.NewTextMessage(sarifText(FormatInputError(e))))
			if len(run.Invocations) == 0 {
				run.AddInvocation(sarif.NewInvocation().WithExecutionSuccessful(true))
			}
			run.Invocations[0].AddToolExecutionNotification(n)
		}
	}

	rep := sarif.NewReport()
	rep.Schema = "https://json.schemastore.org/sarif-2.1.0.json"
	rep.AddRun(run)
	b, err := json.MarshalIndent(rep, "", "  ")
	if err != nil {
		return fmt.Errorf("write sarif: %w", err)
	}
	b = append(b, '\n')
	if _, err := w.Write(b); err != nil {
		return fmt.Errorf("write sarif: %w", err)
	}
	return nil
}

func addSARIFRule(run *sarif.Run, r Rule) {
	rule := run.AddRule(r.ID).
		WithName(r.Name).
		WithShortDescription(sarif.NewMultiformatMessageString().WithText(r.Short)).
		WithFullDescription(sarif.NewMultiformatMessageString().WithText(r.Full)).
		WithHelp(sarif.NewMultiformatMessageString().WithText(r.Help).WithMarkdown(r.Help)).
		WithHelpURI(r.HelpURI()).
		WithDefaultConfiguration(sarif.NewReportingConfiguration().WithLevel(r.Level))
	props := sarif.NewPropertyBag()
	props.Tags = []string{"security", "github-actions", "credentials"}
	if s := securitySeverity[r.ID]; s != "" {
		props.Add("security-severity", s)
	}
	rule.WithProperties(props)
}

func sarifResult(run *sarif.Run, f *inventory.Finding, job *planner.Job, ruleID string) *sarif.Result {
	rule, _ := RuleByID(ruleID)
	res := sarif.NewRuleResult(ruleID).
		WithRuleIndex(run.GetRuleIndex(ruleID)).
		WithLevel(rule.Level).
		WithMessage(sarif.NewTextMessage(sarifText(ResultMessage(f, job, ruleID))))
	line := 0
	if len(f.Lines) > 0 {
		line = f.Lines[0]
	} else if f.JobInfo != nil {
		line = f.JobInfo.Line
	}
	res.AddLocation(sarifLocation(f.File, line))
	related := 0
	seen := map[int]bool{line: true}
	addRelated := func(l int, msg string) {
		if l <= 0 || seen[l] || related >= sarifMaxRelated {
			return
		}
		seen[l] = true
		related++
		loc := sarifLocation(f.File, l).WithID(related).WithMessage(sarif.NewTextMessage(sarifText(msg)))
		res.AddRelatedLocation(loc)
	}
	for _, op := range f.Operations {
		addRelated(op.Evidence.Line, op.Label())
	}
	for _, u := range f.Uses {
		addRelated(u.Line, "credential used: "+u.Target)
	}
	for _, u := range f.Unresolved {
		addRelated(u.Evidence.Line, "not resolved: "+u.Evidence.Located())
	}
	if f.Fingerprint != "" {
		res.WithPartialFingerprints(map[string]string{sarifFingerprintKey: f.Fingerprint})
	}
	props := sarif.NewPropertyBag()
	if f.Repo != "" {
		props.Add("repo", sarifText(f.Repo))
	}
	props.Add("job", sarifText(f.Job))
	props.Add("credential", sarifText(redactTokens(f.Credential)))
	props.Add("kind", string(f.Kind))
	if job != nil {
		props.Add("decision", job.Decision)
		if len(job.Permissions) > 0 {
			props.Add("permissions", job.Permissions)
		}
		if job.App != "" {
			props.Add("app", job.App)
		}
	}
	res.WithProperties(props)
	return res
}

// sarifLocation is a physical location relative to the repository root; an
// absolute path (a bare file given on the command line) becomes a file URI.
func sarifLocation(file string, line int) *sarif.Location {
	al := sarif.NewArtifactLocation()
	if filepath.IsAbs(file) {
		u := url.URL{Scheme: "file", Path: filepath.ToSlash(file)}
		al.WithURI(u.String())
	} else {
		al.WithURI(escapePath(path.Clean(filepath.ToSlash(file)))).WithURIBaseID(sarifSrcRoot)
	}
	pl := sarif.NewPhysicalLocation().WithArtifactLocation(al)
	if line > 0 {
		pl.WithRegion(sarif.NewRegion().WithStartLine(line))
	}
	return sarif.NewLocationWithPhysicalLocation(pl)
}

// escapePath percent-escapes each segment of a slash path so it is a valid
// URI reference; a first segment with a colon gets "./" so it is never read
// as a scheme.
func escapePath(p string) string {
	segs := strings.Split(p, "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	out := strings.Join(segs, "/")
	if first, _, _ := strings.Cut(out, "/"); strings.Contains(first, ":") {
		out = "./" + out
	}
	return out
}

// ResultMessage is the one-paragraph message of a finding under a rule:
// where, what, and (with a plan) what to do, including the recommended
// permissions. It is plain text; callers escape it for their format.
func ResultMessage(f *inventory.Finding, job *planner.Job, ruleID string) string {
	var b strings.Builder
	rule, _ := RuleByID(ruleID)
	fmt.Fprintf(&b, "%s: job %q uses %s (%s)", rule.Short, f.Job, redactTokens(f.Credential), KindPhrase(f.Kind))
	if f.Repo != "" {
		fmt.Fprintf(&b, " in %s", f.Repo)
	}
	b.WriteString(".")
	if ops := summarizeOps(f.Operations, 5); ops != "" {
		fmt.Fprintf(&b, " It does: %s.", ops)
	}
	if f.CrossRepo && len(f.TargetRepos) > 0 {
		fmt.Fprintf(&b, " Reaches other repositories: %s.", strings.Join(f.TargetRepos, ", "))
	}
	if job == nil {
		if ruleID == RuleLeakedToken {
			b.WriteString(" Revoke the token and replace the use.")
		}
		return b.String()
	}
	b.WriteString(" " + JobAdvice(job))
	if len(job.Reasons) > 0 {
		fmt.Fprintf(&b, " Why: %s.", strings.TrimRight(strings.Join(job.Reasons, "; "), "."))
	}
	return b.String()
}

// JobAdvice says what to use instead of a planned job's credential, in the
// decision's words: the permissions (as the permissions: block has them
// for GITHUB_TOKEN), the App, what to review or the fallback.
func JobAdvice(j *planner.Job) string {
	d := DecisionFor(j.Decision)
	perms := PermissionsText(j.Permissions)
	switch j.Decision {
	case planner.DecisionGitHubToken:
		if block := oneLine(j.PermissionsBlock); block != "" {
			return d.Advice + " with " + block + "."
		}
		return d.Advice + " with permissions: " + orNone(perms) + "."
	case planner.DecisionGitHubApp:
		s := d.Advice
		if j.App != "" {
			s += fmt.Sprintf(" from the App %q", j.App)
		}
		return s + " with permissions: " + orNone(perms) + "."
	case planner.DecisionManualReview:
		s := d.Advice
		if len(j.Review) > 0 {
			s += ": " + strings.Join(j.ReviewText(), "; ")
		}
		s += "."
		if perms != "" {
			s += " Permissions known so far: " + perms + "."
		}
		return s
	case planner.DecisionNotSupported:
		s := d.Advice
		if j.Fallback != "" {
			s += "; fallback: " + strings.TrimSuffix(j.Fallback, ".")
		}
		s += "."
		if perms != "" {
			s += " Permissions: " + perms + "."
		}
		return s
	}
	return d.Advice + "."
}

// oneLine flattens a YAML block to "permissions: contents: write, ...".
func oneLine(block string) string {
	var parts []string
	for _, l := range strings.Split(block, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			parts = append(parts, l)
		}
	}
	if len(parts) == 0 {
		return ""
	}
	if len(parts) > 1 && strings.HasSuffix(parts[0], ":") {
		return parts[0] + " " + strings.Join(parts[1:], ", ")
	}
	return strings.Join(parts, ", ")
}

func orNone(s string) string {
	if s == "" {
		return "none beyond metadata: read"
	}
	return s
}

// PermissionItems renders each permission as "contents: write", sorted by
// name: the one way permissions are written in every output.
func PermissionItems(perms map[string]string) []string {
	items := knowledge.Permissions(perms).Names()
	for i, n := range items {
		items[i] = n + ": " + perms[n]
	}
	return items
}

// PermissionsText renders permissions on one line: "contents: write,
// pull_requests: write", sorted by name; "" when there are none.
func PermissionsText(perms map[string]string) string {
	return strings.Join(PermissionItems(perms), ", ")
}

// summarizeOps lists up to max distinct operations.
func summarizeOps(ops []inventory.Operation, max int) string {
	var parts []string
	seen := map[string]bool{}
	extra := 0
	for _, op := range ops {
		s := op.Label()
		if seen[s] {
			continue
		}
		seen[s] = true
		if len(parts) >= max {
			extra++
			continue
		}
		parts = append(parts, s)
	}
	if extra > 0 {
		parts = append(parts, fmt.Sprintf("and %d more", extra))
	}
	return strings.Join(parts, ", ")
}

// sarifText removes control characters from repository text; code scanning
// renders messages as text, so nothing else needs escaping.
func sarifText(s string) string {
	return SanitizeTerminal(s)
}

// planJobsByFingerprint indexes a plan's jobs.
func planJobsByFingerprint(plan *planner.Plan) map[string]*planner.Job {
	m := map[string]*planner.Job{}
	if plan == nil {
		return m
	}
	for i := range plan.Jobs {
		m[plan.Jobs[i].Fingerprint] = &plan.Jobs[i]
	}
	return m
}

// reportFindings returns the inventory's findings, or, without an
// inventory, findings rebuilt from the plan's jobs.
func reportFindings(inv *inventory.Inventory, plan *planner.Plan) []inventory.Finding {
	if inv != nil {
		return inv.Findings
	}
	if plan == nil {
		return nil
	}
	out := make([]inventory.Finding, len(plan.Jobs))
	for i, j := range plan.Jobs {
		out[i] = findingFromJob(&j)
	}
	return out
}

func findingFromJob(j *planner.Job) inventory.Finding {
	return inventory.Finding{
		Fingerprint: j.Fingerprint,
		Repo:        j.Repo,
		File:        j.File,
		Job:         j.Job,
		Credential:  j.Credential,
		Kind:        inventory.Kind(j.Kind),
		Confidence:  j.Confidence,
		Lines:       j.Lines,
		CrossRepo:   j.CrossRepo,
		TargetRepos: j.TargetRepos,
	}
}
