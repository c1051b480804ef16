package report

import (
	"fmt"
	"io"
	"net/url"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/planner"
	"github.com/pat2app/pat2app/redact"
)

// Sheet names of the permissions workbook.
const (
	SheetSummary     = "Summary"
	SheetInventory   = "Inventory"
	SheetPermissions = "Permissions"
	SheetApps        = "Apps"
	SheetSecrets     = "Secrets"
	SheetRollout     = "Rollout"
	SheetEvidence    = "Evidence"
)

// Header texts of the Inventory sheet's editable columns, which
// ReadAnnotations finds by name (not position), and of the fingerprint.
const (
	HeaderOwner            = "Owner"
	HeaderBusinessCritical = "Business critical"
	HeaderStatus           = "Status"
	HeaderNotes            = "Notes"
	HeaderFingerprint      = "Fingerprint"
)

// taskStatuses are the Rollout sheet's Status drop-down values.
var taskStatuses = []string{"todo", "in progress", "done", "skipped"}

// WorkbookOptions tune the permissions workbook.
type WorkbookOptions struct {
	// Ref is the branch or commit links point at; default: the repository's
	// default branch from the inventory, else "HEAD".
	Ref string
	// BaseURL is the web address of GitHub (https://github.com, or a GitHub
	// Enterprise Server), used for repositories the inventory has no URL for.
	BaseURL string
	// Annotations carried over from an edited workbook, by fingerprint; they
	// fill the editable columns where the plan's jobs carry none.
	Annotations map[string]planner.Annotation
}

// column is one column of a sheet.
type column struct {
	header string
	width  float64
	// style of the body cells: "" (plain), "wrap", "edit", "grey", "num".
	style string
}

// workbook holds what every sheet writer needs.
type workbook struct {
	f        *excelize.File
	plan     *planner.Plan
	inv      *inventory.Inventory
	opts     WorkbookOptions
	findings []inventory.Finding
	jobs     map[string]*planner.Job
	repos    map[string]inventory.RepoSummary
	styles   map[string]int
	// capped names the sheets whose links were capped.
	capped []string
	// links are each sheet's hyperlinks, added when the package is saved.
	links map[string][]linkRef
	// linkCap is the most links one sheet gets.
	linkCap int
}

// WriteWorkbook writes the permissions workbook (xlsx): Summary, Inventory
// (with editable Owner / Business critical / Status / Notes columns and a
// Fingerprint column), Permissions, Apps, Secrets, Rollout and Evidence.
// Either plan or inv may be nil, not both. The Inventory and Evidence sheets
// are streamed, so memory stays bounded for large organisations. Text from
// repositories is always written as text, never as a formula.
func WriteWorkbook(w io.Writer, plan *planner.Plan, inv *inventory.Inventory, opts WorkbookOptions) error {
	return writeWorkbook(w, plan, inv, opts, maxLinksPerSheet)
}

// writeWorkbook is WriteWorkbook with the per-sheet link cap as a parameter
// (tests lower it).
func writeWorkbook(w io.Writer, plan *planner.Plan, inv *inventory.Inventory, opts WorkbookOptions, linkCap int) error {
	if plan == nil && inv == nil {
		return fmt.Errorf("write workbook: neither a plan nor an inventory")
	}
	if plan == nil {
		plan = &planner.Plan{SchemaVersion: planner.SchemaVersion, Complete: inv.Complete}
	}
	if opts.BaseURL == "" {
		opts.BaseURL = "https://github.com"
	}
	b := &workbook{
		f:        excelize.NewFile(),
		plan:     plan,
		inv:      inv,
		opts:     opts,
		findings: reportFindings(inv, plan),
		jobs:     planJobsByFingerprint(plan),
		repos:    map[string]inventory.RepoSummary{},
		links:    map[string][]linkRef{},
		linkCap:  linkCap,
	}
	defer b.f.Close()
	if inv != nil {
		for _, r := range inv.Repos {
			b.repos[r.Name] = r
		}
	}
	if err := b.makeStyles(); err != nil {
		return fmt.Errorf("write workbook: styles: %w", err)
	}
	// Sheets are created first so they appear in this order; each is then
	// streamed in turn. Summary is written last because it reports which
	// sheets had their links capped.
	names := []string{SheetSummary, SheetInventory, SheetPermissions, SheetApps, SheetSecrets, SheetRollout, SheetEvidence}
	if err := b.f.SetSheetName("Sheet1", SheetSummary); err != nil {
		return fmt.Errorf("write workbook: %w", err)
	}
	for _, n := range names[1:] {
		if _, err := b.f.NewSheet(n); err != nil {
			return fmt.Errorf("write workbook: sheet %s: %w", n, err)
		}
	}
	writers := []struct {
		name string
		fn   func() error
	}{
		{SheetInventory, b.writeInventory},
		{SheetPermissions, b.writePermissions},
		{SheetApps, b.writeApps},
		{SheetSecrets, b.writeSecrets},
		{SheetRollout, b.writeRollout},
		{SheetEvidence, b.writeEvidence},
		{SheetSummary, b.writeSummary},
	}
	for _, s := range writers {
		if err := s.fn(); err != nil {
			return fmt.Errorf("write workbook: sheet %s: %w", s.name, err)
		}
	}
	// Summary (the renamed Sheet1) is already the active sheet. Calling
	// SetActiveSheet would make excelize parse every streamed sheet back
	// into memory, undoing the streaming.
	links, err := linksByPart(sheetPartPaths(b.f), b.links)
	if err != nil {
		return fmt.Errorf("write workbook: %w", err)
	}
	b.f.SetZipWriter(func(w io.Writer) excelize.ZipWriter { return newLinkZip(w, links) })
	if _, err := b.f.WriteTo(w); err != nil {
		return fmt.Errorf("write workbook: %w", err)
	}
	return nil
}

