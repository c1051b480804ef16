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
	return WriteInventoryJSONFrom(w, inv, Each(inv.Findings), Each(inv.Repos))
}

// Each calls fn with each item of list, in order, until fn fails.
func Each[T any](list []T) func(fn func(*T) error) error {
	return func(fn func(*T) error) error {
		for i := range list {
			if err := fn(&list[i]); err != nil {
				return err
			}
		}
		return nil
	}
}

// WriteInventoryJSONFrom is WriteInventoryJSON with the findings and the
// repositories given by findings and repos (each calls its argument with
// every item, in order) instead of inv.Findings and inv.Repos: an
// organisation scan's findings are read back from disk one repository at
// a time, and its thousands of repositories are not held twice.
func WriteInventoryJSONFrom(w io.Writer, inv *inventory.Inventory, findings func(func(*inventory.Finding) error) error,
	repos func(func(*inventory.RepoSummary) error) error) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	fmt.Fprintf(bw, "{\n  \"schema_version\": %d,\n  \"complete\": %t,\n  \"findings\": [", inventory.SchemaVersion, inv.Complete)
	// One finding a line: each is encoded into line, which Encode ends
	// with a newline the layout puts elsewhere.
	var line bytes.Buffer
	enc := json.NewEncoder(&line)
	n := 0
	err := findings(func(f *inventory.Finding) error {
		line.Reset()
		nf := normalizeFinding(*f)
		if err := enc.Encode(&nf); err != nil {
			return fmt.Errorf("encode finding: %w", err)
		}
		if n > 0 {
			bw.WriteByte(',')
		}
		n++
		bw.WriteString("\n    ")
		_, err := bw.Write(bytes.TrimSuffix(line.Bytes(), []byte("\n")))
		return err
	})
	if err != nil {
		return err
	}
	if n > 0 {
		bw.WriteString("\n  ")
	}
	// The rest of the object, each part indented as one MarshalIndent of
	// the whole would indent it, repositories one at a time (an
	// organisation has thousands).
	errs := inv.Errors
	if errs == nil {
		errs = []inventory.InputError{}
	}
	if err := writeIndented(bw, "],\n  \"errors\": ", errs, "  "); err != nil {
		return err
	}
	n = 0
	repo := newIndenter("    ")
	err = repos(func(r *inventory.RepoSummary) error {
		sep := ",\n    "
		if n == 0 {
			sep = ",\n  \"repos\": [\n    "
		}
		n++
		return repo.write(bw, sep, r)
	})
	if err != nil {
		return err
	}
	if n > 0 {
		bw.WriteString("\n  ]")
	}
	if inv.Secrets != nil {
		if err := writeSecretInventory(bw, inv.Secrets); err != nil {
			return err
		}
	}
	bw.WriteString("\n}\n")
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write inventory: %w", err)
	}
	return nil
}

// writeSecretInventory writes the secrets part of the inventory as one
// MarshalIndent of it would, its list of secrets (thousands in an
// organisation) a secret at a time: the rest is encoded with an empty list,
// which is then written item by item.
func writeSecretInventory(w *bufio.Writer, si *inventory.SecretInventory) error {
	if len(si.Secrets) == 0 {
		return writeIndented(w, ",\n  \"secrets\": ", si, "  ")
	}
	rest := *si
	rest.Secrets = []inventory.Secret{}
	b, err := json.MarshalIndent(&rest, "  ", "  ")
	if err != nil {
		return fmt.Errorf("encode inventory: %w", err)
	}
	const empty = `"secrets": []`
	at := bytes.Index(b, []byte(empty))
	if at < 0 {
		return writeIndented(w, ",\n  \"secrets\": ", si, "  ")
	}
	w.WriteString(",\n  \"secrets\": ")
	w.Write(b[:at])
	w.WriteString(`"secrets": [`)
	secret := newIndenter("      ")
	for i := range si.Secrets {
		sep := ",\n      "
		if i == 0 {
			sep = "\n      "
		}
		if err := secret.write(w, sep, &si.Secrets[i]); err != nil {
			return err
		}
	}
	w.WriteString("\n    ]")
	_, err = w.Write(b[at+len(empty):])
	return err
}

// indenter encodes values indented by two spaces a level, with a prefix
// at the start of each line after the first, reusing its buffer: an
// organisation's inventory has thousands of repositories and secrets.
type indenter struct {
	buf bytes.Buffer
	enc *json.Encoder
}

func newIndenter(prefix string) *indenter {
	in := &indenter{}
	in.enc = json.NewEncoder(&in.buf)
	in.enc.SetIndent(prefix, "  ")
	return in
}

// write writes before, then v.
func (in *indenter) write(w *bufio.Writer, before string, v any) error {
	in.buf.Reset()
	if err := in.enc.Encode(v); err != nil {
		return fmt.Errorf("encode inventory: %w", err)
	}
	w.WriteString(before)
	_, err := w.Write(bytes.TrimSuffix(in.buf.Bytes(), []byte("\n")))
	return err
}

// writeIndented writes before, then v indented with prefix.
func writeIndented(w *bufio.Writer, before string, v any, prefix string) error {
	return newIndenter(prefix).write(w, before, v)
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
