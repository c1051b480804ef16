package report

import (
	"bytes"
	"encoding/json"
	"math/rand"
	"strconv"
	"testing"

	"github.com/pat2app/pat2app/inventory"
)

// trickyStrings exercise every escape encoding/json makes.
var trickyStrings = []string{"", "plain", `quote " and \ backslash`, "<script>&amp;</script>", "tab\tnew\nline\rcr\bbs\fff",
	"\x00\x01\x1f\x7f", "é ü 日本", "\u2028 line sep \u2029", "bad \xff utf8 \xe2\x82", "secrets.GH_PAT", "https://api.github.com/repos/{owner}/{repo}"}

func randomFinding(r *rand.Rand) inventory.Finding {
	s := func() string { return trickyStrings[r.Intn(len(trickyStrings))] }
	strs := func() []string {
		var out []string
		for i := r.Intn(3); i > 0; i-- {
			out = append(out, s())
		}
		return out
	}
	m := func() map[string]string {
		if r.Intn(2) == 0 {
			return nil
		}
		out := map[string]string{}
		for i := r.Intn(4); i > 0; i-- {
			out[s()] = s()
		}
		return out
	}
	f := inventory.Finding{Fingerprint: s(), Repo: s(), File: s(), Job: s(), Credential: s(), Kind: inventory.Kind(s()),
		Confidence: s(), CrossRepo: r.Intn(2) == 0, TargetRepos: strs(), Expressions: strs(), Reason: s()}
	for i := r.Intn(3); i > 0; i-- {
		f.Lines = append(f.Lines, r.Intn(1000)-1)
		f.Uses = append(f.Uses, inventory.Use{Line: r.Intn(100), Step: s(), Via: inventory.Via(s()), Target: s()})
		f.Operations = append(f.Operations, inventory.Operation{Kind: inventory.OpKind(s()), Method: s(), Path: s(), Name: s(), Line: r.Intn(100), Evidence: s(), Repo: s(), Args: m()})
		f.Unresolved = append(f.Unresolved, inventory.Unresolved{Line: r.Intn(100), Evidence: s(), Reason: s()})
	}
	if r.Intn(3) > 0 {
		f.JobInfo = &inventory.JobInfo{TimeoutMinutes: r.Intn(3) * 30, HasLoops: r.Intn(2) == 0, Triggers: strs(), Line: r.Intn(3), Permissions: m()}
	}
	return f
}

// TestAppendFindingMatchesMarshal holds the hand-written encoder to
// encoding/json's output on random findings built from strings that need
// every kind of escape, and on the demo organisation's findings.
func TestAppendFindingMatchesMarshal(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	for i := 0; i < 2000; i++ {
		f := randomFinding(r)
		checkFindingJSON(t, f)
	}
	checkFindingJSON(t, inventory.Finding{})
	checkFindingJSON(t, inventory.Finding{JobInfo: &inventory.JobInfo{}})
}

func checkFindingJSON(t *testing.T, f inventory.Finding) {
	t.Helper()
	want, err := json.Marshal(normalizeFinding(f))
	if err != nil {
		t.Fatal(err)
	}
	got := appendFinding(nil, &f)
	if !bytes.Equal(got, want) {
		t.Fatalf("appendFinding differs from json.Marshal\n got: %s\nwant: %s", got, want)
	}
}

// FuzzAppendFinding: any strings, encoded by hand and by encoding/json,
// give the same bytes.
func FuzzAppendFinding(f *testing.F) {
	for _, s := range trickyStrings {
		f.Add(s, s, 3)
	}
	f.Fuzz(func(t *testing.T, a, b string, n int) {
		fd := inventory.Finding{Credential: a, Reason: b, Lines: []int{n},
			Operations: []inventory.Operation{{Evidence: a, Args: map[string]string{a: b, b: a}}},
			JobInfo:    &inventory.JobInfo{Permissions: map[string]string{a: b}, Line: n}}
		checkFindingJSON(t, fd)
	})
}

// normalizeFinding gives a finding [] for its empty lists, as the JSON
// output has them: what appendFinding is compared with.
func normalizeFinding(f inventory.Finding) inventory.Finding {
	if f.Lines == nil {
		f.Lines = []int{}
	}
	if f.Uses == nil {
		f.Uses = []inventory.Use{}
	}
	if f.Operations == nil {
		f.Operations = []inventory.Operation{}
	}
	if f.Unresolved == nil {
		f.Unresolved = []inventory.Unresolved{}
	}
	if f.TargetRepos == nil {
		f.TargetRepos = []string{}
	}
	return f
}

// TestWriteInventoryJSONManyFindings: more findings than the encoder keeps
// buffers for come out complete and in order.
func TestWriteInventoryJSONManyFindings(t *testing.T) {
	inv := &inventory.Inventory{SchemaVersion: inventory.SchemaVersion, Complete: true}
	for i := 0; i < 5000; i++ {
		inv.Findings = append(inv.Findings, inventory.Finding{Fingerprint: strconv.Itoa(i), Credential: "secrets.X", Lines: []int{i}})
	}
	var buf bytes.Buffer
	if err := WriteInventoryJSON(&buf, inv); err != nil {
		t.Fatal(err)
	}
	back, err := ReadInventoryJSON(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if len(back.Findings) != len(inv.Findings) {
		t.Fatalf("%d findings back, want %d", len(back.Findings), len(inv.Findings))
	}
	for i, f := range back.Findings {
		if f.Fingerprint != strconv.Itoa(i) || len(f.Lines) != 1 || f.Lines[0] != i {
			t.Fatalf("finding %d out of order: %+v", i, f)
		}
	}
}
