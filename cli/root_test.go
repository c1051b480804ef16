package cli

import (
	"os"
	"regexp"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

func TestVersionFlag(t *testing.T) {
	res := runCLI(t, nil, "--version")
	if res.code != 0 || !strings.HasPrefix(res.stdout, "pat2app ") || !strings.Contains(res.stdout, runtime.Version()) || res.stderr != "" {
		t.Fatalf("exit %d, stdout %q, stderr %q", res.code, res.stdout, res.stderr)
	}
}

func TestVersionText(t *testing.T) {
	setting := func(kv ...string) []debug.BuildSetting {
		var s []debug.BuildSetting
		for i := 0; i < len(kv); i += 2 {
			s = append(s, debug.BuildSetting{Key: kv[i], Value: kv[i+1]})
		}
		return s
	}
	tests := []struct {
		name string
		bi   *debug.BuildInfo
		want string
	}{
		{"go install of a release", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v1.2.3"}},
			"pat2app v1.2.3 (go1.26.8)"},
		{"build in a clone with changes", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v0.0.0-20261204222306-d50c9760c3f4+dirty"},
			Settings: setting("vcs", "git", "vcs.revision", "d50c9760c3f4addfd827291d5a920793ee0b36ac", "vcs.time", "2026-12-04T22:23:06Z", "vcs.modified", "true")},
			"pat2app v0.0.0-20261204222306-d50c9760c3f4+dirty (commit d50c9760c3f4, 2026-12-04T22:23:06Z, modified, go1.26.8)"},
		{"no version recorded", &debug.BuildInfo{GoVersion: "go1.26.8"}, "pat2app (devel) (go1.26.8)"},
	}
	for _, tt := range tests {
		if got := versionText(tt.bi, true); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
	if got := versionText(nil, false); got != "pat2app (no build information)" {
		t.Errorf("no build info: %q", got)
	}
}

// TestREADMESaysHowToInstall: the install command names this module's
// command, so it cannot drift from go.mod.
func TestREADMESaysHowToInstall(t *testing.T) {
	gomod, err := os.ReadFile("../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	module, _, _ := strings.Cut(strings.TrimPrefix(string(gomod), "module "), "\n")
	want := "go install " + strings.TrimSpace(module) + "/cmd/pat2app@latest"
	if !strings.Contains(string(readme), want) || !strings.Contains(string(readme), "go build -o pat2app ./cmd/pat2app") {
		t.Errorf("README lacks %q and how to build from a clone", want)
	}
}

// A flag's help may quote only an upper-case placeholder: pflag takes the
// first quoted word as the flag's argument name (`--inventory scan
// --format json` otherwise).
func TestFlagHelpNamesNoFakeArguments(t *testing.T) {
	placeholder := regexp.MustCompile(`^[A-Z][A-Z0-9_]*$`)
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		c.LocalFlags().VisitAll(func(f *pflag.Flag) {
			if !strings.Contains(f.Usage, "`") {
				return
			}
			if name, _ := pflag.UnquoteUsage(f); !placeholder.MatchString(name) {
				t.Errorf("%s --%s shows as --%s %s: %q", c.CommandPath(), f.Name, f.Name, name, f.Usage)
			}
		})
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(NewRootCmd(SystemIO()))
}

// TestInputErrorPrintedOnce: a workflow that does not parse is said once,
// on standard error, not also in the table on standard output.
func TestInputErrorPrintedOnce(t *testing.T) {
	r := newTestRepo(t, map[string]string{".github/workflows/bad.yml": "on: push\njobs:\n  a: [\n"})
	for _, args := range [][]string{{"scan", r.dir}, {"check", r.dir}} {
		res := runCLI(t, nil, args...)
		if res.code != ExitPartial {
			t.Fatalf("%v: exit %d, want 3\n%s%s", args, res.code, res.stdout, res.stderr)
		}
		if n, inErr := strings.Count(res.stdout+res.stderr, "could not parse as YAML"), strings.Count(res.stderr, "could not parse as YAML"); n != 1 || inErr != 1 {
			t.Errorf("%v: the error is said %d times (%d on stderr):\n--- stdout\n%s--- stderr\n%s", args, n, inErr, res.stdout, res.stderr)
		}
	}
}
