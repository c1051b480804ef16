package repocode

import (
	"bytes"
	"maps"
	"path"
	"slices"
	"strings"

	"github.com/pat2app/pat2app/scanner/codeflow"
	"github.com/pat2app/pat2app/scanner/pwshops"
	"github.com/pat2app/pat2app/scanner/shellops"
)

// Languages of the files a command runs.
const (
	langShell  = "shell"
	langSh     = "sh"
	langNode   = "node"
	langPython = "python"
	langGo     = "go"
	// langPowerShell is read by scanner/pwshops; languageNames gives it
	// to .ps1 files and the pwsh and powershell interpreters.
	langPowerShell = "PowerShell"
)

// languageNames are the languages pat2app does not read, by extension or
// interpreter, for the note that says so.
var languageNames = map[string]string{
	".rb": "Ruby", "ruby": "Ruby", ".pl": "Perl", "perl": "Perl", ".ps1": "PowerShell", ".psm1": "PowerShell", ".psd1": "PowerShell",
	"pwsh": "PowerShell", "powershell": "PowerShell", ".php": "PHP", "php": "PHP",
	".lua": "Lua", "lua": "Lua", ".r": "R", "rscript": "R", ".java": "Java", ".kts": "Kotlin script",
}

// interpreterLanguage maps an interpreter's base name to the language it
// runs.
func interpreterLanguage(prog string) string {
	prog = strings.TrimSuffix(strings.ToLower(prog), ".exe")
	switch {
	case prog == "bash" || prog == "zsh" || prog == "ksh":
		return langShell
	case prog == "sh" || prog == "dash" || prog == "ash" || prog == "source" || prog == ".":
		return langSh
	case prog == "node" || prog == "nodejs" || prog == "tsx" || prog == "ts-node" || prog == "bun" || prog == "deno" || prog == "esno" || prog == "jiti":
		return langNode
	case strings.HasPrefix(prog, "python") || prog == "py" || prog == "pypy3":
		return langPython
	}
	if n, ok := languageNames[prog]; ok {
		return n
	}
	return ""
}

// language says what language the file p is, from the interpreter that
// runs it, its extension or its #! line. A file run directly without any
// is run by sh.
func language(program, p string, data []byte) string {
	if program != "" {
		if l := interpreterLanguage(program); l != "" {
			return l
		}
	}
	switch ext := strings.ToLower(path.Ext(p)); ext {
	case ".sh", ".bash":
		if ext == ".bash" {
			return langShell
		}
		if l := shebangLanguage(data); l != "" {
			return l
		}
		return langSh
	case ".js", ".mjs", ".cjs", ".ts", ".mts", ".cts":
		return langNode
	case ".py":
		return langPython
	case ".go":
		return langGo
	default:
		if n, ok := languageNames[ext]; ok {
			return n
		}
	}
	if l := shebangLanguage(data); l != "" {
		return l
	}
	return langSh
}

// shebangLanguage reads the interpreter of a #! line.
func shebangLanguage(data []byte) string {
	if !bytes.HasPrefix(data, []byte("#!")) {
		return ""
	}
	line := data[2:]
	if i := bytes.IndexByte(line, '\n'); i >= 0 {
		line = line[:i]
	}
	words := strings.Fields(string(line))
	if len(words) == 0 {
		return ""
	}
	prog := path.Base(words[0])
	if prog == "env" {
		prog = ""
		for _, w := range words[1:] {
			if strings.HasPrefix(w, "-") || strings.Contains(w, "=") {
				continue
			}
			prog = w
			break
		}
	}
	if prog == "nix" || prog == "nix-shell" {
		if p := nixInterpreter(data); p != "" {
			prog = p
		}
	}
	if l := interpreterLanguage(path.Base(prog)); l != "" {
		return l
	}
	return "an unknown language (" + path.Base(prog) + ")"
}

