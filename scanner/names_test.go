package scanner

import (
	"testing"

	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/knowledge"
)

func TestNameHeuristics(t *testing.T) {
	for _, tc := range []struct {
		name                      string
		github, other, app, token bool
	}{
		{"GH_PAT", true, false, false, true},
		{"RELEASE_PAT", true, false, false, true},
		{"PERSONAL_ACCESS_TOKEN", true, false, false, true},
		{"BOT_TOKEN", true, false, false, true},
		{"GHCR_TOKEN", true, false, false, true},
		{"HOMEBREW_TAP_GITHUB_TOKEN", true, false, false, true},
		{"GH_USER_NAME", false, false, false, false},
		{"NPM_TOKEN", false, true, false, true},
		{"MASTODON_ACCESS_TOKEN", false, true, false, true},
		{"SLACK_BOT_TOKEN", false, true, false, true},
		{"DINGDING_BOT_TOKEN", false, true, false, true},
		{"FEISHU_BOT_WEBHOOK", false, true, false, false},
		{"GITHUB_WEBHOOK_SECRET", false, true, false, true},
		{"TEST_SOURCECODE_GITHUBENTERPRISE_DEFAULT_WEBHOOKSECRET", false, true, false, true},
		{"GH_WEBHOOK_URL", false, true, false, false},
		{"TELEGRAM_BOT_TOKEN", false, true, false, true},
		{"WECOM_KEY", false, true, false, false},
		{"WECOMMIT_TOKEN", false, false, false, true},
		{"HF_TOKEN", false, true, false, true},
		{"SPN_GITHUB_CLI_SIGNING", false, false, false, false},
		{"MY_APP_PRIVATE_KEY", false, false, true, false},
		{"BOT_PEM", false, false, true, false},
		{"GH_APP_PEM", false, false, true, false},
		{"MCP_REGISTRY_PEM", false, false, false, false},
		{"GH_OAUTH_CLIENT_ID", false, true, false, true},
		{"TESTS_OAUTH2_GITHUB_CLIENT_SECRET", false, true, false, true},
		{"GITHUB_APP_CLIENT_ID", false, false, false, false},
		{"ANGULAR_ROBOT_PRIVATE_KEY", false, false, true, false},
		{"MAVEN_GPG_PRIVATE_KEY", false, true, false, false},
		{"STSIGTOOL_PRIVATE_KEY", false, false, false, false},
		{"CODSPEED_TOKEN", false, true, false, true},
		{"REPLICATED_API_TOKEN", false, true, false, true},
		{"GORELEASER_KEY", false, true, false, false},
		{"SIGNPATH_API_TOKEN", false, true, false, true},
		{"GH_GORELEASER_TOKEN", true, false, false, true},
		{"DEPLOY_PASSWORD", false, false, false, true},
		{"PATH_PREFIX", false, false, false, false},
	} {
		if got := nameSaysGitHub(tc.name); got != tc.github {
			t.Errorf("nameSaysGitHub(%q) = %v", tc.name, got)
		}
		if got := nameSaysNotGitHub(tc.name); got != tc.other {
			t.Errorf("nameSaysNotGitHub(%q) = %v", tc.name, got)
		}
		if got := knowledge.NameMeans(tc.name, knowledge.NameAppKey); got != tc.app {
			t.Errorf("NameMeans(%q, NameAppKey) = %v", tc.name, got)
		}
		if got := isTokenish(tc.name); got != tc.token {
			t.Errorf("isTokenish(%q) = %v", tc.name, got)
		}
	}
	for name, want := range map[string]bool{"GITHUB_TOKEN": true, "HOMEBREW_TAP_GITHUB_TOKEN": true, "GH_PAT": true, "MYGITHUB_TOKEN": false, "TOKEN": false} {
		if got := knowledge.IsGitHubTokenVarName(name); got != want {
			t.Errorf("IsGitHubTokenVarName(%q) = %v", name, got)
		}
	}
}

