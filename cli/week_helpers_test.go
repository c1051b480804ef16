package cli

import (
	"context"
	"crypto/rsa"
	"os"
	"path/filepath"
	"testing"

	"github.com/pat2app/pat2app/source/github/fakegithub"
)

// weekKeys are the test Apps' keys: [0] and [1] belong to acme-release-bot,
// [2] to acme-triage-bot, [3] to no App.
func weekKeys(t testing.TB) ([4]*rsa.PrivateKey, [4][]byte) {
	t.Helper()
	priv, pems, err := fakegithub.TestKeys(4)
	if err != nil {
		t.Fatal(err)
	}
	return [4]*rsa.PrivateKey(priv), [4][]byte(pems)
}

// weekOrg is the organisation of the migration-week tests: acme with
// api (release workflow), web and docs; acme-release-bot installed on api and
// web, acme-triage-bot on all repositories.
type weekOrg struct {
	srv     *fakegithub.Server
	release *fakegithub.App
	triage  *fakegithub.App
	acme    *fakegithub.Org
	dir     string
	keyFile [4]string
}

func newWeekOrg(t *testing.T) *weekOrg {
	t.Helper()
	priv, pems := weekKeys(t)
	w := &weekOrg{dir: t.TempDir()}
	for i := range pems {
		w.keyFile[i] = filepath.Join(w.dir, "key"+string(rune('0'+i))+".pem")
		if err := os.WriteFile(w.keyFile[i], pems[i], 0o600); err != nil {
			t.Fatal(err)
		}
	}
	w.release = &fakegithub.App{ID: 42, ClientID: "Iv23liRelease", Slug: "acme-release-bot", Name: "acme-release-bot",
		Keys:        []*rsa.PublicKey{&priv[0].PublicKey, &priv[1].PublicKey},
		Permissions: map[string]string{"contents": "write", "pull_requests": "write"},
		Installations: []*fakegithub.Installation{{ID: 100, Account: "acme", Selection: "selected", Repositories: []string{"api", "web"},
			Permissions: map[string]string{"contents": "write", "pull_requests": "write"}}}}
	w.triage = &fakegithub.App{ID: 43, ClientID: "Iv23liTriage", Slug: "acme-triage-bot", Name: "acme-triage-bot",
		Keys:          []*rsa.PublicKey{&priv[2].PublicKey},
		Permissions:   map[string]string{"issues": "write"},
		Installations: []*fakegithub.Installation{{ID: 101, Account: "acme"}}}
	w.acme = &fakegithub.Org{Login: "acme", Repos: []*fakegithub.Repo{
		{Name: "api", Files: map[string]string{".github/workflows/release.yml": releaseWorkflow}},
		{Name: "web"}, {Name: "docs"},
	}}
	w.srv = fakegithub.New(fakegithub.Config{Token: weekReaderToken, Apps: []*fakegithub.App{w.release, w.triage},
		Orgs: []*fakegithub.Org{w.acme}})
	t.Cleanup(w.srv.Close)
	return w
}

// releaseWorkflow opens a pull request with a PAT.
const releaseWorkflow = `on: push
jobs:
  release:
    runs-on: ubuntu-latest
    steps:
      - uses: peter-evans/create-pull-request@v7
        with:
          token: ${{ secrets.RELEASE_PAT }}
          branch-suffix: timestamp
`

func weekPEMOf(t testing.TB, i int) []byte {
	_, pems := weekKeys(t)
	return pems[i]
}

func weekPrivOf(t testing.TB, i int) *rsa.PrivateKey {
	priv, _ := weekKeys(t)
	return priv[i]
}

// writeWeekCheckouts lays out acme's repositories as local checkouts
// (folders named OWNER__NAME) and returns their folder.
func writeWeekCheckouts(t *testing.T, dir string, files map[string]string) string {
	t.Helper()
	root := filepath.Join(dir, "org")
	for p, c := range files {
		full := filepath.Join(root, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(c), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

// writeWeekPlan plans acme's checkouts with `plan` and returns plan.json.
func writeWeekPlan(t *testing.T, w *weekOrg) string {
	t.Helper()
	root := writeWeekCheckouts(t, w.dir, map[string]string{"acme__api/.github/workflows/release.yml": releaseWorkflow})
	out := filepath.Join(w.dir, "plan")
	stdio, _, errb := apiTestIO(nil)
	if code := Main(context.Background(), []string{"plan", root, "--out", out}, stdio); code != ExitOK {
		t.Fatalf("plan: exit %d: %s", code, errb.String())
	}
	return filepath.Join(out, "plan.json")
}

// weekReaderToken is the fake's static token: the PAT that reads secrets
// and variables (a planted secret for the hygiene test).
const weekReaderToken = "ghp_PLANTEDreaderTOKEN0123456789abcdefABCD"
