package scanner

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/pat2app/pat2app/inventory"
)

// maxWalkDepth bounds how deep a folder of checkouts is searched for
// repositories (a folder, owner/ folders, then repositories).
const maxWalkDepth = 3

// localTarget is one thing to scan found on disk: a repository checkout or a
// bare workflow file.
type localTarget struct {
	repoDir string      // checkout root; empty for a bare file
	file    string      // bare workflow file as given
	info    os.FileInfo // the bare file's Stat, taken when it was found
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
		found, errs := findRepos(p)
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
					r.rf, r.errs = s.readCheckout(ctx, t.repoDir)
				} else {
					r.rf, r.errs = s.readBareFile(ctx, t.file, t.info, names)
				}
				var ferrs []inventory.InputError
				r.findings, ferrs = s.ScanRepo(ctx, r.rf)
				r.errs = append(r.errs, ferrs...)
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

// findRepos returns the checkouts at or below dir: folders that hold a
// .github folder. Symlinked folders are not followed (no loops).
func findRepos(dir string) ([]string, []inventory.InputError) {
	var repos []string
	var errs []inventory.InputError
	var walk func(d string, depth int)
	walk = func(d string, depth int) {
		if isDir(filepath.Join(d, ".github")) {
			repos = append(repos, d)
			return
		}
		if depth >= maxWalkDepth {
			return
		}
		entries, err := os.ReadDir(d)
		if err != nil {
			errs = append(errs, inventory.InputError{File: d, Message: fmt.Sprintf("cannot list folder: %v", unwrapPathErr(err))})
			return
		}
		for _, e := range entries {
			if !e.IsDir() || strings.HasPrefix(e.Name(), ".") || e.Name() == "node_modules" || e.Name() == "vendor" {
				continue
			}
			walk(filepath.Join(d, e.Name()), depth+1)
		}
	}
	walk(dir, 0)
	sort.Strings(repos)
	return repos, errs
}

func isDir(p string) bool {
	st, err := os.Lstat(p)
	return err == nil && st.IsDir()
}

// bareWorkflowFiles lists *.yml / *.yaml directly in dir.
func bareWorkflowFiles(dir string) ([]string, []inventory.InputError) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, []inventory.InputError{{File: dir, Message: fmt.Sprintf("cannot list folder: %v", unwrapPathErr(err))}}
	}
	var out []string
	for _, e := range entries {
		if isYAMLName(e.Name()) && !e.IsDir() {
			out = append(out, filepath.Join(dir, e.Name()))
		}
	}
	return out, nil
}

func isYAMLName(name string) bool {
	n := strings.ToLower(name)
	return strings.HasSuffix(n, ".yml") || strings.HasSuffix(n, ".yaml")
}

// readBareFile reads one workflow file given on the command line. Its repo is
// the checkout it sits in, when it sits in one.
func (s *Scanner) readBareFile(ctx context.Context, path string, info os.FileInfo, names *checkoutNames) (RepoFiles, []inventory.InputError) {
	rf := RepoFiles{}
	if root, ok := enclosingCheckout(path, names.cwd); ok {
		rf.Name, rf.URL = names.get(ctx, s, root)
	}
	data, err := s.readLimitedInfo(path, info)
	if err != nil {
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
		v[0], v[1] = s.repoName(ctx, root)
		c.mu.Lock()
		c.names[root] = v
		c.mu.Unlock()
	}
	return v[0], v[1]
}

// enclosingCheckout finds the repository root of a file inside
// ROOT/.github/workflows/ or ROOT/.github/actions/.../; a relative path is
// taken from cwd.
func enclosingCheckout(path, cwd string) (string, bool) {
	slash := filepath.ToSlash(path)
	if filepath.IsAbs(path) && !strings.Contains(slash, "/.github/") {
		return "", false // not under a .github folder: a bare file
	}
	abs := filepath.Clean(path)
	if !filepath.IsAbs(abs) {
		if cwd == "" {
			return "", false
		}
		abs = filepath.Join(cwd, abs)
	}
	d := filepath.Dir(abs)
	for i := 0; i < 8 && d != filepath.Dir(d); i++ {
		if filepath.Base(d) == ".github" {
			return filepath.Dir(d), true
		}
		d = filepath.Dir(d)
	}
	return "", false
}

