package knowledge

import "testing"

func TestActionInputApplies(t *testing.T) {
	tap := ActionInput{Input: "tap", Values: []string{UnsetInput, "homebrew/core"}}
	flag := ActionInput{Input: "comment", Values: []string{"true"}}
	user := ActionInput{Input: "project-url", Values: []string{"https://github.com/users/*"}, Unavailable: "a user's project"}
	merge := ActionInput{Input: "auto_merge_enabled", Values: []string{"true"}, Permissions: Permissions{"contents": "write"}}
	draft := ActionInput{Input: "draft", Values: []string{"true"}, StartsNoWorkflows: true}
	push := ActionInput{Input: "auto-push", Values: []string{"true", "${{*"}, Permissions: Permissions{"contents": "write"}, Replaces: true}
	cases := []struct {
		name   string
		in     ActionInput
		inputs map[string]string
		want   bool
	}{
		{"unset input, row keys on unset", tap, nil, true},
		{"other inputs only", tap, map[string]string{"formula": "tool"}, true},
		{"value listed, other case and space", tap, map[string]string{"tap": " Homebrew/Core "}, true},
		{"value not listed", tap, map[string]string{"tap": "acme/homebrew-tap"}, false},
		{"expression", tap, map[string]string{"tap": "${{ vars.TAP }}"}, false},
		{"empty value is given", tap, map[string]string{"tap": ""}, false},
		{"unset input, row needs a value", flag, nil, false},
		{"value listed", flag, map[string]string{"comment": "true"}, true},
		{"value not listed", flag, map[string]string{"comment": "false"}, false},
		{"a prefix row, a value it begins", user, map[string]string{"project-url": "https://github.com/users/Acme/projects/2"}, true},
		{"a prefix row, another value", user, map[string]string{"project-url": "https://github.com/orgs/acme/projects/2"}, false},
		{"a prefix row, the input unset", user, nil, false},
		// A value chosen at run time may be any: a row that only adds
		// permissions holds, one that changes the outcome otherwise not.
		{"expression, a row that only adds", merge, map[string]string{"auto_merge_enabled": "${{ inputs.merge }}"}, true},
		{"literal false, a row that only adds", merge, map[string]string{"auto_merge_enabled": "false"}, false},
		{"expression, a row that says not supported", user, map[string]string{"project-url": "${{ vars.URL }}"}, false},
		{"expression, a row that starts no workflow", draft, map[string]string{"draft": "${{ inputs.draft }}"}, false},
		{"expression, a replacing row that lists one", push, map[string]string{"auto-push": "${{ inputs.push }}"}, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.in.Applies(tc.inputs); got != tc.want {
				t.Errorf("Applies(%v) = %v, want %v", tc.inputs, got, tc.want)
			}
		})
	}
}

// TestActionInputRowsSaySomething checks that every row of
// data/action-inputs.tsv adds permissions, says why no installation
// token can do the work, that what the action makes starts no workflow,
// what its events are, or that it stays on the workflow's repository.
func TestActionInputRowsSaySomething(t *testing.T) {
	for _, r := range actionInputTable {
		if r.permissions == "" && r.unavailable == "" && !r.startsNone && !r.replaces && r.triggers == "" && !r.ownRepoOnly {
			t.Errorf("%s %s: neither permissions, unavailable, starts_no_workflows, replaces, triggers_workflows nor own_repo_only", r.action, r.input)
		}
		if _, err := ParsePermissions(r.permissions); err != nil {
			t.Errorf("%s %s: %v", r.action, r.input, err)
		}
	}
}

// TestReplacedPermissions: replacing rows give an action's permissions
// when every input they key on has a value one of its rows lists, and
// leave the action's own otherwise.
func TestReplacedPermissions(t *testing.T) {
	rows := actionInputs()["crowdin/github-action"]
	write := Permissions{"contents": "write", "pull_requests": "write"}
	for _, tc := range []struct {
		name   string
		inputs map[string]string
		want   Permissions
		ok     bool
	}{
		{"upload only: no GitHub call", map[string]string{"upload_sources": "true"}, Permissions{}, true},
		{"downloads turned off", map[string]string{"download_translations": "false", "download_sources": "False"}, Permissions{}, true},
		{"translations downloaded", map[string]string{"download_translations": "true"}, write, true},
		{"a bundle downloaded", map[string]string{"download_bundle": "12"}, write, true},
		{"a value chosen at run time", map[string]string{"download_translations": "${{ inputs.download }}"}, nil, false},
		{"an empty bundle value no row lists", map[string]string{"download_bundle": ""}, nil, false},
	} {
		got, _, ok := ReplacedPermissions(rows, tc.inputs)
		if ok != tc.ok || ok && got.String() != tc.want.String() {
			t.Errorf("%s: %v, %v; want %v, %v", tc.name, got, ok, tc.want, tc.ok)
		}
	}
	if _, _, ok := ReplacedPermissions(actionInputs()["actions/attest"], nil); ok {
		t.Error("an action without replacing rows has its own permissions")
	}
}

// TestOwnRepoOnly checks that an action stays on the workflow's
// repository only when every own_repo_only row of it applies.
func TestOwnRepoOnly(t *testing.T) {
	info, ok := Action("contributor-assistant/github-action@v2")
	if !ok {
		t.Fatal("contributor-assistant/github-action has no row")
	}
	for _, tc := range []struct {
		name   string
		inputs map[string]string
		want   bool
	}{
		{"no remote", map[string]string{"branch": "main"}, true},
		{"remote organisation", map[string]string{"remote-organization-name": "acme"}, false},
		{"remote repository", map[string]string{"remote-repository-name": "cla"}, false},
	} {
		if _, got := OwnRepoOnly(info.Inputs, tc.inputs); got != tc.want {
			t.Errorf("%s: OwnRepoOnly = %v, want %v", tc.name, got, tc.want)
		}
	}
	if _, got := OwnRepoOnly(nil, nil); got {
		t.Error("an action without rows is kept to its repository")
	}
}
