// Package repocode follows a credential into the repository code a
// workflow step runs with it: shell scripts, package.json scripts,
// Makefile targets, Node.js and TypeScript modules, Python scripts and Go
// programs. Each file is read with the reader of its language and what it
// does with the credential is reported as shellops uses located at the
// file and line where it shows.
//
// A Follower implements shellops.Follower for one repository. It reads
// files through an fs.FS rooted at the checkout (paths never leave it),
// reads each file at most once, bounds how deep it follows and how much it
// reads, and reports what it could not read: a script that is only partly
// understood leaves an unresolved use naming the file and line, never a
// silence that would look like "nothing uses the credential".
package repocode

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/pat2app/pat2app/scanner/codeflow"
	"github.com/pat2app/pat2app/scanner/goops"
	"github.com/pat2app/pat2app/scanner/shellops"
)

// Limits on what one repository's scan reads.
const (
	// DefaultMaxFileSize is the largest file read, in bytes.
	DefaultMaxFileSize = 1 << 20
	// DefaultMaxDepth is how many files deep a command is followed (a
	// Makefile running a script running a program is three).
	DefaultMaxDepth = 8
	// DefaultMaxFiles is the most files read for one repository.
	DefaultMaxFiles = 4000
)

// Options bound a Follower's work; zero values take the defaults.
type Options struct {
	MaxFileSize int64
	MaxDepth    int
	MaxFiles    int
	// Unavailable says why the repository's files cannot be read when the
	// tree is nil (added to the entries of the commands that run them).
	Unavailable string
	// Declared reports a script whose permissions .pat2app.yaml declares
	// (scripts:): it is not read, so the declaration applies to it.
	Declared func(script string) bool
}

// Follower reads one repository's code for the shell analysis. It is not
// safe for concurrent use: a repository's workflows are walked one after
// another.
type Follower struct {
	tree fs.FS
	opts Options
	// files caches every file read, by path from the root.
	files map[string]*file
	// memo caches the analysis of a shell file for one input.
	memo map[string]shellops.Followed
	// stack holds the files being followed, innermost last.
	stack []string
	reads int
	// goPrograms caches the Go packages read, by their files.
	goPrograms map[string]*goops.Program
	// moduleDone holds, for the Node.js or Python program being
	// followed (newProgram), the modules read (by path, and a Node.js
	// module's use) with what each reported (once);
	// moduleReads counts the module readings of either language (a test
	// bounds it).
	moduleDone  map[string]bool
	moduleReads int
}

// New returns a Follower reading tree, the repository's files with paths
// from its root. A nil tree means the files are not available.
func New(tree fs.FS, opts Options) *Follower {
	if opts.MaxFileSize <= 0 {
		opts.MaxFileSize = DefaultMaxFileSize
	}
	if opts.MaxDepth <= 0 {
		opts.MaxDepth = DefaultMaxDepth
	}
	if opts.MaxFiles <= 0 {
		opts.MaxFiles = DefaultMaxFiles
	}
	if opts.Unavailable == "" {
		opts.Unavailable = "the repository's other files are not part of this scan"
	}
	return &Follower{tree: tree, opts: opts, files: map[string]*file{}, memo: map[string]shellops.Followed{}, goPrograms: map[string]*goops.Program{}}
}

// file is one file read from the tree, with what its readers made of it.
type file struct {
	path string
	data []byte
	// missing is true when the file is not in the tree; err says why an
	// existing file could not be read.
	missing bool
	err     error
	// parsed holds each reader's parse of the file, by reader name.
	parsed map[string]any
}

// errTooMany is returned when the repository's file budget is spent.
var errTooMany = errors.New("too many files read for this repository")

