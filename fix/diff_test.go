package fix

import (
	"math/rand"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func TestDiffFormat(t *testing.T) {
	a := "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n"
	b := "a\nb\nc\nd\nE\nf\ng\nh\ni\nj\nk\n"
	want := `--- x
+++ y
@@ -2,9 +2,10 @@
 b
 c
 d
-e
+E
 f
 g
 h
 i
 j
+k
`
	if got := Diff("x", "y", []byte(a), []byte(b)); got != want {
		t.Fatalf("got:\n%s\nwant:\n%s", got, want)
	}
	if Diff("x", "y", []byte(a), []byte(a)) != "" {
		t.Fatal("equal inputs gave a diff")
	}
	far := "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n15\n"
	farB := strings.Replace(strings.Replace(far, "2\n", "two\n", 1), "14\n", "fourteen\n", 1)
	if got := Diff("x", "y", []byte(far), []byte(farB)); strings.Count(got, "@@ -") != 2 {
		t.Fatalf("changes 12 lines apart should be two hunks:\n%s", got)
	}
	noNL := Diff("x", "y", []byte("a\nb"), []byte("a\nc"))
	if !strings.Contains(noNL, "\\ No newline at end of file") {
		t.Fatalf("missing no-newline marker:\n%s", noNL)
	}
}

// applyDiff applies a unified diff made by Diff to a.
func applyDiff(t *testing.T, a, d string) string {
	t.Helper()
	if d == "" {
		return a
	}
	src := splitLines(a)
	var out []string
	pos := 0
	lines := strings.Split(strings.TrimSuffix(d, "\n"), "\n")[2:]
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		if strings.HasPrefix(l, "@@ -") {
			r := strings.Fields(l)[1][1:]
			start, _ := strconv.Atoi(strings.Split(r, ",")[0])
			if strings.HasSuffix(r, ",0") {
				start++
			}
			for pos < start-1 {
				out = append(out, src[pos])
				pos++
			}
			continue
		}
		if l == "\\ No newline at end of file" {
			out[len(out)-1] = strings.TrimSuffix(out[len(out)-1], "\n")
			continue
		}
		text := l[1:] + "\n"
		switch l[0] {
		case ' ':
			out = append(out, text)
			pos++
		case '-':
			pos++
		case '+':
			out = append(out, text)
		}
	}
	out = append(out, src[pos:]...)
	return strings.Join(out, "")
}

func TestDiffRoundTrip(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	words := []string{"a", "b", "c", "d"}
	gen := func() string {
		n := r.Intn(30)
		var b strings.Builder
		for i := 0; i < n; i++ {
			b.WriteString(words[r.Intn(len(words))])
			b.WriteByte('\n')
		}
		return b.String()
	}
	for i := 0; i < 500; i++ {
		a, b := gen(), gen()
		d := Diff("a", "b", []byte(a), []byte(b))
		if got := applyDiff(t, a, d); got != b {
			t.Fatalf("case %d: diff does not apply:\na=%q\nb=%q\ndiff:\n%s\ngot=%q", i, a, b, d, got)
		}
		if a != b {
			// Myers gives a shortest script: no more changed lines than
			// deleting all and inserting all.
			if c := strings.Count(d, "\n-") + strings.Count(d, "\n+") - 2; c > len(splitLines(a))+len(splitLines(b)) {
				t.Fatalf("case %d: %d changed lines", i, c)
			}
		}
	}
}

func TestWriteFileKeepsModeAndReplacesAtomically(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "ci.yml")
	if err := os.WriteFile(p, []byte("old\n"), 0o640); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(p, []byte("new\n")); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(p)
	st, _ := os.Stat(p)
	if string(got) != "new\n" || st.Mode().Perm() != 0o640 {
		t.Fatalf("content %q mode %v", got, st.Mode().Perm())
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Fatalf("temporary files left behind: %v", entries)
	}
	if err := WriteFile(filepath.Join(dir, "missing.yml"), nil); err == nil {
		t.Fatal("writing over a missing file should fail")
	}
}
