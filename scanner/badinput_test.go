package scanner

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/pat2app/pat2app/config"
	"github.com/pat2app/pat2app/inventory"
)

// writeRepo makes a checkout with the given workflow files.
func writeRepo(t *testing.T, files map[string][]byte) string {
	t.Helper()
	root := filepath.Join(t.TempDir(), "repo")
	for p, d := range files {
		full := filepath.Join(root, p)
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, d, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.MkdirAll(filepath.Join(root, ".github", "workflows"), 0o755); err != nil {
		t.Fatal(err)
	}
	return root
}

const goodWorkflow = "on: push\njobs:\n  j:\n    runs-on: x\n    steps:\n      - uses: peter-evans/create-pull-request@v6\n        with:\n          token: ${{ secrets.GOOD_PAT }}\n"

func TestBadInputsAreReportedAndTheScanGoesOn(t *testing.T) {
	bomb := "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
	for i := 'b'; i <= 'j'; i++ {
		prev := string(i - 1)
		bomb += fmt.Sprintf("%c: &%c [*%s, *%s, *%s, *%s, *%s, *%s, *%s, *%s, *%s, *%s]\n", i, i, prev, prev, prev, prev, prev, prev, prev, prev, prev, prev)
	}
	bomb += "on: push\njobs:\n  j:\n    runs-on: *j\n"
	tests := []struct {
		name    string
		data    []byte
		wantErr string // substring of the error; "" means no error
		line    int
	}{
		{"malformed YAML", []byte("on: push\njobs:\n  j:\n    steps: [\n"), "could not parse as YAML", 4},
		{"non-UTF-8", []byte("on: push\n# caf\xe9\njobs: {}\n"), "not valid UTF-8", 2},
		{"binary file named .yml", []byte("\x7fELF\x00\x01\x02"), "binary file", 1},
		{"alias bomb", []byte(bomb), "alias", 0},
		{"empty file", []byte(""), "", 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			root := writeRepo(t, map[string][]byte{
				".github/workflows/bad.yml":  tc.data,
				".github/workflows/good.yml": []byte(goodWorkflow),
			})
			inv, err := New(Options{}).ScanPaths(context.Background(), []string{root})
			if err != nil {
				t.Fatal(err)
			}
			if find(inv.Findings, "j", "secrets.GOOD_PAT") == nil {
				t.Errorf("the good file was not scanned: %s", dump(inv.Findings))
			}
			if tc.wantErr == "" {
				if len(inv.Errors) != 0 || !inv.Complete {
					t.Errorf("unexpected errors: %+v", inv.Errors)
				}
				return
			}
			if inv.Complete {
				t.Errorf("complete = true with a bad input")
			}
			if len(inv.Errors) != 1 {
				t.Fatalf("errors = %+v, want one", inv.Errors)
			}
			e := inv.Errors[0]
			if !strings.Contains(e.Message, tc.wantErr) || e.File != ".github/workflows/bad.yml" {
				t.Errorf("error = %+v, want %q naming bad.yml", e, tc.wantErr)
			}
			if tc.line > 0 && e.Line != tc.line {
				t.Errorf("error line = %d, want %d", e.Line, tc.line)
			}
		})
	}
}

func TestLargeFileIsRefusedUnread(t *testing.T) {
	root := writeRepo(t, map[string][]byte{".github/workflows/good.yml": []byte(goodWorkflow)})
	big := filepath.Join(root, ".github", "workflows", "big.yml")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(50 << 20); err != nil { // sparse: 50 MB without writing it
		t.Fatal(err)
	}
	f.Close()
	inv, err := New(Options{}).ScanPaths(context.Background(), []string{root})
	if err != nil {
		t.Fatal(err)
	}
	if len(inv.Errors) != 1 || !strings.Contains(inv.Errors[0].Message, "over the") {
		t.Fatalf("errors = %+v", inv.Errors)
	}
	if find(inv.Findings, "j", "secrets.GOOD_PAT") == nil {
		t.Errorf("good file lost")
	}
}

