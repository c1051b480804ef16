package check

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"strconv"
	"strings"

	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/repofiles"
	"github.com/pat2app/pat2app/scanner"
)

// git runs git in dir and returns its standard output. Errors carry git's
// standard error.
func git(ctx context.Context, dir string, stdin io.Reader, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, "git", append([]string{"-C", dir}, args...)...)
	cmd.Stdin = stdin
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	// Never prompt for credentials, never page, and keep messages in English.
	cmd.Env = append(cmd.Environ(), "GIT_TERMINAL_PROMPT=0", "GIT_PAGER=cat", "LC_ALL=C")
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(errb.String())
		if msg != "" {
			return nil, fmt.Errorf("git %s: %w: %s", args[0], err, msg)
		}
		return nil, fmt.Errorf("git %s: %w", args[0], err)
	}
	return out.Bytes(), nil
}

// TopLevel returns the top folder of the git work tree holding dir.
func TopLevel(ctx context.Context, dir string) (string, error) {
	out, err := git(ctx, dir, nil, "rev-parse", "--show-toplevel")
	if err != nil {
		return "", fmt.Errorf("%s is not in a git repository: %w", dir, err)
	}
	return strings.TrimSpace(string(out)), nil
}

// ErrBadRef is returned for a ref that is not a usable revision name.
var ErrBadRef = errors.New("bad git ref")

// ResolveRef returns the commit id of ref in dir's repository. A branch name
// that only exists as a remote-tracking branch (refs/remotes/origin/NAME, as
// in a pull-request checkout) is found too.
func ResolveRef(ctx context.Context, dir, ref string) (string, error) {
	if ref == "" || strings.HasPrefix(ref, "-") || strings.ContainsAny(ref, "\x00\n\r") {
		return "", fmt.Errorf("%w %q", ErrBadRef, ref)
	}
	for _, cand := range []string{ref, "refs/remotes/origin/" + ref} {
		out, err := git(ctx, dir, nil, "rev-parse", "--verify", "--quiet", "--end-of-options", cand+"^{commit}")
		if err == nil {
			return strings.TrimSpace(string(out)), nil
		}
		if ctx.Err() != nil {
			return "", ctx.Err()
		}
	}
	return "", fmt.Errorf("%w %q: not found in %s (in a shallow pull-request checkout, fetch it first: git fetch --no-tags --depth=1 origin %s)", ErrBadRef, ref, dir, ref)
}

// treeEntry is one blob of `git ls-tree -r -l`.
type treeEntry struct {
	mode, oid string
	size      int64
	path      string
}

// parseLsTree parses `git ls-tree -r -l -z` output, keeping regular-file
// blobs.
func parseLsTree(out []byte) ([]treeEntry, error) {
	var entries []treeEntry
	for _, rec := range bytes.Split(out, []byte{0}) {
		if len(rec) == 0 {
			continue
		}
		tab := bytes.IndexByte(rec, '\t')
		if tab < 0 {
			return nil, fmt.Errorf("ls-tree: malformed record %q", rec)
		}
		meta := strings.Fields(string(rec[:tab]))
		if len(meta) != 4 {
			return nil, fmt.Errorf("ls-tree: malformed record %q", rec)
		}
		if meta[1] != "blob" || (meta[0] != "100644" && meta[0] != "100755") {
			continue // symlinks, submodules
		}
		size, err := strconv.ParseInt(meta[3], 10, 64)
		if err != nil {
			return nil, fmt.Errorf("ls-tree: size of %q: %w", rec[tab+1:], err)
		}
		entries = append(entries, treeEntry{mode: meta[0], oid: meta[2], size: size, path: string(rec[tab+1:])})
	}
	return entries, nil
}

// ReadRef reads the files repofiles.Wanted names of the repository in dir as
// they are at ref, from git's object store (`git ls-tree` and
// `git cat-file --batch`), without a checkout. name becomes RepoFiles.Name.
// Files larger than maxSize are skipped and returned as input errors.
func ReadRef(ctx context.Context, dir, ref, name string, maxSize int64) (scanner.RepoFiles, []inventory.InputError, error) {
	if maxSize <= 0 {
		maxSize = scanner.DefaultMaxFileSize
	}
	rf := scanner.RepoFiles{Name: name}
	commit, err := ResolveRef(ctx, dir, ref)
	if err != nil {
		return rf, nil, err
	}
	// Only the paths the scanner reads, so a large monorepo lists little.
	out, err := git(ctx, dir, nil, append([]string{"ls-tree", "-r", "-l", "-z", "--full-tree", commit, "--"}, repofiles.Roots...)...)
	if err != nil {
		return rf, nil, fmt.Errorf("list files at %s: %w", ref, err)
	}
	entries, err := parseLsTree(out)
	if err != nil {
		return rf, nil, fmt.Errorf("list files at %s: %w", ref, err)
	}
	var want []treeEntry
	var errs []inventory.InputError
	for _, e := range entries {
		if !repofiles.Wanted(e.path) {
			continue
		}
		if e.size > maxSize {
			errs = append(errs, inventory.InputError{Repo: name, File: e.path,
				Message: fmt.Sprintf("at %s: %d bytes, larger than the %d-byte limit; not read", ref, e.size, maxSize)})
			continue
		}
		want = append(want, e)
	}
	if len(want) == 0 {
		return rf, errs, nil
	}
	var in bytes.Buffer
	for _, e := range want {
		in.WriteString(e.oid + "\n")
	}
	blobs, err := git(ctx, dir, &in, "cat-file", "--batch")
	if err != nil {
		return rf, nil, fmt.Errorf("read files at %s: %w", ref, err)
	}
	data, err := parseCatFileBatch(blobs, len(want))
	if err != nil {
		return rf, nil, fmt.Errorf("read files at %s: %w", ref, err)
	}
	for i, e := range want {
		rf.Files = append(rf.Files, scanner.File{Path: e.path, Data: data[i]})
	}
	rf.AllWorkflows = !scanner.MissesWorkflows(errs)
	return rf, errs, nil
}

// parseCatFileBatch splits `git cat-file --batch` output into n contents.
func parseCatFileBatch(out []byte, n int) ([][]byte, error) {
	r := bufio.NewReader(bytes.NewReader(out))
	res := make([][]byte, 0, n)
	for i := 0; i < n; i++ {
		header, err := r.ReadString('\n')
		if err != nil {
			return nil, fmt.Errorf("cat-file: object %d: %w", i+1, err)
		}
		f := strings.Fields(header)
		if len(f) != 3 {
			return nil, fmt.Errorf("cat-file: object %d: %s", i+1, strings.TrimSpace(header))
		}
		size, err := strconv.ParseInt(f[2], 10, 64)
		if err != nil || size < 0 || size > int64(len(out)) {
			return nil, fmt.Errorf("cat-file: object %d: bad size %q", i+1, f[2])
		}
		buf := make([]byte, size+1) // content and its trailing LF
		if _, err := io.ReadFull(r, buf); err != nil {
			return nil, fmt.Errorf("cat-file: object %d: %w", i+1, err)
		}
		res = append(res, buf[:size])
	}
	return res, nil
}
