package config

import (
	"reflect"
	"strings"
	"testing"
)

func mustParse(t *testing.T, y string) *Config {
	t.Helper()
	c, err := Parse([]byte(y))
	if err != nil {
		t.Fatalf("parse %q: %v", y, err)
	}
	return c
}

func TestForCheckout(t *testing.T) {
	run := mustParse(t, `owner: acme
pat_patterns: ['^ACME_BOT_']
actions:
  acme/deploy: {contents: write}
  acme/notify: {issues: write}
policy: {fail: [pat]}
app_prefix: acme-ci
`)
	tests := []struct {
		name        string
		own         string
		check       func(t *testing.T, m *Config)
		wantIgnored []string
	}{
		{name: "an empty file changes nothing", own: "", check: func(t *testing.T, m *Config) {
			if m.Owner != "acme" || !m.IsPATName("ACME_BOT_X") || m.Actions["acme/deploy"]["contents"] != "write" || m.AppPrefix != "acme-ci" {
				t.Errorf("merged %+v", m)
			}
		}},
		{name: "per-repository settings are laid over the run's", own: `owner: web-team
pat_patterns: ['^WEB_']
not_github_patterns: ['^SENTRY_']
actions:
  acme/deploy: {contents: write, deployments: write}
scripts:
  ./release.sh: {contents: write}
public_repos: [other/lib]
`, check: func(t *testing.T, m *Config) {
			if strings.Join(m.PublicRepos, ",") != "other/lib" {
				t.Errorf("public_repos %v", m.PublicRepos)
			}
			if m.Owner != "web-team" {
				t.Errorf("owner %q", m.Owner)
			}
			if !m.IsPATName("ACME_BOT_X") || !m.IsPATName("WEB_TOKEN") || !m.IsNotGitHubName("SENTRY_DSN") {
				t.Error("patterns are not both the run's and the checkout's")
			}
			if !reflect.DeepEqual(m.Actions, map[string]map[string]string{
				"acme/deploy": {"contents": "write", "deployments": "write"}, "acme/notify": {"issues": "write"}}) {
				t.Errorf("actions %v", m.Actions)
			}
			if m.Scripts["./release.sh"]["contents"] != "write" {
				t.Errorf("scripts %v", m.Scripts)
			}
		}},
		{name: "run-wide settings stay the run's", own: `app_prefix: web
policy: {fail: [pat, unknown]}
allowlist: [{credential: secrets.X, until: 2030-01-01}]
token_step: {uses: actions/create-github-app-token@v3}
`, check: func(t *testing.T, m *Config) {
			if m.AppPrefix != "acme-ci" || strings.Join(m.Policy.Fail, ",") != "pat" || len(m.Allowlist) != 0 || m.TokenStep != run.TokenStep {
				t.Errorf("merged %+v", m)
			}
		}, wantIgnored: []string{"policy", "allowlist", "app_prefix", "token_step"}},
		{name: "the same run-wide value is no conflict", own: "app_prefix: acme-ci\npolicy: {fail: [pat]}\n", check: func(t *testing.T, m *Config) {}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, ignored, err := run.ForCheckout(mustParse(t, tt.own))
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, m)
			if strings.Join(ignored, ",") != strings.Join(tt.wantIgnored, ",") {
				t.Errorf("ignored %v, want %v", ignored, tt.wantIgnored)
			}
		})
	}
	// The run's configuration is not changed.
	if len(run.Actions) != 2 || run.Actions["acme/deploy"]["deployments"] != "" || run.Owner != "acme" || run.IsPATName("WEB_TOKEN") {
		t.Errorf("run configuration changed: %+v", run)
	}
}
