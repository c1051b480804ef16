package scanner

import (
	"cmp"
	"io/fs"
	"maps"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/pat2app/pat2app/expression"
	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/repofiles"
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
	if len(js.ghcrLogin) == 0 || !mayPush(s.rawInput("push")) && !outputsPush(s.rawInput("outputs")) {
		return
	}
	tags := s.lit("tags")
	if !strings.Contains(strings.ToLower(tags), "ghcr.io") && !strings.Contains(tags, "${{") {
		return
	}
	path := "push " + oneLine(tags, 80)
	if imgs := js.metadataImages(tags); len(imgs) > 0 {
		// docker/metadata-action's tags: of the images its step names.
		path += " of " + strings.Join(imgs, ", ")
	} else if strings.Contains(tags, "${{") && !strings.Contains(strings.ToLower(tags), "ghcr.io/") {
		// Tags made at run time, often from the matrix, that do not
		// name their registry themselves: the images the matrix names
		// are the ones it may push.
		path += js.matrixImagesNote()
	}
	for _, c := range js.ghcrLogin {
		b := js.a.get(js.id, c)
		b.use(inventory.Use{Line: s.line, Step: s.label, Via: inventory.ViaStored, Target: "docker/build-push-action push ghcr.io"})
		b.op(inventory.Operation{Kind: inventory.OpDocker, Method: "DOCKER", Path: path, Name: "push", Writes: true,
			Subject: inventory.Subject{Action: s.name}, Evidence: at(s.line, "docker/build-push-action push: true, tags "+oneLine(tags, 80))})
	}
}

// ghcrImageRE matches a ghcr.io image name, tag and digest left out.
var ghcrImageRE = regexp.MustCompile(`(?i)ghcr\.io/[a-z0-9][a-z0-9-]*/[a-z0-9._/-]+`)

// matrixImagesNote is what an image push's path gets when its images are
// named at run time: inventory.MatrixImages and the ghcr.io images the
// job's matrix names, "" when it names none; worked out once per job.
func (js *jobState) matrixImagesNote() string {
	if js.matrixNote == nil {
		note := ""
		if imgs := js.matrixGhcrImages(); len(imgs) > 0 {
			note = inventory.MatrixImages + strings.Join(imgs, ", ") + ")"
		}
		js.matrixNote = &note
	}
	return *js.matrixNote
}

// matrixGhcrImages lists the ghcr.io images (without tags) the values of
// the job's matrix name, rows and include entries, in order, at most ten.
func (js *jobState) matrixGhcrImages() []string {
	if js.job.Strategy == nil || js.job.Strategy.Matrix == nil {
		return nil
	}
	m := js.job.Strategy.Matrix
	var texts []string
	for _, k := range slices.Sorted(maps.Keys(m.Rows)) {
		if r := m.Rows[k]; r != nil {
			for _, v := range r.Values {
				texts = append(texts, v.String())
			}
		}
	}
	if m.Include != nil {
		for _, c := range m.Include.Combinations {
			if c == nil {
				continue
			}
			for _, k := range slices.Sorted(maps.Keys(c.Assigns)) {
				if a := c.Assigns[k]; a != nil && a.Value != nil {
					texts = append(texts, a.Value.String())
				}
			}
		}
	}
	return ghcrImages(texts...)
}

// ghcrImages lists the ghcr.io images (without tags) the texts name, in
// order, each once, at most ten.
func ghcrImages(texts ...string) []string {
	var out []string
	for _, t := range texts {
		for _, img := range ghcrImageRE.FindAllString(t, -1) {
			if !slices.Contains(out, img) && len(out) < 10 {
				out = append(out, img)
			}
		}
	}
	return out
}

// metadataImages lists the ghcr.io images of a tags input that is the
// tags output of a docker/metadata-action step of the job
// (${{ steps.meta.outputs.tags }}): the images that step names.
func (js *jobState) metadataImages(tags string) []string {
	p, ok := expression.SolePath(strings.TrimSpace(tags))
	if !ok || len(p.Parts) != 4 || !strings.EqualFold(p.Parts[0], "steps") || !strings.EqualFold(p.Parts[2], "outputs") || !strings.EqualFold(p.Parts[3], "tags") {
		return nil
	}
	prod := js.producers[p.Parts[1]]
	if prod == nil {
		return nil
	}
	return ghcrImages(prod.images)
}

// localImagePushes records, for the repository's own action run after
// docker/login-action logged in to ghcr.io, the image pushes its file
// shows (docker/build-push-action, docker push, docker buildx --push, oras
// push or attach): they go with that login, which the action's own reading
// does not know of.
func (js *jobState) localImagePushes(s *actionStep) {
	if len(js.ghcrLogin) == 0 || !strings.HasPrefix(s.name, "./") || s.checkedOut != "" {
		return
	}
	dir, ok := repofiles.LocalRef(s.name)
	if !ok {
		return
	}
	for _, n := range repofiles.ActionNames {
		f, ok := js.a.rs.byPath[path.Join(dir, n)]
		if !ok {
			continue
		}
		text := string(f.Data)
		if !imagePushRE.MatchString(text) {
			return
		}
		for _, c := range js.ghcrLogin {
			b := js.a.get(js.id, c)
			b.use(inventory.Use{Line: s.line, Step: s.label, Via: inventory.ViaStored, Target: s.name + " push ghcr.io", Subject: inventory.Subject{Action: s.name}})
			b.op(inventory.Operation{Kind: inventory.OpDocker, Method: "DOCKER", Path: "push (" + f.Path + ")", Name: "push", Writes: true,
				Subject: inventory.Subject{Action: s.name}, Evidence: at(s.line, s.name+" pushes images (its "+f.Path+") with the ghcr.io login of docker/login-action")})
		}
		return
	}
}

