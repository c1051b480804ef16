package repocode

import (
	"cmp"
	"path"
	"strconv"
	"strings"

	"github.com/pat2app/pat2app/scanner/codeflow"
	"github.com/pat2app/pat2app/scanner/packagejson"
	"github.com/pat2app/pat2app/scanner/shellops"
)

// packageLifecycle are the package manager commands whose lifecycle
// scripts run (npm publish runs prepublishOnly, ...).
var packageLifecycle = map[string]bool{"publish": true, "pack": true, "install": true, "ci": true, "version": true}

// runPackageScript follows npm run NAME (and npm test, yarn NAME, pnpm
// NAME, bun run NAME, and the lifecycle scripts of npm publish and
// install) into the package.json scripts it runs, read as sh.
func (f *Follower) runPackageScript(r *shellops.Run) shellops.Followed {
	root := r.Base.RepoRoot
	dir, known := r.Dir, r.DirKnown
	for _, k := range []string{"prefix", "C", "dir", "cwd"} {
		if v, ok := r.Flags[k]; ok {
			d, why, ok := resolve(dir, known, v, "")
			if !ok {
				return shellops.Followed{Note: cmp.Or(why, "its folder is not a repository folder")}
			}
			dir, known = d, true
		}
	}
	if _, ok := r.Flags["workspace-root"]; ok {
		// pnpm -w: the workspace's root, the nearest folder up that
		// lists the packages.
		d, ok := f.workspaceRoot(dir, known, root)
		if !ok {
			return shellops.Followed{Note: "the workspace's root is not known"}
		}
		dir = d
	}
	for _, k := range []string{"filter", "F", "workspace", "w"} {
		if v, ok := r.Flags[k]; ok {
			d, _, ok := resolve(dir, known, v, "")
			if !ok || !f.exists(path.Join(relTo(d, root), "package.json")) {
				named, found := f.workspacePackage(dir, known, root, v)
				if !found {
					return shellops.Followed{Note: "the workspace package " + v + " is chosen by name, which is not followed"}
				}
				d = named
			}
			dir = d
		}
	}
	if !known {
		return shellops.Followed{Note: "the working directory is not known"}
	}
	rel, why, ok := resolve(dir, true, ".", root)
	if !ok {
		return shellops.Followed{Note: why}
	}
	p := f.nearestPackage(rel)
	if p == "" {
		return shellops.Followed{Note: "no package.json in " + rel + " or above"}
	}
	fl := f.read(p)
	if fl.err != nil {
		return shellops.Followed{Handled: true, Uses: unread(r, p, 0, "", "could not be read: "+fl.err.Error())}
	}
	pkg, err := f.packageJSON(fl)
	if err != nil {
		line := 0
		if se, ok := err.(*packagejson.SyntaxError); ok {
			line = se.Line
		}
		return shellops.Followed{Handled: true, Uses: unread(r, p, line, "", "could not be read: "+err.Error())}
	}
	var scripts []packagejson.Script
	main := ""
	switch {
	case packageLifecycle[r.Sub] && r.Target == "":
		scripts = pkg.Lifecycle(r.Sub)
	case r.Program == shellops.RunAllProgram:
		// npm-run-all's names and patterns: * matches within a part
		// of a name split at ":", ** across parts; each script once, in
		// the order named.
		seen := map[string]bool{}
		for _, pat := range strings.Fields(r.Target) {
			for _, n := range pkg.Names() {
				if !seen[n] && runAllMatch(pat, n) {
					seen[n] = true
					s, _ := pkg.Run(n)
					scripts = append(scripts, s...)
				}
			}
		}
	default:
		s, ok := pkg.Run(r.Target)
		if !ok {
			if r.BinaryFallback() {
				// yarn NAME, pnpm NAME, yarn run NAME: without a script
				// NAME they run the package binary NAME, which may be a
				// package of the monorepo's own.
				if file, dir, ok := f.workspaceBin(p, root, r.Target); ok {
					sub := *r
					sub.Kind, sub.Program, sub.Sub, sub.Target, sub.Flags = shellops.RunFile, "node", "", file, nil
					sub.Dir, sub.DirKnown = dir, true
					return f.runFile(&sub)
				}
				return shellops.Followed{Note: p + " has no script " + r.Target, NoScript: true}
			}
			// npm stops with "Missing script": nothing runs.
			return shellops.Followed{Handled: true, Accounted: true}
		}
		scripts, main = s, r.Target
	}
	key := p + "#" + r.Sub + "#" + r.Target
	if why, ok := f.push(key); !ok {
		if why == "runs itself" {
			return shellops.Followed{Handled: true, Accounted: true}
		}
		return shellops.Followed{Handled: true, Uses: unread(r, p, 0, "", why)}
	}
	defer f.pop()
	memo := memoKey("npm", key, "", r)
	if res, ok := f.memo[memo]; ok {
		return copyFollowed(res)
	}
	pkgDir := toWorkspace(path.Dir(p), root)
	out := shellops.Followed{Handled: true, Accounted: true}
	stored := r.Base.Stored
	for _, s := range scripts {
		var args []shellops.Arg
		if s.Name == main {
			args = r.Args
		}
		stored = f.scriptCommand(r, p, s.Command, s.Line, args, pkgDir, "script "+s.Name, stored, &out)
	}
	f.memo[memo] = out
	return copyFollowed(out)
}

