// Package report renders inventories and plans: the terminal table, JSON,
// SARIF, the Markdown migration plan and the permissions workbook.
package report

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"runtime"
	"sync"

	"github.com/pat2app/pat2app/inventory"
)

// WriteInventoryJSON writes the Inventory JSON (SPEC schema_version 1) with
// empty lists as [] rather than null, one finding per line: readable, easy
// to diff, and encoded on every core (large organisations have tens of
// thousands of findings).
func WriteInventoryJSON(w io.Writer, inv *inventory.Inventory) error {
	// Findings are encoded in chunks, each chunk by one worker into one
	// buffer, then written in order.
	const chunk = 256
	chunks := make([][]byte, (len(inv.Findings)+chunk-1)/chunk)
	workers := min(runtime.GOMAXPROCS(0), len(chunks))
	var wg sync.WaitGroup
	for k := 0; k < workers; k++ {
		wg.Add(1)
		go func(k int) {
			defer wg.Done()
			for c := k; c < len(chunks); c += workers {
				var b []byte
				for i := c * chunk; i < min((c+1)*chunk, len(inv.Findings)); i++ {
					if i > 0 {
						b = append(b, ',')
					}
					b = append(b, "\n    "...)
					b = appendFinding(b, &inv.Findings[i])
				}
				chunks[c] = b
			}
		}(k)
	}
	wg.Wait()
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
	for _, b := range chunks {
		bw.Write(b)
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
