package report

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/pat2app/pat2app/inventory"
)

// TestInventoryJSONTailLayout: the part after the findings, written a
// repository at a time, is laid out exactly as one json.MarshalIndent of
// it, with and without each part.
func TestInventoryJSONTailLayout(t *testing.T) {
	full := &inventory.Inventory{
		Errors: []inventory.InputError{{Repo: "acme/a", File: ".github/workflows/x.yml", Line: 3, Message: "bad <yaml> & more"}},
		Repos: []inventory.RepoSummary{{Name: "acme/a", Workflows: []string{".github/workflows/x.yml"}, DefaultBranch: "main", URL: "https://github.com/acme/a"},
			{Name: "acme/b", Workflows: []string{}}},
		Secrets: &inventory.SecretInventory{Secrets: []inventory.Secret{{Name: "PAT", Scope: "org", Visibility: "all", Status: "over_shared", UnusedIn: []string{"acme/b"}},
			{Name: "OLD", Scope: "repo", Repo: "acme/a", Status: "unused"}},
			Tokens: []inventory.Token{{Source: "fine_grained_pat", Owner: "alice", Permissions: map[string]string{"contents": "write"}}},
			Notes:  []string{"a note"}, NotListed: []string{"acme/b"}},
	}
	for name, inv := range map[string]*inventory.Inventory{
		"full": full, "empty": {},
		"no secrets": {Errors: full.Errors, Repos: full.Repos},
		"no repos":   {Secrets: full.Secrets},
		"no secret":  {Secrets: &inventory.SecretInventory{Notes: []string{"n"}}},
	} {
		var got bytes.Buffer
		if err := WriteInventoryJSON(&got, inv); err != nil {
			t.Fatal(err)
		}
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
			t.Fatal(err)
		}
		want := []byte("],\n  ")
		want = append(want, bytes.TrimSpace(tail[1:len(tail)-1])...)
		want = append(want, "\n}\n"...)
		if !bytes.HasSuffix(got.Bytes(), want) {
			t.Errorf("%s: the tail is laid out differently:\n%s\nwant the end\n%s", name, got.String(), want)
		}
	}
}
