package cli

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/pat2app/pat2app/check"
	"github.com/pat2app/pat2app/redact"
)

type baselineOptions struct {
	output string
	reason string
	failOn []string
}

func newBaselineCmd(g *globalOptions) *cobra.Command {
	o := &baselineOptions{}
	cmd := &cobra.Command{
		Use:   "baseline [PATH]",
		Short: "Record today's PAT usages as accepted, for `pat2app check`",
		Long: "baseline scans the repository at PATH (default .) and writes every finding of a failing or\n" +
			"warning kind (policy in .pat2app.yaml; default pat, leaked_token and unknown) to a baseline file,\n" +
			"keyed by fingerprint (repository, file, job and credential; never line numbers), with the\n" +
			"permissions the plan gives each job and the other repositories it reaches (check fails when an\n" +
			"accepted usage needs more). Entries already in the file keep their date and reason; usages that\n" +
			"are gone are dropped.",
		Example: "  pat2app baseline -o .github/pat2app-baseline.json --reason \"migration tracked in PLAT-123\"",
		Args:    cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runBaseline(cmd.Context(), g, o, args)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&o.output, "output", "o", "", "baseline file to write (default PATH/"+check.DefaultBaselinePath+"; - for standard output)")
	f.StringVar(&o.reason, "reason", "", "why these usages are accepted (recorded on new entries)")
	f.StringSliceVar(&o.failOn, "fail-on", nil, "finding kinds that fail the check, as given to check (default: policy.fail)")
	return cmd
}

func runBaseline(ctx context.Context, g *globalOptions, o *baselineOptions, args []string) error {
	root, isDir, err := checkRoot(args)
	if err != nil {
		return err
	}
	cfg, policy, err := loadPolicy(g, root, isDir, o.failOn)
	if err != nil {
		return err
	}
	out := o.output
	if out == "" {
		if !isDir {
			out = "-"
		} else {
			out = filepath.Join(root, filepath.FromSlash(check.DefaultBaselinePath))
		}
	}
	sc := newLocalScan(g, cfg, configDir(root, isDir), nil)
	inv, err := sc.ScanPaths(ctx, []string{root})
	if err != nil {
		return usageErrorf("%w", err)
	}
	var prev *check.Baseline
	if out != "-" && fileExists(out) {
		if prev, err = readBaselineFile(out); err != nil {
			fmt.Fprintf(g.io.Err, "pat2app: warning: %v; writing a new one\n", err)
			prev = nil
		}
	}
	_, scopes := planRecorded(ctx, g, sc.plannerOptions(ctx, g), inv, policy)
	b := check.NewBaseline(inv.Findings, policy.Recorded(), g.io.Now(), o.reason, prev, scopes)
	var buf bytes.Buffer
	red := redact.NewWriter(&buf)
	if err := check.WriteBaseline(red, b); err != nil {
		return err
	}
	if err := red.Flush(); err != nil {
		return err
	}
	if out == "-" {
		if _, err := g.io.Out.Write(buf.Bytes()); err != nil {
			return fmt.Errorf("write baseline: %w", err)
		}
	} else {
		if err := writeFileAtomic(out, buf.Bytes()); err != nil {
			return err
		}
		fmt.Fprintf(g.io.Err, "pat2app: wrote %d accepted usage(s) to %s\n", len(b.Entries), out)
	}
	return partialExit(g, inv)
}

// writeFileAtomic writes data to path through a temporary file in the same
// folder, creating the folder when needed.
func writeFileAtomic(path string, data []byte) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	tmp, err := os.CreateTemp(dir, ".pat2app-*.tmp")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
