// Package toxconf reads a tox configuration for what tox runs in each
// environment and which variables of its own environment reach those
// commands: tox.ini, setup.cfg ([tox:tox] and [testenv...]), pyproject.toml
// ([tool.tox], native or legacy_tox_ini) and tox.toml. INI files are read
// with gopkg.in/ini.v1, TOML with github.com/BurntSushi/toml.
//
// A command keeps tox's {posargs} ({posargs:DEFAULT}) for the caller to
// fill; {env:NAME} becomes $NAME, and the folder substitutions become
// paths from the configuration's folder.
package toxconf

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"
	"gopkg.in/ini.v1"
)

// ErrorLine is the line a Parse error names, 0 when it names none.
func ErrorLine(err error) int {
	var pe toml.ParseError
	if errors.As(err, &pe) {
		return pe.Position.Line
	}
	return 0
}

// Names are the files tox looks for its configuration in, in its order.
var Names = []string{"tox.ini", "setup.cfg", "pyproject.toml", "tox.toml"}

// Command is one command of an environment: its words as a shell command
// line, and its line in the file (0 when it cannot be placed).
type Command struct {
	Text string
	Line int
	// key is the key it was written under: commands_pre, commands or
	// commands_post (an environment takes the base's per key).
	key string
}

// keyed is c written under key k.
func (c Command) keyed(k string) Command {
	c.key = k
	return c
}

// Env is one tox environment: the commands it runs (commands_pre,
// commands, commands_post, in that order), the patterns of the variables
// tox passes to them (pass_env), and the variables it sets (set_env, with
// {env:NAME} as $NAME).
type Env struct {
	Name     string
	Commands []Command
	PassEnv  []string
	SetEnv   map[string]string
	// Line is the line of the environment's section, 0 when not known.
	Line int
}

// Config is what a configuration says of its environments.
type Config struct {
	// Found is false when the file holds no tox configuration (a
	// setup.cfg or pyproject.toml without it).
	Found bool
	// EnvList is env_list (envlist): the environments tox runs when no
	// -e names any.
	EnvList []string
	// Envs are the environments the configuration declares, the base's
	// keys merged into each.
	Envs map[string]*Env
	// Base is the base every environment takes its keys from ([testenv],
	// env_run_base): an environment the configuration does not declare
	// (py312) runs with it.
	Base *Env
}

// Env is the environment tox runs for a name: a declared one, else one
// made from the base; nil when there is no configuration.
func (c *Config) Env(name string) *Env {
	if c == nil || !c.Found {
		return nil
	}
	if e, ok := c.Envs[name]; ok {
		return e
	}
	e := *c.Base
	e.Name = name
	e.Commands = nil
	for _, key := range commandKeys {
		e.Commands = append(e.Commands, c.Base.inherited(key, name)...)
	}
	return &e
}

// Passes reports whether tox passes the variable name from its own
// environment to an environment's commands: a pass_env pattern matches it
// (fnmatch, as tox does). Variables tox passes by default (PATH, HOME,
// PIP_*, proxies...) hold no credential and are not listed.
func (e *Env) Passes(name string) bool {
	for _, p := range e.PassEnv {
		if ok, err := path.Match(p, name); err == nil && ok {
			return true
		}
	}
	return false
}

// Parse reads the configuration in a file named name (its base name says
// its format).
func Parse(name string, data []byte) (*Config, error) {
	switch base := path.Base(name); {
	case base == "pyproject.toml":
		return parsePyproject(data)
	case strings.HasSuffix(base, ".toml"):
		return parseTOML(data, nil, nil)
	case base == "setup.cfg":
		return parseINI(data, "tox:tox", 0)
	default:
		return parseINI(data, "tox", 0)
	}
}

// keys of an environment, in INI and TOML spelling.
var (
	commandKeys = []string{"commands_pre", "commands", "commands_post"}
	passKeys    = []string{"pass_env", "passenv"}
	setKeys     = []string{"set_env", "setenv"}
	listKeys    = []string{"env_list", "envlist"}
)