// scriptCommand reads one command of a task runner's file (a package.json
// script, a deno.json task) as sh, with the run's environment and args
// appended to it, in dir; it returns what tool configuration holds after
// it.
func (f *Follower) scriptCommand(r *shellops.Run, p, command string, line int, args []shellops.Arg, dir, what string, stored []shellops.Stored, out *shellops.Followed) []shellops.Stored {
	env := map[string][]string{}
	for k, v := range r.Env {
		env[k] = v
	}
	text := command
	// Arguments after the script name are appended to its command.
	if words := argWords("npm_arg_", args, env); len(words) > 0 {
		text += " " + strings.Join(words, " ")
	}
	return f.shellText(r, p, shellPiece{text: text, shell: "sh", start: line, env: env, dir: dir,
		name: r.Base.Name, what: what + " is only partly read"}, stored, out)
}

// workspaceBin finds the package binary name among the packages of the
// monorepo whose package.json is p (from the repository root; root is
// the repository's place in the workspace): the file the one package
// whose "bin" names it runs, and that package's folder (from the
// workspace, as Run.Dir). ok is false when the packages cannot be
// listed, or none or several of them have it.
func (f *Follower) workspaceBin(p, root, name string) (file, dir string, ok bool) {
	var pkg *packagejson.Package
	dir, pkg, ok = f.oneWorkspacePackage(p, root, func(pkg *packagejson.Package) bool {
		_, has := pkg.Bins[name]
		return has
	})
	if !ok {
		return "", "", false
	}
	return pkg.Bins[name], dir, true
}

// workspacePackage is the folder of the one workspace package whose
// package.json is named name (pnpm --filter @acme/web, npm -w @acme/web),
// among the workspaces of the package at dir. ok is false for a pattern
// (*, ..., ^, {}, !, a path) or when no package or several have the name.
func (f *Follower) workspacePackage(dir string, known bool, root, name string) (folder string, ok bool) {
	if !known || name == "" || strings.ContainsAny(name, "*{}!^[]") || strings.Contains(name, "...") || strings.HasPrefix(name, ".") {
		return "", false
	}
	// The workspace is the nearest folder up from here that lists its
	// packages: a step in one package's folder names another package of
	// the monorepo.
	ws, found := f.workspaceRoot(dir, known, root)
	if !found {
		return "", false
	}
	folder, _, ok = f.oneWorkspacePackage(path.Join(relTo(ws, root), "package.json"), root, func(pkg *packagejson.Package) bool { return pkg.Name == name })
	return folder, ok
}

