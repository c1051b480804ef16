package redact

import (
	"bytes"
	"encoding/json"
	"math/rand"
	"regexp"
	"strings"
	"testing"
)

const (
	classic     = "ghp_" + "Mdga7pQ2vL0xY9zT4kR8sW1nB6cJ3hF5eA0u"
	fineToken   = "github_pat_" + "11ABCDEFG0123456789abc_" + "defGHIJKLmnopQRSTuvwxYZ0123456789abcdefGHIJKLmnopQRSTuvwxY"
	keyBody1    = "MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun"
	keyBody2    = "VTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxK"
	privatePEM  = "-----BEGIN RSA PRIVATE KEY-----\n" + keyBody1 + "\n" + keyBody2 + "\n-----END RSA PRIVATE KEY-----\n"
	certificate = "-----BEGIN CERTIFICATE-----\nMIIDdzCCAl+gAwIBAgIEAgAAuTANBgkqhkiG9w0BAQUFADBaMQswCQYDVQQGEwJJ\n-----END CERTIFICATE-----\n"
)

func TestString(t *testing.T) {
	cases := []struct{ in, want string }{
		{"no secrets here", "no secrets here"},
		{"token " + classic + " used", "token ghp_**** used"},
		{"GET /repos/acme/b/" + classic + "/issues", "GET /repos/acme/b/ghp_****/issues"},
		{classic, "ghp_****"},
		{"x-access-token:" + classic + "@github.com", "x-access-token:ghp_****@github.com"},
		{fineToken + ".", "github_pat_****."},
		{"gho_12345678 ghu_ABCDEFGH ghs_abcdefgh ghr_a1b2c3d4", "gho_**** ghu_**** ghs_**** ghr_****"},
		// Not tokens: too short, inside a word, or already redacted.
		{"ghp_token ghs_short", "ghp_token ghs_short"},
		{"laughs_abcdefghij xghp_abcdefghij", "laughs_abcdefghij xghp_abcdefghij"},
		{"acme__" + classic + "/x", "acme__ghp_****/x"},
		// Escaped for Markdown.
		{`ghp\_` + classic[4:] + ` and github\_pat\_11ABCDEFGH\_ijk`, `ghp\_**** and github\_pat\_****`},
		{"ghp_****1a2b3c4d", "ghp_****1a2b3c4d"},
		// Key blocks: bodies go, lines and boundaries stay.
		{privatePEM, "-----BEGIN RSA PRIVATE KEY-----\n****\n****\n-----END RSA PRIVATE KEY-----\n"},
		{"env:\n  KEY: |\n    -----BEGIN OPENSSH PRIVATE KEY-----\n    " + keyBody1 + "\n    -----END OPENSSH PRIVATE KEY-----\n  NEXT: 1\n",
			"env:\n  KEY: |\n    -----BEGIN OPENSSH PRIVATE KEY-----\n    ****\n    -----END OPENSSH PRIVATE KEY-----\n  NEXT: 1\n"},
		// Diff lines keep their markers.
		{" -----BEGIN EC PRIVATE KEY-----\n+  " + keyBody1 + "\n-  " + keyBody2 + "\n -----END EC PRIVATE KEY-----\n",
			" -----BEGIN EC PRIVATE KEY-----\n+  ****\n-  ****\n -----END EC PRIVATE KEY-----\n"},
		// Quoted in JSON: the escapes stay, the string ends the block.
		{`{"e":"-----BEGIN PRIVATE KEY-----\n` + keyBody1 + `\n-----END PRIVATE KEY-----","n":"ok"}`,
			`{"e":"-----BEGIN PRIVATE KEY-----\n****\n-----END PRIVATE KEY-----","n":"ok"}`},
		// Cut short (one-line evidence): the block ends where its text does.
		{"echo -----BEGIN RSA PRIVATE KEY----- " + keyBody1 + " " + keyBody2[:10] + "… | ok", "echo -----BEGIN RSA PRIVATE KEY----- **** ****… | ok"},
		// Headers of an encrypted key.
		{"-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,0123ABCD\n\n" + keyBody1 + "\n-----END RSA PRIVATE KEY-----",
			"-----BEGIN RSA PRIVATE KEY-----\n****-****: 4,****\n****-****: ****-****-****,****\n\n****\n-----END RSA PRIVATE KEY-----"},
		// Public material is left alone.
		{certificate, certificate},
		{"-----BEGIN PGP PRIVATE KEY BLOCK-----\n" + keyBody1 + "\n-----END PGP PRIVATE KEY BLOCK-----", "-----BEGIN PGP PRIVATE KEY BLOCK-----\n****\n-----END PGP PRIVATE KEY BLOCK-----"},
		{"after the key " + "-----BEGIN RSA PRIVATE KEY-----\n" + keyBody1 + "\n-----END RSA PRIVATE KEY-----\n" + classic, "after the key -----BEGIN RSA PRIVATE KEY-----\n****\n-----END RSA PRIVATE KEY-----\nghp_****"},
	}
	for _, c := range cases {
		if got := String(c.in); got != c.want {
			t.Errorf("String(%q)\n got %q\nwant %q", c.in, got, c.want)
		}
		if got := String(String(c.in)); got != c.want {
			t.Errorf("String is not idempotent on %q: %q", c.in, got)
		}
		if got := streamed(c.in, rand.New(rand.NewSource(1))); got != c.want {
			t.Errorf("Writer(%q)\n got %q\nwant %q", c.in, got, c.want)
		}
	}
}

