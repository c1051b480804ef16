package repocode

import (
	"strings"

	"github.com/pat2app/pat2app/scanner/makefile"
	"github.com/pat2app/pat2app/scanner/shellops"
)

// makefileNames are the files make reads without -f, in its order.
var makefileNames = []string{"GNUmakefile", "makefile", "Makefile"}

// maxIncludes bounds the files a Makefile's include directives add.
const maxIncludes = 32

// makeFile is a Makefile with the files it includes merged in.
type makeFile struct {
	mk *makefile.File
	// unread lists the includes that could not be read (built at run
	// time, globs, missing non-optional files).
	unread []string
}

// runMake follows make TARGETS into the recipes of a Makefile.
func (f *Follower) runMake(r *shellops.Run) shellops.Followed {
	dir := r.Dir
	if c, ok := r.Flags["-C"]; ok {
		d, why, ok := resolve(r.Dir, r.DirKnown, c, "")
		if !ok {
			return shellops.Followed{Note: "make -C " + c + ": " + firstNonEmpty(why, "not a repository folder")}
		}
		dir = d
	} else if !r.DirKnown {
		return shellops.Followed{Note: "the working directory is not known"}
	}
	var p string
	if name, ok := r.Flags["-f"]; ok {
		q, why, ok := resolve(dir, true, name, r.Base.RepoRoot)
		if !ok {
			return shellops.Followed{Note: "make -f " + name + ": " + firstNonEmpty(why, "not a repository file")}
		}
		p = q
	} else {
		for _, n := range makefileNames {
			q, why, ok := resolve(dir, true, n, r.Base.RepoRoot)
			if !ok {
				return shellops.Followed{Note: why}
			}
			if f.exists(q) {
				p = q
				break
			}
		}
		if p == "" {
			return shellops.Followed{Note: "no Makefile in " + dir}
		}
	}
	fl := f.read(p)
	if fl.missing {
		return shellops.Followed{Note: p + " is not in the checkout"}
	}
	if fl.err != nil {
		return shellops.Followed{Handled: true, Uses: unread(r, p, 0, "", "could not be read: "+fl.err.Error())}
	}
	key := p + "#" + r.Target
	if why, ok := f.push(key); !ok {
		if why == "runs itself" {
			return shellops.Followed{Handled: true}
		}
		return shellops.Followed{Handled: true, Uses: unread(r, p, 0, "", why)}
	}
	defer f.pop()
	memo := memoKey("make", p, r.Target, r)
	if res, ok := f.memo[memo]; ok {
		return copyFollowed(res)
	}
	mf := f.makefile(fl, dir, r.Base.RepoRoot)
	res := f.planMake(r, mf, p, dir)
	f.memo[memo] = res
	return copyFollowed(res)
}

// makefile parses a Makefile once, with its includes (named from dir, in
// the workspace, where make runs).
func (f *Follower) makefile(fl *file, dir, root string) *makeFile {
	if mf, ok := fl.parsed["make"].(*makeFile); ok {
		return mf
	}
	mf := &makeFile{mk: makefile.Parse(fl.data)}
	n := 0
	for _, inc := range mf.mk.Includes {
		for _, w := range inc.Paths {
			w = mf.mk.Expand(w)
			if strings.ContainsAny(w, "*?[$") {
				if !inc.Optional {
					mf.unread = append(mf.unread, w)
				}
				continue
			}
			q, _, ok := resolve(dir, true, w, root)
			n++
			if !ok || n > maxIncludes {
				mf.unread = append(mf.unread, w)
				continue
			}
			g := f.read(q)
			if g.missing || g.err != nil {
				if !inc.Optional {
					mf.unread = append(mf.unread, w)
				}
				continue
			}
			mf.mk.Merge(makefile.Parse(g.data))
		}
	}
	if fl.parsed == nil {
		fl.parsed = map[string]any{}
	}
	fl.parsed["make"] = mf
	return mf
}

// planMake analyses the recipe lines make runs for r's goals.
func (f *Follower) planMake(r *shellops.Run, mf *makeFile, p, dir string) shellops.Followed {
	out := shellops.Followed{Handled: true}
	env := map[string][]string{}
	inEnv := map[string]bool{}
	for k, v := range r.Env {
		env[k] = v
		inEnv[k] = true
	}
	// Command-line variables override the Makefile's and reach the
	// recipes' environment; a credential among them is followed there.
	overrides := map[string]string{"MAKE": "make"}
	for _, a := range r.Args {
		name, val, ok := strings.Cut(a.Text, "=")
		if !ok {
			continue
		}
		name = strings.TrimRight(name, ":")
		if len(a.Creds) > 0 || !a.Known {
			overrides[name] = "${" + name + "}"
			if len(a.Creds) > 0 {
				env[name] = a.Creds
			}
			continue
		}
		overrides[name] = val
	}
	goals := strings.Fields(r.Target)
	steps, missing, truncated := mf.mk.Plan(goals, overrides, inEnv)
	for _, g := range missing {
		if mf.mk.PatternRules || len(mf.unread) > 0 {
			why := "has no explicit rule for " + g + "; a pattern rule or an included file not read may build it"
			if len(mf.unread) > 0 {
				why += " (" + strings.Join(mf.unread, ", ") + ")"
			}
			out.Uses = append(out.Uses, unread(r, p, 0, "", why)...)
		}
		// Otherwise make stops with "no rule to make target": nothing runs.
	}
	if truncated {
		out.Uses = append(out.Uses, unread(r, p, 0, "", "runs more recipe lines than are read")...)
	}
	shell := "sh"
	if v, ok := mf.mk.Vars["SHELL"]; ok && strings.Contains(v.Value, "bash") {
		shell = "bash"
	}
	stored := r.Base.Stored
	for _, st := range steps {
		stored = f.shellText(r, p, shellPiece{text: st.Text, shell: shell, start: st.Line, env: env, dir: dir,
			name: r.Base.Name, what: "recipe of " + st.Target + " is only partly read"}, stored, &out)
	}
	return out
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
