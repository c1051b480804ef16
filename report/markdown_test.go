package report

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/planner"
)

// sampleInventory covers every decision, an App with two jobs, a slice
// that frees a secret and one that does not.
func sampleInventory() *inventory.Inventory {
	op := func(kind inventory.OpKind, method, path, name string, line int) inventory.Operation {
		o := inventory.Operation{Kind: kind, Method: method, Path: path, Name: name, Evidence: inventory.Evidence{Line: line, Text: name}}
		if kind == inventory.OpAction {
			o.Action = name
		}
		o.Writes = name == "push"
		return o
	}
	return &inventory.Inventory{
		SchemaVersion: 1,
		Complete:      false,
		Findings: []inventory.Finding{
			{Fingerprint: "f1", Repo: "acme/web", File: ".github/workflows/triage.yml", Job: "label", Credential: "secrets.BOT_PAT", Kind: "pat",
				Operations: []inventory.Operation{op("rest", "POST", "/repos/acme/web/issues/1/labels", "", 12)},
				JobInfo:    &inventory.JobInfo{Triggers: []string{"issues"}}},
			{Fingerprint: "f2", Repo: "acme/web", File: ".github/workflows/release.yml", Job: "release", Credential: "secrets.RELEASE_PAT", Kind: "pat",
				Operations: []inventory.Operation{op("action", "", "", "peter-evans/create-pull-request@v6", 30), op("git", "", "", "push", 25)},
				JobInfo:    &inventory.JobInfo{TimeoutMinutes: 120}},
			{Fingerprint: "f3", Repo: "acme/web", File: ".github/workflows/release.yml", Job: "tap", Credential: "secrets.RELEASE_PAT", Kind: "pat",
				Operations: []inventory.Operation{{Kind: "git", Name: "push", Writes: true, Repos: []string{"acme/homebrew-tap"}, Evidence: inventory.Evidence{Line: 44, Text: "git push"}}},
				CrossRepo:  true, TargetRepos: []string{"acme/homebrew-tap"}},
			{Fingerprint: "f4", Repo: "acme/api", File: ".github/workflows/build.yml", Job: "build", Credential: "secrets.CI_PAT", Kind: "pat",
				Unresolved: []inventory.Unresolved{{Evidence: inventory.Evidence{Line: 9, Text: `curl -H "Authorization: token $T" "$URL"`}, Reason: "dynamic URL"}}},
			{Fingerprint: "f5", Repo: "acme/api", File: ".github/workflows/members.yml", Job: "sync", Credential: "secrets.ORG_PAT", Kind: "pat",
				Operations: []inventory.Operation{op("rest", "PUT", "/orgs/acme/public_members/bot", "", 7)}},
		},
		Errors: []inventory.InputError{{Repo: "acme/broken", File: ".github/workflows/x.yml", Message: "yaml: line 3: did not find expected key"}},
	}
}

func TestMarkdownGolden(t *testing.T) {
	p, err := planner.Build(context.Background(), sampleInventory(), planner.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteMarkdown(&buf, p); err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "markdown/sample.md", buf.Bytes())
	out := buf.String()
	for _, want := range []string{
		"## Summary", "## Apps to create (day 2)", "## Rollout", "```mermaid\ngantt", "```mermaid\npie", "## Needs a person", "## Migration slices", "## Rollout tasks", "## Jobs needing a person",
		"### Day 7", "actions/create-github-app-token@bcd2ba49218906704ab6c1aa796996da409d3eb1 # v3.2.0", "permissions:\n  contents: read\n  issues: write", "**Rollback:**", "<details>",
		"Results are partial",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("plan lacks %q", want)
		}
	}
}

