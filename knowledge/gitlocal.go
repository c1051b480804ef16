package knowledge

import "slices"

// localGitSubcommands are the git subcommands that read or change only
// the local repository and its working tree: none of them contacts a
// remote, whatever paths, messages or revisions follow (git(1), "High-level
// commands" and "Low-level commands"; the ones that do are fetch, pull,
// push, clone, ls-remote, remote update, submodule update and archive
// --remote). config and remote are not here: their arguments may give
// git a credential or a remote for later commands.
var localGitSubcommands = []string{
	"add", "blame", "branch", "check-ignore", "commit", "describe", "diff",
	"diff-files", "diff-index", "diff-tree", "grep", "hash-object", "log",
	"ls-files", "ls-tree", "mv", "restore", "rev-list", "rev-parse", "rm",
	"show", "shortlog", "status", "tag", "update-index", "write-tree",
}

// IsLocalGitSubcommand reports a git subcommand that never contacts a
// remote (git add, git commit, git diff, ...): what it does is the same
// whatever arguments it gets, so arguments known only at run time do not
// make it unknown.
func IsLocalGitSubcommand(sub string) bool {
	return slices.Contains(localGitSubcommands, sub)
}
