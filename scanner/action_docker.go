package scanner

import (
	"cmp"
	"strings"

	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/scanner/shellops"
)

// dockerLoginAction reads docker/login-action: a password for ghcr.io is a
// GitHub credential, and later docker commands of the job push and pull
// with the login; one for another registry is that registry's.
type dockerLoginAction struct{ baseHandler }

func (dockerLoginAction) handles(s *actionStep) bool { return s.name == "docker/login-action" }

func (dockerLoginAction) input(js *jobState, s *actionStep, b *builder, input string, line int) bool {
	reg := strings.ToLower(s.lit("registry"))
	switch input {
	case "username":
		b.signal(-1, false, "a registry user name, not a credential")
		return true
	case "password":
	default:
		return false
	}
	subj := inventory.Subject{Action: s.name, Input: input}
	ev := s.name + " " + input
	switch {
	case strings.Contains(reg, "ghcr.io") || strings.Contains(reg, "docker.pkg.github.com"):
		b.signal(1, true, "docker/login-action password for ghcr.io")
		b.op(inventory.Operation{Kind: inventory.OpDocker, Method: "DOCKER", Path: "login ghcr.io", Name: "login", Subject: subj, Evidence: at(line, ev)})
		js.ghcrLogin = appendUnique(js.ghcrLogin, b.f.Credential)
		// Later docker commands in run steps push with this login.
		js.stored = append(js.stored, shellops.Stored{Tool: "docker", Host: "ghcr.io", Credentials: []string{b.f.Credential}})
	case strings.Contains(reg, "${{"):
		b.signal(0, false, "")
		b.unresolved(line, ev, "registry is chosen at run time", subj)
	default:
		b.signal(-1, true, "docker/login-action for "+cmp.Or(reg, "Docker Hub"))
	}
	return true
}

// buildPushAction reads docker/build-push-action: a push to ghcr.io is a
// push with the credentials docker/login-action logged in with.
type buildPushAction struct{ baseHandler }

func (buildPushAction) handles(s *actionStep) bool { return s.name == "docker/build-push-action" }

func (buildPushAction) end(js *jobState, s *actionStep) {
	if len(js.ghcrLogin) == 0 || strings.ToLower(strings.TrimSpace(s.lit("push"))) != "true" {
		return
	}
	tags := s.lit("tags")
	if !strings.Contains(strings.ToLower(tags), "ghcr.io") && !strings.Contains(tags, "${{") {
		return
	}
	for _, c := range js.ghcrLogin {
		b := js.a.get(js.id, c)
		b.use(inventory.Use{Line: s.line, Step: s.label, Via: inventory.ViaStored, Target: "docker/build-push-action push ghcr.io"})
		b.op(inventory.Operation{Kind: inventory.OpDocker, Method: "DOCKER", Path: "push " + oneLine(tags, 80), Name: "push", Writes: true,
			Subject: inventory.Subject{Action: s.name}, Evidence: at(s.line, "docker/build-push-action push: true, tags "+oneLine(tags, 80))})
	}
}
