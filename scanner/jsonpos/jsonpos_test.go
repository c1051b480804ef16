package jsonpos

import (
	"bytes"
	"encoding/json"
	"testing"
)

func TestPositions(t *testing.T) {
	data := []byte("{\n  \"a\" :\n   \"b\",\n  \"c\": [1,}\n")
	tests := []struct {
		off  int64
		line int
	}{{-3, 1}, {0, 1}, {2, 2}, {13, 3}, {999, 5}}
	for _, tc := range tests {
		if got := Line(data, tc.off); got != tc.line {
			t.Errorf("Line(%d) = %d, want %d", tc.off, got, tc.line)
		}
	}
	keyEnd := int64(bytes.Index(data, []byte(`"a"`)) + 3)
	if got := ValueStart(data, keyEnd); data[got] != '"' || Line(data, got) != 3 {
		t.Errorf("ValueStart = %d (%q, line %d)", got, data[got], Line(data, got))
	}
	var v any
	dec := json.NewDecoder(bytes.NewReader(data))
	err := dec.Decode(&v)
	if line, msg := ErrorAt(data, dec, err); line != 4 || msg == "" {
		t.Errorf("syntax error at line %d %q, want line 4", line, msg)
	}
	short := []byte("{\n\"a\": ")
	dec = json.NewDecoder(bytes.NewReader(short))
	err = dec.Decode(&v)
	if line, msg := ErrorAt(short, dec, err); line != 2 || msg != "unexpected end of the document" {
		t.Errorf("end of document: line %d %q", line, msg)
	}
}

func TestObjectStart(t *testing.T) {
	tests := []struct {
		doc  string
		line int
		ok   bool
	}{{"{}", 0, true}, {"\n[1]", 2, false}, {"\n\n", 3, false}, {"  {", 0, true}}
	for _, tc := range tests {
		dec := json.NewDecoder(bytes.NewReader([]byte(tc.doc)))
		line, msg, ok := ObjectStart([]byte(tc.doc), dec, "the document")
		if ok != tc.ok || line != tc.line || (!ok && msg == "") {
			t.Errorf("ObjectStart(%q) = %d %q %v, want %d %v", tc.doc, line, msg, ok, tc.line, tc.ok)
		}
	}
}
