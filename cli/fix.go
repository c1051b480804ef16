package cli

import (
	"context"
	"encoding/json"
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
	diff   bool
	write  bool
	force  bool
	jobs   []string
	format string
}

func newFixCmd(g *globalOptions) *cobra.Command {
	o := &fixOptions{}
	cmd := &cobra.Command{
		Use:   "fix [PATH...]",
		Short: "Rewrite workflows so each job uses GITHUB_TOKEN with permissions: or a GitHub App token step",
		Long: "fix scans and plans like `plan`, then rewrites each job the plan moves off a personal access token:\n" +
			"to ${{ github.token }} with the job's permissions: block, or to a step that creates a GitHub App token\n" +
			"(actions/create-github-app-token), right before the steps that use it, and its output. Only the edited\n" +
			"bytes change; comments and layout stay. In a workflow that runs for pull requests from forks, which get\n" +
			"no secrets, the token step and its users run only for pull requests of the repository itself. Jobs that\n" +
			"need review, reusable-workflow calls, composite actions and files that say a tool generates them are\n" +
			"left as they are and listed with the reason. By default it prints a unified diff; --write changes the\n" +
			"files in place.",
		Example: "  pat2app fix .\n  pat2app fix --write path/to/checkout other/checkout\n" +
			"  pat2app fix --job acme/web:.github/workflows/release.yml:publish --format json .",
		RunE: func(cmd *cobra.Command, args []string) error {
			return runFix(cmd.Context(), g, o, args)
		},
	}
	f := cmd.Flags()
	f.BoolVar(&o.diff, "diff", false, "print a unified diff of the rewrite (the default)")
	f.BoolVar(&o.write, "write", false, "write the rewritten files in place")
	f.BoolVar(&o.force, "force", false, "rewrite files that say they are generated too")
	f.StringArrayVar(&o.jobs, "job", nil, "rewrite only this planned `JOB`: its fingerprint or REPO:FILE:JOB (repeatable)")
	f.StringVar(&o.format, "format", "text", "output format: text (a diff on standard output, what was done on standard error) or json (both on standard output)")
	return cmd
}

func runFix(ctx context.Context, g *globalOptions, o *fixOptions, paths []string) error {
	if o.diff && o.write {
		return usageErrorf("give --diff or --write, not both")
	}
	if o.format != "text" && o.format != "json" {
		return usageErrorf("unknown --format %q (want text or json)", o.format)
	}
	if len(paths) == 0 {
		paths = []string{"."}
	}
	var firstIsDir bool
	for i, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return usageErrorf("fix: %w", err)
		}
		if i == 0 {
			firstIsDir = st.IsDir()
		}
	}
	cfgDir := ""
	if firstIsDir {
		cfgDir = paths[0]
	}
	cfg, err := g.loadConfig(cfgDir)
	if err != nil {
		return err
	}
	sc := newLocalScan(g, cfg, cfgDir, nil)
	ws, err := fix.Scan(ctx, sc.Scanner, paths...)
	if err != nil {
		return usageErrorf("%w", err)
	}
	plan, err := planner.Build(ctx, ws.Inventory, sc.plannerOptions(ctx, g))
	if err != nil {
		return err
	}
	if len(o.jobs) > 0 {
		if plan, err = selectJobs(plan, o.jobs); err != nil {
			return err
		}
	}
	rep, applyErr := ws.Apply(plan, fix.Options{Write: o.write, Force: o.force})
	shown := func(p string) string {
		if len(paths) == 1 && firstIsDir {
			if rel, err := filepath.Rel(paths[0], p); err == nil && !strings.HasPrefix(rel, "..") {
				return filepath.ToSlash(rel)
			}
		}
		return filepath.ToSlash(p)
	}
	if o.format == "json" {
		if err := writeFixJSON(g, rep, shown); err != nil {
			return err
		}
	} else {
		writeFixText(g, rep, shown, o.write)
	}
	if applyErr != nil {
		return applyErr
	}
	if len(rep.Unread) > 0 {
		return &ExitError{Code: ExitPartial}
	}
	return partialExit(g, ws.Inventory)
}

// selectJobs keeps the plan's jobs that refs name; a ref that names no
// job is a usage error.
func selectJobs(p *planner.Plan, refs []string) (*planner.Plan, error) {
	out := *p
	out.Jobs = nil
	used := make([]bool, len(refs))
	for _, j := range p.Jobs {
		keep := false
		for i, r := range refs {
			if j.Matches(r) {
				used[i], keep = true, true
			}
		}
		if keep {
			out.Jobs = append(out.Jobs, j)
		}
	}
	var missing []string
	for i, r := range refs {
		if !used[i] {
			missing = append(missing, fmt.Sprintf("%q", r))
		}
	}
	if len(missing) > 0 {
		return nil, usageErrorf("--job %s: no such job in the plan; give a fingerprint or REPO:FILE:JOB (owner/name:.github/workflows/x.yml:job), as `plan --format json` lists them", strings.Join(missing, ", "))
	}
	return &out, nil
}

