package actionsrc

import (
	"bytes"
	"context"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/pat2app/pat2app/repofiles"
	"github.com/pat2app/pat2app/scanner/jsops"
)

// A JavaScript action's entry file is often a bundle (ncc, esbuild,
// rollup): the action's own code together with every library it uses,
// whose internals (HTTP clients, Octokit's request plumbing) read as
// calls nobody can resolve. When the repository holds the source the
// bundle was built from, that source is read instead:
//
//   - an entry that lies in a folder below the action's (dist/index.js)
//     was built from the module of the same name at the top of the
//     action's folder (index.ts, index.js), or
//   - at the top of another folder of the repository whose action.yml is
//     the same file (a monorepo's package whose build copies its
//     action.yml beside the bundle),
//
// with the modules it imports, followed through relative specifiers.
// The bundles are read as well: a call a bundle makes that the source
// does not show is kept, so that source older or smaller than the bundle
// cannot hide a call.

// sourceOrder are the extensions tried for a module, in order.
var sourceOrder = []string{".ts", ".tsx", ".mts", ".cts", ".js", ".mjs", ".cjs", ".jsx"}

// maxMetadataWalk bounds the entries visited looking for copies of the
// action's metadata.
const maxMetadataWalk = 20000

// bundleSource returns the source modules the entries were built from,
// nil when the repository does not hold them.
func (r *reader) bundleSource(dir string, entries []string) []string {
	var roots []string
	var folders []string
	for _, e := range entries {
		rel := strings.TrimPrefix(e, dir+"/")
		if dir == "." {
			rel = e
		}
		if !strings.Contains(rel, "/") {
			continue // an entry at the top of the folder is the code itself
		}
		if folders == nil {
			folders = append([]string{dir}, r.sameMetadata(dir)...)
		}
		stem := strings.TrimSuffix(path.Base(rel), path.Ext(rel))
		for _, f := range folders {
			if p := r.module(path.Join(f, stem)); p != "" && p != e {
				roots = append(roots, p)
				break
			}
		}
	}
	if len(roots) == 0 {
		return nil
	}
	return r.withImports(roots)
}

// sameMetadata lists the other folders of the repository whose action
// metadata is the action's, byte for byte (line endings aside).
func (r *reader) sameMetadata(dir string) []string {
	want := normalizeText(r.a.MetaData)
	var out []string
	n := 0
	_ = fs.WalkDir(r.fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if n++; err != nil || n > maxMetadataWalk {
			return fs.SkipAll
		}
		if d.IsDir() {
			if p != "." && (d.Name() == "node_modules" || strings.HasPrefix(d.Name(), ".")) {
				return fs.SkipDir
			}
			return nil
		}
		f := path.Dir(p)
		if f == dir || !slices.Contains(repofiles.ActionNames, d.Name()) {
			return nil
		}
		if data, err := readFile(r.fsys, p, MaxMetadataSize); err == nil && bytes.Equal(normalizeText(data), want) {
			out = append(out, f)
		}
		return nil
	})
	return out
}