// nixInterpreter is the program a Nix shebang runs the script with: the
// command `nix shell ... -c PROGRAM` (or --command) runs, or the
// interpreter `nix-shell -i PROGRAM` names on its #! lines (the first line
// or the ones after it); "" when none is named.
// (nix.dev/manual/nix/stable/command-ref/nix-shell: "#! nix-shell -i
// real-interpreter"; command-ref/new-cli/nix3-shell: --command / -c.)
func nixInterpreter(data []byte) string {
	for i, line := range strings.Split(string(data), "\n") {
		if !strings.HasPrefix(line, "#!") {
			if i > 0 {
				break
			}
			continue
		}
		words := strings.Fields(strings.TrimPrefix(line, "#!"))
		for j := 0; j+1 < len(words); j++ {
			switch words[j] {
			case "-c", "--command", "-i":
				return words[j+1]
			}
		}
	}
	return ""
}

// runFile follows a file run directly, by an interpreter or with source.
func (f *Follower) runFile(r *shellops.Run) shellops.Followed {
	if dir, pattern, ok := filePattern(r.Target); ok {
		return f.runPattern(r, dir, pattern)
	}
	p, why, ok := resolveRun(r, r.Target)
	if !ok {
		return shellops.Followed{Note: why}
	}
	fl := f.read(p)
	if fl.missing && r.Kind != shellops.RunSource {
		// Built by the job (tsc writes dist/x.js from src/x.ts): its
		// TypeScript source says what it does.
		if src, ok := f.compiledFrom(p); ok {
			fl = f.read(src)
		}
	}
	if fl.missing {
		return shellops.Followed{Note: p + " is not in the checkout", Absent: true}
	}
	if fl.err != nil {
		return shellops.Followed{Handled: true, Uses: unread(r, p, 0, "", "could not be read: "+fl.err.Error())}
	}
	lang := language(r.Program, fl.path, fl.data)
	if r.Kind == shellops.RunSource {
		lang = langShell
	}
	return f.readFile(r, fl, lang)
}

// readFile follows the credentials of r into a file of a language.
func (f *Follower) readFile(r *shellops.Run, fl *file, lang string) shellops.Followed {
	switch lang {
	case langShell, langSh, langPowerShell:
		return f.shellFile(r, fl, lang)
	case langNode:
		return f.nodeFile(r, fl)
	case langPython:
		return f.pythonFile(r, fl)
	case langGo:
		// go run file.go runs through go's own command.
		sub := *r
		sub.Kind, sub.Sub, sub.Target, sub.Dir, sub.DirKnown = shellops.RunGo, "run", fl.path, ".", true
		sub.Base.RepoRoot = ""
		return f.runGo(&sub)
	}
	res, why, ok := f.blindFile(r, fl, lang)
	if ok {
		return res
	}
	if why != "" {
		why = " (" + why + ")"
	}
	return shellops.Followed{Note: fl.path + " is " + articled(lang) + " file, which pat2app does not read" + why}
}

// articled puts "a" or "an" before a language name.
func articled(lang string) string {
	if lang == "" {
		return "a"
	}
	if strings.HasPrefix(lang, "an ") {
		return lang
	}
	switch strings.ToLower(lang[:1]) {
	case "a", "e", "i", "o", "u":
		return "an " + lang
	}
	return "a " + lang
}

// shellFile analyses a shell script (sh, bash, or PowerShell, read by
// scanner/pwshops) with the environment, arguments and working directory
// the command gives it.
func (f *Follower) shellFile(r *shellops.Run, fl *file, lang string) shellops.Followed {
	if why, ok := f.push(fl.path); !ok {
		if why == "runs itself" {
			return shellops.Followed{Handled: true, Accounted: true}
		}
		return shellops.Followed{Handled: true, Uses: unread(r, fl.path, 0, "", why)}
	}
	defer f.pop()
	shell := "bash"
	switch lang {
	case langSh:
		shell = "sh"
	case langPowerShell:
		shell = "pwsh"
	}
	key := memoKey("sh", fl.path, shell+"\x00"+r.Call, r)
	if res, ok := f.memo[key]; ok {
		return copyFollowed(res)
	}
	name := r.Base.Name
	if r.Kind == shellops.RunFile {
		name = r.Target // a sourced file keeps its caller's $0
	}
	// The PowerShell reader does not list the programs a script runs
	// that it does not read: a credential it shows no use of may still
	// be used.
	out := shellops.Followed{Handled: true, Accounted: lang != langPowerShell}
	text := string(fl.data)
	// A shell file sourced for its functions (a PowerShell one is read
	// as a script).
	library := r.Kind == shellops.RunSource && lang != langPowerShell
	if library {
		funcs, defs := shellops.SourcedDefinitions(text)
		if r.Call != "" {
			// A later call of one of its functions: its definitions,
			// then the call with the caller's arguments, on a line past
			// the file's own.
			text = defs + "\n" + r.Call + ` "$@"` + "\n"
		} else {
			out.Funcs = funcs
		}
	}
	f.shellText(r, fl.path, shellPiece{text: text, shell: shell, start: 1, env: r.Env,
		dir: r.Dir, dirUnknown: !r.DirKnown, args: r.Args, name: name, what: "is only partly read",
		library: library}, r.Base.Stored, &out)
	f.memo[key] = out
	return copyFollowed(out)
}

