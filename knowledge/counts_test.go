package knowledge

import (
	"strings"
	"testing"
)

// These counts hold without ../shared: they pin the generated tables to
// the shared data's documented sizes (data/README.md).
func TestTableCounts(t *testing.T) {
	rows := EndpointRows()
	if len(rows) != 862 {
		t.Errorf("endpoint rows = %d, want 862 (all source rows, duplicates included)", len(rows))
	}
	unique := map[EndpointRow]bool{}
	pairs := map[string]bool{}
	keys := map[string]bool{}
	s2sFalse := 0
	for _, r := range rows {
		unique[r] = true
		pairs[r.Method+" "+r.Path] = true
		keys[r.DocsKey] = true
		if !r.ServerToServer {
			s2sFalse++
		}
	}
	if len(unique) != 857 {
		t.Errorf("unique endpoint rows = %d, want 857", len(unique))
	}
	if len(pairs) != 748 {
		t.Errorf("distinct method+path = %d, want 748", len(pairs))
	}
	if len(keys) != 61 {
		t.Errorf("permission keys = %d, want 61", len(keys))
	}
	if s2sFalse != 102 {
		t.Errorf("server_to_server=false rows = %d, want 102", s2sFalse)
	}
	// The index keeps one entry per method+path and drops exact duplicates.
	indexed := 0
	for p := range pairs {
		method, path, _ := strings.Cut(p, " ")
		m, ok := MatchEndpoint(method, path)
		if !ok {
			t.Errorf("MatchEndpoint(%s %s) found nothing", method, path)
			continue
		}
		if m.Template != path {
			t.Errorf("MatchEndpoint(%s %s) = %s", method, path, m.Template)
		}
		indexed += len(m.Rows)
	}
	retired := 0
	for _, r := range rows {
		if m, _ := MatchEndpoint(r.Method, r.Path); m.Retired {
			retired++
			if m.OperationID != "" {
				t.Errorf("%s %s: retired but has operation %s", r.Method, r.Path, m.OperationID)
			}
		} else if m.OperationID == "" {
			t.Errorf("%s %s: no operation id", r.Method, r.Path)
		}
	}
	// data/README.md: 61 rows name endpoints missing from @octokit/openapi 23.0.2.
	if retired != 61 {
		t.Errorf("rows of retired endpoints = %d, want 61", retired)
	}
	if indexed != 857 {
		t.Errorf("rows reachable through MatchEndpoint = %d, want 857", indexed)
	}
	tokenRows := 0
	for _, a := range Actions() {
		if !a.MintsAppToken {
			tokenRows++
		}
	}
	if tokenRows < 126 {
		t.Errorf("actions taking a token = %d, want at least 126", tokenRows)
	}
	if n := len(GHCommands()); n < 99 {
		t.Errorf("gh commands = %d, want at least 99", n)
	}
	if n := len(RestOperations()); n < 1000 {
		t.Errorf("REST operations = %d, want > 1000", n)
	}
	if n := len(GraphQLFields()); n < 40 {
		t.Errorf("GraphQL fields = %d, want >= 40", n)
	}
}
