package planner

import (
	"strings"
	"testing"
)

// TestTokenReachFollowsTheWrites: the token step asks for the account the
// job's operations reach; the workflow's own repository counts only when
// an operation is on it (or names no repository), and a job that reaches
// another account says so for fix to leave it alone.
func TestTokenReachFollowsTheWrites(t *testing.T) {
	tests := []struct {
		name       string
		ownRepo    bool
		written    []string
		targets    []string
		wantOwner  string
		wantNames  string
		wantOthers string
	}{
		{"only another account's repository", false, nil, []string{"huggingface/skills"}, "huggingface", "skills", "huggingface"},
		{"the own repository too: a tie keeps the own account", true, nil, []string{"huggingface/skills"}, "acme", "web", "huggingface"},
		{"the own repository only read: the written account's", true, []string{"bot"}, []string{"bot/web"}, "bot", "web", "bot"},
		{"two of the own account", true, nil, []string{"acme/lib"}, "acme", "lib,web", ""},
		{"two accounts, most repositories win", false, nil, []string{"other/a", "other/b", "acme/lib"}, "other", "a,b", "other"},
		{"an account spelt in another case is the same account", true, []string{"acme"}, []string{"ACME/lib"}, "acme", "lib,web", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			j := &Job{Repo: "acme/web", CrossRepo: true, TargetRepos: tc.targets, Decision: DecisionGitHubApp, ownRepo: tc.ownRepo, writtenAccounts: tc.written}
			owner, names, _ := tokenReach(j)
			if owner != tc.wantOwner || strings.Join(names, ",") != tc.wantNames {
				t.Errorf("tokenReach = %s %v, want %s %s", owner, names, tc.wantOwner, tc.wantNames)
			}
			if got := strings.Join(j.OtherAccounts(), ","); got != tc.wantOthers {
				t.Errorf("OtherAccounts = %q, want %q", got, tc.wantOthers)
			}
		})
	}
}