// readCheckout collects a checkout's workflow files and composite actions.
func (s *Scanner) readCheckout(ctx context.Context, root string) (RepoFiles, []inventory.InputError) {
	rf := RepoFiles{}
	rf.Name, rf.URL = s.repoName(ctx, root)
	var errs []inventory.InputError
	add := func(rel string) {
		data, err := s.readLimited(filepath.Join(root, rel))
		if err != nil {
			errs = append(errs, inventory.InputError{Repo: rf.Name, File: filepath.ToSlash(rel), Message: err.Error()})
			return
		}
		rf.Files = append(rf.Files, File{Path: filepath.ToSlash(rel), Data: data})
	}
	wfDir := filepath.Join(root, ".github", "workflows")
	if entries, err := os.ReadDir(wfDir); err == nil {
		for _, e := range entries {
			if isYAMLName(e.Name()) && e.Type()&fs.ModeDir == 0 {
				add(filepath.Join(".github", "workflows", e.Name()))
			}
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		errs = append(errs, inventory.InputError{Repo: rf.Name, File: ".github/workflows", Message: fmt.Sprintf("cannot list folder: %v", unwrapPathErr(err))})
	}
	// Composite actions: action.yml anywhere under .github (symlinked
	// folders are not entered), and at the root.
	_ = filepath.WalkDir(filepath.Join(root, ".github"), func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			rel, _ := filepath.Rel(root, p)
			errs = append(errs, inventory.InputError{Repo: rf.Name, File: filepath.ToSlash(rel), Message: fmt.Sprintf("cannot read: %v", unwrapPathErr(err))})
			return nil
		}
		if d.IsDir() && d.Name() == "workflows" && filepath.Dir(p) == filepath.Join(root, ".github") {
			return fs.SkipDir
		}
		if !d.IsDir() && isActionName(d.Name()) {
			rel, _ := filepath.Rel(root, p)
			add(rel)
		}
		return nil
	})
	for _, n := range []string{"action.yml", "action.yaml"} {
		if _, err := os.Lstat(filepath.Join(root, n)); err == nil {
			add(n)
		}
	}
	sort.Slice(rf.Files, func(i, j int) bool { return rf.Files[i].Path < rf.Files[j].Path })
	return rf, errs
}

func isActionName(n string) bool { return n == "action.yml" || n == "action.yaml" }

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
	f, err := openForRead(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read: %v", unwrapPathErr(err))
	}
	defer f.Close()
	// Read what Stat promised plus one byte, to notice a file that grew.
	data := make([]byte, 0, st.Size()+1)
	for {
		n, err := f.Read(data[len(data):cap(data)])
		data = data[:len(data)+n]
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("cannot read: %v", err)
		}
		if int64(len(data)) > s.maxSize {
			return nil, fmt.Errorf("file grew over the %d-byte limit while read; not read", s.maxSize)
		}
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)]
		}
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

// repoName is owner/name from `git remote get-url origin`, else OWNER/NAME
// from a folder named OWNER__NAME, else the configured owner and the folder
// name, else the folder name; url is the web address when the remote is on a known host.
func (s *Scanner) repoName(ctx context.Context, root string) (string, string) {
	abs, err := filepath.Abs(root)
	if err != nil {
		abs = root
	}
	fallback := filepath.Base(abs)
	if o, n, ok := strings.Cut(fallback, "__"); ok && o != "" && n != "" && !strings.Contains(n, "__") {
		// OWNER__NAME, as mirroring tools lay out checkouts of many owners.
		fallback = o + "/" + n
	} else if s.cfg.Owner != "" {
		fallback = s.cfg.Owner + "/" + fallback
	}
	if _, err := os.Stat(filepath.Join(abs, ".git")); err != nil {
		return fallback, ""
	}
	cctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	cmd := exec.CommandContext(cctx, "git", "-C", abs, "remote", "get-url", "origin")
	out, err := cmd.Output()
	if err != nil {
		return fallback, ""
	}
	name, web := parseRemote(strings.TrimSpace(string(out)))
	if name == "" {
		return fallback, ""
	}
	return name, web
}

// parseRemote turns a git remote URL into owner/name and a web URL:
// https://github.com/o/r.git, git@github.com:o/r.git, ssh://git@host/o/r.
func parseRemote(u string) (string, string) {
	u = strings.TrimSuffix(strings.TrimSuffix(u, "/"), ".git")
	host, path := "", ""
	switch {
	case strings.Contains(u, "://"):
		rest := u[strings.Index(u, "://")+3:]
		if at := strings.LastIndex(rest, "@"); at >= 0 && at < strings.Index(rest+"/", "/") {
			rest = rest[at+1:]
		}
		slash := strings.Index(rest, "/")
		if slash < 0 {
			return "", ""
		}
		host, path = rest[:slash], rest[slash+1:]
		if c := strings.Index(host, ":"); c >= 0 {
			host = host[:c]
		}
	case strings.Contains(u, ":"):
		rest := u
		if at := strings.Index(rest, "@"); at >= 0 {
			rest = rest[at+1:]
		}
		c := strings.Index(rest, ":")
		host, path = rest[:c], rest[c+1:]
	default:
		return "", ""
	}
	parts := strings.Split(strings.Trim(path, "/"), "/")
	if len(parts) < 2 {
		return "", ""
	}
	name := parts[len(parts)-2] + "/" + parts[len(parts)-1]
	return name, "https://" + host + "/" + name
}