// writeFixText prints the diff (unless the files were written) on
// standard output and what was done and left on standard error.
func writeFixText(g *globalOptions, rep *fix.Report, shown func(string) string, write bool) {
	stderr := g.io.Err
	for _, u := range rep.Unread {
		fmt.Fprintf(stderr, "pat2app: %s: cannot read: %v\n", report.SanitizeTerminal(u.Path), u.Err)
	}
	for _, fc := range rep.Changed {
		name := shown(fc.Path)
		if !write {
			oldName, newName := "a/"+name, "b/"+name
			if filepath.IsAbs(name) {
				oldName, newName = name, name
			}
			fmt.Fprint(g.io.Out, report.SanitizeBlock(fc.Result.Diff(oldName, newName)))
		}
		for _, c := range fc.Result.Applied {
			fmt.Fprintf(stderr, "pat2app: %s %s job %s:", verb(write), report.SanitizeTerminal(name), report.SanitizeTerminal(c.Job))
			for _, r := range c.Replaced {
				fmt.Fprintf(stderr, " %s;", report.SanitizeTerminal(r))
			}
			if c.Permissions != "" {
				fmt.Fprintf(stderr, " permissions: %s;", c.Permissions)
			}
			for _, ts := range c.TokenSteps {
				fmt.Fprintf(stderr, " App token step %s before line %d;", ts.ID, ts.Before)
			}
			fmt.Fprintln(stderr)
			for _, n := range c.Notes {
				fmt.Fprintf(stderr, "  note: %s\n", report.SanitizeTerminal(n))
			}
		}
	}
	generated := map[string]bool{}
	for _, gf := range rep.Generated {
		if gf.Forced {
			continue
		}
		generated[gf.Path] = true
		fmt.Fprintf(stderr, "pat2app: left unchanged: %s: %s; fix --force rewrites it anyway\n", report.SanitizeTerminal(shown(gf.Path)), report.SanitizeTerminal(gf.Reason()))
	}
	for _, s := range rep.Left {
		reason := s.Reason
		if generated[s.Path] && strings.HasPrefix(reason, "the file") && strings.Contains(reason, "generated") {
			reason = "the file is generated (above)"
		}
		fmt.Fprintf(stderr, "pat2app: left unchanged: %s job %s (%s, %s): %s\n",
			report.SanitizeTerminal(shown(s.Path)), report.SanitizeTerminal(s.Job),
			report.SanitizeTerminal(s.Credential), s.Decision, report.SanitizeTerminal(reason))
	}
	if len(rep.Changed) == 0 {
		fmt.Fprintln(stderr, "pat2app: nothing to rewrite")
	}
}

// fixJSON is `fix --format json`: what fix changed (or would change) and
// what it left, and why.
type fixJSON struct {
	Changed   []fixFileJSON      `json:"changed"`
	Left      []fixLeftJSON      `json:"left"`
	Generated []fixGeneratedJSON `json:"generated"`
	Unread    []fixUnreadJSON    `json:"unread"`
}

type fixFileJSON struct {
	Path    string       `json:"path"`
	Written bool         `json:"written"`
	Jobs    []fix.Change `json:"jobs"`
	Diff    string       `json:"diff"`
}

type fixLeftJSON struct {
	Path string `json:"path"`
	fix.Skip
}

type fixGeneratedJSON struct {
	Path string `json:"path"`
	fix.Generated
	Forced bool `json:"forced"`
}

type fixUnreadJSON struct {
	Path  string `json:"path"`
	Error string `json:"error"`
}

func writeFixJSON(g *globalOptions, rep *fix.Report, shown func(string) string) error {
	out := fixJSON{Changed: []fixFileJSON{}, Left: []fixLeftJSON{}, Generated: []fixGeneratedJSON{}, Unread: []fixUnreadJSON{}}
	for _, fc := range rep.Changed {
		name := shown(fc.Path)
		out.Changed = append(out.Changed, fixFileJSON{Path: name, Written: fc.Written, Jobs: fc.Result.Applied, Diff: fc.Result.Diff("a/"+name, "b/"+name)})
	}
	for _, s := range rep.Left {
		out.Left = append(out.Left, fixLeftJSON{Path: shown(s.Path), Skip: s.Skip})
	}
	for _, gf := range rep.Generated {
		out.Generated = append(out.Generated, fixGeneratedJSON{Path: shown(gf.Path), Generated: gf.Generated, Forced: gf.Forced})
	}
	for _, u := range rep.Unread {
		out.Unread = append(out.Unread, fixUnreadJSON{Path: shown(u.Path), Error: u.Err.Error()})
	}
	enc := json.NewEncoder(g.io.Out)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

func verb(write bool) string {
	if write {
		return "rewrote"
	}
	return "would rewrite"
}
