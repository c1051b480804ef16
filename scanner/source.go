package scanner

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/pat2app/pat2app/checkout"
	"github.com/pat2app/pat2app/config"
	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/repofiles"
)

// localTarget is one thing to scan found on disk: a repository checkout or a
// bare workflow file.
type localTarget struct {
	repoDir string          // checkout root; empty for a bare file
	named   *checkoutNaming // the checkout's name, read before the scan
	file    string          // bare workflow file as given
	info    os.FileInfo     // the bare file's Stat, taken when it was found
}

// ScanPaths scans workflow files, repository checkouts, or folders of
// checkouts. The error is only for bad invocation (a path that does not
// exist); unreadable inputs are listed in the Inventory's Errors and make it
// incomplete.
func (s *Scanner) ScanPaths(ctx context.Context, paths []string) (*inventory.Inventory, error) {
	inv := &inventory.Inventory{SchemaVersion: inventory.SchemaVersion}
	var targets []localTarget
	stats := statPaths(paths)
	for i, p := range paths {
		st, err := stats[i].info, stats[i].err
		if err != nil {
			if stats[i].lstatOK {
				// A dangling or looping symlink given by name: an input error.
				inv.Errors = append(inv.Errors, inventory.InputError{File: p, Message: fmt.Sprintf("cannot read: %v", unwrapPathErr(err))})
				continue
			}
			return nil, fmt.Errorf("scan %s: %w", p, err)
		}
		if !st.IsDir() {
			targets = append(targets, localTarget{file: p, info: st})
			continue
		}
		found, errs := checkout.Find(p)
		inv.Errors = append(inv.Errors, errs...)
		if len(found) == 0 {
			// A folder of bare workflow files.
			bare, berrs := bareWorkflowFiles(p)
			inv.Errors = append(inv.Errors, berrs...)
			for _, f := range bare {
				targets = append(targets, localTarget{file: f})
			}
			continue
		}
		for _, r := range found {
			targets = append(targets, localTarget{repoDir: r})
		}
	}
	ctx = s.nameCheckouts(ctx, targets)
	type result struct {
		rf       RepoFiles
		errs     []inventory.InputError
		findings []inventory.Finding
	}
	results := make([]result, len(targets))
	workers := runtime.GOMAXPROCS(0)
	if workers > len(targets) {
		workers = len(targets)
	}
	names := newCheckoutNames()
	// Workers claim targets by number: no hand-off per file.
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				i := int(next.Add(1)) - 1
				if i >= len(targets) {
					return
				}
				t := targets[i]
				var r result
				if t.repoDir != "" {
					r.rf, r.errs = s.readCheckout(ctx, t.repoDir, t.named)
				} else {
					r.rf, r.errs = s.readBareFile(ctx, t.file, t.info, names)
				}
				var ferrs []inventory.InputError
				r.findings, ferrs = s.ScanRepo(ctx, r.rf)
				r.errs = append(r.errs, ferrs...)
				if c, ok := r.rf.Tree.(io.Closer); ok {
					c.Close()
				}
				r.rf.Tree = nil
				// Only the paths are needed from here on: the contents
				// of thousands of files need not stay in memory.
				for k := range r.rf.Files {
					r.rf.Files[k].Data = nil
				}
				results[i] = r
			}
		}()
	}
	wg.Wait()
	// Every claimed target was scanned to the end.
	sent := min(int(next.Load()), len(targets))
	if sent < len(targets) {
		inv.Errors = append(inv.Errors, inventory.InputError{Message: fmt.Sprintf("scan interrupted: %d input(s) not scanned: %v", len(targets)-sent, ctx.Err())})
	}
	total := 0
	for _, r := range results[:sent] {
		total += len(r.findings)
	}
	inv.Findings = make([]inventory.Finding, 0, total)
	for _, r := range results[:sent] {
		inv.Errors = append(inv.Errors, r.errs...)
		inv.Findings = append(inv.Findings, r.findings...)
		sum := inventory.RepoSummary{Name: r.rf.Name, DefaultBranch: r.rf.DefaultBranch, URL: r.rf.URL, Workflows: []string{}}
		for _, f := range r.rf.Files {
			sum.Workflows = append(sum.Workflows, f.Path)
		}
		inv.Repos = append(inv.Repos, sum)
	}
	LinkReusableWorkflows(inv)
	inv.Finish()
	return inv, nil
}

// pathStat is what os.Stat says of a path given on the command line, and
// whether the path itself exists when what it points to does not.
type pathStat struct {
	info    os.FileInfo
	err     error
	lstatOK bool
}

