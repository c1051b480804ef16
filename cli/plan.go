package cli

import (
	"errors"

	"github.com/spf13/cobra"
)

// newPlanCmd is being written; see the issue tracker.
func newPlanCmd(g *globalOptions) *cobra.Command {
	return &cobra.Command{
		Use:   "plan",
		Short: "plan (in progress)",
		RunE: func(cmd *cobra.Command, args []string) error {
			return &ExitError{Code: ExitUsage, Err: errors.New("plan is not available yet")}
		},
	}
}
