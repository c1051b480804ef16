package golden

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDiff(t *testing.T) {
	tests := []struct {
		name, want, got string
		has             []string
	}{
		{"changed line", "a\nb\nc\n", "a\nB\nc\n", []string{"line 2", "- b\n", "+ B\n", "  a\n", "  c\n"}},
		{"added line", "a\nc\n", "a\nb\nc\n", []string{"line 2", "+ b\n", "want 3 lines, got 4"}},
		{"missing newline", "a\n", "a", []string{"- a\n", "+ a\\ no newline at end"}},
		{"long change is cut", strings.Repeat("x\n", 100), strings.Repeat("y\n", 100), []string{"... 60 more lines"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := Diff([]byte(tc.want), []byte(tc.got))
			for _, h := range tc.has {
				if !strings.Contains(d, h) {
					t.Errorf("Diff lacks %q:\n%s", h, d)
				}
			}
		})
	}
}

// recorder is a testing.TB that keeps failures instead of failing.
type recorder struct {
	testing.TB
	failed []string
}

func (r *recorder) Helper()                           {}
func (r *recorder) Errorf(format string, args ...any) { r.failed = append(r.failed, format) }
func (r *recorder) Fatalf(format string, args ...any) { r.failed = append(r.failed, format) }

func TestCheckAndCheckDir(t *testing.T) {
	if Update() {
		t.Skip("compares with files it writes itself")
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "a.txt"), []byte("one\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := &recorder{TB: t}
	Check(r, filepath.Join(dir, "a.txt"), []byte("one\n"))
	if len(r.failed) != 0 {
		t.Errorf("equal content failed: %v", r.failed)
	}
	Check(r, filepath.Join(dir, "a.txt"), []byte("two\n"))
	Check(r, filepath.Join(dir, "missing.txt"), []byte("x"))
	if len(r.failed) != 2 {
		t.Errorf("failures = %v, want a difference and a missing file", r.failed)
	}
	r.failed = nil
	CheckDir(r, dir, map[string][]byte{})
	if len(r.failed) != 1 {
		t.Errorf("a golden file nothing produced: failures = %v, want one", r.failed)
	}
	r.failed = nil
	CheckDir(r, dir, map[string][]byte{"a.txt": []byte("one\n")})
	if len(r.failed) != 0 {
		t.Errorf("matching folder failed: %v", r.failed)
	}
}
