package main

import (
	"bytes"
	"fmt"
	"go/format"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

// kind is the type of a column's cells.
type kind int

const (
	// text is any text (an empty cell is allowed unless required).
	text kind = iota
	// boolean is "true", "false" or empty (false).
	boolean
	// list is comma-separated words without spaces; empty is none.
	list
	// perms is a permission list, "contents:write,pull_requests:read"
	// (App permission names; package knowledge checks each name).
	perms
	// enum is one of column.values.
	enum
)

// column is one column of a data file.
type column struct {
	name string
	kind kind
	// values are the allowed cells of an enum column.
	values []string
	// field is the Go field the cell is generated into; "" leaves the
	// column out of the generated table (it is for people: notes, sources).
	field string
	// required cells must not be empty.
	required bool
	// lower lower-cases the cell in the generated table.
	lower bool
}

// table is one data file and the Go table generated from it.
type table struct {
	// file is the data file's name, e.g. actions.tsv.
	file string
	// goVar and goType name the generated array and its element type.
	goVar, goType string
	// doc is the generated array's doc comment, without the leading "//".
	doc  string
	cols []column
	// key names the columns whose cells together must be unique; nil
	// allows duplicate rows (the endpoint list copies its source's).
	key []string
	// sorted requires the rows in increasing order of the key (the
	// lookups binary-search them).
	sorted bool
	// sourceConst, when set, is a Go constant generated with the source
	// every row shares (the rows of one downloaded file).
	sourceConst string
}

// goFile is the generated file's name: zz_generated_<file without .tsv>.go
// with dashes as underscores.
func (t *table) goFile() string {
	return "zz_generated_" + strings.ReplaceAll(strings.TrimSuffix(t.file, ".tsv"), "-", "_") + ".go"
}

// row is one data line: its cells by column and its line number.
type row struct {
	line  int
	cells []string
}

var permRE = regexp.MustCompile(`^[a-z_]+:(read|write|admin)$`)

// read parses the table's data file and checks every cell.
func (t *table) read(dataDir string) ([]row, error) {
	p := filepath.Join(dataDir, t.file)
	b, err := os.ReadFile(p)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", p, err)
	}
	return t.parse(p, b)
}

// parse reads data in the format README.md describes: comment lines
// starting with #, one header line naming the columns in order, then one
// row per line, cells separated by tabs.
func (t *table) parse(name string, data []byte) ([]row, error) {
	if !bytes.HasSuffix(data, []byte("\n")) && len(data) > 0 {
		return nil, fmt.Errorf("%s: the last line has no newline", name)
	}
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	var rows []row
	header := false
	seen := map[string]int{}
	prev := ""
	for i, l := range lines {
		n := i + 1
		if strings.HasPrefix(l, "#") || l == "" {
			continue
		}
		cells := strings.Split(l, "\t")
		if !header {
			want := make([]string, len(t.cols))
			for j, c := range t.cols {
				want[j] = c.name
			}
			if strings.Join(cells, "\t") != strings.Join(want, "\t") {
				return nil, fmt.Errorf("%s:%d: header is %q, want %q", name, n, cells, want)
			}
			header = true
			continue
		}
		if len(cells) != len(t.cols) {
			return nil, fmt.Errorf("%s:%d: %d cells, want %d (%s)", name, n, len(cells), len(t.cols), t.colNames())
		}
		for j, c := range t.cols {
			if err := c.check(cells[j]); err != nil {
				return nil, fmt.Errorf("%s:%d: column %s: %w", name, n, c.name, err)
			}
		}
		if t.key != nil {
			k := t.keyOf(cells)
			if first, dup := seen[k]; dup {
				return nil, fmt.Errorf("%s:%d: %s %q is already on line %d", name, n, strings.Join(t.key, "+"), k, first)
			}
			seen[k] = n
			if t.sorted && prev != "" && k < prev {
				return nil, fmt.Errorf("%s:%d: %q comes before %q: keep the rows sorted by %s", name, n, k, prev, strings.Join(t.key, "+"))
			}
			prev = k
		}
		rows = append(rows, row{line: n, cells: cells})
	}
	if !header {
		return nil, fmt.Errorf("%s: no header line", name)
	}
	return rows, nil
}

