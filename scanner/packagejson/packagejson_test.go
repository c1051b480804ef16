package packagejson

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

const sample = `{
  "name": "demo",
  "version": "1.0.0",
  "private": true,
  "workspaces": ["packages/*"],
  "scripts": {
    "prerelease": "npm run build",
    "release": "changeset publish",
    "postrelease": "node scripts/notify.mjs",
    "build":
      "tsc -b",
    "test": "vitest run",
    "prepublishOnly": "npm test",
    "odd": 3
  },
  "devDependencies": {"typescript": "^5"}
}`

func TestParse(t *testing.T) {
	p, err := Parse([]byte(sample))
	if err != nil {
		t.Fatal(err)
	}
	if p.Name != "demo" || !p.Workspaces || fmt.Sprint(p.WorkspaceGlobs) != "[packages/*]" {
		t.Errorf("name %q workspaces %v %q", p.Name, p.Workspaces, p.WorkspaceGlobs)
	}
	for raw, want := range map[string]string{
		`{"workspaces": {"packages": ["apps/*", "lib"]}}`: "[apps/* lib]",
		`{"workspaces": "odd"}`:                           "[]",
	} {
		p, err := Parse([]byte(raw))
		if err != nil || fmt.Sprint(p.WorkspaceGlobs) != want {
			t.Errorf("Parse(%s): globs %q, %v; want %s", raw, p.WorkspaceGlobs, err, want)
		}
	}
	cases := []struct {
		name string
		want string
		ok   bool
	}{
		{"release", "7: npm run build | 8: changeset publish | 9: node scripts/notify.mjs", true},
		{"build", "11: tsc -b", true},
		{"prerelease", "7: npm run build", true},
		{"odd", "", false},
		{"missing", "", false},
	}
	for _, c := range cases {
		scripts, ok := p.Run(c.name)
		var got []string
		for _, s := range scripts {
			got = append(got, fmt.Sprintf("%d: %s", s.Line, s.Command))
		}
		if strings.Join(got, " | ") != c.want || ok != c.ok {
			t.Errorf("Run(%s) = %q, %v; want %q, %v", c.name, strings.Join(got, " | "), ok, c.want, c.ok)
		}
	}
	var pub []string
	for _, s := range p.Lifecycle("publish") {
		pub = append(pub, s.Name)
	}
	if strings.Join(pub, ",") != "prepublishOnly" {
		t.Errorf("publish runs %v", pub)
	}
	if p.Lifecycle("run") != nil {
		t.Errorf("run is not a lifecycle command")
	}
}

// TestParseBins: "bin" as an object names each command; as a string it is
// the package's one command, named for the package without its scope.
func TestParseBins(t *testing.T) {
	for _, tc := range []struct{ raw, want string }{
		{`{"name": "@repo/release-notes", "bin": {"release-notes": "./bin/release-notes.ts", "rn": "./bin/rn.js"}}`, "map[release-notes:./bin/release-notes.ts rn:./bin/rn.js]"},
		{`{"bin": "./cli.js", "name": "@acme/tool"}`, "map[tool:./cli.js]"},
		{`{"name": "plain", "bin": "cli.js"}`, "map[plain:cli.js]"},
		{`{"bin": "./cli.js"}`, "map[]"},
		{`{"name": "x", "bin": {"ok": "a.js", "bad": 3, "": "b.js"}}`, "map[ok:a.js]"},
		{`{"name": "x", "bin": 3}`, "map[]"},
		{`{"name": "x"}`, "map[]"},
	} {
		p, err := Parse([]byte(tc.raw))
		if err != nil {
			t.Fatalf("Parse(%s): %v", tc.raw, err)
		}
		if got := fmt.Sprint(p.Bins); got != tc.want {
			t.Errorf("Parse(%s).Bins = %s, want %s", tc.raw, got, tc.want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	cases := []struct {
		src  string
		line int
	}{
		{"{\n  \"scripts\": {\n    \"a\": \"x\",\n  }\n}", 4},
		{"[]", 1},
		{"{\"scripts\": []}", 1},
		{"{\n\"scripts\": {\"a\": \"b\"}\n", 3},
		{"", 1},
	}
	for _, c := range cases {
		_, err := Parse([]byte(c.src))
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Errorf("%q: error %v, want a SyntaxError", c.src, err)
			continue
		}
		if se.Line != c.line {
			t.Errorf("%q: line %d (%s), want %d", c.src, se.Line, se.Msg, c.line)
		}
	}
}

// FuzzParse checks that any input parses or fails with a SyntaxError whose
// line is in the document, and that script lines are too.
func FuzzParse(f *testing.F) {
	f.Add(sample)
	f.Add(`{"scripts":{"a":"b"}}`)
	f.Add(`{"scripts":{"a":`)
	f.Fuzz(func(t *testing.T, src string) {
		lines := strings.Count(src, "\n") + 1
		p, err := Parse([]byte(src))
		if err != nil {
			var se *SyntaxError
			if !errors.As(err, &se) || se.Line < 1 || se.Line > lines {
				t.Fatalf("error %v", err)
			}
			return
		}
		for _, s := range p.Scripts {
			if s.Line < 1 || s.Line > lines {
				t.Fatalf("script %s at line %d of %d", s.Name, s.Line, lines)
			}
		}
	})
}
