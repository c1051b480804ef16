package check

import (
	"bytes"
	"strings"
	"testing"

	"github.com/pat2app/pat2app/config"
	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/planner"
	"github.com/pat2app/pat2app/scanner"
)

func TestEscape(t *testing.T) {
	tests := []struct{ in, data, prop string }{
		{"plain text", "plain text", "plain text"},
		{"100%", "100%25", "100%25"},
		{"a\nb\r\nc", "a%0Ab%0D%0Ac", "a%0Ab%0D%0Ac"},
		{"file=a.yml,line=3::x", "file=a.yml,line=3::x", "file=a.yml%2Cline=3%3A%3Ax"},
		{"%0A", "%250A", "%250A"},
	}
	for _, tt := range tests {
		if got := EscapeData(tt.in); got != tt.data {
			t.Errorf("EscapeData(%q) = %q, want %q", tt.in, got, tt.data)
		}
		if got := EscapeProperty(tt.in); got != tt.prop {
			t.Errorf("EscapeProperty(%q) = %q, want %q", tt.in, got, tt.prop)
		}
	}
}

// sampleResult has one verdict of each status and a removed entry.
func sampleResult() (*Result, *planner.Plan) {
	pat := finding("acme/web", ".github/workflows/release.yml", "release", "secrets.GH_PAT", inventory.KindPAT, 14, 41)
	pat.Operations = []inventory.Operation{
		{Kind: inventory.OpREST, Method: "POST", Path: "/repos/{owner}/{repo}/pulls", Evidence: inventory.Evidence{Line: 41, Text: "peter-evans/create-pull-request"}},
		{Kind: inventory.OpGit, Method: "GIT", Path: "push", Name: "push", Evidence: inventory.Evidence{Line: 50, Text: "git push origin HEAD"}},
	}
	sync := finding("acme/web", ".github/workflows/sync.yml", "sync", "secrets.SYNC_PAT", inventory.KindPAT, 8)
	sync.Uses = []inventory.Use{{Line: 12, Via: "env", Target: "gh repo sync"}}
	unk := finding("acme/web", ".github/workflows/lint.yml", "lint", "secrets.BOT", inventory.KindUnknown, 5)
	leak := finding("acme/web", ".github/workflows/sync.yml", "sync", "ghp_****", inventory.KindLeakedToken, 20)
	old := finding("acme/web", ".github/workflows/old.yml", "nightly", "secrets.OLD_PAT", inventory.KindPAT, 3)
	// An accepted usage that now also deletes another repository.
	deploy := finding("acme/web", ".github/workflows/deploy.yml", "deploy", "secrets.DEPLOY_PAT", inventory.KindPAT, 9)
	deploy.Operations = []inventory.Operation{{Kind: inventory.OpGH, Name: "gh release create", Evidence: inventory.Evidence{Line: 9, Text: "gh release create v1"}}}
	deployNow := deploy
	deployNow.Operations = append(deployNow.Operations, inventory.Operation{Kind: inventory.OpREST, Method: "DELETE", Path: "/repos/{owner}/{repo}",
		Repos: []string{"other-org/other-repo"}, Evidence: inventory.Evidence{Line: 12, Text: "gh api -X DELETE repos/other-org/other-repo"}})
	// An accepted usage whose workflow file was renamed.
	docs := finding("acme/web", ".github/workflows/docs.yml", "publish", "secrets.DOCS_PAT", inventory.KindPAT, 7)
	docs.Uses = []inventory.Use{{Line: 7, Via: inventory.ViaInput, Target: "peaceiris/actions-gh-pages personal_token"}}
	docsNow := docs
	docsNow.File = ".github/workflows/pages.yml"
	docsNow.Fingerprint = scanner.Fingerprint(docs.Repo, docsNow.File, docs.Job, docs.Credential)
	then := Scopes{
		deploy.Fingerprint: {Permissions: map[string]string{"contents": "write"}},
		docs.Fingerprint:   {Permissions: map[string]string{"contents": "write"}},
	}
	now := Scopes{
		deploy.Fingerprint:  {Permissions: map[string]string{"contents": "write", "administration": "write"}, Repos: []string{"other-org/other-repo"}},
		docsNow.Fingerprint: {Permissions: map[string]string{"contents": "write"}},
	}
	base := NewBaseline([]inventory.Finding{sync, old, deploy, docs}, defaults.Recorded(), day1, "", nil, then)
	p := defaults
	p.Allow = []config.AllowEntry{
		{Credential: "secrets.SYNC_PAT", Until: "2026-06-01", Reason: "migrate by June"},
		{Credential: "secrets.GONE", Until: "2026-01-01"},
	}
	r := Compare([]inventory.Finding{pat, sync, unk, leak, deployNow, docsNow}, base, p, checkDay, now)
	plan := &planner.Plan{Jobs: []planner.Job{{
		Fingerprint: pat.Fingerprint, Decision: planner.DecisionGitHubApp, App: "release-bot",
		Permissions: map[string]string{"pull_requests": "write", "contents": "write"},
		Reasons:     []string{"pull requests opened with GITHUB_TOKEN do not trigger workflows"},
	}, {
		Fingerprint: deploy.Fingerprint, Decision: planner.DecisionGitHubApp, App: "org-bot",
		Permissions: map[string]string{"administration": "write", "contents": "write"},
		Evidence: map[string][]planner.PermissionEvidence{
			"administration:write": {{Evidence: inventory.Evidence{Line: 12, Text: "DELETE /repos/other-org/other-repo (gh api -X DELETE repos/other-org/other-repo)"}}},
			"contents:write":       {{Evidence: inventory.Evidence{Line: 9, Text: "gh release create v1"}}},
		},
		TargetRepos: []string{"other-org/other-repo"},
		Reasons:     []string{"it reaches other repositories (other-org/other-repo)"},
	}}}
	return r, plan
}

