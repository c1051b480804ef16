package scanner

import (
	"strings"

	"github.com/pat2app/pat2app/knowledge"
)

// mintingAction reads the actions that mint a GitHub App installation
// token from an App id and private key (mints_app_token in
// knowledge/data/actions.tsv): what they are given is an App key, and the
// token they output is an App token.
type mintingAction struct{ baseHandler }

func (mintingAction) handles(s *actionStep) bool { return knowledge.MintsAppToken(s.name) }

// begin marks the step: steps.ID.outputs.token is an App token.
func (mintingAction) begin(js *jobState, s *actionStep) {
	if s.st.ID != nil {
		js.minting[s.st.ID.Value] = true
	}
}

func (mintingAction) input(js *jobState, s *actionStep, b *builder, input string, line int) bool {
	switch {
	case knowledge.IsAppKeyInput(input) || strings.Contains(input, "private") || strings.Contains(input, "key"):
		b.appKey = true
		b.signal(1, true, "App private key of "+s.name)
	case strings.Contains(input, "app") && strings.Contains(input, "id") || input == "client-id" || input == "client_id":
		b.appKey = true
		b.signal(1, true, "App id of "+s.name)
	default:
		b.signal(0, false, "")
	}
	return true
}

// envUnread: a minting action takes the App's id and key from its inputs
// and runs no code of the repository, so a variable of the step's env:
// (APP_ID, read back by ${{ env.APP_ID }} in an input) is no use of its
// own.
func (mintingAction) envUnread(*jobState, *actionStep, string) bool { return true }