func parseINI(data []byte, toxSection string, lineOffset int) (*Config, error) {
	f, err := ini.LoadSources(ini.LoadOptions{AllowPythonMultilineValues: true, IgnoreInlineComment: true, KeyValueDelimiters: "=",
		SkipUnrecognizableLines: true, Insensitive: false, AllowShadows: false}, data)
	if err != nil {
		return nil, fmt.Errorf("tox configuration: %w", err)
	}
	c := &Config{Envs: map[string]*Env{}}
	if s, err := f.GetSection(toxSection); err == nil {
		c.Found = true
		c.EnvList = splitList(iniValue(s, listKeys))
	}
	lines := newLineIndex(data, lineOffset)
	ref := func(section, key string) (string, bool) {
		s, err := f.GetSection(section)
		if err != nil || !s.HasKey(key) {
			return "", false
		}
		return s.Key(key).Value(), true
	}
	base := &Env{SetEnv: map[string]string{}}
	if s, err := f.GetSection("testenv"); err == nil {
		c.Found = true
		base = iniEnv(s, "", nil, lines, ref)
	}
	c.Base = base
	for _, s := range f.Sections() {
		name, ok := strings.CutPrefix(s.Name(), "testenv:")
		if !ok {
			continue
		}
		c.Found = true
		for _, n := range splitList(name) {
			c.Envs[n] = iniEnv(s, n, base, lines, ref)
		}
	}
	return c, nil
}

// iniValue is the first of keys a section sets.
func iniValue(s *ini.Section, keys []string) string {
	for _, k := range keys {
		if s.HasKey(k) {
			return s.Key(k).Value()
		}
	}
	return ""
}

// newEnv is an environment that takes base's pass_env and set_env (base
// nil for the base itself).
func newEnv(name string, base *Env, line int) *Env {
	e := &Env{Name: name, SetEnv: map[string]string{}, Line: line}
	if base != nil {
		e.PassEnv = slices.Clone(base.PassEnv)
		maps.Copy(e.SetEnv, base.SetEnv)
	}
	return e
}

// inherited is the base's commands written under key, with the
// environment's name written in; none for a nil base.
func (base *Env) inherited(key, name string) []Command {
	if base == nil {
		return nil
	}
	var out []Command
	for _, c := range base.Commands {
		if c.key == key {
			out = append(out, Command{Text: substitute(c.Text, name, nil), Line: c.Line}.keyed(key))
		}
	}
	return out
}

// iniEnv reads an environment's section over base.
func iniEnv(s *ini.Section, name string, base *Env, lines *lineIndex, ref func(section, key string) (string, bool)) *Env {
	e := newEnv(name, base, lines.find(0, "["+s.Name()+"]"))
	for _, key := range commandKeys {
		if !s.HasKey(key) {
			e.Commands = append(e.Commands, base.inherited(key, name)...)
			continue
		}
		for _, c := range iniCommands(s.Key(key).Value(), name, e.Line, lines, ref) {
			e.Commands = append(e.Commands, c.keyed(key))
		}
	}
	if v := iniValue(s, passKeys); v != "" {
		e.PassEnv = append(e.PassEnv, splitList(v)...)
	}
	if v := iniValue(s, setKeys); v != "" {
		for _, l := range strings.Split(v, "\n") {
			k, val, ok := strings.Cut(strings.TrimSpace(l), "=")
			if !ok || strings.HasPrefix(strings.TrimSpace(l), "file|") {
				continue
			}
			e.SetEnv[strings.TrimSpace(k)] = substitute(strings.TrimSpace(val), name, ref)
		}
	}
	return e
}

// iniCommands splits a commands value into its commands: one a line,
// backslash continuing it; comments and blank lines dropped.
func iniCommands(v, name string, after int, lines *lineIndex, ref func(section, key string) (string, bool)) []Command {
	var out []Command
	var cur strings.Builder
	for _, l := range strings.Split(v, "\n") {
		t := strings.TrimSpace(l)
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		if strings.HasSuffix(t, "\\") {
			cur.WriteString(strings.TrimSuffix(t, "\\") + " ")
			continue
		}
		cur.WriteString(t)
		text := strings.Join(strings.Fields(cur.String()), " ")
		cur.Reset()
		line := lines.find(after, firstLine(text))
		out = append(out, Command{Text: substitute(stripPrefix(text), name, ref), Line: line})
	}
	if cur.Len() > 0 {
		text := strings.TrimSpace(cur.String())
		out = append(out, Command{Text: substitute(stripPrefix(text), name, ref), Line: lines.find(after, firstLine(text))})
	}
	return out
}

