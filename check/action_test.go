package check

import (
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/rhysd/actionlint"
	"gopkg.in/yaml.v3"
)

// actionPath is the composite action at the repository root.
const actionPath = "../action.yml"

// lint runs actionlint (without shellcheck and pyflakes) on a workflow.
func lint(t *testing.T, path string, content []byte, project *actionlint.Project) []*actionlint.Error {
	t.Helper()
	l, err := actionlint.NewLinter(io.Discard, &actionlint.LinterOptions{Color: actionlint.ColorOptionKindNever})
	if err != nil {
		t.Fatal(err)
	}
	errs, err := l.Lint(path, content, project)
	if err != nil {
		t.Fatalf("actionlint %s: %v", path, err)
	}
	return errs
}

func lintFile(t *testing.T, path string) []*actionlint.Error {
	t.Helper()
	l, err := actionlint.NewLinter(io.Discard, &actionlint.LinterOptions{Color: actionlint.ColorOptionKindNever})
	if err != nil {
		t.Fatal(err)
	}
	errs, err := l.LintFile(path, nil)
	if err != nil {
		t.Fatalf("actionlint %s: %v", path, err)
	}
	return errs
}

// compositeAction is the part of action.yml the structure checks read.
type compositeAction struct {
	Name        string `yaml:"name"`
	Description string `yaml:"description"`
	Inputs      map[string]struct {
		Description string  `yaml:"description"`
		Required    bool    `yaml:"required"`
		Default     *string `yaml:"default"`
	} `yaml:"inputs"`
	Runs struct {
		Using string      `yaml:"using"`
		Steps []yaml.Node `yaml:"steps"`
	} `yaml:"runs"`
}

type compositeStep struct {
	Name  string            `yaml:"name"`
	Uses  string            `yaml:"uses"`
	Run   string            `yaml:"run"`
	Shell string            `yaml:"shell"`
	Env   map[string]string `yaml:"env"`
}

func readAction(t *testing.T) ([]byte, compositeAction) {
	t.Helper()
	data, err := os.ReadFile(actionPath)
	if err != nil {
		t.Fatalf("read %s: %v", actionPath, err)
	}
	var a compositeAction
	if err := yaml.Unmarshal(data, &a); err != nil {
		t.Fatalf("parse %s: %v", actionPath, err)
	}
	return data, a
}

// actionlint does not lint action metadata, so action.yml is checked here:
// its structure, and that no repository-controlled value is expanded into a
// script (inputs reach `run:` through env only).
func TestActionMetadataStructure(t *testing.T) {
	_, a := readAction(t)
	if a.Name == "" || a.Description == "" {
		t.Error("action.yml needs a name and a description")
	}
	if a.Runs.Using != "composite" {
		t.Errorf("runs.using = %q, want composite", a.Runs.Using)
	}
	for _, in := range []string{"baseline", "base-ref", "sarif", "fail-on"} {
		i, ok := a.Inputs[in]
		if !ok {
			t.Errorf("input %q is missing", in)
			continue
		}
		if i.Description == "" || i.Required || i.Default == nil {
			t.Errorf("input %q: want a description, required: false and a default", in)
		}
	}
	if len(a.Runs.Steps) == 0 {
		t.Fatal("no steps")
	}
	built, checked := false, false
	for i, n := range a.Runs.Steps {
		var s compositeStep
		if err := n.Decode(&s); err != nil {
			t.Fatalf("step %d: %v", i+1, err)
		}
		if s.Run == "" {
			continue
		}
		if s.Shell == "" {
			t.Errorf("step %d (%s): a composite run step needs shell:", i+1, s.Name)
		}
		if strings.Contains(s.Run, "${{") {
			t.Errorf("step %d (%s): expression inside run:; pass it through env:", i+1, s.Name)
		}
		if strings.Contains(s.Run, "go build") && strings.Contains(s.Run, `"$GITHUB_ACTION_PATH"`) && strings.Contains(s.Run, "./cmd/pat2app") {
			built = true
		}
		if strings.Contains(s.Run, `"$RUNNER_TEMP/pat2app" "${args[@]}"`) {
			checked = true
			for _, in := range []string{"baseline", "base-ref", "sarif", "fail-on"} {
				found := false
				for _, v := range s.Env {
					if v == "${{ inputs."+in+" }}" {
						found = true
					}
				}
				if !found {
					t.Errorf("the check step does not receive input %q through env", in)
				}
			}
		}
	}
	if !built || !checked {
		t.Errorf("want a step building ./cmd/pat2app in the action's folder (%v) and one running the check (%v)", built, checked)
	}
}

