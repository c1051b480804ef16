package knowledge

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// sharedDir is where the shared data lives in the workspace; clones of the
// project do not have it.
const sharedDir = "../../shared/data"

func readSharedTSV(t *testing.T, name string) [][]string {
	t.Helper()
	p := filepath.Join(sharedDir, name)
	b, err := os.ReadFile(p)
	if os.IsNotExist(err) {
		t.Skipf("skipping: %s not found (the shared data exists only in the pat2app workspace, not in clones)", p)
	}
	if err != nil {
		t.Fatalf("read %s: %v", p, err)
	}
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	var rows [][]string
	for _, l := range lines[1:] {
		rows = append(rows, strings.Split(l, "\t"))
	}
	return rows
}

// TestSharedEndpointRowsAllPresent checks that every row of
// github-app-permissions.tsv is in the generated table, in order.
func TestSharedEndpointRowsAllPresent(t *testing.T) {
	rows := readSharedTSV(t, "github-app-permissions.tsv")
	got := EndpointRows()
	if len(got) != len(rows) {
		t.Fatalf("generated %d endpoint rows, TSV has %d: regenerate with go generate ./knowledge", len(got), len(rows))
	}
	for i, r := range rows {
		g := got[i]
		want := strings.Join(r, "\t")
		have := strings.Join([]string{g.DocsKey, g.Title, g.Access, g.Method, g.Path,
			boolStr(g.ServerToServer), boolStr(g.UserToServer), boolStr(g.Additional), g.Slug}, "\t")
		if want != have {
			t.Errorf("row %d:\n TSV       %s\n generated %s", i+2, want, have)
		}
		canon, ok := CanonicalPermission(r[0])
		if ok != (g.Permission != "") || canon != g.Permission {
			t.Errorf("row %d: Permission %q, want CanonicalPermission(%q) = %q, %t", i+2, g.Permission, r[0], canon, ok)
		}
	}
}

func boolStr(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

// TestSharedActionRowsAllPresent checks every row of
// actions-token-permissions.tsv, where the action rows were first taken
// from, has its row in data/actions.tsv, with the same note and permissions
// or more (a row may add what the action's own documentation shows).
func TestSharedActionRowsAllPresent(t *testing.T) {
	rows := readSharedTSV(t, "actions-token-permissions.tsv")
	for i, r := range rows {
		a, ok := Action(r[0] + "@v1")
		if !ok || a.Name != strings.ToLower(r[0]) {
			t.Errorf("row %d: Action(%q) = %q, %t", i+2, r[0]+"@v1", a.Name, ok)
			continue
		}
		if !strings.HasPrefix(a.Note, strings.TrimSpace(strings.TrimPrefix(r[3], "DYNAMIC:"))) || a.Dynamic != strings.HasPrefix(r[3], "DYNAMIC:") {
			t.Errorf("row %d: generated %q/%q, TSV %q/%q", i+2, a.Name, a.Note, r[0], r[3])
		}
		want, err := ParsePermissions(r[2])
		if err != nil {
			t.Errorf("row %d (%s): permissions %q: %v", i+2, r[0], r[2], err)
			continue
		}
		for n, acc := range want {
			if AccessRank(a.Permissions[n]) < AccessRank(acc) {
				t.Errorf("row %d (%s): permissions %q, want at least %q", i+2, r[0], a.Permissions, want)
			}
		}
	}
}

// TestSharedGHRowsAllPresent checks every row of gh-cli-permissions.tsv is
// generated with the same permissions or more, parses, and is found again
// by MatchGH from its own command (gh-commands.tsv may add rows with their
// own sources).
func TestSharedGHRowsAllPresent(t *testing.T) {
	rows := readSharedTSV(t, "gh-cli-permissions.tsv")
	byCommand := map[string]GHCommand{}
	for _, c := range GHCommands() {
		byCommand[c.Command] = c
	}
	for i, r := range rows {
		c, ok := byCommand[r[0]]
		if !ok {
			t.Errorf("row %d (%s): not generated", i+2, r[0])
			continue
		}
		notes, dynamic := strings.CutPrefix(r[3], "DYNAMIC:")
		notes, unavailable := strings.CutPrefix(notes, "NOT AVAILABLE to installation tokens:")
		if c.Command != r[0] || c.API != r[2] || c.Notes != strings.TrimSpace(notes) || c.Dynamic != dynamic || c.Unavailable != unavailable {
			t.Errorf("row %d: generated %q, TSV %q", i+2, c.Command, r[0])
		}
		want, err := ParsePermissions(r[1])
		if err != nil {
			t.Errorf("row %d (%s): permissions %q: %v", i+2, r[0], r[1], err)
			continue
		}
		// The same permissions or more: a row may add what a later source
		// shows (gh pr ready's contents:write).
		for n, acc := range want {
			if AccessRank(c.Permissions[n]) < AccessRank(acc) {
				t.Errorf("row %d (%s): permissions %q, want at least %q", i+2, r[0], c.Permissions, want)
			}
		}
		m, ok := MatchGH(strings.Fields(strings.TrimPrefix(r[0], "gh ")))
		if !ok || m.Command != r[0] {
			t.Errorf("MatchGH(%q) = %q, %t", r[0], m.Command, ok)
		}
	}
}