func TestNamesOtherPurpose(t *testing.T) {
	for name, want := range map[string]bool{
		"LOKI_PASSWORD": true,
		"RCLONE_CONFIG_OBJSTORE_SECRET_ACCESS_KEY": true,
		"otlpHeaders":               true,
		"WEBLATE_TOKEN":             true,
		"TOKEN":                     false,
		"API_KEY":                   false,
		"GITHUB_TOKEN":              false,
		"GH_PAT":                    false,
		"HOMEBREW_TAP_GITHUB_TOKEN": false,
		"RELEASE_TOKEN":             false,
		"SITE_DEPLOY_TOKEN":         false,
		"SYNC_KEY":                  false,
	} {
		if got := namesOtherPurpose(name); got != want {
			t.Errorf("namesOtherPurpose(%q) = %v, want %v", name, got, want)
		}
	}
}

// TestPasswordNames: a secret named for a password, another service or a
// setting is not GitHub's when nothing shows its use, unless its name says
// GitHub.
func TestPasswordNames(t *testing.T) {
	s := New(Options{})
	for _, tc := range []struct {
		name string
		want inventory.Kind
	}{
		{"RELEASE_PASSWORD", inventory.KindNotGitHub},
		{"opensearch_admin_password", inventory.KindNotGitHub},
		{"GITHUB_PASSWORD", inventory.KindPAT},
		{"GH_PASSWORD", inventory.KindPAT},
		{"RELEASE_TOKEN", inventory.KindPAT},
		{"RELEASE_KEY", inventory.KindUnknown},
		// Other services' credentials and the settings beside them (a
		// database's name, a subdomain, a signing identity).
		{"MSSQL_DB", inventory.KindNotGitHub},
		{"SNOWFLAKE_DATABASE", inventory.KindNotGitHub},
		{"ASTRO_SUBDOMAIN", inventory.KindNotGitHub},
		{"AMO_API_SECRET", inventory.KindNotGitHub},
		{"PACT_BROKER_READ_WRITE_TOKEN", inventory.KindNotGitHub},
		{"LD_SDK_KEY", inventory.KindNotGitHub},
		{"DBT_CLOUD__API_TOKEN", inventory.KindNotGitHub},
		{"ATLANTISBOT_NGROK_AUTH_TOKEN", inventory.KindNotGitHub},
		{"PAGERDUTY_TOKEN", inventory.KindNotGitHub},
		{"POSTHOG_KEY", inventory.KindNotGitHub},
		{"CURRENTS_RECORD_KEY", inventory.KindNotGitHub},
		{"SENTRY_PROJECT_SLUG", inventory.KindNotGitHub},
		{"TCTEST_SERVER", inventory.KindNotGitHub},
		{"TCTEST_ALLOWED_USERS", inventory.KindNotGitHub},
		{"DJANGO_SECRET_KEY", inventory.KindNotGitHub},
		{"SECRET_KEY", inventory.KindNotGitHub},
		{"CODESIGN_IDENTITY", inventory.KindNotGitHub},
		{"NGC_TEAM", inventory.KindNotGitHub},
		{"COSIGN_PRIVATE_KEY_V1", inventory.KindNotGitHub},
		{"MM_DESKTOP_BUILD_SENTRYDSN", inventory.KindNotGitHub},
		{"SBOM_SIGN_PRIVATE_KEY", inventory.KindNotGitHub},
		{"CLICKHOUSE_PASSWORD", inventory.KindNotGitHub},
		{"ETH_SEPOLIA_RPC", inventory.KindNotGitHub},
		{"THROW_AWAY_MAINNET_PKEY", inventory.KindNotGitHub},
		{"TESTS_E2E_OPTIONS_DART", inventory.KindNotGitHub},
		{"IOS_SERVICE_INFO_PLIST", inventory.KindNotGitHub},
		{"PYXIS_API_TOKEN", inventory.KindNotGitHub},
		{"NEXUS_PASS64", inventory.KindNotGitHub},
		{"GHA_TOKEN_BOT_MAIN_REPO", inventory.KindPAT},
		{"BINANCE_EXCHANGE_SECRET", inventory.KindNotGitHub},
		{"CI_WEB_PROXY", inventory.KindNotGitHub},
		{"RELEASE_MINISIGN_PRIVATE_KEY", inventory.KindNotGitHub},
		{"BUILDKITE_API_TOKEN", inventory.KindNotGitHub},
		{"GITHUB_DB_TOKEN", inventory.KindPAT},
		{"RELEASE_TOKEN", inventory.KindPAT},
	} {
		b := &builder{f: inventory.Finding{Credential: "secrets." + tc.name}}
		if got, _, why := s.classify(b, s.cfg); got != tc.want {
			t.Errorf("%s: kind %s (%s), want %s", tc.name, got, why, tc.want)
		}
	}
}

