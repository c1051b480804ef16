package github

import (
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/planner"
	"github.com/pat2app/pat2app/scanner"
	"github.com/pat2app/pat2app/source/github/fakegithub"
)

const scriptRelease = `on: workflow_dispatch
jobs:
  release:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@v4
      - name: Publish
        env:
          GH_TOKEN: ${{ secrets.RELEASE_PAT }}
        run: ./scripts/release.sh "$GITHUB_REF_NAME"
`

const releaseScript = `#!/usr/bin/env bash
set -euo pipefail
tag="$1"
gh release create "$tag" --generate-notes
`

// scriptOrg is an organisation whose repository "app" runs a script with
// a PAT, "lost" runs one that is not in the repository, and "plain" runs
// none.
func scriptOrg() *fakegithub.Org {
	return &fakegithub.Org{Login: "acme", Repos: []*fakegithub.Repo{
		{Name: "app", Files: map[string]string{
			".github/workflows/release.yml": scriptRelease,
			"scripts/release.sh":            releaseScript,
			"scripts/other.sh":              "echo other\n",
			"README.md":                     "hi",
		}, Secrets: []string{"RELEASE_PAT"}},
		{Name: "lost", Files: map[string]string{
			".github/workflows/release.yml": strings.ReplaceAll(scriptRelease, "release.sh", "missing.sh"),
			"scripts/release.sh":            releaseScript,
		}},
		{Name: "plain", Files: map[string]string{".github/workflows/ci.yml": ciYAML}},
	}}
}

// findingOf is the finding of cred in repo.
func findingOf(t *testing.T, fs []inventory.Finding, repo, cred string) inventory.Finding {
	t.Helper()
	for _, f := range fs {
		if f.Repo == repo && f.Credential == cred {
			return f
		}
	}
	t.Fatalf("no finding of %s in %s among %d", cred, repo, len(fs))
	return inventory.Finding{}
}

