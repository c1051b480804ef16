package gqlops

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// corpusDir is the shared corpus beside the checkout; users who clone the
// project do not have it.
const corpusDir = "../../../shared/corpus"

// TestCorpusQueries parses every octokit/graphql-action `query:` of the
// shared corpus and checks that each label operation "graphql: mutation X"
// of the job is a top-level field of a parsed mutation.
func TestCorpusQueries(t *testing.T) {
	if _, err := os.Stat(corpusDir); err != nil {
		t.Skipf("shared corpus not found at %s (it only exists beside the development checkout): %v", corpusDir, err)
	}
	files, err := filepath.Glob(filepath.Join(corpusDir, "workflows", "*.yml"))
	if err != nil {
		t.Fatal(err)
	}
	mutations := map[string]map[string]bool{} // file + job -> mutation fields
	parsed := 0
	for _, path := range files {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var wf struct {
			Jobs map[string]struct {
				Steps []struct {
					Uses string            `yaml:"uses"`
					With map[string]string `yaml:"with"`
				} `yaml:"steps"`
			} `yaml:"jobs"`
		}
		if err := yaml.Unmarshal(data, &wf); err != nil {
			// with: values that are not scalars do not decode into this
			// shape; such files have no graphql-action query to check.
			t.Logf("%s: skipped: %v", filepath.Base(path), err)
			continue
		}
		for job, j := range wf.Jobs {
			for _, s := range j.Steps {
				q, ok := s.With["query"]
				if !ok || !strings.HasPrefix(s.Uses, "octokit/graphql-action@") {
					continue
				}
				ops, err := Parse(q)
				if err != nil {
					t.Errorf("%s job %s: %v", filepath.Base(path), job, err)
					continue
				}
				parsed++
				key := filepath.Base(path) + "\x00" + job
				for _, op := range ops {
					if op.Type != "mutation" {
						continue
					}
					if mutations[key] == nil {
						mutations[key] = map[string]bool{}
					}
					for _, f := range op.Fields {
						mutations[key][f.Name] = true
					}
				}
			}
		}
	}
	if parsed == 0 {
		t.Fatal("no octokit/graphql-action query found in the corpus: the extraction is broken")
	}

	data, err := os.ReadFile(filepath.Join(corpusDir, "labels.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var labels []struct {
		File     string `yaml:"file"`
		Findings []struct {
			Job        string   `yaml:"job"`
			Uses       []string `yaml:"uses"`
			Operations []string `yaml:"operations"`
		} `yaml:"findings"`
	}
	if err := yaml.Unmarshal(data, &labels); err != nil {
		t.Fatalf("labels.yaml: %v", err)
	}
	checked := 0
	for _, e := range labels {
		for _, f := range e.Findings {
			if !strings.Contains(strings.Join(f.Uses, " "), "octokit/graphql-action") {
				continue
			}
			for _, op := range f.Operations {
				name, ok := strings.CutPrefix(op, "graphql: mutation ")
				if !ok {
					continue
				}
				checked++
				if !mutations[e.File+"\x00"+f.Job][strings.Fields(name)[0]] {
					t.Errorf("%s job %s: label says %q, parsed mutations %v", e.File, f.Job, op, mutations[e.File+"\x00"+f.Job])
				}
			}
		}
	}
	if checked == 0 {
		t.Error("no label names a graphql-action mutation: the label reading is broken")
	}
	t.Logf("%d queries parsed, %d label operations checked", parsed, checked)
}
