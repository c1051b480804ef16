package repocode

import (
	"cmp"
	"io/fs"
	"path"
	"regexp"
	"strconv"
	"strings"

	"github.com/pat2app/pat2app/scanner/shellops"
)

// maxPatternFiles bounds the files a path with a part known only at run
// time is read as (`installers/install-${product}.sh`); more matches
// leave the command unresolved.
const maxPatternFiles = 16

// unknownPart is a part of a path that is known only at run time, as a
// Run writes it ({NAME}).
var unknownPart = regexp.MustCompile(`\{[^{}/]*\}`)

// filePattern splits a run's target whose last path element has parts
// known only at run time into its folder and a path.Match pattern of
// that element (each unknown part matches any text). ok is false when
// the target has no such part, or has one in its folder.
func filePattern(target string) (dir, pattern string, ok bool) {
	target = strings.ReplaceAll(target, `\`, "/")
	dir, base := path.Split(target)
	if !strings.Contains(base, "{") || strings.Contains(dir, "{") || dir == "" {
		return "", "", false
	}
	var b strings.Builder
	last := 0
	for _, m := range unknownPart.FindAllStringIndex(base, -1) {
		b.WriteString(globQuote(base[last:m[0]]))
		b.WriteString("*")
		last = m[1]
	}
	rest := base[last:]
	if strings.ContainsAny(rest, "{}") {
		return "", "", false
	}
	b.WriteString(globQuote(rest))
	return strings.TrimSuffix(dir, "/"), b.String(), true
}

// globQuote escapes path.Match's special characters in literal text.
func globQuote(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if strings.IndexByte(`*?[\`, s[i]) >= 0 {
			b.WriteByte('\\')
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// runPattern follows a file named by a pattern: each file of its folder
// that matches is read as the file run, and what they do is put together.
// No match, or more than maxPatternFiles, leaves the run unresolved,
// naming the pattern.
func (f *Follower) runPattern(r *shellops.Run, dir, pattern string) shellops.Followed {
	d, why, ok := resolveRun(r, dir)
	if !ok {
		return shellops.Followed{Note: cmp.Or(why, dir+" is not a folder of the repository")}
	}
	shown := path.Join(d, unknownPart.ReplaceAllString(path.Base(r.Target), "*"))
	entries, err := fs.ReadDir(f.tree, d)
	if err != nil {
		return shellops.Followed{Note: d + " is not in the checkout"}
	}
	var files []string
	for _, e := range entries {
		if m, _ := path.Match(pattern, e.Name()); m && !e.IsDir() {
			files = append(files, path.Join(d, e.Name()))
		}
	}
	switch {
	case len(files) == 0:
		return shellops.Followed{Note: "no file in the checkout matches " + shown}
	case len(files) > maxPatternFiles:
		return shellops.Followed{Note: strconv.Itoa(len(files)) + " files match " + shown + ", more than pat2app reads"}
	}
	out := shellops.Followed{Handled: true}
	for _, p := range files {
		sub := *r
		// Named from the workspace, so that the script keeps the run's
		// working directory.
		sub.Target = "{GITHUB_WORKSPACE}/" + path.Join(r.Base.RepoRoot, p)
		res := f.runFile(&sub)
		if !res.Handled {
			// One file that is not read leaves the run unresolved.
			return shellops.Followed{Note: p + " (matching " + shown + "): " + res.Note}
		}
		out.Uses = append(out.Uses, res.Uses...)
		out.Pending = append(out.Pending, res.Pending...)
		out.EnvWrites = append(out.EnvWrites, res.EnvWrites...)
		out.Stored = append(out.Stored, res.Stored...)
		if out.TreeWorkflows == "" {
			out.TreeWorkflows = res.TreeWorkflows
		}
	}
	return out
}
