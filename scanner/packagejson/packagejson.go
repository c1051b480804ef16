// Package packagejson reads the scripts of a package.json with the line
// each is written on, and says which of them a package manager runs for
// `npm run NAME`, `npm test`, `npm publish` or `npm install`: the pre and
// post scripts around a script, and the lifecycle scripts of publish and
// install.
package packagejson

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Script is one entry of "scripts".
type Script struct {
	Name    string
	Command string
	// Line is the line the command's string starts on.
	Line int
}

// Package is what a package.json says about the scripts it runs.
type Package struct {
	// Name is the package's "name".
	Name string
	// Scripts by name.
	Scripts map[string]Script
	// Workspaces is true when the package declares workspaces.
	Workspaces bool
}

// SyntaxError is a package.json that is not valid JSON.
type SyntaxError struct {
	Line int
	Msg  string
}

func (e *SyntaxError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Msg) }

// Parse reads a package.json. Only "name", "scripts" and "workspaces" are
// read; other keys are skipped. A document that is not valid JSON, or
// whose top level or "scripts" is not an object, is a *SyntaxError.
func Parse(data []byte) (*Package, error) {
	p := &Package{Scripts: map[string]Script{}}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	fail := func(err error) error {
		off := dec.InputOffset()
		var se *json.SyntaxError
		if errors.As(err, &se) {
			off = se.Offset
		}
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			off = int64(len(data))
			err = errors.New("unexpected end of the document")
		}
		return &SyntaxError{Line: lineAt(data, off), Msg: err.Error()}
	}
	tok, err := dec.Token()
	if err != nil {
		return nil, fail(err)
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return nil, &SyntaxError{Line: lineAt(data, dec.InputOffset()), Msg: "the document is not an object"}
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, fail(err)
		}
		key, _ := tok.(string)
		switch key {
		case "scripts":
			if err := p.readScripts(dec, data); err != nil {
				if _, ok := err.(*SyntaxError); ok {
					return nil, err
				}
				return nil, fail(err)
			}
		case "name":
			var v any
			if err := dec.Decode(&v); err != nil {
				return nil, fail(err)
			}
			p.Name, _ = v.(string)
		case "workspaces":
			var v json.RawMessage
			if err := dec.Decode(&v); err != nil {
				return nil, fail(err)
			}
			p.Workspaces = true
		default:
			var v json.RawMessage
			if err := dec.Decode(&v); err != nil {
				return nil, fail(err)
			}
		}
	}
	if _, err := dec.Token(); err != nil {
		return nil, fail(err)
	}
	return p, nil
}

// readScripts reads the "scripts" object, noting each value's line.
func (p *Package) readScripts(dec *json.Decoder, data []byte) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return &SyntaxError{Line: lineAt(data, dec.InputOffset()), Msg: `"scripts" is not an object`}
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		name, _ := tok.(string)
		at := valueStart(data, dec.InputOffset())
		var v any
		if err := dec.Decode(&v); err != nil {
			return err
		}
		if cmd, ok := v.(string); ok {
			p.Scripts[name] = Script{Name: name, Command: cmd, Line: lineAt(data, at)}
		}
	}
	_, err = dec.Token() // }
	return err
}

// valueStart skips the white space and colon after a key.
func valueStart(data []byte, off int64) int64 {
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

// lineAt is the 1-based line of a byte offset.
func lineAt(data []byte, off int64) int {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	if off < 0 {
		off = 0
	}
	return 1 + bytes.Count(data[:off], []byte("\n"))
}

// lifecycles are the scripts a package manager's own commands run, in
// order (npm's documentation, "Life Cycle Operation Order").
var lifecycles = map[string][]string{
	"publish": {"prepublishOnly", "prepack", "prepare", "postpack", "publish", "postpublish"},
	"pack":    {"prepack", "prepare", "postpack"},
	"install": {"preinstall", "install", "postinstall", "prepublish", "preprepare", "prepare", "postprepare"},
	"ci":      {"preinstall", "install", "postinstall", "prepublish", "preprepare", "prepare", "postprepare"},
	"version": {"preversion", "version", "postversion"},
	"restart": {"prerestart", "prestop", "stop", "poststop", "prestart", "start", "poststart", "restart", "postrestart"},
}

// Run lists the scripts `npm run NAME` runs, in order: preNAME, NAME
// and postNAME (npm and yarn 1 run pre and post scripts; the others may
// not, and running more is the safe reading). ok is false when there is
// no script NAME. npm start without a "start" script runs `node
// server.js`, which is not listed.
func (p *Package) Run(name string) (scripts []Script, ok bool) {
	s, ok := p.Scripts[name]
	if !ok {
		return nil, false
	}
	if pre, ok := p.Scripts["pre"+name]; ok && !strings.HasPrefix(name, "pre") {
		scripts = append(scripts, pre)
	}
	scripts = append(scripts, s)
	if post, ok := p.Scripts["post"+name]; ok && !strings.HasPrefix(name, "post") {
		scripts = append(scripts, post)
	}
	return scripts, true
}

// Lifecycle lists the scripts a package manager's own command runs
// (publish, pack, install, ci, version), in order; nil for other
// commands or when the package has none of them.
func (p *Package) Lifecycle(command string) []Script {
	var out []Script
	for _, n := range lifecycles[command] {
		if s, ok := p.Scripts[n]; ok {
			out = append(out, s)
		}
	}
	return out
}
