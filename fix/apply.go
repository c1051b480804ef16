package fix

import (
	"fmt"
	"os"

	"github.com/pat2app/pat2app/planner"
)

// Options say how Apply treats the files.
type Options struct {
	// Write writes the rewritten files; without it Apply only reports
	// what it would change.
	Write bool
	// Force rewrites files that say they are generated.
	Force bool
}

// Report is what Apply changed (or would change) and what it left.
type Report struct {
	// Changed are the files rewritten, in path order.
	Changed []FileChange
	// Left are the planned jobs left unchanged, each with why.
	Left []FileSkip
	// Generated are the files fix would have rewritten but left alone
	// because they say a tool makes them (with Force, those it rewrote
	// anyway).
	Generated []GeneratedFile
	// Unread are the files that could not be read.
	Unread []FileError
}

// FileChange is one rewritten file.
type FileChange struct {
	Path string
	// Result is the rewrite: its output, the jobs applied, its diff.
	Result Result
	// Written is set when the file on disk was replaced.
	Written bool
}

// GeneratedFile is a file that says it is generated.
type GeneratedFile struct {
	Path string
	Generated
	// Forced is set when the file was rewritten all the same.
	Forced bool
}

// FileError is a file that could not be read.
type FileError struct {
	Path string
	Err  error
}

// Apply rewrites the files of the plan's jobs, as Rewrite does, and
// writes them when opt.Write says so. A file that says it is generated is
// left alone (listed in Generated, its jobs in Left) unless opt.Force. The
// error is for a file that could not be written; the report then holds
// what was done before it.
func (w *Workspace) Apply(p *planner.Plan, opt Options) (*Report, error) {
	files, skipped := w.Files(p)
	rep := &Report{Left: skipped}
	for _, fp := range files {
		src, err := os.ReadFile(fp.Path)
		if err != nil {
			rep.Unread = append(rep.Unread, FileError{Path: fp.Path, Err: err})
			continue
		}
		res := Rewrite(src, fp.Jobs)
		for _, s := range res.Skipped {
			rep.Left = append(rep.Left, FileSkip{Path: fp.Path, Skip: s})
		}
		if !res.Changed {
			continue
		}
		if g, ok := IsGenerated(fp.Path, src); ok {
			rep.Generated = append(rep.Generated, GeneratedFile{Path: fp.Path, Generated: g, Forced: opt.Force})
			if !opt.Force {
				for _, c := range res.Applied {
					for _, j := range fp.Jobs {
						if j.Job == c.Job && !skippedIn(res.Skipped, j) {
							rep.Left = append(rep.Left, FileSkip{Path: fp.Path, Skip: skipOf(j, g.Reason()+"; fix --force rewrites it anyway")})
						}
					}
				}
				continue
			}
			for i := range res.Applied {
				res.Applied[i].Notes = append(res.Applied[i].Notes, fmt.Sprintf("rewritten with --force although %s; the next generation undoes this rewrite unless the generator's input changes too", g.Reason()))
			}
		}
		fc := FileChange{Path: fp.Path, Result: res}
		if opt.Write {
			if err := w.WriteFile(fp.Path, res.Output); err != nil {
				return rep, err
			}
			fc.Written = true
		}
		rep.Changed = append(rep.Changed, fc)
	}
	return rep, nil
}

// skippedIn reports whether plan job j is among the skipped.
func skippedIn(skips []Skip, j planner.Job) bool {
	for _, s := range skips {
		if s.Job == j.Job && s.Credential == j.Credential {
			return true
		}
	}
	return false
}