func (b *workbook) makeStyles() error {
	border := []excelize.Border{{Type: "bottom", Color: "9BA7B4", Style: 1}}
	defs := map[string]*excelize.Style{
		"header": {
			Font:      &excelize.Font{Bold: true, Color: "FFFFFF"},
			Fill:      excelize.Fill{Type: "pattern", Color: []string{"1F4E78"}, Pattern: 1},
			Alignment: &excelize.Alignment{Vertical: "center", WrapText: true},
			Border:    border,
		},
		"headerEdit": {
			Font:      &excelize.Font{Bold: true, Color: "1F2937"},
			Fill:      excelize.Fill{Type: "pattern", Color: []string{"FFE699"}, Pattern: 1},
			Alignment: &excelize.Alignment{Vertical: "center", WrapText: true},
			Border:    border,
		},
		"headerRotated": {
			Font:      &excelize.Font{Bold: true, Color: "FFFFFF"},
			Fill:      excelize.Fill{Type: "pattern", Color: []string{"1F4E78"}, Pattern: 1},
			Alignment: &excelize.Alignment{TextRotation: 90, Horizontal: "center", Vertical: "bottom"},
			Border:    border,
		},
		"wrap":    {Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}},
		"plain":   {Alignment: &excelize.Alignment{Vertical: "top"}},
		"num":     {Alignment: &excelize.Alignment{Vertical: "top", Horizontal: "right"}},
		"edit":    {Fill: excelize.Fill{Type: "pattern", Color: []string{"FFF7D6"}, Pattern: 1}, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}},
		"grey":    {Font: &excelize.Font{Color: "808080", Size: 9}, Alignment: &excelize.Alignment{Vertical: "top"}},
		"link":    {Font: &excelize.Font{Color: "0563C1", Underline: "single"}, Alignment: &excelize.Alignment{Vertical: "top"}},
		"bold":    {Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{Vertical: "top"}},
		"read":    {Fill: excelize.Fill{Type: "pattern", Color: []string{"C6EFCE"}, Pattern: 1}, Font: &excelize.Font{Color: "006100", Bold: true}, Alignment: &excelize.Alignment{Horizontal: "center"}},
		"write":   {Fill: excelize.Fill{Type: "pattern", Color: []string{"FFC7CE"}, Pattern: 1}, Font: &excelize.Font{Color: "9C0006", Bold: true}, Alignment: &excelize.Alignment{Horizontal: "center"}},
		"admin":   {Fill: excelize.Fill{Type: "pattern", Color: []string{"C00000"}, Pattern: 1}, Font: &excelize.Font{Color: "FFFFFF", Bold: true}, Alignment: &excelize.Alignment{Horizontal: "center"}},
		"riskRed": {Fill: excelize.Fill{Type: "pattern", Color: []string{"FFC7CE"}, Pattern: 1}, Font: &excelize.Font{Color: "9C0006", Bold: true}, Alignment: &excelize.Alignment{Vertical: "top"}},
	}
	b.styles = map[string]int{}
	// In name order: style ids are numbered as they are made, and the same
	// input must give the same bytes.
	names := make([]string, 0, len(defs))
	for name := range defs {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		id, err := b.f.NewStyle(defs[name])
		if err != nil {
			return fmt.Errorf("style %s: %w", name, err)
		}
		b.styles[name] = id
	}
	return nil
}

// sheet streams one worksheet: header, rows, links, then the autofilter and
// drop-downs when finished.
type sheet struct {
	b     *workbook
	name  string
	sw    *excelize.StreamWriter
	cols  []column
	row   int
	links int
	// vals and cells are reused from row to row (SetRow keeps neither).
	vals  []any
	cells []excelize.Cell
}

func (b *workbook) newSheet(name string, cols []column, headerStyles ...string) (*sheet, error) {
	return b.newSheetHeight(name, cols, 30, headerStyles...)
}

