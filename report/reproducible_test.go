package report

import (
	"bytes"
	"io"
	"testing"

	"github.com/pat2app/pat2app/planner"
)

// Every writer gives the same bytes for the same input, run after run:
// the workbook (style ids, part order), the Markdown plan, SARIF, the
// JSON outputs and the table. Map order changes from one iteration to
// the next, so several runs in one process show what several processes
// would.
func TestOutputsAreReproducible(t *testing.T) {
	_, inv, p := demoOrg(t)
	writers := map[string]func(io.Writer) error{
		"workbook":       func(w io.Writer) error { return WriteWorkbook(w, p, inv, WorkbookOptions{}) },
		"markdown":       func(w io.Writer) error { return WriteMarkdown(w, p) },
		"sarif":          func(w io.Writer) error { return WriteInventorySARIF(w, inv, p) },
		"inventory JSON": func(w io.Writer) error { return WriteInventoryJSON(w, inv) },
		"plan JSON":      func(w io.Writer) error { return planner.WriteJSON(w, p) },
		"table":          func(w io.Writer) error { return WriteTable(w, inv, TableOptions{}) },
	}
	for name, write := range writers {
		var first []byte
		for run := 0; run < 6; run++ {
			var buf bytes.Buffer
			if err := write(&buf); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if run == 0 {
				first = buf.Bytes()
				continue
			}
			if !bytes.Equal(buf.Bytes(), first) {
				t.Errorf("%s: run %d gave other bytes than run 0 (%d and %d bytes)", name, run, buf.Len(), len(first))
				break
			}
		}
	}
}
