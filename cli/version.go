package cli

import (
	"runtime/debug"
	"strings"
)

// versionText is what `pat2app --version` prints, from the build
// information Go records in the binary: the module version (a release tag
// for `go install ...@v1.2.3`, a pseudo-version naming the commit for a
// build in a clone, "(devel)" when Go knew neither), then the commit, its
// time and whether the tree had changes when the build recorded them, and
// the Go version.
func versionText(bi *debug.BuildInfo, ok bool) string {
	if !ok || bi == nil {
		return "pat2app (no build information)"
	}
	v := bi.Main.Version
	if v == "" {
		v = "(devel)"
	}
	var vcs []string
	settings := map[string]string{}
	for _, s := range bi.Settings {
		settings[s.Key] = s.Value
	}
	if rev := settings["vcs.revision"]; rev != "" {
		if len(rev) > 12 {
			rev = rev[:12]
		}
		vcs = append(vcs, "commit "+rev)
	}
	if t := settings["vcs.time"]; t != "" {
		vcs = append(vcs, t)
	}
	if settings["vcs.modified"] == "true" {
		vcs = append(vcs, "modified")
	}
	vcs = append(vcs, bi.GoVersion)
	return "pat2app " + v + " (" + strings.Join(vcs, ", ") + ")"
}