// A JSON document stays valid JSON with the same keys once redacted.
func TestStringKeepsJSONValid(t *testing.T) {
	doc, err := json.Marshal(map[string]any{"key": privatePEM, "token": classic, "list": []string{fineToken, "a\\b"}})
	if err != nil {
		t.Fatal(err)
	}
	var back map[string]any
	red := String(string(doc))
	if err := json.Unmarshal([]byte(red), &back); err != nil {
		t.Fatalf("redacted JSON does not parse: %v\n%s", err, red)
	}
	if strings.Contains(red, keyBody1[:16]) || strings.Contains(red, classic) || strings.Contains(red, fineToken[:20]) {
		t.Fatalf("secret left in %s", red)
	}
}

// streamed passes s through a Writer in random pieces.
func streamed(s string, rng *rand.Rand) string {
	var buf bytes.Buffer
	w := NewWriter(&buf)
	for len(s) > 0 {
		n := 1 + rng.Intn(min(len(s), 12))
		if _, err := w.Write([]byte(s[:n])); err != nil {
			panic(err)
		}
		s = s[n:]
	}
	if err := w.Flush(); err != nil {
		panic(err)
	}
	return buf.String()
}

// tokenRef is the token rule as a regular expression, for texts without
// key blocks.
var tokenRef = regexp.MustCompile(`(^|[^A-Za-z0-9])(gh[pousr](?:_|\\_))[A-Za-z0-9]{8,}|(^|[^A-Za-z0-9])(github(?:_|\\_)pat(?:_|\\_))(?:[A-Za-z0-9_]|\\_){8,}`)

func refTokens(s string) string {
	// Matches may share their boundary byte; apply until nothing changes.
	for {
		next := tokenRef.ReplaceAllString(s, "${1}${2}${3}${4}"+Mask)
		if next == s {
			return s
		}
		s = next
	}
}

var leftover = regexp.MustCompile(`(^|[^A-Za-z0-9])(gh[pousr](?:_|\\_)[A-Za-z0-9]{8,}|github(?:_|\\_)pat(?:_|\\_)(?:[A-Za-z0-9_]|\\_){8,})`)

func FuzzString(f *testing.F) {
	for _, s := range []string{classic, fineToken, privatePEM, certificate, "a ghp_12345678 b", "gh gh_ ghp_ -----BEGIN", `"\n-----END X-----"`} {
		f.Add(s, int64(1))
	}
	f.Fuzz(func(t *testing.T, s string, seed int64) {
		got := String(s)
		if w := streamed(s, rand.New(rand.NewSource(seed))); w != got {
			t.Fatalf("Writer and String differ on %q:\n%q\n%q", s, w, got)
		}
		if again := String(got); again != got {
			t.Fatalf("not idempotent on %q: %q then %q", s, got, again)
		}
		if m := leftover.FindString(got); m != "" {
			t.Fatalf("token %q left in %q (from %q)", m, got, s)
		}
		if !strings.Contains(s, "-----BEGIN") {
			if want := refTokens(s); got != want {
				t.Fatalf("String(%q) = %q, the token rule gives %q", s, got, want)
			}
		}
		if strings.Count(got, "\n") != strings.Count(s, "\n") {
			t.Fatalf("line count changed: %q -> %q", s, got)
		}
	})
}

func BenchmarkWriter(b *testing.B) {
	var sb strings.Builder
	for sb.Len() < 1<<20 {
		sb.WriteString(`{"repo":"acme/widgets","file":".github/workflows/release.yml","job":"release","credential":"secrets.GH_PAT","evidence":"gh pr create --fill"}` + "\n")
	}
	text := []byte(sb.String())
	b.SetBytes(int64(len(text)))
	for i := 0; i < b.N; i++ {
		w := NewWriter(discard{})
		for off := 0; off < len(text); off += 4096 {
			w.Write(text[off:min(off+4096, len(text))])
		}
		w.Flush()
	}
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
