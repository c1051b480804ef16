package denojson

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
)

const sample = `// deno.jsonc of a release tool
{
  "name": "@acme/tool", /* the package */
  "tasks": {
    "build": "deno run -A scripts/build.ts", // comment after a task
    "release": {
      "description": "publish a \"command\" free text",
      "command": "deno run -A --env-file=.env scripts/release.ts",
      "dependencies": ["build", "check", "missing"],
    },
    "check": {"dependencies": ["build"]},
    "loop-a": {"command": "echo a", "dependencies": ["loop-b"]},
    "loop-b": {"command": "echo b", "dependencies": ["loop-a"]},
    "odd": 3,
  },
  "imports": {"@std/path": "jsr:@std/path@1"},
}`

func TestParse(t *testing.T) {
	c, err := Parse([]byte(sample))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		order []string
		line  int // of the task's command
		ok    bool
	}{
		{"build", []string{"build"}, 5, true},
		{"release", []string{"build", "check", "release"}, 8, true},
		{"check", []string{"build", "check"}, 11, true},
		{"loop-a", []string{"loop-b", "loop-a"}, 12, true},
		{"odd", nil, 0, false},
		{"nope", nil, 0, false},
	}
	for _, tc := range tests {
		tasks, ok := c.Run(tc.name)
		var names []string
		for _, tk := range tasks {
			names = append(names, tk.Name)
		}
		if ok != tc.ok || !reflect.DeepEqual(names, tc.order) {
			t.Errorf("Run(%q) = %v %v, want %v %v", tc.name, names, ok, tc.order, tc.ok)
			continue
		}
		if ok {
			if got := c.Tasks[tc.name].Line; got != tc.line {
				t.Errorf("task %s at line %d, want %d", tc.name, got, tc.line)
			}
		}
	}
	if got := c.Tasks["release"].Command; got != "deno run -A --env-file=.env scripts/release.ts" {
		t.Errorf("release command %q", got)
	}
	if got := c.Tasks["check"].Command; got != "" {
		t.Errorf("check has no command, got %q", got)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		src  string
		line int
	}{
		{"[]", 1},
		{"{\n\"tasks\": [1]\n}", 2},
		{"{\n\"tasks\": {\n\"a\": {\"command\": 3}\n}\n}", 3},
		{"{\n\"tasks\": {\n\"a\": \"b\"\n", 4},
		{"{\"a\": /* unterminated", 1},
	}
	for _, tc := range tests {
		_, err := Parse([]byte(tc.src))
		var se *SyntaxError
		if !errors.As(err, &se) || se.Line != tc.line {
			t.Errorf("Parse(%q) = %v, want a syntax error at line %d", tc.src, err, tc.line)
		}
	}
}

func TestStandardize(t *testing.T) {
	tests := []struct{ in, want string }{
		{`{"a": 1, // x` + "\n}", `{"a": 1}`},
		{`{"a": "// not a comment", "b": "/* nor this */"}`, `{"a": "// not a comment", "b": "/* nor this */"}`},
		{`[1, 2, /* c */ ]`, `[1, 2]`},
		{`{"a": "x\"y", "b": [1,],}`, `{"a": "x\"y", "b": [1]}`},
		{`{"a": "\\", "b": 2}`, `{"a": "\\", "b": 2}`},
	}
	for _, tc := range tests {
		out := Standardize([]byte(tc.in))
		if len(out) != len(tc.in) || strings.Count(string(out), "\n") != strings.Count(tc.in, "\n") {
			t.Errorf("Standardize(%q) changed length or lines: %q", tc.in, out)
		}
		var got, want any
		if err := json.Unmarshal(out, &got); err != nil {
			t.Errorf("Standardize(%q) = %q: %v", tc.in, out, err)
			continue
		}
		if err := json.Unmarshal([]byte(tc.want), &want); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("Standardize(%q) = %v, want %v", tc.in, got, want)
		}
	}
}

// FuzzParse checks that any input parses or fails with a SyntaxError whose
// line is in the document, that task lines are too, that Standardize
// keeps length and lines, and that every task Run lists exists once.
func FuzzParse(f *testing.F) {
	f.Add(sample)
	f.Add(`{"tasks":{"a":"b"}}`)
	f.Add(`{"tasks":{"a":{"command":"x","dependencies":["a"]}}}`)
	f.Add(`{"tasks": /* x */ {"a": "b",},}`)
	f.Fuzz(func(t *testing.T, src string) {
		lines := strings.Count(src, "\n") + 1
		if std := Standardize([]byte(src)); len(std) != len(src) || strings.Count(string(std), "\n") != lines-1 {
			t.Fatalf("Standardize changed length or lines")
		}
		c, err := Parse([]byte(src))
		if err != nil {
			var se *SyntaxError
			if !errors.As(err, &se) || se.Line < 1 || se.Line > lines {
				t.Fatalf("error %v", err)
			}
			return
		}
		for name, tk := range c.Tasks {
			if tk.Line < 1 || tk.Line > lines {
				t.Fatalf("task %s at line %d of %d", name, tk.Line, lines)
			}
			run, ok := c.Run(name)
			seen := map[string]bool{}
			for _, r := range run {
				if seen[r.Name] || c.Tasks[r.Name].Name != r.Name {
					t.Fatalf("Run(%q) lists %q twice or unknown", name, r.Name)
				}
				seen[r.Name] = true
			}
			if !ok || len(run) == 0 || run[len(run)-1].Name != name {
				t.Fatalf("Run(%q) = %v %v", name, run, ok)
			}
		}
	})
}
