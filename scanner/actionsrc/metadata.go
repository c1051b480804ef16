// Package actionsrc reads a third-party action from its own repository at
// the ref a workflow pins: its metadata (action.yml), and for a JavaScript
// action its source, into what the action does with the token each input
// or environment variable gives it. The scanner asks for it when an action
// has no row in the knowledge base.
package actionsrc

import (
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/pat2app/pat2app/expression"
)

// MaxMetadataSize is the largest action.yml read, in bytes.
const MaxMetadataSize = 1 << 20

// Metadata is what an action.yml says.
type Metadata struct {
	Name   string
	Inputs []Input
	Runs   Runs
}

// Input is one input of an action.
type Input struct {
	// Name as written (inputs are compared in lower case).
	Name string
	// Default is the default value as written, "" when none.
	Default  string
	Required bool
	// Line is the line of the input's name in action.yml.
	Line int
}

// NoDefault reports an input declared with no default (or an empty
// one): empty when a step does not give it.
func (in Input) NoDefault() bool {
	return strings.TrimSpace(in.Default) == ""
}

// DefaultsToToken reports whether the input's default is the workflow's
// token (${{ github.token }} or ${{ secrets.GITHUB_TOKEN }}): the action
// uses GITHUB_TOKEN through it even when the workflow gives nothing.
func (in Input) DefaultsToToken() bool {
	return mentionsBuiltinToken(in.Default)
}

// mentionsBuiltinToken reports whether an expression in v names the
// workflow's token.
func mentionsBuiltinToken(v string) bool {
	for _, sp := range expression.Find(v) {
		for _, p := range sp.Parse().Paths() {
			if l := p.Lower(); l == "github.token" || l == "secrets.github_token" {
				return true
			}
		}
	}
	return false
}

// Runs is the runs: block.
type Runs struct {
	// Using is composite, docker, or node12/16/20/24 (lower case).
	Using string
	// Main, Pre and Post are a JavaScript action's entry files.
	Main, Pre, Post string
	// Image is a Docker action's image (Dockerfile or docker://...).
	Image string
	// Args and Env are a Docker action's arguments and environment.
	Args []Value
	Env  []EnvVar
	// Entrypoint, PreEntrypoint and PostEntrypoint override the image's.
	Entrypoint, PreEntrypoint, PostEntrypoint string
	// Steps is the number of a composite action's steps.
	Steps int
	// Line is the line of runs:.
	Line int
}

// Value is a string with its line.
type Value struct {
	Text string
	Line int
}

// EnvVar is one variable of a Docker action's env.
type EnvVar struct {
	Name, Value string
	Line        int
}

// Kinds of action, from runs.using.
const (
	KindComposite  = "composite"
	KindDocker     = "docker"
	KindJavaScript = "javascript"
)

// Kind is composite, docker or javascript ("" when runs.using says none
// of them).
func (m *Metadata) Kind() string {
	u := strings.ToLower(m.Runs.Using)
	switch {
	case u == "composite":
		return KindComposite
	case u == "docker":
		return KindDocker
	case strings.HasPrefix(u, "node"):
		return KindJavaScript
	}
	return ""
}

// Input returns the input called name (compared in lower case).
func (m *Metadata) Input(name string) (Input, bool) {
	for _, in := range m.Inputs {
		if strings.EqualFold(in.Name, name) {
			return in, true
		}
	}
	return Input{}, false
}

// ParseError is action metadata that cannot be read, at a line.
type ParseError struct {
	Line int
	Msg  string
}

func (e *ParseError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("line %d: %s", e.Line, e.Msg)
	}
	return e.Msg
}

// ParseMetadata reads action.yml. Aliases are not followed (a value that
// is an alias reads as empty), so a document cannot expand.
func ParseMetadata(data []byte) (*Metadata, error) {
	if len(data) > MaxMetadataSize {
		return nil, &ParseError{Msg: fmt.Sprintf("action metadata is %d bytes, over the %d-byte limit", len(data), MaxMetadataSize)}
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, yamlError(err)
	}
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, &ParseError{Line: 1, Msg: "action metadata is not a mapping"}
	}
	root := doc.Content[0]
	m := &Metadata{Name: scalar(value(root, "name"))}
	if ins := value(root, "inputs"); ins != nil && ins.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(ins.Content); i += 2 {
			k, v := ins.Content[i], ins.Content[i+1]
			in := Input{Name: k.Value, Line: k.Line}
			if v.Kind == yaml.MappingNode {
				in.Default = scalar(value(v, "default"))
				in.Required = strings.EqualFold(scalar(value(v, "required")), "true")
			}
			if in.Name != "" {
				m.Inputs = append(m.Inputs, in)
			}
		}
	}
	runsKey, runs := keyValue(root, "runs")
	if runs == nil || runs.Kind != yaml.MappingNode {
		return nil, &ParseError{Line: 1, Msg: "action metadata has no runs: mapping"}
	}
	r := &m.Runs
	r.Line = runsKey.Line
	r.Using = strings.ToLower(strings.TrimSpace(scalar(value(runs, "using"))))
	r.Main, r.Pre, r.Post = scalar(value(runs, "main")), scalar(value(runs, "pre")), scalar(value(runs, "post"))
	r.Image = scalar(value(runs, "image"))
	r.Entrypoint = scalar(value(runs, "entrypoint"))
	r.PreEntrypoint = scalar(value(runs, "pre-entrypoint"))
	r.PostEntrypoint = scalar(value(runs, "post-entrypoint"))
	if args := value(runs, "args"); args != nil && args.Kind == yaml.SequenceNode {
		for _, a := range args.Content {
			if a.Kind == yaml.ScalarNode {
				r.Args = append(r.Args, Value{Text: a.Value, Line: a.Line})
			}
		}
	}
	if env := value(runs, "env"); env != nil && env.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(env.Content); i += 2 {
			k, v := env.Content[i], env.Content[i+1]
			if v.Kind == yaml.ScalarNode {
				r.Env = append(r.Env, EnvVar{Name: k.Value, Value: v.Value, Line: v.Line})
			}
		}
	}
	if steps := value(runs, "steps"); steps != nil && steps.Kind == yaml.SequenceNode {
		r.Steps = len(steps.Content)
	}
	if m.Kind() == "" {
		return m, &ParseError{Line: r.Line, Msg: fmt.Sprintf("runs.using %q is not composite, docker or node", r.Using)}
	}
	return m, nil
}

func keyValue(m *yaml.Node, key string) (*yaml.Node, *yaml.Node) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i], m.Content[i+1]
		}
	}
	return nil, nil
}

func value(m *yaml.Node, key string) *yaml.Node {
	_, v := keyValue(m, key)
	return v
}

// scalar is a scalar node's text, "" for anything else.
func scalar(n *yaml.Node) string {
	if n == nil || n.Kind != yaml.ScalarNode {
		return ""
	}
	return n.Value
}

func yamlError(err error) error {
	msg := err.Error()
	var line int
	if _, e := fmt.Sscanf(strings.TrimPrefix(msg, "yaml: "), "line %d:", &line); e == nil {
		return &ParseError{Line: line, Msg: msg}
	}
	return &ParseError{Msg: msg}
}
