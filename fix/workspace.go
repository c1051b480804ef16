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
}

// FilePlan is the plan jobs of one file on disk.
type FilePlan struct {
	Path string
	Jobs []planner.Job
}

// Scan scans root (a workflow file, a checkout, or a folder of checkouts)
// one checkout at a time, so that every finding is tied to its file on disk.
// The error is for a root that does not exist; unreadable inputs are in the
// inventory's errors.
func Scan(ctx context.Context, sc *scanner.Scanner, root string) (*Workspace, error) {
	st, err := os.Stat(root)
	if err != nil {
		return nil, fmt.Errorf("fix %s: %w", root, err)
	}
	var units []string // checkout folders; "" means scan root itself
	if st.IsDir() {
		units, _ = checkout.Find(root) // the scan of root reports what it cannot list
	}
	if len(units) == 0 {
		units = []string{""}
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
			p := u
			if p == "" {
				p = root
			}
			inv, err := sc.ScanPaths(ctx, []string{p})
			results[i] = result{inv, err}
		}()
	}
	wg.Wait()
	w := &Workspace{Inventory: &inventory.Inventory{SchemaVersion: inventory.SchemaVersion}, where: map[string][]string{}}
	for i, r := range results {
		if r.err != nil {
			return nil, r.err
		}
		w.Inventory.Findings = append(w.Inventory.Findings, r.inv.Findings...)
		w.Inventory.Errors = append(w.Inventory.Errors, r.inv.Errors...)
		w.Inventory.Repos = append(w.Inventory.Repos, r.inv.Repos...)
		for _, f := range r.inv.Findings {
			p := f.File
			if units[i] != "" {
				p = filepath.Join(units[i], filepath.FromSlash(f.File))
			}
			w.where[f.Fingerprint] = appendPath(w.where[f.Fingerprint], p)
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
// another root) or is ambiguous are returned as skipped.
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
		out = append(out, FilePlan{Path: path, Jobs: jobs})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out, skips
}

// FileSkip is a skipped job with the file it is in.
type FileSkip struct {
	Path string
	Skip
}
