package actionsrc

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
)

func TestParseMetadata(t *testing.T) {
	for _, tc := range []struct {
		name, yml     string
		kind          string
		tokenDefaults []string
		err           string
	}{
		{"node with default token", "inputs:\n  token:\n    default: ${{ github.token }}\n  other:\n    default: x\nruns:\n  using: node20\n  main: dist/index.js\n", KindJavaScript, []string{"token"}, ""},
		{"secrets form, spaces", "inputs:\n  repo-token:\n    default: '${{secrets.GITHUB_TOKEN}}'\nruns:\n  using: node24\n  main: index.js\n", KindJavaScript, []string{"repo-token"}, ""},
		{"fallback expression", "inputs:\n  t:\n    default: ${{ github.token || '' }}\nruns:\n  using: composite\n  steps:\n    - run: x\n      shell: bash\n", KindComposite, []string{"t"}, ""},
		{"a word, not an expression", "inputs:\n  t:\n    default: github.token\nruns:\n  using: docker\n  image: Dockerfile\n", KindDocker, nil, ""},
		{"unknown runner", "runs:\n  using: python\n", "", nil, "runs.using"},
		{"no runs", "name: x\n", "", nil, "no runs"},
		{"not a mapping", "- a\n", "", nil, "not a mapping"},
		{"alias is not expanded", "inputs: &a\n  t:\n    default: ${{ github.token }}\nx: *a\nruns:\n  using: node20\n  main: a.js\n", KindJavaScript, []string{"t"}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, err := ParseMetadata([]byte(tc.yml))
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error %v, want one with %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if m.Kind() != tc.kind {
				t.Errorf("kind %q, want %q", m.Kind(), tc.kind)
			}
			var got []string
			for _, in := range m.Inputs {
				if in.DefaultsToToken() {
					got = append(got, in.Name)
				}
			}
			if !reflect.DeepEqual(got, tc.tokenDefaults) {
				t.Errorf("token defaults %v, want %v", got, tc.tokenDefaults)
			}
		})
	}
}

func TestDockerMetadata(t *testing.T) {
	m, err := ParseMetadata([]byte("runs:\n  using: docker\n  image: docker://ghcr.io/x/y:1\n  args:\n    - ${{ inputs.token }}\n  env:\n    GITHUB_TOKEN: ${{ inputs.token }}\n"))
	if err != nil {
		t.Fatal(err)
	}
	if m.Runs.Image != "docker://ghcr.io/x/y:1" || len(m.Runs.Args) != 1 || m.Runs.Args[0].Line != 5 || len(m.Runs.Env) != 1 || m.Runs.Env[0].Name != "GITHUB_TOKEN" || m.Runs.Env[0].Line != 7 {
		t.Fatalf("runs %+v", m.Runs)
	}
}

