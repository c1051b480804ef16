package fix

import (
	"testing"
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
	}
	for _, tc := range tests {
		shape, _, cs := classify(tc.expr)
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

func TestFindExprs(t *testing.T) {
	got := findExprs("a ${{ secrets.X }} b ${{ format('}}', y) }} c ${{ open")
	if len(got) != 2 || got[0].expr != " secrets.X " || got[1].expr != " format('}}', y) " {
		t.Fatalf("findExprs = %+v", got)
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
