package report

import (
	"bytes"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/pat2app/pat2app/planner"
)

// Annotation is what a team recorded about one finding in the workbook's
// Inventory sheet.
type Annotation struct {
	Fingerprint      string
	Owner            string
	BusinessCritical bool
	// Status is one of JobStatuses.
	Status string
	Notes  string
	// Row is the Inventory row it was read from (for messages), 0 if unknown.
	Row int
}

// empty reports an annotation that carries nothing beyond the defaults.
func (a Annotation) empty() bool {
	return a.Owner == "" && !a.BusinessCritical && (a.Status == "" || a.Status == StatusTodo) && a.Notes == ""
}

// ReadAnnotations reads Owner, Business critical, Status and Notes back from
// an edited permissions workbook. Rows are matched by the Inventory sheet's
// Fingerprint column, found by its header like the other columns, so the
// team may sort, filter, move or insert columns and rows. Rows that carry
// nothing (no owner, not business critical, status todo or empty, no notes)
// are left out. A status or business-critical value outside the drop-downs,
// or two rows with the same fingerprint and different values, is an error
// naming the cell. A workbook beyond a spreadsheet's sizes (see
// readWorkbookLimited: file, unzipped parts, compression ratio, cell, row
// and row count) is refused before it is parsed.
func ReadAnnotations(r io.Reader) (ann map[string]Annotation, err error) {
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
	ann = map[string]Annotation{}
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
		a := Annotation{Fingerprint: fp, Row: rowNum}
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
		if a.empty() {
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

func sameAnnotation(a, b Annotation) bool {
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
	for _, v := range JobStatuses {
		if l == v {
			return v, nil
		}
	}
	return "", fmt.Errorf("status %q: want one of %s", s, strings.Join(JobStatuses, ", "))
}

// ApplyAnnotations carries annotations into a plan: each job whose
// fingerprint has one gets its Owner, BusinessCritical, Status and Notes.
// It then orders the migration: within each slice, business-critical jobs
// first and migrated or kept jobs last; slices holding a business-critical
// job still to migrate come first (stable otherwise). It returns the
// annotations whose finding is no longer in the plan, sorted by fingerprint,
// so the caller can report them rather than drop them silently.
func ApplyAnnotations(plan *planner.Plan, ann map[string]Annotation) (orphans []Annotation) {
	if plan == nil {
		for _, a := range ann {
			orphans = append(orphans, a)
		}
		sortAnnotations(orphans)
		return orphans
	}
	matched := map[string]bool{}
	for i := range plan.Jobs {
		j := &plan.Jobs[i]
		a, ok := ann[j.Fingerprint]
		if !ok {
			continue
		}
		matched[j.Fingerprint] = true
		j.Owner = a.Owner
		j.BusinessCritical = a.BusinessCritical
		j.Status = a.Status
		j.Notes = a.Notes
	}
	for fp, a := range ann {
		if !matched[fp] {
			if a.Fingerprint == "" {
				a.Fingerprint = fp
			}
			orphans = append(orphans, a)
		}
	}
	sortAnnotations(orphans)
	OrderRollout(plan)
	return orphans
}

func sortAnnotations(as []Annotation) {
	sort.Slice(as, func(i, k int) bool { return as[i].Fingerprint < as[k].Fingerprint })
}

// rank orders jobs for migration: business critical (0), others (1), done
// or deliberately kept (2).
func rank(j *planner.Job) int {
	switch {
	case j == nil:
		return 1
	case j.Status == StatusMigrated || j.Status == StatusKept:
		return 2
	case j.BusinessCritical:
		return 0
	}
	return 1
}

// OrderRollout orders the plan's slices and their jobs by the jobs'
// annotations (see ApplyAnnotations). The planner's day-by-day Rollout text
// is not rewritten; a planner that builds it from Slices should call this
// (or ApplyAnnotations) first.
func OrderRollout(plan *planner.Plan) {
	jobs := planJobsByFingerprint(plan)
	sliceRank := make([]int, len(plan.Slices))
	for i := range plan.Slices {
		sl := &plan.Slices[i]
		sort.SliceStable(sl.Jobs, func(a, b int) bool { return rank(jobs[sl.Jobs[a]]) < rank(jobs[sl.Jobs[b]]) })
		sliceRank[i] = 1
		for _, fp := range sl.Jobs {
			if rank(jobs[fp]) == 0 {
				sliceRank[i] = 0
				break
			}
		}
	}
	idx := make([]int, len(plan.Slices))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return sliceRank[idx[a]] < sliceRank[idx[b]] })
	ordered := make([]planner.Slice, len(plan.Slices))
	for i, k := range idx {
		ordered[i] = plan.Slices[k]
	}
	copy(plan.Slices, ordered)
}
