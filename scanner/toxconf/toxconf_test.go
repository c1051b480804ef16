package toxconf

import (
	"fmt"
	"strings"
	"testing"
)

// describe renders an environment: its commands with their lines, the
// variables it passes among some names, and what it sets.
func describe(e *Env) string {
	if e == nil {
		return "<nil>"
	}
	var b strings.Builder
	for _, c := range e.Commands {
		fmt.Fprintf(&b, "%d: %s\n", c.Line, c.Text)
	}
	var passed []string
	for _, n := range []string{"GH_TOKEN", "GITHUB_TOKEN", "PYPI_TOKEN", "HOME"} {
		if e.Passes(n) {
			passed = append(passed, n)
		}
	}
	fmt.Fprintf(&b, "passes %v\n", passed)
	for _, k := range []string{"GH_TOKEN", "GITHUB_TOKEN"} {
		if v, ok := e.SetEnv[k]; ok {
			fmt.Fprintf(&b, "sets %s=%s\n", k, v)
		}
	}
	return b.String()
}

func TestParse(t *testing.T) {
	cases := []struct {
		name, file, data, env string
		want                  string
		envList               string
	}{
		{
			name: "tox.toml: an environment's commands and pass_env",
			file: "tox.toml",
			data: `env_list = ["3.13", "type"]

[env_run_base]
commands = [["pytest", { replace = "posargs", default = ["tests"], extend = true }]]

[env.release]
description = "do a release"
pass_env = ["GH_TOKEN"]
commands = [["python", "{tox_root}/tasks/release.py", { replace = "posargs" }]]
`,
			env:     "release",
			want:    "9: python ./tasks/release.py {posargs:}\npasses [GH_TOKEN]\n",
			envList: "3.13 type",
		},
		{
			name: "tox.toml: an undeclared environment runs the base",
			file: "tox.toml",
			data: "[env_run_base]\ncommands = [[\"pytest\", \"-q\"]]\n",
			env:  "py312",
			want: "2: pytest -q\npasses []\n",
		},
		{
			name: "tox.ini: testenv base, passenv globs, setenv from the environment, continued lines",
			file: "tox.ini",
			data: `[tox]
envlist = py3, lint

[testenv]
passenv = HOME
commands = pytest {posargs}

[testenv:publish]
passenv =
    GH_*
    PYPI_TOKEN
setenv =
    GITHUB_TOKEN = {env:RELEASE_TOKEN}
commands_pre = - python -m build
commands =
    # upload
    twine upload dist/*
    python scripts/release.py \
        --notes {toxinidir}/CHANGES.md
`,
			env:     "publish",
			want:    "14: python -m build\n17: twine upload dist/*\n18: python scripts/release.py --notes ./CHANGES.md\npasses [GH_TOKEN PYPI_TOKEN HOME]\nsets GITHUB_TOKEN=${RELEASE_TOKEN}\n",
			envList: "py3 lint",
		},
		{
			name: "setup.cfg: [tox:tox] and a [section]key reference",
			file: "setup.cfg",
			data: "[metadata]\nname = x\n\n[tox:tox]\nenvlist = docs\n\n[vars]\nsrc = src tests\n\n[testenv:docs]\ncommands = sphinx-build docs out {[vars]src}\n",
			env:  "docs",
			want: "11: sphinx-build docs out src tests\npasses []\n",
		},
		{
			name: "pyproject.toml: legacy_tox_ini, its lines in the pyproject",
			file: "pyproject.toml",
			data: "[project]\nname = \"x\"\n\n[tool.tox]\nlegacy_tox_ini = \"\"\"\n[tox]\nenvlist = py\n\n[testenv:release]\npassenv = GITHUB_TOKEN\ncommands = python release.py\n\"\"\"\n",
			env:  "release",
			want: "11: python release.py\npasses [GITHUB_TOKEN]\n",
		},
		{
			name: "pyproject.toml: native [tool.tox] tables",
			file: "pyproject.toml",
			data: "[tool.tox]\nenv_list = [\"a\"]\n\n[tool.tox.env.a]\npass_env = [\"GITHUB_*\"]\ncommands = [[\"gh\", \"release\", \"create\", \"v1\"]]\n",
			env:  "a",
			want: "6: gh release create v1\npasses [GITHUB_TOKEN]\n",
		},
		{
			name: "pyproject.toml without tox",
			file: "pyproject.toml",
			data: "[project]\nname = \"x\"\n",
			env:  "a",
			want: "<nil>",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Parse(tc.file, []byte(tc.data))
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if got := describe(c.Env(tc.env)); got != tc.want {
				t.Errorf("env %s:\n got %q\nwant %q", tc.env, got, tc.want)
			}
			if tc.envList != "" && strings.Join(c.EnvList, " ") != tc.envList {
				t.Errorf("EnvList = %v, want %s", c.EnvList, tc.envList)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct{ file, data string }{
		{"tox.toml", "env_list = [\n"},
		{"pyproject.toml", "[tool.tox\n"},
	} {
		if _, err := Parse(tc.file, []byte(tc.data)); err == nil {
			t.Errorf("%s %q: no error", tc.file, tc.data)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add("tox.ini", "[tox]\nenvlist = a\n[testenv:a]\npassenv = X\ncommands = echo {posargs:x} {env:Y}\n")
	f.Add("tox.toml", "[env.a]\ncommands = [[\"echo\", { replace = \"posargs\" }]]\n")
	f.Add("pyproject.toml", "[tool.tox]\nlegacy_tox_ini = \"[testenv]\\ncommands = x\"\n")
	f.Add("setup.cfg", "[tox:tox]\n[testenv]\ncommands = {[a]b}\n")
	f.Fuzz(func(t *testing.T, name, data string) {
		c, err := Parse(name, []byte(data))
		if err != nil {
			return
		}
		for _, n := range append([]string{"x"}, c.EnvList...) {
			if e := c.Env(n); e != nil {
				_ = e.Passes("GITHUB_TOKEN")
			}
		}
	})
}
