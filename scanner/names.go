package scanner

import (
	"strings"

	"github.com/pat2app/pat2app/knowledge"
)

// Secret-name rules. They decide a kind only when nothing in the file shows
// how the value is used. The name parts they look for are rows of
// knowledge/data/secret-names.tsv.

// nameSaysGitHub reports whether a secret's name says it is a GitHub token.
func nameSaysGitHub(name string) bool {
	up := strings.ToUpper(name)
	if knowledge.NameMeans(up, knowledge.NameWebhook) || oauthClient(up) {
		return false
	}
	if knowledge.NameMeans(up, knowledge.NameOtherService) && !strings.Contains(up, "GITHUB") {
		return false
	}
	return knowledge.NameMeans(up, knowledge.NameGitHub) && (isTokenish(name) || strings.Contains(up, "PAT"))
}

// nameSaysNotGitHub reports whether a secret's name names another service,
// or a webhook's secret or address.
func nameSaysNotGitHub(name string) bool {
	up := strings.ToUpper(name)
	if knowledge.NameMeans(up, knowledge.NameWebhook) {
		// A webhook's secret or URL, GitHub's too, is no API credential.
		return true
	}
	if oauthClient(up) {
		// Nor is an OAuth application's client ID or secret.
		return true
	}
	if knowledge.NameMeans(up, knowledge.NameSSHKey) {
		// Nor an SSH key, which git over SSH takes (a deploy key).
		return true
	}
	if strings.Contains(up, "GITHUB") || strings.HasPrefix(up, "GH_") {
		return false
	}
	return knowledge.NameMeans(up, knowledge.NameOtherService)
}

// oauthClient reports a name of an OAuth application's client ID or
// secret (GH_OAUTH_CLIENT_ID, GITHUB_CLIENT_SECRET) that is not a GitHub
// App's client ID, which goes with the App's key (APP_CLIENT_ID).
func oauthClient(up string) bool {
	return knowledge.NameMeans(up, knowledge.NameOAuthClient) && !knowledge.NameMeans(up, knowledge.NameAppID)
}

// spellsGitHub reports an input or variable name that spells GitHub or a
// repository out (github-token, gh_token, repo-token), not one that only
// a name heuristic takes for GitHub's (bot-token): a chat action's
// bot-token is the chat service's.
func spellsGitHub(name string) bool {
	n := strings.ToLower(name)
	return strings.Contains(n, "github") || strings.HasPrefix(n, "gh") || strings.Contains(n, "repo")
}

// namesGitHub reports an input or variable name that says it is for
// GitHub (github-token, gh_token, repo-token).
func namesGitHub(name string) bool {
	n := strings.ToLower(name)
	return strings.Contains(n, "github") || knowledge.NameMeans(name, knowledge.NameGitHub) || strings.HasPrefix(n, "gh") || strings.Contains(n, "repo")
}

// namedGitHubTokenInput reports whether an input's name says it takes a
// GitHub token by naming GitHub (github-token, gitHubToken, gh_token), not
// only a token (api-token, token).
func namedGitHubTokenInput(input string) bool {
	n := strings.ToLower(input)
	return knowledge.IsGitHubTokenInput(input) && (strings.Contains(n, "github") || strings.HasPrefix(n, "gh"))
}

// isTokenish reports whether an input or variable name suggests a credential.
func isTokenish(name string) bool {
	return knowledge.NameMeans(name, knowledge.NameCredential)
}

// namesOtherPurpose reports whether a variable or input name says what its
// value is for, and that is not GitHub: it holds a word beyond the generic
// credential words (LOKI_PASSWORD, CODESIGN_IDENTITY, otlpHeaders) and
// nothing GitHub tools read or GitHub token names hold.
func namesOtherPurpose(name string) bool {
	up := strings.ToUpper(name)
	if knowledge.IsGitHubTokenEnv(up) || knowledge.IsGitHubTokenVarName(up) || knowledge.NameMeans(up, knowledge.NameGitHub) || strings.Contains(up, "GITHUB") {
		return false
	}
	// Words of GitHub work (DEPLOY_TOKEN, RELEASE_KEY, SYNC_TOKEN) may
	// well name a GitHub token.
	if knowledge.NameSuggests(name, knowledge.WordWritesGit) {
		return false
	}
	return !knowledge.NameIsOnlyCredentialWords(name)
}

// withoutOwner is a secret's name with the name of the account that owns
// repo (owner/name) taken out, when the account's name, its hyphens read
// as underscores or dropped, is a part of it between underscores or at
// either end: HUGGINGFACE_PUSH of huggingface/peft is _PUSH. An
// organisation names its own secrets after itself, and its name may be a
// service's (huggingface, sentry, docker): that part says nothing of what
// the secret is for.
func withoutOwner(name, repo string) string {
	owner, _, ok := strings.Cut(repo, "/")
	if !ok || len(owner) < 3 {
		return name
	}
	up := strings.ToUpper(name)
	for _, o := range []string{strings.ReplaceAll(strings.ToUpper(owner), "-", "_"), strings.ReplaceAll(strings.ToUpper(owner), "-", "")} {
		for i := strings.Index(up, o); i >= 0; {
			end := i + len(o)
			if (i == 0 || up[i-1] == '_') && (end == len(up) || up[end] == '_') {
				return name[:i] + name[end:]
			}
			next := strings.Index(up[i+1:], o)
			if next < 0 {
				break
			}
			i += 1 + next
		}
	}
	return name
}
