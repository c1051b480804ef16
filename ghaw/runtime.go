package ghaw

import (
	"regexp"
	"strings"
)

// setupActions are the actions that copy gh-aw's runtime onto the runner,
// by the names gh-aw's releases have used (owner/repo/path, lower case).
var setupActions = []string{
	"github/gh-aw-actions/setup",
	"github/gh-aw/actions/setup",
	"githubnext/gh-aw/actions/setup",
}

// IsSetupAction reports whether a uses: value (with or without @ref) is
// gh-aw's setup action.
func IsSetupAction(uses string) bool {
	name, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(uses)), "@")
	for _, s := range setupActions {
		if name == s {
			return true
		}
	}
	return false
}

// DefaultRuntimeDir is where the setup action copies the runtime when its
// destination input is not given (its action.yml says so).
const DefaultRuntimeDir = "{RUNNER_TEMP}/gh-aw/actions"

// runnerTempRE matches how a workflow names the runner's temporary folder:
// the expression ${{ runner.temp }}, the variable $RUNNER_TEMP or
// ${RUNNER_TEMP}, and the {RUNNER_TEMP} placeholder the shell reader
// writes for a variable it cannot resolve.
var runnerTempRE = regexp.MustCompile(`\$\{\{\s*runner\.temp\s*\}\}|\$\{RUNNER_TEMP\}|\$RUNNER_TEMP\b|\{RUNNER_TEMP\}`)

// NormalizeDir writes a folder the way RuntimeFile compares folders: the
// runner's temporary folder as {RUNNER_TEMP}, no quotes, no trailing
// slash.
func NormalizeDir(s string) string {
	s = strings.Trim(strings.TrimSpace(s), `"'`)
	s = runnerTempRE.ReplaceAllString(s, "{RUNNER_TEMP}")
	s = strings.ReplaceAll(s, `"`, "")
	s = strings.ReplaceAll(s, `'`, "")
	return strings.TrimRight(s, "/")
}

// RuntimeFile reports whether path (a require spec, or a script a command
// runs) is a file of gh-aw's runtime: a file directly in one of dirs, the
// folders the job's setup steps copy the runtime into. It returns the
// file's name ("add_reaction.cjs").
func RuntimeFile(path string, dirs []string) (string, bool) {
	p := NormalizeDir(path)
	for _, d := range dirs {
		d = NormalizeDir(d)
		if d == "" {
			continue
		}
		name, ok := strings.CutPrefix(p, d+"/")
		if !ok || name == "" || strings.ContainsAny(name, "/\\{}$`") {
			continue
		}
		return name, true
	}
	return "", false
}
