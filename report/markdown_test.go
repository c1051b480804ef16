package report

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pat2app/pat2app/config"
	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/planner"
	"github.com/pat2app/pat2app/scanner"
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
		"## Summary", "## Proposed GitHub Apps", "## Migration slices", "## Rollout (7 days)", "## Jobs needing review",
		"### Day 7", "actions/create-github-app-token@v2", "permissions:\n  issues: write", "**Rollback:**", "<details>",
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
		Slices: []planner.Slice{{Name: "ci", Jobs: []string{"f"}, Rollback: evil}},
	}
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
	// Every table row keeps its column count.
	for _, line := range strings.Split(out, "\n") {
		if !strings.HasPrefix(line, "| ") {
			continue
		}
		cells := splitCells(line)
		if cells != 6 && cells != 2 && cells != 3 && cells != 5 {
			t.Errorf("table row split into %d cells: %s", cells, line)
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
	cfg, err := config.Load(filepath.Join(demo, config.FileName), true)
	if err != nil {
		t.Fatal(err)
	}
	inv, err := scanner.New(scanner.Options{Config: cfg}).ScanPaths(context.Background(), []string{demo})
	if err != nil {
		t.Fatal(err)
	}
	p, err := planner.Build(context.Background(), inv, planner.Options{Config: cfg})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteMarkdown(&buf, p); err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "markdown/demo-org.md", buf.Bytes())
}
