package knowledge

import (
	"strings"
	"testing"
)

func TestAgentMentions(t *testing.T) {
	cases := []struct{ text, want string }{
		{"echo \"@codex\"", "@codex"},
		{"@Claude please review", "@claude"},
		{"ask @codex, then @claude.", "@claude,@codex"}, // in the table's order
		{"mail bot@codex.example", ""},
		{"@codex-bot and @codexes", ""},
		{"no mention here", ""},
	}
	for _, c := range cases {
		got, agents := AgentMentions(c.text)
		if strings.Join(got, ",") != c.want {
			t.Errorf("AgentMentions(%q) = %v, want %s", c.text, got, c.want)
		}
		if len(agents) != len(got) {
			t.Errorf("AgentMentions(%q): %d agents for %d mentions", c.text, len(agents), len(got))
		}
	}
}
