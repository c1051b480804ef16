package shellops

import (
	"maps"
	"slices"
	"strings"
)

// docker handles docker (and podman/buildah/nerdctl) login, push and pull.
func (a *analyzer) docker(ctx *callCtx, cmd string, args []value) {
	// skip global options (--config DIR, -H host, --context X, --log-level X)
	i := 0
	for i < len(args) {
		s := args[i].String()
		if !strings.HasPrefix(s, "-") {
			break
		}
		if (s == "--config" || s == "-H" || s == "--host" || s == "--context" || s == "-c" || s == "--log-level" || s == "-l") && i+1 < len(args) {
			i++
		}
		i++
	}
	if i >= len(args) {
		return
	}
	sub := args[i].String()
	rest := args[i+1:]
	switch sub {
	case "login":
		a.dockerLogin(ctx, cmd, rest)
	case "push", "pull":
		for _, x := range rest {
			if s := x.String(); !strings.HasPrefix(s, "-") {
				a.dockerImageOp(ctx, cmd, sub, x)
				break
			}
		}
	case "buildx", "image", "manifest", "tag", "build":
		// docker buildx build --push -t IMG, docker buildx imagetools create
		// -t IMG, docker manifest push IMG, docker image push IMG.
		push := sub == "manifest" && indexOf(rest, "push") >= 0 || sub == "image" && indexOf(rest, "push") >= 0 ||
			hasFlag(rest, "--push") || indexOf(rest, "imagetools") >= 0 || hasFlag(rest, "--output") && strings.Contains(joinStrings(rest), "push=true")
		if !push {
			return
		}
		var imgs []value
		for k := 0; k < len(rest); k++ {
			s := rest[k].String()
			switch {
			case (s == "-t" || s == "--tag") && k+1 < len(rest):
				imgs = append(imgs, rest[k+1])
				k++
			case strings.HasPrefix(s, "--tag="):
				_, after, _ := rest[k].cut("=")
				imgs = append(imgs, after)
			}
		}
		if len(imgs) == 0 && (sub == "manifest" || sub == "image") {
			for _, x := range rest[1:] {
				if s := x.String(); !strings.HasPrefix(s, "-") {
					imgs = append(imgs, x)
					break
				}
			}
		}
		for _, img := range imgs {
			a.dockerImageOp(ctx, cmd, "push", img)
		}
	default:
		// credentials given to other docker commands (docker run -e
		// TOKEN=$X ...) go into a container: unknown use.
		a.argUses(ctx, cmd, rest, 0, "", "")
	}
}

// ociRegistry handles the registry commands of helm and oras, which log in
// and push as docker does: helm registry login HOST and oras login HOST
// keep a credential for the registry (-p, --password-stdin), and helm push
// CHART oci://HOST/PATH and oras push HOST/PATH:TAG push there with it
// (ghcr.io: packages: write). It reports whether it handled the command.
func (a *analyzer) ociRegistry(ctx *callCtx, base string, args []value) bool {
	sub := func(i int) string {
		if i < len(args) {
			return args[i].String()
		}
		return ""
	}
	switch {
	case base == "helm" && sub(0) == "registry" && sub(1) == "login":
		a.dockerLogin(ctx, base, args[2:])
	case base == "oras" && sub(0) == "login":
		a.dockerLogin(ctx, base, args[1:])
	case base == "helm" && sub(0) == "push":
		for _, x := range args[1:] {
			if _, ref, ok := x.cut("oci://"); ok && strings.HasPrefix(x.String(), "oci://") {
				a.dockerImageOp(ctx, base, "push", ref)
			}
		}
	case base == "oras" && sub(0) == "push":
		for _, x := range args[1:] {
			if s := x.String(); !strings.HasPrefix(s, "-") {
				a.dockerImageOp(ctx, base, "push", x)
				break
			}
		}
	default:
		return false
	}
	return true
}

func joinStrings(vs []value) string {
	var b strings.Builder
	for _, v := range vs {
		b.WriteString(v.String())
		b.WriteByte(' ')
	}
	return b.String()
}

