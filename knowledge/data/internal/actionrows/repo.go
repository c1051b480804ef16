package main

import (
	"archive/tar"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"sort"
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
	data, err := git(ctx, sp.path, "archive", "--format=tar", c)
	if err != nil {
		return nil, "", err
	}
	fsys, err := readTar(data)
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

// readTar reads the regular files of a tar archive (git archive's output)
// into memory; files over maxRepoFile are left out, as the action reader
// would not read them.
func readTar(data []byte) (fstest.MapFS, error) {
	fsys := fstest.MapFS{}
	tr := tar.NewReader(bytes.NewReader(data))
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return fsys, nil
		}
		if err != nil {
			return nil, err
		}
		name := path.Clean(h.Name)
		if h.Typeflag != tar.TypeReg || h.Size > maxRepoFile || !fs.ValidPath(name) {
			continue
		}
		b, err := io.ReadAll(tr)
		if err != nil {
			return nil, err
		}
		fsys[name] = &fstest.MapFile{Data: b, Mode: 0o644}
	}
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
