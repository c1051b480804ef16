package scanner

import (
	"path"
	"strings"

	"github.com/rhysd/actionlint"

	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/repofiles"
)

// reusableCall handles a job that calls a reusable workflow.
func (js *jobState) reusableCall(wc *actionlint.WorkflowCall) {
	a := js.a
	uses := ""
	line := 0
	if wc.Uses != nil {
		uses = wc.Uses.Value
		if wc.Uses.Pos != nil {
			line = wc.Uses.Pos.Line
		}
	}
	localPath, local := isLocalWorkflow(uses)
	var callee *fileResult
	if local {
		if f, ok := a.rs.byPath[localPath]; ok {
			callee = a.rs.file(f)
		}
	}
	// A ghcr.io image among the call's inputs says what a registry
	// password passed along is for.
	ghcrImage := ""
	for _, in := range wc.Inputs {
		if in != nil && in.Value != nil && strings.Contains(strings.ToLower(in.Value.Value), "ghcr.io") {
			ghcrImage = oneLine(in.Value.Value, 100)
		}
	}
	pass := func(c, secretName string, l int) {
		b := a.get(js.id, c)
		subj := inventory.Subject{Workflow: uses, Secret: secretName}
		b.use(inventory.Use{Line: l, Via: inventory.ViaReusableWorkflow, Target: uses + " secret " + secretName, Subject: subj})
		if callee != nil && callee.analysis != nil {
			js.fromCallee(b, callee.analysis, "secrets."+secretName)
			return
		}
		if ghcrImage != "" && isTokenish(secretName) {
			b.signal(1, false, "registry credential passed with the ghcr.io image "+ghcrImage)
			b.op(inventory.Operation{Kind: inventory.OpDocker, Method: "DOCKER", Path: "push " + ghcrImage, Name: "push", Writes: true, Subject: subj,
				Evidence: at(l, uses+" secret "+secretName+" with image "+ghcrImage)})
		}
		b.signal(0, false, "")
		reason := "passed to the reusable workflow " + uses + "; its use is not visible here"
		if local {
			reason = "passed to " + uses + ", which was not found in this repository"
		}
		b.unresolved(l, uses+" secret "+secretName, reason, subj)
	}
	if wc.InheritSecrets {
		a.seen[line] = true
		if callee != nil && callee.analysis != nil {
			for _, k := range callee.analysis.order {
				cb := callee.analysis.builders[k]
				cl := strings.ToLower(cb.f.Credential)
				if !strings.HasPrefix(cl, "secrets.") {
					continue
				}
				pass(cb.f.Credential, strings.TrimPrefix(cb.f.Credential, "secrets."), line)
			}
		} else {
			b := a.get(js.id, "secrets: inherit")
			b.use(inventory.Use{Line: line, Via: inventory.ViaReusableWorkflow, Target: uses + " (secrets: inherit)", Subject: inventory.Subject{Workflow: uses}})
			b.unresolved(line, uses+" secrets: inherit", "every secret is passed to a reusable workflow whose use of them is not visible here", inventory.Subject{Workflow: uses})
		}
	}
	for _, k := range sortedKeys(wc.Secrets) {
		sec := wc.Secrets[k]
		if sec == nil || sec.Value == nil {
			continue
		}
		secretName := k
		if sec.Name != nil {
			secretName = sec.Name.Value
		}
		js.eachCred(sec.Value, js.env, func(c string, line int) { pass(c, secretName, line) })
	}
	for _, k := range sortedKeys(wc.Inputs) {
		in := wc.Inputs[k]
		if in == nil || in.Value == nil {
			continue
		}
		subj := inventory.Subject{Workflow: uses, Input: k}
		js.eachCred(in.Value, js.env, func(c string, line int) {
			b := a.get(js.id, c)
			b.use(inventory.Use{Line: line, Via: inventory.ViaReusableWorkflow, Target: uses + " input " + k, Subject: subj})
			b.signal(0, false, "")
			b.unresolved(line, uses+" input "+k, "a credential passed as a reusable-workflow input", subj)
		})
	}
}

// localAction returns the analysis of a composite action in the same
// repository (uses: ./path), or nil.
func (js *jobState) localAction(name string) *analysis {
	dir := path.Clean(strings.TrimPrefix(name, "./"))
	for _, n := range repofiles.ActionNames {
		if f, ok := js.a.rs.byPath[path.Join(dir, n)]; ok {
			if r := js.a.rs.file(f); r != nil && r.analysis != nil {
				return r.analysis
			}
		}
	}
	return nil
}

// fromCallee copies what a local callee does with its secret into the
// caller's finding: kind signals and operations (with the callee's lines
// named in the evidence).
func (js *jobState) fromCallee(b *builder, callee *analysis, cred string) {
	found := false
	for _, k := range callee.order {
		cb := callee.builders[k]
		if !strings.EqualFold(cb.f.Credential, cred) {
			continue
		}
		found = true
		b.pos += cb.pos
		b.neg += cb.neg
		b.strongPos = b.strongPos || cb.strongPos
		b.strongNeg = b.strongNeg || cb.strongNeg
		b.unknown = b.unknown || cb.unknown
		b.appKey = b.appKey || cb.appKey
		b.reasons = append(b.reasons, cb.reasons...)
		for _, o := range cb.f.Operations {
			o.Evidence = inFile(o.Evidence, callee.evidenceRepo, callee.file.Path)
			b.op(o)
		}
		for _, u := range cb.f.Unresolved {
			u.Evidence = inFile(u.Evidence, callee.evidenceRepo, callee.file.Path)
			b.unresolvedAt(u)
		}
		for t := range cb.targets {
			b.target(t)
		}
	}
	if !found {
		b.signal(0, false, "")
		if callee.evidenceRepo != "" {
			b.unresolvedAt(inventory.Unresolved{Evidence: inventory.Evidence{Repo: callee.evidenceRepo, File: callee.file.Path, Text: cred},
				Reason: "the composite action's steps show no use of this input"})
			return
		}
		b.unresolved(0, callee.file.Path+" "+cred, "the called workflow does not use this secret", inventory.Subject{})
	}
}

// inFile places evidence of a called workflow or local action in its file
// (and repository), unless it is already placed in a file further down.
func inFile(e inventory.Evidence, repo, file string) inventory.Evidence {
	switch {
	case e.File == "":
		e.Repo, e.File = repo, file
	case e.Repo == "":
		e.Repo = repo // a file of the same repository
	}
	return e
}
