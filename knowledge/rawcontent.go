package knowledge

import "strings"

// RawContentHost serves a repository's files at a ref:
// https://raw.githubusercontent.com/OWNER/REPO/REF/PATH.
const RawContentHost = "raw.githubusercontent.com"

// RawContentRoute is the REST route a download from RawContentHost
// stands for: /OWNER/REPO/REF/PATH reads what GET
// /repos/OWNER/REPO/contents/PATH reads at REF, with the contents
// permission (docs.github.com, "Repository contents": a file of a private
// repository is served to a token that can read its contents). ok is false
// for a path without the four parts.
func RawContentRoute(path string) (owner, repo, route string, ok bool) {
	seg := strings.SplitN(strings.TrimPrefix(path, "/"), "/", 4)
	if len(seg) < 4 || seg[0] == "" || seg[1] == "" || seg[3] == "" {
		return "", "", "", false
	}
	return seg[0], seg[1], "/repos/" + seg[0] + "/" + seg[1] + "/contents/" + seg[3], true
}
