package expression

import (
	"slices"
	"strings"
	"testing"
)

func TestFind(t *testing.T) {
	tests := []struct {
		in    string
		want  []string
		start []int
	}{
		{"a ${{ secrets.X }} b ${{ format('}}', y) }} c ${{ open", []string{" secrets.X ", " format('}}', y) "}, []int{2, 21}},
		{"${{a}}${{ b }}", []string{"a", " b "}, []int{0, 6}},
		{"no expression $ {{ x }}", nil, nil},
		{"${{ 'it''s }}' }} after", []string{" 'it''s }}' "}, []int{0}},
		{`${{ "double" }} ${{ secrets.X }}`, []string{` "double" `, " secrets.X "}, []int{0, 16}}, // the first is malformed
		{"${{ a }} ${{ b", []string{" a "}, []int{0}},
	}
	for _, tc := range tests {
		var got []string
		var starts []int
		for _, sp := range Find(tc.in) {
			got = append(got, sp.Body)
			starts = append(starts, sp.Start)
			if tc.in[sp.Start:sp.Start+3] != "${{" || tc.in[sp.End-2:sp.End] != "}}" || tc.in[sp.Start+3:sp.End-2] != sp.Body {
				t.Errorf("Find(%q): span %+v does not frame its body", tc.in, sp)
			}
		}
		if !slices.Equal(got, tc.want) || !slices.Equal(starts, tc.start) {
			t.Errorf("Find(%q) = %q at %v, want %q at %v", tc.in, got, starts, tc.want, tc.start)
		}
	}
}

func TestPaths(t *testing.T) {
	tests := []struct {
		expr  string
		paths []string // as written, dotted
		lower []string
	}{
		{" secrets.GH_PAT ", []string{"secrets.GH_PAT"}, []string{"secrets.gh_pat"}},
		{"secrets['GH_PAT']", []string{"secrets.GH_PAT"}, []string{"secrets.gh_pat"}},
		{"secrets . GH_PAT", []string{"secrets.GH_PAT"}, []string{"secrets.gh_pat"}},
		{"SECRETS.My_Pat", []string{"SECRETS.My_Pat"}, []string{"secrets.my_pat"}},
		{"steps.app-token.outputs.token", []string{"steps.app-token.outputs.token"}, nil},
		{"secrets.PAT || github.token", []string{"secrets.PAT", "github.token"}, nil},
		{"format('x:{0}', secrets.PAT)", []string{"secrets.PAT"}, nil},
		{"toJSON(secrets)", []string{"secrets"}, nil},
		{"secrets[matrix.name]", []string{"secrets", "matrix.name"}, nil},
		{"github.event.pull_request.*.id", []string{"github.event.pull_request.*.id"}, nil},
		{"'secrets.PAT'", nil, nil},
		{"secrets.PAT != '' && !cancelled()", []string{"secrets.PAT"}, nil},
	}
	for _, tc := range tests {
		e := Parse(tc.expr)
		if e.Root == nil {
			t.Errorf("Parse(%q) failed", tc.expr)
			continue
		}
		var got, lower []string
		for _, p := range e.Paths() {
			got = append(got, strings.Join(p.Parts, "."))
			lower = append(lower, p.Lower())
			text := tc.expr[p.Start:p.End]
			if !strings.HasPrefix(text, p.Parts[0]) || !strings.HasSuffix(strings.TrimRight(text, "']"), strings.TrimSuffix(p.Parts[len(p.Parts)-1], "*")) {
				t.Errorf("Parse(%q): path %q spans %q", tc.expr, p.Parts, text)
			}
		}
		if !slices.Equal(got, tc.paths) {
			t.Errorf("Parse(%q).Paths() = %q, want %q", tc.expr, got, tc.paths)
		}
		if tc.lower != nil && !slices.Equal(lower, tc.lower) {
			t.Errorf("Parse(%q) lower = %q, want %q", tc.expr, lower, tc.lower)
		}
	}
	for _, bad := range []string{"secrets.PAT }", "", "a b", `"x"`} {
		if e := Parse(bad); e.Root != nil || len(e.Paths()) != 0 {
			t.Errorf("Parse(%q) parsed", bad)
		}
	}
}

func TestNamesInUnparsed(t *testing.T) {
	got := NamesInUnparsed(`secrets.PAT }} "x" || github.token || secrets.PAT || plain`)
	if want := []string{"secrets.PAT", "github.token"}; !slices.Equal(got, want) {
		t.Errorf("NamesInUnparsed = %q, want %q", got, want)
	}
}

