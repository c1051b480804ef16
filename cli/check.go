package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/pat2app/pat2app/check"
	"github.com/pat2app/pat2app/config"
	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/planner"
	"github.com/pat2app/pat2app/report"
	"github.com/pat2app/pat2app/scanner"
)

type checkOptions struct {
	baseline string
	baseRef  string
	sarif    string
	failOn   []string
	format   string
}

func newCheckCmd(g *globalOptions) *cobra.Command {
	o := &checkOptions{}
	cmd := &cobra.Command{
		Use:   "check [PATH]",
		Short: "CI mode: fail on PAT usage that the baseline or the base ref does not have",
		Long: "check scans the repository at PATH (default .) and exits 1 when a finding of a failing kind\n" +
			"(policy.fail in .pat2app.yaml, default pat and leaked_token) is neither in the baseline nor\n" +
			"allowed by an allowlist entry that has not expired. The baseline is --baseline FILE (default\n" +
			"PATH/" + check.DefaultBaselinePath + " when it exists) or, with --base-ref REF, the workflows at that\n" +
			"git ref (read from git objects, no checkout). Usages removed since the baseline are reported.\n" +
			"Inside GitHub Actions (GITHUB_ACTIONS=true) findings are annotations on the diff and a job\n" +
			"summary is written to $GITHUB_STEP_SUMMARY.",
		Example: "  pat2app check\n  pat2app check --base-ref origin/main\n  pat2app check --baseline .github/pat2app-baseline.json --sarif pat2app.sarif",
		Args:    cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runCheck(cmd.Context(), g, o, args)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.baseline, "baseline", "", "the baseline `FILE` that pat2app baseline wrote (default PATH/"+check.DefaultBaselinePath+" when present)")
	f.StringVar(&o.baseRef, "base-ref", "", "compare with the workflows at this git ref instead of a baseline file")
	f.StringVar(&o.sarif, "sarif", "", "also write the failing and warning findings as SARIF to FILE")
	f.StringSliceVar(&o.failOn, "fail-on", nil, "finding kinds that fail the check (default: policy.fail, else pat,leaked_token)")
	f.StringVar(&o.format, "format", "auto", "output: auto (github inside GitHub Actions, else text), text or github")
	return cmd
}

func runCheck(ctx context.Context, g *globalOptions, o *checkOptions, args []string) error {
	switch o.format {
	case "auto", "text", "github":
	default:
		return usageErrorf("unknown --format %q (want auto, text or github)", o.format)
	}
	if o.baseline != "" && o.baseRef != "" {
		return usageErrorf("give --baseline or --base-ref, not both")
	}
	root, isDir, err := checkRoot(args)
	if err != nil {
		return err
	}
	cfg, policy, err := loadPolicy(g, root, isDir, o.failOn)
	if err != nil {
		return err
	}
	sc := newLocalScan(g, cfg, configDir(root, isDir), nil)
	inv, err := sc.ScanPaths(ctx, []string{root})
	if err != nil {
		return usageErrorf("%w", err)
	}
	planOpts := sc.plannerOptions(ctx, g)

	var base *check.Baseline
	var source string
	if o.baseRef != "" {
		if base, err = baselineAtRef(ctx, g, sc.Scanner, planOpts, inv, root, isDir, o.baseRef, policy); err != nil {
			return err
		}
		source = "base ref " + o.baseRef
	} else {
		path := o.baseline
		if path == "" && isDir {
			if p := filepath.Join(root, filepath.FromSlash(check.DefaultBaselinePath)); fileExists(p) {
				path = p
			}
		}
		if path != "" {
			if base, err = readBaselineFile(path); err != nil {
				return err
			}
			source = "baseline " + path
		}
	}

	plan, scopes := planRecorded(ctx, g, planOpts, inv, policy)
	res := check.Compare(inv.Findings, base, policy, g.io.Now(), scopes)
	opts := check.RenderOptions{Source: source, PathPrefix: workspacePrefix(g, root, isDir), Plan: plan}

	github := o.format == "github" || (o.format == "auto" && g.io.Getenv("GITHUB_ACTIONS") == "true")
	if github {
		if err := check.WriteWorkflowCommands(g.io.Out, res, opts); err != nil {
			return err
		}
		if p := g.io.Getenv("GITHUB_STEP_SUMMARY"); p != "" {
			if err := writeFileFlags(p, os.O_WRONLY|os.O_APPEND|os.O_CREATE, func(w io.Writer) error { return check.WriteSummary(w, res, opts) }); err != nil {
				fmt.Fprintf(g.io.Err, "pat2app: job summary: %v\n", err)
			}
		}
	} else if err := check.WriteText(g.io.Out, res, opts); err != nil {
		return err
	}
	if o.sarif != "" {
		err := writeOutput(g, o.sarif, func(w io.Writer, _ bool) error {
			return report.WriteSARIF(w, inv, opts.Plan, report.SARIFOptions{Baseline: check.SARIFBaseline(res, opts)})
		})
		if err != nil {
			return fmt.Errorf("sarif: %w", err)
		}
	}
	if res.Failed() {
		if !inv.Complete {
			_ = partialExit(g, inv)
		}
		return &ExitError{Code: ExitViolation}
	}
	return partialExit(g, inv)
}

