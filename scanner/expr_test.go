package scanner

import (
	"reflect"
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
