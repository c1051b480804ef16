package report

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"github.com/pat2app/pat2app/internal/golden"
	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/planner"
)

// TestRulesPage keeps docs/rules.md what the texts in rules.go make it
// (go test ./report -run TestRulesPage -update rewrites it), and checks that
// every section a help link or a text points at is on it.
func TestRulesPage(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteRulesPage(&buf); err != nil {
		t.Fatal(err)
	}
	golden.Check(t, "../docs/rules.md", buf.Bytes())

	anchors := map[string]int{}
	for _, m := range regexp.MustCompile(`(?m)^#+ (.+)$`).FindAllStringSubmatch(buf.String(), -1) {
		anchors[Anchor(m[1])]++
	}
	for a, n := range anchors {
		if n > 1 {
			t.Errorf("%d headings share the anchor #%s", n, a)
		}
	}
	var want []string
	for _, r := range Rules {
		uri := r.HelpURI()
		if !strings.HasPrefix(uri, RulesPageURL+"#") {
			t.Errorf("rule %s: helpUri %s is not on the rules page", r.ID, uri)
		}
		want = append(want, strings.TrimPrefix(uri, RulesPageURL+"#"))
	}
	for _, k := range Kinds {
		want = append(want, Anchor(k.Heading()))
	}
	for _, d := range Decisions {
		want = append(want, Anchor(d.Heading()))
	}
	for _, r := range ReviewReasons {
		want = append(want, Anchor(r.Heading()))
	}
	for _, a := range want {
		if anchors[a] == 0 {
			t.Errorf("no section #%s on the rules page", a)
		}
	}
}

func TestAnchor(t *testing.T) {
	for in, want := range map[string]string{
		"Rule `pat-in-workflow`":                      "rule-pat-in-workflow",
		"Decision `github_token`":                     "decision-github_token",
		"Review: the credential cannot be identified": "review-the-credential-cannot-be-identified",
		"Credential kinds":                            "credential-kinds",
	} {
		if got := Anchor(in); got != want {
			t.Errorf("Anchor(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestTextsCoverEveryKindAndDecision: every kind the scanner gives and
// every decision the planner makes has its words, once.
func TestTextsCoverEveryKindAndDecision(t *testing.T) {
	kinds := map[inventory.Kind]int{}
	for _, k := range Kinds {
		kinds[k.Kind]++
		if k.Phrase == "" || k.Means == "" || k.Next == "" {
			t.Errorf("kind %s lacks a text: %+v", k.Kind, k)
		}
	}
	for _, k := range []inventory.Kind{inventory.KindPAT, inventory.KindGitHubToken, inventory.KindAppToken,
		inventory.KindNotGitHub, inventory.KindUnknown, inventory.KindLeakedToken} {
		if kinds[k] != 1 {
			t.Errorf("kind %s has %d texts, want 1", k, kinds[k])
		}
	}
	decisions := map[planner.Decision]int{}
	for _, d := range Decisions {
		decisions[d.Decision]++
		if d.Summary == "" || d.Advice == "" || d.Means == "" || d.Before == "" || d.After == "" {
			t.Errorf("decision %s lacks a text: %+v", d.Decision, d)
		}
	}
	for _, d := range []planner.Decision{planner.DecisionGitHubToken, planner.DecisionGitHubApp,
		planner.DecisionManualReview, planner.DecisionNotSupported} {
		if decisions[d] != 1 {
			t.Errorf("decision %s has %d texts, want 1", d, decisions[d])
		}
		if got := DecisionFor(d); got.Decision != d || got.Summary == string(d) {
			t.Errorf("DecisionFor(%s) = %+v", d, got)
		}
	}
}
