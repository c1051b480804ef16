package report

import (
	"errors"
	"io"

	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/planner"
)

// WriteInventorySARIF writes SARIF 2.1.0 for an inventory, with the plan's
// recommendations when plan is not nil.
func WriteInventorySARIF(w io.Writer, inv *inventory.Inventory, plan *planner.Plan) error {
	return errors.New("sarif output is not available yet")
}
