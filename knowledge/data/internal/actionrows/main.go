// Command actionrows prints candidate rows of knowledge/data/actions.tsv
// for actions read from their own repositories: for each action it runs
// pat2app's scanner and planner over a workflow step that gives every
// input that may take a credential its own secret, with the action read
// from its source (as a scan does for an action without a row), and
// prints what they found as comments (each input and variable, the
// permissions with the file and line of the call that needs each, what
// was not read, git and gh commands the source runs) followed by the
// candidate row, its source naming the commit.
//
// A person reviews every candidate against the action's README and
// action.yml before committing it, and adds what the code cannot show
// (triggers_workflows, other_repos, per-input permissions, notes).
//
// Usage, from the repository root:
//
//	go run ./knowledge/data/internal/actionrows [-ref REF] SPEC...
//
// Each SPEC is [owner/repo[/path]=]DIR[@REF]. DIR is a bare git directory
// (git's own layout: HEAD, objects/, refs/), read at REF (default: -ref,
// else HEAD) with the git command, or a plain folder holding the
// repository's files, in which case REF is only the label the source
// names. owner/repo defaults to a path element of DIR written owner+repo
// (the layout of the mirrors the project's fetch tool writes). With a
// path, only the action in that folder is read; without, every action.yml
// in the repository outside test and dependency folders.
//
// Nothing is downloaded: the repositories must already be on disk. The
// command is not needed to build or test pat2app.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"time"
)

func main() {
	ref := flag.String("ref", "HEAD", "ref read in bare git directories whose SPEC names none")
	flag.Usage = func() {
		fmt.Fprintln(flag.CommandLine.Output(), "usage: actionrows [-ref REF] [owner/repo[/path]=]DIR[@REF]...")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() == 0 {
		flag.Usage()
		os.Exit(2)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Minute)
	defer cancel()
	if err := run(ctx, os.Stdout, flag.Args(), *ref); err != nil {
		fmt.Fprintln(os.Stderr, "actionrows:", err)
		os.Exit(1)
	}
}

// run prints the candidates of every SPEC to w; a SPEC that cannot be
// read is reported and the others go on (the error then says how many
// failed).
func run(ctx context.Context, w io.Writer, specs []string, defaultRef string) error {
	failed := 0
	for _, arg := range specs {
		sp, err := parseSpec(arg, defaultRef)
		if err == nil {
			err = printRepo(ctx, w, sp)
		}
		if err != nil {
			fmt.Fprintf(w, "# %s: %v\n\n", arg, err)
			failed++
		}
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d repositories not read", failed, len(specs))
	}
	return nil
}
