package knowledge

import (
	"reflect"
	"strings"
	"testing"
)

func TestAction(t *testing.T) {
	tests := []struct {
		uses    string
		name    string // "" = not found
		inputs  []string
		env     []string
		perms   string
		dynamic bool
	}{
		{"peter-evans/create-pull-request@v6", "peter-evans/create-pull-request", []string{"token", "branch-token"}, nil, "contents:write,pull_requests:write", false},
		{"Peter-Evans/Create-Pull-Request@5e9146", "peter-evans/create-pull-request", []string{"token", "branch-token"}, nil, "contents:write,pull_requests:write", false},
		{"actions/checkout@v4", "actions/checkout", []string{"token"}, nil, "contents:read", false},
		{"actions/github-script@v7", "actions/github-script", []string{"github-token"}, nil, "", true},
		{"octokit/request-action@v2.x", "octokit/request-action", nil, []string{"GITHUB_TOKEN"}, "", true},
		{"actions/deploy-pages@v4", "actions/deploy-pages", []string{"token"}, nil, "id_token:write,pages:write", false},
		{" actions/checkout ", "actions/checkout", []string{"token"}, nil, "contents:read", false},
		{"./local/action", "", nil, nil, "", false},
		{"$/.github/actions/checkout", "", nil, nil, "", false},
		{"docker://alpine:3", "", nil, nil, "", false},
		{"docker://ghcr.io/calmh/github-org-members:latest", "docker://ghcr.io/calmh/github-org-members", nil, []string{"GITHUB_TOKEN"}, "contents:read,members:read", false},
		{"docker://GHCR.io/calmh/github-org-members@sha256:0123", "docker://ghcr.io/calmh/github-org-members", nil, []string{"GITHUB_TOKEN"}, "contents:read,members:read", false},
		{"docker://localhost:5000/calmh/github-org-members", "", nil, nil, "", false},
		{"docker://ghcr.io/calmh/other:latest", "", nil, nil, "", false},
		{"nobody/nothing@v1", "", nil, nil, "", false},
		{"", "", nil, nil, "", false},
		{"@v1", "", nil, nil, "", false},
	}
	for _, tt := range tests {
		a, ok := Action(tt.uses)
		if tt.name == "" {
			if ok {
				t.Errorf("Action(%q) = %q, want not found", tt.uses, a.Name)
			}
			continue
		}
		if !ok || a.Name != tt.name {
			t.Errorf("Action(%q) = %q, %t; want %q", tt.uses, a.Name, ok, tt.name)
			continue
		}
		if !reflect.DeepEqual(a.TokenInputs, tt.inputs) || !reflect.DeepEqual(a.TokenEnv, tt.env) {
			t.Errorf("Action(%q) inputs %q env %q, want %q %q", tt.uses, a.TokenInputs, a.TokenEnv, tt.inputs, tt.env)
		}
		if a.Permissions.String() != tt.perms || a.Dynamic != tt.dynamic {
			t.Errorf("Action(%q) permissions %q dynamic %t, want %q %t", tt.uses, a.Permissions, a.Dynamic, tt.perms, tt.dynamic)
		}
	}
}

// TestActionSubpathFallback checks owner/repo/path lookups: an exact row
// wins, otherwise owner/repo.
func TestActionSubpathFallback(t *testing.T) {
	var sub string
	for _, a := range Actions() {
		if len(splitPath(a.Name)) == 3 {
			sub = a.Name
			break
		}
	}
	if sub == "" {
		t.Fatal("table has no owner/repo/path row")
	}
	a, ok := Action(sub + "@main")
	if !ok || a.Name != sub {
		t.Errorf("Action(%s@main) = %q, %t", sub, a.Name, ok)
	}
	a, ok = Action("actions/checkout/some/sub@v4")
	if !ok || a.Name != "actions/checkout" {
		t.Errorf("fallback = %q, %t; want actions/checkout", a.Name, ok)
	}
}