// imagePushRE finds an image push in an action's file.
var imagePushRE = regexp.MustCompile(`docker/build-push-action|docker(?:\s+image)?\s+push\b|buildx\s+build[^\n]*--push|oras\s+(?:push|attach)\b|type=registry|push=true`)

// outputsPush reports an outputs input that pushes the image: the registry
// exporter (type=registry), an image exporter with push=true, or one
// chosen at run time (docker buildx build --output, which build-push-action's
// outputs input is).
func outputsPush(v string) bool {
	v = strings.ToLower(v)
	return strings.Contains(v, "type=registry") || strings.Contains(v, "push=true") || strings.Contains(v, "${{")
}

// mayPush reports a push input that is true, or chosen at run time (an
// expression): a push it may make is counted.
func mayPush(v string) bool {
	v = strings.TrimSpace(v)
	return strings.EqualFold(v, "true") || strings.Contains(v, "${{")
}

// input reads the secrets input: a build secret is read only by a RUN
// instruction that mounts it (RUN --mount=type=secret,id=NAME), so one the
// Dockerfile never mounts is not used. A Dockerfile not in the scan, one
// that mounts the secret, or a secret whose name or value pat2app cannot
// tie to the credential is left as it was (unresolved).
func (buildPushAction) input(js *jobState, s *actionStep, b *builder, input string, line int) bool {
	if input != "secrets" {
		return false
	}
	id := buildSecretID(s.rawInput("secrets"), b.f.Credential)
	if id == "" {
		return false
	}
	m := js.a.rs.dockerfileMounts(buildDockerfilePath(s))
	if !m.known || m.ids[id] {
		return false
	}
	// No RUN instruction mounts it: the build does not read it.
	return true
}

// buildSecretID is the name under which a secrets input (ID=value lines)
// hands the credential on, "" when no line's value names it.
func buildSecretID(raw, cred string) string {
	for _, l := range strings.Split(raw, "\n") {
		id, val, ok := strings.Cut(strings.TrimSpace(l), "=")
		if ok && strings.Contains(strings.ToLower(val), strings.ToLower(cred)) && !strings.ContainsAny(id, "${} ") {
			return strings.TrimSpace(id)
		}
	}
	return ""
}

// maxDockerfile is the largest Dockerfile read.
const maxDockerfile = 512 << 10

// buildDockerfilePath is the Dockerfile a docker/build-push-action step
// builds: its file input, else Dockerfile in its context (the
// repository's root when it names none); "" when it is chosen at run
// time or the context is another repository.
func buildDockerfilePath(s *actionStep) string {
	p := strings.TrimSpace(s.lit("file"))
	if p == "" {
		ctx := strings.TrimSpace(s.lit("context"))
		if strings.Contains(ctx, "://") || strings.HasPrefix(ctx, "{{") {
			return ""
		}
		p = path.Join(cmp.Or(ctx, "."), "Dockerfile")
	}
	if strings.ContainsAny(p, "${}") || path.IsAbs(p) {
		return ""
	}
	return path.Clean(p)
}

// dockerMounts is what a Dockerfile says of build secrets: the ids its
// RUN instructions mount; known is false when the file is not in the
// scan or a mount's id is chosen by a build argument.
type dockerMounts struct {
	ids   map[string]bool
	known bool
}

// dockerfileMounts reads the Dockerfile at p once per repository scan.
func (rs *repoScan) dockerfileMounts(p string) dockerMounts {
	if m, ok := rs.dockerfiles[p]; ok {
		return m
	}
	var m dockerMounts
	if rs.repo.Tree != nil && p != "" {
		if data, err := fs.ReadFile(rs.repo.Tree, p); err == nil && len(data) <= maxDockerfile {
			m.ids, m.known = dockerSecretMounts(string(data))
		}
	}
	if rs.dockerfiles == nil {
		rs.dockerfiles = map[string]dockerMounts{}
	}
	rs.dockerfiles[p] = m
	return m
}

// dockerSecretMounts lists the ids of the secrets a Dockerfile's RUN
// instructions mount (--mount=type=secret,id=NAME; the id defaults to the
// target's base name); known is false when a mount's id is chosen by a
// build argument.
func dockerSecretMounts(dockerfile string) (ids map[string]bool, known bool) {
	ids = map[string]bool{}
	for _, field := range strings.Fields(dockerfile) {
		opts, ok := strings.CutPrefix(field, "--mount=")
		if !ok || !strings.Contains(opts, "type=secret") {
			continue
		}
		id, target := "", ""
		for _, kv := range strings.Split(opts, ",") {
			k, v, _ := strings.Cut(kv, "=")
			switch k {
			case "id":
				id = v
			case "target", "dst", "destination":
				target = v
			}
		}
		if id == "" && target != "" {
			id = path.Base(target)
		}
		if id == "" || strings.Contains(id, "$") {
			return nil, false
		}
		ids[id] = true
	}
	return ids, true
}
