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
		local.Name = r.FullName()
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
