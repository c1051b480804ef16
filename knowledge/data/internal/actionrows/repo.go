package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing/fstest"
)

// spec is one repository to read.
type spec struct {
	// owner and repo name the repository; dir is the one action folder
	// to read ("" for every action in it).
	owner, repo, dir string
	// path is the bare git directory or plain folder.
	path string
	// ref is the git ref read, or the label of a plain folder.
	ref string
}

// parseSpec reads [owner/repo[/path]=]DIR[@REF].
func parseSpec(arg, defaultRef string) (spec, error) {
	var sp spec
	name, dir, named := strings.Cut(arg, "=")
	if !named {
		dir, name = arg, ""
	}
	sp.path, sp.ref = dir, defaultRef
	if i := strings.LastIndexByte(dir, '@'); i > 0 && !strings.Contains(dir[i:], "/") {
		sp.path, sp.ref = dir[:i], dir[i+1:]
	}
	if name == "" {
		name = nameFromPath(sp.path)
		if name == "" {
			return spec{}, fmt.Errorf("no owner/repo: write owner/repo=%s, or use a folder named owner+repo", dir)
		}
	}
	parts := strings.SplitN(name, "/", 3)
	if len(parts) < 2 || parts[0] == "" || parts[1] == "" {
		return spec{}, fmt.Errorf("%q is not owner/repo[/path]", name)
	}
	sp.owner, sp.repo = parts[0], parts[1]
	if len(parts) == 3 {
		sp.dir = path.Clean(parts[2])
		if sp.dir == "." || strings.HasPrefix(sp.dir, "../") || sp.dir == ".." {
			return spec{}, fmt.Errorf("%q: the path must be a folder inside the repository", name)
		}
	}
	if sp.ref == "" {
		return spec{}, fmt.Errorf("%s: empty ref", arg)
	}
	return sp, nil
}

// nameFromPath finds owner/repo in a path element written owner+repo.
func nameFromPath(p string) string {
	for _, el := range strings.Split(filepath.ToSlash(filepath.Clean(p)), "/") {
		if o, r, ok := strings.Cut(el, "+"); ok && o != "" && r != "" && !strings.Contains(r, "+") {
			return o + "/" + r
		}
	}
	return ""
}

// maxRepoFile is the largest file kept of a repository read from git
// (the reader's own limits apply after).
const maxRepoFile = 8 << 20

// openRepo returns the repository's files and the commit they are at.
func openRepo(ctx context.Context, sp spec) (fs.FS, string, error) {
	st, err := os.Stat(sp.path)
	if err != nil {
		return nil, "", err
	}
	if !st.IsDir() {
		return nil, "", fmt.Errorf("%s is not a folder", sp.path)
	}
	if !isBareGit(sp.path) {
		return os.DirFS(sp.path), sp.ref, nil
	}
	commit, err := git(ctx, sp.path, "rev-parse", "--verify", "--end-of-options", sp.ref+"^{commit}")
	if err != nil {
		return nil, "", err
	}
	c := strings.TrimSpace(string(commit))
	fsys, err := readTree(ctx, sp.path, c)
	if err != nil {
		return nil, "", fmt.Errorf("%s at %s: %w", sp.path, c, err)
	}
	return fsys, c, nil
}

// isBareGit reports whether dir is laid out as a git directory.
func isBareGit(dir string) bool {
	for _, n := range []string{"HEAD", "objects", "refs"} {
		if _, err := os.Stat(filepath.Join(dir, n)); err != nil {
			return false
		}
	}
	return true
}

// git runs git on the git directory dir and returns its output.
func git(ctx context.Context, dir string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, "git", append([]string{"--git-dir", dir}, args...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("git %s: %w: %s", strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	return out, nil
}

// readTree reads the files of commit into memory: the blobs git has
// (a mirror may lack its largest ones) of at most maxRepoFile bytes, which
// is all the action reader would read.
func readTree(ctx context.Context, dir, commit string) (fstest.MapFS, error) {
	list, err := git(ctx, dir, "ls-tree", "-r", "-l", "-z", "--full-tree", commit)
	if err != nil {
		return nil, err
	}
	var names, ids []string
	for _, entry := range strings.Split(string(list), "\x00") {
		// <mode> SP <type> SP <object> SP+ <size> TAB <path>
		meta, name, ok := strings.Cut(entry, "\t")
		f := strings.Fields(meta)
		if !ok || len(f) != 4 || f[1] != "blob" || !fs.ValidPath(name) {
			continue
		}
		if size, err := strconv.ParseInt(f[3], 10, 64); err != nil || size > maxRepoFile {
			continue
		}
		names, ids = append(names, name), append(ids, f[2])
	}
	cmd := exec.CommandContext(ctx, "git", "--git-dir", dir, "cat-file", "--batch")
	cmd.Stdin = strings.NewReader(strings.Join(ids, "\n") + "\n")
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("git cat-file: %w", err)
	}
	fsys := fstest.MapFS{}
	r := bufio.NewReader(bytes.NewReader(out))
	for _, name := range names {
		// <object> SP <type> SP <size> LF <content> LF, or <object> SP missing LF
		head, err := r.ReadString('\n')
		if err != nil {
			return nil, fmt.Errorf("git cat-file: %w", err)
		}
		f := strings.Fields(head)
		if len(f) != 3 {
			continue // missing from the mirror
		}
		size, err := strconv.Atoi(f[2])
		if err != nil {
			return nil, fmt.Errorf("git cat-file: %q", head)
		}
		data := make([]byte, size+1)
		if _, err := io.ReadFull(r, data); err != nil {
			return nil, fmt.Errorf("git cat-file: %w", err)
		}
		fsys[name] = &fstest.MapFile{Data: data[:size], Mode: 0o644}
	}
	return fsys, nil
}

// skippedDirs are folders whose action.yml files are not the
// repository's actions (tests, fixtures, dependencies).
var skippedDirs = map[string]bool{
	".git": true, ".github": true, "node_modules": true, "test": true, "tests": true, "__tests__": true,
	"testdata": true, "fixtures": true, "__fixtures__": true, "examples": true, "example": true,
}

// actionDirs lists the folders of fsys holding an action.yml or
// action.yaml, the root first.
func actionDirs(fsys fs.FS) ([]string, error) {
	var dirs []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p != "." && (skippedDirs[d.Name()] || strings.HasPrefix(d.Name(), ".")) {
				return fs.SkipDir
			}
			return nil
		}
		if n := d.Name(); n == "action.yml" || n == "action.yaml" {
			dir := path.Dir(p)
			if len(dirs) == 0 || dirs[len(dirs)-1] != dir {
				dirs = append(dirs, dir)
			}
		}
		return nil
	})
	sort.Slice(dirs, func(i, j int) bool {
		if (dirs[i] == ".") != (dirs[j] == ".") {
			return dirs[i] == "."
		}
		return dirs[i] < dirs[j]
	})
	return dirs, err
}
