// Package report renders inventories and plans: the terminal table, JSON,
// SARIF, the Markdown migration plan and the permissions workbook.
package report

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/pat2app/pat2app/inventory"
)

// WriteInventoryJSON writes the Inventory JSON (SPEC schema_version 1),
// indented, with empty lists as [] rather than null.
func WriteInventoryJSON(w io.Writer, inv *inventory.Inventory) error {
	out := *inv
	out.SchemaVersion = inventory.SchemaVersion
	if out.Findings == nil {
		out.Findings = []inventory.Finding{}
	}
	if out.Errors == nil {
		out.Errors = []inventory.InputError{}
	}
	fs := make([]inventory.Finding, len(out.Findings))
	for i, f := range out.Findings {
		if f.Lines == nil {
			f.Lines = []int{}
		}
		if f.Uses == nil {
			f.Uses = []inventory.Use{}
		}
		if f.Operations == nil {
			f.Operations = []inventory.Operation{}
		}
		if f.Unresolved == nil {
			f.Unresolved = []inventory.Unresolved{}
		}
		if f.TargetRepos == nil {
			f.TargetRepos = []string{}
		}
		fs[i] = f
	}
	out.Findings = fs
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(&out); err != nil {
		return fmt.Errorf("encode inventory: %w", err)
	}
	return nil
}

// ReadInventoryJSON reads an Inventory written by WriteInventoryJSON.
func ReadInventoryJSON(r io.Reader) (*inventory.Inventory, error) {
	var inv inventory.Inventory
	dec := json.NewDecoder(r)
	if err := dec.Decode(&inv); err != nil {
		return nil, fmt.Errorf("decode inventory: %w", err)
	}
	if inv.SchemaVersion != inventory.SchemaVersion {
		return nil, fmt.Errorf("decode inventory: schema_version %d, want %d", inv.SchemaVersion, inventory.SchemaVersion)
	}
	return &inv, nil
}

// FormatInputError renders an input error as "repo: file:line: message",
// with control characters removed.
func FormatInputError(e inventory.InputError) string {
	s := ""
	if e.Repo != "" {
		s = e.Repo + ": "
	}
	if e.File != "" {
		s += e.File
		if e.Line > 0 {
			s += fmt.Sprintf(":%d", e.Line)
		}
		s += ": "
	}
	return SanitizeTerminal(s + e.Message)
}
