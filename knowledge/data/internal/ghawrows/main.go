// Command ghawrows prints candidate rows of knowledge/data/ghaw-runtime.tsv
// and ghaw-safe-outputs.tsv from gh-aw's runtime as its setup action
// installs it: the files of github/gh-aw-actions' setup/js and setup/sh at
// one release. It lays them out as a checkout's folder, runs pat2app's
// scanner over a workflow that loads each script the way a lock file does
// (a github-script step that requires it, a run step that runs it), every
// credential the script could read given a secret of its own, and prints
// for each script the API calls, git commands and credentials the scanner
// found, with the file and line of each, then the rows.
//
// A person reviews every candidate before committing it: a call the
// scanner could not resolve (a route built at run time) is printed as a
// comment to read in the script and write by hand, and the permissions of
// ghaw-safe-outputs.tsv are the gh-aw compiler's, not the scripts'.
//
// Usage, from the repository root:
//
//	git -C MIRROR archive REF setup | tar -x -C DIR
//	go run ./knowledge/data/internal/ghawrows -ref REF DIR [SCRIPT...]
//
// DIR holds the repository's files (setup/js, setup/sh); REF is the
// release they are (what the rows' source names). With SCRIPT names
// (add_reaction.cjs, validate_multi_secret.sh) only those are read, else
// every script. Nothing is downloaded; the command is not needed to build
// or test pat2app.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"
)

func main() {
	ref := flag.String("ref", "", "the release the files are (v0.72.0); the rows' source names it")
	flag.Usage = func() {
		fmt.Fprintln(flag.CommandLine.Output(), "usage: ghawrows -ref REF DIR [SCRIPT...]")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() == 0 || *ref == "" {
		flag.Usage()
		os.Exit(2)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Minute)
	defer cancel()
	rt, err := readRuntime(os.DirFS(flag.Arg(0)))
	if err != nil {
		fmt.Fprintln(os.Stderr, "ghawrows:", err)
		os.Exit(1)
	}
	if err := run(ctx, os.Stdout, rt, *ref, flag.Args()[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "ghawrows:", err)
		os.Exit(1)
	}
}
