package ghaw

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// SafeOutput is one safe output a handler step applies, from the JSON the
// compiler gives it (GH_AW_SAFE_OUTPUTS_HANDLER_CONFIG of the step that
// runs safe_output_handler_manager.cjs, or the config.json the agent job
// writes).
type SafeOutput struct {
	// Type is the output's key as compiled, with underscores
	// ("add_comment"); the .md spells it with dashes (add-comment).
	Type string
	// TargetRepo is the repository it writes to when not the workflow's
	// own (target-repo), and AllowedRepos the repositories the agent may
	// name (allowed-repos); "*" or an expression means any.
	TargetRepo   string
	AllowedRepos []string
	// Token is the github-token the output is given of its own, when the
	// config names one.
	Token string
	// Staged is true when the output only previews (staged: true): it
	// makes no API call.
	Staged bool
}

// maxConfig bounds the JSON read (the compiler's are a few KiB).
const maxConfig = 1 << 20

// ParseSafeOutputs reads a safe-outputs handler configuration: a JSON
// object whose keys are the safe output types. Outputs come back sorted by
// type. A global "staged": true stages them all.
func ParseSafeOutputs(text string) ([]SafeOutput, error) {
	if len(text) > maxConfig {
		return nil, fmt.Errorf("safe outputs configuration is %d bytes, over the %d-byte limit", len(text), maxConfig)
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal([]byte(text), &raw); err != nil {
		return nil, fmt.Errorf("safe outputs configuration: %w", err)
	}
	globalStaged := false
	if v, ok := raw["staged"]; ok {
		globalStaged = truthy(v)
	}
	var out []SafeOutput
	for k, v := range raw {
		typ := strings.ReplaceAll(strings.TrimSpace(k), "-", "_")
		if typ == "" || typ == "staged" || !isTypeName(typ) {
			continue
		}
		var fields map[string]json.RawMessage
		if json.Unmarshal(v, &fields) != nil {
			// A bare value (add_comment: true, or null) configures the
			// output with its defaults.
			if string(v) == "false" {
				continue
			}
			fields = nil
		}
		so := SafeOutput{Type: typ, Staged: globalStaged}
		for fk, fv := range fields {
			switch strings.ReplaceAll(fk, "_", "-") {
			case "target-repo":
				so.TargetRepo = jsonString(fv)
			case "allowed-repos":
				so.AllowedRepos = jsonStrings(fv)
			case "github-token":
				so.Token = jsonString(fv)
			case "staged":
				so.Staged = so.Staged || truthy(fv)
			}
		}
		out = append(out, so)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Type < out[j].Type })
	return out, nil
}

// isTypeName reports whether a key is a safe output type's name: lower
// case letters, digits and underscores.
func isTypeName(s string) bool {
	if len(s) > 80 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_') {
			return false
		}
	}
	return true
}

func truthy(v json.RawMessage) bool {
	s := strings.Trim(strings.TrimSpace(string(v)), `"`)
	return s == "true"
}

func jsonString(v json.RawMessage) string {
	var s string
	if json.Unmarshal(v, &s) == nil {
		return strings.TrimSpace(s)
	}
	return ""
}

func jsonStrings(v json.RawMessage) []string {
	var list []string
	if json.Unmarshal(v, &list) == nil {
		return list
	}
	if s := jsonString(v); s != "" {
		return strings.Split(s, ",")
	}
	return nil
}
