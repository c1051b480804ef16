package scanner

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pat2app/pat2app/inventory"
)

// TestActionOfAnotherScannedCheckout: in a folder of checkouts, an action
// one repository uses from another (OWNER/REPO/PATH@REF) is read from that
// checkout, not left "not read (offline)"; one of a repository the scan
// does not hold still is.
func TestActionOfAnotherScannedCheckout(t *testing.T) {
	root := t.TempDir()
	write := func(p, data string) {
		t.Helper()
		p = filepath.Join(root, p)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("acme__shared/actions/notify/action.yml", "name: notify\ninputs:\n  token:\n    required: true\nruns:\n  using: composite\n  steps:\n    - shell: bash\n      env:\n        GH_TOKEN: ${{ inputs.token }}\n      run: gh issue comment 1 --body hi\n")
	write("acme__shared/.github/workflows/ci.yml", "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n")
	write("acme__app/.github/workflows/notify.yml", "on: issues\njobs:\n  notify:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: acme/shared/actions/notify@main\n        with:\n          token: ${{ secrets.NOTIFY_PAT }}\n      - uses: other/tools/notify@v1\n        with:\n          token: ${{ secrets.OTHER_PAT }}\n")
	inv, err := New(Options{}).ScanPaths(context.Background(), []string{root})
	if err != nil {
		t.Fatal(err)
	}
	byCred := map[string]inventory.Finding{}
	for _, f := range inv.Findings {
		byCred[f.Credential] = f
	}
	f := byCred["secrets.NOTIFY_PAT"]
	if len(f.Operations) != 1 || f.Operations[0].Name != "gh issue comment" || !strings.HasPrefix(f.Operations[0].Evidence.Repo, "acme/shared@main") || len(f.Unresolved) != 0 {
		t.Errorf("the shared action's use: operations %+v, unresolved %+v", f.Operations, f.Unresolved)
	}
	o := byCred["secrets.OTHER_PAT"]
	if len(o.Unresolved) == 0 || !strings.Contains(o.Unresolved[0].Reason, inventory.NotReadOffline) {
		t.Errorf("an action of a repository the scan does not hold: unresolved %+v", o.Unresolved)
	}
}