// checkRoot returns the folder (or file) check and baseline work on.
func checkRoot(args []string) (string, bool, error) {
	root := "."
	if len(args) == 1 {
		root = args[0]
	}
	st, err := os.Stat(root)
	if err != nil {
		return "", false, usageErrorf("scan %s: %w", root, err)
	}
	return root, st.IsDir(), nil
}

// configDir is the folder whose .pat2app.yaml is the run's configuration:
// root when it is a folder.
func configDir(root string, isDir bool) string {
	if isDir {
		return root
	}
	return ""
}

// loadPolicy reads the configuration (--config, or .pat2app.yaml in root)
// and its check policy.
func loadPolicy(g *globalOptions, root string, isDir bool, failOn []string) (*config.Config, check.Policy, error) {
	cfg, err := g.loadConfig(configDir(root, isDir))
	if err != nil {
		return nil, check.Policy{}, err
	}
	policy, err := check.PolicyFromConfig(cfg, failOn)
	if err != nil {
		return nil, check.Policy{}, usageErrorf("config: %w", err)
	}
	return cfg, policy, nil
}

func fileExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.Mode().IsRegular()
}

func readBaselineFile(path string) (*check.Baseline, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, usageErrorf("baseline: %w", err)
	}
	defer f.Close()
	b, err := check.ReadBaseline(f)
	if err != nil {
		return nil, usageErrorf("baseline %s: %w", path, err)
	}
	return b, nil
}

// baselineAtRef scans the workflows at ref and records them as a baseline.
//
// Fingerprints include the repository name, so the base side is scanned
// under the name the local scan gave the repository (the one name in the
// inventory; else the name the scanner gives the checkout). check.Compare also matches on file + job + credential when both
// sides hold one repository, so a naming difference cannot fail the check.
//
// Base findings in files that exist locally but that the local scan did not
// read are dropped, so that the two sides cover the same files.
func baselineAtRef(ctx context.Context, g *globalOptions, sc *scanner.Scanner, planOpts planner.Options, inv *inventory.Inventory, root string, isDir bool, ref string, policy check.Policy) (*check.Baseline, error) {
	if !isDir {
		return nil, usageErrorf("--base-ref needs PATH to be a repository folder")
	}
	top, err := check.TopLevel(ctx, root)
	if err != nil {
		return nil, usageErrorf("--base-ref: %w", err)
	}
	if !sameDir(top, root) {
		return nil, usageErrorf("--base-ref needs PATH to be the repository's top folder (%s), not %s", top, root)
	}
	name := singleRepoName(inv)
	if name == "" {
		name, _ = sc.RepoName(ctx, top)
	}
	rf, readErrs, err := check.ReadRef(ctx, top, ref, name, 0)
	if err != nil {
		if errors.Is(err, check.ErrBadRef) {
			return nil, usageErrorf("--base-ref: %w", err)
		}
		return nil, fmt.Errorf("--base-ref: %w", err)
	}
	found, scanErrs := sc.ScanRepo(ctx, rf)
	for _, e := range append(readErrs, scanErrs...) {
		fmt.Fprintf(g.io.Err, "pat2app: warning: at base ref %s: %s\n", report.SanitizeTerminal(ref), report.FormatInputError(e))
	}
	read := map[string]bool{}
	for _, r := range inv.Repos {
		for _, w := range r.Workflows {
			read[w] = true
		}
	}
	for _, f := range inv.Findings {
		read[f.File] = true
	}
	kept := found[:0]
	for _, f := range found {
		if len(inv.Repos) > 0 && !read[f.File] && fileExists(filepath.Join(root, filepath.FromSlash(f.File))) {
			continue
		}
		kept = append(kept, f)
	}
	_, scopes := planRecorded(ctx, g, planOpts, &inventory.Inventory{Complete: true, Findings: kept}, policy)
	b := check.NewBaseline(kept, policy.Recorded(), g.io.Now(), "", nil, scopes)
	for i := range b.Entries {
		b.Entries[i].Added = "" // present at the ref; no acceptance date
	}
	return b, nil
}

