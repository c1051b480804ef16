package check

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/scanner"
)

var day1 = time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)

func TestNewBaselineRecordsKindsSortedAndDeduplicated(t *testing.T) {
	fs := []inventory.Finding{
		finding("acme/web", ".github/workflows/release.yml", "release", "secrets.GH_PAT", inventory.KindPAT, 14, 41),
		finding("acme/web", ".github/workflows/ci.yml", "test", "secrets.GITHUB_TOKEN", inventory.KindGitHubToken, 9),
		finding("acme/web", ".github/workflows/ci.yml", "lint", "secrets.BOT", inventory.KindUnknown, 3),
		finding("acme/web", ".github/workflows/release.yml", "release", "secrets.GH_PAT", inventory.KindPAT, 20), // duplicate fingerprint
		finding("acme/api", ".github/workflows/leak.yml", "x", "ghp_****", inventory.KindLeakedToken, 7),
	}
	b := NewBaseline(fs, []inventory.Kind{inventory.KindPAT, inventory.KindLeakedToken, inventory.KindUnknown}, day1, "tracked in PLAT-1", nil, nil)
	var got []string
	for _, e := range b.Entries {
		got = append(got, e.Repo+" "+e.File+" "+e.Job+" "+string(e.Kind)+" "+e.Added+" "+e.Reason)
	}
	want := []string{
		"acme/api .github/workflows/leak.yml x leaked_token 2026-03-01 tracked in PLAT-1",
		"acme/web .github/workflows/ci.yml lint unknown 2026-03-01 tracked in PLAT-1",
		"acme/web .github/workflows/release.yml release pat 2026-03-01 tracked in PLAT-1",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("entries:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestNewBaselineKeepsDatesAndReasonsOfKnownEntries(t *testing.T) {
	kinds := []inventory.Kind{inventory.KindPAT}
	old := finding("acme/web", ".github/workflows/a.yml", "a", "secrets.A", inventory.KindPAT, 5)
	gone := finding("acme/web", ".github/workflows/gone.yml", "g", "secrets.G", inventory.KindPAT, 5)
	prev := NewBaseline([]inventory.Finding{old, gone}, kinds, day1, "first", nil, nil)

	added := finding("acme/web", ".github/workflows/b.yml", "b", "secrets.B", inventory.KindPAT, 5)
	old.Lines = []int{50} // moved: same fingerprint
	later := day1.AddDate(0, 2, 0)
	b := NewBaseline([]inventory.Finding{old, added}, kinds, later, "second", prev, nil)
	if len(b.Entries) != 2 {
		t.Fatalf("want 2 entries (gone one dropped), got %+v", b.Entries)
	}
	if e := b.Entries[0]; e.File != ".github/workflows/a.yml" || e.Added != "2026-03-01" || e.Reason != "first" {
		t.Errorf("kept entry lost its date or reason: %+v", e)
	}
	if e := b.Entries[1]; e.File != ".github/workflows/b.yml" || e.Added != "2026-05-01" || e.Reason != "second" {
		t.Errorf("new entry: %+v", e)
	}
}

func TestWriteBaselineGoldenAndRoundTrip(t *testing.T) {
	fs := []inventory.Finding{
		finding("acme/web", ".github/workflows/release.yml", "release", "secrets.GH_PAT", inventory.KindPAT, 14),
		finding("acme/web", ".github/actions/setup/action.yml", "(composite)", "inputs.token", inventory.KindPAT, 3),
	}
	fs[0].Operations = []inventory.Operation{{Kind: inventory.OpGH, Name: "gh release create", Evidence: inventory.Evidence{Line: 14, Text: "gh release create v1"}}}
	scopes := Scopes{
		fs[0].Fingerprint: {Permissions: map[string]string{"contents": "write", "administration": "write"}, Repos: []string{"other-org/other-repo"}},
		fs[1].Fingerprint: {Permissions: map[string]string{}},
	}
	b := NewBaseline(fs, []inventory.Kind{inventory.KindPAT}, day1, "", nil, scopes)
	// A reason with characters JSON must not HTML-escape.
	b.Entries[0].Reason = "owner <ops@acme.example> & co"
	var buf bytes.Buffer
	if err := WriteBaseline(&buf, b); err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "baseline.golden.json", buf.Bytes())

	back, err := ReadBaseline(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	var again bytes.Buffer
	if err := WriteBaseline(&again, back); err != nil {
		t.Fatal(err)
	}
	if again.String() != buf.String() {
		t.Errorf("round trip changed the file:\n%s\nvs\n%s", again.String(), buf.String())
	}
}

func TestReadBaseline(t *testing.T) {
	fp := scanner.Fingerprint("acme/web", ".github/workflows/a.yml", "a", "secrets.A")
	tests := []struct {
		name    string
		in      string
		wantErr string
		wantFP  string
	}{
		{name: "computes a missing fingerprint", in: `{"schema_version":1,"entries":[{"repo":"acme/web","file":".github/workflows/a.yml","job":"a","credential":"secrets.A","kind":"pat"}]}`, wantFP: fp},
		{name: "keeps a given fingerprint", in: `{"schema_version":1,"entries":[{"fingerprint":"abc","file":"x"}]}`, wantFP: "abc"},
		{name: "empty entries", in: `{"schema_version":1}`},
		{name: "wrong schema", in: `{"schema_version":2,"entries":[]}`, wantErr: "schema_version 2"},
		{name: "missing schema", in: `{"entries":[]}`, wantErr: "schema_version 0"},
		{name: "no fingerprint nor file", in: `{"schema_version":1,"entries":[{"credential":"secrets.A"}]}`, wantErr: "entry 1: needs a fingerprint"},
		{name: "bad date", in: `{"schema_version":1,"entries":[{"fingerprint":"a","added":"March 1"}]}`, wantErr: `added "March 1"`},
		{name: "not json", in: `entries: []`, wantErr: "decode baseline"},
		{name: "a scope", in: `{"schema_version":1,"entries":[{"fingerprint":"a","file":"x","scope":{"permissions":{"contents":"write"},"repos":["a/b"]}}]}`, wantFP: "a"},
		{name: "a scope's access", in: `{"schema_version":1,"entries":[{"fingerprint":"a","scope":{"permissions":{"contents":"all"}}}]}`, wantErr: `access "all"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := ReadBaseline(strings.NewReader(tt.in))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want it to contain %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if tt.wantFP != "" && (len(b.Entries) != 1 || b.Entries[0].Fingerprint != tt.wantFP) {
				t.Errorf("entries = %+v, want fingerprint %s", b.Entries, tt.wantFP)
			}
			if b.Entries == nil {
				t.Error("entries is nil, want empty")
			}
		})
	}
}

func FuzzReadBaseline(f *testing.F) {
	f.Add([]byte(`{"schema_version":1,"entries":[{"fingerprint":"abc","repo":"a/b","file":"f","job":"j","credential":"c","kind":"pat","added":"2026-01-02"}]}`))
	f.Add([]byte(`{"schema_version":1,"entries":[{"file":"f","credential":"c"}]}`))
	f.Add([]byte(`{}`))
	f.Add([]byte(`{"schema_version":1,"entries":[{"fingerprint":"a","scope":{"repos":[]}},{"fingerprint":"b","scope":{"permissions":{"contents":"read"},"repos":["x/y"]},"content":"0123"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := ReadBaseline(bytes.NewReader(data))
		if err != nil {
			return
		}
		// What was read writes and reads back to the same thing.
		var buf bytes.Buffer
		if err := WriteBaseline(&buf, b); err != nil {
			t.Fatal(err)
		}
		b2, err := ReadBaseline(bytes.NewReader(buf.Bytes()))
		if err != nil {
			t.Fatalf("re-read: %v\n%s", err, buf.Bytes())
		}
		if len(b2.Entries) != len(b.Entries) {
			t.Fatalf("entries %d != %d", len(b2.Entries), len(b.Entries))
		}
		for i := range b.Entries {
			if b.Entries[i].Fingerprint == "" || !reflect.DeepEqual(b.Entries[i], b2.Entries[i]) {
				t.Fatalf("entry %d: %+v != %+v", i, b.Entries[i], b2.Entries[i])
			}
		}
	})
}
