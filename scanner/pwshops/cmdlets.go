package pwshops

import (
	"strings"

	"github.com/pat2app/pat2app/scanner/shellops"
)

// aliases are PowerShell's built-in aliases of the commands the reader
// knows (Windows PowerShell's curl and wget are handled apart: in
// PowerShell 7 they are the programs).
var aliases = map[string]string{
	"irm": "invoke-restmethod", "iwr": "invoke-webrequest",
	"ac": "add-content", "sc": "set-content", "tee": "tee-object",
	"si": "set-item", "ni": "new-item", "mkdir": "new-item", "md": "new-item",
	"ri": "remove-item", "rm": "remove-item", "del": "remove-item", "erase": "remove-item", "rd": "remove-item", "rmdir": "remove-item",
	"gi": "get-item", "gci": "get-childitem", "ls": "get-childitem", "dir": "get-childitem",
	"gc": "get-content", "cat": "get-content", "type": "get-content",
	"sv": "set-variable", "set": "set-variable", "nv": "new-variable", "gv": "get-variable",
	"%": "foreach-object", "foreach": "foreach-object", "?": "where-object", "where": "where-object",
	"echo": "write-output", "write": "write-output",
	"select": "select-object", "sort": "sort-object", "group": "group-object", "measure": "measure-object",
	"ft": "format-table", "fl": "format-list", "fw": "format-wide", "sls": "select-string", "gm": "get-member",
	"iex": "invoke-expression", "icm": "invoke-command", "saps": "start-process", "start": "start-process", "sajb": "start-job",
	"sleep": "start-sleep", "cd": "set-location", "sl": "set-location", "chdir": "set-location",
	"pushd": "push-location", "popd": "pop-location", "pwd": "get-location", "gl": "get-location",
	"cls": "clear-host", "clear": "clear-host", "oh": "out-host",
	"cp": "copy-item", "copy": "copy-item", "cpi": "copy-item", "mv": "move-item", "move": "move-item", "mi": "move-item",
	"ren": "rename-item", "rni": "rename-item", "rvpa": "resolve-path",
	"gcm": "get-command", "gps": "get-process", "ps": "get-process", "kill": "stop-process", "spps": "stop-process",
	"gsv": "get-service", "gmo": "get-module", "ipmo": "import-module",
}

// cmdlets are the PowerShell commands the reader follows.
var cmdlets = map[string]*cmdlet{}

// httpCmdlet reads Invoke-RestMethod and Invoke-WebRequest.
var httpCmdlet = cmdlet{
	params: []string{"uri", "method", "custommethod", "headers", "body", "token", "authentication", "credential",
		"infile", "outfile", "contenttype", "useragent", "websession", "sessionvariable", "form", "maximumredirection",
		"timeoutsec", "proxy", "proxycredential", "certificate", "certificatethumbprint", "retryintervalsec",
		"maximumretrycount", "httpversion", "connectiontimeoutseconds", "operationtimeoutseconds", "transferencoding",
		"responseheaderstvariable", "statuscodevariable", "skipcertificatecheck"},
	npos: 1,
	switches: []string{"usebasicparsing", "usedefaultcredentials", "allowunencryptedauthentication", "passthru",
		"disablekeepalive", "skipheadervalidation", "skiphttperrorcheck", "noproxy", "preserveauthorizationonredirect",
		"followrellink", "resume", "allowinsecureredirect", "proxyusedefaultcredentials", "preservehttpmethodonredirect"},
}

// contentCmdlet reads Add-Content and Set-Content.
var contentCmdlet = cmdlet{
	params:   []string{"path", "value", "literalpath", "encoding", "stream", "filter", "include", "exclude", "credential"},
	npos:     2,
	switches: []string{"nonewline", "force", "passthru", "asbytestream", "whatif", "confirm"},
}

// filterNames are commands whose output is made of their input and
// arguments: the output carries their credentials.
var filterNames = `write-output select-object sort-object group-object measure-object format-table format-list
format-wide out-string convertto-json convertfrom-json convertto-securestring convertfrom-securestring
convertto-csv convertfrom-csv convertto-xml convertfrom-stringdata join-string select-string get-unique
new-object get-member join-path split-path resolve-path`

// inertNames are commands that do nothing with a credential they are
// given (they print, wait, move files, test).
var inertNames = `write-host write-verbose write-debug write-warning write-error write-information
write-progress out-null out-host out-default start-sleep set-location push-location pop-location get-location
test-path copy-item move-item rename-item get-date get-filehash expand-archive compress-archive set-strictmode
set-executionpolicy clear-host get-command get-process stop-process wait-process get-service
get-module new-guid get-random set-psdebug add-type set-alias new-alias add-member out-gridview
register-argumentcompleter update-typedata update-formatdata trace-command measure-command`