func TestWriteWorkflowCommandsGolden(t *testing.T) {
	r, plan := sampleResult()
	var buf bytes.Buffer
	if err := WriteWorkflowCommands(&buf, r, RenderOptions{Source: "baseline .github/pat2app-baseline.json", PathPrefix: "services/web", Plan: plan}); err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "commands.golden.txt", buf.Bytes())
	if !strings.Contains(buf.String(), "::error file=services/web/.github/workflows/release.yml,line=14,title=New PAT usage%3A secrets.GH_PAT::") {
		t.Errorf("no error annotation on release.yml line 14:\n%s", buf.String())
	}
}

func TestWriteTextGolden(t *testing.T) {
	r, _ := sampleResult()
	var buf bytes.Buffer
	if err := WriteText(&buf, r, RenderOptions{Source: "baseline .github/pat2app-baseline.json"}); err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "text.golden.txt", buf.Bytes())
}

func TestWriteSummaryGolden(t *testing.T) {
	r, plan := sampleResult()
	var buf bytes.Buffer
	if err := WriteSummary(&buf, r, RenderOptions{Source: "base ref main", Plan: plan}); err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "summary.golden.md", buf.Bytes())
}

func TestQuietWhenNothingChanged(t *testing.T) {
	pat := finding("acme/web", ".github/workflows/release.yml", "release", "secrets.GH_PAT", inventory.KindPAT, 14)
	r := Compare([]inventory.Finding{pat}, NewBaseline([]inventory.Finding{pat}, defaults.Recorded(), day1, "", nil, nil), defaults, checkDay, nil)
	var buf bytes.Buffer
	if err := WriteWorkflowCommands(&buf, r, RenderOptions{Source: "baseline b.json"}); err != nil {
		t.Fatal(err)
	}
	want := "pat2app check: PASS: no new PAT usage (compared with baseline b.json; 1 accepted, 0 allowlisted, 0 removed)\n"
	if buf.String() != want {
		t.Errorf("got %q, want %q", buf.String(), want)
	}
}

