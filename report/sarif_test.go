package report

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/planner"
)

const sarifSchemaPath = "../testdata/sarif-schema-2.1.0.json"

// sarifSchema compiles the SARIF 2.1.0 schema shipped in testdata, with
// format assertions on (uri, uri-reference, date-time...).
func sarifSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open(sarifSchemaPath)
	if err != nil {
		t.Fatalf("open schema: %v", err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatalf("parse schema: %v", err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource("sarif-schema-2.1.0.json", doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("sarif-schema-2.1.0.json")
	if err != nil {
		t.Fatalf("compile schema: %v", err)
	}
	return sch
}

func validateSARIF(t *testing.T, sch *jsonschema.Schema, b []byte) error {
	t.Helper()
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("output is not JSON: %v", err)
	}
	return sch.Validate(inst)
}

func TestSARIFValidatesAgainstSchema(t *testing.T) {
	sch := sarifSchema(t)
	inv, plan := fixture()
	cases := []struct {
		name string
		inv  *inventory.Inventory
		plan *planner.Plan
	}{
		{"inventory and plan", inv, plan},
		{"inventory only", inv, nil},
		{"plan only", nil, plan},
		{"empty inventory", &inventory.Inventory{SchemaVersion: 1, Complete: true}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := WriteInventorySARIF(&buf, tc.inv, tc.plan); err != nil {
				t.Fatal(err)
			}
			if err := validateSARIF(t, sch, buf.Bytes()); err != nil {
				t.Fatalf("SARIF does not validate: %v\n%s", err, buf.String())
			}
		})
	}
}

// The validator must be able to fail: a level SARIF does not know is rejected.
func TestSARIFSchemaRejectsInvalid(t *testing.T) {
	sch := sarifSchema(t)
	inv, plan := fixture()
	var buf bytes.Buffer
	if err := WriteInventorySARIF(&buf, inv, plan); err != nil {
		t.Fatal(err)
	}
	bad := strings.Replace(buf.String(), `"level": "error"`, `"level": "fatal"`, 1)
	if bad == buf.String() {
		t.Fatal("fixture has no error-level result")
	}
	if err := validateSARIF(t, sch, []byte(bad)); err == nil {
		t.Fatal("schema accepted level \"fatal\"")
	}
}

func TestSARIFGolden(t *testing.T) {
	inv, plan := fixture()
	var buf bytes.Buffer
	if err := WriteInventorySARIF(&buf, inv, plan); err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "sarif/fixture.sarif", buf.Bytes())
}

// sarifDoc is the part of the output the tests inspect.
type sarifDoc struct {
	Runs []struct {
		AutomationDetails struct {
			ID string `json:"id"`
		} `json:"automationDetails"`
		Tool struct {
			Driver struct {
				Rules []struct {
					ID      string `json:"id"`
					HelpURI string `json:"helpUri"`
					Help    struct {
						Text string `json:"text"`
					} `json:"help"`
				} `json:"rules"`
			} `json:"driver"`
		} `json:"tool"`
		Results []struct {
			RuleID        string `json:"ruleId"`
			RuleIndex     int    `json:"ruleIndex"`
			Level         string `json:"level"`
			BaselineState string `json:"baselineState"`
			Message       struct {
				Text string `json:"text"`
			} `json:"message"`
			Locations []struct {
				PhysicalLocation struct {
					ArtifactLocation struct {
						URI       string `json:"uri"`
						URIBaseID string `json:"uriBaseId"`
					} `json:"artifactLocation"`
					Region struct {
						StartLine int `json:"startLine"`
					} `json:"region"`
				} `json:"physicalLocation"`
			} `json:"locations"`
			PartialFingerprints map[string]string `json:"partialFingerprints"`
		} `json:"results"`
	} `json:"runs"`
}