// read returns the file at p (a clean slash path from the root), reading
// it on first use.
func (f *Follower) read(p string) *file {
	if fl, ok := f.files[p]; ok {
		return fl
	}
	fl := &file{path: p}
	f.files[p] = fl
	if f.reads >= f.opts.MaxFiles {
		fl.err = errTooMany
		return fl
	}
	f.reads++
	st, err := fs.Stat(f.tree, p)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		fl.missing = true
		return fl
	case err != nil:
		fl.err = fmt.Errorf("cannot read: %w", unwrapPathErr(err))
		return fl
	case st.IsDir():
		fl.missing = true
		return fl
	case !st.Mode().IsRegular():
		fl.err = errors.New("not a regular file")
		return fl
	case st.Size() > f.opts.MaxFileSize:
		fl.err = fmt.Errorf("%d bytes, over the %d-byte limit", st.Size(), f.opts.MaxFileSize)
		return fl
	}
	data, err := fs.ReadFile(f.tree, p)
	if err != nil {
		fl.err = fmt.Errorf("cannot read: %w", unwrapPathErr(err))
		return fl
	}
	if int64(len(data)) > f.opts.MaxFileSize {
		fl.err = fmt.Errorf("over the %d-byte limit", f.opts.MaxFileSize)
		return fl
	}
	fl.data = data
	return fl
}

// exists reports whether p is a file of the tree (read on the way).
func (f *Follower) exists(p string) bool {
	fl := f.read(p)
	return !fl.missing
}

// isDir reports whether p is a folder of the tree.
func (f *Follower) isDir(p string) bool {
	if f.tree == nil {
		return false
	}
	st, err := fs.Stat(f.tree, p)
	return err == nil && st.IsDir()
}

func unwrapPathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// resolve turns a path as a command names it into a clean path from the
// repository root. ok is false, with the reason, when the path is not a
// repository file that can be named: built at run time, absolute, outside
// the checkout, or relative to a working directory that is not known.
func resolve(dir string, dirKnown bool, p, root string) (string, string, bool) {
	p = strings.ReplaceAll(p, `\`, "/")
	if root == shellops.ForeignRoot {
		return "", "the workspace holds another repository's checkout", false
	}
	for _, ws := range []string{"{GITHUB_WORKSPACE}", "{github.workspace}", "{env.GITHUB_WORKSPACE}"} {
		if rest, ok := strings.CutPrefix(p, ws); ok {
			p, dir, dirKnown = "."+rest, ".", true
			break
		}
		if rest, ok := strings.CutPrefix(dir, ws); ok && (rest == "" || strings.HasPrefix(rest, "/")) {
			// A folder written from the workspace ($(pwd) after a cd).
			dir = "." + rest
		}
	}
	if strings.Contains(dir, "{") {
		return "", "its folder is named at run time", false
	}
	switch {
	case strings.Contains(p, "{"):
		return "", "its path is built at run time", false
	case strings.HasPrefix(p, "/") || strings.HasPrefix(p, "~"):
		return "", "", false
	case !dirKnown:
		return "", "the working directory is not known", false
	}
	clean := path.Clean(path.Join(dir, p))
	if root = path.Clean("./" + root); root != "." {
		// The repository is checked out in a folder of the workspace.
		rest, ok := strings.CutPrefix(clean, root+"/")
		if clean == root {
			rest, ok = ".", true
		}
		if !ok {
			return "", outsideCheckout + " (" + root + ")", false
		}
		clean = rest
	}
	if clean == ".." || strings.HasPrefix(clean, "../") {
		return "", "outside the repository", false
	}
	if !fs.ValidPath(clean) {
		return "", "not a valid path", false
	}
	return clean, "", true
}

// resolveRun is resolve for the file a run names (r.Target or a name
// like it): from the repository's checkout at r.Base.RepoRoot, else from
// another folder where the job checked the repository out
// (r.Base.OtherRoots).
func resolveRun(r *shellops.Run, p string) (string, string, bool) {
	q, why, ok := resolve(r.Dir, r.DirKnown, p, r.Base.RepoRoot)
	if ok || !strings.HasPrefix(why, outsideCheckout) {
		return q, why, ok
	}
	for _, root := range r.Base.OtherRoots {
		if q, _, ok := resolve(r.Dir, r.DirKnown, p, root); ok {
			return q, "", true
		}
	}
	return q, why, ok
}

// outsideCheckout starts resolve's reason for a path outside the folder
// the repository is checked out in.
const outsideCheckout = "outside the repository's checkout"

// configFile is the configuration file a program run in dir reads: the
// one its flag names, else the first of names in dir that exists (and
// that holds its configuration, when holds is given). p is "" when none
// is found; note then says why, "" when no candidate exists.
func (f *Follower) configFile(r *shellops.Run, dir, program, flag string, names []string, holds func(p string) bool) (p, note string) {
	if name, ok := r.Flags[flag]; ok {
		q, why, ok := resolve(dir, true, name, r.Base.RepoRoot)
		if !ok {
			return "", program + " " + flag + " " + name + ": " + cmp.Or(why, "not a repository file")
		}
		return q, ""
	}
	for _, n := range names {
		q, why, ok := resolve(dir, true, n, r.Base.RepoRoot)
		if !ok {
			return "", why
		}
		if f.exists(q) && (holds == nil || holds(q)) {
			return q, ""
		}
	}
	return "", ""
}

// push enters a file; it reports false (with why) when the file is
// already being followed or the depth limit is reached.
func (f *Follower) push(p string) (string, bool) {
	for _, s := range f.stack {
		if s == p {
			return "runs itself", false
		}
	}
	if len(f.stack) >= f.opts.MaxDepth {
		return "followed " + strconv.Itoa(f.opts.MaxDepth) + " files deep; not read further", false
	}
	f.stack = append(f.stack, p)
	return "", true
}

func (f *Follower) pop() { f.stack = f.stack[:len(f.stack)-1] }

// once reads a module (read) a single time for the program being followed,
// whose readings done holds by key with what each reported: a package
// whose modules import one another is read once a module, not once a path
// through its imports, which grows exponentially in a large library. A
// module reached again while it is read (an import cycle) counts as read,
// as push's "runs itself" does; one cut by the depth limit is not kept,
// since a shallower path may still read it.
func (f *Follower) once(done map[string]bool, key string, read func() bool) bool {
	if accounted, ok := done[key]; ok {
		return accounted
	}
	f.moduleReads++
	if done == nil || len(f.stack) >= f.opts.MaxDepth {
		return read()
	}
	done[key] = true
	accounted := read()
	done[key] = accounted
	return accounted
}

// Follow implements shellops.Follower.
func (f *Follower) Follow(r *shellops.Run) shellops.Followed {
	if f.tree == nil {
		return shellops.Followed{Note: f.opts.Unavailable}
	}
	if r.Script != "" && f.opts.Declared != nil && f.opts.Declared(r.Script) {
		return shellops.Followed{}
	}
	if r.Kind != shellops.RunSource && r.Kind != shellops.RunMake && onlyAsksVersion(r.Args) {
		// script --version, python -m tool --help: the program prints
		// what it is and exits; what it does with a credential is not run.
		return shellops.Followed{Handled: true, Accounted: true}
	}
	switch r.Kind {
	case shellops.RunFile, shellops.RunSource:
		return f.runFile(r)
	case shellops.RunModule:
		return f.runModule(r)
	case shellops.RunPackageScript:
		if r.Program == "deno" {
			return f.runDenoTask(r)
		}
		return f.runPackageScript(r)
	case shellops.RunMake:
		return f.runMake(r)
	case shellops.RunGo:
		return f.runGo(r)
	case shellops.RunInline:
		return f.runInline(r)
	case shellops.RunTox:
		return f.runTox(r)
	}
	return shellops.Followed{}
}

// onlyAsksVersion reports arguments that are only --version, -V, --help
// or -h: the run prints its version or usage and does nothing else.
func onlyAsksVersion(args []shellops.Arg) bool {
	if len(args) == 0 {
		return false
	}
	for _, a := range args {
		if !a.Known || len(a.Creds) > 0 {
			return false
		}
		switch a.Text {
		case "--version", "-V", "--help", "-h":
		default:
			return false
		}
	}
	return true
}

// runInline reads the code an interpreter takes from a here-document as a
// file of its language named shellops.InlineTarget, for Python and
// Node.js; other interpreters' code is left to the caller.
func (f *Follower) runInline(r *shellops.Run) shellops.Followed {
	fl := &file{path: shellops.InlineTarget, data: []byte(r.Code), parsed: map[string]any{}}
	switch interpreterLanguage(r.Program) {
	case langPython:
		return f.pythonFile(r, fl)
	case langNode:
		return f.nodeFile(r, fl)
	}
	return shellops.Followed{}
}

// reach lists the credentials a run puts in reach of its code: in its
// environment and arguments, and (when the code may use them) those left
// in tool configuration.
func reach(r *shellops.Run, text string) []string {
	out := valueReach(r)
	if text == "" || shellops.MayUseStored(text) {
		out = codeflow.Union(out, r.Base.Persisted...)
		out = withStored(r, out)
	}
	return out
}

// requestReach lists the credentials a request the code makes can send:
// reach's, but for those actions/checkout persisted, which live in the git
// configuration and which git alone sends.
func requestReach(r *shellops.Run) []string {
	return withStored(r, valueReach(r))
}

// valueReach lists the credentials whose values the run hands its code:
// in its environment and arguments.
func valueReach(r *shellops.Run) []string {
	var out []string
	for _, n := range slices.Sorted(maps.Keys(r.Env)) {
		out = codeflow.Union(out, r.Env[n]...)
	}
	for _, a := range r.Args {
		out = codeflow.Union(out, a.Creds...)
	}
	return out
}

// withStored adds to out the credentials earlier commands stored in tool
// configuration (gh, npm, docker, a credential file).
func withStored(r *shellops.Run, out []string) []string {
	for _, st := range r.Base.Stored {
		out = codeflow.Union(out, st.Credentials...)
	}
	return out
}

// unread reports every credential in reach of a file that could not be
// read (wholly or in part) as unresolved at line of p.
func unread(r *shellops.Run, p string, line int, text, why string) []shellops.Use {
	var out []shellops.Use
	for _, c := range reach(r, text) {
		out = append(out, shellops.Use{Credential: c, Command: p, Via: viaOf(r, c), File: p, FileLine: line,
			Evidence: p, Unresolved: p + " " + why})
	}
	return out
}

// viaOf says how a credential reaches a run's code.
func viaOf(r *shellops.Run, cred string) string {
	for _, a := range r.Args {
		for _, c := range a.Creds {
			if c == cred {
				return "arg"
			}
		}
	}
	for _, cs := range r.Env {
		for _, c := range cs {
			if c == cred {
				return "env"
			}
		}
	}
	return "persisted"
}

// locate sets File and FileLine of uses found in the file p (uses found
// deeper keep theirs).
func locate(uses []shellops.Use, p string) []shellops.Use {
	for i := range uses {
		if uses[i].File == "" {
			uses[i].File, uses[i].FileLine = p, uses[i].Line
		}
	}
	return uses
}

// Available reports whether the repository's files can be read.
func (f *Follower) Available() bool { return f.tree != nil }

// parseOnce parses a file with a reader once, keeping the outcome (an
// error too) with the file.
func parseOnce[T any](fl *file, reader string, parse func([]byte) (T, error)) (T, error) {
	type parsed struct {
		v   T
		err error
	}
	if p, ok := fl.parsed[reader].(parsed); ok {
		return p.v, p.err
	}
	v, err := parse(fl.data)
	if fl.parsed == nil {
		fl.parsed = map[string]any{}
	}
	fl.parsed[reader] = parsed{v, err}
	return v, err
}
