package report

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"path"
	"regexp"
	"strconv"
	"strings"
)

// Hyperlinks are added to the saved package rather than through excelize:
// excelize's SetCellHyperLink scans every link and relationship of the
// sheet for each new one, which makes 50,000 links take minutes. Here they
// cost one pass over the finished sheet: the worksheet XML is copied up to
// its </sheetData>, a <hyperlinks> element is inserted at the place the
// schema orders it, and each link's target goes into the sheet's
// relationships part.

// linkRef is one hyperlink: a cell and its target.
type linkRef struct {
	ref    string
	target string
}

// maxLinksPerSheet caps the hyperlinks of one sheet: Excel refuses a sheet
// with more than 65,530 of them. Rows past the cap keep their file:line
// text without a link (the Summary says so).
const maxLinksPerSheet = 65530

const (
	relTypeHyperlink = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
	relsNamespace    = "http://schemas.openxmlformats.org/package/2006/relationships"
)

// afterHyperlinks are the worksheet elements that the schema places after
// <hyperlinks>; the element is inserted before the first of them.
var afterHyperlinks = []string{
	"<printOptions", "<pageMargins", "<pageSetup", "<headerFooter", "<rowBreaks", "<colBreaks",
	"<customProperties", "<cellWatches", "<ignoredErrors", "<smartTags", "<drawing", "<legacyDrawing",
	"<legacyDrawingHF", "<drawingHF", "<picture", "<oleObjects", "<controls", "<webPublishItems",
	"<tableParts", "<extLst", "</worksheet>",
}

type xmlRels struct {
	Rels []struct {
		ID     string `xml:"Id,attr"`
		Target string `xml:"Target,attr"`
	} `xml:"Relationship"`
}

type xmlWorkbookSheets struct {
	Sheets []struct {
		Name string `xml:"name,attr"`
		RID  string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
	} `xml:"sheets>sheet"`
}

func readZipFile(zr *zip.Reader, name string) ([]byte, bool, error) {
	f, err := zr.Open(name)
	if err != nil {
		return nil, false, nil
	}
	defer f.Close()
	b, err := io.ReadAll(f)
	if err != nil {
		return nil, true, fmt.Errorf("read %s: %w", name, err)
	}
	return b, true, nil
}

// sheetPaths maps sheet names to their part names (xl/worksheets/sheetN.xml).
func sheetPaths(zr *zip.Reader) (map[string]string, error) {
	wb, ok, err := readZipFile(zr, "xl/workbook.xml")
	if err != nil || !ok {
		return nil, fmt.Errorf("workbook part: %v", err)
	}
	rb, ok, err := readZipFile(zr, "xl/_rels/workbook.xml.rels")
	if err != nil || !ok {
		return nil, fmt.Errorf("workbook relationships: %v", err)
	}
	var sheets xmlWorkbookSheets
	if err := xml.Unmarshal(wb, &sheets); err != nil {
		return nil, fmt.Errorf("parse workbook part: %w", err)
	}
	var rels xmlRels
	if err := xml.Unmarshal(rb, &rels); err != nil {
		return nil, fmt.Errorf("parse workbook relationships: %w", err)
	}
	targets := map[string]string{}
	for _, r := range rels.Rels {
		t := r.Target
		if strings.HasPrefix(t, "/") {
			t = strings.TrimPrefix(t, "/")
		} else {
			t = path.Join("xl", t)
		}
		targets[r.ID] = t
	}
	out := map[string]string{}
	for _, s := range sheets.Sheets {
		if t, ok := targets[s.RID]; ok {
			out[s.Name] = t
		}
	}
	return out, nil
}

func sheetRelsPath(sheetPath string) string {
	dir, file := path.Split(sheetPath)
	return dir + "_rels/" + file + ".rels"
}

var relIDNum = regexp.MustCompile(`^rId(\d+)$`)

