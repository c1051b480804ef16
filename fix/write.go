package fix

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
)

// WriteFile replaces path with data atomically: it writes a temporary file
// in the same folder, gives it path's mode, and renames it over path, so a
// reader never sees half a workflow.
func WriteFile(path string, data []byte) error {
	st, err := os.Stat(path)
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".pat2app-*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	name := tmp.Name()
	fail := func(err error) error {
		tmp.Close()
		os.Remove(name)
		return fmt.Errorf("write %s: %w", path, err)
	}
	if _, err := tmp.Write(data); err != nil {
		return fail(err)
	}
	if err := tmp.Chmod(st.Mode().Perm()); err != nil {
		return fail(err)
	}
	if err := tmp.Sync(); err != nil {
		return fail(err)
	}
	if err := tmp.Close(); err != nil {
		os.Remove(name)
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(name, path); err != nil {
		os.Remove(name)
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// tokenRE matches literal GitHub tokens (the scanner's leaked_token kind).
var tokenRE = regexp.MustCompile(`\b(gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})`)

// Redact hides literal tokens in text that is about to be printed (a diff
// whose context holds a committed token), keeping a short prefix.
func Redact(text string) string {
	return tokenRE.ReplaceAllStringFunc(text, func(tok string) string {
		prefix := tok[:4]
		if len(tok) > 11 && tok[:11] == "github_pat_" {
			prefix = "github_pat_"
		}
		return prefix + "****"
	})
}
