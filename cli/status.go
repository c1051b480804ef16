package cli

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/pat2app/pat2app/status"
)

type statusOptions struct {
	rescanOptions
	day    int
	start  string
	format string
}

func newStatusCmd(g *globalOptions) *cobra.Command {
	o := &statusOptions{}
	cmd := &cobra.Command{
		Use:   "status --plan plan.json (--day N | --start YYYY-MM-DD) [PATH...]",
		Short: "Compare a new scan with the plan: where the migration week stands",
		Long: "status scans again (PATH... like scan, --org/--repo through the API, or --inventory FILE) and compares\n" +
			"the result with the plan: per slice and rollout day, which jobs are migrated and which still use the\n" +
			"credential the plan replaces, which PAT secrets are still read anywhere (the day 5 check) and which can be\n" +
			"deleted now. Today is --day N of the rollout, or counted from --start (the date of day 1). It exits 1 when\n" +
			"a job planned for an earlier day is not migrated, 3 when the scan could not read everything the plan covers.",
		Example: "  pat2app status --plan out/plan.json --day 4 .\n" +
			"  pat2app status --plan out/plan.json --start 2026-03-02 --org acme --format json -o status.json",
		RunE: func(cmd *cobra.Command, args []string) error {
			return runStatus(cmd.Context(), g, o, args)
		},
	}
	o.rescanOptions.addFlags(cmd)
	f := cmd.Flags()
	f.IntVar(&o.day, "day", 0, "today's rollout day (1-7; later days count as after the week)")
	f.StringVar(&o.start, "start", "", "the date of day 1 (YYYY-MM-DD, local time): today's day is counted from it")
	f.StringVar(&o.format, "format", "markdown", "markdown (with a Mermaid chart) or json")
	return cmd
}

// today works out the rollout day and the date of day 1.
func (o *statusOptions) today(now time.Time) (int, time.Time, error) {
	y, m, d := now.Date()
	midnight := time.Date(y, m, d, 0, 0, 0, 0, now.Location())
	switch {
	case o.day != 0 && o.start != "":
		return 0, time.Time{}, usageErrorf("give --day or --start, not both")
	case o.day > 0:
		return o.day, midnight.AddDate(0, 0, 1-o.day), nil
	case o.day < 0:
		return 0, time.Time{}, usageErrorf("--day must be 1 or more, not %d", o.day)
	case o.start != "":
		start, err := time.ParseInLocation("2006-01-02", o.start, now.Location())
		if err != nil {
			return 0, time.Time{}, usageErrorf("--start wants YYYY-MM-DD, not %q", o.start)
		}
		day := int(midnight.Sub(start).Hours()/24+0.5) + 1
		if day < 1 {
			return 0, time.Time{}, usageErrorf("the week starts on %s: nothing is due yet", o.start)
		}
		return day, start, nil
	}
	return 0, time.Time{}, usageErrorf("which day of the rollout is it? give --day N, or --start with the date of day 1")
}

func runStatus(ctx context.Context, g *globalOptions, o *statusOptions, paths []string) error {
	switch o.format {
	case "markdown", "json":
	default:
		return usageErrorf("unknown --format %q (want markdown or json)", o.format)
	}
	day, start, err := o.today(g.io.Now())
	if err != nil {
		return err
	}
	plan, inv, err := o.load(ctx, g, paths)
	if err != nil {
		return err
	}
	rep := status.Compare(plan, inv, day, start)
	err = writeOutput(g, o.output, func(w io.Writer, _ bool) error {
		if o.format == "json" {
			return status.WriteJSON(w, rep)
		}
		return status.WriteMarkdown(w, rep)
	})
	if err != nil {
		return err
	}
	if rep.Overdue > 0 {
		fmt.Fprintf(g.io.Err, "pat2app: %s\n", status.Verdict(rep))
		return &ExitError{Code: ExitViolation}
	}
	if err := partialExit(g, inv); err != nil {
		return err
	}
	if rep.NotScanned > 0 {
		fmt.Fprintf(g.io.Err, "pat2app: %s\n", status.Verdict(rep))
		return &ExitError{Code: ExitPartial}
	}
	return nil
}
