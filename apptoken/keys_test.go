package apptoken

import (
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestLoadKey(t *testing.T) {
	priv, pems := keys(t)
	dir := t.TempDir()
	pkcs1 := filepath.Join(dir, "app.pem")
	if err := os.WriteFile(pkcs1, pems[0], 0o600); err != nil {
		t.Fatal(err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(priv[0])
	if err != nil {
		t.Fatal(err)
	}
	pkcs8 := filepath.Join(dir, "app8.pem")
	if err := os.WriteFile(pkcs8, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{
		"APP_KEY":         string(pems[0]),
		"APP_KEY_ESCAPED": strings.ReplaceAll(string(pems[0]), "\n", `\n`),
	}
	getenv := func(k string) string { return env[k] }
	want := Fingerprint(&priv[0].PublicKey)
	for spec, source := range map[string]string{
		pkcs1: "file " + pkcs1, pkcs8: "file " + pkcs8,
		"env:APP_KEY": "environment variable APP_KEY", "env:APP_KEY_ESCAPED": "environment variable APP_KEY_ESCAPED",
	} {
		k, err := LoadKey(spec, getenv)
		if err != nil {
			t.Errorf("%s: %v", spec, err)
			continue
		}
		if k.Fingerprint != want || k.Source != source {
			t.Errorf("%s: %s from %q", spec, k.Fingerprint, k.Source)
		}
		if s := fmt.Sprintf("%v %+v %#v %s", k, k, k, k); strings.Contains(s, "BEGIN") || strings.Contains(s, fmt.Sprint(priv[0].D)) {
			t.Errorf("printing a key shows it: %s", s)
		}
	}

	notKey := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(notKey, []byte("hello"), 0o600); err != nil {
		t.Fatal(err)
	}
	for spec, wantErr := range map[string]string{
		string(pems[0]):                   "a private key was given where a file or env:NAME was expected",
		"env:MISSING":                     "environment variable MISSING is empty or not set",
		"env:":                            "needs a variable name",
		filepath.Join(dir, "missing.pem"): "no such file",
		notKey:                            "not a PEM private key",
	} {
		_, err := LoadKey(spec, getenv)
		if err == nil || !strings.Contains(err.Error(), wantErr) {
			t.Errorf("LoadKey(%.20q) = %v, want %q", spec, err, wantErr)
			continue
		}
		for _, line := range strings.Split(string(pems[0]), "\n")[1:3] {
			if strings.Contains(err.Error(), line) {
				t.Errorf("the error repeats the key: %v", err)
			}
		}
	}
}

// TestFingerprintMatchesOpenSSL: the fingerprint is what GitHub's App
// settings show, which its docs compute with openssl.
func TestFingerprintMatchesOpenSSL(t *testing.T) {
	openssl, err := exec.LookPath("openssl")
	if err != nil {
		t.Skip("openssl is not installed")
	}
	priv, pems := keys(t)
	path := filepath.Join(t.TempDir(), "k.pem")
	if err := os.WriteFile(path, pems[0], 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("sh", "-c", `"$1" rsa -in "$2" -pubout -outform DER 2>/dev/null | "$1" sha256 -binary | "$1" base64`, "sh", openssl, path).Output()
	if err != nil {
		t.Fatal(err)
	}
	if got, want := Fingerprint(&priv[0].PublicKey), "SHA256:"+strings.TrimSpace(string(out)); got != want {
		t.Errorf("fingerprint %s, openssl says %s", got, want)
	}
}