// statPaths stats the paths, on every core when there are many (a shell
// glob can hand over thousands of files).
func statPaths(paths []string) []pathStat {
	out := make([]pathStat, len(paths))
	stat := func(i int) {
		out[i].info, out[i].err = os.Stat(paths[i])
		if out[i].err != nil {
			_, lerr := os.Lstat(paths[i])
			out[i].lstatOK = lerr == nil
		}
	}
	workers := runtime.GOMAXPROCS(0)
	if len(paths) < 64 || workers < 2 {
		for i := range paths {
			stat(i)
		}
		return out
	}
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := w; i < len(paths); i += workers {
				stat(i)
			}
		}(w)
	}
	wg.Wait()
	return out
}

// bareWorkflowFiles lists *.yml / *.yaml directly in dir.
func bareWorkflowFiles(dir string) ([]string, []inventory.InputError) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, []inventory.InputError{{File: dir, Message: fmt.Sprintf("cannot list folder: %v", unwrapPathErr(err))}}
	}
	var out []string
	for _, e := range entries {
		if repofiles.IsYAMLName(e.Name()) && !e.IsDir() {
			out = append(out, filepath.Join(dir, e.Name()))
		}
	}
	return out, nil
}

// readBareFile reads one workflow file given on the command line. Its repo is
// the checkout it sits in, when it sits in one.
func (s *Scanner) readBareFile(ctx context.Context, path string, info os.FileInfo, names *checkoutNames) (RepoFiles, []inventory.InputError) {
	rf := RepoFiles{TreeNote: "script not read: the workflow file was given outside a checkout"}
	if root, ok := checkout.Enclosing(path, names.cwd); ok {
		rf.Name, rf.URL = names.get(ctx, s, root)
		if msg := outsideCheckout(path, root); msg != "" {
			return rf, []inventory.InputError{{Repo: rf.Name, File: path, Message: msg}}
		}
		rf.Tree = openTree(root)
		rf.TreeLocal = rf.Tree != nil
	}
	data, err := s.readLimitedInfo(path, info)
	if err != nil {
		if c, ok := rf.Tree.(io.Closer); ok {
			c.Close()
		}
		rf.Tree = nil
		return rf, []inventory.InputError{{Repo: rf.Name, File: path, Message: err.Error()}}
	}
	rf.Files = []File{{Path: path, Data: data}}
	return rf, nil
}

// checkoutNames holds, for one scan, the working directory and the name of
// each checkout that files given by path sit in: many files of one
// checkout ask git for its remote once.
type checkoutNames struct {
	cwd   string
	mu    sync.Mutex
	names map[string][2]string // root -> name, web URL
}

func newCheckoutNames() *checkoutNames {
	cwd, _ := os.Getwd()
	return &checkoutNames{cwd: cwd, names: map[string][2]string{}}
}

func (c *checkoutNames) get(ctx context.Context, s *Scanner, root string) (string, string) {
	c.mu.Lock()
	v, ok := c.names[root]
	c.mu.Unlock()
	if !ok {
		v[0], v[1] = s.RepoName(ctx, root)
		c.mu.Lock()
		c.names[root] = v
		c.mu.Unlock()
	}
	return v[0], v[1]
}

// readCheckout collects the files of a checkout that repofiles.Wanted
// names. Symlinked folders are not entered, but for .github/workflows
// itself; a symlink to a file or folder outside the checkout is an input
// error and is not read.
func (s *Scanner) readCheckout(ctx context.Context, root string, named *checkoutNaming) (RepoFiles, []inventory.InputError) {
	c := &checkoutReader{s: s, root: root}
	if named == nil {
		named = s.nameCheckout(ctx, root)
	}
	c.rf.Config, c.rf.Name, c.rf.URL = named.cfg, named.name, named.url
	if named.cfgErr != nil {
		c.fail(config.FileName, named.cfgErr.Error()+"; the checkout is scanned without it")
	}
	c.real = realPath(root)
	c.walk(filepath.Join(root, ".github"), ".github")
	for _, n := range repofiles.ActionNames {
		p := filepath.Join(root, n)
		if st, err := os.Lstat(p); err == nil {
			c.entry(p, n, st.Mode().Type())
		}
	}
	sort.Slice(c.rf.Files, func(i, j int) bool { return c.rf.Files[i].Path < c.rf.Files[j].Path })
	c.rf.Tree = openTree(root)
	c.rf.TreeLocal = c.rf.Tree != nil
	c.rf.AllWorkflows = !MissesWorkflows(c.errs)
	return c.rf, c.errs
}

