package cli

import (
	"context"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/pat2app/pat2app/apptoken"
	"github.com/pat2app/pat2app/config"
	"github.com/pat2app/pat2app/planner"
	ghsource "github.com/pat2app/pat2app/source/github"
	"github.com/pat2app/pat2app/verify"
)

type verifyOptions struct {
	appFlags
	planPath string
	format   string
	output   string
	// ghToken runs `gh auth token` (tests replace it).
	ghToken func(ctx context.Context, host string) (string, error)
}

func newVerifyCmd(g *globalOptions) *cobra.Command {
	o := &verifyOptions{}
	cmd := &cobra.Command{
		Use:   "verify --plan plan.json",
		Short: "Check before migrating that every planned GitHub App will work",
		Long: "verify checks each planned App it has credentials for (the apps: section of the configuration, or one App\n" +
			"with --app NAME --client-id ID --private-key KEY): GitHub accepts its keys; its settings and its installation's\n" +
			"accepted permissions cover the plan; the installation reaches every repository of the App's jobs; the variables\n" +
			"and secrets the token step reads exist at repository or organisation level and are visible to those\n" +
			"repositories (read with GH_TOKEN, GITHUB_TOKEN or `gh auth token`); and the App's settings match the manifest\n" +
			"plan wrote. It exits 1 when anything would fail, 3 when nothing failed but something could not be checked.",
		Example: "  pat2app verify --plan out/plan.json\n" +
			"  pat2app verify --plan out/plan.json --app release-bot --client-id Iv23liExample --private-key release-bot.pem\n" +
			"  pat2app verify --plan out/plan.json --format markdown -o verify.md",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runVerify(cmd.Context(), g, o)
		},
	}
	o.appFlags.add(cmd)
	f := cmd.Flags()
	f.StringVar(&o.planPath, "plan", "", "the plan.json `FILE` that plan wrote (required)")
	f.StringVar(&o.format, "format", "text", "text, markdown (for the design review) or json")
	f.StringVarP(&o.output, "output", "o", "", "write to FILE instead of standard output")
	return cmd
}

func runVerify(ctx context.Context, g *globalOptions, o *verifyOptions) error {
	switch o.format {
	case "text", "markdown", "json":
	default:
		return usageErrorf("unknown --format %q (want text, markdown or json)", o.format)
	}
	if o.planPath == "" {
		return usageErrorf("give --plan plan.json")
	}
	plan, err := readPlanFile(o.planPath)
	if err != nil {
		return err
	}
	cfg, err := g.loadConfig("")
	if err != nil {
		return err
	}
	opts := verify.Options{Minter: o.minter(g, func(string, ...any) {}, nil), Apps: map[string]apptoken.App{}, Installations: map[string]int64{}}
	if err := o.collectApps(g, cfg, plan.Apps, &opts); err != nil {
		return err
	}
	opts.TokenClient = func(ctx context.Context, token string) (*ghsource.Client, error) {
		return ghsource.New(ctx, ghsource.Options{APIURL: g.apiURL, Token: token, HTTPTransport: o.httpTransport, Clock: o.clock})
	}
	if tok := o.readerToken(ctx, g); tok != "" {
		opts.Reader, err = ghsource.New(ctx, ghsource.Options{APIURL: g.apiURL, Token: tok, HTTPTransport: o.httpTransport, Clock: o.clock, Log: g.io.Err})
		if err != nil {
			return usageErrorf("%w", err)
		}
	} else {
		opts.ReaderNote = "no token to read Actions variables and secrets: set GH_TOKEN (a token that can read the repositories' and the organisation's Actions secrets and variables) or log in with gh"
	}
	rep := verify.Run(ctx, plan, opts)
	err = writeOutput(g, o.output, func(w io.Writer, _ bool) error {
		switch o.format {
		case "markdown":
			return verify.WriteMarkdown(w, rep)
		case "json":
			return verify.WriteJSON(w, rep)
		}
		return verify.WriteText(w, rep)
	})
	if err != nil {
		return err
	}
	switch rep.Status {
	case verify.StatusFail:
		return &ExitError{Code: ExitViolation}
	case verify.StatusUnknown:
		return &ExitError{Code: ExitPartial}
	}
	return nil
}

// collectApps gathers the credentials of the Apps to check: the one App of
// --app with the flags, else every planned App of the configuration.
func (o *verifyOptions) collectApps(g *globalOptions, cfg *config.Config, planned []planner.App, opts *verify.Options) error {
	inPlan := map[string]bool{}
	for _, a := range planned {
		inPlan[a.Name] = true
	}
	var names []string
	if o.app != "" {
		if !inPlan[o.app] {
			return usageErrorf("--app %s: the plan has no such App", o.app)
		}
		names = []string{o.app}
	} else {
		if o.clientID != "" || g.appID != 0 || len(o.privateKeys) > 0 || g.appPrivateKey != "" {
			return usageErrorf("--client-id, --app-id and --private-key check one App: name it with --app NAME")
		}
		for _, n := range cfg.AppNames() {
			if !inPlan[n] {
				fmt.Fprintf(g.io.Err, "pat2app: the configuration's App %s is not in the plan; not checked\n", n)
				continue
			}
			names = append(names, n)
		}
	}
	for _, n := range names {
		flags := o.appFlags
		if o.app == "" {
			flags = appFlags{}
		}
		app, inst, err := flags.credentials(g, cfg, n)
		if err != nil {
			return err
		}
		opts.Apps[n] = app
		if g.installationID != 0 && o.app != "" {
			inst = g.installationID
		}
		opts.Installations[n] = inst
	}
	return nil
}

// readerToken is the token that reads Actions variables and secrets, as
// a token scan finds it (GH_TOKEN, GITHUB_TOKEN, else `gh auth token`);
// "" when there is none. The App flags name the App verified, not the
// reader.
func (o *verifyOptions) readerToken(ctx context.Context, g *globalOptions) string {
	gt := *g
	gt.appID, gt.appPrivateKey = 0, ""
	var opts ghsource.Options
	if err := (&apiOptions{ghToken: o.ghToken}).credentials(ctx, &gt, &opts); err != nil {
		return ""
	}
	return opts.Token
}
