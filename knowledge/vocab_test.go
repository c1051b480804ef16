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
