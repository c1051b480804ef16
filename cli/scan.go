package cli

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/pat2app/pat2app/check"
	"github.com/pat2app/pat2app/config"
	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/redact"
	"github.com/pat2app/pat2app/report"
	ghsource "github.com/pat2app/pat2app/source/github"
)

// sourceOptions say what to scan: local paths, or an organisation or
// repositories through the API. scan and plan share them.
type sourceOptions struct {
	orgs  []string
	repos []string
	api   apiOptions
	// online lets a local scan fetch actions' repositories (actions.go).
	online bool
	// checkouts is, by repository name, the configuration of each
	// checkout of the last local scan that has its own .pat2app.yaml
	// (planner.Options.RepoConfig).
	checkouts map[string]*config.Config
}

func (s *sourceOptions) addFlags(cmd *cobra.Command) {
	f := cmd.Flags()
	f.StringArrayVar(&s.orgs, "org", nil, "scan every repository of this organisation through the API (repeatable)")
	f.StringArrayVar(&s.repos, "repo", nil, "scan this repository OWNER/NAME through the API (repeatable)")
	f.BoolVar(&s.online, "online", false, "let a local scan fetch, with your token, the actions and reusable workflows of other repositories the knowledge base does not know (read at the pinned ref)")
	s.api.addFlags(cmd)
}

func (s *sourceOptions) apiMode() bool { return len(s.orgs) > 0 || len(s.repos) > 0 }

// collect runs the scanner over the chosen source. A local scan keeps in
// checkouts the configuration of each checkout with its own .pat2app.yaml.
func (s *sourceOptions) collect(ctx context.Context, g *globalOptions, paths []string) (*inventory.Inventory, error) {
	if s.apiMode() {
		if len(paths) > 0 {
			return nil, usageErrorf("give PATHs or --org/--repo, not both")
		}
		res, err := s.runAPI(ctx, g)
		if err != nil {
			return nil, err
		}
		defer res.Close()
		inv, err := res.Collect()
		if err != nil {
			return nil, fmt.Errorf("scan through the API: %w", err)
		}
		return inv, nil
	}
	if len(paths) == 0 {
		paths = []string{"."}
	}
	cfgDir := ""
	if st, err := os.Stat(paths[0]); err == nil && st.IsDir() {
		cfgDir = paths[0]
	}
	cfg, err := g.loadConfig(cfgDir)
	if err != nil {
		return nil, err
	}
	actions, err := s.localActions(ctx, g)
	if err != nil {
		return nil, err
	}
	sc := newLocalScan(g, cfg, cfgDir, actions)
	inv, err := sc.ScanPaths(ctx, paths)
	if err != nil {
		return nil, usageErrorf("%w", err)
	}
	s.checkouts = sc.plannerOptions(ctx, g).RepoConfig
	return inv, nil
}

// runAPI scans through the API with the configuration given by --config
// (or none); the result's findings are still on disk.
func (s *sourceOptions) runAPI(ctx context.Context, g *globalOptions) (*ghsource.Result, error) {
	cfg, err := g.loadConfig("")
	if err != nil {
		return nil, err
	}
	return scanAPI(ctx, g, s, cfg)
}

type scanOptions struct {
	source sourceOptions
	format string
	output string
	wide   bool
	kinds  []string
}

func newScanCmd(g *globalOptions) *cobra.Command {
	o := &scanOptions{}
	cmd := &cobra.Command{
		Use:   "scan [PATH...]",
		Short: "Find every credential in workflows and what each job does with it",
		Long: "scan reads workflow files, repository checkouts or a folder of checkouts (or, with --org/--repo,\n" +
			"repositories through the GitHub API) and lists each credential every job references: its kind,\n" +
			"the API operations it performs with file:line evidence, and what could not be resolved.",
		Example: "  pat2app scan testdata/demo-org\n  pat2app scan --format json -o inventory.json .\n  pat2app scan --org acme --format json",
		RunE: func(cmd *cobra.Command, args []string) error {
			return runScan(cmd.Context(), g, o, args)
		},
	}
	o.source.addFlags(cmd)
	cmd.Flags().StringVar(&o.format, "format", "table", "output format: table, json or sarif")
	cmd.Flags().StringVarP(&o.output, "output", "o", "", "write to `FILE` instead of standard output")
	cmd.Flags().BoolVar(&o.wide, "wide", false, "table: show the job and credential columns whole (the location always is)")
	cmd.Flags().StringSliceVar(&o.kinds, "kind", nil, "table: list only findings of these `KINDS`, comma-separated ("+check.KindList()+")")
	return cmd
}

