package scanner

import (
	"testing"

	"github.com/rhysd/actionlint"
)

func TestConditionSubject(t *testing.T) {
	tests := []struct {
		cond, want string
	}{
		{"github.event.issue.pull_request", subjectPullRequest},
		{"${{ github.event.issue.pull_request }}", subjectPullRequest},
		{"github.event.issue.pull_request != null && startsWith(github.event.comment.body, '/run')", subjectPullRequest},
		{"contains(github.event.comment.body, '/x') && github.event.issue.pull_request.url != ''", subjectPullRequest},
		{"${{ github.event.issue.pull_request && github.event.comment.user.login == 'me' }}", subjectPullRequest},
		{"!github.event.issue.pull_request", subjectIssue},
		{"github.event.issue.pull_request == null", subjectIssue},
		{"github.event.issue.pull_request || github.event_name == 'issues'", ""},
		{"github.event.issue.pull_request == 'x'", ""},
		{"github.event_name == 'issue_comment'", ""},
		{"github.event.pull_request", ""},
		{"${{ (", ""},
		{"", ""},
	}
	for _, tc := range tests {
		if got := conditionSubject(&actionlint.String{Value: tc.cond}); got != tc.want {
			t.Errorf("conditionSubject(%q) = %q, want %q", tc.cond, got, tc.want)
		}
	}
	if got := conditionSubject(nil); got != "" {
		t.Errorf("conditionSubject(nil) = %q", got)
	}
}

func TestRunConditions(t *testing.T) {
	for _, tc := range []struct {
		cond string
		want bool // counts: can decide differently on a fork's pull request
	}{
		{"${{ vars.disable_harden_runner != 'true' }}", false},
		{"needs.changes.outputs.backend == 'true' || matrix.k3s.latest", false},
		{"${{ failure() }}", false},
		{"github.repository == 'argoproj/argo-cd'", false},
		{"github.event_name == 'push'", true},
		{"github.ref == 'refs/heads/main'", true},
		{"env.SONAR_TOKEN != ''", true},
		{"secrets.PAT != ''", true},
		{"steps.check.outputs.changed == 'true'", true},
		{"github.event.pull_request.head.repo.fork == false", true},
		{"${{ ( }}", true},
		{"", false},
	} {
		js := &jobState{job: &actionlint.Job{If: &actionlint.String{Value: tc.cond, Pos: &actionlint.Pos{Line: 3}}}}
		if got := len(js.runConditions()) > 0; got != tc.want {
			t.Errorf("runConditions(%q) counts %v, want %v", tc.cond, got, tc.want)
		}
	}
}

func TestRunConditionsInValues(t *testing.T) {
	at := func(v string) *actionlint.String { return &actionlint.String{Value: v, Pos: &actionlint.Pos{Line: 7}} }
	for _, tc := range []struct {
		name string
		step *actionlint.Step
		want bool
	}{
		{"an env value that reads the event", &actionlint.Step{Env: &actionlint.Env{Vars: map[string]*actionlint.EnvVar{"dry_run": {Value: at("${{ github.event_name != 'push' }}")}}}}, true},
		{"a script that reads the ref", &actionlint.Step{Exec: &actionlint.ExecRun{Run: at("if [ \"$GITHUB_REF\" = refs/heads/main ]; then ./deploy.sh; fi")}}, true},
		{"an input that reads the pull request", &actionlint.Step{Exec: &actionlint.ExecAction{Inputs: map[string]*actionlint.Input{"ref": {Value: at("${{ github.event.pull_request.head.sha }}")}}}}, true},
		{"a script that reads the token and the repository", &actionlint.Step{Exec: &actionlint.ExecRun{Run: at("gh api repos/${{ github.repository }}/pulls --jq length")}}, false},
	} {
		js := &jobState{job: &actionlint.Job{Steps: []*actionlint.Step{tc.step}}}
		if got := len(js.runConditions()) > 0; got != tc.want {
			t.Errorf("%s: counts %v, want %v", tc.name, got, tc.want)
		}
	}
}
