package knowledge

import "testing"

func TestIsLocalGitSubcommand(t *testing.T) {
	for sub, want := range map[string]bool{
		"add": true, "commit": true, "diff": true, "status": true, "tag": true,
		"push": false, "fetch": false, "pull": false, "clone": false, "ls-remote": false,
		"config": false, "remote": false, "submodule": false, "archive": false, "": false, "Add": false,
	} {
		if got := IsLocalGitSubcommand(sub); got != want {
			t.Errorf("IsLocalGitSubcommand(%q) = %v, want %v", sub, got, want)
		}
	}
}
