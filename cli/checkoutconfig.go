package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/pat2app/pat2app/checkout"
	"github.com/pat2app/pat2app/config"
	"github.com/pat2app/pat2app/planner"
	"github.com/pat2app/pat2app/report"
	"github.com/pat2app/pat2app/scanner"
)

// localScan is the scanner of a local scan and the configurations it
// applies: the run's (--config, or .pat2app.yaml in the first folder given)
// and, without --config, each checkout's own .pat2app.yaml laid over it
// (config.ForCheckout) for that repository's name, kinds and plan.
type localScan struct {
	*scanner.Scanner
	run *config.Config
	// own reads checkouts' files; nil with --config.
	own *checkoutConfigs
}

// newLocalScan returns the scanner of a local scan with the run's
// configuration cfg, read from .pat2app.yaml in cfgDir unless --config
// was given.
func newLocalScan(g *globalOptions, cfg *config.Config, cfgDir string, actions scanner.ActionSource) *localScan {
	ls := &localScan{run: cfg}
	opts := scanner.Options{Config: cfg, Actions: actions}
	if g.configPath == "" {
		if cfgDir == "" {
			cfgDir = "."
		}
		ls.own = &checkoutConfigs{run: cfg, runFile: filepath.Join(cfgDir, config.FileName), byRoot: map[string]*config.Config{}}
		opts.CheckoutConfig = ls.own.load
	}
	ls.Scanner = scanner.New(opts)
	return ls
}

// plannerOptions are the planner's configurations: the run's, and by
// repository name each checkout's own. It says on stderr which checkouts'
// settings only the run's configuration may set.
func (ls *localScan) plannerOptions(ctx context.Context, g *globalOptions) planner.Options {
	opts := planner.Options{Config: ls.run}
	if ls.own == nil {
		return opts
	}
	ls.own.mu.Lock()
	defer ls.own.mu.Unlock()
	for _, n := range ls.own.notes {
		fmt.Fprintf(g.io.Err, "pat2app: warning: %s\n", report.SanitizeTerminal(n))
	}
	ls.own.notes = nil
	for root, cfg := range ls.own.byRoot {
		if opts.RepoConfig == nil {
			opts.RepoConfig = map[string]*config.Config{}
		}
		// The name the scanner gave the checkout.
		name, _ := checkout.Name(ctx, root, cfg.Owner)
		opts.RepoConfig[name] = cfg
	}
	return opts
}

// checkoutConfigs reads the checkouts' own .pat2app.yaml files for the
// scanner's workers.
type checkoutConfigs struct {
	run *config.Config
	// runFile is where the run's configuration was looked for.
	runFile string
	mu      sync.Mutex
	byRoot  map[string]*config.Config
	// notes say which settings of a checkout's file were not applied.
	notes []string
}

// load returns the configuration of the checkout at root: nil when it has
// no .pat2app.yaml of its own (or that file is the run's), else the run's
// configuration with it laid over.
func (c *checkoutConfigs) load(root string) (*config.Config, error) {
	p := filepath.Join(root, config.FileName)
	st, err := os.Stat(p)
	if err != nil || !st.Mode().IsRegular() || c.isRunFile(p) {
		return nil, nil
	}
	own, err := config.Load(p, false)
	if err != nil {
		return nil, err
	}
	merged, ignored, err := c.run.ForCheckout(own)
	if err != nil {
		return nil, fmt.Errorf("config %s: %w", p, err)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.byRoot[root] = merged
	if len(ignored) > 0 {
		c.notes = append(c.notes, fmt.Sprintf("%s: %s not applied: these settings hold for the whole run (set them in the scanned folder's %s, or pass --config)",
			p, strings.Join(ignored, ", "), config.FileName))
		sort.Strings(c.notes)
	}
	return merged, nil
}

// isRunFile reports whether p is the file the run's configuration was read
// from: .pat2app.yaml of the folder given, when that folder is a checkout.
func (c *checkoutConfigs) isRunFile(p string) bool {
	return sameFile(p, c.runFile)
}

func sameFile(a, b string) bool {
	sa, err1 := os.Stat(a)
	sb, err2 := os.Stat(b)
	return err1 == nil && err2 == nil && os.SameFile(sa, sb)
}
