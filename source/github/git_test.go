package github

import (
	"bytes"
	"testing"
)

func TestApplyDelta(t *testing.T) {
	base := []byte("hello world, hello git")
	for _, tc := range []struct {
		name  string
		delta []byte
		want  string
		bad   bool
	}{
		// src 22, dst 11: copy offset 0 size 6, insert "there"
		{"copy+insert", []byte{22, 11, 0x90, 6, 5, 't', 'h', 'e', 'r', 'e'}, "hello there", false},
		// copy with an offset byte: offset 13 size 5 → "hello"
		{"offset copy", []byte{22, 5, 0x91, 13, 5}, "hello", false},
		{"wrong base size", []byte{21, 5, 0x90, 5}, "", true},
		{"copy out of range", []byte{22, 5, 0x91, 20, 5}, "", true},
		{"short result", []byte{22, 9, 0x90, 5}, "", true},
		{"opcode 0", []byte{22, 1, 0}, "", true},
		{"truncated insert", []byte{22, 5, 5, 'a'}, "", true},
	} {
		got, err := applyDelta(base, tc.delta)
		if tc.bad != (err != nil) || (!tc.bad && string(got) != tc.want) {
			t.Errorf("%s: got %q, %v", tc.name, got, err)
		}
	}
}

func TestParsePackRejects(t *testing.T) {
	for name, b := range map[string][]byte{
		"empty":     nil,
		"not pack":  bytes.Repeat([]byte("x"), 40),
		"bad sum":   append([]byte("PACK\x00\x00\x00\x02\x00\x00\x00\x00"), make([]byte, 20)...),
		"version 9": append([]byte("PACK\x00\x00\x00\x09\x00\x00\x00\x00"), make([]byte, 20)...),
	} {
		if _, err := parsePack(b); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestParseTree(t *testing.T) {
	id := bytes.Repeat([]byte{0xab}, 20)
	data := append([]byte("100644 ci.yml\x00"), id...)
	data = append(append(data, []byte("40000 sub\x00")...), id...)
	es, err := parseTree(data)
	if err != nil || len(es) != 2 || es[0].name != "ci.yml" || es[1].mode != "40000" || es[1].id != "abababababababababababababababababababab" {
		t.Errorf("parseTree = %+v, %v", es, err)
	}
	if _, err := parseTree(data[:len(data)-3]); err == nil {
		t.Errorf("a truncated tree must be an error")
	}
}

// FuzzParsePack: packs come from the network.
func FuzzParsePack(f *testing.F) {
	f.Add([]byte("PACK\x00\x00\x00\x02\x00\x00\x00\x00"))
	f.Fuzz(func(t *testing.T, b []byte) {
		_, _ = parsePack(b)
		_, _ = parseTree(b)
		_, _ = commitTree(b)
	})
}

// FuzzApplyDelta: deltas come from the network.
func FuzzApplyDelta(f *testing.F) {
	f.Add([]byte("hello world"), []byte{11, 5, 0x90, 5})
	f.Fuzz(func(t *testing.T, base, delta []byte) {
		out, err := applyDelta(base, delta)
		if err == nil && len(out) > maxPackBytes {
			t.Fatalf("result of %d bytes", len(out))
		}
	})
}