// TestMarkdownUntrustedText renders a plan whose repository texts try to
// inject HTML, links, mentions and table cells.
func TestMarkdownUntrustedText(t *testing.T) {
	evil := "x</details><script>alert(1)</script>[click](https://evil.example) @octocat www.evil.example | `` ``` "
	p := &planner.Plan{
		SchemaVersion: 1, Complete: true,
		Jobs: []planner.Job{{
			Fingerprint: "f", Repo: "acme/" + evil, File: evil, Job: evil, Credential: "secrets.A|B",
			Permissions: map[string]string{"contents": "write"},
			Evidence:    map[string][]planner.PermissionEvidence{"contents:write": {{Evidence: inventory.Evidence{Line: 3, Text: evil}}}},
			Decision:    planner.DecisionManualReview, Reasons: []string{"it reaches " + evil},
			Review: []inventory.Evidence{{Text: evil}}, Warnings: []string{evil}, Family: "ci",
		}},
		Slices:  []planner.Slice{{Name: "ci", Jobs: []string{"f"}, Rollback: evil}},
		Secrets: []planner.SecretPlan{{Name: evil, Kind: inventory.KindPAT, UsedBy: []string{"f"}, DeletableAfter: "not yet: kept by " + evil, DefinedIn: []string{evil}}},
		Apps:    []planner.App{{Name: "acme-release-bot", Repositories: []string{"acme/" + evil}, Permissions: map[string]string{"contents": "write"}, Jobs: []string{"f"}}},
	}
	p.Jobs = append(p.Jobs, planner.Job{Fingerprint: "h", Repo: "acme/" + evil, File: evil, Job: evil, Credential: "github.token", Kind: inventory.KindGitHubToken,
		Part: planner.PartHardening, Decision: planner.DecisionGitHubToken, Permissions: map[string]string{evil: "write"}})
	var buf bytes.Buffer
	if err := WriteMarkdown(&buf, p); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	// Outside code spans and fences nothing of the evil text may survive
	// as markup.
	stripped := stripCode(out)
	for _, bad := range []string{"<script", "</details><script", "](https://", "https://evil", "@octocat", "www.evil", "<b>"} {
		if strings.Contains(stripped, bad) {
			t.Errorf("untrusted %q rendered outside code:\n%s", bad, stripped)
		}
	}
	// Every table row keeps its table's column count.
	header := 0
	for _, line := range strings.Split(out, "\n") {
		if !strings.HasPrefix(line, "| ") {
			header = 0
			continue
		}
		cells := splitCells(line)
		if header == 0 {
			header = cells
		}
		if cells != header {
			t.Errorf("table row split into %d cells, its header has %d: %s", cells, header, line)
		}
	}
}

// stripCode removes fenced blocks and code spans, leaving what GitHub
// would treat as Markdown.
func stripCode(s string) string {
	var out []string
	inFence := ""
	for _, line := range strings.Split(s, "\n") {
		trimmed := strings.TrimLeft(line, " ")
		if inFence != "" {
			if strings.HasPrefix(trimmed, inFence) && strings.Trim(trimmed, "`") == "" {
				inFence = ""
			}
			continue
		}
		if strings.HasPrefix(trimmed, "```") {
			inFence = trimmed[:len(trimmed)-len(strings.TrimLeft(trimmed, "`"))]
			continue
		}
		out = append(out, removeSpans(line))
	}
	return strings.Join(out, "\n")
}

// removeSpans drops inline code spans per CommonMark: a run of n backticks
// opens a span closed by the next run of exactly n backticks.
func removeSpans(line string) string {
	var b strings.Builder
	i := 0
	for i < len(line) {
		if line[i] != '`' {
			b.WriteByte(line[i])
			i++
			continue
		}
		n := 0
		for i+n < len(line) && line[i+n] == '`' {
			n++
		}
		closeAt := -1
		for j := i + n; j < len(line); {
			if line[j] != '`' {
				j++
				continue
			}
			m := 0
			for j+m < len(line) && line[j+m] == '`' {
				m++
			}
			if m == n {
				closeAt = j
				break
			}
			j += m
		}
		if closeAt < 0 {
			b.WriteString(line[i : i+n])
			i += n
			continue
		}
		b.WriteString("CODE")
		i = closeAt + n
	}
	return b.String()
}

// splitCells counts GFM table cells: pipes split cells unless escaped.
func splitCells(line string) int {
	n := 0
	for i := 0; i < len(line); i++ {
		if line[i] == '\\' {
			i++
			continue
		}
		if line[i] == '|' {
			n++
		}
	}
	return n - 1
}

