package jsops

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// corpusDir is the shared corpus beside the checkout; users who clone the
// project do not have it.
const corpusDir = "../../../shared/corpus"

// scriptStep is one actions/github-script step of a corpus workflow.
type scriptStep struct {
	file, job string
	line      int // line of the script's first line in the file
	script    string
}

// corpusScripts extracts every github-script `script:` from the corpus.
func corpusScripts(t *testing.T) []scriptStep {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(corpusDir, "workflows", "*.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var steps []scriptStep
	for _, path := range files {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var doc yaml.Node
		if err := yaml.Unmarshal(data, &doc); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if len(doc.Content) == 0 {
			continue
		}
		jobs := mapValue(doc.Content[0], "jobs")
		if jobs == nil {
			continue
		}
		for i := 0; i+1 < len(jobs.Content); i += 2 {
			job := jobs.Content[i].Value
			stepList := mapValue(jobs.Content[i+1], "steps")
			if stepList == nil {
				continue
			}
			for _, step := range stepList.Content {
				uses := mapValue(step, "uses")
				if uses == nil || !strings.HasPrefix(uses.Value, "actions/github-script@") {
					continue
				}
				script := mapValue(mapValue(step, "with"), "script")
				if script == nil {
					continue
				}
				line := script.Line
				if script.Style == yaml.LiteralStyle || script.Style == yaml.FoldedStyle {
					line++ // the text starts on the line after `|`
				}
				steps = append(steps, scriptStep{file: filepath.Base(path), job: job, line: line, script: script.Value})
			}
		}
	}
	return steps
}

// mapValue returns the value of key in a mapping node, or nil.
func mapValue(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// labelEntry is the part of labels.yaml this test reads.
type labelEntry struct {
	File     string `yaml:"file"`
	Findings []struct {
		Job  string   `yaml:"job"`
		Uses []string `yaml:"uses"`
	} `yaml:"findings"`
}

var restMention = regexp.MustCompile(`github\.rest\.(\w+)\.(\w+)`)

// TestCorpusScripts analyzes every github-script body of the shared corpus:
// each must parse, and where the labels say a job's credential flows into
// github-script, the job's scripts must yield the REST methods the label
// names.
func TestCorpusScripts(t *testing.T) {
	if _, err := os.Stat(corpusDir); err != nil {
		t.Skipf("shared corpus not found at %s (it only exists beside the development checkout): %v", corpusDir, err)
	}
	steps := corpusScripts(t)
	fileLines := map[string][]string{}
	if len(steps) == 0 {
		t.Fatal("no github-script step found in the corpus: the extraction is broken")
	}
	found := map[string][]Call{} // file + job -> calls
	for _, s := range steps {
		calls, err := Analyze(s.script)
		if err != nil {
			t.Errorf("%s:%d (job %s): %v", s.file, s.line, s.job, err)
			continue
		}
		lines, ok := fileLines[s.file]
		if !ok {
			data, err := os.ReadFile(filepath.Join(corpusDir, "workflows", s.file))
			if err != nil {
				t.Fatal(err)
			}
			lines = strings.Split(string(data), "\n")
			fileLines[s.file] = lines
		}
		for _, c := range calls {
			at := s.line + c.Line - 1
			t.Logf("%s:%d %s", s.file, at, summary(c))
			// The reported line must hold the method's name.
			if c.Kind == KindREST && (at > len(lines) || !strings.Contains(lines[at-1], c.Method)) {
				t.Errorf("%s:%d: %s.%s is not on that line", s.file, at, c.Namespace, c.Method)
			}
		}
		found[s.file+"\x00"+s.job] = append(found[s.file+"\x00"+s.job], calls...)
	}

	data, err := os.ReadFile(filepath.Join(corpusDir, "labels.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var labels []labelEntry
	if err := yaml.Unmarshal(data, &labels); err != nil {
		t.Fatalf("labels.yaml: %v", err)
	}
	checked := 0
	for _, e := range labels {
		for _, f := range e.Findings {
			for _, use := range f.Uses {
				if !strings.Contains(use, "actions/github-script") {
					continue
				}
				checked++
				calls := found[e.File+"\x00"+f.Job]
				if len(calls) == 0 {
					t.Errorf("%s job %s: label says %q, no call found", e.File, f.Job, use)
					continue
				}
				for _, m := range restMention.FindAllStringSubmatch(use, -1) {
					if !hasREST(calls, m[1], m[2]) {
						t.Errorf("%s job %s: label names github.rest.%s.%s, not found in %q", e.File, f.Job, m[1], m[2], summaries(calls))
					}
				}
			}
		}
	}
	if checked == 0 {
		t.Error("no label mentions actions/github-script: the label reading is broken")
	}
}

func hasREST(calls []Call, ns, method string) bool {
	for _, c := range calls {
		if c.Kind == KindREST && c.Namespace == ns && c.Method == method {
			return true
		}
	}
	return false
}
