package verify

import (
	"strings"
	"testing"
)

// FuzzSnippetRefs: any token step text, however broken, gives names
// without panicking, upper case and without spaces.
func FuzzSnippetRefs(f *testing.F) {
	f.Add("- uses: actions/create-github-app-token@v2\n  with:\n    app-id: ${{ vars.A_APP_ID }}\n    private-key: ${{ secrets['A_KEY'] }}\n")
	f.Add("${{ vars. }}")
	f.Add("a: ${{ format('{0}', vars.X) }} ${{")
	f.Fuzz(func(t *testing.T, snippet string) {
		refs, _ := snippetRefs(snippet)
		for _, n := range append(refs.Vars, refs.Secrets...) {
			if n != strings.ToUpper(n) {
				t.Errorf("name %q is not upper case", n)
			}
		}
	})
}
