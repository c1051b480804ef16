package scanner

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/pat2app/pat2app/expression"
	"github.com/pat2app/pat2app/inventory"
)

// findingLines lists what a finding holds, one line each: "op LINE METHOD
// PATH" for an operation (REPOS when it names them), "unresolved LINE
// TEXT" for what was not understood.
func findingLines(f *inventory.Finding) []string {
	if f == nil {
		return nil
	}
	var out []string
	for _, o := range f.Operations {
		s := fmt.Sprintf("op %s%d %s %s", fileOf(o.Evidence), o.Evidence.Line, o.Method, o.Path)
		if len(o.Repos) > 0 {
			s += " " + strings.Join(o.Repos, ",")
		}
		out = append(out, s)
	}
	for _, u := range f.Unresolved {
		out = append(out, fmt.Sprintf("unresolved %d %s", u.Evidence.Line, u.Evidence.Text))
	}
	slices.Sort(out)
	return out
}

// TestExpressionPrograms: a run: script whose program is an expression
// runs each of the values the workflow gives it, read as a script; when
// the values are not in the workflow, the step is unresolved for every
// credential in its reach.
func TestExpressionPrograms(t *testing.T) {
	const head = "on: push\njobs:\n  j:\n    runs-on: ubuntu-latest\n    env:\n      GITHUB_TOKEN: ${{ secrets.BOT }}\n"
	for _, c := range []struct {
		name, body string
		want       []string
	}{
		{"matrix rows of objects, each value a script", `    strategy:
      matrix:
        job:
          - name: a
            run-command: gh api repos/o/a/dispatches -f event_type=x
          - name: b
            run-command: |
              gh release download v1
              gh api repos/o/b/dispatches -f event_type=y
    steps:
      - run: ${{ matrix.job.run-command }}
`, []string{
			"op 17 GH GET /repos/{owner}/{repo}/releases/tags/{tag} (or /releases/latest); GET of each asset URL",
			"op 17 POST /repos/o/a/dispatches o/a",
			"op 17 POST /repos/o/b/dispatches o/b",
		}},
		{"matrix include entries and a row", `    strategy:
      matrix:
        cmd: ["gh release download v2"]
        include:
          - cmd: gh api repos/o/c/dispatches -f event_type=z
    steps:
      - run: |
          echo start
          ${{ matrix.cmd }} --clobber
`, []string{
			"op 15 GH GET /repos/{owner}/{repo}/releases/tags/{tag} (or /releases/latest); GET of each asset URL",
			"op 15 POST /repos/o/c/dispatches o/c",
		}},
		{"a value that runs an unknown program stays unresolved", `    strategy:
      matrix:
        cmd: ["gh release download v1", "$TOOL publish"]
    steps:
      - run: ${{ matrix.cmd }}
`, []string{
			"op 11 GH GET /repos/{owner}/{repo}/releases/tags/{tag} (or /releases/latest); GET of each asset URL",
			"unresolved 11 $TOOL publish",
		}},
		{"one matrix value from an expression", `    strategy:
      matrix:
        job:
          - cmd: gh release download v1
          - cmd: ${{ needs.setup.outputs.cmd }}
    steps:
      - run: ${{ matrix.job.cmd }}
`, []string{"unresolved 13 ${{ matrix.job.cmd }}"}},
		{"a matrix value that is an object", `    strategy:
      matrix:
        job:
          - cmd: {a: 1}
    steps:
      - run: ${{ matrix.job.cmd }}
`, []string{"unresolved 12 ${{ matrix.job.cmd }}"}},
		{"matrix built at run time", `    strategy:
      matrix: ${{ fromJSON(needs.setup.outputs.matrix) }}
    steps:
      - run: gh release download v1
      - run: ${{ matrix.cmd }}
`, []string{
			"op 10 GH GET /repos/{owner}/{repo}/releases/tags/{tag} (or /releases/latest); GET of each asset URL",
			"unresolved 11 ${{ matrix.cmd }}",
		}},
		{"matrix row from an expression", `    strategy:
      matrix:
        cmd: ${{ fromJSON(inputs.cmds) }}
    steps:
      - run: ${{ matrix.cmd }}
`, []string{"unresolved 11 ${{ matrix.cmd }}"}},
		{"program from a step output", `    steps:
      - id: pick
        run: echo "cmd=make" >> "$GITHUB_OUTPUT"
      - run: ./bin/${{ steps.pick.outputs.cmd }} --all
`, []string{"unresolved 10 ./bin/${{ steps.pick.outputs.cmd }} --all"}},
		{"literal env value names the program", `    steps:
      - run: ${{ env.CMD }} api repos/o/d/dispatches -f event_type=q
        env:
          CMD: gh
`, []string{"op 8 POST /repos/o/d/dispatches o/d"}},
		{"expression only in an argument is not a program", `    strategy:
      matrix:
        os: [ubuntu-latest, windows-latest]
    steps:
      - run: gh pr comment 1 --body "built on ${{ matrix.os }}"
`, []string{"op 11 GH GraphQL mutation addComment (CommentCreate); --edit-last uses updateIssueComment (CommentUpdate)"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			fs := scanOne(t, map[string]string{wf: head + c.body})
			got := findingLines(find(fs, "j", "secrets.BOT"))
			if !slices.Equal(got, c.want) {
				t.Errorf("got\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(c.want, "\n  "))
			}
		})
	}
}

// TestExpressionProgramChoices: a workflow_dispatch choice or boolean
// input's options are its values; a workflow that can be called takes
// any value from its caller.
func TestExpressionProgramChoices(t *testing.T) {
	const job = `jobs:
  j:
    runs-on: ubuntu-latest
    steps:
      - run: ${{ inputs.cmd }}
        env:
          GH_TOKEN: ${{ secrets.BOT }}
`
	for _, c := range []struct {
		name, on string
		want     []string
	}{
		{"the same input as github.event.inputs", `on:
  workflow_dispatch:
    inputs:
      cmd:
        type: choice
        options: ["gh release download v1"]
`, []string{
			"op 11 GH GET /repos/{owner}/{repo}/releases/tags/{tag} (or /releases/latest); GET of each asset URL",
		}},
		{"choice", `on:
  workflow_dispatch:
    inputs:
      cmd:
        type: choice
        options: ["gh release download v1", "gh api repos/o/e/dispatches -f event_type=e"]
`, []string{
			"op 11 GH GET /repos/{owner}/{repo}/releases/tags/{tag} (or /releases/latest); GET of each asset URL",
			"op 11 POST /repos/o/e/dispatches o/e",
		}},
		{"free text", `on:
  workflow_dispatch:
    inputs:
      cmd:
        type: string
`, []string{"unresolved 10 ${{ inputs.cmd }}"}},
		{"callable too", `on:
  workflow_dispatch:
    inputs:
      cmd:
        type: choice
        options: ["gh release download v1"]
  workflow_call:
    inputs:
      cmd:
        type: string
`, []string{"unresolved 15 ${{ inputs.cmd }}"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			j := job
			if strings.HasPrefix(c.name, "the same input as github.event.inputs") {
				j = strings.Replace(job, "${{ inputs.cmd }}", "${{github.event.inputs.cmd}}", 1)
			}
			fs := scanOne(t, map[string]string{wf: c.on + j})
			got := findingLines(find(fs, "j", "secrets.BOT"))
			if !slices.Equal(got, c.want) {
				t.Errorf("got\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(c.want, "\n  "))
			}
		})
	}
}

// TestWriteValues: the values written into a script keep every other
// line at its file line; a value's own lines all stand at the line of
// its expression.
func TestWriteValues(t *testing.T) {
	script := "echo a\n${{ matrix.cmd }} x\necho ${{\n  matrix.b }} end\necho c"
	lm := lineMap{start: 10}
	exprs := []valuedExpr{}
	for _, sp := range expression.Find(script) {
		exprs = append(exprs, valuedExpr{span: sp})
	}
	v := writeValues(script, lm, exprs, []string{"one\ntwo", "B"})
	want := "echo a\none\ntwo x\necho B end\necho c"
	if v.script != want {
		t.Fatalf("script %q, want %q", v.script, want)
	}
	if got, w := v.lines, []int{10, 11, 11, 12, 14}; !slices.Equal(got, w) {
		t.Errorf("lines %v, want %v", got, w)
	}
}

// FuzzWriteValues: whatever the script and the values, the result has one
// file line per line, none before the script's first line or going back.
func FuzzWriteValues(f *testing.F) {
	f.Add("echo a\n${{ matrix.cmd }} x\necho ${{\n  matrix.b }} end", "one\ntwo", true)
	f.Add("${{ matrix.a }}${{ matrix.b }}", "", false)
	f.Add("${{ x", "\n\n", true)
	f.Fuzz(func(t *testing.T, script, value string, block bool) {
		var exprs []valuedExpr
		var values []string
		for _, sp := range expression.Find(script) {
			exprs = append(exprs, valuedExpr{span: sp})
			values = append(values, value)
		}
		lm := lineMap{start: 5, block: block}
		v := writeValues(script, lm, exprs, values)
		if got, want := len(v.lines), strings.Count(v.script, "\n")+1; got != want {
			t.Fatalf("%d lines mapped for %d lines", got, want)
		}
		for i, l := range v.lines {
			if l < 5 || i > 0 && l < v.lines[i-1] {
				t.Fatalf("lines %v", v.lines)
			}
		}
	})
}

// TestExpressionFolders: a folder of code a command runs, named by a
// matrix expression, is read for each of the matrix's values.
func TestExpressionFolders(t *testing.T) {
	w := `on: push
env:
  GITHUB_TOKEN: ${{ secrets.BOT }}
jobs:
  j:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        language: [go, python]
    steps:
      - uses: actions/checkout@v4
      - run: make -C sdk/${{ matrix.language }} publish
`
	tree := fstest.MapFS{
		"sdk/go/Makefile":     {Data: []byte("publish:\n\tgh release upload v1 dist/*\n")},
		"sdk/python/Makefile": {Data: []byte("publish:\n\tgh api repos/o/py/dispatches -f event_type=x\n")},
	}
	scan := func() []string {
		rf := RepoFiles{Name: "acme/demo", Files: []File{{Path: wf, Data: []byte(w)}}, Tree: tree}
		fs, _ := New(Options{}).ScanRepo(context.Background(), rf)
		return findingLines(find(fs, "j", "secrets.BOT"))
	}
	got := scan()
	want := []string{
		"op sdk/go/Makefile:2 GH POST to the release upload_url (uploads.github.com); --clobber first DELETE /repos/{owner}/{repo}/releases/assets/{asset_id}",
		"op sdk/python/Makefile:2 POST /repos/o/py/dispatches o/py",
	}
	if !slices.Equal(got, want) {
		t.Errorf("got\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
	delete(tree, "sdk/python/Makefile")
	got = scan()
	if len(got) != 2 || !strings.HasPrefix(got[1], "unresolved 12 make -C sdk/python publish") {
		t.Errorf("a missing Makefile of one value: got\n  %s", strings.Join(got, "\n  "))
	}
}

// fileOf is "FILE:" for evidence in a repository file, "" for the
// workflow's own.
func fileOf(e inventory.Evidence) string {
	if e.File == "" {
		return ""
	}
	return e.File + ":"
}
