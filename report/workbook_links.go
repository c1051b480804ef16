package report

import (
	"archive/zip"
	"bufio"
	"bytes"
	"compress/flate"
	"encoding/xml"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strconv"

	"github.com/xuri/excelize/v2"
)

// Hyperlinks are added while excelize saves the package, not through
// excelize's SetCellHyperLink: that scans every link and relationship of
// the sheet for each new one, which makes 50,000 links take minutes. Here a
// ZipWriter (excelize's SetZipWriter hook) passes each linked worksheet part
// through unchanged up to its </sheetData>, inserts a <hyperlinks> element
// where the schema orders it, and writes the targets into the sheet's
// relationships part: one pass, no second compression.

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
	sheetDataEnd     = "</sheetData>"
)

// afterHyperlinks are the worksheet elements that the schema places after
// <hyperlinks>; the element is inserted before the first of them.
var afterHyperlinks = []string{
	"<printOptions", "<pageMargins", "<pageSetup", "<headerFooter", "<rowBreaks", "<colBreaks",
	"<customProperties", "<cellWatches", "<ignoredErrors", "<smartTags", "<drawing", "<legacyDrawing",
	"<legacyDrawingHF", "<drawingHF", "<picture", "<oleObjects", "<controls", "<webPublishItems",
	"<tableParts", "<extLst", "</worksheet>",
}

// sheetPartPaths maps sheet names to their worksheet part names, as
// excelize names them (xl/worksheets/sheet<sheetId>.xml).
func sheetPartPaths(f *excelize.File) map[string]string {
	out := map[string]string{}
	for id, name := range f.GetSheetMap() {
		out[name] = "xl/worksheets/sheet" + strconv.Itoa(id) + ".xml"
	}
	return out
}

func sheetRelsPath(sheetPath string) string {
	dir, file := path.Split(sheetPath)
	return dir + "_rels/" + file + ".rels"
}

// linkZip is an excelize.ZipWriter that adds hyperlinks to worksheet parts
// and writes the parts in name order. excelize saves streamed sheets in
// map order, so the same workbook would otherwise come out in different
// bytes from one run to the next: each part is compressed as it comes and
// the archive is written at Close.
type linkZip struct {
	zw *zip.Writer
	// links by worksheet part name.
	links map[string][]linkRef
	// rels maps a linked sheet's relationships part name to the sheet part.
	rels map[string]string
	// done records the parts written (sheets and their relationships).
	done map[string]bool
	// open is the part being written, finished at the next Create or Close.
	open interface{ finish() error }
	// parts are the compressed parts; cur is the one being written.
	parts []*zipPart
	cur   *zipPart
}

// zipPart is one part, compressed in memory.
type zipPart struct {
	name string
	data bytes.Buffer
	fw   *flate.Writer
	crc  hash.Hash32
	size uint64
}

func (p *zipPart) Write(b []byte) (int, error) {
	p.crc.Write(b)
	p.size += uint64(len(b))
	return p.fw.Write(b)
}

// linksByPart resolves links by sheet name to links by worksheet part.
func linksByPart(paths map[string]string, links map[string][]linkRef) (map[string][]linkRef, error) {
	out := map[string][]linkRef{}
	for name, ls := range links {
		if len(ls) == 0 {
			continue
		}
		p, ok := paths[name]
		if !ok {
			return nil, fmt.Errorf("links: no sheet %q", name)
		}
		out[p] = ls
	}
	return out, nil
}

// newLinkZip returns a ZipWriter over w adding links (by worksheet part).
func newLinkZip(w io.Writer, links map[string][]linkRef) *linkZip {
	z := &linkZip{zw: zip.NewWriter(w), links: links, rels: map[string]string{}, done: map[string]bool{}}
	for p := range links {
		z.rels[sheetRelsPath(p)] = p
	}
	return z
}

// finishOpen completes the part being written.
func (z *linkZip) finishOpen() error {
	if z.open != nil {
		err := z.open.finish()
		z.open = nil
		if err != nil {
			return err
		}
	}
	if z.cur != nil {
		err := z.cur.fw.Close()
		z.cur = nil
		return err
	}
	return nil
}

// newPart starts a compressed part.
func (z *linkZip) newPart(name string) (*zipPart, error) {
	if err := z.finishOpen(); err != nil {
		return nil, err
	}
	p := &zipPart{name: name, crc: crc32.NewIEEE()}
	fw, err := flate.NewWriter(&p.data, flate.BestSpeed)
	if err != nil {
		return nil, err
	}
	p.fw = fw
	z.parts = append(z.parts, p)
	z.cur = p
	return p, nil
}

// Create starts a part; linked sheets and their relationships parts are
// rewritten on the way.
func (z *linkZip) Create(name string) (io.Writer, error) {
	w, err := z.newPart(name)
	if err != nil {
		return nil, err
	}
	if ls, ok := z.links[name]; ok {
		z.done[name] = true
		s := &linkSheet{w: w, links: ls}
		z.open = s
		return s, nil
	}
	if sheet, ok := z.rels[name]; ok {
		z.done[name] = true
		r := &linkRels{w: w, links: z.links[sheet]}
		z.open = r
		return r, nil
	}
	return w, nil
}

// AddFS adds the files of fsys (excelize does not use it when saving).
func (z *linkZip) AddFS(fsys fs.FS) error {
	if err := z.finishOpen(); err != nil {
		return err
	}
	return z.zw.AddFS(fsys)
}

