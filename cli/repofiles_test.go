package cli

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"

	"github.com/pat2app/pat2app/check"
	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/scanner"
	"github.com/pat2app/pat2app/source/github/fakegithub"
)

// sameFilesRepo has a workflow whose extension is in capitals and an
// action in a subfolder of .github/workflows, each with a PAT.
var sameFilesRepo = map[string]string{
	".github/workflows/ci.yml":         "on: push\njobs:\n  ci:\n    runs-on: x\n    steps:\n      - run: gh pr list\n        env:\n          GH_TOKEN: ${{ secrets.CI_PAT }}\n",
	".github/workflows/release.YML":    "on: push\njobs:\n  rel:\n    runs-on: x\n    steps:\n      - run: gh release create v1\n        env:\n          GH_TOKEN: ${{ secrets.RELEASE_PAT }}\n",
	".github/workflows/sub/action.yml": "name: push\ndescription: push\ninputs:\n  token:\n    description: t\nruns:\n  using: composite\n  steps:\n    - shell: bash\n      run: git push \"https://x-access-token:${{ inputs.token }}@github.com/acme/other.git\" HEAD\n",
	".github/workflows/sub/notes.yml":  "on: push\njobs:\n  x:\n    runs-on: x\n    steps:\n      - run: echo ${{ secrets.NOT_READ }}\n",
}

// TestLocalOrgAndBaseRefReadTheSameFiles: a local scan, an organisation scan
// and `check --base-ref` read the same files of one repository, so they find
// the same credentials.
func TestLocalOrgAndBaseRefReadTheSameFiles(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	ctx := context.Background()
	want := []string{
		".github/workflows/ci.yml ci secrets.CI_PAT pat",
		".github/workflows/release.YML rel secrets.RELEASE_PAT pat",
		".github/workflows/sub/action.yml (composite) inputs.token unknown",
	}

	// Local scan of a checkout.
	dir := filepath.Join(t.TempDir(), "acme__web")
	for p, content := range sameFilesRepo {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	stdio, out, errb := apiTestIO(nil)
	if code := Main(ctx, []string{"scan", "--format", "json", dir}, stdio); code != ExitOK {
		t.Fatalf("local scan: exit %d: %s", code, errb.String())
	}
	if got := foundIn(t, out.Bytes()); !slices.Equal(got, want) {
		t.Errorf("local scan found %q, want %q", got, want)
	}

	// Organisation scan of the same files.
	srv := fakegithub.New(fakegithub.Config{Token: "test-token", Orgs: []*fakegithub.Org{{Login: "acme",
		Repos: []*fakegithub.Repo{{Name: "web", Files: sameFilesRepo}}}}})
	defer srv.Close()
	stdio, out, errb = apiTestIO(map[string]string{"GH_TOKEN": "test-token"})
	if code := Main(ctx, []string{"scan", "--org", "acme", "--format", "json", "--api-url", srv.URL,
		"--cache-dir", "off", "--no-secrets", "--quiet"}, stdio); code != ExitOK {
		t.Fatalf("organisation scan: exit %d: %s", code, errb.String())
	}
	if got := foundIn(t, out.Bytes()); !slices.Equal(got, want) {
		t.Errorf("organisation scan found %q, want %q", got, want)
	}

	// The base side of `check --base-ref`: the files at a git ref.
	for _, args := range [][]string{{"init", "-q", "-b", "main"}, {"add", "-A"}, {"commit", "-q", "-m", "x"}} {
		cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
		cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_SYSTEM=/dev/null",
			"GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com")
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, b)
		}
	}
	rf, errs, err := check.ReadRef(ctx, dir, "main", "acme/web", 0)
	if err != nil || len(errs) != 0 {
		t.Fatalf("ReadRef: %v %+v", err, errs)
	}
	found, errs := scanner.New(scanner.Options{}).ScanRepo(ctx, rf)
	if len(errs) != 0 {
		t.Fatalf("scan at the ref: %+v", errs)
	}
	if got := describe(found); !slices.Equal(got, want) {
		t.Errorf("check --base-ref found %q, want %q", got, want)
	}
}

// foundIn describes the findings of an inventory JSON.
func foundIn(t *testing.T, data []byte) []string {
	t.Helper()
	var inv inventory.Inventory
	if err := json.Unmarshal(data, &inv); err != nil {
		t.Fatalf("%v: %s", err, data)
	}
	return describe(inv.Findings)
}

// describe is each finding's file, job, credential and kind, sorted.
func describe(fs []inventory.Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.File+" "+f.Job+" "+f.Credential+" "+string(f.Kind))
	}
	slices.Sort(out)
	return out
}
