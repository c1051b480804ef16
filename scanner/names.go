package scanner

import (
	"strings"
)

// Secret-name heuristics. They decide a kind only when nothing in the file
// shows how the value is used. Names are compared as upper-case words split
// on '_' and '-' (plain string tests: they run for every finding).

// nameWords splits a name into upper-case words.
func nameWords(name string) []string {
	return strings.FieldsFunc(strings.ToUpper(name), func(r rune) bool { return r == '_' || r == '-' })
}

// gitHubNameWords are words that, alone, say "GitHub credential".
var gitHubNameWords = map[string]bool{"GH": true, "GITHUB": true, "GHE": true, "GHCR": true, "PAT": true, "GHPAT": true, "BOTPAT": true}

// gitHubTokenPairs are "X_TOKEN" names that mean a GitHub token.
var gitHubTokenPairs = map[string]bool{"PERSONAL": true, "REPO": true, "WORKFLOW": true, "RELEASE": true, "BOT": true, "COMMIT": true, "PUSH": true, "ADMIN": true}

// looksLikeGitHubName reports names that say "GitHub token".
func looksLikeGitHubName(name string) bool {
	up := strings.ToUpper(name)
	if strings.Contains(up, "GITHUB") || strings.Contains(up, "GHCR") || strings.Contains(up, "PERSONAL_ACCESS") || strings.Contains(up, "GHPAT") || strings.HasSuffix(up, "_PAT") || strings.Contains(up, "BOT_PAT") {
		return true
	}
	words := nameWords(name)
	for i, w := range words {
		if gitHubNameWords[w] {
			return true
		}
		if i+1 < len(words) && gitHubTokenPairs[w] && (words[i+1] == "TOKEN" || words[i+1] == "ACCESS") {
			return true
		}
	}
	return false
}

// isAppKeyName reports names of GitHub App private keys.
func isAppKeyName(name string) bool {
	up := strings.ToUpper(name)
	if strings.Contains(up, "PRIVATE_KEY") || strings.Contains(up, "APP_KEY") || strings.Contains(up, "APP_PEM") {
		return true
	}
	for _, w := range nameWords(name) {
		if w == "PEM" {
			return true
		}
	}
	return false
}

// gitHubTokenInputs are action input names that, by convention, take a
// GitHub token when the action is not in the knowledge base.
var gitHubTokenInputs = map[string]bool{
	"token": true, "github-token": true, "github_token": true, "githubtoken": true, "repo-token": true,
	"repo_token": true, "gh-token": true, "gh_token": true, "personal_token": true, "personal-token": true,
	"github-pat": true, "github_pat": true, "pat": true, "gh-pat": true, "gh_pat": true, "bot-token": true,
	"committer_token": true, "committer-token": true, "push-token": true, "push_token": true,
	"repository-token": true, "access-token": true, "access_token": true, "branch-token": true,
	"api-token": true, "auth-token": true, "release-token": true, "github-api-token": true,
}

// gitHubTokenEnv are environment variables that GitHub tooling reads a token from.
var gitHubTokenEnv = map[string]bool{
	"GITHUB_TOKEN": true, "GH_TOKEN": true, "GH_ENTERPRISE_TOKEN": true, "GITHUB_ENTERPRISE_TOKEN": true,
	"GITHUB_PAT": true, "GH_PAT": true, "GITHUB_ACCESS_TOKEN": true, "GITHUB_API_TOKEN": true,
	"GITHUB_AUTH_TOKEN": true, "GITHUB_OAUTH_TOKEN": true, "HOMEBREW_GITHUB_API_TOKEN": true,
	"RENOVATE_TOKEN": true, "GITHUB_COM_TOKEN": true, "INPUT_GITHUB_TOKEN": true,
}

// notGitHubEnvExact and notGitHubEnvPrefixes name environment variables
// that carry another service's credential.
var notGitHubEnvExact = map[string]bool{"NODE_AUTH_TOKEN": true, "NPM_TOKEN": true, "NPM_AUTH_TOKEN": true, "TWINE_PASSWORD": true, "TWINE_USERNAME": true, "PYPI_TOKEN": true, "CODECOV_TOKEN": true, "SONAR_TOKEN": true, "HF_TOKEN": true, "CI_JOB_TOKEN": true, "CARGO_REGISTRY_TOKEN": true, "GEM_HOST_API_KEY": true, "VSCE_PAT": true, "OVSX_PAT": true, "SENTRY_AUTH_TOKEN": true, "DD_API_KEY": true, "TURBO_TOKEN": true, "PERCY_TOKEN": true, "CYPRESS_RECORD_KEY": true, "CF_API_TOKEN": true, "FLY_API_TOKEN": true, "OP_SERVICE_ACCOUNT_TOKEN": true, "TF_API_TOKEN": true}

