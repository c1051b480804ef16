package inventory

import (
	"reflect"
	"testing"
)

func TestFinishOrdersAndCompletes(t *testing.T) {
	inv := &Inventory{
		Findings: []Finding{
			{Repo: "b/r", File: "a.yml", Job: "j", Credential: "secrets.A", Lines: []int{3}},
			{Repo: "a/r", File: "z.yml", Job: "j", Credential: "secrets.B", Lines: []int{9}},
			{Repo: "a/r", File: "a.yml", Job: "k", Credential: "secrets.C", Lines: []int{2}},
			{Repo: "a/r", File: "a.yml", Job: "j", Credential: "secrets.D", Lines: []int{7}},
			{Repo: "a/r", File: "a.yml", Job: "j", Credential: "secrets.E", Lines: []int{5}},
		},
		Repos: []RepoSummary{{Name: "b/r"}, {Name: "a/r"}},
	}
	inv.Finish()
	var got []string
	for _, f := range inv.Findings {
		got = append(got, f.Credential)
	}
	if want := []string{"secrets.E", "secrets.D", "secrets.C", "secrets.B", "secrets.A"}; !reflect.DeepEqual(got, want) {
		t.Errorf("order = %v, want %v", got, want)
	}
	if !inv.Complete || inv.Errors == nil || inv.Repos[0].Name != "a/r" {
		t.Errorf("complete %v errors %v repos %v", inv.Complete, inv.Errors, inv.Repos)
	}
	inv.Errors = append(inv.Errors, InputError{File: "x.yml", Message: "bad"})
	inv.Finish()
	if inv.Complete {
		t.Error("complete with an input error")
	}
}

func TestCompareFindings(t *testing.T) {
	base := Finding{Repo: "acme/b", File: ".github/workflows/b.yml", Job: "b", Lines: []int{5}, Credential: "secrets.B", Fingerprint: "2"}
	tests := []struct {
		name   string
		change func(f *Finding)
	}{
		{"repository", func(f *Finding) { f.Repo = "acme/a" }},
		{"file", func(f *Finding) { f.File = ".github/workflows/a.yml" }},
		{"job before line", func(f *Finding) { f.Job, f.Lines = "a", []int{9} }},
		{"line before credential", func(f *Finding) { f.Lines, f.Credential = []int{4}, "secrets.Z" }},
		{"no lines first", func(f *Finding) { f.Lines = nil }},
		{"credential", func(f *Finding) { f.Credential = "secrets.A" }},
		{"fingerprint", func(f *Finding) { f.Fingerprint = "1" }},
	}
	for _, tc := range tests {
		first := base
		first.Lines = append([]int(nil), base.Lines...)
		tc.change(&first)
		if c := CompareFindings(&first, &base); c >= 0 {
			t.Errorf("%s: CompareFindings(first, base) = %d, want < 0", tc.name, c)
		}
		if c := CompareFindings(&base, &first); c <= 0 {
			t.Errorf("%s: CompareFindings(base, first) = %d, want > 0", tc.name, c)
		}
	}
	if c := CompareFindings(&base, &base); c != 0 {
		t.Errorf("CompareFindings(f, f) = %d", c)
	}
}
