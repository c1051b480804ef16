package scanner

import "testing"

// TestDropArgumentValues: run-time values inside argument lists go, those
// that could be a selection stay, and a document without any is left.
func TestDropArgumentValues(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		ok       bool
	}{
		{`query { issue(first: 100{after_clause}) { nodes { n } } }`, `query { issue(first: 100) { nodes { n } } }`, true},
		{`query { repository(owner: {owner}, name: "x") { id } }`, `query { repository(owner: , name: "x") { id } }`, true},
		{`query { {fields} }`, `query { {fields} }`, false},
		{`query { viewer { login } }`, `query { viewer { login } }`, false},
		{`query { a(q: "(") { x } b(n: {n}) { y } }`, `query { a(q: "(") { x } b(n: ) { y } }`, true},
	} {
		got, ok := dropArgumentValues(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("dropArgumentValues(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}