// TestActionCopies checks callers cannot change the embedded table.
func TestActionCopies(t *testing.T) {
	a, _ := Action("actions/checkout@v4")
	a.Permissions["workflows"] = "write"
	a.TokenInputs[0] = "changed"
	b, _ := Action("actions/checkout@v4")
	if b.Permissions.String() != "contents:read" || b.TokenInputs[0] != "token" {
		t.Errorf("table changed through a returned value: %+v", b)
	}
}

// TestActionTokenInputsParsed checks the token_inputs and token_env cells
// of every row.
func TestActionTokenInputsParsed(t *testing.T) {
	for _, a := range Actions() {
		for _, in := range a.TokenInputs {
			if in == "" || in != toLowerASCII(in) {
				t.Errorf("%s: input %q not lower case", a.Name, in)
			}
		}
		for _, e := range a.TokenEnv {
			if e == "" || e == "env" {
				t.Errorf("%s: bad env %q", a.Name, e)
			}
		}
		// A row without a token input or variable is an OIDC login (the
		// job's id_token), pushes with what actions/checkout persisted,
		// mints an App token from an App key, or says the action takes no
		// GitHub token at all: then it asks for no permission either.
		if len(a.TokenInputs) == 0 && len(a.TokenEnv) == 0 && a.Permissions["id_token"] == "" && !a.PushesWithPersistedCredentials && !a.MintsAppToken && len(a.Permissions) > 0 {
			t.Errorf("%s: permissions %s without a token input, token variable, id_token or persisted push", a.Name, a.Permissions)
		}
	}
}

