package github

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/pat2app/pat2app/scanner"
	"github.com/pat2app/pat2app/source/github/fakegithub"
)

// sharedWorkflow is a reusable workflow that releases with the secret it
// is given.
const sharedWorkflow = "on:\n  workflow_call:\n    secrets:\n      token:\n        required: true\njobs:\n  r:\n    runs-on: x\n    steps:\n      - run: gh release create v1\n        env:\n          GH_TOKEN: ${{ secrets.token }}\n"

// callerWorkflow calls it in platform/shared at v1.
const callerWorkflow = "on: push\njobs:\n  release:\n    uses: platform/shared/.github/workflows/release.yml@v1\n    secrets:\n      token: ${{ secrets.RELEASE_PAT }}\n"

func platformOrg() *fakegithub.Org {
	return &fakegithub.Org{Login: "platform", Repos: []*fakegithub.Repo{{Name: "shared", Tags: []string{"v1"}, Files: map[string]string{
		".github/workflows/release.yml": sharedWorkflow,
		"README.md":                     "shared workflows\n",
	}}}}
}

func TestReusableWorkflowFetchOnceAndCache(t *testing.T) {
	srv := fakegithub.New(fakegithub.Config{Orgs: []*fakegithub.Org{platformOrg()}, Token: "test-token"})
	defer srv.Close()
	dir := t.TempDir()
	ctx := context.Background()
	c := newClient(t, srv, func(o *Options) { o.CacheDir = dir })
	a := c.Actions()
	got, err := a.ReusableWorkflow(ctx, "platform", "shared", ".github/workflows/release.yml", "v1")
	if err != nil || string(got.Data) != sharedWorkflow || len(got.Commit) != 40 {
		t.Fatalf("read: %v %q %q", err, got.Commit, got.Data)
	}
	if n := c.Stats().Requests; n != 2 {
		t.Fatalf("cold: %d requests, want 2 (the ref, the file)", n)
	}
	before := c.Stats().Requests
	if _, err := a.ReusableWorkflow(ctx, "platform", "shared", ".github/workflows/release.yml", "v1"); err != nil {
		t.Fatal(err)
	}
	if c.Stats().Requests != before {
		t.Fatal("a second read of the same workflow and ref asked the server")
	}
	// A new run on the same cache: the ref is answered 304, the file is
	// the cache's.
	c2 := newClient(t, srv, func(o *Options) { o.CacheDir = dir })
	if _, err := c2.Actions().ReusableWorkflow(ctx, "platform", "shared", ".github/workflows/release.yml", "v1"); err != nil {
		t.Fatal(err)
	}
	if st := c2.Stats(); st.Requests != 1 || st.NotModified != 1 {
		t.Fatalf("warm: %+v, want one request answered 304", st)
	}
	// Pinned by commit: no request.
	c3 := newClient(t, srv, func(o *Options) { o.CacheDir = dir })
	if _, err := c3.Actions().ReusableWorkflow(ctx, "platform", "shared", ".github/workflows/release.yml", got.Commit); err != nil {
		t.Fatal(err)
	}
	if st := c3.Stats(); st.Requests != 0 {
		t.Fatalf("a cached commit took %d requests", st.Requests)
	}
	// Offline: the cache through the ref an earlier read resolved; else
	// offline.
	off, err := CachedActions(dir, srv.APIURL())
	if err != nil {
		t.Fatal(err)
	}
	if r, err := off.ReusableWorkflow(ctx, "platform", "shared", ".github/workflows/release.yml", "v1"); err != nil || string(r.Data) != sharedWorkflow {
		t.Fatalf("offline read of a cached workflow: %v", err)
	}
	if _, err := off.ReusableWorkflow(ctx, "platform", "shared", ".github/workflows/other.yml", "v1"); !errors.Is(err, scanner.ErrActionOffline) {
		t.Fatalf("offline read of a workflow not cached: %v", err)
	}
	for _, bad := range [][4]string{
		{"platform", "shared", ".github/workflows/missing.yml", "v1"},
		{"platform", "shared", ".github/workflows/release.yml", "v9"},
		{"platform", "shared", "../release.yml", "v1"},
		{"platform", "shared", "README.md", "v1"},
		{"..", "shared", ".github/workflows/release.yml", "v1"},
	} {
		if _, err := a.ReusableWorkflow(ctx, bad[0], bad[1], bad[2], bad[3]); err == nil || errors.Is(err, scanner.ErrActionOffline) {
			t.Errorf("%v: %v, want an error", bad, err)
		}
	}
}

