package apptoken

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// FuzzReadCredentialRequest: whatever git (or anything else) writes, the
// reader does not panic, and a request it accepts for the GitHub host
// answers with exactly the credential lines.
func FuzzReadCredentialRequest(f *testing.F) {
	f.Add("protocol=https\nhost=github.com\npath=acme/api.git\n\n")
	f.Add("url=https://github.com/acme/api\n")
	f.Add("protocol=https\nhost=github.com\nhost=evil.example\n")
	f.Add("=\n\n\x00")
	f.Fuzz(func(t *testing.T, in string) {
		req, err := ReadCredentialRequest(strings.NewReader(in))
		if err != nil {
			return
		}
		if owner, name, ok := req.Repo(); ok && (owner == "" || name == "" || strings.Contains(name, "/")) {
			t.Errorf("Repo() = %q, %q from %q", owner, name, req.Path)
		}
		if req.ForHost("https://api.github.com/") && (!strings.EqualFold(req.Host, "github.com") || req.Protocol != "https") {
			t.Errorf("ForHost accepted %+v", req)
		}
		var b bytes.Buffer
		if err := WriteCredential(&b, "ghs_x", time.Unix(0, 0)); err != nil || strings.Count(b.String(), "\n") != 4 {
			t.Errorf("WriteCredential: %q %v", b.String(), err)
		}
	})
}
