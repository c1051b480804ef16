package cli

import (
	"errors"

	"github.com/spf13/cobra"
)

// newFixCmd is being written; see the issue tracker.
func newFixCmd(g *globalOptions) *cobra.Command {
	return &cobra.Command{
		Use:   "fix",
		Short: "fix (in progress)",
		RunE: func(cmd *cobra.Command, args []string) error {
			return &ExitError{Code: ExitUsage, Err: errors.New("fix is not available yet")}
		},
	}
}
