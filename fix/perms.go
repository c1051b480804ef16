package fix

import (
	"fmt"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/pat2app/pat2app/report"
)

// permEdit is the change to a job's permissions.
type permEdit struct {
	edits []edit
	// final is the job's permissions after the edit (scope -> access).
	final map[string]string
	notes []string
}

func accessRank(a string) int {
	switch a {
	case "read":
		return 1
	case "write":
		return 2
	}
	return 0
}

// parseBlock reads a plan's PermissionsBlock ("permissions:\n  issues: write\n").
func parseBlock(block string) (map[string]string, error) {
	var doc map[string]map[string]string
	if err := yaml.Unmarshal([]byte(block), &doc); err != nil {
		return nil, fmt.Errorf("the plan's permissions block does not parse: %w", err)
	}
	out := map[string]string{}
	for k, v := range doc["permissions"] {
		k = strings.ReplaceAll(strings.ToLower(k), "_", "-")
		if accessRank(v) == 0 {
			continue
		}
		out[k] = v
	}
	return out, nil
}

// mappingEntries reads a mapping of scalars (scope -> access).
func mappingEntries(m *yaml.Node) (map[string]string, bool) {
	out := map[string]string{}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		if k.Kind != yaml.ScalarNode || v.Kind != yaml.ScalarNode {
			return nil, false
		}
		out[k.Value] = v.Value
	}
	return out, true
}

// covers reports whether a permissions: value already grants need.
func covers(p *yaml.Node, need map[string]string) bool {
	if len(need) == 0 {
		return true
	}
	if p == nil {
		return false
	}
	switch p.Kind {
	case yaml.ScalarNode:
		switch p.Value {
		case "write-all":
			return true
		case "read-all":
			for _, a := range need {
				if a != "read" {
					return false
				}
			}
			return true
		}
		return false
	case yaml.MappingNode:
		have, ok := mappingEntries(p)
		if !ok {
			return false
		}
		for k, a := range need {
			if accessRank(have[k]) < accessRank(a) {
				return false
			}
		}
		return true
	}
	return false
}

func union(base, need map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range base {
		out[k] = v
	}
	for k, v := range need {
		if accessRank(v) > accessRank(out[k]) {
			out[k] = v
		}
	}
	return out
}

