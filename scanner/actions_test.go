package scanner

import (
	"reflect"
	"testing"

	"github.com/pat2app/pat2app/knowledge"
)

// TestActionHandlers checks which handler reads which action: the special
// ones their own action each, every other action the generic reading of
// its row.
func TestActionHandlers(t *testing.T) {
	tests := map[string]actionHandler{
		"actions/checkout":                         checkoutAction{},
		"actions/github-script":                    githubScriptAction{},
		"octokit/request-action":                   octokitRequestAction{},
		"octokit/graphql-action":                   octokitGraphQLAction{},
		"docker/login-action":                      dockerLoginAction{},
		"docker/build-push-action":                 buildPushAction{},
		"actions/setup-node":                       setupNodeAction{},
		"goreleaser/goreleaser-action":             goreleaserAction{},
		"actions/create-github-app-token":          mintingAction{},
		"acme/internal/create-github-app-token":    mintingAction{},
		"peter-evans/create-pull-request":          genericAction{},
		"tspascoal/get-user-teams-membership":      genericAction{},
		"acme/not-in-the-knowledge-base":           genericAction{},
		"./.github/actions/local":                  genericAction{},
		"actions/setup-node-but-another-action":    genericAction{},
		"docker/login-action-lookalike/sub/action": genericAction{},
	}
	for name, want := range tests {
		s := &actionStep{name: name}
		s.info, s.known = knowledge.ActionShared(name)
		if got := handlerFor(s); reflect.TypeOf(got) != reflect.TypeOf(want) {
			t.Errorf("%s: read by %T, want %T", name, got, want)
		}
	}
	// Each handler in the list claims some action: none is dead.
	claimed := map[reflect.Type]bool{}
	for _, want := range tests {
		claimed[reflect.TypeOf(want)] = true
	}
	for _, h := range actionHandlers {
		if !claimed[reflect.TypeOf(h)] {
			t.Errorf("%T is registered but no case here shows what it reads", h)
		}
	}
}

// TestBareRepo: a repository written as its github.com address is
// OWNER/NAME; other values stay as they are.
func TestBareRepo(t *testing.T) {
	for in, want := range map[string]string{
		"github.com/acme/bench-results":         "acme/bench-results",
		"https://github.com/acme/site.git":      "acme/site",
		"https://github.com/acme/site/":         "acme/site",
		"acme/site":                             "acme/site",
		"github.com/acme":                       "github.com/acme",
		"https://gitlab.com/acme/site":          "https://gitlab.com/acme/site",
		"github.com/${{ github.repository }}":   "github.com/${{ github.repository }}",
		"https://github.com/acme/site/tree/x/y": "https://github.com/acme/site/tree/x/y",
	} {
		if got := bareRepo(in); got != want {
			t.Errorf("bareRepo(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestNamedForGitHubToken: an action named for the GitHub token or git
// credentials it takes; others, GitHub's name in them or not, are not.
func TestNamedForGitHubToken(t *testing.T) {
	for name, want := range map[string]bool{
		"frankdejonge/use-github-token@1.1.0":         true,
		"fusion-engineering/setup-git-credentials@v2": true,
		"acme/github-app-token":                       true,
		"SonarSource/sonarcloud-github-action@v2":     false,
		"rnkdsh/action-upload-diawi@v1":               false,
		"github-token/other-service":                  false,
	} {
		if got := namedForGitHubToken(name); got != want {
			t.Errorf("namedForGitHubToken(%q) = %v, want %v", name, got, want)
		}
	}
}
