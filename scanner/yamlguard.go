package scanner

import (
	"bytes"
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"
)

// maxAliasExpansion bounds how many nodes a document may expand to through
// aliases; a "billion laughs" document is refused before actionlint walks it.
const maxAliasExpansion = 200_000

// aliasBomb reports whether the YAML's aliases expand past the bound, with
// the line of the offending alias.
func aliasBomb(data []byte) (int, bool) {
	if !hasAnchorAndAlias(data) {
		return 0, false
	}
	var n yaml.Node
	if err := yaml.Unmarshal(data, &n); err != nil {
		return 0, false // the parser reports it
	}
	memo := map[*yaml.Node]int{}
	var size func(n *yaml.Node, depth int) int
	badLine := 0
	size = func(n *yaml.Node, depth int) int {
		if n == nil || depth > 10_000 {
			return 0
		}
		if v, ok := memo[n]; ok {
			return v
		}
		memo[n] = maxAliasExpansion + 1 // a cycle counts as too large
		total := 1
		if n.Kind == yaml.AliasNode {
			total += size(n.Alias, depth+1)
		}
		for _, c := range n.Content {
			total += size(c, depth+1)
			if total > maxAliasExpansion {
				break
			}
		}
		if total > maxAliasExpansion && badLine == 0 && n.Kind == yaml.AliasNode {
			badLine = n.Line
		}
		memo[n] = total
		return total
	}
	if size(&n, 0) > maxAliasExpansion {
		return badLine, true
	}
	return 0, false
}

// compositeAsWorkflow turns a composite action's steps into a workflow with
// one job that actionlint can parse, keeping every line number: the lines
// before `steps:` are blanked and reused for the `jobs:` header, the lines
// after the steps hold `runs-on` and `on`. ok is false for actions that are
// not composite.
func compositeAsWorkflow(data []byte) ([]byte, bool, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, false, yamlErr(err)
	}
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, false, &lineError{Line: 1, Msg: "action metadata is not a mapping"}
	}
	root := doc.Content[0]
	runs := mapValue(root, "runs")
	if runs == nil || runs.Kind != yaml.MappingNode {
		return nil, false, nil
	}
	using := mapValue(runs, "using")
	if using == nil || !strings.EqualFold(using.Value, "composite") {
		return nil, false, nil
	}
	stepsKey, steps := mapKeyValue(runs, "steps")
	if steps == nil || steps.Kind != yaml.SequenceNode || len(steps.Content) == 0 {
		return nil, false, nil
	}
	lines := strings.Split(string(data), "\n")
	keyLine := stepsKey.Line // 1-based
	if keyLine < 3 {
		return nil, false, &lineError{Line: keyLine, Msg: "composite action steps start too early to be read"}
	}
	itemCol := steps.Content[0].Column // 1-based column of the first "- "
	if steps.Style&yaml.FlowStyle != 0 || itemCol < 3 {
		return nil, false, &lineError{Line: keyLine, Msg: "composite action steps are not a block list indented under runs"}
	}
	// Last line of the steps: the line before the next key of runs or root.
	end := len(lines)
	for _, m := range []*yaml.Node{runs, root} {
		for i := 0; i+1 < len(m.Content); i += 2 {
			if l := m.Content[i].Line; l > keyLine && l-1 < end {
				end = l - 1
			}
		}
	}
	out := make([]string, len(lines))
	for i := range lines {
		l := i + 1
		if l > keyLine && l <= end {
			out[i] = lines[i]
		}
	}
	out[keyLine-3] = "jobs:"
	out[keyLine-2] = " composite:"
	out[keyLine-1] = "  steps:"
	tail := []string{"  runs-on: composite-action", "on: workflow_call"}
	out = append(out[:end], append(tail, out[end:]...)...)
	// Inputs must not vanish: keep an `inputs` note for the reader.
	return []byte(strings.Join(out, "\n")), true, nil
}

func mapValue(m *yaml.Node, key string) *yaml.Node {
	_, v := mapKeyValue(m, key)
	return v
}

func mapKeyValue(m *yaml.Node, key string) (*yaml.Node, *yaml.Node) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i], m.Content[i+1]
		}
	}
	return nil, nil
}

func yamlErr(err error) error {
	msg := err.Error()
	var line int
	if _, e := fmt.Sscanf(strings.TrimPrefix(msg, "yaml: "), "line %d:", &line); e == nil {
		return &lineError{Line: line, Msg: msg}
	}
	return &lineError{Line: 0, Msg: msg}
}

// hasAnchorAndAlias reports whether data has a YAML anchor (&name) and an
// alias (*name) outside the usual workflow text (globs, cron), cheaply.
func hasAnchorAndAlias(data []byte) bool {
	return hasMarker(data, '&') && hasMarker(data, '*')
}

// hasMarker reports whether c starts a YAML anchor or alias name somewhere
// in data: after a blank, a line start, '[' or ',', and before a name
// character. Candidates are found with IndexByte.
func hasMarker(data []byte, c byte) bool {
	for off := 0; ; {
		i := bytes.IndexByte(data[off:], c)
		if i < 0 {
			return false
		}
		i += off
		off = i + 1
		if i+1 >= len(data) {
			return false
		}
		if i > 0 {
			if p := data[i-1]; p != ' ' && p != '\n' && p != '[' && p != ',' && p != '\t' {
				continue
			}
		}
		if n := data[i+1]; n >= 'a' && n <= 'z' || n >= 'A' && n <= 'Z' || n >= '0' && n <= '9' || n == '_' || n == '-' {
			return true
		}
	}
}
