package scanner

import (
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

func TestFlattenStepGroups(t *testing.T) {
	for _, c := range []struct {
		name, in, want string
	}{
		{
			name: "group and control steps",
			in: `jobs:
  j:
    steps:
      - parallel:
          - run: a
          - name: b
            run: |
              b1
                b2
      - wait-all:
      - name: stop
        cancel: x
      - run: c
`,
			want: `jobs:
  j:
    steps:

      - run: a
      - name: b
        run: |
          b1
            b2



      - run: c
`,
		},
		{
			name: "compact list, nested group, group keys, CRLF",
			in:   "jobs:\r\n  j:\r\n    steps:\r\n    - name: g\r\n      parallel:\r\n      - run: a\r\n      - parallel:\r\n        - run: b\r\n    - run: c\r\n",
			want: "jobs:\r\n  j:\r\n    steps:\r\n\n\n    - run: a\r\n\n    - run: b\r\n    - run: c\r\n",
		},
		{
			name: "last step before the next job",
			in: `jobs:
  j:
    steps:
      - parallel:
        - run: a
  k:
    steps:
      - run: b
`,
			want: `jobs:
  j:
    steps:

      - run: a
  k:
    steps:
      - run: b
`,
		},
		{
			name: "flow group is left",
			in: `jobs:
  j:
    steps:
      - parallel: [{run: a}]
`,
			want: `jobs:
  j:
    steps:
      - parallel: [{run: a}]
`,
		},
		{
			name: "no group",
			in:   "jobs:\n  j:\n    steps:\n      - run: wait: 1\n",
			want: "jobs:\n  j:\n    steps:\n      - run: wait: 1\n",
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := string(flattenStepGroups([]byte(c.in))); got != c.want {
				t.Errorf("got\n%s\nwant\n%s", got, c.want)
			}
		})
	}
}

// FuzzFlattenStepGroups: the rewrite never panics, keeps the line count,
// and gives YAML whenever it changes anything.
func FuzzFlattenStepGroups(f *testing.F) {
	f.Add([]byte("jobs:\n  j:\n    steps:\n      - parallel:\n          - run: a\n      - wait: x\n"))
	f.Add([]byte("jobs:\n  j:\n    steps:\n    - parallel:\n      - parallel:\n        - run: b\n      cancel: y\n"))
	f.Add([]byte("jobs: {j: {steps: [{parallel: [{run: a}]}]}}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		out := flattenStepGroups(data)
		if strings.Count(string(out), "\n") != strings.Count(string(data), "\n") {
			t.Fatalf("line count changed:\n%s\n->\n%s", data, out)
		}
		if string(out) != string(data) {
			var n yaml.Node
			if err := yaml.Unmarshal(out, &n); err != nil {
				t.Fatalf("rewrite is not YAML (%v):\n%s", err, out)
			}
		}
	})
}
