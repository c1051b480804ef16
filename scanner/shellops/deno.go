package shellops

import "strings"

// denoSubcommands are deno's own commands; a first word that is none of
// them is a file deno runs (deno main.ts).
var denoSubcommands = map[string]bool{
	"run": true, "serve": true, "task": true, "test": true, "bench": true, "eval": true, "repl": true,
	"fmt": true, "lint": true, "check": true, "compile": true, "install": true, "i": true, "uninstall": true,
	"cache": true, "doc": true, "info": true, "init": true, "publish": true, "upgrade": true, "vendor": true,
	"add": true, "remove": true, "outdated": true, "update": true, "jupyter": true, "lsp": true, "types": true,
	"completions": true, "coverage": true, "clean": true, "x": true, "approve-scripts": true, "deploy": true,
}

// denoValueFlags are deno run and deno task options written with their
// value as the next word (the others take theirs after "=").
var denoValueFlags = map[string]bool{
	"-c": true, "--config": true, "--import-map": true, "--cert": true, "--location": true, "--seed": true,
	"--ext": true, "-L": true, "--log-level": true, "--preload": true, "--require": true, "--cwd": true,
	"-f": true, "--filter": true, "--port": true, "--host": true,
}

// denoRun names the repository code a deno command runs: the file of
// deno run, deno serve or deno FILE, or the task of deno task (read from
// deno.json, else package.json). A module deno fetches (jsr:, npm:, a
// URL) is not repository code: nil, as for deno's other commands.
func denoRun(args []value) *Run {
	r, _ := denoParse(args)
	return r
}

// denoCodeCommands are deno commands other than run, serve and task that
// run code with the environment they are given: the repository's tests
// and benchmarks, inline code, a package's bin.
var denoCodeCommands = map[string]bool{"test": true, "bench": true, "eval": true, "x": true, "jupyter": true, "repl": true}

// denoParse is denoRun, also returning the subcommand.
func denoParse(args []value) (*Run, string) {
	flags := map[string]string{}
	sub := ""
	for i := 0; i < len(args); i++ {
		s := args[i].String()
		switch {
		case s == "--":
			continue
		case strings.HasPrefix(s, "-"):
			if k, v, ok := strings.Cut(s, "="); ok {
				flags[strings.TrimLeft(k, "-")] = v
			} else if denoValueFlags[s] && i+1 < len(args) {
				flags[strings.TrimLeft(s, "-")] = args[i+1].String()
				i++
			}
			if sub == "task" && (s == "--eval" || strings.HasPrefix(s, "--eval=")) {
				return nil, "task --eval" // the task text is a command line
			}
			continue
		case sub == "" && denoSubcommands[s]:
			sub = s
			if sub != "run" && sub != "serve" && sub != "task" {
				return nil, sub
			}
			continue
		}
		if sub == "task" {
			return &Run{Kind: RunPackageScript, Program: "deno", Sub: "task", Target: s, Flags: flags, Args: runArgs(trimDashDash(args[i+1:]))}, sub
		}
		if denoRemote(s) {
			return nil, sub
		}
		return &Run{Kind: RunFile, Program: "deno", Target: s, Args: runArgs(args[i+1:])}, sub
	}
	return nil, sub
}

// denoTarget is what a deno command runs, as its unresolved entry names
// it ("scripts/release.ts", "deno task release"; "" for none), and
// whether credentials in its environment count as used by it: a file's
// code may read any of them, a task only when its name suggests it (as
// for package scripts).
func denoTarget(args []value) (string, bool) {
	r, sub := denoParse(args)
	switch {
	case r == nil && (denoCodeCommands[sub] || sub == "task --eval"):
		return "deno " + sub, true
	case r == nil:
		for _, x := range args {
			if s := x.String(); denoRemote(s) {
				return s, true // remote code runs with the credentials too
			}
		}
		return "", false
	case r.Kind == RunPackageScript:
		return "deno task " + r.Target, isSuggestive(r.Target)
	}
	return r.Target, true
}

// denoRemote reports a module specifier deno fetches rather than a file
// of the repository.
func denoRemote(s string) bool {
	for _, p := range []string{"jsr:", "npm:", "node:", "http:", "https:", "data:"} {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}