func sortedScopes(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// permText renders permissions on one line, as every output does
// ("contents: read, issues: write"), and none as "{}".
func permText(m map[string]string) string {
	if len(m) == 0 {
		return "{}"
	}
	return report.PermissionsText(m)
}

// planPermissions works out the permissions edit for the GITHUB_TOKEN
// candidates of a job. It returns nil and "" when the job already has what
// they need, and a reason when fix must not touch them.
func planPermissions(src *source, wf *workflow, jobKey, job *yaml.Node, gt []*candidate) (*permEdit, string) {
	need := map[string]string{}
	for _, c := range gt {
		p, err := parseBlock(c.job.PermissionsBlock)
		if err != nil {
			return nil, err.Error()
		}
		need = union(need, p)
	}
	jobPerm := mapValue(job, "permissions")
	effective := jobPerm
	if effective == nil {
		effective = wf.perms
	}
	if covers(effective, need) {
		return nil, ""
	}
	if jobPerm != nil {
		return mergeJobPermissions(src, jobPerm, need)
	}
	base := map[string]string{}
	pe := &permEdit{}
	switch {
	case wf.perms == nil:
		if implicitCheckout(job) && accessRank(need["contents"]) == 0 {
			base["contents"] = "read"
			pe.notes = append(pe.notes, "contents: read kept for actions/checkout, which uses GITHUB_TOKEN")
		}
	case wf.perms.Kind == yaml.MappingNode:
		entries, ok := mappingEntries(wf.perms)
		if !ok {
			return nil, "the workflow's permissions: block is not a simple mapping; add the job's block by hand"
		}
		base = entries
		pe.notes = append(pe.notes, "the workflow-level grants are repeated in the job's block, which replaces them")
	default:
		return nil, fmt.Sprintf("the workflow sets permissions: %s; a job-level block would drop grants other steps may need: add %s by hand", wf.perms.Value, permText(need))
	}
	if wf.perms == nil {
		pe.notes = append(pe.notes, "the job had no permissions: and got the repository's default token permissions; check that its other steps need nothing beyond the new block")
	}
	pe.final = union(base, need)
	stepsKey := mapKey(job, "steps")
	if stepsKey == nil {
		return nil, "the job has no steps: key to put permissions: before"
	}
	keyIndent := stepsKey.Column - 1
	ls := src.lineStart(stepsKey.Line)
	if off := src.offset(stepsKey.Line, stepsKey.Column); off < 0 || strings.Trim(src.text[ls:off], " ") != "" {
		return nil, "the job's keys are not laid out one per line; add permissions: by hand"
	}
	unit := keyIndent - (jobKey.Column - 1)
	if unit <= 0 {
		unit = 2
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%spermissions:\n", strings.Repeat(" ", keyIndent))
	for _, k := range sortedScopes(pe.final) {
		fmt.Fprintf(&b, "%s%s: %s\n", strings.Repeat(" ", keyIndent+unit), k, pe.final[k])
	}
	at := commentsAbove(src, stepsKey.Line, keyIndent, 0, false)
	pe.edits = []edit{{start: at, end: at, text: b.String()}}
	return pe, ""
}

// mergeJobPermissions raises or adds entries of a job's own permissions.
func mergeJobPermissions(src *source, p *yaml.Node, need map[string]string) (*permEdit, string) {
	if p.Kind != yaml.MappingNode {
		return nil, fmt.Sprintf("the job sets permissions: %s; change it by hand to %s", p.Value, permText(need))
	}
	have, ok := mappingEntries(p)
	if !ok {
		return nil, "the job's permissions: block is not a simple mapping; change it by hand"
	}
	pe := &permEdit{final: union(have, need)}
	if p.Style&yaml.FlowStyle != 0 {
		start := src.offset(p.Line, p.Column)
		if start < 0 || src.text[start] != '{' {
			return nil, "the job's permissions: cannot be located; change it by hand"
		}
		end := strings.IndexByte(src.text[start:src.lineEnd(src.lineOf(start))], '}')
		if end < 0 {
			return nil, "the job's permissions: spans lines; change it by hand"
		}
		var parts []string
		for _, k := range sortedScopes(pe.final) {
			parts = append(parts, k+": "+pe.final[k])
		}
		text := "{}"
		if len(parts) > 0 {
			text = "{ " + strings.Join(parts, ", ") + " }"
		}
		pe.edits = []edit{{start: start, end: start + end + 1, text: text}}
		return pe, ""
	}
	var lastLine, indent int
	for i := 0; i+1 < len(p.Content); i += 2 {
		k, v := p.Content[i], p.Content[i+1]
		if i == 0 {
			indent = k.Column - 1
		}
		if v.Line > lastLine {
			lastLine = v.Line
		}
		want, ok := need[k.Value]
		if !ok || accessRank(want) <= accessRank(v.Value) {
			continue
		}
		start := src.offset(v.Line, v.Column)
		if start < 0 {
			return nil, "the job's permissions: cannot be located; change it by hand"
		}
		s, e, ok := src.scalarSpan(v, src.lineEnd(v.Line))
		if !ok || v.Style != 0 && v.Style != yaml.DoubleQuotedStyle && v.Style != yaml.SingleQuotedStyle {
			return nil, "the job's permissions: cannot be located; change it by hand"
		}
		pe.edits = append(pe.edits, edit{start: s, end: e, text: want})
	}
	var b strings.Builder
	for _, k := range sortedScopes(need) {
		if _, ok := have[k]; ok {
			continue
		}
		fmt.Fprintf(&b, "%s%s: %s\n", strings.Repeat(" ", indent), k, need[k])
	}
	if b.Len() > 0 {
		at := src.lineEnd(lastLine)
		text := b.String()
		if at == len(src.text) && !strings.HasSuffix(src.text, "\n") {
			text = "\n" + strings.TrimSuffix(text, "\n")
		}
		pe.edits = append(pe.edits, edit{start: at, end: at, text: text})
	}
	return pe, ""
}

// commentsAbove moves an insertion point at the start of line up over the
// comment-only lines right above it that are indented at least indent
// (exactly indent, when exact), so the inserted text does not split a
// comment from what it describes. It stops at line floor.
func commentsAbove(src *source, line, indent, floor int, exact bool) int {
	l := line
	for l-1 > floor && l-1 >= 1 {
		body := strings.TrimSpace(src.text[src.lineStart(l-1):src.lineEnd(l-1)])
		ind := src.indentOf(l - 1)
		if !strings.HasPrefix(body, "#") || ind < indent || exact && ind != indent {
			break
		}
		l--
	}
	return src.lineStart(l)
}

// implicitCheckout reports whether a step of the job runs actions/checkout
// with the built-in token (no token input, or github.token).
func implicitCheckout(job *yaml.Node) bool {
	steps := mapValue(job, "steps")
	if steps == nil || steps.Kind != yaml.SequenceNode {
		return false
	}
	for _, st := range steps.Content {
		uses := mapValue(st, "uses")
		if uses == nil || !strings.HasPrefix(strings.ToLower(uses.Value), "actions/checkout@") {
			continue
		}
		tok := mapValue(mapValue(st, "with"), "token")
		if tok == nil || mentions(tok.Value, map[string]bool{"github.token": true, "secrets.github_token": true}, false) {
			return true
		}
	}
	return false
}