func init() {
	http := httpCmdlet
	http.run = (*interp).httpRequest
	cmdlets["invoke-restmethod"] = &http
	cmdlets["invoke-webrequest"] = &http

	add := contentCmdlet
	add.run = func(e *interp, k *call) pval { return e.writeContent(k, true) }
	cmdlets["add-content"] = &add
	set := contentCmdlet
	set.run = func(e *interp, k *call) pval { return e.writeContent(k, false) }
	cmdlets["set-content"] = &set

	cmdlets["out-file"] = &cmdlet{
		params:   []string{"filepath", "encoding", "literalpath", "inputobject", "width"},
		npos:     2,
		switches: []string{"append", "force", "noclobber", "nonewline", "whatif", "confirm"},
		run: func(e *interp, k *call) pval {
			path, _ := k.get("filepath", "literalpath", "path")
			in, ok := k.get("inputobject")
			if !ok {
				in = k.stdin
			}
			e.s.Write(k.line, path.word(), lines(in, !k.switches["nonewline"]), k.switches["append"])
			return pval{}
		},
	}
	cmdlets["tee-object"] = &cmdlet{
		params:   []string{"filepath", "literalpath", "variable", "inputobject", "encoding"},
		npos:     1,
		switches: []string{"append"},
		run: func(e *interp, k *call) pval {
			in, ok := k.get("inputobject")
			if !ok {
				in = k.stdin
			}
			if path, ok := k.get("filepath", "literalpath", "path"); ok {
				e.s.Write(k.line, path.word(), lines(in, true), k.switches["append"])
			}
			if v, ok := k.get("variable"); ok && v.word().Known() {
				e.setScoped("", v.word().String(), in, k.line)
			}
			return in
		},
	}
	itemRun := func(e *interp, k *call) pval {
		path, _ := k.get("path", "literalpath", "name")
		v, hasValue := k.get("value")
		if !hasValue {
			v = k.stdin
			hasValue = k.stdin.some
		}
		if n := envPath(path); n != "" {
			e.s.SetEnv(n, v.word())
		} else if hasValue && path.some {
			e.s.Write(k.line, path.word(), lines(v, false), false)
		}
		return pval{}
	}
	cmdlets["set-item"] = &cmdlet{params: []string{"path", "value", "literalpath", "filter", "include", "exclude", "credential"}, npos: 2,
		switches: []string{"force", "passthru", "whatif", "confirm"}, run: itemRun}
	cmdlets["new-item"] = &cmdlet{params: []string{"path", "name", "itemtype", "value", "credential"}, npos: 1,
		switches: []string{"force", "whatif", "confirm"}, run: itemRun}
	cmdlets["remove-item"] = &cmdlet{params: []string{"path", "literalpath", "filter", "include", "exclude", "credential", "stream"}, npos: 1,
		switches: []string{"recurse", "force", "whatif", "confirm"},
		run: func(e *interp, k *call) pval {
			if path, ok := k.get("path", "literalpath"); ok {
				for _, p := range append(path.list, path) {
					if n := envPath(p); n != "" {
						e.s.UnsetEnv(n)
					}
				}
			}
			return pval{}
		}}
	getRun := func(content bool) func(e *interp, k *call) pval {
		return func(e *interp, k *call) pval {
			path, ok := k.get("path", "literalpath")
			switch {
			case !ok:
				return scalar(shellops.Opaque("item", k.line))
			case envPath(path) != "":
				return scalar(e.s.Env(envPath(path), k.line))
			case content:
				return e.readFile(path.word(), k.line)
			}
			return scalar(shellops.Opaque("item", k.line))
		}
	}
	for _, n := range []string{"get-item", "get-childitem", "get-content"} {
		cmdlets[n] = &cmdlet{params: []string{"path", "literalpath", "filter", "include", "exclude", "credential", "encoding", "totalcount", "tail", "delimiter", "stream"},
			npos: 1, switches: []string{"force", "raw", "recurse", "name", "asbytestream", "wait", "directory", "file", "hidden"}, run: getRun(n == "get-content")}
	}
	varRun := func(e *interp, k *call) pval {
		name, _ := k.get("name")
		v, ok := k.get("value")
		if !ok {
			v = k.stdin
		}
		if name.word().Known() {
			e.setScoped("", name.word().String(), v, k.line)
		}
		return pval{}
	}
	for _, n := range []string{"set-variable", "new-variable"} {
		cmdlets[n] = &cmdlet{params: []string{"name", "value", "scope", "option", "visibility", "description"}, npos: 2,
			switches: []string{"force", "passthru", "whatif", "confirm"}, run: varRun}
	}
	cmdlets["get-variable"] = &cmdlet{params: []string{"name", "scope", "include", "exclude"}, npos: 1, switches: []string{"valueonly"},
		run: func(e *interp, k *call) pval {
			name, _ := k.get("name")
			if name.word().Known() {
				if v, ok := e.getVar(strings.ToLower(name.word().String())); ok {
					return v
				}
			}
			return scalar(shellops.Opaque("variable", k.line))
		}}
	blockRun := func(e *interp, k *call, cond bool) pval {
		var out []pval
		for _, n := range []string{"begin", "process", "end", "filterscript", "scriptblock"} {
			if v, ok := k.named[n]; ok && v.block != nil {
				out = append(out, e.pipeBlock(v.block, k.stdin, k.line, n == "process" || n == "filterscript"))
			}
		}
		for _, v := range k.extra {
			if v.block != nil {
				out = append(out, e.pipeBlock(v.block, k.stdin, k.line, true))
			}
		}
		if cond {
			return k.stdin
		}
		if len(out) == 0 {
			// ForEach-Object Name: a property of each input.
			return scalar(shellops.Opaque("value", k.line, k.stdin.words()...))
		}
		return joinOutputs(out)
	}
	cmdlets["foreach-object"] = &cmdlet{params: []string{"process", "begin", "end", "inputobject", "membername", "argumentlist", "throttlelimit", "timeoutseconds"}, npos: 1,
		switches: []string{"parallel", "asjob", "useneweunspace", "whatif", "confirm"},
		run:      func(e *interp, k *call) pval { return blockRun(e, k, false) }}
	cmdlets["where-object"] = &cmdlet{params: []string{"filterscript", "property", "value", "inputobject"}, npos: 1,
		run: func(e *interp, k *call) pval { return blockRun(e, k, true) }}
	for _, n := range []string{"invoke-command", "start-job", "start-threadjob"} {
		cmdlets[n] = &cmdlet{params: []string{"scriptblock", "argumentlist", "name", "computername", "session", "credential", "inputobject", "throttlelimit"}, npos: 1,
			switches: []string{"nonewscope", "asjob", "hidecomputername"},
			run: func(e *interp, k *call) pval {
				if v, ok := k.get("scriptblock"); ok && v.block != nil {
					if e.depth >= maxWalkDepth {
						return pval{}
					}
					e.depth++
					defer func() { e.depth-- }()
					return e.pipeBlock(v.block, k.stdin, k.line, false)
				}
				return pval{}
			}}
	}
	cmdlets["invoke-expression"] = &cmdlet{params: []string{"command"}, npos: 1,
		run: func(e *interp, k *call) pval {
			v, ok := k.get("command")
			if !ok {
				v = k.stdin
			}
			if w := v.word(); v.some && w.Known() {
				return e.runCode(w.String(), k.line, k.c.node)
			}
			e.s.Unread(k.line, e.evidence(k.c.node), "Invoke-Expression runs code built at run time; it is not read", true, v.word())
			return pval{}
		}}
	cmdlets["start-process"] = &cmdlet{params: []string{"filepath", "argumentlist", "workingdirectory", "credential", "redirectstandardoutput",
		"redirectstandardinput", "redirectstandarderror", "windowstyle", "verb", "environment"}, npos: 2,
		switches: []string{"wait", "nonewwindow", "passthru", "usenewenvironment", "loaduserprofile"},
		run: func(e *interp, k *call) pval {
			fp, ok := k.get("filepath")
			if !ok {
				return pval{}
			}
			args, _ := k.get("argumentlist")
			words := []shellops.Word{fp.word()}
			if w := args.word(); !args.arr && w.Known() {
				for _, f := range strings.Fields(w.String()) {
					words = append(words, e.lit(strings.Trim(f, `"'`), k.line))
				}
			} else {
				words = append(words, args.words()...)
			}
			if fp.word().Known() {
				words[0] = e.lit(strings.TrimSuffix(strings.ToLower(fp.word().String()), ".exe"), k.line)
			}
			return scalar(e.s.Run(shellops.Call{Line: k.line, Words: words, Evidence: e.evidence(k.c.node)}))
		}}
	cmdlets["import-module"] = &cmdlet{params: []string{"name", "prefix", "function", "cmdlet", "variable", "alias", "argumentlist",
		"minimumversion", "requiredversion", "maximumversion", "scope", "pssession", "cimsession", "fullyqualifiedname", "assembly", "moduleinfo"}, npos: 1,
		switches: []string{"force", "global", "passthru", "ascustomobject", "disablenamechecking", "noclobber", "skipeditioncheck", "usewindowspowershell"},
		run: func(e *interp, k *call) pval {
			// A module of the repository runs its code now and its
			// functions later, with the environment: read it as a script.
			name, _ := k.get("name")
			for _, w := range name.words() {
				if s := w.String(); strings.ContainsAny(s, `/\`) || hasModuleExt(s) {
					e.s.Run(shellops.Call{Line: k.line, Words: []shellops.Word{w}, Evidence: e.evidence(k.c.node)})
				}
			}
			return pval{}
		}}
	filter := func(name string) func(e *interp, k *call) pval {
		return func(e *interp, k *call) pval {
			var ws []shellops.Word
			if k.stdin.some {
				ws = append(ws, k.stdin.words()...)
			}
			for _, v := range k.named {
				ws = append(ws, v.words()...)
			}
			for _, v := range k.extra {
				ws = append(ws, v.words()...)
			}
			if name == "write-output" {
				return scalar(shellops.Join(joinLines(ws)...))
			}
			return scalar(shellops.Opaque(name, k.line, ws...))
		}
	}
	for _, n := range strings.Fields(filterNames) {
		cmdlets[n] = &cmdlet{params: []string{"inputobject"}, run: filter(n)}
	}
	for _, n := range strings.Fields(inertNames) {
		cmdlets[n] = &cmdlet{run: func(e *interp, k *call) pval { return scalar(shellops.Opaque(n, k.line)) }}
	}
}

// hasModuleExt reports a PowerShell script or module file name.
func hasModuleExt(s string) bool {
	s = strings.ToLower(s)
	return strings.HasSuffix(s, ".psm1") || strings.HasSuffix(s, ".psd1") || strings.HasSuffix(s, ".ps1")
}

// joinLines is words written one a line.
func joinLines(ws []shellops.Word) []shellops.Word {
	out := make([]shellops.Word, 0, 2*len(ws))
	for i, w := range ws {
		if i > 0 {
			out = append(out, litWord("\n"))
		}
		out = append(out, w)
	}
	return out
}

// pipeBlock walks a script block run for each pipeline input
// (ForEach-Object, Where-Object) in the caller's scope, with $_ the input.
func (e *interp) pipeBlock(b *blockExpr, in pval, line int, perItem bool) pval {
	leave := e.branch()
	defer leave()
	if perItem {
		e.s.Loop()
		item := itemOf(in, "_", line)
		e.setVar("_", item)
		e.setVar("psitem", item)
	}
	return e.stmts(b.body)
}

// httpRequest reads Invoke-RestMethod and Invoke-WebRequest.
func (e *interp) httpRequest(k *call) pval {
	name := "Invoke-RestMethod"
	if key := commandKey(e.p.text(k.c.name.at())); key == "invoke-webrequest" || key == "iwr" || key == "curl" || key == "wget" {
		name = "Invoke-WebRequest"
	}
	req := shellops.Request{Command: name, Line: k.line, Evidence: e.evidence(k.c.node)}
	if u, ok := k.get("uri"); ok {
		req.URLs = u.words()
	}
	if m, ok := k.get("method", "custommethod"); ok {
		req.Method = m.word().String()
	}
	if h, ok := k.get("headers"); ok {
		if h.hash != nil {
			for _, key := range h.hash.keys {
				req.Auth = append(req.Auth, h.hash.vals[key].words()...)
			}
		} else {
			req.Auth = append(req.Auth, h.words()...)
		}
	}
	for _, n := range []string{"token", "credential", "websession", "certificate"} {
		if v, ok := k.named[n]; ok {
			req.Auth = append(req.Auth, v.words()...)
		}
	}
	for _, n := range []string{"body", "form"} {
		if v, ok := k.named[n]; ok {
			req.Body = append(req.Body, v.word())
		}
	}
	if v, ok := k.named["infile"]; ok {
		req.Body = append(req.Body, e.readFile(v.word(), k.line).word())
	}
	if k.stdin.some {
		req.Stdin = k.stdin.word()
	}
	e.s.Request(req)
	return scalar(shellops.Opaque("response", k.line))
}

// writeContent reads Add-Content (app) and Set-Content.
func (e *interp) writeContent(k *call, app bool) pval {
	path, ok := k.get("path", "literalpath")
	if !ok {
		return pval{}
	}
	v, ok := k.get("value")
	if !ok {
		v = k.stdin
	}
	if n := envPath(path); n != "" {
		e.s.SetEnv(n, v.word())
		return pval{}
	}
	e.s.Write(k.line, path.word(), lines(v, !k.switches["nonewline"]), app)
	return pval{}
}
