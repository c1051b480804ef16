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