// stripPrefix drops tox's - (ignore the exit code) and ! (expect failure)
// before a command.
func stripPrefix(s string) string {
	return strings.TrimSpace(strings.TrimLeft(s, "-! "))
}

// firstLine is what a command's line starts with, to find it in the
// file: its first two words (the value a parser gives may have joined
// continued lines).
func firstLine(s string) string {
	w := strings.Fields(strings.TrimLeft(s, "-! "))
	return strings.Join(w[:min(2, len(w))], " ")
}

// substRE matches one {...} substitution (no nested braces).
var substRE = regexp.MustCompile(`\{([^{}]*)\}`)

// substitute writes tox's substitutions: {env:NAME[:default]} as $NAME,
// folder names as paths, [section]key references as their value;
// {posargs...} stays for the caller, others stay as written.
func substitute(s, name string, ref func(section, key string) (string, bool)) string {
	return substRE.ReplaceAllStringFunc(s, func(m string) string {
		body := m[1 : len(m)-1]
		switch {
		case strings.HasPrefix(body, "posargs"):
			return m
		case strings.HasPrefix(body, "env:"):
			n, _, _ := strings.Cut(strings.TrimPrefix(body, "env:"), ":")
			return "${" + n + "}"
		case body == "toxinidir" || body == "tox_root" || body == "toxinidir/" || body == "tox_root/":
			return "."
		case body == "envpython" || body == "env_python":
			return "python"
		case name == "" && (body == "envbindir" || body == "env_bin_dir" || body == "envdir" || body == "env_dir" || body == "envname" || body == "env_name"):
			return m // the base's: written when an environment takes it
		case body == "envbindir" || body == "env_bin_dir":
			return ".tox/" + name + "/bin"
		case body == "envdir" || body == "env_dir":
			return ".tox/" + name
		case body == "envname" || body == "env_name":
			return name
		case body == "/":
			return "/"
		case strings.HasPrefix(body, "[") && ref != nil:
			sec, key, ok := strings.Cut(strings.TrimPrefix(body, "["), "]")
			if ok {
				if v, found := ref(sec, key); found {
					return strings.Join(strings.Fields(v), " ")
				}
			}
		}
		return m
	})
}

// splitList splits a list of names written with commas, blanks or lines.
func splitList(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\n' || r == '\t' })
}

// parsePyproject reads [tool.tox]: native tables, or legacy_tox_ini.
func parsePyproject(data []byte) (*Config, error) {
	var doc map[string]any
	if _, err := toml.NewDecoder(bytes.NewReader(data)).Decode(&doc); err != nil {
		return nil, fmt.Errorf("pyproject.toml: %w", err)
	}
	tool, _ := doc["tool"].(map[string]any)
	tox, ok := tool["tox"].(map[string]any)
	if !ok {
		return &Config{Envs: map[string]*Env{}, Base: &Env{SetEnv: map[string]string{}}}, nil
	}
	if legacy, ok := tox["legacy_tox_ini"].(string); ok {
		first, _, _ := strings.Cut(strings.TrimLeft(legacy, "\n"), "\n")
		offset := bytes.Index(data, []byte(strings.TrimSpace(first)))
		return parseINI([]byte(legacy), "tox", bytes.Count(data[:max(offset, 0)], []byte("\n")))
	}
	return parseTOML(data, tox, []string{"tool", "tox"})
}

