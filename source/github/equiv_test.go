package github

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/pat2app/pat2app/scanner"
	"github.com/pat2app/pat2app/source/github/fakegithub"
)

// TestSameFindingsAsLocal (acceptance 1): the real scanner gives the same
// findings for files read through the API (REST, GraphQL refused) as for the
// same files read from disk.
func TestSameFindingsAsLocal(t *testing.T) {
	org := demoOrg(t)
	org.Repos = append(org.Repos, smallOrg().Repos[0])
	srv := fakegithub.New(fakegithub.Config{Orgs: []*fakegithub.Org{org}, Token: "test-token", GraphQLRefused: true})
	defer srv.Close()
	sc := scanner.New(scanner.Options{})
	inv, err := newClient(t, srv, nil).Scan(context.Background(), Targets{Orgs: []string{org.Login}}, sc)
	if err != nil {
		t.Fatal(err)
	}
	if !inv.Complete {
		t.Fatalf("incomplete: %s", errText(inv))
	}
	for _, r := range org.Repos {
		// The same files, written to disk and read back.
		dir := filepath.Join(t.TempDir(), r.Owner+"__"+r.Name)
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
}