func (t *table) colNames() string {
	names := make([]string, len(t.cols))
	for i, c := range t.cols {
		names[i] = c.name
	}
	return strings.Join(names, ", ")
}

func (t *table) keyOf(cells []string) string {
	var parts []string
	for _, k := range t.key {
		i := t.index(k)
		v := cells[i]
		if t.cols[i].lower {
			v = strings.ToLower(v)
		}
		parts = append(parts, v)
	}
	return strings.Join(parts, "\t")
}

func (t *table) index(name string) int {
	for i, c := range t.cols {
		if c.name == name {
			return i
		}
	}
	panic("table " + t.file + " has no column " + name)
}

// check validates one cell.
func (c column) check(cell string) error {
	if cell != strings.TrimSpace(cell) {
		return fmt.Errorf("%q has surrounding space", cell)
	}
	if cell == "" {
		if c.required {
			return fmt.Errorf("empty, but every row needs one")
		}
		return nil
	}
	switch c.kind {
	case boolean:
		if cell != "true" && cell != "false" {
			return fmt.Errorf("%q is not true, false or empty", cell)
		}
	case list:
		for _, w := range strings.Split(cell, ",") {
			if w == "" || strings.ContainsAny(w, " \t") {
				return fmt.Errorf("%q is not a comma-separated list of words", cell)
			}
		}
	case perms:
		for _, p := range strings.Split(cell, ",") {
			if !permRE.MatchString(p) {
				return fmt.Errorf("%q: %q is not name:read|write|admin", cell, p)
			}
		}
	case enum:
		for _, v := range c.values {
			if cell == v {
				return nil
			}
		}
		return fmt.Errorf("%q is not one of %s", cell, strings.Join(c.values, ", "))
	}
	return nil
}

// generate reads the table and returns its gofmt-ed Go source.
func (t *table) generate(dataDir string) ([]byte, error) {
	rows, err := t.read(dataDir)
	if err != nil {
		return nil, err
	}
	return t.emit(rows)
}

func (t *table) emit(rows []row) ([]byte, error) {
	var b bytes.Buffer
	fmt.Fprintf(&b, "// Code generated by go run ./knowledge/data from knowledge/data/%s; DO NOT EDIT.\n\npackage knowledge\n\n", t.file)
	if t.sourceConst != "" {
		src := ""
		si := t.index("source")
		for _, r := range rows {
			if src != "" && r.cells[si] != src {
				return nil, fmt.Errorf("%s:%d: source %q differs from the other rows' %q", t.file, r.line, r.cells[si], src)
			}
			src = r.cells[si]
		}
		fmt.Fprintf(&b, "// %s is the source of every row of %s.\nconst %s = %q\n\n", t.sourceConst, t.file, t.sourceConst, src)
	}
	for _, l := range strings.Split(t.doc, "\n") {
		b.WriteString("//" + l + "\n")
	}
	fmt.Fprintf(&b, "var %s = [...]%s{\n", t.goVar, t.goType)
	for _, r := range rows {
		b.WriteString("{")
		first := true
		for j, c := range t.cols {
			v := c.goValue(r.cells[j])
			if c.field == "" || v == "" {
				continue
			}
			if !first {
				b.WriteString(", ")
			}
			first = false
			b.WriteString(c.field + ": " + v)
		}
		b.WriteString("},\n")
	}
	b.WriteString("}\n")
	src, err := format.Source(b.Bytes())
	if err != nil {
		return nil, fmt.Errorf("format %s: %w", t.goFile(), err)
	}
	return src, nil
}

// goValue is the Go literal of a cell, "" for the zero value.
func (c column) goValue(cell string) string {
	if c.lower {
		cell = strings.ToLower(cell)
	}
	switch {
	case cell == "":
		return ""
	case c.kind == boolean:
		if cell == "true" {
			return "true"
		}
		return ""
	case c.kind == list:
		ws := strings.Split(cell, ",")
		q := make([]string, len(ws))
		for i, w := range ws {
			q[i] = strconv.Quote(w)
		}
		return "[]string{" + strings.Join(q, ", ") + "}"
	}
	return strconv.Quote(cell)
}
