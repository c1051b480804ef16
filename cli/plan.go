package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/pat2app/pat2app/config"
	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/planner"
	"github.com/pat2app/pat2app/report"
)

type planOptions struct {
	source    sourceOptions
	inventory string
	out       string
	format    string
	// annotations is a workbook the team edited (Owner, Business
	// critical, Status, Notes), carried into the new plan.
	annotations string
	// harden puts GITHUB_TOKEN and App-token narrowing in the rollout.
	harden bool
}

func newPlanCmd(g *globalOptions) *cobra.Command {
	o := &planOptions{}
	cmd := &cobra.Command{
		Use:   "plan [PATH...]",
		Short: "Plan the smallest GitHub App permissions (or GITHUB_TOKEN) for every job",
		Long: "plan scans like `scan` (or reads --inventory FILE) and, for every job that uses a credential, works out\n" +
			"the smallest GitHub App permission set with the evidence for each permission, decides between GITHUB_TOKEN,\n" +
			"a GitHub App, manual review and not supported, groups jobs into Apps by trust level and writes a rollout.\n" +
			"The rollout migrates personal access tokens (and unknown and leaked credentials); narrowing GITHUB_TOKEN and\n" +
			"App tokens is listed apart, and is in the rollout only with --harden.\n" +
			"With --out DIR it writes plan.json, migration-plan.md, permissions.xlsx and apps/<app>.manifest.json.",
		Example: "  pat2app plan testdata/demo-org --out plan/\n  pat2app plan --format json .\n  pat2app scan --format json -o inv.json . && pat2app plan --inventory inv.json --out plan/",
		RunE: func(cmd *cobra.Command, args []string) error {
			return runPlan(cmd.Context(), g, o, args)
		},
	}
	o.source.addFlags(cmd)
	f := cmd.Flags()
	f.StringVar(&o.inventory, "inventory", "", "plan from the inventory JSON `FILE` that scan --format json wrote, instead of scanning")
	f.StringVar(&o.out, "out", "", "write plan.json, migration-plan.md, permissions.xlsx and apps/*.manifest.json into DIR")
	f.StringVar(&o.format, "format", "", "print the plan to standard output: json or markdown (default: markdown without --out)")
	f.StringVar(&o.annotations, "annotations", "", "carry Owner, Business critical, Status and Notes over from this edited permissions.xlsx (matched by fingerprint)")
	f.BoolVar(&o.harden, "harden", false, "put GITHUB_TOKEN hardening (permissions: blocks for jobs on the built-in token, narrower App tokens) in the rollout too; without it that part is listed at the end of the plan")
	return cmd
}

func runPlan(ctx context.Context, g *globalOptions, o *planOptions, paths []string) error {
	switch o.format {
	case "", "json", "markdown":
	default:
		return usageErrorf("unknown --format %q (want json or markdown)", o.format)
	}
	inv, cfg, err := o.load(ctx, g, paths)
	if err != nil {
		return err
	}
	var ann map[string]planner.Annotation
	if o.annotations != "" {
		if ann, err = readAnnotations(o.annotations); err != nil {
			return err
		}
	}
	plan, err := planner.Build(ctx, inv, planner.Options{Config: cfg, Annotations: ann, Harden: o.harden, RepoConfig: o.source.checkouts})
	if err != nil {
		return err
	}
	if o.annotations != "" {
		for _, a := range planner.UnmatchedAnnotations(plan, ann) {
			fmt.Fprintf(g.io.Err, "pat2app: %s row %d (fingerprint %s, owner %q, status %q): its finding no longer exists; not carried over\n",
				o.annotations, a.Row, a.Fingerprint, report.SanitizeTerminal(a.Owner), a.Status)
		}
	}
	if o.out != "" {
		if err := writePlanDir(o.out, g.apiURL, plan, inv, ann); err != nil {
			return err
		}
		sum := planner.Summarize(plan)
		fmt.Fprintf(g.io.Err, "pat2app: wrote the plan for %d credential uses to migrate (job × credential, in %d jobs), %d to harden, and %d Apps to %s\n",
			sum.Uses, sum.Jobs, sum.HardeningUses, sum.Apps, o.out)
		if sum.OfflineOnly > 0 {
			fmt.Fprintf(g.io.Err, "pat2app: %d of the %d uses in manual review wait only on actions or reusable workflows not read offline: --online, or a scan of the organisation, reads them\n",
				sum.OfflineOnly, sum.Decisions[planner.DecisionManualReview])
		}
	}
	format := o.format
	if format == "" && o.out == "" {
		format = "markdown"
	}
	switch format {
	case "json":
		if err := planner.WriteJSON(g.io.Out, plan); err != nil {
			return err
		}
	case "markdown":
		if err := report.WriteMarkdown(g.io.Out, plan); err != nil {
			return err
		}
	}
	return partialExit(g, inv)
}