// shellPiece is shell text of a repository file: a script, a recipe
// line, a package script.
type shellPiece struct {
	text       string
	shell      string
	start      int // its first line in the file
	env        map[string][]string
	dir        string
	dirUnknown bool
	args       []shellops.Arg
	name       string // $0
	// what says how the piece is partly read when it does not parse.
	what string
	// library is set for a sourced file (shellops.Input.Library).
	library bool
}

// shellText analyses a piece of the file p as the run r gives it, adding
// what it finds to out, with stored (what tool configuration holds
// before it); it returns what tool configuration holds after it.
func (f *Follower) shellText(r *shellops.Run, p string, sp shellPiece, stored []shellops.Stored, out *shellops.Followed) []shellops.Stored {
	in := r.Base
	in.Script = sp.text
	in.Shell = sp.shell
	in.StartLine = sp.start
	in.Cred = sp.env
	in.Args = sp.args
	in.Name = sp.name
	in.Dir, in.DirUnknown = sp.dir, sp.dirUnknown
	in.Library = sp.library
	in.Stored = stored
	in.ImplicitGH = nil
	for _, n := range codeflow.GitHubTokenVars {
		in.ImplicitGH = codeflow.Union(in.ImplicitGH, sp.env[n]...)
	}
	in.Follow = f
	in.Nested = true
	if out.TreeWorkflows != "" && in.TreeWorkflows == "" {
		in.TreeWorkflows = out.TreeWorkflows // an earlier part of the file
	}
	var res shellops.Result
	if sp.shell == "pwsh" {
		res = pwshops.Analyze(in)
	} else {
		res = shellops.Analyze(in)
	}
	if res.TreeWorkflows != "" && res.TreeWorkflows != in.TreeWorkflows && out.TreeWorkflows == "" {
		out.TreeWorkflows = res.TreeWorkflows
		if strings.HasPrefix(res.TreeWorkflows, "line ") {
			// This file's own line; a deeper file's reason names it.
			out.TreeWorkflows = p + " " + res.TreeWorkflows
		}
	}
	out.Uses = append(out.Uses, locate(res.Uses, p)...)
	if sp.library && r.Call == "" {
		// The functions of the files it sources are offered with its
		// own: a call of one reads it again with those sources kept.
		for _, fn := range res.SourcedFuncs {
			if _, inherited := r.Base.SourcedFuncs[fn]; !inherited && !slices.Contains(out.Funcs, fn) {
				out.Funcs = append(out.Funcs, fn)
			}
		}
	}
	out.EnvWrites = append(out.EnvWrites, res.EnvWrites...)
	out.Clones = shellops.MergedRepos(out.Clones, res.Clones)
	out.Remotes = shellops.MergedRepos(out.Remotes, res.Remotes)
	out.HasLoops = out.HasLoops || res.HasLoops
	for _, pu := range res.Pending {
		pu.Use = locate([]shellops.Use{pu.Use}, p)[0]
		out.Pending = append(out.Pending, pu)
	}
	if res.ReadsIndirect {
		// ${!name} may read any variable of the environment the file
		// runs with: every credential in it may be used unseen.
		var creds []string
		for _, n := range slices.Sorted(maps.Keys(sp.env)) {
			creds = codeflow.Union(creds, sp.env[n]...)
		}
		if len(creds) > 0 {
			out.Unread = append(out.Unread, shellops.UnreadProgram{Program: p + " (it reads variables by names made at run time, ${!name})", File: p, Credentials: creds})
		}
	}
	for _, o := range res.Unread {
		if o.File == "" {
			o.File, o.FileLine = p, o.Line
		}
		if len(o.NPMRC) > 0 && !f.npmrcNames(o, r.Base.RepoRoot) {
			continue
		}
		out.Unread = append(out.Unread, o)
	}
	if pe := res.ParseError; pe != nil {
		line := pe.Line
		if line == 0 {
			line = sp.start
		}
		out.Uses = append(out.Uses, unread(r, p, line, sp.text, sp.what+": "+pe.Message)...)
	}
	if len(res.Stored) > 0 {
		out.Stored = res.Stored
		return res.Stored
	}
	return stored
}

