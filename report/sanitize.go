package report

import (
	"strings"
	"unicode"
)

// SanitizeTerminal removes control characters (ESC sequences, CR, BEL, ...)
// and Unicode bidi overrides from text that came from a scanned repository,
// so it cannot move the cursor, recolour or rewrite the terminal. Newlines and
// tabs become spaces.
func SanitizeTerminal(s string) string {
	clean := true
	for _, r := range s {
		if isUnsafeRune(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\n' || r == '\t':
			b.WriteByte(' ')
		case isUnsafeRune(r):
			// dropped
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func isUnsafeRune(r rune) bool {
	if r == unicode.ReplacementChar {
		return false
	}
	if unicode.IsControl(r) {
		return true
	}
	switch {
	case r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069, r == 0x200E, r == 0x200F, r == 0x061C:
		return true
	}
	return false
}
