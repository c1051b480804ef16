package scanner

import (
	"bytes"
	"strings"

	"gopkg.in/yaml.v3"
)

// A job's steps may run concurrently: a step may be a parallel: group (a
// list of steps run at once), carry background: true, or be a control
// step (wait:, wait-all:, cancel:) that runs nothing. The workflow parser
// knows none of these keys, so before it reads a workflow the text is
// rewritten, keeping every line number, into steps it reads: the steps of
// a group become steps of the job at the group's place, re-indented to
// the job's steps, and control steps are blanked. background: is left as
// it is: the parser reports the key and reads the step.

// stepGroupKeys are the keys the rewrite looks for; a file without any of
// them is not parsed twice.
var stepGroupKeys = [][]byte{[]byte("parallel:"), []byte("wait:"), []byte("wait-all:"), []byte("cancel:")}

// flattenStepGroups returns data with its step groups flattened and its
// control steps blanked (see above). A group it cannot rewrite (a flow
// sequence) is left as it is; the parser then sees a step that neither
// runs a script nor uses an action. Data that is not YAML, or whose
// rewrite would not be, comes back unchanged.
func flattenStepGroups(data []byte) []byte {
	found := false
	for _, k := range stepGroupKeys {
		found = found || bytes.Contains(data, k)
	}
	if !found {
		return data
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil || len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return data
	}
	root := doc.Content[0]
	jobs := mapValue(root, "jobs")
	if jobs == nil || jobs.Kind != yaml.MappingNode {
		return data
	}
	lines := strings.Split(string(data), "\n")
	out := append([]string(nil), lines...)
	changed := false
	for i := 1; i < len(jobs.Content); i += 2 {
		job := jobs.Content[i]
		if job.Kind != yaml.MappingNode {
			continue
		}
		stepsKey, steps := mapKeyValue(job, "steps")
		if steps == nil || steps.Kind != yaml.SequenceNode || steps.Style&yaml.FlowStyle != 0 {
			continue
		}
		// The last step ends before the next key of the job, of jobs or
		// of the root, whichever comes first.
		end := len(lines)
		for _, m := range []*yaml.Node{job, jobs, root} {
			if l := nextKeyLine(m, stepsKey.Line); l > 0 && l-1 < end {
				end = l - 1
			}
		}
		if flattenSteps(steps.Content, end, out, lines) {
			changed = true
		}
	}
	if !changed {
		return data
	}
	res := []byte(strings.Join(out, "\n"))
	var check yaml.Node
	if yaml.Unmarshal(res, &check) != nil {
		return data
	}
	return res
}

// flattenSteps rewrites the group and control steps among items, the
// steps of one job whose last ends at line end, into out.
func flattenSteps(items []*yaml.Node, end int, out, lines []string) bool {
	changed := false
	for i, it := range items {
		if it.Kind != yaml.MappingNode {
			continue
		}
		last := end
		if i+1 < len(items) {
			last = items[i+1].Line - 1
		}
		switch {
		case isControlStep(it):
			blankLines(out, it.Line, last)
			changed = true
		case isStepGroup(it):
			flattenGroup(it, it.Column, last, out, lines)
			changed = true
		}
	}
	return changed
}

// flattenGroup writes the steps of group (a step whose lines end at end)
// into out as steps at column col, and blanks its other lines.
func flattenGroup(group *yaml.Node, col, end int, out, lines []string) {
	blankLines(out, group.Line, end)
	_, members := mapKeyValue(group, "parallel")
	// The group's steps end before the group's next key, if any.
	if l := nextKeyLine(group, members.Line); l > 0 && l-1 < end {
		end = l - 1
	}
	for i, m := range members.Content {
		last := end
		if i+1 < len(members.Content) {
			last = members.Content[i+1].Line - 1
		}
		switch {
		case m.Kind != yaml.MappingNode, isControlStep(m):
			// Nothing a group may run: left blank.
		case isStepGroup(m):
			flattenGroup(m, col, last, out, lines)
		default:
			shift := m.Column - col
			for l := m.Line; l <= last && l <= len(lines); l++ {
				out[l-1] = dedent(lines[l-1], shift)
			}
		}
	}
}

// isStepGroup reports a step that is a parallel: group written as a block
// list, which flattenGroup can rewrite.
func isStepGroup(step *yaml.Node) bool {
	v := mapValue(step, "parallel")
	return v != nil && v.Kind == yaml.SequenceNode && v.Style&yaml.FlowStyle == 0 && len(v.Content) > 0 &&
		mapValue(step, "run") == nil && mapValue(step, "uses") == nil
}

// isControlStep reports a wait:, wait-all: or cancel: step, which runs
// nothing.
func isControlStep(step *yaml.Node) bool {
	if mapValue(step, "run") != nil || mapValue(step, "uses") != nil || mapValue(step, "parallel") != nil {
		return false
	}
	for _, k := range []string{"wait", "wait-all", "cancel"} {
		if key, _ := mapKeyValue(step, k); key != nil {
			return true
		}
	}
	return false
}

// nextKeyLine is the line of the first key of mapping m after line, 0
// when there is none.
func nextKeyLine(m *yaml.Node, line int) int {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if l := m.Content[i].Line; l > line {
			return l
		}
	}
	return 0
}

// blankLines empties lines from..to (1-based, inclusive) of out.
func blankLines(out []string, from, to int) {
	for l := from; l <= to && l <= len(out); l++ {
		out[l-1] = ""
	}
}

// dedent removes up to n leading spaces from s.
func dedent(s string, n int) string {
	i := 0
	for i < n && i < len(s) && s[i] == ' ' {
		i++
	}
	return s[i:]
}
