package fix

import (
	"math/rand"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/pat2app/pat2app/redact"
)

// diffOf is the diff of src with edits applied, as Result.Diff makes it.
func diffOf(src string, edits []edit) string {
	out, err := applyEdits(src, edits)
	if err != nil {
		panic(err)
	}
	r := Result{Output: []byte(out), Changed: out != src, src: []byte(src), edits: edits}
	return r.Diff("x", "y")
}

// lineEdit replaces line n (1-based) of src.
func lineEdit(src string, n int, text string) edit {
	s := newSource(src)
	return edit{start: s.lineStart(n), end: s.lineEnd(n), text: text}
}

func TestDiffFormat(t *testing.T) {
	a := "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n"
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
	got := diffOf(a, []edit{lineEdit(a, 5, "E\n"), {start: len(a), end: len(a), text: "k\n"}})
	if got != want {
		t.Fatalf("got:\n%s\nwant:\n%s", got, want)
	}
	if diffOf(a, nil) != "" {
		t.Fatal("no edits gave a diff")
	}
	far := "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n15\n"
	if got := diffOf(far, []edit{lineEdit(far, 2, "two\n"), lineEdit(far, 14, "fourteen\n")}); strings.Count(got, "@@ -") != 2 {
		t.Fatalf("changes 12 lines apart should be two hunks:\n%s", got)
	}
	noNL := diffOf("a\nb", []edit{{start: 2, end: 3, text: "c"}})
	if !strings.Contains(noNL, "\\ No newline at end of file") {
		t.Fatalf("missing no-newline marker:\n%s", noNL)
	}
	// A token or a key in the context is redacted.
	tok := "ghp_" + strings.Repeat("A", 36)
	src := "run: echo " + tok + "\nx: 1\n"
	if got := diffOf(src, []edit{lineEdit(src, 2, "x: 2\n")}); strings.Contains(got, tok) || !strings.Contains(got, " run: echo ghp_****\n") {
		t.Fatalf("token not redacted:\n%s", got)
	}
}

// apart reports edits more than three lines from each other.
func apart(s *source, edits []edit) bool {
	for i := 1; i < len(edits); i++ {
		if s.lineOf(edits[i].start)-s.lineOf(edits[i-1].end) <= 3 {
			return false
		}
	}
	return true
}

// myersDiff is a general line diff (Myers' O(ND) shortest edit script):
// the reference the edit-based diff is held to.
func myersDiff(a, b string) string {
	if a == b {
		return ""
	}
	x, y := splitLines(a), splitLines(b)
	sb := &scriptBuilder{a: x, b: y}
	sb.apply(myers(x, y))
	return formatDiff("x", "y", sb.lines)
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
	var prev byte // the op of the line before
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
			if prev != '-' { // a removed line's marker is about a
				out[len(out)-1] = strings.TrimSuffix(out[len(out)-1], "\n")
			}
			continue
		}
		prev = l[0]
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

// Random edits of the kinds fix makes (a value changed inside a line,
// lines inserted at a line start, text added at the end) give a diff that
// applies, and the shortest one when no two edits are within three lines
// of each other. (Closer edits are diffed one change at a time, so in a
// file of four distinct lines an inserted line may repeat one an edit
// replaced; TestDiffOfRealRewrites holds real rewrites to Myers exactly.)
func TestDiffRoundTrip(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	words := []string{"a", "b", "c", "d"}
	gen := func(n int) string {
		var b strings.Builder
		for i := 0; i < n; i++ {
			b.WriteString(words[r.Intn(len(words))])
			b.WriteString(words[r.Intn(len(words))])
			b.WriteByte('\n')
		}
		return b.String()
	}
	compared := 0
	for i := 0; i < 2000; i++ {
		a := gen(r.Intn(30))
		if r.Intn(5) == 0 {
			a = strings.TrimSuffix(a, "\n")
		}
		s := newSource(a)
		var edits []edit
		last := 0
		for off := 0; off < len(a); off++ {
			if off < last || r.Intn(24) != 0 {
				continue
			}
			switch {
			case r.Intn(2) == 0 && off+1 < len(a) && a[off] != '\n' && a[off+1] != '\n':
				edits = append(edits, edit{start: off, end: off + 2, text: words[r.Intn(len(words))] + "X"})
				last = off + 2
			case off == s.lineStart(s.lineOf(off)):
				edits = append(edits, edit{start: off, end: off, text: gen(1 + r.Intn(3))})
				last = off + 1
			}
		}
		if r.Intn(4) == 0 {
			tail := gen(1 + r.Intn(2))
			if !strings.HasSuffix(a, "\n") && a != "" {
				tail = "\n" + strings.TrimSuffix(tail, "\n")
			}
			edits = append(edits, edit{start: len(a), end: len(a), text: tail})
		}
		b, err := applyEdits(a, edits)
		if err != nil {
			t.Fatal(err)
		}
		d := diffOf(a, edits)
		if got := applyDiff(t, a, d); got != b {
			t.Fatalf("case %d: diff does not apply:\na=%q\nb=%q\ndiff:\n%s\ngot=%q", i, a, b, d, got)
		}
		if !apart(s, edits) {
			continue
		}
		compared++
		changed := func(d string) int { return strings.Count(d, "\n-") + strings.Count(d, "\n+") }
		if want := myersDiff(a, b); changed(d) != changed(want) {
			t.Fatalf("case %d: a=%q edits=%+v\ngot:\n%s\nMyers:\n%s", i, a, edits, d, want)
		}
	}
	if compared < 500 {
		t.Fatalf("only %d cases compared with Myers", compared)
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
	link := filepath.Join(dir, "link.yml")
	if err := os.Symlink("ci.yml", link); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(link, []byte("x")); err == nil {
		t.Fatal("writing over a symlink should fail")
	}
	if st, err := os.Lstat(link); err != nil || st.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("the link was replaced: %v %v", st, err)
	}
}

// The diff of every rewrite of the demo organisation (and of the shared
// corpora, when present) is the one Myers' algorithm gives for the whole
// files.
func TestDiffOfRealRewrites(t *testing.T) {
	roots := []string{filepath.Join("..", "testdata", "demo-org")}
	shared := filepath.Join("..", "..", "shared")
	if _, err := os.Stat(shared); err != nil {
		t.Log("../shared is absent: only the demo organisation is checked")
	} else {
		files, _ := filepath.Glob(filepath.Join(shared, "corpus", "workflows", "*.yml"))
		repos, _ := filepath.Glob(filepath.Join(shared, "corpus2", "repos", "*"))
		roots = append(append(roots, files...), repos...)
	}
	diffs := 0
	for _, root := range roots {
		rewriteTree(t, root, func(src []byte, res Result) {
			if !res.Changed {
				return
			}
			diffs++
			got := res.Diff("x", "y")
			if want := myersDiff(redact.String(string(src)), redact.String(string(res.Output))); got != want {
				t.Errorf("%s:\ngot:\n%s\nMyers:\n%s", root, got, want)
			}
		})
	}
	if diffs < 5 {
		t.Fatalf("only %d files rewritten", diffs)
	}
}
