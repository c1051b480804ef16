// Package goreleaserconf reads a GoReleaser configuration for what it
// writes to GitHub and with which token: the release (in the repository
// itself or the one release.github names), the milestones it closes, and
// the publishers that commit to other repositories (Homebrew taps and
// casks, Scoop buckets, Krew indexes, Nix and Winget repositories), each
// with the environment variables its token template reads. Templates
// are read with text/template's parser; a value that is a template other
// than a plain {{ .Env.NAME }} is kept as written for the caller to
// report.
package goreleaserconf

import (
	"cmp"
	"slices"
	"strings"
	"text/template/parse"

	"gopkg.in/yaml.v3"
)

// DefaultName is the usual name of a GoReleaser configuration.
const DefaultName = ".goreleaser.yml"

// Names are the file names GoReleaser looks for, in its order, in the
// folder it runs in.
var Names = []string{".config/goreleaser.yml", ".config/goreleaser.yaml", DefaultName, ".goreleaser.yaml", "goreleaser.yml", "goreleaser.yaml"}

// Section names what a Write comes from.
const (
	SectionRelease    = "release"
	SectionMilestones = "milestones"
)

// publisherSections are the sections whose entries commit files to a
// repository, with the older name of their repository key.
var publisherSections = []struct{ section, legacy string }{
	{"brews", "tap"},
	{"homebrew_casks", ""},
	{"scoops", "bucket"},
	{"krews", "index"},
	{"nix", ""},
	{"winget", ""},
}

// Write is one thing the configuration has GoReleaser write to GitHub.
type Write struct {
	// Section is the configuration's key: release, milestones, brews,
	// homebrew_casks, scoops, krews, nix or winget.
	Section string
	// Owner and Name are the repository as written; either may be a
	// template, and both are "" for the release and milestones in the
	// repository GoReleaser runs in.
	Owner, Name string
	// Token is the token template as written, "" when the entry sets
	// none (GoReleaser's own token, GITHUB_TOKEN, is used). TokenEnv
	// are the variables it reads ({{ .Env.NAME }}).
	Token    string
	TokenEnv []string
	// PullRequest is true when the publisher opens a pull request rather
	// than committing to the branch; BaseOwner and BaseName are the
	// repository it opens it in when not the one it pushes to.
	PullRequest         bool
	BaseOwner, BaseName string
	// Line is the line of the entry's repository (or of the entry).
	Line int
	// DiscussionLine, for the release, is the line of
	// discussion_category_name: GoReleaser then opens a discussion
	// linked to the release; 0 when it does not.
	DiscussionLine int
}

// Templated reports whether the repository is chosen at run time.
func (w Write) Templated() bool {
	return strings.Contains(w.Owner, "{{") || strings.Contains(w.Name, "{{") ||
		strings.Contains(w.BaseOwner, "{{") || strings.Contains(w.BaseName, "{{")
}

// Config is what a GoReleaser configuration says about GitHub.
type Config struct {
	// Writes are the release, milestones and publishers, in file order
	// of their sections.
	Writes []Write
	// Env maps each variable a template reads ({{ .Env.NAME }}) to the
	// first line that reads it.
	Env map[string]int
	// EnvSections maps each variable a template reads to the top-level
	// sections that read it.
	EnvSections map[string][]string
	// Hooks is the line of the first part that runs commands with
	// GoReleaser's environment (before.hooks, builds[].hooks, signs[].cmd);
	// 0 when there is none.
	Hooks int
	// HookCommands are the commands of those parts, when every one of
	// them is a hook written as a command line (before.hooks and
	// after.hooks entries, builds[].hooks pre and post); nil when there
	// are none or when some part runs commands it does not give as text
	// (signs[].cmd with its args, a hook with its own env or dir).
	HookCommands []Command
}

// Command is a command line the configuration runs, at its line.
type Command struct {
	Line int
	Text string
}

// SyntaxError is a configuration that is not valid YAML.
type SyntaxError struct {
	Err error
}

func (e *SyntaxError) Error() string { return "not valid YAML: " + e.Err.Error() }
func (e *SyntaxError) Unwrap() error { return e.Err }

