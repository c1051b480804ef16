package knowledge

import (
	"maps"
	"testing"
)

// TestRenamedActions: a uses: of an action repository's old name finds
// the rows of its new one, in every action table; a name that only
// begins like the old one does not.
func TestRenamedActions(t *testing.T) {
	for _, r := range actionRenameTable {
		newInfo, ok := Action(r.to + "@v1")
		if !ok {
			t.Errorf("%s: the new name %s has no row in actions.tsv", r.from, r.to)
			continue
		}
		old, ok := Action(r.from + "@v1")
		if !ok || !maps.Equal(old.Permissions, newInfo.Permissions) {
			t.Errorf("%s: found %v (%v), want %s's row", r.from, ok, old.Permissions, r.to)
		}
		if WorktreePushes(r.from) != WorktreePushes(r.to) {
			t.Errorf("%s: worktree row %q, want %q", r.from, WorktreePushes(r.from), WorktreePushes(r.to))
		}
		if _, ok := Action(r.from + "-fork@v1"); ok {
			t.Errorf("%s-fork: found a row by the old name's prefix", r.from)
		}
	}
	if len(actionRenameTable) == 0 {
		t.Fatal("data/action-renames.tsv has no row")
	}
}