func (a *analyzer) dockerLogin(ctx *callCtx, cmd string, args []value) {
	server := "docker.io"
	var creds []string
	via := "arg"
	for k := 0; k < len(args); k++ {
		s := args[k].String()
		switch {
		case (s == "-p" || s == "--password") && k+1 < len(args):
			creds = append(creds, args[k+1].creds()...)
			k++
		case strings.HasPrefix(s, "--password="):
			_, after, _ := args[k].cut("=")
			creds = append(creds, after.creds()...)
		case strings.HasPrefix(s, "-p") && len(s) > 2 && !strings.HasPrefix(s, "--"):
			creds = append(creds, args[k].creds()...)
		case (s == "-u" || s == "--username") && k+1 < len(args):
			k++
		case s == "--password-stdin":
			creds = append(creds, ctx.stdin.creds()...)
			via = "stdin"
		case strings.HasPrefix(s, "-"):
		default:
			server = strings.ToLower(strings.TrimPrefix(strings.TrimPrefix(s, "https://"), "http://"))
			server = strings.TrimSuffix(server, "/")
		}
	}
	creds = uniq(creds)
	if len(creds) == 0 {
		return
	}
	if a.cond > 0 {
		a.dockerLogins[server] = union(a.dockerLogins[server], creds)
	} else {
		a.dockerLogins[server] = creds
	}
	gh := a.classifyHost(server)
	if server == "docker.io" {
		gh = -1
	}
	u := Use{Line: ctx.line, Command: cmd, Via: via, Host: server, GitHub: gh, Evidence: a.evidenceOf(ctx)}
	if gh > 0 {
		u.Ops = []Op{{Kind: KindDocker, Method: "DOCKER", Path: "login " + server, Name: "login"}}
	} else if gh == 0 {
		u.Unresolved = "docker login to a registry that is not known"
	}
	for _, c := range creds {
		u.Credential = c
		a.addUse(u)
	}
}

// namedAtRunTime ends the path of a docker push whose image is named at
// run time.
const namedAtRunTime = " (named at run time)"

// dockerImageOp reports a push or pull of an image on a registry the script
// logged in to.
func (a *analyzer) dockerImageOp(ctx *callCtx, cmd, op string, img value) {
	s := img.String()
	if op == "push" && !img.known() && (!strings.Contains(s, "/") || strings.HasPrefix(s, "{")) {
		// An image named at run time ("${tag}"): it may be on any
		// registry the job logged in to, GitHub's included.
		for _, registry := range slices.Sorted(maps.Keys(a.dockerLogins)) {
			if gh := a.classifyHost(registry); gh > 0 {
				u := Use{Line: ctx.line, Command: cmd, Via: "stored", Host: registry, GitHub: gh, Evidence: a.evidenceOf(ctx),
					Ops: []Op{{Kind: KindDocker, Method: "DOCKER", Path: op + " " + s + namedAtRunTime, Name: op, Writes: true, ImageAtRunTime: true}}}
				for _, c := range a.dockerLogins[registry] {
					u.Credential = c
					a.addUse(u)
				}
			}
		}
		return
	}
	registry := "docker.io"
	if i := strings.IndexByte(s, '/'); i > 0 {
		first := s[:i]
		if strings.ContainsAny(first, ".:") || first == "localhost" {
			registry = strings.ToLower(first)
		}
	}
	creds := a.dockerLogins[registry]
	if len(creds) == 0 {
		return
	}
	gh := a.classifyHost(registry)
	if registry == "docker.io" {
		gh = -1
	}
	u := Use{Line: ctx.line, Command: cmd, Via: "stored", Host: registry, GitHub: gh, Evidence: a.evidenceOf(ctx)}
	if gh > 0 {
		name := s
		if i := strings.IndexAny(name, "@"); i >= 0 {
			name = name[:i]
		}
		if i := strings.LastIndexByte(name, ':'); i > strings.LastIndexByte(name, '/') {
			name = name[:i]
		}
		u.Ops = []Op{{Kind: KindDocker, Method: "DOCKER", Path: op + " " + name, Name: op, Writes: op == "push"}}
	}
	for _, c := range creds {
		u.Credential = c
		a.addUse(u)
	}
}
