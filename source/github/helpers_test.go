package github

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/scanner"
	"github.com/pat2app/pat2app/source/github/fakegithub"
)

// recorder is a RepoScanner that remembers what it was given and reports
// one finding per secret-using file, so tests can see files flow through.
type recorder struct {
	mu    sync.Mutex
	repos map[string]scanner.RepoFiles
}

func (r *recorder) ScanRepo(_ context.Context, rf scanner.RepoFiles) ([]inventory.Finding, []inventory.InputError) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.repos == nil {
		r.repos = map[string]scanner.RepoFiles{}
	}
	r.repos[rf.Name] = rf
	var out []inventory.Finding
	for _, f := range rf.Files {
		if bytes.Contains(f.Data, []byte("secrets.")) {
			out = append(out, inventory.Finding{Repo: rf.Name, File: f.Path, Credential: "github.token"})
		}
	}
	return out, nil
}

// filesOf returns path → content of a recorded repository.
func (r *recorder) filesOf(name string) map[string]string {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := map[string]string{}
	for _, f := range r.repos[name].Files {
		out[f.Path] = string(f.Data)
	}
	return out
}

// wantedOf keeps the files a scan should read.
func wantedOf(files map[string]string) map[string]string {
	out := map[string]string{}
	for p, c := range files {
		if wantedFile(p) {
			out[p] = c
		}
	}
	return out
}

const ciYAML = `name: ci
on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: gh pr list
        env:
          GH_TOKEN: ${{ secrets.BOT_PAT }}
`

const releaseYAML = `on: [release]
jobs:
  publish:
    runs-on: ubuntu-latest
    environment: prod
    steps:
      - run: echo ${{ secrets['DEPLOY_KEY'] }} ${{ secrets.MISSING_ONE }}
`

const compositeYAML = `name: setup
runs:
  using: composite
  steps:
    - run: echo hi
      shell: bash
`

// smallOrg is a hand-made organisation: nested composite actions, a root
// action.yml, an empty repository, an archived one, a fork, a disabled one,
// files that must not be read, and secrets at every scope.
func smallOrg() *fakegithub.Org {
	return &fakegithub.Org{
		Login:     "acme",
		Installed: 77,
		Repos: []*fakegithub.Repo{
			{Name: "api", Visibility: "private", Files: map[string]string{
				".github/workflows/ci.yml":                  ciYAML,
				".github/workflows/release.yaml":            releaseYAML,
				".github/workflows/README.md":               "not a workflow",
				".github/actions/setup/action.yml":          compositeYAML,
				".github/actions/deep/nested/x/action.yaml": compositeYAML,
				".github/dependabot.yml":                    "version: 2",
				"src/main.go":                               "package main",
				"action.yml":                                compositeYAML,
			}, Secrets: []string{"BOT_PAT", "OLD_TOKEN"}, Environments: map[string][]string{"prod": {"DEPLOY_KEY"}}},
			// big.yml is a large file (84 KB).
			{Name: "web", Visibility: "public", Files: map[string]string{".github/workflows/ci.yml": ciYAML,
				".github/workflows/big.yml": ciYAML + strings.Repeat("# padding padding padding padding padding\n", 2000)}},
			{Name: "empty"},
			{Name: "old", Archived: true, Files: map[string]string{".github/workflows/ci.yml": ciYAML}},
			{Name: "forked", Fork: true, Files: map[string]string{".github/workflows/ci.yml": ciYAML}},
			{Name: "frozen", Disabled: true, Files: map[string]string{".github/workflows/ci.yml": ciYAML}},
			{Name: "no-actions", Files: map[string]string{"README.md": "hi"}},
		},
		Secrets: []fakegithub.OrgSecret{
			{Name: "BOT_PAT", Visibility: "all"},
			{Name: "NPM_TOKEN", Visibility: "private"},
			{Name: "SELECTED", Visibility: "selected", Repos: []string{"acme/web"}},
		},
		PATs: []fakegithub.PAT{{ID: 1, Owner: "alice", Name: "ci bot", Selection: "all", Permissions: map[string]string{"contents": "write"},
			ExpiresAt: time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC), LastUsedAt: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)}},
		CredAuths: []fakegithub.CredentialAuthorization{{Login: "bob", Note: "laptop", Scopes: []string{"repo"}}},
	}
}

// demoOrg loads testdata/demo-org when present.
func demoOrg(t testing.TB) *fakegithub.Org {
	dir := filepath.Join("..", "..", "testdata", "demo-org")
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Skipf("testdata/demo-org is absent (%v): skipping the demo-org scan", err)
	}
	o := &fakegithub.Org{Login: "demo-org"}
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		files, err := fakegithub.LoadDir(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		o.Repos = append(o.Repos, &fakegithub.Repo{Name: e.Name(), Files: files})
	}
	if len(o.Repos) == 0 {
		t.Skip("testdata/demo-org has no repositories")
	}
	return o
}

// fakeClock is a Clock whose Sleep advances time instead of waiting.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
	// slept is the total time slept.
	slept time.Duration
}

func newFakeClock() *fakeClock { return &fakeClock{now: time.Now()} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	if d > 0 {
		c.now = c.now.Add(d)
		c.slept += d
	}
	c.mu.Unlock()
	return ctx.Err()
}

func (c *fakeClock) advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

func newClient(t testing.TB, srv *fakegithub.Server, mod func(*Options)) *Client {
	t.Helper()
	opts := Options{APIURL: srv.APIURL(), Token: "test-token", CacheDir: t.TempDir(), Concurrency: 4}
	if mod != nil {
		mod(&opts)
	}
	c, err := New(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func repoNames(inv *inventory.Inventory) []string {
	var out []string
	for _, r := range inv.Repos {
		out = append(out, r.Name)
	}
	sort.Strings(out)
	return out
}

func errText(inv *inventory.Inventory) string {
	var b strings.Builder
	for _, e := range inv.Errors {
		b.WriteString(e.Repo + ": " + e.Message + "\n")
	}
	return b.String()
}

func keys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// withoutEstimate is a scan's notes without the estimate said before
// reading (its first line).
func withoutEstimate(notes string) string {
	var out []string
	for _, l := range strings.SplitAfter(notes, "\n") {
		if !strings.Contains(l, " unchanged since they were read: reading files needs ") {
			out = append(out, l)
		}
	}
	return strings.Join(out, "")
}
