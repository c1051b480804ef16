package fix

import (
	"strings"
	"testing"

	"github.com/pat2app/pat2app/planner"
)

func TestClassify(t *testing.T) {
	tests := []struct {
		expr  string
		shape exprShape
		paths []string
	}{
		{" secrets.GH_PAT ", shapeRef, []string{"secrets.gh_pat"}},
		{"secrets['GH_PAT']", shapeRef, []string{"secrets.gh_pat"}},
		{"secrets . GH_PAT", shapeRef, []string{"secrets.gh_pat"}},
		{"steps.app-token.outputs.token", shapeRef, []string{"steps.app-token.outputs.token"}},
		{"secrets.PAT || github.token", shapeFallback, []string{"secrets.pat", "github.token"}},
		{"secrets.PAT || secrets.GITHUB_TOKEN || github.token", shapeFallback, []string{"secrets.pat", "secrets.github_token", "github.token"}},
		{"format('x:{0}', secrets.PAT)", shapeFormat, []string{"secrets.pat"}},
		{"secrets.PAT != ''", shapeOther, []string{"secrets.pat"}},
		{"secrets.PAT && github.token", shapeOther, []string{"secrets.pat", "github.token"}},
		{"toJSON(secrets)", shapeOther, []string{"secrets"}},
		{"'secrets.PAT'", shapeOther, nil},
		{"secrets.PAT_2", shapeRef, []string{"secrets.pat_2"}},
		{"secrets.PAT }", shapeOther, []string{"secrets.pat"}},
		{"", shapeOther, nil},
		{"(secrets.PAT) || github.token", shapeFallback, []string{"secrets.pat", "github.token"}},
		{"SECRETS.Pat || GitHub.Token", shapeFallback, []string{"secrets.pat", "github.token"}},
		{"secrets.PAT + 1", shapeOther, []string{"secrets.pat"}}, // not an expression: the names it holds
	}
	for _, tc := range tests {
		shape, cs := classify(tc.expr)
		if shape != tc.shape {
			t.Errorf("classify(%q) shape = %v, want %v", tc.expr, shape, tc.shape)
		}
		var paths []string
		for _, c := range cs {
			paths = append(paths, c.path)
		}
		if len(paths) != len(tc.paths) {
			t.Errorf("classify(%q) paths = %v, want %v", tc.expr, paths, tc.paths)
			continue
		}
		for i := range paths {
			if paths[i] != tc.paths[i] {
				t.Errorf("classify(%q) paths = %v, want %v", tc.expr, paths, tc.paths)
			}
		}
	}
}

func TestClassifyBareArguments(t *testing.T) {
	_, cs := classify("format('{0}:{1}', secrets.PAT, toJSON(secrets.OTHER))")
	if len(cs) != 2 || !cs[0].bare || cs[1].bare {
		t.Fatalf("chains = %+v, want secrets.pat bare and secrets.other not", cs)
	}
}

func TestNormCred(t *testing.T) {
	for in, want := range map[string]string{
		"secrets.GH_PAT":                "secrets.gh_pat",
		"github.token":                  "github.token",
		"secrets.PAT || github.token":   "",
		"secrets: inherit":              "",
		"ghp_****1234":                  "",
		"steps.app-token.outputs.token": "steps.app-token.outputs.token",
	} {
		if got := normCred(in); got != want {
			t.Errorf("normCred(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestRewriteReadsExpressionsAsTheScannerDoes: fix reads an expression as
// the scanner does (one parser): a parenthesised fallback is a fallback,
// which fix rewrites, not a larger expression it must leave to a person.
func TestRewriteReadsExpressionsAsTheScannerDoes(t *testing.T) {
	src := `on: push
jobs:
  j:
    runs-on: ubuntu-latest
    steps:
      - run: gh issue edit 1 --add-label x
        env:
          GH_TOKEN: ${{ (secrets.PAT || github.token) }}
`
	job := planner.Job{Job: "j", Credential: "secrets.PAT", Kind: "pat", Decision: planner.DecisionGitHubToken, PermissionsBlock: "permissions:\n  issues: write\n"}
	res := Rewrite([]byte(src), []planner.Job{job})
	if len(res.Applied) != 1 || !strings.Contains(string(res.Output), "GH_TOKEN: ${{ github.token }}") {
		t.Fatalf("applied %+v, skipped %+v:\n%s", res.Applied, res.Skipped, res.Output)
	}
}
