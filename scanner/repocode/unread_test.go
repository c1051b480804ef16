package repocode

import (
	"strings"
	"testing"
	"testing/fstest"
)

// TestKnownProgramsLeaveTheToken checks that a script read to its end,
// whose programs knowledge/data/tools.tsv says read no token from the
// environment, does not use the credential it runs with; and that every
// program that may read it unseen keeps the entry, named.
func TestKnownProgramsLeaveTheToken(t *testing.T) {
	pat := map[string][]string{"GH_TOKEN": {"secrets.PAT"}}
	const kept = "secrets.PAT 10 :0 ./x.sh | ./x.sh runs with $GH_TOKEN in its environment; reading it found no use of it, but it runs "
	cases := []struct {
		name string
		tree fstest.MapFS
		want []string
	}{
		{
			name: "git, jq, sed, changie and go build read no token",
			tree: fstest.MapFS{"x.sh": {Data: []byte("#!/bin/bash\nset -euo pipefail\nv=$(jq -r .version package.json | sed -e 's/^v//')\nchangie batch \"$v\"\ngit log --format=%s -- x\ngo mod tidy\ngo build ./...\nmkdir -p out && cp a out/\n")}},
		},
		{
			name: "an unknown program keeps the entry, named with its line",
			tree: fstest.MapFS{"x.sh": {Data: []byte("#!/bin/bash\ngit log\nacme-release --tag v1\n")}},
			want: []string{kept + "acme-release (x.sh:3), which pat2app does not read and does not know to leave it alone"},
		},
		{
			name: "npm install runs its dependencies' install scripts",
			tree: fstest.MapFS{"x.sh": {Data: []byte("npm install\n")}, "package.json": {Data: []byte(`{"name":"x"}`)}},
			want: []string{kept + "npm install (its dependencies' install scripts run with the environment) (x.sh:1), which pat2app does not read and does not know to leave it alone"},
		},
		{
			name: "npm install --ignore-scripts and npm info with no .npmrc naming the variable",
			tree: fstest.MapFS{"x.sh": {Data: []byte("npm install --ignore-scripts\nnpm info \"x@1\"\nnpm publish -tag latest artifacts/x.tgz\n")},
				".npmrc": {Data: []byte("//registry.npmjs.org/:_authToken=${NODE_AUTH_TOKEN}\n")}},
		},
		{
			name: "an .npmrc that names the variable is a way npm reads it",
			tree: fstest.MapFS{"x.sh": {Data: []byte("npm publish artifacts/x.tgz\n")},
				".npmrc": {Data: []byte("//npm.pkg.github.com/:_authToken=${GH_TOKEN}\n")}},
			want: []string{kept + "npm (x.sh:1), which pat2app does not read and does not know to leave it alone"},
		},
		{
			name: "a credential helper the script configures may read it",
			tree: fstest.MapFS{"x.sh": {Data: []byte("git config --global credential.helper '/usr/local/bin/helper'\ngit push origin HEAD\n")}},
			want: []string{kept + "git (the credential helper it configured (/usr/local/bin/helper) may read it) (x.sh:2), which pat2app does not read and does not know to leave it alone"},
		},
		{
			name: "a credential helper given with -c may read it",
			tree: fstest.MapFS{"x.sh": {Data: []byte("git -c credential.helper='!gh auth git-credential' push origin HEAD\n")}},
			want: []string{kept + "git (the credential.helper its -c gives may read it) (x.sh:1), which pat2app does not read and does not know to leave it alone"},
		},
		{
			name: "twine reads only its own variables; cargo runs build scripts with the environment",
			tree: fstest.MapFS{"x.sh": {Data: []byte("uv run twine upload dist/*\ncargo build --release\n")}},
			want: []string{kept + "cargo (cargo build, test and publish compile and run build.rs scripts and tests of the package and its dependencies with the environment) (x.sh:2), which pat2app does not read and does not know to leave it alone"},
		},
		{
			name: "a known program told the variable's name may read it",
			tree: fstest.MapFS{"x.sh": {Data: []byte("jq -n '$ENV.GH_TOKEN' > t\n")}},
			want: []string{kept + "jq (its arguments name $GH_TOKEN) (x.sh:1), which pat2app does not read and does not know to leave it alone"},
		},
		{
			name: "docker compose runs what pat2app does not read",
			tree: fstest.MapFS{"x.sh": {Data: []byte("docker compose up -d\n")}},
			want: []string{kept + "docker compose (x.sh:1), which pat2app does not read and does not know to leave it alone"},
		},
		{
			name: "eval of a known command line is read",
			tree: fstest.MapFS{"x.sh": {Data: []byte("CMD=\"gh release upload v1 dist/app\"\neval $CMD\n")}},
			want: []string{"secrets.PAT 10 x.sh:2 gh"},
		},
		{
			// eval runs what $CMD holds, a program known only at run time.
			name: "eval of a value not known runs what pat2app does not read",
			tree: fstest.MapFS{"x.sh": {Data: []byte("eval \"$CMD\"\ndocker compose up -d\n")}},
			want: []string{"secrets.PAT 10 x.sh:1 $CMD | its program is known only when the step runs; it runs with $GH_TOKEN in its environment"},
		},
		{
			name: "a make target running only known programs",
			tree: fstest.MapFS{"x.sh": {Data: []byte("make publish\n")},
				"Makefile": {Data: []byte("VERSION := $(shell git describe --tags)\npublish:\n\tgit tag v$(VERSION)\n\tgit push origin v$(VERSION)\n")}},
		},
		{
			name: "a $(shell ...) make runs while reading the Makefile is read",
			tree: fstest.MapFS{"x.sh": {Data: []byte("make build\n")},
				"Makefile":   {Data: []byte("VERSION := $(shell ./version.sh)\nbuild:\n\techo $(VERSION)\n"), Mode: 0o644},
				"version.sh": {Data: []byte("acme-version\n")}},
			want: []string{
				"secrets.PAT 10 Makefile:1 ./version.sh | ./version.sh runs with $GH_TOKEN in its environment; reading it found no use of it, but it runs acme-version (version.sh:1), which pat2app does not read and does not know to leave it alone",
				// The recipe runs it again where it uses $(VERSION).
				"secrets.PAT 10 Makefile:3 ./version.sh | ./version.sh runs with $GH_TOKEN in its environment; reading it found no use of it, but it runs acme-version (version.sh:1), which pat2app does not read and does not know to leave it alone",
			},
		},
		{
			name: "a $(shell ...) inside a function that is not expanded keeps the entry",
			tree: fstest.MapFS{"x.sh": {Data: []byte("make build\n")},
				"Makefile": {Data: []byte("VERSION := $(if $(V),$(V),$(shell ./version.sh))\nbuild:\n\techo $(VERSION)\n")}},
			want: []string{kept + "$(shell ...) inside a make function (Makefile:1), which pat2app does not read and does not know to leave it alone"},
		},
		{
			name: "a Python script that loads only the standard library and runs git does not use it",
			tree: fstest.MapFS{"x.sh": {Data: []byte("python3 lookup.py\n")},
				"lookup.py":  {Data: []byte("import pathlib\nimport subprocess\nfrom helpers import pr\nsubprocess.run(['git', 'log', '--format=%s'], check=True)\n")},
				"helpers.py": {Data: []byte("import re\ndef pr(s):\n    return re.search(r'#(\\d+)', s)\n")}},
		},
		{
			name: "a Python script that loads a package keeps its own entry: the package is not read",
			tree: fstest.MapFS{"x.sh": {Data: []byte("python3 lookup.py\n")}, "lookup.py": {Data: []byte("import subprocess\nimport acme_sdk\nsubprocess.run(['git', 'log'])\n")}},
			want: []string{"secrets.PAT 10 x.sh:1 lookup.py | lookup.py runs with $GH_TOKEN in its environment; reading it found no use of it, but programs it runs and packages it loads that are not read may use it"},
		},
		{
			name: "a Python script that runs an unknown program names it",
			tree: fstest.MapFS{"x.sh": {Data: []byte("python3 lookup.py\n")}, "lookup.py": {Data: []byte("import os\nos.system('acme-release --tag v1')\n")}},
			want: []string{"secrets.PAT 10 x.sh:1 lookup.py | lookup.py runs with $GH_TOKEN in its environment; reading it found no use of it, but it runs acme-release (lookup.py:2), which pat2app does not read and does not know to leave it alone"},
		},
		{
			name: "a Python script that runs code it builds keeps its own entry",
			tree: fstest.MapFS{"x.sh": {Data: []byte("python3 lookup.py\n")}, "lookup.py": {Data: []byte("import sys\nexec(sys.argv[1])\n")}},
			want: []string{"secrets.PAT 10 x.sh:1 lookup.py | lookup.py runs with $GH_TOKEN in its environment; reading it found no use of it, but programs it runs and packages it loads that are not read may use it"},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := analyze(t, c.tree, "./x.sh", pat, Options{})
			got := summary(res.Uses)
			if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("uses:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(c.want, "\n"))
			}
		})
	}
}