// Close writes the relationships parts the linked sheets did not have,
// then every part in name order ([Content_Types].xml first, as most
// writers put it), and closes the archive. A linked sheet that was never
// written is an error.
func (z *linkZip) Close() error {
	if err := z.finishOpen(); err != nil {
		return err
	}
	relsPaths := make([]string, 0, len(z.rels))
	for p := range z.rels {
		relsPaths = append(relsPaths, p)
	}
	sort.Strings(relsPaths)
	for _, relsPath := range relsPaths {
		sheet := z.rels[relsPath]
		if !z.done[sheet] {
			return fmt.Errorf("links: worksheet part %s was not written", sheet)
		}
		if z.done[relsPath] {
			continue
		}
		w, err := z.newPart(relsPath)
		if err != nil {
			return err
		}
		r := &linkRels{w: w, links: z.links[sheet]}
		if err := r.finish(); err != nil {
			return err
		}
	}
	if err := z.finishOpen(); err != nil {
		return err
	}
	const first = "[Content_Types].xml"
	sort.SliceStable(z.parts, func(i, j int) bool {
		a, b := z.parts[i].name, z.parts[j].name
		if (a == first) != (b == first) {
			return a == first
		}
		return a < b
	})
	for _, p := range z.parts {
		w, err := z.zw.CreateRaw(&zip.FileHeader{Name: p.name, Method: zip.Deflate, CRC32: p.crc.Sum32(), CreatorVersion: 20, ReaderVersion: 20,
			CompressedSize64: uint64(p.data.Len()), UncompressedSize64: p.size})
		if err != nil {
			return err
		}
		if _, err := w.Write(p.data.Bytes()); err != nil {
			return err
		}
		p.data = bytes.Buffer{}
	}
	return z.zw.Close()
}

// linkSheet passes a worksheet part through up to </sheetData> and keeps
// the rest (a few KB: autofilter, validations, page setup) to insert the
// <hyperlinks> element into.
type linkSheet struct {
	w      io.Writer
	links  []linkRef
	window []byte // last bytes written, to find the marker across writes
	found  bool
	tail   bytes.Buffer
}

func (s *linkSheet) Write(p []byte) (int, error) {
	if s.found {
		return s.tail.Write(p)
	}
	marker := []byte(sheetDataEnd)
	// The marker may straddle the previous write: look across the seam
	// first (a few bytes), then in p.
	seam := append(s.window, p[:min(len(p), len(marker)-1)]...)
	cut := -1
	if i := bytes.Index(seam, marker); i >= 0 {
		cut = i + len(marker) - len(s.window)
	} else if i := bytes.Index(p, marker); i >= 0 {
		cut = i + len(marker)
	}
	if cut >= 0 {
		if _, err := s.w.Write(p[:cut]); err != nil {
			return 0, err
		}
		s.found = true
		s.tail.Write(p[cut:])
		return len(p), nil
	}
	if _, err := s.w.Write(p); err != nil {
		return 0, err
	}
	keep := len(marker) - 1
	if len(p) >= keep {
		s.window = append(s.window[:0], p[len(p)-keep:]...)
	} else {
		s.window = append(s.window, p...)
		s.window = s.window[max(0, len(s.window)-keep):]
	}
	return len(p), nil
}

func (s *linkSheet) finish() error {
	if !s.found {
		return fmt.Errorf("links: no %s in worksheet", sheetDataEnd)
	}
	tail := s.tail.Bytes()
	at := len(tail)
	for _, tag := range afterHyperlinks {
		if i := bytes.Index(tail, []byte(tag)); i >= 0 && i < at {
			at = i
		}
	}
	if bytes.Contains(tail[:at], []byte("<hyperlinks")) {
		return fmt.Errorf("links: worksheet already has hyperlinks")
	}
	bw := bufio.NewWriter(s.w)
	bw.Write(tail[:at])
	bw.WriteString("<hyperlinks>")
	for i, l := range s.links {
		fmt.Fprintf(bw, `<hyperlink ref="%s" r:id="%s"/>`, l.ref, linkRelID(i))
	}
	bw.WriteString("</hyperlinks>")
	bw.Write(tail[at:])
	return bw.Flush()
}

// linkRelID is the relationship id of the i-th link. The prefix keeps them
// apart from the rIdN that excelize gives other relationships.
func linkRelID(i int) string { return "rIdL" + strconv.Itoa(i+1) }

// linkRels is a sheet's relationships part: whatever excelize wrote (if
// anything) plus one External hyperlink relationship per link.
type linkRels struct {
	w     io.Writer
	links []linkRef
	old   bytes.Buffer
}

func (r *linkRels) Write(p []byte) (int, error) { return r.old.Write(p) }

var relIDAttr = regexp.MustCompile(`Id="rIdL\d+"`)

func (r *linkRels) finish() error {
	bw := bufio.NewWriter(r.w)
	end := []byte("</Relationships>")
	if r.old.Len() > 0 {
		old := r.old.Bytes()
		i := bytes.LastIndex(old, end)
		if i < 0 {
			return fmt.Errorf("links: relationships part without </Relationships>")
		}
		if relIDAttr.Match(old) {
			return fmt.Errorf("links: relationships part already uses rIdL ids")
		}
		bw.Write(old[:i])
	} else {
		bw.WriteString(xml.Header)
		bw.WriteString(`<Relationships xmlns="` + relsNamespace + `">`)
	}
	for i, l := range r.links {
		fmt.Fprintf(bw, `<Relationship Id="%s" Type="%s" Target="`, linkRelID(i), relTypeHyperlink)
		if err := xml.EscapeText(bw, []byte(l.target)); err != nil {
			return err
		}
		bw.WriteString(`" TargetMode="External"/>`)
	}
	bw.Write(end)
	return bw.Flush()
}
