// Package opstest holds what the tests of the script readers built on
// scanner/shellops's session (pwshops, cmdops) share: credential maps, a
// compact rendering of uses and writes to compare in tables, and the
// checks every fuzz target makes of a result.
package opstest

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/pat2app/pat2app/scanner/shellops"
)

// Creds is a Cred map where each NAME carries secrets.NAME.
func Creds(names ...string) map[string][]string {
	m := map[string][]string{}
	for _, n := range names {
		m[n] = []string{"secrets." + n}
	}
	return m
}

// Uses renders each use as "line command credential via [host] [method
// path...] [[gh args]] [repos=owner/name,...] [unresolved]".
func Uses(res shellops.Result) []string {
	out := []string{}
	for _, u := range res.Uses {
		s := fmt.Sprintf("%d %s %s %s", u.Line, u.Command, u.Credential, u.Via)
		if u.Host != "" {
			s += " " + u.Host
		}
		for _, op := range u.Ops {
			s += " " + op.Method + " " + op.Path
		}
		if len(u.GHArgs) > 0 {
			s += " [" + strings.Join(u.GHArgs, " ") + "]"
		}
		if len(u.TargetRepos) > 0 {
			s += " repos=" + strings.Join(u.TargetRepos, ",")
		}
		if u.Unresolved != "" {
			s += " unresolved"
		}
		out = append(out, s)
	}
	return out
}

// Writes renders each $GITHUB_ENV or $GITHUB_OUTPUT write as "NAME env|output
// line [credentials]".
func Writes(res shellops.Result) []string {
	out := []string{}
	for _, w := range res.EnvWrites {
		kind := "env"
		if w.Output {
			kind = "output"
		}
		out = append(out, fmt.Sprintf("%s %s %d %v", w.Name, kind, w.Line, w.Credentials))
	}
	return out
}

// Equal reports a difference between got and want (nil want: none).
func Equal(t *testing.T, what string, got, want []string) {
	t.Helper()
	if want == nil {
		want = []string{}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s:\n got: %s\nwant: %s", what, strings.Join(got, "\n      "), strings.Join(want, "\n      "))
	}
}

// CheckBounds checks what any result must be for a script of lines lines
// whose first is file line first: uses and writes on its lines, evidence
// on one line, every use naming its credential.
func CheckBounds(t *testing.T, res shellops.Result, first, lines int) {
	t.Helper()
	for _, u := range res.Uses {
		if u.Line < first || u.Line >= first+lines {
			t.Errorf("use on line %d outside the script (lines %d-%d): %+v", u.Line, first, first+lines-1, u)
		}
		if strings.Contains(u.Evidence, "\n") {
			t.Errorf("evidence spans lines: %q", u.Evidence)
		}
		if u.Credential == "" {
			t.Errorf("use without a credential: %+v", u)
		}
	}
	for _, w := range res.EnvWrites {
		if w.Line < first || w.Line >= first+lines {
			t.Errorf("env write on line %d outside the script: %+v", w.Line, w)
		}
	}
}
