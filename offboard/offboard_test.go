package offboard

import (
	"testing"

	"github.com/pat2app/pat2app/inventory"
)

func TestSameLogin(t *testing.T) {
	for owner, want := range map[string]bool{
		"alice": true, "@Alice": true, "Alice (platform)": true, "alice, bob": true,
		"alice-bot": false, "malice": false, "": false, "bob": false,
	} {
		if got := sameLogin(owner, "alice"); got != want {
			t.Errorf("sameLogin(%q, alice) = %v", owner, got)
		}
	}
	if sameLogin("anything", " ") {
		t.Errorf("an empty login matched")
	}
}

func TestReaches(t *testing.T) {
	for _, tc := range []struct {
		repos []string
		want  bool
	}{
		{[]string{"all"}, true},
		{[]string{"acme/API"}, true},
		{[]string{"acme/web"}, false},
		{nil, true}, // not listed: may reach any
	} {
		if got := reaches(inventory.Token{Repos: tc.repos}, []string{"acme/api", "acme/tap"}); got != tc.want {
			t.Errorf("reaches(%v) = %v", tc.repos, got)
		}
	}
}
