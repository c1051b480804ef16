package actionsrc

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"time"

	"github.com/pat2app/pat2app/repofiles"
	"github.com/pat2app/pat2app/scanner/jsops"
)

// Limits of one action's reading. Past one, what is left is a Note, and
// the action counts as partly read.
const (
	// MaxFiles is the most source files read.
	MaxFiles = 400
	// MaxTotal is the most bytes of source read.
	MaxTotal = 32 << 20
	// DefaultMaxTime is how long reading one action's source may take.
	DefaultMaxTime = 20 * time.Second
)

// Options configure Read.
type Options struct {
	// IsMethod reports whether ns.method is an Octokit REST method.
	IsMethod func(ns, method string) bool
	// MaxTime bounds the reading of the source; 0 means DefaultMaxTime.
	MaxTime time.Duration
	// IsBundledLibrary reports whether the npm package pkg, bundled into
	// an action, makes no GitHub call of its own (see Action.Library);
	// nil attributes nothing to libraries.
	IsBundledLibrary func(pkg string) bool
}

// Action is what was read of one action.
type Action struct {
	Meta *Metadata
	// MetaFile is the path of action.yml (or action.yaml) in the
	// repository.
	MetaFile string
	// MetaData is its content (a composite action's steps are scanned by
	// the caller).
	MetaData []byte
	// Files are the source files read, in order.
	Files []string
	// Calls are the API calls and git/gh commands the source makes.
	Calls []Call
	// Clients are the clients it makes.
	Clients []Client
	// Library are the calls a bundle makes inside the module of a library
	// Options.IsBundledLibrary lists, as its bundler's markers say, that
	// cannot be resolved: the library's own plumbing, not the action's
	// calls. A resolved call is a Call wherever it is.
	Library []Call
	// Notes say what was not read or not understood; an action with notes
	// is only partly read.
	Notes []Note
}

// Call is a call of the source, with its file.
type Call struct {
	File string
	jsops.Call
}

// Client is a client the source makes, with its file.
type Client struct {
	File string
	jsops.Client
}

// Note is something of the action that was not read or not understood.
type Note struct {
	File string
	Line int
	Text string
}

// Partial reports whether part of the action was not read or understood.
func (a *Action) Partial() bool { return len(a.Notes) > 0 }

// ErrNoMetadata is an action folder without action.yml or action.yaml.
var ErrNoMetadata = errors.New("no action.yml or action.yaml")

// Read reads the action in folder dir ("." for the root) of fsys, the
// action's repository at one commit: its metadata and, for a JavaScript
// action, its source: every module under src/ when there is one (the
// code as written), else the main, pre and post files (often a bundle).
// The error is for metadata that cannot be read; everything else that
// cannot be read is a Note.
func Read(ctx context.Context, fsys fs.FS, dir string, opts Options) (*Action, error) {
	dir = path.Clean(dir)
	a := &Action{}
	for _, n := range repofiles.ActionNames {
		p := path.Join(dir, n)
		data, err := readFile(fsys, p, MaxMetadataSize)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p, err)
		}
		a.MetaFile, a.MetaData = p, data
		break
	}
	if a.MetaFile == "" {
		return nil, ErrNoMetadata
	}
	m, err := ParseMetadata(a.MetaData)
	if m == nil {
		return nil, fmt.Errorf("%s: %w", a.MetaFile, err)
	}
	a.Meta = m
	if err != nil {
		a.Notes = append(a.Notes, Note{File: a.MetaFile, Line: m.Runs.Line, Text: err.Error()})
		return a, nil
	}
	if m.Kind() == KindJavaScript {
		r := &reader{a: a, fsys: fsys, opts: opts, deadline: time.Now().Add(cmpOr(opts.MaxTime, DefaultMaxTime))}
		r.readSource(ctx, dir)
	}
	return a, nil
}

func cmpOr(d, def time.Duration) time.Duration {
	if d > 0 {
		return d
	}
	return def
}

// reader is one action's source being read.
type reader struct {
	a        *Action
	fsys     fs.FS
	opts     Options
	deadline time.Time
	total    int64
}

// sourceExts are the extensions of source modules.
var sourceExts = map[string]bool{".js": true, ".mjs": true, ".cjs": true, ".ts": true, ".mts": true, ".cts": true, ".tsx": true, ".jsx": true}

// readSource picks and reads the source files: the modules under src/, or
// the source a bundle entry was built from when the repository holds it
// (see bundleSource), else the entries themselves. When source is read in
// place of the bundles, the bundles are read too, and each call a bundle
// makes that the source does not show is kept (see addBundleCalls).
func (r *reader) readSource(ctx context.Context, dir string) {
	m := r.a.Meta
	var files []string
	for _, src := range []string{path.Join(dir, "src"), "src"} {
		files = r.modulesUnder(src)
		if len(files) > 0 || dir == "." {
			break
		}
	}
	var entries []string
	for _, entry := range []string{m.Runs.Main, m.Runs.Pre, m.Runs.Post} {
		if entry == "" {
			continue
		}
		p := path.Join(dir, entry)
		if strings.HasPrefix(p, "../") || p == ".." {
			r.note(r.a.MetaFile, m.Runs.Line, "entry file "+entry+" lies outside the repository; not read")
			continue
		}
		entries = append(entries, p)
	}
	if len(files) == 0 {
		files = r.bundleSource(dir, entries)
	}
	bundles := entries
	if len(files) == 0 {
		files, bundles = entries, nil
	}
	if len(files) == 0 {
		r.note(r.a.MetaFile, m.Runs.Line, "a JavaScript action without a source file to read")
		return
	}
	if !r.readModules(ctx, files) {
		return
	}
	r.addBundleCalls(ctx, bundles)
}

