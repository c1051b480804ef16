package repocode

import (
	"cmp"
	"io/fs"
	"maps"
	"path"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/pat2app/pat2app/scanner/goops"
	"github.com/pat2app/pat2app/scanner/shellops"
)

// maxGoFiles bounds the Go files one go run or go test lists.
const maxGoFiles = 5000

// skippedDirs are folders go's ./... pattern does not enter, or that hold
// no code of the module.
var skippedDirs = map[string]bool{"vendor": true, "testdata": true, "node_modules": true, ".git": true}

// runGo follows go run and go test into the Go packages they build: the
// files of each package that read the environment or the command line
// are read together, the test files too for go test.
func (f *Follower) runGo(r *shellops.Run) shellops.Followed {
	if !r.DirKnown {
		return shellops.Followed{Note: "the working directory is not known"}
	}
	dir := r.Dir
	if c, ok := r.Flags["-C"]; ok {
		d, why, ok := resolve(r.Dir, true, c, "")
		if !ok {
			return shellops.Followed{Note: cmp.Or(why, "go -C names a folder that is not the repository's")}
		}
		dir = d
	}
	tests := r.Sub == "test"
	pkgs := map[string][]string{} // folder -> its Go files
	var files []string
	for _, t := range strings.Fields(r.Target) {
		switch {
		case strings.HasSuffix(t, ".go"):
			p, why, ok := resolve(dir, true, t, r.Base.RepoRoot)
			if !ok {
				return shellops.Followed{Note: cmp.Or(why, t+" is not a repository file")}
			}
			files = append(files, p)
		case strings.HasPrefix(t, ".") || strings.HasPrefix(t, "{"):
			all := strings.HasSuffix(t, "/...") || t == "..."
			base := strings.TrimSuffix(strings.TrimSuffix(t, "..."), "/")
			if base == "" {
				base = "."
			}
			p, why, ok := resolve(dir, true, base, r.Base.RepoRoot)
			if !ok {
				return shellops.Followed{Note: cmp.Or(why, t+" is not a folder of the repository")}
			}
			if !f.isDir(p) {
				return shellops.Followed{Note: "package " + t + " is not in the checkout"}
			}
			n, err := f.goFiles(p, all, tests, pkgs)
			if err != "" {
				return shellops.Followed{Handled: true, Uses: unread(r, p, 0, "", err)}
			}
			if n == 0 && !all {
				return shellops.Followed{Note: "package " + t + " has no Go file in the checkout"}
			}
		default:
			// A package of another module (go run example.com/tool@v1).
			return shellops.Followed{Note: "package " + t + " is not the repository's"}
		}
	}
	if len(files) > 0 {
		pkgs[path.Dir(files[0])+"#files"] = files
	}
	// A Go program that runs go itself (a test harness running go test,
	// a generator running go run) must not be followed into itself again.
	key := "go " + r.Sub + " " + dir + " " + r.Target
	if why, ok := f.push(key); !ok {
		return shellops.Followed{Note: why}
	}
	defer f.pop()
	out := shellops.Followed{Handled: true}
	for _, dirKey := range slices.Sorted(maps.Keys(pkgs)) {
		f.goPackage(r, pkgs[dirKey], &out)
	}
	return out
}

// goFiles lists the Go files of the package in dir (and of the packages
// below it with all), test files with tests.
func (f *Follower) goFiles(dir string, all, tests bool, pkgs map[string][]string) (int, string) {
	n := 0
	walkErr := fs.WalkDir(f.tree, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() {
			if p != dir && (!all || skippedDirs[d.Name()] || strings.HasPrefix(d.Name(), ".") || strings.HasPrefix(d.Name(), "_")) {
				return fs.SkipDir
			}
			return nil
		}
		name := d.Name()
		if !strings.HasSuffix(name, ".go") || !tests && strings.HasSuffix(name, "_test.go") {
			return nil
		}
		n++
		if n > maxGoFiles {
			return fs.SkipAll
		}
		pkgs[path.Dir(p)] = append(pkgs[path.Dir(p)], p)
		return nil
	})
	if walkErr != nil {
		return n, "could not be listed: " + walkErr.Error()
	}
	if n > maxGoFiles {
		return n, "holds more than " + strconv.Itoa(maxGoFiles) + " Go files; not read"
	}
	if tests {
		// go test runs nothing of a package without test files.
		for d, files := range pkgs {
			hasTest := false
			for _, f := range files {
				hasTest = hasTest || strings.HasSuffix(f, "_test.go")
			}
			if !hasTest {
				delete(pkgs, d)
			}
		}
	}
	return n, ""
}

// goPackage reads the files of one package that read the environment or
// the command line.
func (f *Follower) goPackage(r *shellops.Run, paths []string, out *shellops.Followed) {
	sort.Strings(paths)
	src := map[string][]byte{}
	for _, p := range paths {
		fl := f.read(p)
		if fl.err != nil {
			out.Uses = append(out.Uses, unread(r, p, 0, "", "could not be read: "+fl.err.Error())...)
			continue
		}
		if fl.missing || !goops.ReadsCredentials(fl.data) {
			continue
		}
		src[p] = fl.data
	}
	if len(src) == 0 {
		return
	}
	key := "go#" + strings.Join(paths, ",")
	prog, ok := f.goPrograms[key]
	if !ok {
		prog = goops.Analyze(src)
		f.goPrograms[key] = prog
	}
	for _, e := range prog.Errors {
		out.Uses = append(out.Uses, unread(r, e.File, e.Line, "", "is only partly read: "+e.Msg)...)
	}
	cs := credSources{r: r, runtime: "go"}
	byFile := programs(prog.Calls, prog.Commands, prog.Flows)
	for _, file := range slices.Sorted(maps.Keys(byFile)) {
		f.program(r, file, cs, byFile[file], out)
	}
}
