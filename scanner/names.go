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
	if knowledge.NameMeans(up, knowledge.NameWebhook) {
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
	if strings.Contains(up, "GITHUB") || strings.HasPrefix(up, "GH_") {
		return false
	}
	return knowledge.NameMeans(up, knowledge.NameOtherService)
}

// namesGitHub reports an input or variable name that says it is for
// GitHub (github-token, gh_token, repo-token).
func namesGitHub(name string) bool {
	n := strings.ToLower(name)
	return strings.Contains(n, "github") || knowledge.NameMeans(name, knowledge.NameGitHub) || strings.HasPrefix(n, "gh") || strings.Contains(n, "repo")
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
