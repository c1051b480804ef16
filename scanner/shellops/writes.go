package shellops

import (
	"strings"

	"github.com/pat2app/pat2app/redact"
)

// writeTo records what a statement writes to a file: $GITHUB_ENV and
// $GITHUB_OUTPUT become EnvWrites; files written from credentials are
// remembered (cat file, < file, curl -K file); tool configuration files
// (.npmrc, .git-credentials, .netrc, .yarnrc.yml) store credentials for
// later commands.
func (a *analyzer) writeTo(target, content value, line int, app bool) {
	if name, ok := target.onlyRef(); ok {
		switch name {
		case "GITHUB_ENV":
			a.envWrite(content, line, false)
			return
		case "GITHUB_OUTPUT":
			a.envWrite(content, line, true)
			return
		}
	}
	path := target.String()
	if path == "" || path == "/dev/null" || path == "/dev/stderr" {
		return
	}
	if underWorkflows(path) {
		a.noteTreeWorkflows(line, "writes "+path)
	}
	creds := content.creds()
	if app {
		a.files[path] = union(a.files[path], creds)
	} else {
		a.files[path] = creds
	}
	base := baseName(path)
	npmrc := base == ".npmrc" || strings.HasSuffix(base, ".npmrc")
	if npmrc || base == ".yarnrc.yml" || base == ".yarnrc" {
		// npm and yarn expand ${NAME} in their config files when they run.
		creds = union(creds, a.mentionedEnvCreds(content.String()))
	}
	if len(creds) == 0 {
		return
	}
	switch {
	case sshKeyFile(path):
		// A key for ssh (git over SSH, a deploy key): not a token for
		// the API.
		ev := redact.String(oneLine(restoreExprs(firstLineText(content), a.ph), 120))
		for _, c := range creds {
			a.addUse(Use{Credential: c, Line: a.fileLine(line), Command: "ssh", Via: "config", Host: "ssh", GitHub: -1, Evidence: ev + " > " + path})
		}
	case npmrc:
		for _, ln := range content.lines() {
			s := ln.String()
			cs := union(ln.creds(), a.mentionedEnvCreds(s))
			if len(cs) == 0 || !(strings.Contains(s, "_auth") || strings.Contains(s, "_password")) {
				continue
			}
			host := npmrcHost(s)
			if host == "" {
				host = a.in.NPMRegistry
			}
			if host == "" {
				host = "registry.npmjs.org"
			}
			a.npmAuth = append(a.npmAuth, npmCred{host: host, creds: cs})
			a.configUse(cs, lineOr(ln.firstLine(), line), "npm", "config", host, content)
		}
	case base == ".yarnrc.yml" || base == ".yarnrc":
		host := a.in.NPMRegistry
		for _, ln := range content.lines() {
			s := ln.String()
			if strings.Contains(s, "npmRegistryServer") || strings.Contains(s, "registry") {
				if h := a.parseURL(afterColon(ln)).host; h != "" {
					host = h
				}
			}
		}
		if host == "" {
			host = "registry.yarnpkg.com"
		}
		a.npmAuth = append(a.npmAuth, npmCred{host: host, creds: creds})
		a.configUse(creds, line, "yarn", "config", host, content)
	case base == ".git-credentials":
		for _, ln := range content.lines() {
			cs := ln.creds()
			if len(cs) == 0 {
				continue
			}
			host := a.parseURL(ln).host
			a.gitStore = append(a.gitStore, gitCred{host: host, creds: cs, line: line})
			a.configUse(cs, lineOr(ln.firstLine(), line), "git", "git-config", host, content)
		}
	case base == ".netrc" || base == "_netrc":
		host := ""
		for _, ln := range content.lines() {
			f := strings.Fields(ln.String())
			for i := 0; i+1 < len(f); i++ {
				if f[i] == "machine" {
					host = strings.ToLower(f[i+1])
				}
			}
		}
		a.gitStore = append(a.gitStore, gitCred{host: host, creds: creds, line: line})
		a.netrc = append(a.netrc, gitCred{host: host, creds: creds, line: line})
		a.configUse(creds, line, "git", "git-config", host, content)
	default:
		a.written = append(a.written, fileWrite{path: path, creds: creds, line: line, text: firstLineText(content)})
	}
}

