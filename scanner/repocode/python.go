package repocode

import (
	"path"
	"regexp"
	"strings"

	"github.com/pat2app/pat2app/knowledge"
	"github.com/pat2app/pat2app/scanner/pyops"
	"github.com/pat2app/pat2app/scanner/shellops"
)

// runModule follows python -m pkg.mod into the module's file.
func (f *Follower) runModule(r *shellops.Run) shellops.Followed {
	if !r.DirKnown {
		return shellops.Followed{Note: "the working directory is not known"}
	}
	if strings.ContainsAny(r.Target, "{/") {
		return shellops.Followed{Note: "the module is named at run time"}
	}
	base := strings.ReplaceAll(r.Target, ".", "/")
	for _, cand := range []string{base + ".py", base + "/__main__.py"} {
		p, why, ok := resolveRun(r, cand)
		if !ok {
			return shellops.Followed{Note: why}
		}
		fl := f.read(p)
		if fl.missing {
			continue
		}
		if fl.err != nil {
			return shellops.Followed{Handled: true, Uses: unread(r, p, 0, "", "could not be read: "+fl.err.Error())}
		}
		return f.pythonFile(r, fl)
	}
	return shellops.Followed{Note: "module " + r.Target + " is not in the checkout"}
}

// pythonFile follows a run's credentials into a Python script.
func (f *Follower) pythonFile(r *shellops.Run, fl *file) shellops.Followed {
	defer f.newProgram()()
	out := shellops.Followed{Handled: true}
	out.Accounted = f.python(r, fl, credSources{r: r, runtime: "python"}, &out)
	return out
}

// dynamicCode finds Python that runs code its reading does not show:
// exec, eval and __import__ of a name.
var dynamicCode = regexp.MustCompile(`\b(?:exec|eval|__import__)\s*\(`)

// python reads a Python script and the repository's modules it imports.
// It reports whether every module the script loads is known to read no
// token unseen: the standard library's of knowledge/data/python-stdlib.tsv
// and the repository's own, read the same way (the programs they run are
// then in out.Unread). Each module is read once for the program (once).
func (f *Follower) python(r *shellops.Run, fl *file, cs credSources, out *shellops.Followed) bool {
	return f.once(f.moduleDone, fl.path, func() bool { return f.pythonOnce(r, fl, cs, out) })
}

// pythonOnce reads one module for python.
func (f *Follower) pythonOnce(r *shellops.Run, fl *file, cs credSources, out *shellops.Followed) bool {
	if why, ok := f.push(fl.path); !ok {
		if why != "runs itself" {
			out.Uses = append(out.Uses, unread(r, fl.path, 0, "", why)...)
			return false
		}
		return true
	}
	defer f.pop()
	prog, err := parseOnce(fl, "python", func(b []byte) (*pyops.Program, error) { return pyops.Analyze(string(b)) })
	if err != nil {
		line := 0
		if se, ok := err.(*pyops.SyntaxError); ok {
			line = se.Line
		}
		out.Uses = append(out.Uses, unread(r, fl.path, line, "", "is only partly read: "+err.Error())...)
	}
	if prog == nil {
		return false
	}
	accounted := err == nil && !dynamicCode.Match(fl.data) && len(prog.Imports) <= maxImports
	own := map[string]bool{}
	if m := programs(prog.Calls, prog.Commands, prog.Flows)[""]; m != nil {
		f.program(r, fl.path, cs, m, out)
	}
	unattributedUses(r, fl.path, prog.Unattributed, out)
	for i, imp := range prog.Imports {
		if i >= maxImports {
			break
		}
		if q, ok := f.pythonModule(r, fl.path, imp); ok {
			g := f.read(q)
			if g.err != nil {
				out.Uses = append(out.Uses, unread(r, q, 0, "", "could not be read: "+g.err.Error())...)
				accounted = false
				continue
			}
			accounted = f.python(r, g, cs, out) && accounted
			if imp.Relative == 0 {
				own[strings.SplitN(imp.Module, ".", 2)[0]] = true
			}
		}
	}
	for _, m := range prog.Modules {
		if !own[m] && !knowledge.IsPythonStdlib(m) {
			accounted = false
		}
	}
	return accounted
}

// pythonModule finds the repository file of an imported module: beside
// the importing file (the script's folder is first on sys.path), or from
// the working directory.
func (f *Follower) pythonModule(r *shellops.Run, from string, imp pyops.Import) (string, bool) {
	rel := strings.ReplaceAll(imp.Module, ".", "/")
	var dirs []string
	if imp.Relative > 0 {
		d := path.Dir(from)
		for i := 1; i < imp.Relative; i++ {
			d = path.Dir(d)
		}
		dirs = []string{d}
	} else {
		dirs = []string{path.Dir(from)}
		if r.DirKnown {
			if d, _, ok := resolve(r.Dir, true, ".", r.Base.RepoRoot); ok {
				dirs = append(dirs, d)
			}
		}
		dirs = append(dirs, ".")
	}
	for _, d := range dirs {
		for _, cand := range []string{rel + ".py", rel + "/__init__.py"} {
			q, _, ok := resolve(d, true, cand, "")
			if ok && f.exists(q) {
				return q, true
			}
		}
	}
	return "", false
}
