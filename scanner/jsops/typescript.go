package jsops

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/evanw/esbuild/pkg/api"
)

// Actions and repository scripts are often written in TypeScript. esbuild
// removes the types (it parses TypeScript as TypeScript, which no
// hand-made stripping does safely); its source map brings each line of the
// JavaScript back to the line of the TypeScript it came from, for
// evidence.

// TypeScriptToJS compiles TypeScript (tsx for .tsx files) to JavaScript
// and returns, for each line of the JavaScript (1-based, index 0 unused),
// the line of the TypeScript it came from (0 when not known). Code that
// does not compile is a *SyntaxError at its TypeScript line.
func TypeScriptToJS(name, code string, tsx bool) (string, []int, error) {
	loader := api.LoaderTS
	if tsx {
		loader = api.LoaderTSX
	}
	res := api.Transform(code, api.TransformOptions{
		Loader: loader, Sourcemap: api.SourceMapExternal, Sourcefile: name,
		Target: api.ESNext, LogLevel: api.LogLevelSilent,
	})
	if len(res.Errors) > 0 {
		e := res.Errors[0]
		line := 0
		if e.Location != nil {
			line = e.Location.Line
		}
		col := 0
		if e.Location != nil {
			col = e.Location.Column + 1
		}
		return "", nil, &SyntaxError{Line: line, Col: col, Msg: "typescript: " + e.Text}
	}
	lines, err := sourceMapLines(res.Map)
	if err != nil {
		return "", nil, fmt.Errorf("typescript: %w", err)
	}
	return string(res.Code), lines, nil
}

// sourceMapLines reads a source map (version 3) and returns, for each
// generated line, the original line of its first segment.
func sourceMapLines(raw []byte) ([]int, error) {
	var m struct {
		Mappings string `json:"mappings"`
	}
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, fmt.Errorf("source map: %w", err)
	}
	out := []int{0}
	origLine := 0 // 0-based, carried across segments as the format says
	for _, line := range strings.Split(m.Mappings, ";") {
		first := 0
		for _, seg := range strings.Split(line, ",") {
			if seg == "" {
				continue
			}
			f, err := vlqFields(seg)
			if err != nil {
				return nil, err
			}
			if len(f) >= 4 {
				origLine += f[2]
				if first == 0 {
					first = origLine + 1
				}
			}
		}
		out = append(out, first)
	}
	return out, nil
}

// vlqFields decodes one segment's base64 VLQ fields.
func vlqFields(seg string) ([]int, error) {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	var out []int
	v, shift := 0, 0
	for i := 0; i < len(seg); i++ {
		d := strings.IndexByte(alphabet, seg[i])
		if d < 0 {
			return nil, errors.New("source map: bad VLQ digit")
		}
		if shift > 28 {
			return nil, errors.New("source map: VLQ value too long")
		}
		v |= (d & 31) << shift
		shift += 5
		if d&32 != 0 {
			continue
		}
		n := v >> 1
		if v&1 != 0 {
			n = -n
		}
		out = append(out, n)
		v, shift = 0, 0
	}
	return out, nil
}
