package repocode

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/pat2app/pat2app/scanner/codeflow"
	"github.com/pat2app/pat2app/scanner/jsops"
	"github.com/pat2app/pat2app/scanner/shellops"
)

// analyze runs script as a workflow step's run: script with the given
// environment credentials, following into the files of tree.
func analyze(t *testing.T, tree fstest.MapFS, script string, env map[string][]string, opts Options) shellops.Result {
	t.Helper()
	var f *Follower
	if tree == nil {
		f = New(nil, opts)
	} else {
		f = New(tree, opts)
	}
	return shellops.Analyze(shellops.Input{Script: script, StartLine: 10, Cred: env, Follow: f, Repo: "acme/demo"})
}

// summary renders uses as "cred file:line command ops | unresolved".
func summary(uses []shellops.Use) []string {
	var out []string
	for _, u := range uses {
		s := fmt.Sprintf("%s %d %s:%d %s", u.Credential, u.Line, u.File, u.FileLine, u.Command)
		for _, o := range u.Ops {
			s += " " + strings.TrimSpace(o.Method+" "+o.Path)
		}
		if u.Unresolved != "" {
			s += " | " + u.Unresolved
		}
		out = append(out, s)
	}
	return out
}

func TestShellScripts(t *testing.T) {
	pat := map[string][]string{"GH_TOKEN": {"secrets.PAT"}}
	cases := []struct {
		name   string
		tree   fstest.MapFS
		script string
		env    map[string][]string
		opts   Options
		want   []string
	}{
		{
			name:   "script run directly uses gh",
			tree:   fstest.MapFS{"scripts/release.sh": {Data: []byte("#!/bin/bash\n\ngh release create \"$1\"\n")}},
			script: "./scripts/release.sh v1",
			env:    pat,
			want:   []string{"secrets.PAT 10 scripts/release.sh:3 gh"},
		},
		{
			name:   "a script read with no use found keeps its entry: the program it runs inherits the token",
			tree:   fstest.MapFS{"scripts/docs.sh": {Data: []byte("#!/bin/bash\nuv run --locked add-docstrings --path=x\n")}},
			script: "./scripts/docs.sh",
			env:    pat,
			want:   []string{"secrets.PAT 10 :0 ./scripts/docs.sh | ./scripts/docs.sh runs with $GH_TOKEN in its environment; reading it found no use of it, but it runs add-docstrings (scripts/docs.sh:2), which pat2app does not read and does not know to leave it alone"},
		},
		{
			name:   "argument becomes a positional parameter",
			tree:   fstest.MapFS{"x.sh": {Data: []byte("curl -X DELETE -H \"Authorization: token $2\" https://api.github.com/repos/a/b/git/refs/tags/x\n")}},
			script: "bash x.sh first \"$GH_TOKEN\"",
			env:    pat,
			want:   []string{"secrets.PAT 10 x.sh:1 curl DELETE /repos/a/b/git/refs/tags/x"},
		},
		{
			name:   "source reads the file into the shell",
			tree:   fstest.MapFS{"lib.sh": {Data: []byte("gh pr merge --auto 1\n")}},
			script: "source ./lib.sh",
			env:    pat,
			want:   []string{"secrets.PAT 10 lib.sh:1 gh"},
		},
		{
			name: "a function of a sourced file is read where the script calls it, with its arguments",
			tree: fstest.MapFS{"scripts/lib.sh": {Data: []byte("API=https://api.github.com\necho loaded\ncurl_gh() {\n  curl -s -H \"Authorization: token $GITHUB_TOKEN\" \"$@\"\n}\n")},
				"scripts/del.sh": {Data: []byte("source scripts/lib.sh\ncd scripts\ncurl_gh -X DELETE \"https://api.github.com/repos/a/b/issues/comments/$1\"\n")}},
			script: "scripts/del.sh 7",
			env:    map[string][]string{"GITHUB_TOKEN": {"secrets.PAT"}},
			want:   []string{"secrets.PAT 10 scripts/lib.sh:4 curl DELETE /repos/a/b/issues/comments/7"},
		},
		{
			name: "a file tsc writes when the job builds is read from its TypeScript source",
			tree: fstest.MapFS{"tools/tsconfig.json": {Data: []byte("{\n  // built by npm run build\n  \"compilerOptions\": {\"outDir\": \"./dist\", \"rootDir\": \"./src\",},\n}\n")},
				"tools/src/check.ts": {Data: []byte("import { execSync } from 'node:child_process'\nexecSync('gh release create v1')\n")}},
			script: "node tools/dist/check.js",
			env:    pat,
			want:   []string{"secrets.PAT 10 tools/src/check.ts:2 gh"},
		},
		{
			name:   "cd moves the working directory",
			tree:   fstest.MapFS{"tools/run.sh": {Data: []byte("gh issue close 3\n")}},
			script: "cd tools\n./run.sh",
			env:    pat,
			want:   []string{"secrets.PAT 11 tools/run.sh:1 gh"},
		},
		{
			name:   "a script moved with mv is read from where it was",
			tree:   fstest.MapFS{".github/upload.sh": {Data: []byte("gh release upload v1 app.apk\n")}},
			script: "mv .github/upload.sh .\nmkdir out && cd out\nbash ../upload.sh",
			env:    pat,
			want:   []string{"secrets.PAT 12 .github/upload.sh:1 gh"},
		},
		{
			name:   "a folder $(pwd) gave is written from the workspace, wherever the script is",
			tree:   fstest.MapFS{"sub/x.sh": {Data: []byte("#!/bin/bash\ngh release create v1\n")}},
			script: "cd sub\nROOT=$(pwd)\ncd ..\ncd \"$ROOT\"\n./x.sh",
			env:    pat,
			want:   []string{"secrets.PAT 14 sub/x.sh:2 gh"},
		},
		{
			name:   "a run that only asks a module or script its version reads nothing",
			tree:   fstest.MapFS{"tool/__main__.py": {Data: []byte("import os\nos.system('gh pr merge --auto 1')\n")}, "scripts/pub.sh": {Data: []byte("#!/bin/bash\ngh release create v1\n")}},
			script: "python3 -m tool --version\n./scripts/pub.sh --help",
			env:    pat,
			want:   []string{},
		},
		{
			name:   "a version flag among other arguments is a run like any other",
			tree:   fstest.MapFS{"scripts/pub.sh": {Data: []byte("#!/bin/bash\ngh release create v1\n")}},
			script: "./scripts/pub.sh --version 1.2.3",
			env:    pat,
			want:   []string{"secrets.PAT 10 scripts/pub.sh:2 gh"},
		},
		{
			name:   "so is one copied under another name",
			tree:   fstest.MapFS{"tools/pub.py": {Data: []byte("import os\nos.system('gh pr merge --auto 1')\n")}},
			script: "cp tools/pub.py /tmp/x.py 2>/dev/null || true\ncp tools/pub.py run.py\npython3 run.py",
			env:    pat,
			want:   []string{"secrets.PAT 12 tools/pub.py:2 gh"},
		},
		{
			name:   "a script names its neighbours from ${BASH_SOURCE[0]}",
			tree:   fstest.MapFS{"ci/release.sh": {Data: []byte("readonly SELF_DIR=$(cd \"$( dirname \"${BASH_SOURCE[0]}\" )\" && pwd )\n\"${SELF_DIR}/notes.sh\"\n")}, "ci/notes.sh": {Data: []byte("gh release create v1\n")}},
			script: "bash ci/release.sh",
			env:    pat,
			want:   []string{"secrets.PAT 10 ci/notes.sh:1 gh"},
		},
		{
			name:   "a script sources a neighbour from ${BASH_SOURCE%/*}",
			tree:   fstest.MapFS{"build/tag.sh": {Data: []byte("DIR=\"${BASH_SOURCE%/*}\"\nsource \"${DIR}/common.sh\"\nrelease v1\n")}, "build/common.sh": {Data: []byte("release() {\n  gh release create \"$1\"\n}\n")}},
			script: "bash build/tag.sh",
			env:    pat,
			want:   []string{"secrets.PAT 10 build/common.sh:2 gh"},
		},
		{
			name:   "a subshell's cd does not leak",
			tree:   fstest.MapFS{"run.sh": {Data: []byte("gh issue close 3\n")}, "tools/run.sh": {Data: []byte("echo other\n")}},
			script: "(cd tools && make)\n./run.sh",
			env:    pat,
			want:   []string{"secrets.PAT 11 run.sh:1 gh"},
		},
		{
			name:   "a conditional cd makes the directory unknown",
			tree:   fstest.MapFS{"run.sh": {Data: []byte("gh issue close 3\n")}},
			script: "if [ -d tools ]; then cd tools; fi\n./run-release.sh",
			env:    pat,
			want:   []string{"secrets.PAT 11 :0 ./run-release.sh | ./run-release.sh runs with $GH_TOKEN in its environment; what it does with it is not visible (the working directory is not known)"},
		},
		{
			name: "a script names its neighbours from $0, dirname and pwd",
			tree: fstest.MapFS{
				"hack/install.sh":      {Data: []byte("\"$(dirname \"$0\")/installers/a.sh\"\nsrc=$(cd \"$(dirname \"$0\")\" && pwd)\n\"$src/b.sh\"\n")},
				"hack/installers/a.sh": {Data: []byte("gh release download v1 -R acme/tool\n")},
				"hack/b.sh":            {Data: []byte("gh pr list\n")},
			},
			script: "./hack/install.sh",
			env:    pat,
			want:   []string{"secrets.PAT 10 hack/b.sh:1 gh", "secrets.PAT 10 hack/installers/a.sh:1 gh"},
		},
		{
			name:   "missing script keeps the old entry with a note",
			tree:   fstest.MapFS{},
			script: "./release.sh",
			env:    pat,
			want:   []string{"secrets.PAT 10 :0 ./release.sh | ./release.sh runs with $GH_TOKEN in its environment; what it does with it is not visible (release.sh is not in the checkout)"},
		},
		{
			name:   "a path out of the repository is not read",
			tree:   fstest.MapFS{},
			script: "../other/release.sh",
			env:    pat,
			want:   []string{"secrets.PAT 10 :0 ../other/release.sh | ../other/release.sh runs with $GH_TOKEN in its environment; what it does with it is not visible (outside the repository)"},
		},
		{
			name:   "an organisation scan says the script is not read",
			tree:   nil,
			script: "./release.sh",
			env:    pat,
			opts:   Options{Unavailable: "script not read in an organisation scan"},
			want:   []string{"secrets.PAT 10 :0 ./release.sh | ./release.sh runs with $GH_TOKEN in its environment; what it does with it is not visible (script not read in an organisation scan)"},
		},
		{
			name:   "a script that does not parse is reported partly read",
			tree:   fstest.MapFS{"bad.sh": {Data: []byte("gh pr list\nif then fi (\n")}},
			script: "./bad.sh",
			env:    pat,
			want: []string{
				"secrets.PAT 10 bad.sh:1 gh",
				"secrets.PAT 10 bad.sh:2 bad.sh | bad.sh is only partly read: parse sh script: 2:1: `if` must be followed by a statement list",
			},
		},
		{
			name:   "a file over the size limit is not read",
			tree:   fstest.MapFS{"big.sh": {Data: []byte(strings.Repeat("echo hi\n", 100))}},
			script: "./big.sh",
			env:    pat,
			opts:   Options{MaxFileSize: 64},
			want:   []string{"secrets.PAT 10 big.sh:0 big.sh | big.sh could not be read: 800 bytes, over the 64-byte limit"},
		},
		{
			name:   "a script that runs itself is read once",
			tree:   fstest.MapFS{"loop.sh": {Data: []byte("gh pr list\n./loop.sh\n")}},
			script: "./loop.sh",
			env:    pat,
			want:   []string{"secrets.PAT 10 loop.sh:1 gh"},
		},
		{
			name: "the depth limit stops the chain with an unresolved entry",
			tree: fstest.MapFS{"a.sh": {Data: []byte("./b.sh\n")}, "b.sh": {Data: []byte("./c.sh\n")},
				"c.sh": {Data: []byte("gh pr list\n")}},
			script: "./a.sh",
			env:    pat,
			opts:   Options{MaxDepth: 2},
			want:   []string{"secrets.PAT 10 c.sh:0 c.sh | c.sh followed 2 files deep; not read further"},
		},
		{
			name:   "a language that is not read keeps the old entry with a note",
			tree:   fstest.MapFS{"tools/bump.rb": {Data: []byte("puts ENV['GH_TOKEN']\n")}},
			script: "ruby tools/bump.rb",
			env:    pat,
			want:   []string{"secrets.PAT 10 :0 tools/bump.rb | tools/bump.rb runs with $GH_TOKEN in its environment; what it does with it is not visible (tools/bump.rb is a Ruby file, which pat2app does not read)"},
		},
		{
			name:   "a script that does nothing with the credential has no use",
			tree:   fstest.MapFS{"build.sh": {Data: []byte("go build ./...\n")}},
			script: "./build.sh\ngh pr list",
			env:    pat,
			want:   []string{"secrets.PAT 11 :0 gh"},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := analyze(t, c.tree, c.script, c.env, c.opts)
			got := summary(res.Uses)
			if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("uses:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(c.want, "\n"))
			}
		})
	}
}

