package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"path"
	"path/filepath"
	"reflect"
	"sort"
	"strings"

	"github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"

	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/knowledge"
	"github.com/pat2app/pat2app/planner"
	"github.com/pat2app/pat2app/redact"
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

// SARIFOptions tune WriteSARIF.
type SARIFOptions struct {
	// Baseline says, by finding fingerprint, how each result compares with
	// an accepted state (`check`): only the findings it names are written,
	// each with its baselineState and level. Nil writes every finding that
	// is a problem at its rule's level.
	Baseline map[string]SARIFBaseline
}

// SARIFBaseline is how one result compares with an accepted state.
type SARIFBaseline struct {
	// State is the SARIF baselineState: "new", "updated" or "unchanged".
	State string
	// Level is the result's level: "error" for what fails the check,
	// "warning" for what only warns.
	Level string
	// Note is said after the result's message (what changed).
	Note string
}

// WriteInventorySARIF writes SARIF 2.1.0 for an inventory, with the plan's
// recommendations when plan is not nil: WriteSARIF without options.
func WriteInventorySARIF(w io.Writer, inv *inventory.Inventory, plan *planner.Plan) error {
	return WriteSARIF(w, inv, plan, SARIFOptions{})
}

// WriteSARIF writes SARIF 2.1.0 for an inventory, with the plan's
// recommendations when plan is not nil. It writes one result per finding that
// is a problem (a PAT or a leaked token); locations are relative to the
// repository root (uriBaseId %SRCROOT%) so code scanning shows them inline.
// A scan of several repositories gives each repository its own run (with
// its name as the run's automationDetails id), so that the same path in two
// repositories never names one file. When inv is nil, the plan's jobs are
// reported. Properties SARIF gives a default (empty arrays, -1 indexes) are
// left out.
func WriteSARIF(w io.Writer, inv *inventory.Inventory, plan *planner.Plan, opts SARIFOptions) error {
	if inv == nil && plan == nil {
		return fmt.Errorf("write sarif: neither an inventory nor a plan")
	}
	jobs := planJobsByFingerprint(plan)
	findings := reportFindings(inv, plan)
	repos := sarifRepos(inv, plan, findings)

	rep := sarif.NewReport()
	rep.Schema = "https://json.schemastore.org/sarif-2.1.0.json"
	byRepo := map[string][]*inventory.Finding{}
	for i := range findings {
		byRepo[findings[i].Repo] = append(byRepo[findings[i].Repo], &findings[i])
	}
	for _, repo := range repos {
		run := newSARIFRun(repo, len(repos) > 1)
		for _, f := range byRepo[repo.Name] {
			job := jobs[f.Fingerprint]
			id, ok := RuleForFinding(f, job)
			if !ok {
				continue
			}
			res := sarifResult(run, f, job, id)
			if opts.Baseline != nil {
				b, ok := opts.Baseline[f.Fingerprint]
				if !ok {
					continue
				}
				applySARIFBaseline(res, b)
			}
			run.AddResult(res)
		}
		addSARIFNotifications(run, inv, plan, repo.Name, len(repos) > 1)
		rep.AddRun(run)
	}
	b, err := json.Marshal(rep)
	if err != nil {
		return fmt.Errorf("write sarif: %w", err)
	}
	if b, err = compactSARIF(b); err != nil {
		return fmt.Errorf("write sarif: %w", err)
	}
	if _, err := w.Write(b); err != nil {
		return fmt.Errorf("write sarif: %w", err)
	}
	return nil
}

// newSARIFRun starts the run of one repository, declaring every rule, used
// or not, so code scanning can close alerts of a rule that no longer fires
// (in the Rules table's order). When the scan holds several repositories,
// the run says which one it is.
func newSARIFRun(repo inventory.RepoSummary, several bool) *sarif.Run {
	run := sarif.NewRunWithInformationURI(sarifToolName, sarifToolURI)
	for _, r := range Rules {
		addSARIFRule(run, r)
	}
	if !several {
		return run
	}
	name := repo.Name
	if name == "" {
		name = "files outside a repository"
	}
	run.WithAutomationDetails(sarif.NewRunAutomationDetails().
		WithID(sarifToolName + "/" + sarifText(name) + "/").
		WithDescription(sarif.NewTextMessage(sarifText("Workflows of " + name))))
	if repo.URL != "" {
		if u, err := url.Parse(repo.URL); err == nil && u.IsAbs() {
			vcs := sarif.NewVersionControlDetails().WithRepositoryURI(u.String())
			if repo.DefaultBranch != "" {
				vcs.WithBranch(sarifText(repo.DefaultBranch))
			}
			run.AddVersionControlProvenance(vcs)
		}
	}
	return run
}