var notGitHubEnvPrefixes = []string{"AWS_", "AZURE_", "ARM_", "GOOGLE_", "GCP_", "SLACK_", "COVERALLS_", "DOCKER_", "DOCKERHUB_", "HUGGINGFACE", "GITLAB_", "NUGET_", "DATADOG_", "NX_CLOUD_", "CHROMATIC_", "VERCEL_", "NETLIFY_", "CLOUDFLARE_", "CROWDIN_", "JENKINS_", "WAKATIME_", "SNAPCRAFT_", "CACHIX_", "VAULT_", "KUBECONFIG", "GPG_", "SSH_"}

// isNotGitHubEnv reports whether an env var carries another service's credential.
func isNotGitHubEnv(name string) bool {
	up := strings.ToUpper(name)
	if notGitHubEnvExact[up] {
		return true
	}
	for _, p := range notGitHubEnvPrefixes {
		if strings.HasPrefix(up, p) {
			return true
		}
	}
	return false
}

// nameSaysGitHub reports whether a secret's name says it is a GitHub token.
func nameSaysGitHub(name string) bool {
	if namesOtherService(strings.ToUpper(name)) && !strings.Contains(strings.ToUpper(name), "GITHUB") {
		return false
	}
	return looksLikeGitHubName(name) && (isTokenish(name) || strings.Contains(strings.ToUpper(name), "PAT"))
}

// nameSaysNotGitHub reports whether a secret's name names another service.
func nameSaysNotGitHub(name string) bool {
	up := strings.ToUpper(name)
	if strings.Contains(up, "GITHUB") || strings.HasPrefix(up, "GH_") {
		return false
	}
	return namesOtherService(up)
}

// isTokenish reports whether an input or variable name suggests a credential.
func isTokenish(name string) bool {
	l := strings.ToLower(name)
	for _, p := range []string{"token", "password", "passwd", "secret", "apikey", "api_key", "api-key", "auth"} {
		if strings.Contains(l, p) {
			return true
		}
	}
	for _, w := range nameWords(name) {
		if w == "PAT" {
			return true
		}
	}
	return false
}

// otherServiceParts are substrings of secret names of other services.
var otherServiceParts = strings.Fields(`NPM PYPI TWINE AWS AZURE GCP GCLOUD GOOGLE SLACK DISCORD TELEGRAM TEAMS_WEBHOOK
CODECOV COVERALLS SONAR DOCKER QUAY HFTOKEN HUGGING GITLAB BITBUCKET JENKINS CROWDIN ZULIP OP_SERVICE ONEPASSWORD
VERCEL NETLIFY CLOUDFLARE HEROKU WAKATIME SNYK CHROMATIC FIREBASE GPG PGP SIGNING SSH WEBHOOK API_KEY APIKEY CARGO
CRATES RUBYGEMS GEM_HOST NUGET OSSRH MAVEN SONATYPE ANACONDA CONDA TWITTER MASTODON BLUESKY LINKEDIN REDDIT OPENAI
ANTHROPIC DATADOG SENTRY_AUTH SENTRY_DSN PULUMI TERRAFORM TF_API VAULT KUBE DIGITALOCEAN DO_TOKEN APPLE APPSTORE
ANDROID KEYSTORE CHOCOLATEY SNAPCRAFT CACHIX TURBO_TOKEN NX_CLOUD PERCY BROWSERSTACK SAUCE CYPRESS ALGOLIA MAILGUN
SENDGRID TWILIO STRIPE OPENVSX VSCE MARKETPLACE JETBRAINS PLUGIN_REPO FLY_API RAILWAY RENDER SUPABASE DATABASE
POSTGRES MYSQL REDIS MONGO SMTP MAIL_ EMAIL_PASSWORD CACHE_ CERT P12 PASSPHRASE`)

// otherServiceByFirst groups otherServiceParts by first byte, so that a
// name is read once rather than once per part.
var otherServiceByFirst = func() (m [256][]string) {
	for _, p := range otherServiceParts {
		m[p[0]] = append(m[p[0]], p)
	}
	return m
}()

// otherServiceWords are whole words (between _ or -) of such names.
var otherServiceWords = map[string]bool{"HF": true}

// namesOtherService reports whether an upper-case secret name names another
// service.
func namesOtherService(up string) bool {
	for i := 0; i < len(up); i++ {
		for _, p := range otherServiceByFirst[up[i]] {
			if strings.HasPrefix(up[i:], p) {
				return true
			}
		}
	}
	for _, w := range strings.FieldsFunc(up, func(r rune) bool { return r == '_' || r == '-' }) {
		if otherServiceWords[w] {
			return true
		}
	}
	return false
}
