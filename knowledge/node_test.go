package knowledge

import "testing"

func TestIsInertNodeBuiltin(t *testing.T) {
	for spec, want := range map[string]bool{
		"fs": true, "node:fs": true, "fs/promises": true, "path": true,
		"child_process": false, "node:child_process": false, "https": false, "./fs": false, "@actions/core": false,
	} {
		if got := IsInertNodeBuiltin(spec); got != want {
			t.Errorf("IsInertNodeBuiltin(%q) = %v, want %v", spec, got, want)
		}
	}
}
