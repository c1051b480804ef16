package fix

import (
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/rhysd/actionlint"
	"gopkg.in/yaml.v3"

	"github.com/pat2app/pat2app/inventory"
)

// TestFixNeverBreaksAJob runs fix --write on copies of the demo
// organisation and of testdata/forks-org (workflows that run for pull
// requests from forks, long jobs, a generated file) and checks what fix
// promises: actionlint finds no problem the files did not have, a re-scan
// finds no PAT in the jobs fix rewrote, and every token step fix inserted
// in a workflow that runs for forks' pull requests, and every step that
// uses its token, runs only for pull requests of the repository itself
// (or keeps a fallback to the built-in token).
func TestFixNeverBreaksAJob(t *testing.T) {
	// The lint finds what it should.
	bad := t.TempDir()
	if err := os.MkdirAll(filepath.Join(bad, "workflows"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(bad, "workflows", "x.yml"), []byte("on: push\njobs:\n  x:\n    steps:\n      - run: echo ${{ github.foo }}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if n := count(lintTree(t, bad)); n != 2 {
		t.Fatalf("actionlint found %d problems in a workflow with two", n)
	}
	for _, org := range []string{filepath.Join("..", "testdata", "demo-org"), filepath.Join("testdata", "forks-org")} {
		t.Run(filepath.Base(org), func(t *testing.T) {
			root := t.TempDir()
			copyTree(t, org, root)
			lintBefore := lintTree(t, root)
			results, invBefore := fixTree(t, root)
			lintAfter := lintTree(t, root)

			// actionlint: no new problems, file by file.
			for file, probs := range lintAfter {
				seen := map[string]int{}
				for _, p := range lintBefore[file] {
					seen[p]++
				}
				for _, p := range probs {
					if seen[p] > 0 {
						seen[p]--
						continue
					}
					t.Errorf("%s: actionlint finds a new problem after fix: %s", file, p)
				}
			}

			// A re-scan finds no PAT in the jobs fix rewrote.
			rewritten := map[string]bool{}
			for rel, res := range results {
				for _, c := range res.Applied {
					for _, r := range c.Replaced {
						cred, _, _ := strings.Cut(r, " -> ")
						rewritten[rel+"\x00"+c.Job+"\x00"+cred] = true
					}
				}
			}
			_, invAfter := fixTree(t, root)
			before, after := patsIn(invBefore, root, rewritten), patsIn(invAfter, root, rewritten)
			if len(after) > 0 || len(before) == 0 {
				t.Errorf("PATs of the rewritten jobs: %d before fix, %d after: %v", len(before), len(after), after)
			}

			// Token steps in workflows that run for forks are guarded.
			forkJobs, guarded := 0, 0
			for rel, res := range results {
				text := string(res.Output)
				wf, err := parseWorkflow(text, newSource(text))
				if err != nil {
					t.Fatalf("%s: %v", rel, err)
				}
				fc := newForkContext(wf.events, "")
				for _, c := range res.Applied {
					_, job := wf.findJob(c.Job)
					if len(c.TokenSteps) == 0 || len(fc.events) == 0 {
						continue
					}
					forkJobs++
					if cond(job) != "" && fc.excludesForks(cond(job)) {
						continue
					}
					for _, ts := range c.TokenSteps {
						for _, st := range mapValue(job, "steps").Content {
							id := mapValue(st, "id")
							switch {
							case id != nil && id.Value == ts.ID:
								if !fc.excludesForks(cond(st)) {
									t.Errorf("%s job %s: token step %s has no fork guard (if: %q)", rel, c.Job, ts.ID, cond(st))
								}
								guarded++
							case usesOutput(st, ts.ID) && !fc.excludesForks(cond(st)) && !strings.Contains(nodeText(st), "|| github.token"):
								t.Errorf("%s job %s: the step at line %d uses %s's token for forks' pull requests too", rel, c.Job, st.Line, ts.ID)
							}
						}
					}
				}
			}
			t.Logf("%d files changed; actionlint problems %d before, %d after; PATs of rewritten jobs %d before, %d after; %d jobs with token steps in fork-triggered workflows, %d token steps guarded",
				len(results), count(lintBefore), count(lintAfter), len(before), len(after), forkJobs, guarded)
			if strings.Contains(org, "forks") && guarded < 2 {
				t.Errorf("forks-org: %d guarded token steps, want at least 2", guarded)
			}
		})
	}
}

// lintTree runs actionlint (without shellcheck and pyflakes) on every
// workflow under root and returns each file's problems, without their
// positions (a rewrite moves them).
func lintTree(t *testing.T, root string) map[string][]string {
	t.Helper()
	l, err := actionlint.NewLinter(io.Discard, &actionlint.LinterOptions{})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Base(filepath.Dir(p)) != "workflows" {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		errs, err := l.Lint(p, data, nil)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		for _, e := range errs {
			out[filepath.ToSlash(rel)] = append(out[filepath.ToSlash(rel)], e.Kind+": "+e.Message)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func count(m map[string][]string) int {
	n := 0
	for _, v := range m {
		n += len(v)
	}
	return n
}

// patsIn lists the PAT findings of inv in the rewritten jobs
// (file \x00 job \x00 credential).
func patsIn(inv *inventory.Inventory, root string, rewritten map[string]bool) []string {
	var out []string
	for _, f := range inv.Findings {
		if f.Kind != inventory.KindPAT {
			continue
		}
		file := f.File
		if _, name, ok := strings.Cut(f.Repo, "/"); ok {
			if _, err := os.Stat(filepath.Join(root, name, filepath.FromSlash(f.File))); err == nil {
				file = name + "/" + f.File
			}
		}
		if k := file + "\x00" + f.Job + "\x00" + f.Credential; rewritten[k] {
			out = append(out, strings.ReplaceAll(k, "\x00", " "))
		}
	}
	sort.Strings(out)
	return out
}

// cond is the if: body of a job or step, "" when it has none.
func cond(n *yaml.Node) string {
	v := mapValue(n, "if")
	if v == nil {
		return ""
	}
	body, _ := conditionBody(v.Value)
	return body
}

// usesOutput reports whether a step reads the token step id's output.
func usesOutput(st *yaml.Node, id string) bool {
	return strings.Contains(nodeText(st), "steps."+id+".outputs.token")
}

// nodeText is the text of every scalar of n, joined.
func nodeText(n *yaml.Node) string {
	if n.Kind == yaml.ScalarNode {
		return n.Value + "\n"
	}
	var b strings.Builder
	for _, c := range n.Content {
		b.WriteString(nodeText(c))
	}
	return b.String()
}