func TestSARIFResults(t *testing.T) {
	inv, plan := fixture()
	var buf bytes.Buffer
	if err := WriteInventorySARIF(&buf, inv, plan); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), "abcdefghijklmnop") {
		t.Fatal("SARIF contains a token value")
	}
	var doc sarifDoc
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	// acme/app and acme/infra: one run each.
	if len(doc.Runs) != 2 || doc.Runs[0].AutomationDetails.ID != "pat2app/acme/app/" || doc.Runs[1].AutomationDetails.ID != "pat2app/acme/infra/" {
		t.Fatalf("runs: %+v", doc.Runs)
	}
	type want struct {
		run              int
		rule, level, uri string
		line             int
		msg              []string
	}
	wants := map[string]want{
		fpRelease: {0, RulePATInWorkflow, "warning", ".github/workflows/release.yml", 14, []string{`GitHub App installation token (actions/create-github-app-token) from the App "release-bot" with permissions: contents: write, pull_requests: write`, "do not trigger workflows"}},
		fpLabel:   {0, RuleGitHubTokenSuffices, "warning", ".github/workflows/triage.yml", 22, []string{"GITHUB_TOKEN with permissions: issues: write"}},
		fpDeploy:  {1, RuleManualReview, "note", ".github/workflows/deploy.yml", 18, []string{"Needs a human look before it can move off the PAT: line 33: URL built at run time", "acme/docs"}},
		fpLeak:    {1, RuleLeakedToken, "error", ".github/workflows/deploy.yml", 12, []string{"ghp_****"}},
		fpEvil:    {1, RulePATInWorkflow, "warning", ".github/workflows/my%20flow.yml", 5, []string{"fallback: keep a fine-grained PAT"}},
	}
	n := 0
	for ri, run := range doc.Runs {
		if len(run.Tool.Driver.Rules) != len(Rules) {
			t.Fatalf("run %d: rules: got %d, want %d", ri, len(run.Tool.Driver.Rules), len(Rules))
		}
		for _, r := range run.Tool.Driver.Rules {
			if want := RulesPageURL + "#rule-" + r.ID; r.HelpURI != want {
				t.Errorf("rule %s: helpUri %q, want %q", r.ID, r.HelpURI, want)
			}
		}
		for _, r := range run.Results {
			n++
			fp := r.PartialFingerprints[sarifFingerprintKey]
			w, ok := wants[fp]
			if !ok {
				t.Errorf("unexpected result for %q", fp)
				continue
			}
			loc := r.Locations[0].PhysicalLocation
			if ri != w.run || r.RuleID != w.rule || r.Level != w.level || loc.ArtifactLocation.URI != w.uri ||
				loc.ArtifactLocation.URIBaseID != "%SRCROOT%" || loc.Region.StartLine != w.line {
				t.Errorf("%s: got run %d rule %s level %s uri %s base %s line %d; want %d %s %s %s %%SRCROOT%% %d",
					fp, ri, r.RuleID, r.Level, loc.ArtifactLocation.URI, loc.ArtifactLocation.URIBaseID, loc.Region.StartLine,
					w.run, w.rule, w.level, w.uri, w.line)
			}
			if run.Tool.Driver.Rules[r.RuleIndex].ID != r.RuleID {
				t.Errorf("%s: ruleIndex %d points at %s", fp, r.RuleIndex, run.Tool.Driver.Rules[r.RuleIndex].ID)
			}
			if r.BaselineState != "" {
				t.Errorf("%s: baselineState %q without a baseline", fp, r.BaselineState)
			}
			for _, m := range w.msg {
				if !strings.Contains(r.Message.Text, m) {
					t.Errorf("%s: message %q lacks %q", fp, r.Message.Text, m)
				}
			}
		}
	}
	if n != len(wants) {
		t.Fatalf("results: got %d, want %d (github_token and not_github findings are not problems)", n, len(wants))
	}
}

// sarifDefaultsIn walks SARIF JSON and lists where it holds what SARIF
// defaults: an empty array or object (but a run's results) or -1.
func sarifDefaultsIn(v any, path string, out *[]string) {
	switch x := v.(type) {
	case map[string]any:
		for k, c := range x {
			if m, ok := c.(map[string]any); ok && k == "properties" {
				if len(m) == 0 {
					*out = append(*out, path+"."+k+" = {}")
				}
				continue
			}
			switch c := c.(type) {
			case []any:
				if len(c) == 0 && k != "results" {
					*out = append(*out, path+"."+k+" = []")
				}
			case map[string]any:
				if len(c) == 0 {
					*out = append(*out, path+"."+k+" = {}")
				}
			case float64:
				if c == -1 {
					*out = append(*out, path+"."+k+" = -1")
				}
			}
			sarifDefaultsIn(c, path+"."+k, out)
		}
	case []any:
		for _, c := range x {
			sarifDefaultsIn(c, path+"[]", out)
		}
	}
}

