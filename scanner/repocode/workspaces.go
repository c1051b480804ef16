package repocode

import (
	"encoding/json"
	"io/fs"
	"path"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// maxPackageFolders bounds the folders PackageFolders lists.
const maxPackageFolders = 200

// PackageFolders lists the folders of the packages of the JavaScript
// monorepo whose root is dir (from the workspace, as Run.Dir; root is the
// repository's place there, as Input.RepoRoot): the patterns of
// lerna.json's "packages", else of package.json's "workspaces", else of
// pnpm-workspace.yaml's "packages", else lerna's default packages/*, each
// folder holding a package.json. ok is
// false when they cannot all be listed: no lerna.json or workspaces, a
// file that does not parse, a pattern with ** or outside the repository,
// or more than maxPackageFolders of them.
func (f *Follower) PackageFolders(dir, root string) (folders []string, ok bool) {
	rel, ok := f.repoFolder(dir, root)
	if !ok {
		return nil, false
	}
	var patterns []string
	lerna := false
	if fl := f.read(path.Join(rel, "lerna.json")); !fl.missing {
		if fl.err != nil {
			return nil, false
		}
		var l struct {
			Packages []string `json:"packages"`
		}
		if json.Unmarshal(fl.data, &l) != nil {
			return nil, false
		}
		patterns, lerna = l.Packages, true
	}
	if len(patterns) == 0 {
		if fl := f.read(path.Join(rel, "package.json")); !fl.missing {
			pkg, err := f.packageJSON(fl)
			if err != nil {
				return nil, false
			}
			patterns = pkg.WorkspaceGlobs
		}
	}
	if len(patterns) == 0 && !lerna {
		if fl := f.read(path.Join(rel, "pnpm-workspace.yaml")); !fl.missing {
			var w struct {
				Packages []string `yaml:"packages"`
			}
			if fl.err != nil || yaml.Unmarshal(fl.data, &w) != nil {
				return nil, false
			}
			patterns = w.Packages
		}
	}
	if len(patterns) == 0 && lerna {
		patterns = []string{"packages/*"}
	}
	if len(patterns) == 0 {
		return nil, false
	}
	for _, p := range patterns {
		if strings.HasPrefix(p, "!") {
			continue // an exclusion: listing more folders is the safe side
		}
		p = path.Clean(strings.TrimPrefix(p, "./"))
		if strings.Contains(p, "**") || strings.HasPrefix(p, "/") || p == ".." || strings.HasPrefix(p, "../") {
			return nil, false
		}
		matches, err := fs.Glob(f.tree, path.Join(rel, p))
		if err != nil {
			return nil, false
		}
		for _, m := range matches {
			if !f.isDir(m) || !f.exists(path.Join(m, "package.json")) {
				continue
			}
			w := path.Join(path.Clean("./"+root), m)
			if !slices.Contains(folders, w) {
				folders = append(folders, w)
			}
		}
		if len(folders) > maxPackageFolders {
			return nil, false
		}
	}
	return folders, len(folders) > 0
}

// RepoFile reads the file name in the folder dir (from the workspace, as
// Run.Dir; root is the repository's place there, as Input.RepoRoot).
func (f *Follower) RepoFile(dir, root, name string) ([]byte, bool) {
	rel, ok := f.repoFolder(dir, root)
	if !ok {
		return nil, false
	}
	fl := f.read(path.Join(rel, name))
	if fl.missing || fl.err != nil {
		return nil, false
	}
	return fl.data, true
}

// repoFolder is the folder dir (from the workspace, as Run.Dir) of the
// repository checked out at root (Input.RepoRoot), from the repository's
// root; false when the files cannot be read or it lies outside them.
func (f *Follower) repoFolder(dir, root string) (string, bool) {
	if f.tree == nil {
		return "", false
	}
	rel, _, ok := resolve(dir, true, ".", root)
	return rel, ok
}
