package check

import (
	"fmt"
	"strings"

	"github.com/pat2app/pat2app/config"
	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/knowledge"
	"github.com/pat2app/pat2app/planner"
	"github.com/pat2app/pat2app/report"
)

// maxListed bounds the operations and uses named in one message.
const maxListed = 4

// Title is the one-line headline of a verdict (an annotation's title).
func Title(v Verdict) string {
	f := v.Finding
	switch {
	case v.Status == StatusExpired:
		return "Allowlist entry expired: " + f.Credential
	case f.Kind == inventory.KindLeakedToken:
		r, _ := report.RuleByID(report.RuleLeakedToken)
		return r.Short
	case v.Status == StatusWarn:
		return "Credential use not understood: " + f.Credential
	case v.PreviousKind != "":
		return "Now used as a PAT: " + f.Credential
	case !v.Grown.Empty():
		return "Accepted PAT usage needs more: " + f.Credential
	case v.Status == StatusNew:
		return "New PAT usage: " + f.Credential
	}
	return "PAT usage: " + f.Credential
}

// Describe says what the job does with the credential: the API operations
// (with lines), or where the credential goes when no operation is known.
func Describe(f inventory.Finding) string {
	who := "job " + quote(f.Job)
	if f.Job == "" {
		who = "this file"
	}
	s := fmt.Sprintf("%s uses %s (%s)", who, f.Credential, report.KindPhrase(f.Kind))
	if f.Kind == inventory.KindLeakedToken {
		return s + "."
	}
	var parts []string
	for _, op := range f.Operations {
		parts = append(parts, describeOp(op))
	}
	parts = dedupe(parts)
	if len(parts) > 0 {
		return s + " to " + listSome(parts) + "."
	}
	for _, u := range f.Uses {
		t := u.Target
		if t == "" {
			t = string(u.Via)
		}
		if u.Line > 0 {
			t += fmt.Sprintf(" (line %d)", u.Line)
		}
		parts = append(parts, t)
	}
	parts = dedupe(parts)
	if len(parts) > 0 {
		return s + " and passes it to " + listSome(parts) + "."
	}
	if len(f.Unresolved) > 0 {
		return s + fmt.Sprintf("; what it does could not be resolved (line %d).", f.Unresolved[0].Evidence.Line)
	}
	return s + "."
}

func describeOp(op inventory.Operation) string {
	what := op.Label()
	evidence := op.Evidence.Located()
	if op.Kind == inventory.OpAction && op.Input != "" {
		evidence = "input " + op.Input
	}
	var extra []string
	if op.Evidence.Line > 0 {
		extra = append(extra, fmt.Sprintf("line %d", op.Evidence.Line))
	}
	if evidence != "" && evidence != what {
		extra = append(extra, evidence)
	}
	if len(extra) > 0 {
		what += " (" + strings.Join(extra, ": ") + ")"
	}
	return what
}

func listSome(parts []string) string {
	if len(parts) <= maxListed {
		return strings.Join(parts, "; ")
	}
	return strings.Join(parts[:maxListed], "; ") + fmt.Sprintf("; and %d more", len(parts)-maxListed)
}

