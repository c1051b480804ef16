package knowledge

import "testing"

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