// rootTree is a checkout's files as an fs.FS that no path or symlink
// leads out of (os.Root), closed when the repository is scanned.
type rootTree struct {
	fs.FS
	root *os.Root
}

func (t rootTree) Close() error { return t.root.Close() }

// openTree opens the checkout at dir for reading the scripts its
// workflows run; nil when it cannot be opened (the scripts are then
// reported as not read).
func openTree(dir string) fs.FS {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil
	}
	return rootTree{FS: root.FS(), root: root}
}

// checkoutReader is one checkout being read.
type checkoutReader struct {
	s    *Scanner
	root string // as given
	real string // with symlinks resolved, for containment checks
	rf   RepoFiles
	errs []inventory.InputError
}

func (c *checkoutReader) fail(rel, msg string) {
	c.errs = append(c.errs, inventory.InputError{Repo: c.rf.Name, File: rel, Message: msg})
}

// walk reads the folder dir, at rel (slash-separated) in the checkout.
func (c *checkoutReader) walk(dir, rel string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) || rel != ".github" {
			c.fail(rel, fmt.Sprintf("cannot list folder: %v", unwrapPathErr(err)))
		}
		return
	}
	for _, e := range entries {
		c.entry(filepath.Join(dir, e.Name()), path.Join(rel, e.Name()), e.Type())
	}
}

// entry reads the entry at p (rel in the checkout) of type typ.
func (c *checkoutReader) entry(p, rel string, typ fs.FileMode) {
	switch {
	case typ.IsDir():
		c.walk(p, rel)
	case typ&fs.ModeSymlink != 0:
		c.symlink(p, rel)
	case repofiles.Wanted(rel):
		c.add(p, rel, nil)
	}
}

// symlink reads what a symlink points to when it is a wanted file, or
// .github/workflows, inside the checkout.
func (c *checkoutReader) symlink(p, rel string) {
	st, err := os.Stat(p)
	if err != nil {
		if repofiles.Wanted(rel) {
			c.fail(rel, fmt.Sprintf("cannot read: %v", unwrapPathErr(err)))
		}
		return
	}
	if st.IsDir() {
		if rel != ".github/workflows" {
			return // other symlinked folders are not entered (no loops)
		}
		if msg := outsideCheckout(p, c.real); msg != "" {
			c.fail(rel, msg)
			return
		}
		c.walk(p, rel)
		return
	}
	if !repofiles.Wanted(rel) {
		return
	}
	if msg := outsideCheckout(p, c.real); msg != "" {
		c.fail(rel, msg)
		return
	}
	c.add(p, rel, st)
}

// add reads a wanted file.
func (c *checkoutReader) add(p, rel string, st os.FileInfo) {
	data, err := c.s.readLimitedInfo(p, st)
	if err != nil {
		c.fail(rel, err.Error())
		return
	}
	c.rf.Files = append(c.rf.Files, File{Path: rel, Data: data})
}

// realPath is p absolute with its symlinks resolved, or p made absolute
// when it cannot be resolved.
func realPath(p string) string {
	if r, err := filepath.EvalSymlinks(p); err == nil {
		p = r
	}
	if abs, err := filepath.Abs(p); err == nil {
		return abs
	}
	return p
}

// outsideCheckout says why the file at p is not read when it is a symlink
// that leads out of the checkout at root, else "". A workflow linked to a
// file elsewhere (even /etc/passwd) is not the repository's own file.
func outsideCheckout(p, root string) string {
	st, err := os.Lstat(p)
	if err != nil || st.Mode()&fs.ModeSymlink == 0 {
		return ""
	}
	target, err := filepath.EvalSymlinks(p)
	if err != nil {
		return "" // a dangling or looping link: reading it says why
	}
	rel, err := filepath.Rel(realPath(root), realPath(target))
	if err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return ""
	}
	kind := "file"
	if fi, err := os.Stat(p); err == nil && fi.IsDir() {
		kind = "folder"
	}
	return "a symlink to a " + kind + " outside the checkout; not read"
}

// readLimited reads a file, refusing symlink loops, non-regular files, files
// over the size limit (without reading them), binary files and invalid UTF-8.
func (s *Scanner) readLimited(path string) ([]byte, error) {
	return s.readLimitedInfo(path, nil)
}

