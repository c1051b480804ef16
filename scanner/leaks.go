package scanner

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"regexp"

	"github.com/pat2app/pat2app/inventory"
)

// leakRE matches GitHub's token formats: classic tokens are a prefix, an
// underscore and 36 base62 characters; fine-grained PATs are github_pat_
// followed by 22 and 59 characters joined by an underscore.
var leakRE = regexp.MustCompile(`\b(gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59})\b`)

// RedactToken shows a token by its prefix and a short hash, never its value.
func RedactToken(tok string) string {
	prefix := tok[:4]
	if len(tok) > 11 && tok[:11] == "github_pat_" {
		prefix = "github_pat_"
	}
	h := sha256.Sum256([]byte(tok))
	return prefix + "****" + hex.EncodeToString(h[:4])
}

// leaks records literal tokens anywhere in the file.
func (a *analysis) leaks() {
	if !mayHoldToken(a.file.Data) {
		return
	}
	for i := 0; i < a.lines.count(); i++ {
		if !mayHoldToken(a.lines.lineBytes(i + 1)) {
			continue
		}
		text := a.lines.line(i + 1)
		for _, m := range leakRE.FindAllString(text, -1) {
			red := RedactToken(m)
			b := a.get(a.jobOf(i+1), "leaked:"+red)
			b.f.Credential = red
			b.leak = true
			b.use(inventory.Use{Line: i + 1, Via: inventory.ViaLiteral, Target: "token written in the file (" + red + ")"})
			b.signal(1, true, "literal GitHub token")
		}
	}
}

// mayHoldToken is a cheap test before the regular expression: is there an
// underscore preceded by gh[pousr] or github_pat?
func mayHoldToken(b []byte) bool {
	for i := 0; i < len(b); {
		j := bytes.IndexByte(b[i:], '_')
		if j < 0 {
			return false
		}
		k := i + j
		if k >= 3 && b[k-3] == 'g' && b[k-2] == 'h' {
			switch b[k-1] {
			case 'p', 'o', 'u', 's', 'r':
				return true
			}
		}
		if k >= 10 && string(b[k-10:k]) == "github_pat" {
			return true
		}
		i = k + 1
	}
	return false
}