func TestSymlinkLoop(t *testing.T) {
	root := writeRepo(t, map[string][]byte{".github/workflows/good.yml": []byte(goodWorkflow)})
	wfd := filepath.Join(root, ".github", "workflows")
	if err := os.Symlink(filepath.Join(wfd, "b.yml"), filepath.Join(wfd, "a.yml")); err != nil {
		t.Skip("symlinks not supported:", err)
	}
	if err := os.Symlink(filepath.Join(wfd, "a.yml"), filepath.Join(wfd, "b.yml")); err != nil {
		t.Fatal(err)
	}
	// A folder loop too: .github/actions/loop -> .github
	if err := os.Symlink(filepath.Join(root, ".github"), filepath.Join(root, ".github", "loop")); err != nil {
		t.Fatal(err)
	}
	inv, err := New(Options{}).ScanPaths(context.Background(), []string{root})
	if err != nil {
		t.Fatal(err)
	}
	if len(inv.Errors) != 2 || inv.Complete {
		t.Fatalf("errors = %+v, want a.yml and b.yml", inv.Errors)
	}
	for _, e := range inv.Errors {
		if !strings.Contains(e.Message, "cannot read") {
			t.Errorf("error %+v does not say why", e)
		}
	}
	if find(inv.Findings, "j", "secrets.GOOD_PAT") == nil {
		t.Errorf("good file lost")
	}
}

func TestFiveHundredJobs(t *testing.T) {
	var b strings.Builder
	b.WriteString("on: push\njobs:\n")
	for i := 0; i < 500; i++ {
		fmt.Fprintf(&b, "  job%d:\n    runs-on: x\n    steps:\n      - run: gh pr list\n        env:\n          GH_TOKEN: ${{ secrets.PAT_%d }}\n", i, i%7)
	}
	fs := scanOne(t, map[string]string{wf: b.String()})
	if len(fs) != 500 {
		t.Fatalf("findings = %d, want 500", len(fs))
	}
	for _, f := range fs {
		if f.Kind != inventory.KindPAT || len(f.Operations) == 0 {
			t.Fatalf("finding %s/%s: kind %s ops %v", f.Job, f.Credential, f.Kind, f.Operations)
		}
	}
}

func TestBareFileKeepsThePathAsGiven(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "release.yml")
	if err := os.WriteFile(p, []byte(goodWorkflow), 0o644); err != nil {
		t.Fatal(err)
	}
	inv, err := New(Options{}).ScanPaths(context.Background(), []string{p})
	if err != nil {
		t.Fatal(err)
	}
	if len(inv.Findings) != 1 || inv.Findings[0].File != p {
		t.Fatalf("findings = %+v", inv.Findings)
	}
	if _, err := New(Options{}).ScanPaths(context.Background(), []string{filepath.Join(dir, "missing")}); err == nil {
		t.Fatal("a missing path is a usage error")
	}
}