// readModules reads files in order; false when a limit stopped it.
func (r *reader) readModules(ctx context.Context, files []string) bool {
	for i, p := range files {
		if i >= MaxFiles {
			r.note(p, 0, fmt.Sprintf("%d source files not read (over the %d-file limit)", len(files)-i, MaxFiles))
			return false
		}
		if ctx.Err() != nil || time.Now().After(r.deadline) {
			r.note(p, 0, fmt.Sprintf("%d source files not read within the time limit", len(files)-i))
			return false
		}
		r.readModule(p)
	}
	return true
}

// modulesUnder lists the source modules under dir, tests left out.
func (r *reader) modulesUnder(dir string) []string {
	var out []string
	_ = fs.WalkDir(r.fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		name := d.Name()
		if d.IsDir() {
			switch name {
			case "node_modules", "__tests__", "__mocks__", "test", "tests", "__fixtures__", "fixtures":
				return fs.SkipDir
			}
			return nil
		}
		if !sourceExts[path.Ext(name)] || strings.HasSuffix(name, ".d.ts") || strings.Contains(name, ".test.") || strings.Contains(name, ".spec.") {
			return nil
		}
		out = append(out, p)
		return nil
	})
	sort.Strings(out)
	return out
}

func (r *reader) note(file string, line int, text string) {
	r.a.Notes = append(r.a.Notes, Note{File: file, Line: line, Text: text})
}

// readModule reads one module.
func (r *reader) readModule(p string) {
	data, err := readFile(r.fsys, p, jsops.MaxModuleSize)
	if err != nil {
		r.note(p, 0, "source not read: "+err.Error())
		return
	}
	r.total += int64(len(data))
	if r.total > MaxTotal {
		r.note(p, 0, fmt.Sprintf("source not read: the action's source is over %d bytes", MaxTotal))
		return
	}
	r.a.Files = append(r.a.Files, p)
	code, lines, err := asJavaScript(p, string(data))
	if err != nil {
		line := 0
		var se *jsops.SyntaxError
		if errors.As(err, &se) {
			line = se.Line
		}
		r.note(p, line, "source not read: "+err.Error())
		return
	}
	at := func(line int) int {
		if lines == nil {
			return line
		}
		if line > 0 && line < len(lines) {
			return lines[line]
		}
		return 0
	}
	mod, err := jsops.AnalyzeModule(code, jsops.ModuleOptions{IsMethod: r.opts.IsMethod})
	if err != nil {
		line := 0
		var se *jsops.SyntaxError
		if errors.As(err, &se) {
			line = at(se.Line)
		}
		r.note(p, line, "source only partly read: "+err.Error())
	}
	inLibrary := func(int) string { return "" }
	if lines == nil && r.opts.IsBundledLibrary != nil {
		if parts := bundleParts(code); len(parts) > 0 {
			inLibrary = libraryAt(parts, r.opts.IsBundledLibrary)
		}
	}
	for _, c := range mod.Calls {
		c.Line = at(c.Line)
		if callKey(c) == "" && inLibrary(c.Line) != "" {
			r.a.Library = append(r.a.Library, Call{File: p, Call: c})
			continue
		}
		r.a.Calls = append(r.a.Calls, Call{File: p, Call: c})
	}
	for _, c := range mod.Clients {
		c.Line = at(c.Line)
		if !c.Token.Traced && inLibrary(c.Line) != "" {
			continue // a library's client made from its caller's options
		}
		r.a.Clients = append(r.a.Clients, Client{File: p, Client: c})
	}
}

// readFile reads a regular file of fsys of at most max bytes.
func readFile(fsys fs.FS, p string, max int64) ([]byte, error) {
	st, err := fs.Stat(fsys, p)
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, errors.New("not a regular file")
	}
	if st.Size() > max {
		return nil, fmt.Errorf("%d bytes, over the %d-byte limit", st.Size(), max)
	}
	data, err := fs.ReadFile(fsys, p)
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > max {
		return nil, fmt.Errorf("over the %d-byte limit", max)
	}
	return data, nil
}

// asJavaScript is a module's code as JavaScript: TypeScript (.ts, .mts,
// .cts, .tsx) compiled, with lines mapping each compiled line to the
// source's (nil for JavaScript, whose lines are its own).
func asJavaScript(p, code string) (js string, lines []int, err error) {
	switch ext := path.Ext(p); ext {
	case ".ts", ".mts", ".cts", ".tsx":
		return jsops.TypeScriptToJS(p, code, ext == ".tsx")
	}
	return code, nil, nil
}