func dedupe(s []string) []string {
	seen := map[string]bool{}
	out := s[:0]
	for _, x := range s {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

func quote(s string) string { return "\"" + s + "\"" }

// planIndex finds the plan job of a finding.
type planIndex map[string]*planner.Job

func newPlanIndex(p *planner.Plan) planIndex {
	idx := planIndex{}
	if p == nil {
		return idx
	}
	for i := range p.Jobs {
		idx[p.Jobs[i].Fingerprint] = &p.Jobs[i]
	}
	return idx
}

// Advice says what to use instead of the credential: the planner's
// decision and permissions when the plan has the finding, a pointer to
// `pat2app plan` otherwise.
func Advice(f inventory.Finding, j *planner.Job) string {
	if f.Kind == inventory.KindLeakedToken {
		return "Revoke this token now, remove it from the file (it stays in git history), and use GITHUB_TOKEN or a GitHub App token instead."
	}
	if j == nil {
		if f.Kind == inventory.KindUnknown {
			return "Check what the job does with it; if it is a GitHub token, run `pat2app plan` for its replacement."
		}
		return "Use GITHUB_TOKEN with a permissions: block, or a GitHub App installation token; `pat2app plan` gives the smallest permissions this job needs."
	}
	s := report.JobAdvice(j)
	if (j.Decision == planner.DecisionGitHubApp || j.Decision == planner.DecisionNotSupported) && len(j.Reasons) > 0 {
		s += " Why: " + strings.TrimSuffix(j.Reasons[0], ".") + "."
	}
	return s
}

// Message is the full text of a verdict: what the job does, why it fails
// or warns, and what to use instead.
func Message(v Verdict, j *planner.Job) string { return message(v, j, "the baseline") }

func message(v Verdict, j *planner.Job, against string) string {
	s := Describe(v.Finding) + statusNote(v, j, against)
	if v.Fails() || v.Status == StatusWarn {
		s += " " + Advice(v.Finding, j)
	}
	return s
}

// statusNote says why a verdict fails or warns (with a leading space), or
// "" when the description says it all. against names what the findings were
// compared with ("the baseline", "the base ref"); j, when not nil, gives
// the evidence of what grew.
func statusNote(v Verdict, j *planner.Job, against string) string {
	switch {
	case v.Status == StatusExpired && v.Allow != nil:
		s := " " + allowPhrase(v.Allow) + " has expired"
		if v.Entry != nil {
			s += " (" + orBaseline(against) + " holds it, but the allowlist date is a deadline)"
		}
		return s + "."
	case v.Status == StatusWarn && v.Allow != nil:
		return " " + allowPhrase(v.Allow) + " has expired."
	case !v.Grown.Empty() && v.Entry != nil:
		return growthNote(v, j, against)
	case v.PreviousKind != "" && v.Entry != nil:
		s := fmt.Sprintf(" %s accepted it as %s", capitalize(against), v.PreviousKind)
		if v.Entry.Added != "" {
			s += " on " + v.Entry.Added
		}
		return s + "; it is now " + string(v.Finding.Kind) + "."
	case v.Status == StatusNew:
		if against == "" {
			return " No baseline accepts it."
		}
		if strings.Contains(against, "ref") {
			return " Not present at " + against + "."
		}
		return " Not in " + against + "."
	}
	return ""
}

// allowPhrase names an allowlist entry: "the allowlist entry (until
// 2026-01-31, reason: migrating in Q1)".
func allowPhrase(a *config.AllowEntry) string {
	s := "The allowlist entry (until " + a.Until
	if a.Reason != "" {
		s += ", reason: " + a.Reason
	}
	return s + ")"
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func orBaseline(against string) string {
	if against == "" {
		return "the baseline"
	}
	return against
}

// growthNote says what an accepted usage needs now that it was not
// accepted with (with a leading space): "The baseline accepted it on
// 2026-01-10 with contents: write; it now also needs administration: write
// on other-org/other-repo (line 11: DELETE /repos/other-org/other-repo)."
func growthNote(v Verdict, j *planner.Job, against string) string {
	s := " " + capitalize(orBaseline(against)) + " accepted it"
	if v.Entry.Added != "" {
		s += " on " + v.Entry.Added
	}
	if v.Entry.Scope != nil {
		s += " with " + scopeText(v.Entry.Scope)
	}
	return s + "; it now also " + growthText(v.Finding, v.Grown, j) + "."
}

// growthText says what grew, after "it now also": "needs administration:
// write on other-org/other-repo (line 11: DELETE ...), and reaches acme/x".
// j, when not nil, gives each permission's evidence; the repositories a
// permission is needed on are those its operations name.
func growthText(f inventory.Finding, g Growth, j *planner.Job) string {
	var needs []string
	named := map[string]bool{}
	for _, name := range knowledge.Permissions(g.Permissions).Names() {
		access := g.Permissions[name]
		item := name + ": " + access
		if was, ok := g.Raised[name]; ok {
			item += " (was " + was + ")"
		}
		var where, evidence []string
		if j != nil {
			for _, e := range j.Evidence[name+":"+access] {
				evidence = append(evidence, e.Evidence.String())
				for _, r := range opRepos(f, e.Evidence) {
					if !named[strings.ToLower(r)] {
						named[strings.ToLower(r)] = true
						where = append(where, r)
					}
				}
			}
		}
		if len(where) > 0 {
			item += " on " + strings.Join(where, ", ")
		}
		if len(evidence) > 0 {
			item += " (" + listSome(dedupe(evidence)) + ")"
		}
		needs = append(needs, item)
	}
	var parts []string
	if len(needs) > 0 {
		parts = append(parts, "needs "+strings.Join(needs, ", "))
	}
	var reach []string
	for _, r := range g.Repos {
		if !named[strings.ToLower(r)] {
			reach = append(reach, r)
		}
	}
	if len(reach) > 0 {
		parts = append(parts, "reaches "+strings.Join(reach, ", "))
	}
	return strings.Join(parts, ", and ")
}

// opRepos are the other repositories the finding's operations at an
// evidence's place name.
func opRepos(f inventory.Finding, e inventory.Evidence) []string {
	var out []string
	for _, op := range f.Operations {
		if op.Evidence.Line != e.Line || op.Evidence.File != e.File {
			continue
		}
		for _, r := range op.Repos {
			if r != "" && !strings.EqualFold(r, f.Repo) {
				out = append(out, r)
			}
		}
	}
	return out
}

// scopeText renders an accepted scope: "contents: write (reaching
// acme/docs)"; "no permissions" when it had none.
func scopeText(sc *Scope) string {
	perms := report.PermissionsText(sc.Permissions)
	if perms == "" {
		perms = "no permissions"
	}
	if len(sc.Repos) > 0 {
		perms += " (reaching " + strings.Join(sc.Repos, ", ") + ")"
	}
	return perms
}
