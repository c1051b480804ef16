package scanner

import (
	"bufio"
	"bytes"
	"errors"
	"io/fs"
	"path"
	"strings"
)

// maxGitmodules is the largest .gitmodules read.
const maxGitmodules = 64 << 10

// submoduleRepos lists the GitHub repositories the .gitmodules of the
// scanned repository names (owner/name; a relative URL is a sibling of
// self, the repository's owner/name), and the URLs that are not GitHub's
// or not understood. ok is false when the file cannot be read (no tree:
// a workflow file scanned alone; too large; not there counts as read,
// with no submodule). The file is read once per repository scan.
func (rs *repoScan) submoduleRepos(self string) (repos, others []string, ok bool) {
	if rs.submodules == nil {
		rs.submodules = &submoduleList{}
		rs.submodules.repos, rs.submodules.others, rs.submodules.ok = rs.readSubmodules(self)
	}
	return rs.submodules.repos, rs.submodules.others, rs.submodules.ok
}

// submoduleList is what submoduleRepos found, kept for the next
// checkout with submodules (in an organisation scan each read is a
// request).
type submoduleList struct {
	repos, others []string
	ok            bool
}

// readSubmodules reads .gitmodules for submoduleRepos.
func (rs *repoScan) readSubmodules(self string) (repos, others []string, ok bool) {
	if rs.repo.Tree == nil {
		return nil, nil, false
	}
	data, err := fs.ReadFile(rs.repo.Tree, ".gitmodules")
	if err != nil {
		return nil, nil, errors.Is(err, fs.ErrNotExist)
	}
	if len(data) > maxGitmodules {
		return nil, nil, false
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		k, v, found := strings.Cut(strings.TrimSpace(sc.Text()), "=")
		if !found || !strings.EqualFold(strings.TrimSpace(k), "url") {
			continue
		}
		url := strings.Trim(strings.TrimSpace(v), `"`)
		if r := submoduleRepo(url, self); r != "" {
			repos = appendUnique(repos, r)
		} else {
			others = appendUnique(others, url)
		}
	}
	return repos, others, true
}

// submoduleRepo is owner/name of a submodule URL on github.com
// (https://github.com/o/r(.git), git@github.com:o/r.git,
// ssh://git@github.com/o/r), or relative to self (../r.git); "" for any
// other.
func submoduleRepo(url, self string) string {
	if strings.HasPrefix(url, "../") && strings.Count(self, "/") == 1 {
		owner, _, _ := strings.Cut(self, "/")
		url = "https://github.com/" + path.Join(owner, url[3:])
	}
	r, _ := githubAddressRepo(url)
	return r
}

// githubAddressRepo is the OWNER/NAME a repository's address on github.com
// names (https://github.com/OWNER/NAME.git, git@github.com:OWNER/NAME,
// ssh:// and git:// URLs, or github.com/OWNER/NAME without a scheme); ok is
// false for any other value.
func githubAddressRepo(url string) (string, bool) {
	p := ""
	if rest, ok := strings.CutPrefix(url, "git@github.com:"); ok {
		p = rest
	} else {
		for _, pre := range []string{"https://github.com/", "http://github.com/", "ssh://git@github.com/", "git://github.com/", "github.com/"} {
			if rest, ok := strings.CutPrefix(url, pre); ok {
				p = rest
				break
			}
		}
	}
	p = strings.TrimSuffix(strings.TrimSuffix(p, "/"), ".git")
	if !ownerSlashName(p) {
		return "", false
	}
	return p, true
}