// TestFilesReadOnce checks that a script run by many steps is read and
// analysed once for the same inputs.
func TestFilesReadOnce(t *testing.T) {
	tree := fstest.MapFS{"r.sh": {Data: []byte("gh pr list\n")}}
	f := New(tree, Options{})
	for i := 0; i < 3; i++ {
		res := shellops.Analyze(shellops.Input{Script: "./r.sh", Cred: map[string][]string{"GH_TOKEN": {"secrets.A"}}, Follow: f})
		if len(res.Uses) != 1 || res.Uses[0].File != "r.sh" {
			t.Fatalf("run %d: %+v", i, res.Uses)
		}
	}
	if f.reads != 1 || len(f.memo) != 1 {
		t.Errorf("reads %d, analyses %d; want 1 and 1", f.reads, len(f.memo))
	}
}

// TestSymlinkOutOfCheckout checks that a script linked to a file outside
// the checkout is not read through an os.Root tree.
func TestSymlinkOutOfCheckout(t *testing.T) {
	dir := t.TempDir()
	outside := filepath.Join(dir, "outside.sh")
	if err := os.WriteFile(outside, []byte("gh pr merge 1\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	repo := filepath.Join(dir, "repo")
	if err := os.MkdirAll(repo, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(repo, "release.sh")); err != nil {
		t.Skip("symlinks not available:", err)
	}
	root, err := os.OpenRoot(repo)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	f := New(root.FS(), Options{})
	res := shellops.Analyze(shellops.Input{Script: "./release.sh", Cred: map[string][]string{"GH_TOKEN": {"secrets.A"}}, Follow: f})
	got := strings.Join(summary(res.Uses), "\n")
	if strings.Contains(got, "gh") && !strings.Contains(got, "could not be read") {
		t.Fatalf("the linked file was read: %s", got)
	}
	if !strings.Contains(got, "release.sh could not be read") {
		t.Errorf("want an unresolved entry naming the link, got %s", got)
	}
}

func TestResolve(t *testing.T) {
	cases := []struct {
		dir     string
		known   bool
		p, want string
		ok      bool
		root    string
	}{
		{"ruff", true, "./scripts/x.sh", "scripts/x.sh", true, "ruff"},
		{".", true, "./scripts/x.sh", "", false, "ruff"},
		{".", true, "./scripts/x.sh", "", false, shellops.ForeignRoot},
		{".", true, "{GITHUB_WORKSPACE}/src/x.sh", "x.sh", true, "src"},
		{".", true, "./scripts/x.sh", "scripts/x.sh", true, ""},
		{"sub", true, "../x.sh", "x.sh", true, "."},
		{".", true, "../x.sh", "", false, ""},
		{".", false, "x.sh", "", false, ""},
		{".", false, "{GITHUB_WORKSPACE}/tools/x.sh", "tools/x.sh", true, ""},
		{"a", true, "{github.workspace}/b/../c.sh", "c.sh", true, ""},
		{".", true, "/usr/bin/x", "", false, ""},
		{".", true, "{RUNNER_TEMP}/x.sh", "", false, ""},
		{".", true, `tools\win.sh`, "tools/win.sh", true, ""},
	}
	for _, c := range cases {
		got, _, ok := resolve(c.dir, c.known, c.p, c.root)
		if got != c.want || ok != c.ok {
			t.Errorf("resolve(%q, %v, %q) = %q, %v; want %q, %v", c.dir, c.known, c.p, got, ok, c.want, c.ok)
		}
	}
}

func TestLanguage(t *testing.T) {
	cases := []struct {
		program, path, data, want string
	}{
		{"", "x.sh", "echo", langSh},
		{"", "x.sh", "#!/usr/bin/env bash\n", langShell},
		{"", "x", "#!/usr/bin/env -S node --no-warnings\n", langNode},
		{"", "x", "#!/usr/bin/python3\n", langPython},
		{"", "x", "echo hi\n", langSh},
		{"bash", "x.py", "", langShell},
		{"tsx", "x.ts", "", langNode},
		{"", "x.mjs", "", langNode},
		{"", "x.rb", "", "Ruby"},
		// A PowerShell module (Import-Module ./release.psm1) is PowerShell.
		{"", "release.psm1", "function Publish {}\n", langPowerShell},
		{"", "Release.PSD1", "@{ ModuleVersion = '1.0' }\n", langPowerShell},
		{"", "x", "#!/usr/bin/env ruby\n", "Ruby"},
		{"", "x", "#!/opt/weird\n", "an unknown language (weird)"},
		// Nix shebangs name the interpreter they run the script with.
		{"", "update.sh", "#!/usr/bin/env -S nix shell nixpkgs#jq -c bash\n", langShell},
		{"", "x", "#!/usr/bin/env nix-shell\n#!nix-shell -i python3 -p python3Packages.requests\nimport os\n", langPython},
		{"", "x", "#! /usr/bin/env nix-shell\n#! nix-shell -i bash --pure\n", langShell},
		{"", "x", "#!/usr/bin/env nix-shell\n", "an unknown language (nix-shell)"},
	}
	for _, c := range cases {
		if got := language(c.program, c.path, []byte(c.data)); got != c.want {
			t.Errorf("language(%q, %q, %q) = %q, want %q", c.program, c.path, c.data, got, c.want)
		}
	}
}

func TestMake(t *testing.T) {
	pat := map[string][]string{"GH_TOKEN": {"secrets.PAT"}}
	mk := `VERSION ?= dev
.PHONY: release build
release: build
	gh release create $(VERSION) --notes-file notes.md
	./scripts/notify.sh
build:
	go build ./...
publish:
	$(MAKE) release
deploy:
	curl -H "Authorization: token $(TOKEN)" -X POST https://api.github.com/repos/acme/demo/dispatches
`
	tree := fstest.MapFS{
		"Makefile":             {Data: []byte(mk)},
		"scripts/notify.sh":    {Data: []byte("gh issue comment 1 --body released\n")},
		"web/Makefile":         {Data: []byte("include ../mk/*.mk\nall:\n\techo\n")},
		"sdk/go/Makefile":      {Data: []byte("publish:\n\tgh release upload v1 dist/*\npublish-brew:\n\t$(CURDIR)/tools/brew.sh dist\n")},
		"sdk/go/tools/brew.sh": {Data: []byte("gh release upload v1 \"$1\"/*.tgz\n")},
		"sdk/ci.mk":            {Data: []byte("publish:\n\tgh workflow run release.yml\n")},
		"npm/Makefile":         {Data: []byte("NAME := npm\ninclude ../build/common.mk\n")},
		"build/common.mk":      {Data: []byte("# shared targets\n\nrelease:\n\tgh release create v1\n")},
	}
	cases := []struct {
		script string
		want   []string
	}{
		{"make release", []string{"secrets.PAT 10 Makefile:4 gh", "secrets.PAT 10 scripts/notify.sh:1 gh"}},
		{"make publish", []string{"secrets.PAT 10 Makefile:4 gh", "secrets.PAT 10 scripts/notify.sh:1 gh"}},
		{"make build", nil},
		{"make deploy TOKEN=\"$GH_TOKEN\"", []string{"secrets.PAT 10 Makefile:11 curl POST /repos/acme/demo/dispatches"}},
		{"make nothing", nil},
		{"make -C web other", []string{"secrets.PAT 10 web/Makefile:0 web/Makefile | web/Makefile has no explicit rule for other; a pattern rule or an included file not read may build it (../mk/*.mk)"}},
		{"make -C missing", nil}, // no Makefile: as before, a make target of no suggestive name is not an entry
		{"make -C sdk -C go publish", []string{"secrets.PAT 10 sdk/go/Makefile:2 gh"}},
		{"make -C npm release", []string{"secrets.PAT 10 build/common.mk:4 gh"}}, // an included file's recipe is shown where it is written
		// $(CURDIR) is the folder make runs in.
		{"make -C sdk/go publish-brew", []string{"secrets.PAT 10 sdk/go/tools/brew.sh:1 gh"}},
		// A script named like a tool (brew) is read as the script it is.
		{"./sdk/go/tools/brew.sh dist", []string{"secrets.PAT 10 sdk/go/tools/brew.sh:1 gh"}},
		{"make --directory=sdk -f ci.mk publish", []string{"secrets.PAT 10 sdk/ci.mk:2 gh"}},
		{"make -f sdk/missing.mk publish", []string{"secrets.PAT 10 :0 make publish | make publish runs with $GH_TOKEN in its environment; what it does with it is not visible (sdk/missing.mk is not in the checkout)"}},
		{"make -C missing release", []string{"secrets.PAT 10 :0 make release | make release runs with $GH_TOKEN in its environment; what it does with it is not visible (no Makefile in missing)"}},
		// A goal named in part at run time builds each rule that fits it;
		// one named wholly at run time is not known, nor the default goal.
		{"make \"${KIND}\"lish", []string{"secrets.PAT 10 Makefile:4 gh", "secrets.PAT 10 scripts/notify.sh:1 gh"}},
		{"make ${{ github.ref == 'refs/heads/main' && 'pub' || 'de' }}lish", []string{"secrets.PAT 10 Makefile:4 gh", "secrets.PAT 10 scripts/notify.sh:1 gh"}},
		{"make $KIND", []string{"secrets.PAT 10 Makefile:0 Makefile | Makefile the goal {KIND} is named at run time, and no rule's name fits it alone"}},
	}
	for _, c := range cases {
		res := analyze(t, tree, c.script, pat, Options{})
		if got := summary(res.Uses); strings.Join(got, "\n") != strings.Join(c.want, "\n") {
			t.Errorf("%s:\n%s\nwant:\n%s", c.script, strings.Join(got, "\n"), strings.Join(c.want, "\n"))
		}
	}
}

func TestPackageScripts(t *testing.T) {
	pat := map[string][]string{"GITHUB_TOKEN": {"secrets.PAT"}}
	root := `{
  "name": "root",
  "scripts": {
    "prerelease": "npm run build",
    "release": "gh release create",
    "build": "tsc",
    "postinstall": "node scripts/setup.mjs",
    "prepublishOnly": "gh api repos/acme/demo/dispatches -f event_type=publish",
    "comment": "sh scripts/comment.sh",
    "loop": "npm run loop",
    "ship": "npm-run-all --continue-on-error \"ship:*\"",
    "ship:notes": "gh release edit v1 --notes x",
    "ship:web:deploy": "gh workflow run web.yml"
  }
}`
	tree := fstest.MapFS{
		"package.json":       {Data: []byte(root)},
		"scripts/comment.sh": {Data: []byte("gh pr comment \"$1\" --body hi\n")},
		"scripts/label.ts":   {Data: []byte("import { Octokit } from '@octokit/rest'\nconst o = new Octokit({ auth: process.env.GITHUB_TOKEN })\nawait o.rest.issues.addLabels({ owner: 'acme', repo: 'demo', issue_number: 1, labels: ['x'] })\n")},
		"web/package.json":   {Data: []byte(`{"scripts": {"deploy": "gh workflow run deploy.yml", "postversion": "gh release create v1", "dist": "gh release upload v1 out.zip", "build": "gh workflow run build.yml"}}`)},
		"web/src/x.ts":       {Data: []byte("")},
		"bad/package.json":   {Data: []byte("{\n\"scripts\": {\n\"a\": \"b\",\n}}")},
	}
	cases := []struct {
		script string
		want   []string
	}{
		{"npm run release", []string{"secrets.PAT 10 package.json:5 gh"}},
		{"npm run comment -- \"$GITHUB_TOKEN\"", []string{"secrets.PAT 10 scripts/comment.sh:1 gh"}},
		{"cd web/src && npm run deploy", []string{"secrets.PAT 10 web/package.json:1 gh"}},
		{"npm --prefix web run deploy", []string{"secrets.PAT 10 web/package.json:1 gh"}},
		{"pnpm --filter web deploy", []string{"secrets.PAT 10 web/package.json:1 gh"}},
		{"npm publish", []string{"secrets.PAT 10 package.json:8 gh"}},
		{"npm publish --tag next --provenance", []string{"secrets.PAT 10 package.json:8 gh"}},
		{"cd \"$PKG\" && npm publish", []string{"secrets.PAT 10 :0 npm publish | npm publish runs with $GITHUB_TOKEN in its environment; what it does with it is not visible (its package's lifecycle scripts were not read: the working directory is not known)"}},
		{"npx lerna exec -- npm publish --tag next", []string{"secrets.PAT 10 :0 npm publish | npm publish runs with $GITHUB_TOKEN in its environment; what it does with it is not visible (its package's lifecycle scripts were not read: the working directory is not known)"}},
		{"npm run missing", nil},
		// npm version runs only its version scripts; none, nothing.
		{"npm version 1.2.3 --no-git-tag-version", nil},
		{"cd web && npm version \"$V\"", []string{"secrets.PAT 10 web/package.json:1 gh"}},
		{"cd \"$PKG\" && npm version patch", []string{"secrets.PAT 10 :0 npm version | npm version runs with $GITHUB_TOKEN in its environment; what it does with it is not visible (its package's version scripts were not read: the working directory is not known)"}},
		// npm-run-all's * stays within a part of a name split at ":".
		{"npm run ship", []string{"secrets.PAT 10 package.json:12 gh"}},
		{"npx run-s \"ship:**\"", []string{"secrets.PAT 10 package.json:12 gh", "secrets.PAT 10 package.json:13 gh"}},
		{"npx run-p -l ship:notes ship:web:deploy -- --flag", []string{"secrets.PAT 10 package.json:12 gh", "secrets.PAT 10 package.json:13 gh"}},
		// yarn/pnpm NAME with no script NAME runs the binary NAME.
		{"pnpm tsx scripts/label.ts", []string{"secrets.PAT 10 scripts/label.ts:3 node POST /repos/{owner}/{repo}/issues/{issue_number}/labels"}},
		{"yarn tsx scripts/label.ts", []string{"secrets.PAT 10 scripts/label.ts:3 node POST /repos/{owner}/{repo}/issues/{issue_number}/labels"}},
		{"pnpm comment", []string{"secrets.PAT 10 scripts/comment.sh:1 gh"}},
		// yarn and bun run NAME fall back to the binary too; npm and pnpm run stop.
		{"yarn run tsx scripts/label.ts", []string{"secrets.PAT 10 scripts/label.ts:3 node POST /repos/{owner}/{repo}/issues/{issue_number}/labels"}},
		{"bun run semantic-release", []string{"secrets.PAT 10 :0 semantic-release | semantic-release calls the GitHub API; its calls are not visible in the script"}},
		{"pnpm run semantic-release", nil},
		{"npm run loop", nil},
		{"yarn semantic-release", []string{"secrets.PAT 10 :0 semantic-release | semantic-release calls the GitHub API; its calls are not visible in the script"}},
		// A script named like a tool (dist, cargo-dist's) runs before the
		// binary; yarn and pnpm have no build command of their own.
		{"cd web && yarn dist", []string{"secrets.PAT 10 web/package.json:1 gh"}},
		{"cd web && pnpm build", []string{"secrets.PAT 10 web/package.json:1 gh"}},
		{"cd web && yarn build --prod", []string{"secrets.PAT 10 web/package.json:1 gh"}},
		{"cd bad && npm run a", []string{"secrets.PAT 10 bad/package.json:4 bad/package.json | bad/package.json could not be read: line 4: invalid character '}' looking for beginning of object key string"}},
		{"pnpm --filter @acme/web run deploy", []string{"secrets.PAT 10 :0 pnpm deploy | pnpm deploy runs with $GITHUB_TOKEN in its environment; what it does with it is not visible (the workspace package @acme/web is chosen by name, which is not followed)"}},
	}
	for _, c := range cases {
		res := analyze(t, tree, c.script, pat, Options{})
		if got := summary(res.Uses); strings.Join(got, "\n") != strings.Join(c.want, "\n") {
			t.Errorf("%s:\n%s\nwant:\n%s", c.script, strings.Join(got, "\n"), strings.Join(c.want, "\n"))
		}
	}
}

func TestDenoTasks(t *testing.T) {
	pat := map[string][]string{"GITHUB_TOKEN": {"secrets.PAT"}}
	tree := fstest.MapFS{
		"deno.json": {Data: []byte(`{
  "tasks": {
    "release": {"command": "gh release create v1", "dependencies": ["notes"]},
    "notes": "sh scripts/notes.sh",
    "loop": "deno task loop"
  }
}`)},
		"scripts/notes.sh":   {Data: []byte("gh api repos/acme/demo/releases/generate-notes -f tag_name=v1\n")},
		"package.json":       {Data: []byte(`{"scripts": {"docs": "gh workflow run docs.yml"}}`)},
		"web/deno.jsonc":     {Data: []byte("{\n  // tasks\n  \"tasks\": {\n    \"deploy\": \"gh workflow run deploy.yml\",\n  },\n}")},
		"web/src/main.ts":    {Data: []byte("")},
		"tools/ci.json":      {Data: []byte(`{"tasks": {"tag": "gh release create v1"}}`)},
		"bad/deno.json":      {Data: []byte("{\n\"tasks\": [\n]}")},
		"lone/deno.json":     {Data: []byte(`{"tasks": {}}`)},
		"lone/x/placeholder": {Data: []byte("")},
	}
	cases := []struct {
		script string
		want   []string
	}{
		{"deno task release", []string{"secrets.PAT 10 deno.json:3 gh", "secrets.PAT 10 scripts/notes.sh:1 gh"}},
		{"cd web/src && deno task deploy", []string{"secrets.PAT 10 web/deno.jsonc:4 gh"}},
		{"deno task -c tools/ci.json tag", []string{"secrets.PAT 10 tools/ci.json:1 gh"}},
		{"deno task docs", []string{"secrets.PAT 10 package.json:1 gh"}}, // package.json scripts too
		{"deno task loop", nil},
		{"deno task missing", nil},
		{"cd lone/x && deno task missing", nil},
		{"cd bad && deno task a", []string{"secrets.PAT 10 bad/deno.json:2 bad/deno.json | bad/deno.json could not be read: line 2: \"tasks\" is not an object"}},
		{"deno task -c nowhere.json release", []string{"secrets.PAT 10 :0 deno task release | deno task release runs with $GITHUB_TOKEN in its environment; what it does with it is not visible (nowhere.json is not in the checkout)"}},
	}
	for _, c := range cases {
		res := analyze(t, tree, c.script, pat, Options{})
		if got := summary(res.Uses); strings.Join(got, "\n") != strings.Join(c.want, "\n") {
			t.Errorf("%s:\n%s\nwant:\n%s", c.script, strings.Join(got, "\n"), strings.Join(c.want, "\n"))
		}
	}
}

// TestPendingJudgedByTheStep checks that a script a followed file runs,
// which cannot be read and gets a credential only through the
// environment, is judged as the step's own commands are: kept when its
// name suggests GitHub work or nothing else in the step uses the
// credential.
func TestPendingJudgedByTheStep(t *testing.T) {
	pat := map[string][]string{"GH_TOKEN": {"secrets.PAT"}}
	tree := fstest.MapFS{"Makefile": {Data: []byte("release:\n\t./bin/do-it\nci:\n\t./bin/do-it\n\tgh pr list\n")}}
	cases := []struct {
		script string
		want   []string
	}{
		{"make release", []string{"secrets.PAT 10 Makefile:2 ./bin/do-it | ./bin/do-it runs with $GH_TOKEN in its environment; what it does with it is not visible (bin/do-it is not in the checkout)"}},
		{"make ci", []string{"secrets.PAT 10 Makefile:5 gh"}},
		{"make release\ngh pr list", []string{"secrets.PAT 11 :0 gh"}},
	}
	for _, c := range cases {
		res := analyze(t, tree, c.script, pat, Options{})
		if got := summary(res.Uses); strings.Join(got, "\n") != strings.Join(c.want, "\n") {
			t.Errorf("%s:\n%s\nwant:\n%s", c.script, strings.Join(got, "\n"), strings.Join(c.want, "\n"))
		}
	}
}

func TestNodeScripts(t *testing.T) {
	pat := map[string][]string{"GITHUB_TOKEN": {"secrets.PAT"}}
	tree := fstest.MapFS{
		"scripts/release.ts": {Data: []byte(`import { execSync } from 'node:child_process'
import { notify } from './lib/notify'
const token: string = process.env.GITHUB_TOKEN!
await fetch('https://api.github.com/repos/acme/demo/releases', { method: 'POST', headers: { authorization: ` + "`token ${token}`" + ` } })
execSync('git push origin v1')
await notify(token)
`)},
		"scripts/lib/notify.ts": {Data: []byte(`import { Octokit } from '@octokit/rest'
export async function notify(auth: string) {
  const gh = new Octokit({ auth })
  await gh.rest.issues.createComment({ owner: 'acme', repo: 'tracker', issue_number: 1, body: 'x' })
}
`)},
		"scripts/stale.mjs": {Data: []byte(`import { parseArgs } from 'node:util'
import { execSync } from 'node:child_process'
const { values } = parseArgs({ options: { token: { type: 'string' } } })
execSync('gh issue close 3', { env: { ...process.env, GH_TOKEN: values.token } })
`)},
		"scripts/leaky.js":     {Data: []byte("const t = process.env.GITHUB_TOKEN\nrequire('some-sdk').login(t)\n")},
		"scripts/missing.js":   {Data: []byte("const t = process.env.GITHUB_TOKEN\nrequire('./generated/client').login(t)\n")},
		"scripts/dispatch.mjs": {Data: []byte("const name = process.argv[2]\nasync function main() {\n  const script = await import(`./${name}.mts`)\n  await script.default()\n}\nmain()\n")},
		"scripts/broken.js":    {Data: []byte("fetch('https://api.github.com/user', {headers: {authorization: process.env.GITHUB_TOKEN}})\nthis is ( not js\n")},
		"scripts/anon.js":      {Data: []byte("await fetch('https://api.github.com/repos/acme/demo')\n")},
		"scripts/pkg.js":       {Data: []byte("const core = require('@actions/core')\nawait fetch('https://api.github.com/repos/acme/demo')\n")},
		"scripts/inert.mjs":    {Data: []byte("import fs from 'node:fs'\nimport { x } from './lib/x.mjs'\nfs.writeFileSync('out', x)\n")},
		"scripts/lib/x.mjs":    {Data: []byte("import { execSync } from 'node:child_process'\nexport const x = execSync('git rev-parse HEAD').toString()\n")},
		"scripts/evals.js":     {Data: []byte("const m = require(process.argv[2])\nm.run()\n")},
	}
	cases := []struct {
		script string
		want   []string
	}{
		{"node scripts/release.ts", []string{
			"secrets.PAT 10 scripts/lib/notify.ts:4 node POST /repos/{owner}/{repo}/issues/{issue_number}/comments",
			"secrets.PAT 10 scripts/release.ts:4 node POST /repos/acme/demo/releases",
		}},
		{"node scripts/stale.mjs --token \"$GITHUB_TOKEN\"", []string{"secrets.PAT 10 scripts/stale.mjs:4 gh"}},
		{"node scripts/leaky.js", []string{"secrets.PAT 10 scripts/leaky.js:2 scripts/leaky.js | scripts/leaky.js reads $GITHUB_TOKEN and hands it to require(…).login(…); what that does with it is not visible"}},
		{"node scripts/missing.js", []string{"secrets.PAT 10 scripts/missing.js:2 ./generated/client | ./generated/client is loaded with $GITHUB_TOKEN in the environment; it is not in the checkout"}},
		{"node scripts/dispatch.mjs snapshots", []string{"secrets.PAT 10 scripts/dispatch.mjs:0 ./${name}.mts | ./${name}.mts is loaded with $GITHUB_TOKEN in the environment; its name is built at run time"}},
		{"node scripts/broken.js", []string{
			"secrets.PAT 10 scripts/broken.js:1 node GET /user",
			"secrets.PAT 10 scripts/broken.js:2 scripts/broken.js | scripts/broken.js is only partly read: javascript: 2:6: unexpected is in expression",
		}},
		// No use found in a module that loads only what is read (its own
		// modules, the built-ins pat2app knows, child_process whose
		// calls are read): it does not use the credential.
		{"node scripts/anon.js", nil},
		{"node scripts/inert.mjs", nil},
		// A package it loads, or a module named at run time, is not read:
		// the entry a script that is not read would have stays, for the
		// step to judge.
		{"node scripts/pkg.js", []string{"secrets.PAT 10 :0 scripts/pkg.js | scripts/pkg.js runs with $GITHUB_TOKEN in its environment; reading it found no use of it, but programs it runs and packages it loads that are not read may use it"}},
		{"node scripts/evals.js", []string{"secrets.PAT 10 :0 scripts/evals.js | scripts/evals.js runs with $GITHUB_TOKEN in its environment; reading it found no use of it, but programs it runs and packages it loads that are not read may use it"}},
	}
	for _, c := range cases {
		res := analyze(t, tree, c.script, pat, Options{})
		if got := summary(res.Uses); strings.Join(got, "\n") != strings.Join(c.want, "\n") {
			t.Errorf("%s:\n%s\nwant:\n%s", c.script, strings.Join(got, "\n"), strings.Join(c.want, "\n"))
		}
	}
}

func TestPythonScripts(t *testing.T) {
	pat := map[string][]string{"GH_TOKEN": {"secrets.PAT"}}
	tree := fstest.MapFS{
		"scripts/release.py": {Data: []byte(`import os
from github import Github
from scripts.lib.notes import notes

g = Github(os.environ["GH_TOKEN"])
repo = g.get_repo("acme/demo")
repo.create_git_release("v1", "v1", notes())
`)},
		"scripts/lib/notes.py": {Data: []byte(`import os, subprocess
def notes():
    subprocess.run(["gh", "api", "repos/acme/demo/releases/generate-notes", "-f", "tag_name=v1"], check=True)
    return "notes"
`)},
		"tools/bump/__main__.py": {Data: []byte("import os, requests\nrequests.put('https://api.github.com/repos/acme/demo/contents/VERSION', headers={'Authorization': 'token ' + os.environ['GH_TOKEN']})\n")},
	}
	cases := []struct {
		script string
		want   []string
	}{
		{"python3 scripts/release.py", []string{
			"secrets.PAT 10 scripts/lib/notes.py:3 gh",
			"secrets.PAT 10 scripts/release.py:6 python GET /repos/{owner}/{repo}",
			"secrets.PAT 10 scripts/release.py:7 python POST /repos/{owner}/{repo}/releases",
		}},
		{"python -m tools.bump", []string{"secrets.PAT 10 tools/bump/__main__.py:2 python PUT /repos/acme/demo/contents/VERSION"}},
	}
	for _, c := range cases {
		res := analyze(t, tree, c.script, pat, Options{})
		if got := summary(res.Uses); strings.Join(got, "\n") != strings.Join(c.want, "\n") {
			t.Errorf("%s:\n%s\nwant:\n%s", c.script, strings.Join(got, "\n"), strings.Join(c.want, "\n"))
		}
	}
}

// TestModulesReadOnce: a package whose modules import one another along
// many paths (each imports every later one, as a large library's modules
// do) is read once a module, not once a path through the imports (2^(n-2)
// paths to the last one here; pytorch_geometric's fan-out made a reading
// per path run for hours), and the call the last module makes is still
// found, in Python and in Node.js.
func TestModulesReadOnce(t *testing.T) {
	const n = 7
	for _, tc := range []struct {
		lang, script, entry, entryText, module, load, call string
	}{
		{"python", "python run.py", "run.py", "import pkg.m0\npkg.m0.go()\n", "pkg/m%d.py", "import pkg.m%d\n",
			"import os, requests\nrequests.post('https://api.github.com/repos/acme/demo/dispatches', headers={'Authorization': 'token ' + os.environ['GH_TOKEN']})\n"},
		{"node", "node run.js", "run.js", "require('./pkg/m0.js')\n", "pkg/m%d.js", "require('./m%d.js')\n",
			"fetch('https://api.github.com/repos/acme/demo/dispatches', {method: 'POST', headers: {authorization: `token ${process.env.GH_TOKEN}`}})\n"},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			tree := fstest.MapFS{tc.entry: {Data: []byte(tc.entryText)}, "pkg/__init__.py": {Data: []byte("")}}
			for i := 0; i < n; i++ {
				var b strings.Builder
				for k := i + 1; k < n; k++ {
					fmt.Fprintf(&b, tc.load, k)
				}
				if i == n-1 {
					b.WriteString(tc.call)
				}
				tree[fmt.Sprintf(tc.module, i)] = &fstest.MapFile{Data: []byte(b.String())}
			}
			f := New(tree, Options{})
			res := shellops.Analyze(shellops.Input{Script: tc.script, StartLine: 10, Cred: map[string][]string{"GH_TOKEN": {"secrets.PAT"}}, Follow: f, Repo: "acme/demo"})
			last := fmt.Sprintf(tc.module, n-1)
			callLine := strings.Count(tc.call, "\n")
			want := fmt.Sprintf("secrets.PAT 10 %s:%d %s POST /repos/acme/demo/dispatches", last, callLine, tc.lang)
			if got := summary(res.Uses); strings.Join(got, "\n") != want {
				t.Errorf("uses:\n%s\nwant:\n%s", strings.Join(got, "\n"), want)
			}
			// The entry, and each of the n modules once.
			if got := f.moduleReads; got != n+1 {
				t.Errorf("%d module readings, want %d", got, n+1)
			}
		})
	}
}

