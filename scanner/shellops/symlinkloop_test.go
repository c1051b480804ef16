package shellops

import (
	"strings"
	"testing"

	"mvdan.cc/sh/v3/syntax"
)

func TestSymlinkLoop(t *testing.T) {
	cases := []struct {
		script string
		want   bool
	}{
		{`while [ -h "$csource" ] ; do csource="$(readlink "$csource")"; done`, true},
		{"while [ -L \"$SOURCE\" ]; do\n  DIR=$( cd -P \"$( dirname \"$SOURCE\" )\" >/dev/null 2>&1 && pwd )\n  SOURCE=$(readlink \"$SOURCE\")\n  [[ $SOURCE != /* ]] && SOURCE=$DIR/$SOURCE\ndone", true},
		{`while [[ -h $S ]]; do S=$(readlink "$S"); done`, true},
		{`while test -L "$S"; do S=$(readlink "$S"); done`, true},
		// Anything else the body runs is read as a loop.
		{`while [ -h "$S" ]; do S=$(readlink "$S"); git push; done`, false},
		{`while [ -h "$S" ]; do S=$(curl -s "$URL"); done`, false},
		{`while [ -f "$S" ]; do S=$(readlink "$S"); done`, false},
		{`until [ -h "$S" ]; do S=$(readlink "$S"); done`, false},
	}
	for _, c := range cases {
		f, err := syntax.NewParser().Parse(strings.NewReader(c.script), "")
		if err != nil {
			t.Fatalf("%q: %v", c.script, err)
		}
		w, ok := f.Stmts[0].Cmd.(*syntax.WhileClause)
		if !ok {
			t.Fatalf("%q: not a while loop", c.script)
		}
		if got := symlinkLoop(w); got != c.want {
			t.Errorf("symlinkLoop(%q) = %v, want %v", c.script, got, c.want)
		}
	}
}