// sarifRepos are the repositories of the scan, one run each, sorted by
// name: those the inventory read and those its findings (or the plan's
// jobs) name. A finding outside any repository has the empty name.
func sarifRepos(inv *inventory.Inventory, plan *planner.Plan, findings []inventory.Finding) []inventory.RepoSummary {
	byName := map[string]inventory.RepoSummary{}
	if inv != nil {
		for _, r := range inv.Repos {
			if _, ok := byName[r.Name]; !ok {
				byName[r.Name] = r
			}
		}
	}
	for _, f := range findings {
		if _, ok := byName[f.Repo]; !ok {
			byName[f.Repo] = inventory.RepoSummary{Name: f.Repo}
		}
	}
	if len(byName) == 0 {
		byName[""] = inventory.RepoSummary{}
	}
	out := make([]inventory.RepoSummary, 0, len(byName))
	for _, r := range byName {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// addSARIFNotifications says in a run's invocation that results are partial
// and which inputs could not be read: those of the run's repository, and
// those of no repository in every run.
func addSARIFNotifications(run *sarif.Run, inv *inventory.Inventory, plan *planner.Plan, repo string, several bool) {
	var errs []inventory.InputError
	if inv != nil {
		for _, e := range inv.Errors {
			if !several || e.Repo == repo || e.Repo == "" {
				errs = append(errs, e)
			}
		}
	}
	if (inv == nil || inv.Complete) && (plan == nil || plan.Complete) && len(errs) == 0 {
		return
	}
	invocation := sarif.NewInvocation().WithExecutionSuccessful(true)
	if inv != nil && !inv.Complete || plan != nil && !plan.Complete {
		invocation.AddToolExecutionNotification(sarif.NewNotification().
			WithLevel(sarif.LevelWarning).
			WithMessage(sarif.NewTextMessage("Some inputs could not be read; results are partial.")))
	}
	for _, e := range errs {
		invocation.AddToolExecutionNotification(sarif.NewNotification().WithLevel(sarif.LevelWarning).
			WithMessage(sarif.NewTextMessage(sarifText(FormatInputError(e)))))
	}
	run.AddInvocation(invocation)
}

// applySARIFBaseline gives a result its baseline state and level, and says
// what changed.
func applySARIFBaseline(res *sarif.Result, b SARIFBaseline) {
	if b.State != "" {
		res.WithBaselineState(b.State)
	}
	if b.Level != "" {
		res.WithLevel(b.Level)
	}
	if b.Note != "" && res.Message != nil && res.Message.Text != nil {
		res.WithMessage(sarif.NewTextMessage(*res.Message.Text + " " + sarifText(b.Note)))
	}
}

// sarifDefaults are properties go-sarif writes with the value SARIF gives
// them when they are absent; they are left out.
var sarifDefaults = map[string]any{
	"language":         "en-US",
	"isComprehensive":  false,
	"enabled":          true,
	"newlineSequences": []any{"\r\n", "\n"},
	"contents":         []any{"localizedData", "nonLocalizedData"},
}

// compactSARIF re-indents go-sarif's JSON without the properties it writes
// empty or at their default: empty arrays and objects, -1 for "not set"
// (indexes, rank, offsets) and the schema's defaults. A run's results are
// kept even when empty (an empty list says nothing was found, which closes
// alerts), and what property bags hold is written as it is.
func compactSARIF(b []byte) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		return nil, err
	}
	out, err := json.MarshalIndent(pruneSARIF(doc), "", "  ")
	if err != nil {
		return nil, err
	}
	return append(out, '\n'), nil
}

func pruneSARIF(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, c := range x {
			if k == "properties" {
				if m, ok := c.(map[string]any); ok && len(m) == 0 {
					delete(x, k)
				}
				continue
			}
			c = pruneSARIF(c)
			if k != "results" && isSARIFDefault(k, c) {
				delete(x, k)
				continue
			}
			x[k] = c
		}
	case []any:
		for i, c := range x {
			x[i] = pruneSARIF(c)
		}
	}
	return v
}

func isSARIFDefault(key string, v any) bool {
	switch x := v.(type) {
	case []any:
		if len(x) == 0 {
			return true
		}
	case map[string]any:
		if len(x) == 0 {
			return true
		}
	case json.Number:
		if x.String() == "-1" {
			return true
		}
	}
	if d, ok := sarifDefaults[key]; ok {
		return reflect.DeepEqual(d, v)
	}
	return false
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
	props.Add("credential", sarifText(redact.String(f.Credential)))
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
	fmt.Fprintf(&b, "%s: job %q uses %s (%s)", rule.Short, f.Job, redact.String(f.Credential), KindPhrase(f.Kind))
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
