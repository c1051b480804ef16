package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/pat2app/pat2app/fix"
	"github.com/pat2app/pat2app/planner"
	"github.com/pat2app/pat2app/report"
)

type fixOptions struct {
	diff  bool
	write bool
}

func newFixCmd(g *globalOptions) *cobra.Command {
	o := &fixOptions{}
	cmd := &cobra.Command{
		Use:   "fix [PATH]",
		Short: "Rewrite workflows so each job uses GITHUB_TOKEN with permissions: or a GitHub App token step",
		Long: "fix scans and plans like `plan`, then rewrites each job the plan moves off a personal access token:\n" +
			"to ${{ github.token }} with the job's permissions: block, or to a first step that creates a GitHub App\n" +
			"token (actions/create-github-app-token) and its output. Only the edited bytes change; comments and\n" +
			"layout stay. Jobs that need review, reusable-workflow calls and composite actions are left as they are\n" +
			"and listed with the reason. By default it prints a unified diff; --write changes the files in place.",
		Example: "  pat2app fix .\n  pat2app fix --write path/to/checkout",
		Args:    cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runFix(cmd.Context(), g, o, args)
		},
	}
	f := cmd.Flags()
	f.BoolVar(&o.diff, "diff", false, "print a unified diff of the rewrite (the default)")
	f.BoolVar(&o.write, "write", false, "write the rewritten files in place")
	return cmd
}

func runFix(ctx context.Context, g *globalOptions, o *fixOptions, args []string) error {
	if o.diff && o.write {
		return usageErrorf("give --diff or --write, not both")
	}
	root := "."
	if len(args) == 1 {
		root = args[0]
	}
	st, err := os.Stat(root)
	if err != nil {
		return usageErrorf("fix: %w", err)
	}
	cfgDir := ""
	if st.IsDir() {
		cfgDir = root
	}
	cfg, err := g.loadConfig(cfgDir)
	if err != nil {
		return err
	}
	sc := newLocalScan(g, cfg, cfgDir, nil)
	ws, err := fix.Scan(ctx, sc.Scanner, root)
	if err != nil {
		return usageErrorf("%w", err)
	}
	plan, err := planner.Build(ctx, ws.Inventory, sc.plannerOptions(ctx, g))
	if err != nil {
		return err
	}
	files, skipped := ws.Files(plan)
	stderr := g.io.Err
	readErrors := 0
	changedFiles := 0
	for _, fp := range files {
		src, err := os.ReadFile(fp.Path)
		if err != nil {
			fmt.Fprintf(stderr, "pat2app: %s: cannot read: %v\n", report.SanitizeTerminal(fp.Path), err)
			readErrors++
			continue
		}
		res := fix.Rewrite(src, fp.Jobs)
		for _, s := range res.Skipped {
			skipped = append(skipped, fix.FileSkip{Path: fp.Path, Skip: s})
		}
		if !res.Changed {
			continue
		}
		changedFiles++
		name := shownPath(root, st.IsDir(), fp.Path)
		if o.write {
			if err := ws.WriteFile(fp.Path, res.Output); err != nil {
				return err
			}
		} else {
			oldName, newName := "a/"+name, "b/"+name
			if filepath.IsAbs(name) {
				oldName, newName = name, name
			}
			fmt.Fprint(g.io.Out, report.SanitizeBlock(res.Diff(oldName, newName)))
		}
		for _, c := range res.Applied {
			fmt.Fprintf(stderr, "pat2app: %s %s job %s:", verb(o.write), report.SanitizeTerminal(name), report.SanitizeTerminal(c.Job))
			for _, r := range c.Replaced {
				fmt.Fprintf(stderr, " %s;", report.SanitizeTerminal(r))
			}
			if c.Permissions != "" {
				fmt.Fprintf(stderr, " permissions: %s;", c.Permissions)
			}
			for _, id := range c.StepIDs {
				fmt.Fprintf(stderr, " App token step %s;", id)
			}
			fmt.Fprintln(stderr)
			for _, n := range c.Notes {
				fmt.Fprintf(stderr, "  note: %s\n", report.SanitizeTerminal(n))
			}
		}
	}
	for _, s := range skipped {
		fmt.Fprintf(stderr, "pat2app: left unchanged: %s job %s (%s, %s): %s\n",
			report.SanitizeTerminal(shownPath(root, st.IsDir(), s.Path)), report.SanitizeTerminal(s.Job),
			report.SanitizeTerminal(s.Credential), s.Decision, report.SanitizeTerminal(s.Reason))
	}
	if changedFiles == 0 {
		fmt.Fprintln(stderr, "pat2app: nothing to rewrite")
	}
	if readErrors > 0 {
		return &ExitError{Code: ExitPartial}
	}
	return partialExit(g, ws.Inventory)
}

func verb(write bool) string {
	if write {
		return "rewrote"
	}
	return "would rewrite"
}

// shownPath is a file's path relative to the folder fix was given (so a
// diff applies with `git apply` or `patch -p1` from there), or as found.
func shownPath(root string, rootIsDir bool, path string) string {
	if rootIsDir {
		if rel, err := filepath.Rel(root, path); err == nil && !strings.HasPrefix(rel, "..") {
			return filepath.ToSlash(rel)
		}
	}
	return filepath.ToSlash(path)
}
