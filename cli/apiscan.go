package cli

import (
	"context"
	"errors"

	"github.com/spf13/cobra"

	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/scanner"
)

// apiOptions are the flags of API scans.
type apiOptions struct{}

func (a *apiOptions) addFlags(cmd *cobra.Command) {}

// scanAPI scans organisations and repositories through the GitHub API.
func scanAPI(ctx context.Context, g *globalOptions, s *sourceOptions, sc *scanner.Scanner) (*inventory.Inventory, error) {
	return nil, &ExitError{Code: ExitUsage, Err: errors.New("API scans are not available yet")}
}
