package planner

import (
	"testing"

	"github.com/pat2app/pat2app/inventory"
)

func TestResourceAccount(t *testing.T) {
	action := func(inputs map[string]string) inventory.Operation {
		return inventory.Operation{Kind: inventory.OpAction, Name: "acme/sponsors-readme@v1", Inputs: inputs}
	}
	for _, tc := range []struct {
		name string
		op   inventory.Operation
		want string
	}{
		{"an organisation input", action(map[string]string{"organization": "acme-labs"}), "acme-labs"},
		{"a boolean switch named organization", action(map[string]string{"organization": "true"}), ""},
		{"org: no", action(map[string]string{"org": "No"}), ""},
		{"a Project URL", action(map[string]string{"project-url": "https://github.com/orgs/other/projects/3"}), "other"},
		{"gh project --owner", inventory.Operation{Kind: inventory.OpGH, Name: "gh project item-add", Args: []string{"project", "item-add", "3", "--owner", "other"}}, "other"},
	} {
		if got := resourceAccount(tc.op); got != tc.want {
			t.Errorf("%s: resourceAccount = %q, want %q", tc.name, got, tc.want)
		}
	}
}
