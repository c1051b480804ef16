package fix

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/pat2app/pat2app/checkout"
	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/planner"
	"github.com/pat2app/pat2app/scanner"
)

// Workspace is a local scan that remembers where on disk each finding's
// file is, so plan jobs can be applied to the files they came from.
type Workspace struct {
	// Inventory is the scan of every checkout (or bare file) under the root.
	Inventory *inventory.Inventory
	// where maps a finding's fingerprint to the files it may be in; more
	// than one means the same repository is checked out twice.
	where map[string][]string
	// rootOf maps each of those files to the folder or file fix was given
	// that it was found under; a file is written only below its root, and
	// never through a symlink.
	rootOf map[string]string
}

// FilePlan is the plan jobs of one file on disk.
type FilePlan struct {
	Path string
	Jobs []planner.Job
}

// Scan scans each root (a workflow file, a checkout, or a folder of
// checkouts) one checkout at a time, so that every finding is tied to its
// file on disk. The error is for a root that does not exist; unreadable
// inputs are in the inventory's errors.
func Scan(ctx context.Context, sc *scanner.Scanner, roots ...string) (*Workspace, error) {
	type unit struct {
		root, dir string // dir is a checkout folder; "" means the root itself
	}
	var units []unit
	for _, root := range roots {
		st, err := os.Stat(root)
		if err != nil {
			return nil, fmt.Errorf("fix %s: %w", root, err)
		}
		var dirs []string
		if st.IsDir() {
			dirs, _ = checkout.Find(root) // the scan of root reports what it cannot list
		}
		if len(dirs) == 0 {
			dirs = []string{""}
		}
		for _, d := range dirs {
			units = append(units, unit{root, d})
		}
	}
	type result struct {
		inv *inventory.Inventory
		err error
	}
	results := make([]result, len(units))
	workers := runtime.GOMAXPROCS(0)
	sem := make(chan struct{}, workers)
	var wg sync.WaitGroup
	for i, u := range units {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			p := u.dir
			if p == "" {
				p = u.root
			}
			inv, err := sc.ScanPaths(ctx, []string{p})
			results[i] = result{inv, err}
		}()
	}
	wg.Wait()
	w := &Workspace{Inventory: &inventory.Inventory{SchemaVersion: inventory.SchemaVersion}, where: map[string][]string{}, rootOf: map[string]string{}}
	for i, r := range results {
		if r.err != nil {
			return nil, r.err
		}
		w.Inventory.Findings = append(w.Inventory.Findings, r.inv.Findings...)
		w.Inventory.Errors = append(w.Inventory.Errors, r.inv.Errors...)
		w.Inventory.Repos = append(w.Inventory.Repos, r.inv.Repos...)
		for _, f := range r.inv.Findings {
			p := f.File
			if units[i].dir != "" {
				p = filepath.Join(units[i].dir, filepath.FromSlash(f.File))
			}
			w.where[f.Fingerprint] = appendPath(w.where[f.Fingerprint], p)
			if _, ok := w.rootOf[p]; !ok {
				w.rootOf[p] = units[i].root
			}
		}
	}
	w.Inventory.Finish()
	return w, nil
}

func appendPath(s []string, p string) []string {
	for _, x := range s {
		if x == p {
			return s
		}
	}
	return append(s, p)
}

// Files groups the plan's jobs by the file on disk they belong to, in path
// order. Jobs whose file is not known here (an API scan, a finding from
// another root), is ambiguous, or is reached through a symlink are returned
// as skipped.
func (w *Workspace) Files(p *planner.Plan) ([]FilePlan, []FileSkip) {
	byPath := map[string][]planner.Job{}
	var skips []FileSkip
	for _, j := range p.Jobs {
		paths := w.where[j.Fingerprint]
		switch len(paths) {
		case 1:
			byPath[paths[0]] = append(byPath[paths[0]], j)
		case 0:
			skips = append(skips, FileSkip{Path: j.File, Skip: Skip{Job: j.Job, Credential: j.Credential, Decision: string(j.Decision), Reason: "the file is not in the scanned folder"}})
		default:
			skips = append(skips, FileSkip{Path: j.File, Skip: Skip{Job: j.Job, Credential: j.Credential, Decision: string(j.Decision), Reason: "the same repository is checked out more than once: " + strings.Join(paths, ", ")}})
		}
	}
	var out []FilePlan
	for path, jobs := range byPath {
		if why := w.unsafePath(path); why != "" {
			for _, j := range jobs {
				skips = append(skips, FileSkip{Path: path, Skip: Skip{Job: j.Job, Credential: j.Credential, Decision: string(j.Decision), Reason: why}})
			}
			continue
		}
		out = append(out, FilePlan{Path: path, Jobs: jobs})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	sort.SliceStable(skips, func(i, j int) bool { return skips[i].Path < skips[j].Path })
	return out, skips
}

// unsafePath says why fix must not write path, or "" when it may: path
// must be the root or below it, reached without a symlink (a workflow
// that is a link, or sits in a linked folder, may be shared with other
// files or lie outside the checkout: fix leaves it alone and lists it).
// The root itself may be a link; it is what the user named.
func (w *Workspace) unsafePath(path string) string {
	root, ok := w.rootOf[path]
	if !ok {
		return "the file is not one the scan found"
	}
	rel, err := filepath.Rel(root, path)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) || filepath.IsAbs(rel) {
		return "the file is not below the folder fix was given"
	}
	// Each name below the root, and the root itself when it is the file.
	var names []string
	if rel == "." {
		names = []string{path}
	} else {
		cur := root
		for _, step := range strings.Split(rel, string(filepath.Separator)) {
			cur = filepath.Join(cur, step)
			names = append(names, cur)
		}
	}
	for _, name := range names {
		st, err := os.Lstat(name)
		if err != nil {
			return fmt.Sprintf("cannot check the path: %v", err)
		}
		if st.Mode()&os.ModeSymlink == 0 {
			continue
		}
		target, _ := os.Readlink(name)
		if name == names[len(names)-1] {
			return fmt.Sprintf("the workflow is a symlink (to %s): fix does not write through links; change the file it points to", target)
		}
		shown, _ := filepath.Rel(root, name)
		return fmt.Sprintf("the workflow is reached through the symlink %s (to %s): fix does not write through links; change the file it points to", filepath.ToSlash(shown), target)
	}
	realRoot, err1 := filepath.EvalSymlinks(root)
	realPath, err2 := filepath.EvalSymlinks(path)
	if err1 != nil || err2 != nil {
		return "cannot resolve the path"
	}
	if r, err := filepath.Rel(realRoot, realPath); err != nil || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) {
		return "the file resolves outside the folder fix was given"
	}
	return ""
}

// WriteFile replaces path, one of the files Files returned, with data. It
// checks again that path is below the root and reached without a symlink,
// so nothing is ever written outside the folder fix was given.
func (w *Workspace) WriteFile(path string, data []byte) error {
	if why := w.unsafePath(path); why != "" {
		return fmt.Errorf("write %s: %s", path, why)
	}
	return WriteFile(path, data)
}

// FileSkip is a skipped job with the file it is in.
type FileSkip struct {
	Path string
	Skip
}