// FuzzFindAndParse: any text gives spans that frame their bodies, in
// order, each ending where actionlint's lexer ends it when the lexer can
// read it, and paths that lie inside the expression they come from.
func FuzzFindAndParse(f *testing.F) {
	for _, s := range []string{"a ${{ secrets.X }} b", "${{ format('}}', secrets['A']) }}", "${{ a.b.*.c || x[1] }}", "${{ ", "${{ '' }}"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		last := 0
		for _, sp := range Find(s) {
			if sp.Start < last || sp.End > len(s) || s[sp.Start+3:sp.End-2] != sp.Body {
				t.Fatalf("Find(%q): bad span %+v", s, sp)
			}
			last = sp.End
			if n, ok := lexesToEnd(s[sp.Start+3:]); ok && sp.Start+3+n != sp.End {
				t.Fatalf("Find(%q): span ends at %d, the lexer at %d", s, sp.End, sp.Start+3+n)
			}
			e := sp.Parse()
			for _, p := range e.Paths() {
				if p.Start < 0 || p.End > len(sp.Body) || p.Start >= p.End || len(p.Parts) == 0 {
					t.Fatalf("Parse(%q): bad path %+v", sp.Body, p)
				}
			}
		}
	})
}

func TestPathExtent(t *testing.T) {
	for expr, want := range map[string]string{
		" secrets [ 'A' ] || x":         "secrets [ 'A' ]",
		"format('{0}', github . token)": "github . token",
		"steps.a.outputs.*.b ":          "steps.a.outputs.*.b",
	} {
		ps := Parse(expr).Paths()
		if len(ps) == 0 || expr[ps[0].Start:ps[0].End] != want {
			t.Errorf("Parse(%q) first path %+v, want %q", expr, ps, want)
		}
	}
}

func TestBoolean(t *testing.T) {
	for body, want := range map[string]bool{
		"github.event.label.name == 'reproduced'": true,
		"!inputs.dry_run":                         true,
		"true":                                    true,
		"contains(github.event.pull_request.labels.*.name, 'x')":  true,
		"startsWith(github.ref, 'refs/tags/') && inputs.x == 'y'": true,
		"inputs.cmd":                    false,
		"inputs.a == 'b' && inputs.cmd": false,
		"inputs.cmd || 'echo'":          false,
		"format('{0}', inputs.cmd)":     false,
		"github.event.label.name == ":   false,
		"fromJSON(inputs.flag)":         false,
	} {
		if got := Boolean(body); got != want {
			t.Errorf("Boolean(%q) = %v, want %v", body, got, want)
		}
	}
}

// TestSolePath: a value is a path only when it is one expression and
// nothing else, and that expression is a property access.
func TestSolePath(t *testing.T) {
	for _, tc := range []struct {
		s    string
		want string // "" for none
	}{
		{"${{ github.ref_name }}", "github.ref_name"},
		{"${{github['ref']}}", "github.ref"},
		{"${{ Secrets.GH_PAT }}", "secrets.gh_pat"},
		{"v${{ github.ref_name }}", ""},
		{"${{ github.ref_name }} ", ""},
		{"${{ github.ref }}${{ github.sha }}", ""},
		{"${{ github.ref || 'main' }}", ""},
		{"${{ format('{0}', github.ref) }}", ""},
		{"${{ github.ref", ""},
		{"${{ ) }}", ""},
		{"github.ref", ""},
		{"", ""},
	} {
		p, ok := SolePath(tc.s)
		if got := p.Lower(); ok != (tc.want != "") || ok && got != tc.want {
			t.Errorf("SolePath(%q) = %q %v, want %q", tc.s, got, ok, tc.want)
		}
	}
}

// TestSole: the span of a value that is one expression alone.
func TestSole(t *testing.T) {
	if sp, ok := Sole("${{ github.event.pull_request.url }}"); !ok || sp.Body != " github.event.pull_request.url " {
		t.Errorf("Sole: %+v %v", sp, ok)
	}
	for _, s := range []string{"x${{ a }}", "${{ a }}${{ b }}", "${{ a }} ", "${{ a", "a", ""} {
		if sp, ok := Sole(s); ok {
			t.Errorf("Sole(%q) = %+v, want none", s, sp)
		}
	}
}