// parseTOML reads tox.toml, or the [tool.tox] table root of a pyproject.
func parseTOML(data []byte, root map[string]any, prefix []string) (*Config, error) {
	if root == nil {
		if _, err := toml.NewDecoder(bytes.NewReader(data)).Decode(&root); err != nil {
			return nil, fmt.Errorf("tox.toml: %w", err)
		}
	}
	c := &Config{Found: true, Envs: map[string]*Env{}}
	c.EnvList = stringList(root["env_list"])
	lines := newLineIndex(data, 0)
	sect := func(name string) string { return "[" + strings.Join(append(slices.Clone(prefix), name), ".") + "]" }
	base, _ := root["env_run_base"].(map[string]any)
	c.Base = tomlEnv(base, "", nil, lines, lines.find(0, sect("env_run_base")))
	envs, _ := root["env"].(map[string]any)
	for _, n := range sortedKeys(envs) {
		t, _ := envs[n].(map[string]any)
		c.Envs[n] = tomlEnv(t, n, c.Base, lines, lines.find(0, sect("env."+n)))
	}
	return c, nil
}

func sortedKeys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// tomlEnv reads an environment's table over base.
func tomlEnv(t map[string]any, name string, base *Env, lines *lineIndex, line int) *Env {
	e := newEnv(name, base, line)
	for _, key := range commandKeys {
		cmds, set := t[key].([]any)
		if !set {
			e.Commands = append(e.Commands, base.inherited(key, name)...)
			continue
		}
		for _, c := range cmds {
			words := tomlWords(c, name)
			if len(words) == 0 {
				continue
			}
			text := strings.Join(words, " ")
			e.Commands = append(e.Commands, Command{Text: text, Line: lines.find(line, `"`+strings.Trim(words[0], `'`))}.keyed(key))
		}
	}
	e.PassEnv = append(e.PassEnv, stringList(t["pass_env"])...)
	if se, ok := t["set_env"].(map[string]any); ok {
		for k, v := range se {
			switch v := v.(type) {
			case string:
				e.SetEnv[k] = substitute(v, name, nil)
			case map[string]any:
				if v["replace"] == "env" {
					if n, ok := v["name"].(string); ok {
						e.SetEnv[k] = "${" + n + "}"
					}
				}
			}
		}
	}
	return e
}

// tomlWords renders one TOML command (a list of words, strings or
// replacement tables) as shell-quoted words.
func tomlWords(c any, name string) []string {
	list, ok := c.([]any)
	if !ok {
		return nil
	}
	var out []string
	for _, w := range list {
		switch w := w.(type) {
		case string:
			out = append(out, quoteWord(substitute(w, name, nil)))
		case map[string]any:
			switch w["replace"] {
			case "posargs":
				def := stringList(w["default"])
				out = append(out, "{posargs:"+strings.Join(def, " ")+"}")
			case "env":
				if n, ok := w["name"].(string); ok {
					out = append(out, `"${`+n+`}"`)
				}
			default:
				out = append(out, "{value}")
			}
		}
	}
	if len(out) > 0 {
		out[0] = strings.TrimLeft(out[0], "-!")
	}
	return out
}

// quoteWord quotes a word for the shell when it needs it; $NAME written by
// substitute stays expandable.
func quoteWord(s string) string {
	if s == "" {
		return "''"
	}
	if !strings.ContainsAny(s, " \t\n'\"\\|&;<>()`*?[]#~") {
		return s
	}
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`, "`", "\\`").Replace(s) + `"`
}

// stringList reads a TOML list of strings (or one string).
func stringList(v any) []string {
	switch v := v.(type) {
	case string:
		return splitList(v)
	case []any:
		var out []string
		for _, x := range v {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// lineIndex finds the lines texts are on.
type lineIndex struct {
	lines  []string
	offset int
}

func newLineIndex(data []byte, offset int) *lineIndex {
	return &lineIndex{lines: strings.Split(string(data), "\n"), offset: offset}
}

// find is the 1-based line, at or after line after, holding text; 0
// when none does.
func (x *lineIndex) find(after int, text string) int {
	text = strings.TrimSpace(text)
	if text == "" {
		return 0
	}
	start := max(after-x.offset-1, 0)
	for i := start; i < len(x.lines); i++ {
		if strings.Contains(x.lines[i], text) {
			return i + 1 + x.offset
		}
	}
	return 0
}