func TestProse(t *testing.T) {
	tests := map[string]string{
		"plain words":                 "plain words",
		"see https://evil.example/x":  "see https&#58;//evil.example/x",
		"visit www.evil.example":      "visit www&#46;evil.example",
		"ping @octocat":               "ping @\u200boctocat",
		"<b>bold</b> & [x](y) | a_b*": "&lt;b&gt;bold&lt;/b&gt; &amp; \\[x\\]\\(y\\) \\| a\\_b\\*",
		"line\nbreak":                 "line break",
	}
	for in, want := range tests {
		if got := prose(in); got != want {
			t.Errorf("prose(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCode(t *testing.T) {
	tests := []struct {
		in      string
		inTable bool
		want    string
	}{
		{"secrets.GH_PAT", true, "`secrets.GH_PAT`"},
		{"a|b", true, "`a\\|b`"},
		{"a|b", false, "`a|b`"},
		{"x `y` z", false, "`` x `y` z ``"},
		{"", false, "—"},
		{"a\x1b[31mred", false, "`a[31mred`"},
	}
	for _, tc := range tests {
		if got := code(tc.in, tc.inTable); got != tc.want {
			t.Errorf("code(%q, %v) = %q, want %q", tc.in, tc.inTable, got, tc.want)
		}
	}
}

func TestFence(t *testing.T) {
	got := fence("a\n```\nb", "yaml")
	if !strings.HasPrefix(got, "````yaml\n") || !strings.HasSuffix(got, "\n````\n") {
		t.Errorf("fence does not outgrow the backticks inside: %q", got)
	}
}

// FuzzMarkdownText checks that no untrusted string escapes a code span or
// prose escaping as a link, HTML or a table cell break.
func FuzzMarkdownText(f *testing.F) {
	for _, s := range []string{"plain", "[x](https://e.example)", "<img src=x>", "a|b", "``` x", "@user www.e.example", "\\|"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c := code(s, true)
		if strings.Contains(removeSpans(c), "|") && !strings.Contains(removeSpans(c), "\\|") {
			t.Errorf("code(%q) = %q leaks a pipe", s, c)
		}
		if got := removeSpans(c); got != "CODE" && got != "—" {
			t.Errorf("code(%q) = %q is not one code span (left %q)", s, c, got)
		}
		p := prose(s)
		for _, bad := range []string{"<", "](", "://", "@" + "a"} {
			if bad == "@a" {
				continue
			}
			if strings.Contains(p, bad) {
				t.Errorf("prose(%q) = %q contains %q", s, p, bad)
			}
		}
		if splitCells("| "+p+" |") != 1 {
			t.Errorf("prose(%q) = %q splits a table cell", s, p)
		}
	})
}

// TestMarkdownGoldenDemoOrg renders the demo organisation's plan
// (go test ./report -run GoldenDemoOrg -update to rewrite).
func TestMarkdownGoldenDemoOrg(t *testing.T) {
	const demo = "../testdata/demo-org"
	if _, err := os.Stat(demo); err != nil {
		t.Skipf("demo organisation not present (%v)", err)
	}
	p := planOf(t, demo)
	var buf bytes.Buffer
	if err := WriteMarkdown(&buf, p); err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "markdown/demo-org.md", buf.Bytes())
}

func TestMermaidText(t *testing.T) {
	if got := MermaidText("rel:ease #1; <b>x</b>"); got != "release 1 bx/b" {
		t.Errorf("MermaidText = %q", got)
	}
}

// corpus2Repos is the shared set of whole repositories, absent in a user's
// clone.
const corpus2Repos = "../../shared/corpus2/repos"

// planOf scans dir (with its .pat2app.yaml when it has one) and plans it.
func planOf(t *testing.T, dir string) *planner.Plan {
	t.Helper()
	_, _, p := scanAndPlan(t, dir)
	return p
}

// checkFirstPage asserts the Markdown plan's first page fits on a screen
// and names every App, its permissions, its repositories and its day.
func checkFirstPage(t *testing.T, p *planner.Plan) {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteMarkdown(&buf, p); err != nil {
		t.Fatal(err)
	}
	page, _, ok := strings.Cut(buf.String(), FirstPageEnd)
	if !ok {
		t.Fatalf("no %q heading ends the first page", FirstPageEnd)
	}
	n := strings.Count(page, "\n")
	if n > 50 {
		t.Errorf("first page is %d lines, want at most 50:\n%s", n, page)
	}
	t.Logf("first page: %d lines, %d Apps", n, len(p.Apps))
	for _, want := range []string{"## Summary", "```mermaid\ngantt", "## Needs a person"} {
		if !strings.Contains(page, want) {
			t.Errorf("first page lacks %q", want)
		}
	}
	days := map[string][]int{}
	for _, s := range p.Slices {
		for _, fp := range s.Jobs {
			days[fp] = append(days[fp], s.Day)
		}
	}
	for _, a := range p.Apps {
		row := ""
		for _, line := range strings.Split(page, "\n") {
			if strings.HasPrefix(line, "| `"+a.Name+"` |") {
				row = line
			}
		}
		if row == "" {
			t.Errorf("first page has no row for App %s", a.Name)
			continue
		}
		for name, access := range a.Permissions {
			if !strings.Contains(row, "`"+name+": "+access+"`") {
				t.Errorf("App %s row lacks %s: %s: %s", a.Name, name, access, row)
			}
		}
		for i, r := range a.Repositories {
			if i < firstPageRows && !strings.Contains(row, "`"+r+"`") {
				t.Errorf("App %s row lacks repository %s: %s", a.Name, r, row)
			}
		}
		if len(a.Repositories) > firstPageRows && !strings.Contains(row, fmt.Sprintf("and %d more", len(a.Repositories)-firstPageRows)) {
			t.Errorf("App %s row does not say how many repositories it leaves out: %s", a.Name, row)
		}
		for _, fp := range a.Jobs {
			for _, d := range days[fp] {
				if !strings.Contains(row, fmt.Sprintf("day %d", d)) {
					t.Errorf("App %s row lacks day %d of its job %s: %s", a.Name, d, fp, row)
				}
			}
		}
	}
	if s := planner.Summarize(p); s.Uses > 0 && !strings.Contains(page, "```mermaid\npie") {
		t.Error("first page has no decision pie")
	}
}

// TestMarkdownFirstPage: on the demo organisation and on every real
// repository of the shared set, the first page fits on one screen and
// names every App, its permissions, repositories and rollout day.
func TestMarkdownFirstPage(t *testing.T) {
	const demo = "../testdata/demo-org"
	if _, err := os.Stat(demo); err != nil {
		t.Skipf("demo organisation not present (%v)", err)
	}
	t.Run("demo-org", func(t *testing.T) { checkFirstPage(t, planOf(t, demo)) })
	entries, err := os.ReadDir(corpus2Repos)
	if err != nil {
		t.Logf("shared repositories not present at %s (they are not part of the project's clone): %v", corpus2Repos, err)
		return
	}
	for _, e := range entries {
		if e.IsDir() {
			t.Run(e.Name(), func(t *testing.T) { checkFirstPage(t, planOf(t, filepath.Join(corpus2Repos, e.Name()))) })
		}
	}
}

// TestMarkdownPATFirst: GITHUB_TOKEN jobs are not in the migration's
// slices or its count; they are listed apart at the end, or in the rollout
// with Harden.
func TestMarkdownPATFirst(t *testing.T) {
	inv := &inventory.Inventory{SchemaVersion: 2, Complete: true, Findings: []inventory.Finding{
		{Fingerprint: "pat", Repo: "acme/web", File: ".github/workflows/label.yml", Job: "label", Credential: "secrets.BOT_PAT", Kind: inventory.KindPAT,
			Operations: []inventory.Operation{{Kind: inventory.OpREST, Method: "POST", Path: "/repos/acme/web/issues/1/labels", Evidence: inventory.Evidence{Line: 12, Text: "curl"}}}},
		{Fingerprint: "builtin", Repo: "acme/web", File: ".github/workflows/ci.yml", Job: "comment", Credential: "github.token", Kind: inventory.KindGitHubToken,
			Operations: []inventory.Operation{{Kind: inventory.OpREST, Method: "POST", Path: "/repos/acme/web/issues/1/comments", Evidence: inventory.Evidence{Line: 20, Text: "curl"}}}},
	}}
	for _, harden := range []bool{false, true} {
		p, err := planner.Build(context.Background(), inv, planner.Options{Harden: harden})
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := WriteMarkdown(&buf, p); err != nil {
			t.Fatal(err)
		}
		out := buf.String()
		page, rest, _ := strings.Cut(out, FirstPageEnd)
		slices, hardening, ok := strings.Cut(rest, "## GITHUB_TOKEN hardening (optional)")
		if !ok {
			t.Fatalf("harden=%v: no hardening section:\n%s", harden, out)
		}
		if !strings.Contains(page, "**1 credential use to migrate**") || !strings.Contains(page, "hardening") {
			t.Errorf("harden=%v: the summary does not count the migration apart from the hardening:\n%s", harden, page)
		}
		if strings.Contains(slices, "`comment`") != harden {
			t.Errorf("harden=%v: the GITHUB_TOKEN job in the slices: %v", harden, !harden)
		}
		if !strings.Contains(hardening, "`comment`") {
			t.Errorf("harden=%v: the hardening section does not list the GITHUB_TOKEN job", harden)
		}
	}
}

// TestMarkdownNeedsPersonPointsToHardening: a hardening use that needs a
// person is counted under "Needs a person", which points to where it is
// listed, so a reader of that section alone does not take "nothing" for
// all.
func TestMarkdownNeedsPersonPointsToHardening(t *testing.T) {
	for _, tc := range []struct {
		name     string
		findings []inventory.Finding
		want     string
		// look is what the hardening section must show a person.
		look string
	}{
		{"the built-in token writing another repository, with a part not read", []inventory.Finding{{Fingerprint: "builtin-other", Repo: "acme/web", File: ".github/workflows/pr.yml", Job: "pr", Credential: "github.token", Kind: inventory.KindGitHubToken,
			CrossRepo: true, TargetRepos: []string{"acme/other"},
			Operations: []inventory.Operation{{Kind: inventory.OpREST, Method: "POST", Path: "/repos/acme/other/issues/1/comments", Writes: true, Repos: []string{"acme/other"}, Evidence: inventory.Evidence{Line: 8, Text: "curl"}}},
			Unresolved: []inventory.Unresolved{{Evidence: inventory.Evidence{Line: 9, Text: "acme/pr app_private_key"}, Reason: "action not read (offline)"}}}},
			"1 credential use to harden (GITHUB\\_TOKEN and App tokens) needs a person as well", "acme/pr app_private_key (action not read (offline))"},
		{"nothing to harden by hand", []inventory.Finding{{Fingerprint: "builtin", Repo: "acme/web", File: ".github/workflows/ci.yml", Job: "comment", Credential: "github.token", Kind: inventory.KindGitHubToken,
			Operations: []inventory.Operation{{Kind: inventory.OpREST, Method: "POST", Path: "/repos/acme/web/issues/1/comments", Evidence: inventory.Evidence{Line: 20, Text: "curl"}}}}},
			"", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := planner.Build(context.Background(), &inventory.Inventory{SchemaVersion: 2, Complete: true, Findings: tc.findings}, planner.Options{})
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := WriteMarkdown(&buf, p); err != nil {
				t.Fatal(err)
			}
			_, section, _ := strings.Cut(buf.String(), "## Needs a person")
			section, _, _ = strings.Cut(section, "\n## ")
			if !strings.Contains(section, "Nothing: every credential use to migrate has a decision.") {
				t.Errorf("section %q does not say the migration needs nobody", section)
			}
			if got := strings.Contains(section, "to harden"); got != (tc.want != "") || tc.want != "" && !strings.Contains(section, tc.want) {
				t.Errorf("section %q; want %q", section, tc.want)
			}
			// The section it points to says what to read.
			_, hardening, _ := strings.Cut(buf.String(), "## GITHUB_TOKEN hardening")
			hardening, _, _ = strings.Cut(hardening, "\n## ")
			if got := strings.Contains(hardening, "What a person must read"); got != (tc.look != "") || tc.look != "" && !strings.Contains(hardening, tc.look) {
				t.Errorf("hardening section %q; want what to look at %q", hardening, tc.look)
			}
		})
	}
}