// TestTokenUse reads a JavaScript action with two clients and one whose
// token is a parameter: each input gets its own client's calls and the
// untraced ones.
func TestTokenUse(t *testing.T) {
	fsys := fstest.MapFS{
		"action.yml": {Data: []byte("inputs:\n  token:\n    required: true\n  reaction-token:\n    default: ${{ github.token }}\n  label:\n    default: x\nruns:\n  using: node20\n  main: dist/index.js\n")},
		"src/main.ts": {Data: []byte(`import * as core from '@actions/core'
import {getOctokit} from '@actions/github'
const token: string = core.getInput('token')
const octokit = getOctokit(token)
const reactor = getOctokit(process.env['INPUT_REACTION-TOKEN'] as string)
await octokit.rest.repos.createDispatchEvent({owner: 'a', repo: 'b', event_type: 'x'})
await reactor.rest.reactions.createForIssueComment({owner: 'a', repo: 'b', comment_id: 1, content: '+1'})
export async function helper(client: any): Promise<void> {
  await client.rest.issues.createComment({owner: 'a', repo: 'b', issue_number: 1, body: 'x'})
}
`)},
		"src/main.test.ts": {Data: []byte("await x.rest.repos.delete({})\n")},
		"dist/index.js":    {Data: []byte("read only for calls src/ does not show (")},
	}
	a, err := Read(context.Background(), fsys, ".", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(a.Files, []string{"src/main.ts", "dist/index.js"}) || a.Partial() {
		t.Fatalf("files %v notes %v", a.Files, a.Notes)
	}
	if got := a.TokenInputs(); !reflect.DeepEqual(got, []string{"reaction-token", "token"}) {
		t.Errorf("token inputs %v", got)
	}
	methods := func(u TokenUse) string {
		var out []string
		for _, c := range u.Calls {
			out = append(out, c.Namespace+"."+c.Method+":"+c.File+":"+string(rune('0'+c.Line)))
		}
		return strings.Join(out, " ")
	}
	for _, tc := range []struct {
		input, calls string
		reaches      bool
	}{
		{"token", "repos.createDispatchEvent:src/main.ts:6 issues.createComment:src/main.ts:9", true},
		{"reaction-token", "reactions.createForIssueComment:src/main.ts:7 issues.createComment:src/main.ts:9", true},
		{"label", "issues.createComment:src/main.ts:9", false},
	} {
		u := a.TokenUse(tc.input, false)
		if got := methods(u); got != tc.calls || u.Reaches != tc.reaches {
			t.Errorf("%s: calls %q reaches %v, want %q %v", tc.input, got, u.Reaches, tc.calls, tc.reaches)
		}
	}
}

// TestReadNotes: what is not read is said, never dropped.
func TestReadNotes(t *testing.T) {
	for _, tc := range []struct {
		name string
		fsys fstest.MapFS
		note string
	}{
		{"missing main", fstest.MapFS{"action.yml": {Data: []byte("runs:\n  using: node20\n  main: dist/index.js\n")}}, "dist/index.js"},
		{"entry outside", fstest.MapFS{"action.yml": {Data: []byte("runs:\n  using: node20\n  main: ../x.js\n")}}, "outside the repository"},
		{"bad typescript", fstest.MapFS{"action.yml": {Data: []byte("runs:\n  using: node20\n  main: d.js\n")}, "src/a.ts": {Data: []byte("const x: = ;\n")}}, "typescript"},
		{"bad javascript", fstest.MapFS{"action.yml": {Data: []byte("runs:\n  using: node20\n  main: d.js\n")}, "d.js": {Data: []byte("x.rest.issues.create({})\n)(\n")}}, "partly read"},
		{"bundle too large", fstest.MapFS{"action.yml": {Data: []byte("runs:\n  using: node20\n  main: d.js\n")}, "d.js": {Data: make([]byte, 9<<20)}}, "limit"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, err := Read(context.Background(), tc.fsys, ".", Options{})
			if err != nil {
				t.Fatal(err)
			}
			if !a.Partial() || !strings.Contains(a.Notes[0].File+" "+a.Notes[0].Text, tc.note) {
				t.Fatalf("notes %+v, want one with %q", a.Notes, tc.note)
			}
		})
	}
	if _, err := Read(context.Background(), fstest.MapFS{}, "sub", Options{}); err != ErrNoMetadata {
		t.Fatalf("no metadata: %v", err)
	}
}

// FuzzParseMetadata: any bytes as action.yml must not panic, and what
// parses has a kind or says why not.
func FuzzParseMetadata(f *testing.F) {
	f.Add([]byte("inputs:\n  token:\n    default: ${{ github.token }}\nruns:\n  using: node20\n  main: a.js\n"))
	f.Add([]byte("a: &a [*a, *a]\nb: &b [*a, *a]\nruns: *b\n"))
	files, _ := filepath.Glob("../testdata/actions/*/*/action.yml")
	for _, p := range files {
		if d, err := os.ReadFile(p); err == nil {
			f.Add(d)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := ParseMetadata(data)
		if err == nil && m.Kind() == "" {
			t.Fatalf("no kind and no error: %+v", m.Runs)
		}
		if m != nil {
			for _, in := range m.Inputs {
				_ = in.DefaultsToToken()
			}
		}
	})
}

// FuzzRead: any source must not panic or escape its limits.
func FuzzRead(f *testing.F) {
	f.Add([]byte("const o = getOctokit(core.getInput('token')); await o.rest.issues.create({})"), false)
	f.Add([]byte("let x: number = 1; class A { constructor(private o: any) {} async f() { await this.o.request('POST /x') } }"), true)
	f.Fuzz(func(t *testing.T, code []byte, ts bool) {
		name := "src/a.js"
		if ts {
			name = "src/a.ts"
		}
		fsys := fstest.MapFS{"action.yml": {Data: []byte("inputs:\n  token:\n    default: ${{ github.token }}\nruns:\n  using: node20\n  main: x.js\n")}, name: {Data: code}}
		a, err := Read(context.Background(), fsys, ".", Options{})
		if err != nil {
			t.Fatal(err)
		}
		u := a.TokenUse("token", false)
		if !u.Reaches {
			t.Fatal("a default-token input must reach")
		}
	})
}
