package repocode

import (
	"cmp"
	"path"

	"github.com/pat2app/pat2app/scanner/denojson"
	"github.com/pat2app/pat2app/scanner/shellops"
)

// denoConfigNames are the files deno task reads its tasks from, in the
// order Deno looks for them in a folder.
var denoConfigNames = []string{"deno.json", "deno.jsonc"}

// runDenoTask follows deno task NAME into the task of the nearest
// deno.json or deno.jsonc (or the one --config names) and the tasks it
// depends on, each read as sh in the config's folder (or --cwd). Without
// such a task deno task runs the package.json script NAME, followed as
// npm run NAME is.
func (f *Follower) runDenoTask(r *shellops.Run) shellops.Followed {
	root := r.Base.RepoRoot
	if !r.DirKnown {
		return shellops.Followed{Note: "the working directory is not known"}
	}
	rel, why, ok := resolve(r.Dir, true, ".", root)
	if !ok {
		return shellops.Followed{Note: why}
	}
	cfgPath := ""
	for _, k := range []string{"config", "c"} {
		if v, ok := r.Flags[k]; ok {
			p, why, ok := resolve(r.Dir, true, v, root)
			if !ok {
				return shellops.Followed{Note: "its --config " + cmp.Or(why, "is not a repository file")}
			}
			if !f.exists(p) {
				return shellops.Followed{Note: p + " is not in the checkout"}
			}
			cfgPath = p
		}
	}
	if cfgPath == "" {
		cfgPath = f.nearestFile(rel, denoConfigNames)
	}
	if cfgPath != "" {
		fl := f.read(cfgPath)
		if fl.err != nil {
			return shellops.Followed{Handled: true, Uses: unread(r, cfgPath, 0, "", "could not be read: "+fl.err.Error())}
		}
		cfg, err := f.denoConfig(fl)
		if err != nil {
			line := 0
			if se, ok := err.(*denojson.SyntaxError); ok {
				line = se.Line
			}
			return shellops.Followed{Handled: true, Uses: unread(r, cfgPath, line, "", "could not be read: "+err.Error())}
		}
		if tasks, ok := cfg.Run(r.Target); ok {
			return f.denoTasks(r, cfgPath, tasks)
		}
	}
	if f.nearestPackage(rel) == "" {
		if cfgPath != "" {
			return shellops.Followed{Handled: true} // deno stops: no task of that name
		}
		return shellops.Followed{Note: "no deno.json, deno.jsonc or package.json in " + rel + " or above"}
	}
	// deno task runs package.json scripts too.
	npm := *r
	npm.Program, npm.Sub, npm.Flags = "npm", "run", nil
	return f.runPackageScript(&npm)
}

// denoTasks reads the tasks deno task runs, in order.
func (f *Follower) denoTasks(r *shellops.Run, cfgPath string, tasks []denojson.Task) shellops.Followed {
	root := r.Base.RepoRoot
	key := cfgPath + "#task#" + r.Target
	if why, ok := f.push(key); !ok {
		if why == "runs itself" {
			return shellops.Followed{Handled: true}
		}
		return shellops.Followed{Handled: true, Uses: unread(r, cfgPath, 0, "", why)}
	}
	defer f.pop()
	memo := memoKey("deno", key, "", r)
	if res, ok := f.memo[memo]; ok {
		return copyFollowed(res)
	}
	dir := toWorkspace(path.Dir(cfgPath), root)
	if v, ok := r.Flags["cwd"]; ok {
		d, why, ok := resolve(r.Dir, true, v, "")
		if !ok {
			return shellops.Followed{Handled: true, Uses: unread(r, cfgPath, 0, "", "runs in --cwd "+v+", which "+cmp.Or(why, "is not a repository folder"))}
		}
		dir = d
	}
	out := shellops.Followed{Handled: true}
	stored := r.Base.Stored
	for _, t := range tasks {
		if t.Command == "" {
			continue // a task that only runs its dependencies
		}
		var args []shellops.Arg
		if t.Name == r.Target {
			args = r.Args
		}
		stored = f.scriptCommand(r, cfgPath, t.Command, t.Line, args, dir, "task "+t.Name, stored, &out)
	}
	f.memo[memo] = out
	return copyFollowed(out)
}

// nearestFile is the first of names found in dir or the nearest folder
// above it in the repository, "" when there is none.
func (f *Follower) nearestFile(dir string, names []string) string {
	for d := path.Clean(dir); ; d = path.Dir(d) {
		for _, n := range names {
			if p := path.Join(d, n); f.exists(p) {
				return p
			}
		}
		if d == "." || d == "/" {
			return ""
		}
	}
}

// denoConfig parses a deno.json once.
func (f *Follower) denoConfig(fl *file) (*denojson.Config, error) {
	return parseOnce(fl, "deno", denojson.Parse)
}