// comparable is a finding without what names where it was scanned from.
func comparable(t *testing.T, f inventory.Finding) string {
	t.Helper()
	f.Repo, f.Fingerprint = "", ""
	b, err := json.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func scanOrg(t *testing.T, srv *fakegithub.Server, dir, transport string) (*inventory.Inventory, Stats) {
	t.Helper()
	c := newClient(t, srv, func(o *Options) {
		o.Transport, o.CacheDir, o.ScannerKey, o.SkipSecrets = transport, dir, "test", true
	})
	inv, err := c.Scan(context.Background(), Targets{Orgs: []string{"acme"}}, scanner.New(scanner.Options{}))
	if err != nil {
		t.Fatal(err)
	}
	return inv, c.Stats()
}

// TestOrgScanFollowsScripts: an organisation scan reads the script a PAT
// reaches, at the commit of the workflows, as a local scan of the same
// files does; a script that is not there is unresolved, named; a warm
// re-scan spends no metered request. Over GraphQL a script costs one
// query (the file with its folder's listing); over REST two requests (the
// folder's listing, then the file), and a missing one only the listing.
func TestOrgScanFollowsScripts(t *testing.T) {
	for _, tc := range []struct {
		transport string
		cold      int64
	}{
		// One listing page, one tree query, one blob query, one query
		// per script the credential reaches (release.sh, missing.sh).
		{TransportGraphQL, 5},
		// One listing page, a tarball each, the scripts folder of app
		// and lost, and release.sh.
		{TransportREST, 7},
	} {
		t.Run(tc.transport, func(t *testing.T) { followScripts(t, tc.transport, tc.cold) })
	}
}

func followScripts(t *testing.T, transport string, wantCold int64) {
	org := scriptOrg()
	srv := fakegithub.New(fakegithub.Config{Orgs: []*fakegithub.Org{org}, Token: "test-token"})
	defer srv.Close()
	dir := t.TempDir()
	inv, cold := scanOrg(t, srv, dir, transport)
	if !inv.Complete {
		t.Fatalf("incomplete: %s", errText(inv))
	}
	got := findingOf(t, inv.Findings, "acme/app", "secrets.RELEASE_PAT")
	var write bool
	for _, op := range got.Operations {
		if op.Kind == "release" || strings.Contains(op.Path, "releases") {
			write = write || op.Writes
			if op.Evidence.File != "scripts/release.sh" || op.Evidence.Line != 4 {
				t.Errorf("release operation at %s:%d, want scripts/release.sh:4", op.Evidence.File, op.Evidence.Line)
			}
		}
	}
	if !write {
		t.Errorf("no release write from scripts/release.sh: %+v", got.Operations)
	}
	// The plan asks contents: write for it, with the script's line.
	plan, err := planner.Build(context.Background(), inv, planner.Options{})
	if err != nil {
		t.Fatal(err)
	}
	planned, jobs := false, 0
	for _, j := range plan.Jobs {
		if j.Repo != "acme/app" || j.Credential != "secrets.RELEASE_PAT" {
			continue
		}
		jobs++
		for _, e := range j.Evidence["contents:write"] {
			planned = planned || j.Permissions["contents"] == "write" && e.File == "scripts/release.sh" && e.Line == 4
		}
		if !planned {
			t.Errorf("job %s: permissions %v, evidence %v; want contents: write from scripts/release.sh:4", j.Job, j.Permissions, j.Evidence)
		}
	}
	if jobs != 1 {
		t.Errorf("%d planned jobs for acme/app's RELEASE_PAT, want 1", jobs)
	}

	// The same files scanned locally give the same finding.
	local := t.TempDir()
	for p, c := range org.Repos[0].Files {
		fp := filepath.Join(local, "app", filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(fp), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(fp, []byte(c), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	linv, err := scanner.New(scanner.Options{}).ScanPaths(context.Background(), []string{filepath.Join(local, "app")})
	if err != nil {
		t.Fatal(err)
	}
	want := findingOf(t, linv.Findings, linv.Findings[0].Repo, "secrets.RELEASE_PAT")
	if a, b := comparable(t, got), comparable(t, want); a != b {
		t.Errorf("org scan and local scan differ:\norg   %s\nlocal %s", a, b)
	}

	// A script that is not in the repository: unresolved, named.
	lost := findingOf(t, inv.Findings, "acme/lost", "secrets.RELEASE_PAT")
	named := false
	for _, u := range lost.Unresolved {
		named = named || strings.Contains(u.Reason, "scripts/missing.sh")
	}
	if !named {
		t.Errorf("missing script not named among unresolved: %+v", lost.Unresolved)
	}

	if cold.Metered() != wantCold {
		t.Errorf("cold scan sent %d metered requests (%+v), want %d", cold.Metered(), cold, wantCold)
	}
	// Warm: every repository's record stands; no query.
	inv2, warm := scanOrg(t, srv, dir, transport)
	if warm.Metered() != 0 || warm.GraphQL != 0 || warm.NotModifiedShare() < 0.9 {
		t.Errorf("warm re-scan: %+v (304 share %.2f)", warm, warm.NotModifiedShare())
	}
	if a, b := comparable(t, findingOf(t, inv2.Findings, "acme/app", "secrets.RELEASE_PAT")), comparable(t, got); a != b {
		t.Errorf("warm findings differ:\n%s\n%s", a, b)
	}

	// A push that changes only the script is seen: the record of an
	// unchanged repository is reused only while nothing was pushed.
	files := maps.Clone(org.Repos[0].Files)
	files["scripts/release.sh"] = "#!/bin/sh\necho nothing to release\n"
	srv.SetFiles("acme/app", files)
	inv3, _ := scanOrg(t, srv, dir, transport)
	if f := findingOf(t, inv3.Findings, "acme/app", "secrets.RELEASE_PAT"); len(f.Operations) != 0 {
		t.Errorf("the changed script's old operations stayed: %+v", f.Operations)
	}
}

// TestRemoteTreeFS: the tree is a consistent fs.FS (fstest) and refuses
// paths that are not clean paths inside the repository, before asking.
func TestRemoteTreeFS(t *testing.T) {
	org := scriptOrg()
	srv := fakegithub.New(fakegithub.Config{Orgs: []*fakegithub.Org{org}, Token: "test-token"})
	defer srv.Close()
	for _, rest := range []bool{false, true} {
		c := newClient(t, srv, nil)
		r := &repoMeta{Owner: "acme", Name: "app"}
		r.setFull()
		tree := newRemoteTree(context.Background(), c, r, org.Repos[0].Commit(), rest)
		if err := fstest.TestFS(tree, "scripts/release.sh", "scripts/other.sh", "README.md"); err != nil {
			t.Errorf("rest=%v: %v", rest, err)
		}
		before := c.Stats().Metered()
		for _, p := range []string{"../etc/passwd", "/etc/passwd", "scripts/../README.md", `scripts\\release.sh`, "a\x01b", ""} {
			if _, err := tree.Open(p); !errors.Is(err, fs.ErrInvalid) && !errors.Is(err, errUnsafePath) {
				t.Errorf("rest=%v: Open(%q) = %v, want refused", rest, p, err)
			}
		}
		if n := c.Stats().Metered(); n != before {
			t.Errorf("rest=%v: unsafe paths sent %d requests", rest, n-before)
		}
	}
}

// TestOrgScanScriptBudget: a script the budget leaves unread is
// unresolved with the reason, and the next scan reads it rather than
// reuse that record.
func TestOrgScanScriptBudget(t *testing.T) {
	srv := fakegithub.New(fakegithub.Config{Orgs: []*fakegithub.Org{scriptOrg()}, Token: "test-token"})
	defer srv.Close()
	dir := t.TempDir()
	c := newClient(t, srv, func(o *Options) {
		o.Transport, o.CacheDir, o.ScannerKey, o.SkipSecrets, o.MaxRequests = TransportGraphQL, dir, "test", true, 3
	})
	inv, err := c.Scan(context.Background(), Targets{Orgs: []string{"acme"}}, scanner.New(scanner.Options{}))
	if err != nil {
		t.Fatal(err)
	}
	f := findingOf(t, inv.Findings, "acme/app", "secrets.RELEASE_PAT")
	named := false
	for _, u := range f.Unresolved {
		named = named || strings.Contains(u.Reason, "scripts/release.sh") && strings.Contains(u.Reason, "could not be read")
	}
	if !named {
		t.Fatalf("unread script not unresolved with its reason: %+v", f.Unresolved)
	}
	inv2, _ := scanOrg(t, srv, dir, TransportGraphQL)
	f2 := findingOf(t, inv2.Findings, "acme/app", "secrets.RELEASE_PAT")
	if len(f2.Unresolved) != 0 {
		t.Errorf("the re-scan kept the unread script: %+v", f2.Unresolved)
	}
}

// TestRemoteTreeAnswers: what the server says of a folder and its files
// decides what the scanner reads, without a request once the folder is
// listed: a symbolic link and a submodule are not followed, a file over
// the limit is not read, content that does not match its object id is
// refused.
func TestRemoteTreeAnswers(t *testing.T) {
	good := "echo ok\n"
	text := func(s string) *string { return &s }
	entry := func(name, typ string, mode int, oid string, size int64) gqlTreeEntry {
		return gqlTreeEntry{Name: name, Type: typ, Mode: mode, OID: oid, Object: &struct {
			ByteSize int64 `json:"byteSize"`
		}{size}}
	}
	oid := gitBlobID([]byte(good))
	forged := strings.Repeat("ab", 20)
	for _, tc := range []struct {
		name string
		blob *gqlTreeObject // the file's answer, when one was read
		want string         // in the error; "" reads good
	}{
		{"ok.sh", &gqlTreeObject{Typename: "Blob", gqlBlob: gqlBlob{OID: oid, ByteSize: int64(len(good)), Text: text(good)}}, ""},
		{"link.sh", nil, "symbolic link"},
		{"sub", nil, "file does not exist"},
		{"big.sh", nil, "over the"},
		{"forged.sh", &gqlTreeObject{Typename: "Blob", gqlBlob: gqlBlob{OID: forged, ByteSize: int64(len(good)), Text: text(good)}}, "not the content of object"},
		{"cut.sh", &gqlTreeObject{Typename: "Blob", gqlBlob: gqlBlob{OID: oid, ByteSize: int64(len(good)), Text: text(good)}, IsTruncated: true}, "truncated"},
		{"bin.sh", &gqlTreeObject{Typename: "Blob", gqlBlob: gqlBlob{OID: oid, ByteSize: int64(len(good)), IsBinary: true}}, "binary"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tree := newRemoteTree(context.Background(), &Client{}, &repoMeta{Owner: "acme", Name: "app"}, strings.Repeat("c", 40), false)
			tree.record("scripts", &gqlTreeObject{Typename: "Tree", Entries: []gqlTreeEntry{
				entry("ok.sh", "blob", 0o100644, oid, int64(len(good))),
				entry("link.sh", "blob", gitSymlinkMode, oid, 9),
				entry("sub", "commit", 0o160000, oid, 0),
				entry("big.sh", "blob", 0o100644, oid, maxTreeFileSize+1),
				entry("forged.sh", "blob", 0o100644, forged, int64(len(good))),
				entry("cut.sh", "blob", 0o100644, oid, int64(len(good))),
				entry("bin.sh", "blob", 0o100644, oid, int64(len(good))),
			}})
			p := "scripts/" + tc.name
			if tc.blob != nil {
				tree.record(p, tc.blob)
			}
			data, err := fs.ReadFile(tree, p)
			switch {
			case tc.want == "" && (err != nil || string(data) != good):
				t.Errorf("read %q, %v", data, err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Errorf("read %q, %v; want an error with %q", data, err, tc.want)
			}
		})
	}
}

// TestRemoteTreeSiblings: the files of a listed folder with the
// extension of the one read come in the same query (a Go package read
// file by file costs one query, not one a file).
func TestRemoteTreeSiblings(t *testing.T) {
	org := &fakegithub.Org{Login: "acme", Repos: []*fakegithub.Repo{{Name: "app", Files: map[string]string{
		"cmd/release/main.go": "package main\n", "cmd/release/gh.go": "package main\n// gh\n",
		"cmd/release/git.go": "package main\n// git\n", "cmd/release/README.md": "# release\n",
	}}}}
	srv := fakegithub.New(fakegithub.Config{Orgs: []*fakegithub.Org{org}, Token: "test-token"})
	defer srv.Close()
	c := newClient(t, srv, nil)
	r := &repoMeta{Owner: "acme", Name: "app"}
	r.setFull()
	tree := newRemoteTree(context.Background(), c, r, org.Repos[0].Commit(), false)
	entries, err := fs.ReadDir(tree, "cmd/release")
	if err != nil || len(entries) != 4 {
		t.Fatalf("ReadDir: %v %v", entries, err)
	}
	for _, n := range []string{"gh.go", "git.go", "main.go"} {
		data, err := fs.ReadFile(tree, "cmd/release/"+n)
		if err != nil || string(data) != org.Repos[0].Files["cmd/release/"+n] {
			t.Errorf("%s: %q %v", n, data, err)
		}
	}
	if n := c.Stats().Metered(); n != 2 {
		t.Errorf("listing and reading a package sent %d metered requests, want 2 (the folder, its .go files)", n)
	}
}

// TestOrgScanReadsGoReleaserConfig: an org scan reads the GoReleaser
// configuration a release job runs with through the same remote tree as
// scripts, and puts a publisher's writes on the credential its token
// template reads, at the configuration's line. Reading it costs at most
// one request per repository that has one (its blob, over REST; GraphQL
// fetches it with the tree), and a folder without one costs nothing.
func TestOrgScanReadsGoReleaserConfig(t *testing.T) {
	release := `on:
  push:
    tags: ["v*"]
jobs:
  release:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v5
      - uses: goreleaser/goreleaser-action@v6
        with:
          args: release --clean
        env:
          GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}
          HOMEBREW_TAP_GITHUB_TOKEN: ${{ secrets.TAP_PAT }}
`
	conf := "version: 2\nbrews:\n  - repository:\n      owner: acme\n      name: homebrew-tap\n      token: \"{{ .Env.HOMEBREW_TAP_GITHUB_TOKEN }}\"\n"
	orgOf := func(withConf bool) *fakegithub.Org {
		tool := map[string]string{".github/workflows/release.yml": release}
		if withConf {
			tool[".goreleaser.yml"] = conf
		}
		return &fakegithub.Org{Login: "acme", Repos: []*fakegithub.Repo{
			{Name: "tool", Files: tool},
			{Name: "bare", Files: map[string]string{".github/workflows/release.yml": release}},
		}}
	}
	for _, tc := range []struct {
		transport string
		extra     int64 // requests the one configuration may add
	}{{TransportGraphQL, 0}, {TransportREST, 1}} {
		t.Run(tc.transport, func(t *testing.T) {
			scan := func(withConf bool) (*inventory.Inventory, Stats) {
				srv := fakegithub.New(fakegithub.Config{Orgs: []*fakegithub.Org{orgOf(withConf)}, Token: "test-token"})
				defer srv.Close()
				return scanOrg(t, srv, t.TempDir(), tc.transport)
			}
			inv, cold := scan(true)
			if !inv.Complete {
				t.Fatalf("incomplete: %s", errText(inv))
			}
			tap := findingOf(t, inv.Findings, "acme/tool", "secrets.TAP_PAT")
			found := false
			for _, op := range tap.Operations {
				found = found || op.Method == "PUT" && slices.Contains(op.Repos, "acme/homebrew-tap") && op.Evidence.File == ".goreleaser.yml" && op.Evidence.Line == 3
			}
			if !found {
				t.Errorf("no commit to acme/homebrew-tap at .goreleaser.yml:3: %+v", tap.Operations)
			}
			// Without a configuration GoReleaser's defaults release here
			// only: the tap token has no use, and nothing is left to read.
			bare := findingOf(t, inv.Findings, "acme/bare", "secrets.TAP_PAT")
			if len(bare.Operations) != 0 || len(bare.Unresolved) != 0 {
				t.Errorf("acme/bare: operations %+v, unresolved %+v; want none", bare.Operations, bare.Unresolved)
			}
			_, without := scan(false)
			if d := cold.Metered() - without.Metered(); d < 0 || d > tc.extra {
				t.Errorf("the configuration cost %d metered requests (%+v against %+v), want at most %d", d, cold, without, tc.extra)
			}
		})
	}
}