func normalizeText(b []byte) []byte {
	return bytes.TrimSpace(bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n")))
}

// module returns the source module base names (base with an extension of
// sourceOrder, or base itself when it has one), "" when there is none.
func (r *reader) module(base string) string {
	cands := make([]string, 0, len(sourceOrder)+2)
	switch ext := path.Ext(base); ext {
	case ".js", ".mjs", ".cjs", ".jsx":
		// TypeScript written for ES modules imports './x.js' for x.ts.
		stem := strings.TrimSuffix(base, ext)
		cands = append(cands, base, stem+".ts", stem+".tsx", stem+".mts", stem+".cts")
	case ".ts", ".tsx", ".mts", ".cts":
		cands = append(cands, base)
	}
	for _, ext := range sourceOrder {
		cands = append(cands, base+ext)
	}
	for _, c := range cands {
		if strings.HasSuffix(c, ".d.ts") {
			continue
		}
		if st, err := fs.Stat(r.fsys, c); err == nil && st.Mode().IsRegular() {
			return c
		}
	}
	return ""
}

// withImports returns roots and the modules they import, each once, in
// the order found. An import of a module the repository does not hold
// is a Note.
func (r *reader) withImports(roots []string) []string {
	seen := map[string]bool{}
	var out []string
	queue := append([]string(nil), roots...)
	for len(queue) > 0 && len(out) <= MaxFiles {
		p := queue[0]
		queue = queue[1:]
		if seen[p] {
			continue
		}
		seen[p] = true
		out = append(out, p)
		for _, im := range r.imports(p) {
			if strings.HasPrefix(im.Spec, "/") {
				r.note(p, im.Line, "imports "+im.Spec+" by absolute path; not read")
				continue
			}
			base := path.Join(path.Dir(p), im.Spec)
			if base == ".." || strings.HasPrefix(base, "../") {
				r.note(p, im.Line, "imports "+im.Spec+", outside the repository; not read")
				continue
			}
			m := r.module(base)
			if m == "" {
				m = r.module(path.Join(base, "index"))
			}
			switch {
			case m != "":
				queue = append(queue, m)
			case path.Ext(base) != "" && !sourceExts[path.Ext(base)]:
				// data (JSON, CSS, a native addon), not code
			default:
				r.note(p, im.Line, "imports "+im.Spec+", which the action's repository does not hold; not read")
			}
		}
	}
	return out
}

// imports lists the local modules module p imports (a module that cannot
// be read imports nothing; reading it says why).
func (r *reader) imports(p string) []jsops.Require {
	data, err := readFile(r.fsys, p, jsops.MaxModuleSize)
	if err != nil {
		return nil
	}
	code, lines, err := asJavaScript(p, string(data))
	if err != nil {
		return nil
	}
	ims, _ := jsops.LocalImports(code)
	for i := range ims {
		if lines != nil {
			if l := ims[i].Line; l > 0 && l < len(lines) {
				ims[i].Line = lines[l]
			} else {
				ims[i].Line = 0
			}
		}
	}
	return ims
}

// addBundleCalls reads the bundles the source was read in place of and
// keeps each call of theirs the source does not show: an Octokit method,
// a request to an API path, a GraphQL operation, or a git or gh command.
// What a bundle leaves unresolved is not kept: the source is the
// action's code, the rest is its libraries.
func (r *reader) addBundleCalls(ctx context.Context, bundles []string) {
	if len(bundles) == 0 {
		return
	}
	own := r.a
	b := &Action{Meta: own.Meta, MetaFile: own.MetaFile}
	r.a = b
	r.readModules(ctx, bundles)
	r.a = own
	shown := map[string]bool{}
	for _, c := range own.Calls {
		shown[callKey(c.Call)] = true
	}
	for _, c := range b.Calls {
		if k := callKey(c.Call); k != "" && !shown[k] {
			own.Calls = append(own.Calls, c)
			shown[k] = true
		}
	}
	own.Files = append(own.Files, b.Files...)
}

// callKey says what a call does in words that survive bundling (names of
// variables and the text of expressions do not); "" for a call that is
// not resolved.
func callKey(c jsops.Call) string {
	switch c.Kind {
	case jsops.KindREST:
		if c.Namespace != "" && c.Method != "" {
			return "rest " + c.Namespace + "." + c.Method
		}
	case jsops.KindRequest:
		method, p, _ := strings.Cut(c.Route, " ")
		if strings.HasPrefix(p, "/") {
			return "request " + method + " " + holes(p)
		}
	case jsops.KindGraphQL:
		if len(c.GraphQL) == 0 {
			return ""
		}
		var b strings.Builder
		b.WriteString("graphql")
		for _, op := range c.GraphQL {
			b.WriteString(" " + op.Type)
			for _, f := range op.Fields {
				b.WriteString(" " + f.Name)
			}
		}
		return b.String()
	case jsops.KindExec:
		return "exec " + holes(c.Route)
	}
	return ""
}

// holes writes every {expression} of s as {}.
func holes(s string) string {
	var b strings.Builder
	depth := 0
	for _, ch := range s {
		switch {
		case ch == '{':
			if depth == 0 {
				b.WriteString("{}")
			}
			depth++
		case ch == '}' && depth > 0:
			depth--
		case depth == 0:
			b.WriteRune(ch)
		}
	}
	return b.String()
}
