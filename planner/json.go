package planner

import (
	"encoding/json"
	"fmt"
	"io"
)

// WriteJSON writes the Plan JSON (README: Plan JSON), indented, with
// empty lists and maps as [] and {} rather than null.
func WriteJSON(w io.Writer, p *Plan) error {
	out := *p
	out.SchemaVersion = SchemaVersion
	out.Jobs = make([]Job, len(p.Jobs))
	for i, j := range p.Jobs {
		if j.Permissions == nil {
			j.Permissions = map[string]string{}
		}
		if j.Evidence == nil {
			j.Evidence = map[string][]PermissionEvidence{}
		}
		if j.Reasons == nil {
			j.Reasons = []string{}
		}
		out.Jobs[i] = j
	}
	if out.Apps == nil {
		out.Apps = []App{}
	}
	if out.Secrets == nil {
		out.Secrets = []SecretPlan{}
	}
	if out.Slices == nil {
		out.Slices = []Slice{}
	}
	if out.Rollout == nil {
		out.Rollout = []RolloutDay{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(&out); err != nil {
		return fmt.Errorf("encode plan: %w", err)
	}
	return nil
}

// ReadJSON reads a Plan written by WriteJSON.
func ReadJSON(r io.Reader) (*Plan, error) {
	var p Plan
	if err := json.NewDecoder(r).Decode(&p); err != nil {
		return nil, fmt.Errorf("decode plan: %w", err)
	}
	if p.SchemaVersion != SchemaVersion {
		return nil, fmt.Errorf("decode plan: schema_version %d, want %d", p.SchemaVersion, SchemaVersion)
	}
	return &p, nil
}

// WriteManifest writes an App's GitHub App manifest JSON.
func WriteManifest(w io.Writer, a *App) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(a.Manifest); err != nil {
		return fmt.Errorf("encode manifest of %s: %w", a.Name, err)
	}
	return nil
}
