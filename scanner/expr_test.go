package scanner

import (
	"reflect"
	"strings"
	"testing"
)

func TestFindExprs(t *testing.T) {
	tests := []struct {
		in        string
		refs      []string
		existence bool
	}{
		{"${{ secrets.GH_PAT }}", []string{"secrets.GH_PAT"}, false},
		{"x ${{secrets['My-Pat']}} y", []string{"secrets.My-Pat"}, false},
		{"${{ secrets.PAT || github.token }}", []string{"secrets.PAT", "github.token"}, false},
		{"${{ format('token {0}', secrets.T) }}", []string{"secrets.T"}, false},
		{"${{ secrets.T != '' }}", []string{"secrets.T"}, true},
		{"${{ !secrets.T }}", []string{"secrets.T"}, true},
		{"${{ secrets.T && '1' || '' }}", []string{"secrets.T"}, true},
		{"${{ contains(secrets.T, 'ghp_') }}", []string{"secrets.T"}, true},
		{"${{ startsWith(secrets.T, 'x') && 'yes' }}", []string{"secrets.T"}, true},
		{"${{ github.event_name == 'push' && secrets.T || '' }}", []string{"secrets.T"}, false},
		{"${{ secrets.A && secrets.B || github.token }}", []string{"secrets.A", "secrets.B", "github.token"}, false},
		{"${{ secrets.T || 'none' }}", []string{"secrets.T"}, false},
		{"${{ fromJSON(secrets.T) }}", []string{"secrets.T"}, false},
		{"${{ 'secrets.NOT_A_REF' }}", nil, false},
		{"${{ steps.app-token.outputs.token }}", []string{"steps.app-token.outputs.token"}, false},
		{"${{ env.GH_TOKEN }} and ${{ inputs.token }}", []string{"env.GH_TOKEN", "inputs.token"}, false},
		{"${{ github['token'] }}", []string{"github.token"}, false},
		{"${{ github.event.pull_request.number }}", nil, false},
		{"${{ matrix.os }}", nil, false},
		{"${{ '}}' }} ${{ secrets.AFTER }}", []string{"secrets.AFTER"}, false},
		{"${{ secrets.UNTERMINATED", nil, false},
		{"${{ toJSON(secrets) }}", []string{"secrets.*"}, false},
		{"${{ secrets[matrix.secret] }}", []string{"secrets.[dynamic]"}, false},
		{"${{ secrets.A + 1 }} ${{ secrets.B }}", []string{"secrets.A", "secrets.B"}, false}, // malformed, names still seen
		{"${{ SECRETS.Mixed_Case || Steps.App.Outputs.Token }}", []string{"secrets.Mixed_Case", "steps.App.outputs.Token"}, false},
	}
	for _, tc := range tests {
		var refs []string
		existence := false
		for _, sp := range findExprs(tc.in) {
			for _, r := range sp.Refs {
				refs = append(refs, r.Expr)
			}
			existence = existence || sp.Existence
		}
		if !reflect.DeepEqual(refs, tc.refs) || existence != tc.existence {
			t.Errorf("findExprs(%q) = %v existence %v, want %v %v", tc.in, refs, existence, tc.refs, tc.existence)
		}
	}
}

func FuzzFindExprs(f *testing.F) {
	for _, s := range []string{"${{ secrets.A || github.token }}", "${{ '}}' }}", "${{", "${{ x }} ${{ y"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		prev := 0
		for _, sp := range findExprs(s) {
			if sp.Start < prev || sp.End > len(s) || sp.Start >= sp.End {
				t.Fatalf("span %d-%d out of order in %q", sp.Start, sp.End, s)
			}
			prev = sp.End
		}
	})
}

func TestRefOfParts(t *testing.T) {
	for _, c := range []struct {
		in   string
		want credRef
		ok   bool
	}{
		{"secrets.GH_PAT", credRef{Expr: "secrets.GH_PAT", Context: "secrets", Name: "GH_PAT"}, true},
		{"SECRETS.x-y", credRef{Expr: "secrets.x-y", Context: "secrets", Name: "x-y"}, true},
		{"github.token", credRef{Expr: "github.token", Context: "github", Name: "token"}, true},
		{"GitHub.Token", credRef{Expr: "github.token", Context: "github", Name: "token"}, true},
		{"env.GH_TOKEN", credRef{Expr: "env.GH_TOKEN", Context: "env", Name: "GH_TOKEN"}, true},
		{"inputs.token", credRef{Expr: "inputs.token", Context: "inputs", Name: "token"}, true},
		{"steps.app.outputs.token", credRef{Expr: "steps.app.outputs.token", Context: "steps", ID: "app", Name: "token"}, true},
		{"steps.app.outputs", credRef{}, false},
		{"github.event.pull_request.head.ref", credRef{}, false},
		{"secrets", credRef{}, false},
		{"matrix.token", credRef{}, false},
		{"secrets.A.B", credRef{}, false},
	} {
		got, ok := refOfParts(strings.Split(c.in, "."))
		if ok != c.ok || !reflect.DeepEqual(got, c.want) {
			t.Errorf("refOfParts(%q) = %+v, %v; want %+v, %v", c.in, got, ok, c.want, c.ok)
		}
	}
	for _, c := range []struct {
		text string
		want bool
	}{{"secrets.X", true}, {"GITHUB.TOKEN", true}, {"Env.A", true}, {"matrix.os", false}, {"steps.x.outputs.y", true}, {"", false}, {"sec", false}} {
		if got := mayReferToCredential(c.text); got != c.want {
			t.Errorf("mayReferToCredential(%q) = %v", c.text, got)
		}
	}
}

// TestHasWordFold: the prefilter before context paths are parsed finds
// the word in any case, and nothing else.
func TestHasWordFold(t *testing.T) {
	for s, want := range map[string]bool{
		"${{ github.event.pull_request.head.repo.full_name }}": true,
		"${{ env.HEAD_REPO }}":                                 true,
		"${{ inputs.Head-Repository }}":                        true,
		"${{ github.event.pull_request.base.repo }}":           false,
		"${{ github['event']['pull_request']['HEAD'] }}":       true,
		"hea": false,
		"":    false,
	} {
		if got := hasWordFold(s, "head"); got != want {
			t.Errorf("hasWordFold(%q, \"head\") = %v, want %v", s, got, want)
		}
	}
}

// TestValueTests: a reference whose value decides (compared with a
// literal, searched for in another value, or searched in with one) is a
// value test; one only checked for being set, or for its form, is not.
func TestValueTests(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want bool
	}{
		{"${{ secrets.PUSH == 'ENABLE' }}", true},
		{"${{ secrets.DEPLOY_BRANCH && contains(github.ref, secrets.DEPLOY_BRANCH) && 1 || 0 }}", true},
		{"${{ contains(secrets.MAINTAINERS, github.actor) }}", true},
		{"${{ contains(secrets.T, 'ghp_') }}", false},
		{"${{ startsWith(secrets.T, 'x') }}", false},
		{"${{ secrets.T != '' }}", false},
		{"${{ format('token {0}', secrets.T) }}", false},
	} {
		got := false
		for _, sp := range findExprs(tc.in) {
			got = got || sp.ValueTest
		}
		if got != tc.want {
			t.Errorf("findExprs(%q) value test %v, want %v", tc.in, got, tc.want)
		}
	}
}
