package apptoken

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/pat2app/pat2app/planner"
)

func TestCredentialRequest(t *testing.T) {
	for _, tc := range []struct {
		in      string
		want    CredentialRequest
		owner   string
		forHost string
		match   bool
	}{
		{"protocol=https\nhost=github.com\npath=acme/api.git\n\n", CredentialRequest{"https", "github.com", "acme/api.git"}, "acme", "", true},
		{"protocol=https\nhost=github.com\n\n", CredentialRequest{"https", "github.com", ""}, "", "https://api.github.com/", true},
		{"url=https://ghe.example.com/acme/api\n", CredentialRequest{"https", "ghe.example.com", "acme/api"}, "acme", "https://ghe.example.com/api/v3/", true},
		{"protocol=https\nhost=evil.example\n\n", CredentialRequest{"https", "evil.example", ""}, "", "", false},
		{"protocol=http\nhost=github.com\n\n", CredentialRequest{"http", "github.com", ""}, "", "", false},
		{"protocol=https\nhost=github.com\npath=acme\n\nhost=ignored\n", CredentialRequest{"https", "github.com", "acme"}, "", "", true},
	} {
		got, err := ReadCredentialRequest(strings.NewReader(tc.in))
		if err != nil || got != tc.want {
			t.Errorf("%q: %+v, %v", tc.in, got, err)
		}
		owner, _, _ := got.Repo()
		if owner != tc.owner {
			t.Errorf("%q: owner %q, want %q", tc.in, owner, tc.owner)
		}
		if got.ForHost(tc.forHost) != tc.match {
			t.Errorf("%q: ForHost(%q) = %v", tc.in, tc.forHost, !tc.match)
		}
	}
	if _, err := ReadCredentialRequest(strings.NewReader("garbage\n")); err == nil {
		t.Errorf("a line without = was accepted")
	}
	var b bytes.Buffer
	if err := WriteCredential(&b, "ghs_x", time.Unix(1700000000, 0)); err != nil || b.String() != "username=x-access-token\npassword=ghs_x\npassword_expiry_utc=1700000000\n\n" {
		t.Errorf("WriteCredential: %q, %v", b.String(), err)
	}
	if err := WriteCredential(&b, "a\nhost=evil", time.Now()); err == nil {
		t.Errorf("a token with a line break was written")
	}
}

func TestPlannedRequest(t *testing.T) {
	p := &planner.Plan{Jobs: []planner.Job{
		{Fingerprint: "aaa", Repo: "acme/api", File: ".github/workflows/r.yml", Job: "release", Decision: planner.DecisionGitHubApp, App: "release-bot",
			Permissions: map[string]string{"contents": "write", "metadata": "read"}, TargetRepos: []string{"acme/tap"}},
		{Fingerprint: "bbb", Repo: "acme/api", File: ".github/workflows/c.yml", Job: "ci", Decision: planner.DecisionGitHubToken},
		{Fingerprint: "ccc", Repo: "acme/api", File: ".github/workflows/x.yml", Job: "x", Decision: planner.DecisionGitHubApp, App: "a", TargetRepos: []string{"other/y"}},
		{Fingerprint: "ddd", Repo: "acme/api", File: ".github/workflows/x.yml", Job: "x", Decision: planner.DecisionGitHubApp, App: "a"},
	}}
	j, err := FindJob(p, "acme/api:.github/workflows/r.yml:release")
	if err != nil {
		t.Fatal(err)
	}
	req, err := PlannedRequest(j)
	want := Request{Repo: "acme/api", Repositories: []string{"api", "tap"}, Permissions: map[string]string{"contents": "write"}}
	if err != nil || !reflect.DeepEqual(req, want) {
		t.Errorf("PlannedRequest = %+v, %v; want %+v", req, err, want)
	}
	for ref, wantErr := range map[string]string{
		"bbb": "planned as github_token", "ccc": "other owners (other/y)",
	} {
		j, err := FindJob(p, ref)
		if err == nil {
			_, err = PlannedRequest(j)
		}
		if err == nil || !strings.Contains(err.Error(), wantErr) {
			t.Errorf("%s: %v, want %q", ref, err, wantErr)
		}
	}
	for ref, wantErr := range map[string]string{"zzz": "no job", "acme/api:.github/workflows/x.yml:x": "names 2 planned jobs"} {
		if _, err := FindJob(p, ref); err == nil || !strings.Contains(err.Error(), wantErr) {
			t.Errorf("FindJob(%s) = %v, want %q", ref, err, wantErr)
		}
	}
}
