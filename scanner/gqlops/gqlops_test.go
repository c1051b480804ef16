package gqlops

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name string
		doc  string
		want []Operation
	}{
		{
			name: "projectV2 item add",
			doc: `mutation($project:ID!, $item:ID!) {
  addProjectV2ItemById(input: {projectId: $project, contentId: $item}) {
    item { id }
  }
}`,
			want: []Operation{{Type: "mutation", Fields: []Field{{
				Name: "addProjectV2ItemById",
				Args: map[string]string{"input": "{projectId:$project,contentId:$item}"},
				Sub:  []string{"item"}, Line: 2,
			}}}},
		},
		{
			name: "projectV2 field update with literal value object",
			doc: `mutation UpdateStatus($project: ID!, $item: ID!, $field: ID!, $option: String!) {
  set_status: updateProjectV2ItemFieldValue(
    input: {
      projectId: $project
      itemId: $item
      fieldId: $field
      value: { singleSelectOptionId: $option }
    }
  ) {
    projectV2Item { id }
  }
}`,
			want: []Operation{{Type: "mutation", Name: "UpdateStatus", Fields: []Field{{
				Name: "updateProjectV2ItemFieldValue", Alias: "set_status",
				Args: map[string]string{"input": "{projectId:$project,itemId:$item,fieldId:$field,value:{singleSelectOptionId:$option}}"},
				Sub:  []string{"projectV2Item"}, Line: 2,
			}}}},
		},
		{
			name: "organization projectV2 lookup",
			doc: `query {
  organization(login: "my-org") {
    projectV2(number: 7) {
      id
      fields(first: 20) { nodes { ... on ProjectV2SingleSelectField { id name options { id name } } } }
    }
  }
}`,
			want: []Operation{{Type: "query", Fields: []Field{{
				Name: "organization", Args: map[string]string{"login": "my-org"},
				Sub: []string{"projectV2"}, Line: 2,
			}}}},
		},
		{
			name: "user projectV2 with variable login",
			doc:  `query($login: String!, $number: Int!) { user(login: $login) { projectV2(number: $number) { id } } }`,
			want: []Operation{{Type: "query", Fields: []Field{{
				Name: "user", Args: map[string]string{"login": "$login"},
				Sub: []string{"projectV2"}, Line: 1,
			}}}},
		},
		{
			name: "two aliased projectV2 field updates (gh api graphql in a run step)",
			doc: `
            mutation (
              $project: ID!
              $item: ID!
              $plugin_field: ID!
              $plugin_value: String!
              $theme_field: ID!
              $theme_value: String!
            ) {
              set_plugin: updateProjectV2ItemFieldValue(input: {
                projectId: $project
                itemId: $item
                fieldId: $plugin_field
                value: {
                  text: $plugin_value
                }
              }) {
                projectV2Item {
                  id
                }
              }
              set_theme: updateProjectV2ItemFieldValue(input: {
                projectId: $project
                itemId: $item
                fieldId: $theme_field
                value: {
                  text: $theme_value
                }
              }) {
                projectV2Item {
                  id
                }
              }
            }`,
			want: []Operation{{Type: "mutation", Fields: []Field{
				{Name: "updateProjectV2ItemFieldValue", Alias: "set_plugin",
					Args: map[string]string{"input": "{projectId:$project,itemId:$item,fieldId:$plugin_field,value:{text:$plugin_value}}"},
					Sub:  []string{"projectV2Item"}, Line: 10},
				{Name: "updateProjectV2ItemFieldValue", Alias: "set_theme",
					Args: map[string]string{"input": "{projectId:$project,itemId:$item,fieldId:$theme_field,value:{text:$theme_value}}"},
					Sub:  []string{"projectV2Item"}, Line: 22},
			}}},
		},
		{
			name: "createCommitOnBranch",
			doc: `mutation ($input: CreateCommitOnBranchInput!) {
  createCommitOnBranch(input: $input) {
    commit { url }
  }
}`,
			want: []Operation{{Type: "mutation", Fields: []Field{{
				Name: "createCommitOnBranch", Args: map[string]string{"input": "$input"},
				Sub: []string{"commit"}, Line: 2,
			}}}},
		},
		{
			name: "enablePullRequestAutoMerge with enum and string",
			doc: `mutation {
  enablePullRequestAutoMerge(input: {pullRequestId: "PR_kwDOA", mergeMethod: SQUASH}) {
    clientMutationId
  }
}`,
			want: []Operation{{Type: "mutation", Fields: []Field{{
				Name: "enablePullRequestAutoMerge",
				Args: map[string]string{"input": `{pullRequestId:"PR_kwDOA",mergeMethod:SQUASH}`},
				Sub:  []string{"clientMutationId"}, Line: 2,
			}}}},
		},
		{
			name: "search with string containing braces",
			doc: `query($cursor: String) {
  search(query: "repo:o/r is:pr is:open label:\"auto {merge}\"", type: ISSUE, first: 100, after: $cursor) {
    pageInfo { hasNextPage endCursor }
    nodes { ... on PullRequest { number title } }
  }
}`,
			want: []Operation{{Type: "query", Fields: []Field{{
				Name: "search",
				Args: map[string]string{"query": `repo:o/r is:pr is:open label:"auto {merge}"`, "type": "ISSUE", "first": "100", "after": "$cursor"},
				Sub:  []string{"pageInfo", "nodes"}, Line: 2,
			}}}},
		},
		{
			name: "repository pullRequests with literal owner and name",
			doc: `# list open PRs
query {
  repository(owner: "octo-org", name: "hello") {
    pullRequests(first: 50, states: [OPEN]) { nodes { number } }
    issues: issues(first: 1) { totalCount }
  }
  rateLimit { remaining }
}`,
			want: []Operation{{Type: "query", Fields: []Field{
				{Name: "repository", Args: map[string]string{"owner": "octo-org", "name": "hello"}, Sub: []string{"pullRequests", "issues"}, Line: 3},
				{Name: "rateLimit", Sub: []string{"remaining"}, Line: 7},
			}}},
		},
		{
			name: "shorthand query and node with inline fragment",
			doc:  `{ node(id: "PVT_1") { ... on ProjectV2 { items(first: 10) { nodes { id } } } } }`,
			want: []Operation{{Type: "query", Fields: []Field{{
				Name: "node", Args: map[string]string{"id": "PVT_1"},
				Sub: []string{"... on ProjectV2", "items"}, Line: 1,
			}}}},
		},
		{
			name: "fragments, spreads, directives and two operations",
			doc: `fragment PR on PullRequest { id title }
query A($skip: Boolean = false) @cached {
  ...Top
  ... on Query { viewer { login } }
  repository(owner: $o, name: "n") @skip(if: $skip) { pullRequest(number: 1) { ...PR } }
}
mutation B { addComment(input: {subjectId: "x", body: """multi
line "quoted" body"""}) { clientMutationId } }`,
			want: []Operation{
				{Type: "query", Name: "A", Fields: []Field{
					{Name: "...Top", Line: 3},
					{Name: "viewer", Sub: []string{"login"}, Line: 4},
					{Name: "repository", Args: map[string]string{"owner": "$o", "name": "n"}, Sub: []string{"pullRequest"}, Line: 5},
				}},
				{Type: "mutation", Name: "B", Fields: []Field{
					{Name: "addComment", Args: map[string]string{"input": `{subjectId:"x",body:"multi\nline \"quoted\" body"}`}, Sub: []string{"clientMutationId"}, Line: 7},
				}},
			},
		},
		{
			name: "numbers, null, booleans, unicode escape, CRLF and BOM",
			doc:  "\uFEFFquery {\r\n  a(i: -12, f: 1.5e3, n: null, b: true, s: \"\\u00e9\") { x }\r\n}",
			want: []Operation{{Type: "query", Fields: []Field{{
				Name: "a", Args: map[string]string{"i": "-12", "f": "1.5e3", "n": "null", "b": "true", "s": "é"},
				Sub: []string{"x"}, Line: 2,
			}}}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse(tt.doc)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			// What lies below the children is TestParseDeep's.
			for i := range got {
				for j := range got[i].Fields {
					got[i].Fields[j].Deep = nil
				}
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Parse:\n got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

// TestParseDeep: the names below a field's children, at any depth, once
// each, inline fragments marked.
func TestParseDeep(t *testing.T) {
	for _, tc := range []struct {
		doc  string
		want []string
	}{
		{`query { repository(owner: "o", name: "r") { pullRequest(number: 1) { closingIssuesReferences(first: 10) { nodes { number } } } } }`,
			[]string{"closingIssuesReferences", "nodes", "number"}},
		{`query($id: ID!) { node(id: $id) { ... on Issue { projectItems(first: 5) { nodes { id } } } } }`,
			[]string{"nodes", "id"}},
		{`query { viewer { login } }`, nil},
		{`query { a { b { c } d { c } } }`, []string{"c"}},
	} {
		ops, err := Parse(tc.doc)
		if err != nil || len(ops) != 1 || len(ops[0].Fields) != 1 {
			t.Fatalf("%s: %v %v", tc.doc, ops, err)
		}
		if got := ops[0].Fields[0].Deep; !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: Deep = %q, want %q", tc.doc, got, tc.want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name      string
		doc       string
		line, col int
		msg       string
	}{
		{"empty", "", 1, 1, "no operation"},
		{"only a fragment", "fragment F on Query { a }", 1, 26, "no operation"},
		{"unclosed selection", "query {\n  a {\n    b\n", 4, 1, "expected field name, found end of document"},
		{"bad character", "query { a% }", 1, 10, "unexpected character"},
		{"unterminated string", "query { a(s: \"abc\n) }", 1, 14, "unterminated string"},
		{"missing colon", "query { a(s \"x\") }", 1, 13, `expected ":"`},
		{"type system", "type Query { a: Int }", 1, 1, "type-system"},
		{"empty selection", "query { }", 1, 9, "empty selection set"},
		{"two dots", "query { ..a }", 1, 9, "spread"},
		{"variable in default", "query($a: Int = $b) { x }", 1, 17, "variable in a constant"},
		{"bad number", "query { a(n: 12abc) { x } }", 1, 14, "malformed number"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(tt.doc)
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("Parse error = %v, want *SyntaxError", err)
			}
			if se.Line != tt.line || se.Col != tt.col || !strings.Contains(se.Error(), tt.msg) {
				t.Errorf("error = %q at %d:%d, want %q at %d:%d", se.Msg, se.Line, se.Col, tt.msg, tt.line, tt.col)
			}
		})
	}
}

func TestParseLimits(t *testing.T) {
	deep := "query " + strings.Repeat("{ a ", MaxDepth+1) + strings.Repeat("}", MaxDepth+1)
	if _, err := Parse(deep); err == nil || !strings.Contains(err.Error(), "nesting deeper") {
		t.Errorf("deep selection: error = %v, want nesting error", err)
	}
	deepList := "query { a(x: " + strings.Repeat("[", MaxDepth+1) + strings.Repeat("]", MaxDepth+1) + ") { b } }"
	if _, err := Parse(deepList); err == nil || !strings.Contains(err.Error(), "nesting deeper") {
		t.Errorf("deep list: error = %v, want nesting error", err)
	}
	ok := "query " + strings.Repeat("{ a ", MaxDepth-1) + strings.Repeat("}", MaxDepth-1)
	if _, err := Parse(ok); err != nil {
		t.Errorf("nesting at the limit: %v", err)
	}
	big := "query { a }" + strings.Repeat(" ", MaxDocumentSize)
	if _, err := Parse(big); err == nil || !strings.Contains(err.Error(), "limit") {
		t.Errorf("big document: error = %v, want size error", err)
	}
}

func TestFieldNames(t *testing.T) {
	ops, err := Parse(`query { b: repository(owner:"o", name:"n") { id } viewer { login } } mutation { addStar(input:{starrableId:"x"}) { clientMutationId } viewer { id } }`)
	if err != nil {
		t.Fatal(err)
	}
	got := FieldNames(ops)
	want := []string{"addStar", "repository", "viewer"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("FieldNames = %v, want %v", got, want)
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		`query { repository(owner: "o", name: "n") { pullRequests(first: 1) { nodes { id } } } }`,
		`mutation($i: ID!) { addProjectV2ItemById(input: {projectId: $i, contentId: $i}) { item { id } } }`,
		`{ a: b(c: [1, 2.5, "x", {d: $e}]) @include(if: true) { ... on X { y } ...Z } }`,
		"fragment F on T { a }\nquery Q { ...F }",
		`query { a(s: """block \""" string""") { b } }`,
		"# comment only",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, doc string) {
		ops, err := Parse(doc)
		if err != nil {
			var se *SyntaxError
			if errors.As(err, &se) && (se.Line < 1 || se.Col < 1) {
				t.Fatalf("error position %d:%d is not 1-based", se.Line, se.Col)
			}
			return
		}
		if len(ops) == 0 {
			t.Fatal("no error and no operation")
		}
		for _, op := range ops {
			if op.Type != "query" && op.Type != "mutation" && op.Type != "subscription" {
				t.Fatalf("bad operation type %q", op.Type)
			}
			for _, fl := range op.Fields {
				if fl.Name == "" || fl.Line < 1 {
					t.Fatalf("bad field %+v", fl)
				}
			}
		}
	})
}