// singleRepoName is the repository name of an inventory that holds exactly
// one repository, else "".
func singleRepoName(inv *inventory.Inventory) string {
	names := map[string]bool{}
	for _, r := range inv.Repos {
		names[r.Name] = true
	}
	for _, f := range inv.Findings {
		names[f.Repo] = true
	}
	if len(names) != 1 {
		return ""
	}
	for n := range names {
		return n
	}
	return ""
}

func sameDir(a, b string) bool {
	ra, err1 := filepath.EvalSymlinks(a)
	rb, err2 := filepath.EvalSymlinks(b)
	if err1 != nil || err2 != nil {
		return filepath.Clean(a) == filepath.Clean(b)
	}
	aa, _ := filepath.Abs(ra)
	ab, _ := filepath.Abs(rb)
	return aa == ab
}

// workspacePrefix is root relative to $GITHUB_WORKSPACE, so annotations
// name files as the pull request's diff does.
func workspacePrefix(g *globalOptions, root string, isDir bool) string {
	ws := g.io.Getenv("GITHUB_WORKSPACE")
	if ws == "" || !isDir {
		return ""
	}
	wsAbs, err1 := filepath.Abs(ws)
	rootAbs, err2 := filepath.Abs(root)
	if err1 != nil || err2 != nil {
		return ""
	}
	if r, err := filepath.EvalSymlinks(wsAbs); err == nil {
		wsAbs = r
	}
	if r, err := filepath.EvalSymlinks(rootAbs); err == nil {
		rootAbs = r
	}
	rel, err := filepath.Rel(wsAbs, rootAbs)
	if err != nil || rel == "." || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return ""
	}
	return filepath.ToSlash(rel)
}

// planRecorded plans the findings of the kinds a baseline records: the
// planner gives each its scope (the permissions and other repositories a
// baseline entry accepts, and check compares) and its decision (the advice
// in messages). A planner error loses both, and says so: growth is then not
// checked.
func planRecorded(ctx context.Context, g *globalOptions, opts planner.Options, inv *inventory.Inventory, policy check.Policy) (*planner.Plan, check.Scopes) {
	recorded := map[inventory.Kind]bool{}
	for _, k := range policy.Recorded() {
		recorded[k] = true
	}
	sub := &inventory.Inventory{SchemaVersion: inv.SchemaVersion, Complete: inv.Complete, Repos: inv.Repos}
	for _, f := range inv.Findings {
		if recorded[f.Kind] {
			sub.Findings = append(sub.Findings, f)
		}
	}
	if len(sub.Findings) == 0 {
		return nil, check.Scopes{}
	}
	p, err := planner.Build(ctx, sub, opts)
	if err != nil {
		fmt.Fprintf(g.io.Err, "pat2app: warning: no plan, so no permissions to compare and no replacement advice: %v\n", err)
		return nil, nil
	}
	return p, check.PlanScopes(p)
}
