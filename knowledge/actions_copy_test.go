package knowledge

import "testing"

// TestActionCopiesTheRow: a caller of Action may change what it got; the
// next caller, and ActionShared, still see the table's row.
func TestActionCopiesTheRow(t *testing.T) {
	const uses = "peter-evans/create-pull-request@v7"
	a, ok := Action(uses)
	if !ok || len(a.TokenInputs) == 0 || len(a.Permissions) == 0 {
		t.Fatalf("%s: %+v %v", uses, a, ok)
	}
	want := a.TokenInputs[0]
	a.TokenInputs[0] = "changed"
	for k := range a.Permissions {
		a.Permissions[k] = "changed"
	}
	b, _ := Action(uses)
	s, _ := ActionShared(uses)
	for _, got := range []ActionInfo{b, s} {
		if got.TokenInputs[0] != want {
			t.Errorf("token input changed to %q", got.TokenInputs[0])
		}
		for k, v := range got.Permissions {
			if v == "changed" {
				t.Errorf("permission %s changed", k)
			}
		}
	}
}