func toLowerASCII(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

func TestStepOutput(t *testing.T) {
	for _, tc := range []struct {
		action, output, want string
		ok                   bool
	}{
		{"rust-lang/crates-io-auth-action@v1", "token", OutputNotGitHub, true},
		{"Rust-Lang/Crates-IO-Auth-Action", "TOKEN", OutputNotGitHub, true},
		{"octo-sts/action@v1", "token", OutputAppToken, true},
		{"open-security-tools/ost-simple-sts@9e01224", "token", OutputAppToken, true},
		{"open-security-tools/ost-simple-sts@9e01224", "repository", "", false},
		{"hashicorp/vault-action@v3", "GITHUB_PAT", OutputStoredSecret, true},
		{"google-github-actions/auth@v2", "access_token", OutputNotGitHub, true},
		{"google-github-actions/auth@v2", "project_id", "", false},
		{"nobody/nothing@v1", "token", "", false},
	} {
		got, ok := StepOutput(tc.action, tc.output)
		if got != tc.want || ok != tc.ok {
			t.Errorf("StepOutput(%q, %q) = %q, %v; want %q, %v", tc.action, tc.output, got, ok, tc.want, tc.ok)
		}
	}
}

func TestWorktreePushes(t *testing.T) {
	for action, want := range map[string]string{
		"peter-evans/create-pull-request@v7":  PushesWorktree,
		"EndBug/add-and-commit@v9":            PushesWorktree,
		"peter-evans/rebase@v3":               PushesOtherBranches,
		"softprops/action-gh-release@v2":      "",
		"peter-evans/create-pull-request-foo": "",
	} {
		if got := WorktreePushes(action); got != want {
			t.Errorf("WorktreePushes(%q) = %q, want %q", action, got, want)
		}
	}
}

func TestToolCommand(t *testing.T) {
	for _, tc := range []struct {
		words []string
		want  string
	}{
		{[]string{"dist", "host", "--steps=create"}, "dist host"},
		{[]string{"dist", "--help"}, "dist"},
		{[]string{"cargo", "dist", "host"}, "cargo dist host"},
		{[]string{"cargo", "release", "--execute"}, "cargo release"},
		{[]string{"cargo", "publish"}, "cargo"},
		{[]string{"nx", "release", "version"}, "nx release"},
		{[]string{"nx", "run", "build"}, ""},
		{[]string{"hub", "browse"}, "hub"},
		{[]string{"nothing-known"}, ""},
		{[]string{"semantic-release", "--dryRun"}, "semantic-release --dryRun"},
		{[]string{"semantic-release", "--ci", "--dry-run"}, "semantic-release --dry-run"},
		{[]string{"semantic-release", "--ci"}, "semantic-release"},
		{[]string{"cr", "index", "-o", "acme", "--push"}, "cr index --push"},
		{[]string{"cr", "index", "-o", "acme"}, "cr"},
		{[]string{"lerna", "version", "prerelease", "--preid", "rc", "--no-git-tag-version", "--no-push"}, "lerna version --no-git-tag-version"},
		{[]string{"lerna", "publish", "--yes", "--no-push"}, "lerna publish --no-push"},
		{[]string{"lerna", "version", "--yes"}, "lerna version"},
		{[]string{"changeset", "pre", "enter", "beta"}, "changeset pre"},
		{[]string{"lerna", "publish", "from-package", "--yes"}, "lerna publish from-package"},
		{[]string{"changeset", "version"}, "changeset"},
	} {
		got, ok := ToolCommand(tc.words...)
		if got.Name != tc.want || ok != (tc.want != "") {
			t.Errorf("ToolCommand(%q) = %q, %v; want %q", tc.words, got.Name, ok, tc.want)
		}
	}
	for _, name := range []string{"cargo release", "nx release", "tbump", "bumpp", "lerna version"} {
		if r, _ := ToolCommand(strings.Fields(name)...); !r.PushesWithGit {
			t.Errorf("%s should push with the git credentials", name)
		}
	}
	// lerna pushes (and makes releases) only when it commits, tags and
	// may push.
	for _, name := range []string{"lerna version --no-push", "lerna version --amend", "lerna publish --no-git-tag-version"} {
		if r, _ := ToolCommand(strings.Fields(name)...); r.PushesWithGit || r.Kind != ToolNoToken || r.RunsCode == "" {
			t.Errorf("%s: %+v, want a tool that reads no token and runs lifecycle scripts", name, r)
		}
	}
}

// TestReusableWorkflow: a reusable workflow is answered only by a row of
// its own, never by its repository's action row (and an action is never
// answered by a workflow's row).
func TestReusableWorkflow(t *testing.T) {
	tests := []struct {
		uses, name   string // name "" = not found
		inputs       []string
		registry     string
		otherService bool
	}{
		{"slsa-framework/slsa-github-generator/.github/workflows/generator_container_slsa3.yml@v2.1.0", "slsa-framework/slsa-github-generator/.github/workflows/generator_container_slsa3.yml", []string{"registry-password", "provenance-registry-password"}, "ghcr.io", false},
		{"Bazel-Contrib/Publish-To-BCR/.github/workflows/publish.yaml@c316f1611511a40423572303f66c80bb30bfe2f8", "bazel-contrib/publish-to-bcr/.github/workflows/publish.yaml", []string{"publish_token"}, "", false},
		{"OpenAstronomy/github-actions-workflows/.github/workflows/tox.yml@v2", "openastronomy/github-actions-workflows/.github/workflows/tox.yml", nil, "", true},
		// generator_generic takes no secret: no row, read at the ref.
		{"slsa-framework/slsa-github-generator/.github/workflows/generator_generic_slsa3.yml@v2.1.0", "", nil, "", false},
		// A repository with an action row says nothing of its workflows.
		{"actions/checkout/.github/workflows/x.yml@v4", "", nil, "", false},
		{"actions/checkout@v4", "", nil, "", false},
		{"./.github/workflows/x.yml", "", nil, "", false},
		{"", "", nil, "", false},
	}
	for _, tt := range tests {
		w, ok := ReusableWorkflow(tt.uses)
		if tt.name == "" {
			if ok {
				t.Errorf("ReusableWorkflow(%q) = %q, want not found", tt.uses, w.Name)
			}
			continue
		}
		if !ok || w.Name != tt.name || !reflect.DeepEqual(w.TokenInputs, tt.inputs) || w.Registry != tt.registry || w.OtherService != tt.otherService {
			t.Errorf("ReusableWorkflow(%q) = %+v, %t", tt.uses, w, ok)
		}
		// The planner finds the same row by the name the scanner gives
		// the workflow's operation.
		if a, ok := Action(w.Name); !ok || a.Name != w.Name || a.Source != w.Source {
			t.Errorf("Action(%q) = %q, %t: not the workflow's row", w.Name, a.Name, ok)
		}
	}
}

// TestCallerGrants: every row of caller-grants.tsv is a reusable workflow
// with its own row in actions.tsv (what a credential passed to it needs),
// its permissions parse, and a workflow without a row has no grants.
func TestCallerGrants(t *testing.T) {
	for _, r := range callerGrantTable {
		if !strings.Contains(r.workflow, "/.github/workflows/") {
			t.Errorf("caller-grants.tsv %q is not a reusable workflow's path", r.workflow)
		}
		if _, ok := ActionShared(r.workflow); !ok {
			t.Errorf("caller-grants.tsv %q has no row in actions.tsv", r.workflow)
		}
		g, ok := CallerGrants(r.workflow + "@v2.1.0")
		if !ok || len(g) == 0 {
			t.Errorf("CallerGrants(%q) = %v, %v", r.workflow, g, ok)
		}
	}
	if g, ok := CallerGrants("slsa-framework/slsa-github-generator/.github/workflows/generator_container_slsa3.yml@v2.1.0"); !ok || g["actions"] != "read" || g["id_token"] != "write" {
		t.Errorf("generator grants %v", g)
	}
	if _, ok := CallerGrants("actions/checkout@v4"); ok {
		t.Error("an action without a row has grants")
	}
}

// TestActionInputDefault: a default the table holds is found by the
// action's name in any case, with or without a ref; other inputs and
// actions have none.
func TestActionInputDefault(t *testing.T) {
	for _, tc := range []struct {
		action, input, want string
		ok                  bool
	}{
		{"ncipollo/release-action", "owner", "${{ github.repository_owner }}", true},
		{"NCipollo/Release-Action@v1", "Owner", "${{ github.repository_owner }}", true},
		{"ncipollo/release-action", "repo", "", false},
		{"softprops/action-gh-release", "owner", "", false},
	} {
		got, ok := ActionInputDefault(tc.action, tc.input)
		if got != tc.want || ok != tc.ok {
			t.Errorf("ActionInputDefault(%q, %q) = %q, %v; want %q, %v", tc.action, tc.input, got, ok, tc.want, tc.ok)
		}
	}
}

// TestUniquePerRun: an input's value naming the run's own number or ID is
// unique to the run, and turns off a row keyed on another input
// (create-pull-request's fixed branch, rebuilt from the base).
func TestUniquePerRun(t *testing.T) {
	for v, want := range map[string]bool{
		"auto-update-versions-${{ github.run_number }}": true,
		"bump/${{ github.run_id }}-${{ matrix.os }}":    true,
		"update-${{ github.sha }}":                      false,
		"create-pull-request/patch":                     false,
		"${{ format('x-{0}', github.run_id) }}":         true,
		"github.run_id":                                 false, // not an expression
	} {
		if got := UniquePerRun(v); got != want {
			t.Errorf("UniquePerRun(%q) = %v, want %v", v, got, want)
		}
	}
	var suffix ActionInput
	info, ok := Action("peter-evans/create-pull-request@v7")
	if !ok {
		t.Fatal("no row for peter-evans/create-pull-request")
	}
	for _, in := range info.Inputs {
		if in.Input == "branch-suffix" {
			suffix = in
		}
	}
	if suffix.UnlessUnique != "branch" {
		t.Fatalf("create-pull-request's branch-suffix row: %+v", suffix)
	}
	if !suffix.Applies(map[string]string{"branch": "auto-update"}) || suffix.Applies(map[string]string{"branch": "auto-${{ github.run_number }}"}) {
		t.Errorf("a fixed branch must need workflows: write, one named after the run must not")
	}
}
