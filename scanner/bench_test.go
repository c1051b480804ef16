package scanner

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/rhysd/actionlint"
)

// corpusDir is the shared labelled corpus, absent on a user's clone.
const corpusDir = "../../shared/corpus/workflows"

// BenchmarkScanCorpus scans every corpus workflow; it reports workflows per
// second. Compare with `actionlint -shellcheck= -pyflakes=` on the same files
// (see README "Performance").
func BenchmarkScanCorpus(b *testing.B) {
	files, _ := filepath.Glob(filepath.Join(corpusDir, "*.y*ml"))
	if len(files) == 0 {
		b.Skip("../shared/corpus is absent (it ships with the project's CI, not with a clone)")
	}
	var rf RepoFiles
	rf.Name = "corpus/corpus"
	for _, p := range files {
		d, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		rel := ".github/workflows/" + filepath.Base(p)
		if filepath.Base(p) != "action.yml" && len(p) > 10 && p[len(p)-10:] == "action.yml" {
			rel = ".github/actions/" + filepath.Base(p) + "/action.yml"
		}
		rf.Files = append(rf.Files, File{Path: rel, Data: d})
	}
	s := New(Options{})
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s.ScanRepo(context.Background(), rf)
	}
	b.ReportMetric(float64(len(files)*b.N)/b.Elapsed().Seconds(), "workflows/s")
}

// BenchmarkScanCorpusFiles scans the corpus as the command does when given
// the files (pat2app scan FILE...): reading included, files in parallel.
// BenchmarkActionlintCorpus is its like-for-like comparison.
func BenchmarkScanCorpusFiles(b *testing.B) {
	files, _ := filepath.Glob(filepath.Join(corpusDir, "*.y*ml"))
	if len(files) == 0 {
		b.Skip("../shared/corpus is absent (it ships with the project's CI, not with a clone)")
	}
	s := New(Options{})
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := s.ScanPaths(context.Background(), files); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(files)*b.N)/b.Elapsed().Seconds(), "workflows/s")
}

// BenchmarkAliasBomb: a billion-laughs document is refused quickly.
func BenchmarkAliasBomb(b *testing.B) {
	data := []byte("a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\ng: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]\nh: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]\non: push\njobs:\n  j:\n    runs-on: *h\n")
	s := New(Options{})
	for i := 0; i < b.N; i++ {
		_, errs := s.ScanRepo(context.Background(), RepoFiles{Name: "o/r", Files: []File{{Path: ".github/workflows/b.yml", Data: data}}})
		if len(errs) == 0 {
			b.Fatal("alias bomb accepted")
		}
	}
}

// BenchmarkActionlintCorpus lints the same corpus files with actionlint's
// full rule set (shellcheck and pyflakes off, as `actionlint -shellcheck=
// -pyflakes=`), in the same process, for the ratio quoted in the README.
func BenchmarkActionlintCorpus(b *testing.B) {
	files, _ := filepath.Glob(filepath.Join(corpusDir, "*.y*ml"))
	if len(files) == 0 {
		b.Skip("../shared/corpus is absent (it ships with the project's CI, not with a clone)")
	}
	l, err := actionlint.NewLinter(io.Discard, &actionlint.LinterOptions{Shellcheck: "", Pyflakes: ""})
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		// LintFiles is what the actionlint command runs: files in parallel.
		if _, err := l.LintFiles(files, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(files)*b.N)/b.Elapsed().Seconds(), "workflows/s")
}

// BenchmarkWalkCorpus measures the part of a scan that is pat2app's own:
// every corpus file is parsed once before the timer starts, then walked
// (credentials, flows, operations, classification) on one goroutine.
func BenchmarkWalkCorpus(b *testing.B) {
	files, _ := filepath.Glob(filepath.Join(corpusDir, "*.y*ml"))
	if len(files) == 0 {
		b.Skip("../shared/corpus is absent (it ships with the project's CI, not with a clone)")
	}
	s := New(Options{})
	type parsed struct {
		rf RepoFiles
		p  parsedFile
	}
	var all []parsed
	for _, p := range files {
		d, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		rf := RepoFiles{Name: "corpus/" + filepath.Base(p), Files: []File{{Path: p, Data: d}}}
		all = append(all, parsed{rf, s.parseFile(rf.Name, &rf.Files[0])})
	}
	b.ReportAllocs()
	b.ResetTimer()
	n := 0
	for i := 0; i < b.N; i++ {
		for _, x := range all {
			f := &x.rf.Files[0]
			rs := s.newRepoScan(context.Background(), x.rf)
			rs.parsed = map[string]parsedFile{f.Path: x.p}
			n += len(rs.file(f).findings)
		}
	}
	if n == 0 {
		b.Fatal("no findings in the corpus")
	}
	b.ReportMetric(float64(len(files)*b.N)/b.Elapsed().Seconds(), "workflows/s")
}