func runScan(ctx context.Context, g *globalOptions, o *scanOptions, paths []string) error {
	kinds, err := check.ParseKinds(o.kinds)
	if err != nil {
		return usageErrorf("--kind: %w", err)
	}
	if len(kinds) > 0 && o.format != "table" {
		return usageErrorf("--kind selects the table's rows; JSON and SARIF hold every finding (the plan needs them all)")
	}
	switch o.format {
	case "table", "json", "sarif":
	default:
		return usageErrorf("unknown --format %q (want table, json or sarif)", o.format)
	}
	if o.format == "json" && o.source.apiMode() && len(paths) == 0 {
		// An organisation's findings go from disk to the output one
		// repository at a time.
		res, err := o.source.runAPI(ctx, g)
		if err != nil {
			return err
		}
		defer res.Close()
		err = writeOutput(g, o.output, func(w io.Writer, _ bool) error {
			return report.WriteInventoryJSONFrom(w, res.Inventory, res.Findings, res.Repos)
		})
		if err != nil {
			return err
		}
		return partialExit(g, res.Inventory)
	}
	inv, err := o.source.collect(ctx, g, paths)
	if err != nil {
		return err
	}
	err = writeOutput(g, o.output, func(w io.Writer, tty bool) error {
		switch o.format {
		case "json":
			return report.WriteInventoryJSON(w, inv)
		case "sarif":
			return report.WriteInventorySARIF(w, inv, nil)
		default:
			return report.WriteTable(w, onlyKinds(inv, kinds), report.TableOptions{Color: tty, Wide: o.wide})
		}
	})
	if err != nil {
		return err
	}
	return partialExit(g, inv)
}

// onlyKinds is the inventory with only the findings of kinds (all of them
// when kinds is empty).
func onlyKinds(inv *inventory.Inventory, kinds []inventory.Kind) *inventory.Inventory {
	if len(kinds) == 0 {
		return inv
	}
	want := map[inventory.Kind]bool{}
	for _, k := range kinds {
		want[k] = true
	}
	out := *inv
	out.Findings = nil
	for _, f := range inv.Findings {
		if want[f.Kind] {
			out.Findings = append(out.Findings, f)
		}
	}
	return &out
}

// writeOutput writes to FILE or standard output.
func writeOutput(g *globalOptions, path string, write func(w io.Writer, tty bool) error) error {
	if path == "" || path == "-" {
		return write(g.io.Out, g.io.IsTerminal != nil && g.io.IsTerminal(g.io.Out))
	}
	return writeFileFlags(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, func(w io.Writer) error { return write(w, false) })
}

// writeFileFlags opens path with flag (create, truncate or append), writes
// text through redact and closes it, naming the file in any error.
func writeFileFlags(path string, flag int, write func(w io.Writer) error) error {
	return writeBinaryFile(path, flag, func(f io.Writer) error {
		w := redact.NewWriter(f)
		if err := write(w); err != nil {
			return err
		}
		return w.Flush()
	})
}

// writeBinaryFile is writeFileFlags for a file that is not text (the
// workbook, a zip archive that redacts each cell as it writes it).
func writeBinaryFile(path string, flag int, write func(w io.Writer) error) error {
	f, err := os.OpenFile(path, flag, 0o644)
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := write(f); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// partialExit returns exit 3 when some inputs could not be read, after
// saying so on stderr.
func partialExit(g *globalOptions, inv *inventory.Inventory) error {
	if inv.Complete {
		return nil
	}
	fmt.Fprintf(g.io.Err, "pat2app: results are partial: %d input(s) could not be read:\n", len(inv.Errors))
	for _, e := range inv.Errors {
		fmt.Fprintf(g.io.Err, "  %s\n", report.FormatInputError(e))
	}
	return &ExitError{Code: ExitPartial}
}