func TestGoPrograms(t *testing.T) {
	pat := map[string][]string{"GITHUB_TOKEN": {"secrets.PAT"}}
	tree := fstest.MapFS{
		"script/relnotes.go": {Data: []byte(`package main

import (
	"net/http"
	"os"
)

func main() {
	req, _ := http.NewRequest("POST", "https://api.github.com/repos/acme/demo/releases/generate-notes", nil)
	req.Header.Set("Authorization", "token "+os.Getenv("GITHUB_TOKEN"))
	http.DefaultClient.Do(req)
}
`)},
		"pkg/a/a.go":      {Data: []byte("package a\n\nfunc A() {}\n")},
		"pkg/a/a_test.go": {Data: []byte("package a\n\nimport (\"os\"; \"testing\")\n\nfunc TestA(t *testing.T) { vendor.Use(os.Getenv(\"GITHUB_TOKEN\")) }\n")},
		"pkg/b/b_test.go": {Data: []byte("package b\n\nimport \"testing\"\n\nfunc TestB(t *testing.T) {}\n")},
		"vendor/x/x.go":   {Data: []byte("package x\n\nimport \"os\"\n\nvar T = os.Getenv(\"GITHUB_TOKEN\")\nfunc init() { leak(T) }\n")},
	}
	cases := []struct {
		script string
		want   []string
	}{
		{"go run ./script/relnotes.go", []string{"secrets.PAT 10 script/relnotes.go:9 go POST /repos/acme/demo/releases/generate-notes"}},
		{"go run script/relnotes.go --new-ver 1", []string{"secrets.PAT 10 script/relnotes.go:9 go POST /repos/acme/demo/releases/generate-notes"}},
		{"go test ./...", []string{"secrets.PAT 10 pkg/a/a_test.go:5 pkg/a/a_test.go | pkg/a/a_test.go reads $GITHUB_TOKEN and hands it to vendor.Use(…); what that does with it is not visible"}},
		{"go build ./... && go test ./pkg/b", nil},
		{"gotestsum --packages=\"$PACKAGES\" -- -race", []string{"secrets.PAT 10 pkg/a/a_test.go:5 pkg/a/a_test.go | pkg/a/a_test.go reads $GITHUB_TOKEN and hands it to vendor.Use(…); what that does with it is not visible"}},
	}
	for _, c := range cases {
		res := analyze(t, tree, c.script, pat, Options{})
		if got := summary(res.Uses); strings.Join(got, "\n") != strings.Join(c.want, "\n") {
			t.Errorf("%s:\n%s\nwant:\n%s", c.script, strings.Join(got, "\n"), strings.Join(c.want, "\n"))
		}
	}
}