// readLimitedInfo is readLimited with the file's Stat when the caller has it.
func (s *Scanner) readLimitedInfo(path string, st os.FileInfo) ([]byte, error) {
	// Stat before opening: opening a FIFO named like a workflow would block.
	if st == nil {
		var err error
		if st, err = os.Stat(path); err != nil {
			return nil, fmt.Errorf("cannot read: %v", unwrapPathErr(err))
		}
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("not a regular file")
	}
	if st.Size() > s.maxSize {
		return nil, fmt.Errorf("file is %d bytes, over the %d-byte limit; not read", st.Size(), s.maxSize)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read: %v", unwrapPathErr(err))
	}
	if int64(len(data)) > s.maxSize {
		return nil, fmt.Errorf("file grew over the %d-byte limit while read; not read", s.maxSize)
	}
	return data, nil
}

// checkText rejects binary content and invalid UTF-8, naming the line.
func checkText(data []byte) error {
	if i := bytes.IndexByte(data, 0); i >= 0 {
		return &lineError{Line: 1 + bytes.Count(data[:i], []byte("\n")), Msg: "binary file (NUL byte); not a workflow"}
	}
	if !utf8.Valid(data) {
		for i := 0; i < len(data); {
			r, n := utf8.DecodeRune(data[i:])
			if r == utf8.RuneError && n <= 1 {
				return &lineError{Line: 1 + bytes.Count(data[:i], []byte("\n")), Msg: "not valid UTF-8"}
			}
			i += n
		}
	}
	return nil
}

// lineError is an input problem at a line.
type lineError struct {
	Line int
	Msg  string
}

func (e *lineError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Msg) }

func unwrapPathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// configOf is the configuration of a repository's findings: its own, else
// the scanner's.
func (s *Scanner) configOf(rf RepoFiles) *config.Config {
	if rf.Config != nil {
		return rf.Config
	}
	return s.cfg
}

// RepoName is the name and web address of the checkout at root, as the
// scan names it (checkout.Name with the configured owner).
func (s *Scanner) RepoName(ctx context.Context, root string) (name, webURL string) {
	return checkout.Name(ctx, root, s.cfg.Owner)
}

// checkoutNaming is a checkout's configuration and name, as readCheckout
// takes them.
type checkoutNaming struct {
	cfg       *config.Config
	cfgErr    error
	name, url string
}

// nameCheckout reads a checkout's own configuration (.pat2app.yaml) and
// its name (checkout.Name, with the configuration's owner).
func (s *Scanner) nameCheckout(ctx context.Context, root string) *checkoutNaming {
	n := &checkoutNaming{}
	if s.checkoutConfig != nil {
		if n.cfg, n.cfgErr = s.checkoutConfig(root); n.cfgErr != nil {
			n.cfg = nil
		}
	}
	n.name, n.url = checkout.Name(ctx, root, s.configOf(RepoFiles{Config: n.cfg}).Owner)
	return n
}

// nameCheckouts names the checkouts among targets before any is scanned
// and puts in the returned context where each is (scannedCheckout): an
// action one of them uses from another (an organisation's shared actions,
// OWNER/REPO/PATH@REF), or from itself by its full name, is read from that
// checkout instead of "not read (offline)".
func (s *Scanner) nameCheckouts(ctx context.Context, targets []localTarget) context.Context {
	n := 0
	for _, t := range targets {
		if t.repoDir != "" {
			n++
		}
	}
	if n == 0 {
		return ctx
	}
	sc := &scannedCheckouts{dirs: map[string]string{}, reads: map[string]*actionRead{}}
	dirs := sc.dirs
	for i := range targets {
		if targets[i].repoDir == "" {
			continue
		}
		targets[i].named = s.nameCheckout(ctx, targets[i].repoDir)
		if name := strings.ToLower(targets[i].named.name); strings.Contains(name, "/") {
			if _, dup := dirs[name]; dup {
				dirs[name] = "" // two checkouts of one repository: neither is chosen
			} else {
				dirs[name] = targets[i].repoDir
			}
		}
	}
	return context.WithValue(ctx, checkoutsKey{}, sc)
}

// scannedCheckouts are the checkouts a local scan reads, by repository
// name (nameCheckouts), and the actions read from them, each once.
type scannedCheckouts struct {
	dirs  map[string]string
	mu    sync.Mutex
	reads map[string]*actionRead
}

// checkoutsKey is the context key of the scan's scannedCheckouts.
type checkoutsKey struct{}

// scannedCheckout is the checkouts of the scan of ctx and the folder of
// the checkout of owner/name among them; ok is false when the scan reads
// none (or two).
func scannedCheckout(ctx context.Context, name string) (sc *scannedCheckouts, dir string, ok bool) {
	sc, _ = ctx.Value(checkoutsKey{}).(*scannedCheckouts)
	if sc == nil {
		return nil, "", false
	}
	dir = sc.dirs[strings.ToLower(name)]
	return sc, dir, dir != ""
}
