// Package apptoken mints GitHub App installation tokens for jobs that run
// outside GitHub Actions: keys read from files or environment variables and
// tried in order (two during a rotation), installations found from an
// owner or repository, tokens narrowed to repositories and permissions,
// errors that say what to fix, and every attempt counted for Prometheus.
package apptoken

import (
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"strings"
)

// Key is one private key of a GitHub App. Printing a Key shows where it
// came from and its fingerprint, never the key.
type Key struct {
	// Fingerprint is the key's SHA-256 fingerprint as GitHub's App settings
	// show it: "SHA256:" and the base64 SHA-256 of the public key's DER
	// (what `openssl rsa -in KEY -pubout -outform DER | openssl sha256
	// -binary | openssl base64` prints).
	Fingerprint string
	// Source says where the key was read from: "file app.pem" or
	// "environment variable APP_KEY".
	Source  string
	private *rsa.PrivateKey
}

// String names the key without showing it.
func (k *Key) String() string { return k.Source + " (" + k.Fingerprint + ")" }

// GoString is String, so %#v shows no key material either.
func (k *Key) GoString() string { return k.String() }

// NewKey wraps a parsed private key read from source.
func NewKey(private *rsa.PrivateKey, source string) *Key {
	return &Key{Fingerprint: Fingerprint(&private.PublicKey), Source: source, private: private}
}

// Fingerprint is the SHA-256 fingerprint GitHub shows for an App key.
func Fingerprint(pub *rsa.PublicKey) string {
	der, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		return "SHA256:?"
	}
	sum := sha256.Sum256(der)
	return "SHA256:" + base64.StdEncoding.EncodeToString(sum[:])
}

// EnvPrefix marks a key spec that names an environment variable.
const EnvPrefix = "env:"

// maxKeyFile bounds a key file; an RSA key in PEM is a few KiB.
const maxKeyFile = 64 << 10

// LooksLikeKey reports whether a value given where a path or variable
// name was expected is key material itself (a common mistake:
// `--private-key "$KEY"`), so that it is never repeated in an error.
func LooksLikeKey(s string) bool {
	return strings.Contains(s, "-----BEGIN") || strings.Contains(s, "PRIVATE KEY") ||
		strings.ContainsAny(s, "\n\r") || len(s) > 512
}

// LoadKey reads one private key. spec is a file path, or env:NAME for the
// environment variable NAME (read through getenv). Errors name the file or
// variable, never its content.
func LoadKey(spec string, getenv func(string) string) (*Key, error) {
	if LooksLikeKey(spec) {
		return nil, errors.New("a private key was given where a file or env:NAME was expected: write the key to a file (mode 0600) or an environment variable and give its path or env:NAME; the value is not repeated here")
	}
	var data []byte
	var source string
	if name, ok := strings.CutPrefix(spec, EnvPrefix); ok {
		source = "environment variable " + name
		if name == "" {
			return nil, errors.New("env: needs a variable name (env:NAME)")
		}
		v := getenv(name)
		if strings.TrimSpace(v) == "" {
			return nil, fmt.Errorf("private key: %s is empty or not set", source)
		}
		data = []byte(v)
	} else {
		source = "file " + spec
		st, err := os.Stat(spec)
		if err != nil {
			return nil, fmt.Errorf("private key: %w", err)
		}
		if st.Size() > maxKeyFile {
			return nil, fmt.Errorf("private key: %s is %d bytes, too large for a key", source, st.Size())
		}
		if data, err = os.ReadFile(spec); err != nil {
			return nil, fmt.Errorf("private key: %w", err)
		}
	}
	k, err := parseKey(data)
	if err != nil {
		return nil, fmt.Errorf("private key from %s: %w", source, err)
	}
	return NewKey(k, source), nil
}

// parseKey reads an RSA private key in PEM (PKCS#1, as GitHub hands it
// out, or PKCS#8). A key pasted into a variable with literal \n escapes is
// accepted too. Errors never quote the data.
func parseKey(data []byte) (*rsa.PrivateKey, error) {
	s := strings.TrimSpace(string(data))
	if !strings.Contains(s, "\n") && strings.Contains(s, `\n`) {
		s = strings.ReplaceAll(s, `\n`, "\n")
	}
	block, _ := pem.Decode([]byte(s))
	if block == nil {
		return nil, errors.New("not a PEM private key (want the .pem file GitHub downloads: -----BEGIN RSA PRIVATE KEY-----)")
	}
	if k, err := x509.ParsePKCS1PrivateKey(block.Bytes); err == nil {
		return k, nil
	}
	any, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		return nil, fmt.Errorf("the PEM block (%s) is not an RSA private key in PKCS#1 or PKCS#8", block.Type)
	}
	k, ok := any.(*rsa.PrivateKey)
	if !ok {
		return nil, fmt.Errorf("the PEM block (%s) is not an RSA key: GitHub App keys are RSA", block.Type)
	}
	return k, nil
}
