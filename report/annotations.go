package report

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/pat2app/pat2app/planner"
)

// emptyAnnotation reports an annotation that carries nothing beyond the
// defaults.
func emptyAnnotation(a planner.Annotation) bool {
	return a.Owner == "" && !a.BusinessCritical && (a.Status == "" || a.Status == planner.StatusTodo) && a.Notes == ""
}

// ReadAnnotations reads Owner, Business critical, Status and Notes back from
// an edited permissions workbook, for planner.Options.Annotations. Rows are matched by the Inventory sheet's
// Fingerprint column, found by its header like the other columns, so the
// team may sort, filter, move or insert columns and rows. Rows that carry
// nothing (no owner, not business critical, status todo or empty, no notes)
// are left out. A status or business-critical value outside the drop-downs,
// or two rows with the same fingerprint and different values, is an error
// naming the cell. A workbook beyond a spreadsheet's sizes (see
// readWorkbookLimited: file, unzipped parts, compression ratio, cell, row
// and row count) is refused before it is parsed.
func ReadAnnotations(r io.Reader) (ann map[string]planner.Annotation, err error) {
	defer func() {
		// excelize is not hardened against every malformed file; a panic on
		// untrusted input becomes an error.
		if p := recover(); p != nil {
			ann, err = nil, fmt.Errorf("read annotations: malformed workbook: %v", p)
		}
	}()
	data, err := readWorkbookLimited(r)
	if err != nil {
		return nil, fmt.Errorf("read annotations: %w", err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: maxAnnotationBytes})
	if err != nil {
		return nil, fmt.Errorf("read annotations: open workbook: %w", err)
	}
	defer f.Close()
	rows, err := f.Rows(SheetInventory)
	if err != nil {
		return nil, fmt.Errorf("read annotations: sheet %s: %w", SheetInventory, err)
	}
	defer rows.Close()
	idx := map[string]int{}
	ann = map[string]planner.Annotation{}
	rowNum := 0
	for rows.Next() {
		rowNum++
		cols, err := rows.Columns()
		if err != nil {
			return nil, fmt.Errorf("read annotations: %s row %d: %w", SheetInventory, rowNum, err)
		}
		if rowNum == 1 {
			for i, h := range cols {
				idx[strings.ToLower(strings.TrimSpace(h))] = i
			}
			if _, ok := idx[strings.ToLower(HeaderFingerprint)]; !ok {
				return nil, fmt.Errorf("read annotations: sheet %s has no %q column: not a pat2app workbook", SheetInventory, HeaderFingerprint)
			}
			continue
		}
		get := func(h string) (string, string) {
			i, ok := idx[strings.ToLower(h)]
			if !ok || i >= len(cols) {
				return "", ""
			}
			ref, _ := excelize.CoordinatesToCellName(i+1, rowNum)
			return strings.TrimSpace(cols[i]), ref
		}
		fp, _ := get(HeaderFingerprint)
		if fp == "" {
			continue
		}
		a := planner.Annotation{Fingerprint: fp, Row: rowNum}
		a.Owner, _ = get(HeaderOwner)
		a.Notes, _ = get(HeaderNotes)
		bc, bcRef := get(HeaderBusinessCritical)
		if a.BusinessCritical, err = parseYesNo(bc); err != nil {
			return nil, fmt.Errorf("read annotations: %s!%s: %w", SheetInventory, bcRef, err)
		}
		st, stRef := get(HeaderStatus)
		if a.Status, err = parseStatus(st); err != nil {
			return nil, fmt.Errorf("read annotations: %s!%s: %w", SheetInventory, stRef, err)
		}
		if emptyAnnotation(a) {
			continue
		}
		if prev, ok := ann[fp]; ok {
			if !sameAnnotation(prev, a) {
				return nil, fmt.Errorf("read annotations: %s rows %d and %d have the same fingerprint %q and different values; keep one",
					SheetInventory, prev.Row, rowNum, fp)
			}
			continue
		}
		ann[fp] = a
	}
	if err := rows.Error(); err != nil {
		return nil, fmt.Errorf("read annotations: %s: %w", SheetInventory, err)
	}
	if len(idx) == 0 {
		return nil, fmt.Errorf("read annotations: sheet %s is empty: not a pat2app workbook", SheetInventory)
	}
	return ann, nil
}

func sameAnnotation(a, b planner.Annotation) bool {
	a.Row, b.Row = 0, 0
	return a == b
}

func parseYesNo(s string) (bool, error) {
	switch strings.ToLower(s) {
	case "", "no", "n", "false", "0", "-":
		return false, nil
	case "yes", "y", "true", "1", "x":
		return true, nil
	}
	return false, fmt.Errorf("business critical %q: want yes or no", s)
}

func parseStatus(s string) (string, error) {
	l := strings.ToLower(s)
	if l == "" {
		return "", nil
	}
	for _, v := range planner.JobStatuses {
		if l == v {
			return v, nil
		}
	}
	return "", fmt.Errorf("status %q: want one of %s", s, strings.Join(planner.JobStatuses, ", "))
}