// TestActionStepsLint lints the composite steps with actionlint, as the
// job of a reusable workflow whose inputs are the action's inputs
// (expressions, `if:` conditions, the inputs of actions/setup-go).
func TestActionStepsLint(t *testing.T) {
	data, a := readAction(t)
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	inputs := map[string]any{}
	for name, in := range a.Inputs {
		def := ""
		if in.Default != nil {
			def = *in.Default
		}
		inputs[name] = map[string]any{"type": "string", "required": false, "default": def, "description": in.Description}
	}
	wf := map[string]any{
		"name": "action-as-workflow",
		"on":   map[string]any{"workflow_call": map[string]any{"inputs": inputs}},
		"permissions": map[string]any{
			"contents": "read",
		},
		"jobs": map[string]any{"action": map[string]any{
			"runs-on": "ubuntu-latest",
			"steps":   a.Runs.Steps,
		}},
	}
	out, err := yaml.Marshal(wf)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range lint(t, "action-as-workflow.yml", out, nil) {
		t.Errorf("action.yml steps: %s", e)
	}
}

// TestActionMetadataParsesForActionlint uses the action as `uses: ./` from a
// workflow in a throwaway project: actionlint then reads action.yml with its
// own metadata parser and checks the inputs given against it. A misspelt
// input must be reported, which proves the metadata was read.
func TestActionMetadataParsesForActionlint(t *testing.T) {
	data, err := os.ReadFile(actionPath)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, d := range []string{".git", ".github/workflows"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "action.yml"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	use := func(with string) string {
		return "on: pull_request\npermissions:\n  contents: read\njobs:\n  check:\n    runs-on: ubuntu-latest\n    steps:\n" +
			"      - uses: actions/checkout@v6\n      - uses: ./\n        with:\n" + with
	}
	good := filepath.Join(dir, ".github/workflows/good.yml")
	if err := os.WriteFile(good, []byte(use("          baseline: .github/pat2app-baseline.json\n          base-ref: ${{ github.event.pull_request.base.sha }}\n          sarif: out.sarif\n          fail-on: pat,leaked_token\n          path: .\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, e := range lintFile(t, good) {
		t.Errorf("workflow using the action: %s", e)
	}
	bad := filepath.Join(dir, ".github/workflows/bad.yml")
	if err := os.WriteFile(bad, []byte(use("          base_ref: main\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	errs := lintFile(t, bad)
	found := false
	for _, e := range errs {
		if strings.Contains(e.Message, "base_ref") && e.Kind == "action" {
			found = true
		}
	}
	if !found {
		t.Errorf("actionlint did not check inputs against action.yml (errors: %v)", errs)
	}
}

var yamlBlock = regexp.MustCompile("(?s)```yaml\n(.*?)```")

// TestREADMEWorkflowsLint lints every workflow in README.md's yaml blocks
// (those with `jobs:`) with actionlint.
func TestREADMEWorkflowsLint(t *testing.T) {
	data, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for i, m := range yamlBlock.FindAllSubmatch(data, -1) {
		if !strings.Contains(string(m[1]), "\njobs:") {
			continue
		}
		n++
		for _, e := range lint(t, filepath.Join("README", "workflow-"+string(rune('1'+i))+".yml"), m[1], nil) {
			t.Errorf("README workflow %d: %s", n, e)
		}
		var wf struct {
			On          map[string]any    `yaml:"on"`
			Permissions map[string]string `yaml:"permissions"`
		}
		if err := yaml.Unmarshal(m[1], &wf); err != nil {
			t.Fatal(err)
		}
		pr, ok := wf.On["pull_request"].(map[string]any)
		if !ok || !strings.Contains(strings.Join(toStrings(pr["paths"]), " "), ".github/**") {
			t.Errorf("README workflow %d: want on.pull_request.paths with .github/**", n)
		}
		if wf.Permissions["contents"] != "read" {
			t.Errorf("README workflow %d: want permissions contents: read", n)
		}
		if _, sec := wf.Permissions["security-events"]; sec != strings.Contains(string(m[1]), "upload-sarif") {
			t.Errorf("README workflow %d: security-events: write only, and always, with the SARIF upload", n)
		}
	}
	if n < 2 {
		t.Fatalf("found %d workflows in README.md, want the plain and the SARIF one", n)
	}
	// The linter is wired: a broken workflow is reported.
	broken := []byte("on: pull_request\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.event.pull_request.title }}\n")
	if len(lint(t, "broken.yml", broken, nil)) == 0 {
		t.Error("actionlint reported nothing for a script injection")
	}
}

func toStrings(v any) []string {
	var out []string
	if l, ok := v.([]any); ok {
		for _, x := range l {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
	}
	return out
}