// fileWrite is a file the script wrote credentials to.
type fileWrite struct {
	path  string
	creds []string
	line  int
	text  string
}

// fileCreds are the credentials the script wrote to the file it now reads.
func (a *analyzer) fileCreds(path string) []string {
	if a.read == nil {
		a.read = map[string]bool{}
	}
	a.read[path] = true
	return a.files[path]
}

// unreadWrites reports the files the script wrote credentials to and did
// not read back: a later step or a program may read them, which the
// reading does not see.
func (a *analyzer) unreadWrites() {
	for _, w := range a.written {
		if a.read[w.path] {
			continue
		}
		ev := redact.String(oneLine(restoreExprs(w.text, a.ph), 120)) + " > " + w.path
		for _, c := range w.creds {
			a.addUse(Use{Credential: c, Line: a.fileLine(w.line), Command: "write " + w.path, Via: "file", GitHub: 0,
				Unresolved: "written to " + w.path + ", which a later step or program may read; what reads it is not visible", Evidence: ev})
		}
	}
}

// sshKeyFile reports a file under ~/.ssh (a private key, known_hosts,
// config).
func sshKeyFile(path string) bool {
	for _, home := range []string{"~/.ssh/", "$HOME/.ssh/", "${HOME}/.ssh/", "/home/runner/.ssh/", "/root/.ssh/"} {
		if strings.HasPrefix(path, home) {
			return true
		}
	}
	return strings.HasPrefix(path, ".ssh/") || strings.Contains(path, "/.ssh/")
}

func lineOr(l, def int) int {
	if l > 0 {
		return l
	}
	return def
}

// afterColon returns the part of a "key: value" line after the first colon.
func afterColon(v value) value {
	_, after, ok := v.cut(":")
	if !ok {
		return value{}
	}
	s := strings.Trim(strings.TrimSpace(after.String()), `"'`)
	return litValue(s, 0)
}

// configUse reports credentials written into a tool's configuration.
func (a *analyzer) configUse(creds []string, sline int, cmd, via, host string, content value) {
	gh := a.classifyHost(host)
	ev := redact.String(oneLine(restoreExprs(firstLineText(content), a.ph), 120))
	for _, c := range creds {
		a.addUse(Use{Credential: c, Line: a.fileLine(sline), Command: cmd, Via: via, Host: host, GitHub: gh, Evidence: ev})
	}
}

// firstLineText renders the first line of a value that carries a
// credential, keeping references as {NAME}.
func firstLineText(v value) string {
	for _, ln := range v.lines() {
		if ln.hasCreds() {
			return ln.String()
		}
	}
	return v.String()
}

// envWrite parses what is written to $GITHUB_ENV / $GITHUB_OUTPUT:
// NAME=value lines and NAME<<DELIM multi-line values.
func (a *analyzer) envWrite(content value, line int, output bool) {
	lines := content.lines()
	for i := 0; i < len(lines); i++ {
		ln := lines[i]
		s := ln.String()
		wl := lineOr(ln.firstLine(), line)
		if name, delim, ok := strings.Cut(s, "<<"); ok && validEnvName(strings.TrimSpace(name), output) && !strings.Contains(name, "=") {
			delim = strings.TrimSpace(delim)
			var creds []string
			j := i + 1
			for ; j < len(lines); j++ {
				if strings.TrimSpace(lines[j].String()) == delim {
					break
				}
				creds = append(creds, lines[j].creds()...)
			}
			a.envWrites = append(a.envWrites, EnvWrite{Name: strings.TrimSpace(name), Line: a.fileLine(wl), Credentials: uniq(creds), Output: output})
			i = j
			continue
		}
		nameV, val, ok := ln.cut("=")
		if !ok {
			continue
		}
		name := strings.TrimSpace(nameV.String())
		if !validEnvName(name, output) {
			continue
		}
		a.envWrites = append(a.envWrites, EnvWrite{Name: name, Line: a.fileLine(wl), Credentials: val.creds(), Output: output})
	}
}

func validEnvName(s string, output bool) bool {
	if s == "" {
		return false
	}
	if strings.HasPrefix(s, "{") && strings.HasSuffix(s, "}") {
		return true // dynamic name
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '_' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || output && c == '-' || c == '.' && output {
			continue
		}
		return false
	}
	return true
}
