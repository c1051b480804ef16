package expression

import (
	"strings"
	"testing"
)

func TestTruth(t *testing.T) {
	inputs := map[string]string{"github.repository": "dbt-labs/dbt-core", "inputs.publish": "false", "inputs.core": "true", "inputs.name": "Web", "inputs.count": "3", "inputs.empty": ""}
	lookup := func(p Path) (string, bool) {
		v, ok := inputs[p.Lower()]
		return v, ok
	}
	for _, tc := range []struct {
		cond      string
		truth, ok bool
	}{
		{"inputs.publish == 'true'", false, true},
		{"${{ inputs.publish == 'true' }}", false, true},
		{"inputs.core == 'TRUE'", true, true}, // strings compare without regard to case
		{"inputs.publish", true, true},        // the string "false" is truthy
		{"inputs.empty", false, true},
		{"!inputs.empty", true, true},
		{"inputs.publish != 'true' && inputs.core == 'true'", true, true},
		{"inputs.publish == 'true' && github.event_name == 'push'", false, true}, // && stops at a falsy left side
		{"inputs.core == 'true' || github.ref == 'x'", true, true},
		{"inputs.core == true", false, true}, // 'true' as a number is NaN
		{"inputs.count == 3", true, true},
		{"inputs.name == 'web'", true, true},
		{"github.event_name == 'push'", false, false},
		{"inputs.unknown == 'x'", false, false},
		{"success() && inputs.core == 'true'", false, false},
		{"inputs.core == 'true' && always()", false, false},
		{"x ${{ inputs.core }}", false, false}, // text around an expression
		{"inputs.core ==", false, false},
		{"success() && inputs.publish == 'true'", false, true}, // a falsy right side decides &&
		{"always() || inputs.core == 'true'", true, true},      // a truthy right side decides ||
		{"always() || inputs.publish == 'true'", false, false},
		{"${{ !contains(github.repository, 'dbt-core') }}", false, true},
		{"contains(github.repository, 'DBT-SPARK')", false, true},
		{"startsWith(github.repository, 'DBT-labs/')", true, true},
		{"endsWith(github.repository, '-core') && inputs.core", true, true},
		{"contains(github.event.pull_request.labels.*.name, 'x')", false, false},
		{"contains(inputs.count, 3)", true, true},
		{"format('{0}', inputs.name) == 'Web'", true, true}, // format is evaluated; == ignores case
		{"format('{0}', github.ref) == 'x'", false, false},
	} {
		truth, ok := Truth(tc.cond, lookup)
		if truth != tc.truth || ok != tc.ok {
			t.Errorf("Truth(%q) = %t, %t; want %t, %t", tc.cond, truth, ok, tc.truth, tc.ok)
		}
	}
}

func FuzzTruth(f *testing.F) {
	for _, s := range []string{"inputs.a == 'x'", "!inputs.a && inputs.b != 1", "inputs.a || null", "${{ inputs.a }}", "1 == 1.0", "always() && contains(inputs.a, 'x')", "startsWith(inputs.a, 1)"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, cond string) {
		lookup := func(p Path) (string, bool) {
			return strings.Repeat("x", len(p.Parts)), strings.HasPrefix(p.Lower(), "inputs.")
		}
		Truth(cond, lookup)
	})
}

func TestEvaluate(t *testing.T) {
	inputs := map[string]string{"inputs.component": "gui", "inputs.vs": "vscode", "inputs.empty": ""}
	lookup := func(p Path) (string, bool) {
		v, ok := inputs[p.Lower()]
		return v, ok
	}
	for _, tc := range []struct {
		body, want string
		ok         bool
	}{
		{"inputs.component == 'vscode' && 'extensions/vscode' || inputs.component", "gui", true},
		{"inputs.vs == 'vscode' && 'extensions/vscode' || inputs.vs", "extensions/vscode", true},
		{"inputs.empty || 'default'", "default", true},
		{"inputs.component && inputs.empty", "", true},
		{"inputs.component == 'GUI'", "true", true},
		{"inputs.component", "gui", true},
		{"'lit'", "lit", true},
		// Every property must be known: Truth may decide without one, a value may not.
		{"github.event_name == 'push' && 'x' || inputs.component", "", false},
		{"always() || inputs.component", "", false},
		{"format('{0}/x', inputs.component)", "gui/x", true},
		{"format('{0}.wiki', inputs.vs)", "vscode.wiki", true},
		{"format('{{{0}}} {1}{0}', inputs.vs, 2)", "{vscode} 2vscode", true},
		{"format('{1}', inputs.vs)", "", false},
		{"format('{0', inputs.vs)", "", false},
		{"format('a}b')", "", false},
		{"format('{0}', github.repository)", "", false},
		{"format(inputs.vs)", "vscode", true},
		{"format(1, inputs.vs)", "", false},
		{"inputs.component ==", "", false},
	} {
		got, ok := Evaluate(tc.body, lookup)
		if got != tc.want || ok != tc.ok {
			t.Errorf("Evaluate(%q) = %q, %t; want %q, %t", tc.body, got, ok, tc.want, tc.ok)
		}
	}
}

func FuzzEvaluate(f *testing.F) {
	for _, s := range []string{"inputs.a == 'x' && 'y' || inputs.b", "inputs.a || null", "!inputs.a", "1 == 1.0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		lookup := func(p Path) (string, bool) {
			return strings.Repeat("x", len(p.Parts)), strings.HasPrefix(p.Lower(), "inputs.")
		}
		if v, ok := Evaluate(body, lookup); !ok && v != "" {
			t.Fatalf("Evaluate(%q) = %q without a value", body, v)
		}
	})
}