// Parse reads a GoReleaser configuration. A file that is not a mapping
// has nothing to say and gives an empty Config.
func Parse(data []byte) (*Config, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, &SyntaxError{Err: err}
	}
	c := &Config{Env: map[string]int{}, EnvSections: map[string][]string{}}
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return c, nil
	}
	root := doc.Content[0]
	c.collect(root, "", 0)
	c.Hooks = commandsLine(root)
	if c.Hooks > 0 {
		c.HookCommands = hookCommands(root)
	}
	if rel, line := mapEntry(root, "release"); rel != nil {
		w := Write{Section: SectionRelease, Line: line}
		if gh, line := mapEntry(rel, "github"); gh != nil {
			w.Owner, w.Name, w.Line = scalar(mapValue(gh, "owner")), scalar(mapValue(gh, "name")), line
		}
		if d, line := mapEntry(rel, "discussion_category_name"); d != nil && scalar(d) != "" {
			w.DiscussionLine = line
		}
		if scalar(mapValue(rel, "disable")) != "true" {
			c.Writes = append(c.Writes, w)
		}
	} else {
		c.Writes = append(c.Writes, Write{Section: SectionRelease, Line: 0})
	}
	if ms := mapValue(root, "milestones"); ms != nil && ms.Kind == yaml.SequenceNode {
		for _, m := range ms.Content {
			m = deref(m)
			if m.Kind != yaml.MappingNode || scalar(mapValue(m, "close")) != "true" {
				continue
			}
			w := Write{Section: SectionMilestones, Line: m.Line}
			if r, line := mapEntry(m, "repo"); r != nil {
				w.Owner, w.Name, w.Line = scalar(mapValue(r, "owner")), scalar(mapValue(r, "name")), line
			}
			c.Writes = append(c.Writes, w)
		}
	}
	for _, ps := range publisherSections {
		seq := mapValue(root, ps.section)
		if seq == nil {
			continue
		}
		if seq.Kind == yaml.MappingNode {
			// nix and winget were once single entries.
			seq = &yaml.Node{Kind: yaml.SequenceNode, Content: []*yaml.Node{seq}}
		}
		if seq.Kind != yaml.SequenceNode {
			continue
		}
		for _, entry := range seq.Content {
			entry = deref(entry)
			if entry.Kind != yaml.MappingNode {
				continue
			}
			if scalar(mapValue(entry, "skip_upload")) == "true" {
				continue
			}
			repo, line := mapEntry(entry, "repository")
			if repo == nil && ps.legacy != "" {
				repo, line = mapEntry(entry, ps.legacy)
			}
			if repo == nil || repo.Kind != yaml.MappingNode {
				continue
			}
			if git := mapValue(repo, "git"); git != nil && scalar(mapValue(git, "url")) != "" {
				continue // pushed over SSH with its own key, not with a token
			}
			w := Write{Section: ps.section, Owner: scalar(mapValue(repo, "owner")), Name: scalar(mapValue(repo, "name")),
				Token: scalar(mapValue(repo, "token")), Line: line}
			w.TokenEnv = envReads(w.Token)
			if pr := mapValue(repo, "pull_request"); pr != nil && scalar(mapValue(pr, "enabled")) == "true" {
				w.PullRequest = true
				if base := mapValue(pr, "base"); base != nil {
					w.BaseOwner, w.BaseName = scalar(mapValue(base, "owner")), scalar(mapValue(base, "name"))
				}
			}
			c.Writes = append(c.Writes, w)
		}
	}
	return c, nil
}

// collect records the variables every template of the tree under n
// reads, and the top-level sections they are read in. depth bounds the
// walk.
func (c *Config) collect(n *yaml.Node, section string, depth int) {
	if n == nil || depth > 64 {
		return
	}
	switch n.Kind {
	case yaml.ScalarNode:
		for _, v := range envReads(n.Value) {
			if _, ok := c.Env[v]; !ok {
				c.Env[v] = n.Line
			}
			if !slices.Contains(c.EnvSections[v], section) {
				c.EnvSections[v] = append(c.EnvSections[v], section)
			}
		}
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			sec := section
			if depth == 0 {
				sec = n.Content[i].Value
			}
			c.collect(n.Content[i+1], sec, depth+1)
		}
	case yaml.SequenceNode:
		for _, x := range n.Content {
			c.collect(x, section, depth+1)
		}
	}
	// Aliases are not followed: what they name is read where it is
	// written.
}

