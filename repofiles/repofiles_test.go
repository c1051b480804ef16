package repofiles

import "testing"

func TestClassifyAndWanted(t *testing.T) {
	tests := []struct {
		path   string
		kind   Kind
		wanted bool
	}{
		{".github/workflows/ci.yml", Workflow, true},
		{".github/workflows/ci.yaml", Workflow, true},
		{".github/workflows/release.YML", Workflow, true},  // the extension in any case
		{".github/workflows/sub/ci.yml", Other, false},     // GitHub runs only top-level workflows
		{".github/workflows/sub/action.yml", Action, true}, // uses: ./.github/workflows/sub
		{".github/workflows/action.yml", Workflow, true},   // directly in workflows: a workflow
		{".github/workflows/README.md", Other, false},
		{".github/workflows/ci.yml.disabled", Other, false},
		{".github/actions/setup/action.yml", Action, true},
		{".github/actions/a/b/c/d/action.yml", Action, true},
		{".github/action.yaml", Action, true},
		{"action.yml", Action, true},
		{"action.yaml", Action, true},
		{".github/actions/setup/Action.yml", Other, false}, // the runner looks for action.yml exactly
		{".github/actions/setup/action.yml.bak", Other, false},
		{"tools/deploy/action.yml", Action, false}, // not where a scan looks
		{"sub/.github/workflows/ci.yml", Workflow, false},
		{".github/dependabot.yml", Other, false},
		{"src/workflows/ci.yml", Other, false},
		{"/home/u/web/.github/workflows/ci.yml", Workflow, false}, // a file given on the command line
	}
	for _, tc := range tests {
		if got := Classify(tc.path); got != tc.kind {
			t.Errorf("Classify(%q) = %v, want %v", tc.path, got, tc.kind)
		}
		if got := Wanted(tc.path); got != tc.wanted {
			t.Errorf("Wanted(%q) = %v, want %v", tc.path, got, tc.wanted)
		}
	}
}

// FuzzWanted: a wanted path is always a workflow or an action under a root.
func FuzzWanted(f *testing.F) {
	for _, s := range []string{".github/workflows/a.yml", "action.yml", ".github/x/action.yaml", "a/b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, p string) {
		if !Wanted(p) {
			return
		}
		if Classify(p) == Other {
			t.Fatalf("Wanted(%q) but Classify says Other", p)
		}
		under := false
		for _, r := range Roots {
			if p == r || len(p) > len(r) && p[:len(r)+1] == r+"/" {
				under = true
			}
		}
		if !under {
			t.Fatalf("Wanted(%q) is under none of %v", p, Roots)
		}
	})
}

func TestLocalRef(t *testing.T) {
	for _, tc := range []struct {
		uses, want string
		ok         bool
	}{
		{"./.github/workflows/build.yml", ".github/workflows/build.yml", true},
		{"$/.github/workflows/build.yml", ".github/workflows/build.yml", true},
		{"./.github/actions/setup", ".github/actions/setup", true},
		{"$/.github/actions/setup/", ".github/actions/setup", true},
		{" ./x/../.github/actions/a ", ".github/actions/a", true},
		{"./", "", false},
		{"./../other/action", "", false},
		{"$/../x", "", false},
		{"acme/tools/.github/workflows/build.yml@main", "", false},
		{"actions/checkout@v4", "", false},
		{"docker://alpine:3", "", false},
		{"$/.github/workflows/x.yml@v1", "", false},
	} {
		got, ok := LocalRef(tc.uses)
		if got != tc.want || ok != tc.ok {
			t.Errorf("LocalRef(%q) = %q, %v; want %q, %v", tc.uses, got, ok, tc.want, tc.ok)
		}
	}
}
