// Package packagejson reads the scripts of a package.json with the line
// each is written on, and says which of them a package manager runs for
// `npm run NAME`, `npm test`, `npm publish` or `npm install`: the pre and
// post scripts around a script, and the lifecycle scripts of publish and
// install.
package packagejson

import (
	"bytes"
	"encoding/json"
	"sort"
	"strings"

	"github.com/pat2app/pat2app/scanner/jsonpos"
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
	// Workspaces is true when the package declares workspaces, and
	// WorkspaceGlobs are their folder patterns ("packages/*"): the
	// array, or the object's "packages" (yarn's form).
	Workspaces     bool
	WorkspaceGlobs []string
	// Bins are the commands the package installs ("bin"), by name: the
	// file each runs, as written. A "bin" string is one command named
	// for the package (its name without the @scope/).
	Bins map[string]string
}

// SyntaxError is a package.json that is not valid JSON.
type SyntaxError = jsonpos.SyntaxError

// Parse reads a package.json. Only "name", "scripts", "workspaces" and
// "bin" are read; other keys are skipped. A document that is not valid JSON, or
// whose top level or "scripts" is not an object, is a *SyntaxError.
func Parse(data []byte) (*Package, error) {
	p := &Package{Scripts: map[string]Script{}}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	fail := func(err error) error {
		line, msg := jsonpos.ErrorAt(data, dec, err)
		return &SyntaxError{Line: line, Msg: msg}
	}
	if line, msg, ok := jsonpos.ObjectStart(data, dec, "the document"); !ok {
		return nil, &SyntaxError{Line: line, Msg: msg}
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
		case "bin":
			var v json.RawMessage
			if err := dec.Decode(&v); err != nil {
				return nil, fail(err)
			}
			p.Bins = bins(v)
		case "workspaces":
			var v json.RawMessage
			if err := dec.Decode(&v); err != nil {
				return nil, fail(err)
			}
			p.Workspaces = true
			p.WorkspaceGlobs = workspaceGlobs(v)
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
	if file, ok := p.Bins[""]; ok {
		// "bin": "./cli.js" names the command for the package.
		delete(p.Bins, "")
		if n := p.Name[strings.LastIndexByte(p.Name, '/')+1:]; n != "" {
			p.Bins[n] = file
		}
	}
	return p, nil
}

// bins reads "bin": an object of command names and files, or one file
// (under the name "", which Parse replaces by the package's); nil for
// any other value.
func bins(raw json.RawMessage) map[string]string {
	var file string
	if json.Unmarshal(raw, &file) == nil {
		return map[string]string{"": file}
	}
	var obj map[string]any
	if json.Unmarshal(raw, &obj) != nil {
		return nil
	}
	out := map[string]string{}
	for name, v := range obj {
		if f, ok := v.(string); ok && name != "" {
			out[name] = f
		}
	}
	return out
}

// workspaceGlobs reads "workspaces": an array of folder patterns, or an
// object whose "packages" is one; nil for any other value.
func workspaceGlobs(raw json.RawMessage) []string {
	var list []string
	if json.Unmarshal(raw, &list) == nil {
		return list
	}
	var obj struct {
		Packages []string `json:"packages"`
	}
	if json.Unmarshal(raw, &obj) == nil {
		return obj.Packages
	}
	return nil
}

// readScripts reads the "scripts" object, noting each value's line.
func (p *Package) readScripts(dec *json.Decoder, data []byte) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return &SyntaxError{Line: jsonpos.Line(data, dec.InputOffset()), Msg: `"scripts" is not an object`}
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		name, _ := tok.(string)
		at := jsonpos.ValueStart(data, dec.InputOffset())
		var v any
		if err := dec.Decode(&v); err != nil {
			return err
		}
		if cmd, ok := v.(string); ok {
			p.Scripts[name] = Script{Name: name, Command: cmd, Line: jsonpos.Line(data, at)}
		}
	}
	_, err = dec.Token() // }
	return err
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

// Names lists the names of the package's scripts in the order the file
// gives them.
func (p *Package) Names() []string {
	out := make([]string, 0, len(p.Scripts))
	for n := range p.Scripts {
		out = append(out, n)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := p.Scripts[out[i]], p.Scripts[out[j]]
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return out[i] < out[j]
	})
	return out
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
