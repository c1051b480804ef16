package repocode

import (
	"encoding/json"
	"path"
	"strings"

	"github.com/pat2app/pat2app/scanner/denojson"
)

// tsSourceExts are the TypeScript sources tsc compiles a .js file from.
var tsSourceExts = []string{".ts", ".mts", ".cts", ".tsx"}

// compiledFrom finds the TypeScript source of a JavaScript file that is
// not in the checkout because tsc writes it when the job builds (node
// dist/check.js after npm run build): the nearest tsconfig.json above it
// whose compilerOptions.outDir holds the file, and the source at the same
// place under its rootDir (the tsconfig's folder, or its src folder, when
// none is set). ok is false when no such source is in the checkout.
func (f *Follower) compiledFrom(p string) (string, bool) {
	ext := path.Ext(p)
	if ext != ".js" && ext != ".mjs" && ext != ".cjs" {
		return "", false
	}
	for d := path.Dir(p); ; d = path.Dir(d) {
		if fl := f.read(path.Join(d, "tsconfig.json")); !fl.missing && fl.err == nil {
			var cfg struct {
				CompilerOptions struct {
					OutDir  string `json:"outDir"`
					RootDir string `json:"rootDir"`
				} `json:"compilerOptions"`
			}
			if json.Unmarshal(denojson.Standardize(fl.data), &cfg) != nil || cfg.CompilerOptions.OutDir == "" {
				return "", false
			}
			out := path.Join(d, cfg.CompilerOptions.OutDir)
			rel, ok := strings.CutPrefix(p, out+"/")
			if !ok {
				return "", false
			}
			roots := []string{d, path.Join(d, "src")}
			if cfg.CompilerOptions.RootDir != "" {
				roots = []string{path.Join(d, cfg.CompilerOptions.RootDir)}
			}
			base := strings.TrimSuffix(rel, ext)
			for _, root := range roots {
				for _, e := range tsSourceExts {
					src := path.Join(root, base+e)
					if fl := f.read(src); !fl.missing && fl.err == nil {
						return src, true
					}
				}
			}
			return "", false
		}
		if d == "." || d == "/" || d == "" {
			return "", false
		}
	}
}
