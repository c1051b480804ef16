package scanner

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/pat2app/pat2app/inventory"
)

// TestFastlaneNamedVariable: a variable fastlane does not read by its name
// is read where the repository's files name it: a Matchfile's git_url
// (match clones its storage, and pushes to it unless setup_ci opens the
// Fastfile's before_all), another file (left for review at its line), or
// none (no use). A name tools read by convention, or a repository not on
// this machine, keeps the entry for review.
func TestFastlaneNamedVariable(t *testing.T) {
	matchfile := "git_url(\"https://#{ENV['CERTS_PAT']}@github.com/acme/certs\")\ntype(\"appstore\")\n"
	readOnly := "default_platform :ios\nplatform :ios do\n  before_all do\n    setup_ci\n  end\n  lane :beta do\n    match\n  end\nend\n"
	writable := "platform :ios do\n  lane :beta do\n    match\n  end\nend\n"
	for _, c := range []struct {
		name    string
		varName string
		files   map[string]string
		local   bool
		want    []string // findingLines
	}{
		{"match read-only on CI", "CERTS_PAT", map[string]string{"ios/fastlane/Matchfile": matchfile, "ios/fastlane/Fastfile": readOnly}, true,
			[]string{"op ios/fastlane/Matchfile:1 GIT clone (match's git storage) acme/certs"}},
		{"match writable", "CERTS_PAT", map[string]string{"ios/fastlane/Matchfile": matchfile, "ios/fastlane/Fastfile": writable}, true,
			[]string{"op ios/fastlane/Matchfile:1 GIT clone (match's git storage) acme/certs", "op ios/fastlane/Matchfile:1 GIT push (match's git storage: the certificates and profiles it makes when it does not run read-only) acme/certs"}},
		{"named by a script", "CERTS_PAT", map[string]string{"ios/fastlane/Fastfile": writable, "scripts/upload.sh": "#!/bin/sh\ncurl -H \"Authorization: token $CERTS_PAT\" https://api.github.com/x\n"}, true,
			[]string{"unresolved 2 curl -H \"Authorization: token $CERTS_PAT\" https://api.github.com/x"}},
		{"named by no file", "CERTS_PAT", map[string]string{"ios/fastlane/Fastfile": writable, "scripts/x.sh": "echo $CERTS_PATH\n"}, true, nil},
		{"not on this machine", "CERTS_PAT", map[string]string{"ios/fastlane/Fastfile": writable}, false,
			[]string{"unresolved 9 bundle exec fastlane ios beta"}},
		{"a conventional name", "GITHUB_TOKEN", map[string]string{"ios/fastlane/Fastfile": writable}, true,
			[]string{"unresolved 9 bundle exec fastlane ios beta"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			wf := ".github/workflows/ios.yml"
			files := map[string]string{wf: "on: push\njobs:\n  ios:\n    runs-on: macos-latest\n    steps:\n      - uses: actions/checkout@v4\n      - working-directory: ios\n        run: |\n          bundle exec fastlane ios beta\n        env:\n          " + c.varName + ": ${{ secrets.CERTS }}\n"}
			for p, d := range c.files {
				files[p] = d
			}
			fs := scanFiles(t, files, c.local, func(p string) bool { return p == wf })
			f := find(fs, "ios", "secrets.CERTS")
			if f == nil {
				t.Fatalf("no finding: %s", dump(fs))
			}
			got := findingLines(f)
			if !slices.Equal(got, c.want) {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(c.want, "\n"))
			}
			if c.want == nil && slices.ContainsFunc(f.Uses, func(u inventory.Use) bool { return u.Via != inventory.ViaEnv }) {
				t.Errorf("uses other than the step's env: %+v", f.Uses)
			}
		})
	}
}

// scanFiles scans the repository acme/demo made of files (path to
// content), its Tree on this machine when local, with the files scanned
// says as its workflow and action files.
func scanFiles(t *testing.T, files map[string]string, local bool, scanned func(string) bool) []inventory.Finding {
	t.Helper()
	tree := fstest.MapFS{}
	rf := RepoFiles{Name: "acme/demo", Tree: tree, TreeLocal: local}
	for _, p := range sortedKeys(files) {
		tree[p] = &fstest.MapFile{Data: []byte(files[p])}
		if scanned(p) {
			rf.Files = append(rf.Files, File{Path: p, Data: []byte(files[p])})
		}
	}
	return scanRepo(t, rf)
}
