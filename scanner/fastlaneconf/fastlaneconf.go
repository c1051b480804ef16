// Package fastlaneconf reads what pat2app needs of a repository's fastlane
// configuration: where a Matchfile sends credentials from the environment
// (match's git storage, a GitHub repository) and whether match runs
// read-only on CI. It reads Ruby at the level of lines and literals, which
// is how these files are written; anything else it does not claim.
package fastlaneconf

import (
	"regexp"
	"strings"
)

// Matchfile is what a Matchfile says of match's git storage.
type Matchfile struct {
	// Repo is the GitHub repository (owner/name) its git_url names over
	// https; "" when it names none, names one over ssh, or builds the
	// address at run time beyond the credentials in it.
	Repo string
	// RepoLine is git_url's line.
	RepoLine int
	// Creds are the environment variables (by name) the file puts in
	// match's git access, each with its line: in git_url's user part, or
	// in git_basic_authorization or git_bearer_authorization.
	Creds map[string]int
	// ReadOnly is set by readonly(true): match fetches the certificates
	// and pushes nothing. Writable is set by readonly(false).
	ReadOnly, Writable bool
}

// envInString matches an interpolated read of a variable by a literal
// name: #{ENV['X']}, #{ENV["X"]}, #{ENV.fetch('X')} (with a default, too).
var envInString = regexp.MustCompile(`#\{\s*ENV(?:\[\s*['"]([A-Za-z_][A-Za-z0-9_]*)['"]\s*\]|\.fetch\(\s*['"]([A-Za-z_][A-Za-z0-9_]*)['"][^)}]*\))\s*\}`)

// envRead matches any read of a variable by a literal name.
var envRead = regexp.MustCompile(`ENV(?:\[\s*['"]([A-Za-z_][A-Za-z0-9_]*)['"]\s*\]|\.fetch\(\s*['"]([A-Za-z_][A-Za-z0-9_]*)['"])`)

// call matches a Matchfile setting: its name and the rest of the line.
var call = regexp.MustCompile(`^\s*([a-z_]+)\b\s*(.*)$`)

// githubHTTPS matches an https address of a repository on github.com,
// with anything before the @ (credentials, placeholders).
var githubHTTPS = regexp.MustCompile(`^https://(?:([^@/\s]*)@)?github\.com/([A-Za-z0-9_.-]+)/([A-Za-z0-9_.-]+?)(?:\.git)?/?$`)

// ParseMatchfile reads a Matchfile's git_url, git authorization and
// readonly settings, one per line as fastlane init writes them.
func ParseMatchfile(data []byte) Matchfile {
	m := Matchfile{Creds: map[string]int{}}
	for i, line := range strings.Split(string(data), "\n") {
		n := i + 1
		if strings.HasPrefix(strings.TrimSpace(line), "#") {
			continue
		}
		c := call.FindStringSubmatch(line)
		if c == nil {
			continue
		}
		switch c[1] {
		case "git_url":
			lit, ok := firstString(c[2])
			if !ok {
				continue
			}
			m.RepoLine = n
			names := map[string]bool{}
			plain := envInString.ReplaceAllStringFunc(lit, func(s string) string {
				g := envInString.FindStringSubmatch(s)
				names[g[1]+g[2]] = true
				return "ENVVALUE"
			})
			u := githubHTTPS.FindStringSubmatch(plain)
			if u == nil || strings.Contains(u[2]+u[3], "ENVVALUE") || strings.Contains(plain, "#{") {
				continue
			}
			m.Repo = u[2] + "/" + u[3]
			for name := range names {
				if strings.Contains(u[1], "ENVVALUE") {
					m.Creds[name] = n
				}
			}
		case "git_basic_authorization", "git_bearer_authorization":
			for _, g := range envRead.FindAllStringSubmatch(c[2], -1) {
				m.Creds[g[1]+g[2]] = n
			}
		case "readonly":
			switch strings.Trim(strings.TrimSpace(c[2]), "() ") {
			case "true":
				m.ReadOnly = true
			case "false":
				m.Writable = true
			}
		}
	}
	return m
}

// firstString is the first string literal of a call's arguments
// ("(...)" or " ..."): its text, with #{...} interpolations kept in a
// double-quoted one; ok is false when the arguments do not start with one.
func firstString(args string) (string, bool) {
	args = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(args), "("))
	if args == "" || (args[0] != '"' && args[0] != '\'') {
		return "", false
	}
	q := args[0]
	depth := 0
	for i := 1; i < len(args); i++ {
		switch {
		case args[i] == '\\':
			i++
		case q == '"' && args[i] == '#' && i+1 < len(args) && args[i+1] == '{':
			depth++
			i++
		case depth > 0 && args[i] == '}':
			depth--
		case depth == 0 && args[i] == q:
			return args[1:i], true
		}
	}
	return "", false
}

// ReadOnlyOnCI reports whether a Fastfile makes match read-only on CI for
// every lane: a before_all block (of the whole file, or of its one
// platform) runs setup_ci among its first statements, which sets
// MATCH_READONLY on CI, and nothing in the file sets match writable again
// (readonly: false, or MATCH_READONLY assigned). Blocks are read by their
// indentation, as fastlane init and every formatter write them.
func ReadOnlyOnCI(fastfile []byte) bool {
	lines := strings.Split(string(fastfile), "\n")
	platforms := 0
	for _, l := range lines {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "#") {
			continue
		}
		if strings.HasPrefix(t, "platform ") || strings.HasPrefix(t, "platform(") {
			platforms++
		}
		if strings.Contains(t, "readonly: false") || strings.Contains(t, "readonly => false") || strings.Contains(t, ":readonly=>false") ||
			strings.Contains(t, "MATCH_READONLY") {
			return false
		}
	}
	for i, l := range lines {
		t := strings.TrimSpace(l)
		if t != "before_all do" && !strings.HasPrefix(t, "before_all do |") {
			continue
		}
		indent := indentOf(l)
		if indent > 0 && platforms > 1 {
			continue // a platform's: lanes of another may run match
		}
		body := -1
		for _, b := range lines[i+1:] {
			bt := strings.TrimSpace(b)
			if bt == "" || strings.HasPrefix(bt, "#") {
				continue
			}
			bi := indentOf(b)
			if bi <= indent {
				break // the block's end
			}
			if body < 0 {
				body = bi
			}
			if bi < body {
				break // misread indentation: claim nothing
			}
			if bi == body && (bt == "setup_ci" || strings.HasPrefix(bt, "setup_ci(") || strings.HasPrefix(bt, "setup_ci ")) && !strings.Contains(bt, "if ") && !strings.Contains(bt, "unless ") {
				return true
			}
		}
	}
	return false
}

// indentOf is the width of a line's leading blanks, a tab counting two.
func indentOf(l string) int {
	n := 0
	for _, r := range l {
		switch r {
		case ' ':
			n++
		case '\t':
			n += 2
		default:
			return n
		}
	}
	return n
}
