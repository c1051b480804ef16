package verify

import (
	"reflect"
	"testing"
)

// TestSnippetRefs: the variables and secrets are read from the step as
// written, whatever its inputs are called.
func TestSnippetRefs(t *testing.T) {
	for _, tc := range []struct {
		snippet       string
		vars, secrets []string
	}{
		{"- uses: actions/create-github-app-token@v2\n  with:\n    app-id: ${{ vars.RELEASE_BOT_APP_ID }}\n    private-key: ${{ secrets.RELEASE_BOT_PRIVATE_KEY }}\n",
			[]string{"RELEASE_BOT_APP_ID"}, []string{"RELEASE_BOT_PRIVATE_KEY"}},
		{"- uses: actions/create-github-app-token@0123456789abcdef0123456789abcdef01234567 # v3\n  with:\n    client-id: ${{ vars.acme_release_bot_client_id }}\n    private-key: ${{ secrets['ACME_KEY'] || secrets.FALLBACK_KEY }}\n    owner: acme\n",
			[]string{"ACME_RELEASE_BOT_CLIENT_ID"}, []string{"ACME_KEY", "FALLBACK_KEY"}},
		{"- run: echo ${{ github.token }} ${{ vars.A }}${{ vars.B }}\n", []string{"A", "B"}, []string{}},
	} {
		got, err := snippetRefs(tc.snippet)
		if err != nil || !reflect.DeepEqual(got.Vars, tc.vars) || !reflect.DeepEqual(got.Secrets, tc.secrets) {
			t.Errorf("%q: %+v, %v; want vars %v secrets %v", tc.snippet, got, err, tc.vars, tc.secrets)
		}
	}
	if _, err := snippetRefs("- with: {a: ${{ vars. }}}\n"); err == nil {
		t.Errorf("a broken expression was accepted")
	}
}
