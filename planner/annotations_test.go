package planner

import (
	"context"
	"strings"
	"testing"

	"github.com/pat2app/pat2app/inventory"
)

func TestOrderSlices(t *testing.T) {
	jobs := []Job{
		{Fingerprint: "a"}, {Fingerprint: "b", BusinessCritical: true}, {Fingerprint: "c", Status: StatusMigrated},
		{Fingerprint: "d"}, {Fingerprint: "e", BusinessCritical: true, Status: StatusKept},
	}
	slices := []Slice{
		{Name: "s1", Jobs: []string{"c", "a", "d"}},
		{Name: "s2", Jobs: []string{"e"}},
		{Name: "s3", Jobs: []string{"a", "c", "b"}},
	}
	orderSlices(jobs, slices)
	var got []string
	for _, s := range slices {
		got = append(got, s.Name+":"+strings.Join(s.Jobs, ""))
	}
	// s3 holds b (business critical, to do): first, with b first and the
	// migrated c last; s2's e is kept, so it does not count as critical.
	if want := "s3:bac s1:adc s2:e"; strings.Join(got, " ") != want {
		t.Errorf("got %s, want %s", strings.Join(got, " "), want)
	}
}

func TestUnmatchedAnnotations(t *testing.T) {
	ann := map[string]Annotation{"b": {Fingerprint: "b"}, "a": {}, "kept": {Fingerprint: "kept"}}
	got := UnmatchedAnnotations(&Plan{Jobs: []Job{{Fingerprint: "kept"}}}, ann)
	if len(got) != 2 || got[0].Fingerprint != "a" || got[1].Fingerprint != "b" {
		t.Errorf("unmatched = %+v, want a and b", got)
	}
	if got := UnmatchedAnnotations(nil, ann); len(got) != 3 {
		t.Errorf("nil plan: %d unmatched, want 3", len(got))
	}
}

// Build carries annotations into the jobs, puts the slice with a
// business-critical job first, and a job kept on its PAT holds the secret.
func TestBuildWithAnnotations(t *testing.T) {
	triage := finding("label", "secrets.BOT_PAT", inventory.KindPAT, rest(5, "POST", "/repos/acme/web/issues/1/labels"))
	triage.File = ".github/workflows/triage.yml"
	triage.Fingerprint = "fp-triage"
	release := finding("release", "secrets.BOT_PAT", inventory.KindPAT, rest(9, "POST", "/repos/acme/web/releases"))
	release.File = ".github/workflows/release.yml"
	release.Fingerprint = "fp-release"
	inv := &inventory.Inventory{SchemaVersion: 1, Complete: true, Findings: []inventory.Finding{triage, release}}

	plain, err := Build(context.Background(), inv, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(plain.Slices) < 2 || plain.Slices[0].Name != FamilyTriage {
		t.Fatalf("slices without annotations: %+v", plain.Slices)
	}
	p, err := Build(context.Background(), inv, Options{Annotations: map[string]Annotation{
		"fp-release": {Fingerprint: "fp-release", Owner: "alice", BusinessCritical: true},
		"fp-triage":  {Fingerprint: "fp-triage", Status: StatusKept},
		"fp-gone":    {Fingerprint: "fp-gone", Owner: "bob"},
	}})
	if err != nil {
		t.Fatal(err)
	}
	for _, j := range p.Jobs {
		if j.Fingerprint == "fp-release" && (j.Owner != "alice" || !j.BusinessCritical) {
			t.Errorf("release job: %+v", j)
		}
	}
	if p.Slices[0].Name != FamilyRelease {
		t.Errorf("first slice %s, want %s (it holds the business-critical job)", p.Slices[0].Name, FamilyRelease)
	}
	for _, s := range p.Secrets {
		if s.Name == "BOT_PAT" && !strings.HasPrefix(s.DeletableAfter, "not yet") {
			t.Errorf("BOT_PAT deletable after %q, though a job keeps it", s.DeletableAfter)
		}
	}
}
