// Package report renders inventories and plans: the terminal table, JSON,
// SARIF, the Markdown migration plan and the permissions workbook.
package report

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"

	"github.com/pat2app/pat2app/inventory"
)

// WriteInventoryJSON writes the Inventory JSON (README: Inventory JSON) with
// empty lists as [] rather than null, one finding per line: readable and
// easy to diff.
func WriteInventoryJSON(w io.Writer, inv *inventory.Inventory) error {
	rest := struct {
		Errors  []inventory.InputError     `json:"errors"`
		Repos   []inventory.RepoSummary    `json:"repos,omitempty"`
		Secrets *inventory.SecretInventory `json:"secrets,omitempty"`
	}{inv.Errors, inv.Repos, inv.Secrets}
	if rest.Errors == nil {
		rest.Errors = []inventory.InputError{}
	}
	tail, err := json.MarshalIndent(rest, "", "  ")
	if err != nil {
		return fmt.Errorf("encode inventory: %w", err)
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	fmt.Fprintf(bw, "{\n  \"schema_version\": %d,\n  \"complete\": %t,\n  \"findings\": [", inventory.SchemaVersion, inv.Complete)
	// One finding a line: each is encoded into line, which Encode ends
	// with a newline the layout puts elsewhere.
	var line bytes.Buffer
	enc := json.NewEncoder(&line)
	for i := range inv.Findings {
		line.Reset()
		f := normalizeFinding(inv.Findings[i])
		if err := enc.Encode(&f); err != nil {
			return fmt.Errorf("encode finding: %w", err)
		}
		if i > 0 {
			bw.WriteByte(',')
		}
		bw.WriteString("\n    ")
		bw.Write(bytes.TrimSuffix(line.Bytes(), []byte("\n")))
	}
	if len(inv.Findings) > 0 {
		bw.WriteString("\n  ")
	}
	bw.WriteString("],\n  ")
	// The rest of the object, without its braces, at the same indentation.
	bw.Write(bytes.TrimSpace(tail[1 : len(tail)-1]))
	bw.WriteString("\n}\n")
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write inventory: %w", err)
	}
	return nil
}

// normalizeFinding gives a finding [] for its empty lists, as the
// Inventory JSON has them.
func normalizeFinding(f inventory.Finding) inventory.Finding {
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
	return f
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
