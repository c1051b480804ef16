package cli

import (
	"errors"

	"github.com/spf13/cobra"
)

// newBaselineCmd is being written; see the issue tracker.
func newBaselineCmd(g *globalOptions) *cobra.Command {
	return &cobra.Command{
		Use:   "baseline",
		Short: "baseline (in progress)",
		RunE: func(cmd *cobra.Command, args []string) error {
			return &ExitError{Code: ExitUsage, Err: errors.New("baseline is not available yet")}
		},
	}
}