// TestWithoutOwner: the owning account's name, as a whole part of a
// secret's name, is taken out before the service words are read.
func TestWithoutOwner(t *testing.T) {
	for _, tc := range []struct{ name, repo, want string }{
		{"HUGGINGFACE_PUSH", "huggingface/peft", "_PUSH"},
		{"huggingface_push", "huggingface/peft", "_push"},
		{"BOT_SENTRY_TOKEN", "sentry/app", "BOT__TOKEN"},
		{"DOCKER_TOOLS_TOKEN", "docker-tools/x", "_TOKEN"},
		{"DOCKERTOOLS_TOKEN", "docker-tools/x", "_TOKEN"},
		{"DOCKERHUB_TOKEN", "docker/buildx", "DOCKERHUB_TOKEN"},
		{"SENTRY_AUTH_TOKEN", "getsentry/self-hosted", "SENTRY_AUTH_TOKEN"},
		{"HF_TOKEN", "huggingface/peft", "HF_TOKEN"},
		{"GO_TOKEN", "go/x", "GO_TOKEN"},
		{"RELEASE_TOKEN", "", "RELEASE_TOKEN"},
	} {
		if got := withoutOwner(tc.name, tc.repo); got != tc.want {
			t.Errorf("withoutOwner(%q, %q) = %q, want %q", tc.name, tc.repo, got, tc.want)
		}
	}
	s := New(Options{})
	for _, tc := range []struct {
		name, repo string
		want       inventory.Kind
	}{
		{"HUGGINGFACE_PUSH", "huggingface/peft", inventory.KindUnknown},
		{"HUGGINGFACE_PUSH", "acme/app", inventory.KindNotGitHub},
	} {
		b := &builder{f: inventory.Finding{Credential: "secrets." + tc.name, Repo: tc.repo}}
		if got, _, why := s.classify(b, s.cfg); got != tc.want {
			t.Errorf("%s in %s: kind %s (%s), want %s", tc.name, tc.repo, got, why, tc.want)
		}
	}
}

// TestCredFlagName: the option of a command line in an input's value that
// a credential is given to.
func TestCredFlagName(t *testing.T) {
	for _, tc := range []struct{ v, c, want string }{
		{"update tool --token=${{ secrets.KOMAC_TOKEN }} --submit", "secrets.KOMAC_TOKEN", "token"},
		{`sync --api-key "${{secrets.KEY}}"`, "secrets.KEY", "api-key"},
		{"--token=${{ secrets.A }} --password ${{ secrets.B }}", "secrets.B", "password"},
		{"${{ secrets.A }}", "secrets.A", ""},
		{"--token=${{ secrets.A }}", "secrets.B", ""},
	} {
		if got := credFlagName(tc.v, tc.c); got != tc.want {
			t.Errorf("credFlagName(%q, %q) = %q, want %q", tc.v, tc.c, got, tc.want)
		}
	}
}