// TestPrivateGoModules: with git's credentials covering github.com, go
// fetches the modules GOPRIVATE names from their repositories: those
// go.mod requires are read with the credential; without GOPRIVATE the
// module proxy serves them.
func TestPrivateGoModules(t *testing.T) {
	tree := fstest.MapFS{"go.mod": {Data: []byte("module github.com/acme/cli\n\ngo 1.22\n\nrequire (\n\tgithub.com/acme/core/v2 v2.1.0\n\tgithub.com/acme/sdk v0.3.0 // indirect\n\tgithub.com/spf13/cobra v1.8.0\n)\n")}}
	script := "git config --global url.\"https://x:${T}@github.com/\".insteadOf \"https://github.com/\"\ngo run ./cmd/docs"
	for _, tc := range []struct {
		known map[string]string
		want  string
	}{
		{map[string]string{"GOPRIVATE": "github.com/acme"}, "acme/core,acme/sdk"},
		{map[string]string{"GONOPROXY": "github.com/acme/core*"}, "acme/core"},
		{nil, ""},
	} {
		res := shellops.Analyze(shellops.Input{Script: script, StartLine: 1, Cred: map[string][]string{"T": {"secrets.BOT"}}, Known: tc.known,
			Follow: New(tree, Options{}), Repo: "acme/cli", RepoRoot: "."})
		got := ""
		for _, u := range res.Uses {
			if u.Command == "go" {
				got = strings.Join(u.TargetRepos, ",")
			}
		}
		if got != tc.want {
			t.Errorf("%v: go reads %q, want %q", tc.known, got, tc.want)
		}
	}
}

