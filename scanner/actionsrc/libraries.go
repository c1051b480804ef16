package actionsrc

import (
	"path"
	"strings"
)

// Bundlers that keep module paths say which package each part of a
// bundle comes from: esbuild writes `// node_modules/<package>/<file>`
// (or `// src/main.ts` for the action's own code) at the top of each
// module, webpack in development mode keys each module by its path
// (`/***/ "./node_modules/<package>/<file>":`). A part of a bundle is a
// library's from its marker to the next one. ncc and rollup bundles keep
// no paths: nothing in them is attributed, and every call is kept.

// bundlePart is the lines [from, to] of a bundle that come from one module.
type bundlePart struct {
	from, to int
	// pkg is the npm package of the module, "" for the action's own code
	// or a path outside node_modules.
	pkg string
}

// bundleParts lists the parts of code its bundler's markers delimit, nil
// when it has none.
func bundleParts(code string) []bundlePart {
	var parts []bundlePart
	line := 0
	for rest := code; rest != ""; {
		var text string
		text, rest, _ = strings.Cut(rest, "\n")
		line++
		p, ok := modulePath(strings.TrimSpace(text))
		if !ok {
			continue
		}
		if n := len(parts); n > 0 {
			parts[n-1].to = line - 1
		}
		parts = append(parts, bundlePart{from: line, to: -1, pkg: packageOf(p)})
	}
	if n := len(parts); n > 0 {
		parts[n-1].to = line
	}
	return parts
}

// modulePath returns the module path a bundler's marker line names.
func modulePath(line string) (string, bool) {
	var p string
	switch {
	case strings.HasPrefix(line, "// "):
		p = line[3:]
	case strings.HasPrefix(line, `/***/ "`) && strings.HasSuffix(line, `":`):
		p = line[len(`/***/ "`) : len(line)-2]
	default:
		return "", false
	}
	if p == "" || strings.ContainsAny(p, " \t\"'`") || !sourceExts[path.Ext(p)] {
		return "", false
	}
	return p, true
}

// packageOf is the npm package a module path lies in: what follows its
// last node_modules/ (pnpm's node_modules/.pnpm/x/node_modules/pkg too),
// "" outside node_modules.
func packageOf(p string) string {
	i := strings.LastIndex(p, "node_modules/")
	if i < 0 {
		return ""
	}
	segs := strings.SplitN(p[i+len("node_modules/"):], "/", 3)
	if strings.HasPrefix(segs[0], "@") {
		if len(segs) < 3 {
			return ""
		}
		return segs[0] + "/" + segs[1]
	}
	if len(segs) < 2 {
		return ""
	}
	return segs[0]
}

// libraryAt returns, for a line of code, the package of the listed
// library whose module holds it, "" when none does.
func libraryAt(parts []bundlePart, isLibrary func(string) bool) func(line int) string {
	return func(line int) string {
		for _, p := range parts {
			if line >= p.from && line <= p.to {
				if p.pkg != "" && isLibrary(p.pkg) {
					return p.pkg
				}
				return ""
			}
		}
		return ""
	}
}