// newSheetHeight is newSheet with the header row's height in points.
func (b *workbook) newSheetHeight(name string, cols []column, height float64, headerStyles ...string) (*sheet, error) {
	// Printed (or exported to PDF) landscape, one page wide, header row
	// repeated on every page. Sheet properties must precede the stream.
	fit, landscape, wide, tall := true, "landscape", 1, 0
	if err := b.f.SetSheetProps(name, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return nil, err
	}
	if err := b.f.SetPageLayout(name, &excelize.PageLayoutOptions{Orientation: &landscape, FitToWidth: &wide, FitToHeight: &tall}); err != nil {
		return nil, err
	}
	if err := b.f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: fmt.Sprintf("'%s'!$1:$1", name), Scope: name}); err != nil {
		return nil, err
	}
	sw, err := b.f.NewStreamWriter(name)
	if err != nil {
		return nil, err
	}
	s := &sheet{b: b, name: name, sw: sw, cols: cols}
	for i, c := range cols {
		w := c.width
		if w == 0 {
			w = 14
		}
		if err := sw.SetColWidth(i+1, i+1, w); err != nil {
			return nil, err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}}}); err != nil {
		return nil, err
	}
	header := make([]any, len(cols))
	for i, c := range cols {
		st := b.styles["header"]
		if i < len(headerStyles) && headerStyles[i] != "" {
			st = b.styles[headerStyles[i]]
		} else if c.style == "edit" {
			st = b.styles["headerEdit"]
		}
		header[i] = excelize.Cell{StyleID: st, Value: c.header}
	}
	s.row = 1
	if err := sw.SetRow("A1", header, excelize.RowOpts{Height: height}); err != nil {
		return nil, err
	}
	return s, nil
}

// cell is one body value: text from anywhere is written as a string, ints
// as numbers; link, when set, makes the cell a hyperlink.
type cell struct {
	v     any
	link  string
	style string
}

// txt is a text cell from repository content: control characters removed,
// always a string (never a formula).
func txt(s string) cell { return cell{v: cellText(s)} }

// add writes the next row.
func (s *sheet) add(cells ...cell) error {
	s.row++
	if cap(s.cells) < len(cells) {
		s.cells = make([]excelize.Cell, len(cells))
		s.vals = make([]any, len(cells))
	}
	vals := s.vals[:len(cells)]
	for i, c := range cells {
		style := c.style
		if style == "" && i < len(s.cols) {
			style = s.cols[i].style
		}
		if c.link != "" && s.links < s.b.linkCap {
			ref, err := excelize.CoordinatesToCellName(i+1, s.row)
			if err != nil {
				return err
			}
			s.b.links[s.name] = append(s.b.links[s.name], linkRef{ref: ref, target: redact.String(c.link)})
			s.links++
			style = "link"
		} else if c.link != "" && s.links == s.b.linkCap {
			s.links++ // counted once past the cap, to report it
			s.b.capped = append(s.b.capped, s.name)
		}
		if style == "" {
			style = "plain"
		}
		var v any // nil: an empty cell that still carries its style
		switch x := c.v.(type) {
		case nil:
		case string:
			// The one place every text of the workbook passes through.
			if x != "" {
				v = fitCell(redact.String(x))
			}
		case int:
			v = x
		default:
			v = fmt.Sprint(x)
		}
		s.cells[i] = excelize.Cell{StyleID: s.b.styles[style], Value: v}
		vals[i] = &s.cells[i]
	}
	ref, err := excelize.CoordinatesToCellName(1, s.row)
	if err != nil {
		return err
	}
	return s.sw.SetRow(ref, vals)
}

// dropDown is a list validation on one column of the body.
type dropDown struct {
	col    int // 1-based
	values []string
	prompt string
}

// statusFills colours status values (any drop-down's) so progress shows at
// a glance: done green, in progress yellow, kept on purpose grey.
var statusFills = map[string]string{
	planner.StatusMigrated: "C6EFCE", "done": "C6EFCE",
	planner.StatusMigrating: "FFEB9C", "in progress": "FFEB9C",
	planner.StatusKept: "D9D9D9", "skipped": "D9D9D9",
}

// colorStatus adds conditional fills to a status column (1-based), for the
// rows written and those the team may add.
func (s *sheet) colorStatus(col int, values []string) error {
	name, err := excelize.ColumnNumberToName(col)
	if err != nil {
		return err
	}
	var opts []excelize.ConditionalFormatOptions
	for _, v := range values {
		fill, ok := statusFills[v]
		if !ok {
			continue
		}
		id, err := s.b.f.NewConditionalStyle(&excelize.Style{Fill: excelize.Fill{Type: "pattern", Color: []string{fill}, Pattern: 1}})
		if err != nil {
			return err
		}
		opts = append(opts, excelize.ConditionalFormatOptions{Type: "cell", Criteria: "==", Value: `"` + v + `"`, Format: &id})
	}
	if len(opts) == 0 {
		return nil
	}
	return s.b.f.SetConditionalFormat(s.name, fmt.Sprintf("%s2:%s%d", name, name, max(s.row, 2)+500), opts)
}