// OtherServices are the top-level sections whose templates hand values to
// other services than GitHub: signing and notarization, container and
// package registries, uploads and announcements.
var OtherServices = map[string]bool{
	"signs": true, "binary_signs": true, "docker_signs": true, "notarize": true,
	"dockers": true, "docker_manifests": true, "kos": true, "nfpms": true, "snapcrafts": true,
	"aurs": true, "aur_sources": true, "chocolateys": true, "npms": true, "furies": true,
	"uploads": true, "artifactories": true, "blobs": true, "announce": true, "publishers": true,
	"msi": true, "dmg": true, "app_bundles": true, "pkgs": true, "sboms": true,
}

// OnlyOtherServices reports whether every read of the variable v is in a
// section of OtherServices.
func (c *Config) OnlyOtherServices(v string) bool {
	secs := c.EnvSections[v]
	if len(secs) == 0 {
		return false
	}
	for _, s := range secs {
		if !OtherServices[s] {
			return false
		}
	}
	return true
}

// commandSections are the parts of a configuration that run commands of
// the user's with GoReleaser's environment: hooks around the run and the
// builds, and signing commands.
var commandSections = []struct{ section, key string }{
	{"before", "hooks"}, {"after", "hooks"},
	{"builds", "hooks"}, {"universal_binaries", "hooks"},
	{"signs", "cmd"}, {"binary_signs", "cmd"}, {"docker_signs", "cmd"},
}

// hookCommands lists the command lines of the parts commandSections
// names, nil when one of them is not a hook given as text: a signing
// command (its args are separate), a hook with dir, env or output, or a
// value of another shape.
func hookCommands(root *yaml.Node) []Command {
	var out []Command
	// add reads a hook value: a command line, a list of them, or an
	// entry {cmd: ...} with nothing else.
	var add func(n *yaml.Node) bool
	add = func(n *yaml.Node) bool {
		n = deref(n)
		switch {
		case n == nil:
			return true
		case n.Kind == yaml.ScalarNode:
			out = append(out, Command{Line: n.Line, Text: n.Value})
			return true
		case n.Kind == yaml.SequenceNode:
			for _, e := range n.Content {
				if !add(e) {
					return false
				}
			}
			return true
		case n.Kind == yaml.MappingNode && len(n.Content) == 2 && n.Content[0].Value == "cmd":
			return add(n.Content[1])
		}
		return false
	}
	for _, cs := range commandSections {
		for _, e := range sectionEntries(root, cs.section) {
			v, line := mapEntry(e, cs.key)
			if line == 0 {
				continue
			}
			switch {
			case cs.key != "hooks":
				return nil
			case cs.section == "builds" || cs.section == "universal_binaries":
				// hooks: {pre: ..., post: ...}
				if v == nil || v.Kind != yaml.MappingNode {
					return nil
				}
				for i := 0; i+1 < len(v.Content); i += 2 {
					if k := v.Content[i].Value; k != "pre" && k != "post" || !add(v.Content[i+1]) {
						return nil
					}
				}
			default:
				if !add(v) {
					return nil
				}
			}
		}
	}
	return out
}

// sectionEntries are the entries of a top-level section: its list's
// items, or the section itself (before: is one mapping, builds: a list).
func sectionEntries(root *yaml.Node, section string) []*yaml.Node {
	sec := mapValue(root, section)
	if sec != nil && sec.Kind == yaml.SequenceNode {
		return sec.Content
	}
	return []*yaml.Node{sec}
}

// commandsLine is the first line of a part of the configuration that runs
// commands with GoReleaser's environment; 0 when there is none. Homebrew
// casks' hooks run on users' machines, not here.
func commandsLine(root *yaml.Node) int {
	first := 0
	note := func(line int) {
		if line > 0 && (first == 0 || line < first) {
			first = line
		}
	}
	for _, cs := range commandSections {
		for _, e := range sectionEntries(root, cs.section) {
			if _, line := mapEntry(e, cs.key); line > 0 {
				note(line)
			}
		}
	}
	return first
}

