// Package checkout finds repository checkouts on disk and names them: the
// local scan, `fix` and `check` use it, so a checkout is found and named one
// way.
package checkout

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/pat2app/pat2app/inventory"
)

// MaxDepth bounds how deep a folder of checkouts is searched for
// repositories (a folder, owner folders, then repositories).
const MaxDepth = 3

// Find returns the checkouts at or below dir, in path order: folders that
// hold a .github folder, MaxDepth levels deep at most. Hidden folders,
// node_modules and vendor are not entered, nor symlinked folders (no
// loops). Folders that cannot be listed are returned as input errors.
func Find(dir string) ([]string, []inventory.InputError) {
	var repos []string
	var errs []inventory.InputError
	var walk func(d string, depth int)
	walk = func(d string, depth int) {
		if isDir(filepath.Join(d, ".github")) {
			repos = append(repos, d)
			return
		}
		if depth >= MaxDepth {
			return
		}
		entries, err := os.ReadDir(d)
		if err != nil {
			errs = append(errs, inventory.InputError{File: d, Message: fmt.Sprintf("cannot list folder: %v", unwrapPathError(err))})
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

// isDir reports a folder that is not a symlink.
func isDir(p string) bool {
	st, err := os.Lstat(p)
	return err == nil && st.IsDir()
}

// Enclosing finds the checkout root of a file inside ROOT/.github/ (its
// workflows or actions); a relative path is taken from cwd.
func Enclosing(path, cwd string) (string, bool) {
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

// Name is the repository name of the checkout at root, and its web address
// when known: owner/name from `git remote get-url origin`, else OWNER/NAME
// from a folder named OWNER__NAME, else owner (when set) and the folder
// name, else the folder name.
func Name(ctx context.Context, root, owner string) (name, webURL string) {
	abs, err := filepath.Abs(root)
	if err != nil {
		abs = root
	}
	fallback := filepath.Base(abs)
	if o, n, ok := strings.Cut(fallback, "__"); ok && o != "" && n != "" && !strings.Contains(n, "__") {
		// OWNER__NAME, as mirroring tools lay out checkouts of many owners.
		fallback = o + "/" + n
	} else if owner != "" {
		fallback = owner + "/" + fallback
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
	name, web := ParseRemote(strings.TrimSpace(string(out)))
	if name == "" {
		return fallback, ""
	}
	return name, web
}

// ParseRemote turns a git remote URL into owner/name and a web URL
// (https://github.com/o/r.git, git@github.com:o/r.git, ssh://git@host:22/o/r),
// or "" when it is a local path or has no two path parts.
func ParseRemote(u string) (name, webURL string) {
	u = strings.TrimSuffix(strings.TrimSuffix(strings.TrimSpace(u), "/"), ".git")
	var host, path string
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
	case strings.Contains(u, ":") && !strings.HasPrefix(u, "/"):
		// scp-like: [user@]host:owner/name
		rest := u
		if at := strings.Index(rest, "@"); at >= 0 {
			rest = rest[at+1:]
		}
		c := strings.Index(rest, ":")
		if c < 0 {
			return "", "" // the only colon was in the user part
		}
		host, path = rest[:c], rest[c+1:]
	default:
		return "", "" // a local path
	}
	parts := strings.Split(strings.Trim(path, "/"), "/")
	if len(parts) < 2 || parts[len(parts)-2] == "" || parts[len(parts)-1] == "" {
		return "", ""
	}
	name = parts[len(parts)-2] + "/" + parts[len(parts)-1]
	return name, "https://" + host + "/" + name
}

// unwrapPathError is the cause of a file-system error without the path,
// for messages that name the file already.
func unwrapPathError(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
