package jsops

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tdewolff/parse/v2"
	"github.com/tdewolff/parse/v2/js"
)

func TestSourceMapLines(t *testing.T) {
	code, lines, err := TypeScriptToJS("a.ts", "const a: number = 1\n\ninterface X { y: string }\n\nfoo.rest.issues.create({})\n", false)
	if err != nil {
		t.Fatal(err)
	}
	for i, l := range strings.Split(code, "\n") {
		if strings.Contains(l, "foo.rest") && lines[i+1] != 5 {
			t.Fatalf("line %d of the JavaScript maps to %d, want 5 (%v)", i+1, lines[i+1], lines)
		}
	}
	if _, _, err := TypeScriptToJS("b.ts", "const a: = 1\n", false); err == nil {
		t.Fatal("TypeScript that does not compile: no error")
	} else if se, ok := err.(*SyntaxError); !ok || se.Line != 1 {
		t.Fatalf("error %v, want a syntax error at line 1", err)
	}
}

// TestCorpusTypeScript compiles the TypeScript scripts of the shared
// corpus of whole repositories and parses the result.
func TestCorpusTypeScript(t *testing.T) {
	root := "../../../shared/corpus2/repos"
	if _, err := os.Stat(root); err != nil {
		t.Skip("the shared corpus of repositories is not beside the checkout")
	}
	n := 0
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".ts") {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		n++
		code, _, err := TypeScriptToJS(p, string(data), false)
		if err != nil {
			t.Errorf("%s: %v", p, err)
			return nil
		}
		if _, err := js.Parse(parse.NewInputBytes([]byte(code)), js.Options{}); err != nil {
			t.Errorf("%s: %v", p, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		t.Fatal("no TypeScript file in the corpus")
	}
}
