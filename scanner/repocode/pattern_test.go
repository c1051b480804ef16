package repocode

import (
	"fmt"
	"path"
	"strings"
	"testing"
	"testing/fstest"
)

func TestFilePattern(t *testing.T) {
	for _, c := range []struct {
		target, dir, pattern string
		ok                   bool
	}{
		{"./hack/installers/install-{product}.sh", "./hack/installers", "install-*.sh", true},
		{"ci/{a}-{b}.sh", "ci", "*-*.sh", true},
		{"ci/[x]*{a}.sh", "ci", `\[x]\**.sh`, true},
		{"{dir}/run.sh", "", "", false},
		{"ci/run.sh", "", "", false},
		{"{script}", "", "", false},
		{"ci/{a{b}}.sh", "", "", false},
	} {
		dir, pattern, ok := filePattern(c.target)
		if dir != c.dir || pattern != c.pattern || ok != c.ok {
			t.Errorf("%s: got %q %q %v, want %q %q %v", c.target, dir, pattern, ok, c.dir, c.pattern, c.ok)
		}
	}
}

// TestPatternRuns: a script whose name has a part known only at run time
// is each file of its folder the name can match.
func TestPatternRuns(t *testing.T) {
	pat := map[string][]string{"GH_TOKEN": {"secrets.PAT"}}
	tree := fstest.MapFS{
		"hack/install.sh":                 {Data: []byte("for product in \"$@\"; do\n  \"$(dirname \"$0\")/installers/install-${product}.sh\"\ndone\n")},
		"hack/installers/install-helm.sh": {Data: []byte("gh release download v3 -R helm/helm\n")},
		"hack/installers/install-kind.sh": {Data: []byte("cd /tmp\ngh api repos/acme/kind/dispatches -f event_type=x\n")},
		"hack/installers/README.md":       {Data: []byte("# installers\n")},
		"ci/step-a.sh":                    {Data: []byte("echo a\n")},
		"ci/step-b.py":                    {Data: []byte("print(1)\n")},
		"ci/step-c.rb":                    {Data: []byte("puts 1\n")},
	}
	for i := 0; i < maxPatternFiles+1; i++ {
		tree[fmt.Sprintf("many/x-%02d.sh", i)] = &fstest.MapFile{Data: []byte("echo\n")}
	}
	cases := []struct {
		script string
		want   []string
	}{
		{"./hack/install.sh helm", []string{"secrets.PAT 10 hack/installers/install-helm.sh:1 gh"}},
		{"./hack/install.sh \"$TOOL\"", []string{
			"secrets.PAT 10 hack/installers/install-helm.sh:1 gh",
			"secrets.PAT 10 hack/installers/install-kind.sh:2 gh",
		}},
		// Read, and found no use: said as for a script named in full.
		{"./ci/step-${STEP}.sh", []string{"secrets.PAT 10 :0 ./ci/step-{STEP}.sh | ./ci/step-{STEP}.sh runs with $GH_TOKEN in its environment; reading it found no use of it, but programs it runs and packages it loads that are not read may use it"}},
		{"gh pr list\n./ci/step-${STEP}.sh", []string{"secrets.PAT 10 :0 gh"}},
		{"./ci/step-${STEP}", []string{"secrets.PAT 10 :0 ./ci/step-{STEP} | ./ci/step-{STEP} runs with $GH_TOKEN in its environment; what it does with it is not visible (ci/step-c.rb (matching ci/step-*): ci/step-c.rb is a Ruby file, which pat2app does not read)"}},
		{"./ci/none-${STEP}.sh", []string{"secrets.PAT 10 :0 ./ci/none-{STEP}.sh | ./ci/none-{STEP}.sh runs with $GH_TOKEN in its environment; what it does with it is not visible (no file in the checkout matches ci/none-*.sh)"}},
		{"./many/x-${N}.sh", []string{"secrets.PAT 10 :0 ./many/x-{N}.sh | ./many/x-{N}.sh runs with $GH_TOKEN in its environment; what it does with it is not visible (17 files match many/x-*.sh, more than pat2app reads)"}},
		{"./$(cat dir.txt)/run-${N}.sh", []string{"secrets.PAT 10 :0 ./{dir.txt}/run-{N}.sh | ./{dir.txt}/run-{N}.sh runs with $GH_TOKEN in its environment; what it does with it is not visible (its path is built at run time)"}},
	}
	for _, c := range cases {
		res := analyze(t, tree, c.script, pat, Options{})
		if got := summary(res.Uses); strings.Join(got, "\n") != strings.Join(c.want, "\n") {
			t.Errorf("%s:\n%s\nwant:\n%s", c.script, strings.Join(got, "\n"), strings.Join(c.want, "\n"))
		}
	}
}

// FuzzFilePattern: a pattern made of any target is one path.Match takes,
// and matches the target's own last element with its unknown parts
// written in as any text.
func FuzzFilePattern(f *testing.F) {
	for _, s := range []string{"./hack/installers/install-{product}.sh", "ci/[x]*{a}.sh", `a\b/{c}`, "x/{}", "x/{a}{b}?"} {
		f.Add(s, "v")
	}
	f.Fuzz(func(t *testing.T, target, fill string) {
		dir, pattern, ok := filePattern(target)
		if !ok {
			return
		}
		if strings.Contains(dir, "{") {
			t.Fatalf("%q: folder %q has an unknown part", target, dir)
		}
		if strings.ContainsAny(fill, "/{}") {
			fill = "v"
		}
		name := unknownPart.ReplaceAllString(path.Base(strings.ReplaceAll(target, `\`, "/")), fill)
		if m, err := path.Match(pattern, name); err != nil || !m {
			t.Fatalf("%q: pattern %q does not match %q (%v)", target, pattern, name, err)
		}
	})
}
