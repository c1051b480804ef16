package repocode

import (
	"strings"
	"testing"
	"testing/fstest"
)

// TestPHPBlind: a PHP script that reads no environment variable, starts
// no program and loads only such files of the repository leaves the
// credential in its environment alone; any of those keeps it unread,
// saying why.
func TestPHPBlind(t *testing.T) {
	pat := map[string][]string{"GITHUB_TOKEN": {"secrets.PAT"}}
	const unread = "secrets.PAT 10 :0 bin/x.php | bin/x.php runs with $GITHUB_TOKEN in its environment; what it does with it is not visible (bin/x.php is a PHP file, which pat2app does not read (%s))"
	cases := []struct {
		name string
		php  string
		lib  string
		want string // "" when the file is shown to leave it alone
	}{
		{"reads composer files only", "<?php\n$c = json_decode(file_get_contents(__DIR__ . '/../composer.json'), true);\n$c['require']['x'] = '~1';\necho json_encode($c);\n", "", ""},
		{"loads a clean file of its folder", "<?php\nrequire __DIR__ . '/lib.php';\necho names();\n", "<?php\nfunction names() { return 'a'; }\n", ""},
		{"reads the environment", "<?php\n$t = getenv('GITHUB_TOKEN');\n", "", "bin/x.php names getenv"},
		{"reads $_SERVER", "<?php\necho $_SERVER['GITHUB_TOKEN'];\n", "", "bin/x.php names $_SERVER"},
		{"starts a program", "<?php\nshell_exec('gh release create v1');\n", "", "bin/x.php names shell_exec"},
		{"the loaded file reads it", "<?php\nrequire_once __DIR__ . '/lib.php';\n", "<?php\n$t = getenv('GH_TOKEN');\n", "bin/lib.php names getenv"},
		{"composer's autoloader", "<?php\nrequire __DIR__ . '/../vendor/autoload.php';\n", "", "bin/x.php names vendor/"},
		{"a file named at run time", "<?php\nrequire $file;\n", "", "bin/x.php loads a file named at run time"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tree := fstest.MapFS{"bin/x.php": {Data: []byte(tc.php)}, "composer.json": {Data: []byte("{}")}}
			if tc.lib != "" {
				tree["bin/lib.php"] = &fstest.MapFile{Data: []byte(tc.lib)}
			}
			res := analyze(t, tree, "php bin/x.php", pat, Options{})
			got := strings.Join(summary(res.Uses), "\n")
			want := ""
			if tc.want != "" {
				want = strings.Replace(unread, "%s", tc.want, 1)
			}
			if got != want {
				t.Errorf("got:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}

func FuzzPHPBlind(f *testing.F) {
	f.Add("<?php\nrequire __DIR__ . '/lib.php';\n", "<?php\necho 1;\n")
	f.Add("<?php\ninclude('lib.php');\n", "<?php\nrequire 'x.php';\n")
	f.Fuzz(func(t *testing.T, php, lib string) {
		tree := fstest.MapFS{"bin/x.php": {Data: []byte(php)}, "bin/lib.php": {Data: []byte(lib)}}
		fl := New(tree, Options{})
		ok, why := fl.phpBlind(fl.read("bin/x.php"))
		if ok && why != "" {
			t.Errorf("ok with a reason %q", why)
		}
	})
}
