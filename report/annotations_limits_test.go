package report

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"fmt"
	"io"
	"math/rand"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// withPart returns the workbook with one part's text changed by edit (a
// part it lacks is added, edit given "").
func withPart(t testing.TB, xlsx []byte, name string, edit func(string) string) []byte {
	t.Helper()
	return withParts(t, xlsx, map[string]func(string) string{name: edit})
}

// withParts is withPart for several parts.
func withParts(t testing.TB, xlsx []byte, edits map[string]func(string) string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(xlsx), int64(len(xlsx)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	add := func(name string, data []byte) {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(data); err != nil {
			t.Fatal(err)
		}
	}
	done := map[string]bool{}
	for _, f := range zr.File {
		data := partData(t, f)
		if edit, ok := edits[f.Name]; ok {
			data = []byte(edit(string(data)))
			done[f.Name] = true
		}
		add(f.Name, data)
	}
	for name, edit := range edits {
		if !done[name] {
			add(name, []byte(edit("")))
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// partData is a zip part's content.
func partData(t testing.TB, f *zip.File) []byte {
	t.Helper()
	rc, err := f.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	data, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// letters is n random letters and spaces: text that does not compress
// much.
func letters(n int) string {
	rng := rand.New(rand.NewSource(int64(n)))
	b := make([]byte, n)
	for i := range b {
		b[i] = "abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ"[rng.Intn(53)]
	}
	return string(b)
}

// A crafted workbook beyond a spreadsheet's sizes is refused before it is
// parsed: cells padded with megabytes of blanks (which unzip a thousand
// times their size), a cell longer than a spreadsheet cell can be (as text
// or as a CDATA section), an oversized row. A long but possible cell is
// read.
func TestReadAnnotationsCapsSizes(t *testing.T) {
	inv, plan := largeOrg(3)
	var buf bytes.Buffer
	if err := WriteWorkbook(&buf, plan, inv, WorkbookOptions{}); err != nil {
		t.Fatal(err)
	}
	base := buf.Bytes()
	const sheet = "xl/worksheets/sheet2.xml" // Inventory
	f, err := excelize.OpenReader(bytes.NewReader(base))
	if err != nil {
		t.Fatal(err)
	}
	ref := headerCols(t, f)[HeaderNotes] + "2"
	f.Close()
	notes := func(text string) func(string) string {
		return func(xml string) string {
			// An empty cell is written with or without an empty string.
			cell := regexp.MustCompile(`<c r="` + ref + `"( s="\d+")?( t="inlineStr")?>(<is><t></t></is>)?</c>`)
			m := cell.FindStringSubmatchIndex(xml)
			if m == nil {
				t.Fatalf("no empty Notes cell %s in %.4000s", ref, xml[strings.Index(xml, "<sheetData"):])
			}
			style := ""
			if m[2] >= 0 {
				style = xml[m[2]:m[3]]
			}
			return xml[:m[0]] + `<c r="` + ref + `"` + style + ` t="inlineStr"><is><t>` + text + `</t></is></c>` + xml[m[1]:]
		}
	}
	cases := []struct {
		name, want string
		xlsx       []byte
	}{
		{"padded cell", "unzips to", withPart(t, base, sheet, notes("fixed"+strings.Repeat(" ", 32<<20)))},
		{"cell too long", "is longer than a spreadsheet cell can be", withPart(t, base, sheet, notes(letters(300000)))},
		{"CDATA too long", "is longer than a spreadsheet cell can be", withPart(t, base, sheet, notes("<![CDATA["+strings.Repeat(letters(99)+"<", 4000)+"]]>"))},
		{"padding spread over small parts", "unzip to", func() []byte {
			pads := map[string]func(string) string{}
			for i := 0; i < 40; i++ {
				pads[fmt.Sprintf("xl/media/pad%d.xml", i)] = func(string) string { return strings.Repeat(" ", 1<<20) }
			}
			return withParts(t, base, pads)
		}()},
		{"shared string too long", "xl/sharedStrings.xml", withPart(t, base, "xl/sharedStrings.xml", func(string) string {
			return `<?xml version="1.0"?><sst><si><t>` + letters(300000) + `</t></si></sst>`
		})},
		{"row too long", "row longer", withPart(t, base, sheet, func(xml string) string {
			text := letters(17 << 20)
			var cells strings.Builder
			for i := 0; i+1000 <= len(text); i += 1000 {
				cells.WriteString(`<c t="inlineStr"><is><t>` + text[i:i+1000] + `</t></is></c>`)
			}
			return strings.Replace(xml, `<row r="2">`, `<row r="2">`+cells.String(), 1)
		})},
	}
	for _, c := range cases {
		_, err := ReadAnnotations(bytes.NewReader(c.xlsx))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want one saying %q", c.name, err, c.want)
		}
	}
	long := letters(32767) // a spreadsheet cell's limit
	ann, err := ReadAnnotations(bytes.NewReader(withPart(t, base, sheet, notes(long))))
	if err != nil {
		t.Fatalf("a cell of %d characters: %v", len(long), err)
	}
	if a := ann[plan.Jobs[0].Fingerprint]; a.Notes != strings.TrimSpace(long) {
		t.Fatalf("notes not read back: %d characters", len(a.Notes))
	}
}

// The limits leave room for real workbooks: one of 6,000 rows of real
// shape reads back, and none of its parts compresses anywhere near the
// ratio limit even at flate's best level (what another program saving it
// might use).
func TestReadAnnotationsLimitsFitRealWorkbooks(t *testing.T) {
	inv, plan := realShapedOrg(t, 6000)
	var buf bytes.Buffer
	if err := WriteWorkbook(&buf, plan, inv, WorkbookOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadAnnotations(bytes.NewReader(buf.Bytes())); err != nil {
		t.Fatalf("our own workbook: %v", err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, f := range zr.File {
		if f.UncompressedSize64 < partRatioGrace {
			continue
		}
		data := partData(t, f)
		var c bytes.Buffer
		w, _ := flate.NewWriter(&c, flate.BestCompression)
		w.Write(data)
		w.Close()
		checked++
		if ratio := len(data) / c.Len(); ratio > maxPartRatio*3/4 {
			t.Errorf("%s compresses %d:1 at the best level, too close to the limit of %d:1", f.Name, ratio, maxPartRatio)
		}
	}
	if checked == 0 {
		t.Fatal("no part was large enough to check")
	}
}
