package knowledge

import "testing"

func TestNameIsOnlyCredentialWords(t *testing.T) {
	for name, want := range map[string]bool{
		"TOKEN":                  true,
		"API_KEY":                true,
		"auth-token":             true,
		"MY_SECRET_PASSWORD":     true,
		"":                       true,
		"LOKI_PASSWORD":          false,
		"CODESIGN_IDENTITY":      false,
		"RCLONE_CONFIG_S3_KEY":   false,
		"TOKEN2":                 false,
		"WEBLATE_TOKEN":          false,
		"otlpHeaders":            false,
		"GITHUB_TOKEN":           false,
		"HONEYCOMB_API_KEY_PROD": false,
	} {
		if got := NameIsOnlyCredentialWords(name); got != want {
			t.Errorf("NameIsOnlyCredentialWords(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestNameIsIdentifier(t *testing.T) {
	for name, want := range map[string]bool{
		"NOTARIZATION_TEAMID":     true,
		"TENANTID":                true,
		"TODESKTOP_ID":            true,
		"GLUON_MACSIGN_PREFIX":    true,
		"AWS_ACCESS_KEY_ID_2":     true,
		"GITHUB_CLIENT_ID":        false,
		"GH_APP_ID":               false,
		"BOT_APP_ID":              false,
		"ID_TOKEN":                false,
		"PREFIX_PAT":              false,
		"E2E_GITHUB_REPO":         true, // a repository's name, GitHub's or not
		"E2E_GITHUB_BRANCH":       true,
		"GH_PAGES_REPOSITORY":     true,
		"DEPLOY_BRANCH_2":         true,
		"GITHUB_REPO_TOKEN":       false,
		"GHA_TOKEN_BOT_MAIN_REPO": false, // the token for a repository
	} {
		if got := NameIsIdentifier(name); got != want {
			t.Errorf("NameIsIdentifier(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestNameIsAddress(t *testing.T) {
	for name, want := range map[string]bool{
		"KEEP_API_URL":        true,
		"HARBOR_DOMAIN":       true,
		"REGISTRY_HOST_2":     true,
		"SONAR_HOSTNAME":      true,
		"NIGHTLY_BASE_URL":    true,
		"URL_TOKEN":           false,
		"GH_PAT":              false,
		"HOST_KEY":            false,
		"SLACK_WEBHOOK":       false,
		"ENDPOINT_SECRET_KEY": false,
	} {
		if got := NameIsAddress(name); got != want {
			t.Errorf("NameIsAddress(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestNameIsAccountName(t *testing.T) {
	for name, want := range map[string]bool{
		"GH_USERNAME":     true,
		"GH_PAT_USER_2":   true,
		"bot-login":       true,
		"RELEASE_EMAIL":   true,
		"GH_PAT":          false,
		"USER_TOKEN":      false,
		"GH_USER_NAME":    true,
		"GIT_AUTHOR_NAME": true,
		"NAMESPACE_TOKEN": false,
		"PASSWORD":        false,
		"":                false,
		"2":               false,
		"USERNAME_TOKEN":  false,
	} {
		if got := NameIsAccountName(name); got != want {
			t.Errorf("NameIsAccountName(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestHostInputsAndServiceNames(t *testing.T) {
	hosts := map[string]bool{}
	for _, in := range HostInputs() {
		hosts[in] = true
	}
	for _, in := range []string{"host", "server-url", "gitlab_url"} {
		if !hosts[in] {
			t.Errorf("HostInputs() lacks %q", in)
		}
	}
	if hosts["token"] || hosts["repository"] {
		t.Errorf("HostInputs() = %v holds a token or repository input", HostInputs())
	}
	for means, names := range map[NameMeaning]map[string]bool{
		NameOtherService: {
			"UV_TEST_PUBLISH_CODEBERG_TOKEN": true,
			"UV_TEST_CLOUDSMITH_TOKEN":       true,
			"GRADLE_PUBLISH_KEY":             true,
			"UV_TEST_ARTIFACTORY_TOKEN":      true,
			"STAGING_BINSTAR_TOKEN":          true,
			"KEY_ALIAS":                      true,
			"ALIAS":                          true,
			"BUGSNAG_KEY":                    true,
			"GITHUB_ALIASES_TOKEN":           false,
			"OTEL_EXPORTER_OTLP_ENDPOINT":    true,
			"OTEL_EXPORTER_OTLP_HEADERS":     true,
			"RELEASE_TOKEN":                  false,
			// '-' reads as '_': the API_KEY substring matches.
			"infracost-api-key":       true,
			"CLAUDE_CODE_OAUTH_TOKEN": true,
			"encryption-key":          true,
			"release-token":           false,
		},
		// An exact row (PEM) answers for the whole name only.
		NamePrivateKey: {
			"SETTINGS_PRIVATE_KEY": true,
			"GH_PEM":               true,
			"pem":                  true,
			"PEM_PASSPHRASE":       false,
			"GPG_KEY":              false,
		},
		NameOAuthClient: {
			"GITHUB_CLIENT_SECRET": true,
			"CLIENTSECRET":         true,
			"clientid":             true,
			"CLIENTSECRET_TOKEN":   false,
		},
		NameGitIdentity: {
			"GIT_AUTHOR_NAME":  true,
			"git-user-email":   true,
			"commit_user_name": true,
			"GIT_USER_TOKEN":   false,
			"COMMIT_MESSAGE":   false,
		},
	} {
		for name, want := range names {
			if got := NameMeans(name, means); got != want {
				t.Errorf("NameMeans(%q, %s) = %v, want %v", name, means, got, want)
			}
		}
	}
}

// TestIsOtherServiceEnv: signing and store variables of electron-builder
// and fastlane carry other services' credentials; the variable fastlane
// match reads its git storage's credential from, and GitHub's, do not.
func TestIsOtherServiceEnv(t *testing.T) {
	for name, want := range map[string]bool{
		"CSC_LINK":                            true,
		"csc_key_password":                    true,
		"WIN_CSC_LINK":                        true,
		"APPLE_API_ISSUER":                    true,
		"APP_STORE_CONNECT_API_KEY_ISSUER_ID": true,
		"MATCH_PASSWORD":                      true,
		"OPSLEVEL_API_TOKEN":                  true,
		"FASTLANE_SESSION":                    true,
		"SONAR_TOKEN":                         true,
		"EARTHLY_TOKEN":                       true,
		"ALLURE_TOKEN":                        true,
		"EW_API_TOKEN":                        true,
		"APOLLO_KEY":                          true,
		"ORG_GRADLE_PROJECT_mavenCentralPassword": true,
		"ORG_GRADLE_PROJECT_githubToken":          false,
		"MATCH_GIT_BASIC_AUTHORIZATION":           false,
		"GITHUB_TOKEN":                            false,
		"CSC_LINK_TOKEN":                          false,
		"RELEASE_TOKEN":                           false,
	} {
		if got := IsOtherServiceEnv(name); got != want {
			t.Errorf("IsOtherServiceEnv(%q) = %v, want %v", name, got, want)
		}
	}
}

// TestToolReadsEnv: a tool row's token variables are read without a file
// naming them; a name no row lists is not.
func TestToolReadsEnv(t *testing.T) {
	for name, want := range map[string]bool{"GH_TOKEN": true, "CONVENTIONAL_GITHUB_RELEASER_TOKEN": true, "CROWDIN_PERSONAL_TOKEN": true, "FASTLANE_REPO_PAT": false} {
		if got := ToolReadsEnv(name); got != want {
			t.Errorf("ToolReadsEnv(%q) = %v, want %v", name, got, want)
		}
	}
}

// TestProtectionBypassNames: a secret's name with an ADMIN or BYPASS word
// says it is kept to push past branch protection.
func TestProtectionBypassNames(t *testing.T) {
	for name, want := range map[string]bool{
		"ADMIN_PAT": true, "GH_ADMIN_TOKEN": true, "BRANCH_PROTECTION_BYPASS_TOKEN": true,
		"ADMINISTRATOR": false, "BOT_PAT": false, "SYSADMINS": false,
	} {
		if got := NameSuggests(name, WordProtectionBypass); got != want {
			t.Errorf("NameSuggests(%q, protection_bypass) = %v, want %v", name, got, want)
		}
	}
}
