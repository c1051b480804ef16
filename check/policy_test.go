package check

import (
	"reflect"
	"strings"
	"testing"

	"github.com/pat2app/pat2app/config"
	"github.com/pat2app/pat2app/inventory"
)

func TestPolicyFromConfig(t *testing.T) {
	tests := []struct {
		name     string
		yaml     string
		failOn   []string
		wantFail []inventory.Kind
		wantWarn []inventory.Kind
		wantErr  string
	}{
		{name: "defaults", wantFail: []inventory.Kind{"pat", "leaked_token"}, wantWarn: []inventory.Kind{"unknown"}},
		{name: "configured", yaml: "policy:\n  fail: [pat]\n  warn: [unknown, leaked_token]\n",
			wantFail: []inventory.Kind{"pat"}, wantWarn: []inventory.Kind{"unknown", "leaked_token"}},
		{name: "fail-on replaces fail and wins over warn", failOn: []string{"pat,unknown"},
			wantFail: []inventory.Kind{"pat", "unknown"}, wantWarn: nil},
		{name: "fail-on repeated and spaced", failOn: []string{"pat", " leaked_token "},
			wantFail: []inventory.Kind{"pat", "leaked_token"}, wantWarn: []inventory.Kind{"unknown"}},
		{name: "unknown kind in fail-on", failOn: []string{"pats"}, wantErr: `unknown finding kind "pats"`},
		{name: "only commas in fail-on", failOn: []string{","}, wantErr: "no kinds given"},
		{name: "unknown kind in config", yaml: "policy:\n  warn: [maybe]\n", wantErr: "policy warn"},
		{name: "allowlist entry selecting nothing", yaml: "allowlist:\n  - until: 2026-01-01\n    reason: x\n", wantErr: "allowlist entry 1: give a fingerprint"},
		{name: "allowlist bad glob", yaml: "allowlist:\n  - file: \"[\"\n", wantErr: "allowlist entry 1: pattern"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := config.Parse([]byte(tt.yaml))
			if err != nil {
				t.Fatal(err)
			}
			p, err := PolicyFromConfig(cfg, tt.failOn)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(p.Fail, tt.wantFail) || !reflect.DeepEqual(p.Warn, tt.wantWarn) {
				t.Errorf("fail %v warn %v, want %v %v", p.Fail, p.Warn, tt.wantFail, tt.wantWarn)
			}
		})
	}
}

func TestAllowMatches(t *testing.T) {
	f := finding("acme/web", ".github/workflows/release-npm.yml", "publish", "secrets.NPM_GH_PAT", inventory.KindPAT, 3)
	tests := []struct {
		name string
		a    config.AllowEntry
		want bool
	}{
		{"fingerprint", config.AllowEntry{Fingerprint: f.Fingerprint}, true},
		{"other fingerprint", config.AllowEntry{Fingerprint: "0000"}, false},
		{"credential only", config.AllowEntry{Credential: "secrets.NPM_GH_PAT"}, true},
		{"credential differs", config.AllowEntry{Credential: "secrets.GH_PAT"}, false},
		{"credential in another case", config.AllowEntry{Credential: "secrets.npm_gh_pat"}, true},
		{"file glob", config.AllowEntry{File: ".github/workflows/release-*.yml"}, true},
		{"file glob no match", config.AllowEntry{File: ".github/workflows/ci-*.yml"}, false},
		{"repo glob and job", config.AllowEntry{Repo: "acme/*", Job: "publish"}, true},
		{"repo glob other org", config.AllowEntry{Repo: "other/*", Job: "publish"}, false},
		{"job differs", config.AllowEntry{Repo: "acme/web", Job: "build"}, false},
		{"all fields", config.AllowEntry{Repo: "acme/web", File: ".github/workflows/release-npm.yml", Job: "publish", Credential: "secrets.NPM_GH_PAT"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := allowMatches(tt.a, f); got != tt.want {
				t.Errorf("allowMatches = %v, want %v", got, tt.want)
			}
		})
	}
}
