package ghaw

import (
	"bytes"
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"
)

// Frontmatter is what a gh-aw .md says about the tokens its lock file
// uses, with the line of each setting (lines of the .md file).
type Frontmatter struct {
	// SafeOutputs are the safe outputs declared under safe-outputs:, by
	// their compiled name (add_comment for add-comment), with the line of
	// each key; SafeOutputsLine is the line of safe-outputs: itself.
	SafeOutputs     map[string]int
	SafeOutputsLine int
	// GitHubTools is tools.github: its line (0 when absent), toolsets,
	// read-only and github-token settings.
	GitHubTools GitHubTools
	// Engine is the engine's id (engine: copilot, or engine.id) and
	// EngineLine its line.
	Engine     string
	EngineLine int
	// Imports are the files imports: names; what they declare is merged
	// into the lock file by the compiler.
	Imports []string
}

// GitHubTools is the tools.github setting of a .md.
type GitHubTools struct {
	Line         int
	Toolsets     []string
	ToolsetsLine int
	// ReadOnly is the read-only setting when given (nil when not).
	ReadOnly *bool
	// Token is github-token when given.
	Token string
}

// maxFrontmatter bounds the frontmatter read.
const maxFrontmatter = 256 << 10

// ParseFrontmatter reads the YAML frontmatter of a gh-aw .md: the lines
// between the first line `---` and the next. A file without one has an
// empty Frontmatter.
func ParseFrontmatter(md []byte) (*Frontmatter, error) {
	fm := &Frontmatter{SafeOutputs: map[string]int{}}
	body, ok := frontmatterText(md)
	if !ok {
		return fm, nil
	}
	if len(body) > maxFrontmatter {
		return nil, fmt.Errorf("frontmatter is %d bytes, over the %d-byte limit", len(body), maxFrontmatter)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(body, &doc); err != nil {
		return nil, fmt.Errorf("frontmatter: %w", err)
	}
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return fm, nil
	}
	root := doc.Content[0]
	// The frontmatter starts on the .md's second line.
	const offset = 1
	if k, v := mapGet(root, "safe-outputs"); k != nil {
		fm.SafeOutputsLine = k.Line + offset
		if v.Kind == yaml.MappingNode {
			for i := 0; i+1 < len(v.Content); i += 2 {
				key := v.Content[i].Value
				if safeOutputSettings[key] {
					continue
				}
				fm.SafeOutputs[strings.ReplaceAll(key, "-", "_")] = v.Content[i].Line + offset
			}
		}
	}
	if _, tools := mapGet(root, "tools"); tools != nil && tools.Kind == yaml.MappingNode {
		if k, gh := mapGet(tools, "github"); k != nil {
			fm.GitHubTools.Line = k.Line + offset
			if gh.Kind == yaml.MappingNode {
				if tk, ts := mapGet(gh, "toolsets"); tk != nil {
					fm.GitHubTools.ToolsetsLine = tk.Line + offset
					fm.GitHubTools.Toolsets = scalars(ts)
				}
				if _, ro := mapGet(gh, "read-only"); ro != nil && ro.Kind == yaml.ScalarNode {
					b := ro.Value == "true"
					fm.GitHubTools.ReadOnly = &b
				}
				if _, t := mapGet(gh, "github-token"); t != nil && t.Kind == yaml.ScalarNode {
					fm.GitHubTools.Token = t.Value
				}
			}
		}
	}
	if k, e := mapGet(root, "engine"); k != nil {
		fm.EngineLine = k.Line + offset
		switch e.Kind {
		case yaml.ScalarNode:
			fm.Engine = e.Value
		case yaml.MappingNode:
			if _, id := mapGet(e, "id"); id != nil && id.Kind == yaml.ScalarNode {
				fm.Engine = id.Value
			}
		}
	}
	if _, im := mapGet(root, "imports"); im != nil {
		fm.Imports = scalars(im)
	}
	return fm, nil
}

// safeOutputSettings are keys under safe-outputs: that configure all the
// outputs rather than declare one.
var safeOutputSettings = map[string]bool{
	"github-token": true, "github-app": true, "staged": true, "env": true, "allowed-domains": true,
	"allowed-github-references": true, "max-patch-size": true, "threat-detection": true, "runs-on": true,
	"messages": true, "jobs": true, "steps": true, "footer": true, "id-token": true, "mentions": true,
	"concurrency-group": true, "group-reports": true, "report-failure-as-issue": true, "max-bot-mentions": true,
	"scripts": true, "actions": true, "needs": true, "environment": true, "activation-comments": true,
}

// frontmatterText is the text between a first line `---` and the next
// such line.
func frontmatterText(md []byte) ([]byte, bool) {
	md = bytes.TrimPrefix(md, []byte("\xef\xbb\xbf"))
	first, rest, ok := bytes.Cut(md, []byte("\n"))
	if !ok || strings.TrimSpace(string(first)) != "---" {
		return nil, false
	}
	var body []byte
	for len(rest) > 0 {
		var line []byte
		line, rest, _ = bytes.Cut(rest, []byte("\n"))
		if strings.TrimSpace(string(line)) == "---" {
			return body, true
		}
		body = append(append(body, line...), '\n')
	}
	return nil, false
}

// mapGet finds key in a mapping node: its key and value nodes.
func mapGet(m *yaml.Node, key string) (*yaml.Node, *yaml.Node) {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil, nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i], m.Content[i+1]
		}
	}
	return nil, nil
}

// scalars is a sequence's scalar values, or a scalar's comma-separated
// words.
func scalars(n *yaml.Node) []string {
	var out []string
	switch n.Kind {
	case yaml.SequenceNode:
		for _, c := range n.Content {
			if c.Kind == yaml.ScalarNode && c.Value != "" {
				out = append(out, c.Value)
			}
		}
	case yaml.ScalarNode:
		for _, s := range strings.Split(n.Value, ",") {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
	}
	return out
}