func TestSARIFLeavesOutDefaults(t *testing.T) {
	inv, plan := fixture()
	for name, inv := range map[string]*inventory.Inventory{"fixture": inv, "empty": {SchemaVersion: 1, Complete: true}} {
		var buf bytes.Buffer
		if err := WriteInventorySARIF(&buf, inv, plan); err != nil {
			t.Fatal(err)
		}
		var doc any
		if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
			t.Fatal(err)
		}
		var found []string
		sarifDefaultsIn(doc, "", &found)
		if len(found) > 0 {
			t.Errorf("%s: defaults written:\n%s", name, strings.Join(found, "\n"))
		}
		for _, s := range []string{`"language"`, `"newlineSequences"`, `"isComprehensive"`, `"enabled"`} {
			if strings.Contains(buf.String(), s) {
				t.Errorf("%s: %s written at its default", name, s)
			}
		}
		if !strings.Contains(buf.String(), `"results": [`) {
			t.Errorf("%s: a run without results must still say so", name)
		}
	}
}

// TestSARIFRunPerRepository: two repositories with the same workflow path
// give two runs, each naming its repository, so a path names one file.
func TestSARIFRunPerRepository(t *testing.T) {
	sch := sarifSchema(t)
	f := func(repo string) inventory.Finding {
		return inventory.Finding{Fingerprint: repo, Repo: repo, File: ".github/workflows/release.yml", Job: "release",
			Credential: "secrets.GH_PAT", Kind: inventory.KindPAT, Lines: []int{9}}
	}
	inv := &inventory.Inventory{SchemaVersion: 1, Complete: true,
		Repos:    []inventory.RepoSummary{{Name: "acme/web", URL: "https://github.com/acme/web", DefaultBranch: "main"}, {Name: "acme/api"}, {Name: "acme/docs"}},
		Findings: []inventory.Finding{f("acme/web"), f("acme/api")}}
	var buf bytes.Buffer
	if err := WriteInventorySARIF(&buf, inv, nil); err != nil {
		t.Fatal(err)
	}
	if err := validateSARIF(t, sch, buf.Bytes()); err != nil {
		t.Fatalf("SARIF does not validate: %v\n%s", err, buf.String())
	}
	var doc struct {
		Runs []struct {
			AutomationDetails struct {
				ID string `json:"id"`
			} `json:"automationDetails"`
			VersionControlProvenance []struct {
				RepositoryURI string `json:"repositoryUri"`
			} `json:"versionControlProvenance"`
			Results []struct {
				PartialFingerprints map[string]string `json:"partialFingerprints"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range doc.Runs {
		s := r.AutomationDetails.ID
		for _, v := range r.VersionControlProvenance {
			s += " " + v.RepositoryURI
		}
		for _, res := range r.Results {
			s += " result " + res.PartialFingerprints[sarifFingerprintKey]
		}
		got = append(got, s)
	}
	want := []string{"pat2app/acme/api/ result acme/api", "pat2app/acme/docs/", "pat2app/acme/web/ https://github.com/acme/web result acme/web"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("runs:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestSARIFBaselineState: with a baseline, only the findings it names are
// written, each with its state and level and the note said after the message.
func TestSARIFBaselineState(t *testing.T) {
	sch := sarifSchema(t)
	inv, plan := fixture()
	var buf bytes.Buffer
	err := WriteSARIF(&buf, inv, plan, SARIFOptions{Baseline: map[string]SARIFBaseline{
		fpRelease: {State: "new", Level: "error"},
		fpEvil:    {State: "updated", Level: "error", Note: "It now also needs administration: write."},
		fpDeploy:  {State: "new", Level: "warning"},
	}})
	if err != nil {
		t.Fatal(err)
	}
	if err := validateSARIF(t, sch, buf.Bytes()); err != nil {
		t.Fatalf("SARIF does not validate: %v\n%s", err, buf.String())
	}
	var doc sarifDoc
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, run := range doc.Runs {
		for _, r := range run.Results {
			got[r.PartialFingerprints[sarifFingerprintKey]] = r.BaselineState + " " + r.Level
			if strings.Contains(r.Message.Text, "now also") != (r.PartialFingerprints[sarifFingerprintKey] == fpEvil) {
				t.Errorf("note in the wrong result: %s", r.Message.Text)
			}
		}
	}
	if len(got) != 3 || got[fpRelease] != "new error" || got[fpEvil] != "updated error" || got[fpDeploy] != "new warning" {
		t.Errorf("results: %v", got)
	}
}

func TestEscapePath(t *testing.T) {
	cases := map[string]string{
		".github/workflows/a.yml":   ".github/workflows/a.yml",
		".github/workflows/a b.yml": ".github/workflows/a%20b.yml",
		"c:evil/x.yml":              "./c:evil/x.yml",
		"dir/#x?.yml":               "dir/%23x%3F.yml",
	}
	for in, want := range cases {
		if got := escapePath(in); got != want {
			t.Errorf("escapePath(%q) = %q, want %q", in, got, want)
		}
	}
}
