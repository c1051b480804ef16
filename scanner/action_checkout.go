package scanner

import (
	"path"
	"strings"

	"github.com/pat2app/pat2app/inventory"
)

// checkoutAction reads actions/checkout: the repository it checks out, and
// the credential it persists in the git configuration for the git commands
// and actions of the later steps.
type checkoutAction struct{ baseHandler }

func (checkoutAction) handles(s *actionStep) bool { return s.name == "actions/checkout" }

// begin notes where the step checks out which repository, for the
// scripts later steps run.
func (checkoutAction) begin(js *jobState, s *actionStep) {
	js.noteCheckout(s.lit("repository"), s.lit("path"))
	js.recordCheckout(s)
}

// input reads ssh-key, a deploy key rather than a token.
func (checkoutAction) input(js *jobState, s *actionStep, b *builder, input string, line int) bool {
	if input != "ssh-key" {
		return false
	}
	// A deploy key authenticates git over SSH; it is no API token.
	b.signal(-1, true, "actions/checkout ssh-key (an SSH deploy key)")
	b.unresolved(line, s.name+" "+input, "an SSH deploy key, not a token; an App token given as `token:` can replace it", inventory.Subject{Action: s.name, Input: input})
	return true
}

func (checkoutAction) tokenOp(js *jobState, s *actionStep, b *builder, op *inventory.Operation) bool {
	if r := js.expandKnown(s.lit("repository")); r != "" {
		if strings.Contains(r, "${{") {
			// The pull request's head repository is this one or a
			// fork of it: its operations are planned as this
			// repository's, and the job's pushes say what a fork
			// needs (forkhead.go).
			if !strings.Contains(r, "github.repository") && !isHeadRepoValue(r) {
				b.unresolved(op.Evidence.Line, "actions/checkout repository: "+oneLine(r, 80), "repository chosen at run time", op.Subject)
			}
		} else {
			op.Repos = []string{r}
		}
	}
	if strings.ToLower(s.lit("persist-credentials")) != "false" {
		// Every credential of this checkout's token (a fallback names
		// several) is what later git commands use; an earlier checkout's
		// are replaced.
		if js.persistedBy != js.stepIndex {
			js.persisted = nil
			js.persistedBy = js.stepIndex
			js.persistedDir = checkoutDir(s.lit("path"))
		}
		js.persisted = appendUnique(js.persisted, b.f.Credential)
	}
	return false
}

// checkoutDir is the folder of the workspace actions/checkout's path:
// names, cleaned ("." for the workspace itself; "" when it is named at run
// time).
func checkoutDir(p string) string {
	p = strings.TrimSpace(p)
	if strings.Contains(p, "$") {
		return ""
	}
	if p == "" {
		return "."
	}
	return path.Clean(p)
}
