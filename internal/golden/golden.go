// Package golden compares what a test produced with files kept under
// testdata, and rewrites those files when the tests run with -update:
//
//	go test ./scanner -run TestCases -update
//
// Every package's golden tests use it, so -update means the same everywhere.
// Only tests import it.
package golden

import (
	"bytes"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata with what the tests produce")

// Update reports whether the tests run with -update.
func Update() bool { return *update }

// Check compares got with the golden file at path. With -update it writes
// got to path instead (making its folder).
func Check(t testing.TB, path string, got []byte) {
	t.Helper()
	if *update {
		write(t, path, got)
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden file: %v (run the test with -update to create it)", err)
		return
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from what the test produced (check the difference, then run the test with -update to accept it):\n%s", path, Diff(want, got))
	}
}

// CheckDir compares a folder of golden files with got, keyed by
// slash-separated paths relative to dir: each file must match, and every
// file in dir must be in got. With -update it replaces dir's files by got.
func CheckDir(t testing.TB, dir string, got map[string][]byte) {
	t.Helper()
	if *update {
		if err := os.RemoveAll(dir); err != nil {
			t.Fatal(err)
		}
		for rel, data := range got {
			write(t, filepath.Join(dir, filepath.FromSlash(rel)), data)
		}
		return
	}
	rels := make([]string, 0, len(got))
	for rel := range got {
		rels = append(rels, rel)
	}
	sort.Strings(rels)
	for _, rel := range rels {
		Check(t, filepath.Join(dir, filepath.FromSlash(rel)), got[rel])
	}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if _, ok := got[filepath.ToSlash(rel)]; !ok {
			t.Errorf("golden file %s has no counterpart in what the test produced (run the test with -update to remove it)", p)
		}
		return nil
	})
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
}

func write(t testing.TB, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// contextLines is how many equal lines Diff shows around the first
// difference.
const contextLines = 3

// Diff shows where got first differs from want: the lines around the first
// difference, want's marked "-" and got's "+", and both lengths.
func Diff(want, got []byte) string {
	wl := strings.SplitAfter(string(want), "\n")
	gl := strings.SplitAfter(string(got), "\n")
	i := 0
	for i < len(wl) && i < len(gl) && wl[i] == gl[i] {
		i++
	}
	// The same number of lines from the end are equal too.
	j := 0
	for j < len(wl)-i && j < len(gl)-i && wl[len(wl)-1-j] == gl[len(gl)-1-j] {
		j++
	}
	var b strings.Builder
	fmt.Fprintf(&b, "first difference at line %d (want %d lines, got %d)\n", i+1, len(wl), len(gl))
	for k := max(0, i-contextLines); k < i; k++ {
		b.WriteString("  " + line(wl[k]))
	}
	changed(&b, "- ", wl[i:len(wl)-j])
	changed(&b, "+ ", gl[i:len(gl)-j])
	for k := len(wl) - j; k < min(len(wl), len(wl)-j+contextLines); k++ {
		b.WriteString("  " + line(wl[k]))
	}
	return b.String()
}

// maxChanged is how many lines of each side Diff shows.
const maxChanged = 40

// changed writes lines with a mark, at most maxChanged of them.
func changed(b *strings.Builder, mark string, lines []string) {
	for k, l := range lines {
		if k == maxChanged {
			fmt.Fprintf(b, "%s... %d more lines\n", mark, len(lines)-k)
			return
		}
		b.WriteString(mark + line(l))
	}
}

// line ends l with one newline, saying so when the file has none.
func line(l string) string {
	if strings.HasSuffix(l, "\n") {
		return l
	}
	return l + "\\ no newline at end\n"
}
