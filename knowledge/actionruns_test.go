package knowledge

import (
	"strings"
	"testing"
)

func TestActionRunsCode(t *testing.T) {
	rows := ActionRunsCode("PNPM/action-setup@v6.0.10")
	if len(rows) != 1 || rows[0].Input != "run_install" || rows[0].RunsCode == "" {
		t.Fatalf("ActionRunsCode(pnpm/action-setup) = %+v, want its run_install row", rows)
	}
	cases := []struct {
		name   string
		inputs map[string]string
		on     bool
	}{
		{"not given", map[string]string{"version": "9"}, false},
		{"null", map[string]string{"run_install": "null"}, false},
		{"false", map[string]string{"run_install": " False "}, false},
		{"true", map[string]string{"run_install": "true"}, true},
		{"an object", map[string]string{"run_install": "recursive: true\nargs: [--frozen-lockfile]"}, true},
		{"a list", map[string]string{"run_install": "- cwd: ui\n"}, true},
		{"chosen at run time", map[string]string{"run_install": "${{ inputs.install }}"}, true},
		{"empty", map[string]string{"run_install": ""}, true},
	}
	for _, c := range cases {
		if got := rows[0].On(c.inputs); got != c.on {
			t.Errorf("%s: On(%v) = %v, want %v", c.name, c.inputs, got, c.on)
		}
	}
	if rows := ActionRunsCode("pnpm/action-setup-extra"); len(rows) != 0 {
		t.Errorf("another action got rows %+v", rows)
	}
	for _, r := range actionRunsCodeTable {
		if len(r.off) == 0 || r.runsCode == "" {
			t.Errorf("row %+v: want off values and what runs", r)
		}
	}
}

func TestActionShellInputs(t *testing.T) {
	cases := []struct {
		uses  string
		input []string
	}{
		{"nick-fields/retry@v3", []string{"command", "new_command_on_retry", "on_retry_command"}},
		{"Nick-Invision/Retry@v2.8.3", []string{"command", "new_command_on_retry", "on_retry_command"}},
		{"nick-fields/retry-extra@v1", nil},
		{"actions/checkout@v4", nil},
	}
	for _, c := range cases {
		var got []string
		for _, r := range ActionShellInputs(c.uses) {
			got = append(got, r.Input)
			if r.Shell == "" || r.WindowsShell == "" {
				t.Errorf("%s %s: want both shells, got %+v", c.uses, r.Input, r)
			}
		}
		if strings.Join(got, ",") != strings.Join(c.input, ",") {
			t.Errorf("ActionShellInputs(%s) inputs = %v, want %v", c.uses, got, c.input)
		}
	}
	for _, r := range actionShellInputTable {
		for _, sh := range []string{r.shell, r.windowsShell} {
			switch sh {
			case "bash", "sh", "pwsh", "powershell", "cmd", "python", "node":
			default:
				t.Errorf("row %+v: shell %q is not one a reader reads", r, sh)
			}
		}
	}
}

// TestRunsNoCode: an action with a row that runs no code of the
// repository is one; github-script (Dynamic), one with a row of
// action-runs-code.tsv, and one without a row are not.
func TestRunsNoCode(t *testing.T) {
	for uses, want := range map[string]bool{
		"actions/setup-node@v4":    true,
		"actions/github-script@v7": false,
		"acme/no-row@v1":           false,
	} {
		if _, got := RunsNoCode(uses); got != want {
			t.Errorf("RunsNoCode(%q) = %v, want %v", uses, got, want)
		}
	}
	for _, r := range actionRunsCodeTable {
		if _, got := RunsNoCode(r.action + "@v1"); got {
			t.Errorf("RunsNoCode(%q) = true for an action that runs code", r.action)
		}
	}
}