// memoKey identifies an analysis of a file for one run's inputs.
func memoKey(reader, p, variant string, r *shellops.Run) string {
	var b strings.Builder
	b.WriteString(reader + "\x00" + p + "\x00" + variant + "\x00" + r.Dir)
	if !r.DirKnown {
		b.WriteString("?")
	}
	for _, n := range slices.Sorted(maps.Keys(r.Env)) {
		b.WriteString("\x00" + n + "=" + strings.Join(r.Env[n], ","))
	}
	// The variables set without credentials decide make's $(if), and the
	// values known of them (a matrix entry one reading of the step writes
	// in) what the code reaches.
	b.WriteString("\x01" + strings.Join(r.EnvSet, ","))
	for _, n := range slices.Sorted(maps.Keys(r.Base.Known)) {
		b.WriteString("\x00" + n + "=" + r.Base.Known[n])
	}
	b.WriteString("\x01")
	for _, a := range r.Args {
		b.WriteString(a.Text + "\x02" + strings.Join(a.Creds, ",") + "\x00")
	}
	b.WriteString("\x01" + strings.Join(r.Base.Persisted, ",") + "\x01" + r.Base.TreeWorkflows)
	for _, fn := range slices.Sorted(maps.Keys(r.Base.SourcedFuncs)) {
		b.WriteString("\x00" + fn + "=" + r.Base.SourcedFuncs[fn].Target) // what a sourced file may call
	}
	for _, st := range r.Base.Stored {
		b.WriteString("\x00" + st.Tool + "|" + st.Host + "|" + st.Name + "|" + strings.Join(st.Credentials, ","))
	}
	return b.String()
}

// copyFollowed copies the slices of a memoised result, which callers
// change.
func copyFollowed(f shellops.Followed) shellops.Followed {
	f.Uses = append([]shellops.Use(nil), f.Uses...)
	f.Pending = append([]shellops.Pending(nil), f.Pending...)
	f.EnvWrites = append([]shellops.EnvWrite(nil), f.EnvWrites...)
	f.Stored = append([]shellops.Stored(nil), f.Stored...)
	f.Unread = append([]shellops.UnreadProgram(nil), f.Unread...)
	return f
}

// npmrcNames reports whether an npm registry command may read a
// credential through an .npmrc: one of the repository's .npmrc files,
// from the command's folder up to the root, names a variable that holds
// it (npm replaces ${VAR} in .npmrc with the variable's value,
// docs.npmjs.com/cli/configuring-npm/npmrc). An unknown folder counts as
// may.
func (f *Follower) npmrcNames(o shellops.UnreadProgram, root string) bool {
	if !o.DirKnown {
		return true
	}
	for d := path.Clean(o.Dir); ; d = path.Dir(d) {
		q, _, ok := resolve(d, true, ".npmrc", root)
		if ok {
			if fl := f.read(q); !fl.missing {
				if fl.err != nil {
					return true
				}
				for _, n := range o.NPMRC {
					if shellops.Mentions(string(fl.data), n) {
						return true
					}
				}
			}
		}
		if d == "." || d == "/" || d == "" {
			return false
		}
	}
}