// TestProgramFromVariable: a command whose program a variable of the
// code names is one program, not taken to read git's or gh's stored
// credentials; one written out is the shell reader's to judge.
func TestProgramFromVariable(t *testing.T) {
	for text, want := range map[string]bool{
		`"$__go1" -e stderr`: true,
		`$__go4 "$__go5"`:    true,
		`git push $__go3`:    false,
		`"$__go2" push`:      false,
		`gh pr create`:       false,
	} {
		if got := programFromVariable(text); got != want {
			t.Errorf("programFromVariable(%q) = %v, want %v", text, got, want)
		}
	}
}

// TestRequestToAnotherService: a request whose credential the code's
// caller passes reaches every credential in reach when it goes to GitHub,
// and none when it goes to another service.
func TestRequestToAnotherService(t *testing.T) {
	f := New(fstest.MapFS{}, Options{})
	r := &shellops.Run{Base: shellops.Input{Persisted: []string{"secrets.PAT"}}}
	for host, want := range map[string]int{"nginx-plus-api": 0, "api.github.com": 1} {
		var out shellops.Followed
		c := jsops.Call{Line: 5, Host: host, Auth: []string{codeflow.SourceParam + "client"}, Evidence: "http.NewRequest"}
		f.moduleCall(r, "m.go", credSources{r: r, runtime: "go"}, c, &out)
		if len(out.Uses) != want {
			t.Errorf("request to %s: %d uses, want %d", host, len(out.Uses), want)
		}
	}
}

