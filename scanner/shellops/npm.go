package shellops

import (
	"cmp"
	"strings"

	"github.com/pat2app/pat2app/knowledge"
)

// npmTokenEnv are the variables an .npmrc (setup-node's or the
// repository's) usually reads the registry token from (npm's row of
// knowledge/data/tools.tsv).
func npmTokenEnv() []string {
	npm, _ := knowledge.Tool("npm")
	return npm.TokenEnv
}

// npmValueFlags are the options of npm, yarn and pnpm registry commands
// whose value is the next word (docs.npmjs.com/cli/commands/npm-publish,
// npm-install: --tag, --access, --registry, --otp, --workspace, ...): the
// value is no positional argument (npm publish --tag next publishes the
// package in the folder, as npm publish does).
var npmValueFlags = map[string]bool{
	"--tag": true, "--access": true, "--registry": true, "--otp": true, "--workspace": true, "-w": true,
	"--prefix": true, "--cache": true, "--userconfig": true, "--loglevel": true, "--auth-type": true,
	"--scope": true, "--omit": true, "--include": true, "--filter": true, "-F": true, "--dir": true, "-C": true,
}

// npm handles npm/yarn/pnpm registry commands; it reports false for the
// others (npm run ..., handled as scripts).
func (a *analyzer) npm(ctx *callCtx, cmd string, args []value) bool {
	var pos []value
	for i := 0; i < len(args); i++ {
		s := args[i].String()
		switch {
		case npmValueFlags[s]:
			i++ // its value
		case !strings.HasPrefix(s, "-"):
			pos = append(pos, args[i])
		}
	}
	sub := ""
	if len(pos) > 0 {
		sub = pos[0].String()
	}
	if cmd == "yarn" && sub == "npm" && len(pos) > 1 { // yarn npm publish (berry)
		pos = pos[1:]
		sub = pos[0].String()
	}
	kind := ""
	switch sub {
	case "version":
		if cmd != "npm" {
			return false
		}
		// npm version NEWVERSION writes package.json (and, without
		// --no-git-tag-version, commits and tags locally) and runs the
		// package's preversion, version and postversion scripts; it
		// sends nothing anywhere itself (npm-version(1)).
		handled, note := a.follow(ctx, &Run{Kind: RunPackageScript, Program: cmd, Sub: "version"})
		if !handled && note != "" {
			a.scriptUse(ctx, cmd+" version", nil, true, "its package's version scripts were not read: "+note)
		}
		return true
	case "config":
		if len(pos) >= 2 && pos[1].String() == "set" {
			a.npmConfigSet(ctx, cmd, pos[2:])
			return true
		}
		return true
	case "publish", "unpublish", "dist-tag", "deprecate", "access", "owner":
		kind = "publish"
	case "install", "i", "ci", "add", "update", "upgrade", "up", "whoami", "view", "info":
		kind = "install"
		if sub == "whoami" {
			kind = "whoami"
		}
	case "":
		if cmd == "yarn" {
			kind = "install"
		}
	}
	if kind == "" {
		return false
	}
	if len(pos) == 1 || cmd == "yarn" && len(pos) == 0 {
		// A bare install or publish runs the package's lifecycle
		// scripts (preinstall, prepare, prepublishOnly, ...).
		var handled bool
		var note string
		switch sub {
		case "install", "i", "":
			handled, note = a.follow(ctx, &Run{Kind: RunPackageScript, Program: cmd, Sub: "install"})
		case "ci", "publish":
			handled, note = a.follow(ctx, &Run{Kind: RunPackageScript, Program: cmd, Sub: sub})
		}
		if !handled && note != "" && !a.dirKnown {
			// The package is in a folder not known (lerna exec, cd
			// "$DIR"): its scripts run with the environment unread.
			a.scriptUse(ctx, cmd+" "+cmp.Or(sub, "install"), nil, true, "its package's lifecycle scripts were not read: "+note)
		}
	}
	host := ""
	if v, ok := flagValue(args, "--registry"); ok {
		host = a.parseURL(v).host
	}
	var creds []string
	via := ""
	for k := len(a.npmAuth) - 1; k >= 0; k-- {
		na := a.npmAuth[k]
		if host == "" || na.host == host {
			if host == "" {
				host = na.host
			}
			creds, via = na.creds, "stored"
			break
		}
	}
	if len(creds) == 0 {
		for _, n := range npmTokenEnv() {
			if v, ok := a.envVar(n, ctx.overlay); ok && v.hasCreds() {
				creds, via = v.creds(), "env"
				break
			}
		}
	}
	if len(creds) == 0 {
		return true
	}
	if host == "" {
		host = a.in.NPMRegistry
	}
	if host == "" {
		host = "registry.npmjs.org"
	}
	gh := a.classifyHost(host)
	name := "npm " + kind
	u := Use{Line: ctx.line, Command: cmd, Via: via, Host: host, GitHub: gh, Evidence: a.evidenceOf(ctx)}
	if strings.ContainsAny(host, "${}") {
		// setup-node's registry-url chosen at run time (a matrix of
		// registries): GitHub Packages, or another registry.
		u.GitHub, u.Host = 0, ""
		u.Unresolved = "npm " + kind + " to a registry chosen at run time (" + host + "): whether it is GitHub Packages is not known"
	}
	if gh > 0 && u.Unresolved == "" {
		u.Ops = []Op{{Kind: KindPackage, Method: "PACKAGE", Path: name, Name: name, Writes: kind == "publish"}}
	}
	for _, c := range creds {
		u.Credential = c
		a.addUse(u)
	}
	return true
}

// npmConfigSet handles npm config set //host/:_authToken VALUE (or
// KEY=VALUE) and yarn config set npmAuthToken VALUE.
func (a *analyzer) npmConfigSet(ctx *callCtx, cmd string, pos []value) {
	if len(pos) == 0 {
		return
	}
	key, val := pos[0], value{}
	if len(pos) > 1 {
		val = pos[1]
	} else if k, v, ok := pos[0].cut("="); ok {
		key, val = k, v
	}
	ks := key.String()
	if !strings.Contains(ks, "_auth") && !strings.Contains(ks, "npmAuthToken") && !strings.Contains(ks, "_password") {
		return
	}
	creds := union(key.creds(), val.creds())
	if len(creds) == 0 {
		return
	}
	host := npmrcHost(ks)
	if host == "" {
		host = a.in.NPMRegistry
	}
	if host == "" {
		host = "registry.npmjs.org"
	}
	a.npmAuth = append(a.npmAuth, npmCred{host: host, creds: creds})
	gh := a.classifyHost(host)
	for _, c := range creds {
		a.addUse(Use{Credential: c, Line: ctx.line, Command: cmd, Via: "config", Host: host, GitHub: gh, Evidence: a.evidenceOf(ctx)})
	}
}

// npmrcHost is the host of an .npmrc key like //npm.pkg.github.com/:_authToken.
func npmrcHost(key string) string {
	i := strings.Index(key, "//")
	if i < 0 {
		return ""
	}
	s := key[i+2:]
	if j := strings.IndexAny(s, "/:"); j >= 0 {
		s = s[:j]
	}
	return strings.ToLower(s)
}