// load reads --inventory or scans the sources, and the configuration the
// planner uses for in-house actions and overrides.
func (o *planOptions) load(ctx context.Context, g *globalOptions, paths []string) (*inventory.Inventory, *config.Config, error) {
	if o.inventory != "" {
		if len(paths) > 0 || o.source.apiMode() {
			return nil, nil, usageErrorf("give --inventory or sources to scan, not both")
		}
		f, err := os.Open(o.inventory)
		if err != nil {
			return nil, nil, usageErrorf("read inventory: %w", err)
		}
		defer f.Close()
		inv, err := report.ReadInventoryJSON(f)
		if err != nil {
			return nil, nil, usageErrorf("read inventory %s: %w", o.inventory, err)
		}
		cfg, err := g.loadConfig("")
		if err != nil {
			return nil, nil, err
		}
		return inv, cfg, nil
	}
	inv, err := o.source.collect(ctx, g, paths)
	if err != nil {
		return nil, nil, err
	}
	cfgDir := ""
	if len(paths) > 0 && !o.source.apiMode() {
		if st, err := os.Stat(paths[0]); err == nil && st.IsDir() {
			cfgDir = paths[0]
		}
	}
	cfg, err := g.loadConfig(cfgDir)
	if err != nil {
		return nil, nil, err
	}
	return inv, cfg, nil
}

// writePlanDir writes every plan output into dir. The workbook, the
// largest, is written on a second core while the text files are written:
// the writers only read the plan and the inventory.
func writePlanDir(dir, apiURL string, plan *planner.Plan, inv *inventory.Inventory, ann map[string]planner.Annotation) error {
	if err := os.MkdirAll(filepath.Join(dir, "apps"), 0o755); err != nil {
		return fmt.Errorf("create %s: %w", dir, err)
	}
	const flags = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	workbook := make(chan error, 1)
	go func() {
		workbook <- writeBinaryFile(filepath.Join(dir, "permissions.xlsx"), flags, func(w io.Writer) error {
			return report.WriteWorkbook(w, plan, inv, report.WorkbookOptions{BaseURL: webBaseURL(apiURL), Annotations: ann})
		})
	}()
	files := []struct {
		name  string
		write func(w io.Writer) error
	}{
		{"plan.json", func(w io.Writer) error { return planner.WriteJSON(w, plan) }},
		{"migration-plan.md", func(w io.Writer) error { return report.WriteMarkdown(w, plan) }},
	}
	for i := range plan.Apps {
		a := &plan.Apps[i]
		files = append(files, struct {
			name  string
			write func(w io.Writer) error
		}{filepath.Join("apps", a.Name+".manifest.json"), func(w io.Writer) error { return planner.WriteManifest(w, a) }})
	}
	var err error
	for _, f := range files {
		if err = writeFileFlags(filepath.Join(dir, f.name), flags, f.write); err != nil {
			break
		}
	}
	if werr := <-workbook; err == nil {
		err = werr
	}
	return err
}

// webBaseURL turns --api-url into the web address links point at:
// https://HOST/api/v3 -> https://HOST; empty or api.github.com -> "" (the
// workbook's default, https://github.com).
func webBaseURL(apiURL string) string {
	u := strings.TrimRight(strings.TrimSpace(apiURL), "/")
	if u == "" || strings.Contains(u, "api.github.com") {
		return ""
	}
	return strings.TrimSuffix(u, "/api/v3")
}

// readAnnotations reads the edits of a workbook written by an earlier plan.
func readAnnotations(path string) (map[string]planner.Annotation, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, usageErrorf("read annotations: %w", err)
	}
	defer f.Close()
	ann, err := report.ReadAnnotations(f)
	if err != nil {
		return nil, usageErrorf("read annotations %s: %w", path, err)
	}
	return ann, nil
}
