package cli

import (
	"errors"

	"github.com/spf13/cobra"
)

// newCheckCmd is being written; see the issue tracker.
func newCheckCmd(g *globalOptions) *cobra.Command {
	return &cobra.Command{
		Use:   "check",
		Short: "check (in progress)",
		RunE: func(cmd *cobra.Command, args []string) error {
			return &ExitError{Code: ExitUsage, Err: errors.New("check is not available yet")}
		},
	}
}
