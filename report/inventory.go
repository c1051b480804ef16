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

	"github.com/pat2app/pat2app/inventory"
)

// WriteInventoryJSON writes the Inventory JSON (SPEC schema_version 1) with
// empty lists as [] rather than null, one finding per line: readable, easy
// to diff, and encoded on every core (large organisations have tens of
// thousands of findings) into a few reused buffers, written in order.
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
	writeFindingsJSON(bw, inv.Findings)
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

// writeFindingsJSON writes the findings, comma separated, one per line.
// Workers encode chunks of findings; a chunk's buffer goes back to the
// workers once written, so memory stays at a few chunks however many
// findings there are.
func writeFindingsJSON(w io.Writer, findings []inventory.Finding) {
	const chunk = 256
	n := (len(findings) + chunk - 1) / chunk
	if n == 0 {
		return
	}
	workers := min(runtime.GOMAXPROCS(0), n)
	type task struct {
		c   int
		buf []byte
	}
	tasks := make(chan task)
	done := make([]chan []byte, n)
	for c := range done {
		done[c] = make(chan []byte, 1)
	}
	free := make(chan []byte, 2*workers)
	for range cap(free) {
		free <- nil
	}
	go func() {
		for c := 0; c < n; c++ {
			tasks <- task{c, <-free}
		}
		close(tasks)
	}()
	for range workers {
		go func() {
			for t := range tasks {
				b := t.buf[:0]
				for i := t.c * chunk; i < min((t.c+1)*chunk, len(findings)); i++ {
					if i > 0 {
						b = append(b, ',')
					}
					b = append(b, "\n    "...)
					b = appendFinding(b, &findings[i])
				}
				done[t.c] <- b
			}
		}()
	}
	for c := 0; c < n; c++ {
		b := <-done[c]
		w.Write(b)
		if c+cap(free) < n {
			free <- b
		}
	}
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