// addHyperlinks copies the package pkg to w, adding links (by sheet name).
func addHyperlinks(w io.Writer, pkg []byte, links map[string][]linkRef) error {
	zr, err := zip.NewReader(bytes.NewReader(pkg), int64(len(pkg)))
	if err != nil {
		return fmt.Errorf("add links: %w", err)
	}
	paths, err := sheetPaths(zr)
	if err != nil {
		return fmt.Errorf("add links: %w", err)
	}
	// Per linked sheet part: its links, the first free relationship number
	// and its existing relationships part, if any.
	type pending struct {
		links    []linkRef
		firstID  int
		oldRels  []byte
		hasRels  bool
		relsPath string
	}
	todo := map[string]*pending{}
	relsOf := map[string]string{}
	for name, ls := range links {
		if len(ls) == 0 {
			continue
		}
		p, ok := paths[name]
		if !ok {
			return fmt.Errorf("add links: no sheet %q in the package", name)
		}
		pd := &pending{links: ls, firstID: 1, relsPath: sheetRelsPath(p)}
		pd.oldRels, pd.hasRels, err = readZipFile(zr, pd.relsPath)
		if err != nil {
			return fmt.Errorf("add links: %w", err)
		}
		if pd.hasRels {
			var rels xmlRels
			if err := xml.Unmarshal(pd.oldRels, &rels); err != nil {
				return fmt.Errorf("add links: parse %s: %w", pd.relsPath, err)
			}
			for _, r := range rels.Rels {
				if m := relIDNum.FindStringSubmatch(r.ID); m != nil {
					if n, _ := strconv.Atoi(m[1]); n >= pd.firstID {
						pd.firstID = n + 1
					}
				}
			}
		}
		todo[p] = pd
		relsOf[pd.relsPath] = p
	}
	zw := zip.NewWriter(w)
	for _, f := range zr.File {
		if pd, ok := todo[f.Name]; ok {
			if err := rewriteSheet(zw, f, pd.links, pd.firstID); err != nil {
				return fmt.Errorf("add links: %s: %w", f.Name, err)
			}
			continue
		}
		if sp, ok := relsOf[f.Name]; ok {
			if err := writeRels(zw, f.Name, todo[sp].oldRels, todo[sp].links, todo[sp].firstID); err != nil {
				return fmt.Errorf("add links: %w", err)
			}
			continue
		}
		if err := zw.Copy(f); err != nil {
			return fmt.Errorf("add links: copy %s: %w", f.Name, err)
		}
	}
	for _, pd := range todo {
		if !pd.hasRels {
			if err := writeRels(zw, pd.relsPath, nil, pd.links, pd.firstID); err != nil {
				return fmt.Errorf("add links: %w", err)
			}
		}
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("add links: %w", err)
	}
	return nil
}

// rewriteSheet streams a worksheet part, inserting <hyperlinks> after the
// sheet data. Only the part after </sheetData> (a few KB) is held in memory.
func rewriteSheet(zw *zip.Writer, f *zip.File, links []linkRef, firstID int) error {
	rc, err := f.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	zout, err := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: zip.Deflate})
	if err != nil {
		return err
	}
	out := bufio.NewWriterSize(zout, 64<<10)
	br := bufio.NewReaderSize(rc, 64<<10)
	const marker = "</sheetData>"
	if err := copyThrough(out, br, []byte(marker)); err != nil {
		return err
	}
	tail, err := io.ReadAll(br)
	if err != nil {
		return err
	}
	at := len(tail)
	for _, tag := range afterHyperlinks {
		if i := bytes.Index(tail, []byte(tag)); i >= 0 && i < at {
			at = i
		}
	}
	if bytes.Contains(tail[:at], []byte("<hyperlinks")) {
		return fmt.Errorf("sheet already has hyperlinks")
	}
	var b bytes.Buffer
	b.WriteString("<hyperlinks>")
	for i, l := range links {
		fmt.Fprintf(&b, `<hyperlink ref="%s" r:id="rId%d"/>`, l.ref, firstID+i)
	}
	b.WriteString("</hyperlinks>")
	for _, part := range [][]byte{tail[:at], b.Bytes(), tail[at:]} {
		if _, err := out.Write(part); err != nil {
			return err
		}
	}
	return out.Flush()
}

// copyThrough copies r to w up to and including the first occurrence of
// marker; it fails if marker never occurs.
func copyThrough(w io.Writer, r *bufio.Reader, marker []byte) error {
	last := marker[len(marker)-1]
	var window []byte
	for {
		chunk, err := r.ReadSlice(last)
		if len(chunk) > 0 {
			if _, werr := w.Write(chunk); werr != nil {
				return werr
			}
			window = append(window, chunk...)
			if len(window) > len(marker) {
				window = window[len(window)-len(marker):]
			}
			if bytes.Equal(window, marker) {
				return nil
			}
		}
		switch {
		case err == bufio.ErrBufferFull:
			continue
		case err == io.EOF:
			return fmt.Errorf("no %s in worksheet", marker)
		case err != nil:
			return err
		}
	}
}

// writeRels writes a sheet's relationships part: the old one (if any) with
// one External hyperlink relationship per link appended.
func writeRels(zw *zip.Writer, name string, old []byte, links []linkRef, firstID int) error {
	out, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate})
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(out)
	end := []byte("</Relationships>")
	if old != nil {
		i := bytes.LastIndex(old, end)
		if i < 0 {
			return fmt.Errorf("%s: no </Relationships>", name)
		}
		bw.Write(old[:i])
	} else {
		bw.WriteString(xml.Header)
		bw.WriteString(`<Relationships xmlns="` + relsNamespace + `">`)
	}
	for i, l := range links {
		fmt.Fprintf(bw, `<Relationship Id="rId%d" Type="%s" Target="`, firstID+i, relTypeHyperlink)
		if err := xml.EscapeText(bw, []byte(l.target)); err != nil {
			return err
		}
		bw.WriteString(`" TargetMode="External"/>`)
	}
	bw.Write(end)
	return bw.Flush()
}
