package planner

import "testing"

// TestNamesRunRef: a tag value is the run's ref only when it is
// github.ref or github.ref_name and nothing else, as an expression, a
// shell variable or the scan's placeholder, with refs/tags/ before it or
// not.
func TestNamesRunRef(t *testing.T) {
	for _, tc := range []struct {
		v    string
		want bool
	}{
		{"${{ github.ref }}", true},
		{"${{github.ref_name}}", true},
		{"${{ github['ref_name'] }}", true},
		{" ${{ github.ref_name }} ", true},
		{"refs/tags/${{ github.ref_name }}", true},
		{"REFS/TAGS/${{ GITHUB.REF_NAME }}", true},
		{"$GITHUB_REF", true},
		{"${GITHUB_REF_NAME}", true},
		{"{GITHUB_REF_NAME}", true},
		{"{github.ref}", true},
		{"{github.ref_name}", true},
		{"v${{ github.ref_name }}", false},
		{"${{ github.ref_name }}-rc", false},
		{"${{ github.ref_name }}${{ github.ref }}", false},
		{"${{ github.sha }}", false},
		{"${{ github.ref || 'v1' }}", false},
		{"${{ inputs.ref }}", false},
		{"$GITHUB_REF_NAMES", false},
		{"{github.refs}", false},
		{"refs/heads/${{ github.ref_name }}", false},
		{"", false},
	} {
		if got := namesRunRef(tc.v); got != tc.want {
			t.Errorf("namesRunRef(%q) = %v, want %v", tc.v, got, tc.want)
		}
	}
}
