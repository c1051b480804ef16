package shellops

import (
	"reflect"
	"testing"
)

// A Reader reused across scripts gives what fresh analyses give.
func TestReaderReuse(t *testing.T) {
	inputs := []Input{
		{Script: "gh pr create --fill\ngit push origin HEAD", StartLine: 10, Cred: map[string][]string{"GH_TOKEN": {"secrets.A"}}, ImplicitGH: []string{"secrets.A"}, Persisted: []string{"secrets.A"}},
		{Script: "curl -H \"Authorization: token $T\" https://api.github.com/repos/o/r/issues -d '{}'", StartLine: 3, Cred: map[string][]string{"T": {"secrets.B"}}, Shell: "sh"},
		{Script: "if [ -n \"$X\" ]; then\n  echo \"$X\" | docker login ghcr.io -u u --password-stdin\nfi", StartLine: 1, Cred: map[string][]string{"X": {"secrets.C"}}},
	}
	var r Reader
	for round := 0; round < 2; round++ {
		for i, in := range inputs {
			want := Analyze(in)
			got := r.Analyze(in)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("round %d script %d: reused reader gave\n%+v\nwant\n%+v", round, i, got, want)
			}
			if len(got.Uses) == 0 {
				t.Errorf("script %d: no uses; the test inputs are wrong", i)
			}
		}
	}
}
