// Package denojson reads the tasks of a deno.json or deno.jsonc with the
// line each is written on, and says which of them `deno task NAME` runs:
// the task's dependencies first, then the task. Comments and trailing
// commas (JSONC) are allowed in both files, as Deno allows them.
package denojson

import (
	"bytes"
	"encoding/json"

	"github.com/pat2app/pat2app/scanner/jsonpos"
)

// Task is one entry of "tasks": a command string, or an object with a
// command and the tasks it depends on.
type Task struct {
	Name    string
	Command string
	// Line is the line the command's string starts on.
	Line int
	// Dependencies are the tasks that run before this one.
	Dependencies []string
}

// Config is what a deno.json says about the tasks it runs.
type Config struct {
	Tasks map[string]Task
}

// SyntaxError is a document that is not valid JSON with comments, or
// whose top level or "tasks" is not an object.
type SyntaxError = jsonpos.SyntaxError

// Parse reads a deno.json or deno.jsonc. Only "tasks" is read.
func Parse(data []byte) (*Config, error) {
	data = Standardize(data)
	c := &Config{Tasks: map[string]Task{}}
	dec := json.NewDecoder(bytes.NewReader(data))
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
		var raw json.RawMessage
		at := jsonpos.ValueStart(data, dec.InputOffset())
		if err := dec.Decode(&raw); err != nil {
			return nil, fail(err)
		}
		if key, _ := tok.(string); key == "tasks" {
			if err := c.readTasks(raw, data, at); err != nil {
				return nil, err
			}
		}
	}
	if _, err := dec.Token(); err != nil {
		return nil, fail(err)
	}
	return c, nil
}

// readTasks reads the "tasks" object, which starts at offset base of
// data.
func (c *Config) readTasks(raw json.RawMessage, data []byte, base int64) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	if tok, err := dec.Token(); err != nil {
		return &SyntaxError{Line: jsonpos.Line(data, base), Msg: err.Error()}
	} else if d, ok := tok.(json.Delim); !ok || d != '{' {
		return &SyntaxError{Line: jsonpos.Line(data, base), Msg: `"tasks" is not an object`}
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return &SyntaxError{Line: jsonpos.Line(data, base+dec.InputOffset()), Msg: err.Error()}
		}
		name, _ := tok.(string)
		at := jsonpos.ValueStart(data, base+dec.InputOffset())
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return &SyntaxError{Line: jsonpos.Line(data, base+dec.InputOffset()), Msg: err.Error()}
		}
		t := Task{Name: name, Line: jsonpos.Line(data, at)}
		switch {
		case len(v) > 0 && v[0] == '"':
			_ = json.Unmarshal(v, &t.Command) // a valid string: it decoded
		case len(v) > 0 && v[0] == '{':
			var obj struct {
				Command      *string  `json:"command"`
				Dependencies []string `json:"dependencies"`
			}
			if err := json.Unmarshal(v, &obj); err != nil {
				return &SyntaxError{Line: t.Line, Msg: "task " + name + ": " + err.Error()}
			}
			if obj.Command != nil {
				t.Command = *obj.Command
				if i := bytes.Index(v, []byte(`"command"`)); i >= 0 {
					t.Line = jsonpos.Line(data, jsonpos.ValueStart(data, at+int64(i)+int64(len(`"command"`))))
				}
			}
			t.Dependencies = obj.Dependencies
		default:
			continue // not a task Deno runs
		}
		c.Tasks[name] = t
	}
	return nil
}

// Run lists the tasks `deno task NAME` runs, in order: the dependencies
// of NAME (each once, depth first) and then NAME. ok is false when there
// is no task NAME. A dependency that names no task is left out; a cycle
// is cut where it closes.
func (c *Config) Run(name string) (tasks []Task, ok bool) {
	if _, ok := c.Tasks[name]; !ok {
		return nil, false
	}
	seen := map[string]bool{}
	var visit func(n string)
	visit = func(n string) {
		t, ok := c.Tasks[n]
		if !ok || seen[n] {
			return
		}
		seen[n] = true
		for _, d := range t.Dependencies {
			visit(d)
		}
		tasks = append(tasks, t)
	}
	visit(name)
	return tasks, true
}

// Standardize turns JSON with comments and trailing commas into JSON of
// the same length: comments and trailing commas become spaces (newlines
// stay), so offsets and lines are those of the original.
func Standardize(data []byte) []byte {
	out := bytes.Clone(data)
	inString := false
	lastComma := -1 // offset of a comma not yet followed by a value
	for i := 0; i < len(out); i++ {
		b := out[i]
		switch {
		case inString:
			if b == '\\' {
				i++
			} else if b == '"' {
				inString = false
			}
		case b == '"':
			inString, lastComma = true, -1
		case b == '/' && i+1 < len(out) && out[i+1] == '/':
			for ; i < len(out) && out[i] != '\n'; i++ {
				out[i] = ' '
			}
		case b == '/' && i+1 < len(out) && out[i+1] == '*':
			out[i], out[i+1] = ' ', ' '
			for i += 2; i < len(out); i++ {
				if out[i] == '*' && i+1 < len(out) && out[i+1] == '/' {
					out[i], out[i+1] = ' ', ' '
					i++
					break
				}
				if out[i] != '\n' {
					out[i] = ' '
				}
			}
		case b == ',':
			lastComma = i
		case b == '}' || b == ']':
			if lastComma >= 0 {
				out[lastComma] = ' '
			}
			lastComma = -1
		case b == ' ' || b == '\t' || b == '\r' || b == '\n':
		default:
			lastComma = -1
		}
	}
	return out
}
