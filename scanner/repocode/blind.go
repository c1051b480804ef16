package repocode

import (
	"path"
	"regexp"
	"strings"

	"github.com/pat2app/pat2app/scanner/shellops"
)

// A file in a language pat2app does not parse can still be shown to leave
// a credential in its environment alone: the variables are read only
// through the language's few ways of reading the environment or of
// starting another program, which inherits it. A file that names none of
// them, and loads only files of its own folder tree that name none either,
// cannot use the credential. Only a mention is looked for, in comments and
// strings too: a false mention leaves the file unread, as before.

// phpEnvWords are the PHP names that read the environment, start programs
// or load code this check does not see (the php.net manual's Program
// execution functions, getenv/putenv, $_ENV and $_SERVER, the backtick
// operator, mail's sendmail, autoloaders and dl).
var phpEnvWords = regexp.MustCompile("(?i)getenv|putenv|\\$_env|\\$_server|\\bexec\\b|shell_exec|\\bsystem\\b|passthru|proc_open|popen|pcntl_|`|\\bmail\\s*\\(|spl_autoload|\\bdl\\s*\\(|vendor/|autoload")

// phpLoads matches a require or include of a file named by a literal,
// from __DIR__ or not.
var phpLoads = regexp.MustCompile(`(?i)(?:^|[^'"\w$>-])(?:require|include)(?:_once)?[\s(]\s*\(?\s*(__DIR__\s*\.\s*)?['"]([^'"]+)['"]`)

// phpAnyLoad matches every require or include statement (not the word in
// a string or an array key: $composer['require']).
var phpAnyLoad = regexp.MustCompile(`(?i)(?:^|[^'"\w$>-])(?:require|include)(?:_once)?[\s(]`)

// maxBlindFiles bounds the files one check reads.
const maxBlindFiles = 16

// phpBlind reports whether the PHP file fl, and the files of the
// repository it loads, read no environment variable and start no
// program; why names the first mention when not.
func (f *Follower) phpBlind(fl *file) (ok bool, why string) {
	seen := map[string]bool{}
	var visit func(fl *file) (bool, string)
	visit = func(fl *file) (bool, string) {
		if seen[fl.path] {
			return true, ""
		}
		seen[fl.path] = true
		if len(seen) > maxBlindFiles {
			return false, "loads more files than are read"
		}
		text := string(fl.data)
		if loc := phpEnvWords.FindStringIndex(text); loc != nil {
			return false, fl.path + " names " + strings.TrimSpace(text[loc[0]:loc[1]])
		}
		loads := phpLoads.FindAllStringSubmatch(text, -1)
		if len(phpAnyLoad.FindAllStringIndex(text, -1)) != len(loads) {
			return false, fl.path + " loads a file named at run time"
		}
		for _, m := range loads {
			p := path.Clean(path.Join(path.Dir(fl.path), m[2]))
			if m[1] == "" && !strings.HasPrefix(m[2], ".") {
				// Relative to the include path and the working folder:
				// the script's own folder is the common case.
				p = path.Clean(path.Join(path.Dir(fl.path), m[2]))
			}
			g := f.read(p)
			if g.missing || g.err != nil {
				return false, fl.path + " loads " + m[2] + ", which is not in the checkout"
			}
			if ok, why := visit(g); !ok {
				return false, why
			}
		}
		return true, ""
	}
	return visit(fl)
}

// blindFile follows a file of a language pat2app does not parse that is
// shown to leave its environment alone (phpBlind): what reaches it in its
// environment is accounted for, unused. Credentials in its arguments are
// still its caller's to judge. ok is false when the check does not apply.
func (f *Follower) blindFile(r *shellops.Run, fl *file, lang string) (shellops.Followed, string, bool) {
	if lang != "PHP" {
		return shellops.Followed{}, "", false
	}
	for _, a := range r.Args {
		if len(a.Creds) > 0 {
			return shellops.Followed{}, "", false
		}
	}
	ok, why := f.phpBlind(fl)
	if !ok {
		return shellops.Followed{}, why, false
	}
	return shellops.Followed{Handled: true, Accounted: true}, "", true
}
