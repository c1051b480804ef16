package repocode

import (
	"strings"
	"testing"
	"testing/fstest"
)

// TestTox: tox -e NAME runs the commands of that environment of the tox
// configuration, with only the variables its pass_env names (or set_env
// sets from tox's own environment).
func TestTox(t *testing.T) {
	pat := map[string][]string{"GH_TOKEN": {"secrets.PAT"}}
	toxToml := `env_list = ["3.13"]

[env_run_base]
commands = [["pytest", { replace = "posargs", default = ["tests"] }]]

[env.release]
pass_env = ["GH_TOKEN"]
commands = [["python", "{tox_root}/tasks/release.py", { replace = "posargs" }]]

[env.docs]
commands = [["python", "tasks/release.py"]]
`
	release := "import subprocess\nsubprocess.run(['gh', 'release', 'create', 'v1'], check=True)\n"
	tree := fstest.MapFS{
		"tox.toml":          {Data: []byte(toxToml)},
		"tasks/release.py":  {Data: []byte(release)},
		"ini/tox.ini":       {Data: []byte("[tox]\nenvlist = py\n\n[testenv:publish]\nsetenv =\n    GITHUB_TOKEN = {env:GH_TOKEN}\ncommands =\n    gh release upload v1 dist/x.whl\n")},
		"bare/setup.cfg":    {Data: []byte("[metadata]\nname = x\n")},
		"bare/placeholder":  {Data: []byte("")},
		"broken/tox.toml":   {Data: []byte("env_list = [\n")},
		"broken/placeholde": {Data: []byte("")},
	}
	cases := []struct {
		script string
		want   []string
	}{
		{"tox run -e release", []string{"secrets.PAT 10 tasks/release.py:2 gh"}},
		{"tox -e release -- --dry-run", []string{"secrets.PAT 10 tasks/release.py:2 gh"}},
		{"tox r -erelease", []string{"secrets.PAT 10 tasks/release.py:2 gh"}},
		// docs does not pass GH_TOKEN: its commands do not see it.
		{"tox -e docs", nil},
		{"tox list", nil},
		{"tox --version", nil},
		{"cd ini && tox -e publish", []string{"secrets.PAT 10 ini/tox.ini:8 gh"}},
		// No configuration read: a run named for releasing is an entry,
		// another is left to the step's judgement.
		{"cd bare && tox -e release", []string{"secrets.PAT 10 :0 tox -e release | tox -e release runs with $GH_TOKEN in its environment; what it does with it is not visible (no tox configuration in bare)"}},
		{"cd broken && tox -e x", []string{"secrets.PAT 10 broken/tox.toml:1 broken/tox.toml | broken/tox.toml could not be read: tox.toml: toml: line 1 (last key \"env_list\"): unexpected EOF; expected value"}},
		{"tox -e \"$ENV\"", []string{"secrets.PAT 10 tox.toml:0 tox.toml | tox.toml runs environments chosen at run time or not listed ({ENV})"}},
	}
	for _, c := range cases {
		res := analyze(t, tree, c.script, pat, Options{})
		if got := summary(res.Uses); strings.Join(got, "\n") != strings.Join(c.want, "\n") {
			t.Errorf("%s:\n%s\nwant:\n%s", c.script, strings.Join(got, "\n"), strings.Join(c.want, "\n"))
		}
	}
}
