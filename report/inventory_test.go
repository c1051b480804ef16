package report

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/pat2app/pat2app/inventory"
)

func TestInventoryJSONRoundTrip(t *testing.T) {
	inv := &inventory.Inventory{
		SchemaVersion: inventory.SchemaVersion,
		Complete:      false,
		Errors:        []inventory.InputError{{Repo: "acme/web", File: ".github/workflows/bad.yml", Line: 3, Message: "could not parse as YAML"}},
		Repos:         []inventory.RepoSummary{{Name: "acme/web", Workflows: []string{".github/workflows/bad.yml"}}},
	}
	for i := 0; i < 7; i++ {
		inv.Findings = append(inv.Findings, normalizeFinding(inventory.Finding{
			Fingerprint: string(rune('a' + i)), Repo: "acme/web", File: ".github/workflows/w.yml", Job: "j",
			Credential: "secrets.<P&T>", Kind: inventory.KindPAT, Confidence: "high", Lines: []int{i + 1},
			Operations: []inventory.Operation{{Kind: inventory.OpREST, Method: "POST", Path: "/repos/{owner}/{repo}/pulls", Evidence: inventory.Evidence{Line: i + 1}}},
		}))
	}
	var buf bytes.Buffer
	if err := WriteInventoryJSON(&buf, inv); err != nil {
		t.Fatal(err)
	}
	if !json.Valid(buf.Bytes()) {
		t.Fatalf("invalid JSON:\n%s", buf.String())
	}
	if n := strings.Count(buf.String(), "\n    {\"fingerprint\""); n != 7 {
		t.Errorf("want one finding per line, got %d lines", n)
	}
	got, err := ReadInventoryJSON(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, inv) {
		t.Errorf("round trip differs:\n got %+v\nwant %+v", got, inv)
	}
}

func TestInventoryJSONEmptyListsAreArrays(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteInventoryJSON(&buf, &inventory.Inventory{Complete: true, Findings: []inventory.Finding{{Kind: inventory.KindPAT}}}); err != nil {
		t.Fatal(err)
	}
	var raw map[string]any
	if err := json.Unmarshal(buf.Bytes(), &raw); err != nil {
		t.Fatal(err)
	}
	if _, ok := raw["errors"].([]any); !ok {
		t.Errorf("errors = %v, want []", raw["errors"])
	}
	f := raw["findings"].([]any)[0].(map[string]any)
	for _, k := range []string{"lines", "uses", "operations", "unresolved", "target_repos"} {
		if _, ok := f[k].([]any); !ok {
			t.Errorf("%s = %v, want []", k, f[k])
		}
	}
	if raw["schema_version"].(float64) != inventory.SchemaVersion {
		t.Errorf("schema_version = %v", raw["schema_version"])
	}
}

func TestTableStripsControlCharacters(t *testing.T) {
	inv := &inventory.Inventory{Complete: true, Findings: []inventory.Finding{{
		Repo: "acme/web", File: ".github/workflows/\x1b[31mevil.yml", Job: "j\u202eob", Credential: "secrets.X", Kind: inventory.KindPAT, Lines: []int{3},
	}}}
	var buf bytes.Buffer
	if err := WriteTable(&buf, inv, TableOptions{Width: 80}); err != nil {
		t.Fatal(err)
	}
	if strings.ContainsAny(buf.String(), "\x1b\u202e") {
		t.Fatalf("control characters reached the terminal: %q", buf.String())
	}
	for _, line := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
		if n := len([]rune(line)); n > 80 {
			t.Errorf("line of %d columns at width 80: %q", n, line)
		}
	}
}

// TestWriteInventoryJSONManyFindings: many findings come out complete, in
// order, and read back.
func TestWriteInventoryJSONManyFindings(t *testing.T) {
	inv := &inventory.Inventory{SchemaVersion: inventory.SchemaVersion, Complete: true}
	for i := 0; i < 5000; i++ {
		inv.Findings = append(inv.Findings, inventory.Finding{Fingerprint: strconv.Itoa(i), Credential: "secrets.X", Lines: []int{i}})
	}
	var buf bytes.Buffer
	if err := WriteInventoryJSON(&buf, inv); err != nil {
		t.Fatal(err)
	}
	back, err := ReadInventoryJSON(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if len(back.Findings) != len(inv.Findings) {
		t.Fatalf("%d findings back, want %d", len(back.Findings), len(inv.Findings))
	}
	for i, f := range back.Findings {
		if f.Fingerprint != strconv.Itoa(i) || len(f.Lines) != 1 || f.Lines[0] != i {
			t.Fatalf("finding %d out of order: %+v", i, f)
		}
	}
}