// Hostile names from the scanned repository cannot start a new workflow
// command, and cannot format the job summary.
func TestOutputResistsInjection(t *testing.T) {
	evil := finding("acme/web", ".github/workflows/x.yml\n::add-mask::,x", "job\r\n::set-output name=a::b", "secrets.A%0A::error::x", inventory.KindPAT, 3)
	r := Compare([]inventory.Finding{evil}, nil, defaults, checkDay, nil)
	var buf bytes.Buffer
	if err := WriteWorkflowCommands(&buf, r, RenderOptions{}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	if len(lines) != 3 {
		t.Fatalf("want 3 lines (annotation, verdict, baseline hint), got %d:\n%s", len(lines), buf.String())
	}
	if !strings.HasPrefix(lines[0], "::error file=.github/workflows/x.yml%0A%3A%3Aadd-mask%3A%3A%2Cx,line=3,title=") {
		t.Errorf("file property not escaped: %s", lines[0])
	}
	if strings.Contains(lines[0], "%0A::") && !strings.Contains(lines[0], "%250A") {
		t.Errorf("percent in the message not escaped: %s", lines[0])
	}
	for _, l := range lines[1:] {
		if strings.HasPrefix(strings.TrimSpace(l), "::") {
			t.Errorf("a later line starts a workflow command: %q", l)
		}
	}
	buf.Reset()
	if err := WriteSummary(&buf, r, RenderOptions{}); err != nil {
		t.Fatal(err)
	}
	for _, l := range strings.Split(buf.String(), "\n") {
		if strings.HasPrefix(l, "| ❌") && strings.Count(strings.ReplaceAll(l, `\|`, ""), "|") != 7 {
			t.Errorf("table row has extra cells: %s", l)
		}
	}
	if strings.Contains(buf.String(), "<script") {
		t.Error("HTML not escaped")
	}
}

func TestMarkdownEscape(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{"a|b", `a\|b`},
		{"<img src=x>", "&lt;img src=x&gt;"},
		{"**bold** [link](u) `code` @team", `\*\*bold\*\* \[link\](u) \` + "`code\\`" + ` \@team`},
		{"line\nbreak", "line break"},
	}
	for _, tt := range tests {
		if got := md(tt.in); got != tt.want {
			t.Errorf("md(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestAdvice(t *testing.T) {
	pat := finding("acme/web", "f.yml", "j", "secrets.GH_PAT", inventory.KindPAT, 1)
	tests := []struct {
		name string
		f    inventory.Finding
		job  *planner.Job
		want string
	}{
		{"no plan", pat, nil, "`pat2app plan` gives the smallest permissions"},
		{"leaked", finding("a/b", "f.yml", "j", "ghp_****", inventory.KindLeakedToken, 1), nil, "Revoke this token now"},
		{"github_token with block", pat, &planner.Job{Decision: planner.DecisionGitHubToken, PermissionsBlock: "permissions:\n  contents: write\n  issues: write\n"},
			"Use GITHUB_TOKEN with permissions: contents: write, issues: write."},
		{"github_token with map", pat, &planner.Job{Decision: planner.DecisionGitHubToken, Permissions: map[string]string{"issues": "write"}},
			"Use GITHUB_TOKEN with permissions: issues: write."},
		{"github_app", pat, &planner.Job{Decision: planner.DecisionGitHubApp, App: "release-bot", Permissions: map[string]string{"contents": "write"}},
			`Use a GitHub App installation token (actions/create-github-app-token) from the App "release-bot" with permissions: contents: write.`},
		{"manual review", pat, &planner.Job{Decision: planner.DecisionManualReview, Review: []inventory.Evidence{{Text: "curl to $URL at line 52"}}},
			"Needs a human look before it can move off the PAT: curl to $URL at line 52."},
		{"not supported", pat, &planner.Job{Decision: planner.DecisionNotSupported, Reasons: []string{"Apps cannot create user projects"}, Fallback: "keep a fine-grained PAT of a machine user"},
			"GitHub Apps cannot do all of this; fallback: keep a fine-grained PAT of a machine user. Why: Apps cannot create user projects."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Advice(tt.f, tt.job); !strings.Contains(got, tt.want) {
				t.Errorf("Advice = %q, want it to contain %q", got, tt.want)
			}
		})
	}
}

func TestDescribe(t *testing.T) {
	f := finding("a/b", "f.yml", "release", "secrets.GH_PAT", inventory.KindPAT, 1)
	if got, want := Describe(f), `job "release" uses secrets.GH_PAT (a personal access token).`; got != want {
		t.Errorf("bare: %q, want %q", got, want)
	}
	for i := 0; i < 6; i++ {
		f.Operations = append(f.Operations, inventory.Operation{Kind: inventory.OpGH, Method: "GH", Name: "gh pr create", Path: "pr create", Evidence: inventory.Evidence{Line: 10 + i, Text: "gh pr create"}})
	}
	got := Describe(f)
	if !strings.Contains(got, "to gh pr create (line 10); gh pr create (line 11)") || !strings.HasSuffix(got, "and 2 more.") {
		t.Errorf("operations: %q", got)
	}
	a := f
	a.Operations = []inventory.Operation{{Kind: inventory.OpAction, Method: "ACTION", Path: "peter-evans/create-pull-request", Name: "peter-evans/create-pull-request",
		Subject: inventory.Subject{Action: "peter-evans/create-pull-request", Input: "token"}, Evidence: inventory.Evidence{Line: 12, Text: "peter-evans/create-pull-request token"}}}
	if got, want := Describe(a), "to run peter-evans/create-pull-request (line 12: input token)."; !strings.HasSuffix(got, want) {
		t.Errorf("action: %q, want suffix %q", got, want)
	}
	f.Operations = nil
	f.Unresolved = []inventory.Unresolved{{Evidence: inventory.Evidence{Line: 52, Text: "curl"}}}
	if got := Describe(f); !strings.Contains(got, "could not be resolved (line 52)") {
		t.Errorf("unresolved: %q", got)
	}
}

// TestSARIFBaselineOfVerdicts: what fails is an error, what warns a
// warning; new when nothing accepted it, updated when what was accepted
// needs more, unchanged when only an allowlist date fails it.
func TestSARIFBaselineOfVerdicts(t *testing.T) {
	r, plan := sampleResult()
	got := SARIFBaseline(r, RenderOptions{Source: "baseline b.json", Plan: plan})
	var lines []string
	for _, v := range r.Verdicts {
		b, ok := got[v.Finding.Fingerprint]
		if !ok {
			lines = append(lines, v.Finding.Job+" "+v.Finding.Credential+": not written")
			continue
		}
		lines = append(lines, v.Finding.Job+" "+v.Finding.Credential+": "+b.State+" "+b.Level+": "+b.Note)
	}
	want := []string{
		`deploy secrets.DEPLOY_PAT: updated error: The baseline accepted it on 2026-03-01 with contents: write; it now also needs administration: write on other-org/other-repo (line 12: DELETE /repos/other-org/other-repo (gh api -X DELETE repos/other-org/other-repo)).`,
		`lint secrets.BOT: new warning: `,
		`publish secrets.DOCS_PAT: not written`,
		`release secrets.GH_PAT: new error: Not in the baseline.`,
		`sync secrets.SYNC_PAT: unchanged error: The allowlist entry (until 2026-06-01, reason: migrate by June) has expired (the baseline holds it, but the allowlist date is a deadline).`,
		`sync ghp_****: new error: Not in the baseline.`,
	}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
}
