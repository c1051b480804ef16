// Package jsonpos places what encoding/json reads in its document: the
// line of a byte offset, where a key's value starts, and the line a
// decoding error is at, for readers that report file:line.
package jsonpos

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// Line is the 1-based line of a byte offset of data (offsets outside it
// are clamped).
func Line(data []byte, off int64) int {
	off = min(max(off, 0), int64(len(data)))
	return 1 + bytes.Count(data[:off], []byte("\n"))
}

// ValueStart skips the white space and colon after a key that ends at
// off.
func ValueStart(data []byte, off int64) int64 {
	for off < int64(len(data)) {
		switch data[off] {
		case ' ', '\t', '\r', '\n', ':':
			off++
			continue
		}
		break
	}
	return off
}

// ErrorAt is the line of an error dec met reading data, and its message:
// a syntax error at its offset, the end of the document for one that ends
// too soon, else where dec stopped.
func ErrorAt(data []byte, dec *json.Decoder, err error) (int, string) {
	off := dec.InputOffset()
	var se *json.SyntaxError
	if errors.As(err, &se) {
		off = se.Offset
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return Line(data, int64(len(data))), "unexpected end of the document"
	}
	return Line(data, off), err.Error()
}

// ObjectStart reads the opening brace of an object dec is at; ok is
// false, with the line and message, when what is there (named by what:
// "the document", `"scripts"`) is not an object.
func ObjectStart(data []byte, dec *json.Decoder, what string) (line int, msg string, ok bool) {
	tok, err := dec.Token()
	if err != nil {
		line, msg = ErrorAt(data, dec, err)
		return line, msg, false
	}
	if d, isDelim := tok.(json.Delim); !isDelim || d != '{' {
		return Line(data, dec.InputOffset()), what + " is not an object", false
	}
	return 0, "", true
}

// SyntaxError is a JSON document pat2app cannot read: not valid JSON (with
// comments, where the reader allows them), or a part it reads that is not
// an object; Line is 1-based.
type SyntaxError struct {
	Line int
	Msg  string
}

func (e *SyntaxError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Msg) }