// workspaceRoot is the folder (from the workspace) of the monorepo dir is
// in: the nearest folder up from it that lists its packages
// (pnpm-workspace.yaml, package.json workspaces, lerna.json).
func (f *Follower) workspaceRoot(dir string, known bool, root string) (string, bool) {
	rel, _, inRepo := resolve(dir, known, ".", root)
	if !known || !inRepo {
		return "", false
	}
	for d := rel; ; d = path.Dir(d) {
		if _, listed := f.PackageFolders(toWorkspace(d, root), root); listed {
			return toWorkspace(d, root), true
		}
		if d == "." || d == "/" || d == "" {
			return "", false
		}
	}
}

// oneWorkspacePackage is the folder (from the workspace) and package.json
// of the one package of the monorepo whose package.json is p that match
// accepts; ok is false when the packages cannot be listed, or none or
// several are accepted. Packages whose package.json cannot be read are
// passed over.
func (f *Follower) oneWorkspacePackage(p, root string, match func(*packagejson.Package) bool) (folder string, pkg *packagejson.Package, ok bool) {
	folders, listed := f.PackageFolders(toWorkspace(path.Dir(p), root), root)
	if !listed {
		return "", nil, false
	}
	for _, w := range folders {
		fl := f.read(path.Join(relTo(w, root), "package.json"))
		if fl.missing || fl.err != nil {
			continue
		}
		got, err := f.packageJSON(fl)
		if err != nil || !match(got) {
			continue
		}
		if ok {
			return "", nil, false // two packages match
		}
		folder, pkg, ok = w, got, true
	}
	return folder, pkg, ok
}

// nearestPackage is the package.json of dir or of the nearest folder
// above it in the repository, "" when there is none.
func (f *Follower) nearestPackage(dir string) string {
	return f.nearestFile(dir, []string{"package.json"})
}

// packageJSON parses a package.json once.
func (f *Follower) packageJSON(fl *file) (*packagejson.Package, error) {
	return parseOnce(fl, "npm", packagejson.Parse)
}

// relTo turns a workspace path into a path from the repository root,
// "" when it is outside the checkout.
func relTo(wsPath, root string) string {
	p, _, ok := resolve(wsPath, true, ".", root)
	if !ok {
		return ""
	}
	return p
}

// toWorkspace turns a path from the repository root into one from the
// workspace.
func toWorkspace(rel, root string) string {
	if root == "" || root == "." || root == shellops.ForeignRoot {
		return rel
	}
	return path.Clean(path.Join(root, rel))
}

// runAllMatch reports whether npm-run-all's pattern matches a script's
// name: "*" any text within a part of the name split at ":", "**" any
// text; other characters as written.
func runAllMatch(pattern, name string) bool {
	if !strings.Contains(pattern, "*") {
		return pattern == name
	}
	g := strings.ReplaceAll(strings.ReplaceAll(pattern, "/", "\\/"), ":", "/")
	n := strings.ReplaceAll(strings.ReplaceAll(name, "/", "\\/"), ":", "/")
	if strings.Contains(g, "**") {
		prefix := g[:strings.Index(g, "**")]
		return strings.HasPrefix(n, prefix)
	}
	ok, err := path.Match(g, n)
	return err == nil && ok
}

// argWords writes a run's arguments as shell words for the command a task
// runner appends or fills them into: a known argument quoted, one that
// carries a credential or is known only at run time as "$PREFIXn", a
// variable env gives the argument's credentials.
func argWords(prefix string, args []shellops.Arg, env map[string][]string) []string {
	words := make([]string, 0, len(args))
	for i, a := range args {
		if len(a.Creds) == 0 && a.Known {
			words = append(words, codeflow.ShellQuote(a.Text))
			continue
		}
		name := prefix + strconv.Itoa(i+1)
		words = append(words, `"$`+name+`"`)
		if len(a.Creds) > 0 {
			env[name] = a.Creds
		}
	}
	return words
}