// TestScanReadsReusableWorkflows: an organisation scan reads a reusable
// workflow of a repository outside the scan at the pinned ref; one of a
// repository the scan reads is linked from the scanned set, with no
// request for it.
func TestScanReadsReusableWorkflows(t *testing.T) {
	for _, tc := range []struct {
		name     string
		targets  Targets
		fetched  bool
		evidence string
	}{
		{"outside the scan", Targets{Orgs: []string{"acme"}}, true, "platform/shared@v1:.github/workflows/release.yml:10: gh release create v1"},
		{"in the scan", Targets{Orgs: []string{"acme", "platform"}}, false, "platform/shared:.github/workflows/release.yml:10: gh release create v1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			acme := &fakegithub.Org{Login: "acme", Repos: []*fakegithub.Repo{{Name: "app", Files: map[string]string{".github/workflows/release.yml": callerWorkflow}}}}
			srv := fakegithub.New(fakegithub.Config{Orgs: []*fakegithub.Org{acme, platformOrg()}, Token: "test-token"})
			defer srv.Close()
			c := newClient(t, srv, func(o *Options) { o.SkipSecrets = true })
			inv, err := c.Scan(context.Background(), tc.targets, scanner.New(scanner.Options{Actions: c.Actions()}))
			if err != nil || !inv.Complete {
				t.Fatalf("scan: %v %s", err, errText(inv))
			}
			var caller *struct{ ops, unres []string }
			for _, f := range inv.Findings {
				if f.Repo != "acme/app" {
					continue
				}
				caller = &struct{ ops, unres []string }{}
				for _, o := range f.Operations {
					caller.ops = append(caller.ops, o.Evidence.Located())
				}
				for _, u := range f.Unresolved {
					caller.unres = append(caller.unres, u.Reason)
				}
			}
			if caller == nil || len(caller.ops) != 1 || caller.ops[0] != tc.evidence || len(caller.unres) != 0 {
				t.Fatalf("caller's finding: %+v", caller)
			}
			if got := srv.Reads()["platform/shared contents .github/workflows/release.yml"] == 1; got != tc.fetched {
				t.Errorf("the workflow fetched through the contents API: %v, want %v", got, tc.fetched)
			}
		})
	}
}

// TestReusedFindingsFollowWorkflows: a repository's findings taken from
// an earlier scan are reused only while the reusable workflows of other
// repositories its scan read still name the same commits.
func TestReusedFindingsFollowWorkflows(t *testing.T) {
	org := &fakegithub.Org{Login: "acme", Repos: []*fakegithub.Repo{{Name: "app", Files: map[string]string{".github/workflows/release.yml": callerWorkflow}}}}
	srv := fakegithub.New(fakegithub.Config{Orgs: []*fakegithub.Org{org, platformOrg()}, Token: "test-token"})
	defer srv.Close()
	dir := t.TempDir()
	scan := func() int64 {
		c := newClient(t, srv, func(o *Options) { o.CacheDir, o.ScannerKey, o.Concurrency, o.SkipSecrets = dir, "k", 1, true })
		count := &countingScanner{}
		inv, err := c.Scan(context.Background(), Targets{Orgs: []string{"acme"}}, scanThrough{scanner.New(scanner.Options{Actions: c.Actions()}), count})
		if err != nil || !inv.Complete {
			t.Fatalf("scan: %v %s", err, errText(inv))
		}
		return count.n.Load()
	}
	if n := scan(); n != 1 {
		t.Fatalf("cold: %d scanned", n)
	}
	if n := scan(); n != 0 {
		t.Errorf("warm, the workflow's ref unmoved: %d scanned", n)
	}
	shared := platformOrg().Repos[0]
	shared.Files[".github/workflows/release.yml"] = strings.Replace(sharedWorkflow, "gh release create v1", "gh release create v2", 1)
	srv.SetFiles("platform/shared", shared.Files) // v1 moves to a new commit
	if n := scan(); n != 1 {
		t.Errorf("after the workflow's tag moved: %d scanned, want the caller again", n)
	}
}
