package scanner

import "testing"

// TestHasWordFold: the prefilter before context paths are parsed finds
// the word in any case, and nothing else.
func TestHasWordFold(t *testing.T) {
	for s, want := range map[string]bool{
		"${{ github.event.pull_request.head.repo.full_name }}": true,
		"${{ env.HEAD_REPO }}":                                 true,
		"${{ inputs.Head-Repository }}":                        true,
		"${{ github.event.pull_request.base.repo }}":           false,
		"${{ github['event']['pull_request']['HEAD'] }}":       true,
		"hea": false,
		"":    false,
	} {
		if got := hasWordFold(s, "head"); got != want {
			t.Errorf("hasWordFold(%q, \"head\") = %v, want %v", s, got, want)
		}
	}
}
