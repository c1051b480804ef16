package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name    string
		yaml    string
		wantErr string
		check   func(t *testing.T, c *Config)
	}{
		{name: "empty gives defaults", yaml: "", check: func(t *testing.T, c *Config) {
			if strings.Join(c.Policy.Fail, ",") != "pat,leaked_token" || strings.Join(c.Policy.Warn, ",") != "unknown" {
				t.Errorf("policy = %+v", c.Policy)
			}
		}},
		{name: "patterns are case-insensitive", yaml: "pat_patterns: ['^acme_bot_']\nnot_github_patterns: [jfrog]\n", check: func(t *testing.T, c *Config) {
			if !c.IsPATName("ACME_BOT_TOKEN") || c.IsPATName("OTHER") {
				t.Error("pat_patterns")
			}
			if !c.IsNotGitHubName("MY_JFROG_KEY") || c.IsNotGitHubName("GH_PAT") {
				t.Error("not_github_patterns")
			}
		}},
		{name: "actions and owner", yaml: "owner: acme\nactions:\n  acme/deploy: {contents: write}\n", check: func(t *testing.T, c *Config) {
			if c.Owner != "acme" || c.Actions["acme/deploy"]["contents"] != "write" {
				t.Errorf("got %+v", c)
			}
		}},
		{name: "public repositories", yaml: "public_repos: [acme/lib, other/tools]\n", check: func(t *testing.T, c *Config) {
			if strings.Join(c.PublicRepos, ",") != "acme/lib,other/tools" {
				t.Errorf("public_repos = %q", c.PublicRepos)
			}
		}},
		{name: "public repository not owner/name", yaml: "public_repos: [lib]\n", wantErr: "public_repos"},
		{name: "token step defaults to create-github-app-token v3.2.0 pinned by commit, with client-id", yaml: "", check: func(t *testing.T, c *Config) {
			want := TokenStep{Uses: "actions/create-github-app-token@bcd2ba49218906704ab6c1aa796996da409d3eb1", Version: "v3.2.0", IDInput: "client-id"}
			if c.TokenStep != want || c.TokenStep.UsesLine() != want.Uses+" # v3.2.0" || c.TokenStep.VariableSuffix() != "_CLIENT_ID" {
				t.Errorf("token step = %+v", c.TokenStep)
			}
			if c.AppPrefix != "" {
				t.Errorf("app prefix = %q, want none (the organisation)", c.AppPrefix)
			}
		}},
		{name: "token step and app prefix configured", yaml: "app_prefix: Acme-CI\ntoken_step: {uses: acme/create-token@0123456789abcdef0123456789abcdef01234567, version: v9.0.0, id_input: app-id}\n", check: func(t *testing.T, c *Config) {
			if c.AppPrefix != "acme-ci" {
				t.Errorf("app prefix = %q", c.AppPrefix)
			}
			if c.TokenStep.UsesLine() != "acme/create-token@0123456789abcdef0123456789abcdef01234567 # v9.0.0" || c.TokenStep.VariableSuffix() != "_APP_ID" {
				t.Errorf("token step = %+v", c.TokenStep)
			}
		}},
		{name: "token step without a version has no comment", yaml: "token_step: {uses: actions/create-github-app-token@v3}\n", check: func(t *testing.T, c *Config) {
			if c.TokenStep.UsesLine() != "actions/create-github-app-token@v3" {
				t.Errorf("uses line = %q", c.TokenStep.UsesLine())
			}
		}},
		{name: "token step without a ref", yaml: "token_step: {uses: actions/create-github-app-token}\n", wantErr: "OWNER/REPO@COMMIT"},
		{name: "token step id input", yaml: "token_step: {id_input: app_id}\n", wantErr: "id_input"},
		{name: "app prefix with a space", yaml: "app_prefix: acme bots\n", wantErr: "app_prefix"},
		{name: "unknown key", yaml: "pat_pattern: [x]\n", wantErr: "pat_pattern"},
		{name: "bad regexp", yaml: "pat_patterns: ['(']\n", wantErr: "pat_patterns"},
		{name: "bad until date", yaml: "allowlist:\n  - {repo: a/b, until: tomorrow}\n", wantErr: "YYYY-MM-DD"},
		{name: "not YAML", yaml: "a: [\n", wantErr: "yaml"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Parse([]byte(tc.yaml))
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			tc.check(t, c)
		})
	}
}

func TestAllowEntryExpired(t *testing.T) {
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	for until, want := range map[string]bool{"": false, "2026-11-23": false, "2026-11-22": true, "2027-01-01": false} {
		got, err := AllowEntry{Until: until}.Expired(now)
		if err != nil || got != want {
			t.Errorf("Expired(%q) = %v, %v; want %v", until, got, err, want)
		}
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	if c, err := Load(filepath.Join(dir, FileName), true); err != nil || c == nil {
		t.Fatalf("optional missing file: %v", err)
	}
	if _, err := Load(filepath.Join(dir, FileName), false); err == nil {
		t.Fatal("a missing --config file is an error")
	}
	p := filepath.Join(dir, FileName)
	if err := os.WriteFile(p, []byte("bogus: 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(p, true); err == nil || !strings.Contains(err.Error(), p) {
		t.Fatalf("error should name the file: %v", err)
	}
}