// finish adds the autofilter and drop-downs and flushes the stream.
func (s *sheet) finish(drops ...dropDown) error {
	last := s.row
	if last < 2 {
		last = 2
	}
	lastCol, err := excelize.ColumnNumberToName(len(s.cols))
	if err != nil {
		return err
	}
	if err := s.b.f.AutoFilter(s.name, fmt.Sprintf("A1:%s%d", lastCol, last), nil); err != nil {
		return fmt.Errorf("autofilter: %w", err)
	}
	for _, d := range drops {
		col, err := excelize.ColumnNumberToName(d.col)
		if err != nil {
			return err
		}
		// Cover rows beyond the data too, so rows the team adds get the list.
		end := last + 500
		dv := excelize.NewDataValidation(true)
		dv.SetSqref(fmt.Sprintf("%s2:%s%d", col, col, end))
		if err := dv.SetDropList(d.values); err != nil {
			return err
		}
		dv.SetError(excelize.DataValidationErrorStyleStop, "Not in the list", "Choose one of: "+strings.Join(d.values, ", "))
		if d.prompt != "" {
			dv.SetInput(s.cols[d.col-1].header, d.prompt)
		}
		if err := s.b.f.AddDataValidation(s.name, dv); err != nil {
			return fmt.Errorf("validation %s: %w", col, err)
		}
	}
	return s.sw.Flush()
}

// ---- links and labels ----

var ownerRepo = regexp.MustCompile(`^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$`)

// fileURL is the link to file:line of a repository: on the web when the
// repository's address is known, a relative path for a local scan without a
// remote (inventory.RepoSummary.URL empty).
func (b *workbook) fileURL(repo, file string, line int) string {
	if file == "" {
		return ""
	}
	rs, known := b.repos[repo]
	base := ""
	switch {
	case known && rs.URL != "":
		base = strings.TrimSuffix(rs.URL, "/")
	case !known && len(b.repos) == 0 && ownerRepo.MatchString(repo):
		base = strings.TrimSuffix(b.opts.BaseURL, "/") + "/" + repo
	}
	if base == "" || !strings.HasPrefix(base, "https://") && !strings.HasPrefix(base, "http://") {
		if filepath.IsAbs(file) {
			u := url.URL{Scheme: "file", Path: filepath.ToSlash(file)}
			return u.String()
		}
		return escapePath(path.Clean(filepath.ToSlash(file)))
	}
	ref := b.opts.Ref
	if ref == "" {
		ref = rs.DefaultBranch
	}
	if ref == "" {
		ref = "HEAD"
	}
	u := base + "/blob/" + escapePath(ref) + "/" + strings.TrimPrefix(escapePath(path.Clean(filepath.ToSlash(file))), "./")
	if line > 0 {
		u += fmt.Sprintf("#L%d", line)
	}
	return u
}

// location is a "file:line" cell linked to the file on GitHub.
func (b *workbook) location(repo, file string, line int) cell {
	text := file
	if line > 0 {
		text = fmt.Sprintf("%s:%d", file, line)
	}
	return cell{v: cellText(text), link: b.fileURL(repo, file, line)}
}

// evidenceLocation is where evidence shows: its own file (a called
// reusable workflow, a local action) when it names one, else the
// finding's, at the evidence's line.
func (b *workbook) evidenceLocation(repo, file string, e inventory.Evidence) cell {
	if e.File != "" {
		file = e.File
		if e.Repo != "" {
			repo = e.Repo
		}
	}
	return b.location(repo, file, e.Line)
}

// jobLabel names a plan job for lists: "owner/repo .github/workflows/x.yml / job".
func (b *workbook) jobLabel(fp string) string {
	j, ok := b.jobs[fp]
	if !ok {
		return fp
	}
	s := j.File + " / " + j.Job
	if j.Repo != "" {
		s = j.Repo + " " + s
	}
	return cellText(s)
}

func firstLine(lines []int) int {
	if len(lines) > 0 {
		return lines[0]
	}
	return 0
}

// cellText prepares repository text for a cell: control characters and
// bidi overrides removed (newlines and tabs become spaces). The result is
// always written as a string cell, and add redacts and fits it.
func cellText(s string) string {
	return SanitizeTerminal(s)
}

// lines joins values one per line for a wrapped cell.
func lines(vals []string) string {
	out := make([]string, len(vals))
	for i, v := range vals {
		out[i] = cellText(v)
	}
	return strings.Join(out, "\n")
}
