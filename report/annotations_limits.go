package report

import (
	"archive/zip"
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
)

// Limits on a workbook read back for its annotations. A workbook is a zip
// of XML parts, and a small file can expand enormously: a crafted 1 MB file
// of padded cells unzips to a gigabyte. Each limit is far above what a
// spreadsheet holds and refuses the file before it is parsed.
const (
	// maxWorkbookBytes bounds the file itself.
	maxWorkbookBytes = 256 << 20
	// maxAnnotationBytes bounds what the parts unzip to, together.
	maxAnnotationBytes = 1 << 30
	// maxPartRatio is how many times its compressed size a part (and all
	// parts together) larger than partRatioGrace may unzip to. Spreadsheet
	// XML compresses about 10 to 30 times; padding a thousand times.
	maxPartRatio   = 100
	partRatioGrace = 1 << 20
	// maxCellChars is a spreadsheet cell's limit (Excel's); maxCellBytes
	// is that much text however it is encoded in XML (UTF-8, entities),
	// the longest stretch of a sheet or the shared strings between two
	// '<'. A cell, tag, comment or CDATA section longer than that is
	// refused.
	maxCellChars = 32767
	maxCellBytes = 8 * maxCellChars
	// maxRowBytes bounds one <row> element: a row of the Inventory sheet
	// is a few kilobytes; this allows every column at its longest.
	maxRowBytes = 16 << 20
	// maxSheetRows is a spreadsheet's row limit (Excel's).
	maxSheetRows = 1 << 20
)

// readWorkbookLimited reads a workbook file and checks it against the
// limits, returning its bytes for excelize.
func readWorkbookLimited(r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxWorkbookBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxWorkbookBytes {
		return nil, fmt.Errorf("the file is larger than %d MiB", maxWorkbookBytes>>20)
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fmt.Errorf("open workbook: %w", err)
	}
	var total, compressed uint64
	for _, f := range zr.File {
		// archive/zip fails a part that unzips to more than its header
		// says, so the declared sizes can be trusted here.
		size := f.UncompressedSize64
		total += size
		compressed += f.CompressedSize64
		if total > maxAnnotationBytes {
			return nil, fmt.Errorf("the parts unzip to more than %d MiB", maxAnnotationBytes>>20)
		}
		if size > partRatioGrace && size > maxPartRatio*max(f.CompressedSize64, 1) {
			return nil, fmt.Errorf("part %s unzips to %d times its size (%d bytes from %d), more than spreadsheet XML does: refusing it",
				f.Name, size/max(f.CompressedSize64, 1), size, f.CompressedSize64)
		}
	}
	if total > partRatioGrace && total > maxPartRatio*max(compressed, 1) {
		return nil, fmt.Errorf("the parts unzip to %d times their size (%d bytes from %d), more than spreadsheet XML does: refusing them",
			total/max(compressed, 1), total, compressed)
	}
	for _, f := range zr.File {
		if !isCellPart(f.Name) {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return nil, fmt.Errorf("part %s: %w", f.Name, err)
		}
		err = checkCellSizes(rc)
		rc.Close()
		if err != nil {
			return nil, fmt.Errorf("part %s: %w", f.Name, err)
		}
	}
	return data, nil
}

// isCellPart reports the parts that hold cell text: worksheets and the
// shared strings.
func isCellPart(name string) bool {
	dir, file := path.Split(name)
	return dir == "xl/worksheets/" && strings.HasSuffix(file, ".xml") || name == "xl/sharedStrings.xml"
}

// errTooLong is a stretch of XML longer than any cell can be.
var errTooLong = fmt.Errorf("longer than a spreadsheet cell can be (%d characters)", maxCellChars)

// checkCellSizes reads an XML part and fails on a stretch between two '<'
// (a tag, or the text of a cell: text cannot hold '<'), a comment, a CDATA
// section or processing instruction (which can) longer than maxCellBytes,
// a <row> longer than maxRowBytes, or more than maxSheetRows rows. It reads
// the part once, holding at most maxCellBytes of it.
func checkCellSizes(r io.Reader) error {
	br := bufio.NewReaderSize(r, maxCellBytes)
	var offset, rowStart int64 = 0, -1
	rows := 0
	cell := "" // the reference of the last cell started, for messages
	for {
		chunk, err := br.ReadSlice('<')
		offset += int64(len(chunk))
		switch {
		case errors.Is(err, bufio.ErrBufferFull):
			return tooLong(cell, errTooLong)
		case err == io.EOF:
			return nil
		case err != nil:
			return err
		}
		head, _ := br.Peek(64)
		switch {
		case bytes.HasPrefix(head, []byte("![CDATA[")):
			err = skipTo(br, "]]>", &offset)
		case bytes.HasPrefix(head, []byte("!--")):
			err = skipTo(br, "-->", &offset)
		case bytes.HasPrefix(head, []byte("?")):
			err = skipTo(br, "?>", &offset)
		case isTag(head, "row"):
			rows++
			if rows > maxSheetRows {
				return fmt.Errorf("has more than %d rows", maxSheetRows)
			}
			rowStart = offset
		case isTag(head, "/row"):
			if rowStart >= 0 && offset-rowStart > maxRowBytes {
				return fmt.Errorf("has a row longer than %d MiB", maxRowBytes>>20)
			}
			rowStart = -1
		case isTag(head, "c"):
			cell = cellRef(head)
		case isTag(head, "/c"):
			cell = ""
		}
		if err != nil {
			return tooLong(cell, err)
		}
	}
}

// tooLong names the cell (when known) that err, errTooLong, is about.
func tooLong(cell string, err error) error {
	switch {
	case !errors.Is(err, errTooLong):
		return err
	case cell != "":
		return fmt.Errorf("cell %s is %w", cell, err)
	}
	return fmt.Errorf("holds text %w", err)
}

// isTag reports whether head starts with the element name (after '<').
func isTag(head []byte, name string) bool {
	if !bytes.HasPrefix(head, []byte(name)) || len(head) == len(name) {
		return false
	}
	switch head[len(name)] {
	case ' ', '>', '/', '\t', '\n', '\r':
		return true
	}
	return false
}

// cellRef is the r attribute of a <c> tag's start, when it is in head.
func cellRef(head []byte) string {
	_, after, ok := bytes.Cut(head, []byte(` r="`))
	if !ok {
		return ""
	}
	ref, _, ok := bytes.Cut(after, []byte(`"`))
	if !ok || len(ref) > 12 {
		return ""
	}
	return string(ref)
}

// skipTo reads past the next end (of a comment, CDATA section, ...),
// failing when it is more than maxCellBytes away.
func skipTo(br *bufio.Reader, end string, offset *int64) error {
	var n int64
	last := end[len(end)-1]
	tail := []byte{}
	for {
		chunk, err := br.ReadSlice(last)
		n += int64(len(chunk))
		*offset += int64(len(chunk))
		if n > maxCellBytes || errors.Is(err, bufio.ErrBufferFull) {
			return errTooLong
		}
		if err != nil {
			return err
		}
		tail = append(tail, chunk[max(0, len(chunk)-len(end)):]...)
		if len(tail) > len(end) {
			tail = tail[len(tail)-len(end):]
		}
		if string(tail) == end {
			return nil
		}
	}
}
