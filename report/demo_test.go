package report

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/pat2app/pat2app/config"
	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/planner"
	"github.com/pat2app/pat2app/scanner"
)

// demoOrg scans and plans testdata/demo-org with its configuration.
func demoOrg(tb testing.TB) (*config.Config, *inventory.Inventory, *planner.Plan) {
	tb.Helper()
	const demo = "../testdata/demo-org"
	if _, err := os.Stat(demo); err != nil {
		tb.Skipf("demo organisation not present (%v)", err)
	}
	return scanAndPlan(tb, demo)
}

// scanAndPlan scans dir (with its .pat2app.yaml when it has one) and plans
// it.
func scanAndPlan(tb testing.TB, dir string) (*config.Config, *inventory.Inventory, *planner.Plan) {
	tb.Helper()
	cfg, err := config.Load(filepath.Join(dir, config.FileName), true)
	if err != nil {
		tb.Fatal(err)
	}
	inv, err := scanner.New(scanner.Options{Config: cfg}).ScanPaths(context.Background(), []string{dir})
	if err != nil {
		tb.Fatal(err)
	}
	p, err := planner.Build(context.Background(), inv, planner.Options{Config: cfg})
	if err != nil {
		tb.Fatal(err)
	}
	return cfg, inv, p
}