// envReads returns the variables a template reads as {{ .Env.NAME }} (or
// index .Env "NAME"), in order; nil for a value with no template or one
// that does not parse.
func envReads(text string) []string {
	if !strings.Contains(text, "{{") {
		return nil
	}
	t := parse.New("value")
	t.Mode = parse.SkipFuncCheck
	trees := map[string]*parse.Tree{}
	if _, err := t.Parse(text, "{{", "}}", trees); err != nil {
		return nil
	}
	var out []string
	add := func(v string) {
		if v != "" && !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	for _, tr := range trees {
		walk(tr.Root, 0, func(n parse.Node) {
			switch x := n.(type) {
			case *parse.FieldNode:
				if len(x.Ident) >= 2 && x.Ident[0] == "Env" {
					add(x.Ident[1])
				}
			case *parse.CommandNode:
				// index .Env "NAME"
				if len(x.Args) == 3 {
					if id, ok := x.Args[0].(*parse.IdentifierNode); ok && id.Ident == "index" {
						if f, ok := x.Args[1].(*parse.FieldNode); ok && len(f.Ident) == 1 && f.Ident[0] == "Env" {
							if s, ok := x.Args[2].(*parse.StringNode); ok {
								add(s.Text)
							}
						}
					}
				}
			}
		})
	}
	return out
}

// walk visits every node of a template tree.
func walk(n parse.Node, depth int, visit func(parse.Node)) {
	if n == nil || depth > 64 {
		return
	}
	visit(n)
	switch x := n.(type) {
	case *parse.ListNode:
		if x == nil {
			return
		}
		for _, c := range x.Nodes {
			walk(c, depth+1, visit)
		}
	case *parse.ActionNode:
		walk(x.Pipe, depth+1, visit)
	case *parse.PipeNode:
		if x == nil {
			return
		}
		for _, c := range x.Cmds {
			walk(c, depth+1, visit)
		}
	case *parse.CommandNode:
		for _, a := range x.Args {
			walk(a, depth+1, visit)
		}
	case *parse.IfNode:
		walkBranch(&x.BranchNode, depth, visit)
	case *parse.RangeNode:
		walkBranch(&x.BranchNode, depth, visit)
	case *parse.WithNode:
		walkBranch(&x.BranchNode, depth, visit)
	case *parse.TemplateNode:
		walk(x.Pipe, depth+1, visit)
	}
}

// walkBranch visits the parts of an if, range or with.
func walkBranch(b *parse.BranchNode, depth int, visit func(parse.Node)) {
	walk(b.Pipe, depth+1, visit)
	walk(b.List, depth+1, visit)
	walk(b.ElseList, depth+1, visit)
}

// mapValue is the value of key in a mapping (following one alias), nil
// when absent.
func mapValue(m *yaml.Node, key string) *yaml.Node {
	v, _ := mapEntry(m, key)
	return v
}

// mapEntry is the value of key in a mapping (following one alias) and the
// line the key is written on; nil and 0 when absent.
func mapEntry(m *yaml.Node, key string) (*yaml.Node, int) {
	m = deref(m)
	if m == nil || m.Kind != yaml.MappingNode {
		return nil, 0
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return deref(m.Content[i+1]), m.Content[i].Line
		}
	}
	return nil, 0
}

// deref follows one alias.
func deref(n *yaml.Node) *yaml.Node {
	if n != nil && n.Kind == yaml.AliasNode {
		return n.Alias
	}
	return n
}

// scalar is a scalar node's value, trimmed; "" for anything else.
func scalar(n *yaml.Node) string {
	if n == nil || n.Kind != yaml.ScalarNode {
		return ""
	}
	return strings.TrimSpace(n.Value)
}

// Repo renders a write's repository as owner/name; "" for the repository
// GoReleaser runs in, and ok false when only one of the two is given
// (GoReleaser takes the other from the git remote).
func (w Write) Repo() (repo string, ok bool) {
	switch {
	case w.Owner == "" && w.Name == "":
		return "", true
	case w.Owner == "" || w.Name == "":
		return "", false
	}
	return w.Owner + "/" + w.Name, true
}

// Base renders the repository a publisher's pull request is opened in,
// owner/name; "" when it is the one it pushes to.
func (w Write) Base() string {
	if !w.PullRequest || w.BaseOwner == "" && w.BaseName == "" {
		return ""
	}
	return cmp.Or(w.BaseOwner, w.Owner) + "/" + cmp.Or(w.BaseName, w.Name)
}
