package report

import (
	"archive/zip"
	"bytes"
	"io"
	"strings"
	"testing"
)

// A linked sheet is passed through unchanged except for the inserted
// <hyperlinks>, whatever the sizes of the writes excelize makes.
func TestLinkZipInsertsHyperlinks(t *testing.T) {
	sheet := `<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData>` +
		`<autoFilter ref="A1:B2"></autoFilter><dataValidations count="1"></dataValidations>` +
		`<pageMargins left="0.7"></pageMargins><pageSetup orientation="landscape"></pageSetup></worksheet>`
	links := []linkRef{{"B2", "https://github.com/a/b/blob/main/x.yml#L3"}, {"B3", `rel/a&b"<>.yml`}}
	want := strings.Replace(sheet, "<pageMargins",
		`<hyperlinks><hyperlink ref="B2" r:id="rIdL1"/><hyperlink ref="B3" r:id="rIdL2"/></hyperlinks><pageMargins`, 1)
	for _, chunk := range []int{1, 3, 7, 11, 12, 13, 64, len(sheet)} {
		var buf bytes.Buffer
		z := newLinkZip(&buf, map[string][]linkRef{"xl/worksheets/sheet2.xml": links})
		other, err := z.Create("xl/styles.xml")
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(other, "<styleSheet/>")
		w, err := z.Create("xl/worksheets/sheet2.xml")
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < len(sheet); i += chunk {
			if _, err := w.Write([]byte(sheet[i:min(i+chunk, len(sheet))])); err != nil {
				t.Fatal(err)
			}
		}
		if err := z.Close(); err != nil {
			t.Fatal(err)
		}
		zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
		if err != nil {
			t.Fatal(err)
		}
		parts := map[string]string{}
		for _, f := range zr.File {
			rc, _ := f.Open()
			b, _ := io.ReadAll(rc)
			rc.Close()
			parts[f.Name] = string(b)
		}
		if got := parts["xl/worksheets/sheet2.xml"]; got != want {
			t.Errorf("chunk %d: sheet\n got %s\nwant %s", chunk, got, want)
		}
		rels := parts["xl/worksheets/_rels/sheet2.xml.rels"]
		for _, s := range []string{
			`<Relationship Id="rIdL1" Type="` + relTypeHyperlink + `" Target="https://github.com/a/b/blob/main/x.yml#L3" TargetMode="External"/>`,
			`Id="rIdL2"`, `Target="rel/a&amp;b&#34;&lt;&gt;.yml"`,
		} {
			if !strings.Contains(rels, s) {
				t.Errorf("chunk %d: rels lack %s:\n%s", chunk, s, rels)
			}
		}
		if parts["xl/styles.xml"] != "<styleSheet/>" {
			t.Errorf("other part changed: %q", parts["xl/styles.xml"])
		}
	}
}

// Relationships excelize already wrote for a linked sheet are kept.
func TestLinkZipMergesRelationships(t *testing.T) {
	var buf bytes.Buffer
	z := newLinkZip(&buf, map[string][]linkRef{"xl/worksheets/sheet1.xml": {{"A2", "https://x/y"}}})
	w, _ := z.Create("xl/worksheets/sheet1.xml")
	io.WriteString(w, "<worksheet><sheetData></sheetData></worksheet>")
	w, _ = z.Create("xl/worksheets/_rels/sheet1.xml.rels")
	io.WriteString(w, `<Relationships xmlns="x"><Relationship Id="rId1" Type="t" Target="../drawings/d1.xml"/></Relationships>`)
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	zr, _ := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	n := 0
	for _, f := range zr.File {
		if f.Name != "xl/worksheets/_rels/sheet1.xml.rels" {
			continue
		}
		n++
		rc, _ := f.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		if !strings.Contains(string(b), `Id="rId1" Type="t"`) || !strings.Contains(string(b), `Id="rIdL1"`) {
			t.Errorf("merged rels: %s", b)
		}
	}
	if n != 1 {
		t.Errorf("%d relationships parts for the sheet, want 1", n)
	}
}

func TestLinkZipErrors(t *testing.T) {
	// A linked sheet that is never written.
	z := newLinkZip(io.Discard, map[string][]linkRef{"xl/worksheets/sheet9.xml": {{"A2", "u"}}})
	if err := z.Close(); err == nil {
		t.Error("no error for a linked sheet never written")
	}
	// A worksheet without sheet data.
	z = newLinkZip(io.Discard, map[string][]linkRef{"xl/worksheets/sheet1.xml": {{"A2", "u"}}})
	w, _ := z.Create("xl/worksheets/sheet1.xml")
	io.WriteString(w, "<worksheet></worksheet>")
	if err := z.Close(); err == nil {
		t.Error("no error for a worksheet without </sheetData>")
	}
	if _, err := linksByPart(map[string]string{}, map[string][]linkRef{"Nope": {{"A1", "u"}}}); err == nil {
		t.Error("no error for an unknown sheet")
	}
}
