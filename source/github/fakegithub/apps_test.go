package fakegithub

import (
	"crypto/rsa"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v4"
)

// TestJWTChecks: the fake refuses JWTs as GitHub does, so tests of the
// token command cannot pass against a fake that accepts anything.
func TestJWTChecks(t *testing.T) {
	priv, _, err := TestKeys(2)
	if err != nil {
		t.Fatal(err)
	}
	app := &App{ID: 7, ClientID: "Iv23liFake", Keys: []*rsa.PublicKey{&priv[0].PublicKey}}
	srv := New(Config{Apps: []*App{app}})
	defer srv.Close()
	now := time.Now()
	sign := func(k *rsa.PrivateKey, iss string, iat, exp time.Time) string {
		s, err := jwt.NewWithClaims(jwt.SigningMethodRS256, jwt.RegisteredClaims{Issuer: iss,
			IssuedAt: jwt.NewNumericDate(iat), ExpiresAt: jwt.NewNumericDate(exp)}).SignedString(k)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	for _, tc := range []struct {
		name, jwt string
		status    int
		msg       string
	}{
		{"client id", sign(priv[0], "Iv23liFake", now.Add(-time.Minute), now.Add(5*time.Minute)), 200, ""},
		{"app id", sign(priv[0], "7", now.Add(-time.Minute), now.Add(5*time.Minute)), 200, ""},
		{"another key", sign(priv[1], "7", now.Add(-time.Minute), now.Add(5*time.Minute)), 401, msgJWTUndecodable},
		{"unknown issuer", sign(priv[0], "8", now.Add(-time.Minute), now.Add(5*time.Minute)), 401, msgJWTUndecodable},
		{"issued in the future", sign(priv[0], "7", now.Add(2*time.Minute), now.Add(5*time.Minute)), 401, msgJWTIat},
		{"expired", sign(priv[0], "7", now.Add(-10*time.Minute), now.Add(-time.Minute)), 401, msgJWTExpired},
		{"too long", sign(priv[0], "7", now.Add(-time.Minute), now.Add(11*time.Minute)), 401, msgJWTTooLong},
		{"not a JWT", "abc.def", 401, msgJWTUndecodable},
	} {
		req, _ := http.NewRequest(http.MethodGet, srv.APIURL()+"app", nil)
		req.Header.Set("Authorization", "Bearer "+tc.jwt)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tc.status || !strings.Contains(string(body), tc.msg) {
			t.Errorf("%s: %d %s, want %d %q", tc.name, resp.StatusCode, body, tc.status, tc.msg)
		}
	}
}