// TestMarkdownJobReviewItemsCapped: a job with more review items than the
// detail lists shows the first ones and says how many more there are and
// where they are; a job at the cap lists them all.
func TestMarkdownJobReviewItemsCapped(t *testing.T) {
	for _, n := range []int{jobReviewItems + 1, jobReviewItems + 40} {
		var review []inventory.Evidence
		for i := range n {
			review = append(review, inventory.Evidence{Line: i + 1, Text: fmt.Sprintf("item-%03d", i)})
		}
		p := &planner.Plan{SchemaVersion: 1, Complete: true, Jobs: []planner.Job{{
			Fingerprint: "f", Repo: "acme/app", File: ".github/workflows/ci.yml", Job: "test", Credential: "secrets.PAT",
			Kind: inventory.KindPAT, Decision: planner.DecisionManualReview, Review: review, Family: "ci",
		}}}
		var buf bytes.Buffer
		if err := WriteMarkdown(&buf, p); err != nil {
			t.Fatal(err)
		}
		out := buf.String()
		listed := 0
		for i := range n {
			if strings.Contains(out, fmt.Sprintf("item-%03d", i)) {
				listed++
			}
		}
		more := fmt.Sprintf("%d more items", n-jobReviewItems)
		switch {
		case n == jobReviewItems+1 && (listed != n || strings.Contains(out, "more items")):
			t.Errorf("%d items: listed %d, want all and no count", n, listed)
		case n > jobReviewItems+1 && (listed < jobReviewItems || !strings.Contains(out, more)):
			t.Errorf("%d items: listed %d, want at least %d and %q", n, listed, jobReviewItems, more)
		}
	}
}

// TestNotNarrowedCell: a token kept as it is shows the permissions seen,
// marked as not narrowed, in the tables.
func TestNotNarrowedCell(t *testing.T) {
	j := &planner.Job{Permissions: map[string]string{"contents": "read"}, NotNarrowed: true}
	if got := jobPermCell(j); !strings.Contains(got, "contents: read") || !strings.Contains(got, "not narrowed") {
		t.Errorf("jobPermCell = %q, want the permissions seen marked not narrowed", got)
	}
	j.NotNarrowed = false
	if got := jobPermCell(j); strings.Contains(got, "narrowed") {
		t.Errorf("jobPermCell = %q for a narrowed row", got)
	}
}
