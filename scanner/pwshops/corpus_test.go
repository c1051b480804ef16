package pwshops

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/rhysd/actionlint"

	"github.com/pat2app/pat2app/scanner/shellops"
)

// corpusScripts returns the PowerShell run: scripts of the workflows under
// dirs, by "file:line". Which steps are PowerShell is decided for real by
// the workflow scanner; the test only needs a stand-in: a shell: (or
// defaults.run.shell) naming pwsh or powershell, or no shell at all in a
// job whose runs-on names Windows.
func corpusScripts(t *testing.T, dirs ...string) map[string]string {
	out := map[string]string{}
	for _, dir := range dirs {
		_ = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.Contains(p, ".github") || !(strings.HasSuffix(p, ".yml") || strings.HasSuffix(p, ".yaml")) {
				return nil
			}
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			wf, _ := actionlint.Parse(data)
			if wf == nil {
				return nil
			}
			for _, j := range wf.Jobs {
				if j == nil {
					continue
				}
				for _, st := range j.Steps {
					ex, ok := st.Exec.(*actionlint.ExecRun)
					if !ok || ex.Run == nil {
						continue
					}
					sh := firstShell(ex.Shell, defaultsShell(j.Defaults), defaultsShell(wf.Defaults))
					if sh == "" && windowsJob(j) {
						sh = "pwsh"
					}
					if strings.HasPrefix(sh, "pwsh") || strings.HasPrefix(sh, "powershell") {
						out[p+":"+strconv.Itoa(ex.Run.Pos.Line)] = ex.Run.Value
					}
				}
			}
			return nil
		})
	}
	return out
}

func firstShell(ss ...*actionlint.String) string {
	for _, s := range ss {
		if s != nil {
			return strings.ToLower(s.Value)
		}
	}
	return ""
}

func defaultsShell(d *actionlint.Defaults) *actionlint.String {
	if d == nil || d.Run == nil {
		return nil
	}
	return d.Run.Shell
}

func windowsJob(j *actionlint.Job) bool {
	if j.RunsOn == nil {
		return false
	}
	for _, l := range j.RunsOn.Labels {
		if strings.Contains(strings.ToLower(l.Value), "windows") && !strings.Contains(l.Value, "${{") {
			return true
		}
	}
	return false
}

// TestCorpusReadsInFull parses every PowerShell script of the labelled
// corpora: none has a line the parser cannot read.
func TestCorpusReadsInFull(t *testing.T) {
	root := filepath.Join("..", "..", "..", "shared")
	if _, err := os.Stat(filepath.Join(root, "corpus2")); err != nil {
		t.Skip("../shared/corpus2 is absent (it is only in the development workspace)")
	}
	scripts := corpusScripts(t, filepath.Join(root, "corpus"), filepath.Join(root, "corpus2"))
	if len(scripts) == 0 {
		t.Fatal("no PowerShell script found in the corpora")
	}
	for at, src := range scripts {
		text, _ := shellops.Placeholders(src)
		sc := parse(text)
		for _, u := range sc.unread {
			t.Errorf("%s: script line %d not read (%s): %q", at, sc.p.lineOf(u.off), u.reason, sc.p.text(node{sc.p.lineStart(u.off), sc.p.lineEnd(u.off)}))
		}
	}
	t.Logf("%d PowerShell scripts read", len(scripts))
}
