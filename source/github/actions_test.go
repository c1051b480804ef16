package github

import (
	"context"
	"errors"
	"io/fs"
	"reflect"
	"strings"
	"testing"

	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/scanner"
	"github.com/pat2app/pat2app/source/github/fakegithub"
)

// vendorOrg holds third-party actions: a JavaScript action tagged v1 and
// v2, and a composite one.
func vendorOrg() *fakegithub.Org {
	return &fakegithub.Org{Login: "vendor", Repos: []*fakegithub.Repo{
		{Name: "labeler", Visibility: "public", Tags: []string{"v1", "v2"}, Files: map[string]string{
			"action.yml":              "inputs:\n  repo-token:\n    default: ${{ github.token }}\nruns:\n  using: node20\n  main: dist/index.js\n",
			"src/main.ts":             "import * as github from '@actions/github'\nimport * as core from '@actions/core'\nconst o = github.getOctokit(core.getInput('repo-token'))\nawait o.rest.issues.addLabels({...github.context.repo, issue_number: 1, labels: []})\n",
			"dist/index.js":           "// bundle\n",
			"node_modules/x/index.js": "never kept\n",
			"README.md":               "not kept\n",
			"nested/action.yml":       "runs:\n  using: composite\n  steps:\n    - run: gh pr create --fill\n      shell: bash\n",
			"__tests__/main.test.ts":  "kept, not read\n",
		}},
	}}
}

func TestActionsFetchOnceAndCache(t *testing.T) {
	srv := fakegithub.New(fakegithub.Config{Orgs: []*fakegithub.Org{vendorOrg()}, Token: "test-token"})
	defer srv.Close()
	dir := t.TempDir()
	c := newClient(t, srv, func(o *Options) { o.CacheDir = dir })
	a := c.Actions()
	ctx := context.Background()
	got, err := a.ActionRepo(ctx, "vendor", "labeler", "v1")
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Commit) != 40 {
		t.Fatalf("commit %q", got.Commit)
	}
	var names []string
	_ = fs.WalkDir(got.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			names = append(names, p)
		}
		return nil
	})
	if strings.Join(names, " ") != "__tests__/main.test.ts action.yml dist/index.js nested/action.yml src/main.ts" {
		t.Fatalf("kept %v", names)
	}
	// The same ref again, in this run: no request.
	before := c.Stats()
	if _, err := a.ActionRepo(ctx, "vendor", "labeler", "v1"); err != nil {
		t.Fatal(err)
	}
	if c.Stats().Requests != before.Requests {
		t.Fatalf("a second read of the same ref asked the server")
	}
	// Another tag of the same commit: one conditional request, no download.
	if _, err := a.ActionRepo(ctx, "vendor", "labeler", "v2"); err != nil {
		t.Fatal(err)
	}
	if n := c.Stats().Requests - before.Requests; n != 1 {
		t.Fatalf("another tag of a cached commit took %d requests, want 1", n)
	}
	// A new run on the same cache: the ref is answered 304, nothing downloaded.
	c2 := newClient(t, srv, func(o *Options) { o.CacheDir = dir })
	if _, err := c2.Actions().ActionRepo(ctx, "vendor", "labeler", "v1"); err != nil {
		t.Fatal(err)
	}
	if st := c2.Stats(); st.Requests != 1 || st.NotModified != 1 {
		t.Fatalf("warm: %+v, want one request answered 304", st)
	}
	// Pinned by commit: no request at all.
	c3 := newClient(t, srv, func(o *Options) { o.CacheDir = dir })
	if _, err := c3.Actions().ActionRepo(ctx, "vendor", "labeler", got.Commit); err != nil {
		t.Fatal(err)
	}
	if st := c3.Stats(); st.Requests != 0 {
		t.Fatalf("a cached commit took %d requests", st.Requests)
	}
	// Offline: the cache, through the ref an earlier read resolved.
	off, err := CachedActions(dir, srv.APIURL())
	if err != nil {
		t.Fatal(err)
	}
	if r, err := off.ActionRepo(ctx, "vendor", "labeler", "v1"); err != nil || r.Commit != got.Commit {
		t.Fatalf("offline read of a cached ref: %v %q", err, r.Commit)
	}
	if _, err := off.ActionRepo(ctx, "vendor", "other", "v1"); !errors.Is(err, scanner.ErrActionOffline) {
		t.Fatalf("offline read of an action not cached: %v", err)
	}
	// Another API host's cache is not read.
	other, _ := CachedActions(dir, "https://ghe.example.com/api/v3/")
	if _, err := other.ActionRepo(ctx, "vendor", "labeler", "v1"); !errors.Is(err, scanner.ErrActionOffline) {
		t.Fatalf("another host's cache was read: %v", err)
	}
	// A ref that does not exist is an error, not offline.
	if _, err := a.ActionRepo(ctx, "vendor", "labeler", "v9"); err == nil || errors.Is(err, scanner.ErrActionOffline) {
		t.Fatalf("missing ref: %v", err)
	}
	if _, err := a.ActionRepo(ctx, "../x", "labeler", "v1"); err == nil {
		t.Fatal("a bad owner was fetched")
	}
}