// TestDeclaredScript checks that a script whose permissions .pat2app.yaml
// declares is not read, so that its entry carries the declaration.
func TestDeclaredScript(t *testing.T) {
	tree := fstest.MapFS{"scripts/release.sh": {Data: []byte("gh release create v1\n")}}
	f := New(tree, Options{Declared: func(s string) bool { return s == "./scripts/release.sh" }})
	res := shellops.Analyze(shellops.Input{Script: "./scripts/release.sh", Cred: map[string][]string{"GH_TOKEN": {"secrets.A"}}, Follow: f})
	got := strings.Join(summary(res.Uses), "\n")
	if got != "secrets.A 1 :0 ./scripts/release.sh | ./scripts/release.sh runs with $GH_TOKEN in its environment; what it does with it is not visible" {
		t.Errorf("got %s", got)
	}
}

// TestGoRunningGoIsFollowedOnce: Go test harnesses that run go test
// themselves (each package's test runs `go test ./...` with the token in
// its environment) must not be followed into themselves: the work grows
// with the number of packages, not with a power of it. Work is counted in
// allocations, which a busy machine does not change.
func TestGoRunningGoIsFollowedOnce(t *testing.T) {
	tree := func(n int) fstest.MapFS {
		fs := fstest.MapFS{"go.mod": {Data: []byte("module example.com/m\n")}}
		for i := 0; i < n; i++ {
			fs[fmt.Sprintf("pkg/p%d/p_test.go", i)] = &fstest.MapFile{Data: []byte(fmt.Sprintf(`package p%d

import (
	"os"
	"os/exec"
	"testing"
)

func TestAll(t *testing.T) {
	cmd := exec.Command("go", "test", "./...")
	cmd.Env = append(os.Environ(), "GITHUB_TOKEN="+os.Getenv("GITHUB_TOKEN"))
	_ = cmd.Run()
}
`, i))}
		}
		return fs
	}
	env := map[string][]string{"GITHUB_TOKEN": {"secrets.PAT"}}
	work := func(n int) float64 {
		tr := tree(n)
		return testing.AllocsPerRun(1, func() { analyze(t, tr, "go test ./...", env, Options{}) })
	}
	if small, large := work(2), work(8); large > 3*4*small {
		t.Errorf("2 packages: %.0f allocations, 8 packages: %.0f: more than linear", small, large)
	}
}

func TestMadeClientsAndGitWrappers(t *testing.T) {
	tree := fstest.MapFS{
		"tools/deps.ts": {Data: []byte("export * from \"jsr:@acme/automation@1.0.0\";\n")},
		"tools/release.ts": {Data: []byte(`import { $, createOctoKit } from "./deps.ts";
await repo.gitTag(tag);
await repo.gitPush("origin", tag);
await createOctoKit().request("POST /repos/{owner}/{repo}/pulls", { head: "x" });
`)},
		"tools/other.ts": {Data: []byte("import { send } from \"npm:@acme/lib\";\nawait send(\"POST /gists\", {});\n")},
		"tools/gist.ts": {Data: []byte(`import { createOctoKit } from "./deps.ts";
const octoKit = createOctoKit();
await octoKit.request("POST /gists", {});
`)},
	}
	cases := []struct {
		script string
		env    map[string][]string
		want   []string
	}{
		{"deno run -A tools/release.ts", map[string][]string{"GITHUB_TOKEN": {"secrets.PAT"}}, []string{
			"secrets.PAT 10 tools/release.ts:3 git GIT push",
			"secrets.PAT 10 tools/release.ts:4 node POST /repos/{owner}/{repo}/pulls",
		}},
		// The client's credential is not one of the GitHub token variables:
		// which one it sends is not known.
		{"deno run -A tools/gist.ts", map[string][]string{"MY_SECRET": {"secrets.OTHER"}}, []string{
			"secrets.OTHER 10 tools/gist.ts:3 tools/gist.ts | tools/gist.ts calls the GitHub API (octoKit.request POST /gists) through a client made by code that is not read (createOctoKit(…) of ./deps.ts); which credential it sends is not known",
			"secrets.PAT 10 tools/gist.ts:3 tools/gist.ts | tools/gist.ts calls the GitHub API (octoKit.request POST /gists) through a client made by code that is not read (createOctoKit(…) of ./deps.ts); which credential it sends is not known",
		}},
		// A route no call that is read sends: never "no use".
		{"deno run -A tools/other.ts", map[string][]string{"GITHUB_TOKEN": {"secrets.PAT"}}, []string{
			"secrets.PAT 10 tools/other.ts:2 tools/other.ts | tools/other.ts names the GitHub API route POST /gists, but no call the reading understands sends it; what sends it, with which credential, is not known",
		}},
		// Only the checkout's persisted credential reaches it: git alone
		// sends that one, so a route string is not its use.
		{"deno run -A tools/other.ts", nil, nil},
	}
	for _, c := range cases {
		f := New(tree, Options{})
		res := shellops.Analyze(shellops.Input{Script: c.script, StartLine: 10, Cred: c.env, Follow: f, Repo: "acme/demo", Persisted: []string{"secrets.PAT"}})
		var got []string
		for _, s := range summary(res.Uses) {
			if !strings.Contains(s, "fetch") && !strings.Contains(s, "GIT tag") {
				got = append(got, s)
			}
		}
		if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
			t.Errorf("%s:\n%s\nwant:\n%s", c.script, strings.Join(got, "\n"), strings.Join(c.want, "\n"))
		}
	}
}