func TestRepoNames(t *testing.T) {
	base := t.TempDir()
	mk := func(name string) string {
		d := filepath.Join(base, name)
		if err := os.MkdirAll(filepath.Join(d, ".github", "workflows"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(d, ".github", "workflows", "w.yml"), []byte(goodWorkflow), 0o644); err != nil {
			t.Fatal(err)
		}
		return d
	}
	mk("acme__web")
	mk("plain")
	remote := mk("cloned")
	if out, err := exec.Command("git", "-C", remote, "init", "-q").CombinedOutput(); err != nil {
		t.Skipf("git not available: %v %s", err, out)
	}
	if out, err := exec.Command("git", "-C", remote, "remote", "add", "origin", "git@github.com:octo/real-name.git").CombinedOutput(); err != nil {
		t.Fatalf("%v %s", err, out)
	}
	cfg, err := config.Parse([]byte("owner: myorg\n"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		s    *Scanner
		want []string
	}{
		{New(Options{}), []string{"acme/web", "octo/real-name", "plain"}},
		{New(Options{Config: cfg}), []string{"acme/web", "myorg/plain", "octo/real-name"}},
	} {
		inv, err := tc.s.ScanPaths(context.Background(), []string{base})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, r := range inv.Repos {
			got = append(got, r.Name)
		}
		if strings.Join(got, ",") != strings.Join(tc.want, ",") {
			t.Errorf("repos = %v, want %v", got, tc.want)
		}
	}
	// Files given one by one, relative to the working directory, take the
	// name of the checkout they sit in.
	if err := os.WriteFile(filepath.Join(remote, ".github", "workflows", "v.yml"), []byte(goodWorkflow), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(filepath.Join(remote, ".github"))
	inv, err := New(Options{}).ScanPaths(context.Background(), []string{"workflows/w.yml", "workflows/v.yml"})
	if err != nil {
		t.Fatal(err)
	}
	if len(inv.Findings) != 2 || inv.Findings[0].Repo != "octo/real-name" || inv.Findings[1].Repo != "octo/real-name" {
		t.Errorf("findings of files given by relative path: %+v", inv.Findings)
	}
}

func TestFIFOIsNotOpened(t *testing.T) {
	root := writeRepo(t, map[string][]byte{".github/workflows/good.yml": []byte(goodWorkflow)})
	if err := syscall.Mkfifo(filepath.Join(root, ".github", "workflows", "pipe.yml"), 0o644); err != nil {
		t.Skip("mkfifo:", err)
	}
	inv, err := New(Options{}).ScanPaths(context.Background(), []string{root})
	if err != nil {
		t.Fatal(err)
	}
	if len(inv.Errors) != 1 || !strings.Contains(inv.Errors[0].Message, "not a regular file") {
		t.Fatalf("errors = %+v", inv.Errors)
	}
}

func TestReusableWorkflowInAnotherScannedRepo(t *testing.T) {
	base := t.TempDir()
	write := func(rel, data string) {
		p := filepath.Join(base, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("acme__app/.github/workflows/release.yml", `on: push
jobs:
  release:
    uses: acme/shared/.github/workflows/release.yml@main
    secrets:
      tok: ${{ secrets.OPAQUE_SECRET }}
`)
	write("acme__shared/.github/workflows/release.yml", `on:
  workflow_call:
    secrets:
      tok:
        required: true
jobs:
  publish:
    runs-on: ubuntu-latest
    steps:
      - run: gh release create v1 --repo acme/app
        env:
          GH_TOKEN: ${{ secrets.tok }}
`)
	inv, err := New(Options{}).ScanPaths(context.Background(), []string{base})
	if err != nil {
		t.Fatal(err)
	}
	var caller *inventory.Finding
	for i := range inv.Findings {
		if inv.Findings[i].Repo == "acme/app" && inv.Findings[i].Credential == "secrets.OPAQUE_SECRET" {
			caller = &inv.Findings[i]
		}
	}
	if caller == nil {
		t.Fatalf("no caller finding: %s", dump(inv.Findings))
	}
	if caller.Kind != inventory.KindPAT || len(caller.Operations) == 0 || !strings.Contains(caller.Operations[0].Evidence.Located(), "acme/shared:.github/workflows/release.yml:10") {
		t.Errorf("caller finding not linked: kind %s ops %+v unresolved %+v", caller.Kind, caller.Operations, caller.Unresolved)
	}
	if len(caller.Unresolved) != 0 {
		t.Errorf("the answered unresolved entry stayed: %+v", caller.Unresolved)
	}
}

// TestScanPathsInterrupted: a cancelled scan says how many inputs it did
// not scan and is not complete.
func TestScanPathsInterrupted(t *testing.T) {
	dir := t.TempDir()
	var paths []string
	for i := 0; i < 100; i++ {
		p := filepath.Join(dir, fmt.Sprintf("w%d.yml", i))
		if err := os.WriteFile(p, []byte("on: push\njobs:\n  j:\n    runs-on: x\n    steps:\n      - run: gh pr list\n        env:\n          GH_TOKEN: ${{ secrets.PAT }}\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	inv, err := New(Options{}).ScanPaths(ctx, paths)
	if err != nil {
		t.Fatal(err)
	}
	if inv.Complete || len(inv.Errors) != 1 || !strings.Contains(inv.Errors[0].Message, "100 input(s) not scanned") {
		t.Fatalf("complete %v, errors %+v", inv.Complete, inv.Errors)
	}
	inv, err = New(Options{}).ScanPaths(context.Background(), paths)
	if err != nil || !inv.Complete || len(inv.Findings) != 100 {
		t.Fatalf("uncancelled scan: err %v, complete %v, %d findings", err, inv.Complete, len(inv.Findings))
	}
}

// TestSymlinkOutOfTheCheckoutIsNotRead: a workflow that links to a file
// elsewhere (even /etc/passwd), or a workflows folder that links elsewhere,
// is not the repository's own: an input error naming it, and nothing read
// through it. A link inside the checkout is read.
func TestSymlinkOutOfTheCheckoutIsNotRead(t *testing.T) {
	outside := filepath.Join(t.TempDir(), "outside.yml")
	if err := os.WriteFile(outside, []byte(strings.ReplaceAll(goodWorkflow, "GOOD_PAT", "OUTSIDE_PAT")), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		link    string // path in the checkout
		target  string
		bare    bool // given on the command line as a file
		errFile string
	}{
		{"workflow linked to a file elsewhere", ".github/workflows/out.yml", outside, false, ".github/workflows/out.yml"},
		{"workflow linked to /etc/passwd", ".github/workflows/passwd.yml", "/etc/passwd", false, ".github/workflows/passwd.yml"},
		{"action linked to a file elsewhere", ".github/actions/x/action.yml", outside, false, ".github/actions/x/action.yml"},
		{"workflows folder linked elsewhere", ".github/workflows", filepath.Dir(outside), false, ".github/workflows"},
		{"linked workflow given by its path", ".github/workflows/out.yml", outside, true, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			root := writeRepo(t, map[string][]byte{".github/actions/good/action.yml": []byte("runs:\n  using: composite\n  steps: []\n")})
			link := filepath.Join(root, filepath.FromSlash(tc.link))
			if err := os.MkdirAll(filepath.Dir(link), 0o755); err != nil {
				t.Fatal(err)
			}
			os.Remove(link) // writeRepo made .github/workflows
			if err := os.Symlink(tc.target, link); err != nil {
				t.Skip("symlinks not supported:", err)
			}
			arg, errFile := root, tc.errFile
			if tc.bare {
				arg, errFile = link, link
			}
			inv, err := New(Options{}).ScanPaths(context.Background(), []string{arg})
			if err != nil {
				t.Fatal(err)
			}
			if len(inv.Findings) != 0 {
				t.Errorf("read through the link: %s", dump(inv.Findings))
			}
			if len(inv.Errors) != 1 || inv.Complete {
				t.Fatalf("errors = %+v, want one naming %s", inv.Errors, errFile)
			}
			if e := inv.Errors[0]; e.File != errFile || !strings.Contains(e.Message, "outside the checkout") {
				t.Errorf("error = %+v, want %s: a symlink outside the checkout", e, errFile)
			}
			for _, r := range inv.Repos {
				if len(r.Workflows) != 1 && !tc.bare {
					t.Errorf("files read: %v, want the action only", r.Workflows)
				}
			}
		})
	}
	// Links that stay inside the checkout are read as before.
	root := writeRepo(t, map[string][]byte{"ci/release.yml": []byte(goodWorkflow)})
	if err := os.Symlink(filepath.Join("..", "..", "ci", "release.yml"), filepath.Join(root, ".github", "workflows", "release.yml")); err != nil {
		t.Skip("symlinks not supported:", err)
	}
	inv, err := New(Options{}).ScanPaths(context.Background(), []string{root})
	if err != nil {
		t.Fatal(err)
	}
	if len(inv.Errors) != 0 || find(inv.Findings, "j", "secrets.GOOD_PAT") == nil {
		t.Errorf("a link inside the checkout: errors %+v, findings %s", inv.Errors, dump(inv.Findings))
	}
}
