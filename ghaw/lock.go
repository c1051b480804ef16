// Package ghaw reads what GitHub Agentic Workflows (gh-aw, github/gh-aw)
// compiles into a lock file. gh-aw turns .github/workflows/NAME.md (YAML
// frontmatter and a prompt) into NAME.lock.yml, a workflow whose steps run
// gh-aw's own JavaScript and shell runtime: a setup action copies it into
// a folder of the runner (by default ${RUNNER_TEMP}/gh-aw/actions) and
// actions/github-script steps load it with require, run steps with bash
// or node. None of that runtime is in the repository; this package says
// which file a step runs, and reads the configuration the compiler wrote
// beside it: the safe outputs a handler step applies, the MCP servers the
// gateway starts, the variables the agent's sandbox hides, and the .md
// frontmatter the lock file is compiled from.
//
// The facts about what each runtime script and safe output does live in
// knowledge/data (ghaw-*.tsv); this package only reads files.
package ghaw

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strings"
)

// Lock is what a lock file's header says about it.
type Lock struct {
	// Version is the gh-aw compiler version that wrote it ("v0.81.6"),
	// empty when the header does not say.
	Version string
	// Engine is the coding agent the workflow runs ("copilot", "claude",
	// "codex"), from the metadata header; empty when not said.
	Engine string
	// Secrets are the secrets the manifest header lists.
	Secrets []string
	// Actions are the actions the manifest header pins.
	Actions []PinnedAction
	// Line is the line of the header that says gh-aw generated the file.
	Line int
	// Header is that line's text, without the comment mark.
	Header string
}

// PinnedAction is one action of the manifest header.
type PinnedAction struct {
	Repo    string `json:"repo"`
	SHA     string `json:"sha"`
	Version string `json:"version"`
}

// maxHeader is how far into a file the header is looked for.
const maxHeader = 64 << 10

// metadata and manifest are the JSON headers gh-aw writes on the first
// lines of a lock file ("# gh-aw-metadata: {...}").
type metadata struct {
	CompilerVersion string `json:"compiler_version"`
	AgentID         string `json:"agent_id"`
}

type manifest struct {
	Secrets []string       `json:"secrets"`
	Actions []PinnedAction `json:"actions"`
}

// generatedRE is the sentence of the header that names gh-aw as the
// generator, with its version when it gives one.
var generatedRE = regexp.MustCompile(`(?i)\bgenerated\s+by\s+gh-aw\b(?:\s*\((v?[0-9][^)\s]*)\))?`)

// ParseLock reads the header of a workflow file (its leading comment
// lines) and reports whether gh-aw compiled it: a gh-aw-metadata or
// gh-aw-manifest header, or a comment saying gh-aw generated it. A
// .lock.yml name alone is not enough: other tools use it too.
func ParseLock(data []byte) (*Lock, bool) {
	if len(data) > maxHeader {
		data = data[:maxHeader]
	}
	l := &Lock{}
	found := false
	n := -1
	for raw := range bytes.Lines(data) {
		n++
		line := strings.TrimSpace(string(raw))
		if line == "" {
			continue
		}
		text, ok := strings.CutPrefix(line, "#")
		if !ok {
			break // the header ends at the first line that is not a comment
		}
		text = strings.TrimSpace(text)
		switch {
		case strings.HasPrefix(text, "gh-aw-metadata:"):
			var m metadata
			if json.Unmarshal([]byte(strings.TrimSpace(strings.TrimPrefix(text, "gh-aw-metadata:"))), &m) == nil {
				l.Version = cleanVersion(l.Version, m.CompilerVersion)
				l.Engine = cleanWord(m.AgentID)
			}
			found = true
		case strings.HasPrefix(text, "gh-aw-manifest:"):
			var m manifest
			if json.Unmarshal([]byte(strings.TrimSpace(strings.TrimPrefix(text, "gh-aw-manifest:"))), &m) == nil {
				for _, s := range m.Secrets {
					if s = cleanWord(s); s != "" {
						l.Secrets = append(l.Secrets, s)
					}
				}
				for _, a := range m.Actions {
					a.Repo, a.SHA, a.Version = cleanWord(a.Repo), cleanWord(a.SHA), cleanWord(a.Version)
					if a.Repo != "" {
						l.Actions = append(l.Actions, a)
					}
				}
			}
			found = true
		default:
			if !hasGHAW(text) {
				// Most header comments (licences, notes) do not name
				// gh-aw: the pattern cannot match them.
				continue
			}
			if m := generatedRE.FindStringSubmatch(text); m != nil {
				if l.Line == 0 {
					l.Line, l.Header = n+1, text
				}
				l.Version = cleanVersion(l.Version, m[1])
				found = true
			}
		}
	}
	if !found {
		return nil, false
	}
	if l.Line == 0 {
		l.Line, l.Header = 1, "gh-aw-metadata"
	}
	return l, true
}

// cleanVersion keeps the first version that looks like one.
func cleanVersion(have, v string) string {
	if have != "" {
		return have
	}
	v = cleanWord(v)
	if v == "" || !strings.ContainsAny(v, "0123456789") {
		return ""
	}
	if !strings.HasPrefix(v, "v") {
		v = "v" + v
	}
	return v
}

// cleanWord keeps a header value only when it is one short word of the
// characters names and versions use: the header is repository text.
func cleanWord(s string) string {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 200 {
		return ""
	}
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
		case strings.ContainsRune("-_./@+", r):
		default:
			return ""
		}
	}
	return s
}

// SourcePath is the .md a lock file is compiled from: NAME.md beside
// NAME.lock.yml. ok is false for a name that is not a lock file's.
func SourcePath(lockPath string) (string, bool) {
	base, ok := strings.CutSuffix(lockPath, ".lock.yml")
	if !ok {
		base, ok = strings.CutSuffix(lockPath, ".lock.yaml")
	}
	if !ok || base == "" || strings.HasSuffix(base, "/") {
		return "", false
	}
	return base + ".md", true
}

// CompileAdvice is what to do instead of editing a lock file: change the
// .md it is compiled from and compile it again.
func CompileAdvice(lockPath string) string {
	if md, ok := SourcePath(lockPath); ok {
		return "change " + md + " (the gh-aw source this file is compiled from) and run `gh aw compile`"
	}
	return "change the gh-aw .md source and run `gh aw compile`"
}

// hasGHAW reports whether s holds "gh-aw" in any letter case, as
// generatedRE needs.
func hasGHAW(s string) bool {
	for i := 0; i+len("gh-aw") <= len(s); i++ {
		if s[i]|0x20 == 'g' && strings.EqualFold(s[i:i+len("gh-aw")], "gh-aw") {
			return true
		}
	}
	return false
}
