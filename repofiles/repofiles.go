// Package repofiles says which files of a repository pat2app reads and what
// each is: a workflow or an action's metadata. The local scan, the
// organisation scan and `check --base-ref` all ask it, so the three read the
// same files.
package repofiles

import (
	"path"
	"slices"
	"strings"
)

// Kind is what a repository file is to pat2app.
type Kind int

const (
	// Other is a file pat2app does not read.
	Other Kind = iota
	// Workflow is a file directly in .github/workflows whose name ends in
	// .yml or .yaml, in any case (GitHub runs no workflow from a subfolder).
	Workflow
	// Action is an action's metadata, action.yml or action.yaml, anywhere
	// but directly in .github/workflows: a step's `uses: ./DIR` may name
	// any folder, .github/workflows/sub included.
	Action
)

// ActionNames are the names of an action's metadata file, in the order the
// runner looks for them in the folder a `uses: ./DIR` names.
var ActionNames = []string{"action.yml", "action.yaml"}

// Roots are the paths under which Wanted files lie: a listing of the
// repository may stop at them.
var Roots = []string{".github", "action.yml", "action.yaml"}

// Classify says what the file at p is, by its path alone: p is
// slash-separated, relative to the repository root or (for a file given on
// the command line) any path ending in the file's name.
func Classify(p string) Kind {
	dir, base := path.Split(p)
	dir = strings.TrimSuffix(dir, "/")
	if dir == ".github/workflows" || strings.HasSuffix(dir, "/.github/workflows") {
		if IsYAMLName(base) {
			return Workflow
		}
		return Other
	}
	if slices.Contains(ActionNames, base) {
		return Action
	}
	return Other
}

// Wanted reports whether a scan reads the file at p, a slash-separated path
// relative to the repository root: every workflow, and the actions under
// .github or at the root (the folders an organisation scan lists).
func Wanted(p string) bool {
	switch Classify(p) {
	case Workflow:
		return strings.HasPrefix(p, ".github/workflows/")
	case Action:
		return slices.Contains(ActionNames, p) || strings.HasPrefix(p, ".github/")
	}
	return false
}

// IsYAMLName reports a file name ending in .yml or .yaml, in any case.
func IsYAMLName(name string) bool {
	n := strings.ToLower(name)
	return strings.HasSuffix(n, ".yml") || strings.HasSuffix(n, ".yaml")
}

// LocalRef reports whether a `uses:` value names an action or reusable
// workflow of the workflow's own repository, and returns its path relative
// to the repository root. GitHub accepts two forms: `./DIR` (a path in the
// workspace the job checked out, or of the caller's repository for a
// reusable workflow) and `$/DIR` (the repository the workflow itself lives
// in, for actions and reusable workflows alike). A reference with an @ref
// is a remote one.
func LocalRef(uses string) (string, bool) {
	u := strings.TrimSpace(uses)
	rest, ok := strings.CutPrefix(u, "./")
	if !ok {
		rest, ok = strings.CutPrefix(u, "$/")
	}
	if !ok || strings.Contains(rest, "@") {
		return "", false
	}
	p := path.Clean(rest)
	if p == "." || p == ".." || strings.HasPrefix(p, "../") {
		return "", false
	}
	return p, true
}
