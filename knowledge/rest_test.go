package knowledge

import (
	"sort"
	"testing"
)

func TestOperationByID(t *testing.T) {
	op, ok := OperationByID("issues/add-labels")
	if !ok || op.Method != "POST" || op.Path != "/repos/{owner}/{repo}/issues/{issue_number}/labels" || !op.EnabledForApps {
		t.Errorf("issues/add-labels = %+v, %t", op, ok)
	}
	op, ok = OperationByID("actions/get-workflow-run-usage")
	if !ok || op.EnabledForApps {
		t.Errorf("actions/get-workflow-run-usage = %+v, %t; want found and not enabled for Apps", op, ok)
	}
	if _, ok := OperationByID("nope/never"); ok {
		t.Error("unknown id found")
	}
	if _, ok := OperationByID(""); ok {
		t.Error("empty id found")
	}
}

func TestRestMethod(t *testing.T) {
	tests := []struct {
		ns, method, id, verb string
	}{
		{"issues", "addLabels", "issues/add-labels", "POST"},
		{"issues", "createComment", "issues/create-comment", "POST"},
		{"pulls", "create", "pulls/create", "POST"},
		{"repos", "createDispatchEvent", "repos/create-dispatch-event", "POST"},
		{"actions", "createWorkflowDispatch", "actions/create-workflow-dispatch", "POST"},
		{"repos", "uploadReleaseAsset", "repos/upload-release-asset", "POST"},
		{"repos", "getContent", "repos/get-content", "GET"},
		{"git", "updateRef", "git/update-ref", "PATCH"},
	}
	for _, tt := range tests {
		op, ok := RestMethod(tt.ns, tt.method)
		if !ok || op.ID != tt.id || op.Method != tt.verb {
			t.Errorf("RestMethod(%s, %s) = %+v, %t; want %s %s", tt.ns, tt.method, op, ok, tt.id, tt.verb)
		}
	}
	if _, ok := RestMethod("issues", "noSuchThing"); ok {
		t.Error("unknown method found")
	}
}

// TestOctokitTable checks the generated method list: sorted, every id
// exists, and the kebab fallback agrees with it for most methods.
func TestOctokitTable(t *testing.T) {
	if !sort.SliceIsSorted(octokitMethods[:], func(i, j int) bool { return octokitMethods[i].key < octokitMethods[j].key }) {
		t.Fatal("octokitMethods not sorted")
	}
	if !sort.SliceIsSorted(restTable[:], func(i, j int) bool { return restTable[i].ID < restTable[j].ID }) {
		t.Fatal("restTable not sorted")
	}
	agree := 0
	for _, m := range octokitMethods {
		if m.id == "" {
			continue
		}
		op, ok := OperationByID(m.id)
		if !ok || op.Method != m.method || op.Path != m.path {
			t.Errorf("%s -> %s: %+v, %t", m.key, m.id, op, ok)
		}
		ns, name := m.key, ""
		for i := range m.key {
			if m.key[i] == '.' {
				ns, name = m.key[:i], m.key[i+1:]
				break
			}
		}
		if ns+"/"+kebab(name) == m.id {
			agree++
		}
	}
	if agree*10 < len(octokitMethods)*8 {
		t.Errorf("kebab fallback agrees for only %d of %d methods", agree, len(octokitMethods))
	}
}

func TestKebab(t *testing.T) {
	for in, want := range map[string]string{
		"addLabels":          "add-labels",
		"create":             "create",
		"getRepoSBOM":        "get-repo-sbom",
		"listForRepo":        "list-for-repo",
		"getOrgPublicKey":    "get-org-public-key",
		"createOrUpdateFile": "create-or-update-file",
	} {
		if got := kebab(in); got != want {
			t.Errorf("kebab(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMatchOperation(t *testing.T) {
	tests := []struct {
		method, path, id string
		apps, ambiguous  bool
	}{
		{"GET", "/users/octocat", "users/get-by-username", true, false},
		{"GET", "/users/{username}/events", "activity/list-events-for-authenticated-user", true, false},
		{"POST", "/app/installations/123/access_tokens", "apps/create-installation-access-token", true, false},
		{"GET", "/orgs/acme/teams/core/members", "teams/list-members-in-org", true, false},
		{"POST", "repos/o/r/issues/1/labels", "issues/add-labels", true, false},
		{"GET", "https://api.github.com/repos/o/r/actions/runs/5/timing", "actions/get-workflow-run-usage", false, false},
		{"GET", "/repos/o/r/contents/a/b/c", "repos/get-content", true, false},
	}
	for _, tt := range tests {
		op, amb, ok := MatchOperation(tt.method, tt.path)
		if !ok || op.ID != tt.id || op.EnabledForApps != tt.apps || amb != tt.ambiguous {
			t.Errorf("MatchOperation(%s, %s) = %+v, ambiguous %t, %t; want %s apps=%t", tt.method, tt.path, op, amb, ok, tt.id, tt.apps)
		}
	}
	if _, _, ok := MatchOperation("GET", "/no/such/thing"); ok {
		t.Error("unknown path matched")
	}
	if ix := restIndex(); len(ix.entries) != len(restTable) {
		t.Fatalf("route index has %d entries for %d operations: a method+path repeats", len(ix.entries), len(restTable))
	}
	// Every operation finds itself.
	for _, op := range RestOperations() {
		got, _, ok := MatchOperation(op.Method, op.Path)
		if !ok || got.Method != op.Method || got.Path != op.Path {
			t.Errorf("MatchOperation(%s, %s) = %+v, %t", op.Method, op.Path, got, ok)
		}
	}
}

// TestExtraEndpoints checks the supplement adds only what the docs data
// lacks, and only routes the OpenAPI description has.
func TestExtraEndpoints(t *testing.T) {
	for _, s := range extraEndpoints() {
		for _, r := range EndpointRows() {
			if r.Method == s.method && r.Path == s.path {
				t.Errorf("extra %s %s is already in the docs data", s.method, s.path)
			}
		}
		if _, _, ok := MatchOperation(s.method, s.path); !ok {
			t.Errorf("extra %s %s is not in %s", s.method, s.path, openapiSource)
		}
		m, ok := MatchEndpoint(s.method, s.path)
		if !ok || m.Template != s.path || len(m.Rows) == 0 || !m.Rows[0].Extra {
			t.Errorf("extra %s %s not matched as Extra: %+v", s.method, s.path, m)
		}
	}
}

// extraEndpoints are the rows of data/endpoints.tsv marked extra.
func extraEndpoints() []endpointSource {
	var out []endpointSource
	for _, s := range endpointTable {
		if s.extra {
			out = append(out, s)
		}
	}
	return out
}
