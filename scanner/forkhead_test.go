package scanner

import "testing"

func TestIsHeadRepoValue(t *testing.T) {
	for _, c := range []struct {
		v    string
		want bool
	}{
		{"${{ github.event.workflow_run.head_repository.full_name }}", true},
		{"${{github.event.pull_request.head.repo.full_name}}", true},
		{"  ${{ github.event.pull_request.head.repo.full_name }}\n", true},
		{"${{ github.event['pull_request'].head.repo.full_name }}", true},
		{"${{ github.event.pull_request.head.repo.full_name }}-docs", false},
		{"acme/${{ github.event.pull_request.head.repo.name }}", false},
		{"${{ github.event.pull_request.head.repo.full_name || 'acme/other' }}", false},
		{"${{ inputs.head-repo }}", false},
		{"${{ github.event.pull_request.head.repo.owner.login }}", false},
		{"${{ github.repository }}", false},
		{"acme/demo", false},
		{"${{ github.event.pull_request.head.repo.full_name ", false},
	} {
		if got := isHeadRepoValue(c.v); got != c.want {
			t.Errorf("isHeadRepoValue(%q) = %v, want %v", c.v, got, c.want)
		}
	}
}

func TestSameRepoOnly(t *testing.T) {
	pr := []string{"pull_request_target"}
	wr := []string{"workflow_run"}
	for _, c := range []struct {
		cond     string
		triggers []string
		want     bool
	}{
		{"github.event.pull_request.head.repo.full_name == github.repository", pr, true},
		{"${{ github.repository == github.event.pull_request.head.repo.full_name }}", pr, true},
		{"github.event.pull_request.head.repo.full_name == github.event.pull_request.base.repo.full_name && github.actor != 'bot'", pr, true},
		{"github.event.pull_request.head.repo.full_name != github.repository", pr, false},
		{"github.event.pull_request.head.repo.full_name == github.repository || github.event.action == 'labeled'", pr, false},
		{"!github.event.pull_request.head.repo.fork", pr, true},
		{"!github.event.pull_request.head.repo.fork", []string{"pull_request_target", "issue_comment"}, false},
		{"github.event.pull_request.head.repo.fork == false", pr, true},
		{"github.event.pull_request.head.repo.fork == true", pr, false},
		{"github.event.pull_request.head.repo.fork == false", wr, false},
		{"github.event.workflow_run.event == 'push'", wr, true},
		{"github.event.workflow_run.event == 'pull_request'", wr, false},
		{"github.event.workflow_run.conclusion == 'failure' && github.event.workflow_run.event == 'push'", wr, true},
		{"github.event.workflow_run.head_repository.fork == false", wr, true},
		{"${{ github.event.workflow_run.event == 'push' }} && true", wr, false},
		{"", pr, false},
		{"github.event.pull_request.head.repo.full_name ==", pr, false},
	} {
		if got := sameRepoOnly(c.cond, c.triggers); got != c.want {
			t.Errorf("sameRepoOnly(%q, %v) = %v, want %v", c.cond, c.triggers, got, c.want)
		}
	}
}