func TestLernaExecPackages(t *testing.T) {
	pat := map[string][]string{"GH_TOKEN": {"secrets.PAT"}}
	pkgs := fstest.MapFS{
		"package.json":            {Data: []byte(`{"name": "root", "private": true}`)},
		"packages/a/package.json": {Data: []byte(`{"name": "a", "scripts": {"prepublishOnly": "gh release create v1"}}`)},
		"packages/b/package.json": {Data: []byte(`{"name": "b"}`)},
		"packages/notes.md":       {Data: []byte("")},
	}
	lerna := maps.Clone(pkgs)
	lerna["lerna.json"] = &fstest.MapFile{Data: []byte(`{"version": "1.0.0"}`)} // lerna's default: packages/*
	workspaces := maps.Clone(pkgs)
	workspaces["package.json"] = &fstest.MapFile{Data: []byte(`{"name": "root", "workspaces": {"packages": ["packages/*"]}}`)}
	deep := maps.Clone(pkgs)
	deep["lerna.json"] = &fstest.MapFile{Data: []byte(`{"packages": ["packages/**"]}`)}
	unknown := "secrets.PAT 10 :0 npm publish | npm publish runs with $GH_TOKEN in its environment; what it does with it is not visible (its package's lifecycle scripts were not read: the working directory is not known)"
	for _, c := range []struct {
		name string
		tree fstest.MapFS
		want []string
	}{
		{"lerna.json without packages: packages/*", lerna, []string{"secrets.PAT 10 packages/a/package.json:1 gh"}},
		{"package.json workspaces", workspaces, []string{"secrets.PAT 10 packages/a/package.json:1 gh"}},
		{"a pattern with ** is not listed", deep, []string{unknown}},
		{"no lerna.json and no workspaces", pkgs, []string{unknown}},
	} {
		res := analyze(t, c.tree, "npx lerna exec --stream -- npm publish --tag next", pat, Options{})
		if got := summary(res.Uses); strings.Join(got, "\n") != strings.Join(c.want, "\n") {
			t.Errorf("%s:\n%s\nwant:\n%s", c.name, strings.Join(got, "\n"), strings.Join(c.want, "\n"))
		}
	}
}

func TestGitHubHostsThatAreNotTheAPI(t *testing.T) {
	pat := map[string][]string{"GH_TOKEN": {"secrets.PAT"}}
	tree := fstest.MapFS{
		"get.py":  {Data: []byte("import os, requests\nh = {\"Authorization\": \"token \" + os.environ[\"GH_TOKEN\"]}\nrequests.get(\"https://raw.githubusercontent.com/acme/tools/main/ci/map.json\", headers=h)\n")},
		"dl.py":   {Data: []byte("import os, requests\nh = {\"Authorization\": \"token \" + os.environ[\"GH_TOKEN\"]}\nrequests.get(\"https://github.com/acme/tools/releases/download/v1/x.tgz\", headers=h)\n")},
		"get.mjs": {Data: []byte("const headers = { Authorization: `token ${process.env.GH_TOKEN}` }\nawait fetch('https://raw.githubusercontent.com/acme/tools/main/ci/map.json', { headers })\n")},
	}
	for _, c := range []struct {
		script string
		want   []string
	}{
		{"python get.py", []string{"secrets.PAT 10 get.py:3 python GET /repos/acme/tools/contents/ci/map.json"}},
		{"node get.mjs", []string{"secrets.PAT 10 get.mjs:2 node GET /repos/acme/tools/contents/ci/map.json"}},
		{"python dl.py", []string{"secrets.PAT 10 dl.py:3 python | request to github.com with the credential: requests.get"}},
	} {
		res := analyze(t, tree, c.script, pat, Options{})
		if got := summary(res.Uses); strings.Join(got, "\n") != strings.Join(c.want, "\n") {
			t.Errorf("%s:\n%s\nwant:\n%s", c.script, strings.Join(got, "\n"), strings.Join(c.want, "\n"))
		}
		for _, u := range res.Uses {
			if u.GitHub <= 0 {
				t.Errorf("%s: a request to %s is taken for another service's", c.script, u.Host)
			}
		}
	}
}

// TestPowerShellScripts: a .ps1 file a command runs is read by the
// PowerShell reader; what it shows no use of stays for the step to judge,
// since that reader does not list the programs it does not read.
func TestPowerShellScripts(t *testing.T) {
	pat := map[string][]string{"GH_TOKEN": {"secrets.PAT"}}
	tree := fstest.MapFS{
		"scripts/release.ps1": {Data: []byte("param([string]$Tag)\ngh release create $Tag --generate-notes\ngit push origin $Tag\n")},
		"scripts/build.ps1":   {Data: []byte("cargo build --release\n7z a dist.zip target/release/app.exe\n")},
	}
	cases := []struct {
		script string
		want   []string
	}{
		{"pwsh -File scripts/release.ps1 -Tag v1", []string{"secrets.PAT 10 scripts/release.ps1:2 gh"}},
		{"pwsh scripts/build.ps1", []string{"secrets.PAT 10 :0 scripts/build.ps1 | scripts/build.ps1 runs with $GH_TOKEN in its environment; reading it found no use of it, but programs it runs and packages it loads that are not read may use it"}},
	}
	for _, c := range cases {
		res := analyze(t, tree, c.script, pat, Options{})
		if got := summary(res.Uses); strings.Join(got, "\n") != strings.Join(c.want, "\n") {
			t.Errorf("%s:\n%s\nwant:\n%s", c.script, strings.Join(got, "\n"), strings.Join(c.want, "\n"))
		}
	}
}

