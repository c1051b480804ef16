package config

import (
	"path"
	"strings"
)

// ScriptKeyMatches reports whether a .pat2app.yaml `scripts:` key names the
// script or command the scanner saw: the same text ("make release"; "npm
// run release" for the script "npm release"), or the file the script runs,
// with or without its leading ./ or its directory ("./scripts/release.sh",
// "scripts/release.sh", "release.sh" for "bash ./scripts/release.sh").
func ScriptKeyMatches(key, script, command string) bool {
	k := strings.TrimSpace(key)
	for _, c := range []string{script, command} {
		f := strings.Fields(c)
		if len(f) == 0 {
			continue
		}
		if k == c || withoutRun(k) == withoutRun(c) {
			return true
		}
		last := f[len(f)-1]
		if strings.TrimPrefix(k, "./") == strings.TrimPrefix(last, "./") || k == path.Base(last) {
			return true
		}
	}
	return false
}

// withoutRun drops the words run and run-script ("npm run release" and
// the scanner's "npm release" name one target).
func withoutRun(s string) string {
	var out []string
	for _, w := range strings.Fields(s) {
		if w != "run" && w != "run-script" {
			out = append(out, w)
		}
	}
	return strings.Join(out, " ")
}
