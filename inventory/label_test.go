package inventory

import "testing"

func TestOperationLabel(t *testing.T) {
	tests := []struct {
		op   Operation
		want string
	}{
		{Operation{Kind: OpREST, Method: "POST", Path: "/repos/{owner}/{repo}/pulls"}, "POST /repos/{owner}/{repo}/pulls"},
		{Operation{Kind: OpGraphQL, Name: "createPullRequest"}, "graphql createPullRequest"},
		{Operation{Kind: OpGit, Name: "push"}, "git push"},
		{Operation{Kind: OpGH, Name: "gh pr create"}, "gh pr create"},
		{Operation{Kind: OpAction, Name: "old/name", Subject: Subject{Action: "peter-evans/create-pull-request"}}, "run peter-evans/create-pull-request"},
		{Operation{Kind: OpAction, Name: "peter-evans/rebase"}, "run peter-evans/rebase"},
		{Operation{Kind: OpDocker, Name: "push"}, "docker push"},
		{Operation{Kind: OpPackage, Name: "npm publish"}, "package npm publish"},
		{Operation{Kind: OpGit, Method: "GIT", Path: "push"}, "GIT push"},
		{Operation{Kind: "other", Method: "GET", Path: "/x"}, "GET /x"},
	}
	for _, tc := range tests {
		if got := tc.op.Label(); got != tc.want {
			t.Errorf("%+v: Label() = %q, want %q", tc.op, got, tc.want)
		}
	}
}
