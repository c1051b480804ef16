package cli

import (
	"context"
	"encoding/base64"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestNoKeyOrTokenInOutputs plants key material and tokens in every input
// position of the week's commands (key files, key variables, a key given
// as a flag value, the reader token) and runs each command, succeeding and
// failing; no output, error, log or metrics file holds any of it, and a
// minted token appears only where the command's job is to print it.
func TestNoKeyOrTokenInOutputs(t *testing.T) {
	w := newVerifyWorld(t)
	reader := weekReaderToken

	_, pems := weekKeys(t)
	priv, _ := weekKeys(t)
	// Secrets to look for: every body line of each PEM, the base64 of the
	// private exponent and primes, and the reader token.
	var planted []string
	for i, p := range pems {
		lines := strings.Split(strings.TrimSpace(string(p)), "\n")
		planted = append(planted, lines[1:len(lines)-1]...)
		for _, n := range []*big.Int{priv[i].D, priv[i].Primes[0], priv[i].Primes[1]} {
			planted = append(planted, n.String(), base64.StdEncoding.EncodeToString(n.Bytes())[:24])
		}
	}
	planted = append(planted, reader)

	metrics := filepath.Join(w.dir, "m.prom")
	mdOut := filepath.Join(w.dir, "verify.md")
	// BAD_KEY is a key cut short: it does not parse, and the error must
	// not quote it.
	lines := strings.Split(string(pems[3]), "\n")
	broken := strings.Join(append(append([]string{}, lines[:5]...), lines[len(lines)-2:]...), "\n")
	env := map[string]string{"GH_TOKEN": reader, "NEW_KEY": string(pems[1]), "BAD_KEY": broken, "ODD_KEY": string(pems[3])}
	tokenArgs := []string{"--api-url", w.srv.URL, "--client-id", "Iv23liRelease", "--metrics-file", metrics}
	type run struct {
		args []string
		// printsToken: stdout carries a minted token by design.
		printsToken bool
		stdin       string
	}
	runs := []run{
		{args: append([]string{"token", "--private-key", "env:ODD_KEY", "--private-key", "env:NEW_KEY", "--owner", "acme"}, tokenArgs...), printsToken: true},
		{args: append([]string{"token", "--private-key", w.keyFile[0], "--owner", "acme", "--format", "json"}, tokenArgs...), printsToken: true},
		{args: append([]string{"token", "--private-key", w.keyFile[0], "--repo", "acme/docs"}, tokenArgs...)},
		{args: append([]string{"token", "--private-key", "env:ODD_KEY", "--owner", "acme"}, tokenArgs...)},
		{args: append([]string{"token", "--private-key", string(pems[0]), "--owner", "acme"}, tokenArgs...)},
		{args: append([]string{"token", "--private-key", "env:BAD_KEY", "--owner", "acme"}, tokenArgs...)},
		{args: append([]string{"token", "--app-private-key", string(pems[2]), "--owner", "acme"}, tokenArgs...)},
		{args: append([]string{"token", "git-credential", "--private-key", w.keyFile[0], "--owner", "acme"}, append(tokenArgs, "get")...), printsToken: true,
			stdin: "protocol=http\nhost=" + strings.TrimPrefix(w.srv.URL, "http://") + "\n\n"},
		{args: append([]string{"token", "exec", "--private-key", w.keyFile[0], "--owner", "acme"}, append(tokenArgs, "--", "sh", "-c", "echo ran")...)},
		{args: []string{"verify", "--api-url", w.srv.URL, "--config", w.cfg, "--plan", w.plan}},
		{args: []string{"verify", "--api-url", w.srv.URL, "--config", w.cfg, "--plan", w.plan, "--format", "markdown", "-o", mdOut}},
		{args: []string{"verify", "--api-url", w.srv.URL, "--config", w.cfg, "--plan", w.plan, "--format", "json"}},
		{args: []string{"verify", "--api-url", w.srv.URL, "--plan", w.plan, "--app", "acme-release-bot", "--client-id", "x", "--private-key", string(pems[1])}},
		{args: []string{"status", "--api-url", w.srv.URL, "--plan", w.plan, "--day", "4", "--org", "acme", "--cache-dir", "off"}},
		{args: []string{"offboard", "alice", "--api-url", w.srv.URL, "--plan", w.plan, "--org", "acme", "--cache-dir", "off"}},
	}
	var outputs []string
	var minted []string
	for _, r := range runs {
		stdio, out, errb := apiTestIO(env)
		stdio.In = strings.NewReader(r.stdin)
		code := Main(context.Background(), r.args, stdio)
		if r.printsToken {
			if code != ExitOK {
				t.Errorf("%v: exit %d: %s", r.args[:2], code, errb.String())
			}
			minted = append(minted, out.String())
		} else {
			outputs = append(outputs, out.String())
		}
		outputs = append(outputs, errb.String())
	}
	for _, f := range []string{metrics, mdOut} {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		outputs = append(outputs, string(b))
	}
	issued := w.srv.IssuedTokens()
	if len(issued) < 4 {
		t.Fatalf("only %d tokens issued: the runs did not mint", len(issued))
	}
	all := strings.Join(outputs, "\n")
	for _, s := range append(planted, issued...) {
		if strings.Contains(all, s) {
			t.Errorf("%.16s... appears in an output", s)
		}
	}
	// Key material never appears even where a token is printed.
	printed := strings.Join(minted, "\n")
	for _, s := range planted {
		if strings.Contains(printed, s) {
			t.Errorf("%.16s... appears beside a printed token", s)
		}
	}
}