// TestScanReadsActions: an organisation scan reads an action with no row
// at the pinned ref, and its evidence names the action's file.
func TestScanReadsActions(t *testing.T) {
	org := &fakegithub.Org{Login: "acme", Repos: []*fakegithub.Repo{{Name: "app", Files: map[string]string{
		".github/workflows/label.yml": "on: pull_request\njobs:\n  label:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: vendor/labeler@v2\n        with:\n          repo-token: ${{ secrets.LABEL_PAT }}\n",
	}}}}
	srv := fakegithub.New(fakegithub.Config{Orgs: []*fakegithub.Org{org, vendorOrg()}, Token: "test-token"})
	defer srv.Close()
	c := newClient(t, srv, func(o *Options) { o.SkipSecrets = true })
	inv, err := c.Scan(context.Background(), Targets{Orgs: []string{"acme"}}, scanner.New(scanner.Options{Actions: c.Actions()}))
	if err != nil {
		t.Fatal(err)
	}
	if len(inv.Findings) != 1 || len(inv.Findings[0].Operations) != 1 {
		t.Fatalf("findings %+v", inv.Findings)
	}
	op := inv.Findings[0].Operations[0]
	if op.Path != "/repos/{owner}/{repo}/issues/{issue_number}/labels" || op.Evidence.Located() != "vendor/labeler@v2:src/main.ts:4: o.rest.issues.addLabels" {
		t.Fatalf("op %+v %s", op, op.Evidence.Located())
	}
	if len(inv.Findings[0].Unresolved) != 0 {
		t.Fatalf("unresolved %+v", inv.Findings[0].Unresolved)
	}
}

// TestReusedFindingsFollowActions: a repository's findings taken from an
// earlier scan are reused only while the third-party actions that scan
// read still name the same commits: once the action's tag moves, the
// repository is scanned again (from its cached files), and with it those
// whose records its run wrote after reading the action (which actions one
// repository read cannot be told, only which its run had read by then).
func TestReusedFindingsFollowActions(t *testing.T) {
	org := &fakegithub.Org{Login: "acme", Repos: []*fakegithub.Repo{
		{Name: "app", Files: map[string]string{".github/workflows/label.yml": "on: pull_request\njobs:\n  l:\n    runs-on: x\n    steps:\n      - uses: vendor/labeler@v1\n        with:\n          repo-token: ${{ secrets.BOT_PAT }}\n"}},
		{Name: "plain", Files: map[string]string{".github/workflows/ci.yml": ciYAML}},
	}}
	srv := fakegithub.New(fakegithub.Config{Orgs: []*fakegithub.Org{org, vendorOrg()}, Token: "test-token"})
	defer srv.Close()
	dir := t.TempDir()
	var last *countingScanner
	scan := func() (int64, *inventory.Inventory) {
		c := newClient(t, srv, func(o *Options) { o.CacheDir, o.ScannerKey, o.Concurrency = dir, "k", 1 })
		last = &countingScanner{}
		real := scanner.New(scanner.Options{Actions: c.Actions()})
		inv, err := c.Scan(context.Background(), Targets{Orgs: []string{"acme"}}, scanThrough{real, last})
		if err != nil || !inv.Complete {
			t.Fatalf("scan: %v %s", err, errText(inv))
		}
		return last.n.Load(), inv
	}
	n, first := scan()
	if n != 2 {
		t.Fatalf("cold: %d scanned", n)
	}
	if n, again := scan(); n != 0 || !reflect.DeepEqual(first, again) {
		t.Errorf("warm, the action unmoved: %d scanned, same inventory %v", n, reflect.DeepEqual(first, again))
	}
	v := vendorOrg().Repos[0]
	v.Files["dist/index.js"] = "// bundle, v1.1\n"
	srv.SetFiles("vendor/labeler", v.Files) // v1 moves to a new commit
	if n, _ := scan(); n == 0 || len(last.filesOf("acme/app")) == 0 {
		t.Errorf("after the action's tag moved: %d scanned, acme/app among them: %v", n, len(last.filesOf("acme/app")) > 0)
	}
	if n, _ := scan(); n != 0 {
		t.Errorf("the next warm scan: %d scanned, want none", n)
	}
}

// scanThrough scans with real and counts the repositories in count.
type scanThrough struct {
	real  *scanner.Scanner
	count *countingScanner
}

func (s scanThrough) ScanRepo(ctx context.Context, rf scanner.RepoFiles) ([]inventory.Finding, []inventory.InputError) {
	s.count.ScanRepo(ctx, rf)
	return s.real.ScanRepo(ctx, rf)
}
