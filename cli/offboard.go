package cli

import (
	"context"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/pat2app/pat2app/offboard"
)

type offboardOptions struct {
	rescanOptions
	annotations string
	format      string
}

func newOffboardCmd(g *globalOptions) *cobra.Command {
	o := &offboardOptions{}
	cmd := &cobra.Command{
		Use:   "offboard LOGIN --plan plan.json [PATH...]",
		Short: "List what breaks if LOGIN leaves: the jobs and secrets that depend on their tokens",
		Long: "offboard ties the plan's PAT jobs to LOGIN through the Owner column the team filled in (the plan's, or an\n" +
			"edited workbook's with --annotations), and, where no owner is recorded, through LOGIN's fine-grained PATs\n" +
			"and SSO credential authorizations (read by an organisation scan, --org). It scans again (PATH..., --org,\n" +
			"or --inventory FILE) to tell which of those jobs are already migrated, and says what cannot be known. After\n" +
			"a finished migration the answer is that nothing breaks. It exits 1 when something breaks or may break, 3\n" +
			"when jobs not yet migrated have no owner anything tells.",
		Example: "  pat2app offboard alice --plan out/plan.json --annotations permissions.xlsx --org acme\n" +
			"  pat2app offboard alice --plan out/plan.json --inventory inventory.json --format json",
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runOffboard(cmd.Context(), g, o, args[0], args[1:])
		},
	}
	o.rescanOptions.addFlags(cmd)
	f := cmd.Flags()
	f.StringVar(&o.annotations, "annotations", "", "the permissions.xlsx the team edited: its Owner column says whose token each job uses")
	f.StringVar(&o.format, "format", "markdown", "markdown or json")
	return cmd
}

func runOffboard(ctx context.Context, g *globalOptions, o *offboardOptions, login string, paths []string) error {
	switch o.format {
	case "markdown", "json":
	default:
		return usageErrorf("unknown --format %q (want markdown or json)", o.format)
	}
	plan, inv, err := o.load(ctx, g, paths)
	if err != nil {
		return err
	}
	owners := map[string]string{}
	if o.annotations != "" {
		ann, err := readAnnotations(o.annotations)
		if err != nil {
			return err
		}
		for fp, a := range ann {
			owners[fp] = a.Owner
		}
	}
	rep := offboard.Analyse(offboard.Input{Login: login, Plan: plan, Scan: inv, Owners: owners})
	err = writeOutput(g, o.output, func(w io.Writer, _ bool) error {
		if o.format == "json" {
			return offboard.WriteJSON(w, rep)
		}
		return offboard.WriteMarkdown(w, rep)
	})
	if err != nil {
		return err
	}
	switch {
	case len(rep.Breaks) > 0 || len(rep.MayBreak) > 0:
		fmt.Fprintf(g.io.Err, "pat2app: %s\n", rep.Verdict())
		return &ExitError{Code: ExitViolation}
	case len(rep.UnknownOwner) > 0:
		fmt.Fprintf(g.io.Err, "pat2app: %s\n", rep.Verdict())
		return &ExitError{Code: ExitPartial}
	}
	return partialExit(g, inv)
}
