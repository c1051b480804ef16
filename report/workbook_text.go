package report

import (
	"regexp"
	"strings"
)

// tokenPattern matches literal GitHub tokens (classic, fine-grained, OAuth,
// user-to-server, installation, refresh).
var tokenPattern = regexp.MustCompile(`\b(?:gh[pousr]_[A-Za-z0-9]{8,}|github_pat_[A-Za-z0-9_]{8,})`)

// redactTokens replaces any literal GitHub token in s by its prefix and
// asterisks. The scanner already redacts; this is the second line, so no
// renderer can print a token value even if an upstream stage slips.
func redactTokens(s string) string {
	if !strings.Contains(s, "gh") && !strings.Contains(s, "github_pat_") {
		return s
	}
	return tokenPattern.ReplaceAllStringFunc(s, func(t string) string {
		if strings.HasPrefix(t, "github_pat_") {
			return "github_pat_****"
		}
		return t[:4] + "****"
	})
}
