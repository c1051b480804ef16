package cli

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/planner"
)

// rescanOptions are the flags of the commands that compare a new scan with
// the plan (status, offboard): the plan, what to scan (or an inventory),
// and where the report goes.
type rescanOptions struct {
	source    sourceOptions
	inventory string
	planPath  string
	output    string
}

func (o *rescanOptions) addFlags(cmd *cobra.Command) {
	o.source.addFlags(cmd)
	f := cmd.Flags()
	f.StringVar(&o.planPath, "plan", "", "the plan.json `FILE` that plan wrote (required)")
	f.StringVar(&o.inventory, "inventory", "", "use the inventory JSON `FILE` that scan --format json wrote (from --org for secrets and tokens) instead of scanning")
	f.StringVarP(&o.output, "output", "o", "", "write to FILE instead of standard output")
}

// load reads the plan and scans the sources again (or reads --inventory).
func (o *rescanOptions) load(ctx context.Context, g *globalOptions, paths []string) (*planner.Plan, *inventory.Inventory, error) {
	if o.planPath == "" {
		return nil, nil, usageErrorf("give --plan plan.json")
	}
	plan, err := readPlanFile(o.planPath)
	if err != nil {
		return nil, nil, err
	}
	inv, _, err := (&planOptions{source: o.source, inventory: o.inventory}).load(ctx, g, paths)
	if err != nil {
		return nil, nil, err
	}
	return plan, inv, nil
}