// TestHereDocumentCode: code an interpreter reads from a here-document is
// read as a file of its language, its uses placed at their own lines of
// the script.
func TestHereDocumentCode(t *testing.T) {
	pat := map[string][]string{"GITHUB_TOKEN": {"secrets.PAT"}}
	script := "python3 <<'EOF'\nimport os, requests\ntoken = os.environ['GITHUB_TOKEN']\nrequests.put('https://api.github.com/repos/acme/demo/environments/prod/secrets/X', headers={'Authorization': 'token ' + token})\nEOF\nnode <<'EOF'\nconsole.log(process.env.GITHUB_TOKEN ? 'set' : 'unset')\nEOF"
	res := analyze(t, fstest.MapFS{}, script, pat, Options{})
	got := summary(res.Uses)
	want := []string{"secrets.PAT 13 :0 python PUT /repos/acme/demo/environments/prod/secrets/X"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestInlineCode: python -c CODE and node -e|-p CODE are read as files of
// their language, like a here-document's code.
func TestInlineCode(t *testing.T) {
	pat := map[string][]string{"GITHUB_TOKEN": {"secrets.PAT"}}
	tree := fstest.MapFS{"package.json": {Data: []byte(`{"version": "1.0.0"}`)}}
	for _, c := range []struct {
		script string
		want   []string
	}{
		{"python3 -c \"\nimport os, requests\ntoken = os.environ['GITHUB_TOKEN']\nrequests.put('https://api.github.com/repos/acme/demo/environments/prod/secrets/X', headers={'Authorization': 'token ' + token})\n\"",
			[]string{"secrets.PAT 13 :0 python PUT /repos/acme/demo/environments/prod/secrets/X"}},
		// A version read from a JSON file sends nothing.
		{`node -p "require('./package.json').version"`, nil},
	} {
		got := summary(analyze(t, tree, c.script, pat, Options{}).Uses)
		if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
			t.Errorf("%s:\n%s\nwant:\n%s", c.script, strings.Join(got, "\n"), strings.Join(c.want, "\n"))
		}
	}
}

// TestRequestToURLAtRunTime: a program that sends the credential to a URL
// known only at run time (urllib.request.Request(url)) may be calling any
// service: the use is left unresolved, and says nothing of GitHub's.
func TestRequestToURLAtRunTime(t *testing.T) {
	tree := fstest.MapFS{"upload.py": {Data: []byte(`import os, urllib.parse, urllib.request
url = urllib.parse.urlunsplit(("https", os.environ["DB_HOST"], "/", "query=insert", ""))
req = urllib.request.Request(url, data=b"x", method="POST", headers={"X-Key": os.environ["DB_KEY"]})
urllib.request.urlopen(req)
`)}}
	res := analyze(t, tree, "python3 upload.py", map[string][]string{"DB_KEY": {"secrets.DB_KEY"}}, Options{})
	if len(res.Uses) != 1 {
		t.Fatalf("uses %q, want one", summary(res.Uses))
	}
	if u := res.Uses[0]; u.GitHub != 0 || !strings.Contains(u.Unresolved, "host chosen at run time") {
		t.Errorf("use %q GitHub %d; want an unresolved request to a host chosen at run time, GitHub 0", summary(res.Uses), u.GitHub)
	}
}

// TestWorkspacePackageBinary: pnpm NAME with no script NAME runs the
// binary a package of the monorepo installs (pnpm-workspace.yaml's
// packages, or package.json's workspaces); none, or two packages that
// install it, leave the binary unread.
func TestWorkspacePackageBinary(t *testing.T) {
	pat := map[string][]string{"GITHUB_TOKEN": {"secrets.PAT"}}
	label := "import { Octokit } from '@octokit/rest'\nconst o = new Octokit({ auth: process.env.GITHUB_TOKEN })\nawait o.rest.issues.addLabels({ owner: 'acme', repo: 'demo', issue_number: 1, labels: ['x'] })\n"
	pkgs := fstest.MapFS{
		"package.json":                  {Data: []byte(`{"name": "root", "private": true}`)},
		"packages/notes/package.json":   {Data: []byte(`{"name": "@repo/notes", "bin": {"release-notes": "./bin/notes.ts"}}`)},
		"packages/notes/bin/notes.ts":   {Data: []byte(label)},
		"packages/single/package.json":  {Data: []byte(`{"name": "@repo/labeler", "bin": "./cli.mjs"}`)},
		"packages/single/cli.mjs":       {Data: []byte(label)},
		"packages/other/package.json":   {Data: []byte(`{"name": "other"}`)},
		"packages/twice-a/package.json": {Data: []byte(`{"name": "a", "bin": {"twice": "a.js"}}`)},
		"packages/twice-b/package.json": {Data: []byte(`{"name": "b", "bin": {"twice": "b.js"}}`)},
		"packages/twice-a/a.js":         {Data: []byte(label)},
		"packages/twice-b/b.js":         {Data: []byte(label)},
	}
	pnpm := maps.Clone(pkgs)
	pnpm["pnpm-workspace.yaml"] = &fstest.MapFile{Data: []byte("packages:\n  - packages/*\n  - '!packages/ignored'\n")}
	npmWS := maps.Clone(pkgs)
	npmWS["package.json"] = &fstest.MapFile{Data: []byte(`{"name": "root", "workspaces": ["packages/*"]}`)}
	labels := "secrets.PAT 10 packages/notes/bin/notes.ts:3 node POST /repos/{owner}/{repo}/issues/{issue_number}/labels"
	for _, c := range []struct {
		name, script string
		tree         fstest.MapFS
		want         []string
	}{
		{"pnpm-workspace.yaml package's bin", "pnpm --silent release-notes check --pr=1", pnpm, []string{labels}},
		{"package.json workspaces", "yarn release-notes", npmWS, []string{labels}},
		{"a bin string named for the package", "pnpm labeler", pnpm, []string{"secrets.PAT 10 packages/single/cli.mjs:3 node POST /repos/{owner}/{repo}/issues/{issue_number}/labels"}},
		{"no workspace: not found", "pnpm release-notes", pkgs, nil},
		{"two packages install it", "pnpm twice", pnpm, nil},
	} {
		res := analyze(t, c.tree, c.script, pat, Options{})
		if got := summary(res.Uses); strings.Join(got, "\n") != strings.Join(c.want, "\n") {
			t.Errorf("%s (%s):\n%s\nwant:\n%s", c.name, c.script, strings.Join(got, "\n"), strings.Join(c.want, "\n"))
		}
	}
}

// TestPythonStandardLibraryOnly: a script that imports only modules of the
// standard library that read no token (knowledge/data/python-stdlib.tsv)
// and calls nothing with the credential does not use it; one that imports
// a package pat2app does not read may.
func TestPythonStandardLibraryOnly(t *testing.T) {
	pat := map[string][]string{"GH_TOKEN": {"secrets.PAT"}}
	tree := fstest.MapFS{
		"scripts/sync.py":  {Data: []byte("import argparse, filecmp, shutil, sys\nfrom pathlib import Path\nshutil.copy2(sys.argv[1], sys.argv[2])\nprint(filecmp.cmp(sys.argv[1], sys.argv[2]))\n")},
		"scripts/other.py": {Data: []byte("import filecmp\nimport yaml\nprint(filecmp.cmp('a', 'b'))\n")},
	}
	for _, c := range []struct {
		script string
		want   []string
	}{
		{"python scripts/sync.py a b", nil},
		{"python scripts/other.py", []string{"secrets.PAT 10 :0 scripts/other.py | scripts/other.py runs with $GH_TOKEN in its environment; reading it found no use of it, but programs it runs and packages it loads that are not read may use it"}},
	} {
		res := analyze(t, tree, c.script, pat, Options{})
		if got := summary(res.Uses); strings.Join(got, "\n") != strings.Join(c.want, "\n") {
			t.Errorf("%s:\n%s\nwant:\n%s", c.script, strings.Join(got, "\n"), strings.Join(c.want, "\n"))
		}
	}
}

// TestWorkspacePackageByName: pnpm --filter and npm -w name a workspace
// package by its package.json name; the one package of that name among the
// monorepo's workspaces is the one whose script runs.
func TestWorkspacePackageByName(t *testing.T) {
	pat := map[string][]string{"GITHUB_TOKEN": {"secrets.PAT"}}
	tree := fstest.MapFS{
		"package.json":              {Data: []byte(`{"name": "root", "workspaces": ["packages/*"]}`)},
		"packages/web/package.json": {Data: []byte(`{"name": "@acme/web", "scripts": {"deploy": "gh workflow run deploy.yml"}}`)},
		"packages/api/package.json": {Data: []byte(`{"name": "@acme/api", "scripts": {"deploy": "gh release create v1"}}`)},
		"packages/dup/package.json": {Data: []byte(`{"name": "@acme/api"}`)},
	}
	cases := []struct {
		script string
		want   []string
	}{
		{"pnpm --filter @acme/web run deploy", []string{"secrets.PAT 10 packages/web/package.json:1 gh"}},
		{"npm -w @acme/web run deploy", []string{"secrets.PAT 10 packages/web/package.json:1 gh"}},
		// Two packages of one name, or a pattern: not followed.
		{"pnpm --filter @acme/api run deploy", []string{"secrets.PAT 10 :0 pnpm deploy | pnpm deploy runs with $GITHUB_TOKEN in its environment; what it does with it is not visible (the workspace package @acme/api is chosen by name, which is not followed)"}},
		{"pnpm --filter '@acme/*' run deploy", []string{"secrets.PAT 10 :0 pnpm deploy | pnpm deploy runs with $GITHUB_TOKEN in its environment; what it does with it is not visible (the workspace package @acme/* is chosen by name, which is not followed)"}},
	}
	for _, c := range cases {
		res := analyze(t, tree, c.script, pat, Options{})
		if got := summary(res.Uses); strings.Join(got, "\n") != strings.Join(c.want, "\n") {
			t.Errorf("%s:\n%s\nwant:\n%s", c.script, strings.Join(got, "\n"), strings.Join(c.want, "\n"))
		}
	}
}

// TestPnpmWorkspaceFromAPackage: a step in one package's folder runs a
// script of the workspace's root (pnpm -w, which names no package) or of
// another package by name (pnpm --filter NAME): the workspace is the
// nearest folder up that lists the packages.
func TestPnpmWorkspaceFromAPackage(t *testing.T) {
	pat := map[string][]string{"GITHUB_TOKEN": {"secrets.PAT"}}
	tree := fstest.MapFS{
		"pnpm-workspace.yaml":          {Data: []byte("packages:\n  - packages/hub\n  - packages/doc\n")},
		"package.json":                 {Data: []byte(`{"name": "root", "scripts": {"check-deps": "gh api repos/acme/demo/dispatches -f event_type=deps"}}`)},
		"packages/hub/package.json":    {Data: []byte(`{"name": "@acme/hub"}`)},
		"packages/hub/src/index.ts":    {Data: []byte("")},
		"packages/doc/package.json":    {Data: []byte(`{"name": "doc-internal", "scripts": {"fix": "gh release edit v1 --notes x"}}`)},
		"packages/doc/src/placeholder": {Data: []byte("")},
	}
	for _, c := range []struct {
		script string
		want   []string
	}{
		{"cd packages/hub && pnpm -w check-deps hub", []string{"secrets.PAT 10 package.json:1 gh"}},
		{"cd packages/hub && pnpm --filter doc-internal run fix", []string{"secrets.PAT 10 packages/doc/package.json:1 gh"}},
	} {
		res := analyze(t, tree, c.script, pat, Options{})
		if got := summary(res.Uses); strings.Join(got, "\n") != strings.Join(c.want, "\n") {
			t.Errorf("%s:\n%s\nwant:\n%s", c.script, strings.Join(got, "\n"), strings.Join(c.want, "\n"))
		}
	}
}
