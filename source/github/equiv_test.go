package github

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"testing"

	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/scanner"
	"github.com/pat2app/pat2app/source/github/fakegithub"
)

// TestSameFindingsAsLocal (acceptance 1): the real scanner gives the same
// findings for files read through the API (REST, GraphQL refused) as for the
// same files read from disk.
func TestSameFindingsAsLocal(t *testing.T) {
	for _, tc := range []struct {
		name      string
		transport string
		refuseGQL bool
	}{
		{"rest-graphql-refused", TransportAuto, true},
		{"rest", TransportREST, false},
		{"graphql", TransportGraphQL, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sameFindingsAsLocal(t, tc.transport, fakegithub.Config{GraphQLRefused: tc.refuseGQL})
		})
	}
}

func sameFindingsAsLocal(t *testing.T, transport string, cfg fakegithub.Config) {
	org := demoOrg(t)
	org.Repos = append(org.Repos, smallOrg().Repos[0])
	cfg.Orgs, cfg.Token = []*fakegithub.Org{org}, "test-token"
	srv := fakegithub.New(cfg)
	defer srv.Close()
	sc := scanner.New(scanner.Options{})
	inv, err := newClient(t, srv, func(o *Options) { o.Transport = transport }).Scan(context.Background(), Targets{Orgs: []string{org.Login}}, sc)
	if err != nil {
		t.Fatal(err)
	}
	if !inv.Complete {
		t.Fatalf("incomplete: %s", errText(inv))
	}
	if len(inv.Findings) == 0 {
		t.Fatal("no findings at all: the demo org uses PATs, so the comparison would be empty")
	}
	checkouts := t.TempDir()
	for _, r := range org.Repos {
		// The same files, written to disk and read back.
		dir := filepath.Join(checkouts, r.Owner+"__"+r.Name)
		var local scanner.RepoFiles
		local.Name, local.AllWorkflows = r.FullName(), true
		for p, c := range wantedOf(r.Files) {
			fp := filepath.Join(dir, filepath.FromSlash(p))
			if err := os.MkdirAll(filepath.Dir(fp), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(fp, []byte(c), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		for _, s := range inv.Repos {
			if s.Name == r.FullName() {
				local.DefaultBranch, local.URL = s.DefaultBranch, s.URL
			}
		}
		for p := range wantedOf(r.Files) {
			b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(p)))
			if err != nil {
				t.Fatal(err)
			}
			local.Files = append(local.Files, scanner.File{Path: p, Data: b})
		}
		want, _ := sc.ScanRepo(context.Background(), local)
		var got = inv.Findings[:0:0]
		for _, f := range inv.Findings {
			if f.Repo == r.FullName() {
				got = append(got, f)
			}
		}
		if len(want) == 0 && len(got) == 0 {
			continue
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: API findings differ from the local scan:\n got %+v\nwant %+v", r.FullName(), got, want)
		}
	}
	// And a local scan of the folder of checkouts (OWNER__NAME folders name
	// their repository) finds the same.
	local, err := sc.ScanPaths(context.Background(), []string{checkouts})
	if err != nil {
		t.Fatal(err)
	}
	sortFindings := func(fs []inventory.Finding) {
		sort.SliceStable(fs, func(i, j int) bool { return fs[i].Fingerprint < fs[j].Fingerprint })
	}
	got := append([]inventory.Finding(nil), inv.Findings...)
	want := append([]inventory.Finding(nil), local.Findings...)
	sortFindings(got)
	sortFindings(want)
	if len(got) != len(want) {
		t.Fatalf("API scan: %d findings, local scan of the checkouts: %d", len(got), len(want))
	}
	for i := range got {
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Errorf("finding %d differs:\n api   %+v\n local %+v", i, got[i], want[i])
		}
	}
}

// TestLinkedAcrossRepositories: a secret passed to a reusable workflow of
// another scanned repository is linked to what that workflow does with it,
// as a local scan of the same checkouts links it, whether the findings went
// through the result cache or a spill file.
func TestLinkedAcrossRepositories(t *testing.T) {
	org := &fakegithub.Org{Login: "acme", Repos: []*fakegithub.Repo{
		{Name: "app", Files: map[string]string{".github/workflows/release.yml": `on: push
jobs:
  release:
    uses: acme/shared/.github/workflows/release.yml@main
    secrets:
      token: ${{ secrets.RELEASE_PAT }}
`}},
		{Name: "shared", Files: map[string]string{".github/workflows/release.yml": `on:
  workflow_call:
    secrets:
      token:
        required: true
jobs:
  publish:
    runs-on: ubuntu-latest
    steps:
      - run: gh release create v1
        env:
          GH_TOKEN: ${{ secrets.token }}
`}},
	}}
	srv := fakegithub.New(fakegithub.Config{Orgs: []*fakegithub.Org{org}, Token: "test-token"})
	defer srv.Close()
	checkouts := t.TempDir()
	for _, r := range org.Repos {
		for p, c := range r.Files {
			fp := filepath.Join(checkouts, "acme__"+r.Name, filepath.FromSlash(p))
			if err := os.MkdirAll(filepath.Dir(fp), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(fp, []byte(c), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	sc := scanner.New(scanner.Options{})
	local, err := sc.ScanPaths(context.Background(), []string{checkouts})
	if err != nil {
		t.Fatal(err)
	}
	linked := false
	for _, f := range local.Findings {
		linked = linked || (f.Repo == "acme/app" && len(f.Operations) > 0)
	}
	if !linked {
		t.Fatalf("the local scan links no operation to acme/app: the comparison would show nothing")
	}
	for _, cache := range []string{"on", "off"} {
		inv, err := newClient(t, srv, func(o *Options) {
			if cache == "off" {
				o.CacheDir = ""
			}
		}).Scan(context.Background(), Targets{Orgs: []string{"acme"}}, sc)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(inv.Findings, local.Findings) {
			t.Errorf("cache %s: API findings differ from the local scan:\n got %+v\nwant %+v", cache, inv.Findings, local.Findings)
		}
	}
}
