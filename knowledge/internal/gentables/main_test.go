package main

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

func TestTokenInputs(t *testing.T) {
	tests := []struct {
		cell   string
		inputs []string
		env    []string
	}{
		{"token", []string{"token"}, nil},
		{"GITHUB_TOKEN env", nil, []string{"GITHUB_TOKEN"}},
		{"GITHUB_TOKEN", []string{"github_token"}, nil},
		{"token, reaction-token", []string{"token", "reaction-token"}, nil},
		{"token (or ssh-key)", []string{"token"}, nil},
		{"token (older versions: GITHUB_TOKEN env)", []string{"token"}, []string{"GITHUB_TOKEN"}},
		{"API_TOKEN_GITHUB env (or SSH_DEPLOY_KEY env)", nil, []string{"API_TOKEN_GITHUB"}},
		{"github_token, personal_token (or deploy_key)", []string{"github_token", "personal_token"}, nil},
		{"password (with username)", []string{"password"}, nil},
		{"(GitHub OIDC)", nil, nil},
		{"(none; pushes with the token persisted by actions/checkout)", nil, nil},
		{"repoToken", []string{"repotoken"}, nil},
	}
	for _, tt := range tests {
		in, env := tokenInputs(tt.cell)
		if !reflect.DeepEqual(in, tt.inputs) || !reflect.DeepEqual(env, tt.env) {
			t.Errorf("tokenInputs(%q) = %q, %q; want %q, %q", tt.cell, in, env, tt.inputs, tt.env)
		}
	}
}

// TestGeneratedUpToDate regenerates the TSV tables into a temporary
// directory and compares them with the committed files.
func TestGeneratedUpToDate(t *testing.T) {
	shared := "../../../../shared/data"
	if _, err := os.Stat(shared); err != nil {
		t.Skipf("skipping: %s not found (the shared data exists only in the pat2app workspace, not in clones)", shared)
	}
	out := t.TempDir()
	if err := run(t.Context(), shared, out, false); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"zz_generated_endpoints.go", "zz_generated_actions.go", "zz_generated_gh.go"} {
		want, err := os.ReadFile(filepath.Join("../..", name))
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s is stale: run go generate ./knowledge", name)
		}
	}
}

// TestGenOctokit runs the octokit method-list reader on a small sample in
// the layout of dist-src/generated/endpoints.js.
func TestGenOctokit(t *testing.T) {
	const sample = `const Endpoints = {
  issues: {
    addLabels: [
      "POST /repos/{owner}/{repo}/issues/{issue_number}/labels"
    ],
    create: ["POST /repos/{owner}/{repo}/issues"],
  },
  repos: {
    uploadReleaseAsset: [
      "POST {origin}/repos/{owner}/{repo}/releases/{release_id}/assets{?name,label}",
      { baseUrl: "https://uploads.github.com" }
    ],
    gone: ["GET /repos/{owner}/{repo}/gone"],
  },
};
`
	dir := t.TempDir()
	src := filepath.Join(dir, "endpoints.js")
	if err := os.WriteFile(src, []byte(sample), 0o644); err != nil {
		t.Fatal(err)
	}
	byRoute := map[string]string{
		"POST /repos/{owner}/{repo}/issues/{issue_number}/labels": "issues/add-labels",
		"POST /repos/{owner}/{repo}/issues":                       "issues/create",
		"POST /repos/{owner}/{repo}/releases/{release_id}/assets": "repos/upload-release-asset",
	}
	if err := genOctokit(src, byRoute, dir); err != nil {
		t.Fatal(err)
	}
	out, err := os.ReadFile(filepath.Join(dir, "zz_generated_octokit.go"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`{"issues.addLabels", "issues/add-labels", "POST", "/repos/{owner}/{repo}/issues/{issue_number}/labels"}`,
		`{"issues.create", "issues/create", "POST", "/repos/{owner}/{repo}/issues"}`,
		`{"repos.gone", "", "GET", "/repos/{owner}/{repo}/gone"}`,
		`{"repos.uploadReleaseAsset", "repos/upload-release-asset", "POST", "/repos/{owner}/{repo}/releases/{release_id}/assets"}`,
		"DO NOT EDIT.",
	} {
		if !bytes.Contains(out, []byte(want)) {
			t.Errorf("generated octokit table lacks %s\n%s", want, out)
		}
	}
}
